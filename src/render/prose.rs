//! An author's Markdown made HTML, with shortcodes expanded and links mapped to the
//! page's language; its errors at their file, line and column.

use super::context::Renderer;
use super::shortcodes::ShortcodeHost;
use crate::diagnostics::{line_column, Diagnostic, Diagnostics};
use crate::markdown;
use std::path::Path;

impl<'a> Renderer<'a> {
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

    pub(super) fn markdown_with_headings(
        &self,
        text: &str,
        file: &Path,
        first_line: usize,
        default_year: Option<i32>,
        problems: &mut Diagnostics,
    ) -> (String, Vec<markdown::Heading>) {
        let host = ShortcodeHost::new(self, default_year);
        let result = markdown::render(text, &host);
        // A chart's template failed: told at the template, not in the prose.
        problems.extend(host.template_problems.into_inner());
        match result {
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

    /// Maps a root-relative link written in Markdown (`/cijfers/weglopers/`, as in the
    /// default language) to the page in this language, or the default one where this
    /// language has none.
    pub(super) fn map_link(&self, url: &str) -> String {
        crate::urls::map_link(
            url,
            self.default_locale(),
            |slug| self.content.pages.iter().any(|p| p.slug == slug),
            |key| self.href(key),
            &self.base.path,
        )
    }
}
