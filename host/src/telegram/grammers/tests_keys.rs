//! A session string whose key the server does not know (revoked, or made
//! for another server): at Telegram the server answers transport error 404,
//! grammers makes a new key by key exchange and the first call gets
//! AUTH_KEY_UNREGISTERED. tgmcp must say the session is invalid and to run
//! `tgmcp login` — not that Telegram is unreachable.

use super::*;

#[tokio::test]
async fn an_unknown_session_key_asks_for_tgmcp_login_not_unreachable() {
    let server = fakegram::Server::start(fakegram::Account::demo())
        .await
        .unwrap();
    let mut data = session::decode(&server.telethon_session()).unwrap();
    data.auth_key = rand::random();
    let b = GrammersBackend::new(
        &data,
        LinkOptions::local(Duration::from_secs(5)),
        Some(server),
        false,
    )
    .await
    .unwrap();
    let e = b.get_me().await.unwrap_err();
    assert!(matches!(e, TelegramError::SessionInvalid(_)), "{e:?}");
    assert!(e.to_string().contains("tgmcp login"), "{e}");
    assert_eq!(b.state(), ConnectionState::SessionInvalid);
    // Later calls fail at once with the same advice.
    let again = b.get_history("@alice_demo", 5, None).await.unwrap_err();
    assert!(
        matches!(again, TelegramError::SessionInvalid(_)),
        "{again:?}"
    );
}
