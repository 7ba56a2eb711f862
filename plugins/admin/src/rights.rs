//! Admin rights, member permissions and slow mode, titles and descriptions.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use tgmcp_sdk::{admin, AdminRights, Chat, ChatPermissions, Date, Peer, ToolError};

use super::{done, Done};

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AdminArgs {
    /// The group or channel
    chat: Peer,
    /// The member to promote, change or demote (@username, a user id, a phone)
    user: Peer,
    /// Take every admin right away (the rights below must then be left out)
    #[serde(default)]
    demote: bool,
    /// The admin's title shown in the chat (at most 16 characters)
    #[schemars(length(max = 16))]
    rank: Option<String>,
    /// Edit the title, description and photo
    #[serde(default)]
    change_info: bool,
    /// Post in a broadcast channel
    #[serde(default)]
    post_messages: bool,
    /// Edit others' posts in a broadcast channel
    #[serde(default)]
    edit_messages: bool,
    /// Delete others' messages
    #[serde(default)]
    delete_messages: bool,
    /// Ban, kick and restrict members
    #[serde(default)]
    ban_users: bool,
    /// Add members and make invite links
    #[serde(default)]
    invite_users: bool,
    /// Pin messages
    #[serde(default)]
    pin_messages: bool,
    /// Create, edit, close and delete forum topics
    #[serde(default)]
    manage_topics: bool,
    /// Promote others with (at most) their own rights
    #[serde(default)]
    add_admins: bool,
    /// Start and manage voice chats
    #[serde(default)]
    manage_call: bool,
    /// Post as the group itself
    #[serde(default)]
    anonymous: bool,
}

pub fn set_admin_rights(a: AdminArgs) -> Result<Done, ToolError> {
    let rights = AdminRights {
        change_info: a.change_info,
        post_messages: a.post_messages,
        edit_messages: a.edit_messages,
        delete_messages: a.delete_messages,
        ban_users: a.ban_users,
        invite_users: a.invite_users,
        pin_messages: a.pin_messages,
        manage_topics: a.manage_topics,
        add_admins: a.add_admins,
        manage_call: a.manage_call,
        anonymous: a.anonymous,
    };
    let any = [
        rights.change_info,
        rights.post_messages,
        rights.edit_messages,
        rights.delete_messages,
        rights.ban_users,
        rights.invite_users,
        rights.pin_messages,
        rights.manage_topics,
        rights.add_admins,
        rights.manage_call,
        rights.anonymous,
    ]
    .contains(&true);
    let status = match (a.demote, any) {
        (true, true) => {
            return Err(ToolError::InvalidArgs(
                "demote: true takes no rights; leave them out".into(),
            ))
        }
        (false, false) => {
            return Err(ToolError::InvalidArgs(
                "name at least one right (e.g. delete_messages: true), or demote: true".into(),
            ))
        }
        (true, false) => "demoted to member".to_string(),
        (false, true) => "admin rights set".to_string(),
    };
    let rights = (!a.demote).then_some(rights);
    admin::set_admin_rights(&a.chat, &a.user, rights, a.rank.as_deref())?;
    Ok(done(a.chat, Some(a.user), status))
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PermissionArgs {
    /// The group or channel
    chat: Peer,
    /// Restrict only this member (a supergroup's); left out sets the chat's defaults
    user: Option<Peer>,
    /// With `user`: the restriction ends then; left out lasts until lifted
    until: Option<Date>,
    /// Seconds between a member's messages: 0 (off), 10, 30, 60, 300, 900 or 3600 (supergroups)
    slow_mode_seconds: Option<u32>,
    /// Send text messages (left out: allowed)
    send_messages: Option<bool>,
    /// Send photos, videos, files, voice, stickers and GIFs
    send_media: Option<bool>,
    /// Send polls
    send_polls: Option<bool>,
    /// Show link previews
    embed_links: Option<bool>,
    /// Add members
    invite_users: Option<bool>,
    /// Pin messages
    pin_messages: Option<bool>,
    /// Change the title, description and photo
    change_info: Option<bool>,
    /// Create forum topics
    manage_topics: Option<bool>,
}

pub fn set_chat_permissions(a: PermissionArgs) -> Result<Done, ToolError> {
    let given = [
        a.send_messages,
        a.send_media,
        a.send_polls,
        a.embed_links,
        a.invite_users,
        a.pin_messages,
        a.change_info,
        a.manage_topics,
    ];
    let any = given.iter().any(Option::is_some);
    let allow = |x: Option<bool>| x.unwrap_or(true);
    let perms = ChatPermissions {
        send_messages: allow(a.send_messages),
        send_media: allow(a.send_media),
        send_polls: allow(a.send_polls),
        embed_links: allow(a.embed_links),
        invite_users: allow(a.invite_users),
        pin_messages: allow(a.pin_messages),
        change_info: allow(a.change_info),
        manage_topics: allow(a.manage_topics),
    };
    let bad = |m: &str| Err(ToolError::InvalidArgs(m.into()));
    if let Some(user) = a.user {
        if a.slow_mode_seconds.is_some() {
            return bad("slow mode is for the whole chat: leave out user");
        }
        if !any {
            return bad("name the permissions the member keeps or loses (e.g. send_media: false); unban_user lifts every restriction");
        }
        admin::restrict_user(&a.chat, &user, perms, a.until.map(Date::unix))?;
        let status = match a.until {
            Some(t) => format!("member restricted until {t}"),
            None => "member restricted until lifted".into(),
        };
        return Ok(done(a.chat, Some(user), status));
    }
    if a.until.is_some() {
        return bad("until applies to one member's restrictions: give user too");
    }
    if !any && a.slow_mode_seconds.is_none() {
        return bad("nothing to change: give permissions, slow_mode_seconds, or both");
    }
    let mut status = Vec::new();
    if any {
        admin::set_default_permissions(&a.chat, perms)?;
        status.push("default permissions set".to_string());
    }
    if let Some(s) = a.slow_mode_seconds {
        admin::set_slow_mode(&a.chat, s)?;
        status.push(match s {
            0 => "slow mode off".to_string(),
            s => format!("slow mode {s} s"),
        });
    }
    Ok(done(a.chat, None, status.join("; ")))
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EditArgs {
    /// The group or channel
    chat: Peer,
    /// The new title
    #[schemars(length(min = 1, max = 128))]
    title: Option<String>,
    /// The new description (empty clears it)
    #[schemars(length(max = 255))]
    about: Option<String>,
}

#[derive(Serialize, JsonSchema)]
pub struct Edited {
    /// The chat as it is now.
    chat: Chat,
}

pub fn edit_chat(a: EditArgs) -> Result<Edited, ToolError> {
    Ok(Edited {
        chat: admin::edit_chat(&a.chat, a.title.as_deref(), a.about.as_deref())?,
    })
}
