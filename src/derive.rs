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
//!
//! Never between two publishers either: a newspaper's 155 and Child Focus's 370 count
//! different things (adding the newspaper's figure for 2020 made four pages print "+139%
//! t.o.v. 2020" beside a sentence saying the decline went on). Each value's publisher is
//! [`Publisher::of`]; two values compare when it is the same, or when the later one says
//! `comparable_with: <the earlier year>`. Like a break, this is decided here only
//! ([`Dataset::comparison`]).

use crate::model::{Content, Document, Figure, PublicationMeta, StatedChange};
use std::collections::{BTreeMap, HashMap};

/// All figures, indexed by metric and year.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    /// Every year that has a folder, ascending.
    pub years: Vec<i32>,
    figures: BTreeMap<String, BTreeMap<i32, Figure>>,
    /// Who published each value (metric, year); the site's own where not listed.
    publishers: HashMap<(String, i32), Publisher>,
}

/// Who published a value: the rule for which values of a metric may be compared.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Publisher {
    /// The site's organisation: a value without a source, from one of the site's
    /// publications (each year's press release is one publisher), or a source written
    /// as the organisation's name.
    Own,
    /// Anyone else: a publication with `publisher:` in its front matter, or a source
    /// written as free text (the same text, whatever its case and spaces, is the same
    /// publisher). Kept as written, for the messages.
    Other(String),
}

impl Publisher {
    /// The publisher of a value with `source` (a publication slug or free text).
    pub fn of(
        source: Option<&str>,
        publications: &HashMap<&str, &Document<PublicationMeta>>,
        organisation: &str,
    ) -> Publisher {
        let named = match source {
            None => return Publisher::Own,
            Some(source) => match publications.get(source) {
                Some(p) => match &p.meta.publisher {
                    Some(publisher) => publisher.as_str(),
                    None => return Publisher::Own,
                },
                None => source,
            },
        };
        if same_name(named, organisation) {
            Publisher::Own
        } else {
            Publisher::Other(named.trim().to_string())
        }
    }

    /// Whether two values of one metric come from the same publisher.
    pub fn same(&self, other: &Publisher) -> bool {
        match (self, other) {
            (Publisher::Own, Publisher::Own) => true,
            (Publisher::Other(a), Publisher::Other(b)) => same_name(a, b),
            _ => false,
        }
    }
}

/// Two names of a publisher are the same apart from case and spaces.
fn same_name(a: &str, b: &str) -> bool {
    let words = |s: &str| {
        s.split_whitespace()
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
    };
    words(a) == words(b)
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
    /// The earlier year's value (this year) comes from another publisher, and the later
    /// one does not say `comparable_with:` it.
    OtherPublisher(i32),
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
        let publications: HashMap<&str, &Document<PublicationMeta>> = content
            .publications
            .iter()
            .map(|p| (p.slug.as_str(), p))
            .collect();
        let organisation = &content.config.organisation.name;
        let mut figures: BTreeMap<String, BTreeMap<i32, Figure>> = BTreeMap::new();
        let mut publishers = HashMap::new();
        for year in &content.years {
            for figure in &year.figures {
                let publisher =
                    Publisher::of(figure.source.as_deref(), &publications, organisation);
                if publisher != Publisher::Own {
                    publishers.insert((figure.metric.clone(), year.year), publisher);
                }
                figures
                    .entry(figure.metric.clone())
                    .or_default()
                    .insert(year.year, figure.clone());
            }
        }
        Dataset {
            years: content.years.iter().map(|y| y.year).collect(),
            figures,
            publishers,
        }
    }

    /// Who published `year`'s value of `metric`.
    pub fn publisher(&self, metric: &str, year: i32) -> &Publisher {
        const OWN: Publisher = Publisher::Own;
        self.publishers
            .get(&(metric.to_string(), year))
            .unwrap_or(&OWN)
    }

    /// Whether `year`'s value may be compared with `since`'s as far as their publishers
    /// go: the same publisher, or the later value says `comparable_with: <since>`.
    pub fn same_publisher(&self, metric: &str, year: i32, since: i32) -> bool {
        let (earlier, later) = (since.min(year), since.max(year));
        self.publisher(metric, earlier)
            .same(self.publisher(metric, later))
            || self
                .figure(metric, later)
                .is_some_and(|f| f.comparable_with == Some(earlier))
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
    /// needs to know), then a missing value, then two publishers.
    pub fn comparison(&self, metric: &str, year: i32, since: i32) -> Result<Change, NoChange> {
        if let Some(at) = self.break_between(metric, since, year) {
            return Err(NoChange::Break(at));
        }
        let to = self.value(metric, year).ok_or(NoChange::NoValue)?;
        let from = self.value(metric, since).ok_or(NoChange::NoPreviousYear)?;
        if !self.same_publisher(metric, year, since) {
            return Err(NoChange::OtherPublisher(since));
        }
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
        match self.comparison(metric, year, year - 1) {
            Ok(c) => return Ok(ShownChange::Computed(c)),
            Err(other @ NoChange::OtherPublisher(_)) => return Err(other),
            Err(_) => {}
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
            publishers: HashMap::new(),
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
            exact: false,
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
            exact: false,
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
            exact: false,
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

    fn published_by(d: &mut Dataset, year: i32, publisher: &str) {
        d.publishers
            .insert(("m".into(), year), Publisher::Other(publisher.into()));
    }

    #[test]
    fn no_change_between_two_publishers() {
        // Issue 24, case 5: a newspaper's 155 for 2020 beside Child Focus's 370 for 2021
        // printed "+139% t.o.v. 2020".
        let mut d = dataset(&[(2020, Some(155.0)), (2021, Some(370.0))]);
        published_by(&mut d, 2020, "De Standaard");
        assert_eq!(d.change("m", 2021), None);
        assert_eq!(
            d.comparison("m", 2021, 2020),
            Err(NoChange::OtherPublisher(2020))
        );
        assert_eq!(
            d.previous_year_change("m", 2021),
            Err(NoChange::OtherPublisher(2020))
        );
        // The same newspaper, written otherwise, is one publisher.
        published_by(&mut d, 2021, "de  standaard");
        assert!(d.change("m", 2021).is_some());
        // The later value may say the two count the same thing.
        let mut d = dataset(&[(2020, Some(155.0)), (2021, Some(370.0))]);
        published_by(&mut d, 2020, "De Standaard");
        d.figures
            .get_mut("m")
            .unwrap()
            .get_mut(&2021)
            .unwrap()
            .comparable_with = Some(2020);
        assert_eq!(d.change("m", 2021).unwrap().percent.unwrap().round(), 139.0);
        // A break is said before the publishers.
        let mut d = dataset(&[(2020, Some(155.0)), (2021, Some(370.0))]);
        published_by(&mut d, 2020, "De Standaard");
        with_break(&mut d, 2021, "telt nu anders");
        assert_eq!(
            d.previous_year_change("m", 2021),
            Err(NoChange::Break(2021))
        );
    }

    #[test]
    fn a_stated_change_stays_the_sources_own_across_publishers() {
        // The source compares with its own earlier figure: shown as stated, never computed.
        let mut d = dataset(&[(2020, Some(155.0)), (2021, Some(370.0))]);
        published_by(&mut d, 2020, "De Standaard");
        let stated = StatedChange {
            percent: -10.0,
            since: 2020,
            exact: false,
        };
        d.figures
            .get_mut("m")
            .unwrap()
            .get_mut(&2021)
            .unwrap()
            .stated_change = Some(stated);
        assert_eq!(d.extra_stated_change("m", 2021), Some(stated));
    }

    #[test]
    fn the_publisher_of_a_value() {
        let doc = |slug: &str, publisher: Option<&str>| Document {
            slug: slug.into(),
            path: format!("content/publications/{slug}.md").into(),
            meta: PublicationMeta {
                title: "T".into(),
                date: crate::format::Date::parse("2022").unwrap(),
                kind: "article".into(),
                themes: vec![],
                year: None,
                summary: String::new(),
                origin: None,
                url: None,
                publisher: publisher.map(str::to_string),
                untranslated: vec![],
                not_figures: Default::default(),
            },
            body: String::new(),
            body_line: 1,
        };
        let (pb, krant) = (doc("pb-2021", None), doc("artikel", Some("De Standaard")));
        let publications: HashMap<&str, &Document<PublicationMeta>> =
            [("pb-2021", &pb), ("artikel", &krant)]
                .into_iter()
                .collect();
        let of = |source: Option<&str>| Publisher::of(source, &publications, "Child Focus");
        assert_eq!(of(None), Publisher::Own);
        assert_eq!(of(Some("pb-2021")), Publisher::Own);
        assert_eq!(of(Some("Child  focus")), Publisher::Own);
        assert_eq!(of(Some("artikel")), Publisher::Other("De Standaard".into()));
        // A publication with a publisher and free text naming it are one publisher.
        assert!(of(Some("artikel")).same(&of(Some("de standaard"))));
        assert!(!of(Some("Het Nieuwsblad")).same(&of(Some("De Standaard"))));
        assert!(!of(Some("Het Nieuwsblad")).same(&Publisher::Own));
    }
}
