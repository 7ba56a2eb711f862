//! `research`: the `search` / `fetch` pair ChatGPT deep research and connectors expect.
//!
//! A result id is `<chat_id>:<message_id>`; its URL opens the message in Telegram.
use std::collections::HashMap;

use serde::Deserialize;
use tgmcp_sdk::{json, read, Chat, ChatKind, Message, Tool, ToolError, Value};

#[derive(Deserialize)]
struct SearchArgs {
    query: String,
}

#[derive(Deserialize)]
struct FetchArgs {
    id: String,
}

/// Link to a message: public chats by username, others by internal id.
fn message_url(chat: &Chat, msg_id: i32) -> String {
    if let Some(u) = &chat.username {
        return format!("https://t.me/{u}/{msg_id}");
    }
    match chat.kind {
        ChatKind::Channel | ChatKind::Supergroup => {
            let internal = (-chat.id) - 1_000_000_000_000;
            format!("https://t.me/c/{internal}/{msg_id}")
        }
        _ => format!("tg://openmessage?chat_id={}&message_id={msg_id}", chat.id),
    }
}

fn snippet(text: &str, max: usize) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        one_line
    } else {
        one_line.chars().take(max).collect::<String>() + "…"
    }
}

fn title(chat: &Chat, m: &Message) -> String {
    format!("{}: {}", chat.title, snippet(&m.text, 80))
}

fn parse_id(id: &str) -> Result<(i64, i32), ToolError> {
    let bad = || {
        ToolError::InvalidArgs(format!(
            "id \"{id}\" is not of the form <chat_id>:<message_id> returned by search"
        ))
    };
    let (c, m) = id.split_once(':').ok_or_else(bad)?;
    Ok((
        c.trim().parse().map_err(|_| bad())?,
        m.trim().parse().map_err(|_| bad())?,
    ))
}

fn tools() -> Vec<Tool> {
    vec![
        Tool::new(
            "search",
            "Search all Telegram chats for messages matching the query. Returns ids to pass to fetch.",
        )
        .title("Search Telegram")
        .read_only()
        .input(json!({
            "type": "object",
            "properties": {"query": {"type": "string", "description": "Words to look for"}},
            "required": ["query"]
        }))
        .output(json!({
            "type": "object",
            "properties": {
                "results": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "id": {"type": "string"},
                            "title": {"type": "string"},
                            "url": {"type": "string"}
                        },
                        "required": ["id", "title", "url"]
                    }
                }
            },
            "required": ["results"]
        }))
        .handler(|a: SearchArgs| -> Result<Value, ToolError> {
            let msgs = read::search_messages(&a.query, None, 20)?;
            let mut chats: HashMap<i64, Chat> = HashMap::new();
            let mut results = Vec::new();
            for m in &msgs {
                if !chats.contains_key(&m.chat_id) {
                    let c = read::get_chat(&m.chat_id.to_string())?;
                    chats.insert(m.chat_id, c);
                }
                let chat = &chats[&m.chat_id];
                results.push(json!({
                    "id": format!("{}:{}", m.chat_id, m.id),
                    "title": title(chat, m),
                    "url": message_url(chat, m.id),
                }));
            }
            Ok(json!({ "results": results }))
        }),
        Tool::new(
            "fetch",
            "Fetch the full text of one message found by search, with its chat, sender and date.",
        )
        .title("Fetch message")
        .read_only()
        .input(json!({
            "type": "object",
            "properties": {"id": {"type": "string", "description": "An id returned by search: <chat_id>:<message_id>"}},
            "required": ["id"]
        }))
        .output(json!({
            "type": "object",
            "properties": {
                "id": {"type": "string"},
                "title": {"type": "string"},
                "text": {"type": "string"},
                "url": {"type": "string"},
                "metadata": {"type": "object"}
            },
            "required": ["id", "title", "text", "url"]
        }))
        .handler(|a: FetchArgs| -> Result<Value, ToolError> {
            let (chat_id, msg_id) = parse_id(&a.id)?;
            let chat = read::get_chat(&chat_id.to_string())?;
            let m = read::get_messages(&chat_id.to_string(), &[msg_id])?
                .into_iter()
                .next()
                .ok_or_else(|| ToolError::NotFound(format!("message {msg_id} not found in chat {chat_id}")))?;
            Ok(json!({
                "id": a.id,
                "title": title(&chat, &m),
                "text": m.text,
                "url": message_url(&chat, m.id),
                "metadata": {
                    "chat_id": chat.id,
                    "chat_title": chat.title,
                    "date": m.date,
                    "sender_id": m.sender_id,
                    "sender_name": m.sender_name,
                }
            }))
        }),
    ]
}

tgmcp_sdk::plugin!(tools);
