//! The text as the prose check reads it: shortcodes, code and link targets masked,
//! sentences, numbers as Dutch and French write them, and the shortcodes' arguments.

/// A number typed in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Number {
    pub value: f64,
    pub percent: bool,
    /// `Some(true)` for an explicit `+`, `Some(false)` for a minus.
    pub sign: Option<bool>,
    pub offset: usize,
    pub text: String,
}

/// A `figure` or `change` shortcode: its name and the arguments the check needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub name: String,
    pub id: Option<String>,
    pub year: Option<i32>,
    pub since: Option<i32>,
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
            let id = arg_start(inner, "id").and_then(|at| {
                let v = inner[at..].trim_start().strip_prefix('"')?;
                v.find('"').map(|e| v[..e].to_string())
            });
            Call {
                name,
                id,
                year: number("year"),
                since: number("since"),
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

/// Four-digit years in the text.
pub fn sentence_years(text: &str, percent_words: &[String]) -> Vec<i32> {
    numbers(text, percent_words)
        .into_iter()
        .filter(|n| !n.percent && is_year(n))
        .map(|n| n.value as i32)
        .collect()
}

pub fn is_year(n: &Number) -> bool {
    n.text.trim_start_matches(['+', '-', '−']).len() == 4
        && !n.text.contains(['.', ','])
        && (1900.0..2100.0).contains(&n.value)
}

/// Numbers as Dutch and French text write them: `2.205`, `55.601`, `2 205`, `12,5`,
/// `+47%`, `−25 %`, `47 procent`, `47 pour cent`.
pub fn numbers(text: &str, percent_words: &[String]) -> Vec<Number> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut k = 0;
    while k < chars.len() {
        let (offset, c) = chars[k];
        let prev = k.checked_sub(1).map(|p| chars[p].1);
        if !c.is_ascii_digit() || prev.is_some_and(|p| p.is_alphanumeric() || p == '_') {
            k += 1;
            continue;
        }
        let mut sign = None;
        let mut start = offset;
        if let Some(p) = prev {
            if p == '+' {
                sign = Some(true);
                start = chars[k - 1].0;
            } else if p == '-' || p == '−' {
                sign = Some(false);
                start = chars[k - 1].0;
            }
        }
        let mut j = k;
        let mut digits = String::new();
        while j < chars.len() {
            let ch = chars[j].1;
            if ch.is_ascii_digit() {
                digits.push(ch);
            } else if ch == '.'
                && chars.get(j + 1).is_some_and(|n| n.1.is_ascii_digit())
                && chars.get(j + 3).is_some_and(|n| n.1.is_ascii_digit())
                && !chars.get(j + 4).is_some_and(|n| n.1.is_ascii_digit())
            {
                // A thousands separator: exactly three digits follow.
            } else if matches!(ch, ' ' | '\u{a0}' | '\u{202f}')
                && (1..=3).all(|d| chars.get(j + d).is_some_and(|n| n.1.is_ascii_digit()))
                && !chars
                    .get(j + 4)
                    .is_some_and(|n| n.1.is_ascii_digit() || n.1.is_alphabetic())
                && digits.len() <= 3
            {
                // Thousands grouped with a space: `116 000`.
            } else if ch == ',' && chars.get(j + 1).is_some_and(|n| n.1.is_ascii_digit()) {
                digits.push('.');
            } else {
                break;
            }
            j += 1;
        }
        let end = chars.get(j).map_or(text.len(), |n| n.0);
        // Part of a word (`116000`-style ids, `sextoooh2`) or a date: not a figure.
        if chars
            .get(j)
            .is_some_and(|n| n.1.is_alphabetic() || n.1 == '_')
        {
            k = j + 1;
            continue;
        }
        let after = &text[end..];
        let trimmed = after.trim_start_matches([' ', '\u{a0}', '\u{202f}']);
        let (percent, text_end) = if trimmed.starts_with('%') {
            (true, end + (after.len() - trimmed.len()) + 1)
        } else if let Some(word) = percent_word(trimmed, percent_words) {
            (true, end + (after.len() - trimmed.len()) + word.len())
        } else {
            (false, end)
        };
        if let Ok(value) = digits.parse::<f64>() {
            out.push(Number {
                value,
                percent,
                sign,
                offset: start,
                text: text[start..text_end].to_string(),
            });
        }
        k = j.max(k + 1);
    }
    out
}

/// The percent word (`procent`) the text starts with, as a whole word (not `procentpunt`).
fn percent_word<'w>(text: &str, words: &'w [String]) -> Option<&'w str> {
    let lower = text.chars().take(40).collect::<String>().to_lowercase();
    words.iter().map(String::as_str).find(|w| {
        lower.starts_with(w)
            && !lower[w.len()..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric)
    })
}
