//! The side tables of `extras` as TL objects: media, reactions, poll
//! results, notification settings and drafts, shaped as Telegram sends them.

use grammers_tl_types::{enums, types};

use crate::account::{Account, Peer};

use crate::extras::{Button, Draft, Media, Poll, Size};

fn photo_sizes(sizes: &[Size]) -> Vec<enums::PhotoSize> {
    sizes
        .iter()
        .map(|s| {
            types::PhotoSize {
                r#type: s.kind.clone(),
                w: s.w,
                h: s.h,
                size: s.bytes.len() as i32,
            }
            .into()
        })
        .collect()
}

fn text(t: &str) -> enums::TextWithEntities {
    types::TextWithEntities {
        text: t.to_string(),
        entities: Vec::new(),
    }
    .into()
}

/// The option bytes of answer `i` (what votes name).
pub(crate) fn option(i: usize) -> Vec<u8> {
    vec![b'0' + (i % 10) as u8]
}

fn poll_results(p: &Poll) -> enums::PollResults {
    let voted = !p.mine.is_empty() || p.closed;
    types::PollResults {
        min: false,
        has_unread_votes: false,
        can_view_stats: false,
        // Telegram shows the results once the account has voted.
        results: voted.then(|| {
            p.votes
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    types::PollAnswerVoters {
                        chosen: p.mine.contains(&i),
                        correct: p.quiz && p.correct.contains(&(i as i32)),
                        option: option(i),
                        voters: Some(*v),
                        // Shares flag 2 with `voters`: both or neither.
                        recent_voters: Some(Vec::new()),
                    }
                    .into()
                })
                .collect()
        }),
        total_voters: Some(p.votes.iter().sum()),
        recent_voters: None,
        solution: None,
        solution_entities: None,
        solution_media: None,
    }
    .into()
}

/// The poll itself, as `messageMediaPoll` carries it.
pub(crate) fn poll(p: &Poll) -> enums::Poll {
    types::Poll {
        id: p.id,
        closed: p.closed,
        public_voters: p.public,
        multiple_choice: p.multiple,
        quiz: p.quiz,
        open_answers: false,
        revoting_disabled: false,
        shuffle_answers: false,
        hide_results_until_close: false,
        creator: false,
        subscribers_only: false,
        question: text(&p.question),
        answers: p
            .answers
            .iter()
            .enumerate()
            .map(|(i, a)| {
                types::PollAnswer {
                    text: text(a),
                    option: option(i),
                    media: None,
                    added_by: None,
                    date: None,
                }
                .into()
            })
            .collect(),
        close_period: None,
        close_date: None,
        countries_iso2: None,
        hash: 0,
    }
    .into()
}

fn doc_attributes(name: &str, voice: Option<i32>, round: bool) -> Vec<enums::DocumentAttribute> {
    let mut out: Vec<enums::DocumentAttribute> = vec![types::DocumentAttributeFilename {
        file_name: name.to_string(),
    }
    .into()];
    if round {
        // A round video: square, as Telegram's apps record them.
        out.push(
            types::DocumentAttributeVideo {
                round_message: true,
                supports_streaming: true,
                nosound: false,
                duration: 1.0,
                w: 240,
                h: 240,
                preload_prefix_size: None,
                video_start_ts: None,
                video_codec: None,
            }
            .into(),
        );
    }
    if let Some(duration) = voice {
        out.push(
            types::DocumentAttributeAudio {
                voice: true,
                duration,
                title: None,
                performer: None,
                waveform: None,
            }
            .into(),
        );
    }
    out
}

/// A message's media.
pub(crate) fn media(m: &Media, acc: &Account, date: i32) -> enums::MessageMedia {
    let dc_id = acc.ext.dc_id;
    match m {
        Media::Photo {
            id,
            access_hash,
            sizes,
        } => types::MessageMediaPhoto {
            spoiler: false,
            live_photo: false,
            photo: Some(
                types::Photo {
                    has_stickers: false,
                    id: *id,
                    access_hash: *access_hash,
                    file_reference: vec![1],
                    date,
                    sizes: photo_sizes(sizes),
                    video_sizes: None,
                    dc_id,
                }
                .into(),
            ),
            ttl_seconds: None,
            video: None,
        }
        .into(),
        Media::Document {
            id,
            access_hash,
            mime,
            name,
            file,
            thumbs,
            voice,
        } => types::MessageMediaDocument {
            nopremium: false,
            spoiler: false,
            video: false,
            round: acc.social.round.contains(id),
            voice: voice.is_some(),
            document: Some(
                types::Document {
                    id: *id,
                    access_hash: *access_hash,
                    file_reference: vec![1],
                    date,
                    mime_type: mime.clone(),
                    size: file.len() as i64,
                    thumbs: (!thumbs.is_empty()).then(|| photo_sizes(thumbs)),
                    video_thumbs: None,
                    dc_id,
                    attributes: doc_attributes(name, *voice, acc.social.round.contains(id)),
                }
                .into(),
            ),
            alt_documents: None,
            video_cover: None,
            video_timestamp: None,
            ttl_seconds: None,
        }
        .into(),
        Media::Other(m) => (**m).clone(),
        Media::Poll(p) => types::MessageMediaPoll {
            poll: poll(p),
            results: poll_results(p),
            attached_media: None,
        }
        .into(),
    }
}

/// Reactions on a message: counts of the account's own and other people's,
/// by emoji (the account's first).
pub(crate) fn reactions(acc: &Account, peer: Peer, id: i32) -> Option<enums::MessageReactions> {
    let mine = acc
        .ext
        .reactions
        .get(&(peer, id))
        .cloned()
        .unwrap_or_default();
    let others = acc
        .ext
        .reactors
        .get(&(peer, id))
        .cloned()
        .unwrap_or_default();
    let mut counts: Vec<(String, i32, Option<i32>)> = Vec::new();
    for (i, e) in mine.iter().enumerate() {
        counts.push((e.clone(), 1, Some(i as i32)));
    }
    for r in &others {
        match counts.iter_mut().find(|c| c.0 == r.emoji) {
            Some(c) => c.1 += 1,
            None => counts.push((r.emoji.clone(), 1, None)),
        }
    }
    if counts.is_empty() {
        return None;
    }
    let results = counts
        .into_iter()
        .map(|(e, count, chosen_order)| {
            types::ReactionCount {
                chosen_order,
                reaction: types::ReactionEmoji { emoticon: e }.into(),
                count,
            }
            .into()
        })
        .collect();
    let broadcast = acc
        .chat_of(peer)
        .is_some_and(|c| c.kind == crate::account::ChatKind::Channel);
    Some(
        types::MessageReactions {
            min: false,
            can_see_list: !broadcast,
            reactions_as_tags: false,
            results,
            recent_reactions: None,
            top_reactors: None,
        }
        .into(),
    )
}

/// A chat's notification settings (`mute_until` when muted).
pub(crate) fn notify(acc: &Account, peer: Peer) -> enums::PeerNotifySettings {
    let until = acc.ext.muted.get(&peer).copied().filter(|u| *u > 0);
    crate::tl_peer::notify_until(until)
}

/// A chat's draft.
pub(crate) fn draft(d: &Draft) -> enums::DraftMessage {
    types::DraftMessage {
        no_webpage: d.no_webpage,
        invert_media: false,
        reply_to: d.reply_to.map(|id| {
            types::InputReplyToMessage {
                reply_to_msg_id: id,
                top_msg_id: None,
                reply_to_peer_id: None,
                quote_text: None,
                quote_entities: None,
                quote_offset: None,
                monoforum_peer_id: None,
                todo_item_id: None,
                poll_option: None,
            }
            .into()
        }),
        message: d.text.clone(),
        entities: None,
        media: None,
        date: d.date,
        effect: None,
        suggested_post: None,
        rich_message: None,
    }
    .into()
}

/// A bot message's inline keyboard.
pub(crate) fn keyboard(acc: &Account, peer: Peer, id: i32) -> Option<enums::ReplyMarkup> {
    let rows = acc.ext.keyboards.get(&(peer, id))?;
    let rows = rows
        .iter()
        .map(|row| {
            let buttons = row
                .iter()
                .map(|b| {
                    let (text, r#type): (&str, enums::InlineButtonType) = match b {
                        Button::Callback { text, data, .. } => (
                            text,
                            types::InlineButtonTypeCallback {
                                requires_password: false,
                                data: data.clone(),
                            }
                            .into(),
                        ),
                        Button::Url { text, url } => {
                            (text, types::InlineButtonTypeUrl { url: url.clone() }.into())
                        }
                    };
                    types::KeyboardInlineButton {
                        style: None,
                        text: text.to_string(),
                        r#type,
                    }
                    .into()
                })
                .collect();
            types::KeyboardInlineButtonRow { buttons }.into()
        })
        .collect();
    Some(
        types::ReplyInlineMarkup {
            force_reply: false,
            rows,
        }
        .into(),
    )
}
