//! Stories: reading them (the account's contacts' and its own views) and
//! posting, deleting and reacting. Implemented by the grammers backend
//! (`grammers/stories.rs`); guarded in `policy/guard/stories.rs`.

use async_trait::async_trait;
use serde::Serialize;

use super::media::Upload;
use super::records::MediaInfo;
use super::TelegramError;

/// A story of a user or channel.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Story {
    pub id: i32,
    /// Bot-API id of whose story it is.
    pub peer_id: i64,
    pub peer_name: String,
    /// Unix seconds.
    pub date: i64,
    pub expire_date: i64,
    pub caption: String,
    pub media: Option<MediaInfo>,
    pub mine: bool,
    pub pinned: bool,
    pub views: Option<u32>,
    pub my_reaction: Option<String>,
}

/// One viewer of a story.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoryViewer {
    pub user_id: i64,
    pub name: String,
    /// Unix seconds.
    pub date: i64,
    pub reaction: Option<String>,
}

/// The views of one of the account's stories.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct StoryViews {
    pub views: u32,
    pub reactions: u32,
    pub forwards: u32,
    pub viewers: Vec<StoryViewer>,
}

/// Who may see a posted story.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StoryPrivacy {
    Everyone,
    Contacts,
    CloseFriends,
}

/// Most story ids one delete takes.
pub const MAX_STORY_IDS: usize = 100;

/// Stories.
#[async_trait]
pub trait StoriesExt: Send + Sync {
    /// Active stories of `chat`, or of every chat with stories when `None`.
    async fn list_stories(
        &self,
        chat: Option<&str>,
        limit: u32,
    ) -> Result<Vec<Story>, TelegramError>;

    /// Who viewed the account's story `id`.
    async fn story_views(&self, id: i32, limit: u32) -> Result<StoryViews, TelegramError>;

    /// Posts a story (photo or mp4) on the account's profile.
    async fn post_story(
        &self,
        file: &Upload,
        caption: &str,
        privacy: StoryPrivacy,
        pinned: bool,
    ) -> Result<Story, TelegramError>;

    /// Deletes the account's stories; the ids deleted.
    async fn delete_stories(&self, ids: &[i32]) -> Result<Vec<i32>, TelegramError>;

    /// Reacts to story `id` of `chat` (empty `emoji`: removes the reaction).
    async fn react_to_story(&self, chat: &str, id: i32, emoji: &str) -> Result<(), TelegramError>;
}
