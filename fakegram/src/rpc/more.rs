//! Who reacted, who voted, pressing inline buttons, scheduled messages:
//! the reads and writes around messages that are not the history itself.

use grammers_tl_types::{enums, functions as f, types};

use super::messages::messages_reply;
use super::posting::updates;
use super::{resolve, Ctx, RpcErr};
use crate::account::{ChatKind, Message, NewMessage, Peer};
use crate::convert;
use crate::convert_ext;
use crate::extras::{Button, Media};

fn existing(ctx: &Ctx, peer: Peer, id: i32) -> Result<(), RpcErr> {
    ctx.acc
        .message(peer, id)
        .map(drop)
        .ok_or_else(|| RpcErr::bad("MSG_ID_INVALID"))
}

pub(crate) fn get_message_reactions_list(
    ctx: &mut Ctx,
    req: f::messages::GetMessageReactionsList,
) -> Result<enums::messages::MessageReactionsList, RpcErr> {
    let peer = resolve::peer(ctx.acc, &req.peer)?;
    existing(ctx, peer, req.id)?;
    if ctx
        .acc
        .chat_of(peer)
        .is_some_and(|c| c.kind == ChatKind::Channel)
    {
        // Broadcast channels keep reactions anonymous.
        return Err(RpcErr::bad("BROADCAST_FORBIDDEN"));
    }
    let only = match &req.reaction {
        Some(enums::Reaction::Emoji(e)) => Some(e.emoticon.clone()),
        _ => None,
    };
    let me = ctx.acc.me.id;
    let date = ctx.acc.message(peer, req.id).map_or(0, |m| m.date);
    let mut all: Vec<(i64, String, i32)> = ctx
        .acc
        .ext
        .reactions
        .get(&(peer, req.id))
        .into_iter()
        .flatten()
        .map(|e| (me, e.clone(), ctx.acc.now()))
        .collect();
    all.extend(
        ctx.acc
            .ext
            .reactors
            .get(&(peer, req.id))
            .into_iter()
            .flatten()
            .map(|r| (r.user, r.emoji.clone(), r.date)),
    );
    all.retain(|(_, e, _)| only.as_ref().is_none_or(|o| o == e));
    // Newest first.
    all.sort_by_key(|(_, _, d)| std::cmp::Reverse(*d));
    let count = all.len() as i32;
    all.truncate(req.limit.clamp(1, 100) as usize);
    let users: Vec<Peer> = all.iter().map(|(u, _, _)| Peer::User(*u)).collect();
    let (users, chats) = ctx.refs(&[], &users);
    Ok(types::messages::MessageReactionsList {
        count,
        reactions: all
            .into_iter()
            .map(|(u, e, d)| {
                types::MessagePeerReaction {
                    big: false,
                    unread: false,
                    my: u == me,
                    peer_id: convert::peer(Peer::User(u)),
                    date: d.max(date),
                    reaction: types::ReactionEmoji { emoticon: e }.into(),
                }
                .into()
            })
            .collect(),
        chats,
        users,
        next_offset: None,
    }
    .into())
}

pub(crate) fn get_poll_votes(
    ctx: &mut Ctx,
    req: f::messages::GetPollVotes,
) -> Result<enums::messages::VotesList, RpcErr> {
    let peer = resolve::peer(ctx.acc, &req.peer)?;
    let Some(Media::Poll(p)) = ctx.acc.ext.media.get(&(peer, req.id)) else {
        return Err(RpcErr::bad("MSG_ID_INVALID"));
    };
    if !p.public {
        return Err(RpcErr::bad("POLL_VOTE_REQUIRED"));
    }
    if p.mine.is_empty() && !p.closed {
        return Err(RpcErr::new(403, "POLL_VOTE_REQUIRED"));
    }
    let me = ctx.acc.me.id;
    let date = ctx.acc.message(peer, req.id).map_or(0, |m| m.date);
    let mut all: Vec<(i64, Vec<usize>)> = p.voters.clone();
    if !p.mine.is_empty() {
        all.insert(0, (me, p.mine.clone()));
    }
    let count = all.len() as i32;
    all.truncate(req.limit.clamp(1, 100) as usize);
    let users: Vec<Peer> = all.iter().map(|(u, _)| Peer::User(*u)).collect();
    let (users, chats) = ctx.refs(&[], &users);
    let votes = all
        .into_iter()
        .map(|(u, answers)| {
            let peer = convert::peer(Peer::User(u));
            if answers.len() == 1 {
                types::MessagePeerVote {
                    peer,
                    option: convert_ext::option(answers[0]),
                    date,
                }
                .into()
            } else {
                types::MessagePeerVoteMultiple {
                    peer,
                    options: answers.into_iter().map(convert_ext::option).collect(),
                    date,
                }
                .into()
            }
        })
        .collect();
    Ok(types::messages::VotesList {
        count,
        votes,
        chats,
        users,
        next_offset: None,
    }
    .into())
}

pub(crate) fn get_bot_callback_answer(
    ctx: &mut Ctx,
    req: f::messages::GetBotCallbackAnswer,
) -> Result<enums::messages::BotCallbackAnswer, RpcErr> {
    let peer = resolve::peer(ctx.acc, &req.peer)?;
    existing(ctx, peer, req.msg_id)?;
    let data = req.data.unwrap_or_default();
    let found = ctx
        .acc
        .ext
        .keyboards
        .get(&(peer, req.msg_id))
        .into_iter()
        .flatten()
        .flatten()
        .find_map(|b| match b {
            Button::Callback {
                data: d,
                answer,
                alert,
                ..
            } if *d == data => Some((answer.clone(), *alert)),
            _ => None,
        });
    let Some((answer, alert)) = found else {
        return Err(RpcErr::bad("DATA_INVALID"));
    };
    ctx.acc.ext.pressed.push((peer, req.msg_id, data));
    Ok(types::messages::BotCallbackAnswer {
        alert,
        has_url: false,
        native_ui: false,
        message: Some(answer),
        url: None,
        cache_time: 0,
    }
    .into())
}

pub(crate) fn get_scheduled_history(
    ctx: &mut Ctx,
    req: f::messages::GetScheduledHistory,
) -> Result<enums::messages::Messages, RpcErr> {
    let peer = resolve::peer(ctx.acc, &req.peer)?;
    let msgs: Vec<_> = ctx
        .acc
        .ext
        .scheduled
        .iter()
        .filter(|m| m.peer == peer)
        .collect();
    let total = msgs.len();
    // Scheduled messages are never a channel's history: plain `messages`.
    Ok(messages_reply(ctx, None, &msgs, total, None))
}

pub(crate) fn delete_scheduled_messages(
    ctx: &mut Ctx,
    req: f::messages::DeleteScheduledMessages,
) -> Result<enums::Updates, RpcErr> {
    let peer = resolve::peer(ctx.acc, &req.peer)?;
    let before: Vec<i32> = ctx
        .acc
        .ext
        .scheduled
        .iter()
        .filter(|m| m.peer == peer && req.id.contains(&m.id))
        .map(|m| m.id)
        .collect();
    ctx.acc
        .ext
        .scheduled
        .retain(|m| !(m.peer == peer && before.contains(&m.id)));
    let u = types::UpdateDeleteScheduledMessages {
        peer: convert::peer(peer),
        messages: before,
        sent_messages: None,
    }
    .into();
    Ok(updates(ctx, vec![u], &[], peer))
}

pub(crate) fn send_scheduled_messages(
    ctx: &mut Ctx,
    req: f::messages::SendScheduledMessages,
) -> Result<enums::Updates, RpcErr> {
    let peer = resolve::peer(ctx.acc, &req.peer)?;
    let due: Vec<Message> = ctx
        .acc
        .ext
        .scheduled
        .iter()
        .filter(|m| m.peer == peer && req.id.contains(&m.id))
        .cloned()
        .collect();
    if due.is_empty() {
        return Err(RpcErr::bad("MESSAGE_ID_INVALID"));
    }
    let gone: Vec<i32> = due.iter().map(|m| m.id).collect();
    ctx.acc
        .ext
        .scheduled
        .retain(|m| !(m.peer == peer && gone.contains(&m.id)));
    let me = ctx.acc.me.id;
    let mut list: Vec<enums::Update> = Vec::new();
    let mut sent = Vec::new();
    for m in due {
        let new = NewMessage {
            text: m.text,
            reply_to: m.reply_to,
            topic: m.topic,
            fwd_from: None,
        };
        let (posted, pts) = ctx.acc.post(peer, me, new);
        list.push(super::posting::new_message_update(ctx, &posted, pts));
        sent.push(posted);
    }
    list.push(
        types::UpdateDeleteScheduledMessages {
            peer: convert::peer(peer),
            messages: gone,
            sent_messages: Some(sent.iter().map(|m| m.id).collect()),
        }
        .into(),
    );
    let refs: Vec<&Message> = sent.iter().collect();
    Ok(super::posting::updates(ctx, list, &refs, peer))
}
