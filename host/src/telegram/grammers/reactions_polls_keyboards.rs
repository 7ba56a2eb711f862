//! Reactions, polls and keyboards read for [`crate::telegram::ChatFeaturesExt`]:
//! who reacted, poll results and votes, a message's keyboard, scheduled
//! messages.

use grammers_client::tl::{self, enums};

use super::convert::peer_id;
use super::peers::Known;
use super::GrammersBackend;
use crate::telegram::chat_features_ext::{
    Button, ButtonKind, PollAnswer, PollResults, PollVote, Reactor,
};
use crate::telegram::{untrusted, Message, TelegramError};

/// Most reactions or votes asked of Telegram per call.
const LIST_MAX: u32 = 100;

pub(super) fn reaction_text(r: &enums::Reaction) -> Option<String> {
    match r {
        enums::Reaction::Emoji(e) => Some(untrusted::name(&e.emoticon)),
        enums::Reaction::CustomEmoji(e) => Some(format!("custom:{}", e.document_id)),
        enums::Reaction::Paid => Some("paid".into()),
        _ => None,
    }
}

fn text_of(t: &enums::TextWithEntities) -> String {
    let enums::TextWithEntities::Entities(t) = t;
    untrusted::text(&t.text)
}

fn button_kind_inline(t: &enums::InlineButtonType) -> (ButtonKind, Option<String>) {
    use enums::InlineButtonType as T;
    match t {
        T::Callback(_) => (ButtonKind::Callback, None),
        T::Url(u) => (ButtonKind::Url, Some(u.url.clone())),
        T::UrlAuth(u) => (ButtonKind::Login, Some(u.url.clone())),
        T::WebView(u) => (ButtonKind::WebApp, Some(u.url.clone())),
        T::SwitchInline(_) => (ButtonKind::SwitchInline, None),
        T::Game => (ButtonKind::Game, None),
        T::Buy => (ButtonKind::Buy, None),
        T::Copy(_) => (ButtonKind::Copy, None),
        _ => (ButtonKind::Other, None),
    }
}

fn button_kind_reply(t: &enums::ButtonType) -> ButtonKind {
    match t {
        enums::ButtonType::Default => ButtonKind::Reply,
        enums::ButtonType::RequestPhone => ButtonKind::RequestPhone,
        enums::ButtonType::RequestGeoLocation => ButtonKind::RequestLocation,
        enums::ButtonType::RequestPoll(_) => ButtonKind::RequestPoll,
        enums::ButtonType::SimpleWebView(_) => ButtonKind::WebApp,
        _ => ButtonKind::Other,
    }
}

/// The buttons of a reply markup, row by row, with the callback data of each.
pub(super) fn buttons_of(markup: Option<&enums::ReplyMarkup>) -> Vec<(Button, Option<Vec<u8>>)> {
    let mut out = Vec::new();
    match markup {
        Some(enums::ReplyMarkup::ReplyInlineMarkup(m)) => {
            for (r, row) in m.rows.iter().enumerate() {
                let enums::KeyboardInlineButtonRow::Row(row) = row;
                for (c, b) in row.buttons.iter().enumerate() {
                    let enums::KeyboardInlineButton::Button(b) = b;
                    let (kind, url) = button_kind_inline(&b.r#type);
                    let data = match &b.r#type {
                        enums::InlineButtonType::Callback(cb) => Some(cb.data.clone()),
                        _ => None,
                    };
                    let button = Button {
                        row: r as u32,
                        column: c as u32,
                        text: untrusted::name(&b.text),
                        kind,
                        url,
                    };
                    out.push((button, data));
                }
            }
        }
        Some(enums::ReplyMarkup::ReplyKeyboardMarkup(m)) => {
            for (r, row) in m.rows.iter().enumerate() {
                let enums::KeyboardButtonRow::Row(row) = row;
                for (c, b) in row.buttons.iter().enumerate() {
                    let enums::KeyboardButton::Button(b) = b;
                    let button = Button {
                        row: r as u32,
                        column: c as u32,
                        text: untrusted::name(&b.text),
                        kind: button_kind_reply(&b.r#type),
                        url: None,
                    };
                    out.push((button, None));
                }
            }
        }
        _ => {}
    }
    out
}

impl GrammersBackend {
    /// The raw message `id` of a resolved chat, or "not found".
    pub(super) async fn raw_message(
        &self,
        chat: &str,
        k: &Known,
        id: i32,
    ) -> Result<tl::types::Message, TelegramError> {
        let client = self.link.client();
        let msgs = Self::or_not_found(
            chat,
            self.link
                .run(client.get_messages_by_id(k.peer, &[id]))
                .await,
        )?;
        match msgs.into_iter().flatten().map(|m| m.raw).next() {
            Some(enums::Message::Message(m)) => Ok(m),
            _ => Err(TelegramError::NotFound(format!(
                "message {id} not found in \"{}\"",
                k.chat.title
            ))),
        }
    }

    pub(super) async fn reactors(
        &self,
        chat: &str,
        id: i32,
        emoji: Option<&str>,
        limit: u32,
    ) -> Result<Vec<Reactor>, TelegramError> {
        let k = self.resolve(chat).await?;
        let req = tl::functions::messages::GetMessageReactionsList {
            peer: k.peer.into(),
            id,
            reaction: emoji.map(|e| {
                tl::types::ReactionEmoji {
                    emoticon: e.to_string(),
                }
                .into()
            }),
            offset: None,
            limit: limit.clamp(1, LIST_MAX) as i32,
        };
        let client = self.link.client();
        let r = Self::or_not_found(chat, self.link.run(client.invoke(&req)).await)?;
        let enums::messages::MessageReactionsList::List(list) = r;
        let (names, _) = self.absorb(&list.users, &list.chats).await?;
        Ok(list
            .reactions
            .iter()
            .filter_map(|r| {
                let enums::MessagePeerReaction::Reaction(r) = r;
                let peer_id = peer_id(&r.peer_id);
                Some(Reactor {
                    peer_id,
                    name: names.name(peer_id).unwrap_or_default(),
                    emoji: reaction_text(&r.reaction)?,
                    date: i64::from(r.date),
                })
            })
            .take(limit as usize)
            .collect())
    }

    pub(super) async fn poll(&self, chat: &str, id: i32) -> Result<PollResults, TelegramError> {
        let k = self.resolve(chat).await?;
        let m = self.raw_message(chat, &k, id).await?;
        let Some(enums::MessageMedia::Poll(mp)) = m.media else {
            return Err(TelegramError::InvalidArgs(format!(
                "message {id} is not a poll"
            )));
        };
        let enums::Poll::Poll(p) = mp.poll;
        let enums::PollResults::Results(res) = mp.results;
        let counts: Vec<tl::types::PollAnswerVoters> = res
            .results
            .clone()
            .unwrap_or_default()
            .into_iter()
            .map(|v| {
                let enums::PollAnswerVoters::Voters(v) = v;
                v
            })
            .collect();
        let options: Vec<Vec<u8>> = p
            .answers
            .iter()
            .map(|a| match a {
                enums::PollAnswer::Answer(a) => a.option.clone(),
                enums::PollAnswer::InputPollAnswer(_) => Vec::new(),
            })
            .collect();
        let answers = p
            .answers
            .iter()
            .zip(&options)
            .map(|(a, opt)| {
                let text = match a {
                    enums::PollAnswer::Answer(a) => text_of(&a.text),
                    enums::PollAnswer::InputPollAnswer(a) => text_of(&a.text),
                };
                let c = counts.iter().find(|c| &c.option == opt);
                PollAnswer {
                    text,
                    voters: c.and_then(|c| c.voters).map(|v| v.max(0) as u32),
                    chosen: c.is_some_and(|c| c.chosen),
                    correct: c.is_some_and(|c| c.correct),
                }
            })
            .collect();
        // Who voted is visible only in public polls, once the results show.
        let votes = if p.public_voters && res.results.is_some() {
            self.poll_votes(chat, &k, id, &options).await?
        } else {
            Vec::new()
        };
        Ok(PollResults {
            question: text_of(&p.question),
            answers,
            total_voters: res.total_voters.unwrap_or(0).max(0) as u32,
            closed: p.closed,
            public_voters: p.public_voters,
            multiple_choice: p.multiple_choice,
            quiz: p.quiz,
            votes,
        })
    }

    async fn poll_votes(
        &self,
        chat: &str,
        k: &Known,
        id: i32,
        options: &[Vec<u8>],
    ) -> Result<Vec<PollVote>, TelegramError> {
        let req = tl::functions::messages::GetPollVotes {
            peer: k.peer.into(),
            id,
            option: None,
            offset: None,
            limit: LIST_MAX as i32,
        };
        let client = self.link.client();
        let r = Self::or_not_found(chat, self.link.run(client.invoke(&req)).await)?;
        let enums::messages::VotesList::List(list) = r;
        let (names, _) = self.absorb(&list.users, &list.chats).await?;
        let index = |o: &[u8]| options.iter().position(|x| x == o).map(|i| i as u32);
        let mut out = Vec::new();
        for v in &list.votes {
            let (peer, chosen): (&enums::Peer, Vec<u32>) = match v {
                enums::MessagePeerVote::Vote(v) => {
                    (&v.peer, index(&v.option).into_iter().collect())
                }
                enums::MessagePeerVote::Multiple(v) => {
                    (&v.peer, v.options.iter().filter_map(|o| index(o)).collect())
                }
                enums::MessagePeerVote::InputOption(_) => continue,
            };
            let user_id = peer_id(peer);
            for answer in chosen {
                out.push(PollVote {
                    user_id,
                    name: names.name(user_id).unwrap_or_default(),
                    answer,
                });
            }
        }
        Ok(out)
    }

    pub(super) async fn buttons(&self, chat: &str, id: i32) -> Result<Vec<Button>, TelegramError> {
        let k = self.resolve(chat).await?;
        let m = self.raw_message(chat, &k, id).await?;
        Ok(buttons_of(m.reply_markup.as_ref())
            .into_iter()
            .map(|(b, _)| b)
            .collect())
    }

    pub(super) async fn scheduled(&self, chat: &str) -> Result<Vec<Message>, TelegramError> {
        let k = self.resolve(chat).await?;
        let req = tl::functions::messages::GetScheduledHistory {
            peer: k.peer.into(),
            hash: 0,
        };
        let (mut msgs, _, _) = self.fetch_in(chat, &req).await?;
        for m in msgs.iter_mut() {
            if m.chat_id == 0 {
                m.chat_id = k.chat.id;
            }
            // Scheduled messages have no link until they are sent.
            m.url = None;
        }
        msgs.sort_by_key(|m| (m.date, m.id));
        Ok(msgs)
    }

    /// Sends scheduled messages now; the messages as they now are in the chat.
    pub(super) async fn scheduled_now(
        &self,
        chat: &str,
        ids: &[i32],
    ) -> Result<Vec<Message>, TelegramError> {
        if ids.is_empty() {
            return Err(TelegramError::InvalidArgs(
                "name the scheduled messages to send (ids from list_scheduled)".into(),
            ));
        }
        let k = self.resolve(chat).await?;
        let req = tl::functions::messages::SendScheduledMessages {
            peer: k.peer.into(),
            id: ids.to_vec(),
        };
        let client = self.link.client();
        let r = self.link.run(client.invoke(&req)).await;
        let updates = match Self::or_not_found(chat, r) {
            Err(TelegramError::Rpc { name, .. }) if name == "MESSAGE_ID_INVALID" => {
                return Err(TelegramError::NotFound(format!(
                    "no scheduled message with those ids in \"{}\" (list_scheduled shows them)",
                    k.chat.title
                )))
            }
            other => other?,
        };
        let sent = super::write_ext::new_message_ids(&updates);
        if sent.is_empty() {
            return Ok(Vec::new());
        }
        self.fetch_messages(&k, &sent).await
    }
}
