//! The read methods fakegram added for tgmcp's reading tools, through the
//! real grammers client: threads, unread mentions, peer dialogs, the block
//! list, common chats and the directory search.

mod common;

use common::*;
use grammers_client::session::types::PeerRef;
use grammers_client::tl;
use grammers_client::Client;

async fn peer_ref(client: &Client, username: &str) -> PeerRef {
    let peer = soon(client.resolve_username(username))
        .await
        .unwrap()
        .unwrap();
    peer.to_ref().await.unwrap().unwrap()
}

fn ids(res: tl::enums::messages::Messages) -> Vec<i32> {
    let msgs = match res {
        tl::enums::messages::Messages::Messages(m) => m.messages,
        tl::enums::messages::Messages::Slice(m) => m.messages,
        tl::enums::messages::Messages::ChannelMessages(m) => m.messages,
        tl::enums::messages::Messages::NotModified(_) => Vec::new(),
    };
    msgs.iter().map(|m| m.id()).collect()
}

#[tokio::test]
async fn replies_follow_threads_and_topics_and_mentions_are_unread() {
    let (_server, client) = demo().await;
    let rust = peer_ref(&client, "rust_study_demo").await;
    let forum = peer_ref(&client, "tgmcp_community_demo").await;
    let replies = |peer: &PeerRef, msg_id| tl::functions::messages::GetReplies {
        peer: peer.into(),
        msg_id,
        offset_id: 0,
        offset_date: 0,
        add_offset: 0,
        limit: 10,
        max_id: 0,
        min_id: 0,
        hash: 0,
    };
    assert_eq!(
        ids(soon(client.invoke(&replies(&rust, 2))).await.unwrap()),
        [3]
    );
    assert_eq!(
        ids(soon(client.invoke(&replies(&forum, 2))).await.unwrap()),
        [8, 7, 6, 3]
    );
    let e = soon(client.invoke(&replies(&rust, 99))).await.unwrap_err();
    assert!(e.to_string().contains("MSG_ID_INVALID"), "{e}");

    let mentions = tl::functions::messages::GetUnreadMentions {
        peer: (&forum).into(),
        top_msg_id: None,
        offset_id: 0,
        add_offset: 0,
        limit: 10,
        max_id: 0,
        min_id: 0,
    };
    assert_eq!(ids(soon(client.invoke(&mentions)).await.unwrap()), [8]);

    let dialogs = tl::functions::messages::GetPeerDialogs {
        peers: vec![tl::types::InputDialogPeer {
            peer: (&forum).into(),
        }
        .into()],
    };
    let tl::enums::messages::PeerDialogs::Dialogs(d) = soon(client.invoke(&dialogs)).await.unwrap();
    let tl::enums::Dialog::Dialog(d) = &d.dialogs[0] else {
        panic!("a dialog expected")
    };
    assert_eq!(
        (d.unread_count, d.unread_mentions_count, d.read_inbox_max_id),
        (2, 1, 6)
    );
}

#[tokio::test]
async fn blocked_users_common_chats_and_the_directory() {
    let (_server, client) = demo().await;
    let blocked = tl::functions::contacts::GetBlocked {
        my_stories_from: false,
        offset: 0,
        limit: 10,
    };
    let tl::enums::contacts::Blocked::Blocked(b) = soon(client.invoke(&blocked)).await.unwrap()
    else {
        panic!("the whole list fits")
    };
    assert_eq!(b.blocked.len(), 1);
    assert_eq!(b.users.len(), 1);

    let alice = peer_ref(&client, "alice_demo").await;
    let common = tl::functions::messages::GetCommonChats {
        user_id: (&alice).into(),
        max_id: 0,
        limit: 2,
    };
    let tl::enums::messages::Chats::Slice(c) = soon(client.invoke(&common)).await.unwrap() else {
        panic!("a slice of 2 of 3 expected")
    };
    assert_eq!((c.count, c.chats.len()), (3, 2));

    let search = |q: &str| tl::functions::contacts::Search {
        broadcasts: false,
        bots: false,
        q: q.into(),
        limit: 10,
    };
    let tl::enums::contacts::Found::Found(f) = soon(client.invoke(&search("tgmcp"))).await.unwrap();
    assert_eq!(f.my_results.len(), 2, "the channel and the forum");
    let e = soon(client.invoke(&search("t"))).await.unwrap_err();
    assert!(e.to_string().contains("QUERY_TOO_SHORT"), "{e}");
}

#[tokio::test]
async fn pinned_and_photo_messages_come_back_by_filter() {
    let (_server, client) = demo().await;
    let rust = peer_ref(&client, "rust_study_demo").await;
    let forum = peer_ref(&client, "tgmcp_community_demo").await;
    let search = |peer: &PeerRef, filter| tl::functions::messages::Search {
        peer: peer.into(),
        q: String::new(),
        from_id: None,
        saved_peer_id: None,
        saved_reaction: None,
        top_msg_id: None,
        filter,
        min_date: 0,
        max_date: 0,
        offset_id: 0,
        add_offset: 0,
        limit: 10,
        max_id: 0,
        min_id: 0,
        hash: 0,
    };
    let pinned = tl::enums::MessagesFilter::InputMessagesFilterPinned;
    assert_eq!(
        ids(soon(client.invoke(&search(&rust, pinned))).await.unwrap()),
        [1]
    );
    let photos = tl::enums::MessagesFilter::InputMessagesFilterPhotos;
    let mut it = client.search_messages(forum).filter(photos);
    let m = soon(it.next()).await.unwrap().expect("the photo");
    assert_eq!(m.id(), 7);
    assert!(m.photo().is_some());
    assert_eq!(m.text(), "");
}
