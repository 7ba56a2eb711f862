//! Dialogs: filtered pages of the chat list, chat search, forum topics.

use std::collections::HashMap;

use grammers_client::session::types::{PeerId, PeerKind, PeerRef};
use grammers_client::session::Session as _;
use grammers_client::tl::{enums, functions};
use serde::{Deserialize, Serialize};

use super::chat_info::apply_dialog;
use super::convert::peer_id;
use super::people::tl_limit;
use super::GrammersBackend;
use crate::telegram::peer::{from_bot_api, BareId};
use crate::telegram::read_ext::ChatVisible;
use crate::telegram::records::{cursor, ChatFilter, Page, PageRequest, Topic};
use crate::telegram::{untrusted, Chat, TelegramError};

/// Most `getDialogs` calls one filtered page makes (a filter that matches
/// little must not walk a 10 000-chat account in one call).
const MAX_DIALOG_CALLS: usize = 5;
/// Dialogs asked per call.
const DIALOG_BATCH: i32 = 100;

/// Where a dialog page resumes: Telegram's offsets of the last dialog read.
#[derive(Serialize, Deserialize, Default, Clone, Copy)]
struct DialogCursor {
    date: i32,
    id: i32,
    peer: i64,
}

/// Where a topic page resumes.
#[derive(Serialize, Deserialize, Default, Clone, Copy)]
struct TopicCursor {
    date: i32,
    id: i32,
    topic: i32,
}

impl GrammersBackend {
    /// An input peer for a Bot-API id from the session's cache (`Empty` if unknown).
    pub(super) async fn input_peer_of(&self, id: i64) -> enums::InputPeer {
        let Some(pid) = PeerId::from_bot_api_dialog_id(id) else {
            return enums::InputPeer::Empty;
        };
        let cached: Option<PeerRef> = self.link.session().peer_ref(pid).await.ok().flatten();
        match cached {
            Some(r) => (&r).into(),
            None if pid.kind() == PeerKind::Chat => (&pid.to_ambient_ref()).into(),
            None => enums::InputPeer::Empty,
        }
    }

    pub(super) async fn chats_page(
        &self,
        filter: &ChatFilter,
        page: &PageRequest,
        visible: &ChatVisible,
    ) -> Result<Page<Chat>, TelegramError> {
        let mut at: DialogCursor =
            cursor::decode_opt("chats", page.cursor.as_deref())?.unwrap_or_default();
        self.me().await?;
        let want = page.limit.max(1) as usize;
        let client = self.link.client();
        let mut items = Vec::new();
        for _ in 0..MAX_DIALOG_CALLS {
            let req = functions::messages::GetDialogs {
                exclude_pinned: false,
                folder_id: filter.archived.filter(|a| *a).map(|_| 1),
                offset_date: at.date,
                offset_id: at.id,
                offset_peer: self.input_peer_of(at.peer).await,
                limit: DIALOG_BATCH,
                hash: 0,
            };
            let (dialogs, messages, chats, users) = match self.link.run(client.invoke(&req)).await?
            {
                enums::messages::Dialogs::Dialogs(d) => (d.dialogs, d.messages, d.chats, d.users),
                enums::messages::Dialogs::Slice(d) => (d.dialogs, d.messages, d.chats, d.users),
                enums::messages::Dialogs::NotModified(_) => break,
            };
            let (_, known) = self.absorb(&users, &chats).await?;
            let by_id: HashMap<i64, Chat> =
                known.into_iter().map(|k| (k.chat.id, k.chat)).collect();
            let dates: HashMap<(i64, i32), i32> = messages
                .iter()
                .filter_map(|m| match m {
                    enums::Message::Message(m) => Some(((peer_id(&m.peer_id), m.id), m.date)),
                    enums::Message::Service(m) => Some(((peer_id(&m.peer_id), m.id), m.date)),
                    enums::Message::Empty(_) => None,
                })
                .collect();
            let got = dialogs.len();
            for d in &dialogs {
                let enums::Dialog::Dialog(d) = d else {
                    continue;
                };
                let id = peer_id(&d.peer);
                at = DialogCursor {
                    date: dates.get(&(id, d.top_message)).copied().unwrap_or(0),
                    id: d.top_message,
                    peer: id,
                };
                let Some(mut chat) = by_id.get(&id).cloned() else {
                    continue;
                };
                chat.unread_count = u32::try_from(d.unread_count).unwrap_or(0);
                apply_dialog(&mut chat, d, dates.get(&(id, d.top_message)).copied());
                let unread = chat.unread_count > 0 || d.unread_mark;
                let kind_ok = filter.kinds.is_empty() || filter.kinds.contains(&chat.kind);
                if (!filter.unread_only || unread) && kind_ok && visible(&chat) {
                    items.push(chat);
                    if items.len() == want {
                        return Ok(Page {
                            items,
                            next_cursor: Some(cursor::encode("chats", &at)),
                        });
                    }
                }
            }
            if got < DIALOG_BATCH as usize {
                return Ok(Page::last(items));
            }
        }
        // The call budget ran out before the page filled: resume where it stopped.
        Ok(Page {
            items,
            next_cursor: Some(cursor::encode("chats", &at)),
        })
    }

    pub(super) async fn find_chats(
        &self,
        query: &str,
        limit: u32,
        visible: &ChatVisible,
    ) -> Result<Vec<Chat>, TelegramError> {
        let q = query.trim().trim_start_matches('@').to_lowercase();
        if q.is_empty() {
            return Err(TelegramError::InvalidArgs(
                "the search query is empty".into(),
            ));
        }
        let limit = limit.max(1) as usize;
        self.me().await?;
        // Own dialogs first, best matches first: exact, then prefix, then anywhere.
        let rank = |c: &Chat| {
            let title = c.title.to_lowercase();
            let user = c.username.as_deref().unwrap_or_default().to_lowercase();
            if title == q || user == q {
                Some(0)
            } else if title.starts_with(&q) || user.starts_with(&q) {
                Some(1)
            } else if title.contains(&q) || user.contains(&q) {
                Some(2)
            } else {
                None
            }
        };
        let mut own: Vec<(u8, Chat)> = self
            .dialogs(200)
            .await?
            .into_iter()
            .filter_map(|c| rank(&c).map(|r| (r, c)))
            .collect();
        own.sort_by_key(|(r, _)| *r);
        let mut out: Vec<Chat> = own
            .into_iter()
            .map(|(_, c)| c)
            .filter(|c| visible(c))
            .collect();
        if out.len() < limit && q.chars().count() >= 2 {
            let req = functions::contacts::Search {
                broadcasts: false,
                bots: false,
                q: q.clone(),
                limit: tl_limit(limit as u32),
            };
            let client = self.link.client();
            match self.link.run(client.invoke(&req)).await {
                Ok(enums::contacts::Found::Found(f)) => {
                    let (_, known) = self.absorb(&f.users, &f.chats).await?;
                    let by_id: HashMap<i64, Chat> =
                        known.into_iter().map(|k| (k.chat.id, k.chat)).collect();
                    for p in f.my_results.iter().chain(&f.results) {
                        if let Some(c) = by_id.get(&peer_id(p)) {
                            if visible(c) && !out.iter().any(|o| o.id == c.id) {
                                out.push(c.clone());
                            }
                        }
                    }
                }
                // Telegram refuses very short or odd queries; own dialogs still answer.
                Err(TelegramError::Rpc { name, .. }) if name.starts_with("QUERY_") => {}
                Err(e) => return Err(e),
            }
        }
        out.truncate(limit);
        Ok(out)
    }

    pub(super) async fn topics(
        &self,
        chat: &str,
        query: Option<&str>,
        page: &PageRequest,
    ) -> Result<Page<Topic>, TelegramError> {
        let at: TopicCursor =
            cursor::decode_opt("topics", page.cursor.as_deref())?.unwrap_or_default();
        let k = self.resolve(chat).await?;
        if !k.chat.is_forum {
            return Err(TelegramError::InvalidArgs(format!(
                "\"{}\" is not a forum: only forum supergroups have topics",
                chat.trim()
            )));
        }
        let limit = tl_limit(page.limit);
        let req = functions::messages::GetForumTopics {
            peer: (&k.peer).into(),
            q: query
                .map(str::trim)
                .filter(|q| !q.is_empty())
                .map(str::to_string),
            offset_date: at.date,
            offset_id: at.id,
            offset_topic: at.topic,
            limit,
        };
        let client = self.link.client();
        let enums::messages::ForumTopics::Topics(res) =
            Self::or_not_found(chat, self.link.run(client.invoke(&req)).await)?;
        self.absorb(&res.users, &res.chats).await?;
        let dates: HashMap<i32, i32> = res
            .messages
            .iter()
            .filter_map(|m| match m {
                enums::Message::Message(m) => Some((m.id, m.date)),
                enums::Message::Service(m) => Some((m.id, m.date)),
                enums::Message::Empty(_) => None,
            })
            .collect();
        let base = match (from_bot_api(k.chat.id), &k.chat.username) {
            (_, Some(u)) => Some(format!("https://t.me/{u}")),
            (BareId::Channel(bare), None) => Some(format!("https://t.me/c/{bare}")),
            _ => None,
        };
        let mut last = None;
        let items: Vec<Topic> = res
            .topics
            .iter()
            .filter_map(|t| match t {
                enums::ForumTopic::Topic(t) => Some(t),
                enums::ForumTopic::Deleted(_) => None,
            })
            .map(|t| {
                last = Some(TopicCursor {
                    date: dates.get(&t.top_message).copied().unwrap_or(t.date),
                    id: t.top_message,
                    topic: t.id,
                });
                Topic {
                    id: t.id,
                    title: untrusted::name(&t.title),
                    date: i64::from(t.date),
                    unread_count: u32::try_from(t.unread_count).unwrap_or(0),
                    unread_mentions: u32::try_from(t.unread_mentions_count).unwrap_or(0),
                    top_message: t.top_message,
                    closed: t.closed,
                    pinned: t.pinned,
                    url: base.as_ref().map(|b| format!("{b}/{}", t.id)),
                }
            })
            .collect();
        let full = res.topics.len() == limit as usize;
        Ok(Page {
            items,
            next_cursor: last.filter(|_| full).map(|c| cursor::encode("topics", &c)),
        })
    }
}
