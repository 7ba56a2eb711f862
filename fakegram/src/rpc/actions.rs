//! Message and dialog actions beyond sending: pins, reactions, drafts,
//! read and unread marks, notification settings and folders (joining and
//! leaving are in `members.rs`).

use grammers_tl_types::{enums, functions as f, types};

use super::posting::{bump_pts, updates};
use super::{resolve, Ctx, RpcErr};
use crate::account::{ChatKind, Peer};
use crate::convert;
use crate::extras::Draft;

/// A message of `peer`, or MESSAGE_ID_INVALID.
fn existing(ctx: &Ctx, peer: Peer, id: i32) -> Result<(), RpcErr> {
    ctx.acc
        .message(peer, id)
        .map(drop)
        .ok_or_else(|| RpcErr::bad("MESSAGE_ID_INVALID"))
}

/// Only members change a group's or channel's things.
fn member(ctx: &Ctx, peer: Peer) -> Result<(), RpcErr> {
    if ctx.acc.ext.left.contains(&peer) {
        return Err(RpcErr::bad("CHANNEL_PRIVATE"));
    }
    Ok(())
}

fn pinned_update(ctx: &mut Ctx, peer: Peer, ids: Vec<i32>, pinned: bool) -> enums::Update {
    let pts = bump_pts(ctx.acc, peer, 1);
    match peer {
        Peer::Channel(channel_id) => types::UpdatePinnedChannelMessages {
            pinned,
            channel_id,
            messages: ids,
            pts,
            pts_count: 1,
        }
        .into(),
        _ => types::UpdatePinnedMessages {
            pinned,
            peer: convert::peer(peer),
            messages: ids,
            pts,
            pts_count: 1,
        }
        .into(),
    }
}

pub(crate) fn update_pinned(
    ctx: &mut Ctx,
    req: f::messages::UpdatePinnedMessage,
) -> Result<enums::Updates, RpcErr> {
    let peer = resolve::peer(ctx.acc, &req.peer)?;
    member(ctx, peer)?;
    existing(ctx, peer, req.id)?;
    if let Some(c) = ctx.acc.chat_of(peer) {
        if c.kind == ChatKind::Channel && !c.writable {
            return Err(RpcErr::bad("CHAT_ADMIN_REQUIRED"));
        }
    }
    ctx.acc.set_pinned(peer, req.id, !req.unpin);
    let u = pinned_update(ctx, peer, vec![req.id], !req.unpin);
    Ok(updates(ctx, vec![u], &[], peer))
}

pub(crate) fn unpin_all(
    ctx: &mut Ctx,
    req: f::messages::UnpinAllMessages,
) -> Result<enums::messages::AffectedHistory, RpcErr> {
    let peer = resolve::peer(ctx.acc, &req.peer)?;
    member(ctx, peer)?;
    if let Some(d) = ctx.acc.dialog_mut(peer) {
        d.messages.iter_mut().for_each(|m| m.pinned = false);
    }
    let pts = bump_pts(ctx.acc, peer, 1);
    Ok(types::messages::AffectedHistory {
        pts,
        pts_count: 1,
        offset: 0,
    }
    .into())
}

pub(crate) fn send_reaction(
    ctx: &mut Ctx,
    req: f::messages::SendReaction,
) -> Result<enums::Updates, RpcErr> {
    let peer = resolve::peer(ctx.acc, &req.peer)?;
    existing(ctx, peer, req.msg_id)?;
    let mut emojis = Vec::new();
    for r in req.reaction.unwrap_or_default() {
        match r {
            enums::Reaction::Emoji(e) if !e.emoticon.trim().is_empty() => {
                if !emojis.contains(&e.emoticon) {
                    emojis.push(e.emoticon)
                }
            }
            _ => return Err(RpcErr::bad("REACTION_INVALID")),
        }
    }
    if emojis.len() > 3 {
        return Err(RpcErr::bad("REACTIONS_TOO_MANY"));
    }
    let key = (peer, req.msg_id);
    if emojis.is_empty() {
        ctx.acc.ext.reactions.remove(&key);
    } else {
        ctx.acc.ext.reactions.insert(key, emojis);
    }
    let reactions = crate::convert_ext::reactions(ctx.acc, peer, req.msg_id).unwrap_or_else(|| {
        types::MessageReactions {
            min: false,
            can_see_list: false,
            reactions_as_tags: false,
            results: Vec::new(),
            recent_reactions: None,
            top_reactors: None,
        }
        .into()
    });
    let u = types::UpdateMessageReactions {
        peer: convert::peer(peer),
        msg_id: req.msg_id,
        top_msg_id: None,
        saved_peer_id: None,
        reactions,
    }
    .into();
    Ok(updates(ctx, vec![u], &[], peer))
}

pub(crate) fn save_draft(ctx: &mut Ctx, req: f::messages::SaveDraft) -> Result<bool, RpcErr> {
    let peer = resolve::peer(ctx.acc, &req.peer)?;
    if req.message.chars().count() > 4096 {
        return Err(RpcErr::bad("MESSAGE_TOO_LONG"));
    }
    if req.message.is_empty() {
        ctx.acc.ext.drafts.remove(&peer);
        return Ok(true);
    }
    let reply_to = match req.reply_to {
        Some(enums::InputReplyTo::Message(r)) => Some(r.reply_to_msg_id),
        _ => None,
    };
    let draft = Draft {
        text: req.message,
        date: ctx.acc.now(),
        reply_to,
        no_webpage: req.no_webpage,
    };
    ctx.acc.ext.drafts.insert(peer, draft);
    Ok(true)
}

pub(crate) fn get_all_drafts(
    ctx: &mut Ctx,
    _req: f::messages::GetAllDrafts,
) -> Result<enums::Updates, RpcErr> {
    let mut peers: Vec<Peer> = ctx.acc.ext.drafts.keys().copied().collect();
    peers.sort_by_key(|p| p.bot_api_id());
    let list = peers
        .iter()
        .filter_map(|p| ctx.acc.ext.drafts.get(p).map(|d| (p, d)))
        .map(|(p, d)| {
            types::UpdateDraftMessage {
                peer: convert::peer(*p),
                top_msg_id: None,
                saved_peer_id: None,
                draft: crate::convert_ext::draft(d),
            }
            .into()
        })
        .collect();
    let (users, chats) = ctx.refs(&[], &peers);
    Ok(types::Updates {
        updates: list,
        users,
        chats,
        date: ctx.acc.now(),
        seq: 0,
    }
    .into())
}

pub(crate) fn mark_dialog_unread(
    ctx: &mut Ctx,
    req: f::messages::MarkDialogUnread,
) -> Result<bool, RpcErr> {
    let enums::InputDialogPeer::Peer(p) = &req.peer else {
        return Err(RpcErr::bad("PEER_ID_INVALID"));
    };
    let peer = resolve::peer(ctx.acc, &p.peer)?;
    if req.unread {
        ctx.acc.ext.unread_mark.insert(peer);
    } else {
        ctx.acc.ext.unread_mark.remove(&peer);
    }
    Ok(true)
}

pub(crate) fn read_discussion(
    ctx: &mut Ctx,
    req: f::messages::ReadDiscussion,
) -> Result<bool, RpcErr> {
    let peer = resolve::peer(ctx.acc, &req.peer)?;
    let forum = ctx
        .acc
        .chat_of(peer)
        .filter(|c| c.kind == ChatKind::Forum)
        .ok_or_else(|| RpcErr::bad("PEER_ID_INVALID"))?;
    if !forum.topics.iter().any(|t| t.id == req.msg_id) {
        return Err(RpcErr::bad("MSG_ID_INVALID"));
    }
    let top = ctx.acc.history(peer).last().map_or(0, |m| m.id);
    let upto = req.read_max_id.clamp(0, top);
    let mark = ctx
        .acc
        .ext
        .topic_read
        .entry((peer, req.msg_id))
        .or_insert(0);
    *mark = (*mark).max(upto);
    Ok(true)
}

pub(crate) fn update_notify_settings(
    ctx: &mut Ctx,
    req: f::account::UpdateNotifySettings,
) -> Result<bool, RpcErr> {
    let enums::InputNotifyPeer::Peer(p) = &req.peer else {
        // Settings of whole categories (all chats, all groups) are accepted and ignored.
        return Ok(true);
    };
    let peer = resolve::peer(ctx.acc, &p.peer)?;
    let enums::InputPeerNotifySettings::Settings(s) = req.settings;
    match s.mute_until {
        Some(u) if u > 0 => {
            ctx.acc.ext.muted.insert(peer, u);
        }
        Some(_) => {
            ctx.acc.ext.muted.remove(&peer);
        }
        None => {}
    }
    Ok(true)
}

pub(crate) fn edit_peer_folders(
    ctx: &mut Ctx,
    req: f::folders::EditPeerFolders,
) -> Result<enums::Updates, RpcErr> {
    let mut changed = Vec::new();
    for fp in &req.folder_peers {
        let enums::InputFolderPeer::Peer(fp) = fp;
        let peer = resolve::peer(ctx.acc, &fp.peer)?;
        match fp.folder_id {
            0 => ctx.acc.ext.archived.remove(&peer),
            1 => ctx.acc.ext.archived.insert(peer),
            _ => return Err(RpcErr::bad("FOLDER_ID_INVALID")),
        };
        changed.push((peer, fp.folder_id));
    }
    let me = Peer::User(ctx.acc.me.id);
    let pts = bump_pts(ctx.acc, me, 1);
    let u = types::UpdateFolderPeers {
        folder_peers: changed
            .iter()
            .map(|(p, folder_id)| {
                types::FolderPeer {
                    peer: convert::peer(*p),
                    folder_id: *folder_id,
                }
                .into()
            })
            .collect(),
        pts,
        pts_count: 1,
    }
    .into();
    let peers: Vec<Peer> = changed.iter().map(|(p, _)| *p).collect();
    let (users, chats) = ctx.refs(&[], &peers);
    Ok(types::Updates {
        updates: vec![u],
        users,
        chats,
        date: ctx.acc.now(),
        seq: 0,
    }
    .into())
}
