//! Stickers, GIFs, round videos and voice transcription: finding stickers
//! and GIFs (reads) and sending them by the reference the search returned
//! (posts). Implemented by the grammers backend (`grammers/stickers.rs`);
//! the policy applies through `policy::Guard` (`policy/guard/stickers.rs`).

use async_trait::async_trait;
use serde::Serialize;

use super::media::Upload;
use super::{Message, SendOptions, TelegramError};

/// An installed sticker set.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StickerSet {
    pub id: i64,
    /// What `search_stickers` takes to list the set's stickers.
    pub short_name: String,
    pub title: String,
    pub count: u32,
    /// Custom emoji rather than stickers.
    pub emoji: bool,
    pub archived: bool,
}

/// A sticker or GIF with the reference that sends it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sticker {
    /// See [`FileRef`].
    pub file_ref: String,
    /// The emoji a sticker stands for (empty for GIFs).
    pub emoji: String,
    pub set_name: Option<String>,
    pub title: Option<String>,
    pub mime: String,
    pub width: Option<u32>,
    pub height: Option<u32>,
}

/// A voice note or round video as text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Transcription {
    pub text: String,
    /// Telegram is still at it: ask again for the rest.
    pub pending: bool,
}

/// A Telegram document as a string tools pass around:
/// `doc:<id>:<access hash>:<file reference, hex>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRef {
    pub id: i64,
    pub access_hash: i64,
    pub file_reference: Vec<u8>,
}

impl FileRef {
    /// The string form.
    pub fn encode(&self) -> String {
        let hex: String = self
            .file_reference
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        format!("doc:{}:{}:{hex}", self.id, self.access_hash)
    }

    /// Parses the string form; a clear error for anything else.
    pub fn parse(s: &str) -> Result<FileRef, TelegramError> {
        let bad = || {
            TelegramError::InvalidArgs(format!(
                "\"{s}\" is not a sticker or GIF reference: use a file_ref from \
                 search_stickers or search_gifs"
            ))
        };
        let mut it = s.trim().split(':');
        if it.next() != Some("doc") {
            return Err(bad());
        }
        let id = it.next().and_then(|x| x.parse().ok()).ok_or_else(bad)?;
        let access_hash = it.next().and_then(|x| x.parse().ok()).ok_or_else(bad)?;
        let hex = it.next().ok_or_else(bad)?;
        if it.next().is_some() || hex.len() % 2 != 0 || hex.len() > 512 {
            return Err(bad());
        }
        let file_reference = (0..hex.len())
            .step_by(2)
            .map(|i| {
                hex.get(i..i + 2)
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
            })
            .collect::<Option<Vec<u8>>>()
            .ok_or_else(bad)?;
        Ok(FileRef {
            id,
            access_hash,
            file_reference,
        })
    }
}

/// Stickers, GIFs, round videos, transcription.
#[async_trait]
pub trait StickersExt: Send + Sync {
    /// Installed sticker sets (custom emoji sets with `emoji`), at most `limit`.
    async fn sticker_sets(&self, emoji: bool, limit: u32)
        -> Result<Vec<StickerSet>, TelegramError>;

    /// The stickers of the set named `query`, or else stickers matching it.
    async fn search_stickers(&self, query: &str, limit: u32)
        -> Result<Vec<Sticker>, TelegramError>;

    /// GIFs matching `query`.
    async fn search_gifs(&self, query: &str, limit: u32) -> Result<Vec<Sticker>, TelegramError>;

    /// Speech to text of voice note or round video `id`.
    async fn transcribe(&self, chat: &str, id: i32) -> Result<Transcription, TelegramError>;

    /// Sends a round video (a square mp4).
    async fn send_video_note(
        &self,
        chat: &str,
        file: &Upload,
        opts: &SendOptions,
    ) -> Result<Message, TelegramError>;

    /// Sends a sticker by its reference.
    async fn send_sticker(
        &self,
        chat: &str,
        file: &FileRef,
        opts: &SendOptions,
    ) -> Result<Message, TelegramError>;

    /// Sends a GIF by its reference, with a caption.
    async fn send_gif(
        &self,
        chat: &str,
        file: &FileRef,
        caption: &str,
        opts: &SendOptions,
    ) -> Result<Message, TelegramError>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_refs_round_trip_and_bad_ones_are_refused() {
        let r = FileRef {
            id: 5,
            access_hash: -7,
            file_reference: vec![0, 255, 16],
        };
        assert_eq!(r.encode(), "doc:5:-7:00ff10");
        assert_eq!(FileRef::parse(&r.encode()), Ok(r));
        for bad in [
            "",
            "doc",
            "doc:1:2",
            "doc:x:2:00",
            "doc:1:2:0",
            "doc:1:2:zz",
            "gif:1:2:00",
        ] {
            assert!(FileRef::parse(bad).is_err(), "{bad}");
        }
    }
}
