//! Stage 1: read `content/` into typed structures.
//!
//! This is the only module that parses YAML, so the deprecated serde_yaml can be swapped
//! for a fork in one place. Every problem is collected as a [`Diagnostic`] with the file,
//! line and column, and loading goes on to find the others.

use crate::diagnostics::{line_column, relative, Diagnostic, Diagnostics};
use crate::format::Lang;
use rayon::prelude::*;
use serde::de::{self, DeserializeOwned, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};

mod text;
mod walk;

use crate::model::{
    is_slug, parse_year, Content, DocKind, Document, Figure, Metric, ReportMeta, SiteConfig,
    StatedChange, TranslatedMeta, YearContent,
};

impl Content {
    /// Takes in an edit to one Markdown file (`path`, under `root`) when only its body
    /// changed: its front matter parses to exactly what it was. Returns the document's
    /// kind and slug; `None` when the file is not a known document, cannot be read or
    /// parsed, or its front matter changed: then only a whole load will do.
    pub fn reload_body(&mut self, root: &Path, path: &Path) -> Option<(DocKind, String)> {
        let rel = relative(root, path);
        for y in &mut self.years {
            if let Some(doc) = y.report.as_mut().filter(|d| d.path == rel) {
                return replace_body(doc, root, path)
                    .then(|| (DocKind::Report, y.year.to_string()));
            }
        }
        if let Some(doc) = self.publications.iter_mut().find(|d| d.path == rel) {
            return replace_body(doc, root, path).then(|| (DocKind::Publication, doc.slug.clone()));
        }
        if let Some(doc) = self.pages.iter_mut().find(|d| d.path == rel) {
            return replace_body(doc, root, path).then(|| (DocKind::Page, doc.slug.clone()));
        }
        let ((kind, slug, _), doc) = self.translations.iter_mut().find(|(_, d)| d.path == rel)?;
        replace_body(doc, root, path).then(|| (*kind, slug.clone()))
    }
}

/// Puts the body of the file at `path` into `doc` if its front matter is unchanged.
fn replace_body<M: DeserializeOwned + PartialEq>(
    doc: &mut Document<M>,
    root: &Path,
    path: &Path,
) -> bool {
    let Ok(text) = read_text(root, path) else {
        return false;
    };
    match parse_document::<M>(root, path, &text) {
        Ok((meta, body, body_line)) if meta == doc.meta => {
            doc.body = body;
            doc.body_line = body_line;
            true
        }
        _ => false,
    }
}

// ---------------------------------------------------------------------------------------
// Loading

/// Reads `<root>/content/`. Returns every problem found, not just the first.
pub fn load_content(root: &Path) -> Result<Content, Diagnostics> {
    let mut problems = Diagnostics::default();
    let content_dir = root.join("content");
    if !content_dir.is_dir() {
        return Err(Diagnostic::new(
            relative(root, &content_dir),
            "there is no content folder here",
        )
        .hint(format!(
            "run jaarverslag in a site's folder, or point --root at one (looked in {})",
            root.display()
        ))
        .into());
    }

    let config_path = content_dir.join("site.yaml");
    let config = match read_text(root, &config_path) {
        Ok(text) => parse_yaml::<SiteConfig>(root, &config_path, &text, 0)
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
        Ok(text) => match parse_yaml::<Vec<Metric>>(root, &metrics_path, &text, 0) {
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
    let years = load_years(
        root,
        &content_dir.join("years"),
        &mut translations,
        &mut problems,
    );
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

    match config {
        Some(config) if problems.is_empty() => Ok(Content {
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
        }),
        _ => Err(problems.into_result(()).unwrap_err()),
    }
}

const TOP_LEVEL: [&str; 5] = [
    "site.yaml",
    "metrics.yaml",
    "years",
    "publications",
    "pages",
];

/// Names what an author put in content/ that the build would silently ignore.
fn check_top_level(root: &Path, content_dir: &Path, problems: &mut Diagnostics) {
    for entry in sorted_entries(root, content_dir, problems) {
        let name = entry.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if !TOP_LEVEL.contains(&name) {
            problems.push(
                Diagnostic::new(relative(root, &entry), "unexpected entry in content/").hint(
                    "content/ holds site.yaml, metrics.yaml, years/, publications/ and pages/",
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
    translations: &mut Translations,
    problems: &mut Diagnostics,
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
        for file in sorted_entries(root, &path, problems) {
            match file.file_name().and_then(|n| n.to_str()).unwrap_or("") {
                "report.md" => report = load_document::<ReportMeta>(root, &file, problems),
                "figures.yaml" => {
                    if let Ok(text) = read_text(root, &file).map_err(|d| problems.push(d)) {
                        match parse_figures(root, &file, &text) {
                            Ok(f) => figures = f,
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

fn load_documents<M: DeserializeOwned + Send>(
    root: &Path,
    dir: &Path,
    kind: DocKind,
    translations: &mut Translations,
    problems: &mut Diagnostics,
) -> Vec<Document<M>> {
    if !dir.exists() {
        return Vec::new();
    }
    enum Loaded<M> {
        Document(Document<M>),
        Translation(Lang, Document<TranslatedMeta>),
    }
    // Files are read and parsed on every core (a large site has thousands); the results,
    // and their problems, stay in the order of the sorted file names.
    let loaded: Vec<(Option<Loaded<M>>, Diagnostics)> = sorted_entries(root, dir, problems)
        .into_par_iter()
        .map(|path| {
            let mut problems = Diagnostics::default();
            let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
            let is_file = path.is_file();
            let loaded = if let Some((slug, lang)) = translated_stem(stem).filter(|_| is_file) {
                load_document::<TranslatedMeta>(root, &path, &mut problems).map(|mut doc| {
                    doc.slug = slug.to_string();
                    Loaded::Translation(lang, doc)
                })
            } else if path.extension().and_then(|e| e.to_str()) != Some("md") || !is_file {
                problems.push(
                    Diagnostic::new(relative(root, &path), "expected a Markdown file (.md)")
                        .hint("publications/ and pages/ hold one <slug>.md file each"),
                );
                None
            } else {
                load_document(root, &path, &mut problems).map(Loaded::Document)
            };
            (loaded, problems)
        })
        .collect();
    let mut documents = Vec::with_capacity(loaded.len());
    for (loaded, more) in loaded {
        problems.extend(more);
        match loaded {
            Some(Loaded::Document(doc)) => documents.push(doc),
            Some(Loaded::Translation(lang, doc)) => {
                translations.insert((kind, doc.slug.clone(), lang), doc);
            }
            None => {}
        }
    }
    documents
}

fn load_document<M: DeserializeOwned>(
    root: &Path,
    path: &Path,
    problems: &mut Diagnostics,
) -> Option<Document<M>> {
    let rel = relative(root, path);
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    // `over.fr.md` is named by its slug, `over`.
    let stem = translated_stem(stem).map_or(stem, |(base, _)| base);
    let slug = if stem == "report" {
        // A year's report is named after its folder.
        path.parent()
            .and_then(|p| p.file_name())
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_string()
    } else {
        if !is_slug(stem) {
            problems.push(
                Diagnostic::new(&rel, format!("`{stem}` is not a valid slug")).hint(
                    "name the file in lowercase letters, digits and hyphens, e.g. persbericht-2021.md",
                ),
            );
            return None;
        }
        stem.to_string()
    };
    let text = read_text(root, path).map_err(|d| problems.push(d)).ok()?;
    let (meta, body, body_line) = parse_document::<M>(root, path, &text)
        .map_err(|d| problems.extend(d))
        .ok()?;
    Some(Document {
        slug,
        path: rel,
        meta,
        body,
        body_line,
    })
}

/// Parses a Markdown file's text: its front matter into `M`, and its body with the line
/// the body starts on. A refused character (see [`text`]) in the body is an error too.
pub fn parse_document<M: DeserializeOwned>(
    root: &Path,
    path: &Path,
    text: &str,
) -> Result<(M, String, usize), Diagnostics> {
    let rel = relative(root, path);
    let (front, body, body_line) = split_front_matter(text).map_err(|(line, message)| {
        Diagnostic::new(&rel, message).at_line(Some(line)).hint(
            "start the file with a line `---`, the YAML front matter, and a closing line `---`",
        )
    })?;
    let mut problems = Diagnostics(text::typed(&rel, body, body_line - 1));
    problems
        .0
        .extend(text::in_markdown(&rel, text, text.len() - body.len()));
    match parse_yaml::<M>(root, path, front, 1) {
        Ok(meta) if problems.is_empty() => Ok((meta, body.to_string(), body_line)),
        Ok(_) => Err(problems),
        Err(more) => {
            problems.extend(more);
            Err(problems)
        }
    }
}

/// Splits `---\nYAML\n---\nbody`. Returns the front matter, the body and the body's first
/// line number; or the line and message of the problem.
pub fn split_front_matter(text: &str) -> Result<(&str, &str, usize), (usize, String)> {
    let mut lines = text.split_inclusive('\n');
    match lines.next() {
        Some(first) if first.trim_end() == "---" => {}
        _ => {
            return Err((
                1,
                "the file does not start with front matter (`---`)".into(),
            ))
        }
    }
    let front_start = text.find('\n').map_or(text.len(), |i| i + 1);
    let mut offset = front_start;
    for (line, l) in (2..).zip(lines) {
        if l.trim_end() == "---" {
            let front = &text[front_start..offset];
            let body_start = offset + l.len();
            return Ok((front, &text[body_start..], line + 1));
        }
        offset += l.len();
    }
    Err((
        1,
        "the front matter is not closed: no line `---` after it".into(),
    ))
}

/// No report, page or YAML file is this large; a file that is was surely put there by
/// mistake (a pasted image, a data dump), and reading it would only slow every build.
pub const LARGEST_FILE: u64 = 4 * 1024 * 1024;

/// Reads a file as UTF-8 text; a BOM is dropped and CRLF line ends become LF.
pub fn read_text(root: &Path, path: &Path) -> Result<String, Diagnostic> {
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
    if size > LARGEST_FILE {
        return Err(Diagnostic::new(
            &rel,
            format!(
                "the file is {:.1} MB; content files may be at most 4 MB",
                size as f64 / 1_048_576.0
            ),
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

/// Parses YAML straight into `T`, so serde_yaml can report the line and the field path.
/// `line_offset` is added to its line numbers (front matter starts on line 2).
fn parse_yaml<T: DeserializeOwned>(
    root: &Path,
    path: &Path,
    text: &str,
    line_offset: usize,
) -> Result<T, Diagnostics> {
    check_before_parsing(root, path, text, line_offset)?;
    serde_yaml::from_str(text)
        .map_err(|e| yaml_diagnostic(root, path, &e, line_offset, Some(text)).into())
}

/// What is refused in YAML before it is read into types: nesting too deep, and every
/// refused character (see [`text`]), typed or escaped. When there are refused
/// characters, they are all the file's errors: the parser's own would only repeat them in
/// worse words, and quote them raw into the terminal.
fn check_before_parsing(
    root: &Path,
    path: &Path,
    yaml: &str,
    line_offset: usize,
) -> Result<(), Diagnostics> {
    let rel = relative(root, path);
    let typed = text::typed(&rel, yaml, line_offset);
    if !typed.is_empty() {
        // The YAML parser refuses a file with one (it reads the whole document before
        // giving a value), so the escapes are found once these are gone.
        return Err(Diagnostics(typed));
    }
    // Nesting first: the search for escapes parses the YAML.
    check_nesting(root, path, yaml, line_offset)?;
    Diagnostics(text::escaped(&rel, yaml, line_offset)).into_result(())
}

/// The line and column of the scalar at `path` (keys from the top, a list position as
/// its digits) in a YAML `text`, for a diagnostic found after loading; `None` when there
/// is no scalar there. Parses the text again: for errors only.
pub fn place_in_yaml(text: &str, path: &[&str]) -> Option<(usize, usize)> {
    walk::locate(text, path).map(|offset| line_column(text, offset))
}

/// Content YAML is a few levels deep. Deeper nesting is refused before parsing, because
/// the YAML parser takes time that grows fast with depth (a minute for 100,000 brackets).
const DEEPEST_NESTING: usize = 32;

fn check_nesting(
    root: &Path,
    path: &Path,
    text: &str,
    line_offset: usize,
) -> Result<(), Diagnostic> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    for (offset, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[' | '{') => depth += 1,
            (None, ']' | '}') => depth = depth.saturating_sub(1),
            (None, '\n') => {
                let indent =
                    text[offset + 1..].len() - text[offset + 1..].trim_start_matches(' ').len();
                if indent / 2 > DEEPEST_NESTING {
                    depth = DEEPEST_NESTING + 1;
                }
            }
            _ => {}
        }
        if depth > DEEPEST_NESTING {
            let (line, column) = line_column(text, offset);
            return Err(Diagnostic::new(relative(root, path), "the YAML is nested too deeply")
                .at(line + line_offset, column)
                .hint(format!("content YAML needs only a few levels; more than {DEEPEST_NESTING} is refused")));
        }
    }
    Ok(())
}

fn yaml_diagnostic(
    root: &Path,
    path: &Path,
    e: &serde_yaml::Error,
    line_offset: usize,
    source: Option<&str>,
) -> Diagnostic {
    let full = e.to_string();
    // serde_yaml appends " at line L column C"; the diagnostic puts the place in front.
    let message = match full.rfind(" at line ") {
        Some(i) => full[..i].to_string(),
        None => full.clone(),
    };
    let hint = yaml_hint(&message);
    let mut d = Diagnostic::new(relative(root, path), message.clone());
    if let Some(loc) = e.location() {
        d = d.at(loc.line() + line_offset, loc.column());
    }
    // serde_yaml places errors raised while converting a value (a date, say) at the
    // start of the enclosing map; the value itself, quoted in the message, is more useful.
    let converted = message.contains("is not a date");
    if let Some(value) = message
        .split('`')
        .nth(1)
        .filter(|v| converted && !v.is_empty())
    {
        if let (Some(found), Some(text)) = (source.and_then(|t| t.find(value)), source) {
            let (line, column) = line_column(text, found);
            d = d.at(line + line_offset, column);
        }
    }
    d.hint(hint)
}

fn yaml_hint(message: &str) -> &'static str {
    if message.contains("unknown field") {
        "check the spelling of the key; the README lists every key of each file"
    } else if message.contains("missing field") {
        "add the missing key"
    } else if message.contains("invalid type") {
        "check the value's type: numbers without quotes, text in quotes if it contains `:`"
    } else if message.contains("duplicate") {
        "each key may appear only once: remove or merge the repeated one"
    } else if message.contains("recursion limit") || message.contains("repetition limit") {
        "the YAML is nested or aliased too deeply: write it out plainly"
    } else if message.contains("unknown variant") {
        "use one of the values listed"
    } else if message.contains("is not a date") {
        "write the date as YYYY-MM-DD, YYYY-MM or YYYY"
    } else {
        "the YAML syntax is broken here: check indentation, quotes, brackets and colons"
    }
}

// ---------------------------------------------------------------------------------------
// figures.yaml: a map from metric id to a bare number or a map with the value and its
// source. Parsed with our own visitor so that duplicate keys are errors (serde_yaml would
// keep the last) and every key keeps its line.

/// Parses the text of a figures.yaml.
pub fn parse_figures(root: &Path, path: &Path, text: &str) -> Result<Vec<Figure>, Diagnostics> {
    check_before_parsing(root, path, text, 0)?;
    let raw: FiguresFile =
        serde_yaml::from_str(text).map_err(|e| yaml_diagnostic(root, path, &e, 0, Some(text)))?;
    let rel = relative(root, path);
    let mut problems = Diagnostics::default();
    let mut figures: Vec<Figure> = Vec::with_capacity(raw.0.len());
    let mut lines = KeyLines::new(text);
    for (metric, fields) in raw.0 {
        let line = lines.next(&metric);
        if figures.iter().any(|f| f.metric == metric) {
            problems.push(
                Diagnostic::new(&rel, format!("metric `{metric}` appears twice"))
                    .at_line(Some(line))
                    .hint("give each metric one value per year: remove or merge the repeated key"),
            );
            continue;
        }
        figures.push(Figure {
            metric,
            value: fields.value.map(without_minus_zero),
            source: fields.source,
            note: fields.note,
            stated_change: fields.stated_change.map(|s| StatedChange {
                percent: without_minus_zero(s.percent),
                since: s.since,
            }),
            line,
        });
    }
    problems.into_result(figures)
}

/// `-0` (or `-0.0`) is zero: else it is written `-0` wherever a number is printed as is.
fn without_minus_zero(value: f64) -> f64 {
    if value == 0.0 {
        0.0
    } else {
        value
    }
}

/// Finds the lines of top-level keys, in the order they appear: serde has consumed them
/// by the time a later check needs their line. Scans forward only, so a whole file costs
/// one pass.
struct KeyLines<'t> {
    text: &'t str,
    offset: usize,
    line: usize,
}

impl<'t> KeyLines<'t> {
    fn new(text: &'t str) -> Self {
        KeyLines {
            text,
            offset: 0,
            line: 1,
        }
    }

    /// The 1-based line on which `key:` next starts a line (1 if it is not found).
    fn next(&mut self, key: &str) -> usize {
        let (mut offset, mut line) = (self.offset, self.line);
        for text_line in self.text[self.offset..].split_inclusive('\n') {
            let unquoted = text_line.trim_start_matches(['"', '\'']);
            let is_key = unquoted.strip_prefix(key).is_some_and(|rest| {
                rest.trim_start_matches(['"', '\''])
                    .trim_start()
                    .starts_with(':')
            });
            offset += text_line.len();
            line += 1;
            if is_key {
                self.offset = offset;
                self.line = line;
                return line - 1;
            }
        }
        1
    }
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

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct FigureFields {
    #[serde(default)]
    value: Option<f64>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    stated_change: Option<StatedChange>,
}

struct FiguresFile(Vec<(String, FigureFields)>);

impl<'de> Deserialize<'de> for FiguresFile {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FilesVisitor;
        impl<'de> Visitor<'de> for FilesVisitor {
            type Value = FiguresFile;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map from metric id to a value")
            }
            // An empty file: a year with no figures yet.
            fn visit_unit<E: de::Error>(self) -> Result<FiguresFile, E> {
                Ok(FiguresFile(Vec::new()))
            }
            fn visit_none<E: de::Error>(self) -> Result<FiguresFile, E> {
                Ok(FiguresFile(Vec::new()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FiguresFile, A::Error> {
                let mut out = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    let value: FigureValue = map.next_value()?;
                    out.push((key, value.0));
                }
                Ok(FiguresFile(out))
            }
        }
        deserializer.deserialize_any(FilesVisitor)
    }
}

/// A figure: `2205` or `{value: 2205, source: ...}`.
struct FigureValue(FigureFields);

impl<'de> Deserialize<'de> for FigureValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ValueVisitor;
        impl<'de> Visitor<'de> for ValueVisitor {
            type Value = FigureValue;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number, or a map with `value` and `source`")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<FigureValue, E> {
                Ok(bare(v as f64))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<FigureValue, E> {
                Ok(bare(v as f64))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<FigureValue, E> {
                Ok(bare(v))
            }
            // Numbers beyond 64 bits: validation says they are implausibly large.
            fn visit_u128<E: de::Error>(self, v: u128) -> Result<FigureValue, E> {
                Ok(bare(v as f64))
            }
            fn visit_i128<E: de::Error>(self, v: i128) -> Result<FigureValue, E> {
                Ok(bare(v as f64))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<FigureValue, A::Error> {
                FigureFields::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(FigureValue)
            }
        }
        fn bare(v: f64) -> FigureValue {
            FigureValue(FigureFields {
                value: Some(v),
                source: None,
                note: None,
                stated_change: None,
            })
        }
        deserializer.deserialize_any(ValueVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(text: &str) -> Result<Vec<Figure>, Diagnostics> {
        parse_figures(Path::new("/site"), Path::new("/site/f.yaml"), text)
    }

    #[test]
    fn front_matter_is_split_with_the_body_line() {
        let (front, body, line) = split_front_matter("---\ntitle: x\n---\nHallo\n").unwrap();
        assert_eq!(front, "title: x\n");
        assert_eq!(body, "Hallo\n");
        assert_eq!(line, 4);
        assert!(split_front_matter("title: x\n").is_err());
        assert_eq!(
            split_front_matter("---\ntitle: x\nHallo\n").unwrap_err().1,
            "the front matter is not closed: no line `---` after it"
        );
    }

    #[test]
    fn figures_bare_and_full() {
        let f = figures("weglopers: 867\nseksuele-uitbuiting:\n  value: 2205\n  source: pb\n  stated_change: {percent: 47, since: 2019}\n").unwrap();
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].value, Some(867.0));
        assert_eq!(f[0].line, 1);
        assert_eq!(f[1].value, Some(2205.0));
        assert_eq!(f[1].source.as_deref(), Some("pb"));
        assert_eq!(f[1].line, 2);
        assert_eq!(
            f[1].stated_change,
            Some(StatedChange {
                percent: 47.0,
                since: 2019
            })
        );
    }

    #[test]
    fn duplicate_figure_is_an_error_on_its_line() {
        let e = figures("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!(e.len(), 1);
        assert_eq!(e.0[0].line, Some(3));
        assert!(e.0[0].message.contains("`a` appears twice"));
    }

    #[test]
    fn typo_in_a_figure_names_line_and_column() {
        let e = figures("a:\n  value: 1\n  sourse: x\n").unwrap_err();
        assert_eq!(e.0[0].line, Some(3));
        assert!(e.0[0].message.contains("unknown field `sourse`"), "{e}");
    }

    #[test]
    fn empty_figures_file_is_no_figures() {
        assert!(figures("").unwrap().is_empty());
        assert!(figures("# nothing yet\n").unwrap().is_empty());
    }

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
