//! The admin tools end to end over MCP (the `admin` plugin on
//! telegram-admin, and the admin reads in `chats`): listed with their
//! annotations, called with realistic arguments, the effect checked through
//! the read tools or on the local MTProto server, and non-admin or unknown
//! chats refused with a sentence a user can act on.

use crate::common;
#[path = "links.rs"]
mod links;
#[path = "members.rs"]
mod members;

use common::*;
use fakegram::Peer;
use serde_json::{json, Value};

/// Every tool this suite covers: (name, destructive, read-only).
const ADMIN_TOOLS: &[(&str, bool, bool)] = &[
    ("create_group", false, false),
    ("create_channel", false, false),
    ("invite_users", false, false),
    ("kick_user", true, false),
    ("ban_user", true, false),
    ("unban_user", false, false),
    ("set_admin_rights", false, false),
    ("set_chat_permissions", false, false),
    ("edit_chat", false, false),
    ("create_invite_link", false, false),
    ("revoke_invite_link", true, false),
    ("approve_join_request", false, false),
    ("create_topic", false, false),
    ("edit_topic", false, false),
    ("delete_topic", true, false),
    ("get_participants", false, true),
    ("list_invite_links", false, true),
    ("get_admin_log", false, true),
];

pub const RUST: &str = "@rust_study_demo";
pub const FORUM: &str = "@tgmcp_community_demo";
pub const RUST_PEER: Peer = Peer::Channel(1_600_000_002);

/// Members of `chat` under `filter`, as (first name, role).
pub async fn members<C: Mcp>(c: &mut C, chat: &str, filter: &str) -> Vec<(String, String)> {
    let p = ok(
        c,
        "get_participants",
        json!({"chat": chat, "filter": filter, "limit": 100}),
    )
    .await;
    p["participants"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|m| {
            let name = m["user"]["first_name"].as_str().unwrap_or_default();
            (
                name.to_string(),
                m["role"].as_str().unwrap_or_default().into(),
            )
        })
        .collect()
}

pub fn names(list: &[(String, String)]) -> Vec<&str> {
    list.iter().map(|(n, _)| n.as_str()).collect()
}

#[tokio::test]
async fn admin_tools_are_listed_with_annotations_and_refused_when_read_only() {
    let tools = all_tools().await;
    for (name, destructive, read_only) in ADMIN_TOOLS {
        let t = checked_tool(&tools, name, *destructive, *read_only);
        assert!(t["inputSchema"]["properties"].is_object(), "{name}");
        let examples = t["inputSchema"]["examples"].as_array();
        assert!(
            examples.is_some_and(|e| !e.is_empty()),
            "{name} has an example"
        );
    }

    let s = Server::start(Opts {
        args: vec!["--read-only"],
        env: vec![("TGMCP_TOOLS", "all".into())],
        ..Opts::default()
    });
    let mut c = HttpClient::new(&s.base);
    c.initialize().await;
    let names = c.tool_names().await;
    for (name, _, read_only) in ADMIN_TOOLS {
        assert_eq!(names.iter().any(|n| n == name), *read_only, "{name}");
    }
    for (name, args) in [
        ("kick_user", json!({"chat": RUST, "user": "@bob_demo"})),
        ("create_group", json!({"title": "x"})),
        ("create_topic", json!({"chat": FORUM, "title": "x"})),
    ] {
        let r = c
            .request("tools/call", json!({"name": name, "arguments": args}))
            .await;
        assert!(
            r.get("error").is_some() || r["result"]["isError"] == true,
            "{name}: {r}"
        );
    }
    // The reads still answer.
    let p = ok(&mut c, "get_participants", json!({"chat": RUST})).await;
    assert!(p["total"].as_u64().is_some_and(|n| n > 0), "{p}");
}

#[tokio::test]
async fn every_admin_example_works_on_the_demo_account_in_listing_order() {
    let (_tg, _s, mut c) = local().await;
    let list = c.request("tools/list", json!({})).await;
    let tools = list["result"]["tools"].as_array().cloned().unwrap();
    let mut called = 0;
    for t in &tools {
        let name = t["name"].as_str().unwrap_or_default();
        if !ADMIN_TOOLS.iter().any(|(n, _, _)| *n == name) {
            continue;
        }
        for ex in t["inputSchema"]["examples"]
            .as_array()
            .cloned()
            .unwrap_or_default()
        {
            ok(&mut c, name, ex).await;
            called += 1;
        }
    }
    assert!(called >= ADMIN_TOOLS.len(), "{called}");
}

/// A plugin file that imports telegram-admin is refused unless the policy
/// grants it, and the refusal names the line that would.
#[test]
fn a_plugin_file_gets_telegram_admin_only_when_granted() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        wasm_dir().join("tgmcp_plugin_admin.wasm"),
        dir.path().join("moderator.wasm"),
    )
    .unwrap();
    let cache = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tgmcp"))
        .args(["tools", "--demo", "--plugins-dir"])
        .arg(dir.path())
        .env("TGMCP_CACHE_DIR", cache.path())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("telegram-admin") && err.contains("[plugins.moderator] grant = ["),
        "the refusal names the capability and the policy line: {err}"
    );
    let tools: Value = serde_json::from_slice(&out.stdout).unwrap();
    let by_file = tools
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["plugin"] == "moderator");
    assert!(!by_file, "nothing of the ungranted file is served");
}
