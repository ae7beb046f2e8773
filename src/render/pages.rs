//! One language of the site: the views of every page, and the pages rendered from them.

use super::csv_file::{CsvFile, Field};
use super::shortcodes::ShortcodeHost;
use super::views::*;
use super::{gather, hashed_name, is_share, metric_csv_path, tera_diagnostic, with_problems};
use super::{BaseUrl, RenderInput, Sink, Stats};
use crate::charts::{self, BarChart, Event as ChartEvent, LineChart, Series};
use crate::derive::Change;
use crate::derive::Dataset;
use crate::diagnostics::{line_column, Diagnostic, Diagnostics};
use crate::format::Lang;
use crate::i18n::{Locale, PageKey, Registry};
use crate::load::Content;
use crate::load::Titled;
use crate::load::{
    Comparison, DocKind, Document, EventConfig, Metric, PublicationMeta, StatedChange, ThemeConfig,
    TranslatedMeta,
};
use crate::markdown;
use crate::theme::Theme;
use rayon::prelude::*;
use std::cell::Cell;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use tera::{Context, Tera};

/// A document's words in the page's language, and where they come from.
struct DocText<'d> {
    title: &'d str,
    summary: &'d str,
    path: &'d Path,
    body: &'d str,
    line: usize,
    translation: Option<&'d Document<TranslatedMeta>>,
}

/// A metric's words in the page's language.
pub(super) struct MetricWords<'m> {
    pub label: &'m str,
    pub unit: &'m str,
    pub description: &'m str,
    pub definition: &'m str,
}

pub(crate) struct Renderer<'a> {
    pub(super) content: &'a Content,
    pub(super) data: &'a Dataset,
    pub(super) theme: &'a Theme,
    pub(super) base: &'a BaseUrl,
    pub(super) locale: &'a Locale,
    pub(super) lang: Lang,
    locales: &'a [Locale],
    pub(super) registry: &'a Registry,
    pub(crate) site_view: SiteView,
    pub(super) metrics: BTreeMap<&'a str, &'a Metric>,
    /// Publications by slug: every figure's source is looked up here.
    publications: std::collections::HashMap<&'a str, &'a Document<PublicationMeta>>,
    /// Where every page, chart and data file goes.
    out: &'a dyn Sink,
    charts_drawn: AtomicUsize,
}

impl<'a> Renderer<'a> {
    pub(crate) fn new(
        input: RenderInput<'a>,
        base: &'a BaseUrl,
        locale: &'a Locale,
        locales: &'a [Locale],
        registry: &'a Registry,
        out: &'a dyn Sink,
    ) -> Renderer<'a> {
        let RenderInput {
            content,
            data,
            theme,
            ..
        } = input;
        let mut r = Renderer {
            content,
            data,
            theme,
            base,
            locale,
            lang: locale.lang,
            locales,
            registry,
            // Filled in below: the site's view needs the renderer's links.
            site_view: SiteView::default(),
            metrics: content.metrics.iter().map(|m| (m.id.as_str(), m)).collect(),
            publications: content
                .publications
                .iter()
                .map(|p| (p.slug.as_str(), p))
                .collect(),
            out,
            charts_drawn: AtomicUsize::new(0),
        };
        r.site_view = r.site_view();
        r
    }

    fn site_view(&self) -> SiteView {
        let content = &self.content;
        let t = &self.locale.strings;
        let mut assets = BTreeMap::new();
        let mut assets_full = BTreeMap::new();
        for (name, bytes) in &self.theme.statics {
            assets.insert(name.clone(), self.base.link(&hashed_name(name, bytes)));
            assets_full.insert(name.clone(), self.base.full(&hashed_name(name, bytes)));
        }
        let mut pages: Vec<(i32, &str)> = content
            .pages
            .iter()
            .filter(|p| {
                self.registry
                    .exists(self.lang, &PageKey::Page(p.slug.clone()))
            })
            .map(|p| (p.meta.order.unwrap_or(i32::MAX), p.slug.as_str()))
            .collect();
        pages.sort();
        let page_links: Vec<Link> = pages
            .into_iter()
            .map(|(_, slug)| Link {
                title: self.page_title(slug),
                url: self.href(&PageKey::Page(slug.to_string())),
            })
            .collect();
        let mut nav = vec![
            Link {
                title: t.get("nav_home").into(),
                url: self.href(&PageKey::Home),
            },
            Link {
                title: t.get("nav_metrics").into(),
                url: self.href(&PageKey::Metrics),
            },
            Link {
                title: t.get("nav_themes").into(),
                url: self.href(&PageKey::Themes),
            },
            Link {
                title: t.get("nav_publications").into(),
                url: self.href(&PageKey::Publications),
            },
        ];
        nav.extend(page_links.iter().cloned());
        SiteView {
            nav,
            themes: content
                .config
                .themes
                .iter()
                .map(|t| self.theme_link(t))
                .collect(),
            years: content
                .years
                .iter()
                .rev()
                .map(|y| self.year_link(y.year))
                .collect(),
            pages: page_links,
            assets,
            assets_full,
            urls: SiteUrls {
                home: self.href(&PageKey::Home),
                metrics: self.href(&PageKey::Metrics),
                themes: self.href(&PageKey::Themes),
                publications: self.href(&PageKey::Publications),
                atom: self.base.link(&self.locale.feed_path()),
                data_csv: self.base.link("data/figures.csv"),
                data_json: self.base.link("data/figures.json"),
            },
            title: self.locale.title.clone(),
            description: self.locale.description.clone(),
            lang: self.lang.code(),
            base: self.base.path.clone(),
            base_url: self.base.absolute.clone(),
            organisation: OrganisationView {
                name: content.config.organisation.name.clone(),
                url: content.config.organisation.url.clone(),
            },
        }
    }

    // -- links and words ------------------------------------------------------------------

    /// The link to a page: in this language where it exists, else in the default one.
    pub(super) fn href(&self, key: &PageKey) -> String {
        self.base.link(&self.path_of(key))
    }

    fn path_of(&self, key: &PageKey) -> String {
        if self.registry.exists(self.lang, key) {
            self.locale.path(key)
        } else {
            self.default_locale().path(key)
        }
    }

    fn default_locale(&self) -> &Locale {
        self.locales
            .iter()
            .find(|l| l.is_default)
            .unwrap_or(self.locale)
    }

    fn translated_doc(&self, kind: DocKind, slug: &str) -> Option<&'a Document<TranslatedMeta>> {
        if self.locale.is_default {
            return None;
        }
        self.content
            .translations
            .get(&(kind, slug.to_string(), self.lang))
    }

    /// A document's words in this page's language: its translation where there is one.
    fn doc_text<M: Titled>(&self, kind: DocKind, doc: &'a Document<M>) -> DocText<'a> {
        match self.translated_doc(kind, &doc.slug) {
            Some(t) => DocText {
                title: &t.meta.title,
                summary: &t.meta.summary,
                path: &t.path,
                body: &t.body,
                line: t.body_line,
                translation: Some(t),
            },
            None => DocText {
                title: doc.meta.title(),
                summary: doc.meta.summary(),
                path: &doc.path,
                body: &doc.body,
                line: doc.body_line,
                translation: None,
            },
        }
    }

    /// Text written once in the default language, shown on a page in another: marked
    /// with its language so screen readers pronounce it right.
    fn foreign(&self) -> Option<&'static str> {
        (!self.locale.is_default).then(|| self.default_locale().lang.code())
    }

    pub(super) fn metric_words(&self, m: &'a Metric) -> MetricWords<'a> {
        match m.translations.get(&self.lang) {
            Some(t) if !self.locale.is_default => MetricWords {
                label: &t.label,
                unit: &t.unit,
                description: &t.description,
                definition: &t.definition,
            },
            _ => MetricWords {
                label: &m.label,
                unit: &m.unit,
                description: &m.description,
                definition: &m.definition,
            },
        }
    }

    fn theme_words(&self, t: &'a ThemeConfig) -> (&'a str, &'a str) {
        match t.translations.get(&self.lang) {
            Some(tr) if !self.locale.is_default => (&tr.label, &tr.description),
            _ => (&t.label, &t.description),
        }
    }

    fn comparison_title(&self, c: &'a Comparison) -> &'a str {
        match c.translations.get(&self.lang) {
            Some(tr) if !self.locale.is_default => &tr.title,
            _ => &c.title,
        }
    }

    fn event_label(&self, e: &'a EventConfig) -> &'a str {
        match e.translations.get(&self.lang) {
            Some(tr) if !self.locale.is_default => &tr.label,
            _ => &e.label,
        }
    }

    fn page_title(&self, slug: &str) -> String {
        if let Some(t) = self.translated_doc(DocKind::Page, slug) {
            return t.meta.title.clone();
        }
        self.content
            .pages
            .iter()
            .find(|p| p.slug == slug)
            .map(|p| p.meta.title.clone())
            .unwrap_or_default()
    }

    fn theme_link(&self, t: &'a ThemeConfig) -> ThemeLink {
        let (label, description) = self.theme_words(t);
        ThemeLink {
            id: t.id.clone(),
            label: label.to_string(),
            description: description.to_string(),
            url: self.href(&PageKey::Theme(t.id.clone())),
        }
    }

    fn year_link(&self, year: i32) -> YearLink {
        let report_title = self
            .translated_doc(DocKind::Report, &year.to_string())
            .map(|d| d.meta.title.clone())
            .or_else(|| {
                let key = PageKey::Year(year);
                // The default language's title only where the link goes there.
                (self.locale.is_default || !self.registry.exists(self.lang, &key))
                    .then(|| {
                        self.content
                            .years
                            .iter()
                            .find(|y| y.year == year)
                            .and_then(|y| y.report.as_ref())
                            .map(|r| r.meta.title.clone())
                    })
                    .flatten()
            });
        YearLink {
            year,
            title: report_title.unwrap_or_else(|| {
                self.locale
                    .strings
                    .fill("year_title_no_report", &[("year", &year.to_string())])
            }),
            url: self.href(&PageKey::Year(year)),
        }
    }

    /// This page in the other languages: its twin, or that language's home.
    fn alternates(&self, key: &PageKey) -> Vec<Alternate> {
        self.locales
            .iter()
            .filter(|l| l.lang != self.lang)
            .map(|l| {
                let translated = self.registry.exists(l.lang, key);
                let path = if translated {
                    l.path(key)
                } else {
                    l.path(&PageKey::Home)
                };
                Alternate {
                    lang: l.lang.code(),
                    name: l.strings.get("language_name").to_string(),
                    url: self.base.link(&path),
                    full_url: self.base.full(&path),
                    translated,
                    note: if translated {
                        String::new()
                    } else {
                        l.strings.get("not_translated").to_string()
                    },
                }
            })
            .collect()
    }

    fn page_view(&self, key: &PageKey, title: &str, description: &str) -> PageView {
        let path = self.locale.path(key);
        PageView {
            title: title.to_string(),
            description: if description.is_empty() {
                self.locale.description.clone()
            } else {
                description.to_string()
            },
            url: self.base.link(&path),
            canonical: self.base.full(&path),
            lang: self.lang.code(),
            alternates: self.alternates(key),
        }
    }

    // -- the pages ----------------------------------------------------------------------

    pub(crate) fn render_all(&self, tera: &Tera) -> Result<Stats, Diagnostics> {
        let mut problems = Diagnostics::default();

        // Markdown first: its errors are the author's, and come with lines. Every
        // document is independent, so they are rendered in parallel.
        let content = &self.content;
        let (metric_views, mut md_problems) = gather(
            content
                .metrics
                .par_iter()
                .map(|m| with_problems(|p| self.metric_view(m, p)))
                .collect(),
        );
        let year_indexes: Vec<usize> = (0..content.years.len())
            .filter(|i| {
                self.registry
                    .exists(self.lang, &PageKey::Year(content.years[*i].year))
            })
            .collect();
        let (years, more) = gather(
            year_indexes
                .into_par_iter()
                .map(|i| with_problems(|p| self.year_view(i, p)))
                .collect(),
        );
        md_problems.extend(more);
        // Publications are most of a large site's pages: each is rendered and written as
        // soon as its view is made, so that no more than a few are in memory at once.
        let (publication_pages, more) = gather(
            content
                .publications
                .par_iter()
                .filter(|d| {
                    self.registry
                        .exists(self.lang, &PageKey::Publication(d.slug.clone()))
                })
                .map(|d| with_problems(|p| self.publication_page(tera, d, p)))
                .collect(),
        );
        md_problems.extend(more);
        let mut publications = Vec::with_capacity(publication_pages.len());
        let mut written = Vec::with_capacity(publication_pages.len());
        for (view, result) in publication_pages {
            publications.push(view);
            written.push(result);
        }
        let (static_pages, more) = gather(
            content
                .pages
                .par_iter()
                .filter(|d| {
                    self.registry
                        .exists(self.lang, &PageKey::Page(d.slug.clone()))
                })
                .map(|d| with_problems(|p| self.static_page(d, p)))
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
        // Lists show titles and summaries: the views have no bodies any more.
        let mut publications_sorted: Vec<PublicationView> = publications;
        publications_sorted.sort_by(|a, b| b.date.cmp(&a.date).then(a.slug.cmp(&b.slug)));

        // Metrics by theme, for the theme pages.
        let by_theme: Vec<(ThemeLink, Vec<&MetricView>)> = content
            .config
            .themes
            .iter()
            .map(|t| {
                (
                    self.theme_link(t),
                    metric_views.iter().filter(|m| m.theme.id == t.id).collect(),
                )
            })
            .collect();
        // Every other page. A page's context is made in its render job and dropped with
        // it: made all at once, the contexts of a large site's metric and theme pages
        // would hold its figures many times over.
        let mut jobs: Vec<Page> = vec![Page::Home];
        jobs.extend((0..years.len()).map(Page::Year));
        jobs.push(Page::Metrics);
        jobs.extend((0..metric_views.len()).map(Page::Metric));
        jobs.push(Page::Themes);
        jobs.extend((0..by_theme.len()).map(Page::Theme));
        jobs.push(Page::Publications);
        jobs.extend((0..static_pages.len()).map(Page::Static));
        jobs.push(Page::NotFound);
        let lists = Lists {
            metrics: &metric_views,
            years: &years,
            by_theme: &by_theme,
            publications: &publications_sorted,
            static_pages: &static_pages,
        };
        let rendered: Vec<Result<(), tera::Error>> = jobs
            .into_par_iter()
            .map(|job| self.render_page(tera, job, &lists))
            .collect();
        let mut pages = 0;
        for result in rendered.into_iter().chain(written) {
            match result {
                Ok(()) => pages += 1,
                Err(e) => problems.push(tera_diagnostic(&self.theme, &e)),
            }
        }

        // This language's feed.
        let mut ctx = Context::new();
        ctx.insert("entries", &self.feed_entries(&years, &publications_sorted));
        ctx.insert("updated", &self.feed_updated());
        ctx.insert(
            "page",
            &self.page_view(&PageKey::Home, &self.locale.title, ""),
        );
        match tera.render("atom.xml", &ctx) {
            Ok(xml) => self.out.add(self.locale.feed_path(), xml.into_bytes()),
            Err(e) => problems.push(tera_diagnostic(&self.theme, &e)),
        }
        problems.into_result(Stats {
            pages,
            charts: self.charts_drawn.load(Ordering::Relaxed),
        })
    }

    /// Renders and writes a publication's page; returns its view without the body, for
    /// the lists.
    fn publication_page(
        &self,
        tera: &Tera,
        d: &'a Document<PublicationMeta>,
        problems: &mut Diagnostics,
    ) -> (PublicationView, Result<(), tera::Error>) {
        let mut view = self.publication_view(d, problems);
        let key = PageKey::Publication(view.slug.clone());
        let mut ctx = Context::new();
        ctx.insert("publication", &view);
        ctx.insert("page", &self.page_view(&key, &view.title, &view.summary));
        let written = tera
            .render("publication.html", &ctx)
            .map(|html| self.out.add(self.locale.file(&key), html.into_bytes()));
        view.body_html = String::new();
        (view, written)
    }

    /// A page of pages/: slug, title, summary and body.
    fn static_page(
        &self,
        d: &'a Document<crate::load::PageMeta>,
        problems: &mut Diagnostics,
    ) -> (String, String, String, String) {
        let text = self.doc_text(DocKind::Page, d);
        let html = self.markdown(text.body, text.path, text.line, None, problems);
        (
            d.slug.clone(),
            text.title.to_string(),
            text.summary.to_string(),
            html,
        )
    }

    /// Renders again the one page made from a document, after an edit to its body only:
    /// nothing else on the site shows a body, so no other page changes. The page is
    /// made by the same code as in [`Renderer::render_all`], so it is the same to the byte.
    pub(crate) fn render_document(
        &self,
        tera: &Tera,
        kind: DocKind,
        slug: &str,
    ) -> Result<(), Diagnostics> {
        let key = match kind {
            DocKind::Report => slug.parse().ok().map(PageKey::Year),
            DocKind::Publication => Some(PageKey::Publication(slug.to_string())),
            DocKind::Page => Some(PageKey::Page(slug.to_string())),
        };
        if !key.is_some_and(|key| self.registry.exists(self.lang, &key)) {
            return Ok(()); // no page in this language
        }
        let content = &self.content;
        let mut problems = Diagnostics::default();
        let no_lists = Lists {
            metrics: &[],
            years: &[],
            by_theme: &[],
            publications: &[],
            static_pages: &[],
        };
        let written = match kind {
            DocKind::Report => {
                let Some(index) = content
                    .years
                    .iter()
                    .position(|y| y.year.to_string() == slug)
                else {
                    return Ok(());
                };
                let years = [self.year_view(index, &mut problems)];
                problems.into_result(())?;
                let lists = Lists {
                    years: &years,
                    ..no_lists
                };
                self.render_page(tera, Page::Year(0), &lists)
            }
            DocKind::Publication => {
                let Some(d) = self.publications.get(slug) else {
                    return Ok(());
                };
                let (_, written) = self.publication_page(tera, d, &mut problems);
                problems.into_result(())?;
                written
            }
            DocKind::Page => {
                let Some(d) = content.pages.iter().find(|p| p.slug == slug) else {
                    return Ok(());
                };
                let pages = [self.static_page(d, &mut problems)];
                problems.into_result(())?;
                let lists = Lists {
                    static_pages: &pages,
                    ..no_lists
                };
                self.render_page(tera, Page::Static(0), &lists)
            }
        };
        written.map_err(|e| Diagnostics::from(tera_diagnostic(&self.theme, &e)))
    }

    /// Renders and writes one of the pages that are not publications.
    fn render_page(&self, tera: &Tera, job: Page, lists: &Lists<'_>) -> Result<(), tera::Error> {
        let (key, template, view, mut ctx) = self.page_context(job, lists);
        ctx.insert("page", &view);
        let html = tera.render(template, &ctx)?;
        self.out.add(self.locale.file(&key), html.into_bytes());
        Ok(())
    }

    /// The key, template, page view and context of one of the pages that are not
    /// publications.
    fn page_context(
        &self,
        job: Page,
        lists: &Lists<'_>,
    ) -> (PageKey, &'static str, PageView, Context) {
        let t = &self.locale.strings;
        let content = &self.content;
        let mut ctx = Context::new();
        let (key, template, title, description): (PageKey, &str, &str, &str) = match job {
            Page::Home => {
                ctx = self.home_context(lists.metrics, lists.publications);
                let (title, description) = (&self.locale.title, &self.locale.description);
                (PageKey::Home, "home.html", title, description)
            }
            Page::Year(i) => {
                let year = &lists.years[i];
                ctx.insert("year", year);
                let key = PageKey::Year(year.year);
                (key, "year.html", &year.title, &year.summary)
            }
            Page::Metrics => {
                #[derive(serde::Serialize)]
                struct Group<'v> {
                    theme: &'v ThemeLink,
                    metrics: &'v [&'v MetricView],
                }
                let groups: Vec<Group> = lists
                    .by_theme
                    .iter()
                    .map(|(theme, metrics)| Group { theme, metrics })
                    .collect();
                ctx.insert("groups", &groups);
                let (title, description) = (t.get("metrics_title"), t.get("metrics_description"));
                (PageKey::Metrics, "metrics.html", title, description)
            }
            Page::Metric(i) => {
                let m = &lists.metrics[i];
                ctx.insert("metric", m);
                let key = PageKey::Metric(m.id.clone());
                (key, "metric.html", &m.label, &m.description)
            }
            Page::Themes => {
                ctx.insert("themes", &self.site_view.themes);
                let (title, description) = (t.get("themes_title"), t.get("themes_description"));
                (PageKey::Themes, "themes.html", title, description)
            }
            Page::Theme(i) => {
                let (theme, metrics) = &lists.by_theme[i];
                let config = &content.config.themes[i];
                debug_assert_eq!(config.id, theme.id);
                let theme_publications: Vec<&PublicationView> = lists
                    .publications
                    .iter()
                    .filter(|p| p.themes.iter().any(|t| t.id == theme.id))
                    .collect();
                ctx.insert("theme", theme);
                ctx.insert("metrics", metrics);
                ctx.insert("charts", &self.compare_charts(config));
                ctx.insert("publications", &theme_publications);
                let key = PageKey::Theme(theme.id.clone());
                (key, "theme.html", &theme.label, &theme.description)
            }
            Page::Publications => {
                ctx.insert("publications", lists.publications);
                let (title, description) = (
                    t.get("publications_title"),
                    t.get("publications_description"),
                );
                (
                    PageKey::Publications,
                    "publications.html",
                    title,
                    description,
                )
            }
            Page::Static(i) => {
                let (slug, title, summary, html) = &lists.static_pages[i];
                ctx.insert("body_html", html);
                (PageKey::Page(slug.clone()), "page.html", title, summary)
            }
            Page::NotFound => {
                let title = t.get("not_found_title");
                (PageKey::NotFound, "404.html", title, title)
            }
        };
        let view = self.page_view(&key, title, description);
        (key, template, view, ctx)
    }

    pub(super) fn markdown(
        &self,
        text: &str,
        file: &Path,
        first_line: usize,
        default_year: Option<i32>,
        problems: &mut Diagnostics,
    ) -> String {
        self.markdown_with_headings(text, file, first_line, default_year, problems)
            .0
    }

    fn markdown_with_headings(
        &self,
        text: &str,
        file: &Path,
        first_line: usize,
        default_year: Option<i32>,
        problems: &mut Diagnostics,
    ) -> (String, Vec<markdown::Heading>) {
        let host = ShortcodeHost {
            renderer: self,
            default_year,
            counter: Cell::new(0),
        };
        match markdown::render(text, &host) {
            Ok(r) => (r.html, r.headings),
            Err(errors) => {
                for e in errors {
                    let (line, column) = line_column(text, e.offset);
                    let mut d = Diagnostic::new(file, e.message).at(line + first_line - 1, column);
                    if let Some(h) = e.hint {
                        d = d.hint(h);
                    }
                    problems.push(d);
                }
                (String::new(), Vec::new())
            }
        }
    }

    // -- views -------------------------------------------------------------------------

    fn metric_link(&self, m: &'a Metric) -> MetricLink {
        let theme = self
            .content
            .config
            .themes
            .iter()
            .find(|t| t.id == m.theme)
            .map(|t| self.theme_link(t))
            .expect("validated: every metric has a known theme");
        let words = self.metric_words(m);
        MetricLink {
            id: m.id.clone(),
            label: words.label.to_string(),
            unit: words.unit.to_string(),
            url: self.href(&PageKey::Metric(m.id.clone())),
            theme,
        }
    }

    fn source_view(&self, source: &str) -> SourceView {
        match self.publications.get(source) {
            Some(p) => {
                let translated = self.translated_doc(DocKind::Publication, &p.slug);
                SourceView {
                    text: translated.map_or(p.meta.title.clone(), |t| t.meta.title.clone()),
                    url: Some(self.href(&PageKey::Publication(p.slug.clone()))),
                    lang: if translated.is_some() {
                        None
                    } else {
                        self.foreign()
                    },
                }
            }
            None => SourceView {
                text: source.to_string(),
                url: None,
                lang: self.foreign(),
            },
        }
    }

    /// A value as text: `2.205`, or `81%` for a share.
    pub(super) fn value_text(&self, m: &Metric, value: f64) -> String {
        if is_share(m) {
            self.lang.percent(value)
        } else {
            self.lang.number(value)
        }
    }

    pub(super) fn change_view(&self, m: &Metric, c: &Change) -> ChangeView {
        let t = &self.locale.strings;
        // A share that goes from 56% to 81% rose 25 percentage points, not 45%.
        let text = match c.percent {
            _ if is_share(m) => format!(
                "{} {}",
                self.lang.signed_number(c.absolute),
                if c.absolute.abs() == 1.0 {
                    t.get("percentage_point")
                } else {
                    t.get("percentage_points")
                }
            ),
            Some(p) => self.lang.percent_change(p),
            None => self.lang.signed_number(c.absolute),
        };
        let compared_to = t.fill("change_compared_to", &[("year", &c.from_year.to_string())]);
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

    pub(super) fn stated_text(&self, s: &StatedChange) -> String {
        self.locale.strings.fill(
            "change_stated",
            &[
                ("change", &self.lang.percent_change(s.percent)),
                ("year", &s.since.to_string()),
            ],
        )
    }

    fn figure_view(&self, m: &'a Metric, year: i32) -> FigureView {
        let data = &self.data;
        let figure = data.figure(&m.id, year);
        let value = figure.and_then(|f| f.value);
        let note = figure.and_then(|f| f.note.clone());
        FigureView {
            metric: self.metric_link(m),
            year,
            year_url: data
                .years
                .contains(&year)
                .then(|| self.href(&PageKey::Year(year))),
            value,
            value_text: value.map(|v| self.value_text(m, v)),
            change: data.change(&m.id, year).map(|c| self.change_view(m, &c)),
            stated_change: data
                .extra_stated_change(&m.id, year)
                .map(|s| self.stated_text(&s)),
            source: figure
                .and_then(|f| f.source.as_deref())
                .map(|s| self.source_view(s)),
            note_lang: note.as_ref().and(self.foreign()),
            note,
        }
    }

    fn metric_view(&self, m: &'a Metric, problems: &mut Diagnostics) -> MetricView {
        let data = &self.data;
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
        let words = self.metric_words(m);
        let line = self.content.metric_line(&m.id, 0).unwrap_or(1);
        MetricView {
            id: m.id.clone(),
            label: words.label.to_string(),
            unit: words.unit.to_string(),
            description: words.description.to_string(),
            definition_html: self.markdown(
                words.definition,
                &self.content.metrics_path,
                line,
                None,
                problems,
            ),
            url: self.href(&PageKey::Metric(m.id.clone())),
            theme: self.metric_link(m).theme,
            headline: m.headline,
            years_with_value: series.len(),
            csv_url: self.base.link(&metric_csv_path(&m.id)),
            rows,
            latest,
            chart,
        }
    }

    fn events_for(&self, theme: &str, from: i32, to: i32) -> Vec<ChartEvent> {
        self.content
            .config
            .events
            .iter()
            .filter(|e| e.themes.is_empty() || e.themes.iter().any(|t| t == theme))
            .map(|e| ChartEvent {
                label: self.event_label(e).to_string(),
                from: e.from,
                to: e.to.unwrap_or(e.from),
            })
            .filter(|e| e.to >= from && e.from <= to)
            .collect()
    }

    /// A metric's line chart. `file` also writes it to /grafieken/<id>.svg.
    pub(super) fn metric_chart(&self, m: &'a Metric, id: &str, file: bool) -> ChartView {
        let series = self.data.series(&m.id);
        let from = series.first().map_or(0, |p| p.0);
        let to = series.last().map_or(0, |p| p.0);
        let words = self.metric_words(m);
        let chart = LineChart {
            id: id.to_string(),
            title: self
                .locale
                .strings
                .fill("chart_trend_title", &[("label", words.label)]),
            unit: words.unit.to_string(),
            years: (from, to),
            series: vec![Series {
                label: words.label.to_string(),
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
        let mut csv = CsvFile::new();
        let header = std::iter::once("year").chain(metrics.iter().map(|m| m.id.as_str()));
        csv.row(header.map(Field::Text));
        for year in from..=to {
            let values = metrics
                .iter()
                .map(|m| Field::Number(self.data.value(&m.id, year)));
            csv.row(std::iter::once(Field::Year(Some(year))).chain(values));
        }
        let svg_path = self.locale.chart_path(name, "svg");
        let csv_path = self.locale.chart_path(name, "csv");
        // A theme's charts are on its page and wherever a shortcode shows them.
        self.out
            .add_shared(svg_path.clone(), svg.as_bytes().to_vec());
        self.out.add_shared(csv_path.clone(), csv.into_bytes());
        (self.base.link(&svg_path), self.base.link(&csv_path))
    }

    /// The data behind a chart, one row per year, one column per metric.
    fn years_table(&self, metrics: &[&'a Metric], from: i32, to: i32) -> TableView {
        let t = &self.locale.strings;
        TableView {
            caption: t.get("chart_table_caption").to_string(),
            row_header: t.get("table_year").to_string(),
            columns: metrics
                .iter()
                .map(|m| {
                    let w = self.metric_words(m);
                    format!("{} ({})", w.label, w.unit)
                })
                .collect(),
            rows: (from..=to)
                .map(|y| TableRow {
                    label: y.to_string(),
                    cells: metrics
                        .iter()
                        .map(|m| {
                            self.data
                                .value(&m.id, y)
                                .map(|v| self.value_text(m, v))
                                .unwrap_or_else(|| t.get("no_value_cell").to_string())
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    /// A theme's charts: one per group of comparable metrics.
    pub(super) fn compare_charts(&self, theme: &'a ThemeConfig) -> Vec<ChartView> {
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
                        label: self.metric_words(m).label.to_string(),
                        points: self.data.series(&m.id),
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
                let id = crate::urls::theme_chart_name(&theme.id, i);
                let chart = LineChart {
                    id: id.clone(),
                    title: self.comparison_title(group).to_string(),
                    unit: metrics
                        .first()
                        .map(|m| self.metric_words(m).unit.to_string())
                        .unwrap_or_default(),
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
    fn year_bar_charts(&self, theme: &'a ThemeConfig, year: i32) -> Vec<ChartView> {
        let t = &self.locale.strings;
        theme
            .compare
            .iter()
            .enumerate()
            .filter_map(|(i, group)| {
                let metrics: Vec<&Metric> = group
                    .metrics
                    .iter()
                    .filter_map(|id| self.metrics.get(id.as_str()).copied())
                    .filter(|m| self.data.value(&m.id, year).is_some())
                    .collect();
                if metrics.len() < 2 {
                    return None;
                }
                let id = format!("jaar-{year}-{}-{}", theme.id, i + 1);
                let chart = BarChart {
                    id: id.clone(),
                    title: t.fill(
                        "chart_year_title",
                        &[
                            ("title", self.comparison_title(group)),
                            ("year", &year.to_string()),
                        ],
                    ),
                    unit: self.metric_words(metrics[0]).unit.to_string(),
                    year,
                    bars: metrics
                        .iter()
                        .map(|m| {
                            (
                                self.metric_words(m).label.to_string(),
                                self.data.value(&m.id, year).unwrap_or(0.0),
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
                        caption: chart.title,
                        row_header: t.get("table_metric").to_string(),
                        columns: vec![chart.unit],
                        rows: metrics
                            .iter()
                            .map(|m| TableRow {
                                label: self.metric_words(m).label.to_string(),
                                cells: vec![self
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
        let content = &self.content;
        let year = &content.years[index];
        let y = year.year;
        let (title, date, summary, body_html, toc, sources) = match &year.report {
            Some(r) => {
                let text = self.doc_text(DocKind::Report, r);
                let (html, headings) =
                    self.markdown_with_headings(text.body, text.path, text.line, Some(y), problems);
                (
                    text.title.to_string(),
                    Some(self.lang.date(&r.meta.date)),
                    text.summary.to_string(),
                    html,
                    headings
                        .iter()
                        .filter(|h| h.level == 2)
                        .map(|h| Link {
                            title: h.text.clone(),
                            url: format!("#{}", h.id),
                        })
                        .collect(),
                    r.meta.sources.iter().map(|s| self.source_view(s)).collect(),
                )
            }
            None => (
                self.locale
                    .strings
                    .fill("year_title_no_report", &[("year", &y.to_string())]),
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
                    .filter(|m| m.theme == t.id && self.data.figure(&m.id, y).is_some())
                    .map(|m| self.figure_view(m, y))
                    .collect();
                (!figures.is_empty()).then(|| ThemeGroup {
                    theme: self.theme_link(t),
                    charts: self.year_bar_charts(t, y),
                    figures,
                })
            })
            .collect();
        let link = |i: usize| content.years.get(i).map(|o| self.year_link(o.year));
        YearView {
            year: y,
            title,
            url: self.href(&PageKey::Year(y)),
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
        p: &'a Document<PublicationMeta>,
        problems: &mut Diagnostics,
    ) -> PublicationView {
        let themes = p
            .meta
            .themes
            .iter()
            .filter_map(|id| {
                self.content
                    .config
                    .themes
                    .iter()
                    .find(|t| &t.id == id)
                    .map(|t| self.theme_link(t))
            })
            .collect();
        let text = self.doc_text(DocKind::Publication, p);
        let origin = text
            .translation
            .and_then(|t| t.meta.origin.clone())
            .or_else(|| p.meta.origin.clone());
        let kind_key = format!("kind_{}", p.meta.kind.key());
        PublicationView {
            slug: p.slug.clone(),
            title: text.title.to_string(),
            url: self.href(&PageKey::Publication(p.slug.clone())),
            date: p.meta.date.to_string(),
            date_text: self.lang.date(&p.meta.date),
            kind: self.locale.strings.get(&kind_key).to_string(),
            themes,
            year: p.meta.year.map(|y| self.year_link(y)),
            summary: text.summary.to_string(),
            origin,
            body_html: self.markdown(text.body, text.path, text.line, p.meta.year, problems),
        }
    }

    fn home_context(&self, metrics: &[MetricView], publications: &[PublicationView]) -> Context {
        let content = &self.content;
        let latest_year = self
            .data
            .years
            .iter()
            .rev()
            .find(|y| {
                content
                    .years
                    .iter()
                    .any(|c| c.year == **y && !c.figures.is_empty())
            })
            .copied();
        let headlines: Vec<&MetricView> = metrics.iter().filter(|m| m.headline).collect();
        let mut ctx = Context::new();
        ctx.insert("latest_year", &latest_year);
        ctx.insert(
            "latest_year_url",
            &latest_year.map(|y| self.href(&PageKey::Year(y))),
        );
        ctx.insert("headlines", &headlines);
        let years: Vec<serde_json::Value> = content
            .years
            .iter()
            .rev()
            .map(|y| {
                let link = self.year_link(y.year);
                let summary = self
                    .translated_doc(DocKind::Report, &y.year.to_string())
                    .map(|t| t.meta.summary.clone())
                    .or_else(|| {
                        (self.locale.is_default)
                            .then(|| y.report.as_ref().map(|r| r.meta.summary.clone()))
                            .flatten()
                    })
                    .unwrap_or_default();
                serde_json::json!({"year": y.year, "title": link.title, "url": link.url, "summary": summary})
            })
            .collect();
        ctx.insert("years", &years);
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
        let content = &self.content;
        let mut entries: Vec<(String, serde_json::Value)> = Vec::new();
        for y in years {
            let report = content
                .years
                .iter()
                .find(|c| c.year == y.year)
                .and_then(|c| c.report.as_ref());
            if let Some(r) = report {
                entries.push((
                    r.meta.date.rfc3339(),
                    serde_json::json!({
                        "title": y.title,
                        "url": self.base.full(&self.locale.path(&PageKey::Year(y.year))),
                        "updated": r.meta.date.rfc3339(),
                        "summary": y.summary,
                    }),
                ));
            }
        }
        for p in publications {
            // By slug: a scan of every publication for each one would grow as n².
            let doc = self.publications[p.slug.as_str()];
            entries.push((
                doc.meta.date.rfc3339(),
                serde_json::json!({
                    "title": p.title,
                    "url": self.base.full(&self.locale.path(&PageKey::Publication(p.slug.clone()))),
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
        let content = &self.content;
        content
            .years
            .iter()
            .filter_map(|y| y.report.as_ref().map(|r| r.meta.date))
            .chain(content.publications.iter().map(|p| p.meta.date))
            .max()
            .map(|d| d.rfc3339())
            .unwrap_or_else(|| "1970-01-01T00:00:00Z".into())
    }

    /// Maps a root-relative link written in Markdown (`/cijfers/weglopers/`, as in the
    /// default language) to the page in this language, or the default one where this
    /// language has none.
    pub(super) fn map_link(&self, url: &str) -> String {
        let (path, tail) = match url.find(['#', '?']) {
            Some(i) => (&url[..i], &url[i..]),
            None => (url, ""),
        };
        let default = Words::default_for(self.default_locale().lang);
        let words = &self.default_locale().words;
        let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
        let key = match segments.as_slice() {
            [""] => Some(PageKey::Home),
            [s] if *s == words.cijfers || *s == default.cijfers => Some(PageKey::Metrics),
            [s, id] if *s == words.cijfers || *s == default.cijfers => {
                Some(PageKey::Metric(id.to_string()))
            }
            [s] if *s == words.themas || *s == default.themas => Some(PageKey::Themes),
            [s, id] if *s == words.themas || *s == default.themas => {
                Some(PageKey::Theme(id.to_string()))
            }
            [s] if *s == words.publicaties || *s == default.publicaties => {
                Some(PageKey::Publications)
            }
            [s, slug] if *s == words.publicaties || *s == default.publicaties => {
                Some(PageKey::Publication(slug.to_string()))
            }
            [s] => match crate::load::parse_year(s) {
                Some(y) => Some(PageKey::Year(y)),
                None if self.content.pages.iter().any(|p| p.slug == *s) => {
                    Some(PageKey::Page(s.to_string()))
                }
                None => None,
            },
            _ => None,
        };
        match key {
            // Only folder links are pages; a file link (an image, a CSV) stays as written.
            Some(key) if path.ends_with('/') || path.is_empty() => {
                format!("{}{tail}", self.href(&key))
            }
            _ => format!("{}{}", self.base.path.trim_end_matches('/'), url),
        }
    }
}

use crate::load::Words;

/// A page that is not a publication, by its index in [`Lists`].
#[derive(Debug, Clone, Copy)]
enum Page {
    Home,
    Year(usize),
    Metrics,
    Metric(usize),
    Themes,
    Theme(usize),
    Publications,
    Static(usize),
    NotFound,
}

/// What the pages that are not publications are made from.
#[derive(Clone, Copy)]
struct Lists<'v> {
    metrics: &'v [MetricView],
    years: &'v [YearView],
    by_theme: &'v [(ThemeLink, Vec<&'v MetricView>)],
    publications: &'v [PublicationView],
    static_pages: &'v [(String, String, String, String)],
}
