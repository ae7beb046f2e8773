//! Languages: the interface strings of each language, where each language's pages live,
//! and which pages exist in which language.
//!
//! The default language is published at the root, every other under `/<code>/` with its
//! own URL words (`/fr/chiffres/`). Figures are shared; text is per language.
//!
//! A language is data: its file `templates/i18n/<code>.yaml`. The theme ships nl, fr, en
//! and de; a site's own file of that name is laid over the theme's key by key (a site may
//! change one word), and a site may add a language the theme lacks with a file of its own.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::format::Lang;
use crate::load::yaml;
use crate::model::{Content, SiteConfig, Words};
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

    /// Whether the language has `key`.
    pub fn has(&self, key: &str) -> bool {
        self.0.contains_key(key)
    }

    /// The string with `{name}` placeholders filled in, in one pass: a value that itself
    /// holds `{other}` (a title, say) is left as it is.
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        let template = self.get(key);
        let mut text = String::with_capacity(template.len());
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            text.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let filled = after.find('}').and_then(|close| {
                let name = &after[..close];
                let value = values.iter().find(|(n, _)| *n == name)?.1;
                Some((value, close))
            });
            match filled {
                Some((value, close)) => {
                    text.push_str(value);
                    rest = &after[close + 1..];
                }
                None => {
                    text.push('{');
                    rest = after;
                }
            }
        }
        text.push_str(rest);
        text
    }
}

/// The keys the Rust code itself uses; templates use others, which Tera checks.
pub const REQUIRED: [&str; 74] = [
    "language_name",
    // How numbers and dates are written beyond what CLDR says (format.rs).
    "format_percent",
    "format_first_day",
    // The words in the language's addresses (model::Words), unless site.yaml sets them.
    "url_metrics",
    "url_themes",
    "url_publications",
    "url_charts",
    "url_theme_chart",
    "url_year_chart",
    // Fragment ids of the pages, and the colon after a label (the theme's templates).
    "id_content",
    "id_figures",
    "id_definition",
    "id_theme",
    "id_key_figures",
    "id_trends",
    "id_themes",
    "id_years",
    "id_publications",
    "id_all_years",
    "id_all_years_table",
    "id_comparison",
    "id_sources",
    "id_search",
    "id_chart",
    "colon",
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
    "change_better",
    "change_worse",
    "change_not_comparable",
    "figure_revised",
    "status_estimated",
    "status_provisional",
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
    // The words `check` reads each language's prose by (check/prose/lexicon.rs).
    "prose_rise_words",
    "prose_fall_words",
    "prose_change_words",
    "prose_percent_words",
    "prose_word_endings",
    // The scaffold of `jaarverslag new` (scaffold.rs).
    "new_marker",
    "new_figures_comment",
    "new_report_comment",
    "new_report_title",
    "new_report_date",
    "new_report_summary",
    "new_report_sources",
    "new_report_heading",
    "new_report_body",
    // Changes from the data: where none can be given, and the `trend` shortcode's
    // phrase (render/figures.rs).
    "change_not_comparable_earlier",
    "change_other_publisher",
    "trend_rise",
    "trend_fall",
    "trend_flat",
    // A Markdown table's scrolling region, as a screen reader names it (markdown/events.rs).
    "table_label",
];

/// Everything about one language of the site.
#[derive(Debug, Clone)]
pub struct Locale {
    pub lang: Lang,
    pub is_default: bool,
    /// `""` for the default language, `"fr/"` for French.
    pub prefix: String,
    pub words: Words,
    /// The URL words of the language's file, which a link written in Markdown may use
    /// even where site.yaml renamed them (`/cijfers/` still finds `/statistieken/`).
    pub file_words: Words,
    pub strings: Strings,
    pub title: String,
    pub description: String,
}

impl Locale {
    /// Where a language's pages live: the default at the root (`""`), another under
    /// `<code>/`.
    pub fn prefix_of(lang: Lang, is_default: bool) -> String {
        if is_default {
            String::new()
        } else {
            format!("{}/", lang.code())
        }
    }

    /// A language's place in the site (its prefix and URL words) without checking its
    /// interface strings: enough for every path. A language file that cannot be read
    /// (which [`locales`] reports) gives the keys' names as words.
    pub fn paths_only(config: &SiteConfig, theme: &Theme, lang: Lang, is_default: bool) -> Locale {
        let strings = read_strings(theme, lang).unwrap_or_default();
        Locale::with_strings(config, lang, is_default, strings)
    }

    fn with_strings(config: &SiteConfig, lang: Lang, is_default: bool, strings: Strings) -> Locale {
        let file_words = Words::from_strings(|key| strings.get(key));
        let own_words = if is_default {
            config.words.clone()
        } else {
            config.languages.get(&lang).and_then(|o| o.words.clone())
        };
        let other = config.languages.get(&lang).filter(|_| !is_default);
        Locale {
            lang,
            is_default,
            prefix: Locale::prefix_of(lang, is_default),
            words: own_words.unwrap_or_else(|| file_words.clone()),
            file_words,
            strings,
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

/// The file a language's strings are in: the site's own if it has one, else the theme's.
fn language_file(lang: Lang) -> String {
    format!("i18n/{}.yaml", lang.code())
}

/// A language's strings: the theme's file with the site's own laid over it key by key.
/// `None` when neither exists, or one cannot be read ([`locales`] says why).
pub fn read_strings(theme: &Theme, lang: Lang) -> Option<Strings> {
    let mut problems = Diagnostics::default();
    read_strings_checked(theme, lang, &mut problems).filter(|_| problems.is_empty())
}

fn read_strings_checked(theme: &Theme, lang: Lang, problems: &mut Diagnostics) -> Option<Strings> {
    let name = language_file(lang);
    let layers = [
        theme.built_in_strings.get(&name),
        theme.templates.get(&name),
    ];
    if layers.iter().all(Option::is_none) {
        return None;
    }
    let mut strings = BTreeMap::new();
    for t in layers.into_iter().flatten() {
        match yaml::check_before_parsing(&t.origin, &t.text, 0) {
            Err(refused) => problems.extend(refused),
            Ok(()) => match yaml::from_str::<Option<BTreeMap<String, String>>>(&t.text) {
                Ok(map) => {
                    let map = map.unwrap_or_default();
                    refuse_markup(&t.origin, &t.text, &map, problems);
                    strings.extend(map);
                }
                Err(e) => {
                    let mut d = Diagnostic::new(&t.origin, e.message());
                    if let Some(place) = e.place() {
                        d = d.at(place.line, place.column);
                    }
                    problems.push(d.hint("each line is `key: text`"));
                }
            },
        }
    }
    Some(Strings(strings))
}

/// Refuses every string that holds markup, at its line and column.
///
/// One rule for every string, at load rather than where each lands: a string reaches
/// pages through templates that escape it, but also through code that places it in
/// markup itself (`format_percent` went unescaped into every `{{ figure }}` of a `%`
/// metric, and published a translator's `<script>`; issue 26, case 5), into SVG, PNG,
/// Atom and CSV. Escaping it at each of those places is a rule with many homes, and one
/// forgotten is a script on the site; a label, a sentence or a number format never needs
/// markup. So `<`, `>` and a character reference (`&amp;`, `&#60;`) are refused, and the
/// translator is told to write the character itself. A plain `&` (`R&D`) and quotes
/// (`l'année`) stay: every landing place escapes them as text.
fn refuse_markup(
    file: &std::path::Path,
    text: &str,
    strings: &BTreeMap<String, String>,
    problems: &mut Diagnostics,
) {
    for (key, value) in strings {
        let Some(what) = markup_in(value) else {
            continue;
        };
        let mut d = Diagnostic::new(
            file,
            format!("the text of `{key}` holds {what}, which a page would take for markup"),
        )
        .hint(
            "write the text only: no HTML tags, no < or >, and each character as itself rather than              as a code like &amp; (the site's templates place the text into the page themselves)",
        );
        if let Some((line, column)) = crate::load::place_in_yaml(text, &[key]) {
            d = d.at(line, column);
        }
        problems.push(d);
    }
}

/// What markup `text` holds: `<`, `>`, or a character reference (`&name;`, `&#…`).
fn markup_in(text: &str) -> Option<String> {
    if let Some(c) = text.chars().find(|c| matches!(c, '<' | '>')) {
        return Some(format!("`{c}`"));
    }
    for (at, _) in text.match_indices('&') {
        let rest = &text[at + 1..];
        let name_len = rest.bytes().take_while(u8::is_ascii_alphanumeric).count();
        if rest.starts_with('#') || (name_len > 0 && rest[name_len..].starts_with(';')) {
            let end = rest.find(';').map_or(rest.len().min(8), |e| e + 1);
            return Some(format!("the character code `&{}`", &rest[..end]));
        }
    }
    None
}

/// The site's languages, the default first, with their strings; checks that the default
/// language has every key the code uses and every other language the default's keys.
pub fn locales(content: &Content, theme: &Theme) -> Result<Vec<Locale>, Diagnostics> {
    let config = &content.config;
    let mut problems = Diagnostics::default();
    let langs = languages(config);
    let mut loaded: Vec<(Lang, bool, Strings)> = Vec::new();
    for (lang, is_default) in &langs {
        let name = language_file(*lang);
        match read_strings_checked(theme, *lang, &mut problems) {
            None => problems.push(
                Diagnostic::new(
                    format!("templates/{name}"),
                    format!("there are no interface strings for `{}`", lang.code()),
                )
                .hint(format!(
                    "add templates/{name} to the site, with the keys of the theme's templates/i18n/en.yaml \
                     (README, \"Adding a language\")"
                )),
            ),
            Some(strings) => loaded.push((*lang, *is_default, strings)),
        }
    }
    if let Some((_, _, reference)) = loaded.iter().find(|(_, d, _)| *d) {
        // The chart descriptions' words are listed with the charts that use them.
        for &key in REQUIRED.iter().chain(crate::charts::Words::KEYS.iter()) {
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
        for (lang, _, strings) in &loaded {
            for key in Words::KEYS {
                let word = strings.get(key);
                if strings.0.contains_key(key) && !crate::model::is_slug(word) {
                    problems.push(
                        Diagnostic::new(
                            format!("templates/i18n/{}.yaml", lang.code()),
                            format!("the URL word `{word}` (`{key}`) is not a plain word"),
                        )
                        .hint("use lowercase letters, digits and hyphens, e.g. chiffres: it is a folder name in the site's addresses"),
                    );
                }
            }
        }
    }
    problems.into_result(())?;
    Ok(loaded
        .into_iter()
        .map(|(lang, is_default, strings)| Locale::with_strings(config, lang, is_default, strings))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn strings(pairs: &[(&str, &str)]) -> Strings {
        Strings(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn a_string_is_filled_in_one_pass() {
        let s = strings(&[("t", "{title} ({year}) {unknown} {")]);
        assert_eq!(
            s.fill("t", &[("title", "Over {year}"), ("year", "2021")]),
            "Over {year} (2021) {unknown} {"
        );
        // A key the code did not ask for is shown as itself (load refuses a missing one).
        assert_eq!(s.get("nav_home"), "nav_home");
    }

    use crate::test_support::fixture as site;

    fn locales_of(root: &Path) -> Result<Vec<Locale>, Diagnostics> {
        let content = crate::load::load_content(root).unwrap();
        let theme = Theme::load(root).unwrap();
        locales(&content, &theme)
    }

    #[test]
    fn the_default_language_comes_first_at_the_root() {
        let tmp = site("bilingual", &[]);
        let locales = locales_of(tmp.path()).unwrap();
        let summary: Vec<(&str, bool, &str, &str)> = locales
            .iter()
            .map(|l| {
                (
                    l.lang.code(),
                    l.is_default,
                    l.prefix.as_str(),
                    l.title.as_str(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("nl", true, "", "Testrapport"),
                ("fr", false, "fr/", "Rapport de test"),
            ]
        );
        // Each has its own interface strings, from the theme.
        assert_eq!(locales[0].strings.get("language_name"), "Nederlands");
        assert_eq!(locales[1].strings.get("language_name"), "Français");
    }

    /// The bilingual fixture with a third language, `es`, that no theme ships.
    fn with_spanish(es: &str) -> tempfile::TempDir {
        let config = include_str!("../tests/fixtures/bilingual/content/site.yaml").replace(
            "languages:\n",
            "languages:\n  es:\n    title: Informe de prueba\n",
        );
        site(
            "bilingual",
            &[
                ("content/site.yaml", &config),
                ("templates/i18n/es.yaml", es),
            ],
        )
    }

    #[test]
    fn a_language_the_theme_lacks_is_a_file_of_the_site() {
        // Every key of the theme's English file, in "Spanish": a new language, no code.
        let es = include_str!("../templates/i18n/en.yaml")
            .replace("language_name: English", "language_name: Español")
            .replace("url_metrics: figures", "url_metrics: cifras");
        let tmp = with_spanish(&es);
        let locales = locales_of(tmp.path()).unwrap();
        let es = locales.iter().find(|l| l.lang.code() == "es").unwrap();
        assert_eq!(es.strings.get("language_name"), "Español");
        assert_eq!(
            (es.prefix.as_str(), es.words.metrics.as_str()),
            ("es/", "cifras")
        );
        assert_eq!(es.title, "Informe de prueba");
    }

    #[test]
    fn a_language_file_with_other_keys_is_named_key_by_key() {
        let es: String = include_str!("../templates/i18n/en.yaml")
            .lines()
            .filter(|line| !line.starts_with("nav_home:"))
            .chain(["extra_key: Nada"])
            .collect::<Vec<_>>()
            .join("\n");
        let problems = locales_of(with_spanish(&es).path())
            .unwrap_err()
            .to_string();
        assert!(
            problems
                .contains("templates/i18n/es.yaml: missing translation key `nav_home` for `es`"),
            "{problems}"
        );
        assert!(
            problems.contains(
                "translation key `extra_key` for `es` is not in the default language's file"
            ),
            "{problems}"
        );
        assert_eq!(problems.matches("hint:").count(), 2, "{problems}");
    }

    #[test]
    fn a_site_file_is_laid_over_the_theme_key_by_key() {
        // One word changed; every other key still comes from the theme's file.
        let tmp = site(
            "bilingual",
            &[(
                "templates/i18n/fr.yaml",
                "nav_home: Page d'accueil\nurl_metrics: statistiques\n",
            )],
        );
        let locales = locales_of(tmp.path()).unwrap();
        assert_eq!(locales[1].strings.get("nav_home"), "Page d'accueil");
        assert_eq!(locales[1].strings.get("nav_themes"), "Thèmes");
        assert_eq!(locales[1].words.metrics, "statistiques");
        // A word that is no plain word is named in the site's file.
        let tmp = site(
            "bilingual",
            &[("templates/i18n/fr.yaml", "url_themes: mes thèmes\n")],
        );
        let problems = locales_of(tmp.path()).unwrap_err().to_string();
        assert!(
            problems.contains("templates/i18n/fr.yaml: the URL word `mes thèmes` (`url_themes`) is not a plain word"),
            "{problems}"
        );
    }

    #[test]
    fn markup_in_a_string_is_refused_at_its_place() {
        assert_eq!(markup_in("{number} %"), None);
        assert_eq!(markup_in("R&D en l'année « 2021 »"), None);
        assert_eq!(
            markup_in("{number}<script>alert(1)</script>%").as_deref(),
            Some("`<`")
        );
        assert_eq!(markup_in("a > b").as_deref(), Some("`>`"));
        assert_eq!(
            markup_in("x &amp; y").as_deref(),
            Some("the character code `&amp;`")
        );
        assert_eq!(
            markup_in("&#60;b").as_deref(),
            Some("the character code `&#60;`")
        );
        // A site's file laid over the theme's, as a translator edits it.
        let nl = "# overrides\nformat_percent: \"{number}<script>alert(1)</script>%\"\n";
        let tmp = site("bilingual", &[("templates/i18n/nl.yaml", nl)]);
        let problems = locales_of(tmp.path()).unwrap_err();
        let shown = problems.to_string();
        assert!(
            shown.contains(
                "templates/i18n/nl.yaml:2:17: the text of `format_percent` holds `<`, which a \
                 page would take for markup"
            ),
            "{shown}"
        );
    }

    #[test]
    fn the_chart_words_are_required_too() {
        // A default language of the site's own, with every key but one.
        let es: String = include_str!("../templates/i18n/en.yaml")
            .lines()
            .filter(|line| !line.starts_with("chart_desc_colon:"))
            .collect::<Vec<_>>()
            .join("\n");
        let config = include_str!("../tests/fixtures/basic/content/site.yaml")
            .replace("language: nl", "language: es");
        let tmp = site(
            "basic",
            &[
                ("templates/i18n/es.yaml", &es),
                ("content/site.yaml", &config),
            ],
        );
        let problems = locales_of(tmp.path()).unwrap_err().to_string();
        assert!(
            problems.contains(
                "templates/i18n/es.yaml: missing translation key `chart_desc_colon` for `es`"
            ),
            "{problems}"
        );
    }

    #[test]
    fn a_language_without_a_strings_file_is_an_error() {
        let tmp = site("bilingual", &[]);
        let mut content = crate::load::load_content(tmp.path()).unwrap();
        let theme = Theme::load(tmp.path()).unwrap();
        // No theme ships strings for a language that has no file: say which file to add.
        let mut theme_without_fr = theme.clone();
        theme_without_fr.templates.remove("i18n/fr.yaml");
        let problems = locales(&content, &theme_without_fr)
            .unwrap_err()
            .to_string();
        assert!(
            problems.contains("templates/i18n/fr.yaml: there are no interface strings for `fr`"),
            "{problems}"
        );
        assert!(
            problems.contains("hint: add templates/i18n/fr.yaml"),
            "{problems}"
        );
        // One language alone needs only its own file.
        content.config.languages.clear();
        assert_eq!(locales(&content, &theme_without_fr).unwrap().len(), 1);
    }
}
