//! The Tera templates of one language, and their errors as diagnostics at the template's
//! file, line and column.

use super::context::Renderer;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::format::{Date, Format};
use crate::theme::Theme;
use std::path::PathBuf;
use std::sync::Arc;
use tera::{Kwargs, State, Tera};

/// The templates for one language; every page sees `site` and `t`, serialised once per
/// language, not per page.
pub(super) fn language_tera(theme: &Theme, renderer: &Renderer<'_>) -> Result<Tera, Diagnostics> {
    let mut tera = build_tera(theme, &renderer.format)?;
    tera.global_context().insert("site", &renderer.site_view);
    tera.global_context().insert("t", &renderer.locale.strings);
    Ok(tera)
}

fn build_tera(theme: &Theme, format: &Arc<Format>) -> Result<Tera, Diagnostics> {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml", ".svg"]);
    let f = Arc::clone(format);
    tera.register_filter("number", move |x: f64, _: Kwargs, _: &State| f.number(x));
    let f = Arc::clone(format);
    tera.register_filter("change", move |x: f64, _: Kwargs, _: &State| {
        f.percent_change(x)
    });
    let lang = Arc::clone(format);
    tera.register_filter(
        "date",
        move |x: &str, _: Kwargs, _: &State| -> tera::TeraResult<String> {
            Date::parse(x)
                .map(|d| lang.date(&d))
                .map_err(tera::Error::message)
        },
    );
    // The interface strings live beside the templates but are not templates.
    let templates: Vec<(&str, &str)> = theme
        .templates
        .iter()
        .filter(|(name, _)| !name.starts_with("i18n/"))
        .map(|(name, t)| (name.as_str(), t.text.as_str()))
        .collect();
    tera.add_raw_templates(templates)
        .map_err(|e| Diagnostics::from(tera_diagnostic(theme, &e)))?;
    Ok(tera)
}

/// A Tera error as a diagnostic at the template's file, line and column.
pub(super) fn tera_diagnostic(theme: &Theme, error: &tera::Error) -> Diagnostic {
    let origin = |name: &str| -> PathBuf {
        theme
            .templates
            .get(name)
            .map(|t| t.origin.clone())
            .unwrap_or_else(|| format!("templates/{name}").into())
    };
    match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let span = report.span();
            Diagnostic::new(origin(report.filename()), report.message().to_string())
                .at(span.start_line, span.start_col + 1)
                .hint("fix the template; the Tera documentation describes its syntax")
        }
        tera::ErrorKind::TemplateNotFound(name) => {
            Diagnostic::new(origin(name), format!("template `{name}` not found"))
                .hint("add it under templates/ or remove the reference to it")
        }
        tera::ErrorKind::MissingParent { current, parent } => Diagnostic::new(
            origin(current),
            format!("extends `{parent}`, which does not exist"),
        )
        .hint("add the parent template under templates/"),
        tera::ErrorKind::Msg(text) => report_diagnostics(text, &origin)
            .into_iter()
            .next()
            .unwrap_or_else(|| Diagnostic::new("templates/", text.clone())),
        other => Diagnostic::new("templates/", other.to_string()),
    }
}

/// Tera reports some errors (an unknown filter, a missing include) only as rendered text:
/// `error: MESSAGE` followed by ` --> NAME:LINE:COLUMN`. Reads them back into diagnostics.
fn report_diagnostics(text: &str, origin: &dyn Fn(&str) -> PathBuf) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut message = None;
    for line in text.lines() {
        if let Some(m) = line.strip_prefix("error: ") {
            message = Some(m.to_string());
        } else if let Some(place) = line.trim_start().strip_prefix("--> ") {
            let mut parts = place.rsplitn(3, ':');
            let column = parts.next().and_then(|c| c.parse().ok());
            let line_no = parts.next().and_then(|l| l.parse().ok());
            if let (Some(name), Some(l), Some(c), Some(m)) =
                (parts.next(), line_no, column, message.take())
            {
                out.push(Diagnostic::new(origin(name), m).at(l, c).hint(
                    "fix the template: a filter, function or template it names does not exist",
                ));
            }
        }
    }
    out
}
