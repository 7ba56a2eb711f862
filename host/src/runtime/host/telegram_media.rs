//! `tgmcp:plugin/telegram-media@0.2.0`: message media as bytes under a cap
//! (never a host path), through the guard. A read capability.

use super::super::bindings::v0_2::tgmcp::plugin::telegram_media;
use super::super::bindings::{ToolError, WitBlob};
use super::convert::all;
use super::CallState;
use crate::telegram::media::DownloadOptions;

impl telegram_media::Host for CallState {
    async fn download(
        &mut self,
        chat: String,
        id: i32,
        thumbnail: bool,
        max_bytes: u32,
    ) -> Result<WitBlob, ToolError> {
        let opts = DownloadOptions {
            thumbnail,
            // The guard clamps it to its own cap.
            max_bytes: usize::try_from(max_bytes).unwrap_or(usize::MAX),
        };
        Ok(self.guard.download_media(&chat, id, &opts).await?.into())
    }

    async fn user_photos(
        &mut self,
        user: String,
        limit: u32,
        thumbnail: bool,
        max_bytes: u32,
    ) -> Result<Vec<telegram_media::ProfilePhoto>, ToolError> {
        let opts = DownloadOptions {
            thumbnail,
            max_bytes: usize::try_from(max_bytes).unwrap_or(usize::MAX),
        };
        let photos = self.guard.user_photos(&user, limit, &opts).await?;
        Ok(photos
            .into_iter()
            .map(|p| telegram_media::ProfilePhoto {
                id: p.id,
                date: p.date,
                image: p.image.into(),
            })
            .collect())
    }

    async fn sticker_sets(
        &mut self,
        emoji: bool,
        limit: u32,
    ) -> Result<Vec<telegram_media::StickerSet>, ToolError> {
        Ok(all(self.guard.sticker_sets(emoji, limit).await?))
    }

    async fn search_stickers(
        &mut self,
        query: String,
        limit: u32,
    ) -> Result<Vec<telegram_media::Sticker>, ToolError> {
        Ok(all(self.guard.search_stickers(&query, limit).await?))
    }

    async fn search_gifs(
        &mut self,
        query: String,
        limit: u32,
    ) -> Result<Vec<telegram_media::Sticker>, ToolError> {
        Ok(all(self.guard.search_gifs(&query, limit).await?))
    }

    async fn transcribe(
        &mut self,
        chat: String,
        id: i32,
    ) -> Result<telegram_media::Transcription, ToolError> {
        Ok(self.guard.transcribe(&chat, id).await?.into())
    }
}
