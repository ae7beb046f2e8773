//! The text description of a chart, which a screen reader reads out instead of the picture.

use super::BarChart;
use super::LineChart;
use crate::format::{is_share_unit, Lang};

/// The words of the descriptions.
pub(super) struct Words {
    colon: &'static str,
    from: &'static str,
    to: &'static str,
    in_year: &'static str,
    and: &'static str,
    through: &'static str,
    no_figures: &'static str,
    missing_one: &'static str,
    missing_many: &'static str,
    highest: &'static str,
    period: &'static str,
    /// How a change of a share (unit `%`) is said: in percentage points.
    points: &'static str,
}

pub(super) fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Nl => &Words {
            colon: ":",
            from: "van",
            to: "naar",
            in_year: "in",
            and: "en",
            through: "tot en met",
            no_figures: "geen cijfers",
            missing_one: "Geen cijfer voor",
            missing_many: "Geen cijfers voor",
            highest: "Hoogste waarde",
            period: "Aangeduide periode",
            points: "procentpunten",
        },
        // French puts a no-break space before a colon.
        Lang::Fr => &Words {
            colon: "\u{a0}:",
            from: "de",
            to: "à",
            in_year: "en",
            and: "et",
            through: "à",
            no_figures: "aucun chiffre",
            missing_one: "Pas de chiffre pour",
            missing_many: "Pas de chiffres pour",
            highest: "Valeur la plus élevée",
            period: "Période indiquée",
            points: "points de pourcentage",
        },
    }
}

/// e.g. "Seksuele uitbuiting, nieuwe dossiers: van 1.501 in 2019 naar 2.205 in 2020 (+47%).
/// Geen cijfer voor 2018." For several series: the title and unit, then one such part each.
pub(super) fn line_desc(
    chart: &LineChart,
    series: &[Vec<(i32, f64)>],
    events: &[(&str, i32, i32)],
    years: (i32, i32),
    lang: Lang,
) -> String {
    let w = words(lang);
    let mut out = if let [only] = chart.series.as_slice() {
        series_desc(
            &with_unit(&only.label, &chart.unit),
            &series[0],
            years,
            is_share_unit(&chart.unit),
            lang,
        )
    } else {
        let mut out = with_unit(&chart.title, &chart.unit);
        out.push('.');
        for (s, points) in chart.series.iter().zip(series) {
            out.push(' ');
            out.push_str(&series_desc(
                &s.label,
                points,
                years,
                is_share_unit(&chart.unit),
                lang,
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
    years: (i32, i32),
    share: bool,
    lang: Lang,
) -> String {
    let w = words(lang);
    let value = |v: f64| {
        if share {
            lang.percent(v)
        } else {
            lang.number(v)
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
                missing_desc(points, years, lang)
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
    if share {
        out.push_str(&format!(
            " ({} {})",
            lang.signed_number(last.1 - first.1),
            w.points
        ));
    } else if first.1 != 0.0 {
        out.push_str(&format!(
            " ({})",
            lang.percent_change((last.1 - first.1) / first.1 * 100.0)
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
    out.push_str(&missing_desc(points, years, lang));
    out
}

/// " Geen cijfers voor 2011 tot en met 2013 en 2018." (empty when no year is missing).
pub(super) fn missing_desc(points: &[(i32, f64)], years: (i32, i32), lang: Lang) -> String {
    let w = words(lang);
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
        w.missing_one
    } else {
        w.missing_many
    };
    format!(" {lead} {list}.")
}

/// e.g. "Meldingen per soort, nieuwe dossiers, in 2023. Grooming: 120. Sexting: 80."
pub(super) fn bar_desc(chart: &BarChart, lang: Lang) -> String {
    let w = words(lang);
    let mut out = with_unit(&chart.title, &chart.unit);
    // Callers' titles often name the year already ("… in 2023").
    if !chart.title.contains(&chart.year.to_string()) {
        out.push_str(&format!(", {} {}", w.in_year, chart.year));
    }
    out.push('.');
    for (label, value) in &chart.bars {
        out.push_str(&format!(" {label}{} {}.", w.colon, lang.number(*value)));
    }
    out
}
