//! Reading content YAML with its limits and diagnostics. The parser itself is called in
//! one place below this, [`super::yaml_parser`].
//!
//! [`parse`] is how content YAML is read: first what is refused before parsing (nesting
//! too deep, refused characters, see [`check_before_parsing`]), then straight into typed
//! structs that deny unknown fields and repeated keys, with the error placed at a line and
//! column and given a hint. [`from_str`] and [`deserialize_seed`] are the bare parser, for
//! readers that make their own diagnostics (figures.yaml, the interface strings, the
//! scalar walk of [`super::yaml_places`]).

use super::refused;
pub use super::yaml_parser::{deserialize_seed, from_str, Error, Place};
use crate::diagnostics::{line_column, relative, Diagnostic, Diagnostics};
use serde::de::DeserializeOwned;
use std::path::Path;

/// For a reader that must not fail (the error page of `serve`, whose site.yaml may be the
/// broken file): `T` if the text parses, after the nesting check (a deeply nested file
/// would hold the parser for a minute); `None` otherwise.
pub fn parse_leniently<T: DeserializeOwned>(text: &str) -> Option<T> {
    check_nesting(Path::new(""), text, 0).ok()?;
    check_aliases(Path::new(""), text, 0).ok()?;
    from_str(text).ok()
}

/// Parses content YAML (the file `path` under `root`) straight into `T`, so the parser can
/// report the line and the field path. `line_offset` is added to its line numbers (front
/// matter starts on line 2).
pub fn parse<T: DeserializeOwned>(
    root: &Path,
    path: &Path,
    text: &str,
    line_offset: usize,
) -> Result<T, Diagnostics> {
    let file = relative(root, path);
    check_before_parsing(&file, text, line_offset)?;
    from_str(text).map_err(|first| every_error::<T>(&file, text, first, line_offset))
}

/// At most this many errors are named in one file: past that, the file is surely not
/// what the README describes, and a screenful more would not help.
const MOST_ERRORS_PER_FILE: usize = 20;

/// Every error of a file whose first error is `first`. The parser stops at the first
/// error, so the part of the text that holds it (its list item, or its top-level key,
/// see [`super::yaml_parts`]) is blanked, lines kept so that places stay right, and the
/// rest parsed again. Measured before: a metrics.yaml with a wrong type in two metrics
/// took two runs to show both.
fn every_error<T: DeserializeOwned>(
    file: &Path,
    text: &str,
    first: Error,
    line_offset: usize,
) -> Diagnostics {
    let mut problems = Diagnostics::default();
    let mut error = first;
    let mut lines: Vec<&str> = text.split('\n').collect();
    let mut blanked_keys: Vec<String> = Vec::new();
    let mut current = text.to_string();
    // Only well-formed YAML can be blanked part by part: after a syntax error, what
    // follows is not known.
    let well_formed = from_str::<super::yaml_parser::Value>(text).is_ok();
    loop {
        let missing = error
            .message()
            .strip_prefix("missing field `")
            .and_then(|m| m.split('`').next())
            .map(str::to_string);
        if missing.as_ref().is_some_and(|k| blanked_keys.contains(k)) {
            break; // the parser misses a key that was blanked: not the author's error
        }
        let d = diagnostic(file, &error, line_offset, Some(&current));
        let line = d.line.and_then(|l| l.checked_sub(line_offset + 1));
        problems.push(d);
        if !well_formed || problems.0.len() >= MOST_ERRORS_PER_FILE {
            break;
        }
        let Some(part) = line.and_then(|l| super::yaml_parts::part_holding(&lines, l)) else {
            break;
        };
        if let super::yaml_parts::Part::TopLevelKey(key, _) = &part {
            if missing.is_some() {
                break; // a key missing from the whole file: nothing to blank
            }
            blanked_keys.push(key.clone());
        }
        let range = part.lines();
        if lines[range.clone()].iter().all(|l| l.is_empty()) {
            break; // nothing left to blank: no progress
        }
        for l in range {
            lines[l] = "";
        }
        current = lines.join("\n");
        if from_str::<super::yaml_parser::Value>(&current).is_err() {
            break;
        }
        match from_str::<T>(&current) {
            Ok(_) => break,
            Err(e) => error = e,
        }
    }
    problems
}

/// What is refused in YAML before it is read into types: nesting too deep, and every
/// refused character (see [`refused`]), typed or escaped. When there are refused
/// characters, they are all the file's errors: the parser's own would only repeat them in
/// worse words, and quote them raw into the terminal. `file` is the path the diagnostics
/// name.
pub fn check_before_parsing(
    file: &Path,
    yaml: &str,
    line_offset: usize,
) -> Result<(), Diagnostics> {
    let typed = refused::typed(file, yaml, line_offset);
    if !typed.is_empty() {
        // The YAML parser refuses a file with one (it reads the whole document before
        // giving a value), so the escapes are found once these are gone.
        return Err(Diagnostics(typed));
    }
    // Nesting first: the search for escapes parses the YAML. Aliases before it too: the
    // parser would expand them.
    check_nesting(file, yaml, line_offset)?;
    check_aliases(file, yaml, line_offset)?;
    Diagnostics(refused::escaped(file, yaml, line_offset)).into_result(())
}

/// How many anchors and aliases of one file are named.
const MOST_ALIASES: usize = 5;

/// Refuses YAML anchors and aliases, at each place (see [`super::yaml_aliases`]).
fn check_aliases(file: &Path, text: &str, line_offset: usize) -> Result<(), Diagnostics> {
    let found = super::yaml_aliases::find(text, MOST_ALIASES);
    let problems = found.iter().map(|f| {
        let what = if f.alias {
            "a YAML alias (`*name`, a copy of a value marked elsewhere)"
        } else {
            "a YAML anchor (`&name`, a value marked to be copied elsewhere)"
        };
        Diagnostic::new(file, format!("this file uses {what}"))
            .at(f.line + 1 + line_offset, f.column + 1)
            .hint(
                "write each value out in full where it is needed: content files may not use \
                 anchors and aliases, which can make a small file grow into gigabytes as it is \
                 read. (If the text should start with & or *, put it in quotes.)",
            )
    });
    Diagnostics(problems.collect()).into_result(())
}

/// Content YAML is a few levels deep. Deeper nesting is refused before parsing, because
/// the YAML parser takes time that grows fast with depth (a minute for 100,000 brackets).
const DEEPEST_NESTING: usize = 32;

fn check_nesting(file: &Path, text: &str, line_offset: usize) -> Result<(), Diagnostic> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    for (offset, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[' | '{') => depth += 1,
            (None, ']' | '}') => depth = depth.saturating_sub(1),
            (None, '\n') => {
                let indent =
                    text[offset + 1..].len() - text[offset + 1..].trim_start_matches(' ').len();
                if indent / 2 > DEEPEST_NESTING {
                    depth = DEEPEST_NESTING + 1;
                }
            }
            _ => {}
        }
        if depth > DEEPEST_NESTING {
            let (line, column) = line_column(text, offset);
            return Err(Diagnostic::new(file, "the YAML is nested too deeply")
                .at(line + line_offset, column)
                .hint(format!(
                    "content YAML needs only a few levels; more than {DEEPEST_NESTING} is refused"
                )));
        }
    }
    Ok(())
}

/// A parser error as a diagnostic on `file`, with the place in front and a hint.
pub fn diagnostic(file: &Path, e: &Error, line_offset: usize, source: Option<&str>) -> Diagnostic {
    let full = e.message();
    // The parser appends " at line L column C"; the diagnostic puts the place in front.
    let message = match full.rfind(" at line ") {
        Some(i) => full[..i].to_string(),
        None => full.to_string(),
    };
    let hint = yaml_hint(&message);
    let message = in_words(&message);
    let mut d = Diagnostic::new(file, message.clone());
    if let Some(place) = e.place() {
        d = d.at(place.line + line_offset, place.column);
    }
    // The parser places errors raised while converting a value (a date, say) at the
    // start of the enclosing map; the value itself, quoted in the message, is more useful.
    let converted = message.contains("is not a date");
    if let Some(value) = message
        .split('`')
        .nth(1)
        .filter(|v| converted && !v.is_empty())
    {
        if let (Some(found), Some(text)) = (source.and_then(|t| t.find(value)), source) {
            let (line, column) = line_column(text, found);
            d = d.at(line + line_offset, column);
        }
    }
    d.hint(hint)
}

/// The parser's words for a wrong type, key or value, in words a reader of the README
/// knows: "invalid type: string \"x\", expected f64" is "the text \"x\", where a number
/// belongs"; "unknown field" is "unknown key". Other messages are kept.
fn in_words(message: &str) -> String {
    let (path, rest) = match message.find(": ") {
        Some(i) if !message[..i].contains(' ') => (key_path(&message[..i]), &message[i + 2..]),
        _ => (String::new(), message),
    };
    let said = if let Some(wrong) = rest.strip_prefix("invalid type: ") {
        let Some((found, expected)) = wrong.rsplit_once(", expected ") else {
            return message.to_string();
        };
        format!(
            "{}, where {} belongs",
            found_in_words(found),
            expected_in_words(expected)
        )
    } else if let Some(unknown) = rest.strip_prefix("unknown field ") {
        match unknown.split_once(", expected ") {
            Some((key, known)) => format!(
                "unknown key {key} (the keys here: {})",
                known.trim_start_matches("one of ")
            ),
            None => format!("unknown key {unknown}"),
        }
    } else if let Some(key) = rest.strip_prefix("missing field ") {
        format!("the key {key} is missing")
    } else if let Some(key) = rest.strip_prefix("duplicate field ") {
        format!("the key {key} appears twice")
    } else {
        return message.to_string();
    };
    format!("{path}{said}")
}

/// The parser's path to a value, `.[3].translations.fr.label`, as the keys alone:
/// `translations.fr.label: `. The place in front of the message says which item; the
/// list positions would be jargon, and wrong once an item before is blanked.
fn key_path(path: &str) -> String {
    let keys: Vec<&str> = path
        .split('.')
        .map(|k| k.split('[').next().unwrap_or(""))
        .filter(|k| !k.is_empty())
        .collect();
    if keys.is_empty() {
        String::new()
    } else {
        format!("{}: ", keys.join("."))
    }
}

fn found_in_words(found: &str) -> String {
    let quoted = |prefix: &str| found.strip_prefix(prefix).map(|v| v.trim_matches('`'));
    if let Some(text) = found.strip_prefix("string ") {
        format!("the text {text}")
    } else if let Some(number) = quoted("integer ").or_else(|| quoted("floating point ")) {
        format!("the number {number}")
    } else if let Some(value) = quoted("boolean ") {
        format!("`{value}`")
    } else {
        match found {
            "map" => "a list of keys and values".to_string(),
            "sequence" => "a list".to_string(),
            "unit value" => "nothing".to_string(),
            other => other.to_string(),
        }
    }
}

fn expected_in_words(expected: &str) -> &str {
    match expected {
        "f32" | "f64" => "a number",
        "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64" => "a whole number",
        "a boolean" => "true or false",
        "a string" => "text",
        "a sequence" => "a list",
        e if e.starts_with("struct ") || e.starts_with("a map") => "a list of keys and values",
        other => other,
    }
}

fn yaml_hint(message: &str) -> &'static str {
    if message.contains("unknown field") {
        "check the spelling of the key; the README lists every key of each file"
    } else if message.contains("missing field") {
        "add the missing key"
    } else if message.contains("invalid type") {
        "check the value's type: numbers without quotes, text in quotes if it contains `:`"
    } else if message.contains("duplicate") {
        "each key may appear only once: remove or merge the repeated one"
    } else if message.contains("recursion limit") || message.contains("repetition limit") {
        "the YAML is nested or aliased too deeply: write it out plainly"
    } else if message.contains("unknown variant") {
        "use one of the values listed"
    } else if message.contains("is not a date") {
        "write the date as YYYY-MM-DD, YYYY-MM or YYYY"
    } else {
        "the YAML syntax is broken here: check indentation, quotes, brackets and colons"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[derive(serde::Deserialize, Debug)]
    struct BaseOnly {
        base_url: String,
    }

    /// Issue 26, case 7: an anchored value copied 70,000 times is refused at its place
    /// before the parser makes a single copy.
    #[test]
    fn anchors_and_aliases_are_refused_before_parsing() {
        let mut front = format!("title: &t \"{}\"\nkeywords: [", "x".repeat(700_000));
        front.push_str(&"*t, ".repeat(70_000));
        front.push_str("]\n");
        let started = std::time::Instant::now();
        let problems =
            check_before_parsing(Path::new("content/2021/report.md"), &front, 1).unwrap_err();
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        assert_eq!(problems.len(), MOST_ALIASES);
        let first = problems.iter().next().unwrap().to_string();
        assert!(
            first.starts_with("content/2021/report.md:2:8: this file uses a YAML anchor (`&name`"),
            "{first}"
        );
        assert!(problems
            .to_string()
            .contains("report.md:3:12: this file uses a YAML alias"));
        // The serve error page's reader gives up on it too, without expanding it.
        assert!(parse_leniently::<BTreeMap<String, Vec<String>>>(&front).is_none());
        // Text that starts with & or * in quotes is text.
        assert!(check_before_parsing(Path::new("x"), "a: \"*nieuw*\"\nb: '&'\n", 0).is_ok());
    }

    #[test]
    fn the_bare_parser_keeps_message_and_place() {
        let e = from_str::<BTreeMap<String, String>>("a: x\nb: [\n").unwrap_err();
        let place = e.place().expect("a syntax error has a place");
        assert_eq!((place.line, place.column), (2, 4));
        assert_eq!(&"a: x\nb: [\n"[place.offset..], "[\n");
        assert!(
            e.message().ends_with(" at line 2 column 4"),
            "{}",
            e.message()
        );
    }

    #[test]
    fn the_parser_s_words_are_put_in_plain_words() {
        assert_eq!(
            in_words("grooming.value: invalid type: string \"2 000\", expected f64"),
            "grooming.value: the text \"2 000\", where a number belongs"
        );
        assert_eq!(
            in_words("[0].decimals: invalid type: floating point `2.5`, expected u8"),
            "decimals: the number 2.5, where a whole number belongs"
        );
        assert_eq!(
            in_words(".[3].translations.fr[1].label: invalid type: sequence, expected a string"),
            "translations.fr.label: a list, where text belongs"
        );
        assert_eq!(
            in_words(".[0]: unknown field `lable`, expected `id`"),
            "unknown key `lable` (the keys here: `id`)"
        );
        assert_eq!(
            in_words("[0].headline: invalid type: string \"misschien\", expected a boolean"),
            "headline: the text \"misschien\", where true or false belongs"
        );
        assert_eq!(
            in_words("unknown field `noot`, expected one of `title`, `date`"),
            "unknown key `noot` (the keys here: `title`, `date`)"
        );
        assert_eq!(
            in_words("did not find expected key"),
            "did not find expected key"
        );
    }

    #[test]
    fn a_lenient_parse_reads_one_key_and_refuses_deep_nesting() {
        let config = parse_leniently::<BaseOnly>("title: t\nbase_url: /x/\nthemes: []\n");
        assert_eq!(config.map(|c| c.base_url).as_deref(), Some("/x/"));
        let deep = format!(
            "base_url: /x/\nother: {}{}\n",
            "[".repeat(40),
            "]".repeat(40)
        );
        assert!(parse_leniently::<BaseOnly>(&deep).is_none());
        assert!(parse_leniently::<BaseOnly>("base_url: [\n").is_none());
    }

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)] // read by the parser only
    struct Item {
        id: String,
        count: u32,
    }

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Config {
        title: String,
        base_url: String,
        items: Vec<Item>,
    }

    fn errors<T: DeserializeOwned + std::fmt::Debug>(text: &str) -> Vec<String> {
        parse::<T>(Path::new("/s"), Path::new("/s/x.yaml"), text, 0)
            .unwrap_err()
            .0
            .iter()
            .map(|d| format!("{}: {}", d.location(), d.message))
            .collect()
    }

    #[test]
    fn every_item_s_error_is_named_in_one_run() {
        let text = "- id: a\n  count: x\n- id: b\n  count: 2\n- id: c\n  cuont: 3\n- count: 4\n";
        assert_eq!(
            errors::<Vec<Item>>(text),
            [
                "x.yaml:2:10: count: the text \"x\", where a whole number belongs",
                "x.yaml:6:3: unknown key `cuont` (the keys here: `id` or `count`)",
                "x.yaml:7:3: the key `id` is missing",
            ]
        );
    }

    #[test]
    fn every_key_s_error_is_named_and_a_blanked_key_is_not_missing() {
        // `title` is wrong and blanked: the parser then misses it, which is not an error
        // of the author's. `base_url` is really missing.
        let text = "title: [1]\nitems:\n  - id: a\n    count: -1\n  - id: b\n    count: 1\n";
        assert_eq!(
            errors::<Config>(text),
            [
                "x.yaml:1:8: title: a list, where text belongs",
                "x.yaml:4:12: items.count: the number -1, where a whole number belongs",
            ]
        );
        let text = "titel: t\nitems: []\n";
        assert_eq!(
            errors::<Config>(text),
            [
                "x.yaml:1:1: unknown key `titel` (the keys here: `title`, `base_url`, `items`)",
                // Placed where the mapping starts once line 1 is blanked.
                "x.yaml:2:1: the key `title` is missing",
            ]
        );
    }

    #[test]
    fn after_a_syntax_error_nothing_more_is_guessed() {
        let text = "- id: a\n  count: x\n- id: [b\n";
        assert_eq!(errors::<Vec<Item>>(text).len(), 1);
    }

    #[test]
    fn content_yaml_errors_are_placed_and_hinted() {
        let e = parse::<BaseOnly>(Path::new("/s"), Path::new("/s/site.yaml"), "title: t\n", 1)
            .unwrap_err();
        assert_eq!(e.0[0].file, Path::new("site.yaml"));
        assert!(
            e.0[0].message.contains("the key `base_url` is missing"),
            "{e}"
        );
        assert_eq!(e.0[0].hint.as_deref(), Some("add the missing key"));
        let e = parse::<BaseOnly>(
            Path::new("/s"),
            Path::new("/s/x.yaml"),
            "base_url: \"a\u{7}\"\n",
            0,
        )
        .unwrap_err();
        assert!(e.0[0].message.contains("U+0007"), "{e}");
        assert_eq!(e.0[0].line, Some(1));
    }
}
