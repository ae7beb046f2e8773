//! Markdown files with YAML front matter: reports, publications, pages and their
//! translations.

use super::{read_document_text, refused, sorted_entries, translated_stem, yaml, Translations};
use crate::diagnostics::{relative, Diagnostic, Diagnostics};
use crate::format::Lang;
use crate::model::{is_slug, Content, DocKind, Document, TranslatedMeta};
use rayon::prelude::*;
use serde::de::DeserializeOwned;
use std::path::Path;

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
    let Ok(text) = read_document_text(root, path) else {
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

pub(super) fn load_documents<M: DeserializeOwned + Send>(
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

pub(super) fn load_document<M: DeserializeOwned>(
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
                    "name the file in lowercase letters, digits and hyphens, e.g. press-release-2021.md",
                ),
            );
            return None;
        }
        stem.to_string()
    };
    let text = read_document_text(root, path)
        .map_err(|d| problems.push(d))
        .ok()?;
    let (meta, body, body_line) = match parse_document::<M>(root, path, &text) {
        Ok(parsed) => parsed,
        Err(found) => {
            let placeholders = placeholders_left(&rel, &text, &found);
            problems.extend(found);
            problems.extend(placeholders);
            return None;
        }
    };
    Some(Document {
        slug,
        path: rel,
        meta,
        body,
        body_line,
    })
}

/// Parses a Markdown file's text: its front matter into `M`, and its body with the line
/// the body starts on. A refused character (see [`refused`]) in the body is an error too.
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
    let mut problems = Diagnostics(refused::typed(&rel, body, body_line - 1));
    problems
        .0
        .extend(refused::in_markdown(&rel, text, text.len() - body.len()));
    match yaml::parse::<M>(root, path, front, 1) {
        Ok(meta) if problems.is_empty() => Ok((meta, body.to_string(), body_line)),
        Ok(_) => Err(problems),
        Err(more) => {
            problems.extend(more);
            Err(problems)
        }
    }
}

/// The blanks `jaarverslag new` left in a document whose front matter could not be read,
/// on lines no other error names. Loaded documents are checked in the validate stage
/// (src/validate/placeholders.rs); this one would not get there. Measured before: the
/// untouched scaffold of a year named only its date (a placeholder is not a date); its
/// title, summary and body came a run later.
fn placeholders_left(file: &Path, text: &str, found: &Diagnostics) -> Diagnostics {
    let named: std::collections::BTreeSet<usize> = found.iter().filter_map(|d| d.line).collect();
    // The front matter's comments explain the blanks; they are not blanks themselves.
    let body_start = split_front_matter(text).map_or(0, |(_, body, _)| text.len() - body.len());
    let mut left = Diagnostics::default();
    let mut from = 0;
    while let Some((at, line_text)) = crate::placeholder::find(text, from) {
        let (line, column) = crate::diagnostics::line_column(text, at);
        let comment = at < body_start && line_text.starts_with('#');
        if !named.contains(&line) && !comment {
            left.push(
                Diagnostic::new(
                    file,
                    format!("text left from `jaarverslag new`: \"{line_text}\""),
                )
                .at(line, column)
                .hint("write your own text in its place"),
            );
        }
        // On to the next line.
        from = text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
    }
    left
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
