//! The guarded extras and Stars over the demo account: read-only mode
//! refuses every change and all spending, the chat lists hide chats, the
//! argument checks, the paid-reaction cap and the audit line.

use super::test_support::{audit_lines, audited_demo};
use super::GuardError;
use crate::telegram::extras_ext::{BusinessChanges, BusinessPart};

#[tokio::test]
async fn read_only_refuses_the_writes_and_spending_and_keeps_the_reads() {
    let dir = tempfile::tempdir().unwrap();
    let (g, b) = audited_demo(dir.path(), "read_only = true", "extras").await;
    let denied = |r: Result<(), GuardError>| {
        assert!(
            matches!(&r, Err(GuardError::Denied(m)) if m.contains("read-only")),
            "{r:?}"
        );
    };
    denied(g.set_fact_check("@tgmcp_news", 1, "note").await);
    denied(g.set_fact_check("@tgmcp_news", 4, "").await);
    denied(g.set_default_reaction("🔥").await);
    let clear = BusinessChanges {
        clear: vec![BusinessPart::Hours],
        ..BusinessChanges::default()
    };
    denied(g.set_business_profile(&clear).await);
    denied(g.send_paid_reaction("@tgmcp_news", 1, 1, false).await);
    let lines = audit_lines(dir.path());
    let actions: Vec<&str> = lines.iter().filter_map(|l| l["action"].as_str()).collect();
    assert_eq!(
        actions,
        [
            "set-fact-check",
            "set-fact-check",
            "set-default-reaction",
            "set-business-profile",
            "send-paid-reaction"
        ]
    );
    // The reads still answer; nothing changed.
    assert_eq!(g.stars_status(5).await.unwrap().balance, 250);
    assert_eq!(g.boosts("@tgmcp_news").await.unwrap().level, 2);
    let tg = b.local_server().unwrap().account();
    tg.read(|a| {
        assert_eq!(a.perks.stars, 250);
        assert_eq!(a.perks.default_reaction, "👍");
        assert_eq!(a.perks.fact_checks.len(), 1);
    });
}

#[tokio::test]
async fn a_paid_reaction_is_capped_audited_and_spends() {
    let dir = tempfile::tempdir().unwrap();
    let (g, b) = audited_demo(dir.path(), "", "payments").await;
    for n in [0, 101, 5_000] {
        let e = g
            .send_paid_reaction("@tgmcp_news", 1, n, false)
            .await
            .unwrap_err();
        assert!(matches!(e, GuardError::InvalidArgs(_)), "{e}");
    }
    g.send_paid_reaction("@tgmcp_news", 2, 3, true)
        .await
        .unwrap();
    let tg = b.local_server().unwrap().account();
    assert_eq!(tg.read(|a| a.perks.stars), 247);
    let lines = audit_lines(dir.path());
    assert_eq!(lines.len(), 4);
    let last = &lines[3];
    assert_eq!(last["action"], "send-paid-reaction");
    assert_eq!(last["outcome"], "ok");
    assert_eq!(last["message_ids"], serde_json::json!([2]));
}

#[tokio::test]
async fn chat_lists_hide_chats_from_the_extras() {
    let dir = tempfile::tempdir().unwrap();
    let (g, _) = audited_demo(dir.path(), "[chats]\ndeny = [\"@tgmcp_news\"]", "extras").await;
    let hidden = |e: GuardError| assert!(matches!(e, GuardError::Hidden(..)), "{e}");
    hidden(g.boosts("@tgmcp_news").await.unwrap_err());
    hidden(g.get_fact_check("@tgmcp_news", &[1]).await.unwrap_err());
    hidden(g.set_fact_check("@tgmcp_news", 1, "x").await.unwrap_err());
    hidden(g.translate("@tgmcp_news", &[1], "de").await.unwrap_err());
    hidden(
        g.send_paid_reaction("@tgmcp_news", 1, 1, false)
            .await
            .unwrap_err(),
    );
    // The Stars history keeps the amount but not the hidden channel.
    let s = g.stars_status(10).await.unwrap();
    let reaction = s.transactions.iter().find(|t| t.reaction).unwrap();
    assert_eq!(reaction.amount, -50);
    assert_eq!(reaction.peer_id, None);
    // Other chats still answer.
    assert!(g.group_call("@rust_study_demo", 5).await.unwrap().is_some());
}

#[tokio::test]
async fn arguments_are_checked_before_telegram() {
    let dir = tempfile::tempdir().unwrap();
    let (g, _) = audited_demo(dir.path(), "", "extras").await;
    let invalid = |e: GuardError| assert!(matches!(e, GuardError::InvalidArgs(_)), "{e}");
    invalid(
        g.translate("@rust_study_demo", &[], "de")
            .await
            .unwrap_err(),
    );
    invalid(
        g.translate("@rust_study_demo", &[3], "d")
            .await
            .unwrap_err(),
    );
    invalid(
        g.translate("@rust_study_demo", &[1; 21], "de")
            .await
            .unwrap_err(),
    );
    invalid(g.web_preview("javascript:alert(1)").await.unwrap_err());
    invalid(g.set_default_reaction("  ").await.unwrap_err());
    invalid(
        g.set_business_profile(&BusinessChanges::default())
            .await
            .unwrap_err(),
    );
    let long = "x".repeat(1_025);
    invalid(g.set_fact_check("@tgmcp_news", 1, &long).await.unwrap_err());
}

#[test]
fn plugin_files_get_extras_and_payments_only_when_named() {
    use crate::policy::{Capability, Policy};
    let path = std::path::Path::new("policy.toml");
    let p = Policy::from_toml("", path).unwrap();
    for c in [Capability::TelegramExtras, Capability::TelegramPayments] {
        assert!(!p.file_grants(None).allows(c));
        assert!(!p.file_grants(Some("stars")).allows(c));
        assert!(p.builtin_grants("payments").allows(c));
    }
    let p = Policy::from_toml(
        "[plugins.stars]\ngrant = [\"telegram-read\", \"telegram-payments\"]",
        path,
    )
    .unwrap();
    assert!(p
        .file_grants(Some("stars"))
        .allows(Capability::TelegramPayments));
    assert!(!p
        .file_grants(Some("stars"))
        .allows(Capability::TelegramExtras));
    assert!(!p.file_grants(None).allows(Capability::TelegramPayments));
}
