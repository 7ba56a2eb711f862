//! The reading operations ([`crate::telegram::ReadExt`]) through the real
//! grammers client against the local MTProto server.

use super::*;
use crate::telegram::records::*;
use crate::telegram::ReadExt;

async fn backend() -> Arc<GrammersBackend> {
    demo(Duration::from_secs(5)).await.expect("demo backend")
}

fn all(_: &Chat) -> bool {
    true
}

#[tokio::test]
async fn get_user_has_bio_presence_common_chats_and_last_interaction() {
    let b = backend().await;
    let alice = b.get_user("@alice_demo").await.unwrap();
    assert_eq!(alice.user.first_name, "Alice");
    assert_eq!(
        alice.about.as_deref(),
        Some("Hiking, maps and quarterly reports")
    );
    assert_eq!(alice.presence, Presence::Offline);
    assert_eq!(
        alice.last_seen,
        Some(i64::from(fakegram::EPOCH) + 8 * 3_600)
    );
    // Alice writes in the hikers' group, the Rust group and the forum.
    assert_eq!(alice.common_chats, 3);
    assert!(alice.is_contact && !alice.blocked);
    assert_eq!(alice.url.as_deref(), Some("https://t.me/alice_demo"));
    let newest = b.get_history("@alice_demo", 1, None).await.unwrap();
    assert_eq!(alice.last_interaction, Some(newest[0].date));

    let bot = b.get_user("@weather_demo_bot").await.unwrap();
    assert!(bot.user.is_bot);
    assert_eq!(
        bot.bot_description.as_deref(),
        Some("Forecasts for any city: /forecast <city>")
    );
    let e = b.get_user("@rust_study_demo").await.unwrap_err();
    assert!(matches!(e, TelegramError::InvalidArgs(_)), "{e:?}");
    assert!(matches!(
        b.get_user("@nobody_here").await,
        Err(TelegramError::ChatNotFound(_))
    ));
}

#[tokio::test]
async fn common_chats_page_with_a_cursor() {
    let b = backend().await;
    let first = b
        .get_common_chats("@alice_demo", &PageRequest::first(2), &all)
        .await
        .unwrap();
    assert_eq!(first.items.len(), 2);
    let next = first.next_cursor.clone().expect("a second page");
    let second = b
        .get_common_chats(
            "@alice_demo",
            &PageRequest {
                cursor: Some(next),
                limit: 2,
            },
            &all,
        )
        .await
        .unwrap();
    assert_eq!(second.items.len(), 1);
    assert!(second.next_cursor.is_none());
    let mut ids: Vec<i64> = first
        .items
        .iter()
        .chain(&second.items)
        .map(|c| c.id)
        .collect();
    ids.dedup();
    assert_eq!(ids.len(), 3);
    let bad = PageRequest {
        cursor: Some("garbage".into()),
        limit: 2,
    };
    assert!(matches!(
        b.get_common_chats("@alice_demo", &bad, &all).await,
        Err(TelegramError::InvalidArgs(_))
    ));
}

#[tokio::test]
async fn contacts_page_search_and_blocked() {
    let b = backend().await;
    let first = b.list_contacts(&PageRequest::first(1)).await.unwrap();
    assert_eq!(first.items[0].first_name, "Alice");
    let second = b
        .list_contacts(&PageRequest {
            cursor: first.next_cursor.clone(),
            limit: 1,
        })
        .await
        .unwrap();
    assert_eq!(second.items[0].first_name, "Bob");
    assert!(second.next_cursor.is_none());

    let found = b.search_contacts("SMITH", 10).await.unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].username.as_deref(), Some("alice_demo"));
    assert_eq!(
        b.search_contacts("@bob", 10).await.unwrap()[0].first_name,
        "Bob"
    );
    assert!(
        b.search_contacts("carol", 10).await.unwrap().is_empty(),
        "not a contact"
    );

    let blocked = b.list_blocked(&PageRequest::first(10)).await.unwrap();
    assert_eq!(blocked.items.len(), 1);
    assert_eq!(
        blocked.items[0].username.as_deref(),
        Some("prize_demo_spam")
    );
    assert!(blocked.next_cursor.is_none());
    let full = b.get_user("@prize_demo_spam").await.unwrap();
    assert!(full.blocked);
}
