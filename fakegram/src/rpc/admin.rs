//! Administering groups and channels: creating them, members, admin
//! rights, default permissions, slow mode, titles and descriptions. Each
//! checks the account's right in the chat as Telegram does
//! (`CHAT_ADMIN_REQUIRED`) and writes the admin log. Invite links, join
//! requests and the admin reads are in `admin_links.rs`, topics in
//! `admin_topics.rs`.

use grammers_tl_types::{enums, functions as f, types};

use super::send::{new_message_update, updates};
use super::{resolve, Ctx, RpcErr};
use crate::account::{Chat, ChatKind, NewMessage, Peer};
use crate::convert_admin::{channel_participant, is_unrestricted, no_admin_rights};
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

fn channel(ctx: &Ctx, c: &enums::InputChannel) -> Result<Peer, RpcErr> {
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
    ctx.acc.clock += 60;
    let date = ctx.acc.clock;
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

/// Adds `users` to `peer`; returns who was added (members already in are skipped).
fn add_members(ctx: &mut Ctx, peer: Peer, users: &[i64]) -> Vec<i64> {
    let me = ctx.acc.me.id;
    let date = ctx.acc.clock;
    let mut added = Vec::new();
    for &user in users {
        let list = ctx.acc.members_mut(peer);
        match list.iter_mut().find(|m| m.user == user) {
            Some(m) if m.present() => continue,
            // Inviting a banned user lifts the ban.
            Some(m) => m.role = Role::Member,
            None => list.push(Member {
                user,
                role: Role::Member,
                rank: None,
                date,
                by: me,
            }),
        }
        added.push(user);
    }
    if let Some(c) = ctx.acc.chats.iter_mut().find(|c| c.peer() == peer) {
        c.members += added.len() as i32;
    }
    added
}

pub(crate) fn invite_to_channel(
    ctx: &mut Ctx,
    req: f::channels::InviteToChannel,
) -> Result<enums::messages::InvitedUsers, RpcErr> {
    let peer = channel(ctx, &req.channel)?;
    need(ctx, peer, |r| r.invite_users)?;
    let mut users = Vec::new();
    for u in &req.users {
        users.push(resolve::user(ctx.acc, u)?);
    }
    let me = ctx.acc.me.id;
    for user in add_members(ctx, peer, &users) {
        let m = ctx
            .acc
            .members_of(peer)
            .into_iter()
            .find(|m| m.user == user);
        if let Some(m) = m {
            let participant = channel_participant(&m, me);
            ctx.acc.log_admin(
                peer,
                types::ChannelAdminLogEventActionParticipantInvite { participant }.into(),
            );
        }
    }
    Ok(types::messages::InvitedUsers {
        updates: chat_updates(ctx, peer),
        missing_invitees: Vec::new(),
    }
    .into())
}

pub(crate) fn add_chat_user(
    ctx: &mut Ctx,
    req: f::messages::AddChatUser,
) -> Result<enums::messages::InvitedUsers, RpcErr> {
    let peer = Peer::Chat(req.chat_id);
    if ctx.acc.chat_of(peer).is_none() {
        return Err(RpcErr::bad("CHAT_ID_INVALID"));
    }
    // Members of a basic group may add people unless an admin forbade it.
    if ctx.acc.my_membership(peer).is_none() {
        return Err(RpcErr::bad("CHAT_ADMIN_REQUIRED"));
    }
    let user = resolve::user(ctx.acc, &req.user_id)?;
    if add_members(ctx, peer, &[user]).is_empty() {
        return Err(RpcErr::bad("USER_ALREADY_PARTICIPANT"));
    }
    Ok(types::messages::InvitedUsers {
        updates: chat_updates(ctx, peer),
        missing_invitees: Vec::new(),
    }
    .into())
}

/// Removes a member of a basic group (the account itself: leaving).
pub(crate) fn remove_chat_member(ctx: &mut Ctx, peer: Peer, user: i64) -> Result<(), RpcErr> {
    need(ctx, peer, |r| r.ban_users)?;
    let list = ctx.acc.members_mut(peer);
    match list.iter().position(|m| m.user == user) {
        Some(i) if list[i].role == Role::Creator => Err(RpcErr::bad("USER_ADMIN_INVALID")),
        Some(i) => {
            list.remove(i);
            if let Some(c) = ctx.acc.chats.iter_mut().find(|c| c.peer() == peer) {
                c.members = (c.members - 1).max(0);
            }
            Ok(())
        }
        None => Err(RpcErr::bad("USER_NOT_PARTICIPANT")),
    }
}

pub(crate) fn edit_banned(
    ctx: &mut Ctx,
    req: f::channels::EditBanned,
) -> Result<enums::Updates, RpcErr> {
    let peer = channel(ctx, &req.channel)?;
    need(ctx, peer, |r| r.ban_users)?;
    let Peer::User(user) = resolve::peer(ctx.acc, &req.participant)? else {
        return Err(RpcErr::bad("PARTICIPANT_ID_INVALID"));
    };
    let enums::ChatBannedRights::Rights(rights) = req.banned_rights;
    let me = ctx.acc.me.id;
    let date = ctx.acc.clock;
    let list = ctx.acc.members_mut(peer);
    let before = list.iter().find(|m| m.user == user).cloned();
    if before.as_ref().is_some_and(|m| m.role == Role::Creator) {
        return Err(RpcErr::bad("USER_ADMIN_INVALID"));
    }
    let was_in = before.as_ref().is_some_and(Member::present);
    let unban = is_unrestricted(&rights);
    let after = match (&before, unban) {
        // Lifting a ban leaves them out; lifting a restriction keeps them in.
        (Some(m), true) if !m.present() => None,
        (Some(m), true) => Some(Member {
            role: Role::Member,
            ..m.clone()
        }),
        (None, true) => None,
        (_, false) => Some(Member {
            user,
            role: Role::Banned(rights.clone()),
            rank: None,
            date,
            by: me,
        }),
    };
    list.retain(|m| m.user != user);
    if let Some(m) = &after {
        list.push(m.clone());
    }
    let now_in = after.as_ref().is_some_and(Member::present);
    if let Some(c) = ctx.acc.chats.iter_mut().find(|c| c.peer() == peer) {
        c.members = (c.members + i32::from(now_in) - i32::from(was_in)).max(0);
    }
    let left = |m: &Option<Member>| match m {
        Some(m) => channel_participant(m, me),
        None => types::ChannelParticipantLeft {
            peer: crate::convert::peer(Peer::User(user)),
        }
        .into(),
    };
    let action = types::ChannelAdminLogEventActionParticipantToggleBan {
        prev_participant: left(&before),
        new_participant: left(&after),
    };
    ctx.acc.log_admin(peer, action.into());
    Ok(chat_updates(ctx, peer))
}

pub(crate) fn edit_admin(
    ctx: &mut Ctx,
    req: f::channels::EditAdmin,
) -> Result<enums::Updates, RpcErr> {
    let peer = channel(ctx, &req.channel)?;
    need(ctx, peer, |r| r.add_admins)?;
    let user = resolve::user(ctx.acc, &req.user_id)?;
    let enums::ChatAdminRights::Rights(rights) = req.admin_rights;
    let me = ctx.acc.me.id;
    let date = ctx.acc.clock;
    let list = ctx.acc.members_mut(peer);
    let before = list.iter().find(|m| m.user == user).cloned();
    if before.as_ref().is_some_and(|m| m.role == Role::Creator) {
        return Err(RpcErr::bad("USER_ADMIN_INVALID"));
    }
    let role = if no_admin_rights(&rights) {
        Role::Member
    } else {
        Role::Admin(rights)
    };
    let after = Member {
        user,
        rank: req.rank.filter(|_| role != Role::Member),
        role,
        date: before.as_ref().map_or(date, |m| m.date),
        by: me,
    };
    list.retain(|m| m.user != user);
    list.push(after.clone());
    if before.as_ref().is_none_or(|m| !m.present()) {
        if let Some(c) = ctx.acc.chats.iter_mut().find(|c| c.peer() == peer) {
            c.members += 1;
        }
    }
    let prev = match &before {
        Some(m) => channel_participant(m, me),
        None => types::ChannelParticipantLeft {
            peer: crate::convert::peer(Peer::User(user)),
        }
        .into(),
    };
    let action = types::ChannelAdminLogEventActionParticipantToggleAdmin {
        prev_participant: prev,
        new_participant: channel_participant(&after, me),
    };
    ctx.acc.log_admin(peer, action.into());
    Ok(chat_updates(ctx, peer))
}

pub(crate) fn edit_chat_admin(
    ctx: &mut Ctx,
    req: f::messages::EditChatAdmin,
) -> Result<bool, RpcErr> {
    let peer = Peer::Chat(req.chat_id);
    if ctx.acc.chat_of(peer).is_none() {
        return Err(RpcErr::bad("CHAT_ID_INVALID"));
    }
    need(ctx, peer, |r| r.add_admins)?;
    let user = resolve::user(ctx.acc, &req.user_id)?;
    let list = ctx.acc.members_mut(peer);
    let m = list
        .iter_mut()
        .find(|m| m.user == user)
        .ok_or_else(|| RpcErr::bad("USER_NOT_PARTICIPANT"))?;
    if m.role == Role::Creator {
        return Err(RpcErr::bad("USER_ADMIN_INVALID"));
    }
    m.role = if req.is_admin {
        Role::Admin(crate::groups::all_rights())
    } else {
        Role::Member
    };
    Ok(true)
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
