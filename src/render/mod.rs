//! Stage 4: turn the loaded, checked site into pages, charts and data files.
//!
//! Rust prepares a view of each page (every number already formatted, every change
//! already computed), and the Tera templates only lay it out: a template cannot get a
//! number wrong because it never computes one.

mod chart;
mod context;
mod csv_file;
mod data_files;
mod embed;
mod feed;
mod figures;
mod home;
mod language;
mod metric;
mod page;
mod prose;
mod publication;
#[cfg(test)]
mod render_tests;
mod share;
mod shortcodes;
mod sitemap;
mod sources;
mod templates;
mod views;
mod words;
mod xlsx_file;
mod year;

use crate::derive::Dataset;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n::{self, Locale};
use crate::model::Content;
use crate::model::DocKind;
use crate::theme::{StaticFile, Theme};
use crate::urls::Registry;
use crate::urls::{hashed_name, BaseUrl};
use context::Renderer;
use data_files::data_files;
use rayon::prelude::*;
use sitemap::sitemap_entries;
pub use sources::page_sources;
use templates::tera_diagnostic;
use tera::{Context, Tera};

/// Counts for the summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    pub pages: usize,
    pub charts: usize,
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
    /// A PNG file drawn from `svg` at `scale` times its size; shared as
    /// [`Sink::add_shared`]. The writer decides when it is drawn (and whether at all).
    fn add_png(&self, path: String, svg: String, scale: u32);
    /// A copy of the site's file `from` (a static file), as it is: the build's writer
    /// streams it; this default reads it whole (a file that cannot be read is left out:
    /// the theme read its size a moment before).
    fn add_copy(&self, path: String, from: &std::path::Path) {
        if let Ok(bytes) = std::fs::read(from) {
            self.add(path, bytes);
        }
    }
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
        .map(
            |locale| match Renderer::new(input, &base, locale, &locales, &registry, out) {
                Ok(renderer) => (
                    renderer.render_all(),
                    locale.is_default.then_some(renderer.tera),
                ),
                Err(d) => (Err(d), None),
            },
        )
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
    for (name, file) in &input.theme.statics {
        match file {
            StaticFile::Bytes(bytes) => out.add(hashed_name(name, bytes), bytes.clone()),
            StaticFile::Path(from) => out.add_copy(name.clone(), from),
        }
    }
    let default_locale = locales
        .iter()
        .find(|l| l.is_default)
        .expect("the default language is always rendered");
    data_files(input, &base, default_locale, out);
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
            Diagnostic::new(file, message).hint("e.g. https://example.org/annual-report/"),
        )
    })?;
    let locales = i18n::locales(input.content, input.theme)?;
    let registry = Registry::new(input.content, &locales);
    Ok((base, locales, registry))
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
        let renderer = Renderer::new(input, &base, locale, &locales, &registry, out)?;
        for (kind, slug) in &documents {
            if let Err(d) = renderer.render_document(*kind, slug) {
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
