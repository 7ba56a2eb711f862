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

const FORUM: &str = "@tgmcp_community_demo";
const RUST: &str = "@rust_study_demo";

fn ids(p: &[Message]) -> Vec<i32> {
    p.iter().map(|m| m.id).collect()
}

#[tokio::test]
async fn history_filters_by_sender_topic_unread_date_and_media() {
    let b = backend().await;
    let page = PageRequest::first(50);
    let from_alice = MessageFilter {
        from: Some("@alice_demo".into()),
        ..MessageFilter::default()
    };
    let got = b.get_history_page(RUST, &from_alice, &page).await.unwrap();
    assert_eq!(got.items.len(), 2);
    assert!(got
        .items
        .iter()
        .all(|m| m.sender_name.as_deref() == Some("Alice Smith")));
    assert_eq!(
        got.items[0].url.as_deref(),
        Some(format!("https://t.me/rust_study_demo/{}", got.items[0].id).as_str())
    );

    let plugins = MessageFilter {
        topic: Some(2),
        ..MessageFilter::default()
    };
    let got = b.get_history_page(FORUM, &plugins, &page).await.unwrap();
    assert!(
        got.items.iter().all(|m| m.topic_id == Some(2)),
        "{:?}",
        got.items
    );
    assert!(got.items.len() >= 3);
    let all_forum = b
        .get_history_page(FORUM, &MessageFilter::default(), &page)
        .await
        .unwrap();
    let welcome = all_forum.items.iter().find(|m| m.id == 1).unwrap();
    assert_eq!(welcome.topic_id, Some(1), "outside any topic is General");

    let unread = MessageFilter {
        unread_only: true,
        ..MessageFilter::default()
    };
    let got = b
        .get_history_page("@alice_demo", &unread, &page)
        .await
        .unwrap();
    assert_eq!(got.items.len(), 2);
    assert!(got.items.iter().all(|m| !m.outgoing));

    let newest = &b
        .get_history_page("@alice_demo", &MessageFilter::default(), &page)
        .await
        .unwrap()
        .items;
    let window = MessageFilter {
        min_date: Some(newest[3].date),
        max_date: Some(newest[1].date),
        ..MessageFilter::default()
    };
    let got = b
        .get_history_page("@alice_demo", &window, &page)
        .await
        .unwrap();
    assert_eq!(ids(&got.items), ids(&newest[1..4]));
    let until = MessageFilter {
        max_date: Some(newest[1].date),
        ..MessageFilter::default()
    };
    let got = b
        .get_history_page("@alice_demo", &until, &page)
        .await
        .unwrap();
    assert_eq!(got.items[0].id, newest[1].id);

    let photos = MessageFilter {
        media: Some(MediaKind::Photo),
        ..MessageFilter::default()
    };
    let got = b.get_history_page(FORUM, &photos, &page).await.unwrap();
    assert_eq!(got.items.len(), 1);
    let photo = &got.items[0];
    assert_eq!(photo.text, "", "the text stays empty");
    let media = photo.media.as_ref().expect("the media says what it is");
    assert_eq!(media.kind, MediaKind::Photo);
    assert_eq!(
        (media.width, media.height, media.size),
        (Some(1280), Some(720), Some(48_213))
    );
    assert_eq!(media.mime.as_deref(), Some("image/jpeg"));
    assert_eq!(photo.topic_id, Some(2));
    assert_eq!(
        photo.url.as_deref(),
        Some("https://t.me/tgmcp_community_demo/7")
    );
}

#[tokio::test]
async fn history_pages_follow_the_cursor_to_the_end() {
    let b = backend().await;
    let filter = MessageFilter::default();
    let mut page = PageRequest::first(3);
    let mut seen = Vec::new();
    for _ in 0..10 {
        let p = b
            .get_history_page("@alice_demo", &filter, &page)
            .await
            .unwrap();
        seen.extend(ids(&p.items));
        match p.next_cursor {
            Some(c) => page.cursor = Some(c),
            None => break,
        }
    }
    assert_eq!(seen.len(), 7, "{seen:?}");
    assert!(seen.windows(2).all(|w| w[0] > w[1]));
}

#[tokio::test]
async fn messages_by_link_context_replies_and_pins() {
    let b = backend().await;
    let links = vec![
        "https://t.me/tgmcp_news/2".to_string(),
        "t.me/c/1600000002/3".to_string(),
    ];
    let got = b.get_messages_by_link(&links).await.unwrap();
    assert_eq!(got.len(), 2);
    assert_eq!(
        got[0].text,
        "Tip: connect ChatGPT with a URL ending in /sse"
    );
    assert!(got[1].text.starts_with("Pin guarantees"));
    assert_eq!(got[1].reply_to, Some(2));
    let e = b
        .get_messages_by_link(&["@tgmcp_news".into()])
        .await
        .unwrap_err();
    assert!(matches!(e, TelegramError::InvalidArgs(_)), "{e:?}");

    let ctx = b.get_message_context(RUST, 3, 1, 2).await.unwrap();
    assert_eq!(ids(&ctx.before), [2]);
    assert_eq!(ctx.message.as_ref().map(|m| m.id), Some(3));
    assert_eq!(ids(&ctx.after), [4, 5]);
    let edge = b.get_message_context(RUST, 6, 2, 5).await.unwrap();
    assert_eq!((ids(&edge.before), edge.after.len()), (vec![4, 5], 0));

    let thread = b
        .get_replies(RUST, 2, &PageRequest::first(10))
        .await
        .unwrap();
    assert_eq!(ids(&thread.items), [3]);
    let topic = b
        .get_replies(FORUM, 2, &PageRequest::first(10))
        .await
        .unwrap();
    assert_eq!(ids(&topic.items), [8, 7, 6, 3]);
    let e = b
        .get_replies(RUST, 999, &PageRequest::first(10))
        .await
        .unwrap_err();
    assert!(matches!(e, TelegramError::NotFound(_)), "{e:?}");

    let pins = b
        .get_pinned_messages(RUST, &PageRequest::first(10))
        .await
        .unwrap();
    assert_eq!(ids(&pins.items), [1]);
    let none = b
        .get_pinned_messages("@alice_demo", &PageRequest::first(10))
        .await
        .unwrap();
    assert!(none.items.is_empty() && none.next_cursor.is_none());
}

#[tokio::test]
async fn the_unread_digest_is_bounded_and_has_mentions() {
    let b = backend().await;
    let d = b
        .get_unread(&[], &UnreadLimits::default(), &all)
        .await
        .unwrap();
    let titles: Vec<&str> = d.chats.iter().map(|c| c.chat.title.as_str()).collect();
    assert!(
        titles.contains(&"Alice Smith") && titles.contains(&"tgmcp News"),
        "{titles:?}"
    );
    let alice = d
        .chats
        .iter()
        .find(|c| c.chat.title == "Alice Smith")
        .unwrap();
    assert_eq!(alice.unread_count, 2);
    assert_eq!(alice.messages.len(), 2);
    assert!(alice.messages[0].id < alice.messages[1].id, "oldest first");
    let forum = d.chats.iter().find(|c| c.chat.is_forum).unwrap();
    assert_eq!((forum.unread_count, forum.unread_mentions), (2, 1));
    assert_eq!(forum.mentions.len(), 1);
    assert!(forum.mentions[0].text.contains("@tgmcp_demo"));

    let tight = UnreadLimits {
        max_chats: 10,
        per_chat: 1,
        max_messages: 2,
    };
    let d = b.get_unread(&[], &tight, &all).await.unwrap();
    assert!(d.truncated);
    let total: usize = d.chats.iter().map(|c| c.messages.len()).sum();
    assert!(total <= 2);
    assert!(d.chats.iter().all(|c| c.messages.len() <= 1));
    assert!(d.chats.iter().any(|c| c.truncated));

    let named = b
        .get_unread(&["@tgmcp_news".into()], &UnreadLimits::default(), &all)
        .await
        .unwrap();
    assert_eq!(named.chats.len(), 1);
    assert_eq!(named.chats[0].messages.len(), 4);
}

#[tokio::test]
async fn search_pages_filters_and_refusals() {
    let b = backend().await;
    let none = MessageFilter::default();
    let first = b
        .search_messages_page("quarterly", None, &none, &PageRequest::first(1))
        .await
        .unwrap();
    assert_eq!(first.items.len(), 1);
    let second = b
        .search_messages_page(
            "quarterly",
            None,
            &none,
            &PageRequest {
                cursor: first.next_cursor.clone(),
                limit: 1,
            },
        )
        .await
        .unwrap();
    assert_eq!(second.items.len(), 1);
    assert_ne!(
        (first.items[0].chat_id, first.items[0].id),
        (second.items[0].chat_id, second.items[0].id)
    );
    let in_chat = b
        .search_messages_page("pin", Some(RUST), &none, &PageRequest::first(10))
        .await
        .unwrap();
    assert_eq!(in_chat.items.len(), 2);
    let photos = MessageFilter {
        media: Some(MediaKind::Photo),
        ..MessageFilter::default()
    };
    let got = b
        .search_messages_page("", None, &photos, &PageRequest::first(10))
        .await
        .unwrap();
    assert_eq!(got.items.len(), 1);
    assert!(matches!(
        b.search_messages_page(" ", None, &none, &PageRequest::first(5))
            .await,
        Err(TelegramError::InvalidArgs(_))
    ));
    let from = MessageFilter {
        from: Some("@alice_demo".into()),
        ..MessageFilter::default()
    };
    assert!(matches!(
        b.search_messages_page("the", None, &from, &PageRequest::first(5))
            .await,
        Err(TelegramError::InvalidArgs(_))
    ));
}
