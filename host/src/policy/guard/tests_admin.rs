//! The guarded administration over the demo account: read-only mode refuses
//! every change, the chat lists hide other chats (and creating new ones),
//! each attempt is audited, and the admin reads pass the lists.

use std::path::Path;

use super::test_support::{audit_lines, audited_demo};
use super::{Guard, GuardError};
use crate::telegram::admin_ext::{
    AdminRights, ChatPermissions, InviteSpec, ParticipantFilter, TopicChanges,
};
use crate::telegram::records::PageRequest;

const RUST: &str = "@rust_study_demo";
const FORUM: &str = "@tgmcp_community_demo";

async fn guard_in(dir: &Path, toml: &str) -> Guard {
    audited_demo(dir, toml, "admin").await.0
}

fn read_only_refusal<T: std::fmt::Debug>(what: &str, r: Result<T, GuardError>) {
    match r {
        Err(GuardError::Denied(m)) => assert!(m.contains("read-only"), "{what}: {m}"),
        other => panic!("{what}: {other:?}"),
    }
}

#[tokio::test]
async fn read_only_refuses_every_admin_change_and_audits_it() {
    let dir = tempfile::tempdir().unwrap();
    let g = guard_in(dir.path(), "read_only = true").await;
    let users = vec!["@alice_demo".to_string()];
    let perms = ChatPermissions::default();
    let rights = AdminRights {
        pin_messages: true,
        ..AdminRights::default()
    };
    read_only_refusal("create_group", g.create_group("x", &users).await);
    read_only_refusal(
        "create_channel",
        g.create_channel("x", "", true, false).await,
    );
    read_only_refusal("invite", g.invite_users(RUST, &users).await);
    read_only_refusal("kick", g.kick_user(RUST, "@bob_demo").await);
    read_only_refusal("ban", g.ban_user(RUST, "@bob_demo", None).await);
    read_only_refusal("unban", g.unban_user(RUST, "@bob_demo").await);
    let r = g
        .set_admin_rights(RUST, "@alice_demo", Some(rights), None)
        .await;
    read_only_refusal("admin", r);
    read_only_refusal("perms", g.set_default_permissions(RUST, &perms).await);
    let r = g.restrict_user(RUST, "@bob_demo", &perms, None).await;
    read_only_refusal("restrict", r);
    read_only_refusal("slow", g.set_slow_mode(RUST, 30).await);
    read_only_refusal("edit", g.edit_chat(RUST, Some("x"), None).await);
    let spec = InviteSpec::default();
    read_only_refusal("link", g.create_invite_link(RUST, &spec).await);
    let r = g
        .revoke_invite_link(RUST, "https://t.me/+RustStudyGuests")
        .await;
    read_only_refusal("revoke", r);
    let r = g.decide_join_request(RUST, "@prize_demo_spam", true).await;
    read_only_refusal("request", r);
    read_only_refusal("topic", g.create_topic(FORUM, "x").await);
    let changes = TopicChanges {
        closed: Some(true),
        ..TopicChanges::default()
    };
    read_only_refusal("edit topic", g.edit_topic(FORUM, 2, &changes).await);
    read_only_refusal("delete topic", g.delete_topic(FORUM, 4).await);
    let lines = audit_lines(dir.path());
    assert_eq!(lines.len(), 17, "every attempt is audited: {lines:?}");
    assert!(lines.iter().all(|l| l["outcome"]
        .as_str()
        .is_some_and(|o| o.contains("read-only"))));
    // The reads still answer.
    let page = PageRequest::first(10);
    let p = g
        .get_participants(RUST, ParticipantFilter::All, None, &page)
        .await
        .unwrap();
    assert!(p.page.items.iter().any(|m| m.user.first_name == "Alice"));
}

#[tokio::test]
async fn an_allowlist_hides_other_chats_and_refuses_creating_chats() {
    let dir = tempfile::tempdir().unwrap();
    let g = guard_in(dir.path(), &format!("[chats]\nallow = [\"{RUST}\"]")).await;
    let hidden = |r: Result<(), GuardError>| matches!(r, Err(GuardError::Hidden(..)));
    assert!(hidden(g.kick_user("@tgmcp_news", "@bob_demo").await));
    assert!(hidden(g.set_slow_mode("Weekend Hikers", 30).await));
    let page = PageRequest::first(10);
    let r = g
        .get_participants("@tgmcp_news", ParticipantFilter::All, None, &page)
        .await;
    assert!(matches!(r, Err(GuardError::Hidden(..))), "{r:?}");
    assert!(matches!(
        g.get_admin_log(FORUM, None, &page).await,
        Err(GuardError::Hidden(..))
    ));
    let e = g.create_group("New", &[]).await.unwrap_err();
    assert!(
        matches!(&e, GuardError::Denied(m) if m.contains("chat lists are set")),
        "{e}"
    );
    // The allowed chat takes the change, and it shows.
    g.edit_chat(RUST, None, Some("Rust, weekly")).await.unwrap();
    let log = g.get_admin_log(RUST, None, &page).await.unwrap();
    assert!(
        log.items[0].action.contains("Rust, weekly"),
        "{:?}",
        log.items
    );
    let lines = audit_lines(dir.path());
    let actions: Vec<&str> = lines.iter().filter_map(|l| l["action"].as_str()).collect();
    assert_eq!(
        actions,
        ["kick-user", "set-slow-mode", "create-group", "edit-chat"]
    );
    assert_eq!(lines[3]["outcome"], "ok");
}

#[tokio::test]
async fn admin_caps_are_checked_before_telegram() {
    let dir = tempfile::tempdir().unwrap();
    let g = guard_in(dir.path(), "").await;
    let rights = AdminRights {
        pin_messages: true,
        ..AdminRights::default()
    };
    let r = g
        .set_admin_rights(
            RUST,
            "@alice_demo",
            Some(rights),
            Some("A very long admin title"),
        )
        .await;
    assert!(matches!(r, Err(GuardError::InvalidArgs(_))), "{r:?}");
    let page = PageRequest::first(10_000);
    let p = g
        .get_participants(RUST, ParticipantFilter::All, None, &page)
        .await
        .unwrap();
    assert!(p.page.items.len() <= super::admin::MAX_ADMIN_PAGE as usize);
}
