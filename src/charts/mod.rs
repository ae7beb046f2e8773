//! SVG trend charts, rendered at build time with plotters.
//!
//! plotters' SVG backend draws each layer of a chart (the axes, one event, one series, one
//! legend entry) into its own buffer, all on the same coordinates. The layers are then wrapped
//! in `<g class="…">` groups under a root `<svg>` that carries the accessible title and
//! description, so that the page's CSS can restyle them while the standalone file keeps its own
//! fonts and colours.
//!
//! The viewBox is 480 units wide with 17-unit text: scaled into a 375 px phone's column of about
//! 343 px, text is 12 px (10 px even on a 320 px phone). Everything is drawn in whole units.
//!
//! The parts: [`layout`] places everything of a chart in viewBox units and draws its layers,
//! [`svg`] turns plotters' output into the groups of one `<svg>` and holds the styles, and
//! [`describe`] writes the text description that a screen reader reads out, and [`paint`]
//! names each colour's role so that CSS can give it its dark-mode colour.

mod describe;
mod layout;
mod paint;
pub use paint::with_dark_mode;
mod share;
mod standalone;
mod svg;
#[cfg(test)]
mod tests;

use plotters::prelude::{Color, PathElement, Rectangle, ShapeStyle, Text};
use plotters::style::text_anchor::{HPos, VPos};

use crate::format::Format;
pub use describe::Words;
use describe::{bar_desc, line_desc};
use layout::{bold_width, points_in_range, wrap, LineLayout, BAR_HEIGHT, PAD, ROW, WIDTH};
pub use share::{share_card, ShareCard, ShareHeadline, SHARE_HEIGHT, SHARE_WIDTH};
pub use standalone::{standalone, Attribution, FILE_SCALE};
use svg::{
    clean, draw_legend_entry, group, layer, open_svg, series_style, text_style, AXIS, AXIS_TEXT,
    STYLES, TEXT,
};

/// One line: the years that have a value, in order. A year that is absent is a gap.
#[derive(Debug, Clone, Default)]
pub struct Series {
    pub label: String,
    pub points: Vec<(i32, f64)>,
    /// Breaks in the series: from each year on it counts differently, with what changed.
    /// The line is interrupted before such a year and the place marked.
    pub breaks: Vec<(i32, String)>,
    /// The first and last values come from publishers whose values are not compared
    /// (`derive::Dataset::same_publisher`): the description says no change between them.
    pub other_publishers: bool,
}

/// A period drawn as a labelled band (e.g. the COVID-19 lockdowns).
#[derive(Debug, Clone)]
pub struct Event {
    pub label: String,
    pub from: i32,
    pub to: i32,
}

#[derive(Debug, Clone)]
pub struct LineChart {
    /// Unique within a page; prefixes every id inside the SVG.
    pub id: String,
    pub title: String,
    pub unit: String,
    /// The x-axis range, inclusive.
    pub years: (i32, i32),
    pub series: Vec<Series>,
    pub events: Vec<Event>,
}

#[derive(Debug, Clone)]
pub struct BarChart {
    pub id: String,
    pub title: String,
    pub unit: String,
    pub year: i32,
    pub bars: Vec<(String, f64)>,
}

/// A rendered chart: the SVG element and the text description it carries.
#[derive(Debug, Clone)]
pub struct Chart {
    pub svg: String,
    pub desc: String,
    /// The height of its viewBox (its width is 480).
    pub height: u32,
}

pub fn line_chart(chart: &LineChart, format: &Format, words: &Words) -> Chart {
    let years = (
        chart.years.0.min(chart.years.1),
        chart.years.0.max(chart.years.1),
    );
    let series: Vec<Vec<(i32, f64)>> = chart
        .series
        .iter()
        .map(|s| points_in_range(&s.points, years))
        .collect();
    let events: Vec<(&str, i32, i32)> = chart
        .events
        .iter()
        .map(|e| (e.label.as_str(), e.from.min(e.to), e.from.max(e.to)))
        .filter(|&(_, from, to)| to >= years.0 && from <= years.1)
        .collect();
    let desc = line_desc(chart, &series, &events, years, format, words);
    let layout = LineLayout::new(chart, &series, &events, years, format);

    let mut svg = open_svg(
        &chart.id,
        "chart chart-line",
        layout.height,
        &chart.title,
        &desc,
    );
    group(
        &mut svg,
        "axis",
        None,
        &layout.axis_layer(&chart.unit, format),
    );
    if !events.is_empty() {
        svg.push_str("<g class=\"events\">\n");
        for ((label, ..), place) in events.iter().zip(&layout.events) {
            group(&mut svg, "event", None, &layout.event_layer(label, place));
        }
        svg.push_str("</g>\n");
    }
    let value_labels = layout.value_label_positions(&series);
    // Each break once, in the order of the years; a word that would touch the one before
    // (breaks in two years in a row: 15 viewBox units apart, the word is 40) goes a row
    // lower.
    let mut marked: Vec<i32> = chart
        .series
        .iter()
        .flat_map(|s| s.breaks.iter().map(|b| b.0))
        .filter(|&year| year > years.0 && year <= years.1)
        .collect();
    marked.sort_unstable();
    marked.dedup();
    let mut previous: Option<(i32, usize)> = None;
    for &year in &marked {
        let x = layout.break_x(year);
        let row = match previous {
            Some((end, row)) if end + 2 > x => (row + 1) % 3,
            _ => 0,
        };
        previous = Some((
            x + 4 + layout::text_width(&words.break_mark).ceil() as i32,
            row,
        ));
        group(
            &mut svg,
            "break",
            None,
            &layout.break_layer(year, &words.break_mark, row),
        );
    }
    for (i, points) in series.iter().enumerate() {
        let breaks: Vec<i32> = chart.series[i].breaks.iter().map(|b| b.0).collect();
        let body = layout.series_layer(i, points, &breaks, value_labels[i], format);
        group(
            &mut svg,
            &format!("series series-{}", i + 1),
            Some(i),
            &body,
        );
    }
    // Over the lines, so that a pointer finds them first.
    svg.push_str("<g class=\"points\">\n");
    for (points, s) in series.iter().zip(&chart.series) {
        svg.push_str(&layout.point_titles(&s.label, points, format, &words.colon));
    }
    svg.push_str("</g>\n");
    if !layout.legend.is_empty() {
        svg.push_str("<g class=\"legend\">\n");
        for (i, (at, lines)) in layout.legend.iter().enumerate() {
            let body = layer(layout.height, |root| {
                draw_legend_entry(root, series_style(i), lines, *at)
            });
            group(&mut svg, &format!("series-{}", i + 1), Some(i), &body);
        }
        svg.push_str("</g>\n");
    }
    svg.push_str("</svg>\n");
    Chart {
        svg: paint::classes(&svg),
        desc,
        height: layout.height,
    }
}

pub fn bar_chart(chart: &BarChart, format: &Format, words: &Words) -> Chart {
    let desc = bar_desc(chart, format, words);
    let line_width = f64::from(WIDTH as i32 - 2 * PAD);
    let values: Vec<String> = chart.bars.iter().map(|(_, v)| format.number(*v)).collect();
    let value_width = values.iter().map(|v| bold_width(v)).fold(0.0, f64::max);
    let max_length = WIDTH as f64 - 2.0 * PAD as f64 - 8.0 - value_width;
    let max_value = chart
        .bars
        .iter()
        .map(|(_, v)| *v)
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);

    // Each bar has its label above it (wrapped: labels can be long), and its value after it.
    struct Bar<'a> {
        label_top: i32,
        lines: Vec<String>,
        top: i32,
        length: i32,
        value: &'a str,
    }
    let mut y = PAD + ROW;
    let mut bars = Vec::new();
    for ((label, value), text) in chart.bars.iter().zip(&values) {
        let lines = wrap(&clean(label), line_width);
        let top = y + ROW * lines.len() as i32;
        let length = if max_value > 0.0 && value.is_finite() && *value > 0.0 {
            (value / max_value * max_length).round() as i32
        } else {
            0
        };
        bars.push(Bar {
            label_top: y,
            lines,
            top,
            length,
            value: text,
        });
        y = top + BAR_HEIGHT + 14;
    }
    let height = (y - 14 + PAD).max(PAD + ROW) as u32;

    let mut svg = open_svg(&chart.id, "chart chart-bar", height, &chart.title, &desc);
    let heading = if chart.unit.is_empty() {
        chart.year.to_string()
    } else {
        format!("{}, {}", clean(&chart.unit), chart.year)
    };
    let body = layer(height, |root| {
        root.draw(&Text::new(
            heading,
            (PAD, PAD),
            text_style(&AXIS_TEXT, HPos::Left, VPos::Top, false),
        ))
    });
    group(&mut svg, "axis", None, &body);
    svg.push_str("<g class=\"bars\">\n");
    for bar in &bars {
        let body = layer(height, |root| {
            for (n, line) in bar.lines.iter().enumerate() {
                let at = (PAD, bar.label_top + ROW * n as i32 + 2);
                root.draw(&Text::new(
                    line.as_str(),
                    at,
                    text_style(&TEXT, HPos::Left, VPos::Top, false),
                ))?;
            }
            if bar.length > 0 {
                root.draw(&Rectangle::new(
                    [(PAD, bar.top), (PAD + bar.length, bar.top + BAR_HEIGHT)],
                    STYLES[0].colour.filled(),
                ))?;
            }
            // A zero bar still shows where it would start.
            root.draw(&PathElement::new(
                vec![(PAD, bar.top - 2), (PAD, bar.top + BAR_HEIGHT + 2)],
                ShapeStyle::from(&AXIS).stroke_width(2),
            ))?;
            root.draw(&Text::new(
                bar.value,
                (PAD + bar.length + 6, bar.top + BAR_HEIGHT / 2),
                text_style(&TEXT, HPos::Left, VPos::Center, true),
            ))
        });
        group(&mut svg, "bar", None, &body);
    }
    svg.push_str("</g>\n</svg>\n");
    Chart {
        svg: paint::classes(&svg),
        desc,
        height,
    }
}
