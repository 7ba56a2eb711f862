//! Guarded media (see [`crate::telegram::MediaExt`]): downloads are reads
//! under a byte cap; `send_file` is a post (read-only mode, chat lists,
//! quota, audit) whose URL is fetched only after the checks pass.

use super::write::{Kind, Op};
use super::{Guard, GuardError};
use crate::telegram::media::{
    DownloadOptions, FileOptions, MediaBlob, MediaSource, ProfilePhoto, Upload, MAX_UPLOAD_BYTES,
};
use crate::telegram::{Message, TelegramError};

/// Largest download one call returns.
pub const MAX_DOWNLOAD_BYTES: usize = 20 * 1024 * 1024;

impl Guard {
    /// The photo or file of a message (or its thumbnail), capped at
    /// [`MAX_DOWNLOAD_BYTES`].
    pub async fn download_media(
        &self,
        chat: &str,
        id: i32,
        opts: &DownloadOptions,
    ) -> Result<MediaBlob, GuardError> {
        self.allowed_chat(chat).await?;
        let opts = DownloadOptions {
            max_bytes: opts.max_bytes.clamp(1, MAX_DOWNLOAD_BYTES),
            ..*opts
        };
        Ok(self.backend.download_media(chat, id, &opts).await?)
    }

    /// A user's profile photos (at most 10, each capped at
    /// [`MAX_DOWNLOAD_BYTES`]); a user the chat lists hide reads as not found.
    pub async fn user_photos(
        &self,
        user: &str,
        limit: u32,
        opts: &DownloadOptions,
    ) -> Result<Vec<ProfilePhoto>, GuardError> {
        self.allowed_chat(user).await?;
        let opts = DownloadOptions {
            max_bytes: opts.max_bytes.clamp(1, MAX_DOWNLOAD_BYTES),
            ..*opts
        };
        Ok(self
            .backend
            .user_photos(user, limit.clamp(1, 10), &opts)
            .await?)
    }

    /// Sends a file from bytes or an https URL (fetched by the host, after
    /// the policy allowed the send).
    pub async fn send_file(
        &self,
        chat: &str,
        source: &MediaSource,
        caption: &str,
        opts: &FileOptions,
    ) -> Result<Message, GuardError> {
        let mut op = Op::new("send-file", chat, Kind::Post);
        op.text = Some(caption);
        if let MediaSource::Bytes(u) = source {
            if u.bytes.len() > MAX_UPLOAD_BYTES {
                op.invalid = Some(format!(
                    "the file is {} bytes; at most {MAX_UPLOAD_BYTES} are sent",
                    u.bytes.len()
                ));
            }
        }
        self.guarded(op, || async {
            let file = self.bytes_of(source).await?;
            self.backend.send_file(chat, &file, caption, opts).await
        })
        .await
    }

    /// The bytes of a media source: as given, or fetched from its https URL.
    pub(super) async fn bytes_of<'a>(
        &self,
        source: &'a MediaSource,
    ) -> Result<std::borrow::Cow<'a, Upload>, TelegramError> {
        match source {
            MediaSource::Bytes(u) => Ok(std::borrow::Cow::Borrowed(u)),
            MediaSource::Url(url) => self
                .fetcher
                .fetch(url)
                .await
                .map(|f| std::borrow::Cow::Owned(Upload::from(f)))
                .map_err(|e| TelegramError::InvalidArgs(e.to_string())),
        }
    }
}
