//! The authorization endpoint: a consent page where the owner types the
//! secret, then a redirect back to the client with a single-use code.
//! Requests that cannot be trusted get an HTML error page, never a redirect
//! (the client or its redirect URI may be forged).

use std::sync::Arc;

use axum::extract::rejection::FormRejection;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Form;
use serde::{Deserialize, Serialize};
use url::Url;

use super::store::Client;
use super::{ClientAddr, OAuth};

/// Query of `GET /authorize`, and the hidden fields of the consent form.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
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
    // The host the code will go to, as the parser sees it (what the browser will use).
    let redirect_host = p
        .redirect_uri
        .as_deref()
        .and_then(|u| Url::parse(u).ok())
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_default();
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
    let client = {
        let st = o.lock();
        p.client_id.as_deref().and_then(|id| st.client(id).cloned())
    }
    .ok_or("unknown client_id: register the client first")?;
    let redirect = p.redirect_uri.as_deref().ok_or("missing redirect_uri")?;
    // Exact string match with a registered URI (RFC 9700 §4.1.3).
    if !client.redirect_uris.iter().any(|u| u == redirect) {
        return Err("redirect_uri is not one the client registered");
    }
    if p.response_type.as_deref() != Some("code") {
        return Err("response_type must be code");
    }
    if p.code_challenge_method.as_deref() != Some("S256")
        || p.code_challenge.as_deref().is_none_or(|c| c.len() < 43)
    {
        return Err("PKCE is required: code_challenge with code_challenge_method=S256");
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
    State(o): State<Arc<OAuth>>,
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
/// Wrong secrets lock out the address that sent them, not the owner elsewhere.
pub async fn authorize_submit(
    State(o): State<Arc<OAuth>>,
    ClientAddr(ip): ClientAddr,
    headers: HeaderMap,
    form: Result<Form<AuthorizeParams>, FormRejection>,
) -> Response {
    let Ok(Form(p)) = form else {
        return bad_request_page("the consent form could not be read");
    };
    if let Err(why) = check_resource(&o, &headers, &p) {
        return bad_request_page(why);
    }
    let client = match validate(&o, &p) {
        Ok(c) => c,
        Err(why) => return bad_request_page(why),
    };
    if let Err(wait) = o.failures.check(ip) {
        let mut r = (
            StatusCode::TOO_MANY_REQUESTS,
            Html("<h1>Too many wrong secrets</h1><p>Wait a minute and try again.</p>"),
        )
            .into_response();
        if let Ok(v) = HeaderValue::from_str(&wait.as_secs().max(1).to_string()) {
            r.headers_mut().insert(header::RETRY_AFTER, v);
        }
        return r;
    }
    if !p.secret.as_deref().is_some_and(|s| o.secret_ok(s)) {
        let _ = o.failures.hit(ip);
        tracing::warn!(client_id = %client.client_id, %ip, "OAuth consent: wrong owner secret");
        return consent_page(&p, &client, Some("That is not the owner secret."));
    }
    let redirect = p.redirect_uri.clone().unwrap_or_default();
    let resource = p.resource.clone().unwrap_or_else(|| o.base_url(&headers));
    let challenge = p.code_challenge.clone().unwrap_or_default();
    let code = {
        let mut st = o.lock();
        let code = st.grant_code(&client.client_id, &redirect, &challenge, &resource);
        if st.take_dirty() {
            o.persist(&st);
        }
        code
    };
    let Some(url) = redirect_with_code(&redirect, &code, p.state.as_deref()) else {
        return bad_request_page("the registered redirect_uri cannot be parsed");
    };
    tracing::info!(client_id = %client.client_id, "OAuth consent granted");
    Redirect::to(&url).into_response()
}

/// The redirect back to the client, built from the parsed URI (so the browser
/// goes to the host that registration checked) plus `code` and `state`.
fn redirect_with_code(redirect: &str, code: &str, state: Option<&str>) -> Option<String> {
    let mut u = Url::parse(redirect).ok()?;
    let mut query = u.query().map(|q| format!("{q}&")).unwrap_or_default();
    query.push_str(&format!("code={}", urlencode(code)));
    if let Some(s) = state {
        query.push_str(&format!("&state={}", urlencode(s)));
    }
    u.set_query(Some(&query));
    Some(u.into())
}

/// Percent-encodes all but RFC 3986 unreserved characters (a space is `%20`).
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn consent_page_escapes_client_names() {
        let c = Client {
            client_id: "x".into(),
            client_name: Some("<script>".into()),
            redirect_uris: vec![],
            issued_at: 0,
            last_used: None,
            seq: 0,
        };
        let p = AuthorizeParams {
            redirect_uri: Some("https://a/\"><b>".into()),
            ..AuthorizeParams::default()
        };
        let r = consent_page(&p, &c, None);
        let body =
            futures::executor::block_on(axum::body::to_bytes(r.into_body(), 1 << 20)).unwrap();
        let s = String::from_utf8_lossy(&body);
        assert!(!s.contains("<script>") && s.contains("&lt;script&gt;"));
        assert!(!s.contains("\"><b>"));
    }

    #[test]
    fn the_code_goes_back_on_the_parsed_redirect() {
        let u = redirect_with_code("https://chatgpt.com/cb?x=1", "abc", Some("xyz 123")).unwrap();
        assert_eq!(u, "https://chatgpt.com/cb?x=1&code=abc&state=xyz%20123");
        let u = redirect_with_code("http://127.0.0.1:5173/cb", "abc", None).unwrap();
        assert_eq!(u, "http://127.0.0.1:5173/cb?code=abc");
        assert!(redirect_with_code("not a url", "abc", None).is_none());
    }
}
