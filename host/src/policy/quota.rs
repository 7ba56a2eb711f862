//! Send quotas: per minute and per hour, for the whole server and per chat.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Configured limits; `None` is unlimited.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QuotaLimits {
    pub per_minute: Option<u32>,
    pub per_hour: Option<u32>,
    pub per_chat_per_minute: Option<u32>,
    pub per_chat_per_hour: Option<u32>,
}

/// Sliding-window counters of sends.
#[derive(Debug, Default)]
pub struct SendQuota {
    limits: QuotaLimits,
    sent: Mutex<SendLog>,
}

/// Times of recent sends: all of them, and per chat.
#[derive(Debug, Default)]
struct SendLog {
    all: VecDeque<Instant>,
    per_chat: HashMap<i64, VecDeque<Instant>>,
}

const MINUTE: Duration = Duration::from_secs(60);
const HOUR: Duration = Duration::from_secs(3600);

/// How long until one more send fits under `limit` sends per `window`.
fn wait(
    log: &VecDeque<Instant>,
    limit: Option<u32>,
    window: Duration,
    now: Instant,
) -> Option<Duration> {
    let limit = limit? as usize;
    let recent: Vec<&Instant> = log
        .iter()
        .filter(|t| now.duration_since(**t) < window)
        .collect();
    if recent.len() < limit {
        return None;
    }
    // The oldest send inside the window must age out first.
    let oldest = recent[recent.len() - limit];
    Some(window.saturating_sub(now.duration_since(*oldest)))
}

impl SendQuota {
    /// Counters for `limits`.
    pub fn new(limits: QuotaLimits) -> Self {
        SendQuota {
            limits,
            sent: Mutex::default(),
        }
    }

    /// Whether any limit is set.
    pub fn is_limited(&self) -> bool {
        self.limits != QuotaLimits::default()
    }

    /// Takes one send to `chat` if every limit allows it, else says which limit and how long to wait.
    pub fn take(&self, chat: i64) -> Result<(), String> {
        self.take_at(chat, Instant::now())
    }

    fn take_at(&self, chat: i64, now: Instant) -> Result<(), String> {
        let mut g = self.sent.lock().unwrap_or_else(|e| e.into_inner());
        let SendLog { all, per_chat } = &mut *g;
        let l = &self.limits;
        let empty = VecDeque::new();
        let chat_log = per_chat.get(&chat).unwrap_or(&empty);
        let checks = [
            (
                wait(all, l.per_minute, MINUTE, now),
                l.per_minute,
                "per minute",
            ),
            (wait(all, l.per_hour, HOUR, now), l.per_hour, "per hour"),
            (
                wait(chat_log, l.per_chat_per_minute, MINUTE, now),
                l.per_chat_per_minute,
                "per minute to this chat",
            ),
            (
                wait(chat_log, l.per_chat_per_hour, HOUR, now),
                l.per_chat_per_hour,
                "per hour to this chat",
            ),
        ];
        for (w, limit, what) in checks {
            if let (Some(w), Some(limit)) = (w, limit) {
                return Err(format!(
                    "send quota reached ({limit} messages {what}); try again in {} s",
                    w.as_secs().max(1)
                ));
            }
        }
        all.push_back(now);
        while all.front().is_some_and(|t| now.duration_since(*t) >= HOUR) {
            all.pop_front();
        }
        let log = per_chat.entry(chat).or_default();
        log.push_back(now);
        while log.front().is_some_and(|t| now.duration_since(*t) >= HOUR) {
            log.pop_front();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_minute_and_per_chat_limits() {
        let q = SendQuota::new(QuotaLimits {
            per_minute: Some(3),
            per_chat_per_minute: Some(2),
            ..Default::default()
        });
        let t0 = Instant::now();
        assert!(q.take_at(1, t0).is_ok());
        assert!(q.take_at(1, t0).is_ok());
        let e = q.take_at(1, t0).unwrap_err();
        assert!(
            e.contains("2 messages per minute to this chat") && e.contains("60 s"),
            "{e}"
        );
        assert!(q.take_at(2, t0).is_ok());
        let e = q.take_at(3, t0 + Duration::from_secs(15)).unwrap_err();
        assert!(
            e.contains("3 messages per minute") && e.contains("45 s"),
            "{e}"
        );
        assert!(
            q.take_at(3, t0 + Duration::from_secs(61)).is_ok(),
            "the window slides"
        );
    }
}
