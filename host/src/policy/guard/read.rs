//! Guarded reads beyond the basics (see [`crate::telegram::ReadExt`]): the
//! chat lists hide chats (and users, whose private chat is a chat) the
//! policy does not allow, and page sizes are clamped.
//! (Over 400 lines with its tests; the code is about 250.)

use super::{clamp, Guard, GuardError, MAX_HISTORY, MAX_IDS, MAX_SEARCH};
use crate::telegram::records::{
    ChatFilter, MessageContext, MessageFilter, Page, PageRequest, Topic, UnreadDigest,
    UnreadLimits, UserFull,
};
use crate::telegram::{Chat, ChatKind, Message, User};

/// Most items one page of contacts, blocked users, chats or topics returns.
pub const MAX_PAGE: u32 = 100;

/// Most messages on each side of a message's context.
pub const MAX_CONTEXT: u32 = 50;
/// Most chats in one unread digest.
pub const MAX_UNREAD_CHATS: u32 = 50;
/// Most unread messages per chat in one digest.
pub const MAX_UNREAD_PER_CHAT: u32 = 50;

/// A page request with its limit clamped to `max`.
fn clamped(page: &PageRequest, max: u32) -> PageRequest {
    PageRequest {
        cursor: page.cursor.clone(),
        limit: clamp(page.limit, max),
    }
}

/// The private chat with `u`, as the chat rules see it.
fn chat_of_user(u: &User) -> Chat {
    Chat::new(
        u.id,
        if u.is_bot {
            ChatKind::Bot
        } else {
            ChatKind::User
        },
        String::new(),
        u.username.clone(),
    )
}

impl Guard {
    /// Whether the policy lets plugins see the private chat with `u`.
    fn user_visible(&self, u: &User) -> bool {
        self.policy.chats.allows(&chat_of_user(u))
    }

    fn visible_users(&self, users: Vec<User>) -> Vec<User> {
        users.into_iter().filter(|u| self.user_visible(u)).collect()
    }

    /// A user's profile, if the policy allows their private chat.
    pub async fn get_user(&self, user: &str) -> Result<UserFull, GuardError> {
        self.allowed_chat(user).await?;
        Ok(self.backend.get_user(user).await?)
    }

    /// Groups and channels shared with `user` that the policy allows.
    pub async fn get_common_chats(
        &self,
        user: &str,
        page: &PageRequest,
    ) -> Result<Page<Chat>, GuardError> {
        self.allowed_chat(user).await?;
        let rules = self.policy.chats.clone();
        let visible = move |c: &Chat| rules.allows(c);
        Ok(self
            .backend
            .get_common_chats(user, &clamped(page, MAX_PAGE), &visible)
            .await?)
    }

    /// Contacts whose private chats the policy allows, paged.
    pub async fn list_contacts(&self, page: &PageRequest) -> Result<Page<User>, GuardError> {
        let mut p = self.backend.list_contacts(&clamped(page, MAX_PAGE)).await?;
        p.items = self.visible_users(p.items);
        Ok(p)
    }

    /// Contacts matching `query` whose private chats the policy allows.
    pub async fn search_contacts(&self, query: &str, limit: u32) -> Result<Vec<User>, GuardError> {
        // Ask for the most: hidden contacts must not eat into the limit.
        let found = self.backend.search_contacts(query, MAX_PAGE).await?;
        let mut users = self.visible_users(found);
        users.truncate(clamp(limit, MAX_PAGE) as usize);
        Ok(users)
    }

    /// Dialogs the policy allows, filtered and paged.
    pub async fn list_chats_page(
        &self,
        filter: &ChatFilter,
        page: &PageRequest,
    ) -> Result<Page<Chat>, GuardError> {
        let rules = self.policy.chats.clone();
        let visible = move |c: &Chat| rules.allows(c);
        Ok(self
            .backend
            .list_chats_page(filter, &clamped(page, MAX_PAGE), &visible)
            .await?)
    }

    /// Chats matching `query` that the policy allows: own dialogs first,
    /// then the directory.
    pub async fn search_chats(&self, query: &str, limit: u32) -> Result<Vec<Chat>, GuardError> {
        let rules = self.policy.chats.clone();
        let visible = move |c: &Chat| rules.allows(c);
        Ok(self
            .backend
            .search_chats(query, clamp(limit, MAX_PAGE), &visible)
            .await?)
    }

    /// A forum's topics, if the policy allows the forum.
    pub async fn list_topics(
        &self,
        chat: &str,
        query: Option<&str>,
        page: &PageRequest,
    ) -> Result<Page<Topic>, GuardError> {
        self.allowed_chat(chat).await?;
        Ok(self
            .backend
            .list_topics(chat, query, &clamped(page, MAX_PAGE))
            .await?)
    }

    /// A page of a chat's history under `filter`, if the policy allows the chat.
    pub async fn get_history_page(
        &self,
        chat: &str,
        filter: &MessageFilter,
        page: &PageRequest,
    ) -> Result<Page<Message>, GuardError> {
        self.allowed_chat(chat).await?;
        Ok(self
            .backend
            .get_history_page(chat, filter, &clamped(page, MAX_HISTORY))
            .await?)
    }

    /// Messages by link (at most [`MAX_IDS`]); every linked chat must be allowed.
    pub async fn get_messages_by_link(&self, links: &[String]) -> Result<Vec<Message>, GuardError> {
        if links.len() > MAX_IDS {
            return Err(GuardError::InvalidArgs(format!(
                "at most {MAX_IDS} message links per call, got {}",
                links.len()
            )));
        }
        for l in links {
            self.allowed_chat(l).await?;
        }
        Ok(self.backend.get_messages_by_link(links).await?)
    }

    /// Messages around one message (at most [`MAX_CONTEXT`] each side).
    pub async fn get_message_context(
        &self,
        chat: &str,
        id: i32,
        before: u32,
        after: u32,
    ) -> Result<MessageContext, GuardError> {
        self.allowed_chat(chat).await?;
        Ok(self
            .backend
            .get_message_context(chat, id, before.min(MAX_CONTEXT), after.min(MAX_CONTEXT))
            .await?)
    }

    /// The replies under a message, if the policy allows the chat.
    pub async fn get_replies(
        &self,
        chat: &str,
        id: i32,
        page: &PageRequest,
    ) -> Result<Page<Message>, GuardError> {
        self.allowed_chat(chat).await?;
        Ok(self
            .backend
            .get_replies(chat, id, &clamped(page, MAX_HISTORY))
            .await?)
    }

    /// A chat's pinned messages, if the policy allows the chat.
    pub async fn get_pinned_messages(
        &self,
        chat: &str,
        page: &PageRequest,
    ) -> Result<Page<Message>, GuardError> {
        self.allowed_chat(chat).await?;
        Ok(self
            .backend
            .get_pinned_messages(chat, &clamped(page, MAX_HISTORY))
            .await?)
    }

    /// The unread digest over allowed chats; named chats must be allowed.
    pub async fn get_unread(
        &self,
        chats: &[String],
        limits: &UnreadLimits,
    ) -> Result<UnreadDigest, GuardError> {
        for c in chats.iter().take(MAX_UNREAD_CHATS as usize) {
            self.allowed_chat(c).await?;
        }
        let limits = UnreadLimits {
            max_chats: clamp(limits.max_chats, MAX_UNREAD_CHATS),
            per_chat: clamp(limits.per_chat, MAX_UNREAD_PER_CHAT),
            max_messages: clamp(limits.max_messages, MAX_HISTORY),
        };
        let rules = self.policy.chats.clone();
        let visible = move |c: &Chat| rules.allows(c);
        Ok(self.backend.get_unread(chats, &limits, &visible).await?)
    }

    /// Messages matching `query` and `filter`, in one allowed chat or in
    /// every chat the policy allows.
    pub async fn search_messages_page(
        &self,
        query: &str,
        chat: Option<&str>,
        filter: &MessageFilter,
        page: &PageRequest,
    ) -> Result<Page<Message>, GuardError> {
        if let Some(c) = chat {
            self.allowed_chat(c).await?;
        }
        let mut p = self
            .backend
            .search_messages_page(query, chat, filter, &clamped(page, MAX_SEARCH))
            .await?;
        p.items = self.visible_messages(p.items).await;
        Ok(p)
    }

    /// Blocked users whose private chats the policy allows, paged.
    pub async fn list_blocked(&self, page: &PageRequest) -> Result<Page<User>, GuardError> {
        let mut p = self.backend.list_blocked(&clamped(page, MAX_PAGE)).await?;
        p.items = self.visible_users(p.items);
        Ok(p)
    }
}

#[cfg(test)]
mod tests {
    use super::super::Caller;
    use super::*;
    use crate::policy::Policy;
    use crate::telegram::grammers;
    use std::path::Path;
    use std::sync::Arc;
    use std::time::Duration;

    /// A guard over the demo account (the local MTProto server) under `toml`.
    async fn guard(toml: &str) -> Guard {
        let policy = Policy::from_toml(toml, Path::new("policy.toml")).unwrap();
        let backend = grammers::demo(Duration::from_secs(5)).await.unwrap();
        let caller = Caller {
            plugin: "messages".into(),
            tool: "read".into(),
            client: "test".into(),
        };
        Guard::new(backend, Arc::new(policy), caller)
    }

    #[tokio::test]
    async fn users_and_contacts_outside_the_allowlist_are_hidden() {
        let g = guard("[chats]\nallow = [\"me\", \"@bob_demo\"]").await;
        assert!(matches!(
            g.get_user("@alice_demo").await,
            Err(GuardError::Hidden(..))
        ));
        assert_eq!(
            g.get_user("@bob_demo").await.unwrap().user.first_name,
            "Bob"
        );
        let contacts = g.list_contacts(&PageRequest::first(50)).await.unwrap();
        let names: Vec<&str> = contacts
            .items
            .iter()
            .map(|u| u.first_name.as_str())
            .collect();
        assert_eq!(names, ["Bob"]);
        assert!(g.search_contacts("alice", 10).await.unwrap().is_empty());
        assert!(g
            .list_blocked(&PageRequest::first(10))
            .await
            .unwrap()
            .items
            .is_empty());
        assert!(matches!(
            g.get_common_chats("@alice_demo", &PageRequest::first(10))
                .await,
            Err(GuardError::Hidden(..))
        ));
    }

    #[tokio::test]
    async fn chat_pages_searches_and_topics_follow_the_chat_lists() {
        let g = guard("[chats]\ndeny = [\"@rust_study_demo\", \"@tgmcp_community_demo\"]").await;
        let mut seen = Vec::new();
        let mut page = PageRequest::first(2);
        loop {
            let p = g
                .list_chats_page(&ChatFilter::default(), &page)
                .await
                .unwrap();
            assert!(p.items.len() <= 2);
            seen.extend(p.items.into_iter().map(|c| c.title));
            match p.next_cursor {
                Some(c) => page.cursor = Some(c),
                None => break,
            }
        }
        assert_eq!(seen.len(), 6, "{seen:?}");
        assert!(!seen
            .iter()
            .any(|t| t == "Rust Study Group" || t == "tgmcp Community"));
        let rust = g.search_chats("rust", 10).await.unwrap();
        assert!(
            !rust.iter().any(|c| c.title == "Rust Study Group"),
            "{rust:?}"
        );
        assert_eq!(g.search_chats("hikers", 10).await.unwrap().len(), 1);
        assert!(matches!(
            g.list_topics("@tgmcp_community_demo", None, &PageRequest::first(5))
                .await,
            Err(GuardError::Hidden(..))
        ));
    }

    #[tokio::test]
    async fn message_reads_refuse_hidden_chats_and_clamp() {
        let g = guard("[chats]\nallow = [\"me\", \"@alice_demo\"]").await;
        let page = PageRequest::first(5);
        let none = MessageFilter::default();
        let hidden = |r: Result<_, GuardError>| matches!(r, Err(GuardError::Hidden(..)));
        assert!(hidden(
            g.get_history_page("@bob_demo", &none, &page)
                .await
                .map(|_| ())
        ));
        assert!(hidden(
            g.get_replies("@rust_study_demo", 2, &page)
                .await
                .map(|_| ())
        ));
        assert!(hidden(
            g.get_pinned_messages("@tgmcp_news", &page)
                .await
                .map(|_| ())
        ));
        assert!(hidden(
            g.get_message_context("@bob_demo", 1, 1, 1)
                .await
                .map(|_| ())
        ));
        let links = vec!["https://t.me/tgmcp_news/1".to_string()];
        assert!(hidden(g.get_messages_by_link(&links).await.map(|_| ())));
        let named = vec!["@bob_demo".to_string()];
        assert!(hidden(
            g.get_unread(&named, &UnreadLimits::default())
                .await
                .map(|_| ())
        ));
        // Every chat with unread messages except Alice's is hidden.
        let digest = g.get_unread(&[], &UnreadLimits::default()).await.unwrap();
        let titles: Vec<&str> = digest.chats.iter().map(|c| c.chat.title.as_str()).collect();
        assert_eq!(titles, ["Alice Smith"]);
        let found = g
            .search_messages_page("the", None, &none, &PageRequest::first(100))
            .await
            .unwrap();
        let (alice, me) = (200_000_001, 100_000_001);
        assert!(!found.items.is_empty());
        assert!(found
            .items
            .iter()
            .all(|m| m.chat_id == alice || m.chat_id == me));
        let big = g
            .get_history_page("@alice_demo", &none, &PageRequest::first(100_000))
            .await
            .unwrap();
        assert!(big.items.len() <= MAX_HISTORY as usize);
        let ctx = g
            .get_message_context("@alice_demo", 5, 1_000, 1_000)
            .await
            .unwrap();
        assert!(ctx.before.len() <= MAX_CONTEXT as usize);
    }

    #[tokio::test]
    async fn common_chats_hide_denied_chats() {
        let g = guard("[chats]\ndeny = [\"@rust_study_demo\"]").await;
        let p = g
            .get_common_chats("@alice_demo", &PageRequest::first(10_000))
            .await
            .unwrap();
        assert!(!p.items.is_empty());
        assert!(p
            .items
            .iter()
            .all(|c| c.username.as_deref() != Some("rust_study_demo")));
    }
}
