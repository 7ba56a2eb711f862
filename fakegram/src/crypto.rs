//! MTProto 2.0 message encryption, server side.
//!
//! `grammers_crypto` only ships the client half (it encrypts with x = 0 and
//! decrypts with x = 8). A server does the opposite: it decrypts what clients
//! send with x = 0 and encrypts its own messages with x = 8.

use grammers_crypto::aes;
use sha1::Digest as _;
use sha2::{Digest as _, Sha256};

/// An authorization key with its id (the low 64 bits of its SHA-1).
#[derive(Clone)]
pub(crate) struct Key {
    pub data: [u8; 256],
    pub id: [u8; 8],
}

impl Key {
    pub fn new(data: [u8; 256]) -> Self {
        let sha = sha1::Sha1::digest(data);
        let mut id = [0u8; 8];
        id.copy_from_slice(&sha[12..20]);
        Key { data, id }
    }
}

fn sha256(parts: &[&[u8]]) -> [u8; 32] {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().into()
}

/// AES key and IV for `msg_key`; x = 0 for client messages, 8 for server ones.
fn calc_key(key: &Key, msg_key: &[u8; 16], x: usize) -> ([u8; 32], [u8; 32]) {
    let a = sha256(&[msg_key, &key.data[x..x + 36]]);
    let b = sha256(&[&key.data[40 + x..76 + x], msg_key]);
    let mut aes_key = [0u8; 32];
    aes_key[..8].copy_from_slice(&a[..8]);
    aes_key[8..24].copy_from_slice(&b[8..24]);
    aes_key[24..].copy_from_slice(&a[24..]);
    let mut iv = [0u8; 32];
    iv[..8].copy_from_slice(&b[..8]);
    iv[8..24].copy_from_slice(&a[8..24]);
    iv[24..].copy_from_slice(&b[24..]);
    (aes_key, iv)
}

fn msg_key_for(key: &Key, plaintext: &[u8], x: usize) -> [u8; 16] {
    let large = sha256(&[&key.data[88 + x..120 + x], plaintext]);
    let mut mk = [0u8; 16];
    mk.copy_from_slice(&large[8..24]);
    mk
}

/// Why a client packet could not be decrypted.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum DecryptError {
    /// Too short or not a whole number of AES blocks.
    BadLength,
    /// The packet names another authorization key (0 = a plain, unencrypted message).
    UnknownKey(u64),
    /// The message key does not match the decrypted content.
    BadMsgKey,
}

/// Decrypts a client message (`auth_key_id ‖ msg_key ‖ encrypted_data`) and
/// returns the plaintext (`salt ‖ session_id ‖ message ‖ padding`).
pub(crate) fn decrypt_client(key: &Key, packet: &[u8]) -> Result<Vec<u8>, DecryptError> {
    if packet.len() < 24 + 32 || !(packet.len() - 24).is_multiple_of(16) {
        if packet.len() >= 8 && packet[..8] != key.id {
            let mut id = [0u8; 8];
            id.copy_from_slice(&packet[..8]);
            return Err(DecryptError::UnknownKey(u64::from_le_bytes(id)));
        }
        return Err(DecryptError::BadLength);
    }
    if packet[..8] != key.id {
        let mut id = [0u8; 8];
        id.copy_from_slice(&packet[..8]);
        return Err(DecryptError::UnknownKey(u64::from_le_bytes(id)));
    }
    let mut msg_key = [0u8; 16];
    msg_key.copy_from_slice(&packet[8..24]);
    let (aes_key, iv) = calc_key(key, &msg_key, 0);
    let mut plain = packet[24..].to_vec();
    aes::ige_decrypt(&mut plain, &aes_key, &iv);
    if msg_key_for(key, &plain, 0) != msg_key {
        return Err(DecryptError::BadMsgKey);
    }
    Ok(plain)
}

/// Encrypts a server message; `plaintext` is `salt ‖ session_id ‖ message`.
pub(crate) fn encrypt_server(key: &Key, plaintext: &[u8]) -> Vec<u8> {
    let mut data = plaintext.to_vec();
    // 12 to 1024 bytes of padding, total a multiple of 16.
    let pad = 16 + (16 - data.len() % 16);
    let mut padding = [0u8; 32];
    rand::fill(&mut padding[..]);
    data.extend_from_slice(&padding[..pad]);
    let msg_key = msg_key_for(key, &data, 8);
    let (aes_key, iv) = calc_key(key, &msg_key, 8);
    aes::ige_encrypt(&mut data, &aes_key, &iv);
    let mut out = Vec::with_capacity(24 + data.len());
    out.extend_from_slice(&key.id);
    out.extend_from_slice(&msg_key);
    out.extend_from_slice(&data);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use grammers_crypto::{decrypt_data_v2, encrypt_data_v2, AuthKey, DequeBuffer};

    fn key() -> [u8; 256] {
        let mut k = [0u8; 256];
        for (i, b) in k.iter_mut().enumerate() {
            *b = (i * 7 + 3) as u8;
        }
        k
    }

    #[test]
    fn reads_what_the_grammers_client_encrypts() {
        let plain: Vec<u8> = (0..64u8).collect();
        let mut buf = DequeBuffer::with_capacity(128, 64);
        buf.extend(plain.iter().copied());
        encrypt_data_v2(&mut buf, &AuthKey::from_bytes(key()));
        let got = decrypt_client(&Key::new(key()), &buf[..]).unwrap();
        assert_eq!(&got[..64], &plain[..]);
    }

    #[test]
    fn the_grammers_client_reads_what_we_encrypt() {
        let plain: Vec<u8> = (0..40u8).collect();
        let mut packet = encrypt_server(&Key::new(key()), &plain);
        let got = decrypt_data_v2(&mut packet, &AuthKey::from_bytes(key())).unwrap();
        assert_eq!(&got[..40], &plain[..]);
    }

    #[test]
    fn a_foreign_key_or_garbage_is_refused() {
        let other = Key::new([9u8; 256]);
        let packet = encrypt_server(&other, &[0u8; 32]);
        assert!(matches!(
            decrypt_client(&Key::new(key()), &packet),
            Err(DecryptError::UnknownKey(_))
        ));
        assert_eq!(
            decrypt_client(&Key::new(key()), &[1, 2, 3]),
            Err(DecryptError::BadLength)
        );
        let mut p = encrypt_server(&Key::new(key()), &[0u8; 32]);
        let n = p.len();
        p[n - 1] ^= 1;
        assert_eq!(
            decrypt_client(&Key::new(key()), &p),
            Err(DecryptError::BadMsgKey)
        );
    }
}
