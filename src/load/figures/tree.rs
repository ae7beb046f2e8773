//! figures.yaml as a tree that keeps each scalar's text as typed and where it stands:
//! what the [`Reader`](super::Reader) reads figures from.

use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, IgnoredAny, MapAccess};
use serde::de::{SeqAccess, VariantAccess, Visitor};
use std::fmt;

/// A value in figures.yaml as the parser met it.
#[derive(Debug)]
pub(super) enum Node<'t> {
    /// A number: the parser gives its value, not its text.
    Number(f64),
    /// Text, lent from the file when the parser could (then it says where it is).
    Text {
        text: String,
        lent: Option<&'t str>,
    },
    /// Nothing (`key:` with no value), `~` or `null`.
    Empty,
    /// `true` or `false`.
    Bool(bool),
    /// A list (`other_sources`).
    List(Vec<Node<'t>>),
    /// A value with a YAML tag.
    Other(&'static str),
    Map(Vec<(Key<'t>, Node<'t>)>),
}

/// A map key: its text, lent from the file when it was written as text.
#[derive(Debug)]
pub(super) struct Key<'t> {
    pub(super) text: String,
    pub(super) lent: Option<&'t str>,
}

pub(super) struct NodeSeed;

impl<'de> DeserializeSeed<'de> for NodeSeed {
    type Value = Node<'de>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node<'de>, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a figure")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Node<'de>, E> {
        Ok(Node::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node<'de>, E> {
        Ok(Node::Number(v as f64))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node<'de>, E> {
        Ok(Node::Number(v as f64))
    }
    // Numbers beyond 64 bits: validation says they are implausibly large.
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Node<'de>, E> {
        Ok(Node::Number(v as f64))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Node<'de>, E> {
        Ok(Node::Number(v as f64))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node<'de>, E> {
        Ok(Node::Number(v))
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Node<'de>, E> {
        Ok(Node::Text {
            text: v.to_string(),
            lent: Some(v),
        })
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Node<'de>, E> {
        Ok(Node::Text {
            text: v.to_string(),
            lent: None,
        })
    }
    fn visit_unit<E: de::Error>(self) -> Result<Node<'de>, E> {
        Ok(Node::Empty)
    }
    fn visit_none<E: de::Error>(self) -> Result<Node<'de>, E> {
        Ok(Node::Empty)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node<'de>, D::Error> {
        deserializer.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node<'de>, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(NodeSeed)? {
            items.push(item);
        }
        Ok(Node::List(items))
    }
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Node<'de>, A::Error> {
        let (IgnoredAny, variant) = data.variant::<IgnoredAny>()?;
        variant.newtype_variant::<IgnoredAny>()?;
        Ok(Node::Other("a value with a YAML tag (`!`)"))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node<'de>, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            entries.push((key, map.next_value_seed(NodeSeed)?));
        }
        Ok(Node::Map(entries))
    }
}

struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key<'de>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key<'de>, D::Error> {
        // A key written as a list or map is read like a value, and then has no text.
        Ok(match deserializer.deserialize_any(NodeVisitor)? {
            Node::Text { text, lent } => Key { text, lent },
            Node::Number(v) => Key {
                text: v.to_string(),
                lent: None,
            },
            _ => Key {
                text: String::new(),
                lent: None,
            },
        })
    }
}

/// Where `lent` (text the parser lent from `text`) starts in `text`, if it is lent from
/// there. Plain address arithmetic: nothing is read through the pointer.
pub(super) fn offset_in(text: &str, lent: &str) -> Option<usize> {
    let offset = (lent.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
    (offset + lent.len() <= text.len() && text.is_char_boundary(offset)).then_some(offset)
}

/// The literal of a number written after `key` (lent from `text`), and where it starts:
/// skips the key's closing quote, the colon, blanks, line ends and comments, and takes
/// the scalar up to a blank, a comma or a bracket. In braces, YAML reads `1,586` as the
/// value 1 and a key `586`: the literal then takes the groups of three digits after a
/// comma with it. `None` when no colon follows the key. The caller checks that the
/// literal is the number the parser read, so an anchor, alias or tag is never taken for
/// it.
pub(super) fn literal_after(text: &str, key: &str) -> Option<(usize, String)> {
    let bytes = text.as_bytes();
    let mut i = offset_in(text, key)? + key.len();
    if matches!(bytes.get(i), Some(b'"' | b'\'')) {
        i += 1;
    }
    while matches!(bytes.get(i), Some(b' ' | b'\t')) {
        i += 1;
    }
    if bytes.get(i) != Some(&b':') {
        return None;
    }
    i += 1;
    loop {
        match bytes.get(i) {
            Some(b' ' | b'\t' | b'\n') => i += 1,
            Some(b'#') => i += text[i..].find('\n').unwrap_or(text.len() - i),
            _ => break,
        }
    }
    let stops = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b',' | b'}' | b']' | b'#');
    let length = bytes[i..].iter().position(stops).unwrap_or(bytes.len() - i);
    let mut end = i + length;
    while bytes.get(end) == Some(&b',')
        && bytes.len() >= end + 4
        && bytes[end + 1..end + 4].iter().all(u8::is_ascii_digit)
        && bytes.get(end + 4).is_none_or(stops)
    {
        end += 4;
    }
    Some((i, text[i..end].to_string()))
}

/// Finds the lines of top-level keys, in the order they appear. Scans forward only, so
/// a whole file costs one pass.
pub(super) struct KeyLines<'t> {
    text: &'t str,
    offset: usize,
    line: usize,
}

impl<'t> KeyLines<'t> {
    pub(super) fn new(text: &'t str) -> Self {
        KeyLines {
            text,
            offset: 0,
            line: 1,
        }
    }

    /// The 1-based line on which `key:` next starts a line (1 if it is not found).
    pub(super) fn next(&mut self, key: &str) -> usize {
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
