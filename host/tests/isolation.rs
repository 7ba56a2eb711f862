//! A fresh instance per call from the instance pool: nothing one call leaves in
//! memory reaches the next, and calls beyond the pool wait for a slot.
use crate::common;

use common::*;
use serde_json::json;

#[tokio::test]
async fn a_value_written_by_one_call_is_not_visible_to_the_next() {
    // One slot for calls: every call reuses the same pooled memory.
    let (s, _dir) = Server::with_hostile(vec![("TGMCP_MAX_CONCURRENT_CALLS", "1".into())]);
    let mut c = HttpClient::new(&s.base);
    c.initialize().await;
    for i in 0..10 {
        let r = c.call("hostile_remember", json!({})).await;
        assert_eq!(r["isError"], false, "{r}");
        let seen = &r["structuredContent"];
        assert_eq!(seen["data"], 7, "call {i}: initialized data left over: {r}");
        assert_eq!(seen["bss"], 0, "call {i}: zeroed data left over: {r}");
        assert_eq!(seen["grown"], 0, "call {i}: grown memory left over: {r}");
    }
}

#[tokio::test]
async fn calls_beyond_the_concurrency_cap_wait_for_a_slot() {
    let (s, _dir) = Server::with_hostile(vec![("TGMCP_MAX_CONCURRENT_CALLS", "1".into())]);
    let calls = (0..8).map(|i| {
        let base = s.base.clone();
        tokio::spawn(async move {
            let mut c = HttpClient::new(&base);
            c.initialize().await;
            let r = c
                .call("hostile_echo", json!({"text": format!("n{i}")}))
                .await;
            assert_eq!(r["isError"], false, "{r}");
            assert_eq!(r["structuredContent"]["text"], format!("n{i}"));
        })
    });
    for c in calls.collect::<Vec<_>>() {
        c.await.unwrap();
    }
}
