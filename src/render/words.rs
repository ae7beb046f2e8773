//! Localisation lookups: a document's, metric's, theme's or event's words in the page's
//! language (its translation where there is one), and the links that carry them.

use super::context::Renderer;
use super::views::*;
use crate::format::Lang;
use crate::model::Titled;
use crate::model::{
    Comparison, DocKind, Document, EventConfig, Figure, Metric, OtherSource, ThemeConfig,
    TranslatedMeta,
};
use crate::urls::PageKey;
use std::path::Path;

/// A document's words in the page's language, and where they come from.
pub(super) struct DocText<'d> {
    pub(super) title: &'d str,
    pub(super) summary: &'d str,
    pub(super) path: &'d Path,
    pub(super) body: &'d str,
    pub(super) line: usize,
    pub(super) translation: Option<&'d Document<TranslatedMeta>>,
}

/// A metric's words in the page's language.
pub(super) struct MetricWords<'m> {
    pub(super) label: &'m str,
    pub(super) unit: &'m str,
    pub(super) description: &'m str,
    pub(super) definition: &'m str,
}

impl<'a> Renderer<'a> {
    pub(super) fn translated_doc(
        &self,
        kind: DocKind,
        slug: &str,
    ) -> Option<&'a Document<TranslatedMeta>> {
        if self.locale.is_default {
            return None;
        }
        self.content
            .translations
            .get(&(kind, slug.to_string(), self.lang))
    }

    /// A document's words in this page's language: its translation where there is one.
    pub(super) fn doc_text<M: Titled>(&self, kind: DocKind, doc: &'a Document<M>) -> DocText<'a> {
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
    pub(super) fn foreign(&self) -> Option<Lang> {
        (!self.locale.is_default).then(|| self.default_locale().lang)
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

    pub(super) fn comparison_title(&self, c: &'a Comparison) -> &'a str {
        match c.translations.get(&self.lang) {
            Some(tr) if !self.locale.is_default => &tr.title,
            _ => &c.title,
        }
    }

    /// A text written in the default language with its translation for this page's
    /// language: the translation, or (only if validation was bypassed) the original,
    /// marked with its language.
    fn translated_text(
        &self,
        original: Option<&'a str>,
        translated: Option<&'a str>,
    ) -> Option<(&'a str, Option<Lang>)> {
        let original = original?;
        if self.locale.is_default {
            return Some((original, None));
        }
        Some(match translated {
            Some(t) => (t, None),
            None => (original, self.foreign()),
        })
    }

    /// A figure's note in this page's language, and its language when it is not the page's.
    pub(super) fn figure_note(&self, f: &'a Figure) -> Option<(&'a str, Option<Lang>)> {
        let tr = f
            .translations
            .get(&self.lang)
            .and_then(|t| t.note.as_deref());
        self.translated_text(f.note.as_deref(), tr)
    }

    /// What changed at a break in the series (`break:`), in this page's language.
    pub(super) fn break_text(&self, f: &'a Figure) -> Option<(&'a str, Option<Lang>)> {
        let tr = f
            .translations
            .get(&self.lang)
            .and_then(|t| t.break_note.as_deref());
        self.translated_text(f.break_note.as_deref(), tr)
    }

    /// Another source's note in this page's language.
    pub(super) fn other_note(&self, o: &'a OtherSource) -> Option<(&'a str, Option<Lang>)> {
        self.translated_text(
            o.note.as_deref(),
            o.translations.get(&self.lang).map(String::as_str),
        )
    }

    pub(super) fn event_label(&self, e: &'a EventConfig) -> &'a str {
        match e.translations.get(&self.lang) {
            Some(tr) if !self.locale.is_default => &tr.label,
            _ => &e.label,
        }
    }

    pub(super) fn page_title(&self, slug: &str) -> String {
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

    pub(super) fn theme_link(&self, t: &'a ThemeConfig) -> ThemeLink {
        let (label, description) = match t.translations.get(&self.lang) {
            Some(tr) if !self.locale.is_default => (&tr.label, &tr.description),
            _ => (&t.label, &t.description),
        };
        ThemeLink {
            id: t.id.clone(),
            label: label.to_string(),
            description: description.to_string(),
            url: self.href(&PageKey::Theme(t.id.clone())),
        }
    }

    pub(super) fn year_link(&self, year: i32) -> YearLink {
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
}
