//! Which values of a metric may be compared, and changes as a source states them.
//!
//! - Two neighbouring values from different publishers (see `derive::Publisher`) show no
//!   change: the pages say why, and this check names both values until the later one
//!   says `comparable_with: <year>` or records a `break:`. (Issue 24, case 5: a
//!   newspaper's 155 for 2020 beside Child Focus's 370 for 2021 printed "+139%".)
//! - `comparable_with:` names an earlier year that has a value.
//! - A stated change with decimals on a count metric is taken for a typo unless the
//!   figure says `exact: true`: sources state whole percents, and 3.9 typed for 39
//!   published "+4% t.o.v. 2022 (volgens de bron)", a figure no source gave.

use super::Place;
use crate::derive::{Dataset, NoChange, Publisher};
use crate::diagnostics::Diagnostics;
use crate::model::{Content, Figure, Metric};

/// Neighbouring values of different publishers, and `comparable_with:` years.
pub(super) fn check(content: &Content, data: &Dataset, problems: &mut Diagnostics) {
    let organisation = &content.config.organisation.name;
    let publisher_name = |p: &Publisher| match p {
        Publisher::Own => organisation.clone(),
        Publisher::Other(name) => name.clone(),
    };
    for year in &content.years {
        for figure in &year.figures {
            let place = Place { year, figure };
            let metric = &figure.metric;
            if let Some(with) = figure.comparable_with {
                if with >= year.year || data.value(metric, with).is_none() {
                    problems.push(
                        place
                            .at(
                                &["comparable_with"],
                                format!(
                                    "`{metric}`: `comparable_with: {with}` names no earlier year with a value"
                                ),
                            )
                            .hint(format!(
                                "name the earlier year whose value counts the same thing as {}'s, or remove the line",
                                year.year
                            )),
                    );
                }
            }
            if figure.value.is_none() {
                continue;
            }
            let Err(NoChange::OtherPublisher(since)) = data.previous_year_change(metric, year.year)
            else {
                continue;
            };
            let Some(earlier) = content.years.iter().find(|y| y.year == since) else {
                continue;
            };
            let Some(earlier_figure) = earlier.figures.iter().find(|f| &f.metric == metric) else {
                continue;
            };
            let value = |f: &Figure| f.value.map_or_else(String::new, |v| v.to_string());
            let source = |f: &Figure| {
                f.source
                    .as_deref()
                    .map_or_else(|| "no source".to_string(), |s| format!("source: {s}"))
            };
            problems.push(
                place
                    .at(
                        &["value"],
                        format!(
                            "`{metric}`: {} for {} ({}) and {} for {since} ({}:{}, {}) come from different publishers ({} and {}): the site shows no change between them",
                            value(figure),
                            year.year,
                            source(figure),
                            value(earlier_figure),
                            earlier.figures_path.display(),
                            earlier_figure.line,
                            source(earlier_figure),
                            publisher_name(data.publisher(metric, year.year)),
                            publisher_name(data.publisher(metric, since)),
                        ),
                    )
                    .hint(format!(
                        "if both count the same thing, write `comparable_with: {since}` under `{metric}` here; \
                         if they count differently, write `break:` with what changed; a publication of \
                         the organisation itself has no `publisher:` in its front matter (README, figures.yaml, \
                         Publishers)"
                    )),
            );
        }
    }
}

/// A stated change with decimals on a count metric, unless confirmed (`exact: true`).
pub(super) fn check_stated_fraction(place: &Place, metric: &Metric, problems: &mut Diagnostics) {
    let Some(stated) = place.figure.stated_change else {
        return;
    };
    if stated.exact || metric.is_share() || metric.decimals > 0 || stated.percent.fract() == 0.0 {
        return;
    }
    const FIELD: [&str; 2] = ["stated_change", "percent"];
    let written = place.written(&FIELD, stated.percent);
    let id = &metric.id;
    problems.push(
        place
            .at(
                &FIELD,
                format!(
                    "`{id}`: the stated change is {written}%, with decimals, on a metric that counts: sources state whole percents"
                ),
            )
            .hint(format!(
                "did you mean {}? If the source really says {written}%, confirm it: \
                 stated_change: {{percent: {written}, since: {}, exact: true}}",
                meant(&written),
                stated.since
            )),
    );
}

/// The whole percent most likely meant by a percentage typed with decimals: its digits
/// without the decimal separator (3.9 for 39, 1.25 for 125).
fn meant(written: &str) -> String {
    let sign = if written.trim_start().starts_with('-') {
        "-"
    } else {
        ""
    };
    let digits: String = written.chars().filter(char::is_ascii_digit).collect();
    let digits = digits.trim_start_matches('0');
    format!("{sign}{}", if digits.is_empty() { "0" } else { digits })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The problems validation finds in the basic fixture with `files` laid over it.
    fn problems(files: &[(&str, &str)]) -> Vec<String> {
        let tmp = crate::test_support::fixture("basic", files);
        let content = crate::load::load_content(tmp.path()).expect("the fixture loads");
        match crate::validate::validate(&content) {
            Ok(()) => Vec::new(),
            Err(problems) => problems.iter().map(ToString::to_string).collect(),
        }
    }

    const Y2019: &str = "content/years/2019/figures.yaml";
    const Y2020: &str = "content/years/2020/figures.yaml";

    #[test]
    fn two_publishers_side_by_side_are_named_with_the_fix() {
        let found = problems(&[(
            Y2019,
            "weglopers: {value: 1400, source: persbericht-2020}\nontvoeringen: {value: 155, source: De Standaard}\n",
        ), (
            Y2020,
            "weglopers: {value: 1050, source: persbericht-2020}\nontvoeringen:\n  value: 370\n  source: persbericht-2020\n",
        )]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with(
                "content/years/2020/figures.yaml:3:10: `ontvoeringen`: 370 for 2020 (source: persbericht-2020) and 155 for 2019 (content/years/2019/figures.yaml:2, source: De Standaard) come from different publishers (Testorganisatie and De Standaard)"
            ),
            "{found:?}"
        );
        assert!(found[0].contains("write `comparable_with: 2019` under `ontvoeringen`"));
        assert!(found[0].contains("write `break:`"));
    }

    #[test]
    fn comparable_with_or_a_break_settles_it() {
        for fix in [
            "  comparable_with: 2019\n",
            "  break: telt nu behandelde dossiers\n",
        ] {
            let found = problems(&[
                (Y2019, "weglopers: {value: 1400, source: persbericht-2020}\nontvoeringen: {value: 155, source: De Standaard}\n"),
                (Y2020, &format!("weglopers: {{value: 1050, source: persbericht-2020}}\nontvoeringen:\n  value: 370\n  source: persbericht-2020\n{fix}")),
            ]);
            assert!(found.is_empty(), "{fix}: {found:?}");
        }
        // A year to compare with must have a value.
        let found = problems(&[(
            Y2020,
            "weglopers:\n  value: 1050\n  source: persbericht-2020\n  comparable_with: 2018\n",
        )]);
        assert!(
            found.iter().any(|p| p.starts_with("content/years/2020/figures.yaml:4:20: `weglopers`: `comparable_with: 2018` names no earlier year with a value")),
            "{found:?}"
        );
    }

    #[test]
    fn one_publishers_free_text_compares_with_itself() {
        let found = problems(&[
            (Y2019, "weglopers: {value: 1400, source: De Standaard}\n"),
            (Y2020, "weglopers: {value: 1050, source: de standaard}\n"),
        ]);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_stated_change_with_decimals_on_a_count_needs_confirming() {
        let typo = "weglopers:\n  value: 1050\n  source: persbericht-2020\n  stated_change: {percent: -2.5, since: 2019}\n";
        let found = problems(&[(Y2019, "grooming: 1\n"), (Y2020, typo)]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with("content/years/2020/figures.yaml:4:28: `weglopers`: the stated change is -2.5%, with decimals, on a metric that counts"),
            "{found:?}"
        );
        assert!(found[0].contains("did you mean -25?"), "{found:?}");
        assert!(found[0].contains("exact: true"), "{found:?}");
        let confirmed = typo.replace("since: 2019}", "since: 2019, exact: true}");
        assert!(problems(&[(Y2019, "grooming: 1\n"), (Y2020, &confirmed)]).is_empty());
        // Whole percents need nothing.
        let whole = typo.replace("-2.5", "-25");
        assert!(problems(&[(Y2019, "grooming: 1\n"), (Y2020, &whole)]).is_empty());
    }

    #[test]
    fn the_whole_percent_meant() {
        assert_eq!(meant("3.9"), "39");
        assert_eq!(meant("-0.5"), "-5");
        assert_eq!(meant("1.25"), "125");
    }
}
