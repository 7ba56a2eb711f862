//! Static checks of the Dockerfile, compose file, PaaS manifests and docs
//! (no Docker engine here): every variable they name is one the code reads,
//! every command they show is one the CLI accepts.
use crate::common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::BIN;
use tgmcp::cli::env_vars;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn known() -> BTreeSet<String> {
    env_vars().into_iter().map(|(n, _)| n).collect()
}

/// Words that look like our env vars: TELEGRAM_* and TGMCP_*.
fn env_names(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (i, _) in text.match_indices(['T']) {
        let rest = &text[i..];
        if !(rest.starts_with("TELEGRAM_") || rest.starts_with("TGMCP_")) {
            continue;
        }
        if i > 0 && {
            let b = text.as_bytes()[i - 1];
            b.is_ascii_alphanumeric() || b == b'_'
        } {
            continue;
        }
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == '_')
            .collect();
        // "the TELEGRAM_ variables" names a prefix, not a variable.
        if !name.ends_with('_') {
            out.insert(name);
        }
    }
    out
}

#[test]
fn dockerfile_has_its_stages_user_port_and_healthcheck() {
    let d = read("Dockerfile");
    let froms: Vec<&str> = d.lines().filter(|l| l.starts_with("FROM ")).collect();
    assert_eq!(froms.len(), 2, "a builder and a runtime stage: {froms:?}");
    assert!(froms[0].contains(" AS builder"));
    assert!(
        froms[1].contains("distroless") || froms[1].contains("slim"),
        "minimal final image"
    );
    assert!(
        d.contains("rustup target add wasm32-wasip2"),
        "the builder can build plugins"
    );
    assert!(
        d.lines().any(|l| l.trim() == "ARG RUN_UID=65532")
            && d.lines().any(|l| l.trim() == "USER ${RUN_UID}"),
        "runs as non-root unless a platform's root-owned volume needs otherwise"
    );
    assert!(d.lines().any(|l| l.trim() == "EXPOSE 8080"));
    // The binary binds loopback by default; the container must listen outside.
    assert!(
        d.lines().any(|l| l.trim().starts_with("HOST=0.0.0.0")),
        "the image sets HOST=0.0.0.0"
    );
    let hc = d
        .lines()
        .find(|l| l.starts_with("HEALTHCHECK"))
        .expect("HEALTHCHECK");
    assert!(hc.contains("\"/usr/local/bin/tgmcp\", \"health\""), "{hc}");
    assert!(d.contains("ENTRYPOINT [\"/usr/local/bin/tgmcp\"]") && d.contains("CMD [\"serve\"]"));
    assert!(d.contains("VOLUME [\"/data\"]") && d.contains("TGMCP_PLUGINS_DIR=/data/plugins"));
    // Every file the build copies exists, and every plugin crate is in the dependency layer.
    for line in d
        .lines()
        .filter(|l| l.starts_with("COPY ") && !l.contains("--from"))
    {
        let parts: Vec<&str> = line.split_whitespace().collect();
        for src in &parts[1..parts.len() - 1] {
            assert!(root().join(src).exists(), "COPY source {src} is missing");
        }
    }
    for entry in std::fs::read_dir(root().join("plugins")).unwrap() {
        let p = entry.unwrap().path();
        if p.join("Cargo.toml").exists() {
            let rel = format!(
                "plugins/{}/Cargo.toml",
                p.file_name().unwrap().to_string_lossy()
            );
            assert!(
                d.contains(&format!("COPY {rel} {rel}")),
                "Dockerfile misses {rel}"
            );
        }
    }
    for name in env_names(&d) {
        assert!(
            known().contains(name.as_str()),
            "Dockerfile sets {name}, which the code does not read"
        );
    }
    // The dependency layer builds against stubs: every bench the manifest names
    // explicitly must have a stub, or cargo refuses the manifest.
    let manifest = read("host/Cargo.toml");
    let mut benches = 0;
    for block in manifest.split("[[bench]]").skip(1) {
        let name = block
            .lines()
            .find_map(|l| l.strip_prefix("name = "))
            .expect("a bench name")
            .trim_matches('"');
        assert!(
            d.contains(&format!("> host/benches/{name}.rs")),
            "Dockerfile does not stub bench {name}"
        );
        benches += 1;
    }
    assert!(benches >= 1);
}

#[test]
fn the_health_command_probes_a_running_server() {
    let s = common::Server::demo();
    let port = s.base.rsplit(':').next().unwrap().to_string();
    let out = std::process::Command::new(BIN)
        .args(["health", "--port", &port])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"backend\":\"demo\""));
    drop(s);
    let out = std::process::Command::new(BIN)
        .args(["health", "--port", &port])
        .output()
        .unwrap();
    assert!(!out.status.success(), "a stopped server is unhealthy");
}

#[test]
fn compose_maps_8787_and_reads_env() {
    let c = read("docker-compose.yml");
    assert!(c.contains("\"8787:8080\""));
    assert!(c.contains("path: .env"));
    assert!(c.contains("profiles: [\"demo\"]") && c.contains("command: [\"serve\", \"--demo\"]"));
    assert!(c.contains("restart: unless-stopped"));
    assert!(c.contains(":/data/plugins"), "the plugins volume");
    // The published image by default; building from source only when asked.
    assert!(!c.contains("build:"), "compose builds by default");
    assert_eq!(
        c.matches("image: ${TGMCP_IMAGE:-ghcr.io/tgmcp/tgmcp:latest}")
            .count(),
        2
    );
    let b = read("docker-compose.build.yml");
    assert_eq!(
        b.matches("build: .").count(),
        2,
        "both services can be built"
    );
    for name in env_names(&c) {
        // TGMCP_IMAGE is compose's own choice of image, not a tgmcp setting.
        if name != "TGMCP_IMAGE" {
            assert!(known().contains(name.as_str()), "compose names {name}");
        }
    }
}

#[test]
fn env_example_lists_exactly_the_variables_the_code_reads() {
    let e = read(".env.example");
    let set: BTreeSet<String> = e
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .filter_map(|l| l.split_once('=').map(|(k, _)| k.trim().to_string()))
        .collect();
    let known = known();
    assert_eq!(set, known, ".env.example and the CLI's variables differ");
    assert!(read(".gitignore").lines().any(|l| l == ".env"));
    let di = read(".dockerignore");
    for must in ["target", ".env", ".git"] {
        assert!(di.lines().any(|l| l == must), ".dockerignore misses {must}");
    }
}

#[test]
fn paas_manifests_point_at_the_dockerfile_and_health() {
    let r = read("render.yaml");
    assert!(r.contains("runtime: docker") && r.contains("healthCheckPath: /health"));
    for secret in [
        "TELEGRAM_API_ID",
        "TELEGRAM_API_HASH",
        "TELEGRAM_SESSION_STRING",
        "TGMCP_AUTH_TOKEN",
    ] {
        let at = r
            .find(&format!("key: {secret}"))
            .unwrap_or_else(|| panic!("render.yaml misses {secret}"));
        assert!(
            r[at..].lines().nth(1).unwrap().contains("sync: false"),
            "{secret} must be a secret"
        );
    }
    let railway: serde_json::Value = serde_json::from_str(&read("railway.json")).unwrap();
    assert_eq!(railway["build"]["builder"], "DOCKERFILE");
    assert_eq!(railway["deploy"]["healthcheckPath"], "/health");
    let fly = read("fly.toml");
    assert!(fly.contains("internal_port = 8080") && fly.contains("path = \"/health\""));
    for text in [r, fly] {
        for name in env_names(&text) {
            assert!(known().contains(name.as_str()), "manifest names {name}");
        }
    }
}

/// `tgmcp <sub> [<sub2>] --flag` and `cargo run [--release] -- <sub> --flag` in the docs.
fn commands(text: &str) -> Vec<(Vec<String>, Vec<String>)> {
    let mut out = Vec::new();
    for line in text.lines() {
        let l = line.replace('`', " ");
        let mut rest = None;
        if let Some(i) = l.find("cargo run") {
            rest = l[i..].split_once(" -- ").map(|(_, r)| r.to_string());
        } else if let Some(i) = l.find("tgmcp ") {
            let before = &l[..i];
            // Skip prose such as "tgmcp is ..." and image names like "-t tgmcp .".
            if before.ends_with("run --rm -it ")
                || before.trim().is_empty()
                || before.ends_with("$ ")
                || before.ends_with(": ")
                || before.ends_with("with ")
                || before.ends_with("`")
            {
                rest = Some(l[i + 6..].to_string());
            }
        }
        let Some(rest) = rest else { continue };
        let words: Vec<&str> = rest
            .split_whitespace()
            .take_while(|w| !w.starts_with('#') && !w.starts_with('/') && *w != "|")
            .collect();
        let subs: Vec<String> = words
            .iter()
            .take_while(|w| w.chars().all(|c| c.is_ascii_lowercase()))
            .take(2)
            .map(|s| s.to_string())
            .collect();
        if subs.is_empty()
            || !["serve", "login", "plugin", "tools", "health"].contains(&subs[0].as_str())
        {
            continue;
        }
        let subs = if subs[0] == "plugin" {
            subs
        } else {
            subs[..1].to_vec()
        };
        let flags = words
            .iter()
            .filter(|w| w.starts_with("--"))
            .map(|w| w.split('=').next().unwrap().to_string())
            .collect();
        out.push((subs, flags));
    }
    out
}

#[test]
fn docs_name_only_real_variables_and_commands() {
    let known = known();
    let mut checked = 0;
    for doc in ["README.md", "docs/deploy.md", "docs/deploy.ru.md"] {
        let text = read(doc);
        for name in env_names(&text) {
            assert!(
                known.contains(name.as_str()),
                "{doc} names {name}, which the code does not read"
            );
        }
        for (subs, flags) in commands(&text) {
            let out = std::process::Command::new(BIN)
                .args(&subs)
                .arg("--help")
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{doc}: `tgmcp {}` is not a command",
                subs.join(" ")
            );
            let help = String::from_utf8_lossy(&out.stdout);
            for f in flags {
                assert!(
                    help.contains(&f),
                    "{doc}: `tgmcp {}` has no {f}",
                    subs.join(" ")
                );
            }
            checked += 1;
        }
    }
    assert!(
        checked >= 8,
        "the command extraction found too few commands ({checked})"
    );
    let readme = read("README.md");
    for (name, _) in env_vars() {
        assert!(
            readme.contains(&name),
            "README's configuration table misses {name}"
        );
    }
}

/// Replays the Dockerfile's dependency layer (its COPYs and stub commands) in a
/// scratch dir and lets cargo check the manifests there, as `docker build` would.
#[test]
fn the_dependency_layer_stubs_satisfy_cargo() {
    let d = read("Dockerfile");
    let tmp = tempfile::tempdir().unwrap();
    let lines: Vec<&str> = d.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.starts_with("WORKDIR /src"))
        .unwrap()
        + 1;
    let mut i = start;
    while !lines[i].starts_with("RUN ") {
        if let Some(rest) = lines[i].strip_prefix("COPY ") {
            let parts: Vec<&str> = rest.split_whitespace().collect();
            let dst = parts[parts.len() - 1];
            for src in &parts[..parts.len() - 1] {
                let to = if dst.ends_with('/') || parts.len() > 2 {
                    tmp.path()
                        .join(dst.trim_start_matches("./"))
                        .join(Path::new(src).file_name().unwrap())
                } else {
                    tmp.path().join(dst)
                };
                std::fs::create_dir_all(to.parent().unwrap()).unwrap();
                std::fs::copy(root().join(src), &to).unwrap();
            }
        }
        i += 1;
    }
    // The RUN line with its continuations, up to the first cargo command.
    let mut run = String::new();
    for l in &lines[i..] {
        run.push_str(l.trim_end_matches('\\'));
        if !l.ends_with('\\') {
            break;
        }
    }
    let steps: Vec<&str> = run
        .trim_start_matches("RUN ")
        .split("&&")
        .map(str::trim)
        .take_while(|s| !s.starts_with("cargo"))
        .collect();
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(steps.join(" && "))
        .current_dir(tmp.path())
        .status()
        .unwrap();
    assert!(status.success(), "stub commands failed: {steps:?}");
    for manifest in ["Cargo.toml", "plugins/Cargo.toml"] {
        let out = std::process::Command::new(env!("CARGO"))
            .args([
                "metadata",
                "--format-version",
                "1",
                "--no-deps",
                "--offline",
                "--manifest-path",
            ])
            .arg(tmp.path().join(manifest))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "cargo refuses {manifest} in the dependency layer:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// The section of `doc` from the heading `from` to the next heading of the same level.
fn section<'a>(doc: &'a str, from: &str) -> &'a str {
    let start = doc
        .find(from)
        .unwrap_or_else(|| panic!("no section {from:?}"));
    let level = from.split(' ').next().unwrap();
    let rest = &doc[start + from.len()..];
    let end = rest.find(&format!("\n{level} ")).unwrap_or(rest.len());
    &rest[..end]
}

/// Issue 17 item 8: every platform's steps (English and Russian) name the OAuth
/// secret, the state file on a disk at /data and the trusted proxies; the
/// manifests mount /data; both guides say how one session string stays in one place.
#[test]
fn every_platform_keeps_oauth_state_on_a_disk_and_one_instance() {
    for (doc, platforms) in [
        (
            "docs/deploy.md",
            ["### Render", "### Railway", "### Northflank", "### Fly.io"],
        ),
        (
            "docs/deploy.ru.md",
            ["### Render", "### Railway", "### Northflank", "### Fly.io"],
        ),
    ] {
        let text = read(doc);
        for p in platforms {
            let s = section(&text, p);
            let s = if p == "### Fly.io" {
                // Fly's secrets are in the command, the rest in fly.toml.
                format!("{s}{}", read("fly.toml"))
            } else {
                s.to_string()
            };
            for must in [
                "TGMCP_OAUTH_PASSWORD",
                "TGMCP_OAUTH_STATE_FILE",
                "TGMCP_TRUSTED_PROXIES",
                "/data",
            ] {
                assert!(s.contains(must), "{doc} {p} misses {must}");
            }
        }
        assert!(
            text.contains("AUTH_KEY_DUPLICATED") && text.contains("overlapSeconds"),
            "{doc}: one session string, one place"
        );
    }
    let render = read("render.yaml");
    assert!(render.contains("disk:") && render.contains("mountPath: /data"));
    assert!(render.contains("plan: starter") && render.contains("# starter, not free"));
    assert!(render.contains("key: TGMCP_OAUTH_STATE_FILE\n        value: /data/oauth.json"));
    let fly = read("fly.toml");
    assert!(fly.contains("[mounts]") && fly.contains("destination = \"/data\""));
    assert!(fly.contains("strategy = \"rolling\""));
    let railway: serde_json::Value = serde_json::from_str(&read("railway.json")).unwrap();
    assert_eq!(railway["deploy"]["overlapSeconds"], 0);
    assert_eq!(railway["deploy"]["numReplicas"], 1);
    let readme = read("README.md");
    assert!(
        readme.contains("absolute path") && readme.contains("\"command\": \"/"),
        "Claude Desktop does not search PATH: the README shows an absolute path"
    );
}

/// Issue 17 item 5: the release workflow builds every promised target with the
/// script the dry run uses, and cargo-binstall's metadata names the archive
/// that script makes.
#[test]
fn the_release_workflow_and_binstall_agree_on_the_archive() {
    let wf = read(".github/workflows/release.yml");
    for target in [
        "x86_64-unknown-linux-gnu",
        "aarch64-unknown-linux-gnu",
        "aarch64-apple-darwin",
        "x86_64-apple-darwin",
    ] {
        assert!(
            wf.contains(&format!("target: {target}")),
            "release misses {target}"
        );
    }
    assert!(wf.contains("bash .github/release-archive.sh --target ${{ matrix.target }}"));
    assert!(wf.contains("tags: [\"v*\"]") && wf.contains("gh release create"));
    let script = read(".github/release-archive.sh");
    assert!(script.contains(r#"name="tgmcp-${version}-${target}""#));
    assert!(script.contains(r#"archive="$out/$name.tar.gz""#));
    assert!(script.contains("--version") && script.contains("--locked"));
    let manifest = read("host/Cargo.toml");
    assert!(manifest.contains("[package.metadata.binstall]"));
    assert!(manifest.contains(
        r#"pkg-url = "{ repo }/releases/download/v{ version }/{ name }-{ version }-{ target }{ archive-suffix }""#
    ));
    assert!(
        manifest.contains(r#"bin-dir = "{ name }-{ version }-{ target }/{ bin }{ binary-ext }""#)
    );
    assert!(manifest.contains(r#"pkg-fmt = "tgz""#) && manifest.contains("repository = "));
    let image = read(".github/workflows/image.yml");
    assert!(image.contains("linux/amd64") && image.contains("linux/arm64"));
    assert!(image.contains("docker/build-push-action") && image.contains("ghcr.io/"));
    let ci = read(".ci/run");
    assert!(
        ci.contains("bash .github/release-archive.sh"),
        "CI checks that the archive's binary runs"
    );
}

/// The English and Russian deploy guides name the same settings, and every
/// setting the README's Configure table lists is one `tgmcp serve --help`
/// shows (the guides drifted apart once).
#[test]
fn the_guides_name_the_same_settings_and_the_readme_table_matches_help() {
    let en = env_names(&read("docs/deploy.md"));
    let ru = env_names(&read("docs/deploy.ru.md"));
    assert_eq!(
        en, ru,
        "docs/deploy.md and docs/deploy.ru.md name different variables"
    );
    let help = std::process::Command::new(BIN)
        .args(["serve", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&help.stdout).into_owned();
    let readme = read("README.md");
    let table = &readme[readme.find("## Configure").unwrap()..readme.find("## Limits").unwrap()];
    let rows: BTreeSet<String> = table
        .lines()
        .filter(|l| l.starts_with("| `"))
        .filter_map(|l| l.split('`').nth(1).map(str::to_string))
        .collect();
    assert!(rows.len() > 20, "{rows:?}");
    for name in &rows {
        if name != "RUST_LOG" {
            assert!(
                help.contains(name.as_str()),
                "README's Configure table lists {name}, which `tgmcp serve --help` does not"
            );
        }
    }
    for name in known().into_iter().filter(|n| help.contains(n.as_str())) {
        assert!(
            rows.contains(&name),
            "README's Configure table misses {name}"
        );
    }
}

/// A user can follow every install route as written (no placeholders), the
/// tests run on every push, and releases and images wait for them.
#[test]
fn install_routes_are_real_and_releases_wait_for_the_tests() {
    let readme = read("README.md");
    for placeholder in ["<repository URL>", "<owner>"] {
        assert!(
            !readme.contains(placeholder),
            "README still says {placeholder}"
        );
    }
    assert!(
        readme.contains("https://github.com/tgmcp/tgmcp") && readme.contains("ghcr.io/tgmcp/tgmcp")
    );
    let ci = read(".github/workflows/ci.yml");
    assert!(
        ci.contains("bash .ci/run") && ci.contains("pull_request") && ci.contains("workflow_call")
    );
    for wf in [
        ".github/workflows/release.yml",
        ".github/workflows/image.yml",
    ] {
        let w = read(wf);
        assert!(
            w.contains("uses: ./.github/workflows/ci.yml") && w.contains("needs: test"),
            "{wf} does not wait for the tests"
        );
    }
    for f in [
        "LICENSE-MIT",
        "LICENSE-APACHE",
        "CHANGELOG.md",
        "SECURITY.md",
    ] {
        assert!(!read(f).trim().is_empty(), "{f}");
    }
    let render = read("render.yaml");
    assert!(
        render.contains("key: RUN_UID\n        value: \"0\""),
        "Render's root-owned disk"
    );
}
