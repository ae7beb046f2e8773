//! An author's Markdown made HTML, with shortcodes expanded and links mapped to the
//! page's language; its errors at their file, line and column.

use super::context::Renderer;
use super::shortcodes::ShortcodeHost;
use crate::diagnostics::{line_column, Diagnostic, Diagnostics};
use crate::i18n::PageKey;
use crate::load::Words;
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
