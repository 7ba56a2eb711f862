//! The HTTP server: mounts the MCP transports, /health, auth and Origin checks;
//! bounds how long a client may take to send a request.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;

use crate::auth::{self, Security};
use crate::mcp::sessions::SessionLimit;
use crate::mcp::sse::{self, SseSessions};
use crate::mcp::{streamable, McpServer, Sessions};
use crate::runtime::Runtime;

/// Largest accepted request body (one JSON-RPC message).
pub const MAX_BODY: usize = 4 << 20;
/// Longest a client may take to send a request's headers (slowloris), and to
/// start the next request on a kept-alive connection.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// Longest a client may take to send a request's body.
pub const BODY_READ_TIMEOUT: Duration = Duration::from_secs(15);

/// What the router needs.
#[derive(Clone)]
pub struct AppState {
    pub runtime: Arc<Runtime>,
    pub sessions: Arc<Sessions>,
    pub sse: Arc<SseSessions>,
    pub security: Arc<Security>,
    /// Open sessions on /sse and /mcp together, and the shutdown of their streams.
    pub limit: Arc<SessionLimit>,
}

impl AppState {
    /// The state over a loaded runtime: SSE sessions (within `limit`, closed
    /// after `idle` without a POST) whose MCP servers act for `runtime`.
    pub fn new(
        runtime: Arc<Runtime>,
        sessions: Arc<Sessions>,
        security: Security,
        limit: Arc<SessionLimit>,
        idle: Duration,
    ) -> AppState {
        let (rt, s) = (runtime.clone(), sessions.clone());
        let sse = SseSessions::new(limit.clone(), idle, move |id| {
            McpServer::new(rt.clone(), s.clone()).with_client(format!("sse:{}", &id[..8]))
        });
        AppState {
            runtime,
            sessions,
            sse,
            security: Arc::new(security),
            limit,
        }
    }
}

/// `/health`. With auth on, plugin paths and load errors are shown only to a
/// caller with valid credentials; others get their count.
async fn health(State(st): State<AppState>, req: Request) -> Json<serde_json::Value> {
    let reg = st.runtime.registry();
    let backend = &st.runtime.ctx().backend;
    let tools = st.runtime.visible_tools().len();
    let detail = st.security.authorized(&req);
    let plugin_errors = if detail {
        json!(reg.problems)
    } else {
        json!(reg.problems.len())
    };
    Json(json!({
        "status": "ok",
        "version": env!("CARGO_PKG_VERSION"),
        "backend": backend.kind(),
        "connected": backend.connected(),
        "telegram": backend.state(),
        "plugins": reg.plugins().len(),
        "tools": tools,
        "sessions": st.sessions.count(),
        "read_only": st.runtime.ctx().policy.read_only,
        "plugin_errors": plugin_errors,
        // The update log: its size against its caps (TGMCP_EVENTS_MAX_BYTES).
        "events": backend.events().map(|e| e.stats()),
    }))
}

/// Reads a POST body whole, within [`BODY_READ_TIMEOUT`] and [`MAX_BODY`], so a
/// slow or endless body cannot hold a connection and a transport: 408 when too
/// slow, 413 when too large (chunked too), 400 when `/mcp` gets malformed JSON.
async fn read_body(req: Request, next: Next) -> Response {
    if req.method() != Method::POST {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let read = tokio::time::timeout(BODY_READ_TIMEOUT, axum::body::to_bytes(body, MAX_BODY));
    let bytes = match read.await {
        Err(_) => {
            let msg = format!(
                "request timeout: the body did not arrive within {} s",
                BODY_READ_TIMEOUT.as_secs()
            );
            return (StatusCode::REQUEST_TIMEOUT, msg).into_response();
        }
        Ok(Err(e)) if too_large(&e) => {
            let msg = format!("payload too large: requests may have at most {MAX_BODY} bytes");
            return (StatusCode::PAYLOAD_TOO_LARGE, msg).into_response();
        }
        Ok(Err(e)) => {
            return (StatusCode::BAD_REQUEST, format!("bad request body: {e}")).into_response()
        }
        Ok(Ok(b)) => b,
    };
    if parts.uri.path().starts_with("/mcp") {
        if let Err(e) = serde_json::from_slice::<serde::de::IgnoredAny>(&bytes) {
            // JSON-RPC's parse error, as a 400 (rmcp would answer 415).
            let body = json!({"jsonrpc": "2.0", "id": null, "error": {"code": -32700, "message": format!("parse error: {e}")}});
            return (StatusCode::BAD_REQUEST, Json(body)).into_response();
        }
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

fn too_large(e: &axum::Error) -> bool {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(c) = cause {
        if c.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        cause = c.source();
    }
    false
}

/// rmcp answers a session DELETE with 202; the Python SDK reports anything but
/// 200/204 as "Session termination failed", so say 200.
async fn delete_ok(req: Request, next: Next) -> Response {
    let is_delete = req.method() == axum::http::Method::DELETE;
    let mut r = next.run(req).await;
    if is_delete && r.status() == StatusCode::ACCEPTED {
        *r.status_mut() = StatusCode::OK;
    }
    r
}

/// A new `/mcp` session (a POST without `Mcp-Session-Id`) past the session
/// budget gets 503 and a sentence, as `/sse` does, before rmcp creates it.
async fn mcp_session_cap(
    State(limit): State<Arc<SessionLimit>>,
    req: Request,
    next: Next,
) -> Response {
    let opens = req.method() == Method::POST && !req.headers().contains_key("mcp-session-id");
    if !opens {
        return next.run(req).await;
    }
    if limit.open() >= limit.max() {
        tracing::warn!(
            max = limit.max(),
            "/mcp session refused: too many open sessions"
        );
        return (StatusCode::SERVICE_UNAVAILABLE, limit.refusal()).into_response();
    }
    // The client's share: taken now, kept with the session if one opens.
    let client = req.extensions().get::<crate::auth::ClientKey>().cloned();
    let place = match client.map(|k| limit.client_place(&k.0)).transpose() {
        Ok(p) => p,
        Err(refused) => {
            tracing::warn!("/mcp session refused: {refused}");
            return (StatusCode::SERVICE_UNAVAILABLE, refused.0).into_response();
        }
    };
    let r = next.run(req).await;
    if let (Some(place), Some(id)) = (
        place,
        r.headers()
            .get("mcp-session-id")
            .and_then(|v| v.to_str().ok()),
    ) {
        limit.keep_mcp(id, place);
    }
    r
}

async fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "not found: MCP is served at /sse (legacy SSE) and /mcp (Streamable HTTP); health at /health").into_response()
}

/// CORS for browser clients, only when origins are configured.
fn cors(origins: &[String]) -> Option<CorsLayer> {
    if origins.is_empty() {
        return None;
    }
    let allow = if origins.iter().any(|o| o == "*") {
        AllowOrigin::any()
    } else {
        AllowOrigin::list(origins.iter().filter_map(|o| HeaderValue::from_str(o).ok()))
    };
    let h = |n: &'static str| HeaderName::from_static(n);
    Some(
        CorsLayer::new()
            .allow_origin(allow)
            .allow_methods([Method::GET, Method::POST, Method::DELETE, Method::OPTIONS])
            .allow_headers([
                h("authorization"),
                h("content-type"),
                h("mcp-session-id"),
                h("mcp-protocol-version"),
                h("last-event-id"),
            ])
            .expose_headers([h("mcp-session-id"), h("www-authenticate")]),
    )
}

/// The full router.
pub fn router(st: AppState, idle: std::time::Duration) -> Router {
    // Host and Origin are checked by `auth::guard` for every transport alike.
    let fast = streamable::FastPath {
        sessions: Arc::default(),
        idle,
    };
    let streamable = Router::new()
        .fallback_service(streamable::service(
            st.runtime.clone(),
            st.sessions.clone(),
            st.limit.clone(),
            fast.clone(),
        ))
        .layer(middleware::from_fn_with_state(fast, streamable::fast_path))
        .layer(middleware::from_fn_with_state(
            st.limit.clone(),
            mcp_session_cap,
        ));
    let sse_routes = Router::new()
        .route("/sse", get(sse::get_sse).head(sse::head_sse))
        .route("/messages/", post(sse::post_message))
        .route("/messages", post(sse::post_message))
        .with_state(st.sse.clone());
    let mcp = Router::new()
        .merge(sse_routes)
        .nest_service("/mcp", streamable)
        .layer(middleware::from_fn(delete_ok))
        .layer(middleware::from_fn(read_body))
        .layer(RequestBodyLimitLayer::new(MAX_BODY))
        .layer(middleware::from_fn_with_state(
            st.security.clone(),
            auth::guard,
        ));
    let mut app = Router::new()
        .route("/health", get(health).with_state(st.clone()))
        .merge(mcp);
    if let Some(o) = &st.security.oauth {
        use crate::auth::oauth;
        let oauth_routes = Router::new()
            .route(
                "/.well-known/oauth-protected-resource",
                get(oauth::protected_resource),
            )
            .route(
                "/.well-known/oauth-protected-resource/{*rest}",
                get(oauth::protected_resource),
            )
            .route(
                "/.well-known/oauth-authorization-server",
                get(oauth::server_metadata),
            )
            .route(
                "/.well-known/oauth-authorization-server/{*rest}",
                get(oauth::server_metadata),
            )
            .route("/register", post(oauth::register))
            .route(
                "/authorize",
                get(oauth::authorize_page).post(oauth::authorize_submit),
            )
            .route("/token", post(oauth::token))
            .layer(RequestBodyLimitLayer::new(64 << 10))
            .with_state(o.clone());
        app = app.merge(oauth_routes);
    }
    let app = app.fallback(not_found);
    match cors(&st.security.allowed_origins) {
        Some(c) => app.layer(c),
        None => app,
    }
}

/// How long a request made while the server starts waits for it.
pub const STARTING_WAIT: Duration = Duration::from_secs(60);

/// The router from the moment the port is bound: `/health` answers at once
/// (503, `"status": "starting"`) while the built-in plugins compile (seconds
/// on an empty cache, so a PaaS's health check and a client's first request
/// are not refused), and every request goes to the full router once `ready`
/// holds it; one that arrives before waits for it up to [`STARTING_WAIT`].
pub fn starting(ready: tokio::sync::watch::Receiver<Option<Router>>) -> Router {
    Router::new().fallback(move |req: Request| {
        let mut ready = ready.clone();
        async move {
            let now = ready.borrow().clone();
            let app = match now {
                Some(app) => Some(app),
                None if req.uri().path() == "/health" => None,
                None => tokio::time::timeout(STARTING_WAIT, ready.wait_for(Option::is_some))
                    .await
                    .ok()
                    .and_then(|r| r.ok().and_then(|app| app.clone())),
            };
            match app {
                Some(mut app) => match tower_service::Service::call(&mut app, req).await {
                    Ok(r) => r,
                    Err(never) => match never {},
                },
                None => (
                    StatusCode::SERVICE_UNAVAILABLE,
                    [(axum::http::header::RETRY_AFTER, "5")],
                    Json(json!({
                        "status": "starting",
                        "version": env!("CARGO_PKG_VERSION"),
                    })),
                )
                    .into_response(),
            }
        }
    })
}

/// Serves `app` on `listener` until `shutdown` resolves, then lets open
/// connections finish. Like `axum::serve`, plus a header read timeout, which
/// hyper applies only with a timer and axum does not give it one.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(());
    tokio::pin!(shutdown);
    loop {
        let (tcp, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors and the like: wait, do not spin.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        // Streamed responses are many small writes; without TCP_NODELAY, Nagle plus
        // delayed ACKs add ~40 ms to every Streamable HTTP request.
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::debug!(error = %e, "could not set TCP_NODELAY");
        }
        tokio::spawn(connection(tcp, remote, app.clone(), stop_rx.clone()));
    }
    drop(stop_rx);
    // Tell every connection to finish its requests, then wait for them all.
    let _ = stop_tx.send(());
    stop_tx.closed().await;
    Ok(())
}

async fn connection(
    tcp: tokio::net::TcpStream,
    remote: SocketAddr,
    app: Router,
    mut stop: tokio::sync::watch::Receiver<()>,
) {
    let svc = hyper::service::service_fn(move |mut req: Request<hyper::body::Incoming>| {
        req.extensions_mut().insert(ConnectInfo(remote));
        let mut app = app.clone();
        tower_service::Service::call(&mut app, req.map(Body::new))
    });
    let conn = hyper::server::conn::http1::Builder::new()
        .timer(hyper_util::rt::TokioTimer::new())
        .header_read_timeout(HEADER_READ_TIMEOUT)
        .serve_connection(hyper_util::rt::TokioIo::new(tcp), svc)
        .with_upgrades();
    tokio::pin!(conn);
    tokio::select! {
        r = conn.as_mut() => {
            if let Err(e) = r {
                tracing::trace!(error = %e, "connection ended with an error");
            }
        }
        _ = stop.changed() => {
            conn.as_mut().graceful_shutdown();
            let _ = conn.await;
        }
    }
}

#[cfg(test)]
#[path = "http_tests.rs"]
mod tests;
