//! `jaarverslag diff OLD`: what a reader would read differently. The site is built in
//! memory (as `serve` does) and each page's sentences and chart descriptions
//! ([`text::page_text`]) are compared with those of the same page in OLD, a previous
//! output folder such as the published site: a team sees that adding one value turned
//! "−16%" into "+139%" before it publishes (issue 24). It reports; it does not judge.

mod text;

pub use text::{page_text, Said};

use crate::diagnostics::Diagnostics;
use crate::site::{BuildOptions, Site};
use anyhow::{bail, Context as _, Result};
use similar::{capture_diff_slices, Algorithm, DiffOp};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

/// Why there is no diff.
#[derive(Debug)]
pub enum Failure {
    /// The site does not build: its errors.
    Content(Diagnostics),
    /// OLD cannot be read.
    Old(anyhow::Error),
}

/// The report of what differs between the site at `root`, built now, and the output
/// folder `old`. `base_url` as OLD was built with (`build --base-url`): pages show
/// addresses in their text (a publication's permalink), which would all differ else.
pub fn diff(root: &Path, old: &Path, base_url: Option<&str>) -> Result<String, Failure> {
    let old_pages = read_old(old).map_err(Failure::Old)?;
    let site = Site::load(root).map_err(Failure::Content)?;
    let options = BuildOptions {
        base_url: base_url.map(str::to_string),
        search: false,
        ..BuildOptions::default()
    };
    let built = site.build(&options).map_err(Failure::Content)?;
    let new_pages: BTreeMap<String, String> = built
        .output
        .files()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, bytes)| {
            (
                path.to_string(),
                String::from_utf8_lossy(bytes).into_owned(),
            )
        })
        .collect();
    Ok(report(&old_pages, &new_pages, old))
}

/// Every HTML page under `old`, by its path with `/`.
fn read_old(old: &Path) -> Result<BTreeMap<String, String>> {
    if !old.is_dir() {
        bail!(
            "{} is not a folder: give the folder of an earlier build, e.g. the published site",
            old.display()
        );
    }
    let mut pages = BTreeMap::new();
    for entry in walkdir::WalkDir::new(old).sort_by_file_name() {
        let entry = entry.with_context(|| format!("cannot read {}", old.display()))?;
        let path = entry.path();
        if !entry.file_type().is_file() || path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let rel = path.strip_prefix(old).unwrap_or(path);
        let key = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let bytes =
            std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        pages.insert(key, String::from_utf8_lossy(&bytes).into_owned());
    }
    Ok(pages)
}

/// The report, in plain words: page by page what was said and what is said now, then
/// the pages added and removed; or that nothing differs.
pub fn report(
    old: &BTreeMap<String, String>,
    new: &BTreeMap<String, String>,
    old_dir: &Path,
) -> String {
    let mut out = String::new();
    let mut changed = 0;
    for (path, html) in new {
        let Some(before) = old.get(path) else {
            continue;
        };
        let lines = page_diff(&page_text(before), &page_text(html));
        if !lines.is_empty() {
            changed += 1;
            writeln!(out, "{path}:").expect("writing to a String");
            for line in lines {
                writeln!(out, "  {line}").expect("writing to a String");
            }
        }
    }
    let added: Vec<&String> = new.keys().filter(|p| !old.contains_key(*p)).collect();
    let removed: Vec<&String> = old.keys().filter(|p| !new.contains_key(*p)).collect();
    for path in &added {
        writeln!(out, "page added: {path}").expect("writing to a String");
    }
    for path in &removed {
        writeln!(out, "page removed: {path}").expect("writing to a String");
    }
    if changed == 0 && added.is_empty() && removed.is_empty() {
        writeln!(
            out,
            "Nothing differs from {} ({} page{} compared).",
            old_dir.display(),
            new.len(),
            if new.len() == 1 { "" } else { "s" }
        )
        .expect("writing to a String");
    } else {
        writeln!(
            out,
            "{changed} page{} say{} something else than in {}; {} page{} added, {} removed.",
            if changed == 1 { "" } else { "s" },
            if changed == 1 { "s" } else { "" },
            old_dir.display(),
            added.len(),
            if added.len() == 1 { "" } else { "s" },
            removed.len()
        )
        .expect("writing to a String");
    }
    out
}

/// What one page says differently, a line each: what was said and what is said now in
/// its place, or what was removed or added.
fn page_diff(old: &[Said], new: &[Said]) -> Vec<String> {
    let mut lines = Vec::new();
    let show = |s: &Said| match s {
        Said::Sentence(t) => format!("'{t}'"),
        Said::Chart(t) => format!("chart description '{t}'"),
    };
    for op in capture_diff_slices(Algorithm::Myers, old, new) {
        let (removed, added) = match op {
            DiffOp::Equal { .. } => continue,
            DiffOp::Delete {
                old_index, old_len, ..
            } => (&old[old_index..old_index + old_len], &new[0..0]),
            DiffOp::Insert {
                new_index, new_len, ..
            } => (&old[0..0], &new[new_index..new_index + new_len]),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => (
                &old[old_index..old_index + old_len],
                &new[new_index..new_index + new_len],
            ),
        };
        let pairs = removed.len().min(added.len());
        for (was, now) in removed.iter().zip(added) {
            lines.push(format!("was: {}", show(was)));
            lines.push(format!("now: {}", show(now)));
        }
        for was in &removed[pairs..] {
            lines.push(format!("removed: {}", show(was)));
        }
        for now in &added[pairs..] {
            lines.push(format!("added: {}", show(now)));
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pages(list: &[(&str, &str)]) -> BTreeMap<String, String> {
        list.iter()
            .map(|(p, body)| (p.to_string(), format!("<main>{body}</main>")))
            .collect()
    }

    #[test]
    fn a_changed_sentence_is_shown_as_it_was_and_is() {
        let old = pages(&[
            (
                "2021/index.html",
                "<p>Ontvoeringen: 370, −16% t.o.v. 2020. Minder dan ooit.</p>",
            ),
            ("weg/index.html", "<p>Weg.</p>"),
        ]);
        let new = pages(&[
            (
                "2021/index.html",
                "<p>Ontvoeringen: 370, +139% t.o.v. 2020. Minder dan ooit.</p><p>Nieuw.</p>",
            ),
            ("nieuw/index.html", "<p>Hier.</p>"),
        ]);
        assert_eq!(
            report(&old, &new, Path::new("public")),
            "2021/index.html:\n  was: 'Ontvoeringen: 370, −16% t.o.v. 2020.'\n  now: 'Ontvoeringen: 370, +139% t.o.v. 2020.'\n  added: 'Nieuw.'\npage added: nieuw/index.html\npage removed: weg/index.html\n1 page says something else than in public; 1 page added, 1 removed.\n"
        );
    }

    #[test]
    fn the_same_pages_say_nothing_differs() {
        let same = pages(&[("index.html", "<p>Een.</p>")]);
        assert_eq!(
            report(&same, &same, Path::new("public")),
            "Nothing differs from public (1 page compared).\n"
        );
    }
}
