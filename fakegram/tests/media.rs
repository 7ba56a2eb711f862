//! Files, pins and invites through grammers' own helpers (upload_stream,
//! iter_download, pin_message) and raw calls, as any client makes them.

mod common;

use common::*;
use grammers_client::message::InputMessage;
use grammers_client::tl;

#[tokio::test]
async fn an_uploaded_photo_downloads_byte_for_byte() {
    let (server, client) = demo().await;
    let me = soon(client.get_me()).await.unwrap();
    let me_ref = grammers_client::peer::Peer::User(me)
        .to_ref()
        .await
        .unwrap()
        .unwrap();
    // Over one part (512 KiB): several saveFilePart calls.
    let png = fakegram::png(400, 400, [10, 200, 30]);
    let mut big = png.clone();
    big.resize(600_000, 0);
    let mut stream = std::io::Cursor::new(big.clone());
    let up = soon(client.upload_stream(&mut stream, big.len(), "map.png".into()))
        .await
        .unwrap();
    let sent = soon(client.send_message(me_ref, InputMessage::new().text("map").photo(up)))
        .await
        .unwrap();
    let photo = sent.photo().expect("a photo message");
    let mut iter = client.iter_download(&photo);
    let mut got = Vec::new();
    while let Some(chunk) = soon(iter.next()).await.unwrap() {
        got.extend_from_slice(&chunk);
    }
    assert_eq!(got, big);
    assert!(server.faults().calls("upload.saveFilePart") >= 2);
}

#[tokio::test]
async fn pins_and_invites_follow_telegram() {
    let (server, client) = demo().await;
    let group = soon(client.resolve_username("rust_study_demo"))
        .await
        .unwrap()
        .unwrap();
    let r = group.to_ref().await.unwrap().unwrap();
    soon(client.pin_message(r, 2)).await.unwrap();
    let pinned = server.account().read(|a| {
        a.message(Peer::Channel(1_600_000_002), 2)
            .is_some_and(|m| m.pinned)
    });
    assert!(pinned);
    let gone = soon(client.pin_message(r, 999)).await.unwrap_err();
    assert!(gone.to_string().contains("MESSAGE_ID_INVALID"), "{gone}");
    let check = tl::functions::messages::CheckChatInvite {
        hash: fakegram::DEMO_INVITE.into(),
    };
    let invite = soon(client.invoke(&check)).await.unwrap();
    assert!(matches!(invite, tl::enums::ChatInvite::Invite(i) if i.title == "Hiking Photos"));
    let join = tl::functions::messages::ImportChatInvite {
        hash: fakegram::DEMO_INVITE.into(),
    };
    soon(client.invoke(&join)).await.unwrap();
    let again = soon(client.invoke(&join)).await.unwrap_err();
    assert!(
        again.to_string().contains("USER_ALREADY_PARTICIPANT"),
        "{again}"
    );
    let joined = server
        .account()
        .read(|a| !a.ext.left.contains(&Peer::Channel(1_600_000_006)));
    assert!(joined);
}
