//! get_history, get_messages, get_message_context, get_replies,
//! get_pinned_messages, get_unread, search_messages, search and fetch.

use serde_json::json;

use super::common::{Opts, Server};
use super::{texts, Client};

#[tokio::test]
async fn message_tools_page_filter_link_thread_and_digest() {
    let s = Server::start(Opts {
        env: vec![("TGMCP_TOOLS", "all".into())],
        ..Opts::default()
    });
    let mut c = Client::new(&s).await;
    // History pages with an opaque cursor; `offset_id` still pages too.
    let first = c
        .get("get_history", json!({"chat": "@alice_demo", "limit": 3}))
        .await;
    let second = c
        .get(
            "get_history",
            json!({"chat": "@alice_demo", "limit": 3, "cursor": first["next_cursor"]}),
        )
        .await;
    let oldest = first["messages"][2]["id"].as_i64().unwrap_or_default();
    let legacy = c
        .get(
            "get_history",
            json!({"chat": "@alice_demo", "limit": 3, "offset_id": oldest}),
        )
        .await;
    assert_eq!(legacy["messages"], second["messages"]);
    assert!(second["messages"][0]["id"].as_i64() < Some(oldest));

    // Server-side filters: sender, topic, media, unread.
    let from = c
        .get("get_history", json!({"chat": "@alice_demo", "from": "me"}))
        .await;
    assert!(from["messages"]
        .as_array()
        .is_some_and(|a| a.len() == 2 && a.iter().all(|m| m["outgoing"] == true)));
    let photos = c
        .get(
            "get_history",
            json!({"chat": "@tgmcp_community_demo", "media": "photo"}),
        )
        .await;
    assert_eq!(photos["messages"].as_array().map(Vec::len), Some(1));
    assert_eq!(photos["messages"][0]["media"]["kind"], "photo");
    assert_eq!(photos["messages"][0]["media"]["width"], 320);
    let topic = c
        .get(
            "get_history",
            json!({"chat": "@tgmcp_community_demo", "topic": 2, "limit": 10}),
        )
        .await;
    let in_topic = topic["messages"].as_array().cloned().unwrap_or_default();
    assert!(in_topic.len() >= 3 && in_topic.iter().all(|m| m["topic_id"] == 2));
    let unread = c
        .get(
            "get_history",
            json!({"chat": "@alice_demo", "unread_only": true}),
        )
        .await;
    assert_eq!(unread["messages"].as_array().map(Vec::len), Some(2));

    // By id, by link; a message's url opens it again.
    let news = c
        .get("get_history", json!({"chat": "@tgmcp_news", "limit": 1}))
        .await;
    let url = news["messages"][0]["url"].clone();
    assert!(url
        .as_str()
        .unwrap_or("")
        .starts_with("https://t.me/tgmcp_news/"));
    let by_link = c
        .get(
            "get_messages",
            json!({"links": [url, "t.me/c/1600000002/3"]}),
        )
        .await;
    let got = texts(&by_link["messages"]);
    assert_eq!(got[0], texts(&news["messages"])[0]);
    assert!(got[1].starts_with("Pin guarantees"), "{got:?}");
    let by_id = c
        .get(
            "get_messages",
            json!({"chat": "@rust_study_demo", "ids": [3, 999]}),
        )
        .await;
    assert_eq!(
        texts(&by_id["messages"]).len(),
        1,
        "missing ids are left out"
    );
    let e = c.err("get_messages", json!({"ids": [3]})).await;
    assert!(e.contains("chat"), "{e}");

    let ctx = c
        .get(
            "get_message_context",
            json!({"chat": "@rust_study_demo", "id": 3, "before": 1, "after": 2}),
        )
        .await;
    assert_eq!(ctx["message"]["id"], 3);
    assert_eq!(ctx["before"].as_array().map(Vec::len), Some(1));
    assert_eq!(ctx["after"].as_array().map(Vec::len), Some(2));

    let thread = c
        .get("get_replies", json!({"chat": "@rust_study_demo", "id": 2}))
        .await;
    assert_eq!(thread["messages"][0]["id"], 3);
    let topic_replies = c
        .get(
            "get_replies",
            json!({"chat": "@tgmcp_community_demo", "id": 2, "limit": 2}),
        )
        .await;
    let more = c
        .get(
            "get_replies",
            json!({"chat": "@tgmcp_community_demo", "id": 2, "cursor": topic_replies["next_cursor"]}),
        )
        .await;
    assert_eq!(more["messages"].as_array().map(Vec::len), Some(2), "{more}");

    let pins = c
        .get("get_pinned_messages", json!({"chat": "@rust_study_demo"}))
        .await;
    assert_eq!(pins["messages"][0]["id"], 1);

    let digest = c.get("get_unread", json!({})).await;
    let chats = digest["chats"].as_array().cloned().unwrap_or_default();
    let alice = chats
        .iter()
        .find(|ch| ch["chat"]["username"] == "alice_demo")
        .expect("Alice's chat has unread messages");
    assert_eq!(alice["messages"].as_array().map(Vec::len), Some(2));
    let forum = chats
        .iter()
        .find(|ch| ch["chat"]["is_forum"] == true)
        .expect("the forum has an unread mention");
    assert_eq!(forum["unread_mentions"], 1);
    let one = c
        .get(
            "get_unread",
            json!({"chats": ["@tgmcp_news"], "per_chat": 1}),
        )
        .await;
    assert_eq!(one["chats"][0]["truncated"], true, "{one}");

    // Search: in one chat with a cursor, globally with a media filter and no words.
    let hits = c
        .get(
            "search_messages",
            json!({"query": "the", "chat": "@alice_demo", "limit": 1}),
        )
        .await;
    let next = c
        .get(
            "search_messages",
            json!({"query": "the", "chat": "@alice_demo", "limit": 1, "cursor": hits["next_cursor"]}),
        )
        .await;
    assert_ne!(hits["messages"][0]["id"], next["messages"][0]["id"]);
    // Every photo of every chat: Alice's map (newest) and the forum's.
    let photos = c.get("search_messages", json!({"media": "photo"})).await;
    assert_eq!(
        photos["messages"].as_array().map(Vec::len),
        Some(2),
        "{photos}"
    );
    assert_eq!(
        photos["messages"][0]["text"],
        "Great. I'll bring the map and some snacks"
    );
    assert_eq!(
        photos["messages"][1]["url"],
        "https://t.me/tgmcp_community_demo/7"
    );
    let e = c
        .err(
            "search_messages",
            json!({"query": "x", "from": "@alice_demo"}),
        )
        .await;
    assert!(
        e.contains("from needs a chat")
            && e.contains(r#"{"chat": "@alice_demo", "from": "@alice_demo"}"#)
            && e.contains("get_common_chats"),
        "{e}"
    );
    // That call works.
    let hers = c
        .get(
            "search_messages",
            json!({"query": "hike", "chat": "@alice_demo", "from": "@alice_demo"}),
        )
        .await;
    assert!(!hers["messages"].as_array().unwrap().is_empty(), "{hers}");
    let e = c
        .err("search_messages", json!({"query": "x", "topic": 2}))
        .await;
    assert!(e.contains("need a chat"), "{e}");
    // search/fetch answer as before.
    let found = c.get("search", json!({"query": "hike"})).await;
    let id = found["results"][0]["id"].clone();
    let doc = c.get("fetch", json!({ "id": id })).await;
    assert!(doc["text"]
        .as_str()
        .unwrap_or("")
        .to_lowercase()
        .contains("hike"));
}
