//! Scripted faults as the real grammers client experiences them, and a
//! server that survives hostile bytes.

mod common;

use std::time::{Duration, Instant};

use common::*;
use fakegram::ANY;
use grammers_client::InvocationError;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

fn rpc(e: &InvocationError) -> Option<(i32, &str, Option<u32>)> {
    match e {
        InvocationError::Rpc(r) => Some((r.code, r.name.as_str(), r.value)),
        _ => None,
    }
}

async fn saved(client: &grammers_client::Client) -> grammers_client::session::types::PeerRef {
    let me = soon(client.get_me()).await.unwrap();
    me.to_ref().await.unwrap().unwrap()
}

#[tokio::test]
async fn flood_wait_surfaces_with_its_seconds_then_the_next_call_works() {
    let (server, client) = demo().await;
    let me = saved(&client).await;
    let saved_count = || server.account().history(Peer::User(fakegram::ME_ID)).len();
    let before = saved_count();
    server
        .faults()
        .error("messages.sendMessage", "FLOOD_WAIT_37", Times::Once);
    let e = soon(client.send_message(me, "hi")).await.unwrap_err();
    assert_eq!(rpc(&e), Some((420, "FLOOD_WAIT", Some(37))));
    assert_eq!(saved_count(), before, "not applied");
    soon(client.send_message(me, "hi")).await.unwrap();
    assert_eq!(server.faults().calls("messages.sendMessage"), 2);
}

#[tokio::test]
async fn each_named_error_reaches_the_client_with_telegrams_code() {
    let (server, client) = demo().await;
    soon(client.get_me()).await.unwrap();
    for (error, code, name, value) in [
        ("SLOWMODE_WAIT_5", 420, "SLOWMODE_WAIT", Some(5)),
        ("AUTH_KEY_UNREGISTERED", 401, "AUTH_KEY_UNREGISTERED", None),
        ("SESSION_REVOKED", 401, "SESSION_REVOKED", None),
        ("AUTH_KEY_DUPLICATED", 406, "AUTH_KEY_DUPLICATED", None),
        ("CHAT_WRITE_FORBIDDEN", 403, "CHAT_WRITE_FORBIDDEN", None),
        (
            "USER_BANNED_IN_CHANNEL",
            400,
            "USER_BANNED_IN_CHANNEL",
            None,
        ),
        ("PEER_ID_INVALID", 400, "PEER_ID_INVALID", None),
        ("RANDOM_ID_DUPLICATE", 500, "RANDOM_ID_DUPLICATE", None),
    ] {
        server.faults().error(ANY, error, Times::Once);
        let e = soon(client.get_me()).await.unwrap_err();
        assert_eq!(rpc(&e), Some((code, name, value)), "{error}");
    }
    server
        .faults()
        .error("users.getUsers", "SESSION_REVOKED", Times::Always);
    assert!(soon(client.get_me()).await.is_err());
    assert!(soon(client.get_me()).await.is_err());
    server.faults().clear();
    soon(client.get_me()).await.unwrap();
    // AUTH_KEY_UNREGISTERED on updates.getState is how grammers tells "not authorized".
    server
        .faults()
        .error("updates.getState", "AUTH_KEY_UNREGISTERED", Times::Once);
    assert!(!soon(client.is_authorized()).await.unwrap());
}

#[tokio::test]
async fn a_silent_server_never_answers() {
    let (server, client) = demo().await;
    soon(client.get_me()).await.unwrap();
    server.faults().silence(ANY, Times::Always);
    let r = tokio::time::timeout(Duration::from_secs(2), client.get_me()).await;
    assert!(r.is_err(), "no answer within 2 s");
    server.faults().clear();
    // The unanswered call stays pending in grammers (it has no timeout), but
    // the connection still serves new calls.
    soon(client.get_me()).await.unwrap();
}

#[tokio::test]
async fn a_fresh_client_against_a_silent_server_hangs() {
    let server = Server::start(Account::demo()).await.unwrap();
    server.faults().silence(ANY, Times::Always);
    let client = client(&server, Box::new(grammers_client::sender::NoRetries)).await;
    let r = tokio::time::timeout(Duration::from_secs(2), client.get_me()).await;
    assert!(r.is_err(), "connect + initConnection never completes");
    assert!(server.faults().calls(ANY) <= 1);
}

#[tokio::test]
async fn one_silent_method_leaves_the_others_working() {
    let (server, client) = demo().await;
    soon(client.get_me()).await.unwrap();
    server
        .faults()
        .silence("messages.getDialogs", Times::Always);
    let mut dialogs = client.iter_dialogs();
    let r = tokio::time::timeout(Duration::from_millis(500), dialogs.next()).await;
    assert!(r.is_err());
    soon(client.get_me()).await.unwrap();
}

#[tokio::test]
async fn delayed_answers_arrive_late() {
    let (server, client) = demo().await;
    soon(client.get_me()).await.unwrap();
    server
        .faults()
        .delay("users.getUsers", Duration::from_millis(300), Times::Once);
    let t = Instant::now();
    soon(client.get_me()).await.unwrap();
    assert!(t.elapsed() >= Duration::from_millis(300));
}

#[tokio::test]
async fn a_socket_closed_mid_call_fails_the_call_and_the_next_one_reconnects() {
    let (server, client) = demo().await;
    let me = saved(&client).await;
    server
        .faults()
        .close_mid_call("messages.sendMessage", Times::Once);
    let e = soon(client.send_message(me, "did it arrive?"))
        .await
        .unwrap_err();
    assert!(
        matches!(e, InvocationError::Io(_) | InvocationError::Dropped(_)),
        "{e:?}"
    );
    // The send was applied before the connection closed.
    let hist = server.account().history(Peer::User(fakegram::ME_ID));
    assert_eq!(hist.last().map(|m| m.text.as_str()), Some("did it arrive?"));
    soon(client.get_me()).await.unwrap();
    assert_eq!(server.faults().calls("initConnection"), 2);
}

#[tokio::test]
async fn refused_connections_fail_fast_until_allowed_again() {
    let server = Server::start(Account::demo()).await.unwrap();
    server.faults().refuse_connections(true);
    let client = client(&server, Box::new(grammers_client::sender::NoRetries)).await;
    assert!(soon(client.get_me()).await.is_err());
    server.faults().refuse_connections(false);
    soon(client.get_me()).await.unwrap();
}

#[tokio::test]
async fn dropped_connections_are_rebuilt_by_the_next_call() {
    let (server, client) = demo().await;
    soon(client.get_me()).await.unwrap();
    server.faults().drop_connections();
    tokio::time::sleep(Duration::from_millis(100)).await;
    soon(client.get_me()).await.unwrap();
    assert_eq!(server.faults().calls("initConnection"), 2);
}

#[tokio::test]
async fn hostile_bytes_close_only_their_own_connection() {
    let (server, client) = demo().await;
    soon(client.get_me()).await.unwrap();
    // Garbage, a truncated frame, an absurd length, a plain (unencrypted) message.
    let full = |payload: &[u8]| {
        let len = (payload.len() + 12) as u32;
        let mut f = len.to_le_bytes().to_vec();
        f.extend_from_slice(&0u32.to_le_bytes());
        f.extend_from_slice(payload);
        let crc = crc(&f);
        f.extend_from_slice(&crc.to_le_bytes());
        f
    };
    let attacks: Vec<Vec<u8>> = vec![
        (0..=255u8).cycle().take(4096).collect(),
        full(&[7u8; 64])[..30].to_vec(),
        0x7fff_fff0u32.to_le_bytes().to_vec(),
        full(&[0u8; 40]),
        vec![0xef],
    ];
    for bytes in attacks {
        let mut s = TcpStream::connect(server.addr()).await.unwrap();
        s.write_all(&bytes).await.unwrap();
        let _ = s.shutdown().await;
        let mut sink = Vec::new();
        let _ = tokio::time::timeout(Duration::from_secs(2), s.read_to_end(&mut sink)).await;
    }
    // A well-formed frame with another key gets the transport error -404.
    let mut s = TcpStream::connect(server.addr()).await.unwrap();
    let mut payload = vec![1u8; 8];
    payload.extend_from_slice(&[9u8; 16 + 48]);
    s.write_all(&full(&payload)).await.unwrap();
    let mut code = [0u8; 4];
    soon(s.read_exact(&mut code)).await.unwrap();
    assert_eq!(i32::from_le_bytes(code), -404);
    soon(client.get_me()).await.unwrap();
    let other = common::client(&server, Box::new(grammers_client::sender::NoRetries)).await;
    soon(other.get_me()).await.unwrap();
}

#[tokio::test]
async fn a_stopped_server_fails_calls_instead_of_hanging() {
    let (server, client) = demo().await;
    soon(client.get_me()).await.unwrap();
    server.stop().await;
    assert!(soon(client.get_me()).await.is_err());
}

/// CRC-32 (IEEE), as the Full transport uses.
fn crc(data: &[u8]) -> u32 {
    let mut c = !0u32;
    for &b in data {
        c ^= b as u32;
        for _ in 0..8 {
            c = if c & 1 != 0 {
                (c >> 1) ^ 0xEDB8_8320
            } else {
                c >> 1
            };
        }
    }
    !c
}
