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
    /// The file, opened at the first write: reading a policy (`tgmcp tools
    /// --policy …`, `plugin inspect`) must not create it.
    file: Option<(PathBuf, Mutex<Option<std::fs::File>>)>,
    /// Record message texts too.
    pub include_text: bool,
}

/// Opens `path` for appending (created if missing, mode 0600).
fn open_append(path: &Path) -> std::io::Result<std::fs::File> {
    let mut o = std::fs::OpenOptions::new();
    o.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o.open(path)
}

impl Audit {
    /// Appends to `path` from the first write on. A directory that does not
    /// exist is an error now, at start, not at the first send.
    pub fn to_file(path: &Path, include_text: bool) -> std::io::Result<Self> {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        if !dir.is_dir() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("directory {} does not exist", dir.display()),
            ));
        }
        if path.is_dir() {
            return Err(std::io::Error::other("is a directory"));
        }
        Ok(Audit {
            file: Some((path.to_path_buf(), Mutex::new(None))),
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
        // The JSON line once, no fields beside it that repeat what it says.
        tracing::info!(target: "audit", "audit {line}");
        if let Some((path, f)) = &self.file {
            let mut f = f.lock().unwrap_or_else(|p| p.into_inner());
            if f.is_none() {
                match open_append(path) {
                    Ok(file) => *f = Some(file),
                    Err(err) => {
                        tracing::error!(path = %path.display(), error = %err, "could not open the audit log");
                        return;
                    }
                }
            }
            if let Some(file) = f.as_mut() {
                if let Err(err) = writeln!(file, "{line}") {
                    tracing::error!(path = %path.display(), error = %err, "could not write the audit log");
                }
            }
        }
    }
}

/// Now as RFC 3339 UTC, second precision: truncated, so an entry never
/// carries a second that has not begun yet.
pub fn now_rfc3339() -> String {
    format_second(jiff::Timestamp::now())
}

fn format_second(t: jiff::Timestamp) -> String {
    jiff::Timestamp::from_second(t.as_second())
        .map(|t| t.to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_truncate_to_the_second() {
        let t = jiff::Timestamp::from_millisecond(1_700_000_000_999).unwrap();
        assert_eq!(format_second(t), "2023-11-14T22:13:20Z");
    }

    #[test]
    fn the_file_is_created_at_the_first_write_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.jsonl");
        let audit = Audit::to_file(&path, false).unwrap();
        assert!(!path.exists(), "reading a policy writes nothing");
        audit.record(AuditEntry {
            time: now_rfc3339(),
            client: "test",
            plugin: "outbox",
            tool: "send_message",
            action: "send-message",
            chat: "me",
            chat_id: None,
            message_ids: vec![],
            outcome: "ok".into(),
            text: Some("secret"),
        });
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.contains("send_message") && !text.contains("secret"),
            "{text}"
        );
        let missing = dir.path().join("no/such/dir/audit.jsonl");
        let e = Audit::to_file(&missing, false).unwrap_err().to_string();
        assert!(e.contains("does not exist"), "{e}");
    }
}
