//! Streamable HTTP (`/mcp`): rmcp's own server, one `McpServer` per session,
//! its sessions within the same budget and idle expiry as legacy SSE.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::Stream;
use rmcp::model::{ClientJsonRpcMessage, ServerJsonRpcMessage};
use rmcp::service::Peer;
use rmcp::transport::streamable_http_server::session::local::{
    LocalSessionManager, LocalSessionManagerError,
};
use rmcp::transport::streamable_http_server::session::{
    ServerSseMessage, SessionId, SessionManager,
};
use rmcp::transport::streamable_http_server::{StreamableHttpServerConfig, StreamableHttpService};
use rmcp::RoleServer;

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
    fast: FastPath,
) -> StreamableHttpService<McpServer, CappedSessions> {
    let idle = fast.idle;
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
        fast: fast.sessions.clone(),
        limit,
        slots: Mutex::default(),
    };
    StreamableHttpService::new(
        move || Ok(McpServer::new(rt.clone(), sessions.clone()).with_fast(fast.sessions.clone())),
        Arc::new(manager),
        cfg,
    )
}

/// rmcp's in-memory session manager with a place in the session budget per session.
pub struct CappedSessions {
    inner: LocalSessionManager,
    fast: Arc<FastSessions>,
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
        self.fast.remove(id);
        let closed = self.inner.close_session(id).await;
        self.slots().remove(id);
        self.limit.forget_mcp(id);
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

/// Initialized `/mcp` sessions whose requests the HTTP layer answers in the
/// POST's own task: the handler runs there and the response goes back as
/// JSON (which the spec lets a server choose), instead of five task hops
/// through rmcp's session worker and an SSE stream.
#[derive(Default)]
pub struct FastSessions {
    open: Mutex<HashMap<String, Fast>>,
}

struct Fast {
    server: McpServer,
    peer: Peer<RoleServer>,
    /// When rmcp's worker last saw a message of this session.
    worker_seen: tokio::time::Instant,
}

impl FastSessions {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Fast>> {
        self.open.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Remembers an initialized session (from `notifications/initialized`).
    pub fn register(&self, id: &str, server: McpServer, peer: Peer<RoleServer>) {
        let fast = Fast {
            server,
            peer,
            worker_seen: tokio::time::Instant::now(),
        };
        self.lock().insert(id.to_string(), fast);
    }

    fn remove(&self, id: &str) {
        self.lock().remove(id);
    }

    /// The session's server and peer, unless the request should take rmcp's
    /// path: once per half `idle`, so rmcp's idle expiry of the session
    /// (which only that path resets) never ends a session in use.
    fn take(&self, id: &str, idle: Duration) -> Option<(McpServer, Peer<RoleServer>)> {
        let mut open = self.lock();
        let f = open.get_mut(id)?;
        let now = tokio::time::Instant::now();
        if now.duration_since(f.worker_seen) >= idle / 2 {
            f.worker_seen = now;
            return None;
        }
        Some((f.server.clone(), f.peer.clone()))
    }
}

/// State of the fast path: the sessions and rmcp's idle expiry.
#[derive(Clone)]
pub struct FastPath {
    pub sessions: Arc<FastSessions>,
    pub idle: Duration,
}

/// Middleware in front of rmcp's `/mcp` service: a request (not
/// `initialize`) of an initialized session runs here; everything else
/// (initialize, notifications, responses, GET, DELETE) goes on to rmcp. The
/// body has already been read whole by the HTTP layer.
pub async fn fast_path(
    axum::extract::State(fast): axum::extract::State<FastPath>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    use rmcp::model::{ClientRequest, GetExtensions, GetMeta, JsonRpcMessage};
    use rmcp::service::{RequestContext, Service};

    let accepts_json = |h: &axum::http::HeaderMap| {
        h.get(axum::http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("application/json") || v.contains("*/*"))
    };
    let id = req
        .headers()
        .get("mcp-session-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let (Some(id), true, true) = (
        id,
        req.method() == axum::http::Method::POST,
        accepts_json(req.headers()),
    ) else {
        return next.run(req).await;
    };
    let Some((server, peer)) = fast.sessions.take(&id, fast.idle) else {
        return next.run(req).await;
    };
    let (parts, body) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return axum::http::StatusCode::BAD_REQUEST.into_response();
    };
    let request = match serde_json::from_slice::<ClientJsonRpcMessage>(&bytes) {
        Ok(JsonRpcMessage::Request(r))
            if !matches!(r.request, ClientRequest::InitializeRequest(_)) =>
        {
            r
        }
        // Not ours to answer: rmcp gets the same bytes.
        _ => {
            let req = axum::extract::Request::from_parts(parts, axum::body::Body::from(bytes));
            return next.run(req).await;
        }
    };
    let rmcp::model::JsonRpcRequest {
        id: rid,
        mut request,
        ..
    } = request;
    let mut ctx = RequestContext::new(rid.clone(), peer);
    std::mem::swap(&mut ctx.meta, request.get_meta_mut());
    std::mem::swap(&mut ctx.extensions, request.extensions_mut());
    ctx.extensions.insert(parts);
    let msg: ServerJsonRpcMessage = match server.handle_request(request, ctx).await {
        Ok(result) => JsonRpcMessage::response(result, rid),
        Err(error) => JsonRpcMessage::error(error, Some(rid)),
    };
    let mut resp = axum::Json(msg).into_response();
    if let Ok(v) = axum::http::HeaderValue::from_str(&id) {
        resp.headers_mut().insert("mcp-session-id", v);
    }
    resp
}
