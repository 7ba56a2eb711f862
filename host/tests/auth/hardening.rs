//! Attacks on the limits and the OAuth server, repeated end to end: forged
//! X-Forwarded-For, look-alike loopback redirects, registration floods (also
//! through a state file), secret guessing from one address, code and refresh
//! token replay.

use std::net::IpAddr;

use serde_json::{json, Value};

use super::{no_redirects, oauth_server, oauth_sign_in, OWNER_SECRET};
use crate::common::*;

/// A distinct private address for each `i`.
fn x_forwarded(i: u32) -> String {
    let [_, a, b, c] = i.to_be_bytes();
    format!("10.{a}.{b}.{c}")
}

async fn head_sse(s: &Server, xff: &str) -> u16 {
    http()
        .head(s.url("/sse"))
        .header("x-forwarded-for", xff)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn rate_limit_believes_forwarded_for_only_from_trusted_proxies() {
    // No trusted proxy: a rotating X-Forwarded-For does not escape the limit.
    let s = Server::start(Opts {
        env: vec![("TGMCP_RATE_LIMIT", "3".into())],
        ..Opts::default()
    });
    let mut statuses = Vec::new();
    for i in 1..=4 {
        statuses.push(head_sse(&s, &x_forwarded(i)).await);
    }
    assert_eq!(statuses, [200, 200, 200, 429]);

    // Behind a trusted proxy the rightmost untrusted hop is the client: the
    // part the client wrote itself (the left) changes nothing.
    let s = Server::start(Opts {
        env: vec![
            ("TGMCP_RATE_LIMIT", "3".into()),
            ("TGMCP_TRUSTED_PROXIES", "127.0.0.1/32, ::1".into()),
        ],
        ..Opts::default()
    });
    let mut statuses = Vec::new();
    for i in 1..=4 {
        let spoofed = format!("{}, 198.51.100.1", x_forwarded(i));
        statuses.push(head_sse(&s, &spoofed).await);
    }
    assert_eq!(statuses, [200, 200, 200, 429]);
    assert_eq!(
        head_sse(&s, "198.51.100.1, 198.51.100.2").await,
        200,
        "another client behind the proxy has its own limit"
    );
}

#[tokio::test]
async fn loopback_lookalike_redirects_are_refused() {
    let s = oauth_server(3600);
    for bad in [
        "http://localhost:80@evil.example/cb",
        "http://localhost.evil.example/cb",
        "http://127.0.0.1.nip.io/cb",
    ] {
        let r = http()
            .post(s.url("/register"))
            .json(&json!({"redirect_uris": [bad]}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400, "{bad}");
        assert_eq!(r.headers()["cache-control"], "no-store");
        let v: Value = r.json().await.unwrap();
        assert_eq!(v["error"], "invalid_redirect_uri", "{bad}: {v}");
        assert!(v["error_description"].is_string());
    }
    let ok = http()
        .post(s.url("/register"))
        .json(&json!({"redirect_uris": ["http://127.0.0.1:53682/cb"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 201, "any loopback port is fine (RFC 8252)");
}

#[tokio::test]
async fn only_this_machine_gets_plain_http_metadata() {
    let s = oauth_server(3600);
    let issuer = |host: &'static str| {
        let url = s.url("/.well-known/oauth-authorization-server");
        async move {
            let v: Value = http()
                .get(url)
                .header("host", host)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            v["issuer"].as_str().unwrap().to_string()
        }
    };
    assert_eq!(issuer("localhost:8080").await, "http://localhost:8080");
    assert_eq!(
        issuer("localhost.evil.example").await,
        "https://localhost.evil.example"
    );
}

/// A state file as an older tgmcp left it after a registration flood.
fn junk_state_file(path: &std::path::Path, n: usize) {
    let clients: serde_json::Map<String, Value> = (0..n)
        .map(|i| {
            let id = format!("tgmcp-junk{i}");
            let c = json!({"client_id": id, "client_name": "junk",
                "redirect_uris": ["https://junk.example/cb"], "issued_at": i});
            (id, c)
        })
        .collect();
    let file = json!({"clients": clients, "refresh": {}});
    std::fs::write(path, serde_json::to_vec(&file).unwrap()).unwrap();
}

async fn register_from(s: &Server, xff: impl AsRef<str>) -> u16 {
    http()
        .post(s.url("/register"))
        .header("x-forwarded-for", xff.as_ref())
        .json(&json!({"redirect_uris": ["https://junk.example/cb"]}))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn junk_registrations_cannot_lock_the_owner_out() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("oauth.json");
    junk_state_file(&state, 1000);
    let start = || {
        Server::start(Opts {
            env: vec![
                ("TGMCP_OAUTH_PASSWORD", OWNER_SECRET.into()),
                ("TGMCP_OAUTH_STATE_FILE", state.display().to_string()),
                ("TGMCP_TRUSTED_PROXIES", "127.0.0.1".into()),
            ],
            ..Opts::default()
        })
    };
    let s = start();
    // One address is limited...
    let burst: Vec<u16> =
        futures::future::join_all((0..11).map(|_| register_from(&s, "192.0.2.1"))).await;
    assert_eq!(burst.iter().filter(|c| **c == 201).count(), 10, "{burst:?}");
    assert!(burst.contains(&429), "{burst:?}");
    // ...and a thousand addresses only churn the clients that never signed in.
    for chunk in (1..=1000u32).collect::<Vec<_>>().chunks(50) {
        let codes =
            futures::future::join_all(chunk.iter().map(|i| register_from(&s, x_forwarded(*i))))
                .await;
        assert!(codes.iter().all(|c| *c == 201), "{codes:?}");
    }
    let tok = oauth_sign_in(&s).await;
    for i in 1001..=2100u32 {
        assert_eq!(register_from(&s, x_forwarded(i)).await, 201);
    }
    let client_id = tok["client_id"].as_str().unwrap().to_string();
    drop(s);

    // After a restart from the state file the owner's client is still known.
    let s = start();
    let refreshed = no_redirects()
        .post(s.url("/token"))
        .form(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", tok["refresh_token"].as_str().unwrap()),
            ("client_id", &client_id),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(refreshed.status(), 200);
    let page = http()
        .get(s.url("/authorize"))
        .query(&[
            ("response_type", "code"),
            ("client_id", client_id.as_str()),
            ("redirect_uri", tok["redirect_uri"].as_str().unwrap()),
            ("code_challenge", "x".repeat(43).as_str()),
            ("code_challenge_method", "S256"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        page.status(),
        200,
        "the consented client survived the flood"
    );
}

#[tokio::test]
async fn wrong_secrets_lock_out_their_address_only() {
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
    let client_id = reg["client_id"].as_str().unwrap().to_string();
    let challenge = "c".repeat(43);
    let submit = |from: &str, secret: &str| {
        // Linux routes all of 127/8 to loopback: a second local address is a second client.
        let from: IpAddr = from.parse().unwrap();
        let c = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .local_address(from)
            .build()
            .unwrap();
        let form = vec![
            ("response_type", "code".to_string()),
            ("client_id", client_id.clone()),
            ("redirect_uri", "https://chatgpt.com/cb".into()),
            ("code_challenge", challenge.clone()),
            ("code_challenge_method", "S256".into()),
            ("secret", secret.to_string()),
        ];
        let url = s.url("/authorize");
        async move {
            c.post(url)
                .form(&form)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    for _ in 0..5 {
        assert_eq!(submit("127.0.0.2", "guess").await, 200);
    }
    assert_eq!(
        submit("127.0.0.2", OWNER_SECRET).await,
        429,
        "the guesser is locked out"
    );
    let owner = submit("127.0.0.1", OWNER_SECRET).await;
    assert!(
        (300..400).contains(&owner),
        "the owner elsewhere is not: {owner}"
    );
}

#[tokio::test]
async fn replaying_a_used_code_revokes_the_tokens_issued_from_it() {
    let s = oauth_server(3600);
    let tok = oauth_sign_in(&s).await;
    let access = tok["access_token"].as_str().unwrap();
    let bearer = format!("Bearer {access}");
    let with_token = || http().head(s.url("/sse")).header("authorization", &bearer);
    assert_eq!(with_token().send().await.unwrap().status(), 200);
    let again = no_redirects()
        .post(tok["token_endpoint"].as_str().unwrap())
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", tok["code"].as_str().unwrap()),
            ("redirect_uri", tok["redirect_uri"].as_str().unwrap()),
            ("client_id", tok["client_id"].as_str().unwrap()),
            ("code_verifier", tok["code_verifier"].as_str().unwrap()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 400, "a code works once");
    assert_eq!(again.headers()["cache-control"], "no-store");
    let v: Value = again.json().await.unwrap();
    assert_eq!(v["error"], "invalid_grant", "{v}");
    assert_eq!(
        with_token().send().await.unwrap().status(),
        401,
        "the access token issued from the code is revoked"
    );
    let refresh = no_redirects()
        .post(tok["token_endpoint"].as_str().unwrap())
        .form(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", tok["refresh_token"].as_str().unwrap()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(refresh.status(), 400, "so is the refresh token");
}
