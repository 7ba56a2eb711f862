//! The guarded writes and media over the demo account: read-only mode,
//! chat lists, quotas, argument caps and the audit line of each attempt.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use async_trait::async_trait;

use super::test_support::{audit_lines, audited_demo};
use super::{Guard, GuardError};
use crate::process::fetch::{FetchError, Fetched, Fetcher};
use crate::telegram::media::{DownloadOptions, FileOptions, MediaSource};
use crate::telegram::write_ext::{DraftOptions, EditOptions, ForwardOptions, Mute, PollSpec};
use crate::telegram::SendOptions;

/// Serves one PNG for any URL and counts the fetches.
#[derive(Default)]
struct FakeFetcher(AtomicUsize);

#[async_trait]
impl Fetcher for FakeFetcher {
    async fn fetch(&self, url: &str) -> Result<Fetched, FetchError> {
        self.0.fetch_add(1, Ordering::SeqCst);
        crate::process::fetch::check_url(url)?;
        Ok(Fetched {
            bytes: fakegram::png(4, 4, [1, 2, 3]),
            mime: Some("image/png".into()),
            file_name: Some("dot.png".into()),
        })
    }
}

async fn guard_in(dir: &Path, toml: &str) -> (Guard, Arc<FakeFetcher>) {
    let fetcher = Arc::new(FakeFetcher::default());
    let (g, _) = audited_demo(dir, toml, "outbox").await;
    (g.with_fetcher(fetcher.clone()), fetcher)
}

/// Alice's message with the demo photo.
fn photo_id() -> i32 {
    let peer = fakegram::Peer::User(200_000_001);
    let text = "Great. I'll bring the map and some snacks";
    let demo = fakegram::Account::demo();
    demo.history(peer)
        .iter()
        .find(|m| m.text == text)
        .map_or(0, |m| m.id)
}

fn png_url() -> MediaSource {
    MediaSource::Url("https://example.com/dot.png".into())
}

#[tokio::test]
async fn read_only_refuses_every_write_and_audits_each() {
    let dir = tempfile::tempdir().unwrap();
    let (g, fetcher) = guard_in(dir.path(), "read_only = true").await;
    let denied = |r: Result<(), GuardError>| {
        assert!(
            matches!(&r, Err(GuardError::Denied(m)) if m.contains("read-only")),
            "{r:?}"
        )
    };
    denied(
        g.edit_message("me", 1, "x", &EditOptions::default())
            .await
            .map(drop),
    );
    denied(g.delete_messages("me", &[1], true).await.map(drop));
    denied(g.pin_message("me", 1, true).await);
    denied(g.send_reaction("me", 1, &[]).await);
    denied(g.save_draft("me", "x", &DraftOptions::default()).await);
    denied(g.mark_read("me", None).await);
    denied(g.mute_chat("me", Mute::Forever).await);
    denied(g.archive_chat("me", true).await);
    denied(g.join_chat("t.me/+abcdefghijkl").await.map(drop));
    denied(g.leave_chat("Weekend Hikers").await);
    denied(
        g.send_file("me", &png_url(), "", &FileOptions::default())
            .await
            .map(drop),
    );
    assert_eq!(
        fetcher.0.load(Ordering::SeqCst),
        0,
        "refused before fetching"
    );
    let lines = audit_lines(dir.path());
    assert_eq!(lines.len(), 11);
    assert_eq!(lines[1]["action"], "delete-messages");
    assert_eq!(lines[1]["message_ids"][0], 1);
    // Reads still work.
    assert!(g.list_drafts().await.is_ok());
    let photo = g
        .download_media("@alice_demo", photo_id(), &DownloadOptions::default())
        .await;
    assert!(photo.is_ok_and(|b| b.bytes.starts_with(b"\x89PNG")));
}

#[tokio::test]
async fn chat_lists_hide_sources_and_targets_and_refuse_invites() {
    let dir = tempfile::tempdir().unwrap();
    let (g, _) = guard_in(dir.path(), "[chats]\nallow = [\"me\", \"@bob_demo\"]").await;
    let e = g
        .delete_messages("@alice_demo", &[3], true)
        .await
        .unwrap_err();
    assert!(matches!(e, GuardError::Hidden(..)), "{e}");
    let fwd = ForwardOptions::default();
    let e = g
        .forward_messages("@alice_demo", &[3], "me", &fwd)
        .await
        .unwrap_err();
    assert_eq!(e.to_string(), "chat \"@alice_demo\" not found");
    let sent = g
        .forward_messages("@bob_demo", &[8], "me", &fwd)
        .await
        .unwrap();
    assert_eq!(sent.len(), 1);
    let e = g
        .join_chat("https://t.me/+HikePhotos2026")
        .await
        .unwrap_err();
    assert!(matches!(e, GuardError::Denied(_)), "{e}");
    g.save_draft("@bob_demo", "seen", &DraftOptions::default())
        .await
        .unwrap();
    let e = g
        .download_media("@alice_demo", photo_id(), &DownloadOptions::default())
        .await
        .unwrap_err();
    assert!(matches!(e, GuardError::Hidden(..)), "{e}");
    let lines = audit_lines(dir.path());
    assert!(lines.iter().any(|l| l["action"] == "join-chat"));
    assert_eq!(lines.len(), 5, "{lines:?}");
}

#[tokio::test]
async fn posts_count_against_the_quota_and_urls_are_fetched_after_the_checks() {
    let dir = tempfile::tempdir().unwrap();
    let (g, fetcher) = guard_in(dir.path(), "[quotas]\nsends_per_minute = 2").await;
    let m = g
        .send_file("me", &png_url(), "dot", &FileOptions::default())
        .await
        .unwrap();
    assert_eq!(m.text, "dot");
    let got = g
        .download_media("me", m.id, &DownloadOptions::default())
        .await
        .unwrap();
    assert_eq!(got.bytes, fakegram::png(4, 4, [1, 2, 3]));
    let spec = PollSpec {
        question: "Q?".into(),
        options: vec!["a".into(), "b".into()],
        ..PollSpec::default()
    };
    g.create_poll("me", &spec, &SendOptions::default())
        .await
        .unwrap();
    let e = g
        .send_file("me", &png_url(), "", &FileOptions::default())
        .await
        .unwrap_err();
    assert!(
        matches!(&e, GuardError::Denied(m) if m.contains("quota")),
        "{e}"
    );
    assert_eq!(fetcher.0.load(Ordering::SeqCst), 1);
    // Changes that do not post are not counted.
    g.mark_read("me", None).await.unwrap();
    let bad = MediaSource::Url("http://example.com/x.png".into());
    let (g2, _) = guard_in(dir.path(), "").await;
    let e = g2
        .send_file("me", &bad, "", &FileOptions::default())
        .await
        .unwrap_err();
    assert!(e.to_string().contains("only https"), "{e}");
}

#[tokio::test]
async fn argument_caps_are_refused_and_audited() {
    let dir = tempfile::tempdir().unwrap();
    let (g, _) = guard_in(dir.path(), "").await;
    let ids: Vec<i32> = (1..=101).collect();
    let e = g.delete_messages("me", &ids, true).await.unwrap_err();
    assert!(matches!(e, GuardError::InvalidArgs(_)), "{e}");
    let many: Vec<String> = ["👍", "❤", "🔥", "🎉"].map(String::from).to_vec();
    let e = g.send_reaction("me", 1, &many).await.unwrap_err();
    assert!(matches!(e, GuardError::InvalidArgs(_)), "{e}");
    let e = g
        .edit_message("me", 1, "  ", &EditOptions::default())
        .await
        .unwrap_err();
    assert!(matches!(e, GuardError::InvalidArgs(_)), "{e}");
    assert_eq!(audit_lines(dir.path()).len(), 3);
    let tiny = DownloadOptions {
        max_bytes: 0,
        ..DownloadOptions::default()
    };
    let one = g
        .download_media("@alice_demo", photo_id(), &tiny)
        .await
        .unwrap();
    assert_eq!((one.bytes.len(), one.truncated), (1, true));
}

#[tokio::test]
async fn chats_under_review_get_drafts_not_messages() {
    let dir = tempfile::tempdir().unwrap();
    let toml = "[chats]\nsend_as_draft = [\"@alice_demo\"]\n[quotas]\nsends_per_minute = 1";
    let (g, _) = guard_in(dir.path(), toml).await;
    let before = g.get_history("@alice_demo", 1, None).await.unwrap();

    let text = "Draft for review: the invoice is attached";
    let drafted = g
        .send_message("@alice_demo", text, &SendOptions::default())
        .await;
    match drafted {
        Err(GuardError::Drafted(title)) => assert_eq!(title, "Alice Smith"),
        other => panic!("expected a draft, got {other:?}"),
    }
    let after = g.get_history("@alice_demo", 1, None).await.unwrap();
    assert_eq!(before[0].id, after[0].id, "nothing was sent");
    let drafts = g.list_drafts().await.unwrap();
    assert!(drafts.iter().any(|d| d.text == text), "{drafts:?}");

    // Other posts there are refused outright: a file or a forward cannot be a draft.
    let fwd = g
        .forward_messages("me", &[1], "@alice_demo", &ForwardOptions::default())
        .await;
    assert!(matches!(fwd, Err(GuardError::Review(_))), "{fwd:?}");

    // Other chats send as before, and the draft took nothing from the quota.
    g.send_message("me", "sent", &SendOptions::default())
        .await
        .unwrap();

    let audit = audit_lines(dir.path());
    let outcomes: Vec<&str> = audit
        .iter()
        .map(|l| l["outcome"].as_str().unwrap_or(""))
        .collect();
    assert!(
        outcomes[0].contains("saved as the chat's draft"),
        "{audit:?}"
    );
    assert!(outcomes[1].contains("reviewed by a person"), "{audit:?}");
    assert_eq!(outcomes[2], "ok", "{audit:?}");
}
