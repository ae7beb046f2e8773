//! The text description of a chart, which a screen reader reads out instead of the picture.

use super::BarChart;
use super::{LineChart, Series};
use crate::format::{is_share_unit, Format};

/// The words of the descriptions, in the chart's language: they come from the language
/// file (`templates/i18n/<lang>.yaml`, keys `chart_desc_*`), not from this code.
#[derive(Debug, Clone, Default)]
pub struct Words {
    /// `:` in Dutch, `\u{a0}:` in French (a no-break space before the colon).
    pub colon: String,
    pub from: String,
    pub to: String,
    pub in_year: String,
    pub and: String,
    pub through: String,
    pub no_figures: String,
    pub missing_one: String,
    pub missing_many: String,
    pub highest: String,
    pub period: String,
    /// How a change of a share (unit `%`) is said: in percentage points.
    pub points: String,
    /// "Breuk in de reeks in": before the year and what changed.
    pub break_desc: String,
    /// The short word at a break's mark in the chart: "breuk".
    pub break_mark: String,
}

impl Words {
    /// The language file's key of each word, as `(key, word)` pairs to fill.
    pub const KEYS: [&'static str; 14] = [
        "chart_desc_colon",
        "chart_desc_from",
        "chart_desc_to",
        "chart_desc_in_year",
        "chart_desc_and",
        "chart_desc_through",
        "chart_desc_no_figures",
        "chart_desc_missing_one",
        "chart_desc_missing_many",
        "chart_desc_highest",
        "chart_desc_period",
        "chart_desc_points",
        "chart_desc_break",
        "chart_desc_break_mark",
    ];

    /// The words from a lookup of the keys in [`Words::KEYS`].
    pub fn from_lookup(get: impl Fn(&str) -> String) -> Words {
        Words {
            colon: get("chart_desc_colon"),
            from: get("chart_desc_from"),
            to: get("chart_desc_to"),
            in_year: get("chart_desc_in_year"),
            and: get("chart_desc_and"),
            through: get("chart_desc_through"),
            no_figures: get("chart_desc_no_figures"),
            missing_one: get("chart_desc_missing_one"),
            missing_many: get("chart_desc_missing_many"),
            highest: get("chart_desc_highest"),
            period: get("chart_desc_period"),
            points: get("chart_desc_points"),
            break_desc: get("chart_desc_break"),
            break_mark: get("chart_desc_break_mark"),
        }
    }
}

/// e.g. "Seksuele uitbuiting, nieuwe dossiers: van 1.501 in 2019 naar 2.205 in 2020 (+47%).
/// Geen cijfer voor 2018." For several series: the title and unit, then one such part each.
pub(super) fn line_desc(
    chart: &LineChart,
    series: &[Vec<(i32, f64)>],
    events: &[(&str, i32, i32)],
    years: (i32, i32),
    format: &Format,
    w: &Words,
) -> String {
    let mut out = if let [only] = chart.series.as_slice() {
        series_desc(
            &with_unit(&only.label, &chart.unit),
            &series[0],
            only,
            years,
            is_share_unit(&chart.unit),
            format,
            w,
        )
    } else {
        let mut out = with_unit(&chart.title, &chart.unit);
        out.push('.');
        for (s, points) in chart.series.iter().zip(series) {
            out.push(' ');
            out.push_str(&series_desc(
                &s.label,
                points,
                s,
                years,
                is_share_unit(&chart.unit),
                format,
                w,
            ));
        }
        out
    };
    for &(label, from, to) in events {
        let span = if from == to {
            from.to_string()
        } else {
            format!("{from} {} {to}", w.through)
        };
        out.push_str(&format!(" {}{} {label}, {span}.", w.period, w.colon));
    }
    out
}

pub(super) fn with_unit(label: &str, unit: &str) -> String {
    if unit.is_empty() {
        label.to_string()
    } else {
        format!("{label}, {unit}")
    }
}

pub(super) fn series_desc(
    label: &str,
    points: &[(i32, f64)],
    series: &Series,
    years: (i32, i32),
    share: bool,
    format: &Format,
    w: &Words,
) -> String {
    let value = |v: f64| {
        if share {
            format.percent(v)
        } else {
            format.number(v)
        }
    };
    let value_in = |&(year, v): &(i32, f64)| format!("{} {} {year}", value(v), w.in_year);
    let (first, last) = match points {
        [] => return format!("{label}{} {}.", w.colon, w.no_figures),
        [only] => {
            return format!(
                "{label}{} {}.{}",
                w.colon,
                value_in(only),
                missing_desc(points, years, w)
            )
        }
        [first, .., last] => (first, last),
    };
    let mut out = format!(
        "{label}{} {} {} {} {}",
        w.colon,
        w.from,
        value_in(first),
        w.to,
        value_in(last)
    );
    // No change is said across a break: the first and last values count different things.
    let crossed: Vec<&(i32, String)> = series
        .breaks
        .iter()
        .filter(|(year, _)| *year > first.0 && *year <= last.0)
        .collect();
    // Nor between two publishers' values (a newspaper's 155 and the organisation's 370).
    let comparable = crossed.is_empty() && !series.other_publishers;
    if comparable && share {
        out.push_str(&format!(
            " ({} {})",
            format.signed_number(last.1 - first.1),
            w.points
        ));
    } else if comparable && first.1 != 0.0 {
        out.push_str(&format!(
            " ({})",
            format.percent_change((last.1 - first.1) / first.1 * 100.0)
        ));
    }
    out.push('.');
    // The first of equal highest values counts.
    let highest = points
        .iter()
        .fold(first, |best, p| if p.1 > best.1 { p } else { best });
    if highest.1 > first.1 && highest.1 > last.1 {
        out.push_str(&format!(" {}{} {}.", w.highest, w.colon, value_in(highest)));
    }
    for (year, reason) in crossed {
        let reason = reason.trim_end_matches('.');
        out.push_str(&format!(" {} {year}{} {reason}.", w.break_desc, w.colon));
    }
    out.push_str(&missing_desc(points, years, w));
    out
}

/// " Geen cijfers voor 2011 tot en met 2013 en 2018." (empty when no year is missing).
pub(super) fn missing_desc(points: &[(i32, f64)], years: (i32, i32), w: &Words) -> String {
    let missing: Vec<i32> = (years.0..=years.1)
        .filter(|year| points.binary_search_by_key(year, |&(y, _)| y).is_err())
        .collect();
    if missing.is_empty() {
        return String::new();
    }
    let spans: Vec<String> = missing
        .chunk_by(|a, b| b == &(a + 1))
        .flat_map(|run| match run {
            [a, _, .., b] => vec![format!("{a} {} {b}", w.through)],
            _ => run.iter().map(i32::to_string).collect(),
        })
        .collect();
    let list = match spans.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} {} {last}", rest.join(", "), w.and),
        None => String::new(),
    };
    let lead = if missing.len() == 1 {
        &w.missing_one
    } else {
        &w.missing_many
    };
    format!(" {lead} {list}.")
}

/// e.g. "Meldingen per soort, nieuwe dossiers, in 2023. Grooming: 120. Sexting: 80."
pub(super) fn bar_desc(chart: &BarChart, format: &Format, w: &Words) -> String {
    let mut out = with_unit(&chart.title, &chart.unit);
    // Callers' titles often name the year already ("… in 2023").
    if !chart.title.contains(&chart.year.to_string()) {
        out.push_str(&format!(", {} {}", w.in_year, chart.year));
    }
    out.push('.');
    for (label, value) in &chart.bars {
        out.push_str(&format!(" {label}{} {}.", w.colon, format.number(*value)));
    }
    out
}
