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
use super::plugin::{Origin, Plugin, ToolDef};
use super::ToolCallError;

/// What is being checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    /// A client's arguments against the input schema.
    Args,
    /// A plugin's result (of this many bytes) against the output schema.
    Output(usize),
}

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
    /// Checks `value` against `tool`'s schema for `which`; gives the value back.
    pub async fn check(
        &self,
        plugin: &Arc<Plugin>,
        tool: &ToolDef,
        value: Value,
        which: Which,
    ) -> Result<Value, ToolCallError> {
        let nodes = match which {
            Which::Args => tool.input_nodes,
            Which::Output(_) if tool.output_schema.is_none() => return Ok(value),
            Which::Output(_) => tool.output_nodes,
        };
        if plugin.origin == Origin::Builtin {
            run(tool, &value, which).map_err(|m| failed(plugin, tool, which, m))?;
            return Ok(value);
        }
        let bytes = match which {
            Which::Args => json_len(&value),
            Which::Output(n) => n,
        };
        let cost = nodes.saturating_mul(bytes as u64);
        let what = match which {
            Which::Args => "the arguments",
            Which::Output(_) => "the result",
        };
        let refuse = |message: String| ToolCallError::Validation {
            plugin: plugin.name.clone(),
            message,
        };
        if cost > VALIDATION_BUDGET {
            return Err(refuse(format!(
                "checking {what} of \"{}\" ({bytes} bytes) against its schema ({nodes} nodes) would cost {cost}, over the limit of {VALIDATION_BUDGET} (nodes × bytes); make the schema or the value smaller",
                tool.name
            )));
        }
        // The plugin's CPU budget bounds both the wait for a slot and the work.
        let limit = plugin.limits.cpu_budget.max(Duration::from_millis(100));
        let permit = tokio::time::timeout(limit, self.permits.clone().acquire_owned())
            .await
            .ok()
            .and_then(Result::ok)
            .ok_or_else(|| {
                refuse(format!(
                    "the server is busy checking other plugins' results; {what} of \"{}\" were not checked, try again",
                    tool.name
                ))
            })?;
        let t = tool.clone();
        // The slot is held until the work ends, even past the time limit: a
        // running check cannot be stopped, so the pool stays bounded instead.
        let job = tokio::task::spawn_blocking(move || {
            let r = run(&t, &value, which);
            drop(permit);
            (value, r)
        });
        match tokio::time::timeout(limit, job).await {
            Err(_) => Err(refuse(format!(
                "checking {what} of \"{}\" against its schema took over {} ms and was abandoned",
                tool.name,
                limit.as_millis()
            ))),
            Ok(Err(e)) => Err(refuse(format!("checking {what} failed: {e}"))),
            Ok(Ok((value, Ok(())))) => Ok(value),
            Ok(Ok((_, Err(m)))) => Err(failed(plugin, tool, which, m)),
        }
    }
}

fn run(tool: &ToolDef, value: &Value, which: Which) -> Result<(), String> {
    match which {
        Which::Args => tool.validate_args(value),
        Which::Output(_) => tool.validate_output(value),
    }
}

fn failed(plugin: &Plugin, tool: &ToolDef, which: Which, message: String) -> ToolCallError {
    match which {
        Which::Args => ToolCallError::InvalidArgs {
            tool: tool.name.clone(),
            message,
        },
        Which::Output(_) => ToolCallError::BadOutput {
            plugin: plugin.name.clone(),
            tool: tool.name.clone(),
            message,
        },
    }
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
