//! download_media and get_media_info: photos as image blocks, files as
//! embedded resources, under a byte cap; the bytes are the account's own.

use base64::Engine as _;
use serde_json::{json, Value};

use super::common::{Opts, Server};
use super::Client;

/// The demo's trail map on Alice's "I'll bring the map" message, and its preview.
fn map_png() -> Vec<u8> {
    fakegram::png(64, 48, [40, 120, 60])
}

fn map_thumb_png() -> Vec<u8> {
    fakegram::png(8, 8, [40, 120, 60])
}

fn decode(b64: &Value) -> Vec<u8> {
    base64::engine::general_purpose::STANDARD
        .decode(b64.as_str().unwrap_or_default())
        .expect("base64")
}

/// The id of the message of `chat` whose text is `text`.
async fn message_id(c: &mut Client, chat: &str, text: &str) -> i64 {
    let got = c
        .get("search_messages", json!({"chat": chat, "query": text}))
        .await;
    let m = &got["messages"][0];
    assert_eq!(m["text"], text, "{got}");
    assert!(m["media"].is_object(), "the message says it has media: {m}");
    m["id"].as_i64().expect("an id")
}

#[tokio::test]
async fn photos_come_back_as_images_and_files_as_resources() {
    let s = Server::start(Opts {
        env: vec![("TGMCP_TOOLS", "all".into())],
        ..Opts::default()
    });
    let mut c = Client::new(&s).await;
    let map = message_id(
        &mut c,
        "@alice_demo",
        "Great. I'll bring the map and some snacks",
    )
    .await;

    let r = c
        .ok("download_media", json!({"chat": "@alice_demo", "id": map}))
        .await;
    let out = &r["structuredContent"];
    assert_eq!(out["delivered_as"], "image", "{out}");
    assert_eq!(
        (out["kind"].clone(), out.get("truncated")),
        (json!("photo"), None),
        "false is left out"
    );
    let image = &r["content"][1];
    assert_eq!(image["type"], "image", "{r}");
    assert_eq!(image["mimeType"], "image/png");
    assert_eq!(decode(&image["data"]), map_png());
    assert_eq!(out["bytes"], map_png().len());

    let thumb = c
        .ok(
            "download_media",
            json!({"chat": "@alice_demo", "id": map, "thumbnail": true}),
        )
        .await;
    assert_eq!(decode(&thumb["content"][1]["data"]), map_thumb_png());

    // Cut at the cap: a cut image would not decode, so it is a resource.
    let cut = c
        .ok(
            "download_media",
            json!({"chat": "@alice_demo", "id": map, "max_bytes": 10}),
        )
        .await;
    assert_eq!(cut["structuredContent"]["truncated"], true);
    let res = &cut["content"][1]["resource"];
    assert_eq!(decode(&res["blob"]), map_png()[..10]);

    let csv = message_id(
        &mut c,
        "@bob_demo",
        "Thanks! The benchmark numbers are in the description",
    )
    .await;
    let r = c
        .ok("download_media", json!({"chat": "@bob_demo", "id": csv}))
        .await;
    assert_eq!(r["structuredContent"]["delivered_as"], "resource");
    assert_eq!(r["structuredContent"]["file_name"], "benchmarks.csv");
    let block = &r["content"][1];
    assert_eq!(block["type"], "resource", "{r}");
    assert_eq!(block["resource"]["mimeType"], "text/csv");
    assert_eq!(block["resource"]["uri"], r["structuredContent"]["uri"]);
    assert_eq!(
        decode(&block["resource"]["blob"]),
        fakegram::DEMO_CSV.as_bytes()
    );
    assert!(
        !r.to_string().contains("/tmp/"),
        "no host path crosses the boundary"
    );

    let info = c
        .get("get_media_info", json!({"chat": "@bob_demo", "id": csv}))
        .await;
    assert_eq!(info["media"]["kind"], "document");
    assert_eq!(info["media"]["mime"], "text/csv");
    assert_eq!(info["media"]["size"], fakegram::DEMO_CSV.len());
    let hello = c
        .get(
            "search_messages",
            json!({"chat": "@bob_demo", "query": "sending comments"}),
        )
        .await;
    let plain = hello["messages"][0]["id"].clone();
    let none = c
        .get("get_media_info", json!({"chat": "@bob_demo", "id": plain}))
        .await;
    assert!(none["media"].is_null(), "{none}");
    let e = c
        .err("download_media", json!({"chat": "@bob_demo", "id": plain}))
        .await;
    assert!(e.contains("no photo or file"), "{e}");
}
