//! What the extras and Stars methods keep: boosts, fact-checks, quick
//! replies, voice chats, the default reaction, the Business profile and
//! links, link previews, and the Stars balance with its history, the gift
//! catalogue and paid reactions. Seeded for the demo by [`Perks::demo`].

use std::collections::{BTreeMap, HashMap};

use crate::account::Peer;

/// A channel's boosts.
#[derive(Clone, Debug, PartialEq)]
pub struct BoostState {
    pub level: i32,
    pub boosts: i32,
    pub my_boost: bool,
}

/// A Business quick reply.
#[derive(Clone, Debug, PartialEq)]
pub struct QuickReplyState {
    pub id: i32,
    pub shortcut: String,
    pub messages: Vec<String>,
}

/// A voice chat going on in a chat.
#[derive(Clone, Debug, PartialEq)]
pub struct CallState {
    pub id: i64,
    pub access_hash: i64,
    pub title: Option<String>,
    /// (user id, muted, joined at).
    pub participants: Vec<(i64, bool, i32)>,
}

/// The Business profile.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Business {
    /// Time zone and open intervals (minutes from Monday 00:00).
    pub hours: Option<(String, Vec<(i32, i32)>)>,
    pub address: Option<String>,
    pub intro: Option<(String, String)>,
    /// Quick reply id and days without contact.
    pub greeting: Option<(i32, i32)>,
    /// Quick reply id, outside work hours only, offline only.
    pub away: Option<(i32, bool, bool)>,
}

/// A Business chat link.
#[derive(Clone, Debug, PartialEq)]
pub struct LinkState {
    pub slug: String,
    pub message: String,
    pub title: Option<String>,
    pub views: i32,
}

/// A page Telegram has a preview of.
#[derive(Clone, Debug, PartialEq)]
pub struct PageState {
    pub url: String,
    pub site: String,
    pub title: String,
    pub description: String,
}

/// A movement of Stars.
#[derive(Clone, Debug, PartialEq)]
pub struct StarsTx {
    pub id: String,
    pub amount: i64,
    pub date: i32,
    pub peer: Option<Peer>,
    pub title: Option<String>,
    pub reaction: bool,
    pub msg_id: Option<i32>,
}

/// A paid subscription.
#[derive(Clone, Debug, PartialEq)]
pub struct StarsSub {
    pub id: String,
    pub peer: Peer,
    pub until: i32,
    pub period: i32,
    pub amount: i64,
    pub title: Option<String>,
}

/// A gift of the catalogue.
#[derive(Clone, Debug, PartialEq)]
pub struct GiftState {
    pub id: i64,
    pub stars: i64,
    pub title: Option<String>,
    /// (remains, total) for limited gifts.
    pub limited: Option<(i32, i32)>,
}

/// The extras and Stars tables (see the module docs).
#[derive(Clone, Debug, Default)]
pub struct Perks {
    pub boosts: HashMap<i64, BoostState>,
    pub fact_checks: BTreeMap<(i64, i32), String>,
    /// Accounts Telegram made fact-checkers may set fact-checks.
    pub fact_checker: bool,
    pub quick_replies: Vec<QuickReplyState>,
    /// By chat id (bare).
    pub calls: HashMap<i64, CallState>,
    pub default_reaction: String,
    pub business: Business,
    pub links: Vec<LinkState>,
    pub pages: Vec<PageState>,
    pub stars: i64,
    /// Oldest first.
    pub transactions: Vec<StarsTx>,
    pub subscriptions: Vec<StarsSub>,
    pub gifts: Vec<GiftState>,
    /// Stars spent on paid reactions, by (peer, message).
    pub paid_reactions: HashMap<(Peer, i32), i64>,
}

/// Boosts each level needs, from level 0 up (Telegram's curve, shortened).
pub const LEVELS: &[i32] = &[0, 1, 3, 7, 15, 30, 60, 100];

/// The demo's public channel, supergroup and their people (see `demo.rs`).
const NEWS: i64 = 1_500_000_001;
const STUDY: i64 = 1_600_000_002;
const ALICE: i64 = 200_000_001;
const BOB: i64 = 200_000_002;
const CAROL: i64 = 200_000_003;

impl Perks {
    /// The demo's tables; `clock` is the newest message's date.
    pub fn demo(clock: i32) -> Self {
        let mut p = Perks {
            fact_checker: true,
            default_reaction: "👍".into(),
            stars: 250,
            ..Perks::default()
        };
        p.boosts.insert(
            NEWS,
            BoostState {
                level: 2,
                boosts: 5,
                my_boost: false,
            },
        );
        p.fact_checks.insert(
            (NEWS, 4),
            "Telegram support never asks for login codes or session strings.".into(),
        );
        p.quick_replies = vec![
            QuickReplyState {
                id: 1,
                shortcut: "hello".into(),
                messages: vec!["Hi! Thanks for writing, I will answer shortly.".into()],
            },
            QuickReplyState {
                id: 2,
                shortcut: "away".into(),
                messages: vec!["I am away until Monday.".into()],
            },
        ];
        p.calls.insert(
            STUDY,
            CallState {
                id: 7_000_000_001,
                access_hash: 7_100_000_001,
                title: Some("Weekly Rust call".into()),
                participants: vec![(ALICE, false, clock - 600), (BOB, true, clock - 300)],
            },
        );
        p.links.push(LinkState {
            slug: "demoLink1".into(),
            message: "Hello, I would like to ask about tgmcp".into(),
            title: Some("Website contact".into()),
            views: 12,
        });
        p.pages.push(PageState {
            url: "https://example.com/slides/wasm-components".into(),
            site: "Example".into(),
            title: "WebAssembly components with wasmtime".into(),
            description: "Slides of the Rust Study Group session".into(),
        });
        p.transactions = vec![
            StarsTx {
                id: "demo-topup-1".into(),
                amount: 300,
                date: clock - 7 * 86_400,
                peer: None,
                title: Some("Stars purchase".into()),
                reaction: false,
                msg_id: None,
            },
            StarsTx {
                id: "demo-reaction-1".into(),
                amount: -50,
                date: clock - 86_400,
                peer: Some(Peer::Channel(NEWS)),
                title: None,
                reaction: true,
                msg_id: Some(1),
            },
        ];
        p.subscriptions.push(StarsSub {
            id: "demo-sub-1".into(),
            peer: Peer::User(CAROL),
            until: clock + 20 * 86_400,
            period: 30 * 86_400,
            amount: 25,
            title: Some("Carol's premium notes".into()),
        });
        p.paid_reactions.insert((Peer::Channel(NEWS), 1), 50);
        p.gifts = vec![
            GiftState {
                id: 5_000_001,
                stars: 15,
                title: Some("Heart".into()),
                limited: None,
            },
            GiftState {
                id: 5_000_002,
                stars: 50,
                title: Some("Rocket".into()),
                limited: None,
            },
            GiftState {
                id: 5_000_003,
                stars: 500,
                title: Some("Golden Crab".into()),
                limited: Some((42, 1000)),
            },
        ];
        p
    }
}
