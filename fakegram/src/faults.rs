//! Scripted faults and call counters, per server (so per test).
//!
//! Methods are named as in the TL schema (`"messages.sendMessage"`), or
//! [`ANY`] for every method. Calls wrapped in `invokeWithLayer` /
//! `initConnection` count and match as the inner method (the connection
//! set-up call is `help.getConfig`); `initConnection` is counted too.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;

use tokio::sync::watch;

/// Matches every method.
pub const ANY: &str = "*";

/// How many calls a fault applies to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Times {
    Once,
    N(u32),
    Always,
}

/// What happens to a matching call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Action {
    /// Answer with this `rpc_error` instead of running the method.
    Error { code: i32, message: String },
    /// Read the request and never answer (nor run it).
    Silence,
    /// Run the method now, answer after this long.
    Delay(Duration),
    /// Run the method, then close the connection instead of answering.
    CloseMidCall,
}

struct Rule {
    method: Option<String>,
    action: Action,
    left: Option<u32>,
}

#[derive(Default)]
struct State {
    rules: Vec<Rule>,
    refuse: bool,
    calls: BTreeMap<String, u32>,
}

/// The fault script of one server. Cheap to share; every change applies to
/// the next call on any connection.
pub struct Faults {
    state: Mutex<State>,
    kill: watch::Sender<u64>,
}

/// The `rpc_error` code Telegram uses for an error name (400 if unknown).
pub fn code_for(error: &str) -> i32 {
    let starts = |p: &str| error.starts_with(p);
    if starts("FLOOD_") || starts("SLOWMODE_WAIT") || starts("TAKEOUT_INIT_DELAY") {
        420
    } else if matches!(
        error,
        "AUTH_KEY_UNREGISTERED"
            | "AUTH_KEY_INVALID"
            | "SESSION_REVOKED"
            | "SESSION_EXPIRED"
            | "USER_DEACTIVATED"
            | "USER_DEACTIVATED_BAN"
            | "SESSION_PASSWORD_NEEDED"
    ) {
        401
    } else if matches!(
        error,
        "AUTH_KEY_DUPLICATED" | "FRESH_RESET_AUTHORISATION_FORBIDDEN"
    ) || starts("PREVIOUS_CHAT_IMPORT_ACTIVE")
    {
        406
    } else if matches!(
        error,
        "CHAT_WRITE_FORBIDDEN"
            | "USER_PRIVACY_RESTRICTED"
            | "MESSAGE_AUTHOR_REQUIRED"
            | "USER_IS_BLOCKED"
    ) || (starts("CHAT_SEND_") && error.ends_with("_FORBIDDEN"))
    {
        403
    } else if error.contains("_MIGRATE_") {
        303
    } else if matches!(error, "RANDOM_ID_DUPLICATE" | "INTERNAL" | "RPC_CALL_FAIL")
        || starts("INTERNAL_")
    {
        500
    } else if error == "TIMEOUT" {
        -503
    } else {
        400
    }
}

impl Default for Faults {
    fn default() -> Self {
        Faults {
            state: Mutex::new(State::default()),
            kill: watch::channel(0).0,
        }
    }
}

impl Faults {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn add(&self, method: &str, action: Action, times: Times) {
        let left = match times {
            Times::Once => Some(1),
            Times::N(n) => Some(n),
            Times::Always => None,
        };
        if left == Some(0) {
            return;
        }
        let method = (method != ANY).then(|| method.to_string());
        self.lock().rules.push(Rule {
            method,
            action,
            left,
        });
    }

    /// Answers `method` with the `rpc_error` `error` (e.g. `"FLOOD_WAIT_37"`),
    /// with Telegram's code for that name (see [`code_for`]).
    pub fn error(&self, method: &str, error: &str, times: Times) {
        self.error_with_code(method, code_for(error), error, times);
    }

    /// Answers `method` with an `rpc_error` of this code and name.
    pub fn error_with_code(&self, method: &str, code: i32, error: &str, times: Times) {
        let message = error.to_string();
        self.add(method, Action::Error { code, message }, times);
    }

    /// Reads calls to `method` and never answers them. With [`ANY`] the
    /// server goes fully silent while the rule lasts: no pongs, no salts.
    pub fn silence(&self, method: &str, times: Times) {
        self.add(method, Action::Silence, times);
    }

    /// Runs calls to `method` at once but answers only after `by`.
    pub fn delay(&self, method: &str, by: Duration, times: Times) {
        self.add(method, Action::Delay(by), times);
    }

    /// Runs a call to `method` (a send is applied), then closes the
    /// connection instead of answering.
    pub fn close_mid_call(&self, method: &str, times: Times) {
        self.add(method, Action::CloseMidCall, times);
    }

    /// While on, every new connection is closed as soon as it is accepted.
    pub fn refuse_connections(&self, refuse: bool) {
        self.lock().refuse = refuse;
    }

    /// Closes every connection open now (new ones are served normally).
    pub fn drop_connections(&self) {
        self.kill.send_modify(|n| *n += 1);
    }

    /// Removes every fault (counters are kept).
    pub fn clear(&self) {
        let mut s = self.lock();
        s.rules.clear();
        s.refuse = false;
    }

    /// How many calls of `method` the server has read ([`ANY`]: all calls).
    pub fn calls(&self, method: &str) -> u32 {
        let s = self.lock();
        if method == ANY {
            return s
                .calls
                .iter()
                .filter(|(k, _)| k.as_str() != "initConnection")
                .map(|(_, v)| v)
                .sum();
        }
        s.calls.get(method).copied().unwrap_or(0)
    }

    /// Calls read so far, by method.
    pub fn call_counts(&self) -> BTreeMap<String, u32> {
        self.lock().calls.clone()
    }

    /// Sets every counter back to zero.
    pub fn reset_calls(&self) {
        self.lock().calls.clear();
    }

    pub(crate) fn count(&self, method: &str) {
        *self.lock().calls.entry(method.to_string()).or_insert(0) += 1;
    }

    pub(crate) fn refusing(&self) -> bool {
        self.lock().refuse
    }

    /// Whether an [`ANY`] silence rule is active (nothing gets answered).
    pub(crate) fn all_silent(&self) -> bool {
        self.lock()
            .rules
            .iter()
            .any(|r| r.method.is_none() && r.action == Action::Silence)
    }

    /// The fault for a call of `method`, consuming one use of its rule.
    pub(crate) fn take(&self, method: &str) -> Option<Action> {
        let mut s = self.lock();
        let i = s
            .rules
            .iter()
            .position(|r| r.method.as_deref().is_none_or(|m| m == method))?;
        let rule = &mut s.rules[i];
        let action = rule.action.clone();
        if let Some(left) = rule.left.as_mut() {
            *left -= 1;
            if *left == 0 {
                s.rules.remove(i);
            }
        }
        Some(action)
    }

    pub(crate) fn kill_signal(&self) -> watch::Receiver<u64> {
        self.kill.subscribe()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_run_out_and_codes_follow_telegram() {
        let f = Faults::default();
        f.error("messages.sendMessage", "FLOOD_WAIT_37", Times::N(2));
        assert_eq!(f.take("users.getUsers"), None);
        let flood = Some(Action::Error {
            code: 420,
            message: "FLOOD_WAIT_37".into(),
        });
        assert_eq!(f.take("messages.sendMessage"), flood);
        assert_eq!(f.take("messages.sendMessage"), flood);
        assert_eq!(f.take("messages.sendMessage"), None);
        f.silence(ANY, Times::Always);
        assert!(f.all_silent());
        f.clear();
        assert!(!f.all_silent());
        assert_eq!(code_for("SESSION_REVOKED"), 401);
        assert_eq!(code_for("AUTH_KEY_DUPLICATED"), 406);
        assert_eq!(code_for("CHAT_WRITE_FORBIDDEN"), 403);
        assert_eq!(code_for("RANDOM_ID_DUPLICATE"), 500);
        assert_eq!(code_for("SLOWMODE_WAIT_5"), 420);
        assert_eq!(code_for("PEER_ID_INVALID"), 400);
    }
}
