//! `tgmcp:plugin/log`: plugin log lines, escaped and bounded per call.

use super::super::bindings::v0_2::tgmcp::plugin::log;
use super::CallState;
use crate::runtime::text::escape;

/// Log bytes one call may write (its own log calls and captured output);
/// past it, one line says how much was dropped.
pub const LOG_BYTES_PER_CALL: usize = 64 << 10;

impl CallState {
    /// Writes one plugin line to the log, inside the call's byte budget.
    pub(crate) fn log_line(&mut self, level: tracing::Level, stream: &str, msg: &str) {
        let before = self.log_bytes;
        self.log_bytes = self.log_bytes.saturating_add(msg.len());
        if self.log_bytes > LOG_BYTES_PER_CALL {
            if before <= LOG_BYTES_PER_CALL {
                tracing::warn!(plugin = %self.plugin(), limit = LOG_BYTES_PER_CALL, "plugin log budget of this call spent; further lines dropped");
            }
            return;
        }
        let plugin = self.plugin().to_string();
        let line = escape(msg);
        match level {
            tracing::Level::TRACE => tracing::trace!(plugin = %plugin, stream, "{line}"),
            tracing::Level::DEBUG => tracing::debug!(plugin = %plugin, stream, "{line}"),
            tracing::Level::INFO => tracing::info!(plugin = %plugin, stream, "{line}"),
            tracing::Level::WARN => tracing::warn!(plugin = %plugin, stream, "{line}"),
            tracing::Level::ERROR => tracing::error!(plugin = %plugin, stream, "{line}"),
        }
    }
}

impl From<log::Level> for tracing::Level {
    fn from(level: log::Level) -> Self {
        match level {
            log::Level::Trace => tracing::Level::TRACE,
            log::Level::Debug => tracing::Level::DEBUG,
            log::Level::Info => tracing::Level::INFO,
            log::Level::Warn => tracing::Level::WARN,
            log::Level::Error => tracing::Level::ERROR,
        }
    }
}

impl log::Host for CallState {
    async fn log(&mut self, level: log::Level, message: String) {
        self.log_line(level.into(), "log", &message);
    }
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn newlines_and_escapes_cannot_forge_lines() {
        let forged = escape("ok\nINFO tgmcp: OAuth consent granted\x1b[2K");
        assert!(
            !forged.contains('\n') && !forged.contains('\x1b'),
            "{forged}"
        );
        assert!(
            forged.contains("\\n") && forged.contains("\\u{1b}"),
            "{forged}"
        );
    }

    #[test]
    fn long_lines_are_cut() {
        assert!(escape(&"x".repeat(10_000)).len() < 2100);
    }
}
