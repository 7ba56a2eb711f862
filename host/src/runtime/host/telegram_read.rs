//! `tgmcp:plugin/telegram-read@0.2.0`: reading the account, through the guard.

use super::super::bindings::v0_2::tgmcp::plugin::telegram_read;
use super::super::bindings::v0_2::tgmcp::plugin::types::{
    Button as WitButton, Folder as WitFolder, PollResults as WitPollResults, Reactor as WitReactor,
    Reader as WitReader, Story as WitStory,
};
use super::super::bindings::{
    ToolError, WitChat, WitChatFilter, WitChatPage, WitMessage, WitMessageContext,
    WitMessageFilter, WitMessagePage, WitPage, WitTopicPage, WitUnreadDigest, WitUnreadLimits,
    WitUser, WitUserFull, WitUserPage,
};
use super::super::bindings::{
    WitAdminLogPage, WitInviteLinkPage, WitParticipantFilter, WitParticipantPage,
};
use super::convert::all;
use super::convert::page_request;
use super::CallState;

impl telegram_read::Host for CallState {
    async fn get_participants(
        &mut self,
        chat: String,
        filter: WitParticipantFilter,
        query: Option<String>,
        page: WitPage,
    ) -> Result<WitParticipantPage, ToolError> {
        let (filter, page) = (filter.into(), page.into());
        let got = self
            .guard
            .get_participants(&chat, filter, query.as_deref(), &page)
            .await?;
        Ok(got.into())
    }

    async fn list_invite_links(
        &mut self,
        chat: String,
        revoked: bool,
        page: WitPage,
    ) -> Result<WitInviteLinkPage, ToolError> {
        let page = page.into();
        let got = self.guard.list_invite_links(&chat, revoked, &page).await?;
        Ok(got.into())
    }

    async fn get_admin_log(
        &mut self,
        chat: String,
        query: Option<String>,
        page: WitPage,
    ) -> Result<WitAdminLogPage, ToolError> {
        let page = page.into();
        let got = self
            .guard
            .get_admin_log(&chat, query.as_deref(), &page)
            .await?;
        Ok(got.into())
    }

    async fn get_me(&mut self) -> Result<WitUser, ToolError> {
        Ok(self.guard.get_me().await?.into())
    }

    async fn list_chats(&mut self, limit: u32) -> Result<Vec<WitChat>, ToolError> {
        Ok(all(self.guard.list_chats(limit).await?))
    }

    async fn get_chat(&mut self, chat: String) -> Result<WitChat, ToolError> {
        Ok(self.guard.get_chat(&chat).await?.into())
    }

    async fn get_history(
        &mut self,
        chat: String,
        filter: WitMessageFilter,
        page: WitPage,
    ) -> Result<WitMessagePage, ToolError> {
        let page = page_request("history", page);
        let filter = filter.into();
        Ok(self
            .guard
            .get_history_page(&chat, &filter, &page)
            .await?
            .into())
    }

    async fn search_messages(
        &mut self,
        query: String,
        peer: Option<String>,
        filter: WitMessageFilter,
        page: WitPage,
    ) -> Result<WitMessagePage, ToolError> {
        // Only a search in one chat pages by message id (see `page_request`).
        let page = match peer {
            Some(_) => page_request("search", page),
            None => page.into(),
        };
        let filter = filter.into();
        Ok(self
            .guard
            .search_messages_page(&query, peer.as_deref(), &filter, &page)
            .await?
            .into())
    }

    async fn get_messages(
        &mut self,
        chat: String,
        ids: Vec<i32>,
    ) -> Result<Vec<WitMessage>, ToolError> {
        Ok(all(self.guard.get_messages(&chat, &ids).await?))
    }

    async fn get_user(&mut self, user: String) -> Result<WitUserFull, ToolError> {
        Ok(self.guard.get_user(&user).await?.into())
    }

    async fn get_common_chats(
        &mut self,
        user: String,
        page: WitPage,
    ) -> Result<WitChatPage, ToolError> {
        let page = page.into();
        Ok(self.guard.get_common_chats(&user, &page).await?.into())
    }

    async fn list_contacts(&mut self, page: WitPage) -> Result<WitUserPage, ToolError> {
        Ok(self.guard.list_contacts(&page.into()).await?.into())
    }

    async fn search_contacts(
        &mut self,
        query: String,
        limit: u32,
    ) -> Result<Vec<WitUser>, ToolError> {
        Ok(all(self.guard.search_contacts(&query, limit).await?))
    }

    async fn list_blocked(&mut self, page: WitPage) -> Result<WitUserPage, ToolError> {
        Ok(self.guard.list_blocked(&page.into()).await?.into())
    }

    async fn list_chats_page(
        &mut self,
        filter: WitChatFilter,
        page: WitPage,
    ) -> Result<WitChatPage, ToolError> {
        let (filter, page) = (filter.into(), page.into());
        Ok(self.guard.list_chats_page(&filter, &page).await?.into())
    }

    async fn search_chats(&mut self, query: String, limit: u32) -> Result<Vec<WitChat>, ToolError> {
        Ok(all(self.guard.search_chats(&query, limit).await?))
    }

    async fn list_topics(
        &mut self,
        chat: String,
        query: Option<String>,
        page: WitPage,
    ) -> Result<WitTopicPage, ToolError> {
        let page = page.into();
        Ok(self
            .guard
            .list_topics(&chat, query.as_deref(), &page)
            .await?
            .into())
    }

    async fn get_messages_by_link(
        &mut self,
        links: Vec<String>,
    ) -> Result<Vec<WitMessage>, ToolError> {
        Ok(all(self.guard.get_messages_by_link(&links).await?))
    }

    async fn get_message_context(
        &mut self,
        chat: String,
        id: i32,
        before: u32,
        after: u32,
    ) -> Result<WitMessageContext, ToolError> {
        Ok(self
            .guard
            .get_message_context(&chat, id, before, after)
            .await?
            .into())
    }

    async fn get_replies(
        &mut self,
        chat: String,
        id: i32,
        page: WitPage,
    ) -> Result<WitMessagePage, ToolError> {
        let page = page.into();
        Ok(self.guard.get_replies(&chat, id, &page).await?.into())
    }

    async fn get_pinned(
        &mut self,
        chat: String,
        page: WitPage,
    ) -> Result<WitMessagePage, ToolError> {
        let page = page.into();
        Ok(self.guard.get_pinned_messages(&chat, &page).await?.into())
    }

    async fn get_unread(
        &mut self,
        chats: Vec<String>,
        limits: WitUnreadLimits,
    ) -> Result<WitUnreadDigest, ToolError> {
        let limits = limits.into();
        Ok(self.guard.get_unread(&chats, &limits).await?.into())
    }

    async fn list_reactions(
        &mut self,
        chat: String,
        id: i32,
        emoji: Option<String>,
        limit: u32,
    ) -> Result<Vec<WitReactor>, ToolError> {
        let got = self
            .guard
            .list_reactions(&chat, id, emoji.as_deref(), limit)
            .await?;
        Ok(all(got))
    }

    async fn get_poll(&mut self, chat: String, id: i32) -> Result<WitPollResults, ToolError> {
        Ok(self.guard.get_poll(&chat, id).await?.into())
    }

    async fn list_buttons(&mut self, chat: String, id: i32) -> Result<Vec<WitButton>, ToolError> {
        Ok(all(self.guard.list_buttons(&chat, id).await?))
    }

    async fn list_scheduled(&mut self, chat: String) -> Result<Vec<WitMessage>, ToolError> {
        Ok(all(self.guard.list_scheduled(&chat).await?))
    }

    async fn list_folders(&mut self) -> Result<Vec<WitFolder>, ToolError> {
        Ok(all(self.guard.list_folders().await?))
    }

    async fn get_read_participants(
        &mut self,
        chat: String,
        id: i32,
    ) -> Result<Vec<WitReader>, ToolError> {
        Ok(all(self.guard.get_read_participants(&chat, id).await?))
    }

    async fn list_saved_dialogs(&mut self, limit: u32) -> Result<Vec<WitChat>, ToolError> {
        Ok(all(self.guard.list_saved_dialogs(limit).await?))
    }

    async fn get_similar_channels(
        &mut self,
        chat: Option<String>,
    ) -> Result<Vec<WitChat>, ToolError> {
        Ok(all(self.guard.similar_channels(chat.as_deref()).await?))
    }

    async fn get_chat_stats(
        &mut self,
        chat: String,
    ) -> Result<telegram_read::ChatStats, ToolError> {
        Ok(self.guard.chat_stats(&chat).await?.into())
    }

    async fn list_stories(
        &mut self,
        peer: Option<String>,
        limit: u32,
    ) -> Result<Vec<WitStory>, ToolError> {
        Ok(all(self.guard.list_stories(peer.as_deref(), limit).await?))
    }

    async fn get_story_views(
        &mut self,
        id: i32,
        limit: u32,
    ) -> Result<telegram_read::StoryViews, ToolError> {
        Ok(self.guard.story_views(id, limit).await?.into())
    }
}
