//! Telegram's organic limits, through the real grammers client: lengths in
//! UTF-16 code units, what an album may mix, slow mode, a chat's default
//! banned rights, and the rate of username lookups.

mod common;

use std::time::Duration;

use common::*;
use fakegram::{Rate, Role};
use grammers_client::media::InputMedia;
use grammers_client::message::InputMessage;
use grammers_client::session::types::PeerRef;
use grammers_client::tl;
use grammers_client::{Client, InvocationError};

const RUST: Peer = Peer::Channel(1_600_000_002);

async fn peer_ref(client: &Client, username: &str) -> PeerRef {
    let peer = soon(client.resolve_username(username))
        .await
        .unwrap()
        .unwrap();
    peer.to_ref().await.unwrap().unwrap()
}

fn rpc(e: &InvocationError) -> Option<(i32, &str, Option<u32>)> {
    match e {
        InvocationError::Rpc(r) => Some((r.code, r.name.as_str(), r.value)),
        _ => None,
    }
}

/// Makes the account a plain member of the Rust study group (it created it).
fn demote(server: &Server) {
    server.account().write(|a| {
        let me = a.me.id;
        if let Some(m) = a.members_mut(RUST).iter_mut().find(|m| m.user == me) {
            m.role = Role::Member;
        }
    });
}

#[tokio::test]
async fn text_and_captions_are_measured_in_utf16_code_units() {
    let (server, client) = demo().await;
    let me = soon(client.get_me()).await.unwrap();
    let me = grammers_client::peer::Peer::User(me)
        .to_ref()
        .await
        .unwrap()
        .unwrap();
    // 2049 emoji: 2049 characters but 4098 UTF-16 code units, over 4096.
    let long = "😀".repeat(2049);
    let e = soon(client.send_message(me, long.as_str()))
        .await
        .unwrap_err();
    assert_eq!(rpc(&e), Some((400, "MESSAGE_TOO_LONG", None)));
    let fits = "😀".repeat(2048);
    soon(client.send_message(me, fits.as_str())).await.unwrap();
    // A caption of 513 emoji (1026 code units) is over 1024.
    let png = fakegram::png(4, 4, [1, 2, 3]);
    let up = soon(client.upload_stream(
        &mut std::io::Cursor::new(png.clone()),
        png.len(),
        "a.png".into(),
    ))
    .await
    .unwrap();
    let caption = "😀".repeat(513);
    let e = soon(client.send_message(me, InputMessage::new().text(caption).photo(up)))
        .await
        .unwrap_err();
    assert_eq!(rpc(&e), Some((400, "MEDIA_CAPTION_TOO_LONG", None)));
    let sent = server.account().history(Peer::User(fakegram::ME_ID));
    assert!(sent.iter().all(|m| m.text.len() < 4 * 2049));
}

async fn upload(client: &Client, name: &str, bytes: &[u8]) -> grammers_client::media::Uploaded {
    let mut cur = std::io::Cursor::new(bytes.to_vec());
    soon(client.upload_stream(&mut cur, bytes.len(), name.into()))
        .await
        .unwrap()
}

#[tokio::test]
async fn an_album_mixes_photos_with_videos_but_not_with_documents() {
    let (server, client) = demo().await;
    let rust = peer_ref(&client, "rust_study_demo").await;
    let png = fakegram::png(4, 4, [1, 2, 3]);
    let photo = upload(&client, "a.png", &png).await;
    let doc = upload(&client, "notes.txt", b"plain notes").await;
    let before = server.account().history(RUST).len();
    let e = soon(client.send_album(
        rust,
        vec![
            InputMedia::new().caption("map").photo(photo),
            InputMedia::new().caption("notes").document(doc),
        ],
    ))
    .await
    .unwrap_err();
    assert_eq!(rpc(&e), Some((400, "MEDIA_INVALID", None)));
    assert_eq!(
        server.account().history(RUST).len(),
        before,
        "nothing posted"
    );
    // Two documents go together; each item's caption is checked.
    let a = upload(&client, "a.txt", b"a").await;
    let b = upload(&client, "b.txt", b"b").await;
    let e = soon(client.send_album(
        rust,
        vec![
            InputMedia::new().caption("a").document(a),
            InputMedia::new().caption("😀".repeat(513)).document(b),
        ],
    ))
    .await
    .unwrap_err();
    assert_eq!(rpc(&e), Some((400, "MEDIA_CAPTION_TOO_LONG", None)));
    let a = upload(&client, "a.txt", b"a").await;
    let b = upload(&client, "b.txt", b"b").await;
    let sent = soon(client.send_album(
        rust,
        vec![
            InputMedia::new().caption("a").document(a),
            InputMedia::new().caption("b").document(b),
        ],
    ))
    .await
    .unwrap();
    assert_eq!(sent.len(), 2);
    assert_eq!(server.account().history(RUST).len(), before + 2);
}

#[tokio::test]
async fn slow_mode_makes_a_member_wait_between_posts() {
    let (server, client) = demo().await;
    let rust = peer_ref(&client, "rust_study_demo").await;
    demote(&server);
    server
        .account()
        .write(|a| a.ext.groups.slow_mode.insert(RUST, 30));
    soon(client.send_message(rust, "first")).await.unwrap();
    let e = soon(client.send_message(rust, "second")).await.unwrap_err();
    let (code, name, secs) = rpc(&e).expect("an rpc error");
    assert_eq!((code, name), (420, "SLOWMODE_WAIT"), "{e}");
    assert!(matches!(secs, Some(29 | 30)), "{secs:?}");
    // An admin is not held back.
    let (server, client) = demo().await;
    let rust = peer_ref(&client, "rust_study_demo").await;
    server
        .account()
        .write(|a| a.ext.groups.slow_mode.insert(RUST, 30));
    soon(client.send_message(rust, "first")).await.unwrap();
    soon(client.send_message(rust, "second")).await.unwrap();
}

#[tokio::test]
async fn default_banned_rights_bind_members_but_not_admins() {
    let (server, client) = demo().await;
    let rust = peer_ref(&client, "rust_study_demo").await;
    let rights = |plain: bool, media: bool| tl::types::ChatBannedRights {
        view_messages: false,
        send_messages: false,
        send_media: media,
        send_stickers: false,
        send_gifs: false,
        send_games: false,
        send_inline: false,
        embed_links: false,
        send_polls: false,
        change_info: false,
        invite_users: false,
        pin_messages: false,
        manage_topics: false,
        send_photos: false,
        send_videos: false,
        send_roundvideos: false,
        send_audios: false,
        send_voices: false,
        send_docs: false,
        send_plain: plain,
        edit_rank: false,
        send_reactions: false,
        manage_linked_peers: false,
        until_date: 0,
    };
    // The creator sets the rule through Telegram's own method...
    let set = tl::functions::messages::EditChatDefaultBannedRights {
        peer: rust.into(),
        banned_rights: rights(true, true).into(),
    };
    soon(client.invoke(&set)).await.unwrap();
    // ...and is not bound by it.
    soon(client.send_message(rust, "admins may")).await.unwrap();
    demote(&server);
    let e = soon(client.send_message(rust, "members may not"))
        .await
        .unwrap_err();
    assert_eq!(rpc(&e), Some((403, "CHAT_SEND_PLAIN_FORBIDDEN", None)));
    let png = fakegram::png(4, 4, [1, 2, 3]);
    let up = upload(&client, "a.png", &png).await;
    let e = soon(client.send_message(rust, InputMessage::new().photo(up)))
        .await
        .unwrap_err();
    assert_eq!(rpc(&e), Some((403, "CHAT_SEND_MEDIA_FORBIDDEN", None)));
}

#[tokio::test]
async fn resolving_usernames_too_fast_is_a_flood_wait() {
    let server = Server::start(Account::demo()).await.unwrap();
    server.account().write(|a| {
        a.flood.resolve = Rate {
            calls: 3,
            window: Duration::from_secs(60),
        }
    });
    let client = client(&server, Box::new(grammers_client::sender::NoRetries)).await;
    let resolve = tl::functions::contacts::ResolveUsername {
        username: "alice_demo".into(),
        referer: None,
    };
    for _ in 0..3 {
        soon(client.invoke(&resolve)).await.unwrap();
    }
    let e = soon(client.invoke(&resolve)).await.unwrap_err();
    let (code, name, secs) = rpc(&e).expect("an rpc error");
    assert_eq!((code, name), (420, "FLOOD_WAIT"), "{e}");
    assert!(matches!(secs, Some(59 | 60)), "{secs:?}");
}

#[tokio::test]
async fn the_default_resolve_rate_allows_thirty_in_thirty_seconds() {
    let (_server, client) = demo().await;
    let resolve = tl::functions::contacts::ResolveUsername {
        username: "bob_demo".into(),
        referer: None,
    };
    for _ in 0..30 {
        soon(client.invoke(&resolve)).await.unwrap();
    }
    let e = soon(client.invoke(&resolve)).await.unwrap_err();
    assert_eq!(rpc(&e).map(|r| (r.0, r.1)), Some((420, "FLOOD_WAIT")));
}
