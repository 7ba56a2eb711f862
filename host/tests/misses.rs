//! Every miss names the next step: a chat that is not found suggests the
//! closest ones (never one the policy hides), a first name that names one
//! chat finds it, Telegram's error codes come with what they mean.
use crate::common;

use common::*;
use serde_json::json;

/// `tgmcp serve --demo` under `policy` (kept alive by the returned dir).
fn demo_with_policy(policy: &str) -> (Server, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("policy.toml");
    std::fs::write(&file, policy).unwrap();
    let s = Server::start(Opts {
        args: vec![
            "--policy",
            Box::leak(file.to_string_lossy().into_owned().into_boxed_str()),
        ],
        ..Opts::default()
    });
    (s, dir)
}

#[tokio::test]
async fn a_first_name_finds_the_only_chat_and_a_miss_suggests_the_closest() {
    let s = Server::demo();
    let mut c = SseClient::connect(&s.base).await;
    c.initialize().await;
    let alice = ok(&mut c, "get_chat", json!({"chat": "Alice"})).await;
    assert_eq!(alice["id"], 200000001, "{alice}");
    let hist = ok(&mut c, "get_history", json!({"chat": "alice", "limit": 1})).await;
    assert_eq!(hist["messages"][0]["chat_id"], 200000001, "{hist}");

    let e = refused(&mut c, "get_chat", json!({"chat": "Alise Smith"})).await;
    assert_eq!(
        e,
        "chat \"Alise Smith\" not found; did you mean \"Alice Smith\" (@alice_demo)?"
    );
    // A word two chats share names neither: the miss lists both.
    let e = refused(&mut c, "get_history", json!({"chat": "tgmcp"})).await;
    assert_eq!(
        e,
        "chat \"tgmcp\" not found; did you mean \"tgmcp Community\" (@tgmcp_community_demo) or \"tgmcp News\" (@tgmcp_news)?"
    );
    let e = refused(&mut c, "get_chat", json!({"chat": "hikers weekend"})).await;
    assert!(e.starts_with("chat \"hikers weekend\" not found"), "{e}");
    let hikers = ok(&mut c, "get_chat", json!({"chat": "weekend"})).await;
    assert_eq!(
        hikers["id"], -4000000001_i64,
        "a word of a group's title: {hikers}"
    );
}

#[tokio::test]
async fn chat_rules_keep_hidden_chats_out_of_suggestions_and_guesses() {
    let (s, _d) = demo_with_policy("[chats]\ndeny = [\"@alice_demo\"]\n");
    let mut c = SseClient::connect(&s.base).await;
    c.initialize().await;
    for name in ["Alice", "Alise Smith", "alice smith", "@alice"] {
        let e = refused(&mut c, "get_chat", json!({"chat": name})).await;
        assert_eq!(e, format!("chat \"{name}\" not found or not allowed"));
        let e = refused(&mut c, "send_message", json!({"chat": name, "text": "hi"})).await;
        assert_eq!(e, format!("chat \"{name}\" not found or not allowed"));
    }

    let (s, _d) = demo_with_policy("[chats]\nallow = [\"@alice_demo\", \"tgmcp News\"]\n");
    let mut c = SseClient::connect(&s.base).await;
    c.initialize().await;
    let e = refused(&mut c, "get_history", json!({"chat": "tgmcp"})).await;
    assert_eq!(
        e,
        "chat \"tgmcp\" not found or not allowed; did you mean \"tgmcp News\" (@tgmcp_news)?"
    );
    // Under chat rules a name must be exact (whether a word names one chat
    // would depend on the hidden ones): the miss says the exact name.
    let e = refused(&mut c, "get_chat", json!({"chat": "Alice"})).await;
    assert_eq!(
        e,
        "chat \"Alice\" not found or not allowed; did you mean \"Alice Smith\" (@alice_demo)?"
    );
    let alice = ok(&mut c, "get_chat", json!({"chat": "Alice Smith"})).await;
    assert_eq!(alice["id"], 200000001, "{alice}");
}

#[tokio::test]
async fn telegram_refusals_say_what_they_mean_and_keep_their_code() {
    let s = Server::demo();
    let mut c = SseClient::connect(&s.base).await;
    c.initialize().await;
    // The demo's channel is one only its admins post in, as on Telegram.
    let e = refused(
        &mut c,
        "send_message",
        json!({"chat": "@tgmcp_news", "text": "hi"}),
    )
    .await;
    assert!(
        e.starts_with("CHAT_WRITE_FORBIDDEN: you cannot post in this chat")
            && e.contains("discussion group"),
        "{e}"
    );

    let (tg, _s, mut c) = local().await;
    for (code, says) in [
        ("MESSAGE_TOO_LONG", "MESSAGE_TOO_LONG: a message holds at most 4096 characters; split the text into several messages"),
        ("SLOWMODE_WAIT_30", "SLOWMODE_WAIT: this chat's slow mode allows one message per interval; retry after 30 s"),
        ("USER_BANNED_IN_CHANNEL", "USER_BANNED_IN_CHANNEL: Telegram limits this account from posting"),
    ] {
        tg.faults()
            .error("messages.sendMessage", code, fakegram::Times::Once);
        let e = refused(
            &mut c,
            "send_message",
            json!({"chat": "@alice_demo", "text": "x"}),
        )
        .await;
        assert!(e.starts_with(says), "{code}: {e}");
    }
    // A code the table does not know still names itself.
    tg.faults().error(
        "messages.sendMessage",
        "SOMETHING_NEW",
        fakegram::Times::Once,
    );
    let e = refused(&mut c, "send_message", json!({"chat": "me", "text": "x"})).await;
    assert_eq!(e, "Telegram error 400: SOMETHING_NEW");
}

#[tokio::test]
async fn an_unknown_forum_topic_is_a_miss_naming_list_topics() {
    let s = Server::start(Opts {
        env: vec![("TGMCP_TOOLS", "std".into())],
        ..Opts::default()
    });
    let mut c = SseClient::connect(&s.base).await;
    c.initialize().await;
    let forum = "@tgmcp_community_demo";
    let want = format!("topic 999 not found in \"{forum}\"; list_topics lists them");
    let e = refused(&mut c, "get_history", json!({"chat": forum, "topic": 999})).await;
    assert_eq!(e, want);
    let e = refused(
        &mut c,
        "search_messages",
        json!({"chat": forum, "query": "plugin", "topic": 999}),
    )
    .await;
    assert_eq!(e, want);
    let e = refused(
        &mut c,
        "send_message",
        json!({"chat": forum, "topic": 999, "text": "hello"}),
    )
    .await;
    assert_eq!(e, want);
    let e = refused(
        &mut c,
        "create_poll",
        json!({"chat": forum, "topic": 999, "question": "Lunch?", "options": ["yes", "no"]}),
    )
    .await;
    assert_eq!(e, want);
    // Real topics and General still read.
    let plugins = ok(&mut c, "get_history", json!({"chat": forum, "topic": 2})).await;
    assert!(
        !plugins["messages"].as_array().unwrap().is_empty(),
        "{plugins}"
    );
    ok(&mut c, "get_history", json!({"chat": forum, "topic": 1})).await;
}
