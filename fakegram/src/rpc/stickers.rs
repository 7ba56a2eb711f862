//! Stickers, GIFs, inline bots and voice transcription: installed sets,
//! a set by name, sticker search, inline queries (the GIF bot and Weather
//! Bot answer), sending a result, sending stored documents, transcripts.

use grammers_tl_types::{enums, functions as f, types};

use super::posting::{sent_updates, topic_for, updates};
use super::send_rules::{can_post, Post};
use super::{resolve, Ctx, RpcErr};
use crate::account::{NewMessage, Peer};
use crate::extras::Media;
use crate::social::{Doc, InlineAnswer, StickerSet, GIF_BOT, WEATHER_BOT};

fn set_tl(s: &StickerSet) -> enums::StickerSet {
    types::StickerSet {
        archived: false,
        official: false,
        masks: false,
        emojis: s.emoji,
        text_color: false,
        channel_emoji_status: false,
        creator: false,
        installed_date: Some(crate::demo::EPOCH),
        id: s.id,
        access_hash: crate::demo::access_hash(s.id),
        title: s.title.clone(),
        short_name: s.short_name.clone(),
        thumbs: None,
        thumb_dc_id: None,
        thumb_version: None,
        thumb_document_id: None,
        count: s.stickers.len() as i32,
        hash: 0,
    }
    .into()
}

fn all_sets(ctx: &Ctx, emoji: bool) -> enums::messages::AllStickers {
    types::messages::AllStickers {
        hash: 0,
        sets: ctx
            .acc
            .social
            .sets
            .iter()
            .filter(|s| s.emoji == emoji)
            .map(set_tl)
            .collect(),
    }
    .into()
}

pub(crate) fn get_all_stickers(
    ctx: &mut Ctx,
    _req: f::messages::GetAllStickers,
) -> Result<enums::messages::AllStickers, RpcErr> {
    Ok(all_sets(ctx, false))
}

pub(crate) fn get_emoji_stickers(
    ctx: &mut Ctx,
    _req: f::messages::GetEmojiStickers,
) -> Result<enums::messages::AllStickers, RpcErr> {
    Ok(all_sets(ctx, true))
}

pub(crate) fn get_sticker_set(
    ctx: &mut Ctx,
    req: f::messages::GetStickerSet,
) -> Result<enums::messages::StickerSet, RpcErr> {
    let invalid = || RpcErr::bad("STICKERSET_INVALID");
    let set = match &req.stickerset {
        enums::InputStickerSet::ShortName(n) => ctx
            .acc
            .social
            .sets
            .iter()
            .find(|s| s.short_name.eq_ignore_ascii_case(&n.short_name)),
        enums::InputStickerSet::Id(i) => ctx.acc.social.sets.iter().find(|s| s.id == i.id),
        _ => None,
    }
    .ok_or_else(invalid)?;
    Ok(types::messages::StickerSet {
        set: set_tl(set),
        packs: Vec::new(),
        keywords: Vec::new(),
        documents: set.stickers.iter().map(Doc::to_tl).collect(),
    }
    .into())
}

/// Whether a document matches a query: its emoji, or every word of it.
fn matches(d: &Doc, q: &str) -> bool {
    let q = q.trim().to_lowercase();
    if q.is_empty() {
        return true;
    }
    d.emoji() == q || q.split_whitespace().all(|w| d.keywords.contains(w))
}

pub(crate) fn search_stickers(
    ctx: &mut Ctx,
    req: f::messages::SearchStickers,
) -> Result<enums::messages::FoundStickers, RpcErr> {
    let limit = resolve::limit(req.limit, 50);
    let q = if req.q.trim().is_empty() {
        &req.emoticon
    } else {
        &req.q
    };
    if q.trim().is_empty() {
        return Err(RpcErr::bad("SEARCH_QUERY_EMPTY"));
    }
    let stickers = ctx
        .acc
        .social
        .sets
        .iter()
        .filter(|s| s.emoji == req.emojis)
        .flat_map(|s| s.stickers.iter())
        .filter(|d| matches(d, q) || d.emoji() == req.emoticon)
        .take(limit)
        .map(Doc::to_tl)
        .collect();
    Ok(types::messages::FoundStickers {
        next_offset: None,
        hash: 0,
        stickers,
    }
    .into())
}

/// What a bot answers to `query`, or why it does not.
fn answers(ctx: &Ctx, bot: i64, query: &str) -> Result<Vec<InlineAnswer>, RpcErr> {
    let q = query.trim().to_lowercase();
    match bot {
        GIF_BOT => Ok(ctx
            .acc
            .social
            .gifs
            .iter()
            .filter(|d| matches(d, &q))
            .map(|d| InlineAnswer {
                id: format!("gif-{}", d.id),
                kind: "gif".into(),
                title: None,
                description: None,
                text: String::new(),
                doc: Some(d.clone()),
            })
            .collect()),
        WEATHER_BOT => Ok(crate::social::weather_answers(&q)),
        _ => match ctx.acc.user(bot) {
            Some(u) if u.bot => Err(RpcErr::bad("BOT_INLINE_DISABLED")),
            _ => Err(RpcErr::bad("BOT_INVALID")),
        },
    }
}

fn answer_tl(a: &InlineAnswer) -> enums::BotInlineResult {
    match &a.doc {
        Some(d) => types::BotInlineMediaResult {
            id: a.id.clone(),
            r#type: a.kind.clone(),
            photo: None,
            document: Some(d.to_tl()),
            title: a.title.clone(),
            description: a.description.clone(),
            send_message: types::BotInlineMessageMediaAuto {
                invert_media: false,
                message: String::new(),
                entities: None,
                reply_markup: None,
            }
            .into(),
        }
        .into(),
        None => types::BotInlineResult {
            id: a.id.clone(),
            r#type: a.kind.clone(),
            title: a.title.clone(),
            description: a.description.clone(),
            url: None,
            thumb: None,
            content: None,
            send_message: types::BotInlineMessageText {
                no_webpage: true,
                invert_media: false,
                message: a.text.clone(),
                entities: None,
                reply_markup: None,
            }
            .into(),
        }
        .into(),
    }
}

pub(crate) fn get_inline_bot_results(
    ctx: &mut Ctx,
    req: f::messages::GetInlineBotResults,
) -> Result<enums::messages::BotResults, RpcErr> {
    let bot = resolve::user(ctx.acc, &req.bot)?;
    resolve::peer(ctx.acc, &req.peer)?;
    let found = answers(ctx, bot, &req.query)?;
    let query_id = ctx.acc.ext.new_id();
    let results = found.iter().map(answer_tl).collect();
    ctx.acc.social.queries.insert(query_id, (bot, found));
    let me = ctx.acc.me.clone();
    let users = ctx
        .acc
        .user(bot)
        .map(|u| crate::convert::user(u, &me))
        .into_iter()
        .collect();
    Ok(types::messages::BotResults {
        gallery: bot == GIF_BOT,
        query_id,
        next_offset: None,
        switch_pm: None,
        switch_webview: None,
        results,
        cache_time: 300,
        users,
    }
    .into())
}

/// Posts a message from the account with `media` (or none) and answers as sendMedia does.
fn post(
    ctx: &mut Ctx,
    peer: Peer,
    text: String,
    media: Option<Media>,
    reply: Option<&enums::InputReplyTo>,
    random_id: i64,
) -> Result<enums::Updates, RpcErr> {
    let what = media.as_ref().map_or(Post::Text, Post::Media);
    can_post(ctx.acc, peer, what)?;
    let (reply_to, top) = match reply {
        Some(enums::InputReplyTo::Message(r)) => (Some(r.reply_to_msg_id), r.top_msg_id),
        _ => (None, None),
    };
    if reply_to.is_some_and(|r| ctx.acc.message(peer, r).is_none()) {
        return Err(RpcErr::bad("REPLY_MESSAGE_ID_INVALID"));
    }
    if !ctx.acc.remember_random_id(random_id) {
        return Err(RpcErr::new(500, "RANDOM_ID_DUPLICATE"));
    }
    let topic = topic_for(ctx.acc, peer, reply_to, top);
    let new = NewMessage {
        text,
        reply_to: reply_to.or(topic),
        topic,
        fwd_from: None,
    };
    let me = ctx.acc.me.id;
    let (m, pts) = ctx.acc.post(peer, me, new);
    if let Some(media) = media {
        ctx.acc.ext.media.insert((peer, m.id), media);
    }
    let list = sent_updates(ctx, &m, pts, random_id);
    Ok(updates(ctx, list, &[&m], peer))
}

pub(crate) fn send_inline_bot_result(
    ctx: &mut Ctx,
    req: f::messages::SendInlineBotResult,
) -> Result<enums::Updates, RpcErr> {
    let peer = resolve::peer(ctx.acc, &req.peer)?;
    let (_, found) = ctx
        .acc
        .social
        .queries
        .get(&req.query_id)
        .ok_or_else(|| RpcErr::bad("QUERY_ID_INVALID"))?;
    let a = found
        .iter()
        .find(|a| a.id == req.id)
        .cloned()
        .ok_or_else(|| RpcErr::bad("RESULT_ID_INVALID"))?;
    let media = a.doc.map(|d| Media::Other(Box::new(d.media())));
    post(
        ctx,
        peer,
        a.text,
        media,
        req.reply_to.as_ref(),
        req.random_id,
    )
}

/// A sticker or GIF named by id (`inputMediaDocument`), as a message's media.
pub(super) fn stored_document(ctx: &Ctx, m: &enums::InputMedia) -> Option<Result<Media, RpcErr>> {
    let enums::InputMedia::Document(d) = m else {
        return None;
    };
    let enums::InputDocument::Document(x) = &d.id else {
        return Some(Err(RpcErr::bad("MEDIA_EMPTY")));
    };
    let doc = ctx
        .acc
        .social
        .doc(x.id)
        .filter(|_| x.access_hash == crate::demo::access_hash(x.id));
    Some(match doc {
        Some(_) if x.file_reference.is_empty() => Err(RpcErr::bad("FILE_REFERENCE_EMPTY")),
        Some(doc) => Ok(Media::Other(Box::new(doc.media()))),
        None => Err(RpcErr::bad("MEDIA_INVALID")),
    })
}

pub(crate) fn transcribe_audio(
    ctx: &mut Ctx,
    req: f::messages::TranscribeAudio,
) -> Result<enums::messages::TranscribedAudio, RpcErr> {
    let peer = resolve::peer(ctx.acc, &req.peer)?;
    if ctx.acc.message(peer, req.msg_id).is_none() {
        return Err(RpcErr::bad("MSG_ID_INVALID"));
    }
    let spoken = match ctx.acc.ext.media.get(&(peer, req.msg_id)) {
        Some(Media::Document { voice: Some(_), .. }) => true,
        Some(Media::Document { id, .. }) => ctx.acc.social.round.contains(id),
        _ => false,
    };
    if !spoken {
        return Err(RpcErr::bad("TRANSCRIPTION_FAILED"));
    }
    let text = ctx
        .acc
        .social
        .transcripts
        .get(&(peer, req.msg_id))
        .cloned()
        .unwrap_or_else(|| "(no words recognised)".into());
    Ok(types::messages::TranscribedAudio {
        pending: false,
        transcription_id: i64::from(req.msg_id) + 7_000_000,
        text,
        trial_remains_num: None,
        trial_remains_until_date: None,
    }
    .into())
}
