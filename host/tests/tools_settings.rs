//! Chat and profile settings, channel insights and sending scheduled
//! messages now, end to end over MCP on the local MTProto server: listed
//! with their annotations, called with realistic arguments, the effect
//! checked on the account, and bad input refused with a sentence a user can
//! act on.

use crate::common;

use common::*;
use fakegram::Peer;
use serde_json::json;

const RUST: &str = "@rust_study_demo";
const RUST_PEER: Peer = Peer::Channel(1_600_000_002);
/// A 1×1 PNG.
const PNG: &str =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC";

/// (name, destructive, read-only).
const TOOLS: &[(&str, bool, bool)] = &[
    ("set_chat_photo", false, false),
    ("set_chat_settings", false, false),
    ("set_profile_photo", false, false),
    ("set_emoji_status", false, false),
    ("set_birthday", false, false),
    ("get_similar_channels", false, true),
    ("get_chat_stats", false, true),
    ("send_scheduled_now", false, false),
];

#[tokio::test]
async fn listed_with_annotations_and_examples_that_work() {
    let tools = all_tools().await;
    for (name, destructive, read_only) in TOOLS {
        let t = checked_tool(&tools, name, *destructive, *read_only);
        assert!(
            t["inputSchema"]["examples"]
                .as_array()
                .is_some_and(|e| !e.is_empty()),
            "{name} has an example"
        );
    }
    for (name, _, _) in TOOLS {
        examples_work_on_a_fresh_account(name).await;
    }
}

#[tokio::test]
async fn chat_photo_and_switches_change_the_chat() {
    let (tg, _s, mut c) = local().await;
    ok(
        &mut c,
        "set_chat_photo",
        json!({"chat": RUST, "data_base64": PNG}),
    )
    .await;
    assert!(tg
        .account()
        .read(|a| a.ext.groups.photos.contains_key(&RUST_PEER)));
    let r = ok(
        &mut c,
        "set_chat_photo",
        json!({"chat": RUST, "remove": true}),
    )
    .await;
    assert_eq!(r["status"], "photo removed");
    assert!(!tg
        .account()
        .read(|a| a.ext.groups.photos.contains_key(&RUST_PEER)));
    let e = refused(
        &mut c,
        "set_chat_photo",
        json!({"chat": RUST, "data_base64": "aGVsbG8="}),
    )
    .await;
    assert!(e.contains("JPEG or PNG"), "{e}");

    let chat = ok(
        &mut c,
        "set_chat_settings",
        json!({"chat": RUST, "history_visible": false, "anti_spam": true, "forum": true,
               "reactions": ["👍", "🔥"]}),
    )
    .await;
    assert_eq!(chat["is_forum"], true, "{chat}");
    let sw = tg
        .account()
        .read(|a| a.ext.groups.switches.get(&RUST_PEER).cloned());
    let sw = sw.expect("switches stored");
    assert!(sw.history_hidden && sw.anti_spam);
    assert!(format!("{:?}", sw.reactions).contains("🔥"));
    // The same again changes nothing and is no error.
    ok(
        &mut c,
        "set_chat_settings",
        json!({"chat": RUST, "anti_spam": true}),
    )
    .await;
    ok(
        &mut c,
        "set_chat_settings",
        json!({"chat": RUST, "reactions": "none"}),
    )
    .await;

    let e = refused(&mut c, "set_chat_settings", json!({"chat": RUST})).await;
    assert!(e.contains("nothing to change"), "{e}");
    let e = refused(
        &mut c,
        "set_chat_settings",
        json!({"chat": "@alice_demo", "forum": true}),
    )
    .await;
    assert!(e.contains("private chat"), "{e}");
    // Not an admin of the news channel.
    let e = refused(
        &mut c,
        "set_chat_settings",
        json!({"chat": "@tgmcp_news", "signatures": true}),
    )
    .await;
    assert!(e.contains("not an admin"), "{e}");
}

#[tokio::test]
async fn profile_photo_emoji_status_and_birthday() {
    let (tg, _s, mut c) = local().await;
    let me = tg.account().read(|a| a.me.id);
    let before = tg
        .account()
        .read(|a| a.settings.photos.get(&me).map_or(0, Vec::len));
    let r = ok(&mut c, "set_profile_photo", json!({"data_base64": PNG})).await;
    let id: i64 = r["photo_id"].as_str().unwrap().parse().unwrap();
    let photos = tg
        .account()
        .read(|a| a.settings.photos.get(&me).cloned().unwrap_or_default());
    assert_eq!(photos.len(), before + 1);
    assert_eq!(photos[0].id, id, "the new photo is the current one");

    ok(
        &mut c,
        "set_emoji_status",
        json!({"emoji_id": "5368324170671202286", "until": 4_000_000_000i64}),
    )
    .await;
    assert_eq!(
        tg.account().read(|a| a.settings.emoji_status),
        Some((5_368_324_170_671_202_286, Some(i32::MAX)))
    );
    ok(&mut c, "set_emoji_status", json!({})).await;
    assert_eq!(tg.account().read(|a| a.settings.emoji_status), None);

    let r = ok(
        &mut c,
        "set_birthday",
        json!({"day": 14, "month": 3, "year": 1990}),
    )
    .await;
    assert_eq!(r["status"], "birthday set to 1990-03-14");
    let b = tg.account().read(|a| a.settings.birthday.clone()).unwrap();
    assert_eq!((b.day, b.month, b.year), (14, 3, Some(1990)));
    let e = refused(&mut c, "set_birthday", json!({"day": 31, "month": 2})).await;
    assert!(e.contains("not a date"), "{e}");
    let e = refused(&mut c, "set_birthday", json!({"day": 3})).await;
    assert!(e.contains("give day and month"), "{e}");
    ok(&mut c, "set_birthday", json!({})).await;
    assert!(tg.account().read(|a| a.settings.birthday.is_none()));
}

#[tokio::test]
async fn similar_channels_and_statistics() {
    let (_tg, _s, mut c) = local().await;
    let r = ok(
        &mut c,
        "get_similar_channels",
        json!({"chat": "@tgmcp_news"}),
    )
    .await;
    let names: Vec<&str> = r["chats"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["username"].as_str())
        .collect();
    assert_eq!(names, ["rust_releases_demo"], "{r}");
    let e = refused(
        &mut c,
        "get_similar_channels",
        json!({"chat": "@alice_demo"}),
    )
    .await;
    assert!(e.contains("private chat"), "{e}");

    let s = ok(&mut c, "get_chat_stats", json!({"chat": RUST})).await;
    let values = s["values"].as_array().unwrap();
    let members = values.iter().find(|v| v["name"] == "members").unwrap();
    assert_eq!(members["current"], 128.0, "{s}");
    // ISO 8601 in UTC sorts as time does.
    assert!(s["period_end"].as_str() > s["period_start"].as_str(), "{s}");
    // Not an admin of the channel: Telegram's refusal, in words.
    let e = refused(&mut c, "get_chat_stats", json!({"chat": "@tgmcp_news"})).await;
    assert!(e.contains("only to its admins"), "{e}");

    // A channel of one's own has broadcast statistics.
    let ch = ok(&mut c, "create_channel", json!({"title": "Trail Notes"})).await;
    let id = ch["chat"]["id"].as_i64().unwrap();
    let s = ok(&mut c, "get_chat_stats", json!({"chat": id})).await;
    assert!(
        s["values"]
            .as_array()
            .unwrap()
            .iter()
            .any(|v| v["name"] == "followers"),
        "{s}"
    );
    assert!(s["notifications_enabled_percent"].is_number(), "{s}");
}

#[tokio::test]
async fn scheduled_messages_go_out_now() {
    let (tg, _s, mut c) = local().await;
    let scheduled = ok(&mut c, "list_scheduled", json!({"chat": "me"})).await;
    let first = scheduled["messages"][0].clone();
    let id = first["id"].as_i64().unwrap();
    let r = ok(
        &mut c,
        "send_scheduled_now",
        json!({"chat": "me", "message_ids": [id]}),
    )
    .await;
    let sent = &r["messages"][0];
    assert_eq!(sent["text"], first["text"], "{r}");
    assert_ne!(sent["id"], id, "a new id in the chat");
    let left = ok(&mut c, "list_scheduled", json!({"chat": "me"})).await;
    assert!(!left.to_string().contains(first["text"].as_str().unwrap()));
    let history = tg
        .account()
        .read(|a| a.history(Peer::User(a.me.id)).last().cloned());
    assert_eq!(
        history.map(|m| m.text),
        first["text"].as_str().map(String::from)
    );

    let e = refused(
        &mut c,
        "send_scheduled_now",
        json!({"chat": "me", "message_ids": [id]}),
    )
    .await;
    assert!(e.contains("list_scheduled"), "{e}");
}

#[tokio::test]
async fn read_only_refuses_the_changes_and_keeps_the_reads() {
    let (_tg, _s, mut c) = local_with(vec![("TGMCP_READ_ONLY", "1".into())]).await;
    let names = c.tool_names().await;
    for (name, _, read_only) in TOOLS {
        assert_eq!(
            names.iter().any(|n| n == name),
            *read_only,
            "{name} under --read-only"
        );
    }
    ok(&mut c, "get_chat_stats", json!({"chat": RUST})).await;
}
