//! The open data: the whole dataset as CSV, JSON and xlsx, and each metric's own CSV.

use super::csv_file::{CsvFile, Field};
use super::{RenderInput, Sink};
use crate::i18n::Locale;
use crate::model::{Document, PublicationMeta};
use crate::urls::{metric_csv_path, BaseUrl, PageKey};
use serde::Serialize;
use std::collections::HashMap;

/// The whole dataset as CSV and JSON, one row per year and metric; and each metric's own
/// CSV. Shared by every language, in the default language's words. A source is given as
/// a reader can cite it: its title, date and the address of the original (and of the
/// site's page about it), never the slug it has in the content.
pub(super) fn data_files<'a>(
    input: RenderInput<'a>,
    base: &BaseUrl,
    locale: &Locale,
    out: &dyn Sink,
) {
    #[derive(Serialize)]
    struct Row<'a> {
        year: i32,
        metric: &'a str,
        label: &'a str,
        theme: &'a str,
        unit: &'a str,
        #[serde(serialize_with = "plain_number")]
        value: Option<f64>,
        #[serde(serialize_with = "plain_number")]
        stated_change_percent: Option<f64>,
        stated_change_since: Option<i32>,
        /// The publication's title, or the source as written.
        source: Option<String>,
        note: Option<&'a str>,
        source_date: Option<String>,
        /// The address of the original document.
        source_url: Option<String>,
        /// The site's page about the source.
        source_page: Option<String>,
        /// Eurostat's observation flags: `b` break in series, `e` estimated, `p`
        /// provisional, `r` revised; space-separated.
        status: String,
        /// What the series counts differently from this year on.
        #[serde(rename = "break")]
        break_note: Option<&'a str>,
        #[serde(serialize_with = "plain_number")]
        replaces_value: Option<f64>,
        replaces_source: Option<String>,
        replaces_date: Option<String>,
        other_sources: Vec<OtherRow>,
    }
    #[derive(Serialize)]
    struct OtherRow {
        #[serde(serialize_with = "plain_number")]
        value: Option<f64>,
        source: String,
        date: Option<String>,
        url: Option<String>,
        note: Option<String>,
    }
    let publications: HashMap<&str, &Document<PublicationMeta>> = input
        .content
        .publications
        .iter()
        .map(|p| (p.slug.as_str(), p))
        .collect();
    // A source as a reader cites it: (title, date, original url, site page).
    type Cited = (String, Option<String>, Option<String>, Option<String>);
    let cite = |source: &str| -> Cited {
        match publications.get(source) {
            Some(p) => (
                p.meta.title.clone(),
                Some(p.meta.date.to_string()),
                p.meta.url.clone(),
                Some(base.full(&locale.path(&PageKey::Publication(p.slug.clone())))),
            ),
            None => (source.to_string(), None, None, None),
        }
    };
    let mut rows = Vec::new();
    for m in &input.content.metrics {
        for (year, f) in input.data.figures_of(&m.id) {
            let (source, source_date, source_url, source_page) = match f.source.as_deref() {
                Some(s) => {
                    let (a, b, c, d) = cite(s);
                    (Some(a), b, c, d)
                }
                None => (None, None, None, None),
            };
            let other_sources = f
                .other_sources
                .iter()
                .map(|o| {
                    let (title, date, url, _) = cite(&o.source);
                    OtherRow {
                        value: Some(o.value),
                        source: title,
                        date: o.date.map(|d| d.to_string()).or(date),
                        url: o.url.clone().or(url),
                        note: o.note.clone(),
                    }
                })
                .collect();
            rows.push(Row {
                year,
                metric: &m.id,
                label: &m.label,
                theme: &m.theme,
                unit: &m.unit,
                value: f.value,
                stated_change_percent: f.stated_change.map(|s| s.percent),
                stated_change_since: f.stated_change.map(|s| s.since),
                source,
                note: f.note.as_deref(),
                source_date,
                source_url,
                source_page,
                status: super::chart::status_flags(f),
                break_note: f.break_note.as_deref(),
                replaces_value: f.replaces.as_ref().map(|r| r.value),
                replaces_source: f.replaces.as_ref().map(|r| cite(&r.source).0),
                replaces_date: f
                    .replaces
                    .as_ref()
                    .and_then(|r| r.date.map(|d| d.to_string())),
                other_sources,
            });
        }
    }
    rows.sort_by(|a, b| (a.year, a.metric).cmp(&(b.year, b.metric)));
    // Other sources in one cell: `1586 (title, 2020-06, https://…)`, `; `-separated.
    let others_cell = |r: &Row<'a>| -> String {
        r.other_sources
            .iter()
            .map(|o| {
                let about: Vec<&str> =
                    [Some(o.source.as_str()), o.date.as_deref(), o.url.as_deref()]
                        .into_iter()
                        .flatten()
                        .collect();
                let value = o
                    .value
                    .map(super::csv_file::number_cell)
                    .unwrap_or_default();
                format!("{value} ({})", about.join(", "))
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    // The cells of a row, in the order of CSV_COLUMNS.
    fn cells<'r>(r: &'r Row<'_>, others: &'r str) -> [Field<'r>; 19] {
        let text = |t: &'r Option<String>| Field::Text(t.as_deref().unwrap_or(""));
        [
            Field::Year(Some(r.year)),
            Field::Text(r.metric),
            Field::Text(r.label),
            Field::Text(r.theme),
            Field::Text(r.unit),
            Field::Number(r.value),
            Field::Number(r.stated_change_percent),
            Field::Year(r.stated_change_since),
            text(&r.source),
            Field::Text(r.note.unwrap_or("")),
            text(&r.source_date),
            text(&r.source_url),
            text(&r.source_page),
            Field::Text(&r.status),
            Field::Text(r.break_note.unwrap_or("")),
            Field::Number(r.replaces_value),
            text(&r.replaces_source),
            text(&r.replaces_date),
            Field::Text(others),
        ]
    }
    let others: Vec<String> = rows.iter().map(others_cell).collect();
    for m in &input.content.metrics {
        // No values yet: the header alone, never a made-up row.
        let mut csv = CsvFile::new();
        csv.row(CSV_COLUMNS.map(Field::Text));
        for (row, others) in rows.iter().zip(&others).filter(|(r, _)| r.metric == m.id) {
            csv.row(cells(row, others));
        }
        out.add(
            metric_csv_path(&locale.words.metrics, &m.id),
            csv.into_bytes(),
        );
    }
    let mut csv = CsvFile::new();
    csv.row(CSV_COLUMNS.map(Field::Text));
    for (row, others) in rows.iter().zip(&others) {
        csv.row(cells(row, others));
    }
    out.add("data/figures.csv".into(), csv.into_bytes());
    let mut xlsx = super::xlsx_file::XlsxFile::new();
    xlsx.row(CSV_COLUMNS.map(Field::Text));
    for (row, others) in rows.iter().zip(&others) {
        xlsx.row(cells(row, others));
    }
    // Writing to memory fails only on a sheet too large for Excel (a million rows).
    match xlsx.into_bytes() {
        Ok(bytes) => out.add("data/figures.xlsx".into(), bytes),
        Err(e) => eprintln!("data/figures.xlsx was not written: {e}"),
    }
    out.add(
        "data/figures.json".into(),
        serde_json::to_vec_pretty(&rows).expect("rows serialize"),
    );
}

pub(crate) fn plain_number<S: serde::Serializer>(
    value: &Option<f64>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match value {
        // Whole numbers without `.0` (values are at most 2^53 - 1, exact as i64); `-0` is 0.
        Some(v) if v.fract() == 0.0 && v.abs() < 9.1e15 => s.serialize_some(&(*v as i64)),
        Some(v) => s.serialize_some(v),
        None => s.serialize_none(),
    }
}

/// The columns of the open-data CSV files (the fields of `data_files`' rows, which are
/// the keys of figures.json).
pub(crate) const CSV_COLUMNS: [&str; 19] = [
    "year",
    "metric",
    "label",
    "theme",
    "unit",
    "value",
    "stated_change_percent",
    "stated_change_since",
    "source",
    "note",
    "source_date",
    "source_url",
    "source_page",
    "status",
    "break",
    "replaces_value",
    "replaces_source",
    "replaces_date",
    "other_sources",
];
