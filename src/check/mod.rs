//! `jaarverslag check`: everything `build` checks, plus what an author should see before
//! publishing: numbers in the prose that disagree with the data, and warnings about gaps
//! in the content. It builds in memory and writes nothing.

pub mod links;
pub mod prose;

use crate::derive::Dataset;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Content;

/// Errors fail `check`; warnings are shown but pass.
#[derive(Debug, Default)]
pub struct Report {
    pub errors: Diagnostics,
    pub warnings: Diagnostics,
}

/// Checks a site that has been built (the build already checked every internal link).
pub fn check_site(content: &Content, data: &Dataset) -> Report {
    let mut report = Report::default();
    let catalogue = prose::Catalogue::new(&content.metrics);
    for y in &content.years {
        if let Some(r) = &y.report {
            prose::check_prose(
                &prose::Prose {
                    file: &r.path,
                    text: &r.body,
                    first_line: r.body_line,
                    year: Some(y.year),
                },
                &catalogue,
                data,
                &mut report.errors,
            );
        }
    }
    for p in &content.publications {
        prose::check_prose(
            &prose::Prose {
                file: &p.path,
                text: &p.body,
                first_line: p.body_line,
                year: p.meta.year,
            },
            &catalogue,
            data,
            &mut report.errors,
        );
    }
    warnings(content, data, &mut report.warnings);
    report
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
        }
    }
}
