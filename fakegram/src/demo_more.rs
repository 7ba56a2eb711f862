//! What the demo shows beyond its messages: a bot keyboard, other people's
//! reactions, read receipts, a public poll with votes, a scheduled reminder
//! and a folder.
//! Kept in side tables so the seeded ids, texts and dates stay as they were
//! (the account's poll is the one new message: the basic group's last, id 22).

use grammers_tl_types::types;

use crate::account::{Account, Message, Peer};
use crate::demo::{EPOCH, ME_ID};
use crate::extras::{Button, Media, Poll, Reactor};

const ALICE: i64 = 200_000_001;
const BOB: i64 = 200_000_002;
const CAROL: i64 = 200_000_003;
const BOT: i64 = 200_000_004;
const HIKERS: Peer = Peer::Chat(4_000_000_001);
const STUDY: Peer = Peer::Channel(1_600_000_002);

/// The demo's poll question (the message is found by it).
pub const DEMO_POLL: &str = "Where do we hike next weekend?";
/// The demo's scheduled reminder in Saved Messages.
pub const DEMO_REMINDER: &str = "Reminder: check in for the Lisbon flight";

fn id_of(acc: &Account, peer: Peer, text: &str) -> Option<i32> {
    acc.history(peer)
        .iter()
        .find(|m| m.text == text)
        .map(|m| m.id)
}

fn cb(text: &str, data: &str, answer: &str, alert: bool) -> Button {
    Button::Callback {
        text: text.into(),
        data: data.as_bytes().to_vec(),
        answer: answer.into(),
        alert,
    }
}

fn reactor(user: i64, emoji: &str, date: i32) -> Reactor {
    Reactor {
        user,
        emoji: emoji.into(),
        date,
    }
}

impl Account {
    /// Seeds the side tables (see the module docs).
    pub(crate) fn seed_more(&mut self) {
        let bot = Peer::User(BOT);
        if let Some(id) = id_of(self, bot, "Lisbon: 17°C, sunny, wind 12 km/h") {
            let rows = vec![
                vec![
                    cb(
                        "🔄 Refresh",
                        "refresh:lisbon",
                        "Lisbon: 18°C, sunny, wind 10 km/h",
                        false,
                    ),
                    cb(
                        "Tomorrow",
                        "tomorrow:lisbon",
                        "Tomorrow in Lisbon: 15°C, showers after noon",
                        true,
                    ),
                ],
                vec![Button::Url {
                    text: "Full forecast".into(),
                    url: "https://example.com/forecast/lisbon".into(),
                }],
            ];
            self.ext.keyboards.insert((bot, id), rows);
        }
        let pin = "Pin guarantees the value will not move, which self-referential futures need";
        if let Some(id) = id_of(self, STUDY, pin) {
            let r = vec![
                reactor(ALICE, "🔥", EPOCH + 10 * 3_600),
                reactor(BOB, "👍", EPOCH + 11 * 3_600),
            ];
            self.ext.reactors.insert((STUDY, id), r);
        }
        if let Some(id) = id_of(self, HIKERS, "Don't forget: the ridge loop is 14 km") {
            let r = vec![
                reactor(ALICE, "👍", EPOCH + 12 * 3_600),
                reactor(BOB, "👍", EPOCH + 12 * 3_600 + 60),
            ];
            self.ext.reactors.insert((HIKERS, id), r);
            // The account's own reaction lives in its own table.
            self.ext.reactions.insert((HIKERS, id), vec!["👍".into()]);
        }
        if let Some(id) = id_of(self, HIKERS, "I'm in too, see you at 8") {
            let seen = EPOCH + 9 * 3_600;
            let r = vec![(ALICE, seen), (BOB, seen + 300), (CAROL, seen + 900)];
            self.ext.read_by.insert((HIKERS, id), r);
        }
        self.seed_poll();
        self.ext.scheduled.push(Message::new(
            1_000_001,
            Peer::User(ME_ID),
            ME_ID,
            true,
            EPOCH + 60 * 86_400,
            DEMO_REMINDER,
        ));
        let alice = self.user(ALICE).map_or(0, |u| u.access_hash);
        self.ext.folders.push(types::DialogFilter {
            contacts: false,
            non_contacts: false,
            groups: false,
            broadcasts: false,
            bots: false,
            exclude_muted: false,
            exclude_read: false,
            exclude_archived: false,
            title_noanimate: false,
            id: 2,
            title: types::TextWithEntities {
                text: "Hiking".into(),
                entities: Vec::new(),
            }
            .into(),
            emoticon: Some("🥾".into()),
            color: None,
            pinned_peers: Vec::new(),
            include_peers: vec![
                types::InputPeerUser {
                    user_id: ALICE,
                    access_hash: alice,
                }
                .into(),
                types::InputPeerChat {
                    chat_id: 4_000_000_001,
                }
                .into(),
            ],
            exclude_peers: Vec::new(),
        });
    }

    /// The account's public poll in the basic group, after the last message
    /// there; Alice, Bob and the account have voted.
    fn seed_poll(&mut self) {
        let Some(last) = self.history(HIKERS).last().map(|m| m.date) else {
            return;
        };
        self.last_common_id += 1;
        let id = self.last_common_id;
        self.push(Message::new(id, HIKERS, ME_ID, true, last + 60, ""));
        let poll_id = self.ext.new_id();
        let poll = Poll {
            id: poll_id,
            question: DEMO_POLL.into(),
            answers: vec![
                "Ridge loop".into(),
                "Lake trail".into(),
                "Coastal path".into(),
            ],
            multiple: false,
            quiz: false,
            public: true,
            correct: Vec::new(),
            votes: vec![2, 0, 1],
            mine: vec![0],
            voters: vec![(ALICE, vec![0]), (BOB, vec![2])],
            closed: false,
        };
        self.ext.media.insert((HIKERS, id), Media::Poll(poll));
    }
}
