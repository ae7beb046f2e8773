//! A metric's page (and its card in the lists).

use super::context::Renderer;
use super::views::*;
use crate::diagnostics::Diagnostics;
use crate::model::Metric;
use crate::urls::metric_csv_path;
use crate::urls::PageKey;

impl<'a> Renderer<'a> {
    pub(super) fn metric_view(&self, m: &'a Metric, problems: &mut Diagnostics) -> MetricView {
        let data = &self.data;
        let figures: Vec<i32> = data.figures_of(&m.id).map(|(y, _)| y).collect();
        let rows: Vec<FigureView> = match (figures.first(), figures.last()) {
            // Up to the site's last year: a missing final year says "geen cijfer".
            (Some(first), Some(last)) => (*first..=self.last_year(*last))
                .rev()
                .map(|y| self.figure_view(m, y))
                .collect(),
            _ => Vec::new(),
        };
        let latest = rows.iter().find(|r| r.value.is_some()).cloned();
        let series = data.series(&m.id);
        let chart = (series.len() >= 2)
            .then(|| self.metric_chart(m, &super::chart::metric_chart_id(&m.id), true));
        let words = self.metric_words(m);
        let line = self.content.metric_line(&m.id, 0).unwrap_or(1);
        MetricView {
            id: m.id.clone(),
            label: words.label.to_string(),
            unit: words.unit.to_string(),
            description: words.description.to_string(),
            definition_html: self.markdown(
                words.definition,
                &self.content.metrics_path,
                line,
                None,
                problems,
            ),
            url: self.href(&PageKey::Metric(m.id.clone())),
            theme: self.metric_link(m).theme,
            headline: m.headline,
            years_with_value: series.len(),
            csv_url: self.base.link(&metric_csv_path(
                &self.default_locale().words.metrics,
                &m.id,
            )),
            rows,
            latest,
            chart,
        }
    }
}
