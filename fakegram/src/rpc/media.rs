//! Files and media: uploads in parts, downloads by location, messages with
//! a photo, document or poll, votes, and scheduled messages.

use grammers_tl_types::{enums, functions as f, types};

use super::posting::{sent_updates, topic_for, updates};
use super::send_rules::{can_post, check_caption, Post};
use super::{resolve, Ctx, RpcErr};
use crate::account::{Message, NewMessage, Peer};
use crate::convert;
use crate::convert_ext;
use crate::extras::{Media, Poll, Size, MAX_UPLOAD};

/// Bytes per part Telegram accepts at most.
const MAX_PART: usize = 512 * 1024;
/// How far ahead a message may be scheduled: 365 days.
const MAX_SCHEDULE_AHEAD: i64 = 365 * 86_400;
/// Scheduled messages get ids from here, apart from the history's.
const SCHEDULED_IDS: i32 = 1_000_000;

fn save_part(ctx: &mut Ctx, file_id: i64, part: i32, bytes: Vec<u8>) -> Result<bool, RpcErr> {
    if !(0..4000).contains(&part) {
        return Err(RpcErr::bad("FILE_PART_INVALID"));
    }
    if bytes.len() > MAX_PART {
        return Err(RpcErr::bad("FILE_PART_TOO_BIG"));
    }
    let parts = ctx.acc.ext.uploads.entry(file_id).or_default();
    let held: usize = parts.values().map(Vec::len).sum();
    if held + bytes.len() > MAX_UPLOAD {
        return Err(RpcErr::bad("FILE_PARTS_INVALID"));
    }
    parts.insert(part, bytes);
    Ok(true)
}

pub(crate) fn save_file_part(ctx: &mut Ctx, req: f::upload::SaveFilePart) -> Result<bool, RpcErr> {
    save_part(ctx, req.file_id, req.file_part, req.bytes)
}

pub(crate) fn save_big_file_part(
    ctx: &mut Ctx,
    req: f::upload::SaveBigFilePart,
) -> Result<bool, RpcErr> {
    if req.file_part >= req.file_total_parts {
        return Err(RpcErr::bad("FILE_PART_INVALID"));
    }
    save_part(ctx, req.file_id, req.file_part, req.bytes)
}

/// The bytes of a finished upload (every part 0..parts present), and its name.
pub(super) fn take_upload(
    ctx: &mut Ctx,
    file: &enums::InputFile,
) -> Result<(Vec<u8>, String), RpcErr> {
    let (id, parts, name) = match file {
        enums::InputFile::File(f) => (f.id, f.parts, f.name.clone()),
        enums::InputFile::Big(f) => (f.id, f.parts, f.name.clone()),
        _ => return Err(RpcErr::bad("FILE_PARTS_INVALID")),
    };
    let got = ctx
        .acc
        .ext
        .uploads
        .remove(&id)
        .ok_or_else(|| RpcErr::bad("FILE_PARTS_INVALID"))?;
    if got.len() != parts.max(0) as usize || got.keys().copied().ne(0..parts) {
        return Err(RpcErr::bad("FILE_PARTS_INVALID"));
    }
    Ok((got.into_values().flatten().collect(), name))
}

/// Width and height from a PNG header (0×0 for anything else).
pub(super) fn png_size(b: &[u8]) -> (i32, i32) {
    let be = |r: Option<&[u8]>| {
        r.and_then(|s| s.try_into().ok())
            .map_or(0, |a: [u8; 4]| u32::from_be_bytes(a) as i32)
    };
    if !b.starts_with(b"\x89PNG") {
        return (0, 0);
    }
    (be(b.get(16..20)), be(b.get(20..24)))
}

fn text_of(t: &enums::TextWithEntities) -> String {
    let enums::TextWithEntities::Entities(t) = t;
    t.text.clone()
}

fn poll_of(ctx: &mut Ctx, m: &types::InputMediaPoll) -> Result<Poll, RpcErr> {
    let enums::Poll::Poll(p) = &m.poll;
    let question = text_of(&p.question);
    if question.trim().is_empty() || question.chars().count() > 300 {
        return Err(RpcErr::bad("POLL_QUESTION_INVALID"));
    }
    let answers: Vec<String> = p
        .answers
        .iter()
        .map(|a| match a {
            enums::PollAnswer::Answer(a) => text_of(&a.text),
            enums::PollAnswer::InputPollAnswer(a) => text_of(&a.text),
        })
        .collect();
    if !(2..=10).contains(&answers.len()) || answers.iter().any(|a| a.trim().is_empty()) {
        return Err(RpcErr::bad("POLL_ANSWERS_INVALID"));
    }
    let correct = m.correct_answers.clone().unwrap_or_default();
    if p.quiz
        && (correct.len() != 1
            || correct
                .iter()
                .any(|c| *c < 0 || *c as usize >= answers.len()))
    {
        return Err(RpcErr::bad("QUIZ_CORRECT_ANSWERS_EMPTY"));
    }
    Ok(Poll {
        id: ctx.acc.ext.new_id(),
        question,
        votes: vec![0; answers.len()],
        answers,
        multiple: p.multiple_choice && !p.quiz,
        quiz: p.quiz,
        public: p.public_voters,
        correct,
        mine: Vec::new(),
        voters: Vec::new(),
        closed: false,
    })
}

pub(super) fn media_of(ctx: &mut Ctx, m: &enums::InputMedia) -> Result<Media, RpcErr> {
    match m {
        enums::InputMedia::UploadedPhoto(p) => {
            let (bytes, _) = take_upload(ctx, &p.file)?;
            let (w, h) = png_size(&bytes);
            let id = ctx.acc.ext.new_id();
            Ok(Media::Photo {
                id,
                access_hash: crate::demo::access_hash(id),
                sizes: vec![Size {
                    kind: "x".into(),
                    w,
                    h,
                    bytes,
                }],
            })
        }
        enums::InputMedia::UploadedDocument(d) => {
            let (file, upload_name) = take_upload(ctx, &d.file)?;
            let name = d
                .attributes
                .iter()
                .find_map(|a| match a {
                    enums::DocumentAttribute::Filename(f) => Some(f.file_name.clone()),
                    _ => None,
                })
                .unwrap_or(upload_name);
            let voice = d.attributes.iter().find_map(|a| match a {
                enums::DocumentAttribute::Audio(a) if a.voice => Some(a.duration),
                _ => None,
            });
            let id = ctx.acc.ext.new_id();
            let round = d
                .attributes
                .iter()
                .any(|a| matches!(a, enums::DocumentAttribute::Video(v) if v.round_message));
            if round {
                ctx.acc.social.round.insert(id);
            }
            Ok(Media::Document {
                id,
                access_hash: crate::demo::access_hash(id),
                mime: d.mime_type.clone(),
                name,
                file,
                thumbs: Vec::new(),
                voice,
            })
        }
        enums::InputMedia::Poll(p) => Ok(Media::Poll(poll_of(ctx, p)?)),
        other => super::ext::plain_media(ctx, other)
            .or_else(|| super::stickers::stored_document(ctx, other))
            .unwrap_or_else(|| Err(RpcErr::bad("MEDIA_INVALID"))),
    }
}

/// Stores a scheduled message and answers as Telegram does (its own id space).
pub(crate) fn schedule(
    ctx: &mut Ctx,
    peer: Peer,
    new: NewMessage,
    at: i32,
    random_id: i64,
) -> Result<enums::Updates, RpcErr> {
    // Checked against the real clock, as Telegram does: the past is no
    // schedule, and a year ahead is as far as it goes.
    let now = ctx.acc.now();
    if at <= now {
        return Err(RpcErr::bad("SCHEDULE_DATE_INVALID"));
    }
    if i64::from(at) > i64::from(now) + MAX_SCHEDULE_AHEAD {
        return Err(RpcErr::bad("SCHEDULE_DATE_TOO_LATE"));
    }
    let id = ctx
        .acc
        .ext
        .scheduled
        .iter()
        .map(|m| m.id)
        .max()
        .unwrap_or(SCHEDULED_IDS)
        + 1;
    let m = Message {
        reply_to: new.reply_to,
        topic: new.topic,
        ..Message::new(id, peer, ctx.acc.me.id, true, at, new.text)
    };
    ctx.acc.ext.scheduled.push(m.clone());
    let list = vec![
        types::UpdateMessageId { id, random_id }.into(),
        types::UpdateNewScheduledMessage {
            message: convert::message(&m, ctx.acc),
        }
        .into(),
    ];
    Ok(updates(ctx, list, &[&m], peer))
}

pub(crate) fn send_media(
    ctx: &mut Ctx,
    req: f::messages::SendMedia,
) -> Result<enums::Updates, RpcErr> {
    let peer = resolve::peer(ctx.acc, &req.peer)?;
    can_post(ctx.acc, peer, Post::Access)?;
    check_caption(&req.message)?;
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
    let media = media_of(ctx, &req.media)?;
    can_post(ctx.acc, peer, Post::Media(&media))?;
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
    let me = ctx.acc.me.id;
    let (m, pts) = ctx.acc.post(peer, me, new);
    ctx.acc.ext.media.insert((peer, m.id), media);
    let list = sent_updates(ctx, &m, pts, req.random_id);
    Ok(updates(ctx, list, &[&m], peer))
}

pub(crate) fn get_file(
    ctx: &mut Ctx,
    req: f::upload::GetFile,
) -> Result<enums::upload::File, RpcErr> {
    let (id, hash, kind) = match &req.location {
        enums::InputFileLocation::InputPhotoFileLocation(l) => {
            (l.id, l.access_hash, l.thumb_size.clone())
        }
        enums::InputFileLocation::InputDocumentFileLocation(l) => {
            (l.id, l.access_hash, l.thumb_size.clone())
        }
        _ => return Err(RpcErr::bad("LOCATION_INVALID")),
    };
    if hash != crate::demo::access_hash(id) {
        return Err(RpcErr::bad("LOCATION_INVALID"));
    }
    if req.offset < 0 || req.limit <= 0 || req.limit > 1024 * 1024 {
        return Err(RpcErr::bad("LIMIT_INVALID"));
    }
    let file = ctx
        .acc
        .ext
        .file(id, &kind)
        .or_else(|| ctx.acc.settings.file(id, &kind))
        .ok_or_else(|| RpcErr::bad("LOCATION_INVALID"))?;
    let start = usize::try_from(req.offset)
        .unwrap_or(usize::MAX)
        .min(file.len());
    let end = start.saturating_add(req.limit as usize).min(file.len());
    let bytes = file.get(start..end).unwrap_or_default().to_vec();
    let r#type = if file.starts_with(b"\x89PNG") {
        types::storage::FilePng {}.into()
    } else if file.starts_with(b"\xff\xd8\xff") {
        types::storage::FileJpeg {}.into()
    } else {
        types::storage::FileUnknown {}.into()
    };
    Ok(types::upload::File {
        r#type,
        mtime: ctx.acc.now(),
        bytes,
    }
    .into())
}

pub(crate) fn send_vote(
    ctx: &mut Ctx,
    req: f::messages::SendVote,
) -> Result<enums::Updates, RpcErr> {
    let peer = resolve::peer(ctx.acc, &req.peer)?;
    let Some(Media::Poll(p)) = ctx.acc.ext.media.get_mut(&(peer, req.msg_id)) else {
        return Err(RpcErr::bad("MESSAGE_POLL_CLOSED"));
    };
    let mut chosen = Vec::new();
    for o in &req.options {
        let i = (0..p.answers.len())
            .find(|i| convert_ext::option(*i) == *o)
            .ok_or_else(|| RpcErr::bad("OPTION_INVALID"))?;
        if !chosen.contains(&i) {
            chosen.push(i);
        }
    }
    if chosen.len() > 1 && !p.multiple {
        return Err(RpcErr::bad("OPTIONS_TOO_MUCH"));
    }
    if p.closed {
        return Err(RpcErr::bad("MESSAGE_POLL_CLOSED"));
    }
    if p.quiz && !p.mine.is_empty() {
        return Err(RpcErr::bad("REVOTE_NOT_ALLOWED"));
    }
    for i in p.mine.drain(..) {
        if let Some(v) = p.votes.get_mut(i) {
            *v -= 1;
        }
    }
    for i in &chosen {
        if let Some(v) = p.votes.get_mut(*i) {
            *v += 1;
        }
    }
    p.mine = chosen;
    let p = p.clone();
    let results = match convert_ext::media(&Media::Poll(p.clone()), ctx.acc, 0) {
        enums::MessageMedia::Poll(m) => m.results,
        _ => return Err(RpcErr::bad("MEDIA_INVALID")),
    };
    let u = types::UpdateMessagePoll {
        peer: Some(convert::peer(peer)),
        msg_id: Some(req.msg_id),
        top_msg_id: None,
        poll_id: p.id,
        poll: Some(convert_ext::poll(&p)),
        results,
    }
    .into();
    Ok(updates(ctx, vec![u], &[], peer))
}
