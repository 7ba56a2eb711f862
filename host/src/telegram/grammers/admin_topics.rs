//! Invite links, join requests and forum topics of [`crate::telegram::AdminExt`].

use grammers_client::tl::{enums, functions};

use super::admin_convert::invite_of;
use super::compose::random_id;
use super::peers::Known;
use super::write_ext::new_message_ids;
use super::GrammersBackend;
use crate::telegram::admin_ext::{InviteLink, InviteSpec, TopicChanges};
use crate::telegram::peer::{from_bot_api, BareId};
use crate::telegram::records::Topic;
use crate::telegram::{untrusted, TelegramError};

/// The General topic, which cannot be deleted.
const GENERAL: i32 = 1;

fn no_invite(e: Option<&enums::messages::ExportedChatInvite>) -> TelegramError {
    let what = if e.is_some() {
        "a public join link"
    } else {
        "nothing"
    };
    TelegramError::Other(format!(
        "Telegram answered with {what} instead of an invite link"
    ))
}

impl GrammersBackend {
    pub(super) async fn export_invite(
        &self,
        chat: &str,
        spec: &InviteSpec,
    ) -> Result<InviteLink, TelegramError> {
        if spec.request_needed && spec.usage_limit.is_some() {
            return Err(TelegramError::InvalidArgs(
                "a link that needs approval takes no usage limit".into(),
            ));
        }
        let expire_date = match spec.expires {
            None => None,
            Some(t) if t > 0 => Some(t.min(i64::from(i32::MAX)) as i32),
            Some(t) => {
                return Err(TelegramError::InvalidArgs(format!(
                    "expires must be a Unix time in the future, not {t}"
                )))
            }
        };
        let k = self.group(chat).await?;
        let req = functions::messages::ExportChatInvite {
            legacy_revoke_permanent: false,
            request_needed: spec.request_needed,
            peer: (&k.peer).into(),
            expire_date,
            usage_limit: spec
                .usage_limit
                .map(|n| n.min(i32::MAX as u32) as i32)
                .filter(|n| *n > 0),
            title: spec
                .title
                .as_deref()
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_string),
            subscription_pricing: None,
        };
        let client = self.link.client();
        let e = Self::admin_result(chat, self.link.run(client.invoke(&req)).await)?;
        invite_of(&e).ok_or_else(|| no_invite(None))
    }

    pub(super) async fn revoke_invite(
        &self,
        chat: &str,
        link: &str,
    ) -> Result<InviteLink, TelegramError> {
        let link = link.trim();
        if link.is_empty() {
            return Err(TelegramError::InvalidArgs(
                "the invite link is empty".into(),
            ));
        }
        let k = self.group(chat).await?;
        let req = functions::messages::EditExportedChatInvite {
            revoked: true,
            peer: (&k.peer).into(),
            link: link.to_string(),
            expire_date: None,
            usage_limit: None,
            request_needed: None,
            title: None,
        };
        let client = self.link.client();
        let r = match self.link.run(client.invoke(&req)).await {
            Err(TelegramError::Rpc { name, .. }) if name == "INVITE_HASH_EXPIRED" => {
                return Err(TelegramError::NotFound(format!(
                    "\"{link}\" is not an invite link of \"{}\" (or was already deleted)",
                    chat.trim()
                )))
            }
            other => Self::admin_result(chat, other)?,
        };
        let invite = match &r {
            enums::messages::ExportedChatInvite::Invite(x) => &x.invite,
            enums::messages::ExportedChatInvite::Replaced(x) => &x.invite,
        };
        invite_of(invite).ok_or_else(|| no_invite(Some(&r)))
    }

    pub(super) async fn join_request(
        &self,
        chat: &str,
        user: &str,
        approve: bool,
    ) -> Result<(), TelegramError> {
        let k = self.group(chat).await?;
        let u = self.user_ref(user).await?;
        let req = functions::messages::HideChatJoinRequest {
            approved: approve,
            peer: (&k.peer).into(),
            user_id: (&u.peer).into(),
        };
        let client = self.link.client();
        match self.link.run(client.invoke(&req)).await {
            Err(TelegramError::Rpc { name, .. }) if name == "HIDE_REQUESTER_MISSING" => {
                Err(TelegramError::NotFound(format!(
                    "\"{}\" has no pending request to join \"{}\"",
                    user.trim(),
                    chat.trim()
                )))
            }
            other => Self::admin_change(chat, other),
        }
    }

    /// A forum as a user wrote it; anything else is an invalid argument.
    async fn forum(&self, chat: &str) -> Result<Known, TelegramError> {
        let k = self.resolve(chat).await?;
        if !k.chat.is_forum {
            return Err(TelegramError::InvalidArgs(format!(
                "\"{}\" is not a forum: only forum supergroups have topics",
                chat.trim()
            )));
        }
        Ok(k)
    }

    /// One topic, as it is now.
    async fn topic_by_id(&self, chat: &str, k: &Known, id: i32) -> Result<Topic, TelegramError> {
        let req = functions::messages::GetForumTopicsById {
            peer: (&k.peer).into(),
            topics: vec![id],
        };
        let client = self.link.client();
        let enums::messages::ForumTopics::Topics(res) =
            Self::or_not_found(chat, self.link.run(client.invoke(&req)).await)?;
        let base = match (from_bot_api(k.chat.id), &k.chat.username) {
            (_, Some(u)) => Some(format!("https://t.me/{u}")),
            (BareId::Channel(bare), None) => Some(format!("https://t.me/c/{bare}")),
            _ => None,
        };
        res.topics
            .iter()
            .find_map(|t| match t {
                enums::ForumTopic::Topic(t) if t.id == id => Some(Topic {
                    id: t.id,
                    title: untrusted::name(&t.title),
                    date: i64::from(t.date),
                    unread_count: u32::try_from(t.unread_count).unwrap_or(0),
                    unread_mentions: u32::try_from(t.unread_mentions_count).unwrap_or(0),
                    top_message: t.top_message,
                    closed: t.closed,
                    pinned: t.pinned,
                    url: base.as_ref().map(|b| format!("{b}/{}", t.id)),
                }),
                _ => None,
            })
            .ok_or_else(|| {
                TelegramError::NotFound(format!("topic {id} not found in \"{}\"", chat.trim()))
            })
    }

    pub(super) async fn new_topic(&self, chat: &str, title: &str) -> Result<Topic, TelegramError> {
        let title = title.trim();
        if title.is_empty() {
            return Err(TelegramError::InvalidArgs(
                "the topic title is empty".into(),
            ));
        }
        let k = self.forum(chat).await?;
        let req = functions::messages::CreateForumTopic {
            title_missing: false,
            peer: (&k.peer).into(),
            title: title.to_string(),
            icon_color: None,
            icon_emoji_id: None,
            random_id: random_id(),
            send_as: None,
        };
        let client = self.link.client();
        let u = Self::admin_result(chat, self.link.run(client.invoke(&req)).await)?;
        // A topic's id is the id of the service message that opened it.
        let id = new_message_ids(&u).into_iter().next().ok_or_else(|| {
            TelegramError::Other("Telegram created the topic but named no message".into())
        })?;
        self.topic_by_id(chat, &k, id).await
    }

    pub(super) async fn change_topic(
        &self,
        chat: &str,
        topic: i32,
        changes: &TopicChanges,
    ) -> Result<Topic, TelegramError> {
        if *changes == TopicChanges::default() {
            return Err(TelegramError::InvalidArgs(
                "nothing to change: give a title, closed, pinned or hidden".into(),
            ));
        }
        if changes.hidden.is_some() && topic != GENERAL {
            return Err(TelegramError::InvalidArgs(
                "only the General topic (1) can be hidden".into(),
            ));
        }
        let title = match changes.title.as_deref().map(str::trim) {
            Some("") => {
                return Err(TelegramError::InvalidArgs(
                    "the topic title is empty".into(),
                ))
            }
            t => t.map(str::to_string),
        };
        let k = self.forum(chat).await?;
        // Fails early, with a clear sentence, for a topic that is not there.
        self.topic_by_id(chat, &k, topic).await?;
        let client = self.link.client();
        if title.is_some() || changes.closed.is_some() || changes.hidden.is_some() {
            let req = functions::messages::EditForumTopic {
                peer: (&k.peer).into(),
                topic_id: topic,
                title,
                icon_emoji_id: None,
                closed: changes.closed,
                hidden: changes.hidden,
            };
            Self::admin_change(chat, self.link.run(client.invoke(&req)).await)?;
        }
        if let Some(p) = changes.pinned {
            let req = functions::messages::UpdatePinnedForumTopic {
                peer: (&k.peer).into(),
                topic_id: topic,
                pinned: p,
            };
            Self::admin_change(chat, self.link.run(client.invoke(&req)).await)?;
        }
        self.topic_by_id(chat, &k, topic).await
    }

    pub(super) async fn remove_topic(&self, chat: &str, topic: i32) -> Result<(), TelegramError> {
        if topic == GENERAL {
            return Err(TelegramError::InvalidArgs(
                "the General topic (1) cannot be deleted; hide it with edit_topic".into(),
            ));
        }
        let k = self.forum(chat).await?;
        self.topic_by_id(chat, &k, topic).await?;
        let client = self.link.client();
        // Telegram deletes in batches and says how much is left (`offset`).
        for _ in 0..100 {
            let req = functions::messages::DeleteTopicHistory {
                peer: (&k.peer).into(),
                top_msg_id: topic,
            };
            let enums::messages::AffectedHistory::History(r) =
                Self::admin_result(chat, self.link.run(client.invoke(&req)).await)?;
            if r.offset <= 0 {
                return Ok(());
            }
        }
        Err(TelegramError::Other(format!(
            "topic {topic} still has messages after 100 rounds of deleting; call again"
        )))
    }
}
