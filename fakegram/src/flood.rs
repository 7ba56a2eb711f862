//! Telegram's organic limits on how often an account may act: the rate of
//! username resolution (`FLOOD_WAIT_X`) and a chat's slow mode
//! (`SLOWMODE_WAIT_X`). Scripted faults (`faults.rs`) are separate: these
//! come from what the client actually does.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use crate::account::Peer;

/// A rate: at most `calls` in any `window`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rate {
    pub calls: usize,
    pub window: Duration,
}

/// The account's limits and what it has done against them.
#[derive(Clone, Debug)]
pub struct Flood {
    /// `contacts.resolveUsername`: Telegram allows a few hundred a day and
    /// answers bursts with FLOOD_WAIT; tests that resolve a lot raise it.
    pub resolve: Rate,
    resolves: VecDeque<Instant>,
    /// When the account last posted in each chat (account clock seconds),
    /// for slow mode.
    pub(crate) last_post: HashMap<Peer, i32>,
}

/// Resolutions allowed in [`RESOLVE_WINDOW`] before FLOOD_WAIT.
pub const RESOLVE_CALLS: usize = 30;
pub const RESOLVE_WINDOW: Duration = Duration::from_secs(30);

impl Default for Flood {
    fn default() -> Self {
        Flood {
            resolve: Rate {
                calls: RESOLVE_CALLS,
                window: RESOLVE_WINDOW,
            },
            resolves: VecDeque::new(),
            last_post: HashMap::new(),
        }
    }
}

impl Flood {
    /// Counts one username resolution; `Err(seconds)` to wait when over the rate.
    pub fn resolve_once(&mut self) -> Result<(), u64> {
        take(&mut self.resolves, self.resolve, Instant::now())
    }
}

/// Counts a call at `now` against `rate`, or says how long until one is free.
fn take(calls: &mut VecDeque<Instant>, rate: Rate, now: Instant) -> Result<(), u64> {
    while calls
        .front()
        .is_some_and(|t| now.duration_since(*t) >= rate.window)
    {
        calls.pop_front();
    }
    if calls.len() >= rate.calls {
        let oldest = calls.front().copied().unwrap_or(now);
        let left = rate.window.saturating_sub(now.duration_since(oldest));
        // Telegram rounds up: FLOOD_WAIT_0 would invite an immediate retry.
        return Err(left.as_secs_f64().ceil().max(1.0) as u64);
    }
    calls.push_back(now);
    Ok(())
}

/// Seconds still to wait in slow mode of `seconds` after a post at `last`.
pub fn slow_mode_left(seconds: i32, last: Option<i32>, now: i32) -> Option<i32> {
    let last = last?;
    let left = last.saturating_add(seconds).saturating_sub(now);
    (seconds > 0 && left > 0).then_some(left)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_call_over_the_rate_waits_until_the_oldest_leaves_the_window() {
        let rate = Rate {
            calls: 2,
            window: Duration::from_secs(30),
        };
        let mut calls = VecDeque::new();
        let t0 = Instant::now();
        assert_eq!(take(&mut calls, rate, t0), Ok(()));
        assert_eq!(take(&mut calls, rate, t0 + Duration::from_secs(10)), Ok(()));
        assert_eq!(
            take(&mut calls, rate, t0 + Duration::from_secs(12)),
            Err(18)
        );
        assert_eq!(take(&mut calls, rate, t0 + Duration::from_secs(30)), Ok(()));
    }

    #[test]
    fn slow_mode_counts_from_the_last_post() {
        assert_eq!(slow_mode_left(30, Some(100), 110), Some(20));
        assert_eq!(slow_mode_left(30, Some(100), 130), None);
        assert_eq!(slow_mode_left(30, None, 110), None);
        assert_eq!(slow_mode_left(0, Some(100), 100), None);
    }
}
