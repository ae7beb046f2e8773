//! Stage 4: turn the loaded, checked site into pages, charts and data files.
//!
//! Rust prepares a view of each page (every number already formatted, every change
//! already computed), and the Tera templates only lay it out: a template cannot get a
//! number wrong because it never computes one.

mod csv_file;
mod pages;
mod shortcodes;
mod views;

use crate::check::links::PageSource;
use crate::derive::Dataset;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::format::{Date, Lang};
use crate::i18n::{self, Locale, PageKey, Registry};
use crate::load::Content;
use crate::load::{DocKind, Document, Metric};
use crate::theme::Theme;
use csv_file::{CsvFile, Field};
use pages::Renderer;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;
use tera::{Context, Kwargs, State, Tera};

pub use shortcodes::html_escape;

/// Counts for the summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    pub pages: usize,
    pub charts: usize,
}

/// Where the site lives: `https://example.org/jaarverslag/` has the path `/jaarverslag/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    /// With a trailing slash; may be just a path (`/`) for a site without a host.
    pub absolute: String,
    /// The path part, starting and ending with `/`.
    pub path: String,
}

impl BaseUrl {
    pub fn parse(url: &str) -> Result<BaseUrl, String> {
        let url = url.trim();
        let rest = if let Some(r) = url.strip_prefix("https://") {
            r
        } else if let Some(r) = url.strip_prefix("http://") {
            r
        } else if url.starts_with('/') {
            let path = format!("{}/", url.trim_end_matches('/'));
            return Ok(BaseUrl {
                absolute: path.clone(),
                path,
            });
        } else {
            return Err(format!(
                "base_url `{url}` must start with https://, http:// or /"
            ));
        };
        let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        if host.is_empty()
            || host
                .chars()
                .any(|c| c.is_whitespace() || matches!(c, '"' | '<' | '>' | '\\' | '?' | '#'))
            || path.contains(['?', '#', '"', '<', '>', ' '])
        {
            return Err(format!("base_url `{url}` is not a valid URL"));
        }
        let path = format!("{}/", path.trim_end_matches('/'));
        let path = if path.starts_with('/') {
            path
        } else {
            format!("/{path}")
        };
        let scheme = &url[..url.len() - rest.len()];
        Ok(BaseUrl {
            absolute: format!("{scheme}{host}{path}"),
            path,
        })
    }

    /// The link for a site path such as `cijfers/` (no leading slash).
    pub fn link(&self, site_path: &str) -> String {
        format!("{}{}", self.path, site_path)
    }

    /// The full URL, for canonical links, feeds and the sitemap.
    pub fn full(&self, site_path: &str) -> String {
        format!("{}{}", self.absolute, site_path)
    }
}

/// What a render needs from the loaded site: its content, the dataset derived from it,
/// and the theme; and the base URL given on the command line, if any.
#[derive(Debug, Clone, Copy)]
pub struct RenderInput<'a> {
    pub content: &'a Content,
    pub data: &'a Dataset,
    pub theme: &'a Theme,
    /// `--base-url`: overrides `base_url` from site.yaml.
    pub base_url: Option<&'a str>,
}

/// Where the rendered files go. The build's writer is one; render knows only this.
/// Called from the render threads.
pub trait Sink: Sync {
    /// A file that one source makes: a second file at its path is a problem.
    fn add(&self, path: String, bytes: Vec<u8>);
    /// A file that more than one page may make, such as a chart that a theme page and a
    /// shortcode both show: the first one made is kept.
    fn add_shared(&self, path: String, bytes: Vec<u8>);
}

/// A rendered site (its files are with the writer), with what the link check needs to
/// point back at the sources.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub stats: Stats,
    pub base: BaseUrl,
    pub locales: Vec<Locale>,
}

/// Renders the whole site, every language, handing each file to `out` as it is made.
pub fn render_site(input: RenderInput<'_>, out: &dyn Sink) -> Result<Rendered, Diagnostics> {
    let (base, locales, registry) = prepare(input)?;
    let mut stats = Stats::default();
    let mut problems = Diagnostics::default();
    let mut sitemap_tera = None;
    // The languages are rendered side by side: each has stretches that run on one core.
    let languages: Vec<(Result<Stats, Diagnostics>, Option<Tera>)> = locales
        .par_iter()
        .map(|locale| {
            let renderer = Renderer::new(input, &base, locale, &locales, &registry, out);
            match language_tera(input.theme, &renderer) {
                Ok(tera) => (
                    renderer.render_all(&tera),
                    locale.is_default.then_some(tera),
                ),
                Err(d) => (Err(d), None),
            }
        })
        .collect();
    for (result, tera) in languages {
        match result {
            Ok(s) => {
                stats.pages += s.pages;
                stats.charts += s.charts;
            }
            Err(d) => problems.extend(d),
        }
        if tera.is_some() {
            sitemap_tera = tera;
        }
    }
    problems.into_result(())?;
    // What every language shares.
    for (name, bytes) in &input.theme.statics {
        out.add(hashed_name(name, bytes), bytes.clone());
    }
    data_files(input, out);
    out.add(
        "robots.txt".into(),
        format!(
            "User-agent: *\nAllow: /\nSitemap: {}\n",
            base.full("sitemap.xml")
        )
        .into_bytes(),
    );
    if let Some(tera) = sitemap_tera {
        let mut ctx = Context::new();
        ctx.insert("urls", &sitemap_entries(&registry, &locales, &base));
        let xml = tera
            .render("sitemap.xml", &ctx)
            .map_err(|e| Diagnostics::from(tera_diagnostic(input.theme, &e)))?;
        out.add("sitemap.xml".into(), xml.into_bytes());
    }
    Ok(Rendered {
        stats,
        base,
        locales,
    })
}

/// Where the site lives, its languages, and which page exists in which language.
fn prepare(input: RenderInput<'_>) -> Result<(BaseUrl, Vec<Locale>, Registry), Diagnostics> {
    let base_text = input.base_url.unwrap_or(&input.content.config.base_url);
    let base = BaseUrl::parse(base_text).map_err(|message| {
        let file = if input.base_url.is_some() {
            "--base-url".into()
        } else {
            input.content.config_path.clone()
        };
        Diagnostics::from(
            Diagnostic::new(file, message).hint("e.g. https://example.org/jaarverslag/"),
        )
    })?;
    let locales = i18n::locales(input.content, input.theme)?;
    let registry = Registry::new(input.content, &locales);
    Ok((base, locales, registry))
}

/// The templates for one language; every page sees `site` and `t`, serialised once per
/// language, not per page.
fn language_tera(theme: &Theme, renderer: &Renderer<'_>) -> Result<Tera, Diagnostics> {
    let mut tera = build_tera(theme, renderer.lang)?;
    tera.global_context().insert("site", &renderer.site_view);
    tera.global_context().insert("t", &renderer.locale.strings);
    Ok(tera)
}

/// Renders again, in every language, only the pages made from `documents` (kind and
/// slug), after edits to their bodies and nothing else: `serve` does this instead of a
/// whole build. Their pages go to `out`.
pub fn render_documents(
    input: RenderInput<'_>,
    documents: &[(DocKind, String)],
    out: &dyn Sink,
) -> Result<Rendered, Diagnostics> {
    let (base, locales, registry) = prepare(input)?;
    // A document and its translation make the same pages.
    let mut documents = documents.to_vec();
    documents.sort();
    documents.dedup();
    let mut problems = Diagnostics::default();
    for locale in &locales {
        let renderer = Renderer::new(input, &base, locale, &locales, &registry, out);
        let tera = language_tera(input.theme, &renderer)?;
        for (kind, slug) in &documents {
            if let Err(d) = renderer.render_document(&tera, *kind, slug) {
                problems.extend(d);
            }
        }
    }
    problems.into_result(Rendered {
        stats: Stats::default(),
        base,
        locales,
    })
}

/// One `<url>` of the sitemap: a page, with the same page in every language (hreflang).
#[derive(Serialize)]
struct SitemapEntry {
    loc: String,
    alternates: Vec<SitemapAlternate>,
}

#[derive(Clone, Serialize)]
struct SitemapAlternate {
    lang: &'static str,
    href: String,
}

fn sitemap_entries(registry: &Registry, locales: &[Locale], base: &BaseUrl) -> Vec<SitemapEntry> {
    let mut entries = Vec::new();
    for key in registry.keys() {
        if *key == PageKey::NotFound {
            continue;
        }
        let versions: Vec<SitemapAlternate> = locales
            .iter()
            .filter(|l| registry.exists(l.lang, key))
            .map(|l| SitemapAlternate {
                lang: l.lang.code(),
                href: base.full(&l.path(key)),
            })
            .collect();
        for version in &versions {
            entries.push(SitemapEntry {
                loc: version.href.clone(),
                alternates: if versions.len() > 1 {
                    versions.clone()
                } else {
                    Vec::new()
                },
            });
        }
    }
    entries.sort_by(|a, b| a.loc.cmp(&b.loc));
    entries
}

/// Which Markdown file each page's prose comes from, in every language (borrowed from the
/// content: only a broken link needs it).
pub fn page_sources<'a>(
    content: &'a Content,
    locales: &[Locale],
) -> BTreeMap<String, PageSource<'a>> {
    // Every Markdown document in the default language, with the page it makes.
    let mut documents: Vec<(DocKind, String, PageKey, PageSource<'a>)> = Vec::new();
    for y in &content.years {
        if let Some(r) = &y.report {
            let key = PageKey::Year(y.year);
            documents.push((DocKind::Report, y.year.to_string(), key, source_of(r)));
        }
    }
    for p in &content.publications {
        let key = PageKey::Publication(p.slug.clone());
        documents.push((DocKind::Publication, p.slug.clone(), key, source_of(p)));
    }
    for p in &content.pages {
        let key = PageKey::Page(p.slug.clone());
        documents.push((DocKind::Page, p.slug.clone(), key, source_of(p)));
    }
    let mut sources = BTreeMap::new();
    for locale in locales {
        for (kind, slug, key, original) in &documents {
            // Another language's page is made from the translation, where there is one.
            let source = if locale.is_default {
                Some(original.clone())
            } else {
                content
                    .translations
                    .get(&(*kind, slug.clone(), locale.lang))
                    .map(source_of)
            };
            if let Some(source) = source {
                sources.insert(locale.file(key), source);
            }
        }
        for m in &content.metrics {
            let source = PageSource {
                file: &content.metrics_path,
                text: &content.metrics_text,
                first_line: 1,
            };
            sources.insert(locale.file(&PageKey::Metric(m.id.clone())), source);
        }
    }
    sources
}

fn source_of<M>(d: &Document<M>) -> PageSource<'_> {
    PageSource {
        file: &d.path,
        text: &d.body,
        first_line: d.body_line,
    }
}

/// The whole dataset as CSV and JSON, one row per year and metric; and each metric's own
/// CSV. Shared by every language.
fn data_files<'a>(input: RenderInput<'a>, out: &dyn Sink) {
    #[derive(Serialize)]
    struct Row<'a> {
        year: i32,
        metric: &'a str,
        label: &'a str,
        theme: &'a str,
        unit: &'a str,
        #[serde(serialize_with = "plain_number")]
        value: Option<f64>,
        #[serde(serialize_with = "plain_number")]
        stated_change_percent: Option<f64>,
        stated_change_since: Option<i32>,
        source: Option<&'a str>,
        note: Option<&'a str>,
    }
    let mut rows = Vec::new();
    for m in &input.content.metrics {
        for (year, f) in input.data.figures_of(&m.id) {
            rows.push(Row {
                year,
                metric: &m.id,
                label: &m.label,
                theme: &m.theme,
                unit: &m.unit,
                value: f.value,
                stated_change_percent: f.stated_change.map(|s| s.percent),
                stated_change_since: f.stated_change.map(|s| s.since),
                source: f.source.as_deref(),
                note: f.note.as_deref(),
            });
        }
    }
    rows.sort_by(|a, b| (a.year, a.metric).cmp(&(b.year, b.metric)));
    // The cells of a row, in the order of CSV_COLUMNS.
    let cells = |r: &Row<'a>| -> [Field<'a>; 10] {
        [
            Field::Year(Some(r.year)),
            Field::Text(r.metric),
            Field::Text(r.label),
            Field::Text(r.theme),
            Field::Text(r.unit),
            Field::Number(r.value),
            Field::Number(r.stated_change_percent),
            Field::Year(r.stated_change_since),
            Field::Text(r.source.unwrap_or("")),
            Field::Text(r.note.unwrap_or("")),
        ]
    };
    for m in &input.content.metrics {
        // No values yet: the header alone, never a made-up row.
        let mut csv = CsvFile::new();
        csv.row(CSV_COLUMNS.map(Field::Text));
        for row in rows.iter().filter(|r| r.metric == m.id) {
            csv.row(cells(row));
        }
        out.add(metric_csv_path(&m.id), csv.into_bytes());
    }
    let mut csv = CsvFile::new();
    csv.row(CSV_COLUMNS.map(Field::Text));
    for row in &rows {
        csv.row(cells(row));
    }
    out.add("data/figures.csv".into(), csv.into_bytes());
    out.add(
        "data/figures.json".into(),
        serde_json::to_vec_pretty(&rows).expect("rows serialize"),
    );
}

/// A metric's own CSV, beside its page in the default language.
pub(crate) fn metric_csv_path(id: &str) -> String {
    format!("cijfers/{id}/{id}.csv")
}

fn build_tera(theme: &Theme, lang: Lang) -> Result<Tera, Diagnostics> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml", ".svg"]);
    tera.register_filter("number", move |x: f64, _: Kwargs, _: &State| lang.number(x));
    tera.register_filter("change", move |x: f64, _: Kwargs, _: &State| {
        lang.percent_change(x)
    });
    tera.register_filter(
        "date",
        move |x: &str, _: Kwargs, _: &State| -> tera::TeraResult<String> {
            Date::parse(x)
                .map(|d| lang.date(&d))
                .map_err(tera::Error::message)
        },
    );
    // The interface strings live beside the templates but are not templates.
    let templates: Vec<(&str, &str)> = theme
        .templates
        .iter()
        .filter(|(name, _)| !name.starts_with("i18n/"))
        .map(|(name, t)| (name.as_str(), t.text.as_str()))
        .collect();
    tera.add_raw_templates(templates)
        .map_err(|e| Diagnostics::from(tera_diagnostic(theme, &e)))?;
    Ok(tera)
}

/// A Tera error as a diagnostic at the template's file, line and column.
fn tera_diagnostic(theme: &Theme, error: &tera::Error) -> Diagnostic {
    let origin = |name: &str| -> PathBuf {
        theme
            .templates
            .get(name)
            .map(|t| t.origin.clone())
            .unwrap_or_else(|| format!("templates/{name}").into())
    };
    match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let span = report.span();
            Diagnostic::new(origin(report.filename()), report.message().to_string())
                .at(span.start_line, span.start_col + 1)
                .hint("fix the template; the Tera documentation describes its syntax")
        }
        tera::ErrorKind::TemplateNotFound(name) => {
            Diagnostic::new(origin(name), format!("template `{name}` not found"))
                .hint("add it under templates/ or remove the reference to it")
        }
        tera::ErrorKind::MissingParent { current, parent } => Diagnostic::new(
            origin(current),
            format!("extends `{parent}`, which does not exist"),
        )
        .hint("add the parent template under templates/"),
        tera::ErrorKind::Msg(text) => report_diagnostics(text, &origin)
            .into_iter()
            .next()
            .unwrap_or_else(|| Diagnostic::new("templates/", text.clone())),
        other => Diagnostic::new("templates/", other.to_string()),
    }
}

/// Tera reports some errors (an unknown filter, a missing include) only as rendered text:
/// `error: MESSAGE` followed by ` --> NAME:LINE:COLUMN`. Reads them back into diagnostics.
fn report_diagnostics(text: &str, origin: &dyn Fn(&str) -> PathBuf) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut message = None;
    for line in text.lines() {
        if let Some(m) = line.strip_prefix("error: ") {
            message = Some(m.to_string());
        } else if let Some(place) = line.trim_start().strip_prefix("--> ") {
            let mut parts = place.rsplitn(3, ':');
            let column = parts.next().and_then(|c| c.parse().ok());
            let line_no = parts.next().and_then(|l| l.parse().ok());
            if let (Some(name), Some(l), Some(c), Some(m)) =
                (parts.next(), line_no, column, message.take())
            {
                out.push(Diagnostic::new(origin(name), m).at(l, c).hint(
                    "fix the template: a filter, function or template it names does not exist",
                ));
            }
        }
    }
    out
}

pub(crate) fn plain_number<S: serde::Serializer>(
    value: &Option<f64>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match value {
        // Whole numbers without `.0` (values are at most 2^53 - 1, exact as i64); `-0` is 0.
        Some(v) if v.fract() == 0.0 && v.abs() < 9.1e15 => s.serialize_some(&(*v as i64)),
        Some(v) => s.serialize_some(v),
        None => s.serialize_none(),
    }
}

/// The columns of the open-data CSV files (the fields of `data_files`' rows, which are
/// the keys of figures.json).
pub(crate) const CSV_COLUMNS: [&str; 10] = [
    "year",
    "metric",
    "label",
    "theme",
    "unit",
    "value",
    "stated_change_percent",
    "stated_change_since",
    "source",
    "note",
];

/// A metric whose unit is `%` is a share: its changes are in percentage points.
pub(crate) fn is_share(m: &Metric) -> bool {
    m.unit.trim() == "%"
}

/// Runs `f` with a fresh problem list, returning both (for parallel map steps).
pub(crate) fn with_problems<T>(f: impl FnOnce(&mut Diagnostics) -> T) -> (T, Diagnostics) {
    let mut problems = Diagnostics::default();
    let value = f(&mut problems);
    (value, problems)
}

/// Splits the results of a parallel map into the values and all their problems.
pub(crate) fn gather<T>(results: Vec<(T, Diagnostics)>) -> (Vec<T>, Diagnostics) {
    let mut all = Diagnostics::default();
    let values = results
        .into_iter()
        .map(|(v, p)| {
            all.extend(p);
            v
        })
        .collect();
    (values, all)
}

/// `style.css` → `style.1a2b3c4d.css`: a new name whenever the content changes, so hosts
/// may cache assets for a year. Other files keep their name.
pub fn hashed_name(name: &str, bytes: &[u8]) -> String {
    match name.rsplit_once('.') {
        Some((stem, ext)) if ext == "css" || ext == "js" => {
            format!("{stem}.{:08x}.{ext}", fnv1a(bytes) as u32)
        }
        _ => name.to_string(),
    }
}

/// FNV-1a: tiny, stable across platforms and releases (std's hasher is neither).
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls() {
        let b = BaseUrl::parse("https://example.org/jaarverslag").unwrap();
        assert_eq!(b.absolute, "https://example.org/jaarverslag/");
        assert_eq!(b.path, "/jaarverslag/");
        assert_eq!(b.link("cijfers/"), "/jaarverslag/cijfers/");
        assert_eq!(b.full("2020/"), "https://example.org/jaarverslag/2020/");
        let root = BaseUrl::parse("http://localhost:1111/").unwrap();
        assert_eq!(root.path, "/");
        assert_eq!(root.absolute, "http://localhost:1111/");
        assert_eq!(BaseUrl::parse("/").unwrap().path, "/");
        assert!(BaseUrl::parse("example.org").is_err());
        assert!(BaseUrl::parse("https://exa mple.org/").is_err());
        assert!(BaseUrl::parse("https://\"/").is_err());
    }

    #[test]
    fn hashed_asset_names() {
        assert_eq!(hashed_name("favicon.svg", b"x"), "favicon.svg");
        let a = hashed_name("style.css", b"a{}");
        assert!(
            a.starts_with("style.") && a.ends_with(".css") && a.len() == "style..css".len() + 8
        );
        assert_ne!(a, hashed_name("style.css", b"b{}"));
    }
}
