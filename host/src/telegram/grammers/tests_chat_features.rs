//! Reactions, polls, buttons, scheduled messages, folders, albums and the
//! chat actions through the real grammers client against the local MTProto
//! server: what comes back, and what the account holds afterwards.

use super::*;
use crate::telegram::chat_features_ext::{AlbumFile, ButtonKind, ButtonRef, FolderEdit, Location};
use crate::telegram::media::Upload;
use crate::telegram::ChatFeaturesExt;
use fakegram::Peer;

const HIKERS: Peer = Peer::Chat(4_000_000_001);

async fn backend() -> Arc<GrammersBackend> {
    demo(Duration::from_secs(5)).await.expect("demo backend")
}

fn account(b: &GrammersBackend) -> fakegram::AccountHandle {
    b.local_server().expect("local server").account()
}

#[tokio::test]
async fn reactions_polls_and_buttons_read_back_from_the_demo() {
    let b = backend().await;
    let r = b
        .list_reactions("@rust_study_demo", 3, Some("🔥"), 10)
        .await
        .unwrap();
    assert_eq!(r.len(), 1, "{r:?}");
    assert_eq!((r[0].peer_id, r[0].emoji.as_str()), (200_000_001, "🔥"));
    let p = b.get_poll("Weekend Hikers", 22).await.unwrap();
    assert_eq!(p.question, fakegram::DEMO_POLL);
    assert_eq!(p.answers.iter().filter_map(|a| a.voters).sum::<u32>(), 3);
    assert_eq!(p.votes.len(), 3, "{:?}", p.votes);
    let buttons = b.list_buttons("@weather_demo_bot", 9).await.unwrap();
    let kinds: Vec<ButtonKind> = buttons.iter().map(|x| x.kind).collect();
    assert_eq!(
        kinds,
        [ButtonKind::Callback, ButtonKind::Callback, ButtonKind::Url]
    );
    let a = b
        .press_button("@weather_demo_bot", 9, &ButtonRef::Position(0, 1))
        .await
        .unwrap();
    assert!(a.alert && a.message.is_some_and(|m| m.contains("Tomorrow")));
    let e = b
        .press_button("@weather_demo_bot", 9, &ButtonRef::Position(5, 5))
        .await
        .unwrap_err();
    assert!(matches!(e, TelegramError::NotFound(_)), "{e}");
}

#[tokio::test]
async fn folders_round_trip_through_update_dialog_filter() {
    let b = backend().await;
    let edit = FolderEdit {
        title: Some("Work".into()),
        add: vec!["@bob_demo".into()],
        groups: Some(true),
        ..FolderEdit::default()
    };
    let f = b.create_folder(&edit).await.unwrap();
    assert!(f.groups && f.included.iter().any(|c| c.title == "Bob"));
    let f = b
        .edit_folder(
            f.id,
            &FolderEdit {
                remove: vec!["@bob_demo".into()],
                ..FolderEdit::default()
            },
        )
        .await
        .unwrap();
    assert!(f.included.is_empty());
    b.reorder_folders(&[f.id, 2]).await.unwrap();
    let order: Vec<u32> = b
        .list_folders()
        .await
        .unwrap()
        .iter()
        .map(|f| f.id)
        .collect();
    assert_eq!(order, [f.id, 2]);
    b.delete_folder(f.id).await.unwrap();
    assert_eq!(account(&b).read(|a| a.ext.folders.len()), 1);
    let e = b.create_folder(&FolderEdit::default()).await.unwrap_err();
    assert!(matches!(e, TelegramError::InvalidArgs(_)), "{e}");
}

#[tokio::test]
async fn albums_scheduled_messages_and_places_reach_the_account() {
    let b = backend().await;
    let file = |bytes: Vec<u8>| AlbumFile {
        file: Upload {
            bytes,
            mime: None,
            file_name: None,
        },
        caption: String::new(),
    };
    let png = fakegram::png(3, 3, [9, 9, 9]);
    let sent = b
        .send_album(
            "me",
            &[file(png.clone()), file(png)],
            &SendOptions::default(),
        )
        .await
        .unwrap();
    assert_eq!(sent.len(), 2);
    assert!(sent.iter().all(|m| m.media.is_some()));
    let s = b.list_scheduled("me").await.unwrap();
    assert_eq!(s.len(), 1);
    assert_eq!(b.delete_scheduled("me", &[s[0].id]).await.unwrap(), 1);
    assert!(b.list_scheduled("me").await.unwrap().is_empty());
    let place = Location {
        latitude: 38.7,
        longitude: -9.1,
        title: None,
        address: None,
    };
    let m = b
        .send_location("Weekend Hikers", &place, &SendOptions::default())
        .await
        .unwrap();
    assert!(account(&b).read(|a| a.ext.media.contains_key(&(HIKERS, m.id))));
    b.close_poll("Weekend Hikers", 22).await.unwrap();
    assert!(b.get_poll("Weekend Hikers", 22).await.unwrap().closed);
    // Closing again changes nothing and is no error.
    b.close_poll("Weekend Hikers", 22).await.unwrap();
}
