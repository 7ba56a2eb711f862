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
        Err(TelegramError::ChatNotFound(..))
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

/// Every page of the chat list under `filter`, pages of `limit`.
async fn all_chats(b: &GrammersBackend, filter: &ChatFilter, limit: u32) -> Vec<Chat> {
    let mut out = Vec::new();
    let mut page = PageRequest::first(limit);
    for _ in 0..20 {
        let p = b.list_chats_page(filter, &page, &all).await.unwrap();
        assert!(p.items.len() <= limit as usize);
        out.extend(p.items);
        match p.next_cursor {
            Some(c) => page.cursor = Some(c),
            None => return out,
        }
    }
    panic!("the cursor never ended");
}

#[tokio::test]
async fn chat_pages_follow_the_dialog_order_and_filters_apply() {
    let b = backend().await;
    let everything = b.list_chats(100).await.unwrap();
    let paged = all_chats(&b, &ChatFilter::default(), 3).await;
    let ids = |v: &[Chat]| v.iter().map(|c| c.id).collect::<Vec<_>>();
    assert_eq!(ids(&paged), ids(&everything));
    let news = paged.iter().find(|c| c.title == "tgmcp News").unwrap();
    assert_eq!(news.url.as_deref(), Some("https://t.me/tgmcp_news"));
    assert_eq!(news.unread_count, 4);
    let forum = paged.iter().find(|c| c.title == "tgmcp Community").unwrap();
    assert!(forum.is_forum);
    let hikers = paged.iter().find(|c| c.title == "Weekend Hikers").unwrap();
    assert_eq!(hikers.url, None, "basic groups have no link");

    let unread = ChatFilter {
        unread_only: true,
        ..ChatFilter::default()
    };
    let got = all_chats(&b, &unread, 2).await;
    assert!(
        !got.is_empty() && got.iter().all(|c| c.unread_count > 0),
        "{got:?}"
    );
    assert!(got.len() < paged.len());
    let channels = ChatFilter {
        kinds: vec![ChatKind::Channel],
        ..ChatFilter::default()
    };
    let got = all_chats(&b, &channels, 5).await;
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].title, "tgmcp News");
    let archived = ChatFilter {
        archived: Some(true),
        ..ChatFilter::default()
    };
    assert!(all_chats(&b, &archived, 5).await.is_empty());
    // A cursor is plain data (offsets, no handles): passing it back continues the list.
    let first = b
        .list_chats_page(&ChatFilter::default(), &PageRequest::first(2), &all)
        .await
        .unwrap();
    let again = b
        .list_chats_page(
            &ChatFilter::default(),
            &PageRequest {
                cursor: first.next_cursor,
                limit: 2,
            },
            &all,
        )
        .await
        .unwrap();
    assert_eq!(ids(&again.items), ids(&everything[2..4]));
}

#[tokio::test]
async fn search_chats_finds_own_dialogs_best_first() {
    let b = backend().await;
    let got = b.search_chats("rust study group", 5, &all).await.unwrap();
    assert_eq!(got[0].title, "Rust Study Group");
    let got = b.search_chats("@tgmcp", 10, &all).await.unwrap();
    let titles: Vec<&str> = got.iter().map(|c| c.title.as_str()).collect();
    assert!(
        titles.contains(&"tgmcp News") && titles.contains(&"tgmcp Community"),
        "{titles:?}"
    );
    let got = b.search_chats("weather", 5, &all).await.unwrap();
    assert_eq!(got[0].kind, ChatKind::Bot);
    assert!(b
        .search_chats("zzzz-nothing", 5, &all)
        .await
        .unwrap()
        .is_empty());
    let no_forum = |c: &Chat| !c.is_forum;
    let got = b.search_chats("tgmcp", 10, &no_forum).await.unwrap();
    assert!(got.iter().all(|c| !c.is_forum));
    assert!(matches!(
        b.search_chats(" ", 5, &all).await,
        Err(TelegramError::InvalidArgs(_))
    ));
}

#[tokio::test]
async fn forum_topics_list_with_unread_counts_and_links() {
    let b = backend().await;
    let p = b
        .list_topics("@tgmcp_community_demo", None, &PageRequest::first(10))
        .await
        .unwrap();
    let titles: Vec<&str> = p.items.iter().map(|t| t.title.as_str()).collect();
    assert_eq!(titles, ["Plugins", "Help", "General"]);
    let plugins = &p.items[0];
    assert_eq!(
        (plugins.id, plugins.unread_count, plugins.unread_mentions),
        (2, 2, 1)
    );
    assert_eq!(
        plugins.url.as_deref(),
        Some("https://t.me/tgmcp_community_demo/2")
    );
    assert!(p.next_cursor.is_none());
    let first = b
        .list_topics("@tgmcp_community_demo", None, &PageRequest::first(2))
        .await
        .unwrap();
    assert_eq!(first.items.len(), 2);
    let rest = b
        .list_topics(
            "@tgmcp_community_demo",
            None,
            &PageRequest {
                cursor: first.next_cursor,
                limit: 2,
            },
        )
        .await
        .unwrap();
    assert_eq!(rest.items.len(), 1);
    assert_eq!(rest.items[0].title, "General");
    let help = b
        .list_topics(
            "@tgmcp_community_demo",
            Some("hel"),
            &PageRequest::first(10),
        )
        .await
        .unwrap();
    assert_eq!(help.items.len(), 1);
    assert!(matches!(
        b.list_topics("@rust_study_demo", None, &PageRequest::first(5))
            .await,
        Err(TelegramError::InvalidArgs(_))
    ));
}

#[tokio::test]
async fn a_first_name_is_the_accounts_own_chat_before_a_strangers_username() {
    let b = backend().await;
    // Carol (no contact, no dialog) takes the public username "alice".
    let server = b.local_server().expect("demo has a local server");
    server.account().write(|acc| {
        let carol = acc.users.iter_mut().find(|u| u.first_name == "Carol");
        carol.expect("Carol").username = Some("alice".into());
    });
    assert_eq!(b.get_chat("Alice").await.unwrap().id, 200_000_001);
    assert_eq!(b.get_chat("@alice").await.unwrap().id, 200_000_003);
    let e = b.get_chat("Alise Smith").await.unwrap_err();
    assert_eq!(
        e.to_string(),
        "chat \"Alise Smith\" not found; did you mean \"Alice Smith\" (@alice_demo)?"
    );
}
