//! Numbers a site or a document declares not to be figures (`not_figures:` in site.yaml or
//! in the front matter: a helpline, an age range, a target, another organisation's count),
//! each with why. A declaration is a phrase of the text (`"14 tot 17 jaar"`, `"116 000"`):
//! every number inside a place where it stands is left alone. It is found whatever case
//! and spaces the author typed (`116 000`, `116000` and `116 000` are one declaration).

use std::collections::BTreeMap;

/// The text made comparable: lowercase, no space between two digits, every other run of
/// spaces one space; with, for each byte of the result, where it came from.
fn normalise(text: &str) -> (String, Vec<usize>) {
    let mut out = String::new();
    let mut from = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        if c.is_whitespace() {
            let mut j = i;
            while j < chars.len() && chars[j].1.is_whitespace() {
                j += 1;
            }
            let between_digits = out.chars().next_back().is_some_and(|p| p.is_ascii_digit())
                && chars.get(j).is_some_and(|n| n.1.is_ascii_digit());
            if !between_digits && !out.is_empty() && j < chars.len() {
                out.push(' ');
                from.push(at);
            }
            i = j;
            continue;
        }
        for lower in c.to_lowercase() {
            let before = out.len();
            out.push(lower);
            from.extend(std::iter::repeat_n(at, out.len() - before));
        }
        i += 1;
    }
    (out, from)
}

/// The declarations in force for one text: its document's and the site's.
pub struct Declared<'a> {
    lists: Vec<&'a BTreeMap<String, String>>,
}

impl<'a> Declared<'a> {
    pub fn new(lists: Vec<&'a BTreeMap<String, String>>) -> Declared<'a> {
        Declared { lists }
    }

    /// The byte ranges of `text` where a declaration stands, each with its key.
    pub fn places(&self, text: &str) -> Vec<(usize, usize, &'a str)> {
        // Only a text that holds a declaration's first digits can hold the declaration:
        // the others are not made comparable at all (normalising every text of the real
        // site was a quarter of the whole check).
        let candidates = self.lists.iter().flat_map(|l| l.keys()).any(|key| {
            let digits: String = key
                .chars()
                .skip_while(|c| !c.is_ascii_digit())
                .take_while(char::is_ascii_digit)
                .collect();
            // (Not as a whole number: "116 000" is declared for "116000" too.)
            digits.is_empty() || text.contains(&digits)
        });
        if !candidates {
            return Vec::new();
        }
        let (normal, from) = normalise(text);
        let mut out = Vec::new();
        for key in self.lists.iter().flat_map(|l| l.keys()) {
            let (needle, _) = normalise(key);
            if needle.is_empty() {
                continue;
            }
            for (at, m) in normal.match_indices(&needle) {
                // Whole words and whole numbers only: "6" is not declared by "116".
                let glued = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
                if glued(normal[..at].chars().next_back())
                    || glued(normal[at + m.len()..].chars().next())
                {
                    continue;
                }
                let start = from[at];
                let end = from.get(at + m.len()).copied().unwrap_or(text.len());
                out.push((start, end, key.as_str()));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_declaration_is_found_whatever_the_spaces() {
        let list: BTreeMap<String, String> =
            [("116 000".to_string(), "helpline".to_string())].into();
        let declared = Declared::new(vec![&list]);
        for text in [
            "Bel 116000.",
            "Bel 116 000.",
            "Bel 116\u{202f}000.",
            "Bel 116  000.",
        ] {
            let places = declared.places(text);
            assert_eq!(places.len(), 1, "{text}");
            let (s, e, _) = places[0];
            assert!(text[s..e].starts_with("116"), "{text}");
            assert!(text[s..e].ends_with("000"), "{text}");
        }
        assert!(declared.places("Bel 1116000.").is_empty());
    }

    #[test]
    fn a_phrase_covers_its_numbers_in_any_case() {
        let list: BTreeMap<String, String> =
            [("14 tot 17 jaar".to_string(), "ages".to_string())].into();
        let places = Declared::new(vec![&list]).places("Ze waren 14 Tot 17 jaar oud.");
        assert_eq!(places.len(), 1);
        assert_eq!(places[0].0, 9);
    }
}
