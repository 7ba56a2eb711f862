//! Administering groups and channels: creating them, members, admin
//! rights, default permissions, slow mode, titles and descriptions. Each
//! checks the account's right in the chat as Telegram does
//! (`CHAT_ADMIN_REQUIRED`) and writes the admin log. Members, bans and
//! admins are in `admin_members.rs`, invite links, join requests and the
//! admin reads in `admin_links.rs`, topics in `admin_topics.rs`.

use grammers_tl_types::{enums, functions as f, types};

use super::posting::{new_message_update, updates};
use super::{resolve, Ctx, RpcErr};
use crate::account::{Chat, ChatKind, NewMessage, Peer};
use crate::groups::{Member, Role};

/// `Updates` naming the chat an admin action changed.
pub(super) fn chat_updates(ctx: &Ctx, peer: Peer) -> enums::Updates {
    updates(ctx, Vec::new(), &[], peer)
}

/// Refuses unless the account holds `right` in `peer`.
pub(super) fn need(
    ctx: &Ctx,
    peer: Peer,
    right: fn(&types::ChatAdminRights) -> bool,
) -> Result<(), RpcErr> {
    if ctx.acc.may(peer, right) {
        Ok(())
    } else {
        Err(RpcErr::bad("CHAT_ADMIN_REQUIRED"))
    }
}

/// A group or channel named by an input peer.
pub(super) fn group(ctx: &Ctx, p: &enums::InputPeer) -> Result<Peer, RpcErr> {
    match resolve::peer(ctx.acc, p)? {
        Peer::User(_) => Err(RpcErr::bad("PEER_ID_INVALID")),
        peer => Ok(peer),
    }
}

pub(super) fn channel(ctx: &Ctx, c: &enums::InputChannel) -> Result<Peer, RpcErr> {
    Ok(Peer::Channel(resolve::channel(ctx.acc, c)?))
}

/// A new chat the account created, with its first (service) message.
fn create(ctx: &mut Ctx, kind: ChatKind, title: &str, about: &str, users: &[i64]) -> Peer {
    let base = if kind == ChatKind::Group {
        4_100_000_000
    } else {
        1_800_000_000
    };
    let id = base + ctx.acc.chats.len() as i64;
    let me = ctx.acc.me.id;
    let date = ctx.acc.now();
    let chat = Chat {
        id,
        access_hash: crate::demo::access_hash(id),
        kind,
        title: title.to_string(),
        username: None,
        about: about.to_string(),
        members: 1 + users.len() as i32,
        writable: true,
        date,
        topics: Vec::new(),
    };
    let peer = chat.peer();
    ctx.acc.chats.push(chat);
    let mut list = vec![Member {
        user: me,
        role: Role::Creator,
        rank: None,
        date,
        by: me,
    }];
    list.extend(users.iter().map(|&user| Member {
        user,
        role: Role::Member,
        rank: None,
        date,
        by: me,
    }));
    ctx.acc.ext.groups.members.insert(peer, list);
    peer
}

/// Posts the "created" service message and returns the updates about it.
fn created(ctx: &mut Ctx, peer: Peer, channel: bool, title: &str) -> enums::Updates {
    let me = ctx.acc.me.id;
    let (msg, pts) = ctx.acc.post(peer, me, NewMessage::default());
    ctx.acc
        .ext
        .groups
        .created
        .insert((peer, msg.id), (channel, title.to_string()));
    let u = new_message_update(ctx, &msg, pts);
    updates(ctx, vec![u], &[&msg], peer)
}

pub(crate) fn create_chat(
    ctx: &mut Ctx,
    req: f::messages::CreateChat,
) -> Result<enums::messages::InvitedUsers, RpcErr> {
    let title = req.title.trim();
    if title.is_empty() {
        return Err(RpcErr::bad("CHAT_TITLE_EMPTY"));
    }
    let mut users = Vec::new();
    for u in &req.users {
        let id = resolve::user(ctx.acc, u)?;
        if id != ctx.acc.me.id && !users.contains(&id) {
            users.push(id);
        }
    }
    let peer = create(ctx, ChatKind::Group, title, "", &users);
    let updates = created(ctx, peer, false, title);
    Ok(types::messages::InvitedUsers {
        updates,
        missing_invitees: Vec::new(),
    }
    .into())
}

pub(crate) fn create_channel(
    ctx: &mut Ctx,
    req: f::channels::CreateChannel,
) -> Result<enums::Updates, RpcErr> {
    let title = req.title.trim();
    if title.is_empty() {
        return Err(RpcErr::bad("CHAT_TITLE_EMPTY"));
    }
    let kind = match (req.megagroup, req.forum) {
        (true, true) => ChatKind::Forum,
        (true, false) => ChatKind::Supergroup,
        (false, false) => ChatKind::Channel,
        (false, true) => return Err(RpcErr::bad("CHANNEL_FORUM_MISSING")),
    };
    let peer = create(ctx, kind, title, &req.about, &[]);
    if kind == ChatKind::Forum {
        let me = ctx.acc.me.id;
        if let Some(c) = ctx.acc.chats.iter_mut().find(|c| c.peer() == peer) {
            c.topics.push(crate::account::Topic {
                id: 1,
                title: "General".into(),
                date: c.date,
                icon_color: 0,
                creator: me,
            });
        }
    }
    Ok(created(ctx, peer, kind == ChatKind::Channel, title))
}

pub(crate) fn edit_default_banned_rights(
    ctx: &mut Ctx,
    req: f::messages::EditChatDefaultBannedRights,
) -> Result<enums::Updates, RpcErr> {
    let peer = group(ctx, &req.peer)?;
    need(ctx, peer, |r| r.ban_users)?;
    let enums::ChatBannedRights::Rights(new) = req.banned_rights;
    let prev = ctx
        .acc
        .ext
        .groups
        .default_rights
        .insert(peer, new.clone())
        .unwrap_or_else(crate::convert_admin::no_rights_taken);
    if prev == new {
        return Err(RpcErr::bad("CHAT_NOT_MODIFIED"));
    }
    let action = types::ChannelAdminLogEventActionDefaultBannedRights {
        prev_banned_rights: prev.into(),
        new_banned_rights: new.into(),
    };
    ctx.acc.log_admin(peer, action.into());
    Ok(chat_updates(ctx, peer))
}

pub(crate) fn toggle_slow_mode(
    ctx: &mut Ctx,
    req: f::channels::ToggleSlowMode,
) -> Result<enums::Updates, RpcErr> {
    let peer = channel(ctx, &req.channel)?;
    if ctx
        .acc
        .chat_of(peer)
        .is_some_and(|c| c.kind == ChatKind::Channel)
    {
        return Err(RpcErr::bad("CHAT_INVALID"));
    }
    need(ctx, peer, |r| r.ban_users)?;
    if ![0, 10, 30, 60, 300, 900, 3600].contains(&req.seconds) {
        return Err(RpcErr::bad("SECONDS_INVALID"));
    }
    let prev = ctx
        .acc
        .ext
        .groups
        .slow_mode
        .insert(peer, req.seconds)
        .unwrap_or(0);
    if prev == req.seconds {
        return Err(RpcErr::bad("CHAT_NOT_MODIFIED"));
    }
    let action = types::ChannelAdminLogEventActionToggleSlowMode {
        prev_value: prev,
        new_value: req.seconds,
    };
    ctx.acc.log_admin(peer, action.into());
    Ok(chat_updates(ctx, peer))
}

/// Renames a group or channel.
fn retitle(ctx: &mut Ctx, peer: Peer, title: &str) -> Result<enums::Updates, RpcErr> {
    need(ctx, peer, |r| r.change_info)?;
    let title = title.trim();
    if title.is_empty() {
        return Err(RpcErr::bad("CHAT_TITLE_EMPTY"));
    }
    let chat = ctx
        .acc
        .chats
        .iter_mut()
        .find(|c| c.peer() == peer)
        .ok_or_else(|| RpcErr::bad("CHAT_ID_INVALID"))?;
    if chat.title == title {
        return Err(RpcErr::bad("CHAT_NOT_MODIFIED"));
    }
    let prev = std::mem::replace(&mut chat.title, title.to_string());
    let action = types::ChannelAdminLogEventActionChangeTitle {
        prev_value: prev,
        new_value: title.to_string(),
    };
    ctx.acc.log_admin(peer, action.into());
    Ok(chat_updates(ctx, peer))
}

pub(crate) fn edit_title(
    ctx: &mut Ctx,
    req: f::channels::EditTitle,
) -> Result<enums::Updates, RpcErr> {
    let peer = channel(ctx, &req.channel)?;
    retitle(ctx, peer, &req.title)
}

pub(crate) fn edit_chat_title(
    ctx: &mut Ctx,
    req: f::messages::EditChatTitle,
) -> Result<enums::Updates, RpcErr> {
    let peer = Peer::Chat(req.chat_id);
    if ctx.acc.chat_of(peer).is_none() {
        return Err(RpcErr::bad("CHAT_ID_INVALID"));
    }
    retitle(ctx, peer, &req.title)
}

pub(crate) fn edit_chat_about(
    ctx: &mut Ctx,
    req: f::messages::EditChatAbout,
) -> Result<bool, RpcErr> {
    let peer = group(ctx, &req.peer)?;
    need(ctx, peer, |r| r.change_info)?;
    if req.about.chars().count() > 255 {
        return Err(RpcErr::bad("CHAT_ABOUT_TOO_LONG"));
    }
    let chat = ctx
        .acc
        .chats
        .iter_mut()
        .find(|c| c.peer() == peer)
        .ok_or_else(|| RpcErr::bad("CHAT_ID_INVALID"))?;
    if chat.about == req.about {
        return Err(RpcErr::bad("CHAT_ABOUT_NOT_MODIFIED"));
    }
    let prev = std::mem::replace(&mut chat.about, req.about.clone());
    let action = types::ChannelAdminLogEventActionChangeAbout {
        prev_value: prev,
        new_value: req.about,
    };
    ctx.acc.log_admin(peer, action.into());
    Ok(true)
}
