//! Looking outward from a chat: channels like it and its statistics.
//! Implemented by the grammers backend (`grammers/insight_ext.rs`); the
//! policy applies through the guard (`policy/guard/settings.rs`).

use async_trait::async_trait;
use serde::Serialize;

use super::{Chat, TelegramError};

/// One figure, now and in the period before.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatValue {
    pub name: String,
    pub current: f64,
    pub previous: f64,
}

/// A member who posted in a group during the period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopPoster {
    pub user_id: i64,
    pub messages: u32,
    pub average_chars: u32,
}

/// Statistics of a channel or supergroup.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChatStats {
    /// Unix seconds.
    pub period_start: i64,
    pub period_end: i64,
    pub values: Vec<StatValue>,
    pub notifications_enabled_percent: Option<f64>,
    pub top_posters: Vec<TopPoster>,
}

/// Reads about chats beyond their messages.
#[async_trait]
pub trait InsightExt: Send + Sync {
    /// Channels like `chat`, or recommended for the account (`None`).
    async fn similar_channels(&self, chat: Option<&str>) -> Result<Vec<Chat>, TelegramError>;

    /// A channel's or supergroup's statistics.
    async fn chat_stats(&self, chat: &str) -> Result<ChatStats, TelegramError>;
}
