//! A language's Atom feed.

use super::context::Renderer;
use super::views::*;
use crate::urls::PageKey;

impl<'a> Renderer<'a> {
    pub(super) fn feed_entries(
        &self,
        years: &[YearView],
        publications: &[PublicationView],
    ) -> Vec<FeedEntry> {
        let content = &self.content;
        let mut entries: Vec<FeedEntry> = Vec::new();
        for y in years {
            let report = content
                .years
                .iter()
                .find(|c| c.year == y.year)
                .and_then(|c| c.report.as_ref());
            if let Some(r) = report {
                entries.push(FeedEntry {
                    title: y.title.clone(),
                    url: self.base.full(&self.locale.path(&PageKey::Year(y.year))),
                    updated: r.meta.date.rfc3339(),
                    summary: y.summary.clone(),
                });
            }
        }
        for p in publications {
            // By slug: a scan of every publication for each one would grow as n².
            let doc = self.publications[p.slug.as_str()];
            let key = PageKey::Publication(p.slug.clone());
            entries.push(FeedEntry {
                title: p.title.clone(),
                url: self.base.full(&self.locale.path(&key)),
                updated: doc.meta.date.rfc3339(),
                summary: p.summary.clone(),
            });
        }
        // Newest first; RFC 3339 dates in UTC sort as text.
        entries.sort_by(|a, b| b.updated.cmp(&a.updated).then_with(|| a.url.cmp(&b.url)));
        entries
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
