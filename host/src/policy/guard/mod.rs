//! The backend as one plugin call may use it. Every operation a plugin can ask
//! for passes here, so the operator's rules live in one place: chat allow and
//! deny lists, read-only mode, send quotas, page-size and id caps, and the
//! audit log (denials included).
//! (Over 400 lines: the guard, its shared checks and the base reads and
//! sends every area builds on; each further area is a submodule.)

mod account;
mod admin;
mod chat_actions;
mod chat_features;
mod events;
mod extras;
mod media;
mod payments;
mod raw;
mod read;
mod settings;
mod stickers;
mod stories;
#[cfg(test)]
mod test_support;
#[cfg(test)]
mod tests_account;
#[cfg(test)]
mod tests_admin;
#[cfg(test)]
mod tests_chat_features;
#[cfg(test)]
mod tests_extras;
#[cfg(test)]
mod tests_raw;
#[cfg(test)]
mod tests_settings;
#[cfg(test)]
mod tests_stories;
#[cfg(test)]
mod tests_write;
mod write;

pub use chat_features::{Source, MAX_REACTORS};

use std::collections::HashMap;
use std::sync::Arc;

use super::audit::now_rfc3339;
use super::{AuditEntry, Policy};
use crate::process::fetch::{Fetcher, HttpsFetcher};
use crate::telegram::closest::{self, Suggestions};
use crate::telegram::write_ext::DraftOptions;
use crate::telegram::{Backend, Chat, Message, SendOptions, TelegramError, User};

/// Most dialogs one `list_chats` returns.
pub const MAX_CHATS: u32 = 500;
/// Most messages one history page returns.
pub const MAX_HISTORY: u32 = 200;
/// Most messages one search returns.
pub const MAX_SEARCH: u32 = 100;
/// Most message ids one `get_messages` takes (each id costs host memory and a lookup).
pub const MAX_IDS: usize = 200;

/// Who is calling: the audit log and denial messages name them.
#[derive(Debug, Clone, Default)]
pub struct Caller {
    /// The plugin's name.
    pub plugin: Arc<str>,
    /// The tool being called.
    pub tool: String,
    /// The MCP session (transport and short id).
    pub client: String,
}

/// Why the guard refused or the backend failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GuardError {
    /// The policy forbids the operation.
    #[error("{0}")]
    Denied(String),
    /// The chat does not exist or the policy hides it (the two read the same,
    /// so the lists do not leak what exists); the suggestions are visible chats only.
    #[error("chat \"{0}\" not found or not allowed{1}")]
    Hidden(String, Suggestions),
    /// Arguments over a cap.
    #[error("{0}")]
    InvalidArgs(String),
    /// Telegram said no.
    #[error(transparent)]
    Telegram(#[from] TelegramError),
    /// The chat is under review (`[chats] send_as_draft`): only a text
    /// message can go there, and only as a draft.
    #[error("not sent: the policy has everything posted to \"{0}\" reviewed by a person first; only send_message works there, and it saves the text as the chat's draft")]
    Review(String),
    /// `send_message` saved a draft instead of sending (a result, told as a
    /// refusal so no client mistakes it for a sent message).
    #[error("not sent: the policy has messages to \"{0}\" reviewed by a person first, so the text was saved as the chat's draft; the account owner sends it from a Telegram app. Do not send it again")]
    Drafted(String),
}

/// The backend under the policy, for one call of one plugin.
#[derive(Clone)]
pub struct Guard {
    backend: Arc<dyn Backend>,
    policy: Arc<Policy>,
    caller: Arc<Caller>,
    /// Turns `send_file` URLs into bytes.
    fetcher: Arc<dyn Fetcher>,
}

fn clamp(limit: u32, max: u32) -> u32 {
    limit.clamp(1, max)
}

impl Guard {
    /// A guard for one call by `caller`.
    pub fn new(backend: Arc<dyn Backend>, policy: Arc<Policy>, caller: Caller) -> Self {
        Guard {
            backend,
            policy,
            caller: Arc::new(caller),
            fetcher: Arc::new(HttpsFetcher::new(crate::telegram::media::MAX_UPLOAD_BYTES)),
        }
    }

    /// The same guard fetching `send_file` URLs with `f` (tests inject one).
    pub fn with_fetcher(mut self, f: Arc<dyn Fetcher>) -> Self {
        self.fetcher = f;
        self
    }

    /// Who is calling.
    pub fn caller(&self) -> &Caller {
        &self.caller
    }

    /// The account itself.
    pub async fn get_me(&self) -> Result<User, GuardError> {
        Ok(self.backend.get_me().await?)
    }

    /// Dialogs the policy lets the plugin see.
    pub async fn list_chats(&self, limit: u32) -> Result<Vec<Chat>, GuardError> {
        let rules = &self.policy.chats;
        let chats = self.backend.list_chats(clamp(limit, MAX_CHATS)).await?;
        Ok(chats.into_iter().filter(|c| rules.allows(c)).collect())
    }

    /// One chat, if the policy allows it.
    pub async fn get_chat(&self, chat: &str) -> Result<Chat, GuardError> {
        self.allowed_chat(chat).await?;
        Ok(self.backend.get_chat_info(chat).await?)
    }

    /// A page of history, newest first.
    pub async fn get_history(
        &self,
        chat: &str,
        limit: u32,
        offset_id: Option<i32>,
    ) -> Result<Vec<Message>, GuardError> {
        self.allowed_chat(chat).await?;
        Ok(self
            .backend
            .get_history(chat, clamp(limit, MAX_HISTORY), offset_id)
            .await?)
    }

    /// Messages matching `query`, in one chat or in every chat the policy
    /// allows; `offset_id` pages back.
    pub async fn search_messages(
        &self,
        query: &str,
        chat: Option<&str>,
        limit: u32,
        offset_id: Option<i32>,
    ) -> Result<Vec<Message>, GuardError> {
        if let Some(p) = chat {
            self.allowed_chat(p).await?;
        }
        let found = self
            .backend
            .search_messages(query, chat, clamp(limit, MAX_SEARCH), offset_id)
            .await?;
        Ok(self.visible_messages(found).await)
    }

    /// Messages by id (at most [`MAX_IDS`]).
    pub async fn get_messages(&self, chat: &str, ids: &[i32]) -> Result<Vec<Message>, GuardError> {
        if ids.len() > MAX_IDS {
            return Err(GuardError::InvalidArgs(format!(
                "at most {MAX_IDS} message ids per call, got {}",
                ids.len()
            )));
        }
        self.allowed_chat(chat).await?;
        Ok(self.backend.get_messages(chat, ids).await?)
    }

    /// Sends a message: read-only mode, chat lists and quotas first; every
    /// attempt, refused or not, is audited.
    pub async fn send_message(
        &self,
        chat: &str,
        text: &str,
        opts: &SendOptions,
    ) -> Result<Message, GuardError> {
        let (target, result) = match self.may_send(chat).await {
            Ok(target) => {
                let r = self.backend.send_message(chat, text, opts).await;
                (target, r.map_err(GuardError::from))
            }
            Err(GuardError::Review(_)) => self.save_for_review(chat, text, opts).await,
            Err(e) => (None, Err(e)),
        };
        let chat_id = result.as_ref().ok().map(|m| m.chat_id);
        let ids = result.as_ref().map(|m| vec![m.id]).unwrap_or_default();
        let outcome = result.as_ref().map(drop);
        let chat_id = chat_id.or(target.map(|c| c.id));
        self.audit("send-message", chat, chat_id, ids, outcome, Some(text));
        result
    }

    /// `send_message` to a chat under review: the text becomes its draft.
    async fn save_for_review(
        &self,
        chat: &str,
        text: &str,
        opts: &SendOptions,
    ) -> (Option<Chat>, Result<Message, GuardError>) {
        let target = match self.backend.get_chat(chat).await {
            Ok(c) => c,
            Err(e) => return (None, Err(e.into())),
        };
        let draft = DraftOptions {
            reply_to: opts.reply_to,
            parse_mode: opts.parse_mode,
            link_preview: opts.link_preview,
        };
        let result = match self.backend.save_draft(chat, text, &draft).await {
            Ok(()) => Err(GuardError::Drafted(target.title.clone())),
            Err(e) => Err(e.into()),
        };
        (Some(target), result)
    }

    /// The checks before a write to `chat`; returns the chat when a check resolved it.
    async fn may_send(&self, chat: &str) -> Result<Option<Chat>, GuardError> {
        if self.policy.read_only {
            return Err(GuardError::Denied(format!(
                "the server is read-only; plugin \"{}\" may not send messages",
                self.caller.plugin
            )));
        }
        let target = match self.allowed_chat(chat).await? {
            Some(c) => Some(c),
            None if self.policy.quota.is_limited()
                || !self.policy.chats.send_as_draft.is_empty() =>
            {
                Some(self.backend.get_chat(chat).await?)
            }
            None => None,
        };
        if let Some(c) = &target {
            if self.policy.chats.sends_as_draft(c) {
                return Err(GuardError::Review(c.title.clone()));
            }
            self.policy.quota.take(c.id).map_err(GuardError::Denied)?;
        }
        Ok(target)
    }

    /// Writes one audit line: what was attempted on which chat, and how it ended.
    fn audit(
        &self,
        action: &str,
        chat: &str,
        chat_id: Option<i64>,
        message_ids: Vec<i32>,
        outcome: Result<(), &GuardError>,
        text: Option<&str>,
    ) {
        let c = &self.caller;
        self.policy.audit.record(AuditEntry {
            time: now_rfc3339(),
            client: &c.client,
            plugin: &c.plugin,
            tool: &c.tool,
            action,
            chat: chat.trim(),
            chat_id,
            message_ids,
            outcome: match outcome {
                Ok(()) => "ok".into(),
                Err(e) => e.to_string(),
            },
            text,
        });
    }

    /// Checks a chat against the allow/deny lists. `Some(chat)` when the check
    /// had to resolve it; `None` when no rule is set (no lookup needed).
    async fn allowed_chat(&self, chat: &str) -> Result<Option<Chat>, GuardError> {
        let rules = &self.policy.chats;
        if !rules.is_restricted() {
            return Ok(None);
        }
        match self.backend.get_chat(chat).await {
            // A chat guessed from a word of its title is not taken here: whether
            // a word names one chat depends on the hidden ones too, so under
            // chat rules a name must be exact, and the miss suggests it.
            Ok(c) if rules.allows(&c) && !closest::guessed(chat, &c) => Ok(Some(c)),
            Ok(_) | Err(TelegramError::ChatNotFound(..)) => Err(self.hidden(chat).await),
            Err(e) => Err(e.into()),
        }
    }

    /// The miss for a chat that is missing or hidden, suggesting only chats
    /// the policy shows (the backend's own suggestions may name hidden ones).
    async fn hidden(&self, chat: &str) -> GuardError {
        let rules = &self.policy.chats;
        let similar = self.backend.similar_chats(chat).await.unwrap_or_default();
        let visible = similar.iter().filter(|c| rules.allows(c));
        GuardError::Hidden(chat.trim().to_string(), Suggestions::of(chat, visible))
    }

    /// Drops messages from chats the policy hides (one lookup per chat).
    async fn visible_messages(&self, msgs: Vec<Message>) -> Vec<Message> {
        let rules = &self.policy.chats;
        if !rules.is_restricted() {
            return msgs;
        }
        let mut seen: HashMap<i64, bool> = HashMap::new();
        let mut out = Vec::new();
        for m in msgs {
            let ok = match seen.get(&m.chat_id) {
                Some(ok) => *ok,
                None => {
                    let ok = self
                        .backend
                        .get_chat(&m.chat_id.to_string())
                        .await
                        .is_ok_and(|c| rules.allows(&c));
                    seen.insert(m.chat_id, ok);
                    ok
                }
            };
            if ok {
                out.push(m);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::Policy;
    use crate::telegram::grammers;
    use std::path::Path;
    use std::time::Duration;

    /// The demo account: the grammers client against the local MTProto server.
    async fn demo() -> Arc<dyn Backend> {
        grammers::demo(Duration::from_secs(5)).await.unwrap()
    }

    async fn guard(toml: &str) -> Guard {
        let policy = Policy::from_toml(toml, Path::new("policy.toml")).unwrap();
        Guard::new(
            demo().await,
            Arc::new(policy),
            Caller {
                plugin: "outbox".into(),
                tool: "send_message".into(),
                client: "test".into(),
            },
        )
    }

    #[tokio::test]
    async fn an_allowlist_hides_other_chats_from_every_read_and_write() {
        let g = guard("[chats]\nallow = [\"me\"]").await;
        let chats = g.list_chats(100).await.unwrap();
        assert_eq!(chats.len(), 1, "{chats:?}");
        assert!(matches!(
            g.get_chat("@alice_demo").await,
            Err(GuardError::Hidden(..))
        ));
        assert!(matches!(
            g.get_history("@alice_demo", 5, None).await,
            Err(GuardError::Hidden(..))
        ));
        assert!(matches!(
            g.get_messages("@alice_demo", &[1]).await,
            Err(GuardError::Hidden(..))
        ));
        let found = g.search_messages("the", None, 50, None).await.unwrap();
        let me = g.get_me().await.unwrap().id;
        assert!(found.iter().all(|m| m.chat_id == me), "{found:?}");
        let e = g
            .send_message("@alice_demo", "hi", &SendOptions::default())
            .await
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "chat \"@alice_demo\" not found or not allowed"
        );
        assert!(g
            .send_message("me", "hi", &SendOptions::default())
            .await
            .is_ok());
    }

    #[tokio::test]
    async fn a_quota_refuses_the_send_after_the_limit() {
        let g = guard("[quotas]\nsends_per_minute = 2").await;
        let opts = SendOptions::default();
        g.send_message("me", "1", &opts).await.unwrap();
        g.send_message("me", "2", &opts).await.unwrap();
        let e = g.send_message("me", "3", &opts).await.unwrap_err();
        assert!(
            matches!(&e, GuardError::Denied(m) if m.contains("2 messages per minute")),
            "{e}"
        );
    }

    #[tokio::test]
    async fn read_only_refuses_sends() {
        let g = guard("read_only = true").await;
        let e = g
            .send_message("me", "x", &SendOptions::default())
            .await
            .unwrap_err();
        assert!(matches!(e, GuardError::Denied(m) if m.contains("read-only")));
    }

    #[tokio::test]
    async fn the_audit_line_is_written_for_sends_and_denials() {
        let dir = tempfile::tempdir().unwrap();
        let toml = "[quotas]\nsends_per_minute = 1\n[audit]\nfile = \"audit.jsonl\"";
        let policy = Policy::from_toml(toml, &dir.path().join("policy.toml")).unwrap();
        let g = Guard::new(
            demo().await,
            Arc::new(policy),
            Caller {
                plugin: "outbox".into(),
                tool: "send_message".into(),
                client: "sse:1234".into(),
            },
        );
        let opts = SendOptions::default();
        let sent = g.send_message("me", "secret text", &opts).await.unwrap();
        g.send_message("me", "again", &opts).await.unwrap_err();
        let log = std::fs::read_to_string(dir.path().join("audit.jsonl")).unwrap();
        let lines: Vec<serde_json::Value> = log
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 2, "{log}");
        assert_eq!(lines[0]["outcome"], "ok");
        assert_eq!(lines[0]["plugin"], "outbox");
        assert_eq!(lines[0]["client"], "sse:1234");
        assert_eq!(lines[0]["message_ids"][0], sent.id);
        assert!(lines[1]["outcome"]
            .as_str()
            .unwrap()
            .contains("send quota reached"));
        assert!(
            !log.contains("secret text"),
            "texts are not audited by default"
        );
    }

    #[tokio::test]
    async fn pages_are_clamped_and_id_lists_capped() {
        let g = guard("").await;
        let page = g.get_history("me", 10_000, None).await.unwrap();
        assert!(page.len() <= MAX_HISTORY as usize);
        let ids: Vec<i32> = (1..=(MAX_IDS as i32 + 1)).collect();
        assert!(matches!(
            g.get_messages("me", &ids).await,
            Err(GuardError::InvalidArgs(_))
        ));
    }
}
