//! Acting on existing messages: edit, delete, forward, pin, unpin, react.
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use tgmcp_sdk::{
    write, EditOptions, ForwardOptions, Message, ParseMode, Peer, Profile, Tool, ToolError,
};

use crate::{Done, Sent};

fn yes() -> bool {
    true
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct EditArgs {
    chat: Peer,
    /// Id of one of your own messages (a message `id` from get_history or send_message)
    message_id: i32,
    /// The new text; it replaces the old one, which is not kept
    #[schemars(length(min = 1, max = 4096))]
    text: String,
    #[serde(default)]
    parse_mode: ParseMode,
    /// Show a preview of the first link (default: shown)
    link_preview: Option<bool>,
}

fn edit_message(a: EditArgs) -> Result<Sent, ToolError> {
    let opts = EditOptions {
        parse_mode: a.parse_mode,
        link_preview: a.link_preview,
    };
    Ok(write::edit_message(&a.chat, a.message_id, &a.text, opts)?.into())
}

pub(crate) fn edit_tool() -> Tool {
    Tool::new(
        "edit_message",
        "Replace the text of one of your own messages (ids from get_history, \
         search_messages or send_message). The previous text is not kept. Returns the \
         edited message. Others' messages cannot be edited (MESSAGE_AUTHOR_REQUIRED).",
    )
    .title("Edit message")
    .idempotent()
    .example(r#"{"chat": "me", "message_id": 15, "text": "Wi-Fi at the cabin: hikers-2027"}"#)
    .profile(Profile::Core)
    .run(edit_message)
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct DeleteArgs {
    chat: Peer,
    /// Ids of messages in `chat` (from get_history or search_messages); at most 100
    #[schemars(length(min = 1, max = 100))]
    message_ids: Vec<i32>,
    /// Delete for everyone (default). False deletes only for this account in
    /// private chats and basic groups; supergroups and channels always delete for all
    #[serde(default = "yes")]
    revoke: bool,
}

#[derive(Serialize, JsonSchema)]
struct Deleted {
    chat: String,
    /// How many messages Telegram deleted; ids not in `chat` are skipped.
    deleted: u32,
}

fn delete_messages(a: DeleteArgs) -> Result<Deleted, ToolError> {
    let deleted = write::delete_messages(&a.chat, &a.message_ids, a.revoke)?;
    Ok(Deleted {
        chat: a.chat.0,
        deleted,
    })
}

pub(crate) fn delete_tool() -> Tool {
    Tool::new(
        "delete_messages",
        "Delete messages of a chat by id (ids from get_history or search_messages). \
         Deleted messages are gone for good: there is no undo. Returns how many were \
         deleted; ids that are not in the chat are skipped.",
    )
    .title("Delete messages")
    .destructive()
    .idempotent()
    .example(r#"{"chat": "me", "message_ids": [11]}"#)
    .profile(Profile::Core)
    .run(delete_messages)
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct ForwardArgs {
    /// The chat the messages are in
    from_chat: Peer,
    /// Ids of messages in `from_chat` (from get_history or search_messages); at most 100
    #[schemars(length(min = 1, max = 100))]
    message_ids: Vec<i32>,
    /// The chat to forward into
    to_chat: Peer,
    /// Send as copies without the "Forwarded from" header
    #[serde(default)]
    drop_author: bool,
    /// Deliver without notification
    #[serde(default)]
    silent: bool,
    /// Forum topic of `to_chat` to post into
    topic: Option<i32>,
}

#[derive(Serialize, JsonSchema)]
struct Forwarded {
    /// The new messages in `to_chat`, with their ids there.
    messages: Vec<Message>,
}

fn forward_messages(a: ForwardArgs) -> Result<Forwarded, ToolError> {
    let opts = ForwardOptions {
        drop_author: a.drop_author,
        silent: a.silent,
        topic: a.topic,
    };
    let messages = write::forward_messages(&a.from_chat, &a.message_ids, &a.to_chat, opts)?;
    Ok(Forwarded { messages })
}

pub(crate) fn forward_tool() -> Tool {
    Tool::new(
        "forward_messages",
        "Forward messages from one chat to another (ids from get_history or \
         search_messages). Returns the new messages with their ids in the target chat.",
    )
    .title("Forward messages")
    .example(r#"{"from_chat": "@rust_study_demo", "message_ids": [5], "to_chat": "me"}"#)
    .profile(Profile::Core)
    .sends()
    .run(forward_messages)
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct PinArgs {
    chat: Peer,
    /// Id of a message in `chat` (from get_history or search_messages)
    message_id: i32,
    /// Pin without notifying members
    #[serde(default)]
    silent: bool,
}

fn pin_message(a: PinArgs) -> Result<Done, ToolError> {
    write::pin_message(&a.chat, a.message_id, a.silent)?;
    Ok(Done::new(&a.chat, Some(a.message_id), "pinned"))
}

pub(crate) fn pin_tool() -> Tool {
    Tool::new(
        "pin_message",
        "Pin a message in a chat (id from get_history or search_messages). Other pins stay.",
    )
    .title("Pin message")
    .idempotent()
    .example(r#"{"chat": "me", "message_id": 6, "silent": true}"#)
    .profile(Profile::Std)
    .run(pin_message)
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct UnpinArgs {
    chat: Peer,
    /// Id of the pinned message to unpin; leave out with `all: true`
    message_id: Option<i32>,
    /// Unpin every pinned message of the chat
    #[serde(default)]
    all: bool,
}

fn unpin_message(a: UnpinArgs) -> Result<Done, ToolError> {
    match (a.message_id, a.all) {
        (Some(_), true) | (None, false) => Err(ToolError::InvalidArgs(
            "give either message_id or all: true".into(),
        )),
        (id, _) => {
            write::unpin_message(&a.chat, id)?;
            let status = if id.is_some() {
                "unpinned"
            } else {
                "unpinned all"
            };
            Ok(Done::new(&a.chat, id, status))
        }
    }
}

pub(crate) fn unpin_tool() -> Tool {
    Tool::new(
        "unpin_message",
        "Unpin one message (id from get_history), or every pinned message with all: true. \
         The messages stay in the chat.",
    )
    .title("Unpin message")
    .idempotent()
    .example(r#"{"chat": "@rust_study_demo", "message_id": 1}"#)
    .profile(Profile::Std)
    .run(unpin_message)
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct ReactionArgs {
    chat: Peer,
    /// Id of a message in `chat` (from get_history or search_messages)
    message_id: i32,
    /// Emoji to set, e.g. ["👍"]; replaces your previous reactions; empty removes them
    #[schemars(length(max = 3))]
    reactions: Vec<String>,
}

#[derive(Serialize, JsonSchema)]
struct Reacted {
    chat: String,
    message_id: i32,
    /// Your reactions on the message now.
    reactions: Vec<String>,
}

fn send_reaction(a: ReactionArgs) -> Result<Reacted, ToolError> {
    write::send_reaction(&a.chat, a.message_id, &a.reactions)?;
    Ok(Reacted {
        chat: a.chat.0,
        message_id: a.message_id,
        reactions: a.reactions,
    })
}

pub(crate) fn reaction_tool() -> Tool {
    Tool::new(
        "send_reaction",
        "Set your emoji reactions on a message (id from get_history or search_messages); \
         an empty list removes them. Chats may allow only some emoji.",
    )
    .title("React to message")
    .idempotent()
    .example(r#"{"chat": "@rust_study_demo", "message_id": 6, "reactions": ["👍"]}"#)
    .profile(Profile::Core)
    .run(send_reaction)
}
