//! `tgmcp:plugin/telegram-write@0.2.0`: changing the account, through the
//! guard (read-only mode, chat lists, quotas and the audit log apply there).

use super::super::bindings::v0_2::tgmcp::plugin::telegram_write;
use super::super::bindings::{ToolError, WitMessage, WitSendOptions};
use super::CallState;

impl telegram_write::Host for CallState {
    async fn send_message(
        &mut self,
        peer: String,
        text: String,
        options: WitSendOptions,
    ) -> Result<WitMessage, ToolError> {
        let opts = options.into();
        Ok(self.guard.send_message(&peer, &text, &opts).await?.into())
    }
}
