//! The Markdown table of one run, and README's Performance section rewritten with it.

use std::collections::BTreeMap;

use super::{median, Fig, Opts};

const NULL: &str = "null Rust SSE";
const BEFORE: &str = "tgmcp (before)";

type Figs = BTreeMap<(String, String), Vec<Fig>>;
/// Per server: startup ms, idle RSS, anonymous and heap MiB, one value per rep.
pub type Idle = BTreeMap<String, (Vec<f64>, Vec<f64>, Vec<f64>, Vec<f64>)>;
type Cycles = Vec<(String, f64, Vec<(f64, f64)>)>;

fn med(v: &[Fig], f: impl Fn(&Fig) -> f64) -> f64 {
    median(v.iter().map(f).collect())
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split_once(':'))
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_default();
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0);
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let load = load
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    let date = std::process::Command::new("date")
        .arg("+%Y-%m-%d")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    format!("{date}, {cores} cores ({cpu}), load average at the end {load}")
}

/// The whole table.
pub fn table(o: &Opts, figs: &Figs, idle: &Idle, cycles: &Cycles) -> String {
    let mut s = format!(
        "Measured {}; `get_me` on the demo account, {} reps interleaved (medians), {} calls on 1 session, {} calls on each of 16 sessions; CPU is the server's (its process tree) from /proc.\n\n",
        machine(), o.reps, o.calls1, o.calls16
    );
    if o.fakegram.is_some() {
        s += "tgmcp runs its real Telegram client (grammers) against the local MTProto server, started as a separate process and not counted in tgmcp's CPU or RSS.\n\n";
    }
    s += "| server | transport × sessions | p50 µs | p95 µs | p99 µs | calls/s | CPU µs/call | faults, switches /call, kernel CPU | vs null: p50, calls/s, CPU |\n|---|---|---:|---:|---:|---:|---:|---|---|\n";
    for t in &o.targets {
        for ((label, scen), v) in figs.iter().filter(|((l, _), _)| *l == t.label) {
            let (p50, rate, cpu) = (med(v, |f| f.p50), med(v, |f| f.rate), med(v, |f| f.cpu_us));
            let null_scen = scen.replace("mcp", "sse");
            let vs = match figs.get(&(NULL.to_string(), null_scen)) {
                Some(n) if label != NULL => format!(
                    "{:.2}×, {:.2}×, {:.2}×",
                    p50 / med(n, |f| f.p50),
                    rate / med(n, |f| f.rate),
                    cpu / med(n, |f| f.cpu_us)
                ),
                _ => "—".into(),
            };
            s += &format!(
                "| {label} | {scen} | {p50:.0} | {:.0} | {:.0} | {rate:.0} | {cpu:.0} | {:.1}, {:.1}, {:.0}% | {vs} |\n",
                med(v, |f| f.p95),
                med(v, |f| f.p99),
                med(v, |f| f.faults),
                med(v, |f| f.switches),
                med(v, |f| f.sys_share) * 100.0
            );
        }
    }
    let me = figs.get(&("tgmcp".to_string(), "sse x1".to_string()));
    if let (Some(me), Some(h)) = (
        me,
        figs.get(&("tgmcp".to_string(), "sse x1 get_history".to_string())),
    ) {
        s += &format!(
            "\nThe client side of one MTProto round trip (`get_history`, 20 messages, over `get_me` which the backend answers from its cache): +{:.0} µs of tgmcp's CPU and +{:.0} µs p50 per call; real deployments pay this per Telegram call.\n",
            med(h, |f| f.cpu_us) - med(me, |f| f.cpu_us),
            med(h, |f| f.p50) - med(me, |f| f.p50)
        );
    }
    if figs.keys().any(|(l, _)| l == BEFORE) {
        s += "\n| tgmcp now vs before | CPU µs/call | p50 | calls/s |\n|---|---:|---:|---:|\n";
        for ((label, scen), v) in figs.iter().filter(|((l, _), _)| l == "tgmcp") {
            if let Some(b) = figs.get(&(BEFORE.to_string(), scen.clone())) {
                let r = |f: fn(&Fig) -> f64| med(v, f) / med(b, f);
                s += &format!(
                    "| {label} {scen} | {:.2}× | {:.2}× | {:.2}× |\n",
                    r(|f| f.cpu_us),
                    r(|f| f.p50),
                    r(|f| f.rate)
                );
            }
        }
    }
    s += "\n| server | startup ms | idle RSS MiB | idle anonymous MiB | idle heap MiB |\n|---|---:|---:|---:|---:|\n";
    for t in &o.targets {
        if let Some((st, rss, anon, heap)) = idle.get(&t.label) {
            s += &format!(
                "| {} | {:.0} | {:.1} | {:.1} | {:.1} |\n",
                t.label,
                median(st.clone()),
                median(rss.clone()),
                median(anon.clone()),
                median(heap.clone())
            );
        }
    }
    s += "\nAnonymous is `RssAnon`; heap is the anonymous pages of `[heap]` and unnamed mappings (malloc arenas, large blocks, thread stacks), without the binary's relocated data and the main stack.\n";
    if !cycles.is_empty() {
        s += &format!("\n| server | idle RSS MiB | with {} idle SSE sessions, per cycle (MiB) | after they close |\n|---|---:|---|---|\n", o.idle);
        for (label, base, c) in cycles {
            let with: Vec<String> = c.iter().map(|(w, _)| format!("{w:.1}")).collect();
            let after: Vec<String> = c.iter().map(|(_, a)| format!("{a:.1}")).collect();
            s += &format!(
                "| {label} | {base:.1} | {} | {} |\n",
                with.join(", "),
                after.join(", ")
            );
        }
    }
    s
}

const BEGIN: &str = "<!-- perf:begin (bench/run.sh rewrites this) -->";
const END: &str = "<!-- perf:end -->";

/// Replaces the text between the markers in `path` with `table`.
pub fn write_readme(path: &str, table: &str) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let (Some(b), Some(e)) = (text.find(BEGIN), text.find(END)) else {
        return Err(format!("{path} has no {BEGIN} … {END} markers"));
    };
    let out = format!("{}{BEGIN}\n{table}{}", &text[..b], &text[e..]);
    std::fs::write(path, out).map_err(|e| e.to_string())
}
