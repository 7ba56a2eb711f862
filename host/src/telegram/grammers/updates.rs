//! grammers' update stream into the event log: new, edited and deleted
//! messages, converted as the read tools convert them. One consumer per
//! client; it ends with the client's runner and starts again with the next.

use std::sync::{Arc, Weak};
use std::time::Duration;

use grammers_client::sender::UpdatesConfiguration;
use grammers_client::session::updates::UpdatesLike;
use grammers_client::update::Update;
use grammers_client::Client;

use super::convert::message_of;
use crate::telegram::events::{EventKind, EventLog};

/// Updates Telegram pushes to a client (read by `tgmcp login --qr`).
pub type UpdatesRx = tokio::sync::mpsc::Receiver<UpdatesLike>;

/// Bot-API id of a channel from its bare id.
fn channel_dialog_id(bare: i64) -> i64 {
    -1_000_000_000_000 - bare
}

/// Feeds `log` from `client`'s updates until the connection's runner stops.
pub fn consume(client: Client, updates: UpdatesRx, log: Arc<EventLog>, me: Option<i64>) {
    tokio::spawn(async move {
        // Updates from before the server started are history, not events.
        let config = UpdatesConfiguration { catch_up: false };
        let mut stream = match client.stream_updates(updates, config).await {
            Ok(s) => s,
            Err(e) => {
                tracing::warn!(error = %e, "could not follow Telegram's updates");
                return;
            }
        };
        loop {
            match stream.next().await {
                Ok(Update::NewMessage(m)) => {
                    let msg = message_of(&m, me);
                    log.push(
                        EventKind::NewMessage,
                        Some(msg.chat_id),
                        Some(msg),
                        Vec::new(),
                    );
                }
                Ok(Update::MessageEdited(m)) => {
                    let msg = message_of(&m, me);
                    log.push(
                        EventKind::EditedMessage,
                        Some(msg.chat_id),
                        Some(msg),
                        Vec::new(),
                    );
                }
                Ok(Update::MessageDeleted(d)) => {
                    log.push_deleted(d.channel_id().map(channel_dialog_id), d.messages().to_vec())
                }
                Ok(_) => {}
                // The runner stopped (a rebuild starts a new consumer).
                Err(e) => {
                    tracing::debug!(error = %e, "update stream ended");
                    return;
                }
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
