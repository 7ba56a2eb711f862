//! Connected MCP sessions on every transport, so a tool-list change reaches all of them.

use std::sync::Mutex;

use rmcp::service::Peer;
use rmcp::RoleServer;

/// Peers of initialized sessions; closed ones are dropped when next notified.
#[derive(Default)]
pub struct Sessions {
    peers: Mutex<Vec<Peer<RoleServer>>>,
}

impl Sessions {
    /// Remembers an initialized session.
    pub fn add(&self, peer: Peer<RoleServer>) {
        let mut peers = self.peers.lock().unwrap_or_else(|e| e.into_inner());
        peers.retain(|p| !p.is_transport_closed());
        peers.push(peer);
    }

    /// Number of open sessions.
    pub fn count(&self) -> usize {
        let mut peers = self.peers.lock().unwrap_or_else(|e| e.into_inner());
        peers.retain(|p| !p.is_transport_closed());
        peers.len()
    }

    /// Sends `notifications/tools/list_changed` to every open session.
    pub async fn notify_tool_list_changed(&self) {
        let peers: Vec<Peer<RoleServer>> = {
            let mut peers = self.peers.lock().unwrap_or_else(|e| e.into_inner());
            peers.retain(|p| !p.is_transport_closed());
            peers.clone()
        };
        for p in peers {
            if let Err(e) = p.notify_tool_list_changed().await {
                tracing::debug!(error = %e, "could not notify a session of the tool list change");
            }
        }
    }
}

/// The budget of open sessions on /sse and /mcp together (`TGMCP_MAX_SESSIONS`),
/// and the token that ends every open stream when the server shuts down.
pub struct SessionLimit {
    open: std::sync::atomic::AtomicUsize,
    /// Sessions closed so far (the heap trimmer looks for new ones).
    closed: std::sync::atomic::AtomicU64,
    max: usize,
    shutdown: tokio_util::sync::CancellationToken,
}

/// One open session's place in the budget; given back on drop.
pub struct SessionSlot(std::sync::Arc<SessionLimit>);

impl Drop for SessionSlot {
    fn drop(&mut self) {
        self.0
            .open
            .fetch_sub(1, std::sync::atomic::Ordering::AcqRel);
        self.0
            .closed
            .fetch_add(1, std::sync::atomic::Ordering::AcqRel);
    }
}

impl SessionLimit {
    /// At most `max` sessions.
    pub fn new(max: usize) -> std::sync::Arc<Self> {
        std::sync::Arc::new(SessionLimit {
            open: Default::default(),
            closed: Default::default(),
            max,
            shutdown: Default::default(),
        })
    }

    /// A place for one more session, unless all `max` are taken.
    pub fn try_open(self: &std::sync::Arc<Self>) -> Option<SessionSlot> {
        use std::sync::atomic::Ordering;
        self.open
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < self.max).then_some(n + 1)
            })
            .ok()
            .map(|_| SessionSlot(self.clone()))
    }

    /// Sessions open now.
    pub fn open(&self) -> usize {
        self.open.load(std::sync::atomic::Ordering::Acquire)
    }

    /// The cap.
    pub fn max(&self) -> usize {
        self.max
    }

    /// The sentence a refused client reads (with a 503).
    pub fn refusal(&self) -> String {
        format!(
            "too many open sessions ({}); try again later or raise TGMCP_MAX_SESSIONS",
            self.max
        )
    }

    /// Gives freed heap back to the system after sessions close, checking
    /// every `every`. glibc keeps freed memory for reuse, so without this the
    /// RSS of a server stays at the peak of its busiest burst of sessions.
    pub fn trim_heap_after_closes(self: &std::sync::Arc<Self>, every: std::time::Duration) {
        let limit = std::sync::Arc::downgrade(self);
        tokio::spawn(async move {
            let mut seen = 0;
            loop {
                tokio::time::sleep(every).await;
                let Some(l) = limit.upgrade() else { return };
                let closed = l.closed.load(std::sync::atomic::Ordering::Acquire);
                if closed != seen {
                    seen = closed;
                    crate::telegram::heap::trim();
                }
            }
        });
    }

    /// Cancelled when the server shuts down: every stream ends.
    pub fn shutdown(&self) -> &tokio_util::sync::CancellationToken {
        &self.shutdown
    }
}
