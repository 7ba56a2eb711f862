//! grammers' types into ours.

use grammers_client::message::Message as GMessage;
use grammers_client::peer::Peer;

use crate::telegram::{Chat, ChatKind, Message, User};

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
    Some(Chat {
        id,
        kind,
        title,
        username: peer.username().map(str::to_string),
        unread_count: unread,
        members_count: None,
    })
}

/// A message record. `me` is the account's id: Telegram leaves the sender of
/// messages one sends to oneself (and of outgoing private messages) implicit.
pub fn message_of(m: &GMessage, me: Option<i64>) -> Message {
    let sender_id = m
        .sender_id()
        .and_then(|p| p.bot_api_dialog_id())
        .or(if m.outgoing() { me } else { None });
    Message {
        id: m.id(),
        chat_id: m.peer_id().bot_api_dialog_id().unwrap_or_default(),
        date: m.date().as_second(),
        sender_id,
        sender_name: m.sender().and_then(|p| p.name().map(str::to_string)),
        text: m.text().to_string(),
        outgoing: m.outgoing(),
        reply_to: m.reply_to_message_id(),
    }
}

/// Whether grammers handed back a placeholder for a missing message.
pub fn is_empty(m: &GMessage) -> bool {
    matches!(m.raw, grammers_client::tl::enums::Message::Empty(_))
}

/// A user record.
pub fn user_of(u: &grammers_client::peer::User) -> User {
    User {
        id: u.id().bot_api_dialog_id().unwrap_or_default(),
        first_name: u.first_name().unwrap_or_default().to_string(),
        last_name: u.last_name().map(str::to_string),
        username: u.username().map(str::to_string),
        phone: u.phone().map(str::to_string),
        is_bot: u.is_bot(),
    }
}
