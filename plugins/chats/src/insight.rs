//! Looking outward from a chat: channels like it, and its statistics.
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use tgmcp_sdk::read::{self, ChatStats};
use tgmcp_sdk::{Chat, Peer, Profile, Tool, ToolError};

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct SimilarArgs {
    /// A broadcast channel to find channels like; absent: recommendations for the account
    chat: Option<Peer>,
}

#[derive(Serialize, JsonSchema)]
struct Similar {
    /// Public channels, each joinable with join_chat by its username.
    chats: Vec<Chat>,
}

fn similar(a: SimilarArgs) -> Result<Similar, ToolError> {
    let chat = a.chat.map(|c| c.0);
    Ok(Similar {
        chats: read::get_similar_channels(chat.as_deref())?,
    })
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct StatsArgs {
    /// A channel or supergroup the account administers
    chat: Peer,
}

fn stats(a: StatsArgs) -> Result<ChatStats, ToolError> {
    read::get_chat_stats(&a.chat)
}

pub(crate) fn similar_tool() -> Tool {
    Tool::new(
        "get_similar_channels",
        "Public channels like a given channel (Telegram's recommendations), or recommended \
             for the account when no chat is given.",
    )
    .title("Similar channels")
    .read_only()
    .example(r#"{"chat": "@tgmcp_news"}"#)
    .example(r#"{}"#)
    .profile(Profile::Ext)
    .run(similar)
}

pub(crate) fn stats_tool() -> Tool {
    Tool::new(
        "get_chat_stats",
        "Statistics of a channel or supergroup the account administers, for the last \
             period: channels give followers, views, shares and reactions per \
             post and the share of followers with notifications on; groups give members, \
             messages, viewers, posters and the top posters. Each figure comes with the \
             previous period's value.",
    )
    .title("Chat statistics")
    .read_only()
    .example(r#"{"chat": "@rust_study_demo"}"#)
    .profile(Profile::Ext)
    .run(stats)
}
