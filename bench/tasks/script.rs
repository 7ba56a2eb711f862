//! The everyday task suite (`bench/tasks/tasks.json`): each task is a request
//! a person makes and the tool calls a model makes for it from the tool list
//! alone, with what the results must show. The host's tests run it against
//! the demo (`cargo test --test all tasks::`); `bench/weight` counts its calls
//! and tokens. Shared by both through `#[path]`, so it needs only serde_json.
//!
//! In arguments, a string `"$N/pointer"` is the value at that JSON pointer in
//! call N's result (counted from 0), and `{tomorrow}` in a string is
//! tomorrow's date (UTC), as a model would write it.

use serde_json::Value;

/// The suite as written in tasks.json.
pub struct Suite {
    /// The `TGMCP_TOOLS` profile the tasks are written against.
    pub profile: String,
    pub tasks: Vec<Task>,
}

/// One request and its calls.
pub struct Task {
    pub request: String,
    /// `(tool, arguments)` in order; arguments may hold placeholders.
    pub calls: Vec<(String, Value)>,
    expect: Vec<Value>,
}

/// Parses tasks.json.
pub fn load(text: &str) -> Result<Suite, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| format!("tasks.json: {e}"))?;
    let profile = v["profile"]
        .as_str()
        .ok_or("tasks.json: no profile")?
        .to_string();
    let mut tasks = Vec::new();
    for t in v["tasks"].as_array().ok_or("tasks.json: no tasks")? {
        let request = t["request"]
            .as_str()
            .ok_or("a task without request")?
            .to_string();
        let mut calls = Vec::new();
        for c in t["calls"]
            .as_array()
            .ok_or(format!("{request}: no calls"))?
        {
            let tool = c["tool"]
                .as_str()
                .ok_or(format!("{request}: a call without tool"))?;
            calls.push((tool.to_string(), c["args"].clone()));
        }
        let expect = t["expect"].as_array().cloned().unwrap_or_default();
        if expect.is_empty() {
            return Err(format!("{request}: nothing expected"));
        }
        tasks.push(Task {
            request,
            calls,
            expect,
        });
    }
    Ok(Suite { profile, tasks })
}

/// `args` with its placeholders filled from the earlier `results`.
pub fn fill(args: &Value, results: &[Value]) -> Result<Value, String> {
    Ok(match args {
        Value::String(s) if s.starts_with('$') => {
            let (n, pointer) = s[1..]
                .split_once('/')
                .ok_or(format!("bad placeholder {s}"))?;
            let n: usize = n.parse().map_err(|_| format!("bad placeholder {s}"))?;
            let result = results.get(n).ok_or(format!("{s}: no call {n} yet"))?;
            result
                .pointer(&format!("/{pointer}"))
                .cloned()
                .ok_or(format!("{s}: nothing there in {result}"))?
        }
        Value::String(s) if s.contains("{tomorrow}") => {
            Value::String(s.replace("{tomorrow}", &tomorrow()))
        }
        Value::Array(a) => Value::Array(
            a.iter()
                .map(|x| fill(x, results))
                .collect::<Result<_, _>>()?,
        ),
        Value::Object(o) => Value::Object(
            o.iter()
                .map(|(k, x)| Ok((k.clone(), fill(x, results)?)))
                .collect::<Result<_, String>>()?,
        ),
        other => other.clone(),
    })
}

/// Whether the results show what `task` expects; the first miss, in words.
pub fn check(task: &Task, results: &[Value]) -> Result<(), String> {
    for e in &task.expect {
        let n = e["call"].as_u64().unwrap_or(0) as usize;
        let at = e["at"].as_str().unwrap_or("");
        let result = results.get(n).ok_or(format!("no result of call {n}"))?;
        let got = result
            .pointer(at)
            .ok_or(format!("call {n} has nothing at {at}: {result}"))?;
        if let Some(want) = e.get("is") {
            if got != want {
                return Err(format!("call {n} at {at}: {got}, not {want}"));
            }
        }
        if let Some(want) = e["contains"].as_str() {
            let text = got.as_str().map(String::from).unwrap_or(got.to_string());
            if !text.contains(want) {
                return Err(format!("call {n} at {at}: {text:?} lacks {want:?}"));
            }
        }
    }
    Ok(())
}

/// Tomorrow's date in UTC, `YYYY-MM-DD`.
fn tomorrow() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let days = (secs / 86_400 + 1) as i64;
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}
