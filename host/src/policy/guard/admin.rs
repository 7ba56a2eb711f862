//! Guarded administration (see [`crate::telegram::AdminExt`]): every change
//! passes read-only mode and the chat lists and is audited, refused or not;
//! the admin reads (members, invite links, the admin log) pass the chat lists.
//! Users named in a call (members to invite, kick or promote) are people,
//! not chats the lists are about: only the group or channel is checked.

use super::write::{Audited, Kind, Op};
use super::{clamp, Guard, GuardError};
use crate::telegram::admin_ext::{
    AdminLogEvent, AdminRights, ChatPermissions, InviteLink, InviteSpec, Invited,
    ParticipantFilter, Participants, TopicChanges,
};
use crate::telegram::records::{Page, PageRequest, Topic};
use crate::telegram::Chat;

/// Most members, links or log entries one page returns.
pub const MAX_ADMIN_PAGE: u32 = 100;

impl Audited for Invited {}
impl Audited for InviteLink {}
impl Audited for Topic {}

impl Guard {
    /// Creating a chat: nothing to check against the lists before it
    /// exists, so with lists set it is refused (like joining by invite).
    async fn create(
        &self,
        action: &str,
        title: &str,
        call: impl std::future::Future<Output = Result<Chat, crate::telegram::TelegramError>>,
    ) -> Result<Chat, GuardError> {
        let checked = match self.refuse_read_only() {
            Ok(()) if self.policy.chats.is_restricted() => Err(GuardError::Denied(
                "chat lists are set: creating a group or channel is refused, since the new chat cannot be checked against them".into(),
            )),
            other => other,
        };
        let r = match checked {
            Ok(()) => call.await.map_err(GuardError::from),
            Err(e) => Err(e),
        };
        let chat_id = r.as_ref().ok().map(|c| c.id);
        self.audit(
            action,
            title,
            chat_id,
            Vec::new(),
            r.as_ref().map(drop),
            None,
        );
        r
    }

    /// Creates a basic group with `users`.
    pub async fn create_group(&self, title: &str, users: &[String]) -> Result<Chat, GuardError> {
        self.create(
            "create-group",
            title,
            self.backend.create_group(title, users),
        )
        .await
    }

    /// Creates a channel or supergroup.
    pub async fn create_channel(
        &self,
        title: &str,
        about: &str,
        megagroup: bool,
        forum: bool,
    ) -> Result<Chat, GuardError> {
        let call = self.backend.create_channel(title, about, megagroup, forum);
        self.create("create-channel", title, call).await
    }

    /// Adds users to a group or channel.
    pub async fn invite_users(&self, chat: &str, users: &[String]) -> Result<Invited, GuardError> {
        let op = Op::new("invite-users", chat, Kind::Change);
        self.guarded(op, || self.backend.invite_users(chat, users))
            .await
    }

    /// Removes a member.
    pub async fn kick_user(&self, chat: &str, user: &str) -> Result<(), GuardError> {
        let op = Op::new("kick-user", chat, Kind::Change);
        self.guarded(op, || self.backend.kick_user(chat, user))
            .await
    }

    /// Bans a member until `until` (or forever).
    pub async fn ban_user(
        &self,
        chat: &str,
        user: &str,
        until: Option<i64>,
    ) -> Result<(), GuardError> {
        let op = Op::new("ban-user", chat, Kind::Change);
        self.guarded(op, || self.backend.ban_user(chat, user, until))
            .await
    }

    /// Lifts a ban or restriction.
    pub async fn unban_user(&self, chat: &str, user: &str) -> Result<(), GuardError> {
        let op = Op::new("unban-user", chat, Kind::Change);
        self.guarded(op, || self.backend.unban_user(chat, user))
            .await
    }

    /// Promotes or demotes.
    pub async fn set_admin_rights(
        &self,
        chat: &str,
        user: &str,
        rights: Option<AdminRights>,
        rank: Option<&str>,
    ) -> Result<(), GuardError> {
        let mut op = Op::new("set-admin-rights", chat, Kind::Change);
        if rank.is_some_and(|r| r.chars().count() > 16) {
            op.invalid = Some("an admin's rank is at most 16 characters".into());
        }
        self.guarded(op, || {
            self.backend.set_admin_rights(chat, user, rights, rank)
        })
        .await
    }

    /// Sets what every member may do.
    pub async fn set_default_permissions(
        &self,
        chat: &str,
        perms: &ChatPermissions,
    ) -> Result<(), GuardError> {
        let op = Op::new("set-default-permissions", chat, Kind::Change);
        self.guarded(op, || self.backend.set_default_permissions(chat, perms))
            .await
    }

    /// Restricts one member.
    pub async fn restrict_user(
        &self,
        chat: &str,
        user: &str,
        perms: &ChatPermissions,
        until: Option<i64>,
    ) -> Result<(), GuardError> {
        let op = Op::new("restrict-user", chat, Kind::Change);
        self.guarded(op, || self.backend.restrict_user(chat, user, perms, until))
            .await
    }

    /// Sets slow mode.
    pub async fn set_slow_mode(&self, chat: &str, seconds: u32) -> Result<(), GuardError> {
        let op = Op::new("set-slow-mode", chat, Kind::Change);
        self.guarded(op, || self.backend.set_slow_mode(chat, seconds))
            .await
    }

    /// Changes the title and/or description.
    pub async fn edit_chat(
        &self,
        chat: &str,
        title: Option<&str>,
        about: Option<&str>,
    ) -> Result<Chat, GuardError> {
        let mut op = Op::new("edit-chat", chat, Kind::Change);
        op.text = title.or(about);
        self.guarded(op, || self.backend.edit_chat(chat, title, about))
            .await
    }

    /// Makes an invite link.
    pub async fn create_invite_link(
        &self,
        chat: &str,
        spec: &InviteSpec,
    ) -> Result<InviteLink, GuardError> {
        let op = Op::new("create-invite-link", chat, Kind::Change);
        self.guarded(op, || self.backend.create_invite_link(chat, spec))
            .await
    }

    /// Revokes an invite link.
    pub async fn revoke_invite_link(
        &self,
        chat: &str,
        link: &str,
    ) -> Result<InviteLink, GuardError> {
        let op = Op::new("revoke-invite-link", chat, Kind::Change);
        self.guarded(op, || self.backend.revoke_invite_link(chat, link))
            .await
    }

    /// Approves or declines a join request.
    pub async fn decide_join_request(
        &self,
        chat: &str,
        user: &str,
        approve: bool,
    ) -> Result<(), GuardError> {
        let op = Op::new("decide-join-request", chat, Kind::Change);
        self.guarded(op, || self.backend.decide_join_request(chat, user, approve))
            .await
    }

    /// Opens a forum topic.
    pub async fn create_topic(&self, chat: &str, title: &str) -> Result<Topic, GuardError> {
        let mut op = Op::new("create-topic", chat, Kind::Change);
        op.text = Some(title);
        self.guarded(op, || self.backend.create_topic(chat, title))
            .await
    }

    /// Renames, closes, reopens, pins or hides a topic.
    pub async fn edit_topic(
        &self,
        chat: &str,
        topic: i32,
        changes: &TopicChanges,
    ) -> Result<Topic, GuardError> {
        let mut op = Op::new("edit-topic", chat, Kind::Change);
        op.ids = std::slice::from_ref(&topic);
        self.guarded(op, || self.backend.edit_topic(chat, topic, changes))
            .await
    }

    /// Deletes a topic with its messages.
    pub async fn delete_topic(&self, chat: &str, topic: i32) -> Result<(), GuardError> {
        let mut op = Op::new("delete-topic", chat, Kind::Change);
        op.ids = std::slice::from_ref(&topic);
        self.guarded(op, || self.backend.delete_topic(chat, topic))
            .await
    }

    /// Members of a chat the policy lets the plugin see.
    pub async fn get_participants(
        &self,
        chat: &str,
        filter: ParticipantFilter,
        query: Option<&str>,
        page: &PageRequest,
    ) -> Result<Participants, GuardError> {
        self.allowed_chat(chat).await?;
        let page = clamped(page);
        Ok(self
            .backend
            .get_participants(chat, filter, query, &page)
            .await?)
    }

    /// The account's invite links of a visible chat.
    pub async fn list_invite_links(
        &self,
        chat: &str,
        revoked: bool,
        page: &PageRequest,
    ) -> Result<Page<InviteLink>, GuardError> {
        self.allowed_chat(chat).await?;
        let page = clamped(page);
        Ok(self.backend.list_invite_links(chat, revoked, &page).await?)
    }

    /// The admin log of a visible chat.
    pub async fn get_admin_log(
        &self,
        chat: &str,
        query: Option<&str>,
        page: &PageRequest,
    ) -> Result<Page<AdminLogEvent>, GuardError> {
        self.allowed_chat(chat).await?;
        let page = clamped(page);
        Ok(self.backend.get_admin_log(chat, query, &page).await?)
    }
}

fn clamped(page: &PageRequest) -> PageRequest {
    PageRequest {
        cursor: page.cursor.clone(),
        limit: clamp(page.limit, MAX_ADMIN_PAGE),
    }
}
