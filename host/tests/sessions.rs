//! Sessions: one budget for /sse and /mcp (TGMCP_MAX_SESSIONS) with the same
//! idle expiry, and a shutdown that does not wait for clients to leave.
use crate::common;

use std::time::{Duration, Instant};

use common::*;
use serde_json::json;

fn capped(max: usize, idle_secs: u64) -> Server {
    Server::start(Opts {
        env: vec![
            ("TGMCP_MAX_SESSIONS", max.to_string()),
            // One test client takes the whole budget here.
            ("TGMCP_MAX_SESSIONS_PER_CLIENT", max.to_string()),
            ("TGMCP_SESSION_IDLE_SECS", idle_secs.to_string()),
        ],
        ..Opts::default()
    })
}

/// POST initialize to /mcp without a session: the raw response.
async fn open_mcp(s: &Server) -> reqwest::Response {
    open_mcp_as(&http(), s).await
}

/// [`open_mcp`] from `client` (another address, say).
async fn open_mcp_as(client: &reqwest::Client, s: &Server) -> reqwest::Response {
    client
        .post(s.url("/mcp"))
        .header("accept", "application/json, text/event-stream")
        .json(
            &json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "protocolVersion": "2025-06-18", "capabilities": {},
            "clientInfo": {"name": "t", "version": "0"}}}),
        )
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_session_cap_covers_mcp_and_sse_together() {
    let s = capped(3, 3600);
    let mut a = HttpClient::new(&s.base);
    a.initialize().await;
    let mut b = HttpClient::new(&s.base);
    b.initialize().await;
    let _sse = SseClient::connect(&s.base).await;
    // cap + 1: refused on either transport, with a sentence naming the setting.
    let extra = open_mcp(&s).await;
    assert_eq!(extra.status(), 503);
    let text = extra.text().await.unwrap();
    assert!(text.contains("too many open sessions (3)"), "{text}");
    assert!(text.contains("TGMCP_MAX_SESSIONS"), "{text}");
    let extra_sse = http().get(s.url("/sse")).send().await.unwrap();
    assert_eq!(extra_sse.status(), 503);
    // Open sessions keep working.
    assert!(a.tool_names().await.iter().any(|n| n == "get_me"));
}

#[tokio::test]
async fn a_closed_or_idle_mcp_session_gives_its_place_back() {
    let s = capped(1, 1);
    let first = open_mcp(&s).await;
    assert_eq!(first.status(), 200);
    let id = first.headers()["mcp-session-id"]
        .to_str()
        .unwrap()
        .to_string();
    drop(first);
    assert_eq!(open_mcp(&s).await.status(), 503, "the one place is taken");
    // DELETE frees it.
    let del = http()
        .delete(s.url("/mcp"))
        .header("mcp-session-id", &id)
        .send()
        .await
        .unwrap();
    assert!(del.status().is_success(), "{}", del.status());
    let second = open_mcp(&s).await;
    assert_eq!(second.status(), 200, "{:?}", second.text().await);
    // Idle for over a second: the session expires and its place is free again.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(open_mcp(&s).await.status(), 200, "an idle session expires");
}

/// POSTs a JSON-RPC message into an `/mcp` session.
async fn post_mcp(s: &Server, id: &str, body: serde_json::Value) -> reqwest::Response {
    http()
        .post(s.url("/mcp"))
        .header("accept", "application/json, text/event-stream")
        .header("mcp-session-id", id)
        .header("mcp-protocol-version", "2025-06-18")
        .json(&body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_busy_mcp_session_stays_open_past_the_idle_time() {
    let s = capped(4, 2);
    let first = open_mcp(&s).await;
    let id = first.headers()["mcp-session-id"]
        .to_str()
        .unwrap()
        .to_string();
    drop(first);
    let r = post_mcp(
        &s,
        &id,
        json!({"jsonrpc": "2.0", "method": "notifications/initialized"}),
    )
    .await;
    assert!(r.status().is_success(), "{}", r.status());
    // Calls every half second for five seconds, well past the 2 s idle time:
    // each answers and the session lives. Most answer in JSON, from the POST's
    // own task; about one a second takes rmcp's path, which keeps its expiry away.
    let mut in_json = 0;
    for n in 0..10 {
        let r = post_mcp(
            &s,
            &id,
            json!({"jsonrpc": "2.0", "id": 10 + n, "method": "tools/call",
                   "params": {"name": "get_me", "arguments": {}}}),
        )
        .await;
        assert_eq!(r.status(), 200, "call {n}");
        let json = r.headers().get("content-type").is_some_and(|v| {
            v.to_str()
                .unwrap_or_default()
                .starts_with("application/json")
        });
        let text = r.text().await.unwrap();
        assert!(text.contains("tgmcp_demo"), "call {n}: {text}");
        if json {
            in_json += 1;
            let v: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_eq!(v["id"], 10 + n, "{v}");
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    assert!(in_json >= 5, "{in_json} of 10 calls answered in JSON");
    // Left alone, it expires.
    tokio::time::sleep(Duration::from_millis(3000)).await;
    let r = post_mcp(
        &s,
        &id,
        json!({"jsonrpc": "2.0", "id": 99, "method": "tools/list"}),
    )
    .await;
    assert_eq!(r.status(), 404, "an idle session expires");
}

#[tokio::test]
async fn sigterm_stops_the_server_with_an_sse_client_connected() {
    let mut s = Server::demo();
    let mut sse = SseClient::connect(&s.base).await;
    sse.initialize().await;
    let mut mcp = HttpClient::new(&s.base);
    mcp.initialize().await;
    let t = Instant::now();
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &s.pid().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = s.wait_exit(Duration::from_secs(3));
    assert!(
        status.is_some(),
        "still running 3 s after SIGTERM with an open SSE stream; logs:\n{}",
        s.logs()
    );
    assert!(t.elapsed() < Duration::from_secs(3));
    // The client saw its stream end rather than hang.
    let ended = tokio::time::timeout(Duration::from_secs(2), async {
        while sse.events.recv().await.is_some() {}
    })
    .await;
    assert!(ended.is_ok(), "the SSE stream was closed");
}

#[tokio::test]
async fn the_rate_limit_counts_per_session_not_per_address() {
    // 20 a minute: two sessions of one address make 30 requests between them.
    let s = Server::start(Opts {
        env: vec![("TGMCP_RATE_LIMIT", "20".into())],
        ..Opts::default()
    });
    for _ in 0..2 {
        let mut c = SseClient::connect(&s.base).await;
        c.initialize().await;
        for _ in 0..13 {
            let r = c.call("get_me", json!({})).await;
            assert_eq!(r["isError"], false, "{r}");
        }
    }
    // One session alone still meets the limit.
    let mut c = SseClient::connect(&s.base).await;
    c.initialize().await;
    let pings: Vec<_> = (0..25)
        .map(|i| json!({"jsonrpc": "2.0", "id": 100 + i, "method": "ping"}))
        .collect();
    let statuses: Vec<u16> = futures::future::join_all(pings.iter().map(|p| c.post(p)))
        .await
        .iter()
        .map(|s| s.as_u16())
        .collect();
    assert!(statuses.contains(&429), "{statuses:?}");
}

/// One client (here, one address) holds at most its share of the sessions
/// (half of TGMCP_MAX_SESSIONS by default): a flood of streams from it is
/// refused past its share, and another client still gets in, on /sse and /mcp.
#[tokio::test]
async fn one_client_cannot_take_every_session() {
    let s = Server::start(Opts {
        env: vec![("TGMCP_MAX_SESSIONS", "6".into())],
        ..Opts::default()
    });
    let mut streams = Vec::new();
    let mut refused = 0;
    for _ in 0..10 {
        let r = http().get(s.url("/sse")).send().await.unwrap();
        if r.status() == 200 {
            streams.push(r);
        } else {
            assert_eq!(r.status(), 503);
            let text = r.text().await.unwrap();
            assert!(text.contains("TGMCP_MAX_SESSIONS_PER_CLIENT"), "{text}");
            refused += 1;
        }
    }
    assert_eq!(
        (streams.len(), refused),
        (3, 7),
        "half of 6 for one address"
    );
    assert_eq!(
        open_mcp(&s).await.status(),
        503,
        "/mcp counts in the same share"
    );
    // Another address (Linux routes all of 127/8 to loopback).
    let other = reqwest::Client::builder()
        .local_address(std::net::IpAddr::from([127, 0, 0, 2]))
        .build()
        .unwrap();
    let r = open_mcp_as(&other, &s).await;
    assert_eq!(r.status(), 200, "another client is served");
    // A closed stream gives its place back.
    drop(streams.pop());
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        http().get(s.url("/sse")).send().await.unwrap().status(),
        200
    );
}
