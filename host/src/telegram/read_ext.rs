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

use super::records::{Page, PageRequest, UserFull};
use super::{Chat, TelegramError, User};

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
}
