//! The plugins directory: files loaded, reloaded, broken and removed, and the
//! registry rebuilt from them.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::limits::{MAX_ERROR_BYTES, MAX_PLUGIN_FILE_BYTES};
use super::plugin::{Origin, Plugin};
use super::registry::{PluginProblem, Registry};
use super::text::{escape, shown, truncate};
use super::{sha256_hex, Runtime, RuntimeError};

/// The state of one plugin file in the plugins directory.
pub(super) struct FileEntry {
    sha256: String,
    /// The version serving now (the last good one).
    good: Option<Arc<Plugin>>,
    /// Why the newest version of the file failed, if it did.
    error: Option<String>,
}

impl Runtime {
    /// Loads or reloads one file of the plugins directory; a broken file keeps
    /// its last good version. Returns whether the tool list may have changed.
    pub async fn load_file(&self, path: &Path) -> bool {
        let size = tokio::fs::metadata(path)
            .await
            .map(|m| m.len())
            .unwrap_or(0);
        if size > MAX_PLUGIN_FILE_BYTES {
            let error = format!(
                "the file has {size} bytes; plugins may have at most {MAX_PLUGIN_FILE_BYTES}"
            );
            self.record_failure(path, None, error).await;
            return true;
        }
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
        match self
            .load_hashed("", Origin::File(path.to_path_buf()), &bytes, &sha)
            .await
        {
            Ok(p) => {
                tracing::info!(plugin = %p.name, path = %shown(path), tools = p.tools.len(), "plugin loaded");
                self.files.lock().await.insert(
                    path.to_path_buf(),
                    FileEntry {
                        sha256: sha,
                        good: Some(Arc::new(p)),
                        error: None,
                    },
                );
            }
            Err(e) => {
                let error = truncate(&escape(&e.to_string()), MAX_ERROR_BYTES);
                self.record_failure(path, Some(sha), error).await
            }
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
        tracing::error!(path = %shown(path), %error, keeping_previous = entry.good.is_some(), "plugin failed to load");
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
            tracing::info!(path = %shown(path), "plugin removed");
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
        let next = Registry::build(&self.builtins, good, problems);
        // Announce only what clients can see: a broken overwrite keeps the
        // last good version, so its tool list (and every plugin) is the same.
        let tools = |r: &Registry| -> Vec<_> {
            r.tools()
                .map(|(p, t)| (Arc::as_ptr(p), t.name.clone()))
                .collect()
        };
        let changed = tools(&self.registry.load()) != tools(&next);
        self.registry.store(Arc::new(next));
        if changed {
            self.changes.send_modify(|v| *v += 1);
        }
    }
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
