//! Which pages exist in which language.

use super::PageKey;
use crate::format::Lang;
use crate::i18n::Locale;
use crate::model::{Content, DocKind};
use std::collections::BTreeMap;

/// Which pages exist in which language.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    /// Each page, with the languages it exists in. Looked up for every link, so keyed by
    /// the page alone: no key is built per lookup.
    exists: BTreeMap<PageKey, Vec<Lang>>,
    pub default: Option<Lang>,
}

impl Registry {
    /// The default language has every page; another has the pages whose text is all in
    /// YAML (translated there), and the documents that have a translation.
    pub fn new(content: &Content, locales: &[Locale]) -> Registry {
        let mut exists: BTreeMap<PageKey, Vec<Lang>> = BTreeMap::new();
        let mut default = None;
        for locale in locales {
            let lang = locale.lang;
            if locale.is_default {
                default = Some(lang);
            }
            let translated = |kind: DocKind, slug: &str| {
                locale.is_default
                    || content
                        .translations
                        .contains_key(&(kind, slug.to_string(), lang))
            };
            let mut add = |key: PageKey| {
                exists.entry(key).or_default().push(lang);
            };
            add(PageKey::Home);
            add(PageKey::Metrics);
            add(PageKey::Themes);
            add(PageKey::Publications);
            add(PageKey::NotFound);
            for m in &content.metrics {
                add(PageKey::Metric(m.id.clone()));
            }
            for t in &content.config.themes {
                add(PageKey::Theme(t.id.clone()));
            }
            for y in &content.years {
                // A year without any report is a page of figures only, in every language.
                if y.report.is_none() || translated(DocKind::Report, &y.year.to_string()) {
                    add(PageKey::Year(y.year));
                }
            }
            for p in &content.publications {
                if translated(DocKind::Publication, &p.slug) {
                    add(PageKey::Publication(p.slug.clone()));
                }
            }
            for p in &content.pages {
                if translated(DocKind::Page, &p.slug) {
                    add(PageKey::Page(p.slug.clone()));
                }
            }
        }
        Registry { exists, default }
    }

    pub fn exists(&self, lang: Lang, key: &PageKey) -> bool {
        self.exists
            .get(key)
            .is_some_and(|langs| langs.contains(&lang))
    }

    /// Every page that exists in some language, in a stable order.
    pub fn keys(&self) -> impl Iterator<Item = &PageKey> {
        self.exists.keys()
    }

    /// Every page that exists in `lang`, in a stable order (without a search for each).
    pub fn keys_in(&self, lang: Lang) -> impl Iterator<Item = &PageKey> {
        self.exists
            .iter()
            .filter(move |(_, langs)| langs.contains(&lang))
            .map(|(key, _)| key)
    }
}
