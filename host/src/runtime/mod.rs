//! The wasm side of the host: one engine, plugins as components, a registry
//! of tools swapped atomically, bounded calls in fresh stores.

pub mod bindings;
pub mod cache;
pub mod engine;
pub mod host;
pub mod limits;
pub mod plugin;
pub mod registry;
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
pub use limits::Limits;
use plugin::{CallError, LoadError, Origin, Plugin, ToolDef};
use registry::{PluginProblem, Registry};

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin_plugins.rs"));
}

/// What every call's host side needs.
#[derive(Clone)]
pub struct HostCtx {
    pub backend: Arc<dyn Backend>,
    pub policy: Arc<Policy>,
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
    #[error("tool \"{0}\" is disabled by the server's policy")]
    Disabled(String),
    #[error("invalid arguments for \"{tool}\": {message}")]
    InvalidArgs { tool: String, message: String },
    #[error("plugin \"{plugin}\" returned a result that does not match the output schema of \"{tool}\": {message}")]
    BadOutput {
        plugin: String,
        tool: String,
        message: String,
    },
    #[error(
        "the server is busy: {0} plugin calls are running (TGMCP_MAX_CONCURRENT_CALLS); try again"
    )]
    Busy(usize),
    #[error(transparent)]
    Call(#[from] CallError),
}

/// The state of one plugin file in the plugins directory.
struct FileEntry {
    sha256: String,
    /// The version serving now (the last good one).
    good: Option<Arc<Plugin>>,
    /// Why the newest version of the file failed, if it did.
    error: Option<String>,
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
    files: Mutex<BTreeMap<PathBuf, FileEntry>>,
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
        let mut rt = Runtime {
            engine,
            slots,
            ctx: HostCtx {
                backend,
                policy: Arc::new(policy),
            },
            limits,
            cache,
            builtins: Vec::new(),
            files: Mutex::new(BTreeMap::new()),
            registry: ArcSwap::from_pointee(Registry::default()),
            changes: watch::channel(0).0,
        };
        for (name, bytes) in builtin::BUILTIN {
            match rt.load_bytes(name, Origin::Builtin, bytes).await {
                Ok(p) => rt.builtins.push(Arc::new(p)),
                // A locked-down policy may leave a built-in out on purpose.
                Err(e @ LoadError::NotGranted { .. }) => {
                    tracing::info!(plugin = name, reason = %e, "built-in plugin not loaded")
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

    /// Compiles (or takes from cache), links and describes one component.
    pub async fn load_bytes(
        &self,
        name: &str,
        origin: Origin,
        bytes: &[u8],
    ) -> Result<Plugin, LoadError> {
        let sha = sha256_hex(bytes);
        let cached = self.cache.as_ref().and_then(|c| c.get(&self.engine, &sha));
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
                    cache.put(&sha, &c);
                }
                c
            }
        };
        let grants = self.ctx.policy.grants_for(name);
        let limits = self.limits.with(&self.ctx.policy.limit_overrides(name));
        let compiled = plugin::Compiled {
            name: name.to_string(),
            origin,
            sha256: sha,
            component,
        };
        Plugin::load(&self.engine, compiled, &grants, limits, &self.ctx).await
    }

    /// Loads or reloads one file of the plugins directory; a broken file keeps
    /// its last good version. Returns whether the tool list may have changed.
    pub async fn load_file(&self, path: &Path) -> bool {
        let bytes = match tokio::fs::read(path).await {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return self.remove_file(path).await
            }
            Err(e) => {
                self.record_failure(path, None, format!("could not read the file: {e}"))
                    .await;
                return true;
            }
        };
        let sha = sha256_hex(&bytes);
        if self
            .files
            .lock()
            .await
            .get(path)
            .is_some_and(|f| f.sha256 == sha)
        {
            return false;
        }
        let name = plugin_name(path);
        match self
            .load_bytes(&name, Origin::File(path.to_path_buf()), &bytes)
            .await
        {
            Ok(p) => {
                tracing::info!(plugin = %name, path = %path.display(), tools = p.tools.len(), "plugin loaded");
                self.files.lock().await.insert(
                    path.to_path_buf(),
                    FileEntry {
                        sha256: sha,
                        good: Some(Arc::new(p)),
                        error: None,
                    },
                );
            }
            Err(e) => self.record_failure(path, Some(sha), e.to_string()).await,
        }
        true
    }

    async fn record_failure(&self, path: &Path, sha: Option<String>, error: String) {
        let mut files = self.files.lock().await;
        let entry = files.entry(path.to_path_buf()).or_insert(FileEntry {
            sha256: String::new(),
            good: None,
            error: None,
        });
        tracing::error!(path = %path.display(), %error, keeping_previous = entry.good.is_some(), "plugin failed to load");
        entry.sha256 = sha.unwrap_or_default();
        entry.error = Some(error);
    }

    /// Whether the newest version of `path` failed to load.
    pub async fn has_error(&self, path: &Path) -> bool {
        self.files
            .lock()
            .await
            .get(path)
            .is_some_and(|f| f.error.is_some())
    }

    /// Unloads the tools of a removed file.
    pub async fn remove_file(&self, path: &Path) -> bool {
        let removed = self.files.lock().await.remove(path).is_some();
        if removed {
            tracing::info!(path = %path.display(), "plugin removed");
        }
        removed
    }

    /// Loads every `*.wasm` in `dir` (sorted) and publishes the result.
    pub async fn load_dir(&self, dir: &Path) -> Result<(), RuntimeError> {
        for path in wasm_files(dir)? {
            self.load_file(&path).await;
        }
        self.publish().await;
        Ok(())
    }

    /// Rebuilds the registry from built-ins and files, swaps it in, and tells
    /// subscribers (every connected MCP session) that the tool list changed.
    pub async fn publish(&self) {
        let (good, problems) = {
            let files = self.files.lock().await;
            let good: Vec<Arc<Plugin>> = files.values().filter_map(|f| f.good.clone()).collect();
            let problems: Vec<PluginProblem> = files
                .iter()
                .filter_map(|(path, f)| {
                    f.error.as_ref().map(|e| PluginProblem {
                        path: path.clone(),
                        error: e.clone(),
                        serving_previous: f.good.is_some(),
                    })
                })
                .collect();
            (good, problems)
        };
        self.registry
            .store(Arc::new(Registry::build(&self.builtins, good, problems)));
        self.changes.send_modify(|v| *v += 1);
    }

    /// Whether a tool is visible under the policy (read-only hides writers).
    pub fn visible(&self, tool: &ToolDef) -> bool {
        (!self.ctx.policy.read_only || tool.read_only) && self.ctx.policy.tool_enabled(&tool.name)
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
    ) -> Result<Value, ToolCallError> {
        let reg = self.registry();
        let (plugin, tool) = reg
            .find(name)
            .ok_or_else(|| ToolCallError::UnknownTool(name.to_string()))?;
        if !self.visible(tool) {
            return Err(if self.ctx.policy.read_only && !tool.read_only {
                ToolCallError::ReadOnly(name.to_string())
            } else {
                ToolCallError::Disabled(name.to_string())
            });
        }
        tool.validate_args(&args)
            .map_err(|message| ToolCallError::InvalidArgs {
                tool: name.to_string(),
                message,
            })?;
        // A pool slot first: waiting is bounded by the call's own timeout.
        let permit = tokio::time::timeout(plugin.limits.timeout, self.slots.acquire()).await;
        let Ok(Ok(_permit)) = permit else {
            return Err(ToolCallError::Busy(self.limits.concurrent_calls));
        };
        let out = plugin.call(name, &args, &self.ctx, client).await?;
        tool.validate_output(&out)
            .map_err(|message| ToolCallError::BadOutput {
                plugin: plugin.name.clone(),
                tool: name.to_string(),
                message,
            })?;
        Ok(out)
    }
}

/// A plugin's name: its file stem.
pub fn plugin_name(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "plugin".into())
}

/// The `*.wasm` files directly in `dir`, sorted.
pub fn wasm_files(dir: &Path) -> Result<Vec<PathBuf>, RuntimeError> {
    let rd = std::fs::read_dir(dir).map_err(|e| RuntimeError::Dir {
        path: dir.to_path_buf(),
        cause: e.to_string(),
    })?;
    let mut out: Vec<PathBuf> = rd
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| is_wasm(p))
        .collect();
    out.sort();
    Ok(out)
}

/// Whether `path` names a plugin file.
pub fn is_wasm(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "wasm") && path.is_file()
}
