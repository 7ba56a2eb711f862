//! Changing the account beyond sending: edit, delete, forward, pin,
//! reactions, drafts, polls, read marks, dialog settings, joining and
//! leaving. Implemented by the grammers backend (`grammers/write_ext.rs`).
//!
//! Peers are strings as users write them (see [`super::Backend`]); message
//! ids are those of the chat's history (`Message::id`).

use async_trait::async_trait;
use serde::Serialize;

use super::{Chat, Message, ParseMode, SendOptions, TelegramError};

/// Most message ids one edit/delete/forward/read call takes (Telegram's own limit).
pub const MAX_MESSAGE_IDS: usize = 100;

/// How an edited text is parsed and shown.
#[derive(Debug, Clone, Copy, Default)]
pub struct EditOptions {
    pub parse_mode: ParseMode,
    /// `None` keeps Telegram apps' default (a preview of the first link).
    pub link_preview: Option<bool>,
}

/// How messages are forwarded.
#[derive(Debug, Clone, Copy, Default)]
pub struct ForwardOptions {
    /// Send as copies without the "Forwarded from" header.
    pub drop_author: bool,
    /// Deliver without a notification sound.
    pub silent: bool,
    /// Forum topic (its id) of the destination to post into.
    pub topic: Option<i32>,
}

/// How long a chat stays muted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mute {
    /// Notifications on.
    Off,
    /// Muted until unmuted.
    Forever,
    /// Muted until this Unix time (seconds).
    Until(i64),
}

/// A draft to save: the human-in-the-loop send (the user reviews and sends it).
#[derive(Debug, Clone, Default)]
pub struct DraftOptions {
    pub reply_to: Option<i32>,
    pub parse_mode: ParseMode,
    pub link_preview: Option<bool>,
}

/// A saved draft.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Draft {
    /// Bot-API id of the chat.
    pub chat_id: i64,
    pub text: String,
    /// Unix seconds.
    pub date: i64,
    pub reply_to: Option<i32>,
}

/// A poll or quiz to post.
#[derive(Debug, Clone, Default)]
pub struct PollSpec {
    pub question: String,
    /// 2 to 10 answers, in order.
    pub options: Vec<String>,
    /// Voters may pick several answers (not for quizzes).
    pub multiple_choice: bool,
    /// Who voted for what is visible (not in channels).
    pub public_voters: bool,
    /// A quiz: `correct` is the index of the right answer.
    pub quiz: bool,
    pub correct: Option<u32>,
    /// Shown after a wrong answer in a quiz.
    pub explanation: Option<String>,
}

/// More ways to change the account.
#[async_trait]
pub trait WriteExt: Send + Sync {
    /// Replaces the text of one's own message; returns it as edited.
    async fn edit_message(
        &self,
        chat: &str,
        id: i32,
        text: &str,
        opts: &EditOptions,
    ) -> Result<Message, TelegramError>;

    /// Deletes messages; `revoke` deletes them for everyone (always so in
    /// supergroups and channels). Returns how many Telegram deleted.
    async fn delete_messages(
        &self,
        chat: &str,
        ids: &[i32],
        revoke: bool,
    ) -> Result<u32, TelegramError>;

    /// Forwards messages of `from` into `to`; returns the new messages in `to`.
    async fn forward_messages(
        &self,
        from: &str,
        ids: &[i32],
        to: &str,
        opts: &ForwardOptions,
    ) -> Result<Vec<Message>, TelegramError>;

    /// Pins a message; `silent` pins without notifying members.
    async fn pin_message(&self, chat: &str, id: i32, silent: bool) -> Result<(), TelegramError>;

    /// Unpins one message, or every pinned message when `id` is `None`.
    async fn unpin_message(&self, chat: &str, id: Option<i32>) -> Result<(), TelegramError>;

    /// Sets the account's reactions on a message (emoji); an empty list removes them.
    async fn send_reaction(
        &self,
        chat: &str,
        id: i32,
        emojis: &[String],
    ) -> Result<(), TelegramError>;

    /// Saves (replaces) the chat's draft.
    async fn save_draft(
        &self,
        chat: &str,
        text: &str,
        opts: &DraftOptions,
    ) -> Result<(), TelegramError>;

    /// Clears the chat's draft.
    async fn clear_draft(&self, chat: &str) -> Result<(), TelegramError>;

    /// Every chat's draft (a read).
    async fn list_drafts(&self) -> Result<Vec<Draft>, TelegramError>;

    /// Posts a poll or quiz.
    async fn create_poll(
        &self,
        chat: &str,
        spec: &PollSpec,
        opts: &SendOptions,
    ) -> Result<Message, TelegramError>;

    /// Votes in the poll of message `id` by answer indexes; empty retracts the vote.
    async fn vote_poll(&self, chat: &str, id: i32, answers: &[u32]) -> Result<(), TelegramError>;

    /// Marks the chat (or one forum topic of it) read up to its newest message.
    async fn mark_read(&self, chat: &str, topic: Option<i32>) -> Result<(), TelegramError>;

    /// Marks the chat unread (the dot in the chat list; Telegram has no per-topic mark).
    async fn mark_unread(&self, chat: &str) -> Result<(), TelegramError>;

    /// Mutes or unmutes the chat's notifications.
    async fn mute_chat(&self, chat: &str, mute: Mute) -> Result<(), TelegramError>;

    /// Moves the chat to the archive (`true`) or back to the chat list.
    async fn archive_chat(&self, chat: &str, archived: bool) -> Result<(), TelegramError>;

    /// Joins a group or channel by `@username`, `t.me/name`, or an invite
    /// link or hash (`t.me/+hash`, `t.me/joinchat/hash`); returns the chat.
    async fn join_chat(&self, target: &str) -> Result<Chat, TelegramError>;

    /// Leaves a group or channel.
    async fn leave_chat(&self, chat: &str) -> Result<(), TelegramError>;
}
