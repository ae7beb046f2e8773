//! Every document has a title a reader can see and a screen reader can say.
//!
//! `title:` left empty, or `""`, published `<h1></h1>` and links with no text on the home
//! page and in the lists; `title: null`, `~` or `true` (which YAML reads as values, not
//! text) published pages named "null", "~" and "true" (issue 26, case 14). Both are
//! refused at the title's line and column. A title that is one of those words in quotes
//! (`title: "true"`) is the author's text and stays.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::place_in_yaml;
use crate::model::Content;
use std::path::Path;

/// What YAML reads as no text when written bare.
const NOT_TEXT: [&str; 12] = [
    "null", "Null", "NULL", "~", "true", "True", "TRUE", "false", "False", "FALSE", "yes", "no",
];

pub(super) fn check(content: &Content, problems: &mut Diagnostics) {
    let documents = content
        .years
        .iter()
        .filter_map(|y| y.report.as_ref().map(|r| (&r.path, &r.meta.title)))
        .chain(
            content
                .publications
                .iter()
                .map(|d| (&d.path, &d.meta.title)),
        )
        .chain(content.pages.iter().map(|d| (&d.path, &d.meta.title)))
        .chain(
            content
                .translations
                .values()
                .map(|d| (&d.path, &d.meta.title)),
        );
    for (path, title) in documents {
        if let Some(d) = check_title(&content.root, path, title) {
            problems.push(d);
        }
    }
}

fn check_title(root: &Path, path: &Path, title: &str) -> Option<Diagnostic> {
    let trimmed = title.trim();
    let empty = trimmed.is_empty();
    if !empty && !NOT_TEXT.contains(&trimmed) {
        return None;
    }
    // The front matter again, for the place (and to see whether the word was quoted): only
    // for a title that is wrong or nearly so.
    let front = std::fs::read_to_string(root.join(path))
        .ok()
        .and_then(|text| front_matter(&text).map(str::to_string));
    let place = front.as_deref().and_then(|front| {
        let offset = crate::load::locate_in_yaml(front, &["title"]);
        let quoted = offset.is_some_and(|o| matches!(front.as_bytes().get(o), Some(b'"' | b'\'')));
        let (line, column) =
            place_in_yaml(front, &["title"]).or_else(|| title_line(front).map(|l| (l, 1)))?;
        Some((line + 1, column, quoted))
    });
    if !empty && place.is_some_and(|(_, _, quoted)| quoted) {
        return None;
    }
    let d = if empty {
        Diagnostic::new(path, "the title is empty").hint(
            "write the title after `title:`: it is the page's heading, and the text of every \
             link to the page (a link without text is silent to a screen reader)",
        )
    } else {
        Diagnostic::new(
            path,
            format!(
                "the title `{trimmed}` is read as a value, not as text (YAML takes null, ~, \
                 true, false, yes and no for values)"
            ),
        )
        .hint(format!(
            "write the page's real title; if the title really is that word, put it in quotes: \
             title: \"{trimmed}\""
        ))
    };
    Some(match place {
        Some((line, column, _)) => d.at(line, column),
        None => d,
    })
}

/// The front matter of a Markdown file: between the first line `---` and the next.
fn front_matter(text: &str) -> Option<&str> {
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))?;
    let end = rest.find("\n---").map_or(rest.len(), |e| e + 1);
    Some(&rest[..end])
}

/// The 1-based line of a top-level `title:` with no value after it.
fn title_line(front: &str) -> Option<usize> {
    front
        .lines()
        .position(|l| l.trim_end() == "title:")
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use crate::test_support::fixture;

    /// The fixture's report of 2017 with `front` (one line) for its title line.
    fn errors(front: &str) -> String {
        let report = include_str!("../../tests/fixtures/basic/content/years/2017/report.md")
            .replacen("title: Jaarverslag 2017\n", front, 1);
        let tmp = fixture("basic", &[("content/years/2017/report.md", &report)]);
        match crate::load::load_content(tmp.path()) {
            Ok(content) => match super::super::validate(&content) {
                Ok(()) => String::new(),
                Err(d) => d.to_string(),
            },
            Err(d) => d.to_string(),
        }
    }

    #[test]
    fn an_empty_title_or_a_value_is_refused_at_its_place() {
        for (front, expected) in [
            ("title:\n", "report.md:2:7: the title is empty"),
            ("title: \"\"\n", "report.md:2:8: the title is empty"),
            ("title: '  '\n", "report.md:2:8: the title is empty"),
            (
                "title: null\n",
                "report.md:2:8: the title `null` is read as a value",
            ),
            (
                "title: ~\n",
                "report.md:2:8: the title `~` is read as a value",
            ),
            (
                "title: true\n",
                "report.md:2:8: the title `true` is read as a value",
            ),
        ] {
            let shown = errors(front);
            assert!(shown.contains(expected), "{front}: {shown}");
            assert!(shown.contains("hint: "), "{shown}");
        }
    }

    #[test]
    fn a_quoted_word_is_the_authors_title() {
        for front in [
            "title: \"true\"\n",
            "title: 'null'\n",
            "title: Gewoon een titel\n",
        ] {
            let shown = errors(front);
            assert!(!shown.contains("the title"), "{front}: {shown}");
        }
    }
}
