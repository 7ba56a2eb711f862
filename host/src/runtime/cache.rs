//! On-disk cache of compiled components, keyed by the engine's compatibility
//! hash and the component's sha256, so restarts skip Cranelift.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};

use wasmtime::component::Component;
use wasmtime::Engine;

/// A directory of `<engine hash>/<sha256>.cwasm` files.
#[derive(Debug, Clone)]
pub struct CompileCache {
    dir: PathBuf,
}

impl CompileCache {
    /// A cache under `root` for artifacts compatible with `engine`.
    pub fn new(root: &Path, engine: &Engine) -> Self {
        let mut h = DefaultHasher::new();
        engine.precompile_compatibility_hash().hash(&mut h);
        CompileCache {
            dir: root.join(format!("{:016x}", h.finish())),
        }
    }

    fn path(&self, sha256: &str) -> PathBuf {
        self.dir.join(format!("{sha256}.cwasm"))
    }

    /// The cached compilation of `sha256`, if present and loadable.
    pub fn get(&self, engine: &Engine, sha256: &str) -> Option<Component> {
        let path = self.path(sha256);
        if !path.exists() {
            return None;
        }
        // SAFETY: the file was written by `put` below from `Component::serialize`
        // of the same engine configuration (the directory name is the engine's
        // compatibility hash) into a directory only this user can write.
        match unsafe { Component::deserialize_file(engine, &path) } {
            Ok(c) => Some(c),
            Err(e) => {
                tracing::warn!(path = %path.display(), error = %e, "ignoring unusable compile cache entry");
                let _ = std::fs::remove_file(&path);
                None
            }
        }
    }

    /// Stores a compilation; failures only cost the next start some time.
    pub fn put(&self, sha256: &str, component: &Component) {
        let result = (|| -> std::io::Result<()> {
            create_private_dir(&self.dir)?;
            let bytes = component.serialize().map_err(std::io::Error::other)?;
            let tmp = self.dir.join(format!("{sha256}.tmp{}", std::process::id()));
            std::fs::write(&tmp, bytes)?;
            std::fs::rename(&tmp, self.path(sha256))
        })();
        if let Err(e) = result {
            tracing::debug!(dir = %self.dir.display(), error = %e, "could not write compile cache");
        }
    }
}

fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir)
}
