//! The only module that calls the YAML parser. serde_yaml is deprecated by its author;
//! a maintained fork with the same API is a change of the `use` below (and Cargo.toml).
//! Kept apart from [`super::yaml`] (the limits and the diagnostics), which the scalar walk
//! of [`super::yaml_places`] serves: both use the bare parser, neither the other.

use serde::de::{DeserializeOwned, DeserializeSeed};
use serde_yaml as parser;

/// The parser's error: its message (which ends in " at line L column C" when it has a
/// place) and the place.
#[derive(Debug)]
pub struct Error {
    message: String,
    place: Option<Place>,
}

/// Where an error is: 1-based line and column, and the byte offset in the text.
#[derive(Debug, Clone, Copy)]
pub struct Place {
    pub line: usize,
    pub column: usize,
    pub offset: usize,
}

impl Error {
    /// The parser's message, with its place at the end when it has one.
    pub fn message(&self) -> &str {
        &self.message
    }

    pub fn place(&self) -> Option<Place> {
        self.place
    }
}

impl From<parser::Error> for Error {
    fn from(e: parser::Error) -> Self {
        Error {
            message: e.to_string(),
            place: e.location().map(|l| Place {
                line: l.line(),
                column: l.column(),
                offset: l.index(),
            }),
        }
    }
}

/// The bare parser: `text` into `T`, without the checks of [`parse`].
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, Error> {
    parser::from_str(text).map_err(Error::from)
}

/// The bare parser driving a seed (a visitor of every value).
pub fn deserialize_seed<'de, S: DeserializeSeed<'de>>(
    text: &'de str,
    seed: S,
) -> Result<S::Value, Error> {
    seed.deserialize(parser::Deserializer::from_str(text))
        .map_err(Error::from)
}

/// Any YAML value: parsing into it tells whether a text is well formed.
pub type Value = parser::Value;
