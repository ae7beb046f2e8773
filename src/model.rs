//! The content model: what `content/` says, in types. `load` fills it from the files;
//! everything after loading reads it. It depends on nothing but the formats of
//! dates and languages.
//!
//! Every struct read from YAML denies unknown fields: a typo is an error with a line.

use crate::format::{Date, Lang};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub base_url: String,
    #[serde(default = "default_language")]
    pub language: Lang,
    /// URL words for the default language; its language file's otherwise.
    #[serde(default)]
    pub words: Option<Words>,
    /// The other languages, published under `/<code>/`.
    #[serde(default)]
    pub languages: BTreeMap<Lang, LanguageConfig>,
    pub organisation: Organisation,
    pub themes: Vec<ThemeConfig>,
    #[serde(default)]
    pub events: Vec<EventConfig>,
    /// The kinds of publication; the theme's default set when empty.
    #[serde(default)]
    pub kinds: Vec<KindConfig>,
    /// Numbers in any text of the site that are not figures (a helpline, an age range),
    /// each with why: the prose check leaves them alone wherever they stand.
    #[serde(default)]
    pub not_figures: BTreeMap<String, String>,
}

/// A site.yaml without `language:` is Dutch, as every site was before languages were data.
fn default_language() -> Lang {
    Lang::DUTCH
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageConfig {
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// URL words for this language's sections; the language's defaults otherwise.
    #[serde(default)]
    pub words: Option<Words>,
}

/// The words in a language's URLs: `/cijfers/` is `/fr/chiffres/`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Words {
    /// The list of metrics and each metric's page: `cijfers`, `chiffres`.
    pub metrics: String,
    /// The list of themes and each theme's page: `themas`, `themes`.
    pub themes: String,
    /// The list of publications and each one's page: `publicaties`, `publications`.
    pub publications: String,
    /// The folder of standalone charts (SVG and CSV): `grafieken`, `graphiques`.
    pub charts: String,
}

impl Words {
    /// Their keys in a language file (`url_metrics: chiffres`), in the order of the fields.
    pub const KEYS: [&'static str; 4] = [
        "url_metrics",
        "url_themes",
        "url_publications",
        "url_charts",
    ];

    /// The words a language file gives, looked up by key.
    pub fn from_strings<'a>(get: impl Fn(&'static str) -> &'a str) -> Words {
        let [metrics, themes, publications, charts] = Words::KEYS.map(|key| get(key).to_string());
        Words {
            metrics,
            themes,
            publications,
            charts,
        }
    }
}

/// Translated text of a theme, a comparison, an event or a metric.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeText {
    pub label: String,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TitleText {
    pub title: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabelText {
    pub label: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricText {
    pub label: String,
    pub unit: String,
    pub description: String,
    #[serde(default)]
    pub definition: String,
    #[serde(default)]
    pub keywords: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    pub name: String,
    #[serde(default)]
    pub url: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeConfig {
    pub id: String,
    pub label: String,
    #[serde(default)]
    pub description: String,
    /// Groups of comparable metrics drawn together in one chart.
    #[serde(default)]
    pub compare: Vec<Comparison>,
    #[serde(default)]
    pub translations: BTreeMap<Lang, ThemeText>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Comparison {
    pub title: String,
    pub metrics: Vec<String>,
    #[serde(default)]
    pub translations: BTreeMap<Lang, TitleText>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventConfig {
    pub label: String,
    pub from: i32,
    #[serde(default)]
    pub to: Option<i32>,
    /// Only on the charts of these themes; all charts when empty.
    #[serde(default)]
    pub themes: Vec<String>,
    #[serde(default)]
    pub translations: BTreeMap<Lang, LabelText>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Metric {
    pub id: String,
    pub label: String,
    pub theme: String,
    pub unit: String,
    pub description: String,
    /// Markdown: exactly what is counted and what is not.
    #[serde(default)]
    pub definition: String,
    /// Shown on the home page.
    #[serde(default)]
    pub headline: bool,
    /// How many decimals a value may have; 0 for counts, so `2.205` (which YAML reads as
    /// two point two) is caught instead of published.
    #[serde(default)]
    pub decimals: u8,
    /// Other words for this metric in prose, for `check`'s prose consistency (its label
    /// is always one).
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Which way is good news (`better: up` for volunteers, `down` for waiting lists);
    /// none by default: a change is then drawn neutral, neither good nor bad.
    #[serde(default)]
    pub better: Option<Better>,
    #[serde(default)]
    pub translations: BTreeMap<Lang, MetricText>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Better {
    Up,
    Down,
}

impl Metric {
    /// Whether this metric is a share (unit `%`): see [`crate::format::is_share_unit`].
    pub fn is_share(&self) -> bool {
        crate::format::is_share_unit(&self.unit)
    }
}

/// One value in a year's figures.yaml.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Figure {
    pub metric: String,
    pub value: Option<f64>,
    pub source: Option<String>,
    pub note: Option<String>,
    pub stated_change: Option<StatedChange>,
    /// `break:` what the series counts differently from this year on. No change is
    /// computed across it (see `derive::Dataset::break_between`).
    pub break_note: Option<String>,
    /// `status:` estimated or provisional (Eurostat's flags e and p).
    pub status: Option<FigureStatus>,
    /// `other_sources:` other published figures for the same metric and year. The value
    /// above stays the one shown and checked.
    pub other_sources: Vec<OtherSource>,
    /// `replaces:` the earlier published value this one revises.
    pub replaces: Option<Revision>,
    /// `translations:` the note and break text in other languages.
    pub translations: BTreeMap<Lang, FigureText>,
    /// `comparable_with:` an earlier year whose value comes from another publisher but
    /// counts the same thing: the change between the two is computed after all (see
    /// `derive::Dataset::comparison`).
    pub comparable_with: Option<i32>,
    /// Line of the key in figures.yaml, for later diagnostics.
    pub line: usize,
}

/// How sure a value is, when not final (SDMX's OBS_STATUS E and P).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FigureStatus {
    Estimated,
    Provisional,
}

impl FigureStatus {
    /// The word in figures.yaml, and the key of its name among the interface strings
    /// (`status_<word>`).
    pub fn word(self) -> &'static str {
        match self {
            FigureStatus::Estimated => "estimated",
            FigureStatus::Provisional => "provisional",
        }
    }

    pub fn from_word(word: &str) -> Option<FigureStatus> {
        match word {
            "estimated" => Some(FigureStatus::Estimated),
            "provisional" => Some(FigureStatus::Provisional),
            _ => None,
        }
    }
}

/// Another published figure for the same metric and year.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OtherSource {
    pub value: f64,
    /// A publication slug (linked) or free text.
    pub source: String,
    pub date: Option<Date>,
    /// The address of the original, when it is not a publication of the site.
    pub url: Option<String>,
    pub note: Option<String>,
    /// The note in other languages.
    pub translations: BTreeMap<Lang, String>,
    /// Its line in figures.yaml.
    pub line: usize,
}

/// The earlier published value that a value replaces.
#[derive(Debug, Clone, PartialEq)]
pub struct Revision {
    pub value: f64,
    /// Where it was published: a publication slug (linked) or free text.
    pub source: String,
    pub date: Option<Date>,
}

/// A figure's texts in another language.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FigureText {
    pub note: Option<String>,
    pub break_note: Option<String>,
}

/// A change exactly as a source states it ("+21% t.o.v. 2020").
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatedChange {
    pub percent: f64,
    pub since: i32,
    /// `exact: true`: the author confirms a percentage with a fraction on a count
    /// metric (sources state whole percents, so 3.9 is taken for a typo of 39 otherwise).
    #[serde(default)]
    pub exact: bool,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportMeta {
    pub title: String,
    pub date: Date,
    #[serde(default)]
    pub summary: String,
    /// Publication slugs or free text.
    #[serde(default)]
    pub sources: Vec<String>,
    /// `untranslated: [fr]`: the languages this report is not translated into, on purpose.
    #[serde(default)]
    pub untranslated: Vec<Lang>,
    /// Numbers in the text that are not figures of a metric (a target, another
    /// organisation's count), each with why: the prose check leaves them alone.
    #[serde(default)]
    pub not_figures: BTreeMap<String, String>,
}

/// A kind of publication a site declares in site.yaml (`kinds:`): its id in front matter
/// (`kind: press-release`), and its name in each language, one and several.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindConfig {
    pub id: String,
    pub label: String,
    pub plural: String,
    #[serde(default)]
    pub translations: BTreeMap<Lang, KindText>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindText {
    pub label: String,
    pub plural: String,
}

/// The kinds of a site that declares none: named by the language files (`kind_<id>` and
/// `kind_<id>_plural`, with `_` for `-`), so they read right in every language.
pub const DEFAULT_KINDS: [&str; 4] = ["report", "press-release", "article", "other"];

impl SiteConfig {
    /// The ids a publication's `kind:` may have: the site's own, or the theme's default set.
    pub fn kind_ids(&self) -> Vec<&str> {
        if self.kinds.is_empty() {
            DEFAULT_KINDS.to_vec()
        } else {
            self.kinds.iter().map(|k| k.id.as_str()).collect()
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublicationMeta {
    pub title: String,
    pub date: Date,
    /// One of the site's kinds ([`SiteConfig::kind_ids`]).
    pub kind: String,
    #[serde(default)]
    pub themes: Vec<String>,
    #[serde(default)]
    pub year: Option<i32>,
    #[serde(default)]
    pub summary: String,
    /// Where the original was published.
    #[serde(default)]
    pub origin: Option<String>,
    /// The address of the original document (http or https).
    #[serde(default)]
    pub url: Option<String>,
    /// Who published it, when not the site's organisation (a newspaper, a ministry):
    /// values of one metric from different publishers are not compared (see
    /// `derive::Publisher`).
    #[serde(default)]
    pub publisher: Option<String>,
    /// `untranslated: [fr]`: the languages this document is not translated into, on
    /// purpose (see `validate/translations.rs`).
    #[serde(default)]
    pub untranslated: Vec<Lang>,
    /// Numbers in the text that are not figures of a metric (a target, another
    /// organisation's count), each with why: the prose check leaves them alone.
    #[serde(default)]
    pub not_figures: BTreeMap<String, String>,
}

/// The front matter of a translated document: only what is said in words; the rest
/// comes from its twin in the default language.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TranslatedMeta {
    pub title: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub origin: Option<String>,
    /// Numbers in the text that are not figures of a metric (a target, another
    /// organisation's count), each with why: the prose check leaves them alone.
    #[serde(default)]
    pub not_figures: BTreeMap<String, String>,
}

/// What a document's front matter says in words: its own, or its translation's.
pub trait Titled {
    fn title(&self) -> &str;
    fn summary(&self) -> &str;
    /// Numbers in the text that are not figures of a metric, each with why.
    fn not_figures(&self) -> &BTreeMap<String, String>;
}

macro_rules! titled {
    ($($meta:ty),*) => {$(
        impl Titled for $meta {
            fn title(&self) -> &str {
                &self.title
            }
            fn summary(&self) -> &str {
                &self.summary
            }
            fn not_figures(&self) -> &BTreeMap<String, String> {
                &self.not_figures
            }
        }
    )*};
}

titled!(ReportMeta, PublicationMeta, PageMeta, TranslatedMeta);

/// The original documents (not their translations) say which languages they leave out.
macro_rules! untranslated {
    ($($meta:ty),*) => {$(
        impl $meta {
            pub fn untranslated_languages(&self) -> &[Lang] {
                &self.untranslated
            }
        }
    )*};
}

untranslated!(ReportMeta, PublicationMeta, PageMeta);

/// Which kind of document a translation belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DocKind {
    Report,
    Publication,
    Page,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageMeta {
    pub title: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub order: Option<i32>,
    /// `untranslated: [fr]`: the languages this page is not translated into, on purpose.
    #[serde(default)]
    pub untranslated: Vec<Lang>,
    /// Numbers in the text that are not figures of a metric (a target, another
    /// organisation's count), each with why: the prose check leaves them alone.
    #[serde(default)]
    pub not_figures: BTreeMap<String, String>,
}

/// A Markdown file with front matter.
#[derive(Debug, Clone)]
pub struct Document<M> {
    pub slug: String,
    /// Relative to the site root, for diagnostics.
    pub path: PathBuf,
    pub meta: M,
    pub body: String,
    /// The 1-based line of the file on which `body` starts.
    pub body_line: usize,
}

#[derive(Debug, Clone)]
pub struct YearContent {
    pub year: i32,
    pub report: Option<Document<ReportMeta>>,
    pub figures: Vec<Figure>,
    /// Relative path of figures.yaml (whether or not it exists).
    pub figures_path: PathBuf,
    /// The text of figures.yaml, to place later diagnostics (see `load::place_in_yaml`).
    pub figures_text: String,
}

/// Everything under `content/`, parsed but not yet cross-checked.
#[derive(Debug, Clone)]
pub struct Content {
    pub root: PathBuf,
    pub config: SiteConfig,
    pub config_path: PathBuf,
    pub metrics: Vec<Metric>,
    pub metrics_path: PathBuf,
    /// The source text of metrics.yaml, to find lines for later diagnostics.
    pub metrics_text: String,
    /// The lines of each `id:` in metrics.yaml, made once (see [`Content::metric_line`]).
    pub metric_id_lines: HashMap<String, Vec<usize>>,
    pub years: Vec<YearContent>,
    pub publications: Vec<Document<PublicationMeta>>,
    pub pages: Vec<Document<PageMeta>>,
    /// Translated documents, by kind, slug (the year for reports) and language.
    pub translations: BTreeMap<(DocKind, String, Lang), Document<TranslatedMeta>>,
    /// The files that could not be read (each has its error already): checks that would
    /// miss them skip what depends on them. Empty in a site that builds.
    pub unread: BTreeSet<PathBuf>,
    /// What loading read but must say: a hidden row of the figures spreadsheet. Shown
    /// as warnings by `build` and `check`.
    pub load_warnings: crate::diagnostics::Diagnostics,
}

impl Content {
    /// The line of the `n`th `id: <id>` in metrics.yaml (`n` = 0 for the first). An index
    /// made once: searching the text for each metric grew as metrics × lines.
    pub fn metric_line(&self, id: &str, n: usize) -> Option<usize> {
        self.metric_id_lines.get(id)?.get(n).copied()
    }
}

/// A year folder's name: exactly four digits, 1900 to 2999.
pub fn parse_year(name: &str) -> Option<i32> {
    if name.len() != 4 || !name.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: i32 = name.parse().ok()?;
    (1900..=2999).contains(&year).then_some(year)
}

/// Lowercase kebab-case: `a-z`, `0-9` and single inner hyphens.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 100
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kinds_are_the_sites_or_the_themes() {
        let config = |kinds: &str| -> SiteConfig {
            crate::load::yaml::from_str(&format!(
                "title: T\nbase_url: https://example.org/\norganisation: {{name: O}}\nthemes: []\n{kinds}"
            ))
            .unwrap()
        };
        assert_eq!(config("").kind_ids(), DEFAULT_KINDS);
        let own = config("kinds:\n  - {id: loan, label: Loan, plural: Loans}\n");
        assert_eq!(own.kind_ids(), ["loan"]);
        assert_eq!(own.kinds[0].plural, "Loans");
    }

    #[test]
    fn years_and_slugs() {
        assert_eq!(parse_year("2021"), Some(2021));
        for bad in ["0000", "99999", "2020a", "202", "1899", "3000", "-202"] {
            assert_eq!(parse_year(bad), None, "{bad}");
        }
        assert!(is_slug("persbericht-2021"));
        for bad in ["", "Hoofd", "a b", "../x", "a/b", "-a", "a-", "a--b", "é"] {
            assert!(!is_slug(bad), "{bad}");
        }
    }
}
