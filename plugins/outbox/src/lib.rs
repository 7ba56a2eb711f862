//! `outbox`: send messages (asks for telegram-write, granted separately from reading).
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use tgmcp_sdk::{write, Message, ParseMode, Peer, SendOptions, Tool, ToolError};

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct SendArgs {
    chat: Peer,
    #[schemars(length(min = 1, max = 4096))]
    text: String,
    /// Id of the message to reply to
    reply_to: Option<i32>,
    /// Send without notification
    #[serde(default)]
    silent: bool,
    #[serde(default)]
    parse_mode: ParseMode,
    /// Forum topic to post into (its id, from the topic list or a message's reply chain)
    topic: Option<i32>,
}

#[derive(Serialize, JsonSchema)]
struct Sent {
    message_id: i32,
    chat_id: i64,
    message: Message,
}

fn send_message(a: SendArgs) -> Result<Sent, ToolError> {
    let options = SendOptions {
        reply_to: a.reply_to,
        silent: a.silent,
        parse_mode: a.parse_mode,
        topic: a.topic,
    };
    let message = write::send_message(&a.chat, &a.text, options)?;
    Ok(Sent {
        message_id: message.id,
        chat_id: message.chat_id,
        message,
    })
}

tgmcp_sdk::plugin![Tool::new(
    "send_message",
    "Send a text message to a chat. Returns the new message and its id.",
)
.title("Send message")
.run(send_message)];
