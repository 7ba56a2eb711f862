//! `tgmcp plugin new` and `tgmcp plugin inspect`.

use std::path::{Path, PathBuf};

use super::inspect::{self, Inspection};
use super::serve::{self, ServeError};
use crate::config::{PolicyArgs, SandboxArgs};
use crate::runtime::Runtime;
use crate::telegram::grammers;

/// Creates a plugin crate; returns its directory and the .wasm file it builds.
pub fn new(name: &str, dir: &Path) -> Result<(PathBuf, String), crate::scaffold::ScaffoldError> {
    let root = crate::scaffold::new_plugin(name, dir)?;
    Ok((root, format!("{}.wasm", name.replace('-', "_"))))
}

/// Inspects a component as the server would load it under the policy.
pub async fn inspect(
    file: &Path,
    policy: &PolicyArgs,
    sandbox: &SandboxArgs,
) -> Result<Inspection, ServeError> {
    // The compile cache makes inspecting a big component (e.g. Python) fast the second time.
    let cache = sandbox.cache_dir();
    // Inspecting asks Telegram nothing: no demo server, no connection.
    let backend = grammers::offline()
        .await
        .map_err(|e| ServeError::Telegram(e.to_string()))?;
    let rt = Runtime::new(
        backend,
        serve::policy(policy)?,
        sandbox.limits(),
        cache.as_deref(),
    )
    .await?;
    Ok(inspect::inspect(&rt, file).await?)
}
