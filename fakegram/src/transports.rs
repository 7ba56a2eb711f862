//! MTProto transports, server side: which one a connection speaks is read
//! from its first bytes, as a DC does (core.telegram.org/mtproto/mtproto-transports):
//!
//! * `0xef` — Abridged (length in words, 1 or 4 bytes);
//! * `0xeeeeeeee` — Intermediate (4-byte length);
//! * `0xdddddddd` — Padded intermediate (4-byte length, 0–15 random bytes after);
//! * a zero sequence number in bytes 4..8 — Full (length, seq, payload, crc32);
//! * anything else — Obfuscated2: a 64-byte init whose AES-256-CTR decryption
//!   names one of the first three in bytes 56..60, carrying it.
//!
//! grammers' client transports are not reused for reading: their Abridged and
//! Intermediate take a negative first payload word for a transport error,
//! which from a client is just an auth_key_id with its high bit set.

use grammers_crypto::{DequeBuffer, ObfuscatedCipher};
use grammers_mtproto::transport::{self, Transport as _};

/// Larger frames close the connection (Telegram's limit is about 1 MB).
pub(crate) const MAX_FRAME: usize = 2 * 1024 * 1024;

/// Why a client's bytes cannot be read as a transport.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub(crate) enum TransportError {
    #[error("obfuscated init names no known transport ({0:08x})")]
    UnknownTag(u32),
    #[error("frame of {0} bytes")]
    BadLength(usize),
    #[error("full transport: bad sequence number or crc")]
    BadFull,
}

/// The framing inside the (optional) obfuscation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Abridged,
    Intermediate,
    Padded,
    Full,
}

/// One connection's transport: detected framing, obfuscation, and the bytes
/// read but not yet framed (already de-obfuscated).
pub(crate) struct Transport {
    pub kind: Kind,
    cipher: Option<ObfuscatedCipher>,
    full: transport::Full,
    buf: Vec<u8>,
}

const ABRIDGED: u8 = 0xef;
const INTERMEDIATE: [u8; 4] = [0xee; 4];
const PADDED: [u8; 4] = [0xdd; 4];

impl Transport {
    /// Detects the transport from the first bytes of a connection. `Ok(None)`:
    /// not enough bytes yet. The bytes consumed are removed from `first`;
    /// what follows them is kept for [`Transport::next_frame`].
    pub fn detect(first: &mut Vec<u8>) -> Result<Option<Transport>, TransportError> {
        let plain = |kind, skip: usize, first: &mut Vec<u8>| {
            let buf = first.split_off(skip);
            first.clear();
            Some(Transport::new(kind, None, buf))
        };
        match first.as_slice() {
            [] => Ok(None),
            [ABRIDGED, ..] => Ok(plain(Kind::Abridged, 1, first)),
            [a, b, c, d, ..] if [*a, *b, *c, *d] == INTERMEDIATE => {
                Ok(plain(Kind::Intermediate, 4, first))
            }
            [a, b, c, d, ..] if [*a, *b, *c, *d] == PADDED => Ok(plain(Kind::Padded, 4, first)),
            b if b.len() < 8 => Ok(None),
            // Full's first frame has sequence number 0; an obfuscated init
            // never has zeros there (clients avoid it for this reason).
            b if b[4..8] == [0; 4] => Ok(plain(Kind::Full, 0, first)),
            b if b.len() < 64 => Ok(None),
            b => {
                let mut init = [0u8; 64];
                init.copy_from_slice(&b[..64]);
                // The client encrypts with init[8..56] as key and IV and
                // decrypts with them reversed; the server does the opposite,
                // which is grammers' client cipher built on the reversed init.
                let mut reversed = init;
                reversed.reverse();
                let mut cipher = ObfuscatedCipher::new(&reversed);
                let mut head = init;
                cipher.decrypt(&mut head);
                let tag = [head[56], head[57], head[58], head[59]];
                let kind = match tag {
                    [ABRIDGED, ABRIDGED, ABRIDGED, ABRIDGED] => Kind::Abridged,
                    INTERMEDIATE => Kind::Intermediate,
                    PADDED => Kind::Padded,
                    _ => return Err(TransportError::UnknownTag(u32::from_le_bytes(tag))),
                };
                let mut rest = first.split_off(64);
                first.clear();
                cipher.decrypt(&mut rest);
                Ok(Some(Transport::new(kind, Some(cipher), rest)))
            }
        }
    }

    fn new(kind: Kind, cipher: Option<ObfuscatedCipher>, buf: Vec<u8>) -> Self {
        Transport {
            kind,
            cipher,
            full: transport::Full::new(),
            buf,
        }
    }

    /// Whether the transport is wrapped in Obfuscated2.
    pub fn obfuscated(&self) -> bool {
        self.cipher.is_some()
    }

    /// Adds bytes read from the socket.
    pub fn feed(&mut self, bytes: &[u8]) {
        let start = self.buf.len();
        self.buf.extend_from_slice(bytes);
        if let Some(c) = &mut self.cipher {
            c.decrypt(&mut self.buf[start..]);
        }
    }

    /// The next complete frame's payload, if one arrived.
    pub fn next_frame(&mut self) -> Result<Option<Vec<u8>>, TransportError> {
        let (header, len) = match self.kind {
            // The high bit of the first byte asks for a quick ack (not sent).
            Kind::Abridged => match self.buf.as_slice() {
                [] => return Ok(None),
                [n, ..] if *n & 0x7f < 0x7f => (1, (*n & 0x7f) as usize * 4),
                [_, a, b, c, ..] => (4, u32::from_le_bytes([*a, *b, *c, 0]) as usize * 4),
                _ => return Ok(None),
            },
            Kind::Intermediate | Kind::Padded => match self.buf.get(..4) {
                Some(b) => (4, u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize),
                None => return Ok(None),
            },
            Kind::Full => {
                let Some(b) = self.buf.get(..4) else {
                    return Ok(None);
                };
                let len = u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize;
                if !(12..=MAX_FRAME).contains(&len) {
                    return Err(TransportError::BadLength(len));
                }
                if self.buf.len() < len {
                    return Ok(None);
                }
                let off = self
                    .full
                    .unpack(&mut self.buf[..len])
                    .map_err(|_| TransportError::BadFull)?;
                let data = self.buf[off.data_range].to_vec();
                self.buf.drain(..off.next_offset);
                return Ok(Some(data));
            }
        };
        if len > MAX_FRAME {
            return Err(TransportError::BadLength(len));
        }
        if self.buf.len() < header + len {
            return Ok(None);
        }
        let mut data: Vec<u8> = self.buf.drain(..header + len).skip(header).collect();
        if self.kind == Kind::Padded {
            data.truncate(unpadded_len(&data));
        }
        Ok(Some(data))
    }

    /// Frames (and obfuscates) one payload for the client.
    pub fn pack(&mut self, payload: &[u8]) -> Vec<u8> {
        let mut out = match self.kind {
            Kind::Full => {
                let mut frame = DequeBuffer::with_capacity(payload.len() + 4, 8);
                frame.extend(payload.iter().copied());
                self.full.pack(&mut frame);
                frame[..].to_vec()
            }
            Kind::Abridged => {
                let words = payload.len() / 4;
                let mut out = if words < 0x7f {
                    vec![words as u8]
                } else {
                    let w = (words as u32).to_le_bytes();
                    vec![0x7f, w[0], w[1], w[2]]
                };
                out.extend_from_slice(payload);
                out
            }
            Kind::Intermediate => {
                let mut out = (payload.len() as u32).to_le_bytes().to_vec();
                out.extend_from_slice(payload);
                out
            }
            Kind::Padded => {
                let pad = rand::random_range(0..16usize);
                let mut out = ((payload.len() + pad) as u32).to_le_bytes().to_vec();
                out.extend_from_slice(payload);
                out.extend((0..pad).map(|_| rand::random::<u8>()));
                out
            }
        };
        if let Some(c) = &mut self.cipher {
            c.encrypt(&mut out);
        }
        out
    }

    /// A transport error (e.g. 404: unknown auth key) as Telegram sends it:
    /// the negative code as a 4-byte payload in the connection's framing. On
    /// Full, Telegram sends the bare code where length and seq would be, then
    /// the code again (observed in Telethon#4042; grammers reads a negative
    /// length the same way), so that is sent three times, unframed.
    pub fn error(&mut self, code: i32) -> Vec<u8> {
        let word = (-code).to_le_bytes();
        if self.kind == Kind::Full {
            let mut out = [word, word, word].concat();
            if let Some(c) = &mut self.cipher {
                c.encrypt(&mut out);
            }
            return out;
        }
        self.pack(&word)
    }
}

/// The length of an MTProto packet followed by padded intermediate's 0–15
/// random bytes: a plain message says its length (auth_key_id 0, msg_id,
/// length, body); an encrypted one is 24 bytes plus whole AES blocks.
fn unpadded_len(data: &[u8]) -> usize {
    match data.get(..20) {
        Some(h) if h[..8] == [0; 8] => {
            let body = u32::from_le_bytes([h[16], h[17], h[18], h[19]]) as usize;
            (20 + body).min(data.len())
        }
        _ if data.len() >= 24 => data.len() - (data.len() - 24) % 16,
        _ => data.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use grammers_mtproto::transport::{Abridged, Full, Intermediate, Obfuscated};

    /// What a grammers client transport writes for `payloads`.
    fn client_bytes<T: transport::Transport>(mut t: T, payloads: &[Vec<u8>]) -> Vec<u8> {
        let mut out = Vec::new();
        for p in payloads {
            let mut b = DequeBuffer::with_capacity(p.len(), 80);
            b.extend(p.iter().copied());
            t.pack(&mut b);
            out.extend_from_slice(&b[..]);
        }
        out
    }

    fn payloads() -> Vec<Vec<u8>> {
        // A negative first word (an auth_key_id with its high bit set), a
        // small and a large frame.
        vec![
            vec![0xff; 8],
            (0..64u8).collect(),
            (0..2000u32).map(|i| i as u8).collect(),
        ]
    }

    /// Feeds the client's bytes one at a time and reads every frame back.
    fn read_all(bytes: &[u8]) -> (Transport, Vec<Vec<u8>>) {
        let mut first = Vec::new();
        let mut t = None;
        let mut frames = Vec::new();
        for b in bytes {
            match &mut t {
                None => {
                    first.push(*b);
                    t = Transport::detect(&mut first).unwrap();
                    if let Some(t) = &mut t {
                        assert!(first.is_empty());
                        while let Some(f) = t.next_frame().unwrap() {
                            frames.push(f);
                        }
                    }
                }
                Some(t) => {
                    t.feed(&[*b]);
                    while let Some(f) = t.next_frame().unwrap() {
                        frames.push(f);
                    }
                }
            }
        }
        (t.expect("transport detected"), frames)
    }

    #[test]
    fn reads_every_grammers_client_transport() {
        let cases: Vec<(Vec<u8>, Kind, bool)> = vec![
            (client_bytes(Full::new(), &payloads()), Kind::Full, false),
            (
                client_bytes(Abridged::new(), &payloads()),
                Kind::Abridged,
                false,
            ),
            (
                client_bytes(Intermediate::new(), &payloads()),
                Kind::Intermediate,
                false,
            ),
            (
                client_bytes(Obfuscated::new(Abridged::new()), &payloads()),
                Kind::Abridged,
                true,
            ),
            (
                client_bytes(Obfuscated::new(Intermediate::new()), &payloads()),
                Kind::Intermediate,
                true,
            ),
        ];
        for (bytes, kind, obfuscated) in cases {
            let (t, frames) = read_all(&bytes);
            assert_eq!((t.kind, t.obfuscated()), (kind, obfuscated));
            assert_eq!(frames, payloads(), "{kind:?}");
        }
    }

    #[test]
    fn padded_intermediate_drops_the_random_tail() {
        // A plain message (auth_key_id 0 and its length) and an encrypted one
        // (24 bytes of header, whole AES blocks).
        let mut plain = vec![0u8; 16];
        plain.extend(12u32.to_le_bytes());
        plain.extend([5u8; 12]);
        let encrypted: Vec<u8> = (0..24 + 64).map(|i| i as u8 | 1).collect();
        let sent = vec![plain, encrypted];
        let mut bytes = PADDED.to_vec();
        for (p, pad) in sent.iter().zip([15usize, 9]) {
            bytes.extend(((p.len() + pad) as u32).to_le_bytes());
            bytes.extend(p);
            bytes.extend(vec![9u8; pad]);
        }
        let (t, frames) = read_all(&bytes);
        assert_eq!(t.kind, Kind::Padded);
        assert_eq!(frames, sent);
    }

    #[test]
    fn grammers_reads_what_the_server_packs_and_its_errors() {
        let mut server = Transport::new(Kind::Intermediate, None, Vec::new());
        let mut client = Intermediate::new();
        let mut b = server.pack(&[1, 2, 3, 4, 5, 6, 7, 8]);
        let off = client.unpack(&mut b).unwrap();
        assert_eq!(&b[off.data_range], &[1, 2, 3, 4, 5, 6, 7, 8]);
        for kind in [Kind::Intermediate, Kind::Abridged, Kind::Full] {
            let mut server = Transport::new(kind, None, Vec::new());
            let mut b = server.error(404);
            let got = match kind {
                Kind::Abridged => Abridged::new().unpack(&mut b),
                Kind::Full => Full::new().unpack(&mut b),
                _ => Intermediate::new().unpack(&mut b),
            };
            assert_eq!(got, Err(transport::Error::BadStatus { status: 404 }));
        }
    }

    #[test]
    fn garbage_is_refused_not_panicked_on() {
        let mut first = vec![7u8; 64];
        first[4..8].copy_from_slice(&[1, 2, 3, 4]);
        assert!(matches!(
            Transport::detect(&mut first),
            Err(TransportError::UnknownTag(_))
        ));
        let mut first = vec![0xef, 0x7f, 0xff, 0xff, 0xff];
        let mut t = Transport::detect(&mut first).unwrap().unwrap();
        assert!(t.next_frame().is_err());
        let mut first = [4u8, 0, 0, 0, 0, 0, 0, 0].to_vec();
        let mut t = Transport::detect(&mut first).unwrap().unwrap();
        assert!(t.next_frame().is_err());
    }
}
