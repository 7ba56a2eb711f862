//! get_message_link, list_reactions, get_poll_results, list_buttons,
//! list_scheduled and list_folders on the demo account; every example each
//! of them lists works.

use serde_json::{json, Value};

use super::common::{Opts, Server};
use super::Client;

fn demo() -> Server {
    Server::start(Opts {
        env: vec![("TGMCP_TOOLS", "all".into())],
        ..Opts::default()
    })
}

#[tokio::test]
async fn links_reactions_polls_buttons_scheduled_and_folders_read_back() {
    let s = demo();
    let mut c = Client::new(&s).await;

    let link = c
        .get(
            "get_message_link",
            json!({"chat": "@rust_study_demo", "message_id": 3}),
        )
        .await;
    assert_eq!(link["url"], "https://t.me/rust_study_demo/3", "{link}");
    assert_eq!(
        link["thread_url"],
        "https://t.me/rust_study_demo/3?thread=2"
    );
    let topic = c
        .get(
            "get_message_link",
            json!({"chat": "@tgmcp_community_demo", "message_id": 6}),
        )
        .await;
    assert_eq!(topic["topic_url"], "https://t.me/tgmcp_community_demo/2/6");
    let e = c
        .err(
            "get_message_link",
            json!({"chat": "@alice_demo", "message_id": 2}),
        )
        .await;
    assert!(e.contains("no link"), "{e}");

    // Other people's reactions, and the account's own, newest first.
    let r = c
        .get(
            "list_reactions",
            json!({"chat": "@rust_study_demo", "message_id": 3}),
        )
        .await;
    let who: Vec<(&str, &str)> = r["reactions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| (x["name"].as_str().unwrap(), x["emoji"].as_str().unwrap()))
        .collect();
    assert_eq!(who, [("Bob", "👍"), ("Alice Smith", "🔥")], "{r}");
    let thumbs = c
        .get(
            "list_reactions",
            json!({"chat": "Weekend Hikers", "message_id": 19, "emoji": "👍"}),
        )
        .await;
    assert_eq!(thumbs["reactions"].as_array().map(Vec::len), Some(3));
    let e = c
        .err(
            "list_reactions",
            json!({"chat": "@tgmcp_news", "message_id": 1}),
        )
        .await;
    assert!(e.contains("BROADCAST_FORBIDDEN"), "{e}");

    let poll = c
        .get(
            "get_poll_results",
            json!({"chat": "Weekend Hikers", "message_id": 22}),
        )
        .await;
    assert_eq!(poll["question"], fakegram::DEMO_POLL);
    assert_eq!(poll["total_voters"], 3);
    assert_eq!(poll["answers"][0]["voters"], 2);
    assert_eq!(poll["answers"][0]["chosen"], true);
    let votes: Vec<(Value, Value)> = poll["votes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| (v["name"].clone(), v["answer"].clone()))
        .collect();
    assert!(votes.contains(&(json!("Bob"), json!(2))), "{poll}");
    let e = c
        .err(
            "get_poll_results",
            json!({"chat": "Weekend Hikers", "message_id": 19}),
        )
        .await;
    assert!(e.contains("not a poll"), "{e}");

    let b = c
        .get(
            "list_buttons",
            json!({"chat": "@weather_demo_bot", "message_id": 9}),
        )
        .await;
    let buttons = b["buttons"].as_array().unwrap();
    assert_eq!(buttons.len(), 3, "{b}");
    assert_eq!(
        (&buttons[0]["text"], &buttons[0]["kind"]),
        (&json!("🔄 Refresh"), &json!("callback"))
    );
    assert_eq!(buttons[2]["url"], "https://example.com/forecast/lisbon");
    assert_eq!(
        (buttons[2]["row"].as_u64(), buttons[2]["column"].as_u64()),
        (Some(1), Some(0))
    );
    let none = c
        .get(
            "list_buttons",
            json!({"chat": "@alice_demo", "message_id": 2}),
        )
        .await;
    assert_eq!(none["buttons"], json!([]));

    let sched = c.get("list_scheduled", json!({"chat": "me"})).await;
    assert_eq!(sched["messages"][0]["text"], fakegram::DEMO_REMINDER);
    assert_eq!(sched["messages"][0]["id"], 1_000_001);
    // A scheduled message is not in the history until it is sent.
    let h = c
        .get("get_history", json!({"chat": "me", "limit": 50}))
        .await;
    assert!(!h.to_string().contains(fakegram::DEMO_REMINDER));

    let f = c.get("list_folders", json!({})).await;
    let hiking = &f["folders"][0];
    assert_eq!(
        (&hiking["id"], &hiking["title"]),
        (&json!(2), &json!("Hiking"))
    );
    let titles: Vec<&str> = hiking["included"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Alice Smith", "Weekend Hikers"]);

    for (name, args) in [
        (
            "list_reactions",
            json!({"chat": "@nobody_at_all", "message_id": 1}),
        ),
        (
            "get_poll_results",
            json!({"chat": "Weekend Hikers", "message_id": 999}),
        ),
        (
            "list_buttons",
            json!({"chat": "@weather_demo_bot", "message_id": 999}),
        ),
        ("list_scheduled", json!({"chat": "@nobody_at_all"})),
    ] {
        let e = c.err(name, args).await;
        assert!(
            e.contains("not found") || e.contains("INVALID"),
            "{name}: {e}"
        );
    }
}

#[tokio::test]
async fn the_read_examples_of_the_new_tools_work() {
    let s = demo();
    let mut c = Client::new(&s).await;
    for name in [
        "get_message_link",
        "list_reactions",
        "get_poll_results",
        "list_buttons",
        "list_scheduled",
        "list_folders",
    ] {
        let examples = c.schemas[name]["inputSchema"]["examples"]
            .as_array()
            .cloned()
            .unwrap_or_else(|| panic!("{name} lists no example"));
        for e in examples {
            c.get(name, e).await;
        }
    }
}

#[tokio::test]
async fn a_chat_list_hides_folder_chats_and_refuses_hidden_reads() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("policy.toml");
    std::fs::write(
        &policy,
        "[chats]\ndeny = [\"@alice_demo\", \"@weather_demo_bot\"]\n",
    )
    .unwrap();
    let s = Server::start(Opts {
        env: vec![
            ("TGMCP_TOOLS", "all".into()),
            ("TGMCP_POLICY", policy.display().to_string()),
        ],
        ..Opts::default()
    });
    let mut c = Client::new(&s).await;
    let f = c.get("list_folders", json!({})).await;
    let titles: Vec<&str> = f["folders"][0]["included"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Weekend Hikers"]);
    let e = c
        .err(
            "list_buttons",
            json!({"chat": "@weather_demo_bot", "message_id": 9}),
        )
        .await;
    assert!(e.contains("not found or not allowed"), "{e}");
}

#[tokio::test]
async fn read_receipts_and_saved_sub_chats() {
    let s = demo();
    let mut c = Client::new(&s).await;
    let r = c
        .get(
            "get_read_participants",
            json!({"chat": "Weekend Hikers", "message_id": 17}),
        )
        .await;
    let ids: Vec<i64> = r["readers"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|x| x["user_id"].as_i64())
        .collect();
    assert_eq!(ids, [200_000_001, 200_000_002, 200_000_003], "{r}");
    assert_eq!(r["readers"][0]["name"], "Alice Smith");
    for (args, want) in [
        (
            json!({"chat": "Weekend Hikers", "message_id": 19}),
            "MESSAGE_AUTHOR_REQUIRED",
        ),
        (
            json!({"chat": "@tgmcp_news", "message_id": 1}),
            "CHAT_TOO_BIG",
        ),
        (
            json!({"chat": "Weekend Hikers", "message_id": 999}),
            "MSG_ID_INVALID",
        ),
    ] {
        let e = c.err("get_read_participants", args.clone()).await;
        assert!(e.contains(want), "{args}: {e}");
    }
    let saved = c.get("list_saved_dialogs", json!({})).await;
    let titles: Vec<&str> = saved["chats"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Saved Messages"], "notes only: {saved}");
    for name in ["get_read_participants", "list_saved_dialogs"] {
        for e in c.schemas[name]["inputSchema"]["examples"]
            .as_array()
            .cloned()
            .unwrap()
        {
            c.get(name, e).await;
        }
    }
}
