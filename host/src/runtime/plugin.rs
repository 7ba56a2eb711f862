//! One loaded plugin: its compiled component, its tools, its capabilities,
//! and how to call it in a fresh, bounded store.
//! (Over 400 lines: loading and calling share the store set-up and the
//! error explanations; splitting them would scatter one call's path.)

use std::path::PathBuf;
use std::sync::Arc;

use serde_json::Value;
use wasmtime::component::Component;
use wasmtime::{Engine, Store, Trap, UpdateDeadline};

use super::bindings::{ToolError, ToolInfo, WitContent};
use super::host::{self, CallState};
use super::limits::{plugin_share, CallLimiter, Limits, MemoryBudget, EPOCH_TICK, MAX_ERROR_BYTES};
use super::long_ops::CallPermits;
use super::schema::Check;
use super::text::{escape, escape_all, quote, truncate};
use super::tool::tools_from_infos;
pub use super::tool::ToolDef;
use super::versions::{self, Pre, RawOutput};
use super::HostCtx;
use crate::policy::{toml_key, Caller, Capability, Grants, Guard};

/// Where a plugin came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Embedded in the binary.
    Builtin,
    /// A `.wasm` file in the plugins directory.
    File(PathBuf),
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Builtin => f.write_str("built-in"),
            Origin::File(p) => write!(f, "{}", p.display()),
        }
    }
}

pub use super::load_error::LoadError;

/// Why a call failed. Every variant names the plugin; the server keeps serving.
#[derive(Debug, thiserror::Error)]
pub enum CallError {
    /// The plugin returned an error value (bad arguments, Telegram error, ...).
    #[error("{0:?}")]
    Tool(ToolError),
    #[error("plugin \"{plugin}\" trapped: {cause}")]
    Trap { plugin: String, cause: String },
    #[error("plugin \"{plugin}\" exceeded its memory limit of {mib} MiB and was stopped")]
    Memory { plugin: String, mib: usize },
    #[error("plugin \"{plugin}\" was stopped: the server's plugin memory ({mib} MiB across all calls, {share} MiB for one plugin) is in use by other calls; try again shortly")]
    MemoryBudget {
        plugin: String,
        mib: usize,
        share: usize,
    },
    #[error("plugin \"{plugin}\" exceeded its CPU budget of {ms} ms and was stopped")]
    Cpu { plugin: String, ms: u128 },
    #[error("plugin \"{plugin}\" did not finish within {secs} s and was stopped")]
    Timeout { plugin: String, secs: u64 },
    #[error("plugin \"{plugin}\" overflowed its stack (runaway recursion) and was stopped")]
    Stack { plugin: String },
    #[error("plugin \"{plugin}\" returned {bytes} bytes, over the {limit} byte limit")]
    TooLarge {
        plugin: String,
        bytes: usize,
        limit: usize,
    },
    #[error("plugin \"{plugin}\" returned invalid JSON: {cause}")]
    BadOutput { plugin: String, cause: String },
}

/// A tool's result: structured JSON and further content blocks.
#[derive(Debug, Default)]
pub struct ToolOutput {
    pub json: Option<Value>,
    pub content: Vec<WitContent>,
}

/// Bytes a content block holds (counted against the output limit).
fn content_len(c: &WitContent) -> usize {
    match c {
        WitContent::Text(t) => t.len(),
        WitContent::Image(b) => b.data.len(),
        WitContent::Resource((uri, b)) => uri.len() + b.data.len(),
    }
}

/// Marker error raised by the epoch callback when the CPU budget is spent.
#[derive(Debug)]
struct CpuBudgetSpent;

impl std::fmt::Display for CpuBudgetSpent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CPU budget spent")
    }
}

impl std::error::Error for CpuBudgetSpent {}

/// A compiled component and where it came from, ready to be linked.
pub struct Compiled {
    pub name: String,
    pub origin: Origin,
    /// sha256 of the component bytes, hex.
    pub sha256: String,
    pub component: Component,
}

/// A compiled, linked, described plugin, ready to be called.
pub struct Plugin {
    pub name: String,
    pub origin: Origin,
    /// sha256 of the component bytes, hex.
    pub sha256: String,
    /// Capabilities the component imports.
    pub capabilities: Vec<Capability>,
    pub tools: Vec<ToolDef>,
    /// Built-in tools the policy lets this plugin replace.
    pub overrides: Vec<String>,
    pub limits: Limits,
    /// This plugin's share of the server's plugin memory.
    memory: Arc<MemoryBudget>,
    /// This plugin's share of the server's call slots: half of them, so calls
    /// of one plugin that wait (for memory, for Telegram) leave room for others.
    pub(crate) slots: Arc<tokio::sync::Semaphore>,
    pre: Pre,
    engine: Engine,
}

/// The capabilities a component asks for, with the interface that asks, read from its imports.
pub fn requested_capabilities(
    engine: &Engine,
    component: &Component,
    plugin: &str,
) -> Result<Vec<(Capability, String)>, LoadError> {
    let mut caps = Vec::new();
    for (name, _) in component.component_type().imports(engine) {
        if name.starts_with("wasi:") {
            continue;
        }
        match host::import_of(name) {
            Some(host::Import::Free) => {}
            Some(host::Import::Granted(c)) => caps.push((c, name.to_string())),
            None => {
                return Err(LoadError::UnknownImport {
                    plugin: plugin.to_string(),
                    interface: name.to_string(),
                })
            }
        }
    }
    Ok(caps)
}

/// Compiles a component (CPU-heavy: call off the async workers).
pub fn compile(engine: &Engine, plugin: &str, bytes: &[u8]) -> Result<Component, LoadError> {
    let fail = |cause: String| LoadError::Compile {
        plugin: plugin.to_string(),
        cause,
    };
    if bytes.len() < 8 || &bytes[..4] != b"\0asm" {
        return Err(fail(
            "the file is not WebAssembly (no \\0asm header); is the copy complete?".into(),
        ));
    }
    if bytes[4..8] == [1, 0, 0, 0] {
        return Err(fail(
            "it is a core WebAssembly module, not a component; build it with `cargo build --release --target wasm32-wasip2`".into(),
        ));
    }
    Component::new(engine, bytes).map_err(|e| fail(one_line(&e)))
}

/// An error chain on one line, without the multi-line detail some causes carry.
fn one_line(e: &wasmtime::Error) -> String {
    e.chain()
        .map(|c| {
            c.to_string()
                .lines()
                .next()
                .unwrap_or_default()
                .trim()
                .to_string()
        })
        .collect::<Vec<_>>()
        .join(": ")
}

impl Plugin {
    /// Links a compiled component under `grants` and asks it for its tools.
    pub async fn load(
        engine: &Engine,
        compiled: Compiled,
        grants: &Grants,
        limits: Limits,
        ctx: &HostCtx,
    ) -> Result<Plugin, LoadError> {
        let Compiled {
            name,
            origin,
            sha256,
            component,
        } = compiled;
        let name = name.as_str();
        let requested = requested_capabilities(engine, &component, name)?;
        let capabilities: Vec<Capability> = requested.iter().map(|(c, _)| *c).collect();
        if let Some((_, interface)) = requested.iter().find(|(c, _)| !grants.allows(*c)) {
            return Err(LoadError::NotGranted {
                plugin: name.to_string(),
                interface: interface.clone(),
                granted: format!("{:?}", grants.keys()),
                policy_key: grant_line(name, &capabilities),
            });
        }
        let link_err = |e: wasmtime::Error| LoadError::Link {
            plugin: name.to_string(),
            cause: format!("{e:#}"),
        };
        let linker = host::linker(engine, grants).map_err(link_err)?;
        let pre = linker.instantiate_pre(&component).map_err(link_err)?;
        let version =
            versions::exported_version(engine, &component).ok_or_else(|| LoadError::Link {
                plugin: name.to_string(),
                cause: format!(
                    "it exports no tgmcp:plugin/tool interface of a version this host links ({})",
                    super::bindings::VERSIONS.join(", ")
                ),
            })?;
        let pre = Pre::new(pre, version).map_err(link_err)?;
        let mut plugin = Plugin {
            name: name.to_string(),
            origin,
            sha256,
            capabilities,
            tools: Vec::new(),
            overrides: Vec::new(),
            memory: plugin_share(&ctx.memory, &limits),
            slots: Arc::new(tokio::sync::Semaphore::new(
                (limits.concurrent_calls / 2).max(1),
            )),
            limits,
            pre,
            engine: engine.clone(),
        };
        let infos = plugin
            .describe(ctx)
            .await
            .map_err(|e| LoadError::Describe {
                plugin: name.to_string(),
                cause: e.to_string(),
            })?;
        // Parsing and compiling schemas is CPU work a plugin controls: off the async workers.
        let owned = name.to_string();
        let check = if plugin.origin == Origin::Builtin {
            Check::OnFirstUse
        } else {
            Check::AtLoad
        };
        let mut tools = tokio::task::spawn_blocking(move || tools_from_infos(&owned, infos, check))
            .await
            .map_err(|e| LoadError::Describe {
                plugin: name.to_string(),
                cause: e.to_string(),
            })??;
        for t in &mut tools {
            if plugin.origin != Origin::Builtin {
                // An operator's plugin is listed in every profile: putting it
                // there was the choice, whatever it declares.
                t.placement = None;
            } else if t.placement.is_none() {
                return Err(LoadError::BadTool {
                    plugin: name.to_string(),
                    tool: t.name.clone(),
                    cause: "a built-in tool must declare its profile (Tool::profile)".into(),
                });
            }
        }
        plugin.tools = tools;
        Ok(plugin)
    }

    fn store(
        &self,
        ctx: &HostCtx,
        tool: &str,
        client: &str,
        permits: Option<CallPermits>,
        deadline: tokio::time::Instant,
    ) -> Store<CallState> {
        let caller = Caller {
            plugin: self.name.as_str().into(),
            tool: tool.to_string(),
            client: client.to_string(),
        };
        let guard = Guard::new(ctx.backend.clone(), ctx.policy.clone(), caller);
        let state = CallState::new(
            guard,
            CallLimiter::new(&self.limits, self.memory.clone(), ctx.memory.clone()),
        );
        let mut state = state;
        state.hold(permits, ctx.long_ops.clone(), client);
        // Two seconds (or a tenth) of the call's time stay for the plugin's
        // answer; the time spent waiting for a slot is gone already.
        let margin = (self.limits.timeout / 10).max(std::time::Duration::from_secs(2));
        state.max_wait = deadline
            .saturating_duration_since(tokio::time::Instant::now())
            .saturating_sub(margin)
            .max(std::time::Duration::from_millis(100));
        let mut store = Store::new(&self.engine, state);
        store.limiter_async(|s| &mut s.limits);
        let budget = (self.limits.cpu_budget.as_millis() / EPOCH_TICK.as_millis()).max(1) as u64;
        store.set_epoch_deadline(1);
        // Each callback is about one tick of wasm execution: count them against
        // the budget, and yield so a busy plugin never starves the executor.
        store.epoch_deadline_callback(move |mut ctx| {
            let st = ctx.data_mut();
            st.ticks += 1;
            if st.ticks > budget {
                Err(wasmtime::Error::new(CpuBudgetSpent))
            } else {
                // tokio's own yield puts the call behind every task that is
                // ready; a plain wake would run it again at once (tokio's
                // LIFO slot), and a looping plugin would keep other clients'
                // requests waiting on a busy worker.
                Ok(UpdateDeadline::YieldCustom(
                    1,
                    Box::pin(tokio::task::yield_now()),
                ))
            }
        });
        store
    }

    fn explain(&self, err: wasmtime::Error, store: &Store<CallState>, ctx: &HostCtx) -> CallError {
        let plugin = self.name.clone();
        if store.data().limits.budget_exhausted {
            return CallError::MemoryBudget {
                plugin,
                mib: ctx.memory.total() >> 20,
                share: self.memory.total() >> 20,
            };
        }
        if err.downcast_ref::<CpuBudgetSpent>().is_some() {
            return CallError::Cpu {
                plugin,
                ms: self.limits.cpu_budget.as_millis(),
            };
        }
        if store.data().limits.memory_exceeded {
            return CallError::Memory {
                plugin,
                mib: self.limits.memory_bytes >> 20,
            };
        }
        if let Some(Trap::StackOverflow) = err.downcast_ref::<Trap>() {
            return CallError::Stack { plugin };
        }
        let mut cause = match err.downcast_ref::<Trap>() {
            Some(t) => t.to_string(),
            None => format!("{err:#}"),
        };
        let stderr = store.data().stderr_text();
        if !stderr.is_empty() {
            // Rust's panic hint about RUST_BACKTRACE means nothing to a user here.
            let lines: Vec<&str> = stderr
                .lines()
                .filter(|l| !l.starts_with("note: run with"))
                .collect();
            let tail = &lines[lines.len().saturating_sub(3)..];
            cause = format!("{cause}; plugin output: {}", tail.join(" | "));
            tracing::warn!(plugin = %self.name, stderr = %truncate(&escape(&stderr), MAX_ERROR_BYTES), "plugin wrote to stderr before failing");
        }
        CallError::Trap {
            plugin,
            cause: bound_text(&cause),
        }
    }

    /// Asks the plugin for its tools (in a fresh store, like any call).
    pub async fn describe(&self, ctx: &HostCtx) -> Result<Vec<ToolInfo>, CallError> {
        let deadline = tokio::time::Instant::now() + self.limits.timeout;
        let mut store = self.store(ctx, "", "", None, deadline);
        let fut = self.pre.describe(&mut store);
        match tokio::time::timeout(self.limits.timeout, fut).await {
            Err(_) => Err(self.timeout()),
            Ok(Err(e)) => Err(self.explain(e, &store, ctx)),
            Ok(Ok(v)) => Ok(v),
        }
    }

    fn timeout(&self) -> CallError {
        CallError::Timeout {
            plugin: self.name.clone(),
            secs: self.limits.timeout.as_secs(),
        }
    }

    /// Calls one tool in a fresh store; returns its JSON result as text and
    /// its content blocks, size-checked (the caller parses the JSON, off the
    /// async workers for a plugin file).
    pub async fn call(
        &self,
        tool: &str,
        args: &Value,
        ctx: &HostCtx,
        client: &str,
        permits: Option<CallPermits>,
        deadline: tokio::time::Instant,
    ) -> Result<RawOutput, CallError> {
        let mut store = self.store(ctx, tool, client, permits, deadline);
        let args_json = args.to_string();
        let fut = self.pre.call(&mut store, tool, &args_json);
        let outcome = tokio::time::timeout_at(deadline, fut).await;
        if !matches!(outcome, Ok(Err(_))) {
            // Failures quote the output in their error (see `explain`).
            store.data_mut().log_output();
        }
        let out = match outcome {
            Err(_) => return Err(self.timeout()),
            Ok(Err(e)) => return Err(self.explain(e, &store, ctx)),
            Ok(Ok(Err(tool_err))) => return Err(CallError::Tool(bounded(tool_err))),
            Ok(Ok(Ok(out))) => out,
        };
        let bytes = out.json.as_ref().map_or(0, String::len)
            + out.content.iter().map(content_len).sum::<usize>();
        if bytes > self.limits.max_output_bytes {
            return Err(CallError::TooLarge {
                plugin: self.name.clone(),
                bytes,
                limit: self.limits.max_output_bytes,
            });
        }
        Ok(out)
    }
}

/// A plugin's error with every text escaped and cut to [`MAX_ERROR_BYTES`]: a
/// plugin may return 16 MiB of error, or a newline and a forged log line, and
/// the text goes to the client and the log.
fn bounded(e: ToolError) -> ToolError {
    let cut = |s: String| bound_text(&s);
    match e {
        ToolError::InvalidArgs(m) => ToolError::InvalidArgs(cut(m)),
        ToolError::Denied(m) => ToolError::Denied(cut(m)),
        ToolError::NotFound(m) => ToolError::NotFound(cut(m)),
        ToolError::Internal(m) => ToolError::Internal(cut(m)),
        ToolError::Telegram(mut t) => {
            t.name = quote(&t.name);
            ToolError::Telegram(t)
        }
    }
}

/// `s` cut to [`MAX_ERROR_BYTES`] (first, so 16 MiB is not copied) and escaped.
fn bound_text(s: &str) -> String {
    let head = truncate(s, MAX_ERROR_BYTES);
    truncate(&escape_all(&head), MAX_ERROR_BYTES)
}

/// The policy line granting `plugin` every capability it imports.
fn grant_line(plugin: &str, caps: &[Capability]) -> String {
    let keys: Vec<&str> = Grants::of(caps.iter().copied()).keys();
    format!("[plugins.{}] grant = {keys:?}", toml_key(plugin))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_huge_plugin_error_is_cut_for_client_and_log() {
        let e = bounded(ToolError::Internal("E".repeat(16 << 20)));
        let ToolError::Internal(m) = e else {
            panic!("variant kept")
        };
        assert!(m.len() < MAX_ERROR_BYTES + 64, "{}", m.len());
        assert!(m.ends_with("bytes cut)"), "says it was cut");
        let ToolError::Denied(m) =
            bounded(ToolError::Denied("no\nINFO tgmcp: forged\x1b[2K".into()))
        else {
            panic!("variant kept")
        };
        assert_eq!(m, "no\\nINFO tgmcp: forged\\u{1b}[2K");
    }
}
