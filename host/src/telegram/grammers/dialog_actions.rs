//! Dialog actions of [`crate::telegram::WriteExt`]: read marks, mute,
//! archive, join and leave.

use grammers_client::peer::Peer;
use grammers_client::session::types::PeerKind;
use grammers_client::tl;

use super::peers::Known;
use super::GrammersBackend;
use crate::telegram::peer::{self, PeerRef as Written};
use crate::telegram::write_ext::Mute;
use crate::telegram::{Chat, TelegramError};

/// The archive's folder id (0 is the main chat list).
const ARCHIVE: i32 = 1;

/// Chats a `Updates` answer carries.
fn chats_of(u: tl::enums::Updates) -> Vec<tl::enums::Chat> {
    match u {
        tl::enums::Updates::Updates(x) => x.chats,
        tl::enums::Updates::Combined(x) => x.chats,
        _ => Vec::new(),
    }
}

impl GrammersBackend {
    pub(super) async fn dialog_mark_read(
        &self,
        chat: &str,
        topic: Option<i32>,
    ) -> Result<(), TelegramError> {
        let k = self.resolve(chat).await?;
        let client = self.link.client();
        let Some(topic) = topic else {
            Self::or_not_found(chat, self.link.run(client.mark_as_read(k.peer)).await)?;
            // get_chat answers from the cached chat: its count is now stale.
            let mut chat = k.chat;
            chat.unread_count = 0;
            self.peers.insert(Known { peer: k.peer, chat });
            return Ok(());
        };
        // A topic is read up to the chat's newest message (every message of
        // the topic is at or below it).
        let mut iter = client.iter_messages(k.peer).limit(1);
        let newest = Self::or_not_found(chat, self.link.run(iter.next()).await)?
            .map(|m| m.id())
            .unwrap_or(0);
        let req = tl::functions::messages::ReadDiscussion {
            peer: k.peer.into(),
            msg_id: topic,
            read_max_id: newest,
        };
        Self::or_not_found(chat, self.link.run(client.invoke(&req)).await).map(drop)
    }

    pub(super) async fn dialog_mark_unread(&self, chat: &str) -> Result<(), TelegramError> {
        let k = self.resolve(chat).await?;
        let req = tl::functions::messages::MarkDialogUnread {
            unread: true,
            parent_peer: None,
            peer: tl::types::InputDialogPeer {
                peer: k.peer.into(),
            }
            .into(),
        };
        let client = self.link.client();
        Self::or_not_found(chat, self.link.run(client.invoke(&req)).await).map(drop)
    }

    pub(super) async fn dialog_mute(&self, chat: &str, mute: Mute) -> Result<(), TelegramError> {
        let k = self.resolve(chat).await?;
        let until = match mute {
            Mute::Off => 0,
            // What Telegram's apps send for "forever".
            Mute::Forever => i32::MAX,
            Mute::Until(t) => t.clamp(0, i32::MAX as i64) as i32,
        };
        let req = tl::functions::account::UpdateNotifySettings {
            peer: tl::types::InputNotifyPeer {
                peer: k.peer.into(),
            }
            .into(),
            settings: tl::types::InputPeerNotifySettings {
                show_previews: None,
                silent: None,
                mute_until: Some(until),
                sound: None,
                stories_muted: None,
                stories_hide_sender: None,
                stories_sound: None,
            }
            .into(),
        };
        let client = self.link.client();
        Self::or_not_found(chat, self.link.run(client.invoke(&req)).await).map(drop)
    }

    pub(super) async fn dialog_archive(
        &self,
        chat: &str,
        archived: bool,
    ) -> Result<(), TelegramError> {
        let k = self.resolve(chat).await?;
        let req = tl::functions::folders::EditPeerFolders {
            folder_peers: vec![tl::types::InputFolderPeer {
                peer: k.peer.into(),
                folder_id: if archived { ARCHIVE } else { 0 },
            }
            .into()],
        };
        let client = self.link.client();
        Self::or_not_found(chat, self.link.run(client.invoke(&req)).await).map(drop)
    }

    pub(super) async fn dialog_join(&self, target: &str) -> Result<Chat, TelegramError> {
        self.link.check_fatal()?;
        if let Some(Written::Invite(hash)) = peer::parse(target) {
            return self.join_invite(target, &hash).await;
        }
        let k = self.resolve(target).await?;
        let client = self.link.client();
        match k.peer.id.kind() {
            PeerKind::Channel => {
                let req = tl::functions::channels::JoinChannel {
                    channel: k.peer.into(),
                };
                match self.link.run(client.invoke(&req)).await {
                    Ok(_) => {}
                    // Joining twice is not an error for the user.
                    Err(TelegramError::Rpc { name, .. }) if name == "USER_ALREADY_PARTICIPANT" => {}
                    Err(e) => return Self::or_not_found(target, Err(e)),
                }
                Ok(k.chat)
            }
            PeerKind::Chat => Err(TelegramError::InvalidArgs(format!(
                "\"{}\" is a basic group: it can only be joined with an invite link",
                target.trim()
            ))),
            _ => Err(TelegramError::InvalidArgs(format!(
                "\"{}\" is a user, not a group or channel",
                target.trim()
            ))),
        }
    }

    async fn join_invite(&self, input: &str, hash: &str) -> Result<Chat, TelegramError> {
        let client = self.link.client();
        let req = tl::functions::messages::ImportChatInvite {
            hash: hash.to_string(),
        };
        let chats = match self.link.run(client.invoke(&req)).await {
            Ok(tl::enums::messages::ChatInviteJoinResult::Ok(r)) => chats_of(r.updates),
            Ok(tl::enums::messages::ChatInviteJoinResult::WebView(_)) => {
                return Err(TelegramError::InvalidArgs(
                    "this invite opens a bot's web view; join it in the Telegram app".into(),
                ))
            }
            // Already a member: the invite still names the chat.
            Err(TelegramError::Rpc { name, .. }) if name == "USER_ALREADY_PARTICIPANT" => {
                let check = tl::functions::messages::CheckChatInvite {
                    hash: hash.to_string(),
                };
                match self.link.run(client.invoke(&check)).await? {
                    tl::enums::ChatInvite::Already(a) => vec![a.chat],
                    tl::enums::ChatInvite::Peek(p) => vec![p.chat],
                    tl::enums::ChatInvite::Invite(_) => Vec::new(),
                }
            }
            Err(TelegramError::Rpc { name, .. })
                if name == "INVITE_HASH_EXPIRED" || name == "INVITE_HASH_INVALID" =>
            {
                return Err(TelegramError::NotFound(format!(
                    "the invite link \"{}\" is invalid or has expired ({name})",
                    input.trim()
                )))
            }
            Err(e) => return Err(e),
        };
        for c in chats {
            let p = Peer::from_raw(&client, c);
            if let Some(k) = self.remember(&p).await? {
                return Ok(k.chat);
            }
        }
        Err(TelegramError::Other(
            "Telegram accepted the invite but named no chat".into(),
        ))
    }

    pub(super) async fn dialog_leave(&self, chat: &str) -> Result<(), TelegramError> {
        let k: Known = self.resolve(chat).await?;
        let client = self.link.client();
        let r = match k.peer.id.kind() {
            PeerKind::Channel => {
                let req = tl::functions::channels::LeaveChannel {
                    channel: k.peer.into(),
                };
                self.link.run(client.invoke(&req)).await.map(drop)
            }
            PeerKind::Chat => {
                let req = tl::functions::messages::DeleteChatUser {
                    revoke_history: false,
                    chat_id: k.peer.id.bare_id().unwrap_or_default(),
                    user_id: tl::enums::InputUser::UserSelf,
                };
                self.link.run(client.invoke(&req)).await.map(drop)
            }
            _ => {
                return Err(TelegramError::InvalidArgs(format!(
                    "\"{}\" is a private chat, not a group or channel",
                    chat.trim()
                )))
            }
        };
        Self::or_not_found(chat, r)
    }
}
