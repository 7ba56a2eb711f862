//! [`ChatFeaturesExt`] on grammers: reactions, polls and keyboards are read in
//! `reactions_polls_keyboards.rs`, folders live in `folders.rs`, albums and
//! voice notes in `album.rs`, the chat actions in `chat_actions.rs`; pressing
//! buttons and scheduled deletes here.

use async_trait::async_trait;
use grammers_client::tl::{self, enums};

use super::reactions_polls_keyboards::buttons_of;
use super::GrammersBackend;
use crate::telegram::chat_features_ext::{
    AlbumFile, BotAnswer, Button, ButtonKind, ButtonRef, Folder, FolderEdit, Location, PollResults,
    Reactor, Reader,
};
use crate::telegram::media::Upload;
use crate::telegram::{untrusted, Chat, ChatFeaturesExt, Message, SendOptions, TelegramError};

impl GrammersBackend {
    async fn press(
        &self,
        chat: &str,
        id: i32,
        which: &ButtonRef,
    ) -> Result<BotAnswer, TelegramError> {
        let k = self.resolve(chat).await?;
        let m = self.raw_message(chat, &k, id).await?;
        let all = buttons_of(m.reply_markup.as_ref());
        if all.is_empty() {
            return Err(TelegramError::InvalidArgs(format!(
                "message {id} has no buttons"
            )));
        }
        let found = all.into_iter().find(|(b, _)| match which {
            ButtonRef::Position(r, c) => b.row == *r && b.column == *c,
            ButtonRef::Text(t) => b.text == *t,
        });
        let Some((button, data)) = found else {
            return Err(TelegramError::NotFound(format!(
                "message {id} has no such button: list_buttons shows them"
            )));
        };
        let Some(data) = data else {
            return Err(not_pressable(&button));
        };
        let req = tl::functions::messages::GetBotCallbackAnswer {
            game: false,
            peer: k.peer.into(),
            msg_id: id,
            data: Some(data),
            password: None,
        };
        let client = self.link.client();
        let r = Self::or_not_found(chat, self.link.run(client.invoke(&req)).await)?;
        let enums::messages::BotCallbackAnswer::Answer(a) = r;
        Ok(BotAnswer {
            message: a.message.map(|t| untrusted::text(&t)),
            alert: a.alert,
            url: a.url,
        })
    }

    async fn unschedule(&self, chat: &str, ids: &[i32]) -> Result<u32, TelegramError> {
        let k = self.resolve(chat).await?;
        let req = tl::functions::messages::DeleteScheduledMessages {
            peer: k.peer.into(),
            id: ids.to_vec(),
        };
        let client = self.link.client();
        let u = Self::or_not_found(chat, self.link.run(client.invoke(&req)).await)?;
        let list = match &u {
            enums::Updates::Updates(x) => x.updates.as_slice(),
            enums::Updates::Combined(x) => x.updates.as_slice(),
            _ => &[],
        };
        Ok(list
            .iter()
            .map(|u| match u {
                enums::Update::DeleteScheduledMessages(d) => d.messages.len() as u32,
                _ => 0,
            })
            .sum())
    }
}

/// Why a button other than a callback one is not pressed here.
fn not_pressable(b: &Button) -> TelegramError {
    let what = match (b.kind, &b.url) {
        (ButtonKind::Url | ButtonKind::Login | ButtonKind::WebApp, Some(u)) => {
            format!("opens {u}: open the link instead")
        }
        (ButtonKind::Reply, _) => "sends its label as a message: use send_message".into(),
        _ => "is not a callback button".into(),
    };
    TelegramError::InvalidArgs(format!("button \"{}\" {what}", b.text))
}

#[async_trait]
impl ChatFeaturesExt for GrammersBackend {
    async fn list_reactions(
        &self,
        chat: &str,
        id: i32,
        emoji: Option<&str>,
        limit: u32,
    ) -> Result<Vec<Reactor>, TelegramError> {
        self.reactors(chat, id, emoji, limit).await
    }

    async fn get_poll(&self, chat: &str, id: i32) -> Result<PollResults, TelegramError> {
        self.poll(chat, id).await
    }

    async fn list_buttons(&self, chat: &str, id: i32) -> Result<Vec<Button>, TelegramError> {
        self.buttons(chat, id).await
    }

    async fn list_scheduled(&self, chat: &str) -> Result<Vec<Message>, TelegramError> {
        self.scheduled(chat).await
    }

    async fn list_folders(&self) -> Result<Vec<Folder>, TelegramError> {
        self.folders().await
    }

    async fn delete_scheduled(&self, chat: &str, ids: &[i32]) -> Result<u32, TelegramError> {
        self.unschedule(chat, ids).await
    }

    async fn press_button(
        &self,
        chat: &str,
        id: i32,
        button: &ButtonRef,
    ) -> Result<BotAnswer, TelegramError> {
        self.press(chat, id, button).await
    }

    async fn create_folder(&self, edit: &FolderEdit) -> Result<Folder, TelegramError> {
        self.new_folder(edit).await
    }

    async fn edit_folder(&self, id: u32, edit: &FolderEdit) -> Result<Folder, TelegramError> {
        self.change_folder(id, edit).await
    }

    async fn delete_folder(&self, id: u32) -> Result<(), TelegramError> {
        self.remove_folder(id).await
    }

    async fn send_album(
        &self,
        chat: &str,
        files: &[AlbumFile],
        opts: &SendOptions,
    ) -> Result<Vec<Message>, TelegramError> {
        self.album(chat, files, opts).await
    }

    async fn send_voice(
        &self,
        chat: &str,
        file: &Upload,
        caption: &str,
        opts: &SendOptions,
    ) -> Result<Message, TelegramError> {
        self.voice(chat, file, caption, opts).await
    }

    async fn get_read_participants(
        &self,
        chat: &str,
        id: i32,
    ) -> Result<Vec<Reader>, TelegramError> {
        self.readers(chat, id).await
    }

    async fn list_saved_dialogs(&self, limit: u32) -> Result<Vec<Chat>, TelegramError> {
        self.saved_dialogs(limit).await
    }

    async fn close_poll(&self, chat: &str, id: i32) -> Result<(), TelegramError> {
        self.poll_close(chat, id).await
    }

    async fn delete_history(&self, chat: &str, revoke: bool) -> Result<u32, TelegramError> {
        self.clear_history(chat, revoke).await
    }

    async fn set_typing(&self, chat: &str, typing: bool) -> Result<(), TelegramError> {
        self.typing(chat, typing).await
    }

    async fn pin_chat(&self, chat: &str, pinned: bool) -> Result<(), TelegramError> {
        self.dialog_pin(chat, pinned).await
    }

    async fn set_auto_delete(&self, chat: &str, seconds: u32) -> Result<(), TelegramError> {
        self.ttl(chat, seconds).await
    }

    async fn reorder_folders(&self, ids: &[u32]) -> Result<(), TelegramError> {
        self.folder_order(ids).await
    }

    async fn send_location(
        &self,
        chat: &str,
        place: &Location,
        opts: &SendOptions,
    ) -> Result<Message, TelegramError> {
        self.location(chat, place, opts).await
    }

    async fn send_contact(
        &self,
        chat: &str,
        phone: &str,
        first_name: &str,
        last_name: Option<&str>,
        opts: &SendOptions,
    ) -> Result<Message, TelegramError> {
        self.contact(chat, phone, first_name, last_name, opts).await
    }

    async fn send_dice(
        &self,
        chat: &str,
        emoji: &str,
        opts: &SendOptions,
    ) -> Result<Message, TelegramError> {
        self.dice(chat, emoji, opts).await
    }

    async fn send_scheduled_now(
        &self,
        chat: &str,
        ids: &[i32],
    ) -> Result<Vec<Message>, TelegramError> {
        self.scheduled_now(chat, ids).await
    }
}
