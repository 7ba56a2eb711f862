//! Legacy MCP SSE transport (`GET /sse` + `POST /messages/?session_id=…`), the
//! wire ChatGPT connectors, mcp-proxy and the Python SDK speak. rmcp has no
//! server for it, so this is ours: each stream feeds an rmcp service through
//! a (Sink, Stream) pair of channels.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use futures::stream::{self, StreamExt};
use rmcp::model::{ClientJsonRpcMessage, ServerJsonRpcMessage};
use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;
use tokio_util::sync::{CancellationToken, PollSender};

use super::McpServer;

/// Interval of `: ping` comments that keep proxies from closing idle streams.
pub const PING_INTERVAL: Duration = Duration::from_secs(15);
/// Messages queued per session before POST waits.
const QUEUE: usize = 64;

/// Open legacy SSE sessions by id.
pub struct SseSessions {
    make_server: Box<dyn Fn(&str) -> McpServer + Send + Sync>,
    open: Mutex<HashMap<String, Session>>,
    max: usize,
    idle: Duration,
}

/// One open stream: where its POSTs go, and when it last got one.
struct Session {
    tx: mpsc::Sender<ClientJsonRpcMessage>,
    last_used: Arc<Mutex<tokio::time::Instant>>,
}

impl SseSessions {
    /// Sessions whose servers come from `make_server`.
    /// At most `max` at once; a session with no POST for `idle` is closed.
    pub fn new(
        max: usize,
        idle: Duration,
        make_server: impl Fn(&str) -> McpServer + Send + Sync + 'static,
    ) -> Arc<Self> {
        Arc::new(SseSessions {
            make_server: Box::new(make_server),
            open: Mutex::new(HashMap::new()),
            max,
            idle,
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Session>> {
        self.open.lock().unwrap_or_else(|e| e.into_inner())
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

/// `GET /sse`: opens a session and streams its messages.
pub async fn get_sse(State(sessions): State<Arc<SseSessions>>) -> Response {
    let id = new_session_id();
    let (to_server, from_client) = mpsc::channel::<ClientJsonRpcMessage>(QUEUE);
    let (to_client, from_server) = mpsc::channel::<ServerJsonRpcMessage>(QUEUE);
    let last_used = Arc::new(Mutex::new(tokio::time::Instant::now()));
    {
        let mut open = sessions.lock();
        if open.len() >= sessions.max {
            tracing::warn!(
                max = sessions.max,
                "SSE session refused: too many open sessions"
            );
            return bad(
                StatusCode::SERVICE_UNAVAILABLE,
                format!(
                    "too many open sessions ({}); try again later (TGMCP_MAX_SESSIONS)",
                    sessions.max
                ),
            );
        }
        open.insert(
            id.clone(),
            Session {
                tx: to_server,
                last_used: last_used.clone(),
            },
        );
    }

    let cancel = CancellationToken::new();
    let server = (sessions.make_server)(&id);
    let transport = (PollSender::new(to_client), ReceiverStream::new(from_client));
    let ct = cancel.clone();
    let sid = short(&id).to_string();
    tokio::spawn(async move {
        match rmcp::service::serve_server_with_ct(server, transport, ct).await {
            Ok(running) => {
                let _ = running.waiting().await;
            }
            Err(e) => {
                tracing::info!(session = %sid, error = %e, "SSE session ended before initialization")
            }
        }
    });
    tracing::info!(session = %short(&id), "SSE session opened");

    let guard = SessionGuard {
        sessions: sessions.clone(),
        id: id.clone(),
        cancel,
    };
    let endpoint = stream::once(async move {
        Ok::<Bytes, Infallible>(event("endpoint", &format!("/messages/?session_id={id}")))
    });
    let messages = ReceiverStream::new(from_server).map(|m| {
        let json = serde_json::to_string(&m).unwrap_or_else(|_| "{}".into());
        Ok(event("message", &json))
    });
    let mut ticker =
        tokio::time::interval_at(tokio::time::Instant::now() + PING_INTERVAL, PING_INTERVAL);
    let pings = stream::poll_fn(move |cx| {
        ticker
            .poll_tick(cx)
            .map(|_| Some(Ok(Bytes::from_static(b": ping\n\n"))))
    });
    // Idle expiry: the stream ends once no POST has arrived for `idle`.
    let idle = sessions.idle;
    let expiry = Box::pin(async move {
        loop {
            let last = *last_used.lock().unwrap_or_else(|e| e.into_inner());
            let deadline = last + idle;
            if tokio::time::Instant::now() >= deadline {
                tracing::info!("SSE session idle for {} s, closing", idle.as_secs());
                return;
            }
            tokio::time::sleep_until(deadline).await;
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
    let Some(tx) = sessions.lock().get(&id).map(|s| {
        *s.last_used.lock().unwrap_or_else(|e| e.into_inner()) = tokio::time::Instant::now();
        s.tx.clone()
    }) else {
        return bad(
            StatusCode::NOT_FOUND,
            "unknown or closed session: open GET /sse again".into(),
        );
    };
    let msg: ClientJsonRpcMessage = match serde_json::from_slice(&body) {
        Ok(m) => m,
        Err(e) => {
            return bad(
                StatusCode::BAD_REQUEST,
                format!("invalid JSON-RPC message: {e}"),
            )
        }
    };
    if tx.send(msg).await.is_err() {
        return bad(
            StatusCode::NOT_FOUND,
            "session has closed: open GET /sse again".into(),
        );
    }
    (StatusCode::ACCEPTED, "Accepted").into_response()
}
