//! Placeholders other than the scaffold's mark do not publish either: TODO, FIXME, XXX,
//! "Lorem ipsum", a bracketed word in capitals, a scaffold blank in lower case
//! ([`crate::placeholder::find_any`] has the rules), an empty body and an empty
//! `summary:`, in every text the site publishes: documents (title, summary, origin, body)
//! and their translations, the figures' notes, break texts and other sources' notes in
//! every language, and the metrics' words. (Issue 24, case 6: "TODO", "XXX",
//! "[AANTAL]", "Lorem ipsum", "«in te vullen»", an empty body and `summary: ""` all
//! published.) The scaffold's own mark in a document is placeholders.rs's error; this
//! module leaves it alone there, so that a blank is named once.

use crate::diagnostics::{line_column, Diagnostic, Diagnostics};
use crate::model::{Content, Document, Figure, Titled, YearContent};
use crate::placeholder::{find, find_any, Placeholder};
use std::path::Path;

const HINT: &str = "write the real text in its place";

pub(super) fn check(content: &Content, problems: &mut Diagnostics) {
    for year in &content.years {
        if let Some(report) = &year.report {
            check_document(content, report, None, problems);
        }
        for figure in &year.figures {
            check_figure(year, figure, problems);
        }
    }
    for doc in &content.publications {
        check_document(content, doc, doc.meta.origin.as_deref(), problems);
    }
    for doc in &content.pages {
        check_document(content, doc, None, problems);
    }
    for doc in content.translations.values() {
        check_document(content, doc, doc.meta.origin.as_deref(), problems);
    }
    for (n, metric) in content.metrics.iter().enumerate() {
        let nth = content.metrics[..n]
            .iter()
            .filter(|m| m.id == metric.id)
            .count();
        let line = content.metric_line(&metric.id, nth);
        let mut texts = vec![
            &metric.label,
            &metric.unit,
            &metric.description,
            &metric.definition,
        ];
        for t in metric.translations.values() {
            texts.extend([&t.label, &t.unit, &t.description, &t.definition]);
        }
        for text in texts {
            if let Some(p) = find_any(text) {
                let place = place_after(&content.metrics_text, line.unwrap_or(1), &p.text);
                problems.push(found(&content.metrics_path, place, &p, &metric.id));
            }
        }
    }
}

fn found(file: &Path, (line, column): (usize, usize), p: &Placeholder, owner: &str) -> Diagnostic {
    Diagnostic::new(
        file,
        format!("{} in `{owner}`: \"{}\"", capitalised(p.what), p.text),
    )
    .at(line, column)
    .hint(HINT)
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// Where `needle` first stands in `text` from 1-based `line` on: its line and column;
/// the line itself when it is not there as written (a folded YAML string).
fn place_after(text: &str, line: usize, needle: &str) -> (usize, usize) {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    text.get(start..)
        .and_then(|rest| rest.find(needle))
        .map_or((line, 1), |i| line_column(text, start + i))
}

fn check_figure(year: &YearContent, figure: &Figure, problems: &mut Diagnostics) {
    let mut texts: Vec<&str> = Vec::new();
    texts.extend(figure.note.as_deref());
    texts.extend(figure.break_note.as_deref());
    texts.extend(figure.source.as_deref());
    for t in figure.translations.values() {
        texts.extend(t.note.as_deref());
        texts.extend(t.break_note.as_deref());
    }
    for o in &figure.other_sources {
        texts.push(&o.source);
        texts.extend(o.note.as_deref());
        texts.extend(o.translations.values().map(String::as_str));
    }
    for text in texts {
        if let Some(p) = find_any(text) {
            let place = place_after(&year.figures_text, figure.line, &p.text);
            problems.push(found(&year.figures_path, place, &p, &figure.metric));
        }
    }
}

fn check_document<M: Titled>(
    content: &Content,
    doc: &Document<M>,
    origin: Option<&str>,
    problems: &mut Diagnostics,
) {
    // The file again, only to place an error in its front matter.
    let file_text = || std::fs::read_to_string(content.root.join(&doc.path)).unwrap_or_default();
    let fields = [
        ("title", doc.meta.title()),
        ("summary", doc.meta.summary()),
        ("origin", origin.unwrap_or_default()),
    ];
    for (field, text) in fields {
        // The scaffold's own mark is placeholders.rs's error.
        if find(text, 0).is_some() || text.contains(crate::placeholder::MARKER) {
            continue;
        }
        if let Some(p) = find_any(text) {
            let place = place_after(&file_text(), 1, &p.text);
            problems.push(found(&doc.path, place, &p, field));
        }
    }
    if doc.meta.summary().trim().is_empty() {
        let text = file_text();
        if let Some(line) = front_matter_key_line(&text, "summary") {
            problems.push(
                Diagnostic::new(&doc.path, "the `summary` is empty")
                    .at(line, 1)
                    .hint("write a sentence or two on what the text says (it shows in lists and feeds), or remove the line"),
            );
        }
    }
    if doc.body.trim().is_empty() {
        problems.push(
            Diagnostic::new(
                &doc.path,
                "the text is empty: there is nothing under the front matter",
            )
            .at_line(Some(doc.body_line))
            .hint("write the text under the closing ---, or remove the file until it is written"),
        );
    } else if find(&doc.body, 0).is_none() {
        if let Some(p) = find_any(&doc.body) {
            let (line, column) = line_column(&doc.body, p.at);
            problems.push(
                Diagnostic::new(
                    &doc.path,
                    format!("{}: \"{}\"", capitalised(p.what), p.text),
                )
                .at(doc.body_line + line - 1, column)
                .hint(HINT),
            );
        }
    }
}

/// The 1-based line of `key:` at the start of a line in a document's front matter.
fn front_matter_key_line(text: &str, key: &str) -> Option<usize> {
    let mut lines = text.lines().enumerate();
    lines.next().filter(|(_, l)| l.trim_end() == "---")?;
    lines
        .take_while(|(_, l)| l.trim_end() != "---")
        .find(|(_, l)| {
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .map(|(i, _)| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(files: &[(&str, &str)]) -> Vec<String> {
        let tmp = crate::test_support::fixture("basic", files);
        let content = crate::load::load_content(tmp.path()).expect("the fixture loads");
        let mut problems = Diagnostics::default();
        check(&content, &mut problems);
        problems.iter().map(ToString::to_string).collect()
    }

    const PAGE: &str = "content/pages/over.md";

    #[test]
    fn the_basic_fixture_has_none() {
        assert_eq!(problems(&[]), Vec::<String>::new());
    }

    #[test]
    fn each_placeholder_is_named_at_its_line_and_column() {
        let found = problems(&[(
            PAGE,
            "---\ntitle: Over TODO\nsummary: \"\"\n---\n\nEr waren [AANTAL] dossiers.\n",
        )]);
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(
            found[0].starts_with(
                "content/pages/over.md:2:13: A note to fill in later in `title`: \"TODO\""
            ),
            "{found:?}"
        );
        assert!(found[1].starts_with("content/pages/over.md:3:1: the `summary` is empty"));
        assert!(
            found[2].starts_with("content/pages/over.md:6:10: A bracketed word in capitals, a blank to fill in: \"[AANTAL]\""),
            "{found:?}"
        );
    }

    #[test]
    fn an_empty_body_is_an_error() {
        let found = problems(&[(PAGE, "---\ntitle: Over ons\nsummary: Wie we zijn.\n---\n\n")]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("the text is empty"), "{found:?}");
    }

    #[test]
    fn figures_texts_in_every_language() {
        let found = problems(&[(
            "content/years/2019/figures.yaml",
            "weglopers:\n  value: 1400\n  source: persbericht-2020\n  note: Lorem ipsum dolor.\n  translations:\n    fr: {note: \"XXX\"}\n",
        )]);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found[0].starts_with(
                "content/years/2019/figures.yaml:4:9: Filler text (Lorem ipsum) in `weglopers`"
            ),
            "{found:?}"
        );
        assert!(found[1].starts_with("content/years/2019/figures.yaml:6:17: A note to fill in later in `weglopers`: \"XXX\""), "{found:?}");
    }

    #[test]
    fn the_scaffolds_mark_is_named_once() {
        let found = problems(&[(
            PAGE,
            "---\ntitle: Over\nsummary: Wie.\n---\n\n«IN TE VULLEN: tekst» TODO\n",
        )]);
        assert!(found.is_empty(), "placeholders.rs names it: {found:?}");
    }
}
