//! Broken and hostile plugins get a clear `isError`; the server keeps serving.
use crate::common;

use common::*;
use serde_json::json;

fn hostile_server() -> (Server, tempfile::TempDir) {
    hostile_server_with(1000, 10)
}

/// A demo server with the hostile plugin, a CPU budget and a call timeout.
fn hostile_server_with(cpu_ms: u64, timeout_secs: u64) -> (Server, tempfile::TempDir) {
    Server::with_hostile(vec![
        ("TGMCP_CPU_BUDGET_MS", cpu_ms.to_string()),
        ("TGMCP_CALL_TIMEOUT_SECS", timeout_secs.to_string()),
        // The storm tests open a hundred sessions at once.
        ("TGMCP_MAX_SESSIONS", "200".to_string()),
        ("TGMCP_MAX_SESSIONS_PER_CLIENT", "200".to_string()),
    ])
}

async fn error_text<C: Mcp>(c: &mut C, tool: &str) -> String {
    let r = c.call(tool, json!({})).await;
    assert_eq!(r["isError"], true, "{tool}: {r}");
    r["content"][0]["text"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn each_hostile_tool_fails_alone_and_the_next_call_succeeds() {
    let (s, _dir) = hostile_server();
    let mut c = SseClient::connect(&s.base).await;
    c.initialize().await;
    let cases = [
        ("hostile_trap", "trapped"),
        ("hostile_panic", "hostile plugin panicked on purpose"),
        ("hostile_loop", "exceeded its CPU budget of 1000 ms"),
        ("hostile_alloc", "exceeded its memory limit of 64 MiB"),
        ("hostile_recurse", "overflowed its stack"),
        ("hostile_huge", "byte limit"),
        ("hostile_bad_json", "returned invalid JSON"),
    ];
    for (tool, want) in cases {
        let text = error_text(&mut c, tool).await;
        assert!(text.contains(want), "{tool}: {text}");
        assert!(
            text.contains("plugin \"hostile\""),
            "{tool} names the plugin: {text}"
        );
        // The same plugin works right after, and so do the built-ins.
        let ok = c.call("hostile_echo", json!({"text": "still here"})).await;
        assert_eq!(ok["isError"], false, "after {tool}: {ok}");
        assert_eq!(ok["structuredContent"]["text"], "still here");
    }
    let me = c.call("get_me", json!({})).await;
    assert_eq!(me["isError"], false);
}

#[tokio::test]
async fn a_looping_plugin_does_not_block_other_clients() {
    let (s, _dir) = hostile_server();
    let mut looping = SseClient::connect(&s.base).await;
    looping.initialize().await;
    let mut other = HttpClient::new(&s.base);
    other.initialize().await;
    let spin = tokio::spawn(async move { error_text(&mut looping, "hostile_loop").await });
    // While the loop burns its budget, another client is served.
    for _ in 0..5 {
        let r = other.call("list_chats", json!({"limit": 2})).await;
        assert_eq!(r["isError"], false);
    }
    assert!(spin.await.unwrap().contains("CPU budget"));
}

#[tokio::test]
async fn a_hundred_parallel_hostile_calls_all_get_answers() {
    let (s, _dir) = hostile_server();
    let mut handles = Vec::new();
    for i in 0..100 {
        let base = s.base.clone();
        handles.push(tokio::spawn(async move {
            let mut c = HttpClient::new(&base);
            c.initialize().await;
            let tool = [
                "hostile_trap",
                "hostile_alloc",
                "hostile_panic",
                "hostile_echo",
                "get_me",
            ][i % 5];
            // get_me takes no arguments (and refuses unknown ones).
            let args = if tool == "get_me" {
                json!({})
            } else {
                json!({"text": "x"})
            };
            let r = c.call(tool, args).await;
            let text = r["content"][0]["text"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            (tool, r["isError"].as_bool().unwrap(), text)
        }));
    }
    for h in handles {
        let (tool, is_error, text) = h.await.unwrap();
        match tool {
            // Another plugin's calls are untouched by the hostile plugin's memory.
            "get_me" => assert!(!is_error, "{text}"),
            // The hostile plugin's own calls share its part of the plugin memory
            // with its memory bombs: an echo may be told to come back, clearly.
            "hostile_echo" => assert!(!is_error || text.contains("plugin memory"), "{text}"),
            _ => assert!(is_error, "{tool}"),
        }
    }
    let h = health(&s).await;
    assert_eq!(h["status"], "ok");
    let mut c = HttpClient::new(&s.base);
    c.initialize().await;
    let ok = c.call("hostile_echo", json!({"text": "after"})).await;
    assert_eq!(
        ok["isError"], false,
        "the plugin works once the storm is over: {ok}"
    );
}

#[tokio::test]
async fn plugin_output_goes_to_the_log_with_its_name() {
    let (s, _dir) = hostile_server();
    let mut c = HttpClient::new(&s.base);
    c.initialize().await;
    let r = c.call("hostile_print", json!({})).await;
    assert_eq!(r["isError"], false, "{r}");
    for line in ["hello from the sandbox", "a warning from the sandbox"] {
        let logs = s
            .logs_containing(line, std::time::Duration::from_secs(5))
            .await;
        let hit = logs
            .lines()
            .find(|l| l.contains(line))
            .unwrap_or_else(|| panic!("{line:?} not logged:\n{logs}"));
        assert!(hit.contains("plugin=hostile"), "{hit}");
    }
}

#[tokio::test]
async fn the_wall_clock_timeout_stops_a_call_before_the_cpu_budget() {
    let (s, _dir) = hostile_server_with(60_000, 1);
    let mut c = HttpClient::new(&s.base);
    c.initialize().await;
    let text = error_text(&mut c, "hostile_loop").await;
    assert_eq!(
        text,
        "plugin \"hostile\" did not finish within 1 s and was stopped"
    );
    let ok = c.call("hostile_echo", json!({"text": "after"})).await;
    assert_eq!(ok["isError"], false);
}

/// Peak resident memory of a process so far, bytes (Linux).
fn peak_rss(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb << 10)
}

/// Calls get_me from another client until `done`; returns the latencies, sorted.
async fn get_me_latencies(
    base: String,
    done: tokio::sync::watch::Receiver<bool>,
) -> Vec<std::time::Duration> {
    let mut c = HttpClient::new(&base);
    c.initialize().await;
    c.call("get_me", json!({})).await;
    let mut lat = Vec::new();
    while !*done.borrow() {
        let t = std::time::Instant::now();
        let r = c.call("get_me", json!({})).await;
        lat.push(t.elapsed());
        assert_eq!(r["isError"], false, "{r}");
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    lat.sort();
    lat
}

fn p99(lat: &[std::time::Duration]) -> std::time::Duration {
    lat[(lat.len() * 99 / 100).min(lat.len() - 1)]
}

/// The p99 another client's get_me may see during an attack. The goal is 50 ms
/// on a release build; debug builds on a shared CI machine get headroom.
const GET_ME_P99: std::time::Duration = std::time::Duration::from_millis(1000);

#[tokio::test]
async fn three_million_ids_are_refused_by_the_host() {
    let (s, _dir) = hostile_server();
    let mut c = HttpClient::new(&s.base);
    c.initialize().await;
    let text = error_text(&mut c, "hostile_many_ids").await;
    assert!(text.contains("at most 200 message ids"), "{text}");
}

#[tokio::test]
async fn a_16_mib_error_is_cut_for_the_client_and_the_log() {
    let (s, _dir) = hostile_server();
    let mut c = HttpClient::new(&s.base);
    c.initialize().await;
    let text = error_text(&mut c, "hostile_big_error").await;
    assert!(
        text.len() <= 4200 && text.ends_with("bytes cut)"),
        "{}",
        text.len()
    );
    let logs = s
        .logs_containing("bytes cut", std::time::Duration::from_secs(5))
        .await;
    let longest = logs.lines().map(str::len).max().unwrap_or(0);
    assert!(longest < 8 << 10, "a log line of {longest} bytes");
}

#[tokio::test]
async fn parallel_memory_holders_stay_inside_the_plugin_memory_budget() {
    let (s, _dir) = hostile_server();
    let (tx, rx) = tokio::sync::watch::channel(false);
    let watcher = tokio::spawn(get_me_latencies(s.base.clone(), rx));
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let before = peak_rss(s.pid());
    let mut calls = Vec::new();
    for _ in 0..16 {
        let base = s.base.clone();
        calls.push(tokio::spawn(async move {
            let mut c = HttpClient::new(&base);
            c.initialize().await;
            c.call("hostile_hold_memory", json!({})).await
        }));
    }
    let (mut ok, mut refused) = (0, 0);
    for h in calls {
        let r = h.await.unwrap();
        if r["isError"] == false {
            ok += 1;
        } else {
            let t = r["content"][0]["text"].as_str().unwrap();
            assert!(
                t.contains("plugin memory") && t.contains("try again"),
                "{t}"
            );
            refused += 1;
        }
    }
    let grew = peak_rss(s.pid()).saturating_sub(before) >> 20;
    tx.send(true).unwrap();
    let lat = watcher.await.unwrap();
    eprintln!(
        "16 x 56 MiB: {ok} served, {refused} refused; peak RSS +{grew} MiB; other client's get_me p99 {:?} over {} calls",
        p99(&lat),
        lat.len()
    );
    assert!(ok >= 2, "the budget serves some: {ok}");
    // One plugin may hold 128 MiB of the 256 MiB plugin memory; the rest is the host's own.
    assert!(grew < 200, "peak RSS grew by {grew} MiB");
    assert!(p99(&lat) < GET_ME_P99, "get_me p99 {:?}", p99(&lat));
}

#[tokio::test]
async fn a_costly_output_schema_is_refused_without_stalling_other_clients() {
    let (s, _dir) = hostile_server();
    let (tx, rx) = tokio::sync::watch::channel(false);
    let watcher = tokio::spawn(get_me_latencies(s.base.clone(), rx));
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let mut attackers = Vec::new();
    for _ in 0..3 {
        let base = s.base.clone();
        attackers.push(tokio::spawn(async move {
            let mut c = HttpClient::new(&base);
            c.initialize().await;
            let mut out = Vec::new();
            for _ in 0..5 {
                let t = std::time::Instant::now();
                let text = error_text(&mut c, "hostile_costly_output").await;
                out.push((text, t.elapsed()));
            }
            out
        }));
    }
    for a in attackers {
        for (text, took) in a.await.unwrap() {
            assert!(
                text.contains("over the limit") && text.contains("nodes × bytes"),
                "{text}"
            );
            assert!(took < std::time::Duration::from_secs(10), "took {took:?}");
        }
    }
    tx.send(true).unwrap();
    let lat = watcher.await.unwrap();
    eprintln!(
        "costly schema: other client's get_me p99 {:?} over {} calls",
        p99(&lat),
        lat.len()
    );
    assert!(p99(&lat) < GET_ME_P99, "get_me p99 {:?}", p99(&lat));
}

#[tokio::test]
async fn a_plugin_cannot_flood_the_log_or_forge_a_line_in_it() {
    let (s, _dir) = hostile_server();
    let mut c = HttpClient::new(&s.base);
    c.initialize().await;
    let before = s.logs().len();
    let r = c.call("hostile_log_flood", json!({})).await;
    assert_eq!(r["isError"], false, "{r}");
    s.logs_containing(
        "log budget of this call spent",
        std::time::Duration::from_secs(5),
    )
    .await;
    // Let the captured stdout drain into the log before measuring it.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let logs = s.logs();
    let written = logs.len().saturating_sub(before);
    // 16 MiB asked for; 64 KiB of plugin lines a call plus the host's own prefixes.
    assert!(written < 256 << 10, "one call wrote {written} bytes of log");
    assert!(!logs.contains('\u{1b}'), "a raw ESC reached the log");
    for line in logs.lines() {
        assert!(
            !line.starts_with("INFO tgmcp: OAuth"),
            "a plugin forged a log line: {line}"
        );
        if line.contains("client_id=attacker") {
            assert!(
                line.contains("plugin=hostile") && line.contains("ok\\n"),
                "{line}"
            );
        }
    }
    assert!(
        logs.contains("client_id=attacker"),
        "the forged text is logged, escaped, on the plugin's own line"
    );
}

#[tokio::test]
async fn one_plugin_cannot_take_every_call_slot() {
    // Two call slots, 8 s calls: the looping plugin may hold one slot, and
    // get_me takes the other instead of waiting for a loop to end.
    let (s, _dir) = Server::with_hostile(vec![
        ("TGMCP_MAX_CONCURRENT_CALLS", "2".to_string()),
        ("TGMCP_CPU_BUDGET_MS", "60000".to_string()),
        ("TGMCP_CALL_TIMEOUT_SECS", "8".to_string()),
    ]);
    let mut loops = Vec::new();
    for _ in 0..2 {
        let base = s.base.clone();
        loops.push(tokio::spawn(async move {
            let mut c = HttpClient::new(&base);
            c.initialize().await;
            c.call("hostile_loop", json!({})).await
        }));
    }
    tokio::time::sleep(std::time::Duration::from_millis(1000)).await;
    let mut c = HttpClient::new(&s.base);
    c.initialize().await;
    let t = std::time::Instant::now();
    let me = c.call("get_me", json!({})).await;
    let took = t.elapsed();
    assert_eq!(me["isError"], false, "{me}");
    assert!(
        took < std::time::Duration::from_secs(4),
        "get_me waited {took:?} for a slot the loops held"
    );
    for l in loops {
        let r = l.await.unwrap();
        assert_eq!(r["isError"], true, "a loop ends in an error: {r}");
    }
}

/// One deadline covers a call from the moment it is asked: the time it
/// waits for a slot counts, so a call stuck behind a slow one ends within
/// TGMCP_CALL_TIMEOUT_SECS, not after waiting that long and then running
/// that long again.
#[tokio::test]
async fn waiting_for_a_slot_counts_against_the_call_timeout() {
    let (s, _dir) = Server::with_hostile(vec![
        ("TGMCP_MAX_CONCURRENT_CALLS", "1".into()),
        ("TGMCP_CALL_TIMEOUT_SECS", "3".into()),
        ("TGMCP_CPU_BUDGET_MS", "60000".into()),
    ]);
    let mut a = HttpClient::new(&s.base);
    a.initialize().await;
    let mut b = HttpClient::new(&s.base);
    b.initialize().await;
    let started = std::time::Instant::now();
    let first = tokio::spawn(async move { a.call("hostile_loop", json!({})).await });
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let second = b.call("hostile_loop", json!({})).await;
    let took = started.elapsed();
    assert_eq!(second["isError"], true, "{second}");
    assert_eq!(first.await.unwrap()["isError"], true);
    // 3 s from the first call's start, plus slack for a loaded machine; the
    // old behaviour took 6 s (3 s waiting, then 3 s running).
    assert!(took < std::time::Duration::from_millis(5000), "{took:?}");
}
