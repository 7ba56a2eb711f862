//! What the sticker, GIF, inline bot, transcription and story methods keep
//! beside the history: installed sticker sets, the GIF bot's GIFs, inline
//! queries answered, voice transcripts, round videos and stories. Seeded for
//! the demo in side tables, so the history's ids and texts stay as they were.

use std::collections::{HashMap, HashSet};

use grammers_tl_types::{enums, types};

use crate::account::{Account, Peer, User};
use crate::demo::{access_hash, EPOCH, ME_ID};
use crate::extras::Media;

/// The demo's GIF bot (what Telegram's config names as `gif_search_username`).
pub const GIF_BOT: i64 = 200_000_006;
/// The demo's inline-capable bot (Weather Bot).
pub const WEATHER_BOT: i64 = 200_000_004;
/// The demo's voice note: Alice's message with this text.
pub const DEMO_VOICE: &str = "Weather says light rain in the morning, bring a jacket";
/// What the demo's voice note says.
pub const DEMO_TRANSCRIPT: &str =
    "Hey! The forecast says light rain in the morning, so bring a jacket. See you at eight";

/// A query id Weather Bot answered and Telegram still holds (the demo's
/// send_inline_result works without asking first).
pub const DEMO_INLINE_QUERY: i64 = 5_550_000_001;

/// Weather Bot's inline answers: city and forecast.
const FORECASTS: &[(&str, &str)] = &[
    ("Lisbon", "17°C, sunny, wind 12 km/h"),
    ("Porto", "14°C, cloudy, wind 20 km/h"),
    ("Madrid", "21°C, clear skies"),
];

/// What Weather Bot answers to an inline query (lower case).
pub fn weather_answers(q: &str) -> Vec<InlineAnswer> {
    FORECASTS
        .iter()
        .filter(|(city, _)| city.to_lowercase().contains(q))
        .map(|(city, forecast)| InlineAnswer {
            id: format!("now-{}", city.to_lowercase()),
            kind: "article".into(),
            title: Some(format!("{city} now")),
            description: Some((*forecast).into()),
            text: format!("{city}: {forecast}"),
            doc: None,
        })
        .collect()
}

const ALICE: i64 = 200_000_001;
const BOB: i64 = 200_000_002;

/// A file Telegram has stored: a sticker or a GIF.
#[derive(Clone, Debug, PartialEq)]
pub struct Doc {
    pub id: i64,
    pub mime: String,
    pub attributes: Vec<enums::DocumentAttribute>,
    pub size: i64,
    /// Words a search matches (lower case).
    pub keywords: String,
}

impl Doc {
    /// The document as Telegram sends it.
    pub fn to_tl(&self) -> enums::Document {
        types::Document {
            id: self.id,
            access_hash: access_hash(self.id),
            file_reference: vec![7, 7],
            date: EPOCH,
            mime_type: self.mime.clone(),
            size: self.size,
            thumbs: None,
            video_thumbs: None,
            dc_id: 2,
            attributes: self.attributes.clone(),
        }
        .into()
    }

    /// The document as a message's media.
    pub fn media(&self) -> enums::MessageMedia {
        types::MessageMediaDocument {
            nopremium: false,
            spoiler: false,
            video: false,
            round: false,
            voice: false,
            document: Some(self.to_tl()),
            alt_documents: None,
            video_cover: None,
            video_timestamp: None,
            ttl_seconds: None,
        }
        .into()
    }

    /// The sticker's emoji (empty for GIFs).
    pub fn emoji(&self) -> &str {
        self.attributes
            .iter()
            .find_map(|a| match a {
                enums::DocumentAttribute::Sticker(s) => Some(s.alt.as_str()),
                enums::DocumentAttribute::CustomEmoji(s) => Some(s.alt.as_str()),
                _ => None,
            })
            .unwrap_or("")
    }
}

/// An installed sticker (or custom emoji) set.
#[derive(Clone, Debug, PartialEq)]
pub struct StickerSet {
    pub id: i64,
    pub short_name: String,
    pub title: String,
    /// Custom emoji.
    pub emoji: bool,
    pub stickers: Vec<Doc>,
}

/// One result an inline bot gave: text to send, or a document.
#[derive(Clone, Debug, PartialEq)]
pub struct InlineAnswer {
    pub id: String,
    pub kind: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub text: String,
    pub doc: Option<Doc>,
}

/// A story.
#[derive(Clone, Debug, PartialEq)]
pub struct Story {
    pub owner: Peer,
    pub id: i32,
    pub date: i32,
    pub expire_date: i32,
    pub caption: String,
    pub media: enums::MessageMedia,
    pub pinned: bool,
    /// Viewers: (user, date, reaction).
    pub views: Vec<(i64, i32, Option<String>)>,
    /// The account's reaction.
    pub my_reaction: Option<String>,
}

/// The side tables (see the module docs).
#[derive(Clone, Debug, Default)]
pub struct Social {
    pub sets: Vec<StickerSet>,
    /// What the GIF bot finds.
    pub gifs: Vec<Doc>,
    /// Inline queries answered: query id → (bot, results).
    pub queries: HashMap<i64, (i64, Vec<InlineAnswer>)>,
    /// What voice notes say, by (chat, message).
    pub transcripts: HashMap<(Peer, i32), String>,
    /// Document ids of round videos.
    pub round: HashSet<i64>,
    pub stories: Vec<Story>,
    /// The last id of the account's own stories (ids are never reused).
    pub last_own_story: i32,
}

impl Social {
    /// A stored sticker or GIF by id.
    pub fn doc(&self, id: i64) -> Option<&Doc> {
        self.sets
            .iter()
            .flat_map(|s| s.stickers.iter())
            .chain(self.gifs.iter())
            .find(|d| d.id == id)
    }
}

fn sticker(id: i64, emoji: &str, set: &str, keywords: &str, custom: bool) -> Doc {
    let stickerset: enums::InputStickerSet = types::InputStickerSetShortName {
        short_name: set.into(),
    }
    .into();
    let kind: enums::DocumentAttribute = if custom {
        types::DocumentAttributeCustomEmoji {
            free: true,
            text_color: false,
            alt: emoji.into(),
            stickerset,
        }
        .into()
    } else {
        types::DocumentAttributeSticker {
            mask: false,
            alt: emoji.into(),
            stickerset,
            mask_coords: None,
        }
        .into()
    };
    Doc {
        id,
        mime: "image/webp".into(),
        attributes: vec![
            types::DocumentAttributeImageSize { w: 512, h: 512 }.into(),
            kind,
        ],
        size: 18_000,
        keywords: keywords.into(),
    }
}

fn gif(id: i64, name: &str, keywords: &str) -> Doc {
    Doc {
        id,
        mime: "video/mp4".into(),
        attributes: vec![
            types::DocumentAttributeVideo {
                round_message: false,
                supports_streaming: true,
                nosound: true,
                duration: 2.5,
                w: 320,
                h: 240,
                preload_prefix_size: None,
                video_start_ts: None,
                video_codec: None,
            }
            .into(),
            types::DocumentAttributeFilename {
                file_name: name.into(),
            }
            .into(),
            types::DocumentAttributeAnimated {}.into(),
        ],
        size: 95_000,
        keywords: keywords.into(),
    }
}

fn photo(id: i64) -> enums::MessageMedia {
    crate::media::to_tl(&crate::account::Media::Photo {
        id,
        w: 1080,
        h: 1920,
        size: 210_000,
    })
}

/// A tiny Ogg stream (header pages only): enough for a voice note's bytes.
fn ogg() -> Vec<u8> {
    let mut b = b"OggS\x00\x02".to_vec();
    b.extend_from_slice(&(6 * 48_000i64).to_le_bytes());
    b.extend_from_slice(b"\x01\x00\x00\x00OpusHead\x01\x01");
    b
}

impl Account {
    /// Seeds stickers, GIFs, the GIF bot, the voice note and stories.
    pub(crate) fn seed_social(&mut self) {
        let mut gif_bot = User {
            id: GIF_BOT,
            access_hash: access_hash(GIF_BOT),
            first_name: "GIF Search".into(),
            last_name: None,
            username: Some("gif".into()),
            phone: None,
            bot: true,
            contact: false,
            blocked: false,
            about: None,
            bot_description: Some("Search GIFs inline: @gif <query>".into()),
            was_online: None,
        };
        gif_bot.bot = true;
        self.users.push(gif_bot);
        let hiking = "hiking_friends_demo";
        let trail = "trail_emoji_demo";
        self.social.sets = vec![
            StickerSet {
                id: 9_100_000_001,
                short_name: hiking.into(),
                title: "Hiking Friends".into(),
                emoji: false,
                stickers: vec![
                    sticker(9_200_000_001, "🥾", hiking, "boots hiking walk", false),
                    sticker(9_200_000_002, "⛰️", hiking, "mountain summit peak", false),
                    sticker(9_200_000_003, "🎒", hiking, "backpack packing trip", false),
                    sticker(9_200_000_004, "👍", hiking, "thumbs up ok yes", false),
                ],
            },
            StickerSet {
                id: 9_100_000_002,
                short_name: trail.into(),
                title: "Trail Emoji".into(),
                emoji: true,
                stickers: vec![
                    sticker(9_200_000_011, "🌲", trail, "tree forest", true),
                    sticker(9_200_000_012, "🔥", trail, "fire campfire", true),
                ],
            },
        ];
        self.social.gifs = vec![
            gif(9_300_000_001, "hiking.mp4", "hiking trail walk mountain"),
            gif(9_300_000_002, "thumbs-up.mp4", "thumbs up ok yes great"),
            gif(9_300_000_003, "cat-typing.mp4", "cat typing work busy"),
            gif(9_300_000_004, "rain.mp4", "rain weather umbrella"),
        ];
        let alice = Peer::User(ALICE);
        let voice = self
            .history(alice)
            .iter()
            .find(|m| m.text == DEMO_VOICE)
            .map(|m| m.id);
        if let Some(id) = voice {
            let doc = self.ext.new_id();
            self.ext.media.insert(
                (alice, id),
                Media::Document {
                    id: doc,
                    access_hash: access_hash(doc),
                    mime: "audio/ogg".into(),
                    name: "voice.ogg".into(),
                    file: ogg(),
                    thumbs: Vec::new(),
                    voice: Some(6),
                },
            );
            self.social
                .transcripts
                .insert((alice, id), DEMO_TRANSCRIPT.into());
        }
        // Seeded relative to the demo's newest message, like the rest of it.
        let now = self.newest_date();
        let story = |owner: i64, id: i32, ago: i32, caption: &str, photo_id: i64| Story {
            owner: Peer::User(owner),
            id,
            date: now - ago,
            expire_date: now - ago + 86_400,
            caption: caption.into(),
            media: photo(photo_id),
            pinned: false,
            views: Vec::new(),
            my_reaction: None,
        };
        let mut mine = story(
            ME_ID,
            1,
            1_800,
            "Packing for Saturday's hike",
            9_400_000_001,
        );
        mine.views = vec![
            (ALICE, now - 1_200, Some("❤️".into())),
            (BOB, now - 600, None),
        ];
        self.social.stories = vec![
            mine,
            story(ALICE, 1, 7_200, "Sunrise at the ridge", 9_400_000_002),
            story(ALICE, 2, 3_600, "Trail snacks are ready", 9_400_000_003),
            story(BOB, 1, 5_400, "New benchmark machine", 9_400_000_004),
        ];
        self.social.last_own_story = 1;
        self.social
            .queries
            .insert(DEMO_INLINE_QUERY, (WEATHER_BOT, weather_answers("")));
    }
}
