//! `tgmcp plugin new`: a standalone plugin crate with the WIT embedded, so it
//! builds anywhere with `cargo build --release --target wasm32-wasip2`.

use std::path::{Path, PathBuf};

/// The WIT contract, embedded so scaffolds need no path to this repository.
pub const WIT: &str = include_str!("../../wit/tgmcp.wit");

/// Why scaffolding failed.
#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    #[error(
        "plugin names are lower-case letters, digits, - and _, starting with a letter (got {0:?})"
    )]
    BadName(String),
    #[error("{0} already exists; choose another name or --dir")]
    Exists(PathBuf),
    #[error("could not write {path}: {cause}")]
    Io {
        path: PathBuf,
        cause: std::io::Error,
    },
}

fn valid(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 48
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

fn cargo_toml(name: &str) -> String {
    format!(
        r#"[package]
name = "{name}"
version = "0.1.0"
edition = "2021"
publish = false

[lib]
crate-type = ["cdylib"]

[dependencies]
serde_json = "1"
# 0.61 builds with rustc 1.95; newer wit-bindgen releases need a newer rustc.
wit-bindgen = {{ version = "=0.61.1", default-features = false, features = ["macros", "realloc", "std", "macro-string"] }}

[profile.release]
opt-level = "s"
lto = true
codegen-units = 1
strip = true
panic = "abort"

# A workspace of its own, so the crate builds wherever it is created.
[workspace]
resolver = "3"
"#
    )
}

fn lib_rs(name: &str) -> String {
    let tool = name.replace('-', "_");
    format!(
        r#"//! {name}: a tgmcp plugin. Build with
//!     cargo build --release --target wasm32-wasip2
//! and copy target/wasm32-wasip2/release/{tool}.wasm into the plugins directory.

wit_bindgen::generate!({{ path: "wit", world: "plugin" }});

use exports::tgmcp::plugin::tool::Guest;
use serde_json::{{json, Value}};
use tgmcp::plugin::telegram_read;
use tgmcp::plugin::types::{{ToolError, ToolInfo}};

struct Plugin;

impl Guest for Plugin {{
    /// The tools this plugin offers; the host lists them to MCP clients.
    fn describe() -> Vec<ToolInfo> {{
        vec![ToolInfo {{
            name: "{tool}_greet".into(),
            title: Some("Greet".into()),
            description: "Greets someone by name, signed with the account's own name.".into(),
            input_schema: json!({{
                "type": "object",
                "properties": {{"name": {{"type": "string", "description": "Who to greet"}}}},
                "required": ["name"]
            }})
            .to_string(),
            output_schema: Some(
                json!({{
                    "type": "object",
                    "properties": {{"greeting": {{"type": "string"}}}},
                    "required": ["greeting"]
                }})
                .to_string(),
            ),
            read_only: true,
            destructive: false,
            idempotent: true,
            open_world: false,
        }}]
    }}

    /// Runs one tool; arguments arrive as JSON already checked against the schema.
    fn call(name: String, args_json: String) -> Result<String, ToolError> {{
        let args: Value = serde_json::from_str(&args_json).map_err(|e| ToolError::InvalidArgs(e.to_string()))?;
        match name.as_str() {{
            "{tool}_greet" => {{
                let who = args["name"].as_str().unwrap_or("there");
                // A host call: this import is the capability the plugin asks for.
                let me = telegram_read::get_me()?;
                Ok(json!({{"greeting": format!("Hello, {{who}}! -- {{}}", me.first_name)}}).to_string())
            }}
            other => Err(ToolError::NotFound(format!("no tool named {{other}}"))),
        }}
    }}
}}

export!(Plugin);
"#
    )
}

fn write(path: &Path, text: &str) -> Result<(), ScaffoldError> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|cause| ScaffoldError::Io {
            path: parent.into(),
            cause,
        })?;
    }
    std::fs::write(path, text).map_err(|cause| ScaffoldError::Io {
        path: path.into(),
        cause,
    })
}

/// Creates `<dir>/<name>/` with Cargo.toml, src/lib.rs, wit/tgmcp.wit and a README.
pub fn new_plugin(name: &str, dir: &Path) -> Result<PathBuf, ScaffoldError> {
    if !valid(name) {
        return Err(ScaffoldError::BadName(name.to_string()));
    }
    let root = dir.join(name);
    if root.exists() {
        return Err(ScaffoldError::Exists(root));
    }
    let file = name.replace('-', "_");
    write(&root.join("Cargo.toml"), &cargo_toml(name))?;
    write(&root.join("src/lib.rs"), &lib_rs(name))?;
    write(&root.join("wit/tgmcp.wit"), WIT)?;
    write(&root.join(".gitignore"), "/target\n")?;
    write(
        &root.join("README.md"),
        &format!(
            "# {name}\n\nA tgmcp plugin.\n\n```sh\nrustup target add wasm32-wasip2\ncargo build --release --target wasm32-wasip2\ncp target/wasm32-wasip2/release/{file}.wasm \"$TGMCP_PLUGINS_DIR\"/\n```\n\nThe running server picks it up within a second. `tgmcp plugin inspect target/wasm32-wasip2/release/{file}.wasm` shows its tools and the capabilities it asks for.\n"
        ),
    )?;
    Ok(root)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked() {
        assert!(valid("greeter") && valid("my-tools_2"));
        assert!(!valid("") && !valid("Greeter") && !valid("2x") && !valid("a b") && !valid("../x"));
    }

    #[test]
    fn refuses_to_overwrite() {
        let d = tempfile::tempdir().unwrap();
        new_plugin("greeter", d.path()).unwrap();
        assert!(matches!(
            new_plugin("greeter", d.path()),
            Err(ScaffoldError::Exists(_))
        ));
        assert!(d.path().join("greeter/wit/tgmcp.wit").exists());
    }
}
