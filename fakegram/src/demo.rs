//! The demo account, seeded exactly like tgmcp's in-memory demo backend
//! (same users, chats, titles, usernames, texts and dates), plus a forum.
//!
//! Message ids follow Telegram's rules rather than the old per-chat
//! numbering: private chats and basic groups share one counter (assigned in
//! date order), each supergroup, forum and channel has its own.
//! (Over 400 lines: seed data, one entry per line.)

use crate::account::{Account, Chat, ChatKind, Message, Peer, Topic, User};

/// 2026-01-05 09:00:00 UTC: seeded messages are dated from here.
pub const EPOCH: i32 = 1_767_603_600;
/// The demo account's own user id.
pub const ME_ID: i64 = 100_000_001;

pub use crate::tl_peer::access_hash;

fn user(
    id: i64,
    first: &str,
    last: Option<&str>,
    username: Option<&str>,
    phone: Option<&str>,
) -> User {
    User {
        id,
        access_hash: access_hash(id),
        first_name: first.into(),
        last_name: last.map(Into::into),
        username: username.map(Into::into),
        phone: phone.map(Into::into),
        bot: false,
        contact: false,
        blocked: false,
        about: None,
        bot_description: None,
        was_online: None,
    }
}

fn chat(
    id: i64,
    kind: ChatKind,
    title: &str,
    username: Option<&str>,
    members: i32,
    writable: bool,
) -> Chat {
    Chat {
        id,
        access_hash: access_hash(id),
        kind,
        title: title.into(),
        username: username.map(Into::into),
        about: String::new(),
        members,
        writable,
        date: EPOCH - 86_400 * 30,
        topics: Vec::new(),
    }
}

/// A seeded line: sender, text, forum topic, reply, topic-creating service message.
struct Line {
    from: i64,
    text: &'static str,
    topic: Option<i32>,
    reply_to: Option<i32>,
    creates_topic: bool,
}

fn say(from: i64, text: &'static str) -> Line {
    Line {
        from,
        text,
        topic: None,
        reply_to: None,
        creates_topic: false,
    }
}

impl Account {
    /// The demo account: Saved Messages, Alice, Bob, a bot, a basic group, a
    /// supergroup, a read-only channel and a forum with topics.
    pub fn demo() -> Account {
        const ALICE: i64 = 200_000_001;
        const BOB: i64 = 200_000_002;
        const CAROL: i64 = 200_000_003;
        const BOT: i64 = 200_000_004;
        const SPAM: i64 = 200_000_005;
        const ME: i64 = ME_ID;
        let mut me = user(
            ME,
            "Demo",
            Some("User"),
            Some("tgmcp_demo"),
            Some("15550000001"),
        );
        me.contact = false;
        let mut alice = user(
            ALICE,
            "Alice",
            Some("Smith"),
            Some("alice_demo"),
            Some("15550000002"),
        );
        alice.contact = true;
        let mut bob = user(BOB, "Bob", None, Some("bob_demo"), Some("15550000003"));
        bob.contact = true;
        alice.about = Some("Hiking, maps and quarterly reports".into());
        alice.was_online = Some(EPOCH + 8 * 3_600);
        let carol = user(CAROL, "Carol", Some("Jones"), None, None);
        let mut bot = user(BOT, "Weather Bot", None, Some("weather_demo_bot"), None);
        bot.bot = true;
        bot.bot_description = Some("Forecasts for any city: /forecast <city>".into());
        // Blocked, never wrote: what list_blocked shows.
        let mut spam = user(
            SPAM,
            "Prize",
            Some("Notifier"),
            Some("prize_demo_spam"),
            None,
        );
        spam.blocked = true;
        // Answers every message a second later (see `demo_bots`).
        let mut echo = user(
            crate::demo_bots::ECHO_BOT,
            "Echo Bot",
            None,
            Some(crate::demo_bots::ECHO_BOT_USERNAME),
            None,
        );
        echo.bot = true;
        echo.bot_description = Some("Answers every message with what it said".into());

        let mut acc = Account::new(me);
        acc.users = vec![alice, bob, carol, bot, spam, echo];
        let mut forum = chat(
            1_700_000_003,
            ChatKind::Forum,
            "tgmcp Community",
            Some("tgmcp_community_demo"),
            512,
            true,
        );
        forum.about = "Questions, plugins and news about tgmcp, by topic".into();
        acc.chats = vec![
            chat(
                4_000_000_001,
                ChatKind::Group,
                "Weekend Hikers",
                None,
                4,
                true,
            ),
            chat(
                1_600_000_002,
                ChatKind::Supergroup,
                "Rust Study Group",
                Some("rust_study_demo"),
                128,
                true,
            ),
            chat(
                1_500_000_001,
                ChatKind::Channel,
                "tgmcp News",
                Some("tgmcp_news"),
                2048,
                false,
            ),
            forum,
        ];

        let topic = |from, text, topic, reply_to| Line {
            from,
            text,
            topic: Some(topic),
            reply_to,
            creates_topic: false,
        };
        let creates = |from, title| Line {
            from,
            text: title,
            topic: None,
            reply_to: None,
            creates_topic: true,
        };
        let scripts: Vec<(Peer, Vec<Line>)> = vec![
            (Peer::User(ME), vec![
                say(ME, "Shopping list: oat milk, coffee beans, batteries"),
                say(ME, "Idea: use tgmcp to summarise the Rust study group every Friday"),
                say(ME, "Flight to Lisbon: TP 1351, 14 March, gate closes 09:40"),
                say(ME, "Wi-Fi at the cabin: hikers-2026"),
            ]),
            (Peer::User(ALICE), vec![
                say(ALICE, "Hi! Are we still on for the hike on Saturday?"),
                say(ME, "Yes! Meeting at the trailhead at 8:00"),
                say(ALICE, "Great. I'll bring the map and some snacks"),
                say(ALICE, "Weather says light rain in the morning, bring a jacket"),
                say(ME, "Noted. Can you share the route link?"),
                say(ALICE, "Here it is: https://example.com/routes/ridge-loop"),
                say(ALICE, "Also, did you finish the quarterly report?"),
            ]),
            (Peer::User(BOB), vec![
                say(BOB, "Can you review my pull request when you have a minute?"),
                say(ME, "Sure, sending comments this afternoon"),
                say(BOB, "Thanks! The benchmark numbers are in the description"),
            ]),
            (Peer::User(BOT), vec![
                say(ME, "/forecast Lisbon"),
                say(BOT, "Lisbon: 17°C, sunny, wind 12 km/h"),
            ]),
            (Peer::Chat(4_000_000_001), vec![
                say(CAROL, "Who's driving on Saturday?"),
                say(ALICE, "I can take three people"),
                say(BOB, "Count me in, I'll bring the thermos"),
                say(ME, "I'm in too, see you at 8"),
                say(CAROL, "Don't forget: the ridge loop is 14 km"),
            ]),
            (Peer::Channel(1_600_000_002), vec![
                say(BOB, "This week: async traits and the Send bound"),
                say(ALICE, "Can someone explain Pin once more?"),
                Line { reply_to: Some(2), ..say(ME, "Pin guarantees the value will not move, which self-referential futures need") },
                say(CAROL, "Next session: WebAssembly components with wasmtime"),
                say(BOB, "Slides are up: https://example.com/slides/wasm-components"),
                say(ALICE, "The quarterly meetup is on the 20th"),
            ]),
            (Peer::Channel(1_500_000_001), vec![
                say(CAROL, "tgmcp 0.1 is out: Telegram tools for ChatGPT as WebAssembly plugins"),
                say(CAROL, "Tip: connect ChatGPT with a URL ending in /sse"),
                say(CAROL, "Plugins now hot-reload: drop a .wasm into the plugins directory"),
                say(CAROL, "Security note: never share your session string"),
            ]),
            (Peer::Channel(1_700_000_003), vec![
                say(ALICE, "Welcome to the tgmcp community! Pick a topic for your question"),
                creates(BOB, "Plugins"),
                topic(BOB, "Share your WebAssembly plugins here", 2, None),
                creates(CAROL, "Help"),
                topic(CAROL, "How do I make a session string? Run tgmcp login", 4, None),
                topic(ME, "I wrote a plugin that summarises unread chats", 2, Some(3)),
                // A photo with no caption, then a mention: both unread.
                topic(BOB, "", 2, None),
                topic(BOB, "@tgmcp_demo nice! Is the source on GitHub?", 2, Some(6)),
            ]),
        ];

        // Dates: chats interleave, an hour and a bit apart (as the old demo);
        // the forum (not in the old demo) is two days older, so it lists last.
        let mut all: Vec<(i32, Peer, Line)> = Vec::new();
        for (i, (peer, lines)) in scripts.into_iter().enumerate() {
            let base = if i == 7 {
                EPOCH - 2 * 86_400
            } else {
                EPOCH + (i as i32) * 600
            };
            for (j, line) in lines.into_iter().enumerate() {
                all.push((base + (j as i32) * 3_600, peer, line));
            }
        }
        all.sort_by_key(|(date, _, _)| *date);
        for (date, peer, line) in all {
            let id = match peer {
                Peer::Channel(_) => acc.history(peer).last().map_or(1, |m| m.id + 1),
                _ => {
                    acc.last_common_id += 1;
                    acc.last_common_id
                }
            };
            if line.creates_topic {
                if let Some(c) = acc.chats.iter_mut().find(|c| c.peer() == peer) {
                    c.topics.push(Topic {
                        id,
                        title: line.text.into(),
                        date,
                        icon_color: 0x6FB9F0,
                        creator: line.from,
                    });
                }
            }
            acc.push(Message {
                id,
                peer,
                from: line.from,
                out: line.from == ME,
                date,
                text: if line.creates_topic {
                    String::new()
                } else {
                    line.text.into()
                },
                reply_to: line.reply_to.or(line.topic),
                topic: line.topic,
                edit_date: None,
                fwd_from: None,
                topic_created: line.creates_topic.then(|| line.text.to_string()),
                pinned: false,
                media: None,
            });
        }
        // Bob's uncaptioned photo in the forum, with bytes behind it (so it
        // downloads like every other demo photo).
        let forum = Peer::Channel(1_700_000_003);
        if let Some(id) = acc.history(forum).get(6).map(|m| m.id) {
            let photo = crate::extras::Media::Photo {
                id: 7_000_000_001,
                access_hash: access_hash(7_000_000_001),
                sizes: crate::extras::forum_photo_sizes(),
            };
            acc.ext.media.insert((forum, id), photo);
        }
        // Pinned: the Rust group's agenda and the channel's release post.
        for peer in [Peer::Channel(1_600_000_002), Peer::Channel(1_500_000_001)] {
            if let Some(m) = acc.dialog_mut(peer).and_then(|d| d.messages.first_mut()) {
                m.pinned = true;
            }
        }
        if let Some(c) = acc.chats.iter_mut().find(|c| c.kind == ChatKind::Forum) {
            c.topics.insert(
                0,
                Topic {
                    id: 1,
                    title: "General".into(),
                    date: c.date,
                    icon_color: 0,
                    creator: ALICE,
                },
            );
        }
        acc.seed_joinable();
        acc.seed_media();
        acc.seed_groups();
        // Seeded tables date from the newest seeded message, not from today.
        let newest = acc.newest_date();
        acc.settings = crate::settings::Settings::demo(ME, newest);
        acc.seed_more();
        acc.perks = crate::perks::Perks::demo(newest);
        acc.seed_social();
        // Read up to our own last message: what follows it is unread (as the old demo).
        for d in acc.dialogs.iter_mut() {
            let last_out = d
                .messages
                .iter()
                .filter(|m| m.out)
                .map(|m| m.id)
                .max()
                .unwrap_or(0);
            d.read_inbox_max_id = last_out;
            d.read_outbox_max_id = last_out;
        }
        acc.seed_records();
        acc
    }
}

/// Invite hash of the demo's private group ("Hiking Photos").
pub const DEMO_INVITE: &str = "HikePhotos2026";

impl Account {
    /// Chats the account is not in: a public channel to join by username
    /// and a private supergroup to join by invite link. Their messages are
    /// kept (a public channel can be read before joining) but they are left
    /// out of the dialog list until joined.
    fn seed_joinable(&mut self) {
        let releases = chat(
            1_500_000_005,
            ChatKind::Channel,
            "Rust Releases",
            Some("rust_releases_demo"),
            9000,
            false,
        );
        let photos = chat(
            1_600_000_006,
            ChatKind::Supergroup,
            "Hiking Photos",
            None,
            12,
            true,
        );
        let lines = [
            (
                releases.peer(),
                200_000_003,
                "Rust 1.90 is out: faster builds and new lints",
            ),
            (photos.peer(), 200_000_001, "Post your trail photos here"),
        ];
        self.ext.invites.insert(DEMO_INVITE.into(), photos.peer());
        self.ext.left.insert(releases.peer());
        self.ext.left.insert(photos.peer());
        self.chats.push(releases);
        self.chats.push(photos);
        for (i, (peer, from, text)) in lines.into_iter().enumerate() {
            self.push(Message::new(
                1,
                peer,
                from,
                false,
                EPOCH - 5 * 86_400 + i as i32,
                text,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_matches_the_old_in_memory_one() {
        let a = Account::demo();
        assert_eq!(a.me.full_name(), "Demo User");
        let alice = a.history(Peer::User(200_000_001));
        assert_eq!(alice.len(), 7);
        assert_eq!(alice[6].text, "Also, did you finish the quarterly report?");
        assert_eq!(alice[0].date, EPOCH + 600);
        assert_eq!(
            a.dialog(Peer::User(200_000_001)).map(|d| d.unread_count()),
            Some(2)
        );
        assert_eq!(
            a.dialog(Peer::Channel(1_500_000_001))
                .map(|d| d.unread_count()),
            Some(4)
        );
        assert_eq!(
            a.dialog(Peer::User(ME_ID)).map(|d| d.unread_count()),
            Some(0)
        );
        assert!(!a.chat(1_500_000_001).is_some_and(|c| c.writable));
        // Private chats and basic groups share increasing ids, in date order.
        let mut ids: Vec<i32> = a
            .dialogs
            .iter()
            .filter(|d| !matches!(d.peer, Peer::Channel(_)))
            .flat_map(|d| d.messages.iter().map(|m| m.id))
            .collect();
        ids.sort();
        // 22: the poll (demo_more.rs); 23-28: Saved Messages' pin, place,
        // contact, dice, text link and quote (demo_records.rs).
        assert_eq!(ids, (1..=28).collect::<Vec<_>>());
        let forum = a.chat(1_700_000_003).map(|c| c.topics.len());
        assert_eq!(forum, Some(3));
    }
}
