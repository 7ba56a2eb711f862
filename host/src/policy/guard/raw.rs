//! Raw TL calls through the policy (see [`crate::telegram::RawExt`]). A raw
//! call can change anything and names no chat the lists could check, so the
//! gate is the plugin's own method list (`raw_methods`, exact names, empty by
//! default); read-only mode refuses every call; every attempt is audited by
//! method name, never with its parameters.

use super::{Guard, GuardError};
use crate::policy::toml_key;
use crate::telegram::raw_ext::{MAX_RAW_PARAMS_BYTES, PARAMS_MISMATCH};
use crate::telegram::TelegramError;

/// Longest TL method name accepted (the longest in the schema is under 50).
const MAX_METHOD_LEN: usize = 100;

impl Guard {
    /// Calls the TL function `method` with `params` (JSON) if the policy
    /// names it for this plugin; the answer as JSON.
    pub async fn invoke_raw(&self, method: &str, params: &str) -> Result<String, GuardError> {
        let method = method.trim();
        let result = match self.may_invoke_raw(method, params) {
            Ok(()) => self
                .backend
                .invoke_raw(method, params)
                .await
                .map_err(GuardError::from),
            Err(e) => Err(e),
        };
        let shown: String = method.chars().take(MAX_METHOD_LEN).collect();
        let action = format!("raw:{shown}");
        // Decode errors quote the params: the audit keeps only their kind.
        let withheld = match &result {
            Err(GuardError::Telegram(TelegramError::InvalidArgs(m)))
                if m.starts_with(PARAMS_MISMATCH) =>
            {
                Some(GuardError::InvalidArgs(PARAMS_MISMATCH.into()))
            }
            _ => None,
        };
        let outcome = match &withheld {
            Some(e) => Err(e),
            None => result.as_ref().map(drop),
        };
        self.audit(&action, "", None, Vec::new(), outcome, None);
        result
    }

    /// The name, size, read-only and method-list checks of a raw call.
    fn may_invoke_raw(&self, method: &str, params: &str) -> Result<(), GuardError> {
        let well_formed = !method.is_empty()
            && method.len() <= MAX_METHOD_LEN
            && method
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_');
        if !well_formed {
            return Err(GuardError::InvalidArgs(format!(
                "\"{}\" is not a TL method name (like help.getNearestDc)",
                method.chars().take(MAX_METHOD_LEN).collect::<String>()
            )));
        }
        if params.len() > MAX_RAW_PARAMS_BYTES {
            return Err(GuardError::InvalidArgs(format!(
                "params are {} bytes, over the {MAX_RAW_PARAMS_BYTES}-byte cap",
                params.len()
            )));
        }
        if self.policy.read_only {
            return Err(GuardError::Denied(format!(
                "the server is read-only; plugin \"{}\" may not call TL methods (a raw call can change anything)",
                self.caller.plugin
            )));
        }
        let plugin = &*self.caller.plugin;
        if !self.policy.allows_raw(plugin, method) {
            return Err(GuardError::Denied(format!(
                "plugin \"{plugin}\" may not call the TL method \"{method}\": the policy file must name it: {}",
                raw_methods_line(plugin, &self.policy.raw_methods(plugin), method)
            )));
        }
        Ok(())
    }
}

/// The policy line listing `plugin`'s methods plus `method`.
pub fn raw_methods_line(plugin: &str, have: &[&str], method: &str) -> String {
    let mut all: Vec<&str> = have.to_vec();
    all.push(method);
    all.sort_unstable();
    all.dedup();
    let list = all
        .iter()
        .map(|m| format!("{m:?}"))
        .collect::<Vec<_>>()
        .join(", ");
    format!("[plugins.{}] raw_methods = [{list}]", toml_key(plugin))
}
