//! A figure's provenance in figures.yaml: the revision it replaces, the other sources that
//! give another value, and their dates. Part of the [`Reader`](super::Reader).

use super::{Key, Node, Reader, OTHER_SOURCE, REPLACES};
use crate::format::Date;
use crate::model::{OtherSource, Revision};

impl Reader<'_> {
    /// A date as text or number (`2021-05`, `2021`), at its place.
    fn date(&mut self, what: &str, key: &Key, node: Node, line: usize) -> Option<Date> {
        let place = self.place_near(key, &node, line);
        let text = self.text_field(what, "date", key, node, line)?;
        match Date::parse(text.trim()) {
            Ok(date) => Some(date),
            Err(message) => {
                self.problem(
                    place,
                    format!("{what}: {message}"),
                    "write the date of publication as YYYY-MM-DD, YYYY-MM or YYYY",
                );
                None
            }
        }
    }

    pub(super) fn revision(
        &mut self,
        metric: &str,
        key: &Key,
        node: Node,
        line: usize,
    ) -> Option<Revision> {
        let what = format!("`{metric}`: the value it replaces");
        let fields = self.small_map(
            &what,
            key,
            node,
            line,
            &["value", "source", "date"],
            REPLACES,
        )?;
        let (mut value, mut source, mut date, mut broken) = (None, None, None, false);
        for (field, node) in fields {
            match field.text.as_str() {
                "value" => {
                    value = self.value(metric, &field, node, line);
                    broken |= value.is_none();
                }
                "source" => source = self.text_field(metric, "source", &field, node, line),
                _ => date = self.date(&what, &field, node, line),
            }
        }
        match (value, source) {
            (Some(value), Some(source)) => Some(Revision {
                value,
                source,
                date,
            }),
            (value, _) => {
                if !broken {
                    let missing = if value.is_some() { "source" } else { "value" };
                    let place = self.place_of(key.lent).unwrap_or((line, 1));
                    self.problem(place, format!("{what} has no `{missing}`"), REPLACES);
                }
                None
            }
        }
    }

    pub(super) fn other_sources(
        &mut self,
        metric: &str,
        key: &Key,
        node: Node,
        line: usize,
    ) -> Vec<OtherSource> {
        let Node::List(items) = node else {
            let place = self.place_near(key, &node, line);
            self.problem(
                place,
                format!("`{metric}`: other_sources is not a list"),
                OTHER_SOURCE,
            );
            return Vec::new();
        };
        let what = format!("`{metric}`: another source");
        let known = ["value", "source", "date", "url", "note", "translations"];
        let mut others = Vec::new();
        for item in items {
            let Some(fields) = self.small_map(&what, key, item, line, &known, OTHER_SOURCE) else {
                continue;
            };
            let mut other = OtherSource::default();
            let place = fields
                .first()
                .and_then(|(k, _)| self.place_of(k.lent))
                .unwrap_or((line, 1));
            other.line = place.0;
            let (mut value, mut source, mut broken) = (None, None, false);
            for (field, node) in fields {
                match field.text.as_str() {
                    "value" => {
                        value = self.value(metric, &field, node, line);
                        broken |= value.is_none();
                    }
                    "source" => source = self.text_field(metric, "source", &field, node, line),
                    "date" => other.date = self.date(&what, &field, node, line),
                    "url" => other.url = self.text_field(metric, "url", &field, node, line),
                    "note" => other.note = self.text_field(metric, "note", &field, node, line),
                    _ => {
                        let texts = self.translations(&what, &field, node, line, &["note"]);
                        for (lang, mut text) in texts {
                            if let Some(note) = text.remove("note") {
                                other.translations.insert(lang, note);
                            }
                        }
                    }
                }
            }
            match (value, source) {
                (Some(value), Some(source)) => {
                    other.value = value;
                    other.source = source;
                    others.push(other);
                }
                (value, _) if !broken => {
                    let missing = if value.is_some() { "source" } else { "value" };
                    self.problem(place, format!("{what} has no `{missing}`"), OTHER_SOURCE);
                }
                _ => {}
            }
        }
        others
    }
}
