//! Contacts: adding, renaming, importing, deleting, blocking, spam reports,
//! contact requests and the export.

use fakegram::Peer;
use serde_json::{json, Value};

use super::{contact_names, local, ok, refused, user, BOB, CAROL};

#[tokio::test]
async fn contacts_are_added_renamed_imported_deleted_and_blocked() {
    let (tg, _s, mut c) = local().await;
    // Renaming: the contact's name is the alias to find them by.
    let u = ok(
        &mut c,
        "add_contact",
        json!({"user": "@bob_demo", "first_name": "Bob", "last_name": "Accountant"}),
    )
    .await;
    assert_eq!(u["last_name"], "Accountant", "{u}");
    let found = ok(&mut c, "search_contacts", json!({"query": "accountant"})).await;
    assert_eq!(found["users"][0]["id"], BOB, "{found}");
    // Adding someone who was not a contact.
    ok(
        &mut c,
        "add_contact",
        json!({"user": 200000003, "first_name": "Carol", "share_phone": true}),
    )
    .await;
    assert!(contact_names(&mut c).await.contains(&"Carol".to_string()));
    tg.account()
        .read(|a| assert_eq!(a.settings.phone_shared, vec![200_000_003]));
    let e = refused(
        &mut c,
        "add_contact",
        json!({"user": "@nobody_here_at_all", "first_name": "X"}),
    )
    .await;
    assert!(e.contains("not found"), "{e}");
    let e = refused(
        &mut c,
        "add_contact",
        json!({"user": "me", "first_name": "Me"}),
    )
    .await;
    assert!(e.contains("the account itself"), "{e}");
    let e = refused(&mut c, "add_contact", json!({"user": "@bob_demo"})).await;
    assert!(e.contains("first_name"), "{e}");

    let d = ok(&mut c, "delete_contact", json!({"users": ["@bob_demo"]})).await;
    assert_eq!(d["deleted"], 1);
    assert!(!user(&tg, BOB).contact);
    assert!(!contact_names(&mut c).await.contains(&"Bob".to_string()));
    // Shown under the name Bob gave himself again, not the alias.
    let g = ok(&mut c, "get_user", json!({"user": "@bob_demo"})).await;
    let name = (&g["user"]["first_name"], &g["user"]["last_name"]);
    assert_eq!(name, (&json!("Bob"), &Value::Null), "{g}");
    assert!(g.get("is_contact").is_none(), "{g}"); // false is left out
    let e = refused(&mut c, "delete_contact", json!({"users": []})).await;
    assert!(!e.is_empty());

    let r = ok(
        &mut c,
        "import_contacts",
        json!({"contacts": [
            {"phone": "+15550000003", "first_name": "Bob", "last_name": "Builder"},
            {"phone": "+15550009999", "first_name": "Nobody"}
        ]}),
    )
    .await;
    assert_eq!(r["imported"][0]["id"], BOB, "{r}");
    assert_eq!(r["not_found"], json!(["+15550009999"]), "{r}");
    let bob = user(&tg, BOB);
    assert!(bob.contact && bob.last_name.as_deref() == Some("Builder"));

    let b = ok(&mut c, "block_user", json!({"user": "@bob_demo"})).await;
    assert_eq!(b["blocked"], true);
    let l = ok(&mut c, "list_blocked", json!({})).await;
    assert!(
        l["users"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["id"] == BOB),
        "{l}"
    );
    let g = ok(&mut c, "get_user", json!({"user": "@bob_demo"})).await;
    assert_eq!(g["blocked"], true, "{g}");
    ok(&mut c, "unblock_user", json!({"user": "@bob_demo"})).await;
    assert!(!user(&tg, BOB).blocked);
    let e = refused(&mut c, "block_user", json!({"user": "@tgmcp_news"})).await;
    assert!(e.contains("not a user"), "{e}");

    let r = ok(&mut c, "report_spam", json!({"chat": "@prize_demo_spam"})).await;
    assert_eq!(r["reported"], true);
    tg.account().read(|a| {
        assert_eq!(a.settings.reported, vec![Peer::User(200_000_005)]);
    });
    let e = refused(&mut c, "report_spam", json!({"chat": "me"})).await;
    assert!(e.contains("Saved Messages"), "{e}");
}

#[tokio::test]
async fn contact_requests_and_the_contacts_export() {
    let (tg, _s, mut c) = local().await;
    let r = ok(&mut c, "get_contact_requests", json!({})).await;
    assert_eq!(
        r["chats"],
        json!([]),
        "nobody but contacts and a bot wrote: {r}"
    );
    tg.account()
        .deliver(
            Peer::User(CAROL),
            CAROL,
            "Hi! Carol from the forum: could you review my plugin?",
        )
        .unwrap();
    let r = ok(&mut c, "get_contact_requests", json!({"limit": 10})).await;
    let chats = r["chats"].as_array().unwrap();
    assert_eq!(chats.len(), 1, "{r}");
    assert_eq!(
        (&chats[0]["id"], &chats[0]["title"]),
        (&json!(CAROL), &json!("Carol Jones"))
    );
    assert_eq!(chats[0]["unread_count"], 1, "{r}");
    ok(
        &mut c,
        "add_contact",
        json!({"user": CAROL, "first_name": "Carol", "last_name": "Plugins"}),
    )
    .await;
    let r = ok(&mut c, "get_contact_requests", json!({})).await;
    assert_eq!(r["chats"], json!([]), "a contact now: {r}");
    let e = refused(&mut c, "get_contact_requests", json!({"cursor": "garbage"})).await;
    assert!(e.contains("cursor"), "{e}");

    let x = ok(&mut c, "export_contacts", json!({})).await;
    assert_eq!(x["count"], 3, "{x}");
    assert!(x.get("truncated").is_none()); // false is left out
    assert!(x.get("vcard").is_none(), "{x}");
    let names: Vec<&str> = x["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|u| u["first_name"].as_str())
        .collect();
    assert_eq!(names, ["Alice", "Bob", "Carol"]);
    let v = ok(&mut c, "export_contacts", json!({"format": "vcard"})).await;
    let card = v["vcard"].as_str().unwrap();
    assert_eq!(card.matches("BEGIN:VCARD\r\n").count(), 3, "{card}");
    for line in [
        "N:Smith;Alice;;;",
        "FN:Alice Smith",
        "TEL;TYPE=CELL:+15550000002",
        "URL:https://t.me/alice_demo",
        "X-TELEGRAM-ID:200000001",
        "FN:Carol Plugins",
    ] {
        assert!(card.contains(&format!("{line}\r\n")), "{line} in {card}");
    }
    let e = refused(&mut c, "export_contacts", json!({"format": "csv"})).await;
    assert!(e.contains("format") || e.contains("csv"), "{e}");
}
