//! wait_for_message and get_updates over MCP, against the local MTProto
//! server: a message "from another client" (the server pushes the update as
//! Telegram does) reaches a waiting call; the update log pages with cursors,
//! hides chats the policy hides, and stays under its cap with no reader.
use crate::common;

use std::time::{Duration, Instant};

use common::*;
use fakegram::Peer;
use serde_json::json;

const ALICE: i64 = 200_000_001;
const BOB: i64 = 200_000_002;

/// Waits until the server follows updates (it connects in the background).
async fn connected(s: &Server) {
    for _ in 0..100 {
        if health(s).await["telegram"] == "connected" {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("never connected: {}", health(s).await);
}

#[tokio::test]
async fn a_waiting_call_returns_the_message_another_client_sends() {
    let (tg, s, mut c) = local().await;
    connected(&s).await;
    // A call that is already waiting when Alice writes.
    let account = tg.account();
    let sender = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(700)).await;
        account
            .deliver(Peer::User(BOB), BOB, "not this chat")
            .unwrap();
        account
            .deliver(Peer::User(ALICE), ALICE, "Back from the hike!")
            .unwrap();
        Instant::now()
    });
    let out = ok(
        &mut c,
        "wait_for_message",
        json!({"chats": ["@alice_demo"], "timeout_secs": 20, "settle_ms": 0}),
    )
    .await;
    let returned = Instant::now();
    let sent = sender.await.unwrap();
    assert!(out.get("timed_out").is_none(), "{out}"); // false is left out
    let msgs = out["messages"].as_array().unwrap();
    assert_eq!(msgs.len(), 1, "{out}");
    assert_eq!(msgs[0]["text"], "Back from the hike!");
    assert_eq!(msgs[0]["chat_id"], ALICE);
    // Well inside the 20 s it could have waited (latency is in the bench).
    assert!(returned.duration_since(sent) < Duration::from_secs(5));
    // The id works in the other tools.
    let id = msgs[0]["id"].clone();
    let got = ok(
        &mut c,
        "get_messages",
        json!({"chat": "@alice_demo", "ids": [id]}),
    )
    .await;
    assert_eq!(got["messages"][0]["text"], "Back from the hike!");

    // Nothing comes: timed_out, after about the time asked for.
    let t0 = Instant::now();
    let out = ok(
        &mut c,
        "wait_for_message",
        json!({"chats": ["@bob_demo"], "timeout_secs": 1}),
    )
    .await;
    assert_eq!(out["timed_out"], true, "{out}");
    assert!(t0.elapsed() >= Duration::from_millis(900));

    // The log has both messages, pages by cursor, and ends with an empty page.
    let p = ok(&mut c, "get_updates", json!({"limit": 1})).await;
    assert_eq!(p["updates"].as_array().unwrap().len(), 1, "{p}");
    assert_eq!(p["updates"][0]["kind"], "new_message");
    assert_eq!(p["updates"][0]["message"]["text"], "not this chat");
    let p = ok(
        &mut c,
        "get_updates",
        json!({"cursor": p["next_cursor"], "limit": 10}),
    )
    .await;
    assert_eq!(
        p["updates"][0]["message"]["text"], "Back from the hike!",
        "{p}"
    );
    let p = ok(&mut c, "get_updates", json!({"cursor": p["next_cursor"]})).await;
    assert!(p["updates"].as_array().unwrap().is_empty(), "{p}");
    assert!(p.get("missed").is_none()); // false is left out
    let r = c.call("get_updates", json!({"cursor": "garbage"})).await;
    assert_eq!(r["isError"], true);
}

/// The local server and tgmcp under a policy that allows Alice's chat only
/// (the directory holds the policy file).
async fn alice_only() -> (tempfile::TempDir, fakegram::Server, Server, SseClient) {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("policy.toml");
    std::fs::write(&policy, "[chats]\nallow = [\"@alice_demo\"]\n").unwrap();
    let (tg, s, c) = local_with(vec![("TGMCP_POLICY", policy.display().to_string())]).await;
    connected(&s).await;
    (dir, tg, s, c)
}

#[tokio::test]
async fn the_policy_hides_other_chats_from_waits_and_updates() {
    let (_dir, tg, _s, mut c) = alice_only().await;
    let account = tg.account();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(500)).await;
        account.deliver(Peer::User(BOB), BOB, "hidden").unwrap();
        tokio::time::sleep(Duration::from_millis(300)).await;
        account.deliver(Peer::User(ALICE), ALICE, "shown").unwrap();
    });
    let out = ok(&mut c, "wait_for_message", json!({"timeout_secs": 20})).await;
    let texts: Vec<&str> = out["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["text"].as_str())
        .collect();
    assert_eq!(texts, ["shown"], "{out}");
    let p = ok(&mut c, "get_updates", json!({})).await;
    assert!(!p.to_string().contains("hidden"), "{p}");
    let r = c
        .call(
            "wait_for_message",
            json!({"chats": ["@bob_demo"], "timeout_secs": 1}),
        )
        .await;
    assert_eq!(r["isError"], true, "{r}");
}

#[tokio::test]
async fn with_no_reader_the_log_stays_under_its_cap() {
    let cap = 256 << 10;
    let (tg, s, _c) = local_with(vec![("TGMCP_EVENTS_MAX_BYTES", cap.to_string())]).await;
    connected(&s).await;
    let account = tg.account();
    let text = "x".repeat(200);
    for i in 0..3_000 {
        account.deliver(Peer::User(ALICE), ALICE, &text).unwrap();
        // The local server's push queue holds 256 updates: let it drain.
        if i % 100 == 99 {
            tokio::time::sleep(Duration::from_millis(30)).await;
        }
    }
    // Until the last update has been taken in.
    let mut events = json!(null);
    for _ in 0..200 {
        events = health(&s).await["events"].clone();
        if events["dropped"].as_u64().unwrap_or(0) + events["events"].as_u64().unwrap_or(0) >= 3_000
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(events["bytes"].as_u64().unwrap() <= cap as u64, "{events}");
    assert!(events["dropped"].as_u64().unwrap() > 0, "{events}");
    assert_eq!(events["max_bytes"], cap);
}

#[tokio::test]
async fn a_burst_of_updates_arrives_whole() {
    let (tg, s, mut c) = local().await;
    connected(&s).await;
    // Make sure the update stream is followed before the burst starts.
    let account = tg.account();
    let first = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(300)).await;
        account
            .deliver(Peer::User(ALICE), ALICE, "warm-up")
            .unwrap();
    });
    ok(
        &mut c,
        "wait_for_message",
        json!({"chats": ["@alice_demo"], "timeout_secs": 20, "settle_ms": 0}),
    )
    .await;
    first.await.unwrap();
    const BURST: u64 = 10_000;
    for i in 0..BURST {
        tg.account()
            .deliver(Peer::User(ALICE), ALICE, &format!("burst {i}"))
            .unwrap();
        if i % 100 == 99 {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
    // Every message of the burst reaches the log, none lost to a full queue.
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut seen = 0;
    while Instant::now() < deadline {
        let log = &health(&s).await["events"];
        seen = log["events"].as_u64().unwrap_or(0) + log["dropped"].as_u64().unwrap_or(0);
        if seen > BURST {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(
        seen,
        BURST + 1,
        "updates that reached the log, warm-up included"
    );
}

/// Waits have their own budget, apart from the slots short calls use: with
/// 4 call slots (each plugin's share 2) and so 2 places for waits, three
/// clients' waits take both places and the third is refused at once, and
/// meanwhile the same plugin's `get_updates`
/// from another client is answered at once instead of "busy".
#[tokio::test]
async fn waits_do_not_starve_short_calls_of_their_plugin() {
    let s = Server::start(Opts {
        env: vec![
            ("TGMCP_TOOLS", "core,wait_for_message,get_updates".into()),
            ("TGMCP_MAX_CONCURRENT_CALLS", "4".into()),
        ],
        ..Opts::default()
    });
    let wait = json!({"chats": ["@alice_demo"], "timeout_secs": 6, "settle_ms": 0});
    let mut waiters = Vec::new();
    for _ in 0..2 {
        let mut c = HttpClient::new(&s.base);
        c.initialize().await;
        let args = wait.clone();
        waiters.push(tokio::spawn(async move {
            let r = c.call("wait_for_message", args).await;
            (c, r)
        }));
    }
    tokio::time::sleep(Duration::from_millis(800)).await;
    // A third client's wait: refused now, not after the call timeout.
    let mut third = HttpClient::new(&s.base);
    third.initialize().await;
    let started = Instant::now();
    let r = third.call("wait_for_message", wait.clone()).await;
    assert_eq!(r["isError"], true, "{r}");
    let text = r["content"][0]["text"].as_str().unwrap_or_default();
    assert!(text.contains("busy") && text.contains("waits"), "{text}");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "refused at once"
    );
    // The events plugin's short call is served while both waits run.
    let started = Instant::now();
    let r = third.call("get_updates", json!({})).await;
    assert_eq!(r["isError"], false, "{r}");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "not held behind the waits"
    );
    for w in waiters {
        let (_c, r) = w.await.unwrap();
        assert_eq!(r["isError"], false, "{r}");
        assert_eq!(r["structuredContent"]["timed_out"], true, "{r}");
    }
    // The places come back: two more clients wait side by side.
    let mut c = HttpClient::new(&s.base);
    c.initialize().await;
    let mut c2 = HttpClient::new(&s.base);
    c2.initialize().await;
    let first =
        tokio::spawn(async move { c.call("wait_for_message", json!({"timeout_secs": 3})).await });
    tokio::time::sleep(Duration::from_millis(500)).await;
    let r = c2
        .call("wait_for_message", json!({"timeout_secs": 1}))
        .await;
    assert_eq!(r["isError"], false, "another client's wait runs: {r}");
    assert_eq!(first.await.unwrap()["isError"], false);
}

/// Polls get_updates from the start until an update of `kind` shows up.
async fn update_of_kind(c: &mut SseClient, kind: &str) -> serde_json::Value {
    for _ in 0..100 {
        let p = ok(c, "get_updates", json!({"limit": 100})).await;
        if let Some(u) = p["updates"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["kind"] == kind)
        {
            return u.clone();
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("no {kind} update");
}

#[tokio::test]
async fn a_deletion_in_a_private_chat_names_the_chat_it_was_in() {
    // Under chat rules too: a deletion that named no chat used to be hidden.
    let (_dir, tg, _s, mut c) = alice_only().await;
    let account = tg.account();
    let m = account
        .deliver(Peer::User(ALICE), ALICE, "sent by mistake")
        .unwrap();
    update_of_kind(&mut c, "new_message").await;
    // Alice deletes it for both sides: Telegram's update names no chat.
    assert_eq!(account.delete_elsewhere(Peer::User(ALICE), &[m.id]), 1);
    let u = update_of_kind(&mut c, "deleted_messages").await;
    assert_eq!(u["chat_id"], ALICE, "{u}");
    assert_eq!(u["ids"], json!([m.id]), "{u}");
}
