//! Streamable HTTP (`/mcp`): rmcp's own server, one `McpServer` per session.

use std::sync::Arc;
use std::time::Duration;

use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
use rmcp::transport::streamable_http_server::{StreamableHttpServerConfig, StreamableHttpService};

use super::sse::PING_INTERVAL;
use super::{McpServer, Sessions};
use crate::runtime::Runtime;

/// The `/mcp` service. Host and Origin are checked by the HTTP layer for every
/// transport alike, so rmcp's own host check is off.
pub fn service(
    rt: Arc<Runtime>,
    sessions: Arc<Sessions>,
    idle: Duration,
) -> StreamableHttpService<McpServer, LocalSessionManager> {
    let cfg = StreamableHttpServerConfig::default()
        .disable_allowed_hosts()
        .with_sse_keep_alive(Some(PING_INTERVAL));
    let mut manager = LocalSessionManager::default();
    manager.session_config.keep_alive = Some(idle);
    StreamableHttpService::new(
        move || Ok(McpServer::new(rt.clone(), sessions.clone())),
        Arc::new(manager),
        cfg,
    )
}
