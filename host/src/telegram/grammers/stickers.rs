//! [`StickersExt`] on grammers: installed sets (`messages.getAllStickers`,
//! `getEmojiStickers`), a set's stickers (`getStickerSet`), keyword and emoji
//! search (`searchStickers`), GIF search through Telegram's GIF bot
//! (`getInlineBotResults`, see `bots.rs`), transcription
//! (`transcribeAudio`) and sending stickers, GIFs and round videos.

use async_trait::async_trait;
use grammers_client::tl::{self, enums};

use super::transfer::{uploaded_document, video_attribute};
use super::{input_message, GrammersBackend};
use crate::telegram::media::{sniff_mime, Upload};
use crate::telegram::stickers_ext::{FileRef, Sticker, StickerSet, StickersExt, Transcription};
use crate::telegram::{untrusted, Message, SendOptions, TelegramError};

/// The bot Telegram's apps search GIFs with (`gif_search_username` in the config).
pub(super) const GIF_BOT: &str = "gif";
/// Most stickers or sets asked of Telegram per call.
const MAX_LIST: u32 = 100;

/// A document as a sticker or GIF record; `None` for anything else.
pub(super) fn sticker_of(d: &enums::Document, title: Option<String>) -> Option<Sticker> {
    let enums::Document::Document(d) = d else {
        return None;
    };
    let mut out = Sticker {
        file_ref: FileRef {
            id: d.id,
            access_hash: d.access_hash,
            file_reference: d.file_reference.clone(),
        }
        .encode(),
        emoji: String::new(),
        set_name: None,
        title,
        mime: untrusted::name(&d.mime_type),
        width: None,
        height: None,
    };
    for a in &d.attributes {
        match a {
            enums::DocumentAttribute::Sticker(s) => {
                out.emoji = untrusted::name(&s.alt);
                if let enums::InputStickerSet::ShortName(n) = &s.stickerset {
                    out.set_name = untrusted::opt_name(Some(&n.short_name));
                }
            }
            enums::DocumentAttribute::CustomEmoji(s) => out.emoji = untrusted::name(&s.alt),
            enums::DocumentAttribute::ImageSize(s) => {
                out.width = u32::try_from(s.w).ok();
                out.height = u32::try_from(s.h).ok();
            }
            enums::DocumentAttribute::Video(v) => {
                out.width = u32::try_from(v.w).ok();
                out.height = u32::try_from(v.h).ok();
            }
            enums::DocumentAttribute::Filename(f) if out.title.is_none() => {
                out.title = untrusted::opt_name(Some(&f.file_name));
            }
            _ => {}
        }
    }
    Some(out)
}

fn set_of(s: &enums::StickerSet) -> StickerSet {
    let enums::StickerSet::Set(s) = s;
    StickerSet {
        id: s.id,
        short_name: s.short_name.clone(),
        title: untrusted::name(&s.title),
        count: s.count.max(0) as u32,
        emoji: s.emojis,
        archived: s.archived,
    }
}

/// The document a reference names, as media to send.
fn document_media(f: &FileRef) -> enums::InputMedia {
    tl::types::InputMediaDocument {
        spoiler: false,
        id: tl::types::InputDocument {
            id: f.id,
            access_hash: f.access_hash,
            file_reference: f.file_reference.clone(),
        }
        .into(),
        video_cover: None,
        video_timestamp: None,
        ttl_seconds: None,
        query: None,
    }
    .into()
}

/// Whether `q` could be a sticker set's short name (letters, digits, `_`).
fn looks_like_set_name(q: &str) -> bool {
    !q.is_empty() && q.len() <= 64 && q.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Telegram's answer when a file reference went stale.
fn stale_ref(r: Result<Message, TelegramError>) -> Result<Message, TelegramError> {
    match r {
        Err(TelegramError::Rpc { name, .. })
            if name.starts_with("FILE_REFERENCE_") || name == "MEDIA_INVALID" =>
        {
            Err(TelegramError::InvalidArgs(format!(
                "{name}: the file_ref is stale or wrong; search again for a fresh one"
            )))
        }
        other => other,
    }
}

impl GrammersBackend {
    async fn sets(&self, emoji: bool, limit: u32) -> Result<Vec<StickerSet>, TelegramError> {
        self.link.check_fatal()?;
        let client = self.link.client();
        let r = if emoji {
            let req = tl::functions::messages::GetEmojiStickers { hash: 0 };
            self.link.run(client.invoke(&req)).await?
        } else {
            let req = tl::functions::messages::GetAllStickers { hash: 0 };
            self.link.run(client.invoke(&req)).await?
        };
        let sets = match r {
            enums::messages::AllStickers::Stickers(s) => s.sets,
            enums::messages::AllStickers::NotModified => Vec::new(),
        };
        Ok(sets
            .iter()
            .take(limit.clamp(1, MAX_LIST) as usize)
            .map(set_of)
            .collect())
    }

    /// The stickers of a set by short name; `None` when there is no such set.
    async fn set_stickers(&self, name: &str) -> Result<Option<Vec<Sticker>>, TelegramError> {
        let req = tl::functions::messages::GetStickerSet {
            stickerset: tl::types::InputStickerSetShortName {
                short_name: name.to_string(),
            }
            .into(),
            hash: 0,
        };
        let client = self.link.client();
        match self.link.run(client.invoke(&req)).await {
            Ok(enums::messages::StickerSet::Set(s)) => {
                let short = set_of(&s.set).short_name;
                Ok(Some(
                    s.documents
                        .iter()
                        .filter_map(|d| sticker_of(d, None))
                        .map(|mut st| {
                            st.set_name.get_or_insert_with(|| short.clone());
                            st
                        })
                        .collect(),
                ))
            }
            Ok(enums::messages::StickerSet::NotModified) => Ok(Some(Vec::new())),
            Err(TelegramError::Rpc { name, .. }) if name == "STICKERSET_INVALID" => Ok(None),
            Err(e) => Err(e),
        }
    }

    async fn find_stickers(&self, query: &str, limit: u32) -> Result<Vec<Sticker>, TelegramError> {
        self.link.check_fatal()?;
        let q = query.trim();
        if q.is_empty() {
            return Err(TelegramError::InvalidArgs(
                "give a set's short name, an emoji or keywords".into(),
            ));
        }
        let limit = limit.clamp(1, MAX_LIST) as usize;
        if looks_like_set_name(q) {
            if let Some(mut found) = self.set_stickers(q).await? {
                found.truncate(limit);
                return Ok(found);
            }
        }
        let req = tl::functions::messages::SearchStickers {
            emojis: false,
            q: q.to_string(),
            emoticon: q.to_string(),
            lang_code: vec!["en".into()],
            offset: 0,
            limit: limit as i32,
            hash: 0,
        };
        let client = self.link.client();
        let docs = match self.link.run(client.invoke(&req)).await? {
            enums::messages::FoundStickers::Stickers(f) => f.stickers,
            enums::messages::FoundStickers::NotModified(_) => Vec::new(),
        };
        Ok(docs
            .iter()
            .filter_map(|d| sticker_of(d, None))
            .take(limit)
            .collect())
    }

    async fn voice_text(&self, chat: &str, id: i32) -> Result<Transcription, TelegramError> {
        let k = self.resolve(chat).await?;
        let req = tl::functions::messages::TranscribeAudio {
            peer: k.peer.into(),
            msg_id: id,
        };
        let client = self.link.client();
        let r = match self.link.run(client.invoke(&req)).await {
            Err(TelegramError::Rpc { name, .. }) if name == "MSG_ID_INVALID" => {
                return Err(TelegramError::NotFound(format!(
                    "message {id} not found in \"{}\"",
                    k.chat.title
                )))
            }
            Err(TelegramError::Rpc { name, .. }) if name == "PREMIUM_ACCOUNT_REQUIRED" => {
                return Err(TelegramError::InvalidArgs(
                    "transcribing voice messages needs Telegram Premium (or a free trial \
                     Telegram no longer offers this account)"
                        .into(),
                ))
            }
            Err(TelegramError::Rpc { name, .. }) if name == "TRANSCRIPTION_FAILED" => {
                return Err(TelegramError::InvalidArgs(format!(
                    "message {id} is not a voice note or round video (or Telegram could not                      transcribe it)"
                )))
            }
            r => Self::or_not_found(chat, r)?,
        };
        let enums::messages::TranscribedAudio::Audio(t) = r;
        Ok(Transcription {
            text: untrusted::text(&t.text),
            pending: t.pending,
        })
    }

    async fn round_video(
        &self,
        chat: &str,
        file: &Upload,
        opts: &SendOptions,
    ) -> Result<Message, TelegramError> {
        if file.bytes.is_empty() {
            return Err(TelegramError::InvalidArgs("the video is empty".into()));
        }
        // The bytes say what they are before any label does.
        let mime = sniff_mime(&file.bytes)
            .map(str::to_string)
            .or_else(|| file.mime.clone().filter(|m| !m.is_empty()))
            .unwrap_or_else(|| "video/mp4".into());
        if mime != "video/mp4" {
            return Err(TelegramError::InvalidArgs(format!(
                "a round video is a square mp4 (video/mp4), not {mime}"
            )));
        }
        let msg = input_message("", opts)?;
        self.resolve(chat).await?;
        let up = self.upload(&file.bytes, "video.mp4").await?.raw;
        let media = uploaded_document(up, mime, vec![video_attribute(true, 240, 240)], false);
        self.send_input(chat, msg.media(media), "round video", opts)
            .await
    }
}

#[async_trait]
impl StickersExt for GrammersBackend {
    async fn sticker_sets(
        &self,
        emoji: bool,
        limit: u32,
    ) -> Result<Vec<StickerSet>, TelegramError> {
        self.sets(emoji, limit).await
    }

    async fn search_stickers(
        &self,
        query: &str,
        limit: u32,
    ) -> Result<Vec<Sticker>, TelegramError> {
        self.find_stickers(query, limit).await
    }

    async fn search_gifs(&self, query: &str, limit: u32) -> Result<Vec<Sticker>, TelegramError> {
        self.gifs(query, limit).await
    }

    async fn transcribe(&self, chat: &str, id: i32) -> Result<Transcription, TelegramError> {
        self.voice_text(chat, id).await
    }

    async fn send_video_note(
        &self,
        chat: &str,
        file: &Upload,
        opts: &SendOptions,
    ) -> Result<Message, TelegramError> {
        self.round_video(chat, file, opts).await
    }

    async fn send_sticker(
        &self,
        chat: &str,
        file: &FileRef,
        opts: &SendOptions,
    ) -> Result<Message, TelegramError> {
        let msg = input_message("", opts)?.media(document_media(file));
        stale_ref(self.send_input(chat, msg, "sticker", opts).await)
    }

    async fn send_gif(
        &self,
        chat: &str,
        file: &FileRef,
        caption: &str,
        opts: &SendOptions,
    ) -> Result<Message, TelegramError> {
        let msg = input_message(caption, opts)?.media(document_media(file));
        stale_ref(self.send_input(chat, msg, "GIF", opts).await)
    }
}
