//! The chat-action tools (`all` profile only): closing polls, clearing
//! history, typing, pinned dialogs, auto-delete, folder order, places,
//! contacts and dice.

use fakegram::{Peer, StoredMedia};
use grammers_tl_types::enums::MessageMedia;
use serde_json::json;

use super::common::examples_work_on_a_fresh_account;
use super::{history, id, local, ok, refused};

const HIKERS: Peer = Peer::Chat(4_000_000_001);
const BOB: Peer = Peer::User(200_000_002);
const ALICE: Peer = Peer::User(200_000_001);

#[tokio::test]
async fn polls_close_and_histories_clear() {
    let (tg, _s, mut c) = local().await;
    ok(
        &mut c,
        "close_poll",
        json!({"chat": "Weekend Hikers", "message_id": 22}),
    )
    .await;
    let r = ok(
        &mut c,
        "get_poll_results",
        json!({"chat": "Weekend Hikers", "message_id": 22}),
    )
    .await;
    assert_eq!(r["closed"], true, "{r}");
    let e = refused(
        &mut c,
        "vote_poll",
        json!({"chat": "Weekend Hikers", "message_id": 22, "answers": [1]}),
    )
    .await;
    assert!(e.contains("CLOSED"), "{e}");
    let e = refused(
        &mut c,
        "close_poll",
        json!({"chat": "Weekend Hikers", "message_id": 19}),
    )
    .await;
    assert!(e.contains("not a poll"), "{e}");
    // A poll of one's own in Saved Messages closes too.
    let p = ok(
        &mut c,
        "create_poll",
        json!({"chat": "me", "question": "Tea?", "options": ["Yes", "No"]}),
    )
    .await;
    ok(
        &mut c,
        "close_poll",
        json!({"chat": "me", "message_id": id(&p)}),
    )
    .await;

    let d = ok(&mut c, "delete_chat_history", json!({"chat": "@bob_demo"})).await;
    assert_eq!(d["deleted"], 3, "{d}");
    assert!(history(&mut c, "@bob_demo").await.is_empty());
    assert_eq!(tg.account().read(|a| a.history(BOB).len()), 0);
    let d = ok(
        &mut c,
        "delete_chat_history",
        json!({"chat": "@rust_study_demo"}),
    )
    .await;
    assert_eq!(d["deleted"], 6, "{d}");
    let e = refused(
        &mut c,
        "delete_chat_history",
        json!({"chat": "@tgmcp_news"}),
    )
    .await;
    assert!(e.contains("broadcast channel"), "{e}");
    let e = refused(
        &mut c,
        "delete_chat_history",
        json!({"chat": "@nobody_at_all"}),
    )
    .await;
    assert!(e.contains("not found"), "{e}");
}

#[tokio::test]
async fn typing_pins_timers_and_folder_order_reach_the_account() {
    let (tg, _s, mut c) = local().await;
    ok(&mut c, "send_typing", json!({"chat": "@alice_demo"})).await;
    ok(
        &mut c,
        "send_typing",
        json!({"chat": "@alice_demo", "typing": false}),
    )
    .await;
    assert_eq!(
        tg.account().read(|a| a.ext.typing.clone()),
        [(ALICE, true), (ALICE, false)]
    );
    let e = refused(&mut c, "send_typing", json!({"chat": "@tgmcp_news"})).await;
    assert!(e.contains("CHAT_WRITE_FORBIDDEN"), "{e}");

    ok(&mut c, "pin_chat", json!({"chat": "@bob_demo"})).await;
    let l = ok(&mut c, "list_chats", json!({"limit": 3})).await;
    assert_eq!(l["chats"][0]["title"], "Bob", "pinned first: {l}");
    ok(
        &mut c,
        "pin_chat",
        json!({"chat": "@bob_demo", "pinned": false}),
    )
    .await;
    assert_eq!(
        tg.account().read(|a| a.dialog(BOB).map(|d| d.pinned)),
        Some(false)
    );

    ok(
        &mut c,
        "set_auto_delete",
        json!({"chat": "@bob_demo", "seconds": 86400}),
    )
    .await;
    assert_eq!(
        tg.account().read(|a| a.ext.ttl.get(&BOB).copied()),
        Some(86_400)
    );
    ok(
        &mut c,
        "set_auto_delete",
        json!({"chat": "@bob_demo", "seconds": 0}),
    )
    .await;
    assert!(tg.account().read(|a| a.ext.ttl.is_empty()));

    ok(
        &mut c,
        "create_folder",
        json!({"title": "Bots", "bots": true}),
    )
    .await;
    ok(&mut c, "reorder_folders", json!({"ids": [3, 2]})).await;
    let f = ok(&mut c, "list_folders", json!({})).await;
    assert_eq!(f["folders"][0]["title"], "Bots", "{f}");
    // Folders left out keep their order after the ones named.
    ok(&mut c, "reorder_folders", json!({"ids": [2]})).await;
    let f = ok(&mut c, "list_folders", json!({})).await;
    let titles: Vec<&str> = f["folders"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["title"].as_str())
        .collect();
    assert_eq!(titles.first(), Some(&"Hiking"), "{f}");
    assert_eq!(titles.get(1), Some(&"Bots"), "{f}");
    let e = refused(&mut c, "reorder_folders", json!({"ids": [99]})).await;
    assert!(e.contains("FILTER_ID_INVALID"), "an unknown folder: {e}");
}

#[tokio::test]
async fn places_contacts_and_dice_are_sent_as_media() {
    let (tg, _s, mut c) = local().await;
    let v = ok(
        &mut c,
        "send_location",
        json!({"chat": "Weekend Hikers", "latitude": 38.7223, "longitude": -9.1393, "title": "Trailhead", "address": "Sintra"}),
    )
    .await;
    assert_eq!(v["message"]["media"]["kind"], "location", "{v}");
    let stored = tg
        .account()
        .read(|a| a.ext.media.get(&(HIKERS, id(&v) as i32)).cloned());
    assert!(
        matches!(&stored, Some(StoredMedia::Other(m)) if matches!(&**m, MessageMedia::Venue(x) if x.title == "Trailhead")),
        "{stored:?}"
    );
    let p = ok(
        &mut c,
        "send_location",
        json!({"chat": "me", "latitude": 1.5, "longitude": 2.5}),
    )
    .await;
    assert_eq!(p["message"]["media"]["kind"], "location");
    let e = refused(
        &mut c,
        "send_location",
        json!({"chat": "me", "latitude": 91, "longitude": 0}),
    )
    .await;
    assert!(!e.is_empty());

    let k = ok(
        &mut c,
        "send_contact",
        json!({"chat": "@alice_demo", "phone": "+15550000003", "first_name": "Bob"}),
    )
    .await;
    assert_eq!(k["message"]["media"]["kind"], "contact", "{k}");
    let stored = tg
        .account()
        .read(|a| a.ext.media.get(&(ALICE, id(&k) as i32)).cloned());
    assert!(
        matches!(&stored, Some(StoredMedia::Other(m)) if matches!(&**m, MessageMedia::Contact(x) if x.user_id == 200_000_002)),
        "the phone is Bob's: {stored:?}"
    );

    let d = ok(&mut c, "send_dice", json!({"chat": "Weekend Hikers"})).await;
    let stored = tg
        .account()
        .read(|a| a.ext.media.get(&(HIKERS, id(&d) as i32)).cloned());
    assert!(
        matches!(&stored, Some(StoredMedia::Other(m)) if matches!(&**m, MessageMedia::Dice(x) if x.emoticon == "🎲" && (1..=6).contains(&x.value))),
        "{stored:?}"
    );
    let e = refused(&mut c, "send_dice", json!({"chat": "me", "emoji": "🐸"})).await;
    assert!(e.contains("the dice are"), "{e}");
    let e = refused(&mut c, "send_dice", json!({"chat": "@tgmcp_news"})).await;
    assert!(e.contains("CHAT_WRITE_FORBIDDEN"), "{e}");
}

#[tokio::test]
async fn saved_messages_split_by_where_they_came_from() {
    let (_tg, _s, mut c) = local().await;
    let h = history(&mut c, "@alice_demo").await;
    let theirs = h.iter().find(|m| m.get("outgoing").is_none()).unwrap()["id"].clone();
    ok(
        &mut c,
        "forward_messages",
        json!({"from_chat": "@alice_demo", "message_ids": [theirs], "to_chat": "me"}),
    )
    .await;
    let s = ok(&mut c, "list_saved_dialogs", json!({})).await;
    let titles: Vec<&str> = s["chats"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Alice Smith", "Saved Messages"], "{s}");
}

#[tokio::test]
async fn the_examples_of_the_all_only_tools_work() {
    for name in [
        "close_poll",
        "delete_chat_history",
        "send_typing",
        "pin_chat",
        "set_auto_delete",
        "reorder_folders",
        "send_location",
        "send_contact",
        "send_dice",
    ] {
        examples_work_on_a_fresh_account(name).await;
    }
}
