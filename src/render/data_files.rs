//! The open data: the whole dataset as CSV and JSON, and each metric's own CSV.

use super::csv_file::{CsvFile, Field};
use super::{RenderInput, Sink};
use crate::urls::metric_csv_path;
use serde::Serialize;

/// The whole dataset as CSV and JSON, one row per year and metric; and each metric's own
/// CSV. Shared by every language.
/// `metrics_word`: the default language's URL word for the metrics, beside whose pages
/// each metric's CSV goes.
pub(super) fn data_files<'a>(input: RenderInput<'a>, metrics_word: &str, out: &dyn Sink) {
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
        source: Option<&'a str>,
        note: Option<&'a str>,
    }
    let mut rows = Vec::new();
    for m in &input.content.metrics {
        for (year, f) in input.data.figures_of(&m.id) {
            rows.push(Row {
                year,
                metric: &m.id,
                label: &m.label,
                theme: &m.theme,
                unit: &m.unit,
                value: f.value,
                stated_change_percent: f.stated_change.map(|s| s.percent),
                stated_change_since: f.stated_change.map(|s| s.since),
                source: f.source.as_deref(),
                note: f.note.as_deref(),
            });
        }
    }
    rows.sort_by(|a, b| (a.year, a.metric).cmp(&(b.year, b.metric)));
    // The cells of a row, in the order of CSV_COLUMNS.
    let cells = |r: &Row<'a>| -> [Field<'a>; 10] {
        [
            Field::Year(Some(r.year)),
            Field::Text(r.metric),
            Field::Text(r.label),
            Field::Text(r.theme),
            Field::Text(r.unit),
            Field::Number(r.value),
            Field::Number(r.stated_change_percent),
            Field::Year(r.stated_change_since),
            Field::Text(r.source.unwrap_or("")),
            Field::Text(r.note.unwrap_or("")),
        ]
    };
    for m in &input.content.metrics {
        // No values yet: the header alone, never a made-up row.
        let mut csv = CsvFile::new();
        csv.row(CSV_COLUMNS.map(Field::Text));
        for row in rows.iter().filter(|r| r.metric == m.id) {
            csv.row(cells(row));
        }
        out.add(metric_csv_path(metrics_word, &m.id), csv.into_bytes());
    }
    let mut csv = CsvFile::new();
    csv.row(CSV_COLUMNS.map(Field::Text));
    for row in &rows {
        csv.row(cells(row));
    }
    out.add("data/figures.csv".into(), csv.into_bytes());
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
pub(crate) const CSV_COLUMNS: [&str; 10] = [
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
];
