//! Creating groups and channels, managing members, and the refusals of
//! non-admin, unknown and wrong chats.

use fakegram::{Peer, Role};
use serde_json::json;

use super::{local, members, names, ok, refused, RUST, RUST_PEER};

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

    // Written with an offset, read back in UTC.
    let until = "2030-03-17T17:46:40Z";
    ok(
        &mut c,
        "ban_user",
        json!({"chat": RUST, "user": "@alice_demo", "until": "2030-03-17T20:46:40+03:00"}),
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
    assert!(m["permissions"].get("send_media").is_none()); // false is left out
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
    assert!(m["admin_rights"].get("add_admins").is_none()); // false is left out
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
