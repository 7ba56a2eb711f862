//! The guarded stickers, GIFs, round videos, inline bots and stories over
//! the demo account: read-only mode, chat lists, quotas, argument checks and
//! the audit line of each attempt.

use std::path::Path;

use super::test_support::{audit_lines, audited_demo};
use super::{Guard, GuardError};
use crate::telegram::media::{MediaSource, Upload};
use crate::telegram::stories_ext::StoryPrivacy;
use crate::telegram::SendOptions;

/// The demo's 👍 sticker, as search_stickers returns it.
const THUMBS_UP: &str = "doc:9200000004:96570862058729789:0707";

async fn guard_in(dir: &Path, toml: &str) -> Guard {
    audited_demo(dir, toml, "stories").await.0
}

fn png() -> MediaSource {
    MediaSource::Bytes(Upload {
        bytes: fakegram::png(2, 2, [1, 2, 3]),
        mime: Some("image/png".into()),
        file_name: None,
    })
}

#[tokio::test]
async fn read_only_refuses_every_new_write_and_audits_each() {
    let dir = tempfile::tempdir().unwrap();
    let g = guard_in(dir.path(), "read_only = true").await;
    let denied = |r: Result<(), GuardError>| {
        assert!(
            matches!(&r, Err(GuardError::Denied(m)) if m.contains("read-only")),
            "{r:?}"
        )
    };
    let opts = SendOptions::default();
    denied(g.send_sticker("me", THUMBS_UP, &opts).await.map(drop));
    denied(g.send_gif("me", THUMBS_UP, "", &opts).await.map(drop));
    denied(g.send_video_note("me", &png(), &opts).await.map(drop));
    denied(
        g.inline_query("@weather_demo_bot", "Lisbon", "me", None)
            .await
            .map(drop),
    );
    denied(
        g.send_inline_result("me", fakegram::DEMO_INLINE_QUERY, "now-lisbon", &opts)
            .await
            .map(drop),
    );
    denied(
        g.post_story(&png(), "hi", StoryPrivacy::Everyone, false)
            .await
            .map(drop),
    );
    denied(g.delete_stories(&[1]).await.map(drop));
    denied(g.react_to_story("@alice_demo", 1, "❤️").await);
    let lines = audit_lines(dir.path());
    let actions: Vec<&str> = lines
        .iter()
        .map(|l| l["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "send-sticker",
            "send-gif",
            "send-video-note",
            "inline-query",
            "send-inline-result",
            "post-story",
            "delete-stories",
            "react-to-story"
        ]
    );
    // Reads still answer.
    assert_eq!(
        g.list_stories(Some("@alice_demo"), 10).await.unwrap().len(),
        2
    );
    assert!(!g.search_stickers("👍", 5).await.unwrap().is_empty());
    assert_eq!(g.story_views(1, 10).await.unwrap().viewers.len(), 2);
}

#[tokio::test]
async fn hidden_chats_stay_hidden_from_stories_transcripts_and_inline_bots() {
    let dir = tempfile::tempdir().unwrap();
    let g = guard_in(dir.path(), "[chats]\ndeny = [\"@alice_demo\"]").await;
    let all = g.list_stories(None, 20).await.unwrap();
    assert!(!all.is_empty());
    assert!(all.iter().all(|s| s.peer_id != 200_000_001), "{all:?}");
    let e = g.list_stories(Some("@alice_demo"), 5).await.unwrap_err();
    assert!(matches!(e, GuardError::Hidden(..)), "{e}");
    let e = g.transcribe("@alice_demo", 16).await.unwrap_err();
    assert!(matches!(e, GuardError::Hidden(..)), "{e}");
    let e = g.react_to_story("@alice_demo", 1, "👍").await.unwrap_err();
    assert!(matches!(e, GuardError::Hidden(..)), "{e}");
    let e = g
        .inline_query("@weather_demo_bot", "Lisbon", "@alice_demo", None)
        .await
        .unwrap_err();
    assert!(e.to_string().contains("alice_demo"), "{e}");
    let views = g.story_views(1, 10).await.unwrap();
    assert_eq!(views.views, 2, "Telegram's count stays");
    assert_eq!(views.viewers.len(), 1, "Alice is left out: {views:?}");
}

#[tokio::test]
async fn stickers_and_stories_count_against_the_quota_and_bad_refs_never_reach_telegram() {
    let dir = tempfile::tempdir().unwrap();
    let g = guard_in(dir.path(), "[quotas]\nsends_per_minute = 2").await;
    let opts = SendOptions::default();
    let e = g.send_sticker("me", "not-a-ref", &opts).await.unwrap_err();
    assert!(matches!(e, GuardError::InvalidArgs(_)), "{e}");
    let sent = g.send_sticker("me", THUMBS_UP, &opts).await.unwrap();
    assert_eq!(sent.chat_id, fakegram::ME_ID);
    let story = g
        .post_story(&png(), "Trail", StoryPrivacy::Contacts, false)
        .await
        .unwrap();
    assert!(story.mine);
    let e = g
        .post_story(&png(), "Again", StoryPrivacy::Everyone, false)
        .await
        .unwrap_err();
    assert!(
        matches!(&e, GuardError::Denied(m) if m.contains("quota")),
        "{e}"
    );
    let e = g.delete_stories(&[]).await.unwrap_err();
    assert!(matches!(e, GuardError::InvalidArgs(_)), "{e}");
    let lines = audit_lines(dir.path());
    assert_eq!(lines.len(), 5, "every attempt is audited: {lines:?}");
    assert_eq!(lines[2]["action"], "post-story");
    assert_eq!(lines[2]["outcome"], "ok");
}
