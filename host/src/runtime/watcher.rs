//! Watches the plugins directory: a changed `.wasm` is reloaded off the request
//! path and the registry swapped; a removed one is unloaded.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use notify::{RecursiveMode, Watcher};
use tokio::sync::mpsc;

use super::Runtime;

/// Quiet time after the last event before reloading: copies arrive in chunks.
pub const DEBOUNCE: Duration = Duration::from_millis(150);

/// Starts watching `dir`; runs for the life of the process.
pub fn spawn(rt: Arc<Runtime>, dir: PathBuf) {
    let (tx, mut rx) = mpsc::unbounded_channel::<PathBuf>();
    let watcher =
        notify::recommended_watcher(move |res: notify::Result<notify::Event>| match res {
            Ok(ev) => {
                for p in ev.paths {
                    let _ = tx.send(p);
                }
            }
            Err(e) => tracing::warn!(error = %e, "plugins directory watch error"),
        });
    let mut watcher = match watcher {
        Ok(w) => w,
        Err(e) => {
            tracing::error!(dir = %dir.display(), error = %e, "cannot watch the plugins directory; restart to pick up changes");
            return;
        }
    };
    if let Err(e) = watcher.watch(&dir, RecursiveMode::NonRecursive) {
        tracing::error!(dir = %dir.display(), error = %e, "cannot watch the plugins directory; restart to pick up changes");
        return;
    }
    tracing::info!(dir = %dir.display(), "watching the plugins directory");
    tokio::spawn(async move {
        let _watcher = watcher;
        while let Some(first) = rx.recv().await {
            let mut paths = BTreeSet::from([first]);
            // Debounce: gather events until the directory has been quiet a moment.
            while let Ok(Some(p)) = tokio::time::timeout(DEBOUNCE, rx.recv()).await {
                paths.insert(p);
            }
            let mut changed = false;
            for p in paths.iter().filter(|p| is_plugin_path(p)) {
                changed |= rt.load_file(p).await;
            }
            if changed {
                rt.publish().await;
            }
        }
    });
}

fn is_plugin_path(p: &Path) -> bool {
    p.extension().is_some_and(|e| e == "wasm")
}
