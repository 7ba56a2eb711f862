//! Guarded stories and inline bots (see [`crate::telegram::StoriesExt`] and
//! [`crate::telegram::BotsExt`]): reading stories passes the chat lists;
//! posting a story is a post to the account's own profile ("me": read-only
//! mode, chat lists, quota); deleting one and reacting are changes; an
//! inline query is a change too (the bot sees it and the chat's kind), and
//! sending its result is a post.

use super::chat_features::too_big;
use super::write::{Audited, Kind, Op};
use super::{clamp, Guard, GuardError};
use crate::telegram::bots_ext::InlineResults;
use crate::telegram::media::MediaSource;
use crate::telegram::stories_ext::{Story, StoryPrivacy, StoryViews, MAX_STORY_IDS};
use crate::telegram::{Message, SendOptions, TelegramError};

/// Most stories or viewers one call lists.
pub const MAX_STORIES: u32 = 100;

impl Audited for Story {
    fn chat_id(&self) -> Option<i64> {
        Some(self.peer_id)
    }
}
impl Audited for Vec<i32> {}
impl Audited for InlineResults {}

impl Guard {
    /// Stories of an allowed chat, or of every chat the chat lists let through.
    pub async fn list_stories(
        &self,
        chat: Option<&str>,
        limit: u32,
    ) -> Result<Vec<Story>, GuardError> {
        let limit = clamp(limit, MAX_STORIES);
        if let Some(p) = chat {
            self.allowed_chat(p).await?;
            return Ok(self.backend.list_stories(Some(p), limit).await?);
        }
        let all = self.backend.list_stories(None, limit).await?;
        let rules = &self.policy.chats;
        if !rules.is_restricted() {
            return Ok(all);
        }
        let mut out = Vec::new();
        for s in all {
            let shown = self
                .backend
                .get_chat(&s.peer_id.to_string())
                .await
                .is_ok_and(|c| rules.allows(&c));
            if shown {
                out.push(s);
            }
        }
        Ok(out)
    }

    /// Who viewed one of the account's stories; viewers from chats the
    /// policy hides are left out (the counts stay Telegram's).
    pub async fn story_views(&self, id: i32, limit: u32) -> Result<StoryViews, GuardError> {
        let limit = clamp(limit, MAX_STORIES);
        let mut v = self.backend.story_views(id, limit).await?;
        let rules = &self.policy.chats;
        if rules.is_restricted() {
            let mut kept = Vec::new();
            for viewer in v.viewers {
                let shown = self
                    .backend
                    .get_chat(&viewer.user_id.to_string())
                    .await
                    .is_ok_and(|c| rules.allows(&c));
                if shown {
                    kept.push(viewer);
                }
            }
            v.viewers = kept;
        }
        Ok(v)
    }

    /// Posts a story on the account's profile: a post to "me".
    pub async fn post_story(
        &self,
        source: &MediaSource,
        caption: &str,
        privacy: StoryPrivacy,
        pinned: bool,
    ) -> Result<Story, GuardError> {
        let mut op = Op::new("post-story", "me", Kind::Post);
        op.text = Some(caption);
        if let MediaSource::Bytes(u) = source {
            op.invalid = too_big(u);
        }
        self.guarded(op, || async {
            let file = self.bytes_of(source).await?;
            self.backend
                .post_story(&file, caption, privacy, pinned)
                .await
        })
        .await
    }

    /// Deletes the account's stories (a change of "me").
    pub async fn delete_stories(&self, ids: &[i32]) -> Result<Vec<i32>, GuardError> {
        let mut op = Op::new("delete-stories", "me", Kind::Change);
        op.ids = ids;
        if ids.is_empty() || ids.len() > MAX_STORY_IDS {
            op.invalid = Some(format!("give 1 to {MAX_STORY_IDS} story ids"));
        }
        self.guarded(op, || self.backend.delete_stories(ids)).await
    }

    /// Reacts to a story in an allowed chat.
    pub async fn react_to_story(&self, chat: &str, id: i32, emoji: &str) -> Result<(), GuardError> {
        let mut op = Op::new("react-to-story", chat, Kind::Change);
        op.ids = std::slice::from_ref(&id);
        op.text = Some(emoji);
        self.guarded(op, || self.backend.react_to_story(chat, id, emoji))
            .await
    }

    /// Asks an inline bot: a change (the bot sees the query); `chat` must be allowed too.
    pub async fn inline_query(
        &self,
        bot: &str,
        query: &str,
        chat: &str,
        offset: Option<&str>,
    ) -> Result<InlineResults, GuardError> {
        let mut op = Op::new("inline-query", bot, Kind::Change);
        op.text = Some(query);
        self.guarded(op, || async {
            match self.allowed_chat(chat).await {
                Err(GuardError::Hidden(p, s)) => return Err(TelegramError::ChatNotFound(p, s)),
                Err(GuardError::Telegram(e)) => return Err(e),
                Err(e) => return Err(TelegramError::Other(e.to_string())),
                Ok(_) => {}
            }
            self.backend.inline_query(bot, query, chat, offset).await
        })
        .await
    }

    /// Sends an inline bot's result: a post.
    pub async fn send_inline_result(
        &self,
        chat: &str,
        query_id: i64,
        result_id: &str,
        opts: &SendOptions,
    ) -> Result<Message, GuardError> {
        let mut op = Op::new("send-inline-result", chat, Kind::Post);
        if result_id.trim().is_empty() {
            op.invalid = Some("result_id is empty: take one from inline_query".into());
        }
        self.guarded(op, || {
            self.backend
                .send_inline_result(chat, query_id, result_id, opts)
        })
        .await
    }
}
