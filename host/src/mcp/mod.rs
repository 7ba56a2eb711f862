//! MCP over the plugin registry (rmcp), and the transports that carry it.

pub mod handler;
pub mod sessions;
pub mod sse;
pub mod stdio;
pub mod streamable;

pub use handler::McpServer;
pub use sessions::Sessions;
