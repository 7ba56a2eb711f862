//! Streamable HTTP (`/mcp`): rmcp's own server, one `McpServer` per session,
//! its sessions within the same budget and idle expiry as legacy SSE.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::Stream;
use rmcp::model::{ClientJsonRpcMessage, ServerJsonRpcMessage};
use rmcp::transport::streamable_http_server::session::local::{
    LocalSessionManager, LocalSessionManagerError,
};
use rmcp::transport::streamable_http_server::session::{
    ServerSseMessage, SessionId, SessionManager,
};
use rmcp::transport::streamable_http_server::{StreamableHttpServerConfig, StreamableHttpService};

use super::sessions::{SessionLimit, SessionSlot};
use super::sse::PING_INTERVAL;
use super::{McpServer, Sessions};
use crate::runtime::Runtime;

/// The `/mcp` service. Host and Origin are checked by the HTTP layer for every
/// transport alike, so rmcp's own host check is off.
pub fn service(
    rt: Arc<Runtime>,
    sessions: Arc<Sessions>,
    limit: Arc<SessionLimit>,
    idle: Duration,
) -> StreamableHttpService<McpServer, CappedSessions> {
    // Cancelled at shutdown: rmcp then ends every session and response stream.
    let cfg = StreamableHttpServerConfig::default()
        .disable_allowed_hosts()
        .with_sse_keep_alive(Some(PING_INTERVAL))
        .with_cancellation_token(limit.shutdown().child_token());
    let mut inner = LocalSessionManager::default();
    // rmcp closes a session whose worker saw no message for this long.
    inner.session_config.keep_alive = Some(idle);
    let manager = CappedSessions {
        inner,
        limit,
        slots: Mutex::default(),
    };
    StreamableHttpService::new(
        move || Ok(McpServer::new(rt.clone(), sessions.clone())),
        Arc::new(manager),
        cfg,
    )
}

/// rmcp's in-memory session manager with a place in the session budget per session.
pub struct CappedSessions {
    inner: LocalSessionManager,
    limit: Arc<SessionLimit>,
    slots: Mutex<HashMap<SessionId, SessionSlot>>,
}

/// Why a session operation failed.
#[derive(Debug, thiserror::Error)]
pub enum CappedError {
    /// The budget is spent; the HTTP layer answers 503 before it gets here,
    /// this holds the bound when two clients race for the last place.
    #[error("{0}")]
    Full(String),
    #[error(transparent)]
    Inner(#[from] LocalSessionManagerError),
}

impl CappedSessions {
    fn slots(&self) -> std::sync::MutexGuard<'_, HashMap<SessionId, SessionSlot>> {
        self.slots.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl SessionManager for CappedSessions {
    type Error = CappedError;
    type Transport = <LocalSessionManager as SessionManager>::Transport;

    async fn create_session(&self) -> Result<(SessionId, Self::Transport), Self::Error> {
        let slot = self
            .limit
            .try_open()
            .ok_or_else(|| CappedError::Full(self.limit.refusal()))?;
        let (id, transport) = self.inner.create_session().await?;
        self.slots().insert(id.clone(), slot);
        Ok((id, transport))
    }

    async fn initialize_session(
        &self,
        id: &SessionId,
        message: ClientJsonRpcMessage,
    ) -> Result<ServerJsonRpcMessage, Self::Error> {
        Ok(self.inner.initialize_session(id, message).await?)
    }

    async fn has_session(&self, id: &SessionId) -> Result<bool, Self::Error> {
        Ok(self.inner.has_session(id).await?)
    }

    /// Called on DELETE and by rmcp when a session's worker ends (idle expiry).
    async fn close_session(&self, id: &SessionId) -> Result<(), Self::Error> {
        let closed = self.inner.close_session(id).await;
        self.slots().remove(id);
        Ok(closed?)
    }

    async fn create_stream(
        &self,
        id: &SessionId,
        message: ClientJsonRpcMessage,
    ) -> Result<impl Stream<Item = ServerSseMessage> + Send + Sync + 'static, Self::Error> {
        Ok(self.inner.create_stream(id, message).await?)
    }

    async fn accept_message(
        &self,
        id: &SessionId,
        message: ClientJsonRpcMessage,
    ) -> Result<(), Self::Error> {
        Ok(self.inner.accept_message(id, message).await?)
    }

    async fn create_standalone_stream(
        &self,
        id: &SessionId,
    ) -> Result<impl Stream<Item = ServerSseMessage> + Send + Sync + 'static, Self::Error> {
        Ok(self.inner.create_standalone_stream(id).await?)
    }

    async fn resume(
        &self,
        id: &SessionId,
        last_event_id: String,
    ) -> Result<impl Stream<Item = ServerSseMessage> + Send + Sync + 'static, Self::Error> {
        Ok(self.inner.resume(id, last_event_id).await?)
    }
}
