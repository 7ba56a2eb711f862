//! Builds the plugin workspace (`plugins/`) for wasm32-wasip2 and embeds the
//! built-in components. See docs/architecture.md ("Building") for why each
//! step is here.
//!
//! The list of plugins is the workspace's: every member that builds a
//! component (`crate-type = ["cdylib"]`, package `tgmcp-plugin-<name>`) is
//! embedded as built-in `<name>`, unless its manifest says
//! `[package.metadata.tgmcp] test-only = true`. The SDK files are embedded too,
//! for `tgmcp plugin new`. And it generates the telegram-raw dispatch from
//! the TL schema (`build/raw_dispatch.rs`).
use std::env;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

#[path = "build/raw_dispatch.rs"]
mod raw_dispatch;

const TARGET: &str = "wasm32-wasip2";
/// Package name prefix of plugin crates; the rest is the plugin's name.
const PREFIX: &str = "tgmcp-plugin-";

/// A plugin crate of the workspace.
struct PluginCrate {
    /// The plugin's name (what a policy's `[plugins.NAME]` uses).
    name: String,
    /// The built file's name (cargo writes the package name with `_`).
    file: String,
    test_only: bool,
}

fn main() {
    let manifest =
        PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let root = manifest.parent().expect("host/ has a parent").to_path_buf();
    let plugins = root.join("plugins");
    println!(
        "cargo:rerun-if-changed={}",
        plugins.join("Cargo.toml").display()
    );
    println!(
        "cargo:rerun-if-changed={}",
        plugins.join("Cargo.lock").display()
    );
    let members = workspace_members(&plugins);
    for dir in &members {
        println!("cargo:rerun-if-changed={}", dir.join("src").display());
        println!(
            "cargo:rerun-if-changed={}",
            dir.join("Cargo.toml").display()
        );
    }
    let crates: Vec<PluginCrate> = members.iter().filter_map(|d| plugin_crate(d)).collect();
    println!("cargo:rerun-if-changed={}", root.join("wit").display());
    println!("cargo:rerun-if-env-changed=TGMCP_NO_RUSTUP");

    let out_dir = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    raw_dispatch::generate(&manifest.join("tl").join("api.tl"), &out_dir);
    let target_dir = outer_target_dir(&out_dir).join("wasm-plugins");

    ensure_target();

    // A debug build of tgmcp (tests, `cargo run`) embeds plugins built without
    // whole-program LTO (`[profile.embed-dev]` in plugins/Cargo.toml): about half
    // the plugins' build, slightly larger files. A release build embeds release ones.
    let profile = if env::var("PROFILE").as_deref() == Ok("release") {
        "release"
    } else {
        "embed-dev"
    };
    println!("cargo:rerun-if-env-changed=PROFILE");
    let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(&plugins)
        .args([
            "build",
            "--profile",
            profile,
            "--target",
            TARGET,
            "--target-dir",
        ])
        .arg(&target_dir);
    // What the outer build sets must not leak into the guest build: host
    // rustflags break wasm, a shared target dir deadlocks on cargo's lock,
    // and clippy's wrapper would lint the guests.
    for var in [
        "CARGO_ENCODED_RUSTFLAGS",
        "RUSTFLAGS",
        "CARGO_BUILD_RUSTFLAGS",
        "CARGO_TARGET_DIR",
        "CARGO_BUILD_TARGET_DIR",
        "CARGO_BUILD_TARGET",
        "RUSTC_WORKSPACE_WRAPPER",
        "RUSTC_WRAPPER",
        "CARGO_PRIMARY_PACKAGE",
        "CARGO_MANIFEST_DIR",
        "CARGO_MANIFEST_PATH",
        "CARGO_PKG_NAME",
    ] {
        cmd.env_remove(var);
    }
    // No `cargo:warning` per plugin: cargo prints those only after the
    // script ends, and replays them on later builds that build nothing.
    // While this runs, cargo's progress bar shows `tgmcp(build)`.
    let out = cmd.output().expect("failed to run cargo for the plugins");
    if !out.status.success() {
        panic!(
            "building the plugins for {TARGET} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    let built = target_dir.join(TARGET).join(profile);
    let mut embed = String::from(
        "/// Built-in plugins: (name, component bytes, sha256 hex). The hash is taken\n/// here so startup does not hash ~3 MB of components to find the compile cache.\npub static BUILTIN: &[(&str, &[u8], &str)] = &[\n",
    );
    for c in crates.iter().filter(|c| !c.test_only) {
        let file = built.join(&c.file);
        assert!(
            file.exists(),
            "plugin {} was not built at {}",
            c.name,
            file.display()
        );
        let bytes = std::fs::read(&file).expect("read a built plugin");
        let sha: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let _ = writeln!(
            embed,
            "    ({:?}, include_bytes!({:?}), {sha:?}),",
            c.name,
            file.display().to_string()
        );
    }
    embed.push_str("];\n");
    std::fs::write(out_dir.join("builtin_plugins.rs"), embed).expect("write builtin_plugins.rs");
    embed_sdk(&plugins.join("sdk"), &out_dir);
    embed_wit(&root.join("wit"), &out_dir);
    // Tests find the test-only components here.
    println!("cargo:rustc-env=TGMCP_WASM_DIR={}", built.display());
}

/// The member directories of the plugins workspace.
fn workspace_members(plugins: &Path) -> Vec<PathBuf> {
    let manifest = read_toml(&plugins.join("Cargo.toml"));
    let members = manifest
        .get("workspace")
        .and_then(|w| w.get("members"))
        .and_then(toml::Value::as_array)
        .expect("plugins/Cargo.toml has [workspace] members");
    members
        .iter()
        .map(|m| plugins.join(m.as_str().expect("workspace members are strings")))
        .collect()
}

/// The member at `dir` if it builds a component (the SDK does not).
fn plugin_crate(dir: &Path) -> Option<PluginCrate> {
    let manifest = read_toml(&dir.join("Cargo.toml"));
    let cdylib = manifest
        .get("lib")
        .and_then(|l| l.get("crate-type"))
        .and_then(toml::Value::as_array)
        .is_some_and(|t| t.iter().any(|t| t.as_str() == Some("cdylib")));
    if !cdylib {
        return None;
    }
    let package = manifest.get("package").expect("a [package] section");
    let pkg = package
        .get("name")
        .and_then(toml::Value::as_str)
        .expect("package.name");
    let name = pkg.strip_prefix(PREFIX).unwrap_or_else(|| {
        panic!(
            "plugin crate {pkg} in {} must be named {PREFIX}<name>",
            dir.display()
        )
    });
    let test_only = package
        .get("metadata")
        .and_then(|m| m.get("tgmcp"))
        .and_then(|t| t.get("test-only"))
        .and_then(toml::Value::as_bool)
        .unwrap_or(false);
    Some(PluginCrate {
        name: name.to_string(),
        file: format!("{}.wasm", pkg.replace('-', "_")),
        test_only,
    })
}

fn read_toml(path: &Path) -> toml::Table {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("could not read {}: {e}", path.display()));
    text.parse()
        .unwrap_or_else(|e| panic!("{} is not valid TOML: {e}", path.display()))
}

/// Writes `sdk_files.rs`: the SDK crate's files, so `tgmcp plugin new` can
/// copy the SDK into a scaffold the way it copies the WIT.
fn embed_sdk(sdk: &Path, out_dir: &Path) {
    let mut files = vec![sdk.join("Cargo.toml")];
    let mut dirs = vec![sdk.join("src")];
    while let Some(dir) = dirs.pop() {
        for path in list(&dir) {
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    embed(
        "The plugin SDK's files: (path inside the crate, text).",
        "SDK_FILES",
        sdk,
        files,
        &out_dir.join("sdk_files.rs"),
    );
}

/// Writes `wit_files.rs`: the WIT package's files (one per interface, not
/// the frozen `v0.1/`), which `tgmcp plugin new` writes into a scaffold.
fn embed_wit(wit: &Path, out_dir: &Path) {
    let files = list(wit)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "wit"))
        .collect();
    embed(
        "The WIT package's files: (name, text).",
        "WIT_FILES",
        wit,
        files,
        &out_dir.join("wit_files.rs"),
    );
}

fn list(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("could not list {}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .collect()
}

/// Writes a static `name` of `(path under base, include_str!(file))`, sorted.
fn embed(doc: &str, name: &str, base: &Path, mut files: Vec<PathBuf>, out: &Path) {
    files.sort();
    let mut text = format!("/// {doc}\npub static {name}: &[(&str, &str)] = &[\n");
    for f in &files {
        let rel = f.strip_prefix(base).expect("under the base directory");
        let rel = rel.to_string_lossy().replace('\\', "/");
        let _ = writeln!(
            text,
            "    ({rel:?}, include_str!({:?})),",
            f.display().to_string()
        );
    }
    text.push_str("];\n");
    std::fs::write(out, text).unwrap_or_else(|e| panic!("write {}: {e}", out.display()));
}

/// The outer target dir: the ancestor of OUT_DIR holding CACHEDIR.TAG.
fn outer_target_dir(out_dir: &Path) -> PathBuf {
    out_dir
        .ancestors()
        .find(|p| p.join("CACHEDIR.TAG").exists())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| out_dir.join("wasm"))
}

/// Installs the wasm32-wasip2 standard library with rustup when it is missing.
fn ensure_target() {
    let rustc = env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let libdir = Command::new(&rustc)
        .args(["--print", "target-libdir", "--target", TARGET])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()));
    if libdir.as_deref().is_some_and(Path::exists) {
        return;
    }
    let fix = format!("rustup target add {TARGET}");
    if env::var_os("TGMCP_NO_RUSTUP").is_some() {
        panic!("the {TARGET} target is not installed; run: {fix}");
    }
    println!("cargo:warning=installing the {TARGET} target: {fix}");
    let ok = Command::new("rustup")
        .args(["target", "add", TARGET])
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    if !ok {
        panic!("the {TARGET} target is missing and `{fix}` failed; run it by hand");
    }
}
