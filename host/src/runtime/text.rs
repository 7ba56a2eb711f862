//! Text the host shows that came from a plugin or a file: escaped (no forged
//! log lines, no terminal escapes) and cut to a bound. The bottom of the
//! runtime: it names nothing else.

use std::path::Path;

use super::limits::MAX_QUOTED_BYTES;

/// Longest single log line a plugin may write, bytes.
const MAX_LINE: usize = 2048;

/// The line with newlines, ESC and every other control character escaped, so a
/// plugin cannot forge a log line of its own or move the terminal's cursor;
/// cut at [`MAX_LINE`] bytes.
pub fn escape(msg: &str) -> String {
    escape_within(msg, MAX_LINE)
}

/// [`escape`] without the line cut (the caller bounds the length).
pub fn escape_all(msg: &str) -> String {
    escape_within(msg, usize::MAX)
}

fn escape_within(msg: &str, max: usize) -> String {
    let mut out = String::with_capacity(msg.len().min(max).min(1 << 16));
    for c in msg.chars() {
        if out.len() >= max {
            out.push('…');
            break;
        }
        if c.is_control() || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}') {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// A name or text for a message: escaped and cut to [`MAX_QUOTED_BYTES`].
pub fn quote(s: &str) -> String {
    truncate(&escape(s), MAX_QUOTED_BYTES)
}

/// `s` cut to at most `max` bytes on a character boundary, saying how much was cut.
pub fn truncate(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} bytes cut)", &s[..end], s.len() - end)
}

/// A path as the log shows it: escaped, since a file name may hold newlines or ESC.
pub fn shown(path: &Path) -> String {
    escape(&path.display().to_string())
}
