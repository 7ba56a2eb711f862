//! What a peer and a dialog say about a chat, for every chat record: member
//! count, the account's role, archive, pin, mute, mentions, the newest
//! message's date. `get_chat` completes a chat from its full record and its
//! dialog with these (chat_full.rs).

use grammers_client::peer::Peer;
use grammers_client::tl::{enums, types};

use super::names::peer_id;
use crate::telegram::{Chat, ChatRole};

/// How many members a group or channel has, as the peer carries it
/// (basic groups always; channels when Telegram sends it).
pub(super) fn members_of(peer: &Peer) -> Option<u32> {
    let count = match peer {
        Peer::Group(g) => match &g.raw {
            enums::Chat::Chat(c) => Some(c.participants_count),
            enums::Chat::Channel(c) => c.participants_count,
            _ => None,
        },
        Peer::Channel(c) => c.raw.participants_count,
        _ => None,
    };
    count.and_then(|n| u32::try_from(n).ok())
}

/// The account's role in a group or channel, as the peer says it; `None`
/// for private chats and chats the account left.
pub(super) fn role_of(peer: &Peer) -> Option<ChatRole> {
    let (creator, admin, left) = match peer {
        Peer::Group(g) => match &g.raw {
            enums::Chat::Chat(c) => (c.creator, c.admin_rights.is_some(), c.left),
            enums::Chat::Channel(c) => (c.creator, c.admin_rights.is_some(), c.left),
            _ => return None,
        },
        Peer::Channel(c) => (c.raw.creator, c.raw.admin_rights.is_some(), c.raw.left),
        _ => return None,
    };
    Some(match (creator, admin) {
        (true, _) => ChatRole::Creator,
        (false, true) => ChatRole::Admin,
        _ if left => return None,
        _ => ChatRole::Member,
    })
}

/// What the dialog list says about a chat: archive, pin, mute, mentions and
/// the newest message's date (`top_date`, from the response's messages).
pub(super) fn apply_dialog(chat: &mut Chat, d: &types::Dialog, top_date: Option<i32>) {
    chat.archived = d.folder_id == Some(1);
    chat.pinned = d.pinned;
    chat.unread_mentions = u32::try_from(d.unread_mentions_count).unwrap_or(0);
    let enums::PeerNotifySettings::Settings(n) = &d.notify_settings;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |t| t.as_secs() as i64);
    chat.muted_until = n.mute_until.map(i64::from).filter(|u| *u > now);
    chat.last_message_date = top_date.filter(|d| *d > 0).map(i64::from);
}

/// The date of the message `id` of `chat` among a response's messages.
pub(super) fn date_of(messages: &[enums::Message], chat: i64, id: i32) -> Option<i32> {
    messages.iter().find_map(|m| match m {
        enums::Message::Message(m) if m.id == id && peer_id(&m.peer_id) == chat => Some(m.date),
        enums::Message::Service(m) if m.id == id && peer_id(&m.peer_id) == chat => Some(m.date),
        _ => None,
    })
}
