use super::*;

const TTL: Duration = Duration::from_secs(3600);
const VERIFIER: &str = "verifier-verifier-verifier-verifier-verifier";

fn client(id: &str, issued_at: u64) -> Client {
    Client {
        client_id: id.into(),
        client_name: None,
        redirect_uris: vec!["https://chatgpt.com/cb".into()],
        issued_at,
        last_used: None,
        seq: 0,
    }
}

fn challenge() -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(VERIFIER.as_bytes()))
}

/// A store with client "c" signed in once: the code and the tokens.
fn signed_in() -> (Store, String, Issued) {
    let mut st = Store::default();
    st.register(client("c", now())).unwrap();
    let code = st.grant_code("c", "https://chatgpt.com/cb", &challenge(), "r");
    let issued = st
        .redeem_code(
            &code,
            Some("c"),
            Some("https://chatgpt.com/cb"),
            VERIFIER,
            TTL,
        )
        .unwrap();
    (st, code, issued)
}

#[test]
fn tokens_are_random_and_stored_hashed() {
    let a = random_token();
    assert_ne!(a, random_token());
    assert_eq!(a.len(), 43);
    assert_ne!(hash(&a), a);
    assert!(!family_id().contains('.'));
}

#[test]
fn replaying_a_code_revokes_the_tokens_it_issued() {
    let (mut st, code, first) = signed_in();
    assert!(st.access_ok(&first.access));
    // A second sign-in is another family and survives the replay.
    let other = st.grant_code("c", "https://chatgpt.com/cb", &challenge(), "r");
    let second = st
        .redeem_code(
            &other,
            Some("c"),
            Some("https://chatgpt.com/cb"),
            VERIFIER,
            TTL,
        )
        .unwrap();
    let replay = st.redeem_code(
        &code,
        Some("c"),
        Some("https://chatgpt.com/cb"),
        VERIFIER,
        TTL,
    );
    assert!(matches!(replay, Err(OAuthError::InvalidGrant(_))));
    assert!(!st.access_ok(&first.access), "the access token is revoked");
    assert!(
        st.refresh(&first.refresh, Some("c"), TTL).is_err(),
        "the refresh token is revoked"
    );
    assert!(st.access_ok(&second.access), "another sign-in is untouched");
}

#[test]
fn replaying_a_rotated_refresh_token_revokes_its_family() {
    let (mut st, _, first) = signed_in();
    let rotated = st.refresh(&first.refresh, Some("c"), TTL).unwrap();
    assert!(st.access_ok(&rotated.access));
    assert!(st.refresh(&first.refresh, Some("c"), TTL).is_err());
    assert!(
        !st.access_ok(&rotated.access),
        "issued after the stolen token"
    );
    assert!(!st.access_ok(&first.access));
    assert!(st.refresh(&rotated.refresh, None, TTL).is_err());
}

#[test]
fn a_registration_flood_evicts_only_clients_that_never_signed_in() {
    let (mut st, _, _) = signed_in();
    st.take_dirty();
    let t = now();
    for i in 0..MAX_CLIENTS * 3 {
        st.register(client(&format!("junk{i}"), t)).unwrap();
        assert!(st.clients.len() <= MAX_CLIENTS);
    }
    assert!(st.client("c").is_some(), "the consented client stays");
    assert!(st.client("junk0").is_none(), "the oldest junk went first");
    assert!(st.client(&format!("junk{}", MAX_CLIENTS * 3 - 1)).is_some());
    assert!(
        !st.take_dirty(),
        "registrations alone do not write the state file"
    );
}

#[test]
fn a_table_of_consented_clients_refuses_more() {
    let mut st = Store::default();
    for i in 0..MAX_CLIENTS {
        let mut c = client(&format!("c{i}"), 0);
        c.last_used = Some(1);
        st.register(c).unwrap();
    }
    assert!(matches!(
        st.register(client("new", 0)),
        Err(OAuthError::InvalidClientMetadata(_))
    ));
}

#[test]
fn a_state_file_full_of_junk_does_not_lock_the_owner_out() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("oauth.json");
    // As an older version wrote it after a flood: no last_used, no families.
    let mut clients = serde_json::Map::new();
    for i in 0..MAX_CLIENTS + 50 {
        let id = format!("junk{i}");
        clients.insert(
            id.clone(),
            serde_json::json!({"client_id": id, "client_name": null,
                "redirect_uris": ["https://x/cb"], "issued_at": i}),
        );
    }
    clients.insert(
        "owner".into(),
        serde_json::json!({"client_id": "owner", "client_name": "ChatGPT",
            "redirect_uris": ["https://chatgpt.com/cb"], "issued_at": 0}),
    );
    let refresh = serde_json::json!({ hash("old-refresh"): {
        "client_id": "owner", "resource": "r", "expires": now() + 3600 } });
    let file = serde_json::json!({"clients": clients, "refresh": refresh});
    std::fs::write(&path, serde_json::to_vec(&file).unwrap()).unwrap();

    let mut st = Store::load(&path);
    assert!(st.clients.len() <= MAX_CLIENTS);
    assert!(
        st.client("owner").is_some(),
        "a client holding a grant is kept"
    );
    st.register(client("new", now())).unwrap();
    assert!(st.client("new").is_some());
    let rotated = st.refresh("old-refresh", Some("owner"), TTL).unwrap();
    assert!(
        st.access_ok(&rotated.access),
        "old refresh tokens still work"
    );

    st.save(&path);
    let again = Store::load(&path);
    assert!(again.client("owner").is_some_and(|c| c.last_used.is_some()));
}
