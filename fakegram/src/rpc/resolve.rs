//! Input peers to account peers, checking access hashes as Telegram does.

use grammers_tl_types::enums;

use super::RpcErr;
use crate::account::{Account, ChatKind, Peer};

fn user_ok(acc: &Account, id: i64, hash: Option<i64>) -> bool {
    acc.user(id)
        .is_some_and(|u| hash.is_none_or(|h| h == u.access_hash))
}

fn channel_ok(acc: &Account, id: i64, hash: Option<i64>) -> bool {
    acc.chat(id)
        .is_some_and(|c| c.kind != ChatKind::Group && hash.is_none_or(|h| h == c.access_hash))
}

/// An `InputPeer`; a wrong access hash is `PEER_ID_INVALID` / `CHANNEL_INVALID`.
pub(crate) fn peer(acc: &Account, p: &enums::InputPeer) -> Result<Peer, RpcErr> {
    let invalid = || RpcErr::bad("PEER_ID_INVALID");
    match p {
        enums::InputPeer::Empty => Err(invalid()),
        enums::InputPeer::PeerSelf => Ok(Peer::User(acc.me.id)),
        enums::InputPeer::Chat(c) => acc
            .chat(c.chat_id)
            .filter(|x| x.kind == ChatKind::Group)
            .map(|_| Peer::Chat(c.chat_id))
            .ok_or_else(|| RpcErr::bad("CHAT_ID_INVALID")),
        enums::InputPeer::User(u) => user_ok(acc, u.user_id, Some(u.access_hash))
            .then_some(Peer::User(u.user_id))
            .ok_or_else(invalid),
        enums::InputPeer::Channel(c) => channel_ok(acc, c.channel_id, Some(c.access_hash))
            .then_some(Peer::Channel(c.channel_id))
            .ok_or_else(|| RpcErr::bad("CHANNEL_INVALID")),
        enums::InputPeer::UserFromMessage(u) => user_ok(acc, u.user_id, None)
            .then_some(Peer::User(u.user_id))
            .ok_or_else(invalid),
        enums::InputPeer::ChannelFromMessage(c) => channel_ok(acc, c.channel_id, None)
            .then_some(Peer::Channel(c.channel_id))
            .ok_or_else(|| RpcErr::bad("CHANNEL_INVALID")),
    }
}

/// An `InputUser` to a user id.
pub(crate) fn user(acc: &Account, u: &enums::InputUser) -> Result<i64, RpcErr> {
    let ok = match u {
        enums::InputUser::Empty => None,
        enums::InputUser::UserSelf => Some(acc.me.id),
        enums::InputUser::User(u) => {
            user_ok(acc, u.user_id, Some(u.access_hash)).then_some(u.user_id)
        }
        enums::InputUser::FromMessage(u) => user_ok(acc, u.user_id, None).then_some(u.user_id),
    };
    ok.ok_or_else(|| RpcErr::bad("USER_ID_INVALID"))
}

/// An `InputChannel` to a channel id.
pub(crate) fn channel(acc: &Account, c: &enums::InputChannel) -> Result<i64, RpcErr> {
    let ok = match c {
        enums::InputChannel::Empty => None,
        enums::InputChannel::Channel(c) => {
            channel_ok(acc, c.channel_id, Some(c.access_hash)).then_some(c.channel_id)
        }
        enums::InputChannel::FromMessage(c) => {
            channel_ok(acc, c.channel_id, None).then_some(c.channel_id)
        }
    };
    ok.ok_or_else(|| RpcErr::bad("CHANNEL_INVALID"))
}

/// Clamps a requested limit the way Telegram does (0 or less: the maximum).
pub(crate) fn limit(requested: i32, max: i32) -> usize {
    if requested <= 0 {
        max as usize
    } else {
        requested.min(max) as usize
    }
}
