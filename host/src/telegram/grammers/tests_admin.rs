//! Administration through the real grammers client against the local
//! MTProto server: paging the admin reads with their cursors, Telegram's
//! refusals in words, and the state the account is left in.

use super::*;
use crate::telegram::admin_ext::{AdminRights, ChatPermissions, ParticipantFilter};
use crate::telegram::records::PageRequest;
use crate::telegram::AdminExt;
use fakegram::{Peer, Role};

const RUST: &str = "@rust_study_demo";
const RUST_PEER: Peer = Peer::Channel(1_600_000_002);

async fn backend() -> Arc<GrammersBackend> {
    demo(Duration::from_secs(5)).await.expect("demo backend")
}

fn account(b: &GrammersBackend) -> fakegram::AccountHandle {
    b.local_server().expect("local server").account()
}

fn page(limit: u32, cursor: Option<String>) -> PageRequest {
    PageRequest { cursor, limit }
}

#[tokio::test]
async fn participants_page_with_a_cursor_in_supergroups_and_basic_groups() {
    let b = backend().await;
    for chat in [RUST, "Weekend Hikers"] {
        let mut seen = Vec::new();
        let mut cursor = None;
        for _ in 0..5 {
            let p = b
                .get_participants(chat, ParticipantFilter::All, None, &page(2, cursor))
                .await
                .unwrap();
            assert!(p.page.items.len() <= 2);
            seen.extend(p.page.items.iter().map(|m| m.user.first_name.clone()));
            cursor = p.page.next_cursor;
            if cursor.is_none() {
                break;
            }
        }
        assert_eq!(seen, ["Demo", "Alice", "Bob", "Carol"], "{chat}");
    }
    // A basic group's total is its members; a supergroup's is Telegram's count.
    let p = b
        .get_participants(RUST, ParticipantFilter::All, Some("car"), &page(10, None))
        .await
        .unwrap();
    assert_eq!(p.page.items.len(), 1);
    assert_eq!(p.page.items[0].user.first_name, "Carol");
    let admins = b
        .get_participants(
            "@tgmcp_community_demo",
            ParticipantFilter::Admins,
            None,
            &page(10, None),
        )
        .await
        .unwrap();
    let roles: Vec<_> = admins
        .page
        .items
        .iter()
        .map(|m| (m.user.first_name.as_str(), m.rank.as_deref()))
        .collect();
    assert_eq!(roles, [("Alice", None), ("Demo", Some("Moderator"))]);
}

#[tokio::test]
async fn the_admin_log_pages_newest_first() {
    let b = backend().await;
    for s in [10, 30, 60] {
        b.set_slow_mode(RUST, s).await.unwrap();
    }
    let first = b.get_admin_log(RUST, None, &page(2, None)).await.unwrap();
    let texts: Vec<&str> = first.items.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(texts, ["set slow mode to 60 s", "set slow mode to 30 s"]);
    let rest = b
        .get_admin_log(RUST, None, &page(2, first.next_cursor))
        .await
        .unwrap();
    assert_eq!(rest.items[0].action, "set slow mode to 10 s");
    assert!(rest.next_cursor.is_none());
    // Setting what is already set changes nothing and is no error.
    b.set_slow_mode(RUST, 60).await.unwrap();
    let err = b.set_slow_mode(RUST, 45).await.unwrap_err();
    assert!(err.to_string().contains("slow mode takes one of"), "{err}");
}

#[tokio::test]
async fn refusals_name_the_missing_right_and_nothing_changes() {
    let b = backend().await;
    let err = b
        .set_admin_rights(
            "@tgmcp_community_demo",
            "@bob_demo",
            Some(AdminRights {
                pin_messages: true,
                ..AdminRights::default()
            }),
            None,
        )
        .await
        .unwrap_err();
    // A moderator without add_admins may not promote.
    assert!(
        err.to_string()
            .contains("not an admin of \"@tgmcp_community_demo\"")
            && err.to_string().contains("CHAT_ADMIN_REQUIRED"),
        "{err}"
    );
    let err = b
        .ban_user("@tgmcp_community_demo", "@alice_demo", None)
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("USER_ADMIN_INVALID"),
        "the creator: {err}"
    );
    let err = b.ban_user(RUST, "@bob_demo", Some(-5)).await.unwrap_err();
    assert!(matches!(err, TelegramError::InvalidArgs(_)), "{err}");
    let untouched = account(&b).read(|a| {
        a.members_of(Peer::Channel(1_700_000_003))
            .iter()
            .filter(|m| matches!(m.role, Role::Admin(_) | Role::Creator))
            .count()
    });
    assert_eq!(untouched, 2);
}

#[tokio::test]
async fn restrictions_and_defaults_reach_the_account() {
    let b = backend().await;
    let perms = ChatPermissions {
        send_media: false,
        ..ChatPermissions::default()
    };
    b.restrict_user(RUST, "@bob_demo", &perms, Some(1_900_000_000))
        .await
        .unwrap();
    let bob = account(&b).read(|a| {
        a.members_of(RUST_PEER)
            .into_iter()
            .find(|m| m.user == 200_000_002)
    });
    match bob.map(|m| m.role) {
        Some(Role::Banned(r)) => {
            assert!(r.send_media && r.send_photos && !r.send_plain && !r.view_messages);
            assert_eq!(r.until_date, 1_900_000_000);
        }
        other => panic!("{other:?}"),
    }
    b.unban_user(RUST, "@bob_demo").await.unwrap();
    let bob = account(&b).read(|a| {
        a.members_of(RUST_PEER)
            .into_iter()
            .find(|m| m.user == 200_000_002)
            .map(|m| m.role)
    });
    assert_eq!(
        bob,
        Some(Role::Member),
        "lifting a restriction keeps them in"
    );
    b.set_default_permissions("Weekend Hikers", &perms)
        .await
        .unwrap();
    let set = account(&b).read(|a| {
        a.ext
            .groups
            .default_rights
            .get(&Peer::Chat(4_000_000_001))
            .map(|r| r.send_media)
    });
    assert_eq!(set, Some(true));
}
