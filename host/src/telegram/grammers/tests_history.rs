//! The message reads of [`crate::telegram::ReadExt`] (history, links,
//! context, replies, pins, unread, search) through the real grammers client
//! against the local MTProto server.

use super::*;
use crate::telegram::records::*;
use crate::telegram::{ChatFeaturesExt, MediaExt, ReadExt};

async fn backend() -> Arc<GrammersBackend> {
    demo(Duration::from_secs(5)).await.expect("demo backend")
}

fn all(_: &Chat) -> bool {
    true
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
    let bytes = fakegram::png(320, 180, [30, 60, 140]).len() as u64;
    assert_eq!(
        (media.width, media.height, media.size),
        (Some(320), Some(180), Some(bytes))
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
    // Every photo of the account's chats, as Telegram's photo filter finds
    // them: Alice's trail map and the forum's screenshot, newest first.
    let found: Vec<(i64, &str)> = got
        .items
        .iter()
        .map(|m| (m.chat_id, m.text.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (200_000_001, "Great. I'll bring the map and some snacks"),
            (-1_001_700_000_003, "")
        ]
    );
    // Photos sent now join them, a single photo and an album alike, newest
    // first: Telegram's filter sees every photo, not only the seeded ones.
    let png = fakegram::png(8, 8, [1, 2, 3]);
    let upload = |caption: &str| crate::telegram::chat_features_ext::AlbumFile {
        file: crate::telegram::media::Upload {
            bytes: png.clone(),
            mime: None,
            file_name: None,
        },
        caption: caption.into(),
    };
    let single = upload("a sent photo");
    b.send_file(
        "me",
        &single.file,
        &single.caption,
        &crate::telegram::media::FileOptions::default(),
    )
    .await
    .unwrap();
    b.send_album(
        "me",
        &[upload("album one"), upload("album two")],
        &SendOptions::default(),
    )
    .await
    .unwrap();
    let got = b
        .search_messages_page("", None, &photos, &PageRequest::first(10))
        .await
        .unwrap();
    let texts: Vec<&str> = got.items.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "album two",
            "album one",
            "a sent photo",
            "Great. I'll bring the map and some snacks",
            ""
        ]
    );
    let files = MessageFilter {
        media: Some(MediaKind::Document),
        ..MessageFilter::default()
    };
    let got = b
        .search_messages_page("", None, &files, &PageRequest::first(10))
        .await
        .unwrap();
    assert_eq!(
        got.items
            .iter()
            .map(|m| m.text.as_str())
            .collect::<Vec<_>>(),
        ["Thanks! The benchmark numbers are in the description"]
    );
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
