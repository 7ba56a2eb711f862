//! `tgmcp:plugin/telegram-write@0.2.0`: changing the account, through the
//! guard (read-only mode, chat lists, quotas and the audit log apply there).

use super::super::bindings::v0_2::tgmcp::plugin::telegram_write;
use super::super::bindings::v0_2::tgmcp::plugin::types::{
    AlbumItem as WitAlbumItem, BotAnswer as WitBotAnswer, ButtonRef as WitButtonRef,
    Folder as WitFolder, FolderEdit as WitFolderEdit, Location as WitLocation, Story as WitStory,
};
use super::super::bindings::{
    ToolError, WitChat, WitDraft, WitDraftOptions, WitEditOptions, WitFileOptions,
    WitForwardOptions, WitMediaSource, WitMessage, WitMute, WitPollSpec, WitSendOptions,
};
use super::convert::all;
use super::CallState;
use crate::policy::guard::Source;
use crate::telegram::media::MediaSource;

impl telegram_write::Host for CallState {
    async fn send_message(
        &mut self,
        chat: String,
        text: String,
        options: WitSendOptions,
    ) -> Result<WitMessage, ToolError> {
        let opts = options.into();
        Ok(self.guard.send_message(&chat, &text, &opts).await?.into())
    }

    async fn edit_message(
        &mut self,
        chat: String,
        id: i32,
        text: String,
        options: WitEditOptions,
    ) -> Result<WitMessage, ToolError> {
        let opts = options.into();
        Ok(self
            .guard
            .edit_message(&chat, id, &text, &opts)
            .await?
            .into())
    }

    async fn delete_messages(
        &mut self,
        chat: String,
        ids: Vec<i32>,
        revoke: bool,
    ) -> Result<u32, ToolError> {
        Ok(self.guard.delete_messages(&chat, &ids, revoke).await?)
    }

    async fn forward_messages(
        &mut self,
        from: String,
        ids: Vec<i32>,
        to: String,
        options: WitForwardOptions,
    ) -> Result<Vec<WitMessage>, ToolError> {
        let opts = options.into();
        let sent = self.guard.forward_messages(&from, &ids, &to, &opts).await?;
        Ok(all(sent))
    }

    async fn pin_message(&mut self, chat: String, id: i32, silent: bool) -> Result<(), ToolError> {
        Ok(self.guard.pin_message(&chat, id, silent).await?)
    }

    async fn unpin_message(&mut self, chat: String, id: Option<i32>) -> Result<(), ToolError> {
        Ok(self.guard.unpin_message(&chat, id).await?)
    }

    async fn send_reaction(
        &mut self,
        chat: String,
        id: i32,
        emojis: Vec<String>,
    ) -> Result<(), ToolError> {
        Ok(self.guard.send_reaction(&chat, id, &emojis).await?)
    }

    async fn save_draft(
        &mut self,
        chat: String,
        text: String,
        options: WitDraftOptions,
    ) -> Result<(), ToolError> {
        let opts = options.into();
        Ok(self.guard.save_draft(&chat, &text, &opts).await?)
    }

    async fn clear_draft(&mut self, chat: String) -> Result<(), ToolError> {
        Ok(self.guard.clear_draft(&chat).await?)
    }

    async fn list_drafts(&mut self) -> Result<Vec<WitDraft>, ToolError> {
        Ok(all(self.guard.list_drafts().await?))
    }

    async fn create_poll(
        &mut self,
        chat: String,
        poll: WitPollSpec,
        options: WitSendOptions,
    ) -> Result<WitMessage, ToolError> {
        let (spec, opts) = (poll.into(), options.into());
        Ok(self.guard.create_poll(&chat, &spec, &opts).await?.into())
    }

    async fn vote_poll(
        &mut self,
        chat: String,
        id: i32,
        answers: Vec<u32>,
    ) -> Result<(), ToolError> {
        Ok(self.guard.vote_poll(&chat, id, &answers).await?)
    }

    async fn mark_read(&mut self, chat: String, topic: Option<i32>) -> Result<(), ToolError> {
        Ok(self.guard.mark_read(&chat, topic).await?)
    }

    async fn mark_unread(&mut self, chat: String) -> Result<(), ToolError> {
        Ok(self.guard.mark_unread(&chat).await?)
    }

    async fn mute_chat(&mut self, chat: String, mute: WitMute) -> Result<(), ToolError> {
        Ok(self.guard.mute_chat(&chat, mute.into()).await?)
    }

    async fn archive_chat(&mut self, chat: String, archived: bool) -> Result<(), ToolError> {
        Ok(self.guard.archive_chat(&chat, archived).await?)
    }

    async fn join_chat(&mut self, target: String) -> Result<WitChat, ToolError> {
        Ok(self.guard.join_chat(&target).await?.into())
    }

    async fn leave_chat(&mut self, chat: String) -> Result<(), ToolError> {
        Ok(self.guard.leave_chat(&chat).await?)
    }

    async fn send_file(
        &mut self,
        chat: String,
        source: WitMediaSource,
        caption: String,
        options: WitFileOptions,
    ) -> Result<WitMessage, ToolError> {
        let source = self.media_source(source)?;
        let opts = options.into();
        let sent = self
            .guard
            .send_file(&chat, &source, &caption, &opts)
            .await?;
        Ok(sent.into())
    }

    async fn delete_scheduled(&mut self, chat: String, ids: Vec<i32>) -> Result<u32, ToolError> {
        Ok(self.guard.delete_scheduled(&chat, &ids).await?)
    }

    async fn press_button(
        &mut self,
        chat: String,
        id: i32,
        button: WitButtonRef,
    ) -> Result<WitBotAnswer, ToolError> {
        let button = button.into();
        Ok(self.guard.press_button(&chat, id, &button).await?.into())
    }

    async fn create_folder(&mut self, changes: WitFolderEdit) -> Result<WitFolder, ToolError> {
        Ok(self.guard.create_folder(&changes.into()).await?.into())
    }

    async fn edit_folder(
        &mut self,
        id: u32,
        changes: WitFolderEdit,
    ) -> Result<WitFolder, ToolError> {
        Ok(self.guard.edit_folder(id, &changes.into()).await?.into())
    }

    async fn delete_folder(&mut self, id: u32) -> Result<(), ToolError> {
        Ok(self.guard.delete_folder(id).await?)
    }

    async fn send_album(
        &mut self,
        chat: String,
        items: Vec<WitAlbumItem>,
        options: WitSendOptions,
    ) -> Result<Vec<WitMessage>, ToolError> {
        let items = items
            .into_iter()
            .map(Source::try_from)
            .collect::<Result<Vec<_>, _>>()?;
        if items
            .iter()
            .any(|i| matches!(i.source, MediaSource::Url(_)))
        {
            self.go_long()?;
        }
        let opts = options.into();
        Ok(all(self.guard.send_album(&chat, &items, &opts).await?))
    }

    async fn send_voice(
        &mut self,
        chat: String,
        source: WitMediaSource,
        caption: String,
        options: WitSendOptions,
    ) -> Result<WitMessage, ToolError> {
        let source = self.media_source(source)?;
        let opts = options.into();
        let sent = self
            .guard
            .send_voice(&chat, &source, &caption, &opts)
            .await?;
        Ok(sent.into())
    }

    async fn close_poll(&mut self, chat: String, id: i32) -> Result<(), ToolError> {
        Ok(self.guard.close_poll(&chat, id).await?)
    }

    async fn delete_history(&mut self, chat: String, revoke: bool) -> Result<u32, ToolError> {
        Ok(self.guard.delete_history(&chat, revoke).await?)
    }

    async fn set_typing(&mut self, chat: String, typing: bool) -> Result<(), ToolError> {
        Ok(self.guard.set_typing(&chat, typing).await?)
    }

    async fn pin_chat(&mut self, chat: String, pinned: bool) -> Result<(), ToolError> {
        Ok(self.guard.pin_chat(&chat, pinned).await?)
    }

    async fn set_auto_delete(&mut self, chat: String, seconds: u32) -> Result<(), ToolError> {
        Ok(self.guard.set_auto_delete(&chat, seconds).await?)
    }

    async fn reorder_folders(&mut self, ids: Vec<u32>) -> Result<(), ToolError> {
        Ok(self.guard.reorder_folders(&ids).await?)
    }

    async fn send_location(
        &mut self,
        chat: String,
        place: WitLocation,
        options: WitSendOptions,
    ) -> Result<WitMessage, ToolError> {
        let (place, opts) = (place.into(), options.into());
        Ok(self.guard.send_location(&chat, &place, &opts).await?.into())
    }

    async fn send_contact(
        &mut self,
        chat: String,
        phone: String,
        first_name: String,
        last_name: Option<String>,
        options: WitSendOptions,
    ) -> Result<WitMessage, ToolError> {
        let opts = options.into();
        let sent = self
            .guard
            .send_contact(&chat, &phone, &first_name, last_name.as_deref(), &opts)
            .await?;
        Ok(sent.into())
    }

    async fn send_dice(
        &mut self,
        chat: String,
        emoji: String,
        options: WitSendOptions,
    ) -> Result<WitMessage, ToolError> {
        let opts = options.into();
        Ok(self.guard.send_dice(&chat, &emoji, &opts).await?.into())
    }

    async fn send_scheduled_now(
        &mut self,
        chat: String,
        ids: Vec<i32>,
    ) -> Result<Vec<WitMessage>, ToolError> {
        Ok(all(self.guard.send_scheduled_now(&chat, &ids).await?))
    }

    async fn send_video_note(
        &mut self,
        chat: String,
        source: WitMediaSource,
        options: WitSendOptions,
    ) -> Result<WitMessage, ToolError> {
        let source = self.media_source(source)?;
        let opts = options.into();
        Ok(self
            .guard
            .send_video_note(&chat, &source, &opts)
            .await?
            .into())
    }

    async fn send_sticker(
        &mut self,
        chat: String,
        file_ref: String,
        options: WitSendOptions,
    ) -> Result<WitMessage, ToolError> {
        let opts = options.into();
        Ok(self
            .guard
            .send_sticker(&chat, &file_ref, &opts)
            .await?
            .into())
    }

    async fn send_gif(
        &mut self,
        chat: String,
        file_ref: String,
        caption: String,
        options: WitSendOptions,
    ) -> Result<WitMessage, ToolError> {
        let opts = options.into();
        let sent = self
            .guard
            .send_gif(&chat, &file_ref, &caption, &opts)
            .await?;
        Ok(sent.into())
    }

    async fn inline_query(
        &mut self,
        bot: String,
        query: String,
        chat: String,
        offset: Option<String>,
    ) -> Result<telegram_write::InlineResults, ToolError> {
        let got = self
            .guard
            .inline_query(&bot, &query, &chat, offset.as_deref())
            .await?;
        Ok(got.into())
    }

    async fn send_inline_result(
        &mut self,
        chat: String,
        query_id: i64,
        result_id: String,
        options: WitSendOptions,
    ) -> Result<WitMessage, ToolError> {
        let opts = options.into();
        let sent = self
            .guard
            .send_inline_result(&chat, query_id, &result_id, &opts)
            .await?;
        Ok(sent.into())
    }

    async fn post_story(
        &mut self,
        source: WitMediaSource,
        caption: String,
        privacy: telegram_write::StoryPrivacy,
        pinned: bool,
    ) -> Result<WitStory, ToolError> {
        let source = self.media_source(source)?;
        let story = self
            .guard
            .post_story(&source, &caption, privacy.into(), pinned)
            .await?;
        Ok(story.into())
    }

    async fn delete_stories(&mut self, ids: Vec<i32>) -> Result<Vec<i32>, ToolError> {
        Ok(self.guard.delete_stories(&ids).await?)
    }

    async fn react_to_story(
        &mut self,
        chat: String,
        id: i32,
        emoji: String,
    ) -> Result<(), ToolError> {
        Ok(self.guard.react_to_story(&chat, id, &emoji).await?)
    }
}
