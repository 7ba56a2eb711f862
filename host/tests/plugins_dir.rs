//! Operators add tools without rebuilding: the plugins directory is watched,
//! reloads are atomic, broken files keep the last good version.
use crate::common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::*;
use serde_json::{json, Value};

fn hostile_wasm() -> PathBuf {
    wasm_dir().join("tgmcp_plugin_hostile.wasm")
}

/// Polls tools/list until `pred` holds; returns how long it took.
async fn until_tools<C: Mcp>(
    c: &mut C,
    within: Duration,
    pred: impl Fn(&[String]) -> bool,
) -> Duration {
    let start = Instant::now();
    loop {
        let names = c.tool_names().await;
        if pred(&names) {
            return start.elapsed();
        }
        assert!(
            start.elapsed() < within,
            "tool list did not change in time: {names:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn add_break_and_remove_a_plugin_while_clients_are_connected() {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start(Opts {
        plugins_dir: Some(dir.path()),
        ..Opts::default()
    });
    let mut sse = SseClient::connect(&s.base).await;
    sse.initialize().await;
    let mut streamable = HttpClient::new(&s.base);
    streamable.initialize().await;
    let file = dir.path().join("extra.wasm");

    // Added: listed within 2 s, and list_changed reaches the SSE session.
    std::fs::copy(hostile_wasm(), &file).unwrap();
    until_tools(&mut sse, Duration::from_secs(2), |n| {
        n.iter().any(|t| t == "hostile_echo")
    })
    .await;
    assert!(
        sse.wait_notification("notifications/tools/list_changed", Duration::from_secs(2))
            .await
    );
    let r = streamable.call("hostile_echo", json!({"text": "hi"})).await;
    assert_eq!(r["structuredContent"]["text"], "hi");

    // Overwritten with garbage: the old version keeps answering; the error is visible.
    std::fs::write(&file, b"this is not wasm").unwrap();
    let start = Instant::now();
    loop {
        let h = health(&s).await;
        if let Some(p) = h["plugin_errors"].as_array().and_then(|a| a.first()) {
            assert!(p["path"].as_str().unwrap().ends_with("extra.wasm"));
            assert!(
                p["error"].as_str().unwrap().contains("not WebAssembly"),
                "{p}"
            );
            assert_eq!(p["serving_previous"], true);
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(2),
            "the broken file is not reported: {h}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let r = sse.call("hostile_echo", json!({"text": "still"})).await;
    assert_eq!(r["structuredContent"]["text"], "still");
    let logs = s
        .logs_containing("extra.wasm", Duration::from_secs(5))
        .await;
    assert!(logs.contains("extra.wasm"), "the log names the broken file");

    // Removed: its tools are gone, the built-ins stay.
    std::fs::remove_file(&file).unwrap();
    until_tools(&mut sse, Duration::from_secs(2), |n| {
        !n.iter().any(|t| t == "hostile_echo")
    })
    .await;
    let names = sse.tool_names().await;
    assert!(names.iter().any(|t| t == "get_history"));
    assert_eq!(health(&s).await["plugin_errors"], json!([]));
}

#[tokio::test]
async fn a_second_file_offering_the_same_tool_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(hostile_wasm(), dir.path().join("a.wasm")).unwrap();
    std::fs::copy(hostile_wasm(), dir.path().join("b.wasm")).unwrap();
    let s = Server::start(Opts {
        plugins_dir: Some(dir.path()),
        ..Opts::default()
    });
    let h = health(&s).await;
    let errs = h["plugin_errors"].as_array().unwrap();
    assert_eq!(errs.len(), 1, "{h}");
    assert!(errs[0]["path"].as_str().unwrap().ends_with("b.wasm"));
    let e = errs[0]["error"].as_str().unwrap();
    assert!(
        e.contains("already offered by") && e.contains("a.wasm"),
        "{e}"
    );
    let mut c = HttpClient::new(&s.base);
    c.initialize().await;
    let r = c.call("hostile_echo", json!({"text": "from a"})).await;
    assert_eq!(r["isError"], false);
}

#[tokio::test]
async fn a_core_module_gets_told_how_to_build_a_component() {
    let dir = tempfile::tempdir().unwrap();
    // The smallest core module: magic + version 1.
    std::fs::write(dir.path().join("core.wasm"), b"\0asm\x01\0\0\0").unwrap();
    let s = Server::start(Opts {
        plugins_dir: Some(dir.path()),
        ..Opts::default()
    });
    let h = health(&s).await;
    let e = h["plugin_errors"][0]["error"].as_str().unwrap();
    assert!(
        e.contains("not a component") && e.contains("wasm32-wasip2"),
        "{e}"
    );
}

#[tokio::test]
async fn a_scaffolded_plugin_builds_and_its_tool_is_callable() {
    // Exactly the command the README gives.
    let wasm = build_scaffold("greeter", None);

    let inspect = std::process::Command::new(BIN)
        .args(["plugin", "inspect"])
        .arg(&wasm)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&inspect.stdout);
    assert!(inspect.status.success(), "{text}");
    assert!(
        text.contains("greeter_greet")
            && text.contains("telegram-read")
            && text.contains("granted"),
        "{text}"
    );
    assert!(
        !text.contains("telegram-write"),
        "the scaffold only reads: {text}"
    );

    let dir = tempfile::tempdir().unwrap();
    let s = Server::start(Opts {
        plugins_dir: Some(dir.path()),
        ..Opts::default()
    });
    let mut c = SseClient::connect(&s.base).await;
    c.initialize().await;
    std::fs::copy(&wasm, dir.path().join("greeter.wasm")).unwrap();
    until_tools(&mut c, Duration::from_secs(2), |n| {
        n.iter().any(|t| t == "greeter_greet")
    })
    .await;
    let r = c.call("greeter_greet", json!({"name": "Ann"})).await;
    assert_eq!(r["isError"], false, "{r}");
    assert_eq!(r["structuredContent"]["greeting"], "Hello, Ann! -- Demo");
}

#[tokio::test]
async fn a_file_caught_half_written_loads_once_complete() {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start(Opts {
        plugins_dir: Some(dir.path()),
        ..Opts::default()
    });
    let mut c = HttpClient::new(&s.base);
    c.initialize().await;
    let bytes = std::fs::read(hostile_wasm()).unwrap();
    let file = dir.path().join("slow.wasm");
    std::fs::write(&file, &bytes[..bytes.len() / 2]).unwrap();
    tokio::time::sleep(Duration::from_millis(150)).await;
    std::fs::write(&file, &bytes).unwrap();
    until_tools(&mut c, Duration::from_secs(2), |n| {
        n.iter().any(|t| t == "hostile_echo")
    })
    .await;
    let start = Instant::now();
    while health(&s).await["plugin_errors"] != json!([]) {
        assert!(
            start.elapsed() < Duration::from_secs(2),
            "the transient error is cleared"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The Python example, built with componentize-py. Ignored by plain `cargo
/// test`; `.ci/run` installs componentize-py and runs it.
#[tokio::test]
#[ignore = "needs componentize-py: pip install -r host/tests/clients/requirements.txt, then cargo test -- --include-ignored"]
async fn the_python_example_plugin_builds_and_runs() {
    if !have_external(
        &["componentize-py", "--version"],
        "pip install -r host/tests/clients/requirements.txt",
    ) {
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let work = tempfile::tempdir().unwrap();
    let wasm = work.path().join("count_chats.wasm");
    let out = std::process::Command::new("componentize-py")
        .args([
            "-d",
            "../../wit/v0.1",
            "-w",
            "reader",
            "componentize",
            "app",
            "-o",
        ])
        .arg(&wasm)
        .current_dir(root.join("examples/python-plugin"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // One compile (~20 s for 18 MB), shared through the cache by inspect and the server.
    let cache = work.path().join("cache");
    let inspect = std::process::Command::new(BIN)
        .args(["plugin", "inspect"])
        .arg(&wasm)
        .env("TGMCP_CACHE_DIR", &cache)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&inspect.stdout);
    assert!(
        text.contains("telegram-read") && !text.contains("telegram-write"),
        "the reader world asks only to read: {text}"
    );

    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(&wasm, dir.path().join("count_chats.wasm")).unwrap();
    let s = Server::start(Opts {
        plugins_dir: Some(dir.path()),
        env: vec![("TGMCP_CACHE_DIR", cache.display().to_string())],
        ..Opts::default()
    });
    let mut c = HttpClient::new(&s.base);
    c.initialize().await;
    let r = c.call("py_count_chats", json!({})).await;
    assert_eq!(r["isError"], false, "{r}");
    assert_eq!(r["structuredContent"]["counts"]["user"], 2, "{r}");
    assert_eq!(r["structuredContent"]["counts"]["channel"], 1, "{r}");
}

/// `tgmcp tools --demo` over `dir` with an optional policy: (tools, stderr).
fn tools_with(dir: &Path, policy: Option<&str>) -> (Value, String) {
    let cache = tempfile::tempdir().unwrap();
    let mut cmd = std::process::Command::new(BIN);
    cmd.args(["tools", "--demo", "--plugins-dir"])
        .arg(dir)
        .env("TGMCP_CACHE_DIR", cache.path());
    if let Some(text) = policy {
        let file = cache.path().join("policy.toml");
        std::fs::write(&file, text).unwrap();
        cmd.arg("--policy").arg(file);
    }
    let out = cmd.output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{err}");
    (serde_json::from_slice(&out.stdout).unwrap(), err)
}

fn served_by(tools: &Value, tool: &str) -> String {
    tools
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == tool)
        .map(|t| t["plugin"].as_str().unwrap().to_string())
        .unwrap_or_default()
}

#[test]
fn a_plugin_file_replaces_a_built_in_tool_only_when_the_policy_says_so() {
    let dir = tempfile::tempdir().unwrap();
    // The built-in file sender under another name offers send_file (and the
    // crate's other tools), built-in tools.
    std::fs::copy(
        wasm_dir().join("tgmcp_plugin_media_send.wasm"),
        dir.path().join("mysender.wasm"),
    )
    .unwrap();
    let policy = "[plugins.mysender]\ngrant = [\"telegram-write\"]\n";
    let (tools, err) = tools_with(dir.path(), Some(policy));
    assert_eq!(
        served_by(&tools, "send_file"),
        "media-send",
        "no shadowing by default"
    );
    assert!(
        err.contains("is a built-in tool") && err.contains("[plugins.mysender] overrides = [\""),
        "the refusal names the policy line: {err}"
    );
    let all = [
        "send_file",
        "send_album",
        "send_voice",
        "send_location",
        "send_contact",
        "send_dice",
        "send_sticker",
        "send_gif",
        "send_video_note",
    ];
    let policy = format!("{policy}overrides = {all:?}\n");
    let (tools, err) = tools_with(dir.path(), Some(&policy));
    assert_eq!(served_by(&tools, "send_file"), "mysender", "{err}");
    assert!(
        err.contains("replaces a built-in tool"),
        "the override is logged: {err}"
    );
}

/// A plugin built against WIT 0.1.0 (kept as a binary fixture, built before
/// 0.2.0 existed) loads and answers unchanged beside 0.2.0 plugins.
#[tokio::test]
async fn a_plugin_built_against_wit_0_1_still_loads_and_answers() {
    let dir = tempfile::tempdir().unwrap();
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/plugin-v0.1-hostile.wasm");
    std::fs::copy(&fixture, dir.path().join("legacy.wasm")).unwrap();
    let s = Server::start(Opts {
        plugins_dir: Some(dir.path()),
        ..Opts::default()
    });
    let h = health(&s).await;
    assert_eq!(h["plugin_errors"].as_array().map(Vec::len), Some(0), "{h}");
    let mut c = HttpClient::new(&s.base);
    c.initialize().await;
    let r = c.call("hostile_echo", json!({"text": "from 0.1"})).await;
    assert_eq!(r["isError"], false, "{r}");
    assert!(r.to_string().contains("from 0.1"), "{r}");
    // And its failures still read as before.
    let r = c.call("hostile_trap", json!({})).await;
    assert_eq!(r["isError"], true, "{r}");
    // A 0.2.0 built-in answers in the same server.
    let r = c.call("get_me", json!({})).await;
    assert_eq!(r["isError"], false, "{r}");
}
