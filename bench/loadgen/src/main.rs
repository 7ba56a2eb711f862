//! The macro benchmark: starts each server, drives `get_me` over legacy SSE and
//! Streamable HTTP (sessions × calls), reads the server's CPU and RSS from
//! /proc, and prints a table of figures and ratios from one run. bench/run.sh
//! builds it and passes the servers; `--readme` rewrites README's table.
//!
//! With `--fakegram`, tgmcp runs its real Telegram path against the local MTProto
//! server started as a separate process, so the fake Telegram's own CPU and memory
//! are not counted as tgmcp's (the rule); one extra scenario, `get_history`
//! (one MTProto round trip per call), shows the client-side MTProto cost.

mod procfs;
mod wire;

use std::collections::BTreeMap;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use wire::{Res, Session};

/// One server under test.
struct Target {
    label: String,
    cmd: Vec<String>,
    env: Vec<(String, String)>,
    /// Transports it serves ("sse", "mcp").
    transports: Vec<&'static str>,
    idle_cycles: bool,
    /// Runs against an out-of-process fakegram (this binary) instead of `--demo`.
    fakegram: Option<String>,
}

impl Target {
    /// A peer measured on legacy SSE only, with its defaults.
    fn sse_only(label: &str, cmd: Vec<String>) -> Target {
        Target {
            label: label.into(),
            cmd,
            env: vec![],
            transports: vec!["sse"],
            idle_cycles: false,
            fakegram: None,
        }
    }
}

/// The label of tgmcp run with `TGMCP_WORKER_THREADS=1` (`--one-worker`).
const ONE_WORKER: &str = "tgmcp, 1 worker thread";

/// The tool a scenario calls.
#[derive(Clone, Copy)]
struct Call {
    name: &'static str,
    args: fn() -> Value,
}

const GET_ME: Call = Call {
    name: "get_me",
    args: || json!({}),
};
/// One MTProto round trip per call (20 messages from fakegram).
const GET_HISTORY: Call = Call {
    name: "get_history",
    args: || json!({"chat": "@alice_demo", "limit": 20}),
};

struct Opts {
    targets: Vec<Target>,
    reps: usize,
    calls1: usize,
    calls16: usize,
    idle: usize,
    cycles: usize,
    readme: Option<String>,
    fakegram: Option<String>,
    /// Runs only the scenario of this name ("sse x1"), for profiling.
    only: Option<String>,
}

fn parse() -> Opts {
    let mut o = Opts {
        targets: vec![],
        reps: 3,
        calls1: 3000,
        calls16: 600,
        idle: 1000,
        cycles: 6,
        readme: None,
        fakegram: None,
        only: None,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut one_worker = false;
    let mut i = 0;
    while i < args.len() {
        let (k, v) = (
            args[i].as_str(),
            args.get(i + 1).cloned().unwrap_or_default(),
        );
        i += 2;
        let cmd = |v: &str| v.split_whitespace().map(String::from).collect::<Vec<_>>();
        let no_limits = vec![
            ("TGMCP_RATE_LIMIT".into(), "0".into()),
            ("TGMCP_MAX_SESSIONS".into(), "5000".into()),
            ("RUST_LOG".into(), "warn".into()),
        ];
        match k {
            "--tgmcp" | "--baseline" => o.targets.push(Target {
                label: if k == "--tgmcp" {
                    "tgmcp".into()
                } else {
                    "tgmcp (before)".into()
                },
                cmd: [cmd(&v), cmd("serve --demo --host 127.0.0.1 --port {port}")].concat(),
                env: no_limits,
                transports: vec!["sse", "mcp"],
                idle_cycles: true,
                fakegram: None,
            }),
            "--null" => o.targets.push(Target::sse_only(
                "null Rust SSE",
                [cmd(&v), cmd("{port}")].concat(),
            )),
            "--fastmcp" => o.targets.push(Target::sse_only("FastMCP (SSE)", cmd(&v))),
            "--mcp-proxy" => o
                .targets
                .push(Target::sse_only("FastMCP behind mcp-proxy", cmd(&v))),
            "--reps" => o.reps = v.parse().unwrap_or(3),
            "--calls1" => o.calls1 = v.parse().unwrap_or(3000),
            "--calls16" => o.calls16 = v.parse().unwrap_or(600),
            "--idle" => o.idle = v.parse().unwrap_or(1000),
            "--cycles" => o.cycles = v.parse().unwrap_or(6),
            "--readme" => o.readme = Some(v),
            "--fakegram" => o.fakegram = Some(v),
            "--only" => o.only = Some(v),
            "--one-worker" => {
                one_worker = true;
                i -= 1;
            }
            other => panic!("unknown argument {other}"),
        }
    }
    // The same tgmcp on one worker thread: what a single-user deployment can choose.
    if let Some(t) = o
        .targets
        .iter()
        .find(|t| t.label == "tgmcp")
        .filter(|_| one_worker)
    {
        let mut env = t.env.clone();
        env.push(("TGMCP_WORKER_THREADS".into(), "1".into()));
        let one = Target {
            label: ONE_WORKER.into(),
            cmd: t.cmd.clone(),
            env,
            transports: t.transports.clone(),
            idle_cycles: false,
            fakegram: None,
        };
        o.targets.insert(1, one);
    }
    // tgmcp talks to Telegram in a box out of process: no --demo, the session it prints.
    if let Some(fg) = &o.fakegram {
        for t in o
            .targets
            .iter_mut()
            .filter(|t| t.label.starts_with("tgmcp"))
        {
            t.cmd.retain(|a| a != "--demo");
            t.fakegram = Some(fg.clone());
        }
    }
    o
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or(18080)
}

struct Running {
    child: Child,
    addr: String,
    startup: Duration,
    /// The out-of-process fake Telegram, stopped after the server.
    telegram: Option<Child>,
}

impl Drop for Running {
    fn drop(&mut self) {
        for c in std::iter::once(&mut self.child).chain(self.telegram.as_mut()) {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// Starts fakegram on a free port; its first stdout line is the session string.
fn start_fakegram(bin: &str) -> Res<(Child, String)> {
    use std::io::BufRead;
    let mut child = Command::new(bin)
        .args(["--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("start {bin}: {e}"))?;
    let mut line = String::new();
    let out = child.stdout.take().ok_or("fakegram has no stdout")?;
    std::io::BufReader::new(out)
        .read_line(&mut line)
        .map_err(|e| format!("fakegram: {e}"))?;
    if line.trim().is_empty() {
        let _ = child.kill();
        return Err("fakegram printed no session".into());
    }
    Ok((child, line.trim().to_string()))
}

async fn start(t: &Target) -> Res<Running> {
    let port = free_port();
    let args: Vec<String> = t
        .cmd
        .iter()
        .map(|a| a.replace("{port}", &port.to_string()))
        .collect();
    let mut c = Command::new(&args[0]);
    c.args(&args[1..])
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    for (k, v) in &t.env {
        c.env(k, v);
    }
    let telegram = match &t.fakegram {
        Some(bin) => {
            let (child, session) = start_fakegram(bin)?;
            c.env("TELEGRAM_API_ID", "12345")
                .env("TELEGRAM_API_HASH", "0123456789abcdef0123456789abcdef")
                .env("TELEGRAM_SESSION_STRING", session);
            Some(child)
        }
        None => None,
    };
    let child = c.spawn().map_err(|e| format!("start {}: {e}", args[0]))?;
    let addr = format!("127.0.0.1:{port}");
    let startup = wire::wait_listening(&addr, Duration::from_secs(60)).await?;
    Ok(Running {
        child,
        addr,
        startup,
        telegram,
    })
}

/// Figures of one scenario.
#[derive(Clone, Default)]
struct Fig {
    p50: f64,
    p95: f64,
    p99: f64,
    rate: f64,
    cpu_us: f64,
    /// Page faults and context switches per call, and the kernel's share of CPU.
    faults: f64,
    switches: f64,
    sys_share: f64,
}

fn pct(v: &[f64], p: f64) -> f64 {
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

/// `sessions` sessions × `calls` calls of `tool` each on `transport`; the server's CPU from /proc.
async fn load(
    addr: &str,
    pid: u32,
    transport: &'static str,
    sessions: usize,
    calls: usize,
    tool: Call,
) -> Res<Fig> {
    let mut open = Vec::new();
    for _ in 0..sessions {
        let connect = Session::connect(addr, transport);
        let mut s = tokio::time::timeout(Duration::from_secs(30), connect)
            .await
            .map_err(|_| "no session in 30 s")??;
        for _ in 0..50 {
            s.request(
                "tools/call",
                json!({"name": tool.name, "arguments": (tool.args)()}),
            )
            .await?;
        }
        open.push(s);
    }
    let cpu0 = procfs::cpu_ns_tree(pid);
    let k0 = procfs::counters_tree(pid);
    let t0 = Instant::now();
    let tasks: Vec<_> = open
        .into_iter()
        .map(|mut s| {
            tokio::spawn(async move {
                let mut lat = Vec::with_capacity(calls);
                for _ in 0..calls {
                    let t = Instant::now();
                    let call = s.request(
                        "tools/call",
                        json!({"name": tool.name, "arguments": (tool.args)()}),
                    );
                    let r = tokio::time::timeout(Duration::from_secs(30), call)
                        .await
                        .map_err(|_| "no answer in 30 s")??;
                    if r.get("result").is_none() || r["result"]["isError"] == json!(true) {
                        return Err(format!("{} failed: {r}", tool.name));
                    }
                    lat.push(t.elapsed().as_secs_f64() * 1e6);
                }
                Ok::<_, String>(lat)
            })
        })
        .collect();
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.map_err(|e| e.to_string())??);
    }
    let wall = t0.elapsed().as_secs_f64();
    let cpu = procfs::cpu_ns_tree(pid).saturating_sub(cpu0) as f64 / 1e9;
    let k1 = procfs::counters_tree(pid);
    let d = |i: usize| k1[i].saturating_sub(k0[i]) as f64;
    all.sort_by(|a, b| a.total_cmp(b));
    let n = all.len() as f64;
    Ok(Fig {
        p50: pct(&all, 0.5),
        p95: pct(&all, 0.95),
        p99: pct(&all, 0.99),
        rate: n / wall,
        cpu_us: cpu * 1e6 / n,
        faults: d(0) / n,
        switches: d(1) / n,
        sys_share: d(3) / (d(2) + d(3)).max(1.0),
    })
}

/// RSS (MiB) idle, then with `n` idle SSE sessions open and after they close, `cycles` times.
async fn idle_cycles(addr: &str, pid: u32, n: usize, cycles: usize) -> Res<Vec<(f64, f64)>> {
    let mut out = Vec::new();
    for _ in 0..cycles {
        let mut open = Vec::with_capacity(n);
        for _ in 0..n {
            open.push(Session::open_sse(addr).await?);
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
        let with = procfs::rss_mib(pid);
        drop(open);
        // tgmcp gives freed heap back once a second after sessions close.
        tokio::time::sleep(Duration::from_millis(1500)).await;
        out.push((with, procfs::rss_mib(pid)));
    }
    Ok(out)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

#[tokio::main]
async fn main() {
    let o = parse();
    let mut figs: BTreeMap<(String, String), Vec<Fig>> = BTreeMap::new();
    let mut idle = report::Idle::new();
    for rep in 0..o.reps {
        for t in &o.targets {
            let r = match start(t).await {
                Ok(r) => r,
                Err(e) => {
                    eprintln!("{}: {e}", t.label);
                    continue;
                }
            };
            tokio::time::sleep(Duration::from_millis(500)).await;
            let pid = r.child.id();
            let e = idle.entry(t.label.clone()).or_default();
            e.0.push(r.startup.as_secs_f64() * 1e3);
            e.1.push(procfs::rss_mib(pid));
            e.2.push(procfs::anon_mib(pid));
            e.3.push(procfs::heap_mib(pid));
            let mut scenarios: Vec<(&'static str, usize, usize, Call, &str)> = Vec::new();
            for &tr in &t.transports {
                scenarios.push((tr, 1, o.calls1, GET_ME, ""));
                scenarios.push((tr, 16, o.calls16, GET_ME, ""));
            }
            if t.fakegram.is_some() {
                scenarios.push(("sse", 1, o.calls1, GET_HISTORY, " get_history"));
            }
            for (tr, sessions, calls, tool, suffix) in scenarios {
                let scen = format!("{tr} x{sessions}{suffix}");
                if o.only.as_ref().is_some_and(|only| scen != *only) {
                    continue;
                }
                match load(&r.addr, pid, tr, sessions, calls, tool).await {
                    Ok(f) => {
                        eprintln!("rep {rep} {} {scen}: p50 {:.0} µs, {:.0} calls/s, cpu {:.0} µs/call, {:.1} faults, {:.1} switches/call, kernel {:.0}%", t.label, f.p50, f.rate, f.cpu_us, f.faults, f.switches, f.sys_share * 100.0);
                        figs.entry((t.label.clone(), scen)).or_default().push(f);
                    }
                    Err(e) => eprintln!("rep {rep} {} {scen}: {e}", t.label),
                }
            }
        }
    }
    let mut cycles_out = Vec::new();
    for t in o.targets.iter().filter(|t| t.idle_cycles && o.cycles > 0) {
        let Ok(r) = start(t).await else { continue };
        tokio::time::sleep(Duration::from_millis(500)).await;
        let base = procfs::rss_mib(r.child.id());
        match idle_cycles(&r.addr, r.child.id(), o.idle, o.cycles).await {
            Ok(c) => cycles_out.push((t.label.clone(), base, c)),
            Err(e) => eprintln!("{} idle sessions: {e}", t.label),
        }
    }
    let table = report::table(&o, &figs, &idle, &cycles_out);
    println!("{table}");
    if let Some(path) = &o.readme {
        if let Err(e) = report::write_readme(path, &table) {
            eprintln!("README not updated: {e}");
        }
    }
    let _ = Value::Null;
}

mod report;
