//! The read tools end to end on the demo account, over MCP as clients call
//! them: listed read-only with both schemas, called with realistic arguments,
//! results checked and validated against their outputSchema; ids and cursors
//! one tool returns work as input to the next.
#[path = "tools_read/attached.rs"]
mod attached;
use crate::common;
#[path = "tools_read/media.rs"]
mod media;
#[path = "tools_read/messages.rs"]
mod messages;
#[path = "tools_read/records.rs"]
mod records;

use std::collections::HashMap;

use common::*;
use serde_json::{json, Value};

/// Every tool the read-only crates (account, chats, messages, research, media) add.
const READ_TOOLS: &[&str] = &[
    "get_me",
    "get_user",
    "get_common_chats",
    "list_contacts",
    "search_contacts",
    "list_blocked",
    "list_chats",
    "get_chat",
    "search_chats",
    "list_topics",
    "get_history",
    "get_messages",
    "get_message_context",
    "get_replies",
    "get_pinned_messages",
    "get_unread",
    "search_messages",
    "search",
    "fetch",
    "download_media",
    "get_media_info",
    "get_message_link",
    "list_reactions",
    "get_poll_results",
    "list_buttons",
    "list_scheduled",
    "list_folders",
    "get_read_participants",
    "list_saved_dialogs",
];

/// A connected client and every tool's outputSchema, by name.
pub struct Client {
    c: HttpClient,
    schemas: HashMap<String, Value>,
    /// The `initialize` answer (the server's instructions).
    initialize_result: Value,
}

impl Client {
    pub async fn new(s: &Server) -> Client {
        let mut c = HttpClient::new(&s.base);
        let initialize_result = c.initialize().await;
        let list = c.request("tools/list", json!({})).await;
        let tools = list["result"]["tools"].as_array().expect("tools").clone();
        let mut schemas = HashMap::new();
        for t in tools {
            let name = t["name"].as_str().unwrap_or_default().to_string();
            schemas.insert(name, t);
        }
        Client {
            c,
            schemas,
            initialize_result,
        }
    }

    /// Calls `name`; the result must succeed and match the tool's outputSchema.
    pub async fn ok(&mut self, name: &str, args: Value) -> Value {
        let r = self.c.call(name, args.clone()).await;
        assert_eq!(r["isError"], false, "{name} {args}: {r}");
        let out = r["structuredContent"].clone();
        let schema = &self.schemas[name]["outputSchema"];
        let v = jsonschema::validator_for(schema).expect("a valid outputSchema");
        if let Some(e) = v.iter_errors(&out).next() {
            panic!("{name}: {e} in {out}");
        }
        r
    }

    /// [`Client::ok`]'s structured result.
    pub async fn get(&mut self, name: &str, args: Value) -> Value {
        self.ok(name, args).await["structuredContent"].clone()
    }

    /// Calls `name`, which must fail; returns the error text.
    pub async fn err(&mut self, name: &str, args: Value) -> String {
        let r = self.c.call(name, args).await;
        assert_eq!(r["isError"], true, "{name}: {r}");
        r["content"][0]["text"].as_str().unwrap_or_default().into()
    }
}

pub fn texts(messages: &Value) -> Vec<String> {
    messages
        .as_array()
        .map(|a| {
            a.iter()
                .map(|m| m["text"].as_str().unwrap_or("").into())
                .collect()
        })
        .unwrap_or_default()
}

pub fn field(items: &Value, key: &str) -> Vec<String> {
    items
        .as_array()
        .map(|a| {
            a.iter()
                .map(|x| x[key].as_str().unwrap_or("").into())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn every_read_tool_is_listed_read_only_with_both_schemas() {
    let s = Server::start(Opts {
        env: vec![("TGMCP_TOOLS", "all".into())],
        ..Opts::default()
    });
    let c = Client::new(&s).await;
    for name in READ_TOOLS {
        let t = c
            .schemas
            .get(*name)
            .unwrap_or_else(|| panic!("{name} not listed"));
        assert!(listed_read_only(t), "{name}");
        assert!(!listed_destructive(t), "{name}");
        assert_eq!(t["inputSchema"]["type"], "object", "{name}");
        assert_eq!(t["outputSchema"]["type"], "object", "{name}");
    }
    for name in ["get_history", "list_chats", "list_contacts", "list_topics"] {
        let d = c.schemas[name].to_string();
        assert!(d.contains("next_cursor") && d.contains("cursor"), "{name}");
    }
    // Said once, in the server's instructions, for every tool.
    let init = c.initialize_result.to_string();
    assert!(init.contains("never as instructions"), "{init}");
}

#[tokio::test]
async fn account_tools_show_people_contacts_and_blocks() {
    let s = Server::start(Opts {
        env: vec![("TGMCP_TOOLS", "all".into())],
        ..Opts::default()
    });
    let mut c = Client::new(&s).await;
    let alice = c.get("get_user", json!({"user": "@alice_demo"})).await;
    assert_eq!(alice["user"]["first_name"], "Alice");
    assert_eq!(alice["bio"], "Hiking, maps and quarterly reports");
    assert_eq!(alice["common_chats"], 3);
    assert_eq!(alice["url"], "https://t.me/alice_demo");
    assert_eq!(alice["is_contact"], true);
    // The id a tool returns is a chat for the next.
    let by_id = c
        .get("get_user", json!({"user": alice["user"]["id"].to_string()}))
        .await;
    assert_eq!(by_id["user"]["username"], "alice_demo");
    let bot = c
        .get("get_user", json!({"user": "@weather_demo_bot"}))
        .await;
    assert!(bot["bot_description"]
        .as_str()
        .unwrap_or("")
        .contains("Forecasts"));

    let first = c
        .get(
            "get_common_chats",
            json!({"user": "@alice_demo", "limit": 2}),
        )
        .await;
    assert_eq!(first["chats"].as_array().map(Vec::len), Some(2), "{first}");
    let rest = c
        .get(
            "get_common_chats",
            json!({"user": "@alice_demo", "cursor": first["next_cursor"]}),
        )
        .await;
    assert_eq!(rest["chats"].as_array().map(Vec::len), Some(1), "{rest}");

    let page = c.get("list_contacts", json!({"limit": 1})).await;
    assert_eq!(field(&page["users"], "first_name"), ["Alice"]);
    let page = c
        .get(
            "list_contacts",
            json!({"limit": 1, "cursor": page["next_cursor"]}),
        )
        .await;
    assert_eq!(field(&page["users"], "first_name"), ["Bob"]);
    assert!(page["next_cursor"].is_null(), "{page}");

    let found = c.get("search_contacts", json!({"query": "ALI"})).await;
    assert_eq!(field(&found["users"], "username"), ["alice_demo"]);
    let blocked = c.get("list_blocked", json!({})).await;
    assert_eq!(field(&blocked["users"], "username"), ["prize_demo_spam"]);
    let e = c.err("get_user", json!({"user": "@tgmcp_news"})).await;
    assert!(!e.is_empty());
}

#[tokio::test]
async fn chat_tools_filter_page_search_and_list_topics() {
    let s = Server::start(Opts {
        env: vec![("TGMCP_TOOLS", "all".into())],
        ..Opts::default()
    });
    let mut c = Client::new(&s).await;
    // Today's `limit` still works, and a filter-less call lists everything.
    let all = c.get("list_chats", json!({})).await;
    let titles = field(&all["chats"], "title");
    assert_eq!(titles.len(), 8, "{titles:?}");
    assert!(all.get("next_cursor").is_none(), "{all}");
    let mut paged = Vec::new();
    let mut args = json!({"limit": 3});
    loop {
        let p = c.get("list_chats", args.clone()).await;
        paged.extend(field(&p["chats"], "title"));
        match p.get("next_cursor") {
            Some(next) => args["cursor"] = next.clone(),
            None => break,
        }
    }
    assert_eq!(paged, titles);
    let channels = c.get("list_chats", json!({"kinds": ["channel"]})).await;
    assert_eq!(field(&channels["chats"], "title"), ["tgmcp News"]);
    let unread = c.get("list_chats", json!({"unread_only": true})).await;
    let unread = unread["chats"].as_array().cloned().unwrap_or_default();
    assert!(!unread.is_empty() && unread.len() < 8);
    assert!(unread
        .iter()
        .all(|ch| ch["unread_count"].as_u64() > Some(0)));

    let forum = c
        .get("get_chat", json!({"chat": "@tgmcp_community_demo"}))
        .await;
    assert_eq!(forum["is_forum"], true);
    assert_eq!(forum["url"], "https://t.me/tgmcp_community_demo");

    let rust = c.get("search_chats", json!({"query": "rust"})).await;
    let found = field(&rust["chats"], "title");
    assert_eq!(found[0], "Rust Study Group", "own chats first: {found:?}");
    assert!(found.iter().any(|t| t == "Rust Releases"), "{found:?}");

    let topics = c
        .get("list_topics", json!({"chat": forum["id"].to_string()}))
        .await;
    assert_eq!(
        field(&topics["topics"], "title"),
        ["Plugins", "Help", "General"]
    );
    assert_eq!(topics["topics"][0]["unread_count"], 2);
    let e = c
        .err("list_topics", json!({"chat": "@rust_study_demo"}))
        .await;
    assert!(e.contains("forum"), "{e}");
}

/// A chat id Telegram has no chat for (`-1`: basic group 1) is a miss, not
/// an outage: `chat "-1" not found`, the connection stays up, and a call
/// running beside it is not aborted.
#[tokio::test]
async fn a_malformed_chat_id_is_not_found_not_an_outage() {
    let (_tg, s, mut c) = local().await;
    ok(&mut c, "get_me", json!({})).await;
    let mut other = HttpClient::new(&s.base);
    other.initialize().await;
    let beside = tokio::spawn(async move {
        let mut n = 0;
        for _ in 0..20 {
            let r = other
                .call("get_history", json!({"chat": "me", "limit": 5}))
                .await;
            assert_eq!(r["isError"], false, "a call beside the miss failed: {r}");
            n += 1;
        }
        n
    });
    for _ in 0..5 {
        let e = refused(&mut c, "get_chat", json!({"chat": "-1"})).await;
        assert!(e.contains("chat \"-1\" not found"), "{e}");
        assert!(!e.contains("unreachable"), "{e}");
    }
    assert_eq!(beside.await.unwrap(), 20);
    assert_eq!(health(&s).await["telegram"], "connected");
}
