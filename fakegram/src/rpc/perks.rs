//! The extras: translations (a deterministic fake, marked as such), link
//! previews, boosts, fact-checks, quick replies, voice chats, the default
//! reaction, and the Business profile and links. State in `perks.rs`.

use grammers_tl_types::{enums, functions as f, types};

use super::{resolve, Ctx, RpcErr};
use crate::account::{ChatKind, Peer};
use crate::convert;
use crate::perks::LEVELS;

fn text(t: &str) -> enums::TextWithEntities {
    types::TextWithEntities {
        text: t.into(),
        entities: Vec::new(),
    }
    .into()
}

/// The updates answer of a change that produces no update the client needs.
fn no_updates(ctx: &Ctx) -> enums::Updates {
    types::Updates {
        updates: Vec::new(),
        users: Vec::new(),
        chats: Vec::new(),
        date: ctx.acc.now(),
        seq: 0,
    }
    .into()
}

/// A broadcast channel post: fact-checks exist only there.
fn channel_post(ctx: &Ctx, p: &enums::InputPeer, id: i32) -> Result<i64, RpcErr> {
    let peer = resolve::peer(ctx.acc, p)?;
    let Peer::Channel(c) = peer else {
        return Err(RpcErr::bad("PEER_ID_INVALID"));
    };
    if ctx.acc.chat(c).map(|c| c.kind) != Some(ChatKind::Channel) {
        return Err(RpcErr::bad("PEER_ID_INVALID"));
    }
    ctx.acc
        .message(peer, id)
        .ok_or_else(|| RpcErr::bad("MSG_ID_INVALID"))?;
    Ok(c)
}

pub(crate) fn translate_text(
    ctx: &mut Ctx,
    req: f::messages::TranslateText,
) -> Result<enums::messages::TranslatedText, RpcErr> {
    let lang = req.to_lang.trim();
    if lang.len() < 2
        || lang.len() > 7
        || !lang.chars().all(|c| c.is_ascii_alphabetic() || c == '-')
    {
        return Err(RpcErr::bad("TO_LANG_INVALID"));
    }
    let texts: Vec<String> = match (&req.peer, &req.id, &req.text) {
        (Some(p), Some(ids), None) => {
            let peer = resolve::peer(ctx.acc, p)?;
            ids.iter()
                .map(|id| {
                    ctx.acc
                        .message(peer, *id)
                        .map(|m| m.text.clone())
                        .ok_or_else(|| RpcErr::bad("MESSAGE_ID_INVALID"))
                })
                .collect::<Result<_, _>>()?
        }
        (None, None, Some(t)) => t
            .iter()
            .map(|t| {
                let enums::TextWithEntities::Entities(t) = t;
                t.text.clone()
            })
            .collect(),
        _ => return Err(RpcErr::bad("INPUT_REQUEST_INVALID")),
    };
    // fakegram has no translator: a marked, deterministic stand-in.
    let result = texts
        .iter()
        .map(|t| text(&format!("[{lang}] {t}")))
        .collect();
    Ok(types::messages::TranslateResult { result }.into())
}

pub(crate) fn get_web_page_preview(
    ctx: &mut Ctx,
    req: f::messages::GetWebPagePreview,
) -> Result<enums::messages::WebPagePreview, RpcErr> {
    let media = super::link_preview::preview(ctx.acc, &req.message, &req.entities)
        .unwrap_or(enums::MessageMedia::Empty);
    Ok(types::messages::WebPagePreview {
        media,
        chats: Vec::new(),
        users: Vec::new(),
    }
    .into())
}

pub(crate) fn get_boosts_status(
    ctx: &mut Ctx,
    req: f::premium::GetBoostsStatus,
) -> Result<enums::premium::BoostsStatus, RpcErr> {
    let Peer::Channel(id) = resolve::peer(ctx.acc, &req.peer)? else {
        return Err(RpcErr::bad("PEER_ID_INVALID"));
    };
    let b = ctx
        .acc
        .perks
        .boosts
        .get(&id)
        .cloned()
        .unwrap_or(crate::perks::BoostState {
            level: 0,
            boosts: 0,
            my_boost: false,
        });
    let at = |l: i32| LEVELS.get(l.max(0) as usize).copied();
    let name = ctx.acc.chat(id).and_then(|c| c.username.clone());
    Ok(types::premium::BoostsStatus {
        my_boost: b.my_boost,
        level: b.level,
        current_level_boosts: at(b.level).unwrap_or(0),
        boosts: b.boosts,
        gift_boosts: None,
        next_level_boosts: at(b.level + 1),
        premium_audience: None,
        boost_url: match name {
            Some(n) => format!("https://t.me/boost/{n}"),
            None => format!("https://t.me/boost?c={id}"),
        },
        prepaid_giveaways: None,
        // Telegram sends the slots with my_boost (they share a flag).
        my_boost_slots: b.my_boost.then(|| vec![1]),
    }
    .into())
}

pub(crate) fn get_fact_check(
    ctx: &mut Ctx,
    req: f::messages::GetFactCheck,
) -> Result<Vec<enums::FactCheck>, RpcErr> {
    let mut out = Vec::new();
    for id in &req.msg_id {
        let c = channel_post(ctx, &req.peer, *id)?;
        let note = ctx.acc.perks.fact_checks.get(&(c, *id));
        out.push(
            types::FactCheck {
                need_check: false,
                country: note.map(|_| "US".into()),
                text: note.map(|t| text(t)),
                hash: note.map_or(0, |t| t.len() as i64),
            }
            .into(),
        );
    }
    Ok(out)
}

pub(crate) fn edit_fact_check(
    ctx: &mut Ctx,
    req: f::messages::EditFactCheck,
) -> Result<enums::Updates, RpcErr> {
    let c = channel_post(ctx, &req.peer, req.msg_id)?;
    if !ctx.acc.perks.fact_checker {
        return Err(RpcErr::new(403, "CHAT_ACTION_FORBIDDEN"));
    }
    let enums::TextWithEntities::Entities(t) = req.text;
    if t.text.trim().is_empty() {
        return Err(RpcErr::bad("TEXT_INVALID"));
    }
    ctx.acc.perks.fact_checks.insert((c, req.msg_id), t.text);
    Ok(no_updates(ctx))
}

pub(crate) fn delete_fact_check(
    ctx: &mut Ctx,
    req: f::messages::DeleteFactCheck,
) -> Result<enums::Updates, RpcErr> {
    let c = channel_post(ctx, &req.peer, req.msg_id)?;
    if !ctx.acc.perks.fact_checker {
        return Err(RpcErr::new(403, "CHAT_ACTION_FORBIDDEN"));
    }
    ctx.acc.perks.fact_checks.remove(&(c, req.msg_id));
    Ok(no_updates(ctx))
}

pub(crate) fn get_quick_replies(
    ctx: &mut Ctx,
    _req: f::messages::GetQuickReplies,
) -> Result<enums::messages::QuickReplies, RpcErr> {
    let quick_replies = ctx
        .acc
        .perks
        .quick_replies
        .iter()
        .map(|q| {
            types::QuickReply {
                shortcut_id: q.id,
                shortcut: q.shortcut.clone(),
                // Quick-reply messages live in their own box; ids count from 1 per reply.
                top_message: q.messages.len() as i32,
                count: q.messages.len() as i32,
            }
            .into()
        })
        .collect();
    Ok(types::messages::QuickReplies {
        quick_replies,
        messages: Vec::new(),
        chats: Vec::new(),
        users: Vec::new(),
    }
    .into())
}

/// The call the full chat of `id` shows (`call` of chatFull / channelFull).
pub(crate) fn call_of(ctx: &Ctx, id: i64) -> Option<enums::InputGroupCall> {
    ctx.acc.perks.calls.get(&id).map(|c| {
        types::InputGroupCall {
            id: c.id,
            access_hash: c.access_hash,
        }
        .into()
    })
}

pub(crate) fn get_group_call(
    ctx: &mut Ctx,
    req: f::phone::GetGroupCall,
) -> Result<enums::phone::GroupCall, RpcErr> {
    let enums::InputGroupCall::Call(want) = &req.call else {
        return Err(RpcErr::bad("GROUPCALL_INVALID"));
    };
    let call = ctx
        .acc
        .perks
        .calls
        .values()
        .find(|c| c.id == want.id && c.access_hash == want.access_hash)
        .cloned()
        .ok_or_else(|| RpcErr::bad("GROUPCALL_INVALID"))?;
    let limit = req.limit.clamp(0, 500) as usize;
    let shown: Vec<_> = call.participants.iter().take(limit).collect();
    let peers: Vec<Peer> = shown.iter().map(|(u, _, _)| Peer::User(*u)).collect();
    let (users, chats) = ctx.refs(&[], &peers);
    Ok(types::phone::GroupCall {
        call: types::GroupCall {
            join_muted: false,
            can_change_join_muted: false,
            join_date_asc: true,
            schedule_start_subscribed: false,
            can_start_video: true,
            record_video_active: false,
            rtmp_stream: false,
            listeners_hidden: false,
            conference: false,
            creator: false,
            messages_enabled: false,
            can_change_messages_enabled: false,
            min: false,
            id: call.id,
            access_hash: call.access_hash,
            participants_count: call.participants.len() as i32,
            title: call.title.clone(),
            stream_dc_id: None,
            record_start_date: None,
            schedule_date: None,
            unmuted_video_count: None,
            unmuted_video_limit: 30,
            version: 1,
            invite_link: None,
            send_paid_messages_stars: None,
            default_send_as: None,
        }
        .into(),
        participants: shown
            .iter()
            .enumerate()
            .map(|(i, (user, muted, date))| {
                types::GroupCallParticipant {
                    muted: *muted,
                    left: false,
                    can_self_unmute: true,
                    just_joined: false,
                    versioned: false,
                    min: false,
                    muted_by_you: false,
                    volume_by_admin: false,
                    is_self: false,
                    video_joined: false,
                    peer: convert::peer(Peer::User(*user)),
                    date: *date,
                    active_date: None,
                    source: i as i32 + 1,
                    volume: None,
                    about: None,
                    raise_hand_rating: None,
                    video: None,
                    presentation: None,
                    paid_stars_total: None,
                }
                .into()
            })
            .collect(),
        participants_next_offset: String::new(),
        chats,
        users,
    }
    .into())
}

pub(crate) fn set_default_reaction(
    ctx: &mut Ctx,
    req: f::messages::SetDefaultReaction,
) -> Result<bool, RpcErr> {
    match req.reaction {
        enums::Reaction::Emoji(e) if !e.emoticon.trim().is_empty() => {
            ctx.acc.perks.default_reaction = e.emoticon;
            Ok(true)
        }
        _ => Err(RpcErr::bad("REACTION_INVALID")),
    }
}

pub(crate) fn get_business_chat_links(
    ctx: &mut Ctx,
    _req: f::account::GetBusinessChatLinks,
) -> Result<enums::account::BusinessChatLinks, RpcErr> {
    let links = ctx
        .acc
        .perks
        .links
        .iter()
        .map(|l| {
            types::BusinessChatLink {
                link: format!("https://t.me/m/{}", l.slug),
                message: l.message.clone(),
                entities: None,
                title: l.title.clone(),
                views: l.views,
            }
            .into()
        })
        .collect();
    Ok(types::account::BusinessChatLinks {
        links,
        chats: Vec::new(),
        users: Vec::new(),
    }
    .into())
}
