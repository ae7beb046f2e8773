//! The mark `jaarverslag new` leaves in every blank it writes (src/scaffold.rs), and how
//! to find it in a text. Text that holds it does not publish: the validate stage checks
//! loaded documents (src/validate/placeholders.rs), and the load stage checks a document
//! whose front matter could not be read, so that the untouched scaffold (whose date is a
//! placeholder, not a date) shows all its blanks in one run.

/// What the scaffold writes in every blank, in capitals: Dutch prose that needs the words
/// "in te vullen" ("een formulier in te vullen") writes them in lower case.
pub const MARKER: &str = "IN TE VULLEN";

/// Text of scaffolds written before the marker existed (up to issue 16), still recognised.
pub const OLD_BODY: &str = "Schrijf hier het verhaal van";

/// The first placeholder in `text` from `from` on: its offset (at the opening « when
/// there is one) and the line it stands on, trimmed.
pub fn find(text: &str, from: usize) -> Option<(usize, &str)> {
    let rest = text.get(from..)?;
    let found = [MARKER, OLD_BODY]
        .iter()
        .filter_map(|needle| rest.find(needle))
        .min()?
        + from;
    let at = text[..found].strip_suffix('«').map_or(found, str::len);
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    Some((at, text[start..end].trim()))
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
}
