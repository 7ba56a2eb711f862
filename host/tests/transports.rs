//! The three transports carry the same MCP session; the legacy SSE wire is exact.
use crate::common;

use std::time::Duration;

use common::*;
use serde_json::json;

#[tokio::test]
async fn head_sse_answers_like_curl_i_expects() {
    let s = Server::demo();
    let r = http().head(s.url("/sse")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let h = r.headers();
    assert_eq!(h["content-type"], "text/event-stream");
    assert_eq!(h["cache-control"], "no-cache");
    assert_eq!(h["connection"], "keep-alive");
    assert_eq!(h["x-accel-buffering"], "no");
}

#[tokio::test]
async fn legacy_sse_wire() {
    let s = Server::demo();
    let c = SseClient::connect(&s.base).await;
    // A relative endpoint with a 128-bit random session id.
    let id = c
        .endpoint
        .strip_prefix("/messages/?session_id=")
        .expect("relative endpoint");
    assert_eq!(id.len(), 32, "{id}");
    assert!(id.chars().all(|ch| ch.is_ascii_hexdigit()));
    let other = SseClient::connect(&s.base).await;
    assert_ne!(
        c.endpoint, other.endpoint,
        "each stream gets its own session"
    );

    let ping = json!({"jsonrpc": "2.0", "id": 1, "method": "ping"});
    assert_eq!(c.post(&ping).await, 202);

    let client = http();
    let unknown = client
        .post(s.url("/messages/?session_id=00000000000000000000000000000000"))
        .json(&ping)
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);
    for malformed in ["abc", "../../etc", "0000000000000000000000000000000g"] {
        let r = client
            .post(s.url(&format!("/messages/?session_id={malformed}")))
            .json(&ping)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400, "session_id {malformed:?} is malformed");
    }

    let url = s.url(&c.endpoint);
    let bad_json = client
        .post(&url)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(bad_json.status(), 400);
    assert!(bad_json
        .text()
        .await
        .unwrap()
        .contains("invalid JSON-RPC message"));

    let not_rpc = client
        .post(&url)
        .json(&json!({"hello": "world"}))
        .send()
        .await
        .unwrap();
    assert_eq!(not_rpc.status(), 400);

    let wrong_type = client
        .post(&url)
        .header("content-type", "text/plain")
        .body(ping.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_type.status(), 400);

    let missing = client
        .post(s.url("/messages/"))
        .json(&ping)
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 400);

    // The session still works after the bad requests.
    let mut c = c;
    let r = c.request("ping", json!({})).await;
    assert!(r.get("result").is_some(), "{r}");
}

#[tokio::test]
async fn sse_session_ends_when_the_stream_closes() {
    let s = Server::demo();
    let c = SseClient::connect(&s.base).await;
    let url = s.url(&c.endpoint);
    drop(c);
    let ping = json!({"jsonrpc": "2.0", "id": 1, "method": "ping"});
    let mut status = 0;
    for _ in 0..50 {
        status = http()
            .post(&url)
            .json(&ping)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16();
        if status == 404 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(status, 404, "a closed stream's session is gone");
}

#[tokio::test]
async fn flow_over_legacy_sse() {
    let s = Server::demo();
    let mut c = SseClient::connect(&s.base).await;
    basic_flow(&mut c).await;
}

#[tokio::test]
async fn flow_over_streamable_http() {
    let s = Server::demo();
    let mut c = HttpClient::new(&s.base);
    basic_flow(&mut c).await;
}

#[tokio::test]
async fn flow_over_stdio() {
    let mut c = StdioClient::start(&[]);
    basic_flow(&mut c).await;
    assert!(c.close().await.success(), "exits cleanly at end of input");
}

/// stdio refuses an oversized request at once with an error naming the
/// limit (its bytes are skipped, not held), answers a line that is not JSON
/// with a parse error, and goes on serving.
#[tokio::test]
async fn stdio_answers_oversized_and_malformed_lines_and_goes_on() {
    let mut c = StdioClient::start(&[]);
    c.initialize().await;
    let huge = "A".repeat(30 << 20);
    let big = json!({"jsonrpc": "2.0", "id": 900, "method": "tools/call",
        "params": {"name": "send_file", "arguments": {"chat": "me", "data": huge}}});
    let r = tokio::time::timeout(Duration::from_secs(30), async {
        c.send(&big).await;
        loop {
            let v = c.next_message().await;
            if v["id"] == 900 {
                return v;
            }
        }
    })
    .await
    .expect("an oversized request is answered within seconds");
    let msg = r["error"]["message"].as_str().unwrap_or_default();
    assert!(msg.contains("too large") && msg.contains("4194304"), "{r}");
    c.send_raw(b"{not json\n").await;
    let v = c.next_message().await;
    assert_eq!(v["error"]["code"], -32700, "{v}");
    let me = c.call("get_me", json!({})).await;
    assert_eq!(me["isError"], false, "{me}");
    assert!(c.close().await.success());
}

#[tokio::test]
async fn health_reports_backend_and_tools() {
    let s = Server::demo();
    let h = health(&s).await;
    assert_eq!(h["backend"], "demo");
    assert_eq!(h["connected"], true);
    assert_eq!(h["plugins"], 18, "the built-in plugins");
    assert_eq!(h["tools"], 23, "the core profile");
    assert_eq!(h["version"], env!("CARGO_PKG_VERSION"));
}

#[tokio::test]
async fn tool_errors_are_results_a_person_can_act_on() {
    let s = Server::demo();
    let mut c = SseClient::connect(&s.base).await;
    c.initialize().await;
    let r = c
        .call("get_history", json!({"chat": "me", "limit": "ten"}))
        .await;
    assert_eq!(r["isError"], true);
    let text = r["content"][0]["text"].as_str().unwrap();
    assert!(
        text.contains("argument \"limit\"") && text.contains("integer"),
        "{text}"
    );

    let r = c.call("get_chat", json!({"chat": "@no_such_chat"})).await;
    assert_eq!(r["isError"], true);
    assert_eq!(r["content"][0]["text"], "chat \"@no_such_chat\" not found");

    let r = c
        .call("send_message", json!({"chat": "@tgmcp_news", "text": "hi"}))
        .await;
    assert_eq!(r["isError"], true);
    assert!(
        r["content"][0]["text"]
            .as_str()
            .unwrap()
            .contains("CHAT_WRITE_FORBIDDEN"),
        "{r}"
    );
    assert_eq!(
        r["structuredContent"]["error"]["name"],
        "CHAT_WRITE_FORBIDDEN"
    );

    let r = c
        .request(
            "tools/call",
            json!({"name": "no_such_tool", "arguments": {}}),
        )
        .await;
    assert!(
        r["error"]["message"]
            .as_str()
            .unwrap()
            .contains("unknown tool"),
        "{r}"
    );
}

/// The official Python SDK client over SSE and Streamable HTTP. Ignored by
/// plain `cargo test`; `.ci/run` installs the clients and runs it.
#[tokio::test]
#[ignore = "needs the Python MCP clients: pip install -r host/tests/clients/requirements.txt, then cargo test -- --include-ignored"]
async fn python_sdk_client_lists_and_calls_every_tool() {
    if !have_external(
        &["python3", "-c", "import mcp"],
        "pip install -r host/tests/clients/requirements.txt",
    ) {
        return;
    }
    let s = Server::demo();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/clients/py_client.py");
    for (mode, path) in [("sse", "/sse"), ("http", "/mcp")] {
        let out = tokio::process::Command::new("python3")
            .arg(script)
            .arg(mode)
            .arg(s.url(path))
            .output()
            .await
            .unwrap();
        assert!(
            out.status.success(),
            "{mode}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        for (name, r) in v["calls"].as_object().unwrap() {
            assert_eq!(r["isError"], false, "{mode} {name}: {r}");
        }
        assert_eq!(
            v["calls"].as_object().unwrap().len(),
            9,
            "{mode}: the first tools and download_media called"
        );
        // The demo photo decodes, through the SDK, to the account's bytes.
        assert_eq!(v["image"]["mime"], "image/png", "{mode}");
        let png = fakegram::png(64, 48, [40, 120, 60]);
        let hex: String = png.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(v["image"]["hex"], hex, "{mode}");
        assert_eq!(v["history_ids"][0], v["sent_id"], "{mode}");
        assert_eq!(v["bad_args"]["isError"], true);
    }
}

/// mcp-proxy in client mode bridges our /sse and /mcp to stdio; through it,
/// every tool is listed and called.
#[tokio::test]
#[ignore = "needs the Python MCP clients: pip install -r host/tests/clients/requirements.txt, then cargo test -- --include-ignored"]
async fn mcp_proxy_as_a_client_lists_and_calls_every_tool() {
    if !have_external(
        &["mcp-proxy", "--version"],
        "pip install -r host/tests/clients/requirements.txt",
    ) {
        return;
    }
    let s = Server::demo();
    for (transport, path) in [("sse", "/sse"), ("streamablehttp", "/mcp")] {
        let mut cmd = tokio::process::Command::new("mcp-proxy");
        cmd.args(["--transport", transport]).arg(s.url(path));
        let mut c = StdioClient::spawn(cmd, tempfile::tempdir().unwrap());
        basic_flow_with(&mut c, false).await;
        let calls = [
            ("get_me", json!({})),
            ("list_chats", json!({"limit": 3})),
            ("get_chat", json!({"chat": "@alice_demo"})),
            ("search_messages", json!({"query": "hike"})),
            ("search", json!({"query": "wasm"})),
        ];
        for (tool, args) in calls {
            let r = c.call(tool, args).await;
            assert_eq!(r["isError"], false, "{transport} {tool}: {r}");
        }
        // fetch takes an id that search returned.
        let found = c.call("search", json!({"query": "hike"})).await;
        let id = found["structuredContent"]["results"][0]["id"].clone();
        assert!(id.is_string(), "{transport} search: {found}");
        let r = c.call("fetch", json!({ "id": id })).await;
        assert_eq!(r["isError"], false, "{transport} fetch: {r}");
    }
}

/// By default tools/list carries no output schemas (half its weight) and no
/// schemars formats or `$schema` lines; results still carry
/// `structuredContent`. TGMCP_OUTPUT_SCHEMAS=1 lists the schemas.
#[tokio::test]
async fn output_schemas_are_listed_only_when_asked_and_results_stay_structured() {
    let s = Server::start(Opts {
        env: vec![("TGMCP_OUTPUT_SCHEMAS", "0".into())],
        ..Opts::default()
    });
    let mut c = HttpClient::new(&s.base);
    c.initialize().await;
    let list = c.request("tools/list", json!({})).await;
    let tools = list["result"]["tools"].as_array().unwrap();
    assert!(
        tools.iter().all(|t| t.get("outputSchema").is_none()),
        "{list}"
    );
    let text = list.to_string();
    for gone in [
        "\"$schema\"",
        "\"format\":\"uint32\"",
        "\"format\":\"int64\"",
    ] {
        assert!(!text.contains(gone), "{gone} is listed");
    }
    let me = c.call("get_me", json!({})).await;
    assert_eq!(me["isError"], false, "{me}");
    assert!(me["structuredContent"].is_object(), "{me}");
    // Asked for, they are listed.
    let s = Server::demo();
    let mut c = HttpClient::new(&s.base);
    c.initialize().await;
    let list = c.request("tools/list", json!({})).await;
    assert!(list["result"]["tools"]
        .as_array()
        .unwrap()
        .iter()
        .all(|t| t["outputSchema"]["type"] == "object"));
}
