//! Invite links, join requests and forum topics.

use fakegram::Peer;
use serde_json::json;

use super::{local, members, names, ok, refused, FORUM, RUST};

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

    let waiting = members(&mut c, RUST, "requests").await;
    assert_eq!(
        waiting,
        [("Prize".to_string(), "requested".to_string())],
        "who waits to join"
    );
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
    assert!(members(&mut c, RUST, "requests").await.is_empty());
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
    assert!(t.get("closed").is_none()); // false is left out
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
    assert!(reopened.get("closed").is_none()); // false is left out

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
