//! What a reader reads on a page: the visible text of its `<main>`, sentence by
//! sentence, and each chart's description (the `<desc>` a screen reader reads), read
//! with lol_html. Markup, the charts' drawn labels (their table says the same), scripts
//! and the embed code are left out: `diff` compares what a page says, not how.

use lol_html::html_content::{Element, TextType};
use lol_html::{doc_text, element, rewrite_str, RewriteStrSettings};
use std::cell::RefCell;
use std::rc::Rc;

/// One thing a page says.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Said {
    /// A sentence of the visible text.
    Sentence(String),
    /// A chart's description, whole.
    Chart(String),
}

/// Elements that end a run of text: a sentence never runs across them. A table's cells
/// do not: a row is read as one line, its cells joined by " | ", so that a changed
/// number is shown with its row ("Grooming | 2021 | 43"), not alone.
const BLOCKS: &[&str] = &[
    "p",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "caption",
    "figcaption",
    "dt",
    "dd",
    "blockquote",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "aside",
    "table",
    "ul",
    "ol",
    "dl",
    "figure",
    "pre",
    "summary",
    "br",
    "title",
    "desc",
    "main",
];

/// Elements whose text is no sentence of the page: code, the embed box, buttons.
const SKIPPED: &[&str] = &[
    "script", "style", "template", "noscript", "button", "details",
];

#[derive(Default)]
struct State {
    in_main: bool,
    /// How deep inside a skipped element (or an `<svg>` outside its `<desc>`).
    skipped: usize,
    svg: usize,
    in_desc: bool,
    current: String,
    said: Vec<Said>,
}

impl State {
    /// Ends the run of text so far: its sentences, or the chart description it is.
    fn flush(&mut self, chart: bool) {
        let text = self
            .current
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        self.current.clear();
        if text.is_empty() {
            return;
        }
        if chart {
            self.said.push(Said::Chart(text));
        } else {
            self.said
                .extend(sentences(&text).into_iter().map(Said::Sentence));
        }
    }
}

/// What the page `html` says, in order.
pub fn page_text(html: &str) -> Vec<Said> {
    let state = Rc::new(RefCell::new(State::default()));
    let on_element = {
        let state = Rc::clone(&state);
        move |el: &mut Element| {
            let name = el.tag_name();
            let mut s = state.borrow_mut();
            if name == "main" {
                s.in_main = true;
            }
            if !s.in_main {
                return Ok(());
            }
            let skip = SKIPPED.contains(&name.as_str()) || (s.svg > 0 && name != "desc");
            let block = BLOCKS.contains(&name.as_str());
            if block && s.skipped == 0 {
                s.flush(false);
            }
            if matches!(name.as_str(), "td" | "th") && !s.current.trim().is_empty() {
                s.current.push_str(" | ");
            }
            if name == "svg" {
                s.svg += 1;
            }
            if name == "desc" && s.svg > 0 {
                s.in_desc = true;
            }
            if skip {
                s.skipped += 1;
            }
            drop(s);
            if el.can_have_content() {
                let state = Rc::clone(&state);
                el.on_end_tag(Box::new(move |_| {
                    let mut s = state.borrow_mut();
                    if skip {
                        s.skipped -= 1;
                    }
                    if name == "desc" && s.in_desc {
                        s.flush(true);
                        s.in_desc = false;
                    } else if block && s.skipped == 0 {
                        s.flush(false);
                    }
                    if name == "svg" {
                        s.svg -= 1;
                    }
                    if name == "main" {
                        s.in_main = false;
                    }
                    Ok(())
                }))?;
            }
            Ok(())
        }
    };
    let on_text = {
        let state = Rc::clone(&state);
        move |t: &mut lol_html::html_content::TextChunk| {
            let mut s = state.borrow_mut();
            let readable = t.text_type() == TextType::Data || t.text_type() == TextType::RCData;
            if s.in_main && readable && (s.skipped == 0 || s.in_desc) {
                let text = crate::escape::unescape_html(t.as_str());
                s.current.push_str(&text);
            }
            Ok(())
        }
    };
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(element!("*", on_element))
        .append_document_content_handler(doc_text!(on_text));
    // The pages are jaarverslag's own, so they parse; a file that does not is read as
    // far as it went.
    let _ = rewrite_str(html, settings);
    let mut s = state.borrow_mut();
    s.flush(false);
    std::mem::take(&mut s.said)
}

/// A run of text in sentences: split after `.`, `!` or `?` and a space before a capital
/// (so "t.o.v. 2020" and "1.620" stay whole).
fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for w in chars.windows(3) {
        let [(_, end), (_, space), (next_at, next)] = [w[0], w[1], w[2]];
        if matches!(end, '.' | '!' | '?') && space == ' ' && next.is_uppercase() {
            out.push(text[start..next_at - 1].trim().to_string());
            start = next_at;
        }
    }
    out.push(text[start..].trim().to_string());
    out.retain(|s| !s.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn main_text_in_sentences_and_the_chart_description() {
        let html = r#"<html><head><title>Niet dit</title></head><body><nav>Menu</nav>
<main><h1>2021</h1><p>In 2021 waren er <data value="370">370</data> dossiers, −16% t.o.v. 2020. Dat is minder.</p>
<figure><figcaption>Ontvoeringen</figcaption><svg role="img"><title>Grafiek</title><desc>Van 440 in 2020 naar 370 in 2021.</desc><text>2020</text></svg>
<details class="embed"><summary>Insluiten</summary><pre>&lt;iframe&gt;</pre></details></figure>
<script>var x = "Niet dit";</script><p>Tom &amp; Jerry&#x27;s 1.620.</p>
<table><tr><th>Jaar</th><td>2021</td> <td>370</td></tr></table></main><footer>Niet dit</footer></body></html>"#;
        assert_eq!(
            page_text(html),
            vec![
                Said::Sentence("2021".into()),
                Said::Sentence("In 2021 waren er 370 dossiers, −16% t.o.v. 2020.".into()),
                Said::Sentence("Dat is minder.".into()),
                Said::Sentence("Ontvoeringen".into()),
                Said::Chart("Van 440 in 2020 naar 370 in 2021.".into()),
                Said::Sentence("Tom & Jerry's 1.620.".into()),
                Said::Sentence("Jaar | 2021 | 370".into()),
            ]
        );
    }
}
