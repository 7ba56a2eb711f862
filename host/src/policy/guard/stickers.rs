//! Guarded stickers, GIFs, round videos and transcription (see
//! [`crate::telegram::StickersExt`]): finding stickers and GIFs is a read of
//! no chat; transcribing reads an allowed chat; sending is a post (read-only
//! mode, chat lists, quota, audit).

use super::chat_features::too_big;
use super::write::{Kind, Op};
use super::{clamp, Guard, GuardError};
use crate::telegram::media::MediaSource;
use crate::telegram::stickers_ext::{FileRef, Sticker, StickerSet, Transcription};
use crate::telegram::{Message, SendOptions, TelegramError};

/// Most sets, stickers or GIFs one call lists.
pub const MAX_STICKERS: u32 = 50;

/// The reference as a backend value, or the refusal the audit records.
fn file_ref(s: &str) -> (Option<FileRef>, Option<String>) {
    match FileRef::parse(s) {
        Ok(f) => (Some(f), None),
        Err(e) => (None, Some(e.to_string())),
    }
}

impl Guard {
    /// The account's installed sticker (or custom emoji) sets.
    pub async fn sticker_sets(
        &self,
        emoji: bool,
        limit: u32,
    ) -> Result<Vec<StickerSet>, GuardError> {
        let limit = clamp(limit, MAX_STICKERS);
        Ok(self.backend.sticker_sets(emoji, limit).await?)
    }

    /// Stickers of a set, or matching an emoji or keywords.
    pub async fn search_stickers(
        &self,
        query: &str,
        limit: u32,
    ) -> Result<Vec<Sticker>, GuardError> {
        let limit = clamp(limit, MAX_STICKERS);
        Ok(self.backend.search_stickers(query, limit).await?)
    }

    /// GIFs matching `query`.
    pub async fn search_gifs(&self, query: &str, limit: u32) -> Result<Vec<Sticker>, GuardError> {
        let limit = clamp(limit, MAX_STICKERS);
        Ok(self.backend.search_gifs(query, limit).await?)
    }

    /// Speech to text of a voice note in an allowed chat.
    pub async fn transcribe(&self, chat: &str, id: i32) -> Result<Transcription, GuardError> {
        self.allowed_chat(chat).await?;
        Ok(self.backend.transcribe(chat, id).await?)
    }

    /// Sends a round video: a post.
    pub async fn send_video_note(
        &self,
        chat: &str,
        source: &MediaSource,
        opts: &SendOptions,
    ) -> Result<Message, GuardError> {
        let mut op = Op::new("send-video-note", chat, Kind::Post);
        if let MediaSource::Bytes(u) = source {
            op.invalid = too_big(u);
        }
        self.guarded(op, || async {
            let file = self.bytes_of(source).await?;
            self.backend.send_video_note(chat, &file, opts).await
        })
        .await
    }

    /// Sends a sticker by reference: a post.
    pub async fn send_sticker(
        &self,
        chat: &str,
        reference: &str,
        opts: &SendOptions,
    ) -> Result<Message, GuardError> {
        let mut op = Op::new("send-sticker", chat, Kind::Post);
        let (file, invalid) = file_ref(reference);
        op.invalid = invalid;
        self.guarded(op, || async {
            let file = file.ok_or_else(|| TelegramError::InvalidArgs("bad file_ref".into()))?;
            self.backend.send_sticker(chat, &file, opts).await
        })
        .await
    }

    /// Sends a GIF by reference: a post.
    pub async fn send_gif(
        &self,
        chat: &str,
        reference: &str,
        caption: &str,
        opts: &SendOptions,
    ) -> Result<Message, GuardError> {
        let mut op = Op::new("send-gif", chat, Kind::Post);
        op.text = Some(caption);
        let (file, invalid) = file_ref(reference);
        op.invalid = invalid;
        self.guarded(op, || async {
            let file = file.ok_or_else(|| TelegramError::InvalidArgs("bad file_ref".into()))?;
            self.backend.send_gif(chat, &file, caption, opts).await
        })
        .await
    }
}
