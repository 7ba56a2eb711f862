//! Raw TL calls through the guard over the demo account: only methods the
//! plugin's `raw_methods` names go through, read-only mode refuses them all,
//! the refusal names the policy line to add, and every attempt is audited by
//! method name without its parameters.

use super::test_support::{audit_lines, audited_demo};
use super::GuardError;
use crate::telegram::raw_ext::MAX_RAW_PARAMS_BYTES;
use crate::telegram::TelegramError;

const NEAREST: &str = "[plugins.probe]\nraw_methods = [\"help.getNearestDc\"]";

#[tokio::test]
async fn a_listed_method_is_called_and_others_are_refused_with_the_line_to_add() {
    let dir = tempfile::tempdir().unwrap();
    let (g, _b) = audited_demo(dir.path(), NEAREST, "probe").await;
    let answer = g.invoke_raw("help.getNearestDc", "{}").await.unwrap();
    let v: serde_json::Value = serde_json::from_str(&answer).unwrap();
    assert_eq!(v["Dc"]["country"], "NL", "{v}");
    assert_eq!(v["Dc"]["nearest_dc"], v["Dc"]["this_dc"], "{v}");

    let e = g
        .invoke_raw("langpack.getLanguages", r#"{"lang_pack": "android"}"#)
        .await
        .unwrap_err();
    let GuardError::Denied(m) = &e else {
        panic!("{e:?}")
    };
    assert!(
        m.contains(
            r#"[plugins.probe] raw_methods = ["help.getNearestDc", "langpack.getLanguages"]"#
        ),
        "{m}"
    );
}

#[tokio::test]
async fn no_method_is_allowed_by_default_nor_for_another_plugin() {
    let dir = tempfile::tempdir().unwrap();
    let (g, _b) = audited_demo(dir.path(), NEAREST, "other").await;
    let e = g.invoke_raw("help.getNearestDc", "{}").await.unwrap_err();
    assert!(
        matches!(&e, GuardError::Denied(m) if m.contains(r#"[plugins.other] raw_methods = ["help.getNearestDc"]"#)),
        "{e:?}"
    );
    let (g, _b) = audited_demo(dir.path(), "", "probe").await;
    assert!(matches!(
        g.invoke_raw("help.getNearestDc", "{}").await,
        Err(GuardError::Denied(_))
    ));
}

#[tokio::test]
async fn read_only_refuses_even_a_listed_method() {
    let dir = tempfile::tempdir().unwrap();
    let toml = format!("read_only = true\n{NEAREST}");
    let (g, _b) = audited_demo(dir.path(), &toml, "probe").await;
    let e = g.invoke_raw("help.getNearestDc", "{}").await.unwrap_err();
    assert!(
        matches!(&e, GuardError::Denied(m) if m.contains("read-only")),
        "{e:?}"
    );
}

#[tokio::test]
async fn bad_names_params_and_unknown_methods_get_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let toml = "[plugins.probe]\nraw_methods = [\"help.getNearestDc\", \"help.getNearestDC\", \"langpack.getLanguages\"]";
    let (g, _b) = audited_demo(dir.path(), toml, "probe").await;
    assert!(matches!(
        g.invoke_raw("help getNearestDc; rm", "{}").await,
        Err(GuardError::InvalidArgs(_))
    ));
    let big = format!("{{\"x\": \"{}\"}}", "a".repeat(MAX_RAW_PARAMS_BYTES));
    assert!(matches!(
        g.invoke_raw("help.getNearestDc", &big).await,
        Err(GuardError::InvalidArgs(m)) if m.contains("cap")
    ));
    // Listed but not in the schema: the close name is suggested.
    let e = g.invoke_raw("help.getNearestDC", "{}").await.unwrap_err();
    assert!(
        matches!(&e, GuardError::Telegram(TelegramError::InvalidArgs(m))
            if m.contains("unknown TL method") && m.contains("help.getNearestDc")),
        "{e:?}"
    );
    // Params that do not decode say why.
    let e = g
        .invoke_raw("langpack.getLanguages", r#"{"lang_pack": 5}"#)
        .await
        .unwrap_err();
    assert!(
        matches!(&e, GuardError::Telegram(TelegramError::InvalidArgs(m)) if m.contains("params do not fit")),
        "{e:?}"
    );
    // A method fakegram does not answer comes back as Telegram's RPC error.
    let e = g
        .invoke_raw("langpack.getLanguages", r#"{"lang_pack": "android"}"#)
        .await
        .unwrap_err();
    assert!(
        matches!(&e, GuardError::Telegram(TelegramError::Rpc { .. })),
        "{e:?}"
    );
}

#[tokio::test]
async fn every_attempt_is_audited_by_method_never_with_params() {
    let dir = tempfile::tempdir().unwrap();
    let toml =
        "[plugins.probe]\nraw_methods = [\"help.getNearestDc\", \"contacts.resolveUsername\"]";
    let (g, _b) = audited_demo(dir.path(), toml, "probe").await;
    g.invoke_raw("help.getNearestDc", "{}").await.unwrap();
    g.invoke_raw("messages.getHistory", r#"{"secret": "s3cr3t"}"#)
        .await
        .unwrap_err();
    g.invoke_raw("contacts.resolveUsername", r#"{"username": 12345678}"#)
        .await
        .unwrap_err();
    let lines = audit_lines(dir.path());
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert_eq!(lines[0]["action"], "raw:help.getNearestDc");
    assert_eq!(lines[0]["outcome"], "ok");
    assert_eq!(lines[0]["plugin"], "probe");
    assert_eq!(lines[1]["action"], "raw:messages.getHistory");
    assert!(lines[1]["outcome"]
        .as_str()
        .unwrap()
        .contains("may not call"));
    assert_eq!(lines[2]["outcome"], "params do not fit the method");
    let log = std::fs::read_to_string(dir.path().join("audit.jsonl")).unwrap();
    assert!(
        !log.contains("s3cr3t") && !log.contains("12345678"),
        "{log}"
    );
}
