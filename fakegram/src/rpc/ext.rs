//! The rarer methods: read receipts, Saved Messages' sub-chats, closing a
//! poll, clearing history, typing, pinning dialogs, auto-delete timers, and
//! media without a file (places, contacts, dice).

use grammers_tl_types::{enums, functions as f, types};

use super::posting::{bump_pts, updates};
use super::send_rules::{can_post, Post};
use super::{resolve, Ctx, RpcErr};
use crate::account::{ChatKind, Peer};
use crate::convert;
use crate::extras::Media;

/// Dice Telegram animates, with the highest value of each.
const DICE: &[(&str, i32)] = &[
    ("🎲", 6),
    ("🎯", 6),
    ("🏀", 5),
    ("⚽", 5),
    ("🎳", 6),
    ("🎰", 64),
];
/// Groups up to this size keep read receipts.
const RECEIPTS_MAX_MEMBERS: i32 = 100;
/// The longest auto-delete timer (a year).
const MAX_TTL: i32 = 366 * 86_400;

pub(crate) fn get_message_read_participants(
    ctx: &mut Ctx,
    req: f::messages::GetMessageReadParticipants,
) -> Result<Vec<enums::ReadParticipantDate>, RpcErr> {
    let peer = resolve::peer(ctx.acc, &req.peer)?;
    let m = ctx
        .acc
        .message(peer, req.msg_id)
        .ok_or_else(|| RpcErr::bad("MSG_ID_INVALID"))?;
    let chat = ctx
        .acc
        .chat_of(peer)
        .ok_or_else(|| RpcErr::bad("PEER_ID_INVALID"))?;
    if chat.kind == ChatKind::Channel || chat.members > RECEIPTS_MAX_MEMBERS {
        return Err(RpcErr::bad("CHAT_TOO_BIG"));
    }
    if !m.out {
        return Err(RpcErr::bad("MESSAGE_AUTHOR_REQUIRED"));
    }
    let readers = ctx.acc.ext.read_by.get(&(peer, req.msg_id));
    Ok(readers
        .into_iter()
        .flatten()
        .map(|(user_id, date)| {
            types::ReadParticipantDate {
                user_id: *user_id,
                date: *date,
            }
            .into()
        })
        .collect())
}

pub(crate) fn get_saved_dialogs(
    ctx: &mut Ctx,
    req: f::messages::GetSavedDialogs,
) -> Result<enums::messages::SavedDialogs, RpcErr> {
    let me = ctx.acc.me.id;
    // A saved message belongs to whoever it was forwarded from, else to the account.
    let mut tops: Vec<(i64, i32)> = Vec::new();
    for m in ctx.acc.history(Peer::User(me)) {
        let who = m.fwd_from.map_or(me, |(from, _)| from);
        match tops.iter_mut().find(|t| t.0 == who) {
            Some(t) => t.1 = t.1.max(m.id),
            None => tops.push((who, m.id)),
        }
    }
    tops.sort_by_key(|t| std::cmp::Reverse(t.1));
    tops.truncate(req.limit.clamp(1, 100) as usize);
    let msgs: Vec<_> = tops
        .iter()
        .filter_map(|(_, id)| ctx.acc.message(Peer::User(me), *id))
        .cloned()
        .collect();
    let peers: Vec<Peer> = tops.iter().map(|(who, _)| Peer::User(*who)).collect();
    let refs: Vec<_> = msgs.iter().collect();
    let (users, chats) = ctx.refs(&refs, &peers);
    Ok(types::messages::SavedDialogs {
        dialogs: tops
            .iter()
            .map(|(who, top)| {
                types::SavedDialog {
                    pinned: false,
                    peer: convert::peer(Peer::User(*who)),
                    top_message: *top,
                }
                .into()
            })
            .collect(),
        messages: msgs.iter().map(|m| convert::message(m, ctx.acc)).collect(),
        chats,
        users,
    }
    .into())
}

/// `messages.editMessage` with a poll marked closed: the author closes it.
pub(crate) fn close_poll(
    ctx: &mut Ctx,
    peer: Peer,
    id: i32,
    m: &types::InputMediaPoll,
) -> Result<enums::Updates, RpcErr> {
    let enums::Poll::Poll(wanted) = &m.poll;
    let Some(Media::Poll(p)) = ctx.acc.ext.media.get_mut(&(peer, id)) else {
        return Err(RpcErr::bad("MEDIA_INVALID"));
    };
    if !wanted.closed || p.closed {
        return Err(RpcErr::bad("MESSAGE_NOT_MODIFIED"));
    }
    p.closed = true;
    let p = p.clone();
    let results = match crate::convert_ext::media(&Media::Poll(p.clone()), ctx.acc, 0) {
        enums::MessageMedia::Poll(m) => m.results,
        _ => return Err(RpcErr::bad("MEDIA_INVALID")),
    };
    let u = types::UpdateMessagePoll {
        peer: Some(convert::peer(peer)),
        msg_id: Some(id),
        top_msg_id: None,
        poll_id: p.id,
        poll: Some(crate::convert_ext::poll(&p)),
        results,
    }
    .into();
    Ok(updates(ctx, vec![u], &[], peer))
}

fn all_ids(ctx: &Ctx, peer: Peer, max_id: i32) -> Vec<i32> {
    ctx.acc
        .history(peer)
        .iter()
        .filter(|m| max_id <= 0 || m.id <= max_id)
        .map(|m| m.id)
        .collect()
}

pub(crate) fn delete_history(
    ctx: &mut Ctx,
    req: f::messages::DeleteHistory,
) -> Result<enums::messages::AffectedHistory, RpcErr> {
    let peer = resolve::peer(ctx.acc, &req.peer)?;
    if matches!(peer, Peer::Channel(_)) {
        return Err(RpcErr::bad("PEER_ID_INVALID"));
    }
    let ids = all_ids(ctx, peer, req.max_id);
    let n = ctx.acc.delete(Some(peer), &ids) as i32;
    let pts = bump_pts(ctx.acc, peer, n.max(1));
    Ok(types::messages::AffectedHistory {
        pts,
        pts_count: n,
        offset: 0,
    }
    .into())
}

pub(crate) fn delete_channel_history(
    ctx: &mut Ctx,
    req: f::channels::DeleteHistory,
) -> Result<enums::Updates, RpcErr> {
    let channel_id = match &req.channel {
        enums::InputChannel::Channel(c) => c.channel_id,
        enums::InputChannel::FromMessage(c) => c.channel_id,
        enums::InputChannel::Empty => return Err(RpcErr::bad("CHANNEL_INVALID")),
    };
    let peer = Peer::Channel(channel_id);
    match ctx.acc.chat_of(peer) {
        Some(c) if c.kind == ChatKind::Channel => return Err(RpcErr::bad("CHANNEL_INVALID")),
        Some(c) if !c.writable => return Err(RpcErr::bad("CHAT_ADMIN_REQUIRED")),
        Some(_) => {}
        None => return Err(RpcErr::bad("CHANNEL_INVALID")),
    }
    let ids = all_ids(ctx, peer, req.max_id);
    let n = ctx.acc.delete(Some(peer), &ids) as i32;
    let pts = bump_pts(ctx.acc, peer, n.max(1));
    let u = types::UpdateDeleteChannelMessages {
        channel_id,
        messages: ids,
        pts,
        pts_count: n,
    }
    .into();
    Ok(updates(ctx, vec![u], &[], peer))
}

pub(crate) fn set_typing(ctx: &mut Ctx, req: f::messages::SetTyping) -> Result<bool, RpcErr> {
    let peer = resolve::peer(ctx.acc, &req.peer)?;
    can_post(ctx.acc, peer, Post::Access)?;
    let typing = matches!(
        req.action,
        enums::SendMessageAction::SendMessageTypingAction
    );
    ctx.acc.ext.typing.push((peer, typing));
    Ok(true)
}

pub(crate) fn toggle_dialog_pin(
    ctx: &mut Ctx,
    req: f::messages::ToggleDialogPin,
) -> Result<bool, RpcErr> {
    let enums::InputDialogPeer::Peer(p) = &req.peer else {
        return Err(RpcErr::bad("PEER_ID_INVALID"));
    };
    let peer = resolve::peer(ctx.acc, &p.peer)?;
    let d = ctx
        .acc
        .dialog_mut(peer)
        .ok_or_else(|| RpcErr::bad("PEER_ID_INVALID"))?;
    d.pinned = req.pinned;
    Ok(true)
}

pub(crate) fn set_history_ttl(
    ctx: &mut Ctx,
    req: f::messages::SetHistoryTtl,
) -> Result<enums::Updates, RpcErr> {
    let peer = resolve::peer(ctx.acc, &req.peer)?;
    if !(0..=MAX_TTL).contains(&req.period) {
        return Err(RpcErr::bad("TTL_PERIOD_INVALID"));
    }
    if ctx
        .acc
        .chat_of(peer)
        .is_some_and(|c| c.kind == ChatKind::Channel && !c.writable)
    {
        return Err(RpcErr::bad("CHAT_ADMIN_REQUIRED"));
    }
    if req.period == 0 {
        ctx.acc.ext.ttl.remove(&peer);
    } else {
        ctx.acc.ext.ttl.insert(peer, req.period);
    }
    Ok(updates(ctx, Vec::new(), &[], peer))
}

fn geo(p: &enums::InputGeoPoint) -> Result<enums::GeoPoint, RpcErr> {
    match p {
        enums::InputGeoPoint::Point(p)
            if (-90.0..=90.0).contains(&p.lat) && (-180.0..=180.0).contains(&p.long) =>
        {
            Ok(types::GeoPoint {
                long: p.long,
                lat: p.lat,
                access_hash: 0,
                accuracy_radius: p.accuracy_radius,
            }
            .into())
        }
        _ => Err(RpcErr::bad("GEO_POINT_INVALID")),
    }
}

/// Media without a file: a place, a venue, a contact card or a dice;
/// `None` for any other kind.
pub(super) fn plain_media(ctx: &mut Ctx, m: &enums::InputMedia) -> Option<Result<Media, RpcErr>> {
    let media: Result<enums::MessageMedia, RpcErr> = match m {
        enums::InputMedia::GeoPoint(g) => {
            geo(&g.geo_point).map(|geo| types::MessageMediaGeo { geo }.into())
        }
        enums::InputMedia::Venue(v) => geo(&v.geo_point).map(|geo| {
            types::MessageMediaVenue {
                geo,
                title: v.title.clone(),
                address: v.address.clone(),
                provider: v.provider.clone(),
                venue_id: v.venue_id.clone(),
                venue_type: v.venue_type.clone(),
            }
            .into()
        }),
        enums::InputMedia::Contact(c) if c.phone_number.trim().is_empty() => {
            Err(RpcErr::bad("CONTACT_PHONE_INVALID"))
        }
        enums::InputMedia::Contact(c) => Ok(types::MessageMediaContact {
            user_id: ctx.acc.by_phone(&c.phone_number).map_or(0, |u| u.id),
            phone_number: c.phone_number.clone(),
            first_name: c.first_name.clone(),
            last_name: c.last_name.clone(),
            vcard: c.vcard.clone(),
        }
        .into()),
        enums::InputMedia::Dice(d) => match DICE.iter().find(|(e, _)| *e == d.emoticon) {
            Some((_, top)) => {
                // Deterministic per account, like a seeded die.
                let value = (ctx.acc.ext.new_id() % i64::from(*top)) as i32 + 1;
                Ok(types::MessageMediaDice {
                    value,
                    emoticon: d.emoticon.clone(),
                    game_outcome: None,
                }
                .into())
            }
            None => Err(RpcErr::bad("EMOTICON_INVALID")),
        },
        _ => return None,
    };
    Some(media.map(|m| Media::Other(Box::new(m))))
}
