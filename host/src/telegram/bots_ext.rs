//! Inline bots: asking one for results (the bot sees the query, so it is a
//! write) and sending a result. Implemented by the grammers backend
//! (`grammers/bots.rs`); guarded in `policy/guard/stories.rs`.

use async_trait::async_trait;
use serde::Serialize;

use super::{Message, SendOptions, TelegramError};

/// One answer of an inline bot.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InlineResult {
    /// What `send_inline_result` takes.
    pub id: String,
    /// article, photo, gif, video, sticker, …
    pub kind: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub url: Option<String>,
    /// The text it sends, for text results.
    pub text: Option<String>,
}

/// An inline bot's answer to a query.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InlineResults {
    pub query_id: i64,
    pub results: Vec<InlineResult>,
    pub next_offset: Option<String>,
}

/// Inline bots.
#[async_trait]
pub trait BotsExt: Send + Sync {
    /// Asks inline bot `bot` for results to `query` in `chat`.
    async fn inline_query(
        &self,
        bot: &str,
        query: &str,
        chat: &str,
        offset: Option<&str>,
    ) -> Result<InlineResults, TelegramError>;

    /// Sends result `result_id` of query `query_id` into `chat`.
    async fn send_inline_result(
        &self,
        chat: &str,
        query_id: i64,
        result_id: &str,
        opts: &SendOptions,
    ) -> Result<Message, TelegramError>;
}
