//! [`MoreExt`] on grammers: the reads live in `more_read.rs`, folders in
//! `folders.rs`; pressing buttons, scheduled deletes, albums and voice
//! notes here.

use async_trait::async_trait;
use grammers_client::tl::{self, enums};

use super::more_read::buttons_of;
use super::write_ext::{new_message_ids, parsed, posted, random_id};
use super::{input_message, GrammersBackend};
use crate::telegram::media::{is_photo_mime, sniff_mime, Upload};
use crate::telegram::more_ext::{
    AlbumFile, BotAnswer, Button, ButtonKind, ButtonRef, Folder, FolderEdit, Location, PollResults,
    Reactor, Reader, MAX_ALBUM,
};
use crate::telegram::{untrusted, Chat, Message, MoreExt, SendOptions, TelegramError};

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
        k: &super::peers::Known,
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
        let media: enums::InputMedia = if is_photo_mime(&mime) {
            tl::types::InputMediaUploadedPhoto {
                spoiler: false,
                live_photo: false,
                file: up,
                stickers: None,
                ttl_seconds: None,
                video: None,
            }
            .into()
        } else {
            tl::types::InputMediaUploadedDocument {
                nosound_video: false,
                force_file: true,
                spoiler: false,
                file: up,
                thumb: None,
                mime_type: mime,
                attributes: vec![tl::types::DocumentAttributeFilename { file_name: name }.into()],
                stickers: None,
                video_cover: None,
                video_timestamp: None,
                ttl_seconds: None,
            }
            .into()
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

    async fn album(
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
        let reply = opts.reply_to.or(opts.topic.filter(|t| *t > 1));
        let req = tl::functions::messages::SendMultiMedia {
            silent: opts.silent,
            background: false,
            clear_draft: false,
            noforwards: false,
            update_stickersets_order: false,
            invert_media: false,
            allow_paid_floodskip: false,
            peer: k.peer.into(),
            reply_to: reply.map(|id| {
                tl::types::InputReplyToMessage {
                    reply_to_msg_id: id,
                    top_msg_id: opts.topic.filter(|t| *t > 1),
                    reply_to_peer_id: None,
                    quote_text: None,
                    quote_entities: None,
                    quote_offset: None,
                    monoforum_peer_id: None,
                    todo_item_id: None,
                    poll_option: None,
                }
                .into()
            }),
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

    async fn voice(
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
        let media: enums::InputMedia = tl::types::InputMediaUploadedDocument {
            nosound_video: false,
            force_file: false,
            spoiler: false,
            file: up,
            thumb: None,
            mime_type: mime,
            attributes: vec![tl::types::DocumentAttributeAudio {
                voice: true,
                duration: ogg_duration(&file.bytes),
                title: None,
                performer: None,
                waveform: None,
            }
            .into()],
            stickers: None,
            video_cover: None,
            video_timestamp: None,
            ttl_seconds: None,
        }
        .into();
        self.send_input(chat, msg.media(media), "voice note").await
    }

    async fn press(
        &self,
        chat: &str,
        id: i32,
        which: &ButtonRef,
    ) -> Result<BotAnswer, TelegramError> {
        let k = self.resolve(chat).await?;
        let m = self.raw_message(chat, &k, id).await?;
        let all = buttons_of(m.reply_markup.as_ref());
        if all.is_empty() {
            return Err(TelegramError::InvalidArgs(format!(
                "message {id} has no buttons"
            )));
        }
        let found = all.into_iter().find(|(b, _)| match which {
            ButtonRef::Position(r, c) => b.row == *r && b.column == *c,
            ButtonRef::Text(t) => b.text == *t,
        });
        let Some((button, data)) = found else {
            return Err(TelegramError::NotFound(format!(
                "message {id} has no such button: list_buttons shows them"
            )));
        };
        let Some(data) = data else {
            return Err(not_pressable(&button));
        };
        let req = tl::functions::messages::GetBotCallbackAnswer {
            game: false,
            peer: k.peer.into(),
            msg_id: id,
            data: Some(data),
            password: None,
        };
        let client = self.link.client();
        let r = Self::or_not_found(chat, self.link.run(client.invoke(&req)).await)?;
        let enums::messages::BotCallbackAnswer::Answer(a) = r;
        Ok(BotAnswer {
            message: a.message.map(|t| untrusted::text(&t)),
            alert: a.alert,
            url: a.url,
        })
    }

    async fn unschedule(&self, chat: &str, ids: &[i32]) -> Result<u32, TelegramError> {
        let k = self.resolve(chat).await?;
        let req = tl::functions::messages::DeleteScheduledMessages {
            peer: k.peer.into(),
            id: ids.to_vec(),
        };
        let client = self.link.client();
        let u = Self::or_not_found(chat, self.link.run(client.invoke(&req)).await)?;
        let list = match &u {
            enums::Updates::Updates(x) => x.updates.as_slice(),
            enums::Updates::Combined(x) => x.updates.as_slice(),
            _ => &[],
        };
        Ok(list
            .iter()
            .map(|u| match u {
                enums::Update::DeleteScheduledMessages(d) => d.messages.len() as u32,
                _ => 0,
            })
            .sum())
    }
}

/// Why a button other than a callback one is not pressed here.
fn not_pressable(b: &Button) -> TelegramError {
    let what = match (b.kind, &b.url) {
        (ButtonKind::Url | ButtonKind::Login | ButtonKind::WebApp, Some(u)) => {
            format!("opens {u}: open the link instead")
        }
        (ButtonKind::Reply, _) => "sends its label as a message: use send_message".into(),
        _ => "is not a callback button".into(),
    };
    TelegramError::InvalidArgs(format!("button \"{}\" {what}", b.text))
}

#[async_trait]
impl MoreExt for GrammersBackend {
    async fn list_reactions(
        &self,
        chat: &str,
        id: i32,
        emoji: Option<&str>,
        limit: u32,
    ) -> Result<Vec<Reactor>, TelegramError> {
        self.reactors(chat, id, emoji, limit).await
    }

    async fn get_poll(&self, chat: &str, id: i32) -> Result<PollResults, TelegramError> {
        self.poll(chat, id).await
    }

    async fn list_buttons(&self, chat: &str, id: i32) -> Result<Vec<Button>, TelegramError> {
        self.buttons(chat, id).await
    }

    async fn list_scheduled(&self, chat: &str) -> Result<Vec<Message>, TelegramError> {
        self.scheduled(chat).await
    }

    async fn list_folders(&self) -> Result<Vec<Folder>, TelegramError> {
        self.folders().await
    }

    async fn delete_scheduled(&self, chat: &str, ids: &[i32]) -> Result<u32, TelegramError> {
        self.unschedule(chat, ids).await
    }

    async fn press_button(
        &self,
        chat: &str,
        id: i32,
        button: &ButtonRef,
    ) -> Result<BotAnswer, TelegramError> {
        self.press(chat, id, button).await
    }

    async fn create_folder(&self, edit: &FolderEdit) -> Result<Folder, TelegramError> {
        self.new_folder(edit).await
    }

    async fn edit_folder(&self, id: u32, edit: &FolderEdit) -> Result<Folder, TelegramError> {
        self.change_folder(id, edit).await
    }

    async fn delete_folder(&self, id: u32) -> Result<(), TelegramError> {
        self.remove_folder(id).await
    }

    async fn send_album(
        &self,
        chat: &str,
        files: &[AlbumFile],
        opts: &SendOptions,
    ) -> Result<Vec<Message>, TelegramError> {
        self.album(chat, files, opts).await
    }

    async fn send_voice(
        &self,
        chat: &str,
        file: &Upload,
        caption: &str,
        opts: &SendOptions,
    ) -> Result<Message, TelegramError> {
        self.voice(chat, file, caption, opts).await
    }

    async fn get_read_participants(
        &self,
        chat: &str,
        id: i32,
    ) -> Result<Vec<Reader>, TelegramError> {
        self.readers(chat, id).await
    }

    async fn list_saved_dialogs(&self, limit: u32) -> Result<Vec<Chat>, TelegramError> {
        self.saved_dialogs(limit).await
    }

    async fn close_poll(&self, chat: &str, id: i32) -> Result<(), TelegramError> {
        self.poll_close(chat, id).await
    }

    async fn delete_history(&self, chat: &str, revoke: bool) -> Result<u32, TelegramError> {
        self.clear_history(chat, revoke).await
    }

    async fn set_typing(&self, chat: &str, typing: bool) -> Result<(), TelegramError> {
        self.typing(chat, typing).await
    }

    async fn pin_chat(&self, chat: &str, pinned: bool) -> Result<(), TelegramError> {
        self.dialog_pin(chat, pinned).await
    }

    async fn set_auto_delete(&self, chat: &str, seconds: u32) -> Result<(), TelegramError> {
        self.ttl(chat, seconds).await
    }

    async fn reorder_folders(&self, ids: &[u32]) -> Result<(), TelegramError> {
        self.folder_order(ids).await
    }

    async fn send_location(
        &self,
        chat: &str,
        place: &Location,
        opts: &SendOptions,
    ) -> Result<Message, TelegramError> {
        self.location(chat, place, opts).await
    }

    async fn send_contact(
        &self,
        chat: &str,
        phone: &str,
        first_name: &str,
        last_name: Option<&str>,
        opts: &SendOptions,
    ) -> Result<Message, TelegramError> {
        self.contact(chat, phone, first_name, last_name, opts).await
    }

    async fn send_dice(
        &self,
        chat: &str,
        emoji: &str,
        opts: &SendOptions,
    ) -> Result<Message, TelegramError> {
        self.dice(chat, emoji, opts).await
    }
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
