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

/// The text that [`html`] escaped, back.
pub fn unescape_html(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
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
}
