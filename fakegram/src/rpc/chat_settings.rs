//! A chat's photo and switches, as an admin changes them: signatures,
//! visible history, forum mode, anti-spam, join requests and reactions.
//! Each answers `CHAT_NOT_MODIFIED` when nothing changes, as Telegram does.

use grammers_tl_types::{enums, functions as f, types};

use super::admin::{channel, chat_updates, need};
use super::{Ctx, RpcErr};
use crate::account::{ChatKind, Peer};
use crate::groups::Switches;

fn kind(ctx: &Ctx, peer: Peer) -> Option<ChatKind> {
    ctx.acc.chat_of(peer).map(|c| c.kind)
}

fn set_photo(
    ctx: &mut Ctx,
    peer: Peer,
    photo: &enums::InputChatPhoto,
) -> Result<enums::Updates, RpcErr> {
    need(ctx, peer, |r| r.change_info)?;
    match photo {
        enums::InputChatPhoto::Empty => {
            if ctx.acc.ext.groups.photos.remove(&peer).is_none() {
                return Err(RpcErr::bad("CHAT_NOT_MODIFIED"));
            }
        }
        enums::InputChatPhoto::InputChatUploadedPhoto(p) => {
            let file = p
                .file
                .as_ref()
                .ok_or_else(|| RpcErr::bad("PHOTO_FILE_MISSING"))?;
            let (bytes, _) = super::media::take_upload(ctx, file)?;
            if super::media::png_size(&bytes) == (0, 0) && !bytes.starts_with(&[0xFF, 0xD8]) {
                return Err(RpcErr::bad("PHOTO_INVALID"));
            }
            let id = ctx.acc.ext.new_id();
            ctx.acc.ext.groups.photos.insert(peer, id);
        }
        enums::InputChatPhoto::Photo(_) => return Err(RpcErr::bad("PHOTO_INVALID")),
    }
    Ok(chat_updates(ctx, peer))
}

pub(crate) fn edit_photo(
    ctx: &mut Ctx,
    req: f::channels::EditPhoto,
) -> Result<enums::Updates, RpcErr> {
    let peer = channel(ctx, &req.channel)?;
    set_photo(ctx, peer, &req.photo)
}

pub(crate) fn edit_chat_photo(
    ctx: &mut Ctx,
    req: f::messages::EditChatPhoto,
) -> Result<enums::Updates, RpcErr> {
    let peer = Peer::Chat(req.chat_id);
    if kind(ctx, peer) != Some(ChatKind::Group) {
        return Err(RpcErr::bad("CHAT_ID_INVALID"));
    }
    set_photo(ctx, peer, &req.photo)
}

/// Applies one switch change; `CHAT_NOT_MODIFIED` when it is already so.
fn switch(
    ctx: &mut Ctx,
    peer: Peer,
    change: impl FnOnce(&mut Switches) -> bool,
) -> Result<enums::Updates, RpcErr> {
    need(ctx, peer, |r| r.change_info)?;
    let s = ctx.acc.ext.groups.switches.entry(peer).or_default();
    if !change(s) {
        return Err(RpcErr::bad("CHAT_NOT_MODIFIED"));
    }
    Ok(chat_updates(ctx, peer))
}

fn set(flag: &mut bool, to: bool) -> bool {
    std::mem::replace(flag, to) != to
}

pub(crate) fn toggle_signatures(
    ctx: &mut Ctx,
    req: f::channels::ToggleSignatures,
) -> Result<enums::Updates, RpcErr> {
    let peer = channel(ctx, &req.channel)?;
    if kind(ctx, peer) != Some(ChatKind::Channel) {
        return Err(RpcErr::bad("CHANNEL_INVALID"));
    }
    switch(ctx, peer, |s| {
        set(&mut s.signatures, req.signatures_enabled)
    })
}

pub(crate) fn toggle_pre_history_hidden(
    ctx: &mut Ctx,
    req: f::channels::TogglePreHistoryHidden,
) -> Result<enums::Updates, RpcErr> {
    let peer = channel(ctx, &req.channel)?;
    if kind(ctx, peer) == Some(ChatKind::Channel) {
        return Err(RpcErr::bad("CHAT_INVALID"));
    }
    switch(ctx, peer, |s| set(&mut s.history_hidden, req.enabled))
}

pub(crate) fn toggle_anti_spam(
    ctx: &mut Ctx,
    req: f::channels::ToggleAntiSpam,
) -> Result<enums::Updates, RpcErr> {
    let peer = channel(ctx, &req.channel)?;
    if kind(ctx, peer) == Some(ChatKind::Channel) {
        return Err(RpcErr::bad("CHAT_INVALID"));
    }
    switch(ctx, peer, |s| set(&mut s.anti_spam, req.enabled))
}

pub(crate) fn toggle_join_request(
    ctx: &mut Ctx,
    req: f::channels::ToggleJoinRequest,
) -> Result<enums::Updates, RpcErr> {
    let peer = channel(ctx, &req.channel)?;
    switch(ctx, peer, |s| set(&mut s.join_requests, req.enabled))
}

pub(crate) fn toggle_forum(
    ctx: &mut Ctx,
    req: f::channels::ToggleForum,
) -> Result<enums::Updates, RpcErr> {
    let peer = channel(ctx, &req.channel)?;
    need(ctx, peer, |r| r.change_info)?;
    let chat = ctx
        .acc
        .chats
        .iter_mut()
        .find(|c| c.peer() == peer)
        .ok_or_else(|| RpcErr::bad("CHANNEL_INVALID"))?;
    let to = match (chat.kind, req.enabled) {
        (ChatKind::Supergroup, true) => ChatKind::Forum,
        (ChatKind::Forum, false) => ChatKind::Supergroup,
        (ChatKind::Supergroup, false) | (ChatKind::Forum, true) => {
            return Err(RpcErr::bad("CHAT_NOT_MODIFIED"))
        }
        _ => return Err(RpcErr::bad("CHAT_INVALID")),
    };
    chat.kind = to;
    Ok(chat_updates(ctx, peer))
}

pub(crate) fn set_chat_available_reactions(
    ctx: &mut Ctx,
    req: f::messages::SetChatAvailableReactions,
) -> Result<enums::Updates, RpcErr> {
    let peer = super::resolve::peer(ctx.acc, &req.peer)?;
    if matches!(peer, Peer::User(_)) {
        return Err(RpcErr::bad("PEER_ID_INVALID"));
    }
    if let enums::ChatReactions::Some(types::ChatReactionsSome { reactions }) =
        &req.available_reactions
    {
        let known = ["👍", "👎", "❤", "🔥", "🎉", "😁", "🤔", "👀", "🙏", "👌"];
        let ok = reactions.iter().all(|r| match r {
            enums::Reaction::Emoji(e) => known.contains(&e.emoticon.as_str()),
            _ => false,
        });
        if !ok {
            return Err(RpcErr::bad("REACTION_INVALID"));
        }
    }
    let to = Some(req.available_reactions);
    switch(ctx, peer, |s| {
        let changed = s.reactions != to;
        s.reactions = to;
        changed
    })
}
