//! [`WriteExt`] on grammers: message actions here, drafts and polls in
//! `compose.rs`, dialog actions in
//! `dialogs.rs`. Every request goes through `self.link.run` (timeout, error
//! mapping, connection state).

use async_trait::async_trait;
use grammers_client::message::InputMessage;
use grammers_client::session::types::PeerKind;
use grammers_client::tl;

use super::compose::{drafts_of, poll_media, random_id};
use super::convert::{is_empty, message_of};
use super::peers::Known;
use super::{input_message, GrammersBackend};
use crate::telegram::write_ext::{
    Draft, DraftOptions, EditOptions, ForwardOptions, Mute, PollSpec,
};
use crate::telegram::{format, Chat, Message, ParseMode, SendOptions, TelegramError, WriteExt};

/// What a post that broke off after reaching Telegram reads as.
const PROBABLY_SENT: &str = "was probably sent: the connection broke after sending and Telegram refused the retry as a duplicate (RANDOM_ID_DUPLICATE); check the chat before sending again";

/// grammers retries a post once after an I/O error, with the same random
/// id: Telegram saying "duplicate" then means the first one landed.
pub(super) fn posted<T>(what: &str, r: Result<T, TelegramError>) -> Result<T, TelegramError> {
    match r {
        Err(TelegramError::Rpc { name, .. }) if name == "RANDOM_ID_DUPLICATE" => Err(
            TelegramError::ProbablySent(format!("the {what} {PROBABLY_SENT}")),
        ),
        other => other,
    }
}

/// Text and entities of `text` in `mode`.
pub(super) fn parsed(
    text: &str,
    mode: ParseMode,
) -> Result<(String, Option<Vec<tl::enums::MessageEntity>>), TelegramError> {
    let (t, e) = match mode {
        ParseMode::Plain => (text.to_string(), Vec::new()),
        ParseMode::Markdown => format::markdown(text)?,
        ParseMode::Html => format::html(text)?,
    };
    Ok((t, (!e.is_empty()).then_some(e)))
}

/// Ids of the messages an `Updates` answer created (new, channel or scheduled).
pub(super) fn new_message_ids(u: &tl::enums::Updates) -> Vec<i32> {
    use tl::enums::{Message as M, Update as U};
    let list = match u {
        tl::enums::Updates::Updates(x) => &x.updates,
        tl::enums::Updates::Combined(x) => &x.updates,
        tl::enums::Updates::UpdateShortSentMessage(x) => return vec![x.id],
        _ => return Vec::new(),
    };
    list.iter()
        .filter_map(|u| match u {
            U::NewMessage(x) => Some(&x.message),
            U::NewChannelMessage(x) => Some(&x.message),
            U::NewScheduledMessage(x) => Some(&x.message),
            _ => None,
        })
        .filter_map(|m| match m {
            M::Message(m) => Some(m.id),
            M::Service(m) => Some(m.id),
            M::Empty(_) => None,
        })
        .collect()
}

fn is_channel(k: &Known) -> bool {
    k.peer.id.kind() == PeerKind::Channel
}

impl GrammersBackend {
    /// Messages by id in a resolved chat, placeholders dropped, in id order.
    pub(super) async fn fetch_messages(
        &self,
        k: &Known,
        ids: &[i32],
    ) -> Result<Vec<Message>, TelegramError> {
        let client = self.link.client();
        let msgs = self
            .link
            .run(client.get_messages_by_id(k.peer, ids))
            .await?;
        let me = self.my_id();
        Ok(msgs
            .iter()
            .flatten()
            .filter(|m| !is_empty(m))
            .map(|m| {
                let mut r = message_of(m, me);
                if r.chat_id == 0 {
                    r.chat_id = k.chat.id;
                }
                r
            })
            .filter(|m| m.chat_id == k.chat.id)
            .collect())
    }

    /// One message by id, or "not found".
    pub(super) async fn one_message(&self, k: &Known, id: i32) -> Result<Message, TelegramError> {
        self.fetch_messages(k, &[id])
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| {
                TelegramError::NotFound(format!("message {id} not found in \"{}\"", k.chat.title))
            })
    }
}

#[async_trait]
impl WriteExt for GrammersBackend {
    async fn edit_message(
        &self,
        chat: &str,
        id: i32,
        text: &str,
        opts: &EditOptions,
    ) -> Result<Message, TelegramError> {
        let send = SendOptions {
            parse_mode: opts.parse_mode,
            link_preview: opts.link_preview,
            ..SendOptions::default()
        };
        let msg = input_message(text, &send)?;
        let k = self.resolve(chat).await?;
        let client = self.link.client();
        Self::or_not_found(
            chat,
            self.link.run(client.edit_message(k.peer, id, msg)).await,
        )?;
        self.one_message(&k, id).await
    }

    async fn delete_messages(
        &self,
        chat: &str,
        ids: &[i32],
        revoke: bool,
    ) -> Result<u32, TelegramError> {
        let k = self.resolve(chat).await?;
        let client = self.link.client();
        let affected = if is_channel(&k) {
            let req = tl::functions::channels::DeleteMessages {
                channel: k.peer.into(),
                id: ids.to_vec(),
            };
            Self::or_not_found(chat, self.link.run(client.invoke(&req)).await)?
        } else {
            // messages.deleteMessages takes bare ids of the whole account:
            // keep only the ids that really are in this chat, so an id from
            // another (perhaps hidden) chat is never deleted through this one.
            let own: Vec<i32> = self
                .fetch_messages(&k, ids)
                .await?
                .into_iter()
                .map(|m| m.id)
                .collect();
            if own.is_empty() {
                return Ok(0);
            }
            let req = tl::functions::messages::DeleteMessages { revoke, id: own };
            self.link.run(client.invoke(&req)).await?
        };
        let tl::enums::messages::AffectedMessages::Messages(a) = affected;
        Ok(a.pts_count.max(0) as u32)
    }

    async fn forward_messages(
        &self,
        from: &str,
        ids: &[i32],
        to: &str,
        opts: &ForwardOptions,
    ) -> Result<Vec<Message>, TelegramError> {
        let src = self.resolve(from).await?;
        let dst = self.resolve(to).await?;
        let req = tl::functions::messages::ForwardMessages {
            silent: opts.silent,
            background: false,
            with_my_score: false,
            drop_author: opts.drop_author,
            drop_media_captions: false,
            from_peer: src.peer.into(),
            id: ids.to_vec(),
            random_id: ids.iter().map(|_| random_id()).collect(),
            to_peer: dst.peer.into(),
            top_msg_id: opts.topic.filter(|t| *t > 1),
            reply_to: None,
            schedule_date: None,
            schedule_repeat_period: None,
            send_as: None,
            noforwards: false,
            quick_reply_shortcut: None,
            allow_paid_floodskip: false,
            effect: None,
            video_timestamp: None,
            allow_paid_stars: None,
            suggested_post: None,
            from_ephemeral: false,
        };
        let client = self.link.client();
        let updates = posted("forward", self.link.run(client.invoke(&req)).await)?;
        // The answer carries the new messages without sender names; read
        // them back as every other message record is made.
        let new = new_message_ids(&updates);
        if new.is_empty() {
            return Ok(Vec::new());
        }
        self.fetch_messages(&dst, &new).await
    }

    async fn pin_message(&self, chat: &str, id: i32, silent: bool) -> Result<(), TelegramError> {
        let k = self.resolve(chat).await?;
        let req = tl::functions::messages::UpdatePinnedMessage {
            silent,
            unpin: false,
            pm_oneside: false,
            peer: k.peer.into(),
            id,
        };
        let client = self.link.client();
        Self::or_not_found(chat, self.link.run(client.invoke(&req)).await).map(drop)
    }

    async fn unpin_message(&self, chat: &str, id: Option<i32>) -> Result<(), TelegramError> {
        let k = self.resolve(chat).await?;
        let client = self.link.client();
        let Some(id) = id else {
            // Telegram unpins in batches and says where it stopped.
            for _ in 0..50 {
                let req = tl::functions::messages::UnpinAllMessages {
                    peer: k.peer.into(),
                    top_msg_id: None,
                    saved_peer_id: None,
                };
                let r = Self::or_not_found(chat, self.link.run(client.invoke(&req)).await)?;
                let tl::enums::messages::AffectedHistory::History(h) = r;
                if h.offset <= 0 {
                    break;
                }
            }
            return Ok(());
        };
        Self::or_not_found(chat, self.link.run(client.unpin_message(k.peer, id)).await)
    }

    async fn send_reaction(
        &self,
        chat: &str,
        id: i32,
        emojis: &[String],
    ) -> Result<(), TelegramError> {
        let k = self.resolve(chat).await?;
        let reaction = emojis
            .iter()
            .map(|e| {
                tl::types::ReactionEmoji {
                    emoticon: e.clone(),
                }
                .into()
            })
            .collect();
        let req = tl::functions::messages::SendReaction {
            big: false,
            add_to_recent: !emojis.is_empty(),
            peer: k.peer.into(),
            msg_id: id,
            reaction: Some(reaction),
        };
        let client = self.link.client();
        Self::or_not_found(chat, self.link.run(client.invoke(&req)).await).map(drop)
    }

    async fn save_draft(
        &self,
        chat: &str,
        text: &str,
        opts: &DraftOptions,
    ) -> Result<(), TelegramError> {
        let (message, entities) = parsed(text, opts.parse_mode)?;
        let k = self.resolve(chat).await?;
        self.put_draft(chat, &k, message, entities, opts).await
    }

    async fn clear_draft(&self, chat: &str) -> Result<(), TelegramError> {
        let k = self.resolve(chat).await?;
        // An empty draft is how Telegram's apps clear one.
        self.put_draft(chat, &k, String::new(), None, &DraftOptions::default())
            .await
    }

    async fn list_drafts(&self) -> Result<Vec<Draft>, TelegramError> {
        self.link.check_fatal()?;
        let client = self.link.client();
        let u = self
            .link
            .run(client.invoke(&tl::functions::messages::GetAllDrafts {}))
            .await?;
        Ok(drafts_of(&u))
    }

    async fn create_poll(
        &self,
        chat: &str,
        spec: &PollSpec,
        opts: &SendOptions,
    ) -> Result<Message, TelegramError> {
        let media = poll_media(spec)?;
        let msg = input_message("", opts)?.media(media);
        self.send_input(chat, msg, "poll", opts).await
    }

    async fn vote_poll(&self, chat: &str, id: i32, answers: &[u32]) -> Result<(), TelegramError> {
        let k = self.resolve(chat).await?;
        let all = self.poll_options(&k, id).await?;
        let mut options = Vec::new();
        for a in answers {
            let o = all.get(*a as usize).ok_or_else(|| {
                TelegramError::InvalidArgs(format!(
                    "the poll has {} answers (0 to {}), not {a}",
                    all.len(),
                    all.len().saturating_sub(1)
                ))
            })?;
            options.push(o.clone());
        }
        let req = tl::functions::messages::SendVote {
            peer: k.peer.into(),
            msg_id: id,
            options,
        };
        let client = self.link.client();
        self.link.run(client.invoke(&req)).await.map(drop)
    }

    async fn mark_read(&self, chat: &str, topic: Option<i32>) -> Result<(), TelegramError> {
        self.dialog_mark_read(chat, topic).await
    }

    async fn mark_unread(&self, chat: &str) -> Result<(), TelegramError> {
        self.dialog_mark_unread(chat).await
    }

    async fn mute_chat(&self, chat: &str, mute: Mute) -> Result<(), TelegramError> {
        self.dialog_mute(chat, mute).await
    }

    async fn archive_chat(&self, chat: &str, archived: bool) -> Result<(), TelegramError> {
        self.dialog_archive(chat, archived).await
    }

    async fn join_chat(&self, target: &str) -> Result<Chat, TelegramError> {
        self.dialog_join(target).await
    }

    async fn leave_chat(&self, chat: &str) -> Result<(), TelegramError> {
        self.dialog_leave(chat).await
    }
}

impl GrammersBackend {
    /// Sends a prepared message (text or media) and returns its record.
    pub(super) async fn send_input(
        &self,
        chat: &str,
        msg: InputMessage,
        what: &str,
        opts: &SendOptions,
    ) -> Result<Message, TelegramError> {
        let k = self.resolve(chat).await?;
        let client = self.link.client();
        let r = posted(what, self.link.run(client.send_message(k.peer, msg)).await);
        let r = match (opts.topic, opts.reply_to) {
            // The post is a reply to the topic's first message: a missing one is a missing topic.
            (Some(t), None) if t > 1 => r.map_err(|e| super::history::topic_miss(e, chat, t)),
            _ => r,
        };
        let sent = Self::or_not_found(chat, r)?;
        let mut m = message_of(&sent, self.my_id());
        if m.chat_id == 0 {
            m.chat_id = k.chat.id;
        }
        Ok(m)
    }
}
