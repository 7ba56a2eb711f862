//! `tgmcp tools`: the tool list as the server would expose it.

use super::serve::{self, ServeError};
use super::ToolsArgs;
use rmcp::model::Tool;

/// The visible tools as MCP describes them, each with its plugin's name.
pub async fn run(a: ToolsArgs) -> Result<Vec<serde_json::Value>, ServeError> {
    let rt = serve::tools_runtime(&a).await?;
    Ok(rt
        .visible_tools()
        .iter()
        .map(|(p, t)| {
            let mut v = serde_json::to_value(Tool::from(t)).unwrap_or_default();
            v["plugin"] = p.name.clone().into();
            v
        })
        .collect())
}
