//! docs/tools.md is generated from the code (`tgmcp tools --demo --markdown`
//! with every profile); this fails when it is stale. `TGMCP_UPDATE_DOCS=1`
//! rewrites it.

use std::path::Path;

#[test]
fn docs_tools_md_matches_the_tools_the_server_lists() {
    let out = crate::common::tools_cli("all,stars,raw", &["--markdown"]);
    let generated = String::from_utf8(out).unwrap();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/tools.md");
    if std::env::var_os("TGMCP_UPDATE_DOCS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/tools.md is stale: run `TGMCP_UPDATE_DOCS=1 cargo test --test all docs_tools` and commit it"
    );
    assert!(generated.contains("| `send_message` |"));
}
