//! On a site with several languages, every report, publication and page exists in every
//! language, or says in its front matter which languages it is not translated into
//! (`untranslated: [fr]`). Before this rule a missing `report.fr.md` was not even a
//! warning: the French home listed the Dutch title and linked the Dutch page (issue 24,
//! case 7). Whether a translation states the same figures as its original is `check`'s.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::format::Lang;
use crate::model::{Content, DocKind, Document, Titled};
use std::path::{Path, PathBuf};

pub(super) fn check(content: &Content, problems: &mut Diagnostics) {
    let languages: Vec<Lang> = content.config.languages.keys().copied().collect();
    for year in &content.years {
        if let Some(report) = &year.report {
            let slug = year.year.to_string();
            let untranslated = report.meta.untranslated_languages();
            check_document(
                content,
                &languages,
                DocKind::Report,
                &slug,
                report,
                untranslated,
                problems,
            );
        }
    }
    for doc in &content.publications {
        let untranslated = doc.meta.untranslated_languages();
        check_document(
            content,
            &languages,
            DocKind::Publication,
            &doc.slug,
            doc,
            untranslated,
            problems,
        );
    }
    for doc in &content.pages {
        let untranslated = doc.meta.untranslated_languages();
        check_document(
            content,
            &languages,
            DocKind::Page,
            &doc.slug,
            doc,
            untranslated,
            problems,
        );
    }
}

/// The file a document's translation into `lang` is: `report.md` → `report.fr.md`.
pub fn translation_path(original: &Path, lang: Lang) -> PathBuf {
    let stem = original
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    original.with_file_name(format!("{stem}.{}.md", lang.code()))
}

fn check_document<M: Titled>(
    content: &Content,
    languages: &[Lang],
    kind: DocKind,
    slug: &str,
    doc: &Document<M>,
    untranslated: &[Lang],
    problems: &mut Diagnostics,
) {
    let line = front_matter_line(content, &doc.path);
    for lang in untranslated {
        let translated = content
            .translations
            .contains_key(&(kind, slug.to_string(), *lang));
        let problem = if !languages.contains(lang) {
            format!(
                "`untranslated` names `{}`, a language the site does not publish",
                lang.code()
            )
        } else if translated {
            format!(
                "`untranslated` names `{}`, but {} is there",
                lang.code(),
                translation_path(&doc.path, *lang).display()
            )
        } else {
            continue;
        };
        problems.push(Diagnostic::new(&doc.path, problem).at_line(line).hint(
            "list under `untranslated` only the site's languages this document has no file for",
        ));
    }
    for lang in languages {
        let translated = content
            .translations
            .contains_key(&(kind, slug.to_string(), *lang));
        // A translation that could not be read has its own error already.
        let file = translation_path(&doc.path, *lang);
        if translated || untranslated.contains(lang) || content.unread.contains(&file) {
            continue;
        }
        problems.push(
            Diagnostic::new(
                &doc.path,
                format!(
                    "has no `{}` translation: create {}",
                    lang.code(),
                    file.display()
                ),
            )
            .hint(format!(
                "translate it into {} (front matter: title and summary; then the text), or, if it \
                 stays in one language on purpose, add `untranslated: [{}]` to its front matter",
                file.display(),
                lang.code()
            )),
        );
    }
}

/// The line of `untranslated:` in a document's front matter, read again for this error only.
fn front_matter_line(content: &Content, path: &Path) -> Option<usize> {
    let text = std::fs::read_to_string(content.root.join(path)).ok()?;
    text.lines()
        .position(|l| l.starts_with("untranslated:"))
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(files: &[(&str, &str)], remove: &[&str]) -> Vec<String> {
        let tmp = crate::test_support::fixture("bilingual", files);
        for path in remove {
            std::fs::remove_file(tmp.path().join(path)).unwrap();
        }
        let content = crate::load::load_content(tmp.path()).expect("the fixture loads");
        let mut problems = Diagnostics::default();
        check(&content, &mut problems);
        problems.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn the_bilingual_fixture_is_whole() {
        assert_eq!(problems(&[], &[]), Vec::<String>::new());
    }

    #[test]
    fn a_missing_translation_names_the_file_to_create() {
        let found = problems(&[], &["content/years/2020/report.fr.md"]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with(
                "content/years/2020/report.md: has no `fr` translation: create content/years/2020/report.fr.md"
            ),
            "{found:?}"
        );
        assert!(found[0].contains("untranslated: [fr]"), "{found:?}");
    }

    #[test]
    fn untranslated_on_purpose_passes_but_not_beside_a_translation() {
        let page =
            "---\ntitle: Over ons\nsummary: Wie we zijn.\nuntranslated: [fr]\n---\n\nTekst.\n";
        let found = problems(
            &[("content/pages/over.md", page)],
            &["content/pages/over.fr.md"],
        );
        assert!(found.is_empty(), "{found:?}");
        let found = problems(&[("content/pages/over.md", page)], &[]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with("content/pages/over.md:4: `untranslated` names `fr`, but content/pages/over.fr.md is there"),
            "{found:?}"
        );
    }
}
