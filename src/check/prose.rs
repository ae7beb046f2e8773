//! Prose consistency: a number typed in the text next to a metric must agree with the data.
//!
//! How it reads the text, sentence by sentence (a sentence ends at `.`, `!` or `?` followed
//! by a capital or a line end, and at a blank line):
//! - it ties the sentence to metrics: those a `figure`/`change` shortcode in it names, and
//!   those whose label (or one of its `keywords`) it contains;
//! - it finds the numbers typed as text (`2.205`, `1062`, `+47%`, `47 procent`), skipping
//!   shortcodes, links, code, years (1900–2099), and numbers followed by a word of time or
//!   age (`jaar`, `dagen`, `per dag`, ...);
//! - a percentage in a sentence that speaks of a rise or fall (stijging, daling, steeg,
//!   meer, minder, ...) or carries a sign is a change: it must agree, within the rounding
//!   rule of [`crate::validate::agrees`], with the change computed for one of the tied
//!   metrics (against the previous year with a value, or between any two years the
//!   sentence names) or with a change the source states;
//! - any other percentage is compared only with share metrics (unit `%`);
//! - a count must equal a value of a tied metric in a year the sentence names, or in the
//!   document's year.
//!
//! What it cannot see: a number in a sentence that names no metric; a metric named in a
//! way that is neither its label nor a keyword; numbers written in words (`drie per dag`);
//! a claim about a metric in the previous sentence. A number it cannot judge (no value
//! of a tied metric in the years in play) is left alone rather than guessed at.

use crate::derive::{Change, Dataset};
use crate::diagnostics::{line_column, Diagnostic, Diagnostics};
use crate::model::Metric;
use crate::validate::agrees;
use aho_corasick::AhoCorasick;
use std::path::Path;

/// One document to read.
pub struct Prose<'a> {
    pub file: &'a Path,
    pub text: &'a str,
    pub first_line: usize,
    /// The report's year, or a publication's `year`.
    pub year: Option<i32>,
}

#[derive(Debug, Clone, PartialEq)]
struct Number {
    value: f64,
    percent: bool,
    /// `Some(true)` for an explicit `+`, `Some(false)` for a minus.
    sign: Option<bool>,
    offset: usize,
    text: String,
}

/// Stems of words for a rise and a fall (`steg` covers stegen, `daal` covers daalde).
const RISE: [&str; 9] = [
    "stijg",
    "steeg",
    "steg",
    "toename",
    "toegenomen",
    "nam toe",
    "namen toe",
    "hoger",
    "groei",
];
const FALL: [&str; 8] = [
    "daling",
    "daal",
    "gedaald",
    "afname",
    "afgenomen",
    "nam af",
    "namen af",
    "lager",
];
const CHANGE_WORDS: [&str; 4] = ["meer", "minder", "verschil", "verandering"];

/// The metrics and the names a text may call them by, searched all at once: a sentence
/// is read once however large the catalogue.
pub struct Catalogue<'m> {
    metrics: &'m [Metric],
    names: Option<AhoCorasick>,
    /// For each name, the index of its metric.
    owner: Vec<usize>,
}

impl<'m> Catalogue<'m> {
    pub fn new(metrics: &'m [Metric]) -> Catalogue<'m> {
        let mut patterns = Vec::new();
        let mut owner = Vec::new();
        for (i, m) in metrics.iter().enumerate() {
            for name in std::iter::once(&m.label).chain(&m.keywords) {
                let name = name.trim().to_lowercase();
                if !name.is_empty() {
                    patterns.push(name);
                    owner.push(i);
                }
            }
        }
        Catalogue {
            metrics,
            names: AhoCorasick::new(&patterns).ok(),
            owner,
        }
    }

    /// The metrics a sentence names: by shortcode id, or by label or keyword.
    fn tied(&self, lower: &str, original: &str) -> Vec<&'m Metric> {
        let ids = shortcode_ids(original);
        let mut found: Vec<usize> = self
            .metrics
            .iter()
            .enumerate()
            .filter(|(_, m)| ids.iter().any(|id| id == &m.id))
            .map(|(i, _)| i)
            .collect();
        if let Some(names) = &self.names {
            found.extend(
                names
                    .find_overlapping_iter(lower)
                    .map(|hit| self.owner[hit.pattern().as_usize()]),
            );
        }
        found.sort_unstable();
        found.dedup();
        found.into_iter().map(|i| &self.metrics[i]).collect()
    }
}

pub fn check_prose(doc: &Prose, catalogue: &Catalogue, data: &Dataset, problems: &mut Diagnostics) {
    let masked = mask(doc.text);
    for (start, end) in sentences(&masked) {
        let sentence = &masked[start..end];
        let original = &doc.text[start..end];
        let lower = sentence.to_lowercase();
        let tied = catalogue.tied(&lower, original);
        if tied.is_empty() {
            continue;
        }
        let mut years = sentence_years(&masked[start..end]);
        years.extend(shortcode_years(original));
        if let Some(y) = doc.year {
            years.push(y);
        }
        years.sort_unstable();
        years.dedup();
        let rise = RISE.iter().any(|w| lower.contains(w));
        let fall = FALL.iter().any(|w| lower.contains(w));
        let speaks_of_change = rise || fall || CHANGE_WORDS.iter().any(|w| lower.contains(w));
        for number in numbers(sentence) {
            let at = start + number.offset;
            let verdict = if number.percent && (number.sign.is_some() || speaks_of_change) {
                let sign = number.sign.or(match (rise, fall) {
                    (true, false) => Some(true),
                    (false, true) => Some(false),
                    _ => None,
                });
                judge_change(&number, sign, &tied, &years, data)
            } else if number.percent {
                let shares: Vec<&Metric> = tied.iter().copied().filter(|m| m.is_share()).collect();
                judge_count(&number, &shares, &years, data)
            } else if is_year(&number) {
                None
            } else {
                // A count is judged only when the unit follows it ("2.205 nieuwe
                // dossiers"): "in 17 gevallen" or "14 tot 17 jaar" are other facts.
                let after = masked[start + number.offset + number.text.len()..end].to_lowercase();
                let next: Vec<&str> = after
                    .split_whitespace()
                    .take(3)
                    .take_while(|w| !w.contains(char::from(SHORTCODE)))
                    .collect();
                let counts: Vec<&Metric> = tied
                    .iter()
                    .copied()
                    .filter(|m| !m.is_share() && unit_follows(m, &next))
                    .collect();
                let mut count_years = years.clone();
                for m in &counts {
                    for &y in &years {
                        if let Some(c) = data.change(&m.id, y) {
                            count_years.push(c.from_year);
                        }
                    }
                }
                judge_count(&number, &counts, &count_years, data)
            };
            if let Some(expected) = verdict {
                let (line, column) = line_column(doc.text, at);
                problems.push(
                    Diagnostic::new(
                        doc.file,
                        format!("the text says {}, but the data give {expected}", number.text.trim()),
                    )
                    .at(line + doc.first_line - 1, column)
                    .hint("correct the number, or better: use the figure/change shortcode so text and data cannot differ"),
                );
            }
        }
    }
}

/// Whether one of the next words is the metric's unit noun (`dossiers` for "nieuwe
/// dossiers"; a singular `dossier` matches too).
fn unit_follows(m: &Metric, next: &[&str]) -> bool {
    m.unit
        .to_lowercase()
        .split_whitespace()
        .filter(|w| w.len() >= 5)
        .any(|unit| {
            let stem = unit.trim_end_matches(['s', 'n']);
            next.iter().any(|w| {
                w.trim_matches(|c: char| !c.is_alphanumeric())
                    .starts_with(stem)
            })
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
    for m in metrics {
        for &y in years {
            if let Some(c) = data.change(&m.id, y) {
                push_change(&mut candidates, m, &c);
            }
            if let Some(s) = data.figure(&m.id, y).and_then(|f| f.stated_change) {
                candidates.push((
                    s.percent,
                    format!(
                        "{:+}% for {} ({} → {}, as stated)",
                        s.percent, m.id, s.since, y
                    ),
                ));
            }
            for &earlier in years.iter().filter(|e| **e < y) {
                if let (Some(a), Some(b)) = (data.value(&m.id, earlier), data.value(&m.id, y)) {
                    push_change(&mut candidates, m, &Change::between(earlier, a, y, b));
                }
            }
        }
    }
    if candidates.is_empty() {
        return None;
    }
    let fits = |c: f64| match sign {
        Some(true) => agrees(number.value, c),
        Some(false) => agrees(-number.value, c),
        None => agrees(number.value, c.abs()),
    };
    verdict(candidates, fits)
}

/// `None` when a candidate fits the text's number; else every candidate, for the message.
fn verdict(candidates: Vec<(f64, String)>, fits: impl Fn(f64) -> bool) -> Option<String> {
    if candidates.iter().any(|(c, _)| fits(*c)) {
        return None;
    }
    Some(
        candidates
            .into_iter()
            .map(|(_, t)| t)
            .collect::<Vec<_>>()
            .join(" or "),
    )
}

fn push_change(candidates: &mut Vec<(f64, String)>, m: &Metric, c: &Change) {
    if let Some(p) = c.percent {
        candidates.push((
            p,
            format!("{:+.0}% for {} ({} → {})", p, m.id, c.from_year, c.to_year),
        ));
    }
}

fn judge_count(
    number: &Number,
    metrics: &[&Metric],
    years: &[i32],
    data: &Dataset,
) -> Option<String> {
    let candidates: Vec<(f64, String)> = metrics
        .iter()
        .flat_map(|m| {
            years.iter().filter_map(move |&y| {
                data.value(&m.id, y)
                    .map(|v| (v, format!("{v} for {} in {y}", m.id)))
            })
        })
        .collect();
    if candidates.is_empty() {
        return None;
    }
    verdict(candidates, |v| (v - number.value).abs() < 0.5)
}

const SHORTCODE: u8 = 0x01;

/// The text with shortcodes, code, link targets and URLs blanked out (same length, so
/// offsets still point into the original).
fn mask(text: &str) -> String {
    let mut out: Vec<u8> = text.as_bytes().to_vec();
    // A shortcode becomes a run of SHORTCODE bytes: a unit after it belongs to it, not
    // to a number before it ("116 000 {{ figure(...) }} dossiers").
    let blank = |out: &mut Vec<u8>, from: usize, to: usize, fill: u8| {
        for b in &mut out[from..to.min(text.len())] {
            if *b == b'\n' {
                continue;
            }
            // Every byte becomes ASCII, which keeps the string valid UTF-8.
            *b = fill;
        }
    };
    for (open, close, fill) in [
        ("{{", "}}", SHORTCODE),
        ("`", "`", b' '),
        ("](", ")", b' '),
        ("http", " ", b' '),
    ] {
        let mut i = 0;
        while let Some(s) = text[i..].find(open) {
            let from = i + s;
            let to = text[from + open.len()..]
                .find(close)
                .map_or(text.len(), |e| from + open.len() + e + close.len());
            blank(&mut out, from, to, fill);
            i = to.max(from + 1);
            if i >= text.len() {
                break;
            }
        }
    }
    String::from_utf8(out).unwrap_or_default()
}

/// Byte ranges of sentences.
fn sentences(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let end_here = match bytes[i] {
            b'.' | b'!' | b'?' => {
                let next = text[i + 1..].trim_start_matches([' ', '\t']);
                next.is_empty()
                    || next.starts_with('\n')
                    || next.chars().next().is_some_and(|c| c.is_uppercase())
            }
            b'\n' => text[i + 1..]
                .trim_start_matches([' ', '\t'])
                .starts_with(['\n', '#', '-', '*']),
            _ => false,
        };
        if end_here {
            out.push((start, i + 1));
            start = i + 1;
        }
        i += 1;
    }
    if start < text.len() {
        out.push((start, text.len()));
    }
    out.retain(|(s, e)| !text[*s..*e].trim().is_empty());
    out
}

fn shortcode_ids(text: &str) -> Vec<String> {
    attr_values(text, "id=\"")
}

fn shortcode_years(text: &str) -> Vec<i32> {
    let mut years: Vec<i32> = ["year=", "since="]
        .iter()
        .flat_map(|key| {
            text.match_indices(key).filter_map(|(i, _)| {
                let rest = &text[i + key.len()..];
                let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
                digits.parse().ok()
            })
        })
        .collect();
    years.sort_unstable();
    years
}

fn attr_values(text: &str, key: &str) -> Vec<String> {
    text.match_indices("{{")
        .filter_map(|(i, _)| {
            let call = &text[i..text[i..].find("}}").map_or(text.len(), |e| i + e)];
            let v = call.find(key).map(|k| &call[k + key.len()..])?;
            v.find('"').map(|e| v[..e].to_string())
        })
        .collect()
}

/// Four-digit years in the text.
fn sentence_years(text: &str) -> Vec<i32> {
    numbers(text)
        .into_iter()
        .filter(|n| !n.percent && is_year(n))
        .map(|n| n.value as i32)
        .collect()
}

fn is_year(n: &Number) -> bool {
    n.text.trim_start_matches(['+', '-', '−']).len() == 4
        && !n.text.contains(['.', ','])
        && (1900.0..2100.0).contains(&n.value)
}

/// Numbers as Dutch text writes them: `2.205`, `55.601`, `12,5`, `+47%`, `47 procent`.
fn numbers(text: &str) -> Vec<Number> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut k = 0;
    while k < chars.len() {
        let (offset, c) = chars[k];
        let prev = k.checked_sub(1).map(|p| chars[p].1);
        if !c.is_ascii_digit() || prev.is_some_and(|p| p.is_alphanumeric() || p == '_') {
            k += 1;
            continue;
        }
        let mut sign = None;
        let mut start = offset;
        if let Some(p) = prev {
            if p == '+' {
                sign = Some(true);
                start = chars[k - 1].0;
            } else if p == '-' || p == '−' {
                sign = Some(false);
                start = chars[k - 1].0;
            }
        }
        let mut j = k;
        let mut digits = String::new();
        while j < chars.len() {
            let ch = chars[j].1;
            if ch.is_ascii_digit() {
                digits.push(ch);
            } else if ch == '.'
                && chars.get(j + 1).is_some_and(|n| n.1.is_ascii_digit())
                && chars.get(j + 3).is_some_and(|n| n.1.is_ascii_digit())
                && !chars.get(j + 4).is_some_and(|n| n.1.is_ascii_digit())
            {
                // A thousands separator: exactly three digits follow.
            } else if matches!(ch, ' ' | '\u{a0}' | '\u{202f}')
                && (1..=3).all(|d| chars.get(j + d).is_some_and(|n| n.1.is_ascii_digit()))
                && !chars
                    .get(j + 4)
                    .is_some_and(|n| n.1.is_ascii_digit() || n.1.is_alphabetic())
                && digits.len() <= 3
            {
                // Thousands grouped with a space: `116 000`.
            } else if ch == ',' && chars.get(j + 1).is_some_and(|n| n.1.is_ascii_digit()) {
                digits.push('.');
            } else {
                break;
            }
            j += 1;
        }
        let end = chars.get(j).map_or(text.len(), |n| n.0);
        // Part of a word (`116000`-style ids, `sextoooh2`) or a date: not a figure.
        if chars
            .get(j)
            .is_some_and(|n| n.1.is_alphabetic() || n.1 == '_')
        {
            k = j + 1;
            continue;
        }
        let after = &text[end..];
        let trimmed = after.trim_start_matches([' ', '\u{a0}', '\u{202f}']);
        let (percent, text_end) = if trimmed.starts_with('%') {
            (true, end + (after.len() - trimmed.len()) + 1)
        } else if trimmed.starts_with("procent") && !trimmed.starts_with("procentpunt") {
            (true, end + (after.len() - trimmed.len()) + "procent".len())
        } else {
            (false, end)
        };
        if let Ok(value) = digits.parse::<f64>() {
            out.push(Number {
                value,
                percent,
                sign,
                offset: start,
                text: text[start..text_end].to_string(),
            });
        }
        k = j.max(k + 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Content, Figure, YearContent};

    fn metric(id: &str, label: &str, unit: &str) -> Metric {
        Metric {
            id: id.into(),
            label: label.into(),
            theme: "t".into(),
            unit: unit.into(),
            description: String::new(),
            definition: String::new(),
            headline: false,
            decimals: 0,
            keywords: Vec::new(),
            translations: Default::default(),
        }
    }

    fn data(values: &[(i32, &str, f64)]) -> Dataset {
        let mut years: Vec<YearContent> = Vec::new();
        for (y, id, v) in values {
            let figure = Figure {
                metric: id.to_string(),
                value: Some(*v),
                source: None,
                note: None,
                stated_change: None,
                line: 1,
            };
            match years.iter_mut().find(|c| c.year == *y) {
                Some(c) => c.figures.push(figure),
                None => years.push(YearContent {
                    year: *y,
                    report: None,
                    figures: vec![figure],
                    figures_path: "f".into(),
                    figures_text: String::new(),
                }),
            }
        }
        years.sort_by_key(|y| y.year);
        let content = Content {
            root: ".".into(),
            config: crate::load::yaml::from_str(
                "title: t\nbase_url: /\norganisation: {name: o}\nthemes: []\n",
            )
            .unwrap(),
            config_path: "site.yaml".into(),
            metrics: Vec::new(),
            metrics_path: "metrics.yaml".into(),
            metrics_text: String::new(),
            metric_id_lines: Default::default(),
            years,
            publications: Vec::new(),
            pages: Vec::new(),
            translations: Default::default(),
        };
        Dataset::new(&content)
    }

    fn run(text: &str, year: Option<i32>) -> Vec<String> {
        let metrics = vec![
            metric("online", "online veiligheid", "dossiers"),
            metric("uitbuiting", "seksuele uitbuiting", "nieuwe dossiers"),
            metric("aandeel", "aandeel seksuele integriteit", "%"),
        ];
        let d = data(&[
            (2019, "online", 267.0),
            (2020, "online", 411.0),
            (2019, "uitbuiting", 1501.0),
            (2020, "uitbuiting", 2205.0),
            (2020, "aandeel", 81.0),
        ]);
        let mut problems = Diagnostics::default();
        check_prose(
            &Prose {
                file: Path::new("r.md"),
                text,
                first_line: 5,
                year,
            },
            &Catalogue::new(&metrics),
            &d,
            &mut problems,
        );
        problems.iter().map(|d| d.to_string()).collect()
    }

    #[test]
    fn agreeing_numbers_pass() {
        for text in [
            "Het aantal dossiers over online veiligheid steeg met 54 procent, van 267 naar 411 dossiers.",
            "In 17 gevallen ging het om seksuele uitbuiting, bij jongeren tussen 14 en 17 jaar.",
            "Er waren {{ figure(id=\"uitbuiting\") }} dossiers, een stijging van 47% tegenover 1.501 in 2019.",
            "De seksuele uitbuiting nam toe (+47%).",
            "Van de dossiers ging 81 procent over het aandeel seksuele integriteit.",
            "Online veiligheid: tussen 14 en 17 jaar, 3 per dag, het nummer 116 000.",
            "De hulplijn 116 000 {{ figure(id=\"online\") }} dossiers over online veiligheid.",
            "Over online veiligheid schreef de krant in 2020 niets met cijfers.",
        ] {
            assert_eq!(run(text, Some(2020)), Vec::<String>::new(), "{text}");
        }
    }

    #[test]
    fn a_wrong_percentage_is_caught() {
        let e = run(
            "\n\nDe dossiers over online veiligheid stegen met 45 procent.",
            Some(2020),
        );
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(e[0].starts_with("r.md:7:"), "{}", e[0]);
        assert!(
            e[0].contains(
                "the text says 45 procent, but the data give +54% for online (2019 → 2020)"
            ),
            "{}",
            e[0]
        );
        // A rise written as a fall.
        assert_eq!(
            run("Een daling van 47% bij seksuele uitbuiting.", Some(2020)).len(),
            1
        );
    }

    #[test]
    fn a_wrong_count_is_caught() {
        let e = run(
            "Er kwamen 2.250 nieuwe dossiers over seksuele uitbuiting binnen.",
            Some(2020),
        );
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(
            e[0].contains("the text says 2.250, but the data give 2205 for uitbuiting in 2020"),
            "{}",
            e[0]
        );
        let e = run(
            "In 2019 waren er 1.510 nieuwe dossiers over seksuele uitbuiting.",
            None,
        );
        assert_eq!(e.len(), 1, "{e:?}");
    }

    #[test]
    fn numbers_are_read_the_dutch_way() {
        let n = numbers(
            "2.205 en 55.601, 12,5%, +47 procent, −16%, 2019, t.o.v. 2020 en 116000x of 116 000.",
        );
        let values: Vec<(f64, bool)> = n.iter().map(|n| (n.value, n.percent)).collect();
        assert_eq!(
            values,
            vec![
                (2205.0, false),
                (55601.0, false),
                (12.5, true),
                (47.0, true),
                (16.0, true),
                (2019.0, false),
                (2020.0, false),
                (116000.0, false)
            ]
        );
        assert_eq!(n[3].sign, Some(true));
        assert_eq!(n[4].sign, Some(false));
    }

    #[test]
    fn sentences_split_at_ends_not_at_abbreviations() {
        let s = sentences("Een stijging t.o.v. 2019. Daarna iets.\n\nNieuw");
        assert_eq!(s.len(), 3);
    }
}
