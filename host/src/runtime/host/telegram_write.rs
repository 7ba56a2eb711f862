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
        peer: String,
        text: String,
        options: WitSendOptions,
    ) -> Result<WitMessage, ToolError> {
        let opts = options.into();
        Ok(self.guard.send_message(&peer, &text, &opts).await?.into())
    }

    async fn edit_message(
        &mut self,
        peer: String,
        id: i32,
        text: String,
        options: WitEditOptions,
    ) -> Result<WitMessage, ToolError> {
        let opts = options.into();
        Ok(self
            .guard
            .edit_message(&peer, id, &text, &opts)
            .await?
            .into())
    }

    async fn delete_messages(
        &mut self,
        peer: String,
        ids: Vec<i32>,
        revoke: bool,
    ) -> Result<u32, ToolError> {
        Ok(self.guard.delete_messages(&peer, &ids, revoke).await?)
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

    async fn pin_message(&mut self, peer: String, id: i32, silent: bool) -> Result<(), ToolError> {
        Ok(self.guard.pin_message(&peer, id, silent).await?)
    }

    async fn unpin_message(&mut self, peer: String, id: Option<i32>) -> Result<(), ToolError> {
        Ok(self.guard.unpin_message(&peer, id).await?)
    }

    async fn send_reaction(
        &mut self,
        peer: String,
        id: i32,
        emojis: Vec<String>,
    ) -> Result<(), ToolError> {
        Ok(self.guard.send_reaction(&peer, id, &emojis).await?)
    }

    async fn save_draft(
        &mut self,
        peer: String,
        text: String,
        options: WitDraftOptions,
    ) -> Result<(), ToolError> {
        let opts = options.into();
        Ok(self.guard.save_draft(&peer, &text, &opts).await?)
    }

    async fn clear_draft(&mut self, peer: String) -> Result<(), ToolError> {
        Ok(self.guard.clear_draft(&peer).await?)
    }

    async fn list_drafts(&mut self) -> Result<Vec<WitDraft>, ToolError> {
        Ok(all(self.guard.list_drafts().await?))
    }

    async fn create_poll(
        &mut self,
        peer: String,
        poll: WitPollSpec,
        options: WitSendOptions,
    ) -> Result<WitMessage, ToolError> {
        let (spec, opts) = (poll.into(), options.into());
        Ok(self.guard.create_poll(&peer, &spec, &opts).await?.into())
    }

    async fn vote_poll(
        &mut self,
        peer: String,
        id: i32,
        answers: Vec<u32>,
    ) -> Result<(), ToolError> {
        Ok(self.guard.vote_poll(&peer, id, &answers).await?)
    }

    async fn mark_read(&mut self, peer: String, topic: Option<i32>) -> Result<(), ToolError> {
        Ok(self.guard.mark_read(&peer, topic).await?)
    }

    async fn mark_unread(&mut self, peer: String) -> Result<(), ToolError> {
        Ok(self.guard.mark_unread(&peer).await?)
    }

    async fn mute_chat(&mut self, peer: String, mute: WitMute) -> Result<(), ToolError> {
        Ok(self.guard.mute_chat(&peer, mute.into()).await?)
    }

    async fn archive_chat(&mut self, peer: String, archived: bool) -> Result<(), ToolError> {
        Ok(self.guard.archive_chat(&peer, archived).await?)
    }

    async fn join_chat(&mut self, target: String) -> Result<WitChat, ToolError> {
        Ok(self.guard.join_chat(&target).await?.into())
    }

    async fn leave_chat(&mut self, peer: String) -> Result<(), ToolError> {
        Ok(self.guard.leave_chat(&peer).await?)
    }

    async fn send_file(
        &mut self,
        peer: String,
        source: WitMediaSource,
        caption: String,
        options: WitFileOptions,
    ) -> Result<WitMessage, ToolError> {
        let source = self.media_source(source)?;
        let opts = options.into();
        let sent = self
            .guard
            .send_file(&peer, &source, &caption, &opts)
            .await?;
        Ok(sent.into())
    }

    async fn delete_scheduled(&mut self, peer: String, ids: Vec<i32>) -> Result<u32, ToolError> {
        Ok(self.guard.delete_scheduled(&peer, &ids).await?)
    }

    async fn press_button(
        &mut self,
        peer: String,
        id: i32,
        button: WitButtonRef,
    ) -> Result<WitBotAnswer, ToolError> {
        let button = button.into();
        Ok(self.guard.press_button(&peer, id, &button).await?.into())
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
        peer: String,
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
        Ok(all(self.guard.send_album(&peer, &items, &opts).await?))
    }

    async fn send_voice(
        &mut self,
        peer: String,
        source: WitMediaSource,
        caption: String,
        options: WitSendOptions,
    ) -> Result<WitMessage, ToolError> {
        let source = self.media_source(source)?;
        let opts = options.into();
        let sent = self
            .guard
            .send_voice(&peer, &source, &caption, &opts)
            .await?;
        Ok(sent.into())
    }

    async fn close_poll(&mut self, peer: String, id: i32) -> Result<(), ToolError> {
        Ok(self.guard.close_poll(&peer, id).await?)
    }

    async fn delete_history(&mut self, peer: String, revoke: bool) -> Result<u32, ToolError> {
        Ok(self.guard.delete_history(&peer, revoke).await?)
    }

    async fn set_typing(&mut self, peer: String, typing: bool) -> Result<(), ToolError> {
        Ok(self.guard.set_typing(&peer, typing).await?)
    }

    async fn pin_chat(&mut self, peer: String, pinned: bool) -> Result<(), ToolError> {
        Ok(self.guard.pin_chat(&peer, pinned).await?)
    }

    async fn set_auto_delete(&mut self, peer: String, seconds: u32) -> Result<(), ToolError> {
        Ok(self.guard.set_auto_delete(&peer, seconds).await?)
    }

    async fn reorder_folders(&mut self, ids: Vec<u32>) -> Result<(), ToolError> {
        Ok(self.guard.reorder_folders(&ids).await?)
    }

    async fn send_location(
        &mut self,
        peer: String,
        place: WitLocation,
        options: WitSendOptions,
    ) -> Result<WitMessage, ToolError> {
        let (place, opts) = (place.into(), options.into());
        Ok(self.guard.send_location(&peer, &place, &opts).await?.into())
    }

    async fn send_contact(
        &mut self,
        peer: String,
        phone: String,
        first_name: String,
        last_name: Option<String>,
        options: WitSendOptions,
    ) -> Result<WitMessage, ToolError> {
        let opts = options.into();
        let sent = self
            .guard
            .send_contact(&peer, &phone, &first_name, last_name.as_deref(), &opts)
            .await?;
        Ok(sent.into())
    }

    async fn send_dice(
        &mut self,
        peer: String,
        emoji: String,
        options: WitSendOptions,
    ) -> Result<WitMessage, ToolError> {
        let opts = options.into();
        Ok(self.guard.send_dice(&peer, &emoji, &opts).await?.into())
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
        peer: String,
        source: WitMediaSource,
        options: WitSendOptions,
    ) -> Result<WitMessage, ToolError> {
        let source = self.media_source(source)?;
        let opts = options.into();
        Ok(self
            .guard
            .send_video_note(&peer, &source, &opts)
            .await?
            .into())
    }

    async fn send_sticker(
        &mut self,
        peer: String,
        file_ref: String,
        options: WitSendOptions,
    ) -> Result<WitMessage, ToolError> {
        let opts = options.into();
        Ok(self
            .guard
            .send_sticker(&peer, &file_ref, &opts)
            .await?
            .into())
    }

    async fn send_gif(
        &mut self,
        peer: String,
        file_ref: String,
        caption: String,
        options: WitSendOptions,
    ) -> Result<WitMessage, ToolError> {
        let opts = options.into();
        let sent = self
            .guard
            .send_gif(&peer, &file_ref, &caption, &opts)
            .await?;
        Ok(sent.into())
    }

    async fn inline_query(
        &mut self,
        bot: String,
        query: String,
        peer: String,
        offset: Option<String>,
    ) -> Result<telegram_write::InlineResults, ToolError> {
        let got = self
            .guard
            .inline_query(&bot, &query, &peer, offset.as_deref())
            .await?;
        Ok(got.into())
    }

    async fn send_inline_result(
        &mut self,
        peer: String,
        query_id: i64,
        result_id: String,
        options: WitSendOptions,
    ) -> Result<WitMessage, ToolError> {
        let opts = options.into();
        let sent = self
            .guard
            .send_inline_result(&peer, query_id, &result_id, &opts)
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
        peer: String,
        id: i32,
        emoji: String,
    ) -> Result<(), ToolError> {
        Ok(self.guard.react_to_story(&peer, id, &emoji).await?)
    }
}
