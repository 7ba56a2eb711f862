//! Connected MCP sessions on every transport, so a tool-list change reaches all of them.

use std::collections::HashMap;
use std::sync::Mutex;

use rmcp::service::Peer;
use rmcp::RoleServer;

use crate::runtime::per_client::{PerClient, Place};

/// What every MCP session shares: the peers of initialized sessions (closed
/// ones are dropped when next notified) and how tools are listed.
#[derive(Default)]
pub struct Sessions {
    peers: Mutex<Vec<Peer<RoleServer>>>,
    /// `tools/list` carries each tool's `outputSchema` (`TGMCP_OUTPUT_SCHEMAS`).
    output_schemas: bool,
}

impl Sessions {
    /// Sessions whose tool lists carry output schemas when `output_schemas`.
    pub fn new(output_schemas: bool) -> Self {
        Sessions {
            output_schemas,
            ..Sessions::default()
        }
    }

    /// Whether `tools/list` carries output schemas.
    pub fn output_schemas(&self) -> bool {
        self.output_schemas
    }

    /// Remembers an initialized session.
    pub fn add(&self, peer: Peer<RoleServer>) {
        let mut peers = lock(&self.peers);
        peers.retain(|p| !p.is_transport_closed());
        peers.push(peer);
    }

    /// Number of open sessions.
    pub fn count(&self) -> usize {
        let mut peers = lock(&self.peers);
        peers.retain(|p| !p.is_transport_closed());
        peers.len()
    }

    /// Sends `notifications/tools/list_changed` to every open session.
    pub async fn notify_tool_list_changed(&self) {
        let peers: Vec<Peer<RoleServer>> = {
            let mut peers = lock(&self.peers);
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
/// the share of it one client may hold (`TGMCP_MAX_SESSIONS_PER_CLIENT`), and
/// the token that ends every open stream when the server shuts down.
pub struct SessionLimit {
    open: std::sync::atomic::AtomicUsize,
    /// Sessions closed so far (the heap trimmer looks for new ones).
    closed: std::sync::atomic::AtomicU64,
    max: usize,
    /// Open sessions per client (its token, else its address).
    per_client: std::sync::Arc<PerClient>,
    /// Client places of `/mcp` sessions, by session id, until they close.
    mcp_clients: Mutex<HashMap<String, Place>>,
    shutdown: tokio_util::sync::CancellationToken,
}

/// One open session's place in the budget; given back on drop.
pub struct SessionSlot {
    limit: std::sync::Arc<SessionLimit>,
    _client: Option<Place>,
}

impl Drop for SessionSlot {
    fn drop(&mut self) {
        self.limit
            .open
            .fetch_sub(1, std::sync::atomic::Ordering::AcqRel);
        self.limit
            .closed
            .fetch_add(1, std::sync::atomic::Ordering::AcqRel);
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Why a session was refused (answered with a 503 and this sentence).
#[derive(Debug, Clone, thiserror::Error)]
#[error("{0}")]
pub struct Refused(pub String);

impl SessionLimit {
    /// At most `max` sessions, `per_client` of them for one client (0: half
    /// of `max`, at least one).
    pub fn new(max: usize, per_client: usize) -> std::sync::Arc<Self> {
        let per_client = if per_client == 0 {
            max.div_ceil(2).max(1)
        } else {
            per_client
        };
        std::sync::Arc::new(SessionLimit {
            open: Default::default(),
            closed: Default::default(),
            max,
            per_client: PerClient::new(per_client),
            mcp_clients: Mutex::default(),
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
            .map(|_| SessionSlot {
                limit: self.clone(),
                _client: None,
            })
    }

    /// A place in `client`'s share, unless it holds its share already.
    pub fn client_place(&self, client: &str) -> Result<Place, Refused> {
        self.per_client.take(client).ok_or_else(|| {
            Refused(format!(
                "too many open sessions for one client ({}); close some, or raise TGMCP_MAX_SESSIONS_PER_CLIENT",
                self.per_client.cap()
            ))
        })
    }

    /// A place for one more session of `client` (when known): its share
    /// first, then the whole budget.
    pub fn open_for(
        self: &std::sync::Arc<Self>,
        client: Option<&str>,
    ) -> Result<SessionSlot, Refused> {
        let place = client.map(|c| self.client_place(c)).transpose()?;
        let mut slot = self.try_open().ok_or_else(|| Refused(self.refusal()))?;
        slot._client = place;
        Ok(slot)
    }

    /// Keeps a `/mcp` session's client place until [`SessionLimit::forget_mcp`].
    pub fn keep_mcp(&self, session: &str, place: Place) {
        lock(&self.mcp_clients).insert(session.to_string(), place);
    }

    /// Gives a closed `/mcp` session's client place back.
    pub fn forget_mcp(&self, session: &str) {
        lock(&self.mcp_clients).remove(session);
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
                    crate::process::heap::trim();
                }
            }
        });
    }

    /// Cancelled when the server shuts down: every stream ends.
    pub fn shutdown(&self) -> &tokio_util::sync::CancellationToken {
        &self.shutdown
    }
}
