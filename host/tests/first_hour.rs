//! A new user's first hour, as scripted walk-throughs: the container's
//! environment, typos in the configuration, listing commands, logs, chat ids
//! as `list_chats` gives them, and hot reload seen from a client.
use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

use common::*;
use serde_json::{json, Value};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// `KEY=VALUE` lines of an env file, as compose reads them (comments and
/// blank lines skipped, values unquoted).
fn env_file(text: &str) -> Vec<(String, String)> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.trim().to_string(), v.trim().trim_matches('"').to_string()))
        .collect()
}

/// The `ENV` instructions of the Dockerfile's final stage.
fn dockerfile_env(text: &str) -> Vec<(String, String)> {
    let last_stage = text.rsplit("\nFROM ").next().unwrap();
    let mut out = Vec::new();
    // Whether the previous line ended in a continuation of an ENV.
    let mut continued = false;
    for line in last_stage.lines() {
        let l = line.trim();
        let body = match l.strip_prefix("ENV ") {
            Some(rest) => rest,
            None if continued => l,
            None => continue,
        };
        continued = body.ends_with('\\');
        for pair in body.trim_end_matches('\\').split_whitespace() {
            if let Some((k, v)) = pair.split_once('=') {
                out.push((k.to_string(), v.to_string()));
            }
        }
    }
    out
}

/// The `environment:` map of compose's `tgmcp` service.
fn compose_env(text: &str) -> Vec<(String, String)> {
    let service = text
        .split("\n  tgmcp:\n")
        .nth(1)
        .expect("a tgmcp service")
        .split("\n  demo:")
        .next()
        .unwrap();
    let env = service
        .split("environment:\n")
        .nth(1)
        .expect("an environment map");
    env.lines()
        .take_while(|l| l.starts_with("      "))
        .filter_map(|l| l.trim().split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().trim_matches('"').to_string()))
        .collect()
}

/// Item 1: `docker compose up` with `.env.example` copied to `.env` and the
/// credentials still empty. Without a Docker engine here, the binary gets
/// what compose would give the container: the image's `ENV`, then the env
/// file, then the service's `environment:`, and nothing else (`/data` is a
/// scratch directory, as the volume). `--demo` because the credentials are
/// the part the user fills in; `--host 127.0.0.1 --port 0` so tests can run
/// side by side.
#[tokio::test]
async fn the_container_environment_of_env_example_serves() {
    let data = tempfile::tempdir().unwrap();
    let mut env: BTreeMap<String, String> = BTreeMap::new();
    for (k, v) in dockerfile_env(&read("Dockerfile"))
        .into_iter()
        .chain(env_file(&read(".env.example")))
        .chain(compose_env(&read("docker-compose.yml")))
    {
        env.insert(k, v);
    }
    // Empty variables are the point: they must count as unset.
    for must_be_empty in ["TGMCP_POLICY", "TGMCP_TOOLS", "TGMCP_AUTH_TOKEN"] {
        assert_eq!(env.get(must_be_empty).map(String::as_str), Some(""));
    }
    let env: Vec<(&str, String)> = env
        .iter()
        .map(|(k, v)| {
            let v = match v.strip_prefix("/data") {
                Some(rest) => format!("{}{rest}", data.path().display()),
                None => v.clone(),
            };
            (k.as_str(), v)
        })
        .collect();
    let s = Server::start(Opts {
        exact_env: true,
        env,
        ..Opts::default()
    });
    let h = health(&s).await;
    assert_eq!(h["backend"], "demo", "{h}");
    let mut c = HttpClient::new(&s.base);
    c.initialize().await;
    let me = c.call("get_me", json!({})).await;
    assert_eq!(me["isError"], false, "{me}");
    assert!(
        data.path().join("plugins").is_dir(),
        "the plugins directory from .env.example is used"
    );
}

/// Runs `tgmcp ARGS` with `env` on top of a clean environment (HOME in a
/// scratch dir, so nothing of the developer's leaks in). A server that
/// starts instead of refusing is stopped after a minute and reads as a
/// success, so the caller's assertion names what went wrong.
fn tgmcp(args: &[&str], env: &[(&str, &str)], home: &Path) -> Output {
    let mut cmd = std::process::Command::new(BIN);
    cmd.args(args)
        .env_clear()
        .env("HOME", home)
        .env("RUST_BACKTRACE", "full")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap();
    // Drained by threads: a full pipe must not stall the child.
    let drain = |mut r: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = r.read_to_end(&mut buf);
            buf
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            break child.wait().unwrap();
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    Output {
        status,
        stdout: stdout.join().unwrap(),
        stderr: stderr.join().unwrap(),
    }
}

/// The `error: …` lines of stderr; there must be exactly one, and no
/// backtrace whatever RUST_BACKTRACE says.
fn the_error(out: &Output) -> String {
    assert!(
        !out.status.success() && out.status.code().is_some(),
        "expected a refusal: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(2), "CLI errors exit 2");
    let err = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = err.lines().filter(|l| l.starts_with("error: ")).collect();
    assert_eq!(lines.len(), 1, "one error line: {err}");
    assert!(
        !err.contains("backtrace") && !err.contains("panicked"),
        "{err}"
    );
    lines[0].to_string()
}

/// Item 3: typos in tool filters and plugin sections stop the server (and
/// `tgmcp tools`) at start, naming the closest match.
#[test]
fn typos_in_tool_filters_and_plugin_sections_name_the_closest_match() {
    let home = tempfile::tempdir().unwrap();
    let e = the_error(&tgmcp(
        &["serve", "--demo", "--port", "0"],
        &[("TGMCP_TOOLS", "get_mee,list_*")],
        home.path(),
    ));
    assert!(
        e.contains(
            "TGMCP_TOOLS: \"get_mee\" matches no tool or profile (did you mean \"get_me\"?)"
        ),
        "{e}"
    );
    let e = the_error(&tgmcp(
        &["tools", "--demo", "--tools", "send_*,zzz*"],
        &[],
        home.path(),
    ));
    assert!(e.contains("\"zzz*\" matches no tool"), "{e}");
    assert!(!e.contains("send_*"), "{e}");

    // The scaffold's `tgmcp plugin new my-plugin` builds my_plugin.wasm.
    let dir = tempfile::tempdir().unwrap();
    let plugins = dir.path().join("plugins");
    std::fs::create_dir_all(&plugins).unwrap();
    std::fs::copy(
        wasm_dir().join("tgmcp_plugin_hostile.wasm"),
        plugins.join("my_plugin.wasm"),
    )
    .unwrap();
    let policy = dir.path().join("policy.toml");
    std::fs::write(
        &policy,
        "[plugins.my-plugin]\ncpu_ms = 100\n[tools]\nenable = [\"get_mee\", \"hostile_*\"]\n",
    )
    .unwrap();
    let p = policy.to_str().unwrap();
    let d = plugins.to_str().unwrap();
    let e = the_error(&tgmcp(
        &[
            "serve",
            "--demo",
            "--port",
            "0",
            "--policy",
            p,
            "--plugins-dir",
            d,
        ],
        &[(
            "TGMCP_CACHE_DIR",
            dir.path().join("cache").to_str().unwrap(),
        )],
        home.path(),
    ));
    assert!(
        e.contains("[plugins.my-plugin] names no plugin (did you mean \"my_plugin\"?)"),
        "{e}"
    );
    assert!(
        e.contains("\"get_mee\" matches no tool or profile (did you mean \"get_me\"?)"),
        "{e}"
    );
    // Fixed as suggested, the same command lists the plugin's tools.
    std::fs::write(
        &policy,
        "[plugins.my_plugin]\ncpu_ms = 100\n[tools]\nenable = [\"get_me\", \"hostile_*\"]\n",
    )
    .unwrap();
    let out = tgmcp(
        &["tools", "--demo", "--policy", p, "--plugins-dir", d],
        &[(
            "TGMCP_CACHE_DIR",
            dir.path().join("cache").to_str().unwrap(),
        )],
        home.path(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tools: Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<&str> = tools
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"get_me") && names.contains(&"hostile_echo"),
        "{names:?}"
    );
}

/// Item 7: CLI errors are one line whatever RUST_BACKTRACE says.
#[test]
fn cli_errors_are_one_line_without_a_backtrace() {
    let home = tempfile::tempdir().unwrap();
    let e = the_error(&tgmcp(
        &["serve", "--port", "0"],
        &[
            ("TELEGRAM_API_ID", "not-a-number"),
            ("TELEGRAM_API_HASH", "h"),
            ("TELEGRAM_SESSION_STRING", "s"),
        ],
        home.path(),
    ));
    assert!(e.contains("TELEGRAM_API_ID must be a number"), "{e}");
}

/// TGMCP_WORKER_THREADS sizes the async runtime: one worker serves calls on
/// both transports; 0 is refused before anything starts, naming the variable.
#[tokio::test]
async fn one_worker_thread_serves_and_zero_is_refused() {
    let s = Server::start(Opts {
        env: vec![("TGMCP_WORKER_THREADS", "1".into())],
        ..Opts::default()
    });
    let mut sse = SseClient::connect(&s.base).await;
    sse.initialize().await;
    let mut mcp = HttpClient::new(&s.base);
    mcp.initialize().await;
    // Calls from both sessions at once, interleaved on the one worker.
    let (a, b) = tokio::join!(ok(&mut sse, "get_me", json!({})), async {
        ok(
            &mut mcp,
            "get_history",
            json!({"chat": "@alice_demo", "limit": 5}),
        )
        .await
    });
    assert!(a["id"].as_i64().is_some(), "{a}");
    assert!(!b["messages"].as_array().unwrap().is_empty(), "{b}");

    let home = tempfile::tempdir().unwrap();
    let e = the_error(&tgmcp(
        &["serve", "--demo", "--port", "0"],
        &[("TGMCP_WORKER_THREADS", "0")],
        home.path(),
    ));
    // Named as the user set it: the variable, or the flag on the command line.
    assert!(
        e.contains("for TGMCP_WORKER_THREADS: 0 is not in 1..="),
        "{e}"
    );
    let e = the_error(&tgmcp(
        &["serve", "--demo", "--port", "0", "--worker-threads", "0"],
        &[],
        home.path(),
    ));
    assert!(e.contains("'--worker-threads <N>'"), "{e}");
}

/// Item 9: a listing command writes nothing (the example policy names an audit
/// file), and `tgmcp tools` uses the default plugins directory, creating it.
#[test]
fn tools_writes_no_audit_file_and_uses_the_default_plugins_dir() {
    let home = tempfile::tempdir().unwrap();
    let docs = tempfile::tempdir().unwrap();
    let policy = docs.path().join("policy.example.toml");
    std::fs::copy(root().join("docs/policy.example.toml"), &policy).unwrap();
    let out = tgmcp(
        &["tools", "--demo", "--policy", policy.to_str().unwrap()],
        &[],
        home.path(),
    );
    assert!(
        out.status.success(),
        "the documented policy works as is: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    // It leaves the writing built-ins out: said, not silent.
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("built-in plugin not loaded: its tools are not served")
            && err.contains("dialogs"),
        "{err}"
    );
    let written: Vec<_> = std::fs::read_dir(docs.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        written,
        vec![std::ffi::OsString::from("policy.example.toml")],
        "tgmcp tools wrote beside the policy"
    );

    let default_dir = home.path().join(".local/share/tgmcp/plugins");
    assert!(default_dir.is_dir(), "tgmcp tools creates the default dir");
    std::fs::copy(
        wasm_dir().join("tgmcp_plugin_hostile.wasm"),
        default_dir.join("hostile.wasm"),
    )
    .unwrap();
    let out = tgmcp(&["tools", "--demo"], &[], home.path());
    assert!(out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("hostile_echo"),
        "tgmcp tools lists the default dir's plugins"
    );
}

/// Item 9: a taken port says what to do.
#[test]
fn address_in_use_suggests_another_port() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let home = tempfile::tempdir().unwrap();
    let e = the_error(&tgmcp(
        &["serve", "--demo", "--host", "127.0.0.1", "--port", &port],
        &[],
        home.path(),
    ));
    assert!(e.contains("--port") && e.contains("PORT"), "{e}");
}

/// The port is taken before Telegram is dialled: a busy port is reported at
/// once, and the Telegram address sees no connection.
#[test]
fn a_busy_port_is_reported_before_telegram_is_dialled() {
    use tgmcp::telegram::session::{encode, SessionData, SessionFormat};
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let telegram = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    telegram.set_nonblocking(true).unwrap();
    let session = encode(&SessionData {
        format: SessionFormat::Tgmcp,
        dc_id: 2,
        addr: Some(telegram.local_addr().unwrap()),
        auth_key: [9u8; 256],
        user_id: None,
    });
    let home = tempfile::tempdir().unwrap();
    let e = the_error(&tgmcp(
        &["serve", "--host", "127.0.0.1", "--port", &port],
        &[
            ("TELEGRAM_API_ID", "12345"),
            ("TELEGRAM_API_HASH", "0123456789abcdef0123456789abcdef"),
            ("TELEGRAM_SESSION_STRING", &session),
        ],
        home.path(),
    ));
    assert!(e.contains("could not listen"), "{e}");
    assert!(
        telegram.accept().is_err(),
        "Telegram was dialled before the port was checked"
    );
}

/// A misspelt `TGMCP_*` variable is named with the setting meant; a
/// plugins directory that does not exist (nor its parent) stops the server
/// instead of being created.
#[test]
fn misspelt_variables_and_a_missing_plugins_dir_are_named() {
    let home = tempfile::tempdir().unwrap();
    let out = tgmcp(
        &["tools", "--demo"],
        &[("TGMCP_READONLY", "1")],
        home.path(),
    );
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("TGMCP_READONLY is not a tgmcp setting")
            && err.contains("did you mean \"TGMCP_READ_ONLY\"?"),
        "{err}"
    );
    // A listing command logs only warnings.
    assert!(
        !err.contains("INFO"),
        "tgmcp tools logs only warnings: {err}"
    );
    // It starts no demo server and dials nothing, even at RUST_LOG=info.
    let out = tgmcp(&["tools", "--demo"], &[("RUST_LOG", "info")], home.path());
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    for said in ["fakegram", "Telegram connection state", "Telegram request"] {
        assert!(!err.contains(said), "tgmcp tools said {said:?}: {err}");
    }
    let typo = home.path().join("dta/plugins");
    let e = the_error(&tgmcp(
        &["serve", "--demo", "--port", "0"],
        &[("TGMCP_PLUGINS_DIR", typo.to_str().unwrap())],
        home.path(),
    ));
    assert!(
        e.contains("TGMCP_PLUGINS_DIR") && e.contains("does not exist"),
        "{e}"
    );
    assert!(!typo.exists(), "the misspelt directory was created");
}

fn count(logs: &str, needle: &str) -> usize {
    logs.lines().filter(|l| l.contains(needle)).count()
}

/// Item 7: at `RUST_LOG=info` (what the Dockerfile and .env.example set) a
/// session adds exactly one line per tool call, no library chatter, no
/// texts; at `debug` still no texts; each audit entry once.
#[tokio::test]
async fn logs_say_one_line_per_call_and_never_texts() {
    for level in ["info", "debug"] {
        let s = Server::start(Opts {
            env: vec![("RUST_LOG", level.into())],
            ..Opts::default()
        });
        let mut c = SseClient::connect(&s.base).await;
        c.initialize().await;
        let r = c
            .call(
                "send_message",
                json!({"chat": "me", "text": "a private sentence"}),
            )
            .await;
        assert_eq!(r["isError"], false, "{r}");
        let r = c
            .call("get_history", json!({"chat": "me", "limit": 2}))
            .await;
        assert_eq!(r["isError"], false, "{r}");
        let r = c.call("get_chat", json!({"chat": "@nobody_at_all"})).await;
        assert_eq!(r["isError"], true, "{r}");
        let logs = s
            .logs_containing("tool=\"get_chat\"", Duration::from_secs(5))
            .await;
        // Everything after the listening line (the log reader may lag the
        // server's start, so count from the line, not from a length).
        let session: Vec<&str> = logs
            .lines()
            .skip_while(|l| !l.contains("tgmcp listening"))
            .skip(1)
            .collect();
        assert!(
            !logs.contains("a private sentence"),
            "{level}: a message text reached the logs:\n{logs}"
        );
        assert_eq!(count(&logs, "tool call"), 3, "{level}:\n{logs}");
        let send = logs
            .lines()
            .find(|l| l.contains("tool=\"send_message\""))
            .unwrap();
        assert!(
            send.contains("client=\"sse:")
                && send.contains("ms=")
                && send.contains("outcome=\"ok\""),
            "{send}"
        );
        let miss = logs
            .lines()
            .find(|l| l.contains("tool=\"get_chat\""))
            .unwrap();
        assert!(
            miss.contains("outcome=\"error\"") && miss.contains("error=\"not_found\""),
            "{miss}"
        );
        assert!(!miss.contains("nobody_at_all"), "{miss}");
        assert_eq!(count(&logs, "send-message"), 1, "audit once:\n{logs}");
        if level == "info" {
            assert_eq!(
                session.len(),
                5,
                "info: the session, one line per call and the audit entry:\n{}",
                session.join("\n")
            );
        }
        for l in &session {
            assert!(
                !l.contains("serve_inner") && !l.contains("Service initialized"),
                "{level}: rmcp internals: {l}"
            );
        }
    }
}

/// Item 6: chat ids as `list_chats` returns them (integers) work in every chat
/// argument; an empty chat is an invalid argument; tools without a parameter
/// refuse one (item 9).
#[tokio::test]
async fn chats_by_integer_id_and_invalid_arguments() {
    let s = Server::demo();
    let mut c = HttpClient::new(&s.base);
    c.initialize().await;
    let chats = c.call("list_chats", json!({"limit": 10})).await;
    let group = chats["structuredContent"]["chats"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["kind"] == "group")
        .unwrap()["id"]
        .clone();
    assert!(group.is_i64(), "{group}");
    let r = c.call("get_chat", json!({"chat": group})).await;
    assert_eq!(r["isError"], false, "{r}");
    let r = c
        .call("get_history", json!({"chat": group, "limit": 1}))
        .await;
    assert_eq!(r["isError"], false, "{r}");
    let r = c
        .call("search_messages", json!({"query": "hike", "chat": group}))
        .await;
    assert_eq!(r["isError"], false, "{r}");
    let tools = c.request("tools/list", json!({})).await;
    for t in tools["result"]["tools"].as_array().unwrap() {
        if let Some(chat) = t["inputSchema"]["properties"].get("chat") {
            assert_eq!(chat["type"], json!(["string", "integer"]), "{}", t["name"]);
        }
    }

    // search's links open the message: t.me for public chats, the app's
    // tg://openmessage where no web link exists (never a profile link).
    let found = c.call("search", json!({"query": "quarterly"})).await;
    let results = found["structuredContent"]["results"]
        .as_array()
        .unwrap()
        .clone();
    let url_of = |id: &str| {
        results
            .iter()
            .find(|r| r["id"] == id)
            .map(|r| r["url"].as_str().unwrap_or_default().to_string())
    };
    assert_eq!(
        url_of("200000001:21").as_deref(),
        Some("tg://openmessage?user_id=200000001&message_id=21"),
        "{found}"
    );
    assert_eq!(
        url_of("-1001600000002:6").as_deref(),
        Some("https://t.me/rust_study_demo/6"),
        "{found}"
    );
    let doc = c.call("fetch", json!({"id": "200000001:21"})).await;
    assert_eq!(
        doc["structuredContent"]["url"],
        "tg://openmessage?user_id=200000001&message_id=21"
    );

    let r = c.call("get_chat", json!({"chat": ""})).await;
    assert_eq!(r["isError"], true);
    let text = r["content"][0]["text"].as_str().unwrap();
    assert!(text.contains("invalid arguments"), "{text}");

    for (tool, args) in [
        ("get_me", json!({"chat": "me"})),
        ("search", json!({"query": "hike", "limit": 3})),
        ("fetch", json!({"id": "200000001:1", "full": true})),
    ] {
        let r = c.call(tool, args).await;
        assert_eq!(r["isError"], true, "{tool}: {r}");
        let text = r["content"][0]["text"].as_str().unwrap();
        assert!(text.contains("invalid arguments"), "{tool}: {text}");
    }
}

/// Item 9: a broken overwrite keeps the last good version and the same tool
/// list, so clients are not told the list changed.
#[tokio::test]
async fn a_broken_overwrite_sends_no_list_changed() {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start(Opts {
        plugins_dir: Some(dir.path()),
        ..Opts::default()
    });
    let mut sse = SseClient::connect(&s.base).await;
    sse.initialize().await;
    let file = dir.path().join("extra.wasm");
    std::fs::copy(wasm_dir().join("tgmcp_plugin_hostile.wasm"), &file).unwrap();
    assert!(
        sse.wait_notification("notifications/tools/list_changed", Duration::from_secs(5))
            .await,
        "adding a plugin is announced"
    );
    // Let any second event of the copy settle, then start counting.
    tokio::time::sleep(Duration::from_millis(500)).await;
    while sse
        .wait_notification(
            "notifications/tools/list_changed",
            Duration::from_millis(100),
        )
        .await
    {
        sse.notifications.clear();
    }
    sse.notifications.clear();

    std::fs::write(&file, b"this is not wasm").unwrap();
    let start = Instant::now();
    while health(&s).await["plugin_errors"] == json!([]) {
        assert!(start.elapsed() < Duration::from_secs(5), "error reported");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        !sse.wait_notification("notifications/tools/list_changed", Duration::from_secs(1))
            .await,
        "a broken overwrite announced a tool list change"
    );
    let r = sse.call("hostile_echo", json!({"text": "still"})).await;
    assert_eq!(r["structuredContent"]["text"], "still");
}

/// OAuth without a state file says that sign-ins are lost at restart.
#[tokio::test]
async fn oauth_without_a_state_file_warns_that_sign_ins_are_lost() {
    let s = Server::start(Opts {
        env: vec![("TGMCP_OAUTH_PASSWORD", "correct horse battery".into())],
        ..Opts::default()
    });
    let logs = s.logs();
    assert!(
        logs.contains("without TGMCP_OAUTH_STATE_FILE") && logs.contains("lost at every restart"),
        "{logs}"
    );
}

/// Issue 26 item 8: with an empty plugin cache the built-ins take seconds to
/// compile; the port answers `/health` ("starting") meanwhile, and an MCP
/// request made then waits for the plugins instead of being refused.
#[tokio::test]
async fn health_answers_while_the_plugins_compile_and_early_requests_wait() {
    use std::io::BufRead;
    let cache = tempfile::tempdir().unwrap();
    let plugins = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(BIN)
        .args(["serve", "--demo", "--host", "127.0.0.1", "--port", "0"])
        .arg("--plugins-dir")
        .arg(plugins.path())
        .env("TGMCP_CACHE_DIR", cache.path())
        .env("RUST_LOG", "info")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            let _ = tx.send(line);
        }
    });
    let bound = loop {
        let line = rx
            .recv_timeout(std::time::Duration::from_secs(60))
            .expect("the server logs that its port is bound");
        assert!(
            !line.contains("tgmcp listening"),
            "loaded before binding: {line}"
        );
        if line.contains("port bound") {
            break line;
        }
    };
    let addr = bound
        .split_whitespace()
        .find_map(|w| w.strip_prefix("addr="))
        .expect("addr in the line")
        .to_string();
    let base = format!("http://{addr}");
    let http = reqwest::Client::new();
    let r = http.get(format!("{base}/health")).send().await.unwrap();
    assert_eq!(r.status(), 503);
    let h: serde_json::Value = r.json().await.unwrap();
    assert_eq!(h["status"], "starting", "{h}");
    // A client that connects now is served once the plugins are loaded.
    let mut c = HttpClient::new(&base);
    c.initialize().await;
    let r = c.request("tools/list", json!({})).await;
    let tools = r["result"]["tools"].as_array().map_or(0, Vec::len);
    assert!(tools > 10, "{r}");
    let h: serde_json::Value = http
        .get(format!("{base}/health"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(h["status"], "ok", "{h}");
    let _ = child.kill();
    let _ = child.wait();
}
