//! Settings of chats and of the account beyond names and texts: the photos
//! of a chat and of the profile, a chat's switches (signatures, visible
//! history, forum, anti-spam, join requests, reactions), the emoji status
//! and the birthday. Implemented by the grammers backend
//! (`grammers/settings_ext.rs`); the policy applies through the guard's
//! methods of the same names (`policy/guard/settings.rs`).

use async_trait::async_trait;

use super::media::Upload;
use super::{Chat, TelegramError};

/// Which reactions members may use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReactionChoice {
    All,
    None,
    /// Only these emoji.
    Some(Vec<String>),
}

/// Switches of a group or channel; `None` leaves one as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChatSettings {
    pub signatures: Option<bool>,
    pub history_visible: Option<bool>,
    pub forum: Option<bool>,
    pub anti_spam: Option<bool>,
    pub join_requests: Option<bool>,
    pub reactions: Option<ReactionChoice>,
}

impl ChatSettings {
    /// Whether nothing would change.
    pub fn is_empty(&self) -> bool {
        *self == ChatSettings::default()
    }
}

/// A birthday; the year is optional.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Birthday {
    pub day: u8,
    pub month: u8,
    pub year: Option<u16>,
}

impl Birthday {
    /// Checks the date as a calendar would (29 February needs no year).
    pub fn check(&self) -> Result<(), TelegramError> {
        let days = match self.month {
            2 => 29,
            4 | 6 | 9 | 11 => 30,
            1..=12 => 31,
            _ => 0,
        };
        if self.day == 0 || self.day > days {
            return Err(TelegramError::InvalidArgs(format!(
                "{}/{} is not a date (day/month)",
                self.day, self.month
            )));
        }
        if self.year.is_some_and(|y| !(1900..=2100).contains(&y)) {
            return Err(TelegramError::InvalidArgs(
                "the birth year must be between 1900 and 2100".into(),
            ));
        }
        Ok(())
    }
}

/// Photos and switches of chats and of the account.
#[async_trait]
pub trait SettingsExt: Send + Sync {
    /// Sets the chat's photo, or removes it (`None`).
    async fn set_chat_photo(&self, chat: &str, photo: Option<&Upload>)
        -> Result<(), TelegramError>;

    /// Changes the chat's switches; returns the chat.
    async fn set_chat_settings(
        &self,
        chat: &str,
        settings: &ChatSettings,
    ) -> Result<Chat, TelegramError>;

    /// Makes the image the profile photo; returns its id.
    async fn set_profile_photo(&self, photo: &Upload) -> Result<i64, TelegramError>;

    /// Sets (a custom emoji's document id, until a time) or clears the emoji status.
    async fn set_emoji_status(
        &self,
        emoji_id: Option<i64>,
        until: Option<i64>,
    ) -> Result<(), TelegramError>;

    /// Sets or removes the birthday.
    async fn set_birthday(&self, birthday: Option<Birthday>) -> Result<(), TelegramError>;
}
