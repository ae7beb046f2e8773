//! Whole-page snapshots: for each fixture and each of its languages, one page of every
//! kind (home, year, metric, theme, publication, every page and list, an embed page, the
//! 404 page), its head's title, meta tags and canonical and alternate links, and its whole
//! `<main>`, as written. A missing section, a wrong meta tag or a changed word fails;
//! snapshots/pages/ holds them (tests/README.md says how to update them).

use crate::site_test::*;
use std::collections::BTreeMap;
use std::path::Path;

#[test]
fn basic() {
    assert_pages("basic");
}

#[test]
fn bilingual() {
    assert_pages("bilingual");
}

#[test]
fn english() {
    assert_pages("english");
}

#[test]
fn french() {
    assert_pages("french");
}

#[test]
fn german() {
    assert_pages("german");
}

#[test]
fn trilingual() {
    assert_pages("trilingual");
}

/// Snapshots one page of each kind of `fixture`, in each language.
#[track_caller]
fn assert_pages(fixture: &str) {
    let site = built(fixture);
    let public = site.path("public");
    let pages = pages_by_kind(&public);
    assert!(
        pages.len() >= 8,
        "{fixture}: too few kinds of page: {:?}",
        pages.keys().collect::<Vec<_>>()
    );
    let mut failed = Vec::new();
    for (kind, rel) in &pages {
        let html = site.read(&format!("public/{rel}"));
        let text = format!("{rel}\n\n{}\n\n{}\n", head_tags(&html), main_of(&html));
        // Every page is checked before the test fails, so that one run shows (and
        // `INSTA_UPDATE=always` writes) every changed snapshot.
        let result = std::panic::catch_unwind(|| {
            crate::snap::assert_snapshot("pages", Some(kind), &text);
        });
        if result.is_err() {
            failed.push(rel.clone());
        }
    }
    assert!(
        failed.is_empty(),
        "{fixture}: pages that differ: {failed:?}"
    );
}

/// One page per kind, named `<language>-<kind>`: the first of each kind in path order.
/// The kind is read from the path: `index.html` (home), `<year>/index.html` (year),
/// `<list or page>/index.html` (each list and page), `<list>/<one>/index.html` (a metric,
/// theme or publication, by its list), `<folder>/<name>.html` (embed page), `404.html`.
fn pages_by_kind(public: &Path) -> BTreeMap<String, String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(public)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(public)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .filter(|p| p.ends_with(".html"))
        .collect();
    files.sort();
    let mut pages = BTreeMap::new();
    for rel in files {
        let html = std::fs::read_to_string(public.join(&rel)).unwrap();
        let lang = attribute(&html, "<html lang=\"").unwrap_or("?").to_string();
        let mut parts: Vec<&str> = rel.split('/').collect();
        if parts.len() > 1 && parts[0] == lang {
            parts.remove(0);
        }
        let kind = match parts.as_slice() {
            ["index.html"] => "home".to_string(),
            ["404.html"] => "404".to_string(),
            [year, "index.html"] if year.len() == 4 && year.parse::<u16>().is_ok() => {
                "year".to_string()
            }
            [one, "index.html"] => (*one).to_string(),
            [list, _, "index.html"] => format!("{list}-one"),
            [folder, name] if name.ends_with(".html") => format!("{folder}-embed"),
            _ => format!("other-{}", parts.join("_")),
        };
        pages.entry(format!("{lang}-{kind}")).or_insert(rel);
    }
    pages
}

fn attribute<'a>(html: &'a str, before: &str) -> Option<&'a str> {
    let start = html.find(before)? + before.len();
    let end = html[start..].find('"')?;
    Some(&html[start..start + end])
}

/// The head's `<title>`, `<meta>` tags and canonical and alternate links, one a line.
/// (Stylesheets and scripts are left out: their names carry a hash of their content.)
fn head_tags(html: &str) -> String {
    let head = &html[..html.find("</head>").expect("a page has </head>")];
    head.lines()
        .map(str::trim)
        .filter(|l| {
            l.starts_with("<title")
                || l.starts_with("<meta")
                || l.starts_with("<link rel=\"canonical\"")
                || l.starts_with("<link rel=\"alternate\"")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The page's `<main>` element, as written.
fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("a page has <main>");
    let end = html.find("</main>").expect("a page has </main>") + "</main>".len();
    &html[start..end]
}
