//! What changed in each message box, with the pts Telegram gave the
//! change: the common box (private chats and basic groups) and each
//! channel's own. `updates.getDifference` and `updates.getChannelDifference`
//! replay it to a client that missed updates (see `rpc/difference.rs`).

use std::collections::{HashMap, VecDeque};

use crate::account::{Message, Peer};

/// Changes one box keeps; a client further behind is told to start over
/// (`differenceTooLong`), as Telegram does once its own log has moved on.
pub const KEEP: usize = 1000;

/// One change to a message box.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// A new message (replayed with its contents as they are now).
    New(Message),
    /// A message's new text (`updateEditMessage`).
    Edit(Message),
    /// Messages deleted (`updateDeleteMessages`).
    Delete(Vec<i32>),
    /// The account read `peer` up to this id (`updateReadHistoryInbox`).
    ReadInbox(Peer, i32),
}

/// A change with its place in the box.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// The box's pts after the change.
    pub pts: i32,
    pub pts_count: i32,
    /// The common box's pts when a channel changed: getDifference mentions
    /// channels that changed since the client's common pts.
    pub common_pts: i32,
    pub date: i32,
    pub event: Event,
}

/// Every box's recent changes.
#[derive(Clone, Debug)]
pub struct Journal {
    pub common: VecDeque<Entry>,
    pub channels: HashMap<i64, VecDeque<Entry>>,
    /// How far behind (in pts) a client may be before getDifference answers
    /// `differenceTooLong` (and getChannelDifference `channelDifferenceTooLong`).
    pub too_long: i32,
}

impl Default for Journal {
    fn default() -> Self {
        Journal {
            common: VecDeque::new(),
            channels: HashMap::new(),
            too_long: KEEP as i32,
        }
    }
}

impl Journal {
    /// Records a change of `peer`'s box.
    pub fn record(&mut self, peer: Peer, entry: Entry) {
        let list = match peer {
            Peer::Channel(id) => self.channels.entry(id).or_default(),
            _ => &mut self.common,
        };
        if list.len() >= KEEP {
            list.pop_front();
        }
        list.push_back(entry);
    }

    /// The changes of a box after `pts`, oldest first; `None` when the box
    /// no longer holds them all (or the client is too far behind).
    pub fn since(&self, peer: Peer, pts: i32, now_pts: i32) -> Option<Vec<&Entry>> {
        let list = match peer {
            Peer::Channel(id) => match self.channels.get(&id) {
                Some(l) => l,
                None => return Some(Vec::new()),
            },
            _ => &self.common,
        };
        if now_pts.saturating_sub(pts) > self.too_long {
            return None;
        }
        // The oldest kept change must start at or before the client's pts.
        if let Some(first) = list.front() {
            if first.pts - first.pts_count > pts && list.len() >= KEEP {
                return None;
            }
        }
        Some(list.iter().filter(|e| e.pts > pts).collect())
    }
}
