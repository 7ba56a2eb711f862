//! `chats`: the account's dialogs and one chat's details.
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use tgmcp_sdk::{read, Chat, Peer, Tool, ToolError};

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct ListArgs {
    /// How many chats to return
    #[serde(default = "default_limit")]
    #[schemars(range(min = 1, max = 500))]
    limit: u32,
}

fn default_limit() -> u32 {
    50
}

#[derive(Serialize, JsonSchema)]
struct Chats {
    chats: Vec<Chat>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct ChatArgs {
    chat: Peer,
}

fn list_chats(a: ListArgs) -> Result<Chats, ToolError> {
    Ok(Chats {
        chats: read::list_chats(a.limit)?,
    })
}

fn get_chat(a: ChatArgs) -> Result<Chat, ToolError> {
    read::get_chat(&a.chat)
}

tgmcp_sdk::plugin![
    Tool::new(
        "list_chats",
        "List the account's chats (dialogs), most recent first: Saved Messages, private chats, groups and channels, with ids usable in every other tool.",
    )
    .title("List chats")
    .read_only()
    .run(list_chats),
    Tool::new(
        "get_chat",
        "Details of one chat: kind, title, username, unread count, members.",
    )
    .title("Get chat")
    .read_only()
    .run(get_chat),
];
