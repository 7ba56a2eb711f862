//! The connection layer as grammers' own senders see it: every transport
//! grammers has, transport error 404 for a key the server does not know, and
//! a change made on one connection pushed to the account's other ones.

mod common;

use common::*;
use grammers_client::session::types::PeerRef;
use grammers_client::tl;
use grammers_client::{Client, InvocationError};
use grammers_mtproto::transport::{self, Abridged, Full, Intermediate, Obfuscated};
use grammers_mtsender::{connect_with_auth, ServerAddr};

async fn get_config<T: transport::Transport>(
    t: T,
    server: &Server,
    key: [u8; 256],
) -> Result<(), InvocationError> {
    let addr = ServerAddr::Tcp {
        address: server.addr(),
    };
    let mut sender = connect_with_auth(t, addr, key).await?;
    soon(sender.invoke(&tl::functions::help::GetConfig {}))
        .await
        .map(|_| ())
}

/// A key whose id does not start with a negative word: grammers' client
/// Abridged reads a short frame starting with one as a transport error (a
/// server message starts with the auth_key_id), so with half of all keys it
/// cannot use Abridged at all. (SenderPool only uses Full.)
fn key_grammers_abridged_can_read() -> [u8; 256] {
    use sha1::Digest as _;
    loop {
        let key: [u8; 256] = std::array::from_fn(|_| rand::random());
        let id = sha1::Sha1::digest(key);
        if i32::from_le_bytes([id[12], id[13], id[14], id[15]]) >= 0 {
            return key;
        }
    }
}

#[tokio::test]
async fn every_grammers_transport_reaches_the_server() {
    let key = key_grammers_abridged_can_read();
    let opts = fakegram::Options {
        auth_key: Some(key),
        ..fakegram::Options::default()
    };
    let server = Server::start_with(Account::demo(), opts).await.unwrap();
    get_config(Full::new(), &server, key).await.unwrap();
    get_config(Abridged::new(), &server, key).await.unwrap();
    get_config(Intermediate::new(), &server, key).await.unwrap();
    get_config(Obfuscated::new(Abridged::new()), &server, key)
        .await
        .unwrap();
    get_config(Obfuscated::new(Intermediate::new()), &server, key)
        .await
        .unwrap();
}

#[tokio::test]
async fn an_unknown_key_gets_transport_error_404_on_every_transport() {
    let server = Server::start(Account::demo()).await.unwrap();
    let key: [u8; 256] = std::array::from_fn(|i| i as u8 ^ 0x5a);
    let is_404 = |r: Result<(), InvocationError>| {
        matches!(
            r,
            Err(InvocationError::Transport(transport::Error::BadStatus {
                status: 404
            }))
        )
    };
    assert!(is_404(get_config(Full::new(), &server, key).await));
    assert!(is_404(get_config(Abridged::new(), &server, key).await));
    assert!(is_404(get_config(Intermediate::new(), &server, key).await));
    assert!(is_404(
        get_config(Obfuscated::new(Intermediate::new()), &server, key).await
    ));
}

async fn bob(client: &Client) -> PeerRef {
    let p = soon(client.resolve_username("bob_demo"))
        .await
        .unwrap()
        .unwrap();
    p.to_ref().await.unwrap().unwrap()
}

#[tokio::test]
async fn a_message_sent_from_one_session_is_pushed_to_the_other() {
    let server = Server::start(Account::demo()).await.unwrap();
    let (watcher, updates) = client_with_updates(&server).await;
    let mut stream = soon(watcher.stream_updates(updates, Default::default()))
        .await
        .unwrap();
    soon(watcher.get_me()).await.unwrap();
    let sender = client(&server, Box::new(grammers_client::sender::NoRetries)).await;
    let to = bob(&sender).await;
    let sent = soon(sender.send_message(to, "sent from the phone"))
        .await
        .unwrap();
    let update = soon(stream.next()).await.unwrap();
    let grammers_client::update::Update::NewMessage(m) = update else {
        panic!("a new message expected, got {update:?}")
    };
    assert_eq!(
        (m.id(), m.text(), m.outgoing()),
        (sent.id(), "sent from the phone", true)
    );
    soon(sender.delete_messages(to, &[sent.id()]))
        .await
        .unwrap();
    let update = soon(stream.next()).await.unwrap();
    let grammers_client::update::Update::MessageDeleted(d) = update else {
        panic!("a deletion expected, got {update:?}")
    };
    assert_eq!(d.messages(), [sent.id()]);
}
