//! Who may call the MCP endpoints: a static bearer token, OAuth access tokens
//! from the built-in authorization server, Origin/Host checks against DNS
//! rebinding, and a per-client rate limit.

pub mod limiter;
pub mod oauth;
pub mod proxy;

use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use url::{Host, Url};

pub use limiter::Limiter;
pub use oauth::OAuth;
pub use proxy::TrustedProxies;

/// Request checks in front of the MCP endpoints.
#[derive(Debug)]
pub struct Security {
    /// sha256 of the static bearer token, when one is set.
    token_hash: Option<[u8; 32]>,
    /// The built-in OAuth server, when an owner secret is set.
    pub oauth: Option<Arc<OAuth>>,
    /// Bound to loopback: accept only local Host and Origin headers.
    local_only: bool,
    /// Origins allowed in addition (`*` allows all).
    pub allowed_origins: Vec<String>,
    /// Requests per minute per client: its token, else its session, else its
    /// address (unlimited by default).
    limiter: Limiter,
    /// Proxies whose X-Forwarded-For names the client (none by default).
    proxies: TrustedProxies,
}

impl Default for Security {
    fn default() -> Self {
        Security {
            token_hash: None,
            oauth: None,
            local_only: false,
            allowed_origins: Vec::new(),
            limiter: Limiter::new(0, Duration::from_secs(60)),
            proxies: TrustedProxies::default(),
        }
    }
}

impl Security {
    /// Checks for a server bound to `addr`.
    pub fn new(addr: &SocketAddr, token: Option<&str>, allowed_origins: Vec<String>) -> Self {
        Security {
            token_hash: token
                .filter(|t| !t.is_empty())
                .map(|t| Sha256::digest(t.as_bytes()).into()),
            local_only: addr.ip().is_loopback(),
            allowed_origins,
            ..Security::default()
        }
    }

    /// Turns on the OAuth server.
    pub fn with_oauth(mut self, oauth: Option<Arc<OAuth>>) -> Self {
        self.oauth = oauth;
        self
    }

    /// Caps requests per minute per client (token, session or address).
    pub fn with_rate_limit(mut self, per_minute: u32) -> Self {
        self.limiter = Limiter::new(per_minute, Duration::from_secs(60));
        self
    }

    /// Believes X-Forwarded-For only from these proxies (`TGMCP_TRUSTED_PROXIES`).
    pub fn with_trusted_proxies(mut self, proxies: TrustedProxies) -> Self {
        self.proxies = proxies;
        self
    }

    /// Whom a request counts against: the user's token when it is valid (one
    /// user may come from many addresses, as ChatGPT does), else the session it
    /// names, else its address; `None` when the address is unknown.
    fn rate_key(&self, req: &Request, authorized: bool) -> Option<limiter::Key> {
        if authorized && self.requires_auth() {
            if let Some(t) = Self::bearer(req) {
                return Some(limiter::Key::id("token", t));
            }
        }
        if authorized {
            let session = req
                .headers()
                .get("mcp-session-id")
                .and_then(|v| v.to_str().ok())
                .or_else(|| {
                    req.uri()
                        .query()?
                        .split('&')
                        .find_map(|kv| kv.strip_prefix("session_id="))
                });
            if let Some(s) = session.filter(|s| !s.is_empty()) {
                return Some(limiter::Key::id("session", s));
            }
        }
        self.proxies
            .from_request(req.extensions(), req.headers())
            .map(limiter::Key::Ip)
    }

    /// Whether requests must carry credentials.
    pub fn requires_auth(&self) -> bool {
        self.token_hash.is_some() || self.oauth.is_some()
    }

    fn bearer(req: &Request) -> Option<&str> {
        req.headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                v.strip_prefix("Bearer ")
                    .or_else(|| v.strip_prefix("bearer "))
            })
            .map(str::trim)
    }

    /// Whether the request carries valid credentials (always, without auth).
    pub fn authorized(&self, req: &Request) -> bool {
        if !self.requires_auth() {
            return true;
        }
        let Some(given) = Self::bearer(req) else {
            return false;
        };
        if let Some(expected) = &self.token_hash {
            // Fixed-length digests compared in constant time.
            let g: [u8; 32] = Sha256::digest(given.as_bytes()).into();
            if bool::from(g.ct_eq(expected)) {
                return true;
            }
        }
        self.oauth.as_ref().is_some_and(|o| o.check_access(given))
    }

    /// Origin and Host rules against DNS rebinding: a browser Origin must be
    /// local or allowed; bound to loopback, the Host must be local too.
    pub fn origin_ok(&self, req: &Request) -> bool {
        let origin = req
            .headers()
            .get(header::ORIGIN)
            .and_then(|v| v.to_str().ok());
        let origin_ok = origin.is_none_or(|o| {
            self.allowed_origins
                .iter()
                .any(|a| a == "*" || a.eq_ignore_ascii_case(o))
                || o.strip_prefix("http://")
                    .or_else(|| o.strip_prefix("https://"))
                    .is_some_and(is_local_authority)
        });
        let host = req
            .headers()
            .get(header::HOST)
            .and_then(|v| v.to_str().ok());
        let host_ok = !self.local_only || host.is_none_or(is_local_authority);
        origin_ok && host_ok
    }
}

/// Whether `host` is exactly `localhost`, `127.0.0.1` or `::1`: the one local
/// check behind Host, Origin, redirect URI and base URL decisions.
pub fn is_local_host(host: &Host<&str>) -> bool {
    match host {
        Host::Domain(d) => d.eq_ignore_ascii_case("localhost"),
        Host::Ipv4(ip) => *ip == Ipv4Addr::LOCALHOST,
        Host::Ipv6(ip) => *ip == Ipv6Addr::LOCALHOST,
    }
}

/// Whether a `host[:port]` authority (a Host header, the part of an Origin
/// after the scheme) names this machine. Parsed, not prefix-matched, so
/// `localhost.evil.example` and `localhost:80@evil.example` are not local.
pub fn is_local_authority(a: &str) -> bool {
    // Anything that would end the authority or add userinfo is not a bare host.
    if a.is_empty() || a.contains(['/', '?', '#', '@', '\\']) || a.chars().any(char::is_whitespace)
    {
        return false;
    }
    // The forms every local client sends, without a URL parse per request.
    let host = match a.rsplit_once(':') {
        Some((h, port))
            if port.bytes().all(|b| b.is_ascii_digit()) && port.parse::<u16>().is_ok() =>
        {
            h
        }
        _ => a,
    };
    if host.eq_ignore_ascii_case("localhost") || host == "127.0.0.1" || host == "[::1]" {
        return true;
    }
    Url::parse(&format!("http://{a}/"))
        .ok()
        .and_then(|u| u.host().map(|h| is_local_host(&h)))
        .unwrap_or(false)
}

/// Who a request comes from, for per-client budgets (open sessions): its
/// token's hash when authentication is on, else its address. Set by [`guard`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientKey(pub String);

impl Security {
    /// The client a request counts against; `None` when the address is unknown.
    fn client_key(&self, req: &Request, authorized: bool) -> Option<ClientKey> {
        if authorized && self.requires_auth() {
            if let Some(t) = Self::bearer(req) {
                use sha2::Digest as _;
                let h = sha2::Sha256::digest(t.as_bytes());
                return Some(ClientKey(format!("token:{}", hex::encode(&h[..12]))));
            }
        }
        self.proxies
            .from_request(req.extensions(), req.headers())
            .map(|ip| ClientKey(format!("ip:{ip}")))
    }
}

/// Middleware in front of `/sse`, `/messages/` and `/mcp`.
pub async fn guard(State(sec): State<Arc<Security>>, mut req: Request, next: Next) -> Response {
    if !sec.origin_ok(&req) {
        return (
            StatusCode::FORBIDDEN,
            "forbidden: Origin or Host not allowed (set TGMCP_ALLOWED_ORIGINS)",
        )
            .into_response();
    }
    let authorized = sec.authorized(&req);
    if let Some(key) = sec.rate_key(&req, authorized) {
        if let Err(wait) = sec.limiter.hit_key(key) {
            let mut r = (
                StatusCode::TOO_MANY_REQUESTS,
                "too many requests: slow down (TGMCP_RATE_LIMIT)",
            )
                .into_response();
            if let Ok(v) = HeaderValue::from_str(&wait.as_secs().max(1).to_string()) {
                r.headers_mut().insert(header::RETRY_AFTER, v);
            }
            return r;
        }
    }
    if !authorized {
        let challenge = match &sec.oauth {
            Some(o) => format!(
                "Bearer realm=\"tgmcp\", resource_metadata=\"{}/.well-known/oauth-protected-resource\"",
                o.base_url(req.headers())
            ),
            None => "Bearer realm=\"tgmcp\"".to_string(),
        };
        let msg = if sec.oauth.is_some() {
            "unauthorized: sign in with OAuth (the client discovers it) or send Authorization: Bearer <token>"
        } else {
            "unauthorized: send Authorization: Bearer <TGMCP_AUTH_TOKEN>"
        };
        let mut r = (StatusCode::UNAUTHORIZED, msg).into_response();
        if let Ok(v) = HeaderValue::from_str(&challenge) {
            r.headers_mut().insert(header::WWW_AUTHENTICATE, v);
        }
        return r;
    }
    if let Some(k) = sec.client_key(&req, authorized) {
        req.extensions_mut().insert(k);
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::IpAddr;

    #[test]
    fn local_authorities() {
        for ok in [
            "localhost",
            "localhost:8080",
            "127.0.0.1:1",
            "[::1]:8080",
            "[::1]",
            "127.0.0.1",
            "LOCALHOST",
            "LocalHost:3000",
        ] {
            assert!(is_local_authority(ok), "{ok}");
        }
        for bad in [
            "evil.example",
            "localhost.evil.example",
            "127.0.0.1.nip.io:80",
            "[::2]",
            "localhost:80@evil.example",
            "evil.example#@localhost",
            "localhost/evil",
            "localhost.",
            "127.0.0.2",
            "127.0.0.1:99999",
            "localhost:+80",
            "",
        ] {
            assert!(!is_local_authority(bad), "{bad}");
        }
    }

    #[test]
    fn rate_limit_per_address() {
        let s = Security::default().with_rate_limit(3);
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        let b: IpAddr = "10.0.0.2".parse().unwrap();
        for _ in 0..3 {
            assert!(s.limiter.hit(a).is_ok());
        }
        assert!(s.limiter.hit(a).is_err());
        assert!(s.limiter.hit(b).is_ok(), "other clients are not affected");
    }
}
