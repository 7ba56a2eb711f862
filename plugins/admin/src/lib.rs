//! `admin`: administering groups and channels: creating them, members,
//! admin rights, permissions, titles, photos and switches (`switches.rs`),
//! invite links, join requests and forum topics. Asks only for
//! telegram-admin (a separate grant; `--read-only` refuses all of it). The reads that go with it (`get_participants`,
//! `list_invite_links`, `get_admin_log`) are in `chats`.
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use tgmcp_sdk::{admin, Chat, Date, Peer, Profile, Tool, ToolError};

mod links;
mod rights;
mod switches;

/// What an action on a chat (and maybe one member) returns.
#[derive(Serialize, JsonSchema)]
struct Done {
    /// The chat as the call named it.
    chat: String,
    /// The member the call named, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    user: Option<String>,
    /// What happened, in words.
    status: String,
}

fn done(chat: Peer, user: Option<Peer>, status: impl Into<String>) -> Done {
    Done {
        chat: chat.0,
        user: user.map(|u| u.0),
        status: status.into(),
    }
}

#[derive(Serialize, JsonSchema)]
struct Created {
    /// The new chat; its `id` works as a chat argument everywhere.
    chat: Chat,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct GroupArgs {
    #[schemars(length(min = 1, max = 128))]
    title: String,
    /// People to add (as chats are written: @username, a user id, a phone)
    #[serde(default)]
    #[schemars(length(max = 200))]
    users: Vec<Peer>,
}

fn create_group(a: GroupArgs) -> Result<Created, ToolError> {
    let users: Vec<String> = a.users.into_iter().map(|u| u.0).collect();
    Ok(Created {
        chat: admin::create_group(&a.title, &users)?,
    })
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct ChannelArgs {
    #[schemars(length(min = 1, max = 128))]
    title: String,
    /// The description shown on the chat's profile
    #[serde(default)]
    #[schemars(length(max = 255))]
    about: String,
    /// A supergroup (everyone may write) instead of a broadcast channel (only admins post)
    #[serde(default)]
    supergroup: bool,
    /// A supergroup with forum topics (implies supergroup)
    #[serde(default)]
    forum: bool,
}

fn create_channel(a: ChannelArgs) -> Result<Created, ToolError> {
    let megagroup = a.supergroup || a.forum;
    Ok(Created {
        chat: admin::create_channel(&a.title, &a.about, megagroup, a.forum)?,
    })
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct InviteArgs {
    /// The group or channel
    chat: Peer,
    /// People to add (@username, a user id, a phone)
    #[schemars(length(min = 1, max = 200))]
    users: Vec<Peer>,
}

#[derive(Serialize, JsonSchema)]
struct InviteResult {
    chat: String,
    /// Ids of the users now in the chat (members already in count too).
    added: Vec<i64>,
    /// Ids of users whose privacy settings refuse invitations: send them an invite link.
    refused: Vec<i64>,
}

fn invite_users(a: InviteArgs) -> Result<InviteResult, ToolError> {
    let users: Vec<String> = a.users.into_iter().map(|u| u.0).collect();
    let r = admin::invite_users(&a.chat, &users)?;
    Ok(InviteResult {
        chat: a.chat.0,
        added: r.added,
        refused: r.refused,
    })
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct MemberArgs {
    /// The group or channel
    chat: Peer,
    /// The member (@username, a user id, a phone)
    user: Peer,
}

fn kick_user(a: MemberArgs) -> Result<Done, ToolError> {
    admin::kick_user(&a.chat, &a.user)?;
    Ok(done(a.chat, Some(a.user), "removed; they may rejoin"))
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct BanArgs {
    /// The supergroup or channel (basic groups have no ban list)
    chat: Peer,
    /// The member (@username, a user id, a phone)
    user: Peer,
    /// Ban until then; left out bans for good
    until: Option<Date>,
}

fn ban_user(a: BanArgs) -> Result<Done, ToolError> {
    admin::ban_user(&a.chat, &a.user, a.until.map(Date::unix))?;
    let status = match a.until {
        Some(t) => format!("removed and banned until {t}"),
        None => "removed and banned until unbanned".into(),
    };
    Ok(done(a.chat, Some(a.user), status))
}

fn unban_user(a: MemberArgs) -> Result<Done, ToolError> {
    admin::unban_user(&a.chat, &a.user)?;
    Ok(done(
        a.chat,
        Some(a.user),
        "ban or restrictions lifted; a removed user is not added back (invite_users does that)",
    ))
}

tgmcp_sdk::plugin![
    Tool::new(
        "create_group",
        "Create a basic group with a title and the given people; the account is its creator. \
         Returns the chat, whose id every other tool takes.",
    )
    .title("Create group")
    .example(r#"{"title":"Lisbon trip","users":["@alice_demo","@bob_demo"]}"#)
    .profile(Profile::Std)
    .run(create_group),
    Tool::new(
        "create_channel",
        "Create a broadcast channel (only admins post), or a supergroup with supergroup: true, \
         optionally with forum topics (forum: true). Returns the chat.",
    )
    .title("Create channel")
    .example(r#"{"title":"Trail Notes","about":"Routes and photos from our hikes"}"#)
    .example(r#"{"title":"Trail Q&A","supergroup":true,"forum":true}"#)
    .profile(Profile::Std)
    .run(create_channel),
    Tool::new(
        "invite_users",
        "Add people to a group or channel the account administers. Returns who is now in \
         and who refused invitations by their privacy settings (send those an invite link).",
    )
    .title("Invite users")
    .idempotent()
    .example(r#"{"chat":"@rust_study_demo","users":["@weather_demo_bot"]}"#)
    .profile(Profile::Std)
    .run(invite_users),
    Tool::new(
        "kick_user",
        "Remove a member from a group or channel; they may rejoin (ban_user keeps them out). \
         Needs the right to ban.",
    )
    .title("Kick user")
    .destructive()
    .idempotent()
    .example(r#"{"chat":"@rust_study_demo","user":"@bob_demo"}"#)
    .profile(Profile::Std)
    .run(kick_user),
    Tool::new(
        "ban_user",
        "Remove a member of a supergroup or channel and keep them out, until a time or for \
         good; unban_user lifts it. Needs the right to ban.",
    )
    .title("Ban user")
    .destructive()
    .idempotent()
    .example(r#"{"chat":"@rust_study_demo","user":"@prize_demo_spam"}"#)
    .profile(Profile::Std)
    .run(ban_user),
    Tool::new(
        "unban_user",
        "Lift a member's ban or restrictions in a supergroup or channel. A banned user is \
         not added back: they may rejoin, or invite_users adds them.",
    )
    .title("Unban user")
    .idempotent()
    .example(r#"{"chat":"@rust_study_demo","user":"@prize_demo_spam"}"#)
    .profile(Profile::Std)
    .run(unban_user),
    Tool::new(
        "set_admin_rights",
        "Promote a member to admin with the rights named (and a title, `rank`), change an \
         admin's rights, or demote with demote: true. Basic groups know only admin or not.",
    )
    .title("Set admin rights")
    .idempotent()
    .example(r#"{"chat":"@rust_study_demo","user":"@alice_demo","delete_messages":true,"ban_users":true,"pin_messages":true,"rank":"Moderator"}"#)
    .profile(Profile::Std)
    .run(rights::set_admin_rights),
    Tool::new(
        "set_chat_permissions",
        "What members may do: the chat's defaults, or one member's restrictions (`user`, \
         until a time or for good); and slow mode (seconds between a member's messages). \
         Permissions given replace the current ones; those left out are allowed.",
    )
    .title("Set chat permissions")
    .idempotent()
    .example(r#"{"chat":"@rust_study_demo","send_media":false,"slow_mode_seconds":30}"#)
    .profile(Profile::Std)
    .run(rights::set_chat_permissions),
    Tool::new(
        "edit_chat",
        "Change a group's or channel's title and/or description. Returns the chat.",
    )
    .title("Edit chat")
    .idempotent()
    .example(r#"{"chat":"@rust_study_demo","about":"Weekly Rust study sessions: async, wasm and more"}"#)
    .profile(Profile::Std)
    .run(rights::edit_chat),
    Tool::new(
        "create_invite_link",
        "Make an invite link to a group or channel: a name, an expiry, a usage limit, or \
         approval of each join. Returns the link with its settings.",
    )
    .title("Create invite link")
    .example(r#"{"chat":"@rust_study_demo","title":"Conference attendees","usage_limit":50}"#)
    .profile(Profile::Std)
    .run(links::create_invite_link),
    Tool::new(
        "revoke_invite_link",
        "Revoke an invite link of a group or channel: it stops working for good. Returns \
         the link as revoked.",
    )
    .title("Revoke invite link")
    .destructive()
    .idempotent()
    .example(r#"{"chat":"@rust_study_demo","link":"https://t.me/+RustStudyGuests"}"#)
    .profile(Profile::Ext)
    .run(links::revoke_invite_link),
    Tool::new(
        "approve_join_request",
        "Approve (the default) or decline a user's request to join a group or channel; \
         get_participants with filter: requests lists who is waiting.",
    )
    .title("Approve join request")
    .example(r#"{"chat":"@rust_study_demo","user":"@prize_demo_spam","approve":false}"#)
    .profile(Profile::Ext)
    .run(links::approve_join_request),
    Tool::new(
        "create_topic",
        "Open a forum topic. Returns it; its id is what send_message's and get_history's \
         `topic` take.",
    )
    .title("Create forum topic")
    .example(r#"{"chat":"@tgmcp_community_demo","title":"Showcase"}"#)
    .profile(Profile::Std)
    .run(links::create_topic),
    Tool::new(
        "edit_topic",
        "Rename a forum topic, close or reopen it, pin or unpin it, or hide the General \
         topic. Returns the topic as it is now.",
    )
    .title("Edit forum topic")
    .idempotent()
    .example(r#"{"chat":"@tgmcp_community_demo","topic":2,"pinned":true}"#)
    .profile(Profile::Std)
    .run(links::edit_topic),
    Tool::new(
        "delete_topic",
        "Delete a forum topic and every message in it, for everyone. General cannot be \
         deleted.",
    )
    .title("Delete forum topic")
    .destructive()
    .example(r#"{"chat":"@tgmcp_community_demo","topic":4}"#)
    .profile(Profile::Ext)
    .run(links::delete_topic),
    switches::photo_tool(),
    switches::settings_tool(),
];
