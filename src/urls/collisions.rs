//! Where every file of the site goes, in every language, and the check that no two
//! sources make the same one.
//!
//! Two sources for one path are an error: without this check both were rendered, and
//! which one was published depended on the order the render threads finished in (a French
//! page `chiffres.fr.md` and the French list of figures, both `/fr/chiffres/`: the page
//! won 4 of 30 builds in issue #14, and 30 of 30 on another machine). The paths come from the functions the renderer uses
//! ([`Locale::file`], [`Locale::chart_path`], [`Locale::feed_path`], [`metric_csv_path`],
//! [`hashed_name`]), for the pages the [`Registry`] says exist in each language, so the
//! check cannot drift from what a build writes (a test builds the fixtures and compares).

use super::{hashed_name, metric_csv_path, theme_chart_name, year_chart_name, PageKey, Registry};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::format::Lang;
use crate::i18n::{languages, Locale};
use crate::model::{is_slug, Content, DocKind, Document};
use crate::theme::Theme;
use std::collections::hash_map::Entry;
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

/// The folder of the open data, which the site fills itself.
const DATA_FOLDER: &str = "data/";

/// Every problem with the site's addresses: a URL word that is not a plain word, two
/// sources of one file, a file where a folder must be, or a file in a folder the site
/// fills itself. Each names both sources.
pub fn check(content: &Content, theme: &Theme) -> Diagnostics {
    let mut problems = check_words(content);
    if problems.is_empty() {
        let config = &content.config;
        let locales: Vec<Locale> = languages(config)
            .into_iter()
            .map(|(lang, is_default)| Locale::paths_only(config, theme, lang, is_default))
            .collect();
        let registry = Registry::new(content, &locales);
        Plan::new(content, theme, &locales, &registry).collisions(&mut problems);
    }
    problems
}

/// The URL words of the languages in site.yaml: each a plain word (they are folder names).
fn check_words(content: &Content) -> Diagnostics {
    let mut problems = Diagnostics::default();
    let config = &content.config;
    let own = config.languages.iter().map(|(lang, l)| (lang, &l.words));
    for (lang, words) in std::iter::once((&config.language, &config.words)).chain(own) {
        let Some(w) = words else { continue };
        for (key, word) in [
            ("metrics", &w.metrics),
            ("themes", &w.themes),
            ("publications", &w.publications),
            ("charts", &w.charts),
        ] {
            if !is_slug(word) {
                problems.push(
                    Diagnostic::new(
                        &content.config_path,
                        format!("the URL word `{word}` for `{key}` of `{}` is not a plain word", lang.code()),
                    )
                    .hint("use lowercase letters, digits and hyphens, e.g. chiffres: it is a folder name in the site's addresses"),
                );
            }
        }
    }
    problems
}

/// What makes a file of the site. Kept small: the words that describe it are made only
/// for a problem, not for each of a large site's thousands of pages.
#[derive(Debug, Clone, Copy)]
enum Maker<'a> {
    /// A page in the language `locales[.0]`.
    Page(usize, &'a PageKey),
    Feed(usize),
    /// A language's folder of charts, as a whole.
    Charts(usize),
    MetricChart(usize, &'a str),
    /// A theme's comparison chart, the `.2`th (from 0).
    ThemeChart(usize, &'a str, usize),
    /// The bar chart of a theme's comparison group (the `.3`th) on a year's page.
    YearChart(usize, i32, &'a str, usize),
    OpenData,
    MetricData(&'a str),
    Robots,
    Sitemap,
    Static(&'a str),
    /// The search index's folder, as a whole.
    Search,
}

/// A folder the site fills itself: nothing else may put a file in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Filled {
    Data,
    /// The search index (`pagefind/`): a file put there was dropped without a word
    /// (issue 26, case 16).
    Search,
    /// A language's charts (`grafieken/`, `fr/graphiques/`).
    Charts(usize),
}

impl Maker<'_> {
    fn fills(self) -> Option<Filled> {
        match self {
            Maker::OpenData => Some(Filled::Data),
            Maker::Search => Some(Filled::Search),
            Maker::Charts(l)
            | Maker::MetricChart(l, _)
            | Maker::ThemeChart(l, _, _)
            | Maker::YearChart(l, ..) => Some(Filled::Charts(l)),
            _ => None,
        }
    }
}

/// Every file the site makes, by path, with what makes it.
struct Plan<'a> {
    content: &'a Content,
    theme: &'a Theme,
    locales: &'a [Locale],
    makers: Vec<Maker<'a>>,
    /// Each file, with its first maker. Hashed: in a B-tree, comparing long paths that
    /// begin alike was the largest part of the check's time (perf, 10,000 publications).
    files: HashMap<String, usize>,
    /// Each second maker of a file: the path, the first and the second.
    again: Vec<(String, usize, usize)>,
    /// The folders the site fills itself, each with the maker that stands for it.
    filled: Vec<(String, Filled, usize)>,
}

impl<'a> Plan<'a> {
    fn new(
        content: &'a Content,
        theme: &'a Theme,
        locales: &'a [Locale],
        registry: &'a Registry,
    ) -> Plan<'a> {
        let mut plan = Plan {
            content,
            theme,
            locales,
            makers: Vec::new(),
            files: HashMap::new(),
            again: Vec::new(),
            filled: Vec::new(),
        };
        // Ids given twice are reported by validate; here each counts once.
        let metrics: Vec<&str> = unique(&content.metrics, |m| &m.id)
            .map(|m| m.id.as_str())
            .collect();
        let themes: Vec<(&str, usize)> = unique(&content.config.themes, |t| &t.id)
            .map(|t| (t.id.as_str(), t.compare.len()))
            .collect();
        for (l, locale) in locales.iter().enumerate() {
            for key in registry.keys_in(locale.lang) {
                let page = plan.push(Maker::Page(l, key));
                plan.place(locale.file(key), page);
                // Its share image (the 404 page shows its home's).
                if *key != PageKey::NotFound {
                    plan.place(locale.share_path(key), page);
                }
            }
            plan.add(locale.feed_path(), Maker::Feed(l));
            // Every chart is planned; one is drawn when its metrics have values enough.
            let folder = format!("{}{}/", locale.prefix, locale.words.charts);
            let charts = plan.push(Maker::Charts(l));
            plan.filled.push((folder, Filled::Charts(l), charts));
            for id in &metrics {
                let chart = plan.push(Maker::MetricChart(l, id));
                for ext in ["svg", "csv", "png", "html"] {
                    plan.place(locale.chart_path(id, ext), chart);
                }
            }
            for (id, groups) in &themes {
                for index in 0..*groups {
                    let chart = plan.push(Maker::ThemeChart(l, id, index));
                    let name = theme_chart_name(locale.strings.get("url_theme_chart"), id, index);
                    for ext in ["svg", "csv", "png", "html"] {
                        plan.place(locale.chart_path(&name, ext), chart);
                    }
                }
            }
            let word = locale.strings.get("url_year_chart");
            for year in content.years.iter().map(|y| y.year) {
                if !registry.exists(locale.lang, &PageKey::Year(year)) {
                    continue;
                }
                for (id, groups) in &themes {
                    for index in 0..*groups {
                        let chart = plan.push(Maker::YearChart(l, year, id, index));
                        let name = year_chart_name(word, year, id, index);
                        for ext in ["svg", "csv", "png", "html"] {
                            plan.place(locale.chart_path(&name, ext), chart);
                        }
                    }
                }
            }
        }
        // What every language shares, at the site's root.
        let data = plan.push(Maker::OpenData);
        plan.filled.push((DATA_FOLDER.into(), Filled::Data, data));
        for name in ["figures.csv", "figures.json", "figures.xlsx"] {
            plan.place(format!("{DATA_FOLDER}{name}"), data);
        }
        for id in &metrics {
            plan.add(
                metric_csv_path(&locales[0].words.metrics, id),
                Maker::MetricData(id),
            );
        }
        plan.add("robots.txt".into(), Maker::Robots);
        let search = plan.push(Maker::Search);
        plan.filled
            .push((super::SEARCH_FOLDER.into(), Filled::Search, search));
        plan.add("sitemap.xml".into(), Maker::Sitemap);
        for (name, file) in &theme.statics {
            plan.add(hashed_name(name, file.bytes()), Maker::Static(name));
        }
        plan
    }

    fn push(&mut self, maker: Maker<'a>) -> usize {
        self.makers.push(maker);
        self.makers.len() - 1
    }

    fn add(&mut self, path: String, maker: Maker<'a>) {
        let id = self.push(maker);
        self.place(path, id);
    }

    /// Another file of a maker already pushed.
    fn place(&mut self, path: String, id: usize) {
        match self.files.entry(path) {
            Entry::Vacant(entry) => {
                entry.insert(id);
            }
            Entry::Occupied(entry) => self.again.push((entry.key().clone(), *entry.get(), id)),
        }
    }

    /// Tells every pair of makers that collide, once per pair, in the order of their
    /// paths (the files are hashed, in no order).
    fn collisions(&self, problems: &mut Diagnostics) {
        // One path, two makers.
        let mut found: Vec<(Collision<'_>, usize, usize)> = (self.again.iter())
            .map(|(path, first, second)| (Collision::Same(path), *first, *second))
            .collect();
        for (path, &maker) in &self.files {
            // A file where a folder must be: `over` and `over/index.html`.
            for (i, _) in path.match_indices('/') {
                if let Some(&file) = self.files.get(&path[..i]) {
                    found.push((Collision::FileForFolder(path, &path[..i]), maker, file));
                }
            }
            // A file in a folder the site fills itself.
            for (folder, filled, filler) in &self.filled {
                if path.starts_with(folder.as_str()) && self.makers[maker].fills() != Some(*filled)
                {
                    found.push((Collision::InFilled(path, folder), maker, *filler));
                }
            }
        }
        found.sort();
        let mut told = BTreeSet::new();
        for (what, a, b) in found {
            if a != b && told.insert((a.min(b), a.max(b))) {
                problems.push(self.diagnostic(a, b, what));
            }
        }
    }

    /// The words for what a maker makes, and where the author sets it.
    fn source(&self, maker: Maker<'_>) -> Source {
        let content = self.content;
        let template = |name: &str| -> PathBuf {
            self.theme
                .templates
                .get(name)
                .map_or_else(|| format!("templates/{name}").into(), |t| t.origin.clone())
        };
        let language = |l: usize| language_name(self.locales[l].lang);
        let metric_line = |id: &str| content.metric_line(id, 0);
        match maker {
            Maker::Page(l, key) => {
                page_source(content, self.theme, &self.locales[l], key, &template)
            }
            Maker::Feed(l) => fixed(
                format!("the {} news feed", language(l)),
                Some(template("atom.xml")),
            ),
            Maker::Charts(l) => {
                word_source(content, self.theme, &self.locales[l], "charts", "charts")
            }
            Maker::MetricChart(l, id) => metric_source(
                content,
                format!("the {} chart of metric `{id}`", language(l)),
                metric_line(id),
            ),
            Maker::ThemeChart(l, id, index) => theme_source(
                content,
                format!("the {} chart {} of theme `{id}`", language(l), index + 1),
            ),
            Maker::YearChart(l, year, id, index) => theme_source(
                content,
                format!(
                    "the {} chart {} of theme `{id}` on the {year} page",
                    language(l),
                    index + 1
                ),
            ),
            Maker::OpenData => fixed("the open data".into(), None),
            Maker::MetricData(id) => metric_source(
                content,
                format!("the open data of metric `{id}`"),
                metric_line(id),
            ),
            Maker::Robots => fixed("the site's robots.txt".into(), None),
            Maker::Search => fixed("the search index".into(), None),
            Maker::Sitemap => fixed("the sitemap".into(), Some(template("sitemap.xml"))),
            Maker::Static(name) => {
                let origin = self.theme.static_origins.get(name);
                match origin.filter(|o| o.starts_with("static")) {
                    Some(origin) => Source {
                        here: "this static file".into(),
                        there: "a static file".into(),
                        change: Some(format!("move or rename {}", origin.display())),
                        file: Some(origin.clone()),
                        line: None,
                        rank: Rank::Static,
                    },
                    None => fixed(format!("the built-in file {name}"), origin.cloned()),
                }
            }
        }
    }

    /// The problem of makers `a` and `b`, told at the file of the one the author made
    /// (the higher rank; `a` when equal, and always for a file in a filled folder),
    /// naming the other with its place.
    fn diagnostic(&self, a: usize, b: usize, what: Collision<'_>) -> Diagnostic {
        let (a, b) = (self.source(self.makers[a]), self.source(self.makers[b]));
        let swapped = !matches!(what, Collision::InFilled(..)) && b.rank > a.rank;
        let (here, there) = if swapped { (&b, &a) } else { (&a, &b) };
        let other = format!("{} ({})", there.there, place(there));
        let message = match what {
            Collision::Same(path) => format!(
                "{} is the address of {} and also of {other}",
                address(path),
                here.here
            ),
            // `a` needs the folder, `b` is the file.
            Collision::FileForFolder(path, file) if !swapped => format!(
                "{} is the address of {}, which needs a folder /{file}/, but {other} is a file at /{file}",
                address(path),
                here.here
            ),
            Collision::FileForFolder(path, file) => format!(
                "/{file} is the address of {}, a file, but {other} needs a folder there for {}",
                here.here,
                address(path)
            ),
            Collision::InFilled(path, folder) => format!(
                "{} is the address of {}, in the folder /{folder}, which the site fills with {other}",
                address(path),
                here.here
            ),
        };
        let changes: Vec<&str> = [&here.change, &there.change]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect();
        let hint = match changes.as_slice() {
            [] => "this is a fault of the site generator: please report it".to_string(),
            [one] => one.to_string(),
            [first, second] if first == second => first.to_string(),
            [first, second, ..] => format!("{first}, or {second}"),
        };
        let file = here.file.as_ref().unwrap_or(&self.content.config_path);
        Diagnostic::new(file, message).at_line(here.line).hint(hint)
    }
}

/// What makes a file of the site, in the words its author knows.
struct Source {
    /// This source in a message told at its own file: "this page".
    here: String,
    /// This source as the other party: "the French list of figures at the URL word
    /// `chiffres`".
    there: String,
    /// Where it is set; `None` for what the site makes whatever the content.
    file: Option<PathBuf>,
    line: Option<usize>,
    /// What the author can change to move it elsewhere, when it can be moved.
    change: Option<String>,
    /// Which of two colliding sources the problem is told at: the one the author made.
    rank: Rank,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Rank {
    /// Made by the site whatever the content: the home page, the feeds, the open data.
    Fixed,
    /// Named by a URL word (the lists of figures, themes, publications; the charts).
    Word,
    /// Named by an id in metrics.yaml or site.yaml, or a year folder.
    Id,
    /// A file of its own: a publication, a page.
    File,
    /// A static file: of two files, the one more likely put in the wrong place.
    Static,
}

/// How two makers collide, at which path (the one the problem names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Collision<'a> {
    Same(&'a str),
    FileForFolder(&'a str, &'a str),
    InFilled(&'a str, &'a str),
}

/// A file's address as a reader sees it: `/fr/chiffres/` for `fr/chiffres/index.html`.
fn address(path: &str) -> String {
    format!("/{}", path.strip_suffix("index.html").unwrap_or(path))
}

/// The items with a valid id, each id once: invalid and repeated ids are reported by
/// validate, and an invalid one makes no sensible path.
fn unique<'a, T>(
    items: &'a [T],
    id: impl Fn(&T) -> &String + 'a,
) -> impl Iterator<Item = &'a T> + 'a {
    let mut seen = BTreeSet::new();
    items
        .iter()
        .filter(move |item| is_slug(id(item)) && seen.insert(id(item).as_str()))
}

/// Where a document of this slug is.
fn path_of<M>(documents: &[Document<M>], slug: &str) -> PathBuf {
    documents
        .iter()
        .find(|d| d.slug == slug)
        .map_or_else(PathBuf::new, |d| d.path.clone())
}

/// A language in a message: its code (`fr`), which the site's files are named by (the
/// generator knows no language's name in English: languages are data).
fn language_name(lang: Lang) -> String {
    lang.code().to_string()
}

/// Where a source is set, for a message told elsewhere: `content/metrics.yaml:12`,
/// `templates/404.html of the built-in theme`, `built in`.
fn place(source: &Source) -> String {
    let Some(file) = &source.file else {
        return "built in".into();
    };
    let text = Diagnostic::new(file, "").at_line(source.line).location();
    match text.strip_prefix("(built-in theme) ") {
        Some(name) => format!("{name} of the built-in theme"),
        None => text,
    }
}

fn fixed(name: String, file: Option<PathBuf>) -> Source {
    Source {
        here: name.clone(),
        there: name,
        file,
        line: None,
        change: None,
        rank: Rank::Fixed,
    }
}

fn metric_source(content: &Content, name: String, line: Option<usize>) -> Source {
    Source {
        here: name.clone(),
        there: name,
        file: Some(content.metrics_path.clone()),
        line,
        change: Some("change the metric's id (in metrics.yaml and every figures.yaml)".into()),
        rank: Rank::Id,
    }
}

fn theme_source(content: &Content, name: String) -> Source {
    Source {
        here: name.clone(),
        there: name,
        file: Some(content.config_path.clone()),
        line: None,
        change: Some("change the theme's id in site.yaml".into()),
        rank: Rank::Id,
    }
}

/// A section named by one of the language's URL words.
fn word_source(content: &Content, theme: &Theme, locale: &Locale, key: &str, what: &str) -> Source {
    let name = format!("i18n/{}.yaml", locale.lang.code());
    let language_file = theme.templates.get(&name).map_or_else(
        || PathBuf::from(format!("templates/{name}")),
        |t| t.origin.clone(),
    );
    let words = &locale.words;
    let word = match key {
        "metrics" => &words.metrics,
        "themes" => &words.themes,
        "publications" => &words.publications,
        _ => &words.charts,
    };
    let code = locale.lang.code();
    let name = format!(
        "the {} {what} at the URL word `{word}`",
        language_name(locale.lang)
    );
    // Every language's words can be set in site.yaml: the default's under `words:`;
    // otherwise they are its language file's.
    let config = &content.config;
    let in_config = if locale.is_default {
        config.words.is_some()
    } else {
        config
            .languages
            .get(&locale.lang)
            .is_some_and(|l| l.words.is_some())
    };
    let change = Some(if locale.is_default {
        format!("change the URL word `{word}` in site.yaml (under `words:`)")
    } else {
        format!("change the URL word `{word}` of {code} in site.yaml (under `languages: {code}: words:`)")
    });
    let file = if in_config {
        content.config_path.clone()
    } else {
        language_file
    };
    Source {
        here: name.clone(),
        there: name,
        file: Some(file),
        line: None,
        change,
        rank: Rank::Word,
    }
}

/// What makes a page in one language.
fn page_source(
    content: &Content,
    theme: &Theme,
    locale: &Locale,
    key: &PageKey,
    template: &dyn Fn(&str) -> PathBuf,
) -> Source {
    let l = language_name(locale.lang);
    // A document's page in another language is made from its translation.
    let document = |kind: DocKind, slug: &str, original: PathBuf| -> PathBuf {
        if locale.is_default {
            return original;
        }
        content
            .translations
            .get(&(kind, slug.to_string(), locale.lang))
            .map_or(original, |d| d.path.clone())
    };
    let file_source = |what: &str, path: PathBuf| Source {
        here: format!("this {what}"),
        there: format!("the {l} {what}"),
        change: Some(format!("rename {}", path.display())),
        file: Some(path),
        line: None,
        rank: Rank::File,
    };
    match key {
        PageKey::Home => {
            let name = format!("the {l} home page");
            fixed(
                name,
                (!locale.is_default).then(|| content.config_path.clone()),
            )
        }
        PageKey::Year(year) => {
            let y = content.years.iter().find(|y| y.year == *year);
            match y.and_then(|y| y.report.as_ref()) {
                Some(report) => Source {
                    here: "this report".into(),
                    there: format!("the {l} report of {year}"),
                    file: Some(document(
                        DocKind::Report,
                        &year.to_string(),
                        report.path.clone(),
                    )),
                    line: None,
                    change: None,
                    rank: Rank::Id,
                },
                None => Source {
                    here: format!("the {l} page of {year}"),
                    there: format!("the {l} page of {year}"),
                    file: y.map(|y| y.figures_path.clone()),
                    line: None,
                    change: None,
                    rank: Rank::Id,
                },
            }
        }
        PageKey::Metrics => word_source(content, theme, locale, "metrics", "list of figures"),
        PageKey::Themes => word_source(content, theme, locale, "themes", "list of themes"),
        PageKey::Publications => word_source(
            content,
            theme,
            locale,
            "publications",
            "list of publications",
        ),
        PageKey::Metric(id) => metric_source(
            content,
            format!("the {l} page of metric `{id}`"),
            content.metric_line(id, 0),
        ),
        PageKey::Theme(id) => theme_source(content, format!("the {l} page of theme `{id}`")),
        PageKey::Publication(slug) => {
            let original = path_of(&content.publications, slug);
            file_source(
                "publication",
                document(DocKind::Publication, slug, original),
            )
        }
        PageKey::Page(slug) => {
            let original = path_of(&content.pages, slug);
            file_source("page", document(DocKind::Page, slug, original))
        }
        PageKey::NotFound => fixed(
            format!("the {l} page for unknown addresses"),
            Some(template("404.html")),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::{BuildOptions, Site};
    use std::path::Path;

    /// The plan is the build's own list of files: every file a build writes is planned,
    /// and every planned file is written, but for charts (planned for every metric and
    /// comparison, drawn only for those with values enough).
    #[test]
    fn the_plan_is_what_a_build_writes() {
        for fixture in ["basic", "bilingual"] {
            let root = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures")
                .join(fixture);
            let site = Site::load(&root).unwrap();
            let built = site.build(&BuildOptions::default()).unwrap();
            let config = &site.content.config;
            let locales: Vec<Locale> = languages(config)
                .into_iter()
                .map(|(lang, is_default)| Locale::paths_only(config, &site.theme, lang, is_default))
                .collect();
            let registry = Registry::new(&site.content, &locales);
            let plan = Plan::new(&site.content, &site.theme, &locales, &registry);
            let written: BTreeSet<&str> = built.output.paths().collect();
            let planned: BTreeSet<&str> = plan.files.keys().map(String::as_str).collect();
            let unplanned: Vec<_> = written.difference(&planned).collect();
            assert!(unplanned.is_empty(), "{fixture}: {unplanned:?}");
            let unwritten: Vec<_> = planned
                .difference(&written)
                .filter(|p| !p.contains("grafieken/") && !p.contains("graphiques/"))
                .collect();
            assert!(unwritten.is_empty(), "{fixture}: {unwritten:?}");
            // Charts were drawn, and each is planned.
            assert!(written.iter().filter(|p| p.ends_with(".svg")).count() > 2);
            assert!(plan.makers.len() > 20 && plan.again.is_empty());
            assert!(check(&site.content, &site.theme).is_empty());
        }
    }

    #[test]
    fn addresses() {
        assert_eq!(address("fr/chiffres/index.html"), "/fr/chiffres/");
        assert_eq!(address("index.html"), "/");
        assert_eq!(address("fr/atom.xml"), "/fr/atom.xml");
        assert_eq!(theme_chart_name("thema", "online", 0), "thema-online-1");
    }
}
