//! Tests of `session.rs`.
//! (Over 400 lines: one group of cases per session-string format.)

use super::*;
use base64::engine::general_purpose::{STANDARD, URL_SAFE};

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
            ["Telethon", "Pyrogram", "GramJS", "mtcute", "tgmcp login"]
                .iter()
                .all(|f| e.contains(f)),
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

/// A fixture made by the real library (see tests/fixtures/sessions/README.md).
macro_rules! fixture {
    ($name:literal) => {
        include_str!(concat!("../../tests/fixtures/sessions/", $name)).trim_ascii()
    };
}

const GRAMJS_V4: &str = fixture!("gramjs_ipv4.txt");
const GRAMJS_V6: &str = fixture!("gramjs_ipv6.txt");
const GRAMJS_HOST: &str = fixture!("gramjs_hostname.txt");
const MTCUTE_USER: &str = fixture!("mtcute_user.txt");
const MTCUTE_BOT: &str = fixture!("mtcute_bot.txt");
const MTCUTE_V6: &str = fixture!("mtcute_ipv6_big_id.txt");
const MTCUTE_NO_SELF: &str = fixture!("mtcute_no_self.txt");
const MTCUTE_TEST_DC: &str = fixture!("mtcute_test_dc.txt");

#[test]
fn gramjs_ipv4_ipv6_and_host_name() {
    let d = decode(GRAMJS_V4).unwrap();
    assert_eq!(d.format, SessionFormat::GramJs);
    assert_eq!(d.dc_id, 2);
    assert_eq!(d.addr, Some("149.154.167.51:443".parse().unwrap()));
    assert_eq!(d.auth_key, test_key(2));
    assert_eq!(d.user_id, None);

    let d = decode(GRAMJS_V6).unwrap();
    assert_eq!((d.format, d.dc_id), (SessionFormat::GramJs, 4));
    assert_eq!(d.addr, Some("[2001:67c:4e8:f004::a]:443".parse().unwrap()));
    assert_eq!(d.auth_key, test_key(4));

    // A browser's GramJS stores a host name: the DC's known address is used.
    let d = decode(GRAMJS_HOST).unwrap();
    assert_eq!(
        (d.format, d.dc_id, d.addr),
        (SessionFormat::GramJs, 2, None)
    );
    assert_eq!(d.auth_key, test_key(2));
}

#[test]
fn telethon_and_gramjs_both_start_with_1_and_are_told_apart() {
    // GramJS writes standard base64 with '+' and '/'; the fixture must hold
    // some, or this test would not show that the alphabet is accepted.
    assert!(GRAMJS_V4.contains(['+', '/']));
    // The layout decides, not the alphabet: swap each string's alphabet.
    let gramjs_urlsafe = GRAMJS_V4.replace('+', "-").replace('/', "_");
    let telethon_std = format!(
        "1{}",
        STANDARD.encode(URL_SAFE.decode(&TELETHON_V4[1..]).unwrap())
    );
    for (s, format) in [
        (GRAMJS_V4, SessionFormat::GramJs),
        (gramjs_urlsafe.as_str(), SessionFormat::GramJs),
        (TELETHON_V4, SessionFormat::Telethon),
        (telethon_std.as_str(), SessionFormat::Telethon),
        (TELETHON_V6, SessionFormat::Telethon),
    ] {
        let d = decode(s).unwrap();
        assert_eq!(d.format, format);
        assert_eq!(d.auth_key, test_key(d.dc_id as u8));
    }
    // GramJS's IPv4 string and Telethon's IPv6 one are both 275 bytes.
    assert_eq!(b64(&GRAMJS_V4[1..]).unwrap().len(), 275);
    assert_eq!(b64(&TELETHON_V6[1..]).unwrap().len(), 275);
}

#[test]
fn mtcute_user_sessions() {
    let d = decode(MTCUTE_USER).unwrap();
    assert_eq!(d.format, SessionFormat::Mtcute);
    assert_eq!(d.dc_id, 2);
    assert_eq!(d.addr, Some("149.154.167.51:443".parse().unwrap()));
    assert_eq!(d.auth_key, test_key(2));
    assert_eq!(d.user_id, Some(777000111));

    // IPv6, no separate media DC, a user id above 2^32.
    let d = decode(MTCUTE_V6).unwrap();
    assert_eq!((d.format, d.dc_id), (SessionFormat::Mtcute, 4));
    assert_eq!(d.addr, Some("[2001:67c:4e8:f004::a]:443".parse().unwrap()));
    assert_eq!(d.auth_key, test_key(4));
    assert_eq!(d.user_id, Some(7000000002));

    let d = decode(MTCUTE_NO_SELF).unwrap();
    assert_eq!(
        (d.format, d.dc_id, d.user_id),
        (SessionFormat::Mtcute, 2, None)
    );
    assert_eq!(d.auth_key, test_key(2));
}

/// The TL `dcOption` older mtcute strings (layout versions 1 and 2) hold.
fn tl_dc_option(id: i32, ip: &str, port: i32, secret: bool) -> Vec<u8> {
    let mut b = 0x18b7_a10du32.to_le_bytes().to_vec();
    b.extend_from_slice(&(if secret { 1024u32 } else { 0 }).to_le_bytes());
    b.extend_from_slice(&id.to_le_bytes());
    b.extend_from_slice(&tl_bytes(ip.as_bytes()));
    b.extend_from_slice(&port.to_le_bytes());
    if secret {
        b.extend_from_slice(&tl_bytes(&[9; 16]));
    }
    b
}

fn tl_bytes(data: &[u8]) -> Vec<u8> {
    let mut b = if data.len() < 254 {
        vec![data.len() as u8]
    } else {
        let n = (data.len() as u32).to_le_bytes();
        vec![254, n[0], n[1], n[2]]
    };
    b.extend_from_slice(data);
    while b.len() % 4 != 0 {
        b.push(0);
    }
    b
}

#[test]
fn mtcute_legacy_layout_made_by_mtcute_0_2() {
    let d = decode(fixture!("mtcute_v2_legacy.txt")).unwrap();
    assert_eq!((d.format, d.dc_id), (SessionFormat::Mtcute, 3));
    assert_eq!(d.addr, Some("149.154.175.100:443".parse().unwrap()));
    assert_eq!((d.auth_key, d.user_id), (test_key(3), Some(123456789)));
}

#[test]
fn mtcute_older_layouts_with_tl_dc_options() {
    // Version 2: flags 1 (self) | 4 (media DC); the media DC has a secret.
    let mut b = vec![2u8];
    b.extend_from_slice(&5i32.to_le_bytes());
    b.extend_from_slice(&tl_dc_option(3, "149.154.175.100", 443, false));
    b.extend_from_slice(&tl_dc_option(3, "149.154.175.101", 443, true));
    b.extend_from_slice(&123456789i64.to_le_bytes());
    b.extend_from_slice(&0xbc79_9737u32.to_le_bytes());
    b.extend_from_slice(&tl_bytes(&test_key(3)));
    let d = decode(&URL_SAFE_NO_PAD.encode(&b)).unwrap();
    assert_eq!((d.format, d.dc_id), (SessionFormat::Mtcute, 3));
    assert_eq!(d.addr, Some("149.154.175.100:443".parse().unwrap()));
    assert_eq!((d.auth_key, d.user_id), (test_key(3), Some(123456789)));

    // Version 1, test servers flagged in the outer flags.
    let mut b = vec![1u8];
    b.extend_from_slice(&2i32.to_le_bytes());
    b.extend_from_slice(&tl_dc_option(2, "149.154.167.40", 443, false));
    b.extend_from_slice(&tl_bytes(&test_key(2)));
    let e = decode(&URL_SAFE_NO_PAD.encode(&b)).unwrap_err();
    assert!(e.to_string().contains("test servers"), "{e}");
}

#[test]
fn bot_sessions_are_refused_in_every_format_that_says_so() {
    let mut pyro_bot = URL_SAFE_NO_PAD.decode(pyrogram(2, false, 42)).unwrap();
    *pyro_bot.last_mut().unwrap() = 1;
    for s in [MTCUTE_BOT.to_string(), URL_SAFE_NO_PAD.encode(pyro_bot)] {
        let e = decode(&s).unwrap_err().to_string();
        assert!(
            e.contains(
                "this is a bot's session; tgmcp needs a user account's session: \
                 make one with `tgmcp login`"
            ),
            "{e}"
        );
        assert!(!e.contains(&s[..40]), "the error echoes the input: {e}");
    }
}

#[test]
fn test_servers_are_refused_in_mtcute_too() {
    let e = decode(MTCUTE_TEST_DC).unwrap_err();
    assert!(e.to_string().contains("test servers"), "{e}");
}

/// Every accepted string of every format, for the damage tests.
fn all_valid() -> Vec<String> {
    let tgmcp = encode(&decode(MTCUTE_USER).unwrap());
    let mut old_pyro = vec![1u8, 0];
    old_pyro.extend_from_slice(&test_key(1));
    old_pyro.extend_from_slice(&42i64.to_be_bytes());
    old_pyro.push(0);
    [
        TELETHON_V4,
        TELETHON_V6,
        GRAMJS_V4,
        GRAMJS_V6,
        GRAMJS_HOST,
        MTCUTE_USER,
        MTCUTE_V6,
        MTCUTE_NO_SELF,
        fixture!("mtcute_v2_legacy.txt"),
        &pyrogram(5, false, 777000111),
        &URL_SAFE_NO_PAD.encode(old_pyro),
        &tgmcp,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// The prefix a format puts before its base64, and the base64 itself.
fn split(s: &str) -> (&str, &str) {
    if let Some(rest) = s.strip_prefix(TGMCP_PREFIX) {
        (TGMCP_PREFIX, rest)
    } else if let Some(rest) = s.strip_prefix('1') {
        ("1", rest)
    } else {
        ("", s)
    }
}

#[test]
fn truncated_strings_of_every_format_are_refused_without_panicking() {
    for s in all_valid() {
        assert!(decode(&s).is_ok());
        let (prefix, body) = split(&s);
        let bytes = b64(body).unwrap();
        for cut in 0..bytes.len() {
            let t = format!("{prefix}{}", URL_SAFE_NO_PAD.encode(&bytes[..cut]));
            // Telethon and Pyrogram pick their layout by length alone (as
            // the libraries do), so a cut landing on another layout's
            // exact length can decode; any other cut must be refused.
            let same_length_layout = matches!(cut, 263 | 267 | 271 | 275);
            assert!(
                decode(&t).is_err() || same_length_layout,
                "{prefix:?} cut to {cut} bytes"
            );
        }
        // Dropping only the '=' padding leaves the same string.
        for cut in 0..s.trim_end_matches('=').len() {
            let r = decode(&s[..cut]);
            let n = b64(split(&s[..cut]).1).map_or(0, |b| b.len());
            assert!(
                r.is_err() || matches!(n, 263 | 267 | 271 | 275),
                "{:?} cut to {cut} characters",
                split(&s).0
            );
        }
    }
}

/// A small deterministic generator (xorshift), so failures reproduce.
fn xorshift(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

#[test]
fn damaged_and_random_strings_never_panic() {
    // Every byte of every valid string set to values that stress length
    // fields (0, 1, 3, 0xfe, 0xff): decoding may succeed or fail, never panic.
    for s in all_valid() {
        let (prefix, body) = split(&s);
        let bytes = b64(body).unwrap();
        for i in 0..bytes.len() {
            for v in [0u8, 1, 3, 0xfe, 0xff] {
                let mut b = bytes.clone();
                b[i] = v;
                let _ = decode(&format!("{prefix}{}", URL_SAFE_NO_PAD.encode(&b)));
            }
        }
    }
    // Random bytes of every length up to 600, shaped like each format's start.
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    for len in 0..600 {
        for first in [None, Some(1u8), Some(2), Some(3)] {
            let mut b: Vec<u8> = (0..len).map(|_| xorshift(&mut state) as u8).collect();
            if let (Some(f), Some(b0)) = (first, b.first_mut()) {
                *b0 = f;
            }
            let enc = URL_SAFE_NO_PAD.encode(&b);
            for prefix in ["", "1", TGMCP_PREFIX] {
                let _ = decode(&format!("{prefix}{enc}"));
            }
        }
    }
    for garbage in [
        "1",
        "1=",
        "tgmcp:1:",
        "====",
        "-_-_",
        "1+/+/",
        "\u{0}\u{ff}",
    ] {
        assert!(decode(garbage).is_err());
    }
}

#[test]
fn an_address_no_connection_can_reach_is_refused_with_a_reason() {
    for addr in ["149.154.167.51:0", "0.0.0.0:443", "224.0.0.1:443"] {
        let s = encode(&SessionData {
            format: SessionFormat::Tgmcp,
            dc_id: 2,
            addr: Some(addr.parse().unwrap()),
            auth_key: test_key(2),
            user_id: None,
        });
        let e = decode(&s).unwrap_err().to_string();
        assert!(e.contains("cannot be connected to"), "{addr}: {e}");
    }
    // Telethon's own decoder takes the standard alphabet too (it maps -_ to
    // +/ and keeps +/), so a string written in it is the same session.
    let standard = TELETHON_V4.replace('-', "+").replace('_', "/");
    assert_ne!(standard, TELETHON_V4);
    assert_eq!(decode(&standard).unwrap(), decode(TELETHON_V4).unwrap());
}
