//! How deeply lists and quotes may nest, and a check that runs before pulldown-cmark.
//!
//! Every `>` or list marker at the start of a line opens one more level, so one line of
//! `>>>>…` is a quote millions of levels deep. Measured on main with a 3.9 MB line of `>`:
//! 5 s, 1.5 GB of memory and a 113 MB page (18 s with the link check of the site); a
//! line of `- - - … x`: 3 s, 1.2 GB. Such a file is refused here, before pulldown-cmark
//! builds its tree. Nesting by indentation (`- a` / `  - b` / `    - c` …) costs two
//! columns a level, so a 4 MB file holds at most about 2,000 levels of it (measured:
//! 0.1 s); the renderer counts those levels exactly while it goes through the events
//! (see [`super::events`]).

use super::MarkdownError;

/// More levels of lists and quotes inside each other than any report needs.
pub const DEEPEST: usize = 100;

pub fn error(offset: usize) -> MarkdownError {
    MarkdownError {
        offset,
        message: format!("lists and quotes are nested more than {DEEPEST} levels deep here"),
        hint: Some(
            "each `>` or list marker (`-`, `*`, `+`, `1.`) at the start of a line opens one \
             more level; a report needs only a few: remove the extra ones"
                .into(),
        ),
    }
}

/// The first line whose leading `>` and list markers open more than [`DEEPEST`] levels,
/// as an error at the marker that passes the limit. Counts a marker only where
/// pulldown-cmark would open a level with it (at most four columns after the previous
/// marker, a space after a list marker, not in a thematic break `- - -`), whatever the
/// line's indentation: inside a list item an indented line still opens levels.
pub fn check(text: &str) -> Result<(), MarkdownError> {
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        if let Some(at) = passes_limit(line) {
            return Err(error(line_start + at));
        }
        line_start += line.len();
    }
    Ok(())
}

/// The byte offset in `line` of the marker that opens level `DEEPEST + 1`, if any.
fn passes_limit(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let (mut i, mut column) = (0, 0);
    // Skips spaces and tabs (to the next multiple of four columns); returns the columns.
    let gap = |i: &mut usize, column: &mut usize| {
        let before = *column;
        while let Some(&b) = bytes.get(*i).filter(|&&b| b == b' ' || b == b'\t') {
            *column = if b == b'\t' {
                (*column / 4 + 1) * 4
            } else {
                *column + 1
            };
            *i += 1;
        }
        *column - before
    };
    gap(&mut i, &mut column);
    let mut depth = 0;
    loop {
        let marker = i;
        let width = match bytes.get(i) {
            Some(b'>' | b'-' | b'*' | b'+') => 1,
            Some(b'0'..=b'9') => {
                let digits = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
                match bytes.get(i + digits) {
                    Some(b'.' | b')') if digits <= 9 => digits + 1,
                    _ => return None,
                }
            }
            _ => return None,
        };
        let quote = bytes[i] == b'>';
        if !quote && is_thematic_break(&line[i..]) {
            return None;
        }
        i += width;
        column += width;
        let after = gap(&mut i, &mut column);
        // `>` may be followed by a space and three of indentation; a list marker needs
        // one to four. More is indented code, whose `>` and `-` open nothing.
        if after > 4 || (!quote && after == 0) {
            return None;
        }
        depth += 1;
        if depth > DEEPEST {
            return Some(marker);
        }
    }
}

/// `- - -`, `***`, `_ _ _`: three or more of one of `-*_`, nothing else but spaces.
fn is_thematic_break(line: &str) -> bool {
    let mut kind = None;
    let mut count = 0;
    for c in line.trim_end().chars() {
        match c {
            ' ' | '\t' => {}
            '-' | '*' | '_' if kind.is_none() || kind == Some(c) => {
                kind = Some(c);
                count += 1;
            }
            _ => return false,
        }
    }
    count >= 3
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Option<usize> {
        check(text).err().map(|e| e.offset)
    }

    #[test]
    fn deep_quotes_and_lists_on_one_line_are_refused_at_the_marker_past_the_limit() {
        assert_eq!(at(&">".repeat(DEEPEST)), None);
        assert_eq!(at(&">".repeat(DEEPEST + 1)), Some(DEEPEST));
        assert_eq!(
            at(&format!("a\n{}", "> ".repeat(500))),
            Some(2 + 2 * DEEPEST)
        );
        assert_eq!(at(&format!("{}x", "- ".repeat(DEEPEST))), None);
        assert_eq!(
            at(&format!("{}x", "- ".repeat(DEEPEST + 1))),
            Some(2 * DEEPEST)
        );
        assert_eq!(at(&format!("{}x", "1. ".repeat(200))), Some(3 * DEEPEST));
        assert_eq!(at(&format!("{}x", "> - ".repeat(60))), Some(2 * DEEPEST));
        assert_eq!(at(&format!("{}x", ">  * ".repeat(60))), Some(5 * 50));
    }

    #[test]
    fn indentation_and_tabs_do_not_hide_levels() {
        // Inside a list item an indented line still opens quotes.
        assert_eq!(
            at(&format!("- a\n    {}", ">".repeat(300))),
            Some(8 + DEEPEST)
        );
        assert_eq!(
            at(&format!(">\t{}", ">".repeat(300))),
            Some(2 + DEEPEST - 1)
        );
        assert_eq!(at(&format!("{}x", "-\t".repeat(300))), Some(2 * DEEPEST));
    }

    #[test]
    fn what_opens_no_level_is_not_counted() {
        // Thematic breaks, code after a wide gap, markers without a space, long numbers,
        // markers inside the text.
        assert_eq!(at(&"- ".repeat(300)), None);
        assert_eq!(at(&"* ".repeat(300)), None);
        assert_eq!(at(&format!("> {}", "- ".repeat(300))), None);
        assert_eq!(at(&format!(">     {}", ">".repeat(300))), None);
        assert_eq!(at(&format!("-     {}", "- ".repeat(300))), None);
        assert_eq!(at(&format!("{}x", "-".repeat(300))), None);
        assert_eq!(at(&format!("{}x", "1234567890. ".repeat(300))), None);
        assert_eq!(at(&"Tekst > meer > nog ".repeat(300)), None);
    }
}
