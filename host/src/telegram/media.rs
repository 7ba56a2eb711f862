//! Media both ways, as bytes: downloads come back under a byte cap (never a
//! host path) and uploads are bytes the host already holds (the guard turns
//! an https URL into bytes first, see [`super::fetch`]). Implemented by the
//! grammers backend (`grammers/media.rs`).

use async_trait::async_trait;
use serde::Serialize;

use super::{Message, SendOptions, TelegramError};

/// Default cap on a download's bytes.
pub const DEFAULT_MAX_BYTES: usize = 5 * 1024 * 1024;
/// Largest upload the host accepts (base64 or fetched).
pub const MAX_UPLOAD_BYTES: usize = 20 * 1024 * 1024;

/// What to download.
#[derive(Debug, Clone, Copy)]
pub struct DownloadOptions {
    /// The small preview (a photo's smallest size, a document's thumbnail)
    /// instead of the file itself.
    pub thumbnail: bool,
    /// At most this many bytes come back; more sets `truncated`.
    pub max_bytes: usize,
}

impl Default for DownloadOptions {
    fn default() -> Self {
        DownloadOptions {
            thumbnail: false,
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

/// A downloaded file (or its first `max_bytes`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MediaBlob {
    /// `image/jpeg` for photos and thumbnails; the document's type otherwise.
    pub mime: String,
    pub file_name: Option<String>,
    #[serde(skip)]
    pub bytes: Vec<u8>,
    /// The file's full size when Telegram says it.
    pub size: Option<u64>,
    /// The file is longer than `bytes`.
    pub truncated: bool,
}

/// Where the bytes of a file to send come from, as a tool gives it.
#[derive(Debug, Clone, PartialEq)]
pub enum MediaSource {
    /// Bytes the caller holds (decoded base64).
    Bytes(Upload),
    /// An https URL the host fetches (size and time capped; private,
    /// loopback and link-local addresses refused).
    Url(String),
}

/// A file's bytes with what Telegram needs to know about them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Upload {
    pub bytes: Vec<u8>,
    /// `image/png`, `application/pdf`, …; guessed from the bytes when absent.
    pub mime: Option<String>,
    pub file_name: Option<String>,
}

impl From<crate::process::fetch::Fetched> for Upload {
    fn from(f: crate::process::fetch::Fetched) -> Upload {
        Upload {
            bytes: f.bytes,
            mime: f.mime,
            file_name: f.file_name,
        }
    }
}

/// How a file is sent.
#[derive(Debug, Clone, Default)]
pub struct FileOptions {
    /// reply_to, topic, silent, schedule_at, parse_mode (of the caption).
    pub send: SendOptions,
    /// Send an image as a file rather than as a (recompressed) photo.
    pub force_document: bool,
}

/// One profile photo of a user, as a downloaded size of it.
#[derive(Debug, Clone, PartialEq)]
pub struct ProfilePhoto {
    /// The photo's id.
    pub id: i64,
    /// When it was set, Unix seconds.
    pub date: i64,
    pub image: MediaBlob,
}

/// Media of the account: downloads are reads, uploads are sends.
#[async_trait]
pub trait MediaExt: Send + Sync {
    /// A user's profile photos, the current one first: `limit` of them, each
    /// its smallest size (`thumbnail`) or largest, at most `max_bytes` each.
    async fn user_photos(
        &self,
        user: &str,
        limit: u32,
        opts: &DownloadOptions,
    ) -> Result<Vec<ProfilePhoto>, TelegramError>;

    /// The photo or file of message `id` (or its thumbnail), at most `max_bytes` of it.
    async fn download_media(
        &self,
        chat: &str,
        id: i32,
        opts: &DownloadOptions,
    ) -> Result<MediaBlob, TelegramError>;

    /// Uploads `file` and sends it with `caption`: images (jpeg, png, webp,
    /// gif stills) as photos unless `force_document`, the rest as documents.
    async fn send_file(
        &self,
        chat: &str,
        file: &Upload,
        caption: &str,
        opts: &FileOptions,
    ) -> Result<Message, TelegramError>;
}

/// The MIME type of well-known file signatures.
pub fn sniff_mime(bytes: &[u8]) -> Option<&'static str> {
    const SIGS: &[(&[u8], &str)] = &[
        (b"\x89PNG\r\n\x1a\n", "image/png"),
        (b"\xff\xd8\xff", "image/jpeg"),
        (b"GIF87a", "image/gif"),
        (b"GIF89a", "image/gif"),
        (b"%PDF-", "application/pdf"),
        (b"PK\x03\x04", "application/zip"),
        (b"OggS", "audio/ogg"),
        (b"ID3", "audio/mpeg"),
    ];
    if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Some("image/webp");
    }
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        return Some("video/mp4");
    }
    SIGS.iter()
        .find(|(sig, _)| bytes.starts_with(sig))
        .map(|(_, m)| *m)
}

/// Whether Telegram takes this type as a photo.
pub fn is_photo_mime(mime: &str) -> bool {
    matches!(mime, "image/jpeg" | "image/png" | "image/webp")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_name_their_types() {
        assert_eq!(sniff_mime(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(sniff_mime(b"RIFF\0\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(sniff_mime(b"%PDF-1.7"), Some("application/pdf"));
        assert_eq!(sniff_mime(b"hello"), None);
        assert_eq!(sniff_mime(b""), None);
    }
}
