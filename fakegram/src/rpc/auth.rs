//! auth.* and account.getPassword: signing in by code, 2FA and QR token.

use grammers_tl_types::{enums, functions as f, types};

use super::{Ctx, RpcErr};
use crate::convert;
use crate::login::{p_bytes, G, LOGIN_CODE};
use crate::wire::now_secs;

const CODE_HASH: &str = "fakegram-code-hash";

/// Methods a signed-out key may call (anything else: AUTH_KEY_UNREGISTERED).
pub(crate) const SIGNED_OUT_METHODS: &[u32] = &[
    f::help::GetConfig::CONSTRUCTOR_ID,
    f::help::GetNearestDc::CONSTRUCTOR_ID,
    f::auth::SendCode::CONSTRUCTOR_ID,
    f::auth::SignIn::CONSTRUCTOR_ID,
    f::auth::CheckPassword::CONSTRUCTOR_ID,
    f::auth::ExportLoginToken::CONSTRUCTOR_ID,
    f::account::GetPassword::CONSTRUCTOR_ID,
];

use grammers_tl_types::Identifiable as _;

fn authorization(ctx: &Ctx) -> enums::auth::Authorization {
    types::auth::Authorization {
        setup_password_required: false,
        otherwise_relogin_days: None,
        tmp_sessions: None,
        future_auth_token: None,
        user: convert::user(&ctx.acc.me, &ctx.acc.me),
    }
    .into()
}

pub(crate) fn send_code(
    ctx: &mut Ctx,
    req: f::auth::SendCode,
) -> Result<enums::auth::SentCode, RpcErr> {
    if req.phone_number.trim_start_matches('+').is_empty() {
        return Err(RpcErr::bad("PHONE_NUMBER_INVALID"));
    }
    if ctx.sh.login().payment_required {
        return Ok(types::auth::SentCodePaymentRequired {
            store_product: "org.telegram.telegramPremium.oneWeek.auth".into(),
            phone_code_hash: CODE_HASH.into(),
            support_email_address: "sms@telegram.org".into(),
            support_email_subject: "login".into(),
            premium_days: 7,
            currency: "USD".into(),
            amount: 199,
        }
        .into());
    }
    Ok(types::auth::SentCode {
        r#type: types::auth::SentCodeTypeApp {
            length: LOGIN_CODE.len() as i32,
        }
        .into(),
        phone_code_hash: CODE_HASH.into(),
        next_type: None,
        timeout: None,
    }
    .into())
}

pub(crate) fn sign_in(
    ctx: &mut Ctx,
    req: f::auth::SignIn,
) -> Result<enums::auth::Authorization, RpcErr> {
    if req.phone_code_hash != CODE_HASH {
        return Err(RpcErr::bad("PHONE_CODE_HASH_EMPTY"));
    }
    if req.phone_code.as_deref() != Some(LOGIN_CODE) {
        return Err(RpcErr::bad("PHONE_CODE_INVALID"));
    }
    let mut login = ctx.sh.login();
    if login.password.is_some() {
        return Err(RpcErr::new(401, "SESSION_PASSWORD_NEEDED"));
    }
    login.signed_in = true;
    drop(login);
    Ok(authorization(ctx))
}

pub(crate) fn get_password(
    ctx: &mut Ctx,
    _: f::account::GetPassword,
) -> Result<enums::account::Password, RpcErr> {
    let mut login = ctx.sh.login();
    let challenge = login.new_challenge();
    let algo = || {
        types::PasswordKdfAlgoSha256Sha256Pbkdf2Hmacsha512iter100000Sha256ModPow {
            salt1: login.salt1.clone(),
            salt2: login.salt2.clone(),
            g: G,
            p: p_bytes(),
        }
        .into()
    };
    Ok(types::account::Password {
        has_recovery: false,
        has_secure_values: false,
        has_password: challenge.is_some(),
        current_algo: challenge.as_ref().map(|_| algo()),
        srp_b: challenge.as_ref().map(|c| c.g_b.clone()),
        srp_id: challenge.as_ref().map(|c| c.id),
        hint: login.hint.clone(),
        email_unconfirmed_pattern: None,
        new_algo: algo(),
        new_secure_algo: enums::SecurePasswordKdfAlgo::Unknown,
        secure_random: rand::random::<[u8; 32]>().to_vec(),
        pending_reset_date: None,
        login_email_pattern: None,
    }
    .into())
}

pub(crate) fn check_password(
    ctx: &mut Ctx,
    req: f::auth::CheckPassword,
) -> Result<enums::auth::Authorization, RpcErr> {
    let enums::InputCheckPasswordSrp::Srp(srp) = req.password else {
        return Err(RpcErr::bad("PASSWORD_HASH_INVALID"));
    };
    ctx.sh
        .login()
        .check(srp.srp_id, &srp.a, &srp.m1)
        .map_err(RpcErr::bad)?;
    Ok(authorization(ctx))
}

pub(crate) fn export_login_token(
    ctx: &mut Ctx,
    _: f::auth::ExportLoginToken,
) -> Result<enums::auth::LoginToken, RpcErr> {
    let mut login = ctx.sh.login();
    if login.qr_scanned {
        if login.password.is_some() && !login.signed_in {
            return Err(RpcErr::new(401, "SESSION_PASSWORD_NEEDED"));
        }
        login.signed_in = true;
        drop(login);
        return Ok(types::auth::LoginTokenSuccess {
            authorization: authorization(ctx),
        }
        .into());
    }
    let token = rand::random::<[u8; 16]>().to_vec();
    login.qr_token = Some(token.clone());
    Ok(types::auth::LoginToken {
        expires: now_secs() as i32 + 30,
        token,
    }
    .into())
}
