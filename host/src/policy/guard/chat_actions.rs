//! Guarded chat actions (see [`crate::telegram::ChatFeaturesExt`]): read
//! receipts and Saved Messages' sub-chats under the chat lists; closing
//! polls, clearing history, typing, pinning dialogs and auto-delete as
//! changes; folder order as a folder change; locations, contacts and dice as
//! posts (quota).

use super::write::{Kind, Op};
use super::{clamp, Guard, GuardError};
use crate::telegram::chat_features_ext::{Location, Reader};
use crate::telegram::{Chat, Message, SendOptions};

/// Most Saved Messages sub-chats one call lists.
pub const MAX_SAVED_DIALOGS: u32 = 100;

impl Guard {
    /// Who read one's own message, in an allowed chat.
    pub async fn get_read_participants(
        &self,
        chat: &str,
        id: i32,
    ) -> Result<Vec<Reader>, GuardError> {
        self.allowed_chat(chat).await?;
        Ok(self.backend.get_read_participants(chat, id).await?)
    }

    /// Saved Messages' sub-chats the policy lets the plugin see.
    pub async fn list_saved_dialogs(&self, limit: u32) -> Result<Vec<Chat>, GuardError> {
        let limit = clamp(limit, MAX_SAVED_DIALOGS);
        let all = self.backend.list_saved_dialogs(limit).await?;
        let rules = &self.policy.chats;
        Ok(all.into_iter().filter(|c| rules.allows(c)).collect())
    }

    /// Closes a poll: votes end for good.
    pub async fn close_poll(&self, chat: &str, id: i32) -> Result<(), GuardError> {
        let mut op = Op::new("close-poll", chat, Kind::Change);
        op.ids = std::slice::from_ref(&id);
        self.guarded(op, || self.backend.close_poll(chat, id)).await
    }

    /// Deletes a chat's whole history.
    pub async fn delete_history(&self, chat: &str, revoke: bool) -> Result<u32, GuardError> {
        let op = Op::new("delete-history", chat, Kind::Change);
        self.guarded(op, || self.backend.delete_history(chat, revoke))
            .await
    }

    /// Shows or stops "typing…" (the chat's members see it: a change).
    pub async fn set_typing(&self, chat: &str, typing: bool) -> Result<(), GuardError> {
        let op = Op::new("set-typing", chat, Kind::Change);
        self.guarded(op, || self.backend.set_typing(chat, typing))
            .await
    }

    /// Pins or unpins a chat in the chat list.
    pub async fn pin_chat(&self, chat: &str, pinned: bool) -> Result<(), GuardError> {
        let op = Op::new("pin-chat", chat, Kind::Change);
        self.guarded(op, || self.backend.pin_chat(chat, pinned))
            .await
    }

    /// Sets a chat's auto-delete timer.
    pub async fn set_auto_delete(&self, chat: &str, seconds: u32) -> Result<(), GuardError> {
        let op = Op::new("set-auto-delete", chat, Kind::Change);
        self.guarded(op, || self.backend.set_auto_delete(chat, seconds))
            .await
    }

    /// Orders the folders.
    pub async fn reorder_folders(&self, ids: &[u32]) -> Result<(), GuardError> {
        let r = match self.refuse_read_only() {
            Ok(()) => self
                .backend
                .reorder_folders(ids)
                .await
                .map_err(GuardError::from),
            Err(e) => Err(e),
        };
        let what = format!("folders {ids:?}");
        self.audit(
            "reorder-folders",
            &what,
            None,
            Vec::new(),
            r.as_ref().map(drop),
            None,
        );
        r
    }

    /// Sends a point or a venue (a post).
    pub async fn send_location(
        &self,
        chat: &str,
        place: &Location,
        opts: &SendOptions,
    ) -> Result<Message, GuardError> {
        let op = Op::new("send-location", chat, Kind::Post);
        self.guarded(op, || self.backend.send_location(chat, place, opts))
            .await
    }

    /// Sends a contact card (a post).
    pub async fn send_contact(
        &self,
        chat: &str,
        phone: &str,
        first_name: &str,
        last_name: Option<&str>,
        opts: &SendOptions,
    ) -> Result<Message, GuardError> {
        let op = Op::new("send-contact", chat, Kind::Post);
        self.guarded(op, || {
            self.backend
                .send_contact(chat, phone, first_name, last_name, opts)
        })
        .await
    }

    /// Sends an animated dice (a post).
    pub async fn send_dice(
        &self,
        chat: &str,
        emoji: &str,
        opts: &SendOptions,
    ) -> Result<Message, GuardError> {
        let op = Op::new("send-dice", chat, Kind::Post);
        self.guarded(op, || self.backend.send_dice(chat, emoji, opts))
            .await
    }
}
