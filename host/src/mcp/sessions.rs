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
