//! Per-call resource limits.

use std::time::Duration;

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

/// Enforces [`Limits`] on a store and remembers which bound was hit, so a
/// trap can be explained ("exceeded its memory limit") rather than guessed.
pub struct CallLimiter {
    memory_bytes: usize,
    /// Set when the guest asked for more memory than allowed.
    pub memory_exceeded: bool,
}

impl CallLimiter {
    /// A limiter for `limits`.
    pub fn new(limits: &Limits) -> Self {
        CallLimiter {
            memory_bytes: limits.memory_bytes,
            memory_exceeded: false,
        }
    }
}

/// Table elements per table; generous for Rust guests, small for the host.
pub const MAX_TABLE_ELEMENTS: usize = 100_000;

impl wasmtime::ResourceLimiter for CallLimiter {
    fn memory_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        let ok = desired <= self.memory_bytes;
        if !ok {
            self.memory_exceeded = true;
        }
        Ok(ok)
    }

    fn table_growing(
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
