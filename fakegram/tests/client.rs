//! The real grammers client against the demo account: what a user sees.

mod common;

use common::*;

#[tokio::test]
async fn get_me_is_the_demo_user() {
    let (_server, client) = demo().await;
    let me = soon(client.get_me()).await.unwrap();
    assert_eq!(me.first_name(), Some("Demo"));
    assert_eq!(me.last_name(), Some("User"));
    assert_eq!(me.username(), Some("tgmcp_demo"));
    assert_eq!(me.phone(), Some("15550000001"));
    assert!(me.is_self());
}
