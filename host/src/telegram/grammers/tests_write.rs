//! The write and media operations through the real grammers client against
//! the local MTProto server: what the account looks like afterwards.

use super::*;
use crate::telegram::media::{DownloadOptions, FileOptions, Upload};
use crate::telegram::write_ext::{DraftOptions, EditOptions, ForwardOptions, Mute, PollSpec};
use crate::telegram::{MediaExt, WriteExt};
use fakegram::Peer;

const ALICE: i64 = 200_000_001;
const BOB: i64 = 200_000_002;
const FORUM: &str = "@tgmcp_community_demo";

async fn backend() -> Arc<GrammersBackend> {
    demo(Duration::from_secs(5)).await.expect("demo backend")
}

fn account(b: &GrammersBackend) -> fakegram::AccountHandle {
    b.local_server().expect("local server").account()
}

/// The id of the seeded message with this text.
fn id_of(b: &GrammersBackend, peer: Peer, text: &str) -> i32 {
    account(b)
        .history(peer)
        .iter()
        .find(|m| m.text == text)
        .map(|m| m.id)
        .expect("seeded message")
}

#[tokio::test]
async fn edit_returns_the_new_text_and_others_messages_are_refused() {
    let b = backend().await;
    let sent = b
        .send_message("me", "draft v1", &SendOptions::default())
        .await
        .unwrap();
    let opts = EditOptions {
        parse_mode: ParseMode::Markdown,
        ..EditOptions::default()
    };
    let e = b
        .edit_message("me", sent.id, "**v2**", &opts)
        .await
        .unwrap();
    assert_eq!((e.id, e.text.as_str()), (sent.id, "v2"));
    let theirs = id_of(
        &b,
        Peer::User(ALICE),
        "Also, did you finish the quarterly report?",
    );
    let err = b
        .edit_message("@alice_demo", theirs, "x", &EditOptions::default())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("MESSAGE_AUTHOR_REQUIRED"), "{err}");
}

#[tokio::test]
async fn delete_only_touches_messages_of_the_named_chat() {
    let b = backend().await;
    let bobs = id_of(&b, Peer::User(BOB), "Sure, sending comments this afternoon");
    // Bob's message id named through Alice's chat: nothing is deleted.
    assert_eq!(
        b.delete_messages("@alice_demo", &[bobs], true)
            .await
            .unwrap(),
        0
    );
    assert!(account(&b).read(|a| a.message(Peer::User(BOB), bobs).is_some()));
    assert_eq!(
        b.delete_messages("@bob_demo", &[bobs], true).await.unwrap(),
        1
    );
    assert!(account(&b).read(|a| a.message(Peer::User(BOB), bobs).is_none()));
}

#[tokio::test]
async fn forwards_keep_or_drop_the_author_and_land_in_topics() {
    let b = backend().await;
    let src = id_of(
        &b,
        Peer::User(ALICE),
        "Hi! Are we still on for the hike on Saturday?",
    );
    let fwd = b
        .forward_messages("@alice_demo", &[src], "me", &ForwardOptions::default())
        .await
        .unwrap();
    assert_eq!(fwd.len(), 1);
    assert_eq!(fwd[0].text, "Hi! Are we still on for the hike on Saturday?");
    let me = b.get_me().await.unwrap().id;
    let stored = account(&b).read(|a| a.message(Peer::User(me), fwd[0].id).cloned());
    assert_eq!(stored.and_then(|m| m.fwd_from).map(|f| f.0), Some(ALICE));
    let copy = ForwardOptions {
        drop_author: true,
        topic: Some(2),
        ..ForwardOptions::default()
    };
    let fwd = b
        .forward_messages("@alice_demo", &[src], FORUM, &copy)
        .await
        .unwrap();
    let forum = Peer::Channel(1_700_000_003);
    let stored = account(&b).read(|a| a.message(forum, fwd[0].id).cloned());
    let stored = stored.expect("forwarded into the forum");
    assert_eq!((stored.fwd_from, stored.topic), (None, Some(2)));
}

#[tokio::test]
async fn pins_reactions_and_read_marks_reach_the_server() {
    let b = backend().await;
    let group = Peer::Channel(1_600_000_002);
    let id = id_of(&b, group, "The quarterly meetup is on the 20th");
    b.pin_message("@rust_study_demo", id, true).await.unwrap();
    let pinned = |b: &GrammersBackend| {
        account(b).read(|a| {
            a.history(group)
                .iter()
                .filter(|m| m.pinned)
                .map(|m| m.id)
                .collect::<Vec<_>>()
        })
    };
    assert!(pinned(&b).contains(&id));
    b.unpin_message("@rust_study_demo", None).await.unwrap();
    assert!(pinned(&b).is_empty());
    let hearts = vec!["❤".to_string()];
    b.send_reaction("@rust_study_demo", id, &hearts)
        .await
        .unwrap();
    let got = account(&b).read(|a| a.ext.reactions.get(&(group, id)).cloned());
    assert_eq!(got, Some(hearts));
    b.send_reaction("@rust_study_demo", id, &[]).await.unwrap();
    assert!(account(&b).read(|a| !a.ext.reactions.contains_key(&(group, id))));
    b.mark_unread("@alice_demo").await.unwrap();
    assert!(account(&b).read(|a| a.ext.unread_mark.contains(&Peer::User(ALICE))));
    b.mark_read("@alice_demo", None).await.unwrap();
    let unread = account(&b).read(|a| a.dialog(Peer::User(ALICE)).map(|d| d.unread_count()));
    assert_eq!(unread, Some(0));
    b.mark_read(FORUM, Some(2)).await.unwrap();
    let forum = Peer::Channel(1_700_000_003);
    assert!(account(&b).read(|a| a.ext.topic_read.contains_key(&(forum, 2))));
}

#[tokio::test]
async fn drafts_are_saved_listed_and_cleared() {
    let b = backend().await;
    let opts = DraftOptions::default();
    b.save_draft("@bob_demo", "LGTM, merging", &opts)
        .await
        .unwrap();
    let drafts = b.list_drafts().await.unwrap();
    assert_eq!(drafts.len(), 1, "{drafts:?}");
    assert_eq!(
        (drafts[0].chat_id, drafts[0].text.as_str()),
        (BOB, "LGTM, merging")
    );
    b.clear_draft("@bob_demo").await.unwrap();
    assert!(b.list_drafts().await.unwrap().is_empty());
}

#[tokio::test]
async fn polls_are_posted_and_voted_in() {
    let b = backend().await;
    let spec = PollSpec {
        question: "Which trail?".into(),
        options: vec!["Ridge loop".into(), "Lake path".into()],
        ..PollSpec::default()
    };
    let m = b
        .create_poll("Weekend Hikers", &spec, &SendOptions::default())
        .await
        .unwrap();
    b.vote_poll("Weekend Hikers", m.id, &[1]).await.unwrap();
    let group = Peer::Chat(4_000_000_001);
    let votes = account(&b).read(|a| match a.ext.media.get(&(group, m.id)) {
        Some(fakegram::StoredMedia::Poll(p)) => Some((p.votes.clone(), p.mine.clone())),
        _ => None,
    });
    assert_eq!(votes, Some((vec![0, 1], vec![1])));
    let e = b.vote_poll("Weekend Hikers", m.id, &[5]).await.unwrap_err();
    assert!(matches!(e, TelegramError::InvalidArgs(_)), "{e:?}");
    let quiz = PollSpec { quiz: true, ..spec };
    let e = b
        .create_poll("me", &quiz, &SendOptions::default())
        .await
        .unwrap_err();
    assert!(e.to_string().contains("correct"), "{e}");
}

#[tokio::test]
async fn mute_archive_leave_and_join() {
    let b = backend().await;
    b.mute_chat("@bob_demo", Mute::Forever).await.unwrap();
    let muted = account(&b).read(|a| a.ext.muted.get(&Peer::User(BOB)).copied());
    assert_eq!(muted, Some(i32::MAX));
    b.mute_chat("@bob_demo", Mute::Off).await.unwrap();
    assert!(account(&b).read(|a| !a.ext.muted.contains_key(&Peer::User(BOB))));
    b.archive_chat("@bob_demo", true).await.unwrap();
    assert!(account(&b).read(|a| a.ext.archived.contains(&Peer::User(BOB))));
    b.archive_chat("@bob_demo", false).await.unwrap();

    let releases = Peer::Channel(1_500_000_005);
    let c = b.join_chat("t.me/rust_releases_demo").await.unwrap();
    assert_eq!(c.title, "Rust Releases");
    assert!(!account(&b).read(|a| a.ext.left.contains(&releases)));
    b.leave_chat("@rust_releases_demo").await.unwrap();
    assert!(account(&b).read(|a| a.ext.left.contains(&releases)));

    let link = format!("https://t.me/+{}", fakegram::DEMO_INVITE);
    let c = b.join_chat(&link).await.unwrap();
    assert_eq!(c.title, "Hiking Photos");
    // Joining again names the same chat.
    assert_eq!(b.join_chat(&link).await.unwrap().id, c.id);
    let e = b.join_chat("t.me/+NoSuchInvite").await.unwrap_err();
    assert!(matches!(e, TelegramError::NotFound(_)), "{e:?}");
    b.leave_chat("Weekend Hikers").await.unwrap();
    let e = b.leave_chat("@alice_demo").await.unwrap_err();
    assert!(matches!(e, TelegramError::InvalidArgs(_)), "{e:?}");
}

#[tokio::test]
async fn send_options_topic_schedule_and_preview() {
    let b = backend().await;
    let opts = SendOptions {
        topic: Some(4),
        ..SendOptions::default()
    };
    let m = b
        .send_message(FORUM, "Where is the FAQ?", &opts)
        .await
        .unwrap();
    let forum = Peer::Channel(1_700_000_003);
    let stored = account(&b).read(|a| a.message(forum, m.id).map(|m| m.topic));
    assert_eq!(stored, Some(Some(4)));
    // A week from now: Telegram checks the date against its own clock and
    // takes nothing in the past or over a year ahead.
    let at = jiff::Timestamp::now().as_second() + 7 * 86_400;
    let later = SendOptions {
        schedule_at: Some(at),
        ..SendOptions::default()
    };
    let s = b
        .send_message("@bob_demo", "Reminder: review", &later)
        .await
        .unwrap();
    assert_eq!(s.date, at);
    // Beside the demo's own reminder in Saved Messages.
    let bob = Peer::User(200_000_002);
    let scheduled = account(&b).read(|a| a.ext.scheduled.iter().filter(|m| m.peer == bob).count());
    assert_eq!(scheduled, 1);
    let bad = SendOptions {
        schedule_at: Some(-5),
        ..SendOptions::default()
    };
    let e = b.send_message("me", "x", &bad).await.unwrap_err();
    assert!(matches!(e, TelegramError::InvalidArgs(_)), "{e:?}");
}

#[tokio::test]
async fn photos_and_documents_download_under_a_cap() {
    let b = backend().await;
    let photo = id_of(
        &b,
        Peer::User(ALICE),
        "Great. I'll bring the map and some snacks",
    );
    let full = b
        .download_media("@alice_demo", photo, &DownloadOptions::default())
        .await
        .unwrap();
    assert!(
        full.bytes.starts_with(b"\x89PNG"),
        "{:?}",
        full.bytes.get(..8)
    );
    assert_eq!(full.mime, "image/png");
    assert!(!full.truncated);
    let thumb = DownloadOptions {
        thumbnail: true,
        ..DownloadOptions::default()
    };
    let small = b
        .download_media("@alice_demo", photo, &thumb)
        .await
        .unwrap();
    assert!(small.bytes.len() < full.bytes.len());
    let capped = DownloadOptions {
        max_bytes: 10,
        ..DownloadOptions::default()
    };
    let cut = b
        .download_media("@alice_demo", photo, &capped)
        .await
        .unwrap();
    assert_eq!((cut.bytes.len(), cut.truncated), (10, true));

    let doc = id_of(
        &b,
        Peer::User(BOB),
        "Thanks! The benchmark numbers are in the description",
    );
    let csv = b
        .download_media("@bob_demo", doc, &DownloadOptions::default())
        .await
        .unwrap();
    assert_eq!(csv.bytes, fakegram::DEMO_CSV.as_bytes());
    assert_eq!(csv.mime, "text/csv");
    assert_eq!(csv.file_name.as_deref(), Some("benchmarks.csv"));
    let e = b
        .download_media("@bob_demo", doc, &thumb)
        .await
        .unwrap_err();
    assert!(matches!(e, TelegramError::NotFound(_)), "{e:?}");
    let text_only = id_of(&b, Peer::User(BOB), "Sure, sending comments this afternoon");
    let e = b
        .download_media("@bob_demo", text_only, &DownloadOptions::default())
        .await
        .unwrap_err();
    assert!(matches!(e, TelegramError::InvalidArgs(_)), "{e:?}");
}

#[tokio::test]
async fn sent_files_come_back_byte_for_byte() {
    let b = backend().await;
    let png = fakegram::png(16, 16, [200, 10, 10]);
    let photo = Upload {
        bytes: png.clone(),
        mime: None,
        file_name: None,
    };
    let m = b
        .send_file("me", &photo, "a red square", &FileOptions::default())
        .await
        .unwrap();
    assert_eq!(m.text, "a red square");
    let got = b
        .download_media("me", m.id, &DownloadOptions::default())
        .await
        .unwrap();
    assert_eq!(got.bytes, png);
    // A file bigger than one part, as a document with its name.
    let big: Vec<u8> = (0..700_000u32).map(|i| (i % 251) as u8).collect();
    let doc = Upload {
        bytes: big.clone(),
        mime: Some("application/octet-stream".into()),
        file_name: Some("data.bin".into()),
    };
    let m = b
        .send_file("@bob_demo", &doc, "", &FileOptions::default())
        .await
        .unwrap();
    let got = b
        .download_media("@bob_demo", m.id, &DownloadOptions::default())
        .await
        .unwrap();
    assert_eq!(
        (got.bytes == big, got.file_name.as_deref()),
        (true, Some("data.bin"))
    );
    let empty = Upload::default();
    let e = b
        .send_file("me", &empty, "", &FileOptions::default())
        .await
        .unwrap_err();
    assert!(matches!(e, TelegramError::InvalidArgs(_)), "{e:?}");
}

#[tokio::test]
async fn a_duplicate_random_id_reads_as_probably_sent_for_every_post() {
    let b = backend().await;
    let server = b.local_server().expect("local server");
    for method in ["messages.forwardMessages", "messages.sendMedia"] {
        server
            .faults()
            .error(method, "RANDOM_ID_DUPLICATE", fakegram::Times::Once);
    }
    let src = id_of(
        &b,
        Peer::User(ALICE),
        "Hi! Are we still on for the hike on Saturday?",
    );
    let e = b
        .forward_messages("@alice_demo", &[src], "me", &ForwardOptions::default())
        .await
        .unwrap_err();
    assert!(matches!(e, TelegramError::ProbablySent(_)), "{e:?}");
    let spec = PollSpec {
        question: "Q?".into(),
        options: vec!["a".into(), "b".into()],
        ..PollSpec::default()
    };
    let e = b
        .create_poll("me", &spec, &SendOptions::default())
        .await
        .unwrap_err();
    assert!(matches!(e, TelegramError::ProbablySent(_)), "{e:?}");
}
