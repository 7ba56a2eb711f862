//! The account operations through the real grammers client against the
//! local MTProto server: what the backend itself remembers afterwards (names
//! in its peer cache, the account it caches) and how Telegram's errors read.

use super::*;
use crate::telegram::account_ext::{ContactCard, PrivacyBase, PrivacyKey, ProfileChanges};
use crate::telegram::AccountExt;

async fn backend() -> Arc<GrammersBackend> {
    demo(Duration::from_secs(5)).await.expect("demo backend")
}

#[tokio::test]
async fn a_renamed_contact_reads_under_its_new_name_everywhere() {
    let b = backend().await;
    // Looked up once: the cache now holds Bob's old name.
    assert_eq!(b.get_chat("@bob_demo").await.unwrap().title, "Bob");
    let u = b
        .add_contact("@bob_demo", "Bob", Some("Accountant"), false)
        .await
        .unwrap();
    assert_eq!(u.last_name.as_deref(), Some("Accountant"));
    assert_eq!(
        b.get_chat("@bob_demo").await.unwrap().title,
        "Bob Accountant"
    );
    let e = b.add_contact("me", "Me", None, false).await.unwrap_err();
    assert!(matches!(e, TelegramError::InvalidArgs(_)), "{e}");
    let e = b
        .add_contact("@bob_demo", "", None, false)
        .await
        .unwrap_err();
    assert!(e.to_string().contains("first name"), "{e}");
}

#[tokio::test]
async fn a_profile_change_is_seen_by_get_me_at_once() {
    let b = backend().await;
    assert_eq!(b.get_me().await.unwrap().first_name, "Demo");
    let changes = ProfileChanges {
        first_name: Some("Dana".into()),
        username: Some("dana_maps".into()),
        ..ProfileChanges::default()
    };
    let full = b.update_profile(&changes).await.unwrap();
    assert_eq!(full.user.username.as_deref(), Some("dana_maps"));
    let me = b.get_me().await.unwrap();
    assert_eq!(
        (me.first_name.as_str(), me.username.as_deref()),
        ("Dana", Some("dana_maps"))
    );
    // Setting the username it already has is no error.
    b.update_profile(&changes).await.unwrap();
    let taken = ProfileChanges {
        username: Some("bob_demo".into()),
        ..ProfileChanges::default()
    };
    let e = b.update_profile(&taken).await.unwrap_err();
    assert_eq!(
        e,
        TelegramError::InvalidArgs("the username @bob_demo is taken; choose another".into())
    );
}

#[tokio::test]
async fn imports_privacy_and_sessions_read_as_the_apps_show_them() {
    let b = backend().await;
    let cards = [
        ContactCard {
            phone: "+1 555 000 0003".into(),
            first_name: "Bob".into(),
            last_name: None,
        },
        ContactCard {
            phone: "+15550009999".into(),
            first_name: "Nobody".into(),
            last_name: None,
        },
    ];
    let r = b.import_contacts(&cards).await.unwrap();
    assert_eq!(r.imported.len(), 1);
    assert_eq!(r.not_found, ["+15550009999"]);
    // Telegram's defaults for a key never set, and the demo's exception.
    let p = b.get_privacy(PrivacyKey::Birthday).await.unwrap();
    assert_eq!((p.base, p.allow.len()), (PrivacyBase::Contacts, 0));
    let p = b.get_privacy(PrivacyKey::ProfilePhoto).await.unwrap();
    assert_eq!(p.base, PrivacyBase::Everybody);
    let s = b.list_sessions().await.unwrap();
    assert!(s[0].current && s[0].hash == 0 && !s[1].current, "{s:?}");
    let e = b.terminate_session(99).await.unwrap_err();
    assert!(matches!(e, TelegramError::NotFound(_)), "{e}");
}
