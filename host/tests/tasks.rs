//! The everyday task suite (bench/tasks/tasks.json) against the demo over
//! `/mcp`: each request's calls, as a model would make them from the tool list
//! alone, succeed in order and their results show what the person asked for.
//! `bench/weight` counts the same tasks' calls and tokens.

use crate::common::*;
use crate::task_script as script;
use serde_json::json;

#[tokio::test]
async fn twenty_everyday_requests_succeed_on_the_demo() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../bench/tasks/tasks.json");
    let suite = script::load(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert!(
        suite.tasks.len() >= 20,
        "the suite has {} tasks",
        suite.tasks.len()
    );
    let s = Server::start(Opts {
        env: vec![("TGMCP_TOOLS", suite.profile.clone())],
        ..Opts::default()
    });
    let mut c = HttpClient::new(&s.base);
    c.initialize().await;
    let mut failed = Vec::new();
    for task in &suite.tasks {
        let mut results = Vec::new();
        let mut error = None;
        for (tool, args) in &task.calls {
            let args = match script::fill(args, &results) {
                Ok(a) => a,
                Err(e) => {
                    error = Some(e);
                    break;
                }
            };
            let r = c.call(tool, args.clone()).await;
            if r["isError"] != false {
                error = Some(format!("{tool} {args}: {}", r["content"][0]["text"]));
                break;
            }
            results.push(r["structuredContent"].clone());
        }
        let outcome = match error {
            Some(e) => Err(e),
            None => script::check(task, &results),
        };
        if let Err(e) = outcome {
            failed.push(json!({"request": task.request, "error": e}));
        }
    }
    assert!(
        failed.is_empty(),
        "{}",
        serde_json::to_string_pretty(&failed).unwrap()
    );
}
