//! Prose consistency: a number typed in the text next to a metric must agree with the data,
//! in every language of the site, each with its own words (`prose_*` in
//! `templates/i18n/<lang>.yaml`, see [`lexicon`]).
//!
//! How it reads the text, sentence by sentence (a sentence ends at `.`, `!` or `?` followed
//! by a capital or a line end, and at a blank line):
//! - it ties the sentence to metrics: those a `figure`/`change` shortcode in it names, and
//!   those whose name it contains: the label in the document's language, the label without
//!   bracketed qualifiers ("Seksuele uitbuiting (totaal)" → "seksuele uitbuiting"), or a
//!   keyword; in any case and with the language's word endings cut ("seksuele uitbuiting"
//!   also matches "seksueel uitbuiting", "fugue" matches "fugues");
//! - it finds the numbers typed as text (`2.205`, `2 205`, `1062`, `+47%`, `47 procent`),
//!   skipping shortcodes, links, code and years (1900–2099);
//! - it reads what each `change` shortcode shows, as the page will: a sentence that speaks
//!   only of a rise with a change that shows a fall (or the other way round) is an error,
//!   and so is a typed signed percentage against the sentence's rise or fall word;
//! - a percentage in a sentence that speaks of a rise or fall or carries a sign is a
//!   change: it must agree, within the rounding rule of [`crate::validate::agrees`], with
//!   the change computed for one of the tied metrics (against the previous year with a
//!   value, or between any two years the sentence names) or with a change the source
//!   states;
//! - any other percentage is compared only with share metrics (unit `%`);
//! - a count followed by a tied metric's unit must equal a value of that metric in a year
//!   the sentence names, or in the document's year;
//! - in a sentence tied to no metric, a count followed by some metric's unit, or a
//!   percentage after a word of change, is a warning: it cannot be checked.
//!
//! What it cannot see: a metric named in a way that is neither its label nor a keyword;
//! numbers written in words (`drie per dag`); a claim about a metric in the previous
//! sentence. A number it cannot judge (no value of a tied metric in the years in play) is
//! left alone rather than guessed at.

pub mod lexicon;
mod text;

use crate::derive::{Change, Dataset, ShownChange};
use crate::diagnostics::{line_column, Diagnostic, Diagnostics};
use crate::model::Metric;
use crate::validate::agrees;
use lexicon::{Catalogue, Vocabulary};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use text::{calls, is_year, mask, numbers, sentence_years, sentences, Number, SHORTCODE};

/// One document to read.
pub struct Prose<'a> {
    pub file: &'a Path,
    pub text: &'a str,
    pub first_line: usize,
    /// The report's year, or a publication's `year`.
    pub year: Option<i32>,
    /// Its front matter's `not_figures`: numbers as the check quotes them, with why.
    pub not_figures: &'a BTreeMap<String, String>,
}

/// One language's words and names for the metrics.
pub struct Language<'m> {
    pub words: Vocabulary,
    pub catalogue: Catalogue<'m>,
    /// The names of each publication in this language, lowercase, by slug: a sentence
    /// that names one may quote the figure it gives (`other_sources`).
    pub source_names: std::collections::HashMap<String, Vec<String>>,
}

impl<'m> Language<'m> {
    /// `translation` is `None` for the site's default language.
    pub fn new(
        metrics: &'m [Metric],
        translation: Option<crate::format::Lang>,
        words: Vocabulary,
    ) -> Language<'m> {
        let catalogue = Catalogue::new(metrics, translation, &words);
        Language {
            words,
            catalogue,
            source_names: Default::default(),
        }
    }
}

/// Where the findings go: contradictions are errors, what cannot be checked a warning.
pub struct Findings<'a> {
    pub errors: &'a mut Diagnostics,
    pub warnings: &'a mut Diagnostics,
}

pub fn check_prose(doc: &Prose, lang: &Language, data: &Dataset, found: &mut Findings) {
    let words = &lang.words;
    let catalogue = &lang.catalogue;
    let masked = mask(doc.text);
    let at = |offset: usize| {
        let (line, column) = line_column(doc.text, offset);
        (line + doc.first_line - 1, column)
    };
    let at_place = at;
    // The sources a sentence names: by the source as written in figures.yaml (free text,
    // or a publication's slug) or by a publication's title in this language.
    let named_sources = |lower: &str| -> Vec<String> {
        let mut named: Vec<String> = lang
            .source_names
            .iter()
            .filter(|(_, names)| {
                names
                    .iter()
                    .any(|n| !n.is_empty() && lower.contains(n.as_str()))
            })
            .map(|(slug, _)| slug.clone())
            .collect();
        named.push(lower.to_string());
        named
    };
    let mut not_figures_met = BTreeSet::new();
    for (start, end) in sentences(&masked) {
        let sentence = &masked[start..end];
        let original = &doc.text[start..end];
        let lower = sentence.to_lowercase();
        let calls = calls(original);
        let mut tied: Vec<usize> = calls
            .iter()
            .filter_map(|c| c.id.as_deref().and_then(|id| catalogue.by_id(id)))
            .collect();
        tied.extend(catalogue.named_in(&words.stemmed(sentence)));
        tied.sort_unstable();
        tied.dedup();
        let tied: Vec<&Metric> = tied.iter().map(|&i| catalogue.metrics[i].metric).collect();
        let mut years = sentence_years(sentence, &words.percent);
        years.extend(calls.iter().flat_map(|c| [c.year, c.since]).flatten());
        if let Some(y) = doc.year {
            years.push(y);
        }
        years.sort_unstable();
        years.dedup();
        let (rise, fall) = words.direction_words(&lower);
        let direction = match (rise, fall) {
            (Some(w), None) => Some((true, w)),
            (None, Some(w)) => Some((false, w)),
            _ => None,
        };
        let speaks_of_change =
            rise.is_some() || fall.is_some() || words.first_change_word(&lower).is_some();

        // The text after expansion: what each `change` shortcode will show.
        for call in calls.iter().filter(|c| c.name == "change") {
            let (Some(id), Some((up, word))) = (call.id.as_deref(), direction) else {
                continue;
            };
            let Some(year) = call.year.or(doc.year) else {
                continue;
            };
            // Across a break the shortcode shows "not comparable": no rise, no fall.
            if let Some(at) = data.break_between(id, call.since.unwrap_or(year - 1), year) {
                let (line, column) = at_place(start + call.offset);
                found.errors.push(
                    Diagnostic::new(
                        doc.file,
                        format!(
                            "the text speaks of a {} (“{word}”), but `{id}` counts differently from {at} on (`break` in figures.yaml): the change shortcode shows that the years are not comparable",
                            if up { "rise" } else { "fall" },
                        ),
                    )
                    .at(line, column)
                    .hint("do not describe a change across a break in the series: say what changed in how it is counted, or compare years on the same side of the break"),
                );
                continue;
            }
            let Some((percent, shown)) = shown_change(data, id, year, call.since) else {
                continue;
            };
            if percent.abs() >= 0.5 && (percent > 0.0) != up {
                let (line, column) = at(start + call.offset);
                found.errors.push(
                    Diagnostic::new(
                        doc.file,
                        format!(
                            "the text speaks of a {} (“{word}”), but the change shortcode for `{id}` shows {shown}",
                            if up { "rise" } else { "fall" },
                        ),
                    )
                    .at(line, column)
                    .hint("write a word that fits the data, or compare with another year: change(id=\"…\", since=YYYY)"),
                );
            }
        }

        for number in numbers(sentence, &words.percent) {
            let offset = start + number.offset;
            if tied.is_empty() {
                if let Some(what) = untied(&number, sentence, &lower, catalogue, words) {
                    if doc.not_figures.contains_key(&what) {
                        not_figures_met.insert(what);
                        continue;
                    }
                    let (line, column) = at(offset);
                    found.warnings.push(
                        Diagnostic::new(doc.file, format!("cannot check {what}: name the metric or use a shortcode"))
                            .at(line, column)
                            .hint("name the metric as its label or one of its keywords in metrics.yaml says, or write {{ figure(id=\"…\") }} / {{ change(id=\"…\") }}"),
                    );
                }
                continue;
            }
            let verdict = if number.percent && (number.sign.is_some() || speaks_of_change) {
                if let (Some(signed), Some((up, word))) = (number.sign, direction) {
                    if signed != up && number.value != 0.0 {
                        let (line, column) = at(offset);
                        found.errors.push(
                            Diagnostic::new(
                                doc.file,
                                format!(
                                    "the text speaks of a {} (“{word}”), but writes {}",
                                    if up { "rise" } else { "fall" },
                                    number.text.trim()
                                ),
                            )
                            .at(line, column)
                            .hint("a rise has a plus sign and a fall a minus sign: correct the word or the number"),
                        );
                        continue;
                    }
                }
                let sign = number.sign.or(direction.map(|(up, _)| up));
                judge_change(&number, sign, &tied, &years, data)
            } else if number.percent {
                let shares: Vec<&Metric> = tied.iter().copied().filter(|m| m.is_share()).collect();
                judge_count(&number, &shares, &years, data, &named_sources(&lower))
            } else if is_year(&number) {
                None
            } else {
                // A count is judged only when the unit follows it ("2.205 nieuwe
                // dossiers"): "in 17 gevallen" or "14 tot 17 jaar" are other facts.
                let next = next_words(sentence, &number);
                let counts: Vec<&Metric> = tied
                    .iter()
                    .copied()
                    .filter(|m| {
                        !m.is_share()
                            && catalogue.by_id(&m.id).is_some_and(|i| {
                                unit_follows(&catalogue.metrics[i].unit, &next, words)
                            })
                    })
                    .collect();
                let mut count_years = years.clone();
                for m in &counts {
                    for &y in &years {
                        if let Some(c) = data.change(&m.id, y) {
                            count_years.push(c.from_year);
                        }
                    }
                }
                judge_count(&number, &counts, &count_years, data, &named_sources(&lower))
            };
            if let Some(expected) = verdict {
                let (line, column) = at(offset);
                found.errors.push(
                    Diagnostic::new(
                        doc.file,
                        format!("the text says {}, but the data give {expected}", number.text.trim()),
                    )
                    .at(line, column)
                    .hint("correct the number, or better: use the figure/change shortcode so text and data cannot differ"),
                );
            }
        }
    }
    // An exception that names no number of the text any more is stale: say so, so that
    // the list does not hide a figure typed later.
    for (what, _) in doc
        .not_figures
        .iter()
        .filter(|(w, _)| !not_figures_met.contains(*w))
    {
        found.warnings.push(
            Diagnostic::new(
                doc.file,
                format!("`not_figures` lists {what}, but the text has no such number to leave alone"),
            )
            .hint("remove it from not_figures in the front matter, or copy the number as `check` quotes it"),
        );
    }
}

/// The change a `change` shortcode shows, as a signed percentage and in words: against
/// `since` when given (computed, or as the source states it for that year), else the
/// data's change for the year, else the source's stated change. This follows what
/// `render/shortcodes.rs` expands; both read the same [`Dataset`].
fn shown_change(data: &Dataset, id: &str, year: i32, since: Option<i32>) -> Option<(f64, String)> {
    let stated = data.figure(id, year).and_then(|f| f.stated_change);
    let computed = |c: Change| {
        c.percent
            .map(|p| (p, format!("{p:+.0}% ({} → {})", c.from_year, c.to_year)))
    };
    let as_stated = |st: crate::model::StatedChange| {
        (
            st.percent,
            format!("{:+}% ({} → {year}, as stated)", st.percent, st.since),
        )
    };
    match since {
        Some(since) => match data.change_since(id, year, since) {
            Some(c) => computed(c),
            None => stated.filter(|st| st.since == since).map(as_stated),
        },
        // The same rule as the shortcode: derive's, in one place.
        None => match data.previous_year_change(id, year).ok()? {
            ShownChange::Computed(c) => computed(c),
            ShownChange::Stated(st) => Some(as_stated(st)),
        },
    }
}

/// The next three words after a number, up to a shortcode, lowercase.
fn next_words(sentence: &str, number: &Number) -> Vec<String> {
    sentence[number.offset + number.text.len()..]
        .to_lowercase()
        .split_whitespace()
        .take(3)
        .take_while(|w| !w.contains(char::from(SHORTCODE)))
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string())
        .collect()
}

/// What a number in a sentence tied to no metric claims, if it looks like a figure: a
/// count followed by a metric's unit ("9.999 nieuwe dossiers"), or a percentage after a
/// word of change.
fn untied(
    number: &Number,
    sentence: &str,
    lower: &str,
    catalogue: &Catalogue,
    words: &Vocabulary,
) -> Option<String> {
    if number.percent {
        let before = sentence[..number.offset].to_lowercase();
        let after_change_word = words.first_change_word(&before).is_some();
        return (after_change_word
            || number.sign.is_some() && words.first_change_word(lower).is_some())
        .then(|| number.text.trim().to_string());
    }
    if is_year(number) {
        return None;
    }
    // The unit must follow at once, every word of it: "51.000 van deze kinderen" or
    // "158 miljard beelden" are someone else's figures more often than a metric's.
    let next = next_words(sentence, number);
    let unit = catalogue
        .metrics
        .iter()
        .filter(|n| !n.metric.is_share())
        .map(|n| n.unit.to_lowercase())
        .find(|unit| {
            let unit: Vec<&str> = unit.split_whitespace().collect();
            !unit.is_empty()
                && unit.len() <= next.len()
                && unit
                    .iter()
                    .zip(&next)
                    .all(|(u, w)| w.starts_with(words.stem(u)))
        })?;
    let count = unit.split_whitespace().count();
    Some(format!(
        "{} {}",
        number.text.trim(),
        next[..count].join(" ")
    ))
}

/// Whether one of the next words is one of the unit's words of five letters or more, in
/// any form (`dossiers` for "nieuwe dossiers"; a singular `dossier` matches too).
fn unit_follows(unit: &str, next: &[String], words: &Vocabulary) -> bool {
    unit.to_lowercase()
        .split_whitespace()
        .filter(|w| w.chars().count() >= 5)
        .any(|unit| {
            let stem = words.stem(unit);
            next.iter().any(|w| w.starts_with(stem))
        })
}

/// `None` when the number agrees with the data or cannot be judged; else what the data say.
fn judge_change(
    number: &Number,
    sign: Option<bool>,
    metrics: &[&Metric],
    years: &[i32],
    data: &Dataset,
) -> Option<String> {
    let mut candidates: Vec<(f64, String)> = Vec::new();
    // A comparison the sentence may make that crosses a break in a series: no change is
    // computed there (derive's rule), and a percentage for it is an error.
    let mut crossed: Option<String> = None;
    let mut cross = |m: &Metric, from: i32, to: i32| {
        if let Some(at) = data.break_between(&m.id, from, to) {
            crossed.get_or_insert_with(|| {
                format!(
                    "no change: `{}` counts differently from {at} on (`break` in figures.yaml), so {from} and {to} are not comparable",
                    m.id
                )
            });
        }
    };
    for m in metrics {
        for &y in years {
            if let Some(c) = data.change(&m.id, y) {
                push_change(&mut candidates, m, &c);
            }
            cross(m, y - 1, y);
            let stated = data.figure(&m.id, y).and_then(|f| f.stated_change);
            if let Some(s) = stated.filter(|s| data.break_between(&m.id, s.since, y).is_none()) {
                candidates.push((
                    s.percent,
                    format!(
                        "{:+}% for {} ({} → {}, as stated)",
                        s.percent, m.id, s.since, y
                    ),
                ));
            }
            for &earlier in years.iter().filter(|e| **e < y) {
                match data.change_since(&m.id, y, earlier) {
                    Some(c) => push_change(&mut candidates, m, &c),
                    None => cross(m, earlier, y),
                }
            }
        }
    }
    if candidates.is_empty() {
        return crossed;
    }
    let fits = |c: f64| match sign {
        Some(true) => agrees(number.value, c),
        Some(false) => agrees(-number.value, c),
        None => agrees(number.value, c.abs()),
    };
    // What the sentence may compare across a break is said too: there the data give no
    // change at all.
    verdict(candidates, fits).map(|v| match crossed {
        Some(c) => format!("{v}, and {c}"),
        None => v,
    })
}

/// `None` when a candidate fits the text's number; else every candidate, for the message.
fn verdict(candidates: Vec<(f64, String)>, fits: impl Fn(f64) -> bool) -> Option<String> {
    if candidates.iter().any(|(c, _)| fits(*c)) {
        return None;
    }
    let mut said: Vec<String> = Vec::new();
    for (_, text) in candidates {
        if !said.contains(&text) {
            said.push(text);
        }
    }
    Some(said.join(" or "))
}

fn push_change(candidates: &mut Vec<(f64, String)>, m: &Metric, c: &Change) {
    if let Some(p) = c.percent {
        candidates.push((
            p,
            format!("{:+.0}% for {} ({} → {})", p, m.id, c.from_year, c.to_year),
        ));
    }
}

/// `named`: the publications the sentence names, and last the sentence itself (lowercase),
/// where a source given as free text may be named. Another source's value is a candidate
/// only when the sentence names that source.
fn judge_count(
    number: &Number,
    metrics: &[&Metric],
    years: &[i32],
    data: &Dataset,
    named: &[String],
) -> Option<String> {
    let sentence = named.last().map(String::as_str).unwrap_or("");
    let names = |source: &str| {
        named.iter().any(|n| n == source)
            || (!source.is_empty() && sentence.contains(&source.to_lowercase()))
    };
    let mut candidates: Vec<(f64, String)> = Vec::new();
    for m in metrics {
        for &y in years {
            if let Some(v) = data.value(&m.id, y) {
                candidates.push((v, format!("{v} for {} in {y}", m.id)));
            }
            let others = data.figure(&m.id, y).map(|f| f.other_sources.as_slice());
            for o in others.unwrap_or_default() {
                if names(&o.source) {
                    candidates.push((
                        o.value,
                        format!("{} for {} in {y} according to {}", o.value, m.id, o.source),
                    ));
                }
            }
        }
    }
    if candidates.is_empty() {
        return None;
    }
    // Another source's figure, in a sentence that does not name that source: say whose
    // it is, so the author names it (or uses figure(…, source=…)).
    let mut unnamed: Vec<String> = metrics
        .iter()
        .flat_map(|m| years.iter().filter_map(move |&y| data.figure(&m.id, y)))
        .flat_map(|f| f.other_sources.iter())
        .filter(|o| (o.value - number.value).abs() < 0.5 && !names(&o.source))
        .map(|o| {
            format!(
                "{} is the figure of `{}`: name that source in the sentence",
                o.value, o.source
            )
        })
        .collect();
    unnamed.dedup();
    verdict(candidates, |v| (v - number.value).abs() < 0.5).map(|v| {
        if unnamed.is_empty() {
            v
        } else {
            format!("{v} ({})", unnamed.join("; "))
        }
    })
}

#[cfg(test)]
mod tests;
