//! `tgmcp:plugin/telegram-raw@0.2.0`: TL functions by name with JSON
//! parameters, through the guard (the plugin's method list, read-only mode,
//! the audit log). Off for plugin files unless the policy grants it.

use super::super::bindings::v0_2::tgmcp::plugin::telegram_raw as wit;
use super::super::bindings::ToolError;
use super::CallState;

impl wit::Host for CallState {
    async fn invoke(&mut self, method: String, params_json: String) -> Result<String, ToolError> {
        Ok(self.guard.invoke_raw(&method, &params_json).await?)
    }
}
