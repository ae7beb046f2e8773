//! A translation states the same figures as its original: the same numbers (as values,
//! however each language writes them) and the same shortcodes, title and summary
//! included. Numbers written in words in one language and in digits in the other differ
//! too: that is how a "66" in French slips past a "57" in Dutch.

use super::{stated_figures, Language};
use crate::diagnostics::Diagnostic;
use std::path::Path;

/// One document's words: its title, summary and body.
pub struct Texts<'a> {
    pub file: &'a Path,
    pub title: &'a str,
    pub summary: &'a str,
    pub body: &'a str,
}

fn what_it_states(texts: &Texts, lang: &Language) -> (Vec<String>, Vec<String>) {
    let mut values = Vec::new();
    let mut calls = Vec::new();
    for text in [texts.title, texts.summary, texts.body] {
        let (numbers, c) = stated_figures(text, lang);
        values.extend(numbers.iter().map(|n| {
            let sign = match n.sign {
                Some(false) => "−",
                _ => "",
            };
            format!(
                "{sign}{}{}",
                super::judge::show(n.value),
                if n.percent { "%" } else { "" }
            )
        }));
        calls.extend(c);
    }
    (values, calls)
}

/// What is in `a` and not in `b`, as many times as it is missing.
fn missing(a: &[String], b: &[String]) -> Vec<String> {
    let mut rest = b.to_vec();
    let mut out = Vec::new();
    for x in a {
        match rest.iter().position(|y| y == x) {
            Some(i) => {
                rest.remove(i);
            }
            None => out.push(x.clone()),
        }
    }
    out
}

/// The error when `translation` states other figures than `original`.
pub fn compare(
    original: &Texts,
    original_lang: &Language,
    translation: &Texts,
    translation_lang: &Language,
) -> Option<Diagnostic> {
    let (ov, oc) = what_it_states(original, original_lang);
    let (tv, tc) = what_it_states(translation, translation_lang);
    let (extra, lacking) = (missing(&tv, &ov), missing(&ov, &tv));
    let (extra_calls, lacking_calls) = (missing(&tc, &oc), missing(&oc, &tc));
    if extra.is_empty() && lacking.is_empty() && extra_calls.is_empty() && lacking_calls.is_empty()
    {
        return None;
    }
    let mut parts = Vec::new();
    let name = |p: &Path| p.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    if !extra.is_empty() {
        parts.push(format!("it states {} where {} does not", extra.join(", "), name(original.file)));
    }
    if !lacking.is_empty() {
        parts.push(format!("it lacks {} that {} states", lacking.join(", "), name(original.file)));
    }
    if !extra_calls.is_empty() {
        parts.push(format!("it has {} that {} has not", extra_calls.join(", "), name(original.file)));
    }
    if !lacking_calls.is_empty() {
        parts.push(format!("it lacks {} of {}", lacking_calls.join(", "), name(original.file)));
    }
    Some(
        Diagnostic::new(
            translation.file,
            format!(
                "this translation does not state the same figures as {}: {}",
                original.file.display(),
                parts.join("; ")
            ),
        )
        .hint("a translation states the same figures as its original, title and summary included: correct whichever is wrong, and write a number in digits in both or in words in both"),
    )
}
