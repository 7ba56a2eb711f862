//! Policy parsing and name checks.

use super::names::{did_you_mean, edit_distance};
use super::*;
use std::ops::Add;

const EXAMPLE: &str = r#"
read_only = false

[grants]
default = ["telegram-read"]

[plugins.outbox]
grant = ["telegram-read", "telegram-write"]
cpu_ms = 500

[chats]
allow = ["me", "@alice_demo"]

[tools]
disable = ["search*"]

[quotas]
sends_per_minute = 5
"#;

#[test]
fn parses_a_complete_policy() {
    let p = Policy::from_toml(EXAMPLE, Path::new("policy.toml")).unwrap();
    assert!(!p.builtin_grants("chats").allows(Capability::TelegramWrite));
    assert!(p.builtin_grants("outbox").allows(Capability::TelegramWrite));
    assert!(p.chats.is_restricted());
    assert!(!p.tool_enabled("search_messages") && p.tool_enabled("get_history"));
    assert_eq!(p.limit_overrides("outbox").cpu_ms, Some(500));
    assert_eq!(p.limit_overrides("chats"), LimitOverrides::default());
    assert!(p.quota.is_limited());
}

#[test]
fn mistakes_are_named() {
    let e = Policy::from_toml(
        "[grants]\ndefault = [\"telegram-wrte\"]",
        Path::new("p.toml"),
    )
    .unwrap_err();
    assert!(
        e.to_string().contains("telegram-wrte") && e.to_string().contains("telegram-write"),
        "{e}"
    );
    let e = Policy::from_toml("readonly = true", Path::new("p.toml")).unwrap_err();
    assert!(e.to_string().contains("readonly"), "{e}");
    // An invite link names no chat the account is in; a title does.
    let e =
        Policy::from_toml("[chats]\nallow = [\"t.me/+AbCdEf\"]", Path::new("p.toml")).unwrap_err();
    assert!(e.to_string().contains("is not a chat"), "{e}");
    assert!(Policy::from_toml("[chats]\nallow = [\"Demo Group\"]", Path::new("p.toml")).is_ok());
}

#[test]
fn chat_lists_and_raw_methods_are_refused_together_at_load() {
    for chats in [
        "allow = [\"me\"]",
        "deny = [\"@x\"]",
        "send_as_draft = [\"@x\"]",
    ] {
        let toml =
            format!("[chats]\n{chats}\n[plugins.raw]\nraw_methods = [\"help.getNearestDc\"]\n");
        let e = Policy::from_toml(&toml, Path::new("p.toml")).unwrap_err();
        assert!(
            e.to_string().contains("[plugins.raw]")
                && e.to_string().contains("cannot be used together"),
            "{e}"
        );
    }
    // Either alone is fine.
    assert!(Policy::from_toml(
        "[plugins.raw]\nraw_methods = [\"help.getNearestDc\"]",
        Path::new("p.toml")
    )
    .is_ok());
}

#[test]
fn dropped_in_files_read_unless_the_policy_grants_more() {
    let none = Policy::default();
    assert!(none
        .builtin_grants("outbox")
        .allows(Capability::TelegramWrite));
    let g = none.file_grants(None);
    assert!(g.allows(Capability::TelegramRead) && !g.allows(Capability::TelegramWrite));
    let p = Policy::from_toml(
        "[plugins.mine]\nfile = \"m.wasm\"\nsha256 = \"AB"
            .to_string()
            .add(&"0".repeat(62))
            .add("\"\ngrant = [\"telegram-write\"]\noverrides = [\"send_message\"]\n")
            .as_str(),
        Path::new("p.toml"),
    )
    .unwrap();
    assert!(p
        .file_grants(Some("mine"))
        .allows(Capability::TelegramWrite));
    assert!(!p
        .file_grants(Some("other"))
        .allows(Capability::TelegramWrite));
    let (name, b) = p.bindings()[0];
    assert_eq!(name, "mine");
    assert_eq!(b.file.as_deref(), Some("m.wasm"));
    assert_eq!(
        b.sha256.as_deref(),
        Some(format!("ab{}", "0".repeat(62)).as_str())
    );
    assert_eq!(b.overrides, ["send_message"]);
    let e = Policy::from_toml("[plugins.x]\nsha256 = \"abc\"", Path::new("p.toml")).unwrap_err();
    assert!(e.to_string().contains("64 hex digits"), "{e}");
}

#[test]
fn tgmcp_tools_filters_on_top_of_the_file() {
    let mut p = Policy::from_toml(EXAMPLE, Path::new("policy.toml")).unwrap();
    p.restrict_tools("get_*, list_chats").unwrap();
    assert!(p.tool_enabled("get_history") && p.tool_enabled("list_chats"));
    assert!(!p.tool_enabled("send_message") && !p.tool_enabled("search"));
}

fn names(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn unknown_plugin_sections_and_tool_names_are_errors_with_the_closest_match() {
    let plugins = names(&["account", "chats", "outbox", "my_plugin"]);
    let tools = names(&["get_me", "get_chat", "list_chats", "send_message"]);
    let p = Policy::from_toml(
        "[plugins.my-plugin]\ncpu_ms = 5\n[plugins.outbox]\ncpu_ms = 5\n[tools]\nenable = [\"get_mee\", \"list_*\", \"zz*\"]\n",
        Path::new("p.toml"),
    )
    .unwrap();
    let e = p.check_names(&plugins, &tools).unwrap_err().to_string();
    assert!(
        e.contains("[plugins.my-plugin] names no plugin (did you mean \"my_plugin\"?)"),
        "{e}"
    );
    assert!(
        e.contains("\"get_mee\" matches no tool or profile (did you mean \"get_me\"?)"),
        "{e}"
    );
    assert!(e.contains("\"zz*\" matches no tool or profile;"), "{e}");
    assert!(!e.contains("outbox]") && !e.contains("list_*"), "{e}");

    let mut p = Policy::default();
    p.restrict_tools("get_mee, send_*").unwrap();
    let e = p.check_names(&plugins, &tools).unwrap_err().to_string();
    assert!(
        e.starts_with(
            "TGMCP_TOOLS: \"get_mee\" matches no tool or profile (did you mean \"get_me\"?)"
        ),
        "{e}"
    );
    let mut p = Policy::default();
    p.restrict_tools("get_*, send_message").unwrap();
    p.check_names(&plugins, &tools).unwrap();
}

#[test]
fn edit_distance_counts_characters() {
    assert_eq!(edit_distance("get_mee", "get_me"), 1);
    assert_eq!(edit_distance("", "abc"), 3);
    assert_eq!(edit_distance("kitten", "sitting"), 3);
    assert_eq!(did_you_mean("xyzzy", &names(&["get_me"])), "");
}

#[test]
fn telegram_admin_is_a_grant_of_its_own() {
    let none = Policy::from_toml("", Path::new("policy.toml")).unwrap();
    // Built-ins get it by default; a dropped-in file only when named.
    assert!(none
        .builtin_grants("admin")
        .allows(Capability::TelegramAdmin));
    assert!(!none.file_grants(None).allows(Capability::TelegramAdmin));
    let toml = "[plugins.mine]\ngrant = [\"telegram-read\", \"telegram-admin\"]";
    let p = Policy::from_toml(toml, Path::new("policy.toml")).unwrap();
    let g = p.file_grants(Some("mine"));
    assert!(g.allows(Capability::TelegramAdmin) && !g.allows(Capability::TelegramWrite));
    assert_eq!(g.keys(), ["telegram-read", "telegram-admin"]);
    let e = Policy::from_toml(
        "[plugins.mine]\ngrant = [\"telegram-admins\"]",
        Path::new("policy.toml"),
    )
    .unwrap_err();
    assert!(
        e.to_string().contains("telegram-media, telegram-admin"),
        "{e}"
    );
}
