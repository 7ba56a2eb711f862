//! Read-only mode, bearer token, Origin checks, missing credentials.
mod common;

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
    assert_eq!(h["tools"], 7);
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
