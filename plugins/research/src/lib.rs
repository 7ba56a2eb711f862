//! `research`: the `search` / `fetch` pair ChatGPT deep research and connectors expect.
//!
//! A result id is `<chat_id>:<message_id>`; its URL opens the message in Telegram.
use std::collections::hash_map::{Entry, HashMap};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use tgmcp_sdk::{read, Chat, ChatKind, Message, Profile, Tool, ToolError};

// Unknown arguments are refused like every other tool's: OpenAI's deep
// research contract is exactly `search(query)` and `fetch(id)`.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct SearchArgs {
    /// Words to look for
    query: String,
}

#[derive(Serialize, JsonSchema)]
struct SearchResults {
    results: Vec<SearchResult>,
}

#[derive(Serialize, JsonSchema)]
struct SearchResult {
    id: String,
    title: String,
    url: String,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct FetchArgs {
    /// An id returned by search: <chat_id>:<message_id>
    id: String,
}

#[derive(Serialize, JsonSchema)]
struct Document {
    id: String,
    title: String,
    text: String,
    url: String,
    metadata: Metadata,
}

#[derive(Serialize, JsonSchema)]
struct Metadata {
    chat_id: i64,
    chat_title: String,
    date: i64,
    sender_id: Option<i64>,
    sender_name: Option<String>,
}

/// Link to a message: the host's `t.me` link where one exists (public chats,
/// supergroups, channels). Private chats, Saved Messages and basic groups have
/// no web link to a message: a `tg://openmessage` link opens it in the app,
/// where a `t.me/<username>` link would only open the profile.
fn message_url(chat: &Chat, m: &Message) -> String {
    if let Some(u) = &m.url {
        return u.clone();
    }
    match chat.kind {
        ChatKind::Channel | ChatKind::Supergroup => {
            let internal = (-chat.id) - 1_000_000_000_000;
            format!("https://t.me/c/{internal}/{}", m.id)
        }
        ChatKind::Group => format!("tg://openmessage?chat_id={}&message_id={}", -chat.id, m.id),
        _ => format!("tg://openmessage?user_id={}&message_id={}", chat.id, m.id),
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

fn search(a: SearchArgs) -> Result<SearchResults, ToolError> {
    let msgs = read::search_messages(
        &a.query,
        None,
        &tgmcp_sdk::MessageFilter::default(),
        &tgmcp_sdk::Page {
            cursor: None,
            limit: 20,
        },
    )?
    .messages;
    let mut chats: HashMap<i64, Chat> = HashMap::new();
    let mut results = Vec::new();
    for m in &msgs {
        let chat = match chats.entry(m.chat_id) {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => e.insert(read::get_chat(&m.chat_id.to_string())?),
        };
        results.push(SearchResult {
            id: format!("{}:{}", m.chat_id, m.id),
            title: title(chat, m),
            url: message_url(chat, m),
        });
    }
    Ok(SearchResults { results })
}

fn fetch(a: FetchArgs) -> Result<Document, ToolError> {
    let (chat_id, msg_id) = parse_id(&a.id)?;
    let chat = read::get_chat(&chat_id.to_string())?;
    let m = read::get_messages(&chat_id.to_string(), &[msg_id])?
        .into_iter()
        .next()
        .ok_or_else(|| {
            ToolError::NotFound(format!("message {msg_id} not found in chat {chat_id}"))
        })?;
    Ok(Document {
        title: title(&chat, &m),
        url: message_url(&chat, &m),
        metadata: Metadata {
            chat_id: chat.id,
            chat_title: chat.title,
            date: m.date,
            sender_id: m.sender_id,
            sender_name: m.sender_name,
        },
        id: a.id,
        text: m.text,
    })
}

tgmcp_sdk::plugin![
    Tool::new(
        "search",
        "Search all Telegram chats for messages matching the query. Returns ids to pass to fetch.",
    )
    .title("Search Telegram")
    .read_only()
    .example(r#"{"query": "quarterly report"}"#)
    .profile(Profile::Core)
    .run(search),
    Tool::new(
        "fetch",
        "Fetch the full text of one message found by search, with its chat, sender and date.",
    )
    .title("Fetch message")
    .read_only()
    .example(r#"{"id": "200000001:21"}"#)
    .profile(Profile::Core)
    .run(fetch),
];
