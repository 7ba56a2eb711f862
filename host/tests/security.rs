//! Read-only mode, bearer token, Origin checks, missing credentials.
use crate::common;

use common::*;
use serde_json::json;

#[tokio::test]
async fn read_only_lists_and_runs_no_writer() {
    let s = Server::start(Opts {
        args: vec!["--read-only"],
        ..Opts::default()
    });
    let mut c = HttpClient::new(&s.base);
    c.initialize().await;
    let r = c.request("tools/list", json!({})).await;
    let tools = r["result"]["tools"].as_array().unwrap();
    assert!(!tools.is_empty());
    for t in tools {
        assert_eq!(t["annotations"]["readOnlyHint"], true, "{t}");
    }
    assert!(!tools.iter().any(|t| t["name"] == "send_message"));
    let r = c
        .call("send_message", json!({"chat": "me", "text": "x"}))
        .await;
    assert_eq!(r["isError"], true);
    assert!(
        r["content"][0]["text"]
            .as_str()
            .unwrap()
            .contains("read-only"),
        "{r}"
    );
    let hist = c
        .call("get_history", json!({"chat": "me", "limit": 50}))
        .await;
    assert!(!hist.to_string().contains("\"x\""), "nothing was sent");
}

#[tokio::test]
async fn read_only_from_env() {
    let s = Server::start(Opts {
        env: vec![("TGMCP_READ_ONLY", "1".into())],
        ..Opts::default()
    });
    let h = health(&s).await;
    assert_eq!(h["read_only"], true);
    assert_eq!(h["tools"], 15, "the read-only tools of the core profile");
}

#[tokio::test]
async fn bearer_token_guards_mcp_endpoints_but_not_health() {
    let token = "s3cret-token-value";
    let s = Server::start(Opts {
        env: vec![("TGMCP_AUTH_TOKEN", token.into())],
        ..Opts::default()
    });
    let client = http();
    for (method, path) in [
        ("GET", "/sse"),
        ("POST", "/messages/?session_id=x"),
        ("POST", "/mcp"),
    ] {
        let r = client
            .request(method.parse().unwrap(), s.url(path))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401, "{method} {path}");
        assert!(r.headers()["www-authenticate"]
            .to_str()
            .unwrap()
            .starts_with("Bearer"));
        let r = client
            .request(method.parse().unwrap(), s.url(path))
            .header("authorization", "Bearer wrong")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401, "{method} {path} with a wrong token");
    }
    assert_eq!(
        client.get(s.url("/health")).send().await.unwrap().status(),
        200
    );
    let mut c = SseClient::connect_with(
        &s.base,
        vec![("authorization".into(), format!("Bearer {token}"))],
    )
    .await;
    basic_flow(&mut c).await;
    assert!(
        !s.logs().contains(token),
        "the token never reaches the logs"
    );
}

#[tokio::test]
async fn foreign_origins_and_hosts_are_refused_on_loopback() {
    let s = Server::demo();
    let client = http();
    let r = client
        .get(s.url("/sse"))
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let r = client
        .post(s.url("/mcp"))
        .header("host", "evil.example")
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let r = client
        .head(s.url("/sse"))
        .header("origin", "http://localhost:6274")
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        200,
        "a local browser client (the inspector) is fine"
    );
}

#[test]
fn serve_without_credentials_names_each_missing_variable() {
    let out = std::process::Command::new(BIN)
        .args(["serve", "--port", "0"])
        .env_remove("TELEGRAM_API_ID")
        .env_remove("TELEGRAM_SESSION_STRING")
        .env("TELEGRAM_API_HASH", "abc")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("TELEGRAM_API_ID") && err.contains("TELEGRAM_SESSION_STRING"),
        "{err}"
    );
    assert!(
        !err.contains("TELEGRAM_API_HASH,"),
        "a set variable is not reported missing: {err}"
    );
    assert!(
        err.contains("--demo") && err.contains("tgmcp login"),
        "{err}"
    );
}

#[test]
fn a_bad_session_string_is_refused_without_being_echoed() {
    let secret = "1BVtsOJ8BuxkJNTHISISNOTAREALSESSIONSTRINGzzzz";
    let out = std::process::Command::new(BIN)
        .args(["serve", "--port", "0"])
        .env("TELEGRAM_API_ID", "12345")
        .env("TELEGRAM_API_HASH", "0123456789abcdef0123456789abcdef")
        .env("TELEGRAM_SESSION_STRING", secret)
        .env("RUST_LOG", "trace")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        all.contains("Telethon") && all.contains("Pyrogram") && all.contains("tgmcp login"),
        "{all}"
    );
    assert!(
        !all.contains("THISISNOTAREAL"),
        "the session string was echoed: {all}"
    );
    assert!(
        !all.contains("0123456789abcdef0123456789abcdef"),
        "the API hash was echoed: {all}"
    );
}

/// A demo server over `plugins` (file name → component in the wasm dir) with a policy.
fn server_with(
    plugins: &[(&str, &str)],
    policy: Option<&str>,
    env: Vec<(&'static str, String)>,
) -> (Server, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let pdir = dir.path().join("plugins");
    std::fs::create_dir_all(&pdir).unwrap();
    for (dst, src) in plugins {
        std::fs::copy(wasm_dir().join(src), pdir.join(dst)).unwrap();
    }
    let mut args = Vec::new();
    if let Some(text) = policy {
        let file = dir.path().join("policy.toml");
        std::fs::write(&file, text).unwrap();
        args.push("--policy");
        args.push(Box::leak(file.display().to_string().into_boxed_str()) as &str);
    }
    let s = Server::start(Opts {
        args,
        env,
        plugins_dir: Some(Box::leak(Box::new(pdir)).as_path()),
        ..Opts::default()
    });
    (s, dir)
}

const OUTBOX: &str = "tgmcp_plugin_outbox.wasm";

fn errors_by_file(h: &serde_json::Value) -> Vec<(String, String)> {
    h["plugin_errors"]
        .as_array()
        .unwrap_or_else(|| panic!("{h}"))
        .iter()
        .map(|p| {
            let path = p["path"].as_str().unwrap();
            let file = path.rsplit('/').next().unwrap().to_string();
            (file, p["error"].as_str().unwrap().to_string())
        })
        .collect()
}

#[tokio::test]
async fn a_file_named_like_a_built_in_gets_nothing_and_a_dropped_in_writer_only_reads() {
    let (s, _d) = server_with(
        &[("outbox.wasm", OUTBOX), ("sender.wasm", OUTBOX)],
        None,
        vec![],
    );
    let errors = errors_by_file(&health(&s).await);
    let err = |f: &str| {
        errors
            .iter()
            .find(|(file, _)| file == f)
            .map(|(_, e)| e.clone())
            .unwrap_or_else(|| panic!("{f} not refused: {errors:?}"))
    };
    let e = err("outbox.wasm");
    assert!(
        e.contains("built-in plugin's name") && e.contains("file = \"outbox.wasm\""),
        "{e}"
    );
    let e = err("sender.wasm");
    assert!(
        e.contains("does not grant (it has [\"telegram-read\"])")
            && e.contains("[plugins.sender] grant = [\"telegram-write\"]"),
        "{e}"
    );
    // The built-in still sends, as itself.
    let mut c = HttpClient::new(&s.base);
    c.initialize().await;
    let r = c
        .call("send_message", json!({"chat": "me", "text": "hi"}))
        .await;
    assert_eq!(r["isError"], false, "{r}");
}

#[tokio::test]
async fn a_plugin_bound_by_content_is_audited_under_its_policy_name() {
    let bytes = std::fs::read(wasm_dir().join(OUTBOX)).unwrap();
    let sha = tgmcp::runtime::sha256_hex(&bytes);
    // A copy of outbox replaces every tool of it, or none of it loads.
    let tools = [
        "send_message",
        "edit_message",
        "delete_messages",
        "forward_messages",
        "pin_message",
        "unpin_message",
        "send_reaction",
        "save_draft",
        "clear_draft",
        "list_drafts",
        "create_poll",
        "vote_poll",
        "delete_scheduled",
        "send_scheduled_now",
        "press_button",
        "close_poll",
        "delete_chat_history",
        "send_typing",
    ];
    let policy = format!(
        "[plugins.courier]\nsha256 = \"{sha}\"\ngrant = [\"telegram-write\"]\noverrides = {tools:?}\n\n[audit]\nfile = \"audit.jsonl\"\n"
    );
    let (s, d) = server_with(&[("anything.wasm", OUTBOX)], Some(&policy), vec![]);
    assert_eq!(health(&s).await["plugin_errors"], json!([]));
    let mut c = HttpClient::new(&s.base);
    c.initialize().await;
    let r = c
        .call("send_message", json!({"chat": "me", "text": "hi"}))
        .await;
    assert_eq!(r["isError"], false, "{r}");
    let audit = std::fs::read_to_string(d.path().join("audit.jsonl")).unwrap();
    let line: serde_json::Value = serde_json::from_str(audit.lines().next().unwrap()).unwrap();
    assert_eq!(line["plugin"], "courier", "{audit}");
}

#[tokio::test]
async fn health_shows_plugin_errors_only_to_an_authorized_caller() {
    let token = "health-token-value";
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("broken.wasm"), b"not wasm").unwrap();
    let s = Server::start(Opts {
        env: vec![("TGMCP_AUTH_TOKEN", token.into())],
        plugins_dir: Some(dir.path()),
        ..Opts::default()
    });
    let open = http().get(s.url("/health")).send().await.unwrap();
    assert_eq!(open.status(), 200);
    let text = open.text().await.unwrap();
    assert!(
        !text.contains("broken.wasm") && !text.contains("not WebAssembly"),
        "{text}"
    );
    let h: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(h["plugin_errors"], 1, "{h}");
    let full: serde_json::Value = http()
        .get(s.url("/health"))
        .header("authorization", format!("Bearer {token}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        full["plugin_errors"][0]["path"]
            .as_str()
            .unwrap()
            .ends_with("broken.wasm"),
        "{full}"
    );
}

#[tokio::test]
async fn an_over_long_message_is_neither_quoted_back_nor_logged() {
    let s = Server::demo();
    let mut c = HttpClient::new(&s.base);
    c.initialize().await;
    let text = "confidential ".repeat(400);
    let r = c
        .call("send_message", json!({"chat": "me", "text": text}))
        .await;
    assert_eq!(r["isError"], true);
    let shown = r["content"][0]["text"].as_str().unwrap();
    assert!(
        shown.contains("4096") && !shown.contains("confidential"),
        "{shown}"
    );
    let logs = s
        .logs_containing("tool call failed", std::time::Duration::from_secs(5))
        .await;
    assert!(!logs.contains("confidential"), "{logs}");
}

/// Writes `head` on a raw connection, then waits; returns the response (or
/// what came before the server closed) and how long that took.
async fn slow_request(base: &str, head: &str) -> (String, std::time::Duration) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = base.trim_start_matches("http://");
    let mut tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
    tcp.write_all(head.as_bytes()).await.unwrap();
    let start = std::time::Instant::now();
    let mut buf = Vec::new();
    let read = tokio::time::timeout(
        std::time::Duration::from_secs(40),
        tcp.read_to_end(&mut buf),
    );
    assert!(
        read.await.is_ok(),
        "the server held the connection for 40 s"
    );
    (String::from_utf8_lossy(&buf).into_owned(), start.elapsed())
}

#[tokio::test]
async fn slow_headers_and_slow_bodies_are_cut_off() {
    let s = Server::demo();
    let (headers, body) = tokio::join!(
        slow_request(&s.base, "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "),
        slow_request(
            &s.base,
            "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\nContent-Length: 1000\r\n\r\n{\"jsonrpc\":"
        ),
    );
    assert!(
        headers.1 < std::time::Duration::from_secs(15),
        "{:?}",
        headers.1
    );
    assert!(body.0.starts_with("HTTP/1.1 408"), "{}", body.0);
    assert!(body.1 < std::time::Duration::from_secs(20), "{:?}", body.1);
}

#[tokio::test]
async fn a_100_mb_chunked_body_is_413_and_malformed_json_400() {
    let s = Server::demo();
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = s.base.trim_start_matches("http://").to_string();
    let tcp = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let (mut rd, mut wr) = tcp.into_split();
    let writer = tokio::spawn(async move {
        let head = "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n";
        wr.write_all(head.as_bytes()).await?;
        let chunk = format!("100000\r\n{}\r\n", " ".repeat(1 << 20));
        for _ in 0..100 {
            wr.write_all(chunk.as_bytes()).await?;
        }
        wr.write_all(b"0\r\n\r\n").await
    });
    let mut first = vec![0u8; 64];
    let n = tokio::time::timeout(std::time::Duration::from_secs(30), rd.read(&mut first))
        .await
        .expect("an answer while the body is still coming")
        .unwrap();
    let status = String::from_utf8_lossy(&first[..n]).into_owned();
    assert!(status.starts_with("HTTP/1.1 413"), "{status}");
    writer.abort();
    let r = http()
        .post(s.url("/mcp"))
        .header("content-type", "application/json")
        .header("accept", "application/json, text/event-stream")
        .body("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let v: serde_json::Value = r.json().await.unwrap();
    assert_eq!(v["error"]["code"], -32700, "{v}");
}

/// The address a server started with `env` (and no `--host`) listens on.
async fn listens_on(env: Vec<(&str, String)>) -> String {
    let s = Server::start(Opts {
        bind_default: true,
        env,
        ..Opts::default()
    });
    let port = s.base.rsplit(':').next().unwrap_or_default().to_string();
    // Reachable over loopback either way.
    let h = reqwest::get(format!("http://127.0.0.1:{port}/health"))
        .await
        .expect("health over loopback");
    assert_eq!(h.status(), 200);
    s.base
        .trim_start_matches("http://")
        .trim_end_matches(&format!(":{port}"))
        .to_string()
}

#[tokio::test]
async fn the_server_binds_loopback_unless_host_is_set_or_auth_is_on() {
    assert_eq!(
        listens_on(vec![]).await,
        "127.0.0.1",
        "no HOST, no auth: loopback only"
    );
    assert_eq!(
        listens_on(vec![("HOST", "0.0.0.0".into())]).await,
        "0.0.0.0"
    );
    let token = (
        "TGMCP_AUTH_TOKEN",
        "a-long-enough-test-token-0123456789".to_string(),
    );
    assert_eq!(
        listens_on(vec![token]).await,
        "0.0.0.0",
        "with a token the server may listen outside"
    );
}

#[tokio::test]
async fn a_plugin_describing_100_000_tools_is_refused_and_lists_stay_small() {
    let (s, _d) = server_with(&[("bloat.wasm", "tgmcp_plugin_bloat.wasm")], None, vec![]);
    let errors = errors_by_file(&health(&s).await);
    let (_, e) = errors
        .iter()
        .find(|(file, _)| file == "bloat.wasm")
        .unwrap_or_else(|| panic!("bloat.wasm not refused: {errors:?}"));
    assert!(
        e.contains("100000 tools; the limit is 128 per plugin"),
        "{e}"
    );
    let mut c = HttpClient::new(&s.base);
    c.initialize().await;
    let list = c.request("tools/list", json!({})).await;
    let bytes = list.to_string().len();
    assert!(bytes < 1 << 20, "tools/list is {bytes} bytes");
    assert!(
        !list.to_string().contains("bloat_"),
        "no tool of the refused plugin is listed"
    );
    let me = c.call("get_me", json!({})).await;
    assert_eq!(me["isError"], false, "{me}");
}
