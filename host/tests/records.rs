//! What a model reads and writes: one word for a message id, dates in ISO 8601
//! both ways, and records without fields that say nothing.

use std::path::{Path, PathBuf};

use crate::common::*;
use serde_json::{json, Value};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `tgmcp serve --demo` with every tool.
fn demo_all() -> Server {
    Server::start(Opts {
        env: vec![("TGMCP_TOOLS", "all".into())],
        ..Opts::default()
    })
}

/// The names in the SDK's `DATE_FIELDS` (the fields results show as ISO).
fn date_fields() -> Vec<String> {
    let src = std::fs::read_to_string(root().join("plugins/sdk/src/record.rs")).unwrap();
    let start = src.find("DATE_FIELDS: &[&str] = &[").expect("DATE_FIELDS");
    let end = start + src[start..].find("];").unwrap();
    src[start..end]
        .split('"')
        .skip(1)
        .step_by(2)
        .map(String::from)
        .collect()
}

/// Every record field documented as Unix seconds, in the WIT and in the
/// plugins' own records: `(file, field)`.
fn unix_fields() -> Vec<(String, String)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("wit"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "wit"))
        .collect();
    for plugin in std::fs::read_dir(root().join("plugins")).unwrap().flatten() {
        let src = plugin.path().join("src");
        for f in std::fs::read_dir(&src).into_iter().flatten().flatten() {
            // The SDK's own list says "Unix seconds" about itself.
            if f.path().extension().is_some_and(|e| e == "rs") && !f.path().ends_with("record.rs") {
                files.push(f.path());
            }
        }
    }
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let doc = line.trim_start();
            if !(doc.starts_with("///")
                && (doc.contains("Unix seconds") || doc.contains("Unix time")))
            {
                continue;
            }
            // The item the comment documents: the next line that is not a doc
            // comment or an attribute.
            let Some(item) = lines[i + 1..]
                .iter()
                .map(|l| l.trim())
                .find(|l| !l.starts_with("///") && !l.starts_with("#["))
            else {
                continue;
            };
            if item.contains("func(") || item.contains("fn ") || !item.contains(':') {
                continue;
            }
            let name = item
                .trim_start_matches("pub ")
                .split(':')
                .next()
                .unwrap()
                .trim()
                .replace('-', "_");
            found.push((file.display().to_string(), name));
        }
    }
    found
}

#[test]
fn every_field_documented_as_unix_seconds_reads_as_iso() {
    let known = date_fields();
    let fields = unix_fields();
    assert!(
        fields.len() >= 15,
        "the scan finds the WIT's dates: {fields:?}"
    );
    let missing: Vec<_> = fields.iter().filter(|(_, f)| !known.contains(f)).collect();
    assert!(
        missing.is_empty(),
        "add these to DATE_FIELDS in plugins/sdk/src/record.rs: {missing:?}"
    );
}

/// Every value in `v` that says nothing (null, false, "", or an empty list
/// or object inside a record): their paths.
fn empty_fields(v: &Value, path: &str, top: bool, out: &mut Vec<String>) {
    match v {
        Value::Null | Value::Bool(false) => out.push(path.into()),
        Value::String(s) if s.is_empty() => out.push(path.into()),
        Value::Array(a) => {
            if a.is_empty() && !top {
                out.push(path.into());
            }
            for (i, x) in a.iter().enumerate() {
                empty_fields(x, &format!("{path}[{i}]"), false, out);
            }
        }
        Value::Object(o) => {
            if o.is_empty() && !top {
                out.push(path.into());
            }
            for (k, x) in o {
                empty_fields(x, &format!("{path}.{k}"), top && path.is_empty(), out);
            }
        }
        _ => {}
    }
}

#[tokio::test]
async fn records_carry_iso_dates_and_nothing_empty() {
    let s = demo_all();
    let mut c = HttpClient::new(&s.base);
    c.initialize().await;
    for (tool, args) in [
        ("get_history", json!({"chat": "@alice_demo", "limit": 20})),
        ("list_chats", json!({})),
        ("get_unread", json!({})),
        ("get_user", json!({"user": "@alice_demo"})),
    ] {
        let out = ok(&mut c, tool, args).await;
        let mut empty = Vec::new();
        empty_fields(&out, "", true, &mut empty);
        assert!(empty.is_empty(), "{tool}: {empty:?} in {out}");
        if tool == "get_unread" {
            let entry = &out["chats"][0];
            assert!(entry["chat"]["id"].is_i64(), "{entry}");
            assert!(
                entry["messages"][0].get("chat_id").is_none()
                    && entry["chat"].get("unread_count").is_none(),
                "each entry says its chat once: {entry}"
            );
        }
        if tool == "get_history" {
            let first = &out["messages"][0];
            let date = first["date"].as_str().unwrap_or_else(|| panic!("{first}"));
            assert!(
                date.len() == 20 && date.ends_with('Z') && date.as_bytes()[10] == b'T',
                "ISO 8601 in UTC: {date}"
            );
        }
    }
}

#[tokio::test]
async fn date_arguments_take_iso_8601_and_unix_seconds_alike() {
    let s = demo_all();
    let mut c = HttpClient::new(&s.base);
    c.initialize().await;
    let all = ok(
        &mut c,
        "get_history",
        json!({"chat": "@alice_demo", "limit": 50}),
    )
    .await;
    let dates: Vec<&str> = all["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["date"].as_str().unwrap())
        .collect();
    assert!(dates.len() >= 3, "{all}");
    // A cut between the newest and the rest, written three ways.
    let newest = dates[0];
    let ts: jiff::Timestamp = newest.parse().unwrap();
    let unix = ts.as_second();
    let plus3 = ts
        .to_zoned(jiff::tz::TimeZone::fixed(jiff::tz::offset(3)))
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string();
    let mut pages = Vec::new();
    for min_date in [json!(unix), json!(newest), json!(plus3)] {
        let page = ok(
            &mut c,
            "get_history",
            json!({"chat": "@alice_demo", "min_date": min_date}),
        )
        .await;
        pages.push(page["messages"].clone());
    }
    assert!(!pages[0].as_array().unwrap().is_empty());
    assert!(pages[0].as_array().unwrap().len() < dates.len());
    assert_eq!(pages[0], pages[1], "Unix seconds and ISO in UTC");
    assert_eq!(pages[0], pages[2], "the same instant with an offset");

    let e = refused(
        &mut c,
        "get_history",
        json!({"chat": "@alice_demo", "min_date": "next monday"}),
    )
    .await;
    assert!(
        e.contains("not ISO 8601") && e.contains("2026-01-05"),
        "{e}"
    );
}

#[tokio::test]
async fn a_message_is_message_id_everywhere_and_the_old_names_still_work() {
    let tools = all_tools().await;
    let mut wrong = Vec::new();
    for t in &tools {
        let props = t["inputSchema"]["properties"].as_object().unwrap();
        for (arg, schema) in props {
            let doc = schema["description"].as_str().unwrap_or("").to_lowercase();
            let about_messages = doc.contains("message");
            // fetch's `id` is ChatGPT's name for a search result.
            if (arg == "id" || arg == "ids") && about_messages && t["name"] != "fetch" {
                wrong.push(format!("{}.{arg}", t["name"]));
            }
            if arg == "target" {
                wrong.push(format!("{}.{arg}", t["name"]));
            }
        }
    }
    for name in [
        "download_media",
        "get_media_info",
        "get_message_context",
        "get_replies",
        "transcribe_voice",
    ] {
        let t = tools.iter().find(|t| t["name"] == name).unwrap();
        let props = &t["inputSchema"]["properties"];
        if props.get("message_id").is_none() {
            wrong.push(format!("{name} has no message_id"));
        }
    }
    assert!(wrong.is_empty(), "{wrong:?}");

    let s = demo_all();
    let mut c = HttpClient::new(&s.base);
    c.initialize().await;
    let new = ok(
        &mut c,
        "get_messages",
        json!({"chat": "@rust_study_demo", "message_ids": [2, 3]}),
    )
    .await;
    let old = ok(
        &mut c,
        "get_messages",
        json!({"chat": "@rust_study_demo", "ids": [2, 3]}),
    )
    .await;
    assert_eq!(new["messages"].as_array().map(Vec::len), Some(2), "{new}");
    assert_eq!(new, old);
    let ctx = ok(
        &mut c,
        "get_message_context",
        json!({"chat": "@rust_study_demo", "id": 3, "before": 1, "after": 0}),
    )
    .await;
    assert!(ctx["message"].is_object(), "{ctx}");
}

#[tokio::test]
async fn the_bio_is_bio_in_and_out() {
    let s = demo_all();
    let mut c = HttpClient::new(&s.base);
    c.initialize().await;
    let me = ok(&mut c, "update_profile", json!({"bio": "Maps and hikes"})).await;
    assert_eq!(me["bio"], "Maps and hikes", "{me}");
    assert!(me.get("about").is_none(), "{me}");
}
