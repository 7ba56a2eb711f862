//! What the records say beyond ids and text: member counts of groups and
//! channels, service messages in words, media without a file summarised,
//! links' hidden URLs and a reply's quote.

use serde_json::{json, Value};

use super::common::{Opts, Server};
use super::Client;

async fn client() -> (Server, Client) {
    let s = Server::start(Opts {
        env: vec![("TGMCP_TOOLS", "all".into())],
        ..Opts::default()
    });
    let c = Client::new(&s).await;
    (s, c)
}

#[tokio::test]
async fn groups_and_channels_say_how_many_members_they_have() {
    let (_s, mut c) = client().await;
    let all = c.get("list_chats", json!({})).await;
    let chats = all["chats"].as_array().cloned().unwrap_or_default();
    let groups: Vec<&Value> = chats
        .iter()
        .filter(|ch| {
            ["group", "supergroup", "channel"].contains(&ch["kind"].as_str().unwrap_or(""))
        })
        .collect();
    assert_eq!(groups.len(), 4, "{all}");
    for g in groups {
        assert!(g["members_count"].as_u64().is_some_and(|n| n > 0), "{g}");
    }
    for (chat, members) in [
        ("@tgmcp_news", 2048),
        ("@rust_study_demo", 128),
        ("@tgmcp_community_demo", 512),
        ("Weekend Hikers", 4),
    ] {
        let got = c.get("get_chat", json!({ "chat": chat })).await;
        assert_eq!(got["members_count"], members, "{chat}: {got}");
    }
}

/// The messages of `chat` (newest first, up to 50).
async fn history(c: &mut Client, chat: &str) -> Vec<Value> {
    let got = c
        .get("get_history", json!({"chat": chat, "limit": 50}))
        .await;
    got["messages"].as_array().cloned().unwrap_or_default()
}

fn text_of<'a>(m: &'a Value, key: &str) -> &'a str {
    m[key].as_str().unwrap_or_default()
}

#[tokio::test]
async fn no_message_reads_as_empty() {
    let (_s, mut c) = client().await;
    for chat in ["me", "Weekend Hikers", "@tgmcp_community_demo"] {
        for m in history(&mut c, chat).await {
            let said = !text_of(&m, "text").is_empty()
                || !text_of(&m, "action").is_empty()
                || m["media"]["kind"].is_string();
            assert!(said, "{chat}: a message that says nothing: {m}");
        }
    }
    let saved = history(&mut c, "me").await;
    let summaries: Vec<&str> = saved
        .iter()
        .map(|m| text_of(&m["media"], "summary"))
        .filter(|s| !s.is_empty())
        .collect();
    let has = |needle: &str| summaries.iter().any(|s| s.contains(needle));
    assert!(has("Trailhead parking") && has("38.78767"), "{summaries:?}");
    assert!(has("Ridge Hut") && has("15550000099"), "{summaries:?}");
    assert!(has("🎲") && has("4"), "{summaries:?}");
    let flight = saved
        .iter()
        .find(|m| text_of(m, "text").starts_with("Flight to Lisbon"))
        .and_then(|m| m["id"].as_i64())
        .expect("the flight message");
    let pin = saved
        .iter()
        .find(|m| !text_of(m, "action").is_empty())
        .expect("a service message");
    assert_eq!(pin["action"], format!("pinned message {flight}"), "{pin}");

    let poll = history(&mut c, "Weekend Hikers").await;
    let poll = poll
        .iter()
        .find(|m| m["media"]["kind"] == "poll")
        .expect("the poll");
    assert_eq!(
        poll["media"]["summary"],
        format!(
            "poll \"{}\": Ridge loop / Lake trail / Coastal path",
            fakegram::DEMO_POLL
        ),
        "{poll}"
    );

    let forum = history(&mut c, "@tgmcp_community_demo").await;
    let actions: Vec<&str> = forum
        .iter()
        .map(|m| text_of(m, "action"))
        .filter(|a| !a.is_empty())
        .collect();
    assert_eq!(
        actions,
        [
            "created the topic \"Help\"",
            "created the topic \"Plugins\""
        ]
    );
}

#[tokio::test]
async fn hidden_link_urls_and_quotes_are_visible() {
    let (_s, mut c) = client().await;
    let saved = history(&mut c, "me").await;
    let (text, url) = fakegram::DEMO_LINKED;
    let linked = saved
        .iter()
        .find(|m| m["text"] == text)
        .expect("the message with a text link");
    assert_eq!(linked["links"], json!([url]), "{linked}");
    let quoting = saved
        .iter()
        .find(|m| m["text"] == "Saved it on the phone too")
        .expect("the quoting reply");
    assert_eq!(quoting["quote"], "hikers-2026", "{quoting}");

    // A link sent with Markdown reads back with its URL.
    let sent = c
        .get(
            "send_message",
            json!({"chat": "Weekend Hikers", "text": "See [the route](https://example.com/r/9)", "parse_mode": "markdown"}),
        )
        .await;
    let id = sent["message_id"].clone();
    let back = c
        .get(
            "get_messages",
            json!({"chat": "Weekend Hikers", "ids": [id]}),
        )
        .await;
    assert_eq!(back["messages"][0]["text"], "See the route", "{back}");
    assert_eq!(
        back["messages"][0]["links"],
        json!(["https://example.com/r/9"])
    );
}

#[tokio::test]
async fn the_demo_forum_photo_downloads_and_the_echo_bot_answers() {
    let (_s, mut c) = client().await;
    let r = c
        .ok(
            "download_media",
            json!({"chat": "@tgmcp_community_demo", "id": 7}),
        )
        .await;
    assert_eq!(r["structuredContent"]["delivered_as"], "image", "{r}");
    let png = fakegram::png(320, 180, [30, 60, 140]);
    assert_eq!(r["structuredContent"]["bytes"], png.len(), "{r}");

    // Files are found by the file filter, seeded or sent.
    let files = c
        .get(
            "get_history",
            json!({"chat": "@bob_demo", "media": "document"}),
        )
        .await;
    assert_eq!(
        files["messages"][0]["media"]["file_name"], "benchmarks.csv",
        "{files}"
    );

    let bot = format!("@{}", fakegram::ECHO_BOT_USERNAME);
    c.get("send_message", json!({"chat": bot, "text": "ping"}))
        .await;
    let got = c
        .get(
            "wait_for_message",
            json!({"chats": [bot], "timeout_secs": 10, "settle_ms": 0}),
        )
        .await;
    assert_eq!(
        got["messages"][0]["text"],
        fakegram::echo_reply("ping"),
        "{got}"
    );
    assert_eq!(got["messages"][0]["sender_id"], fakegram::ECHO_BOT);
}

/// The chat titled `title` of a list_chats answer.
fn chat_titled<'a>(list: &'a Value, title: &str) -> &'a Value {
    list["chats"]
        .as_array()
        .and_then(|a| a.iter().find(|c| c["title"] == title))
        .unwrap_or_else(|| panic!("no chat {title} in {list}"))
}

#[tokio::test]
async fn chats_say_their_role_mute_pin_archive_mentions_and_description() {
    let (_s, mut c) = client().await;
    let list = c.get("list_chats", json!({})).await;
    for (title, role) in [
        ("Rust Study Group", "creator"),
        ("Weekend Hikers", "creator"),
        ("tgmcp Community", "admin"),
        ("tgmcp News", "member"),
    ] {
        assert_eq!(chat_titled(&list, title)["role"], role, "{title}");
    }
    for chat in list["chats"].as_array().cloned().unwrap_or_default() {
        let date = &chat["last_message_date"];
        assert!(date.is_number() || date.is_string(), "{chat}");
    }
    let news = &chat_titled(&list, "tgmcp News")["muted_until"];
    assert!(news.is_number() || news.is_string(), "{list}");
    assert_eq!(chat_titled(&list, "tgmcp Community")["unread_mentions"], 1);

    let forum = c
        .get("get_chat", json!({"chat": "@tgmcp_community_demo"}))
        .await;
    assert_eq!(
        forum["about"], "Questions, plugins and news about tgmcp, by topic",
        "{forum}"
    );
    assert_eq!(forum["role"], "admin");
    assert_eq!(forum["unread_mentions"], 1);
    let news = c.get("get_chat", json!({"chat": "@tgmcp_news"})).await;
    assert!(
        news["muted_until"].is_number() || news["muted_until"].is_string(),
        "{news}"
    );

    c.get("pin_chat", json!({"chat": "@bob_demo"})).await;
    let bob = c.get("get_chat", json!({"chat": "@bob_demo"})).await;
    assert_eq!(bob["pinned"], true, "{bob}");
    c.get("archive_chat", json!({"chat": "@bob_demo"})).await;
    let archive = c.get("list_chats", json!({"archived": true})).await;
    assert_eq!(chat_titled(&archive, "Bob")["archived"], true, "{archive}");
}
