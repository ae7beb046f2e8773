//! The layers of src/ (docs/architecture.md, "Layers"): every top-level module may use
//! modules of its own layer and of the layers below it, never one above. This test reads
//! every file under src/ and follows each `crate::` and `super::` path (`use` groups
//! included, nested or not), as /work/shared/tools/modgraph.py does for cycles. Code
//! after a file's `#[cfg(test)]`, test-only files and the binary (main.rs, which sees the
//! library from outside) are left out: tests may reach anywhere.

use std::collections::BTreeSet;
use std::path::Path;

/// The layers, lowest first. A module is placed in the lowest layer its imports allow.
/// This is the order that holds in the code today.
const LAYERS: &[(&str, &[&str])] = &[
    (
        "foundation",
        &[
            "cache",
            "diagnostics",
            "escape",
            "format",
            "hash",
            "output",
            "placeholder",
            "raster",
            "walk",
        ],
    ),
    ("model", &["model", "link_policy"]),
    ("load", &["load", "markdown", "theme", "i18n"]),
    ("derive", &["derive"]),
    ("validate", &["validate", "urls"]),
    ("render", &["render", "charts", "write"]),
    ("check", &["check", "search", "scaffold", "init"]),
    ("site", &["site"]),
    ("serve", &["serve", "diff"]),
];

/// Imports that reach up today, each with its reason; the test fails when one of them
/// goes away (so that it is taken off this list) or when any other appears.
const KNOWN_EXCEPTIONS: &[(&str, &str, &str)] = &[(
    "i18n",
    "charts",
    "i18n checks that the default language file holds every key the code needs, and the \
     chart descriptions' keys are listed with the charts (charts::Words::KEYS). The fix is \
     the one list of the keys the code needs (issue #25, 'the keys the code needs: a \
     hand-kept list'), below both; i18n.rs is another change's file this round.",
)];

#[test]
fn no_module_imports_one_above_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = BTreeSet::new();
    let mut unplaced = BTreeSet::new();
    for (file, text) in sources(&src) {
        let from = top_module(&file);
        if layer_of(&from).is_none() {
            unplaced.insert(from.clone());
            continue;
        }
        for to in imported_modules(&file, &code_of(&text)) {
            if to != from {
                found.insert((from.clone(), to, file.clone()));
            }
        }
    }
    assert!(
        unplaced.is_empty(),
        "modules in no layer: {unplaced:?}; add each to LAYERS here and to \
         docs/architecture.md"
    );
    let mut wrong = Vec::new();
    let mut excepted_seen = BTreeSet::new();
    for (from, to, file) in &found {
        let Some(to_layer) = layer_of(to) else {
            continue; // a path into an external crate's items, not a module of ours
        };
        let from_layer = layer_of(from).unwrap_or(usize::MAX);
        if to_layer <= from_layer {
            continue;
        }
        if KNOWN_EXCEPTIONS
            .iter()
            .any(|(f, t, _)| f == from && t == to)
        {
            excepted_seen.insert((from.clone(), to.clone()));
            continue;
        }
        wrong.push(format!(
            "{file}: `{from}` ({}) imports `{to}` ({}), a layer above it",
            LAYERS[from_layer].0, LAYERS[to_layer].0
        ));
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    for (from, to, _) in KNOWN_EXCEPTIONS {
        assert!(
            excepted_seen.contains(&(from.to_string(), to.to_string())),
            "`{from}` no longer imports `{to}`: take it off KNOWN_EXCEPTIONS"
        );
    }
}

#[test]
fn the_checker_finds_an_import_that_reaches_up() {
    // `model` (layer 1) using `site` (layer 7), through a nested use group and
    // `super::super::`; `super::other` stays in `model`.
    let code = "use crate::{format::Lang, load::{yaml, refused}};\n\
                fn f() { super::super::site::Site::load(p); super::other::g(); }";
    let found = imported_modules("model/sub.rs", &code_of(code));
    assert_eq!(
        found,
        ["format", "load", "model", "site"]
            .into_iter()
            .map(String::from)
            .collect::<BTreeSet<_>>()
    );
    assert!(layer_of("site") > layer_of("model"));
    // A top-level file's `super::` is the crate; a folder's mod.rs's too.
    assert_eq!(
        imported_modules("render/mod.rs", &code_of("use super::charts::Words;")),
        BTreeSet::from(["charts".to_string()])
    );
    assert_eq!(
        imported_modules("site.rs", &code_of("use super::serve;")),
        BTreeSet::from(["serve".to_string()])
    );
    // Comments and test code do not count.
    assert!(imported_modules(
        "model.rs",
        &code_of(
            "// crate::site\n/* crate::serve */\n#[cfg(test)]\nmod tests { use crate::site; }"
        )
    )
    .is_empty());
}

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|(_, ms)| ms.contains(&module))
}

/// Every production source file under `src`, relative to it (with `/`), and its text.
fn sources(src: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(src) {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) != Some("rs") {
            continue;
        }
        let rel = path
            .strip_prefix(src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let stem = rel.rsplit('/').next().unwrap().trim_end_matches(".rs");
        let test_only = stem == "tests"
            || stem == "test"
            || stem.ends_with("_tests")
            || stem.ends_with("_test")
            || stem == "test_support";
        if rel == "main.rs" || rel == "lib.rs" || test_only {
            continue;
        }
        out.push((rel, std::fs::read_to_string(path).unwrap()));
    }
    out
}

/// `render/chart.rs` → `render`; `site.rs` → `site`.
fn top_module(file: &str) -> String {
    file.split('/')
        .next()
        .unwrap()
        .trim_end_matches(".rs")
        .to_string()
}

/// The code of a file before its tests, without comments (doc comments included: an
/// intra-doc link is no import).
fn code_of(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or("");
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("//") {
            rest = after.find('\n').map_or("", |n| &after[n..]);
        } else if let Some(after) = rest.strip_prefix("/*") {
            rest = after.find("*/").map_or("", |n| &after[n + 2..]);
        } else if rest.starts_with('"') {
            // A string literal is skipped whole: a message may name a path.
            let bytes = rest.as_bytes();
            let mut i = 1;
            while i < bytes.len() && bytes[i] != b'"' {
                i += if bytes[i] == b'\\' { 2 } else { 1 };
            }
            out.push_str("\"\"");
            rest = rest.get(i + 1..).unwrap_or("");
        } else {
            let c = rest.chars().next().unwrap();
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// The top-level modules that the `crate::` and `super::` paths in `code` (of `file`)
/// lead to.
fn imported_modules(file: &str, code: &str) -> BTreeSet<String> {
    // The module path of the file's parent: what its first `super` names.
    let mut parts: Vec<&str> = file.trim_end_matches(".rs").split('/').collect();
    if parts.last() == Some(&"mod") {
        parts.pop();
    }
    parts.pop(); // the module itself
    let mut found = BTreeSet::new();
    let bytes = code.as_bytes();
    for (at, _) in code.match_indices("::") {
        // The word right before `::`, when it starts a path (nothing path-like before it).
        let start = code[..at]
            .rfind(|c: char| !(c.is_alphanumeric() || c == '_'))
            .map_or(0, |i| i + 1);
        let word = &code[start..at];
        if word != "crate" && word != "super" {
            continue;
        }
        if start >= 2 && &bytes[start - 2..start] == b"::" {
            continue; // `super::super::x`: counted from its first word
        }
        let mut base: Vec<&str> = if word == "crate" {
            Vec::new()
        } else {
            parts.clone()
        };
        let mut rest = &code[at + 2..];
        while let Some(after) = rest.strip_prefix("super::") {
            base.pop();
            rest = after;
        }
        for path in expand(rest) {
            let full: Vec<&str> = base.iter().copied().chain(path.iter().copied()).collect();
            if let Some(first) = full.first() {
                found.insert((*first).to_string());
            }
        }
    }
    found
}

/// The paths a path's tail stands for: `a::b`, or each path of `{a::b, c::{d, e}}`.
fn expand(tail: &str) -> Vec<Vec<&str>> {
    let tail = tail.trim_start();
    if let Some(group) = tail.strip_prefix('{') {
        let mut out = Vec::new();
        let mut depth = 0;
        let mut item_start = 0;
        for (i, c) in group.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => {
                    out.extend(expand(&group[item_start..i]));
                    return out;
                }
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    out.extend(expand(&group[item_start..i]));
                    item_start = i + 1;
                }
                _ => {}
            }
        }
        return out;
    }
    let end = tail
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(tail.len());
    let first = &tail[..end];
    if first.is_empty() || first == "self" || first == "*" {
        return Vec::new();
    }
    match tail[end..].strip_prefix("::") {
        Some(more) => {
            let inner = expand(more);
            if inner.is_empty() {
                vec![vec![first]]
            } else {
                inner
                    .into_iter()
                    .map(|mut p| {
                        p.insert(0, first);
                        p
                    })
                    .collect()
            }
        }
        None => vec![vec![first]],
    }
}
