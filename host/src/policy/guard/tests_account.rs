//! The guarded account operations over the demo account: read-only mode
//! refuses every change and keeps the reads, chat lists apply to the users
//! a change names, the session tgmcp runs on is never ended, and every
//! attempt is audited.

use std::path::Path;
use std::sync::Arc;

use super::test_support::{audit_lines, audited_demo};
use super::{Guard, GuardError};
use crate::telegram::account_ext::{
    ContactCard, PrivacyBase, PrivacyKey, PrivacyRules, ProfileChanges,
};
use crate::telegram::grammers::GrammersBackend;
use crate::telegram::TelegramError;

async fn guard_in(dir: &Path, toml: &str) -> (Guard, Arc<GrammersBackend>) {
    audited_demo(dir, toml, "contacts").await
}

fn bio(text: &str) -> ProfileChanges {
    ProfileChanges {
        about: Some(text.into()),
        ..ProfileChanges::default()
    }
}

#[tokio::test]
async fn read_only_refuses_every_account_change_and_keeps_the_reads() {
    let dir = tempfile::tempdir().unwrap();
    let (g, b) = guard_in(dir.path(), "read_only = true").await;
    let denied = |r: Result<(), GuardError>| {
        assert!(
            matches!(&r, Err(GuardError::Denied(m)) if m.contains("read-only")),
            "{r:?}"
        );
    };
    denied(
        g.add_contact("@bob_demo", "Bob", None, false)
            .await
            .map(drop),
    );
    denied(g.delete_contacts(&["@bob_demo".into()]).await.map(drop));
    let card = ContactCard {
        phone: "+15550000003".into(),
        first_name: "Bob".into(),
        last_name: None,
    };
    denied(g.import_contacts(&[card]).await.map(drop));
    denied(g.set_blocked("@bob_demo", true).await);
    denied(g.set_blocked("@prize_demo_spam", false).await);
    denied(g.report_spam("@prize_demo_spam").await);
    denied(g.update_profile(&bio("x")).await.map(drop));
    denied(g.delete_profile_photos(&[]).await.map(drop));
    let rules = PrivacyRules {
        base: PrivacyBase::Nobody,
        allow: Vec::new(),
        deny: Vec::new(),
    };
    denied(g.set_privacy(PrivacyKey::LastSeen, &rules).await.map(drop));
    denied(g.terminate_session(7_311_000_000_000_002).await);
    assert_eq!(audit_lines(dir.path()).len(), 10);

    // Nothing changed on the account.
    let tg = b.local_server().unwrap().account();
    tg.read(|a| {
        let bob = a.users.iter().find(|u| u.id == 200_000_002).unwrap();
        assert!(bob.contact && !bob.blocked);
        assert_eq!(a.settings.sessions.len(), 2);
        assert!(a.settings.reported.is_empty());
    });
    // The reads answer.
    let p = g.get_privacy(PrivacyKey::PhoneNumber).await.unwrap();
    assert_eq!(p.base, PrivacyBase::Contacts);
    assert_eq!(p.allow, vec![200_000_001]);
    let sessions = g.list_sessions().await.unwrap();
    assert_eq!(sessions.len(), 3);
    assert!(sessions[0].current);
}

#[tokio::test]
async fn chat_lists_apply_to_the_users_a_change_names() {
    let dir = tempfile::tempdir().unwrap();
    let allow = "[chats]\nallow = [\"me\", \"@alice_demo\"]";
    let (g, b) = guard_in(dir.path(), allow).await;
    let e = g.set_blocked("@bob_demo", true).await.unwrap_err();
    assert!(matches!(e, GuardError::Hidden(..)), "{e}");
    let e = g
        .delete_contacts(&["@alice_demo".into(), "@bob_demo".into()])
        .await
        .unwrap_err();
    assert!(
        matches!(&e, GuardError::Telegram(TelegramError::ChatNotFound(p, _)) if p == "@bob_demo"),
        "{e}"
    );
    let rules = PrivacyRules {
        base: PrivacyBase::Contacts,
        allow: Vec::new(),
        deny: vec!["@bob_demo".into()],
    };
    assert!(g.set_privacy(PrivacyKey::Calls, &rules).await.is_err());
    let card = ContactCard {
        phone: "+15550000003".into(),
        first_name: "Bob".into(),
        last_name: None,
    };
    let e = g.import_contacts(&[card]).await.unwrap_err();
    assert!(
        matches!(&e, GuardError::InvalidArgs(m) if m.contains("chat lists")),
        "{e}"
    );
    // Changes of the account itself name no chat: the lists do not apply.
    let full = g.update_profile(&bio("Maps and hikes")).await.unwrap();
    assert_eq!(full.about.as_deref(), Some("Maps and hikes"));
    // An allowed user can be renamed.
    let u = g
        .add_contact("@alice_demo", "Alice", Some("Accountant"), false)
        .await
        .unwrap();
    assert_eq!(u.last_name.as_deref(), Some("Accountant"));
    b.local_server().unwrap().account().read(|a| {
        let bob = a.users.iter().find(|u| u.id == 200_000_002).unwrap();
        assert!(bob.contact && !bob.blocked, "Bob untouched");
    });
    let lines = audit_lines(dir.path());
    assert_eq!(lines.len(), 6, "{lines:?}");
    assert_eq!(lines[5]["action"], "add-contact");
    assert_eq!(lines[5]["outcome"], "ok");
}

#[tokio::test]
async fn the_session_tgmcp_runs_on_is_never_ended() {
    let dir = tempfile::tempdir().unwrap();
    let (g, b) = guard_in(dir.path(), "").await;
    let e = g.terminate_session(0).await.unwrap_err();
    assert!(e.to_string().contains("tgmcp itself runs on"), "{e}");
    let e = g.terminate_session(42).await.unwrap_err();
    assert!(e.to_string().contains("no session with hash 42"), "{e}");
    g.terminate_session(7_311_000_000_000_002).await.unwrap();
    let left: Vec<i64> = b
        .local_server()
        .unwrap()
        .account()
        .read(|a| a.settings.sessions.iter().map(|s| s.hash).collect());
    assert_eq!(left, vec![7_311_000_000_000_001]);
    let lines = audit_lines(dir.path());
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[2]["action"], "terminate-session");
    assert_eq!(lines[2]["outcome"], "ok");
}

#[tokio::test]
async fn empty_or_oversized_changes_are_refused_before_telegram() {
    let dir = tempfile::tempdir().unwrap();
    let (g, _) = guard_in(dir.path(), "").await;
    let e = g
        .update_profile(&ProfileChanges::default())
        .await
        .unwrap_err();
    assert!(matches!(&e, GuardError::InvalidArgs(m) if m.contains("nothing to change")));
    let e = g
        .add_contact("@bob_demo", " ", None, false)
        .await
        .unwrap_err();
    assert!(matches!(e, GuardError::InvalidArgs(_)));
    let many: Vec<String> = (0..101).map(|i| format!("@user{i}")).collect();
    let e = g.delete_contacts(&many).await.unwrap_err();
    assert!(matches!(&e, GuardError::InvalidArgs(m) if m.contains("at most 100")));
    let e = g.delete_contacts(&[]).await.unwrap_err();
    assert!(matches!(e, GuardError::InvalidArgs(_)));
}
