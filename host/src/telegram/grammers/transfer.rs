//! [`MediaExt`] on grammers: downloads through `upload.getFile` (grammers'
//! download iterator, which follows files to their DC) stopped at the byte
//! cap; uploads in parts through `upload.saveFilePart`, each part a request
//! under the link's timeout.

use async_trait::async_trait;
use grammers_client::media::{Downloadable, Uploaded};
use grammers_client::tl;

use super::compose::random_id;
use super::{input_message, GrammersBackend};
use crate::telegram::media::{
    is_photo_mime, sniff_mime, DownloadOptions, FileOptions, MediaBlob, ProfilePhoto, Upload,
};
use crate::telegram::{MediaExt, Message, TelegramError};

/// Bytes per upload part (Telegram's largest).
const PART: usize = 512 * 1024;
/// Files above this go up as "big" files.
const BIG_FILE: usize = 10 * 1024 * 1024;

/// A file location grammers can download.
pub(super) struct Location {
    pub loc: tl::enums::InputFileLocation,
    pub dc: i32,
    pub size: Option<usize>,
}

impl Downloadable for Location {
    fn to_raw_input_location(&self) -> Option<tl::enums::InputFileLocation> {
        Some(self.loc.clone())
    }
    fn size(&self) -> Option<usize> {
        self.size
    }
    fn dc_id(&self) -> Option<i32> {
        Some(self.dc)
    }
}

/// Where the bytes live and what they are.
pub(super) struct Target {
    /// `None`: the bytes came inline (a cached thumbnail).
    pub location: Option<Location>,
    pub inline: Vec<u8>,
    pub mime: String,
    pub file_name: Option<String>,
}

/// The downloadable sizes of a photo (or a document's thumbnails): (type, bytes).
pub(super) fn sizes(list: &[tl::enums::PhotoSize]) -> Vec<(String, usize, Option<Vec<u8>>)> {
    list.iter()
        .filter_map(|s| match s {
            tl::enums::PhotoSize::Size(s) => Some((s.r#type.clone(), s.size.max(0) as usize, None)),
            tl::enums::PhotoSize::Progressive(s) => Some((
                s.r#type.clone(),
                s.sizes.iter().copied().max().unwrap_or(0).max(0) as usize,
                None,
            )),
            // Cached sizes are a complete small JPEG sent inline.
            tl::enums::PhotoSize::PhotoCachedSize(s) => {
                Some((s.r#type.clone(), s.bytes.len(), Some(s.bytes.clone())))
            }
            // Stripped and path sizes are not images by themselves.
            _ => None,
        })
        .collect()
}

/// The largest size, or the smallest for a thumbnail.
pub(super) fn pick(
    mut all: Vec<(String, usize, Option<Vec<u8>>)>,
    thumbnail: bool,
) -> Option<(String, usize, Option<Vec<u8>>)> {
    all.sort_by_key(|s| s.1);
    if thumbnail {
        all.into_iter().next()
    } else {
        all.pop()
    }
}

fn target_of(media: &tl::enums::MessageMedia, thumbnail: bool) -> Result<Target, TelegramError> {
    let none = || TelegramError::InvalidArgs("the message has no photo or file to download".into());
    let no_thumb = || TelegramError::NotFound("the file has no thumbnail".into());
    match media {
        tl::enums::MessageMedia::Photo(p) => {
            let Some(tl::enums::Photo::Photo(ph)) = &p.photo else {
                return Err(none());
            };
            let (kind, size, inline) = pick(sizes(&ph.sizes), thumbnail).ok_or_else(none)?;
            let location = inline.is_none().then(|| Location {
                loc: tl::types::InputPhotoFileLocation {
                    id: ph.id,
                    access_hash: ph.access_hash,
                    file_reference: ph.file_reference.clone(),
                    thumb_size: kind,
                }
                .into(),
                dc: ph.dc_id,
                size: Some(size),
            });
            Ok(Target {
                location,
                inline: inline.unwrap_or_default(),
                mime: "image/jpeg".into(),
                file_name: None,
            })
        }
        tl::enums::MessageMedia::Document(d) => {
            let Some(tl::enums::Document::Document(doc)) = &d.document else {
                return Err(none());
            };
            let file_name = doc.attributes.iter().find_map(|a| match a {
                tl::enums::DocumentAttribute::Filename(f) => Some(f.file_name.clone()),
                _ => None,
            });
            let (kind, size, inline, mime) = if thumbnail {
                let thumbs = doc.thumbs.as_deref().unwrap_or_default();
                let (k, s, i) = pick(sizes(thumbs), true).ok_or_else(no_thumb)?;
                (k, s, i, "image/jpeg".to_string())
            } else {
                let size = doc.size.max(0) as usize;
                (String::new(), size, None, doc.mime_type.clone())
            };
            let location = inline.is_none().then(|| Location {
                loc: tl::types::InputDocumentFileLocation {
                    id: doc.id,
                    access_hash: doc.access_hash,
                    file_reference: doc.file_reference.clone(),
                    thumb_size: kind,
                }
                .into(),
                dc: doc.dc_id,
                size: Some(size),
            });
            Ok(Target {
                location,
                inline: inline.unwrap_or_default(),
                mime,
                file_name: if thumbnail { None } else { file_name },
            })
        }
        _ => Err(none()),
    }
}

impl GrammersBackend {
    /// The bytes of `t`, at most `max_bytes` of them.
    pub(super) async fn download_target(
        &self,
        t: Target,
        max_bytes: usize,
    ) -> Result<MediaBlob, TelegramError> {
        let client = self.link.client();
        let max = max_bytes.max(1);
        let (mut bytes, size) = match &t.location {
            None => (t.inline, None),
            Some(loc) => {
                let mut out = Vec::new();
                let mut iter = client.iter_download(loc);
                // Stop once past the cap: one byte over is enough to know.
                while out.len() <= max {
                    match self.link.run(iter.next()).await? {
                        Some(chunk) => out.extend_from_slice(&chunk),
                        None => break,
                    }
                }
                (out, loc.size)
            }
        };
        let truncated = bytes.len() > max;
        // Telegram serves photos as JPEG; trust the bytes when they say otherwise.
        let mime = match sniff_mime(&bytes) {
            Some(m) if t.mime == "image/jpeg" && m.starts_with("image/") => m.to_string(),
            _ => t.mime,
        };
        let size = size.map(|s| s as u64).or(Some(bytes.len() as u64));
        bytes.truncate(max);
        Ok(MediaBlob {
            mime,
            file_name: t.file_name,
            bytes,
            size,
            truncated,
        })
    }

    /// Uploads bytes in parts; returns the handle `messages.sendMedia` takes.
    pub(super) async fn upload(&self, bytes: &[u8], name: &str) -> Result<Uploaded, TelegramError> {
        let client = self.link.client();
        let file_id = random_id();
        let parts = bytes.len().div_ceil(PART).max(1) as i32;
        let big = bytes.len() > BIG_FILE;
        for (i, chunk) in bytes.chunks(PART).enumerate() {
            let ok = if big {
                let req = tl::functions::upload::SaveBigFilePart {
                    file_id,
                    file_part: i as i32,
                    file_total_parts: parts,
                    bytes: chunk.to_vec(),
                };
                self.link.run(client.invoke(&req)).await?
            } else {
                let req = tl::functions::upload::SaveFilePart {
                    file_id,
                    file_part: i as i32,
                    bytes: chunk.to_vec(),
                };
                self.link.run(client.invoke(&req)).await?
            };
            if !ok {
                return Err(TelegramError::Other(format!(
                    "Telegram did not store part {i} of the upload"
                )));
            }
        }
        let name = name.to_string();
        let raw: tl::enums::InputFile = if big {
            tl::types::InputFileBig {
                id: file_id,
                parts,
                name,
            }
            .into()
        } else {
            // The checksum is optional; Telegram checks the parts it got.
            tl::types::InputFile {
                id: file_id,
                parts,
                name,
                md5_checksum: String::new(),
            }
            .into()
        };
        Ok(Uploaded::from_raw(raw))
    }
}

/// A file name for an upload without one, from its type.
fn default_name(mime: &str) -> String {
    let ext = match mime {
        "image/jpeg" => "jpg",
        "image/png" => "png",
        "image/webp" => "webp",
        "image/gif" => "gif",
        "application/pdf" => "pdf",
        "text/plain" => "txt",
        "video/mp4" => "mp4",
        "audio/mpeg" => "mp3",
        "audio/ogg" => "ogg",
        _ => "bin",
    };
    format!("file.{ext}")
}

#[async_trait]
impl MediaExt for GrammersBackend {
    async fn user_photos(
        &self,
        user: &str,
        limit: u32,
        opts: &DownloadOptions,
    ) -> Result<Vec<ProfilePhoto>, TelegramError> {
        self.profile_photos(user, limit, opts).await
    }

    async fn download_media(
        &self,
        chat: &str,
        id: i32,
        opts: &DownloadOptions,
    ) -> Result<MediaBlob, TelegramError> {
        let k = self.resolve(chat).await?;
        let client = self.link.client();
        let msgs = Self::or_not_found(
            chat,
            self.link
                .run(client.get_messages_by_id(k.peer, &[id]))
                .await,
        )?;
        let raw = msgs.into_iter().flatten().map(|m| m.raw).next();
        let media = match raw {
            Some(tl::enums::Message::Message(m)) => m.media,
            _ => {
                return Err(TelegramError::NotFound(format!(
                    "message {id} not found in \"{}\"",
                    k.chat.title
                )))
            }
        };
        let media = media.ok_or_else(|| {
            TelegramError::InvalidArgs(format!("message {id} has no photo or file"))
        })?;
        let t = target_of(&media, opts.thumbnail)?;
        self.download_target(t, opts.max_bytes).await
    }

    async fn send_file(
        &self,
        chat: &str,
        file: &Upload,
        caption: &str,
        opts: &FileOptions,
    ) -> Result<Message, TelegramError> {
        if file.bytes.is_empty() {
            return Err(TelegramError::InvalidArgs("the file is empty".into()));
        }
        let mime = file
            .mime
            .clone()
            .or_else(|| sniff_mime(&file.bytes).map(str::to_string))
            .unwrap_or_else(|| "application/octet-stream".into());
        let name = file
            .file_name
            .clone()
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| default_name(&mime));
        let msg = input_message(caption, &opts.send)?.mime_type(&mime);
        // Resolve before uploading: a wrong chat should not cost an upload.
        self.resolve(chat).await?;
        let up = self.upload(&file.bytes, &name).await?;
        let msg = if is_photo_mime(&mime) && !opts.force_document {
            msg.photo(up)
        } else {
            msg.document(up)
        };
        self.send_input(chat, msg, "file", &opts.send).await
    }
}

/// An uploaded photo as the media of a post or story.
pub(super) fn uploaded_photo(file: tl::enums::InputFile) -> tl::enums::InputMedia {
    tl::types::InputMediaUploadedPhoto {
        spoiler: false,
        live_photo: false,
        file,
        stickers: None,
        ttl_seconds: None,
        video: None,
    }
    .into()
}

/// An uploaded file as a document described by `attributes`; `force_file`
/// keeps Telegram from showing a photo or video as media.
pub(super) fn uploaded_document(
    file: tl::enums::InputFile,
    mime_type: String,
    attributes: Vec<tl::enums::DocumentAttribute>,
    force_file: bool,
) -> tl::enums::InputMedia {
    tl::types::InputMediaUploadedDocument {
        nosound_video: false,
        force_file,
        spoiler: false,
        file,
        thumb: None,
        mime_type,
        attributes,
        stickers: None,
        video_cover: None,
        video_timestamp: None,
        ttl_seconds: None,
    }
    .into()
}

/// A streamable video of `w`×`h` (round for a video note). Telegram measures
/// the duration itself; the one given is a placeholder.
pub(super) fn video_attribute(round_message: bool, w: i32, h: i32) -> tl::enums::DocumentAttribute {
    tl::types::DocumentAttributeVideo {
        round_message,
        supports_streaming: true,
        nosound: false,
        duration: 1.0,
        w,
        h,
        preload_prefix_size: None,
        video_start_ts: None,
        video_codec: None,
    }
    .into()
}
