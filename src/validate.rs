//! Stage 2: cross-check the content. Everything that parses but cannot be right (an
//! unknown metric, a negative count, a stated change the data contradict, a duplicate id)
//! is reported here with its file and line, all at once.

use crate::derive::{Change, Dataset};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::place_in_yaml;
use crate::model::{is_slug, Content, Figure, YearContent};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

mod comparability;
mod filler;
mod placeholders;
mod provenance;
mod titles;
mod translations;
pub use placeholders::{FIGURES_HEADER, FIGURE_LINE, MARKER as PLACEHOLDER};
pub use translations::translation_path;

pub fn validate(content: &Content) -> Result<(), Diagnostics> {
    let mut problems = Diagnostics::default();
    let themes = check_themes(content, &mut problems);
    let metrics = check_metrics(content, &themes, &mut problems);
    // A publication that could not be read is still there to cite: its error is named.
    let unread_publications = content.unread.iter().filter_map(|path| {
        let in_publications = path.parent()?.file_name()? == "publications";
        let stem = path.file_stem()?.to_str()?;
        (in_publications && is_slug(stem)).then_some(stem)
    });
    let publications: BTreeSet<&str> = content
        .publications
        .iter()
        .map(|p| p.slug.as_str())
        .chain(unread_publications)
        .collect();
    check_figures(content, &metrics, &publications, &mut problems);
    check_documents(content, &themes, &publications, &mut problems);
    check_translations(content, &mut problems);
    translations::check(content, &mut problems);
    provenance::check_publications(content, &mut problems);
    placeholders::check(content, &mut problems);
    titles::check(content, &mut problems);
    filler::check(content, &mut problems);
    problems.into_result(())
}

/// Every configured language has a translation of every theme, comparison, event and
/// metric (a page half in one language is worse than none), no translation is for a
/// language the site does not publish, and every translated document has its original.
fn check_translations(content: &Content, problems: &mut Diagnostics) {
    let config = &content.config;
    let languages: Vec<crate::format::Lang> = config.languages.keys().copied().collect();
    if config.languages.contains_key(&config.language) {
        problems.push(
            Diagnostic::new(
                &content.config_path,
                format!(
                    "`languages` lists `{}`, the default language",
                    config.language.code()
                ),
            )
            .hint("list only the other languages under `languages`"),
        );
    }
    let codes = |langs: &[crate::format::Lang]| -> String {
        langs
            .iter()
            .map(|l| l.code())
            .collect::<Vec<_>>()
            .join(", ")
    };
    // `what` names the thing; `have` are its translations; `line` where it is.
    let mut require = |file: &std::path::Path,
                       line: Option<usize>,
                       what: String,
                       have: Vec<crate::format::Lang>| {
        for lang in &languages {
            if !have.contains(lang) {
                problems.push(
                    Diagnostic::new(file, format!("{what} has no `{}` translation", lang.code()))
                        .at_line(line)
                        .hint(format!(
                            "add `translations: {{{}: {{...}}}}` (see the README, Languages)",
                            lang.code()
                        )),
                );
            }
        }
        for lang in have.iter().filter(|l| !languages.contains(l)) {
            problems.push(
                Diagnostic::new(
                    file,
                    format!("{what} has a `{}` translation, but the site does not publish that language", lang.code()),
                )
                .at_line(line)
                .hint(format!("add it under `languages` in site.yaml (now: {})", codes(&languages))),
            );
        }
    };
    for t in &config.themes {
        require(
            &content.config_path,
            None,
            format!("theme `{}`", t.id),
            t.translations.keys().copied().collect(),
        );
        for c in &t.compare {
            require(
                &content.config_path,
                None,
                format!("comparison `{}`", c.title),
                c.translations.keys().copied().collect(),
            );
        }
    }
    for k in &config.kinds {
        require(
            &content.config_path,
            None,
            format!("publication kind `{}`", k.id),
            k.translations.keys().copied().collect(),
        );
    }
    for e in &config.events {
        require(
            &content.config_path,
            None,
            format!("event `{}`", e.label),
            e.translations.keys().copied().collect(),
        );
    }
    for m in &content.metrics {
        let line = content.metric_line(&m.id, 0);
        require(
            &content.metrics_path,
            line,
            format!("metric `{}`", m.id),
            m.translations.keys().copied().collect(),
        );
    }
    for ((kind, slug, lang), doc) in &content.translations {
        if !languages.contains(lang) {
            problems.push(
                Diagnostic::new(
                    &doc.path,
                    format!(
                        "a `{}` translation, but the site does not publish that language",
                        lang.code()
                    ),
                )
                .hint("add the language under `languages` in site.yaml, or remove the file"),
            );
        }
        let has_original = match kind {
            crate::model::DocKind::Report => content
                .years
                .iter()
                .any(|y| y.year.to_string() == *slug && y.report.is_some()),
            crate::model::DocKind::Publication => {
                content.publications.iter().any(|p| &p.slug == slug)
            }
            crate::model::DocKind::Page => content.pages.iter().any(|p| &p.slug == slug),
        };
        // An original that could not be read has its own error already.
        let unread_original = original_path(&doc.path).is_some_and(|p| content.unread.contains(&p));
        if !has_original && !unread_original {
            problems.push(
                Diagnostic::new(&doc.path, "a translation without its original")
                    .hint("the document in the default language (the same name without the language code) must exist"),
            );
        }
    }
}

fn check_themes<'a>(content: &'a Content, problems: &mut Diagnostics) -> BTreeSet<&'a str> {
    let file = &content.config_path;
    let mut seen = BTreeSet::new();
    for theme in &content.config.themes {
        if !is_slug(&theme.id) {
            problems.push(
                Diagnostic::new(file, format!("theme id `{}` is not a valid id", theme.id))
                    .hint("use lowercase letters, digits and hyphens, e.g. online-safety"),
            );
        }
        if !seen.insert(theme.id.as_str()) {
            problems.push(
                Diagnostic::new(file, format!("theme `{}` is defined twice", theme.id))
                    .hint("give each theme a unique id"),
            );
        }
    }
    for event in &content.config.events {
        if event.to.is_some_and(|to| to < event.from) {
            problems.push(
                Diagnostic::new(
                    file,
                    format!("event `{}` ends before it starts", event.label),
                )
                .hint("`to` must be the same year as `from` or later"),
            );
        }
        for theme in &event.themes {
            if !seen.contains(theme.as_str()) {
                problems.push(
                    Diagnostic::new(
                        file,
                        format!("event `{}` names unknown theme `{theme}`", event.label),
                    )
                    .hint(known("themes", &seen)),
                );
            }
        }
    }
    seen
}

fn check_metrics<'a>(
    content: &'a Content,
    themes: &BTreeSet<&str>,
    problems: &mut Diagnostics,
) -> BTreeMap<&'a str, &'a crate::model::Metric> {
    let file = &content.metrics_path;
    let mut metrics = BTreeMap::new();
    let mut occurrences: BTreeMap<&str, usize> = BTreeMap::new();
    for metric in &content.metrics {
        let n = occurrences.entry(metric.id.as_str()).or_default();
        let line = content.metric_line(&metric.id, *n);
        *n += 1;
        if !is_slug(&metric.id) {
            problems.push(
                Diagnostic::new(file, format!("metric id `{}` is not a valid id", metric.id))
                    .at_line(line)
                    .hint("use lowercase letters, digits and hyphens, e.g. online-safety"),
            );
        }
        if metrics.insert(metric.id.as_str(), metric).is_some() {
            problems.push(
                Diagnostic::new(file, format!("metric `{}` is defined twice", metric.id))
                    .at_line(line)
                    .hint("each metric appears once in the catalogue; rename or remove one"),
            );
        }
        if !themes.contains(metric.theme.as_str()) {
            problems.push(
                Diagnostic::new(
                    file,
                    format!(
                        "metric `{}` has unknown theme `{}`",
                        metric.id, metric.theme
                    ),
                )
                .at_line(line)
                .hint(known("themes in site.yaml", themes)),
            );
        }
    }
    for theme in &content.config.themes {
        for group in &theme.compare {
            for id in &group.metrics {
                match metrics.get(id.as_str()) {
                    None => problems.push(
                        Diagnostic::new(
                            &content.config_path,
                            format!(
                                "theme `{}` compares unknown metric `{id}` in `{}`",
                                theme.id, group.title
                            ),
                        )
                        .hint("list metric ids from metrics.yaml"),
                    ),
                    Some(m) if m.theme != theme.id => problems.push(
                        Diagnostic::new(
                            &content.config_path,
                            format!(
                                "theme `{}` compares metric `{id}`, which belongs to theme `{}`",
                                theme.id, m.theme
                            ),
                        )
                        .hint("compare only a theme's own metrics"),
                    ),
                    Some(_) => {}
                }
            }
        }
    }
    metrics
}

fn check_figures(
    content: &Content,
    metrics: &BTreeMap<&str, &crate::model::Metric>,
    publications: &BTreeSet<&str>,
    problems: &mut Diagnostics,
) {
    let data = Dataset::new(content);
    let languages: Vec<crate::format::Lang> = content.config.languages.keys().copied().collect();
    for year in &content.years {
        for figure in &year.figures {
            let place = Place { year, figure };
            let at = |message: String| place.at(&[], message);
            if !metrics.contains_key(figure.metric.as_str()) {
                problems.push(
                    at(format!("unknown metric `{}`", figure.metric)).hint(format!(
                        "add it to metrics.yaml first, or use a known id{}",
                        suggestion(&figure.metric, metrics.keys().copied())
                    )),
                );
                continue;
            }
            // A value's own range (not below zero, not too large to keep exactly) is
            // checked as figures.yaml is read: load/figure_numbers.rs.
            match figure.value {
                Some(_) => {}
                None if figure.stated_change.is_none() => {
                    problems.push(at(format!("`{}` has no value", figure.metric)).hint(
                        "give a `value`, or a `stated_change` when the source only gives a change",
                    ))
                }
                None => {}
            }
            if let Some(source) = &figure.source {
                check_source(source, publications, problems, &|| {
                    place.at(&["source"], String::new())
                });
            }
            provenance::check_figure(
                figure,
                &languages,
                &|source, problems, at| check_source(source, publications, problems, at),
                &|field, message| place.at(field, message),
                problems,
            );
            comparability::check_stated_fraction(&place, metrics[figure.metric.as_str()], problems);
            if let Some(stated) = figure.stated_change {
                // Its `since` (a year before this one) and its percentage (a number, not
                // a fall of more than 100%) are checked as figures.yaml is read. Across
                // two publishers the source compares with its own count, which the site
                // does not have: nothing to check it against.
                let comparable = data.same_publisher(&figure.metric, year.year, stated.since);
                if let (true, Some(from), Some(to)) = (
                    comparable,
                    data.value(&figure.metric, stated.since),
                    figure.value,
                ) {
                    let change = Change::between(stated.since, from, year.year, to);
                    if let Some(computed) = change.percent {
                        if !agrees(stated.percent, computed) {
                            problems.push(
                                at(format!(
                                    "`{}`: the source states {:+}% since {}, but the data give {:+.1}% ({} → {})",
                                    figure.metric, stated.percent, stated.since, computed, from, to
                                ))
                                .hint("one of the two values or the stated change is wrong: check them against the source"),
                            );
                        }
                    }
                }
            }
        }
    }
    comparability::check(content, &data, problems);
}

/// Where a figure and its fields are in figures.yaml, for diagnostics.
struct Place<'a> {
    year: &'a YearContent,
    figure: &'a Figure,
}

impl Place<'_> {
    /// The line and column of `field`'s value (`["value"]`, `["stated_change",
    /// "since"]`); `value` is the figure itself when it is written bare (`grooming:
    /// 43`). Parses figures.yaml again: called for errors only.
    fn find(&self, field: &[&str]) -> Option<(usize, usize)> {
        let text = &self.year.figures_text;
        let metric = self.figure.metric.as_str();
        if field.is_empty() {
            return None;
        }
        let path: Vec<&str> = std::iter::once(metric)
            .chain(field.iter().copied())
            .collect();
        place_in_yaml(text, &path).or_else(|| {
            (field == ["value"])
                .then(|| place_in_yaml(text, &[metric]))
                .flatten()
        })
    }

    /// A diagnostic at `field`'s value, or at the figure's key when it is not found.
    fn at(&self, field: &[&str], message: String) -> Diagnostic {
        let d = Diagnostic::new(&self.year.figures_path, message);
        match self.find(field) {
            Some((line, column)) => d.at(line, column),
            None => d.at_line(Some(self.figure.line)),
        }
    }

    /// The number at `field` as the author wrote it (`1e308`, `9007199254740993`), not
    /// as it was read; `value` as read when it is not found.
    fn written(&self, field: &[&str], value: impl ToString) -> String {
        self.find(field)
            .map(|(line, column)| written_at(&self.year.figures_text, line, column))
            .filter(|w| !w.is_empty())
            .map_or_else(|| value.to_string(), str::to_string)
    }
}

/// The plain scalar at 1-based `line` and `column` of a YAML text, as written: up to the
/// end of the line, a comma, a closing bracket or a comment.
fn written_at(text: &str, line: usize, column: usize) -> &str {
    let Some(line_text) = text.lines().nth(line - 1) else {
        return "";
    };
    let start = line_text
        .char_indices()
        .nth(column - 1)
        .map_or(line_text.len(), |(i, _)| i);
    let rest = &line_text[start..];
    let end = rest.find([',', '}', ']', '#']).unwrap_or(rest.len());
    rest[..end].trim()
}

/// A stated percentage agrees with the computed one when it is that number rounded to a
/// whole percent, or within one point of it (sources round in different ways).
pub fn agrees(stated: f64, computed: f64) -> bool {
    (stated - computed).abs() <= 1.0
}

/// The original of a translation's file: `over.fr.md` → `over.md`.
fn original_path(translation: &Path) -> Option<PathBuf> {
    let stem = translation.file_stem()?.to_str()?;
    let (base, _language) = stem.rsplit_once('.')?;
    Some(translation.with_file_name(format!("{base}.md")))
}

/// A source that looks like a slug must be a publication: a typo would otherwise be
/// published as text.
fn check_source(
    source: &str,
    publications: &BTreeSet<&str>,
    problems: &mut Diagnostics,
    at: &dyn Fn() -> Diagnostic,
) {
    if is_slug(source) && !publications.contains(source) {
        let mut d = at();
        d.message = format!("source `{source}` is not a publication");
        problems.push(d.hint(format!(
            "name a file in publications/ without .md, or write the source as text{}",
            suggestion(source, publications.iter().copied())
        )));
    }
}

fn check_documents(
    content: &Content,
    themes: &BTreeSet<&str>,
    publications: &BTreeSet<&str>,
    problems: &mut Diagnostics,
) {
    for year in &content.years {
        if let Some(report) = &year.report {
            for source in &report.meta.sources {
                check_source(source, publications, problems, &|| {
                    Diagnostic::new(&report.path, "").at_line(Some(1))
                });
            }
        }
    }
    let kinds = content.config.kind_ids();
    for (i, kind) in kinds.iter().enumerate() {
        if !is_slug(kind) || kinds[..i].contains(kind) {
            problems.push(
                Diagnostic::new(&content.config_path, format!("the publication kind `{kind}` is not a plain, new id"))
                    .hint("give each kind under `kinds:` its own id of lowercase letters, digits and hyphens, e.g. press-release"),
            );
        }
    }
    for p in &content.publications {
        if !kinds.contains(&p.meta.kind.as_str()) {
            let kind = &p.meta.kind;
            // Only on this error: the file again, for the line of `kind:`.
            let line = std::fs::read_to_string(content.root.join(&p.path))
                .ok()
                .and_then(|text| text.lines().position(|l| l.starts_with("kind:")))
                .map_or(1, |i| i + 1);
            let declared = if content.config.kinds.is_empty() {
                "the theme's kinds (site.yaml declares none under `kinds:`)"
            } else {
                "kinds in site.yaml"
            };
            problems.push(
                Diagnostic::new(&p.path, format!("unknown publication kind `{kind}`"))
                    .at_line(Some(line))
                    .hint(format!(
                        "{}{}; a kind of your own is declared in site.yaml under `kinds:` (README, Your own site)",
                        known(declared, kinds.iter()),
                        suggestion(kind, kinds.iter().copied())
                    )),
            );
        }
        for theme in &p.meta.themes {
            if !themes.contains(theme.as_str()) {
                problems.push(
                    Diagnostic::new(&p.path, format!("unknown theme `{theme}`"))
                        .at_line(Some(1))
                        .hint(known("themes in site.yaml", themes)),
                );
            }
        }
    }
    // Pages and year folders share the top level of the URL space; a slug of four digits
    // is not a slug is_slug rejects, so check it here, for the years to come.
    for page in &content.pages {
        let year = crate::model::parse_year(&page.slug);
        // A year there is already collides: crate::urls names both.
        if year.is_some_and(|year| content.years.iter().all(|y| y.year != year)) {
            problems.push(
                Diagnostic::new(
                    &page.path,
                    format!("the page slug `{}` looks like a year", page.slug),
                )
                .hint("rename the file: /<year>/ is the year's report"),
            );
        }
    }
}

fn known<'a>(what: &str, ids: impl IntoIterator<Item = &'a &'a str>) -> String {
    let list: Vec<&str> = ids.into_iter().copied().collect();
    format!("known {what}: {}", list.join(", "))
}

/// ", did you mean `x`?" for the closest id, when one is close.
pub fn suggestion<'a>(wrong: &str, candidates: impl Iterator<Item = &'a str>) -> String {
    candidates
        .map(|c| (edit_distance(wrong, c), c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 4))
        .min()
        .map(|(_, c)| format!(" (did you mean `{c}`?)"))
        .unwrap_or_default()
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_rule() {
        assert!(agrees(47.0, 46.9));
        assert!(agrees(45.0, 45.8));
        assert!(!agrees(54.0, 45.0));
        assert!(!agrees(21.0, 23.5));
    }

    #[test]
    fn suggests_close_ids() {
        let ids = ["weglopers", "grooming"];
        assert_eq!(
            suggestion("weglopres", ids.iter().copied()),
            " (did you mean `weglopers`?)"
        );
        assert_eq!(suggestion("xyz", ids.iter().copied()), "");
    }
}
