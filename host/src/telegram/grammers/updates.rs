//! grammers' update stream into the event log: new, edited and deleted
//! messages, converted as the read tools convert them. One consumer per
//! client; it ends with the client's runner and the next one resumes from
//! the update state it saved.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Weak};
use std::time::Duration;

use grammers_client::sender::UpdatesConfiguration;
use grammers_client::session::updates::UpdatesLike;
use grammers_client::update::Update;
use grammers_client::{Client, InvocationError};

use super::convert::message_of;
use crate::telegram::events::{EventKind, EventLog};
use crate::telegram::ConnectionState;
use tokio::sync::watch;

/// Updates Telegram pushes to a client (read by `tgmcp login --qr`).
pub type UpdatesRx = tokio::sync::mpsc::Receiver<UpdatesLike>;

/// Bot-API id of a channel from its bare id.
fn channel_dialog_id(bare: i64) -> i64 {
    -1_000_000_000_000 - bare
}

/// Longest pause between attempts when fetching missed updates fails.
const MAX_BACKOFF: Duration = Duration::from_secs(30);

/// Whether a stream error means the client's runner is gone (a rebuild
/// starts the next consumer), as opposed to one failed request.
fn runner_gone(e: &InvocationError) -> bool {
    matches!(e, InvocationError::Dropped(why) if why.to_ascii_lowercase().contains("senderpool") || why.contains("channel was closed"))
}

/// Feeds `log` from `client`'s updates until the connection's runner stops.
/// `resume`: start from the update state the previous consumer saved in the
/// session, so what arrived during a rebuild is fetched, not lost — once the
/// watched connection state says Telegram answers again: grammers' runner
/// waits without bound for the first answer on a new connection, so dialling
/// into an outage would stall every request behind it. A failed
/// `getDifference` is retried with backoff rather than ending the stream.
pub fn consume(
    client: Client,
    updates: UpdatesRx,
    log: Arc<EventLog>,
    me: Arc<AtomicI64>,
    resume: Option<watch::Receiver<ConnectionState>>,
) {
    tokio::spawn(async move {
        let catch_up = resume.is_some();
        if let Some(mut state) = resume {
            if state
                .wait_for(|s| *s == ConnectionState::Connected)
                .await
                .is_err()
            {
                return;
            }
        }
        let config = UpdatesConfiguration { catch_up };
        let mut stream = match client.stream_updates(updates, config).await {
            Ok(s) => s,
            Err(e) => {
                tracing::warn!(error = %e, "could not follow Telegram's updates");
                return;
            }
        };
        let mut backoff = Duration::from_secs(1);
        loop {
            let update = match stream.next().await {
                Ok(u) => u,
                Err(e) if runner_gone(&e) => {
                    tracing::debug!(error = %e, "update stream ended");
                    return;
                }
                Err(e) => {
                    tracing::warn!(error = %e, retry_in_secs = backoff.as_secs(), "could not fetch missed Telegram updates; retrying");
                    tokio::time::sleep(backoff).await;
                    backoff = (backoff * 2).min(MAX_BACKOFF);
                    continue;
                }
            };
            backoff = Duration::from_secs(1);
            let me = Some(me.load(Ordering::Relaxed)).filter(|id| *id != 0);
            match update {
                Update::NewMessage(m) => {
                    let msg = message_of(&m, me);
                    log.push(
                        EventKind::NewMessage,
                        Some(msg.chat_id),
                        Some(msg),
                        Vec::new(),
                    );
                }
                Update::MessageEdited(m) => {
                    let msg = message_of(&m, me);
                    log.push(
                        EventKind::EditedMessage,
                        Some(msg.chat_id),
                        Some(msg),
                        Vec::new(),
                    );
                }
                Update::MessageDeleted(d) => {
                    log.push_deleted(d.channel_id().map(channel_dialog_id), d.messages().to_vec())
                }
                _ => continue,
            }
            // The next client resumes from here (the session is in memory:
            // this is a copy of a few integers per channel).
            if let Err(e) = stream.sync_update_state().await {
                tracing::debug!(error = %e, "could not save the update state");
            }
        }
    });
}

/// Updates in a burst after which the heap is handed back once it ends.
const BURST: u64 = 1_000;

/// Hands freed heap back to the system once a burst of updates has ended
/// (no update for a second): a flood's transient buffers (grammers' gap
/// handling, the answers it parses) would otherwise stay resident though the
/// log itself stays under its cap. Ends with the log.
pub fn trim_after_bursts(log: Weak<EventLog>) {
    tokio::spawn(async move {
        let (mut trimmed_at, mut last) = (0, 0);
        loop {
            tokio::time::sleep(Duration::from_secs(1)).await;
            let Some(log) = log.upgrade() else { return };
            let now = log.latest();
            if now == last && now >= trimmed_at + BURST {
                crate::process::heap::trim();
                trimmed_at = now;
            }
            last = now;
        }
    });
}
