//! Where a scalar is in a YAML file: a walk over any YAML document that stops at a chosen
//! scalar, so that the parser says where that scalar is.
//!
//! The parser gives a position only with an error, and only while deserialising: a typed
//! struct cannot say where its fields were. This walk visits every scalar with its path
//! of keys (`themes`, `0`, `label`) and its text; when the caller's `stop` says so, it
//! fails there, and the error's byte offset is the scalar's place. To find the next one,
//! walk again and stop one later (see [`find_all`]): the same parser, so the same
//! places as every other error, and a cost only when there is something to report.

use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess};
use serde::de::{VariantAccess, Visitor};
use std::fmt;

use super::yaml_parser;
use crate::diagnostics::line_column;

/// One scalar met on the walk.
pub struct Node<'a> {
    /// The keys (and list positions, as digits) leading to it.
    pub path: &'a [String],
    /// Whether it is a map key (then the path ends with its parent).
    pub is_key: bool,
    /// Its text when it is a string; `None` for numbers, booleans and nulls.
    pub text: Option<&'a str>,
}

/// The message of the walk's own error; a walk that fails with any other message met a
/// YAML error, which the typed parse reports.
const STOP: &str = "jaarverslag-walk-stops-here";

/// The byte offset in `text` of the first scalar for which `stop` is true; `None` when
/// there is none, or the YAML breaks before it.
pub fn find(text: &str, mut stop: impl FnMut(&Node) -> bool) -> Option<usize> {
    let mut path = Vec::new();
    let walk = Walk {
        stop: &mut stop,
        path: &mut path,
    };
    match yaml_parser::deserialize_seed(text, walk) {
        Ok(()) => None,
        Err(e) if e.message().contains(STOP) => e.place().map(|p| p.offset),
        Err(_) => None,
    }
}

/// The parses of one [`find_all`] read at most this many bytes in all. Each place found
/// costs a parse of the whole file (the parser reads every event of a document before
/// giving a value): 0.3 s for a 4 MB figures.yaml in a release build, so 20 places in
/// such a file took 6.4 s. With this budget a small file still gets every walk it needs.
const BUDGET: usize = 16 * 1024 * 1024;

/// The byte offsets of the scalars for which `matches` is true, in the order of the
/// document, each once: all of them, or the first `most` (fewer in a file so large that
/// the parses would exceed [`BUDGET`]). `bool` is whether there may be more.
pub fn find_all(text: &str, most: usize, matches: impl Fn(&Node) -> bool) -> (Vec<usize>, bool) {
    let walks = (BUDGET / text.len().max(1)).clamp(1, most * 2 + 1);
    let mut found: Vec<usize> = Vec::new();
    // An alias visits its anchor's scalars again: the same place, kept once.
    for skip in 0..walks {
        let mut seen = 0;
        let place = find(text, |node| {
            matches(node) && {
                seen += 1;
                seen > skip
            }
        });
        match place {
            Some(offset) if !found.contains(&offset) => found.push(offset),
            Some(_) => {}
            None => return (found, false),
        }
        // One more than asked for says that there are more.
        if found.len() > most {
            found.truncate(most);
            break;
        }
    }
    (found, true)
}

/// The line and column of the scalar at `path` (keys from the top, a list position as
/// its digits) in a YAML `text`, for a diagnostic found after loading; `None` when there
/// is no scalar there. Parses the text again: for errors only.
pub fn place_in_yaml(text: &str, path: &[&str]) -> Option<(usize, usize)> {
    locate(text, path).map(|offset| line_column(text, offset))
}

/// The byte offset of the scalar at `path` (keys from the top; a list position as its
/// digits); `None` when there is no scalar there.
pub fn locate(text: &str, path: &[&str]) -> Option<usize> {
    find(text, |node| {
        !node.is_key
            && node
                .path
                .iter()
                .map(String::as_str)
                .eq(path.iter().copied())
    })
}

type Stop<'s> = &'s mut dyn FnMut(&Node) -> bool;

/// Walks one value; every scalar is offered to `stop`.
struct Walk<'s, 'p> {
    stop: Stop<'s>,
    path: &'p mut Vec<String>,
}

impl Walk<'_, '_> {
    fn again(&mut self) -> Walk<'_, '_> {
        Walk {
            stop: &mut *self.stop,
            path: &mut *self.path,
        }
    }

    fn scalar<E: de::Error>(self, text: Option<&str>) -> Result<(), E> {
        let node = Node {
            path: self.path,
            is_key: false,
            text,
        };
        if (self.stop)(&node) {
            Err(E::custom(STOP))
        } else {
            Ok(())
        }
    }
}

impl<'de> DeserializeSeed<'de> for Walk<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.scalar(None)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.scalar(None)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.scalar(None)
    }
    fn visit_i128<E: de::Error>(self, _: i128) -> Result<(), E> {
        self.scalar(None)
    }
    fn visit_u128<E: de::Error>(self, _: u128) -> Result<(), E> {
        self.scalar(None)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.scalar(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.scalar(None)
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.scalar(None)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        self.scalar(Some(v))
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        self.deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        for i in 0.. {
            self.path.push(i.to_string());
            let more = seq.next_element_seed(self.again())?.is_some();
            self.path.pop();
            if !more {
                break;
            }
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key_seed(Key(self.again()))? {
            self.path.push(key);
            map.next_value_seed(self.again())?;
            self.path.pop();
        }
        Ok(())
    }

    /// A node with a tag (`!x value`): the parser offers it as an enum of the tag.
    fn visit_enum<A: EnumAccess<'de>>(mut self, data: A) -> Result<(), A::Error> {
        let (_tag, variant) = data.variant_seed(Key(self.again()))?;
        variant.newtype_variant_seed(self)
    }
}

/// A map key: offered to `stop` like any scalar, and returned as text for the path.
struct Key<'s, 'p>(Walk<'s, 'p>);

impl Key<'_, '_> {
    fn scalar<E: de::Error>(self, text: String, is_text: bool) -> Result<String, E> {
        let node = Node {
            path: self.0.path,
            is_key: true,
            text: is_text.then_some(text.as_str()),
        };
        if (self.0.stop)(&node) {
            Err(E::custom(STOP))
        } else {
            Ok(text)
        }
    }
}

impl<'de> DeserializeSeed<'de> for Key<'_, '_> {
    type Value = String;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Key<'_, '_> {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        self.scalar(v.to_string(), false)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        self.scalar(v.to_string(), false)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        self.scalar(v.to_string(), false)
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<String, E> {
        self.scalar(v.to_string(), false)
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<String, E> {
        self.scalar(v.to_string(), false)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        self.scalar(v.to_string(), false)
    }
    fn visit_unit<E: de::Error>(self) -> Result<String, E> {
        self.scalar(String::new(), false)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        self.scalar(v.to_string(), true)
    }
    // A list or map as a key (`? [a, b]: x`) is walked like a value.
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<String, A::Error> {
        self.0.visit_seq(seq).map(|()| String::new())
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<String, A::Error> {
        self.0.visit_map(map).map(|()| String::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(text: &str, path: &[&str]) -> Option<(usize, usize)> {
        locate(text, path).map(|offset| crate::diagnostics::line_column(text, offset))
    }

    #[test]
    fn locates_values_in_block_and_flow_maps() {
        let text =
            "a: 1\nb:\n  value: 2\n  stated_change: {percent: -5, since: 2019}\nc: [x, \"y\"]\n";
        assert_eq!(place(text, &["a"]), Some((1, 4)));
        assert_eq!(place(text, &["b", "value"]), Some((3, 10)));
        assert_eq!(place(text, &["b", "stated_change", "since"]), Some((4, 39)));
        assert_eq!(place(text, &["c", "1"]), Some((5, 8)));
        assert_eq!(place(text, &["b"]), None, "a map is not a scalar");
        assert_eq!(place(text, &["d"]), None);
        assert_eq!(place("a: \"open\nb: 1\n", &["b"]), None, "broken YAML");
    }

    #[test]
    fn finds_every_match_once_with_keys_and_aliases() {
        let text = "x: &a \"bad\"\n\"bad\": 1\ny: *a\nz: [ok, bad]\n";
        let (found, more) = find_all(text, 10, |n| n.text == Some("bad"));
        assert!(!more);
        let places: Vec<_> = found
            .iter()
            .map(|&o| crate::diagnostics::line_column(text, o))
            .collect();
        // The anchored value, at its anchor (its alias is the same place), the key, the
        // list item.
        assert_eq!(places, [(1, 4), (2, 1), (4, 9)]);
        assert_eq!(
            find_all(text, 2, |n| n.text == Some("bad")),
            (found[..2].to_vec(), true)
        );
        assert_eq!(
            find_all(text, 10, |n| n.text == Some("none")),
            (vec![], false)
        );
    }

    #[test]
    fn tagged_values_are_walked() {
        let text = "a: !x \"bad\"\n";
        assert_eq!(find_all(text, 10, |n| n.text == Some("bad")).0.len(), 1);
    }
}
