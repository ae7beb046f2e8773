//! Just enough of an HTML scanner to find links, sources and ids in the pages this tool
//! writes. It is not a general HTML parser: it reads start tags and their attributes,
//! skips comments and the contents of `<script>` and `<style>`, and decodes the few
//! character references that occur in URLs. It is fast, which matters because every build
//! runs it over every page.

/// What one page links to and which ids it has.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Scanned {
    /// `href` and `src` values, decoded, with the attribute's byte offset.
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
                if attr.eq_ignore_ascii_case("href") || attr.eq_ignore_ascii_case("src") {
                    out.links.push((decode(value), start));
                } else if attr.eq_ignore_ascii_case("id") {
                    out.ids.push(decode(value));
                }
                j = end;
            }
        }
        i = j.max(i + 1);
        if name.eq_ignore_ascii_case("script") || name.eq_ignore_ascii_case("style") {
            i += closing_tag(&html[i..], name).unwrap_or(html.len() - i);
        }
    }
    out
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

/// Decodes the character references that appear in attribute values we write.
fn decode(value: &str) -> String {
    if !value.contains('&') {
        return value.to_string();
    }
    value
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
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
