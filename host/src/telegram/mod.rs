//! The Telegram side: one [`Backend`] trait and its grammers implementation,
//! which runs against Telegram or, for the demo and the tests, the local
//! MTProto server (`fakegram`).

pub mod account_ext;
pub mod admin_ext;
pub mod bots_ext;
pub mod chat_features_ext;
pub mod closest;
pub mod events;
pub mod extras_ext;
pub mod format;
pub mod grammers;
pub mod insight_ext;
pub mod login;
pub mod media;
pub mod payments_ext;
pub mod peer;
pub mod proxy;
pub mod raw_ext;
pub mod read_ext;
pub mod records;
pub mod rpc_errors;
pub mod session;
pub mod settings_ext;
pub mod socks_bridge;
pub mod stickers_ext;
pub mod stories_ext;
pub mod untrusted;
pub mod write_ext;

use async_trait::async_trait;
use serde::Serialize;

/// Credentials of a real account. The session string is never printed.
#[derive(Clone)]
pub struct Credentials {
    pub api_id: i32,
    pub api_hash: String,
    pub session: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("api_id", &self.api_id)
            .field("api_hash", &"<redacted>")
            .field("session", &"<redacted>")
            .finish()
    }
}

/// Kind of a dialog.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChatKind {
    /// Saved Messages (the chat with yourself).
    Saved,
    User,
    Bot,
    Group,
    Supergroup,
    Channel,
}

/// A Telegram user.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct User {
    pub id: i64,
    pub first_name: String,
    pub last_name: Option<String>,
    pub username: Option<String>,
    pub phone: Option<String>,
    pub is_bot: bool,
}

/// A dialog, with a Bot-API style id.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Chat {
    pub id: i64,
    pub kind: ChatKind,
    pub title: String,
    pub username: Option<String>,
    pub unread_count: u32,
    pub members_count: Option<u32>,
    /// `https://t.me/<username>` for chats with a username; `None` otherwise
    /// (private groups and channels have no link of their own, only their
    /// messages do; Saved Messages has none).
    pub url: Option<String>,
    /// A supergroup with forum topics.
    pub is_forum: bool,
    /// In the archive (folder 1).
    pub archived: bool,
    /// Pinned at the top of the chat list.
    pub pinned: bool,
    /// Unix seconds until which notifications are muted; `None` when not muted.
    pub muted_until: Option<i64>,
    /// Unread messages that mention the account.
    pub unread_mentions: u32,
    /// Unix seconds of the newest message, when the dialog list said.
    pub last_message_date: Option<i64>,
    /// The account's role in a group or channel; `None` in private chats.
    pub role: Option<ChatRole>,
    /// The description of a group or channel (filled by `get_chat_info` only).
    pub about: Option<String>,
}

/// The account's role in a group or channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChatRole {
    Creator,
    Admin,
    Member,
}

impl Chat {
    /// A chat known only by id, kind, title and username; the rest unknown.
    pub fn new(id: i64, kind: ChatKind, title: String, username: Option<String>) -> Chat {
        Chat {
            id,
            kind,
            title,
            username,
            unread_count: 0,
            members_count: None,
            url: None,
            is_forum: false,
            archived: false,
            pinned: false,
            muted_until: None,
            unread_mentions: 0,
            last_message_date: None,
            role: None,
            about: None,
        }
    }
}

impl ChatRole {
    /// The word tools show.
    pub fn as_str(self) -> &'static str {
        match self {
            ChatRole::Creator => "creator",
            ChatRole::Admin => "admin",
            ChatRole::Member => "member",
        }
    }
}

/// One message.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Message {
    pub id: i32,
    pub chat_id: i64,
    /// Unix seconds.
    pub date: i64,
    pub sender_id: Option<i64>,
    pub sender_name: Option<String>,
    pub text: String,
    pub outgoing: bool,
    pub reply_to: Option<i32>,
    /// The message's link: `https://t.me/<name>/<id>` in public groups and
    /// channels, `https://t.me/c/<bare id>/<id>` in private supergroups and
    /// channels (members only). `None` in private chats, basic groups and
    /// Saved Messages: Telegram has no links to those messages.
    pub url: Option<String>,
    /// The forum topic the message belongs to (1 is General); `None` outside forums.
    pub topic_id: Option<i32>,
    /// Unix seconds of the last edit.
    pub edit_date: Option<i64>,
    /// Where a forwarded message came from.
    pub forward: Option<records::Forward>,
    /// What the media is, for messages with media (their text may be empty).
    pub media: Option<records::MediaInfo>,
    pub reactions: Vec<records::ReactionCount>,
    /// What a service message says happened, in words; `None` for ordinary messages.
    pub action: Option<String>,
    /// The hidden URLs of the text's links (text-url entities), in order.
    pub links: Vec<String>,
    /// The quoted part of the replied-to message, when the reply quotes one.
    pub quote: Option<String>,
}

/// How message text is parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ParseMode {
    #[default]
    Plain,
    Markdown,
    Html,
}

/// Options of a sent message.
#[derive(Debug, Clone, Default)]
pub struct SendOptions {
    pub reply_to: Option<i32>,
    pub silent: bool,
    pub parse_mode: ParseMode,
    /// Forum topic (its id, from `list_topics`) to post into; 1 is General.
    pub topic: Option<i32>,
    /// Schedule for this Unix time (seconds) instead of sending now.
    pub schedule_at: Option<i64>,
    /// `None` keeps Telegram apps' default: a preview of the first link.
    pub link_preview: Option<bool>,
}

/// Why a Telegram operation failed, in words a user can act on.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TelegramError {
    /// The peer string does not name a chat this account can see; the
    /// closest chats it may have meant follow.
    #[error("chat \"{0}\" not found{1}")]
    ChatNotFound(String, closest::Suggestions),
    /// A message or other object is missing.
    #[error("{0}")]
    NotFound(String),
    /// Arguments Telegram would reject.
    #[error("{0}")]
    InvalidArgs(String),
    /// An RPC error with Telegram's own name (FLOOD_WAIT, CHAT_WRITE_FORBIDDEN, ...).
    #[error("{}", rpc_message(.name, .retry_after_secs))]
    Rpc {
        code: i32,
        name: String,
        retry_after_secs: Option<u32>,
    },
    /// The session string no longer works (revoked, duplicated key, deactivated
    /// account): fatal until a new one is made with `tgmcp login`.
    #[error("{0}")]
    SessionInvalid(String),
    /// The send broke off after reaching Telegram; the message most likely arrived.
    #[error("{0}")]
    ProbablySent(String),
    /// A request went unanswered on a connection that still answers pings:
    /// only that request was slow, nothing was reconnected.
    #[error("{0}")]
    Slow(String),
    /// Not connected to Telegram (network down, reconnecting).
    #[error("Telegram is unreachable ({0}); tgmcp keeps retrying: check the server's network")]
    Disconnected(String),
    /// Anything else.
    #[error("{0}")]
    Other(String),
}

fn rpc_message(name: &str, retry: &Option<u32>) -> String {
    rpc_errors::sentence(name, *retry).unwrap_or_else(|| name.to_string())
}

/// How the connection to Telegram stands, as `/health` reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConnectionState {
    /// Not yet answered (starting, or retrying after a failure at start).
    Connecting,
    Connected,
    /// The last request got no answer or the connection broke; retrying.
    Unreachable,
    /// The session string was revoked or is unknown: make a new one with `tgmcp login`.
    SessionInvalid,
}

pub use account_ext::AccountExt;
/// The operations tools can ask of a Telegram account. Peers are strings as
/// users write them (`me`, `@name`, `t.me/name`, `-100…`), resolved by the backend.
pub use admin_ext::AdminExt;
pub use bots_ext::BotsExt;
pub use chat_features_ext::ChatFeaturesExt;
pub use extras_ext::ExtrasExt;
pub use insight_ext::InsightExt;
pub use media::MediaExt;
pub use payments_ext::PaymentsExt;
pub use raw_ext::RawExt;
pub use read_ext::ReadExt;
pub use settings_ext::SettingsExt;
pub use stickers_ext::StickersExt;
pub use stories_ext::StoriesExt;
pub use write_ext::WriteExt;

/// Operations beyond the first eight live in their own traits, one file per
/// area (`read_ext.rs`, `write_ext.rs`, `media.rs`, `admin_ext.rs`), so each area grows in its own file.
#[async_trait]
pub trait Backend:
    ReadExt
    + WriteExt
    + MediaExt
    + AdminExt
    + AccountExt
    + ChatFeaturesExt
    + SettingsExt
    + InsightExt
    + RawExt
    + ExtrasExt
    + PaymentsExt
    + StickersExt
    + BotsExt
    + StoriesExt
    + Send
    + Sync
    + 'static
{
    /// `telegram` or `demo`.
    fn kind(&self) -> &'static str;
    /// The log of updates as they arrive, where the backend follows them.
    fn events(&self) -> Option<&events::EventLog> {
        None
    }
    /// How the connection stands.
    fn state(&self) -> ConnectionState;
    /// Whether the last request reached Telegram.
    fn connected(&self) -> bool {
        self.state() == ConnectionState::Connected
    }
    async fn get_me(&self) -> Result<User, TelegramError>;
    async fn list_chats(&self, limit: u32) -> Result<Vec<Chat>, TelegramError>;
    async fn get_chat(&self, chat: &str) -> Result<Chat, TelegramError>;
    /// The account's dialogs and contacts that `name` may mean, closest
    /// first (every match: the guard filters them by the policy).
    async fn similar_chats(&self, name: &str) -> Result<Vec<Chat>, TelegramError> {
        let _ = name;
        Ok(Vec::new())
    }
    /// A chat as `get_chat` shows it: [`Backend::get_chat`] completed from the
    /// full chat (member count, description), one more request.
    async fn get_chat_info(&self, chat: &str) -> Result<Chat, TelegramError> {
        self.get_chat(chat).await
    }
    /// Newest first; `offset_id` gives messages older than it.
    async fn get_history(
        &self,
        chat: &str,
        limit: u32,
        offset_id: Option<i32>,
    ) -> Result<Vec<Message>, TelegramError>;
    /// Newest first, in one chat or in all; `offset_id` gives older matches.
    async fn search_messages(
        &self,
        query: &str,
        chat: Option<&str>,
        limit: u32,
        offset_id: Option<i32>,
    ) -> Result<Vec<Message>, TelegramError>;
    async fn get_messages(&self, chat: &str, ids: &[i32]) -> Result<Vec<Message>, TelegramError>;
    async fn send_message(
        &self,
        chat: &str,
        text: &str,
        opts: &SendOptions,
    ) -> Result<Message, TelegramError>;
}
