//! Members of groups and channels: inviting, removing, banning and
//! restricting them, promoting and demoting admins.

use grammers_tl_types::{enums, functions as f, types};

use super::admin::{channel, chat_updates, need};
use super::{resolve, Ctx, RpcErr};
use crate::account::Peer;
use crate::convert_admin::{channel_participant, is_unrestricted, no_admin_rights};
use crate::groups::{Member, Role};

/// Adds `users` to `peer`; returns who was added (members already in are skipped).
fn add_members(ctx: &mut Ctx, peer: Peer, users: &[i64]) -> Vec<i64> {
    let me = ctx.acc.me.id;
    let date = ctx.acc.now();
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
    let date = ctx.acc.now();
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
    let date = ctx.acc.now();
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
