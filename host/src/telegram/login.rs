//! `tgmcp login`: phone, code, 2FA password -> a session string.

use std::sync::Arc;
use std::time::Duration;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use grammers_client::client::PasswordToken;
use grammers_client::peer::User;
use grammers_client::session::storages::MemorySession;
use grammers_client::session::Session;
use grammers_client::tl;
use grammers_client::{Client, InvocationError, SignInError};

use super::grammers::{map_error, start_client};
use super::session::{encode, SessionData, SessionFormat};

/// Why login failed.
#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    #[error("could not read your answer: {0}")]
    Input(#[from] std::io::Error),
    #[error("Telegram refused: {0}")]
    Telegram(String),
    #[error("cannot reach Telegram ({0}); check the network and run `tgmcp login` again")]
    Network(String),
    #[error(
        "this phone number has no Telegram account yet; sign up in an official Telegram app first"
    )]
    SignUpRequired,
    #[error("too many wrong codes or passwords; run `tgmcp login` again")]
    TooManyAttempts,
    #[error("the QR code was not scanned in time; run `tgmcp login --qr` again")]
    QrTimeout,
}

fn login_err(e: InvocationError) -> LoginError {
    match map_error(e) {
        super::TelegramError::Disconnected(why) => LoginError::Network(why),
        other => LoginError::Telegram(other.to_string()),
    }
}

/// Asks the user something; `secret` answers are not echoed.
pub trait Ask {
    fn ask(&mut self, question: &str, secret: bool) -> std::io::Result<String>;
    fn say(&mut self, line: &str);
}

/// Signs in interactively and returns the new session string (tgmcp format).
pub async fn login(
    api_id: i32,
    api_hash: &str,
    io: &mut dyn Ask,
) -> Result<(String, String), LoginError> {
    let session = Arc::new(MemorySession::default());
    let client = start_client(session.clone(), api_id, Duration::from_secs(10));
    let tg = login_err;

    let phone = io.ask(
        "Phone number (international format, e.g. +44 7700 900123): ",
        false,
    )?;
    let phone: String = phone
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect();
    let token = client
        .request_login_code(&phone, api_hash)
        .await
        .map_err(tg)?;
    io.say("Telegram sent you a login code (in the Telegram app, or by SMS).");

    let mut user = None;
    for _ in 0..3 {
        let code = io.ask("Code: ", false)?;
        match client.sign_in(&token, code.trim()).await {
            Ok(u) => {
                user = Some(u);
                break;
            }
            Err(SignInError::InvalidCode) => io.say("That code is not right; try again."),
            Err(SignInError::PasswordRequired(t)) => {
                user = Some(ask_password(&client, t, io).await?);
                break;
            }
            Err(SignInError::SignUpRequired) => return Err(LoginError::SignUpRequired),
            Err(SignInError::InvalidPassword(_)) => return Err(LoginError::TooManyAttempts),
            Err(SignInError::Other(e)) => return Err(tg(e)),
        }
    }
    let user = user.ok_or(LoginError::TooManyAttempts)?;
    finish(&session, &user).await
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

/// Two-step verification after a QR scan: a password token from `account.getPassword`.
async fn qr_password(client: &Client, io: &mut dyn Ask) -> Result<User, LoginError> {
    let tl::enums::account::Password::Password(pw) = client
        .invoke(&tl::functions::account::GetPassword {})
        .await
        .map_err(login_err)?;
    ask_password(client, PasswordToken::new(pw), io).await
}

/// Asks for the two-step verification password, three tries.
async fn ask_password(
    client: &Client,
    mut token: PasswordToken,
    io: &mut dyn Ask,
) -> Result<User, LoginError> {
    for _ in 0..3 {
        let hint = token
            .hint()
            .map(|h| format!(" (hint: {h})"))
            .unwrap_or_default();
        let pw = io.ask(&format!("Two-step verification password{hint}: "), true)?;
        match client
            .check_password(token, pw.trim_end_matches(['\r', '\n']))
            .await
        {
            Ok(u) => return Ok(u),
            Err(SignInError::InvalidPassword(t)) => {
                io.say("Wrong password; try again.");
                token = t;
            }
            Err(SignInError::Other(e)) => return Err(login_err(e)),
            Err(_) => return Err(LoginError::TooManyAttempts),
        }
    }
    Err(LoginError::TooManyAttempts)
}

/// The user of a successful QR authorization.
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

/// Signs in by QR code: the Telegram app on a logged-in phone scans it
/// (Settings → Devices → Link Desktop Device). `show` draws a link as a QR code.
pub async fn login_qr(
    api_id: i32,
    api_hash: &str,
    io: &mut dyn Ask,
    show: &mut dyn FnMut(&str),
) -> Result<(String, String), LoginError> {
    let session = Arc::new(MemorySession::default());
    let client = start_client(session.clone(), api_id, Duration::from_secs(10));
    let tg = login_err;
    let export = tl::functions::auth::ExportLoginToken {
        api_id,
        api_hash: api_hash.to_string(),
        except_ids: Vec::new(),
    };
    let deadline = tokio::time::Instant::now() + Duration::from_secs(300);
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
                tokio::time::sleep(Duration::from_secs(2)).await;
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
                    Err(InvocationError::Rpc(r)) if r.name == "SESSION_PASSWORD_NEEDED" => {
                        break qr_password(&client, io).await?
                    }
                    Err(e) => return Err(tg(e)),
                }
            }
            Err(InvocationError::Rpc(r)) if r.name == "SESSION_PASSWORD_NEEDED" => {
                break qr_password(&client, io).await?
            }
            Err(e) => return Err(tg(e)),
        }
    };
    finish(&session, &user).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qr_links_carry_the_token_base64url() {
        assert_eq!(qr_link(&[1, 2, 3, 250, 251]), "tg://login?token=AQID-vs");
        assert!(qrcode::QrCode::new(qr_link(&[7u8; 32]).as_bytes()).is_ok());
    }
}
