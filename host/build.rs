//! Builds the plugin workspace (`plugins/`) for wasm32-wasip2 and embeds the
//! built-in components. See DESIGN.md "Building" for why each step is here.
use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

const TARGET: &str = "wasm32-wasip2";
/// Built-in plugins embedded in the binary (crate `tgmcp-plugin-<name>`).
const BUILTIN: &[&str] = &["account", "chats", "messages", "outbox", "research"];
/// Built for tests only, never embedded.
const TEST_ONLY: &[&str] = &["hostile"];

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
    for dir in ["sdk"].iter().chain(BUILTIN).chain(TEST_ONLY) {
        println!(
            "cargo:rerun-if-changed={}",
            plugins.join(dir).join("src").display()
        );
        println!(
            "cargo:rerun-if-changed={}",
            plugins.join(dir).join("Cargo.toml").display()
        );
    }
    println!("cargo:rerun-if-changed={}", root.join("wit").display());
    println!("cargo:rerun-if-env-changed=TGMCP_NO_RUSTUP");

    let out_dir = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let target_dir = outer_target_dir(&out_dir).join("wasm-plugins");

    ensure_target();

    let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(&plugins)
        .args(["build", "--release", "--target", TARGET, "--target-dir"])
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
    let status = cmd.status().expect("failed to run cargo for the plugins");
    if !status.success() {
        panic!("building the plugins for {TARGET} failed (see the errors above)");
    }

    let built = target_dir.join(TARGET).join("release");
    let mut embed = String::from("/// Built-in plugins: (name, component bytes).\npub static BUILTIN: &[(&str, &[u8])] = &[\n");
    for name in BUILTIN {
        let file = built.join(format!("tgmcp_plugin_{name}.wasm"));
        assert!(
            file.exists(),
            "plugin {name} was not built at {}",
            file.display()
        );
        embed.push_str(&format!(
            "    ({name:?}, include_bytes!({:?})),\n",
            file.display().to_string()
        ));
    }
    embed.push_str("];\n");
    std::fs::write(out_dir.join("builtin_plugins.rs"), embed).expect("write builtin_plugins.rs");
    // Tests find the test-only components here.
    println!("cargo:rustc-env=TGMCP_WASM_DIR={}", built.display());
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
