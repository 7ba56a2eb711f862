//! Extras and Stars through the real grammers client against the local
//! MTProto server: what comes back, and what the account holds afterwards.

use super::*;
use crate::telegram::extras_ext::{AwaySchedule, BusinessChanges, BusinessHours, BusinessPart};
use crate::telegram::{ExtrasExt, PaymentsExt};
use fakegram::Peer;

const NEWS: i64 = 1_500_000_001;

async fn backend() -> Arc<GrammersBackend> {
    demo(Duration::from_secs(5)).await.expect("demo backend")
}

fn account(b: &GrammersBackend) -> fakegram::AccountHandle {
    b.local_server().expect("local server").account()
}

#[tokio::test]
async fn the_extras_read_back_from_the_demo() {
    let b = backend().await;
    let t = b
        .translate("@rust_study_demo", &[3, 5], "es")
        .await
        .unwrap();
    assert_eq!(t.iter().map(|t| t.id).collect::<Vec<_>>(), [3, 5]);
    assert!(t.iter().all(|t| t.text.starts_with("[es] ")), "{t:?}");
    let p = b
        .web_preview("https://example.com/slides/wasm-components")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(p.kind.as_deref(), Some("article"));
    assert!(b
        .web_preview("https://example.com/x")
        .await
        .unwrap()
        .is_none());
    let boosts = b.boosts("@tgmcp_news").await.unwrap();
    assert_eq!((boosts.level, boosts.boosts), (2, 5));
    assert_eq!(boosts.next_level_boosts, Some(7));
    let f = b.get_fact_check("@tgmcp_news", &[1, 2, 4]).await.unwrap();
    assert_eq!(f.len(), 1);
    assert_eq!((f[0].id, f[0].country.as_deref()), (4, Some("US")));
    let q = b.quick_replies().await.unwrap();
    assert_eq!(q[1].shortcut, "away");
    let c = b.group_call("@rust_study_demo", 1).await.unwrap().unwrap();
    assert_eq!(c.participants_count, 2);
    assert_eq!(c.participants.len(), 1, "the limit applies");
    assert_eq!(c.participants[0].peer_id, 200_000_001);
    assert!(b.group_call("Weekend Hikers", 5).await.unwrap().is_none());
    assert_eq!(b.business_links().await.unwrap()[0].views, 12);
}

#[tokio::test]
async fn the_extras_change_the_account() {
    let b = backend().await;
    let tg = account(&b);
    b.set_fact_check("@tgmcp_news", 2, "Checked.")
        .await
        .unwrap();
    assert_eq!(
        tg.read(|a| a.perks.fact_checks.get(&(NEWS, 2)).cloned()),
        Some("Checked.".into())
    );
    b.set_fact_check("@tgmcp_news", 2, " ").await.unwrap();
    assert!(tg.read(|a| !a.perks.fact_checks.contains_key(&(NEWS, 2))));
    let e = b.set_fact_check("@tgmcp_news", 999, "x").await.unwrap_err();
    assert!(e.to_string().contains("MSG_ID_INVALID"), "{e}");
    b.set_default_reaction("❤").await.unwrap();
    assert_eq!(tg.read(|a| a.perks.default_reaction.clone()), "❤");
    let c = BusinessChanges {
        hours: Some(BusinessHours {
            timezone: "Europe/Lisbon".into(),
            open: vec![(540, 1020), (1980, 2460)],
        }),
        intro: Some(("Hello".into(), "Ask away".into())),
        away: Some((2, AwaySchedule::Always, false)),
        ..BusinessChanges::default()
    };
    b.set_business_profile(&c).await.unwrap();
    tg.read(|a| {
        let h = a.perks.business.hours.clone().unwrap();
        assert_eq!(h.1, [(540, 1020), (1980, 2460)]);
        assert_eq!(
            a.perks.business.intro,
            Some(("Hello".into(), "Ask away".into()))
        );
        assert_eq!(a.perks.business.away, Some((2, false, false)));
    });
    let clear = BusinessChanges {
        clear: vec![BusinessPart::Intro, BusinessPart::Hours],
        ..BusinessChanges::default()
    };
    b.set_business_profile(&clear).await.unwrap();
    tg.read(|a| assert!(a.perks.business.intro.is_none() && a.perks.business.hours.is_none()));
}

#[tokio::test]
async fn stars_status_gifts_and_paid_reactions() {
    let b = backend().await;
    let s = b.stars_status(10).await.unwrap();
    assert_eq!(s.balance, 250);
    assert_eq!(s.transactions.len(), 2);
    assert_eq!(s.subscriptions[0].period, 30 * 86_400);
    assert_eq!(s.subscriptions[0].peer_id, 200_000_003);
    let g = b.list_gifts().await.unwrap();
    assert_eq!(g[0].stars, 15);
    assert_eq!((g[2].remains, g[2].total), (Some(42), Some(1000)));
    b.send_paid_reaction("@tgmcp_news", 3, 10, false)
        .await
        .unwrap();
    let tg = account(&b);
    assert_eq!(tg.read(|a| a.perks.stars), 240);
    assert_eq!(
        tg.read(|a| a
            .perks
            .paid_reactions
            .get(&(Peer::Channel(NEWS), 3))
            .copied()),
        Some(10)
    );
    let s = b.stars_status(1).await.unwrap();
    assert_eq!((s.balance, s.transactions[0].amount), (240, -10));
    assert_eq!(s.transactions[0].message_id, Some(3));
    // More than the balance: Telegram's refusal, nothing spent.
    let e = b
        .send_paid_reaction("@tgmcp_news", 3, 1_000, false)
        .await
        .unwrap_err();
    assert!(e.to_string().contains("BALANCE_TOO_LOW"), "{e}");
    assert_eq!(tg.read(|a| a.perks.stars), 240);
}
