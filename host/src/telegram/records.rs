//! Records the reading operations of [`super::ReadExt`] take and return:
//! pages with opaque cursors, filters, and the richer user, topic, media,
//! context and unread records.

use serde::{Deserialize, Serialize};

use super::{Chat, ChatKind, Message, TelegramError, User};

/// One page of a list. `next_cursor` is `None` on the last page; otherwise
/// pass it back (unchanged) as [`PageRequest::cursor`] for the next page.
/// Cursors are opaque strings that stay valid across restarts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

impl<T> Page<T> {
    /// The last page: `items` and no cursor.
    pub fn last(items: Vec<T>) -> Self {
        Page {
            items,
            next_cursor: None,
        }
    }
}

/// Which page to read: `cursor` from the previous [`Page`] (`None`: the
/// first page) and at most `limit` items (the guard clamps it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageRequest {
    pub cursor: Option<String>,
    pub limit: u32,
}

impl PageRequest {
    /// The first page of up to `limit` items.
    pub fn first(limit: u32) -> Self {
        PageRequest {
            cursor: None,
            limit,
        }
    }
}

/// Which dialogs `list_chats` returns. The default is every unarchived chat.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChatFilter {
    /// Only chats with unread messages (or marked unread).
    pub unread_only: bool,
    /// `Some(true)`: the archive only; `Some(false)` or `None`: the main list.
    pub archived: Option<bool>,
    /// Only these kinds (empty: every kind).
    pub kinds: Vec<ChatKind>,
}

/// Which messages a history or search returns. The default is all of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MessageFilter {
    /// Unix seconds, inclusive.
    pub min_date: Option<i64>,
    /// Unix seconds, inclusive.
    pub max_date: Option<i64>,
    /// The sender, as a chat is written (`me`, `@name`, an id…).
    pub from: Option<String>,
    /// A forum topic's id (its first message; 1 is General).
    pub topic: Option<i32>,
    /// Only incoming messages the account has not read yet.
    pub unread_only: bool,
    /// Only messages with this kind of media.
    pub media: Option<MediaKind>,
}

impl MessageFilter {
    /// Whether nothing is filtered.
    pub fn is_empty(&self) -> bool {
        *self == MessageFilter::default()
    }
}

/// What a message's media is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MediaKind {
    Photo,
    Video,
    Document,
    Voice,
    Audio,
    /// A round video message.
    Round,
    Sticker,
    Gif,
    Location,
    Contact,
    Poll,
    /// A link preview.
    Webpage,
    Other,
}

/// What a media message carries, so a message with empty text still says
/// what it is. Fields Telegram does not give for a kind are `None`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MediaInfo {
    pub kind: MediaKind,
    pub mime: Option<String>,
    /// Bytes (the largest size, for photos).
    pub size: Option<u64>,
    pub file_name: Option<String>,
    /// Seconds, for audio, voice and video.
    pub duration: Option<f64>,
    pub width: Option<u32>,
    pub height: Option<u32>,
    /// What media without a file says, in words (poll, contact, dice, place, link preview).
    pub summary: Option<String>,
}

/// Where a forwarded message came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Forward {
    /// The original sender's (or channel's) Bot-API id, when Telegram shows it.
    pub from_id: Option<i64>,
    /// The original sender's name (users who hide their account give only this).
    pub from_name: Option<String>,
    /// When the original was sent, Unix seconds.
    pub date: i64,
}

/// How many people reacted with one emoji (custom emoji: `custom:<id>`; paid: `paid`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReactionCount {
    pub emoji: String,
    pub count: u32,
}

/// When a user was last online, as precisely as their privacy settings allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Presence {
    Online,
    /// Offline; [`UserFull::last_seen`] has the time.
    Offline,
    Recently,
    LastWeek,
    LastMonth,
    /// Hidden or long ago.
    Unknown,
}

/// A user with their profile: bio, last seen, common chats, bot description.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UserFull {
    pub user: User,
    /// The bio.
    pub about: Option<String>,
    pub presence: Presence,
    /// Unix seconds, when the user shows it.
    pub last_seen: Option<i64>,
    /// Groups and channels shared with the account.
    pub common_chats: u32,
    /// What a bot says about itself (bots only).
    pub bot_description: Option<String>,
    /// The date of the newest message in the private chat, if any.
    pub last_interaction: Option<i64>,
    pub is_contact: bool,
    pub blocked: bool,
    /// `https://t.me/<username>`, when the user has one.
    pub url: Option<String>,
}

/// A forum topic.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Topic {
    /// The topic's id: the id of the message that created it (1 is General).
    pub id: i32,
    pub title: String,
    /// Creation date, Unix seconds.
    pub date: i64,
    pub unread_count: u32,
    pub unread_mentions: u32,
    /// The newest message's id.
    pub top_message: i32,
    pub closed: bool,
    pub pinned: bool,
    /// The topic's link (`t.me/<name>/<id>` or `t.me/c/<id>/<topic>`).
    pub url: Option<String>,
}

/// A message with the messages around it, each list oldest first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MessageContext {
    pub before: Vec<Message>,
    /// `None` if the message is gone (deleted, or never existed).
    pub message: Option<Message>,
    pub after: Vec<Message>,
}

/// One chat of the unread digest.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnreadChat {
    pub chat: Chat,
    pub unread_count: u32,
    pub unread_mentions: u32,
    pub unread_reactions: u32,
    /// The newest unread messages, oldest first (at most the per-chat bound).
    pub messages: Vec<Message>,
    /// Unread messages that mention the account, when any.
    pub mentions: Vec<Message>,
    /// More unread messages exist than `messages` holds.
    pub truncated: bool,
}

/// Unread messages across chats, bounded per chat and overall.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnreadDigest {
    pub chats: Vec<UnreadChat>,
    /// Chats with unread messages that did not fit (more chats exist, or the
    /// overall bound was reached).
    pub truncated: bool,
}

/// Bounds of the unread digest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnreadLimits {
    /// Most chats in the digest.
    pub max_chats: u32,
    /// Most unread messages (and, separately, mentions) per chat.
    pub per_chat: u32,
    /// Most unread messages overall.
    pub max_messages: u32,
}

impl Default for UnreadLimits {
    fn default() -> Self {
        UnreadLimits {
            max_chats: 10,
            per_chat: 5,
            max_messages: 50,
        }
    }
}

/// Opaque page cursors: base64url of a small JSON value tagged with the
/// operation, so a cursor from one list is refused by another.
pub mod cursor {
    use base64::Engine as _;
    use serde::de::DeserializeOwned;
    use serde::Serialize;

    use super::TelegramError;

    const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    /// Cursors longer than this are not ours.
    const MAX_LEN: usize = 512;

    /// Encodes `value` as a cursor of operation `op`.
    pub fn encode<T: Serialize>(op: &str, value: &T) -> String {
        let body = serde_json::to_vec(&(op, value)).unwrap_or_default();
        B64.encode(body)
    }

    /// Decodes a cursor of operation `op`; anything else is an invalid argument.
    pub fn decode<T: DeserializeOwned>(op: &str, cursor: &str) -> Result<T, TelegramError> {
        let bad = || {
            TelegramError::InvalidArgs(format!(
                "invalid cursor for {op}: pass next_cursor from the previous page unchanged"
            ))
        };
        if cursor.len() > MAX_LEN {
            return Err(bad());
        }
        let raw = B64.decode(cursor.trim()).map_err(|_| bad())?;
        let (tag, value): (String, T) = serde_json::from_slice(&raw).map_err(|_| bad())?;
        if tag != op {
            return Err(bad());
        }
        Ok(value)
    }

    /// Decodes an optional cursor.
    pub fn decode_opt<T: DeserializeOwned>(
        op: &str,
        cursor: Option<&str>,
    ) -> Result<Option<T>, TelegramError> {
        cursor
            .filter(|c| !c.trim().is_empty())
            .map(|c| decode(op, c))
            .transpose()
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn cursors_round_trip_and_are_tied_to_their_operation() {
            let c = encode("history", &(42, 7i64));
            assert_eq!(decode::<(i32, i64)>("history", &c).unwrap(), (42, 7));
            assert!(decode::<(i32, i64)>("search", &c).is_err());
            assert!(decode::<(i32, i64)>("history", "not a cursor").is_err());
            assert_eq!(decode_opt::<i32>("x", Some(" ")).unwrap(), None);
        }
    }
}
