//! `tgmcp serve` with a real account's settings, against what Telegram can
//! be: a server that accepts TCP and never answers, and the local MTProto
//! server (the `fakegram` binary) out of process.

use crate::common;

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use common::*;
use serde_json::json;
use tgmcp::telegram::session::{encode, SessionData, SessionFormat};

/// A session string pointing at `addr` with a fixed key.
fn session_for(addr: SocketAddr) -> String {
    encode(&SessionData {
        format: SessionFormat::Tgmcp,
        dc_id: 2,
        addr: Some(addr),
        auth_key: [9u8; 256],
        user_id: None,
    })
}

fn real_server(session: String, timeout_secs: &str) -> Server {
    Server::start(Opts {
        real: true,
        env: vec![
            ("TELEGRAM_API_ID", "12345".into()),
            (
                "TELEGRAM_API_HASH",
                "0123456789abcdef0123456789abcdef".into(),
            ),
            ("TELEGRAM_SESSION_STRING", session),
            ("TGMCP_TELEGRAM_TIMEOUT_SECS", timeout_secs.into()),
        ],
        ..Opts::default()
    })
}

#[tokio::test]
async fn a_silent_telegram_leaves_health_answering_and_calls_failing_in_time() {
    // Accepts connections and never says a word.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = silent.local_addr().unwrap();
    let held = std::thread::spawn(move || {
        let mut conns = Vec::new();
        for c in silent.incoming().take(16) {
            conns.push(c);
        }
    });
    let started = Instant::now();
    let s = real_server(session_for(addr), "1");
    let h = health(&s).await;
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "the server listened while Telegram was silent"
    );
    assert_eq!(h["status"], "ok");
    assert_eq!(h["connected"], false);
    assert!(
        matches!(h["telegram"].as_str(), Some("connecting" | "unreachable")),
        "{h}"
    );
    let mut c = SseClient::connect(&s.base).await;
    c.initialize().await;
    let t0 = Instant::now();
    let r = c.call("get_me", json!({})).await;
    assert_eq!(r["isError"], true, "{r}");
    let text = r["content"][0]["text"].as_str().unwrap_or_default();
    assert!(text.contains("Telegram is unreachable"), "{text}");
    assert!(t0.elapsed() < Duration::from_secs(8), "{:?}", t0.elapsed());
    assert_eq!(health(&s).await["telegram"], "unreachable");
    drop(held);
}

/// The local MTProto server in this test process; tgmcp talks to it over
/// TCP like to Telegram, and the test scripts its faults.
async fn local() -> fakegram::Server {
    fakegram::Server::start(fakegram::Account::demo())
        .await
        .expect("local MTProto server")
}

fn error_text(r: &serde_json::Value) -> String {
    r["content"][0]["text"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn the_real_backend_serves_tools_and_survives_telegrams_faults() {
    let tg = local().await;
    let s = real_server(tg.telethon_session(), "2");
    let mut c = SseClient::connect(&s.base).await;
    c.initialize().await;
    let me = c.call("get_me", json!({})).await;
    assert_eq!(me["isError"], false, "{me}");
    let sent = c
        .call(
            "send_message",
            json!({"chat": "me", "text": "through MTProto"}),
        )
        .await;
    assert_eq!(sent["isError"], false, "{sent}");
    let hist = c
        .call("get_history", json!({"chat": "me", "limit": 1}))
        .await;
    assert!(hist.to_string().contains("through MTProto"), "{hist}");
    assert_eq!(health(&s).await["telegram"], "connected");

    // FLOOD_WAIT: the seconds reach the client, as text and structured.
    tg.faults().error(
        "messages.getHistory",
        "FLOOD_WAIT_120",
        fakegram::Times::Once,
    );
    let r = c
        .call("get_history", json!({"chat": "@alice_demo", "limit": 3}))
        .await;
    assert_eq!(r["isError"], true);
    assert_eq!(error_text(&r), "FLOOD_WAIT: retry after 120 s");
    assert_eq!(
        r["structuredContent"]["error"]["retry_after_secs"], 120,
        "{r}"
    );

    // A short one is waited out once, and said in one line of ours.
    tg.faults()
        .error("messages.getHistory", "FLOOD_WAIT_1", fakegram::Times::Once);
    let r = c
        .call("get_history", json!({"chat": "@alice_demo", "limit": 3}))
        .await;
    assert_eq!(r["isError"], false, "{r}");
    let logs = s.logs();
    let retries: Vec<&str> = logs
        .lines()
        .filter(|l| l.contains("retrying once after the wait"))
        .collect();
    assert_eq!(retries.len(), 1, "{logs}");
    assert!(retries[0].contains("FLOOD_WAIT"), "{}", retries[0]);

    // Telegram's refusals keep their names.
    for name in [
        "CHAT_WRITE_FORBIDDEN",
        "USER_BANNED_IN_CHANNEL",
        "SLOWMODE_WAIT_30",
    ] {
        tg.faults()
            .error("messages.sendMessage", name, fakegram::Times::Once);
        let r = c
            .call("send_message", json!({"chat": "@alice_demo", "text": "x"}))
            .await;
        assert_eq!(r["isError"], true, "{name}: {r}");
        let want = name.trim_end_matches("_30");
        assert!(error_text(&r).contains(want), "{name}: {r}");
    }

    // A dropped connection: the next call works without a restart.
    tg.faults().drop_connections();
    let mut ok = false;
    for _ in 0..2 {
        let r = c.call("get_me", json!({})).await;
        ok |= r["isError"] == false;
    }
    assert!(ok, "a call after the drop succeeds");

    // Silence: the call fails in time, naming Telegram; then it recovers.
    tg.faults().silence(fakegram::ANY, fakegram::Times::Always);
    let r = c
        .call("get_history", json!({"chat": "@alice_demo", "limit": 3}))
        .await;
    assert!(error_text(&r).contains("Telegram is unreachable"), "{r}");
    assert_eq!(health(&s).await["telegram"], "unreachable");
    tg.faults().clear();
    let r = c
        .call("get_history", json!({"chat": "@alice_demo", "limit": 3}))
        .await;
    assert_eq!(r["isError"], false, "{r}");

    // A revoked session: an actionable error, and /health says so.
    tg.faults()
        .error(fakegram::ANY, "SESSION_REVOKED", fakegram::Times::Always);
    let r = c.call("list_chats", json!({})).await;
    assert!(error_text(&r).contains("tgmcp login"), "{r}");
    let h = health(&s).await;
    assert_eq!(h["telegram"], "session_invalid", "{h}");
    assert_eq!(h["connected"], false);
}

/// An unreachable Telegram logs one line of ours per retry (the retry
/// policy's own line for a connection error stays at debug).
#[tokio::test]
async fn an_unreachable_telegram_logs_one_line_per_retry() {
    let refused = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let s = real_server(session_for(refused), "2");
    s.logs_containing("cannot reach Telegram yet", Duration::from_secs(20))
        .await;
    tokio::time::sleep(Duration::from_secs(4)).await;
    let logs = s.logs();
    let retries = logs.matches("cannot reach Telegram yet").count();
    assert!(retries >= 2, "{logs}");
    assert_eq!(
        logs.matches("retrying once after the wait").count(),
        0,
        "a second line per retry: {logs}"
    );
}
