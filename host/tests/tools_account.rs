//! The account tools (contacts and settings crates, telegram-account) end to
//! end over MCP: listed with their annotations and profiles, hidden or
//! refused when read-only, granted to plugin files only by the policy, called
//! with realistic arguments, and their effect checked through the read tools
//! or on the local MTProto server itself.

mod common;

use common::*;
use fakegram::Peer;
use serde_json::{json, Value};

/// Every tool of telegram-account: (name, destructive, read-only, in std).
const ACCOUNT_TOOLS: &[(&str, bool, bool, bool)] = &[
    ("add_contact", false, false, true),
    ("delete_contact", true, false, true),
    ("import_contacts", false, false, false),
    ("block_user", false, false, true),
    ("unblock_user", false, false, true),
    ("report_spam", true, false, false),
    ("update_profile", false, false, true),
    ("delete_profile_photo", true, false, false),
    ("get_privacy", false, true, false),
    ("set_privacy", false, false, false),
    ("list_sessions", false, true, false),
    ("terminate_session", true, false, false),
    // In the account crate (telegram-read).
    ("get_contact_requests", false, true, false),
    ("export_contacts", false, true, false),
    // In the media crate (telegram-media).
    ("get_user_photos", false, true, false),
];

const BOB: i64 = 200_000_002;
const CAROL: i64 = 200_000_003;

/// The local MTProto server and `tgmcp serve` on it, every tool listed.
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

fn user(tg: &fakegram::Server, id: i64) -> fakegram::User {
    tg.account()
        .read(|a| a.users.iter().find(|u| u.id == id).cloned())
        .expect("user")
}

async fn contact_names<C: Mcp>(c: &mut C) -> Vec<String> {
    let l = ok(c, "list_contacts", json!({"limit": 100})).await;
    l["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["first_name"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[tokio::test]
async fn account_tools_are_listed_by_profile_and_only_reads_when_read_only() {
    let s = Server::start(Opts {
        env: vec![("TGMCP_TOOLS", "all".into())],
        ..Opts::default()
    });
    let mut c = HttpClient::new(&s.base);
    c.initialize().await;
    let list = c.request("tools/list", json!({})).await;
    let tools = list["result"]["tools"].as_array().cloned().unwrap();
    for (name, destructive, read_only, _) in ACCOUNT_TOOLS {
        let t = tools
            .iter()
            .find(|t| t["name"] == *name)
            .unwrap_or_else(|| panic!("{name} not listed"));
        let a = &t["annotations"];
        assert_eq!(a["destructiveHint"], *destructive, "{name}: {a}");
        assert_eq!(a["readOnlyHint"], *read_only, "{name}: {a}");
        assert_eq!(t["outputSchema"]["type"], "object", "{name}");
        assert!(t["inputSchema"]["examples"].is_array(), "{name}: {t}");
    }

    let s = Server::start(Opts {
        env: vec![("TGMCP_TOOLS", "std".into())],
        ..Opts::default()
    });
    let mut c = HttpClient::new(&s.base);
    c.initialize().await;
    let names = c.tool_names().await;
    for (name, _, _, std) in ACCOUNT_TOOLS {
        assert_eq!(names.iter().any(|n| n == name), *std, "{name} in std");
    }

    let s = Server::start(Opts {
        args: vec!["--read-only"],
        env: vec![("TGMCP_TOOLS", "all".into())],
        ..Opts::default()
    });
    let mut c = HttpClient::new(&s.base);
    c.initialize().await;
    let names = c.tool_names().await;
    for (name, _, read_only, _) in ACCOUNT_TOOLS {
        assert_eq!(names.iter().any(|n| n == name), *read_only, "{name}");
    }
    for (name, args) in [
        ("add_contact", json!({"user": "@bob_demo", "first_name": "B"})),
        ("block_user", json!({"user": "@bob_demo"})),
        ("update_profile", json!({"bio": "x"})),
        ("terminate_session", json!({"hash": "7311000000000002"})),
    ] {
        let r = c
            .request("tools/call", json!({"name": name, "arguments": args}))
            .await;
        assert!(
            r.get("error").is_some() || r["result"]["isError"] == true,
            "{name}: {r}"
        );
    }
    let p = ok(&mut c, "get_privacy", json!({"setting": "phone_number"})).await;
    assert_eq!(p["base"], "contacts", "{p}");
    let l = ok(&mut c, "list_sessions", json!({})).await;
    assert_eq!(l["sessions"].as_array().map(Vec::len), Some(3), "{l}");
}

#[tokio::test]
async fn a_plugin_file_gets_telegram_account_only_when_granted() {
    let dir = tempfile::tempdir().unwrap();
    let pdir = dir.path().join("plugins");
    std::fs::create_dir_all(&pdir).unwrap();
    std::fs::copy(
        wasm_dir().join("tgmcp_plugin_settings.wasm"),
        pdir.join("mysettings.wasm"),
    )
    .unwrap();
    let overrides = "[plugins.mysettings]\noverrides = [\"update_profile\", \"delete_profile_photo\", \"get_privacy\", \"set_privacy\", \"list_sessions\", \"terminate_session\"]\n";
    let start = |policy: String| {
        let file = dir.path().join("policy.toml");
        std::fs::write(&file, policy).unwrap();
        Server::start(Opts {
            args: vec![
                "--policy",
                Box::leak(file.to_string_lossy().into_owned().into_boxed_str()),
            ],
            plugins_dir: Some(Box::leak(Box::new(pdir.clone())).as_path()),
            env: vec![("TGMCP_TOOLS", "all".into())],
            ..Opts::default()
        })
    };
    let s = start(overrides.to_string());
    let h = health(&s).await;
    let e = h["plugin_errors"][0]["error"].as_str().unwrap_or_default();
    assert!(e.contains("tgmcp:plugin/telegram-account@0.2.0"), "{h}");
    assert!(
        e.contains("[plugins.mysettings] grant = [\"telegram-account\"]"),
        "{e}"
    );
    drop(s);
    let s = start(format!("{overrides}grant = [\"telegram-account\"]\n"));
    let h = health(&s).await;
    assert_eq!(h["plugin_errors"].as_array().map(Vec::len), Some(0), "{h}");
    let mut c = HttpClient::new(&s.base);
    c.initialize().await;
    let l = ok(&mut c, "list_sessions", json!({})).await;
    assert_eq!(l["sessions"][0]["current"], true, "{l}");
}

#[tokio::test]
async fn contacts_are_added_renamed_imported_deleted_and_blocked() {
    let (tg, _s, mut c) = local().await;
    // Renaming: the contact's name is the alias to find them by.
    let u = ok(
        &mut c,
        "add_contact",
        json!({"user": "@bob_demo", "first_name": "Bob", "last_name": "Accountant"}),
    )
    .await;
    assert_eq!(u["last_name"], "Accountant", "{u}");
    let found = ok(&mut c, "search_contacts", json!({"query": "accountant"})).await;
    assert_eq!(found["users"][0]["id"], BOB, "{found}");
    // Adding someone who was not a contact.
    ok(
        &mut c,
        "add_contact",
        json!({"user": 200000003, "first_name": "Carol", "share_phone": true}),
    )
    .await;
    assert!(contact_names(&mut c).await.contains(&"Carol".to_string()));
    tg.account()
        .read(|a| assert_eq!(a.settings.phone_shared, vec![200_000_003]));
    let e = refused(
        &mut c,
        "add_contact",
        json!({"user": "@nobody_here_at_all", "first_name": "X"}),
    )
    .await;
    assert!(e.contains("not found"), "{e}");
    let e = refused(&mut c, "add_contact", json!({"user": "me", "first_name": "Me"})).await;
    assert!(e.contains("the account itself"), "{e}");
    let e = refused(&mut c, "add_contact", json!({"user": "@bob_demo"})).await;
    assert!(e.contains("first_name"), "{e}");

    let d = ok(&mut c, "delete_contact", json!({"users": ["@bob_demo"]})).await;
    assert_eq!(d["deleted"], 1);
    assert!(!user(&tg, BOB).contact);
    assert!(!contact_names(&mut c).await.contains(&"Bob".to_string()));
    let e = refused(&mut c, "delete_contact", json!({"users": []})).await;
    assert!(!e.is_empty());

    let r = ok(
        &mut c,
        "import_contacts",
        json!({"contacts": [
            {"phone": "+15550000003", "first_name": "Bob", "last_name": "Builder"},
            {"phone": "+15550009999", "first_name": "Nobody"}
        ]}),
    )
    .await;
    assert_eq!(r["imported"][0]["id"], BOB, "{r}");
    assert_eq!(r["not_found"], json!(["+15550009999"]), "{r}");
    let bob = user(&tg, BOB);
    assert!(bob.contact && bob.last_name.as_deref() == Some("Builder"));

    let b = ok(&mut c, "block_user", json!({"user": "@bob_demo"})).await;
    assert_eq!(b["blocked"], true);
    let l = ok(&mut c, "list_blocked", json!({})).await;
    assert!(l["users"].as_array().unwrap().iter().any(|u| u["id"] == BOB), "{l}");
    let g = ok(&mut c, "get_user", json!({"user": "@bob_demo"})).await;
    assert_eq!(g["blocked"], true, "{g}");
    ok(&mut c, "unblock_user", json!({"user": "@bob_demo"})).await;
    assert!(!user(&tg, BOB).blocked);
    let e = refused(&mut c, "block_user", json!({"user": "@tgmcp_news"})).await;
    assert!(e.contains("not a user"), "{e}");

    let r = ok(&mut c, "report_spam", json!({"chat": "@prize_demo_spam"})).await;
    assert_eq!(r["reported"], true);
    tg.account().read(|a| {
        assert_eq!(a.settings.reported, vec![Peer::User(200_000_005)]);
    });
    let e = refused(&mut c, "report_spam", json!({"chat": "me"})).await;
    assert!(e.contains("Saved Messages"), "{e}");
}

#[tokio::test]
async fn the_profile_changes_show_in_get_me_and_get_user() {
    let (tg, _s, mut c) = local().await;
    let p = ok(
        &mut c,
        "update_profile",
        json!({"first_name": "Dana", "last_name": "", "bio": "Maps, hikes and Rust"}),
    )
    .await;
    assert_eq!(p["user"]["first_name"], "Dana", "{p}");
    assert_eq!(p["user"]["last_name"], Value::Null, "{p}");
    assert_eq!(p["about"], "Maps, hikes and Rust", "{p}");
    let me = ok(&mut c, "get_me", json!({})).await;
    assert_eq!(me["first_name"], "Dana", "{me}");

    let e = refused(&mut c, "update_profile", json!({"username": "alice_demo"})).await;
    assert!(e.contains("@alice_demo is taken"), "{e}");
    let e = refused(&mut c, "update_profile", json!({"username": "9lives"})).await;
    assert!(e.contains("not a valid username"), "{e}");
    let e = refused(&mut c, "update_profile", json!({"bio": "x".repeat(71)})).await;
    assert!(e.contains("at most 70"), "{e}");
    let e = refused(&mut c, "update_profile", json!({})).await;
    assert!(e.contains("nothing to change"), "{e}");
    ok(&mut c, "update_profile", json!({"username": "@dana_maps"})).await;
    let me = ok(&mut c, "get_me", json!({})).await;
    assert_eq!(me["username"], "dana_maps", "{me}");
    tg.account().read(|a| {
        assert_eq!(a.me.username.as_deref(), Some("dana_maps"));
        assert_eq!(a.me.about.as_deref(), Some("Maps, hikes and Rust"));
    });
    // The old username is free again; the new one resolves to the account.
    let g = ok(&mut c, "get_user", json!({"user": "@dana_maps"})).await;
    assert_eq!(g["user"]["first_name"], "Dana", "{g}");
}

#[tokio::test]
async fn privacy_sessions_and_profile_photos_change_on_the_account() {
    let (tg, _s, mut c) = local().await;
    let p = ok(&mut c, "get_privacy", json!({"setting": "phone_number"})).await;
    assert_eq!(
        (&p["base"], &p["allow"]),
        (&json!("contacts"), &json!([200000001])),
        "{p}"
    );
    let set = json!({
        "setting": "last_seen",
        "base": "contacts",
        "allow": ["@bob_demo", "@rust_study_demo"],
        "deny": [-4000000001i64]
    });
    let p = ok(&mut c, "set_privacy", set).await;
    assert_eq!(p["base"], "contacts", "{p}");
    assert_eq!(p["allow"], json!([BOB, -1001600000002i64]), "{p}");
    assert_eq!(p["deny"], json!([-4000000001i64]), "{p}");
    let again = ok(&mut c, "get_privacy", json!({"setting": "last_seen"})).await;
    assert_eq!(again, p);
    tg.account().read(|a| {
        assert!(a.settings.privacy.contains_key("status_timestamp"));
    });
    let e = refused(
        &mut c,
        "set_privacy",
        json!({"setting": "calls", "base": "nobody", "allow": ["@tgmcp_news"]}),
    )
    .await;
    assert!(e.contains("not a user or a group"), "{e}");
    let e = refused(
        &mut c,
        "set_privacy",
        json!({"setting": "mood", "base": "nobody"}),
    )
    .await;
    assert!(e.contains("setting"), "{e}");

    let l = ok(&mut c, "list_sessions", json!({})).await;
    let sessions = l["sessions"].as_array().unwrap();
    assert_eq!(sessions.len(), 3, "{l}");
    assert_eq!((&sessions[0]["current"], &sessions[0]["hash"]), (&json!(true), &json!("0")));
    assert_eq!(sessions[1]["device"], "iPhone 15");
    let e = refused(&mut c, "terminate_session", json!({"hash": "0"})).await;
    assert!(e.contains("tgmcp itself runs on"), "{e}");
    let e = refused(&mut c, "terminate_session", json!({"hash": "12345"})).await;
    assert!(e.contains("no session with hash 12345"), "{e}");
    let e = refused(&mut c, "terminate_session", json!({"hash": "abc"})).await;
    assert!(e.contains("not a number"), "{e}");
    let t = ok(&mut c, "terminate_session", json!({"hash": "7311000000000002"})).await;
    assert_eq!(t["terminated"], "7311000000000002");
    let l = ok(&mut c, "list_sessions", json!({})).await;
    assert_eq!(l["sessions"].as_array().map(Vec::len), Some(2), "{l}");

    let photos = |tg: &fakegram::Server| {
        tg.account().read(|a| {
            a.settings.photos[&a.me.id]
                .iter()
                .map(|p| p.id)
                .collect::<Vec<_>>()
        })
    };
    let d = ok(&mut c, "delete_profile_photo", json!({})).await;
    assert_eq!(d["deleted"], json!(["7100000002"]), "{d}");
    assert_eq!(photos(&tg), vec![7_100_000_001]);
    let e = refused(&mut c, "delete_profile_photo", json!({"photo_ids": ["999"]})).await;
    assert!(e.contains("no profile photo with id 999"), "{e}");
    ok(&mut c, "delete_profile_photo", json!({"photo_ids": [7100000001i64]})).await;
    assert!(photos(&tg).is_empty());
    let e = refused(&mut c, "delete_profile_photo", json!({})).await;
    assert!(e.contains("no profile photo"), "{e}");
}

#[tokio::test]
async fn contact_requests_and_the_contacts_export() {
    let (tg, _s, mut c) = local().await;
    let r = ok(&mut c, "get_contact_requests", json!({})).await;
    assert_eq!(r["chats"], json!([]), "nobody but contacts and a bot wrote: {r}");
    tg.account()
        .deliver(Peer::User(CAROL), CAROL, "Hi! Carol from the forum: could you review my plugin?")
        .unwrap();
    let r = ok(&mut c, "get_contact_requests", json!({"limit": 10})).await;
    let chats = r["chats"].as_array().unwrap();
    assert_eq!(chats.len(), 1, "{r}");
    assert_eq!((&chats[0]["id"], &chats[0]["title"]), (&json!(CAROL), &json!("Carol Jones")));
    assert_eq!(chats[0]["unread_count"], 1, "{r}");
    ok(&mut c, "add_contact", json!({"user": CAROL, "first_name": "Carol", "last_name": "Plugins"})).await;
    let r = ok(&mut c, "get_contact_requests", json!({})).await;
    assert_eq!(r["chats"], json!([]), "a contact now: {r}");
    let e = refused(&mut c, "get_contact_requests", json!({"cursor": "garbage"})).await;
    assert!(e.contains("cursor"), "{e}");

    let x = ok(&mut c, "export_contacts", json!({})).await;
    assert_eq!(x["count"], 3, "{x}");
    assert_eq!(x["truncated"], false);
    assert!(x.get("vcard").is_none(), "{x}");
    let names: Vec<&str> = x["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|u| u["first_name"].as_str())
        .collect();
    assert_eq!(names, ["Alice", "Bob", "Carol"]);
    let v = ok(&mut c, "export_contacts", json!({"format": "vcard"})).await;
    let card = v["vcard"].as_str().unwrap();
    assert_eq!(card.matches("BEGIN:VCARD\r\n").count(), 3, "{card}");
    for line in [
        "N:Smith;Alice;;;",
        "FN:Alice Smith",
        "TEL;TYPE=CELL:+15550000002",
        "URL:https://t.me/alice_demo",
        "X-TELEGRAM-ID:200000001",
        "FN:Carol Plugins",
    ] {
        assert!(card.contains(&format!("{line}\r\n")), "{line} in {card}");
    }
    let e = refused(&mut c, "export_contacts", json!({"format": "csv"})).await;
    assert!(e.contains("format") || e.contains("csv"), "{e}");
}

#[tokio::test]
async fn profile_photos_come_back_inline_as_images() {
    use base64::Engine as _;
    let (_tg, _s, mut c) = local().await;
    let r = c.call("get_user_photos", json!({"user": "@alice_demo"})).await;
    assert_eq!(r["isError"], false, "{r}");
    let photos = r["structuredContent"]["photos"].as_array().cloned().unwrap();
    assert_eq!(photos.len(), 1, "{r}");
    assert_eq!(photos[0]["id"], "7100000003");
    let image = &r["content"][1];
    assert_eq!((&image["type"], &image["mimeType"]), (&json!("image"), &json!("image/png")), "{image}");
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(image["data"].as_str().unwrap())
        .unwrap();
    assert_eq!(bytes, fakegram::png(16, 16, [60, 160, 90]), "the thumbnail");

    let full = c
        .call("get_user_photos", json!({"user": "me", "full_size": true, "limit": 5}))
        .await;
    let ids: Vec<&str> = full["structuredContent"]["photos"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["id"].as_str())
        .collect();
    assert_eq!(ids, ["7100000002", "7100000001"], "current first: {full}");
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(full["content"][1]["data"].as_str().unwrap())
        .unwrap();
    assert_eq!(bytes, fakegram::png(64, 64, [40, 120, 200]), "the largest size");
    let cut = ok(&mut c, "get_user_photos", json!({"user": "me", "max_bytes": 10})).await;
    assert_eq!(cut["photos"][0]["truncated"], true, "{cut}");

    ok(&mut c, "delete_profile_photo", json!({})).await;
    let after = ok(&mut c, "get_user_photos", json!({"user": "me"})).await;
    assert_eq!(after["photos"].as_array().map(Vec::len), Some(1), "{after}");
    let none = ok(&mut c, "get_user_photos", json!({"user": "@bob_demo"})).await;
    assert_eq!(none["photos"], json!([]));
    let e = refused(&mut c, "get_user_photos", json!({"user": "@tgmcp_news"})).await;
    assert!(e.contains("not a user"), "{e}");
    let e = refused(&mut c, "get_user_photos", json!({"user": "@alice_demo", "limit": 50})).await;
    assert!(e.contains("limit"), "{e}");
}
