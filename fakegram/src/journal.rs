//! What changed in each message box, with the pts Telegram gave the
//! change: the common box (private chats and basic groups) and each
//! channel's own. `updates.getDifference` and `updates.getChannelDifference`
//! replay it to a client that missed updates (see `rpc/difference.rs`).

use std::collections::{HashMap, VecDeque};

use crate::account::{Account, Message, Peer};

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
    /// The pts each box had when its journal began (or the oldest change
    /// kept left it): a client from before it missed changes no one kept.
    /// `None` is the common box.
    starts: HashMap<Option<i64>, i32>,
    /// How far behind (in pts) a client may be before getDifference answers
    /// `differenceTooLong` (and getChannelDifference `channelDifferenceTooLong`).
    pub too_long: i32,
}

impl Default for Journal {
    fn default() -> Self {
        Journal {
            common: VecDeque::new(),
            channels: HashMap::new(),
            starts: HashMap::new(),
            too_long: KEEP as i32,
        }
    }
}

impl Journal {
    /// Records a change of `peer`'s box.
    pub fn record(&mut self, peer: Peer, entry: Entry) {
        let key = box_key(peer);
        let start = self
            .starts
            .entry(key)
            .or_insert(entry.pts - entry.pts_count);
        let list = match key {
            Some(id) => self.channels.entry(id).or_default(),
            None => &mut self.common,
        };
        if list.len() >= KEEP {
            if let Some(gone) = list.pop_front() {
                *start = gone.pts;
            }
        }
        list.push_back(entry);
    }

    /// Notes that `peer`'s box changed from `pts` without a change to replay
    /// (a pin, a reaction): the journal covers the box from there on.
    pub fn touch(&mut self, peer: Peer, pts: i32) {
        self.starts.entry(box_key(peer)).or_insert(pts);
    }

    /// The changes of a box after `pts`, oldest first; `None` when the
    /// journal does not hold them all, the client is too far behind, or it
    /// claims a pts the box never had (a state from another server).
    pub fn since(&self, peer: Peer, pts: i32, now_pts: i32) -> Option<Vec<&Entry>> {
        if pts > now_pts || now_pts.saturating_sub(pts) > self.too_long {
            return None;
        }
        let key = box_key(peer);
        // Nothing journaled yet: the box is where the journal would begin.
        let start = self.starts.get(&key).copied().unwrap_or(now_pts);
        if pts < start {
            return None;
        }
        let list = match key {
            Some(id) => self.channels.get(&id),
            None => Some(&self.common),
        };
        Some(list.into_iter().flatten().filter(|e| e.pts > pts).collect())
    }
}

impl Account {
    /// Records a change of `peer`'s box that moved its pts to `pts`.
    pub fn note(&mut self, peer: Peer, pts: i32, pts_count: i32, event: Event) {
        let entry = Entry {
            pts,
            pts_count,
            common_pts: self.pts,
            date: self.now(),
            event,
        };
        self.journal.record(peer, entry);
    }
}

/// The key of a box: `None` for the common box, the channel id otherwise.
fn box_key(peer: Peer) -> Option<i64> {
    match peer {
        Peer::Channel(id) => Some(id),
        _ => None,
    }
}
