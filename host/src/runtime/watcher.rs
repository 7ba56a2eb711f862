//! Watches the plugins directory: a changed `.wasm` is reloaded off the request
//! path and the registry swapped; a removed one is unloaded.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use notify::{RecursiveMode, Watcher};
use tokio::sync::mpsc;

use super::Runtime;

/// Quiet time after the last event before reloading. Short, because a copy
/// caught half-written is simply loaded again (see [`RECHECK`]).
pub const DEBOUNCE: Duration = Duration::from_millis(20);

/// A file that fails to load while still fresh is looked at again this much later:
/// it may have been caught mid-copy.
pub const RECHECK: Duration = Duration::from_millis(300);

/// Starts watching `dir`; runs for the life of the process.
pub fn spawn(rt: Arc<Runtime>, dir: PathBuf) {
    let (tx, mut rx) = mpsc::unbounded_channel::<PathBuf>();
    let retry = tx.clone();
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
                if rt.has_error(p).await && modified_within(p, Duration::from_secs(2)) {
                    let (retry, p) = (retry.clone(), p.clone());
                    tokio::spawn(async move {
                        tokio::time::sleep(RECHECK).await;
                        let _ = retry.send(p);
                    });
                }
            }
            if changed {
                rt.publish().await;
            }
        }
    });
}

fn modified_within(p: &Path, d: Duration) -> bool {
    std::fs::metadata(p)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age < d)
}

fn is_plugin_path(p: &Path) -> bool {
    p.extension().is_some_and(|e| e == "wasm")
}
