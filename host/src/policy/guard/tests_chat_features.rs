//! The guarded reactions, buttons, scheduled deletes, folders, albums and
//! voice notes over the demo account: chat lists, read-only mode, argument
//! checks, quotas and the audit line.

use std::path::Path;

use super::test_support::{audit_lines, audited_demo};
use super::{Guard, GuardError, Source};
use crate::telegram::chat_features_ext::{ButtonRef, FolderEdit};
use crate::telegram::media::{MediaSource, Upload};
use crate::telegram::SendOptions;

async fn guard_in(dir: &Path, toml: &str) -> Guard {
    audited_demo(dir, toml, "dialogs").await.0
}

fn png(caption: &str) -> Source {
    Source {
        source: MediaSource::Bytes(Upload {
            bytes: fakegram::png(2, 2, [1, 2, 3]),
            mime: Some("image/png".into()),
            file_name: None,
        }),
        caption: caption.into(),
    }
}

#[tokio::test]
async fn folders_show_only_allowed_chats_and_edits_may_not_name_hidden_ones() {
    let dir = tempfile::tempdir().unwrap();
    let g = guard_in(dir.path(), "[chats]\ndeny = [\"@alice_demo\"]").await;
    let f = g.list_folders().await.unwrap();
    let titles: Vec<&str> = f[0].included.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(titles, ["Weekend Hikers"]);
    let add_alice = FolderEdit {
        add: vec!["@alice_demo".into()],
        ..FolderEdit::default()
    };
    let e = g.edit_folder(2, &add_alice).await.unwrap_err();
    assert!(matches!(e, GuardError::Hidden(..)), "{e}");
    let create = FolderEdit {
        title: Some("People".into()),
        add: vec!["@bob_demo".into()],
        ..FolderEdit::default()
    };
    let made = g.create_folder(&create).await.unwrap();
    assert_eq!(made.included.len(), 1);
    // Hidden chats in a folder are neither shown nor named in the audit.
    let lines = audit_lines(dir.path());
    let actions: Vec<(&str, &str)> = lines
        .iter()
        .map(|l| {
            (
                l["action"].as_str().unwrap(),
                l["outcome"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(actions[0].0, "edit-folder");
    assert_ne!(actions[0].1, "ok");
    assert_eq!(actions[1], ("create-folder", "ok"));
    assert_eq!(lines[1]["chat"], "folder \"People\"");
}

#[tokio::test]
async fn read_only_refuses_buttons_scheduled_deletes_folders_and_sends() {
    let dir = tempfile::tempdir().unwrap();
    let g = guard_in(dir.path(), "read_only = true").await;
    let denied = |r: Result<(), GuardError>| {
        assert!(
            matches!(&r, Err(GuardError::Denied(m)) if m.contains("read-only")),
            "{r:?}"
        )
    };
    let button = ButtonRef::Text("🔄 Refresh".into());
    denied(
        g.press_button("@weather_demo_bot", 9, &button)
            .await
            .map(drop),
    );
    denied(g.delete_scheduled("me", &[1_000_001]).await.map(drop));
    denied(g.delete_folder(2).await);
    denied(g.edit_folder(2, &FolderEdit::default()).await.map(drop));
    let opts = SendOptions::default();
    denied(
        g.send_album("me", &[png("a"), png("b")], &opts)
            .await
            .map(drop),
    );
    let voice = MediaSource::Bytes(Upload {
        bytes: b"OggS".to_vec(),
        mime: None,
        file_name: None,
    });
    denied(g.send_voice("me", &voice, "", &opts).await.map(drop));
    // Reads still answer.
    assert_eq!(g.list_scheduled("me").await.unwrap().len(), 1);
    assert_eq!(
        g.list_buttons("@weather_demo_bot", 9).await.unwrap().len(),
        3
    );
    assert_eq!(audit_lines(dir.path()).len(), 6, "every refusal is audited");
}

#[tokio::test]
async fn albums_count_once_against_the_quota_and_bad_arguments_never_reach_telegram() {
    let dir = tempfile::tempdir().unwrap();
    let g = guard_in(dir.path(), "[quotas]\nsends_per_minute = 1").await;
    let opts = SendOptions::default();
    let e = g
        .send_album("me", &[png("only one")], &opts)
        .await
        .unwrap_err();
    assert!(matches!(e, GuardError::InvalidArgs(_)), "{e}");
    let sent = g
        .send_album("me", &[png("a"), png("b")], &opts)
        .await
        .unwrap();
    assert_eq!(sent.len(), 2);
    let e = g
        .send_album("me", &[png("c"), png("d")], &opts)
        .await
        .unwrap_err();
    assert!(
        matches!(&e, GuardError::Denied(m) if m.contains("quota")),
        "{e}"
    );
    let e = g.delete_scheduled("me", &[]).await.unwrap_err();
    assert!(matches!(e, GuardError::InvalidArgs(_)), "{e}");
    assert_eq!(
        g.list_scheduled("me").await.unwrap().len(),
        1,
        "nothing deleted"
    );
}
