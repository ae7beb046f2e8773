//! A language's Atom feed.

use super::context::Renderer;
use super::views::*;
use crate::i18n::PageKey;

impl<'a> Renderer<'a> {
    pub(super) fn feed_entries(
        &self,
        years: &[YearView],
        publications: &[PublicationView],
    ) -> Vec<serde_json::Value> {
        let content = &self.content;
        let mut entries: Vec<(String, serde_json::Value)> = Vec::new();
        for y in years {
            let report = content
                .years
                .iter()
                .find(|c| c.year == y.year)
                .and_then(|c| c.report.as_ref());
            if let Some(r) = report {
                entries.push((
                    r.meta.date.rfc3339(),
                    serde_json::json!({
                        "title": y.title,
                        "url": self.base.full(&self.locale.path(&PageKey::Year(y.year))),
                        "updated": r.meta.date.rfc3339(),
                        "summary": y.summary,
                    }),
                ));
            }
        }
        for p in publications {
            // By slug: a scan of every publication for each one would grow as n².
            let doc = self.publications[p.slug.as_str()];
            entries.push((
                doc.meta.date.rfc3339(),
                serde_json::json!({
                    "title": p.title,
                    "url": self.base.full(&self.locale.path(&PageKey::Publication(p.slug.clone()))),
                    "updated": doc.meta.date.rfc3339(),
                    "summary": p.summary,
                }),
            ));
        }
        entries.sort_by(|a, b| {
            b.0.cmp(&a.0)
                .then_with(|| a.1["url"].as_str().cmp(&b.1["url"].as_str()))
        });
        entries.into_iter().map(|(_, e)| e).collect()
    }

    /// The newest date in the content: the feed's `updated`, stable across builds.
    pub(super) fn feed_updated(&self) -> String {
        let content = &self.content;
        content
            .years
            .iter()
            .filter_map(|y| y.report.as_ref().map(|r| r.meta.date))
            .chain(content.publications.iter().map(|p| p.meta.date))
            .max()
            .map(|d| d.rfc3339())
            .unwrap_or_else(|| "1970-01-01T00:00:00Z".into())
    }
}
