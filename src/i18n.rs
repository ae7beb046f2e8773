//! Languages: the interface strings of each language, where each language's pages live,
//! and which pages exist in which language.
//!
//! The default language is published at the root, every other under `/<code>/` with its
//! own URL words (`/fr/chiffres/`). Figures are shared; text is per language.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::format::Lang;
use crate::load::yaml;
use crate::model::{Content, DocKind, SiteConfig, Words};
use crate::theme::Theme;
use std::collections::BTreeMap;

/// A language's interface strings (`templates/i18n/<code>.yaml`).
#[derive(Debug, Clone, Default, serde::Serialize)]
#[serde(transparent)]
pub struct Strings(BTreeMap<String, String>);

impl Strings {
    /// The string for `key`. Every key the code uses is checked when the site loads
    /// (see [`REQUIRED`]), so a missing one is a bug here, shown as the key itself.
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.0.get(key).map_or(key, String::as_str)
    }

    /// The string with `{name}` placeholders filled in.
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        let mut text = self.get(key).to_string();
        for (name, value) in values {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
    }
}

/// The keys the Rust code itself uses; templates use others, which Tera checks.
pub const REQUIRED: [&str; 24] = [
    "language_name",
    "not_translated",
    "nav_home",
    "nav_metrics",
    "nav_themes",
    "nav_publications",
    "chart_table_caption",
    "chart_trend_title",
    "chart_year_title",
    "table_year",
    "table_metric",
    "no_value_cell",
    "change_compared_to",
    "change_stated",
    "percentage_point",
    "percentage_points",
    "year_title_no_report",
    "metrics_title",
    "metrics_description",
    "themes_title",
    "themes_description",
    "publications_title",
    "publications_description",
    "not_found_title",
];

/// Everything about one language of the site.
#[derive(Debug, Clone)]
pub struct Locale {
    pub lang: Lang,
    pub is_default: bool,
    /// `""` for the default language, `"fr/"` for French.
    pub prefix: String,
    pub words: Words,
    pub strings: Strings,
    pub title: String,
    pub description: String,
}

/// A page of the site, whatever its language.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PageKey {
    Home,
    Year(i32),
    Metrics,
    Metric(String),
    Themes,
    Theme(String),
    Publications,
    Publication(String),
    Page(String),
    NotFound,
}

impl Locale {
    /// The site path of a page in this language (no leading slash; folders end in `/`).
    pub fn path(&self, key: &PageKey) -> String {
        let p = &self.prefix;
        let w = &self.words;
        match key {
            PageKey::Home => p.clone(),
            PageKey::Year(y) => format!("{p}{y}/"),
            PageKey::Metrics => format!("{p}{}/", w.metrics),
            PageKey::Metric(id) => format!("{p}{}/{id}/", w.metrics),
            PageKey::Themes => format!("{p}{}/", w.themes),
            PageKey::Theme(id) => format!("{p}{}/{id}/", w.themes),
            PageKey::Publications => format!("{p}{}/", w.publications),
            PageKey::Publication(slug) => format!("{p}{}/{slug}/", w.publications),
            PageKey::Page(slug) => format!("{p}{slug}/"),
            PageKey::NotFound => format!("{p}404.html"),
        }
    }

    /// The output file of a page.
    pub fn file(&self, key: &PageKey) -> String {
        let path = self.path(key);
        if path.is_empty() || path.ends_with('/') {
            format!("{path}index.html")
        } else {
            path
        }
    }

    /// Where this language's standalone charts go: `grafieken/<name>.<ext>`.
    pub fn chart_path(&self, name: &str, ext: &str) -> String {
        format!("{}{}/{name}.{ext}", self.prefix, self.words.charts)
    }

    /// This language's Atom feed: `atom.xml`, `fr/atom.xml`.
    pub fn feed_path(&self) -> String {
        format!("{}atom.xml", self.prefix)
    }

    /// A language's place in the site (its prefix and URL words) without its interface
    /// strings: enough for every path, before the theme's strings are read.
    pub fn paths_only(config: &SiteConfig, lang: Lang, is_default: bool) -> Locale {
        let other = config.languages.get(&lang);
        Locale {
            lang,
            is_default,
            prefix: if is_default {
                String::new()
            } else {
                format!("{}/", lang.code())
            },
            words: other
                .and_then(|o| o.words.clone())
                .unwrap_or_else(|| Words::default_for(lang)),
            strings: Strings::default(),
            title: other.map_or(config.title.clone(), |o| o.title.clone()),
            description: other.map_or(config.description.clone(), |o| o.description.clone()),
        }
    }
}

/// The site's languages, the default first: each with whether it is the default.
pub fn languages(config: &SiteConfig) -> Vec<(Lang, bool)> {
    let mut langs = vec![(config.language, true)];
    langs.extend(config.languages.keys().map(|l| (*l, false)));
    langs
}

/// Which pages exist in which language.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    /// Each page, with the languages it exists in. Looked up for every link, so keyed by
    /// the page alone: no key is built per lookup.
    exists: BTreeMap<PageKey, Vec<Lang>>,
    pub default: Option<Lang>,
}

impl Registry {
    /// The default language has every page; another has the pages whose text is all in
    /// YAML (translated there), and the documents that have a translation.
    pub fn new(content: &Content, locales: &[Locale]) -> Registry {
        let mut exists: BTreeMap<PageKey, Vec<Lang>> = BTreeMap::new();
        let mut default = None;
        for locale in locales {
            let lang = locale.lang;
            if locale.is_default {
                default = Some(lang);
            }
            let translated = |kind: DocKind, slug: &str| {
                locale.is_default
                    || content
                        .translations
                        .contains_key(&(kind, slug.to_string(), lang))
            };
            let mut add = |key: PageKey| {
                exists.entry(key).or_default().push(lang);
            };
            add(PageKey::Home);
            add(PageKey::Metrics);
            add(PageKey::Themes);
            add(PageKey::Publications);
            add(PageKey::NotFound);
            for m in &content.metrics {
                add(PageKey::Metric(m.id.clone()));
            }
            for t in &content.config.themes {
                add(PageKey::Theme(t.id.clone()));
            }
            for y in &content.years {
                // A year without any report is a page of figures only, in every language.
                if y.report.is_none() || translated(DocKind::Report, &y.year.to_string()) {
                    add(PageKey::Year(y.year));
                }
            }
            for p in &content.publications {
                if translated(DocKind::Publication, &p.slug) {
                    add(PageKey::Publication(p.slug.clone()));
                }
            }
            for p in &content.pages {
                if translated(DocKind::Page, &p.slug) {
                    add(PageKey::Page(p.slug.clone()));
                }
            }
        }
        Registry { exists, default }
    }

    pub fn exists(&self, lang: Lang, key: &PageKey) -> bool {
        self.exists
            .get(key)
            .is_some_and(|langs| langs.contains(&lang))
    }

    /// Every page that exists in some language, in a stable order.
    pub fn keys(&self) -> impl Iterator<Item = &PageKey> {
        self.exists.keys()
    }

    /// Every page that exists in `lang`, in a stable order (without a search for each).
    pub fn keys_in(&self, lang: Lang) -> impl Iterator<Item = &PageKey> {
        self.exists
            .iter()
            .filter(move |(_, langs)| langs.contains(&lang))
            .map(|(key, _)| key)
    }
}

/// The site's languages, the default first, with their strings; checks that every
/// language's strings file has exactly the keys of the default language's.
pub fn locales(content: &Content, theme: &Theme) -> Result<Vec<Locale>, Diagnostics> {
    let config = &content.config;
    let mut problems = Diagnostics::default();
    let langs = languages(config);
    let mut loaded: Vec<(Lang, bool, Strings)> = Vec::new();
    for (lang, is_default) in &langs {
        let name = format!("i18n/{}.yaml", lang.code());
        match theme.templates.get(&name) {
            None => problems.push(
                Diagnostic::new(
                    format!("templates/{name}"),
                    format!("there are no interface strings for `{}`", lang.code()),
                )
                .hint(format!(
                    "add templates/{name} with the keys of templates/i18n/{}.yaml",
                    config.language.code()
                )),
            ),
            Some(t) => match yaml::check_before_parsing(&t.origin, &t.text, 0) {
                Err(refused) => problems.extend(refused),
                Ok(()) => match yaml::from_str::<BTreeMap<String, String>>(&t.text) {
                    Ok(map) => loaded.push((*lang, *is_default, Strings(map))),
                    Err(e) => {
                        let mut d = Diagnostic::new(&t.origin, e.message());
                        if let Some(place) = e.place() {
                            d = d.at(place.line, place.column);
                        }
                        problems.push(d.hint("each line is `key: text`"));
                    }
                },
            },
        }
    }
    if let Some((_, _, reference)) = loaded.iter().find(|(_, d, _)| *d) {
        for key in REQUIRED {
            if !reference.0.contains_key(key) {
                problems.push(
                    Diagnostic::new(
                        format!("templates/i18n/{}.yaml", config.language.code()),
                        format!(
                            "missing translation key `{key}` for `{}`",
                            config.language.code()
                        ),
                    )
                    .hint("the site's code uses this key: add it"),
                );
            }
        }
        for (lang, _, strings) in loaded.iter().filter(|(_, d, _)| !*d) {
            let file = format!("templates/i18n/{}.yaml", lang.code());
            for key in reference.0.keys().filter(|k| !strings.0.contains_key(*k)) {
                problems.push(
                    Diagnostic::new(
                        &file,
                        format!("missing translation key `{key}` for `{}`", lang.code()),
                    )
                    .hint(format!("add `{key}:` with its {} text", lang.code())),
                );
            }
            for key in strings.0.keys().filter(|k| !reference.0.contains_key(*k)) {
                problems.push(
                    Diagnostic::new(&file, format!("translation key `{key}` for `{}` is not in the default language's file", lang.code()))
                        .hint("remove it, or add it to the default language first"),
                );
            }
        }
    }
    problems.into_result(())?;
    Ok(loaded
        .into_iter()
        .map(|(lang, is_default, strings)| Locale {
            strings,
            ..Locale::paths_only(config, lang, is_default)
        })
        .collect())
}
