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

/// The site's default language, from site.yaml alone: a new year can be scaffolded on a
/// site whose other content does not load.
fn default_language(root: &Path) -> Lang {
    #[derive(serde::Deserialize)]
    struct OnlyLanguage {
        language: Option<Lang>,
    }
    std::fs::read_to_string(root.join("content/site.yaml"))
        .ok()
        .and_then(|text| crate::load::yaml::from_str::<OnlyLanguage>(&text).ok())
        .and_then(|config| config.language)
        .unwrap_or(Lang::DUTCH)
}

/// The scaffold's words in the site's default language (its `new_*` keys).
fn scaffold_words(root: &Path) -> Result<(Lang, Strings)> {
    let lang = default_language(root);
    let theme = Theme::load(root)
        .map_err(|problems| anyhow::anyhow!("the site's templates cannot be read:\n{problems}"))?;
    let file = format!("templates/i18n/{}.yaml", lang.code());
    let Some(strings) = read_strings(&theme, lang) else {
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
    Ok((lang, strings))
}

/// Creates `content/years/<year>/` and returns the files written. Refuses to overwrite.
pub fn new_year(root: &Path, year: &str) -> Result<Vec<PathBuf>> {
    let Some(number) = parse_year(year) else {
        bail!("`{year}` is not a year: give four digits, e.g. jaarverslag new 2024");
    };
    let dir = root.join("content").join("years").join(year);
    if dir.exists() {
        bail!(
            "{} already exists: jaarverslag new does not overwrite a year",
            dir.display()
        );
    }
    // The catalogue, if the site loads; a new year can be scaffolded on a broken site too.
    let metrics = load_content(root).map(|c| c.metrics).unwrap_or_default();
    let (_, t) = scaffold_words(root)?;
    let year_text = number.to_string();
    let marker = t.get("new_marker");
    let say = |key: &str| t.fill(key, &[("year", &year_text), ("marker", marker)]);
    let comment = |key: &str| -> String {
        say(key)
            .lines()
            .map(|line| format!("# {line}").trim_end().to_string() + "\n")
            .collect()
    };
    // A blank in a YAML string: the words in double quotes, escaped.
    let blank = |key: &str| {
        let text = format!("«{marker}: {}»", say(key));
        format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
    };

    let mut figures = comment("new_figures_comment") + "#\n";
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
        "---\n{}title: {}\ndate: {}\nsummary: {}\nsources: []   # {}\n---\n\n## {}\n\n«{marker}: {}»\n",
        comment("new_report_comment"),
        blank("new_report_title"),
        blank("new_report_date"),
        blank("new_report_summary"),
        say("new_report_sources"),
        say("new_report_heading"),
        say("new_report_body"),
    );
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let written = vec![dir.join("report.md"), dir.join("figures.yaml")];
    std::fs::write(&written[0], report)
        .with_context(|| format!("cannot write {}", written[0].display()))?;
    std::fs::write(&written[1], figures)
        .with_context(|| format!("cannot write {}", written[1].display()))?;
    Ok(written)
}
