//! One loaded plugin: its compiled component, its tools, its capabilities,
//! and how to call it in a fresh, bounded store.

use std::path::PathBuf;
use std::sync::Arc;

use serde_json::{Map, Value};
use wasmtime::component::Component;
use wasmtime::{Engine, Store, Trap, UpdateDeadline};

use super::bindings::{ToolError, ToolInfo, WitContent};
use super::host::{self, CallState};
use super::limits::{CallLimiter, Limits, EPOCH_TICK};
use super::versions::{self, Pre};
use super::HostCtx;
use crate::policy::{Caller, Capability, Grants, Guard};

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

/// Why a plugin could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("plugin \"{plugin}\" is not a valid WebAssembly component: {cause}")]
    Compile { plugin: String, cause: String },
    #[error("plugin \"{plugin}\" imports {interface}, which the policy does not grant; grant it with `{policy_key}`")]
    NotGranted {
        plugin: String,
        interface: String,
        policy_key: String,
    },
    #[error("plugin \"{plugin}\" imports {interface}, which this host does not provide")]
    UnknownImport { plugin: String, interface: String },
    #[error("plugin \"{plugin}\" could not be linked: {cause}")]
    Link { plugin: String, cause: String },
    #[error("plugin \"{plugin}\" failed while describing its tools: {cause}")]
    Describe { plugin: String, cause: String },
    #[error("plugin \"{plugin}\": tool \"{tool}\": {cause}")]
    BadTool {
        plugin: String,
        tool: String,
        cause: String,
    },
}

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

/// A tool as the host serves it: WIT metadata plus parsed schemas.
#[derive(Clone)]
pub struct ToolDef {
    pub name: String,
    pub title: Option<String>,
    pub description: String,
    pub input_schema: Arc<Map<String, Value>>,
    pub output_schema: Option<Arc<Map<String, Value>>>,
    pub read_only: bool,
    pub destructive: bool,
    pub idempotent: bool,
    pub open_world: bool,
    validator: Arc<jsonschema::Validator>,
    output_validator: Option<Arc<jsonschema::Validator>>,
}

impl ToolDef {
    fn from_info(plugin: &str, info: ToolInfo) -> Result<Self, LoadError> {
        let bad = |cause: String| LoadError::BadTool {
            plugin: plugin.to_string(),
            tool: info.name.clone(),
            cause,
        };
        let valid_name = !info.name.is_empty()
            && info.name.len() <= 64
            && info
                .name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if !valid_name {
            return Err(bad(
                "names are 1-64 characters of A-Z, a-z, 0-9, _ and -".into()
            ));
        }
        let (input_schema, validator) =
            schema(&info.input_schema).map_err(|e| bad(format!("input schema: {e}")))?;
        let (output_schema, output_validator) = match &info.output_schema {
            Some(s) => {
                let (o, v) = schema(s).map_err(|e| bad(format!("output schema: {e}")))?;
                (Some(o), Some(v))
            }
            None => (None, None),
        };
        Ok(ToolDef {
            name: info.name,
            title: info.title,
            description: info.description,
            input_schema,
            output_schema,
            read_only: info.read_only,
            destructive: info.destructive,
            idempotent: info.idempotent,
            open_world: info.open_world,
            validator,
            output_validator,
        })
    }

    /// Checks arguments against the input schema; the message names the argument.
    pub fn validate_args(&self, args: &Value) -> Result<(), String> {
        let errors: Vec<String> = self
            .validator
            .iter_errors(args)
            .take(5)
            .map(|e| describe_error(&e))
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors.join("; "))
        }
    }

    /// Checks a structured result against the output schema, if there is one.
    pub fn validate_output(&self, out: &Value) -> Result<(), String> {
        match &self.output_validator {
            Some(v) => match v.iter_errors(out).next() {
                Some(e) => Err(describe_error(&e)),
                None => Ok(()),
            },
            None => Ok(()),
        }
    }
}

fn describe_error(e: &jsonschema::ValidationError<'_>) -> String {
    let path = e.instance_path().to_string();
    let path = path.trim_start_matches('/').replace('/', ".");
    if path.is_empty() {
        format!("arguments: {e}")
    } else {
        format!("argument \"{path}\": {e}")
    }
}

type Schema = (Arc<Map<String, Value>>, Arc<jsonschema::Validator>);

fn schema(text: &str) -> Result<Schema, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let Value::Object(obj) = &value else {
        return Err("must be a JSON object".into());
    };
    if obj.get("type").and_then(Value::as_str) != Some("object") {
        return Err("must have \"type\": \"object\"".into());
    }
    let validator = jsonschema::validator_for(&value).map_err(|e| e.to_string())?;
    Ok((Arc::new(obj.clone()), Arc::new(validator)))
}

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
    pub limits: Limits,
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
        for (cap, interface) in &requested {
            if !grants.allows(*cap) {
                return Err(LoadError::NotGranted {
                    plugin: name.to_string(),
                    interface: interface.clone(),
                    policy_key: cap.policy_hint(name),
                });
            }
        }
        let capabilities: Vec<Capability> = requested.into_iter().map(|(c, _)| c).collect();
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
        let mut seen = std::collections::HashSet::new();
        for info in infos {
            if !seen.insert(info.name.clone()) {
                return Err(LoadError::BadTool {
                    plugin: name.to_string(),
                    tool: info.name,
                    cause: "listed twice".into(),
                });
            }
            plugin.tools.push(ToolDef::from_info(name, info)?);
        }
        Ok(plugin)
    }

    fn store(&self, ctx: &HostCtx, tool: &str, client: &str) -> Store<CallState> {
        let caller = Caller {
            plugin: self.name.as_str().into(),
            tool: tool.to_string(),
            client: client.to_string(),
        };
        let guard = Guard::new(ctx.backend.clone(), ctx.policy.clone(), caller);
        let state = CallState::new(guard, CallLimiter::new(&self.limits));
        let mut store = Store::new(&self.engine, state);
        store.limiter(|s| &mut s.limits);
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
                Ok(UpdateDeadline::Yield(1))
            }
        });
        store
    }

    fn explain(&self, err: wasmtime::Error, store: &Store<CallState>) -> CallError {
        let plugin = self.name.clone();
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
            tracing::warn!(plugin = %self.name, stderr = %stderr, "plugin wrote to stderr before failing");
        }
        CallError::Trap { plugin, cause }
    }

    /// Asks the plugin for its tools (in a fresh store, like any call).
    pub async fn describe(&self, ctx: &HostCtx) -> Result<Vec<ToolInfo>, CallError> {
        let mut store = self.store(ctx, "", "");
        let fut = self.pre.describe(&mut store);
        match tokio::time::timeout(self.limits.timeout, fut).await {
            Err(_) => Err(self.timeout()),
            Ok(Err(e)) => Err(self.explain(e, &store)),
            Ok(Ok(v)) => Ok(v),
        }
    }

    fn timeout(&self) -> CallError {
        CallError::Timeout {
            plugin: self.name.clone(),
            secs: self.limits.timeout.as_secs(),
        }
    }

    /// Calls one tool in a fresh store; returns its JSON result and content blocks.
    pub async fn call(
        &self,
        tool: &str,
        args: &Value,
        ctx: &HostCtx,
        client: &str,
    ) -> Result<ToolOutput, CallError> {
        let mut store = self.store(ctx, tool, client);
        let args_json = args.to_string();
        let fut = self.pre.call(&mut store, tool, &args_json);
        let outcome = tokio::time::timeout(self.limits.timeout, fut).await;
        if !matches!(outcome, Ok(Err(_))) {
            // Failures quote the output in their error (see `explain`).
            store.data_mut().log_output();
        }
        let out = match outcome {
            Err(_) => return Err(self.timeout()),
            Ok(Err(e)) => return Err(self.explain(e, &store)),
            Ok(Ok(Err(tool_err))) => return Err(CallError::Tool(tool_err)),
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
        let json = match &out.json {
            Some(text) => Some(
                serde_json::from_str(text).map_err(|e| CallError::BadOutput {
                    plugin: self.name.clone(),
                    cause: e.to_string(),
                })?,
            ),
            None => None,
        };
        Ok(ToolOutput {
            json,
            content: out.content,
        })
    }
}
