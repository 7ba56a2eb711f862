//! tgmcp: a Telegram MCP server whose tools are sandboxed WebAssembly components.

pub mod auth;
pub mod cli;
pub mod config;
pub mod http;
pub mod mcp;
pub mod policy;
pub mod process;
pub mod runtime;
pub mod scaffold;
pub mod telegram;
