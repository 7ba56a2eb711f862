//! MCP on stdin/stdout (Claude Desktop, Cursor and other local clients).

use std::sync::Arc;

use rmcp::ServiceExt;

use super::{McpServer, Sessions};
use crate::runtime::Runtime;

/// Serves one session on stdio until the client closes its end.
pub async fn serve(rt: Arc<Runtime>, sessions: Arc<Sessions>) -> Result<(), String> {
    let server = McpServer::new(rt, sessions).with_client("stdio");
    let running = server
        .serve(rmcp::transport::stdio())
        .await
        .map_err(|e| e.to_string())?;
    running.waiting().await.map_err(|e| e.to_string())?;
    Ok(())
}
