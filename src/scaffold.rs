//! `jaarverslag new <YYYY>`: a new year folder with a report to write and the catalogue's
//! metrics listed, as comments, in figures.yaml. Every blank is marked so that the year
//! cannot publish before it is written (crate::validate's placeholder rule).

use crate::format::Lang;
use crate::i18n::{read_strings, Strings};
use crate::load::load_content;
use crate::model::parse_year;
use crate::theme::Theme;
use crate::validate::FIGURE_LINE;
use anyhow::{bail, Context as _, Result};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The site's default language and its other languages, from site.yaml alone: a new
/// year can be scaffolded on a site whose other content does not load.
fn site_languages(root: &Path) -> (Lang, Vec<Lang>) {
    #[derive(serde::Deserialize)]
    struct OnlyLanguages {
        language: Option<Lang>,
        #[serde(default)]
        languages: std::collections::BTreeMap<Lang, serde::de::IgnoredAny>,
    }
    // With the loader's limits (size, nesting, anchors and aliases), so that `new` reads
    // no site.yaml that `build` refuses: issue 25 measured the bare parser at 45 s on one
    // that `build` refuses in 0.02 s.
    let path = root.join("content/site.yaml");
    let config = crate::load::read_text(root, &path)
        .ok()
        .and_then(|text| crate::load::yaml::parse_leniently::<OnlyLanguages>(&text));
    match config {
        Some(c) => (
            c.language.unwrap_or(Lang::DUTCH),
            c.languages.into_keys().collect(),
        ),
        None => (Lang::DUTCH, Vec::new()),
    }
}

/// The scaffold's words in `lang` (its `new_*` keys).
fn scaffold_words(theme: &Theme, lang: Lang) -> Result<Strings> {
    let file = format!("templates/i18n/{}.yaml", lang.code());
    let Some(strings) = read_strings(theme, lang) else {
        bail!("{file}: there are no words for `{}`, or they cannot be read\n  hint: run jaarverslag check to see why", lang.code());
    };
    for key in crate::i18n::REQUIRED
        .iter()
        .filter(|k| k.starts_with("new_"))
    {
        if !strings.has(key) {
            bail!("{file}: missing translation key `{key}` for `{}`\n  hint: add it: jaarverslag new writes the new year with it", lang.code());
        }
    }
    Ok(strings)
}

/// One language's words for the year's blanks.
struct Blanks<'s> {
    t: &'s Strings,
    year: String,
}

impl Blanks<'_> {
    fn say(&self, key: &str) -> String {
        let marker = self.t.get("new_marker");
        self.t
            .fill(key, &[("year", &self.year), ("marker", marker)])
    }

    fn comment(&self, key: &str) -> String {
        self.say(key)
            .lines()
            .map(|line| format!("# {line}").trim_end().to_string() + "\n")
            .collect()
    }

    /// A blank in a YAML string: the words in double quotes, escaped.
    fn blank(&self, key: &str) -> String {
        let text = format!("«{}: {}»", self.t.get("new_marker"), self.say(key));
        format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
    }

    /// The heading and the blank of the text, after the front matter.
    fn body(&self) -> String {
        format!(
            "## {}\n\n«{}: {}»\n",
            self.say("new_report_heading"),
            self.t.get("new_marker"),
            self.say("new_report_body"),
        )
    }
}

/// Creates `content/years/<year>/` and returns the files written. Refuses to overwrite.
pub fn new_year(root: &Path, year: &str) -> Result<Vec<PathBuf>> {
    let Some(number) = parse_year(year) else {
        bail!("`{year}` is not a year: give four digits, e.g. jaarverslag new 2024");
    };
    let site_yaml = root.join("content/site.yaml");
    if !site_yaml.is_file() {
        bail!(
            "{} does not exist: this is not a site yet\n  hint: make one first with jaarverslag init DIR --language CODE (e.g. jaarverslag init annual-report --language en), or give the site's folder with --root",
            site_yaml.display()
        );
    }
    let dir = root.join("content").join("years").join(year);
    if dir.exists() {
        bail!(
            "{} already exists: jaarverslag new does not overwrite a year",
            dir.display()
        );
    }
    // The catalogue, if the site loads; a new year can be scaffolded on a broken site too.
    let metrics = load_content(root).map(|c| c.metrics).unwrap_or_default();
    let theme = Theme::load(root)
        .map_err(|problems| anyhow::anyhow!("the site's templates cannot be read:\n{problems}"))?;
    let (default, others) = site_languages(root);
    let t = scaffold_words(&theme, default)?;
    let words = Blanks {
        t: &t,
        year: number.to_string(),
    };

    let mut figures = words.comment("new_figures_comment") + "#\n";
    for m in &metrics {
        writeln!(
            figures,
            "# {}: {FIGURE_LINE}   # {} ({})",
            m.id, m.label, m.unit
        )
        .expect("writing to a String cannot fail");
    }
    // Every blank holds the marker, which validate refuses to publish; the date too (it is
    // not a date, so loading names it), so that no invented day is ever published.
    let report = format!(
        "---\n{}title: {}\ndate: {}\nsummary: {}\nsources: []   # {}\n---\n\n{}",
        words.comment("new_report_comment"),
        words.blank("new_report_title"),
        words.blank("new_report_date"),
        words.blank("new_report_summary"),
        words.say("new_report_sources"),
        words.body(),
    );
    // One report per other language of the site, in that language's words: a year
    // without its translation does not publish (validate/translations.rs), and a blank
    // translation does not either.
    let mut translations = Vec::new();
    for lang in others {
        let t = scaffold_words(&theme, lang)?;
        let words = Blanks {
            t: &t,
            year: number.to_string(),
        };
        let text = format!(
            "---\n{}title: {}\nsummary: {}\n---\n\n{}",
            words.comment("new_report_comment"),
            words.blank("new_report_title"),
            words.blank("new_report_summary"),
            words.body(),
        );
        translations.push((dir.join(format!("report.{}.md", lang.code())), text));
    }
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut files = vec![(dir.join("report.md"), report)];
    files.extend(translations);
    files.push((dir.join("figures.yaml"), figures));
    for (path, text) in &files {
        std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(files.into_iter().map(|(path, _)| path).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_site_yaml_past_the_limits_is_not_parsed() {
        // Anchors and aliases, which `build` refuses (a few kB that can expand into
        // billions of values): `new` does not read the file either (the bare parser read
        // its `language: fr`).
        let mut bomb = String::from("language: fr\na: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 0..9 {
            let prev = if i == 0 {
                "a".to_string()
            } else {
                format!("b{}", i - 1)
            };
            bomb.push_str(&format!(
                "b{i}: &b{i} [{}]\n",
                vec![format!("*{prev}"); 10].join(", ")
            ));
        }
        let tmp = crate::test_support::fixture("basic", &[("content/site.yaml", &bomb)]);
        let started = std::time::Instant::now();
        // Not read: the default language.
        assert_eq!(site_languages(tmp.path()), (Lang::DUTCH, Vec::new()));
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
        // Within the limits, the language is read.
        let tmp = crate::test_support::fixture("basic", &[("content/site.yaml", "language: fr\n")]);
        assert_eq!(site_languages(tmp.path()).0.code(), "fr");
    }

    #[test]
    fn one_report_per_language_each_in_its_words_and_blank() {
        let tmp = crate::test_support::fixture("bilingual", &[]);
        let written = new_year(tmp.path(), "2021").unwrap();
        let names: Vec<String> = written
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["report.md", "report.fr.md", "figures.yaml"]);
        let fr = std::fs::read_to_string(&written[1]).unwrap();
        assert!(
            fr.contains("title: \"«À COMPLÉTER: le titre, p. ex. Rapport annuel 2021»\"\n"),
            "{fr}"
        );
        assert!(
            fr.contains("\n## Introduction\n\n«À COMPLÉTER: écrivez ici"),
            "{fr}"
        );
        // A translation has only the words of its original: no date, no sources.
        assert!(
            !fr.contains("\ndate:") && !fr.contains("\nsources:"),
            "{fr}"
        );
        // One language only: one report.
        let tmp = crate::test_support::fixture("basic", &[]);
        assert_eq!(new_year(tmp.path(), "2021").unwrap().len(), 2);
    }
}
