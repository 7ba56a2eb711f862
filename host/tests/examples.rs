//! Every built-in tool shows realistic arguments in its input schema
//! (`examples`), and each example works: it matches the schema, and called on
//! the demo account over `/sse` it succeeds with a result that matches the
//! tool's output schema. Read-only tools run first, then writes, then the
//! destructive ones, so no example undoes what a later one needs.
use crate::common;

use common::*;
use serde_json::{json, Value};

fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::validator_for(schema).unwrap_or_else(|e| panic!("{schema}: {e}"))
}

#[tokio::test]
async fn every_tool_has_examples_that_work_on_the_demo() {
    // invoke_method's example calls a method the policy must name.
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("policy.toml");
    std::fs::write(
        &policy,
        "[plugins.raw]\nraw_methods = [\"help.getNearestDc\"]\n",
    )
    .unwrap();
    let policy = policy.to_str().unwrap();
    let s = Server::start(Opts {
        args: vec!["--policy", policy],
        env: vec![("TGMCP_TOOLS", "all,stars,raw".into())],
        ..Opts::default()
    });
    let mut c = SseClient::connect(&s.base).await;
    c.initialize().await;
    let list = c.request("tools/list", json!({})).await;
    let mut tools: Vec<Value> = list["result"]["tools"].as_array().unwrap().clone();
    assert!(tools.len() >= 40, "{}", tools.len());
    let rank = |t: &Value| match (listed_read_only(t), listed_destructive(t)) {
        (true, _) => 0,
        (false, false) => 1,
        (false, true) => 2,
    };
    tools.sort_by_key(|t| (rank(t), t["name"].as_str().unwrap_or_default().to_string()));

    let mut failures = Vec::new();
    for t in &tools {
        let name = t["name"].as_str().unwrap_or_default();
        let Some(examples) = t["inputSchema"]["examples"]
            .as_array()
            .filter(|e| !e.is_empty())
        else {
            failures.push(format!("{name}: no examples in its input schema"));
            continue;
        };
        let input = validator(&t["inputSchema"]);
        let output = t.get("outputSchema").map(validator);
        for ex in examples {
            if let Err(e) = input.validate(ex) {
                failures.push(format!("{name} {ex}: does not match the input schema: {e}"));
                continue;
            }
            let r = c.call(name, ex.clone()).await;
            if r["isError"] != false {
                failures.push(format!("{name} {ex}: {}", r["content"][0]["text"]));
                continue;
            }
            if let (Some(v), Some(out)) = (&output, r.get("structuredContent")) {
                if let Err(e) = v.validate(out) {
                    failures.push(format!(
                        "{name} {ex}: result does not match the output schema: {e}"
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
