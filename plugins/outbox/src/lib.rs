//! `outbox`: send messages (asks for telegram-write, granted separately from reading).
use serde::Deserialize;
use tgmcp_sdk::{json, message_json, message_schema, write, ParseMode, SendOptions, Tool, Value};

const CHAT_DESC: &str = "me, @username, t.me/name or a numeric id such as -1001234567890";

#[derive(Deserialize)]
struct SendArgs {
    chat: String,
    text: String,
    reply_to: Option<i32>,
    #[serde(default)]
    silent: bool,
    parse_mode: Option<String>,
}

fn tools() -> Vec<Tool> {
    vec![
        Tool::new(
            "send_message",
            "Send a text message to a chat. Returns the new message and its id.",
        )
        .title("Send message")
        .input(json!({
            "type": "object",
            "properties": {
                "chat": {"type": "string", "description": CHAT_DESC},
                "text": {"type": "string", "minLength": 1, "maxLength": 4096},
                "reply_to": {"type": "integer", "description": "Id of the message to reply to"},
                "silent": {"type": "boolean", "default": false, "description": "Send without notification"},
                "parse_mode": {"type": "string", "enum": ["plain", "markdown", "html"], "default": "plain"}
            },
            "required": ["chat", "text"],
            "additionalProperties": false
        }))
        .output(json!({
            "type": "object",
            "properties": {
                "message_id": {"type": "integer"},
                "chat_id": {"type": "integer"},
                "message": message_schema()
            },
            "required": ["message_id", "chat_id", "message"]
        }))
        .handler(|a: SendArgs| -> Result<Value, _> {
            let parse_mode = match a.parse_mode.as_deref() {
                Some("markdown") => ParseMode::Markdown,
                Some("html") => ParseMode::Html,
                _ => ParseMode::Plain,
            };
            let opts = SendOptions { reply_to: a.reply_to, silent: a.silent, parse_mode };
            let m = write::send_message(&a.chat, &a.text, opts)?;
            Ok(json!({"message_id": m.id, "chat_id": m.chat_id, "message": message_json(&m)}))
        }),
    ]
}

tgmcp_sdk::plugin!(tools);
