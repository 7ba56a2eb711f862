//! Stickers, GIFs, transcription, inline bots and stories through the real
//! grammers client against the local MTProto server: what comes back, and
//! what the account holds afterwards.

use super::*;
use crate::telegram::media::Upload;
use crate::telegram::records::MediaKind;
use crate::telegram::stickers_ext::FileRef;
use crate::telegram::stories_ext::StoryPrivacy;
use crate::telegram::{BotsExt, StickersExt, StoriesExt};
use fakegram::Peer;

async fn backend() -> Arc<GrammersBackend> {
    demo(Duration::from_secs(5)).await.expect("demo backend")
}

fn account(b: &GrammersBackend) -> fakegram::AccountHandle {
    b.local_server().expect("local server").account()
}

#[tokio::test]
async fn sticker_sets_searches_and_sends_by_reference() {
    let b = backend().await;
    let sets = b.sticker_sets(false, 10).await.unwrap();
    assert_eq!(sets.len(), 1, "{sets:?}");
    assert_eq!(sets[0].short_name, "hiking_friends_demo");
    assert_eq!(sets[0].count, 4);
    let emoji = b.sticker_sets(true, 10).await.unwrap();
    assert!(emoji[0].emoji, "{emoji:?}");
    let in_set = b.search_stickers("hiking_friends_demo", 10).await.unwrap();
    assert_eq!(in_set.len(), 4);
    assert_eq!(in_set[0].set_name.as_deref(), Some("hiking_friends_demo"));
    let thumbs = b.search_stickers("👍", 10).await.unwrap();
    assert_eq!(thumbs.len(), 1, "{thumbs:?}");
    assert_eq!(thumbs[0].emoji, "👍");
    let by_word = b.search_stickers("mountain", 10).await.unwrap();
    assert_eq!(by_word[0].emoji, "⛰️");
    let file = FileRef::parse(&thumbs[0].file_ref).unwrap();
    let sent = b
        .send_sticker("@bob_demo", &file, &SendOptions::default())
        .await
        .unwrap();
    assert_eq!(
        sent.media.as_ref().map(|m| m.kind),
        Some(MediaKind::Sticker)
    );
    let gifs = b.search_gifs("thumbs up", 5).await.unwrap();
    assert_eq!(gifs.len(), 1, "{gifs:?}");
    assert_eq!(gifs[0].mime, "video/mp4");
    let gif = FileRef::parse(&gifs[0].file_ref).unwrap();
    let sent = b
        .send_gif("@bob_demo", &gif, "Nice", &SendOptions::default())
        .await
        .unwrap();
    assert_eq!(sent.media.as_ref().map(|m| m.kind), Some(MediaKind::Gif));
    assert_eq!(sent.text, "Nice");
    let wrong = FileRef {
        access_hash: 1,
        ..gif
    };
    let e = b
        .send_gif("@bob_demo", &wrong, "", &SendOptions::default())
        .await
        .unwrap_err();
    assert!(matches!(e, TelegramError::InvalidArgs(_)), "{e}");
}

#[tokio::test]
async fn voice_notes_transcribe_and_round_videos_send() {
    let b = backend().await;
    let t = b.transcribe("@alice_demo", 16).await.unwrap();
    assert_eq!(t.text, fakegram::DEMO_TRANSCRIPT);
    assert!(!t.pending);
    let e = b.transcribe("@alice_demo", 12).await.unwrap_err();
    assert!(e.to_string().contains("not a voice note"), "{e}");
    let e = b.transcribe("@alice_demo", 9999).await.unwrap_err();
    assert!(matches!(e, TelegramError::NotFound(_)), "{e}");
    let video = Upload {
        bytes: b"\0\0\0\x18ftypmp42\0\0\0\0isommp42".to_vec(),
        mime: None,
        file_name: None,
    };
    let sent = b
        .send_video_note("me", &video, &SendOptions::default())
        .await
        .unwrap();
    assert_eq!(sent.media.as_ref().map(|m| m.kind), Some(MediaKind::Round));
    let t = b.transcribe("me", sent.id).await.unwrap();
    assert!(!t.text.is_empty());
    let png = Upload {
        bytes: fakegram::png(2, 2, [1, 2, 3]),
        mime: None,
        file_name: None,
    };
    let e = b
        .send_video_note("me", &png, &SendOptions::default())
        .await
        .unwrap_err();
    assert!(matches!(e, TelegramError::InvalidArgs(_)), "{e}");
}

#[tokio::test]
async fn inline_bots_answer_and_their_results_are_sent() {
    let b = backend().await;
    let r = b
        .inline_query("@weather_demo_bot", "lis", "@bob_demo", None)
        .await
        .unwrap();
    assert_eq!(r.results.len(), 1, "{r:?}");
    assert_eq!(r.results[0].id, "now-lisbon");
    assert_eq!(r.results[0].kind, "article");
    let sent = b
        .send_inline_result(
            "@bob_demo",
            r.query_id,
            "now-lisbon",
            &SendOptions::default(),
        )
        .await
        .unwrap();
    assert!(sent.text.starts_with("Lisbon: "), "{sent:?}");
    let e = b
        .send_inline_result("@bob_demo", r.query_id, "nope", &SendOptions::default())
        .await
        .unwrap_err();
    assert!(e.to_string().contains("RESULT_ID_INVALID"), "{e}");
    let e = b
        .inline_query("@alice_demo", "x", "me", None)
        .await
        .unwrap_err();
    assert!(e.to_string().contains("not a bot"), "{e}");
    let gifs = b.inline_query("@gif", "cat", "me", None).await.unwrap();
    assert_eq!(gifs.results[0].kind, "gif");
}

#[tokio::test]
async fn stories_list_post_react_and_delete() {
    let b = backend().await;
    let all = b.list_stories(None, 20).await.unwrap();
    assert_eq!(all.len(), 4, "{all:?}");
    let alice = b.list_stories(Some("@alice_demo"), 20).await.unwrap();
    assert_eq!(alice.len(), 2);
    assert_eq!(alice[0].peer_name, "Alice Smith");
    assert_eq!(
        alice[0].media.as_ref().map(|m| m.kind),
        Some(MediaKind::Photo)
    );
    let mine = b.list_stories(Some("me"), 20).await.unwrap();
    assert!(mine[0].mine);
    assert_eq!(mine[0].views, Some(2));
    let v = b.story_views(1, 10).await.unwrap();
    assert_eq!((v.views, v.reactions), (2, 1));
    assert_eq!(v.viewers[0].name, "Bob", "newest first: {v:?}");
    assert_eq!(v.viewers[1].reaction.as_deref(), Some("❤️"));
    let e = b.story_views(77, 10).await.unwrap_err();
    assert!(matches!(e, TelegramError::NotFound(_)), "{e}");

    b.react_to_story("@alice_demo", 1, "🔥").await.unwrap();
    let again = b.list_stories(Some("@alice_demo"), 20).await.unwrap();
    assert_eq!(again[0].my_reaction.as_deref(), Some("🔥"));
    b.react_to_story("@alice_demo", 1, "").await.unwrap();
    let e = b.react_to_story("@alice_demo", 99, "🔥").await.unwrap_err();
    assert!(matches!(e, TelegramError::NotFound(_)), "{e}");

    let png = Upload {
        bytes: fakegram::png(4, 4, [9, 9, 9]),
        mime: None,
        file_name: None,
    };
    let s = b
        .post_story(&png, "Summit!", StoryPrivacy::Contacts, true)
        .await
        .unwrap();
    assert_eq!((s.id, s.caption.as_str(), s.pinned), (2, "Summit!", true));
    let held = account(&b).read(|a| a.social.stories.len());
    assert_eq!(held, 5);
    let gone = b.delete_stories(&[1, 2, 42]).await.unwrap();
    assert_eq!(gone, [1, 2]);
    let mine = account(&b).read(|a| {
        a.social
            .stories
            .iter()
            .filter(|s| s.owner == Peer::User(fakegram::ME_ID))
            .count()
    });
    assert_eq!(mine, 0);
    let pdf = Upload {
        bytes: b"%PDF-1.7".to_vec(),
        mime: None,
        file_name: None,
    };
    let e = b
        .post_story(&pdf, "", StoryPrivacy::Everyone, false)
        .await
        .unwrap_err();
    assert!(matches!(e, TelegramError::InvalidArgs(_)), "{e}");
}
