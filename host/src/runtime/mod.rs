//! The wasm side of the host: one engine, plugins as components, a registry
//! of tools swapped atomically, bounded calls in fresh stores.

pub mod bindings;
pub mod cache;
pub mod engine;
mod files;
pub mod host;
pub mod identity;
pub mod limits;
pub mod load_error;
pub mod long_ops;
pub mod per_client;
pub mod plugin;
pub mod registry;
pub mod renamed;
pub mod schema;
pub mod text;
pub mod tool;
pub mod validate;
pub mod versions;
pub mod watcher;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arc_swap::ArcSwap;
use serde_json::Value;
use sha2::{Digest, Sha256};
use tokio::sync::{watch, Mutex};
use wasmtime::Engine;

use crate::policy::Policy;
use crate::telegram::Backend;
pub use bindings::ToolError;
use cache::CompileCache;
pub use files::{is_wasm, wasm_files};
pub use identity::{plugin_name, Identity};
pub use limits::Limits;
use limits::{MemoryBudget, MEMORY_TOTAL_FACTOR};
pub use plugin::ToolOutput;
use plugin::{CallError, LoadError, Origin, Plugin, ToolDef};
use registry::Registry;
use validate::Validation;

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin_plugins.rs"));
}

/// What every call's host side needs.
#[derive(Clone)]
pub struct HostCtx {
    pub backend: Arc<dyn Backend>,
    pub policy: Arc<Policy>,
    /// Plugin memory across all calls in flight.
    pub memory: Arc<MemoryBudget>,
    /// Places for waits and URL fetches, apart from the short-call slots.
    pub long_ops: Arc<long_ops::LongOps>,
}

/// Why the runtime could not start.
#[derive(Debug, thiserror::Error)]
pub enum RuntimeError {
    #[error("could not create the WebAssembly engine: {0}")]
    Engine(String),
    #[error("built-in plugin failed to load: {0}")]
    Builtin(LoadError),
    #[error("plugins directory {path}: {cause}")]
    Dir { path: PathBuf, cause: String },
}

/// Why a tools/call failed before or inside the plugin.
#[derive(Debug, thiserror::Error)]
pub enum ToolCallError {
    #[error("unknown tool \"{0}\"")]
    UnknownTool(String),
    #[error("tool \"{0}\" is not available: the server is read-only")]
    ReadOnly(String),
    /// Not served (profile, `TGMCP_TOOLS` or the policy's `[tools]`): the
    /// message says which setting would serve it.
    #[error("{0}")]
    Disabled(String),
    #[error("invalid arguments for \"{tool}\": {message}")]
    InvalidArgs { tool: String, message: String },
    #[error("plugin \"{plugin}\" returned a result that does not match the output schema of \"{tool}\": {message}")]
    BadOutput {
        plugin: String,
        tool: String,
        message: String,
    },
    #[error("plugin \"{plugin}\": {message}")]
    Validation { plugin: String, message: String },
    #[error(
        "the server is busy: {0} plugin calls are running (TGMCP_MAX_CONCURRENT_CALLS); try again"
    )]
    Busy(usize),
    #[error(transparent)]
    Call(#[from] CallError),
}

/// Engine, plugins, registry and the change feed for `tools/list_changed`.
pub struct Runtime {
    engine: Engine,
    /// One permit per instance the pool holds for calls.
    slots: Arc<tokio::sync::Semaphore>,
    ctx: HostCtx,
    limits: Limits,
    cache: Option<CompileCache>,
    builtins: Vec<Arc<Plugin>>,
    files: Mutex<BTreeMap<PathBuf, files::FileEntry>>,
    validation: Validation,
    registry: ArcSwap<Registry>,
    changes: watch::Sender<u64>,
}

/// sha256 of `bytes`, hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

impl Runtime {
    /// Creates the engine and loads the built-in plugins.
    pub async fn new(
        backend: Arc<dyn Backend>,
        policy: Policy,
        limits: Limits,
        cache_dir: Option<&Path>,
    ) -> Result<Arc<Runtime>, RuntimeError> {
        let (engine, slots) =
            engine::new_engine(&limits).map_err(|e| RuntimeError::Engine(format!("{e:#}")))?;
        let cache = cache_dir.map(|d| CompileCache::new(d, &engine));
        let memory = MemoryBudget::new(memory_total(&limits, &policy));
        let mut rt = Runtime {
            engine,
            slots,
            ctx: HostCtx {
                backend,
                policy: Arc::new(policy),
                memory,
                long_ops: long_ops::LongOps::new(limits.long_calls()),
            },
            limits,
            cache,
            builtins: Vec::new(),
            files: Mutex::new(BTreeMap::new()),
            validation: Validation::default(),
            registry: ArcSwap::from_pointee(Registry::default()),
            changes: watch::channel(0).0,
        };
        for (name, bytes, sha) in builtin::BUILTIN {
            match rt.load_hashed(name, Origin::Builtin, bytes, sha).await {
                Ok(p) => rt.builtins.push(Arc::new(p)),
                // A locked-down policy may leave a built-in out on purpose.
                // Said loudly: its tools vanish from the list, core ones included.
                Err(e @ LoadError::NotGranted { .. }) => {
                    tracing::warn!(plugin = name, reason = %e, "built-in plugin not loaded: its tools are not served")
                }
                Err(e) => return Err(RuntimeError::Builtin(e)),
            }
        }
        rt.registry.store(Arc::new(Registry::build(
            &rt.builtins,
            Vec::new(),
            Vec::new(),
        )));
        Ok(Arc::new(rt))
    }

    /// The host context (backend, policy) calls run with.
    pub fn ctx(&self) -> &HostCtx {
        &self.ctx
    }

    /// The engine (for inspection tools).
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// The current snapshot of tools.
    pub fn registry(&self) -> Arc<Registry> {
        self.registry.load_full()
    }

    /// A feed that ticks after every change of the tool list.
    pub fn subscribe(&self) -> watch::Receiver<u64> {
        self.changes.subscribe()
    }

    /// Names of the built-in plugins (reserved: no file may take one).
    pub fn builtin_names() -> Vec<&'static str> {
        builtin::BUILTIN.iter().map(|(n, _, _)| *n).collect()
    }

    /// Who the file at `path` with content `sha256` is, under the policy.
    pub fn identify(&self, path: &Path, sha256: &str) -> Result<Identity, LoadError> {
        identity::identify(&self.ctx.policy, &Self::builtin_names(), path, sha256).map_err(
            |reason| LoadError::Refused {
                file: identity::file_label(path),
                reason,
            },
        )
    }

    /// Compiles (or takes from cache), links and describes one component. A
    /// built-in loads as `name`; a file under the identity the policy gives it
    /// (see [`identity`]), whatever `name` says.
    pub async fn load_bytes(
        &self,
        name: &str,
        origin: Origin,
        bytes: &[u8],
    ) -> Result<Plugin, LoadError> {
        self.load_hashed(name, origin, bytes, &sha256_hex(bytes))
            .await
    }

    /// [`Runtime::load_bytes`] with the bytes' sha256 already known.
    pub(crate) async fn load_hashed(
        &self,
        name: &str,
        origin: Origin,
        bytes: &[u8],
        sha: &str,
    ) -> Result<Plugin, LoadError> {
        let (name, grants, overrides, identity) = match &origin {
            Origin::Builtin => (
                name.to_string(),
                self.ctx.policy.builtin_grants(name),
                self.ctx.policy.limit_overrides(name),
                None,
            ),
            Origin::File(path) => {
                let id = self.identify(path, sha)?;
                let grants = id.grants(&self.ctx.policy);
                let limits = id.limits(&self.ctx.policy);
                (id.name.clone(), grants, limits, Some(id))
            }
        };
        let name = name.as_str();
        let cached = self.cache.as_ref().and_then(|c| c.get(&self.engine, sha));
        let component = match cached {
            Some(c) => c,
            None => {
                let engine = self.engine.clone();
                let owned = bytes.to_vec();
                let n = name.to_string();
                let c = tokio::task::spawn_blocking(move || plugin::compile(&engine, &n, &owned))
                    .await
                    .map_err(|e| LoadError::Compile {
                        plugin: name.to_string(),
                        cause: e.to_string(),
                    })??;
                if let Some(cache) = &self.cache {
                    cache.put(sha, &c);
                }
                c
            }
        };
        let limits = self.limits.with(&overrides);
        let compiled = plugin::Compiled {
            name: name.to_string(),
            origin,
            sha256: sha.to_string(),
            component,
        };
        let mut p = Plugin::load(&self.engine, compiled, &grants, limits, &self.ctx).await?;
        if let Some(id) = identity {
            p.overrides = id.overrides;
        }
        Ok(p)
    }

    /// Whether a tool is visible under the policy (read-only hides writers).
    pub fn visible(&self, tool: &ToolDef) -> bool {
        let policy = &self.ctx.policy;
        (!policy.read_only || tool.read_only)
            && policy.admits(&tool.name, tool.read_only, tool.placement)
    }

    /// The tools clients see (read-only mode and tool filters applied), with their plugins.
    pub fn visible_tools(&self) -> Vec<(Arc<Plugin>, ToolDef)> {
        self.registry()
            .tools()
            .filter(|(_, t)| self.visible(t))
            .map(|(p, t)| (p.clone(), t.clone()))
            .collect()
    }

    /// Runs one tool for `client`: policy, argument validation, a bounded call, output validation.
    pub async fn call(
        &self,
        name: &str,
        args: Value,
        client: &str,
    ) -> Result<ToolOutput, ToolCallError> {
        let reg = self.registry();
        let (plugin, tool) = reg
            .find(name)
            .ok_or_else(|| ToolCallError::UnknownTool(name.to_string()))?;
        if !self.visible(tool) {
            return Err(if self.ctx.policy.read_only && !tool.read_only {
                ToolCallError::ReadOnly(name.to_string())
            } else {
                ToolCallError::Disabled(self.ctx.policy.why_hidden(name, tool.placement))
            });
        }
        let args = self.validation.args(plugin, tool, args).await?;
        // One deadline for the whole call: waiting for a slot counts.
        let deadline = tokio::time::Instant::now() + plugin.limits.timeout;
        // A pool slot first, within the plugin's share of them. A call that
        // starts a wait or a URL fetch gives both back (see `long_ops`).
        let permits = tokio::time::timeout_at(deadline, async {
            let share = plugin.slots.clone().acquire_owned().await?;
            let slot = self.slots.clone().acquire_owned().await?;
            Ok::<_, tokio::sync::AcquireError>(long_ops::CallPermits { share, slot })
        })
        .await;
        let Ok(Ok(permits)) = permits else {
            return Err(ToolCallError::Busy(self.limits.concurrent_calls));
        };
        let raw = plugin
            .call(name, &args, &self.ctx, client, Some(permits), deadline)
            .await?;
        let json = match raw.json {
            Some(text) => Some(self.validation.output(plugin, tool, text).await?),
            // A tool that promises structured output must give it.
            None if tool.output_schema.is_some() => {
                return Err(ToolCallError::BadOutput {
                    plugin: plugin.name.clone(),
                    tool: name.to_string(),
                    message: "the result has no structured content".into(),
                })
            }
            None => None,
        };
        Ok(ToolOutput {
            json,
            content: raw.content,
        })
    }
}

/// The server-wide plugin memory: a multiple of the per-call limit, and at
/// least the largest per-plugin limit, so every plugin can run alone.
fn memory_total(limits: &Limits, policy: &Policy) -> usize {
    let largest = policy
        .bindings()
        .iter()
        .filter_map(|(n, _)| policy.limit_overrides(n).memory_mib)
        .map(|m| m << 20)
        .max()
        .unwrap_or(0);
    (limits.memory_bytes * MEMORY_TOTAL_FACTOR).max(largest)
}

/// Names of the built-in plugins, loaded or not (a policy may leave one out).
pub fn builtin_names() -> impl Iterator<Item = &'static str> {
    builtin::BUILTIN.iter().map(|(name, _, _)| *name)
}
