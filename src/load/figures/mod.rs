//! figures.yaml: a map from metric id to a bare number or a map with the value and its
//! source. Read in two steps, so that one run reports every problem of the file:
//!
//! 1. The parser's events become a small tree of [`Node`]s. The parser lends the text of
//!    a scalar it reads as text from the file itself, so its place is where that text
//!    is; a scalar it reads as a number keeps no text, so its literal is read in the file
//!    after its key ([`literal_after`]). Only broken YAML syntax stops this step.
//! 2. The tree is read into [`Figure`]s, every problem collected: each number by the
//!    rules of [`figure_numbers`] (the text as typed, never the number the parser made of
//!    it), unknown keys, a list where a number belongs, a metric twice.

use super::figure_numbers::{self, Refusal, Typed};
use super::yaml;
use crate::diagnostics::{line_column, relative, Diagnostic, Diagnostics};
use crate::format::Lang;
use crate::model::{Figure, FigureText, StatedChange};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

mod provenance;
mod tree;

use tree::{literal_after, offset_in, Key, KeyLines, Node, NodeSeed};

/// How many decimals each metric of the catalogue declares.
pub type Decimals<'a> = HashMap<&'a str, u8>;

/// Parses the text of a figures.yaml without the catalogue: how each number is written
/// is checked, not the decimals its metric declares.
pub fn parse_figures(root: &Path, path: &Path, text: &str) -> Result<Vec<Figure>, Diagnostics> {
    let read = read_figures(root, path, text, ReadAgainst::default())?;
    read.wrong_numbers.into_result(read.figures)
}

/// What a figures.yaml is read against, where it is known: the year of its folder (a
/// stated change's `since` must be before it) and the decimals each metric declares
/// (`None` when the catalogue could not be read). Every rule about one figure's own
/// numbers is checked as the file is read, so that one run names every problem of the
/// file (issue 26, case 18: a stated change of -250% showed only after a `.nan`
/// elsewhere in the file was fixed).
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadAgainst<'a> {
    pub year: Option<i32>,
    pub decimals: Option<&'a Decimals<'a>>,
}

/// Parses the text of a figures.yaml, checking each figure's numbers against `against`.
pub fn read_figures(
    root: &Path,
    path: &Path,
    text: &str,
    against: ReadAgainst,
) -> Result<FiguresRead, Diagnostics> {
    let rel = relative(root, path);
    yaml::check_before_parsing(&rel, text, 0)?;
    let tree = yaml::deserialize_seed(text, NodeSeed)
        .map_err(|e| yaml::diagnostic(&rel, &e, 0, Some(text)))?;
    let mut reader = Reader {
        file: rel,
        text,
        against,
        problems: Diagnostics::default(),
        wrong_numbers: Diagnostics::default(),
    };
    let figures = reader.figures(tree);
    let Reader {
        problems: mut unreadable,
        wrong_numbers,
        ..
    } = reader;
    if unreadable.is_empty() {
        return Ok(FiguresRead {
            figures,
            wrong_numbers,
        });
    }
    // Unreadable: every problem of the file, in the order of its lines.
    unreadable.extend(wrong_numbers);
    unreadable.into_result(FiguresRead::default())
}

/// A figures.yaml that could be read: its figures, and the numbers in it that are
/// wrong (out of range; the file's other figures are checked on as usual).
#[derive(Debug, Default)]
pub struct FiguresRead {
    pub figures: Vec<Figure>,
    pub wrong_numbers: Diagnostics,
}

/// Names each figures.yaml that is empty (nothing in it, not even a comment) while other
/// problems say that its year has no value: a file truncated to 0 bytes gave 70 errors
/// in the reports ("`weglopers` has no value for 2021") and none at the empty file itself
/// (issue 26, case 17). An empty file alone is no error (a year without figures yet), so
/// it is named only with the errors it explains.
pub fn name_emptied(content: &crate::model::Content, problems: &mut Diagnostics) {
    for year in &content.years {
        if !year.figures.is_empty() || !year.figures_text.trim().is_empty() {
            continue;
        }
        let missing = format!("has no value for {}", year.year);
        let count = problems
            .iter()
            .filter(|p| p.message.contains(&missing))
            .count();
        if count == 0 {
            continue;
        }
        problems.push(
            Diagnostic::new(
                &year.figures_path,
                format!(
                    "this figures.yaml is empty, and {count} {} that a figure of {} has no value",
                    if count == 1 {
                        "error says"
                    } else {
                        "errors say"
                    },
                    year.year
                ),
            )
            .at(1, 1)
            .hint(
                "if the file was emptied by mistake, restore it (from a backup or the previous \
                 version); if the year has no figures yet, take the figures of that year out of \
                 the texts that show them",
            ),
        );
    }
}

/// Reads the tree into figures, collecting every problem.
struct Reader<'r> {
    file: PathBuf,
    text: &'r str,
    against: ReadAgainst<'r>,
    /// What makes the file unreadable.
    problems: Diagnostics,
    /// Numbers read but wrong (a negative count, a fall of 250%): the file is read.
    wrong_numbers: Diagnostics,
}

/// A number as typed, whether it was quoted, and its line and column.
type TypedAt = (String, bool, (usize, usize));

/// The keys of a figure, for the hints.
const FIGURE_KEYS: &str =
    "the keys of a figure are value, source, note, stated_change, break, status, \
     replaces, other_sources, comparable_with and translations: check the spelling";

/// The keys of an earlier value, for the hints.
const REPLACES: &str = "the value this one replaces has `value`, `source` and, if known, `date`, \
     e.g. {value: 1501, source: annual-report-2020, date: 2021-05}";

/// The keys of another source, for the hints.
const OTHER_SOURCE: &str =
    "each other source has `value` and `source`, and may have `date`, `url`, \
     `note` and `translations`, e.g. - {value: 1586, source: annual-report-2019, date: 2020-06}";

/// The keys of a stated change, for the hints.
const STATED_CHANGE: &str =
    "a stated change has `percent` and `since`, e.g. {percent: 21, since: 2020}, and \
     `exact: true` to confirm a percentage with decimals";

impl Reader<'_> {
    fn figures(&mut self, tree: Node) -> Vec<Figure> {
        let entries = match tree {
            Node::Map(entries) => entries,
            // An empty file: a year with no figures yet.
            Node::Empty => return Vec::new(),
            _ => {
                self.problem(
                    (1, 1),
                    "figures.yaml is not a list of metrics with their values".to_string(),
                    "write one metric per line: its id, a colon and its value, e.g. `loans: 867`",
                );
                return Vec::new();
            }
        };
        let mut figures: Vec<Figure> = Vec::with_capacity(entries.len());
        let mut lines = KeyLines::new(self.text);
        for (key, node) in entries {
            let metric = key.text.clone();
            let line = lines.next(&metric);
            if figures.iter().any(|f| f.metric == metric) {
                self.problems.push(
                    Diagnostic::new(&self.file, format!("metric `{metric}` appears twice"))
                        .at_line(Some(line))
                        .hint(
                            "give each metric one value per year: remove or merge the repeated key",
                        ),
                );
                continue;
            }
            let mut figure = Figure {
                metric,
                line,
                ..Figure::default()
            };
            match node {
                Node::Map(fields) => self.fields(&mut figure, fields),
                node => figure.value = self.value(&figure.metric, &key, node, line),
            }
            figures.push(figure);
        }
        figures
    }

    /// The line and column of text lent from the file.
    fn place_of(&self, lent: Option<&str>) -> Option<(usize, usize)> {
        lent.and_then(|l| offset_in(self.text, l))
            .map(|offset| line_column(self.text, offset))
    }

    fn problem(&mut self, place: (usize, usize), message: String, hint: impl Into<String>) {
        self.problems.push(
            Diagnostic::new(&self.file, message)
                .at(place.0, place.1)
                .hint(hint),
        );
    }

    /// A number's text as typed and its place: from the parser for text, after its key
    /// for a number (when what stands there is that number; else `None`).
    fn typed(&self, key: &Key, node: &Node) -> Option<TypedAt> {
        let key_place = self.place_of(key.lent);
        match node {
            Node::Text { text, lent } => {
                let offset = lent.and_then(|l| offset_in(self.text, l));
                // Text the parser could not lend was quoted with escapes, or folded
                // over lines: text either way.
                let quoted = offset
                    .is_some_and(|o| o > 0 && matches!(self.text.as_bytes()[o - 1], b'"' | b'\''))
                    || lent.is_none();
                // A quoted value is placed at its opening quote.
                let start = offset.map(|o| o - usize::from(quoted && o > 0));
                let place = start.map(|o| line_column(self.text, o)).or(key_place)?;
                Some((text.clone(), quoted, place))
            }
            Node::Number(v) => {
                let (offset, literal) = literal_after(self.text, key.lent?)?;
                let head = literal.split(',').next().unwrap_or("");
                let read = head.strip_prefix('+').unwrap_or(head).parse::<f64>().ok();
                // Numbers beyond 64 bits are read approximately by both.
                let is_that_number = read
                    .is_some_and(|r| r == *v || (r - v).abs() <= v.abs() * 1e-9)
                    // `.nan`, `.inf`, `-.inf`: refused as they are written.
                    || (!v.is_finite() && head.trim_start_matches(['+', '-']).starts_with('.'));
                is_that_number.then(|| (literal, false, line_column(self.text, offset)))
            }
            _ => None,
        }
    }

    /// The place of `node` (a value after `key`), or of the key, or the figure's line.
    fn place_near(&self, key: &Key, node: &Node, line: usize) -> (usize, usize) {
        self.typed(key, node)
            .map(|t| t.2)
            .or_else(|| self.place_of(key.lent))
            .unwrap_or((line, 1))
    }

    /// A number after `key`, read with `read`; a problem for anything else. `what` names
    /// it in the messages. `read` gives the number and, when it is out of range, what is
    /// wrong with it: the number is kept and the problem goes to `wrong_numbers`.
    fn number<T>(
        &mut self,
        key: &Key,
        node: Node,
        line: usize,
        what: &str,
        read: impl FnOnce(Typed) -> Result<(T, Option<Refusal>), Refusal>,
    ) -> Option<T> {
        let found = match &node {
            Node::Number(_) | Node::Text { .. } => None,
            Node::Empty => return None,
            Node::Bool(_) => Some("true or false"),
            Node::Other(kind) => Some(*kind),
            Node::List(_) => Some("a list"),
            Node::Map(_) => Some("a list of keys and values"),
        };
        if let Some(found) = found {
            let place = self.place_near(key, &node, line);
            self.problem(
                place,
                format!("{what} is {found}, where a number belongs"),
                "write the number as digits, e.g. 2205",
            );
            return None;
        }
        let Some((text, quoted, place)) = self.typed(key, &node) else {
            let place = self.place_near(key, &node, line);
            self.problem(
                place,
                format!("{what}: the number cannot be read as it is written"),
                "write the number itself as digits, e.g. 2205 (no anchor, alias or tag)",
            );
            return None;
        };
        match read(Typed {
            text: &text,
            quoted,
        }) {
            Ok((v, None)) => Some(v),
            Ok((v, Some(wrong))) => {
                self.wrong_numbers.push(
                    Diagnostic::new(&self.file, wrong.message)
                        .at(place.0, place.1)
                        .hint(wrong.hint),
                );
                Some(v)
            }
            Err(refusal) => {
                self.problem(place, refusal.message, refusal.hint);
                None
            }
        }
    }

    fn value(&mut self, metric: &str, key: &Key, node: Node, line: usize) -> Option<f64> {
        let decimals = self
            .against
            .decimals
            .and_then(|catalogue| catalogue.get(metric).copied());
        self.number(key, node, line, &format!("`{metric}`"), |typed| {
            let value = figure_numbers::read_value(metric, typed, decimals)?;
            let range = figure_numbers::value_in_range(metric, typed.text.trim(), value);
            Ok((value, range.err()))
        })
        .map(without_minus_zero)
    }

    fn fields(&mut self, figure: &mut Figure, fields: Vec<(Key, Node)>) {
        let metric = figure.metric.clone();
        let line = figure.line;
        let mut seen: Vec<String> = Vec::new();
        // The groups of a `1,586` in braces, which YAML reads as keys: its one error is
        // the value's.
        let mut groups: Vec<String> = Vec::new();
        for (key, node) in fields {
            let name = key.text.clone();
            let key_place = self.place_of(key.lent).unwrap_or((line, 1));
            if groups.contains(&name) && matches!(node, Node::Empty) {
                continue;
            }
            if seen.contains(&name) {
                self.problem(
                    key_place,
                    format!("`{metric}` has `{name}` twice"),
                    "each key may appear only once: remove or merge the repeated one",
                );
                continue;
            }
            seen.push(name.clone());
            match name.as_str() {
                "value" => {
                    if let (Node::Number(_), Some((literal, _, _))) =
                        (&node, self.typed(&key, &node))
                    {
                        groups.extend(literal.split(',').skip(1).map(str::to_string));
                    }
                    figure.value = self.value(&metric, &key, node, line);
                }
                "source" => figure.source = self.text_field(&metric, &name, &key, node, line),
                "note" => figure.note = self.text_field(&metric, &name, &key, node, line),
                "stated_change" => {
                    figure.stated_change = self.stated_change(&metric, &key, node, line)
                }
                "break" => figure.break_note = self.text_field(&metric, &name, &key, node, line),
                "comparable_with" => {
                    let what = format!("`{metric}`: the year of `comparable_with`");
                    figure.comparable_with = self.number(&key, node, line, &what, |t| {
                        let text = t.text.trim();
                        match text.parse::<i32>() {
                            Ok(year) if !t.quoted && text.bytes().all(|b| b.is_ascii_digit()) => {
                                Ok((year, None))
                            }
                            _ => Err(Refusal {
                                message: format!(
                                    "`{metric}`: `comparable_with: {text}` is not a year"
                                ),
                                hint: "write the earlier year whose value counts the same \
                                       thing, as four digits without quotes, e.g. \
                                       comparable_with: 2020"
                                    .into(),
                            }),
                        }
                    });
                }
                "status" => figure.status = self.status(&metric, &key, node, line),
                "replaces" => figure.replaces = self.revision(&metric, &key, node, line),
                "other_sources" => {
                    figure.other_sources = self.other_sources(&metric, &key, node, line)
                }
                "translations" => {
                    figure.translations = self.figure_translations(&metric, &key, node, line)
                }
                _ => self.problem(
                    key_place,
                    format!("`{metric}` has an unknown key `{name}`"),
                    FIGURE_KEYS,
                ),
            }
        }
    }

    fn text_field(
        &mut self,
        metric: &str,
        name: &str,
        key: &Key,
        node: Node,
        line: usize,
    ) -> Option<String> {
        match node {
            Node::Text { text, .. } => Some(text),
            Node::Empty => None,
            Node::Number(v) => Some(
                self.typed(key, &node)
                    .map_or_else(|| v.to_string(), |t| t.0),
            ),
            other => {
                let place = self.place_near(key, &other, line);
                self.problem(
                    place,
                    format!("`{metric}`: the {name} is not a text"),
                    format!("write the {name} as one line of text, in quotes if it contains `: `"),
                );
                None
            }
        }
    }

    fn status(
        &mut self,
        metric: &str,
        key: &Key,
        node: Node,
        line: usize,
    ) -> Option<crate::model::FigureStatus> {
        let place = self.place_near(key, &node, line);
        let word = self.text_field(metric, "status", key, node, line)?;
        let status = crate::model::FigureStatus::from_word(word.trim());
        if status.is_none() {
            self.problem(
                place,
                format!("`{metric}`: the status `{word}` is not known"),
                "write `status: estimated` for an estimate or `status: provisional` for a value that may still change; leave it out for a final value",
            );
        }
        status
    }

    /// The keys of a small map (`replaces`, an other source, a translation), each once;
    /// a problem for anything that is not a map, a repeated key or a key not in `known`.
    fn small_map<'n>(
        &mut self,
        what: &str,
        key: &Key,
        node: Node<'n>,
        line: usize,
        known: &[&str],
        hint: &str,
    ) -> Option<Vec<(Key<'n>, Node<'n>)>> {
        let Node::Map(fields) = node else {
            let place = self.place_near(key, &node, line);
            self.problem(
                place,
                format!("{what} is not a list of keys and values"),
                hint,
            );
            return None;
        };
        let mut kept = Vec::new();
        let mut seen: Vec<String> = Vec::new();
        for (field, value) in fields {
            let place = self.place_of(field.lent).unwrap_or((line, 1));
            if !known.contains(&field.text.as_str()) {
                self.problem(
                    place,
                    format!("{what} has an unknown key `{}`", field.text),
                    hint,
                );
            } else if seen.contains(&field.text) {
                self.problem(
                    place,
                    format!("{what} has `{}` twice", field.text),
                    "each key may appear only once: remove or merge the repeated one",
                );
            } else {
                seen.push(field.text.clone());
                kept.push((field, value));
            }
        }
        Some(kept)
    }

    /// `translations: {fr: {note: …, break: …}}`: texts by language, each a map of the
    /// `known` keys.
    fn translations(
        &mut self,
        what: &str,
        key: &Key,
        node: Node,
        line: usize,
        known: &[&str],
    ) -> Vec<(Lang, HashMap<String, String>)> {
        let hint = format!(
            "write the translations by language code, e.g. translations: {{fr: {{{}: …}}}}",
            known.join(": …, ")
        );
        let what = format!("{what}: translations");
        let Node::Map(langs) = node else {
            let place = self.place_near(key, &node, line);
            self.problem(place, format!("{what} is not a list of languages"), hint);
            return Vec::new();
        };
        let mut out = Vec::new();
        for (lang_key, node) in langs {
            let Some(lang) = Lang::from_code(&lang_key.text) else {
                let place = self.place_of(lang_key.lent).unwrap_or((line, 1));
                self.problem(
                    place,
                    format!("{what}: `{}` is not a language code", lang_key.text),
                    "use the code of one of the site's languages (as in site.yaml), e.g. fr",
                );
                continue;
            };
            if out.iter().any(|(l, _)| *l == lang) {
                continue;
            }
            let what = format!("{what} ({})", lang_key.text);
            let Some(fields) = self.small_map(&what, &lang_key, node, line, known, &hint) else {
                continue;
            };
            let mut texts = HashMap::new();
            for (field, node) in fields {
                if let Some(text) = self.text_field(&what, &field.text, &field, node, line) {
                    texts.insert(field.text.clone(), text);
                }
            }
            out.push((lang, texts));
        }
        out
    }

    fn figure_translations(
        &mut self,
        metric: &str,
        key: &Key,
        node: Node,
        line: usize,
    ) -> BTreeMap<Lang, FigureText> {
        let what = format!("`{metric}`");
        self.translations(&what, key, node, line, &["note", "break"])
            .into_iter()
            .map(|(lang, mut texts)| {
                let text = FigureText {
                    note: texts.remove("note"),
                    break_note: texts.remove("break"),
                };
                (lang, text)
            })
            .collect()
    }

    fn stated_change(
        &mut self,
        metric: &str,
        key: &Key,
        node: Node,
        line: usize,
    ) -> Option<StatedChange> {
        let Node::Map(fields) = node else {
            let place = self.place_near(key, &node, line);
            self.problem(
                place,
                format!("`{metric}`: the stated change is not a percentage and a year"),
                STATED_CHANGE,
            );
            return None;
        };
        let key_place = self.place_of(key.lent).unwrap_or((line, 1));
        let (mut percent, mut since, mut exact) = (None, None, false);
        let (mut has_percent, mut has_since, mut broken) = (false, false, false);
        for (field, value) in fields {
            let place = self.place_of(field.lent).unwrap_or(key_place);
            match field.text.as_str() {
                "percent" if !has_percent => {
                    has_percent = true;
                    let what = format!("`{metric}`: the stated change");
                    percent = self.number(&field, value, line, &what, |t| {
                        let percent = figure_numbers::read_percent(metric, t)?;
                        let range =
                            figure_numbers::percent_in_range(metric, t.text.trim(), percent);
                        Ok((percent, range.err()))
                    });
                    broken |= percent.is_none();
                }
                "since" if !has_since => {
                    has_since = true;
                    let what = format!("`{metric}`: the year of the stated change");
                    let folder = self.against.year;
                    since = self.number(&field, value, line, &what, |t| {
                        let since = figure_numbers::read_year(metric, t)?;
                        Ok((
                            since,
                            figure_numbers::since_in_range(metric, since, folder).err(),
                        ))
                    });
                    broken |= since.is_none();
                }
                "exact" => match value {
                    Node::Bool(b) => exact = b,
                    _ => {
                        broken = true;
                        self.problem(
                            place,
                            format!("`{metric}`: the stated change's `exact` is not true or false"),
                            "write `exact: true` to confirm a percentage with decimals, or leave it out",
                        );
                    }
                },
                "percent" | "since" => {
                    broken = true;
                    self.problem(
                        place,
                        format!("`{metric}`: the stated change has `{}` twice", field.text),
                        "each key may appear only once: remove or merge the repeated one",
                    );
                }
                other => {
                    broken = true;
                    self.problem(
                        place,
                        format!("`{metric}`: the stated change has an unknown key `{other}`"),
                        STATED_CHANGE,
                    );
                }
            }
        }
        match (percent, since) {
            (Some(percent), Some(since)) => Some(StatedChange {
                percent: without_minus_zero(percent),
                since,
                exact,
            }),
            _ => {
                if !broken {
                    let missing = if has_percent { "since" } else { "percent" };
                    self.problem(
                        key_place,
                        format!("`{metric}`: the stated change has no `{missing}`"),
                        STATED_CHANGE,
                    );
                }
                None
            }
        }
    }
}

/// `-0` (or `-0.0`) is zero: else it is written `-0` wherever a number is printed as is.
fn without_minus_zero(value: f64) -> f64 {
    if value == 0.0 {
        0.0
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(text: &str) -> Result<Vec<Figure>, Diagnostics> {
        parse_figures(Path::new("/site"), Path::new("/site/f.yaml"), text)
    }

    #[test]
    fn figures_bare_and_full() {
        let f = figures("weglopers: 867\nseksuele-uitbuiting:\n  value: 2205\n  source: pb\n  stated_change: {percent: 47, since: 2019}\n").unwrap();
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].value, Some(867.0));
        assert_eq!(f[0].line, 1);
        assert_eq!(f[1].value, Some(2205.0));
        assert_eq!(f[1].source.as_deref(), Some("pb"));
        assert_eq!(f[1].line, 2);
        assert_eq!(
            f[1].stated_change,
            Some(StatedChange {
                percent: 47.0,
                since: 2019,
                exact: false
            })
        );
    }

    #[test]
    fn duplicate_figure_is_an_error_on_its_line() {
        let e = figures("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!(e.len(), 1);
        assert_eq!(e.0[0].line, Some(3));
        assert!(e.0[0].message.contains("`a` appears twice"));
    }

    #[test]
    fn typo_in_a_figure_names_line_and_column() {
        let e = figures("a:\n  value: 1\n  sourse: x\n").unwrap_err();
        assert_eq!(e.0[0].line, Some(3));
        assert!(e.0[0].message.contains("unknown key `sourse`"), "{e}");
    }

    #[test]
    fn empty_figures_file_is_no_figures() {
        assert!(figures("").unwrap().is_empty());
        assert!(figures("# nothing yet\n").unwrap().is_empty());
    }

    #[test]
    fn provenance_of_a_figure_is_read() {
        let f = figures(
            "m:\n  value: 1501\n  source: pb-2020\n  break: telt anders\n  status: provisional\n  replaces: {value: 1480, source: pb-2019, date: 2020-05}\n  other_sources:\n    - value: 1586\n      source: Jaarverslag 2019\n      date: 2020\n      url: https://example.org/j.pdf\n      note: andere telling\n      translations: {fr: {note: autre comptage}}\n  translations:\n    fr: {note: une note, break: compte autrement}\n  note: een noot\n",
        )
        .unwrap();
        let f = &f[0];
        assert_eq!(f.break_note.as_deref(), Some("telt anders"));
        assert_eq!(f.status, Some(crate::model::FigureStatus::Provisional));
        let r = f.replaces.as_ref().unwrap();
        assert_eq!((r.value, r.source.as_str()), (1480.0, "pb-2019"));
        assert_eq!(r.date.unwrap().to_string(), "2020-05");
        let o = &f.other_sources[0];
        assert_eq!((o.value, o.source.as_str()), (1586.0, "Jaarverslag 2019"));
        assert_eq!(o.date.unwrap().to_string(), "2020");
        assert_eq!(o.url.as_deref(), Some("https://example.org/j.pdf"));
        assert_eq!(
            o.translations[&Lang::from_code("fr").unwrap()],
            "autre comptage"
        );
        assert_eq!(o.line, 8);
        let fr = &f.translations[&Lang::from_code("fr").unwrap()];
        assert_eq!(fr.note.as_deref(), Some("une note"));
        assert_eq!(fr.break_note.as_deref(), Some("compte autrement"));
    }

    #[test]
    fn every_problem_of_the_provenance_is_told_at_its_place() {
        let e = figures(
            "m:\n  value: 1\n  other_sources: 5\nn:\n  value: 1\n  other_sources:\n    - {value: \"12\", source: x}\n    - {source: y}\n  replaces: {value: 3}\n  translations: {français: {note: a}, fr: {nota: b}}\n  status: final\no:\n  value: 1\n  replaces: {value: 2, source: z, date: mei 2020}\n",
        )
        .unwrap_err();
        let said: Vec<String> =
            e.0.iter()
                .map(|d| {
                    format!(
                        "{}:{} {}",
                        d.line.unwrap_or(0),
                        d.column.unwrap_or(0),
                        d.message
                    )
                })
                .collect();
        let expect = [
            "3:18 `m`: other_sources is not a list",
            "7:15 `n`: \"12\" is in quotes",
            "8:8 `n`: another source has no `value`",
            "9:3 `n`: the value it replaces has no `source`",
            "10:18 `n`: translations: `français` is not a language code",
            "10:44 `n`: translations (fr) has an unknown key `nota`",
            "11:11 `n`: the status `final` is not known",
            "14:41 `o`: the value it replaces: `mei 2020` is not a date",
        ];
        for (said, expected) in said.iter().zip(expect) {
            assert!(
                said.starts_with(expected),
                "{said:?} does not start with {expected:?}"
            );
        }
        assert_eq!(said.len(), expect.len(), "{said:#?}");
    }
}
