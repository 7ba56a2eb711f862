//! `get_chat`: the chat as the dialog list knows it, completed from the full
//! chat (`channels.getFullChannel` / `messages.getFullChat`), which always
//! carries what dialogs may leave out (a channel's member count, the
//! description), and from its dialog (`messages.getPeerDialogs`: archive,
//! pin, mute, mentions, the newest message). Also what a peer and a dialog
//! say about a chat, for every chat record.

use grammers_client::peer::Peer;
use grammers_client::session::types::PeerKind;
use grammers_client::tl::{enums, functions, types};

use super::convert::peer_id;
use super::peers::Known;
use super::GrammersBackend;
use crate::telegram::{untrusted, Chat, ChatKind, ChatRole, TelegramError};

/// How many members a group or channel has, as the peer carries it
/// (basic groups always; channels when Telegram sends it).
pub(super) fn members_of(peer: &Peer) -> Option<u32> {
    let count = match peer {
        Peer::Group(g) => match &g.raw {
            enums::Chat::Chat(c) => Some(c.participants_count),
            enums::Chat::Channel(c) => c.participants_count,
            _ => None,
        },
        Peer::Channel(c) => c.raw.participants_count,
        _ => None,
    };
    count.and_then(|n| u32::try_from(n).ok())
}

/// The account's role in a group or channel, as the peer says it; `None`
/// for private chats and chats the account left.
pub(super) fn role_of(peer: &Peer) -> Option<ChatRole> {
    let (creator, admin, left) = match peer {
        Peer::Group(g) => match &g.raw {
            enums::Chat::Chat(c) => (c.creator, c.admin_rights.is_some(), c.left),
            enums::Chat::Channel(c) => (c.creator, c.admin_rights.is_some(), c.left),
            _ => return None,
        },
        Peer::Channel(c) => (c.raw.creator, c.raw.admin_rights.is_some(), c.raw.left),
        _ => return None,
    };
    Some(match (creator, admin) {
        (true, _) => ChatRole::Creator,
        (false, true) => ChatRole::Admin,
        _ if left => return None,
        _ => ChatRole::Member,
    })
}

/// What the dialog list says about a chat: archive, pin, mute, mentions and
/// the newest message's date (`top_date`, from the response's messages).
pub(super) fn apply_dialog(chat: &mut Chat, d: &types::Dialog, top_date: Option<i32>) {
    chat.archived = d.folder_id == Some(1);
    chat.pinned = d.pinned;
    chat.unread_mentions = u32::try_from(d.unread_mentions_count).unwrap_or(0);
    let enums::PeerNotifySettings::Settings(n) = &d.notify_settings;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |t| t.as_secs() as i64);
    chat.muted_until = n.mute_until.map(i64::from).filter(|u| *u > now);
    chat.last_message_date = top_date.filter(|d| *d > 0).map(i64::from);
}

/// The date of the message `id` of `chat` among a response's messages.
pub(super) fn date_of(messages: &[enums::Message], chat: i64, id: i32) -> Option<i32> {
    messages.iter().find_map(|m| match m {
        enums::Message::Message(m) if m.id == id && peer_id(&m.peer_id) == chat => Some(m.date),
        enums::Message::Service(m) if m.id == id && peer_id(&m.peer_id) == chat => Some(m.date),
        _ => None,
    })
}

impl GrammersBackend {
    /// The full chat of a group or channel; `None` for private chats.
    async fn full_chat(
        &self,
        input: &str,
        k: &Known,
    ) -> Result<Option<enums::ChatFull>, TelegramError> {
        let client = self.link.client();
        let full = if k.peer.id.kind() == PeerKind::Channel {
            let req = functions::channels::GetFullChannel {
                channel: (&k.peer).into(),
            };
            Self::or_not_found(input, self.link.run(client.invoke(&req)).await)?
        } else if k.chat.kind == ChatKind::Group {
            let req = functions::messages::GetFullChat {
                chat_id: k.peer.id.bare_id().unwrap_or_default(),
            };
            Self::or_not_found(input, self.link.run(client.invoke(&req)).await)?
        } else {
            return Ok(None);
        };
        let enums::messages::ChatFull::Full(f) = full;
        Ok(Some(f.full_chat))
    }

    /// A chat with what only its full record and its dialog say filled in.
    pub(super) async fn chat_info(&self, input: &str) -> Result<Chat, TelegramError> {
        let k = self.resolve(input).await?;
        let mut chat = k.chat.clone();
        match self.full_chat(input, &k).await? {
            Some(enums::ChatFull::ChannelFull(f)) => {
                chat.members_count = f
                    .participants_count
                    .and_then(|n| u32::try_from(n).ok())
                    .or(chat.members_count);
                chat.about = Some(untrusted::text(&f.about)).filter(|a| !a.is_empty());
            }
            Some(enums::ChatFull::Full(f)) => {
                if let enums::ChatParticipants::Participants(p) = &f.participants {
                    chat.members_count = chat
                        .members_count
                        .or(u32::try_from(p.participants.len()).ok());
                }
                chat.about = Some(untrusted::text(&f.about)).filter(|a| !a.is_empty());
            }
            _ => {}
        }
        self.dialog_of(input, &k, &mut chat).await?;
        Ok(chat)
    }

    /// Fills what the chat's dialog says (archive, pin, mute, mentions, the
    /// newest message, unread count); a chat with no dialog keeps its defaults.
    async fn dialog_of(
        &self,
        input: &str,
        k: &Known,
        chat: &mut Chat,
    ) -> Result<(), TelegramError> {
        let req = functions::messages::GetPeerDialogs {
            peers: vec![types::InputDialogPeer {
                peer: (&k.peer).into(),
            }
            .into()],
        };
        let client = self.link.client();
        let enums::messages::PeerDialogs::Dialogs(r) =
            Self::or_not_found(input, self.link.run(client.invoke(&req)).await)?;
        if let Some(enums::Dialog::Dialog(d)) = r.dialogs.first() {
            let top = date_of(&r.messages, chat.id, d.top_message);
            chat.unread_count = u32::try_from(d.unread_count).unwrap_or(chat.unread_count);
            apply_dialog(chat, d, top);
        }
        Ok(())
    }
}
