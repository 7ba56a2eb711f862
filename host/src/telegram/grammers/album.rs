//! Albums and voice notes of [`crate::telegram::ChatFeaturesExt`]: album files are
//! uploaded and stored first (`messages.uploadMedia`), then sent together
//! (`messages.sendMultiMedia`); a voice note is an Ogg document marked voice.

use grammers_client::tl::{self, enums};

use super::compose::random_id;
use super::peers::Known;
use super::transfer::{uploaded_document, uploaded_photo};
use super::write_ext::{new_message_ids, parsed, posted};
use super::{input_message, GrammersBackend};
use crate::telegram::chat_features_ext::{AlbumFile, MAX_ALBUM};
use crate::telegram::media::{is_photo_mime, sniff_mime, Upload};
use crate::telegram::{Message, SendOptions, TelegramError};

/// Seconds of an Ogg stream: the last page's granule position at Opus'
/// 48 kHz (0 when the bytes are not Ogg).
fn ogg_duration(b: &[u8]) -> i32 {
    let Some(at) = b.windows(4).rposition(|w| w == b"OggS") else {
        return 0;
    };
    let granule = b
        .get(at + 6..at + 14)
        .and_then(|s| <[u8; 8]>::try_from(s).ok())
        .map_or(0, i64::from_le_bytes);
    (granule.max(0) / 48_000).min(i32::MAX as i64) as i32
}

fn mime_of(file: &Upload) -> String {
    file.mime
        .clone()
        .filter(|m| !m.is_empty())
        .or_else(|| sniff_mime(&file.bytes).map(str::to_string))
        .unwrap_or_else(|| "application/octet-stream".into())
}

impl GrammersBackend {
    /// Uploads one album file and turns it into media Telegram has stored
    /// (an album takes only stored photos and documents).
    async fn stored_media(
        &self,
        k: &Known,
        file: &Upload,
    ) -> Result<enums::InputMedia, TelegramError> {
        if file.bytes.is_empty() {
            return Err(TelegramError::InvalidArgs("an album file is empty".into()));
        }
        let mime = mime_of(file);
        let name = file
            .file_name
            .clone()
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| "file".into());
        let up = self.upload(&file.bytes, &name).await?.raw;
        let media = if is_photo_mime(&mime) {
            uploaded_photo(up)
        } else {
            let name = tl::types::DocumentAttributeFilename { file_name: name };
            uploaded_document(up, mime, vec![name.into()], true)
        };
        let req = tl::functions::messages::UploadMedia {
            business_connection_id: None,
            peer: k.peer.into(),
            media,
        };
        let client = self.link.client();
        let stored = self.link.run(client.invoke(&req)).await?;
        match stored {
            enums::MessageMedia::Photo(tl::types::MessageMediaPhoto {
                photo: Some(enums::Photo::Photo(p)),
                ..
            }) => Ok(tl::types::InputMediaPhoto {
                spoiler: false,
                live_photo: false,
                id: tl::types::InputPhoto {
                    id: p.id,
                    access_hash: p.access_hash,
                    file_reference: p.file_reference,
                }
                .into(),
                ttl_seconds: None,
                video: None,
            }
            .into()),
            enums::MessageMedia::Document(tl::types::MessageMediaDocument {
                document: Some(enums::Document::Document(d)),
                ..
            }) => Ok(tl::types::InputMediaDocument {
                spoiler: false,
                id: tl::types::InputDocument {
                    id: d.id,
                    access_hash: d.access_hash,
                    file_reference: d.file_reference,
                }
                .into(),
                video_cover: None,
                video_timestamp: None,
                ttl_seconds: None,
                query: None,
            }
            .into()),
            _ => Err(TelegramError::Other(
                "Telegram did not store an album file as a photo or document".into(),
            )),
        }
    }

    pub(super) async fn album(
        &self,
        chat: &str,
        files: &[AlbumFile],
        opts: &SendOptions,
    ) -> Result<Vec<Message>, TelegramError> {
        if !(2..=MAX_ALBUM).contains(&files.len()) {
            return Err(TelegramError::InvalidArgs(format!(
                "an album has 2 to {MAX_ALBUM} files, not {}",
                files.len()
            )));
        }
        if opts.schedule_at.is_some() {
            return Err(TelegramError::InvalidArgs(
                "albums cannot be scheduled here; send them now".into(),
            ));
        }
        let k = self.resolve(chat).await?;
        let mut multi = Vec::new();
        for f in files {
            let media = self.stored_media(&k, &f.file).await?;
            let (message, entities) = parsed(&f.caption, opts.parse_mode)?;
            multi.push(
                tl::types::InputSingleMedia {
                    media,
                    random_id: random_id(),
                    message,
                    entities,
                }
                .into(),
            );
        }
        let req = tl::functions::messages::SendMultiMedia {
            silent: opts.silent,
            background: false,
            clear_draft: false,
            noforwards: false,
            update_stickersets_order: false,
            invert_media: false,
            allow_paid_floodskip: false,
            peer: k.peer.into(),
            reply_to: reply_header(opts),
            multi_media: multi,
            schedule_date: None,
            send_as: None,
            quick_reply_shortcut: None,
            effect: None,
            allow_paid_stars: None,
        };
        let client = self.link.client();
        let r = posted("album", self.link.run(client.invoke(&req)).await);
        let updates = Self::or_not_found(chat, r)?;
        let ids = new_message_ids(&updates);
        self.fetch_messages(&k, &ids).await
    }

    pub(super) async fn voice(
        &self,
        chat: &str,
        file: &Upload,
        caption: &str,
        opts: &SendOptions,
    ) -> Result<Message, TelegramError> {
        if file.bytes.is_empty() {
            return Err(TelegramError::InvalidArgs("the voice note is empty".into()));
        }
        let mime = file
            .mime
            .clone()
            .filter(|m| !m.is_empty())
            .unwrap_or_else(|| "audio/ogg".into());
        if !mime.starts_with("audio/") {
            return Err(TelegramError::InvalidArgs(format!(
                "a voice note is audio (ogg/opus), not {mime}"
            )));
        }
        let msg = input_message(caption, opts)?;
        self.resolve(chat).await?;
        let up = self.upload(&file.bytes, "voice.ogg").await?.raw;
        let voice = tl::types::DocumentAttributeAudio {
            voice: true,
            duration: ogg_duration(&file.bytes),
            title: None,
            performer: None,
            waveform: None,
        };
        let media = uploaded_document(up, mime, vec![voice.into()], false);
        self.send_input(chat, msg.media(media), "voice note", opts)
            .await
    }
}

/// The reply header of a post: the message it answers, or the forum topic
/// it goes into (1, General, needs none).
pub(super) fn reply_header(opts: &SendOptions) -> Option<tl::enums::InputReplyTo> {
    let topic = opts.topic.filter(|t| *t > 1);
    opts.reply_to.or(topic).map(|id| {
        tl::types::InputReplyToMessage {
            reply_to_msg_id: id,
            top_msg_id: topic,
            reply_to_peer_id: None,
            quote_text: None,
            quote_entities: None,
            quote_offset: None,
            monoforum_peer_id: None,
            todo_item_id: None,
            poll_option: None,
        }
        .into()
    })
}

#[cfg(test)]
mod tests {
    use super::ogg_duration;

    #[test]
    fn an_ogg_stream_lasts_its_last_granule_position_at_48_khz() {
        let mut b = b"OggS\x00\x02".to_vec();
        b.extend_from_slice(&48_000i64.to_le_bytes());
        b.extend_from_slice(b"....OggS\x00\x04");
        b.extend_from_slice(&(5 * 48_000i64).to_le_bytes());
        assert_eq!(ogg_duration(&b), 5);
        assert_eq!(ogg_duration(b"not ogg"), 0);
        assert_eq!(ogg_duration(b"OggS"), 0, "a cut header is 0 s, not a panic");
    }
}
