//! Text made safe for HTML and XML (pages, SVG, Atom, the sitemap): the one escape every
//! part of the crate uses that writes markup by hand. Tera escapes what templates print.

/// Text for an element's content or an attribute value, in HTML or XML: `&`, `<`, `>`, `"`
/// and `'` become references. `'` is `&#39;`, which HTML 4 knows too (`&apos;` it does not).
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Text as HTML has it, with its character references read (what [`html`] and Tera
/// escaped, back): `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`, `&nbsp;` and numeric ones
/// (Tera writes `&#x27;` and `&#x2F;`). Another named reference stays as written. The
/// one unescaping of the crate: the link scanner, the diff and the table of contents.
pub fn unescape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        // A reference is short: the `;` is looked for in its first bytes only (a text of
        // `&` without one is read once, not once per `&`).
        let Some(end) = rest.bytes().take(11).position(|b| b == b';') else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..end];
        let c = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            _ => name
                .strip_prefix("#x")
                .or_else(|| name.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_special_character_is_escaped_and_comes_back() {
        let text = r#"<a href="x">Tom & Jerry's</a> &amp;"#;
        let escaped = html(text);
        assert_eq!(
            escaped,
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt; &amp;amp;"
        );
        assert_eq!(unescape_html(&escaped), text);
    }

    #[test]
    fn references_are_read_and_a_lone_ampersand_stays() {
        assert_eq!(
            unescape_html("a &amp; b &#47; &#x2F; &unknown; & c &amp;lt;"),
            "a & b / / &unknown; & c &lt;"
        );
    }
}
