//! `tgmcp plugin new`: a standalone plugin crate on the plugin SDK, with the
//! SDK and the WIT embedded, so it builds anywhere with
//! `cargo build --release --target wasm32-wasip2`.

use std::path::{Path, PathBuf};

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

/// The plugin SDK (`plugins/sdk`), embedded by build.rs.
mod sdk {
    include!(concat!(env!("OUT_DIR"), "/sdk_files.rs"));
}

/// The WIT contract (one file per interface), embedded so scaffolds need no
/// path to this repository.
pub mod wit {
    include!(concat!(env!("OUT_DIR"), "/wit_files.rs"));
}

/// Where the scaffold keeps its copy of the SDK; its `generate!` finds the WIT
/// at `../../wit`, as in this repository.
const SDK_DIR: &str = "vendor/tgmcp-sdk";

/// Versions the built-ins are built with (known to build with this toolchain);
/// cargo drops the entries the scaffold does not use.
const LOCK: &str = include_str!("../../plugins/Cargo.lock");

/// The one name of a plugin: cargo writes `my-plugin` as `my_plugin.wasm` and
/// the server names a plugin after its file, so the crate, the file and the
/// policy's `[plugins.NAME]` all use `my_plugin`.
pub fn plugin_name(name: &str) -> String {
    name.replace('-', "_")
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
tgmcp-sdk = {{ path = "{SDK_DIR}" }}
schemars = "1.2"
serde = {{ version = "1", features = ["derive"] }}

[profile.release]
opt-level = "s"
lto = true
codegen-units = 1
strip = true
panic = "abort"

# A workspace of its own, so the crate builds wherever it is created.
[workspace]
resolver = "2"
"#
    )
}

fn lib_rs(name: &str) -> String {
    format!(
        r#"//! {name}: a tgmcp plugin (see README.md).
use schemars::JsonSchema;
use serde::{{Deserialize, Serialize}};
use tgmcp_sdk::{{read, Tool, ToolError}};

/// Arguments: doc comments become the schema's descriptions.
#[derive(Deserialize, JsonSchema)]
struct Args {{
    /// Who to greet
    name: String,
}}

#[derive(Serialize, JsonSchema)]
struct Greeting {{
    greeting: String,
}}

fn greet(args: Args) -> Result<Greeting, ToolError> {{
    // A host call: the interface it imports is the capability the plugin asks for.
    let me = read::get_me()?;
    let greeting = format!("Hello, {{}}! -- {{}}", args.name, me.first_name);
    Ok(Greeting {{ greeting }})
}}

tgmcp_sdk::plugin![Tool::new(
    "{name}_greet",
    "Greets someone by name, signed with the account's own name."
)
.title("Greet")
.read_only()
.closed_world()
.run(greet)];
"#
    )
}

fn readme(name: &str) -> String {
    format!(
        r#"# {name}

A tgmcp plugin. `vendor/tgmcp-sdk` is the plugin SDK and `wit/` the host
contract, both copied from the tgmcp that created this crate.

```sh
rustup target add wasm32-wasip2
cargo build --release --target wasm32-wasip2
cp target/wasm32-wasip2/release/{name}.wasm "${{TGMCP_PLUGINS_DIR:?set it to the server's plugins directory}}/"
```

The running server picks it up within a second. The plugin's name is `{name}`
(its file name): a policy grants it capabilities in `[plugins.{name}]`.
`tgmcp plugin inspect target/wasm32-wasip2/release/{name}.wasm` shows its tools
and the capabilities it asks for.
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

/// Creates `<dir>/<plugin_name(name)>/`: a crate on the embedded SDK and WIT,
/// with a Cargo.lock and a README.
pub fn new_plugin(name: &str, dir: &Path) -> Result<PathBuf, ScaffoldError> {
    if !valid(name) {
        return Err(ScaffoldError::BadName(name.to_string()));
    }
    let name = plugin_name(name);
    let root = dir.join(&name);
    if root.exists() {
        return Err(ScaffoldError::Exists(root));
    }
    write(&root.join("Cargo.toml"), &cargo_toml(&name))?;
    write(&root.join("Cargo.lock"), LOCK)?;
    write(&root.join("src/lib.rs"), &lib_rs(&name))?;
    for (file, text) in wit::WIT_FILES {
        write(&root.join("wit").join(file), text)?;
    }
    for (path, text) in sdk::SDK_FILES {
        write(&root.join(SDK_DIR).join(path), text)?;
    }
    write(&root.join(".gitignore"), "/target\n")?;
    write(&root.join("README.md"), &readme(&name))?;
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
        for file in ["worlds.wit", "types.wit", "telegram-read.wit", "tool.wit"] {
            assert!(d.path().join("greeter/wit").join(file).exists(), "{file}");
        }
    }

    #[test]
    fn embeds_the_sdk_self_contained() {
        let d = tempfile::tempdir().unwrap();
        let root = new_plugin("greeter", d.path()).unwrap();
        let sdk = root.join(SDK_DIR);
        assert!(sdk.join("src/lib.rs").exists() && sdk.join("src/bindings.rs").exists());
        // Copied verbatim, so it must not inherit from the plugins workspace.
        let manifest = std::fs::read_to_string(sdk.join("Cargo.toml")).unwrap();
        assert!(!manifest.contains(".workspace = true"), "{manifest}");
        assert!(root.join("Cargo.lock").exists());
    }

    #[test]
    fn one_name_for_crate_file_and_policy() {
        let d = tempfile::tempdir().unwrap();
        let root = new_plugin("my-plugin", d.path()).unwrap();
        assert_eq!(root, d.path().join("my_plugin"));
        let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
        assert!(manifest.contains("name = \"my_plugin\""), "{manifest}");
        let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
        assert!(
            readme.contains("release/my_plugin.wasm") && readme.contains("[plugins.my_plugin]")
        );
        // An unset variable must not turn the copy into `cp … /`.
        assert!(readme.contains("${TGMCP_PLUGINS_DIR:?"), "{readme}");
    }
}
