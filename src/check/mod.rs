//! `jaarverslag check`: everything `build` checks, plus what an author should see before
//! publishing: numbers in the prose that disagree with the data, and warnings about gaps
//! in the content. It builds in memory and writes nothing.

pub mod links;
pub mod prose;
mod texts;

use crate::derive::Dataset;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::format::{Format, Lang};
use crate::model::{Content, DocKind};
use crate::theme::Theme;
use prose::lexicon::Vocabulary;
use prose::{Findings, Language};
use std::collections::BTreeSet;

/// Errors fail `check`; warnings are shown but pass (with `--strict` they fail too).
#[derive(Debug, Default)]
pub struct Report {
    pub errors: Diagnostics,
    pub warnings: Diagnostics,
}

/// Checks every text of the site in every language, each with its language's words and
/// way of writing numbers: every number must be accounted for (see [`prose`]), and a
/// translation must state the figures its original states.
pub fn check_site(content: &Content, data: &Dataset, theme: &Theme) -> Report {
    let mut report = Report::default();
    report.warnings.extend(content.load_warnings.clone());
    let locales = match crate::i18n::locales(content, theme) {
        Ok(locales) => locales,
        Err(problems) => {
            report.errors.extend(problems);
            return report;
        }
    };
    let mut site_met = BTreeSet::new();
    let mut languages: Vec<(Lang, Language)> = Vec::new();
    for locale in &locales {
        let words = Vocabulary::from_strings(&locale.strings);
        let translation = (!locale.is_default).then_some(locale.lang);
        let format = Format::new(
            locale.lang,
            locale.strings.get("format_percent"),
            locale.strings.get("format_first_day"),
        )
        .ok();
        let mut lang = Language::new(&content.metrics, translation, words, format);
        lang.source_names = source_names(content, translation);
        lang.name = locale.strings.get("language_name").to_string();
        languages.push((locale.lang, lang));
    }
    for (code, lang) in &languages {
        let is_default = *code == content.config.language;
        let mut found = Findings {
            errors: &mut report.errors,
            warnings: &mut report.warnings,
            declared_met: &mut site_met,
        };
        texts::read_language(
            content,
            data,
            lang,
            (!is_default).then_some(*code),
            &mut found,
        );
    }
    texts::compare_translations(content, data, &languages, &mut report.errors);
    for what in content
        .config
        .not_figures
        .keys()
        .filter(|k| !site_met.contains(*k))
    {
        report.warnings.push(
            Diagnostic::new(
                &content.config_path,
                format!("`not_figures` lists {what}, but no text of the site has it"),
            )
            .hint(
                "remove it from not_figures in site.yaml, or copy the phrase as the text writes it",
            ),
        );
    }
    warnings(content, data, &mut report.warnings);
    report
}

/// The names a sentence may give each source by, lowercase: the source as written in
/// figures.yaml and, for a publication, its title in the language (`None` for the
/// default). The prose check accepts another source's figure in a sentence that names it.
fn source_names(
    content: &Content,
    translation: Option<Lang>,
) -> std::collections::HashMap<String, Vec<String>> {
    let mut names = std::collections::HashMap::new();
    for p in &content.publications {
        let mut list = vec![p.slug.to_lowercase(), p.meta.title.to_lowercase()];
        if let Some(lang) = translation {
            if let Some(t) = content
                .translations
                .get(&(DocKind::Publication, p.slug.clone(), lang))
            {
                list.push(t.meta.title.to_lowercase());
            }
        }
        names.insert(p.slug.clone(), list);
    }
    names
}

fn warnings(content: &Content, data: &Dataset, warnings: &mut Diagnostics) {
    for m in &content.metrics {
        if !data.has_values(&m.id) {
            warnings.push(
                Diagnostic::new(
                    &content.metrics_path,
                    format!("metric `{}` has no value in any year", m.id),
                )
                .at_line(content.metric_line(&m.id, 0))
                .hint("add its figures, or remove it until there are some"),
            );
        }
    }
    for y in &content.years {
        if y.report.is_none() && !y.figures.is_empty() {
            warnings.push(
                Diagnostic::new(
                    &y.figures_path,
                    format!("{} has figures but no report.md", y.year),
                )
                .hint(format!(
                    "write content/years/{}/report.md to tell the story behind them",
                    y.year
                )),
            );
        }
        for f in &y.figures {
            if f.source.is_none() {
                warnings.push(
                    Diagnostic::new(&y.figures_path, format!("`{}` has no source", f.metric))
                        .at_line(Some(f.line))
                        .hint("add `source:` with the publication it comes from: every figure should trace to one"),
                );
            }
            if let Some(d) = stated_and_shown_differ(y, f, data) {
                warnings.push(d.at_line(Some(f.line)).hint(
                    "the site shows the change computed from the two values: check both values \
                     against the sources, and the sentences that quote the change",
                ));
            }
        }
    }
}

/// A stated change that the data agree with (within a point, as validation allows) but
/// that the site, which shows the change computed from the values, shows as another whole
/// percent. Measured before: a report said +21% as stated against a year without a value;
/// once that year's value was filled in, the same sentence said +22%, with no warning.
fn stated_and_shown_differ(
    y: &crate::model::YearContent,
    f: &crate::model::Figure,
    data: &Dataset,
) -> Option<Diagnostic> {
    let stated = f.stated_change?;
    let from = data.value(&f.metric, stated.since)?;
    let computed = crate::derive::Change::between(stated.since, from, y.year, f.value?).percent?;
    (computed.round() != stated.percent.round()).then(|| {
        Diagnostic::new(
            &y.figures_path,
            format!(
                "`{}`: the source states {:+}% since {}, the site shows {:+.0}% (computed from {} → {})",
                f.metric, stated.percent, stated.since, computed, from, f.value.unwrap_or_default()
            ),
        )
    })
}
