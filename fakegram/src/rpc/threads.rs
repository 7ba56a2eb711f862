//! Threads and unread state: replies to a message (or a forum topic's
//! messages), unread mentions, and dialogs by peer.

use grammers_tl_types::{enums, functions as f, types};

use super::messages::{messages_reply, page};
use super::{help, resolve, Ctx, RpcErr};
use crate::account::{Account, ChatKind, Message, Peer};
use crate::convert;

fn channel_of(p: Peer) -> Option<Peer> {
    matches!(p, Peer::Channel(_)).then_some(p)
}

/// The message a reply chain starts from (bounded: chains in the wild are short,
/// and a cycle in hand-made data must not hang the server).
fn root(history: &[Message], m: &Message) -> i32 {
    let mut cur = m;
    for _ in 0..64 {
        match cur
            .reply_to
            .and_then(|r| history.iter().find(|x| x.id == r))
        {
            Some(parent) => cur = parent,
            None => break,
        }
    }
    cur.id
}

/// The messages of the thread under `msg_id`, newest first: a forum topic's
/// messages when `msg_id` is a topic, otherwise every reply under it.
fn thread(acc: &Account, peer: Peer, msg_id: i32) -> Vec<&Message> {
    let history = acc.history(peer);
    let is_topic = acc
        .chat_of(peer)
        .is_some_and(|c| c.kind == ChatKind::Forum && c.topics.iter().any(|t| t.id == msg_id));
    history
        .iter()
        .rev()
        .filter(|m| m.id != msg_id)
        .filter(|m| {
            if is_topic {
                m.topic == Some(msg_id)
            } else {
                m.reply_to.is_some() && root(history, m) == msg_id
            }
        })
        .collect()
}

pub(crate) fn get_replies(
    ctx: &mut Ctx,
    req: f::messages::GetReplies,
) -> Result<enums::messages::Messages, RpcErr> {
    let peer = resolve::peer(ctx.acc, &req.peer)?;
    if ctx.acc.message(peer, req.msg_id).is_none() {
        return Err(RpcErr::bad("MSG_ID_INVALID"));
    }
    let all: Vec<&Message> = thread(ctx.acc, peer, req.msg_id)
        .into_iter()
        .filter(|m| (req.max_id <= 0 || m.id < req.max_id) && m.id > req.min_id)
        .collect();
    let got = page(
        &all,
        req.offset_id,
        req.offset_date,
        req.add_offset,
        resolve::limit(req.limit, 100),
    );
    Ok(messages_reply(ctx, channel_of(peer), &got, all.len(), None))
}

pub(crate) fn get_unread_mentions(
    ctx: &mut Ctx,
    req: f::messages::GetUnreadMentions,
) -> Result<enums::messages::Messages, RpcErr> {
    let peer = resolve::peer(ctx.acc, &req.peer)?;
    let me = ctx.acc.me.username.as_deref();
    let all: Vec<&Message> = match ctx.acc.dialog(peer) {
        Some(d) => d
            .unread_mentions(me)
            .filter(|m| req.top_msg_id.is_none_or(|t| m.topic == Some(t)))
            .filter(|m| (req.max_id <= 0 || m.id < req.max_id) && m.id > req.min_id)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect(),
        None => Vec::new(),
    };
    let got = page(
        &all,
        req.offset_id,
        0,
        req.add_offset,
        resolve::limit(req.limit, 100),
    );
    Ok(messages_reply(ctx, channel_of(peer), &got, all.len(), None))
}

pub(crate) fn get_peer_dialogs(
    ctx: &mut Ctx,
    req: f::messages::GetPeerDialogs,
) -> Result<enums::messages::PeerDialogs, RpcErr> {
    let mut peers = Vec::new();
    for p in &req.peers {
        match p {
            enums::InputDialogPeer::Peer(p) => peers.push(resolve::peer(ctx.acc, &p.peer)?),
            _ => return Err(RpcErr::bad("PEER_ID_INVALID")),
        }
    }
    let dialogs: Vec<&crate::Dialog> = peers.iter().filter_map(|p| ctx.acc.dialog(*p)).collect();
    let tops: Vec<&Message> = dialogs.iter().filter_map(|d| d.top_message()).collect();
    let (users, chats) = ctx.refs(&tops, &peers);
    Ok(types::messages::PeerDialogs {
        dialogs: dialogs
            .iter()
            .map(|d| convert::dialog(d, ctx.acc))
            .collect(),
        messages: tops.iter().map(|m| convert::message(m, ctx.acc)).collect(),
        chats,
        users,
        state: help::state(ctx).into(),
    }
    .into())
}
