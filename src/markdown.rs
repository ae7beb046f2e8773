//! Markdown to HTML, with shortcodes that take numbers and charts from the data.
//!
//! Shortcodes (`{{ figure(id="weglopers") }}`) are cut out of the text first and replaced
//! by placeholders, the Markdown is rendered, and the placeholders are then replaced by
//! the shortcodes' HTML. Raw HTML in Markdown is shown as text, never passed through: the
//! authors are trusted, but a paste from a web page is not (see the README).

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::BTreeMap;

/// One shortcode call: its name, its arguments and where it stands in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Shortcode {
    pub name: String,
    pub args: BTreeMap<String, Arg>,
    /// Byte offset of `{{` in the Markdown text.
    pub offset: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Text(String),
    Number(f64),
}

impl Shortcode {
    pub fn text(&self, key: &str) -> Option<&str> {
        match self.args.get(key) {
            Some(Arg::Text(t)) => Some(t),
            _ => None,
        }
    }

    pub fn number(&self, key: &str) -> Option<f64> {
        match self.args.get(key) {
            Some(Arg::Number(n)) => Some(*n),
            _ => None,
        }
    }
}

/// What a shortcode renders to. A block (a chart) replaces its whole paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct Expansion {
    pub html: String,
    pub block: bool,
}

/// A problem at a byte offset of the Markdown text.
#[derive(Debug, Clone, PartialEq)]
pub struct MarkdownError {
    pub offset: usize,
    pub message: String,
    pub hint: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
}

/// Everything the renderer needs from the site: how to expand a shortcode and where a
/// root-relative link (`/cijfers/`, written as if the site were at the root in the
/// default language) really points.
pub trait Host {
    fn expand(&self, shortcode: &Shortcode) -> Result<Expansion, MarkdownError>;
    fn link(&self, root_relative: &str) -> String;
}

// Private-use characters around the placeholder's number: no author types them.
const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

pub fn render(text: &str, host: &dyn Host) -> Result<Rendered, Vec<MarkdownError>> {
    let mut errors = Vec::new();
    let (stripped, calls) = cut_shortcodes(text, &mut errors);
    let mut expansions = Vec::with_capacity(calls.len());
    for call in &calls {
        match host.expand(call) {
            Ok(e) => expansions.push(e),
            Err(e) => {
                errors.push(e);
                expansions.push(Expansion {
                    html: String::new(),
                    block: false,
                });
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let (mut html, headings) = markdown_to_html(&stripped, host);
    if !expansions.is_empty() {
        html = put_back(&html, &expansions);
    }
    Ok(Rendered { html, headings })
}

/// Replaces each `{{ ... }}` with a placeholder, parsing the calls.
fn cut_shortcodes(text: &str, errors: &mut Vec<MarkdownError>) -> (String, Vec<Shortcode>) {
    let mut out = String::with_capacity(text.len());
    let mut calls = Vec::new();
    let mut rest = 0;
    while let Some(found) = text[rest..].find("{{") {
        let start = rest + found;
        out.push_str(&text[rest..start]);
        let Some(len) = text[start..].find("}}") else {
            errors.push(MarkdownError {
                offset: start,
                message: "a shortcode is opened with `{{` but not closed with `}}`".into(),
                hint: Some("write it as {{ figure(id=\"...\") }} on one line".into()),
            });
            rest = text.len();
            break;
        };
        let inner = &text[start + 2..start + len];
        match parse_call(inner) {
            Ok((name, args)) => {
                out.push(OPEN);
                out.push_str(&calls.len().to_string());
                out.push(CLOSE);
                calls.push(Shortcode {
                    name,
                    args,
                    offset: start,
                });
            }
            Err(message) => errors.push(MarkdownError {
                offset: start,
                message,
                hint: Some("shortcodes look like {{ figure(id=\"weglopers\", year=2021) }}".into()),
            }),
        }
        rest = start + len + 2;
    }
    out.push_str(&text[rest..]);
    (out, calls)
}

/// `name(key="text", key=123)`.
fn parse_call(inner: &str) -> Result<(String, BTreeMap<String, Arg>), String> {
    let inner = inner.trim();
    let bad = || format!("`{{{{ {inner} }}}}` is not a shortcode call");
    let open = inner.find('(').ok_or_else(bad)?;
    if !inner.ends_with(')') {
        return Err(bad());
    }
    let name = inner[..open].trim();
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(bad());
    }
    let mut args = BTreeMap::new();
    let mut s = inner[open + 1..inner.len() - 1].trim();
    while !s.is_empty() {
        let eq = s.find('=').ok_or_else(bad)?;
        let key = s[..eq].trim();
        if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(bad());
        }
        let after = s[eq + 1..].trim_start();
        let (value, remaining) = if let Some(quoted) = after.strip_prefix('"') {
            let end = quoted.find('"').ok_or_else(bad)?;
            (Arg::Text(quoted[..end].to_string()), &quoted[end + 1..])
        } else {
            let end = after.find(',').unwrap_or(after.len());
            let raw = after[..end].trim();
            let n: f64 = raw
                .parse()
                .map_err(|_| format!("`{raw}` is not a number or a \"quoted\" text"))?;
            (Arg::Number(n), &after[end..])
        };
        if args.insert(key.to_string(), value).is_some() {
            return Err(format!("the argument `{key}` is given twice"));
        }
        s = remaining.trim_start();
        s = match s.strip_prefix(',') {
            Some(r) => r.trim_start(),
            None if s.is_empty() => s,
            None => return Err(bad()),
        };
    }
    Ok((name.to_string(), args))
}

fn put_back(html: &str, expansions: &[Expansion]) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find(OPEN) {
        let after = &rest[start + OPEN.len_utf8()..];
        let Some(end) = after.find(CLOSE) else { break };
        let Ok(index) = after[..end].parse::<usize>() else {
            break;
        };
        let tail = &after[end + CLOSE.len_utf8()..];
        let expansion = &expansions[index];
        // A block alone in its paragraph replaces the paragraph: no <figure> inside <p>.
        if expansion.block && rest[..start].ends_with("<p>") && tail.starts_with("</p>") {
            out.push_str(&rest[..start - 3]);
            out.push_str(&expansion.html);
            rest = &tail[4..];
        } else {
            out.push_str(&rest[..start]);
            out.push_str(&expansion.html);
            rest = tail;
        }
    }
    out.push_str(rest);
    out
}

fn markdown_to_html(text: &str, host: &dyn Host) -> (String, Vec<Heading>) {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION;
    let mut events: Vec<Event> = Parser::new_ext(text, options)
        .map(|event| match event {
            // Raw HTML is shown as text (see the module comment).
            Event::Html(h) | Event::InlineHtml(h) => Event::Text(h),
            // Footnote ids are bare numbers otherwise, which collide with heading ids.
            Event::FootnoteReference(label) => {
                Event::FootnoteReference(format!("voetnoot-{label}").into())
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                Event::Start(Tag::FootnoteDefinition(format!("voetnoot-{label}").into()))
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Link {
                link_type,
                dest_url: site_link(dest_url, host),
                title,
                id,
            }),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Image {
                link_type,
                dest_url: site_link(dest_url, host),
                title,
                id,
            }),
            other => other,
        })
        .collect();
    let headings = assign_heading_ids(&mut events);
    // A wide table scrolls in its own labelled region instead of pushing the page
    // sideways on a phone.
    let events = events.into_iter().flat_map(|event| match event {
        Event::Start(Tag::Table(_)) => vec![
            Event::Html(
                "<div class=\"tabel\" role=\"region\" aria-label=\"Tabel\" tabindex=\"0\">".into(),
            ),
            event,
        ],
        Event::End(TagEnd::Table) => vec![event, Event::Html("</div>".into())],
        other => vec![other],
    });
    let mut html = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events);
    (html, headings)
}

/// Root-relative links (`/cijfers/`) are written as if the site were at the root; the
/// host puts them under the base path and in the page's language.
fn site_link<'a>(url: CowStr<'a>, host: &dyn Host) -> CowStr<'a> {
    if url.starts_with('/') && !url.starts_with("//") {
        host.link(&url).into()
    } else {
        url
    }
}

/// Gives every heading a unique id from its text (pulldown-cmark makes none).
fn assign_heading_ids(events: &mut [Event]) -> Vec<Heading> {
    let mut headings = Vec::new();
    let mut used: BTreeMap<String, usize> = BTreeMap::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, id, .. }) = &events[i] {
            let level = *level;
            let explicit = id.clone();
            let mut text = String::new();
            let mut j = i + 1;
            while j < events.len() && !matches!(events[j], Event::End(TagEnd::Heading(_))) {
                if let Event::Text(t) | Event::Code(t) = &events[j] {
                    text.push_str(t);
                }
                j += 1;
            }
            let base = explicit
                .map(|e| e.to_string())
                .unwrap_or_else(|| slugify(&text));
            let base = if base.is_empty() {
                "sectie".to_string()
            } else {
                base
            };
            let n = used.entry(base.clone()).or_default();
            let unique = if *n == 0 {
                base.clone()
            } else {
                format!("{base}-{n}")
            };
            *n += 1;
            if let Event::Start(Tag::Heading { id, .. }) = &mut events[i] {
                *id = Some(unique.clone().into());
            }
            headings.push(Heading {
                level: heading_level(level),
                id: unique,
                text,
            });
            i = j;
        }
        i += 1;
    }
    headings
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

/// Lowercase ASCII words joined by hyphens; Dutch and French accents are folded.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let folded = match c {
            'à' | 'á' | 'â' | 'ä' | 'À' | 'Á' | 'Â' | 'Ä' => 'a',
            'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
            'ò' | 'ó' | 'ô' | 'ö' | 'Ò' | 'Ó' | 'Ô' | 'Ö' => 'o',
            'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
            'ç' | 'Ç' => 'c',
            c => c.to_ascii_lowercase(),
        };
        if folded.is_ascii_alphanumeric() {
            out.push(folded);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    struct TestHost;
    impl Host for TestHost {
        fn expand(&self, s: &Shortcode) -> Result<Expansion, MarkdownError> {
            match s.name.as_str() {
                "figure" => Ok(Expansion {
                    html: format!("<b>{}</b>", s.text("id").unwrap_or("?")),
                    block: false,
                }),
                "chart" => Ok(Expansion {
                    html: "<figure>c</figure>".into(),
                    block: true,
                }),
                _ => Err(MarkdownError {
                    offset: s.offset,
                    message: format!("unknown shortcode `{}`", s.name),
                    hint: None,
                }),
            }
        }
        fn link(&self, url: &str) -> String {
            format!("/sub{url}")
        }
    }

    #[test]
    fn shortcodes_expand_inline_and_as_blocks() {
        let r = render(
            "Er waren {{ figure(id=\"a\") }} dossiers.\n\n{{ chart(id=\"a\") }}\n",
            &TestHost,
        )
        .unwrap();
        assert_eq!(
            r.html,
            "<p>Er waren <b>a</b> dossiers.</p>\n<figure>c</figure>\n"
        );
    }

    #[test]
    fn shortcode_arguments() {
        let (name, args) = parse_call(" figure(id=\"x-y\", year=2020) ").unwrap();
        assert_eq!(name, "figure");
        assert_eq!(args["id"], Arg::Text("x-y".into()));
        assert_eq!(args["year"], Arg::Number(2020.0));
        assert!(parse_call("figure(id=\"x\", id=\"y\")").is_err());
        assert!(parse_call("figure id").is_err());
        assert!(parse_call("figure(year=abc)").is_err());
    }

    #[test]
    fn errors_carry_their_offset() {
        let e = render("abc\n{{ nope() }}", &TestHost).unwrap_err();
        assert_eq!(e[0].offset, 4);
        assert_eq!(e[0].message, "unknown shortcode `nope`");
        let e = render("x {{ figure(id=\"a\")", &TestHost).unwrap_err();
        assert!(e[0].message.contains("not closed"));
    }

    #[test]
    fn heading_ids_are_unique_and_footnotes_prefixed() {
        let r = render(
            "## Seksuele uitbuiting\n\n## Seksuele uitbuiting\n\nTekst[^1].\n\n[^1]: Bron.\n",
            &TestHost,
        )
        .unwrap();
        assert!(r.html.contains("<h2 id=\"seksuele-uitbuiting\">"));
        assert!(r.html.contains("<h2 id=\"seksuele-uitbuiting-1\">"));
        assert!(r.html.contains("href=\"#voetnoot-1\""), "{}", r.html);
        assert!(r.html.contains("id=\"voetnoot-1\""));
        assert_eq!(r.headings.len(), 2);
    }

    #[test]
    fn raw_html_is_text_and_links_get_the_base_path() {
        let r = render(
            "<script>alert(1)</script>\n\nZie [cijfers](/cijfers/) en [x](https://e.org/).",
            &TestHost,
        )
        .unwrap();
        assert!(!r.html.contains("<script>"));
        assert!(r.html.contains("&lt;script&gt;"));
        assert!(r.html.contains("href=\"/sub/cijfers/\""));
        assert!(r.html.contains("href=\"https://e.org/\""));
    }

    #[test]
    fn slugs() {
        assert_eq!(slugify("Één dag in 2020!"), "een-dag-in-2020");
        assert_eq!(
            slugify("Niet-begeleide minderjarigen (NBM)"),
            "niet-begeleide-minderjarigen-nbm"
        );
    }

    #[test]
    fn smart_punctuation_and_tables() {
        let r = render(
            "\"citaat\" -- en\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
            &TestHost,
        )
        .unwrap();
        assert!(r.html.contains("“citaat”"));
        assert!(r.html.contains("–"));
        assert!(r.html.contains("<table>"));
    }
}
