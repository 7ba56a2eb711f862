//! `chats`: the account's dialogs and one chat's details.
use serde::Deserialize;
use tgmcp_sdk::{chat_json, chat_schema, json, read, Tool, Value};

#[derive(Deserialize)]
struct ListArgs {
    limit: Option<u32>,
}

#[derive(Deserialize)]
struct ChatArgs {
    chat: String,
}

fn tools() -> Vec<Tool> {
    vec![
        Tool::new(
            "list_chats",
            "List the account's chats (dialogs), most recent first: Saved Messages, private chats, groups and channels, with ids usable in every other tool.",
        )
        .title("List chats")
        .read_only()
        .input(json!({
            "type": "object",
            "properties": {
                "limit": {"type": "integer", "minimum": 1, "maximum": 500, "default": 50, "description": "How many chats to return"}
            },
            "additionalProperties": false
        }))
        .output(json!({
            "type": "object",
            "properties": {"chats": {"type": "array", "items": chat_schema()}},
            "required": ["chats"]
        }))
        .handler(|a: ListArgs| -> Result<Value, _> {
            let chats = read::list_chats(a.limit.unwrap_or(50))?;
            Ok(json!({"chats": chats.iter().map(chat_json).collect::<Vec<_>>()}))
        }),
        Tool::new(
            "get_chat",
            "Details of one chat: kind, title, username, unread count, members.",
        )
        .title("Get chat")
        .read_only()
        .input(json!({
            "type": "object",
            "properties": {
                "chat": {"type": "string", "description": "me, @username, t.me/name or a numeric id such as -1001234567890"}
            },
            "required": ["chat"],
            "additionalProperties": false
        }))
        .output(chat_schema())
        .handler(|a: ChatArgs| -> Result<Value, _> { Ok(chat_json(&read::get_chat(&a.chat)?)) }),
    ]
}

tgmcp_sdk::plugin!(tools);
