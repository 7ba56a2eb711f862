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
    open: Mutex<HashMap<String, mpsc::Sender<ClientJsonRpcMessage>>>,
}

impl SseSessions {
    /// Sessions whose servers come from `make_server`.
    pub fn new(make_server: impl Fn(&str) -> McpServer + Send + Sync + 'static) -> Arc<Self> {
        Arc::new(SseSessions {
            make_server: Box::new(make_server),
            open: Mutex::new(HashMap::new()),
        })
    }

    fn lock(
        &self,
    ) -> std::sync::MutexGuard<'_, HashMap<String, mpsc::Sender<ClientJsonRpcMessage>>> {
        self.open.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Number of open SSE streams.
    pub fn count(&self) -> usize {
        self.lock().len()
    }
}

/// A 128-bit random session id as 32 hex digits.
pub fn new_session_id() -> String {
    hex::encode(rand::random::<[u8; 16]>())
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
    sessions.lock().insert(id.clone(), to_server);

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
    let body = endpoint
        .chain(stream::select(messages, pings))
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
    let Some(tx) = sessions.lock().get(&id).cloned() else {
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
