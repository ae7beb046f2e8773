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

/// Each theme language's mark (`new_marker` in templates/i18n/): inside « » it is a blank
/// of the scaffold in any case ("«in te vullen: …»" published when only the capitals
/// were looked for). A test keeps the list equal to the language files.
pub const MARKS: [&str; 4] = ["IN TE VULLEN", "À COMPLÉTER", "TO FILL IN", "AUSZUFÜLLEN"];

/// Words a writer leaves for later, found as whole words in capitals only: "XXL" or
/// "XXXL" is no placeholder, and neither is the Dutch "todo" nobody writes in prose.
const LATER_WORDS: [&str; 3] = ["TODO", "FIXME", "XXX"];

/// A placeholder anywhere in a text: where it starts, what it is as written, and its
/// kind in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placeholder {
    pub at: usize,
    pub text: String,
    pub what: &'static str,
}

/// The first placeholder in `text`, of any kind: the scaffold's blanks (any language,
/// any case inside « »), TODO, FIXME, XXX, "Lorem ipsum", and a bracketed word in
/// capitals ([AANTAL], [NUMBER]) that is not a Markdown link.
///
/// The brackets' rule: `[`, two or more capitals with only capitals, digits, spaces,
/// `_` or `-` beside them, `]`, not followed by `(`, `[` or `:` (then it is a link,
/// `[MENA](…)`, or a reference) and with no `[WORD]:` definition in the text (a
/// shortcut reference link). An abbreviation in prose stands in parentheses, "(MENA)";
/// square brackets around capitals alone are a blank to fill in.
pub fn find_any(text: &str) -> Option<Placeholder> {
    let mut found: Vec<Placeholder> = Vec::new();
    if let Some((at, _)) = find(text, 0) {
        let end = text[at..].find(['»', '\n']).map_or(text.len(), |i| {
            at + i + text[at + i..].chars().next().map_or(0, char::len_utf8)
        });
        found.push(Placeholder {
            at,
            text: text[at..end].to_string(),
            what: "a blank left by `jaarverslag new`",
        });
    }
    found.extend(guillemet_mark(text));
    found.extend(later_word(text));
    let lower = text.to_lowercase();
    // Lower-casing keeps byte offsets only for ASCII before the match; look it up again.
    if lower.contains("lorem ipsum") {
        if let Some(at) = text.char_indices().map(|(i, _)| i).find(|&i| {
            text[i..]
                .get(..11)
                .is_some_and(|w| w.eq_ignore_ascii_case("lorem ipsum"))
        }) {
            found.push(Placeholder {
                at,
                text: text[at..at + 11].to_string(),
                what: "filler text (Lorem ipsum)",
            });
        }
    }
    found.extend(bracketed_capitals(text));
    found.into_iter().min_by_key(|p| p.at)
}

/// `«` and a theme language's mark in any case (`«in te vullen: …»`).
fn guillemet_mark(text: &str) -> Option<Placeholder> {
    text.match_indices('«').find_map(|(at, _)| {
        let after = text[at + '«'.len_utf8()..].trim_start();
        let lowered: String = after.chars().take(20).collect::<String>().to_lowercase();
        MARKS
            .iter()
            .any(|m| lowered.starts_with(&m.to_lowercase()))
            .then(|| {
                let end = text[at..].find(['»', '\n']).map_or(text.len(), |i| {
                    at + i + text[at + i..].chars().next().map_or(0, char::len_utf8)
                });
                Placeholder {
                    at,
                    text: text[at..end].to_string(),
                    what: "a blank left by `jaarverslag new`",
                }
            })
    })
}

/// TODO, FIXME or XXX as a word of its own.
fn later_word(text: &str) -> Option<Placeholder> {
    let is_word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    LATER_WORDS
        .iter()
        .flat_map(|w| text.match_indices(w))
        .filter(|(at, w)| {
            !is_word(text[..*at].chars().next_back())
                && !is_word(text[at + w.len()..].chars().next())
        })
        .min_by_key(|(at, _)| *at)
        .map(|(at, w)| Placeholder {
            at,
            text: w.to_string(),
            what: "a note to fill in later",
        })
}

/// A bracketed word in capitals (see [`find_any`] for the rule). One pass over the text:
/// it looked for the `]` after every `[` and for a `[WORD]:` definition of every candidate
/// in the whole text, which took 21 s (release) on a megabyte of `[`.
fn bracketed_capitals(text: &str) -> Option<Placeholder> {
    let definitions: std::collections::HashSet<&str> = bracket_pairs(text)
        .filter(|&(_, close)| text[close + 1..].starts_with(':'))
        .map(|(at, close)| &text[at + 1..close])
        .collect();
    bracket_pairs(text).find_map(|(at, close)| {
        let inner = &text[at + 1..close];
        let capitals = inner.chars().filter(|c| c.is_uppercase()).count();
        let plain = inner
            .chars()
            .all(|c| c.is_uppercase() || c.is_ascii_digit() || matches!(c, ' ' | '_' | '-'));
        let after = text[close + 1..].chars().next();
        let link = matches!(after, Some('(' | '[' | ':'))
            || definitions.contains(inner)
            || text[..at].ends_with(['[', '!']);
        (capitals >= 2 && plain && !link).then(|| Placeholder {
            at,
            text: text[at..=close].to_string(),
            what: "a bracketed word in capitals, a blank to fill in",
        })
    })
}

/// Every `[…]` with no bracket inside, in order: where it opens and where it closes.
/// (A `[` with another `[` before its `]` holds no plain word.)
fn bracket_pairs(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut open = None;
    text.bytes().enumerate().filter_map(move |(i, b)| match b {
        b'[' => {
            open = Some(i);
            None
        }
        b']' => open.take().map(|at| (at, i)),
        _ => None,
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

    #[test]
    fn the_marks_are_the_language_files() {
        for (file, mark) in [
            (include_str!("../templates/i18n/nl.yaml"), MARKS[0]),
            (include_str!("../templates/i18n/fr.yaml"), MARKS[1]),
            (include_str!("../templates/i18n/en.yaml"), MARKS[2]),
            (include_str!("../templates/i18n/de.yaml"), MARKS[3]),
        ] {
            assert!(file.contains(&format!("\nnew_marker: {mark}\n")), "{mark}");
        }
    }

    #[test]
    fn every_kind_of_placeholder_is_found_where_it_stands() {
        for (text, expected) in [
            ("In 2021: TODO.", "TODO"),
            ("Cijfer: FIXME", "FIXME"),
            ("Er waren XXX dossiers.", "XXX"),
            ("Er waren [AANTAL] dossiers.", "[AANTAL]"),
            ("There were [NUMBER] cases.", "[NUMBER]"),
            ("Il y a eu [NOMBRE DE CAS] cas.", "[NOMBRE DE CAS]"),
            ("lorem Ipsum dolor sit amet", "lorem Ipsum"),
            (
                "Tekst «in te vullen: het verhaal» hier",
                "«in te vullen: het verhaal»",
            ),
            (
                "Texte « à compléter : le récit »",
                "« à compléter : le récit »",
            ),
            ("Text «to fill in»", "«to fill in»"),
            ("x «IN TE VULLEN: y»", "«IN TE VULLEN: y»"),
        ] {
            let found = find_any(text).unwrap_or_else(|| panic!("nothing in {text}"));
            assert_eq!(found.text, expected, "{text}");
            assert_eq!(&text[found.at..found.at + expected.len()], expected);
        }
    }

    #[test]
    fn prose_that_looks_like_a_placeholder_is_not_one() {
        for prose in [
            "Een formulier in te vullen.",
            "Maat XXXL en XXL, TODOS, FIXMEs",
            "De [MENA](https://example.org/mena) regio",
            "De [MENA][1] regio",
            "Zie [MENA].\n\n[MENA]: https://example.org/",
            "[sic] en [...] en […] en [2021]",
            "[A] is geen woord van twee hoofdletters",
            "[Child Focus](https://childfocus.be)",
            "![GRAFIEK](beeld.png)",
            "todo en xxx in kleine letters",
        ] {
            assert_eq!(find_any(prose), None, "{prose}");
        }
    }

    #[test]
    fn brackets_are_read_in_one_pass() {
        // A megabyte of `[` took 21 s (release): every `[` looked for its `]` to the end.
        let many = "[".repeat(1_000_000);
        assert_eq!(find_any(&many), None);
        // A `]` at the very end closes the last `[` alone, as before.
        assert_eq!(find_any(&format!("{many}AB]")), None, "after a `[`: a link");
        let found = find_any(&format!("{many} [AB]")).expect("the word after them");
        assert_eq!(found.text, "[AB]");
        // Many candidates and one definition each: looked up, not searched for.
        let defined: String = (0..20_000)
            .map(|i| format!("[AB{i}] [AB{i}]: /x\n"))
            .collect();
        assert_eq!(find_any(&defined), None);
        assert_eq!(
            find_any("[[AB] en [CD]").map(|p| p.text),
            Some("[CD]".to_string()),
            "a `[` before another opens nothing"
        );
    }
}
