//! [`AdminExt`] on grammers: each operation lives with its area
//! (`admin.rs`, `admin_topics.rs`, `admin_reads.rs`); this file wires the
//! trait, with the few one-request operations inline.

use async_trait::async_trait;
use grammers_client::tl::functions;

use super::admin::until_tl;
use super::admin_convert::{tl_ban, tl_banned_rights, tl_unbanned};
use super::GrammersBackend;
use crate::telegram::admin_ext::{
    AdminLogEvent, AdminRights, ChatPermissions, InviteLink, InviteSpec, Invited,
    ParticipantFilter, Participants, TopicChanges, SLOW_MODE_STEPS,
};
use crate::telegram::records::{Page, PageRequest, Topic};
use crate::telegram::{AdminExt, Chat, TelegramError};

#[async_trait]
impl AdminExt for GrammersBackend {
    async fn create_group(&self, title: &str, users: &[String]) -> Result<Chat, TelegramError> {
        self.create_group_tl(title, users).await
    }

    async fn create_channel(
        &self,
        title: &str,
        about: &str,
        megagroup: bool,
        forum: bool,
    ) -> Result<Chat, TelegramError> {
        self.create_channel_tl(title, about, megagroup, forum).await
    }

    async fn invite_users(&self, chat: &str, users: &[String]) -> Result<Invited, TelegramError> {
        self.invite_tl(chat, users).await
    }

    async fn kick_user(&self, chat: &str, user: &str) -> Result<(), TelegramError> {
        self.kick_tl(chat, user).await
    }

    async fn ban_user(
        &self,
        chat: &str,
        user: &str,
        until: Option<i64>,
    ) -> Result<(), TelegramError> {
        let until = until_tl(until)?;
        let k = self.channel(chat, "ban list").await?;
        let u = self.user_ref(user).await?;
        self.edit_banned(chat, &k, &u, tl_ban(until)).await
    }

    async fn unban_user(&self, chat: &str, user: &str) -> Result<(), TelegramError> {
        let k = self.channel(chat, "ban list").await?;
        let u = self.user_ref(user).await?;
        self.edit_banned(chat, &k, &u, tl_unbanned()).await
    }

    async fn set_admin_rights(
        &self,
        chat: &str,
        user: &str,
        rights: Option<AdminRights>,
        rank: Option<&str>,
    ) -> Result<(), TelegramError> {
        self.admin_tl(chat, user, rights, rank).await
    }

    async fn set_default_permissions(
        &self,
        chat: &str,
        perms: &ChatPermissions,
    ) -> Result<(), TelegramError> {
        let k = self.group(chat).await?;
        let req = functions::messages::EditChatDefaultBannedRights {
            peer: (&k.peer).into(),
            banned_rights: tl_banned_rights(perms, 0).into(),
        };
        let client = self.link.client();
        Self::admin_change(chat, self.link.run(client.invoke(&req)).await)
    }

    async fn restrict_user(
        &self,
        chat: &str,
        user: &str,
        perms: &ChatPermissions,
        until: Option<i64>,
    ) -> Result<(), TelegramError> {
        let until = until_tl(until)?;
        let k = self.channel(chat, "per-member restrictions").await?;
        let u = self.user_ref(user).await?;
        self.edit_banned(chat, &k, &u, tl_banned_rights(perms, until))
            .await
    }

    async fn set_slow_mode(&self, chat: &str, seconds: u32) -> Result<(), TelegramError> {
        if !SLOW_MODE_STEPS.contains(&seconds) {
            return Err(TelegramError::InvalidArgs(format!(
                "slow mode takes one of {SLOW_MODE_STEPS:?} seconds, not {seconds}"
            )));
        }
        let k = self.channel(chat, "slow mode").await?;
        let req = functions::channels::ToggleSlowMode {
            channel: (&k.peer).into(),
            seconds: seconds as i32,
        };
        let client = self.link.client();
        Self::admin_change(chat, self.link.run(client.invoke(&req)).await)
    }

    async fn edit_chat(
        &self,
        chat: &str,
        title: Option<&str>,
        about: Option<&str>,
    ) -> Result<Chat, TelegramError> {
        self.edit_chat_tl(chat, title, about).await
    }

    async fn create_invite_link(
        &self,
        chat: &str,
        spec: &InviteSpec,
    ) -> Result<InviteLink, TelegramError> {
        self.export_invite(chat, spec).await
    }

    async fn revoke_invite_link(
        &self,
        chat: &str,
        link: &str,
    ) -> Result<InviteLink, TelegramError> {
        self.revoke_invite(chat, link).await
    }

    async fn decide_join_request(
        &self,
        chat: &str,
        user: &str,
        approve: bool,
    ) -> Result<(), TelegramError> {
        self.join_request(chat, user, approve).await
    }

    async fn create_topic(&self, chat: &str, title: &str) -> Result<Topic, TelegramError> {
        self.new_topic(chat, title).await
    }

    async fn edit_topic(
        &self,
        chat: &str,
        topic: i32,
        changes: &TopicChanges,
    ) -> Result<Topic, TelegramError> {
        self.change_topic(chat, topic, changes).await
    }

    async fn delete_topic(&self, chat: &str, topic: i32) -> Result<(), TelegramError> {
        self.remove_topic(chat, topic).await
    }

    async fn get_participants(
        &self,
        chat: &str,
        filter: ParticipantFilter,
        query: Option<&str>,
        page: &PageRequest,
    ) -> Result<Participants, TelegramError> {
        self.participants(chat, filter, query, page).await
    }

    async fn list_invite_links(
        &self,
        chat: &str,
        revoked: bool,
        page: &PageRequest,
    ) -> Result<Page<InviteLink>, TelegramError> {
        self.invite_links(chat, revoked, page).await
    }

    async fn get_admin_log(
        &self,
        chat: &str,
        query: Option<&str>,
        page: &PageRequest,
    ) -> Result<Page<AdminLogEvent>, TelegramError> {
        self.admin_log(chat, query, page).await
    }
}
