//! Message actions: edit, forward, delete, topics and scheduling, pins,
//! reactions, polls and drafts.

use fakegram::Peer;
use serde_json::json;

use super::{history, id, local, ok, refused};

const STUDY: Peer = Peer::Channel(1_600_000_002);
const HIKERS: Peer = Peer::Chat(4_000_000_001);

#[tokio::test]
async fn edit_forward_and_delete_show_in_history() {
    let (_tg, _s, mut c) = local().await;
    let sent = ok(
        &mut c,
        "send_message",
        json!({"chat": "me", "text": "meeting at 10", "link_preview": false}),
    )
    .await;
    let mid = id(&sent);
    let e = ok(
        &mut c,
        "edit_message",
        json!({"chat": "me", "message_id": mid, "text": "meeting at **11**", "parse_mode": "markdown"}),
    )
    .await;
    assert_eq!(e["message"]["text"], "meeting at 11", "{e}");
    let h = history(&mut c, "me").await;
    assert_eq!(h[0]["id"].as_i64(), Some(mid));
    assert_eq!(h[0]["text"], "meeting at 11");
    // Someone else's message cannot be edited.
    let theirs = history(&mut c, "@alice_demo").await;
    let theirs = theirs.iter().find(|m| m.get("outgoing").is_none()).unwrap();
    let err = refused(
        &mut c,
        "edit_message",
        json!({"chat": "@alice_demo", "message_id": theirs["id"], "text": "x"}),
    )
    .await;
    assert!(err.contains("MESSAGE_AUTHOR_REQUIRED"), "{err}");

    let f = ok(
        &mut c,
        "forward_messages",
        json!({"from_chat": "me", "message_ids": [mid], "to_chat": "Weekend Hikers"}),
    )
    .await;
    let fid = f["messages"][0]["id"].as_i64().expect("forwarded id");
    let h = history(&mut c, "Weekend Hikers").await;
    assert_eq!(h[0]["id"].as_i64(), Some(fid), "{h:?}");
    assert_eq!(h[0]["text"], "meeting at 11");

    let d = ok(
        &mut c,
        "delete_messages",
        json!({"chat": "me", "message_ids": [mid]}),
    )
    .await;
    assert_eq!(d["deleted"], 1, "{d}");
    assert!(history(&mut c, "me").await.iter().all(|m| m["id"] != mid));
    let again = ok(
        &mut c,
        "delete_messages",
        json!({"chat": "me", "message_ids": [mid]}),
    )
    .await;
    assert_eq!(again["deleted"], 0, "{again}");
    let err = refused(
        &mut c,
        "delete_messages",
        json!({"chat": "me", "message_ids": []}),
    )
    .await;
    assert!(!err.is_empty());
}

#[tokio::test]
async fn sends_go_into_topics_or_are_scheduled() {
    let (tg, _s, mut c) = local().await;
    let t = ok(
        &mut c,
        "send_message",
        json!({"chat": "@tgmcp_community_demo", "text": "Where is the FAQ?", "topic": 4}),
    )
    .await;
    let forum = Peer::Channel(1_700_000_003);
    let topic = tg
        .account()
        .read(|a| a.message(forum, id(&t) as i32).map(|m| m.topic));
    assert_eq!(topic, Some(Some(4)));
    // A week from now: Telegram schedules at most a year ahead of its clock.
    let at = jiff::Timestamp::now().as_second() + 7 * 86_400;
    let s = ok(
        &mut c,
        "send_message",
        json!({"chat": "@bob_demo", "text": "Reminder: review", "schedule_at": at}),
    )
    .await;
    let want = jiff::Timestamp::from_second(at).unwrap().to_string();
    assert_eq!(s["message"]["date"], want.as_str(), "{s}");
    let h = history(&mut c, "@bob_demo").await;
    assert!(
        h.iter().all(|m| m["text"] != "Reminder: review"),
        "not sent yet"
    );
    // Beside the demo's own reminder in Saved Messages.
    let bob = Peer::User(200_000_002);
    let n = tg
        .account()
        .read(|a| a.ext.scheduled.iter().filter(|m| m.peer == bob).count());
    assert_eq!(n, 1);
}

#[tokio::test]
async fn pins_reactions_and_polls_reach_the_server() {
    let (tg, _s, mut c) = local().await;
    let h = history(&mut c, "@rust_study_demo").await;
    let mid = h
        .iter()
        .find(|m| m["text"] == "The quarterly meetup is on the 20th")
        .and_then(|m| m["id"].as_i64())
        .expect("seeded message");
    let pinned = |tg: &fakegram::Server| {
        tg.account().read(|a| {
            a.history(STUDY)
                .iter()
                .filter(|m| m.pinned)
                .map(|m| m.id as i64)
                .collect::<Vec<_>>()
        })
    };
    ok(
        &mut c,
        "pin_message",
        json!({"chat": "@rust_study_demo", "message_id": mid, "silent": true}),
    )
    .await;
    assert!(pinned(&tg).contains(&mid));
    ok(
        &mut c,
        "unpin_message",
        json!({"chat": "@rust_study_demo", "message_id": mid}),
    )
    .await;
    assert!(!pinned(&tg).contains(&mid));
    ok(
        &mut c,
        "unpin_message",
        json!({"chat": "@rust_study_demo", "all": true}),
    )
    .await;
    assert!(pinned(&tg).is_empty());
    let err = refused(&mut c, "unpin_message", json!({"chat": "@rust_study_demo"})).await;
    assert!(err.contains("message_id or all"), "{err}");

    let r = ok(
        &mut c,
        "send_reaction",
        json!({"chat": "@rust_study_demo", "message_id": mid, "reactions": ["👍"]}),
    )
    .await;
    assert_eq!(r["reactions"], json!(["👍"]));
    let got = tg
        .account()
        .read(|a| a.ext.reactions.get(&(STUDY, mid as i32)).cloned());
    assert_eq!(got, Some(vec!["👍".to_string()]));
    ok(
        &mut c,
        "send_reaction",
        json!({"chat": "@rust_study_demo", "message_id": mid, "reactions": []}),
    )
    .await;
    assert!(tg
        .account()
        .read(|a| !a.ext.reactions.contains_key(&(STUDY, mid as i32))));

    let p = ok(
        &mut c,
        "create_poll",
        json!({"chat": "Weekend Hikers", "question": "Which trail?", "options": ["Ridge loop", "Lake path"]}),
    )
    .await;
    let pid = id(&p);
    assert!(history(&mut c, "Weekend Hikers")
        .await
        .iter()
        .any(|m| m["id"] == pid));
    ok(
        &mut c,
        "vote_poll",
        json!({"chat": "Weekend Hikers", "message_id": pid, "answers": [1]}),
    )
    .await;
    let votes = tg
        .account()
        .read(|a| match a.ext.media.get(&(HIKERS, pid as i32)) {
            Some(fakegram::StoredMedia::Poll(p)) => Some((p.votes.clone(), p.mine.clone())),
            _ => None,
        });
    assert_eq!(votes, Some((vec![0, 1], vec![1])));
    let err = refused(
        &mut c,
        "vote_poll",
        json!({"chat": "Weekend Hikers", "message_id": pid, "answers": [5]}),
    )
    .await;
    assert!(!err.is_empty());
}

#[tokio::test]
async fn drafts_are_saved_listed_and_cleared() {
    let (_tg, _s, mut c) = local().await;
    ok(
        &mut c,
        "save_draft",
        json!({"chat": "@bob_demo", "text": "LGTM, merging"}),
    )
    .await;
    let d = ok(&mut c, "list_drafts", json!({})).await;
    assert_eq!(d["drafts"].as_array().map(Vec::len), Some(1), "{d}");
    assert_eq!(d["drafts"][0]["text"], "LGTM, merging");
    // The draft's chat id works as a chat argument.
    let chat = d["drafts"][0]["chat_id"].to_string();
    ok(&mut c, "clear_draft", json!({"chat": chat})).await;
    assert_eq!(
        ok(&mut c, "list_drafts", json!({})).await["drafts"],
        json!([])
    );
}
