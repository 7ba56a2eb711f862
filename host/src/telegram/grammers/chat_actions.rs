//! The chat actions of [`crate::telegram::ChatFeaturesExt`] on grammers: read
//! receipts, Saved Messages' sub-chats, closing polls, clearing history,
//! typing, pinning dialogs, auto-delete, folder order, and locations,
//! contacts and dice.

use grammers_client::session::types::PeerKind;
use grammers_client::tl::{self, enums};

use super::convert::peer_id;
use super::{input_message, GrammersBackend};
use crate::telegram::chat_features_ext::{Location, Reader, DICE};
use crate::telegram::{Chat, ChatKind, Message, SendOptions, TelegramError};

/// Pages of history one delete goes through at most (Telegram deletes in batches).
const DELETE_BATCHES: usize = 50;

impl GrammersBackend {
    pub(super) async fn readers(&self, chat: &str, id: i32) -> Result<Vec<Reader>, TelegramError> {
        let k = self.resolve(chat).await?;
        let req = tl::functions::messages::GetMessageReadParticipants {
            peer: k.peer.into(),
            msg_id: id,
        };
        let client = self.link.client();
        let got = Self::or_not_found(chat, self.link.run(client.invoke(&req)).await)?;
        let mut out = Vec::new();
        for r in got {
            let enums::ReadParticipantDate::Date(r) = r;
            // Names come from the chat's members the backend has seen.
            let name = match self.resolve(&r.user_id.to_string()).await {
                Ok(u) => u.chat.title,
                Err(_) => String::new(),
            };
            out.push(Reader {
                user_id: r.user_id,
                name,
                date: i64::from(r.date),
            });
        }
        Ok(out)
    }

    pub(super) async fn saved_dialogs(&self, limit: u32) -> Result<Vec<Chat>, TelegramError> {
        self.link.check_fatal()?;
        let req = tl::functions::messages::GetSavedDialogs {
            exclude_pinned: false,
            parent_peer: None,
            offset_date: 0,
            offset_id: 0,
            offset_peer: enums::InputPeer::Empty,
            limit: limit.clamp(1, 100) as i32,
            hash: 0,
        };
        let client = self.link.client();
        let r = self.link.run(client.invoke(&req)).await?;
        let (dialogs, users, chats) = match r {
            enums::messages::SavedDialogs::Dialogs(d) => (d.dialogs, d.users, d.chats),
            enums::messages::SavedDialogs::Slice(d) => (d.dialogs, d.users, d.chats),
            enums::messages::SavedDialogs::NotModified(_) => (Vec::new(), Vec::new(), Vec::new()),
        };
        let (_, known) = self.absorb(&users, &chats).await?;
        let me = self.me().await?;
        let mut out = Vec::new();
        for d in dialogs {
            let enums::SavedDialog::Dialog(d) = d else {
                continue;
            };
            let id = peer_id(&d.peer);
            let chat = if id == me.0.id {
                Some(me.1.chat.clone())
            } else {
                known
                    .iter()
                    .find(|k| k.chat.id == id)
                    .map(|k| k.chat.clone())
            };
            out.extend(chat);
        }
        out.truncate(limit as usize);
        Ok(out)
    }

    pub(super) async fn poll_close(&self, chat: &str, id: i32) -> Result<(), TelegramError> {
        let k = self.resolve(chat).await?;
        let m = self.raw_message(chat, &k, id).await?;
        let Some(enums::MessageMedia::Poll(mp)) = m.media else {
            return Err(TelegramError::InvalidArgs(format!(
                "message {id} is not a poll"
            )));
        };
        if !m.out {
            return Err(TelegramError::InvalidArgs(format!(
                "poll {id} is someone else's: only its author closes it"
            )));
        }
        let enums::Poll::Poll(mut poll) = mp.poll;
        if poll.closed {
            return Ok(());
        }
        poll.closed = true;
        let req = tl::functions::messages::EditMessage {
            no_webpage: false,
            invert_media: false,
            peer: k.peer.into(),
            id,
            message: None,
            media: Some(
                tl::types::InputMediaPoll {
                    poll: poll.into(),
                    correct_answers: None,
                    attached_media: None,
                    solution: None,
                    solution_entities: None,
                    solution_media: None,
                }
                .into(),
            ),
            reply_markup: None,
            entities: None,
            schedule_date: None,
            schedule_repeat_period: None,
            quick_reply_shortcut_id: None,
            rich_message: None,
        };
        let client = self.link.client();
        Self::or_not_found(chat, self.link.run(client.invoke(&req)).await).map(drop)
    }

    pub(super) async fn clear_history(
        &self,
        chat: &str,
        revoke: bool,
    ) -> Result<u32, TelegramError> {
        let k = self.resolve(chat).await?;
        if k.chat.kind == ChatKind::Channel {
            return Err(TelegramError::InvalidArgs(format!(
                "\"{}\" is a broadcast channel: Telegram deletes only group histories at once; delete_messages deletes posts",
                k.chat.title
            )));
        }
        let client = self.link.client();
        if k.peer.id.kind() == PeerKind::Channel {
            let req = tl::functions::channels::DeleteHistory {
                for_everyone: revoke,
                channel: k.peer.into(),
                max_id: 0,
            };
            let u = Self::or_not_found(chat, self.link.run(client.invoke(&req)).await)?;
            let list = match &u {
                enums::Updates::Updates(x) => x.updates.as_slice(),
                enums::Updates::Combined(x) => x.updates.as_slice(),
                _ => &[],
            };
            return Ok(list
                .iter()
                .map(|u| match u {
                    enums::Update::DeleteChannelMessages(d) => d.messages.len() as u32,
                    _ => 0,
                })
                .sum());
        }
        let mut total = 0u32;
        for _ in 0..DELETE_BATCHES {
            let req = tl::functions::messages::DeleteHistory {
                just_clear: false,
                revoke,
                peer: k.peer.into(),
                max_id: 0,
                min_date: None,
                max_date: None,
            };
            let r = Self::or_not_found(chat, self.link.run(client.invoke(&req)).await)?;
            let enums::messages::AffectedHistory::History(h) = r;
            total += h.pts_count.max(0) as u32;
            if h.offset <= 0 {
                break;
            }
        }
        Ok(total)
    }

    pub(super) async fn typing(&self, chat: &str, typing: bool) -> Result<(), TelegramError> {
        let k = self.resolve(chat).await?;
        let req = tl::functions::messages::SetTyping {
            peer: k.peer.into(),
            top_msg_id: None,
            action: if typing {
                enums::SendMessageAction::SendMessageTypingAction
            } else {
                enums::SendMessageAction::SendMessageCancelAction
            },
        };
        let client = self.link.client();
        Self::or_not_found(chat, self.link.run(client.invoke(&req)).await).map(drop)
    }

    pub(super) async fn dialog_pin(&self, chat: &str, pinned: bool) -> Result<(), TelegramError> {
        let k = self.resolve(chat).await?;
        let req = tl::functions::messages::ToggleDialogPin {
            pinned,
            peer: tl::types::InputDialogPeer {
                peer: k.peer.into(),
            }
            .into(),
        };
        let client = self.link.client();
        Self::or_not_found(chat, self.link.run(client.invoke(&req)).await).map(drop)
    }

    pub(super) async fn ttl(&self, chat: &str, seconds: u32) -> Result<(), TelegramError> {
        let k = self.resolve(chat).await?;
        let req = tl::functions::messages::SetHistoryTtl {
            peer: k.peer.into(),
            period: seconds.min(i32::MAX as u32) as i32,
        };
        let client = self.link.client();
        Self::or_not_found(chat, self.link.run(client.invoke(&req)).await).map(drop)
    }

    /// Puts `ids` first, in that order; folders not named keep their order
    /// after them (Telegram wants every folder in the list).
    pub(super) async fn folder_order(&self, ids: &[u32]) -> Result<(), TelegramError> {
        self.link.check_fatal()?;
        let mut order: Vec<i32> = Vec::new();
        for id in ids {
            if !order.contains(&(*id as i32)) {
                order.push(*id as i32);
            }
        }
        for f in self.folders().await? {
            if !order.contains(&(f.id as i32)) {
                order.push(f.id as i32);
            }
        }
        let req = tl::functions::messages::UpdateDialogFiltersOrder { order };
        let client = self.link.client();
        self.link.run(client.invoke(&req)).await.map(drop)
    }

    /// Sends media that carries no file (a place, a contact, a dice).
    async fn send_plain_media(
        &self,
        chat: &str,
        media: enums::InputMedia,
        opts: &SendOptions,
        what: &str,
    ) -> Result<Message, TelegramError> {
        let msg = input_message("", opts)?.media(media);
        self.send_input(chat, msg, what, opts).await
    }

    pub(super) async fn location(
        &self,
        chat: &str,
        p: &Location,
        opts: &SendOptions,
    ) -> Result<Message, TelegramError> {
        if !(-90.0..=90.0).contains(&p.latitude) || !(-180.0..=180.0).contains(&p.longitude) {
            return Err(TelegramError::InvalidArgs(format!(
                "latitude is -90 to 90 and longitude -180 to 180, not {}, {}",
                p.latitude, p.longitude
            )));
        }
        let geo_point: enums::InputGeoPoint = tl::types::InputGeoPoint {
            lat: p.latitude,
            long: p.longitude,
            accuracy_radius: None,
        }
        .into();
        let media: enums::InputMedia = match &p.title {
            Some(title) => tl::types::InputMediaVenue {
                geo_point,
                title: title.clone(),
                address: p.address.clone().unwrap_or_default(),
                provider: String::new(),
                venue_id: String::new(),
                venue_type: String::new(),
            }
            .into(),
            None => tl::types::InputMediaGeoPoint { geo_point }.into(),
        };
        self.send_plain_media(chat, media, opts, "location").await
    }

    pub(super) async fn contact(
        &self,
        chat: &str,
        phone: &str,
        first: &str,
        last: Option<&str>,
        opts: &SendOptions,
    ) -> Result<Message, TelegramError> {
        if phone.trim().is_empty() || first.trim().is_empty() {
            return Err(TelegramError::InvalidArgs(
                "a contact needs a phone number and a first name".into(),
            ));
        }
        let media = tl::types::InputMediaContact {
            phone_number: phone.trim().to_string(),
            first_name: first.trim().to_string(),
            last_name: last.unwrap_or_default().trim().to_string(),
            vcard: String::new(),
        }
        .into();
        self.send_plain_media(chat, media, opts, "contact").await
    }

    pub(super) async fn dice(
        &self,
        chat: &str,
        emoji: &str,
        opts: &SendOptions,
    ) -> Result<Message, TelegramError> {
        if !DICE.contains(&emoji) {
            return Err(TelegramError::InvalidArgs(format!(
                "the dice are {}, not {emoji}",
                DICE.join(" ")
            )));
        }
        let media = tl::types::InputMediaDice {
            emoticon: emoji.to_string(),
        }
        .into();
        self.send_plain_media(chat, media, opts, "dice").await
    }
}
