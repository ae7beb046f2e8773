//! Text left from `jaarverslag new` does not publish. The scaffold (src/scaffold.rs)
//! marks every blank it leaves with [`MARKER`]; a document whose title, summary or body
//! still holds it, and a figures.yaml that is still the scaffold's list of comments, is an
//! error, for `build` and `check` alike. (Before this rule the untouched scaffold of a
//! year published in both languages with 0 warnings: "Schrijf hier het verhaal…", an
//! empty summary, an invented date.)

use crate::diagnostics::{line_column, Diagnostic, Diagnostics};
use crate::model::{Content, Document, Titled};

pub use crate::placeholder::MARKER;

/// The first line of the figures.yaml the scaffold writes (after it: the year).
pub const FIGURES_HEADER: &str = "# Cijfers voor";

/// What each of the scaffold's commented-out figures ends with before the metric's name.
pub const FIGURE_LINE: &str = "{value: , source: \"\"}";

const OLD_FIGURES_HEADER: &str = "Uncomment a line and fill in the value";

pub(super) fn check(content: &Content, problems: &mut Diagnostics) {
    for year in &content.years {
        let folder = year.figures_path.parent().unwrap_or(&year.figures_path);
        let hint = format!(
            "write the report, or move {}/ out of content/ until you do",
            folder.display()
        );
        if let Some(report) = &year.report {
            check_document(report, &hint, problems);
        }
        let text = &year.figures_text;
        let scaffold = [FIGURES_HEADER, FIGURE_LINE, OLD_FIGURES_HEADER]
            .iter()
            .any(|s| text.contains(s));
        if year.figures.is_empty() && scaffold {
            problems.push(
                Diagnostic::new(
                    &year.figures_path,
                    "figures.yaml is still the list that `jaarverslag new` wrote: it has no figures",
                )
                .hint(format!(
                    "remove the # before each metric the sources give and fill in its value and \
                     source; if {} has no figures, delete figures.yaml",
                    year.year
                )),
            );
        }
    }
    let hint = "write your own text in its place";
    for doc in &content.publications {
        check_document(doc, hint, problems);
    }
    for doc in &content.pages {
        check_document(doc, hint, problems);
    }
    for doc in content.translations.values() {
        check_document(doc, hint, problems);
    }
}

fn check_document<M: Titled>(doc: &Document<M>, hint: &str, problems: &mut Diagnostics) {
    for (field, text) in [("title", doc.meta.title()), ("summary", doc.meta.summary())] {
        if text.contains(MARKER) || crate::placeholder::marked_blank(text).is_some() {
            problems.push(
                Diagnostic::new(
                    &doc.path,
                    format!(
                        "the `{field}` is still the placeholder of `jaarverslag new`: \"{text}\""
                    ),
                )
                .hint(hint),
            );
        }
    }
    // One error per body: the writer sees the file has to be written.
    if let Some((at, line_text)) = crate::placeholder::find(&doc.body, 0) {
        let (line, column) = line_column(&doc.body, at);
        problems.push(
            Diagnostic::new(
                &doc.path,
                format!("text left from `jaarverslag new`: \"{line_text}\""),
            )
            .at(doc.body_line + line - 1, column)
            .hint(hint),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PageMeta;

    fn page(title: &str, body: &str) -> Document<PageMeta> {
        Document {
            slug: "over".into(),
            path: "content/pages/over.md".into(),
            meta: PageMeta {
                title: title.into(),
                summary: String::new(),
                order: None,
                untranslated: Vec::new(),
                not_figures: Default::default(),
            },
            body: body.into(),
            body_line: 5,
        }
    }

    fn problems(doc: &Document<PageMeta>) -> Vec<String> {
        let mut problems = Diagnostics::default();
        check_document(doc, "write", &mut problems);
        problems.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn names_the_line_and_column_of_a_placeholder_in_the_body() {
        let doc = page(
            "Over ons",
            "## Inleiding\n\nEerst «IN TE VULLEN: het verhaal»\n",
        );
        let found = problems(&doc);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with(
                "content/pages/over.md:7:7: text left from `jaarverslag new`: \"Eerst «IN TE VULLEN: het verhaal»\""
            ),
            "{found:?}"
        );
    }

    #[test]
    fn finds_the_title_and_the_old_scaffold_text() {
        let doc = page(
            "«IN TE VULLEN: de titel»",
            "Schrijf hier het verhaal van 2021.\n",
        );
        let found = problems(&doc);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].contains("the `title` is still the placeholder"));
        assert!(found[1].starts_with("content/pages/over.md:5:1: text left"));
    }

    #[test]
    fn lower_case_words_are_prose() {
        assert!(problems(&page("Over ons", "Een formulier in te vullen.\n")).is_empty());
    }
}
