//! The sitemap: every page, with the same page in its other languages (hreflang).

use crate::format::Lang;
use crate::i18n::Locale;
use crate::urls::BaseUrl;
use crate::urls::{PageKey, Registry};
use serde::Serialize;

/// One `<url>` of the sitemap: a page, with the same page in every language (hreflang).
#[derive(Serialize)]
pub(super) struct SitemapEntry {
    loc: String,
    alternates: Vec<SitemapAlternate>,
}

#[derive(Clone, Serialize)]
struct SitemapAlternate {
    lang: Lang,
    href: String,
}

pub(super) fn sitemap_entries(
    registry: &Registry,
    locales: &[Locale],
    base: &BaseUrl,
) -> Vec<SitemapEntry> {
    let mut entries = Vec::new();
    for key in registry.keys() {
        if *key == PageKey::NotFound {
            continue;
        }
        let versions: Vec<SitemapAlternate> = locales
            .iter()
            .filter(|l| registry.exists(l.lang, key))
            .map(|l| SitemapAlternate {
                lang: l.lang,
                href: base.full(&l.path(key)),
            })
            .collect();
        for version in &versions {
            entries.push(SitemapEntry {
                loc: version.href.clone(),
                alternates: if versions.len() > 1 {
                    versions.clone()
                } else {
                    Vec::new()
                },
            });
        }
    }
    entries.sort_by(|a, b| a.loc.cmp(&b.loc));
    entries
}
