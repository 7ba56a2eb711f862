//! grammers' types into ours. Every name and text passes
//! [`crate::telegram::untrusted`] here, so no record leaves the backend with
//! hidden characters.

use grammers_client::message::Message as GMessage;
use grammers_client::peer::Peer;
use grammers_client::tl::enums;

use super::chat_info::{members_of, role_of};
use super::describe::{action_text, text_links};
use super::media::media_of;
use super::names::is_forum;
pub use super::names::{peer_id, Names};
use crate::telegram::peer::{from_bot_api, BareId};
use crate::telegram::records::{Forward, ReactionCount};
use crate::telegram::untrusted::{self, opt_name};
use crate::telegram::{Chat, ChatKind, Message, User};

/// `https://t.me/<username>` for a chat with a username (not Saved Messages).
pub fn chat_url(kind: ChatKind, username: Option<&str>) -> Option<String> {
    match (kind, username) {
        (ChatKind::Saved, _) | (_, None) => None,
        (_, Some(u)) => Some(format!("https://t.me/{u}")),
    }
}

/// A message's link: public groups and channels by username, private
/// supergroups and channels by `t.me/c/<bare id>`; none elsewhere.
pub fn message_url(chat_id: i64, username: Option<&str>, id: i32) -> Option<String> {
    match (from_bot_api(chat_id), username) {
        (BareId::Channel(_), Some(u)) => Some(format!("https://t.me/{u}/{id}")),
        (BareId::Channel(bare), None) => Some(format!("https://t.me/c/{bare}/{id}")),
        _ => None,
    }
}

/// A chat record for a peer, with its Bot-API id; `None` for peers without one.
pub fn chat_of(peer: &Peer, unread: u32) -> Option<Chat> {
    let id = peer.id().bot_api_dialog_id()?;
    let (kind, title) = match peer {
        Peer::User(u) if u.is_self() => (ChatKind::Saved, "Saved Messages".to_string()),
        Peer::User(u) if u.is_bot() => (ChatKind::Bot, u.full_name()),
        Peer::User(u) => (ChatKind::User, u.full_name()),
        Peer::Group(g) if g.is_megagroup() => (
            ChatKind::Supergroup,
            g.title().unwrap_or_default().to_string(),
        ),
        Peer::Group(g) => (ChatKind::Group, g.title().unwrap_or_default().to_string()),
        Peer::Channel(c) => (ChatKind::Channel, c.title().to_string()),
        Peer::Community(_) => (
            ChatKind::Supergroup,
            peer.name().unwrap_or_default().to_string(),
        ),
    };
    let username = peer.username().map(str::to_string);
    Some(Chat {
        id,
        kind,
        title: untrusted::name(&title),
        url: chat_url(kind, username.as_deref()),
        username,
        unread_count: unread,
        members_count: members_of(peer),
        is_forum: is_forum(peer),
        archived: false,
        pinned: false,
        muted_until: None,
        unread_mentions: 0,
        last_message_date: None,
        role: role_of(peer),
        about: None,
    })
}

/// A message record from a raw message; `None` for `messageEmpty`.
/// `me` is the account's id: Telegram leaves the sender of messages one
/// sends to oneself (and of outgoing private messages) implicit.
pub fn message_raw(raw: &enums::Message, names: &Names, me: Option<i64>) -> Option<Message> {
    let (id, peer, from, out, date) = match raw {
        enums::Message::Empty(_) => return None,
        enums::Message::Message(m) => (m.id, &m.peer_id, &m.from_id, m.out, m.date),
        enums::Message::Service(m) => (m.id, &m.peer_id, &m.from_id, m.out, m.date),
    };
    let chat_id = peer_id(peer);
    // Private chats leave the sender out: it is the other user, or us.
    let sender_id = match from {
        Some(p) => Some(peer_id(p)),
        None if chat_id > 0 && out => me,
        None if chat_id > 0 => Some(chat_id),
        None => None,
    }
    .filter(|id| *id != 0);
    let mut msg = Message {
        id,
        chat_id,
        date: i64::from(date),
        sender_id,
        sender_name: sender_id.and_then(|s| names.name(s)),
        text: String::new(),
        outgoing: out,
        reply_to: None,
        url: message_url(chat_id, names.username(chat_id), id),
        topic_id: None,
        edit_date: None,
        forward: None,
        media: None,
        reactions: Vec::new(),
        action: None,
        links: Vec::new(),
        quote: None,
    };
    match raw {
        enums::Message::Message(m) => {
            msg.text = untrusted::text(&m.message);
            if let Some(enums::MessageReplyHeader::Header(h)) = &m.reply_to {
                msg.reply_to = h.reply_to_msg_id;
                if h.forum_topic {
                    msg.topic_id = h.reply_to_top_id.or(h.reply_to_msg_id);
                }
                msg.quote = h
                    .quote_text
                    .as_deref()
                    .map(untrusted::text)
                    .filter(|q| !q.is_empty());
            }
            msg.links = text_links(m.entities.as_ref());
            msg.edit_date = m.edit_date.map(i64::from);
            msg.forward = m.fwd_from.as_ref().map(|f| forward(f, names));
            msg.media = m.media.as_ref().and_then(media_of);
            msg.reactions = m.reactions.as_ref().map(reactions).unwrap_or_default();
        }
        enums::Message::Service(m) => {
            let header = match &m.reply_to {
                Some(enums::MessageReplyHeader::Header(h)) => Some(h),
                _ => None,
            };
            // The service message that creates a topic is the topic's first message.
            if matches!(m.action, enums::MessageAction::TopicCreate(_)) {
                msg.topic_id = Some(id);
            } else if let Some(h) = header.filter(|h| h.forum_topic) {
                msg.topic_id = h.reply_to_top_id.or(h.reply_to_msg_id);
            }
            // A pin names the pinned message in its reply header.
            let pinned = header.and_then(|h| h.reply_to_msg_id);
            if matches!(m.action, enums::MessageAction::PinMessage) {
                msg.reply_to = pinned;
            }
            msg.action = action_text(&m.action, sender_id, pinned, names);
        }
        enums::Message::Empty(_) => {}
    }
    // In a forum, messages outside any topic are in General (id 1).
    if names.forum(chat_id) && msg.topic_id.is_none() {
        msg.topic_id = Some(1);
    }
    Some(msg)
}

fn forward(f: &enums::MessageFwdHeader, names: &Names) -> Forward {
    let enums::MessageFwdHeader::Header(h) = f;
    let from_id = h.from_id.as_ref().map(peer_id).filter(|id| *id != 0);
    Forward {
        from_id,
        from_name: opt_name(h.from_name.as_deref()).or_else(|| from_id.and_then(|i| names.name(i))),
        date: i64::from(h.date),
    }
}

fn reactions(r: &enums::MessageReactions) -> Vec<ReactionCount> {
    let enums::MessageReactions::Reactions(r) = r;
    r.results
        .iter()
        .filter_map(|c| {
            let enums::ReactionCount::Count(c) = c;
            let emoji = match &c.reaction {
                enums::Reaction::Emoji(e) => untrusted::name(&e.emoticon),
                enums::Reaction::CustomEmoji(e) => format!("custom:{}", e.document_id),
                enums::Reaction::Paid => "paid".into(),
                _ => return None,
            };
            Some(ReactionCount {
                emoji,
                count: u32::try_from(c.count).unwrap_or(0),
            })
        })
        .collect()
}

/// A message record from a grammers message (see [`message_raw`]).
pub fn message_of(m: &GMessage, me: Option<i64>) -> Message {
    let chat_id = m.peer_id().bot_api_dialog_id().unwrap_or_default();
    let mut names = Names::default();
    if let Some(p) = m.peer() {
        names.add_peer(chat_id, p);
    }
    if let (Some(id), Some(p)) = (
        m.sender_id().and_then(|s| s.bot_api_dialog_id()),
        m.sender(),
    ) {
        names.add_peer(id, p);
    }
    let mut msg = message_raw(&m.raw, &names, me).unwrap_or_else(|| Message {
        id: m.id(),
        chat_id,
        date: m.date().as_second(),
        sender_id: None,
        sender_name: None,
        text: String::new(),
        outgoing: m.outgoing(),
        reply_to: None,
        url: None,
        topic_id: None,
        edit_date: None,
        forward: None,
        media: None,
        reactions: Vec::new(),
        action: None,
        links: Vec::new(),
        quote: None,
    });
    // Messages from short updates carry no peer; grammers knows where it fetched them.
    if msg.chat_id == 0 {
        msg.chat_id = chat_id;
    }
    msg
}

/// Whether grammers handed back a placeholder for a missing message.
pub fn is_empty(m: &GMessage) -> bool {
    matches!(m.raw, enums::Message::Empty(_))
}

/// A user record.
pub fn user_of(u: &grammers_client::peer::User) -> User {
    User {
        id: u.id().bot_api_dialog_id().unwrap_or_default(),
        first_name: untrusted::name(u.first_name().unwrap_or_default()),
        last_name: opt_name(u.last_name()),
        username: u.username().map(str::to_string),
        phone: u.phone().map(str::to_string),
        is_bot: u.is_bot(),
    }
}
