//! Just enough of an HTML scanner to find links, sources and ids in the pages this tool
//! writes. It is not a general HTML parser: it reads start tags and their attributes,
//! skips comments and the contents of `<script>` and `<style>`, and decodes the few
//! character references that occur in URLs. It is fast, which matters because every build
//! runs it over every page.

/// What one page links to and which ids it has.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Scanned {
    /// The URL of every attribute that holds one ([`url_attribute`]), decoded, with the
    /// attribute's byte offset: the link check holds each to the allow-list and resolves
    /// it, not only `href` and `src`.
    pub links: Vec<(String, usize)>,
    pub ids: Vec<String>,
}

pub fn scan(html: &str) -> Scanned {
    let mut out = Scanned::default();
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(found) = html[i..].find('<') {
        i += found;
        let rest = &html[i..];
        if rest.starts_with("<!--") {
            i += rest.find("-->").map_or(rest.len(), |e| e + 3);
            continue;
        }
        let name_len = rest[1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':'))
            .unwrap_or(rest.len() - 1);
        if name_len == 0 {
            i += 1;
            continue;
        }
        let name = &rest[1..1 + name_len];
        let mut j = i + 1 + name_len;
        // `<meta http-equiv="refresh" content="0; url=…">` sends the reader on.
        let mut refresh = false;
        let mut content: Option<(String, usize)> = None;
        // Attributes until `>`.
        loop {
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            if j >= bytes.len() || bytes[j] == b'>' || html[j..].starts_with("/>") {
                break;
            }
            let start = j;
            while j < bytes.len()
                && !bytes[j].is_ascii_whitespace()
                && !matches!(bytes[j], b'=' | b'>' | b'/')
            {
                j += 1;
            }
            let attr = &html[start..j];
            if j == start {
                j += 1; // a stray `/` or similar
                continue;
            }
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            if j < bytes.len() && bytes[j] == b'=' {
                j += 1;
                while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                    j += 1;
                }
                let (value, end) = match bytes.get(j) {
                    Some(q @ (b'"' | b'\'')) => {
                        let close = html[j + 1..]
                            .find(char::from(*q))
                            .map_or(html.len(), |e| j + 1 + e);
                        (
                            &html[(j + 1).min(close)..close],
                            (close + 1).min(html.len()),
                        )
                    }
                    _ => {
                        let end = html[j..]
                            .find(|c: char| c.is_ascii_whitespace() || c == '>')
                            .map_or(html.len(), |e| j + e);
                        (&html[j..end], end)
                    }
                };
                match url_attribute(name, attr) {
                    Some(Urls::One) => out.links.push((crate::escape::unescape_html(value), start)),
                    Some(Urls::Spaced) => {
                        let value = crate::escape::unescape_html(value);
                        out.links.extend(
                            value
                                .split_ascii_whitespace()
                                .map(|u| (u.to_string(), start)),
                        );
                    }
                    Some(Urls::Srcset) => {
                        let value = crate::escape::unescape_html(value);
                        out.links
                            .extend(srcset_urls(&value).map(|u| (u.to_string(), start)));
                    }
                    None if attr.eq_ignore_ascii_case("id") => {
                        out.ids.push(crate::escape::unescape_html(value))
                    }
                    None if attr.eq_ignore_ascii_case("http-equiv") => {
                        refresh = value.trim().eq_ignore_ascii_case("refresh");
                    }
                    None if attr.eq_ignore_ascii_case("content") => {
                        content = Some((crate::escape::unescape_html(value), start));
                    }
                    None => {}
                }
                j = end;
            }
        }
        if refresh && name.eq_ignore_ascii_case("meta") {
            if let Some(url) = content
                .as_ref()
                .and_then(|(c, at)| refresh_url(c).map(|u| (u, *at)))
            {
                out.links.push((url.0.to_string(), url.1));
            }
        }
        i = j.max(i + 1);
        if name.eq_ignore_ascii_case("script") || name.eq_ignore_ascii_case("style") {
            i += closing_tag(&html[i..], name).unwrap_or(html.len() - i);
        }
    }
    out
}

/// How an attribute holds URLs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Urls {
    One,
    /// Several, between spaces (`ping`, `archive`).
    Spaced,
    /// `url 2x, url 640w` (`srcset`, `imagesrcset`).
    Srcset,
}

/// Whether attribute `attr` of element `element` holds a URL a browser would follow,
/// load or run. `href` and `src` alone left `javascript:` in `form action`, `formaction`,
/// `srcset`, `<object data>` and SVG `xlink:href` on every page (issue 26, case 6); these
/// are HTML's URL attributes, with the old ones browsers still honour.
fn url_attribute(element: &str, attr: &str) -> Option<Urls> {
    const ONE: [&str; 11] = [
        "href",
        "src",
        "xlink:href",
        "action",
        "formaction",
        "poster",
        "cite",
        "background",
        "longdesc",
        "manifest",
        "codebase",
    ];
    let is = |name: &str| attr.eq_ignore_ascii_case(name);
    if ONE.iter().any(|name| is(name))
        || (is("data") && element.eq_ignore_ascii_case("object"))
        || (is("classid") && element.eq_ignore_ascii_case("object"))
    {
        Some(Urls::One)
    } else if is("ping") || is("archive") {
        Some(Urls::Spaced)
    } else if is("srcset") || is("imagesrcset") {
        Some(Urls::Srcset)
    } else {
        None
    }
}

/// The URLs of a `srcset`: each candidate's URL, before its width or density.
fn srcset_urls(value: &str) -> impl Iterator<Item = &str> {
    value.split(',').filter_map(|candidate| {
        let url = candidate.split_ascii_whitespace().next()?;
        Some(url)
    })
}

/// The URL a `<meta http-equiv="refresh">`'s content sends the reader to
/// (`5; url=/next/`, `0;URL='x'`), if any.
fn refresh_url(content: &str) -> Option<&str> {
    let (_, rest) = content.split_once([';', ','])?;
    let rest = rest.trim_start();
    let rest = if rest.len() >= 3 && rest[..3].eq_ignore_ascii_case("url") {
        rest[3..].trim_start().strip_prefix('=')?.trim_start()
    } else {
        rest
    };
    let url = rest.trim_matches(|c: char| c == '\'' || c == '"' || c.is_ascii_whitespace());
    (!url.is_empty()).then_some(url)
}

/// Where `</name` starts in `text`, in any case (without copying the text to lowercase:
/// a page's charts each have a `<style>`).
fn closing_tag(text: &str, name: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(found) = text[from..].find("</") {
        let at = from + found;
        let candidate = bytes.get(at + 2..at + 2 + name.len())?;
        if candidate.eq_ignore_ascii_case(name.as_bytes()) {
            return Some(at);
        }
        from = at + 2;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_links_and_ids() {
        let s = scan(
            "<!DOCTYPE html><a href=\"/a/?x=1&amp;y=2\" id=top>x</a><!-- <a href=\"/no\"> -->\
             <img src='/i.svg' alt=\"a > b\"><script>var a = \"<a href='/no2'>\";</script>\
             <h2 id=\"kop\">t</h2><link rel=stylesheet href=/s.css>",
        );
        let links: Vec<&str> = s.links.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(links, vec!["/a/?x=1&y=2", "/i.svg", "/s.css"]);
        assert_eq!(s.ids, vec!["top", "kop"]);
    }

    #[test]
    fn every_url_attribute_is_a_link() {
        let s = scan(
            "<meta http-equiv=\"Refresh\" content=\"0; URL='javascript:alert(1)'\">\
             <meta http-equiv=refresh content=5><meta name=x content=\"1; url=/no\">\
             <form action=\"javascript:a\"><button formaction=javascript:b>x</button></form>\
             <img srcset=\"/a.png 1x, javascript:c 2x\" src=/a.png>\
             <object data=\"javascript:d\"></object><p data=\"not-a-url\">\
             <svg><a xlink:href=\"javascript:e\"><text>x</text></a></svg>\
             <video poster=javascript:f></video><a ping=\"/p javascript:g\" href=/>x</a>",
        );
        let links: Vec<&str> = s.links.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(
            links,
            vec![
                "javascript:alert(1)",
                "javascript:a",
                "javascript:b",
                "/a.png",
                "javascript:c",
                "/a.png",
                "javascript:d",
                "javascript:e",
                "javascript:f",
                "/p",
                "javascript:g",
                "/",
            ]
        );
        assert_eq!(refresh_url("0"), None);
        assert_eq!(refresh_url("3;url=/next/"), Some("/next/"));
        assert_eq!(refresh_url("3, /next/"), Some("/next/"));
    }

    #[test]
    fn survives_broken_markup() {
        for html in [
            "<",
            "<a href=",
            "<a href=\"x",
            "<a href='x' ",
            "<<>>",
            "<!--",
            "<script>",
        ] {
            let _ = scan(html);
        }
    }
}
