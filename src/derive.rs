//! Stage 3: what the site computes from the figures: each metric's series over the years
//! and the change of a value against the previous calendar year.
//!
//! A missing year is `None` here and a gap everywhere after: never a zero. A change never
//! skips a gap by itself: against "the year before the one with a value" it would move
//! whenever a value for an earlier year is added (a published "+21% t.o.v. 2020" became
//! "−25% t.o.v. 2017" when 2017 got a value). Across a gap only when asked (`since`).
//!
//! Never across a break: a value with `break:` counts differently from the years before
//! it (handled files where they were new files), so no change is computed from a year
//! before it to it or a later year, not even when asked. This module is the one place
//! that rule is written: everything that shows or checks a change asks it here.

use crate::model::{Content, Figure, StatedChange};
use std::collections::BTreeMap;

/// All figures, indexed by metric and year.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    /// Every year that has a folder, ascending.
    pub years: Vec<i32>,
    figures: BTreeMap<String, BTreeMap<i32, Figure>>,
}

/// A change between two values of one metric.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Change {
    pub from_year: i32,
    pub from: f64,
    pub to_year: i32,
    pub to: f64,
    pub absolute: f64,
    /// `None` when the earlier value is zero.
    pub percent: Option<f64>,
}

/// The change shown for a year when no base year is named.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ShownChange {
    /// Computed from this year's and the previous year's values.
    Computed(Change),
    /// The previous year has no value: the source's stated change since it.
    Stated(StatedChange),
}

/// Why a year shows no change against the previous year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoChange {
    /// The year itself has no value (and no stated change since the previous year).
    NoValue,
    /// The previous calendar year has no value, and the source states no change since it.
    NoPreviousYear,
    /// The series counts differently from this year on (`break:` on its value): the two
    /// years are not comparable.
    Break(i32),
}

impl Change {
    pub fn between(from_year: i32, from: f64, to_year: i32, to: f64) -> Change {
        Change {
            from_year,
            from,
            to_year,
            to,
            absolute: to - from,
            percent: (from != 0.0).then(|| (to - from) / from * 100.0),
        }
    }

    /// Whether the two years follow each other; if not, the text names the earlier year.
    pub fn is_consecutive(&self) -> bool {
        self.to_year - self.from_year == 1
    }
}

impl Dataset {
    pub fn new(content: &Content) -> Dataset {
        let mut figures: BTreeMap<String, BTreeMap<i32, Figure>> = BTreeMap::new();
        for year in &content.years {
            for figure in &year.figures {
                figures
                    .entry(figure.metric.clone())
                    .or_default()
                    .insert(year.year, figure.clone());
            }
        }
        Dataset {
            years: content.years.iter().map(|y| y.year).collect(),
            figures,
        }
    }

    pub fn figure(&self, metric: &str, year: i32) -> Option<&Figure> {
        self.figures.get(metric)?.get(&year)
    }

    pub fn value(&self, metric: &str, year: i32) -> Option<f64> {
        self.figure(metric, year)?.value
    }

    /// The years with a value, ascending.
    pub fn series(&self, metric: &str) -> Vec<(i32, f64)> {
        self.figures
            .get(metric)
            .map(|by_year| {
                by_year
                    .iter()
                    .filter_map(|(y, f)| f.value.map(|v| (*y, v)))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Every figure of a metric (with or without value), by year.
    pub fn figures_of(&self, metric: &str) -> impl Iterator<Item = (i32, &Figure)> {
        self.figures
            .get(metric)
            .into_iter()
            .flat_map(|m| m.iter().map(|(y, f)| (*y, f)))
    }

    /// The change of `year`'s value against the previous calendar year's, when both have
    /// a value. Never against an earlier year: that is [`Dataset::change_since`].
    pub fn change(&self, metric: &str, year: i32) -> Option<Change> {
        self.change_since(metric, year, year - 1)
    }

    /// The change of `year`'s value against `since`'s, when both have a value and no break
    /// lies between them.
    pub fn change_since(&self, metric: &str, year: i32, since: i32) -> Option<Change> {
        self.comparison(metric, year, since).ok()
    }

    /// The change of `year`'s value against `since`'s, or why there is none: a break
    /// between them first (even when a value is missing too, the break is what a reader
    /// needs to know), then a missing value.
    pub fn comparison(&self, metric: &str, year: i32, since: i32) -> Result<Change, NoChange> {
        if let Some(at) = self.break_between(metric, since, year) {
            return Err(NoChange::Break(at));
        }
        let to = self.value(metric, year).ok_or(NoChange::NoValue)?;
        let from = self.value(metric, since).ok_or(NoChange::NoPreviousYear)?;
        Ok(Change::between(since, from, year, to))
    }

    /// The last year after `since` and up to `year` whose value starts a break in the
    /// series (`break:`), if any: a change from `since` to `year` would cross it.
    pub fn break_between(&self, metric: &str, since: i32, year: i32) -> Option<i32> {
        let (from, to) = (since.min(year), since.max(year));
        if from == to {
            // BTreeMap::range panics on an empty inclusive range (a stated change since
            // its own year, which validation refuses but rendering still reads).
            return None;
        }
        self.figures
            .get(metric)?
            .range(from + 1..=to)
            .rev()
            .find(|(_, f)| f.break_note.is_some())
            .map(|(y, _)| *y)
    }

    /// Whether a stated change crosses a break: the source compares what the series
    /// itself says is not comparable, so it is not shown as the change either.
    fn stated_crosses_break(&self, metric: &str, year: i32, stated: &StatedChange) -> bool {
        self.break_between(metric, stated.since, year).is_some()
    }

    /// The change shown for `year` when no base year is named: against the previous
    /// calendar year, or, when that year has no value, the source's stated change since
    /// it. `Err` says why there is none.
    pub fn previous_year_change(&self, metric: &str, year: i32) -> Result<ShownChange, NoChange> {
        if self.break_between(metric, year - 1, year).is_some() {
            return Err(NoChange::Break(year));
        }
        if let Some(c) = self.change(metric, year) {
            return Ok(ShownChange::Computed(c));
        }
        let stated = self.figure(metric, year).and_then(|f| f.stated_change);
        match stated {
            Some(s) if s.since == year - 1 => Ok(ShownChange::Stated(s)),
            _ if self.value(metric, year).is_none() => Err(NoChange::NoValue),
            _ => Err(NoChange::NoPreviousYear),
        }
    }

    /// A change stated by the source that the shown change is not already: its base
    /// year is not the previous calendar year, or the previous year has no value (then
    /// it is the shown change). Validation has already checked it where the data allow.
    pub fn extra_stated_change(&self, metric: &str, year: i32) -> Option<StatedChange> {
        let stated = self.figure(metric, year)?.stated_change?;
        if self.stated_crosses_break(metric, year, &stated) {
            return None;
        }
        match self.change(metric, year) {
            Some(c) if c.from_year == stated.since => None,
            _ => Some(stated),
        }
    }

    /// Metrics that have at least one value.
    pub fn has_values(&self, metric: &str) -> bool {
        self.figures
            .get(metric)
            .is_some_and(|m| m.values().any(|f| f.value.is_some()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::YearContent;

    fn figure(metric: &str, value: Option<f64>) -> Figure {
        Figure {
            metric: metric.into(),
            value,
            line: 1,
            ..Figure::default()
        }
    }

    fn dataset(values: &[(i32, Option<f64>)]) -> Dataset {
        let years = values
            .iter()
            .map(|(y, v)| YearContent {
                year: *y,
                report: None,
                figures: vec![figure("m", *v)],
                figures_path: "f".into(),
                figures_text: String::new(),
            })
            .collect::<Vec<_>>();
        let mut figures: BTreeMap<String, BTreeMap<i32, Figure>> = BTreeMap::new();
        for y in &years {
            figures
                .entry("m".into())
                .or_default()
                .insert(y.year, y.figures[0].clone());
        }
        Dataset {
            years: years.iter().map(|y| y.year).collect(),
            figures,
        }
    }

    #[test]
    fn no_break_between_a_year_and_itself() {
        // A stated change since its own year reaches here on content that failed
        // validation; it panicked in BTreeMap::range before.
        let d = dataset(&[(2019, Some(1501.0)), (2020, Some(2205.0))]);
        assert_eq!(d.break_between("m", 2020, 2020), None);
        assert_eq!(d.break_between("m", 2021, 2019), None);
    }

    #[test]
    fn change_against_previous_year() {
        let d = dataset(&[(2019, Some(1501.0)), (2020, Some(2205.0))]);
        let c = d.change("m", 2020).unwrap();
        assert_eq!((c.from_year, c.to_year), (2019, 2020));
        assert_eq!(c.absolute, 704.0);
        assert_eq!(c.percent.unwrap().round(), 47.0);
        assert!(c.is_consecutive());
        assert_eq!(d.change("m", 2019), None);
    }

    #[test]
    fn change_never_skips_a_gap_by_itself() {
        let d = dataset(&[(2017, Some(100.0)), (2018, None), (2019, Some(140.0))]);
        assert_eq!(d.change("m", 2019), None);
        assert_eq!(
            d.previous_year_change("m", 2019),
            Err(NoChange::NoPreviousYear)
        );
        assert_eq!(d.previous_year_change("m", 2018), Err(NoChange::NoValue));
        // Across the gap only when asked, and then the change knows it is not consecutive.
        let c = d.change_since("m", 2019, 2017).unwrap();
        assert_eq!(c.from_year, 2017);
        assert!(!c.is_consecutive());
        assert_eq!(c.percent.unwrap().round(), 40.0);
        assert_eq!(d.series("m"), vec![(2017, 100.0), (2019, 140.0)]);
    }

    #[test]
    fn a_missing_previous_year_takes_the_stated_change_for_it() {
        let mut d = dataset(&[(2017, Some(1156.0)), (2021, Some(867.0))]);
        let stated = StatedChange {
            percent: 21.0,
            since: 2020,
        };
        d.figures
            .get_mut("m")
            .unwrap()
            .get_mut(&2021)
            .unwrap()
            .stated_change = Some(stated);
        assert_eq!(
            d.previous_year_change("m", 2021),
            Ok(ShownChange::Stated(stated))
        );
        // A stated change since another year is not the previous year's change.
        let earlier = StatedChange {
            percent: -25.0,
            since: 2017,
        };
        d.figures
            .get_mut("m")
            .unwrap()
            .get_mut(&2021)
            .unwrap()
            .stated_change = Some(earlier);
        assert_eq!(
            d.previous_year_change("m", 2021),
            Err(NoChange::NoPreviousYear)
        );
    }

    #[test]
    fn change_from_zero_has_no_percent() {
        let d = dataset(&[(2019, Some(0.0)), (2020, Some(5.0))]);
        let c = d.change("m", 2020).unwrap();
        assert_eq!(c.percent, None);
        assert_eq!(c.absolute, 5.0);
    }

    fn with_break(d: &mut Dataset, year: i32, note: &str) {
        d.figures
            .get_mut("m")
            .unwrap()
            .get_mut(&year)
            .unwrap()
            .break_note = Some(note.into());
    }

    #[test]
    fn no_change_is_computed_across_a_break() {
        let mut d = dataset(&[(2016, Some(48.0)), (2017, Some(43.0)), (2021, Some(43.0))]);
        with_break(&mut d, 2021, "behandelde meldingen, geen nieuwe dossiers");
        // Asked across the break: none, and why.
        assert_eq!(d.change_since("m", 2021, 2017), None);
        assert_eq!(d.comparison("m", 2021, 2017), Err(NoChange::Break(2021)));
        assert_eq!(d.comparison("m", 2021, 2016), Err(NoChange::Break(2021)));
        // Before the break the series still compares.
        assert_eq!(d.change("m", 2017).unwrap().percent.unwrap().round(), -10.0);
        // No span, no break (and no panic): a stated change since its own year.
        assert_eq!(d.break_between("m", 2021, 2021), None);
        // A break later than both years is no concern of theirs.
        assert_eq!(d.break_between("m", 2016, 2017), None);
        assert_eq!(d.break_between("m", 2017, 2021), Some(2021));
    }

    #[test]
    fn a_break_stops_the_previous_year_change_and_a_stated_one_across_it() {
        let mut d = dataset(&[
            (2020, Some(100.0)),
            (2021, Some(150.0)),
            (2022, Some(180.0)),
        ]);
        with_break(&mut d, 2021, "telt nu anders");
        assert_eq!(d.change("m", 2021), None);
        assert_eq!(
            d.previous_year_change("m", 2021),
            Err(NoChange::Break(2021))
        );
        // After the break the new series compares with itself.
        assert!(matches!(
            d.previous_year_change("m", 2022),
            Ok(ShownChange::Computed(c)) if c.from_year == 2021
        ));
        // The source's own change across the break is not shown as a change either.
        let across = StatedChange {
            percent: 80.0,
            since: 2020,
        };
        d.figures
            .get_mut("m")
            .unwrap()
            .get_mut(&2022)
            .unwrap()
            .stated_change = Some(across);
        assert_eq!(d.extra_stated_change("m", 2022), None);
        // Even when the previous year is missing, the break is what is said.
        let mut gap = dataset(&[(2019, Some(10.0)), (2021, Some(12.0))]);
        with_break(&mut gap, 2021, "x");
        assert_eq!(
            gap.previous_year_change("m", 2021),
            Err(NoChange::Break(2021))
        );
    }
}
