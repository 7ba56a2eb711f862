//! Updates through the policy: waits and pages show only chats the policy
//! lets the plugin read; waits are bounded.

use std::collections::HashSet;
use std::time::Duration;

use super::{Guard, GuardError};
use crate::telegram::events::{Event, EventLog};
use crate::telegram::{Message, TelegramError};

/// Longest settle after the first message of a burst.
pub const MAX_SETTLE: Duration = Duration::from_secs(5);
/// Most updates one page returns.
pub const MAX_UPDATES: u32 = 100;

/// A page of updates.
pub struct UpdatePage {
    pub updates: Vec<Event>,
    pub next_cursor: String,
    pub missed: bool,
}

impl Guard {
    fn event_log(&self) -> Result<&EventLog, GuardError> {
        self.backend.events().ok_or_else(|| {
            GuardError::Telegram(TelegramError::Other(
                "this backend does not follow Telegram's updates".into(),
            ))
        })
    }

    /// New messages in `chats` (empty: every chat the policy shows) arriving
    /// within `timeout`, and then within `settle` of the first.
    pub async fn wait_for_messages(
        &self,
        chats: &[String],
        timeout: Duration,
        settle: Duration,
        include_outgoing: bool,
    ) -> Result<Vec<Message>, GuardError> {
        let log = self.event_log()?;
        let mut ids = HashSet::new();
        for c in chats.iter().take(100) {
            self.allowed_chat(c).await?;
            ids.insert(self.backend.get_chat(c).await?.id);
        }
        let keep = |m: &Message| {
            (ids.is_empty() || ids.contains(&m.chat_id)) && (include_outgoing || !m.outgoing)
        };
        let deadline = tokio::time::Instant::now() + timeout;
        let mut after = log.latest();
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            let (found, upto) = log
                .wait_messages(after, left, settle.min(MAX_SETTLE), keep)
                .await;
            // Hidden chats wake the wait too: drop them and wait on.
            let visible = self.visible_messages(found).await;
            if !visible.is_empty() || tokio::time::Instant::now() >= deadline {
                return Ok(visible);
            }
            after = upto;
        }
    }

    /// Updates after `cursor` (none: the oldest kept) in chats the policy shows.
    pub async fn get_updates(
        &self,
        cursor: Option<&str>,
        limit: u32,
    ) -> Result<UpdatePage, GuardError> {
        let log = self.event_log()?;
        let (after, restarted) = match cursor {
            Some(c) => log.parse_cursor(c)?,
            None => (0, false),
        };
        let limit = limit.clamp(1, MAX_UPDATES) as usize;
        let page = log.page(after, limit, |_| true);
        let mut updates = Vec::with_capacity(page.events.len());
        let restricted = self.policy.chats.is_restricted();
        for e in page.events {
            let shown = match (restricted, e.chat_id) {
                (false, _) => true,
                (true, Some(id)) => self
                    .backend
                    .get_chat(&id.to_string())
                    .await
                    .is_ok_and(|c| self.policy.chats.allows(&c)),
                // A deletion that names no chat could be anyone's.
                (true, None) => false,
            };
            if shown {
                updates.push(e);
            }
        }
        Ok(UpdatePage {
            updates,
            next_cursor: log.cursor(page.next),
            missed: page.missed || restarted,
        })
    }
}
