//! Stage 2: cross-check the content. Everything that parses but cannot be right (an
//! unknown metric, a negative count, a stated change the data contradict, a duplicate id)
//! is reported here with its file and line, all at once.

use crate::derive::{Change, Dataset};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{is_slug, Content};
use std::collections::{BTreeMap, BTreeSet};

/// Values above this cannot be held exactly in a 64-bit float: surely a typo.
const LARGEST_VALUE: f64 = 9_007_199_254_740_992.0;

pub fn validate(content: &Content) -> Result<(), Diagnostics> {
    let mut problems = Diagnostics::default();
    let themes = check_themes(content, &mut problems);
    let metrics = check_metrics(content, &themes, &mut problems);
    let publications: BTreeSet<&str> = content
        .publications
        .iter()
        .map(|p| p.slug.as_str())
        .collect();
    check_figures(content, &metrics, &publications, &mut problems);
    check_documents(content, &themes, &publications, &mut problems);
    check_translations(content, &mut problems);
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
            crate::load::DocKind::Report => content
                .years
                .iter()
                .any(|y| y.year.to_string() == *slug && y.report.is_some()),
            crate::load::DocKind::Publication => {
                content.publications.iter().any(|p| &p.slug == slug)
            }
            crate::load::DocKind::Page => content.pages.iter().any(|p| &p.slug == slug),
        };
        if !has_original {
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
                    .hint("use lowercase letters, digits and hyphens, e.g. online-veiligheid"),
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
) -> BTreeMap<&'a str, &'a crate::load::Metric> {
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
                    .hint("use lowercase letters, digits and hyphens, e.g. online-grooming"),
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
    metrics: &BTreeMap<&str, &crate::load::Metric>,
    publications: &BTreeSet<&str>,
    problems: &mut Diagnostics,
) {
    let data = Dataset::new(content);
    for year in &content.years {
        let file = &year.figures_path;
        for figure in &year.figures {
            let at = |message: String| Diagnostic::new(file, message).at_line(Some(figure.line));
            let Some(metric) = metrics.get(figure.metric.as_str()) else {
                problems.push(
                    at(format!("unknown metric `{}`", figure.metric)).hint(format!(
                        "add it to metrics.yaml first, or use a known id{}",
                        suggestion(&figure.metric, metrics.keys().copied())
                    )),
                );
                continue;
            };
            match figure.value {
                Some(v) if !v.is_finite() => problems.push(
                    at(format!("`{}` is not a number", figure.metric))
                        .hint("write the value as digits, e.g. 2205"),
                ),
                Some(v) if v < 0.0 => problems.push(
                    at(format!("`{}` is negative ({v})", figure.metric))
                        .hint("a count or share cannot be below zero; a decrease is computed by the site, not typed"),
                ),
                Some(v) if v > LARGEST_VALUE => problems.push(
                    at(format!("`{}` is implausibly large ({v})", figure.metric))
                        .hint("check the number for extra digits"),
                ),
                Some(v) if has_more_decimals(v, metric.decimals) => problems.push(
                    at(format!(
                        "`{}` is {v}, but this metric has {} decimal(s)",
                        figure.metric, metric.decimals
                    ))
                    .hint("write thousands without a separator: 2205, not 2.205 (YAML reads 2.205 as two point two); or set `decimals` on the metric"),
                ),
                Some(_) => {}
                None if figure.stated_change.is_none() => problems.push(
                    at(format!("`{}` has no value", figure.metric))
                        .hint("give a `value`, or a `stated_change` when the source only gives a change"),
                ),
                None => {}
            }
            if let Some(source) = &figure.source {
                check_source(source, publications, problems, || {
                    Diagnostic::new(file, "").at_line(Some(figure.line))
                });
            }
            if let Some(stated) = figure.stated_change {
                if stated.since >= year.year {
                    problems.push(
                        at(format!(
                            "`{}`: the stated change is since {}, which is not before {}",
                            figure.metric, stated.since, year.year
                        ))
                        .hint("`since` is the earlier year the source compares with"),
                    );
                } else if !stated.percent.is_finite() {
                    problems.push(at(format!(
                        "`{}`: the stated change is not a number",
                        figure.metric
                    )));
                } else if let (Some(from), Some(to)) =
                    (data.value(&figure.metric, stated.since), figure.value)
                {
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
}

/// A stated percentage agrees with the computed one when it is that number rounded to a
/// whole percent, or within one point of it (sources round in different ways).
pub fn agrees(stated: f64, computed: f64) -> bool {
    (stated - computed).abs() <= 1.0
}

fn has_more_decimals(value: f64, decimals: u8) -> bool {
    let scale = 10f64.powi(i32::from(decimals.min(6)));
    let scaled = value * scale;
    (scaled - scaled.round()).abs() > 1e-6 * scaled.abs().max(1.0)
}

/// A source that looks like a slug must be a publication: a typo would otherwise be
/// published as text.
fn check_source(
    source: &str,
    publications: &BTreeSet<&str>,
    problems: &mut Diagnostics,
    at: impl Fn() -> Diagnostic,
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
                check_source(source, publications, problems, || {
                    Diagnostic::new(&report.path, "").at_line(Some(1))
                });
            }
        }
    }
    for p in &content.publications {
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
        let year = crate::load::parse_year(&page.slug);
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
    fn decimals() {
        assert!(has_more_decimals(2.205, 0));
        assert!(!has_more_decimals(2205.0, 0));
        assert!(!has_more_decimals(12.5, 1));
        assert!(has_more_decimals(12.55, 1));
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
