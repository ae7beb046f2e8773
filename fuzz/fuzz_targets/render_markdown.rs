//! The Markdown and shortcode renderer: any text renders or gives errors with offsets
//! inside the text, never a panic. On success: raw HTML never comes through, each
//! shortcode's HTML stands exactly once and never inside a tag (in an attribute), and
//! every link follows the link policy.
#![no_main]

use jaarverslag::link_policy;
use jaarverslag::markdown::{render, Expansion, Host, MarkdownError, Shortcode};
use libfuzzer_sys::fuzz_target;
use std::cell::Cell;

/// The tool's own markup for a figure: what input must never forge or misplace.
const FIGURE: &str = "<data value=\"1\">";

/// Expands shortcodes like the site does: figure and change inline, chart as a block,
/// anything else an error. Counts the figures it made.
#[derive(Default)]
struct FuzzHost {
    figures: Cell<usize>,
}

impl Host for FuzzHost {
    fn expand(&self, s: &Shortcode) -> Result<Expansion, MarkdownError> {
        match (s.name.as_str(), s.text("id")) {
            ("figure", Some(id)) => {
                self.figures.set(self.figures.get() + 1);
                Ok(Expansion {
                    html: format!("{FIGURE}{}</data>", id.len()),
                    block: false,
                })
            }
            ("change", Some(_)) => Ok(Expansion {
                html: "+1%".into(),
                block: false,
            }),
            ("chart", _) => Ok(Expansion {
                html: "<figure><svg></svg></figure>".into(),
                block: true,
            }),
            _ => Err(MarkdownError {
                offset: s.offset,
                message: "unknown".into(),
                hint: None,
            }),
        }
    }

    fn link(&self, url: &str) -> String {
        format!("/jaarverslag{url}")
    }
    fn table_label(&self) -> &str {
        "Table"
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let host = FuzzHost::default();
    match render(text, &host) {
        Ok(rendered) => {
            let html = &rendered.html;
            assert!(!html.contains("<script"), "raw HTML came through");
            assert_eq!(
                html.matches(FIGURE).count(),
                host.figures.get(),
                "a figure is missing or forged"
            );
            for (at, _) in html.match_indices(FIGURE) {
                let before = &html[..at];
                assert!(
                    before.rfind('<') <= before.rfind('>'),
                    "a figure inside a tag: {}",
                    &html[at.saturating_sub(80)..at]
                );
            }
            for attribute in ["href=\"", "src=\""] {
                for (at, _) in html.match_indices(attribute) {
                    let value = &html[at + attribute.len()..];
                    let value = &value[..value.find('"').unwrap_or(value.len())];
                    let value = value.replace("&amp;", "&");
                    assert!(
                        link_policy::check(&value).is_ok(),
                        "a link against the policy: {value}"
                    );
                }
            }
        }
        Err(errors) => {
            assert!(!errors.is_empty() && errors.len() <= 20, "{}", errors.len());
            for e in errors {
                assert!(e.offset <= text.len(), "error offset outside the text");
            }
        }
    }
});
