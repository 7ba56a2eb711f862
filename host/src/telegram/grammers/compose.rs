//! Drafts and polls for [`crate::telegram::WriteExt`]: building the TL
//! requests and reading their answers.

use grammers_client::tl;

use super::peers::Known;
use super::GrammersBackend;
use crate::telegram::write_ext::{Draft, DraftOptions, PollSpec};
use crate::telegram::TelegramError;

impl GrammersBackend {
    /// The raw poll of message `id` (for votes: answers are chosen by their option bytes).
    pub(super) async fn poll_options(
        &self,
        k: &Known,
        id: i32,
    ) -> Result<Vec<Vec<u8>>, TelegramError> {
        let client = self.link.client();
        let msgs = self
            .link
            .run(client.get_messages_by_id(k.peer, &[id]))
            .await?;
        let raw = msgs.into_iter().flatten().map(|m| m.raw).next();
        match raw {
            Some(tl::enums::Message::Message(tl::types::Message {
                media: Some(tl::enums::MessageMedia::Poll(p)),
                ..
            })) => {
                let tl::enums::Poll::Poll(poll) = p.poll;
                Ok(poll
                    .answers
                    .into_iter()
                    .map(|a| match a {
                        tl::enums::PollAnswer::Answer(a) => a.option,
                        tl::enums::PollAnswer::InputPollAnswer(_) => Vec::new(),
                    })
                    .collect())
            }
            Some(_) => Err(TelegramError::InvalidArgs(format!(
                "message {id} is not a poll"
            ))),
            None => Err(TelegramError::NotFound(format!(
                "message {id} not found in \"{}\"",
                k.chat.title
            ))),
        }
    }

    /// Saves (or, with an empty text, clears) the draft of a resolved chat.
    pub(super) async fn put_draft(
        &self,
        chat: &str,
        k: &Known,
        message: String,
        entities: Option<Vec<tl::enums::MessageEntity>>,
        opts: &DraftOptions,
    ) -> Result<(), TelegramError> {
        let req = tl::functions::messages::SaveDraft {
            no_webpage: opts.link_preview == Some(false),
            invert_media: false,
            reply_to: opts.reply_to.map(|id| {
                tl::types::InputReplyToMessage {
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
            peer: k.peer.into(),
            message,
            entities,
            media: None,
            effect: None,
            suggested_post: None,
            rich_message: None,
        };
        let client = self.link.client();
        Self::or_not_found(chat, self.link.run(client.invoke(&req)).await).map(drop)
    }
}

/// Drafts in a `messages.getAllDrafts` answer (empty drafts left out).
pub(super) fn drafts_of(u: &tl::enums::Updates) -> Vec<Draft> {
    let list = match u {
        tl::enums::Updates::Updates(x) => &x.updates,
        tl::enums::Updates::Combined(x) => &x.updates,
        _ => return Vec::new(),
    };
    list.iter()
        .filter_map(|u| match u {
            tl::enums::Update::DraftMessage(d) => Some(d),
            _ => None,
        })
        .filter_map(|d| {
            let tl::enums::DraftMessage::Message(m) = &d.draft else {
                return None;
            };
            let chat_id = grammers_client::session::types::PeerId::from(d.peer.clone())
                .bot_api_dialog_id()?;
            let reply_to = match &m.reply_to {
                Some(tl::enums::InputReplyTo::Message(r)) => Some(r.reply_to_msg_id),
                _ => None,
            };
            Some(Draft {
                chat_id,
                text: m.message.clone(),
                date: m.date.into(),
                reply_to,
            })
        })
        .collect()
}

/// The `inputMediaPoll` of a spec, checked as Telegram checks it.
pub(super) fn poll_media(spec: &PollSpec) -> Result<tl::enums::InputMedia, TelegramError> {
    let bad = |m: &str| Err(TelegramError::InvalidArgs(m.to_string()));
    if spec.question.trim().is_empty() {
        return bad("the poll question is empty");
    }
    if !(2..=10).contains(&spec.options.len()) {
        return bad("a poll has 2 to 10 answers");
    }
    if spec.options.iter().any(|o| o.trim().is_empty()) {
        return bad("a poll answer is empty");
    }
    let correct = match (spec.quiz, spec.correct) {
        (true, Some(c)) if (c as usize) < spec.options.len() => Some(vec![c as i32]),
        (true, _) => return bad("a quiz needs `correct`: the index of the right answer"),
        (false, Some(_)) => return bad("`correct` is for quizzes only"),
        (false, None) => None,
    };
    let text = |t: &str| -> tl::enums::TextWithEntities {
        tl::types::TextWithEntities {
            text: t.to_string(),
            entities: Vec::new(),
        }
        .into()
    };
    let poll = tl::types::Poll {
        id: random_id(),
        closed: false,
        public_voters: spec.public_voters,
        multiple_choice: spec.multiple_choice && !spec.quiz,
        quiz: spec.quiz,
        open_answers: false,
        revoting_disabled: false,
        shuffle_answers: false,
        hide_results_until_close: false,
        creator: false,
        subscribers_only: false,
        question: text(&spec.question),
        answers: spec
            .options
            .iter()
            .map(|o| {
                tl::types::InputPollAnswer {
                    text: text(o),
                    media: None,
                }
                .into()
            })
            .collect(),
        close_period: None,
        close_date: None,
        countries_iso2: None,
        hash: 0,
    };
    Ok(tl::types::InputMediaPoll {
        poll: poll.into(),
        correct_answers: correct,
        attached_media: None,
        solution: spec.explanation.clone().filter(|_| spec.quiz),
        solution_entities: spec
            .explanation
            .as_ref()
            .filter(|_| spec.quiz)
            .map(|_| Vec::new()),
        solution_media: None,
    }
    .into())
}

/// A fresh `random_id` for a send: Telegram drops a repeat as a duplicate.
pub(super) fn random_id() -> i64 {
    rand::random()
}
