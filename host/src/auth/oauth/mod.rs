//! A built-in OAuth 2.1 authorization server for single-owner deployments, so
//! ChatGPT connectors (which offer OAuth or nothing) can be given access:
//! protected resource metadata (RFC 9728), server metadata (RFC 8414), dynamic
//! client registration (RFC 7591), authorization code with PKCE S256, a consent
//! page where the owner types the secret, short-lived access tokens with
//! rotating refresh tokens, bound to this server as the resource.
//!
//! `store` keeps clients, codes and token families; `routes` serves the JSON
//! endpoints; `consent` serves the page where the owner says yes.

mod consent;
mod routes;
mod store;

use std::convert::Infallible;
use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::{is_local_authority, Limiter, TrustedProxies};
pub use consent::{authorize_page, authorize_submit, AuthorizeParams};
pub use routes::{
    protected_resource, register, server_metadata, token, Registration, TokenRequest, TokenResponse,
};
use store::Store;

/// Access tokens live this long by default.
pub const ACCESS_TTL: Duration = Duration::from_secs(3600);
/// Refresh tokens live this long (rotated on every use).
pub const REFRESH_TTL: Duration = Duration::from_secs(30 * 24 * 3600);
/// Authorization codes live this long.
const CODE_TTL: Duration = Duration::from_secs(120);
/// Wrong secrets allowed per minute from one address before the consent page refuses it.
const MAX_FAILURES_PER_MINUTE: u32 = 5;
/// Client registrations allowed per minute from one address.
pub const MAX_REGISTRATIONS_PER_MINUTE: u32 = 10;

/// An OAuth error as RFC 6749 §5.2 and RFC 7591 §3.2.2 describe it; it is its
/// own response (JSON `error` and `error_description`, never cached).
#[derive(Debug, thiserror::Error)]
pub enum OAuthError {
    /// A parameter is missing, repeated or malformed.
    #[error("{0}")]
    InvalidRequest(String),
    /// The code or refresh token is unknown, used, expired or not this client's.
    #[error("{0}")]
    InvalidGrant(&'static str),
    /// A grant type other than authorization_code and refresh_token.
    #[error("{0} is not supported")]
    UnsupportedGrantType(String),
    /// A redirect URI that is neither https nor an http loopback address.
    #[error("{0}")]
    InvalidRedirectUri(String),
    /// Registration metadata we cannot accept.
    #[error("{0}")]
    InvalidClientMetadata(String),
    /// Too many requests from this address; retry after the duration.
    #[error("too many requests from this address: retry in {} s", .0.as_secs().max(1))]
    TooManyRequests(Duration),
}

impl OAuthError {
    /// The `error` code of the response body.
    pub fn code(&self) -> &'static str {
        match self {
            OAuthError::InvalidRequest(_) => "invalid_request",
            OAuthError::InvalidGrant(_) => "invalid_grant",
            OAuthError::UnsupportedGrantType(_) => "unsupported_grant_type",
            OAuthError::InvalidRedirectUri(_) => "invalid_redirect_uri",
            OAuthError::InvalidClientMetadata(_) => "invalid_client_metadata",
            OAuthError::TooManyRequests(_) => "temporarily_unavailable",
        }
    }

    /// The HTTP status of the response.
    pub fn status(&self) -> StatusCode {
        match self {
            OAuthError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            _ => StatusCode::BAD_REQUEST,
        }
    }
}

/// The JSON body of an [`OAuthError`].
#[derive(Debug, Serialize)]
struct ErrorBody {
    error: &'static str,
    error_description: String,
}

impl IntoResponse for OAuthError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: self.code(),
            error_description: self.to_string(),
        };
        let mut r = (self.status(), no_store(), Json(body)).into_response();
        if let OAuthError::TooManyRequests(wait) = self {
            if let Ok(v) = HeaderValue::from_str(&wait.as_secs().max(1).to_string()) {
                r.headers_mut().insert(header::RETRY_AFTER, v);
            }
        }
        r
    }
}

/// Token and error responses must not be cached (RFC 6749 §5.1).
fn no_store() -> [(header::HeaderName, &'static str); 2] {
    [
        (header::CACHE_CONTROL, "no-store"),
        (header::PRAGMA, "no-cache"),
    ]
}

/// The authorization server's configuration and state.
pub struct OAuth {
    secret_hash: [u8; 32],
    /// Public base URL, when configured (else taken from the request).
    public_url: Option<String>,
    state_file: Option<PathBuf>,
    access_ttl: Duration,
    proxies: TrustedProxies,
    /// Registrations per address, so one client cannot churn the client table.
    registrations: Limiter,
    /// Wrong consent secrets per address: a guesser locks out only itself.
    failures: Limiter,
    store: Mutex<Store>,
}

impl std::fmt::Debug for OAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OAuth")
            .field("public_url", &self.public_url)
            .finish_non_exhaustive()
    }
}

impl OAuth {
    /// An authorization server whose consent page accepts `secret`.
    pub fn new(
        secret: &str,
        public_url: Option<String>,
        state_file: Option<PathBuf>,
        access_ttl: Duration,
    ) -> Self {
        let store = state_file.as_deref().map(Store::load).unwrap_or_default();
        OAuth {
            secret_hash: Sha256::digest(secret.as_bytes()).into(),
            public_url: public_url.map(|u| u.trim_end_matches('/').to_string()),
            state_file,
            access_ttl,
            proxies: TrustedProxies::default(),
            registrations: Limiter::new(MAX_REGISTRATIONS_PER_MINUTE, Duration::from_secs(60)),
            failures: Limiter::new(MAX_FAILURES_PER_MINUTE, Duration::from_secs(60)),
            store: Mutex::new(store),
        }
    }

    /// Believes X-Forwarded-For only from these proxies (as [`super::Security`] does).
    pub fn with_trusted_proxies(mut self, proxies: TrustedProxies) -> Self {
        self.proxies = proxies;
        self
    }

    fn lock(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Saves what survives a restart, when a state file is configured.
    fn persist(&self, st: &Store) {
        if let Some(path) = &self.state_file {
            st.save(path);
        }
    }

    /// The server's public base URL: configured, or from the request's Host and X-Forwarded-Proto.
    pub fn base_url(&self, headers: &HeaderMap) -> String {
        if let Some(u) = &self.public_url {
            return u.clone();
        }
        let host = headers
            .get(header::HOST)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("localhost");
        let forwarded = headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .and_then(|p| p.split(',').next())
            .map(|p| p.trim().to_ascii_lowercase())
            .filter(|p| p == "http" || p == "https");
        // Plain http only where no proxy said otherwise and the host is this machine.
        let proto = forwarded.unwrap_or_else(|| {
            if is_local_authority(host) {
                "http"
            } else {
                "https"
            }
            .to_string()
        });
        format!("{proto}://{host}")
    }

    /// Whether `token` is a live access token for this server.
    pub fn check_access(&self, token: &str) -> bool {
        self.lock().access_ok(token)
    }

    fn secret_ok(&self, given: &str) -> bool {
        let h: [u8; 32] = Sha256::digest(given.as_bytes()).into();
        h.ct_eq(&self.secret_hash).into()
    }
}

/// The caller's address as the OAuth limits count it: the peer, or the
/// client behind a trusted proxy (unspecified when unknown, as in-process).
#[derive(Debug, Clone, Copy)]
pub struct ClientAddr(pub IpAddr);

impl FromRequestParts<Arc<OAuth>> for ClientAddr {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, o: &Arc<OAuth>) -> Result<Self, Infallible> {
        let ip = o
            .proxies
            .from_request(&parts.extensions, &parts.headers)
            .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
        Ok(ClientAddr(ip))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn oauth() -> OAuth {
        OAuth::new("s", None, None, ACCESS_TTL)
    }

    fn host(h: &str) -> HeaderMap {
        let mut m = HeaderMap::new();
        m.insert(header::HOST, HeaderValue::from_str(h).unwrap());
        m
    }

    #[test]
    fn base_url_is_plain_http_only_for_this_machine() {
        let o = oauth();
        assert_eq!(o.base_url(&host("localhost:8080")), "http://localhost:8080");
        assert_eq!(o.base_url(&host("127.0.0.1:1")), "http://127.0.0.1:1");
        assert_eq!(o.base_url(&host("[::1]:2")), "http://[::1]:2");
        assert_eq!(
            o.base_url(&host("localhost.evil.example")),
            "https://localhost.evil.example"
        );
        assert_eq!(
            o.base_url(&host("127.0.0.1.nip.io")),
            "https://127.0.0.1.nip.io"
        );
        let mut h = host("tg.example");
        h.insert("x-forwarded-proto", HeaderValue::from_static("http"));
        assert_eq!(o.base_url(&h), "http://tg.example");
        h.insert("x-forwarded-proto", HeaderValue::from_static("javascript"));
        assert_eq!(o.base_url(&h), "https://tg.example", "only http or https");
    }

    #[test]
    fn errors_are_rfc6749_json_and_never_cached() {
        let r = OAuthError::InvalidGrant("the code expired").into_response();
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);
        assert_eq!(r.headers()[header::CACHE_CONTROL], "no-store");
        let body =
            futures::executor::block_on(axum::body::to_bytes(r.into_body(), 1 << 16)).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(v["error"], "invalid_grant");
        assert_eq!(v["error_description"], "the code expired");
        let r = OAuthError::TooManyRequests(Duration::from_secs(30)).into_response();
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(r.headers()[header::RETRY_AFTER], "30");
    }
}
