//! `events`: what arrives while the server runs (asks only for
//! telegram-events). `wait_for_message` answers as soon as a message comes,
//! so an assistant can wait for a reply; `get_updates` pages through what
//! arrived since a cursor.
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use tgmcp_sdk::events::{self, UpdatePage};
use tgmcp_sdk::{Message, Peer, Profile, Tool, ToolError};

fn default_timeout() -> u32 {
    20
}

fn default_settle() -> u32 {
    500
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct WaitArgs {
    /// Chats to wait on (left out: every chat)
    #[serde(default)]
    #[schemars(length(max = 100))]
    chats: Vec<Peer>,
    /// Longest wait in seconds (default 20; the server caps it below its call timeout)
    #[serde(default = "default_timeout")]
    #[schemars(range(min = 1, max = 300))]
    timeout_secs: u32,
    /// After the first message, wait this many milliseconds more for the rest
    /// of a burst (default 500; at most 5000)
    #[serde(default = "default_settle")]
    #[schemars(range(max = 5000))]
    settle_ms: u32,
    /// Also return messages the account itself sends (default false: replies only)
    #[serde(default)]
    include_outgoing: bool,
}

/// What arrived.
#[derive(Serialize, JsonSchema)]
struct Arrived {
    /// New messages, oldest first; their ids work in every message tool.
    messages: Vec<Message>,
    /// True when the wait ended with nothing.
    timed_out: bool,
}

fn wait_for_message(a: WaitArgs) -> Result<Arrived, ToolError> {
    let chats: Vec<String> = a.chats.into_iter().map(|p| p.0).collect();
    let messages = events::wait_messages(
        &chats,
        a.timeout_secs.saturating_mul(1000),
        a.settle_ms,
        a.include_outgoing,
    )?;
    Ok(Arrived {
        timed_out: messages.is_empty(),
        messages,
    })
}

fn twenty() -> u32 {
    20
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct UpdatesArgs {
    /// next_cursor of the previous call (left out: the oldest update kept)
    #[schemars(length(max = 200))]
    cursor: Option<String>,
    /// Most updates to return (default 20, at most 100)
    #[serde(default = "twenty")]
    #[schemars(range(min = 1, max = 100))]
    limit: u32,
}

fn get_updates(a: UpdatesArgs) -> Result<UpdatePage, ToolError> {
    events::get_updates(a.cursor.as_deref(), a.limit)
}

tgmcp_sdk::plugin![
    Tool::new(
        "wait_for_message",
        "Wait for a new message in some chats (or any chat) and return it as soon as it \
         arrives, with the rest of its burst; returns timed_out: true when none comes in \
         timeout_secs. Use it to wait for a reply after send_message. Only messages that \
         arrive after the call starts count.",
    )
    .title("Wait for a message")
    .read_only()
    .example(r#"{"chats": ["@alice_demo"], "timeout_secs": 1}"#)
    .example(r#"{"timeout_secs": 1, "settle_ms": 0}"#)
    .profile(Profile::Std)
    .run(wait_for_message),
    Tool::new(
        "get_updates",
        "What arrived since a cursor: new, edited and deleted messages in arrival order \
         (the server keeps a bounded log since it started; missed: true says older ones \
         were dropped). Pass next_cursor back to continue.",
    )
    .title("Get updates")
    .read_only()
    .example(r#"{"limit": 10}"#)
    .profile(Profile::Std)
    .run(get_updates),
];
