//! The text as the prose check reads it: shortcodes, code and link targets masked,
//! sentences, and the shortcodes' arguments.

/// A `figure` or `change` shortcode: its name and the arguments the check needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub name: String,
    pub id: Option<String>,
    pub year: Option<i32>,
    pub since: Option<i32>,
    /// `source="…"`: another source's figure.
    pub source: Option<String>,
    /// Byte offset of `{{` in the text.
    pub offset: usize,
}

/// Every shortcode call in the text.
pub fn calls(text: &str) -> Vec<Call> {
    text.match_indices("{{")
        .map(|(i, _)| {
            let inner = &text[i + 2..text[i..].find("}}").map_or(text.len(), |e| i + e)];
            let name: String = inner
                .trim_start()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            let number = |key: &str| {
                let at = arg_start(inner, key)?;
                let digits: String = inner[at..]
                    .trim_start_matches([' ', '"'])
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                digits.parse().ok()
            };
            let text = |key: &str| {
                arg_start(inner, key).and_then(|at| {
                    let v = inner[at..].trim_start().strip_prefix('"')?;
                    v.find('"').map(|e| v[..e].to_string())
                })
            };
            let id = text("id");
            let source = text("source");
            Call {
                name,
                id,
                year: number("year"),
                since: number("since"),
                source,
                offset: i,
            }
        })
        .collect()
}

/// Where the value of `key=` starts in a call's arguments.
fn arg_start(inner: &str, key: &str) -> Option<usize> {
    inner.match_indices(key).find_map(|(i, _)| {
        let before = inner[..i].chars().next_back();
        let rest = inner[i + key.len()..].trim_start();
        (before.is_some_and(|c| c == '(' || c == ',' || c.is_whitespace()) && rest.starts_with('='))
            .then(|| inner.len() - rest.len() + 1)
    })
}

pub const SHORTCODE: u8 = 0x01;

/// The text with shortcodes, code, link targets and URLs blanked out (same length, so
/// offsets still point into the original).
pub fn mask(text: &str) -> String {
    let mut out: Vec<u8> = text.as_bytes().to_vec();
    // A shortcode becomes a run of SHORTCODE bytes: a unit after it belongs to it, not
    // to a number before it ("116 000 {{ figure(...) }} dossiers").
    let blank = |out: &mut Vec<u8>, from: usize, to: usize, fill: u8| {
        for b in &mut out[from..to.min(text.len())] {
            if *b == b'\n' {
                continue;
            }
            // Every byte becomes ASCII, which keeps the string valid UTF-8.
            *b = fill;
        }
    };
    for (open, close, fill) in [
        ("{{", "}}", SHORTCODE),
        // A footnote's mark: `[^1]`.
        ("[^", "]", b' '),
        ("`", "`", b' '),
        ("](", ")", b' '),
        ("http", " ", b' '),
    ] {
        let mut i = 0;
        while let Some(s) = text[i..].find(open) {
            let from = i + s;
            let to = text[from + open.len()..]
                .find(close)
                .map_or(text.len(), |e| from + open.len() + e + close.len());
            blank(&mut out, from, to, fill);
            i = to.max(from + 1);
            if i >= text.len() {
                break;
            }
        }
    }
    // A character reference (`&#169;`, `&#xE000;`) is a character, not a number.
    let mut i = 0;
    while let Some(s) = text[i..].find("&#") {
        let from = i + s;
        let rest = &text[from + 2..];
        let len = rest
            .bytes()
            .take(9)
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if len > 0 && rest.as_bytes().get(len) == Some(&b';') {
            blank(&mut out, from, from + 2 + len + 1, b' ');
        }
        i = from + 2;
    }
    // The numbers of ordered list items (`1. `, `2) `, nested: `1. 1. `) at the start of
    // a line are not figures, nor is a link reference definition (`[e]: <address>`).
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let mut at = line.len() - line.trim_start().len();
        if line[at..].starts_with('[') && line[at..].contains("]:") {
            blank(&mut out, line_start + at, line_start + line.len(), b' ');
            line_start += line.len();
            continue;
        }
        loop {
            let rest = &line[at..];
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            let marker = if (1..=3).contains(&digits)
                && rest[digits..].starts_with(['.', ')'])
                && rest[digits + 1..].starts_with([' ', '\t'])
            {
                digits + 1
            } else if rest.starts_with(['-', '*', '+', '>']) && rest[1..].starts_with([' ', '\t']) {
                1
            } else {
                break;
            };
            blank(&mut out, line_start + at, line_start + at + marker, b' ');
            at += marker;
            at += line[at..].len() - line[at..].trim_start().len();
        }
        line_start += line.len();
    }
    // An HTML tag (`<img src=x alt="…">`) and an autolink (`<https://…>`) are markup, not
    // text a reader sees.
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(s) = text[i..].find('<') {
        let from = i + s;
        let starts_tag = bytes
            .get(from + 1)
            .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'/' || *b == b'!');
        let end = text[from..].find(['>', '\n']).map(|e| from + e);
        if let (true, Some(end)) = (starts_tag, end) {
            if bytes[end] == b'>' {
                blank(&mut out, from, end + 1, b' ');
            }
        }
        i = from + 1;
    }
    String::from_utf8(out).unwrap_or_default()
}

/// Byte ranges of sentences.
pub fn sentences(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let end_here = match bytes[i] {
            b'.' | b'!' | b'?' => {
                let next = text[i + 1..].trim_start_matches([' ', '\t']);
                next.is_empty()
                    || next.starts_with('\n')
                    || next.chars().next().is_some_and(|c| c.is_uppercase())
            }
            b'\n' => text[i + 1..]
                .trim_start_matches([' ', '\t'])
                .starts_with(['\n', '#', '-', '*']),
            _ => false,
        };
        if end_here {
            out.push((start, i + 1));
            start = i + 1;
        }
        i += 1;
    }
    if start < text.len() {
        out.push((start, text.len()));
    }
    out.retain(|(s, e)| !text[*s..*e].trim().is_empty());
    out
}

/// The text in lowercase, byte for byte as long as the text: a character whose lowercase
/// is longer or shorter (`İ`) stays as it is, so offsets into the text are offsets into
/// the lowercase text too.
pub fn lowercase(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        let mut lower = c.to_lowercase();
        match (lower.next(), lower.next()) {
            (Some(l), None) if l.len_utf8() == c.len_utf8() => out.push(l),
            _ => out.push(c),
        }
    }
    out
}

/// `at` moved back to a character boundary of `text`.
pub fn floor(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// `at` moved on to a character boundary of `text`.
pub fn ceil(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}
