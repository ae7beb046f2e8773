//! Shortcodes: numbers and charts from the data, inside an author's Markdown.

use super::context::Renderer;
use super::templates::tera_diagnostic;
use super::views::ChartView;
use crate::derive::{NoChange, ShownChange};
use crate::diagnostics::Diagnostics;
use crate::markdown::{Expansion, Host, MarkdownError, Shortcode};
use crate::model::Metric;
use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;

/// Expands shortcodes in one document.
pub(super) struct ShortcodeHost<'r, 'a> {
    pub renderer: &'r Renderer<'a>,
    pub default_year: Option<i32>,
    /// Numbers the charts of one document, so their ids are unique on the page.
    pub counter: Cell<usize>,
    /// Errors of the chart template (a site's own partial), told at the template.
    pub template_problems: RefCell<Diagnostics>,
    /// The charts this document shows (`id=…` or `theme=…`): each once a page. Measured
    /// before: 35,000 `{{ chart(id=…) }}` (945 KB, under the size limit) drew 35,000
    /// charts and tried to allocate 1.1 GB; 5,000 made an 80 MB page (issue 26, case 12).
    pub shown_charts: RefCell<BTreeSet<String>>,
}

impl<'r, 'a> ShortcodeHost<'r, 'a> {
    pub fn new(renderer: &'r Renderer<'a>, default_year: Option<i32>) -> Self {
        ShortcodeHost {
            renderer,
            default_year,
            counter: Cell::new(0),
            template_problems: RefCell::new(Diagnostics::default()),
            shown_charts: RefCell::new(BTreeSet::new()),
        }
    }

    /// A chart in prose, through the templates' own partial, `partials/chart.html`, with
    /// the view a template's chart gets: a site's override of the partial shows here too.
    fn chart_html(&self, chart: &ChartView) -> String {
        let r = self.renderer;
        let mut ctx = tera::Context::new();
        ctx.insert("chart", chart);
        r.tera
            .render("partials/chart.html", &ctx)
            .unwrap_or_else(|e| {
                (self.template_problems.borrow_mut()).push(tera_diagnostic(r.theme, &e));
                String::new()
            })
    }
}

impl Host for ShortcodeHost<'_, '_> {
    fn table_label(&self) -> &str {
        self.renderer.locale.strings.get("table_label")
    }

    fn link(&self, root_relative: &str) -> String {
        self.renderer.map_link(root_relative)
    }

    fn expand(&self, s: &Shortcode) -> Result<Expansion, MarkdownError> {
        let r = self.renderer;
        let err = |message: String, hint: String| MarkdownError {
            offset: s.offset,
            message,
            hint: Some(hint),
        };
        // The hints' example is one of the site's own metrics.
        let example = r.metrics.keys().next().copied().unwrap_or("loans");
        let metric = |id: Option<&str>| -> Result<&Metric, MarkdownError> {
            let id = id.ok_or_else(|| {
                err(
                    format!("`{}` needs an id", s.name),
                    format!("write {{{{ {}(id=\"{example}\") }}}}", s.name),
                )
            })?;
            r.metrics.get(id).copied().ok_or_else(|| {
                err(
                    format!("unknown metric `{id}`"),
                    format!(
                        "use an id from metrics.yaml{}",
                        crate::validate::suggestion(id, r.metrics.keys().copied())
                    ),
                )
            })
        };
        let year = || -> Result<i32, MarkdownError> {
            match (s.number("year"), self.default_year) {
                (Some(y), _) if y.fract() == 0.0 && (1900.0..=2999.0).contains(&y) => Ok(y as i32),
                (Some(y), _) => Err(err(
                    format!("`{y}` is not a year"),
                    "write year=2021".into(),
                )),
                (None, Some(y)) => Ok(y),
                (None, None) => Err(err(
                    format!("`{}` needs a year here", s.name),
                    "add year=2021, or set `year` in the front matter".into(),
                )),
            }
        };
        let known_years = |m: &Metric| {
            let years: Vec<String> = r
                .data
                .series(&m.id)
                .iter()
                .map(|(y, _)| y.to_string())
                .collect();
            if years.is_empty() {
                "this metric has no values yet".to_string()
            } else {
                format!("years with a value: {}", years.join(", "))
            }
        };
        for key in s.args.keys() {
            let allowed: &[&str] = match s.name.as_str() {
                "figure" => &["id", "year", "source"],
                "change" | "trend" => &["id", "year", "since"],
                "chart" => &["id", "theme"],
                _ => &[],
            };
            if !allowed.is_empty() && !allowed.contains(&key.as_str()) {
                return Err(err(
                    format!("`{}` has no argument `{key}`", s.name),
                    format!("its arguments are: {}", allowed.join(", ")),
                ));
            }
        }
        match s.name.as_str() {
            "figure" => {
                let m = metric(s.text("id"))?;
                let y = year()?;
                let figure = r.data.figure(&m.id, y);
                let value = match s.text("source") {
                    // Another source's figure, as `other_sources` records it (or the
                    // value itself, when that is the source named).
                    Some(source) => {
                        let others = figure
                            .map(|f| f.other_sources.as_slice())
                            .unwrap_or_default();
                        let own = figure
                            .filter(|f| f.source.as_deref() == Some(source))
                            .and_then(|f| f.value);
                        let other = others.iter().find(|o| o.source == source).map(|o| o.value);
                        other.or(own).ok_or_else(|| {
                            let mut known: Vec<&str> = others.iter().map(|o| o.source.as_str()).collect();
                            known.extend(figure.and_then(|f| f.source.as_deref()));
                            err(
                                format!("`{}` has no value for {y} from the source `{source}`", m.id),
                                if known.is_empty() {
                                    "record the other source under `other_sources` in figures.yaml".to_string()
                                } else {
                                    format!(
                                        "the sources of {y} are: {}; another one goes under `other_sources` in figures.yaml",
                                        known.join(", ")
                                    )
                                },
                            )
                        })?
                    }
                    None => r.data.value(&m.id, y).ok_or_else(|| {
                        err(format!("`{}` has no value for {y}", m.id), known_years(m))
                    })?,
                };
                Ok(Expansion {
                    html: format!(
                        "<data class=\"figure\" value=\"{}\" data-metric=\"{}\" data-year=\"{y}\">{}</data>",
                        value,
                        m.id,
                        r.value_text(m, value)
                    ),
                    block: false,
                })
            }
            // `trend` writes the same change as a phrase with its direction word ("een
            // daling van 16%"), so that no writer chooses the word; where no change can
            // be given it writes what `change` writes.
            "change" | "trend" => {
                let words = s.name == "trend";
                let stated_text = |st: &crate::model::StatedChange| {
                    if words {
                        r.stated_trend_text(st)
                    } else {
                        r.stated_text(st)
                    }
                };
                let m = metric(s.text("id"))?;
                let y = year()?;
                let data = &r.data;
                let stated = data.figure(&m.id, y).and_then(|f| f.stated_change);
                let computed = match s.number("since") {
                    // Against a named year: computed when the data have it, else as stated.
                    Some(since) => {
                        if since.fract() != 0.0 || !(1900.0..y as f64).contains(&since) {
                            return Err(err(
                                format!("`since={since}` is not a year before {y}"),
                                format!("write since={}, or another earlier year", y - 1),
                            ));
                        }
                        let since = since as i32;
                        let stated = stated
                            .filter(|st| st.since == since)
                            .map(|st| stated_text(&st));
                        match data.comparison(&m.id, y, since) {
                            Ok(c) => Ok(c),
                            // Across a break in the series: not comparable, and why.
                            Err(NoChange::Break(at)) => Err(r.not_comparable_text(m, at, since)),
                            // The source's own change, or why none is computed.
                            Err(NoChange::OtherPublisher(_)) => {
                                Err(stated.unwrap_or_else(|| r.other_publisher_text(m, y, since)))
                            }
                            Err(_) => Err(stated.ok_or_else(|| {
                                err(
                                    format!("`{}` has no change from {since} to {y}", m.id),
                                    format!(
                                        "{}; a change stated by the source needs `stated_change` in figures.yaml",
                                        known_years(m)
                                    ),
                                )
                            })?),
                        }
                    }
                    // Against the previous calendar year; as the source states it when that
                    // year has no value. Never against an earlier year by itself: that
                    // would move when an earlier year gets a value.
                    None => match data.previous_year_change(&m.id, y) {
                        Ok(ShownChange::Computed(c)) => Ok(c),
                        Ok(ShownChange::Stated(st)) => Err(stated_text(&st)),
                        Err(NoChange::Break(at)) => Err(r.not_comparable_text(m, at, y - 1)),
                        Err(NoChange::OtherPublisher(since)) => {
                            Err(r.other_publisher_text(m, y, since))
                        }
                        Err(NoChange::NoValue) => {
                            return Err(err(
                                format!("`{}` has no value for {y}, so no change", m.id),
                                known_years(m),
                            ))
                        }
                        Err(NoChange::NoPreviousYear) => {
                            let earlier = data
                                .series(&m.id)
                                .iter()
                                .rev()
                                .find(|(e, _)| *e < y)
                                .map(|(e, _)| *e);
                            return Err(err(
                                format!(
                                    "`{}` has no change for {y}: {} has no value, and the source states no change since {}",
                                    m.id,
                                    y - 1,
                                    y - 1
                                ),
                                match earlier {
                                    Some(e) => format!(
                                        "a change is against the year before unless you name another year: write {{{{ change(id=\"{}\", since={e}) }}}} to compare with {e} (the text then says \"{}\"), or give the value of {} in figures.yaml; {}",
                                        m.id,
                                        r.locale.strings.fill("change_compared_to", &[("year", &e.to_string())]),
                                        y - 1,
                                        known_years(m)
                                    ),
                                    None => format!(
                                        "give the value of {} in figures.yaml, or the source's `stated_change` with since: {}; {}",
                                        y - 1,
                                        y - 1,
                                        known_years(m)
                                    ),
                                },
                            ));
                        }
                    },
                };
                let text = match computed {
                    Ok(c) if words => r.trend_text(m, &c),
                    Ok(c) => {
                        let view = r.change_view(m, &c);
                        if c.is_consecutive() {
                            view.text
                        } else {
                            view.full
                        }
                    }
                    Err(said) => said,
                };
                Ok(Expansion {
                    html: format!(
                        "<span class=\"change\" data-metric=\"{}\" data-year=\"{y}\">{}</span>",
                        m.id,
                        crate::escape::html(&text)
                    ),
                    block: false,
                })
            }
            "chart" => {
                let shown = match (s.text("id"), s.text("theme")) {
                    (Some(id), None) => format!("`{id}`"),
                    (None, Some(theme)) => format!("theme `{theme}`"),
                    _ => String::new(),
                };
                if !shown.is_empty() && !self.shown_charts.borrow_mut().insert(shown.clone()) {
                    return Err(err(
                        format!("the chart of {shown} is already shown on this page"),
                        "a chart is shown once a page: remove this one, or point to the first \
                         with a link to it"
                            .into(),
                    ));
                }
                let n = self.counter.get() + 1;
                self.counter.set(n);
                let view = match (s.text("id"), s.text("theme")) {
                    (Some(_), None) => {
                        let m = metric(s.text("id"))?;
                        if r.data.series(&m.id).len() < 2 {
                            return Err(err(
                                format!("`{}` has fewer than two values: no chart", m.id),
                                known_years(m),
                            ));
                        }
                        r.metric_chart(m, &format!("sc{n}-{}", m.id), false)
                    }
                    (None, Some(theme)) => {
                        let t = r
                            .content
                            .config
                            .themes
                            .iter()
                            .find(|t| t.id == theme)
                            .ok_or_else(|| {
                                err(
                                    format!("unknown theme `{theme}`"),
                                    "use a theme id from site.yaml".into(),
                                )
                            })?;
                        let mut charts = r.compare_charts(t);
                        if charts.is_empty() {
                            return Err(err(
                                format!("theme `{theme}` has no chart"),
                                "add a `compare` group with values to the theme in site.yaml"
                                    .into(),
                            ));
                        }
                        let mut c = charts.remove(0);
                        c.id = format!("sc{n}-{}", c.id);
                        c.anchor =
                            crate::urls::chart_anchor(&c.id, r.locale.strings.get("id_chart"));
                        c
                    }
                    _ => {
                        return Err(err(
                            "`chart` takes either id=\"metric\" or theme=\"theme\"".into(),
                            format!("write {{{{ chart(id=\"{example}\") }}}}"),
                        ))
                    }
                };
                Ok(Expansion {
                    html: self.chart_html(&view),
                    block: true,
                })
            }
            other => Err(err(
                format!("unknown shortcode `{other}`"),
                "the shortcodes are figure, change, trend and chart".into(),
            )),
        }
    }
}
