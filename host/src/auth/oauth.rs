//! A built-in OAuth 2.1 authorization server for single-owner deployments, so
//! ChatGPT connectors (which offer OAuth or nothing) can be given access:
//! protected resource metadata (RFC 9728), server metadata (RFC 8414), dynamic
//! client registration (RFC 7591), authorization code with PKCE S256, a consent
//! page where the owner types the secret, short-lived access tokens with
//! rotating refresh tokens, bound to this server as the resource.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::{Form, Json};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// Access tokens live this long by default.
pub const ACCESS_TTL: Duration = Duration::from_secs(3600);
/// Refresh tokens live this long (rotated on every use).
pub const REFRESH_TTL: Duration = Duration::from_secs(30 * 24 * 3600);
/// Authorization codes live this long.
const CODE_TTL: Duration = Duration::from_secs(120);
/// Wrong secrets allowed per minute before the consent page refuses.
const MAX_FAILURES_PER_MINUTE: usize = 5;

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// 256 bits of randomness, URL-safe.
fn random_token() -> String {
    URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>())
}

/// Tokens are kept only as hashes, in memory and on disk.
fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A registered client (RFC 7591).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Client {
    client_id: String,
    client_name: Option<String>,
    redirect_uris: Vec<String>,
    issued_at: u64,
}

#[derive(Debug, Clone)]
struct Code {
    client_id: String,
    redirect_uri: String,
    challenge: String,
    resource: String,
    expires: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Grant {
    client_id: String,
    resource: String,
    expires: u64,
}

/// What survives a restart when persistence is on.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Persisted {
    clients: HashMap<String, Client>,
    /// hash(refresh token) -> grant
    refresh: HashMap<String, Grant>,
}

#[derive(Debug, Default)]
struct Store {
    clients: HashMap<String, Client>,
    codes: HashMap<String, Code>,
    /// hash(access token) -> grant
    access: HashMap<String, Grant>,
    /// hash(refresh token) -> grant
    refresh: HashMap<String, Grant>,
    failures: Vec<u64>,
}

/// The authorization server's configuration and state.
pub struct OAuth {
    secret_hash: [u8; 32],
    /// Public base URL, when configured (else taken from the request).
    public_url: Option<String>,
    state_file: Option<PathBuf>,
    access_ttl: Duration,
    store: Mutex<Store>,
}

impl std::fmt::Debug for OAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OAuth")
            .field("public_url", &self.public_url)
            .finish_non_exhaustive()
    }
}

/// OAuth error response (RFC 6749 §5.2).
fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    (
        status,
        [(header::CACHE_CONTROL, "no-store")],
        Json(json!({"error": error, "error_description": description})),
    )
        .into_response()
}

impl OAuth {
    /// An authorization server whose consent page accepts `secret`.
    pub fn new(
        secret: &str,
        public_url: Option<String>,
        state_file: Option<PathBuf>,
        access_ttl: Duration,
    ) -> Self {
        let mut store = Store::default();
        if let Some(p) = &state_file {
            match std::fs::read(p) {
                Ok(bytes) => match serde_json::from_slice::<Persisted>(&bytes) {
                    Ok(s) => {
                        store.clients = s.clients;
                        store.refresh = s.refresh;
                    }
                    Err(e) => {
                        tracing::warn!(path = %p.display(), error = %e, "ignoring unreadable OAuth state file")
                    }
                },
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => {
                    tracing::warn!(path = %p.display(), error = %e, "cannot read the OAuth state file")
                }
            }
        }
        OAuth {
            secret_hash: Sha256::digest(secret.as_bytes()).into(),
            public_url: public_url.map(|u| u.trim_end_matches('/').to_string()),
            state_file,
            access_ttl,
            store: Mutex::new(store),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn persist(&self, st: &Store) {
        let Some(path) = &self.state_file else { return };
        let data = Persisted {
            clients: st.clients.clone(),
            refresh: st.refresh.clone(),
        };
        let result = serde_json::to_vec(&data)
            .map_err(std::io::Error::other)
            .and_then(|bytes| {
                let tmp = path.with_extension("tmp");
                let mut o = std::fs::OpenOptions::new();
                o.write(true).create(true).truncate(true);
                #[cfg(unix)]
                {
                    use std::os::unix::fs::OpenOptionsExt;
                    o.mode(0o600);
                }
                std::io::Write::write_all(&mut o.open(&tmp)?, &bytes)?;
                std::fs::rename(&tmp, path)
            });
        if let Err(e) = result {
            tracing::warn!(path = %path.display(), error = %e, "could not save the OAuth state");
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
        let proto = headers
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .map(|p| p.split(',').next().unwrap_or("https").trim().to_string())
            .unwrap_or_else(|| {
                let local = host.starts_with("localhost")
                    || host.starts_with("127.0.0.1")
                    || host.starts_with("[::1]");
                if local {
                    "http".into()
                } else {
                    "https".into()
                }
            });
        format!("{proto}://{host}")
    }

    /// Whether `token` is a live access token for this server.
    pub fn check_access(&self, token: &str) -> bool {
        let mut st = self.lock();
        let t = now();
        st.access.retain(|_, g| g.expires > t);
        st.access.contains_key(&hash(token))
    }

    fn secret_ok(&self, given: &str) -> bool {
        let h: [u8; 32] = Sha256::digest(given.as_bytes()).into();
        h.ct_eq(&self.secret_hash).into()
    }

    /// Issues an access token and a refresh token for a grant.
    fn issue(&self, st: &mut Store, client_id: &str, resource: &str) -> serde_json::Value {
        let access = random_token();
        let refresh = random_token();
        let t = now();
        st.access.insert(
            hash(&access),
            Grant {
                client_id: client_id.into(),
                resource: resource.into(),
                expires: t + self.access_ttl.as_secs(),
            },
        );
        st.refresh.insert(
            hash(&refresh),
            Grant {
                client_id: client_id.into(),
                resource: resource.into(),
                expires: t + REFRESH_TTL.as_secs(),
            },
        );
        self.persist(st);
        json!({
            "access_token": access,
            "token_type": "Bearer",
            "expires_in": self.access_ttl.as_secs(),
            "refresh_token": refresh,
            "scope": "mcp",
        })
    }
}

/// `GET /.well-known/oauth-protected-resource[/...]` (RFC 9728).
pub async fn protected_resource(
    State(o): State<std::sync::Arc<OAuth>>,
    headers: HeaderMap,
) -> Response {
    let base = o.base_url(&headers);
    Json(json!({
        "resource": base,
        "authorization_servers": [base],
        "bearer_methods_supported": ["header"],
        "scopes_supported": ["mcp"],
        "resource_name": "tgmcp (Telegram)",
    }))
    .into_response()
}

/// `GET /.well-known/oauth-authorization-server` (RFC 8414).
pub async fn server_metadata(
    State(o): State<std::sync::Arc<OAuth>>,
    headers: HeaderMap,
) -> Response {
    let base = o.base_url(&headers);
    Json(json!({
        "issuer": base,
        "authorization_endpoint": format!("{base}/authorize"),
        "token_endpoint": format!("{base}/token"),
        "registration_endpoint": format!("{base}/register"),
        "response_types_supported": ["code"],
        "grant_types_supported": ["authorization_code", "refresh_token"],
        "code_challenge_methods_supported": ["S256"],
        "token_endpoint_auth_methods_supported": ["none"],
        "scopes_supported": ["mcp"],
    }))
    .into_response()
}

/// Body of `POST /register` (RFC 7591), the fields we use.
#[derive(Debug, Deserialize)]
pub struct Registration {
    #[serde(default)]
    redirect_uris: Vec<String>,
    client_name: Option<String>,
}

fn redirect_ok(uri: &str) -> bool {
    let Some(rest) = uri
        .strip_prefix("https://")
        .or_else(|| uri.strip_prefix("http://"))
    else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_only = host.rsplit_once(':').map_or(host, |(h, _)| h);
    // Plain http only for local clients (RFC 8252 loopback redirects).
    uri.starts_with("https://") || matches!(host_only, "localhost" | "127.0.0.1" | "[::1]")
}

/// `POST /register`: dynamic client registration for public clients.
pub async fn register(
    State(o): State<std::sync::Arc<OAuth>>,
    Json(r): Json<Registration>,
) -> Response {
    if r.redirect_uris.is_empty() || r.redirect_uris.len() > 10 {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_redirect_uri",
            "give 1 to 10 redirect_uris",
        );
    }
    if let Some(bad) = r.redirect_uris.iter().find(|u| !redirect_ok(u)) {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_redirect_uri",
            &format!("{bad} is not allowed: use https, or http on localhost"),
        );
    }
    let client = Client {
        client_id: format!("tgmcp-{}", hex::encode(rand::random::<[u8; 12]>())),
        client_name: r.client_name.map(|n| n.chars().take(100).collect()),
        redirect_uris: r.redirect_uris,
        issued_at: now(),
    };
    let mut st = o.lock();
    if st.clients.len() >= 1000 {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_client_metadata",
            "too many registered clients",
        );
    }
    st.clients.insert(client.client_id.clone(), client.clone());
    o.persist(&st);
    tracing::info!(client_id = %client.client_id, name = client.client_name.as_deref().unwrap_or(""), "OAuth client registered");
    (
        StatusCode::CREATED,
        Json(json!({
            "client_id": client.client_id,
            "client_id_issued_at": client.issued_at,
            "client_name": client.client_name,
            "redirect_uris": client.redirect_uris,
            "token_endpoint_auth_method": "none",
            "grant_types": ["authorization_code", "refresh_token"],
            "response_types": ["code"],
        })),
    )
        .into_response()
}

/// Query of `GET /authorize`, and the hidden fields of the consent form.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct AuthorizeParams {
    response_type: Option<String>,
    client_id: Option<String>,
    redirect_uri: Option<String>,
    code_challenge: Option<String>,
    code_challenge_method: Option<String>,
    state: Option<String>,
    resource: Option<String>,
    scope: Option<String>,
    /// Only in the form post.
    #[serde(default, skip_serializing)]
    secret: Option<String>,
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn consent_page(p: &AuthorizeParams, client: &Client, error: Option<&str>) -> Response {
    let hidden: String = [
        ("response_type", &p.response_type),
        ("client_id", &p.client_id),
        ("redirect_uri", &p.redirect_uri),
        ("code_challenge", &p.code_challenge),
        ("code_challenge_method", &p.code_challenge_method),
        ("state", &p.state),
        ("resource", &p.resource),
        ("scope", &p.scope),
    ]
    .iter()
    .filter_map(|(k, v)| {
        v.as_ref()
            .map(|v| format!("<input type=\"hidden\" name=\"{k}\" value=\"{}\">", esc(v)))
    })
    .collect();
    let name = client
        .client_name
        .clone()
        .unwrap_or_else(|| client.client_id.clone());
    let redirect_host = p
        .redirect_uri
        .as_deref()
        .unwrap_or("")
        .split('/')
        .nth(2)
        .unwrap_or("")
        .to_string();
    let err = error
        .map(|e| format!("<p class=\"err\">{}</p>", esc(e)))
        .unwrap_or_default();
    let html = format!(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Allow access to your Telegram?</title>
<style>body{{font-family:system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem}}input[type=password]{{width:100%;padding:.5rem;font-size:1rem}}button{{margin-top:1rem;padding:.5rem 1rem;font-size:1rem}}.err{{color:#b00}}</style></head>
<body><h1>Allow access to your Telegram?</h1>
<p><b>{}</b> (redirecting to <code>{}</code>) asks to use this tgmcp server, which can read and send messages as your Telegram account.</p>
{err}
<form method="post" action="/authorize">{hidden}
<label>Owner secret (TGMCP_OAUTH_PASSWORD)<br><input type="password" name="secret" autofocus required autocomplete="current-password"></label><br>
<button type="submit">Allow</button></form>
<p>If you did not start this, close the page.</p></body></html>"#,
        esc(&name),
        esc(&redirect_host)
    );
    (
        [
            (header::CACHE_CONTROL, "no-store"),
            (header::X_FRAME_OPTIONS, "DENY"),
        ],
        Html(html),
    )
        .into_response()
}

/// The page for a request that cannot be served (no redirect: the client may be forged).
fn bad_request_page(why: &str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Html(format!(
            "<h1>Bad authorization request</h1><p>{}</p>",
            esc(why)
        )),
    )
        .into_response()
}

/// Checks an authorization request; returns the client or why it is refused.
fn validate(o: &OAuth, p: &AuthorizeParams) -> Result<Client, &'static str> {
    let bad = |m: &'static str| m;
    let client = {
        let st = o.lock();
        p.client_id
            .as_ref()
            .and_then(|id| st.clients.get(id).cloned())
    }
    .ok_or_else(|| bad("unknown client_id: register the client first"))?;
    let redirect = p
        .redirect_uri
        .as_deref()
        .ok_or_else(|| bad("missing redirect_uri"))?;
    if !client.redirect_uris.iter().any(|u| u == redirect) {
        return Err(bad("redirect_uri is not one the client registered"));
    }
    if p.response_type.as_deref() != Some("code") {
        return Err(bad("response_type must be code"));
    }
    if p.code_challenge_method.as_deref() != Some("S256")
        || p.code_challenge.as_deref().is_none_or(|c| c.len() < 43)
    {
        return Err(bad(
            "PKCE is required: code_challenge with code_challenge_method=S256",
        ));
    }
    Ok(client)
}

/// RFC 8707: a requested `resource` must be this server (its root, `/sse` or `/mcp`);
/// tokens are only ever good here.
fn check_resource(o: &OAuth, headers: &HeaderMap, p: &AuthorizeParams) -> Result<(), &'static str> {
    let Some(r) = p.resource.as_deref() else {
        return Ok(());
    };
    let base = o.base_url(headers);
    let rest = r
        .strip_prefix(base.as_str())
        .ok_or("the requested resource is not this server")?;
    if matches!(rest, "" | "/" | "/sse" | "/mcp" | "/mcp/") {
        Ok(())
    } else {
        Err("the requested resource is not this server")
    }
}

/// `GET /authorize`: the consent page.
pub async fn authorize_page(
    State(o): State<std::sync::Arc<OAuth>>,
    headers: HeaderMap,
    Query(p): Query<AuthorizeParams>,
) -> Response {
    if let Err(why) = check_resource(&o, &headers, &p) {
        return bad_request_page(why);
    }
    match validate(&o, &p) {
        Ok(client) => consent_page(&p, &client, None),
        Err(why) => bad_request_page(why),
    }
}

/// `POST /authorize`: the owner typed the secret; redirect back with a code.
pub async fn authorize_submit(
    State(o): State<std::sync::Arc<OAuth>>,
    headers: HeaderMap,
    Form(p): Form<AuthorizeParams>,
) -> Response {
    if let Err(why) = check_resource(&o, &headers, &p) {
        return bad_request_page(why);
    }
    let client = match validate(&o, &p) {
        Ok(c) => c,
        Err(why) => return bad_request_page(why),
    };
    {
        let mut st = o.lock();
        let t = now();
        st.failures.retain(|f| t.saturating_sub(*f) < 60);
        if st.failures.len() >= MAX_FAILURES_PER_MINUTE {
            return (
                StatusCode::TOO_MANY_REQUESTS,
                Html("<h1>Too many wrong secrets</h1><p>Wait a minute and try again.</p>"),
            )
                .into_response();
        }
    }
    if !p.secret.as_deref().is_some_and(|s| o.secret_ok(s)) {
        o.lock().failures.push(now());
        tracing::warn!(client_id = %client.client_id, "OAuth consent: wrong owner secret");
        return consent_page(&p, &client, Some("That is not the owner secret."));
    }
    let code = random_token();
    let redirect = p.redirect_uri.clone().unwrap_or_default();
    let resource = p.resource.clone().unwrap_or_else(|| o.base_url(&headers));
    {
        let mut st = o.lock();
        let t = now();
        st.codes.retain(|_, c| c.expires > t);
        st.codes.insert(
            hash(&code),
            Code {
                client_id: client.client_id.clone(),
                redirect_uri: redirect.clone(),
                challenge: p.code_challenge.clone().unwrap_or_default(),
                resource,
                expires: t + CODE_TTL.as_secs(),
            },
        );
    }
    tracing::info!(client_id = %client.client_id, "OAuth consent granted");
    let sep = if redirect.contains('?') { '&' } else { '?' };
    let mut url = format!("{redirect}{sep}code={code}");
    if let Some(s) = &p.state {
        url.push_str(&format!("&state={}", urlencode(s)));
    }
    Redirect::to(&url).into_response()
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
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

/// `POST /token`: authorization_code (with PKCE) and refresh_token grants.
pub async fn token(
    State(o): State<std::sync::Arc<OAuth>>,
    Form(r): Form<TokenRequest>,
) -> Response {
    let mut st = o.lock();
    let t = now();
    match r.grant_type.as_str() {
        "authorization_code" => {
            let Some(code) = r.code.as_deref().and_then(|c| st.codes.remove(&hash(c))) else {
                return oauth_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    "unknown, used or expired code",
                );
            };
            if code.expires <= t {
                return oauth_error(StatusCode::BAD_REQUEST, "invalid_grant", "the code expired");
            }
            if r.client_id.as_deref() != Some(code.client_id.as_str())
                || r.redirect_uri.as_deref() != Some(code.redirect_uri.as_str())
            {
                return oauth_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    "client_id or redirect_uri does not match the code",
                );
            }
            let verifier = r.code_verifier.unwrap_or_default();
            let computed = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
            if !bool::from(computed.as_bytes().ct_eq(code.challenge.as_bytes())) {
                return oauth_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    "code_verifier does not match the code_challenge",
                );
            }
            let body = o.issue(&mut st, &code.client_id, &code.resource);
            ([(header::CACHE_CONTROL, "no-store")], Json(body)).into_response()
        }
        "refresh_token" => {
            let Some(grant) = r
                .refresh_token
                .as_deref()
                .and_then(|rt| st.refresh.remove(&hash(rt)))
            else {
                return oauth_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    "unknown or used refresh token",
                );
            };
            if grant.expires <= t || r.client_id.as_deref().is_some_and(|c| c != grant.client_id) {
                o.persist(&st);
                return oauth_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    "expired refresh token or wrong client",
                );
            }
            let body = o.issue(&mut st, &grant.client_id, &grant.resource);
            ([(header::CACHE_CONTROL, "no-store")], Json(body)).into_response()
        }
        other => oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            &format!("{other} is not supported"),
        ),
    }
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
        assert!(!redirect_ok("http://evil.example/cb"));
        assert!(!redirect_ok("javascript:alert(1)"));
    }

    #[test]
    fn tokens_are_random_and_stored_hashed() {
        let a = random_token();
        assert_ne!(a, random_token());
        assert_eq!(a.len(), 43);
        assert_ne!(hash(&a), a);
    }

    #[test]
    fn consent_page_escapes_client_names() {
        let c = Client {
            client_id: "x".into(),
            client_name: Some("<script>".into()),
            redirect_uris: vec![],
            issued_at: 0,
        };
        let p = AuthorizeParams {
            response_type: None,
            client_id: None,
            redirect_uri: Some("https://a/\"><b>".into()),
            code_challenge: None,
            code_challenge_method: None,
            state: None,
            resource: None,
            scope: None,
            secret: None,
        };
        let r = consent_page(&p, &c, None);
        let body =
            futures::executor::block_on(axum::body::to_bytes(r.into_body(), 1 << 20)).unwrap();
        let s = String::from_utf8_lossy(&body);
        assert!(!s.contains("<script>") && s.contains("&lt;script&gt;"));
        assert!(!s.contains("\"><b>"));
    }
}
