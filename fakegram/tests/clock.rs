//! Dates come from the wall clock, as at Telegram; a test may shift or
//! freeze it. Scheduling is checked against it.

mod common;

use std::time::{SystemTime, UNIX_EPOCH};

use common::*;
use fakegram::Clock;
use grammers_client::tl;
use grammers_client::Client;

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

async fn saved(client: &Client) -> grammers_client::session::types::PeerRef {
    let me = soon(client.get_me()).await.unwrap();
    grammers_client::peer::Peer::User(me)
        .to_ref()
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test]
async fn a_message_sent_today_is_dated_today() {
    let (server, client) = demo().await;
    let me = saved(&client).await;
    let before = now();
    let sent = soon(client.send_message(me, "dated now")).await.unwrap();
    let after = now();
    let date = sent.date().as_second();
    assert!(
        (before..=after).contains(&date),
        "{date} not in {before}..={after}"
    );
    // Stored with the same date, and after every seeded message.
    let stored = server.account().history(Peer::User(fakegram::ME_ID));
    let last = stored.last().unwrap();
    assert_eq!(i64::from(last.date), date);
    assert!(stored.iter().all(|m| i64::from(m.date) <= date));
    // A group post too, and an edit.
    let rust = soon(client.resolve_username("rust_study_demo"))
        .await
        .unwrap()
        .unwrap()
        .to_ref()
        .await
        .unwrap()
        .unwrap();
    let post = soon(client.send_message(rust, "hello")).await.unwrap();
    assert!(post.date().as_second() >= before);
    soon(client.edit_message(rust, post.id(), "hello again"))
        .await
        .unwrap();
    let edited = server.account().read(|a| {
        a.message(Peer::Channel(1_600_000_002), post.id())
            .and_then(|m| m.edit_date)
    });
    assert!(edited.is_some_and(|d| i64::from(d) >= before), "{edited:?}");
}

#[tokio::test]
async fn a_fixed_clock_pins_every_date() {
    let at = 1_800_000_000;
    let server = Server::start(Account::demo().with_clock(Clock::Fixed(at)))
        .await
        .unwrap();
    let client = client(&server, Box::new(grammers_client::sender::NoRetries)).await;
    let me = saved(&client).await;
    let a = soon(client.send_message(me, "one")).await.unwrap();
    let b = soon(client.send_message(me, "two")).await.unwrap();
    assert_eq!(a.date().as_second(), i64::from(at));
    assert_eq!(b.date().as_second(), i64::from(at));
    assert!(b.id() > a.id(), "ids give the order within a second");
}

fn schedule(peer: tl::enums::InputPeer, at: i64) -> tl::functions::messages::SendMessage {
    tl::functions::messages::SendMessage {
        no_webpage: true,
        silent: false,
        background: false,
        clear_draft: false,
        noforwards: false,
        update_stickersets_order: false,
        invert_media: false,
        allow_paid_floodskip: false,
        peer,
        reply_to: None,
        message: "later".into(),
        random_id: rand_id(),
        reply_markup: None,
        entities: None,
        schedule_date: Some(at as i32),
        schedule_repeat_period: None,
        send_as: None,
        quick_reply_shortcut: None,
        effect: None,
        allow_paid_stars: None,
        suggested_post: None,
        rich_message: None,
    }
}

fn rand_id() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos() as i64
}

#[tokio::test]
async fn scheduling_is_checked_against_the_real_clock() {
    let (server, client) = demo().await;
    let me: tl::enums::InputPeer = saved(&client).await.into();
    let err = |e: grammers_client::InvocationError| e.to_string();
    // Yesterday is in the past (on a synthetic January clock it was not).
    let e = soon(client.invoke(&schedule(me.clone(), now() - 86_400)))
        .await
        .unwrap_err();
    assert!(err(e).contains("SCHEDULE_DATE_INVALID"));
    // Over a year ahead is too late.
    let e = soon(client.invoke(&schedule(me.clone(), now() + 366 * 86_400)))
        .await
        .unwrap_err();
    assert!(err(e).contains("SCHEDULE_DATE_TOO_LATE"));
    let before = server.account().read(|a| a.ext.scheduled.len());
    soon(client.invoke(&schedule(me, now() + 7 * 86_400)))
        .await
        .unwrap();
    assert_eq!(server.account().read(|a| a.ext.scheduled.len()), before + 1);
}
