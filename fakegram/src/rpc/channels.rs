//! Groups and channels: chats by id, full info, forum topics.

use grammers_tl_types::{enums, functions as f, types};

use super::{resolve, Ctx, RpcErr};
use crate::account::{ChatKind, Message, Peer, Topic};
use crate::convert;

/// messages.getChats: basic groups by id (others are left out).
pub(crate) fn get_chats(
    ctx: &mut Ctx,
    req: f::messages::GetChats,
) -> Result<enums::messages::Chats, RpcErr> {
    let chats = req
        .id
        .iter()
        .filter_map(|id| ctx.acc.chat(*id))
        .filter(|c| c.kind == ChatKind::Group)
        .map(|c| convert::chat(c, ctx.acc))
        .collect();
    Ok(types::messages::Chats { chats }.into())
}

pub(crate) fn get_channels(
    ctx: &mut Ctx,
    req: f::channels::GetChannels,
) -> Result<enums::messages::Chats, RpcErr> {
    let mut chats = Vec::new();
    for c in &req.id {
        let id = resolve::channel(ctx.acc, c)?;
        chats.extend(ctx.acc.chat(id).map(|c| convert::chat(c, ctx.acc)));
    }
    Ok(types::messages::Chats { chats }.into())
}

pub(crate) fn get_full_chat(
    ctx: &mut Ctx,
    req: f::messages::GetFullChat,
) -> Result<enums::messages::ChatFull, RpcErr> {
    let chat = ctx
        .acc
        .chat(req.chat_id)
        .filter(|c| c.kind == ChatKind::Group)
        .ok_or_else(|| RpcErr::bad("CHAT_ID_INVALID"))?
        .clone();
    let peer = chat.peer();
    // Members as the admin tables know them (see `groups.rs`).
    let members: Vec<_> = ctx
        .acc
        .members_of(peer)
        .into_iter()
        .filter(|m| m.present())
        .collect();
    let ids: Vec<i64> = members.iter().map(|m| m.user).collect();
    let participants = members
        .iter()
        .map(crate::convert_admin::chat_participant)
        .collect();
    let full = types::ChatFull {
        can_set_username: false,
        has_scheduled: false,
        translations_disabled: false,
        has_welcome_messages: false,
        id: chat.id,
        about: chat.about.clone(),
        participants: types::ChatParticipants {
            chat_id: chat.id,
            participants,
            version: 1,
        }
        .into(),
        chat_photo: None,
        notify_settings: convert::notify_settings(),
        exported_invite: None,
        bot_info: None,
        pinned_msg_id: None,
        folder_id: None,
        call: super::perks::call_of(ctx, chat.id),
        ttl_period: None,
        groupcall_default_join_as: None,
        theme_emoticon: None,
        requests_pending: None,
        recent_requesters: None,
        available_reactions: None,
        reactions_limit: None,
    };
    let peers: Vec<Peer> = ids.into_iter().map(Peer::User).chain([peer]).collect();
    let (users, chats) = ctx.refs(&[], &peers);
    Ok(types::messages::ChatFull {
        full_chat: full.into(),
        chats,
        users,
    }
    .into())
}

pub(crate) fn get_full_channel(
    ctx: &mut Ctx,
    req: f::channels::GetFullChannel,
) -> Result<enums::messages::ChatFull, RpcErr> {
    let id = resolve::channel(ctx.acc, &req.channel)?;
    let chat = ctx
        .acc
        .chat(id)
        .cloned()
        .ok_or_else(|| RpcErr::bad("CHANNEL_INVALID"))?;
    let peer = chat.peer();
    let d = ctx.acc.dialog(peer);
    let full = types::ChannelFull {
        can_view_participants: chat.kind != ChatKind::Channel,
        can_set_username: false,
        can_set_stickers: false,
        hidden_prehistory: false,
        can_set_location: false,
        has_scheduled: false,
        can_view_stats: false,
        blocked: false,
        can_delete_channel: false,
        antispam: false,
        participants_hidden: false,
        translations_disabled: false,
        stories_pinned_available: false,
        view_forum_as_messages: false,
        restricted_sponsored: false,
        can_view_revenue: false,
        paid_media_allowed: false,
        can_view_stars_revenue: false,
        paid_reactions_available: false,
        stargifts_available: false,
        paid_messages_available: false,
        has_welcome_messages: false,
        id,
        about: chat.about.clone(),
        participants_count: Some(chat.members),
        admins_count: None,
        kicked_count: None,
        banned_count: None,
        online_count: None,
        read_inbox_max_id: d.map_or(0, |d| d.read_inbox_max_id),
        read_outbox_max_id: d.map_or(0, |d| d.read_outbox_max_id),
        unread_count: d.map_or(0, |d| d.unread_count()),
        chat_photo: types::PhotoEmpty { id: 0 }.into(),
        notify_settings: convert::notify_settings(),
        exported_invite: None,
        bot_info: Vec::new(),
        migrated_from_chat_id: None,
        migrated_from_max_id: None,
        pinned_msg_id: None,
        stickerset: None,
        available_min_id: None,
        folder_id: None,
        linked_chat_id: None,
        location: None,
        slowmode_seconds: None,
        slowmode_next_send_date: None,
        stats_dc: None,
        pts: d.map_or(1, |d| d.pts),
        call: super::perks::call_of(ctx, id),
        ttl_period: None,
        pending_suggestions: None,
        groupcall_default_join_as: None,
        theme_emoticon: None,
        requests_pending: None,
        recent_requesters: None,
        default_send_as: None,
        available_reactions: None,
        reactions_limit: None,
        stories: None,
        wallpaper: None,
        boosts_applied: None,
        boosts_unrestrict: None,
        emojiset: None,
        bot_verification: None,
        stargifts_count: None,
        send_paid_messages_stars: None,
        main_tab: None,
        guard_bot_id: None,
    };
    let (users, chats) = ctx.refs(&[], &[peer]);
    Ok(types::messages::ChatFull {
        full_chat: full.into(),
        chats,
        users,
    }
    .into())
}

/// Whether `m` is in topic `t` (General holds the messages with no topic).
pub(crate) fn in_topic(m: &Message, t: &Topic) -> bool {
    if t.id == 1 {
        m.topic.is_none() && m.topic_created.is_none()
    } else {
        m.topic == Some(t.id) || m.id == t.id
    }
}

/// The newest message of a topic.
fn topic_top<'a>(history: &'a [Message], t: &Topic) -> Option<&'a Message> {
    history.iter().rev().find(|m| in_topic(m, t))
}

pub(crate) fn get_forum_topics(
    ctx: &mut Ctx,
    req: f::messages::GetForumTopics,
) -> Result<enums::messages::ForumTopics, RpcErr> {
    let peer = resolve::peer(ctx.acc, &req.peer)?;
    let chat = ctx
        .acc
        .chat_of(peer)
        .filter(|c| c.kind == ChatKind::Forum)
        .ok_or_else(|| RpcErr::bad("CHANNEL_FORUM_MISSING"))?;
    let history = ctx.acc.history(peer);
    let q = req.q.as_deref().unwrap_or("").to_lowercase();
    let mut topics: Vec<(&Topic, Option<&Message>)> = chat
        .topics
        .iter()
        .filter(|t| t.title.to_lowercase().contains(&q))
        .map(|t| (t, topic_top(history, t)))
        .collect();
    topics.sort_by_key(|(t, top)| std::cmp::Reverse(top.map_or(t.date, |m| m.date)));
    let total = topics.len() as i32;
    let start = match topics.iter().position(|(t, _)| t.id == req.offset_topic) {
        Some(i) if req.offset_topic != 0 => i + 1,
        _ => 0,
    };
    let page: Vec<&Topic> = topics
        .into_iter()
        .skip(start)
        .take(resolve::limit(req.limit, 100))
        .map(|(t, _)| t)
        .collect();
    Ok(forum_topics(ctx, peer, &page, total))
}

/// messages.getForumTopicsByID: the topics asked for that exist.
pub(crate) fn get_forum_topics_by_id(
    ctx: &mut Ctx,
    req: f::messages::GetForumTopicsById,
) -> Result<enums::messages::ForumTopics, RpcErr> {
    let peer = resolve::peer(ctx.acc, &req.peer)?;
    let chat = ctx
        .acc
        .chat_of(peer)
        .filter(|c| c.kind == ChatKind::Forum)
        .ok_or_else(|| RpcErr::bad("CHANNEL_FORUM_MISSING"))?;
    let page: Vec<&Topic> = req
        .topics
        .iter()
        .filter_map(|id| chat.topics.iter().find(|t| t.id == *id))
        .collect();
    Ok(forum_topics(ctx, peer, &page, page.len() as i32))
}

/// A topic as Telegram describes it, with what admins changed about it.
pub(crate) fn topic_tl(ctx: &Ctx, peer: Peer, t: &Topic) -> enums::ForumTopic {
    let d = ctx.acc.dialog(peer);
    let me = ctx.acc.me.username.as_deref();
    let top = topic_top(ctx.acc.history(peer), t);
    let state = ctx
        .acc
        .ext
        .groups
        .topics
        .get(&(peer, t.id))
        .copied()
        .unwrap_or_default();
    types::ForumTopic {
        my: t.creator == ctx.acc.me.id,
        closed: state.closed,
        pinned: state.pinned,
        short: false,
        hidden: state.hidden,
        title_missing: false,
        id: t.id,
        date: t.date,
        peer: convert::peer(peer),
        title: t.title.clone(),
        icon_color: t.icon_color,
        icon_emoji_id: None,
        top_message: top.map_or(t.id, |m| m.id),
        read_inbox_max_id: d.map_or(0, |d| d.read_inbox_max_id),
        read_outbox_max_id: d.map_or(0, |d| d.read_outbox_max_id),
        unread_count: d.map_or(0, |d| d.unread().filter(|m| in_topic(m, t)).count() as i32),
        unread_mentions_count: d.map_or(0, |d| {
            d.unread_mentions(me).filter(|m| in_topic(m, t)).count() as i32
        }),
        unread_reactions_count: 0,
        unread_poll_votes_count: 0,
        from_id: convert::peer(Peer::User(t.creator)),
        notify_settings: convert::notify_settings(),
        draft: None,
    }
    .into()
}

/// `messages.forumTopics` for `page`, with their newest messages and peers.
fn forum_topics(
    ctx: &Ctx,
    peer: Peer,
    page: &[&Topic],
    total: i32,
) -> enums::messages::ForumTopics {
    let history = ctx.acc.history(peer);
    let tl_topics = page.iter().map(|t| topic_tl(ctx, peer, t)).collect();
    let tops: Vec<&Message> = page.iter().filter_map(|t| topic_top(history, t)).collect();
    let creators: Vec<Peer> = page
        .iter()
        .map(|t| Peer::User(t.creator))
        .chain([peer])
        .collect();
    let (users, chats) = ctx.refs(&tops, &creators);
    let messages = tops.iter().map(|m| convert::message(m, ctx.acc)).collect();
    types::messages::ForumTopics {
        order_by_create_date: false,
        count: total,
        topics: tl_topics,
        messages,
        chats,
        users,
        pts: ctx.acc.dialog(peer).map_or(1, |d| d.pts),
    }
    .into()
}
