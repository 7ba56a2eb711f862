//! Dialog settings, joining and leaving, and sending files.

use base64::Engine as _;
use fakegram::Peer;
use serde_json::json;

use super::{history, id, local, ok, refused};

const ALICE: Peer = Peer::User(200_000_001);
const BOB: Peer = Peer::User(200_000_002);
const RELEASES: Peer = Peer::Channel(1_500_000_005);

#[tokio::test]
async fn read_marks_mute_and_archive_reach_the_account() {
    let (tg, _s, mut c) = local().await;
    // list_chats reads the dialogs afresh; get_chat answers from what it learned.
    let listed = |l: serde_json::Value| {
        let chats = l["chats"].as_array().cloned().unwrap_or_default();
        let alice = chats.iter().find(|c| c["username"] == "alice_demo");
        alice.and_then(|c| c["unread_count"].as_u64())
    };
    let l = ok(&mut c, "list_chats", json!({"limit": 50})).await;
    assert_eq!(listed(l), Some(2));
    ok(&mut c, "mark_read", json!({"chat": "@alice_demo"})).await;
    let got = ok(&mut c, "get_chat", json!({"chat": "@alice_demo"})).await;
    assert_eq!(got["unread_count"], 0, "{got}");
    let l = ok(&mut c, "list_chats", json!({"limit": 50})).await;
    assert_eq!(listed(l), Some(0));
    ok(&mut c, "mark_unread", json!({"chat": "@alice_demo"})).await;
    assert!(tg.account().read(|a| a.ext.unread_mark.contains(&ALICE)));
    ok(
        &mut c,
        "mark_read",
        json!({"chat": "@tgmcp_community_demo", "topic": 2}),
    )
    .await;
    let forum = Peer::Channel(1_700_000_003);
    assert!(tg
        .account()
        .read(|a| a.ext.topic_read.contains_key(&(forum, 2))));

    let muted = |tg: &fakegram::Server| tg.account().read(|a| a.ext.muted.get(&BOB).copied());
    let m = ok(&mut c, "mute_chat", json!({"chat": "@bob_demo"})).await;
    assert_eq!(m["status"], "muted until unmuted");
    assert_eq!(muted(&tg), Some(i32::MAX));
    let until = 1_900_000_000i64;
    ok(
        &mut c,
        "mute_chat",
        json!({"chat": "@bob_demo", "until": until}),
    )
    .await;
    assert_eq!(muted(&tg), Some(until as i32));
    ok(
        &mut c,
        "mute_chat",
        json!({"chat": "@bob_demo", "muted": false}),
    )
    .await;
    assert_eq!(muted(&tg), None);
    let err = refused(
        &mut c,
        "mute_chat",
        json!({"chat": "@bob_demo", "muted": false, "until": until}),
    )
    .await;
    assert!(err.contains("until"), "{err}");

    let archived = |tg: &fakegram::Server| tg.account().read(|a| a.ext.archived.contains(&BOB));
    ok(&mut c, "archive_chat", json!({"chat": "@bob_demo"})).await;
    assert!(archived(&tg));
    ok(
        &mut c,
        "archive_chat",
        json!({"chat": "@bob_demo", "archived": false}),
    )
    .await;
    assert!(!archived(&tg));
}

#[tokio::test]
async fn chats_are_joined_by_username_or_invite_and_left() {
    let (tg, _s, mut c) = local().await;
    let j = ok(
        &mut c,
        "join_chat",
        json!({"target": "@rust_releases_demo"}),
    )
    .await;
    assert_eq!(j["chat"]["title"], "Rust Releases", "{j}");
    // The returned id round-trips into the read tools.
    let chat_id = j["chat"]["id"].to_string();
    let got = ok(&mut c, "get_chat", json!({"chat": chat_id})).await;
    assert_eq!(got["title"], "Rust Releases");
    assert!(!history(&mut c, &chat_id).await.is_empty());
    assert!(!tg.account().read(|a| a.ext.left.contains(&RELEASES)));
    ok(&mut c, "leave_chat", json!({"chat": "@rust_releases_demo"})).await;
    assert!(tg.account().read(|a| a.ext.left.contains(&RELEASES)));

    let link = format!("https://t.me/+{}", fakegram::DEMO_INVITE);
    let j = ok(&mut c, "join_chat", json!({"target": link})).await;
    assert_eq!(j["chat"]["title"], "Hiking Photos", "{j}");
    let err = refused(&mut c, "join_chat", json!({"target": "t.me/+NoSuchInvite"})).await;
    assert!(!err.is_empty());
    let err = refused(&mut c, "leave_chat", json!({"chat": "@alice_demo"})).await;
    assert!(!err.is_empty(), "a private chat cannot be left");
}

#[tokio::test]
async fn files_are_sent_from_bytes_and_loopback_urls_are_refused() {
    let (tg, _s, mut c) = local().await;
    let png = fakegram::png(16, 16, [200, 10, 10]);
    let b64 = base64::engine::general_purpose::STANDARD.encode(&png);
    let sent = ok(
        &mut c,
        "send_file",
        json!({"chat": "me", "data_base64": b64, "mime": "image/png", "file_name": "red.png", "caption": "a red square"}),
    )
    .await;
    let mid = id(&sent);
    let h = history(&mut c, "me").await;
    assert_eq!(h[0]["id"].as_i64(), Some(mid));
    assert_eq!(h[0]["text"], "a red square");
    let me = Peer::User(fakegram::ME_ID);
    let has_media = tg.account().read(|a| {
        a.ext.media.contains_key(&(me, mid as i32))
            || a.message(me, mid as i32).is_some_and(|m| m.media.is_some())
    });
    assert!(has_media, "the message carries the photo");
    let count = |tg: &fakegram::Server| tg.account().read(|a| a.history(me).len());
    let before = count(&tg);

    let err = refused(
        &mut c,
        "send_file",
        json!({"chat": "me", "url": "http://127.0.0.1/secret.png"}),
    )
    .await;
    assert!(err.contains("URL refused"), "{err}");
    for bad in [
        json!({"chat": "me"}),
        json!({"chat": "me", "data_base64": "aGk=", "url": "https://example.org/a.png"}),
        json!({"chat": "me", "data_base64": "not base64!"}),
    ] {
        let err = refused(&mut c, "send_file", bad.clone()).await;
        assert!(!err.is_empty(), "{bad}");
    }
    assert_eq!(count(&tg), before, "nothing refused was sent");
}
