//! The JSON endpoints: metadata (RFC 9728, RFC 8414), dynamic client
//! registration (RFC 7591) and the token endpoint (RFC 6749 §4.1.3, §6).

use std::sync::Arc;

use axum::extract::rejection::{FormRejection, JsonRejection};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Form, Json};
use serde::{Deserialize, Serialize};
use url::Url;

use super::store::{now, Client, Issued};
use super::{no_store, ClientAddr, OAuth, OAuthError};
use crate::auth::is_local_host;

/// `GET /.well-known/oauth-protected-resource` body (RFC 9728).
#[derive(Debug, Serialize)]
struct ProtectedResource {
    resource: String,
    authorization_servers: [String; 1],
    bearer_methods_supported: [&'static str; 1],
    scopes_supported: [&'static str; 1],
    resource_name: &'static str,
}

/// `GET /.well-known/oauth-protected-resource[/...]` (RFC 9728).
pub async fn protected_resource(State(o): State<Arc<OAuth>>, headers: HeaderMap) -> Response {
    let base = o.base_url(&headers);
    Json(ProtectedResource {
        resource: base.clone(),
        authorization_servers: [base],
        bearer_methods_supported: ["header"],
        scopes_supported: ["mcp"],
        resource_name: "tgmcp (Telegram)",
    })
    .into_response()
}

/// `GET /.well-known/oauth-authorization-server` body (RFC 8414).
#[derive(Debug, Serialize)]
struct ServerMetadata {
    issuer: String,
    authorization_endpoint: String,
    token_endpoint: String,
    registration_endpoint: String,
    response_types_supported: [&'static str; 1],
    grant_types_supported: [&'static str; 2],
    code_challenge_methods_supported: [&'static str; 1],
    token_endpoint_auth_methods_supported: [&'static str; 1],
    scopes_supported: [&'static str; 1],
}

/// `GET /.well-known/oauth-authorization-server` (RFC 8414).
pub async fn server_metadata(State(o): State<Arc<OAuth>>, headers: HeaderMap) -> Response {
    let base = o.base_url(&headers);
    Json(ServerMetadata {
        authorization_endpoint: format!("{base}/authorize"),
        token_endpoint: format!("{base}/token"),
        registration_endpoint: format!("{base}/register"),
        issuer: base,
        response_types_supported: ["code"],
        grant_types_supported: ["authorization_code", "refresh_token"],
        code_challenge_methods_supported: ["S256"],
        token_endpoint_auth_methods_supported: ["none"],
        scopes_supported: ["mcp"],
    })
    .into_response()
}

/// Body of `POST /register` (RFC 7591), the fields we use.
#[derive(Debug, Deserialize)]
pub struct Registration {
    #[serde(default)]
    redirect_uris: Vec<String>,
    client_name: Option<String>,
}

/// The registration response (RFC 7591 §3.2.1).
#[derive(Debug, Serialize)]
struct ClientInfo {
    client_id: String,
    client_id_issued_at: u64,
    client_name: Option<String>,
    redirect_uris: Vec<String>,
    token_endpoint_auth_method: &'static str,
    grant_types: [&'static str; 2],
    response_types: [&'static str; 1],
}

/// Whether a client may register `uri` as a redirect (RFC 8252 §7.3, §8.4;
/// RFC 9700 §4.1): https anywhere, or plain http to a loopback host on any port;
/// no userinfo (`http://localhost:80@evil.example/` goes to evil.example) and no
/// fragment (RFC 6749 §3.1.2).
pub(super) fn redirect_ok(uri: &str) -> bool {
    let Ok(u) = Url::parse(uri) else {
        return false;
    };
    if !u.username().is_empty() || u.password().is_some() || u.fragment().is_some() {
        return false;
    }
    match (u.scheme(), u.host()) {
        ("https", Some(_)) => true,
        ("http", Some(h)) => is_local_host(&h),
        _ => false,
    }
}

/// `POST /register`: dynamic client registration for public clients, limited
/// per address; a full table evicts the oldest client that never signed in.
pub async fn register(
    State(o): State<Arc<OAuth>>,
    ClientAddr(ip): ClientAddr,
    body: Result<Json<Registration>, JsonRejection>,
) -> Result<Response, OAuthError> {
    let Json(r) = body.map_err(|e| OAuthError::InvalidClientMetadata(e.body_text()))?;
    if r.redirect_uris.is_empty() || r.redirect_uris.len() > 10 {
        return Err(OAuthError::InvalidRedirectUri(
            "give 1 to 10 redirect_uris".into(),
        ));
    }
    if let Some(bad) = r.redirect_uris.iter().find(|u| !redirect_ok(u)) {
        let shown: String = bad.chars().take(200).collect();
        return Err(OAuthError::InvalidRedirectUri(format!(
            "{shown} is not allowed: use https, or http on localhost, 127.0.0.1 or [::1]"
        )));
    }
    if let Err(wait) = o.registrations.hit(ip) {
        tracing::warn!(%ip, "OAuth registrations over the limit");
        return Err(OAuthError::TooManyRequests(wait));
    }
    let client = Client {
        client_id: format!("tgmcp-{}", hex::encode(rand::random::<[u8; 12]>())),
        client_name: r.client_name.map(|n| n.chars().take(100).collect()),
        redirect_uris: r.redirect_uris,
        issued_at: now(),
        last_used: None,
        seq: 0,
    };
    o.lock().register(client.clone())?;
    tracing::info!(client_id = %client.client_id, name = ?client.client_name.as_deref().unwrap_or(""), "OAuth client registered");
    let info = ClientInfo {
        client_id: client.client_id,
        client_id_issued_at: client.issued_at,
        client_name: client.client_name,
        redirect_uris: client.redirect_uris,
        token_endpoint_auth_method: "none",
        grant_types: ["authorization_code", "refresh_token"],
        response_types: ["code"],
    };
    Ok((StatusCode::CREATED, Json(info)).into_response())
}

/// Body of `POST /token`.
#[derive(Debug, Deserialize)]
pub struct TokenRequest {
    grant_type: String,
    code: Option<String>,
    redirect_uri: Option<String>,
    client_id: Option<String>,
    code_verifier: Option<String>,
    refresh_token: Option<String>,
}

/// A successful token response (RFC 6749 §5.1).
#[derive(Debug, Serialize, Deserialize)]
pub struct TokenResponse {
    /// The bearer token for the MCP endpoints.
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: u64,
    /// Single-use token for the next pair.
    pub refresh_token: String,
    /// Always `mcp`.
    pub scope: String,
}

/// `POST /token`: authorization_code (with PKCE) and refresh_token grants.
pub async fn token(
    State(o): State<Arc<OAuth>>,
    body: Result<Form<TokenRequest>, FormRejection>,
) -> Result<Response, OAuthError> {
    let Form(r) = body.map_err(|e| OAuthError::InvalidRequest(e.body_text()))?;
    let ttl = o.access_ttl;
    let mut st = o.lock();
    let result = match r.grant_type.as_str() {
        "authorization_code" => {
            let code = r
                .code
                .as_deref()
                .ok_or(OAuthError::InvalidRequest("code is missing".into()))?;
            st.redeem_code(
                code,
                r.client_id.as_deref(),
                r.redirect_uri.as_deref(),
                r.code_verifier.as_deref().unwrap_or_default(),
                ttl,
            )
        }
        "refresh_token" => {
            let rt = r
                .refresh_token
                .as_deref()
                .ok_or(OAuthError::InvalidRequest(
                    "refresh_token is missing".into(),
                ))?;
            st.refresh(rt, r.client_id.as_deref(), ttl)
        }
        other => {
            let shown: String = other.chars().take(50).collect();
            Err(OAuthError::UnsupportedGrantType(shown))
        }
    };
    if st.take_dirty() {
        o.persist(&st);
    }
    drop(st);
    let Issued { access, refresh } = result?;
    let body = TokenResponse {
        access_token: access,
        token_type: "Bearer".into(),
        expires_in: ttl.as_secs(),
        refresh_token: refresh,
        scope: "mcp".into(),
    };
    Ok((no_store(), Json(body)).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirect_uris() {
        assert!(redirect_ok(
            "https://chatgpt.com/connector_platform_oauth_redirect"
        ));
        assert!(redirect_ok("http://localhost:6274/oauth/callback"));
        assert!(redirect_ok("http://127.0.0.1/cb"));
        assert!(redirect_ok("http://127.0.0.1:51234/cb?x=1"));
        assert!(redirect_ok("http://[::1]:8080/cb"));
        assert!(!redirect_ok("http://evil.example/cb"));
        assert!(!redirect_ok("javascript:alert(1)"));
    }

    #[test]
    fn loopback_redirects_are_parsed_not_prefix_matched() {
        for bad in [
            "http://localhost:80@evil.example/cb",
            "http://localhost@evil.example/cb",
            "http://user:pw@localhost/cb",
            "https://localhost:80@evil.example/cb",
            "http://localhost.evil.example/cb",
            "http://127.0.0.1.nip.io/cb",
            "http://evil.example\\@localhost/cb",
            "http://localhost/cb#frag",
            "ftp://localhost/cb",
            "com.example.app:/cb",
            "http:///cb",
        ] {
            assert!(!redirect_ok(bad), "{bad}");
        }
    }
}
