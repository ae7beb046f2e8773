//! Markdown to HTML, with shortcodes that take numbers and charts from the data.
//!
//! Shortcodes (`{{ figure(id="weglopers") }}`) are cut out of the text first: each is
//! replaced by a placeholder of the same length, so Markdown cannot read anything into
//! its arguments and every offset in the text stays the author's. The Markdown is then
//! rendered as a stream of events ([`events`]), which puts each shortcode's HTML where its
//! placeholder stands, by position: nothing an author writes can pass for a placeholder.
//! (On main the placeholders were characters put back into the finished HTML, so typing
//! them crashed the build or put the tool's markup inside a link's `title="…"`.) Raw HTML
//! in Markdown is shown as text, never passed through: the authors are trusted, but a
//! paste from a web page is not (see the README).

mod events;
mod nesting;

use pulldown_cmark::{Options, Parser};
use std::collections::BTreeMap;
use std::ops::Range;

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
    /// What a screen reader calls a table's scrolling region, in the page's language.
    fn table_label(&self) -> &str;
}

/// A document with more problems than this is a paste gone wrong: the first ones show
/// what happened. (A 4 MB file of `{{a}}` gave 800,000 errors on main, and finding the
/// line of each one took longer than two minutes.)
const MOST_ERRORS: usize = 20;

pub fn render(text: &str, host: &dyn Host) -> Result<Rendered, Vec<MarkdownError>> {
    // Before anything else: a too deep nesting costs pulldown-cmark seconds and gigabytes.
    nesting::check(text).map_err(|e| vec![e])?;
    let mut errors = Vec::new();
    let (stripped, spots, calls) = cut_shortcodes(text, &mut errors);
    let expansions: Vec<Option<Expansion>> = calls
        .iter()
        .map(|call| host.expand(call).map_err(|e| errors.push(e)).ok())
        .collect();
    let (html, headings) = markdown_to_html(&stripped, &spots, &expansions, host, &mut errors);
    if errors.is_empty() {
        return Ok(Rendered { html, headings });
    }
    errors.sort_by_key(|e| e.offset);
    if errors.len() > MOST_ERRORS {
        let more = errors.len() - MOST_ERRORS + 1;
        errors.truncate(MOST_ERRORS - 1);
        let offset = errors.last().map_or(0, |e| e.offset);
        errors.push(MarkdownError {
            offset,
            message: format!("and {more} more problems after this one in this file"),
            hint: Some("fix the ones above first; often they are all the same".into()),
        });
    }
    Err(errors)
}

/// Replaces each `{{ ... }}` with a placeholder of the same length, parsing the calls.
/// Returns the text, where the placeholders stand in it, and the calls in that order. A
/// call that does not parse is left as it is written (it is an error already).
fn cut_shortcodes(
    text: &str,
    errors: &mut Vec<MarkdownError>,
) -> (String, Vec<Range<usize>>, Vec<Shortcode>) {
    let mut out = String::with_capacity(text.len());
    let mut spots = Vec::new();
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
            rest = start;
            break;
        };
        let end = start + len + 2;
        match parse_call(&text[start + 2..start + len]) {
            Ok((name, args)) => {
                out.push_str(&placeholder(end - start));
                spots.push(start..end);
                calls.push(Shortcode {
                    name,
                    args,
                    offset: start,
                });
            }
            Err(message) => {
                out.push_str(&text[start..end]);
                errors.push(MarkdownError {
                    offset: start,
                    message,
                    hint: Some(
                        "shortcodes look like {{ figure(id=\"weglopers\", year=2021) }}".into(),
                    ),
                })
            }
        }
        rest = end;
    }
    out.push_str(&text[rest..]);
    (out, spots, calls)
}

/// `len` bytes that Markdown reads as one plain word: a private-use character, then `x`s.
/// What the characters are does not matter for safety (placeholders are found by their
/// place), only that no Markdown syntax is in them and none starts a URL scheme.
fn placeholder(len: usize) -> String {
    const MARK: char = '\u{E000}';
    let mut p = String::with_capacity(len);
    p.push(MARK);
    p.extend(std::iter::repeat_n('x', len - MARK.len_utf8()));
    p
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

fn markdown_to_html(
    text: &str,
    spots: &[Range<usize>],
    expansions: &[Option<Expansion>],
    host: &dyn Host,
    errors: &mut Vec<MarkdownError>,
) -> (String, Vec<Heading>) {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION;
    let mut events = events::Events::new(
        Parser::new_ext(text, options),
        text,
        spots,
        expansions,
        host,
    );
    let mut html = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, &mut events);
    let (headings, found) = events.finish();
    errors.extend(found);
    (html, headings)
}

/// Lowercase ASCII words joined by hyphens. Letters beyond ASCII are transliterated
/// with `deunicode` (é → e, ß → ss, ŵ → w, ł → l, Greek and Cyrillic to Latin), never
/// dropped: before, "Un año excepcional" became `un-a-o-excepcional`.
pub fn slugify(text: &str) -> String {
    let ascii = deunicode::deunicode(text);
    let mut out = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
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
        fn table_label(&self) -> &str {
            "Table"
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

    /// The placeholders are found by position: the characters they are made of, typed
    /// or written as entities, are text like any other.
    #[test]
    fn placeholder_characters_in_the_input_are_text() {
        let r = render(
            "A \u{E000}99\u{E001} B {{ figure(id=\"a\") }} &#xE000;0&#xE001; \u{E000}xxxxxxxxxxxxxxxxx",
            &TestHost,
        )
        .unwrap();
        assert_eq!(
            r.html,
            "<p>A \u{E000}99\u{E001} B <b>a</b> \u{E000}0\u{E001} \u{E000}xxxxxxxxxxxxxxxxx</p>\n"
        );
        let r = render(
            "{{ figure(id=\"a\") }} [x](https://e.org/ \"t \u{E000}0\u{E001}\")",
            &TestHost,
        )
        .unwrap();
        assert_eq!(
            r.html,
            "<p><b>a</b> <a href=\"https://e.org/\" title=\"t \u{E000}0\u{E001}\">x</a></p>\n"
        );
    }

    #[test]
    fn shortcodes_where_no_text_is_shown_are_errors() {
        for (text, message) in [
            (
                "[x](https://e.org/ \"{{ figure(id=\"a\") }}\")",
                "shows no text",
            ),
            ("[x]({{ figure(id=\"a\") }})", "shows no text"),
            ("[x]\n\n[x]: /a \"{{ figure(id=\"a\") }}\"", "shows no text"),
            ("![{{ figure(id=\"a\") }}](/a.png)", "image's description"),
        ] {
            let e = render(text, &TestHost).unwrap_err();
            assert_eq!(e.len(), 1, "{text}: {e:?}");
            assert!(e[0].message.contains(message), "{text}: {e:?}");
            assert_eq!(e[0].offset, text.find("{{").unwrap(), "{text}");
        }
    }

    #[test]
    fn shortcodes_in_headings_code_and_across_lines() {
        let r = render(
            "## Meer dan {{ figure(id=\"a\") }} dossiers\n\nCode: `x {{ figure(id=\"b\") }} y`, \
             {{ figure(\nid=\"c\") }}.\n\n- {{ chart(id=\"a\") }}\n",
            &TestHost,
        )
        .unwrap();
        // The id keeps to the heading's words: it does not change with the figures.
        assert!(
            r.html
                .starts_with("<h2 id=\"meer-dan-dossiers\">Meer dan <b>a</b> dossiers</h2>"),
            "{}",
            r.html
        );
        assert_eq!(r.headings[0].text, "Meer dan a dossiers");
        assert!(
            r.html
                .contains("<code>x </code><b>b</b><code> y</code>, <b>c</b>."),
            "{}",
            r.html
        );
        assert!(r.html.contains("<li><figure>c</figure></li>"), "{}", r.html);
    }

    #[test]
    fn a_heading_of_thousands_of_events_gets_its_id_from_its_start() {
        let text = format!("# Begin {} einde\n\n# Begin\n", "[".repeat(5000));
        let r = render(&text, &TestHost).unwrap();
        assert!(
            r.html.starts_with("<h1 id=\"begin\">Begin [[["),
            "{}",
            &r.html[..40]
        );
        assert!(r
            .html
            .contains("[ einde</h1>\n<h1 id=\"begin-1\">Begin</h1>"));
        assert_eq!(r.headings[0].text.len(), 5000 + 12);
    }

    #[test]
    fn links_follow_the_link_policy_with_their_place() {
        let text = "[a](data:text/html,x) [b](VBScript:msgbox)\n![c](file:///etc/passwd) \
                    <JavaScript:x> [g](java&#9;script:y) [d][e]\n\n\
                    [e]: < JAVASCRIPT:alert(1)>\n[f]: file:x\n";
        let e = render(text, &TestHost).unwrap_err();
        let found: Vec<(usize, &str)> = e
            .iter()
            .map(|e| (e.offset, e.message.split('`').nth(3).unwrap()))
            .collect();
        assert_eq!(
            found,
            [
                (text.find("data:").unwrap(), "data:"),
                (text.find("VBScript").unwrap(), "vbscript:"),
                (text.find("file:///").unwrap(), "file:"),
                (text.find("JavaScript:x").unwrap(), "javascript:"),
                (text.find("[g]").unwrap(), "javascript:"),
                (text.find(" JAVASCRIPT").unwrap(), "javascript:"),
                (text.find("file:x").unwrap(), "file:"),
            ]
        );
        assert!(e
            .iter()
            .all(|e| e.hint.as_deref().unwrap().contains("https://")));
        let r = render(
            "[a](https://e.org/) [b](HTTP://e.org/) [c](mailto:a@b.c) [d](tel:116000) \
             [e](/cijfers/) [f](#top) [g](../x/) <https://e.org/> <a@b.c> ![h](/a.png)",
            &TestHost,
        )
        .unwrap();
        assert_eq!(r.html.matches("<a href=").count(), 9, "{}", r.html);
        assert!(r.html.contains("href=\"/sub/cijfers/\""));
    }

    #[test]
    fn nesting_is_bounded() {
        // On one line: refused before pulldown-cmark reads it.
        let text = format!("Tekst\n\n{}x", "> ".repeat(5000));
        let e = render(&text, &TestHost).unwrap_err();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].offset, 7 + 2 * nesting::DEEPEST);
        assert!(e[0].message.contains("nested more than 100 levels"));
        // By indentation: counted on the events, at the list that passes the limit.
        let mut text = String::new();
        for level in 0..150 {
            text.push_str(&format!("{}- x\n", "  ".repeat(level)));
        }
        let e = render(&text, &TestHost).unwrap_err();
        assert_eq!(e.len(), 1, "{e:?}");
        let line = crate::diagnostics::line_column(&text, e[0].offset);
        assert_eq!(line, (101, 201));
        // A hundred levels are allowed.
        assert!(render(&"> ".repeat(100), &TestHost).is_ok());
    }

    #[test]
    fn errors_are_capped() {
        let text = "{{ nope() }} ".repeat(10_000);
        let e = render(&text, &TestHost).unwrap_err();
        assert_eq!(e.len(), MOST_ERRORS);
        assert_eq!(e[MOST_ERRORS - 2].offset, 13 * (MOST_ERRORS - 2));
        assert!(e[MOST_ERRORS - 1].message.contains("9981 more problems"));
    }

    /// The fuzzer's seeds (inputs that broke the renderer once) render or fail with
    /// errors inside the text, also without the fuzzer.
    #[test]
    fn fuzz_seeds_render_or_give_errors() {
        let seeds =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds/render_markdown");
        let mut n = 0;
        for entry in std::fs::read_dir(seeds).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            if let Err(errors) = render(&text, &TestHost) {
                assert!(errors.iter().all(|e| e.offset <= text.len()));
            }
            n += 1;
        }
        assert!(n >= 5);
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
        // Letters of any script are kept as their Latin form, never dropped.
        for (heading, id) in [
            ("Un año excepcional", "un-ano-excepcional"),
            ("Gŵyl lyfrau'r dŵr", "gwyl-lyfrau-r-dwr"),
            ("Große Straße", "grosse-strasse"),
            ("Łódź i Gdańsk", "lodz-i-gdansk"),
            ("Ετήσια έκθεση", "etesia-ekthese"),
            (
                "Enlèvements parentaux et cœur",
                "enlevements-parentaux-et-coeur",
            ),
        ] {
            assert_eq!(slugify(heading), id, "{heading}");
        }
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
