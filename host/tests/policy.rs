//! Locked-down deployments: grants, chat allowlists, tool filters, quotas,
//! per-plugin limits and the audit log, end to end.
use crate::common;

use std::path::Path;

use common::*;
use serde_json::{json, Value};

fn server_with_policy(
    policy: &str,
    plugins: &[(&str, &str)],
    env: Vec<(&'static str, String)>,
) -> (Server, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("policy.toml");
    std::fs::write(&file, policy).unwrap();
    let pdir = dir.path().join("plugins");
    std::fs::create_dir_all(&pdir).unwrap();
    for (src, dst) in plugins {
        std::fs::copy(wasm_dir().join(src), pdir.join(dst)).unwrap();
    }
    let s = Server::start(Opts {
        args: vec![
            "--policy",
            Box::leak(file.to_string_lossy().into_owned().into_boxed_str()),
        ],
        plugins_dir: Some(Box::leak(Box::new(pdir)).as_path()),
        env,
        ..Opts::default()
    });
    (s, dir)
}

fn text(r: &Value) -> String {
    r["content"][0]["text"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn read_only_grants_list_no_writer_and_refuse_write_importers() {
    let (s, _d) = server_with_policy(
        "[grants]\ndefault = [\"telegram-read\"]\n",
        &[("tgmcp_plugin_outbox.wasm", "sender.wasm")],
        vec![],
    );
    let mut c = HttpClient::new(&s.base);
    c.initialize().await;
    let names = c.tool_names().await;
    assert!(!names.iter().any(|n| n == "send_message"), "{names:?}");
    assert!(
        names.iter().any(|n| n == "get_history"),
        "reading still works: {names:?}"
    );
    let r = c
        .request(
            "tools/call",
            json!({"name": "send_message", "arguments": {"chat": "me", "text": "x"}}),
        )
        .await;
    assert!(
        r.get("error").is_some() || r["result"]["isError"] == true,
        "{r}"
    );
    let h = health(&s).await;
    let e = h["plugin_errors"][0]["error"].as_str().unwrap();
    assert!(e.contains("tgmcp:plugin/telegram-write@0.2.0"), "{e}");
    assert!(
        e.contains("[plugins.sender] grant = [\"telegram-write\"]"),
        "{e}"
    );
}

#[tokio::test]
async fn an_allowlist_of_one_chat_hides_every_other() {
    let (s, _d) = server_with_policy("[chats]\nallow = [\"@alice_demo\"]\n", &[], vec![]);
    let mut c = SseClient::connect(&s.base).await;
    c.initialize().await;
    let chats = c.call("list_chats", json!({})).await;
    let ids: Vec<i64> = chats["structuredContent"]["chats"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![200000001], "{chats}");
    for chat in ["me", "@tgmcp_news", "-4000000001", "@nobody_at_all"] {
        let r = c.call("get_history", json!({"chat": chat})).await;
        assert_eq!(r["isError"], true);
        assert_eq!(
            text(&r),
            format!("chat \"{chat}\" not found or not allowed")
        );
        let r = c
            .call("send_message", json!({"chat": chat, "text": "hi"}))
            .await;
        assert_eq!(
            text(&r),
            format!("chat \"{chat}\" not found or not allowed")
        );
    }
    let r = c
        .call(
            "get_history",
            json!({"chat": "t.me/alice_demo", "limit": 2}),
        )
        .await;
    assert_eq!(r["isError"], false, "{r}");
    // Search across chats only returns the allowed one ("hike" also matches Saved Messages).
    let r = c.call("search_messages", json!({"query": "hike"})).await;
    let found = r["structuredContent"]["messages"].as_array().unwrap();
    assert!(
        !found.is_empty() && found.iter().all(|m| m["chat_id"] == 200000001),
        "{r}"
    );
}

#[tokio::test]
async fn send_quotas_and_the_audit_log() {
    let (s, d) = server_with_policy(
        "[quotas]\nsends_per_minute = 2\n\n[audit]\nfile = \"audit.jsonl\"\n",
        &[],
        vec![],
    );
    let mut c = SseClient::connect(&s.base).await;
    c.initialize().await;
    for i in 0..2 {
        let r = c
            .call(
                "send_message",
                json!({"chat": "me", "text": format!("secret text {i}")}),
            )
            .await;
        assert_eq!(r["isError"], false, "{r}");
    }
    let r = c
        .call(
            "send_message",
            json!({"chat": "@alice_demo", "text": "third"}),
        )
        .await;
    assert_eq!(r["isError"], true);
    let t = text(&r);
    assert!(
        t.starts_with("denied by policy: send quota reached (2 messages per minute)"),
        "{t}"
    );

    let log = std::fs::read_to_string(d.path().join("audit.jsonl")).unwrap();
    let lines: Vec<Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        lines.len(),
        3,
        "one line per send attempt, refused ones included: {log}"
    );
    let refused = &lines[2];
    assert_eq!(refused["chat"], "@alice_demo");
    assert!(
        refused["outcome"]
            .as_str()
            .unwrap()
            .starts_with("send quota reached"),
        "{refused}"
    );
    assert!(refused["message_ids"].as_array().unwrap().is_empty());
    let first = &lines[0];
    assert_eq!(first["tool"], "send_message");
    assert_eq!(first["plugin"], "outbox");
    assert_eq!(first["chat"], "me");
    assert_eq!(first["chat_id"], 100000001);
    assert_eq!(first["outcome"], "ok");
    assert!(first["message_ids"][0].as_i64().unwrap() > 0);
    assert!(first["client"].as_str().unwrap().starts_with("sse:"));
    assert!(
        !log.contains("secret text"),
        "texts are not recorded unless asked"
    );
}

#[tokio::test]
async fn send_message_to_a_chat_under_review_saves_a_draft_instead() {
    let (s, _d) = server_with_policy(
        "[chats]\nsend_as_draft = [\"@alice_demo\"]\n",
        &[],
        vec![("TGMCP_TOOLS", "core,std".into())],
    );
    let mut c = SseClient::connect(&s.base).await;
    c.initialize().await;
    let draft = "Can we move the call to Friday?";
    let r = c
        .call(
            "send_message",
            json!({"chat": "@alice_demo", "text": draft}),
        )
        .await;
    assert_eq!(r["isError"], true, "never reported as sent: {r}");
    let t = text(&r);
    assert!(t.contains("saved as the chat's draft"), "{t}");
    assert!(t.contains("Do not send it again"), "{t}");

    let history = c
        .call("get_history", json!({"chat": "@alice_demo", "limit": 3}))
        .await;
    assert!(!history.to_string().contains(draft), "{history}");
    let drafts = c.call("list_drafts", json!({})).await;
    assert!(drafts.to_string().contains(draft), "{drafts}");

    let file = c
        .call(
            "send_file",
            json!({"chat": "@alice_demo", "data_base64": "aGk=", "file_name": "hi.txt"}),
        )
        .await;
    assert_eq!(file["isError"], true, "{file}");
    assert!(text(&file).contains("reviewed by a person"), "{file}");

    let other = c
        .call("send_message", json!({"chat": "me", "text": "to myself"}))
        .await;
    assert_eq!(other["isError"], false, "{other}");
}

#[tokio::test]
async fn tool_filters_from_the_policy_and_tgmcp_tools() {
    let (s, _d) = server_with_policy(
        "[tools]\ndisable = [\"search*\"]\n",
        &[],
        vec![(
            "TGMCP_TOOLS",
            "get_me, get_ch*, get_h*, search_messages".into(),
        )],
    );
    let mut c = HttpClient::new(&s.base);
    c.initialize().await;
    let mut names = c.tool_names().await;
    names.sort();
    assert_eq!(
        names,
        vec!["get_chat", "get_chat_stats", "get_history", "get_me"]
    );
    let r = c.call("list_chats", json!({})).await;
    assert_eq!(r["isError"], true);
    // The message names the setting that would serve it.
    assert!(
        text(&r).contains("TGMCP_TOOLS=get_me,get_ch*,get_h*,search_messages,list_chats"),
        "{r}"
    );
    let r = c.call("search_messages", json!({"query": "x"})).await;
    assert!(text(&r).contains("[tools] disable"), "{r}");
}

#[tokio::test]
async fn per_plugin_cpu_budget() {
    let (s, _d) = server_with_policy(
        "[plugins.hostile]\ncpu_ms = 100\n",
        &[("tgmcp_plugin_hostile.wasm", "hostile.wasm")],
        vec![],
    );
    let mut c = HttpClient::new(&s.base);
    c.initialize().await;
    let r = c.call("hostile_loop", json!({})).await;
    assert!(text(&r).contains("CPU budget of 100 ms"), "{r}");
}

#[test]
fn a_broken_policy_stops_the_server_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.toml");
    std::fs::write(&file, "[grants]\ndefault = [\"telegram-wirte\"]\n").unwrap();
    let out = std::process::Command::new(BIN)
        .args(["serve", "--demo", "--port", "0", "--policy"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("telegram-wirte") && err.contains("telegram-write"),
        "{err}"
    );
}

#[test]
fn the_documented_policies_parse() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let example = root.join("docs/policy.example.toml");
    let text = std::fs::read_to_string(&example).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    // The audit path is relative to the policy file; parse a copy in a scratch dir.
    let copy = tmp.path().join("policy.toml");
    std::fs::write(&copy, &text).unwrap();
    tgmcp::policy::Policy::from_file(&copy).expect("docs/policy.example.toml parses");
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let block = readme
        .split("```toml\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .expect("a toml block in README");
    std::fs::write(&copy, block).unwrap();
    let p = tgmcp::policy::Policy::from_file(&copy).expect("README's policy parses");
    assert!(p.chats.is_restricted());
}
