//! One language of the site: every page made in order (Markdown first, then the pages
//! made from the views), and one page again after an edit to its body.

use super::context::Renderer;
use super::share::Headline;
use super::views::*;
use super::Stats;
use super::{gather, tera_diagnostic, with_problems};
use crate::diagnostics::Diagnostics;
use crate::model::DocKind;
use crate::urls::PageKey;
use rayon::prelude::*;
use std::sync::atomic::Ordering;
use tera::Context;

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
pub(super) struct Lists<'v> {
    metrics: &'v [MetricView],
    years: &'v [YearView],
    by_theme: &'v [ThemeMetrics<'v>],
    publications: &'v [PublicationView],
    static_pages: &'v [StaticPageView],
}

/// A page that is not a publication, ready to render: its key, template, page view and
/// context, what its share image shows, and the charts whose own place it is (it makes
/// their pages for other sites).
struct PageParts<'a> {
    key: PageKey,
    template: &'static str,
    view: PageView,
    ctx: Context,
    headline: Headline<'a>,
    own_charts: Vec<ChartView>,
}

impl<'a> Renderer<'a> {
    pub(super) fn render_all(&self) -> Result<Stats, Diagnostics> {
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
                .map(|d| with_problems(|p| self.publication_page(d, p)))
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
        let static_pages: Vec<StaticPageView> = static_pages;
        if !md_problems.is_empty() {
            return Err(md_problems.into_result(()).unwrap_err());
        }
        // Lists show titles and summaries: the views have no bodies any more.
        let mut publications_sorted: Vec<PublicationView> = publications;
        publications_sorted.sort_by(|a, b| b.date.cmp(&a.date).then(a.slug.cmp(&b.slug)));

        // Metrics by theme, for the theme pages.
        let by_theme: Vec<ThemeMetrics> = content
            .config
            .themes
            .iter()
            .map(|t| ThemeMetrics {
                theme: self.theme_link(t),
                metrics: metric_views.iter().filter(|m| m.theme.id == t.id).collect(),
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
            .map(|job| self.render_page(job, &lists))
            .collect();
        let mut pages = 0;
        for result in rendered.into_iter().chain(written) {
            match result {
                Ok(()) => pages += 1,
                Err(e) => problems.push(tera_diagnostic(self.theme, &e)),
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
        match self.tera.render("atom.xml", &ctx) {
            Ok(xml) => self.out.add(self.locale.feed_path(), xml.into_bytes()),
            Err(e) => problems.push(tera_diagnostic(self.theme, &e)),
        }
        problems.into_result(Stats {
            pages,
            charts: self.charts_drawn.load(Ordering::Relaxed),
        })
    }

    /// Renders again the one page made from a document, after an edit to its body only:
    /// nothing else on the site shows a body, so no other page changes. The page is
    /// made by the same code as in [`Renderer::render_all`], so it is the same to the byte.
    pub(super) fn render_document(&self, kind: DocKind, slug: &str) -> Result<(), Diagnostics> {
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
                self.render_page(Page::Year(0), &lists)
            }
            DocKind::Publication => {
                let Some(d) = self.publications.get(slug) else {
                    return Ok(());
                };
                let (_, written) = self.publication_page(d, &mut problems);
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
                self.render_page(Page::Static(0), &lists)
            }
        };
        written.map_err(|e| Diagnostics::from(tera_diagnostic(self.theme, &e)))
    }

    /// Renders and writes one of the pages that are not publications.
    fn render_page(&self, job: Page, lists: &Lists<'_>) -> Result<(), tera::Error> {
        let PageParts {
            key,
            template,
            mut view,
            mut ctx,
            headline,
            own_charts,
        } = self.page_context(job, lists);
        if key != PageKey::NotFound {
            view.image_alt = self.share_image(&key, &view.title, headline);
        }
        ctx.insert("page", &view);
        let html = self.tera.render(template, &ctx)?;
        self.out.add(self.locale.file(&key), html.into_bytes());
        for chart in &own_charts {
            self.render_embed(chart)?;
        }
        Ok(())
    }

    /// What one of the pages that are not publications is made of.
    fn page_context(&self, job: Page, lists: &Lists<'_>) -> PageParts<'a> {
        let t = &self.locale.strings;
        let content = &self.content;
        let mut ctx = Context::new();
        let mut headline = Headline::None;
        let mut own_charts = Vec::new();
        let (key, template, title, description): (PageKey, &str, &str, &str) = match job {
            Page::Home => {
                ctx = self.home_context(lists.metrics, lists.publications);
                headline = self.headline_figure(None);
                let (title, description) = (&self.locale.title, &self.locale.description);
                (PageKey::Home, "home.html", title, description)
            }
            Page::Year(i) => {
                let year = &lists.years[i];
                ctx.insert("year", year);
                headline = self.headline_figure(Some(year.year));
                own_charts.extend(year.groups.iter().flat_map(|g| g.charts.iter().cloned()));
                let key = PageKey::Year(year.year);
                (key, "year.html", &year.title, &year.summary)
            }
            Page::Metrics => {
                ctx.insert("groups", lists.by_theme);
                let (title, description) = (t.get("metrics_title"), t.get("metrics_description"));
                (PageKey::Metrics, "metrics.html", title, description)
            }
            Page::Metric(i) => {
                let m = &lists.metrics[i];
                ctx.insert("metric", m);
                headline = match (&m.chart, self.metrics.get(m.id.as_str())) {
                    (Some(chart), _) => Headline::Chart {
                        svg: chart.svg.clone(),
                        title: chart.title.clone(),
                    },
                    (None, Some(metric)) => match m.latest.as_ref() {
                        Some(latest) => Headline::Figure(metric, latest.year),
                        None => Headline::None,
                    },
                    (None, None) => Headline::None,
                };
                own_charts.extend(m.chart.clone());
                let key = PageKey::Metric(m.id.clone());
                (key, "metric.html", &m.label, &m.description)
            }
            Page::Themes => {
                ctx.insert("themes", &self.site_view.themes);
                let (title, description) = (t.get("themes_title"), t.get("themes_description"));
                (PageKey::Themes, "themes.html", title, description)
            }
            Page::Theme(i) => {
                let ThemeMetrics { theme, metrics } = &lists.by_theme[i];
                let config = &content.config.themes[i];
                debug_assert_eq!(config.id, theme.id);
                let theme_publications: Vec<&PublicationView> = lists
                    .publications
                    .iter()
                    .filter(|p| p.themes.iter().any(|t| t.id == theme.id))
                    .collect();
                ctx.insert("theme", theme);
                ctx.insert("metrics", metrics);
                let charts = self.compare_charts(config);
                if let Some(chart) = charts.first() {
                    headline = Headline::Chart {
                        svg: chart.svg.clone(),
                        title: chart.title.clone(),
                    };
                }
                ctx.insert("charts", &charts);
                own_charts = charts;
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
                let page = &lists.static_pages[i];
                ctx.insert("body_html", &page.body_html);
                let key = PageKey::Page(page.slug.clone());
                (key, "page.html", &page.title, &page.summary)
            }
            Page::NotFound => {
                let title = t.get("not_found_title");
                (PageKey::NotFound, "404.html", title, title)
            }
        };
        let view = self.page_view(&key, title, description);
        PageParts {
            key,
            template,
            view,
            ctx,
            headline,
            own_charts,
        }
    }
}
