//! Numbers as a language writes them: its CLDR group and decimal symbols, worked out from
//! the language's own formatter ([`crate::format::Format`], ICU4X), so `2.205` is two
//! thousand in Dutch and German and two point two in English, and `2 205` is read in any
//! language (a space groups digits in ISO and SI style everywhere).
//!
//! A number that only the other style reads (`3.9` in Dutch, `231.800` in English where a
//! count was meant) carries that other reading, so the check can say "write 231,800".

use crate::format::Format;

/// How one language writes a number: `1.234.567,5` (nl), `1 234 567,5` (fr), `1,234,567.5`
/// (en).
#[derive(Debug, Clone, PartialEq)]
pub struct NumberStyle {
    pub group: char,
    pub decimal: char,
}

impl NumberStyle {
    /// The style of the language `format` writes.
    pub fn of(format: &Format) -> NumberStyle {
        let written = format.number(1_234_567.5);
        let symbols: Vec<char> = written.chars().filter(|c| !c.is_ascii_digit()).collect();
        NumberStyle {
            group: symbols.first().copied().unwrap_or(','),
            decimal: symbols.last().copied().unwrap_or('.'),
        }
    }

    /// Dutch, French and German style: a comma before the decimals.
    pub fn decimal_comma() -> NumberStyle {
        NumberStyle {
            group: '.',
            decimal: ',',
        }
    }

    /// English style: a point before the decimals.
    pub fn decimal_point() -> NumberStyle {
        NumberStyle {
            group: ',',
            decimal: '.',
        }
    }

    /// The style that swaps this one's point and comma: what a writer used to the other
    /// convention types.
    fn other(&self) -> NumberStyle {
        if self.decimal == '.' {
            NumberStyle::decimal_comma()
        } else {
            NumberStyle::decimal_point()
        }
    }
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}')
}

/// A number typed in the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Number {
    pub value: f64,
    pub percent: bool,
    /// `Some(true)` for an explicit `+`, `Some(false)` for a minus.
    pub sign: Option<bool>,
    /// Byte offset of its first character (its sign, if any) in the text.
    pub offset: usize,
    /// As typed, with its sign and percent sign or word.
    pub text: String,
    /// The digits as typed, without sign or percent: `2.205`.
    pub digits: String,
    /// The value as the other convention reads it, when this language's convention does
    /// not read it at all (`3.9` in Dutch) or reads it differently (`231.800` in English).
    pub other_reading: Option<f64>,
    /// Written in a way this language's convention does not (`3.9` in Dutch).
    pub foreign: bool,
}

impl Number {
    /// A plain four-digit whole number from 1900 to 2100, as typed without separators.
    pub fn is_year(&self) -> bool {
        self.sign.is_none()
            && !self.percent
            && self.digits.len() == 4
            && self.digits.chars().all(|c| c.is_ascii_digit())
            && (1900.0..=2100.0).contains(&self.value)
    }

    /// The end of the number as typed (byte offset in the text).
    pub fn end(&self) -> usize {
        self.offset + self.text.len()
    }
}

/// How a run of digits and separators reads in a style: its value, if the style reads it.
fn read_in(raw: &str, style: &NumberStyle) -> Option<f64> {
    // Split into groups of digits and the separators between them.
    let mut groups: Vec<String> = vec![String::new()];
    let mut separators: Vec<char> = Vec::new();
    for c in raw.chars() {
        if c.is_ascii_digit() {
            groups.last_mut()?.push(c);
        } else {
            separators.push(c);
            groups.push(String::new());
        }
    }
    let mut number = String::new();
    let last = separators.len();
    for (i, group) in groups.iter().enumerate() {
        if group.is_empty() {
            return None;
        }
        if i == 0 {
            number.push_str(group);
            continue;
        }
        let sep = separators[i - 1];
        let grouping = sep == style.group || is_space(sep);
        if grouping && group.len() == 3 && groups[0].len() <= 3 && !number.contains('.') {
            number.push_str(group);
        } else if sep == style.decimal && i == last {
            number.push('.');
            number.push_str(group);
        } else {
            return None;
        }
    }
    number.parse().ok()
}

/// Every number typed in `text`, read in `style`. Skipped, as not numbers of their own:
/// digits glued to letters (`COVID-19`, `sextoooh2`, `2de`), to `/` (`24/7`, `10/05/2022`)
/// or after a hyphen that follows a digit (the second half of `2019-2021` or `14-17`).
pub fn numbers(text: &str, style: &NumberStyle, percent_words: &[String]) -> Vec<Number> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let at = |k: usize| chars.get(k).map(|c| c.1);
    let mut k = 0;
    while k < chars.len() {
        let (offset, c) = chars[k];
        let prev = k.checked_sub(1).and_then(at);
        let before_prev = k.checked_sub(2).and_then(at);
        if !c.is_ascii_digit()
            || prev.is_some_and(|p| p.is_alphanumeric() || p == '_' || p == '/')
            || matches!(prev, Some('-' | '−' | '–'))
                && before_prev.is_some_and(|b| b.is_alphanumeric())
        {
            k += 1;
            continue;
        }
        let mut sign = None;
        let mut start = offset;
        if let Some(p) = prev {
            let free = before_prev.is_none_or(|b| b.is_whitespace() || "([«“\"'".contains(b));
            if free && p == '+' {
                sign = Some(true);
                start = chars[k - 1].0;
            } else if free && (p == '-' || p == '−') {
                sign = Some(false);
                start = chars[k - 1].0;
            }
        }
        // The run: digits, and separators each followed by a digit. What a space may
        // group is known from the run so far (kept as it grows: a long run costs once).
        let mut j = k;
        let mut group = 0usize;
        let mut pointed = false;
        while j < chars.len() {
            let ch = chars[j].1;
            if ch.is_ascii_digit() {
                group += 1;
                j += 1;
            } else if matches!(ch, '.' | ',' | '\'' | '’')
                && at(j + 1).is_some_and(|n| n.is_ascii_digit())
            {
                pointed = true;
                group = 0;
                j += 1;
            } else if is_space(ch)
                && !pointed
                && group <= 3
                && (1..=3).all(|d| at(j + d).is_some_and(|n| n.is_ascii_digit()))
                && !at(j + 4).is_some_and(|n| n.is_ascii_digit() || n.is_alphabetic())
            {
                group = 0;
                j += 1;
            } else {
                break;
            }
        }
        let end = chars.get(j).map_or(text.len(), |n| n.0);
        if at(j).is_some_and(|n| n.is_alphabetic() || n == '_' || n == '/') {
            k = j + 1;
            continue;
        }
        let raw = &text[offset..end];
        let own = read_in(raw, style);
        // The other reading matters where this language's reading may be a slip: no
        // reading at all, or decimals that look like a group of thousands (`231.800`).
        let ambiguous = raw.matches(style.decimal).count() == 1
            && raw.chars().filter(|c| !c.is_ascii_digit()).count() == 1
            && raw
                .rsplit(style.decimal)
                .next()
                .is_some_and(|d| d.len() == 3);
        let other = read_in(raw, &style.other()).filter(|o| Some(*o) != own);
        let other = if own.is_none() || ambiguous {
            other
        } else {
            None
        };
        let Some(value) = own.or(other) else {
            k = j.max(k + 1);
            continue;
        };
        let after = &text[end..];
        let trimmed = after.trim_start_matches(is_space);
        let (percent, text_end) = if trimmed.starts_with('%') {
            (true, end + (after.len() - trimmed.len()) + 1)
        } else if let Some(word) = percent_word(trimmed, percent_words) {
            (true, end + (after.len() - trimmed.len()) + word.len())
        } else {
            (false, end)
        };
        out.push(Number {
            value,
            percent,
            sign,
            offset: start,
            text: text[start..text_end].to_string(),
            digits: raw.to_string(),
            other_reading: if own.is_some() { other } else { None },
            foreign: own.is_none(),
        });
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

/// The digits of a number with every space taken out, for matching a declared number
/// whatever spaces the author typed (`116 000`, `116000`, `116 000`).
pub fn without_spaces(text: &str) -> String {
    text.chars().filter(|c| !is_space(*c)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, style: &NumberStyle) -> Vec<(f64, bool, Option<f64>, bool)> {
        numbers(text, style, &["procent".to_string(), "percent".to_string()])
            .into_iter()
            .map(|n| (n.value, n.percent, n.other_reading, n.foreign))
            .collect()
    }

    #[test]
    fn each_language_reads_its_own_way() {
        let nl = NumberStyle::decimal_comma();
        let en = NumberStyle::decimal_point();
        assert_eq!(
            read("2.205 en 12,5 en 2 205", &nl),
            [
                (2205.0, false, None, false),
                (12.5, false, None, false),
                (2205.0, false, None, false)
            ]
        );
        assert_eq!(
            read("231,800 visits and 62.5%", &en),
            [(231800.0, false, None, false), (62.5, true, None, false)]
        );
        // The other convention: a Dutch-style 231.800 in English could be either.
        assert_eq!(
            read("231.800 items", &en),
            [(231.8, false, Some(231800.0), false)]
        );
        // Only the other convention reads it.
        assert_eq!(read("3.9 procent", &nl), [(3.9, true, None, true)]);
        assert_eq!(
            read("1,620 dossiers", &nl),
            [(1.62, false, Some(1620.0), false)]
        );
    }

    #[test]
    fn parts_of_words_ranges_and_dates_are_not_numbers() {
        let nl = NumberStyle::decimal_comma();
        assert!(read("COVID-19 en sextoooh2 en 24/7 en de 2de keer", &nl).is_empty());
        assert_eq!(read("14-17 jaar", &nl), [(14.0, false, None, false)]);
        let signed = numbers("een daling (-16%) en +4 %", &nl, &[]);
        assert_eq!(signed[0].sign, Some(false));
        assert_eq!(signed[1].sign, Some(true));
        assert!(signed[1].percent);
    }

    #[test]
    fn the_style_comes_from_cldr() {
        for (code, group, decimal) in [
            ("nl", '.', ','),
            ("en", ',', '.'),
            ("de", '.', ','),
            ("fr", '\u{202f}', ','),
        ] {
            let lang = crate::format::Lang::from_code(code).unwrap();
            let format = Format::new(lang, "{number}%", "").unwrap();
            assert_eq!(
                NumberStyle::of(&format),
                NumberStyle { group, decimal },
                "{code}"
            );
        }
    }
}
