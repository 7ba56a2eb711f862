//! `tgmcp plugin inspect`: what a component offers and what it asks for.

use std::path::Path;

use serde::Serialize;
use serde_json::Value;

use crate::policy::Grants;
use crate::runtime::plugin::{self, Origin};
use crate::runtime::{plugin_name, sha256_hex, Runtime};

/// The report `plugin inspect` prints.
#[derive(Debug, Serialize)]
pub struct Inspection {
    pub plugin: String,
    pub path: String,
    pub bytes: usize,
    pub sha256: String,
    /// Requested capabilities (WIT interfaces imported) and whether the policy grants each.
    pub capabilities: Vec<CapabilityReport>,
    pub tools: Vec<Value>,
    /// Why the server would refuse it, if it would.
    pub error: Option<String>,
}

/// One requested capability.
#[derive(Debug, Serialize)]
pub struct CapabilityReport {
    pub interface: String,
    pub key: String,
    pub granted: bool,
}

/// Inspects a `.wasm` file as the server would load it.
pub async fn inspect(rt: &Runtime, path: &Path) -> Result<Inspection, std::io::Error> {
    let bytes = std::fs::read(path)?;
    let sha = sha256_hex(&bytes);
    let name = plugin_name(path);
    let mut report = Inspection {
        plugin: name.clone(),
        path: path.display().to_string(),
        bytes: bytes.len(),
        sha256: sha.clone(),
        capabilities: Vec::new(),
        tools: Vec::new(),
        error: None,
    };
    let component = match plugin::compile(rt.engine(), &name, &bytes) {
        Ok(c) => c,
        Err(e) => {
            report.error = Some(e.to_string());
            return Ok(report);
        }
    };
    // Grants follow the identity the policy gives the file, not its name.
    let grants = match rt.identify(path, &sha) {
        Ok(id) => {
            report.plugin = id.name.clone();
            id.grants(&rt.ctx().policy)
        }
        Err(e) => {
            report.error = Some(e.to_string());
            Grants::default()
        }
    };
    match plugin::requested_capabilities(rt.engine(), &component, &name) {
        Ok(caps) => {
            report.capabilities = caps
                .into_iter()
                .map(|(c, interface)| CapabilityReport {
                    interface,
                    key: c.key().into(),
                    granted: grants.allows(c),
                })
                .collect()
        }
        Err(e) => {
            report.error = Some(e.to_string());
            return Ok(report);
        }
    }
    match rt
        .load_hashed(&name, Origin::File(path.to_path_buf()), &bytes, &sha)
        .await
    {
        Ok(p) => {
            report.tools = p
                .tools
                .iter()
                .map(|t| serde_json::to_value(rmcp::model::Tool::from(t)).unwrap_or_default())
                .collect();
        }
        Err(e) => report.error = Some(e.to_string()),
    }
    Ok(report)
}

impl std::fmt::Display for Inspection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "plugin   {}", self.plugin)?;
        writeln!(
            f,
            "file     {} ({} bytes, sha256 {})",
            self.path,
            self.bytes,
            &self.sha256[..16]
        )?;
        if self.capabilities.is_empty() {
            writeln!(f, "asks for nothing (no Telegram access)")?;
        }
        for c in &self.capabilities {
            let g = if c.granted { "granted" } else { "NOT granted" };
            writeln!(f, "asks for {} ({}): {g}", c.key, c.interface)?;
        }
        for t in &self.tools {
            let ro = t["annotations"]["readOnlyHint"].as_bool().unwrap_or(false);
            writeln!(
                f,
                "tool     {}{}: {}",
                t["name"].as_str().unwrap_or_default(),
                if ro { " (read-only)" } else { "" },
                t["description"].as_str().unwrap_or_default()
            )?;
            writeln!(f, "         input {}", t["inputSchema"])?;
        }
        if let Some(e) = &self.error {
            writeln!(f, "REFUSED  {e}")?;
        }
        Ok(())
    }
}
