//! Opt-in extras of an account: translations, link previews, boosts,
//! fact-checks, quick replies, voice chats, the default reaction and the
//! Business profile. Implemented by the grammers backend
//! (`grammers/extras_ext.rs`); the policy applies through `policy::Guard`'s
//! methods of the same names (`policy/guard/extras.rs`).

use async_trait::async_trait;
use serde::Serialize;

use super::TelegramError;

/// Most messages one translation or fact-check call names.
pub const MAX_EXTRAS_IDS: usize = 20;
/// Most voice-chat participants one call lists.
pub const MAX_CALL_PARTICIPANTS: u32 = 100;

/// One message in another language.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Translation {
    pub id: i32,
    pub text: String,
}

/// What Telegram shows for a link.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct WebPreview {
    pub url: String,
    pub display_url: String,
    /// `article`, `photo`, `video`, `telegram_channel`, …
    pub kind: Option<String>,
    pub site_name: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub author: Option<String>,
}

/// A channel's boost level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Boosts {
    pub level: u32,
    pub boosts: u32,
    /// Boosts the current level needed.
    pub current_level_boosts: u32,
    /// Boosts the next level needs (none at the top).
    pub next_level_boosts: Option<u32>,
    pub gift_boosts: u32,
    /// Whether this account boosts the channel.
    pub my_boost: bool,
    pub boost_url: String,
}

/// A fact-check note under a channel post.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FactCheck {
    pub id: i32,
    /// Telegram has not fetched it yet.
    pub need_check: bool,
    pub country: Option<String>,
    pub text: Option<String>,
}

/// A Business quick reply (a `/shortcut` and its messages).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuickReply {
    pub id: i32,
    pub shortcut: String,
    /// How many messages it sends.
    pub count: u32,
    pub top_message: i32,
}

/// Someone in a voice chat.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CallParticipant {
    pub peer_id: i64,
    pub name: String,
    pub muted: bool,
    /// Unix seconds.
    pub joined: i64,
    pub raised_hand: bool,
    pub video: bool,
}

/// A chat's voice chat.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupCall {
    pub id: i64,
    pub title: Option<String>,
    pub participants_count: u32,
    /// Unix seconds, for a call not yet started.
    pub scheduled: Option<i64>,
    pub participants: Vec<CallParticipant>,
}

/// A Business chat link (`t.me/m/…`) that opens a chat with a prefilled message.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BusinessLink {
    pub link: String,
    pub message: String,
    pub title: Option<String>,
    pub views: u32,
}

/// Opening hours: a time zone and open intervals in minutes from Monday 00:00.
#[derive(Debug, Clone, PartialEq)]
pub struct BusinessHours {
    pub timezone: String,
    pub open: Vec<(u32, u32)>,
}

/// When the away message is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AwaySchedule {
    Always,
    OutsideHours,
}

/// Parts of the Business profile to set; none leaves a part as it is.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BusinessChanges {
    pub hours: Option<BusinessHours>,
    pub address: Option<String>,
    /// The intro's title and text.
    pub intro: Option<(String, String)>,
    /// The quick reply sent as a greeting, and after how many days without contact.
    pub greeting: Option<(i32, u32)>,
    /// The quick reply sent when away, when, and whether only while offline.
    pub away: Option<(i32, AwaySchedule, bool)>,
    /// Parts to remove.
    pub clear: Vec<BusinessPart>,
}

/// A part of the Business profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BusinessPart {
    Hours,
    Location,
    Intro,
    Greeting,
    Away,
}

/// The extras of an account (see the module docs).
#[async_trait]
pub trait ExtrasExt {
    /// Messages `ids` of `chat` translated to `lang` (ISO 639-1).
    async fn translate(
        &self,
        chat: &str,
        ids: &[i32],
        lang: &str,
    ) -> Result<Vec<Translation>, TelegramError>;
    /// The preview Telegram makes of `url`; none when it makes none.
    async fn web_preview(&self, url: &str) -> Result<Option<WebPreview>, TelegramError>;
    /// A channel's boost status.
    async fn boosts(&self, chat: &str) -> Result<Boosts, TelegramError>;
    /// Fact-checks of channel posts `ids` (posts without one are left out).
    async fn get_fact_check(
        &self,
        chat: &str,
        ids: &[i32],
    ) -> Result<Vec<FactCheck>, TelegramError>;
    /// Sets (or with an empty text, removes) a post's fact-check.
    async fn set_fact_check(&self, chat: &str, id: i32, text: &str) -> Result<(), TelegramError>;
    /// The account's Business quick replies.
    async fn quick_replies(&self) -> Result<Vec<QuickReply>, TelegramError>;
    /// The chat's voice chat with up to `limit` participants; none when there is none.
    async fn group_call(&self, chat: &str, limit: u32) -> Result<Option<GroupCall>, TelegramError>;
    /// The reaction a double tap sends.
    async fn set_default_reaction(&self, emoji: &str) -> Result<(), TelegramError>;
    /// The account's Business chat links.
    async fn business_links(&self) -> Result<Vec<BusinessLink>, TelegramError>;
    /// Changes the Business profile.
    async fn set_business_profile(&self, changes: &BusinessChanges) -> Result<(), TelegramError>;
}
