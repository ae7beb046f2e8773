//! The home page.

use super::context::Renderer;
use super::views::*;
use crate::model::DocKind;
use crate::urls::PageKey;
use tera::Context;

impl<'a> Renderer<'a> {
    pub(super) fn home_context(
        &self,
        metrics: &[MetricView],
        publications: &[PublicationView],
    ) -> Context {
        let content = &self.content;
        let latest_year = self
            .data
            .years
            .iter()
            .rev()
            .find(|y| {
                content
                    .years
                    .iter()
                    .any(|c| c.year == **y && !c.figures.is_empty())
            })
            .copied();
        let headlines: Vec<&MetricView> = metrics.iter().filter(|m| m.headline).collect();
        let mut ctx = Context::new();
        ctx.insert("latest_year", &latest_year);
        ctx.insert(
            "latest_year_url",
            &latest_year.map(|y| self.href(&PageKey::Year(y))),
        );
        ctx.insert("headlines", &headlines);
        let years: Vec<HomeYear> = content
            .years
            .iter()
            .rev()
            .map(|y| {
                let link = self.year_link(y.year);
                let summary = self
                    .translated_doc(DocKind::Report, &y.year.to_string())
                    .map(|t| t.meta.summary.clone())
                    .or_else(|| {
                        (self.locale.is_default)
                            .then(|| y.report.as_ref().map(|r| r.meta.summary.clone()))
                            .flatten()
                    })
                    .unwrap_or_default();
                HomeYear {
                    year: y.year,
                    title: link.title,
                    url: link.url,
                    summary,
                }
            })
            .collect();
        ctx.insert("years", &years);
        ctx.insert(
            "publications",
            &publications.iter().take(5).collect::<Vec<_>>(),
        );
        ctx
    }
}
