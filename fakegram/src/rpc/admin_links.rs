//! Invite links, join requests, and the admin reads: members and the admin log.

use grammers_tl_types::{enums, functions as f, types};

use super::admin::{chat_updates, group, need};
use super::{resolve, Ctx, RpcErr};
use crate::account::{ChatKind, Peer};
use crate::convert_admin::{channel_participant, invite, log_event};
use crate::groups::{Invite, Member, Role};

/// The hash of `https://t.me/+hash`, `t.me/joinchat/hash` or a bare hash.
fn hash_of(link: &str) -> &str {
    let l = link.trim();
    let tail = l.rsplit('/').next().unwrap_or(l);
    tail.trim_start_matches('+')
}

pub(crate) fn export_chat_invite(
    ctx: &mut Ctx,
    req: f::messages::ExportChatInvite,
) -> Result<enums::ExportedChatInvite, RpcErr> {
    let peer = group(ctx, &req.peer)?;
    need(ctx, peer, |r| r.invite_users)?;
    if req.request_needed && req.usage_limit.is_some() {
        return Err(RpcErr::bad("USAGE_LIMIT_INVALID"));
    }
    let date = ctx.acc.now();
    let g = &mut ctx.acc.ext.groups;
    g.next_id += 1;
    let hash = format!("tgmcpInvite{:04}", g.next_id);
    let inv = Invite {
        peer,
        hash: hash.clone(),
        admin: ctx.acc.me.id,
        date,
        title: req.title,
        expires: req.expire_date,
        usage_limit: req.usage_limit,
        usage: 0,
        request_needed: req.request_needed,
        revoked: false,
        permanent: false,
    };
    g.invites.push(inv.clone());
    // Joining by the new link works.
    ctx.acc.ext.invites.insert(hash, peer);
    Ok(invite(&inv, ctx.acc))
}

pub(crate) fn get_exported_chat_invites(
    ctx: &mut Ctx,
    req: f::messages::GetExportedChatInvites,
) -> Result<enums::messages::ExportedChatInvites, RpcErr> {
    let peer = group(ctx, &req.peer)?;
    need(ctx, peer, |r| r.invite_users)?;
    let admin = resolve::user(ctx.acc, &req.admin_id)?;
    let mut list: Vec<&Invite> = ctx
        .acc
        .ext
        .groups
        .invites
        .iter()
        .filter(|i| i.peer == peer && i.admin == admin && i.revoked == req.revoked)
        .collect();
    // Newest first (the permanent link leads).
    list.sort_by_key(|i| std::cmp::Reverse((i.permanent, i.date, i.hash.clone())));
    let count = list.len() as i32;
    let start = match &req.offset_link {
        Some(l) => list
            .iter()
            .position(|i| i.link() == *l)
            .map_or(list.len(), |p| p + 1),
        None => 0,
    };
    let invites = list
        .into_iter()
        .skip(start)
        .take(resolve::limit(req.limit, 100))
        .map(|i| invite(i, ctx.acc))
        .collect();
    let (users, _) = ctx.refs(&[], &[Peer::User(admin)]);
    Ok(types::messages::ExportedChatInvites {
        count,
        invites,
        users,
    }
    .into())
}

pub(crate) fn edit_exported_chat_invite(
    ctx: &mut Ctx,
    req: f::messages::EditExportedChatInvite,
) -> Result<enums::messages::ExportedChatInvite, RpcErr> {
    let peer = group(ctx, &req.peer)?;
    need(ctx, peer, |r| r.invite_users)?;
    let hash = hash_of(&req.link).to_string();
    let inv = ctx
        .acc
        .ext
        .groups
        .invites
        .iter_mut()
        .find(|i| i.peer == peer && i.hash == hash)
        .ok_or_else(|| RpcErr::bad("INVITE_HASH_EXPIRED"))?;
    let before = inv.clone();
    if req.revoked {
        inv.revoked = true;
    }
    if let Some(t) = req.title {
        inv.title = Some(t);
    }
    let after = inv.clone();
    if after.revoked {
        ctx.acc.ext.invites.remove(&hash);
    }
    let (prev, now) = (invite(&before, ctx.acc), invite(&after, ctx.acc));
    let action: enums::ChannelAdminLogEventAction = if req.revoked && !before.revoked {
        types::ChannelAdminLogEventActionExportedInviteRevoke {
            invite: now.clone(),
        }
        .into()
    } else {
        types::ChannelAdminLogEventActionExportedInviteEdit {
            prev_invite: prev,
            new_invite: now.clone(),
        }
        .into()
    };
    ctx.acc.log_admin(peer, action);
    let (users, _) = ctx.refs(&[], &[Peer::User(after.admin)]);
    Ok(types::messages::ExportedChatInvite { invite: now, users }.into())
}

pub(crate) fn hide_chat_join_request(
    ctx: &mut Ctx,
    req: f::messages::HideChatJoinRequest,
) -> Result<enums::Updates, RpcErr> {
    let peer = group(ctx, &req.peer)?;
    need(ctx, peer, |r| r.invite_users)?;
    let user = resolve::user(ctx.acc, &req.user_id)?;
    let pending = ctx.acc.ext.groups.requests.entry(peer).or_default();
    let Some(i) = pending.iter().position(|(u, _)| *u == user) else {
        return Err(RpcErr::bad("HIDE_REQUESTER_MISSING"));
    };
    pending.remove(i);
    if req.approved {
        let me = ctx.acc.me.id;
        let date = ctx.acc.now();
        let list = ctx.acc.members_mut(peer);
        list.retain(|m| m.user != user);
        list.push(Member {
            user,
            role: Role::Member,
            rank: None,
            date,
            by: me,
        });
        if let Some(c) = ctx.acc.chats.iter_mut().find(|c| c.peer() == peer) {
            c.members += 1;
        }
        let link = ctx.acc.ext.groups.invites.iter().find(|i| i.peer == peer);
        if let Some(inv) = link.map(|i| invite(i, ctx.acc)) {
            let action = types::ChannelAdminLogEventActionParticipantJoinByRequest {
                invite: inv,
                approved_by: me,
            };
            ctx.acc.log_admin(peer, action.into());
        }
    }
    Ok(chat_updates(ctx, peer))
}

pub(crate) fn get_chat_invite_importers(
    ctx: &mut Ctx,
    req: f::messages::GetChatInviteImporters,
) -> Result<enums::messages::ChatInviteImporters, RpcErr> {
    let peer = group(ctx, &req.peer)?;
    need(ctx, peer, |r| r.invite_users)?;
    // Only pending requests are kept; who joined by a link is not.
    let mut list: Vec<(i64, i32)> = match req.requested {
        true => ctx
            .acc
            .ext
            .groups
            .requests
            .get(&peer)
            .cloned()
            .unwrap_or_default(),
        false => Vec::new(),
    };
    if let Some(q) = req.q.as_deref().filter(|q| !q.trim().is_empty()) {
        list.retain(|(u, _)| name_matches(ctx, *u, q));
    }
    list.sort_by_key(|(u, d)| std::cmp::Reverse((*d, *u)));
    let count = list.len() as i32;
    let after = match &req.offset_user {
        enums::InputUser::Empty => None,
        u => Some((req.offset_date, resolve::user(ctx.acc, u)?)),
    };
    let start = after
        .and_then(|(d, u)| list.iter().position(|(x, y)| (*y, *x) == (d, u)))
        .map_or(0, |i| i + 1);
    let page: Vec<(i64, i32)> = list
        .into_iter()
        .skip(start)
        .take(resolve::limit(req.limit, 100))
        .collect();
    let peers: Vec<Peer> = page.iter().map(|(u, _)| Peer::User(*u)).collect();
    let (users, _) = ctx.refs(&[], &peers);
    let importers = page
        .iter()
        .map(|&(user_id, date)| {
            types::ChatInviteImporter {
                requested: true,
                via_chatlist: false,
                user_id,
                date,
                about: None,
                approved_by: None,
            }
            .into()
        })
        .collect();
    Ok(types::messages::ChatInviteImporters {
        count,
        importers,
        users,
    }
    .into())
}

fn name_matches(ctx: &Ctx, user: i64, q: &str) -> bool {
    let q = q.trim().to_lowercase();
    ctx.acc.user(user).is_some_and(|u| {
        u.full_name().to_lowercase().contains(&q)
            || u.username
                .as_deref()
                .is_some_and(|n| n.to_lowercase().contains(&q))
    })
}

pub(crate) fn get_participants(
    ctx: &mut Ctx,
    req: f::channels::GetParticipants,
) -> Result<enums::channels::ChannelParticipants, RpcErr> {
    let peer = Peer::Channel(resolve::channel(ctx.acc, &req.channel)?);
    let chat = ctx
        .acc
        .chat_of(peer)
        .ok_or_else(|| RpcErr::bad("CHANNEL_INVALID"))?;
    let (broadcast, total) = (chat.kind == ChatKind::Channel, chat.members);
    // Only admins see a broadcast channel's subscribers or anyone's ban list.
    use enums::ChannelParticipantsFilter as F;
    let admin_only = broadcast
        || matches!(
            req.filter,
            F::ChannelParticipantsKicked(_) | F::ChannelParticipantsBanned(_)
        );
    if admin_only && !ctx.acc.may(peer, |r| r.ban_users || r.add_admins) {
        return Err(RpcErr::bad("CHAT_ADMIN_REQUIRED"));
    }
    let all = ctx.acc.members_of(peer);
    let bot = |m: &Member| ctx.acc.user(m.user).is_some_and(|u| u.bot);
    let banned = |m: &Member| matches!(&m.role, Role::Banned(r) if r.view_messages);
    let restricted = |m: &Member| matches!(&m.role, Role::Banned(r) if !r.view_messages);
    let admin = |m: &Member| matches!(m.role, Role::Creator | Role::Admin(_));
    let (list, count): (Vec<&Member>, Option<i32>) = match &req.filter {
        F::ChannelParticipantsRecent => (all.iter().filter(|m| m.present()).collect(), Some(total)),
        F::ChannelParticipantsAdmins => (all.iter().filter(|m| admin(m)).collect(), None),
        F::ChannelParticipantsBots => {
            (all.iter().filter(|m| bot(m) && m.present()).collect(), None)
        }
        F::ChannelParticipantsKicked(x) => (
            all.iter()
                .filter(|m| banned(m) && (x.q.is_empty() || name_matches(ctx, m.user, &x.q)))
                .collect(),
            None,
        ),
        F::ChannelParticipantsBanned(x) => (
            all.iter()
                .filter(|m| restricted(m) && (x.q.is_empty() || name_matches(ctx, m.user, &x.q)))
                .collect(),
            None,
        ),
        F::ChannelParticipantsSearch(x) => (
            all.iter()
                .filter(|m| m.present() && name_matches(ctx, m.user, &x.q))
                .collect(),
            None,
        ),
        _ => (all.iter().filter(|m| m.present()).collect(), None),
    };
    let count = count.unwrap_or(list.len() as i32);
    let me = ctx.acc.me.id;
    let page: Vec<&Member> = list
        .into_iter()
        .skip(req.offset.max(0) as usize)
        .take(resolve::limit(req.limit, 200))
        .collect();
    let peers: Vec<Peer> = page.iter().map(|m| Peer::User(m.user)).collect();
    let (users, chats) = ctx.refs(&[], &peers);
    Ok(types::channels::ChannelParticipants {
        count,
        participants: page.iter().map(|m| channel_participant(m, me)).collect(),
        chats,
        users,
    }
    .into())
}

pub(crate) fn get_admin_log(
    ctx: &mut Ctx,
    req: f::channels::GetAdminLog,
) -> Result<enums::channels::AdminLogResults, RpcErr> {
    let peer = Peer::Channel(resolve::channel(ctx.acc, &req.channel)?);
    if !ctx.acc.may(peer, |_| true) {
        return Err(RpcErr::bad("CHAT_ADMIN_REQUIRED"));
    }
    let q = req.q.trim().to_lowercase();
    let log = ctx
        .acc
        .ext
        .groups
        .log
        .get(&peer)
        .cloned()
        .unwrap_or_default();
    let page: Vec<_> = log
        .iter()
        .rev()
        .filter(|e| req.max_id == 0 || e.id < req.max_id)
        .filter(|e| e.id > req.min_id)
        .filter(|e| {
            // Telegram searches the texts of the entries: the debug text holds them.
            q.is_empty() || format!("{:?}", e.action).to_lowercase().contains(&q)
        })
        .take(resolve::limit(req.limit, 100))
        .collect();
    let mut peers: Vec<Peer> = page.iter().map(|e| Peer::User(e.user)).collect();
    for e in &page {
        use enums::ChannelAdminLogEventAction as A;
        let named: Vec<&enums::ChannelParticipant> = match &e.action {
            A::ParticipantInvite(x) => vec![&x.participant],
            A::ParticipantToggleBan(x) => vec![&x.prev_participant, &x.new_participant],
            A::ParticipantToggleAdmin(x) => vec![&x.prev_participant, &x.new_participant],
            _ => Vec::new(),
        };
        peers.extend(
            named
                .into_iter()
                .filter_map(participant_user)
                .map(Peer::User),
        );
    }
    peers.push(peer);
    let (users, chats) = ctx.refs(&[], &peers);
    Ok(types::channels::AdminLogResults {
        events: page.iter().map(|e| log_event(e)).collect(),
        chats,
        users,
    }
    .into())
}

fn participant_user(p: &enums::ChannelParticipant) -> Option<i64> {
    use enums::ChannelParticipant as P;
    let peer = match p {
        P::Participant(x) => return Some(x.user_id),
        P::ParticipantSelf(x) => return Some(x.user_id),
        P::Creator(x) => return Some(x.user_id),
        P::Admin(x) => return Some(x.user_id),
        P::Banned(x) => &x.peer,
        P::Left(x) => &x.peer,
    };
    match peer {
        enums::Peer::User(u) => Some(u.user_id),
        _ => None,
    }
}
