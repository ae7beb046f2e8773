//! Where a figure comes from, cross-checked: the sources of its other published values and
//! of the value it replaces are publications or text, every address of an original is a
//! web address, and every text about a figure (its note, its break, another source's
//! note, a publication's origin) is there in every language of the site, so that a page
//! never shows a text in another language than its own.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::format::Lang;
use crate::model::{Content, DocKind, Figure};
use std::collections::BTreeSet;

/// Where a field of the figure is: a diagnostic at it (`["other_sources"]`), or at the
/// figure's key.
pub(super) type At<'a> = &'a dyn Fn(&[&str], String) -> Diagnostic;

/// Checks that a source that looks like a slug is a publication (validate's
/// `check_source`), telling the problem at the place the last argument makes.
pub(super) type CheckSource<'a> = &'a dyn Fn(&str, &mut Diagnostics, &dyn Fn() -> Diagnostic);

/// Why `url` is not the address of an original document, if it is not: it must be a
/// whole web address (`https://…` or `http://…`), as a reader follows it from any page.
pub(super) fn original_url_problem(url: &str) -> Option<String> {
    let scheme = crate::link_policy::scheme(url);
    let host = url.trim().split_once("://").map_or("", |(_, rest)| {
        rest.split(['/', '?', '#']).next().unwrap_or("")
    });
    match scheme.as_deref() {
        Some("https" | "http") if !host.is_empty() && !url.trim().contains(char::is_whitespace) => {
            None
        }
        _ => Some(format!("`{url}` is not a web address")),
    }
}

const URL_HINT: &str = "give the whole address of the original, as the browser shows it, e.g. https://www.example.org/press-release-2021.pdf";

pub(super) fn check_figure(
    figure: &Figure,
    languages: &[Lang],
    check_source: CheckSource,
    at: At,
    problems: &mut Diagnostics,
) {
    let metric = &figure.metric;
    if figure
        .break_note
        .as_deref()
        .is_some_and(|b| b.trim().is_empty())
    {
        problems.push(
            at(&["break"], format!("`{metric}`: the break does not say what changed"))
                .hint("write what the series counts differently from this year on, e.g. break: handled files, where earlier years count new files"),
        );
    }
    // The texts of the figure itself, in every language.
    let texts = [
        ("note", figure.note.is_some()),
        ("break", figure.break_note.is_some()),
    ];
    for (field, present) in texts {
        for lang in languages {
            let translated = figure.translations.get(lang).is_some_and(|t| match field {
                "note" => t.note.is_some(),
                _ => t.break_note.is_some(),
            });
            if present && !translated {
                problems.push(
                    at(&[field], format!("`{metric}`: the {field} has no `{}` translation", lang.code()))
                        .hint(format!(
                            "add `translations: {{{}: {{{field}: …}}}}` to the figure: a page in that language would otherwise show it untranslated",
                            lang.code()
                        )),
                );
            } else if !present && translated {
                problems.push(
                    at(&["translations"], format!("`{metric}`: a `{}` translation of a {field} that the figure does not have", lang.code()))
                        .hint(format!("write the {field} itself too, or remove its translation")),
                );
            }
        }
    }
    for lang in figure
        .translations
        .keys()
        .filter(|l| !languages.contains(l))
    {
        problems.push(
            at(&["translations"], format!("`{metric}` has a `{}` translation, but the site does not publish that language", lang.code()))
                .hint("add the language under `languages` in site.yaml, or remove the translation"),
        );
    }
    for other in &figure.other_sources {
        let at_other =
            || Diagnostic::new(at(&[], String::new()).file, "").at_line(Some(other.line));
        check_source(&other.source, problems, &at_other);
        if let Some(problem) = other.url.as_deref().and_then(original_url_problem) {
            let mut d = at_other();
            d.message = format!("`{metric}`: another source's url: {problem}");
            problems.push(d.hint(URL_HINT));
        }
        for lang in languages {
            if other.note.is_some() && !other.translations.contains_key(lang) {
                let mut d = at_other();
                d.message = format!(
                    "`{metric}`: the note of another source has no `{}` translation",
                    lang.code()
                );
                problems.push(d.hint(format!(
                    "add `translations: {{{}: {{note: …}}}}` to that source",
                    lang.code()
                )));
            }
        }
    }
    if let Some(revision) = &figure.replaces {
        check_source(&revision.source, problems, &|| {
            at(&["replaces", "source"], String::new())
        });
        if figure.value == Some(revision.value) {
            problems.push(
                at(
                    &["replaces", "value"],
                    format!("`{metric}`: the value it replaces is the value itself"),
                )
                .hint("give the earlier published value under `replaces`, or remove `replaces`"),
            );
        }
    }
}

/// A publication's `url` is a web address, and a translated publication says its origin
/// when the original does (or a French page would show the Dutch origin).
pub(super) fn check_publications(content: &Content, problems: &mut Diagnostics) {
    for p in &content.publications {
        if let Some(problem) = p.meta.url.as_deref().and_then(original_url_problem) {
            problems.push(
                Diagnostic::new(&p.path, format!("url: {problem}"))
                    .at_line(front_matter_line(&p.path, content, "url:"))
                    .hint(URL_HINT),
            );
        }
    }
    let originals: BTreeSet<&str> = content
        .publications
        .iter()
        .filter(|p| p.meta.origin.is_some())
        .map(|p| p.slug.as_str())
        .collect();
    for ((kind, slug, _), doc) in &content.translations {
        if *kind == DocKind::Publication
            && originals.contains(slug.as_str())
            && doc.meta.origin.is_none()
        {
            problems.push(
                Diagnostic::new(&doc.path, "the translation has no `origin`, which the original gives")
                    .at_line(Some(2))
                    .hint("add `origin:` to the front matter, in this language: where the original was published"),
            );
        }
    }
}

/// The line of `key` in a document's front matter (read again: errors only).
fn front_matter_line(path: &std::path::Path, content: &Content, key: &str) -> Option<usize> {
    let text = std::fs::read_to_string(content.root.join(path)).ok()?;
    text.lines().position(|l| l.starts_with(key)).map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_original_is_a_whole_web_address() {
        assert_eq!(
            original_url_problem("https://www.childfocus.be/nl/x.pdf"),
            None
        );
        assert_eq!(original_url_problem("http://example.org"), None);
        for bad in [
            "www.childfocus.be",
            "/publicaties/x/",
            "javascript:alert(1)",
            "ftp://example.org/x",
            "https://",
            "https:// example.org",
            "mailto:a@b.be",
        ] {
            assert!(original_url_problem(bad).is_some(), "{bad}");
        }
    }
}
