//! Reading beyond the basics: users, contacts, topics, replies, unread
//! digests, filtered and paged history. Implemented by the grammers backend
//! (`grammers/read_ext.rs`); the policy applies through
//! `policy::Guard`'s methods of the same names (`policy/guard/read.rs`).
//!
//! Chats are written as users write them (`me`, `@name`, `t.me/name`, a
//! Bot-API id, a phone, an exact title). Paged operations take a
//! [`PageRequest`] and return a [`Page`] whose `next_cursor` is opaque.
//! Every [`Chat`] and [`Message`] carries a `url` where Telegram has a link
//! (see [`super::Message::url`]); all names and texts are cleaned of hidden
//! characters ([`super::untrusted`]).

use async_trait::async_trait;

use super::records::{
    ChatFilter, MessageContext, MessageFilter, Page, PageRequest, Topic, UnreadDigest,
    UnreadLimits, UserFull,
};
use super::{Chat, Message, TelegramError, User};

/// Which chats a caller may see: the guard passes the policy's chat rules so
/// pages and bounds fill with visible chats only.
pub type ChatVisible = dyn Fn(&Chat) -> bool + Send + Sync;

/// More ways to read the account.
#[async_trait]
pub trait ReadExt: Send + Sync {
    /// A user's profile: bio, presence, common chats, bot description, last
    /// message date. `user` names a user (a chat that is not a user fails).
    async fn get_user(&self, user: &str) -> Result<UserFull, TelegramError>;

    /// Groups and channels the account shares with `user`, paged.
    async fn get_common_chats(
        &self,
        user: &str,
        page: &PageRequest,
        visible: &ChatVisible,
    ) -> Result<Page<Chat>, TelegramError>;

    /// The contact list, sorted by name, paged.
    async fn list_contacts(&self, page: &PageRequest) -> Result<Page<User>, TelegramError>;

    /// Contacts whose name, username or phone contains `query` (any case).
    async fn search_contacts(&self, query: &str, limit: u32) -> Result<Vec<User>, TelegramError>;

    /// Users the account has blocked, paged.
    async fn list_blocked(&self, page: &PageRequest) -> Result<Page<User>, TelegramError>;

    /// Dialogs newest first (pinned first), filtered, paged. Only chats
    /// `visible` accepts fill the page. A page may come back short with a
    /// cursor when a narrow filter needed more dialogs than one call reads.
    async fn list_chats_page(
        &self,
        filter: &ChatFilter,
        page: &PageRequest,
        visible: &ChatVisible,
    ) -> Result<Page<Chat>, TelegramError>;

    /// Chats matching `query` (title or username, any case): the account's
    /// own dialogs first (exact, then prefix, then anywhere), then Telegram's
    /// directory (`contacts.search`: people and public chats).
    async fn search_chats(
        &self,
        query: &str,
        limit: u32,
        visible: &ChatVisible,
    ) -> Result<Vec<Chat>, TelegramError>;

    /// A forum's topics, most recently active first, with unread counts;
    /// `query` filters by title. A chat that is not a forum is an invalid argument.
    async fn list_topics(
        &self,
        chat: &str,
        query: Option<&str>,
        page: &PageRequest,
    ) -> Result<Page<Topic>, TelegramError>;

    /// A chat's messages newest first, filtered, paged. `filter.unread_only`
    /// keeps incoming messages above the read mark; `from`, `topic`, `media`
    /// and `min_date` use Telegram's search, the rest plain history.
    async fn get_history_page(
        &self,
        chat: &str,
        filter: &MessageFilter,
        page: &PageRequest,
    ) -> Result<Page<Message>, TelegramError>;

    /// Messages by link (`t.me/<name>/<id>`, `t.me/c/<id>/<msg>`,
    /// `t.me/<name>/<topic>/<id>`), in the links' order; missing ones are left out.
    async fn get_messages_by_link(&self, links: &[String]) -> Result<Vec<Message>, TelegramError>;

    /// Up to `before` older and `after` newer messages around message `id`
    /// (each at most 100), oldest first.
    async fn get_message_context(
        &self,
        chat: &str,
        id: i32,
        before: u32,
        after: u32,
    ) -> Result<MessageContext, TelegramError>;

    /// The replies under message `id` (its thread; for a channel post with
    /// comments, the comments; for a forum topic's id, the topic), newest first.
    async fn get_replies(
        &self,
        chat: &str,
        id: i32,
        page: &PageRequest,
    ) -> Result<Page<Message>, TelegramError>;

    /// The chat's pinned messages, newest first.
    async fn get_pinned_messages(
        &self,
        chat: &str,
        page: &PageRequest,
    ) -> Result<Page<Message>, TelegramError>;

    /// Unread messages per chat: `chats` (empty: every visible chat with
    /// unread messages, in dialog order), bounded by `limits`.
    async fn get_unread(
        &self,
        chats: &[String],
        limits: &UnreadLimits,
        visible: &ChatVisible,
    ) -> Result<UnreadDigest, TelegramError>;

    /// Messages matching `query` and `filter`, newest first, in one chat or
    /// in all (globally `from`, `topic` and `unread_only` are refused:
    /// Telegram cannot filter by them there). An empty query needs a filter.
    async fn search_messages_page(
        &self,
        query: &str,
        chat: Option<&str>,
        filter: &MessageFilter,
        page: &PageRequest,
    ) -> Result<Page<Message>, TelegramError>;
}
