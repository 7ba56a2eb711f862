//! Fetching a file to send from an https URL, on the host: only https, only
//! public addresses (DNS is resolved here and every address checked, then
//! the connection is pinned to the checked addresses, so a second lookup
//! cannot swap in a private one), redirects re-checked hop by hop, and a cap
//! on bytes and time. A plugin never reaches the network itself.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use async_trait::async_trait;
use futures::StreamExt;

/// Redirects followed at most.
const MAX_REDIRECTS: usize = 3;

/// A fetched file: its bytes, and the type and name the server gave.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Fetched {
    pub bytes: Vec<u8>,
    /// From Content-Type, when the server sent one.
    pub mime: Option<String>,
    /// From the URL's last path segment.
    pub file_name: Option<String>,
}

/// Why a URL was not fetched.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FetchError {
    /// The URL is not allowed (not https, private address, …).
    #[error("URL refused: {0}")]
    Refused(String),
    #[error("the file at the URL is larger than {0} bytes")]
    TooLarge(usize),
    #[error("fetching the URL took longer than {0} s")]
    Timeout(u64),
    /// DNS, TLS, HTTP status or connection failures.
    #[error("could not fetch the URL: {0}")]
    Failed(String),
}

/// Turns a URL into bytes; injectable so tests need no network.
#[async_trait]
pub trait Fetcher: Send + Sync {
    /// The body at `url` with its type and a file name from the path.
    async fn fetch(&self, url: &str) -> Result<Fetched, FetchError>;
}

/// The real fetcher: reqwest over rustls, with the checks above.
#[derive(Debug, Clone)]
pub struct HttpsFetcher {
    pub max_bytes: usize,
    pub timeout: Duration,
}

impl HttpsFetcher {
    /// A fetcher of files of at most `max_bytes`, each within 20 s.
    pub fn new(max_bytes: usize) -> Self {
        HttpsFetcher {
            max_bytes,
            timeout: Duration::from_secs(20),
        }
    }
}

/// Whether an address is on the public internet (not loopback, private,
/// link-local, CGNAT, multicast, documentation, unspecified, …).
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            !(v4.is_private()
                || v4.is_loopback()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || o[0] == 0
                // 100.64.0.0/10 carrier-grade NAT, 198.18.0.0/15 benchmarking, 240/4 reserved.
                || (o[0] == 100 && (o[1] & 0xC0) == 64)
                || (o[0] == 198 && (o[1] & 0xFE) == 18)
                || o[0] >= 240
                || (o[0] == 192 && o[1] == 0 && o[2] == 0))
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public(IpAddr::V4(v4));
            }
            let s = v6.segments();
            // 2002::/16 6to4 carries an IPv4 address in its next 32 bits.
            if s[0] == 0x2002 {
                let v4 = std::net::Ipv4Addr::new(
                    (s[1] >> 8) as u8,
                    s[1] as u8,
                    (s[2] >> 8) as u8,
                    s[2] as u8,
                );
                return is_public(IpAddr::V4(v4));
            }
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                // fc00::/7 unique local, fe80::/10 link-local, 2001:db8::/32 documentation.
                || (s[0] & 0xFE00) == 0xFC00
                || (s[0] & 0xFFC0) == 0xFE80
                // fec0::/10 site-local (deprecated, still routed inside some sites).
                || (s[0] & 0xFFC0) == 0xFEC0
                // 2001::/32 Teredo hides an IPv4 address; 2001:10::/28, 2001:20::/28 ORCHID.
                || (s[0] == 0x2001 && (s[1] == 0 || (s[1] & 0xFFE0) == 0x0020 || (s[1] & 0xFFF0) == 0x0010))
                // 100::/64 discard-only.
                || (s[0] == 0x100 && s[1..4].iter().all(|x| *x == 0))
                || (s[0] == 0x2001 && s[1] == 0x0DB8)
                // 64:ff9b::/96 NAT64 and ::/96 IPv4-compatible can reach private v4.
                || (s[0] == 0x64 && s[1] == 0xFF9B)
                || s[..6].iter().all(|x| *x == 0))
        }
    }
}

/// Checks a URL's shape: https, a host, no credentials. Returns the host and port.
pub fn check_url(url: &str) -> Result<(url::Url, String, u16), FetchError> {
    let u = url::Url::parse(url.trim()).map_err(|e| FetchError::Refused(format!("{e}")))?;
    if u.scheme() != "https" {
        return Err(FetchError::Refused(format!(
            "only https URLs are fetched, not {}:",
            u.scheme()
        )));
    }
    if !u.username().is_empty() || u.password().is_some() {
        return Err(FetchError::Refused(
            "credentials in URLs are refused".into(),
        ));
    }
    let host = match u.host() {
        Some(url::Host::Domain(d)) => d.to_string(),
        Some(url::Host::Ipv4(ip)) => ip.to_string(),
        Some(url::Host::Ipv6(ip)) => ip.to_string(),
        None => return Err(FetchError::Refused("the URL has no host".into())),
    };
    let port = u.port_or_known_default().unwrap_or(443);
    Ok((u, host, port))
}

/// Resolves `host` and checks every address; refuses if any is not public
/// (a name that also points inside is not trusted at all).
pub async fn public_addrs(host: &str, port: u16) -> Result<Vec<SocketAddr>, FetchError> {
    let addrs: Vec<SocketAddr> = match host.parse::<IpAddr>() {
        Ok(ip) => vec![SocketAddr::new(ip, port)],
        Err(_) => tokio::net::lookup_host((host, port))
            .await
            .map_err(|e| FetchError::Failed(format!("cannot resolve {host}: {e}")))?
            .collect(),
    };
    if addrs.is_empty() {
        return Err(FetchError::Failed(format!("{host} has no address")));
    }
    if let Some(bad) = addrs.iter().find(|a| !is_public(a.ip())) {
        return Err(FetchError::Refused(format!(
            "{host} resolves to {}, which is not a public address",
            bad.ip()
        )));
    }
    Ok(addrs)
}

/// The last path segment, as a file name.
fn file_name(u: &url::Url) -> Option<String> {
    u.path_segments()?
        .next_back()
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

impl HttpsFetcher {
    async fn fetch_inner(&self, url: &str) -> Result<Fetched, FetchError> {
        let mut next = url.to_string();
        for _ in 0..=MAX_REDIRECTS {
            let (u, host, port) = check_url(&next)?;
            let addrs = public_addrs(&host, port).await?;
            // Never through HTTPS_PROXY/HTTP_PROXY: a proxy resolves the name
            // again, out of the checks above, and would connect to whatever
            // that gives. The connection goes to the checked addresses only.
            let client = reqwest::Client::builder()
                .no_proxy()
                .redirect(reqwest::redirect::Policy::none())
                .resolve_to_addrs(&host, &addrs)
                .https_only(true)
                .user_agent(concat!("tgmcp/", env!("CARGO_PKG_VERSION")))
                .build()
                .map_err(|e| FetchError::Failed(e.to_string()))?;
            let resp = client
                .get(u.clone())
                .send()
                .await
                .map_err(|e| FetchError::Failed(e.to_string()))?;
            if resp.status().is_redirection() {
                let loc = resp
                    .headers()
                    .get(reqwest::header::LOCATION)
                    .and_then(|v| v.to_str().ok())
                    .ok_or_else(|| FetchError::Failed("a redirect without a Location".into()))?;
                next = u
                    .join(loc)
                    .map_err(|e| FetchError::Failed(e.to_string()))?
                    .to_string();
                continue;
            }
            if !resp.status().is_success() {
                return Err(FetchError::Failed(format!("HTTP {}", resp.status())));
            }
            if resp
                .content_length()
                .is_some_and(|n| n > self.max_bytes as u64)
            {
                return Err(FetchError::TooLarge(self.max_bytes));
            }
            let mime = resp
                .headers()
                .get(reqwest::header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.split(';').next())
                .map(|v| v.trim().to_ascii_lowercase())
                .filter(|v| !v.is_empty() && v != "application/octet-stream");
            let mut bytes = Vec::new();
            let mut body = resp.bytes_stream();
            while let Some(chunk) = body.next().await {
                let chunk = chunk.map_err(|e| FetchError::Failed(e.to_string()))?;
                if bytes.len() + chunk.len() > self.max_bytes {
                    return Err(FetchError::TooLarge(self.max_bytes));
                }
                bytes.extend_from_slice(&chunk);
            }
            return Ok(Fetched {
                bytes,
                mime,
                file_name: file_name(&u),
            });
        }
        Err(FetchError::Failed(format!(
            "more than {MAX_REDIRECTS} redirects"
        )))
    }
}

#[async_trait]
impl Fetcher for HttpsFetcher {
    async fn fetch(&self, url: &str) -> Result<Fetched, FetchError> {
        match tokio::time::timeout(self.timeout, self.fetch_inner(url)).await {
            Ok(r) => r,
            Err(_) => Err(FetchError::Timeout(self.timeout.as_secs())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_public_addresses_pass() {
        for bad in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "::",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "64:ff9b::a00:1",
            "fec0::1",
            "2002:7f00:1::",
            "2002:a00:1::1",
            "2001:0:4136:e378:8000:63bf:3fff:fdd2",
            "2001:10::1",
            "100::1",
        ] {
            assert!(!is_public(bad.parse().unwrap()), "{bad}");
        }
        for good in [
            "1.1.1.1",
            "149.154.167.92",
            "2001:4860:4860::8888",
            "2002:101:101::1",
        ] {
            assert!(is_public(good.parse().unwrap()), "{good}");
        }
    }

    #[test]
    fn urls_must_be_https_without_credentials() {
        for bad in [
            "http://example.com/a.png",
            "file:///etc/passwd",
            "ftp://example.com/x",
            "https://user:pw@example.com/x",
            "not a url",
        ] {
            assert!(
                matches!(check_url(bad), Err(FetchError::Refused(_))),
                "{bad}"
            );
        }
        let (_, host, port) = check_url("https://example.com/cat.png").unwrap();
        assert_eq!((host.as_str(), port), ("example.com", 443));
    }

    /// With an outbound proxy in the environment (company networks), every
    /// address form is still refused before any connection, the proxy's
    /// included.
    #[tokio::test]
    async fn a_proxy_in_the_environment_is_never_handed_a_refused_address() {
        let proxy = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", proxy.local_addr().unwrap());
        // Process-wide, but only ever set to this dead-end proxy by tests.
        std::env::set_var("HTTPS_PROXY", &url);
        std::env::set_var("https_proxy", &url);
        let f = HttpsFetcher::new(1 << 20);
        for url in [
            "https://[fec0::1]/x",
            "https://[2002:7f00:1::]/x",
            "https://127.0.0.1/x",
        ] {
            let e = f.fetch(url).await.unwrap_err();
            assert!(matches!(e, FetchError::Refused(_)), "{url}: {e}");
        }
        let nothing = tokio::time::timeout(Duration::from_millis(200), proxy.accept()).await;
        assert!(nothing.is_err(), "the proxy was asked to connect");
    }

    #[tokio::test]
    async fn private_and_loopback_hosts_are_refused_before_connecting() {
        let f = HttpsFetcher::new(1 << 20);
        for url in [
            "https://127.0.0.1/x.png",
            "https://[::1]:8443/x",
            "https://169.254.169.254/latest/meta-data",
            "https://10.0.0.5/x",
            "https://localhost/x",
        ] {
            let e = f.fetch(url).await.unwrap_err();
            assert!(matches!(e, FetchError::Refused(_)), "{url}: {e}");
        }
        let e = f.fetch("http://example.com/x").await.unwrap_err();
        assert!(e.to_string().contains("only https"), "{e}");
    }
}
