//! Stage 1: read `content/` into the typed [`model`](crate::model).
//!
//! One job per file: this one walks `content/` and reads its files; [`documents`] parses
//! Markdown with front matter, [`figures`] a year's figures.yaml, and [`yaml`] is the only
//! module that calls the YAML parser (deprecated by its author: a maintained fork is a
//! change there), with the limits every content file gets. [`refused`] finds
//! the characters no text may hold, [`yaml_places`] where a scalar is in a YAML file.
//! Every problem is collected as a [`Diagnostic`] with the file, line and column, and
//! loading goes on to find the others.

use crate::diagnostics::{line_column, relative, Diagnostic, Diagnostics};
use crate::format::Lang;
use crate::model::{
    parse_year, Content, DocKind, Document, Metric, ReportMeta, SiteConfig, TranslatedMeta,
    YearContent,
};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

pub mod documents;
mod figure_numbers;
pub mod figures;
mod refused;
pub mod sheet;
pub mod yaml;
mod yaml_aliases;
mod yaml_parser;
mod yaml_parts;
mod yaml_places;

use documents::{load_document, load_documents};
pub use documents::{parse_document, split_front_matter};
pub use figures::{parse_figures, read_figures};
pub use yaml_places::{locate as locate_in_yaml, place_in_yaml};

/// Reads `<root>/content/`. Returns every problem found, not just the first.
pub fn load_content(root: &Path) -> Result<Content, Diagnostics> {
    match load_content_partly(root) {
        (Some(content), problems) if problems.is_empty() => Ok(content),
        (_, problems) => Err(problems),
    }
}

/// Reads `<root>/content/` as far as it can: the content (when site.yaml and
/// metrics.yaml could be read, without the files that could not), and every problem.
/// The files with a problem are listed in [`Content::unread`], so that the later checks
/// can run on the rest without blaming them for what is missing.
pub fn load_content_partly(root: &Path) -> (Option<Content>, Diagnostics) {
    let mut problems = Diagnostics::default();
    let content_dir = root.join("content");
    if !content_dir.is_dir() {
        let missing = Diagnostic::new(
            relative(root, &content_dir),
            "there is no content folder here",
        )
        .hint(format!(
            "run jaarverslag in a site's folder, or point --root at one (looked in {})",
            root.display()
        ));
        return (None, missing.into());
    }

    let config_path = content_dir.join("site.yaml");
    let config = match read_text(root, &config_path) {
        Ok(text) => yaml::parse::<SiteConfig>(root, &config_path, &text, 0)
            .map_err(|d| problems.extend(d))
            .inspect(|config| {
                let file = relative(root, &config_path);
                for d in crate::link_policy::check_site_config(config, &text, &file) {
                    problems.push(d);
                }
            })
            .ok(),
        Err(d) => {
            problems.push(d.hint("every site needs content/site.yaml with at least title, base_url, organisation and themes"));
            None
        }
    };

    let metrics_path = content_dir.join("metrics.yaml");
    let (metrics, metrics_text) = match read_text(root, &metrics_path) {
        Ok(text) => match yaml::parse::<Vec<Metric>>(root, &metrics_path, &text, 0) {
            Ok(m) if m.is_empty() => {
                problems.push(
                    Diagnostic::new(relative(root, &metrics_path), "the catalogue is empty")
                        .hint("list each metric with id, label, theme, unit and description (see the README)"),
                );
                (m, text)
            }
            Ok(m) => (m, text),
            Err(d) => {
                problems.extend(d);
                (Vec::new(), text)
            }
        },
        Err(d) => {
            problems.push(d.hint("list the metrics in content/metrics.yaml"));
            (Vec::new(), String::new())
        }
    };

    let mut translations = Translations::new();
    // The decimals each metric declares, for reading its values (none when metrics.yaml
    // could not be read: then only how the numbers are written is checked).
    let decimals: Option<figures::Decimals> = (!metrics.is_empty()).then(|| {
        metrics
            .iter()
            .map(|m| (m.id.as_str(), m.decimals))
            .collect()
    });
    // Numbers read but out of range (a negative count, a fall of 250%) are problems
    // that leave their file read: the rest of the site is checked against it.
    let mut wrong_numbers = Diagnostics::default();
    let mut years = load_years(
        root,
        &content_dir.join("years"),
        decimals.as_ref(),
        &mut translations,
        &mut problems,
        &mut wrong_numbers,
    );
    // The figures kept in a spreadsheet instead, if the site has one.
    let mut load_warnings = Diagnostics::default();
    match sheet::read_site_sheet(root, &content_dir, &metrics) {
        Ok(Some(mut found)) => {
            load_warnings = std::mem::take(&mut found.notices);
            sheet::merge(found, &mut years, &mut problems);
        }
        Ok(None) => {}
        Err(d) => problems.extend(d),
    }
    let publications = load_documents(
        root,
        &content_dir.join("publications"),
        DocKind::Publication,
        &mut translations,
        &mut problems,
    );
    let pages = load_documents(
        root,
        &content_dir.join("pages"),
        DocKind::Page,
        &mut translations,
        &mut problems,
    );
    check_top_level(root, &content_dir, &mut problems);

    let unread: BTreeSet<PathBuf> = problems.iter().map(|d| d.file.clone()).collect();
    problems.extend(wrong_numbers);
    let metrics_path_rel = relative(root, &metrics_path);
    let content = match config {
        Some(config) if !unread.contains(&metrics_path_rel) => Some(Content {
            root: root.to_path_buf(),
            config,
            config_path: relative(root, &config_path),
            metrics,
            metrics_path: relative(root, &metrics_path),
            metric_id_lines: id_lines(&metrics_text),
            metrics_text,
            years,
            publications,
            pages,
            translations,
            unread,
            load_warnings,
        }),
        _ => None,
    };
    (content, problems)
}

const TOP_LEVEL: [&str; 8] = [
    "site.yaml",
    "metrics.yaml",
    "years",
    "publications",
    "pages",
    sheet::SHEET_NAMES[0],
    sheet::SHEET_NAMES[1],
    sheet::SHEET_NAMES[2],
];

/// Names what an author put in content/ that the build would silently ignore.
fn check_top_level(root: &Path, content_dir: &Path, problems: &mut Diagnostics) {
    for entry in sorted_entries(root, content_dir, problems) {
        let name = entry.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if !TOP_LEVEL.contains(&name) {
            problems.push(
                Diagnostic::new(relative(root, &entry), "unexpected entry in content/").hint(
                    "content/ holds site.yaml, metrics.yaml, years/, publications/ and pages/, \
                     and the figures may be in figures.xlsx, figures.ods or figures.csv",
                ),
            );
        }
    }
}

/// The entries of a folder, sorted by name (so the build does not depend on the file
/// system's order), without editors' side files and hidden files ([`crate::walk`]);
/// symlinks are reported, not followed.
fn sorted_entries(root: &Path, dir: &Path, problems: &mut Diagnostics) -> Vec<PathBuf> {
    let read = match std::fs::read_dir(dir) {
        Ok(read) => read,
        Err(e) => {
            problems.push(Diagnostic::new(
                relative(root, dir),
                format!("cannot read folder: {e}"),
            ));
            return Vec::new();
        }
    };
    let mut entries = Vec::new();
    for entry in read {
        match entry {
            Ok(entry) => {
                let path = entry.path();
                let name = entry.file_name();
                // Before the symlink check: Emacs' lock `.#x.md` is a dangling link.
                if crate::walk::is_skipped(&name.to_string_lossy()) {
                    continue;
                }
                match entry.file_type() {
                    Ok(t) if t.is_symlink() => problems.push(
                        Diagnostic::new(relative(root, &path), "symbolic links are not followed")
                            .hint("put the file itself in content/ (a link could point outside the site or loop)"),
                    ),
                    Ok(_) => entries.push(path),
                    Err(e) => problems.push(Diagnostic::new(
                        relative(root, &path),
                        format!("cannot read: {e}"),
                    )),
                }
            }
            Err(e) => problems.push(Diagnostic::new(
                relative(root, dir),
                format!("cannot read folder: {e}"),
            )),
        }
    }
    entries.sort();
    entries
}

fn load_years(
    root: &Path,
    dir: &Path,
    decimals: Option<&figures::Decimals>,
    translations: &mut Translations,
    problems: &mut Diagnostics,
    wrong_numbers: &mut Diagnostics,
) -> Vec<YearContent> {
    if !dir.exists() {
        return Vec::new();
    }
    let mut years = Vec::new();
    for path in sorted_entries(root, dir, problems) {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let rel = relative(root, &path);
        if !path.is_dir() {
            problems.push(
                Diagnostic::new(rel, "unexpected file in years/")
                    .hint("each year is a folder named after it, e.g. years/2021/"),
            );
            continue;
        }
        let Some(year) = parse_year(name) else {
            problems.push(
                Diagnostic::new(rel, format!("`{name}` is not a year")).hint(
                    "name year folders with four digits between 1900 and 2999, e.g. years/2021/",
                ),
            );
            continue;
        };
        let mut report = None;
        let mut figures = Vec::new();
        let mut figures_text = String::new();
        let figures_path = path.join("figures.yaml");
        let files = sorted_entries(root, &path, problems);
        // Measured before this check: an empty folder published a year page in every
        // language, with nothing on it. A folder whose figures.yaml holds no figures (and
        // no report) is as empty; that figures.yaml is read below, and named then.
        if files.is_empty() {
            problems.push(
                Diagnostic::new(&rel, format!("the year folder {name}/ is empty"))
                    .hint(format!(
                        "remove the empty folder {}/ until you write the year; \
                         `jaarverslag new {name}` makes it again, with a report and figures to fill in",
                        rel.display()
                    )),
            );
            continue;
        }
        let has_report = files.iter().any(|f| f.ends_with("report.md"));
        let mut figures_read = false;
        for file in files {
            match file.file_name().and_then(|n| n.to_str()).unwrap_or("") {
                "report.md" => report = load_document::<ReportMeta>(root, &file, problems),
                "figures.yaml" => {
                    if let Ok(text) = read_text(root, &file).map_err(|d| problems.push(d)) {
                        let against = figures::ReadAgainst {
                            year: Some(year),
                            decimals,
                        };
                        match read_figures(root, &file, &text, against) {
                            Ok(read) => {
                                figures = read.figures;
                                figures_read = true;
                                wrong_numbers.extend(read.wrong_numbers);
                            }
                            Err(d) => problems.extend(d),
                        }
                        figures_text = text;
                    }
                }
                other => match translated_stem(other.strip_suffix(".md").unwrap_or(other)) {
                    Some(("report", lang)) if other.ends_with(".md") => {
                        if let Some(doc) = load_document::<TranslatedMeta>(root, &file, problems) {
                            translations.insert((DocKind::Report, year.to_string(), lang), doc);
                        }
                    }
                    _ => problems.push(
                        Diagnostic::new(relative(root, &file), "unexpected file in a year folder")
                            .hint("a year folder holds report.md, figures.yaml and translations such as report.fr.md"),
                    ),
                },
            }
        }
        if !has_report && figures_read && figures.is_empty() {
            problems.push(
                Diagnostic::new(
                    relative(root, &figures_path),
                    format!("{name}/ has no report and this figures.yaml has no figures"),
                )
                .hint(format!(
                    "write the report or the figures, or remove {}/ until you do",
                    rel.display()
                )),
            );
        }
        years.push(YearContent {
            year,
            report,
            figures,
            figures_path: relative(root, &figures_path),
            figures_text,
        });
    }
    years
}

type Translations = BTreeMap<(DocKind, String, Lang), Document<TranslatedMeta>>;

/// `over.fr` → `("over", Fr)`: a translation's file stem.
fn translated_stem(stem: &str) -> Option<(&str, Lang)> {
    let (base, code) = stem.rsplit_once('.')?;
    Lang::from_code(code).map(|lang| (base, lang))
}

/// No report, page or YAML file is this large; a file that is was surely put there by
/// mistake (a pasted image, a data dump), and reading it would only slow every build.
pub const LARGEST_FILE: u64 = 4 * 1024 * 1024;

/// A report, publication or page is read with a lower limit: Markdown made of odd
/// characters (a 4 MB file of `[`, of link references, of quotes) kept pulldown-cmark's
/// tree at 600 MB and took up to a second; under 1 MB the worst measured was 0.6 s and
/// 178 MB. This site's largest document is 9 kB.
pub const LARGEST_DOCUMENT: u64 = 1024 * 1024;

/// Reads a file as UTF-8 text; a BOM is dropped and CRLF line ends become LF.
pub fn read_text(root: &Path, path: &Path) -> Result<String, Diagnostic> {
    read_text_at_most(root, path, LARGEST_FILE)
}

/// [`read_text`] for a Markdown document, at most [`LARGEST_DOCUMENT`].
pub fn read_document_text(root: &Path, path: &Path) -> Result<String, Diagnostic> {
    read_text_at_most(root, path, LARGEST_DOCUMENT)
}

fn read_text_at_most(root: &Path, path: &Path, limit: u64) -> Result<String, Diagnostic> {
    let rel = relative(root, path);
    let cannot_read = |e: std::io::Error| {
        let message = if e.kind() == std::io::ErrorKind::NotFound {
            "file not found".to_string()
        } else {
            format!("cannot read: {e}")
        };
        Diagnostic::new(&rel, message)
    };
    // One open, and the size from the open file: thousands of files are read per build.
    let mut file = std::fs::File::open(path).map_err(cannot_read)?;
    let size = file.metadata().map_or(0, |meta| meta.len());
    if size > limit {
        let what = if limit == LARGEST_DOCUMENT {
            "a report, publication or page may be at most 1 MB"
        } else {
            "content files may be at most 4 MB"
        };
        return Err(Diagnostic::new(
            &rel,
            format!("the file is {:.1} MB; {what}", size as f64 / 1_048_576.0),
        )
        .hint("split the text, or remove what does not belong in it (images go in static/)"));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    std::io::Read::read_to_end(&mut file, &mut bytes).map_err(cannot_read)?;
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
            let (line, column) = line_column(&prefix, valid);
            return Err(Diagnostic::new(&rel, "the file is not valid UTF-8")
                .at(line, column)
                .hint("save the file as UTF-8 (in most editors: Save with encoding → UTF-8)"));
        }
    };
    if !text.starts_with('\u{feff}') && !text.contains('\r') {
        return Ok(text); // the usual case: no copy
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    Ok(text.replace("\r\n", "\n"))
}

/// Every `id: <id>` in a YAML list (metrics.yaml), with the lines it is on, in order.
pub fn id_lines(text: &str) -> HashMap<String, Vec<usize>> {
    let mut lines: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, line) in text.lines().enumerate() {
        if let Some(id) = id_on_line(line) {
            lines.entry(id.to_string()).or_default().push(i + 1);
        }
    }
    lines
}

/// `  - id: weglopers` → `weglopers`.
fn id_on_line(line: &str) -> Option<&str> {
    let t = line.trim_start().trim_start_matches("- ").trim_start();
    t.strip_prefix("id:")
        .map(|v| v.trim().trim_matches(['"', '\'']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_line_of_an_id() {
        let text = "- id: a\n  label: A\n- id: b\n-   id: \"a\"\n";
        let index = id_lines(text);
        let line = |id: &str, n: usize| index.get(id).and_then(|lines| lines.get(n)).copied();
        assert_eq!(line("a", 0), Some(1));
        assert_eq!(line("a", 1), Some(4));
        assert_eq!(line("b", 0), Some(3));
        assert_eq!(line("c", 0), None);
        assert_eq!(line("a", 2), None);
    }
}
