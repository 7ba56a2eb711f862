//! Misconfiguration caught at start: policy sections and tool filters that
//! name nothing, with the closest name that exists.

use globset::Glob;

use super::{profiles, Policy, PolicyError};

impl Policy {
    /// Checks every plugin section and tool name against what exists: a
    /// `[plugins.X]` naming no plugin, or an enabled tool name or glob that
    /// matches no tool, is an error naming the closest match. Disabled names
    /// that match nothing are only warned about (they hide nothing anyway).
    /// `plugins`: every plugin name (built-ins, loaded or not, and file stems
    /// in the plugins directory); `tools`: every loaded tool.
    pub fn check_names(&self, plugins: &[String], tools: &[String]) -> Result<(), PolicyError> {
        let w = &self.written;
        let file = w
            .file
            .as_ref()
            .map(|f| f.display().to_string())
            .unwrap_or_else(|| "the policy".into());
        let mut problems = Vec::new();
        for name in &w.plugins {
            if plugins.contains(name) {
                continue;
            }
            problems.push(format!(
                "policy {file}: [plugins.{name}] names no plugin{}; a plugin is named after its .wasm file (my_plugin.wasm is [plugins.my_plugin]); known: {}",
                did_you_mean(name, plugins),
                plugins.join(", ")
            ));
        }
        let unmatched = |patterns: &[String]| -> Vec<String> {
            patterns
                .iter()
                .map(|p| p.trim())
                .filter(|p| !p.is_empty() && !tools.iter().any(|t| pattern_matches(p, t)))
                .map(str::to_string)
                .collect()
        };
        for (source, patterns) in [
            (format!("policy {file}: [tools] enable"), &w.enable),
            ("TGMCP_TOOLS".to_string(), &w.env_enable),
        ] {
            // Profile names are as likely a meaning as tool names.
            let mut candidates: Vec<String> = tools.to_vec();
            candidates.extend(profiles::NAMES.iter().map(|n| n.to_string()));
            for p in unmatched(patterns) {
                problems.push(format!(
                    "{source}: {} matches no tool or profile{}; `tgmcp tools` lists the tools, and the profiles are {}",
                    quoted(&p),
                    did_you_mean(&p, &candidates),
                    profiles::NAMES.join(", ")
                ));
            }
        }
        for p in unmatched(&w.disable) {
            tracing::warn!(
                "policy {file}: [tools] disable: {} matches no tool{}",
                quoted(&p),
                did_you_mean(&p, tools)
            );
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(PolicyError::UnknownNames(problems))
        }
    }
}

fn quoted(s: &str) -> String {
    format!("\"{s}\"")
}

/// Whether a tool-filter entry (a name or a glob) matches `tool`.
fn pattern_matches(pattern: &str, tool: &str) -> bool {
    Glob::new(pattern).is_ok_and(|g| g.compile_matcher().is_match(tool))
}

/// The characters that make a tool filter entry a glob.
const GLOB_CHARS: [char; 6] = ['*', '?', '[', ']', '{', '}'];

/// Whether a tool filter entry is a glob rather than a name written out.
pub(super) fn is_glob(entry: &str) -> bool {
    entry.contains(GLOB_CHARS)
}

/// ` (did you mean "x"?)` for the closest of `known`, when one is close.
pub fn did_you_mean(name: &str, known: &[String]) -> String {
    // A glob's literal part is what was meant.
    let bare: String = name.chars().filter(|c| !GLOB_CHARS.contains(c)).collect();
    let bare = bare.replace('-', "_");
    known
        .iter()
        .map(|k| (edit_distance(&bare, k), k))
        .filter(|(d, k)| *d <= (k.chars().count() / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| format!(" (did you mean {}?)", quoted(k)))
        .unwrap_or_default()
}

/// Levenshtein distance, by characters.
pub(super) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb {
                prev
            } else {
                1 + prev.min(cur).min(row[j])
            };
            prev = cur;
        }
    }
    row[b.len()]
}
