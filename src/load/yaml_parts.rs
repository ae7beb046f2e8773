//! The part of a YAML text that holds a line: the list item around it, or else its
//! top-level key with everything under it. [`super::yaml::parse`] blanks that part after
//! an error and parses the rest again, so one run names every error of a file (serde
//! stops at the first).
//!
//! Block-style YAML only, which is what content files are; in flow style (`[a, b]`,
//! `{a: 1}`) an item is part of a line, and the whole line's item or key is the part.

use std::ops::Range;

/// What holds the line: a list item, or a top-level key (named, for the parser's
/// "missing field" that follows when a required key is blanked).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    Item(Range<usize>),
    TopLevelKey(String, Range<usize>),
}

impl Part {
    pub fn lines(&self) -> Range<usize> {
        match self {
            Part::Item(r) | Part::TopLevelKey(_, r) => r.clone(),
        }
    }
}

/// The innermost list item that holds line `line` (0-based) of `lines`, or else the
/// top-level key it is under. `None` when the line is outside both (a blank text, a
/// document that is a bare value).
pub fn part_holding(lines: &[&str], line: usize) -> Option<Part> {
    if line >= lines.len() {
        return None;
    }
    // From the line upwards, the enclosing lines are those less indented than every line
    // seen so far; the first of them that starts an item is the innermost item.
    let mut least = usize::MAX;
    for j in (0..=line).rev() {
        let Some(indent) = content_indent(lines[j]) else {
            continue;
        };
        if indent >= least {
            continue;
        }
        least = indent;
        if is_item(lines[j]) {
            return Some(Part::Item(j..end_of(lines, j, indent)));
        }
        if indent == 0 {
            let key = lines[j].split(':').next().unwrap_or("").trim();
            let key = key.trim_matches(['"', '\'']).to_string();
            return Some(Part::TopLevelKey(key, j..end_of(lines, j, 0)));
        }
    }
    None
}

/// The line after the last one that belongs to the part starting at `start` with
/// indent `indent`: the next content line indented as much or less ends it.
fn end_of(lines: &[&str], start: usize, indent: usize) -> usize {
    (start + 1..lines.len())
        .find(|&k| content_indent(lines[k]).is_some_and(|i| i <= indent))
        .unwrap_or(lines.len())
}

/// The indent of a line that holds content; `None` for blank lines, comments and the
/// document markers.
fn content_indent(line: &str) -> Option<usize> {
    let trimmed = line.trim_start_matches(' ');
    if trimmed.trim().is_empty() || trimmed.starts_with('#') || line == "---" || line == "..." {
        return None;
    }
    Some(line.len() - trimmed.len())
}

fn is_item(line: &str) -> bool {
    let t = line.trim_start_matches(' ');
    t == "-" || t.starts_with("- ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const METRICS: &str = "\
# the catalogue
- id: a
  label: A
  themes:
    - x
    - y

- id: b
  label: 5
";

    fn lines(text: &str) -> Vec<&str> {
        text.split('\n').collect()
    }

    #[test]
    fn a_line_in_an_item_is_held_by_the_item() {
        let l = lines(METRICS);
        assert_eq!(part_holding(&l, 8), Some(Part::Item(7..10)));
        assert_eq!(part_holding(&l, 7), Some(Part::Item(7..10)));
        // The blank line and comment between items belong to the item before.
        assert_eq!(part_holding(&l, 2), Some(Part::Item(1..7)));
    }

    #[test]
    fn the_innermost_item_holds_a_line() {
        let l = lines(METRICS);
        assert_eq!(part_holding(&l, 4), Some(Part::Item(4..5)));
        assert_eq!(part_holding(&l, 5), Some(Part::Item(5..7)));
    }

    #[test]
    fn a_line_under_a_top_level_key_is_held_by_the_key() {
        let text = "title: t\nwords:\n  metrics: 5\n  themes: x\nthemes:\n- id: a\n  label: b\n";
        let l = lines(text);
        assert_eq!(
            part_holding(&l, 2),
            Some(Part::TopLevelKey("words".into(), 1..4))
        );
        assert_eq!(
            part_holding(&l, 0),
            Some(Part::TopLevelKey("title".into(), 0..1))
        );
        // Items may stand at the indent of their key.
        assert_eq!(part_holding(&l, 6), Some(Part::Item(5..8)));
    }

    #[test]
    fn no_part_outside_the_text_or_in_a_bare_comment() {
        assert_eq!(part_holding(&lines("# only\n"), 0), None);
        assert_eq!(part_holding(&lines("a: 1\n"), 7), None);
    }
}
