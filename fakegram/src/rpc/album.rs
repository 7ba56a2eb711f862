//! Albums: media stored ahead with `messages.uploadMedia`, then sent
//! together with `messages.sendMultiMedia` (one album id for all).

use grammers_tl_types::{enums, functions as f};

use super::media::media_of;
use super::posting::{sent_updates, updates};
use super::send_rules::{can_post, check_album_mix, check_caption, Post};
use super::{resolve, Ctx, RpcErr};
use crate::account::NewMessage;
use crate::convert_ext;
use crate::extras::Media;

/// Most files in an album.
const MAX_ALBUM: usize = 10;

fn media_id(m: &Media) -> i64 {
    match m {
        Media::Photo { id, .. } | Media::Document { id, .. } => *id,
        Media::Poll(p) => p.id,
        Media::Other(_) => 0,
    }
}

pub(crate) fn upload_media(
    ctx: &mut Ctx,
    req: f::messages::UploadMedia,
) -> Result<enums::MessageMedia, RpcErr> {
    resolve::peer(ctx.acc, &req.peer)?;
    let media = media_of(ctx, &req.media)?;
    if matches!(media, Media::Poll(_) | Media::Other(_)) {
        return Err(RpcErr::bad("MEDIA_INVALID"));
    }
    let out = convert_ext::media(&media, ctx.acc, ctx.acc.now());
    ctx.acc.ext.stored.insert(media_id(&media), media);
    Ok(out)
}

/// Stored media an album item names (by id and access hash), left in store.
fn peek(ctx: &Ctx, m: &enums::InputMedia) -> Result<Media, RpcErr> {
    let (id, hash) = match m {
        enums::InputMedia::Photo(p) => match &p.id {
            enums::InputPhoto::Photo(x) => (x.id, x.access_hash),
            enums::InputPhoto::Empty => return Err(RpcErr::bad("MEDIA_EMPTY")),
        },
        enums::InputMedia::Document(d) => match &d.id {
            enums::InputDocument::Document(x) => (x.id, x.access_hash),
            enums::InputDocument::Empty => return Err(RpcErr::bad("MEDIA_EMPTY")),
        },
        // Telegram takes only stored media in albums.
        _ => return Err(RpcErr::bad("MEDIA_INVALID")),
    };
    if hash != crate::demo::access_hash(id) {
        return Err(RpcErr::bad("MEDIA_INVALID"));
    }
    ctx.acc
        .ext
        .stored
        .get(&id)
        .cloned()
        .ok_or_else(|| RpcErr::bad("MEDIA_INVALID"))
}

pub(crate) fn send_multi_media(
    ctx: &mut Ctx,
    req: f::messages::SendMultiMedia,
) -> Result<enums::Updates, RpcErr> {
    let peer = resolve::peer(ctx.acc, &req.peer)?;
    can_post(ctx.acc, peer, Post::Access)?;
    if !(2..=MAX_ALBUM).contains(&req.multi_media.len()) {
        return Err(RpcErr::bad("MULTI_MEDIA_TOO_LONG"));
    }
    if req.schedule_date.is_some() {
        return Err(RpcErr::bad("FAKEGRAM_SCHEDULED_MEDIA_NOT_IMPLEMENTED"));
    }
    let (reply_to, top) = match &req.reply_to {
        Some(enums::InputReplyTo::Message(r)) => (Some(r.reply_to_msg_id), r.top_msg_id),
        _ => (None, None),
    };
    if reply_to.is_some_and(|r| ctx.acc.message(peer, r).is_none()) {
        return Err(RpcErr::bad("REPLY_MESSAGE_ID_INVALID"));
    }
    // Every item is checked before any is taken from the store, so a
    // refused album can be fixed and sent again.
    let mut items = Vec::new();
    for m in &req.multi_media {
        let enums::InputSingleMedia::Media(m) = m;
        check_caption(&m.message)?;
        items.push((peek(ctx, &m.media)?, m.message.clone(), m.random_id));
    }
    let media: Vec<&Media> = items.iter().map(|(m, _, _)| m).collect();
    check_album_mix(ctx.acc, &media)?;
    for m in &media {
        can_post(ctx.acc, peer, Post::Media(m))?;
    }
    for (m, _, random_id) in &items {
        if !ctx.acc.remember_random_id(*random_id) {
            return Err(RpcErr::new(500, "RANDOM_ID_DUPLICATE"));
        }
        ctx.acc.ext.stored.remove(&media_id(m));
    }
    let topic = super::posting::topic_for(ctx.acc, peer, reply_to, top);
    let group = ctx.acc.ext.new_id();
    let me = ctx.acc.me.id;
    let mut list = Vec::new();
    let mut sent = Vec::new();
    for (media, caption, random_id) in items {
        let new = NewMessage {
            text: caption,
            reply_to: reply_to.or(topic),
            topic,
            fwd_from: None,
        };
        let (m, pts) = ctx.acc.post(peer, me, new);
        ctx.acc.ext.media.insert((peer, m.id), media);
        ctx.acc.ext.grouped.insert((peer, m.id), group);
        list.extend(sent_updates(ctx, &m, pts, random_id));
        sent.push(m);
    }
    let refs: Vec<_> = sent.iter().collect();
    Ok(updates(ctx, list, &refs, peer))
}
