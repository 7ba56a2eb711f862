//! The layers of host/src point one way: http → mcp → runtime → policy →
//! telegram, with config and the CLI at the edge, and no two files of host/src
//! or fakegram/src need each other. A lower layer that names a higher one, or a
//! circle between files, fails here with the files and lines.
//!
//! Paths are read whole: `use` trees over several lines and nested groups,
//! `crate::` and `super::` anywhere in code, string literals and comments
//! skipped.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Rank of each top-level module: a module may name only modules of lower rank
/// (and itself). Siblings of one rank stay independent.
const RANKS: &[(&str, u8)] = &[
    ("process", 0),
    ("telegram", 1),
    ("scaffold", 1),
    ("policy", 2),
    ("auth", 2),
    ("runtime", 3),
    ("mcp", 4),
    ("http", 5),
    ("config", 6),
    ("cli", 7),
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

/// `text` with comments and string and char literals blanked out (newlines
/// kept, so line numbers stay right).
fn code_only(text: &str) -> String {
    let b: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < b.len() && b[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < b.len() {
                if b[i] == '/' && b.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if b[i] == '*' && b.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(blank(b[i]));
                    i += 1;
                }
            }
        } else if c == 'r' && (next == Some('#') || next == Some('"')) && !prev_ident(&b, i) {
            // A raw string: r"…", r#"…"#, r##"…"##.
            let mut j = i + 1;
            let mut hashes = 0;
            while b.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if b.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            loop {
                if j >= b.len() {
                    break;
                }
                if b[j] == '"' && (0..hashes).all(|k| b.get(j + 1 + k) == Some(&'#')) {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            for &ch in &b[i..j.min(b.len())] {
                out.push(blank(ch));
            }
            i = j;
        } else if c == '"' {
            out.push(' ');
            i += 1;
            while i < b.len() && b[i] != '"' {
                if b[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                if i < b.len() {
                    out.push(blank(b[i]));
                    i += 1;
                }
            }
            out.push(' ');
            i += 1;
        } else if c == '\'' {
            // A char literal ('x', '\n', '\u{1F600}'), not a lifetime ('a).
            let close = if next == Some('\\') {
                (i + 2..b.len().min(i + 12)).find(|&k| b[k] == '\'')
            } else if b.get(i + 2) == Some(&'\'') {
                Some(i + 2)
            } else {
                None
            };
            match close {
                Some(k) => {
                    out.extend(std::iter::repeat_n(' ', k + 1 - i));
                    i = k + 1;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn prev_ident(b: &[char], i: usize) -> bool {
    i > 0 && (b[i - 1].is_alphanumeric() || b[i - 1] == '_')
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Every path that starts at `crate::` or `super::` in `code`, with its line:
/// `(line, ["super", "super", "x", "y"])`; groups are expanded
/// (`crate::{a, b::{c, d}}` gives `a`, `b::c` and `b::d`).
fn paths(code: &str) -> Vec<(usize, Vec<String>)> {
    let b: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let starts = |w: &str| {
            w.chars().enumerate().all(|(k, c)| b.get(i + k) == Some(&c)) && !prev_ident(&b, i)
        };
        if (starts("crate::") && !(i > 0 && b[i - 1] == '$')) || starts("super::") {
            let line = b[..i].iter().filter(|&&c| c == '\n').count() + 1;
            let mut found = Vec::new();
            let end = tree(&b, i, Vec::new(), &mut found);
            out.extend(found.into_iter().map(|p| (line, p)));
            i = end.max(i + 1);
        } else {
            i += 1;
        }
    }
    out
}

/// Parses a path tree at `i` under `prefix`; pushes each full path to `out`
/// and returns where it ends.
fn tree(b: &[char], mut i: usize, mut prefix: Vec<String>, out: &mut Vec<Vec<String>>) -> usize {
    let skip_ws = |mut i: usize| {
        while i < b.len() && b[i].is_whitespace() {
            i += 1;
        }
        i
    };
    loop {
        i = skip_ws(i);
        if b.get(i) == Some(&'{') {
            i += 1;
            loop {
                i = skip_ws(i);
                match b.get(i) {
                    Some('}') => return i + 1,
                    Some(',') => i += 1,
                    None => return i,
                    _ => {
                        let before = i;
                        i = tree(b, i, prefix.clone(), out);
                        if i == before {
                            i += 1;
                        }
                    }
                }
            }
        }
        let start = i;
        while i < b.len() && is_ident(b[i]) {
            i += 1;
        }
        if i == start {
            // `*` or something that ends the path.
            out.push(prefix);
            return i;
        }
        let seg: String = b[start..i].iter().collect();
        if seg != "self" {
            prefix.push(seg);
        }
        let j = skip_ws(i);
        if b.get(j) == Some(&':') && b.get(j + 1) == Some(&':') {
            i = j + 2;
        } else {
            out.push(prefix);
            return i;
        }
    }
}

/// One crate's files: each file's module path, and the file of each module.
struct Crate {
    src: PathBuf,
    files: Vec<PathBuf>,
    module_of: BTreeMap<PathBuf, Vec<String>>,
    file_of: BTreeMap<Vec<String>, PathBuf>,
}

impl Crate {
    fn read(src: PathBuf) -> Crate {
        let mut files = Vec::new();
        rs_files(&src, &mut files);
        files.sort();
        let mut module_of = BTreeMap::new();
        for f in &files {
            let rel = f.strip_prefix(&src).unwrap();
            let mut m: Vec<String> = rel
                .with_extension("")
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if matches!(m.last().map(String::as_str), Some("mod")) || m == ["lib"] || m == ["main"]
            {
                m.pop();
            }
            module_of.insert(f.clone(), m);
        }
        // `#[path = "x_tests.rs"] mod tests;` puts x_tests.rs under x::tests.
        for f in &files {
            let text = std::fs::read_to_string(f).unwrap();
            let lines: Vec<&str> = text.lines().collect();
            for (n, l) in lines.iter().enumerate() {
                let Some(rest) = l.trim().strip_prefix("#[path = \"") else {
                    continue;
                };
                let target = f.parent().unwrap().join(rest.split('"').next().unwrap());
                let decl = lines[n + 1..].iter().find(|l| l.contains("mod "));
                let name = decl
                    .and_then(|d| d.split("mod ").nth(1))
                    .map(|s| s.trim_end_matches(';').trim().to_string());
                if let (Some(name), true) = (name, module_of.contains_key(&target)) {
                    let mut m = module_of[f].clone();
                    m.push(name);
                    module_of.insert(target, m);
                }
            }
        }
        let file_of = module_of
            .iter()
            .map(|(f, m)| (m.clone(), f.clone()))
            .collect();
        Crate {
            src,
            files,
            module_of,
            file_of,
        }
    }

    /// The absolute module path `path` (as written in `file`) names.
    fn absolute(&self, file: &Path, path: &[String]) -> Vec<String> {
        let mut here = self.module_of[file].clone();
        let mut rest = path;
        match rest.first().map(String::as_str) {
            Some("crate") => {
                here.clear();
                rest = &rest[1..];
            }
            _ => {
                while rest.first().map(String::as_str) == Some("super") {
                    here.pop();
                    rest = &rest[1..];
                }
            }
        }
        here.extend(rest.iter().cloned());
        here
    }

    /// The deepest file of the modules along `module`.
    fn file_for(&self, module: &[String]) -> Option<&PathBuf> {
        (0..=module.len())
            .rev()
            .find_map(|n| self.file_of.get(&module[..n]))
    }

    fn rel(&self, f: &Path) -> String {
        f.strip_prefix(&self.src).unwrap().display().to_string()
    }

    /// Every file's references: `(file, line, absolute module path)`.
    fn references(&self) -> Vec<(PathBuf, usize, Vec<String>)> {
        let mut out = Vec::new();
        for f in &self.files {
            let code = code_only(&std::fs::read_to_string(f).unwrap());
            for (line, p) in paths(&code) {
                out.push((f.clone(), line, self.absolute(f, &p)));
            }
        }
        out
    }

    /// Circles between files: groups of files that name each other, a file
    /// and the modules it sits in (its ancestors) counting as one.
    fn circles(&self) -> Vec<Vec<String>> {
        self.circles_without(None)
    }

    /// [`Crate::circles`] with names of `skip` (a file under src) left out.
    fn circles_without(&self, skip: Option<&str>) -> Vec<Vec<String>> {
        let mut edges: BTreeMap<PathBuf, BTreeSet<PathBuf>> = BTreeMap::new();
        let mut why: BTreeMap<(PathBuf, PathBuf), usize> = BTreeMap::new();
        for (from, line, module) in self.references() {
            let Some(to) = self.file_for(&module) else {
                continue;
            };
            if skip.is_some_and(|s| self.rel(to) == s) {
                continue;
            }
            let (a, b) = (&self.module_of[&from], &self.module_of[to]);
            if a.starts_with(b) || b.starts_with(a) {
                continue;
            }
            edges.entry(from.clone()).or_default().insert(to.clone());
            why.entry((from, to.clone())).or_insert(line);
        }
        strongly_connected(&self.files, &edges)
            .into_iter()
            .filter(|c| c.len() > 1)
            .map(|c| {
                let set: BTreeSet<_> = c.iter().collect();
                c.iter()
                    .flat_map(|f| {
                        edges[f]
                            .iter()
                            .filter(|t| set.contains(t))
                            .map(|t| {
                                format!(
                                    "{}:{} → {}",
                                    self.rel(f),
                                    why[&(f.clone(), t.clone())],
                                    self.rel(t)
                                )
                            })
                            .collect::<Vec<_>>()
                    })
                    .collect()
            })
            .collect()
    }
}

/// Tarjan's strongly connected components.
fn strongly_connected(
    nodes: &[PathBuf],
    edges: &BTreeMap<PathBuf, BTreeSet<PathBuf>>,
) -> Vec<Vec<PathBuf>> {
    struct T<'a> {
        edges: &'a BTreeMap<PathBuf, BTreeSet<PathBuf>>,
        index: BTreeMap<&'a PathBuf, usize>,
        low: BTreeMap<&'a PathBuf, usize>,
        stack: Vec<&'a PathBuf>,
        on: BTreeSet<&'a PathBuf>,
        out: Vec<Vec<PathBuf>>,
    }
    fn visit<'a>(t: &mut T<'a>, v: &'a PathBuf) {
        let n = t.index.len();
        t.index.insert(v, n);
        t.low.insert(v, n);
        t.stack.push(v);
        t.on.insert(v);
        if let Some(next) = t.edges.get(v) {
            for w in next {
                if !t.index.contains_key(w) {
                    visit(t, w);
                    let lw = t.low[w];
                    let lv = t.low.get_mut(v).unwrap();
                    *lv = (*lv).min(lw);
                } else if t.on.contains(w) {
                    let iw = t.index[w];
                    let lv = t.low.get_mut(v).unwrap();
                    *lv = (*lv).min(iw);
                }
            }
        }
        if t.low[v] == t.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = t.stack.pop() {
                t.on.remove(w);
                comp.push(w.clone());
                if w == v {
                    break;
                }
            }
            t.out.push(comp);
        }
    }
    let mut t = T {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in nodes {
        if !t.index.contains_key(v) {
            visit(&mut t, v);
        }
    }
    t.out
}

fn host() -> Crate {
    Crate::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("src"))
}

#[test]
fn lower_layers_never_name_higher_ones() {
    let c = host();
    let mut violations = Vec::new();
    let mut unranked = BTreeSet::new();
    for (file, line, module) in c.references() {
        let own = &c.module_of[&file];
        let (Some(mine), Some(theirs)) = (own.first(), module.first()) else {
            continue;
        };
        let Some(r_mine) = rank(mine) else {
            unranked.insert(mine.clone());
            continue;
        };
        if mine == theirs {
            continue;
        }
        match rank(theirs) {
            Some(r) if r >= r_mine => violations.push(format!(
                "{}:{line}: {mine} (layer {r_mine}) names {theirs} (layer {r})",
                c.rel(&file)
            )),
            _ => {}
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

/// fakegram's account.rs is its data model and its root state at once: every
/// area names its records (Peer, Message, User…), and `Account` holds every
/// area's state, which the areas extend (`impl Account` in groups.rs,
/// social.rs, extras.rs, demo.rs). Until the records move to a file of their
/// own, names of account.rs are not counted; every other circle is.
const FAKEGRAM_MODEL: &str = "account.rs";

#[test]
fn no_two_files_need_each_other() {
    for (src, model) in [
        (Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), None),
        (
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../fakegram/src"),
            Some(FAKEGRAM_MODEL),
        ),
    ] {
        let circles = Crate::read(src.clone()).circles_without(model);
        assert!(
            circles.is_empty(),
            "files in {} that name each other (move what both need to one of them, or below both):\n{}",
            src.display(),
            circles
                .iter()
                .map(|c| c.join("\n  "))
                .collect::<Vec<_>>()
                .join("\n\n")
        );
    }
}

#[test]
fn the_checker_reads_whole_use_trees() {
    let code = code_only(
        "use crate::{\n    mcp,\n    policy::{Guard, guard::{self, Op}},\n};\n\
         let s = \"crate::http in a string\"; // crate::cli in a comment\n\
         let x = super::super::runtime::Runtime::new();\n\
         let c = '{'; fn f<'a>(x: &'a str) {}\n\
         let y = crate::telegram::Backend;\n",
    );
    let found: Vec<(usize, String)> = paths(&code)
        .into_iter()
        .map(|(l, p)| (l, p.join("::")))
        .collect();
    assert_eq!(
        found,
        [
            (1, "crate::mcp".to_string()),
            (1, "crate::policy::Guard".into()),
            (1, "crate::policy::guard".into()),
            (1, "crate::policy::guard::Op".into()),
            (6, "super::super::runtime::Runtime::new".into()),
            (8, "crate::telegram::Backend".into()),
        ]
    );
}

#[test]
fn the_checker_finds_a_circle() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path();
    std::fs::write(src.join("lib.rs"), "mod a;\nmod b;\nmod c;\n").unwrap();
    std::fs::write(src.join("a.rs"), "use crate::b::B;\npub struct A;\n").unwrap();
    std::fs::write(
        src.join("b.rs"),
        "pub struct B;\nfn f() { let _ = super::a::A; }\n",
    )
    .unwrap();
    std::fs::write(src.join("c.rs"), "use crate::a::A;\n").unwrap();
    let circles = Crate::read(src.to_path_buf()).circles();
    assert_eq!(circles.len(), 1, "{circles:?}");
    assert_eq!(circles[0].len(), 2, "a and b, not c: {circles:?}");
}
