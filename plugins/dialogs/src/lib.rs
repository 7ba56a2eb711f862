//! `dialogs`: read marks, notifications, archive, joining and leaving chats
//! (asks only for telegram-write). Chats are written as in the read tools;
//! `get_chat` shows the effect (unread_count after mark_read, for one).
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use tgmcp_sdk::{write, Chat, Date, Mute, Peer, Profile, Tool, ToolError};

mod folders;

fn yes() -> bool {
    true
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct ChatArgs {
    chat: Peer,
}

/// What a dialog tool returns.
#[derive(Serialize, JsonSchema)]
struct Done {
    /// The chat as the call named it.
    chat: String,
    /// What happened, in words.
    status: String,
}

fn done(chat: Peer, status: impl Into<String>) -> Done {
    Done {
        chat: chat.0,
        status: status.into(),
    }
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct ReadArgs {
    chat: Peer,
    /// Mark only this forum topic read (its id, from the topic list or a message's topic_id)
    topic: Option<i32>,
}

fn mark_read(a: ReadArgs) -> Result<Done, ToolError> {
    write::mark_read(&a.chat, a.topic)?;
    Ok(done(a.chat, "marked read"))
}

fn mark_unread(a: ChatArgs) -> Result<Done, ToolError> {
    write::mark_unread(&a.chat)?;
    Ok(done(a.chat, "marked unread"))
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct MuteArgs {
    chat: Peer,
    /// True mutes (default), false turns notifications back on
    #[serde(default = "yes")]
    muted: bool,
    /// Mute until then; left out mutes until unmuted
    until: Option<Date>,
}

fn mute_chat(a: MuteArgs) -> Result<Done, ToolError> {
    let (mute, status) = match (a.muted, a.until) {
        (false, Some(_)) => {
            return Err(ToolError::InvalidArgs(
                "until only applies with muted: true".into(),
            ))
        }
        (false, None) => (Mute::Off, "unmuted".to_string()),
        (true, None) => (Mute::Forever, "muted until unmuted".to_string()),
        (true, Some(t)) => (Mute::Until(t.unix()), format!("muted until {t}")),
    };
    write::mute_chat(&a.chat, mute)?;
    Ok(done(a.chat, status))
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct ArchiveArgs {
    chat: Peer,
    /// True moves the chat to the archive (default), false back to the chat list
    #[serde(default = "yes")]
    archived: bool,
}

fn archive_chat(a: ArchiveArgs) -> Result<Done, ToolError> {
    write::archive_chat(&a.chat, a.archived)?;
    let status = if a.archived { "archived" } else { "unarchived" };
    Ok(done(a.chat, status))
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct JoinArgs {
    /// @username, t.me/name, an invite link (t.me/+hash, t.me/joinchat/hash) or its hash
    #[schemars(length(min = 1, max = 256))]
    chat: String,
}

#[derive(Serialize, JsonSchema)]
struct Joined {
    /// The chat joined; its `id` works as a chat argument everywhere.
    chat: Chat,
}

fn join_chat(a: JoinArgs) -> Result<Joined, ToolError> {
    Ok(Joined {
        chat: write::join_chat(&a.chat)?,
    })
}

fn leave_chat(a: ChatArgs) -> Result<Done, ToolError> {
    write::leave_chat(&a.chat)?;
    Ok(done(a.chat, "left"))
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct PinArgs {
    chat: Peer,
    /// false unpins
    #[serde(default = "yes")]
    pinned: bool,
}

fn pin_chat(a: PinArgs) -> Result<Done, ToolError> {
    write::pin_chat(&a.chat, a.pinned)?;
    let status = if a.pinned { "pinned" } else { "unpinned" };
    Ok(done(a.chat, status))
}

fn pin_tool() -> Tool {
    Tool::new(
        "pin_chat",
        "Pin a chat at the top of the chat list, or unpin it with pinned: false.",
    )
    .title("Pin chat")
    .idempotent()
    .example(r#"{"chat":"@alice_demo"}"#)
    .profile(Profile::Ext)
    .run(pin_chat)
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct AutoDeleteArgs {
    chat: Peer,
    /// Seconds after sending that new messages delete themselves: 86400 (a day),
    /// 604800 (a week), 2678400 (a month); 0 turns it off
    #[schemars(range(max = 31622400))]
    seconds: u32,
}

fn set_auto_delete(a: AutoDeleteArgs) -> Result<Done, ToolError> {
    write::set_auto_delete(&a.chat, a.seconds)?;
    let status = match a.seconds {
        0 => "auto-delete off".to_string(),
        s => format!("new messages delete themselves after {s} s"),
    };
    Ok(done(a.chat, status))
}

fn auto_delete_tool() -> Tool {
    Tool::new(
        "set_auto_delete",
        "Make new messages in a chat delete themselves a while after they are sent \
         (seconds; 0 turns it off). Messages already sent are not affected.",
    )
    .title("Set auto-delete")
    .idempotent()
    .example(r#"{"chat":"@bob_demo","seconds":604800}"#)
    .profile(Profile::Ext)
    .run(set_auto_delete)
}

tgmcp_sdk::plugin![
    Tool::new(
        "mark_read",
        "Mark a chat, or one forum topic of it, read up to its newest message; get_chat \
         then shows unread_count 0.",
    )
    .title("Mark chat read")
    .idempotent()
    .example(r#"{"chat": "@alice_demo"}"#)
    .example(r#"{"chat": "@tgmcp_community_demo", "topic": 2}"#)
    .profile(Profile::Core)
    .run(mark_read),
    Tool::new(
        "mark_unread",
        "Mark a chat unread (the dot in the chat list); mark_read clears it.",
    )
    .title("Mark chat unread")
    .idempotent()
    .example(r#"{"chat": "@bob_demo"}"#)
    .profile(Profile::Std)
    .run(mark_unread),
    Tool::new(
        "mute_chat",
        "Mute a chat's notifications, until a time or until unmuted, or unmute it \
         (muted: false).",
    )
    .title("Mute chat")
    .idempotent()
    .example(r#"{"chat": "@tgmcp_news", "until": "2030-01-01"}"#)
    .example(r#"{"chat": "@tgmcp_news", "muted": false}"#)
    .profile(Profile::Std)
    .run(mute_chat),
    Tool::new(
        "archive_chat",
        "Move a chat to the archive, or back to the chat list with archived: false. \
         Nothing is deleted.",
    )
    .title("Archive chat")
    .idempotent()
    .example(r#"{"chat": "@tgmcp_news"}"#)
    .example(r#"{"chat": "@tgmcp_news", "archived": false}"#)
    .profile(Profile::Std)
    .run(archive_chat),
    Tool::new(
        "join_chat",
        "Join a public group or channel by @username or t.me link, or a private one by \
         invite link or hash. Returns the chat, whose id the read tools accept.",
    )
    .title("Join chat")
    .idempotent()
    .example(r#"{"chat": "@rust_releases_demo"}"#)
    .example(r#"{"chat": "https://t.me/+HikePhotos2026"}"#)
    .renamed("target", "chat")
    .profile(Profile::Std)
    .run(join_chat),
    Tool::new(
        "leave_chat",
        "Leave a group or channel. Rejoining a private one needs a new invite, and a \
         group's history before rejoining may be gone for this account.",
    )
    .title("Leave chat")
    .destructive()
    .example(r#"{"chat": "@rust_releases_demo"}"#)
    .profile(Profile::Std)
    .run(leave_chat),
    folders::create_tool(),
    folders::edit_tool(),
    folders::delete_tool(),
    folders::reorder_tool(),
    pin_tool(),
    auto_delete_tool(),
];
