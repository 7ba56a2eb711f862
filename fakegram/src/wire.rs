//! MTProto message layer: the plaintext header, containers, gzip, and the
//! server's msg_id / seq_no bookkeeping.

use std::io::Read as _;
use std::time::{SystemTime, UNIX_EPOCH};

use flate2::read::GzDecoder;
use grammers_tl_types::{Cursor, Deserializable, Serializable};

pub(crate) const MSG_CONTAINER: u32 = 0x73f1f8dc;
pub(crate) const GZIP_PACKED: u32 = 0x3072cfa1;
pub(crate) const RPC_RESULT: u32 = 0xf35c6d01;

/// A decompressed request may not grow beyond this (gzip bombs).
const MAX_UNPACKED: u64 = 4 * 1024 * 1024;

/// One MTProto message.
#[derive(Debug, Clone)]
pub(crate) struct Msg {
    pub msg_id: i64,
    pub seq_no: i32,
    pub body: Vec<u8>,
}

impl Msg {
    pub fn constructor(&self) -> u32 {
        constructor(&self.body)
    }
}

/// The constructor id at the start of `body` (0 if too short).
pub(crate) fn constructor(body: &[u8]) -> u32 {
    match body.get(..4) {
        Some(b) => u32::from_le_bytes([b[0], b[1], b[2], b[3]]),
        None => 0,
    }
}

/// The decrypted payload of a client packet.
pub(crate) struct Envelope {
    pub salt: i64,
    pub session_id: i64,
    pub msg: Msg,
}

fn read_msg(c: &mut Cursor) -> Option<Msg> {
    let msg_id = i64::deserialize(c).ok()?;
    let seq_no = i32::deserialize(c).ok()?;
    let len = i32::deserialize(c).ok()?;
    let len = usize::try_from(len).ok()?;
    if len > 1024 * 1024 + 8 * 1024 || !len.is_multiple_of(4) {
        return None;
    }
    let mut body = vec![0u8; len];
    c.read_exact(&mut body).ok()?;
    Some(Msg {
        msg_id,
        seq_no,
        body,
    })
}

/// Parses `salt ‖ session_id ‖ msg_id ‖ seq_no ‖ len ‖ body ‖ padding`.
pub(crate) fn parse_envelope(plain: &[u8]) -> Option<Envelope> {
    let mut c = Cursor::from_slice(plain);
    let salt = i64::deserialize(&mut c).ok()?;
    let session_id = i64::deserialize(&mut c).ok()?;
    let msg = read_msg(&mut c)?;
    // MTProto 2.0: 12 to 1024 bytes of padding.
    let padding = plain.len() - c.pos();
    if !(12..=1024).contains(&padding) {
        return None;
    }
    Some(Envelope {
        salt,
        session_id,
        msg,
    })
}

/// The messages of a `msg_container` body.
pub(crate) fn parse_container(body: &[u8]) -> Option<Vec<Msg>> {
    let mut c = Cursor::from_slice(body);
    if u32::deserialize(&mut c).ok()? != MSG_CONTAINER {
        return None;
    }
    let n = i32::deserialize(&mut c).ok()?;
    if !(0..=1024).contains(&n) {
        return None;
    }
    (0..n).map(|_| read_msg(&mut c)).collect()
}

/// The unpacked object of a `gzip_packed` body.
pub(crate) fn gunzip(body: &[u8]) -> Option<Vec<u8>> {
    let mut c = Cursor::from_slice(body);
    if u32::deserialize(&mut c).ok()? != GZIP_PACKED {
        return None;
    }
    let packed = Vec::<u8>::deserialize(&mut c).ok()?;
    let mut out = Vec::new();
    GzDecoder::new(&packed[..])
        .take(MAX_UNPACKED + 1)
        .read_to_end(&mut out)
        .ok()?;
    (out.len() as u64 <= MAX_UNPACKED).then_some(out)
}

/// `rpc_result#f35c6d01 req_msg_id:long result:Object`.
pub(crate) fn rpc_result(req_msg_id: i64, result: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(12 + result.len());
    RPC_RESULT.serialize(&mut out);
    req_msg_id.serialize(&mut out);
    out.extend_from_slice(result);
    out
}

/// Results larger than this are sent as `gzip_packed`, as Telegram does.
const GZIP_OVER: usize = 1024;

/// Wraps a large result in `gzip_packed` when that makes it smaller.
pub(crate) fn maybe_gzip(body: Vec<u8>) -> Vec<u8> {
    use std::io::Write as _;
    if body.len() <= GZIP_OVER {
        return body;
    }
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let packed = match enc.write_all(&body).and_then(|_| enc.finish()) {
        Ok(p) => p,
        Err(_) => return body,
    };
    let mut out = Vec::with_capacity(packed.len() + 8);
    GZIP_PACKED.serialize(&mut out);
    packed.serialize(&mut out);
    if out.len() < body.len() {
        out
    } else {
        body
    }
}

/// The server's side of a session: outgoing msg_ids and seq_nos.
pub(crate) struct Outbox {
    last_msg_id: i64,
    content_sent: i32,
}

/// Unix seconds now.
pub(crate) fn now_secs() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

impl Outbox {
    pub fn new() -> Self {
        Outbox {
            last_msg_id: 0,
            content_sent: 0,
        }
    }

    /// A new server msg_id: time-based, increasing, ≡ 1 (mod 4) for answers
    /// and ≡ 3 (mod 4) for messages the server sends on its own.
    pub fn msg_id(&mut self, answer: bool) -> i64 {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        let base = ((now.as_secs() as i64) << 32) | ((now.subsec_nanos() as i64) << 2);
        let mut id = (base & !3) | if answer { 1 } else { 3 };
        while id <= self.last_msg_id {
            id += 4;
        }
        self.last_msg_id = id;
        id
    }

    /// seq_no: odd for content-related messages, even otherwise.
    pub fn seq_no(&mut self, content_related: bool) -> i32 {
        if content_related {
            self.content_sent += 1;
            self.content_sent * 2 - 1
        } else {
            self.content_sent * 2
        }
    }

    /// Frames `bodies` (each `(body, content_related, answer)`) as one message,
    /// in a container when there is more than one.
    pub fn pack(&mut self, bodies: Vec<(Vec<u8>, bool, bool)>) -> Vec<u8> {
        let mut msgs: Vec<Msg> = bodies
            .into_iter()
            .map(|(body, content, answer)| Msg {
                msg_id: self.msg_id(answer),
                seq_no: self.seq_no(content),
                body,
            })
            .collect();
        if msgs.len() == 1 {
            if let Some(m) = msgs.pop() {
                return serialize_msg(&m);
            }
        }
        let mut body = Vec::new();
        MSG_CONTAINER.serialize(&mut body);
        (msgs.len() as i32).serialize(&mut body);
        for m in &msgs {
            body.extend_from_slice(&serialize_msg(m));
        }
        serialize_msg(&Msg {
            msg_id: self.msg_id(false),
            seq_no: self.seq_no(false),
            body,
        })
    }
}

pub(crate) fn serialize_msg(m: &Msg) -> Vec<u8> {
    let mut out = Vec::with_capacity(16 + m.body.len());
    m.msg_id.serialize(&mut out);
    m.seq_no.serialize(&mut out);
    (m.body.len() as i32).serialize(&mut out);
    out.extend_from_slice(&m.body);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn containers_round_trip_and_garbage_is_refused() {
        let mut ob = Outbox::new();
        let packed = ob.pack(vec![
            (vec![1, 0, 0, 0], true, true),
            (vec![2, 0, 0, 0], false, false),
        ]);
        let mut c = Cursor::from_slice(&packed);
        let outer = read_msg(&mut c).unwrap();
        let inner = parse_container(&outer.body).unwrap();
        assert_eq!(inner.len(), 2);
        assert_eq!(inner[0].seq_no, 1);
        assert_eq!(inner[0].msg_id % 4, 1);
        assert_eq!(inner[1].msg_id % 4, 3);
        assert!(parse_container(&[0xdc, 0xf8, 0xf1, 0x73, 5, 0, 0, 0]).is_none());
        assert!(parse_envelope(&[0u8; 10]).is_none());
        assert!(gunzip(&[0xa1, 0xcf, 0x72, 0x30, 4, 1, 2, 3, 4, 0, 0, 0]).is_none());
    }
}
