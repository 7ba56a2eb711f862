//! Test harness: start the real `tgmcp` binary and speak MCP to it over /sse,
//! /mcp and stdio, as clients do.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures::StreamExt;
use serde_json::{json, Value};
use tokio::sync::mpsc;

pub const BIN: &str = env!("CARGO_BIN_EXE_tgmcp");

/// Directory holding the test-only components (hostile.wasm, ...), built by build.rs.
pub fn wasm_dir() -> PathBuf {
    PathBuf::from(env!("TGMCP_WASM_DIR"))
}

/// A running `tgmcp serve`; killed on drop.
pub struct Server {
    child: Child,
    pub base: String,
    pub logs: Arc<Mutex<String>>,
    _tmp: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Options for [`Server::start`].
#[derive(Default)]
pub struct Opts<'a> {
    pub args: Vec<&'a str>,
    pub env: Vec<(&'a str, String)>,
    pub plugins_dir: Option<&'a Path>,
    /// Use the real backend (credentials from `env`) instead of `--demo`.
    pub real: bool,
    /// Start with exactly `env` as the environment (nothing inherited, no
    /// `--plugins-dir`, cache dir or log level of the harness): what a
    /// container or a compose file gives the binary.
    pub exact_env: bool,
    /// Leave out `--host`: the server binds where its settings say.
    pub bind_default: bool,
}

impl Server {
    /// `tgmcp serve --demo` on a free loopback port with an empty plugins dir.
    pub fn demo() -> Server {
        Server::start(Opts::default())
    }

    /// `tgmcp serve --demo` with the test-only hostile plugin in its plugins
    /// directory (kept alive by the returned dir) and `env`.
    pub fn with_hostile(env: Vec<(&str, String)>) -> (Server, tempfile::TempDir) {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::copy(
            wasm_dir().join("tgmcp_plugin_hostile.wasm"),
            dir.path().join("hostile.wasm"),
        )
        .expect("copy the hostile plugin");
        let s = Server::start(Opts {
            plugins_dir: Some(dir.path()),
            env,
            ..Opts::default()
        });
        (s, dir)
    }

    /// Starts the server and waits for it to listen.
    pub fn start(opts: Opts) -> Server {
        let tmp = tempfile::tempdir().expect("tempdir");
        let plugins = match opts.plugins_dir {
            Some(p) => p.to_path_buf(),
            None => {
                let p = tmp.path().join("plugins");
                std::fs::create_dir_all(&p).expect("mkdir plugins");
                p
            }
        };
        // TGMCP_WRAP runs the server under a profiler (`heaptrack`, `perf record`).
        let mut cmd = match std::env::var("TGMCP_WRAP") {
            Ok(w) if !w.trim().is_empty() => {
                let mut words = w.split_whitespace();
                let mut c = Command::new(words.next().unwrap_or_default());
                c.args(words).arg(BIN);
                c
            }
            _ => Command::new(BIN),
        };
        cmd.arg("serve");
        if !opts.real {
            cmd.arg("--demo");
        }
        if !opts.bind_default {
            cmd.args(["--host", "127.0.0.1"]);
        }
        cmd.args(["--port", "0"]);
        if opts.exact_env {
            cmd.env_clear();
        } else {
            cmd.arg("--plugins-dir")
                .arg(&plugins)
                .env("TGMCP_CACHE_DIR", shared_cache())
                // The tests check each tool's output schema, and the SDK
                // clients validate results against it.
                .env("TGMCP_OUTPUT_SCHEMAS", "1")
                .env("RUST_LOG", "info")
                .env_remove("TGMCP_AUTH_TOKEN")
                .env_remove("PORT")
                .env_remove("HOST");
        }
        cmd.args(&opts.args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (k, v) in &opts.env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("start tgmcp");
        let stderr = child.stderr.take().expect("stderr");
        let logs = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = std::sync::mpsc::channel::<String>();
        let l2 = logs.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if line.contains("tgmcp listening") {
                    let _ = tx.send(line.clone());
                }
                l2.lock().unwrap().push_str(&(line + "\n"));
            }
        });
        let line = rx
            .recv_timeout(Duration::from_secs(180))
            .unwrap_or_else(|_| panic!("server did not start; logs:\n{}", logs.lock().unwrap()));
        let addr = line
            .split_whitespace()
            .find_map(|w| w.strip_prefix("addr="))
            .expect("addr in the listening line")
            .to_string();
        Server {
            child,
            base: format!("http://{addr}"),
            logs,
            _tmp: tmp,
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Waits up to `within` for the process to exit; its status if it did.
    pub fn wait_exit(&mut self, within: Duration) -> Option<std::process::ExitStatus> {
        let deadline = Instant::now() + within;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub fn logs(&self) -> String {
        self.logs.lock().unwrap().clone()
    }

    /// The logs once they contain `needle` (stderr is read by a thread, so a line
    /// can trail the response that followed it); all logs after `within` otherwise.
    pub async fn logs_containing(&self, needle: &str, within: Duration) -> String {
        let deadline = Instant::now() + within;
        loop {
            let logs = self.logs();
            if logs.contains(needle) || Instant::now() >= deadline {
                return logs;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

/// One compile cache for every server the tests start: the built-in plugins
/// are compiled once per build, not once per server (the cache is keyed by
/// engine and content, and written atomically). Tests of the cache itself
/// set their own.
/// `tgmcp tools --demo` with `TGMCP_TOOLS=setting` and `extra` arguments, an
/// empty plugins directory, no policy and the shared compile cache; fails the
/// test unless it succeeds. Its standard output.
pub fn tools_cli(setting: &str, extra: &[&str]) -> Vec<u8> {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = Command::new(BIN)
        .args(["tools", "--demo"])
        .args(extra)
        .arg("--plugins-dir")
        .arg(tmp.path())
        .env("TGMCP_TOOLS", setting)
        .env("TGMCP_CACHE_DIR", shared_cache())
        .env_remove("TGMCP_POLICY")
        .env_remove("TGMCP_READ_ONLY")
        .output()
        .expect("run tgmcp tools");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

pub fn shared_cache() -> PathBuf {
    target_dir().join("test-compile-cache")
}

/// The cargo target dir the tests were built in (`BIN` is `<target>/<profile>/tgmcp`).
pub fn target_dir() -> PathBuf {
    Path::new(BIN)
        .parent()
        .and_then(Path::parent)
        .expect("the binary sits in <target>/<profile>")
        .to_path_buf()
}

/// `tgmcp plugin new NAME`, its `src/lib.rs` replaced by `lib` if given, built
/// with exactly the command the README gives; the component's path. A shared
/// target dir keeps reruns warm.
pub fn build_scaffold(name: &str, lib: Option<&str>) -> PathBuf {
    let work = tempfile::tempdir().expect("tempdir");
    let out = Command::new(BIN)
        .args(["plugin", "new", name, "--dir"])
        .arg(work.path())
        .output()
        .expect("run tgmcp plugin new");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let krate = work.path().join(name);
    if let Some(lib) = lib {
        std::fs::write(krate.join("src/lib.rs"), lib).expect("write lib.rs");
    }
    let build = Command::new(env!("CARGO"))
        .args(["build", "--release", "--target", "wasm32-wasip2"])
        .current_dir(&krate)
        .env("CARGO_TARGET_DIR", target_dir().join("scaffold-test"))
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .expect("run cargo build");
    assert!(
        build.status.success(),
        "scaffold build failed:\n{}",
        String::from_utf8_lossy(&build.stderr)
    );
    target_dir().join(format!("scaffold-test/wasm32-wasip2/release/{name}.wasm"))
}

/// The Python packages the client tests use, pinned (`pip install -r` this).
pub const PY_REQUIREMENTS: &str = "host/tests/clients/requirements.txt";

/// Checks that an external client or tool runs (`cmd` exits 0), and fails
/// the test with the install command when it does not. Tests that need one
/// are `#[ignore]`d, so plain `cargo test` lists them as ignored instead of
/// passing them silently; `cargo test -- --include-ignored` (what `.ci/run`
/// does after installing them) runs them for real.
pub fn have_external(cmd: &[&str], install: &str) -> bool {
    let ok = std::process::Command::new(cmd[0])
        .args(&cmd[1..])
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok,
        "`{}` is required by this test but missing: {install} (or pip install -r {PY_REQUIREMENTS})",
        cmd.join(" ")
    );
    ok
}

/// GET /health as JSON.
pub async fn health(s: &Server) -> Value {
    http()
        .get(s.url("/health"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

pub fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap()
}

/// One SSE event.
#[derive(Debug, Clone)]
pub struct Event {
    pub event: String,
    pub data: String,
}

/// Parses an SSE byte stream into events (comments are reported as event ":").
pub fn spawn_sse_reader(resp: reqwest::Response) -> mpsc::UnboundedReceiver<Event> {
    let (tx, rx) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        let mut buf = String::new();
        let mut stream = resp.bytes_stream();
        while let Some(Ok(chunk)) = stream.next().await {
            buf.push_str(&String::from_utf8_lossy(&chunk));
            while let Some(i) = buf.find("\n\n") {
                let block: String = buf.drain(..i + 2).collect();
                let mut ev = Event {
                    event: "message".into(),
                    data: String::new(),
                };
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("event:") {
                        ev.event = v.trim().into();
                    } else if let Some(v) = line.strip_prefix("data:") {
                        if !ev.data.is_empty() {
                            ev.data.push('\n');
                        }
                        ev.data.push_str(v.trim_start());
                    } else if line.starts_with(':') {
                        ev.event = ":".into();
                    }
                }
                if tx.send(ev).is_err() {
                    return;
                }
            }
        }
    });
    rx
}

/// The MCP calls the tests make, on any transport.
#[allow(async_fn_in_trait)]
pub trait Mcp {
    /// Sends a request and waits for its response (the whole JSON-RPC message).
    async fn request(&mut self, method: &str, params: Value) -> Value;
    /// Sends a notification.
    async fn notify(&mut self, method: &str, params: Value);

    async fn initialize(&mut self) -> Value {
        let r = self
            .request(
                "initialize",
                json!({"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "tgmcp-tests", "version": "0"}}),
            )
            .await;
        self.notify("notifications/initialized", json!({})).await;
        r
    }

    async fn tool_names(&mut self) -> Vec<String> {
        let r = self.request("tools/list", json!({})).await;
        r["result"]["tools"]
            .as_array()
            .unwrap_or_else(|| panic!("tools/list failed: {r}"))
            .iter()
            .map(|t| t["name"].as_str().unwrap().to_string())
            .collect()
    }

    /// tools/call; returns the `result` object.
    async fn call(&mut self, name: &str, args: Value) -> Value {
        let r = self
            .request("tools/call", json!({"name": name, "arguments": args}))
            .await;
        r.get("result")
            .cloned()
            .unwrap_or_else(|| panic!("tools/call {name} failed: {r}"))
    }
}

/// Legacy SSE client: GET /sse, POST /messages/.
pub struct SseClient {
    pub events: mpsc::UnboundedReceiver<Event>,
    pub endpoint: String,
    base: String,
    client: reqwest::Client,
    next_id: u64,
    /// Notifications seen while waiting for responses.
    pub notifications: Vec<Value>,
    headers: Vec<(String, String)>,
}

impl SseClient {
    pub async fn connect(base: &str) -> SseClient {
        SseClient::connect_with(base, vec![]).await
    }

    pub async fn connect_with(base: &str, headers: Vec<(String, String)>) -> SseClient {
        let client = http();
        let mut req = client.get(format!("{base}/sse"));
        for (k, v) in &headers {
            req = req.header(k, v);
        }
        let resp = req.send().await.expect("GET /sse");
        assert_eq!(resp.status(), 200, "GET /sse");
        let mut events = spawn_sse_reader(resp);
        let first = tokio::time::timeout(Duration::from_secs(10), events.recv())
            .await
            .expect("endpoint event in time")
            .expect("stream open");
        assert_eq!(first.event, "endpoint");
        SseClient {
            events,
            endpoint: first.data,
            base: base.to_string(),
            client,
            next_id: 1,
            notifications: vec![],
            headers,
        }
    }

    pub async fn post(&self, body: &Value) -> reqwest::StatusCode {
        let mut req = self
            .client
            .post(format!("{}{}", self.base, self.endpoint))
            .json(body);
        for (k, v) in &self.headers {
            req = req.header(k, v);
        }
        req.send().await.expect("POST").status()
    }

    /// Waits for a notification with this method (seen before or arriving within `within`).
    pub async fn wait_notification(&mut self, method: &str, within: Duration) -> bool {
        if self.notifications.iter().any(|n| n["method"] == method) {
            return true;
        }
        let deadline = Instant::now() + within;
        while let Ok(Some(ev)) = tokio::time::timeout_at(deadline.into(), self.events.recv()).await
        {
            if ev.event == "message" {
                let v: Value = serde_json::from_str(&ev.data).unwrap();
                if v["method"] == method {
                    return true;
                }
            }
        }
        false
    }
}

impl Mcp for SseClient {
    async fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        let status = self
            .post(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}))
            .await;
        assert_eq!(status, 202, "POST {method}");
        loop {
            let ev = tokio::time::timeout(Duration::from_secs(60), self.events.recv())
                .await
                .unwrap_or_else(|_| panic!("no response to {method}"))
                .expect("stream open");
            if ev.event != "message" {
                continue;
            }
            let v: Value = serde_json::from_str(&ev.data).unwrap();
            if v["id"] == json!(id) {
                return v;
            }
            if v.get("method").is_some() {
                self.notifications.push(v);
            }
        }
    }

    async fn notify(&mut self, method: &str, params: Value) {
        let status = self
            .post(&json!({"jsonrpc": "2.0", "method": method, "params": params}))
            .await;
        assert_eq!(status, 202, "POST {method}");
    }
}

/// Streamable HTTP client: POST /mcp with the Mcp-Session-Id header.
pub struct HttpClient {
    url: String,
    client: reqwest::Client,
    session: Option<String>,
    next_id: u64,
}

impl HttpClient {
    pub fn new(base: &str) -> HttpClient {
        HttpClient {
            url: format!("{base}/mcp"),
            client: http(),
            session: None,
            next_id: 1,
        }
    }

    async fn post(&mut self, body: Value) -> reqwest::Response {
        let mut req = self
            .client
            .post(&self.url)
            .header("accept", "application/json, text/event-stream")
            .header("mcp-protocol-version", "2025-06-18")
            .json(&body);
        if let Some(s) = &self.session {
            req = req.header("mcp-session-id", s);
        }
        let resp = req.send().await.expect("POST /mcp");
        if let Some(s) = resp.headers().get("mcp-session-id") {
            self.session = Some(s.to_str().unwrap().to_string());
        }
        resp
    }
}

impl Mcp for HttpClient {
    async fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        let resp = self
            .post(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}))
            .await;
        assert!(
            resp.status().is_success(),
            "POST /mcp {method}: {}",
            resp.status()
        );
        let is_sse = resp
            .headers()
            .get("content-type")
            .is_some_and(|v| v.to_str().unwrap().starts_with("text/event-stream"));
        if !is_sse {
            return resp.json().await.unwrap();
        }
        let mut events = spawn_sse_reader(resp);
        while let Some(ev) = events.recv().await {
            if ev.data.is_empty() {
                continue;
            }
            let v: Value = match serde_json::from_str(&ev.data) {
                Ok(v) => v,
                Err(_) => continue,
            };
            if v["id"] == json!(id) {
                return v;
            }
        }
        panic!("no response to {method} on /mcp")
    }

    async fn notify(&mut self, method: &str, params: Value) {
        let resp = self
            .post(json!({"jsonrpc": "2.0", "method": method, "params": params}))
            .await;
        assert_eq!(resp.status(), 202, "POST /mcp {method}");
    }
}

/// stdio client: `tgmcp serve --demo --stdio`, one JSON message per line.
pub struct StdioClient {
    child: tokio::process::Child,
    stdin: tokio::process::ChildStdin,
    lines: tokio::io::Lines<tokio::io::BufReader<tokio::process::ChildStdout>>,
    next_id: u64,
    _tmp: tempfile::TempDir,
}

impl StdioClient {
    pub fn start(extra: &[&str]) -> StdioClient {
        let tmp = tempfile::tempdir().unwrap();
        let mut cmd = tokio::process::Command::new(BIN);
        cmd.args(["serve", "--demo", "--stdio", "--plugins-dir"])
            .arg(tmp.path().join("plugins"))
            .args(extra)
            .env("TGMCP_CACHE_DIR", shared_cache())
            .env("TGMCP_OUTPUT_SCHEMAS", "1");
        StdioClient::spawn(cmd, tmp)
    }

    /// Any stdio MCP server, e.g. `mcp-proxy <url>` bridging to our HTTP endpoints.
    pub fn spawn(mut cmd: tokio::process::Command, tmp: tempfile::TempDir) -> StdioClient {
        use tokio::io::AsyncBufReadExt;
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("start the stdio server");
        let stdin = child.stdin.take().unwrap();
        let lines = tokio::io::BufReader::new(child.stdout.take().unwrap()).lines();
        StdioClient {
            child,
            stdin,
            lines,
            next_id: 1,
            _tmp: tmp,
        }
    }

    pub async fn send(&mut self, v: &Value) {
        use tokio::io::AsyncWriteExt;
        self.stdin
            .write_all(format!("{v}\n").as_bytes())
            .await
            .unwrap();
        self.stdin.flush().await.unwrap();
    }

    /// Writes bytes as they are (a test's malformed line).
    pub async fn send_raw(&mut self, bytes: &[u8]) {
        use tokio::io::AsyncWriteExt;
        self.stdin.write_all(bytes).await.unwrap();
        self.stdin.flush().await.unwrap();
    }

    /// The next message on stdout.
    pub async fn next_message(&mut self) -> Value {
        let line = tokio::time::timeout(Duration::from_secs(60), self.lines.next_line())
            .await
            .expect("a message within 60 s")
            .unwrap()
            .expect("stdout open");
        serde_json::from_str(&line).unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {line}"))
    }

    pub async fn close(mut self) -> std::process::ExitStatus {
        drop(self.stdin);
        tokio::time::timeout(Duration::from_secs(10), self.child.wait())
            .await
            .expect("exits on EOF")
            .unwrap()
    }
}

impl Mcp for StdioClient {
    async fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}))
            .await;
        loop {
            let line = tokio::time::timeout(Duration::from_secs(60), self.lines.next_line())
                .await
                .unwrap_or_else(|_| panic!("no response to {method}"))
                .unwrap()
                .expect("stdout open");
            let v: Value = serde_json::from_str(&line)
                .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {line}"));
            if v["id"] == json!(id) {
                return v;
            }
        }
    }

    async fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}))
            .await;
    }
}

/// initialize → tools/list → send_message → get_history: the flow every transport must carry.
pub async fn basic_flow<C: Mcp>(c: &mut C) {
    basic_flow_with(c, true).await
}

/// [`basic_flow`]; `list_changed`: whether the path to the client keeps that capability
/// (mcp-proxy re-declares it as false).
pub async fn basic_flow_with<C: Mcp>(c: &mut C, list_changed: bool) {
    let init = c.initialize().await;
    assert_eq!(init["result"]["serverInfo"]["name"], "tgmcp", "{init}");
    assert_eq!(
        init["result"]["capabilities"]["tools"]["listChanged"],
        list_changed
    );
    let names = c.tool_names().await;
    for want in [
        "get_me",
        "list_chats",
        "get_chat",
        "get_history",
        "send_message",
        "search_messages",
        "search",
        "fetch",
    ] {
        assert!(
            names.iter().any(|n| n == want),
            "{want} missing from {names:?}"
        );
    }
    let text = format!("note {}", rand_suffix());
    let sent = c
        .call("send_message", json!({"chat": "me", "text": text}))
        .await;
    assert_eq!(sent["isError"], false, "{sent}");
    let id = sent["structuredContent"]["message_id"]
        .as_i64()
        .expect("message_id");
    let hist = c
        .call("get_history", json!({"chat": "me", "limit": 5}))
        .await;
    let first = &hist["structuredContent"]["messages"][0];
    assert_eq!(first["id"].as_i64(), Some(id), "{hist}");
    assert_eq!(first["text"], text);
    // The text content is the same JSON, for clients that ignore structuredContent.
    let shown: Value = serde_json::from_str(hist["content"][0]["text"].as_str().unwrap()).unwrap();
    assert_eq!(shown, hist["structuredContent"]);
}

pub fn rand_suffix() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        % 1_000_000_007
}

/// The local MTProto server in this test process with the demo account, and
/// `tgmcp serve` on it (every tool listed, `extra` variables on top): the
/// test can look at what the account holds after each call.
pub async fn local_with(
    extra: Vec<(&'static str, String)>,
) -> (fakegram::Server, Server, SseClient) {
    let tg = fakegram::Server::start(fakegram::Account::demo())
        .await
        .expect("local MTProto server");
    let mut env = vec![
        ("TGMCP_TOOLS", "all,stars,raw".to_string()),
        ("TELEGRAM_API_ID", "12345".into()),
        (
            "TELEGRAM_API_HASH",
            "0123456789abcdef0123456789abcdef".into(),
        ),
        ("TELEGRAM_SESSION_STRING", tg.telethon_session()),
    ];
    env.extend(extra);
    let s = Server::start(Opts {
        real: true,
        env,
        ..Opts::default()
    });
    let mut c = SseClient::connect(&s.base).await;
    c.initialize().await;
    (tg, s, c)
}

/// [`local_with`] and nothing extra.
pub async fn local() -> (fakegram::Server, Server, SseClient) {
    local_with(Vec::new()).await
}

/// Calls a tool that must succeed; its structured result.
pub async fn ok<C: Mcp>(c: &mut C, name: &str, args: Value) -> Value {
    let r = c.call(name, args.clone()).await;
    assert_eq!(r["isError"], false, "{name} {args}: {r}");
    r["structuredContent"].clone()
}

/// Calls a tool that must fail; its error text.
pub async fn refused<C: Mcp>(c: &mut C, name: &str, args: Value) -> String {
    let r = c.call(name, args.clone()).await;
    assert_eq!(r["isError"], true, "{name} {args}: {r}");
    r["content"][0]["text"].as_str().unwrap_or_default().into()
}

/// The tools `tgmcp serve --demo` lists with every tool enabled.
pub async fn all_tools() -> Vec<Value> {
    let s = Server::start(Opts {
        env: vec![("TGMCP_TOOLS", "all,stars,raw".into())],
        ..Opts::default()
    });
    let mut c = HttpClient::new(&s.base);
    c.initialize().await;
    let list = c.request("tools/list", json!({})).await;
    list["result"]["tools"]
        .as_array()
        .cloned()
        .unwrap_or_else(|| panic!("{list}"))
}

/// A listed tool's `readOnlyHint`, MCP's default (false) when left out.
pub fn listed_read_only(tool: &Value) -> bool {
    tool["annotations"]["readOnlyHint"]
        .as_bool()
        .unwrap_or(false)
}

/// Whether a listed tool is destructive as MCP reads its hints: never when
/// read-only, else `destructiveHint`, true when left out.
pub fn listed_destructive(tool: &Value) -> bool {
    !listed_read_only(tool)
        && tool["annotations"]["destructiveHint"]
            .as_bool()
            .unwrap_or(true)
}

/// The listed tool `name`, checked: listed, annotated `destructive` and
/// `read_only`, with an object output schema. Returned for further checks.
pub fn checked_tool<'a>(
    tools: &'a [Value],
    name: &str,
    destructive: bool,
    read_only: bool,
) -> &'a Value {
    let t = tools
        .iter()
        .find(|t| t["name"] == name)
        .unwrap_or_else(|| panic!("{name} not listed"));
    let a = &t["annotations"];
    assert_eq!(listed_read_only(t), read_only, "{name}: {a}");
    assert_eq!(listed_destructive(t), destructive, "{name}: {a}");
    assert_eq!(t["outputSchema"]["type"], "object", "{name}");
    t
}

/// Calls every example in `name`'s input schema on a fresh demo account
/// (the local MTProto server): each must succeed.
pub async fn examples_work_on_a_fresh_account(name: &str) {
    let (_tg, _s, mut c) = local().await;
    let list = c.request("tools/list", json!({})).await;
    let t = list["result"]["tools"]
        .as_array()
        .and_then(|a| a.iter().find(|t| t["name"] == name).cloned())
        .unwrap_or_else(|| panic!("{name} not listed"));
    let examples = t["inputSchema"]["examples"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(!examples.is_empty(), "{name} lists no example");
    for e in examples {
        ok(&mut c, name, e).await;
    }
}
