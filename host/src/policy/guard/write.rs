//! Guarded writes beyond sending (see [`crate::telegram::WriteExt`]): each
//! passes read-only mode, the chat lists and, for anything that posts, the
//! send quota; each attempt is audited, refused or not.

use std::future::Future;

use super::{Guard, GuardError};
use crate::telegram::peer::{self, PeerRef};
use crate::telegram::write_ext::{
    Draft, DraftOptions, EditOptions, ForwardOptions, Mute, PollSpec, MAX_MESSAGE_IDS,
};
use crate::telegram::{Chat, Message, SendOptions, TelegramError};

/// Most reactions one call sets (Premium accounts may set three).
pub const MAX_REACTIONS: usize = 3;

/// Whether an operation posts (quota applies) or only changes something.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Post,
    Change,
    /// Changes the account itself (profile, privacy, sessions): no chat to
    /// check, only read-only mode applies.
    Account,
}

/// One guarded write, as the checks and the audit log see it.
pub(super) struct Op<'a> {
    pub action: &'a str,
    pub peer: &'a str,
    pub kind: Kind,
    /// Message ids the call names (audited when the result names none).
    pub ids: &'a [i32],
    /// Audited only when the policy asks for texts.
    pub text: Option<&'a str>,
    /// An argument check that already failed.
    pub invalid: Option<String>,
}

impl<'a> Op<'a> {
    pub fn new(action: &'a str, peer: &'a str, kind: Kind) -> Self {
        Op {
            action,
            peer,
            kind,
            ids: &[],
            text: None,
            invalid: None,
        }
    }
}

/// What an audit line says about a result.
pub(super) trait Audited {
    fn chat_id(&self) -> Option<i64> {
        None
    }
    fn message_ids(&self) -> Vec<i32> {
        Vec::new()
    }
}

impl Audited for () {}
impl Audited for u32 {}
impl Audited for i64 {}
impl Audited for Message {
    fn chat_id(&self) -> Option<i64> {
        Some(self.chat_id)
    }
    fn message_ids(&self) -> Vec<i32> {
        vec![self.id]
    }
}
impl Audited for Vec<Message> {
    fn chat_id(&self) -> Option<i64> {
        self.first().map(|m| m.chat_id)
    }
    fn message_ids(&self) -> Vec<i32> {
        self.iter().map(|m| m.id).collect()
    }
}
impl Audited for Chat {
    fn chat_id(&self) -> Option<i64> {
        Some(self.id)
    }
}

fn too_many(what: &str, n: usize, max: usize) -> Option<String> {
    (n > max).then(|| format!("at most {max} {what} per call, got {n}"))
}

impl Guard {
    /// Read-only mode refuses every write.
    pub(super) fn refuse_read_only(&self) -> Result<(), GuardError> {
        if self.policy.read_only {
            return Err(GuardError::Denied(format!(
                "the server is read-only; plugin \"{}\" may not change the account",
                self.caller.plugin
            )));
        }
        Ok(())
    }

    /// The checks of `op`, then `call`, then the audit line.
    pub(super) async fn guarded<T, F, Fut>(&self, op: Op<'_>, call: F) -> Result<T, GuardError>
    where
        T: Audited,
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, TelegramError>>,
    {
        let checked = match op.invalid.clone() {
            Some(m) => Err(GuardError::InvalidArgs(m)),
            None => match op.kind {
                Kind::Post => self.may_send(op.peer).await,
                Kind::Change => match self.refuse_read_only() {
                    Ok(()) => self.allowed_chat(op.peer).await,
                    Err(e) => Err(e),
                },
                Kind::Account => self.refuse_read_only().map(|()| None),
            },
        };
        let (target, result) = match checked {
            Ok(t) => (t, call().await.map_err(GuardError::from)),
            Err(e) => (None, Err(e)),
        };
        let chat_id = result
            .as_ref()
            .ok()
            .and_then(Audited::chat_id)
            .or(target.map(|c| c.id));
        let ids = match result.as_ref().map(Audited::message_ids) {
            Ok(ids) if !ids.is_empty() => ids,
            _ => op.ids.to_vec(),
        };
        let outcome = result.as_ref().map(drop);
        self.audit(op.action, op.peer, chat_id, ids, outcome, op.text);
        result
    }

    /// Edits one's own message.
    pub async fn edit_message(
        &self,
        chat: &str,
        id: i32,
        text: &str,
        opts: &EditOptions,
    ) -> Result<Message, GuardError> {
        let mut op = Op::new("edit-message", chat, Kind::Change);
        op.ids = std::slice::from_ref(&id);
        op.text = Some(text);
        if text.trim().is_empty() {
            op.invalid = Some("the new text is empty; delete the message instead".into());
        }
        self.guarded(op, || self.backend.edit_message(chat, id, text, opts))
            .await
    }

    /// Deletes messages (at most [`MAX_MESSAGE_IDS`]); `revoke` for everyone.
    pub async fn delete_messages(
        &self,
        chat: &str,
        ids: &[i32],
        revoke: bool,
    ) -> Result<u32, GuardError> {
        let mut op = Op::new("delete-messages", chat, Kind::Change);
        op.ids = ids;
        op.invalid = too_many("message ids", ids.len(), MAX_MESSAGE_IDS);
        self.guarded(op, || self.backend.delete_messages(chat, ids, revoke))
            .await
    }

    /// Forwards messages: `from` must be visible, `to` is posted to (quota: one post).
    pub async fn forward_messages(
        &self,
        from: &str,
        ids: &[i32],
        to: &str,
        opts: &ForwardOptions,
    ) -> Result<Vec<Message>, GuardError> {
        let mut op = Op::new("forward-messages", to, Kind::Post);
        op.ids = ids;
        op.invalid = too_many("message ids", ids.len(), MAX_MESSAGE_IDS);
        self.guarded(op, || async {
            // The source is read: a hidden chat reads as not found.
            match self.allowed_chat(from).await {
                Err(GuardError::Hidden(p, s)) => return Err(TelegramError::ChatNotFound(p, s)),
                Err(GuardError::Telegram(e)) => return Err(e),
                Err(e) => return Err(TelegramError::Other(e.to_string())),
                Ok(_) => {}
            }
            self.backend.forward_messages(from, ids, to, opts).await
        })
        .await
    }

    /// Pins a message.
    pub async fn pin_message(&self, chat: &str, id: i32, silent: bool) -> Result<(), GuardError> {
        let mut op = Op::new("pin-message", chat, Kind::Change);
        op.ids = std::slice::from_ref(&id);
        self.guarded(op, || self.backend.pin_message(chat, id, silent))
            .await
    }

    /// Unpins one message, or all of them.
    pub async fn unpin_message(&self, chat: &str, id: Option<i32>) -> Result<(), GuardError> {
        let mut op = Op::new("unpin-message", chat, Kind::Change);
        op.ids = id.as_slice();
        self.guarded(op, || self.backend.unpin_message(chat, id))
            .await
    }

    /// Sets (or, with none, removes) the account's reactions on a message.
    pub async fn send_reaction(
        &self,
        chat: &str,
        id: i32,
        emojis: &[String],
    ) -> Result<(), GuardError> {
        let mut op = Op::new("send-reaction", chat, Kind::Change);
        op.ids = std::slice::from_ref(&id);
        op.invalid = too_many("reactions", emojis.len(), MAX_REACTIONS);
        self.guarded(op, || self.backend.send_reaction(chat, id, emojis))
            .await
    }

    /// Saves the chat's draft (nothing is sent).
    pub async fn save_draft(
        &self,
        chat: &str,
        text: &str,
        opts: &DraftOptions,
    ) -> Result<(), GuardError> {
        let mut op = Op::new("save-draft", chat, Kind::Change);
        op.text = Some(text);
        if text.trim().is_empty() {
            op.invalid = Some("the draft is empty; use clear_draft to remove one".into());
        }
        self.guarded(op, || self.backend.save_draft(chat, text, opts))
            .await
    }

    /// Clears the chat's draft.
    pub async fn clear_draft(&self, chat: &str) -> Result<(), GuardError> {
        let op = Op::new("clear-draft", chat, Kind::Change);
        self.guarded(op, || self.backend.clear_draft(chat)).await
    }

    /// Drafts of the chats the policy lets the plugin see (a read: not audited).
    pub async fn list_drafts(&self) -> Result<Vec<Draft>, GuardError> {
        let drafts = self.backend.list_drafts().await?;
        let rules = &self.policy.chats;
        if !rules.is_restricted() {
            return Ok(drafts);
        }
        let mut out = Vec::new();
        for d in drafts {
            let visible = self
                .backend
                .get_chat(&d.chat_id.to_string())
                .await
                .is_ok_and(|c| rules.allows(&c));
            if visible {
                out.push(d);
            }
        }
        Ok(out)
    }

    /// Posts a poll (counts against the send quota).
    pub async fn create_poll(
        &self,
        chat: &str,
        spec: &PollSpec,
        opts: &SendOptions,
    ) -> Result<Message, GuardError> {
        let mut op = Op::new("create-poll", chat, Kind::Post);
        op.text = Some(&spec.question);
        self.guarded(op, || self.backend.create_poll(chat, spec, opts))
            .await
    }

    /// Votes in a poll.
    pub async fn vote_poll(&self, chat: &str, id: i32, answers: &[u32]) -> Result<(), GuardError> {
        let mut op = Op::new("vote-poll", chat, Kind::Change);
        op.ids = std::slice::from_ref(&id);
        op.invalid = too_many("answers", answers.len(), 10);
        self.guarded(op, || self.backend.vote_poll(chat, id, answers))
            .await
    }

    /// Marks the chat or one of its topics read.
    pub async fn mark_read(&self, chat: &str, topic: Option<i32>) -> Result<(), GuardError> {
        let op = Op::new("mark-read", chat, Kind::Change);
        self.guarded(op, || self.backend.mark_read(chat, topic))
            .await
    }

    /// Marks the chat unread.
    pub async fn mark_unread(&self, chat: &str) -> Result<(), GuardError> {
        let op = Op::new("mark-unread", chat, Kind::Change);
        self.guarded(op, || self.backend.mark_unread(chat)).await
    }

    /// Mutes or unmutes the chat.
    pub async fn mute_chat(&self, chat: &str, mute: Mute) -> Result<(), GuardError> {
        let op = Op::new("mute-chat", chat, Kind::Change);
        self.guarded(op, || self.backend.mute_chat(chat, mute))
            .await
    }

    /// Archives or unarchives the chat.
    pub async fn archive_chat(&self, chat: &str, archived: bool) -> Result<(), GuardError> {
        let op = Op::new("archive-chat", chat, Kind::Change);
        self.guarded(op, || self.backend.archive_chat(chat, archived))
            .await
    }

    /// Joins a chat. With chat lists set, invite links are refused: the chat
    /// behind one cannot be checked against the lists before joining it.
    pub async fn join_chat(&self, target: &str) -> Result<Chat, GuardError> {
        let op = Op::new("join-chat", target, Kind::Change);
        let invite = matches!(peer::parse(target), Some(PeerRef::Invite(_)));
        if invite && self.policy.chats.is_restricted() {
            // Refused before any lookup; audited like every attempt.
            let e = GuardError::Denied(
                "chat lists are set: joining by invite link is refused, since the chat cannot be checked before joining".into(),
            );
            self.audit(op.action, target, None, Vec::new(), Err(&e), None);
            return Err(e);
        }
        if invite {
            // Nothing to look up yet: only read-only mode applies.
            let r = match self.refuse_read_only() {
                Ok(()) => self
                    .backend
                    .join_chat(target)
                    .await
                    .map_err(GuardError::from),
                Err(e) => Err(e),
            };
            let chat_id = r.as_ref().ok().map(|c| c.id);
            self.audit(
                op.action,
                target,
                chat_id,
                Vec::new(),
                r.as_ref().map(drop),
                None,
            );
            return r;
        }
        self.guarded(op, || self.backend.join_chat(target)).await
    }

    /// Leaves a group or channel.
    pub async fn leave_chat(&self, chat: &str) -> Result<(), GuardError> {
        let op = Op::new("leave-chat", chat, Kind::Change);
        self.guarded(op, || self.backend.leave_chat(chat)).await
    }
}
