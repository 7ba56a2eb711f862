//! `tgmcp:plugin/telegram-read`: reading the account, through the guard.

use super::super::bindings::tgmcp::plugin::telegram_read;
use super::super::bindings::{ToolError, WitChat, WitMessage, WitUser};
use super::convert::all;
use super::CallState;

impl telegram_read::Host for CallState {
    async fn get_me(&mut self) -> Result<WitUser, ToolError> {
        Ok(self.guard.get_me().await?.into())
    }

    async fn list_chats(&mut self, limit: u32) -> Result<Vec<WitChat>, ToolError> {
        Ok(all(self.guard.list_chats(limit).await?))
    }

    async fn get_chat(&mut self, peer: String) -> Result<WitChat, ToolError> {
        Ok(self.guard.get_chat(&peer).await?.into())
    }

    async fn get_history(
        &mut self,
        peer: String,
        limit: u32,
        offset_id: Option<i32>,
    ) -> Result<Vec<WitMessage>, ToolError> {
        Ok(all(self.guard.get_history(&peer, limit, offset_id).await?))
    }

    async fn search_messages(
        &mut self,
        query: String,
        peer: Option<String>,
        limit: u32,
    ) -> Result<Vec<WitMessage>, ToolError> {
        let found = self
            .guard
            .search_messages(&query, peer.as_deref(), limit)
            .await?;
        Ok(all(found))
    }

    async fn get_messages(
        &mut self,
        peer: String,
        ids: Vec<i32>,
    ) -> Result<Vec<WitMessage>, ToolError> {
        Ok(all(self.guard.get_messages(&peer, &ids).await?))
    }
}
