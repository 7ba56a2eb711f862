//! Guarded settings and insights (see [`crate::telegram::SettingsExt`] and
//! [`crate::telegram::InsightExt`]): a chat's photo and switches are changes
//! under the chat lists; the profile photo, emoji status and birthday are
//! account changes; similar channels and statistics are reads under the
//! chat lists; sending scheduled messages now is a post (quota, review).

use super::write::{Kind, Op};
use super::{Guard, GuardError};
use crate::telegram::insight_ext::ChatStats;
use crate::telegram::media::{MediaSource, MAX_UPLOAD_BYTES};
use crate::telegram::settings_ext::{Birthday, ChatSettings};
use crate::telegram::write_ext::MAX_MESSAGE_IDS;
use crate::telegram::{Chat, Message};

/// Largest photo the host uploads for a chat or the profile (Telegram's own cap).
pub const MAX_PHOTO_BYTES: usize = 10 * 1024 * 1024;

fn photo_too_big(source: &MediaSource) -> Option<String> {
    match source {
        MediaSource::Bytes(u) if u.bytes.len() > MAX_PHOTO_BYTES.min(MAX_UPLOAD_BYTES) => {
            Some(format!(
                "the photo is {} bytes; at most {} are taken",
                u.bytes.len(),
                MAX_PHOTO_BYTES.min(MAX_UPLOAD_BYTES)
            ))
        }
        _ => None,
    }
}

impl Guard {
    /// Sets or (`None`) removes a chat's photo.
    pub async fn set_chat_photo(
        &self,
        chat: &str,
        photo: Option<&MediaSource>,
    ) -> Result<(), GuardError> {
        let mut op = Op::new("set-chat-photo", chat, Kind::Change);
        op.invalid = photo.and_then(photo_too_big);
        self.guarded(op, || async {
            match photo {
                Some(p) => {
                    let file = self.bytes_of(p).await?;
                    self.backend.set_chat_photo(chat, Some(&file)).await
                }
                None => self.backend.set_chat_photo(chat, None).await,
            }
        })
        .await
    }

    /// Changes a chat's switches.
    pub async fn set_chat_settings(
        &self,
        chat: &str,
        settings: &ChatSettings,
    ) -> Result<Chat, GuardError> {
        let op = Op::new("set-chat-settings", chat, Kind::Change);
        self.guarded(op, || self.backend.set_chat_settings(chat, settings))
            .await
    }

    /// Makes an image the profile photo; its id.
    pub async fn set_profile_photo(&self, photo: &MediaSource) -> Result<i64, GuardError> {
        let mut op = Op::new("set-profile-photo", "me", Kind::Account);
        op.invalid = photo_too_big(photo);
        self.guarded(op, || async {
            let file = self.bytes_of(photo).await?;
            self.backend.set_profile_photo(&file).await
        })
        .await
    }

    /// Sets or clears the emoji status.
    pub async fn set_emoji_status(
        &self,
        emoji_id: Option<i64>,
        until: Option<i64>,
    ) -> Result<(), GuardError> {
        let op = Op::new("set-emoji-status", "me", Kind::Account);
        self.guarded(op, || self.backend.set_emoji_status(emoji_id, until))
            .await
    }

    /// Sets or removes the birthday.
    pub async fn set_birthday(&self, birthday: Option<Birthday>) -> Result<(), GuardError> {
        let op = Op::new("set-birthday", "me", Kind::Account);
        self.guarded(op, || self.backend.set_birthday(birthday))
            .await
    }

    /// Sends scheduled messages now: a post (quota, review) of that many.
    pub async fn send_scheduled_now(
        &self,
        chat: &str,
        ids: &[i32],
    ) -> Result<Vec<Message>, GuardError> {
        let mut op = Op::new("send-scheduled-now", chat, Kind::Post);
        op.ids = ids;
        if ids.len() > MAX_MESSAGE_IDS {
            op.invalid = Some(format!(
                "at most {MAX_MESSAGE_IDS} message ids per call, got {}",
                ids.len()
            ));
        }
        self.guarded(op, || self.backend.send_scheduled_now(chat, ids))
            .await
    }

    /// Channels like an allowed one (or recommended), those the policy lets the plugin see.
    pub async fn similar_channels(&self, chat: Option<&str>) -> Result<Vec<Chat>, GuardError> {
        if let Some(c) = chat {
            self.allowed_chat(c).await?;
        }
        let found = self.backend.similar_channels(chat).await?;
        let rules = &self.policy.chats;
        Ok(found.into_iter().filter(|c| rules.allows(c)).collect())
    }

    /// Statistics of an allowed chat.
    pub async fn chat_stats(&self, chat: &str) -> Result<ChatStats, GuardError> {
        self.allowed_chat(chat).await?;
        Ok(self.backend.chat_stats(chat).await?)
    }
}
