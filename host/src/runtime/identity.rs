//! Who a plugin file is. Its name decides its grants, its limits and how the
//! audit log names it, so it is not simply the file name: built-in names are
//! reserved, and the policy binds a name to a file (`file = "x.wasm"`) or to
//! its content (`sha256 = "…"`). A file the policy does not name is known by
//! its file stem and gets the default grants (reading only, unless
//! `[grants] default` says otherwise).

use std::path::Path;

use super::text::escape;
use crate::policy::{toml_key, Grants, LimitOverrides, Policy};

/// The identity a plugin file loads under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// The plugin's name (in logs, the audit log, messages).
    pub name: String,
    /// Whether a `[plugins.NAME]` entry names this file.
    pub named: bool,
    /// Built-in tools the policy lets this plugin replace.
    pub overrides: Vec<String>,
}

impl Identity {
    /// The capabilities the policy grants this plugin.
    pub fn grants(&self, policy: &Policy) -> Grants {
        policy.file_grants(self.named.then_some(self.name.as_str()))
    }

    /// The policy's limit overrides for this plugin (only a named one has any).
    pub fn limits(&self, policy: &Policy) -> LimitOverrides {
        if self.named {
            policy.limit_overrides(&self.name)
        } else {
            LimitOverrides::default()
        }
    }
}

/// A plugin's name from its file: the stem, escaped (a file name may hold
/// newlines or ESC, and the name reaches the log).
pub fn plugin_name(path: &Path) -> String {
    path.file_stem()
        .map(|s| escape(&s.to_string_lossy()))
        .unwrap_or_else(|| "plugin".into())
}

/// The file's name for messages and policy lines, escaped.
pub fn file_label(path: &Path) -> String {
    path.file_name()
        .map(|s| escape(&s.to_string_lossy()))
        .unwrap_or_default()
}

/// Resolves the identity of the file at `path` whose content hashes to
/// `sha256`, given the policy and the built-in plugins' names. The error is
/// the sentence the operator sees, with the policy line that would fix it.
pub fn identify(
    policy: &Policy,
    builtins: &[&str],
    path: &Path,
    sha256: &str,
) -> Result<Identity, String> {
    let file = path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    let shown = file_label(path);
    let mut matches = Vec::new();
    let mut pinned = None;
    for (name, b) in policy.bindings() {
        let file_ok = match (&b.file, &b.sha256) {
            (Some(f), _) => *f == file,
            // Bound by content only.
            (None, Some(_)) => true,
            // Neither: the built-in of that name, or else NAME.wasm.
            (None, None) => !builtins.contains(&name) && file == format!("{name}.wasm"),
        };
        let sha_ok = b.sha256.as_deref().is_none_or(|s| s == sha256);
        if file_ok && sha_ok {
            matches.push((name, b));
        } else if file_ok && b.file.is_some() {
            // Named by file, but the content is not the pinned one.
            pinned = Some(name);
        }
    }
    match matches.as_slice() {
        [(name, _)] if builtins.contains(name) => Err(format!(
            "[plugins.{}] names this file, but \"{name}\" is a built-in plugin's name, which a file cannot take; give it another name, e.g. [plugins.my-{name}] file = \"{shown}\"",
            toml_key(name)
        )),
        [(name, b)] => Ok(Identity {
            name: name.to_string(),
            named: true,
            overrides: b.overrides.clone(),
        }),
        [(a, _), (b, _), ..] => Err(format!(
            "both [plugins.{}] and [plugins.{}] name this file; keep one",
            toml_key(a),
            toml_key(b)
        )),
        [] => unnamed(policy, builtins, &shown, path, sha256, pinned),
    }
}

/// The identity of a file no policy entry names: its stem, if that is free.
fn unnamed(
    policy: &Policy,
    builtins: &[&str],
    shown: &str,
    path: &Path,
    sha256: &str,
    pinned: Option<&str>,
) -> Result<Identity, String> {
    if let Some(name) = pinned {
        return Err(format!(
            "its sha256 is {sha256}, but [plugins.{}] pins another; to load this version, set sha256 = \"{sha256}\" there",
            toml_key(name)
        ));
    }
    let stem = plugin_name(path);
    if builtins.contains(&stem.as_str()) {
        return Err(format!(
            "\"{stem}\" is a built-in plugin's name, which a file cannot take (it would get the built-in's grants); rename the file, or name it in the policy: [plugins.my-{stem}] file = \"{shown}\""
        ));
    }
    if let Some((_, b)) = policy.bindings().into_iter().find(|(n, _)| *n == stem) {
        if b.is_explicit() {
            return Err(format!(
                "the policy gives the name \"{stem}\" to another file ([plugins.{}]); rename this file, or name it in the policy with its own [plugins.NAME] file = \"{shown}\"",
                toml_key(&stem)
            ));
        }
    }
    Ok(Identity {
        name: stem,
        named: false,
        overrides: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHA: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    const OTHER: &str = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    fn id(policy: &str, file: &str, sha: &str) -> Result<Identity, String> {
        let p = Policy::from_toml(policy, Path::new("p.toml")).unwrap();
        identify(
            &p,
            &["outbox", "chats"],
            &Path::new("/plugins").join(file),
            sha,
        )
    }

    #[test]
    fn a_file_named_like_a_built_in_is_refused() {
        let e = id("", "outbox.wasm", SHA).unwrap_err();
        assert!(
            e.contains("built-in plugin's name")
                && e.contains("[plugins.my-outbox] file = \"outbox.wasm\""),
            "{e}"
        );
        // The built-in's own entry does not bind to a file of its name.
        let e = id(
            "[plugins.outbox]\ngrant = [\"telegram-write\"]\n",
            "outbox.wasm",
            SHA,
        )
        .unwrap_err();
        assert!(e.contains("built-in"), "{e}");
        // Nor can the policy hand a built-in's name to a file.
        let e = id("[plugins.outbox]\nfile = \"x.wasm\"\n", "x.wasm", SHA).unwrap_err();
        assert!(e.contains("built-in plugin's name"), "{e}");
    }

    #[test]
    fn an_unnamed_file_is_its_stem_and_reads_only() {
        let i = id("", "weather.wasm", SHA).unwrap();
        assert_eq!((i.name.as_str(), i.named), ("weather", false));
        let p = Policy::default();
        assert!(!i
            .grants(&p)
            .allows(crate::policy::Capability::TelegramWrite));
        // Control characters in a file name do not reach the log raw.
        let i = id("", "a\nINFO forged\x1b[2K.wasm", SHA).unwrap();
        assert!(
            !i.name.contains('\n') && !i.name.contains('\x1b'),
            "{}",
            i.name
        );
    }

    #[test]
    fn the_policy_binds_names_by_file_by_content_or_by_both() {
        let by_stem = id(
            "[plugins.weather]\ngrant = [\"telegram-write\"]\n",
            "weather.wasm",
            SHA,
        )
        .unwrap();
        assert!(by_stem.named);
        let by_file = id(
            "[plugins.w]\nfile = \"weather.wasm\"\n",
            "weather.wasm",
            SHA,
        )
        .unwrap();
        assert_eq!(by_file.name, "w");
        let by_sha = id(
            &format!("[plugins.w]\nsha256 = \"{SHA}\"\noverrides = [\"send_message\"]\n"),
            "anything.wasm",
            SHA,
        )
        .unwrap();
        assert_eq!(
            (by_sha.name.as_str(), by_sha.overrides.as_slice()),
            ("w", &["send_message".to_string()][..])
        );
        // Other content under a pinned file name is refused, saying how to accept it.
        let e = id(
            &format!("[plugins.w]\nfile = \"weather.wasm\"\nsha256 = \"{SHA}\"\n"),
            "weather.wasm",
            OTHER,
        )
        .unwrap_err();
        assert!(e.contains(&format!("sha256 = \"{OTHER}\"")), "{e}");
        // A name the policy gives another file is not free for this one.
        let e = id(
            &format!("[plugins.weather]\nsha256 = \"{SHA}\"\n"),
            "weather.wasm",
            OTHER,
        )
        .unwrap_err();
        assert!(e.contains("another file"), "{e}");
    }
}
