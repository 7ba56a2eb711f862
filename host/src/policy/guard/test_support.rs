//! What the guard's tests share: a guard for `plugin` over the demo account
//! (the local MTProto server) under a policy that writes an audit file in
//! `dir`, and that file's lines.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use super::{Caller, Guard};
use crate::policy::Policy;
use crate::telegram::grammers::{self, GrammersBackend};

/// The guard and the backend under it (tests look at the account too).
pub(super) async fn audited_demo(
    dir: &Path,
    toml: &str,
    plugin: &str,
) -> (Guard, Arc<GrammersBackend>) {
    let toml = format!("{toml}\n[audit]\nfile = \"audit.jsonl\"");
    let policy = Policy::from_toml(&toml, &dir.join("policy.toml")).unwrap();
    let backend = grammers::demo(Duration::from_secs(5)).await.unwrap();
    let caller = Caller {
        plugin: plugin.into(),
        tool: "t".into(),
        client: "test".into(),
    };
    (
        Guard::new(backend.clone(), Arc::new(policy), caller),
        backend,
    )
}

/// The audit file's entries, oldest first.
pub(super) fn audit_lines(dir: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(dir.join("audit.jsonl"))
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}
