//! Who the peers of a response are: their Bot-API ids, and the names and
//! usernames a message record shows for its sender, forward and link. Below
//! convert.rs and the files it builds on.

use std::collections::HashMap;

use grammers_client::peer::Peer;
use grammers_client::tl::enums;

use crate::telegram::peer::{channel_to_bot_api, group_to_bot_api};
use crate::telegram::untrusted::opt_name;
use crate::telegram::User;

/// What a raw message needs from the peers of its response: names for
/// senders and forwards, usernames for links, which chats are forums.
#[derive(Default)]
pub struct Names {
    by_id: HashMap<i64, NameInfo>,
}

/// What a response says of one user or chat.
struct NameInfo {
    name: String,
    username: Option<String>,
    forum: bool,
}

impl Names {
    /// Names from a response's users and chats.
    pub fn from_raw(users: &[enums::User], chats: &[enums::Chat]) -> Self {
        let mut n = Names::default();
        for u in users {
            if let enums::User::User(u) = u {
                let full = match (&u.first_name, &u.last_name) {
                    (Some(f), Some(l)) => format!("{f} {l}"),
                    (Some(f), None) => f.clone(),
                    (None, Some(l)) => l.clone(),
                    (None, None) => String::new(),
                };
                n.insert(u.id, full, u.username.clone(), false);
            }
        }
        for c in chats {
            match c {
                enums::Chat::Chat(c) => {
                    n.insert(group_to_bot_api(c.id), c.title.clone(), None, false)
                }
                enums::Chat::Forbidden(c) => {
                    n.insert(group_to_bot_api(c.id), c.title.clone(), None, false)
                }
                enums::Chat::Channel(c) => n.insert(
                    channel_to_bot_api(c.id),
                    c.title.clone(),
                    c.username.clone(),
                    c.forum,
                ),
                enums::Chat::ChannelForbidden(c) => {
                    n.insert(channel_to_bot_api(c.id), c.title.clone(), None, false)
                }
                _ => {}
            }
        }
        n
    }

    /// Names of one grammers peer (what a grammers message knows).
    pub fn add_peer(&mut self, id: i64, p: &Peer) {
        let name = match p {
            Peer::User(u) => u.full_name(),
            other => other.name().unwrap_or_default().to_string(),
        };
        self.insert(id, name, p.username().map(str::to_string), is_forum(p));
    }

    /// Adds one user by its record (what a caller already knows).
    pub fn insert_user(&mut self, id: i64, u: &User) {
        let name = match &u.last_name {
            Some(l) => format!("{} {l}", u.first_name),
            None => u.first_name.clone(),
        };
        self.insert(id, name, u.username.clone(), false);
    }

    fn insert(&mut self, id: i64, name: String, username: Option<String>, forum: bool) {
        self.by_id.insert(
            id,
            NameInfo {
                name,
                username,
                forum,
            },
        );
    }

    /// The username of a user or chat the response named.
    pub fn username(&self, id: i64) -> Option<&str> {
        self.by_id.get(&id).and_then(|i| i.username.as_deref())
    }

    /// Whether a chat the response named is a forum.
    pub fn forum(&self, id: i64) -> bool {
        self.by_id.get(&id).is_some_and(|i| i.forum)
    }

    /// The display name of a user or chat the response named.
    pub fn name(&self, id: i64) -> Option<String> {
        self.by_id.get(&id).and_then(|i| opt_name(Some(&i.name)))
    }
}

/// The Bot-API id of a TL peer.
pub fn peer_id(p: &enums::Peer) -> i64 {
    match p {
        enums::Peer::User(u) => u.user_id,
        enums::Peer::Chat(c) => group_to_bot_api(c.chat_id),
        enums::Peer::Channel(c) => channel_to_bot_api(c.channel_id),
    }
}

/// Whether a grammers peer is a forum.
pub(super) fn is_forum(peer: &Peer) -> bool {
    match peer {
        Peer::Group(g) => matches!(&g.raw, enums::Chat::Channel(c) if c.forum),
        _ => false,
    }
}
