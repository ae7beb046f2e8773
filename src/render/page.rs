//! A page of pages/ (about, privacy).

use super::context::Renderer;
use super::views::StaticPageView;
use crate::diagnostics::Diagnostics;
use crate::model::{DocKind, Document};

impl<'a> Renderer<'a> {
    /// A page of pages/, in this language.
    pub(super) fn static_page(
        &self,
        d: &'a Document<crate::model::PageMeta>,
        problems: &mut Diagnostics,
    ) -> StaticPageView {
        let text = self.doc_text(DocKind::Page, d);
        StaticPageView {
            slug: d.slug.clone(),
            title: text.title.to_string(),
            summary: text.summary.to_string(),
            body_html: self.markdown(text.body, text.path, text.line, None, problems),
        }
    }
}
