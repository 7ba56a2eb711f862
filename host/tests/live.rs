//! Against a real Telegram account, when credentials are in the environment.
use crate::common;

use common::*;
use serde_json::json;

/// Ignored unless asked for: `cargo test --test all live:: -- --ignored` with the
/// three variables set. Asked for without them, it fails rather than pass.
#[tokio::test]
#[ignore = "needs a real account: set TELEGRAM_API_ID, TELEGRAM_API_HASH, TELEGRAM_SESSION_STRING and run cargo test --test all live:: -- --ignored"]
async fn real_account_serves_the_same_tools() {
    let vars = [
        "TELEGRAM_API_ID",
        "TELEGRAM_API_HASH",
        "TELEGRAM_SESSION_STRING",
    ];
    let missing: Vec<&str> = vars
        .into_iter()
        .filter(|v| std::env::var(v).map_or(true, |s| s.trim().is_empty()))
        .collect();
    assert!(
        missing.is_empty(),
        "the live test needs {} set",
        missing.join(", ")
    );
    let s = Server::start(Opts {
        real: true,
        ..Opts::default()
    });
    let mut c = SseClient::connect(&s.base).await;
    c.initialize().await;
    let me = c.call("get_me", json!({})).await;
    assert_eq!(me["isError"], false, "{me}");
    let chats = c.call("list_chats", json!({"limit": 5})).await;
    assert_eq!(chats["isError"], false, "{chats}");
    let hist = c
        .call("get_history", json!({"chat": "me", "limit": 3}))
        .await;
    assert_eq!(hist["isError"], false, "{hist}");
    let secret = std::env::var("TELEGRAM_SESSION_STRING").unwrap();
    assert!(
        !s.logs().contains(secret.trim()),
        "the session string reached the logs"
    );
}
