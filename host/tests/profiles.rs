//! Tool profiles over MCP: `core` by default, `std`, `ext`, `opt`, `read`,
//! `read+send`, `all` (without `stars` and `raw` unless named), mixed
//! with names, and a misspelt profile stops the server with the closest name.
//! What each profile should list comes from the tools themselves (their
//! declared profile, as `tgmcp tools` shows it), never from a list kept here.

use crate::common;

use common::*;

/// Every built-in tool as it declares itself: (name, profile, sends, read-only).
fn declared() -> Vec<(String, String, bool, bool)> {
    let out = tools_cli("all,stars,raw", &[]);
    let tools: Vec<serde_json::Value> = serde_json::from_slice(&out).unwrap();
    // A built-in tool that declares nothing does not load (the server would
    // not start): each one here has its place.
    assert!(tools.len() > 100, "{}", tools.len());
    assert!(tools.iter().all(|t| t["profile"] != "every"), "{tools:?}");
    tools
        .iter()
        .map(|t| {
            (
                t["name"].as_str().unwrap().to_string(),
                t["profile"].as_str().unwrap().to_string(),
                t["sends"] == true,
                t["annotations"]["readOnlyHint"] == true,
            )
        })
        .collect()
}

/// Names of the declared tools whose profile is one of `tiers`, sorted.
fn in_tiers(all: &[(String, String, bool, bool)], tiers: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = all
        .iter()
        .filter(|t| tiers.contains(&t.1.as_str()))
        .map(|t| t.0.clone())
        .collect();
    v.sort();
    v
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

async fn tools_with(tools: Option<&str>, extra: &[&str]) -> (Vec<String>, Vec<bool>) {
    let mut env = Vec::new();
    if let Some(t) = tools {
        env.push(("TGMCP_TOOLS", t.to_string()));
    }
    let s = Server::start(Opts {
        env,
        args: extra.to_vec(),
        ..Opts::default()
    });
    let mut c = HttpClient::new(&s.base);
    c.initialize().await;
    let r = c.request("tools/list", serde_json::json!({})).await;
    let tools = r["result"]["tools"].as_array().cloned().unwrap_or_default();
    (
        tools
            .iter()
            .map(|t| t["name"].as_str().unwrap_or_default().to_string())
            .collect(),
        tools
            .iter()
            .map(|t| t["annotations"]["readOnlyHint"] == true)
            .collect(),
    )
}

#[tokio::test]
async fn core_is_the_default_and_profiles_nest() {
    let all_declared = declared();
    let (core, _) = tools_with(None, &[]).await;
    assert_eq!(sorted(core.clone()), in_tiers(&all_declared, &["core"]));
    assert!(core.len() <= 25, "core stays small: {}", core.len());
    assert!(core.iter().any(|t| t == "send_message"));
    assert!(
        !core.iter().any(|t| t == "pin_message"),
        "pin_message is std"
    );
    let (std, _) = tools_with(Some("std"), &[]).await;
    assert!(std.len() > core.len());
    assert!(core.iter().all(|t| std.contains(t)), "std contains core");
    let (all, _) = tools_with(Some("all"), &[]).await;
    assert!(all.len() >= std.len());
    let (mixed, _) = tools_with(Some("core, pin_message"), &[]).await;
    assert_eq!(mixed.len(), core.len() + 1);
}

#[tokio::test]
async fn the_read_profile_keeps_every_read_tool_and_only_those() {
    let (all, all_ro) = tools_with(Some("all"), &[]).await;
    let (read, read_ro) = tools_with(Some("read"), &[]).await;
    assert!(read_ro.iter().all(|ro| *ro), "{read:?}");
    let all_read: Vec<&String> = all
        .iter()
        .zip(&all_ro)
        .filter(|(_, ro)| **ro)
        .map(|(t, _)| t)
        .collect();
    assert_eq!(read.len(), all_read.len(), "{read:?} vs {all_read:?}");
    // --read-only on top of all lists the same tools.
    let (ro, _) = tools_with(Some("all"), &["--read-only"]).await;
    assert_eq!(ro.len(), read.len());
}

#[tokio::test]
async fn read_send_reads_everything_and_only_sends() {
    let sends: Vec<String> = declared()
        .into_iter()
        .filter(|t| t.2)
        .map(|t| t.0)
        .collect();
    let (read, _) = tools_with(Some("read"), &[]).await;
    let (rs, _) = tools_with(Some("read+send"), &[]).await;
    assert!(read.iter().all(|t| rs.contains(t)), "{rs:?}");
    let added: Vec<&String> = rs.iter().filter(|t| !read.contains(t)).collect();
    assert!(added.iter().all(|t| sends.contains(t)), "{added:?}");
    for t in ["send_message", "send_file", "save_draft"] {
        assert!(rs.iter().any(|n| n == t), "{t} missing from {rs:?}");
    }
    for t in [
        "delete_messages",
        "edit_message",
        "ban_user",
        "update_profile",
    ] {
        assert!(!rs.iter().any(|n| n == t), "{t} listed in read+send");
    }
}

#[tokio::test]
async fn each_profile_lists_what_its_tools_declare_and_money_and_raw_need_naming() {
    let d = declared();
    let (all, _) = tools_with(Some("all"), &[]).await;
    for (name, _) in d
        .iter()
        .map(|t| (&t.0, &t.1))
        .filter(|(_, p)| *p == "stars" || *p == "raw")
    {
        assert!(!all.contains(name), "{name} listed without naming");
    }
    let (ext, _) = tools_with(Some("ext"), &[]).await;
    let (std, _) = tools_with(Some("std"), &[]).await;
    let (opt, _) = tools_with(Some("opt"), &[]).await;
    let (stars, _) = tools_with(Some("stars"), &[]).await;
    assert_eq!(sorted(std.clone()), in_tiers(&d, &["core", "std"]));
    assert_eq!(sorted(ext.clone()), in_tiers(&d, &["core", "std", "ext"]));
    assert_eq!(sorted(opt.clone()), in_tiers(&d, &["core", "std", "opt"]));
    assert_eq!(
        sorted(all.clone()),
        in_tiers(&d, &["core", "std", "ext", "opt"])
    );
    assert_eq!(sorted(stars), in_tiers(&d, &["stars"]));
    // One name is a working set: ext alone reads, sends and has its own tools.
    for t in ["get_history", "send_message", "pin_message", "close_poll"] {
        assert!(ext.iter().any(|n| n == t), "{t} not in ext");
    }
    // Each profile includes what it builds on; ext and opt together are all.
    for t in &std {
        assert!(ext.contains(t) && opt.contains(t), "{t} of std missing");
    }
    let mut union: Vec<&String> = ext.iter().chain(opt.iter()).collect();
    union.sort();
    union.dedup();
    assert_eq!(union.len(), all.len(), "ext and opt make all");
    assert_eq!(
        ext.len() + opt.len() - std.len(),
        all.len(),
        "ext and opt share only std"
    );
    let (named, _) = tools_with(Some("all,invoke_method"), &[]).await;
    assert_eq!(named.len(), all.len() + 1);
}

#[test]
fn a_misspelt_profile_stops_the_server_with_the_closest_name() {
    let tmp = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tgmcp"))
        .args(["tools", "--demo", "--plugins-dir"])
        .arg(tmp.path())
        .env("TGMCP_TOOLS", "cor")
        .env("TGMCP_CACHE_DIR", tmp.path().join("cache"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("\"cor\"") && err.contains("did you mean \"core\"?"),
        "{err}"
    );
}
