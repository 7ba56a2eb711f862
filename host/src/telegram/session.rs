//! Session strings: the formats people already have (Telethon, Pyrogram,
//! GramJS, mtcute) and tgmcp's own. A session string is full account access: it
//! is never logged, echoed or written anywhere by this module, and `Debug`
//! redacts the key.
//! (Over 400 lines: five string formats, each a small length-checked
//! decoder, kept together so the order formats are told apart in is one place.)

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
use base64::Engine;

/// Prefix of tgmcp's own format (`tgmcp login` prints these).
const TGMCP_PREFIX: &str = "tgmcp:1:";

/// Why a bot's session is refused (the tools need a user account: dialogs, history, sending as a person).
const BOT_SESSION: &str =
    "this is a bot's session; tgmcp needs a user account's session: make one with `tgmcp login`";

/// Which format a session string was in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionFormat {
    /// Telethon `StringSession` ('1' + base64url of dc, packed IP, port, key).
    Telethon,
    /// Pyrogram (and its forks) `export_session_string`.
    Pyrogram,
    /// GramJS `StringSession` ('1' + base64 of dc, address text, port, key).
    GramJs,
    /// mtcute `exportSession` (versioned TL layout, base64url).
    Mtcute,
    /// tgmcp's own, printed by `tgmcp login`.
    Tgmcp,
}

/// What a session string holds: the home DC, its address when the format
/// carries one, and the 256-byte authorization key.
#[derive(Clone, PartialEq, Eq)]
pub struct SessionData {
    /// The format the string was in.
    pub format: SessionFormat,
    /// Home data center, 1-5.
    pub dc_id: i32,
    /// The home DC's address, when the string names one by IP.
    pub addr: Option<SocketAddr>,
    /// The MTProto authorization key.
    pub auth_key: [u8; 256],
    /// The account's user id, when the format stores it.
    pub user_id: Option<i64>,
}

impl std::fmt::Debug for SessionData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionData")
            .field("format", &self.format)
            .field("dc_id", &self.dc_id)
            .field("addr", &self.addr)
            .field("auth_key", &"<redacted>")
            .field("user_id", &self.user_id)
            .finish()
    }
}

/// Why a session string was refused. Never contains the string itself.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("TELEGRAM_SESSION_STRING is not a session string tgmcp can use: {reason}.\n  Accepted: a Telethon or GramJS StringSession (starts with \"1\"), a Pyrogram or mtcute session string, or one printed by `tgmcp login`.\n  Make a new one with `tgmcp login`.")]
pub struct SessionError {
    /// What is wrong with it, in words (never quoting it).
    pub reason: String,
}

fn err(reason: impl Into<String>) -> SessionError {
    SessionError {
        reason: reason.into(),
    }
}

fn truncated() -> SessionError {
    err("it is truncated or damaged")
}

/// Base64 in either alphabet, padded or not: Telethon, Pyrogram, mtcute and
/// tgmcp write URL-safe base64, GramJS the standard one, and people trim the
/// padding when pasting.
fn b64(s: &str) -> Option<Vec<u8>> {
    let s: String = s
        .trim()
        .trim_end_matches('=')
        .chars()
        .map(|c| match c {
            '-' => '+',
            '_' => '/',
            c => c,
        })
        .collect();
    STANDARD_NO_PAD.decode(s).ok()
}

/// A cursor over untrusted bytes: every read is length-checked, so a
/// truncated or forged string is an error and never a panic.
struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn new(b: &'a [u8]) -> Self {
        Reader { b, pos: 0 }
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], SessionError> {
        let end = self.pos.checked_add(n).ok_or_else(truncated)?;
        let out = self.b.get(self.pos..end).ok_or_else(truncated)?;
        self.pos = end;
        Ok(out)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], SessionError> {
        <[u8; N]>::try_from(self.take(N)?).map_err(|_| truncated())
    }

    fn u8(&mut self) -> Result<u8, SessionError> {
        Ok(self.array::<1>()?[0])
    }

    fn rest(&self) -> usize {
        self.b.len().saturating_sub(self.pos)
    }

    fn key(&mut self) -> Result<[u8; 256], SessionError> {
        self.array::<256>()
    }

    /// A TL `bytes`/`string`: a 1-byte length (or 254 + 3-byte length), the
    /// data, then padding to a multiple of 4 counted from the length prefix.
    fn tl_bytes(&mut self) -> Result<&'a [u8], SessionError> {
        let first = self.u8()?;
        let (len, header) = match first {
            254 => {
                let [a, b, c] = self.array::<3>()?;
                (u32::from_le_bytes([a, b, c, 0]) as usize, 4)
            }
            255 => return Err(truncated()),
            n => (n as usize, 1),
        };
        let data = self.take(len)?;
        self.take((4 - (header + len) % 4) % 4)?;
        Ok(data)
    }

    /// A TL `Bool`: the `boolTrue` / `boolFalse` constructor ids.
    fn tl_bool(&mut self) -> Result<bool, SessionError> {
        match u32::from_le_bytes(self.array()?) {
            0x9972_75b5 => Ok(true),
            0xbc79_9737 => Ok(false),
            _ => Err(truncated()),
        }
    }
}

/// Decodes any accepted format, refusing an address no connection can reach
/// (port 0, 0.0.0.0, multicast): it would otherwise be retried forever.
pub fn decode(input: &str) -> Result<SessionData, SessionError> {
    let d = decode_format(input)?;
    if let Some(a) = d.addr {
        let ip = a.ip();
        let unreachable = a.port() == 0
            || ip.is_unspecified()
            || ip.is_multicast()
            || matches!(ip, IpAddr::V4(v4) if v4.is_broadcast());
        if unreachable {
            return Err(err(format!(
                "its Telegram address {a} cannot be connected to"
            )));
        }
    }
    Ok(d)
}

fn decode_format(input: &str) -> Result<SessionData, SessionError> {
    let s: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    let s = s.trim_matches(|c| c == '"' || c == '\'');
    if s.is_empty() {
        return Err(err("it is empty"));
    }
    if let Some(rest) = s.strip_prefix(TGMCP_PREFIX) {
        return decode_tgmcp(rest);
    }
    // Telethon and GramJS both write '1' then base64; the layouts tell them
    // apart (GramJS stores the address as length-prefixed text).
    if let Some(bytes) = s.strip_prefix('1').and_then(b64) {
        if let Some(address) = gramjs_address(&bytes) {
            return decode_gramjs(&bytes, address);
        }
        if bytes.len() == 263 || bytes.len() == 275 {
            return decode_telethon(&bytes);
        }
    }
    if let Some(bytes) = b64(s) {
        if matches!(bytes.len(), 271 | 267 | 263) {
            return decode_pyrogram(&bytes);
        }
        // mtcute's first byte is its layout version (1-3); its shortest string
        // is longer than any Pyrogram one, so the two never collide.
        if matches!(bytes.first(), Some(1..=3)) && bytes.len() > 271 {
            return decode_mtcute(&bytes);
        }
        return Err(err(format!(
            "it decodes to {} bytes, which matches no known format",
            bytes.len()
        )));
    }
    Err(err("it is not base64 text"))
}

/// Telethon `StringSession`: '1' + base64url(`>B{4|16}sH256s`).
fn decode_telethon(b: &[u8]) -> Result<SessionData, SessionError> {
    let mut r = Reader::new(b);
    let dc_id = i32::from(r.u8()?);
    let ip: IpAddr = match r.rest() {
        262 => Ipv4Addr::from(r.array::<4>()?).into(),
        274 => Ipv6Addr::from(r.array::<16>()?).into(),
        _ => return Err(truncated()),
    };
    // Any 263 or 275 bytes fit this layout; an address in 0.0.0.0/8 or ::/8
    // (other than loopback, which local test servers use) means it is not
    // really a Telethon string, e.g. a damaged GramJS one.
    let plausible = match ip {
        IpAddr::V4(v4) => v4.octets()[0] != 0,
        IpAddr::V6(v6) => v6.is_loopback() || v6.octets()[0] != 0,
    };
    if !plausible {
        return Err(truncated());
    }
    let port = u16::from_be_bytes(r.array()?);
    let auth_key = r.key()?;
    check_dc(dc_id)?;
    Ok(SessionData {
        format: SessionFormat::Telethon,
        dc_id,
        addr: Some(SocketAddr::new(ip, port)),
        auth_key,
        user_id: None,
    })
}

/// The address bytes of a GramJS layout (dc u8, length u16 BE, address
/// text, port u16 BE, 256-byte key), if `b` has exactly that shape.
fn gramjs_address(b: &[u8]) -> Option<&str> {
    let len = usize::from(u16::from_be_bytes([*b.get(1)?, *b.get(2)?]));
    if len == 0 || b.len() != 1 + 2 + len + 2 + 256 {
        return None;
    }
    let text = std::str::from_utf8(b.get(3..3 + len)?).ok()?;
    text.chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | ':' | '-'))
        .then_some(text)
}

/// GramJS `StringSession`: '1' + base64(dc u8, address length u16 BE, address
/// as text, port u16 BE, 256-byte key). GramJS in a browser stores a host name
/// (`zws2.web.telegram.org`): that gives no address here, so the DC's
/// well-known one is used.
fn decode_gramjs(b: &[u8], address: &str) -> Result<SessionData, SessionError> {
    let mut r = Reader::new(b);
    let dc_id = i32::from(r.u8()?);
    r.take(2 + address.len())?;
    let port = u16::from_be_bytes(r.array()?);
    let auth_key = r.key()?;
    check_dc(dc_id)?;
    let addr = address
        .parse::<IpAddr>()
        .ok()
        .map(|ip| SocketAddr::new(ip, port));
    Ok(SessionData {
        format: SessionFormat::GramJs,
        dc_id,
        addr,
        auth_key,
        user_id: None,
    })
}

/// Pyrogram: `>BI?256sQ?` (dc, api_id, test_mode, key, user_id, is_bot), or the
/// older `>B?256sQ?` / `>B?256sI?` without the api id.
fn decode_pyrogram(b: &[u8]) -> Result<SessionData, SessionError> {
    let mut r = Reader::new(b);
    let dc_id = i32::from(r.u8()?);
    if b.len() == 271 {
        r.take(4)?; // api id
    }
    let test_mode = r.u8()?;
    let auth_key = r.key()?;
    let user_id = if b.len() == 263 {
        i64::from(u32::from_be_bytes(r.array()?))
    } else {
        i64::from_be_bytes(r.array()?)
    };
    let is_bot = r.u8()?;
    // Python packs bools as 0 or 1: anything else is not a Pyrogram string.
    if test_mode > 1 || is_bot > 1 {
        return Err(truncated());
    }
    if test_mode == 1 {
        return Err(err("it is for Telegram's test servers"));
    }
    if is_bot == 1 {
        return Err(err(BOT_SESSION));
    }
    check_dc(dc_id)?;
    Ok(SessionData {
        format: SessionFormat::Pyrogram,
        dc_id,
        addr: None,
        auth_key,
        user_id: Some(user_id),
    })
}

/// One DC as an mtcute string stores it.
struct MtcuteDc {
    id: i32,
    ip: Option<IpAddr>,
    port: i32,
    test_mode: bool,
}

/// mtcute (`exportSession` / `writeStringSession`): base64url of a version
/// byte (1-3), flags i32 LE (1: self user, 2: test servers, 4: separate media
/// DC), the primary DC (and the media DC), then if flagged the self user id
/// (i64 LE) and its is-bot TL `Bool`, then the key as TL `bytes`. Version 3
/// stores each DC as TL `bytes` of mtcute's own small layout; 1 and 2 as a
/// TL `dcOption`.
fn decode_mtcute(b: &[u8]) -> Result<SessionData, SessionError> {
    let mut r = Reader::new(b);
    let version = r.u8()?;
    let flags = i32::from_le_bytes(r.array()?);
    let has_media = version >= 2 && flags & 4 != 0;
    let read_dc = |r: &mut Reader| match version {
        3 => mtcute_basic_dc(r.tl_bytes()?),
        _ => mtcute_tl_dc(r),
    };
    let main = read_dc(&mut r)?;
    if has_media {
        read_dc(&mut r)?;
    }
    let user = if flags & 1 != 0 {
        let id = i64::from_le_bytes(r.array()?);
        Some((id, r.tl_bool()?))
    } else {
        None
    };
    let auth_key = <[u8; 256]>::try_from(r.tl_bytes()?)
        .map_err(|_| err("its authorization key is not 256 bytes"))?;
    if flags & 2 != 0 || main.test_mode {
        return Err(err("it is for Telegram's test servers"));
    }
    if user.is_some_and(|(_, is_bot)| is_bot) {
        return Err(err(BOT_SESSION));
    }
    check_dc(main.id)?;
    let port = u16::try_from(main.port).map_err(|_| err("its port is out of range"))?;
    Ok(SessionData {
        format: SessionFormat::Mtcute,
        dc_id: main.id,
        addr: main.ip.map(|ip| SocketAddr::new(ip, port)),
        auth_key,
        user_id: user.map(|(id, _)| id),
    })
}

/// mtcute's own DC layout (version 1 or 2 of it): version, id, flags (1: IPv6,
/// 2: media only, 4: test servers), the address as a TL string, port i32 LE.
fn mtcute_basic_dc(b: &[u8]) -> Result<MtcuteDc, SessionError> {
    let mut r = Reader::new(b);
    let [version, id, flags] = r.array::<3>()?;
    if version != 1 && version != 2 {
        return Err(truncated());
    }
    let ip = mtcute_ip(r.tl_bytes()?)?;
    let port = i32::from_le_bytes(r.array()?);
    Ok(MtcuteDc {
        id: i32::from(id),
        ip,
        port,
        test_mode: version == 2 && flags & 4 != 0,
    })
}

/// A TL `dcOption` (older mtcute strings): constructor, flags, id, address,
/// port, and a secret when flag 1024 is set.
fn mtcute_tl_dc(r: &mut Reader) -> Result<MtcuteDc, SessionError> {
    if u32::from_le_bytes(r.array()?) != 0x18b7_a10d {
        return Err(truncated());
    }
    let flags = u32::from_le_bytes(r.array()?);
    let id = i32::from_le_bytes(r.array()?);
    let ip = mtcute_ip(r.tl_bytes()?)?;
    let port = i32::from_le_bytes(r.array()?);
    if flags & 1024 != 0 {
        r.tl_bytes()?;
    }
    Ok(MtcuteDc {
        id,
        ip,
        port,
        test_mode: false,
    })
}

/// An address stored as text: an IP, or `None` for a host name (the DC's
/// well-known address is used then).
fn mtcute_ip(text: &[u8]) -> Result<Option<IpAddr>, SessionError> {
    let text = std::str::from_utf8(text).map_err(|_| truncated())?;
    Ok(text.parse().ok())
}

/// tgmcp's own: `tgmcp:1:` + base64url(dc u8, ip len u8, ip, port u16, key, user id i64).
fn decode_tgmcp(rest: &str) -> Result<SessionData, SessionError> {
    let b = b64(rest).ok_or_else(|| err("its tgmcp payload is not base64"))?;
    let mut r = Reader::new(&b);
    let dc_id = i32::from(r.u8()?);
    let ip: Option<IpAddr> = match r.u8()? {
        0 => None,
        4 => Some(Ipv4Addr::from(r.array::<4>()?).into()),
        16 => Some(Ipv6Addr::from(r.array::<16>()?).into()),
        _ => return Err(truncated()),
    };
    let port = u16::from_be_bytes(r.array()?);
    let auth_key = r.key()?;
    let user_id = i64::from_be_bytes(r.array()?);
    if r.rest() != 0 {
        return Err(truncated());
    }
    check_dc(dc_id)?;
    Ok(SessionData {
        format: SessionFormat::Tgmcp,
        dc_id,
        addr: ip.map(|ip| SocketAddr::new(ip, port)),
        auth_key,
        user_id: (user_id != 0).then_some(user_id),
    })
}

fn check_dc(dc: i32) -> Result<(), SessionError> {
    if (1..=5).contains(&dc) {
        Ok(())
    } else {
        Err(err(format!(
            "its data center id {dc} is not one of Telegram's (1-5)"
        )))
    }
}

/// Encodes in tgmcp's own format.
pub fn encode(d: &SessionData) -> String {
    let mut b = vec![d.dc_id as u8];
    match d.addr.map(|a| a.ip()) {
        Some(IpAddr::V4(ip)) => {
            b.push(4);
            b.extend_from_slice(&ip.octets());
        }
        Some(IpAddr::V6(ip)) => {
            b.push(16);
            b.extend_from_slice(&ip.octets());
        }
        None => b.push(0),
    }
    b.extend_from_slice(&d.addr.map_or(443, |a| a.port()).to_be_bytes());
    b.extend_from_slice(&d.auth_key);
    b.extend_from_slice(&d.user_id.unwrap_or(0).to_be_bytes());
    format!("{TGMCP_PREFIX}{}", URL_SAFE_NO_PAD.encode(b))
}

#[cfg(test)]
#[path = "session_tests.rs"]
mod tests;
