//! Which links may stand in a page: the one rule for every URL an author writes, in
//! Markdown (links, images, autolinks, reference definitions) and in site.yaml.
//!
//! An allow-list, not a block-list: `http:`, `https:`, `mailto:` and `tel:`, and links
//! without a scheme (inside the site: `/cijfers/`, `../`, `#bronnen`, `//host/x`). Every
//! other scheme is refused, a new one nobody thought of included: `javascript:`,
//! `vbscript:` and `data:` run code in the reader's browser, `file:` opens files on the
//! reader's computer. The scheme is read the way browsers read it (the WHATWG URL
//! standard), so spelling cannot sneak one past: control characters and spaces around
//! the URL are ignored, tabs and line breaks inside it are removed, and case does not
//! matter (`java<TAB>script:` and ` JAVASCRIPT:` are both `javascript:`).

use crate::diagnostics::{line_column, Diagnostic};
use crate::model::SiteConfig;
use std::path::Path;

/// The schemes a link may have; a link without a scheme is always allowed.
pub const ALLOWED_SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

/// A link the rule refuses, with its scheme (lowercased, as the browser reads it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub scheme: String,
}

impl Refused {
    /// What is wrong with `url`, in words for the author.
    pub fn message(&self, url: &str) -> String {
        format!(
            "the link `{}` starts with `{}:`, which is not allowed in a page",
            shown(url),
            self.scheme
        )
    }

    pub fn hint(&self) -> String {
        "a link may start with https://, http://, mailto: or tel:, or point inside the site \
         (/cijfers/, #bronnen); other kinds of link can run code in the reader's browser or \
         open files on their computer"
            .to_string()
    }
}

/// `Ok` when `url` may stand in a page.
pub fn check(url: &str) -> Result<(), Refused> {
    match scheme(url) {
        Some(scheme) if !ALLOWED_SCHEMES.contains(&scheme.as_str()) => Err(Refused { scheme }),
        _ => Ok(()),
    }
}

/// The scheme of `url` as a browser reads it, lowercased; `None` for a link without one
/// (a path, a fragment, `//host/`). WHATWG URL: leading and trailing C0 controls and
/// spaces are stripped, every tab and line break removed; a scheme is an ASCII letter
/// followed by letters, digits, `+`, `-` or `.`, up to the first `:`.
pub fn scheme(url: &str) -> Option<String> {
    let url = url.trim_matches(|c: char| c <= ' ');
    let mut chars = url.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r'));
    let first = chars.next().filter(char::is_ascii_alphabetic)?;
    let mut scheme = String::from(first.to_ascii_lowercase());
    for c in chars {
        match c {
            ':' => return Some(scheme),
            c if c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.') => {
                scheme.push(c.to_ascii_lowercase())
            }
            _ => return None,
        }
    }
    None
}

/// The URL for a message: control characters made visible, and at most 80 characters (a
/// `data:` URL can be megabytes long).
fn shown(url: &str) -> String {
    let mut out: String = url
        .chars()
        .take(80)
        .flat_map(|c| {
            if c.is_control() {
                c.escape_default().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect();
    if url.chars().nth(80).is_some() {
        out.push('…');
    }
    out
}

/// Checks every URL in site.yaml (`text`, at `file`): `base_url` and `organisation.url`.
/// Each refused one is a diagnostic at its value in the file.
pub fn check_site_config(config: &SiteConfig, text: &str, file: &Path) -> Vec<Diagnostic> {
    let urls = [
        ("base_url", "base_url", Some(config.base_url.as_str())),
        (
            "organisation.url",
            "url",
            config.organisation.url.as_deref(),
        ),
    ];
    let mut problems = Vec::new();
    for (name, key, url) in urls {
        let Some(url) = url else { continue };
        let refused = match check(url) {
            Err(refused) => Some((refused.message(url), refused.hint().to_string())),
            Ok(()) if name == "base_url" => check_base_url(url).err(),
            Ok(()) => None,
        };
        if let Some((message, hint)) = refused {
            let mut d = Diagnostic::new(file, format!("`{name}`: {message}")).hint(hint);
            if let Some(offset) = value_offset(text, key, url) {
                let (line, column) = line_column(text, offset);
                d = d.at(line, column);
            }
            problems.push(d);
        }
    }
    problems
}

/// What a base URL may not hold beyond the link rule: it is written into every page's
/// links and the canonical address. A newline or a backtick passed the link rule and failed
/// later as five link errors; `https://user:pass@host/` was written into every canonical
/// link (issue 26). `Err` holds the message and the hint.
pub fn check_base_url(url: &str) -> Result<(), (String, String)> {
    let shown = crate::diagnostics::shown_text(url);
    if let Some(c) = url
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || "`<>\"{}|\\^".contains(*c))
    {
        return Err((
            format!(
                "the base URL {shown} holds {}, which an address cannot hold",
                match c {
                    ' ' => "a space".to_string(),
                    c if c.is_whitespace() || c.is_control() => {
                        format!("the invisible character {}", c.escape_default())
                    }
                    c => format!("`{c}`"),
                }
            ),
            "write the site's address as a browser shows it, e.g. https://example.org/annual-report/"
                .to_string(),
        ));
    }
    let authority = url.split_once("://").map_or("", |(_, rest)| {
        rest.split(['/', '?', '#']).next().unwrap_or("")
    });
    if authority.contains('@') {
        return Err((
            format!("the base URL {shown} holds a user name or password (before `@`)"),
            "leave them out: the base URL is written into every page, for everyone to read; \
             e.g. https://example.org/annual-report/"
                .to_string(),
        ));
    }
    Ok(())
}

/// Where the value of `key` starts in YAML `text`: the first `key:` whose value is
/// written as `value` (quoted or not), else the first `key:` at all. The YAML parser gives no
/// places for values, and site.yaml has each of these keys once.
fn value_offset(text: &str, key: &str, value: &str) -> Option<usize> {
    let mut first = None;
    for (at, _) in text.match_indices(key) {
        let before = text[..at].chars().next_back();
        if !matches!(before, None | Some(' ' | '\t' | '\n' | '{' | ',')) {
            continue; // part of a longer key: `url` in `base_url`
        }
        let Some(after) = text[at + key.len()..].strip_prefix(':') else {
            continue;
        };
        let start = text.len() - after.trim_start_matches([' ', '\t']).len();
        let written = text[start..].trim_start_matches(['"', '\'']);
        if written.starts_with(value) {
            return Some(start);
        }
        first.get_or_insert(start);
    }
    first
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_base_url_with_a_newline_a_backtick_or_a_password_is_refused() {
        for (url, expected) in [
            ("https://example.org/a\nb/", "the invisible character \\n"),
            ("https://example.org/`x`/", "holds ```"),
            ("https://example.org/a b/", "holds a space"),
            ("https://user:pass@example.org/", "a user name or password"),
            ("https://user@example.org/", "a user name or password"),
        ] {
            let (message, hint) = check_base_url(url).unwrap_err();
            assert!(message.contains(expected), "{url}: {message}");
            assert!(!message.contains('\n'), "{message}");
            assert!(hint.contains("https://example.org/annual-report/"));
        }
        for url in [
            "https://example.org/jaarverslag/",
            "http://localhost:1111/",
            "https://example.org/a@b/",
            "/",
        ] {
            assert!(check_base_url(url).is_ok(), "{url}");
        }
    }

    #[test]
    fn allowed_links() {
        for url in [
            "https://childfocus.be/",
            "HTTP://example.org",
            "mailto:info@childfocus.be",
            "tel:116000",
            "/cijfers/",
            "../themas/",
            "#bronnen",
            "//cdn.example/x",
            "weglopers/",
            "?jaar=2021",
            "a/b:c",
            "",
            "info@childfocus.be",
        ] {
            assert_eq!(check(url), Ok(()), "{url}");
        }
    }

    #[test]
    fn refused_links_as_a_browser_reads_them() {
        for (url, scheme) in [
            ("javascript:alert(1)", "javascript"),
            (" JAVASCRIPT:alert(1)", "javascript"),
            ("java\tscript:alert(1)", "javascript"),
            ("java\nscript:alert(1)", "javascript"),
            ("\u{1}\u{1f} javascript:x", "javascript"),
            ("jAvAsCrIpT:x", "javascript"),
            ("vbscript:msgbox", "vbscript"),
            ("data:text/html,<script>alert(1)</script>", "data"),
            ("file:///etc/passwd", "file"),
            ("C:\\Users\\x", "c"),
            ("ftp://example.org/", "ftp"),
        ] {
            assert_eq!(
                check(url),
                Err(Refused {
                    scheme: scheme.into()
                }),
                "{url:?}"
            );
        }
        // No scheme to a browser either: not a letter first, or not a scheme character.
        assert_eq!(scheme("\u{200b}javascript:x"), None);
        assert_eq!(scheme("javascript%3Ax"), None);
        assert_eq!(scheme("java script:x"), None);
    }

    #[test]
    fn messages_show_the_link_readably_and_briefly() {
        let refused = check("java\tscript:x").unwrap_err();
        assert_eq!(
            refused.message("java\tscript:x"),
            "the link `java\\tscript:x` starts with `javascript:`, which is not allowed in a page"
        );
        let long = format!("data:text/plain,{}", "a".repeat(10_000));
        let message = check(&long).unwrap_err().message(&long);
        assert!(message.len() < 200 && message.contains('…'), "{message}");
    }

    #[test]
    fn values_are_found_in_the_yaml() {
        let text = "title: T\nbase_url: https://e.org/\norganisation:\n  name: X\n  url: \"javascript:x\"\n";
        assert_eq!(
            line_column(text, value_offset(text, "url", "javascript:x").unwrap()),
            (5, 8)
        );
        assert_eq!(
            line_column(
                text,
                value_offset(text, "base_url", "https://e.org/").unwrap()
            ),
            (2, 11)
        );
        // Written with an escape: the value's start all the same.
        let text = "organisation: {name: X, url: \"java\\tscript:x\"}\n";
        assert_eq!(value_offset(text, "url", "java\tscript:x"), Some(29));
        assert_eq!(value_offset("title: T\n", "url", "x"), None);
    }
}
