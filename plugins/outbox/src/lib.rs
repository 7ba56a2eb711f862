//! `outbox`: send, edit, delete, forward, pin, react, drafts and polls (asks
//! only for telegram-write, granted separately from reading).
//!
//! Message ids are those the read tools return (`id` of a message record);
//! chats are written as everywhere else, so ids round-trip between tools.
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use tgmcp_sdk::{write, Date, Message, ParseMode, Peer, Profile, SendOptions, Tool, ToolError};

mod actions;
mod drafts;
mod later;
mod polls;

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct SendArgs {
    chat: Peer,
    #[schemars(length(min = 1, max = 4096))]
    text: String,
    /// Id of the message to reply to (a message `id` from get_history or search_messages)
    reply_to: Option<i32>,
    /// Send without notification
    #[serde(default)]
    silent: bool,
    #[serde(default)]
    parse_mode: ParseMode,
    /// Forum topic to post into (its id, from the topic list or a message's topic_id)
    topic: Option<i32>,
    /// Send then (in the future) instead of now; a scheduled message is not in
    /// get_history until it is sent
    schedule_at: Option<Date>,
    /// Show a preview of the first link (default: shown, as Telegram apps do)
    link_preview: Option<bool>,
}

/// A message the tool posted or changed.
#[derive(Serialize, JsonSchema)]
pub(crate) struct Sent {
    /// The message's id in `chat_id`: pass it to edit_message, pin_message, ...
    message_id: i32,
    chat_id: i64,
    message: Message,
}

impl From<Message> for Sent {
    fn from(message: Message) -> Self {
        Sent {
            message_id: message.id,
            chat_id: message.chat_id,
            message,
        }
    }
}

/// What a tool that changes a chat without posting returns.
#[derive(Serialize, JsonSchema)]
pub(crate) struct Done {
    /// The chat as the call named it.
    chat: String,
    /// The message the call acted on, when it named one.
    #[serde(skip_serializing_if = "Option::is_none")]
    message_id: Option<i32>,
    /// What happened, in words.
    status: String,
}

impl Done {
    pub(crate) fn new(chat: &Peer, message_id: Option<i32>, status: impl Into<String>) -> Self {
        Done {
            chat: chat.0.clone(),
            message_id,
            status: status.into(),
        }
    }
}

fn send_message(a: SendArgs) -> Result<Sent, ToolError> {
    let options = SendOptions {
        reply_to: a.reply_to,
        silent: a.silent,
        parse_mode: a.parse_mode,
        topic: a.topic,
        schedule_at: a.schedule_at.map(Date::unix),
        link_preview: a.link_preview,
    };
    Ok(write::send_message(&a.chat, &a.text, options)?.into())
}

tgmcp_sdk::plugin![
    Tool::new(
        "send_message",
        "Send a text message to a chat, optionally as a reply, into a forum topic, or \
         scheduled for later. Returns the new message and its id, which edit_message, \
         pin_message, delete_messages and the read tools accept.",
    )
    .title("Send message")
    .example(r#"{"chat": "me", "text": "Buy **coffee beans**", "parse_mode": "markdown"}"#)
    .example(
        r#"{"chat": "@tgmcp_community_demo", "topic": 2, "text": "Thanks, source link coming"}"#
    )
    .profile(Profile::Core)
    .sends()
    .run(send_message),
    actions::edit_tool(),
    actions::delete_tool(),
    actions::forward_tool(),
    actions::pin_tool(),
    actions::unpin_tool(),
    actions::reaction_tool(),
    drafts::save_tool(),
    drafts::clear_tool(),
    drafts::list_tool(),
    polls::create_tool(),
    polls::vote_tool(),
    later::delete_scheduled_tool(),
    later::send_scheduled_now_tool(),
    later::press_button_tool(),
    later::close_poll_tool(),
    later::delete_history_tool(),
    later::typing_tool(),
];
