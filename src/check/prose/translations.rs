//! A translation states the same figures as its original: the same numbers (as values,
//! however each language writes them, typed or written by a `figure` shortcode) and the
//! same `change` shortcodes, title and summary included. Numbers written in words in one language and in digits in the other differ
//! too: that is how a "66" in French slips past a "57" in Dutch.

use super::numbers::{self, Number};
use super::text::{calls, lowercase, mask};
use super::{is_day, Language};
use crate::derive::Dataset;
use crate::diagnostics::Diagnostic;
use std::path::Path;

/// One document's words: its title, summary and body.
pub struct Texts<'a> {
    pub file: &'a Path,
    pub title: &'a str,
    pub summary: &'a str,
    pub body: &'a str,
}

fn what_it_states(
    texts: &Texts,
    lang: &Language,
    data: &Dataset,
    year: Option<i32>,
) -> (Vec<String>, Vec<String>) {
    let mut values = Vec::new();
    let mut calls = Vec::new();
    for text in [texts.title, texts.summary, texts.body] {
        let (numbers, written, c) = stated_figures(text, lang, data, year);
        values.extend(written.iter().map(|v| super::judge::show(*v)));
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

/// What is in `a` and not in `b`, as many times as it is missing, in `a`'s order.
fn missing(a: &[String], b: &[String]) -> Vec<String> {
    let mut rest: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for y in b {
        *rest.entry(y.as_str()).or_default() += 1;
    }
    let mut out = Vec::new();
    for x in a {
        match rest.get_mut(x.as_str()) {
            Some(n) if *n > 0 => *n -= 1,
            _ => out.push(x.clone()),
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
    data: &Dataset,
    year: Option<i32>,
) -> Option<Diagnostic> {
    let (ov, oc) = what_it_states(original, original_lang, data, year);
    let (tv, tc) = what_it_states(translation, translation_lang, data, year);
    let (extra, lacking) = (missing(&tv, &ov), missing(&ov, &tv));
    let (extra_calls, lacking_calls) = (missing(&tc, &oc), missing(&oc, &tc));
    if extra.is_empty() && lacking.is_empty() && extra_calls.is_empty() && lacking_calls.is_empty()
    {
        return None;
    }
    let list = |items: &[String]| {
        let mut shown: Vec<&str> = items.iter().take(10).map(String::as_str).collect();
        let more = items.len().saturating_sub(10);
        let more = format!("and {more} more");
        if items.len() > 10 {
            shown.push(&more);
            return shown.join(", ");
        }
        shown.join(", ")
    };
    let mut parts = Vec::new();
    let name = |p: &Path| {
        p.file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
    };
    if !extra.is_empty() {
        parts.push(format!(
            "it states {} where {} does not",
            list(&extra),
            name(original.file)
        ));
    }
    if !lacking.is_empty() {
        parts.push(format!(
            "it lacks {} that {} states",
            list(&lacking),
            name(original.file)
        ));
    }
    if !extra_calls.is_empty() {
        parts.push(format!(
            "it has {} that {} has not",
            list(&extra_calls),
            name(original.file)
        ));
    }
    if !lacking_calls.is_empty() {
        parts.push(format!(
            "it lacks {} of {}",
            list(&lacking_calls),
            name(original.file)
        ));
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

/// What a text states: the numbers typed in it that could be figures (not years, not
/// days), each as a value, and what each `figure` shortcode writes, as its value (a
/// figure is the same whether typed or written by a shortcode); a `change` shortcode by
/// its arguments.
fn stated_figures(
    text: &str,
    lang: &Language,
    data: &Dataset,
    year: Option<i32>,
) -> (Vec<Number>, Vec<f64>, Vec<String>) {
    let masked = mask(text);
    let lower = lowercase(&masked);
    let numbers = numbers::numbers(&masked, &lang.style, &lang.words.percent)
        .into_iter()
        .filter(|n| !n.is_year() && !is_day(&lower, n, &lang.months))
        .collect();
    let mut values = Vec::new();
    let mut changes = Vec::new();
    for c in calls(text) {
        let id = c.id.clone().unwrap_or_default();
        match c.name.as_str() {
            "figure" => {
                let at = c.year.or(year);
                let value = at.and_then(|y| match &c.source {
                    Some(source) => data
                        .figure(&id, y)?
                        .other_sources
                        .iter()
                        .find(|o| &o.source == source)
                        .map(|o| o.value),
                    None => data.value(&id, y),
                });
                // A figure the data do not have is an error of its own (the shortcode's):
                // it is not said twice here.
                if let Some(v) = value {
                    values.push(v);
                }
            }
            "change" => changes.push(format!(
                "change(id=\"{id}\"{}{})",
                c.year.map(|y| format!(", year={y}")).unwrap_or_default(),
                c.since.map(|y| format!(", since={y}")).unwrap_or_default()
            )),
            _ => {}
        }
    }
    (numbers, values, changes)
}
