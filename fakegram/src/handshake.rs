//! Creating an authorization key by Diffie–Hellman exchange, as a DC does
//! (core.telegram.org/mtproto/auth_key), in plain (unencrypted) messages:
//! `req_pq_multi` → `resPQ`, `req_DH_params` → `server_DH_params_ok`,
//! `set_client_DH_params` → `dh_gen_ok`.
//!
//! The server's RSA key is a test key pair generated once for fakegram and
//! embedded below ([`RSA_PUBLIC_KEY_PEM`]): a client must be told it
//! (Telethon: `telethon.crypto.rsa.add_key(pem, old=False)`). grammers only
//! knows Telegram's own keys, so a grammers client cannot finish the
//! exchange here (its step 2 fails with "unknown fingerprints").
//! `req_DH_params` is read with both paddings clients use: RSA_PAD (grammers,
//! TDLib) and the older `sha1 ‖ data ‖ random` (Telethon).

use grammers_crypto::{aes, generate_key_data_from_nonce, AuthKey};
use grammers_tl_types::{self as tl, enums, types, Deserializable, Identifiable, Serializable};
use num_bigint::BigUint;
use sha1::{Digest as _, Sha1};
use sha2::{Digest as _, Sha256};

use crate::crypto::Key;
use crate::login::{p_bytes, G};
use crate::wire;

/// fakegram's RSA public key (PKCS#1 PEM), for clients' key lists.
pub const RSA_PUBLIC_KEY_PEM: &str = "-----BEGIN RSA PUBLIC KEY-----
MIIBCgKCAQEAtthWqtw7pSxJvzVsqXUl9KALE2Tb3uBvcxDm/bRjX2jlyHTRn5w8
90vUVPWXcp85soPI2hb1jVgK12jLHWm/3G1KO1eDpCIab1j7Hlg0v4NCkJlGNKM9
/2CyCEJNKww6AFofTrZ1KTZvSvF+BWQchAoBgKctMnWlAt+aDQ2Z9v8vnPnkJpz+
gkouki0QIH5Y6udjyob43Yh51Uqc+v3fX1V5CfNA6HQ9gdvwPYswjbTIF48ArSYF
03b4hvTfDrqrsq3FUJQYmGNpYZ6utlLdawFL/RNB0ZU1+e926RbQMGflpxVAGxyI
qDpB94YmuD7auN4wG3SiUNQf1myfq7XiFwIDAQAB
-----END RSA PUBLIC KEY-----
";

/// The same key's modulus (hex), exponent and private exponent (hex). A test
/// key: it protects nothing but the handshake with a local fake server.
const RSA_N: &str = "b6d856aadc3ba52c49bf356ca97525f4a00b1364dbdee06f7310e6fdb4635f68e5c874d19f9c3cf74bd454f597729f39b283c8da16f58d580ad768cb1d69bfdc6d4a3b5783a4221a6f58fb1e5834bf834290994634a33dff60b208424d2b0c3a005a1f4eb67529366f4af17e05641c840a0180a72d3275a502df9a0d0d99f6ff2f9cf9e4269cfe824a2e922d10207e58eae763ca86f8dd8879d54a9cfafddf5f557909f340e8743d81dbf03d8b308db4c8178f00ad2605d376f886f4df0ebaabb2adc5509418986369619eaeb652dd6b014bfd1341d19535f9ef76e916d03067e5a715401b1c88a83a41f78626b83edab8de301b74a250d41fd66c9fabb5e217";
const RSA_E: u32 = 65537;
const RSA_D: &str = "1e0fcd9803e38e918c82726f2e21439f479cea905f91f246809d9bccc496bdfe0a217e0b64f9941078982d6bbf7da9ee1b8a8d40461c1324118c3eff7e137fe6e6d5189297e329743d305d012d3166f756bf5d63ec8d9648e18603d39aca6415392f980c21f57b5426d224883aacadff8b8199bc62b2f4228ec0b7ede0d212817d3a839a898d441e3292c815b5f47d76ffd17182e961732e210baf48bba10f1b07812bb834be1a5482c3c4e77541e8aceae6b3ea1f47d04357ceebfbc8d7cb0af6d604d6990de7e596c212149952606f7cf77ded28fff11c48212842d097f3a23c2bf61c8ea405930165a60250267b1a178e39d4a7b7b3da5ebd12b8bcf27359";

/// pq = p · q, Telegram's documented example (p < q, both prime).
const PQ: u64 = 0x17ED_4894_1A08_F981;
const P: u64 = 1_229_739_323;
const Q: u64 = 1_402_015_859;

fn big(hex: &str) -> BigUint {
    BigUint::parse_bytes(hex.as_bytes(), 16).unwrap_or_default()
}

/// The key's fingerprint as clients compute it: the low 64 bits of
/// SHA1(n as TL bytes ‖ e as TL bytes).
pub fn rsa_fingerprint() -> i64 {
    let mut data = big(RSA_N).to_bytes_be().to_bytes();
    data.extend(BigUint::from(RSA_E).to_bytes_be().to_bytes());
    let sha = Sha1::digest(&data);
    let mut low = [0u8; 8];
    low.copy_from_slice(&sha[12..20]);
    i64::from_le_bytes(low)
}

/// Why a key exchange message was refused (the connection closes, as at Telegram).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub(crate) enum HandshakeError {
    #[error("malformed plain message")]
    Malformed,
    #[error("plain message {0:08x} is no step of the key exchange")]
    NotHandshake(u32),
    #[error("key exchange step out of order or with other nonces")]
    OutOfOrder,
    #[error("req_DH_params for an unknown RSA key or with wrong p, q")]
    BadParams,
    #[error("encrypted data does not decrypt (hash mismatch)")]
    BadHash,
    #[error("g_b out of range")]
    BadGB,
}

/// What a connection remembers between the steps.
#[derive(Default)]
pub(crate) struct Handshake {
    nonce: [u8; 16],
    server_nonce: [u8; 16],
    /// Set after `req_DH_params`: the client's new_nonce and the server's secret b.
    dh: Option<([u8; 32], BigUint)>,
}

/// A finished exchange: the new key. (The client's first salt,
/// new_nonce ⊕ server_nonce, is not the server's: its first message gets
/// `bad_server_salt` with the right one, which clients handle anyway.)
pub(crate) struct NewKey {
    pub key: Key,
}

impl Handshake {
    /// Answers one plain message (`auth_key_id 0 ‖ msg_id ‖ length ‖ body`).
    /// Returns the plain answer to send and, after `set_client_DH_params`,
    /// the new key.
    pub fn on_plain(&mut self, packet: &[u8]) -> Result<(Vec<u8>, Option<NewKey>), HandshakeError> {
        let len = packet.get(16..20).ok_or(HandshakeError::Malformed)?;
        let len = u32::from_le_bytes([len[0], len[1], len[2], len[3]]) as usize;
        let body = packet
            .get(20..20usize.saturating_add(len))
            .ok_or(HandshakeError::Malformed)?;
        // A function's own deserializer reads its fields, not its id.
        let args = body.get(4..).unwrap_or_default();
        let bad = |_| HandshakeError::Malformed;
        let (answer, key) = match wire::constructor(body) {
            tl::functions::ReqPqMulti::CONSTRUCTOR_ID => {
                let req = tl::functions::ReqPqMulti::from_bytes(args).map_err(bad)?;
                (self.res_pq(req.nonce), None)
            }
            tl::functions::ReqPq::CONSTRUCTOR_ID => {
                let req = tl::functions::ReqPq::from_bytes(args).map_err(bad)?;
                (self.res_pq(req.nonce), None)
            }
            tl::functions::ReqDhParams::CONSTRUCTOR_ID => {
                let req = tl::functions::ReqDhParams::from_bytes(args).map_err(bad)?;
                (self.req_dh_params(req)?, None)
            }
            tl::functions::SetClientDhParams::CONSTRUCTOR_ID => {
                let req = tl::functions::SetClientDhParams::from_bytes(args).map_err(bad)?;
                let (answer, key) = self.set_client_dh_params(req)?;
                (answer, Some(key))
            }
            other => return Err(HandshakeError::NotHandshake(other)),
        };
        Ok((plain_message(&answer), key))
    }

    fn res_pq(&mut self, nonce: [u8; 16]) -> Vec<u8> {
        // A new req_pq starts over (a client retrying after a failure does).
        *self = Handshake {
            nonce,
            server_nonce: rand::random(),
            dh: None,
        };
        enums::ResPq::Pq(types::ResPq {
            nonce,
            server_nonce: self.server_nonce,
            pq: PQ.to_be_bytes().to_vec(),
            server_public_key_fingerprints: vec![rsa_fingerprint()],
        })
        .to_bytes()
    }

    fn req_dh_params(
        &mut self,
        req: tl::functions::ReqDhParams,
    ) -> Result<Vec<u8>, HandshakeError> {
        if req.nonce != self.nonce || req.server_nonce != self.server_nonce || self.dh.is_some() {
            return Err(HandshakeError::OutOfOrder);
        }
        if req.public_key_fingerprint != rsa_fingerprint()
            || BigUint::from_bytes_be(&req.p) != BigUint::from(P)
            || BigUint::from_bytes_be(&req.q) != BigUint::from(Q)
        {
            return Err(HandshakeError::BadParams);
        }
        let inner = rsa_decrypt(&req.encrypted_data)?;
        if inner.nonce() != self.nonce || inner.server_nonce() != self.server_nonce {
            return Err(HandshakeError::OutOfOrder);
        }
        let new_nonce = inner.new_nonce();
        let p = BigUint::from_bytes_be(&p_bytes());
        let b = BigUint::from_bytes_be(&rand::random::<[u8; 32]>())
            | (BigUint::from(1u8) << 255u32)
            | (BigUint::from_bytes_be(&rand::random::<[u8; 32]>()) << 256u32);
        let g_a = BigUint::from(G as u32).modpow(&b, &p);
        let answer = enums::ServerDhInnerData::Data(types::ServerDhInnerData {
            nonce: self.nonce,
            server_nonce: self.server_nonce,
            g: G,
            dh_prime: p_bytes(),
            g_a: g_a.to_bytes_be(),
            server_time: wire::now_secs() as i32,
        })
        .to_bytes();
        let mut data = Sha1::digest(&answer).to_vec();
        data.extend_from_slice(&answer);
        while !data.len().is_multiple_of(16) {
            data.push(rand::random());
        }
        let (key, iv) = generate_key_data_from_nonce(&self.server_nonce, &new_nonce);
        aes::ige_encrypt(&mut data, &key, &iv);
        self.dh = Some((new_nonce, b));
        Ok(enums::ServerDhParams::Ok(types::ServerDhParamsOk {
            nonce: self.nonce,
            server_nonce: self.server_nonce,
            encrypted_answer: data,
        })
        .to_bytes())
    }

    fn set_client_dh_params(
        &mut self,
        req: tl::functions::SetClientDhParams,
    ) -> Result<(Vec<u8>, NewKey), HandshakeError> {
        if req.nonce != self.nonce || req.server_nonce != self.server_nonce {
            return Err(HandshakeError::OutOfOrder);
        }
        let (new_nonce, b) = self.dh.take().ok_or(HandshakeError::OutOfOrder)?;
        let mut data = req.encrypted_data;
        if data.len() < 20 + 4 || !data.len().is_multiple_of(16) {
            return Err(HandshakeError::Malformed);
        }
        let (key, iv) = generate_key_data_from_nonce(&self.server_nonce, &new_nonce);
        aes::ige_decrypt(&mut data, &key, &iv);
        let inner = enums::ClientDhInnerData::from_bytes(&data[20..])
            .map_err(|_| HandshakeError::BadHash)?;
        if Sha1::digest(inner.to_bytes())[..] != data[..20] {
            return Err(HandshakeError::BadHash);
        }
        let enums::ClientDhInnerData::Data(inner) = inner;
        if inner.nonce != self.nonce || inner.server_nonce != self.server_nonce {
            return Err(HandshakeError::OutOfOrder);
        }
        let p = BigUint::from_bytes_be(&p_bytes());
        let g_b = BigUint::from_bytes_be(&inner.g_b);
        // 1 < g_b < p - 1, and not within 2^{2048-64} of either end
        // (the checks the spec asks of both sides).
        let margin = BigUint::from(1u8) << (2048u32 - 64);
        if g_b <= margin || g_b >= &p - &margin {
            return Err(HandshakeError::BadGB);
        }
        let mut auth_key = [0u8; 256];
        let shared = g_b.modpow(&b, &p).to_bytes_be();
        auth_key[256 - shared.len()..].copy_from_slice(&shared);
        let hash1 = AuthKey::from_bytes(auth_key).calc_new_nonce_hash(&new_nonce, 1);
        let answer = enums::SetClientDhParamsAnswer::DhGenOk(types::DhGenOk {
            nonce: self.nonce,
            server_nonce: self.server_nonce,
            new_nonce_hash1: hash1,
        })
        .to_bytes();
        let key = NewKey {
            key: Key::new(auth_key),
        };
        Ok((answer, key))
    }
}

/// Decrypts `encrypted_data` of `req_DH_params` to the `p_q_inner_data*`
/// it carries, trying RSA_PAD first, then `sha1 ‖ data ‖ padding`.
fn rsa_decrypt(encrypted: &[u8]) -> Result<enums::PQInnerData, HandshakeError> {
    let n = big(RSA_N);
    let c = BigUint::from_bytes_be(encrypted);
    if encrypted.len() != 256 || c >= n {
        return Err(HandshakeError::BadHash);
    }
    let m = c.modpow(&big(RSA_D), &n).to_bytes_be();
    let mut block = [0u8; 256];
    block[256 - m.len()..].copy_from_slice(&m);
    rsa_pad(&block)
        .or_else(|| sha1_padded(&block))
        .ok_or(HandshakeError::BadHash)
}

/// RSA_PAD: temp_key_xor ‖ AES-IGE(data_pad_reversed ‖ sha256(temp_key ‖ data_with_padding)).
fn rsa_pad(block: &[u8; 256]) -> Option<enums::PQInnerData> {
    let (key_xor, aes_encrypted) = block.split_at(32);
    let h = Sha256::digest(aes_encrypted);
    let mut temp_key = [0u8; 32];
    for (i, k) in temp_key.iter_mut().enumerate() {
        *k = key_xor[i] ^ h[i];
    }
    let mut data = aes_encrypted.to_vec();
    aes::ige_decrypt(&mut data, &temp_key, &[0u8; 32]);
    let (reversed, hash) = data.split_at(192);
    let data_with_padding: Vec<u8> = reversed.iter().rev().copied().collect();
    let mut sha = Sha256::new();
    sha.update(temp_key);
    sha.update(&data_with_padding);
    if sha.finalize()[..] != hash[..] {
        return None;
    }
    enums::PQInnerData::from_bytes(&data_with_padding).ok()
}

/// The older padding: (0 ‖) sha1(data) ‖ data ‖ random, data at most 235 bytes.
fn sha1_padded(block: &[u8; 256]) -> Option<enums::PQInnerData> {
    let inner = enums::PQInnerData::from_bytes(&block[21..]).ok()?;
    (Sha1::digest(inner.to_bytes())[..] == block[1..21]).then_some(inner)
}

/// A plain message: auth_key_id 0, a server msg_id (answers are 1 mod 4), length, body.
fn plain_message(body: &[u8]) -> Vec<u8> {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let msg_id = ((now.as_secs() as i64) << 32) | ((now.subsec_nanos() as i64) << 2) & !3 | 1;
    let mut out = 0u64.to_le_bytes().to_vec();
    out.extend_from_slice(&msg_id.to_le_bytes());
    out.extend_from_slice(&(body.len() as u32).to_le_bytes());
    out.extend_from_slice(body);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use grammers_crypto::rsa;

    fn body(packet: &[u8]) -> &[u8] {
        &packet[20..]
    }

    fn plain(body: &[u8]) -> Vec<u8> {
        let mut out = vec![0u8; 8];
        out.extend(((wire::now_secs() << 32) as u64).to_le_bytes());
        out.extend((body.len() as u32).to_le_bytes());
        out.extend(body);
        out
    }

    /// A client's side of the exchange, written from the spec with grammers'
    /// primitives (grammers' own client knows only Telegram's RSA keys).
    /// `rsa_pad`: encrypt as grammers/TDLib do, else as Telethon does.
    fn exchange(rsa_pad: bool) -> (NewKey, [u8; 256]) {
        let mut hs = Handshake::default();
        let nonce: [u8; 16] = rand::random();
        let (ans, _) = hs
            .on_plain(&plain(&tl::functions::ReqPqMulti { nonce }.to_bytes()))
            .unwrap();
        let enums::ResPq::Pq(res) = enums::ResPq::from_bytes(body(&ans)).unwrap();
        assert_eq!(res.nonce, nonce);
        assert_eq!(res.server_public_key_fingerprints, vec![rsa_fingerprint()]);
        let pq = u64::from_be_bytes(res.pq.clone().try_into().unwrap());
        let (p, q) = grammers_crypto::factorize(pq);
        let new_nonce: [u8; 32] = rand::random();
        let inner = enums::PQInnerData::Dc(types::PQInnerDataDc {
            pq: res.pq,
            p: p.to_be_bytes()[4..].to_vec(),
            q: q.to_be_bytes()[4..].to_vec(),
            nonce,
            server_nonce: res.server_nonce,
            new_nonce,
            dc: 2,
        })
        .to_bytes();
        let n = big(RSA_N);
        let encrypted_data = if rsa_pad {
            let key = rsa::Key::new(&n.to_str_radix(10), "65537").unwrap();
            let mut random = [0u8; 224];
            rand::fill(&mut random[..]);
            rsa::encrypt_hashed(&inner, &key, &random)
        } else {
            let mut m = vec![0u8];
            m.extend(Sha1::digest(&inner));
            m.extend(&inner);
            m.resize(256, 7);
            BigUint::from_bytes_be(&m)
                .modpow(&BigUint::from(RSA_E), &n)
                .to_bytes_be()
        };
        let (ans, _) = hs
            .on_plain(&plain(
                &tl::functions::ReqDhParams {
                    nonce,
                    server_nonce: res.server_nonce,
                    p: p.to_be_bytes()[4..].to_vec(),
                    q: q.to_be_bytes()[4..].to_vec(),
                    public_key_fingerprint: rsa_fingerprint(),
                    encrypted_data,
                }
                .to_bytes(),
            ))
            .unwrap();
        let enums::ServerDhParams::Ok(ok) = enums::ServerDhParams::from_bytes(body(&ans)).unwrap()
        else {
            panic!("server_DH_params_fail")
        };
        let (key, iv) = generate_key_data_from_nonce(&res.server_nonce, &new_nonce);
        let mut data = ok.encrypted_answer;
        aes::ige_decrypt(&mut data, &key, &iv);
        let enums::ServerDhInnerData::Data(dh) =
            enums::ServerDhInnerData::from_bytes(&data[20..]).unwrap();
        let prime = BigUint::from_bytes_be(&dh.dh_prime);
        let b = BigUint::from_bytes_be(&rand::random::<[u8; 256]>()) % &prime;
        let g_b = BigUint::from(dh.g as u32).modpow(&b, &prime).to_bytes_be();
        let client_key = BigUint::from_bytes_be(&dh.g_a)
            .modpow(&b, &prime)
            .to_bytes_be();
        let mut expected = [0u8; 256];
        expected[256 - client_key.len()..].copy_from_slice(&client_key);
        let inner = enums::ClientDhInnerData::Data(types::ClientDhInnerData {
            nonce,
            server_nonce: res.server_nonce,
            retry_id: 0,
            g_b,
        })
        .to_bytes();
        let mut data = Sha1::digest(&inner).to_vec();
        data.extend(&inner);
        data.resize(data.len().div_ceil(16) * 16, 0);
        aes::ige_encrypt(&mut data, &key, &iv);
        let (ans, new_key) = hs
            .on_plain(&plain(
                &tl::functions::SetClientDhParams {
                    nonce,
                    server_nonce: res.server_nonce,
                    encrypted_data: data,
                }
                .to_bytes(),
            ))
            .unwrap();
        let enums::SetClientDhParamsAnswer::DhGenOk(gen) =
            enums::SetClientDhParamsAnswer::from_bytes(body(&ans)).unwrap()
        else {
            panic!("not dh_gen_ok")
        };
        let hash1 = AuthKey::from_bytes(expected).calc_new_nonce_hash(&new_nonce, 1);
        assert_eq!(gen.new_nonce_hash1, hash1);
        (new_key.unwrap(), expected)
    }

    #[test]
    fn a_client_gets_the_same_key_with_either_padding() {
        for rsa_pad in [true, false] {
            let (key, expected) = exchange(rsa_pad);
            assert_eq!(key.key.data, expected, "rsa_pad {rsa_pad}");
        }
    }

    #[test]
    fn steps_out_of_order_or_garbage_are_refused() {
        let mut hs = Handshake::default();
        let set = tl::functions::SetClientDhParams {
            nonce: [0; 16],
            server_nonce: [0; 16],
            encrypted_data: vec![0; 32],
        };
        assert!(hs.on_plain(&plain(&set.to_bytes())).is_err());
        assert_eq!(
            hs.on_plain(&plain(&[1, 2, 3, 4])).err(),
            Some(HandshakeError::NotHandshake(0x04030201))
        );
        assert_eq!(hs.on_plain(&[0; 12]).err(), Some(HandshakeError::Malformed));
        let mut p = plain(&[0; 8]);
        p[16] = 0xff;
        assert_eq!(hs.on_plain(&p).err(), Some(HandshakeError::Malformed));
    }
}
