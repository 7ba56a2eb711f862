//! `TGMCP_PROXY`: a SOCKS5 proxy for networks where Telegram is blocked, and
//! the reachability check `tgmcp login` makes before asking anything.

use std::net::SocketAddr;
use std::time::Duration;

/// Why a proxy setting cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ProxyError {
    #[error("TGMCP_PROXY: {0}")]
    Invalid(String),
    #[error("TGMCP_PROXY: cannot resolve the proxy host {host}: {why}")]
    Resolve { host: String, why: String },
}

/// A checked `socks5://[user:password@]host:port` setting.
#[derive(Clone)]
pub struct Proxy {
    host: String,
    port: u16,
    user: String,
    password: String,
}

const EXAMPLE: &str = "e.g. socks5://127.0.0.1:1080 or socks5://user:password@proxy.example:1080";

impl Proxy {
    /// Parses the setting; MTProxy and HTTP proxies get a message saying what works.
    pub fn parse(s: &str) -> Result<Proxy, ProxyError> {
        let bad = |why: String| ProxyError::Invalid(why);
        let s = s.trim();
        if s.starts_with("tg://proxy") || s.contains("t.me/proxy") {
            return Err(bad(format!(
                "MTProxy links are not supported yet; use a SOCKS5 proxy, {EXAMPLE}"
            )));
        }
        let url = url::Url::parse(s).map_err(|e| bad(format!("not a URL ({e}); {EXAMPLE}")))?;
        match url.scheme() {
            "socks5" | "socks5h" => {}
            other => {
                return Err(bad(format!(
                    "{other}:// proxies are not supported; use a SOCKS5 proxy, {EXAMPLE}"
                )))
            }
        }
        let host = url
            .host_str()
            .filter(|h| !h.is_empty())
            .ok_or_else(|| bad(format!("the proxy host is missing; {EXAMPLE}")))?;
        let decode = |v: &str| {
            percent_decode(v)
                .ok_or_else(|| bad("the user name or password is not valid UTF-8".into()))
        };
        Ok(Proxy {
            host: host
                .trim_start_matches('[')
                .trim_end_matches(']')
                .to_string(),
            port: url.port().unwrap_or(1080),
            user: decode(url.username())?,
            password: decode(url.password().unwrap_or(""))?,
        })
    }

    /// The proxy as messages show it (never the password).
    pub fn shown(&self) -> String {
        format!("socks5://{}:{}", self.host, self.port)
    }

    /// The proxy's address, its host name resolved (once, here: grammers'
    /// own resolver panics where the system has no resolver configuration).
    pub async fn addr(&self) -> Result<SocketAddr, ProxyError> {
        let mut found = tokio::net::lookup_host((self.host.as_str(), self.port))
            .await
            .map_err(|e| ProxyError::Resolve {
                host: self.host.clone(),
                why: e.to_string(),
            })?;
        found.next().ok_or_else(|| ProxyError::Resolve {
            host: self.host.clone(),
            why: "no address".into(),
        })
    }

    /// The URL grammers connects through, with the host as an IP address.
    /// With credentials it is a loopback relay (see [`super::socks_bridge`]):
    /// grammers would send them percent-encoded.
    pub async fn resolved_url(&self) -> Result<String, ProxyError> {
        let addr = self.addr().await?;
        if !self.user.is_empty() {
            return super::socks_bridge::start(addr, self.user.clone(), self.password.clone())
                .await
                .map_err(|e| ProxyError::Invalid(format!("could not start the local relay: {e}")));
        }
        let url = url::Url::parse(&format!("socks5://{addr}"))
            .map_err(|e| ProxyError::Invalid(e.to_string()))?;
        Ok(url.to_string())
    }
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match (bytes[i], bytes.get(i + 1..i + 3)) {
            (b'%', Some(hex)) => {
                let hex = std::str::from_utf8(hex).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// Whether the peer on `s` answers the first step of MTProto's key exchange
/// (`req_pq_multi` → `resPQ` with our nonce), which Telegram answers to
/// anyone: a network that lets TCP through but filters MTProto (DPI,
/// throttling) fails here instead of after every question was answered.
async fn answers_mtproto<S>(s: &mut S) -> Result<(), String>
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    use grammers_crypto::DequeBuffer;
    use grammers_mtproto::mtp::{Deserialization, Mtp as _, Plain};
    use grammers_mtproto::transport::{self, Transport as _};
    use grammers_tl_types::{self as tl, Deserializable as _, Serializable as _};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let nonce: [u8; 16] = rand::random();
    // A plain (unencrypted) message in the full transport, as grammers sends
    // the first step of its own key exchange.
    let mut mtp = Plain::new();
    let mut t = transport::Full::new();
    let mut frame = DequeBuffer::with_capacity(64, 16);
    mtp.push(&mut frame, &tl::functions::ReqPqMulti { nonce }.to_bytes());
    t.pack(&mut frame);
    s.write_all(&frame[..]).await.map_err(|e| e.to_string())?;
    let not_mtproto = |why: &dyn std::fmt::Display| format!("the answer is not MTProto ({why})");
    let mut buf = Vec::with_capacity(256);
    let mut chunk = [0u8; 256];
    loop {
        let n = s.read(&mut chunk).await.map_err(|e| e.to_string())?;
        if n == 0 {
            return Err("the connection was closed without an MTProto answer".into());
        }
        buf.extend_from_slice(&chunk[..n]);
        if buf.len() > 4096 {
            return Err(not_mtproto(&"over 4 KiB"));
        }
        let off = match t.unpack(&mut buf[..]) {
            Ok(off) => off,
            Err(transport::Error::MissingBytes) => continue,
            Err(e) => return Err(not_mtproto(&e)),
        };
        let mut data = buf[off.data_range].to_vec();
        let answers = mtp.deserialize(&mut data).map_err(|e| not_mtproto(&e))?;
        let res_pq = answers.into_iter().find_map(|d| match d {
            Deserialization::RpcResult(r) => tl::enums::ResPq::from_bytes(&r.body).ok(),
            _ => None,
        });
        return match res_pq {
            Some(tl::enums::ResPq::Pq(pq)) if pq.nonce == nonce => Ok(()),
            _ => Err(not_mtproto(&"no resPQ with our nonce")),
        };
    }
}

/// Opens a TCP connection to Telegram's `addr`, through `proxy` when set,
/// and checks that MTProto is answered on it, within `timeout`: an error
/// says what to try.
pub async fn check_reachable(
    addr: SocketAddr,
    proxy: Option<&Proxy>,
    timeout: Duration,
) -> Result<(), String> {
    let attempt = async {
        match proxy {
            None => {
                let mut s = tokio::net::TcpStream::connect(addr)
                    .await
                    .map_err(|e| e.to_string())?;
                answers_mtproto(&mut s).await
            }
            Some(p) => {
                let via = p.addr().await.map_err(|e| e.to_string())?;
                let r = if p.user.is_empty() {
                    tokio_socks::tcp::Socks5Stream::connect(via, addr).await
                } else {
                    tokio_socks::tcp::Socks5Stream::connect_with_password(
                        via,
                        addr,
                        &p.user,
                        &p.password,
                    )
                    .await
                };
                let mut s = r.map_err(|e| format!("through the proxy {}: {e}", p.shown()))?;
                answers_mtproto(&mut s)
                    .await
                    .map_err(|e| format!("through the proxy {}: {e}", p.shown()))
            }
        }
    };
    let why = match tokio::time::timeout(timeout, attempt).await {
        Ok(Ok(())) => return Ok(()),
        Ok(Err(why)) => why,
        Err(_) => format!("no answer in {} s", timeout.as_secs()),
    };
    let hint = if proxy.is_some() {
        "check that the proxy runs and allows connections to Telegram"
    } else {
        "if Telegram is blocked or filtered on this network, set TGMCP_PROXY to a SOCKS5 proxy (socks5://host:port)"
    };
    Err(format!("cannot reach Telegram at {addr} ({why}); {hint}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn socks5_urls_parse_and_other_kinds_say_what_works() {
        let p = Proxy::parse("socks5://bob:p%40ss@127.0.0.1:9050").unwrap();
        assert_eq!((p.user.as_str(), p.password.as_str()), ("bob", "p@ss"));
        assert_eq!(p.shown(), "socks5://127.0.0.1:9050");
        assert_eq!(Proxy::parse("socks5://localhost").unwrap().port, 1080);
        let err = |s: &str| {
            Proxy::parse(s)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
        };
        assert!(err("tg://proxy?server=x&port=443&secret=ab").contains("MTProxy"));
        assert!(err("https://t.me/proxy?server=x").contains("MTProxy"));
        assert!(err("http://127.0.0.1:8080").contains("http:// proxies are not supported"));
        assert!(err("127.0.0.1:1080").contains("socks5://"));
    }

    #[tokio::test]
    async fn resolved_urls_carry_an_ip_and_never_the_password() {
        let p = Proxy::parse("socks5://localhost:1080").unwrap();
        let url = p.resolved_url().await.unwrap();
        assert!(
            url == "socks5://127.0.0.1:1080" || url == "socks5://[::1]:1080",
            "{url}"
        );
        // With credentials grammers dials the loopback relay, with a token.
        let p = Proxy::parse("socks5://bob:secret@localhost:1080").unwrap();
        let url = p.resolved_url().await.unwrap();
        assert!(url.starts_with("socks5://tgmcp:"), "{url}");
        assert!(
            url.contains("@127.0.0.1:") && !url.contains("secret"),
            "{url}"
        );
    }

    #[tokio::test]
    async fn an_unreachable_telegram_is_named_with_what_to_try() {
        // A port nobody listens on: bind one, note it, close it.
        let closed = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .unwrap();
        let direct = check_reachable(closed, None, Duration::from_secs(2)).await;
        let direct = direct.unwrap_err();
        assert!(
            direct.contains(&closed.to_string()) && direct.contains("TGMCP_PROXY"),
            "{direct}"
        );
        let proxy = Proxy::parse(&format!("socks5://{closed}")).unwrap();
        let via = check_reachable(closed, Some(&proxy), Duration::from_secs(2)).await;
        assert!(via.unwrap_err().contains("through the proxy"));
        // TCP alone is not Telegram: a listener that never answers MTProto
        // (a filtering network) is named as unreachable.
        let open = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = open.local_addr().unwrap();
        let silent = check_reachable(addr, None, Duration::from_secs(1)).await;
        assert!(silent.unwrap_err().contains("no answer"));
        // The local MTProto server answers the key exchange's first step.
        let tg = fakegram::Server::start(fakegram::Account::demo())
            .await
            .unwrap();
        assert_eq!(
            check_reachable(tg.addr(), None, Duration::from_secs(5)).await,
            Ok(())
        );
    }
}
