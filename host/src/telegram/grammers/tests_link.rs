//! The connection under Telegram's real behaviour: waits that outlive the
//! timeout, one slow request among others, a connection that goes silent
//! while idle, and updates that arrive while the client is being rebuilt.

use super::*;
use crate::telegram::ReadExt;
use fakegram::{Peer, Times};

const ALICE: i64 = 200_000_001;

fn opts(timeout_ms: u64) -> LinkOptions {
    LinkOptions::local(Duration::from_millis(timeout_ms))
}

async fn backend_with(o: LinkOptions) -> Arc<GrammersBackend> {
    demo_with(o).await.expect("demo backend")
}

fn server(b: &GrammersBackend) -> &fakegram::Server {
    b.local_server().expect("demo has a local server")
}

/// Texts of the new messages in the event log.
pub(super) fn logged(b: &GrammersBackend) -> Vec<String> {
    let log = b.events().expect("updates are followed");
    log.page(0, 1000, |_| true)
        .events
        .into_iter()
        .filter_map(|e| e.message.map(|m| m.text))
        .collect()
}

/// Waits up to 5 s for `ok`.
pub(super) async fn until(what: &str, mut ok: impl FnMut() -> bool) {
    for _ in 0..100 {
        if ok() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("timed out waiting for {what}");
}

#[tokio::test]
async fn a_flood_wait_within_the_limit_is_waited_out_even_past_the_timeout() {
    // The wait (1 s) is under the flood limit (10 s) but over the request
    // timeout (0.6 s): Telegram answered, so the call waits, then succeeds.
    let b = backend_with(opts(600)).await;
    server(&b)
        .faults()
        .error("messages.getHistory", "FLOOD_WAIT_1", Times::Once);
    let r = b.get_history("@alice_demo", 3, None).await;
    assert!(r.is_ok(), "{r:?}");
    assert_eq!(b.state(), ConnectionState::Connected);
}

#[tokio::test]
async fn one_slow_request_fails_alone_and_the_others_in_flight_complete() {
    let b = backend_with(opts(600)).await;
    let s = server(&b);
    s.faults()
        .delay("messages.getHistory", Duration::from_secs(3), Times::Once);
    s.faults()
        .delay("users.getFullUser", Duration::from_millis(400), Times::Once);
    // The other request is in flight when the slow one times out (0.6 s)
    // and is answered at 0.7 s.
    let (slow, other) = tokio::join!(b.get_history("@alice_demo", 3, None), async {
        tokio::time::sleep(Duration::from_millis(300)).await;
        b.get_user("@alice_demo").await
    });
    let e = slow.unwrap_err();
    assert!(matches!(e, TelegramError::Slow(_)), "{e:?}");
    assert!(e.to_string().contains("connection works"), "{e}");
    // The slow request's timeout did not tear down the connection under the
    // other request.
    assert!(other.is_ok(), "{other:?}");
    assert_eq!(b.state(), ConnectionState::Connected);
}

#[tokio::test]
async fn a_connection_that_goes_silent_while_idle_is_noticed_without_a_call() {
    let mut o = opts(400);
    o.keepalive = Duration::from_millis(300);
    let b = backend_with(o).await;
    assert_eq!(b.state(), ConnectionState::Connected);
    server(&b).faults().silence(fakegram::ANY, Times::Always);
    until("health to say unreachable", || {
        b.state() == ConnectionState::Unreachable
    })
    .await;
    // And back, again with no call.
    server(&b).faults().clear();
    until("health to say connected", || {
        b.state() == ConnectionState::Connected
    })
    .await;
}

#[tokio::test]
async fn updates_that_arrive_during_a_rebuild_are_fetched_not_lost() {
    let b = backend_with(opts(500)).await;
    let s = server(&b);
    s.account()
        .deliver(Peer::User(ALICE), ALICE, "before the outage")
        .unwrap();
    until("the first update", || {
        logged(&b).contains(&"before the outage".to_string())
    })
    .await;
    // Telegram goes silent: a call times out and the client is rebuilt; a
    // message pushed meanwhile never reaches the old connection.
    s.faults().silence(fakegram::ANY, Times::Always);
    let e = b.get_history("@alice_demo", 1, None).await.unwrap_err();
    assert!(matches!(e, TelegramError::Disconnected(_)), "{e:?}");
    s.account()
        .deliver(Peer::User(ALICE), ALICE, "during the outage")
        .unwrap();
    s.faults().clear();
    until("the missed update", || {
        logged(&b).contains(&"during the outage".to_string())
    })
    .await;
    let texts = logged(&b);
    for t in ["before the outage", "during the outage"] {
        assert_eq!(texts.iter().filter(|x| *x == t).count(), 1, "{texts:?}");
    }
}

#[tokio::test]
async fn the_own_id_is_learned_at_connect_when_the_string_has_none() {
    // The demo's Telethon-format string carries no user id: an outgoing
    // message in the event log still names its sender.
    let b = backend_with(opts(2000)).await;
    let s = server(&b);
    let me = s.account().read(|a| a.me.id);
    b.get_history("@alice_demo", 1, None).await.unwrap();
    // An outgoing message from another session arrives as an update.
    s.account()
        .deliver(Peer::User(ALICE), me, "sent elsewhere")
        .unwrap();
    let log = b.events().unwrap();
    until("the outgoing update", || {
        log.page(0, 1000, |_| true).events.iter().any(|e| {
            e.message
                .as_ref()
                .is_some_and(|m| m.text == "sent elsewhere")
        })
    })
    .await;
    let ev = log.page(0, 1000, |_| true).events;
    let m = ev
        .iter()
        .filter_map(|e| e.message.as_ref())
        .find(|m| m.text == "sent elsewhere")
        .unwrap();
    assert_eq!(m.sender_id, Some(me), "{m:?}");
}

#[tokio::test]
async fn a_bots_session_is_refused_at_connect_whatever_its_format() {
    let mut account = fakegram::Account::demo();
    account.me.bot = true;
    let s = fakegram::Server::start(account).await.unwrap();
    // A Telethon-format string says nothing of bots: the account itself does.
    let creds = Credentials {
        api_id: 1,
        api_hash: "x".into(),
        session: s.telethon_session(),
    };
    let b = connect(creds, opts(2000)).await.unwrap();
    until("the session to be refused", || {
        b.state() == ConnectionState::SessionInvalid
    })
    .await;
    let e = b.get_me().await.unwrap_err();
    assert!(matches!(e, TelegramError::SessionInvalid(_)), "{e:?}");
    assert!(
        e.to_string().contains("bot") && e.to_string().contains("tgmcp login"),
        "{e}"
    );
}

/// A rebuilt client must not dial into the outage that caused the rebuild:
/// grammers' runner waits without bound for the first answer on a new
/// connection, and every request queues behind it. (Found with the update
/// consumer resuming at once on a multi-threaded runtime.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_first_call_after_an_outage_succeeds() {
    let s = fakegram::Server::start(fakegram::Account::demo())
        .await
        .unwrap();
    let creds = Credentials {
        api_id: 1,
        api_hash: "x".into(),
        session: s.telethon_session(),
    };
    let b = connect(creds, opts(1000)).await.unwrap();
    b.get_history("@alice_demo", 3, None).await.unwrap();
    s.faults().drop_connections();
    s.faults().silence(fakegram::ANY, Times::Always);
    let e = b.get_history("@alice_demo", 3, None).await.unwrap_err();
    assert!(matches!(e, TelegramError::Disconnected(_)), "{e:?}");
    tokio::time::sleep(Duration::from_millis(50)).await;
    s.faults().clear();
    let r = b.get_history("@alice_demo", 3, None).await;
    assert!(r.is_ok(), "{r:?}");
}
