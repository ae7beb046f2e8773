//! The Markdown and shortcode renderer: any text renders or gives errors with offsets
//! inside the text, never a panic; raw HTML never comes through.
#![no_main]

use jaarverslag::markdown::{render, Expansion, Host, MarkdownError, Shortcode};
use libfuzzer_sys::fuzz_target;

/// Expands shortcodes like the site does: figure and change inline, chart as a block,
/// anything else an error.
struct FuzzHost;

impl Host for FuzzHost {
    fn expand(&self, s: &Shortcode) -> Result<Expansion, MarkdownError> {
        match (s.name.as_str(), s.text("id")) {
            ("figure", Some(id)) => Ok(Expansion {
                html: format!("<data value=\"1\">{}</data>", id.len()),
                block: false,
            }),
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
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match render(text, &FuzzHost) {
        Ok(rendered) => {
            assert!(!rendered.html.contains("<script"), "raw HTML came through");
        }
        Err(errors) => {
            for e in errors {
                assert!(e.offset <= text.len(), "error offset outside the text");
            }
        }
    }
});
