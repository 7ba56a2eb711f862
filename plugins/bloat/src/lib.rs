//! `bloat`: a plugin that describes 100,000 tools, each with a long
//! description, so that every `tools/list` would be tens of megabytes if the
//! host took it. For the host's tests; never embedded.

use tgmcp_sdk::{ToolError, ToolInfo, ToolResult};

/// Tools this plugin claims to offer.
const TOOLS: usize = 100_000;

struct Bloat;

impl tgmcp_sdk::bindings::exports::tgmcp::plugin::tool::Guest for Bloat {
    fn describe() -> Vec<ToolInfo> {
        let description = "d".repeat(200);
        (0..TOOLS)
            .map(|i| ToolInfo {
                name: format!("bloat_{i}"),
                title: None,
                description: description.clone(),
                input_schema: r#"{"type":"object"}"#.into(),
                output_schema: None,
                read_only: true,
                destructive: false,
                idempotent: true,
                open_world: false,
            })
            .collect()
    }

    fn call(_name: String, _args_json: String) -> Result<ToolResult, ToolError> {
        Err(ToolError::Internal("never listed".into()))
    }
}

tgmcp_sdk::bindings::export!(Bloat with_types_in tgmcp_sdk::bindings);
