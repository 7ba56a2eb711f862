//! The HTTP server: mounts the MCP transports, /health, auth and Origin checks.

use std::sync::Arc;

use axum::extract::{Request, State};
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
use crate::mcp::{streamable, Sessions};
use crate::runtime::Runtime;

/// Largest accepted request body (one JSON-RPC message).
const MAX_BODY: usize = 4 << 20;

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

async fn health(State(st): State<AppState>) -> Json<serde_json::Value> {
    let reg = st.runtime.registry();
    let backend = &st.runtime.ctx().backend;
    let tools = st.runtime.visible_tools().len();
    Json(json!({
        "status": "ok",
        "version": env!("CARGO_PKG_VERSION"),
        "backend": backend.kind(),
        "connected": backend.connected(),
        "plugins": reg.plugins().len(),
        "tools": tools,
        "sessions": st.sessions.count(),
        "read_only": st.runtime.ctx().policy.read_only,
        "plugin_errors": reg.problems,
    }))
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
    if opens && limit.open() >= limit.max() {
        tracing::warn!(
            max = limit.max(),
            "/mcp session refused: too many open sessions"
        );
        return (StatusCode::SERVICE_UNAVAILABLE, limit.refusal()).into_response();
    }
    next.run(req).await
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
    let streamable = Router::new()
        .fallback_service(streamable::service(
            st.runtime.clone(),
            st.sessions.clone(),
            st.limit.clone(),
            idle,
        ))
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

/// Serves `app` on `listener` until `shutdown` resolves.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    // Streamed responses are many small writes; without TCP_NODELAY, Nagle plus
    // delayed ACKs add ~40 ms to every Streamable HTTP request.
    let listener = axum::serve::ListenerExt::tap_io(listener, |tcp: &mut tokio::net::TcpStream| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::debug!(error = %e, "could not set TCP_NODELAY");
        }
    });
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}
