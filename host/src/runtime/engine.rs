//! The one wasmtime engine of the process, its instance pool and its epoch ticker.

use std::sync::Arc;

use tokio::sync::Semaphore;
use wasmtime::{Config, Enabled, Engine, InstanceAllocationStrategy, PoolingAllocationConfig};

use super::limits::{Limits, EPOCH_TICK};

/// Instances beyond the call cap, for loading plugins (describe) while the cap
/// is in use: loads are sequential (startup, then one watcher).
const LOAD_RESERVE: u32 = 2;
/// Dirty linear memory reset with `memset` (found by `PAGEMAP_SCAN`) instead of
/// `madvise` per slot: a call touches tens of KiB, and keeping those pages
/// resident is what makes a fresh instance per call cheap. Per slot, so the
/// pool keeps at most `slots × this` resident between calls.
const KEEP_RESIDENT: usize = 1 << 20;
/// Memories, tables and core instances one component may use; generous for
/// Rust and componentize-py components, like the store limiter's counts.
const MEMORIES_PER_COMPONENT: u32 = 4;
const TABLES_PER_COMPONENT: u32 = 8;
const CORE_INSTANCES_PER_COMPONENT: u32 = 16;

/// Builds the engine (component model, async host calls, epoch interruption,
/// pooled instances) and the semaphore of call slots that bounds concurrent
/// instances, and with them plugin memory: at most `concurrent_calls ×
/// memory_bytes`.
pub fn new_engine(limits: &Limits) -> wasmtime::Result<(Engine, Arc<Semaphore>)> {
    let mut cfg = Config::new();
    cfg.wasm_component_model(true);
    cfg.epoch_interruption(true);
    // Deep recursion traps as "call stack exhausted" well before the host stack.
    cfg.max_wasm_stack(1 << 20);
    let calls = limits.concurrent_calls.max(1) as u32;
    // Calls that moved to a wait or a URL fetch keep their instance.
    let slots = calls + limits.long_calls() as u32 + LOAD_RESERVE;
    // Per-call mmap/munmap and page faults of the on-demand allocator were 40%
    // of the host's CPU per call; pooled slots are mapped once and reset in place.
    let mut pool = PoolingAllocationConfig::new();
    pool.total_component_instances(slots)
        .total_core_instances(slots * CORE_INSTANCES_PER_COMPONENT)
        .total_memories(slots * MEMORIES_PER_COMPONENT)
        .total_tables(slots * TABLES_PER_COMPONENT)
        .total_stacks(slots)
        .max_memories_per_component(MEMORIES_PER_COMPONENT)
        .max_tables_per_component(TABLES_PER_COMPONENT)
        .max_tables_per_module(TABLES_PER_COMPONENT)
        .table_elements(super::limits::MAX_TABLE_ELEMENTS)
        // The store limiter enforces each plugin's own limit (policy overrides
        // may raise it); slots are address space only, not memory.
        .max_memory_size(1 << 32)
        .linear_memory_keep_resident(KEEP_RESIDENT.min(limits.memory_bytes))
        .table_keep_resident(64 << 10)
        .pagemap_scan(Enabled::Auto)
        .max_unused_warm_slots(slots);
    cfg.allocation_strategy(InstanceAllocationStrategy::Pooling(pool));
    let engine = Engine::new(&cfg)?;
    spawn_ticker(&engine);
    Ok((engine, Arc::new(Semaphore::new(calls as usize))))
}

/// Bumps the epoch every tick for as long as the engine lives.
fn spawn_ticker(engine: &Engine) {
    let weak = engine.weak();
    let spawned = std::thread::Builder::new()
        .name("tgmcp-epoch".into())
        .spawn(move || loop {
            std::thread::sleep(EPOCH_TICK);
            match weak.upgrade() {
                Some(e) => e.increment_epoch(),
                None => return,
            }
        });
    if let Err(e) = spawned {
        tracing::error!(error = %e, "could not start the epoch ticker; runaway plugins will only stop at the call timeout");
    }
}
