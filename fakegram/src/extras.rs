//! What the write and media methods keep beside the history: media of
//! messages and the bytes behind them, uploads in progress, pins, the
//! account's reactions, drafts, polls, scheduled messages, notification
//! and folder settings, membership and invite links. Side tables keyed by
//! (peer, message id), so the message model stays as it is.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::account::{Account, Message, Peer};

/// Bytes kept per upload at most (uploads past it are refused).
pub const MAX_UPLOAD: usize = 64 * 1024 * 1024;

/// One stored size of a photo, or a document's file or thumbnail.
#[derive(Clone, Debug, PartialEq)]
pub struct Size {
    /// Telegram's size letter (`s`, `m`, `x`, …); empty for a document's file.
    pub kind: String,
    pub w: i32,
    pub h: i32,
    pub bytes: Vec<u8>,
}

/// A poll and its votes.
#[derive(Clone, Debug, PartialEq)]
pub struct Poll {
    pub id: i64,
    pub question: String,
    pub answers: Vec<String>,
    pub multiple: bool,
    pub quiz: bool,
    pub public: bool,
    pub correct: Vec<i32>,
    /// Votes per answer (other voters included).
    pub votes: Vec<i32>,
    /// The account's chosen answers.
    pub mine: Vec<usize>,
    /// Other voters and their answers (counted in `votes`; listed when public).
    pub voters: Vec<(i64, Vec<usize>)>,
    pub closed: bool,
}

/// Media attached to a message.
#[derive(Clone, Debug, PartialEq)]
pub enum Media {
    Photo {
        id: i64,
        access_hash: i64,
        sizes: Vec<Size>,
    },
    Document {
        id: i64,
        access_hash: i64,
        mime: String,
        name: String,
        file: Vec<u8>,
        thumbs: Vec<Size>,
        /// A voice note, with its duration in seconds.
        voice: Option<i32>,
    },
    Poll(Poll),
    /// Media with no file behind it (a place, a contact, a dice), as sent.
    Other(Box<grammers_tl_types::enums::MessageMedia>),
}

/// A draft of a chat.
#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    pub text: String,
    pub date: i32,
    pub reply_to: Option<i32>,
    pub no_webpage: bool,
}

/// The side tables (see the module docs).
#[derive(Clone, Debug, Default)]
pub struct Extras {
    /// The DC files are said to live in (the server's own).
    pub dc_id: i32,
    pub media: HashMap<(Peer, i32), Media>,
    /// Parts of uploads in progress, by file id.
    pub uploads: HashMap<i64, BTreeMap<i32, Vec<u8>>>,
    /// The account's reactions per message.
    pub reactions: HashMap<(Peer, i32), Vec<String>>,
    pub drafts: HashMap<Peer, Draft>,
    /// `mute_until` per chat (Unix seconds; `i32::MAX` is forever).
    pub muted: HashMap<Peer, i32>,
    pub archived: HashSet<Peer>,
    pub unread_mark: HashSet<Peer>,
    /// Groups and channels the account is not (or no longer) a member of.
    pub left: HashSet<Peer>,
    /// Invite hashes and the chats they open.
    pub invites: HashMap<String, Peer>,
    /// Read marks of forum topics: (peer, topic) → max read id.
    pub topic_read: HashMap<(Peer, i32), i32>,
    /// Scheduled messages (their own ids), oldest first.
    pub scheduled: Vec<Message>,
    /// Members, rights, invite links, join requests and the admin log.
    pub groups: crate::groups::Groups,
    pub next_id: i64,
    /// Other people's reactions per message.
    pub reactors: HashMap<(Peer, i32), Vec<Reactor>>,
    /// Inline keyboards of bot messages, row by row.
    pub keyboards: HashMap<(Peer, i32), Vec<Vec<Button>>>,
    /// Callback buttons pressed: (chat, message, data), oldest first.
    pub pressed: Vec<(Peer, i32, Vec<u8>)>,
    /// Chat folders (dialog filters), in order.
    pub folders: Vec<grammers_tl_types::types::DialogFilter>,
    /// Media uploaded with messages.uploadMedia, by id, until sent.
    pub stored: HashMap<i64, Media>,
    /// Album id of messages sent together.
    pub grouped: HashMap<(Peer, i32), i64>,
    /// Who read the account's messages in groups, and when: (user, date).
    pub read_by: HashMap<(Peer, i32), Vec<(i64, i32)>>,
    /// "Typing…" statuses set, oldest first: (chat, typing or cancelled).
    pub typing: Vec<(Peer, bool)>,
    /// Auto-delete timers per chat (seconds).
    pub ttl: HashMap<Peer, i32>,
    /// What service messages did (pins, joins, title changes…), by message.
    pub actions: HashMap<(Peer, i32), grammers_tl_types::enums::MessageAction>,
    /// Formatting of message texts (text links among them), by message.
    pub entities: HashMap<(Peer, i32), Vec<grammers_tl_types::enums::MessageEntity>>,
    /// The quoted part of the replied-to message, for replies that quote.
    pub quotes: HashMap<(Peer, i32), String>,
    /// Answers demo bots owe, delivered a moment later: (chat, sender, text).
    pub replies: Vec<(Peer, i64, String)>,
}

/// Someone's reaction to a message.
#[derive(Clone, Debug, PartialEq)]
pub struct Reactor {
    pub user: i64,
    pub emoji: String,
    pub date: i32,
}

/// A button of an inline keyboard.
#[derive(Clone, Debug, PartialEq)]
pub enum Button {
    /// Sends `data` to the bot, which answers with `answer` (an alert when `alert`).
    Callback {
        text: String,
        data: Vec<u8>,
        answer: String,
        alert: bool,
    },
    /// Opens a link.
    Url { text: String, url: String },
}

impl Extras {
    /// A fresh id for a photo, document or poll.
    pub fn new_id(&mut self) -> i64 {
        self.next_id += 1;
        5_000_000_000 + self.next_id
    }

    /// The file behind a location: (media id, size letter).
    pub fn file(&self, id: i64, kind: &str) -> Option<&[u8]> {
        self.media.values().find_map(|m| match m {
            Media::Photo { id: i, sizes, .. } if *i == id => sizes
                .iter()
                .find(|s| s.kind == kind)
                .map(|s| s.bytes.as_slice()),
            Media::Document {
                id: i,
                file,
                thumbs,
                ..
            } if *i == id => match kind {
                "" => Some(file.as_slice()),
                k => thumbs
                    .iter()
                    .find(|s| s.kind == k)
                    .map(|s| s.bytes.as_slice()),
            },
            _ => None,
        })
    }

    /// Drops what belonged to deleted messages.
    pub fn forget(&mut self, peer: Peer, ids: &[i32]) {
        for id in ids {
            self.media.remove(&(peer, *id));
            self.reactions.remove(&(peer, *id));
            self.reactors.remove(&(peer, *id));
            self.keyboards.remove(&(peer, *id));
            self.actions.remove(&(peer, *id));
            self.entities.remove(&(peer, *id));
            self.quotes.remove(&(peer, *id));
        }
    }
}

/// CRC-32 (IEEE), as PNG chunks need.
fn crc32(bytes: &[u8]) -> u32 {
    let mut c = 0xFFFF_FFFFu32;
    for b in bytes {
        c ^= u32::from(*b);
        for _ in 0..8 {
            c = if c & 1 != 0 {
                (c >> 1) ^ 0xEDB8_8320
            } else {
                c >> 1
            };
        }
    }
    !c
}

/// A `w`×`h` PNG with a diagonal gradient from `rgb`: real image bytes any
/// decoder opens, made without an image library.
pub fn png(w: u32, h: u32, rgb: [u8; 3]) -> Vec<u8> {
    use std::io::Write;
    let mut raw = Vec::new();
    for y in 0..h {
        raw.push(0); // filter: none
        for x in 0..w {
            let shade = ((x + y) * 255 / (w + h).max(1)) as u8;
            raw.extend_from_slice(&[rgb[0] ^ shade, rgb[1], rgb[2] ^ (shade / 2)]);
        }
    }
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    // Writing into a Vec cannot fail.
    let _ = z.write_all(&raw);
    let idat = z.finish().unwrap_or_default();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&w.to_be_bytes());
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]); // 8-bit RGB
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, data) in [(b"IHDR", ihdr), (b"IDAT", idat), (b"IEND", Vec::new())] {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let start = out.len();
        out.extend_from_slice(kind);
        out.extend_from_slice(&data);
        let crc = crc32(&out[start..]);
        out.extend_from_slice(&crc.to_be_bytes());
    }
    out
}

/// The demo's photo (Alice's trail map) in its two sizes.
pub fn demo_photo_sizes() -> Vec<Size> {
    vec![
        Size {
            kind: "s".into(),
            w: 8,
            h: 8,
            bytes: png(8, 8, [40, 120, 60]),
        },
        Size {
            kind: "x".into(),
            w: 64,
            h: 48,
            bytes: png(64, 48, [40, 120, 60]),
        },
    ]
}

/// The forum's photo (Bob's plugin screenshot) in its two sizes.
pub fn forum_photo_sizes() -> Vec<Size> {
    vec![
        Size {
            kind: "s".into(),
            w: 16,
            h: 9,
            bytes: png(16, 9, [30, 60, 140]),
        },
        Size {
            kind: "x".into(),
            w: 320,
            h: 180,
            bytes: png(320, 180, [30, 60, 140]),
        },
    ]
}

/// The demo's document (Bob's benchmark numbers).
pub const DEMO_CSV: &str =
    "benchmark,before_ms,after_ms\nget_history,4.1,2.7\nsend_message,3.3,3.1\n";

impl Account {
    /// Attaches the demo media to seeded messages (found by text, so ids
    /// and texts stay those of the plain demo).
    pub(crate) fn seed_media(&mut self) {
        let find = |acc: &Account, text: &str| {
            acc.dialogs
                .iter()
                .flat_map(|d| d.messages.iter())
                .find(|m| m.text == text)
                .map(|m| (m.peer, m.id))
        };
        if let Some(key) = find(self, "Great. I'll bring the map and some snacks") {
            let id = self.ext.new_id();
            let media = Media::Photo {
                id,
                access_hash: crate::tl_peer::access_hash(id),
                sizes: demo_photo_sizes(),
            };
            self.ext.media.insert(key, media);
        }
        if let Some(key) = find(self, "Thanks! The benchmark numbers are in the description") {
            let id = self.ext.new_id();
            let media = Media::Document {
                id,
                access_hash: crate::tl_peer::access_hash(id),
                mime: "text/csv".into(),
                name: "benchmarks.csv".into(),
                file: DEMO_CSV.as_bytes().to_vec(),
                thumbs: Vec::new(),
                voice: None,
            };
            self.ext.media.insert(key, media);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_png_is_well_formed() {
        let p = png(4, 3, [1, 2, 3]);
        assert!(p.starts_with(b"\x89PNG\r\n\x1a\n"));
        assert_eq!(&p[12..16], b"IHDR");
        assert_eq!(crc32(b"IEND"), 0xAE42_6082);
        assert!(p.ends_with(&[0xAE, 0x42, 0x60, 0x82]));
    }
}
