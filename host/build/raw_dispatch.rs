//! Generates `raw_dispatch.rs`: the telegram-raw dispatch from TL method
//! names to grammers' request types, read from the vendored schema
//! (`host/tl/api.tl`, grammers-tl-types' own), so every function of the
//! layer is callable without a hand-written list.
use std::fmt::Write as _;
use std::path::Path;

use grammers_tl_parser::tl::{Category, Definition, ParameterType};

/// Writes `raw_dispatch.rs` into `out_dir` from the schema at `schema`.
pub fn generate(schema: &Path, out_dir: &Path) {
    println!("cargo:rerun-if-changed={}", schema.display());
    let text = std::fs::read_to_string(schema)
        .unwrap_or_else(|e| panic!("could not read {}: {e}", schema.display()));
    let layer = text
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("//")?
                .split_once("LAYER")?
                .1
                .trim()
                .parse::<i32>()
                .ok()
        })
        .expect("the TL schema has a `// LAYER n` line");
    // Parse errors are definitions grammers skips too.
    let mut fns: Vec<Definition> = grammers_tl_parser::parse_tl_file(&text)
        .filter_map(Result::ok)
        .filter(|d| d.category == Category::Functions && !is_generic(d))
        .collect();
    fns.sort_by_key(Definition::full_name);
    fns.dedup_by_key(|d| d.full_name());

    let mut out = String::new();
    let _ = writeln!(
        out,
        "/// The layer of the schema the dispatch was generated from."
    );
    let _ = writeln!(out, "pub const SCHEMA_LAYER: i32 = {layer};");
    let _ = writeln!(out, "/// Every TL function `invoke` knows, sorted.");
    let _ = writeln!(out, "pub const METHODS: &[&str] = &[");
    for d in &fns {
        let _ = writeln!(out, "    {:?},", d.full_name());
    }
    let _ = writeln!(out, "];");
    let _ = writeln!(
        out,
        "/// The call for `method`, or `None` for a name the schema lacks.\n\
         pub fn dispatch(method: &str) -> Option<RawCall> {{\n    Some(match method {{"
    );
    for d in &fns {
        let mut path = String::from("tl::functions::");
        for ns in &d.namespace {
            path.push_str(ns);
            path.push_str("::");
        }
        path.push_str(&rusty_type_name(&d.name));
        let _ = writeln!(out, "        {:?} => call::<{path}>,", d.full_name());
    }
    let _ = writeln!(out, "        _ => return None,\n    }})\n}}");
    std::fs::write(out_dir.join("raw_dispatch.rs"), out).expect("write raw_dispatch.rs");
}

/// Wrappers generic over an inner query (`invokeWithLayer {X:Type} ...`):
/// the transport's business, not a plugin's.
fn is_generic(d: &Definition) -> bool {
    d.ty.generic_ref
        || d.params.iter().any(|p| match &p.ty {
            ParameterType::Normal { ty, .. } => ty.generic_ref,
            ParameterType::Flags => false,
        })
}

/// grammers-tl-gen's name for a definition (`ns.some_OK_name` → `SomeOkName`),
/// copied from its `rustifier.rs` (MIT/Apache-2.0) since it is private there.
fn rusty_type_name(name: &str) -> String {
    enum Casing {
        Upper,
        Lower,
        Preserve,
    }
    let name = name.rsplit('.').next().unwrap_or(name);
    let mut result = String::with_capacity(name.len());
    name.chars().fold(Casing::Upper, |casing, c| {
        if c == '_' {
            return Casing::Upper;
        }
        match casing {
            Casing::Upper => {
                result.push(c.to_ascii_uppercase());
                Casing::Lower
            }
            Casing::Lower | Casing::Preserve => {
                if matches!(casing, Casing::Lower) {
                    result.push(c.to_ascii_lowercase());
                } else {
                    result.push(c);
                }
                if c.is_ascii_uppercase() {
                    Casing::Lower
                } else {
                    Casing::Preserve
                }
            }
        }
    });
    result
}
