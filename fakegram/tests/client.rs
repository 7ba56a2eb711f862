//! The real grammers client against the demo account: what a user sees.

mod common;

use common::*;
use grammers_client::peer::Peer as GPeer;
use grammers_client::session::types::PeerRef;
use grammers_client::tl;
use grammers_client::{Client, InvocationError};

const ALICE: i64 = 200_000_001;

async fn peer_ref(client: &Client, username: &str) -> PeerRef {
    let peer = soon(client.resolve_username(username))
        .await
        .unwrap()
        .unwrap();
    peer.to_ref().await.unwrap().unwrap()
}

fn rpc_name(e: &InvocationError) -> Option<(i32, &str)> {
    match e {
        InvocationError::Rpc(r) => Some((r.code, r.name.as_str())),
        _ => None,
    }
}

#[tokio::test]
async fn get_me_is_the_demo_user() {
    let (server, client) = demo().await;
    let me = soon(client.get_me()).await.unwrap();
    assert_eq!(me.first_name(), Some("Demo"));
    assert_eq!(me.last_name(), Some("User"));
    assert_eq!(me.username(), Some("tgmcp_demo"));
    assert_eq!(me.phone(), Some("15550000001"));
    assert!(me.is_self());
    // initConnection was seen, with what the client says about itself.
    let clients = server.clients();
    assert_eq!(clients.len(), 1);
    assert_eq!(clients[0].device_model, "fakegram-tests");
    assert_eq!(clients[0].api_id, 12345);
    assert_eq!(clients[0].layer, tl::LAYER);
}

#[tokio::test]
async fn dialogs_list_the_demo_chats_newest_first_in_one_call() {
    let (server, client) = demo().await;
    let mut iter = client.iter_dialogs();
    let mut names = Vec::new();
    while let Some(d) = soon(iter.next()).await.unwrap() {
        let name = match d.peer() {
            GPeer::User(u) if u.is_self() => "Saved Messages".to_string(),
            GPeer::User(u) => u.full_name(),
            p => p.name().unwrap_or_default().to_string(),
        };
        names.push(name);
    }
    assert_eq!(
        names,
        [
            "Alice Smith",
            "Rust Study Group",
            "Weekend Hikers",
            "tgmcp News",
            "Saved Messages",
            "Bob",
            "Weather Bot",
            "tgmcp Community",
        ]
    );
    assert_eq!(server.faults().calls("messages.getDialogs"), 1);
}

#[tokio::test]
async fn dialogs_page_with_offsets() {
    let (_server, client) = demo().await;
    let req = |offset_date, offset_id, offset_peer| tl::functions::messages::GetDialogs {
        exclude_pinned: false,
        folder_id: None,
        offset_date,
        offset_id,
        offset_peer,
        limit: 3,
        hash: 0,
    };
    let tl::enums::messages::Dialogs::Slice(first) =
        soon(client.invoke(&req(0, 0, tl::enums::InputPeer::Empty)))
            .await
            .unwrap()
    else {
        panic!("a slice expected")
    };
    assert_eq!((first.count, first.dialogs.len()), (8, 3));
    let tl::enums::Dialog::Dialog(last) = &first.dialogs[2] else {
        panic!()
    };
    let tl::enums::Peer::Chat(group) = &last.peer else {
        panic!("the group is third")
    };
    let top = first
        .messages
        .iter()
        .find_map(|m| match m {
            tl::enums::Message::Message(m) if m.id == last.top_message => Some(m.date),
            _ => None,
        })
        .unwrap();
    let offset = tl::types::InputPeerChat {
        chat_id: group.chat_id,
    }
    .into();
    let next = soon(client.invoke(&req(top, last.top_message, offset)))
        .await
        .unwrap();
    let tl::enums::messages::Dialogs::Slice(next) = next else {
        panic!("a slice expected")
    };
    assert_eq!(next.dialogs.len(), 3);
    let tl::enums::Dialog::Dialog(d) = &next.dialogs[0] else {
        panic!()
    };
    assert_eq!(
        d.peer,
        tl::types::PeerChannel {
            channel_id: 1_500_000_001
        }
        .into()
    );
}

#[tokio::test]
async fn history_is_newest_first_and_pages_back_with_offset_id() {
    let (_server, client) = demo().await;
    let alice = peer_ref(&client, "alice_demo").await;
    let mut iter = client.iter_messages(alice).limit(3);
    let mut first = Vec::new();
    while let Some(m) = soon(iter.next()).await.unwrap() {
        first.push(m);
    }
    let texts: Vec<&str> = first.iter().map(|m| m.text()).collect();
    assert_eq!(
        texts,
        [
            "Also, did you finish the quarterly report?",
            "Here it is: https://example.com/routes/ridge-loop",
            "Noted. Can you share the route link?"
        ]
    );
    assert!(first[2].outgoing() && !first[0].outgoing());
    let mut older = client
        .iter_messages(alice)
        .offset_id(first[2].id())
        .limit(10);
    let mut rest = Vec::new();
    while let Some(m) = soon(older.next()).await.unwrap() {
        rest.push(m.text().to_string());
    }
    assert_eq!(rest.len(), 4);
    assert_eq!(rest[3], "Hi! Are we still on for the hike on Saturday?");
}

#[tokio::test]
async fn a_message_sent_to_saved_messages_tops_its_history() {
    let (server, client) = demo().await;
    let me = soon(client.get_me()).await.unwrap();
    let me_ref = me.to_ref().await.unwrap().unwrap();
    let sent = soon(client.send_message(me_ref, "remember the milk"))
        .await
        .unwrap();
    assert_eq!(sent.text(), "remember the milk");
    assert!(sent.outgoing());
    let mut iter = client.iter_messages(me_ref).limit(1);
    let top = soon(iter.next()).await.unwrap().unwrap();
    assert_eq!((top.id(), top.text()), (sent.id(), "remember the milk"));
    let stored = server.account().history(Peer::User(fakegram::ME_ID));
    assert_eq!(
        stored.last().map(|m| m.text.as_str()),
        Some("remember the milk")
    );
}

#[tokio::test]
async fn sends_to_groups_and_supergroups_map_back_to_the_sent_message() {
    let (_server, client) = demo().await;
    let rust = peer_ref(&client, "rust_study_demo").await;
    let sent = soon(client.send_message(rust, "see you Friday"))
        .await
        .unwrap();
    assert_eq!((sent.id(), sent.text()), (7, "see you Friday"));
    let group = PeerRef {
        id: grammers_client::session::types::PeerId::chat(4_000_000_001).unwrap(),
        auth: Default::default(),
    };
    let sent = soon(client.send_message(group, "I'll drive"))
        .await
        .unwrap();
    assert_eq!(sent.text(), "I'll drive");
    assert_eq!(
        sent.id(),
        29,
        "private chats and basic groups share one id counter (28 seeded)"
    );
}

#[tokio::test]
async fn a_channel_without_admin_rights_refuses_posts() {
    let (server, client) = demo().await;
    let news = peer_ref(&client, "tgmcp_news").await;
    let e = soon(client.send_message(news, "hi")).await.unwrap_err();
    assert_eq!(rpc_name(&e), Some((403, "CHAT_WRITE_FORBIDDEN")));
    assert_eq!(
        server.account().history(Peer::Channel(1_500_000_001)).len(),
        4
    );
}

#[tokio::test]
async fn usernames_resolve_to_users_and_chats() {
    let (_server, client) = demo().await;
    let bob = soon(client.resolve_username("bob_demo"))
        .await
        .unwrap()
        .unwrap();
    assert!(matches!(&bob, GPeer::User(u) if u.full_name() == "Bob"));
    let rust = soon(client.resolve_username("rust_study_demo"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(rust.name(), Some("Rust Study Group"));
    assert!(soon(client.resolve_username("nobody_here"))
        .await
        .unwrap()
        .is_none());
}

#[tokio::test]
async fn search_in_a_chat_and_everywhere() {
    let (_server, client) = demo().await;
    let alice = peer_ref(&client, "alice_demo").await;
    let mut iter = client.search_messages(alice).query("ROUTE");
    let mut hits = Vec::new();
    while let Some(m) = soon(iter.next()).await.unwrap() {
        hits.push(m.text().to_string());
    }
    assert_eq!(hits.len(), 2);
    let mut all = client.search_all_messages().query("quarterly");
    let mut global = Vec::new();
    while let Some(m) = soon(all.next()).await.unwrap() {
        global.push(m.text().to_string());
    }
    assert_eq!(global.len(), 2, "{global:?}");
}

#[tokio::test]
async fn messages_by_id_in_private_chats_and_channels() {
    let (_server, client) = demo().await;
    let news = peer_ref(&client, "tgmcp_news").await;
    let got = soon(client.get_messages_by_id(news, &[2, 99]))
        .await
        .unwrap();
    assert_eq!(
        got[0].as_ref().map(|m| m.text()),
        Some("Tip: connect ChatGPT with a URL ending in /sse")
    );
    // grammers turns a missing id (messageEmpty) into an empty message, not None.
    assert!(got[1]
        .as_ref()
        .is_none_or(|m| matches!(m.raw, tl::enums::Message::Empty(_))));
    let alice = peer_ref(&client, "alice_demo").await;
    let mut iter = client.iter_messages(alice).limit(1);
    let newest = soon(iter.next()).await.unwrap().unwrap();
    let got = soon(client.get_messages_by_id(alice, &[newest.id()]))
        .await
        .unwrap();
    assert_eq!(got[0].as_ref().map(|m| m.text()), Some(newest.text()));
}

#[tokio::test]
async fn edit_delete_and_forward_apply() {
    let (server, client) = demo().await;
    let bob = peer_ref(&client, "bob_demo").await;
    let sent = soon(client.send_message(bob, "draft")).await.unwrap();
    soon(client.edit_message(bob, sent.id(), "final"))
        .await
        .unwrap();
    let hist = server.account().history(Peer::User(200_000_002));
    assert_eq!(
        hist.last()
            .map(|m| (m.text.as_str(), m.edit_date.is_some())),
        Some(("final", true))
    );
    let alice = peer_ref(&client, "alice_demo").await;
    let fwd = soon(client.forward_messages(alice, &[sent.id()], bob))
        .await
        .unwrap();
    assert_eq!(fwd[0].as_ref().map(|m| m.text()), Some("final"));
    assert!(fwd[0]
        .as_ref()
        .is_some_and(|m| m.forward_header().is_some()));
    assert_eq!(
        soon(client.delete_messages(bob, &[sent.id()]))
            .await
            .unwrap(),
        1
    );
    assert_eq!(server.account().history(Peer::User(200_000_002)).len(), 3);
    let rust = peer_ref(&client, "rust_study_demo").await;
    let e = soon(client.delete_messages(rust, &[1])).await.unwrap_err();
    assert_eq!(rpc_name(&e), Some((403, "MESSAGE_DELETE_FORBIDDEN")));
}

#[tokio::test]
async fn the_same_random_id_twice_is_a_duplicate() {
    let (server, client) = demo().await;
    let bob = peer_ref(&client, "bob_demo").await;
    let req = tl::functions::messages::SendMessage {
        no_webpage: false,
        silent: false,
        background: false,
        clear_draft: false,
        noforwards: false,
        update_stickersets_order: false,
        invert_media: false,
        allow_paid_floodskip: false,
        peer: bob.into(),
        reply_to: None,
        message: "once".into(),
        random_id: 42,
        reply_markup: None,
        entities: None,
        schedule_date: None,
        schedule_repeat_period: None,
        send_as: None,
        quick_reply_shortcut: None,
        effect: None,
        allow_paid_stars: None,
        suggested_post: None,
        rich_message: None,
    };
    soon(client.invoke(&req)).await.unwrap();
    let e = soon(client.invoke(&req)).await.unwrap_err();
    assert_eq!(rpc_name(&e), Some((500, "RANDOM_ID_DUPLICATE")));
    assert_eq!(server.account().history(Peer::User(200_000_002)).len(), 4);
}

#[tokio::test]
async fn the_forum_lists_its_topics() {
    let (_server, client) = demo().await;
    let forum = peer_ref(&client, "tgmcp_community_demo").await;
    let req = tl::functions::messages::GetForumTopics {
        peer: forum.into(),
        q: None,
        offset_date: 0,
        offset_id: 0,
        offset_topic: 0,
        limit: 10,
    };
    let tl::enums::messages::ForumTopics::Topics(t) = soon(client.invoke(&req)).await.unwrap();
    let titles: Vec<String> = t
        .topics
        .iter()
        .filter_map(|t| match t {
            tl::enums::ForumTopic::Topic(t) => Some(t.title.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(titles, ["Plugins", "Help", "General"]);
}

#[tokio::test]
async fn an_incoming_message_is_stored_and_pushed_as_an_update() {
    let server = Server::start(Account::demo()).await.unwrap();
    let (client, updates) = client_with_updates(&server).await;
    let mut stream = soon(client.stream_updates(updates, Default::default()))
        .await
        .unwrap();
    // grammers connects lazily: updates flow once a first call opened the connection.
    soon(client.get_me()).await.unwrap();
    let msg = server
        .account()
        .deliver(Peer::User(ALICE), ALICE, "are you there?")
        .unwrap();
    let update = soon(stream.next()).await.unwrap();
    let grammers_client::update::Update::NewMessage(m) = update else {
        panic!("a new message expected, got {update:?}")
    };
    assert_eq!(
        (m.id(), m.text(), m.outgoing()),
        (msg.id, "are you there?", false)
    );
}

#[tokio::test]
async fn unknown_methods_fail_with_a_clear_error() {
    let (_server, client) = demo().await;
    let e = soon(client.invoke(&tl::functions::account::GetWallPapers { hash: 0 }))
        .await
        .unwrap_err();
    assert_eq!(rpc_name(&e), Some((400, "FAKEGRAM_METHOD_NOT_IMPLEMENTED")));
    // The connection keeps serving.
    soon(client.get_me()).await.unwrap();
}

#[tokio::test]
async fn full_user_and_full_channel() {
    let (_server, client) = demo().await;
    let alice = peer_ref(&client, "alice_demo").await;
    let tl::enums::users::UserFull::Full(u) =
        soon(client.invoke(&tl::functions::users::GetFullUser { id: alice.into() }))
            .await
            .unwrap();
    assert_eq!(u.users.len(), 1);
    let rust = peer_ref(&client, "rust_study_demo").await;
    let tl::enums::messages::ChatFull::Full(c) =
        soon(client.invoke(&tl::functions::channels::GetFullChannel {
            channel: rust.into(),
        }))
        .await
        .unwrap();
    assert!(
        matches!(c.full_chat, tl::enums::ChatFull::ChannelFull(f) if f.participants_count == Some(128))
    );
    let tl::enums::messages::ChatFull::Full(g) =
        soon(client.invoke(&tl::functions::messages::GetFullChat {
            chat_id: 4_000_000_001,
        }))
        .await
        .unwrap();
    assert_eq!(g.users.len(), 4);
}

/// A gotcha for users of grammers: a send to `PeerId::self_user()`'s ambient
/// ref gets `updateShortSentMessage` back (as from Telegram), and grammers
/// then unwraps a session lookup for the self peer that MemorySession never
/// has, and panics. Send to the real self ref (from `get_me`) instead.
#[tokio::test]
async fn sending_to_the_ambient_self_ref_panics_inside_grammers() {
    let (server, client) = demo().await;
    let me = grammers_client::session::types::PeerId::self_user().to_ambient_ref();
    let task = tokio::spawn(async move { client.send_message(me, "to me").await.map(|m| m.id()) });
    let joined = soon(task).await;
    assert!(joined.is_err_and(|e| e.is_panic()));
    // The server applied the send before grammers fell over.
    let saved = server.account().history(Peer::User(fakegram::ME_ID));
    assert_eq!(saved.last().map(|m| m.text.as_str()), Some("to me"));
}

#[tokio::test]
async fn the_telethon_session_string_carries_the_address_and_key() {
    use base64::Engine as _;
    let server = Server::start(Account::demo()).await.unwrap();
    let s = server.telethon_session();
    let raw = base64::engine::general_purpose::URL_SAFE
        .decode(&s[1..])
        .unwrap();
    assert!(s.starts_with('1'));
    assert_eq!(raw.len(), 1 + 4 + 2 + 256);
    assert_eq!(raw[0] as i32, server.dc_id());
    assert_eq!(&raw[1..5], &[127, 0, 0, 1]);
    assert_eq!(u16::from_be_bytes([raw[5], raw[6]]), server.addr().port());
    assert_eq!(&raw[7..], &server.auth_key()[..]);
}

#[tokio::test]
async fn gzipped_requests_and_containers_of_concurrent_calls_work() {
    let (server, client) = demo().await;
    let me = soon(client.get_me())
        .await
        .unwrap()
        .to_ref()
        .await
        .unwrap()
        .unwrap();
    // grammers gzips requests over 512 bytes.
    let long = "all work and no play ".repeat(100);
    let sent = soon(client.send_message(me, long.as_str())).await.unwrap();
    assert_eq!(sent.text(), long);
    let e = soon(client.send_message(me, "x".repeat(4097).as_str()))
        .await
        .unwrap_err();
    assert_eq!(rpc_name(&e), Some((400, "MESSAGE_TOO_LONG")));
    // Calls made together travel in one msg_container.
    let (a, b, c) = soon(async {
        tokio::join!(
            client.get_me(),
            client.get_me(),
            client.resolve_username("bob_demo")
        )
    })
    .await;
    assert!(a.is_ok() && b.is_ok() && c.is_ok());
    assert_eq!(server.faults().calls("users.getUsers"), 3);
}
