//! What `check` knows of a language's prose: its words for a rise, a fall and a change,
//! its comparatives (more, fewer) and multiples (doubled), the words that make a number
//! approximate (more than, nearly, about), its word for percent, its word endings (from
//! `templates/i18n/<lang>.yaml`), and the names the text may call each metric by.

use crate::i18n::Strings;
use crate::model::Metric;
use aho_corasick::AhoCorasick;

/// The `templates/i18n/<lang>.yaml` keys that hold a language's words for the prose check,
/// each a comma-separated list (the strings files are `key: text` only).
pub const KEYS: [&str; 11] = [
    "prose_rise_words",
    "prose_fall_words",
    "prose_change_words",
    "prose_percent_words",
    "prose_word_endings",
    "prose_more_words",
    "prose_less_words",
    "prose_multiple_words",
    "prose_above_words",
    "prose_below_words",
    "prose_about_words",
];

/// One language's words. Rise, fall and change words are matched anywhere in a word
/// (`stijg` covers stijging and stijgt); percent words as whole words (`procent`, not
/// `procentpunt`).
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    pub rise: Vec<String>,
    pub fall: Vec<String>,
    pub change: Vec<String>,
    pub percent: Vec<String>,
    /// Endings cut from a word before names are compared (`en`, `e`, `s` in Dutch), so
    /// "seksuele uitbuiting" and "vermiste kinderen" also match their other forms.
    pub endings: Vec<String>,
    /// Comparatives, as whole words: `meer`, `hoger` (a rise); `minder`, `lager` (a fall).
    pub more: Vec<String>,
    pub less: Vec<String>,
    /// Multiples, matched anywhere in a word, with their factor: `verdubbel` 2.
    pub multiples: Vec<(String, f64)>,
    /// Words right before a number that make it a bound or an estimate: `meer dan 800`
    /// (above), `bijna 900` (below), `ongeveer 850` (about).
    pub above: Vec<String>,
    pub below: Vec<String>,
    pub about: Vec<String>,
    /// All the words above that say or bound a direction, searched at once (45 searches
    /// a sentence were an eighth of a 5,000-publication build), with what each says.
    matcher: Option<AhoCorasick>,
    says: Vec<Says>,
}

/// What a word in [`Vocabulary::matcher`] says.
#[derive(Debug, Clone, Copy)]
enum Says {
    /// Matched anywhere in a word.
    Direction(Direction),
    /// A comparative: a whole word, and not part of a bound.
    Comparative(Direction),
    Bound,
}

/// Which way a word says a change goes, and how far when it names a multiple.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Direction {
    Rise,
    Fall,
    /// `verdubbeld`: the later value is about this many times the earlier.
    Times(f64),
}

impl Direction {
    pub fn is_rise(self) -> bool {
        match self {
            Direction::Rise => true,
            Direction::Fall => false,
            Direction::Times(f) => f > 1.0,
        }
    }
}

/// A word of direction found in a text: where, what it says, and the word as written.
#[derive(Debug, Clone, PartialEq)]
pub struct DirectionWord {
    pub at: usize,
    pub end: usize,
    pub direction: Direction,
    pub word: String,
}

/// How a number is bounded by the words right before it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Bound {
    Exact,
    /// The value is above the number (`meer dan 800`, `ruim 800`).
    Above,
    /// The value is below the number (`bijna 900`).
    Below,
    /// The value is near the number (`ongeveer 850`).
    About,
}

fn list(text: &str) -> Vec<String> {
    let mut words: Vec<String> = text
        .split(',')
        .map(|w| w.trim().to_lowercase())
        .filter(|w| !w.is_empty())
        .collect();
    // Longest first: the longest ending is cut, the longest percent word read.
    words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    words
}

impl Vocabulary {
    pub fn from_strings(strings: &Strings) -> Vocabulary {
        // A language file without a prose key simply has no such words.
        Vocabulary::from_lookup(|key| {
            if strings.has(key) {
                strings.get(key)
            } else {
                ""
            }
        })
    }

    /// The words under [`KEYS`], as `lookup` gives each key's text.
    pub fn from_lookup<'s>(lookup: impl Fn(&'s str) -> &'s str) -> Vocabulary {
        Vocabulary {
            rise: list(lookup(KEYS[0])),
            fall: list(lookup(KEYS[1])),
            change: list(lookup(KEYS[2])),
            percent: list(lookup(KEYS[3])),
            endings: list(lookup(KEYS[4])),
            more: list(lookup(KEYS[5])),
            less: list(lookup(KEYS[6])),
            multiples: list(lookup(KEYS[7]))
                .into_iter()
                .filter_map(|w| {
                    let (word, factor) = w.split_once('=')?;
                    Some((word.trim().to_string(), factor.trim().parse().ok()?))
                })
                .collect(),
            above: list(lookup(KEYS[8])),
            below: list(lookup(KEYS[9])),
            about: list(lookup(KEYS[10])),
            matcher: None,
            says: Vec::new(),
        }
        .with_matcher()
    }

    fn with_matcher(mut self) -> Vocabulary {
        let mut patterns: Vec<String> = Vec::new();
        let mut says = Vec::new();
        let groups: [(&[String], Says); 7] = [
            (&self.rise, Says::Direction(Direction::Rise)),
            (&self.fall, Says::Direction(Direction::Fall)),
            (&self.more, Says::Comparative(Direction::Rise)),
            (&self.less, Says::Comparative(Direction::Fall)),
            (&self.above, Says::Bound),
            (&self.below, Says::Bound),
            (&self.about, Says::Bound),
        ];
        for (words, what) in groups {
            for w in words.iter().filter(|w| !w.is_empty()) {
                patterns.push(w.clone());
                says.push(what);
            }
        }
        for (w, factor) in &self.multiples {
            patterns.push(w.clone());
            says.push(Says::Direction(Direction::Times(*factor)));
        }
        self.matcher = AhoCorasick::new(&patterns).ok();
        self.says = says;
        self
    }

    /// Every word of direction in the (lowercase) text, in order: rise and fall words and
    /// multiples anywhere in a word, comparatives as whole words. A comparative that is
    /// part of a bound (`meer dan 800`) says nothing of a change and is left out.
    pub fn directions(&self, lower: &str) -> Vec<DirectionWord> {
        let Some(matcher) = &self.matcher else {
            return Vec::new();
        };
        let whole_word = |at: usize, end: usize| {
            !lower[..at]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
                && !lower[end..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric)
        };
        let hits: Vec<(usize, usize, Says)> = matcher
            .find_overlapping_iter(lower)
            .map(|m| (m.start(), m.end(), self.says[m.pattern().as_usize()]))
            .collect();
        // Which bytes stand in a bound, marked once.
        let mut in_bounds = vec![false; lower.len() + 1];
        for (at, end, says) in &hits {
            if matches!(says, Says::Bound) {
                in_bounds[*at..*end].iter_mut().for_each(|b| *b = true);
            }
        }
        let mut found = Vec::new();
        for (at, end, says) in hits {
            let direction = match says {
                Says::Direction(d) => d,
                Says::Comparative(d)
                    if whole_word(at, end) && !in_bounds[at..end].iter().any(|b| *b) =>
                {
                    d
                }
                _ => continue,
            };
            let (start, end) = word_around(lower, at, end - at);
            found.push(DirectionWord {
                at: start,
                end,
                direction,
                word: lower[start..end].to_string(),
            });
        }
        found.sort_by_key(|d| (d.at, d.end));
        found.dedup_by(|a, b| a.at < b.end && b.at < a.end);
        found
    }

    /// The bound the words right before `offset` put on a number (`meer dan 800`).
    pub fn bound_before(&self, lower: &str, offset: usize) -> Bound {
        let before = lower[..offset.min(lower.len())].trim_end();
        let ends = |w: &String| {
            before.ends_with(w.as_str())
                && !before[..before.len() - w.len()]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric)
        };
        if self.above.iter().any(ends) {
            Bound::Above
        } else if self.below.iter().any(ends) {
            Bound::Below
        } else if self.about.iter().any(ends) {
            Bound::About
        } else {
            Bound::Exact
        }
    }

    /// The first rise and fall word the (lowercase) text holds, as the text writes it
    /// (`stijging` for the stem `stijg`).
    pub fn direction_words<'t>(&self, lower: &'t str) -> (Option<&'t str>, Option<&'t str>) {
        let find = |words: &[String]| {
            words
                .iter()
                .find_map(|w| lower.find(w.as_str()).map(|at| (at, w.len())))
                .map(|(at, len)| {
                    let start = lower[..at]
                        .rfind(|c: char| !c.is_alphanumeric())
                        .map_or(0, |i| {
                            i + lower[i..].chars().next().map_or(1, char::len_utf8)
                        });
                    let end = lower[at + len..]
                        .find(|c: char| !c.is_alphanumeric())
                        .map_or(lower.len(), |i| at + len + i);
                    &lower[start..end]
                })
        };
        (find(&self.rise), find(&self.fall))
    }

    /// Where the first word of a rise, fall or change stands in the (lowercase) text.
    pub fn first_change_word(&self, lower: &str) -> Option<usize> {
        let words = self
            .change
            .iter()
            .filter_map(|w| lower.find(w.as_str()))
            .min();
        let directions = self.directions(lower).first().map(|d| d.at);
        words.into_iter().chain(directions).min()
    }

    /// A word without its ending, if at least four letters stay.
    pub fn stem<'w>(&self, word: &'w str) -> &'w str {
        for ending in &self.endings {
            if let Some(stem) = word.strip_suffix(ending.as_str()) {
                if stem.chars().count() >= 4 {
                    return stem;
                }
            }
        }
        word
    }

    /// The text's words, lowercase and stemmed, each between spaces: ` seksuel uitbuiting `.
    /// An apostrophe parts words (`d'exploitation`); a hyphen does not.
    pub fn stemmed(&self, text: &str) -> String {
        let mut out = String::from(" ");
        for word in text
            .to_lowercase()
            .split(|c: char| !(c.is_alphanumeric() || c == '-'))
            .map(|w| w.trim_matches('-'))
            .filter(|w| !w.is_empty())
        {
            out.push_str(self.stem(word));
            out.push(' ');
        }
        out
    }
}

/// The whole word around `at..at + len` of `lower` (`stijging` around `stijg`).
fn word_around(lower: &str, at: usize, len: usize) -> (usize, usize) {
    let start = lower[..at]
        .rfind(|c: char| !c.is_alphanumeric())
        .map_or(0, |i| {
            i + lower[i..].chars().next().map_or(1, char::len_utf8)
        });
    let end = lower[at + len..]
        .find(|c: char| !c.is_alphanumeric())
        .map_or(lower.len(), |i| at + len + i);
    (start, end)
}

/// A metric's label without bracketed qualifiers: "Seksuele uitbuiting (totaal)" →
/// "Seksuele uitbuiting".
pub fn without_qualifiers(label: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in label.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One metric as a language's text names it.
pub struct Named<'m> {
    pub metric: &'m Metric,
    pub label: String,
    pub unit: String,
}

/// The metrics and the names a language's text may call them by (label, label without
/// qualifiers, keywords; each lowercase and stemmed), searched all at once: a sentence is
/// read once however large the catalogue.
pub struct Catalogue<'m> {
    pub metrics: Vec<Named<'m>>,
    names: Option<AhoCorasick>,
    /// For each name, the index of its metric.
    owner: Vec<usize>,
}

impl<'m> Catalogue<'m> {
    /// `translation` is `None` for the site's default language.
    pub fn new(
        metrics: &'m [Metric],
        translation: Option<crate::format::Lang>,
        words: &Vocabulary,
    ) -> Catalogue<'m> {
        let mut patterns = Vec::new();
        let mut owner = Vec::new();
        let mut named = Vec::new();
        for (i, m) in metrics.iter().enumerate() {
            let text = translation.and_then(|l| m.translations.get(&l));
            let (label, unit, keywords) = match text {
                Some(t) => (&t.label, &t.unit, &t.keywords),
                None => (&m.label, &m.unit, &m.keywords),
            };
            let bare = without_qualifiers(label);
            let mut own: Vec<String> = [label, &bare]
                .into_iter()
                .chain(keywords)
                .map(|name| words.stemmed(name))
                .filter(|name| !name.trim().is_empty())
                .collect();
            own.sort_unstable();
            own.dedup();
            owner.extend(std::iter::repeat_n(i, own.len()));
            patterns.extend(own);
            named.push(Named {
                metric: m,
                label: label.clone(),
                unit: unit.clone(),
            });
        }
        Catalogue {
            metrics: named,
            names: AhoCorasick::new(&patterns).ok(),
            owner,
        }
    }

    /// The metrics a sentence names by label or keyword, in any form; `stemmed` is
    /// [`Vocabulary::stemmed`] of the sentence.
    pub fn named_in(&self, stemmed: &str) -> Vec<usize> {
        let mut found: Vec<usize> = self.names.as_ref().map_or_else(Vec::new, |names| {
            names
                .find_overlapping_iter(stemmed)
                .map(|hit| self.owner[hit.pattern().as_usize()])
                .collect()
        });
        found.sort_unstable();
        found.dedup();
        found
    }

    /// The index of the metric with this id.
    pub fn by_id(&self, id: &str) -> Option<usize> {
        self.metrics.iter().position(|n| n.metric.id == id)
    }
}

/// The names of the months as the language writes them in a date, lowercase.
pub fn month_names(format: &crate::format::Format) -> Vec<String> {
    (1..=12u8)
        .filter_map(|month| {
            let date = crate::format::Date::parse(&format!("2001-{month:02}-23")).ok()?;
            let written = format.date(&date).to_lowercase();
            let words: Vec<String> = written
                .split(|c: char| !c.is_alphabetic())
                .filter(|w| w.chars().count() >= 3)
                .map(str::to_string)
                .collect();
            words.into_iter().next()
        })
        .collect()
}
