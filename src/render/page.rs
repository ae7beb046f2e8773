//! A page of pages/ (about, privacy).

use super::context::Renderer;
use crate::diagnostics::Diagnostics;
use crate::load::{DocKind, Document};

impl<'a> Renderer<'a> {
    /// A page of pages/: slug, title, summary and body.
    pub(super) fn static_page(
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
}
