//! The mark `jaarverslag new` leaves in every blank it writes (src/scaffold.rs), and how
//! to find it in a text. Text that holds it does not publish: the validate stage checks
//! loaded documents (src/validate/placeholders.rs), and the load stage checks a document
//! whose front matter could not be read, so that the untouched scaffold (whose date is a
//! placeholder, not a date) shows all its blanks in one run.

/// The Dutch scaffold's mark, in capitals: Dutch prose that needs the words "in te vullen"
/// ("een formulier in te vullen") writes them in lower case. Each language's mark is its
/// file's `new_marker`; every blank is written `«MARK: …»`, which [`find`] knows in any
/// language (see [`marked_blank`]).
pub const MARKER: &str = "IN TE VULLEN";

/// Text of scaffolds written before the marker existed (up to issue 16), still recognised.
pub const OLD_BODY: &str = "Schrijf hier het verhaal van";

/// The first placeholder in `text` from `from` on: its offset (at the opening « when
/// there is one) and the line it stands on, trimmed.
pub fn find(text: &str, from: usize) -> Option<(usize, &str)> {
    let rest = text.get(from..)?;
    let named = [MARKER, OLD_BODY]
        .iter()
        .filter_map(|needle| rest.find(needle))
        .min()
        .map(|found| {
            let found = found + from;
            text[..found].strip_suffix('«').map_or(found, str::len)
        });
    let at = match (named, marked_blank(rest).map(|i| i + from)) {
        (Some(a), Some(b)) => a.min(b),
        (a, b) => a.or(b)?,
    };
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    Some((at, text[start..end].trim()))
}

/// Where the first blank of a scaffold is, in any language: `«`, then a mark of three or
/// more capitals and spaces (`IN TE VULLEN`, `TO FILL IN`, `À COMPLÉTER`), then `:`.
/// Prose does not write a quotation so (a French quote is `« Non »`, with a space).
pub fn marked_blank(text: &str) -> Option<usize> {
    text.match_indices('«').map(|(i, _)| i).find(|&i| {
        let after = &text[i + '«'.len_utf8()..];
        let mark: String = after
            .chars()
            .take_while(|c| c.is_uppercase() || *c == ' ')
            .collect();
        mark.chars().filter(|c| c.is_uppercase()).count() >= 3
            && !mark.starts_with(' ')
            && after[mark.len()..].starts_with(':')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_placeholder_at_its_opening_quote() {
        let text = "a\ntitle: \"«IN TE VULLEN: x»\"\nb «IN TE VULLEN: y»\n";
        let (at, line) = find(text, 0).expect("a first");
        assert_eq!(
            (&text[at..at + 2], line),
            ("«", "title: \"«IN TE VULLEN: x»\"")
        );
        // From the next line on, the second.
        let next_line = text[at..]
            .find('\n')
            .map(|i| at + i + 1)
            .unwrap_or(text.len());
        let (at2, line) = find(text, next_line).expect("a second");
        assert_eq!(line, "b «IN TE VULLEN: y»");
        assert!(at2 > at);
        assert_eq!(find(text, text.len() - 1), None);
        // A start inside a character finds nothing rather than panicking.
        assert_eq!(find(text, at + 1), None);
        assert_eq!(find("in te vullen", 0), None);
    }

    #[test]
    fn a_blank_is_found_in_any_language() {
        for text in [
            "x «TO FILL IN: the title»",
            "x «À COMPLÉTER: le titre»",
            "x «AUSZUFÜLLEN: der Titel»",
        ] {
            assert_eq!(find(text, 0).map(|(at, _)| at), Some(2), "{text}");
        }
        for prose in [
            "« Non », dit-il",
            "«OK» et «AB: c»",
            "« EN: x»",
            "«UNICEF»: x",
        ] {
            assert_eq!(find(prose, 0), None, "{prose}");
        }
    }
}
