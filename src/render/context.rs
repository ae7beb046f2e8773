//! The render context of one language: what every page of it needs (the content, the
//! dataset, the theme, the language and its links, where the files go), and the parts
//! every page has (the site view, the page view, its other languages).

use super::templates::language_tera;
use super::views::*;
use super::{RenderInput, Sink};
use crate::derive::Dataset;
use crate::diagnostics::Diagnostics;
use crate::format::{Format, Lang};
use crate::i18n::Locale;
use crate::model::Content;
use crate::model::{Document, Metric, PublicationMeta};
use crate::theme::Theme;
use crate::urls::hashed_name;
use crate::urls::BaseUrl;
use crate::urls::{PageKey, Registry};
use std::collections::BTreeMap;
use std::sync::atomic::AtomicUsize;
use tera::Tera;

pub(super) struct Renderer<'a> {
    pub(super) content: &'a Content,
    pub(super) data: &'a Dataset,
    pub(super) theme: &'a Theme,
    pub(super) base: &'a BaseUrl,
    pub(super) locale: &'a Locale,
    pub(super) lang: Lang,
    /// How this language writes numbers and dates (shared with the templates' filters).
    pub(super) format: std::sync::Arc<Format>,
    pub(super) locales: &'a [Locale],
    pub(super) registry: &'a Registry,
    pub(super) site_view: SiteView,
    pub(super) metrics: BTreeMap<&'a str, &'a Metric>,
    /// Publications by slug: every figure's source is looked up here.
    pub(super) publications: std::collections::HashMap<&'a str, &'a Document<PublicationMeta>>,
    /// Where every page, chart and data file goes.
    pub(super) out: &'a dyn Sink,
    pub(super) charts_drawn: AtomicUsize,
    /// This language's templates; a chart in prose is rendered with them too.
    pub(super) tera: Tera,
    /// The words of chart descriptions, from this language's file.
    pub(super) chart_words: crate::charts::Words,
}

impl<'a> Renderer<'a> {
    pub(super) fn new(
        input: RenderInput<'a>,
        base: &'a BaseUrl,
        locale: &'a Locale,
        locales: &'a [Locale],
        registry: &'a Registry,
        out: &'a dyn Sink,
    ) -> Result<Renderer<'a>, Diagnostics> {
        let RenderInput {
            content,
            data,
            theme,
            ..
        } = input;
        let format = Format::new(
            locale.lang,
            locale.strings.get("format_percent"),
            locale.strings.get("format_first_day"),
        )
        .map_err(|message| {
            Diagnostics::from(
                crate::diagnostics::Diagnostic::new(
                    format!("templates/i18n/{}.yaml", locale.lang),
                    message,
                )
                .hint("write the language's code as BCP 47 does: nl, fr, en, de, pt-BR"),
            )
        })?;
        let mut r = Renderer {
            content,
            data,
            theme,
            base,
            locale,
            lang: locale.lang,
            format: std::sync::Arc::new(format),
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
            tera: Tera::default(),
            chart_words: crate::charts::Words::from_lookup(|key| {
                locale.strings.get(key).to_string()
            }),
        };
        r.site_view = r.site_view();
        // The templates see the site's view: made after it.
        r.tera = language_tera(theme, &r)?;
        Ok(r)
    }

    pub(super) fn site_view(&self) -> SiteView {
        let content = &self.content;
        let t = &self.locale.strings;
        let mut assets = BTreeMap::new();
        let mut assets_full = BTreeMap::new();
        for (name, file) in &self.theme.statics {
            let published = hashed_name(name, file.bytes());
            assets.insert(name.clone(), self.base.link(&published));
            assets_full.insert(name.clone(), self.base.full(&published));
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
                data_xlsx: self.base.link("data/figures.xlsx"),
            },
            title: self.locale.title.clone(),
            description: self.locale.description.clone(),
            lang: self.lang,
            base: self.base.path.clone(),
            base_url: self.base.absolute.clone(),
            organisation: OrganisationView {
                name: content.config.organisation.name.clone(),
                url: content.config.organisation.url.clone(),
            },
        }
    }

    /// The link to a page: in this language where it exists, else in the default one.
    pub(super) fn href(&self, key: &PageKey) -> String {
        self.base.link(&self.path_of(key))
    }

    pub(super) fn path_of(&self, key: &PageKey) -> String {
        if self.registry.exists(self.lang, key) {
            self.locale.path(key)
        } else {
            self.default_locale().path(key)
        }
    }

    pub(super) fn default_locale(&self) -> &Locale {
        self.locales
            .iter()
            .find(|l| l.is_default)
            .unwrap_or(self.locale)
    }

    /// This page in the other languages: its twin, or that language's home.
    pub(super) fn alternates(&self, key: &PageKey) -> Vec<Alternate> {
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
                    lang: l.lang,
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

    pub(super) fn page_view(&self, key: &PageKey, title: &str, description: &str) -> PageView {
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
            image: self.base.full(&self.share_path(key)),
            // Set with the image (`share_image`), which this view does not draw.
            image_alt: self.locale.strings.fill(
                "share_alt",
                &[("title", title), ("site", &self.locale.title)],
            ),
            lang: self.lang,
            alternates: self.alternates(key),
        }
    }
}
