//! The layers of host/src point one way: http → mcp → runtime → policy →
//! telegram, with config and the CLI at the edge. A lower layer that names a
//! higher one fails here, with the file and line.

use std::path::{Path, PathBuf};

/// Rank of each top-level module: a module may name only modules of lower rank
/// (and itself). Siblings of one rank stay independent.
const RANKS: &[(&str, u8)] = &[
    ("telegram", 0),
    ("scaffold", 0),
    ("policy", 1),
    ("auth", 1),
    ("runtime", 2),
    ("mcp", 3),
    ("http", 4),
    ("config", 5),
    ("cli", 6),
];

fn rank(module: &str) -> Option<u8> {
    RANKS.iter().find(|(m, _)| *m == module).map(|(_, r)| *r)
}

fn rs_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            rs_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The top-level module a file belongs to (`runtime/host/log.rs` → `runtime`).
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

/// Modules a line names through `crate::x`, including `use crate::{x, y}`.
fn named(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, _) in line.match_indices("crate::") {
        let rest = &line[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let inner = group.split('}').next().unwrap_or_default();
            for part in inner.split(',') {
                let m: String = part
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                out.push(m);
            }
        } else {
            out.push(
                rest.chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect(),
            );
        }
    }
    out
}

#[test]
fn lower_layers_never_name_higher_ones() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rs_files(&src, &mut files);
    let mut violations = Vec::new();
    let mut unranked = Vec::new();
    for file in &files {
        let module = module_of(&src, file);
        if module == "main" || module == "lib" {
            continue;
        }
        let Some(own) = rank(&module) else {
            unranked.push(module);
            continue;
        };
        let text = std::fs::read_to_string(file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            for other in named(code) {
                if other == module || other.is_empty() {
                    continue;
                }
                match rank(&other) {
                    Some(r) if r >= own => violations.push(format!(
                        "{}:{}: {module} (layer {own}) names {other} (layer {r})",
                        file.strip_prefix(&src).unwrap().display(),
                        n + 1
                    )),
                    _ => {}
                }
            }
        }
    }
    assert!(
        unranked.is_empty(),
        "modules without a layer in tests/layers.rs: {unranked:?}"
    );
    assert!(
        violations.is_empty(),
        "layering violations:\n{}",
        violations.join("\n")
    );
}

#[test]
fn the_checker_catches_a_violation() {
    assert_eq!(named("use crate::{mcp, policy::Guard};"), ["mcp", "policy"]);
    assert_eq!(named("let x = crate::http::router();"), ["http"]);
}
