//! Guarded reactions, polls, keyboards, scheduled messages, folders, albums
//! and voice notes (see [`crate::telegram::ChatFeaturesExt`]). Reads need the chat
//! allowed; folder listings drop the chats the policy hides; folder edits
//! need every chat they name allowed; pressing a button is a change (the bot
//! acts on it); albums and voice notes are posts.

use super::write::{Audited, Kind, Op};
use super::{Guard, GuardError};
use crate::telegram::chat_features_ext::{
    AlbumFile, BotAnswer, Button, ButtonRef, Folder, FolderEdit, PollResults, Reactor, MAX_ALBUM,
};
use crate::telegram::media::{MediaSource, Upload, MAX_UPLOAD_BYTES};
use crate::telegram::write_ext::MAX_MESSAGE_IDS;
use crate::telegram::{Message, SendOptions};

/// Most reactors one call lists.
pub const MAX_REACTORS: u32 = 100;

/// An album file or voice note as the backend takes it.
pub struct Source {
    pub source: MediaSource,
    pub caption: String,
}

impl Audited for BotAnswer {}

pub(super) fn too_big(u: &Upload) -> Option<String> {
    (u.bytes.len() > MAX_UPLOAD_BYTES).then(|| {
        format!(
            "a file is {} bytes; at most {MAX_UPLOAD_BYTES} are sent",
            u.bytes.len()
        )
    })
}

impl Guard {
    /// Who reacted to a message in an allowed chat.
    pub async fn list_reactions(
        &self,
        chat: &str,
        id: i32,
        emoji: Option<&str>,
        limit: u32,
    ) -> Result<Vec<Reactor>, GuardError> {
        self.allowed_chat(chat).await?;
        let limit = limit.clamp(1, MAX_REACTORS);
        Ok(self.backend.list_reactions(chat, id, emoji, limit).await?)
    }

    /// A poll's results in an allowed chat.
    pub async fn get_poll(&self, chat: &str, id: i32) -> Result<PollResults, GuardError> {
        self.allowed_chat(chat).await?;
        Ok(self.backend.get_poll(chat, id).await?)
    }

    /// A message's buttons in an allowed chat.
    pub async fn list_buttons(&self, chat: &str, id: i32) -> Result<Vec<Button>, GuardError> {
        self.allowed_chat(chat).await?;
        Ok(self.backend.list_buttons(chat, id).await?)
    }

    /// Scheduled messages of an allowed chat.
    pub async fn list_scheduled(&self, chat: &str) -> Result<Vec<Message>, GuardError> {
        self.allowed_chat(chat).await?;
        Ok(self.backend.list_scheduled(chat).await?)
    }

    /// Folders, each with only the chats the policy lets the plugin see.
    pub async fn list_folders(&self) -> Result<Vec<Folder>, GuardError> {
        let folders = self.backend.list_folders().await?;
        Ok(folders
            .into_iter()
            .map(|f| self.visible_folder(f))
            .collect())
    }

    fn visible_folder(&self, mut f: Folder) -> Folder {
        let rules = &self.policy.chats;
        f.pinned.retain(|c| rules.allows(c));
        f.included.retain(|c| rules.allows(c));
        f.excluded.retain(|c| rules.allows(c));
        f
    }

    /// Deletes scheduled messages (nothing was sent yet, but they are lost).
    pub async fn delete_scheduled(&self, chat: &str, ids: &[i32]) -> Result<u32, GuardError> {
        let mut op = Op::new("delete-scheduled", chat, Kind::Change);
        op.ids = ids;
        if ids.is_empty() {
            op.invalid = Some("give the ids of the scheduled messages to delete".into());
        } else if ids.len() > MAX_MESSAGE_IDS {
            op.invalid = Some(format!(
                "at most {MAX_MESSAGE_IDS} message ids per call, got {}",
                ids.len()
            ));
        }
        self.guarded(op, || self.backend.delete_scheduled(chat, ids))
            .await
    }

    /// Presses a callback button: the bot acts on it, so it is a change.
    pub async fn press_button(
        &self,
        chat: &str,
        id: i32,
        button: &ButtonRef,
    ) -> Result<BotAnswer, GuardError> {
        let mut op = Op::new("press-button", chat, Kind::Change);
        op.ids = std::slice::from_ref(&id);
        self.guarded(op, || self.backend.press_button(chat, id, button))
            .await
    }

    /// Every chat a folder edit names must be one the policy allows: a folder
    /// must not become a way to reach a hidden chat.
    async fn folder_chats_allowed(&self, edit: &FolderEdit) -> Result<(), GuardError> {
        for c in edit.add.iter().chain(&edit.remove) {
            self.allowed_chat(c).await?;
        }
        Ok(())
    }

    /// Audits a folder change (no single chat: the folder is named instead).
    async fn folder_op<T, F, Fut>(&self, action: &str, what: &str, call: F) -> Result<T, GuardError>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<T, GuardError>>,
    {
        let r = match self.refuse_read_only() {
            Ok(()) => call().await,
            Err(e) => Err(e),
        };
        self.audit(action, what, None, Vec::new(), r.as_ref().map(drop), None);
        r
    }

    /// Creates a folder.
    pub async fn create_folder(&self, edit: &FolderEdit) -> Result<Folder, GuardError> {
        let what = format!("folder \"{}\"", edit.title.as_deref().unwrap_or_default());
        self.folder_op("create-folder", &what, || async {
            self.folder_chats_allowed(edit).await?;
            let f = self.backend.create_folder(edit).await?;
            Ok(self.visible_folder(f))
        })
        .await
    }

    /// Changes a folder.
    pub async fn edit_folder(&self, id: u32, edit: &FolderEdit) -> Result<Folder, GuardError> {
        let what = format!("folder {id}");
        self.folder_op("edit-folder", &what, || async {
            self.folder_chats_allowed(edit).await?;
            let f = self.backend.edit_folder(id, edit).await?;
            Ok(self.visible_folder(f))
        })
        .await
    }

    /// Deletes a folder (its chats stay).
    pub async fn delete_folder(&self, id: u32) -> Result<(), GuardError> {
        let what = format!("folder {id}");
        self.folder_op("delete-folder", &what, || async {
            Ok(self.backend.delete_folder(id).await?)
        })
        .await
    }

    /// Sends an album: one post against the quota.
    pub async fn send_album(
        &self,
        chat: &str,
        items: &[Source],
        opts: &SendOptions,
    ) -> Result<Vec<Message>, GuardError> {
        let mut op = Op::new("send-album", chat, Kind::Post);
        op.text = items.first().map(|i| i.caption.as_str());
        if !(2..=MAX_ALBUM).contains(&items.len()) {
            op.invalid = Some(format!(
                "an album has 2 to {MAX_ALBUM} files, not {}",
                items.len()
            ));
        }
        op.invalid = op.invalid.or_else(|| {
            items.iter().find_map(|i| match &i.source {
                MediaSource::Bytes(u) => too_big(u),
                MediaSource::Url(_) => None,
            })
        });
        self.guarded(op, || async {
            let mut files = Vec::new();
            for i in items {
                files.push(AlbumFile {
                    file: self.bytes_of(&i.source).await?.into_owned(),
                    caption: i.caption.clone(),
                });
            }
            self.backend.send_album(chat, &files, opts).await
        })
        .await
    }

    /// Sends a voice note: a post.
    pub async fn send_voice(
        &self,
        chat: &str,
        source: &MediaSource,
        caption: &str,
        opts: &SendOptions,
    ) -> Result<Message, GuardError> {
        let mut op = Op::new("send-voice", chat, Kind::Post);
        op.text = Some(caption);
        if let MediaSource::Bytes(u) = source {
            op.invalid = too_big(u);
        }
        self.guarded(op, || async {
            let file = self.bytes_of(source).await?;
            self.backend.send_voice(chat, &file, caption, opts).await
        })
        .await
    }
}
