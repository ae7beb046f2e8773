//! Assertions whose failure shows what differs: a text that should hold another is shown
//! at the place that comes closest, with the difference marked word by word; two texts or
//! two folders of files that should be equal are shown as a diff, not as two dumps.

use similar::{ChangeTag, TextDiff};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

/// `assert_contains!(haystack, needle)`, or with a message after them as in `assert!`:
/// fails unless `haystack` holds `needle`, showing the closest part of `haystack` and the
/// difference.
macro_rules! assert_contains {
    ($haystack:expr, $needle:expr $(,)?) => {
        $crate::assert::contains(&$haystack, &$needle, None)
    };
    ($haystack:expr, $needle:expr, $($message:tt)+) => {
        $crate::assert::contains(&$haystack, &$needle, Some(format!($($message)+)))
    };
}

/// `assert_lacks!(haystack, needle)`: fails if `haystack` holds `needle`, showing where.
macro_rules! assert_lacks {
    ($haystack:expr, $needle:expr $(,)?) => {
        $crate::assert::lacks(&$haystack, &$needle, None)
    };
    ($haystack:expr, $needle:expr, $($message:tt)+) => {
        $crate::assert::lacks(&$haystack, &$needle, Some(format!($($message)+)))
    };
}

/// `assert_same_text!(actual, expected)`: fails unless the two are equal, with a diff of
/// their lines.
macro_rules! assert_same_text {
    ($actual:expr, $expected:expr $(,)?) => {
        $crate::assert::same_text(&$actual, &$expected, None)
    };
    ($actual:expr, $expected:expr, $($message:tt)+) => {
        $crate::assert::same_text(&$actual, &$expected, Some(format!($($message)+)))
    };
}

/// Shown whole below this size; larger texts are shown around the place that matters.
const SHOWN_WHOLE: usize = 2_000;
/// Characters of context either side of that place.
const CONTEXT: usize = 120;

#[track_caller]
pub fn contains(haystack: &impl AsRef<str>, needle: &impl AsRef<str>, message: Option<String>) {
    let (haystack, needle) = (haystack.as_ref(), needle.as_ref());
    if haystack.contains(needle) {
        return;
    }
    let mut report = heading("the text does not contain what was expected", message);
    let _ = writeln!(report, "expected:\n{}", indent(needle));
    match closest(haystack, needle) {
        Some((start, end)) => {
            let _ = writeln!(
                report,
                "closest (line {}):\n{}",
                line_of(haystack, start),
                indent(&haystack[start..end])
            );
            let _ = writeln!(
                report,
                "difference ([-expected-] {{+found+}}):\n{}",
                indent(&word_diff(needle, &haystack[start..end]))
            );
        }
        None => report.push_str("closest: no part of the expected text is there\n"),
    }
    let _ = write!(
        report,
        "in:\n{}",
        indent(&excerpt(haystack, closest(haystack, needle)))
    );
    panic!("{report}");
}

#[track_caller]
pub fn lacks(haystack: &impl AsRef<str>, needle: &impl AsRef<str>, message: Option<String>) {
    let (haystack, needle) = (haystack.as_ref(), needle.as_ref());
    let Some(at) = haystack.find(needle) else {
        return;
    };
    let mut report = heading("the text contains what it should not", message);
    let _ = writeln!(report, "unexpected:\n{}", indent(needle));
    let _ = write!(
        report,
        "found at line {}, in:\n{}",
        line_of(haystack, at),
        indent(&excerpt(haystack, Some((at, at + needle.len()))))
    );
    panic!("{report}");
}

#[track_caller]
pub fn same_text(actual: &impl AsRef<str>, expected: &impl AsRef<str>, message: Option<String>) {
    let (actual, expected) = (actual.as_ref(), expected.as_ref());
    if actual == expected {
        return;
    }
    let mut report = heading("the texts differ", message);
    let _ = write!(
        report,
        "{}",
        line_diff(expected, actual, "expected", "actual")
    );
    panic!("{report}");
}

/// What a file or folder entry is, shown as text in a diff.
pub trait Shown: PartialEq {
    fn shown(&self) -> String;
}

impl Shown for Vec<u8> {
    fn shown(&self) -> String {
        match std::str::from_utf8(self) {
            Ok(text) => text.to_string(),
            Err(_) => format!("({} bytes, not text)\n", self.len()),
        }
    }
}

/// Fails unless two folders (as [`crate::site_test::snapshot`] or a similar walk gives
/// them) hold the same paths with the same contents; names what is missing, what is new,
/// and shows a diff of each file that changed.
#[track_caller]
pub fn same_files<T: Shown>(
    before: &BTreeMap<PathBuf, T>,
    after: &BTreeMap<PathBuf, T>,
    message: &str,
) {
    if before == after {
        return;
    }
    let mut report = heading("the files differ", Some(message.to_string()));
    for (path, entry) in before {
        match after.get(path) {
            None => {
                let _ = writeln!(report, "gone: {}", path.display());
            }
            Some(now) if now != entry => {
                let _ = writeln!(report, "changed: {}", path.display());
                report.push_str(&indent(&line_diff(
                    &entry.shown(),
                    &now.shown(),
                    "before",
                    "after",
                )));
                report.push('\n');
            }
            Some(_) => {}
        }
    }
    for path in after.keys().filter(|p| !before.contains_key(*p)) {
        let _ = writeln!(report, "new: {}", path.display());
    }
    panic!("{report}");
}

fn heading(what: &str, message: Option<String>) -> String {
    match message {
        Some(message) => format!("{what}: {message}\n"),
        None => format!("{what}\n"),
    }
}

fn indent(text: &str) -> String {
    let mut out = String::new();
    for line in text.split('\n') {
        let _ = writeln!(out, "    {line}");
    }
    out.truncate(out.trim_end().len());
    out
}

fn line_of(text: &str, at: usize) -> usize {
    text[..at].matches('\n').count() + 1
}

/// The part of `haystack` that comes closest to `needle`, as byte offsets: from where the
/// longest start of `needle` is found to where its longest end follows (or as long as
/// `needle` when no end follows); or backwards from the longest end when no start is
/// found. `None` when not even a character of `needle` is there.
fn closest(haystack: &str, needle: &str) -> Option<(usize, usize)> {
    let n = needle.len();
    // The lengths of its starts and of its ends that are whole characters, shortest first.
    let starts: Vec<usize> = (1..=n).filter(|&l| needle.is_char_boundary(l)).collect();
    let ends: Vec<usize> = (1..=n)
        .filter(|&l| needle.is_char_boundary(n - l))
        .collect();
    let prefix = longest_found(&starts, |len| haystack.find(&needle[..len]));
    let suffix = longest_found(&ends, |len| haystack.rfind(&needle[n - len..]));
    let room = needle.len() * 2 + 100;
    let from_the_start = match (prefix, suffix) {
        (Some((_, start)), Some((_, end))) => start >= end,
        (found, _) => found.is_some(),
    };
    if from_the_start {
        let (at, len) = prefix?;
        // The longest end of `needle` that follows, not too far away.
        let after = at + len;
        let limit = floor(haystack, (after + room).min(haystack.len()));
        let end = longest_found(&ends, |s| {
            haystack[after..limit]
                .find(&needle[needle.len() - s..])
                .map(|i| after + i + s)
        })
        .map(|(end, _)| end)
        .unwrap_or_else(|| floor(haystack, (at + needle.len()).min(haystack.len())));
        Some((at, end.max(after)))
    } else {
        let (at, len) = suffix?;
        let end = at + len;
        Some((ceil(haystack, end.saturating_sub(needle.len())), end))
    }
}

/// The longest of `lengths` for which `find` finds something, by bisection (`find`
/// finds something for a length whenever it does for a longer one): what it found, and
/// the length.
fn longest_found(
    lengths: &[usize],
    find: impl Fn(usize) -> Option<usize>,
) -> Option<(usize, usize)> {
    let (mut low, mut high) = (0, lengths.len());
    let mut best = None;
    while low < high {
        let mid = (low + high) / 2;
        match find(lengths[mid]) {
            Some(found) => {
                best = Some((found, lengths[mid]));
                low = mid + 1;
            }
            None => high = mid,
        }
    }
    best
}

fn floor(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// `text` whole when short, else the part around `place` (or its start).
fn excerpt(text: &str, place: Option<(usize, usize)>) -> String {
    if text.len() <= SHOWN_WHOLE {
        return text.to_string();
    }
    let (start, end) = place.unwrap_or((0, 0));
    let from = ceil(text, start.saturating_sub(CONTEXT));
    let to = floor(text, (end + CONTEXT).min(text.len()));
    format!(
        "{}{}{} ({} bytes in all)",
        if from > 0 { "…" } else { "" },
        &text[from..to],
        if to < text.len() { "…" } else { "" },
        text.len()
    )
}

/// `old` and `new` word by word, with `[-removed-]` and `{+added+}` marked.
fn word_diff(old: &str, new: &str) -> String {
    let diff = TextDiff::from_words(old, new);
    let mut out = String::new();
    let mut open: Option<ChangeTag> = None;
    for change in diff.iter_all_changes() {
        let tag = change.tag();
        if open != Some(tag) {
            match open {
                Some(ChangeTag::Delete) => out.push_str("-]"),
                Some(ChangeTag::Insert) => out.push_str("+}"),
                _ => {}
            }
            match tag {
                ChangeTag::Delete => out.push_str("[-"),
                ChangeTag::Insert => out.push_str("{+"),
                ChangeTag::Equal => {}
            }
            open = Some(tag);
        }
        out.push_str(change.value());
    }
    match open {
        Some(ChangeTag::Delete) => out.push_str("-]"),
        Some(ChangeTag::Insert) => out.push_str("+}"),
        _ => {}
    }
    out
}

/// A unified diff of the lines of two texts.
fn line_diff(old: &str, new: &str, old_name: &str, new_name: &str) -> String {
    TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(old_name, new_name)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The message of the assertion's panic.
    fn failure(assertion: impl FnOnce() + std::panic::UnwindSafe) -> String {
        let payload = std::panic::catch_unwind(assertion).expect_err("the assertion fails");
        payload.downcast_ref::<String>().cloned().unwrap()
    }

    const PAGE: &str = "<main><h1>Weglopers</h1> <p class=\"figure-value\">1.050 \
                        <span class=\"unit\">nieuwe dossiers</span></p> <p>Bron</p></main>";

    #[test]
    fn contains_shows_the_closest_part_and_the_difference() {
        assert_contains!(PAGE, "<h1>Weglopers</h1>");
        let message = failure(|| {
            assert_contains!(
                PAGE,
                "1.051 <span class=\"unit\">nieuwe dossiers</span>",
                "{}",
                "2020"
            )
        });
        assert!(
            message.starts_with("the text does not contain what was expected: 2020\n"),
            "{message}"
        );
        assert!(
            message.contains(
                "closest (line 1):\n    1.050 <span class=\"unit\">nieuwe dossiers</span>\n"
            ),
            "{message}"
        );
        assert!(message.contains("[-1.051-]{+1.050+} <span"), "{message}");
        // Short texts are shown whole.
        assert!(message.ends_with(&format!("in:\n    {PAGE}")), "{message}");
    }

    #[test]
    fn contains_finds_the_closest_part_from_the_end_too() {
        let message = failure(|| assert_contains!(PAGE, "<h2>nieuwe dossiers</span></p>"));
        assert!(
            message.contains("closest (line 1):\n    it\">nieuwe dossiers</span></p>\n"),
            "{message}"
        );
        let message = failure(|| assert_contains!("abc", "xyz"));
        assert!(
            message.contains("closest: no part of the expected text is there"),
            "{message}"
        );
    }

    #[test]
    fn contains_shows_a_long_text_around_the_closest_part() {
        let long = format!(
            "{}\nerror: content/site.yaml:3:1: bad\n{}",
            "x".repeat(3000),
            "y".repeat(3000)
        );
        let message = failure(|| assert_contains!(long, "content/site.yaml:4:1"));
        assert!(
            message.contains("closest (line 2):\n    content/site.yaml:3:1\n"),
            "{message}"
        );
        assert!(
            message.contains("[-content/site.yaml:4:1-]{+content/site.yaml:3:1+}"),
            "{message}"
        );
        assert!(message.contains("(6035 bytes in all)"), "{message}");
        assert!(message.len() < 1000, "{message}");
    }

    #[test]
    fn contains_cuts_only_between_characters() {
        let page = "<p class=\"change down\">−25% <span>t.o.v. 2019</span></p>";
        let message = failure(|| assert_contains!(page, "−26% <span>t.o.v. 2019</span></p>"));
        assert!(message.contains("[-−26%-]{+−25%+} <span>"), "{message}");
        let message = failure(|| assert_contains!(page, "<p class=\"change down\">−26%"));
        assert!(
            message.contains("[-down\">−26%-]{+down\">−25%+}"),
            "{message}"
        );
    }

    #[test]
    fn lacks_shows_where() {
        assert_lacks!(PAGE, "<svg");
        let message = failure(|| assert_lacks!("a\nb <svg> c", "<svg"));
        assert!(
            message.contains("unexpected:\n    <svg\nfound at line 2, in:\n    a\n    b <svg> c"),
            "{message}"
        );
    }

    #[test]
    fn same_text_shows_a_diff_of_lines() {
        assert_same_text!("a\nb\n", String::from("a\nb\n"));
        let message =
            failure(|| assert_same_text!("year,value\n2016,1000\n", "year,value\n2016,100\n"));
        assert!(message.contains("-2016,100\n+2016,1000\n"), "{message}");
    }

    #[test]
    fn same_files_names_what_is_gone_new_and_changed() {
        let files = |list: &[(&str, &str)]| -> BTreeMap<PathBuf, Vec<u8>> {
            list.iter()
                .map(|(p, t)| (PathBuf::from(p), t.as_bytes().to_vec()))
                .collect()
        };
        let before = files(&[("a.html", "<p>1</p>\n"), ("b.css", "x"), ("c.svg", "s")]);
        same_files(&before, &before, "unchanged");
        let after = files(&[("a.html", "<p>2</p>\n"), ("c.svg", "s"), ("d.txt", "new")]);
        let message = failure(|| same_files(&before, &after, "public/"));
        assert!(
            message.starts_with("the files differ: public/\n"),
            "{message}"
        );
        assert!(message.contains("changed: a.html\n"), "{message}");
        assert!(message.contains("-<p>1</p>\n    +<p>2</p>"), "{message}");
        assert!(message.contains("gone: b.css\n"), "{message}");
        assert!(message.contains("new: d.txt"), "{message}");
        assert!(!message.contains("c.svg"), "{message}");
    }
}
