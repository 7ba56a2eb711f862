//! The admin tools end to end over MCP (the `admin` plugin on
//! telegram-admin, and the admin reads in `chats`): listed with their
//! annotations, called with realistic arguments, the effect checked through
//! the read tools or on the local MTProto server, and non-admin or unknown
//! chats refused with a sentence a user can act on.

mod common;

use common::*;
use fakegram::{Peer, Role};
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

const RUST: &str = "@rust_study_demo";
const FORUM: &str = "@tgmcp_community_demo";
const RUST_PEER: Peer = Peer::Channel(1_600_000_002);

/// The local MTProto server in this process, and `tgmcp serve` on it.
async fn local() -> (fakegram::Server, Server, SseClient) {
    let tg = fakegram::Server::start(fakegram::Account::demo())
        .await
        .expect("local MTProto server");
    let s = Server::start(Opts {
        real: true,
        env: vec![
            ("TGMCP_TOOLS", "all".into()),
            ("TELEGRAM_API_ID", "12345".into()),
            (
                "TELEGRAM_API_HASH",
                "0123456789abcdef0123456789abcdef".into(),
            ),
            ("TELEGRAM_SESSION_STRING", tg.telethon_session()),
        ],
        ..Opts::default()
    });
    let mut c = SseClient::connect(&s.base).await;
    c.initialize().await;
    (tg, s, c)
}

async fn ok<C: Mcp>(c: &mut C, name: &str, args: Value) -> Value {
    let r = c.call(name, args.clone()).await;
    assert_eq!(r["isError"], false, "{name} {args}: {r}");
    r["structuredContent"].clone()
}

async fn refused<C: Mcp>(c: &mut C, name: &str, args: Value) -> String {
    let r = c.call(name, args.clone()).await;
    assert_eq!(r["isError"], true, "{name} {args}: {r}");
    r["content"][0]["text"].as_str().unwrap_or_default().into()
}

/// Members of `chat` under `filter`, as (first name, role).
async fn members<C: Mcp>(c: &mut C, chat: &str, filter: &str) -> Vec<(String, String)> {
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

fn names(list: &[(String, String)]) -> Vec<&str> {
    list.iter().map(|(n, _)| n.as_str()).collect()
}

#[tokio::test]
async fn admin_tools_are_listed_with_annotations_and_refused_when_read_only() {
    let s = Server::start(Opts {
        env: vec![("TGMCP_TOOLS", "all".into())],
        ..Opts::default()
    });
    let mut c = HttpClient::new(&s.base);
    c.initialize().await;
    let list = c.request("tools/list", json!({})).await;
    let tools = list["result"]["tools"].as_array().cloned().unwrap();
    for (name, destructive, read_only) in ADMIN_TOOLS {
        let t = tools
            .iter()
            .find(|t| t["name"] == *name)
            .unwrap_or_else(|| panic!("{name} not listed"));
        let a = &t["annotations"];
        assert_eq!(a["destructiveHint"], *destructive, "{name}: {a}");
        assert_eq!(a["readOnlyHint"], *read_only, "{name}: {a}");
        assert_eq!(t["outputSchema"]["type"], "object", "{name}");
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

#[tokio::test]
async fn groups_and_channels_are_created_with_their_members() {
    let (tg, _s, mut c) = local().await;
    let g = ok(
        &mut c,
        "create_group",
        json!({"title": "Lisbon trip", "users": ["@alice_demo", "@bob_demo"]}),
    )
    .await;
    assert_eq!(g["chat"]["kind"], "group", "{g}");
    assert_eq!(g["chat"]["title"], "Lisbon trip");
    let id = g["chat"]["id"].to_string();
    let got = ok(&mut c, "get_chat", json!({"chat": id})).await;
    assert_eq!(got["title"], "Lisbon trip");
    let m = members(&mut c, &id, "all").await;
    assert_eq!(names(&m), ["Demo", "Alice", "Bob"], "{m:?}");
    assert_eq!(m[0].1, "creator");
    let h = ok(&mut c, "get_history", json!({"chat": id})).await;
    assert_eq!(h["messages"].as_array().map(Vec::len), Some(1), "{h}");

    let f = ok(
        &mut c,
        "create_channel",
        json!({"title": "Trail Q&A", "about": "Ask about routes", "forum": true}),
    )
    .await;
    assert_eq!(f["chat"]["kind"], "supergroup", "{f}");
    assert_eq!(f["chat"]["is_forum"], true);
    let fid = f["chat"]["id"].to_string();
    let t = ok(
        &mut c,
        "create_topic",
        json!({"chat": fid, "title": "Routes"}),
    )
    .await;
    assert_eq!(t["title"], "Routes", "{t}");
    let ch = ok(&mut c, "create_channel", json!({"title": "Trail Notes"})).await;
    assert_eq!(ch["chat"]["kind"], "channel", "{ch}");
    let about = tg.account().read(|a| {
        a.chats
            .iter()
            .find(|c| c.title == "Trail Q&A")
            .map(|c| c.about.clone())
    });
    assert_eq!(about.as_deref(), Some("Ask about routes"));
}

#[tokio::test]
async fn members_are_invited_kicked_banned_restricted_and_promoted() {
    let (tg, _s, mut c) = local().await;
    let inv = ok(
        &mut c,
        "invite_users",
        json!({"chat": RUST, "users": ["@weather_demo_bot"]}),
    )
    .await;
    assert_eq!(inv["added"], json!([200_000_004]), "{inv}");
    assert_eq!(names(&members(&mut c, RUST, "bots").await), ["Weather Bot"]);

    ok(
        &mut c,
        "kick_user",
        json!({"chat": RUST, "user": "@bob_demo"}),
    )
    .await;
    let all = members(&mut c, RUST, "all").await;
    assert!(!names(&all).contains(&"Bob"), "{all:?}");
    assert!(
        members(&mut c, RUST, "banned").await.is_empty(),
        "a kick is no ban"
    );

    let until = 1_900_000_000i64;
    ok(
        &mut c,
        "ban_user",
        json!({"chat": RUST, "user": "@alice_demo", "until": until}),
    )
    .await;
    let p = ok(
        &mut c,
        "get_participants",
        json!({"chat": RUST, "filter": "banned"}),
    )
    .await;
    assert_eq!(p["participants"][0]["user"]["first_name"], "Alice", "{p}");
    assert_eq!(p["participants"][0]["role"], "banned");
    assert_eq!(p["participants"][0]["until"], until);
    ok(
        &mut c,
        "unban_user",
        json!({"chat": RUST, "user": "@alice_demo"}),
    )
    .await;
    assert!(members(&mut c, RUST, "banned").await.is_empty());

    // Carol has no username: her id (learned from the member list) works.
    let carol = "200000003";
    ok(
        &mut c,
        "set_chat_permissions",
        json!({"chat": RUST, "user": carol, "send_media": false}),
    )
    .await;
    let p = ok(
        &mut c,
        "get_participants",
        json!({"chat": RUST, "filter": "restricted"}),
    )
    .await;
    let m = &p["participants"][0];
    assert_eq!(m["user"]["first_name"], "Carol", "{p}");
    assert_eq!(m["role"], "restricted");
    assert_eq!(m["permissions"]["send_media"], false);
    assert_eq!(m["permissions"]["send_messages"], true);

    let r = ok(
        &mut c,
        "set_admin_rights",
        json!({"chat": RUST, "user": "@alice_demo", "ban_users": true, "manage_topics": true, "rank": "Moderator"}),
    )
    .await;
    assert_eq!(r["status"], "admin rights set", "{r}");
    let p = ok(
        &mut c,
        "get_participants",
        json!({"chat": RUST, "filter": "admins", "query": "alice"}),
    )
    .await;
    let m = &p["participants"][0];
    assert_eq!(
        (&m["role"], &m["rank"]),
        (&json!("admin"), &json!("Moderator")),
        "{p}"
    );
    assert_eq!(m["admin_rights"]["manage_topics"], true);
    assert_eq!(m["admin_rights"]["add_admins"], false);
    ok(
        &mut c,
        "set_admin_rights",
        json!({"chat": RUST, "user": "@alice_demo", "demote": true}),
    )
    .await;
    assert_eq!(names(&members(&mut c, RUST, "admins").await), ["Demo"]);

    ok(
        &mut c,
        "set_chat_permissions",
        json!({"chat": RUST, "send_polls": false, "slow_mode_seconds": 60}),
    )
    .await;
    let (polls_banned, slow) = tg.account().read(|a| {
        let g = &a.ext.groups;
        (
            g.default_rights.get(&RUST_PEER).map(|r| r.send_polls),
            g.slow_mode.get(&RUST_PEER).copied(),
        )
    });
    assert_eq!((polls_banned, slow), (Some(true), Some(60)));

    let e = ok(
        &mut c,
        "edit_chat",
        json!({"chat": RUST, "title": "Rust Study Circle", "about": "Async, wasm and more"}),
    )
    .await;
    assert_eq!(e["chat"]["title"], "Rust Study Circle", "{e}");
    let got = ok(&mut c, "get_chat", json!({"chat": RUST})).await;
    assert_eq!(got["title"], "Rust Study Circle");
    let about = tg
        .account()
        .read(|a| a.chat(1_600_000_002).map(|c| c.about.clone()));
    assert_eq!(about.as_deref(), Some("Async, wasm and more"));

    let log = ok(&mut c, "get_admin_log", json!({"chat": RUST, "limit": 50})).await;
    let actions: Vec<String> = log["events"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|e| e["action"].as_str().unwrap_or_default().to_string())
        .collect();
    for want in [
        "changed the title to \"Rust Study Circle\"",
        "banned Alice Smith",
        "set slow mode to 60 s",
        "invited Weather Bot",
        "demoted Alice Smith",
    ] {
        assert!(actions.iter().any(|a| a == want), "{want} in {actions:?}");
    }
    assert_eq!(log["events"][0]["user_name"], "Demo User");
    let found = ok(
        &mut c,
        "get_admin_log",
        json!({"chat": RUST, "query": "Circle"}),
    )
    .await;
    assert_eq!(found["events"].as_array().map(Vec::len), Some(1), "{found}");
}

#[tokio::test]
async fn invite_links_are_made_listed_and_revoked_and_requests_decided() {
    let (tg, _s, mut c) = local().await;
    let l = ok(&mut c, "list_invite_links", json!({"chat": RUST})).await;
    let links: Vec<&str> = l["links"]
        .as_array()
        .map(|a| a.iter().filter_map(|x| x["link"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        links,
        [
            "https://t.me/+RustStudyGroup",
            "https://t.me/+RustStudyGuests"
        ],
        "{l}"
    );
    assert_eq!(l["links"][0]["permanent"], true);
    let made = ok(
        &mut c,
        "create_invite_link",
        json!({"chat": RUST, "title": "Conference", "usage_limit": 50}),
    )
    .await;
    let link = made["invite"]["link"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(link.starts_with("https://t.me/+"), "{made}");
    assert_eq!(made["invite"]["usage_limit"], 50);
    assert_eq!(made["invite"]["title"], "Conference");
    let l = ok(
        &mut c,
        "list_invite_links",
        json!({"chat": RUST, "limit": 2}),
    )
    .await;
    assert_eq!(l["links"].as_array().map(Vec::len), Some(2));
    let next = l["next_cursor"].clone();
    assert!(next.is_string(), "a second page: {l}");
    let l2 = ok(
        &mut c,
        "list_invite_links",
        json!({"chat": RUST, "limit": 2, "cursor": next}),
    )
    .await;
    assert_eq!(l2["links"].as_array().map(Vec::len), Some(1), "{l2}");

    let r = ok(
        &mut c,
        "revoke_invite_link",
        json!({"chat": RUST, "link": link}),
    )
    .await;
    assert_eq!(r["invite"]["revoked"], true, "{r}");
    let revoked = ok(
        &mut c,
        "list_invite_links",
        json!({"chat": RUST, "revoked": true}),
    )
    .await;
    assert_eq!(revoked["links"][0]["link"], link.as_str(), "{revoked}");
    let hash = link.trim_start_matches("https://t.me/+").to_string();
    assert!(!tg.account().read(|a| a.ext.invites.contains_key(&hash)));
    let err = refused(
        &mut c,
        "revoke_invite_link",
        json!({"chat": RUST, "link": "https://t.me/+NoSuchLink"}),
    )
    .await;
    assert!(err.contains("not an invite link"), "{err}");

    let d = ok(
        &mut c,
        "approve_join_request",
        json!({"chat": RUST, "user": "@prize_demo_spam"}),
    )
    .await;
    assert_eq!(d["status"], "approved: they are a member now", "{d}");
    assert!(names(&members(&mut c, RUST, "all").await).contains(&"Prize"));
    let err = refused(
        &mut c,
        "approve_join_request",
        json!({"chat": RUST, "user": "@prize_demo_spam", "approve": false}),
    )
    .await;
    assert!(err.contains("no pending request"), "{err}");
}

#[tokio::test]
async fn forum_topics_are_created_edited_and_deleted() {
    let (tg, _s, mut c) = local().await;
    let t = ok(
        &mut c,
        "create_topic",
        json!({"chat": FORUM, "title": "Showcase"}),
    )
    .await;
    let id = t["id"].as_i64().unwrap_or_else(|| panic!("{t}"));
    assert_eq!(t["closed"], false);
    let sent = ok(
        &mut c,
        "send_message",
        json!({"chat": FORUM, "text": "First project!", "topic": id}),
    )
    .await;
    assert!(sent["message_id"].is_i64(), "{sent}");
    let e = ok(
        &mut c,
        "edit_topic",
        json!({"chat": FORUM, "topic": id, "title": "Show and tell", "closed": true, "pinned": true}),
    )
    .await;
    assert_eq!(
        (&e["title"], &e["closed"], &e["pinned"]),
        (&json!("Show and tell"), &json!(true), &json!(true)),
        "{e}"
    );
    let l = ok(&mut c, "list_topics", json!({"chat": FORUM})).await;
    let listed = l["topics"]
        .as_array()
        .and_then(|a| a.iter().find(|x| x["id"] == id).cloned())
        .unwrap_or_default();
    assert_eq!(listed["title"], "Show and tell", "{l}");
    assert_eq!(listed["closed"], true);
    let reopened = ok(
        &mut c,
        "edit_topic",
        json!({"chat": FORUM, "topic": id, "closed": false}),
    )
    .await;
    assert_eq!(reopened["closed"], false);

    ok(&mut c, "delete_topic", json!({"chat": FORUM, "topic": id})).await;
    let l = ok(&mut c, "list_topics", json!({"chat": FORUM})).await;
    assert!(
        !l["topics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["id"] == id),
        "{l}"
    );
    let forum = Peer::Channel(1_700_000_003);
    let left = tg.account().read(|a| {
        a.history(forum)
            .iter()
            .filter(|m| m.topic == Some(id as i32) || m.id == id as i32)
            .count()
    });
    assert_eq!(left, 0, "the topic's messages are gone");

    let err = refused(&mut c, "delete_topic", json!({"chat": FORUM, "topic": 1})).await;
    assert!(err.contains("General"), "{err}");
    let err = refused(
        &mut c,
        "edit_topic",
        json!({"chat": FORUM, "topic": 2, "hidden": true}),
    )
    .await;
    assert!(err.contains("only the General topic"), "{err}");
    let err = refused(
        &mut c,
        "edit_topic",
        json!({"chat": FORUM, "topic": 999, "closed": true}),
    )
    .await;
    assert!(err.contains("not found"), "{err}");
    let err = refused(&mut c, "create_topic", json!({"chat": RUST, "title": "x"})).await;
    assert!(err.contains("not a forum"), "{err}");
}

#[tokio::test]
async fn non_admin_unknown_and_wrong_chats_are_refused_clearly() {
    let (tg, _s, mut c) = local().await;
    for (name, args) in [
        (
            "kick_user",
            json!({"chat": "@tgmcp_news", "user": "@bob_demo"}),
        ),
        (
            "edit_chat",
            json!({"chat": "@tgmcp_news", "title": "Mine now"}),
        ),
        ("get_admin_log", json!({"chat": "@tgmcp_news"})),
        ("create_invite_link", json!({"chat": "@tgmcp_news"})),
    ] {
        let err = refused(&mut c, name, args).await;
        assert!(
            err.contains("not an admin of \"@tgmcp_news\""),
            "{name}: {err}"
        );
    }
    let title = tg
        .account()
        .read(|a| a.chat(1_500_000_001).map(|c| c.title.clone()));
    assert_eq!(title.as_deref(), Some("tgmcp News"), "nothing changed");
    let err = refused(
        &mut c,
        "kick_user",
        json!({"chat": "@no_such_group_demo", "user": "@bob_demo"}),
    )
    .await;
    assert!(err.contains("not found"), "{err}");
    let err = refused(
        &mut c,
        "kick_user",
        json!({"chat": RUST, "user": "@no_such_user_demo"}),
    )
    .await;
    assert!(err.contains("not found"), "{err}");
    let err = refused(
        &mut c,
        "edit_chat",
        json!({"chat": "@alice_demo", "title": "x"}),
    )
    .await;
    assert!(err.contains("private chat"), "{err}");
    let err = refused(
        &mut c,
        "ban_user",
        json!({"chat": "Weekend Hikers", "user": "@bob_demo"}),
    )
    .await;
    assert!(err.contains("basic group"), "{err}");
    let err = refused(&mut c, "set_chat_permissions", json!({"chat": RUST})).await;
    assert!(err.contains("nothing to change"), "{err}");
    let err = refused(
        &mut c,
        "set_admin_rights",
        json!({"chat": RUST, "user": "@alice_demo"}),
    )
    .await;
    assert!(err.contains("at least one right"), "{err}");
    let err = refused(
        &mut c,
        "set_chat_permissions",
        json!({"chat": RUST, "slow_mode_seconds": 45}),
    )
    .await;
    assert!(err.contains("slow mode takes one of"), "{err}");
    let err = refused(
        &mut c,
        "get_participants",
        json!({"chat": RUST, "cursor": "not-a-cursor"}),
    )
    .await;
    assert!(err.contains("invalid cursor"), "{err}");
    // Basic groups: kicking works (the creator may), as does the member list.
    ok(
        &mut c,
        "kick_user",
        json!({"chat": "Weekend Hikers", "user": "@bob_demo"}),
    )
    .await;
    let m = members(&mut c, "Weekend Hikers", "all").await;
    assert_eq!(names(&m), ["Demo", "Alice", "Carol"], "{m:?}");
    let gone = tg.account().read(|a| {
        a.members_of(Peer::Chat(4_000_000_001))
            .iter()
            .any(|m| m.user == 200_000_002 && m.role == Role::Member)
    });
    assert!(!gone);
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
