//! Public deployment security: bearer token, the OAuth 2.1 flow ChatGPT uses,
//! CORS, rate limits, session caps and expiry, and secrets kept out of logs.
use crate::common;
#[path = "auth/hardening.rs"]
mod hardening;

use std::time::Duration;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use common::*;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

pub(crate) const OWNER_SECRET: &str = "correct horse battery staple";

pub(crate) fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// What a client such as ChatGPT does: discover, register, authorize with PKCE, exchange.
/// The token response also carries `client_id`, `token_endpoint`, and the redeemed
/// `code` with its `code_verifier` (for the replay test).
pub(crate) async fn oauth_sign_in(s: &Server) -> Value {
    let c = no_redirects();
    // 1. An unauthenticated request points at the resource metadata.
    let r = c.post(s.url("/mcp")).json(&json!({})).send().await.unwrap();
    assert_eq!(r.status(), 401);
    let challenge = r.headers()["www-authenticate"]
        .to_str()
        .unwrap()
        .to_string();
    let meta_url = challenge
        .split("resource_metadata=\"")
        .nth(1)
        .unwrap()
        .trim_end_matches('"')
        .to_string();
    assert_eq!(meta_url, s.url("/.well-known/oauth-protected-resource"));
    let prm: Value = c.get(&meta_url).send().await.unwrap().json().await.unwrap();
    let issuer = prm["authorization_servers"][0]
        .as_str()
        .unwrap()
        .to_string();
    // 2. Authorization server metadata.
    let asm: Value = c
        .get(format!("{issuer}/.well-known/oauth-authorization-server"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(asm["code_challenge_methods_supported"], json!(["S256"]));
    // 3. Dynamic client registration.
    let redirect = "https://chatgpt.com/connector_platform_oauth_redirect";
    let reg = c
        .post(asm["registration_endpoint"].as_str().unwrap())
        .json(&json!({"redirect_uris": [redirect], "client_name": "ChatGPT"}))
        .send()
        .await
        .unwrap();
    assert_eq!(reg.status(), 201);
    let client: Value = reg.json().await.unwrap();
    let client_id = client["client_id"].as_str().unwrap().to_string();
    // 4. Authorize: consent page, wrong secret, right secret.
    let verifier = URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>());
    let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
    let params = [
        ("response_type", "code"),
        ("client_id", client_id.as_str()),
        ("redirect_uri", redirect),
        ("code_challenge", challenge.as_str()),
        ("code_challenge_method", "S256"),
        ("state", "xyz 123"),
        ("resource", issuer.as_str()),
    ];
    let page = c
        .get(asm["authorization_endpoint"].as_str().unwrap())
        .query(&params)
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("ChatGPT") && html.contains("type=\"password\""),
        "{html}"
    );
    let mut form: Vec<(&str, &str)> = params.to_vec();
    form.push(("secret", "wrong"));
    let wrong = c
        .post(asm["authorization_endpoint"].as_str().unwrap())
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 200);
    assert!(wrong.text().await.unwrap().contains("not the owner secret"));
    form.pop();
    form.push(("secret", OWNER_SECRET));
    let authorize_url = asm["authorization_endpoint"].as_str().unwrap().to_string();
    let code_for = |form: Vec<(&'static str, String)>| {
        let (c, url) = (c.clone(), authorize_url.clone());
        async move {
            let ok = c.post(&url).form(&form).send().await.unwrap();
            assert!(ok.status().is_redirection(), "{}", ok.status());
            let location = ok.headers()["location"].to_str().unwrap().to_string();
            assert!(
                location.starts_with(redirect) && location.contains("state=xyz%20123"),
                "{location}"
            );
            location
                .split("code=")
                .nth(1)
                .unwrap()
                .split('&')
                .next()
                .unwrap()
                .to_string()
        }
    };
    let owned: Vec<(&'static str, String)> =
        form.iter().map(|(k, v)| (*k, v.to_string())).collect();
    // 5. Token exchange; a wrong verifier fails, and a code works once.
    let token_url = asm["token_endpoint"].as_str().unwrap().to_string();
    let exchange = |code: String, verifier: String| {
        let (c, url, client_id) = (c.clone(), token_url.clone(), client_id.clone());
        async move {
            c.post(&url)
                .form(&[
                    ("grant_type", "authorization_code"),
                    ("code", &code),
                    ("redirect_uri", redirect),
                    ("client_id", &client_id),
                    ("code_verifier", &verifier),
                ])
                .send()
                .await
                .unwrap()
        }
    };
    let code = code_for(owned.clone()).await;
    assert_eq!(exchange(code, "nope".into()).await.status(), 400);
    // The failed attempt consumed the code (codes are single-use): start again.
    let code = code_for(owned).await;
    let tok: Value = exchange(code.clone(), verifier.clone())
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(tok["token_type"], "Bearer", "{tok}");
    // Replaying `code` would revoke these tokens: `replaying_a_used_code_*` does it.
    let mut tok = tok;
    tok["client_id"] = client_id.into();
    tok["token_endpoint"] = token_url.into();
    tok["code"] = code.into();
    tok["code_verifier"] = verifier.into();
    tok["redirect_uri"] = redirect.into();
    tok
}

pub(crate) fn oauth_server(ttl: u64) -> Server {
    Server::start(Opts {
        env: vec![
            ("TGMCP_OAUTH_PASSWORD", OWNER_SECRET.into()),
            ("TGMCP_OAUTH_TOKEN_TTL_SECS", ttl.to_string()),
        ],
        ..Opts::default()
    })
}

#[tokio::test]
async fn oauth_discovery_registration_authorize_token_then_tools() {
    let s = oauth_server(3600);
    let tok = oauth_sign_in(&s).await;
    let access = tok["access_token"].as_str().unwrap();
    let auth = vec![("authorization".to_string(), format!("Bearer {access}"))];
    let mut c = SseClient::connect_with(&s.base, auth).await;
    basic_flow(&mut c).await;

    // Refresh rotates: the new pair works, the old refresh token does not.
    let c2 = no_redirects();
    let refreshed: Value = c2
        .post(tok["token_endpoint"].as_str().unwrap())
        .form(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", tok["refresh_token"].as_str().unwrap()),
            ("client_id", tok["client_id"].as_str().unwrap()),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let new_access = refreshed["access_token"]
        .as_str()
        .expect("new access token");
    let r = c2
        .get(s.url("/sse"))
        .header("authorization", format!("Bearer {new_access}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    drop(r);
    // Reusing the rotated token is refused and revokes the pair issued after it.
    let reuse = c2
        .post(tok["token_endpoint"].as_str().unwrap())
        .form(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", tok["refresh_token"].as_str().unwrap()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(reuse.status(), 400);
    let r = c2
        .head(s.url("/sse"))
        .header("authorization", format!("Bearer {new_access}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401, "the token family is revoked");
    let r = c2
        .get(s.url("/sse"))
        .header("authorization", "Bearer not-a-token")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
}

#[tokio::test]
async fn expired_oauth_tokens_get_401() {
    let s = oauth_server(1);
    let tok = oauth_sign_in(&s).await;
    let access = tok["access_token"].as_str().unwrap().to_string();
    let ok = http()
        .head(s.url("/sse"))
        .header("authorization", format!("Bearer {access}"))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let r = http()
        .head(s.url("/sse"))
        .header("authorization", format!("Bearer {access}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
}

#[tokio::test]
async fn tokens_are_only_issued_for_this_server() {
    let s = oauth_server(3600);
    let reg: Value = http()
        .post(s.url("/register"))
        .json(&json!({"redirect_uris": ["https://chatgpt.com/cb"]}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(
        b"verifier-verifier-verifier-verifier-verifier",
    ));
    let ask = |resource: String| {
        let client_id = reg["client_id"].as_str().unwrap().to_string();
        let challenge = challenge.clone();
        let url = s.url("/authorize");
        async move {
            http()
                .get(url)
                .query(&[
                    ("response_type", "code"),
                    ("client_id", client_id.as_str()),
                    ("redirect_uri", "https://chatgpt.com/cb"),
                    ("code_challenge", challenge.as_str()),
                    ("code_challenge_method", "S256"),
                    ("resource", resource.as_str()),
                ])
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(ask(s.url("/sse")).await, 200);
    assert_eq!(ask("https://other.example/mcp".into()).await, 400);
}

#[tokio::test]
async fn registration_refuses_foreign_http_redirects() {
    let s = oauth_server(3600);
    let r = http()
        .post(s.url("/register"))
        .json(&json!({"redirect_uris": ["http://evil.example/cb"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["error"], "invalid_redirect_uri");
}

#[tokio::test]
#[ignore = "needs the Python MCP clients: pip install -r host/tests/clients/requirements.txt, then cargo test -- --include-ignored"]
async fn python_sdk_client_with_a_bearer_token() {
    if !have_external(
        &["python3", "-c", "import mcp"],
        "pip install -r host/tests/clients/requirements.txt",
    ) {
        return;
    }
    let token = "py-sdk-token-4242";
    let s = Server::start(Opts {
        env: vec![("TGMCP_AUTH_TOKEN", token.into())],
        ..Opts::default()
    });
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/clients/py_client.py");
    for (mode, path) in [("sse", "/sse"), ("http", "/mcp")] {
        let out = tokio::process::Command::new("python3")
            .arg(script)
            .arg(mode)
            .arg(s.url(path))
            .env("TGMCP_TEST_TOKEN", token)
            .output()
            .await
            .unwrap();
        assert!(
            out.status.success(),
            "{mode}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["calls"]["get_me"]["isError"], false);
    }
    let out = tokio::process::Command::new("python3")
        .arg(script)
        .arg("sse")
        .arg(s.url("/sse"))
        .output()
        .await
        .unwrap();
    assert!(
        !out.status.success(),
        "without the token the SDK client is refused"
    );
}

#[tokio::test]
async fn cors_for_configured_origins_only() {
    let s = Server::start(Opts {
        env: vec![("TGMCP_ALLOWED_ORIGINS", "https://app.example".into())],
        ..Opts::default()
    });
    let c = http();
    let pre = c
        .request(reqwest::Method::OPTIONS, s.url("/mcp"))
        .header("origin", "https://app.example")
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "content-type,mcp-session-id",
        )
        .send()
        .await
        .unwrap();
    assert!(pre.status().is_success());
    assert_eq!(
        pre.headers()["access-control-allow-origin"],
        "https://app.example"
    );
    let ok = c
        .head(s.url("/sse"))
        .header("origin", "https://app.example")
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    let bad = c
        .head(s.url("/sse"))
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 403);
    // Without configured origins there is no CORS at all.
    let plain = Server::demo();
    let pre = c
        .request(reqwest::Method::OPTIONS, plain.url("/mcp"))
        .header("origin", "https://app.example")
        .header("access-control-request-method", "POST")
        .send()
        .await
        .unwrap();
    assert!(pre.headers().get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn rate_limit_session_cap_and_idle_expiry() {
    let s = Server::start(Opts {
        env: vec![
            ("TGMCP_RATE_LIMIT", "8".into()),
            ("TGMCP_MAX_SESSIONS", "1".into()),
            ("TGMCP_SESSION_IDLE_SECS", "1".into()),
        ],
        ..Opts::default()
    });
    let first = SseClient::connect(&s.base).await;
    let second = http().get(s.url("/sse")).send().await.unwrap();
    assert_eq!(second.status(), 503, "the session cap");
    assert!(second.text().await.unwrap().contains("TGMCP_MAX_SESSIONS"));
    // Idle: with no POST for a second, the stream ends and the session is gone.
    tokio::time::sleep(Duration::from_millis(1600)).await;
    let r = http()
        .post(s.url(&first.endpoint))
        .json(&json!({"jsonrpc": "2.0", "id": 1, "method": "ping"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404, "an idle session expires");
    // Rate limit: 8 requests a minute from this address, then 429 with Retry-After.
    let mut statuses = Vec::new();
    for _ in 0..8 {
        statuses.push(
            http()
                .head(s.url("/sse"))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16(),
        );
    }
    let r = http().head(s.url("/sse")).send().await.unwrap();
    assert_eq!(r.status(), 429, "{statuses:?}");
    assert!(r.headers().get("retry-after").is_some());
    assert_eq!(
        http().get(s.url("/health")).send().await.unwrap().status(),
        200,
        "health is not rate limited"
    );
}

#[tokio::test]
async fn secrets_never_reach_the_logs() {
    // A well-formed session string (Telegram is unreachable here, so the server
    // keeps retrying in the background and logs at trace level meanwhile).
    let session = "1ApWapzMBuwIJEBceJSwzOkFIT1ZdZGtyeYCHjpWco6qxuL_GzdTb4unw9_4FDBMaISgvNj1ES1JZYGdudXyDipGYn6attLvCydDX3uXs8_oBCA8WHSQrMjlAR05VXGNqcXh_ho2Um6KpsLe-xczT2uHo7_b9BAsSGSAnLjU8Q0pRWF9mbXR7gomQl56lrLO6wcjP1t3k6_L5AAcOFRwjKjE4P0ZNVFtiaXB3foWMk5qhqK-2vcTL0tng5-71_AMKERgfJi00O0JJUFdeZWxzeoGIj5adpKuyucDHztXc4-rx-P8GDRQbIikwNz5FTFNaYWhvdn2Ei5KZoKeutbzDytHY3-bt9Ps=";
    let token = "static-bearer-token-xyz";
    let api_hash = "feedfacefeedfacefeedfacefeedface";
    let s = Server::start(Opts {
        real: true,
        env: vec![
            ("TELEGRAM_API_ID", "12345".into()),
            ("TELEGRAM_API_HASH", api_hash.into()),
            ("TELEGRAM_SESSION_STRING", session.into()),
            ("TGMCP_AUTH_TOKEN", token.into()),
            ("TGMCP_OAUTH_PASSWORD", OWNER_SECRET.into()),
            // Everything at trace except the compiler's own chatter (slow, and no secrets pass there).
            // A bare level leaves the libraries quiet by default, so they are named.
            ("RUST_LOG", "trace,rmcp=trace,grammers=trace,hyper=trace,h2=trace,tower=trace,wasmtime=trace,cranelift_codegen=warn,regalloc2=warn,wasmtime_cranelift=warn,cranelift_frontend=warn".into()),
        ],
        ..Opts::default()
    });
    let tok = oauth_sign_in(&s).await;
    let mut c = SseClient::connect_with(
        &s.base,
        vec![("authorization".into(), format!("Bearer {token}"))],
    )
    .await;
    c.initialize().await;
    let r = c.call("get_me", json!({})).await;
    assert_eq!(r["isError"], true, "Telegram is unreachable here: {r}");
    // The failed get_me is the last thing logged; wait for it so no line escapes the search.
    let logs = s
        .logs_containing("outcome=\"error\"", Duration::from_secs(5))
        .await;
    assert!(
        logs.contains("outcome=\"error\""),
        "the call's failure is logged"
    );
    assert!(logs.len() > 1000, "trace logging is on");
    let key_b64 = &session[1..40];
    for (what, secret) in [
        ("session string", session),
        ("session key material", key_b64),
        ("bearer token", token),
        ("API hash", api_hash),
        ("OAuth owner secret", OWNER_SECRET),
        ("OAuth access token", tok["access_token"].as_str().unwrap()),
        (
            "OAuth refresh token",
            tok["refresh_token"].as_str().unwrap(),
        ),
    ] {
        assert!(!logs.contains(secret), "the {what} appears in the logs");
    }
}
