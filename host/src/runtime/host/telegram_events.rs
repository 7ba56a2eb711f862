//! `tgmcp:plugin/telegram-events@0.2.0`: updates as they arrive, through the
//! guard. A read capability; waits are capped below the call's timeout.

use std::time::Duration;

use super::super::bindings::v0_2::tgmcp::plugin::telegram_events as wit;
use super::super::bindings::{ToolError, WitMessage};
use super::CallState;
use crate::telegram::events::{Event, EventKind};

impl From<EventKind> for wit::UpdateKind {
    fn from(k: EventKind) -> Self {
        match k {
            EventKind::NewMessage => wit::UpdateKind::NewMessage,
            EventKind::EditedMessage => wit::UpdateKind::EditedMessage,
            EventKind::DeletedMessages => wit::UpdateKind::DeletedMessages,
        }
    }
}

impl From<Event> for wit::Update {
    fn from(e: Event) -> Self {
        wit::Update {
            kind: e.kind.into(),
            chat_id: e.chat_id,
            message: e.message.map(|m| (*m).into()),
            ids: e.ids,
        }
    }
}

impl wit::Host for CallState {
    async fn wait_messages(
        &mut self,
        chats: Vec<String>,
        timeout_ms: u32,
        settle_ms: u32,
        include_outgoing: bool,
    ) -> Result<Vec<WitMessage>, ToolError> {
        // A wait gives its call slot back for others' short calls.
        self.go_long()?;
        let timeout = Duration::from_millis(timeout_ms.into()).min(self.max_wait);
        let settle = Duration::from_millis(settle_ms.into());
        let msgs = self
            .guard
            .wait_for_messages(&chats, timeout, settle, include_outgoing)
            .await?;
        Ok(msgs.into_iter().map(Into::into).collect())
    }

    async fn get_updates(
        &mut self,
        cursor: Option<String>,
        limit: u32,
    ) -> Result<wit::UpdatePage, ToolError> {
        let page = self.guard.get_updates(cursor.as_deref(), limit).await?;
        Ok(wit::UpdatePage {
            updates: page.updates.into_iter().map(Into::into).collect(),
            next_cursor: page.next_cursor,
            missed: page.missed,
        })
    }
}
