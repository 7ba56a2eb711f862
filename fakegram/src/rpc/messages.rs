//! messages.* reads: dialogs, history, search, messages by id.

use grammers_tl_types::{enums, functions as f, types};

use super::filters::text_matches;
use super::{resolve, Ctx, RpcErr};
use crate::account::{ChatKind, Dialog, Message, Peer};
use crate::convert;

/// A `messages.Messages` the way Telegram shapes it: `channelMessages` for
/// channels, `messages` when everything fits, `messagesSlice` otherwise.
pub(crate) fn messages_reply(
    ctx: &Ctx,
    channel: Option<Peer>,
    msgs: &[&Message],
    total: usize,
    next_rate: Option<i32>,
) -> enums::messages::Messages {
    let (users, chats) = ctx.refs(msgs, &channel.into_iter().collect::<Vec<_>>());
    let messages = msgs.iter().map(|m| convert::message(m, ctx.acc)).collect();
    if let Some(p) = channel {
        let pts = ctx.acc.dialog(p).map_or(1, |d| d.pts);
        return types::messages::ChannelMessages {
            inexact: false,
            pts,
            count: total as i32,
            offset_id_offset: None,
            messages,
            topics: Vec::new(),
            chats,
            users,
        }
        .into();
    }
    if msgs.len() == total {
        return types::messages::Messages {
            messages,
            topics: Vec::new(),
            chats,
            users,
        }
        .into();
    }
    types::messages::MessagesSlice {
        inexact: false,
        count: total as i32,
        next_rate,
        offset_id_offset: None,
        search_flood: None,
        messages,
        topics: Vec::new(),
        chats,
        users,
    }
    .into()
}

fn channel_of(p: Peer) -> Option<Peer> {
    matches!(p, Peer::Channel(_)).then_some(p)
}

/// Sort key of a dialog: newest top message first.
fn dialog_key(d: &Dialog) -> (i32, i32) {
    d.top_message().map_or((0, 0), |m| (m.date, m.id))
}

pub(crate) fn get_dialogs(
    ctx: &mut Ctx,
    req: f::messages::GetDialogs,
) -> Result<enums::messages::Dialogs, RpcErr> {
    let limit = resolve::limit(req.limit, 100);
    // No folder: every dialog; 0: the main list; 1: the archive.
    let ext = &ctx.acc.ext;
    let in_folder = |d: &Dialog| match req.folder_id {
        None => true,
        Some(1) => ext.archived.contains(&d.peer),
        Some(0) => !ext.archived.contains(&d.peer),
        Some(_) => false,
    };
    let mut all: Vec<&Dialog> = ctx
        .acc
        .dialogs
        .iter()
        .filter(|d| !(req.exclude_pinned && d.pinned))
        .filter(|d| !ext.left.contains(&d.peer) && in_folder(d))
        .collect();
    all.sort_by_key(|d| std::cmp::Reverse((d.pinned, dialog_key(d))));
    let total = all.len();
    let offset_peer = resolve::peer(ctx.acc, &req.offset_peer).ok();
    let start = match offset_peer.and_then(|p| all.iter().position(|d| d.peer == p)) {
        Some(i) => i + 1,
        None if req.offset_date != 0 || req.offset_id != 0 => all
            .iter()
            .position(|d| !d.pinned && dialog_key(d) < (req.offset_date, req.offset_id))
            .unwrap_or(total),
        None => 0,
    };
    let page: Vec<&Dialog> = all.into_iter().skip(start).take(limit).collect();
    let tops: Vec<&Message> = page.iter().filter_map(|d| d.top_message()).collect();
    let peers: Vec<Peer> = page.iter().map(|d| d.peer).collect();
    let (users, chats) = ctx.refs(&tops, &peers);
    let dialogs = page.iter().map(|d| convert::dialog(d, ctx.acc)).collect();
    let messages = tops.iter().map(|m| convert::message(m, ctx.acc)).collect();
    if start == 0 && page.len() == total {
        return Ok(types::messages::Dialogs {
            dialogs,
            messages,
            chats,
            users,
        }
        .into());
    }
    Ok(types::messages::DialogsSlice {
        count: total as i32,
        dialogs,
        messages,
        chats,
        users,
    }
    .into())
}

/// Telegram's paging over newest-first messages: start at the first one
/// older than `offset_id` / `offset_date`, move by `add_offset`, take `limit`.
pub(crate) fn page<'a>(
    newest_first: &[&'a Message],
    offset_id: i32,
    offset_date: i32,
    add_offset: i32,
    limit: usize,
) -> Vec<&'a Message> {
    let base = if offset_id == 0 && offset_date == 0 {
        0
    } else {
        newest_first
            .iter()
            .position(|m| {
                (offset_id == 0 || m.id < offset_id) && (offset_date == 0 || m.date < offset_date)
            })
            .unwrap_or(newest_first.len())
    };
    let start = (base as i64 + add_offset as i64).max(0) as usize;
    newest_first
        .iter()
        .skip(start)
        .take(limit)
        .copied()
        .collect()
}

pub(crate) fn get_history(
    ctx: &mut Ctx,
    req: f::messages::GetHistory,
) -> Result<enums::messages::Messages, RpcErr> {
    let peer = resolve::peer(ctx.acc, &req.peer)?;
    let all: Vec<&Message> = ctx
        .acc
        .history(peer)
        .iter()
        .rev()
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

pub(crate) fn search(
    ctx: &mut Ctx,
    req: f::messages::Search,
) -> Result<enums::messages::Messages, RpcErr> {
    let peers: Vec<Peer> = match req.peer {
        enums::InputPeer::Empty => ctx.acc.dialogs.iter().map(|d| d.peer).collect(),
        ref p => vec![resolve::peer(ctx.acc, p)?],
    };
    // Telegram refuses a forum topic that does not exist rather than
    // answering an empty page (General, 1, always exists).
    if let (Some(t), [p]) = (req.top_msg_id, peers.as_slice()) {
        let forum = ctx.acc.chat_of(*p).filter(|c| c.kind == ChatKind::Forum);
        if forum.is_some_and(|c| t != 1 && !c.topics.iter().any(|x| x.id == t)) {
            return Err(RpcErr::bad("TOPIC_ID_INVALID"));
        }
    }
    let from = match &req.from_id {
        Some(p) => match resolve::peer(ctx.acc, p)? {
            Peer::User(id) => Some(id),
            _ => return Err(RpcErr::bad("SENDER_INVALID")),
        },
        None => None,
    };
    let acc = &*ctx.acc;
    let mut all: Vec<&Message> = peers
        .iter()
        .flat_map(|p| acc.history(*p).iter())
        .filter(|m| text_matches(acc, m, &req.q, &req.filter))
        .filter(|m| from.is_none_or(|f| m.from == f))
        .filter(|m| {
            req.top_msg_id
                .is_none_or(|t| m.topic == Some(t) || m.id == t || (t == 1 && m.topic.is_none()))
        })
        .filter(|m| {
            (req.min_date == 0 || m.date >= req.min_date)
                && (req.max_date == 0 || m.date <= req.max_date)
        })
        .filter(|m| (req.max_id <= 0 || m.id < req.max_id) && m.id > req.min_id)
        .collect();
    all.sort_by_key(|m| std::cmp::Reverse((m.date, m.id)));
    let got = page(
        &all,
        req.offset_id,
        0,
        req.add_offset,
        resolve::limit(req.limit, 100),
    );
    let channel = match peers.as_slice() {
        [p] => channel_of(*p),
        _ => None,
    };
    Ok(messages_reply(ctx, channel, &got, all.len(), None))
}

pub(crate) fn search_global(
    ctx: &mut Ctx,
    req: f::messages::SearchGlobal,
) -> Result<enums::messages::Messages, RpcErr> {
    if req.q.trim().is_empty()
        && matches!(req.filter, enums::MessagesFilter::InputMessagesFilterEmpty)
    {
        return Err(RpcErr::bad("SEARCH_QUERY_EMPTY"));
    }
    let acc = &*ctx.acc;
    let kind_ok = |p: Peer| {
        let broadcast = acc
            .chat_of(p)
            .is_some_and(|c| c.kind == crate::ChatKind::Channel);
        match p {
            Peer::User(_) => !req.broadcasts_only && !req.groups_only,
            _ if broadcast => !req.groups_only && !req.users_only,
            _ => !req.broadcasts_only && !req.users_only,
        }
    };
    let mut all: Vec<&Message> = acc
        .dialogs
        .iter()
        .filter(|d| kind_ok(d.peer) && !acc.ext.left.contains(&d.peer))
        .flat_map(|d| d.messages.iter())
        .filter(|m| text_matches(acc, m, &req.q, &req.filter))
        .filter(|m| {
            (req.min_date == 0 || m.date >= req.min_date)
                && (req.max_date == 0 || m.date <= req.max_date)
        })
        .collect();
    all.sort_by_key(|m| std::cmp::Reverse((m.date, m.peer.bot_api_id(), m.id)));
    let offset_peer = resolve::peer(acc, &req.offset_peer).ok();
    let start = match offset_peer {
        Some(p) if req.offset_id != 0 => all
            .iter()
            .position(|m| m.peer == p && m.id == req.offset_id)
            .map_or(0, |i| i + 1),
        _ => 0,
    };
    let limit = resolve::limit(req.limit, 100);
    let got: Vec<&Message> = all.iter().skip(start).take(limit).copied().collect();
    let more = start + got.len() < all.len();
    let next_rate = if more {
        got.last().map(|m| m.date)
    } else {
        None
    };
    Ok(messages_reply(ctx, None, &got, all.len(), next_rate))
}

/// `InputMessage`s of one peer (or of the common box) to messages; missing
/// ones are `messageEmpty`.
fn by_ids(ctx: &Ctx, channel: Option<Peer>, ids: &[enums::InputMessage]) -> Vec<enums::Message> {
    let find = |id: i32| match channel {
        Some(p) => ctx.acc.message(p, id),
        None => ctx.acc.common_message(id),
    };
    ids.iter()
        .map(|input| {
            let (id, found) = match input {
                enums::InputMessage::Id(x) => (x.id, find(x.id)),
                enums::InputMessage::ReplyTo(x) => {
                    (x.id, find(x.id).and_then(|m| m.reply_to).and_then(find))
                }
                _ => (0, None),
            };
            match found {
                Some(m) => convert::message(m, ctx.acc),
                None => types::MessageEmpty {
                    id,
                    peer_id: channel.map(convert::peer),
                }
                .into(),
            }
        })
        .collect()
}

fn found_refs(ctx: &Ctx, channel: Option<Peer>, ids: &[enums::InputMessage]) -> Vec<Message> {
    let find = |id: i32| match channel {
        Some(p) => ctx.acc.message(p, id),
        None => ctx.acc.common_message(id),
    };
    ids.iter()
        .filter_map(|i| match i {
            enums::InputMessage::Id(x) => find(x.id),
            enums::InputMessage::ReplyTo(x) => find(x.id).and_then(|m| m.reply_to).and_then(find),
            _ => None,
        })
        .cloned()
        .collect()
}

pub(crate) fn get_messages(
    ctx: &mut Ctx,
    req: f::messages::GetMessages,
) -> Result<enums::messages::Messages, RpcErr> {
    let found = found_refs(ctx, None, &req.id);
    let (users, chats) = ctx.refs(&found.iter().collect::<Vec<_>>(), &[]);
    let messages = by_ids(ctx, None, &req.id);
    Ok(types::messages::Messages {
        messages,
        topics: Vec::new(),
        chats,
        users,
    }
    .into())
}

pub(crate) fn channel_messages(
    ctx: &mut Ctx,
    req: f::channels::GetMessages,
) -> Result<enums::messages::Messages, RpcErr> {
    let peer = Peer::Channel(resolve::channel(ctx.acc, &req.channel)?);
    let found = found_refs(ctx, Some(peer), &req.id);
    let (users, chats) = ctx.refs(&found.iter().collect::<Vec<_>>(), &[peer]);
    let messages = by_ids(ctx, Some(peer), &req.id);
    Ok(types::messages::ChannelMessages {
        inexact: false,
        pts: ctx.acc.dialog(peer).map_or(1, |d| d.pts),
        count: messages.len() as i32,
        offset_id_offset: None,
        messages,
        topics: Vec::new(),
        chats,
        users,
    }
    .into())
}
