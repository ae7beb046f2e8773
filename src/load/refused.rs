//! Characters no text of the content may hold: control characters and codes that are not
//! characters. They are invisible in an editor, they make the Atom feed and the sitemap
//! ill-formed XML (a feed reader then drops the whole feed), and they are never meant:
//! they come from a paste or a typo in an escape. So they are refused with their place,
//! not removed: a silent removal would hide where the text went wrong.
//!
//! They can reach a text three ways, each checked here: typed into the file (any file),
//! written as an escape in a double-quoted YAML string (`"\0"`, `"\x07"`, `"\e"`), or
//! as a numeric character reference in Markdown (`&#7;`).

use super::yaml_places;
use crate::diagnostics::{line_column, Diagnostic};
use std::path::Path;

/// Whether a character is refused: the C0 controls but tab, line feed and carriage
/// return (XML 1.0 allows only those three); DEL and the C1 controls (allowed by XML but
/// invisible, and the mark of text pasted from an old Windows encoding, e.g. U+0092 for
/// an apostrophe); and the noncharacters (U+FDD0 to U+FDEF and the last two codes of
/// every plane; U+FFFE and U+FFFF are not allowed in XML).
pub fn is_refused(c: char) -> bool {
    let code = u32::from(c);
    (code < 0x20 && !matches!(c, '\t' | '\n' | '\r'))
        || (0x7f..=0x9f).contains(&code)
        || (0xfdd0..=0xfdef).contains(&code)
        || code & 0xfffe == 0xfffe
}

/// What the character is, in words: "an invisible control character (U+0007)".
fn describe(c: char) -> String {
    let code = u32::from(c);
    if code <= 0x9f {
        format!("an invisible control character (U+{code:04X})")
    } else {
        format!("a code that is not a character (U+{code:04X})")
    }
}

const HINT_TYPED: &str = "delete it: it cannot be seen, and it would break the feed and the \
     pages. It often comes with a paste: retype the text around this place, or paste it \
     as plain text";

/// At most this many refused characters are listed per file: a file full of them is one
/// mistake (a wrong encoding), and the list has made the point.
const MOST_PER_FILE: usize = 20;

/// Said after a list that stopped at [`MOST_PER_FILE`] (or, for escapes in a very large
/// file, earlier: see [`yaml_places::find_all`]).
fn maybe_more(rel: &Path) -> Diagnostic {
    Diagnostic::new(rel, "there may be more such characters in this file")
        .hint("fix the ones listed and build again to see the rest")
}

/// Every refused character typed into `text` (at most [`MOST_PER_FILE`]), at its line
/// and column; `line_offset` is added to the lines.
pub fn typed(rel: &Path, text: &str, line_offset: usize) -> Vec<Diagnostic> {
    // The usual text has none: one pass over the bytes, no decoding. A refused character
    // is a byte below 0x20 (but tab, LF, CR), DEL, or starts with 0xC2 (C1), 0xEF
    // (U+FDD0.., U+FFFE) or 0xF0 and above (the other planes).
    let suspect = |b: u8| {
        (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7f || b == 0xc2 || b >= 0xef
    };
    if !text.bytes().any(suspect) {
        return Vec::new();
    }
    let mut found: Vec<Diagnostic> = text
        .char_indices()
        .filter(|(_, c)| is_refused(*c))
        .take(MOST_PER_FILE + 1)
        .map(|(offset, c)| {
            let (line, column) = line_column(text, offset);
            Diagnostic::new(rel, format!("{} is in the text", describe(c)))
                .at(line + line_offset, column)
                .hint(HINT_TYPED)
        })
        .collect();
    if found.len() > MOST_PER_FILE {
        found[MOST_PER_FILE] = maybe_more(rel);
    }
    found
}

/// Every escape in a double-quoted YAML string of `yaml` that gives a refused character,
/// at the escape itself; `line_offset` is added to the lines (front matter starts on the
/// file's second line). Strings are checked as the YAML parser reads them (see
/// [`walk`]), so an escape in a comment or a block of text, which is not one, is not
/// reported.
pub fn escaped(rel: &Path, yaml: &str, line_offset: usize) -> Vec<Diagnostic> {
    // Only a double-quoted string has escapes, and each starts with a backslash.
    if !yaml.contains('\\') {
        return Vec::new();
    }
    let (scalars, more) = yaml_places::find_all(yaml, MOST_PER_FILE, |node| {
        node.text.is_some_and(|t| t.chars().any(is_refused))
    });
    let mut found = Vec::new();
    for start in scalars {
        let escapes = refused_escapes(yaml, start);
        if escapes.is_empty() {
            // Not written as an escape we can point at (no quote where the string
            // starts): name the string's place.
            let (line, column) = line_column(yaml, start);
            found.push(
                Diagnostic::new(rel, "this text holds an invisible control character")
                    .at(line + line_offset, column)
                    .hint("remove the escape (a backslash code) that gives it"),
            );
        }
        for (offset, escape, c) in escapes {
            let (line, column) = line_column(yaml, offset);
            found.push(
                Diagnostic::new(rel, format!("`{escape}` in this quoted text is {}", describe(c)))
                    .at(line + line_offset, column)
                    .hint(format!(
                        "remove `{escape}`: such a character cannot be seen, and it would break the feed and the pages"
                    )),
            );
        }
    }
    if more {
        found.push(maybe_more(rel));
    }
    found
}

/// The escapes giving a refused character in the double-quoted string that starts at
/// byte `start` of `yaml` (after its tag or anchor, if any): their offset, their text and
/// the character.
fn refused_escapes(yaml: &str, start: usize) -> Vec<(usize, &str, char)> {
    let mut rest = &yaml[start..];
    // `!tag &anchor "text"`: the string starts at its quote.
    while rest.starts_with(['!', '&']) {
        let end = rest.find([' ', '\t', '\n']).unwrap_or(rest.len());
        rest = rest[end..].trim_start_matches([' ', '\t', '\n']);
    }
    if !rest.starts_with('"') {
        return Vec::new();
    }
    let base = yaml.len() - rest.len();
    let bytes = rest.as_bytes();
    let mut found = Vec::new();
    let mut i = 1;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => break,
            b'\\' => {
                let (len, c) = decode_escape(&rest[i..]);
                if let Some(c) = c.filter(|c| is_refused(*c)) {
                    found.push((base + i, &rest[i..i + len], c));
                }
                i += len;
            }
            _ => i += 1,
        }
    }
    found
}

/// The length of the escape at the start of `s` (which starts with a backslash) and the
/// character it gives (`None` for a line continuation or an escape YAML does not know).
fn decode_escape(s: &str) -> (usize, Option<char>) {
    let Some(kind) = s[1..].chars().next() else {
        return (1, None);
    };
    let hex = |digits: usize| -> (usize, Option<char>) {
        let code = s
            .get(2..2 + digits)
            .and_then(|h| u32::from_str_radix(h, 16).ok());
        match code {
            Some(code) => (2 + digits, char::from_u32(code)),
            None => (2, None),
        }
    };
    let simple = |c: char| (1 + kind.len_utf8(), Some(c));
    match kind {
        'x' => hex(2),
        'u' => hex(4),
        'U' => hex(8),
        '0' => simple('\0'),
        'a' => simple('\x07'),
        'b' => simple('\x08'),
        'e' => simple('\x1b'),
        'f' => simple('\x0c'),
        'v' => simple('\x0b'),
        'N' => simple('\u{85}'),
        _ => (1 + kind.len_utf8(), None),
    }
}

/// Every numeric character reference in a Markdown body that gives a refused character
/// (`&#7;`, `&#x1B;`), as the Markdown parser reads them: in text, link addresses and
/// titles, not in code, where they are shown as typed. `body` starts at byte
/// `body_start` of the file's `text`.
pub fn in_markdown(rel: &Path, text: &str, body_start: usize) -> Vec<Diagnostic> {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    let body = &text[body_start..];
    if !body.contains("&#") {
        return Vec::new();
    }
    // The options of markdown.rs, so text is text in the same places.
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION;
    let mut places = std::collections::BTreeSet::new();
    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        let refused = |s: &str| s.chars().any(is_refused);
        let hit = match &event {
            Event::Text(t) => refused(t),
            Event::Start(Tag::Link {
                dest_url, title, ..
            })
            | Event::Start(Tag::Image {
                dest_url, title, ..
            }) => refused(dest_url) || refused(title),
            _ => false,
        };
        if hit {
            places
                .extend(references(&body[range.clone()]).map(|(o, r, c)| (range.start + o, r, c)));
        }
    }
    let mut found: Vec<Diagnostic> = places
        .iter()
        .take(MOST_PER_FILE)
        .map(|(offset, reference, c)| {
            let (line, column) = line_column(text, body_start + offset);
            Diagnostic::new(rel, format!("`{reference}` is {}", describe(*c)))
                .at(line, column)
                .hint(format!(
                    "remove `{reference}`: such a character cannot be seen, and it would break the pages"
                ))
        })
        .collect();
    if places.len() > MOST_PER_FILE {
        found.push(maybe_more(rel));
    }
    found
}

/// The numeric character references in `s` that give a refused character: offset, text
/// and character.
fn references(s: &str) -> impl Iterator<Item = (usize, &str, char)> {
    s.match_indices("&#").filter_map(move |(start, _)| {
        let rest = &s[start + 2..];
        let (digits, radix, skip) = match rest.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16, 3),
            None => (rest, 10, 2),
        };
        let len = digits
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(digits.len());
        if !digits[len..].starts_with(';') {
            return None;
        }
        let c = char::from_u32(u32::from_str_radix(&digits[..len], radix).ok()?)?;
        is_refused(c).then(|| (start, &s[start..start + skip + len + 1], c))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refused_and_allowed_characters() {
        for c in [
            '\0',
            '\x07',
            '\x1b',
            '\x0b',
            '\x7f',
            '\u{85}',
            '\u{92}',
            '\u{fdd0}',
            '\u{fffe}',
            '\u{ffff}',
            '\u{10ffff}',
            '\u{1fffe}',
        ] {
            assert!(is_refused(c), "{:X}", u32::from(c));
        }
        for c in [
            '\t', '\n', '\r', ' ', 'é', '\u{a0}', '\u{200f}', '\u{202b}', '\u{2028}', '\u{fffd}',
            '😀', '\u{fdf0}',
        ] {
            assert!(!is_refused(c), "{:X}", u32::from(c));
        }
    }

    #[test]
    fn typed_characters_are_placed() {
        let d = typed(Path::new("f"), "a\nb\x07c\u{fffe}\n\td\r\n", 0);
        let places: Vec<_> = d.iter().map(|d| (d.line, d.column)).collect();
        assert_eq!(places, [(Some(2), Some(2)), (Some(2), Some(4))]);
        assert!(d[0].message.contains("U+0007"), "{}", d[0]);
        assert!(
            d[1].message.contains("not a character (U+FFFE)"),
            "{}",
            d[1]
        );
        assert!(typed(Path::new("f"), "gewoon ‘tekst’ é 😀\u{2028}\n", 0).is_empty());
    }

    #[test]
    fn a_long_list_stops_and_says_so() {
        let d = typed(Path::new("f"), &"a\x07\n".repeat(25), 0);
        assert_eq!(d.len(), MOST_PER_FILE + 1);
        assert_eq!(d[MOST_PER_FILE - 1].line, Some(20));
        assert_eq!(
            d[MOST_PER_FILE].message,
            "there may be more such characters in this file"
        );
        let yaml = "- \"\\a\"\n".repeat(25);
        let d = escaped(Path::new("f"), &yaml, 0);
        assert_eq!(d.len(), MOST_PER_FILE + 1);
        assert_eq!(
            d[MOST_PER_FILE].message,
            "there may be more such characters in this file"
        );
        let d = escaped(Path::new("f"), &"- \"\\a\"\n".repeat(20), 0);
        assert_eq!(
            d.len(),
            MOST_PER_FILE,
            "exactly the most: nothing more to say"
        );
    }

    #[test]
    fn escapes_are_placed_at_the_escape() {
        let yaml = "title: \"Test\\0rap\\x07port\\e\"\nok: \"\\t\\u00e9\\\"\"\n# \"\\0\"\nblock: |\n  \\0\nlast: !t \"\\u0085\"\n";
        let d = escaped(Path::new("f"), yaml, 0);
        let found: Vec<_> = d
            .iter()
            .map(|d| (d.line.unwrap(), d.column.unwrap(), d.message.clone()))
            .collect();
        assert_eq!(found.len(), 4, "{found:?}");
        assert_eq!((found[0].0, found[0].1), (1, 13));
        assert!(
            found[0].2.starts_with("`\\0` in this quoted text"),
            "{}",
            found[0].2
        );
        assert_eq!((found[1].0, found[1].1), (1, 18));
        assert!(found[1].2.contains("`\\x07`") && found[1].2.contains("U+0007"));
        assert_eq!((found[2].0, found[2].1), (1, 26));
        assert!(found[2].2.contains("U+001B"));
        assert_eq!((found[3].0, found[3].1), (6, 11));
        // Front matter: the lines are the file's.
        assert_eq!(
            escaped(Path::new("f"), "title: \"\\a\"\n", 1)[0].line,
            Some(2)
        );
    }

    #[test]
    fn references_in_markdown() {
        let text = "---\nt: x\n---\nTekst &#7; en &amp; [link](https://x/&#x1b;) `&#7;` &#65;\n";
        let body_start = text.find("Tekst").unwrap();
        let d = in_markdown(Path::new("f"), text, body_start);
        let found: Vec<_> = d
            .iter()
            .map(|d| (d.line.unwrap(), d.column.unwrap()))
            .collect();
        assert_eq!(found, [(4, 7), (4, 38)], "{d:?}");
        assert!(d[0].message.starts_with("`&#7;` is an invisible"));
        assert!(d[1].message.starts_with("`&#x1b;` is"));
    }
}
