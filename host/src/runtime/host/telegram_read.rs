//! `tgmcp:plugin/telegram-read@0.2.0`: reading the account, through the guard.

use super::super::bindings::v0_2::tgmcp::plugin::telegram_read;
use super::super::bindings::{
    ToolError, WitChat, WitMessage, WitMessageFilter, WitMessagePage, WitPage, WitUser,
};
use super::convert::{all, page_of, Cursor};
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
        filter: WitMessageFilter,
        page: WitPage,
    ) -> Result<WitMessagePage, ToolError> {
        let cursor = Cursor::parse(page.cursor.as_deref())?;
        let filter = self.filter(filter).await?;
        let got = self
            .guard
            .get_history(&peer, page.limit, cursor.offset_id)
            .await?;
        Ok(page_of(got, page.limit, &filter))
    }

    async fn search_messages(
        &mut self,
        query: String,
        peer: Option<String>,
        filter: WitMessageFilter,
        page: WitPage,
    ) -> Result<WitMessagePage, ToolError> {
        let cursor = Cursor::parse(page.cursor.as_deref())?;
        let filter = self.filter(filter).await?;
        let got = self
            .guard
            .search_messages(&query, peer.as_deref(), page.limit, cursor.offset_id)
            .await?;
        Ok(page_of(got, page.limit, &filter))
    }

    async fn get_messages(
        &mut self,
        peer: String,
        ids: Vec<i32>,
    ) -> Result<Vec<WitMessage>, ToolError> {
        Ok(all(self.guard.get_messages(&peer, &ids).await?))
    }
}
