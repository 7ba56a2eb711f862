//! Over the wire, against the real binary: tools/call round trip on /sse and
//! /mcp (ping on the same transport as the baseline) and idle memory.
//! `cargo bench --bench e2e` (`E2E_ONLY=events` runs one section; `TGMCP_WRAP=heaptrack`
//! runs the servers under a profiler).

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use common::*;
use serde_json::json;

fn p50(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn p99(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[(v.len() * 99) / 100]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

async fn measure<C: Mcp>(c: &mut C, label: &str) {
    for _ in 0..50 {
        c.request("ping", json!({})).await;
        c.call("get_me", json!({})).await;
    }
    let (mut ping, mut call) = (Vec::new(), Vec::new());
    for _ in 0..500 {
        let t = Instant::now();
        c.request("ping", json!({})).await;
        ping.push(t.elapsed());
        let t = Instant::now();
        c.call("get_me", json!({})).await;
        call.push(t.elapsed());
    }
    let (pp, cp) = (p50(ping.clone()), p50(call.clone()));
    println!(
        "{label}: tools/call get_me p50 {:.3} ms p99 {:.3} ms; ping p50 {:.3} ms p99 {:.3} ms; call/ping {:.2}x",
        ms(cp),
        ms(p99(call)),
        ms(pp),
        ms(p99(ping)),
        cp.as_secs_f64() / pp.as_secs_f64()
    );
}

/// Calls a mix of failing and succeeding hostile tools `n` times.
async fn hostile_calls(c: &mut HttpClient, n: usize) {
    const MIX: [&str; 4] = [
        "hostile_trap",
        "hostile_panic",
        "hostile_alloc",
        "hostile_echo",
    ];
    for i in 0..n {
        c.call(MIX[i % MIX.len()], json!({"text": "x"})).await;
    }
}

fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// wait_for_message latency (a message delivered by the local MTProto
/// server to the waiting call's answer) and RSS under 10,000 updates with no
/// reader, against the update log's cap.
async fn events() {
    let tg = fakegram::Server::start(fakegram::Account::demo())
        .await
        .expect("local MTProto server");
    let cap: usize = 4 << 20;
    let s = Server::start(Opts {
        real: true,
        env: vec![
            ("TGMCP_RATE_LIMIT", "0".to_string()),
            ("TGMCP_TOOLS", "all".into()),
            ("TELEGRAM_API_ID", "12345".into()),
            (
                "TELEGRAM_API_HASH",
                "0123456789abcdef0123456789abcdef".into(),
            ),
            ("TELEGRAM_SESSION_STRING", tg.telethon_session()),
            ("TGMCP_EVENTS_MAX_BYTES", cap.to_string()),
            ("RUST_LOG", "info,tgmcp::telegram::heap=debug".into()),
        ],
        ..Opts::default()
    });
    let mut c = SseClient::connect(&s.base).await;
    c.initialize().await;
    c.call("get_me", json!({})).await;
    let alice = fakegram::Peer::User(200_000_001);
    let mut lat = Vec::new();
    for i in 0..100 {
        let account = tg.account();
        let sent = tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(20)).await;
            let t = Instant::now();
            account
                .deliver(alice, 200_000_001, &format!("ping {i}"))
                .ok();
            t
        });
        let args = json!({"chats": ["@alice_demo"], "timeout_secs": 10, "settle_ms": 0});
        c.call("wait_for_message", args).await;
        let back = Instant::now();
        if let Ok(t) = sent.await {
            lat.push(back.duration_since(t));
        }
    }
    println!(
        "wait_for_message: arrival to answer p50 {:.2} ms, p99 {:.2} ms (100 messages)",
        ms(p50(lat.clone())),
        ms(p99(lat))
    );
    let before = rss_kib(s.pid());
    let text = "x".repeat(200);
    // Three floods: the first fills the log, the others show it stays flat.
    for round in 1..=3 {
        for i in 0..10_000 {
            tg.account().deliver(alice, 200_000_001, &text).ok();
            // The local server's push queue holds 256 updates: let it drain.
            if i % 100 == 99 {
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }
        tokio::time::sleep(Duration::from_secs(2)).await;
        let after = rss_kib(s.pid());
        let h = health(&s).await;
        println!(
            "{}0,000 updates, no reader: RSS {:.1} -> {:.1} MiB ({:+.1} MiB; cap {:.1} MiB); log {}",
            round,
            before as f64 / 1024.0,
            after as f64 / 1024.0,
            (after as f64 - before as f64) / 1024.0,
            cap as f64 / 1048576.0,
            h["events"]
        );
        if let Some(line) = s.logs().lines().rev().find(|l| l.contains("heap trimmed")) {
            println!(
                "  last trim: {}",
                line.split("heap trimmed").nth(1).unwrap_or("").trim()
            );
        }
    }
}

/// Peak resident memory since the last reset, KiB (Linux).
fn peak_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// Resets the process's peak RSS to its current RSS.
fn reset_peak(pid: u32) {
    let _ = std::fs::write(format!("/proc/{pid}/clear_refs"), "5");
}

/// Another client's get_me, every 5 ms until `done`.
async fn get_me_until(base: String, done: tokio::sync::watch::Receiver<bool>) -> Vec<Duration> {
    let mut c = HttpClient::new(&base);
    c.initialize().await;
    c.call("get_me", json!({})).await;
    let mut lat = Vec::new();
    while !*done.borrow() {
        let t = Instant::now();
        c.call("get_me", json!({})).await;
        lat.push(t.elapsed());
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    lat
}

/// `clients` sessions each call `tool` `calls` times while another client
/// calls get_me: that client's latency and the server's peak RSS growth.
async fn under_attack(s: &Server, tool: &str, clients: usize, calls: usize) {
    let (tx, rx) = tokio::sync::watch::channel(false);
    let watcher = tokio::spawn(get_me_until(s.base.clone(), rx));
    tokio::time::sleep(Duration::from_millis(300)).await;
    reset_peak(s.pid());
    let before = rss_kib(s.pid());
    let mut attackers = Vec::new();
    for _ in 0..clients {
        let base = s.base.clone();
        let tool = tool.to_string();
        attackers.push(tokio::spawn(async move {
            let mut c = HttpClient::new(&base);
            c.initialize().await;
            for _ in 0..calls {
                c.call(&tool, json!({})).await;
            }
        }));
    }
    for a in attackers {
        let _ = a.await;
    }
    let peak = peak_kib(s.pid());
    let _ = tx.send(true);
    let lat = watcher.await.unwrap_or_default();
    if lat.is_empty() {
        return;
    }
    println!(
        "{clients} x {calls} {tool}: other client's get_me p50 {:.2} ms p99 {:.2} ms ({} calls); peak RSS {:.1} MiB ({:+.1} MiB)",
        ms(p50(lat.clone())),
        ms(p99(lat.clone())),
        lat.len(),
        peak as f64 / 1024.0,
        (peak as f64 - before as f64) / 1024.0
    );
}

/// The attacks of issue 16 on a release build: another client's get_me and
/// the server's peak RSS while plugins hold memory, ask for millions of ids,
/// return results slow to check, and loop.
async fn attacks() {
    let (s, _dir) = Server::with_hostile(vec![
        ("TGMCP_RATE_LIMIT", "0".to_string()),
        ("TGMCP_MAX_SESSIONS", "200".to_string()),
    ]);
    println!(
        "idle RSS with the hostile plugin: {:.1} MiB",
        rss_kib(s.pid()) as f64 / 1024.0
    );
    under_attack(&s, "hostile_hold_memory", 16, 4).await;
    under_attack(&s, "hostile_alloc", 8, 4).await;
    under_attack(&s, "hostile_many_ids", 8, 20).await;
    under_attack(&s, "hostile_costly_output", 3, 5).await;
    under_attack(&s, "hostile_log_flood", 4, 5).await;
    under_attack(&s, "hostile_loop", 4, 2).await;
}

/// Whether a section runs: all of them, or those `E2E_ONLY` names
/// (`calls`, `attacks`, `events`, comma-separated).
fn section(name: &str) -> bool {
    std::env::var("E2E_ONLY").map_or(true, |only| only.split(',').any(|s| s.trim() == name))
}

#[tokio::main]
async fn main() {
    println!("binary: {BIN}");
    if section("calls") {
        calls().await;
    }
    if section("attacks") {
        attacks().await;
    }
    if section("events") {
        events().await;
    }
}

/// Round trips, idle memory and memory across hostile calls.
async fn calls() {
    // The default rate limit (600 requests a minute per client) would cap the bench.
    let no_limit = || vec![("TGMCP_RATE_LIMIT", "0".to_string())];
    let s = Server::start(Opts {
        env: no_limit(),
        ..Opts::default()
    });
    tokio::time::sleep(Duration::from_millis(500)).await;
    let idle = rss_kib(s.pid());
    let mut sse = SseClient::connect(&s.base).await;
    sse.initialize().await;
    measure(&mut sse, "/sse").await;
    let mut http = HttpClient::new(&s.base);
    http.initialize().await;
    measure(&mut http, "/mcp").await;
    let after = rss_kib(s.pid());

    // Memory across 1,000 hostile calls (traps, panics, memory bombs).
    let (h, _dir) = Server::with_hostile(no_limit());
    let mut c = HttpClient::new(&h.base);
    c.initialize().await;
    hostile_calls(&mut c, 100).await;
    let warm = rss_kib(h.pid());
    hostile_calls(&mut c, 1000).await;
    let end = rss_kib(h.pid());
    println!(
        "idle RSS of serve --demo: {:.1} MiB; after 1,100 calls: {:.1} MiB",
        idle as f64 / 1024.0,
        after as f64 / 1024.0
    );
    println!(
        "RSS over 1,000 hostile calls: {:.1} MiB -> {:.1} MiB ({:+.1} MiB)",
        warm as f64 / 1024.0,
        end as f64 / 1024.0,
        (end as f64 - warm as f64) / 1024.0
    );
}
