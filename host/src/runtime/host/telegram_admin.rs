//! `tgmcp:plugin/telegram-admin@0.2.0`: administering groups and channels,
//! through the guard (read-only mode, chat lists and the audit log apply there).

use super::super::bindings::v0_2::tgmcp::plugin::telegram_admin;
use super::super::bindings::v0_2::tgmcp::plugin::types::MediaSource as WitMediaSource;
use super::super::bindings::{
    ToolError, WitAdminRights, WitChat, WitChatPermissions, WitInviteLink, WitInviteSpec,
    WitInvited, WitTopic, WitTopicChanges,
};
use super::CallState;

impl telegram_admin::Host for CallState {
    async fn create_group(
        &mut self,
        title: String,
        users: Vec<String>,
    ) -> Result<WitChat, ToolError> {
        Ok(self.guard.create_group(&title, &users).await?.into())
    }

    async fn create_channel(
        &mut self,
        title: String,
        about: String,
        megagroup: bool,
        forum: bool,
    ) -> Result<WitChat, ToolError> {
        let chat = self
            .guard
            .create_channel(&title, &about, megagroup, forum)
            .await?;
        Ok(chat.into())
    }

    async fn invite_users(
        &mut self,
        chat: String,
        users: Vec<String>,
    ) -> Result<WitInvited, ToolError> {
        Ok(self.guard.invite_users(&chat, &users).await?.into())
    }

    async fn kick_user(&mut self, chat: String, user: String) -> Result<(), ToolError> {
        Ok(self.guard.kick_user(&chat, &user).await?)
    }

    async fn ban_user(
        &mut self,
        chat: String,
        user: String,
        until: Option<i64>,
    ) -> Result<(), ToolError> {
        Ok(self.guard.ban_user(&chat, &user, until).await?)
    }

    async fn unban_user(&mut self, chat: String, user: String) -> Result<(), ToolError> {
        Ok(self.guard.unban_user(&chat, &user).await?)
    }

    async fn set_admin_rights(
        &mut self,
        chat: String,
        user: String,
        rights: Option<WitAdminRights>,
        rank: Option<String>,
    ) -> Result<(), ToolError> {
        let rights = rights.map(Into::into);
        Ok(self
            .guard
            .set_admin_rights(&chat, &user, rights, rank.as_deref())
            .await?)
    }

    async fn set_default_permissions(
        &mut self,
        chat: String,
        permissions: WitChatPermissions,
    ) -> Result<(), ToolError> {
        let perms = permissions.into();
        Ok(self.guard.set_default_permissions(&chat, &perms).await?)
    }

    async fn restrict_user(
        &mut self,
        chat: String,
        user: String,
        permissions: WitChatPermissions,
        until: Option<i64>,
    ) -> Result<(), ToolError> {
        let perms = permissions.into();
        Ok(self
            .guard
            .restrict_user(&chat, &user, &perms, until)
            .await?)
    }

    async fn set_slow_mode(&mut self, chat: String, seconds: u32) -> Result<(), ToolError> {
        Ok(self.guard.set_slow_mode(&chat, seconds).await?)
    }

    async fn edit_chat(
        &mut self,
        chat: String,
        title: Option<String>,
        about: Option<String>,
    ) -> Result<WitChat, ToolError> {
        let c = self
            .guard
            .edit_chat(&chat, title.as_deref(), about.as_deref())
            .await?;
        Ok(c.into())
    }

    async fn create_invite_link(
        &mut self,
        chat: String,
        spec: WitInviteSpec,
    ) -> Result<WitInviteLink, ToolError> {
        let spec = spec.into();
        Ok(self.guard.create_invite_link(&chat, &spec).await?.into())
    }

    async fn revoke_invite_link(
        &mut self,
        chat: String,
        link: String,
    ) -> Result<WitInviteLink, ToolError> {
        Ok(self.guard.revoke_invite_link(&chat, &link).await?.into())
    }

    async fn decide_join_request(
        &mut self,
        chat: String,
        user: String,
        approve: bool,
    ) -> Result<(), ToolError> {
        Ok(self
            .guard
            .decide_join_request(&chat, &user, approve)
            .await?)
    }

    async fn create_topic(&mut self, chat: String, title: String) -> Result<WitTopic, ToolError> {
        Ok(self.guard.create_topic(&chat, &title).await?.into())
    }

    async fn edit_topic(
        &mut self,
        chat: String,
        topic: i32,
        changes: WitTopicChanges,
    ) -> Result<WitTopic, ToolError> {
        let changes = changes.into();
        Ok(self.guard.edit_topic(&chat, topic, &changes).await?.into())
    }

    async fn delete_topic(&mut self, chat: String, topic: i32) -> Result<(), ToolError> {
        Ok(self.guard.delete_topic(&chat, topic).await?)
    }

    async fn set_chat_photo(
        &mut self,
        chat: String,
        photo: Option<WitMediaSource>,
    ) -> Result<(), ToolError> {
        let photo = photo.map(|p| self.media_source(p)).transpose()?;
        Ok(self.guard.set_chat_photo(&chat, photo.as_ref()).await?)
    }

    async fn set_chat_settings(
        &mut self,
        chat: String,
        settings: telegram_admin::ChatSettings,
    ) -> Result<WitChat, ToolError> {
        let settings = settings.into();
        Ok(self.guard.set_chat_settings(&chat, &settings).await?.into())
    }
}
