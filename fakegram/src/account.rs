//! The in-memory Telegram account a server answers for: users, chats,
//! dialogs with their messages, and the counters real Telegram keeps
//! (message ids, pts). Pure data; the TL side lives in `convert`.
//! (Over 400 lines: the account model and its queries; the TL conversions
//! and handlers are elsewhere.)

use std::collections::HashSet;

pub use crate::clock::Clock;
use crate::extras::Extras;
use crate::flood::Flood;
use crate::journal::{Event, Journal};
pub use crate::media::Media;
use crate::settings::Settings;

/// A peer, with Telegram's bare ids.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Peer {
    User(i64),
    /// A basic group.
    Chat(i64),
    /// A supergroup, forum or broadcast channel.
    Channel(i64),
}

impl Peer {
    /// The Bot API style id (`-100…` for channels, `-…` for basic groups).
    pub fn bot_api_id(self) -> i64 {
        match self {
            Peer::User(id) => id,
            Peer::Chat(id) => -id,
            Peer::Channel(id) => -1_000_000_000_000 - id,
        }
    }

    /// The peer behind a Bot API style id.
    pub fn from_bot_api_id(id: i64) -> Option<Peer> {
        match id {
            1.. => Some(Peer::User(id)),
            -999_999_999_999..=-1 => Some(Peer::Chat(-id)),
            i64::MIN..=-1_000_000_000_001 => Some(Peer::Channel(-id - 1_000_000_000_000)),
            _ => None,
        }
    }
}

/// A user (the account itself included).
#[derive(Clone, Debug, PartialEq)]
pub struct User {
    pub id: i64,
    pub access_hash: i64,
    pub first_name: String,
    pub last_name: Option<String>,
    pub username: Option<String>,
    pub phone: Option<String>,
    pub bot: bool,
    /// In the account's contact list.
    pub contact: bool,
    /// Blocked by the account.
    pub blocked: bool,
    /// The bio (`userFull.about`).
    pub about: Option<String>,
    /// A bot's description (`botInfo.description`).
    pub bot_description: Option<String>,
    /// Last seen (unix seconds); `None` shows as "recently".
    pub was_online: Option<i32>,
}

impl User {
    /// "First Last", or the first name alone.
    pub fn full_name(&self) -> String {
        match &self.last_name {
            Some(l) => format!("{} {l}", self.first_name),
            None => self.first_name.clone(),
        }
    }
}

/// What kind of group or channel a [`Chat`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChatKind {
    /// A basic group (`chat`), no access hash needed.
    Group,
    /// A megagroup.
    Supergroup,
    /// A megagroup with forum topics.
    Forum,
    /// A broadcast channel.
    Channel,
}

/// A forum topic; its id is the id of the message that created it (1 = General).
#[derive(Clone, Debug, PartialEq)]
pub struct Topic {
    pub id: i32,
    pub title: String,
    pub date: i32,
    pub icon_color: i32,
    pub creator: i64,
}

/// A group or channel.
#[derive(Clone, Debug, PartialEq)]
pub struct Chat {
    pub id: i64,
    pub access_hash: i64,
    pub kind: ChatKind,
    pub title: String,
    pub username: Option<String>,
    pub about: String,
    pub members: i32,
    /// Whether the account may post (broadcast channels: only admins).
    pub writable: bool,
    pub date: i32,
    pub topics: Vec<Topic>,
}

impl Chat {
    pub fn peer(&self) -> Peer {
        match self.kind {
            ChatKind::Group => Peer::Chat(self.id),
            _ => Peer::Channel(self.id),
        }
    }
}

/// One message.
#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    pub id: i32,
    pub peer: Peer,
    /// The sending user.
    pub from: i64,
    pub out: bool,
    pub date: i32,
    pub text: String,
    pub reply_to: Option<i32>,
    /// The forum topic (its id) the message belongs to.
    pub topic: Option<i32>,
    pub edit_date: Option<i32>,
    /// Forwarded: (original sender, original date).
    pub fwd_from: Option<(i64, i32)>,
    /// `Some(title)`: the service message that created a forum topic.
    pub topic_created: Option<String>,
    /// Pinned in its chat.
    pub pinned: bool,
    /// A photo or file attached to the message.
    pub media: Option<Media>,
}

impl Message {
    /// A text message with no reply, topic, forward, pin or media.
    pub fn new(
        id: i32,
        peer: Peer,
        from: i64,
        out: bool,
        date: i32,
        text: impl Into<String>,
    ) -> Message {
        Message {
            id,
            peer,
            from,
            out,
            date,
            text: text.into(),
            reply_to: None,
            topic: None,
            edit_date: None,
            fwd_from: None,
            topic_created: None,
            pinned: false,
            media: None,
        }
    }

    /// Whether the message mentions the user `@username` (case-insensitive).
    pub fn mentions(&self, username: Option<&str>) -> bool {
        username.is_some_and(|u| {
            self.text
                .to_lowercase()
                .contains(&format!("@{}", u.to_lowercase()))
        })
    }
}

/// A conversation in the dialog list.
#[derive(Clone, Debug, PartialEq)]
pub struct Dialog {
    pub peer: Peer,
    /// Oldest first.
    pub messages: Vec<Message>,
    pub read_inbox_max_id: i32,
    pub read_outbox_max_id: i32,
    pub pinned: bool,
    /// Channel pts (channels only).
    pub pts: i32,
}

impl Dialog {
    pub fn top_message(&self) -> Option<&Message> {
        self.messages.last()
    }

    pub fn unread_count(&self) -> i32 {
        self.unread().count() as i32
    }

    /// Incoming messages after the read mark, oldest first.
    pub fn unread(&self) -> impl Iterator<Item = &Message> {
        self.messages
            .iter()
            .filter(|m| !m.out && m.id > self.read_inbox_max_id)
    }

    /// Unread messages that mention `@username`.
    pub fn unread_mentions<'a>(
        &'a self,
        username: Option<&'a str>,
    ) -> impl Iterator<Item = &'a Message> + 'a {
        self.unread().filter(move |m| m.mentions(username))
    }
}

/// The whole account.
#[derive(Clone, Debug)]
pub struct Account {
    pub me: User,
    /// Everyone else.
    pub users: Vec<User>,
    pub chats: Vec<Chat>,
    pub dialogs: Vec<Dialog>,
    /// pts of the common message box (private chats and basic groups).
    pub pts: i32,
    /// Last message id of the common message box.
    pub last_common_id: i32,
    /// Where dates come from: the wall clock unless a test pins it.
    pub clock: Clock,
    pub(crate) random_ids: HashSet<i64>,
    /// Recent changes of every box with their pts, for getDifference.
    pub journal: Journal,
    /// Telegram's organic limits: rates, slow mode (see `flood`).
    pub flood: Flood,
    /// Media, pins, reactions, drafts, settings and membership (see `extras`).
    pub ext: Extras,
    /// Sessions, privacy, profile photos and spam reports (see `settings`).
    pub settings: Settings,
    /// Boosts, fact-checks, Business, Stars (see `perks`).
    pub perks: crate::perks::Perks,
    /// Stickers, GIFs, inline bots, transcripts and stories (see `social`).
    pub social: crate::social::Social,
}

/// Parameters of a new message.
#[derive(Clone, Debug, Default)]
pub struct NewMessage {
    pub text: String,
    pub reply_to: Option<i32>,
    pub topic: Option<i32>,
    pub fwd_from: Option<(i64, i32)>,
}

impl Account {
    /// An account with no chats.
    pub fn new(me: User) -> Self {
        Account {
            me,
            users: Vec::new(),
            chats: Vec::new(),
            dialogs: Vec::new(),
            pts: 1,
            last_common_id: 0,
            clock: Clock::Wall,
            random_ids: HashSet::new(),
            journal: Journal::default(),
            flood: Flood::default(),
            ext: Extras {
                dc_id: 2,
                ..Extras::default()
            },
            settings: Settings::default(),
            perks: crate::perks::Perks::default(),
            social: crate::social::Social::default(),
        }
    }

    /// Any user, the account itself included.
    pub fn user(&self, id: i64) -> Option<&User> {
        if id == self.me.id {
            return Some(&self.me);
        }
        self.users.iter().find(|u| u.id == id)
    }

    pub fn chat(&self, id: i64) -> Option<&Chat> {
        self.chats.iter().find(|c| c.id == id)
    }

    /// The chat behind a group or channel peer.
    pub fn chat_of(&self, peer: Peer) -> Option<&Chat> {
        match peer {
            Peer::User(_) => None,
            Peer::Chat(id) | Peer::Channel(id) => self.chat(id).filter(|c| c.peer() == peer),
        }
    }

    pub fn dialog(&self, peer: Peer) -> Option<&Dialog> {
        self.dialogs.iter().find(|d| d.peer == peer)
    }

    pub fn dialog_mut(&mut self, peer: Peer) -> Option<&mut Dialog> {
        self.dialogs.iter_mut().find(|d| d.peer == peer)
    }

    /// Messages of a peer, oldest first (empty if there is no dialog).
    pub fn history(&self, peer: Peer) -> &[Message] {
        self.dialog(peer).map_or(&[], |d| &d.messages)
    }

    /// Whether a peer exists at all (a user, group or channel).
    pub fn exists(&self, peer: Peer) -> bool {
        match peer {
            Peer::User(id) => self.user(id).is_some(),
            _ => self.chat_of(peer).is_some(),
        }
    }

    /// Finds a user, group or channel by username (case-insensitive, no '@').
    pub fn by_username(&self, name: &str) -> Option<Peer> {
        let name = name.trim_start_matches('@');
        let eq = |u: &Option<String>| u.as_deref().is_some_and(|u| u.eq_ignore_ascii_case(name));
        if eq(&self.me.username) {
            return Some(Peer::User(self.me.id));
        }
        if let Some(u) = self.users.iter().find(|u| eq(&u.username)) {
            return Some(Peer::User(u.id));
        }
        self.chats.iter().find(|c| eq(&c.username)).map(Chat::peer)
    }

    /// Finds a user by phone number (digits only).
    pub fn by_phone(&self, phone: &str) -> Option<&User> {
        let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
        std::iter::once(&self.me)
            .chain(&self.users)
            .find(|u| u.phone.as_deref() == Some(digits.as_str()))
    }

    /// Stores a new message in `peer` from `from`, with the next id and date.
    /// Returns the message and the pts after it.
    pub fn post(&mut self, peer: Peer, from: i64, new: NewMessage) -> (Message, i32) {
        let date = self.date_in(peer);
        let id = match peer {
            Peer::Channel(_) => self.history(peer).last().map_or(1, |m| m.id + 1),
            _ => {
                self.last_common_id += 1;
                self.last_common_id
            }
        };
        let msg = Message {
            reply_to: new.reply_to,
            topic: new.topic,
            fwd_from: new.fwd_from,
            ..Message::new(id, peer, from, from == self.me.id, date, new.text)
        };
        let pts = self.push(msg.clone());
        self.note(peer, pts, 1, Event::New(msg.clone()));
        if from == self.me.id && !matches!(peer, Peer::User(_)) {
            // Slow mode counts from the account's last post in the chat.
            self.flood.last_post.insert(peer, date);
        }
        (msg, pts)
    }

    /// Appends a fully formed message (ids already assigned) and returns the new pts.
    pub(crate) fn push(&mut self, msg: Message) -> i32 {
        let peer = msg.peer;
        if self.dialog(peer).is_none() {
            self.dialogs.push(Dialog {
                peer,
                messages: Vec::new(),
                read_inbox_max_id: 0,
                read_outbox_max_id: 0,
                pinned: false,
                pts: 1,
            });
        }
        let me = self.me.id;
        let mut channel_pts = 0;
        if let Some(d) = self.dialog_mut(peer) {
            if msg.from == me {
                // Sending reads everything before it.
                d.read_inbox_max_id = d.read_inbox_max_id.max(msg.id);
            }
            if matches!(peer, Peer::User(id) if id == me) {
                d.read_outbox_max_id = msg.id;
            }
            d.messages.push(msg);
            d.pts += 1;
            channel_pts = d.pts;
        }
        match peer {
            Peer::Channel(_) => channel_pts,
            _ => {
                self.pts += 1;
                self.pts
            }
        }
    }

    /// Finds a message of the common box (private chats and basic groups) by id.
    pub fn common_message(&self, id: i32) -> Option<&Message> {
        self.dialogs
            .iter()
            .filter(|d| !matches!(d.peer, Peer::Channel(_)))
            .flat_map(|d| d.messages.iter())
            .find(|m| m.id == id)
    }

    /// Pins or unpins a message; false if there is no such message.
    pub fn set_pinned(&mut self, peer: Peer, id: i32, pinned: bool) -> bool {
        let found = self
            .dialog_mut(peer)
            .and_then(|d| d.messages.iter_mut().find(|m| m.id == id));
        match found {
            Some(m) => {
                m.pinned = pinned;
                true
            }
            None => false,
        }
    }

    /// Finds a message in `peer` by id.
    pub fn message(&self, peer: Peer, id: i32) -> Option<&Message> {
        self.history(peer).iter().find(|m| m.id == id)
    }

    /// Deletes messages by id in `peer` (or in the whole common box when
    /// `peer` is None); returns how many were deleted.
    pub fn delete(&mut self, peer: Option<Peer>, ids: &[i32]) -> usize {
        let mut n = 0;
        for d in self.dialogs.iter_mut() {
            let here = match peer {
                Some(p) => d.peer == p,
                None => !matches!(d.peer, Peer::Channel(_)),
            };
            if here {
                let before = d.messages.len();
                d.messages.retain(|m| !ids.contains(&m.id));
                n += before - d.messages.len();
                self.ext.forget(d.peer, ids);
            }
        }
        n
    }

    /// Records a send's random_id; false if it was seen before.
    pub fn remember_random_id(&mut self, random_id: i64) -> bool {
        self.random_ids.insert(random_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bot_api_ids_round_trip() {
        for p in [
            Peer::User(5),
            Peer::Chat(4_000_000_001),
            Peer::Channel(1_500_000_001),
        ] {
            assert_eq!(Peer::from_bot_api_id(p.bot_api_id()), Some(p));
        }
        assert_eq!(
            Peer::Channel(1_500_000_001).bot_api_id(),
            -1_001_500_000_001
        );
        assert_eq!(Peer::from_bot_api_id(0), None);
    }
}
