//! messages.* / channels.* writes, answered with the `Updates` shapes real
//! Telegram uses (what grammers maps back to the sent message).

use grammers_tl_types::{enums, functions as f, types, Serializable};

use super::posting::{bump_pts, sent_updates, topic_for, updates};
use super::send_rules::{can_post, check_text, Post};
use super::{resolve, Ctx, RpcErr};
use crate::account::{Account, Message, NewMessage, Peer};
use crate::convert;
use crate::extras::Media;
use crate::journal::Event;

pub(crate) fn send_message(
    ctx: &mut Ctx,
    req: f::messages::SendMessage,
) -> Result<enums::Updates, RpcErr> {
    let peer = resolve::peer(ctx.acc, &req.peer)?;
    can_post(ctx.acc, peer, Post::Text)?;
    check_text(&req.message)?;
    let (reply_to, top, quote) = match &req.reply_to {
        Some(enums::InputReplyTo::Message(r)) => {
            (Some(r.reply_to_msg_id), r.top_msg_id, r.quote_text.clone())
        }
        _ => (None, None, None),
    };
    if let Some(r) = reply_to {
        if ctx.acc.message(peer, r).is_none() {
            return Err(RpcErr::bad("REPLY_MESSAGE_ID_INVALID"));
        }
    }
    if !ctx.acc.remember_random_id(req.random_id) {
        return Err(RpcErr::new(500, "RANDOM_ID_DUPLICATE"));
    }
    let topic = topic_for(ctx.acc, peer, reply_to, top);
    let new = NewMessage {
        text: req.message,
        reply_to: reply_to.or(topic),
        topic,
        fwd_from: None,
    };
    if let Some(at) = req.schedule_date {
        return super::media::schedule(ctx, peer, new, at, req.random_id);
    }
    let me = ctx.acc.me.id;
    let (m, pts) = ctx.acc.post(peer, me, new);
    let entities = req.entities.filter(|e| !e.is_empty());
    let preview = (!req.no_webpage)
        .then(|| super::link_preview::preview(ctx.acc, &m.text, &entities))
        .flatten();
    if let Some(p) = &preview {
        ctx.acc
            .ext
            .media
            .insert((peer, m.id), Media::Other(Box::new(p.clone())));
    }
    if let Some(e) = &entities {
        ctx.acc.ext.entities.insert((peer, m.id), e.clone());
    }
    if let Some(q) = quote.filter(|q| !q.is_empty()) {
        ctx.acc.ext.quotes.insert((peer, m.id), q);
    }
    crate::demo_bots::answer(ctx, peer, &m);
    if let Peer::User(_) = peer {
        return Ok(types::UpdateShortSentMessage {
            out: true,
            id: m.id,
            pts,
            pts_count: 1,
            date: m.date,
            media: preview,
            entities,
            ttl_period: None,
        }
        .into());
    }
    let list = sent_updates(ctx, &m, pts, req.random_id);
    Ok(updates(ctx, list, &[&m], peer))
}

pub(crate) fn edit_message(
    ctx: &mut Ctx,
    req: f::messages::EditMessage,
) -> Result<enums::Updates, RpcErr> {
    let peer = resolve::peer(ctx.acc, &req.peer)?;
    let m = ctx
        .acc
        .message(peer, req.id)
        .ok_or_else(|| RpcErr::bad("MESSAGE_ID_INVALID"))?;
    if !m.out {
        return Err(RpcErr::new(403, "MESSAGE_AUTHOR_REQUIRED"));
    }
    if let Some(enums::InputMedia::Poll(p)) = &req.media {
        return super::ext::close_poll(ctx, peer, req.id, p);
    }
    let text = match req.message {
        Some(t) if t != m.text => t,
        _ => return Err(RpcErr::bad("MESSAGE_NOT_MODIFIED")),
    };
    check_text(&text)?;
    let date = ctx.acc.now();
    let pts = bump_pts(ctx.acc, peer, 1);
    let edited = ctx
        .acc
        .dialog_mut(peer)
        .and_then(|d| d.messages.iter_mut().find(|m| m.id == req.id))
        .map(|m| {
            m.text = text;
            m.edit_date = Some(date);
            m.clone()
        });
    let m = edited.ok_or_else(|| RpcErr::bad("MESSAGE_ID_INVALID"))?;
    ctx.acc.note(peer, pts, 1, Event::Edit(m.clone()));
    let message = convert::message(&m, ctx.acc);
    let update = match peer {
        Peer::Channel(_) => types::UpdateEditChannelMessage {
            message,
            pts,
            pts_count: 1,
        }
        .into(),
        _ => types::UpdateEditMessage {
            message,
            pts,
            pts_count: 1,
        }
        .into(),
    };
    Ok(updates(ctx, vec![update], &[&m], peer))
}

fn affected(pts: i32, pts_count: i32) -> enums::messages::AffectedMessages {
    types::messages::AffectedMessages { pts, pts_count }.into()
}

pub(crate) fn delete_messages(
    ctx: &mut Ctx,
    req: f::messages::DeleteMessages,
) -> Result<enums::messages::AffectedMessages, RpcErr> {
    let gone: Vec<i32> = req
        .id
        .iter()
        .copied()
        .filter(|id| ctx.acc.common_message(*id).is_some())
        .collect();
    let n = ctx.acc.delete(None, &gone) as i32;
    let me = Peer::User(ctx.acc.me.id);
    let pts = bump_pts(ctx.acc, me, n);
    if n > 0 {
        ctx.acc.note(me, pts, n, Event::Delete(gone));
    }
    Ok(affected(pts, n))
}

pub(crate) fn delete_channel_messages(
    ctx: &mut Ctx,
    req: f::channels::DeleteMessages,
) -> Result<enums::messages::AffectedMessages, RpcErr> {
    let peer = Peer::Channel(resolve::channel(ctx.acc, &req.channel)?);
    let existing: Vec<&Message> = req
        .id
        .iter()
        .filter_map(|id| ctx.acc.message(peer, *id))
        .collect();
    let own: Vec<i32> = existing.iter().filter(|m| m.out).map(|m| m.id).collect();
    if own.is_empty() && !existing.is_empty() {
        return Err(RpcErr::new(403, "MESSAGE_DELETE_FORBIDDEN"));
    }
    let n = ctx.acc.delete(Some(peer), &own) as i32;
    let pts = bump_pts(ctx.acc, peer, n);
    if n > 0 {
        ctx.acc.note(peer, pts, n, Event::Delete(own));
    }
    Ok(affected(pts, n))
}

pub(crate) fn forward_messages(
    ctx: &mut Ctx,
    req: f::messages::ForwardMessages,
) -> Result<enums::Updates, RpcErr> {
    let from = resolve::peer(ctx.acc, &req.from_peer)?;
    let to = resolve::peer(ctx.acc, &req.to_peer)?;
    can_post(ctx.acc, to, Post::Text)?;
    if req.random_id.len() != req.id.len() {
        return Err(RpcErr::bad("RANDOM_ID_INVALID"));
    }
    let originals: Vec<(i64, Message)> = req
        .id
        .iter()
        .zip(&req.random_id)
        .filter_map(|(id, rnd)| ctx.acc.message(from, *id).map(|m| (*rnd, m.clone())))
        .collect();
    if originals.is_empty() {
        return Err(RpcErr::bad("MESSAGE_ID_INVALID"));
    }
    if originals
        .iter()
        .any(|(rnd, _)| !ctx.acc.remember_random_id(*rnd))
    {
        return Err(RpcErr::new(500, "RANDOM_ID_DUPLICATE"));
    }
    let topic = topic_for(ctx.acc, to, None, req.top_msg_id);
    let me = ctx.acc.me.id;
    let mut sent = Vec::new();
    for (rnd, orig) in originals {
        let fwd = (!req.drop_author).then_some((orig.from, orig.date));
        let new = NewMessage {
            text: orig.text,
            reply_to: topic,
            topic,
            fwd_from: fwd,
        };
        let (m, pts) = ctx.acc.post(to, me, new);
        sent.push((rnd, m, pts));
    }
    let mut list = Vec::new();
    for (rnd, m, pts) in &sent {
        list.extend(sent_updates(ctx, m, *pts, *rnd));
    }
    let msgs: Vec<&Message> = sent.iter().map(|(_, m, _)| m).collect();
    Ok(updates(ctx, list, &msgs, to))
}

fn mark_read(acc: &mut Account, peer: Peer, max_id: i32) {
    if let Some(d) = acc.dialog_mut(peer) {
        let top = d.top_message().map_or(0, |m| m.id);
        let upto = if max_id <= 0 { top } else { max_id.min(top) };
        d.read_inbox_max_id = d.read_inbox_max_id.max(upto);
    }
}

pub(crate) fn read_history(
    ctx: &mut Ctx,
    req: f::messages::ReadHistory,
) -> Result<enums::messages::AffectedMessages, RpcErr> {
    let peer = resolve::peer(ctx.acc, &req.peer)?;
    if let Peer::Channel(_) = peer {
        return Err(RpcErr::bad("PEER_ID_INVALID"));
    }
    mark_read(ctx.acc, peer, req.max_id);
    let pts = bump_pts(ctx.acc, peer, 1);
    let upto = ctx.acc.dialog(peer).map_or(0, |d| d.read_inbox_max_id);
    ctx.acc.note(peer, pts, 1, Event::ReadInbox(peer, upto));
    Ok(affected(pts, 1))
}

pub(crate) fn read_channel_history(
    ctx: &mut Ctx,
    req: f::channels::ReadHistory,
) -> Result<bool, RpcErr> {
    let peer = Peer::Channel(resolve::channel(ctx.acc, &req.channel)?);
    mark_read(ctx.acc, peer, req.max_id);
    Ok(true)
}

/// The update a client gets for a message someone else wrote (serialized `Updates`).
pub(crate) fn incoming_update(acc: &Account, m: &Message, pts: i32) -> Vec<u8> {
    let u: enums::Updates = match m.peer {
        Peer::User(user_id) => types::UpdateShortMessage {
            out: m.out,
            mentioned: false,
            media_unread: false,
            silent: false,
            id: m.id,
            user_id: if m.out { user_id } else { m.from },
            message: m.text.clone(),
            pts,
            pts_count: 1,
            date: m.date,
            fwd_from: None,
            via_bot_id: None,
            reply_to: None,
            entities: None,
            ttl_period: None,
        }
        .into(),
        Peer::Chat(chat_id) => types::UpdateShortChatMessage {
            out: m.out,
            mentioned: false,
            media_unread: false,
            silent: false,
            id: m.id,
            from_id: m.from,
            chat_id,
            message: m.text.clone(),
            pts,
            pts_count: 1,
            date: m.date,
            fwd_from: None,
            via_bot_id: None,
            reply_to: None,
            entities: None,
            ttl_period: None,
        }
        .into(),
        Peer::Channel(_) => {
            let mut r = convert::Refs::default();
            r.add_message(m);
            let message = convert::message(m, acc);
            types::Updates {
                updates: vec![types::UpdateNewChannelMessage {
                    message,
                    pts,
                    pts_count: 1,
                }
                .into()],
                users: r.users(acc),
                chats: r.chats(acc),
                date: m.date,
                seq: 0,
            }
            .into()
        }
    };
    u.to_bytes()
}

/// What Telegram pushes when another client deletes messages: in private
/// chats and basic groups `updateDeleteMessages`, which names no chat (their
/// ids are the account's own), in channels `updateDeleteChannelMessages`.
pub(crate) fn deleted_update(peer: Peer, ids: &[i32], pts: i32) -> Vec<u8> {
    let n = ids.len() as i32;
    let update: enums::Update = match peer {
        Peer::Channel(channel_id) => types::UpdateDeleteChannelMessages {
            channel_id,
            messages: ids.to_vec(),
            pts,
            pts_count: n,
        }
        .into(),
        _ => types::UpdateDeleteMessages {
            messages: ids.to_vec(),
            pts,
            pts_count: n,
        }
        .into(),
    };
    let u: enums::Updates = types::UpdateShort { update, date: 0 }.into();
    u.to_bytes()
}
