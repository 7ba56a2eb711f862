//! `messages`: read and search messages (asks only for telegram-read).
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use tgmcp_sdk::{read, Message, Peer, Tool, ToolError};

fn default_limit() -> u32 {
    20
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct HistoryArgs {
    chat: Peer,
    #[serde(default = "default_limit")]
    #[schemars(range(min = 1, max = 200))]
    limit: u32,
    /// Return messages older than this id
    offset_id: Option<i32>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct SearchArgs {
    #[schemars(length(min = 1))]
    query: String,
    chat: Option<Peer>,
    #[serde(default = "default_limit")]
    #[schemars(range(min = 1, max = 100))]
    limit: u32,
}

#[derive(Serialize, JsonSchema)]
struct Messages {
    messages: Vec<Message>,
}

fn get_history(a: HistoryArgs) -> Result<Messages, ToolError> {
    let messages = read::get_history(&a.chat, a.limit, a.offset_id)?;
    Ok(Messages { messages })
}

fn search_messages(a: SearchArgs) -> Result<Messages, ToolError> {
    let messages = read::search_messages(&a.query, a.chat.as_deref(), a.limit)?;
    Ok(Messages { messages })
}

tgmcp_sdk::plugin![
    Tool::new(
        "get_history",
        "Recent messages of a chat, newest first. Page back with offset_id (the oldest id you have).",
    )
    .title("Read chat history")
    .read_only()
    .run(get_history),
    Tool::new(
        "search_messages",
        "Search messages by text, in one chat or across all chats, newest first.",
    )
    .title("Search messages")
    .read_only()
    .run(search_messages),
];
