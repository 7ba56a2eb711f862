//! A client that missed updates catches up as at Telegram: getDifference
//! carries new messages, edits, deletions and reads of the common box and
//! what channels did; getChannelDifference a channel's own; a client too
//! far behind is told to start over. Also grammers' own gap recovery.

mod common;

use common::*;
use grammers_client::tl;
use grammers_client::Client;

const ALICE: i64 = 200_000_001;
const RUST: Peer = Peer::Channel(1_600_000_002);

async fn state(client: &Client) -> tl::types::updates::State {
    let tl::enums::updates::State::State(s) =
        soon(client.invoke(&tl::functions::updates::GetState {}))
            .await
            .unwrap();
    s
}

fn diff_from(s: &tl::types::updates::State) -> tl::functions::updates::GetDifference {
    tl::functions::updates::GetDifference {
        pts: s.pts,
        pts_limit: None,
        pts_total_limit: None,
        date: s.date,
        qts: 0,
        qts_limit: None,
    }
}

/// The stored message's text now (for an edit "from another client").
fn edit_elsewhere(server: &Server, peer: Peer, id: i32, text: &str) {
    // An edit made on another device: the account changes and its journal
    // notes it with the next pts, as the server does for editMessage.
    server.account().write(|a| {
        let pts = if let Peer::Channel(_) = peer {
            let d = a.dialog_mut(peer).unwrap();
            d.pts += 1;
            d.pts
        } else {
            a.pts += 1;
            a.pts
        };
        let m = a
            .dialog_mut(peer)
            .and_then(|d| d.messages.iter_mut().find(|m| m.id == id))
            .unwrap();
        m.text = text.into();
        let m = m.clone();
        a.note(peer, pts, 1, fakegram::JournalEvent::Edit(m));
    });
}

#[tokio::test]
async fn get_difference_carries_messages_edits_deletions_and_channel_posts() {
    let (server, client) = demo().await;
    let s = state(&client).await;
    let acc = server.account();
    let hello = acc.deliver(Peer::User(ALICE), ALICE, "hello").unwrap();
    let old = acc.history(Peer::User(ALICE))[0].id;
    edit_elsewhere(&server, Peer::User(ALICE), old, "edited first line");
    acc.delete_elsewhere(Peer::User(ALICE), &[hello.id - 1]);
    let post = acc.deliver(RUST, ALICE, "channel news").unwrap();
    let post_pts = acc.read(|a| a.dialog(RUST).unwrap().pts);
    let tl::enums::updates::Difference::Difference(d) =
        soon(client.invoke(&diff_from(&s))).await.unwrap()
    else {
        panic!("a full difference expected")
    };
    let texts: Vec<String> = d
        .new_messages
        .iter()
        .filter_map(|m| match m {
            tl::enums::Message::Message(m) => Some(m.message.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(texts, ["hello"]);
    let edit = d.other_updates.iter().any(|u| {
        matches!(u, tl::enums::Update::EditMessage(e)
            if matches!(&e.message, tl::enums::Message::Message(m) if m.id == old && m.message == "edited first line"))
    });
    assert!(edit, "{:?}", d.other_updates);
    let deleted = d
        .other_updates
        .iter()
        .any(|u| matches!(u, tl::enums::Update::DeleteMessages(x) if x.messages == [hello.id - 1]));
    assert!(deleted, "{:?}", d.other_updates);
    let channel = d.other_updates.iter().any(|u| {
        matches!(u, tl::enums::Update::NewChannelMessage(x)
            if matches!(&x.message, tl::enums::Message::Message(m) if m.id == post.id))
    });
    assert!(channel, "{:?}", d.other_updates);
    let tl::enums::updates::State::State(now) = d.state;
    assert!(now.pts > s.pts);
    // Caught up: no new message again. A channel post made in the state's
    // own second may come again (a state's date is whole seconds); the
    // client drops it by the channel's pts.
    let again = soon(client.invoke(&diff_from(&now))).await.unwrap();
    match again {
        tl::enums::updates::Difference::Empty(_) => {}
        tl::enums::updates::Difference::Difference(d) => {
            assert!(d.new_messages.is_empty(), "{d:?}");
            assert!(d.other_updates.iter().all(|u| matches!(u,
                tl::enums::Update::NewChannelMessage(x) if x.pts <= post_pts)));
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_client_too_far_behind_is_told_to_start_over() {
    let (server, client) = demo().await;
    let s = state(&client).await;
    server.account().write(|a| a.journal.too_long = 5);
    for i in 0..6 {
        server
            .account()
            .deliver(Peer::User(ALICE), ALICE, &format!("msg {i}"))
            .unwrap();
    }
    let d = soon(client.invoke(&diff_from(&s))).await.unwrap();
    let pts = server.account().read(|a| a.pts);
    assert!(
        matches!(d, tl::enums::updates::Difference::TooLong(ref t) if t.pts == pts),
        "{d:?}"
    );
    // A state saved against another server, ahead of this one: start over
    // too, rather than an error the client's update loop would stop on.
    let mut ahead = s.clone();
    ahead.pts = pts + 50;
    let d = soon(client.invoke(&diff_from(&ahead))).await.unwrap();
    assert!(
        matches!(d, tl::enums::updates::Difference::TooLong(ref t) if t.pts == pts),
        "{d:?}"
    );
}

async fn channel_ref(client: &Client) -> tl::enums::InputChannel {
    let p = soon(client.resolve_username("rust_study_demo"))
        .await
        .unwrap()
        .unwrap();
    let r = p.to_ref().await.unwrap().unwrap();
    let tl::enums::InputPeer::Channel(c) = tl::enums::InputPeer::from(r) else {
        panic!("a channel")
    };
    tl::types::InputChannel {
        channel_id: c.channel_id,
        access_hash: c.access_hash,
    }
    .into()
}

fn channel_diff(
    channel: tl::enums::InputChannel,
    pts: i32,
) -> tl::functions::updates::GetChannelDifference {
    tl::functions::updates::GetChannelDifference {
        force: false,
        channel,
        filter: tl::enums::ChannelMessagesFilter::Empty,
        pts,
        limit: 100,
    }
}

#[tokio::test]
async fn get_channel_difference_follows_the_channels_own_pts() {
    let (server, client) = demo().await;
    let channel = channel_ref(&client).await;
    let pts = server.account().read(|a| a.dialog(RUST).unwrap().pts);
    let empty = soon(client.invoke(&channel_diff(channel.clone(), pts)))
        .await
        .unwrap();
    assert!(
        matches!(empty, tl::enums::updates::ChannelDifference::Empty(ref e) if e.pts == pts && e.r#final),
        "{empty:?}"
    );
    let a = server.account().deliver(RUST, ALICE, "one").unwrap();
    let b = server.account().deliver(RUST, ALICE, "two").unwrap();
    edit_elsewhere(&server, RUST, a.id, "one (edited)");
    server.account().delete_elsewhere(RUST, &[b.id]);
    let d = soon(client.invoke(&channel_diff(channel.clone(), pts)))
        .await
        .unwrap();
    let tl::enums::updates::ChannelDifference::Difference(d) = d else {
        panic!("a difference expected, got {d:?}")
    };
    assert!(d.r#final);
    assert_eq!(
        d.pts,
        server.account().read(|a| a.dialog(RUST).unwrap().pts)
    );
    let texts: Vec<String> = d
        .new_messages
        .iter()
        .filter_map(|m| match m {
            tl::enums::Message::Message(m) => Some(m.message.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(texts, ["one (edited)"], "the deleted one is gone");
    assert!(d
        .other_updates
        .iter()
        .any(|u| matches!(u, tl::enums::Update::DeleteChannelMessages(x) if x.messages == [b.id])));
    // Far behind: the dialog and its newest messages, to start over from.
    server.account().write(|a| a.journal.too_long = 2);
    let long = soon(client.invoke(&channel_diff(channel.clone(), pts)))
        .await
        .unwrap();
    let tl::enums::updates::ChannelDifference::TooLong(t) = long else {
        panic!("too long expected, got {long:?}")
    };
    let tl::enums::Dialog::Dialog(dialog) = t.dialog else {
        panic!("a dialog")
    };
    assert_eq!(dialog.pts, Some(d.pts));
    assert!(!t.messages.is_empty());
}

/// A client streaming updates from the server's current state, as one
/// that saved its state on a previous run.
async fn caught_up_client(
    server: &Server,
    channels: &[Peer],
) -> (Client, grammers_client::client::UpdateStream) {
    let (pts, date, channels) = server.account().read(|a| {
        let channels = channels
            .iter()
            .filter_map(|p| match p {
                Peer::Channel(id) => Some(grammers_client::session::types::ChannelState {
                    id: *id,
                    pts: a.dialog(*p).unwrap().pts,
                }),
                _ => None,
            })
            .collect();
        (a.pts, a.now(), channels)
    });
    let state = grammers_client::session::types::UpdatesState {
        pts,
        qts: 0,
        date,
        seq: 0,
        channels,
    };
    let (client, updates) = client_with_state(server, state).await;
    let config = grammers_client::sender::UpdatesConfiguration { catch_up: true };
    let stream = soon(client.stream_updates(updates, config)).await.unwrap();
    (client, stream)
}

/// New and edited messages the stream yields until `n` arrived, as (id, text).
async fn next_messages(
    stream: &mut grammers_client::client::UpdateStream,
    n: usize,
) -> Vec<(i32, String)> {
    use grammers_client::update::Update;
    let mut seen = Vec::new();
    while seen.len() < n {
        match soon(stream.next()).await.unwrap() {
            Update::NewMessage(m) | Update::MessageEdited(m) => {
                seen.push((m.id(), m.text().to_string()))
            }
            _ => {}
        }
    }
    seen
}

#[tokio::test]
async fn grammers_recovers_a_gap_through_get_difference() {
    let server = Server::start(Account::demo()).await.unwrap();
    let (client, mut stream) = caught_up_client(&server, &[]).await;
    soon(client.get_me()).await.unwrap();
    // A message the client never hears of (stored, nothing pushed)...
    let missed = server.account().write(|a| {
        let new = fakegram::NewMessage {
            text: "you missed me".into(),
            ..Default::default()
        };
        a.post(Peer::User(ALICE), ALICE, new).0
    });
    // ...nor of an edit made on another device...
    let first = server.account().history(Peer::User(ALICE))[0].id;
    edit_elsewhere(&server, Peer::User(ALICE), first, "fixed typo");
    // ...then one it does: its pts shows the gap, and grammers asks
    // getDifference, which must hand over what it missed.
    server
        .account()
        .deliver(Peer::User(ALICE), ALICE, "and this one")
        .unwrap();
    let seen = next_messages(&mut stream, 3).await;
    assert!(
        seen.contains(&(missed.id, "you missed me".into())),
        "{seen:?}"
    );
    assert!(seen.contains(&(first, "fixed typo".into())), "{seen:?}");
    assert!(server.faults().calls("updates.getDifference") >= 1);
}

#[tokio::test]
async fn grammers_recovers_a_channel_gap_through_get_channel_difference() {
    let server = Server::start(Account::demo()).await.unwrap();
    let (client, mut stream) = caught_up_client(&server, &[RUST]).await;
    // The session learns the channel's access hash, as any client would.
    channel_ref(&client).await;
    let missed = server.account().write(|a| {
        let new = fakegram::NewMessage {
            text: "a post you missed".into(),
            ..Default::default()
        };
        a.post(RUST, ALICE, new).0
    });
    server
        .account()
        .deliver(RUST, ALICE, "and this one")
        .unwrap();
    let seen = next_messages(&mut stream, 2).await;
    assert!(
        seen.contains(&(missed.id, "a post you missed".into())),
        "{seen:?}"
    );
    assert!(server.faults().calls("updates.getChannelDifference") >= 1);
}
