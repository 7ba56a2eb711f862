//! Link previews: a sent message with a link to a known page carries its
//! preview (`messageMediaWebPage`) unless sent with `no_webpage`.

mod common;

use common::*;
use grammers_client::media::Media;
use grammers_client::message::InputMessage;

const PAGE: &str = "https://example.com/slides/wasm-components";

#[tokio::test]
async fn a_link_gets_a_preview_unless_no_webpage_is_set() {
    let (server, client) = demo().await;
    let me = soon(client.get_me()).await.unwrap();
    let me = grammers_client::peer::Peer::User(me)
        .to_ref()
        .await
        .unwrap()
        .unwrap();
    let text = format!("slides: {PAGE}");
    let with = soon(client.send_message(me, InputMessage::new().text(&text).link_preview(true)))
        .await
        .unwrap();
    let without =
        soon(client.send_message(me, InputMessage::new().text(&text).link_preview(false)))
            .await
            .unwrap();
    // Read back as any client would, not from the send's own answer.
    let got = soon(client.get_messages_by_id(me, &[with.id(), without.id()]))
        .await
        .unwrap();
    let media = |i: usize| got[i].as_ref().expect("the message").media();
    match media(0) {
        Some(Media::WebPage(w)) => {
            let tl = format!("{:?}", w.raw);
            assert!(tl.contains("WebAssembly components with wasmtime"), "{tl}");
        }
        other => panic!("a web page preview expected, got {other:?}"),
    }
    assert!(media(1).is_none(), "no_webpage keeps the preview off");
    let stored = server.account().read(|a| {
        a.ext
            .media
            .contains_key(&(Peer::User(fakegram::ME_ID), with.id()))
    });
    assert!(stored);
}
