//! The HTTP server: legacy SSE, Streamable HTTP, health, auth and Origin checks.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
use rmcp::transport::streamable_http_server::{StreamableHttpServerConfig, StreamableHttpService};
use serde_json::json;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;

use crate::auth::{self, Security};
use crate::mcp::sse::{self, SseSessions};
use crate::mcp::{McpServer, Sessions};
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
}

async fn health(State(st): State<AppState>) -> Json<serde_json::Value> {
    let reg = st.runtime.registry();
    let backend = &st.runtime.ctx().backend;
    let tools = reg.tools().filter(|(_, t)| st.runtime.visible(t)).count();
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
    let rt = st.runtime.clone();
    let sessions = st.sessions.clone();
    // Host and Origin are checked by `auth::guard` for every transport alike.
    let cfg = StreamableHttpServerConfig::default()
        .disable_allowed_hosts()
        .with_sse_keep_alive(Some(sse::PING_INTERVAL));
    let mut manager = LocalSessionManager::default();
    manager.session_config.keep_alive = Some(idle);
    let streamable = StreamableHttpService::new(
        move || Ok(McpServer::new(rt.clone(), sessions.clone())),
        Arc::new(manager),
        cfg,
    );
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
