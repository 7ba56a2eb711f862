//! Telegram content is data, never instructions: names and texts lose the
//! characters that hide or reorder what a reader (person or model) sees —
//! control characters, bidi overrides and invisible characters — before they
//! leave the backend. Every record converter calls these.

/// Whether `c` is dropped from texts: C0/C1 controls (except line breaks and
/// tabs), bidi controls, zero-width and invisible characters, tag characters
/// and the variation-selector supplement (both used to smuggle hidden text).
/// Zero-width (non-)joiners and the basic variation selectors stay: emoji and
/// several scripts need them.
fn hidden(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        // Bidi: marks, embeddings, overrides, isolates.
        | '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        // Invisible: soft hyphen, Mongolian vowel separator, zero-width space,
        // word joiner and invisible operators, deprecated format controls, BOM.
        | '\u{ad}' | '\u{180e}' | '\u{200b}' | '\u{2060}'..='\u{2064}' | '\u{206a}'..='\u{206f}'
        | '\u{feff}' | '\u{fff9}'..='\u{fffb}'
        | '\u{e0000}'..='\u{e007f}' | '\u{e0100}'..='\u{e01ef}')
}

/// A message text or bio: hidden characters dropped, line breaks kept
/// (Unicode line and paragraph separators become `\n`, `\r\n` becomes `\n`).
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\u{2028}' | '\u{2029}' => out.push('\n'),
            c if hidden(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// A name or title: one line, hidden characters dropped, line breaks and
/// tabs become spaces, surrounding whitespace trimmed.
pub fn name(s: &str) -> String {
    let one_line: String = text(s)
        .chars()
        .map(|c| if c == '\n' || c == '\t' { ' ' } else { c })
        .collect();
    one_line.trim().to_string()
}

/// [`name`] for an optional string; empty results become `None`.
pub fn opt_name(s: Option<&str>) -> Option<String> {
    s.map(name).filter(|n| !n.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_and_reordering_characters_are_dropped() {
        // A right-to-left override would show "txt.exe" as "exe.txt".
        assert_eq!(text("file\u{202e}txt.exe"), "filetxt.exe");
        assert_eq!(text("a\u{200b}b\u{feff}c\u{2066}d\u{2069}"), "abcd");
        assert_eq!(text("bell\u{7}\u{1b}[31m"), "bell[31m");
        // Tag characters spell hidden ASCII ("hi") that a model would read.
        assert_eq!(text("ok\u{e0068}\u{e0069}"), "ok");
        assert_eq!(text("x\u{e0100}y"), "xy");
    }

    #[test]
    fn line_breaks_emoji_and_scripts_survive() {
        assert_eq!(
            text("one\r\ntwo\rthree\u{2028}four\tfive"),
            "one\ntwo\nthree\nfour\tfive"
        );
        let family = "👨\u{200d}👩\u{200d}👧";
        assert_eq!(text(family), family);
        assert_eq!(text("❤\u{fe0f}"), "❤\u{fe0f}");
        assert_eq!(text("می\u{200c}خواهم"), "می\u{200c}خواهم");
        assert_eq!(text("Привет, 世界"), "Привет, 世界");
    }

    #[test]
    fn names_are_one_trimmed_line() {
        assert_eq!(name("  Alice\nSmith\u{200f} "), "Alice Smith");
        assert_eq!(opt_name(Some("\u{200b}")), None);
        assert_eq!(opt_name(Some("Bob")), Some("Bob".into()));
    }
}
