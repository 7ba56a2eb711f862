//! What the records say beyond ids and text: member counts of groups and
//! channels, service messages in words, media without a file summarised,
//! links' hidden URLs and a reply's quote.

use serde_json::{json, Value};

use super::common::{Opts, Server};
use super::Client;

async fn client() -> (Server, Client) {
    let s = Server::start(Opts {
        env: vec![("TGMCP_TOOLS", "all".into())],
        ..Opts::default()
    });
    let c = Client::new(&s).await;
    (s, c)
}

#[tokio::test]
async fn groups_and_channels_say_how_many_members_they_have() {
    let (_s, mut c) = client().await;
    let all = c.get("list_chats", json!({})).await;
    let chats = all["chats"].as_array().cloned().unwrap_or_default();
    let groups: Vec<&Value> = chats
        .iter()
        .filter(|ch| {
            ["group", "supergroup", "channel"].contains(&ch["kind"].as_str().unwrap_or(""))
        })
        .collect();
    assert_eq!(groups.len(), 4, "{all}");
    for g in groups {
        assert!(g["members_count"].as_u64().is_some_and(|n| n > 0), "{g}");
    }
    for (chat, members) in [
        ("@tgmcp_news", 2048),
        ("@rust_study_demo", 128),
        ("@tgmcp_community_demo", 512),
        ("Weekend Hikers", 4),
    ] {
        let got = c.get("get_chat", json!({ "chat": chat })).await;
        assert_eq!(got["members_count"], members, "{chat}: {got}");
    }
}
