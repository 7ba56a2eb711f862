//! The smallest TL shapes every conversion needs (a peer, default notify
//! settings, an access hash), below convert.rs, the demo and their companions.

use grammers_tl_types::{enums, types};

use crate::account::Peer;

pub(crate) fn peer(p: Peer) -> enums::Peer {
    match p {
        Peer::User(user_id) => types::PeerUser { user_id }.into(),
        Peer::Chat(chat_id) => types::PeerChat { chat_id }.into(),
        Peer::Channel(channel_id) => types::PeerChannel { channel_id }.into(),
    }
}

pub(crate) fn notify_settings() -> enums::PeerNotifySettings {
    notify_until(None)
}

/// Notify settings muted until `until` (Unix seconds), or not muted.
pub(crate) fn notify_until(until: Option<i32>) -> enums::PeerNotifySettings {
    types::PeerNotifySettings {
        show_previews: None,
        silent: None,
        mute_until: until,
        ios_sound: None,
        android_sound: None,
        other_sound: None,
        stories_muted: None,
        stories_hide_sender: None,
        stories_ios_sound: None,
        stories_android_sound: None,
        stories_other_sound: None,
    }
    .into()
}

/// A deterministic access hash for a peer id.
pub fn access_hash(id: i64) -> i64 {
    (id as u64)
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .rotate_left(17) as i64
}
