//! Every number a reader sees is accounted for. The prose check reads every text the site
//! publishes (see `check/texts.rs` for the list), sentence by sentence, in each text's
//! language, and each number typed in it must be one of:
//! - written by a shortcode from the data (the check never sees those);
//! - a year, or the day of a date (`10 mei 2022`, `May 10`);
//! - declared not to be a figure, site-wide or in the document ([`declared`]);
//! - a figure the sentence names: the metric by its label (with or without bracketed
//!   qualifiers, in any form the language's endings allow) or a keyword, in the document's
//!   year or a year the sentence names (the year before only when the sentence names it),
//!   or another source's figure when the sentence names that source;
//! - a change, share, sum, difference or part of the figures the sentence names,
//!   computed and compared ([`judge`]); words before it may make it a bound (`meer dan
//!   800`, `bijna 900`, `ongeveer 850`).
//!
//! Anything else is an error that names the number, says why it could not be tied, and
//! gives the fix: the shortcode that writes the value it most likely meant, or how to
//! declare it. Numbers are read as the text's language writes them ([`numbers`]: CLDR's
//! symbols); one written the other way is an error that gives the right form.
//!
//! Direction words (rise, fall, comparatives, multiples; [`lexicon`]) must agree with the
//! change beside them, typed or written by a `change` shortcode: the word nearest to it
//! in the sentence counts.

mod declared;
mod judge;
pub mod lexicon;
pub mod numbers;
mod text;
pub mod translations;

use crate::derive::Dataset;
use crate::diagnostics::{line_column, Diagnostic, Diagnostics};
use crate::format::Format;
use crate::model::Metric;
pub use declared::Declared;
use judge::{Candidate, Context};
use lexicon::{Catalogue, Direction, DirectionWord, Vocabulary};
use numbers::{Number, NumberStyle};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use text::{calls, ceil, floor, lowercase, mask, sentences, SHORTCODE};

/// How far around a number the check looks for the words that go with it, in bytes.
const WINDOW: usize = 400;

/// After this many numbers that nothing accounts for in one text, the check stops reading
/// it: the list would not help, and a hostile text of a megabyte of numbers stays cheap.
const MAX_UNACCOUNTED: usize = 50;

/// Where a text stands in its file.
#[derive(Debug, Clone, Copy)]
pub enum Place<'a> {
    /// A Markdown body that starts on this line: places are line and column.
    Body { first_line: usize },
    /// A value in YAML (a note): places are its line.
    Line(Option<usize>),
    /// A front matter value (a title, a summary): its line is looked up in the file under
    /// `root` when there is something to say (errors only).
    FrontMatter { root: &'a Path, key: &'static str },
}

/// One text to read.
pub struct Prose<'a> {
    pub file: &'a Path,
    pub text: &'a str,
    pub place: Place<'a>,
    /// The report's year, a publication's `year`, a figure's year.
    pub year: Option<i32>,
    /// The numbers declared not to be figures for this text.
    pub declared: &'a Declared<'a>,
    /// The metric a figure's note is about: its sentences name it without saying so.
    pub about: Option<&'a str>,
}

/// One language's words, names for the metrics, and way of writing numbers.
pub struct Language<'m> {
    pub words: Vocabulary,
    pub catalogue: Catalogue<'m>,
    /// The names of each publication in this language, lowercase, by slug: a sentence
    /// that names one may quote the figure it gives (`other_sources`).
    pub source_names: std::collections::HashMap<String, Vec<String>>,
    pub style: NumberStyle,
    /// The month names, lowercase: a number beside one is a day.
    pub months: Vec<String>,
    /// Writes a number the language's way, for hints.
    pub format: Option<Format>,
    /// The language's name, for messages (`English`).
    pub name: String,
}

impl<'m> Language<'m> {
    /// `translation` is `None` for the site's default language. Without a `format`, the
    /// numbers are read the Dutch way and no month is known.
    pub fn new(
        metrics: &'m [Metric],
        translation: Option<crate::format::Lang>,
        words: Vocabulary,
        format: Option<Format>,
    ) -> Language<'m> {
        let catalogue = Catalogue::new(metrics, translation, &words);
        let style = format
            .as_ref()
            .map_or_else(NumberStyle::decimal_comma, NumberStyle::of);
        let months = format.as_ref().map_or_else(Vec::new, lexicon::month_names);
        Language {
            words,
            catalogue,
            source_names: Default::default(),
            style,
            months,
            format,
            name: String::new(),
        }
    }

    fn write_number(&self, value: f64) -> String {
        match &self.format {
            Some(f) => f.number(value),
            None => judge::show(value),
        }
    }
}

/// Where the findings go: contradictions and unaccounted numbers are errors, what is
/// only doubtful a warning.
pub struct Findings<'a> {
    pub errors: &'a mut Diagnostics,
    pub warnings: &'a mut Diagnostics,
    /// The declarations met, so that those met nowhere can be named.
    pub declared_met: &'a mut BTreeSet<String>,
}

pub fn check_prose(doc: &Prose, lang: &Language, data: &Dataset, found: &mut Findings) {
    let masked = mask(doc.text);
    let declared = doc.declared.places(doc.text);
    for (key_start, key_end, key) in &declared {
        // A declaration met in the text, even one that holds no number the check reads.
        if doc.text[*key_start..*key_end]
            .chars()
            .any(|c| c.is_ascii_digit())
        {
            found.declared_met.insert(key.to_string());
        }
    }
    let before = found.errors.len();
    for (start, end) in sentences(&masked) {
        // Most sentences hold no number and no shortcode: nothing to read there (on the
        // real site this check took 25 ms of a 70 ms build before it skipped them).
        if !masked.as_bytes()[start..end]
            .iter()
            .any(|b| b.is_ascii_digit() || *b == SHORTCODE)
        {
            continue;
        }
        let sentence = Sentence::read(doc, lang, data, &masked, start, end);
        sentence.check_changes(found);
        sentence.check_numbers(&declared, found);
        if found.errors.len() - before >= MAX_UNACCOUNTED {
            found.errors.push(
                sentence
                    .diagnostic(0, format!("stopped reading this text after {MAX_UNACCOUNTED} numbers that no figure accounts for"))
                    .hint("fix these first, then run again: the rest of the text was not read"),
            );
            return;
        }
    }
}

/// One sentence and what it names.
struct Sentence<'a> {
    doc: &'a Prose<'a>,
    lang: &'a Language<'a>,
    data: &'a Dataset,
    start: usize,
    text: &'a str,
    lower: String,
    calls: Vec<text::Call>,
    tied: Vec<&'a Metric>,
    years: Vec<i32>,
    directions: Vec<DirectionWord>,
    speaks_of_change: bool,
}

impl<'a> Sentence<'a> {
    fn read(
        doc: &'a Prose<'a>,
        lang: &'a Language<'a>,
        data: &'a Dataset,
        masked: &'a str,
        start: usize,
        end: usize,
    ) -> Sentence<'a> {
        let text = &masked[start..end];
        let lower = lowercase(text);
        let calls = calls(&doc.text[start..end]);
        let catalogue = &lang.catalogue;
        let mut tied: Vec<usize> = calls
            .iter()
            .filter_map(|c| c.id.as_deref().and_then(|id| catalogue.by_id(id)))
            .chain(doc.about.and_then(|id| catalogue.by_id(id)))
            .collect();
        tied.extend(catalogue.named_in(&lang.words.stemmed(text)));
        tied.sort_unstable();
        tied.dedup();
        let tied = tied.iter().map(|&i| catalogue.metrics[i].metric).collect();
        let mut years: Vec<i32> = numbers::numbers(text, &lang.style, &lang.words.percent)
            .iter()
            .filter(|n| n.is_year())
            .map(|n| n.value as i32)
            .collect();
        years.extend(calls.iter().flat_map(|c| [c.year, c.since]).flatten());
        years.extend(doc.year);
        years.sort_unstable();
        years.dedup();
        let directions = lang.words.directions(&lower);
        let speaks_of_change =
            !directions.is_empty() || lang.words.change.iter().any(|w| lower.contains(w.as_str()));
        Sentence {
            doc,
            lang,
            data,
            start,
            text,
            lower,
            calls,
            tied,
            years,
            directions,
            speaks_of_change,
        }
    }

    fn diagnostic(&self, offset: usize, message: String) -> Diagnostic {
        let d = Diagnostic::new(self.doc.file, message);
        match self.doc.place {
            Place::Body { first_line } => {
                let (line, column) = line_column(self.doc.text, self.start + offset);
                d.at(line + first_line - 1, column)
            }
            Place::Line(line) => d.at_line(line),
            Place::FrontMatter { root, key } => {
                let text = std::fs::read_to_string(root.join(self.doc.file)).unwrap_or_default();
                let prefix = format!("{key}:");
                d.at_line(
                    text.lines()
                        .position(|l| l.starts_with(&prefix))
                        .map(|i| i + 1),
                )
            }
        }
    }

    /// The direction word that speaks of the change at `at..end` (byte offsets in the
    /// sentence): the nearest one in its clause (between commas, colons, semicolons and
    /// brackets); else, when every direction word of the sentence goes one way, the
    /// nearest of those. "Een stijging of daling is niet af te lezen: … ({{ change }})"
    /// gives none.
    fn nearest_direction(&self, at: usize, end: usize) -> Option<&DirectionWord> {
        let is_stop = |c: char| matches!(c, ',' | ';' | ':' | '(' | ')' | '—' | '–');
        // A clause is looked for within a window: a sentence of a megabyte costs no more.
        let from = floor(self.text, at.saturating_sub(WINDOW));
        let to = ceil(self.text, end + WINDOW);
        let (at, end) = (floor(self.text, at), ceil(self.text, end));
        let clause_start = self.text[from..at]
            .rfind(is_stop)
            .map_or(from, |i| from + i + 1);
        let clause_end = self.text[end..to].find(is_stop).map_or(to, |i| end + i);
        let distance = |d: &&DirectionWord| {
            if d.end <= at {
                at - d.end
            } else {
                d.at.saturating_sub(end)
            }
        };
        let in_clause = self
            .directions
            .iter()
            .filter(|d| d.at >= clause_start && d.end <= clause_end)
            .min_by_key(distance);
        if in_clause.is_some() {
            return in_clause;
        }
        let first = self.directions.first()?.direction.is_rise();
        if self
            .directions
            .iter()
            .all(|d| d.direction.is_rise() == first)
        {
            self.directions.iter().min_by_key(distance)
        } else {
            None
        }
    }

    /// What each `change` shortcode will show against the words beside it.
    fn check_changes(&self, found: &mut Findings) {
        for call in self.calls.iter().filter(|c| c.name == "change") {
            let Some(id) = call.id.as_deref() else {
                continue;
            };
            let Some(year) = call.year.or(self.doc.year) else {
                continue;
            };
            let call_end = self.text[call.offset..]
                .find(|c: char| c as u32 != u32::from(SHORTCODE))
                .map_or(self.text.len(), |e| call.offset + e);
            let Some(word) = self.nearest_direction(call.offset, call_end) else {
                continue;
            };
            let (up, said) = (word.direction.is_rise(), word.word.as_str());
            if let Some(at) = self
                .data
                .break_between(id, call.since.unwrap_or(year - 1), year)
            {
                found.errors.push(
                    self.diagnostic(call.offset, format!(
                        "the text speaks of a {} (“{said}”), but `{id}` counts differently from {at} on (`break` in figures.yaml): the change shortcode shows that the years are not comparable",
                        if up { "rise" } else { "fall" },
                    ))
                    .hint("do not describe a change across a break in the series: say what changed in how it is counted, or compare years on the same side of the break"),
                );
                continue;
            }
            let Some((percent, shown)) = judge::shown_change(self.data, id, year, call.since)
            else {
                continue;
            };
            let wrong_way = percent.abs() >= 0.5 && (percent > 0.0) != up;
            let wrong_size = match word.direction {
                Direction::Times(f) => !judge::times_fits(f, percent),
                _ => false,
            };
            if wrong_way || wrong_size {
                found.errors.push(
                    self.diagnostic(call.offset, format!(
                        "the text says “{said}”, but the change shortcode for `{id}` shows {shown}",
                    ))
                    .hint("write a word that fits the data (or let the data choose it: change(id=\"…\", words=true)), or compare with another year: change(id=\"…\", since=YYYY)"),
                );
            }
        }
    }

    fn check_numbers(&self, declared: &[(usize, usize, &str)], found: &mut Findings) {
        let all = numbers::numbers(self.text, &self.lang.style, &self.lang.words.percent);
        let before = found.errors.len();
        for number in &all {
            if found.errors.len() - before >= MAX_UNACCOUNTED {
                return;
            }
            let (at, end) = (self.start + number.offset, self.start + number.end());
            if let Some((_, _, key)) = declared.iter().find(|(s, e, _)| *s <= at && end <= *e) {
                found.declared_met.insert(key.to_string());
                continue;
            }
            if number.is_year() && !self.unit_follows_any(number)
                || self.is_day(number)
                || self.in_a_name(number)
            {
                continue;
            }
            if number.foreign {
                found.errors.push(
                    self.diagnostic(
                        number.offset,
                        format!(
                            "{} is not how {} text writes a number",
                            number.text.trim(),
                            self.language_name()
                        ),
                    )
                    .hint(format!("write {}", self.lang.write_number(number.value))),
                );
                continue;
            }
            // A typed sign against the word beside it: "une hausse de −25 %".
            if let (Some(signed), Some(word)) = (
                number
                    .sign
                    .filter(|_| number.percent && number.value != 0.0),
                self.nearest_direction(number.offset, number.end()),
            ) {
                if signed != word.direction.is_rise() {
                    found.errors.push(
                        self.diagnostic(
                            number.offset,
                            format!(
                                "the text speaks of a {} (“{}”), but writes {}",
                                if word.direction.is_rise() { "rise" } else { "fall" },
                                word.word,
                                number.text.trim()
                            ),
                        )
                        .hint("a rise has a plus sign and a fall a minus sign: correct the word or the number"),
                    );
                    continue;
                }
            }
            if let Err(problem) = self.account(number) {
                found.errors.push(problem);
            }
        }
    }

    /// A number that is part of the name of a metric the sentence names ("Kinderen
    /// jonger dan 12"): a word of the name, not a figure.
    fn in_a_name(&self, number: &Number) -> bool {
        self.tied.iter().any(|m| {
            let Some(i) = self.lang.catalogue.by_id(&m.id) else {
                return false;
            };
            let label = &self.lang.catalogue.metrics[i].label;
            label
                .split(|c: char| !c.is_ascii_digit() && c != '.' && c != ',')
                .any(|part| !part.is_empty() && part == number.digits)
        })
    }

    fn language_name(&self) -> &str {
        if self.lang.name.is_empty() {
            "this"
        } else {
            &self.lang.name
        }
    }

    /// A four-digit number followed at once by a metric's whole unit ("2015 nieuwe
    /// dossiers") is a count, not a year ("In 2020 behandelde …" stays a year).
    fn unit_follows_any(&self, number: &Number) -> bool {
        let next = next_words(self.text, number);
        let words = &self.lang.words;
        self.lang.catalogue.metrics.iter().any(|n| {
            let unit = n.unit.to_lowercase();
            let unit: Vec<&str> = unit.split_whitespace().collect();
            !unit.is_empty()
                && !n.metric.is_share()
                && unit.len() <= next.len()
                && unit
                    .iter()
                    .zip(&next)
                    .all(|(u, w)| w.starts_with(words.stem(u)))
        })
    }

    fn is_day(&self, number: &Number) -> bool {
        is_day(&self.lower, number, &self.lang.months)
    }

    /// Whether the number is a figure the sentence can account for; else the error.
    fn account(&self, number: &Number) -> Result<(), Diagnostic> {
        let names_source = |source: &str| self.names_source(source);
        let cx = Context {
            tied: &self.tied,
            years: &self.years,
            data: self.data,
            names_source: &names_source,
        };
        let bound = self.lang.words.bound_before(&self.lower, number.offset);
        let direction = self
            .nearest_direction(number.offset, number.end())
            .map(|d| d.direction);
        let candidates: Vec<Candidate> = if number.percent {
            let mut c = judge::percent_candidates(&cx);
            if number.sign.is_none() && direction.is_none() && !self.speaks_of_change {
                // Without a word of change a percentage is a share or a part.
                c.retain(|c| !c.signed);
            }
            c
        } else {
            judge::count_candidates(&cx)
        };
        let fits = |value: f64| {
            candidates
                .iter()
                .any(|c| judge::fits(number, value, bound, direction, c))
        };
        if fits(number.value) {
            return Ok(());
        }
        let typed = number.text.trim();
        if let Some(other) = number.other_reading.filter(|v| fits(*v)) {
            return Err(self
                .diagnostic(
                    number.offset,
                    format!(
                        "{typed} reads as {} in {} text, but the figure it matches is {}",
                        judge::show(number.value),
                        self.language_name(),
                        judge::show(other)
                    ),
                )
                .hint(format!("write {}", self.lang.write_number(other))));
        }
        if self.tied.is_empty() {
            return Err(self.untied(number));
        }
        let crossed = number.percent.then(|| judge::crossed_break(&cx)).flatten();
        if let (true, Some(crossed)) = (candidates.iter().all(|c| !c.signed), &crossed) {
            return Err(self
                .diagnostic(number.offset, format!("the text says {typed}, but there is {crossed}"))
                .hint("do not give a change across a break in the series: say what changed in how it is counted, or compare years on the same side of the break"));
        }
        if candidates.is_empty() {
            let names: Vec<&str> = self.tied.iter().map(|m| m.id.as_str()).collect();
            let years: Vec<String> = self.years.iter().map(i32::to_string).collect();
            return Err(self
                .diagnostic(number.offset, format!(
                    "the text says {typed}, but {} has no {} in {} to compare it with",
                    names.join(", "),
                    if number.percent { "change or share" } else { "value" },
                    if years.is_empty() { "any year the sentence names".to_string() } else { years.join(", ") },
                ))
                .hint("name the year the number belongs to, or write it with a shortcode; if it is not a figure, declare it under not_figures with why"));
        }
        // A change that fits in size but not in direction: a fall published as a rise.
        if let Some(c) = candidates.iter().find(|c| {
            c.signed
                && (number.sign.is_some() || direction.is_some())
                && judge::fits(number, number.value, bound, None, c)
        }) {
            let said = match (
                number.sign,
                self.nearest_direction(number.offset, number.end()),
            ) {
                (Some(true), _) => "a rise (+)".to_string(),
                (Some(false), _) => "a fall (−)".to_string(),
                (None, Some(w)) => format!("“{}”", w.word),
                (None, None) => String::new(),
            };
            return Err(self
                .diagnostic(
                    number.offset,
                    format!(
                        "the text says {typed} with {said}, but the data give {}",
                        c.describe()
                    ),
                )
                .hint(match c.shortcode(self.doc.year) {
                    Some(code) => format!("correct the word, or let the data write it: {code}"),
                    None => "correct the word".to_string(),
                }));
        }
        // The figures themselves first; sums, differences and parts only when there is
        // nothing else to say.
        let direct = candidates.iter().any(|c| c.has_shortcode());
        let mut said: Vec<String> = Vec::new();
        for c in candidates.iter().filter(|c| c.has_shortcode() || !direct) {
            let what = c.describe();
            if !said.contains(&what) {
                said.push(what);
            }
        }
        said.truncate(6);
        // Another source's figure, in a sentence that does not name that source: say
        // whose it is, so the author names it (or uses figure(…, source=…)).
        let mut unnamed: Vec<String> = Vec::new();
        for m in &self.tied {
            for &y in &self.years {
                for o in self
                    .data
                    .figure(&m.id, y)
                    .map(|f| f.other_sources.as_slice())
                    .unwrap_or_default()
                {
                    let line = format!(
                        "{} is the figure of `{}`: name that source in the sentence",
                        judge::show(o.value),
                        o.source
                    );
                    if (o.value - number.value).abs() < 0.5
                        && !self.names_source(&o.source)
                        && !unnamed.contains(&line)
                    {
                        unnamed.push(line);
                    }
                }
            }
        }
        let unnamed = if unnamed.is_empty() {
            String::new()
        } else {
            format!(" ({})", unnamed.join("; "))
        };
        let hint = match judge::nearest(number.value, &candidates).and_then(|c| c.shortcode(self.doc.year)) {
            Some(code) => format!("write {code} so that text and data cannot differ"),
            None => "correct the number, or write the figures with shortcodes so that text and data cannot differ".to_string(),
        };
        let crossed = crossed.map(|c| format!(", and {c}")).unwrap_or_default();
        Err(self
            .diagnostic(
                number.offset,
                format!(
                    "the text says {typed}, but the data give {}{unnamed}{crossed}",
                    said.join(" or ")
                ),
            )
            .hint(hint))
    }

    /// A number in a sentence that names no metric.
    fn untied(&self, number: &Number) -> Diagnostic {
        let typed = number.text.trim();
        // The figure it most likely is: one with that value in the document's year.
        let same: Vec<&Metric> = self
            .lang
            .catalogue
            .metrics
            .iter()
            .map(|n| n.metric)
            .filter(|m| {
                self.doc.year.is_some_and(|y| {
                    self.data
                        .value(&m.id, y)
                        .is_some_and(|v| (v - number.value).abs() < 0.5)
                }) && m.is_share() == number.percent
            })
            .collect();
        let hint = match same.first() {
            Some(m) => format!(
                "it is the figure of `{}`: write {{{{ figure(id=\"{}\") }}}}, or name the metric in the sentence",
                m.id, m.id
            ),
            None => format!(
                "if it is a figure, write it with a shortcode ({{{{ figure(id=\"…\") }}}}) or name its metric in the sentence; if it is not (an age, a phone number, a target, another organisation's count), declare it in the front matter or in site.yaml: not_figures: {{\"{typed}\": why}}"
            ),
        };
        self.diagnostic(
            number.offset,
            format!("the text says {typed}, but no figure accounts for it: the sentence names no metric"),
        )
        .hint(hint)
    }

    /// Whether the sentence names a source: a publication by slug or title in this
    /// language, or a source written as free text.
    fn names_source(&self, source: &str) -> bool {
        let lower = &self.lower;
        self.lang.source_names.get(source).is_some_and(|names| {
            names
                .iter()
                .any(|n| !n.is_empty() && lower.contains(n.as_str()))
        }) || {
            // A source written as text is named by its words up to the first comma or
            // bracket: "De Standaard" names "De Standaard, 3 mei 2021".
            let source = lowercase(source);
            let head = source.split([',', '(', ';']).next().unwrap_or("").trim();
            head.chars().count() >= 4 && lower.contains(head)
        }
    }
}

/// A number right before or after a month name (`10 mei`, `May 10`, `10. Mai`).
pub(super) fn is_day(lower: &str, number: &Number, months: &[String]) -> bool {
    if number.percent || number.value.fract() != 0.0 || !(1.0..=31.0).contains(&number.value) {
        return false;
    }
    let after = lower[number.end().min(lower.len())..].trim_start_matches(['.', ' ', '\u{a0}']);
    let before = lower[..number.offset.min(lower.len())].trim_end();
    months.iter().any(|m| {
        after.starts_with(m.as_str())
            || before
                .rsplit(|c: char| !c.is_alphabetic())
                .next()
                .is_some_and(|w| w == m.as_str())
    })
}

/// The next three words after a number, up to a shortcode, lowercase.
fn next_words(sentence: &str, number: &Number) -> Vec<String> {
    let from = ceil(sentence, number.end());
    lowercase(&sentence[from..ceil(sentence, from + 200)])
        .split_whitespace()
        .take(3)
        .take_while(|w| !w.contains(char::from(SHORTCODE)))
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string())
        .collect()
}

/// The declarations of a document that its text never met: stale, so say so, lest the
/// list hide a figure typed later.
pub fn stale_declarations(
    file: &Path,
    list: &BTreeMap<String, String>,
    met: &BTreeSet<String>,
    warnings: &mut Diagnostics,
) {
    for what in list.keys().filter(|w| !met.contains(*w)) {
        warnings.push(
            Diagnostic::new(
                file,
                format!(
                    "`not_figures` lists {what}, but the text has no such number to leave alone"
                ),
            )
            .hint("remove it from not_figures, or copy the phrase as the text writes it"),
        );
    }
}

#[cfg(test)]
mod tests;
