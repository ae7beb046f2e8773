//! Stage 4: turn the loaded, checked site into pages, charts and data files.
//!
//! Rust prepares a view of each page (every number already formatted, every change
//! already computed), and the Tera templates only lay it out: a template cannot get a
//! number wrong because it never computes one.

use crate::charts::{self, BarChart, Event as ChartEvent, LineChart, Series};
use crate::check::links::PageSource;
use crate::derive::Change;
use crate::diagnostics::{line_column, Diagnostic, Diagnostics};
use crate::format::{Date, Lang};
use crate::load::{Document, Metric, PublicationMeta, ReportMeta, StatedChange};
use crate::markdown::{self, Expansion, Host, MarkdownError, Shortcode};
use crate::site::{BuildOptions, Site};
use crate::theme::Theme;
use crate::write::Output;
use rayon::prelude::*;
use serde::Serialize;
use std::cell::Cell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use tera::{Context, Kwargs, State, Tera};

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

// ---------------------------------------------------------------------------------------
// Views: what the templates see.

#[derive(Debug, Clone, Serialize)]
struct Link {
    title: String,
    url: String,
}

#[derive(Debug, Clone, Serialize)]
struct SiteView {
    title: String,
    description: String,
    lang: &'static str,
    base: String,
    base_url: String,
    organisation: OrganisationView,
    nav: Vec<Link>,
    themes: Vec<ThemeLink>,
    years: Vec<YearLink>,
    pages: Vec<Link>,
    assets: BTreeMap<String, String>,
    /// The same, as full URLs (for share images in Open Graph tags).
    assets_full: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Serialize)]
struct OrganisationView {
    name: String,
    url: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
struct ThemeLink {
    id: String,
    label: String,
    description: String,
    url: String,
}

#[derive(Debug, Clone, Serialize)]
struct YearLink {
    year: i32,
    title: String,
    url: String,
}

#[derive(Debug, Clone, Serialize)]
struct SourceView {
    text: String,
    url: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
struct ChangeView {
    /// `+47%`, or `+704` when the earlier value was zero.
    text: String,
    /// `t.o.v. 2019`
    compared_to: String,
    /// `+47% t.o.v. 2019`
    full: String,
    /// `+704`
    absolute: String,
    direction: &'static str,
    consecutive: bool,
}

#[derive(Debug, Clone, Serialize)]
struct MetricLink {
    id: String,
    label: String,
    unit: String,
    url: String,
    theme: ThemeLink,
}

/// One value of one metric in one year, ready to show.
#[derive(Debug, Clone, Serialize)]
struct FigureView {
    metric: MetricLink,
    year: i32,
    year_url: Option<String>,
    value: Option<f64>,
    /// `2.205`, or None for a missing value.
    value_text: Option<String>,
    change: Option<ChangeView>,
    /// A change as the source states it, where the data cannot show it: `+21% t.o.v. 2020`.
    stated_change: Option<String>,
    source: Option<SourceView>,
    note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
struct ChartView {
    id: String,
    title: String,
    svg: String,
    desc: String,
    /// The standalone SVG file.
    url: Option<String>,
    /// The chart's numbers as CSV.
    data_url: Option<String>,
    table: TableView,
}

#[derive(Debug, Clone, Serialize)]
struct TableView {
    caption: String,
    /// The header of the first column: what the rows are (years, or metrics).
    row_header: String,
    columns: Vec<String>,
    rows: Vec<TableRow>,
}

#[derive(Debug, Clone, Serialize)]
struct TableRow {
    label: String,
    cells: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
struct MetricView {
    id: String,
    label: String,
    unit: String,
    description: String,
    definition_html: String,
    url: String,
    theme: ThemeLink,
    headline: bool,
    /// Every year from the metric's first to its last value; a missing year has no value.
    rows: Vec<FigureView>,
    latest: Option<FigureView>,
    chart: Option<ChartView>,
    years_with_value: usize,
    /// Every value of this metric with its source, as CSV.
    csv_url: String,
}

#[derive(Debug, Clone, Serialize)]
struct ThemeGroup {
    theme: ThemeLink,
    figures: Vec<FigureView>,
    charts: Vec<ChartView>,
}

#[derive(Debug, Clone, Serialize)]
struct YearView {
    year: i32,
    title: String,
    url: String,
    date: Option<String>,
    summary: String,
    body_html: String,
    toc: Vec<Link>,
    sources: Vec<SourceView>,
    groups: Vec<ThemeGroup>,
    figure_count: usize,
    previous: Option<YearLink>,
    next: Option<YearLink>,
}

#[derive(Debug, Clone, Serialize)]
struct PublicationView {
    slug: String,
    title: String,
    url: String,
    date: String,
    date_text: String,
    kind: String,
    themes: Vec<ThemeLink>,
    year: Option<YearLink>,
    summary: String,
    origin: Option<String>,
    body_html: String,
}

#[derive(Debug, Clone, Serialize)]
struct PageView {
    title: String,
    description: String,
    /// The page's path under the base, e.g. `/jaarverslag/cijfers/`.
    url: String,
    canonical: String,
}

// ---------------------------------------------------------------------------------------

/// A rendered site, with what `check` needs to point back at the sources.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub output: Output,
    pub stats: Stats,
    pub base: BaseUrl,
    /// Output page path → the Markdown it was made from.
    pub sources: BTreeMap<String, PageSource>,
}

/// Renders the whole site into memory.
pub fn render_site(site: &Site, options: &BuildOptions) -> Result<Rendered, Diagnostics> {
    let base_text = options
        .base_url
        .clone()
        .unwrap_or_else(|| site.content.config.base_url.clone());
    let base = BaseUrl::parse(&base_text).map_err(|message| {
        let file = if options.base_url.is_some() {
            "--base-url".into()
        } else {
            site.content.config_path.clone()
        };
        Diagnostics::from(
            Diagnostic::new(file, message).hint("e.g. https://example.org/jaarverslag/"),
        )
    })?;
    let mut tera = build_tera(&site.theme, site.content.config.language)?;
    let renderer = Renderer::new(site, base.clone());
    // Every page sees `site`; serialised once, not once per page.
    tera.global_context().insert("site", &renderer.site_view);
    let (output, stats) = renderer.render_all(&tera)?;
    Ok(Rendered {
        output,
        stats,
        base,
        sources: page_sources(site),
    })
}

/// Which Markdown file each page's prose comes from.
fn page_sources(site: &Site) -> BTreeMap<String, PageSource> {
    let content = &site.content;
    let mut sources = BTreeMap::new();
    let mut add = |page: String, file: &Path, text: &str, first_line: usize| {
        sources.insert(
            page,
            PageSource {
                file: file.to_path_buf(),
                text: text.to_string(),
                first_line,
            },
        );
    };
    for y in &content.years {
        if let Some(r) = &y.report {
            add(
                format!("{}/index.html", y.year),
                &r.path,
                &r.body,
                r.body_line,
            );
        }
    }
    for p in &content.publications {
        add(
            format!("publicaties/{}/index.html", p.slug),
            &p.path,
            &p.body,
            p.body_line,
        );
    }
    for p in &content.pages {
        add(
            format!("{}/index.html", p.slug),
            &p.path,
            &p.body,
            p.body_line,
        );
    }
    for m in &content.metrics {
        add(
            format!("cijfers/{}/index.html", m.id),
            &content.metrics_path,
            &content.metrics_text,
            1,
        );
    }
    sources
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
    let templates: Vec<(&str, &str)> = theme
        .templates
        .iter()
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

struct Renderer<'a> {
    site: &'a Site,
    base: BaseUrl,
    lang: Lang,
    site_view: SiteView,
    metrics: BTreeMap<&'a str, &'a Metric>,
    /// Files made while rendering pages (standalone charts and their data), by path.
    extra_files: Mutex<BTreeMap<String, Vec<u8>>>,
    charts_drawn: AtomicUsize,
}

impl<'a> Renderer<'a> {
    fn new(site: &'a Site, base: BaseUrl) -> Renderer<'a> {
        let config = &site.content.config;
        let lang = config.language;
        let mut assets = BTreeMap::new();
        let mut assets_full = BTreeMap::new();
        for (name, bytes) in &site.theme.statics {
            assets.insert(name.clone(), base.link(&hashed_name(name, bytes)));
            assets_full.insert(name.clone(), base.full(&hashed_name(name, bytes)));
        }
        let mut pages: Vec<(&i32, &str, String)> = Vec::new();
        for p in &site.content.pages {
            pages.push((
                p.meta.order.as_ref().unwrap_or(&i32::MAX),
                p.slug.as_str(),
                p.meta.title.clone(),
            ));
        }
        pages.sort();
        let page_links: Vec<Link> = pages
            .into_iter()
            .map(|(_, slug, title)| Link {
                title,
                url: base.link(&format!("{slug}/")),
            })
            .collect();
        let mut nav = vec![
            Link {
                title: "Home".into(),
                url: base.link(""),
            },
            Link {
                title: "Cijfers".into(),
                url: base.link("cijfers/"),
            },
            Link {
                title: "Thema's".into(),
                url: base.link("themas/"),
            },
            Link {
                title: "Publicaties".into(),
                url: base.link("publicaties/"),
            },
        ];
        nav.extend(page_links.iter().cloned());
        let site_view = SiteView {
            title: config.title.clone(),
            description: config.description.clone(),
            lang: lang.code(),
            base: base.path.clone(),
            base_url: base.absolute.clone(),
            organisation: OrganisationView {
                name: config.organisation.name.clone(),
                url: config.organisation.url.clone(),
            },
            nav,
            themes: config.themes.iter().map(|t| theme_link(&base, t)).collect(),
            years: site
                .content
                .years
                .iter()
                .rev()
                .map(|y| year_link(&base, y.year, y.report.as_ref()))
                .collect(),
            pages: page_links,
            assets,
            assets_full,
        };
        Renderer {
            site,
            lang,
            site_view,
            metrics: site
                .content
                .metrics
                .iter()
                .map(|m| (m.id.as_str(), m))
                .collect(),
            base,
            extra_files: Default::default(),
            charts_drawn: AtomicUsize::new(0),
        }
    }

    fn render_all(&self, tera: &Tera) -> Result<(Output, Stats), Diagnostics> {
        let mut out = Output::default();
        let mut problems = Diagnostics::default();
        // Pages are gathered first and rendered in parallel at the end.
        let mut jobs: Vec<(String, &'static str, PageView, Context)> = Vec::new();
        let mut page = |path: &str, template: &'static str, view: PageView, extra: Context| {
            jobs.push((path.to_string(), template, view, extra));
        };

        // Markdown first: its errors are the author's, and come with lines. Every
        // document is independent, so they are rendered in parallel.
        let content = &self.site.content;
        let (metric_views, mut md_problems) = gather(
            content
                .metrics
                .par_iter()
                .map(|m| with_problems(|p| self.metric_view(m, p)))
                .collect(),
        );
        let (years, more) = gather(
            (0..content.years.len())
                .into_par_iter()
                .map(|i| with_problems(|p| self.year_view(i, p)))
                .collect(),
        );
        md_problems.extend(more);
        let (publications, more) = gather(
            content
                .publications
                .par_iter()
                .map(|d| with_problems(|p| self.publication_view(d, p)))
                .collect(),
        );
        md_problems.extend(more);
        let (static_pages, more) = gather(
            content
                .pages
                .par_iter()
                .map(|d| {
                    with_problems(|p| {
                        let html = self.markdown(&d.body, &d.path, d.body_line, None, p);
                        (
                            d.slug.clone(),
                            d.meta.title.clone(),
                            d.meta.summary.clone(),
                            html,
                        )
                    })
                })
                .collect(),
        );
        md_problems.extend(more);
        let metric_views: Vec<MetricView> = metric_views;
        let years: Vec<YearView> = years;
        let publications: Vec<PublicationView> = publications;
        let static_pages: Vec<(String, String, String, String)> = static_pages;
        if !md_problems.is_empty() {
            return Err(md_problems.into_result(()).unwrap_err());
        }
        let mut publications_sorted = publications.clone();
        publications_sorted.sort_by(|a, b| b.date.cmp(&a.date).then(a.slug.cmp(&b.slug)));

        // Home
        let home = self.home_context(&metric_views, &years, &publications_sorted);
        page(
            "index.html",
            "home.html",
            self.page_view(
                "",
                &self.site.content.config.title,
                &self.site.content.config.description,
            ),
            home,
        );

        for year in &years {
            let mut ctx = Context::new();
            ctx.insert("year", year);
            page(
                &format!("{}/index.html", year.year),
                "year.html",
                self.page_view(&format!("{}/", year.year), &year.title, &year.summary),
                ctx,
            );
        }

        // Metrics, all and one by one.
        let by_theme: Vec<(ThemeLink, Vec<&MetricView>)> = self
            .site
            .content
            .config
            .themes
            .iter()
            .map(|t| {
                (
                    theme_link(&self.base, t),
                    metric_views.iter().filter(|m| m.theme.id == t.id).collect(),
                )
            })
            .collect();
        let mut ctx = Context::new();
        ctx.insert(
            "groups",
            &by_theme
                .iter()
                .map(|(t, ms)| serde_json::json!({"theme": t, "metrics": ms}))
                .collect::<Vec<_>>(),
        );
        page(
            "cijfers/index.html",
            "metrics.html",
            self.page_view(
                "cijfers/",
                "Alle cijfers",
                "Alle cijfers per thema, met hun verloop over de jaren.",
            ),
            ctx,
        );
        for m in &metric_views {
            let mut ctx = Context::new();
            ctx.insert("metric", m);
            page(
                &format!("cijfers/{}/index.html", m.id),
                "metric.html",
                self.page_view(&format!("cijfers/{}/", m.id), &m.label, &m.description),
                ctx,
            );
        }

        // Themes
        let mut ctx = Context::new();
        ctx.insert("themes", &self.site_view.themes);
        page(
            "themas/index.html",
            "themes.html",
            self.page_view("themas/", "Thema's", "De cijfers per thema."),
            ctx,
        );
        for (theme, metrics) in &by_theme {
            let config = self
                .site
                .content
                .config
                .themes
                .iter()
                .find(|t| t.id == theme.id)
                .expect("the theme comes from the config");
            let charts = self.compare_charts(config);
            let theme_publications: Vec<&PublicationView> = publications_sorted
                .iter()
                .filter(|p| p.themes.iter().any(|t| t.id == theme.id))
                .collect();
            let mut ctx = Context::new();
            ctx.insert("theme", theme);
            ctx.insert("metrics", metrics);
            ctx.insert("charts", &charts);
            ctx.insert("publications", &theme_publications);
            page(
                &format!("themas/{}/index.html", theme.id),
                "theme.html",
                self.page_view(
                    &format!("themas/{}/", theme.id),
                    &theme.label,
                    &theme.description,
                ),
                ctx,
            );
        }

        // Publications
        let mut ctx = Context::new();
        ctx.insert("publications", &publications_sorted);
        page(
            "publicaties/index.html",
            "publications.html",
            self.page_view(
                "publicaties/",
                "Publicaties",
                "Persberichten, memoranda en parlementaire vragen waarop de cijfers steunen.",
            ),
            ctx,
        );
        for p in &publications {
            let mut ctx = Context::new();
            ctx.insert("publication", p);
            page(
                &format!("publicaties/{}/index.html", p.slug),
                "publication.html",
                self.page_view(&format!("publicaties/{}/", p.slug), &p.title, &p.summary),
                ctx,
            );
        }

        for (slug, title, summary, html) in &static_pages {
            let mut ctx = Context::new();
            ctx.insert("body_html", html);
            page(
                &format!("{slug}/index.html"),
                "page.html",
                self.page_view(&format!("{slug}/"), title, summary),
                ctx,
            );
        }

        page(
            "404.html",
            "404.html",
            self.page_view("404.html", "Pagina niet gevonden", ""),
            Context::new(),
        );

        // Feeds and indexes for machines.
        let mut ctx = Context::new();
        ctx.insert("entries", &self.feed_entries(&years, &publications_sorted));
        ctx.insert("updated", &self.feed_updated());
        page(
            "atom.xml",
            "atom.xml",
            self.page_view("atom.xml", "", ""),
            ctx,
        );

        let rendered: Vec<(String, Result<String, tera::Error>)> = jobs
            .into_par_iter()
            .map(|(path, template, view, extra)| {
                let mut ctx = extra;
                ctx.insert("page", &view);
                (path, tera.render(template, &ctx))
            })
            .collect();
        let mut pages = 0;
        for (path, result) in rendered {
            match result {
                Ok(html) => {
                    out.add(path, html);
                    pages += 1;
                }
                Err(e) => problems.push(tera_diagnostic(&self.site.theme, &e)),
            }
        }
        if !problems.is_empty() {
            return problems.into_result((out, Stats::default()));
        }

        let mut sitemap_urls: Vec<String> = out
            .files()
            .filter(|(p, _)| p.ends_with("index.html"))
            .map(|(p, _)| self.base.full(p.trim_end_matches("index.html")))
            .collect();
        sitemap_urls.sort();
        let mut ctx = Context::new();
        ctx.insert("site", &self.site_view);
        ctx.insert("urls", &sitemap_urls);
        match tera.render("sitemap.xml", &ctx) {
            Ok(xml) => out.add("sitemap.xml", xml),
            Err(e) => problems.push(tera_diagnostic(&self.site.theme, &e)),
        }
        out.add(
            "robots.txt",
            format!(
                "User-agent: *\nAllow: /\nSitemap: {}\n",
                self.base.full("sitemap.xml")
            ),
        );

        let extra =
            std::mem::take(&mut *self.extra_files.lock().unwrap_or_else(|e| e.into_inner()));
        for (path, bytes) in extra {
            out.add(path, bytes);
        }
        for (name, bytes) in &self.site.theme.statics {
            out.add(hashed_name(name, bytes), bytes.clone());
        }
        self.data_files(&mut out);

        let stats = Stats {
            pages,
            charts: self.charts_drawn.load(Ordering::Relaxed),
        };
        problems.into_result((out, stats))
    }

    fn page_view(&self, path: &str, title: &str, description: &str) -> PageView {
        PageView {
            title: title.to_string(),
            description: if description.is_empty() {
                self.site.content.config.description.clone()
            } else {
                description.to_string()
            },
            url: self.base.link(path),
            canonical: self.base.full(path),
        }
    }

    fn markdown(
        &self,
        text: &str,
        file: &Path,
        first_line: usize,
        default_year: Option<i32>,
        problems: &mut Diagnostics,
    ) -> String {
        let host = ShortcodeHost {
            renderer: self,
            default_year,
            counter: Cell::new(0),
        };
        match markdown::render(text, &host) {
            Ok(r) => r.html,
            Err(errors) => {
                for e in errors {
                    let (line, column) = line_column(text, e.offset);
                    let mut d = Diagnostic::new(file, e.message).at(line + first_line - 1, column);
                    if let Some(h) = e.hint {
                        d = d.hint(h);
                    }
                    problems.push(d);
                }
                String::new()
            }
        }
    }

    // -- views -------------------------------------------------------------------------

    fn metric_link(&self, m: &Metric) -> MetricLink {
        let theme = self
            .site
            .content
            .config
            .themes
            .iter()
            .find(|t| t.id == m.theme)
            .map(|t| theme_link(&self.base, t))
            .expect("validated: every metric has a known theme");
        MetricLink {
            id: m.id.clone(),
            label: m.label.clone(),
            unit: m.unit.clone(),
            url: self.base.link(&format!("cijfers/{}/", m.id)),
            theme,
        }
    }

    fn source_view(&self, source: &str) -> SourceView {
        match self
            .site
            .content
            .publications
            .iter()
            .find(|p| p.slug == source)
        {
            Some(p) => SourceView {
                text: p.meta.title.clone(),
                url: Some(self.base.link(&format!("publicaties/{}/", p.slug))),
            },
            None => SourceView {
                text: source.to_string(),
                url: None,
            },
        }
    }

    /// A value as text: `2.205`, or `81%` for a share.
    fn value_text(&self, m: &Metric, value: f64) -> String {
        if is_share(m) {
            self.lang.percent(value)
        } else {
            self.lang.number(value)
        }
    }

    fn change_view(&self, m: &Metric, c: &Change) -> ChangeView {
        // A share that goes from 56% to 81% rose 25 percentage points, not 45%.
        let text = match c.percent {
            _ if is_share(m) => format!(
                "{} {}",
                self.lang.signed_number(c.absolute),
                if c.absolute.abs() == 1.0 {
                    "procentpunt"
                } else {
                    "procentpunten"
                }
            ),
            Some(p) => self.lang.percent_change(p),
            None => self.lang.signed_number(c.absolute),
        };
        let compared_to = format!("t.o.v. {}", c.from_year);
        let rounded = c.percent.map(f64::round).unwrap_or(c.absolute);
        ChangeView {
            full: format!("{text} {compared_to}"),
            text,
            compared_to,
            absolute: self.lang.signed_number(c.absolute),
            direction: if rounded > 0.0 {
                "up"
            } else if rounded < 0.0 {
                "down"
            } else {
                "flat"
            },
            consecutive: c.is_consecutive(),
        }
    }

    fn stated_text(&self, s: &StatedChange) -> String {
        format!(
            "{} t.o.v. {} (volgens de bron)",
            self.lang.percent_change(s.percent),
            s.since
        )
    }

    fn figure_view(&self, m: &Metric, year: i32) -> FigureView {
        let data = &self.site.data;
        let figure = data.figure(&m.id, year);
        let value = figure.and_then(|f| f.value);
        FigureView {
            metric: self.metric_link(m),
            year,
            year_url: self
                .site
                .data
                .years
                .contains(&year)
                .then(|| self.base.link(&format!("{year}/"))),
            value,
            value_text: value.map(|v| self.value_text(m, v)),
            change: data.change(&m.id, year).map(|c| self.change_view(m, &c)),
            stated_change: data
                .extra_stated_change(&m.id, year)
                .map(|s| self.stated_text(&s)),
            source: figure
                .and_then(|f| f.source.as_deref())
                .map(|s| self.source_view(s)),
            note: figure.and_then(|f| f.note.clone()),
        }
    }

    fn metric_view(&self, m: &Metric, problems: &mut Diagnostics) -> MetricView {
        let data = &self.site.data;
        let figures: Vec<i32> = data.figures_of(&m.id).map(|(y, _)| y).collect();
        let rows: Vec<FigureView> = match (figures.first(), figures.last()) {
            (Some(first), Some(last)) => (*first..=*last)
                .rev()
                .map(|y| self.figure_view(m, y))
                .collect(),
            _ => Vec::new(),
        };
        let latest = rows.iter().find(|r| r.value.is_some()).cloned();
        let series = data.series(&m.id);
        let chart =
            (series.len() >= 2).then(|| self.metric_chart(m, &format!("chart-{}", m.id), true));
        MetricView {
            id: m.id.clone(),
            label: m.label.clone(),
            unit: m.unit.clone(),
            description: m.description.clone(),
            definition_html: self.markdown(
                &m.definition,
                &self.site.content.metrics_path,
                crate::load::find_id_line(&self.site.content.metrics_text, &m.id, 0).unwrap_or(1),
                None,
                problems,
            ),
            url: self.base.link(&format!("cijfers/{}/", m.id)),
            theme: self.metric_link(m).theme,
            headline: m.headline,
            years_with_value: series.len(),
            csv_url: self.base.link(&format!("cijfers/{0}/{0}.csv", m.id)),
            rows,
            latest,
            chart,
        }
    }

    fn events_for(&self, theme: &str, from: i32, to: i32) -> Vec<ChartEvent> {
        self.site
            .content
            .config
            .events
            .iter()
            .filter(|e| e.themes.is_empty() || e.themes.iter().any(|t| t == theme))
            .map(|e| ChartEvent {
                label: e.label.clone(),
                from: e.from,
                to: e.to.unwrap_or(e.from),
            })
            .filter(|e| e.to >= from && e.from <= to)
            .collect()
    }

    /// A metric's line chart. `file` also writes it to /grafieken/<id>.svg.
    fn metric_chart(&self, m: &Metric, id: &str, file: bool) -> ChartView {
        let series = self.site.data.series(&m.id);
        let from = series.first().map_or(0, |p| p.0);
        let to = series.last().map_or(0, |p| p.0);
        let chart = LineChart {
            id: id.to_string(),
            title: format!("{}: verloop per jaar", m.label),
            unit: m.unit.clone(),
            years: (from, to),
            series: vec![Series {
                label: m.label.clone(),
                points: series.clone(),
            }],
            events: self.events_for(&m.theme, from, to),
        };
        let rendered = charts::line_chart(&chart, self.lang);
        self.charts_drawn.fetch_add(1, Ordering::Relaxed);
        let (url, data_url) = if file {
            let (url, data_url) = self.publish_chart(&m.id, &rendered.svg, &[m], from, to);
            (Some(url), Some(data_url))
        } else {
            (None, None)
        };
        ChartView {
            data_url,
            id: id.to_string(),
            title: chart.title,
            svg: rendered.svg,
            desc: rendered.desc,
            url,
            table: self.years_table(&[m], from, to),
        }
    }

    /// Writes a chart as /grafieken/<name>.svg with its numbers beside it as .csv; returns
    /// both links.
    fn publish_chart(
        &self,
        name: &str,
        svg: &str,
        metrics: &[&Metric],
        from: i32,
        to: i32,
    ) -> (String, String) {
        let mut csv = csv::Writer::from_writer(Vec::new());
        let header = std::iter::once("year").chain(metrics.iter().map(|m| m.id.as_str()));
        csv.write_record(header).expect("CSV to memory");
        for year in from..=to {
            let values = metrics.iter().map(|m| {
                self.site
                    .data
                    .value(&m.id, year)
                    .map(|v| v.to_string())
                    .unwrap_or_default()
            });
            csv.write_record(std::iter::once(year.to_string()).chain(values))
                .expect("CSV to memory");
        }
        let svg_path = format!("grafieken/{name}.svg");
        let csv_path = format!("grafieken/{name}.csv");
        let mut files = self.extra_files.lock().unwrap_or_else(|e| e.into_inner());
        files.insert(svg_path.clone(), svg.as_bytes().to_vec());
        files.insert(csv_path.clone(), csv.into_inner().expect("CSV to memory"));
        (self.base.link(&svg_path), self.base.link(&csv_path))
    }

    /// The data behind a chart, one row per year, one column per metric.
    fn years_table(&self, metrics: &[&Metric], from: i32, to: i32) -> TableView {
        TableView {
            caption: "De cijfers in de grafiek".into(),
            row_header: "Jaar".into(),
            columns: metrics
                .iter()
                .map(|m| format!("{} ({})", m.label, m.unit))
                .collect(),
            rows: (from..=to)
                .map(|y| TableRow {
                    label: y.to_string(),
                    cells: metrics
                        .iter()
                        .map(|m| {
                            self.site
                                .data
                                .value(&m.id, y)
                                .map(|v| self.value_text(m, v))
                                .unwrap_or_else(|| "geen cijfer".into())
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    /// A theme's charts: one per group of comparable metrics.
    fn compare_charts(&self, theme: &crate::load::ThemeConfig) -> Vec<ChartView> {
        theme
            .compare
            .iter()
            .enumerate()
            .filter_map(|(i, group)| {
                let metrics: Vec<&Metric> = group
                    .metrics
                    .iter()
                    .filter_map(|id| self.metrics.get(id.as_str()).copied())
                    .collect();
                let series: Vec<Series> = metrics
                    .iter()
                    .map(|m| Series {
                        label: m.label.clone(),
                        points: self.site.data.series(&m.id),
                    })
                    .filter(|s| !s.points.is_empty())
                    .collect();
                let from = series
                    .iter()
                    .filter_map(|s| s.points.first())
                    .map(|p| p.0)
                    .min()?;
                let to = series
                    .iter()
                    .filter_map(|s| s.points.last())
                    .map(|p| p.0)
                    .max()?;
                if series.iter().map(|s| s.points.len()).sum::<usize>() < 2 {
                    return None;
                }
                let id = format!("thema-{}-{}", theme.id, i + 1);
                let chart = LineChart {
                    id: id.clone(),
                    title: group.title.clone(),
                    unit: metrics.first().map(|m| m.unit.clone()).unwrap_or_default(),
                    years: (from, to),
                    series,
                    events: self.events_for(&theme.id, from, to),
                };
                let rendered = charts::line_chart(&chart, self.lang);
                self.charts_drawn.fetch_add(1, Ordering::Relaxed);
                let (url, data_url) = self.publish_chart(&id, &rendered.svg, &metrics, from, to);
                Some(ChartView {
                    id,
                    title: chart.title,
                    svg: rendered.svg,
                    desc: rendered.desc,
                    url: Some(url),
                    data_url: Some(data_url),
                    table: self.years_table(&metrics, from, to),
                })
            })
            .collect()
    }

    /// On a year page: a bar chart per comparison group with two or more values that year.
    fn year_bar_charts(&self, theme: &crate::load::ThemeConfig, year: i32) -> Vec<ChartView> {
        theme
            .compare
            .iter()
            .enumerate()
            .filter_map(|(i, group)| {
                let metrics: Vec<&Metric> = group
                    .metrics
                    .iter()
                    .filter_map(|id| self.metrics.get(id.as_str()).copied())
                    .filter(|m| self.site.data.value(&m.id, year).is_some())
                    .collect();
                if metrics.len() < 2 {
                    return None;
                }
                let id = format!("jaar-{year}-{}-{}", theme.id, i + 1);
                let chart = BarChart {
                    id: id.clone(),
                    title: format!("{} in {year}", group.title),
                    unit: metrics[0].unit.clone(),
                    year,
                    bars: metrics
                        .iter()
                        .map(|m| {
                            (
                                m.label.clone(),
                                self.site.data.value(&m.id, year).unwrap_or(0.0),
                            )
                        })
                        .collect(),
                };
                let rendered = charts::bar_chart(&chart, self.lang);
                self.charts_drawn.fetch_add(1, Ordering::Relaxed);
                Some(ChartView {
                    id,
                    title: chart.title.clone(),
                    svg: rendered.svg,
                    desc: rendered.desc,
                    url: None,
                    data_url: None,
                    table: TableView {
                        caption: chart.title.clone(),
                        row_header: "Cijfer".into(),
                        columns: vec![metrics[0].unit.clone()],
                        rows: metrics
                            .iter()
                            .map(|m| TableRow {
                                label: m.label.clone(),
                                cells: vec![self
                                    .site
                                    .data
                                    .value(&m.id, year)
                                    .map(|v| self.value_text(m, v))
                                    .unwrap_or_default()],
                            })
                            .collect(),
                    },
                })
            })
            .collect()
    }

    fn year_view(&self, index: usize, problems: &mut Diagnostics) -> YearView {
        let content = &self.site.content;
        let year = &content.years[index];
        let y = year.year;
        let (title, date, summary, body_html, toc, sources) = match &year.report {
            Some(r) => {
                let host = ShortcodeHost {
                    renderer: self,
                    default_year: Some(y),
                    counter: Cell::new(0),
                };
                let (html, toc) = match markdown::render(&r.body, &host) {
                    Ok(rendered) => (
                        rendered.html,
                        rendered
                            .headings
                            .iter()
                            .filter(|h| h.level == 2)
                            .map(|h| Link {
                                title: h.text.clone(),
                                url: format!("#{}", h.id),
                            })
                            .collect(),
                    ),
                    Err(errors) => {
                        for e in errors {
                            let (line, column) = line_column(&r.body, e.offset);
                            let mut d = Diagnostic::new(&r.path, e.message)
                                .at(line + r.body_line - 1, column);
                            if let Some(h) = e.hint {
                                d = d.hint(h);
                            }
                            problems.push(d);
                        }
                        (String::new(), Vec::new())
                    }
                };
                (
                    r.meta.title.clone(),
                    Some(self.lang.date(&r.meta.date)),
                    r.meta.summary.clone(),
                    html,
                    toc,
                    r.meta.sources.iter().map(|s| self.source_view(s)).collect(),
                )
            }
            None => (
                format!("Cijfers {y}"),
                None,
                String::new(),
                String::new(),
                Vec::new(),
                Vec::new(),
            ),
        };
        let groups: Vec<ThemeGroup> = content
            .config
            .themes
            .iter()
            .filter_map(|t| {
                let figures: Vec<FigureView> = content
                    .metrics
                    .iter()
                    .filter(|m| m.theme == t.id && self.site.data.figure(&m.id, y).is_some())
                    .map(|m| self.figure_view(m, y))
                    .collect();
                (!figures.is_empty()).then(|| ThemeGroup {
                    theme: theme_link(&self.base, t),
                    charts: self.year_bar_charts(t, y),
                    figures,
                })
            })
            .collect();
        let link = |i: usize| {
            content
                .years
                .get(i)
                .map(|o| year_link(&self.base, o.year, o.report.as_ref()))
        };
        YearView {
            year: y,
            title,
            url: self.base.link(&format!("{y}/")),
            date,
            summary,
            body_html,
            toc,
            sources,
            figure_count: groups.iter().map(|g| g.figures.len()).sum(),
            groups,
            previous: index.checked_sub(1).and_then(link),
            next: link(index + 1),
        }
    }

    fn publication_view(
        &self,
        p: &Document<PublicationMeta>,
        problems: &mut Diagnostics,
    ) -> PublicationView {
        let themes = p
            .meta
            .themes
            .iter()
            .filter_map(|id| {
                self.site
                    .content
                    .config
                    .themes
                    .iter()
                    .find(|t| &t.id == id)
                    .map(|t| theme_link(&self.base, t))
            })
            .collect();
        let year = p.meta.year.map(|y| {
            let report = self
                .site
                .content
                .years
                .iter()
                .find(|c| c.year == y)
                .and_then(|c| c.report.as_ref());
            year_link(&self.base, y, report)
        });
        PublicationView {
            slug: p.slug.clone(),
            title: p.meta.title.clone(),
            url: self.base.link(&format!("publicaties/{}/", p.slug)),
            date: p.meta.date.to_string(),
            date_text: self.lang.date(&p.meta.date),
            kind: p.meta.kind.label().to_string(),
            themes,
            year,
            summary: p.meta.summary.clone(),
            origin: p.meta.origin.clone(),
            body_html: self.markdown(&p.body, &p.path, p.body_line, p.meta.year, problems),
        }
    }

    fn home_context(
        &self,
        metrics: &[MetricView],
        years: &[YearView],
        publications: &[PublicationView],
    ) -> Context {
        let latest_year = self
            .site
            .data
            .years
            .iter()
            .rev()
            .find(|y| {
                self.site
                    .content
                    .years
                    .iter()
                    .any(|c| c.year == **y && !c.figures.is_empty())
            })
            .copied();
        let headlines: Vec<&MetricView> = metrics.iter().filter(|m| m.headline).collect();
        let mut ctx = Context::new();
        ctx.insert("latest_year", &latest_year);
        ctx.insert("headlines", &headlines);
        ctx.insert(
            "years",
            &years
                .iter()
                .rev()
                .map(|y| serde_json::json!({"year": y.year, "title": y.title, "url": y.url, "summary": y.summary, "figure_count": y.figure_count}))
                .collect::<Vec<_>>(),
        );
        ctx.insert(
            "publications",
            &publications.iter().take(5).collect::<Vec<_>>(),
        );
        ctx
    }

    fn feed_entries(
        &self,
        years: &[YearView],
        publications: &[PublicationView],
    ) -> Vec<serde_json::Value> {
        let mut entries: Vec<(String, serde_json::Value)> = Vec::new();
        for (y, content) in years.iter().zip(&self.site.content.years) {
            if let Some(r) = &content.report {
                entries.push((
                    r.meta.date.rfc3339(),
                    serde_json::json!({
                        "title": y.title,
                        "url": self.base.full(&format!("{}/", y.year)),
                        "updated": r.meta.date.rfc3339(),
                        "summary": y.summary,
                    }),
                ));
            }
        }
        for (p, doc) in publications.iter().map(|p| {
            (
                p,
                self.site
                    .content
                    .publications
                    .iter()
                    .find(|d| d.slug == p.slug)
                    .expect("views come from the documents"),
            )
        }) {
            entries.push((
                doc.meta.date.rfc3339(),
                serde_json::json!({
                    "title": p.title,
                    "url": self.base.full(&format!("publicaties/{}/", p.slug)),
                    "updated": doc.meta.date.rfc3339(),
                    "summary": p.summary,
                }),
            ));
        }
        entries.sort_by(|a, b| {
            b.0.cmp(&a.0)
                .then_with(|| a.1["url"].as_str().cmp(&b.1["url"].as_str()))
        });
        entries.into_iter().map(|(_, e)| e).collect()
    }

    /// The newest date in the content: the feed's `updated`, stable across builds.
    fn feed_updated(&self) -> String {
        let content = &self.site.content;
        content
            .years
            .iter()
            .filter_map(|y| y.report.as_ref().map(|r| r.meta.date))
            .chain(content.publications.iter().map(|p| p.meta.date))
            .max()
            .map(|d| d.rfc3339())
            .unwrap_or_else(|| "1970-01-01T00:00:00Z".into())
    }

    /// The whole dataset as CSV and JSON: one row per year and metric.
    fn data_files(&self, out: &mut Output) {
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
        for m in &self.site.content.metrics {
            for (year, f) in self.site.data.figures_of(&m.id) {
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
        for m in &self.site.content.metrics {
            let mut csv = csv::Writer::from_writer(Vec::new());
            for row in rows.iter().filter(|r| r.metric == m.id) {
                csv.serialize(row)
                    .expect("writing CSV to memory cannot fail");
            }
            if rows.iter().all(|r| r.metric != m.id) {
                // No values yet: the header alone, never a made-up row.
                csv.write_record(CSV_COLUMNS)
                    .expect("writing CSV to memory cannot fail");
            }
            out.add(
                format!("cijfers/{0}/{0}.csv", m.id),
                csv.into_inner()
                    .expect("flushing CSV to memory cannot fail"),
            );
        }
        let mut csv = csv::Writer::from_writer(Vec::new());
        for row in &rows {
            csv.serialize(row)
                .expect("writing CSV to memory cannot fail");
        }
        out.add(
            "data/figures.csv",
            csv.into_inner()
                .expect("flushing CSV to memory cannot fail"),
        );
        out.add(
            "data/figures.json",
            serde_json::to_vec_pretty(&rows).expect("rows serialize"),
        );
    }
}

/// Whole numbers as integers (`1050`, not `1050.0`), so the open data read as written.
fn plain_number<S: serde::Serializer>(value: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) if v.fract() == 0.0 && v.abs() < 9.0e15 => s.serialize_some(&(*v as i64)),
        Some(v) => s.serialize_some(v),
        None => s.serialize_none(),
    }
}

/// The columns of the open-data CSV files (the fields of `data_files`' rows).
const CSV_COLUMNS: [&str; 10] = [
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
fn is_share(m: &Metric) -> bool {
    m.unit.trim() == "%"
}

/// Runs `f` with a fresh problem list, returning both (for parallel map steps).
fn with_problems<T>(f: impl FnOnce(&mut Diagnostics) -> T) -> (T, Diagnostics) {
    let mut problems = Diagnostics::default();
    let value = f(&mut problems);
    (value, problems)
}

/// Splits the results of a parallel map into the values and all their problems.
fn gather<T>(results: Vec<(T, Diagnostics)>) -> (Vec<T>, Diagnostics) {
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

fn theme_link(base: &BaseUrl, t: &crate::load::ThemeConfig) -> ThemeLink {
    ThemeLink {
        id: t.id.clone(),
        label: t.label.clone(),
        description: t.description.clone(),
        url: base.link(&format!("themas/{}/", t.id)),
    }
}

fn year_link(base: &BaseUrl, year: i32, report: Option<&Document<ReportMeta>>) -> YearLink {
    YearLink {
        year,
        title: report
            .map(|r| r.meta.title.clone())
            .unwrap_or_else(|| format!("Cijfers {year}")),
        url: base.link(&format!("{year}/")),
    }
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

/// Expands shortcodes in one document.
struct ShortcodeHost<'r, 'a> {
    renderer: &'r Renderer<'a>,
    default_year: Option<i32>,
    /// Numbers the charts of one document, so their ids are unique on the page.
    counter: Cell<usize>,
}

impl Host for ShortcodeHost<'_, '_> {
    fn base_path(&self) -> &str {
        &self.renderer.base.path
    }

    fn expand(&self, s: &Shortcode) -> Result<Expansion, MarkdownError> {
        let r = self.renderer;
        let err = |message: String, hint: String| MarkdownError {
            offset: s.offset,
            message,
            hint: Some(hint),
        };
        let metric = |id: Option<&str>| -> Result<&Metric, MarkdownError> {
            let id = id.ok_or_else(|| {
                err(
                    format!("`{}` needs an id", s.name),
                    format!("write {{{{ {}(id=\"weglopers\") }}}}", s.name),
                )
            })?;
            r.metrics.get(id).copied().ok_or_else(|| {
                err(
                    format!("unknown metric `{id}`"),
                    format!(
                        "use an id from metrics.yaml{}",
                        crate::validate::suggestion(id, r.metrics.keys().copied())
                    ),
                )
            })
        };
        let year = || -> Result<i32, MarkdownError> {
            match (s.number("year"), self.default_year) {
                (Some(y), _) if y.fract() == 0.0 && (1900.0..=2999.0).contains(&y) => Ok(y as i32),
                (Some(y), _) => Err(err(
                    format!("`{y}` is not a year"),
                    "write year=2021".into(),
                )),
                (None, Some(y)) => Ok(y),
                (None, None) => Err(err(
                    format!("`{}` needs a year here", s.name),
                    "add year=2021, or set `year` in the front matter".into(),
                )),
            }
        };
        let known_years = |m: &Metric| {
            let years: Vec<String> = r
                .site
                .data
                .series(&m.id)
                .iter()
                .map(|(y, _)| y.to_string())
                .collect();
            if years.is_empty() {
                "this metric has no values yet".to_string()
            } else {
                format!("years with a value: {}", years.join(", "))
            }
        };
        for key in s.args.keys() {
            let allowed: &[&str] = match s.name.as_str() {
                "figure" => &["id", "year"],
                "change" => &["id", "year", "since"],
                "chart" => &["id", "theme"],
                _ => &[],
            };
            if !allowed.is_empty() && !allowed.contains(&key.as_str()) {
                return Err(err(
                    format!("`{}` has no argument `{key}`", s.name),
                    format!("its arguments are: {}", allowed.join(", ")),
                ));
            }
        }
        match s.name.as_str() {
            "figure" => {
                let m = metric(s.text("id"))?;
                let y = year()?;
                let value = r.site.data.value(&m.id, y).ok_or_else(|| {
                    err(format!("`{}` has no value for {y}", m.id), known_years(m))
                })?;
                Ok(Expansion {
                    html: format!(
                        "<data class=\"figuur\" value=\"{}\" data-metric=\"{}\" data-year=\"{y}\">{}</data>",
                        value,
                        m.id,
                        r.value_text(m, value)
                    ),
                    block: false,
                })
            }
            "change" => {
                let m = metric(s.text("id"))?;
                let y = year()?;
                let data = &r.site.data;
                let stated = data.figure(&m.id, y).and_then(|f| f.stated_change);
                let computed = match s.number("since") {
                    // Against a named year: computed when the data have it, else as stated.
                    Some(since) => {
                        let since = since as i32;
                        match (data.value(&m.id, since), data.value(&m.id, y)) {
                            (Some(from), Some(to)) => Some(Change::between(since, from, y, to)),
                            _ => None,
                        }
                        .map(Ok)
                        .or_else(|| {
                            stated
                                .filter(|st| st.since == since)
                                .map(|st| Err(r.stated_text(&st)))
                        })
                        .ok_or_else(|| {
                            err(
                                format!("`{}` has no change from {since} to {y}", m.id),
                                format!(
                                    "{}; a change stated by the source needs `stated_change` in figures.yaml",
                                    known_years(m)
                                ),
                            )
                        })?
                    }
                    // Against the previous year with a value; as stated when there is none.
                    None => match (data.change(&m.id, y), stated) {
                        (Some(c), _) => Ok(c),
                        (None, Some(st)) => Err(r.stated_text(&st)),
                        (None, None) => {
                            return Err(err(
                                format!(
                                    "`{}` has no change for {y}: no earlier year has a value",
                                    m.id
                                ),
                                known_years(m),
                            ))
                        }
                    },
                };
                let text = match computed {
                    Ok(c) => {
                        let view = r.change_view(m, &c);
                        if c.is_consecutive() {
                            view.text
                        } else {
                            view.full
                        }
                    }
                    Err(stated_text) => stated_text,
                };
                Ok(Expansion {
                    html: format!(
                        "<span class=\"verandering\" data-metric=\"{}\" data-year=\"{y}\">{}</span>",
                        m.id,
                        html_escape(&text)
                    ),
                    block: false,
                })
            }
            "chart" => {
                let n = self.counter.get() + 1;
                self.counter.set(n);
                let view = match (s.text("id"), s.text("theme")) {
                    (Some(_), None) => {
                        let m = metric(s.text("id"))?;
                        if r.site.data.series(&m.id).len() < 2 {
                            return Err(err(
                                format!("`{}` has fewer than two values: no chart", m.id),
                                known_years(m),
                            ));
                        }
                        r.metric_chart(m, &format!("sc{n}-{}", m.id), false)
                    }
                    (None, Some(theme)) => {
                        let t = r
                            .site
                            .content
                            .config
                            .themes
                            .iter()
                            .find(|t| t.id == theme)
                            .ok_or_else(|| {
                                err(
                                    format!("unknown theme `{theme}`"),
                                    "use a theme id from site.yaml".into(),
                                )
                            })?;
                        let mut charts = r.compare_charts(t);
                        if charts.is_empty() {
                            return Err(err(
                                format!("theme `{theme}` has no chart"),
                                "add a `compare` group with values to the theme in site.yaml"
                                    .into(),
                            ));
                        }
                        let mut c = charts.remove(0);
                        c.id = format!("sc{n}-{}", c.id);
                        c
                    }
                    _ => {
                        return Err(err(
                            "`chart` takes either id=\"metric\" or theme=\"theme\"".into(),
                            "write {{ chart(id=\"weglopers\") }}".into(),
                        ))
                    }
                };
                Ok(Expansion {
                    html: chart_html(&view),
                    block: true,
                })
            }
            other => Err(err(
                format!("unknown shortcode `{other}`"),
                "the shortcodes are figure, change and chart".into(),
            )),
        }
    }
}

/// A chart in prose: the same markup as the templates' chart partial.
fn chart_html(c: &ChartView) -> String {
    let mut rows = String::new();
    for row in &c.table.rows {
        rows.push_str(&format!(
            "<tr><th scope=\"row\">{}</th>",
            html_escape(&row.label)
        ));
        for cell in &row.cells {
            rows.push_str(&format!("<td>{}</td>", html_escape(cell)));
        }
        rows.push_str("</tr>");
    }
    let columns: String = c
        .table
        .columns
        .iter()
        .map(|h| format!("<th scope=\"col\">{}</th>", html_escape(h)))
        .collect();
    format!(
        "<figure class=\"grafiek\"><figcaption>{title}</figcaption>{svg}<details><summary>Toon de cijfers als tabel</summary><div class=\"tabel\" role=\"region\" aria-label=\"Tabel: {title}\" tabindex=\"0\"><table><caption>{caption}</caption><thead><tr><th scope=\"col\">{row_header}</th>{columns}</tr></thead><tbody>{rows}</tbody></table></div></details></figure>",
        title = html_escape(&c.title),
        svg = c.svg,
        caption = html_escape(&c.table.caption),
        row_header = html_escape(&c.table.row_header),
    )
}

pub fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
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
