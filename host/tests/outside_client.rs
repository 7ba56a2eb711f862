//! fakegram checked by an outside MTProto client: Telethon talks to it as to
//! Telegram — a fresh key by DH exchange, each of its transports, sign-in,
//! reads, writes, files and a pushed update (tests/clients/telethon_client.py).
//! When fakegram and Telethon disagree, fakegram is wrong.

use crate::common::have_external;

/// Ignored by plain `cargo test`; `.ci/run` installs Telethon and runs it.
#[tokio::test]
#[ignore = "needs Telethon: pip install -r host/tests/clients/requirements.txt, then cargo test -- --include-ignored"]
async fn telethon_makes_a_key_and_uses_the_account_over_every_transport() {
    if !have_external(
        &["python3", "-c", "import telethon"],
        "pip install -r host/tests/clients/requirements.txt",
    ) {
        return;
    }
    // Under a loaded machine Telethon has seen one connection closed during
    // its run (about one run in seven with other tests beside it; not seen
    // alone): the scenario gets one more try on a fresh server, and the first
    // failure is printed, so a flake stays visible and a real fault fails.
    let mut attempt = 0;
    let (server, out) = loop {
        attempt += 1;
        let (server, out) = run_scenario().await;
        if out.status.success() || attempt == 2 {
            break (server, out);
        }
        eprintln!(
            "outside client, attempt 1 failed; retrying on a fresh server:\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let names: Vec<&str> = lines
        .iter()
        .map(|v| v["transport"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["full", "abridged", "intermediate", "obfuscated"]);
    let me = server.account().read(|a| a.me.id);
    for v in &lines {
        assert_eq!(v["me"], me, "{v}");
        assert!(v["upload_bytes"].as_u64().unwrap() > 70_000, "{v}");
        assert!(v["pushed"]
            .as_str()
            .unwrap()
            .starts_with("from the second session"));
    }
    // Two sessions per transport, each with its own new key.
    assert_eq!(server.exchanged_keys(), 8);
}

/// Starts the demo server and runs the Telethon script against it.
async fn run_scenario() -> (fakegram::Server, std::process::Output) {
    let server = fakegram::Server::start(fakegram::Account::demo())
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let pem = dir.path().join("fakegram.pem");
    std::fs::write(&pem, fakegram::RSA_PUBLIC_KEY_PEM).unwrap();
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/clients/telethon_client.py"
    );
    let out = tokio::process::Command::new("python3")
        .arg(script)
        .arg(server.addr().ip().to_string())
        .arg(server.addr().port().to_string())
        .arg(server.dc_id().to_string())
        .arg(&pem)
        .output()
        .await
        .unwrap();
    (server, out)
}
