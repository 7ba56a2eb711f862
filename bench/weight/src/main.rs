//! Prints the weight of `tools/list` per profile: tools, bytes and o200k tokens
//! of the whole list (as compact JSON), and of its descriptions, input schemas
//! and output schemas, plus the server's `instructions`.
//!
//! Then the everyday task suite (bench/tasks/tasks.json, the one
//! `cargo test --test all tasks::` runs): per task the calls a model makes and
//! the tokens of what it reads back, beside the tool list it pays for first.
//!
//! `tgmcp-weight [TGMCP_BINARY] [PROFILE…]` (default: target/debug/tgmcp;
//! core, std, all and all,stars,raw; the task suite only without profiles).

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use serde_json::{json, Value};

#[path = "../../tasks/script.rs"]
mod script;

struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(bin: &str, profile: &str) -> Server {
    let mut child = Command::new(bin)
        .args(["serve", "--demo", "--host", "127.0.0.1", "--port", "0"])
        .env("TGMCP_TOOLS", profile)
        .env("RUST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start tgmcp");
    let stderr = child.stderr.take().expect("stderr");
    let mut lines = BufReader::new(stderr).lines();
    let addr = loop {
        let line = lines
            .next()
            .expect("tgmcp exited before listening")
            .expect("read stderr");
        if line.contains("tgmcp listening") {
            break line
                .split_whitespace()
                .find_map(|w| w.strip_prefix("addr="))
                .expect("addr= in the listening line")
                .to_string();
        }
    };
    // Keep draining stderr so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Server {
        child,
        base: format!("http://{addr}/mcp"),
    }
}

fn post(base: &str, session: Option<&str>, body: Value) -> (Option<String>, Value) {
    let mut req = ureq::post(base)
        .set("content-type", "application/json")
        .set("accept", "application/json, text/event-stream");
    if let Some(s) = session {
        req = req.set("mcp-session-id", s);
    }
    let resp = req.send_json(body).expect("POST /mcp");
    let sid = resp.header("mcp-session-id").map(str::to_string);
    let text = resp.into_string().expect("body");
    // An SSE answer carries the message on its last `data:` line.
    let json_text = match text
        .lines()
        .filter_map(|l| l.strip_prefix("data:"))
        .next_back()
    {
        Some(d) => d.trim().to_string(),
        None => text,
    };
    (sid, serde_json::from_str(&json_text).unwrap_or(Value::Null))
}

/// Bytes and tokens of `v` as compact JSON (a string counts as its text).
fn weigh(bpe: &tiktoken_rs::CoreBPE, v: &Value) -> (usize, usize) {
    let text = match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    (text.len(), bpe.encode_ordinary(&text).len())
}

/// An initialized `/mcp` session on `s`: its id and the `initialize` result.
fn session(s: &Server) -> (String, Value) {
    let (sid, init) = post(
        &s.base,
        None,
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "protocolVersion": "2025-06-18", "capabilities": {},
            "clientInfo": {"name": "tgmcp-weight", "version": "0"}}}),
    );
    let sid = sid.expect("a session id");
    post(
        &s.base,
        Some(&sid),
        json!({"jsonrpc": "2.0", "method": "notifications/initialized"}),
    );
    (sid, init)
}

fn tools_list(s: &Server, sid: &str) -> Vec<Value> {
    let (_, list) = post(
        &s.base,
        Some(sid),
        json!({"jsonrpc": "2.0", "id": 2, "method": "tools/list"}),
    );
    list["result"]["tools"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// Runs the task suite on a demo server: a row per task, then the totals.
fn tasks(bin: &str, bpe: &tiktoken_rs::CoreBPE) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tasks/tasks.json");
    let text = std::fs::read_to_string(&path).expect("bench/tasks/tasks.json");
    let suite = script::load(&text).expect("the task suite");
    let s = start(bin, &suite.profile);
    let (sid, init) = session(&s);
    let list = weigh(bpe, &Value::Array(tools_list(&s, &sid))).1
        + weigh(bpe, &init["result"]["instructions"]).1;
    println!();
    println!("| task (profile `{}`) | calls | result tokens | ok |", suite.profile);
    println!("|---|---:|---:|---|");
    let (mut calls, mut tokens, mut passed) = (0, 0, 0);
    for (n, task) in suite.tasks.iter().enumerate() {
        let mut results = Vec::new();
        let mut read = 0;
        let mut error = None;
        for (i, (tool, args)) in task.calls.iter().enumerate() {
            let args = match script::fill(args, &results) {
                Ok(a) => a,
                Err(e) => {
                    error = Some(e);
                    break;
                }
            };
            let (_, r) = post(
                &s.base,
                Some(&sid),
                json!({"jsonrpc": "2.0", "id": 100 + n * 10 + i, "method": "tools/call",
                       "params": {"name": tool, "arguments": args}}),
            );
            // What the model reads: the text blocks (an image is billed by
            // its size in pixels, not by its base64).
            for block in r["result"]["content"].as_array().into_iter().flatten() {
                if block["type"] == "text" {
                    read += weigh(bpe, &block["text"]).1;
                }
            }
            calls += 1;
            if r["result"]["isError"] != false {
                error = Some(format!("{tool}: {}", r["result"]["content"][0]["text"]));
                break;
            }
            results.push(r["result"]["structuredContent"].clone());
        }
        let ok = match error {
            Some(e) => Err(e),
            None => script::check(task, &results),
        };
        passed += usize::from(ok.is_ok());
        tokens += read;
        println!(
            "| {} | {} | {read} | {} |",
            task.request,
            task.calls.len(),
            ok.err().unwrap_or_else(|| "yes".into())
        );
    }
    let n = suite.tasks.len().max(1);
    println!();
    println!(
        "{passed} of {} tasks done in {calls} calls ({:.1} per task); tool list and instructions {list} tokens, \
         results {tokens} tokens ({} per task); a task costs {} tokens on average, the tool list included.",
        suite.tasks.len(),
        calls as f64 / n as f64,
        tokens / n,
        list + tokens / n
    );
}

fn main() {
    let mut args = std::env::args().skip(1);
    let bin = args.next().unwrap_or_else(|| "target/debug/tgmcp".into());
    let mut profiles: Vec<String> = args.collect();
    let suite = profiles.is_empty();
    if profiles.is_empty() {
        profiles = ["core", "std", "all", "all,stars,raw"]
            .map(String::from)
            .to_vec();
    }
    let bpe = tiktoken_rs::o200k_base().expect("the o200k tokenizer");
    println!("| profile | tools | bytes | tokens | tokens per tool | descriptions | input schemas | output schemas | instructions |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for profile in &profiles {
        let s = start(&bin, profile);
        let (sid, init) = session(&s);
        let tools = tools_list(&s, &sid);
        let (bytes, tokens) = weigh(&bpe, &Value::Array(tools.clone()));
        let part = |key: &str| -> usize {
            tools
                .iter()
                .filter(|t| !t[key].is_null())
                .map(|t| weigh(&bpe, &t[key]).1)
                .sum()
        };
        let (_, instr) = weigh(&bpe, &init["result"]["instructions"]);
        println!(
            "| `{profile}` | {} | {bytes} | {tokens} | {} | {} | {} | {} | {instr} |",
            tools.len(),
            tokens / tools.len().max(1),
            part("description"),
            part("inputSchema"),
            part("outputSchema"),
        );
    }
    if suite {
        tasks(&bin, &bpe);
    }
}
