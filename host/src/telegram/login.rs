//! `tgmcp login`: phone, code, 2FA password -> a session string.

use std::sync::Arc;
use std::time::Duration;

use grammers_client::session::storages::MemorySession;
use grammers_client::session::Session;
use grammers_client::SignInError;

use super::real::{map_error, start_client};
use super::session::{encode, SessionData, SessionFormat};

/// Why login failed.
#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    #[error("could not read your answer: {0}")]
    Input(#[from] std::io::Error),
    #[error("Telegram refused: {0}")]
    Telegram(String),
    #[error(
        "this phone number has no Telegram account yet; sign up in an official Telegram app first"
    )]
    SignUpRequired,
    #[error("too many wrong codes or passwords; run `tgmcp login` again")]
    TooManyAttempts,
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
    let tg = |e| LoginError::Telegram(map_error(e).to_string());

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
    let mut password_token = None;
    for _ in 0..3 {
        let code = io.ask("Code: ", false)?;
        match client.sign_in(&token, code.trim()).await {
            Ok(u) => {
                user = Some(u);
                break;
            }
            Err(SignInError::InvalidCode) => io.say("That code is not right; try again."),
            Err(SignInError::PasswordRequired(t)) => {
                password_token = Some(t);
                break;
            }
            Err(SignInError::SignUpRequired) => return Err(LoginError::SignUpRequired),
            Err(SignInError::InvalidPassword(_)) => return Err(LoginError::TooManyAttempts),
            Err(SignInError::Other(e)) => return Err(tg(e)),
        }
    }
    if user.is_none() {
        let mut token = password_token.ok_or(LoginError::TooManyAttempts)?;
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
                Ok(u) => {
                    user = Some(u);
                    break;
                }
                Err(SignInError::InvalidPassword(t)) => {
                    io.say("Wrong password; try again.");
                    token = t;
                }
                Err(SignInError::Other(e)) => return Err(tg(e)),
                Err(_) => return Err(LoginError::TooManyAttempts),
            }
        }
    }
    let user = user.ok_or(LoginError::TooManyAttempts)?;
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
