//! Who may call the MCP endpoints: a static bearer token, OAuth access tokens
//! from the built-in authorization server, Origin/Host checks against DNS
//! rebinding, and a per-client rate limit.

pub mod oauth;

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

pub use oauth::OAuth;

/// Request checks in front of the MCP endpoints.
#[derive(Debug, Default)]
pub struct Security {
    /// sha256 of the static bearer token, when one is set.
    token_hash: Option<[u8; 32]>,
    /// The built-in OAuth server, when an owner secret is set.
    pub oauth: Option<Arc<OAuth>>,
    /// Bound to loopback: accept only local Host and Origin headers.
    local_only: bool,
    /// Origins allowed in addition (`*` allows all).
    pub allowed_origins: Vec<String>,
    /// Requests per minute per client address (0 = unlimited).
    rate_per_minute: u32,
    windows: Mutex<HashMap<IpAddr, (Instant, u32)>>,
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

    /// Caps requests per minute per client address.
    pub fn with_rate_limit(mut self, per_minute: u32) -> Self {
        self.rate_per_minute = per_minute;
        self
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

    fn authorized(&self, req: &Request) -> bool {
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

    /// Counts a request from `ip`; `Err(wait)` when over the limit.
    fn rate(&self, ip: IpAddr) -> Result<(), Duration> {
        if self.rate_per_minute == 0 {
            return Ok(());
        }
        let mut w = self.windows.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        if w.len() > 10_000 {
            w.retain(|_, (start, _)| now.duration_since(*start) < Duration::from_secs(60));
        }
        let e = w.entry(ip).or_insert((now, 0));
        if now.duration_since(e.0) >= Duration::from_secs(60) {
            *e = (now, 0);
        }
        e.1 += 1;
        if e.1 > self.rate_per_minute {
            return Err(Duration::from_secs(60).saturating_sub(now.duration_since(e.0)));
        }
        Ok(())
    }
}

/// `localhost`, `127.0.0.1` or `[::1]`, with an optional port.
pub fn is_local_authority(a: &str) -> bool {
    let host = if let Some(rest) = a.strip_prefix('[') {
        rest.split(']').next().unwrap_or_default()
    } else {
        a.rsplit_once(':').map_or(a, |(h, p)| {
            if p.chars().all(|c| c.is_ascii_digit()) {
                h
            } else {
                a
            }
        })
    };
    matches!(
        host.to_ascii_lowercase().as_str(),
        "localhost" | "127.0.0.1" | "::1"
    )
}

/// The client's address: the first X-Forwarded-For hop behind a PaaS proxy, else the peer.
fn client_ip(req: &Request) -> Option<IpAddr> {
    let forwarded = req
        .headers()
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .and_then(|v| v.trim().parse().ok());
    forwarded.or_else(|| {
        req.extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip())
    })
}

/// Middleware in front of `/sse`, `/messages/` and `/mcp`.
pub async fn guard(State(sec): State<Arc<Security>>, req: Request, next: Next) -> Response {
    if !sec.origin_ok(&req) {
        return (
            StatusCode::FORBIDDEN,
            "forbidden: Origin or Host not allowed (set TGMCP_ALLOWED_ORIGINS)",
        )
            .into_response();
    }
    if let Some(ip) = client_ip(&req) {
        if let Err(wait) = sec.rate(ip) {
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
    if !sec.authorized(&req) {
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
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_authorities() {
        for ok in [
            "localhost",
            "localhost:8080",
            "127.0.0.1:1",
            "[::1]:8080",
            "LOCALHOST",
        ] {
            assert!(is_local_authority(ok), "{ok}");
        }
        for bad in [
            "evil.example",
            "localhost.evil.example",
            "127.0.0.1.nip.io:80",
            "[::2]",
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
            assert!(s.rate(a).is_ok());
        }
        assert!(s.rate(a).is_err());
        assert!(s.rate(b).is_ok(), "other clients are not affected");
    }
}
