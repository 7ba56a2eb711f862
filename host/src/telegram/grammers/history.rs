//! Messages: filtered history pages, links, context, replies, pins and search.

use grammers_client::tl::{enums, functions};
use serde::{Deserialize, Serialize};

use super::convert::{message_raw, peer_id};
use super::media::filter_of;
use super::peers::Known;
use super::people::tl_limit;
use super::GrammersBackend;
use crate::telegram::peer;
use crate::telegram::records::{cursor, MessageContext, MessageFilter, Page, PageRequest};
use crate::telegram::{Backend, Message, TelegramError};

/// Where a global search resumes (Telegram's offsets of the last result).
#[derive(Serialize, Deserialize, Default, Clone, Copy)]
struct GlobalCursor {
    rate: i32,
    peer: i64,
    id: i32,
}

/// Unix seconds as Telegram's 32-bit dates (out of range: the nearest end).
fn tl_date(t: i64) -> i32 {
    t.clamp(0, i64::from(i32::MAX)) as i32
}

/// A message id cursor: messages older than it come next.
fn id_cursor(op: &str, page: &PageRequest) -> Result<i32, TelegramError> {
    Ok(cursor::decode_opt(op, page.cursor.as_deref())?.unwrap_or(0))
}

/// The page of `items` with a cursor after its last (oldest) message when
/// Telegram may have more (it returned a full page).
fn id_page(op: &str, items: Vec<Message>, got: usize, limit: i32) -> Page<Message> {
    let next = items.last().map(|m| m.id).filter(|_| got >= limit as usize);
    Page {
        items,
        next_cursor: next.map(|id| cursor::encode(op, &id)),
    }
}

impl GrammersBackend {
    /// Converts a `messages.Messages` answer, remembering its peers; returns
    /// the messages (newest first, as Telegram sends them), how many raw
    /// messages came, and the next rate of a global search.
    /// Runs a request that answers with messages about `chat` (under the
    /// link's timeout, "no such peer" as the chat not found) and converts them.
    pub(super) async fn fetch_in<R>(
        &self,
        chat: &str,
        req: &R,
    ) -> Result<(Vec<Message>, usize, Option<i32>), TelegramError>
    where
        R: grammers_client::tl::RemoteCall<Return = enums::messages::Messages>,
    {
        let client = self.link.client();
        let res = Self::or_not_found(chat, self.link.run(client.invoke(req)).await)?;
        self.messages_of(res).await
    }

    pub(super) async fn messages_of(
        &self,
        res: enums::messages::Messages,
    ) -> Result<(Vec<Message>, usize, Option<i32>), TelegramError> {
        use enums::messages::Messages as M;
        let (messages, users, chats, rate) = match res {
            M::Messages(m) => (m.messages, m.users, m.chats, None),
            M::Slice(m) => (m.messages, m.users, m.chats, m.next_rate),
            M::ChannelMessages(m) => (m.messages, m.users, m.chats, None),
            M::NotModified(_) => (Vec::new(), Vec::new(), Vec::new(), None),
        };
        let (names, _) = self.absorb(&users, &chats).await?;
        let me = self.my_id();
        let got = messages.len();
        let out = messages
            .iter()
            .filter_map(|m| message_raw(m, &names, me))
            .collect();
        Ok((out, got, rate))
    }

    /// The account's read mark in a chat: incoming messages above it are unread.
    pub(super) async fn read_mark(&self, k: &Known) -> Result<i32, TelegramError> {
        Ok(self
            .peer_dialogs(&[k])
            .await?
            .first()
            .map_or(0, |d| d.read_inbox_max_id))
    }

    /// The dialogs of these chats (their unread state), in their order.
    pub(super) async fn peer_dialogs(
        &self,
        chats: &[&Known],
    ) -> Result<Vec<grammers_client::tl::types::Dialog>, TelegramError> {
        let req = functions::messages::GetPeerDialogs {
            peers: chats
                .iter()
                .map(|k| {
                    grammers_client::tl::types::InputDialogPeer {
                        peer: (&k.peer).into(),
                    }
                    .into()
                })
                .collect(),
        };
        let client = self.link.client();
        let enums::messages::PeerDialogs::Dialogs(res) = self.link.run(client.invoke(&req)).await?;
        let mut out = Vec::new();
        for k in chats {
            let found = res.dialogs.iter().find_map(|d| match d {
                enums::Dialog::Dialog(d) if peer_id(&d.peer) == k.chat.id => Some(d.clone()),
                _ => None,
            });
            out.extend(found);
        }
        Ok(out)
    }

    /// A `messages.search` in one chat with `filter`, `offset_id` and `limit`.
    async fn search_in(
        &self,
        chat: &str,
        k: &Known,
        query: &str,
        filter: &MessageFilter,
        offset_id: i32,
        limit: i32,
    ) -> Result<(Vec<Message>, usize), TelegramError> {
        let from_id = match &filter.from {
            Some(f) => Some((&self.resolve(f).await?.peer).into()),
            None => None,
        };
        let min_id = if filter.unread_only {
            self.read_mark(k).await?
        } else {
            0
        };
        let req = functions::messages::Search {
            peer: (&k.peer).into(),
            q: query.trim().to_string(),
            from_id,
            saved_peer_id: None,
            saved_reaction: None,
            top_msg_id: filter.topic,
            filter: filter
                .media
                .map(filter_of)
                .unwrap_or(enums::MessagesFilter::InputMessagesFilterEmpty),
            min_date: filter.min_date.map_or(0, tl_date),
            max_date: filter.max_date.map_or(0, tl_date),
            offset_id,
            add_offset: 0,
            limit,
            max_id: 0,
            min_id,
            hash: 0,
        };
        let fetched = self.fetch_in(chat, &req).await;
        let (mut msgs, got, _) = match filter.topic {
            Some(t) => fetched.map_err(|e| topic_miss(e, chat, t))?,
            None => fetched?,
        };
        if filter.unread_only {
            msgs.retain(|m| !m.outgoing);
        }
        Ok((msgs, got))
    }

    pub(super) async fn history_page(
        &self,
        chat: &str,
        filter: &MessageFilter,
        page: &PageRequest,
    ) -> Result<Page<Message>, TelegramError> {
        let offset_id = id_cursor("history", page)?;
        let k = self.resolve(chat).await?;
        let limit = tl_limit(page.limit);
        // Sender, topic, media and a lower date bound need messages.search;
        // plain history (and an upper date bound) is getHistory.
        let searched = filter.from.is_some()
            || filter.topic.is_some()
            || filter.media.is_some()
            || filter.min_date.is_some();
        let (items, got) = if searched {
            self.search_in(chat, &k, "", filter, offset_id, limit)
                .await?
        } else {
            let min_id = if filter.unread_only {
                self.read_mark(&k).await?
            } else {
                0
            };
            let req = functions::messages::GetHistory {
                peer: (&k.peer).into(),
                offset_id,
                offset_date: filter.max_date.map_or(0, |d| tl_date(d.saturating_add(1))),
                add_offset: 0,
                limit,
                max_id: 0,
                min_id,
                hash: 0,
            };
            let (mut msgs, got, _) = self.fetch_in(chat, &req).await?;
            if filter.unread_only {
                msgs.retain(|m| !m.outgoing);
            }
            (msgs, got)
        };
        Ok(id_page("history", items, got, limit))
    }

    pub(super) async fn messages_by_link(
        &self,
        links: &[String],
    ) -> Result<Vec<Message>, TelegramError> {
        let mut out = Vec::new();
        for link in links {
            let Some(id) = peer::message_id(link) else {
                return Err(TelegramError::InvalidArgs(format!(
                    "\"{}\" is not a message link: use t.me/<name>/<id> or t.me/c/<chat>/<id>",
                    link.trim()
                )));
            };
            out.extend(self.get_messages(link, &[id]).await?);
        }
        Ok(out)
    }

    pub(super) async fn context(
        &self,
        chat: &str,
        id: i32,
        before: u32,
        after: u32,
    ) -> Result<MessageContext, TelegramError> {
        let k = self.resolve(chat).await?;
        let (before, after) = (before.min(100) as i32, after.min(100) as i32);
        // Telegram pages from the first message older than offset_id; a
        // negative add_offset moves the window `after + 1` messages newer, so
        // it holds the newer ones, the message itself, then the older ones.
        let req = functions::messages::GetHistory {
            peer: (&k.peer).into(),
            offset_id: id,
            offset_date: 0,
            add_offset: -(after + 1),
            limit: before + after + 1,
            max_id: 0,
            min_id: 0,
            hash: 0,
        };
        let (msgs, _, _) = self.fetch_in(chat, &req).await?;
        let mut newer: Vec<Message> = msgs.iter().filter(|m| m.id > id).cloned().collect();
        let mut older: Vec<Message> = msgs.iter().filter(|m| m.id < id).cloned().collect();
        // Newest first from Telegram: keep the nearest ones, then order oldest first.
        newer.reverse();
        newer.truncate(after as usize);
        older.truncate(before as usize);
        older.reverse();
        Ok(MessageContext {
            before: older,
            message: msgs.into_iter().find(|m| m.id == id),
            after: newer,
        })
    }

    pub(super) async fn replies(
        &self,
        chat: &str,
        id: i32,
        page: &PageRequest,
    ) -> Result<Page<Message>, TelegramError> {
        let offset_id = id_cursor("replies", page)?;
        let k = self.resolve(chat).await?;
        let limit = tl_limit(page.limit);
        let req = functions::messages::GetReplies {
            peer: (&k.peer).into(),
            msg_id: id,
            offset_id,
            offset_date: 0,
            add_offset: 0,
            limit,
            max_id: 0,
            min_id: 0,
            hash: 0,
        };
        let client = self.link.client();
        let res = match self.link.run(client.invoke(&req)).await {
            Err(TelegramError::Rpc { name, .. }) if name == "MSG_ID_INVALID" => {
                return Err(TelegramError::NotFound(format!(
                    "message {id} not found in chat \"{}\"",
                    chat.trim()
                )))
            }
            other => Self::or_not_found(chat, other)?,
        };
        let (items, got, _) = self.messages_of(res).await?;
        Ok(id_page("replies", items, got, limit))
    }

    pub(super) async fn pinned(
        &self,
        chat: &str,
        page: &PageRequest,
    ) -> Result<Page<Message>, TelegramError> {
        let offset_id = id_cursor("pinned", page)?;
        let k = self.resolve(chat).await?;
        let limit = tl_limit(page.limit);
        let req = functions::messages::Search {
            peer: (&k.peer).into(),
            q: String::new(),
            from_id: None,
            saved_peer_id: None,
            saved_reaction: None,
            top_msg_id: None,
            filter: enums::MessagesFilter::InputMessagesFilterPinned,
            min_date: 0,
            max_date: 0,
            offset_id,
            add_offset: 0,
            limit,
            max_id: 0,
            min_id: 0,
            hash: 0,
        };
        let (items, got, _) = self.fetch_in(chat, &req).await?;
        Ok(id_page("pinned", items, got, limit))
    }

    pub(super) async fn search_page(
        &self,
        query: &str,
        chat: Option<&str>,
        filter: &MessageFilter,
        page: &PageRequest,
    ) -> Result<Page<Message>, TelegramError> {
        if query.trim().is_empty() && filter.is_empty() {
            return Err(TelegramError::InvalidArgs(
                "the search query is empty: give a query or a filter".into(),
            ));
        }
        let limit = tl_limit(page.limit);
        if let Some(c) = chat {
            let offset_id = id_cursor("search", page)?;
            let k = self.resolve(c).await?;
            let (items, got) = self
                .search_in(c, &k, query, filter, offset_id, limit)
                .await?;
            return Ok(id_page("search", items, got, limit));
        }
        if let Some(from) = &filter.from {
            return Err(TelegramError::InvalidArgs(global_from(from)));
        }
        if filter.topic.is_some() || filter.unread_only {
            return Err(TelegramError::InvalidArgs(
                "topic and unread_only need a chat: Telegram's global search has no such filters"
                    .into(),
            ));
        }
        let at: GlobalCursor =
            cursor::decode_opt("search_all", page.cursor.as_deref())?.unwrap_or_default();
        self.link.check_fatal()?;
        let req = functions::messages::SearchGlobal {
            broadcasts_only: false,
            groups_only: false,
            users_only: false,
            folder_id: None,
            community: None,
            q: query.trim().to_string(),
            filter: filter
                .media
                .map(filter_of)
                .unwrap_or(enums::MessagesFilter::InputMessagesFilterEmpty),
            min_date: filter.min_date.map_or(0, tl_date),
            max_date: filter.max_date.map_or(0, tl_date),
            offset_rate: at.rate,
            offset_peer: self.input_peer_of(at.peer).await,
            offset_id: at.id,
            limit,
        };
        let client = self.link.client();
        let res = self.link.run(client.invoke(&req)).await?;
        let (items, got, rate) = self.messages_of(res).await?;
        let next = items
            .last()
            .filter(|_| got >= limit as usize)
            .map(|m| GlobalCursor {
                rate: rate.unwrap_or(tl_date(m.date)),
                peer: m.chat_id,
                id: m.id,
            });
        Ok(Page {
            items,
            next_cursor: next.map(|c| cursor::encode("search_all", &c)),
        })
    }
}

/// Telegram's answer to a forum topic that does not exist (`TOPIC_ID_INVALID`;
/// a post into one is a reply to a missing message) as a miss naming the
/// tool that lists them; other errors pass.
pub(super) fn topic_miss(e: TelegramError, chat: &str, topic: i32) -> TelegramError {
    match &e {
        TelegramError::Rpc { name, .. }
            if name == "TOPIC_ID_INVALID" || name == "REPLY_MESSAGE_ID_INVALID" =>
        {
            TelegramError::NotFound(format!(
                "topic {topic} not found in \"{}\"; list_topics lists them",
                chat.trim()
            ))
        }
        _ => e,
    }
}

/// Why a search of every chat cannot take a sender, and the calls that can:
/// messages.searchGlobal has no `from_id`, messages.search (one chat) has.
fn global_from(from: &str) -> String {
    // The sender as written, bounded: it is quoted back.
    let who: String = from.trim().chars().take(64).collect();
    format!(
        "from needs a chat: Telegram's search of all chats cannot filter by sender. \
         Search one chat with from instead: {{\"chat\": {who:?}, \"from\": {who:?}}} \
         searches your private chat with them, and get_common_chats lists the groups \
         you share to search the same way"
    )
}
