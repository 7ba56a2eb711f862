//! Stickers, GIFs, voice transcription, round videos, inline bots and
//! stories end to end over MCP: listed with their annotations, called with
//! realistic arguments on the demo account (the local MTProto server), the
//! effect checked through the read tools or on the account itself, and bad
//! input refused with a clear error.
use crate::common;

use common::*;
use fakegram::{Peer, StoredMedia};
use grammers_tl_types::enums::{DocumentAttribute, MessageMedia};
use serde_json::{json, Value};

/// Every tool this suite covers: (name, destructive, read-only).
const TOOLS: &[(&str, bool, bool)] = &[
    ("list_sticker_sets", false, true),
    ("search_stickers", false, true),
    ("search_gifs", false, true),
    ("transcribe_voice", false, true),
    ("send_video_note", false, false),
    ("send_sticker", false, false),
    ("send_gif", false, false),
    ("inline_query", false, false),
    ("send_inline_result", false, false),
    ("list_stories", false, true),
    ("get_story_views", false, true),
    ("post_story", false, false),
    ("delete_stories", true, false),
    ("react_to_story", false, false),
];

const BOB: Peer = Peer::User(200_000_002);
const ALICE: i64 = 200_000_001;

/// The document attributes of the newest message in `peer`.
fn last_document(tg: &fakegram::Server, peer: Peer) -> Vec<DocumentAttribute> {
    tg.account().read(|a| {
        let m = a.history(peer).last().expect("a message");
        match a.ext.media.get(&(peer, m.id)) {
            Some(StoredMedia::Other(b)) => match &**b {
                MessageMedia::Document(d) => match &d.document {
                    Some(grammers_tl_types::enums::Document::Document(d)) => d.attributes.clone(),
                    _ => Vec::new(),
                },
                _ => Vec::new(),
            },
            _ => Vec::new(),
        }
    })
}

#[tokio::test]
async fn the_tools_are_listed_with_annotations_and_only_reads_when_read_only() {
    let tools = all_tools().await;
    for (name, destructive, read_only) in TOOLS {
        let t = checked_tool(&tools, name, *destructive, *read_only);
        assert!(t["inputSchema"]["properties"].is_object(), "{name}");
    }
    let s = Server::start(Opts {
        args: vec!["--read-only"],
        env: vec![("TGMCP_TOOLS", "all".into())],
        ..Opts::default()
    });
    let mut c = HttpClient::new(&s.base);
    c.initialize().await;
    let names = c.tool_names().await;
    for (name, _, read_only) in TOOLS {
        assert_eq!(names.iter().any(|n| n == name), *read_only, "{name}");
    }
    let r = c
        .request(
            "tools/call",
            json!({"name": "react_to_story", "arguments": {"chat": "@alice_demo", "id": 1, "emoji": "👍"}}),
        )
        .await;
    assert!(
        r.get("error").is_some() || r["result"]["isError"] == true,
        "{r}"
    );
    let st = ok(&mut c, "list_stories", json!({"chat": "@alice_demo"})).await;
    assert_eq!(st["stories"].as_array().map(Vec::len), Some(2), "{st}");
}

#[tokio::test]
async fn stickers_and_gifs_are_found_and_sent_by_reference() {
    let (tg, _s, mut c) = local().await;
    let sets = ok(&mut c, "list_sticker_sets", json!({})).await;
    assert_eq!(
        sets["sets"][0]["short_name"], "hiking_friends_demo",
        "{sets}"
    );
    assert_eq!(sets["sets"][0]["count"], 4);
    let emoji = ok(&mut c, "list_sticker_sets", json!({"emoji": true})).await;
    assert_eq!(emoji["sets"][0]["title"], "Trail Emoji", "{emoji}");
    let found = ok(
        &mut c,
        "search_stickers",
        json!({"query": "hiking_friends_demo"}),
    )
    .await;
    let stickers = found["results"].as_array().cloned().unwrap_or_default();
    assert_eq!(stickers.len(), 4, "{found}");
    let boots = stickers.iter().find(|s| s["emoji"] == "🥾").expect("boots");
    let sent = ok(
        &mut c,
        "send_sticker",
        json!({"chat": "@bob_demo", "file_ref": boots["file_ref"]}),
    )
    .await;
    assert_eq!(sent["message"]["media"]["kind"], "sticker", "{sent}");
    let attrs = last_document(&tg, BOB);
    assert!(
        attrs
            .iter()
            .any(|a| matches!(a, DocumentAttribute::Sticker(s) if s.alt == "🥾")),
        "{attrs:?}"
    );
    let info = ok(
        &mut c,
        "get_media_info",
        json!({"chat": "@bob_demo", "id": sent["message_id"]}),
    )
    .await;
    assert_eq!(info["media"]["kind"], "sticker", "{info}");

    let gifs = ok(&mut c, "search_gifs", json!({"query": "rain"})).await;
    assert_eq!(gifs["results"].as_array().map(Vec::len), Some(1), "{gifs}");
    assert_eq!(gifs["results"][0]["title"], "rain.mp4");
    let sent = ok(
        &mut c,
        "send_gif",
        json!({"chat": "@bob_demo", "file_ref": gifs["results"][0]["file_ref"], "caption": "Bring an umbrella"}),
    )
    .await;
    assert_eq!(sent["message"]["media"]["kind"], "gif", "{sent}");
    assert_eq!(sent["message"]["text"], "Bring an umbrella");
    let nothing = ok(&mut c, "search_gifs", json!({"query": "submarine"})).await;
    assert_eq!(nothing["results"], json!([]));

    let e = refused(
        &mut c,
        "send_sticker",
        json!({"chat": "@bob_demo", "file_ref": "boots"}),
    )
    .await;
    assert!(e.contains("search_stickers"), "{e}");
    let e = refused(
        &mut c,
        "send_sticker",
        json!({"chat": "@nobody_here_demo", "file_ref": boots["file_ref"]}),
    )
    .await;
    assert!(e.contains("not found"), "{e}");
    let e = refused(&mut c, "search_stickers", json!({"query": ""})).await;
    assert!(!e.is_empty());
}

#[tokio::test]
async fn voice_notes_become_text_and_round_videos_are_sent() {
    let (tg, _s, mut c) = local().await;
    let t = ok(
        &mut c,
        "transcribe_voice",
        json!({"chat": "@alice_demo", "id": 16}),
    )
    .await;
    assert_eq!(t["text"], fakegram::DEMO_TRANSCRIPT, "{t}");
    assert!(t.get("pending").is_none()); // false is left out
    let e = refused(
        &mut c,
        "transcribe_voice",
        json!({"chat": "@alice_demo", "id": 12}),
    )
    .await;
    assert!(e.contains("not a voice note"), "{e}");
    let e = refused(
        &mut c,
        "transcribe_voice",
        json!({"chat": "@alice_demo", "id": 4040}),
    )
    .await;
    assert!(e.contains("not found"), "{e}");

    let sent = ok(
        &mut c,
        "send_video_note",
        json!({"chat": "@bob_demo", "data_base64": "AAAAGGZ0eXBtcDQyAAAAAGlzb21tcDQy"}),
    )
    .await;
    assert_eq!(sent["message"]["media"]["kind"], "round", "{sent}");
    let round = tg.account().read(|a| a.social.round.len());
    assert_eq!(round, 1);
    let e = refused(
        &mut c,
        "send_video_note",
        json!({"chat": "@bob_demo", "data_base64": "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC"}),
    )
    .await;
    assert!(e.contains("mp4"), "{e}");
}

#[tokio::test]
async fn inline_bots_answer_and_a_result_is_sent_into_the_chat() {
    let (_tg, _s, mut c) = local().await;
    let r = ok(
        &mut c,
        "inline_query",
        json!({"bot": "@weather_demo_bot", "query": "Porto", "chat": "Weekend Hikers"}),
    )
    .await;
    let results = r["results"].as_array().cloned().unwrap_or_default();
    assert_eq!(results.len(), 1, "{r}");
    assert_eq!(results[0]["title"], "Porto now");
    let query_id = r["query_id"]
        .as_str()
        .expect("query_id is a string")
        .to_string();
    let sent = ok(
        &mut c,
        "send_inline_result",
        json!({"chat": "Weekend Hikers", "query_id": query_id, "result_id": results[0]["id"]}),
    )
    .await;
    assert_eq!(
        sent["message"]["text"], "Porto: 14°C, cloudy, wind 20 km/h",
        "{sent}"
    );
    let h = ok(
        &mut c,
        "get_history",
        json!({"chat": "Weekend Hikers", "limit": 1}),
    )
    .await;
    assert_eq!(h["messages"][0]["text"], sent["message"]["text"], "{h}");

    let gifs = ok(
        &mut c,
        "inline_query",
        json!({"bot": "@gif", "query": "cat"}),
    )
    .await;
    assert_eq!(gifs["results"][0]["kind"], "gif", "{gifs}");

    let e = refused(
        &mut c,
        "inline_query",
        json!({"bot": "@alice_demo", "query": "hi"}),
    )
    .await;
    assert!(e.contains("not a bot"), "{e}");
    let e = refused(
        &mut c,
        "send_inline_result",
        json!({"chat": "me", "query_id": "12", "result_id": "now-porto"}),
    )
    .await;
    assert!(e.contains("inline_query again"), "{e}");
    let e = refused(
        &mut c,
        "send_inline_result",
        json!({"chat": "me", "query_id": "soon", "result_id": "now-porto"}),
    )
    .await;
    assert!(e.contains("query_id"), "{e}");
}

fn ids(v: &Value) -> Vec<i64> {
    v["stories"]
        .as_array()
        .map(|a| a.iter().filter_map(|s| s["id"].as_i64()).collect())
        .unwrap_or_default()
}

#[tokio::test]
async fn stories_are_read_reacted_to_posted_and_deleted() {
    let (tg, _s, mut c) = local().await;
    let all = ok(&mut c, "list_stories", json!({})).await;
    assert_eq!(all["stories"].as_array().map(Vec::len), Some(4), "{all}");
    let alice = ok(&mut c, "list_stories", json!({"chat": "@alice_demo"})).await;
    assert_eq!(ids(&alice), [1, 2]);
    assert_eq!(alice["stories"][0]["peer_id"], ALICE);
    assert_eq!(alice["stories"][0]["caption"], "Sunrise at the ridge");
    let views = ok(&mut c, "get_story_views", json!({"id": 1})).await;
    assert_eq!(views["views"], 2, "{views}");
    assert_eq!(views["viewers"][1]["name"], "Alice Smith");
    assert_eq!(views["viewers"][1]["reaction"], "❤️");

    let r = ok(
        &mut c,
        "react_to_story",
        json!({"chat": "@alice_demo", "id": 2, "emoji": "🔥"}),
    )
    .await;
    assert_eq!(r["reaction"], "🔥");
    let held = tg.account().read(|a| {
        a.social
            .stories
            .iter()
            .find(|s| s.owner == Peer::User(ALICE) && s.id == 2)
            .and_then(|s| s.my_reaction.clone())
    });
    assert_eq!(held.as_deref(), Some("🔥"));
    let alice = ok(&mut c, "list_stories", json!({"chat": "@alice_demo"})).await;
    assert_eq!(alice["stories"][1]["my_reaction"], "🔥", "{alice}");

    let posted = ok(
        &mut c,
        "post_story",
        json!({"data_base64": "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC", "caption": "Summit", "privacy": "close_friends"}),
    )
    .await;
    assert_eq!(posted["story_id"], 2, "{posted}");
    assert_eq!(posted["story"]["media"]["kind"], "photo");
    let mine = ok(&mut c, "list_stories", json!({"chat": "me"})).await;
    assert_eq!(ids(&mine), [1, 2]);
    let gone = ok(&mut c, "delete_stories", json!({"ids": [1, 7]})).await;
    assert_eq!(gone["deleted"], json!([1]));
    let mine = ok(&mut c, "list_stories", json!({"chat": "me"})).await;
    assert_eq!(ids(&mine), [2]);

    let e = refused(&mut c, "get_story_views", json!({"id": 1})).await;
    assert!(e.contains("not one of the account's"), "{e}");
    let e = refused(
        &mut c,
        "react_to_story",
        json!({"chat": "@alice_demo", "id": 40, "emoji": "🔥"}),
    )
    .await;
    assert!(e.contains("not found"), "{e}");
    let e = refused(&mut c, "list_stories", json!({"chat": "@nobody_here_demo"})).await;
    assert!(e.contains("not found"), "{e}");
    let e = refused(&mut c, "delete_stories", json!({"ids": []})).await;
    assert!(!e.is_empty());
    let e = refused(
        &mut c,
        "post_story",
        json!({"data_base64": "JVBERi0xLjc=", "caption": "a pdf"}),
    )
    .await;
    assert!(e.contains("photo"), "{e}");
}
