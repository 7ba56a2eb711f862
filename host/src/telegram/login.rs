//! `tgmcp login`: phone, code, 2FA password or QR code -> a session string.
//!
//! The sign-in calls are made here on raw TL, as the official apps make them,
//! not through grammers' helpers: those panic on answers a real account can
//! get (`auth.sentCodePaymentRequired`, a password record without SRP fields)
//! and retry a wrong password with the same SRP challenge, which Telegram
//! accepts only once (Telethon and Pyrogram fetch `account.getPassword`
//! before every attempt; so do we). QR login waits for Telegram's
//! `updateLoginToken` instead of polling.
//!
//! (Over 400 lines: the phone, 2FA and QR flows share the raw sign-in calls
//! and their error explanations; one flow per file would repeat them.)

use std::sync::Arc;
use std::time::Duration;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use grammers_client::peer::User;
use grammers_client::session::storages::MemorySession;
use grammers_client::session::Session;
use grammers_client::tl;
use grammers_client::{Client, InvocationError};

use super::grammers::{login_client, map_error, UpdatesRx};
use super::proxy::Proxy;
use super::session::{encode, SessionData, SessionFormat};

/// Why login failed.
#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    #[error("could not read your answer: {0}")]
    Input(#[from] std::io::Error),
    #[error("{0}")]
    Unreachable(String),
    #[error("{0}")]
    Proxy(#[from] super::proxy::ProxyError),
    #[error("Telegram refused: {0}")]
    Telegram(String),
    #[error("cannot reach Telegram ({0}); check the network (or TGMCP_PROXY) and run `tgmcp login` again")]
    Network(String),
    #[error(
        "this phone number has no Telegram account yet; sign up in an official Telegram app first"
    )]
    SignUpRequired,
    #[error("too many wrong codes or passwords; run `tgmcp login` again")]
    TooManyAttempts,
    #[error("the login code expired; run `tgmcp login` again and type the new code")]
    CodeExpired,
    #[error("Telegram asks for a payment before it sends a login code to this number; sign in with `tgmcp login --qr` instead (scan the code in a Telegram app where you are logged in)")]
    PaymentRequired,
    #[error("the QR code was not scanned in time; run `tgmcp login --qr` again")]
    QrTimeout,
}

fn login_err(e: InvocationError) -> LoginError {
    match map_error(e) {
        super::TelegramError::Disconnected(why) => LoginError::Network(why),
        other => LoginError::Telegram(other.to_string()),
    }
}

fn rpc_is(e: &InvocationError, name: &str) -> bool {
    matches!(e, InvocationError::Rpc(r) if r.name == name)
}

/// Asks the user something; `secret` answers are not echoed.
pub trait Ask {
    fn ask(&mut self, question: &str, secret: bool) -> std::io::Result<String>;
    fn say(&mut self, line: &str);
}

/// What login connects with.
#[derive(Clone)]
pub struct LoginOptions {
    pub api_id: i32,
    pub api_hash: String,
    /// A SOCKS5 proxy URL (`TGMCP_PROXY`), resolved to an IP address.
    pub proxy: Option<String>,
}

/// Telegram's first data center as grammers knows it (where login starts).
pub fn first_dc() -> std::net::SocketAddr {
    let fallback = std::net::SocketAddr::from(([149, 154, 167, 51], 443));
    MemorySession::default()
        .dc_option(2)
        .ok()
        .flatten()
        .map_or(fallback, |o| std::net::SocketAddr::V4(o.ipv4))
}

/// Checks that Telegram answers MTProto (through the proxy when set) before
/// any question is asked: on a network that blocks or filters it, say so first.
pub async fn check_reachable(proxy: Option<&Proxy>) -> Result<(), LoginError> {
    super::proxy::check_reachable(first_dc(), proxy, Duration::from_secs(10))
        .await
        .map_err(LoginError::Unreachable)
}

/// Signs in interactively by phone code and returns the new session string
/// (tgmcp format) and the account's name.
pub async fn login(opts: &LoginOptions, io: &mut dyn Ask) -> Result<(String, String), LoginError> {
    login_on(Arc::new(MemorySession::default()), opts, io).await
}

/// [`login`] on a given session (tests point it at the local server).
pub async fn login_on(
    session: Arc<MemorySession>,
    opts: &LoginOptions,
    io: &mut dyn Ask,
) -> Result<(String, String), LoginError> {
    let (client, _updates) = login_client(session.clone(), opts.api_id, opts.proxy.clone());
    let phone = io.ask(
        "Phone number (international format, e.g. +44 7700 900123): ",
        false,
    )?;
    let phone: String = phone
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect();
    let hash = match send_code(&client, &session, &phone, opts).await? {
        Sent::Code(hash) => hash,
        Sent::Done(user) => return finish(&session, &user).await,
    };
    io.say("Telegram sent you a login code (in the Telegram app, or by SMS).");
    for _ in 0..3 {
        let code = io.ask("Code: ", false)?;
        let req = tl::functions::auth::SignIn {
            phone_number: phone.clone(),
            phone_code_hash: hash.clone(),
            phone_code: Some(code.trim().to_string()),
            email_verification: None,
        };
        match client.invoke(&req).await {
            Ok(a) => {
                let user = authorized_user(&client, a)?;
                return finish(&session, &user).await;
            }
            Err(e) if rpc_is(&e, "SESSION_PASSWORD_NEEDED") => {
                let user = ask_password(&client, io).await?;
                return finish(&session, &user).await;
            }
            Err(e) if rpc_is(&e, "PHONE_CODE_INVALID") || rpc_is(&e, "PHONE_CODE_EMPTY") => {
                io.say("That code is not right; try again.")
            }
            Err(e) if rpc_is(&e, "PHONE_CODE_EXPIRED") => return Err(LoginError::CodeExpired),
            Err(e) => return Err(login_err(e)),
        }
    }
    Err(LoginError::TooManyAttempts)
}

/// What `auth.sendCode` led to.
enum Sent {
    /// A code was sent; its hash.
    Code(String),
    /// Already signed in (Telegram answered `auth.sentCodeSuccess`).
    Done(Box<User>),
}

async fn send_code(
    client: &Client,
    session: &MemorySession,
    phone: &str,
    opts: &LoginOptions,
) -> Result<Sent, LoginError> {
    use tl::enums::auth::SentCode as SC;
    let req = tl::functions::auth::SendCode {
        phone_number: phone.to_string(),
        api_id: opts.api_id,
        api_hash: opts.api_hash.clone(),
        settings: tl::types::CodeSettings {
            allow_flashcall: false,
            current_number: false,
            allow_app_hash: false,
            allow_missed_call: false,
            allow_firebase: false,
            logout_tokens: None,
            token: None,
            app_sandbox: None,
            unknown_number: false,
        }
        .into(),
    };
    let mut answer = client.invoke(&req).await;
    // PHONE_MIGRATE_X: the account lives in DC X; ask there (once).
    if let Err(InvocationError::Rpc(r)) = &answer {
        if r.code == 303 {
            let dc = r
                .value
                .ok_or_else(|| LoginError::Telegram(format!("{} without a DC number", r.name)))?;
            session
                .set_home_dc_id(dc as i32)
                .await
                .map_err(|e| LoginError::Telegram(e.to_string()))?;
            answer = client.invoke(&req).await;
        }
    }
    match answer {
        Ok(SC::Code(c)) => Ok(Sent::Code(c.phone_code_hash)),
        Ok(SC::Success(s)) => Ok(Sent::Done(Box::new(authorized_user(
            client,
            s.authorization,
        )?))),
        Ok(SC::PaymentRequired(_)) => Err(LoginError::PaymentRequired),
        Err(e) if rpc_is(&e, "PHONE_NUMBER_INVALID") => Err(LoginError::Telegram(
            "PHONE_NUMBER_INVALID: type the number with its country code, e.g. +44 7700 900123"
                .into(),
        )),
        Err(e) => Err(login_err(e)),
    }
}

/// The session string of a signed-in session, and the account's name.
async fn finish(session: &MemorySession, user: &User) -> Result<(String, String), LoginError> {
    let dc = session
        .home_dc_id()
        .map_err(|e| LoginError::Telegram(e.to_string()))?;
    let opt = session
        .dc_option(dc)
        .map_err(|e| LoginError::Telegram(e.to_string()))?
        .and_then(|o| o.auth_key.map(|k| (o.ipv4, k)))
        .ok_or_else(|| LoginError::Telegram("no authorization key after sign-in".into()))?;
    let data = SessionData {
        format: SessionFormat::Tgmcp,
        dc_id: dc,
        addr: Some(std::net::SocketAddr::V4(opt.0)),
        auth_key: opt.1,
        user_id: user.id().bot_api_dialog_id(),
    };
    Ok((encode(&data), user.full_name()))
}

/// The SRP parameters of `account.getPassword`, checked before use.
struct Srp {
    salt1: Vec<u8>,
    salt2: Vec<u8>,
    p: Vec<u8>,
    g: i32,
    g_b: Vec<u8>,
    id: i64,
    hint: Option<String>,
}

fn srp_of(pw: tl::types::account::Password) -> Result<Srp, LoginError> {
    use tl::enums::PasswordKdfAlgo as Algo;
    let odd = |what: &str| {
        LoginError::Telegram(format!(
            "two-step verification answered without {what}; update tgmcp or sign in with --qr"
        ))
    };
    let Some(Algo::Sha256Sha256Pbkdf2Hmacsha512iter100000Sha256ModPow(algo)) = pw.current_algo
    else {
        return Err(odd("a password algorithm tgmcp knows"));
    };
    let srp = Srp {
        g_b: pw.srp_b.ok_or_else(|| odd("srp_B"))?,
        id: pw.srp_id.ok_or_else(|| odd("srp_id"))?,
        hint: pw.hint,
        salt1: algo.salt1,
        salt2: algo.salt2,
        p: algo.p,
        g: algo.g,
    };
    // grammers' check panics on a generator outside 2..=7; refuse it first.
    let sound =
        (2..=7).contains(&srp.g) && grammers_crypto::two_factor_auth::check_p_and_g(&srp.p, &srp.g);
    if !sound || srp.g_b.len() > 256 {
        return Err(odd("safe SRP parameters"));
    }
    Ok(srp)
}

/// Asks for the two-step verification password, three tries, with a fresh
/// SRP challenge for each (Telegram accepts one answer per challenge).
async fn ask_password(client: &Client, io: &mut dyn Ask) -> Result<User, LoginError> {
    for _ in 0..3 {
        let tl::enums::account::Password::Password(pw) = client
            .invoke(&tl::functions::account::GetPassword {})
            .await
            .map_err(login_err)?;
        let srp = srp_of(pw)?;
        let hint = srp
            .hint
            .as_deref()
            .map(|h| format!(" (hint: {h})"))
            .unwrap_or_default();
        let pw = io.ask(&format!("Two-step verification password{hint}: "), true)?;
        let mut a = vec![0u8; 256];
        rand::fill(&mut a[..]);
        let (m1, g_a) = grammers_crypto::two_factor_auth::calculate_2fa(
            &srp.salt1,
            &srp.salt2,
            &srp.p,
            &srp.g,
            srp.g_b,
            a,
            pw.trim_end_matches(['\r', '\n']),
        );
        let check = tl::functions::auth::CheckPassword {
            password: tl::types::InputCheckPasswordSrp {
                srp_id: srp.id,
                a: g_a.to_vec(),
                m1: m1.to_vec(),
            }
            .into(),
        };
        match client.invoke(&check).await {
            Ok(a) => return authorized_user(client, a),
            Err(e) if rpc_is(&e, "PASSWORD_HASH_INVALID") => io.say("Wrong password; try again."),
            Err(e) => return Err(login_err(e)),
        }
    }
    Err(LoginError::TooManyAttempts)
}

/// The user of a successful authorization.
fn authorized_user(client: &Client, a: tl::enums::auth::Authorization) -> Result<User, LoginError> {
    match a {
        tl::enums::auth::Authorization::Authorization(a) => Ok(User::from_raw(client, a.user)),
        tl::enums::auth::Authorization::SignUpRequired(_) => Err(LoginError::SignUpRequired),
    }
}

/// The `tg://login` link a QR code carries.
pub fn qr_link(token: &[u8]) -> String {
    format!("tg://login?token={}", URL_SAFE_NO_PAD.encode(token))
}

/// How long a whole QR login may take.
const QR_DEADLINE: Duration = Duration::from_secs(300);

/// Signs in by QR code: the Telegram app on a logged-in phone scans it
/// (Settings → Devices → Link Desktop Device). `show` draws a link as a QR code.
pub async fn login_qr(
    opts: &LoginOptions,
    io: &mut dyn Ask,
    show: &mut dyn FnMut(&str),
) -> Result<(String, String), LoginError> {
    login_qr_on(Arc::new(MemorySession::default()), opts, io, show).await
}

/// [`login_qr`] on a given session (tests point it at the local server).
pub async fn login_qr_on(
    session: Arc<MemorySession>,
    opts: &LoginOptions,
    io: &mut dyn Ask,
    show: &mut dyn FnMut(&str),
) -> Result<(String, String), LoginError> {
    let (client, mut updates) = login_client(session.clone(), opts.api_id, opts.proxy.clone());
    let export = tl::functions::auth::ExportLoginToken {
        api_id: opts.api_id,
        api_hash: opts.api_hash.clone(),
        except_ids: Vec::new(),
    };
    let deadline = tokio::time::Instant::now() + QR_DEADLINE;
    let mut shown: Option<Vec<u8>> = None;
    let user = loop {
        if tokio::time::Instant::now() > deadline {
            return Err(LoginError::QrTimeout);
        }
        match client.invoke(&export).await {
            Ok(tl::enums::auth::LoginToken::Token(t)) => {
                if shown.as_ref() != Some(&t.token) {
                    show(&qr_link(&t.token));
                    shown = Some(t.token);
                }
                // Telegram pushes updateLoginToken once the code is scanned;
                // otherwise a new token is due when this one expires.
                let left = i64::from(t.expires) - now_secs();
                let wait = Duration::from_secs(left.clamp(1, 30) as u64);
                wait_for_scan(
                    &mut updates,
                    wait.min(deadline - tokio::time::Instant::now()),
                )
                .await;
            }
            Ok(tl::enums::auth::LoginToken::Success(s)) => {
                break authorized_user(&client, s.authorization)?
            }
            Ok(tl::enums::auth::LoginToken::MigrateTo(m)) => {
                // The account lives in another data center: finish there and make it home.
                let import = tl::functions::auth::ImportLoginToken { token: m.token };
                session
                    .set_home_dc_id(m.dc_id)
                    .await
                    .map_err(|e| LoginError::Telegram(e.to_string()))?;
                match client.invoke_in_dc(m.dc_id, &import).await {
                    Ok(tl::enums::auth::LoginToken::Success(s)) => {
                        break authorized_user(&client, s.authorization)?
                    }
                    Ok(_) => {
                        return Err(LoginError::Telegram(
                            "unexpected answer to auth.importLoginToken".into(),
                        ))
                    }
                    Err(e) if rpc_is(&e, "SESSION_PASSWORD_NEEDED") => {
                        break ask_password(&client, io).await?
                    }
                    Err(e) => return Err(login_err(e)),
                }
            }
            Err(e) if rpc_is(&e, "SESSION_PASSWORD_NEEDED") => {
                break ask_password(&client, io).await?
            }
            Err(e) => return Err(login_err(e)),
        }
    };
    finish(&session, &user).await
}

fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Waits up to `wait` for `updateLoginToken` (the code was scanned).
async fn wait_for_scan(updates: &mut UpdatesRx, wait: Duration) {
    use grammers_client::session::updates::UpdatesLike;
    use tl::enums::{Update, Updates};
    let scanned = |u: &UpdatesLike| match u {
        UpdatesLike::Updates(Updates::UpdateShort(s)) => matches!(s.update, Update::LoginToken),
        UpdatesLike::Updates(Updates::Updates(u)) => {
            u.updates.iter().any(|u| matches!(u, Update::LoginToken))
        }
        _ => false,
    };
    let _ = tokio::time::timeout(wait, async {
        while let Some(u) = updates.recv().await {
            if scanned(&u) {
                return;
            }
        }
        // The channel closed (the runner stopped): wait out the time, and
        // let the next export say what is wrong.
        std::future::pending::<()>().await
    })
    .await;
}

#[cfg(test)]
#[path = "login_tests.rs"]
mod tests;
