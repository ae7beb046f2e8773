//! Which Markdown file each page's prose comes from: a broken link is told at its place.

use crate::diagnostics::PageSource;
use crate::i18n::Locale;
use crate::model::{Content, DocKind, Document};
use crate::urls::PageKey;
use std::collections::BTreeMap;

/// Which Markdown file each page's prose comes from, in every language (borrowed from the
/// content: only a broken link needs it).
pub fn page_sources<'a>(
    content: &'a Content,
    locales: &[Locale],
) -> BTreeMap<String, PageSource<'a>> {
    // Every Markdown document in the default language, with the page it makes.
    let mut documents: Vec<(DocKind, String, PageKey, PageSource<'a>)> = Vec::new();
    for y in &content.years {
        if let Some(r) = &y.report {
            let key = PageKey::Year(y.year);
            documents.push((DocKind::Report, y.year.to_string(), key, source_of(r)));
        }
    }
    for p in &content.publications {
        let key = PageKey::Publication(p.slug.clone());
        documents.push((DocKind::Publication, p.slug.clone(), key, source_of(p)));
    }
    for p in &content.pages {
        let key = PageKey::Page(p.slug.clone());
        documents.push((DocKind::Page, p.slug.clone(), key, source_of(p)));
    }
    let mut sources = BTreeMap::new();
    for locale in locales {
        for (kind, slug, key, original) in &documents {
            // Another language's page is made from the translation, where there is one.
            let source = if locale.is_default {
                Some(original.clone())
            } else {
                content
                    .translations
                    .get(&(*kind, slug.clone(), locale.lang))
                    .map(source_of)
            };
            if let Some(source) = source {
                sources.insert(locale.file(key), source);
            }
        }
        for m in &content.metrics {
            let source = PageSource {
                file: &content.metrics_path,
                text: &content.metrics_text,
                first_line: 1,
            };
            sources.insert(locale.file(&PageKey::Metric(m.id.clone())), source);
        }
    }
    sources
}

fn source_of<M>(d: &Document<M>) -> PageSource<'_> {
    PageSource {
        file: &d.path,
        text: &d.body,
        first_line: d.body_line,
    }
}
