//! A year's page.

use super::context::Renderer;
use super::views::*;
use crate::diagnostics::Diagnostics;
use crate::model::DocKind;
use crate::urls::PageKey;

impl<'a> Renderer<'a> {
    pub(super) fn year_view(&self, index: usize, problems: &mut Diagnostics) -> YearView {
        let content = &self.content;
        let year = &content.years[index];
        let y = year.year;
        let (title, date, summary, body_html, toc, sources) = match &year.report {
            Some(r) => {
                let text = self.doc_text(DocKind::Report, r);
                let (html, headings) =
                    self.markdown_with_headings(text.body, text.path, text.line, Some(y), problems);
                (
                    text.title.to_string(),
                    Some(self.format.date(&r.meta.date)),
                    text.summary.to_string(),
                    html,
                    headings
                        .iter()
                        .filter(|h| h.level == 2)
                        .map(|h| Link {
                            title: h.text.clone(),
                            url: format!("#{}", h.id),
                        })
                        .collect(),
                    r.meta.sources.iter().map(|s| self.source_view(s)).collect(),
                )
            }
            None => (
                self.locale
                    .strings
                    .fill("year_title_no_report", &[("year", &y.to_string())]),
                None,
                String::new(),
                String::new(),
                Vec::new(),
                Vec::new(),
            ),
        };
        let groups: Vec<ThemeGroup> = content
            .config
            .themes
            .iter()
            .filter_map(|t| {
                let figures: Vec<FigureView> = content
                    .metrics
                    .iter()
                    .filter(|m| m.theme == t.id && self.data.figure(&m.id, y).is_some())
                    .map(|m| self.figure_view(m, y))
                    .collect();
                (!figures.is_empty()).then(|| ThemeGroup {
                    theme: self.theme_link(t),
                    charts: self.year_bar_charts(t, y),
                    figures,
                })
            })
            .collect();
        let link = |i: usize| content.years.get(i).map(|o| self.year_link(o.year));
        YearView {
            year: y,
            title,
            url: self.href(&PageKey::Year(y)),
            date,
            summary,
            body_html,
            toc,
            sources,
            figure_count: groups.iter().map(|g| g.figures.len()).sum(),
            groups,
            previous: index.checked_sub(1).and_then(link),
            next: link(index + 1),
        }
    }
}
