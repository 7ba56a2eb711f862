//! Where an account's dates come from: the wall clock, as at Telegram, or
//! a shifted or frozen one so a test can pin what "now" is.

use crate::account::{Account, Peer};
use crate::wire::now_secs;

/// The account's notion of now (Unix seconds).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Clock {
    /// The wall clock: a message sent today is dated today.
    #[default]
    Wall,
    /// The wall clock shifted by this many seconds (a test that needs
    /// "now" to be a known distance from seeded dates, still ticking).
    Offset(i64),
    /// Time stands still at this instant (a test that pins exact dates).
    Fixed(i32),
}

impl Clock {
    /// Now, in Unix seconds.
    pub fn now(self) -> i32 {
        let wall = now_secs();
        let at = match self {
            Clock::Wall => wall,
            Clock::Offset(d) => wall.saturating_add(d),
            Clock::Fixed(t) => return t,
        };
        at.clamp(0, i32::MAX as i64) as i32
    }
}

impl Account {
    /// The same account with its dates taken from `clock`.
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// Now (Unix seconds) by the account's clock.
    pub fn now(&self) -> i32 {
        self.clock.now()
    }

    /// The date of a new message in `peer`: now, but never before the
    /// chat's newest message (dates are seconds; ids give the order).
    pub(crate) fn date_in(&self, peer: Peer) -> i32 {
        let newest = self.history(peer).last().map_or(0, |m| m.date);
        self.now().max(newest)
    }

    /// The date of the newest message anywhere (the demo seeds relative to it).
    pub fn newest_date(&self) -> i32 {
        self.dialogs
            .iter()
            .filter_map(|d| d.top_message())
            .map(|m| m.date)
            .max()
            .unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wall_clock_is_today_and_the_others_follow_it() {
        let wall = Clock::Wall.now();
        // 2026-01-01: a wall clock reads later than any synthetic demo date.
        assert!(wall > 1_767_225_600, "{wall}");
        assert!((Clock::Offset(-3_600).now() - (wall - 3_600)).abs() <= 1);
        assert_eq!(Clock::Fixed(1_000).now(), 1_000);
    }
}
