//! The HTTP server: legacy SSE, Streamable HTTP, health, auth and Origin checks.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
use rmcp::transport::streamable_http_server::{StreamableHttpServerConfig, StreamableHttpService};
use serde_json::json;
use sha2::{Digest, Sha256};
use tower_http::limit::RequestBodyLimitLayer;

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

/// Request checks in front of the MCP endpoints.
#[derive(Debug, Clone, Default)]
pub struct Security {
    /// sha256 of the bearer token, when one is required.
    token_hash: Option<[u8; 32]>,
    /// Bound to loopback: accept only local Host and Origin headers.
    local_only: bool,
    /// Origins allowed in addition (`*` allows all).
    allowed_origins: Vec<String>,
}

impl Security {
    /// Checks for a server bound to `addr`, with an optional bearer token.
    pub fn new(addr: &SocketAddr, token: Option<&str>, allowed_origins: Vec<String>) -> Self {
        Security {
            token_hash: token
                .filter(|t| !t.is_empty())
                .map(|t| Sha256::digest(t.as_bytes()).into()),
            local_only: addr.ip().is_loopback(),
            allowed_origins,
        }
    }

    fn token_ok(&self, req: &Request) -> bool {
        let Some(expected) = &self.token_hash else {
            return true;
        };
        let given = req
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                v.strip_prefix("Bearer ")
                    .or_else(|| v.strip_prefix("bearer "))
            })
            .map(|t| -> [u8; 32] { Sha256::digest(t.trim().as_bytes()).into() });
        // Comparing fixed-length digests byte by byte without early exit keeps
        // the time independent of where a guess goes wrong.
        given.is_some_and(|g| {
            g.iter()
                .zip(expected)
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0
        })
    }

    fn origin_ok(&self, req: &Request) -> bool {
        let origin = req
            .headers()
            .get(header::ORIGIN)
            .and_then(|v| v.to_str().ok());
        if let Some(o) = origin {
            if self
                .allowed_origins
                .iter()
                .any(|a| a == "*" || a.eq_ignore_ascii_case(o))
            {
                return true;
            }
        }
        if !self.local_only {
            return origin.is_none() || self.allowed_origins.is_empty();
        }
        let host = req
            .headers()
            .get(header::HOST)
            .and_then(|v| v.to_str().ok());
        host.is_none_or(is_local_authority)
            && origin.is_none_or(|o| {
                let rest = o
                    .strip_prefix("http://")
                    .or_else(|| o.strip_prefix("https://"));
                rest.is_some_and(is_local_authority)
            })
    }
}

/// `localhost`, `127.0.0.1` or `[::1]`, with an optional port.
fn is_local_authority(a: &str) -> bool {
    let host = if let Some(rest) = a.strip_prefix('[') {
        rest.split(']').next().unwrap_or_default()
    } else {
        a.rsplit_once(':').map_or(a, |(h, p)| {
            if p.chars().all(|c| c.is_ascii_digit()) {
                h
            } else {
                a
            }
        })
    };
    matches!(
        host.to_ascii_lowercase().as_str(),
        "localhost" | "127.0.0.1" | "::1"
    )
}

async fn guard(State(sec): State<Arc<Security>>, req: Request, next: Next) -> Response {
    if !sec.origin_ok(&req) {
        return (
            StatusCode::FORBIDDEN,
            "forbidden: Origin or Host not allowed (set TGMCP_ALLOWED_ORIGINS)",
        )
            .into_response();
    }
    if !sec.token_ok(&req) {
        let mut r = (
            StatusCode::UNAUTHORIZED,
            "unauthorized: send Authorization: Bearer <TGMCP_AUTH_TOKEN>",
        )
            .into_response();
        r.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer realm=\"tgmcp\""),
        );
        return r;
    }
    next.run(req).await
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

/// The full router.
pub fn router(st: AppState) -> Router {
    let rt = st.runtime.clone();
    let sessions = st.sessions.clone();
    // Host and Origin are checked by `guard` for every transport alike.
    let cfg = StreamableHttpServerConfig::default()
        .disable_allowed_hosts()
        .with_sse_keep_alive(Some(sse::PING_INTERVAL));
    let streamable = StreamableHttpService::new(
        move || Ok(McpServer::new(rt.clone(), sessions.clone())),
        Arc::new(LocalSessionManager::default()),
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
        .layer(middleware::from_fn_with_state(st.security.clone(), guard));
    Router::new()
        .route("/health", get(health).with_state(st.clone()))
        .merge(mcp)
        .fallback(not_found)
}
