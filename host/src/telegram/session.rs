//! Session strings: the formats people already have (Telethon, Pyrogram) and
//! tgmcp's own. A session string is full account access: it is never logged,
//! echoed or written anywhere by this module, and `Debug` redacts the key.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use base64::engine::general_purpose::{URL_SAFE, URL_SAFE_NO_PAD};
use base64::Engine;

/// Prefix of tgmcp's own format (`tgmcp login` prints these).
const TGMCP_PREFIX: &str = "tgmcp:1:";

/// Which format a session string was in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionFormat {
    Telethon,
    Pyrogram,
    Tgmcp,
}

/// What a session string holds: the home DC, its address when the format
/// carries one, and the 256-byte authorization key.
#[derive(Clone, PartialEq, Eq)]
pub struct SessionData {
    pub format: SessionFormat,
    pub dc_id: i32,
    pub addr: Option<SocketAddr>,
    pub auth_key: [u8; 256],
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
#[error("TELEGRAM_SESSION_STRING is not a session string tgmcp can use: {reason}.\n  Accepted: a Telethon StringSession (starts with \"1\"), a Pyrogram session string, or one printed by `tgmcp login`.\n  Make a new one with `tgmcp login`.")]
pub struct SessionError {
    pub reason: String,
}

fn err(reason: impl Into<String>) -> SessionError {
    SessionError {
        reason: reason.into(),
    }
}

/// URL-safe base64 with or without padding (people trim it when pasting).
fn b64(s: &str) -> Option<Vec<u8>> {
    let s = s.trim();
    URL_SAFE
        .decode(s)
        .or_else(|_| URL_SAFE_NO_PAD.decode(s.trim_end_matches('=')))
        .ok()
}

fn key(bytes: &[u8]) -> [u8; 256] {
    let mut k = [0u8; 256];
    k.copy_from_slice(&bytes[..256]);
    k
}

/// Decodes any accepted format.
pub fn decode(input: &str) -> Result<SessionData, SessionError> {
    let s: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    let s = s.trim_matches(|c| c == '"' || c == '\'');
    if s.is_empty() {
        return Err(err("it is empty"));
    }
    if let Some(rest) = s.strip_prefix(TGMCP_PREFIX) {
        return decode_tgmcp(rest);
    }
    if let Some(rest) = s.strip_prefix('1') {
        if let Some(bytes) = b64(rest).filter(|b| b.len() == 263 || b.len() == 275) {
            return decode_telethon(&bytes);
        }
    }
    if let Some(bytes) = b64(s) {
        if matches!(bytes.len(), 271 | 267 | 263) {
            return decode_pyrogram(&bytes);
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
    let dc_id = b[0] as i32;
    let ip_len = b.len() - 1 - 2 - 256;
    let ip: IpAddr = if ip_len == 4 {
        Ipv4Addr::new(b[1], b[2], b[3], b[4]).into()
    } else {
        let mut o = [0u8; 16];
        o.copy_from_slice(&b[1..17]);
        Ipv6Addr::from(o).into()
    };
    let port = u16::from_be_bytes([b[1 + ip_len], b[2 + ip_len]]);
    check_dc(dc_id)?;
    Ok(SessionData {
        format: SessionFormat::Telethon,
        dc_id,
        addr: Some(SocketAddr::new(ip, port)),
        auth_key: key(&b[3 + ip_len..]),
        user_id: None,
    })
}

/// Pyrogram: `>BI?256sQ?` (dc, api_id, test_mode, key, user_id, is_bot), or the
/// older `>B?256sQ?` / `>B?256sI?` without the api id.
fn decode_pyrogram(b: &[u8]) -> Result<SessionData, SessionError> {
    let dc_id = b[0] as i32;
    let (test_mode, key_at, user_id) = match b.len() {
        271 => (
            b[5] != 0,
            6,
            i64::from_be_bytes(b[262..270].try_into().map_err(|_| err("truncated"))?),
        ),
        267 => (
            b[1] != 0,
            2,
            i64::from_be_bytes(b[258..266].try_into().map_err(|_| err("truncated"))?),
        ),
        _ => (
            b[1] != 0,
            2,
            u32::from_be_bytes(b[258..262].try_into().map_err(|_| err("truncated"))?) as i64,
        ),
    };
    if test_mode {
        return Err(err("it is for Telegram's test servers"));
    }
    check_dc(dc_id)?;
    Ok(SessionData {
        format: SessionFormat::Pyrogram,
        dc_id,
        addr: None,
        auth_key: key(&b[key_at..]),
        user_id: Some(user_id),
    })
}

/// tgmcp's own: `tgmcp:1:` + base64url(dc u8, ip len u8, ip, port u16, key, user id i64).
fn decode_tgmcp(rest: &str) -> Result<SessionData, SessionError> {
    let b = b64(rest).ok_or_else(|| err("its tgmcp payload is not base64"))?;
    let ip_len = *b.get(1).ok_or_else(|| err("it is truncated"))? as usize;
    if !(ip_len == 0 || ip_len == 4 || ip_len == 16) || b.len() != 2 + ip_len + 2 + 256 + 8 {
        return Err(err("it is truncated or damaged"));
    }
    let dc_id = b[0] as i32;
    let addr = match ip_len {
        4 => Some(IpAddr::from(
            <[u8; 4]>::try_from(&b[2..6]).map_err(|_| err("bad address"))?,
        )),
        16 => Some(IpAddr::from(
            <[u8; 16]>::try_from(&b[2..18]).map_err(|_| err("bad address"))?,
        )),
        _ => None,
    };
    let p = 2 + ip_len;
    let port = u16::from_be_bytes([b[p], b[p + 1]]);
    let user_id = i64::from_be_bytes(
        b[p + 258..p + 266]
            .try_into()
            .map_err(|_| err("truncated"))?,
    );
    check_dc(dc_id)?;
    Ok(SessionData {
        format: SessionFormat::Tgmcp,
        dc_id,
        addr: addr.map(|ip| SocketAddr::new(ip, port)),
        auth_key: key(&b[p + 2..]),
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
mod tests {
    use super::*;

    fn test_key(dc: u8) -> [u8; 256] {
        let mut k = [0u8; 256];
        for (i, b) in k.iter_mut().enumerate() {
            *b = ((i * 7 + dc as usize) % 256) as u8;
        }
        k
    }

    // Made by the real Telethon 1.x: StringSession with set_dc(...) and
    // AuthKey(bytes((i * 7 + dc) % 256 for i in range(256))), then .save().
    const TELETHON_V4: &str = "1ApWapzMBuwIJEBceJSwzOkFIT1ZdZGtyeYCHjpWco6qxuL_GzdTb4unw9_4FDBMaISgvNj1ES1JZYGdudXyDipGYn6attLvCydDX3uXs8_oBCA8WHSQrMjlAR05VXGNqcXh_ho2Um6KpsLe-xczT2uHo7_b9BAsSGSAnLjU8Q0pRWF9mbXR7gomQl56lrLO6wcjP1t3k6_L5AAcOFRwjKjE4P0ZNVFtiaXB3foWMk5qhqK-2vcTL0tng5-71_AMKERgfJi00O0JJUFdeZWxzeoGIj5adpKuyucDHztXc4-rx-P8GDRQbIikwNz5FTFNaYWhvdn2Ei5KZoKeutbzDytHY3-bt9Ps=";
    const TELETHON_V6: &str = "1BCABBnwE6PAEAAAAAAAAAAoBuwQLEhkgJy41PENKUVhfZm10e4KJkJeepayzusHIz9bd5Ovy-QAHDhUcIyoxOD9GTVRbYmlwd36FjJOaoaivtr3Ey9LZ4Ofu9fwDChEYHyYtNDtCSVBXXmVsc3qBiI-WnaSrsrnAx87V3OPq8fj_Bg0UGyIpMDc-RUxTWmFob3Z9hIuSmaCnrrW8w8rR2N_m7fT7AgkQFx4lLDM6QUhPVl1ka3J5gIeOlZyjqrG4v8bN1Nvi6fD3_gUMExohKC82PURLUllgZ251fIOKkZifpq20u8LJ0Nfe5ezz-gEIDxYdJCsyOUBHTlVcY2pxeH-GjZSboqmwt77FzNPa4ejv9v0=";

    #[test]
    fn telethon_ipv4() {
        let d = decode(TELETHON_V4).unwrap();
        assert_eq!(d.format, SessionFormat::Telethon);
        assert_eq!(d.dc_id, 2);
        assert_eq!(d.addr, Some("149.154.167.51:443".parse().unwrap()));
        assert_eq!(d.auth_key, test_key(2));
    }

    #[test]
    fn telethon_ipv6_and_pasted_with_whitespace_and_quotes() {
        let pasted = format!("\"{}\n\"", TELETHON_V6);
        let d = decode(&pasted).unwrap();
        assert_eq!(d.dc_id, 4);
        assert_eq!(d.addr, Some("[2001:67c:4e8:f004::a]:443".parse().unwrap()));
        assert_eq!(d.auth_key, test_key(4));
    }

    fn pyrogram(dc: u8, test_mode: bool, user_id: i64) -> String {
        // struct.pack(">BI?256sQ?", dc, api_id, test_mode, key, user_id, is_bot)
        let mut b = vec![dc];
        b.extend_from_slice(&12345u32.to_be_bytes());
        b.push(test_mode as u8);
        b.extend_from_slice(&test_key(dc));
        b.extend_from_slice(&user_id.to_be_bytes());
        b.push(0);
        URL_SAFE_NO_PAD.encode(b)
    }

    #[test]
    fn pyrogram_current_format() {
        let d = decode(&pyrogram(5, false, 777000111)).unwrap();
        assert_eq!(d.format, SessionFormat::Pyrogram);
        assert_eq!(d.dc_id, 5);
        assert_eq!(d.addr, None);
        assert_eq!(d.auth_key, test_key(5));
        assert_eq!(d.user_id, Some(777000111));
    }

    #[test]
    fn pyrogram_old_format() {
        // ">B?256sI?": dc, test_mode, key, user_id (u32), is_bot
        let mut b = vec![1u8, 0];
        b.extend_from_slice(&test_key(1));
        b.extend_from_slice(&42u32.to_be_bytes());
        b.push(0);
        let d = decode(&URL_SAFE.encode(b)).unwrap();
        assert_eq!(
            (d.format, d.dc_id, d.user_id),
            (SessionFormat::Pyrogram, 1, Some(42))
        );
        assert_eq!(d.auth_key, test_key(1));
    }

    #[test]
    fn pyrogram_test_servers_are_refused() {
        let e = decode(&pyrogram(2, true, 1)).unwrap_err();
        assert!(e.to_string().contains("test servers"));
    }

    #[test]
    fn tgmcp_round_trips() {
        for addr in [
            Some("149.154.167.51:443".parse().unwrap()),
            Some("[2001:67c:4e8:f002::a]:443".parse().unwrap()),
            None,
        ] {
            let d = SessionData {
                format: SessionFormat::Tgmcp,
                dc_id: 2,
                addr,
                auth_key: test_key(9),
                user_id: Some(123),
            };
            let s = encode(&d);
            assert!(s.starts_with("tgmcp:1:"));
            assert_eq!(decode(&s).unwrap(), d);
        }
    }

    #[test]
    fn bad_strings_fail_clearly_and_never_echo_the_input() {
        let secret_like = "1AAAAsecretSECRETsecret";
        for bad in [
            "",
            "hello world!",
            secret_like,
            "tgmcp:1:AAAA",
            &TELETHON_V4[..200],
        ] {
            let e = decode(bad).unwrap_err().to_string();
            assert!(
                e.contains("Telethon") && e.contains("Pyrogram") && e.contains("tgmcp login"),
                "{e}"
            );
            if bad.len() > 8 {
                assert!(!e.contains(bad), "the error echoes the input: {e}");
            }
        }
        let mut wrong_dc = URL_SAFE.decode(&TELETHON_V4[1..]).unwrap();
        wrong_dc[0] = 9;
        let e = decode(&format!("1{}", URL_SAFE.encode(wrong_dc))).unwrap_err();
        assert!(e.to_string().contains("data center id 9"));
    }

    #[test]
    fn debug_redacts_the_key() {
        let d = decode(TELETHON_V4).unwrap();
        let s = format!("{d:?}");
        assert!(s.contains("<redacted>") && !s.contains("86, 93"));
    }
}
