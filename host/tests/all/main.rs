//! Every integration test in one binary, as wasmtime's `tests/all`: the
//! harness (`common`) and the dependencies are compiled and linked once, not
//! once per file. Run one file's tests with its module name as the filter:
//! `cargo test --test all transports::`.

#[path = "../auth.rs"]
mod auth;
#[path = "../common/mod.rs"]
mod common;
#[path = "../deploy_files.rs"]
mod deploy_files;
#[path = "../docs_tools.rs"]
mod docs_tools;
#[path = "../examples.rs"]
mod examples;
#[path = "../first_hour.rs"]
mod first_hour;
#[path = "../hostile.rs"]
mod hostile;
#[path = "../isolation.rs"]
mod isolation;
#[path = "../layers.rs"]
mod layers;
#[path = "../live.rs"]
mod live;
#[path = "../misses.rs"]
mod misses;
#[path = "../outside_client.rs"]
mod outside_client;
#[path = "../plugins_dir.rs"]
mod plugins_dir;
#[path = "../policy.rs"]
mod policy;
#[path = "../profiles.rs"]
mod profiles;
#[path = "../proxy.rs"]
mod proxy;
#[path = "../records.rs"]
mod records;
#[path = "../security.rs"]
mod security;
#[path = "../sessions.rs"]
mod sessions;
#[path = "../../../bench/tasks/script.rs"]
mod task_script;
#[path = "../tasks.rs"]
mod tasks;
#[path = "../telegram.rs"]
mod telegram;
#[path = "../tools_account/main.rs"]
mod tools_account;
#[path = "../tools_admin/main.rs"]
mod tools_admin;
#[path = "../tools_events.rs"]
mod tools_events;
#[path = "../tools_extras.rs"]
mod tools_extras;
#[path = "../tools_raw.rs"]
mod tools_raw;
#[path = "../tools_read.rs"]
mod tools_read;
#[path = "../tools_settings.rs"]
mod tools_settings;
#[path = "../tools_stickers_stories.rs"]
mod tools_stickers_stories;
#[path = "../tools_write/main.rs"]
mod tools_write;
#[path = "../transports.rs"]
mod transports;
