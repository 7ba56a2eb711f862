//! The grammers backend against the local MTProto server: the real client
//! code, with Telegram's faults scripted per test.

use super::*;
use fakegram::Times;
use grammers_client::sender::RpcError;
use grammers_client::InvocationError;

fn rpc(code: i32, name: &str, value: Option<u32>) -> InvocationError {
    InvocationError::Rpc(RpcError {
        code,
        name: name.into(),
        value,
        caused_by: None,
    })
}

async fn demo_with(timeout: Duration) -> Arc<GrammersBackend> {
    demo(timeout).await.expect("demo backend")
}

async fn backend() -> Arc<GrammersBackend> {
    demo_with(Duration::from_secs(5)).await
}

fn server(b: &GrammersBackend) -> &fakegram::Server {
    b.local_server().expect("demo has a local server")
}

#[test]
fn flood_wait_keeps_its_seconds() {
    let e = map_error(rpc(420, "FLOOD_WAIT", Some(37)));
    assert_eq!(e.to_string(), "FLOOD_WAIT: retry after 37 s");
    assert!(matches!(
        e,
        TelegramError::Rpc {
            retry_after_secs: Some(37),
            ..
        }
    ));
}

#[test]
fn revoked_sessions_point_to_tgmcp_login() {
    for name in [
        "AUTH_KEY_UNREGISTERED",
        "AUTH_KEY_DUPLICATED",
        "SESSION_REVOKED",
    ] {
        let e = map_error(rpc(401, name, None));
        assert!(matches!(e, TelegramError::SessionInvalid(_)), "{e:?}");
        let m = e.to_string();
        assert!(m.contains(name) && m.contains("tgmcp login"), "{m}");
    }
}

#[tokio::test]
async fn the_session_string_key_lands_in_the_home_dc() {
    let d = SessionData {
        format: session::SessionFormat::Pyrogram,
        dc_id: 4,
        addr: None,
        auth_key: [7u8; 256],
        user_id: None,
    };
    let s = memory_session(&d).await.unwrap();
    assert_eq!(s.home_dc_id().unwrap(), 4);
    let opt = s.dc_option(4).unwrap().unwrap();
    assert_eq!(opt.auth_key, Some([7u8; 256]));
    assert_eq!(
        opt.ipv4.ip().octets(),
        [149, 154, 167, 92],
        "Pyrogram strings use the known DC address"
    );
}

#[tokio::test]
async fn a_sent_message_shows_up_in_history_search_and_by_id_on_me() {
    let b = backend().await;
    let me = b.get_me().await.unwrap();
    let sent = b
        .send_message("me", "remember the milk", &SendOptions::default())
        .await
        .unwrap();
    assert_eq!(sent.chat_id, me.id);
    assert_eq!(
        sent.sender_id,
        Some(me.id),
        "self-sent messages name their sender"
    );
    let hist = b.get_history("me", 1, None).await.unwrap();
    assert_eq!(hist[0].id, sent.id);
    assert_eq!(hist[0].text, "remember the milk");
    assert_eq!(hist[0].sender_id, Some(me.id));
    let found = b.search_messages("MILK", None, 10, None).await.unwrap();
    assert!(found.iter().any(|m| m.id == sent.id && m.chat_id == me.id));
    // Was always [] before: the ambient "self" reference matched nothing.
    let by_id = b.get_messages("me", &[sent.id, 999_999]).await.unwrap();
    assert_eq!(by_id.len(), 1, "{by_id:?}");
    assert_eq!(by_id[0].text, "remember the milk");
}

#[tokio::test]
async fn peers_resolve_in_every_form_and_unknown_ones_fail() {
    let b = backend().await;
    let by_name = b.get_chat("@alice_demo").await.unwrap();
    assert_eq!(b.get_chat("t.me/alice_demo").await.unwrap(), by_name);
    assert_eq!(b.get_chat(&by_name.id.to_string()).await.unwrap(), by_name);
    assert_eq!(b.get_chat("+15550000002").await.unwrap(), by_name);
    assert_eq!(
        b.get_chat(&by_name.title).await.unwrap(),
        by_name,
        "exact title"
    );
    assert_eq!(
        b.get_chat("-1001500000001").await.unwrap().kind,
        ChatKind::Channel
    );
    assert_eq!(
        b.get_chat("@nobody_here").await.unwrap_err().to_string(),
        "chat \"@nobody_here\" not found"
    );
    assert!(matches!(
        b.get_chat("  ").await,
        Err(TelegramError::InvalidArgs(_))
    ));
    let invite = b.get_chat("t.me/+AbCdEf123").await.unwrap_err();
    assert!(
        matches!(invite, TelegramError::InvalidArgs(_)),
        "{invite:?}"
    );
}

#[tokio::test]
async fn ids_resolve_from_the_session_cache_without_listing_dialogs_again() {
    let b = backend().await;
    let alice = b.get_chat("@alice_demo").await.unwrap();
    let chats = b.list_chats(100).await.unwrap();
    let group = chats
        .iter()
        .find(|c| c.kind == ChatKind::Group)
        .expect("a basic group in the demo")
        .clone();
    // Forget what the backend learnt; the session keeps access hashes.
    b.peers.lock_clear();
    let s = server(&b);
    s.faults().reset_calls();
    assert_eq!(
        b.get_chat(&alice.id.to_string()).await.unwrap().id,
        alice.id
    );
    assert_eq!(
        b.get_chat(&group.id.to_string()).await.unwrap().id,
        group.id
    );
    assert_eq!(
        s.faults().calls("messages.getDialogs"),
        0,
        "{:?}",
        s.faults().call_counts()
    );
    // A miss refreshes the dialogs at most once a minute, not per lookup.
    for _ in 0..3 {
        b.get_chat("123456789").await.unwrap_err();
    }
    assert!(s.faults().calls("messages.getDialogs") <= 1);
}

#[tokio::test]
async fn history_pages_back_with_offset_id() {
    let b = backend().await;
    let first = b.get_history("@alice_demo", 3, None).await.unwrap();
    assert_eq!(first.len(), 3);
    assert!(first.windows(2).all(|w| w[0].id > w[1].id), "newest first");
    let next = b
        .get_history("@alice_demo", 3, Some(first[2].id))
        .await
        .unwrap();
    assert!(!next.is_empty());
    assert!(next.iter().all(|m| m.id < first[2].id));
}

#[tokio::test]
async fn channels_refuse_writes_with_telegrams_error_name() {
    let b = backend().await;
    let e = b
        .send_message("@tgmcp_news", "hi", &SendOptions::default())
        .await
        .unwrap_err();
    assert!(
        matches!(&e, TelegramError::Rpc { name, .. } if name == "CHAT_WRITE_FORBIDDEN"),
        "{e:?}"
    );
    assert!(e.to_string().starts_with("CHAT_WRITE_FORBIDDEN: "), "{e}");
}

#[tokio::test]
async fn markdown_and_html_keep_line_breaks_as_sent() {
    let b = backend().await;
    for (mode, text) in [
        (ParseMode::Markdown, "line one\nline two\n\n- a\n- b"),
        (ParseMode::Html, "line one<br>line two\n\n• a\n• b"),
    ] {
        let opts = SendOptions {
            parse_mode: mode,
            ..SendOptions::default()
        };
        let sent = b.send_message("me", text, &opts).await.unwrap();
        assert_eq!(sent.text, "line one\nline two\n\n• a\n• b", "{mode:?}");
    }
    let bad = SendOptions {
        parse_mode: ParseMode::Markdown,
        ..SendOptions::default()
    };
    let e = b
        .send_message("me", "[Bob](tg://user?id=bob)", &bad)
        .await
        .unwrap_err();
    assert!(matches!(e, TelegramError::InvalidArgs(_)), "{e:?}");
}

#[tokio::test]
async fn the_client_names_itself_tgmcp() {
    let b = backend().await;
    b.get_me().await.unwrap();
    let clients = server(&b).clients();
    let c = clients.last().expect("a client connected");
    assert_eq!(c.device_model, "tgmcp");
    assert_eq!(c.app_version, env!("CARGO_PKG_VERSION"));
}

#[tokio::test]
async fn flood_wait_reaches_the_user_with_its_seconds() {
    let b = backend().await;
    server(&b)
        .faults()
        .error("messages.getHistory", "FLOOD_WAIT_37", Times::Once);
    let e = b.get_history("@alice_demo", 5, None).await.unwrap_err();
    assert_eq!(e.to_string(), "FLOOD_WAIT: retry after 37 s");
    assert!(b.get_history("@alice_demo", 5, None).await.is_ok());
}

#[tokio::test]
async fn a_silent_telegram_fails_the_call_within_the_timeout_and_says_so() {
    let b = demo_with(Duration::from_millis(700)).await;
    let s = server(&b);
    s.faults().silence(fakegram::ANY, Times::Always);
    let t0 = std::time::Instant::now();
    let e = b.get_history("@alice_demo", 5, None).await.unwrap_err();
    assert!(t0.elapsed() < Duration::from_secs(3));
    assert!(e.to_string().contains("Telegram is unreachable"), "{e}");
    assert_eq!(b.state(), ConnectionState::Unreachable);
    // Once Telegram answers again, the next call works without a restart.
    s.faults().clear();
    assert!(b.get_history("@alice_demo", 5, None).await.is_ok());
    assert_eq!(b.state(), ConnectionState::Connected);
}

#[tokio::test]
async fn after_a_dropped_connection_the_next_call_succeeds() {
    let b = backend().await;
    let s = server(&b);
    s.faults().drop_connections();
    let r = b.get_history("@alice_demo", 5, None).await;
    let r = match r {
        Ok(v) => Ok(v),
        // At most one call may see the broken connection.
        Err(_) => b.get_history("@alice_demo", 5, None).await,
    };
    assert!(r.is_ok(), "{r:?}");
}

#[tokio::test]
async fn a_revoked_session_is_reported_and_health_says_so() {
    let b = backend().await;
    server(&b)
        .faults()
        .error(fakegram::ANY, "SESSION_REVOKED", Times::Always);
    let e = b.get_history("@alice_demo", 5, None).await.unwrap_err();
    assert!(e.to_string().contains("tgmcp login"), "{e}");
    assert_eq!(b.state(), ConnectionState::SessionInvalid);
    assert!(!b.connected());
    // Later calls fail at once with the same advice, without asking Telegram.
    let e = b.get_me().await.unwrap_err();
    assert!(matches!(e, TelegramError::SessionInvalid(_)));
}

#[tokio::test]
async fn a_send_retried_after_a_broken_connection_is_reported_as_probably_sent() {
    let b = backend().await;
    let s = server(&b);
    // The server applies the send, then closes before answering; grammers
    // retries with the same random id and Telegram says it is a duplicate.
    s.faults()
        .close_mid_call("messages.sendMessage", Times::Once);
    let e = b
        .send_message("@alice_demo", "only once", &SendOptions::default())
        .await
        .unwrap_err();
    assert!(e.to_string().contains("probably sent"), "{e}");
    let hist = b.get_history("@alice_demo", 5, None).await.unwrap();
    assert_eq!(hist.iter().filter(|m| m.text == "only once").count(), 1);
}
