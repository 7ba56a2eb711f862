//! Schema validation of arguments and results, inside a budget. A plugin
//! file's schemas are the plugin's to write, so checking a value against them
//! is work the plugin makes the host do: its cost is estimated first (schema
//! nodes × value bytes, refused over [`VALIDATION_BUDGET`]), and it runs on a
//! small blocking pool with a time limit, never on the async workers that
//! serve other clients. Built-in plugins' schemas are ours and checked inline.

use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use tokio::sync::Semaphore;

use super::limits::VALIDATION_BUDGET;
use super::plugin::{CallError, Origin, Plugin, ToolDef};
use super::ToolCallError;

/// The pool that checks plugin files' values.
pub struct Validation {
    permits: Arc<Semaphore>,
}

impl Default for Validation {
    fn default() -> Self {
        // Half the cores: a plugin whose validations run long cannot take the
        // machine from the async workers.
        let n = std::thread::available_parallelism().map_or(1, |n| n.get() / 2);
        Validation {
            permits: Arc::new(Semaphore::new(n.max(1))),
        }
    }
}

impl Validation {
    /// Checks a client's arguments against `tool`'s input schema (old names
    /// renamed first); gives them back.
    pub async fn args(
        &self,
        plugin: &Arc<Plugin>,
        tool: &ToolDef,
        args: Value,
    ) -> Result<Value, ToolCallError> {
        let args = tool.renamed.apply(args);
        let invalid = |message| ToolCallError::InvalidArgs {
            tool: tool.name.clone(),
            message,
        };
        if plugin.origin == Origin::Builtin {
            tool.validate_args(&args).map_err(invalid)?;
            return Ok(args);
        }
        budget(
            plugin,
            tool,
            tool.input_nodes,
            json_len(&args),
            "the arguments",
        )?;
        let t = tool.clone();
        let r = self
            .on_pool(plugin, tool, "the arguments", move || {
                let r = t.validate_args(&args);
                r.map(|()| args)
            })
            .await?;
        r.map_err(invalid)
    }

    /// Parses a plugin's result and checks it against `tool`'s output schema.
    /// For a plugin file both run on the pool: a 4 MiB result is CPU work too.
    pub async fn output(
        &self,
        plugin: &Arc<Plugin>,
        tool: &ToolDef,
        raw: String,
    ) -> Result<Value, ToolCallError> {
        let parse = {
            let plugin = plugin.name.clone();
            move |raw: &str| {
                serde_json::from_str::<Value>(raw).map_err(|e| CallError::BadOutput {
                    plugin,
                    cause: e.to_string(),
                })
            }
        };
        let bad = {
            let (plugin, tool) = (plugin.name.clone(), tool.name.clone());
            move |message| ToolCallError::BadOutput {
                plugin,
                tool,
                message,
            }
        };
        if plugin.origin == Origin::Builtin {
            let out = parse(&raw)?;
            tool.validate_output(&out).map_err(bad)?;
            return Ok(out);
        }
        if tool.output_schema.is_some() {
            budget(plugin, tool, tool.output_nodes, raw.len(), "the result")?;
        }
        let t = tool.clone();
        self.on_pool(plugin, tool, "the result", move || {
            let out = parse(&raw)?;
            t.validate_output(&out).map_err(bad)?;
            Ok(out)
        })
        .await?
    }

    /// Runs `job` on the pool within the plugin's CPU budget (waiting for a
    /// slot counts).
    async fn on_pool<T: Send + 'static>(
        &self,
        plugin: &Plugin,
        tool: &ToolDef,
        what: &str,
        job: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, ToolCallError> {
        let limit = plugin.limits.cpu_budget.max(Duration::from_millis(100));
        let checked = Checked {
            plugin: &plugin.name,
            tool: &tool.name,
            what,
        };
        on_pool(&self.permits, limit, checked, job).await
    }
}

/// What a pool job checks, for its error message.
struct Checked<'a> {
    plugin: &'a str,
    tool: &'a str,
    what: &'a str,
}

/// Runs `job` on a blocking thread once one of `permits` is free, giving up
/// after `limit`. A job past its time keeps its slot until it ends: a running
/// check cannot be stopped, so the pool stays bounded instead.
async fn on_pool<T: Send + 'static>(
    permits: &Arc<Semaphore>,
    limit: Duration,
    c: Checked<'_>,
    job: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ToolCallError> {
    let refuse = |message: String| ToolCallError::Validation {
        plugin: c.plugin.to_string(),
        message,
    };
    let work = async {
        let permit = permits
            .clone()
            .acquire_owned()
            .await
            .map_err(|e| refuse(e.to_string()))?;
        tokio::task::spawn_blocking(move || {
            let r = job();
            drop(permit);
            r
        })
        .await
        .map_err(|e| refuse(format!("checking {} failed: {e}", c.what)))
    };
    match tokio::time::timeout(limit, work).await {
        Err(_) => Err(refuse(format!(
            "checking {} of \"{}\" did not finish within {} ms (the plugin's CPU budget) and was abandoned",
            c.what,
            c.tool,
            limit.as_millis()
        ))),
        Ok(r) => r,
    }
}

/// Refuses a check whose cost (schema nodes × value bytes) is over the budget,
/// before any of it is done.
fn budget(
    plugin: &Plugin,
    tool: &ToolDef,
    nodes: u64,
    bytes: usize,
    what: &str,
) -> Result<(), ToolCallError> {
    let cost = nodes.saturating_mul(bytes as u64);
    if cost <= VALIDATION_BUDGET {
        return Ok(());
    }
    Err(ToolCallError::Validation {
        plugin: plugin.name.clone(),
        message: format!(
            "checking {what} of \"{}\" ({bytes} bytes) against its schema ({nodes} nodes) would cost {cost}, over the limit of {VALIDATION_BUDGET} (nodes × bytes); make the schema or the value smaller",
            tool.name
        ),
    })
}

/// Bytes of `v` as compact JSON, counted without building the text.
fn json_len(v: &Value) -> usize {
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0 += b.len();
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut c = Count(0);
    let _ = serde_json::to_writer(&mut c, v);
    c.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checked() -> Checked<'static> {
        Checked {
            plugin: "p",
            tool: "t",
            what: "the result",
        }
    }

    #[tokio::test]
    async fn a_slow_check_is_abandoned_and_keeps_the_pool_bounded() {
        let permits = Arc::new(Semaphore::new(1));
        let limit = Duration::from_millis(100);
        let slow = || std::thread::sleep(Duration::from_millis(600));
        let err = on_pool(&permits, limit, checked(), slow)
            .await
            .expect_err("over its time");
        assert!(
            err.to_string().contains(
                "did not finish within 100 ms (the plugin's CPU budget) and was abandoned"
            ),
            "{err}"
        );
        // The abandoned check still holds the only slot: the next waits and
        // is refused in its own time instead of adding a thread.
        let err = on_pool(&permits, limit, checked(), || ())
            .await
            .expect_err("no free slot within its time");
        assert!(err.to_string().contains("did not finish"), "{err}");
        // Once the slow check ends, the slot is back.
        tokio::time::sleep(Duration::from_millis(600)).await;
        assert!(on_pool(&permits, limit, checked(), || 7).await.is_ok());
    }
}
