//! Administering groups and channels: creating them, members, rights,
//! default permissions, slow mode, titles, invite links, join requests and
//! forum topics, plus the admin-side reads (members, invite links, the admin
//! log). Implemented by the grammers backend (`grammers/admin*.rs`); the
//! policy applies through `policy::Guard` (`policy/guard/admin.rs`).
//!
//! Chats and users are strings as users write them (see [`super::Backend`]).

use async_trait::async_trait;
use serde::Serialize;

use super::records::{Page, PageRequest, Topic};
use super::{Chat, TelegramError, User};

/// Most users one invite or group creation takes (Telegram's own limit).
pub const MAX_INVITEES: usize = 200;

/// Slow-mode intervals Telegram accepts, in seconds (0 is off).
pub const SLOW_MODE_STEPS: &[u32] = &[0, 10, 30, 60, 300, 900, 3600];

/// What an admin may do. All false demotes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct AdminRights {
    pub change_info: bool,
    pub post_messages: bool,
    pub edit_messages: bool,
    pub delete_messages: bool,
    pub ban_users: bool,
    pub invite_users: bool,
    pub pin_messages: bool,
    pub manage_topics: bool,
    pub add_admins: bool,
    pub manage_call: bool,
    pub anonymous: bool,
}

/// What members may do: the chat's defaults or one member's restrictions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ChatPermissions {
    pub send_messages: bool,
    /// Photos, videos, files, voice, stickers and GIFs.
    pub send_media: bool,
    pub send_polls: bool,
    pub embed_links: bool,
    pub invite_users: bool,
    pub pin_messages: bool,
    pub change_info: bool,
    pub manage_topics: bool,
}

impl Default for ChatPermissions {
    /// Everything allowed.
    fn default() -> Self {
        ChatPermissions {
            send_messages: true,
            send_media: true,
            send_polls: true,
            embed_links: true,
            invite_users: true,
            pin_messages: true,
            change_info: true,
            manage_topics: true,
        }
    }
}

/// A member's standing in a group or channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MemberRole {
    Creator,
    Admin,
    Member,
    Restricted,
    Banned,
    Left,
    /// Asked to join; not a member yet.
    Requested,
}

/// A member of a group or channel.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Participant {
    pub user: User,
    pub role: MemberRole,
    /// An admin's title.
    pub rank: Option<String>,
    /// Unix seconds of joining (or of the ban).
    pub date: Option<i64>,
    pub admin_rights: Option<AdminRights>,
    /// What a restricted member may still do.
    pub permissions: Option<ChatPermissions>,
    /// Unix seconds a ban or restriction ends; `None` is forever.
    pub until: Option<i64>,
}

/// Which members a participant list returns.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ParticipantFilter {
    #[default]
    All,
    Admins,
    /// Removed and kept out.
    Banned,
    /// Members with some rights taken away.
    Restricted,
    Bots,
    /// Pending requests to join.
    Requests,
}

/// A page of members, with Telegram's count for the filter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Participants {
    pub page: Page<Participant>,
    pub total: u32,
}

/// An invite link of a group or channel.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InviteLink {
    pub link: String,
    pub title: Option<String>,
    /// Bot-API id of the admin who made it.
    pub creator_id: i64,
    pub date: i64,
    pub expires: Option<i64>,
    pub usage_limit: Option<u32>,
    pub usage: u32,
    pub request_needed: bool,
    pub pending_requests: u32,
    pub revoked: bool,
    pub permanent: bool,
}

/// An invite link to make.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InviteSpec {
    pub title: Option<String>,
    /// Unix seconds after which the link stops working.
    pub expires: Option<i64>,
    pub usage_limit: Option<u32>,
    /// Joins wait for an admin's approval.
    pub request_needed: bool,
}

/// Who an invite reached (Bot-API ids).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Invited {
    pub added: Vec<i64>,
    /// Users whose privacy settings refuse invitations.
    pub refused: Vec<i64>,
}

/// Changes to a forum topic; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TopicChanges {
    pub title: Option<String>,
    pub closed: Option<bool>,
    pub pinned: Option<bool>,
    pub hidden: Option<bool>,
}

/// One entry of a chat's admin log.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AdminLogEvent {
    pub id: i64,
    pub date: i64,
    pub user_id: i64,
    pub user_name: Option<String>,
    /// What happened, in words.
    pub action: String,
}

/// Group and channel administration.
#[async_trait]
pub trait AdminExt: Send + Sync {
    /// Creates a basic group with `users`; returns it.
    async fn create_group(&self, title: &str, users: &[String]) -> Result<Chat, TelegramError>;

    /// Creates a broadcast channel, or a supergroup (optionally a forum).
    async fn create_channel(
        &self,
        title: &str,
        about: &str,
        megagroup: bool,
        forum: bool,
    ) -> Result<Chat, TelegramError>;

    /// Adds users to a group or channel.
    async fn invite_users(&self, chat: &str, users: &[String]) -> Result<Invited, TelegramError>;

    /// Removes a member (they may rejoin).
    async fn kick_user(&self, chat: &str, user: &str) -> Result<(), TelegramError>;

    /// Removes a member and keeps them out until `until` (`None`: forever).
    async fn ban_user(
        &self,
        chat: &str,
        user: &str,
        until: Option<i64>,
    ) -> Result<(), TelegramError>;

    /// Lifts a ban or restriction.
    async fn unban_user(&self, chat: &str, user: &str) -> Result<(), TelegramError>;

    /// Promotes with `rights`, or demotes with `None`.
    async fn set_admin_rights(
        &self,
        chat: &str,
        user: &str,
        rights: Option<AdminRights>,
        rank: Option<&str>,
    ) -> Result<(), TelegramError>;

    /// What every member may do.
    async fn set_default_permissions(
        &self,
        chat: &str,
        perms: &ChatPermissions,
    ) -> Result<(), TelegramError>;

    /// What one member may do, until `until` (`None`: forever).
    async fn restrict_user(
        &self,
        chat: &str,
        user: &str,
        perms: &ChatPermissions,
        until: Option<i64>,
    ) -> Result<(), TelegramError>;

    /// Slow mode: seconds between a member's messages (one of [`SLOW_MODE_STEPS`]).
    async fn set_slow_mode(&self, chat: &str, seconds: u32) -> Result<(), TelegramError>;

    /// New title and/or description; returns the chat as it is now.
    async fn edit_chat(
        &self,
        chat: &str,
        title: Option<&str>,
        about: Option<&str>,
    ) -> Result<Chat, TelegramError>;

    async fn create_invite_link(
        &self,
        chat: &str,
        spec: &InviteSpec,
    ) -> Result<InviteLink, TelegramError>;

    /// Revokes an invite link; returns it as revoked.
    async fn revoke_invite_link(&self, chat: &str, link: &str)
        -> Result<InviteLink, TelegramError>;

    /// Approves or declines a request to join.
    async fn decide_join_request(
        &self,
        chat: &str,
        user: &str,
        approve: bool,
    ) -> Result<(), TelegramError>;

    async fn create_topic(&self, chat: &str, title: &str) -> Result<Topic, TelegramError>;

    async fn edit_topic(
        &self,
        chat: &str,
        topic: i32,
        changes: &TopicChanges,
    ) -> Result<Topic, TelegramError>;

    /// Deletes a topic with its messages.
    async fn delete_topic(&self, chat: &str, topic: i32) -> Result<(), TelegramError>;

    /// Members of a group or channel, filtered, paged.
    async fn get_participants(
        &self,
        chat: &str,
        filter: ParticipantFilter,
        query: Option<&str>,
        page: &PageRequest,
    ) -> Result<Participants, TelegramError>;

    /// The account's invite links of a chat (`revoked`: the revoked ones).
    async fn list_invite_links(
        &self,
        chat: &str,
        revoked: bool,
        page: &PageRequest,
    ) -> Result<Page<InviteLink>, TelegramError>;

    /// Recent admin actions, newest first.
    async fn get_admin_log(
        &self,
        chat: &str,
        query: Option<&str>,
        page: &PageRequest,
    ) -> Result<Page<AdminLogEvent>, TelegramError>;
}
