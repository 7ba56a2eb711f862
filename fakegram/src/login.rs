//! Signing in on the local server: phone code, two-step verification (SRP,
//! computed server-side as Telegram does) and QR login tokens. A server
//! started with [`crate::Options::signed_out`] answers only these methods
//! (and the config) until a sign-in succeeds, like a fresh key at Telegram.

use hmac::Hmac;
use num_bigint::BigUint;
use sha2::Digest;
use sha2_11::Sha512;

/// The login code the server "sends" (what a user would type).
pub const LOGIN_CODE: &str = "12345";

/// Telegram's 2048-bit safe prime for SRP (and DH), with g = 3.
const P_HEX: &str = "c71caeb9c6b1c9048e6c522f70f13f73980d40238e3e21c14934d037563d930f48198a0aa7c14058229493d22530f4dbfa336f6e0ac925139543aed44cce7c3720fd51f69458705ac68cd4fe6b6b13abdc9746512969328454f18faf8c595f642477fe96bb2a941d5bcd1d4ac8cc49880708fa9b378e3c4f3a9060bee67cf9a4a4a695811051907e162753b56b0f6b410dba74d8a84b2a14b3144e0ef1284754fd17ed950d5965b4b9dd46582db1178d169c6bc465b0d6ff9ca3928fef5b9ae4e418fc15e83ebea0f87fa9ff5eed70050ded2849f47bf959d956850ce929851f0d8115f635b105ee2e4e15d04b2454bf6f4fadf034b10403119cd8e3b92fcc5b";
/// SRP generator.
pub(crate) const G: i32 = 3;

/// The prime as bytes.
pub(crate) fn p_bytes() -> Vec<u8> {
    (0..P_HEX.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&P_HEX[i..i + 2], 16).unwrap_or(0))
        .collect()
}

/// One outstanding SRP challenge (single use, as at Telegram).
#[derive(Clone)]
pub(crate) struct Challenge {
    pub id: i64,
    pub b: BigUint,
    pub g_b: Vec<u8>,
}

/// Sign-in state of the server's one authorization key.
#[derive(Clone, Default)]
pub struct Login {
    /// Whether the key is signed in (the account's methods answer).
    pub signed_in: bool,
    /// The two-step verification password, if the account has one.
    pub password: Option<String>,
    /// Its hint.
    pub hint: Option<String>,
    /// Answer `auth.sendCode` with `auth.sentCodePaymentRequired`.
    pub payment_required: bool,
    pub(crate) salt1: Vec<u8>,
    pub(crate) salt2: Vec<u8>,
    pub(crate) challenge: Option<Challenge>,
    /// The QR token last exported, and whether a phone scanned it.
    pub(crate) qr_token: Option<Vec<u8>>,
    pub(crate) qr_scanned: bool,
    /// Wrong passwords so far (tests look at retries).
    pub wrong_passwords: u32,
}

fn h(parts: &[&[u8]]) -> [u8; 32] {
    let mut d = sha2::Sha256::new();
    for p in parts {
        d.update(p);
    }
    d.finalize().into()
}

fn pad256(b: &[u8]) -> Vec<u8> {
    let mut out = vec![0u8; 256usize.saturating_sub(b.len())];
    out.extend_from_slice(b);
    out
}

/// x = PH2(password, salt1, salt2) of core.telegram.org/api/srp.
fn ph2(password: &str, salt1: &[u8], salt2: &[u8]) -> BigUint {
    let sh = |data: &[u8], salt: &[u8]| h(&[salt, data, salt]);
    let ph1 = sh(&sh(password.as_bytes(), salt1), salt2);
    let mut dk = [0u8; 64];
    // Fixed sizes: the key length is valid for HMAC-SHA512, so this cannot fail.
    let _ = pbkdf2::pbkdf2::<Hmac<Sha512>>(&ph1, salt1, 100_000, &mut dk);
    BigUint::from_bytes_be(&sh(&dk, salt2))
}

impl Login {
    /// A signed-out key whose account has `password` (if any).
    pub(crate) fn new(signed_in: bool) -> Self {
        Login {
            signed_in,
            salt1: rand::random::<[u8; 8]>().to_vec(),
            salt2: rand::random::<[u8; 16]>().to_vec(),
            ..Login::default()
        }
    }

    fn v(&self, password: &str) -> BigUint {
        let p = BigUint::from_bytes_be(&p_bytes());
        BigUint::from(G as u32).modpow(&ph2(password, &self.salt1, &self.salt2), &p)
    }

    fn k() -> BigUint {
        let p = p_bytes();
        BigUint::from_bytes_be(&h(&[&p, &pad256(&[G as u8])]))
    }

    /// A fresh SRP challenge (what `account.getPassword` carries).
    pub(crate) fn new_challenge(&mut self) -> Option<Challenge> {
        let password = self.password.clone()?;
        let p = BigUint::from_bytes_be(&p_bytes());
        let b = BigUint::from_bytes_be(&rand::random::<[u8; 32]>());
        let g_b = (Self::k() * self.v(&password) + BigUint::from(G as u32).modpow(&b, &p)) % &p;
        let c = Challenge {
            id: rand::random::<i64>() | 1,
            b,
            g_b: pad256(&g_b.to_bytes_be()),
        };
        self.challenge = Some(c.clone());
        Some(c)
    }

    /// Checks `auth.checkPassword`: Err(name) as Telegram would answer.
    pub(crate) fn check(&mut self, srp_id: i64, g_a: &[u8], m1: &[u8]) -> Result<(), &'static str> {
        let Some(password) = self.password.clone() else {
            return Err("PASSWORD_EMPTY");
        };
        // A challenge answers one attempt: a retry must fetch a new one.
        let c = match self.challenge.take() {
            Some(c) if c.id == srp_id => c,
            _ => return Err("SRP_ID_INVALID"),
        };
        let p_b = p_bytes();
        let p = BigUint::from_bytes_be(&p_b);
        let g_a = pad256(g_a);
        let u = BigUint::from_bytes_be(&h(&[&g_a, &c.g_b]));
        let v = self.v(&password);
        let s = (BigUint::from_bytes_be(&g_a) * v.modpow(&u, &p)).modpow(&c.b, &p);
        let k = h(&[&pad256(&s.to_bytes_be())]);
        let hp = h(&[&p_b]);
        let hg = h(&[&pad256(&[G as u8])]);
        let xor: Vec<u8> = hp.iter().zip(hg.iter()).map(|(a, b)| a ^ b).collect();
        let expected = h(&[
            &xor,
            &h(&[&self.salt1]),
            &h(&[&self.salt2]),
            &g_a,
            &c.g_b,
            &k,
        ]);
        if expected.as_slice() == m1 {
            self.signed_in = true;
            Ok(())
        } else {
            self.wrong_passwords += 1;
            Err("PASSWORD_HASH_INVALID")
        }
    }
}
