//! YAML anchors and aliases (`&name`, `*name`) are refused in content files.
//!
//! An alias is a copy of its anchor's value, made in full by the parser each time it is
//! used. serde_yaml bounds how many times (100 per event of the file), not the bytes
//! they make: a 984 KB report.md whose front matter used one anchored 700 KB string
//! 70,000 times made `build` abort at 5.4 GB, and a 3.98 MB metrics.yaml did the same
//! (issue 26, case 7). A communications team writing figures and reports never needs
//! them, so rather than a bound on bytes, a file that has one is refused before it is
//! parsed, with the place of each.
//!
//! They are found with the scanner of libyaml (unsafe-libyaml), the very tokenizer
//! serde_yaml parses with: a hand-made search for `&` and `*` would have to know YAML's
//! quoting, block scalars and comments exactly as the parser does, or be fooled.

use std::mem::MaybeUninit;
use unsafe_libyaml as unsafe_sys;

/// One anchor or alias: 0-based line and column (in characters), and which it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub line: usize,
    pub column: usize,
    pub alias: bool,
}

/// The anchors and aliases in `text`, at most `most`, in order. Tokens after a syntax
/// error are not known: the parser reports that error itself (and expands nothing).
pub fn find(text: &str, most: usize) -> Vec<Found> {
    let mut found = Vec::new();
    // Cheap, and true of almost every file: no `&` or `*`, no anchor or alias.
    if !text.contains(['&', '*']) {
        return found;
    }
    // SAFETY: the parser is initialised before use and deleted once; its input is `text`,
    // which outlives it; each token is deleted after it is read, and only its type and
    // start mark (plain values) are read.
    unsafe {
        let mut parser = MaybeUninit::<unsafe_sys::yaml_parser_t>::uninit();
        if unsafe_sys::yaml_parser_initialize(parser.as_mut_ptr()).fail {
            return found;
        }
        let parser = parser.as_mut_ptr();
        unsafe_sys::yaml_parser_set_input_string(parser, text.as_ptr(), text.len() as _);
        while found.len() < most {
            let mut token = MaybeUninit::<unsafe_sys::yaml_token_t>::uninit();
            if unsafe_sys::yaml_parser_scan(parser, token.as_mut_ptr()).fail {
                break;
            }
            let token = token.as_mut_ptr();
            let kind = (*token).type_;
            let mark = (*token).start_mark;
            unsafe_sys::yaml_token_delete(token);
            match kind {
                unsafe_sys::YAML_ANCHOR_TOKEN | unsafe_sys::YAML_ALIAS_TOKEN => found.push(Found {
                    line: mark.line as usize,
                    column: mark.column as usize,
                    alias: kind == unsafe_sys::YAML_ALIAS_TOKEN,
                }),
                unsafe_sys::YAML_STREAM_END_TOKEN | unsafe_sys::YAML_NO_TOKEN => break,
                _ => {}
            }
        }
        unsafe_sys::yaml_parser_delete(parser);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn places(text: &str) -> Vec<(usize, usize, bool)> {
        find(text, 10)
            .into_iter()
            .map(|f| (f.line, f.column, f.alias))
            .collect()
    }

    #[test]
    fn anchors_and_aliases_are_found_where_they_are() {
        let text = "a: &big \"x\"\nb: [*big, *big]\nc:\n  - *big\n";
        assert_eq!(
            places(text),
            vec![(0, 3, false), (1, 4, true), (1, 10, true), (3, 4, true)]
        );
        assert_eq!(find(text, 2).len(), 2);
    }

    #[test]
    fn text_that_only_looks_like_one_is_not() {
        for text in [
            "a: R&D *nieuw*\n",
            "a: \"&x *y\"\n",
            "a: '*x'\n",
            "# &x *y\na: 1\n",
            "a: |\n  * een punt\n  &amp; meer\nb: 2\n",
            "a: 5 * 3\n",
            "- *\n",
        ] {
            assert_eq!(places(text), vec![], "{text}");
        }
    }

    /// The fuzzer's seeds with anchors and aliases are refused by both readers the
    /// parse_content target drives.
    #[test]
    fn the_fuzz_seeds_with_aliases_are_refused() {
        use crate::model::ReportMeta;
        use std::path::Path;
        let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds/parse_content");
        let root = Path::new("/site");
        let text = std::fs::read_to_string(seeds.join("aliases.md")).unwrap();
        let path = Path::new("/site/content/years/2020/report.md");
        let error = crate::load::parse_document::<ReportMeta>(root, path, &text).unwrap_err();
        assert!(
            error
                .to_string()
                .contains(":2:8: this file uses a YAML anchor"),
            "{error}"
        );
        let text = std::fs::read_to_string(seeds.join("aliases-figures.yaml")).unwrap();
        let path = Path::new("/site/content/years/2020/figures.yaml");
        let error = crate::load::parse_figures(root, path, &text).unwrap_err();
        assert!(
            error
                .to_string()
                .contains(":1:12: this file uses a YAML anchor"),
            "{error}"
        );
    }

    /// The case of the issue, small: one anchored value used many times. Found without
    /// being expanded (the scanner never makes the copies).
    #[test]
    fn a_billion_laughs_is_found_in_a_moment() {
        let mut text = format!("a: &a \"{}\"\nb: [", "x".repeat(700_000));
        text.push_str(&"*a,".repeat(70_000));
        text.push_str("]\n");
        let started = std::time::Instant::now();
        let found = find(&text, 20);
        assert_eq!(found.len(), 20);
        assert!(
            found[0]
                == Found {
                    line: 0,
                    column: 3,
                    alias: false
                }
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }
}
