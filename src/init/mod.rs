//! `jaarverslag init DIR --language CODE`: a new site in an empty folder, in the
//! organisation's language, that builds and passes `check --strict` as it is: one theme,
//! one example metric with its value and source, one year with its report, an about page,
//! the language file when the theme does not ship the language, and what a team needs to
//! publish it (a deploy workflow that downloads the released program, `.gitignore`, a
//! short README). Every word of the example comes from the language file (`init_*`).

use crate::format::Lang;
use crate::i18n::{read_strings, Strings};
use crate::theme::Theme;
use anyhow::{bail, Context as _, Result};
use std::path::{Path, PathBuf};

/// What `init` is asked for.
#[derive(Debug, Clone)]
pub struct InitOptions {
    /// The folder to make the site in: absent or empty.
    pub dir: PathBuf,
    /// The site's language code, as typed (`es`, `en-GB`).
    pub language: String,
    /// The site's title; `init_title` of the language with the organisation's name otherwise.
    pub title: Option<String>,
    /// The organisation's name; the folder's name otherwise.
    pub organisation: Option<String>,
    /// The year of the example figures and report (the last whole year by default).
    pub year: Option<i32>,
}

/// The deploy workflow, with the version of this program and where its releases are.
const DEPLOY: &str = include_str!("deploy.yml");

/// Makes the site and returns the files written, relative to `dir`.
pub fn init(options: &InitOptions) -> Result<Vec<PathBuf>> {
    let lang = parse_language(&options.language)?;
    let dir = &options.dir;
    refuse_a_folder_in_use(dir)?;
    // The built-in theme only: the folder holds nothing yet.
    let theme = Theme::load(dir)
        .map_err(|problems| anyhow::anyhow!("the built-in theme cannot be read:\n{problems}"))?;
    let shipped = theme
        .templates
        .contains_key(&format!("i18n/{}.yaml", lang.code()));
    let source_lang = if shipped {
        lang
    } else {
        fallback(&theme, lang)
    };
    let Some(t) = read_strings(&theme, source_lang) else {
        bail!(
            "the built-in language file of `{}` cannot be read",
            source_lang.code()
        );
    };
    let organisation = match &options.organisation {
        Some(name) => name.trim().to_string(),
        None => folder_name(dir),
    };
    let title = match &options.title {
        Some(title) => title.trim().to_string(),
        None => t.fill("init_title", &[("organisation", &organisation)]),
    };
    for (what, text) in [("--title", &title), ("--organisation", &organisation)] {
        if text.is_empty() || text.chars().any(char::is_control) {
            bail!("{what} is empty or holds a control character: give it as plain text");
        }
    }
    let (year, today) = match options.year {
        Some(year) => (year, format!("{}-03-01", year + 1)),
        None => {
            let (y, m, d) = today();
            (y - 1, format!("{y:04}-{m:02}-{d:02}"))
        }
    };
    let site = Example {
        t: &t,
        lang,
        title,
        organisation,
        year,
        date: today,
    };
    let mut files = site.content_files();
    if !shipped {
        files.push((
            format!("templates/i18n/{}.yaml", lang.code()),
            language_file(&theme, lang, source_lang),
        ));
    }
    files.push((".gitignore".into(), GITIGNORE.into()));
    files.push(("README.md".into(), site.readme(shipped)));
    files.push((
        ".github/workflows/deploy.yml".into(),
        DEPLOY
            .replace("@VERSION@", &format!("v{}", env!("CARGO_PKG_VERSION")))
            .replace("@REPOSITORY@", env!("CARGO_PKG_REPOSITORY")),
    ));
    for (path, text) in &files {
        let path = dir.join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(files.into_iter().map(|(p, _)| PathBuf::from(p)).collect())
}

/// A language code, or why not with the code meant: `en-gb` is `en-GB`.
fn parse_language(code: &str) -> Result<Lang> {
    if let Some(lang) = Lang::from_code(code) {
        return Ok(lang);
    }
    let meant = crate::format::canonical_code(code);
    match meant.as_deref().and_then(Lang::from_code) {
        Some(lang) => bail!(
            "`{code}` is not written as a language code: write `{}` (the language in lowercase, the region in capitals)",
            lang.code()
        ),
        None => bail!(
            "`{code}` is not a language code: give one such as nl, fr, en, de, es or en-GB"
        ),
    }
}

/// Refuses a folder that holds anything, or a path that is a file.
fn refuse_a_folder_in_use(dir: &Path) -> Result<()> {
    if dir.is_file() {
        bail!(
            "{} is a file: give the folder to make the new site in",
            dir.display()
        );
    }
    if let Ok(mut entries) = std::fs::read_dir(dir) {
        if entries.next().is_some() {
            bail!(
                "{} is not empty: jaarverslag init makes a new site in an empty or new folder, and never writes over files\n  hint: give a new folder's name, e.g. jaarverslag init annual-report --language en",
                dir.display()
            );
        }
    }
    Ok(())
}

/// The language a language the theme lacks is started from: its base language when the
/// theme ships that (`pt-BR` from `pt`, `en-GB` from `en`), else English.
fn fallback(theme: &Theme, lang: Lang) -> Lang {
    let base = lang.code().split('-').next().unwrap_or("en");
    Lang::from_code(base)
        .filter(|b| {
            theme
                .templates
                .contains_key(&format!("i18n/{}.yaml", b.code()))
        })
        .unwrap_or_else(|| Lang::from_code("en").expect("en is a language code"))
}

/// The language file of a language the theme lacks: the fallback's, whole, with what to do.
fn language_file(theme: &Theme, lang: Lang, from: Lang) -> String {
    let text = theme
        .templates
        .get(&format!("i18n/{}.yaml", from.code()))
        .map_or("", |t| t.text.as_str());
    format!(
        "# The words of this site in `{code}`, made by `jaarverslag init` from the theme's `{from}`\n\
         # file: translate each value into `{code}`, keep the keys, and leave names in braces\n\
         # such as {{year}} as they are (README, \"Adding a language\").\n{text}",
        code = lang.code(),
        from = from.code(),
    )
}

/// The folder's own name, as the organisation's name when none is given.
fn folder_name(dir: &Path) -> String {
    std::fs::canonicalize(dir)
        .ok()
        .as_deref()
        .unwrap_or(dir)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "Annual report".into())
}

const GITIGNORE: &str = "# What jaarverslag build writes, and its side folder while it writes.\n/public\n/public.*\n/.public.jaarverslag\n";

/// The example site's words and facts.
struct Example<'a> {
    t: &'a Strings,
    lang: Lang,
    title: String,
    organisation: String,
    year: i32,
    date: String,
}

impl Example<'_> {
    fn say(&self, key: &str) -> String {
        self.t.fill(
            key,
            &[
                ("organisation", &self.organisation),
                ("year", &self.year.to_string()),
            ],
        )
    }

    /// `say(key)` as a YAML double-quoted string.
    fn q(&self, key: &str) -> String {
        quote(&self.say(key))
    }

    fn content_files(&self) -> Vec<(String, String)> {
        let theme = self.say("init_theme_id");
        let metric = self.say("init_metric_id");
        let year = self.year;
        let site = format!(
            "title: {title}\n\
             description: {description}\n\
             # The address the site is published at (a sub-path is fine); the deploy\n\
             # workflow gives GitHub Pages' own with --base-url.\n\
             base_url: https://example.org/\n\
             language: {lang}\n\
             organisation:\n  name: {organisation}\n\
             themes:\n  - id: {theme}\n    label: {label}\n    description: {theme_description}\n",
            title = quote(&self.title),
            description = self.q("init_description"),
            lang = self.lang.code(),
            organisation = quote(&self.organisation),
            label = self.q("init_theme_label"),
            theme_description = self.q("init_theme_description"),
        );
        let metrics = format!(
            "- id: {metric}\n  label: {}\n  theme: {theme}\n  unit: {}\n  description: {}\n  definition: {}\n  headline: true\n",
            self.q("init_metric_label"),
            self.q("init_metric_unit"),
            self.q("init_metric_description"),
            self.q("init_metric_definition"),
        );
        let figures = format!(
            "{metric}:\n  value: 120\n  source: {}\n",
            self.q("init_source")
        );
        let body = self.t.fill(
            "init_report_body",
            &[("figure", &format!("{{{{ figure(id=\"{metric}\") }}}}"))],
        );
        let report = format!(
            "---\ntitle: {}\ndate: {}\nsummary: {}\n---\n## {}\n\n{body}\n",
            self.q("init_report_title"),
            self.date,
            self.q("init_report_summary"),
            self.say("init_report_heading"),
        );
        let about = format!(
            "---\ntitle: {}\nsummary: {}\norder: 1\n---\n{}\n",
            self.q("init_about_title"),
            self.q("init_about_summary"),
            self.say("init_about_body"),
        );
        vec![
            ("content/site.yaml".into(), site),
            ("content/metrics.yaml".into(), metrics),
            (format!("content/years/{year}/figures.yaml"), figures),
            (format!("content/years/{year}/report.md"), report),
            (
                format!("content/pages/{}.md", self.say("init_about_slug")),
                about,
            ),
        ]
    }

    fn readme(&self, shipped: bool) -> String {
        let language = if shipped {
            String::new()
        } else {
            format!(
                "\nThe site's words (menus, table headings, chart descriptions) are in\n\
                 `templates/i18n/{code}.yaml`, started from another language: translate each value.\n",
                code = self.lang.code()
            )
        };
        format!(
            "# {title}\n\n\
             The figures of {organisation}, year by year, published with\n\
             [jaarverslag]({repository}) {version}.\n\n\
             ## Working on it\n\n\
             \x20   jaarverslag serve           # preview at the address it prints, reloads as you save\n\
             \x20   jaarverslag check --strict  # every problem at once, each with its file, line and fix\n\
             \x20   jaarverslag new {next}         # a new year: content/years/{next}/, every blank marked\n\n\
             - `content/metrics.yaml`: what is counted, each metric once;\n\
             - `content/years/<year>/figures.yaml`: that year's values, each with its source;\n\
             - `content/years/<year>/report.md`: that year's text;\n\
             - `content/pages/`: pages such as the about page;\n\
             - `content/site.yaml`: the title, the address, the language, the themes.\n\
             {language}\n\
             ## Publishing\n\n\
             Pushed to GitHub, `.github/workflows/deploy.yml` checks the site, builds it and\n\
             publishes it on GitHub Pages (Settings → Pages → Source: GitHub Actions).\n\
             Elsewhere: `jaarverslag build --base-url https://…/` and copy `public/`.\n",
            title = self.title,
            organisation = self.organisation,
            repository = env!("CARGO_PKG_REPOSITORY"),
            version = env!("CARGO_PKG_VERSION"),
            next = self.year + 1,
        )
    }
}

/// A YAML double-quoted string: any text, read back as itself.
fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Today's date (UTC) as year, month, day, from the system clock.
fn today() -> (i32, u32, u32) {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400) as i64;
    civil_from_days(days)
}

/// The Gregorian date of a day counted from 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    (year, month, day)
}

#[cfg(test)]
mod tests;
