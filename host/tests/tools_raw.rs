//! Raw MTProto over MCP: the built-in `invoke_method` calls a TL method the
//! policy names and is refused, with the policy line to add, for one it does
//! not; and a third-party plugin (a `tgmcp plugin new` scaffold edited to
//! call `telegram-raw` through the SDK) works the same way when the policy
//! grants it the capability and names the method.
use crate::common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::*;
use serde_json::json;

/// `tgmcp serve --demo` with `policy` as its policy file (kept in `dir`).
fn serve_with_policy(dir: &Path, policy: &str, plugins: Option<&Path>, tools: &str) -> Server {
    let file = dir.join("policy.toml");
    std::fs::write(&file, policy).unwrap();
    let file = file.to_str().unwrap().to_string();
    let file: &'static str = Box::leak(file.into_boxed_str());
    Server::start(Opts {
        args: vec!["--policy", file],
        env: vec![("TGMCP_TOOLS", tools.into())],
        plugins_dir: plugins,
        ..Opts::default()
    })
}

#[tokio::test]
async fn invoke_method_calls_a_listed_method_and_names_the_line_for_others() {
    let dir = tempfile::tempdir().unwrap();
    let policy = "[plugins.raw]\nraw_methods = [\"help.getNearestDc\"]\n";
    let s = serve_with_policy(dir.path(), policy, None, "invoke_method");
    let mut c = SseClient::connect(&s.base).await;
    c.initialize().await;
    let list = c.request("tools/list", json!({})).await;
    let tools = list["result"]["tools"].as_array().unwrap().clone();
    let t = checked_tool(&tools, "invoke_method", true, false);
    assert!(t["description"].as_str().unwrap().contains("untrusted"));

    let out = ok(
        &mut c,
        "invoke_method",
        json!({"method": "help.getNearestDc", "params": {}}),
    )
    .await;
    assert_eq!(out["method"], "help.getNearestDc");
    assert_eq!(out["result"]["Dc"]["country"], "NL", "{out}");
    assert!(out["result"]["Dc"]["nearest_dc"].as_i64().unwrap() > 0);

    let e = refused(
        &mut c,
        "invoke_method",
        json!({"method": "contacts.resolveUsername", "params": {"username": "alice_demo"}}),
    )
    .await;
    assert!(
        e.contains(
            r#"[plugins.raw] raw_methods = ["contacts.resolveUsername", "help.getNearestDc"]"#
        ),
        "{e}"
    );
    // Bad input: a clear error, never a crash.
    let e = refused(&mut c, "invoke_method", json!({"method": "", "params": {}})).await;
    assert!(!e.is_empty());
    let e = refused(
        &mut c,
        "invoke_method",
        json!({"method": "help.getNearestDc", "params": 5}),
    )
    .await;
    assert!(!e.is_empty());
}

#[tokio::test]
async fn read_only_refuses_invoke_method() {
    let dir = tempfile::tempdir().unwrap();
    let policy = "read_only = true\n[plugins.raw]\nraw_methods = [\"help.getNearestDc\"]\n";
    let s = serve_with_policy(dir.path(), policy, None, "all");
    let mut c = HttpClient::new(&s.base);
    c.initialize().await;
    // Read-only hides every tool that is not read-only, and refuses the call.
    assert!(!c.tool_names().await.iter().any(|t| t == "invoke_method"));
    let r = c
        .call("invoke_method", json!({"method": "help.getNearestDc"}))
        .await;
    assert_ne!(r["isError"], false, "{r}");
}

/// The scaffold's tool, edited to ask Telegram for the nearest DC through
/// telegram-raw (a method no built-in tool uses).
const PROBE_LIB: &str = r#"//! rawprobe: calls a TL method no built-in covers.
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use tgmcp_sdk::{json, raw, Tool, ToolError};

#[derive(Deserialize, JsonSchema)]
struct Args {}

#[derive(Serialize, JsonSchema)]
struct Nearest {
    country: String,
}

fn nearest(_: Args) -> Result<Nearest, ToolError> {
    let v = raw::invoke("help.getNearestDc", &json!({}))?;
    let country = v["Dc"]["country"].as_str().unwrap_or_default().to_string();
    Ok(Nearest { country })
}

tgmcp_sdk::plugin![Tool::new("rawprobe_nearest_dc", "The country Telegram places the account in.")
    .title("Nearest DC")
    .run(nearest)];
"#;

/// Serves the probe under `policy`; the client once its tool is listed.
async fn probe_under(wasm: &Path, policy: &str) -> (tempfile::TempDir, Server, SseClient) {
    let dir = tempfile::tempdir().unwrap();
    let plugins = dir.path().join("plugins");
    std::fs::create_dir_all(&plugins).unwrap();
    std::fs::copy(wasm, plugins.join("rawprobe.wasm")).unwrap();
    let s = serve_with_policy(dir.path(), policy, Some(&plugins), "all");
    let mut c = SseClient::connect(&s.base).await;
    c.initialize().await;
    let start = Instant::now();
    while !c
        .tool_names()
        .await
        .iter()
        .any(|t| t == "rawprobe_nearest_dc")
    {
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "{:?}",
            health(&s).await
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    (dir, s, c)
}

#[tokio::test]
async fn a_third_party_plugin_calls_a_raw_method_only_when_the_policy_names_it() {
    let wasm = build_scaffold("rawprobe", Some(PROBE_LIB));
    let inspect = std::process::Command::new(BIN)
        .args(["plugin", "inspect"])
        .arg(&wasm)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&inspect.stdout);
    assert!(text.contains("telegram-raw"), "{text}");

    let granted =
        "[plugins.rawprobe]\ngrant = [\"telegram-raw\"]\nraw_methods = [\"help.getNearestDc\"]\n";
    let (_d, _s, mut c) = probe_under(&wasm, granted).await;
    let out = ok(&mut c, "rawprobe_nearest_dc", json!({})).await;
    assert_eq!(out["country"], "NL", "{out}");

    let unnamed = "[plugins.rawprobe]\ngrant = [\"telegram-raw\"]\n";
    let (_d, _s, mut c) = probe_under(&wasm, unnamed).await;
    let e = refused(&mut c, "rawprobe_nearest_dc", json!({})).await;
    assert!(
        e.contains(r#"[plugins.rawprobe] raw_methods = ["help.getNearestDc"]"#),
        "{e}"
    );
}
