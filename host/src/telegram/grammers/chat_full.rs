//! `get_chat`'s own requests: the full chat (`channels.getFullChannel` /
//! `messages.getFullChat`) and the dialog (`messages.getPeerDialogs`), applied
//! with what chat_info.rs reads from them.

use grammers_client::session::types::PeerKind;
use grammers_client::tl::{enums, functions, types};

use super::chat_info::{apply_dialog, date_of};
use super::peers::Known;
use super::GrammersBackend;
use crate::telegram::{untrusted, Chat, ChatKind, TelegramError};

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
