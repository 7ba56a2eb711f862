//! `tgmcp login` against the local MTProto server, signed out: codes, two-step
//! verification with a wrong password first, payment-required and QR login.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;

use grammers_client::session::storages::MemorySession;

use super::*;
use crate::telegram::grammers::memory_session;
use crate::telegram::session;

/// Scripted answers; remembers what was said and asked.
#[derive(Default)]
struct Script {
    answers: VecDeque<String>,
    asked: Vec<String>,
    said: Vec<String>,
}

impl Script {
    fn new(answers: &[&str]) -> Self {
        Script {
            answers: answers.iter().map(|a| a.to_string()).collect(),
            ..Script::default()
        }
    }
}

impl Ask for Script {
    fn ask(&mut self, question: &str, _secret: bool) -> std::io::Result<String> {
        self.asked.push(question.to_string());
        self.answers
            .pop_front()
            .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "no more"))
    }
    fn say(&mut self, line: &str) {
        self.said.push(line.to_string());
    }
}

/// A signed-out local server and a session holding its (unauthorized) key.
async fn signed_out() -> (fakegram::Server, Arc<MemorySession>) {
    let opts = fakegram::Options {
        signed_out: true,
        ..Default::default()
    };
    let tg = fakegram::Server::start_with(fakegram::Account::demo(), opts)
        .await
        .unwrap();
    let data = session::decode(&tg.telethon_session()).unwrap();
    let s = Arc::new(memory_session(&data).await.unwrap());
    (tg, s)
}

fn opts() -> LoginOptions {
    LoginOptions {
        api_id: 1,
        api_hash: "0123456789abcdef0123456789abcdef".into(),
        proxy: None,
    }
}

/// The session string works: the backend on it reads the account.
async fn signed_in_as_demo(tg: &fakegram::Server, session_string: &str) {
    assert!(tg.login().state().signed_in);
    let data = session::decode(session_string).unwrap();
    assert_eq!(data.auth_key, tg.auth_key());
    assert_eq!(data.user_id, Some(fakegram::ME_ID));
}

#[tokio::test]
async fn a_code_signs_in_after_a_typo() {
    let (tg, s) = signed_out().await;
    let mut io = Script::new(&["+1 555 000 1", "11111", fakegram::LOGIN_CODE]);
    let (string, name) = login_on(s, &opts(), &mut io).await.unwrap();
    assert!(!name.is_empty());
    assert!(
        io.said.iter().any(|l| l.contains("not right")),
        "{:?}",
        io.said
    );
    signed_in_as_demo(&tg, &string).await;
}

#[tokio::test]
async fn a_wrong_password_can_be_retyped() {
    let (tg, s) = signed_out().await;
    tg.login().set_password("correct horse", Some("horse"));
    let mut io = Script::new(&["+15550001", fakegram::LOGIN_CODE, "wrong", "correct horse"]);
    let (string, _) = login_on(s, &opts(), &mut io).await.unwrap();
    assert_eq!(tg.login().state().wrong_passwords, 1);
    assert!(io.asked.iter().any(|q| q.contains("(hint: horse)")));
    assert!(io.said.iter().any(|l| l.contains("Wrong password")));
    signed_in_as_demo(&tg, &string).await;
}

#[tokio::test]
async fn three_wrong_passwords_end_the_login_with_a_message() {
    let (tg, s) = signed_out().await;
    tg.login().set_password("pw", None);
    let mut io = Script::new(&["+15550001", fakegram::LOGIN_CODE, "a", "b", "c"]);
    let e = login_on(s, &opts(), &mut io).await.unwrap_err();
    assert!(matches!(e, LoginError::TooManyAttempts), "{e}");
    assert!(!tg.login().state().signed_in);
}

#[tokio::test]
async fn payment_required_says_to_use_qr_instead_of_panicking() {
    let (tg, s) = signed_out().await;
    tg.login().require_payment();
    let mut io = Script::new(&["+15550001"]);
    let e = login_on(s, &opts(), &mut io).await.unwrap_err();
    assert!(e.to_string().contains("--qr"), "{e}");
}

/// Runs a QR login; a phone scans once a code has been shown.
async fn qr_login(
    tg: &fakegram::Server,
    s: Arc<MemorySession>,
    answers: &[&str],
    before_scan: Duration,
) -> Result<(String, String), LoginError> {
    let mut io = Script::new(answers);
    let mut links = Vec::new();
    let o = opts();
    let mut show = |l: &str| links.push(l.to_string());
    let login = login_qr_on(s, &o, &mut io, &mut show);
    let scan = async {
        tokio::time::sleep(before_scan).await;
        for _ in 0..100 {
            if tg.login().scan_qr() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("no QR code was exported");
    };
    let (r, ()) = tokio::join!(login, scan);
    assert!(!links.is_empty() && links.iter().all(|l| l.starts_with("tg://login?token=")));
    r
}

#[tokio::test]
async fn qr_login_waits_for_the_scan_instead_of_polling() {
    let (tg, s) = signed_out().await;
    let (string, _) = qr_login(&tg, s, &[], Duration::from_secs(3)).await.unwrap();
    signed_in_as_demo(&tg, &string).await;
    // One export shows the code, one after updateLoginToken finishes: no
    // request every two seconds while the user finds their phone.
    assert_eq!(tg.faults().calls("auth.exportLoginToken"), 2);
}

#[tokio::test]
async fn qr_login_asks_for_the_password_when_the_account_has_one() {
    let (tg, s) = signed_out().await;
    tg.login().set_password("pw", None);
    let (string, _) = qr_login(&tg, s, &["pw"], Duration::ZERO).await.unwrap();
    signed_in_as_demo(&tg, &string).await;
}

#[tokio::test]
async fn a_signed_out_key_reads_nothing() {
    let (tg, s) = signed_out().await;
    let (client, _u) = crate::telegram::grammers::login_client(s, 1, None);
    let e = client
        .invoke(&grammers_client::tl::functions::updates::GetState {})
        .await
        .unwrap_err();
    assert!(e.to_string().contains("AUTH_KEY_UNREGISTERED"), "{e}");
    drop(tg);
}
