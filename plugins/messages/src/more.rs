//! Reads by id, link, thread and state: get_messages, get_message_context,
//! get_replies, get_pinned_messages, get_unread.
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use tgmcp_sdk::{read, Message, MessageContext, Page, Peer, ToolError, UnreadDigest, UnreadLimits};

use super::{default_limit, Messages};

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct GetArgs {
    /// The chat the ids belong to (needed with ids)
    chat: Option<Peer>,
    /// Message ids in `chat`
    #[serde(default)]
    #[schemars(length(max = 100))]
    message_ids: Vec<i32>,
    /// t.me message links: t.me/name/123, t.me/c/1234567890/123, t.me/name/topic/123
    #[serde(default)]
    #[schemars(length(max = 100))]
    links: Vec<String>,
}

/// Messages, in the order asked for.
#[derive(Serialize, JsonSchema)]
pub(crate) struct Found {
    messages: Vec<Message>,
}

pub(crate) fn get_messages(a: GetArgs) -> Result<Found, ToolError> {
    let mut messages = Vec::new();
    if !a.message_ids.is_empty() {
        let chat = a.chat.as_deref().ok_or_else(|| {
            ToolError::InvalidArgs("ids need the chat they belong to: give chat too".into())
        })?;
        messages = read::get_messages(chat, &a.message_ids)?;
    }
    if !a.links.is_empty() {
        messages.extend(read::get_messages_by_link(&a.links)?);
    }
    if a.message_ids.is_empty() && a.links.is_empty() {
        return Err(ToolError::InvalidArgs(
            "give ids (with chat) or links".into(),
        ));
    }
    Ok(Found { messages })
}

fn default_around() -> u32 {
    5
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ContextArgs {
    chat: Peer,
    message_id: i32,
    /// How many older messages
    #[serde(default = "default_around")]
    #[schemars(range(min = 0, max = 50))]
    before: u32,
    /// How many newer messages
    #[serde(default = "default_around")]
    #[schemars(range(min = 0, max = 50))]
    after: u32,
}

pub(crate) fn get_message_context(a: ContextArgs) -> Result<MessageContext, ToolError> {
    read::get_message_context(&a.chat, a.message_id, a.before, a.after)
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct RepliesArgs {
    chat: Peer,
    /// The message (or forum topic) id whose replies to read
    message_id: i32,
    #[serde(default = "default_limit")]
    #[schemars(range(min = 1, max = 200))]
    limit: u32,
    /// The previous page's next_cursor
    cursor: Option<String>,
}

pub(crate) fn get_replies(a: RepliesArgs) -> Result<Messages, ToolError> {
    let page = Page {
        cursor: a.cursor,
        limit: a.limit,
    };
    Ok(read::get_replies(&a.chat, a.message_id, &page)?.into())
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct PinnedArgs {
    chat: Peer,
    #[serde(default = "default_limit")]
    #[schemars(range(min = 1, max = 200))]
    limit: u32,
    /// The previous page's next_cursor
    cursor: Option<String>,
}

pub(crate) fn get_pinned_messages(a: PinnedArgs) -> Result<Messages, ToolError> {
    let page = Page {
        cursor: a.cursor,
        limit: a.limit,
    };
    Ok(read::get_pinned(&a.chat, &page)?.into())
}

fn default_max_chats() -> u32 {
    10
}

fn default_max_messages() -> u32 {
    50
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct UnreadArgs {
    /// Only these chats (absent or empty: every chat with unread messages, in dialog order)
    #[serde(default)]
    #[schemars(length(max = 50))]
    chats: Vec<Peer>,
    /// Most chats in the digest
    #[serde(default = "default_max_chats")]
    #[schemars(range(min = 1, max = 50))]
    max_chats: u32,
    /// Most unread messages (and, separately, mentions) per chat
    #[serde(default = "default_around")]
    #[schemars(range(min = 1, max = 50))]
    per_chat: u32,
    /// Most unread messages overall
    #[serde(default = "default_max_messages")]
    #[schemars(range(min = 1, max = 200))]
    max_messages: u32,
}

/// The digest with each thing said once: an entry's chat stands for every
/// message in it (no `chat_id` on each) and its unread count is the entry's.
pub(crate) struct Digest(UnreadDigest);

impl Serialize for Digest {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut v = serde_json::to_value(&self.0).map_err(serde::ser::Error::custom)?;
        for entry in v["chats"].as_array_mut().into_iter().flatten() {
            if let Some(chat) = entry["chat"].as_object_mut() {
                chat.remove("unread_count");
            }
            for list in ["messages", "mentions"] {
                for m in entry[list].as_array_mut().into_iter().flatten() {
                    if let Some(m) = m.as_object_mut() {
                        m.remove("chat_id");
                    }
                }
            }
        }
        v.serialize(s)
    }
}

impl JsonSchema for Digest {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        UnreadDigest::schema_name()
    }

    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        UnreadDigest::json_schema(g)
    }
}

pub(crate) fn get_unread(a: UnreadArgs) -> Result<Digest, ToolError> {
    let chats: Vec<String> = a.chats.into_iter().map(|p| p.0).collect();
    let limits = UnreadLimits {
        max_chats: a.max_chats,
        per_chat: a.per_chat,
        max_messages: a.max_messages,
    };
    read::get_unread(&chats, limits).map(Digest)
}
