//! Forum topics: creating, editing (title, closed, hidden), pinning and
//! deleting them, with the service message that opens each and the admin log.

use grammers_tl_types::{enums, functions as f, types};

use super::admin::{chat_updates, group, need};
use super::channels::{in_topic, topic_tl};
use super::posting::{new_message_update, updates};
use super::{Ctx, RpcErr};
use crate::account::{ChatKind, NewMessage, Peer, Topic};

/// The General topic.
const GENERAL: i32 = 1;

/// A forum named by an input peer.
fn forum(ctx: &Ctx, p: &enums::InputPeer) -> Result<Peer, RpcErr> {
    let peer = group(ctx, p)?;
    match ctx.acc.chat_of(peer) {
        Some(c) if c.kind == ChatKind::Forum => Ok(peer),
        _ => Err(RpcErr::bad("CHANNEL_FORUM_MISSING")),
    }
}

fn topic(ctx: &Ctx, peer: Peer, id: i32) -> Result<Topic, RpcErr> {
    ctx.acc
        .chat_of(peer)
        .and_then(|c| c.topics.iter().find(|t| t.id == id))
        .cloned()
        .ok_or_else(|| RpcErr::bad("TOPIC_ID_INVALID"))
}

pub(crate) fn create_forum_topic(
    ctx: &mut Ctx,
    req: f::messages::CreateForumTopic,
) -> Result<enums::Updates, RpcErr> {
    let peer = forum(ctx, &req.peer)?;
    need(ctx, peer, |r| r.manage_topics)?;
    let title = req.title.trim().to_string();
    if title.is_empty() || title.chars().count() > 128 {
        return Err(RpcErr::bad("TOPIC_TITLE_EMPTY"));
    }
    let me = ctx.acc.me.id;
    let (mut msg, pts) = ctx.acc.post(peer, me, NewMessage::default());
    msg.topic_created = Some(title.clone());
    let color = req.icon_color.unwrap_or(0x6FB9F0);
    if let Some(d) = ctx.acc.dialog_mut(peer) {
        if let Some(m) = d.messages.iter_mut().find(|m| m.id == msg.id) {
            m.topic_created = Some(title.clone());
        }
    }
    let t = Topic {
        id: msg.id,
        title,
        date: msg.date,
        icon_color: color,
        creator: me,
    };
    if let Some(c) = ctx.acc.chats.iter_mut().find(|c| c.peer() == peer) {
        c.topics.push(t.clone());
    }
    let action = types::ChannelAdminLogEventActionCreateTopic {
        topic: topic_tl(ctx, peer, &t),
    };
    ctx.acc.log_admin(peer, action.into());
    let list = vec![
        types::UpdateMessageId {
            id: msg.id,
            random_id: req.random_id,
        }
        .into(),
        new_message_update(ctx, &msg, pts),
    ];
    Ok(updates(ctx, list, &[&msg], peer))
}

pub(crate) fn edit_forum_topic(
    ctx: &mut Ctx,
    req: f::messages::EditForumTopic,
) -> Result<enums::Updates, RpcErr> {
    let peer = forum(ctx, &req.peer)?;
    let before = topic(ctx, peer, req.topic_id)?;
    let mine = before.creator == ctx.acc.me.id;
    if !mine {
        need(ctx, peer, |r| r.manage_topics)?;
    }
    if req.hidden.is_some() && req.topic_id != GENERAL {
        return Err(RpcErr::bad("TOPIC_HIDE_ONLY_GENERAL"));
    }
    let prev = topic_tl(ctx, peer, &before);
    if let Some(title) = req.title.as_deref().map(str::trim) {
        if title.is_empty() {
            return Err(RpcErr::bad("TOPIC_TITLE_EMPTY"));
        }
        let t = ctx
            .acc
            .chats
            .iter_mut()
            .find(|c| c.peer() == peer)
            .and_then(|c| c.topics.iter_mut().find(|t| t.id == req.topic_id));
        if let Some(t) = t {
            t.title = title.to_string();
        }
    }
    let state = ctx
        .acc
        .ext
        .groups
        .topics
        .entry((peer, req.topic_id))
        .or_default();
    if let Some(c) = req.closed {
        state.closed = c;
    }
    if let Some(h) = req.hidden {
        state.hidden = h;
    }
    let after = topic(ctx, peer, req.topic_id)?;
    let action = types::ChannelAdminLogEventActionEditTopic {
        prev_topic: prev,
        new_topic: topic_tl(ctx, peer, &after),
    };
    ctx.acc.log_admin(peer, action.into());
    Ok(chat_updates(ctx, peer))
}

pub(crate) fn update_pinned_forum_topic(
    ctx: &mut Ctx,
    req: f::messages::UpdatePinnedForumTopic,
) -> Result<enums::Updates, RpcErr> {
    let peer = forum(ctx, &req.peer)?;
    let t = topic(ctx, peer, req.topic_id)?;
    need(ctx, peer, |r| r.manage_topics || r.pin_messages)?;
    let state = ctx
        .acc
        .ext
        .groups
        .topics
        .entry((peer, req.topic_id))
        .or_default();
    if state.pinned == req.pinned {
        return Err(RpcErr::bad("PINNED_TOPIC_NOT_MODIFIED"));
    }
    state.pinned = req.pinned;
    let now = topic_tl(ctx, peer, &t);
    let action = types::ChannelAdminLogEventActionPinTopic {
        prev_topic: (!req.pinned).then(|| now.clone()),
        new_topic: req.pinned.then_some(now),
    };
    ctx.acc.log_admin(peer, action.into());
    let u = types::UpdatePinnedForumTopic {
        pinned: req.pinned,
        peer: crate::convert::peer(peer),
        topic_id: req.topic_id,
    };
    Ok(updates(ctx, vec![u.into()], &[], peer))
}

pub(crate) fn delete_topic_history(
    ctx: &mut Ctx,
    req: f::messages::DeleteTopicHistory,
) -> Result<enums::messages::AffectedHistory, RpcErr> {
    let peer = forum(ctx, &req.peer)?;
    if req.top_msg_id == GENERAL {
        return Err(RpcErr::bad("TOPIC_ID_INVALID"));
    }
    let t = topic(ctx, peer, req.top_msg_id)?;
    if t.creator != ctx.acc.me.id {
        need(ctx, peer, |r| r.delete_messages)?;
    }
    let gone = topic_tl(ctx, peer, &t);
    let ids: Vec<i32> = ctx
        .acc
        .history(peer)
        .iter()
        .filter(|m| in_topic(m, &t))
        .map(|m| m.id)
        .collect();
    let n = ctx.acc.delete(Some(peer), &ids) as i32;
    if let Some(c) = ctx.acc.chats.iter_mut().find(|c| c.peer() == peer) {
        c.topics.retain(|x| x.id != t.id);
    }
    ctx.acc.ext.groups.topics.remove(&(peer, t.id));
    let action = types::ChannelAdminLogEventActionDeleteTopic { topic: gone };
    ctx.acc.log_admin(peer, action.into());
    let pts = match ctx.acc.dialog_mut(peer) {
        Some(d) => {
            d.pts += 1;
            d.pts
        }
        None => 1,
    };
    Ok(types::messages::AffectedHistory {
        pts,
        pts_count: n.max(1),
        offset: 0,
    }
    .into())
}
