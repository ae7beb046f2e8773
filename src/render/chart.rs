//! Charts: drawn (crate::charts), with their tables, and published as SVG and CSV.

use super::context::Renderer;
use super::csv_file::{CsvFile, Field};
use super::views::*;
use crate::charts::{self, Attribution, BarChart, Chart, Event as ChartEvent, LineChart, Series};
use crate::model::{Comparison, Metric, ThemeConfig};
use crate::urls::{chart_anchor, PageKey};
use std::sync::atomic::Ordering;

/// The columns of a chart's CSV file.
pub(crate) const CHART_CSV_COLUMNS: [&str; 9] = [
    "year",
    "metric",
    "label",
    "unit",
    "value",
    "source",
    "source_url",
    "status",
    "break",
];

/// The id of a metric's chart on its own page (`chart-weglopers`): its permalink's target.
pub(super) fn metric_chart_id(metric: &str) -> String {
    format!("chart-{metric}")
}

/// A figure's flags as Eurostat writes them: `b` break in series, `e` estimated, `p`
/// provisional, `r` revised; space-separated. The open data and the charts' CSV use it.
pub(crate) fn status_flags(f: &crate::model::Figure) -> String {
    use crate::model::FigureStatus;
    let flags = [
        (f.break_note.is_some(), "b"),
        (f.status == Some(FigureStatus::Estimated), "e"),
        (f.status == Some(FigureStatus::Provisional), "p"),
        (f.replaces.is_some(), "r"),
    ];
    let on: Vec<&str> = flags.iter().filter(|f| f.0).map(|f| f.1).collect();
    on.join(" ")
}

impl<'a> Renderer<'a> {
    pub(super) fn events_for(&self, theme: &str, from: i32, to: i32) -> Vec<ChartEvent> {
        self.content
            .config
            .events
            .iter()
            .filter(|e| e.themes.is_empty() || e.themes.iter().any(|t| t == theme))
            .map(|e| ChartEvent {
                label: self.event_label(e).to_string(),
                from: e.from,
                to: e.to.unwrap_or(e.from),
            })
            .filter(|e| e.to >= from && e.from <= to)
            .collect()
    }

    /// The last year of the site: the last year folder. A series' chart, and the tables of
    /// its years, run to it, so that a series that stops before it shows that it stops
    /// (before, an axis ended at the series' last value, and a series that stopped in
    /// 2021 on a site that runs to 2023 looked current).
    pub(super) fn last_year(&self, series_end: i32) -> i32 {
        self.data
            .years
            .iter()
            .copied()
            .max()
            .map_or(series_end, |last| last.max(series_end))
    }

    /// A metric's line chart. `file` also writes it to /grafieken/<id>.svg with its CSV;
    /// without, it links to those files (which the metric's page publishes).
    pub(super) fn metric_chart(&self, m: &'a Metric, id: &str, file: bool) -> ChartView {
        let series = self.data.series(&m.id);
        let from = series.first().map_or(0, |p| p.0);
        let to = self.last_year(series.last().map_or(0, |p| p.0));
        let words = self.metric_words(m);
        let chart = LineChart {
            id: id.to_string(),
            title: self
                .locale
                .strings
                .fill("chart_trend_title", &[("label", words.label)]),
            unit: words.unit.to_string(),
            years: (from, to),
            series: vec![Series {
                label: words.label.to_string(),
                points: series.clone(),
                breaks: self.series_breaks(m),
                other_publishers: self.ends_of_other_publishers(m, &series),
            }],
            events: self.events_for(&m.theme, from, to),
        };
        let rendered = charts::line_chart(&chart, &self.format, &self.chart_words);
        self.charts_drawn.fetch_add(1, Ordering::Relaxed);
        // Its own place is on its metric's page.
        let permalink = self.permalink(&PageKey::Metric(m.id.clone()), &metric_chart_id(&m.id));
        let files = self.chart_files(&m.id, &chart.title, &rendered, (&[m], from, to));
        if file {
            self.publish_chart(&m.id, &chart.title, &rendered, &[m], from, to);
        }
        self.line_chart_view(chart, rendered, files, permalink, &[m])
    }

    /// What a template gets of the line chart `chart` of `metrics`: the drawing, its
    /// files, its permalink, its table and its sources.
    fn line_chart_view(
        &self,
        chart: LineChart,
        rendered: Chart,
        files: ChartFiles,
        permalink: String,
        metrics: &[&'a Metric],
    ) -> ChartView {
        let (from, to) = chart.years;
        ChartView {
            anchor: chart_anchor(&chart.id, self.locale.strings.get("id_chart")),
            permalink,
            id: chart.id,
            title: chart.title,
            svg: rendered.svg,
            desc: rendered.desc,
            url: Some(files.svg_url),
            data_url: Some(files.csv_url),
            png_url: Some(files.png_url),
            embed: Some(files.embed),
            table: self.years_table(metrics, from, to),
            sources: self.chart_sources(metrics, from, to),
        }
    }

    /// The sources of the values of `metrics` from `from` to `to`, each once, in the
    /// order of the years (then of the metrics): a chart's source line, with the
    /// original's address where a publication gives one.
    pub(super) fn chart_sources(&self, metrics: &[&Metric], from: i32, to: i32) -> Vec<SourceView> {
        self.chart_source_ids(metrics, from, to)
            .into_iter()
            .map(|s| self.source_view(s))
            .collect()
    }

    /// The `source` of each value of `metrics` from `from` to `to`, each once, in the
    /// order of the years (then of the metrics).
    fn chart_source_ids(&self, metrics: &[&Metric], from: i32, to: i32) -> Vec<&'a str> {
        let mut seen: Vec<&str> = Vec::new();
        for year in from..=to {
            for m in metrics {
                let figure = self.data.figure(&m.id, year).filter(|f| f.value.is_some());
                if let Some(source) = figure.and_then(|f| f.source.as_deref()) {
                    if !seen.contains(&source) {
                        seen.push(source);
                    }
                }
            }
        }
        seen
    }

    /// The breaks in a metric's series, each with what changed, in this page's language.
    fn series_breaks(&self, m: &'a Metric) -> Vec<(i32, String)> {
        self.data
            .figures_of(&m.id)
            .filter_map(|(year, f)| Some((year, self.break_text(f)?.0.to_string())))
            .collect()
    }

    /// The full address of a chart where it has its own place: `home_id`'s fragment on
    /// the page `home`.
    pub(super) fn permalink(&self, home: &PageKey, home_id: &str) -> String {
        format!(
            "{}#{}",
            self.base.full(&self.path_of(home)),
            chart_anchor(home_id, self.locale.strings.get("id_chart"))
        )
    }

    /// Writes a chart as /grafieken/<name>.svg, with its title, sources and the site's
    /// name drawn in (see [`charts::standalone`]), the same as .png, and its numbers
    /// beside it as .csv. Its page for other sites comes with its own page
    /// ([`Renderer::render_embed`]).
    pub(super) fn publish_chart(
        &self,
        name: &str,
        title: &str,
        chart: &Chart,
        metrics: &[&Metric],
        from: i32,
        to: i32,
    ) {
        let attribution = Attribution {
            title: title.to_string(),
            source: self.source_line(metrics, from, to),
            credit: format!("{} · {}", self.locale.title, self.base.absolute),
        };
        let svg = charts::standalone(chart, &attribution);
        // One row per year and metric, with what a figure needs to be cited on its own:
        // its unit and source (the original's address when known), and whether the series
        // breaks there. A year without a value has an empty value, never zero.
        let mut csv = CsvFile::new();
        csv.row(CHART_CSV_COLUMNS.map(Field::Text));
        for year in from..=to {
            for m in metrics {
                let words = self.metric_words(m);
                let figure = self.data.figure(&m.id, year);
                let source = figure
                    .and_then(|f| f.source.as_deref())
                    .map(|s| self.source_view(s));
                let status = figure.map(status_flags).unwrap_or_default();
                let reason = figure.and_then(|f| self.break_text(f)).map(|b| b.0);
                csv.row([
                    Field::Year(Some(year)),
                    Field::Text(&m.id),
                    Field::Text(words.label),
                    Field::Text(words.unit),
                    Field::Number(self.data.value(&m.id, year)),
                    Field::Text(source.as_ref().map_or("", |s| s.text.as_str())),
                    Field::Text(
                        source
                            .as_ref()
                            .and_then(|s| s.original_url.as_deref())
                            .unwrap_or(""),
                    ),
                    Field::Text(&status),
                    Field::Text(reason.unwrap_or("")),
                ]);
            }
        }
        let svg_path = self.locale.chart_path(name, "svg");
        let csv_path = self.locale.chart_path(name, "csv");
        let png_path = self.locale.chart_path(name, "png");
        // A theme's charts are on its page and wherever a shortcode shows them.
        // The file of its own carries its dark-mode colours (the page's CSS does inline);
        // the PNG is drawn from it without them.
        self.out
            .add_shared(svg_path, charts::with_dark_mode(&svg).into_bytes());
        self.out.add_shared(csv_path, csv.into_bytes());
        // The SVG is drawn at its own size: 960 px wide.
        self.out.add_png(png_path, svg, 1);
    }

    /// "Bron: …" under a chart in its own file: the source of each value it shows, each
    /// once, in the order of the years (a publication by its title and date).
    fn source_line(&self, metrics: &[&Metric], from: i32, to: i32) -> String {
        let sources: Vec<String> = self
            .chart_source_ids(metrics, from, to)
            .into_iter()
            .map(|source| match self.publications.get(source) {
                Some(p) => {
                    let view = self.source_view(source);
                    format!("{} ({})", view.text, self.format.date(&p.meta.date))
                }
                None => source.to_string(),
            })
            .collect();
        let t = &self.locale.strings;
        match sources.len() {
            0 => String::new(),
            1 => t.fill("chart_source_one", &[("sources", &sources[0])]),
            _ => t.fill("chart_source_many", &[("sources", &sources.join("; "))]),
        }
    }

    /// The links to a chart's SVG, CSV and PNG files, and its page for other sites with
    /// the `<iframe>` that shows it there.
    pub(super) fn chart_files(
        &self,
        name: &str,
        title: &str,
        chart: &Chart,
        (metrics, from, to): (&[&Metric], i32, i32),
    ) -> ChartFiles {
        let embed_path = self.locale.chart_path(name, "html");
        let height = super::embed::frame_height(
            chart.height,
            title,
            &self.source_line(metrics, from, to),
            &self
                .locale
                .strings
                .fill("embed_more", &[("site", &self.locale.title)]),
        );
        ChartFiles {
            svg_url: self.base.link(&self.locale.chart_path(name, "svg")),
            csv_url: self.base.link(&self.locale.chart_path(name, "csv")),
            png_url: self.base.link(&self.locale.chart_path(name, "png")),
            embed: super::embed::embed_view(
                embed_path.clone(),
                self.base.link(&embed_path),
                &self.base.full(&embed_path),
                title,
                height,
            ),
        }
    }

    /// The data behind a chart, one row per year, one column per metric.
    pub(super) fn years_table(&self, metrics: &[&'a Metric], from: i32, to: i32) -> TableView {
        let t = &self.locale.strings;
        TableView {
            caption: t.get("chart_table_caption").to_string(),
            row_header: t.get("table_year").to_string(),
            columns: metrics
                .iter()
                .map(|m| {
                    let w = self.metric_words(m);
                    format!("{} ({})", w.label, w.unit)
                })
                .collect(),
            rows: (from..=to)
                .map(|y| TableRow {
                    label: y.to_string(),
                    cells: metrics
                        .iter()
                        .map(|m| {
                            let value = self
                                .data
                                .value(&m.id, y)
                                .map(|v| self.value_text(m, v))
                                .unwrap_or_else(|| t.get("no_value_cell").to_string());
                            // Where the series breaks, the table says what changed.
                            match self.data.figure(&m.id, y).and_then(|f| self.break_text(f)) {
                                Some((reason, _)) => format!(
                                    "{value} ({}{} {})",
                                    t.get("figure_break"),
                                    self.chart_words.colon,
                                    reason.trim_end_matches('.')
                                ),
                                None => value,
                            }
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    /// The metrics of a comparison group, in its order (validation made sure they exist).
    fn group_metrics<'g>(&'g self, group: &'g Comparison) -> impl Iterator<Item = &'a Metric> + 'g {
        group
            .metrics
            .iter()
            .filter_map(|id| self.metrics.get(id.as_str()).copied())
    }

    /// A theme's charts: one per group of comparable metrics.
    pub(super) fn compare_charts(&self, theme: &'a ThemeConfig) -> Vec<ChartView> {
        theme
            .compare
            .iter()
            .enumerate()
            .filter_map(|(i, group)| {
                let metrics: Vec<&Metric> = self.group_metrics(group).collect();
                let series: Vec<Series> = metrics
                    .iter()
                    .map(|m| {
                        let points = self.data.series(&m.id);
                        Series {
                            label: self.metric_words(m).label.to_string(),
                            other_publishers: self.ends_of_other_publishers(m, &points),
                            points,
                            breaks: self.series_breaks(m),
                        }
                    })
                    .filter(|s| !s.points.is_empty())
                    .collect();
                let from = series
                    .iter()
                    .filter_map(|s| s.points.first())
                    .map(|p| p.0)
                    .min()?;
                let to = self.last_year(
                    series
                        .iter()
                        .filter_map(|s| s.points.last())
                        .map(|p| p.0)
                        .max()?,
                );
                if series.iter().map(|s| s.points.len()).sum::<usize>() < 2 {
                    return None;
                }
                let word = self.locale.strings.get("url_theme_chart");
                let id = crate::urls::theme_chart_name(word, &theme.id, i);
                let chart = LineChart {
                    id: id.clone(),
                    title: self.comparison_title(group).to_string(),
                    unit: metrics
                        .first()
                        .map(|m| self.metric_words(m).unit.to_string())
                        .unwrap_or_default(),
                    years: (from, to),
                    series,
                    events: self.events_for(&theme.id, from, to),
                };
                let rendered = charts::line_chart(&chart, &self.format, &self.chart_words);
                self.charts_drawn.fetch_add(1, Ordering::Relaxed);
                self.publish_chart(&id, &chart.title, &rendered, &metrics, from, to);
                let files = self.chart_files(&id, &chart.title, &rendered, (&metrics, from, to));
                let permalink = self.permalink(&PageKey::Theme(theme.id.clone()), &id);
                Some(self.line_chart_view(chart, rendered, files, permalink, &metrics))
            })
            .collect()
    }

    /// On a year page: a bar chart per comparison group with two or more values that year.
    pub(super) fn year_bar_charts(&self, theme: &'a ThemeConfig, year: i32) -> Vec<ChartView> {
        let t = &self.locale.strings;
        theme
            .compare
            .iter()
            .enumerate()
            .filter_map(|(i, group)| {
                let metrics: Vec<&Metric> = self
                    .group_metrics(group)
                    .filter(|m| self.data.value(&m.id, year).is_some())
                    .collect();
                if metrics.len() < 2 {
                    return None;
                }
                let word = t.get("url_year_chart");
                let id = crate::urls::year_chart_name(word, year, &theme.id, i);
                let chart = BarChart {
                    id: id.clone(),
                    title: t.fill(
                        "chart_year_title",
                        &[
                            ("title", self.comparison_title(group)),
                            ("year", &year.to_string()),
                        ],
                    ),
                    unit: self.metric_words(metrics[0]).unit.to_string(),
                    year,
                    bars: metrics
                        .iter()
                        .map(|m| {
                            (
                                self.metric_words(m).label.to_string(),
                                self.data.value(&m.id, year).unwrap_or(0.0),
                            )
                        })
                        .collect(),
                };
                let rendered = charts::bar_chart(&chart, &self.format, &self.chart_words);
                self.charts_drawn.fetch_add(1, Ordering::Relaxed);
                self.publish_chart(&id, &chart.title, &rendered, &metrics, year, year);
                let files = self.chart_files(&id, &chart.title, &rendered, (&metrics, year, year));
                Some(ChartView {
                    anchor: chart_anchor(&id, self.locale.strings.get("id_chart")),
                    permalink: self.permalink(&PageKey::Year(year), &id),
                    id,
                    title: chart.title.clone(),
                    svg: rendered.svg,
                    desc: rendered.desc,
                    url: Some(files.svg_url),
                    data_url: Some(files.csv_url),
                    png_url: Some(files.png_url),
                    embed: Some(files.embed),
                    table: TableView {
                        caption: chart.title,
                        row_header: t.get("table_metric").to_string(),
                        columns: vec![chart.unit],
                        rows: metrics
                            .iter()
                            .map(|m| TableRow {
                                label: self.metric_words(m).label.to_string(),
                                cells: vec![self
                                    .data
                                    .value(&m.id, year)
                                    .map(|v| self.value_text(m, v))
                                    .unwrap_or_default()],
                            })
                            .collect(),
                    },
                    sources: self.chart_sources(&metrics, year, year),
                })
            })
            .collect()
    }
}
