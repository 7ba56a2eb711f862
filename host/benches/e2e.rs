//! Over the wire, against the real binary: tools/call round trip on /sse and
//! /mcp (ping on the same transport as the baseline) and idle memory.
//! `cargo bench --bench e2e`.

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

#[tokio::main]
async fn main() {
    println!("binary: {BIN}");
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
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        wasm_dir().join("tgmcp_plugin_hostile.wasm"),
        dir.path().join("hostile.wasm"),
    )
    .unwrap();
    let h = Server::start(Opts {
        plugins_dir: Some(dir.path()),
        env: no_limit(),
        ..Opts::default()
    });
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
