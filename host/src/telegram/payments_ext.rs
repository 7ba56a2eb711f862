//! Telegram Stars: the balance, transactions, subscriptions, the gift
//! catalogue and paid reactions. Implemented by the grammers backend
//! (`grammers/payments_ext.rs`); the policy applies through `policy::Guard`
//! (`policy/guard/payments.rs`: spending is a post, under the send quota).

use async_trait::async_trait;
use serde::Serialize;

use super::TelegramError;

/// Most Stars one paid reaction spends (Telegram allows more; a tool should not).
pub const MAX_PAID_STARS: u32 = 100;
/// Most transactions one status lists.
pub const MAX_TRANSACTIONS: u32 = 50;

/// One movement of Stars.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StarsTransaction {
    pub id: String,
    /// Negative when spent.
    pub amount: i64,
    /// Unix seconds.
    pub date: i64,
    /// Bot-API id of the other side, where it is a chat or user.
    pub peer_id: Option<i64>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub reaction: bool,
    pub gift: bool,
    pub refund: bool,
    pub message_id: Option<i32>,
}

/// A paid subscription (a channel or bot charging Stars per period).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StarsSubscription {
    pub id: String,
    pub peer_id: i64,
    /// Unix seconds the paid period ends.
    pub until: i64,
    /// Seconds per period.
    pub period: u32,
    /// Stars per period.
    pub amount: i64,
    pub canceled: bool,
    pub title: Option<String>,
}

/// The Stars balance with recent transactions and subscriptions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StarsStatus {
    pub balance: i64,
    pub transactions: Vec<StarsTransaction>,
    pub subscriptions: Vec<StarsSubscription>,
}

/// A gift of the catalogue.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gift {
    pub id: i64,
    /// What it costs.
    pub stars: i64,
    /// What the receiver may turn it into.
    pub convert_stars: i64,
    pub title: Option<String>,
    pub limited: bool,
    pub sold_out: bool,
    pub remains: Option<u32>,
    pub total: Option<u32>,
}

/// Stars (see the module docs).
#[async_trait]
pub trait PaymentsExt {
    /// The balance, up to `limit` newest transactions and the subscriptions.
    async fn stars_status(&self, limit: u32) -> Result<StarsStatus, TelegramError>;
    /// The gifts one can send.
    async fn list_gifts(&self) -> Result<Vec<Gift>, TelegramError>;
    /// Spends `count` Stars on a paid reaction to message `id` (anonymously
    /// when asked: the top reactors list does not show the account).
    async fn send_paid_reaction(
        &self,
        chat: &str,
        id: i32,
        count: u32,
        anonymous: bool,
    ) -> Result<(), TelegramError>;
}
