//! Every text the site publishes, in every language, handed to the prose check: each
//! document's title, summary and body (headings, tables and alt texts included), each
//! metric's description and definition, and each figure's note, break text and other
//! sources' notes. And the check that a translation
//! states the figures of its original.

use super::prose::translations::{compare, Texts};
use super::prose::{check_prose, stale_declarations, Declared, Findings, Language, Place, Prose};
use crate::derive::Dataset;
use crate::diagnostics::Diagnostics;
use crate::format::Lang;
use crate::model::{Content, DocKind, Document, Titled};
use std::collections::BTreeSet;
use std::path::Path;

/// Reads every text of one language: `translation` is `None` for the site's default.
pub fn read_language(
    content: &Content,
    data: &Dataset,
    lang: &Language,
    translation: Option<Lang>,
    found: &mut Findings,
) {
    let site = &content.config.not_figures;
    match translation {
        None => {
            for y in &content.years {
                if let Some(r) = &y.report {
                    read_document(content, r, Some(y.year), lang, data, found);
                }
            }
            for p in &content.publications {
                read_document(content, p, p.meta.year, lang, data, found);
            }
            for p in &content.pages {
                read_document(content, p, None, lang, data, found);
            }
        }
        Some(code) => {
            for ((kind, slug, l), doc) in &content.translations {
                if *l != code {
                    continue;
                }
                let year = document_year(content, *kind, slug);
                read_document(content, doc, year, lang, data, found);
            }
        }
    }
    // The metrics' descriptions and definitions, about their own metric, in no year.
    let declared = Declared::new(vec![site]);
    for m in &content.metrics {
        let (description, definition) = match translation.and_then(|l| m.translations.get(&l)) {
            Some(t) => (&t.description, &t.definition),
            None if translation.is_none() => (&m.description, &m.definition),
            None => continue,
        };
        for text in [description, definition] {
            check_prose(
                &Prose {
                    file: &content.metrics_path,
                    text,
                    place: Place::Line(content.metric_line(&m.id, 0)),
                    year: None,
                    declared: &declared,
                    about: Some(&m.id),
                },
                lang,
                data,
                found,
            );
        }
    }
    // The figures' own texts.
    for y in &content.years {
        for f in &y.figures {
            let text_of =
                |default: &Option<String>, other: Option<&Option<String>>| match translation {
                    None => default.clone(),
                    Some(_) => other.cloned().flatten(),
                };
            let t = translation.and_then(|l| f.translations.get(&l));
            let note = text_of(&f.note, t.map(|t| &t.note));
            let break_note = text_of(&f.break_note, t.map(|t| &t.break_note));
            let mut texts: Vec<(String, usize)> = Vec::new();
            texts.extend(note.map(|n| (n, f.line)));
            texts.extend(break_note.map(|n| (n, f.line)));
            for o in &f.other_sources {
                let text = match translation {
                    None => o.note.clone(),
                    Some(l) => o.translations.get(&l).cloned(),
                };
                texts.extend(text.map(|n| (n, o.line)));
            }
            for (text, line) in &texts {
                check_prose(
                    &Prose {
                        file: &y.figures_path,
                        text,
                        place: Place::Line(Some(*line)),
                        year: Some(y.year),
                        declared: &declared,
                        about: Some(&f.metric),
                    },
                    lang,
                    data,
                    found,
                );
            }
        }
    }
}

fn read_document<M: Titled>(
    content: &Content,
    doc: &Document<M>,
    year: Option<i32>,
    lang: &Language,
    data: &Dataset,
    found: &mut Findings,
) {
    let declared = Declared::new(vec![doc.meta.not_figures(), &content.config.not_figures]);
    let mut met = BTreeSet::new();
    let mut own = Findings {
        errors: found.errors,
        warnings: found.warnings,
        declared_met: &mut met,
    };
    for (text, place) in [
        (
            doc.meta.title(),
            Place::FrontMatter {
                root: &content.root,
                key: "title",
            },
        ),
        (
            doc.meta.summary(),
            Place::FrontMatter {
                root: &content.root,
                key: "summary",
            },
        ),
        (
            doc.body.as_str(),
            Place::Body {
                first_line: doc.body_line,
            },
        ),
    ] {
        check_prose(
            &Prose {
                file: &doc.path,
                text,
                place,
                year,
                declared: &declared,
                about: None,
            },
            lang,
            data,
            &mut own,
        );
    }
    stale_declarations(&doc.path, doc.meta.not_figures(), &met, found.warnings);
    found.declared_met.extend(met);
}

/// Each translated document against its original, number by number.
pub fn compare_translations(
    content: &Content,
    data: &Dataset,
    languages: &[(Lang, Language)],
    errors: &mut Diagnostics,
) {
    let Some((_, default)) = languages
        .iter()
        .find(|(l, _)| *l == content.config.language)
    else {
        return;
    };
    let texts = |file: &'_ Path,
                 meta: &'_ dyn Titled,
                 body: &'_ str|
     -> (String, String, String, std::path::PathBuf) {
        (
            meta.title().to_string(),
            meta.summary().to_string(),
            body.to_string(),
            file.to_path_buf(),
        )
    };
    for ((kind, slug, code), doc) in &content.translations {
        let Some((_, lang)) = languages.iter().find(|(l, _)| l == code) else {
            continue;
        };
        let year = document_year(content, *kind, slug);
        let original = match kind {
            DocKind::Report => content
                .years
                .iter()
                .find(|y| y.year.to_string() == *slug)
                .and_then(|y| y.report.as_ref())
                .map(|r| texts(&r.path, &r.meta, &r.body)),
            DocKind::Publication => content
                .publications
                .iter()
                .find(|p| &p.slug == slug)
                .map(|p| texts(&p.path, &p.meta, &p.body)),
            DocKind::Page => content
                .pages
                .iter()
                .find(|p| &p.slug == slug)
                .map(|p| texts(&p.path, &p.meta, &p.body)),
        };
        let Some((title, summary, body, path)) = original else {
            continue;
        };
        let original = Texts {
            file: &path,
            title: &title,
            summary: &summary,
            body: &body,
        };
        let translated = Texts {
            file: &doc.path,
            title: &doc.meta.title,
            summary: &doc.meta.summary,
            body: &doc.body,
        };
        if let Some(problem) = compare(&original, default, &translated, lang, data, year) {
            errors.push(problem.at_line(Some(doc.body_line)));
        }
    }
}

/// The year a document's numbers belong to: a report's own, a publication's `year`.
fn document_year(content: &Content, kind: DocKind, slug: &str) -> Option<i32> {
    match kind {
        DocKind::Report => slug.parse().ok(),
        DocKind::Publication => content
            .publications
            .iter()
            .find(|p| p.slug == slug)
            .and_then(|p| p.meta.year),
        DocKind::Page => None,
    }
}
