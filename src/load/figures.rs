//! figures.yaml: a map from metric id to a bare number or a map with the value and its
//! source. Parsed with our own visitor so that duplicate keys are errors (the YAML parser
//! would keep the last) and every key keeps its line.

use super::yaml;
use crate::diagnostics::{relative, Diagnostic, Diagnostics};
use crate::model::{Figure, StatedChange};
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use std::fmt;
use std::path::Path;

/// Parses the text of a figures.yaml.
pub fn parse_figures(root: &Path, path: &Path, text: &str) -> Result<Vec<Figure>, Diagnostics> {
    let rel = relative(root, path);
    yaml::check_before_parsing(&rel, text, 0)?;
    let raw: FiguresFile =
        yaml::from_str(text).map_err(|e| yaml::diagnostic(&rel, &e, 0, Some(text)))?;
    let mut problems = Diagnostics::default();
    let mut figures: Vec<Figure> = Vec::with_capacity(raw.0.len());
    let mut lines = KeyLines::new(text);
    for (metric, fields) in raw.0 {
        let line = lines.next(&metric);
        if figures.iter().any(|f| f.metric == metric) {
            problems.push(
                Diagnostic::new(&rel, format!("metric `{metric}` appears twice"))
                    .at_line(Some(line))
                    .hint("give each metric one value per year: remove or merge the repeated key"),
            );
            continue;
        }
        figures.push(Figure {
            metric,
            value: fields.value.map(without_minus_zero),
            source: fields.source,
            note: fields.note,
            stated_change: fields.stated_change.map(|s| StatedChange {
                percent: without_minus_zero(s.percent),
                since: s.since,
            }),
            line,
        });
    }
    problems.into_result(figures)
}

/// `-0` (or `-0.0`) is zero: else it is written `-0` wherever a number is printed as is.
fn without_minus_zero(value: f64) -> f64 {
    if value == 0.0 {
        0.0
    } else {
        value
    }
}

/// Finds the lines of top-level keys, in the order they appear: serde has consumed them
/// by the time a later check needs their line. Scans forward only, so a whole file costs
/// one pass.
struct KeyLines<'t> {
    text: &'t str,
    offset: usize,
    line: usize,
}

impl<'t> KeyLines<'t> {
    fn new(text: &'t str) -> Self {
        KeyLines {
            text,
            offset: 0,
            line: 1,
        }
    }

    /// The 1-based line on which `key:` next starts a line (1 if it is not found).
    fn next(&mut self, key: &str) -> usize {
        let (mut offset, mut line) = (self.offset, self.line);
        for text_line in self.text[self.offset..].split_inclusive('\n') {
            let unquoted = text_line.trim_start_matches(['"', '\'']);
            let is_key = unquoted.strip_prefix(key).is_some_and(|rest| {
                rest.trim_start_matches(['"', '\''])
                    .trim_start()
                    .starts_with(':')
            });
            offset += text_line.len();
            line += 1;
            if is_key {
                self.offset = offset;
                self.line = line;
                return line - 1;
            }
        }
        1
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct FigureFields {
    #[serde(default)]
    value: Option<f64>,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    stated_change: Option<StatedChange>,
}

struct FiguresFile(Vec<(String, FigureFields)>);

impl<'de> Deserialize<'de> for FiguresFile {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FilesVisitor;
        impl<'de> Visitor<'de> for FilesVisitor {
            type Value = FiguresFile;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map from metric id to a value")
            }
            // An empty file: a year with no figures yet.
            fn visit_unit<E: de::Error>(self) -> Result<FiguresFile, E> {
                Ok(FiguresFile(Vec::new()))
            }
            fn visit_none<E: de::Error>(self) -> Result<FiguresFile, E> {
                Ok(FiguresFile(Vec::new()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FiguresFile, A::Error> {
                let mut out = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    let value: FigureValue = map.next_value()?;
                    out.push((key, value.0));
                }
                Ok(FiguresFile(out))
            }
        }
        deserializer.deserialize_any(FilesVisitor)
    }
}

/// A figure: `2205` or `{value: 2205, source: ...}`.
struct FigureValue(FigureFields);

impl<'de> Deserialize<'de> for FigureValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ValueVisitor;
        impl<'de> Visitor<'de> for ValueVisitor {
            type Value = FigureValue;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number, or a map with `value` and `source`")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<FigureValue, E> {
                Ok(bare(v as f64))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<FigureValue, E> {
                Ok(bare(v as f64))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<FigureValue, E> {
                Ok(bare(v))
            }
            // Numbers beyond 64 bits: validation says they are implausibly large.
            fn visit_u128<E: de::Error>(self, v: u128) -> Result<FigureValue, E> {
                Ok(bare(v as f64))
            }
            fn visit_i128<E: de::Error>(self, v: i128) -> Result<FigureValue, E> {
                Ok(bare(v as f64))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<FigureValue, A::Error> {
                FigureFields::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(FigureValue)
            }
        }
        fn bare(v: f64) -> FigureValue {
            FigureValue(FigureFields {
                value: Some(v),
                source: None,
                note: None,
                stated_change: None,
            })
        }
        deserializer.deserialize_any(ValueVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(text: &str) -> Result<Vec<Figure>, Diagnostics> {
        parse_figures(Path::new("/site"), Path::new("/site/f.yaml"), text)
    }

    #[test]
    fn figures_bare_and_full() {
        let f = figures("weglopers: 867\nseksuele-uitbuiting:\n  value: 2205\n  source: pb\n  stated_change: {percent: 47, since: 2019}\n").unwrap();
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].value, Some(867.0));
        assert_eq!(f[0].line, 1);
        assert_eq!(f[1].value, Some(2205.0));
        assert_eq!(f[1].source.as_deref(), Some("pb"));
        assert_eq!(f[1].line, 2);
        assert_eq!(
            f[1].stated_change,
            Some(StatedChange {
                percent: 47.0,
                since: 2019
            })
        );
    }

    #[test]
    fn duplicate_figure_is_an_error_on_its_line() {
        let e = figures("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!(e.len(), 1);
        assert_eq!(e.0[0].line, Some(3));
        assert!(e.0[0].message.contains("`a` appears twice"));
    }

    #[test]
    fn typo_in_a_figure_names_line_and_column() {
        let e = figures("a:\n  value: 1\n  sourse: x\n").unwrap_err();
        assert_eq!(e.0[0].line, Some(3));
        assert!(e.0[0].message.contains("unknown field `sourse`"), "{e}");
    }

    #[test]
    fn empty_figures_file_is_no_figures() {
        assert!(figures("").unwrap().is_empty());
        assert!(figures("# nothing yet\n").unwrap().is_empty());
    }
}
