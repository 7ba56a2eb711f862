//! The write tools end to end over MCP: listed with their annotations, called
//! with realistic arguments, and their effect checked through the read tools
//! or, where no read tool shows it yet, on the local MTProto server itself.

use crate::common;
#[path = "chat_actions.rs"]
mod chat_actions;
#[path = "chat_features.rs"]
mod chat_features;
#[path = "dialogs.rs"]
mod dialogs;
#[path = "messages.rs"]
mod messages;

use common::*;
use serde_json::{json, Value};

/// Every tool this suite covers: (name, destructive, read-only).
const WRITE_TOOLS: &[(&str, bool, bool)] = &[
    ("send_message", false, false),
    ("edit_message", false, false),
    ("delete_messages", true, false),
    ("forward_messages", false, false),
    ("pin_message", false, false),
    ("unpin_message", false, false),
    ("send_reaction", false, false),
    ("save_draft", false, false),
    ("clear_draft", true, false),
    ("list_drafts", false, true),
    ("create_poll", false, false),
    ("vote_poll", false, false),
    ("mark_read", false, false),
    ("mark_unread", false, false),
    ("mute_chat", false, false),
    ("archive_chat", false, false),
    ("join_chat", false, false),
    ("leave_chat", true, false),
    ("send_file", false, false),
    ("delete_scheduled", true, false),
    ("press_button", true, false),
    ("create_folder", false, false),
    ("edit_folder", false, false),
    ("delete_folder", true, false),
    ("send_album", false, false),
    ("send_voice", false, false),
    ("close_poll", true, false),
    ("delete_chat_history", true, false),
    ("send_typing", false, false),
    ("pin_chat", false, false),
    ("set_auto_delete", false, false),
    ("reorder_folders", false, false),
    ("send_location", false, false),
    ("send_contact", false, false),
    ("send_dice", false, false),
];

pub async fn history<C: Mcp>(c: &mut C, chat: &str) -> Vec<Value> {
    let h = ok(c, "get_history", json!({"chat": chat, "limit": 50})).await;
    h["messages"].as_array().cloned().unwrap_or_default()
}

pub fn id(v: &Value) -> i64 {
    v["message_id"].as_i64().unwrap_or_else(|| panic!("{v}"))
}

#[tokio::test]
async fn write_tools_are_listed_with_annotations_and_hidden_when_read_only() {
    let tools = all_tools().await;
    for (name, destructive, read_only) in WRITE_TOOLS {
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
    for (name, _, read_only) in WRITE_TOOLS {
        assert_eq!(names.iter().any(|n| n == name), *read_only, "{name}");
    }
    for (name, args) in [
        (
            "edit_message",
            json!({"chat": "me", "message_id": 1, "text": "x"}),
        ),
        ("mark_read", json!({"chat": "@alice_demo"})),
        ("leave_chat", json!({"chat": "@rust_study_demo"})),
        (
            "send_file",
            json!({"chat": "me", "url": "https://example.org/a.png"}),
        ),
        ("delete_folder", json!({"id": 2})),
        (
            "press_button",
            json!({"chat": "@weather_demo_bot", "message_id": 9, "text": "Tomorrow"}),
        ),
    ] {
        let r = c
            .request("tools/call", json!({"name": name, "arguments": args}))
            .await;
        assert!(
            r.get("error").is_some() || r["result"]["isError"] == true,
            "{name}: {r}"
        );
    }
    // The one read among them still answers.
    assert_eq!(
        ok(&mut c, "list_drafts", json!({})).await["drafts"],
        json!([])
    );
}

#[tokio::test]
async fn the_demo_account_takes_writes_and_shows_them() {
    let s = Server::start(Opts {
        env: vec![("TGMCP_TOOLS", "all".into())],
        ..Opts::default()
    });
    let mut c = SseClient::connect(&s.base).await;
    c.initialize().await;
    let sent = ok(&mut c, "send_message", json!({"chat": "me", "text": "v1"})).await;
    let mid = id(&sent);
    ok(
        &mut c,
        "edit_message",
        json!({"chat": "me", "message_id": mid, "text": "v2"}),
    )
    .await;
    let h = history(&mut c, "me").await;
    assert_eq!(
        (h[0]["id"].as_i64(), &h[0]["text"]),
        (Some(mid), &json!("v2"))
    );
    let link = format!("t.me/+{}", fakegram::DEMO_INVITE);
    let j = ok(&mut c, "join_chat", json!({"target": link})).await;
    assert_eq!(j["chat"]["title"], "Hiking Photos", "{j}");
    let chat = j["chat"]["id"].to_string();
    ok(&mut c, "leave_chat", json!({"chat": chat})).await;
    let d = ok(
        &mut c,
        "delete_messages",
        json!({"chat": "me", "message_ids": [mid]}),
    )
    .await;
    assert_eq!(d["deleted"], 1);
}
