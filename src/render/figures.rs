//! One value of one metric, ready to show: formatted, with its change, source and note.

use super::context::Renderer;
use super::views::*;
use crate::derive::{Change, NoChange, Publisher};
use crate::format::Lang;
use crate::model::Better;
use crate::model::{DocKind, Metric, StatedChange};
use crate::urls::PageKey;
use std::cmp::Ordering;

impl<'a> Renderer<'a> {
    pub(super) fn metric_link(&self, m: &'a Metric) -> MetricLink {
        let theme = self
            .content
            .config
            .themes
            .iter()
            .find(|t| t.id == m.theme)
            .map(|t| self.theme_link(t))
            .expect("validated: every metric has a known theme");
        let words = self.metric_words(m);
        MetricLink {
            id: m.id.clone(),
            label: words.label.to_string(),
            unit: words.unit.to_string(),
            url: self.href(&PageKey::Metric(m.id.clone())),
            theme,
        }
    }

    pub(super) fn source_view(&self, source: &str) -> SourceView {
        match self.publications.get(source) {
            Some(p) => {
                let translated = self.translated_doc(DocKind::Publication, &p.slug);
                SourceView {
                    text: translated.map_or(p.meta.title.clone(), |t| t.meta.title.clone()),
                    url: Some(self.href(&PageKey::Publication(p.slug.clone()))),
                    lang: if translated.is_some() {
                        None
                    } else {
                        self.foreign()
                    },
                    original_url: p.meta.url.clone(),
                }
            }
            None => SourceView {
                text: source.to_string(),
                url: None,
                lang: self.foreign(),
                original_url: None,
            },
        }
    }

    /// A value as text: `2.205`, or `81%` for a share.
    pub(super) fn value_text(&self, m: &Metric, value: f64) -> String {
        if m.is_share() {
            self.format.percent(value)
        } else {
            self.format.number(value)
        }
    }

    pub(super) fn change_view(&self, m: &Metric, c: &Change) -> ChangeView {
        let t = &self.locale.strings;
        // A share that goes from 56% to 81% rose 25 percentage points, not 45%.
        let text = match c.percent {
            _ if m.is_share() => format!(
                "{} {}",
                self.format.signed_number(c.absolute),
                if c.absolute.abs() == 1.0 {
                    t.get("percentage_point")
                } else {
                    t.get("percentage_points")
                }
            ),
            Some(p) => self.format.percent_change(p),
            None => self.format.signed_number(c.absolute),
        };
        let compared_to = t.fill("change_compared_to", &[("year", &c.from_year.to_string())]);
        let rounded = c.percent.map(f64::round).unwrap_or(c.absolute);
        // Good or bad news only where the metric says which way is better.
        let judgement = match (m.better, rounded.partial_cmp(&0.0)) {
            (Some(Better::Up), Some(Ordering::Greater))
            | (Some(Better::Down), Some(Ordering::Less)) => "better",
            (Some(Better::Up), Some(Ordering::Less))
            | (Some(Better::Down), Some(Ordering::Greater)) => "worse",
            _ => "",
        };
        let judgement_text = match judgement {
            "" => String::new(),
            j => t.get(&format!("change_{j}")).to_string(),
        };
        let full = match judgement_text.as_str() {
            "" => format!("{text} {compared_to}"),
            said => format!("{text} {compared_to} {said}"),
        };
        ChangeView {
            full,
            judgement,
            judgement_text,
            text,
            compared_to,
            absolute: self.format.signed_number(c.absolute),
            direction: if rounded > 0.0 {
                "up"
            } else if rounded < 0.0 {
                "down"
            } else {
                "flat"
            },
            consecutive: c.is_consecutive(),
        }
    }

    /// "niet vergelijkbaar met 2017: <what changed>": a change that would cross the
    /// break at `at` (a year with `break:`), against `since`. When `since` has no value
    /// the text does not name it ("not comparable with 2020" beside a 2020 that has no
    /// figure reads as if it had one): "not comparable with earlier years".
    pub(super) fn not_comparable_text(&self, m: &Metric, at: i32, since: i32) -> String {
        let reason = self
            .data
            .figure(&m.id, at)
            .and_then(|f| self.break_text(f))
            .map_or("", |(text, _)| text.trim_end_matches('.'));
        let key = if self.data.value(&m.id, since).is_some() {
            "change_not_comparable"
        } else {
            "change_not_comparable_earlier"
        };
        self.locale.strings.fill(
            key,
            &[
                ("year", &since.to_string()),
                ("break_year", &at.to_string()),
                ("reason", reason),
            ],
        )
    }

    /// "niet vergelijkbaar met 2020: de cijfers komen van verschillende bronnen (De
    /// Standaard en Child Focus)": `year`'s value against `since`'s, whose publishers
    /// differ (see `derive::Publisher`).
    pub(super) fn other_publisher_text(&self, m: &Metric, year: i32, since: i32) -> String {
        let name = |y: i32| match self.data.publisher(&m.id, y) {
            Publisher::Own => self.content.config.organisation.name.clone(),
            Publisher::Other(name) => name.clone(),
        };
        self.locale.strings.fill(
            "change_other_publisher",
            &[
                ("year", &since.to_string()),
                ("earlier", &name(since.min(year))),
                ("later", &name(since.max(year))),
            ],
        )
    }

    /// A change as a phrase with its direction word, the number unsigned after it ("een
    /// stijging van 47%", "a fall of 16%", "geen verandering"), from the language file's
    /// `trend_*` keys; against an earlier year than the previous one, that year is named.
    /// The word follows the number as it is shown: a change that rounds to 0% is none.
    pub(super) fn trend_text(&self, m: &Metric, c: &Change) -> String {
        let t = &self.locale.strings;
        let (signed, magnitude) = if m.is_share() {
            let points = if c.absolute.abs() == 1.0 {
                t.get("percentage_point")
            } else {
                t.get("percentage_points")
            };
            (
                c.absolute,
                format!("{} {points}", self.format.number(c.absolute.abs())),
            )
        } else {
            match c.percent {
                Some(p) => (p.round(), self.format.percent(p.round().abs())),
                None => (c.absolute, self.format.number(c.absolute.abs())),
            }
        };
        let phrase = self.trend_phrase(signed, &magnitude);
        if c.is_consecutive() {
            phrase
        } else {
            let compared_to = t.fill("change_compared_to", &[("year", &c.from_year.to_string())]);
            format!("{phrase} {compared_to}")
        }
    }

    /// "een stijging van {magnitude}", "een daling van …" or "geen verandering": the
    /// direction of `signed`, none when `magnitude` as written is zero.
    fn trend_phrase(&self, signed: f64, magnitude: &str) -> String {
        let t = &self.locale.strings;
        let shown_zero = !magnitude.chars().any(|c| c.is_ascii_digit() && c != '0');
        if shown_zero || signed == 0.0 {
            t.get("trend_flat").to_string()
        } else {
            let key = if signed > 0.0 {
                "trend_rise"
            } else {
                "trend_fall"
            };
            t.fill(key, &[("change", magnitude)])
        }
    }

    /// A stated change as a phrase: "een stijging van 21% t.o.v. 2020 (volgens de bron)".
    pub(super) fn stated_trend_text(&self, s: &StatedChange) -> String {
        let rounded = s.percent.round();
        let phrase = self.trend_phrase(rounded, &self.format.percent(rounded.abs()));
        self.locale.strings.fill(
            "change_stated",
            &[("change", &phrase), ("year", &s.since.to_string())],
        )
    }

    /// Whether a chart's first and last values of `m` come from publishers whose values
    /// are not compared: its description then says no change between them.
    pub(super) fn ends_of_other_publishers(&self, m: &Metric, points: &[(i32, f64)]) -> bool {
        match (points.first(), points.last()) {
            (Some(first), Some(last)) if first.0 != last.0 => {
                !self.data.same_publisher(&m.id, last.0, first.0)
            }
            _ => false,
        }
    }

    pub(super) fn stated_text(&self, s: &StatedChange) -> String {
        self.locale.strings.fill(
            "change_stated",
            &[
                ("change", &self.format.percent_change(s.percent)),
                ("year", &s.since.to_string()),
            ],
        )
    }

    pub(super) fn figure_view(&self, m: &'a Metric, year: i32) -> FigureView {
        let data = &self.data;
        let figure = data.figure(&m.id, year);
        let value = figure.and_then(|f| f.value);
        let note = figure.and_then(|f| self.figure_note(f));
        let t = &self.locale.strings;
        let date = |d: &Option<crate::format::Date>| d.as_ref().map(|d| self.format.date(d));
        let note_view = |n: Option<(&str, Option<Lang>)>| {
            n.map(|(text, lang)| NoteView {
                text: text.to_string(),
                lang,
            })
        };
        let not_comparable = match data.previous_year_change(&m.id, year) {
            Err(NoChange::Break(at)) if value.is_some() => {
                Some(self.not_comparable_text(m, at, year - 1))
            }
            Err(NoChange::OtherPublisher(since)) => Some(self.other_publisher_text(m, year, since)),
            _ => None,
        };
        FigureView {
            metric: self.metric_link(m),
            year,
            year_url: data
                .years
                .contains(&year)
                .then(|| self.href(&PageKey::Year(year))),
            value,
            value_text: value.map(|v| self.value_text(m, v)),
            change: data.change(&m.id, year).map(|c| self.change_view(m, &c)),
            stated_change: data
                .extra_stated_change(&m.id, year)
                .map(|s| self.stated_text(&s)),
            source: figure
                .and_then(|f| f.source.as_deref())
                .map(|s| self.source_view(s)),
            note_lang: note.and_then(|n| n.1),
            note: note.map(|n| n.0.to_string()),
            not_comparable,
            break_note: note_view(figure.and_then(|f| self.break_text(f))),
            status: figure
                .and_then(|f| f.status)
                .map(|s| t.get(&format!("status_{}", s.word())).to_string()),
            other_sources: figure
                .map(|f| {
                    f.other_sources
                        .iter()
                        .map(|o| {
                            let mut source = self.source_view(&o.source);
                            if o.url.is_some() {
                                source.original_url = o.url.clone();
                            }
                            OtherSourceView {
                                value_text: self.value_text(m, o.value),
                                source,
                                date: date(&o.date),
                                note: note_view(self.other_note(o)),
                            }
                        })
                        .collect()
                })
                .unwrap_or_default(),
            revision: figure
                .and_then(|f| f.replaces.as_ref())
                .map(|r| RevisionView {
                    text: t.fill("figure_revised", &[("value", &self.value_text(m, r.value))]),
                    source: self.source_view(&r.source),
                    date: date(&r.date),
                }),
        }
    }
}
