//! `TGMCP_TELEGRAM_STATE_FILE`: what the account learned survives a restart
//! of tgmcp (a new backend over the same session string).

use super::tests_link::{logged as texts, until};
use super::*;
use fakegram::Peer;

const ALICE: i64 = 200_000_001;
/// The demo's public channel the account has not joined.
const RELEASES: &str = "-1001500000005";

/// A demo server and a state file path in a fresh directory.
async fn server_and_file() -> (fakegram::Server, tempfile::TempDir, std::path::PathBuf) {
    let s = fakegram::Server::start(fakegram::Account::demo())
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("telegram-state.json");
    (s, dir, file)
}

async fn start(s: &fakegram::Server, state: Option<&std::path::Path>) -> Arc<GrammersBackend> {
    let mut opts = LinkOptions::local(Duration::from_secs(5));
    opts.state_file = state.map(|p| p.to_path_buf());
    let creds = Credentials {
        api_id: 1,
        api_hash: "x".into(),
        session: s.telethon_session(),
    };
    let b = connect(creds, opts).await.unwrap();
    b.get_me().await.unwrap();
    b
}

#[tokio::test]
async fn a_chat_met_once_resolves_by_id_after_a_restart() {
    let (s, _dir, file) = server_and_file().await;
    let a = start(&s, Some(&file)).await;
    // Outside the dialogs: known only by its username, until now.
    let c = a.get_chat("@rust_releases_demo").await.unwrap();
    assert_eq!(c.id.to_string(), RELEASES);
    a.save_state().await;
    drop(a);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        !text.contains(&s.telethon_session()),
        "the session is not written"
    );

    let b = start(&s, Some(&file)).await;
    let c = b.get_chat(RELEASES).await.unwrap();
    assert_eq!(c.title, "Rust Releases");
    // Without the file the id is a stranger again.
    let fresh = start(&s, None).await;
    let e = fresh.get_chat(RELEASES).await.unwrap_err();
    assert!(matches!(e, TelegramError::ChatNotFound(..)), "{e:?}");
}

#[tokio::test]
async fn updates_resume_where_they_were_after_a_restart() {
    let (s, _dir, file) = server_and_file().await;
    let a = start(&s, Some(&file)).await;
    s.account()
        .deliver(Peer::User(ALICE), ALICE, "before the restart")
        .unwrap();
    until("the first update", || {
        texts(&a).contains(&"before the restart".into())
    })
    .await;
    a.save_state().await;
    drop(a);
    // While tgmcp is down.
    s.account()
        .deliver(Peer::User(ALICE), ALICE, "while it was down")
        .unwrap();
    let b = start(&s, Some(&file)).await;
    until("the missed update", || {
        texts(&b).contains(&"while it was down".into())
    })
    .await;
    // What the last run already logged is not replayed.
    assert!(
        !texts(&b).contains(&"before the restart".into()),
        "{:?}",
        texts(&b)
    );
}
