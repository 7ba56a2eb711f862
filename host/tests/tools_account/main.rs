//! The account tools (contacts and settings crates, telegram-account) end to
//! end over MCP: listed with their annotations and profiles, hidden or
//! refused when read-only, granted to plugin files only by the policy, called
//! with realistic arguments, and their effect checked through the read tools
//! or on the local MTProto server itself. Contacts in `contacts.rs`, the
//! profile, privacy, sessions and photos in `settings.rs`.

use crate::common;
#[path = "contacts.rs"]
mod contacts;
#[path = "settings.rs"]
mod settings;

use common::*;
use serde_json::json;

/// Every tool of telegram-account: (name, destructive, read-only, in std).
const ACCOUNT_TOOLS: &[(&str, bool, bool, bool)] = &[
    ("add_contact", false, false, true),
    ("delete_contact", true, false, true),
    ("import_contacts", false, false, false),
    ("block_user", false, false, true),
    ("unblock_user", false, false, true),
    ("report_spam", true, false, false),
    ("update_profile", false, false, true),
    ("delete_profile_photo", true, false, false),
    ("get_privacy", false, true, false),
    ("set_privacy", false, false, false),
    ("list_sessions", false, true, false),
    ("terminate_session", true, false, false),
    // In the account crate (telegram-read).
    ("get_contact_requests", false, true, false),
    ("export_contacts", false, true, false),
    // In the media crate (telegram-media).
    ("get_user_photos", false, true, false),
];

pub const BOB: i64 = 200_000_002;
pub const CAROL: i64 = 200_000_003;

pub fn user(tg: &fakegram::Server, id: i64) -> fakegram::User {
    tg.account()
        .read(|a| a.users.iter().find(|u| u.id == id).cloned())
        .expect("user")
}

pub async fn contact_names<C: Mcp>(c: &mut C) -> Vec<String> {
    let l = ok(c, "list_contacts", json!({"limit": 100})).await;
    l["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["first_name"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[tokio::test]
async fn account_tools_are_listed_by_profile_and_only_reads_when_read_only() {
    let tools = all_tools().await;
    for (name, destructive, read_only, _) in ACCOUNT_TOOLS {
        let t = checked_tool(&tools, name, *destructive, *read_only);
        assert!(t["inputSchema"]["examples"].is_array(), "{name}: {t}");
    }

    let s = Server::start(Opts {
        env: vec![("TGMCP_TOOLS", "std".into())],
        ..Opts::default()
    });
    let mut c = HttpClient::new(&s.base);
    c.initialize().await;
    let names = c.tool_names().await;
    for (name, _, _, std) in ACCOUNT_TOOLS {
        assert_eq!(names.iter().any(|n| n == name), *std, "{name} in std");
    }

    let s = Server::start(Opts {
        args: vec!["--read-only"],
        env: vec![("TGMCP_TOOLS", "all".into())],
        ..Opts::default()
    });
    let mut c = HttpClient::new(&s.base);
    c.initialize().await;
    let names = c.tool_names().await;
    for (name, _, read_only, _) in ACCOUNT_TOOLS {
        assert_eq!(names.iter().any(|n| n == name), *read_only, "{name}");
    }
    for (name, args) in [
        (
            "add_contact",
            json!({"user": "@bob_demo", "first_name": "B"}),
        ),
        ("block_user", json!({"user": "@bob_demo"})),
        ("update_profile", json!({"bio": "x"})),
        ("terminate_session", json!({"hash": "7311000000000002"})),
    ] {
        let r = c
            .request("tools/call", json!({"name": name, "arguments": args}))
            .await;
        assert!(
            r.get("error").is_some() || r["result"]["isError"] == true,
            "{name}: {r}"
        );
    }
    let p = ok(&mut c, "get_privacy", json!({"setting": "phone_number"})).await;
    assert_eq!(p["base"], "contacts", "{p}");
    let l = ok(&mut c, "list_sessions", json!({})).await;
    assert_eq!(l["sessions"].as_array().map(Vec::len), Some(3), "{l}");
}

#[tokio::test]
async fn a_plugin_file_gets_telegram_account_only_when_granted() {
    let dir = tempfile::tempdir().unwrap();
    let pdir = dir.path().join("plugins");
    std::fs::create_dir_all(&pdir).unwrap();
    std::fs::copy(
        wasm_dir().join("tgmcp_plugin_settings.wasm"),
        pdir.join("mysettings.wasm"),
    )
    .unwrap();
    let overrides = "[plugins.mysettings]\noverrides = [\"update_profile\", \"delete_profile_photo\", \"get_privacy\", \"set_privacy\", \"list_sessions\", \"terminate_session\", \"set_profile_photo\", \"set_emoji_status\", \"set_birthday\"]\n";
    let start = |policy: String| {
        let file = dir.path().join("policy.toml");
        std::fs::write(&file, policy).unwrap();
        Server::start(Opts {
            args: vec![
                "--policy",
                Box::leak(file.to_string_lossy().into_owned().into_boxed_str()),
            ],
            plugins_dir: Some(Box::leak(Box::new(pdir.clone())).as_path()),
            env: vec![("TGMCP_TOOLS", "all".into())],
            ..Opts::default()
        })
    };
    let s = start(overrides.to_string());
    let h = health(&s).await;
    let e = h["plugin_errors"][0]["error"].as_str().unwrap_or_default();
    assert!(e.contains("tgmcp:plugin/telegram-account@0.2.0"), "{h}");
    assert!(
        e.contains("[plugins.mysettings] grant = [\"telegram-account\"]"),
        "{e}"
    );
    drop(s);
    let s = start(format!("{overrides}grant = [\"telegram-account\"]\n"));
    let h = health(&s).await;
    assert_eq!(h["plugin_errors"].as_array().map(Vec::len), Some(0), "{h}");
    let mut c = HttpClient::new(&s.base);
    c.initialize().await;
    let l = ok(&mut c, "list_sessions", json!({})).await;
    assert_eq!(l["sessions"][0]["current"], true, "{l}");
}

#[tokio::test]
async fn every_example_works_on_the_demo_account() {
    let s = Server::start(Opts {
        env: vec![("TGMCP_TOOLS", "all".into())],
        ..Opts::default()
    });
    let mut c = HttpClient::new(&s.base);
    c.initialize().await;
    let list = c.request("tools/list", json!({})).await;
    let tools = list["result"]["tools"].as_array().cloned().unwrap();
    for (name, ..) in ACCOUNT_TOOLS {
        let t = tools.iter().find(|t| t["name"] == *name).unwrap();
        let examples = t["inputSchema"]["examples"].as_array().cloned().unwrap();
        assert!(!examples.is_empty(), "{name}");
        for args in examples {
            ok(&mut c, name, args).await;
        }
    }
}
