//! A real grammers client pointed at a fakegram server, built the way tgmcp
//! builds one from a session string (MemorySession + DcOption with the key).

#![allow(dead_code)]

use std::net::{SocketAddr, SocketAddrV6};
use std::sync::Arc;
use std::time::Duration;

use grammers_client::sender::{ConnectionParams, NoRetries, RetryPolicy, SenderPool};
use grammers_client::session::storages::MemorySession;
use grammers_client::session::types::{DcOption, UpdateState, UpdatesState};
use grammers_client::session::updates::UpdatesLike;
use grammers_client::session::Session;
use grammers_client::Client;
use tokio::sync::mpsc;

#[allow(unused_imports)]
pub use fakegram::{Account, Peer, Server, Times};

/// Starts the demo server with a client that never retries.
pub async fn demo() -> (Server, Client) {
    let server = Server::start(Account::demo()).await.expect("server starts");
    let client = client(&server, Box::new(NoRetries)).await;
    (server, client)
}

pub async fn client(server: &Server, retry: Box<dyn RetryPolicy>) -> Client {
    build(server, retry, None).await.0
}

/// A client that never retries, with its updates channel.
pub async fn client_with_updates(server: &Server) -> (Client, mpsc::Receiver<UpdatesLike>) {
    build(server, Box::new(NoRetries), None).await
}

/// A client whose session already holds an update state (as one saved by a
/// previous run), so a stream with `catch_up` checks every pts against it.
pub async fn client_with_state(
    server: &Server,
    state: UpdatesState,
) -> (Client, mpsc::Receiver<UpdatesLike>) {
    build(server, Box::new(NoRetries), Some(state)).await
}

// ConnectionParams has a private field, so struct-update syntax is not available.
#[allow(clippy::field_reassign_with_default)]
async fn build(
    server: &Server,
    retry: Box<dyn RetryPolicy>,
    state: Option<UpdatesState>,
) -> (Client, mpsc::Receiver<UpdatesLike>) {
    let SocketAddr::V4(v4) = server.addr() else {
        panic!("IPv4 expected")
    };
    let s = MemorySession::default();
    s.set_dc_option(&DcOption {
        id: server.dc_id(),
        ipv4: v4,
        ipv6: SocketAddrV6::new(v4.ip().to_ipv6_mapped(), v4.port(), 0, 0),
        auth_key: Some(server.auth_key()),
    })
    .await
    .expect("session");
    s.set_home_dc_id(server.dc_id()).await.expect("session");
    if let Some(state) = state {
        s.set_update_state(UpdateState::All(state))
            .await
            .expect("session");
    }
    let mut params = ConnectionParams::default();
    params.retry_policy = retry;
    params.device_model = "fakegram-tests".into();
    let pool = SenderPool::with_configuration(Arc::new(s), 12345, params);
    tokio::spawn(pool.runner.run());
    (Client::new(pool.handle), pool.updates)
}

/// Fails the test if `f` takes longer than 5 s (no test may hang).
pub async fn soon<T>(f: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(5), f)
        .await
        .expect("call finished within 5 s")
}
