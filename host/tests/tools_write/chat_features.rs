//! Scheduled deletes, bot buttons, folders, albums and voice notes: the
//! effect checked through the read tools and on the local server.

use base64::Engine as _;
use fakegram::{Peer, StoredMedia};
use serde_json::{json, Value};

use super::common::examples_work_on_a_fresh_account;
use super::{id, local, ok, refused};

const BOT: Peer = Peer::User(200_000_004);

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[tokio::test]
async fn scheduled_messages_are_listed_and_deleted() {
    let (tg, _s, mut c) = local().await;
    let tomorrow = jiff::Timestamp::now().as_second() + 86_400;
    let s = ok(
        &mut c,
        "send_message",
        json!({"chat": "me", "text": "Pack the jacket", "schedule_at": tomorrow}),
    )
    .await;
    let mine = id(&s);
    let l = ok(&mut c, "list_scheduled", json!({"chat": "me"})).await;
    let ids: Vec<i64> = l["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["id"].as_i64())
        .collect();
    assert_eq!(ids, [1_000_001, mine], "soonest first: {l}");
    let d = ok(
        &mut c,
        "delete_scheduled",
        json!({"chat": "me", "message_ids": [mine, 424242]}),
    )
    .await;
    assert_eq!(d["deleted"], 1, "{d}");
    let left = tg.account().read(|a| a.ext.scheduled.len());
    assert_eq!(left, 1);
    let e = refused(
        &mut c,
        "delete_scheduled",
        json!({"chat": "@nobody_at_all", "message_ids": [1]}),
    )
    .await;
    assert!(e.contains("not found"), "{e}");
    let e = refused(
        &mut c,
        "delete_scheduled",
        json!({"chat": "me", "message_ids": []}),
    )
    .await;
    assert!(!e.is_empty());
}

#[tokio::test]
async fn a_pressed_button_reaches_the_bot_and_returns_its_answer() {
    let (tg, _s, mut c) = local().await;
    let p = ok(
        &mut c,
        "press_button",
        json!({"chat": "@weather_demo_bot", "message_id": 9, "text": "🔄 Refresh"}),
    )
    .await;
    assert_eq!(
        p["answer"]["message"], "Lisbon: 18°C, sunny, wind 10 km/h",
        "{p}"
    );
    assert!(p["answer"].get("alert").is_none()); // false is left out
    let p = ok(
        &mut c,
        "press_button",
        json!({"chat": "@weather_demo_bot", "message_id": 9, "row": 0, "column": 1}),
    )
    .await;
    assert_eq!(p["answer"]["alert"], true, "{p}");
    let pressed = tg.account().read(|a| a.ext.pressed.clone());
    let data: Vec<(Peer, i32, String)> = pressed
        .into_iter()
        .map(|(p, m, d)| (p, m, String::from_utf8_lossy(&d).into_owned()))
        .collect();
    assert_eq!(
        data,
        [
            (BOT, 9, "refresh:lisbon".to_string()),
            (BOT, 9, "tomorrow:lisbon".to_string())
        ]
    );
    for (args, want) in [
        (
            json!({"chat": "@weather_demo_bot", "message_id": 9, "text": "Full forecast"}),
            "open the link",
        ),
        (
            json!({"chat": "@weather_demo_bot", "message_id": 9, "text": "Nope"}),
            "no such button",
        ),
        (
            json!({"chat": "@weather_demo_bot", "message_id": 9}),
            "by text, or by row and column",
        ),
        (
            json!({"chat": "@alice_demo", "message_id": 2, "row": 0, "column": 0}),
            "no buttons",
        ),
        (
            json!({"chat": "@nobody_at_all", "message_id": 9, "text": "x"}),
            "not found",
        ),
    ] {
        let e = refused(&mut c, "press_button", args.clone()).await;
        assert!(e.contains(want), "{args}: {e}");
    }
}

fn titles(folder: &Value, key: &str) -> Vec<String> {
    folder[key]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|c| c["title"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn folders_are_created_edited_and_deleted() {
    let (tg, _s, mut c) = local().await;
    let f = ok(
        &mut c,
        "create_folder",
        json!({"title": "Study", "emoticon": "📚", "chats": ["@rust_study_demo", "@tgmcp_community_demo"]}),
    )
    .await;
    let study = f["folder"]["id"].as_u64().unwrap();
    assert_eq!(study, 3, "2 is the demo's Hiking: {f}");
    assert_eq!(
        titles(&f["folder"], "included"),
        ["Rust Study Group", "tgmcp Community"]
    );
    let e = ok(
        &mut c,
        "edit_folder",
        json!({"id": 2, "title": "Outdoors", "add": ["@bob_demo"], "remove": ["Weekend Hikers"], "bots": true}),
    )
    .await;
    assert_eq!(e["folder"]["title"], "Outdoors");
    assert_eq!(titles(&e["folder"], "included"), ["Alice Smith", "Bob"]);
    assert_eq!(e["folder"]["bots"], true);
    let l = ok(&mut c, "list_folders", json!({})).await;
    let ids: Vec<u64> = l["folders"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["id"].as_u64())
        .collect();
    assert_eq!(ids, [2, 3]);
    ok(&mut c, "delete_folder", json!({"id": study})).await;
    let left = tg
        .account()
        .read(|a| a.ext.folders.iter().map(|f| f.id).collect::<Vec<_>>());
    assert_eq!(left, [2]);

    for (name, args, want) in [
        ("delete_folder", json!({"id": 77}), "folder 77 not found"),
        (
            "edit_folder",
            json!({"id": 77, "title": "X"}),
            "folder 77 not found",
        ),
        (
            "edit_folder",
            json!({"id": 2, "add": ["@nobody_at_all"]}),
            "not found",
        ),
        (
            "create_folder",
            json!({"title": "Empty"}),
            "at least one chat",
        ),
        (
            "create_folder",
            json!({"title": "A title far too long"}),
            "title",
        ),
    ] {
        let e = refused(&mut c, name, args.clone()).await;
        assert!(e.contains(want), "{name} {args}: {e}");
    }
}

#[tokio::test]
async fn an_album_and_a_voice_note_arrive_as_such() {
    let (tg, _s, mut c) = local().await;
    let png = fakegram::png(4, 3, [10, 20, 30]);
    // Telegram groups photos with photos (and videos), files with files:
    // a photo and a text file in one album is refused.
    let e = refused(
        &mut c,
        "send_album",
        json!({"chat": "Weekend Hikers", "files": [
            {"data_base64": b64(&png), "caption": "Trail start"},
            {"data_base64": b64(b"8:00 trailhead"), "mime": "text/plain", "file_name": "plan.txt"}
        ]}),
    )
    .await;
    assert!(e.contains("MEDIA_INVALID"), "{e}");
    let a = ok(
        &mut c,
        "send_album",
        json!({"chat": "Weekend Hikers", "files": [
            {"data_base64": b64(&png), "caption": "Trail start"},
            {"data_base64": b64(&png), "caption": "Summit"}
        ]}),
    )
    .await;
    let ids: Vec<i32> = a["message_ids"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i.as_i64())
        .map(|i| i as i32)
        .collect();
    assert_eq!(ids.len(), 2, "{a}");
    assert_eq!(a["messages"][0]["text"], "Trail start");
    assert_eq!(a["messages"][0]["media"]["kind"], "photo", "{a}");
    assert_eq!(a["messages"][1]["text"], "Summit");
    assert_eq!(a["messages"][1]["media"]["kind"], "photo", "{a}");
    let hikers = Peer::Chat(4_000_000_001);
    let groups = tg.account().read(|a| {
        ids.iter()
            .map(|i| a.ext.grouped.get(&(hikers, *i)).copied())
            .collect::<Vec<_>>()
    });
    assert!(
        groups[0].is_some() && groups[0] == groups[1],
        "one album: {groups:?}"
    );
    let e = refused(
        &mut c,
        "send_album",
        json!({"chat": "me", "files": [{"data_base64": b64(&png)}]}),
    )
    .await;
    assert!(e.contains("2"), "{e}");

    // An Ogg page whose granule position says 3 s at 48 kHz.
    let mut ogg = b"OggS\x00\x04".to_vec();
    ogg.extend_from_slice(&(3 * 48_000i64).to_le_bytes());
    ogg.extend_from_slice(&[0; 16]);
    let v = ok(
        &mut c,
        "send_voice",
        json!({"chat": "@alice_demo", "data_base64": b64(&ogg), "caption": "on my way"}),
    )
    .await;
    assert_eq!(v["message"]["media"]["kind"], "voice", "{v}");
    assert_eq!(v["message"]["text"], "on my way");
    let alice = Peer::User(200_000_001);
    let stored = tg
        .account()
        .read(|a| a.ext.media.get(&(alice, id(&v) as i32)).cloned());
    assert!(
        matches!(stored, Some(StoredMedia::Document { voice: Some(3), ref mime, .. }) if mime == "audio/ogg"),
        "{stored:?}"
    );
    let e = refused(
        &mut c,
        "send_voice",
        json!({"chat": "@nobody_at_all", "data_base64": b64(&ogg)}),
    )
    .await;
    assert!(e.contains("not found"), "{e}");
}

#[tokio::test]
async fn the_write_examples_of_the_new_tools_work() {
    for name in [
        "delete_scheduled",
        "press_button",
        "create_folder",
        "edit_folder",
        "delete_folder",
        "send_album",
        "send_voice",
    ] {
        // A fresh account for each: the examples change it.
        examples_work_on_a_fresh_account(name).await;
    }
}
