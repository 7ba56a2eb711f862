//! Per-call store state and the host side of the WIT imports.

use std::sync::Arc;

use super::limits::CallLimiter;
use wasmtime::component::ResourceTable;
use wasmtime_wasi::p2::pipe::MemoryOutputPipe;
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};

use super::bindings::tgmcp::plugin::{log, telegram_read, telegram_write, types};
use super::bindings::{
    ToolError, WitChat, WitChatKind, WitMessage, WitParseMode, WitSendOptions, WitTelegramError,
    WitUser,
};
use crate::policy::audit::now_rfc3339;
use crate::policy::{AuditEntry, Policy};
use crate::telegram::{self, Backend, TelegramError};

/// Who is calling what, for the audit log.
#[derive(Debug, Clone, Default)]
pub struct CallMeta {
    pub tool: String,
    pub client: String,
}

/// Captured output per stream and call (panics land in stderr); bounded.
const STDERR_CAPACITY: usize = 16 << 10;

/// Everything one call's `Store` holds. A fresh one per call: nothing leaks
/// between calls or clients.
pub struct CallState {
    pub(crate) plugin: Arc<str>,
    /// The tool being called and the MCP session that called it (for the audit log).
    pub(crate) tool: String,
    pub(crate) client: String,
    pub(crate) backend: Arc<dyn Backend>,
    pub(crate) policy: Arc<Policy>,
    pub(crate) limits: CallLimiter,
    pub(crate) stdout: MemoryOutputPipe,
    pub(crate) stderr: MemoryOutputPipe,
    /// Epoch ticks of wasm execution so far (the CPU budget counter).
    pub(crate) ticks: u64,
    wasi: WasiCtx,
    table: ResourceTable,
}

impl CallState {
    /// State for one call of `plugin`. WASI gets no filesystem, network, env or args.
    pub fn new(
        plugin: Arc<str>,
        call: &CallMeta,
        backend: Arc<dyn Backend>,
        policy: Arc<Policy>,
        limits: CallLimiter,
    ) -> Self {
        let stdout = MemoryOutputPipe::new(STDERR_CAPACITY);
        let stderr = MemoryOutputPipe::new(STDERR_CAPACITY);
        let wasi = WasiCtx::builder()
            .stdout(stdout.clone())
            .stderr(stderr.clone())
            .build();
        CallState {
            plugin,
            tool: call.tool.clone(),
            client: call.client.clone(),
            backend,
            policy,
            limits,
            stdout,
            stderr,
            ticks: 0,
            wasi,
            table: ResourceTable::new(),
        }
    }

    /// Checks a chat against the policy's allow/deny lists. Unknown and
    /// forbidden chats read the same, so the lists do not leak what exists.
    fn check_chat(
        &self,
        peer: &str,
    ) -> impl std::future::Future<Output = Result<Option<telegram::Chat>, ToolError>> + Send + 'static
    {
        check_chat(self.backend.clone(), self.policy.clone(), peer.to_string())
    }

    /// Drops messages from chats the policy hides.
    fn filter_messages(
        &self,
        msgs: Vec<telegram::Message>,
    ) -> impl std::future::Future<Output = Vec<telegram::Message>> + Send + 'static {
        filter_messages(self.backend.clone(), self.policy.clone(), msgs)
    }
}

// Free functions over owned handles: the futures must be Send, and CallState
// (holding WASI state) is not Sync, so no `&CallState` may live across an await.
async fn check_chat(
    backend: Arc<dyn Backend>,
    policy: Arc<Policy>,
    peer: String,
) -> Result<Option<telegram::Chat>, ToolError> {
    {
        let peer = peer.as_str();
        let rules = &policy.chats;
        if !rules.is_restricted() {
            return Ok(None);
        }
        let hidden =
            || ToolError::NotFound(format!("chat \"{}\" not found or not allowed", peer.trim()));
        match backend.get_chat(peer).await {
            Ok(c) if rules.allows(&c) => Ok(Some(c)),
            Ok(_) | Err(TelegramError::ChatNotFound(_)) => Err(hidden()),
            Err(e) => Err(e.into()),
        }
    }
}

async fn filter_messages(
    backend: Arc<dyn Backend>,
    policy: Arc<Policy>,
    msgs: Vec<telegram::Message>,
) -> Vec<telegram::Message> {
    {
        let rules = &policy.chats;
        if !rules.is_restricted() {
            return msgs;
        }
        let mut seen: std::collections::HashMap<i64, bool> = std::collections::HashMap::new();
        let mut out = Vec::new();
        for m in msgs {
            let ok = match seen.get(&m.chat_id) {
                Some(ok) => *ok,
                None => {
                    let ok = backend
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

impl CallState {
    /// Sends what the plugin printed to the log, tagged with its name.
    pub fn log_output(&self) {
        for (stream, pipe) in [("stdout", &self.stdout), ("stderr", &self.stderr)] {
            let bytes = pipe.contents();
            if !bytes.is_empty() {
                let text = String::from_utf8_lossy(&bytes);
                for line in text.lines().filter(|l| !l.trim().is_empty()) {
                    tracing::info!(plugin = %self.plugin, stream, "{line}");
                }
            }
        }
    }

    /// What the plugin wrote to stderr, trimmed (a panic message, typically).
    pub fn stderr_text(&self) -> String {
        String::from_utf8_lossy(&self.stderr.contents())
            .trim()
            .to_string()
    }
}

impl WasiView for CallState {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.wasi,
            table: &mut self.table,
        }
    }
}

impl From<TelegramError> for ToolError {
    fn from(e: TelegramError) -> Self {
        match e {
            TelegramError::ChatNotFound(_) | TelegramError::NotFound(_) => {
                ToolError::NotFound(e.to_string())
            }
            TelegramError::InvalidArgs(m) => ToolError::InvalidArgs(m),
            TelegramError::Rpc {
                code,
                name,
                retry_after_secs,
            } => ToolError::Telegram(WitTelegramError {
                code,
                name,
                retry_after_secs,
            }),
            TelegramError::Disconnected(_)
            | TelegramError::SessionInvalid(_)
            | TelegramError::Other(_) => ToolError::Internal(e.to_string()),
        }
    }
}

fn chat(c: telegram::Chat) -> WitChat {
    WitChat {
        id: c.id,
        kind: match c.kind {
            telegram::ChatKind::Saved => WitChatKind::Saved,
            telegram::ChatKind::User => WitChatKind::User,
            telegram::ChatKind::Bot => WitChatKind::Bot,
            telegram::ChatKind::Group => WitChatKind::Group,
            telegram::ChatKind::Supergroup => WitChatKind::Supergroup,
            telegram::ChatKind::Channel => WitChatKind::Channel,
        },
        title: c.title,
        username: c.username,
        unread_count: c.unread_count,
        members_count: c.members_count,
    }
}

fn message(m: telegram::Message) -> WitMessage {
    WitMessage {
        id: m.id,
        chat_id: m.chat_id,
        date: m.date,
        sender_id: m.sender_id,
        sender_name: m.sender_name,
        text: m.text,
        outgoing: m.outgoing,
        reply_to: m.reply_to,
    }
}

fn user(u: telegram::User) -> WitUser {
    WitUser {
        id: u.id,
        first_name: u.first_name,
        last_name: u.last_name,
        username: u.username,
        phone: u.phone,
        is_bot: u.is_bot,
    }
}

fn messages(v: Vec<telegram::Message>) -> Vec<WitMessage> {
    v.into_iter().map(message).collect()
}

impl types::Host for CallState {}

impl log::Host for CallState {
    async fn log(&mut self, level: log::Level, message: String) {
        let plugin = &*self.plugin;
        match level {
            log::Level::Trace => tracing::trace!(plugin = %plugin, "{message}"),
            log::Level::Debug => tracing::debug!(plugin = %plugin, "{message}"),
            log::Level::Info => tracing::info!(plugin = %plugin, "{message}"),
            log::Level::Warn => tracing::warn!(plugin = %plugin, "{message}"),
            log::Level::Error => tracing::error!(plugin = %plugin, "{message}"),
        }
    }
}

impl telegram_read::Host for CallState {
    async fn get_me(&mut self) -> Result<WitUser, ToolError> {
        Ok(user(self.backend.get_me().await?))
    }

    async fn list_chats(&mut self, limit: u32) -> Result<Vec<WitChat>, ToolError> {
        let rules = &self.policy.chats;
        Ok(self
            .backend
            .list_chats(limit)
            .await?
            .into_iter()
            .filter(|c| rules.allows(c))
            .map(chat)
            .collect())
    }

    async fn get_chat(&mut self, peer: String) -> Result<WitChat, ToolError> {
        if let Some(c) = self.check_chat(&peer).await? {
            return Ok(chat(c));
        }
        Ok(chat(self.backend.get_chat(&peer).await?))
    }

    async fn get_history(
        &mut self,
        peer: String,
        limit: u32,
        offset_id: Option<i32>,
    ) -> Result<Vec<WitMessage>, ToolError> {
        self.check_chat(&peer).await?;
        Ok(messages(
            self.backend.get_history(&peer, limit, offset_id).await?,
        ))
    }

    async fn search_messages(
        &mut self,
        query: String,
        peer: Option<String>,
        limit: u32,
    ) -> Result<Vec<WitMessage>, ToolError> {
        if let Some(p) = &peer {
            self.check_chat(p).await?;
        }
        let found = self
            .backend
            .search_messages(&query, peer.as_deref(), limit)
            .await?;
        Ok(messages(self.filter_messages(found).await))
    }

    async fn get_messages(
        &mut self,
        peer: String,
        ids: Vec<i32>,
    ) -> Result<Vec<WitMessage>, ToolError> {
        self.check_chat(&peer).await?;
        Ok(messages(self.backend.get_messages(&peer, &ids).await?))
    }
}

impl telegram_write::Host for CallState {
    async fn send_message(
        &mut self,
        peer: String,
        text: String,
        options: WitSendOptions,
    ) -> Result<WitMessage, ToolError> {
        if self.policy.read_only {
            return Err(ToolError::Denied(format!(
                "the server is read-only; plugin \"{}\" may not send messages",
                self.plugin
            )));
        }
        let opts = telegram::SendOptions {
            reply_to: options.reply_to,
            silent: options.silent,
            parse_mode: match options.parse_mode {
                WitParseMode::Plain => telegram::ParseMode::Plain,
                WitParseMode::Markdown => telegram::ParseMode::Markdown,
                WitParseMode::Html => telegram::ParseMode::Html,
            },
        };
        let target = match self.check_chat(&peer).await? {
            Some(c) => Some(c),
            None if self.policy.quota.is_limited() => Some(self.backend.get_chat(&peer).await?),
            None => None,
        };
        if let Some(c) = &target {
            self.policy.quota.take(c.id).map_err(ToolError::Denied)?;
        }
        let result = self.backend.send_message(&peer, &text, &opts).await;
        self.policy.audit.record(AuditEntry {
            time: now_rfc3339(),
            client: &self.client,
            plugin: &self.plugin,
            tool: &self.tool,
            action: "send-message",
            chat: peer.trim(),
            chat_id: result
                .as_ref()
                .ok()
                .map(|m| m.chat_id)
                .or(target.as_ref().map(|c| c.id)),
            message_ids: result.as_ref().map(|m| vec![m.id]).unwrap_or_default(),
            outcome: match &result {
                Ok(_) => "ok".into(),
                Err(e) => e.to_string(),
            },
            text: Some(&text),
        });
        Ok(message(result?))
    }
}
