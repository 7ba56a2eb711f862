//! What arrives from Telegram while the server runs (new, edited and deleted
//! messages), kept in a bounded ring buffer: `wait_for_message` wakes on it
//! and `get_updates` pages through it. With no reader, memory stays under the
//! caps: the oldest events make room for new ones and are counted as dropped.
//! (Over 400 lines with its tests; the code is about 320.)

use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::Duration;

use serde::Serialize;

use super::records::cursor;
use super::{Message, TelegramError};

/// The operation get_updates' cursors are tagged with.
const CURSOR_OP: &str = "updates";

/// Events kept at most, whatever their size.
pub const DEFAULT_MAX_EVENTS: usize = 10_000;
/// Bytes of events kept at most (`TGMCP_EVENTS_MAX_BYTES`): what the events
/// hold on the heap, counted as the allocator sees it (see [`Event::cost`]).
pub const DEFAULT_MAX_BYTES: usize = 4 << 20;
/// What the allocator adds to every allocation (glibc: a 16-byte header and
/// rounding), counted so the cap bounds real memory, not payload.
const PER_ALLOCATION: usize = 32;
/// The least an event costs: its queue slot and one allocation.
const EVENT_OVERHEAD: usize = std::mem::size_of::<Event>() + PER_ALLOCATION;

/// Whether a Bot-API chat id is a channel's or supergroup's (their message
/// ids are per chat, so a bare id says nothing about them).
fn is_channel(chat_id: i64) -> bool {
    chat_id <= -1_000_000_000_000
}

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    NewMessage,
    EditedMessage,
    DeletedMessages,
}

/// One update, numbered in arrival order.
#[derive(Debug, Clone, Serialize)]
pub struct Event {
    /// Position in the log; cursors are built from it.
    pub seq: u64,
    pub kind: EventKind,
    /// The chat, when Telegram says (deletions in private chats and basic
    /// groups do not).
    pub chat_id: Option<i64>,
    /// The message (new and edited); boxed, so a queue slot stays small
    /// whatever a message holds.
    pub message: Option<Box<Message>>,
    /// Deleted message ids.
    pub ids: Vec<i32>,
}

/// Heap bytes of a string, as the allocator holds them.
fn heap(s: &str) -> usize {
    if s.is_empty() {
        0
    } else {
        s.len() + PER_ALLOCATION
    }
}

fn heap_opt(s: &Option<String>) -> usize {
    s.as_deref().map_or(0, heap)
}

impl Event {
    /// What the event holds in memory: its queue slot, the boxed message
    /// with every string and list in it, the deleted ids.
    fn cost(&self) -> usize {
        let message = self.message.as_deref().map_or(0, |m| {
            std::mem::size_of::<Message>()
                + PER_ALLOCATION
                + heap(&m.text)
                + heap_opt(&m.sender_name)
                + heap_opt(&m.url)
                + m.forward.as_ref().map_or(0, |f| heap_opt(&f.from_name))
                + m.media.as_ref().map_or(0, |x| {
                    heap_opt(&x.mime) + heap_opt(&x.file_name) + heap_opt(&x.summary)
                })
                + heap_opt(&m.action)
                + heap_opt(&m.quote)
                + m.links
                    .iter()
                    .map(|l| std::mem::size_of_val(l) + heap(l))
                    .sum::<usize>()
                + if m.links.is_empty() {
                    0
                } else {
                    PER_ALLOCATION
                }
                + m.reactions
                    .iter()
                    .map(|r| std::mem::size_of_val(r) + heap(&r.emoji))
                    .sum::<usize>()
                + if m.reactions.is_empty() {
                    0
                } else {
                    PER_ALLOCATION
                }
        });
        let ids = if self.ids.is_empty() {
            0
        } else {
            self.ids.len() * 4 + PER_ALLOCATION
        };
        EVENT_OVERHEAD + message + ids
    }
}

/// What `/health` says about the log.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct EventStats {
    pub events: usize,
    pub bytes: usize,
    pub max_events: usize,
    pub max_bytes: usize,
    /// Events pushed out unread to stay under the caps, since start.
    pub dropped: u64,
}

struct Ring {
    events: VecDeque<Event>,
    bytes: usize,
    /// The seq the next event gets (seqs start at 1).
    next: u64,
    dropped: u64,
}

/// A page of events after a cursor.
#[derive(Debug, Clone)]
pub struct EventPage {
    pub events: Vec<Event>,
    /// Pass back for what arrives next (a seq).
    pub next: u64,
    /// Events between the cursor and this page were dropped before anyone read them.
    pub missed: bool,
}

/// The bounded log; one per backend.
pub struct EventLog {
    /// Tells this run's cursors from an earlier run's (events do not survive a restart).
    boot: u32,
    ring: Mutex<Ring>,
    arrived: tokio::sync::Notify,
    max_events: usize,
    max_bytes: usize,
}

impl EventLog {
    /// A log keeping at most `max_events` events and `max_bytes` bytes.
    pub fn new(max_events: usize, max_bytes: usize) -> Self {
        EventLog {
            boot: rand::random::<u32>(),
            ring: Mutex::new(Ring {
                // Sized once for the most events the caps allow (one spare
                // for the push before the pop): a doubling queue could hold
                // twice the slots it needs.
                events: VecDeque::with_capacity(
                    max_events.max(1).min(max_bytes / EVENT_OVERHEAD + 1) + 1,
                ),
                bytes: 0,
                next: 1,
                dropped: 0,
            }),
            arrived: tokio::sync::Notify::new(),
            max_events: max_events.max(1),
            max_bytes: max_bytes.max(EVENT_OVERHEAD),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Ring> {
        self.ring.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Adds an event (the oldest make room) and wakes every waiter. One that
    /// carries nothing a reader can use (a deletion of no ids, a new or
    /// edited message without the message) is not kept.
    pub fn push(
        &self,
        kind: EventKind,
        chat_id: Option<i64>,
        message: Option<Message>,
        ids: Vec<i32>,
    ) {
        let empty = match kind {
            EventKind::DeletedMessages => ids.is_empty(),
            EventKind::NewMessage | EventKind::EditedMessage => message.is_none(),
        };
        if empty {
            return;
        }
        {
            let mut r = self.lock();
            let mut e = Event {
                seq: r.next,
                kind,
                chat_id,
                message: message.map(Box::new),
                ids,
            };
            // One event larger than the whole budget keeps a cut text.
            if e.cost() > self.max_bytes {
                if let Some(m) = e.message.as_mut() {
                    let keep = self.max_bytes.saturating_sub(EVENT_OVERHEAD * 2);
                    let mut cut = keep.min(m.text.len());
                    while !m.text.is_char_boundary(cut) {
                        cut -= 1;
                    }
                    m.text.truncate(cut);
                    m.text.shrink_to_fit();
                }
                e.ids.truncate(64);
            }
            r.next += 1;
            r.bytes += e.cost();
            r.events.push_back(e);
            while r.events.len() > self.max_events || r.bytes > self.max_bytes {
                let Some(old) = r.events.pop_front() else {
                    break;
                };
                r.bytes -= old.cost();
                r.dropped += 1;
            }
        }
        self.arrived.notify_waiters();
    }

    /// Adds a deletion. Telegram names no chat for deletions outside channels
    /// (those ids are the account's own); the chat of each id whose message
    /// the log still holds is filled in, one event per chat, so a reader
    /// knows where they were (and chat rules can show them).
    pub fn push_deleted(&self, chat_id: Option<i64>, ids: Vec<i32>) {
        if chat_id.is_some() {
            return self.push(EventKind::DeletedMessages, chat_id, None, ids);
        }
        let mut by_chat: Vec<(Option<i64>, Vec<i32>)> = Vec::new();
        {
            let r = self.lock();
            for id in ids {
                let chat = r
                    .events
                    .iter()
                    .rev()
                    .filter_map(|e| e.message.as_deref())
                    .find(|m| m.id == id && !is_channel(m.chat_id))
                    .map(|m| m.chat_id);
                match by_chat.iter_mut().find(|(c, _)| *c == chat) {
                    Some((_, ids)) => ids.push(id),
                    None => by_chat.push((chat, vec![id])),
                }
            }
        }
        for (chat, ids) in by_chat {
            self.push(EventKind::DeletedMessages, chat, None, ids);
        }
    }

    /// The seq of the newest event (0 when none arrived yet).
    pub fn latest(&self) -> u64 {
        self.lock().next - 1
    }

    /// Up to `limit` events after seq `after` that `keep` lets through.
    pub fn page(&self, after: u64, limit: usize, keep: impl Fn(&Event) -> bool) -> EventPage {
        let r = self.lock();
        let oldest = r.events.front().map_or(r.next, |e| e.seq);
        let missed = after + 1 < oldest && after < r.next - 1;
        let mut events = Vec::new();
        let mut next = after.max(oldest.saturating_sub(1));
        for e in r.events.iter().filter(|e| e.seq > after) {
            if events.len() >= limit {
                break;
            }
            next = e.seq;
            if keep(e) {
                events.push(e.clone());
            }
        }
        if events.len() < limit {
            next = next.max(r.next - 1);
        }
        EventPage {
            events,
            next,
            missed,
        }
    }

    /// Waits up to `timeout` for a new message after seq `after` that `keep`
    /// lets through; once one has arrived, waits up to `settle` more for the
    /// rest of a burst. Returns what arrived (empty on timeout) and the seq it
    /// looked up to, from where a further wait goes on.
    pub async fn wait_messages(
        &self,
        after: u64,
        timeout: Duration,
        settle: Duration,
        keep: impl Fn(&Message) -> bool,
    ) -> (Vec<Message>, u64) {
        let matching = || -> (Vec<Message>, u64) {
            let r = self.lock();
            let found = r
                .events
                .iter()
                .filter(|e| e.seq > after && e.kind == EventKind::NewMessage)
                .filter_map(|e| e.message.as_deref())
                .filter(|m| keep(m))
                .cloned()
                .collect();
            (found, r.next - 1)
        };
        let deadline = tokio::time::Instant::now() + timeout;
        let mut settle_until: Option<tokio::time::Instant> = None;
        loop {
            // Registered before looking, so an event in between still wakes us.
            let woken = self.arrived.notified();
            let (found, upto) = matching();
            let now = tokio::time::Instant::now();
            if settle_until.is_none() && !found.is_empty() {
                if settle.is_zero() {
                    return (found, upto);
                }
                settle_until = Some((now + settle).min(deadline.max(now)));
            }
            let until = settle_until.unwrap_or(deadline);
            if now >= until || tokio::time::timeout_at(until, woken).await.is_err() {
                return matching();
            }
        }
    }

    /// The opaque cursor for "after seq" (the project's page cursors,
    /// tagged with this run).
    pub fn cursor(&self, seq: u64) -> String {
        cursor::encode(CURSOR_OP, &(self.boot, seq))
    }

    /// The seq a cursor stands for. A cursor of an earlier run (the server
    /// restarted) reads from the oldest event kept, and says so (`true`).
    pub fn parse_cursor(&self, c: &str) -> Result<(u64, bool), TelegramError> {
        let (boot, seq): (u32, u64) = cursor::decode(CURSOR_OP, c)?;
        if boot != self.boot {
            return Ok((0, true));
        }
        Ok((seq.min(self.latest()), false))
    }

    /// Sizes and caps, for `/health`.
    pub fn stats(&self) -> EventStats {
        let r = self.lock();
        EventStats {
            events: r.events.len(),
            bytes: r.bytes,
            max_events: self.max_events,
            max_bytes: self.max_bytes,
            dropped: r.dropped,
        }
    }
}

impl Default for EventLog {
    fn default() -> Self {
        EventLog::new(DEFAULT_MAX_EVENTS, DEFAULT_MAX_BYTES)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(chat_id: i64, id: i32, text: &str) -> Message {
        Message {
            id,
            chat_id,
            date: 0,
            sender_id: None,
            sender_name: None,
            text: text.into(),
            outgoing: false,
            reply_to: None,
            url: None,
            topic_id: None,
            edit_date: None,
            forward: None,
            media: None,
            reactions: Vec::new(),
            action: None,
            links: Vec::new(),
            quote: None,
        }
    }

    fn new(log: &EventLog, chat: i64, id: i32, text: &str) {
        log.push(
            EventKind::NewMessage,
            Some(chat),
            Some(msg(chat, id, text)),
            Vec::new(),
        );
    }

    #[test]
    fn the_byte_cap_bounds_what_events_really_hold() {
        let cap = 1 << 20;
        let log = EventLog::new(100_000, cap);
        for i in 0..10_000 {
            let mut m = msg(-1_001, i, &"x".repeat(200));
            m.sender_name = Some("Alice Smith".into());
            m.url = Some(format!("https://t.me/c/1/{i}"));
            log.push(EventKind::NewMessage, Some(-1_001), Some(m), Vec::new());
        }
        // What one such event holds at least: its queue slot, the boxed
        // record and its three strings.
        let least = std::mem::size_of::<Event>() + std::mem::size_of::<Message>() + 200 + 11 + 20;
        let s = log.stats();
        assert!(
            s.events * least <= cap,
            "{s:?}: {} bytes held",
            s.events * least
        );
        assert!(s.events > 0);
    }

    #[test]
    fn the_log_stays_under_its_caps_and_counts_what_it_dropped() {
        let log = EventLog::new(100, 64 << 10);
        for i in 0..10_000 {
            new(&log, 1, i, &"x".repeat(100));
        }
        let s = log.stats();
        assert!(s.events <= 100 && s.bytes <= 64 << 10, "{s:?}");
        assert_eq!(s.dropped, 10_000 - s.events as u64);
        // A huge text is cut to fit rather than evicting everything else forever.
        new(&log, 1, 1, &"y".repeat(1 << 20));
        assert!(log.stats().bytes <= 64 << 10);
    }

    #[test]
    fn cursors_round_trip_and_an_earlier_runs_cursor_starts_over() {
        let log = EventLog::default();
        new(&log, 1, 1, "a");
        assert_eq!(log.parse_cursor(&log.cursor(1)).ok(), Some((1, false)));
        let other = EventLog::default();
        assert_eq!(log.parse_cursor(&other.cursor(1)).ok(), Some((0, true)));
        assert!(log.parse_cursor("nope").is_err());
    }

    #[test]
    fn pages_follow_cursors_and_say_when_events_were_missed() {
        let log = EventLog::new(5, 1 << 20);
        for i in 1..=3 {
            new(&log, 1, i, "a");
        }
        let p = log.page(0, 2, |_| true);
        assert_eq!(p.events.iter().map(|e| e.seq).collect::<Vec<_>>(), [1, 2]);
        assert!(!p.missed);
        let p = log.page(p.next, 10, |_| true);
        assert_eq!(p.events.len(), 1);
        assert_eq!(p.next, 3);
        let empty = log.page(p.next, 10, |_| true);
        assert!(empty.events.is_empty() && empty.next == 3 && !empty.missed);
        for i in 4..=12 {
            new(&log, 2, i, "b");
        }
        let p = log.page(3, 10, |e| e.chat_id == Some(2));
        assert!(p.missed, "seqs 4..7 were dropped unread");
        assert_eq!(p.events.first().map(|e| e.seq), Some(8));
        assert_eq!(p.next, 12);
    }

    #[tokio::test]
    async fn a_waiter_wakes_on_a_matching_message_and_settles_a_burst() {
        let log = std::sync::Arc::new(EventLog::default());
        new(&log, 1, 1, "before the wait: not returned");
        let l = log.clone();
        let writer = tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(50)).await;
            new(&l, 2, 2, "other chat");
            new(&l, 1, 3, "first");
            tokio::time::sleep(Duration::from_millis(20)).await;
            new(&l, 1, 4, "second, same burst");
        });
        let start = log.latest();
        let ms = Duration::from_millis;
        let (got, upto) = log
            .wait_messages(start, ms(5000), ms(200), |m| m.chat_id == 1)
            .await;
        writer.await.unwrap();
        assert_eq!(upto, 4);
        let texts: Vec<&str> = got.iter().map(|m| m.text.as_str()).collect();
        assert_eq!(texts, ["first", "second, same burst"]);
        let (none, _) = log
            .wait_messages(upto, ms(50), Duration::ZERO, |m| m.chat_id == 9)
            .await;
        assert!(none.is_empty());
    }

    #[test]
    fn updates_that_carry_nothing_are_not_kept_and_deletions_name_their_chat() {
        let log = EventLog::default();
        log.push(EventKind::DeletedMessages, None, None, Vec::new());
        log.push(EventKind::NewMessage, Some(5), None, Vec::new());
        assert_eq!(log.latest(), 0, "nothing kept");
        new(&log, 5, 10, "a");
        new(&log, 6, 11, "b");
        new(&log, -1_000_000_000_007, 12, "in a channel");
        log.push_deleted(None, vec![10, 11, 12, 99]);
        let page = log.page(3, 10, |_| true);
        let got: Vec<(Option<i64>, Vec<i32>)> = page
            .events
            .iter()
            .map(|e| (e.chat_id, e.ids.clone()))
            .collect();
        // 12 is a channel's id: the same number in a private chat is another message.
        assert_eq!(
            got,
            [
                (Some(5), vec![10]),
                (Some(6), vec![11]),
                (None, vec![12, 99])
            ]
        );
        log.push_deleted(Some(-1_000_000_000_007), vec![12]);
        assert_eq!(
            log.page(6, 10, |_| true).events[0].chat_id,
            Some(-1_000_000_000_007)
        );
    }
}
