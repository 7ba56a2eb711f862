//! `updates.getDifference` and `updates.getChannelDifference`: what a client
//! that missed updates gets back, from the account's journal (new messages
//! with their contents now, edits, deletions, reads; channels through their
//! own pts), and when it is too far behind, the "start over" answers.

use grammers_tl_types::{enums, functions as f, types};

use super::help::state;
use super::{resolve, Ctx, RpcErr};
use crate::account::{Message, Peer};
use crate::convert;
use crate::journal::{Entry, Event};

/// Changes one `updates.getDifference` answer carries at most: Telegram
/// answers a long gap in slices, each with the state to ask from next.
const DIFFERENCE_SLICE: usize = 100;
/// Missed changes of one channel getDifference carries itself; more, and it
/// sends `updateChannelTooLong` so the client asks getChannelDifference.
const CHANNEL_INLINE: usize = 10;
/// Seconds a client waits before polling a channel again.
const CHANNEL_TIMEOUT: i32 = 30;
/// Messages getChannelDifference returns when the client sets no limit.
const CHANNEL_LIMIT: usize = 100;

/// The update a journal entry replays as (`None`: nothing to replay).
fn update_of(ctx: &Ctx, peer: Peer, e: &Entry) -> Option<enums::Update> {
    let (pts, pts_count) = (e.pts, e.pts_count);
    let channel = match peer {
        Peer::Channel(id) => Some(id),
        _ => None,
    };
    Some(match (&e.event, channel) {
        (Event::New(m), Some(_)) => types::UpdateNewChannelMessage {
            message: convert::message(current(ctx, m), ctx.acc),
            pts,
            pts_count,
        }
        .into(),
        (Event::New(m), None) => types::UpdateNewMessage {
            message: convert::message(current(ctx, m), ctx.acc),
            pts,
            pts_count,
        }
        .into(),
        (Event::Edit(m), Some(_)) => types::UpdateEditChannelMessage {
            message: convert::message(current(ctx, m), ctx.acc),
            pts,
            pts_count,
        }
        .into(),
        (Event::Edit(m), None) => types::UpdateEditMessage {
            message: convert::message(current(ctx, m), ctx.acc),
            pts,
            pts_count,
        }
        .into(),
        (Event::Delete(ids), Some(channel_id)) => types::UpdateDeleteChannelMessages {
            channel_id,
            messages: ids.clone(),
            pts,
            pts_count,
        }
        .into(),
        (Event::Delete(ids), None) => types::UpdateDeleteMessages {
            messages: ids.clone(),
            pts,
            pts_count,
        }
        .into(),
        (Event::ReadInbox(p, max_id), None) => types::UpdateReadHistoryInbox {
            folder_id: None,
            peer: convert::peer(*p),
            top_msg_id: None,
            max_id: *max_id,
            still_unread_count: ctx.acc.dialog(*p).map_or(0, |d| d.unread_count()),
            pts,
            pts_count,
        }
        .into(),
        (Event::ReadInbox(..), Some(_)) => return None,
    })
}

/// A message as it is now (edited since, say), or as it was if deleted since.
fn current<'a>(ctx: &'a Ctx, m: &'a Message) -> &'a Message {
    ctx.acc.message(m.peer, m.id).unwrap_or(m)
}

/// The messages an entry names, for the users and chats an answer carries.
fn message_of(e: &Entry) -> Option<&Message> {
    match &e.event {
        Event::New(m) | Event::Edit(m) => Some(m),
        _ => None,
    }
}

/// What channels did since the client's common state: their updates inline,
/// or `updateChannelTooLong` for a channel with many.
fn channel_updates(ctx: &Ctx, req: &f::updates::GetDifference) -> (Vec<enums::Update>, Vec<Peer>) {
    let mut list = Vec::new();
    let mut peers = Vec::new();
    let mut ids: Vec<i64> = ctx.acc.journal.channels.keys().copied().collect();
    ids.sort_unstable();
    for id in ids {
        let Some(entries) = ctx.acc.journal.channels.get(&id) else {
            continue;
        };
        // Changes made after the client's state; the same second counts
        // too (the client drops what it already has by the channel's pts).
        let missed: Vec<&Entry> = entries
            .iter()
            .filter(|e| e.common_pts > req.pts || (e.common_pts == req.pts && e.date >= req.date))
            .collect();
        let Some(first) = missed.first() else {
            continue;
        };
        let peer = Peer::Channel(id);
        peers.push(peer);
        if missed.len() > CHANNEL_INLINE {
            list.push(
                types::UpdateChannelTooLong {
                    channel_id: id,
                    pts: Some(first.pts - first.pts_count),
                }
                .into(),
            );
            continue;
        }
        list.extend(missed.iter().filter_map(|e| update_of(ctx, peer, e)));
    }
    (list, peers)
}

pub(crate) fn get_difference(
    ctx: &mut Ctx,
    req: f::updates::GetDifference,
) -> Result<enums::updates::Difference, RpcErr> {
    if req.pts <= 0 {
        return Err(RpcErr::bad("PERSISTENT_TIMESTAMP_EMPTY"));
    }
    let me = Peer::User(ctx.acc.me.id);
    // A gap older than what the server still keeps (or a state from another
    // server): the client starts over from the current state.
    let Some(missed) = ctx.acc.journal.since(me, req.pts, ctx.acc.pts) else {
        return Ok(types::updates::DifferenceTooLong { pts: ctx.acc.pts }.into());
    };
    let more = missed.len() > DIFFERENCE_SLICE;
    let missed = &missed[..missed.len().min(DIFFERENCE_SLICE)];
    let (channel_list, channel_peers) = if more {
        (Vec::new(), Vec::new())
    } else {
        channel_updates(ctx, &req)
    };
    if missed.is_empty() && channel_list.is_empty() {
        return Ok(types::updates::DifferenceEmpty {
            date: ctx.acc.now(),
            seq: 0,
        }
        .into());
    }
    let mut new_messages = Vec::new();
    let mut other_updates = Vec::new();
    let mut msgs: Vec<&Message> = Vec::new();
    let new_here = |m: &Message| {
        missed
            .iter()
            .any(|o| matches!(&o.event, Event::New(n) if n.peer == m.peer && n.id == m.id))
    };
    for e in missed {
        msgs.extend(message_of(e));
        match &e.event {
            // A new message comes with its text as it is now, so its own
            // later edits need not follow it.
            Event::New(m) if ctx.acc.message(m.peer, m.id).is_some() => {
                new_messages.push(convert::message(current(ctx, m), ctx.acc));
            }
            Event::New(_) => {}
            Event::Edit(m) if new_here(m) => {}
            _ => other_updates.extend(update_of(ctx, me, e)),
        }
    }
    other_updates.extend(channel_list);
    let (users, chats) = ctx.refs(&msgs, &channel_peers);
    if more {
        let mut at = state(ctx);
        at.pts = missed.last().map_or(req.pts, |e| e.pts);
        return Ok(types::updates::DifferenceSlice {
            new_messages,
            new_encrypted_messages: Vec::new(),
            other_updates,
            chats,
            users,
            intermediate_state: at.into(),
        }
        .into());
    }
    Ok(types::updates::Difference {
        new_messages,
        new_encrypted_messages: Vec::new(),
        other_updates,
        chats,
        users,
        state: state(ctx).into(),
    }
    .into())
}

pub(crate) fn get_channel_difference(
    ctx: &mut Ctx,
    req: f::updates::GetChannelDifference,
) -> Result<enums::updates::ChannelDifference, RpcErr> {
    let peer = Peer::Channel(resolve::channel(ctx.acc, &req.channel)?);
    let Some(d) = ctx.acc.dialog(peer) else {
        // Not a member: Telegram answers as for a channel the account left.
        return Err(RpcErr::bad("CHANNEL_PRIVATE"));
    };
    let now_pts = d.pts;
    if req.pts <= 0 {
        return Err(RpcErr::bad("PERSISTENT_TIMESTAMP_EMPTY"));
    }
    if req.pts == now_pts {
        return Ok(types::updates::ChannelDifferenceEmpty {
            r#final: true,
            pts: now_pts,
            timeout: Some(CHANNEL_TIMEOUT),
        }
        .into());
    }
    let limit = usize::try_from(req.limit)
        .ok()
        .filter(|l| *l > 0)
        .unwrap_or(CHANNEL_LIMIT)
        .min(1000);
    let Some(missed) = ctx.acc.journal.since(peer, req.pts, now_pts) else {
        // Too far behind, or ahead (a state from another server): the
        // channel's dialog and its newest messages, from which the client
        // starts over (grammers takes the dialog's pts).
        let dialog = convert::dialog(d, ctx.acc);
        let recent: Vec<&Message> = d.messages.iter().rev().take(limit).collect();
        let messages = recent
            .iter()
            .map(|m| convert::message(m, ctx.acc))
            .collect();
        let (users, chats) = ctx.refs(&recent, &[peer]);
        return Ok(types::updates::ChannelDifferenceTooLong {
            r#final: true,
            timeout: Some(CHANNEL_TIMEOUT),
            dialog,
            messages,
            chats,
            users,
        }
        .into());
    };
    let done = missed.len() <= limit;
    let missed = &missed[..missed.len().min(limit)];
    let mut new_messages = Vec::new();
    let mut other_updates = Vec::new();
    let mut msgs: Vec<&Message> = Vec::new();
    for e in missed {
        msgs.extend(message_of(e));
        match &e.event {
            Event::New(m) if ctx.acc.message(peer, m.id).is_some() => {
                new_messages.push(convert::message(current(ctx, m), ctx.acc));
            }
            Event::New(_) => {}
            _ => other_updates.extend(update_of(ctx, peer, e)),
        }
    }
    // Every missed change, even one that replays as nothing, moves the pts
    // (pins and reactions bump it without a journal entry).
    let pts = if done {
        now_pts
    } else {
        missed.last().map_or(req.pts, |e| e.pts)
    };
    let (users, chats) = ctx.refs(&msgs, &[peer]);
    Ok(types::updates::ChannelDifference {
        r#final: done,
        pts,
        timeout: Some(CHANNEL_TIMEOUT),
        new_messages,
        other_updates,
        chats,
        users,
    }
    .into())
}
