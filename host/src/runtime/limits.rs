//! Budgets: per-call resource limits, the caps on what a plugin may make the
//! host hold or do (tools, schemas, errors, validation), and the server-wide
//! budget of plugin memory. docs/architecture.md "Budgets" lists them all.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;

/// Largest plugin file, bytes (a componentize-py component is ~18 MB).
pub const MAX_PLUGIN_FILE_BYTES: u64 = 128 << 20;
/// Most tools one plugin may describe.
pub const MAX_TOOLS_PER_PLUGIN: usize = 128;
/// Largest input or output schema of one tool, bytes of JSON.
pub const MAX_SCHEMA_BYTES: usize = 64 << 10;
/// Most nodes of one schema with every `$ref` expanded (its validation cost per value).
pub const MAX_SCHEMA_NODES: u64 = 10_000;
/// Longest tool description, bytes.
pub const MAX_DESCRIPTION_BYTES: usize = 8 << 10;
/// Longest tool title, bytes.
pub const MAX_TITLE_BYTES: usize = 256;
/// All of one plugin's names, titles, descriptions and schemas together, bytes.
pub const MAX_PLUGIN_METADATA_BYTES: usize = 1 << 20;
/// Longest error text a plugin's error or trap puts in front of a client or into the log.
pub const MAX_ERROR_BYTES: usize = 4 << 10;
/// Longest value or name quoted inside a message, bytes.
pub const MAX_QUOTED_BYTES: usize = 256;
/// Most validation work one call may ask for: schema nodes × bytes of the value.
/// A plugin's result of 4 MiB may meet a schema of 256 nodes; a larger value or
/// schema is refused before any work is done.
pub const VALIDATION_BUDGET: u64 = 1 << 30;
/// Server-wide plugin memory, as a multiple of the per-call memory limit; one
/// plugin's calls together may hold half of it.
pub const MEMORY_TOTAL_FACTOR: usize = 4;
/// How long a call waits for plugin memory other calls hold before it fails.
pub const MEMORY_WAIT: Duration = Duration::from_millis(500);

/// Bounds of one tool call.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Linear memory per instance, bytes.
    pub memory_bytes: usize,
    /// Wall-clock bound on the whole call, Telegram waits included.
    pub timeout: Duration,
    /// WebAssembly execution time per call (epoch ticks while wasm runs).
    pub cpu_budget: Duration,
    /// Largest result a plugin may return, bytes.
    pub max_output_bytes: usize,
    /// Plugin calls running at once, server-wide (instance pool slots); with
    /// `memory_bytes`, the bound on plugin memory under load.
    pub concurrent_calls: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            memory_bytes: 64 << 20,
            timeout: Duration::from_secs(30),
            cpu_budget: Duration::from_secs(5),
            max_output_bytes: 4 << 20,
            concurrent_calls: 16,
        }
    }
}

impl Limits {
    /// Places for waits and URL fetches beside the call slots: half as many
    /// (at least one). Their instances come from the pool too.
    pub fn long_calls(&self) -> usize {
        (self.concurrent_calls / 2).max(1)
    }

    /// These limits with a policy's per-plugin overrides applied.
    pub fn with(&self, o: &crate::policy::LimitOverrides) -> Limits {
        let mut l = self.clone();
        if let Some(m) = o.memory_mib {
            l.memory_bytes = m << 20;
        }
        if let Some(s) = o.timeout_secs {
            l.timeout = Duration::from_secs(s.max(1));
        }
        if let Some(ms) = o.cpu_ms {
            l.cpu_budget = Duration::from_millis(ms.max(10));
        }
        l
    }
}

/// One epoch tick: the granularity of CPU budgets.
pub const EPOCH_TICK: Duration = Duration::from_millis(10);

/// Linear memory of all plugin calls in flight together: each call reserves
/// what its instance grows to and returns it when its store is dropped.
#[derive(Debug)]
pub struct MemoryBudget {
    total: usize,
    used: AtomicUsize,
    freed: Notify,
}

impl MemoryBudget {
    /// A budget of `total` bytes.
    pub fn new(total: usize) -> Arc<Self> {
        Arc::new(MemoryBudget {
            total,
            used: AtomicUsize::new(0),
            freed: Notify::new(),
        })
    }

    /// The budget, bytes.
    pub fn total(&self) -> usize {
        self.total
    }

    /// Bytes reserved now.
    pub fn used(&self) -> usize {
        self.used.load(Ordering::Relaxed)
    }

    fn try_reserve(&self, bytes: usize) -> bool {
        self.used
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |u| {
                u.checked_add(bytes).filter(|n| *n <= self.total)
            })
            .is_ok()
    }

    /// Reserves `bytes`, waiting up to `wait` for other calls to return theirs.
    /// No queue: a small request is not held up behind a large one.
    pub async fn reserve(&self, bytes: usize, wait: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let freed = self.freed.notified();
            tokio::pin!(freed);
            freed.as_mut().enable();
            if self.try_reserve(bytes) {
                return true;
            }
            if tokio::time::timeout_at(deadline, freed).await.is_err() {
                return self.try_reserve(bytes);
            }
        }
    }

    /// Returns `bytes` reserved earlier.
    pub fn release(&self, bytes: usize) {
        if bytes > 0 {
            self.used.fetch_sub(bytes, Ordering::AcqRel);
            self.freed.notify_waiters();
        }
    }
}

/// Enforces [`Limits`] on a store and remembers which bound was hit, so a
/// trap can be explained ("exceeded its memory limit") rather than guessed.
pub struct CallLimiter {
    memory_bytes: usize,
    /// Set when the guest asked for more memory than allowed.
    pub memory_exceeded: bool,
    /// Set when the server-wide plugin memory stayed in use by other calls.
    pub budget_exhausted: bool,
    /// The plugin's share, then the server's budget: a growth takes from both.
    budgets: [Arc<MemoryBudget>; 2],
    reserved: usize,
}

impl CallLimiter {
    /// A limiter for `limits`, drawing memory from the plugin's `share` of
    /// the server's `budget` and from the budget itself.
    pub fn new(limits: &Limits, share: Arc<MemoryBudget>, budget: Arc<MemoryBudget>) -> Self {
        CallLimiter {
            memory_bytes: limits.memory_bytes,
            memory_exceeded: false,
            budget_exhausted: false,
            budgets: [share, budget],
            reserved: 0,
        }
    }

    async fn reserve(&mut self, bytes: usize) -> bool {
        let [share, all] = &self.budgets;
        if !share.reserve(bytes, MEMORY_WAIT).await {
            return false;
        }
        if !all.reserve(bytes, MEMORY_WAIT).await {
            share.release(bytes);
            return false;
        }
        self.reserved += bytes;
        true
    }
}

impl Drop for CallLimiter {
    fn drop(&mut self) {
        for b in &self.budgets {
            b.release(self.reserved);
        }
    }
}

/// One plugin's share of the server's plugin memory: half of it (or its own
/// per-call limit, if larger), so one plugin's calls leave room for the rest.
pub fn plugin_share(budget: &MemoryBudget, limits: &Limits) -> Arc<MemoryBudget> {
    MemoryBudget::new((budget.total() / 2).max(limits.memory_bytes))
}

/// Table elements per table; generous for Rust guests, small for the host.
pub const MAX_TABLE_ELEMENTS: usize = 100_000;

#[async_trait::async_trait]
impl wasmtime::ResourceLimiterAsync for CallLimiter {
    async fn memory_growing(
        &mut self,
        current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        if desired > self.memory_bytes {
            self.memory_exceeded = true;
            return Ok(false);
        }
        if !self.reserve(desired.saturating_sub(current)).await {
            self.budget_exhausted = true;
            return Ok(false);
        }
        Ok(true)
    }

    async fn table_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        Ok(desired <= MAX_TABLE_ELEMENTS)
    }

    fn instances(&self) -> usize {
        64
    }

    fn tables(&self) -> usize {
        64
    }

    fn memories(&self) -> usize {
        16
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_memory_budget_waits_briefly_then_refuses() {
        let b = MemoryBudget::new(100);
        assert!(b.reserve(60, Duration::ZERO).await);
        let start = std::time::Instant::now();
        assert!(!b.reserve(60, Duration::from_millis(50)).await);
        assert!(start.elapsed() >= Duration::from_millis(50));
        // A small request fits beside the large one.
        assert!(b.reserve(40, Duration::ZERO).await);
        let b2 = b.clone();
        let waiter = tokio::spawn(async move { b2.reserve(50, Duration::from_secs(5)).await });
        tokio::time::sleep(Duration::from_millis(20)).await;
        b.release(60);
        assert!(waiter.await.unwrap(), "a release wakes the waiter");
        assert_eq!(b.used(), 90);
    }
}
