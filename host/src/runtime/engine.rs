//! The one wasmtime engine of the process and its epoch ticker.

use wasmtime::{Config, Engine};

use super::limits::EPOCH_TICK;

/// Builds the engine: component model, async host calls, epoch interruption.
pub fn new_engine() -> wasmtime::Result<Engine> {
    let mut cfg = Config::new();
    cfg.wasm_component_model(true);
    cfg.epoch_interruption(true);
    // Deep recursion traps as "call stack exhausted" well before the host stack.
    cfg.max_wasm_stack(1 << 20);
    let engine = Engine::new(&cfg)?;
    spawn_ticker(&engine);
    Ok(engine)
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
