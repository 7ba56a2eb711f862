//! Changing the account itself: contacts, the block list, spam reports, the
//! profile, privacy rules, sessions and profile photos. Implemented by the
//! grammers backend (`grammers/account_ext.rs`).
//!
//! Users are strings as users write them (see [`super::Backend`]).

use async_trait::async_trait;
use serde::Serialize;

use super::records::UserFull;
use super::{TelegramError, User};

/// Most contacts one import takes.
pub const MAX_IMPORT: usize = 100;

/// A contact to import by phone number.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ContactCard {
    pub phone: String,
    pub first_name: String,
    pub last_name: Option<String>,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ImportResult {
    /// Users now in the contacts.
    pub imported: Vec<User>,
    /// Phone numbers with no Telegram account behind them.
    pub not_found: Vec<String>,
}

/// Profile fields to change; `None` leaves a field as it is, an empty string
/// clears it (the first name cannot be cleared).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProfileChanges {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub about: Option<String>,
    pub username: Option<String>,
}

impl ProfileChanges {
    /// Whether nothing would change.
    pub fn is_empty(&self) -> bool {
        self.first_name.is_none()
            && self.last_name.is_none()
            && self.about.is_none()
            && self.username.is_none()
    }
}

/// What a privacy setting is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PrivacyKey {
    PhoneNumber,
    LastSeen,
    ProfilePhoto,
    Bio,
    Birthday,
    Forwards,
    Calls,
    /// Who may add the account to groups and channels.
    Invites,
    VoiceMessages,
    /// Who may find the account by its phone number.
    FindByPhone,
}

/// Who may, before the exceptions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PrivacyBase {
    Everybody,
    Contacts,
    Nobody,
}

/// A privacy setting: a base rule and exceptions, as Telegram's apps show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Privacy {
    pub base: PrivacyBase,
    /// Bot-API ids always allowed (users, or groups whose members are).
    pub allow: Vec<i64>,
    /// Bot-API ids never allowed.
    pub deny: Vec<i64>,
}

/// A privacy setting to save: exceptions are chats as users write them.
#[derive(Debug, Clone, PartialEq)]
pub struct PrivacyRules {
    pub base: PrivacyBase,
    pub allow: Vec<String>,
    pub deny: Vec<String>,
}

/// One logged-in session (device) of the account.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SessionInfo {
    /// What `terminate_session` takes; 0 is the current session.
    pub hash: i64,
    /// The session tgmcp itself runs on.
    pub current: bool,
    pub device: String,
    pub platform: String,
    pub system: String,
    /// App name and version.
    pub app: String,
    /// An official Telegram app.
    pub official: bool,
    pub ip: String,
    pub country: String,
    pub region: String,
    /// Unix seconds.
    pub created: i64,
    pub last_active: i64,
}

/// The account operations beyond reading and messaging.
#[async_trait]
pub trait AccountExt: Send + Sync {
    /// Adds `user` to the contacts under this name, or renames the contact;
    /// `share_phone` lets them see the account's phone number.
    async fn add_contact(
        &self,
        user: &str,
        first_name: &str,
        last_name: Option<&str>,
        share_phone: bool,
    ) -> Result<User, TelegramError>;
    /// Removes users from the contacts; how many users it named.
    async fn delete_contacts(&self, users: &[String]) -> Result<u32, TelegramError>;
    /// Adds people by phone number.
    async fn import_contacts(&self, cards: &[ContactCard]) -> Result<ImportResult, TelegramError>;
    async fn set_blocked(&self, user: &str, blocked: bool) -> Result<(), TelegramError>;
    /// Reports a chat or user as spam.
    async fn report_spam(&self, chat: &str) -> Result<(), TelegramError>;
    /// Changes the account's name, bio or username; the profile as it is now.
    async fn update_profile(&self, changes: &ProfileChanges) -> Result<UserFull, TelegramError>;
    /// Deletes profile photos by id (none: the current one); the ids deleted.
    async fn delete_profile_photos(&self, ids: &[i64]) -> Result<Vec<i64>, TelegramError>;
    async fn get_privacy(&self, key: PrivacyKey) -> Result<Privacy, TelegramError>;
    /// Saves a privacy setting; the setting as Telegram now has it.
    async fn set_privacy(
        &self,
        key: PrivacyKey,
        rules: &PrivacyRules,
    ) -> Result<Privacy, TelegramError>;
    /// The account's sessions, the current one first.
    async fn list_sessions(&self) -> Result<Vec<SessionInfo>, TelegramError>;
    /// Ends one session (never the current one: see the guard).
    async fn terminate_session(&self, hash: i64) -> Result<(), TelegramError>;
}
