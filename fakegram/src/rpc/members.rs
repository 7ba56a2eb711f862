//! Membership: joining public channels and supergroups by username or any
//! chat by invite hash, checking invites, leaving.

use grammers_tl_types::{enums, functions as f, types};

use super::posting::updates;
use super::{resolve, Ctx, RpcErr};
use crate::account::{ChatKind, Peer};
use crate::convert;

/// `Updates` naming a chat the account just joined or left.
fn chat_updates(ctx: &Ctx, peer: Peer) -> enums::Updates {
    updates(ctx, Vec::new(), &[], peer)
}

fn joined(ctx: &mut Ctx, peer: Peer) -> Result<enums::messages::ChatInviteJoinResult, RpcErr> {
    if !ctx.acc.ext.left.remove(&peer) {
        return Err(RpcErr::bad("USER_ALREADY_PARTICIPANT"));
    }
    Ok(types::messages::ChatInviteJoinResultOk {
        updates: chat_updates(ctx, peer),
    }
    .into())
}

pub(crate) fn join_channel(
    ctx: &mut Ctx,
    req: f::channels::JoinChannel,
) -> Result<enums::messages::ChatInviteJoinResult, RpcErr> {
    let peer = Peer::Channel(resolve::channel(ctx.acc, &req.channel)?);
    // Only public chats are joined without an invite.
    if ctx.acc.chat_of(peer).is_some_and(|c| c.username.is_none())
        && ctx.acc.ext.left.contains(&peer)
    {
        return Err(RpcErr::bad("CHANNEL_PRIVATE"));
    }
    joined(ctx, peer)
}

fn invite(ctx: &Ctx, hash: &str) -> Result<Peer, RpcErr> {
    ctx.acc
        .ext
        .invites
        .get(hash.trim())
        .copied()
        .ok_or_else(|| RpcErr::bad("INVITE_HASH_INVALID"))
}

pub(crate) fn import_chat_invite(
    ctx: &mut Ctx,
    req: f::messages::ImportChatInvite,
) -> Result<enums::messages::ChatInviteJoinResult, RpcErr> {
    let peer = invite(ctx, &req.hash)?;
    joined(ctx, peer)
}

pub(crate) fn check_chat_invite(
    ctx: &mut Ctx,
    req: f::messages::CheckChatInvite,
) -> Result<enums::ChatInvite, RpcErr> {
    let peer = invite(ctx, &req.hash)?;
    let chat = ctx
        .acc
        .chat_of(peer)
        .ok_or_else(|| RpcErr::bad("INVITE_HASH_INVALID"))?;
    if !ctx.acc.ext.left.contains(&peer) {
        return Ok(types::ChatInviteAlready {
            chat: convert::chat(chat, ctx.acc),
        }
        .into());
    }
    Ok(types::ChatInvite {
        channel: chat.kind != ChatKind::Group,
        broadcast: chat.kind == ChatKind::Channel,
        public: chat.username.is_some(),
        megagroup: matches!(chat.kind, ChatKind::Supergroup | ChatKind::Forum),
        request_needed: false,
        verified: false,
        scam: false,
        fake: false,
        can_refulfill_subscription: false,
        title: chat.title.clone(),
        about: Some(chat.about.clone()),
        photo: enums::Photo::Empty(types::PhotoEmpty { id: 0 }),
        participants_count: chat.members,
        participants: None,
        color: 0,
        subscription_pricing: None,
        subscription_form_id: None,
        bot_verification: None,
    }
    .into())
}

pub(crate) fn leave_channel(
    ctx: &mut Ctx,
    req: f::channels::LeaveChannel,
) -> Result<enums::Updates, RpcErr> {
    let peer = Peer::Channel(resolve::channel(ctx.acc, &req.channel)?);
    if !ctx.acc.ext.left.insert(peer) {
        return Err(RpcErr::bad("USER_NOT_PARTICIPANT"));
    }
    Ok(chat_updates(ctx, peer))
}

pub(crate) fn delete_chat_user(
    ctx: &mut Ctx,
    req: f::messages::DeleteChatUser,
) -> Result<enums::Updates, RpcErr> {
    let peer = Peer::Chat(req.chat_id);
    if ctx.acc.chat_of(peer).is_none() {
        return Err(RpcErr::bad("CHAT_ID_INVALID"));
    }
    // Removing others needs the right to ban (see `admin.rs`).
    let user = resolve::user(ctx.acc, &req.user_id)?;
    if user != ctx.acc.me.id {
        super::admin_members::remove_chat_member(ctx, peer, user)?;
        return Ok(chat_updates(ctx, peer));
    }
    if !ctx.acc.ext.left.insert(peer) {
        return Err(RpcErr::bad("USER_NOT_PARTICIPANT"));
    }
    Ok(chat_updates(ctx, peer))
}
