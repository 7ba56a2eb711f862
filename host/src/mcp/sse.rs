//! Legacy MCP SSE transport (`GET /sse` + `POST /messages/?session_id=…`), the
//! wire ChatGPT connectors, mcp-proxy and the Python SDK speak. rmcp has no
//! server for it, so this is ours: each stream feeds an rmcp service through
//! a (Sink, Stream) pair of channels.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use futures::stream::{self, StreamExt};
use futures::{FutureExt, SinkExt};
use rmcp::model::{
    ClientJsonRpcMessage, ClientRequest, GetExtensions, GetMeta, JsonRpcMessage,
    ServerJsonRpcMessage,
};
use rmcp::service::{Peer, RequestContext, Service};
use rmcp::RoleServer;
use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;
use tokio_util::sync::{CancellationToken, PollSender};

use super::sessions::{SessionLimit, SessionSlot};
use super::McpServer;

/// Interval of `: ping` comments that keep proxies from closing idle streams.
pub const PING_INTERVAL: Duration = Duration::from_secs(15);
/// Messages queued per session before a writer waits. The queues hold `Bytes`
/// and boxes, so their first block is ~1 KiB, not ~12 KiB as with messages.
const QUEUE: usize = 64;

/// Open legacy SSE sessions by id.
pub struct SseSessions {
    make_server: Box<dyn Fn(&str) -> McpServer + Send + Sync>,
    open: Mutex<HashMap<String, Arc<Session>>>,
    limit: Arc<SessionLimit>,
    idle: Duration,
}

/// One open stream. The rmcp session behind it starts with the first POST,
/// so a stream that never posts (a probe, a reconnect) costs a few KiB.
struct Session {
    server: McpServer,
    /// Events to the stream, already encoded.
    out: mpsc::Sender<Bytes>,
    /// The rmcp service loop (initialize, notifications), once started.
    inbox: OnceLock<mpsc::Sender<Box<ClientJsonRpcMessage>>>,
    /// The client's peer once initialized: requests then run in the POST's task.
    peer: Arc<OnceLock<Peer<RoleServer>>>,
    cancel: CancellationToken,
    last_used: Mutex<tokio::time::Instant>,
}

impl SseSessions {
    /// Sessions whose servers come from `make_server`, within `limit`; a
    /// session with no POST for `idle` is closed.
    pub fn new(
        limit: Arc<SessionLimit>,
        idle: Duration,
        make_server: impl Fn(&str) -> McpServer + Send + Sync + 'static,
    ) -> Arc<Self> {
        Arc::new(SseSessions {
            make_server: Box::new(make_server),
            open: Mutex::new(HashMap::new()),
            limit,
            idle,
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<Session>>> {
        self.open.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Session {
    /// The rmcp service loop's inbox, starting the loop on first use.
    fn inbox(&self, sid: &str) -> &mpsc::Sender<Box<ClientJsonRpcMessage>> {
        self.inbox.get_or_init(|| {
            let (tx, rx) = mpsc::channel::<Box<ClientJsonRpcMessage>>(QUEUE);
            let sink = PollSender::new(self.out.clone()).with(|m: ServerJsonRpcMessage| {
                futures::future::ready(Ok::<_, tokio_util::sync::PollSendError<Bytes>>(
                    message_event(&m),
                ))
            });
            let transport = (sink, ReceiverStream::new(rx).map(|m| *m));
            let (server, ct, peer) = (self.server.clone(), self.cancel.clone(), self.peer.clone());
            let sid = sid.to_string();
            tokio::spawn(async move {
                match rmcp::service::serve_server_with_ct(server, transport, ct).await {
                    Ok(running) => {
                        let _ = peer.set(running.peer().clone());
                        let _ = running.waiting().await;
                    }
                    Err(e) => {
                        tracing::info!(session = %sid, error = %e, "SSE session ended before initialization")
                    }
                }
            });
            tx
        })
    }
}

/// A 128-bit random session id as 32 hex digits.
pub fn new_session_id() -> String {
    hex::encode(rand::random::<[u8; 16]>())
}

/// Whether `id` has the form of a session id (32 hex digits).
fn is_session_id(id: &str) -> bool {
    id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Headers every `/sse` response carries (GET and HEAD).
fn sse_headers() -> HeaderMap {
    let mut h = HeaderMap::new();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert(header::CONNECTION, HeaderValue::from_static("keep-alive"));
    h.insert("x-accel-buffering", HeaderValue::from_static("no"));
    h
}

/// `HEAD /sse`: what `curl -I` checks, without opening a session.
pub async fn head_sse() -> Response {
    (StatusCode::OK, sse_headers()).into_response()
}

/// Removes the session when the client goes away (the stream is dropped).
struct SessionGuard {
    sessions: Arc<SseSessions>,
    id: String,
    cancel: CancellationToken,
    _slot: SessionSlot,
}

impl Drop for SessionGuard {
    fn drop(&mut self) {
        self.sessions.lock().remove(&self.id);
        self.cancel.cancel();
        tracing::info!(session = %short(&self.id), "SSE session closed");
    }
}

/// First 8 hex digits: enough to follow a session in logs without giving it away.
fn short(id: &str) -> &str {
    &id[..id.len().min(8)]
}

fn event(name: &str, data: &str) -> Bytes {
    Bytes::from(format!("event: {name}\ndata: {data}\n\n"))
}

/// A server message as one SSE event, serialized straight into the buffer.
fn message_event(m: &ServerJsonRpcMessage) -> Bytes {
    let mut buf = Vec::with_capacity(256);
    buf.extend_from_slice(b"event: message\ndata: ");
    if serde_json::to_writer(&mut buf, m).is_err() {
        buf.truncate(b"event: message\ndata: ".len());
        buf.extend_from_slice(b"{}");
    }
    buf.extend_from_slice(b"\n\n");
    Bytes::from(buf)
}

/// `GET /sse`: opens a session and streams its messages.
pub async fn get_sse(
    State(sessions): State<Arc<SseSessions>>,
    client: Option<axum::Extension<crate::auth::ClientKey>>,
) -> Response {
    let client = client.map(|axum::Extension(k)| k.0);
    let slot = match sessions.limit.open_for(client.as_deref()) {
        Ok(slot) => slot,
        Err(refused) => {
            tracing::warn!(max = sessions.limit.max(), "SSE session refused: {refused}");
            return bad(StatusCode::SERVICE_UNAVAILABLE, refused.0);
        }
    };
    let id = new_session_id();
    let (out, from_server) = mpsc::channel::<Bytes>(QUEUE);
    let cancel = sessions.limit.shutdown().child_token();
    let session = Arc::new(Session {
        server: (sessions.make_server)(&id),
        out,
        inbox: OnceLock::new(),
        peer: Arc::default(),
        cancel: cancel.clone(),
        last_used: Mutex::new(tokio::time::Instant::now()),
    });
    sessions.lock().insert(id.clone(), session.clone());
    tracing::info!(session = %short(&id), "SSE session opened");

    let guard = SessionGuard {
        sessions: sessions.clone(),
        id: id.clone(),
        cancel: cancel.clone(),
        _slot: slot,
    };
    let endpoint = stream::once(async move {
        Ok::<Bytes, Infallible>(event("endpoint", &format!("/messages/?session_id={id}")))
    });
    let messages = ReceiverStream::new(from_server).map(Ok);
    let mut ticker =
        tokio::time::interval_at(tokio::time::Instant::now() + PING_INTERVAL, PING_INTERVAL);
    let pings = stream::poll_fn(move |cx| {
        ticker
            .poll_tick(cx)
            .map(|_| Some(Ok(Bytes::from_static(b": ping\n\n"))))
    });
    // The stream ends once no POST has arrived for `idle`, or at shutdown.
    let idle = sessions.idle;
    let expiry = Box::pin(async move {
        loop {
            let last = *session.last_used.lock().unwrap_or_else(|e| e.into_inner());
            let deadline = last + idle;
            if tokio::time::Instant::now() >= deadline {
                tracing::info!("SSE session idle for {} s, closing", idle.as_secs());
                return;
            }
            tokio::select! {
                _ = tokio::time::sleep_until(deadline) => {}
                _ = cancel.cancelled() => return,
            }
        }
    });
    let body = endpoint
        .chain(stream::select(messages, pings))
        .take_until(expiry)
        .map(move |item| {
            let _keep = &guard;
            item
        });
    (
        StatusCode::OK,
        sse_headers(),
        axum::body::Body::from_stream(body),
    )
        .into_response()
}

/// Query of `POST /messages/`.
#[derive(serde::Deserialize)]
pub struct MessageQuery {
    session_id: Option<String>,
}

fn bad(status: StatusCode, msg: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        msg,
    )
        .into_response()
}

/// `POST /messages/?session_id=…`: one JSON-RPC message into a session.
pub async fn post_message(
    State(sessions): State<Arc<SseSessions>>,
    Query(q): Query<MessageQuery>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some(id) = q.session_id.filter(|s| !s.is_empty()) else {
        return bad(
            StatusCode::BAD_REQUEST,
            "missing session_id: open GET /sse first and post to the endpoint it sends".into(),
        );
    };
    // Malformed (not 32 hex digits) is the client's mistake; well-formed but
    // unknown is a session that ended. The Python SDK server answers the same.
    if !is_session_id(&id) {
        return bad(
            StatusCode::BAD_REQUEST,
            "malformed session_id: expected the 32 hex digits from the endpoint event".into(),
        );
    }
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(';')
                .next()
                .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
        });
    if !is_json {
        return bad(
            StatusCode::BAD_REQUEST,
            "Content-Type must be application/json".into(),
        );
    }
    let Some(session) = sessions.lock().get(&id).cloned() else {
        return bad(
            StatusCode::NOT_FOUND,
            "unknown or closed session: open GET /sse again".into(),
        );
    };
    *session.last_used.lock().unwrap_or_else(|e| e.into_inner()) = tokio::time::Instant::now();
    let msg: ClientJsonRpcMessage = match serde_json::from_slice(&body) {
        Ok(m) => m,
        Err(e) => {
            return bad(
                StatusCode::BAD_REQUEST,
                format!("invalid JSON-RPC message: {e}"),
            )
        }
    };
    match (msg, session.peer.get()) {
        (JsonRpcMessage::Request(req), Some(peer))
            if !matches!(req.request, ClientRequest::InitializeRequest(_)) =>
        {
            run_request(&session, peer.clone(), req);
        }
        (msg, _) => {
            if session.inbox(&id).send(Box::new(msg)).await.is_err() {
                return bad(
                    StatusCode::NOT_FOUND,
                    "session has closed: open GET /sse again".into(),
                );
            }
        }
    }
    (StatusCode::ACCEPTED, "Accepted").into_response()
}

/// Runs a request of an initialized session through rmcp's handler here, in
/// the POST's task, and writes the response to the stream: two task hops per
/// call instead of five through the service loop. A call that waits (on
/// Telegram, say) moves to its own task, so the POST still answers at once.
fn run_request(
    session: &Session,
    peer: Peer<RoleServer>,
    req: rmcp::model::JsonRpcRequest<ClientRequest>,
) {
    let rmcp::model::JsonRpcRequest {
        id, mut request, ..
    } = req;
    let mut ctx = RequestContext::new(id.clone(), peer);
    ctx.ct = session.cancel.child_token();
    std::mem::swap(&mut ctx.meta, request.get_meta_mut());
    std::mem::swap(&mut ctx.extensions, request.extensions_mut());
    let (server, out) = (session.server.clone(), session.out.clone());
    let mut work = Box::pin(async move {
        let msg: ServerJsonRpcMessage = match server.handle_request(request, ctx).await {
            Ok(result) => JsonRpcMessage::response(result, id),
            Err(error) => JsonRpcMessage::error(error, Some(id)),
        };
        // A closed stream has no one to tell.
        let _ = out.send(message_event(&msg)).await;
    });
    let waker = futures::task::noop_waker();
    if work
        .poll_unpin(&mut std::task::Context::from_waker(&waker))
        .is_pending()
    {
        tokio::spawn(work);
    }
}
