//! A publication's page.

use super::context::Renderer;
use super::share::Headline;
use super::views::*;
use crate::diagnostics::Diagnostics;
use crate::model::{DocKind, Document, PublicationMeta};
use crate::urls::PageKey;
use tera::Context;

impl<'a> Renderer<'a> {
    /// Renders and writes a publication's page; returns its view without the body, for
    /// the lists.
    pub(super) fn publication_page(
        &self,
        d: &'a Document<PublicationMeta>,
        problems: &mut Diagnostics,
    ) -> (PublicationView, Result<(), tera::Error>) {
        let mut view = self.publication_view(d, problems);
        let key = PageKey::Publication(view.slug.clone());
        let mut ctx = Context::new();
        ctx.insert("publication", &view);
        let mut page = self.page_view(&key, &view.title, &view.summary);
        page.image_alt = self.share_image(&key, &view.title, Headline::None);
        ctx.insert("page", &page);
        let written = self
            .tera
            .render("publication.html", &ctx)
            .map(|html| self.out.add(self.locale.file(&key), html.into_bytes()));
        view.body_html = String::new();
        (view, written)
    }

    pub(super) fn publication_view(
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
        let (kind, kind_plural) = self.kind_names(&p.meta.kind);
        PublicationView {
            slug: p.slug.clone(),
            title: text.title.to_string(),
            url: self.href(&PageKey::Publication(p.slug.clone())),
            date: p.meta.date.to_string(),
            date_text: self.format.date(&p.meta.date),
            kind,
            kind_plural,
            themes,
            year: p.meta.year.map(|y| self.year_link(y)),
            summary: text.summary.to_string(),
            origin,
            original_url: p.meta.url.clone(),
            body_html: self.markdown(text.body, text.path, text.line, p.meta.year, problems),
        }
    }
}

impl Renderer<'_> {
    /// A kind's name in this language, one and several: the site's declaration, or for
    /// the theme's default set the language file's `kind_<id>` and `kind_<id>_plural`.
    fn kind_names(&self, id: &str) -> (String, String) {
        match self.content.config.kinds.iter().find(|k| k.id == id) {
            Some(k) => match k.translations.get(&self.lang) {
                Some(t) if !self.locale.is_default => (t.label.clone(), t.plural.clone()),
                _ => (k.label.clone(), k.plural.clone()),
            },
            None => {
                let key = format!("kind_{}", id.replace('-', "_"));
                let strings = &self.locale.strings;
                (
                    strings.get(&key).to_string(),
                    strings.get(&format!("{key}_plural")).to_string(),
                )
            }
        }
    }
}
