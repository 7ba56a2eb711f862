//! What every kind of post shares: who may post where, the pts counter, the
//! forum topic a reply lands in, and the `Updates` shapes a post is answered
//! with. send.rs, media.rs, album.rs, stickers.rs and the rest build on it.

use grammers_tl_types::{enums, types};

use super::Ctx;
use crate::account::{Account, ChatKind, Message, Peer};
use crate::convert;

/// Adds `n` to the pts of `peer`'s box and returns it.
pub(crate) fn bump_pts(acc: &mut Account, peer: Peer, n: i32) -> i32 {
    let before = match peer {
        Peer::Channel(_) => acc.dialog(peer).map_or(1, |d| d.pts),
        _ => acc.pts,
    };
    acc.journal.touch(peer, before);
    match peer {
        Peer::Channel(_) => acc.dialog_mut(peer).map_or(1, |d| {
            d.pts += n;
            d.pts
        }),
        _ => {
            acc.pts += n;
            acc.pts
        }
    }
}

/// `updates` carrying one update about `msgs`, with their users and chats.
pub(super) fn updates(
    ctx: &Ctx,
    list: Vec<enums::Update>,
    msgs: &[&Message],
    peer: Peer,
) -> enums::Updates {
    let (users, chats) = ctx.refs(msgs, &[peer]);
    types::Updates {
        updates: list,
        users,
        chats,
        date: ctx.acc.now(),
        seq: 0,
    }
    .into()
}

/// The updates a client gets for a message it sent: which random id became
/// which message, then the new message itself.
pub(super) fn sent_updates(ctx: &Ctx, m: &Message, pts: i32, random_id: i64) -> Vec<enums::Update> {
    vec![
        types::UpdateMessageId {
            id: m.id,
            random_id,
        }
        .into(),
        new_message_update(ctx, m, pts),
    ]
}

pub(super) fn new_message_update(ctx: &Ctx, m: &Message, pts: i32) -> enums::Update {
    let message = convert::message(m, ctx.acc);
    match m.peer {
        Peer::Channel(_) => types::UpdateNewChannelMessage {
            message,
            pts,
            pts_count: 1,
        }
        .into(),
        _ => types::UpdateNewMessage {
            message,
            pts,
            pts_count: 1,
        }
        .into(),
    }
}

/// The forum topic a message replying to `reply_to` (with `top`) lands in.
pub(super) fn topic_for(
    acc: &Account,
    peer: Peer,
    reply_to: Option<i32>,
    top: Option<i32>,
) -> Option<i32> {
    let chat = acc.chat_of(peer).filter(|c| c.kind == ChatKind::Forum)?;
    let t = top.or_else(|| {
        let r = reply_to?;
        if chat.topics.iter().any(|t| t.id == r) {
            Some(r)
        } else {
            acc.message(peer, r).and_then(|m| m.topic)
        }
    })?;
    (t != 1).then_some(t)
}
