//! The profile, privacy rules, sessions and profile photos.

use serde_json::{json, Value};

use super::{local, ok, refused, BOB};
use crate::common::Mcp;

#[tokio::test]
async fn the_profile_changes_show_in_get_me_and_get_user() {
    let (tg, _s, mut c) = local().await;
    let p = ok(
        &mut c,
        "update_profile",
        json!({"first_name": "Dana", "last_name": "", "bio": "Maps, hikes and Rust"}),
    )
    .await;
    assert_eq!(p["user"]["first_name"], "Dana", "{p}");
    assert_eq!(p["user"]["last_name"], Value::Null, "{p}");
    assert_eq!(p["bio"], "Maps, hikes and Rust", "{p}");
    let me = ok(&mut c, "get_me", json!({})).await;
    assert_eq!(me["first_name"], "Dana", "{me}");

    let e = refused(&mut c, "update_profile", json!({"username": "alice_demo"})).await;
    assert!(e.contains("@alice_demo is taken"), "{e}");
    let e = refused(&mut c, "update_profile", json!({"username": "9lives"})).await;
    assert!(e.contains("not a valid username"), "{e}");
    let e = refused(&mut c, "update_profile", json!({"bio": "x".repeat(71)})).await;
    assert!(e.contains("at most 70"), "{e}");
    let e = refused(&mut c, "update_profile", json!({})).await;
    assert!(e.contains("nothing to change"), "{e}");
    ok(&mut c, "update_profile", json!({"username": "@dana_maps"})).await;
    let me = ok(&mut c, "get_me", json!({})).await;
    assert_eq!(me["username"], "dana_maps", "{me}");
    tg.account().read(|a| {
        assert_eq!(a.me.username.as_deref(), Some("dana_maps"));
        assert_eq!(a.me.about.as_deref(), Some("Maps, hikes and Rust"));
    });
    // The old username is free again; the new one resolves to the account.
    let g = ok(&mut c, "get_user", json!({"user": "@dana_maps"})).await;
    assert_eq!(g["user"]["first_name"], "Dana", "{g}");
}

#[tokio::test]
async fn privacy_sessions_and_profile_photos_change_on_the_account() {
    let (tg, _s, mut c) = local().await;
    let p = ok(&mut c, "get_privacy", json!({"setting": "phone_number"})).await;
    assert_eq!(
        (&p["base"], &p["allow"]),
        (&json!("contacts"), &json!([200000001])),
        "{p}"
    );
    let set = json!({
        "setting": "last_seen",
        "base": "contacts",
        "allow": ["@bob_demo", "@rust_study_demo"],
        "deny": [-4000000001i64]
    });
    let p = ok(&mut c, "set_privacy", set).await;
    assert_eq!(p["base"], "contacts", "{p}");
    assert_eq!(p["allow"], json!([BOB, -1001600000002i64]), "{p}");
    assert_eq!(p["deny"], json!([-4000000001i64]), "{p}");
    let again = ok(&mut c, "get_privacy", json!({"setting": "last_seen"})).await;
    assert_eq!(again, p);
    tg.account().read(|a| {
        assert!(a.settings.privacy.contains_key("status_timestamp"));
    });
    let e = refused(
        &mut c,
        "set_privacy",
        json!({"setting": "calls", "base": "nobody", "allow": ["@tgmcp_news"]}),
    )
    .await;
    assert!(e.contains("not a user or a group"), "{e}");
    let e = refused(
        &mut c,
        "set_privacy",
        json!({"setting": "mood", "base": "nobody"}),
    )
    .await;
    assert!(e.contains("setting"), "{e}");

    let l = ok(&mut c, "list_sessions", json!({})).await;
    let sessions = l["sessions"].as_array().unwrap();
    assert_eq!(sessions.len(), 3, "{l}");
    assert_eq!(
        (&sessions[0]["current"], &sessions[0]["hash"]),
        (&json!(true), &json!("0"))
    );
    assert_eq!(sessions[1]["device"], "iPhone 15");
    let e = refused(&mut c, "terminate_session", json!({"hash": "0"})).await;
    assert!(e.contains("tgmcp itself runs on"), "{e}");
    let e = refused(&mut c, "terminate_session", json!({"hash": "12345"})).await;
    assert!(e.contains("no session with hash 12345"), "{e}");
    let e = refused(&mut c, "terminate_session", json!({"hash": "abc"})).await;
    assert!(e.contains("not a number"), "{e}");
    let t = ok(
        &mut c,
        "terminate_session",
        json!({"hash": "7311000000000002"}),
    )
    .await;
    assert_eq!(t["terminated"], "7311000000000002");
    let l = ok(&mut c, "list_sessions", json!({})).await;
    assert_eq!(l["sessions"].as_array().map(Vec::len), Some(2), "{l}");

    let photos = |tg: &fakegram::Server| {
        tg.account().read(|a| {
            a.settings.photos[&a.me.id]
                .iter()
                .map(|p| p.id)
                .collect::<Vec<_>>()
        })
    };
    let d = ok(&mut c, "delete_profile_photo", json!({})).await;
    assert_eq!(d["deleted"], json!(["7100000002"]), "{d}");
    assert_eq!(photos(&tg), vec![7_100_000_001]);
    let e = refused(
        &mut c,
        "delete_profile_photo",
        json!({"photo_ids": ["999"]}),
    )
    .await;
    assert!(e.contains("no profile photo with id 999"), "{e}");
    ok(
        &mut c,
        "delete_profile_photo",
        json!({"photo_ids": [7100000001i64]}),
    )
    .await;
    assert!(photos(&tg).is_empty());
    let e = refused(&mut c, "delete_profile_photo", json!({})).await;
    assert!(e.contains("no profile photo"), "{e}");
}

#[tokio::test]
async fn profile_photos_come_back_inline_as_images() {
    use base64::Engine as _;
    let (_tg, _s, mut c) = local().await;
    let r = c
        .call("get_user_photos", json!({"user": "@alice_demo"}))
        .await;
    assert_eq!(r["isError"], false, "{r}");
    let photos = r["structuredContent"]["photos"]
        .as_array()
        .cloned()
        .unwrap();
    assert_eq!(photos.len(), 1, "{r}");
    assert_eq!(photos[0]["id"], "7100000003");
    let image = &r["content"][1];
    assert_eq!(
        (&image["type"], &image["mimeType"]),
        (&json!("image"), &json!("image/png")),
        "{image}"
    );
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(image["data"].as_str().unwrap())
        .unwrap();
    assert_eq!(bytes, fakegram::png(16, 16, [60, 160, 90]), "the thumbnail");

    let full = c
        .call(
            "get_user_photos",
            json!({"user": "me", "full_size": true, "limit": 5}),
        )
        .await;
    let ids: Vec<&str> = full["structuredContent"]["photos"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["id"].as_str())
        .collect();
    assert_eq!(ids, ["7100000002", "7100000001"], "current first: {full}");
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(full["content"][1]["data"].as_str().unwrap())
        .unwrap();
    assert_eq!(
        bytes,
        fakegram::png(64, 64, [40, 120, 200]),
        "the largest size"
    );
    let cut = ok(
        &mut c,
        "get_user_photos",
        json!({"user": "me", "max_bytes": 10}),
    )
    .await;
    assert_eq!(cut["photos"][0]["truncated"], true, "{cut}");

    ok(&mut c, "delete_profile_photo", json!({})).await;
    let after = ok(&mut c, "get_user_photos", json!({"user": "me"})).await;
    assert_eq!(after["photos"].as_array().map(Vec::len), Some(1), "{after}");
    let none = ok(&mut c, "get_user_photos", json!({"user": "@bob_demo"})).await;
    assert_eq!(none["photos"], json!([]));
    let e = refused(&mut c, "get_user_photos", json!({"user": "@tgmcp_news"})).await;
    assert!(e.contains("not a user"), "{e}");
    let e = refused(
        &mut c,
        "get_user_photos",
        json!({"user": "@alice_demo", "limit": 50}),
    )
    .await;
    assert!(e.contains("limit"), "{e}");
}
