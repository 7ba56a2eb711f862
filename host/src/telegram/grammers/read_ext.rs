//! [`ReadExt`] on grammers: each operation lives with its area
//! (`people.rs`, …); this file only wires the trait.

use async_trait::async_trait;

use super::GrammersBackend;
use crate::telegram::read_ext::ChatVisible;
use crate::telegram::records::{
    ChatFilter, MessageContext, MessageFilter, Page, PageRequest, Topic, UnreadDigest,
    UnreadLimits, UserFull,
};
use crate::telegram::{Chat, Message, ReadExt, TelegramError, User};

#[async_trait]
impl ReadExt for GrammersBackend {
    async fn get_user(&self, user: &str) -> Result<UserFull, TelegramError> {
        self.user_full(user).await
    }

    async fn get_common_chats(
        &self,
        user: &str,
        page: &PageRequest,
        visible: &ChatVisible,
    ) -> Result<Page<Chat>, TelegramError> {
        self.common_chats(user, page, visible).await
    }

    async fn list_contacts(&self, page: &PageRequest) -> Result<Page<User>, TelegramError> {
        GrammersBackend::list_contacts(self, page).await
    }

    async fn search_contacts(&self, query: &str, limit: u32) -> Result<Vec<User>, TelegramError> {
        GrammersBackend::search_contacts(self, query, limit).await
    }

    async fn list_blocked(&self, page: &PageRequest) -> Result<Page<User>, TelegramError> {
        GrammersBackend::list_blocked(self, page).await
    }

    async fn list_chats_page(
        &self,
        filter: &ChatFilter,
        page: &PageRequest,
        visible: &ChatVisible,
    ) -> Result<Page<Chat>, TelegramError> {
        self.chats_page(filter, page, visible).await
    }

    async fn search_chats(
        &self,
        query: &str,
        limit: u32,
        visible: &ChatVisible,
    ) -> Result<Vec<Chat>, TelegramError> {
        self.find_chats(query, limit, visible).await
    }

    async fn list_topics(
        &self,
        chat: &str,
        query: Option<&str>,
        page: &PageRequest,
    ) -> Result<Page<Topic>, TelegramError> {
        self.topics(chat, query, page).await
    }

    async fn get_history_page(
        &self,
        chat: &str,
        filter: &MessageFilter,
        page: &PageRequest,
    ) -> Result<Page<Message>, TelegramError> {
        self.history_page(chat, filter, page).await
    }

    async fn get_messages_by_link(&self, links: &[String]) -> Result<Vec<Message>, TelegramError> {
        self.messages_by_link(links).await
    }

    async fn get_message_context(
        &self,
        chat: &str,
        id: i32,
        before: u32,
        after: u32,
    ) -> Result<MessageContext, TelegramError> {
        self.context(chat, id, before, after).await
    }

    async fn get_replies(
        &self,
        chat: &str,
        id: i32,
        page: &PageRequest,
    ) -> Result<Page<Message>, TelegramError> {
        self.replies(chat, id, page).await
    }

    async fn get_pinned_messages(
        &self,
        chat: &str,
        page: &PageRequest,
    ) -> Result<Page<Message>, TelegramError> {
        self.pinned(chat, page).await
    }

    async fn get_unread(
        &self,
        chats: &[String],
        limits: &UnreadLimits,
        visible: &ChatVisible,
    ) -> Result<UnreadDigest, TelegramError> {
        self.unread(chats, limits, visible).await
    }

    async fn search_messages_page(
        &self,
        query: &str,
        chat: Option<&str>,
        filter: &MessageFilter,
        page: &PageRequest,
    ) -> Result<Page<Message>, TelegramError> {
        self.search_page(query, chat, filter, page).await
    }
}
