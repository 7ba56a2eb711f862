//! Raw MTProto (the `telegram-raw` capability): any TL function of the
//! host's layer by name, with JSON parameters. Off unless the operator's
//! policy grants `telegram-raw` to the plugin and names each method in its
//! `raw_methods`; read-only servers refuse every call.
//!
//! The JSON is grammers-tl-types' serde shape: fields in snake_case, boxed
//! types tagged by variant name (`{"Dc": {"country": "NL", ...}}`, a variant
//! without fields as a bare string), `bytes` as arrays of numbers.
//!
//! ```ignore
//! let dc = tgmcp_sdk::raw::invoke("help.getNearestDc", &json!({}))?;
//! ```

use serde_json::Value;

use crate::bindings::tgmcp::plugin::telegram_raw;
use crate::ToolError;

/// Calls the TL function `method` with `params` (an object of its fields)
/// and returns Telegram's answer as JSON.
pub fn invoke(method: &str, params: &Value) -> Result<Value, ToolError> {
    let answer = telegram_raw::invoke(method, &params.to_string())?;
    serde_json::from_str(&answer)
        .map_err(|e| ToolError::Internal(format!("the host's answer is not JSON: {e}")))
}

/// The same call with the parameters and answer as JSON text.
pub fn invoke_json(method: &str, params_json: &str) -> Result<String, ToolError> {
    telegram_raw::invoke(method, params_json)
}
