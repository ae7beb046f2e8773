//! From pulldown-cmark's events to the page's, in one pass over the stream. The document
//! is never held as a list of events: that took 96 bytes an event, 660 MB for a 4 MB file
//! of `[` (pulldown-cmark's own tree takes 270 MB of it); only a heading's first events
//! wait until its id is known.
//!
//! On the way it puts each shortcode's HTML where its placeholder stands, found by the
//! placeholder's *position* in the text, never by its characters: text that looks like a
//! placeholder (typed, or written as `&#xE000;`) stays text. It also shows raw HTML as
//! text, prefixes footnote ids, checks every link against [`crate::link_policy`] and puts
//! root-relative ones under the base path, wraps tables in a scrolling region, gives
//! headings unique ids, and counts the levels of lists and quotes.

use super::{nesting, Expansion, Heading, Host, MarkdownError};
use crate::link_policy;
use pulldown_cmark::{
    CowStr, DefaultBrokenLinkCallback, Event, HeadingLevel, LinkType, OffsetIter, Parser, Tag,
    TagEnd,
};
use std::collections::{BTreeMap, VecDeque};
use std::iter::Peekable;
use std::ops::Range;

/// A heading's events wait for its id at most this long; the id is made from the text
/// seen by then. No real heading has this many (a 4 MB heading of `[` has millions).
const HELD_EVENTS: usize = 1000;

/// A table's scrolling region, named in the page's language (the host's `table_label`).
fn table_open(label: &str) -> String {
    format!(
        "<div class=\"table-region\" role=\"region\" aria-label=\"{}\" tabindex=\"0\">",
        crate::escape::html(label)
    )
}

pub(super) struct Events<'a> {
    inner: Peekable<OffsetIter<'a, DefaultBrokenLinkCallback>>,
    /// The text the parser reads: the author's, with each shortcode replaced by a
    /// placeholder of the same length.
    text: &'a str,
    /// Where the placeholders stand in `text`, in order; `expansions` has one per spot.
    spots: &'a [Range<usize>],
    expansions: &'a [Option<Expansion>],
    placed: Vec<bool>,
    host: &'a dyn Host,
    ready: VecDeque<Event<'a>>,
    heading: Option<OpenHeading<'a>>,
    headings: Vec<Heading>,
    used_ids: BTreeMap<String, usize>,
    /// Open lists and quotes.
    depth: usize,
    in_image: usize,
    errors: Vec<MarkdownError>,
}

struct OpenHeading<'a> {
    level: HeadingLevel,
    /// Its start and the events after it, until its id is known; `None` once they are out.
    held: Option<(Tag<'a>, Vec<Event<'a>>)>,
    id: String,
    /// The words the id is made of: the heading's own, without shortcode values (an id
    /// that changed with the figures would break every link to it).
    id_text: String,
    /// The heading as the reader sees it, values included, for the table of contents.
    text: String,
}

impl<'a> Events<'a> {
    pub fn new(
        parser: Parser<'a>,
        text: &'a str,
        spots: &'a [Range<usize>],
        expansions: &'a [Option<Expansion>],
        host: &'a dyn Host,
    ) -> Events<'a> {
        // Reference definitions (`[bron]: https://…`) are checked where they are written,
        // used or not; links that use one are not checked again.
        let mut errors = Vec::new();
        for (_, def) in parser.reference_definitions().iter() {
            if let Err(refused) = link_policy::check(&def.dest) {
                errors.push(MarkdownError {
                    offset: dest_offset(text, &def.dest, &def.span),
                    message: refused.message(&def.dest),
                    hint: Some(refused.hint()),
                });
            }
        }
        errors.sort_by_key(|e| e.offset); // the definitions come from a hash map
        Events {
            inner: parser.into_offset_iter().peekable(),
            text,
            spots,
            expansions,
            placed: vec![false; spots.len()],
            host,
            ready: VecDeque::new(),
            heading: None,
            headings: Vec::new(),
            used_ids: BTreeMap::new(),
            depth: 0,
            in_image: 0,
            errors,
        }
    }

    /// The headings, and every problem found; call when the events have all been taken.
    pub fn finish(mut self) -> (Vec<Heading>, Vec<MarkdownError>) {
        for (k, spot) in self.spots.iter().enumerate() {
            if !self.placed[k] && self.expansions[k].is_some() {
                self.errors.push(MarkdownError {
                    offset: spot.start,
                    message: "this shortcode stands where the page shows no text (in a link's \
                              address or title, or a link definition)"
                        .into(),
                    hint: Some(
                        "put shortcodes in the text: paragraphs, headings, lists, tables".into(),
                    ),
                });
            }
        }
        (self.headings, self.errors)
    }

    fn take(&mut self, event: Event<'a>, range: Range<usize>) {
        match event {
            Event::Text(text) => self.text_event(text, range, Event::Text),
            // Raw HTML is shown as text (see the module comment of `markdown`).
            Event::Html(html) | Event::InlineHtml(html) => {
                self.text_event(html, range, Event::Text)
            }
            Event::Code(code) => {
                // The code's own characters, without the backticks around them.
                let inner = match self.text[range.clone()].find(&*code) {
                    Some(at) if !code.is_empty() => range.start + at..range.start + at + code.len(),
                    _ => range,
                };
                self.text_event(code, inner, Event::Code)
            }
            // Footnote ids are bare numbers otherwise, which collide with heading ids.
            Event::FootnoteReference(label) => {
                self.emit(Event::FootnoteReference(format!("voetnoot-{label}").into()))
            }
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag),
            other => self.emit(other),
        }
    }

    fn start(&mut self, tag: Tag<'a>, range: Range<usize>) {
        match tag {
            Tag::Paragraph => self.paragraph(),
            Tag::FootnoteDefinition(label) => self.emit(Event::Start(Tag::FootnoteDefinition(
                format!("voetnoot-{label}").into(),
            ))),
            Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            } => {
                let dest_url = self.link(link_type, dest_url, &range);
                self.emit(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }))
            }
            Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            } => {
                let dest_url = self.link(link_type, dest_url, &range);
                self.in_image += 1;
                self.emit(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }))
            }
            Tag::BlockQuote(_) | Tag::List(_) => {
                self.depth += 1;
                if self.depth == nesting::DEEPEST + 1 {
                    self.errors.push(nesting::error(range.start));
                }
                self.emit(Event::Start(tag))
            }
            // A wide table scrolls in its own labelled region instead of pushing the page
            // sideways on a phone.
            Tag::Table(_) => {
                self.emit(Event::Html(table_open(self.host.table_label()).into()));
                self.emit(Event::Start(tag))
            }
            Tag::Heading { level, .. } => {
                self.heading = Some(OpenHeading {
                    level,
                    held: Some((tag, Vec::new())),
                    id: String::new(),
                    id_text: String::new(),
                    text: String::new(),
                })
            }
            other => self.emit(Event::Start(other)),
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Image => self.in_image -= 1,
            TagEnd::BlockQuote(_) | TagEnd::List(_) => self.depth -= 1,
            TagEnd::Heading(_) => return self.close_heading(),
            _ => {}
        }
        self.emit(Event::End(tag));
        if tag == TagEnd::Table {
            self.emit(Event::Html("</div>".into()));
        }
    }

    /// A block shortcode (a chart) alone in its paragraph replaces the paragraph: no
    /// `<figure>` inside `<p>`.
    fn paragraph(&mut self) {
        let (spots, expansions, text) = (self.spots, self.expansions, self.text);
        let lone = match self.inner.peek() {
            Some((Event::Text(t), range)) if **t == text[range.clone()] => spots
                .binary_search_by_key(&range.start, |s| s.start)
                .ok()
                .filter(|&k| spots[k] == *range)
                .filter(|&k| expansions[k].as_ref().is_some_and(|e| e.block)),
            _ => None,
        };
        let Some(k) = lone else {
            return self.emit(Event::Start(Tag::Paragraph));
        };
        let (spot_text, range) = self.inner.next().expect("peeked");
        if matches!(self.inner.peek(), Some((Event::End(TagEnd::Paragraph), _))) {
            self.inner.next();
            self.placed[k] = true;
            if let Some(e) = &expansions[k] {
                self.emit(Event::Html(e.html.as_str().into()));
                self.emit(Event::Html("\n".into())); // where `</p>` had its line end
            }
        } else {
            self.emit(Event::Start(Tag::Paragraph));
            self.take(spot_text, range);
        }
    }

    /// Text at `range` of the text: the shortcodes' HTML where their placeholders stand,
    /// the rest as `wrap` makes it. Only text that is the very characters of the source
    /// can hold a placeholder; a placeholder anywhere else is reported by [`finish`].
    fn text_event(
        &mut self,
        content: CowStr<'a>,
        range: Range<usize>,
        wrap: fn(CowStr<'a>) -> Event<'a>,
    ) {
        let first = self.spots.partition_point(|s| s.start < range.start);
        let last = self.spots.partition_point(|s| s.end <= range.end);
        if first >= last || *content != self.text[range.clone()] {
            self.heading_text(&content);
            return self.emit(wrap(content));
        }
        let mut at = range.start;
        for k in first..last {
            let spot = self.spots[k].clone();
            self.plain(at..spot.start, wrap);
            self.expansion(k);
            at = spot.end;
        }
        self.plain(at..range.end, wrap);
    }

    fn plain(&mut self, range: Range<usize>, wrap: fn(CowStr<'a>) -> Event<'a>) {
        if !range.is_empty() {
            let text: &'a str = &self.text[range];
            self.heading_text(text);
            self.emit(wrap(text.into()));
        }
    }

    fn expansion(&mut self, k: usize) {
        self.placed[k] = true;
        let expansions = self.expansions;
        let Some(expansion) = &expansions[k] else {
            return; // its error is already reported
        };
        if self.in_image > 0 {
            return self.errors.push(MarkdownError {
                offset: self.spots[k].start,
                message: "a shortcode cannot stand in an image's description".into(),
                hint: Some(
                    "the text between `![` and `]` is read out instead of the image: write it \
                     in words, and put the figure in the text around the image"
                        .into(),
                ),
            });
        }
        if let Some(h) = &mut self.heading {
            h.text.push_str(&html_text(&expansion.html));
        }
        self.emit(Event::Html(expansion.html.as_str().into()));
    }

    /// Checks a link written here against the link policy; puts a root-relative one
    /// (`/cijfers/`, written as if the site were at the root) under the base path and in
    /// the page's language.
    fn link(&mut self, link_type: LinkType, url: CowStr<'a>, range: &Range<usize>) -> CowStr<'a> {
        // A reference link's address was checked at its definition.
        let written_here = matches!(
            link_type,
            LinkType::Inline | LinkType::Autolink | LinkType::Email
        );
        if written_here {
            if let Err(refused) = link_policy::check(&url) {
                self.errors.push(MarkdownError {
                    offset: dest_offset(self.text, &url, range),
                    message: refused.message(&url),
                    hint: Some(refused.hint()),
                });
            }
        }
        if url.starts_with('/') && !url.starts_with("//") {
            self.host.link(&url).into()
        } else {
            url
        }
    }

    fn heading_text(&mut self, text: &str) {
        if let Some(h) = &mut self.heading {
            h.text.push_str(text);
            if h.held.is_some() {
                h.id_text.push_str(text);
            }
        }
    }

    fn emit(&mut self, event: Event<'a>) {
        match self.heading.as_mut().and_then(|h| h.held.as_mut()) {
            Some((_, held)) => {
                held.push(event);
                if held.len() >= HELD_EVENTS {
                    self.release_heading();
                }
            }
            None => self.ready.push_back(event),
        }
    }

    /// Gives the open heading its id and lets its held events out.
    fn release_heading(&mut self) {
        let Some(h) = &mut self.heading else { return };
        let Some((mut start, held)) = h.held.take() else {
            return;
        };
        if let Tag::Heading { id, .. } = &mut start {
            let base = match id.take() {
                Some(explicit) => explicit.to_string(),
                None => super::slugify(&h.id_text),
            };
            h.id = unique_id(&mut self.used_ids, base);
            *id = Some(h.id.clone().into());
        }
        self.ready.push_back(Event::Start(start));
        self.ready.extend(held);
    }

    fn close_heading(&mut self) {
        self.release_heading();
        let Some(h) = self.heading.take() else { return };
        self.ready.push_back(Event::End(TagEnd::Heading(h.level)));
        self.headings.push(Heading {
            level: heading_level(h.level),
            id: h.id,
            text: h.text,
        });
    }
}

impl<'a> Iterator for Events<'a> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        loop {
            if let Some(event) = self.ready.pop_front() {
                return Some(event);
            }
            let (event, range) = self.inner.next()?;
            self.take(event, range);
        }
    }
}

/// `base`, or `base-1`, `base-2` … when it is taken; `sectie` for a heading without words.
fn unique_id(used: &mut BTreeMap<String, usize>, base: String) -> String {
    let base = if base.is_empty() {
        "sectie".to_string()
    } else {
        base
    };
    let n = used.entry(base.clone()).or_default();
    let unique = if *n == 0 { base } else { format!("{base}-{n}") };
    *n += 1;
    unique
}

/// Where a link's address is written in the link at `range` (`[a](here)`, `<here>`,
/// `[a]: here`); the link's start when it is written otherwise (with escapes).
fn dest_offset(text: &str, dest: &str, range: &Range<usize>) -> usize {
    let written = &text[range.clone()];
    if dest.is_empty() {
        return range.start;
    }
    written
        .match_indices(dest)
        .map(|(at, _)| at)
        .find(|&at| {
            let before = written[..at].trim_end_matches('<').trim_end();
            before.is_empty() || before.ends_with("](") || before.ends_with("]:")
        })
        .map_or(range.start, |at| range.start + at)
}

/// The text of a shortcode's HTML, for a heading in the table of contents: tags left out,
/// its escapes undone (the template escapes it again).
fn html_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        rest = rest[open..]
            .find('>')
            .map_or("", |close| &rest[open + close + 1..]);
    }
    text.push_str(rest);
    crate::escape::unescape_html(&text)
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_addresses_are_found_where_they_are_written() {
        let text = "x [javascript:a](javascript:a \"t\") <data:b> [r]: file:c";
        assert_eq!(dest_offset(text, "javascript:a", &(2..34)), 17);
        assert_eq!(dest_offset(text, "data:b", &(35..43)), 36);
        assert_eq!(dest_offset(text, "file:c", &(44..55)), 49);
        // Written with an escape: the link's start.
        assert_eq!(
            dest_offset("[a](java&#9;script:x)", "java\tscript:x", &(0..21)),
            0
        );
    }

    #[test]
    fn text_of_shortcode_html() {
        assert_eq!(
            html_text("<data class=\"figure\" value=\"3\">1.234</data>"),
            "1.234"
        );
        assert_eq!(
            html_text("<span>+21% t.o.v. &amp;&lt;</span>"),
            "+21% t.o.v. &<"
        );
    }
}
