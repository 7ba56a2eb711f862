//! The audit log: one JSON line per write, to a file and to tracing.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::Serialize;

/// One audited write.
#[derive(Debug, Serialize)]
pub struct AuditEntry<'a> {
    /// RFC 3339 UTC.
    pub time: String,
    /// Which MCP session (transport and short id) asked.
    pub client: &'a str,
    pub plugin: &'a str,
    pub tool: &'a str,
    pub action: &'a str,
    pub chat: &'a str,
    pub chat_id: Option<i64>,
    pub message_ids: Vec<i32>,
    /// `ok`, or the error.
    pub outcome: String,
    /// The message text, only when `include_text` is set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<&'a str>,
}

/// Where audit lines go.
#[derive(Debug, Default)]
pub struct Audit {
    file: Option<(PathBuf, Mutex<std::fs::File>)>,
    /// Record message texts too.
    pub include_text: bool,
}

impl Audit {
    /// Appends to `path` (created if missing, mode 0600).
    pub fn to_file(path: &Path, include_text: bool) -> std::io::Result<Self> {
        let mut o = std::fs::OpenOptions::new();
        o.create(true).append(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            o.mode(0o600);
        }
        let f = o.open(path)?;
        Ok(Audit {
            file: Some((path.to_path_buf(), Mutex::new(f))),
            include_text,
        })
    }

    /// Tracing only.
    pub fn tracing_only(include_text: bool) -> Self {
        Audit {
            file: None,
            include_text,
        }
    }

    /// Records one write.
    pub fn record(&self, mut e: AuditEntry<'_>) {
        if !self.include_text {
            e.text = None;
        }
        let line = serde_json::to_string(&e).unwrap_or_default();
        tracing::info!(target: "audit", client = e.client, plugin = e.plugin, tool = e.tool, chat = e.chat, outcome = %e.outcome, "{line}");
        if let Some((path, f)) = &self.file {
            let mut f = f.lock().unwrap_or_else(|p| p.into_inner());
            if let Err(err) = writeln!(f, "{line}") {
                tracing::error!(path = %path.display(), error = %err, "could not write the audit log");
            }
        }
    }
}

/// Now as RFC 3339 UTC, second precision.
pub fn now_rfc3339() -> String {
    jiff::Timestamp::now()
        .round(jiff::Unit::Second)
        .map(|t| t.to_string())
        .unwrap_or_default()
}
