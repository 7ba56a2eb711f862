//! The extras and payments tools over MCP, against the local MTProto server:
//! each listed with its annotations, called with realistic arguments, its
//! effect checked on the account; bad input gets a sentence; read-only mode
//! refuses the changes and Stars spending; the send quota counts paid
//! reactions.
use crate::common;

use common::*;
use fakegram::Peer;
use serde_json::json;

const NEWS: i64 = 1_500_000_001;

/// (name, destructive, read-only) of every tool these crates add.
const TOOLS: &[(&str, bool, bool)] = &[
    ("translate_message", false, true),
    ("get_web_preview", false, true),
    ("get_boosts", false, true),
    ("get_fact_check", false, true),
    ("set_fact_check", false, false),
    ("list_quick_replies", false, true),
    ("get_group_call", false, true),
    ("set_default_reaction", false, false),
    ("get_business_links", false, true),
    ("set_business_profile", false, false),
    ("get_stars_status", false, true),
    ("list_gifts", false, true),
    ("send_paid_reaction", true, false),
];

#[tokio::test]
async fn every_tool_is_listed_with_its_annotations_and_its_examples_work() {
    let tools = all_tools().await;
    for (name, destructive, read_only) in TOOLS {
        checked_tool(&tools, name, *destructive, *read_only);
    }
    for (name, _, _) in TOOLS {
        examples_work_on_a_fresh_account(name).await;
    }
}

#[tokio::test]
async fn the_reads_return_what_the_account_has() {
    let (_tg, _s, mut c) = local().await;
    let t = ok(
        &mut c,
        "translate_message",
        json!({"chat": "@rust_study_demo", "message_ids": [3], "lang": "de"}),
    )
    .await;
    let first = &t["translations"][0];
    assert_eq!(first["id"], 3, "{t}");
    // fakegram's stand-in translator marks its output with the language.
    assert!(first["text"].as_str().unwrap().starts_with("[de] "), "{t}");

    let p = ok(
        &mut c,
        "get_web_preview",
        json!({"url": "https://example.com/slides/wasm-components"}),
    )
    .await;
    assert_eq!(
        p["preview"]["title"],
        "WebAssembly components with wasmtime"
    );
    assert_eq!(p["preview"]["site_name"], "Example");
    let none = ok(
        &mut c,
        "get_web_preview",
        json!({"url": "https://example.com/nothing-here"}),
    )
    .await;
    assert!(none["preview"].is_null(), "{none}");

    let b = ok(&mut c, "get_boosts", json!({"chat": "@tgmcp_news"})).await;
    assert_eq!(b["level"], 2, "{b}");
    assert_eq!(b["boosts"], 5);
    assert_eq!(b["next_level_boosts"], 7);
    assert_eq!(b["boost_url"], "https://t.me/boost/tgmcp_news");

    let f = ok(
        &mut c,
        "get_fact_check",
        json!({"chat": "@tgmcp_news", "message_ids": [1, 4]}),
    )
    .await;
    let list = f["fact_checks"].as_array().unwrap();
    assert_eq!(list.len(), 1, "{f}");
    assert_eq!(list[0]["id"], 4);
    assert!(list[0]["text"].as_str().unwrap().contains("login codes"));

    let q = ok(&mut c, "list_quick_replies", json!({})).await;
    assert_eq!(q["quick_replies"][0]["shortcut"], "hello", "{q}");
    assert_eq!(q["quick_replies"].as_array().unwrap().len(), 2);

    let call = ok(
        &mut c,
        "get_group_call",
        json!({"chat": "@rust_study_demo"}),
    )
    .await;
    assert_eq!(call["call"]["title"], "Weekly Rust call", "{call}");
    assert_eq!(call["call"]["participants_count"], 2);
    assert_eq!(call["call"]["participants"][0]["name"], "Alice Smith");
    assert_eq!(call["call"]["participants"][1]["muted"], true);
    let quiet = ok(&mut c, "get_group_call", json!({"chat": "@tgmcp_news"})).await;
    assert!(quiet["call"].is_null(), "{quiet}");

    let l = ok(&mut c, "get_business_links", json!({})).await;
    assert_eq!(l["links"][0]["link"], "https://t.me/m/demoLink1", "{l}");
    assert_eq!(l["links"][0]["views"], 12);
}

#[tokio::test]
async fn the_changes_reach_the_account() {
    let (tg, _s, mut c) = local().await;
    let text = "The release date is confirmed by the changelog.";
    ok(
        &mut c,
        "set_fact_check",
        json!({"chat": "@tgmcp_news", "message_id": 1, "text": text}),
    )
    .await;
    let f = ok(
        &mut c,
        "get_fact_check",
        json!({"chat": "@tgmcp_news", "message_ids": [1]}),
    )
    .await;
    assert_eq!(f["fact_checks"][0]["text"], text, "{f}");
    ok(
        &mut c,
        "set_fact_check",
        json!({"chat": "@tgmcp_news", "message_id": 1, "text": ""}),
    )
    .await;
    let gone = tg
        .account()
        .read(|a| a.perks.fact_checks.contains_key(&(NEWS, 1)));
    assert!(!gone);

    ok(&mut c, "set_default_reaction", json!({"emoji": "🔥"})).await;
    assert_eq!(
        tg.account().read(|a| a.perks.default_reaction.clone()),
        "🔥"
    );

    let out = ok(
        &mut c,
        "set_business_profile",
        json!({
            "hours": {"timezone": "Europe/Berlin", "open": [{"start_minute": 540, "end_minute": 1080}]},
            "address": "Alexanderplatz 1, Berlin",
            "greeting": {"quick_reply_id": 1, "no_activity_days": 14},
            "away": {"quick_reply_id": 2, "when": "outside_hours", "offline_only": true}
        }),
    )
    .await;
    assert_eq!(
        out["changed"],
        json!(["hours", "location", "greeting", "away"])
    );
    let b = tg.account().read(|a| a.perks.business.clone());
    assert_eq!(b.hours, Some(("Europe/Berlin".into(), vec![(540, 1080)])));
    assert_eq!(b.address.as_deref(), Some("Alexanderplatz 1, Berlin"));
    assert_eq!(b.greeting, Some((1, 14)));
    assert_eq!(b.away, Some((2, true, true)));
    ok(
        &mut c,
        "set_business_profile",
        json!({"clear": ["location", "away"]}),
    )
    .await;
    let b = tg.account().read(|a| a.perks.business.clone());
    assert_eq!(b.address, None);
    assert_eq!(b.away, None);
    assert!(b.hours.is_some());
}

#[tokio::test]
async fn bad_input_gets_a_sentence() {
    let (_tg, _s, mut c) = local().await;
    let e = refused(&mut c, "get_boosts", json!({"chat": "@no_such_chat_here"})).await;
    assert!(e.contains("not found"), "{e}");
    let e = refused(
        &mut c,
        "translate_message",
        json!({"chat": "@rust_study_demo", "message_ids": [3], "lang": "german!"}),
    )
    .await;
    assert!(e.contains("language code"), "{e}");
    let e = refused(
        &mut c,
        "translate_message",
        json!({"chat": "@rust_study_demo", "message_ids": [99999], "lang": "de"}),
    )
    .await;
    assert!(e.contains("MESSAGE_ID_INVALID"), "{e}");
    let e = refused(&mut c, "get_group_call", json!({"chat": "@alice_demo"})).await;
    assert!(e.contains("private chat"), "{e}");
    let e = refused(
        &mut c,
        "get_web_preview",
        json!({"url": "ftp://example.com/x"}),
    )
    .await;
    assert!(e.contains("http(s)"), "{e}");
    let e = refused(
        &mut c,
        "set_fact_check",
        json!({"chat": "@rust_study_demo", "message_id": 3, "text": "x"}),
    )
    .await;
    assert!(
        e.contains("PEER_ID_INVALID") || e.contains("not found"),
        "{e}"
    );
    let e = refused(
        &mut c,
        "set_business_profile",
        json!({"greeting": {"quick_reply_id": 77, "no_activity_days": 7}}),
    )
    .await;
    assert!(e.contains("SHORTCUT_INVALID"), "{e}");
    let e = refused(&mut c, "set_business_profile", json!({})).await;
    assert!(e.contains("nothing to change"), "{e}");
}

#[tokio::test]
async fn stars_are_read_and_spent_within_the_cap() {
    let (tg, _s, mut c) = local().await;
    let s = ok(&mut c, "get_stars_status", json!({})).await;
    assert_eq!(s["balance"], 250, "{s}");
    let tx = s["transactions"].as_array().unwrap();
    assert_eq!(tx.len(), 2);
    assert_eq!(tx[0]["amount"], -50, "newest first: {s}");
    assert_eq!(tx[0]["reaction"], true);
    assert_eq!(tx[0]["peer_id"], -1_001_500_000_001_i64);
    assert_eq!(s["subscriptions"][0]["amount"], 25);

    let g = ok(&mut c, "list_gifts", json!({})).await;
    let gifts = g["gifts"].as_array().unwrap();
    assert_eq!(gifts.len(), 3, "{g}");
    assert_eq!(gifts[2]["limited"], true);
    assert_eq!(gifts[2]["remains"], 42);

    let r = ok(
        &mut c,
        "send_paid_reaction",
        json!({"chat": "@tgmcp_news", "message_id": 2, "stars": 5}),
    )
    .await;
    assert_eq!(r["balance"], 245, "{r}");
    let spent = tg.account().read(|a| {
        a.perks
            .paid_reactions
            .get(&(Peer::Channel(NEWS), 2))
            .copied()
    });
    assert_eq!(spent, Some(5));
    let s = ok(&mut c, "get_stars_status", json!({"limit": 1})).await;
    assert_eq!(s["transactions"][0]["amount"], -5, "{s}");

    // Over the cap: refused before Telegram (the schema says so too).
    let e = refused(
        &mut c,
        "send_paid_reaction",
        json!({"chat": "@tgmcp_news", "message_id": 2, "stars": 101}),
    )
    .await;
    assert!(e.contains("100"), "{e}");
    // Not in a basic group; not for a message that is not there.
    let e = refused(
        &mut c,
        "send_paid_reaction",
        json!({"chat": "Weekend Hikers", "message_id": 1, "stars": 1}),
    )
    .await;
    assert!(e.contains("REACTION_INVALID"), "{e}");
    let e = refused(
        &mut c,
        "send_paid_reaction",
        json!({"chat": "@tgmcp_news", "message_id": 9999, "stars": 1}),
    )
    .await;
    assert!(e.contains("MSG_ID_INVALID"), "{e}");
    assert_eq!(tg.account().read(|a| a.perks.stars), 245);
}

#[tokio::test]
async fn read_only_refuses_the_changes_and_spending_but_not_the_reads() {
    let (tg, _s, mut c) = local_with(vec![("TGMCP_READ_ONLY", "true".into())]).await;
    let names = c.tool_names().await;
    // Read-only mode hides the writes; the reads stay.
    for (name, _, read_only) in TOOLS {
        assert_eq!(
            names.iter().any(|n| n == name),
            *read_only,
            "{name}: {names:?}"
        );
    }
    ok(&mut c, "get_stars_status", json!({})).await;
    ok(&mut c, "get_boosts", json!({"chat": "@tgmcp_news"})).await;
    assert_eq!(tg.account().read(|a| a.perks.stars), 250);
}

#[tokio::test]
async fn paid_reactions_count_against_the_send_quota() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("policy.toml");
    std::fs::write(&policy, "[quotas]\nsends_per_minute = 1\n").unwrap();
    let (tg, _s, mut c) = local_with(vec![("TGMCP_POLICY", policy.display().to_string())]).await;
    ok(
        &mut c,
        "send_paid_reaction",
        json!({"chat": "@tgmcp_news", "message_id": 1, "stars": 1}),
    )
    .await;
    let e = refused(
        &mut c,
        "send_paid_reaction",
        json!({"chat": "@tgmcp_news", "message_id": 1, "stars": 1}),
    )
    .await;
    assert!(e.contains("send quota reached"), "{e}");
    assert_eq!(tg.account().read(|a| a.perks.stars), 249);
}
