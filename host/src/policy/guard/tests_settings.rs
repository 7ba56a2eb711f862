//! The guarded settings and insights over the demo account: read-only mode
//! refuses every change (audited), the send quota counts scheduled messages
//! sent now, and the chat lists hide statistics and recommendations of
//! other chats.

use super::test_support::{audit_lines, audited_demo};
use super::GuardError;
use crate::telegram::media::{MediaSource, Upload};
use crate::telegram::settings_ext::{Birthday, ChatSettings};

const RUST: &str = "@rust_study_demo";

fn png() -> MediaSource {
    MediaSource::Bytes(Upload {
        bytes: fakegram::png(4, 4, [9, 9, 9]),
        mime: Some("image/png".into()),
        file_name: None,
    })
}

fn refused_read_only<T: std::fmt::Debug>(what: &str, r: Result<T, GuardError>) {
    match r {
        Err(GuardError::Denied(m)) => assert!(m.contains("read-only"), "{what}: {m}"),
        other => panic!("{what}: {other:?}"),
    }
}

#[tokio::test]
async fn read_only_refuses_each_change_and_audits_it() {
    let dir = tempfile::tempdir().unwrap();
    let (g, _) = audited_demo(dir.path(), "read_only = true", "settings").await;
    let switches = ChatSettings {
        anti_spam: Some(true),
        ..ChatSettings::default()
    };
    let birthday = Birthday {
        day: 1,
        month: 5,
        year: None,
    };
    refused_read_only("chat photo", g.set_chat_photo(RUST, Some(&png())).await);
    refused_read_only("settings", g.set_chat_settings(RUST, &switches).await);
    refused_read_only("profile photo", g.set_profile_photo(&png()).await);
    refused_read_only("emoji", g.set_emoji_status(Some(5), None).await);
    refused_read_only("birthday", g.set_birthday(Some(birthday)).await);
    refused_read_only("send now", g.send_scheduled_now("me", &[1_000_001]).await);
    let actions: Vec<String> = audit_lines(dir.path())
        .iter()
        .map(|l| l["action"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(
        actions,
        [
            "set-chat-photo",
            "set-chat-settings",
            "set-profile-photo",
            "set-emoji-status",
            "set-birthday",
            "send-scheduled-now"
        ]
    );
    // Reads stay allowed.
    g.chat_stats(RUST).await.unwrap();
}

#[tokio::test]
async fn scheduled_messages_sent_now_take_from_the_send_quota() {
    let dir = tempfile::tempdir().unwrap();
    let (g, _) = audited_demo(dir.path(), "[quotas]\nsends_per_minute = 1", "outbox").await;
    g.send_message("me", "one", &Default::default())
        .await
        .unwrap();
    let r = g.send_scheduled_now("me", &[1_000_001]).await;
    match r {
        Err(GuardError::Denied(m)) => assert!(m.contains("send quota"), "{m}"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn chat_lists_hide_other_chats_statistics_and_recommendations() {
    let dir = tempfile::tempdir().unwrap();
    let toml = "[chats]\nallow = [\"@tgmcp_news\"]";
    let (g, _) = audited_demo(dir.path(), toml, "chats").await;
    assert!(matches!(
        g.chat_stats(RUST).await,
        Err(GuardError::Hidden(..))
    ));
    // Rust Releases is recommended, but not in the allowlist.
    let similar = g.similar_channels(Some("@tgmcp_news")).await.unwrap();
    assert!(similar.is_empty(), "{similar:?}");
    let (open, _) = audited_demo(dir.path(), "", "chats").await;
    assert_eq!(open.similar_channels(None).await.unwrap().len(), 1);
}
