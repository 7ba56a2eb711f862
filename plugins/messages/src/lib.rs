//! `messages`: read and search messages (asks only for telegram-read).
use serde::Deserialize;
use tgmcp_sdk::{
    json, message_json, message_schema, read, write, ParseMode, SendOptions, Tool, Value,
};

const CHAT_DESC: &str = "me, @username, t.me/name or a numeric id such as -1001234567890";

#[derive(Deserialize)]
struct HistoryArgs {
    chat: String,
    limit: Option<u32>,
    offset_id: Option<i32>,
}

#[derive(Deserialize)]
struct SearchArgs {
    query: String,
    chat: Option<String>,
    limit: Option<u32>,
}

fn messages_output() -> Value {
    json!({
        "type": "object",
        "properties": {"messages": {"type": "array", "items": message_schema()}},
        "required": ["messages"]
    })
}

fn tools() -> Vec<Tool> {
    vec![
        Tool::new(
            "get_history",
            "Recent messages of a chat, newest first. Page back with offset_id (the oldest id you have).",
        )
        .title("Read chat history")
        .read_only()
        .input(json!({
            "type": "object",
            "properties": {
                "chat": {"type": "string", "description": CHAT_DESC},
                "limit": {"type": "integer", "minimum": 1, "maximum": 200, "default": 20},
                "offset_id": {"type": "integer", "description": "Return messages older than this id"}
            },
            "required": ["chat"],
            "additionalProperties": false
        }))
        .output(messages_output())
        .handler(|a: HistoryArgs| -> Result<Value, _> {
            let msgs = read::get_history(&a.chat, a.limit.unwrap_or(20), a.offset_id)?;
            Ok(json!({"messages": msgs.iter().map(message_json).collect::<Vec<_>>()}))
        }),
        Tool::new(
            "search_messages",
            "Search messages by text, in one chat or across all chats, newest first.",
        )
        .title("Search messages")
        .read_only()
        .input(json!({
            "type": "object",
            "properties": {
                "query": {"type": "string", "minLength": 1},
                "chat": {"type": "string", "description": CHAT_DESC},
                "limit": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}
            },
            "required": ["query"],
            "additionalProperties": false
        }))
        .output(messages_output())
        .handler(|a: SearchArgs| -> Result<Value, _> {
            let msgs = read::search_messages(&a.query, a.chat.as_deref(), a.limit.unwrap_or(20))?;
            Ok(json!({"messages": msgs.iter().map(message_json).collect::<Vec<_>>()}))
        }),
    ]
}

tgmcp_sdk::plugin!(tools);
