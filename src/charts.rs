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

use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::{
    Cartesian2d, Circle, Color, CoordTranslate, DrawingArea, DrawingAreaErrorKind, EmptyElement,
    FontStyle, IntoDrawingArea, IntoFont, PathElement, Polygon, RGBColor, Ranged, Rectangle,
    SVGBackend, ShapeStyle, Text, TextStyle, TriangleMarker,
};
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::format::Lang;

/// One line: the years that have a value, in order. A year that is absent is a gap.
#[derive(Debug, Clone)]
pub struct Series {
    pub label: String,
    pub points: Vec<(i32, f64)>,
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
}

/// viewBox width; the height follows from the content.
const WIDTH: u32 = 480;
/// Text size in viewBox units, set once on the root `<svg>`.
const FONT_SIZE: f64 = 17.0;
const FONT_FAMILY: &str = "system-ui, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";
const PAD: i32 = 6;
const ROW: i32 = 24;
const PLOT_HEIGHT: i32 = 190;
const BAR_HEIGHT: i32 = 22;

/// Text and lines keep WCAG AA contrast on white (text ≥ 4.5:1) in the standalone file.
const TEXT: RGBColor = RGBColor(0x1a, 0x1a, 0x1a);
const AXIS_TEXT: RGBColor = RGBColor(0x40, 0x40, 0x40);
const AXIS: RGBColor = RGBColor(0x59, 0x59, 0x59);
const GRID: RGBColor = RGBColor(0xd9, 0xd9, 0xd9);
const BAND: RGBColor = RGBColor(0x5a, 0x5a, 0x5a);
const BAND_OPACITY: f64 = 0.15;

/// How a series looks: told apart by marker shape and dash pattern, not by colour alone.
struct SeriesStyle {
    colour: RGBColor,
    /// The `stroke-dasharray`; `None` is a solid line. Round caps add half the 3-unit stroke
    /// width at each end of a dash, hence the short dashes and long gaps.
    dash: Option<&'static str>,
    marker: Marker,
}

#[derive(Clone, Copy)]
enum Marker {
    Circle,
    Square,
    Triangle,
    Diamond,
}

const STYLES: [SeriesStyle; 4] = [
    SeriesStyle {
        colour: RGBColor(0x1f, 0x4e, 0x79),
        dash: None,
        marker: Marker::Circle,
    },
    SeriesStyle {
        colour: RGBColor(0x8a, 0x3b, 0x12),
        dash: Some("8 8"),
        marker: Marker::Square,
    },
    SeriesStyle {
        colour: RGBColor(0x2d, 0x6a, 0x2d),
        dash: Some("1 7"),
        marker: Marker::Triangle,
    },
    SeriesStyle {
        colour: RGBColor(0x6a, 0x1b, 0x5f),
        dash: Some("12 7 1 7"),
        marker: Marker::Diamond,
    },
];

fn series_style(index: usize) -> &'static SeriesStyle {
    &STYLES[index % STYLES.len()]
}

pub fn line_chart(chart: &LineChart, lang: Lang) -> Chart {
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
    let desc = line_desc(chart, &series, &events, years, lang);
    let layout = LineLayout::new(chart, &series, &events, years, lang);

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
        &layout.axis_layer(&chart.unit, lang),
    );
    if !events.is_empty() {
        svg.push_str("<g class=\"events\">\n");
        for ((label, ..), place) in events.iter().zip(&layout.events) {
            group(&mut svg, "event", None, &layout.event_layer(label, place));
        }
        svg.push_str("</g>\n");
    }
    let value_labels = layout.value_label_positions(&series);
    for (i, points) in series.iter().enumerate() {
        let body = layout.series_layer(i, points, value_labels[i], lang);
        group(
            &mut svg,
            &format!("series series-{}", i + 1),
            Some(i),
            &body,
        );
    }
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
    Chart { svg, desc }
}

pub fn bar_chart(chart: &BarChart, lang: Lang) -> Chart {
    let desc = bar_desc(chart, lang);
    let line_width = f64::from(WIDTH as i32 - 2 * PAD);
    let values: Vec<String> = chart.bars.iter().map(|(_, v)| lang.number(*v)).collect();
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
    Chart { svg, desc }
}

/// Where everything of a line chart goes, in viewBox units.
struct LineLayout {
    height: u32,
    years: (i32, i32),
    plot: Cartesian2d<RangedCoordf64, RangedCoordf64>,
    left: i32,
    right: i32,
    bottom: i32,
    y_ticks: Vec<f64>,
    /// Every year gets a tick; only every `year_step`-th a label, counted back from the last
    /// year, when labels would otherwise touch.
    year_step: i32,
    unit_y: i32,
    /// The top left corner and the label lines of each series' legend entry; empty for one
    /// series.
    legend: Vec<((i32, i32), Vec<String>)>,
    events: Vec<EventPlace>,
}

/// An event's band spans `band` horizontally and reaches from the plot's bottom up to the top
/// of its label's row.
struct EventPlace {
    band: (i32, i32),
    label_x: i32,
    row_y: i32,
}

impl LineLayout {
    fn new(
        chart: &LineChart,
        series: &[Vec<(i32, f64)>],
        events: &[(&str, i32, i32)],
        years: (i32, i32),
        lang: Lang,
    ) -> LineLayout {
        let width = WIDTH as i32;
        let y_ticks = nice_ticks(series.iter().flatten().map(|&(_, v)| v).fold(0.0, f64::max));
        let label_width = y_ticks
            .iter()
            .map(|t| text_width(&lang.number(*t)))
            .fold(0.0, f64::max);
        let left = PAD + label_width.ceil() as i32 + 8;

        // The value label right of the last year's point must fit inside the viewBox: solve
        // x(last year) + 9 + label width <= width - PAD for the plot's right edge.
        let n = f64::from(years.1 - years.0 + 1);
        let value_width = series
            .iter()
            .filter_map(|p| p.last())
            .map(|&(_, v)| bold_width(&lang.number(v)))
            .fold(0.0, f64::max);
        let room = f64::from(width - PAD - 9) - value_width - f64::from(left) / (2.0 * n);
        let right = ((room / (1.0 - 1.0 / (2.0 * n))).floor() as i32).min(width - PAD);

        let slot = f64::from(right - left) / n;
        let year_step = ((text_width("2000") + 10.0) / slot).ceil().max(1.0) as i32;

        let mut y = PAD;
        let unit_y = y;
        if !chart.unit.is_empty() {
            y += ROW;
        }
        // Legend entries flow in rows; a label too long for one line wraps and gets rows of
        // its own.
        let mut legend = Vec::new();
        if series.len() > 1 {
            let (mut x, mut row_lines) = (PAD, 0);
            for s in &chart.series {
                let lines = wrap(&clean(&s.label), f64::from(width - 2 * PAD - 34));
                let entry = 34
                    + lines
                        .iter()
                        .map(|l| text_width(l))
                        .fold(0.0, f64::max)
                        .ceil() as i32;
                if x > PAD && (x + entry > width - PAD || lines.len() > 1 || row_lines > 1) {
                    x = PAD;
                    y += ROW * row_lines;
                    row_lines = 0;
                }
                row_lines = row_lines.max(lines.len().max(1) as i32);
                legend.push(((x, y), lines));
                x += entry + 18;
            }
            y += ROW * row_lines + 4;
        }

        // Half a year of room either side, so a band covers whole years, even the first and last.
        let x_axis = RangedCoordf64::from(f64::from(years.0) - 0.5..f64::from(years.1) + 0.5);
        let year_x = |year: f64| x_axis.map(&year, (left, right));
        // Event labels go in rows above the plot, each in the first row where it overlaps none
        // (or a new one), centred over its band but kept inside the viewBox.
        let mut rows: Vec<Vec<(i32, i32)>> = Vec::new();
        let mut placed = Vec::new();
        for &(label, from, to) in events {
            let band = (
                year_x(f64::from(from.max(years.0)) - 0.5),
                year_x(f64::from(to.min(years.1)) + 0.5),
            );
            let w = text_width(&clean(label)).ceil() as i32;
            let x0 = ((band.0 + band.1 - w) / 2).min(width - PAD - w).max(PAD);
            let (x1, label_x) = (x0 + w, x0 + w / 2);
            let free = rows
                .iter()
                .position(|row| row.iter().all(|&(a, b)| x1 + 8 < a || b + 8 < x0));
            let row = free.unwrap_or_else(|| {
                rows.push(Vec::new());
                rows.len() - 1
            });
            rows[row].push((x0, x1));
            placed.push((band, label_x, row));
        }
        let events = placed
            .into_iter()
            .map(|(band, label_x, row)| EventPlace {
                band,
                label_x,
                row_y: y + ROW * row as i32,
            })
            .collect();
        y += ROW * rows.len() as i32;

        // Room for half the top tick label, which is centred on its grid line.
        let top = y + 10;
        let bottom = top + PLOT_HEIGHT;
        let y_max = *y_ticks
            .last()
            .expect("nice_ticks returns at least two ticks");
        LineLayout {
            height: (bottom + 8 + ROW + PAD) as u32,
            years,
            plot: Cartesian2d::new(x_axis, 0.0..y_max, (left..right, bottom..top)),
            left,
            right,
            bottom,
            y_ticks,
            year_step,
            unit_y,
            legend,
            events,
        }
    }

    fn at(&self, x: f64, y: f64) -> (i32, i32) {
        self.plot.translate(&(x, y))
    }

    fn axis_layer(&self, unit: &str, lang: Lang) -> String {
        layer(self.height, |root| {
            if !unit.is_empty() {
                root.draw(&Text::new(
                    clean(unit),
                    (PAD, self.unit_y),
                    text_style(&AXIS_TEXT, HPos::Left, VPos::Top, false),
                ))?;
            }
            for &tick in &self.y_ticks {
                let y = self.at(0.0, tick).1;
                // The zero line is the x axis, drawn below in a darker colour.
                if tick != 0.0 {
                    root.draw(&PathElement::new(
                        vec![(self.left, y), (self.right, y)],
                        GRID,
                    ))?;
                }
                root.draw(&Text::new(
                    lang.number(tick),
                    (self.left - 8, y),
                    text_style(&AXIS_TEXT, HPos::Right, VPos::Center, false),
                ))?;
            }
            root.draw(&PathElement::new(
                vec![(self.left, self.bottom), (self.right, self.bottom)],
                AXIS,
            ))?;
            for year in self.years.0..=self.years.1 {
                let x = self.at(f64::from(year), 0.0).0;
                root.draw(&PathElement::new(
                    vec![(x, self.bottom), (x, self.bottom + 5)],
                    AXIS,
                ))?;
                if (self.years.1 - year) % self.year_step == 0 {
                    root.draw(&Text::new(
                        year.to_string(),
                        (x, self.bottom + 8),
                        text_style(&AXIS_TEXT, HPos::Center, VPos::Top, false),
                    ))?;
                }
            }
            Ok(())
        })
    }

    fn event_layer(&self, label: &str, place: &EventPlace) -> String {
        layer(self.height, |root| {
            root.draw(&Rectangle::new(
                // Inset by a unit so that bands of adjacent events stay apart.
                [
                    (place.band.0 + 1, place.row_y),
                    (place.band.1 - 1, self.bottom),
                ],
                BAND.mix(BAND_OPACITY).filled(),
            ))?;
            root.draw(&Text::new(
                clean(label),
                (place.label_x, place.row_y + 3),
                text_style(&TEXT, HPos::Center, VPos::Top, false),
            ))
        })
    }

    /// The vertical position of each series' value label: beside its last point, pushed apart
    /// where labels of several series would overlap, and kept within the plot.
    fn value_label_positions(&self, series: &[Vec<(i32, f64)>]) -> Vec<Option<(i32, i32)>> {
        struct Label {
            series: usize,
            x: i32,
            y: i32,
        }
        let mut labels: Vec<Label> = series
            .iter()
            .enumerate()
            .filter_map(|(series, points)| {
                let &(year, value) = points.last()?;
                let (x, y) = self.at(f64::from(year), value);
                Some(Label { series, x, y })
            })
            .collect();
        labels.sort_by_key(|l| (l.y, l.series));
        let gap = (FONT_SIZE * 1.15).ceil() as i32;
        for k in 1..labels.len() {
            labels[k].y = labels[k].y.max(labels[k - 1].y + gap);
        }
        let mut limit = self.bottom;
        for label in labels.iter_mut().rev() {
            label.y = label.y.min(limit);
            limit = label.y - gap;
        }
        let mut out = vec![None; series.len()];
        for l in labels {
            out[l.series] = Some((l.x, l.y));
        }
        out
    }

    /// Line segments between consecutive years (a missing year breaks the line), a marker on
    /// every point, and the last value as text.
    fn series_layer(
        &self,
        index: usize,
        points: &[(i32, f64)],
        value_label: Option<(i32, i32)>,
        lang: Lang,
    ) -> String {
        let style = series_style(index);
        layer(self.height, |root| {
            let line = ShapeStyle::from(&style.colour).stroke_width(3);
            for run in points.chunk_by(|a, b| b.0 == a.0 + 1) {
                if run.len() > 1 {
                    let path: Vec<_> = run.iter().map(|&(x, y)| self.at(f64::from(x), y)).collect();
                    root.draw(&PathElement::new(path, line))?;
                }
            }
            for &(x, y) in points {
                draw_marker(root, style, self.at(f64::from(x), y))?;
            }
            if let (Some(&(_, value)), Some((x, y))) = (points.last(), value_label) {
                root.draw(&Text::new(
                    lang.number(value),
                    (x + 9, y),
                    text_style(&style.colour, HPos::Left, VPos::Center, true),
                ))?;
            }
            Ok(())
        })
    }
}

/// The series' points inside the year range, sorted by year, one per year, finite values only.
fn points_in_range(points: &[(i32, f64)], years: (i32, i32)) -> Vec<(i32, f64)> {
    let mut out: Vec<(i32, f64)> = points
        .iter()
        .copied()
        .filter(|&(year, v)| (years.0..=years.1).contains(&year) && v.is_finite())
        .collect();
    out.sort_by_key(|&(year, _)| year);
    out.dedup_by_key(|&mut (year, _)| year);
    out
}

/// Y-axis ticks from zero to a round maximum at or above `max`, in at most five steps of
/// 1, 2, 2.5 (from 25 up) or 5 times a power of ten.
fn nice_ticks(max: f64) -> Vec<f64> {
    if max <= 0.0 {
        return vec![0.0, 1.0];
    }
    let mut power = 10f64.powf((max / 5.0).log10().floor());
    let step = loop {
        let candidates = [1.0, 2.0, 2.5, 5.0];
        let fits = candidates
            .iter()
            .filter(|&&m| m != 2.5 || power >= 10.0)
            .map(|m| m * power)
            .find(|step| (max / step - 1e-9).ceil() <= 5.0);
        match fits {
            Some(step) => break step,
            None => power *= 10.0,
        }
    };
    let steps = (max / step - 1e-9).ceil().max(1.0) as u32;
    (0..=steps).map(|i| f64::from(i) * step).collect()
}

fn draw_marker(root: &Area, style: &SeriesStyle, at: (i32, i32)) -> Drawn {
    let fill = style.colour.filled();
    let anchor = EmptyElement::at(at);
    match style.marker {
        Marker::Circle => root.draw(&(anchor + Circle::new((0, 0), 5, fill))),
        Marker::Square => root.draw(&(anchor + Rectangle::new([(-4, -4), (5, 5)], fill))),
        Marker::Triangle => root.draw(&(anchor + TriangleMarker::new((0, 1), 7, fill))),
        Marker::Diamond => {
            root.draw(&(anchor + Polygon::new(vec![(0, -6), (6, 0), (0, 6), (-6, 0)], fill)))
        }
    }
}

/// A short stretch of the series' line with its marker, then its label.
fn draw_legend_entry(
    root: &Area,
    style: &SeriesStyle,
    lines: &[String],
    (x, top): (i32, i32),
) -> Drawn {
    let y = top + ROW / 2;
    root.draw(&PathElement::new(
        vec![(x, y), (x + 28, y)],
        ShapeStyle::from(&style.colour).stroke_width(3),
    ))?;
    draw_marker(root, style, (x + 14, y))?;
    for (n, line) in lines.iter().enumerate() {
        root.draw(&Text::new(
            line.as_str(),
            (x + 34, y + ROW * n as i32),
            text_style(&TEXT, HPos::Left, VPos::Center, false),
        ))?;
    }
    Ok(())
}

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
type Drawn = Result<(), DrawingAreaErrorKind<std::io::Error>>;

/// Draws one layer with plotters into a buffer of its own and returns its elements.
fn layer<F>(height: u32, draw: F) -> String
where
    F: for<'b> FnOnce(&Area<'b>) -> Drawn,
{
    let mut doc = String::new();
    {
        let root = SVGBackend::with_string(&mut doc, (WIDTH, height)).into_drawing_area();
        // plotters' SVG backend only appends to a String: it has no way to fail.
        draw(&root).expect("drawing into a String");
        root.present().expect("drawing into a String");
    }
    strip_layer(&doc)
}

/// plotters' document minus its `<svg>` wrapper, and its text without font-family and
/// font-size: they come from the root `<svg>` (or the page's CSS). One element per line;
/// text content never starts with `<` as plotters escapes it.
fn strip_layer(doc: &str) -> String {
    let mut out = String::with_capacity(doc.len());
    for line in doc.lines().skip(1).filter(|&line| line != "</svg>") {
        if line.starts_with("<text ") {
            out.push_str(&remove_attribute(
                &remove_attribute(line, "font-family"),
                "font-size",
            ));
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

fn remove_attribute(tag: &str, name: &str) -> String {
    let needle = format!(" {name}=\"");
    match tag.find(&needle) {
        Some(start) => {
            let value = start + needle.len();
            let end = tag[value..].find('"').map_or(tag.len(), |e| value + e + 1);
            format!("{}{}", &tag[..start], &tag[end..])
        }
        None => tag.to_string(),
    }
}

/// Wraps a layer in `<g class>`; a series' group also carries its line style, which its
/// markers ignore as they have no stroke.
fn group(svg: &mut String, class: &str, series: Option<usize>, body: &str) {
    svg.push_str("<g class=\"");
    svg.push_str(class);
    svg.push('"');
    if let Some(index) = series {
        svg.push_str(" stroke-linecap=\"round\" stroke-linejoin=\"round\"");
        if let Some(dash) = series_style(index).dash {
            svg.push_str(" stroke-dasharray=\"");
            svg.push_str(dash);
            svg.push('"');
        }
    }
    svg.push_str(">\n");
    svg.push_str(body);
    svg.push_str("</g>\n");
}

/// The root element, scaling to its container's width, with its title and description.
fn open_svg(id: &str, class: &str, height: u32, title: &str, desc: &str) -> String {
    let id = escape(id);
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"{class}\" viewBox=\"0 0 {WIDTH} {height}\" \
         width=\"100%\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" \
         font-family=\"{FONT_FAMILY}\" font-size=\"{FONT_SIZE}\">\n\
         <title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>\n",
        escape(title),
        escape(desc),
    )
}

fn text_style(colour: &RGBColor, h: HPos, v: VPos, bold: bool) -> TextStyle<'static> {
    let font = ("sans-serif", FONT_SIZE).into_font();
    let font = if bold {
        font.style(FontStyle::Bold)
    } else {
        font
    };
    font.color(colour).pos(Pos::new(h, v))
}

/// Estimated width of text in viewBox units: there are no font metrics at build time, so this
/// errs on the wide side (0.6 em a character fits most sans-serif fonts).
fn text_width(text: &str) -> f64 {
    text.chars().count() as f64 * FONT_SIZE * 0.6
}

fn bold_width(text: &str) -> f64 {
    text_width(text) * 1.1
}

/// Breaks text into lines no wider than `width`, at spaces; a longer word gets a line of its own.
fn wrap(text: &str, width: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if text_width(line) + text_width(word) + text_width(" ") <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// Text as XML 1.0 allows it: line breaks and tabs become spaces, other control characters
/// become U+FFFD, which no escape could make legal.
fn clean(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => ' ',
            c if c < ' ' || c == '\u{fffe}' || c == '\u{ffff}' => '\u{fffd}',
            c => c,
        })
        .collect()
}

/// Text for an attribute value or element content.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in clean(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// The words of the descriptions.
struct Words {
    colon: &'static str,
    from: &'static str,
    to: &'static str,
    in_year: &'static str,
    and: &'static str,
    through: &'static str,
    no_figures: &'static str,
    missing_one: &'static str,
    missing_many: &'static str,
    highest: &'static str,
    period: &'static str,
    /// How a change of a share (unit `%`) is said: in percentage points.
    points: &'static str,
}

fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Nl => &Words {
            colon: ":",
            from: "van",
            to: "naar",
            in_year: "in",
            and: "en",
            through: "tot en met",
            no_figures: "geen cijfers",
            missing_one: "Geen cijfer voor",
            missing_many: "Geen cijfers voor",
            highest: "Hoogste waarde",
            period: "Aangeduide periode",
            points: "procentpunten",
        },
        // French puts a no-break space before a colon.
        Lang::Fr => &Words {
            colon: "\u{a0}:",
            from: "de",
            to: "à",
            in_year: "en",
            and: "et",
            through: "à",
            no_figures: "aucun chiffre",
            missing_one: "Pas de chiffre pour",
            missing_many: "Pas de chiffres pour",
            highest: "Valeur la plus élevée",
            period: "Période indiquée",
            points: "points de pourcentage",
        },
    }
}

/// e.g. "Seksuele uitbuiting, nieuwe dossiers: van 1.501 in 2019 naar 2.205 in 2020 (+47%).
/// Geen cijfer voor 2018." For several series: the title and unit, then one such part each.
fn line_desc(
    chart: &LineChart,
    series: &[Vec<(i32, f64)>],
    events: &[(&str, i32, i32)],
    years: (i32, i32),
    lang: Lang,
) -> String {
    let w = words(lang);
    let mut out = if let [only] = chart.series.as_slice() {
        series_desc(
            &with_unit(&only.label, &chart.unit),
            &series[0],
            years,
            is_share(&chart.unit),
            lang,
        )
    } else {
        let mut out = with_unit(&chart.title, &chart.unit);
        out.push('.');
        for (s, points) in chart.series.iter().zip(series) {
            out.push(' ');
            out.push_str(&series_desc(
                &s.label,
                points,
                years,
                is_share(&chart.unit),
                lang,
            ));
        }
        out
    };
    for &(label, from, to) in events {
        let span = if from == to {
            from.to_string()
        } else {
            format!("{from} {} {to}", w.through)
        };
        out.push_str(&format!(" {}{} {label}, {span}.", w.period, w.colon));
    }
    out
}

fn with_unit(label: &str, unit: &str) -> String {
    if unit.is_empty() {
        label.to_string()
    } else {
        format!("{label}, {unit}")
    }
}

/// A share (unit `%`) changes in percentage points, not in percent of itself.
fn is_share(unit: &str) -> bool {
    unit.trim() == "%"
}

fn series_desc(
    label: &str,
    points: &[(i32, f64)],
    years: (i32, i32),
    share: bool,
    lang: Lang,
) -> String {
    let w = words(lang);
    let value = |v: f64| {
        if share {
            lang.percent(v)
        } else {
            lang.number(v)
        }
    };
    let value_in = |&(year, v): &(i32, f64)| format!("{} {} {year}", value(v), w.in_year);
    let (first, last) = match points {
        [] => return format!("{label}{} {}.", w.colon, w.no_figures),
        [only] => {
            return format!(
                "{label}{} {}.{}",
                w.colon,
                value_in(only),
                missing_desc(points, years, lang)
            )
        }
        [first, .., last] => (first, last),
    };
    let mut out = format!(
        "{label}{} {} {} {} {}",
        w.colon,
        w.from,
        value_in(first),
        w.to,
        value_in(last)
    );
    if share {
        out.push_str(&format!(
            " ({} {})",
            lang.signed_number(last.1 - first.1),
            w.points
        ));
    } else if first.1 != 0.0 {
        out.push_str(&format!(
            " ({})",
            lang.percent_change((last.1 - first.1) / first.1 * 100.0)
        ));
    }
    out.push('.');
    // The first of equal highest values counts.
    let highest = points
        .iter()
        .fold(first, |best, p| if p.1 > best.1 { p } else { best });
    if highest.1 > first.1 && highest.1 > last.1 {
        out.push_str(&format!(" {}{} {}.", w.highest, w.colon, value_in(highest)));
    }
    out.push_str(&missing_desc(points, years, lang));
    out
}

/// " Geen cijfers voor 2011 tot en met 2013 en 2018." (empty when no year is missing).
fn missing_desc(points: &[(i32, f64)], years: (i32, i32), lang: Lang) -> String {
    let w = words(lang);
    let missing: Vec<i32> = (years.0..=years.1)
        .filter(|year| points.binary_search_by_key(year, |&(y, _)| y).is_err())
        .collect();
    if missing.is_empty() {
        return String::new();
    }
    let spans: Vec<String> = missing
        .chunk_by(|a, b| b == &(a + 1))
        .flat_map(|run| match run {
            [a, _, .., b] => vec![format!("{a} {} {b}", w.through)],
            _ => run.iter().map(i32::to_string).collect(),
        })
        .collect();
    let list = match spans.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} {} {last}", rest.join(", "), w.and),
        None => String::new(),
    };
    let lead = if missing.len() == 1 {
        w.missing_one
    } else {
        w.missing_many
    };
    format!(" {lead} {list}.")
}

/// e.g. "Meldingen per soort, nieuwe dossiers, in 2023. Grooming: 120. Sexting: 80."
fn bar_desc(chart: &BarChart, lang: Lang) -> String {
    let w = words(lang);
    let mut out = with_unit(&chart.title, &chart.unit);
    // Callers' titles often name the year already ("… in 2023").
    if !chart.title.contains(&chart.year.to_string()) {
        out.push_str(&format!(", {} {}", w.in_year, chart.year));
    }
    out.push('.');
    for (label, value) in &chart.bars {
        out.push_str(&format!(" {label}{} {}.", w.colon, lang.number(*value)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An element of a parsed SVG: just enough XML to check well-formedness and look inside.
    #[derive(Debug)]
    struct Node {
        name: String,
        attrs: Vec<(String, String)>,
        children: Vec<Node>,
        text: String,
    }

    impl Node {
        fn attr(&self, name: &str) -> Option<&str> {
            self.attrs
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
        }

        fn num(&self, name: &str) -> f64 {
            self.attr(name)
                .unwrap_or_else(|| panic!("<{}> has no {name}", self.name))
                .parse()
                .unwrap()
        }

        fn descendants(&self) -> Vec<&Node> {
            let mut out = Vec::new();
            for child in &self.children {
                out.push(child);
                out.extend(child.descendants());
            }
            out
        }

        fn find_all(&self, name: &str) -> Vec<&Node> {
            self.descendants()
                .into_iter()
                .filter(|n| n.name == name)
                .collect()
        }

        fn group(&self, class: &str) -> &Node {
            self.find_all("g")
                .into_iter()
                .find(|g| g.attr("class") == Some(class))
                .unwrap_or_else(|| panic!("no <g class=\"{class}\">"))
        }

        /// The text of the `<text>` elements below, trimmed as SVG renders it.
        fn texts(&self) -> Vec<String> {
            self.find_all("text")
                .iter()
                .map(|t| t.text.trim().to_string())
                .collect()
        }
    }

    /// A strict XML parser for what the charts contain (elements, attributes, text, the five
    /// predefined entities and character references): panics on anything not well-formed.
    fn parse(xml: &str) -> Node {
        let mut p = Parser { s: xml, i: 0 };
        p.skip_space();
        let root = p.element();
        p.skip_space();
        assert_eq!(p.i, xml.len(), "content after the root element");
        root
    }

    struct Parser<'a> {
        s: &'a str,
        i: usize,
    }

    impl<'a> Parser<'a> {
        fn rest(&self) -> &'a str {
            &self.s[self.i..]
        }

        fn skip_space(&mut self) {
            let rest = self.rest();
            self.i += rest.len() - rest.trim_start().len();
        }

        fn expect(&mut self, token: &str) {
            assert!(
                self.rest().starts_with(token),
                "expected {token:?} at {:?}",
                &self.rest()[..self.rest().len().min(40)]
            );
            self.i += token.len();
        }

        fn name(&mut self) -> String {
            let len = self
                .rest()
                .find(|c: char| !(c.is_alphanumeric() || "-_:.".contains(c)))
                .unwrap_or(self.rest().len());
            assert!(len > 0, "expected a name at {:?}", &self.rest()[..10]);
            let name = self.rest()[..len].to_string();
            self.i += len;
            name
        }

        /// Character data up to `end`, with references resolved.
        fn chars(&mut self, end: char) -> String {
            let len = self.rest().find(end).expect("unterminated text");
            let raw = &self.rest()[..len];
            self.i += len;
            assert!(!raw.contains('<'), "raw < in {raw:?}");
            assert!(!raw.contains("]]>"), "]]> in {raw:?}");
            for c in raw.chars() {
                assert!(
                    matches!(c, '\t' | '\n' | '\r')
                        || (c >= ' ' && c != '\u{fffe}' && c != '\u{ffff}'),
                    "character {c:?} is not allowed in XML"
                );
            }
            let mut out = String::new();
            let mut parts = raw.split('&');
            out.push_str(parts.next().unwrap());
            for part in parts {
                let (entity, after) = part.split_once(';').expect("& without ;");
                let c = match entity {
                    "lt" => '<',
                    "gt" => '>',
                    "amp" => '&',
                    "quot" => '"',
                    "apos" => '\'',
                    _ => {
                        let code = if let Some(hex) = entity.strip_prefix("#x") {
                            u32::from_str_radix(hex, 16)
                        } else {
                            entity.strip_prefix('#').expect("unknown entity").parse()
                        };
                        char::from_u32(code.unwrap()).unwrap()
                    }
                };
                out.push(c);
                out.push_str(after);
            }
            out
        }

        fn element(&mut self) -> Node {
            self.expect("<");
            let name = self.name();
            let mut attrs: Vec<(String, String)> = Vec::new();
            loop {
                let before = self.i;
                self.skip_space();
                if self.rest().starts_with("/>") {
                    self.i += 2;
                    return Node {
                        name,
                        attrs,
                        children: Vec::new(),
                        text: String::new(),
                    };
                }
                if self.rest().starts_with('>') {
                    self.i += 1;
                    break;
                }
                assert!(self.i > before, "attributes must be separated by space");
                let key = self.name();
                assert!(
                    attrs.iter().all(|(k, _)| *k != key),
                    "duplicate attribute {key}"
                );
                self.expect("=");
                let quote = if self.rest().starts_with('"') {
                    '"'
                } else {
                    '\''
                };
                self.expect(&quote.to_string());
                let value = self.chars(quote);
                self.i += 1;
                attrs.push((key, value));
            }
            let mut node = Node {
                name,
                attrs,
                children: Vec::new(),
                text: String::new(),
            };
            loop {
                if self.rest().starts_with("</") {
                    self.i += 2;
                    let end = self.name();
                    assert_eq!(end, node.name, "mismatched end tag");
                    self.skip_space();
                    self.expect(">");
                    return node;
                }
                if self.rest().starts_with('<') {
                    assert!(!self.rest().starts_with("<!") && !self.rest().starts_with("<?"));
                    node.children.push(self.element());
                } else {
                    let text = self.chars('<');
                    node.text.push_str(&text);
                }
            }
        }
    }

    fn series(label: &str, points: &[(i32, f64)]) -> Series {
        Series {
            label: label.to_string(),
            points: points.to_vec(),
        }
    }

    fn single(years: (i32, i32), points: &[(i32, f64)]) -> LineChart {
        LineChart {
            id: "uitbuiting".to_string(),
            title: "Seksuele uitbuiting".to_string(),
            unit: "nieuwe dossiers".to_string(),
            years,
            series: vec![series("Seksuele uitbuiting", points)],
            events: Vec::new(),
        }
    }

    fn theme() -> LineChart {
        let years = 2014..=2023;
        LineChart {
            id: "online".to_string(),
            title: "Online seksuele uitbuiting".to_string(),
            unit: "nieuwe dossiers".to_string(),
            years: (2014, 2023),
            series: vec![
                series(
                    "Grooming",
                    &years
                        .clone()
                        .map(|y| (y, f64::from(y - 2000) * 10.0))
                        .collect::<Vec<_>>(),
                ),
                series(
                    "Sexting",
                    &years
                        .clone()
                        .map(|y| (y, f64::from(y - 2010) * 12.0))
                        .collect::<Vec<_>>(),
                ),
                series(
                    "Sextortion",
                    &years
                        .map(|y| (y, f64::from(y - 2013) * 30.0))
                        .collect::<Vec<_>>(),
                ),
            ],
            events: vec![Event {
                label: "COVID-19-lockdowns".to_string(),
                from: 2020,
                to: 2021,
            }],
        }
    }

    fn bars() -> BarChart {
        BarChart {
            id: "soorten".to_string(),
            title: "Verdwijningen per soort".to_string(),
            unit: "nieuwe dossiers".to_string(),
            year: 2023,
            bars: vec![
                ("Weglopers".to_string(), 867.0),
                (
                    "Internationale kinderontvoeringen door een ouder of een ander familielid"
                        .to_string(),
                    1301.0,
                ),
                ("Niet-begeleide minderjarigen".to_string(), 0.0),
            ],
        }
    }

    /// The points of a polyline.
    fn points(line: &Node) -> Vec<(f64, f64)> {
        line.attr("points")
            .unwrap()
            .split_whitespace()
            .map(|p| {
                let (x, y) = p.split_once(',').unwrap();
                (x.parse().unwrap(), y.parse().unwrap())
            })
            .collect()
    }

    /// The centres of a series group's markers (everything drawn but lines and text).
    fn markers(group: &Node) -> Vec<(f64, f64)> {
        group
            .children
            .iter()
            .filter_map(|n| match n.name.as_str() {
                "circle" => Some((n.num("cx"), n.num("cy"))),
                "rect" => Some((
                    n.num("x") + n.num("width") / 2.0,
                    n.num("y") + n.num("height") / 2.0,
                )),
                "polygon" => {
                    let p = points(n);
                    let avg =
                        |f: fn(&(f64, f64)) -> f64| p.iter().map(f).sum::<f64>() / p.len() as f64;
                    Some((avg(|p| p.0), avg(|p| p.1)))
                }
                _ => None,
            })
            .collect()
    }

    /// Every chart is well-formed, scales, and carries its accessible name and description.
    fn check_accessible(chart: &Chart, id: &str) -> Node {
        let svg = parse(&chart.svg);
        assert_eq!(svg.name, "svg");
        assert_eq!(svg.attr("role"), Some("img"));
        assert_eq!(svg.attr("width"), Some("100%"));
        assert_eq!(svg.attr("height"), None);
        let view_box: Vec<f64> = svg
            .attr("viewBox")
            .unwrap()
            .split(' ')
            .map(|v| v.parse().unwrap())
            .collect();
        assert_eq!(view_box[..3], [0.0, 0.0, f64::from(WIDTH)]);
        assert!(view_box[3] > 100.0);
        assert_eq!(
            svg.attr("aria-labelledby"),
            Some(format!("{id}-title {id}-desc").as_str())
        );
        assert_eq!(svg.children[0].name, "title");
        assert_eq!(
            svg.children[0].attr("id"),
            Some(format!("{id}-title").as_str())
        );
        assert_eq!(svg.children[1].name, "desc");
        assert_eq!(
            svg.children[1].attr("id"),
            Some(format!("{id}-desc").as_str())
        );
        assert_eq!(svg.children[1].text, chart.desc);
        for node in svg.descendants() {
            if let Some(inner) = node.attr("id") {
                assert!(inner.starts_with(id), "id {inner} is not prefixed by {id}");
            }
        }
        svg
    }

    #[test]
    fn line_chart_is_accessible_and_well_formed() {
        let chart = line_chart(&theme(), Lang::Nl);
        let svg = check_accessible(&chart, "online");
        assert_eq!(svg.children[0].text, "Online seksuele uitbuiting");
        let event = svg.group("event");
        assert_eq!(event.find_all("rect").len(), 1);
        assert_eq!(event.texts(), ["COVID-19-lockdowns"]);
        assert_eq!(
            svg.group("legend").texts(),
            ["Grooming", "Sexting", "Sextortion"]
        );
    }

    #[test]
    fn text_stays_readable_on_a_phone() {
        // A 375 px wide phone leaves about 343 px for the chart.
        let px = FONT_SIZE * 343.0 / f64::from(WIDTH);
        assert!(px >= 10.0, "text would be {px:.1} px");
        let svg = parse(&line_chart(&theme(), Lang::Nl).svg);
        assert_eq!(svg.attr("font-size"), Some(FONT_SIZE.to_string().as_str()));
        assert!(svg
            .descendants()
            .iter()
            .all(|n| n.attr("font-size").is_none()));
    }

    #[test]
    fn a_missing_year_is_a_gap_in_the_line() {
        let chart = single(
            (2016, 2020),
            &[(2016, 10.0), (2017, 20.0), (2019, 30.0), (2020, 40.0)],
        );
        let svg = parse(&line_chart(&chart, Lang::Nl).svg);
        let series = svg.group("series series-1");
        let lines: Vec<Vec<(f64, f64)>> = series
            .find_all("polyline")
            .iter()
            .map(|l| points(l))
            .collect();
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert_eq!(lines[0].len(), 2);
        assert_eq!(lines[1].len(), 2);
        // 2018 lies halfway between 2017 and 2019, and neither segment reaches it.
        let x2018 = (lines[0][1].0 + lines[1][0].0) / 2.0;
        assert!(lines
            .iter()
            .flatten()
            .all(|&(x, _)| (x - x2018).abs() > 10.0));
        assert_eq!(markers(series).len(), 4);
        // Never drawn as a zero: no point lies on the x axis.
        let baseline = svg
            .group("axis")
            .find_all("polyline")
            .iter()
            .map(|l| points(l)[0].1)
            .fold(0.0, f64::max);
        assert!(lines.iter().flatten().all(|&(_, y)| y < baseline - 10.0));
        // The x axis still has a tick for 2018.
        let ticks = svg
            .group("axis")
            .find_all("polyline")
            .iter()
            .filter(|l| {
                let p = points(l);
                p[0].0 == p[1].0
            })
            .count();
        assert_eq!(ticks, 5);
    }

    #[test]
    fn a_lone_point_between_gaps_is_a_marker() {
        let chart = single(
            (2015, 2021),
            &[
                (2015, 5.0),
                (2016, 6.0),
                (2018, 7.0),
                (2020, 8.0),
                (2021, 9.0),
            ],
        );
        let svg = parse(&line_chart(&chart, Lang::Nl).svg);
        let series = svg.group("series series-1");
        let lines: Vec<Vec<(f64, f64)>> = series
            .find_all("polyline")
            .iter()
            .map(|l| points(l))
            .collect();
        assert_eq!(lines.len(), 2);
        let markers = markers(series);
        assert_eq!(markers.len(), 5);
        let lone = markers[2];
        assert!(lines[0][1].0 < lone.0 && lone.0 < lines[1][0].0);
        assert!(lines.iter().flatten().all(|&(x, _)| x != lone.0));
    }

    #[test]
    fn y_axis_starts_at_zero_with_round_dutch_ticks() {
        let chart = single((2019, 2020), &[(2019, 1501.0), (2020, 2205.0)]);
        let svg = parse(&line_chart(&chart, Lang::Nl).svg);
        let axis = svg.group("axis");
        let mut y_labels: Vec<(f64, String)> = axis
            .find_all("text")
            .iter()
            .filter(|t| t.attr("text-anchor") == Some("end"))
            .map(|t| (t.num("y"), t.text.trim().to_string()))
            .collect();
        y_labels.sort_by(|a, b| b.0.total_cmp(&a.0));
        let labels: Vec<&str> = y_labels.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(labels, ["0", "500", "1.000", "1.500", "2.000", "2.500"]);
        // The "0" label sits on the x axis.
        let axis_line = axis
            .find_all("polyline")
            .into_iter()
            .find(|l| l.attr("stroke") == Some("#595959"))
            .unwrap();
        assert_eq!(points(axis_line)[0].1, y_labels[0].0);
        assert!(axis.texts().contains(&"2019".to_string()));
        assert!(axis.texts().contains(&"2020".to_string()));
        assert_eq!(svg.group("series series-1").texts(), ["2.205"]);
    }

    #[test]
    fn nice_ticks_are_round() {
        assert_eq!(
            nice_ticks(2205.0),
            [0.0, 500.0, 1000.0, 1500.0, 2000.0, 2500.0]
        );
        assert_eq!(nice_ticks(867.0), [0.0, 200.0, 400.0, 600.0, 800.0, 1000.0]);
        assert_eq!(nice_ticks(55601.0), [0.0, 20000.0, 40000.0, 60000.0]);
        assert_eq!(nice_ticks(3.0), [0.0, 1.0, 2.0, 3.0]);
        assert_eq!(nice_ticks(100.0), [0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
        assert_eq!(nice_ticks(0.0), [0.0, 1.0]);
        let labels: Vec<String> = nice_ticks(0.4)
            .iter()
            .map(|t| Lang::Nl.number(*t))
            .collect();
        assert_eq!(labels, ["0", "0,1", "0,2", "0,3", "0,4"]);
    }

    #[test]
    fn series_differ_without_colour() {
        let svg = parse(&line_chart(&theme(), Lang::Nl).svg);
        let look = |class: &str| {
            let g = svg.group(class);
            let marker = &g.children.iter().find(|n| n.name != "polyline").unwrap();
            let corners = if marker.name == "polygon" {
                points(marker).len()
            } else {
                0
            };
            (
                g.attr("stroke-dasharray").unwrap_or("none").to_string(),
                marker.name.clone(),
                corners,
            )
        };
        let looks = [
            look("series series-1"),
            look("series series-2"),
            look("series series-3"),
        ];
        for (i, a) in looks.iter().enumerate() {
            for b in &looks[i + 1..] {
                assert_ne!(a.0, b.0, "same dash pattern");
                assert_ne!((&a.1, a.2), (&b.1, b.2), "same marker");
            }
        }
        // The legend shows each line's pattern with its marker.
        let legend = svg.group("legend");
        for (i, entry) in legend.children.iter().enumerate() {
            assert_eq!(
                entry.attr("class"),
                Some(format!("series-{}", i + 1).as_str())
            );
            assert_eq!(
                entry.attr("stroke-dasharray"),
                svg.group(&format!("series series-{}", i + 1))
                    .attr("stroke-dasharray")
            );
            assert_eq!(entry.find_all("polyline").len(), 1);
        }
    }

    #[test]
    fn long_legend_labels_wrap_inside_the_chart() {
        let mut chart = theme();
        chart.series[1].label =
            "Online aantasting van de seksuele integriteit van minderjarigen".to_string();
        let svg = parse(&line_chart(&chart, Lang::Nl).svg);
        let legend = svg.group("legend");
        assert_eq!(legend.children[1].texts().len(), 2);
        for t in legend.find_all("text") {
            assert!(t.num("x") + text_width(t.text.trim()) <= f64::from(WIDTH));
        }
        // Entries below a wrapped one start on a new row, below its last line.
        let y = |entry: &Node| {
            entry
                .find_all("text")
                .iter()
                .map(|t| t.num("y"))
                .fold(0.0, f64::max)
        };
        assert!(y(&legend.children[2]) > y(&legend.children[1]));
    }

    #[test]
    fn value_labels_of_close_series_do_not_overlap() {
        let mut chart = theme();
        for (i, s) in chart.series.iter_mut().enumerate() {
            s.points = vec![(2022, 100.0), (2023, 300.0 + i as f64)];
        }
        let svg = parse(&line_chart(&chart, Lang::Nl).svg);
        let mut ys: Vec<f64> = (1..=3)
            .map(|i| svg.group(&format!("series series-{i}")).find_all("text")[0].num("y"))
            .collect();
        ys.sort_by(f64::total_cmp);
        assert!(ys.windows(2).all(|w| w[1] - w[0] >= FONT_SIZE), "{ys:?}");
    }

    #[test]
    fn hostile_labels_stay_escaped() {
        let hostile = "<script>alert(1)</script>\" onmouseover=\"x\" ]]> & </svg> 'q' \u{1}";
        let mut chart = theme();
        chart.id = "id\"<>".to_string();
        chart.title = hostile.to_string();
        chart.unit = hostile.to_string();
        chart.series[1].label = hostile.to_string();
        chart.events[0].label = hostile.to_string();
        let mut bar = bars();
        bar.title = hostile.to_string();
        bar.unit = hostile.to_string();
        bar.bars[0].0 = hostile.to_string();
        for svg in [
            line_chart(&chart, Lang::Nl).svg,
            bar_chart(&bar, Lang::Fr).svg,
        ] {
            let root = parse(&svg);
            assert!(root.find_all("script").is_empty());
            for raw in ["<script", "\" onmouseover", "]]>", "& ", "'q'", "\u{1}"] {
                assert!(!svg.contains(raw), "{raw:?} unescaped");
            }
            assert_eq!(svg.matches("</svg>").count(), 1);
            assert!(svg.trim_end().ends_with("</svg>"));
            let shown = root
                .descendants()
                .iter()
                .map(|n| n.text.as_str())
                .collect::<String>();
            assert!(shown.contains(
                "<script>alert(1)</script>\" onmouseover=\"x\" ]]> & </svg> 'q' \u{fffd}"
            ));
        }
    }

    #[test]
    fn same_data_same_bytes() {
        let a = line_chart(&theme(), Lang::Nl);
        let _ = bar_chart(&bars(), Lang::Fr);
        let b = line_chart(&theme(), Lang::Nl);
        assert_eq!(a.svg, b.svg);
        assert_eq!(a.desc, b.desc);
        assert_eq!(
            bar_chart(&bars(), Lang::Nl).svg,
            bar_chart(&bars(), Lang::Nl).svg
        );
    }

    #[test]
    fn dutch_description() {
        let chart = single((2018, 2020), &[(2019, 1501.0), (2020, 2205.0)]);
        assert_eq!(
            line_chart(&chart, Lang::Nl).desc,
            "Seksuele uitbuiting, nieuwe dossiers: van 1.501 in 2019 naar 2.205 in 2020 (+47%). Geen cijfer voor 2018."
        );
        let chart = single(
            (2010, 2023),
            &[
                (2014, 900.0),
                (2015, 1200.0),
                (2016, 3100.0),
                (2019, 900.0),
                (2020, 0.0),
                (2022, 700.0),
            ],
        );
        assert_eq!(
            line_chart(&chart, Lang::Nl).desc,
            "Seksuele uitbuiting, nieuwe dossiers: van 900 in 2014 naar 700 in 2022 (\u{2212}22%). \
             Hoogste waarde: 3.100 in 2016. \
             Geen cijfers voor 2010 tot en met 2013, 2017, 2018, 2021 en 2023."
        );
        // No change from zero; a single value; no values.
        let chart = single((2020, 2021), &[(2020, 0.0), (2021, 12.5)]);
        assert_eq!(
            line_chart(&chart, Lang::Nl).desc,
            "Seksuele uitbuiting, nieuwe dossiers: van 0 in 2020 naar 12,5 in 2021."
        );
        let chart = single((2020, 2021), &[(2021, 12.0)]);
        assert_eq!(
            line_chart(&chart, Lang::Nl).desc,
            "Seksuele uitbuiting, nieuwe dossiers: 12 in 2021. Geen cijfer voor 2020."
        );
        let chart = single((2020, 2021), &[]);
        assert_eq!(
            line_chart(&chart, Lang::Nl).desc,
            "Seksuele uitbuiting, nieuwe dossiers: geen cijfers."
        );
    }

    #[test]
    fn theme_description_covers_every_series_and_event() {
        let mut chart = theme();
        chart.series[2].points.retain(|&(y, _)| y >= 2016);
        assert_eq!(
            line_chart(&chart, Lang::Nl).desc,
            "Online seksuele uitbuiting, nieuwe dossiers. \
             Grooming: van 140 in 2014 naar 230 in 2023 (+64%). \
             Sexting: van 48 in 2014 naar 156 in 2023 (+225%). \
             Sextortion: van 90 in 2016 naar 300 in 2023 (+233%). Geen cijfers voor 2014 en 2015. \
             Aangeduide periode: COVID-19-lockdowns, 2020 tot en met 2021."
        );
    }

    #[test]
    fn french_description_and_labels() {
        let mut chart = single((2018, 2020), &[(2019, 1501.0), (2020, 2205.0)]);
        chart.series[0].label = "Exploitation sexuelle".to_string();
        chart.unit = "nouveaux dossiers".to_string();
        let rendered = line_chart(&chart, Lang::Fr);
        assert_eq!(
            rendered.desc,
            "Exploitation sexuelle, nouveaux dossiers\u{a0}: de 1\u{202f}501 en 2019 à 2\u{202f}205 en 2020 (+47\u{202f}%). \
             Pas de chiffre pour 2018."
        );
        let svg = check_accessible(&rendered, "uitbuiting");
        assert!(svg
            .group("axis")
            .texts()
            .contains(&"2\u{202f}500".to_string()));
        assert_eq!(svg.group("series series-1").texts(), ["2\u{202f}205"]);
    }

    #[test]
    fn bar_chart_labels_every_bar() {
        let chart = bar_chart(&bars(), Lang::Nl);
        let svg = check_accessible(&chart, "soorten");
        assert_eq!(
            chart.desc,
            "Verdwijningen per soort, nieuwe dossiers, in 2023. Weglopers: 867. \
             Internationale kinderontvoeringen door een ouder of een ander familielid: 1.301. \
             Niet-begeleide minderjarigen: 0."
        );
        let bars: Vec<&Node> = svg.group("bars").children.iter().collect();
        assert_eq!(bars.len(), 3);
        let widths: Vec<f64> = bars
            .iter()
            .map(|b| b.find_all("rect").first().map_or(0.0, |r| r.num("width")))
            .collect();
        assert!(
            widths[1] > widths[0] && widths[0] > 0.0 && widths[2] == 0.0,
            "{widths:?}"
        );
        assert_eq!(bars[0].texts(), ["Weglopers", "867"]);
        // The long label wraps onto two lines above its bar, and stays inside the viewBox.
        let texts = bars[1].texts();
        assert_eq!(texts.len(), 3);
        assert_eq!(
            texts[..2].join(" "),
            "Internationale kinderontvoeringen door een ouder of een ander familielid"
        );
        assert_eq!(texts[2], "1.301");
        for t in bars[1].find_all("text") {
            let width = text_width(t.text.trim())
                * if t.attr("font-weight").is_some() {
                    1.1
                } else {
                    1.0
                };
            assert!(
                t.num("x") + width <= f64::from(WIDTH),
                "{} overflows",
                t.text.trim()
            );
        }
        assert_eq!(bars[2].texts(), ["Niet-begeleide minderjarigen", "0"]);
        // A title that names the year already does not get it twice.
        let mut chart = self::bars();
        chart.title = "Verdwijningen per soort in 2023".to_string();
        chart.unit = String::new();
        assert!(bar_chart(&chart, Lang::Fr)
            .desc
            .starts_with("Verdwijningen per soort in 2023. Weglopers\u{a0}: 867."));
    }

    #[test]
    fn a_share_changes_in_percentage_points() {
        let chart = LineChart {
            id: "aandeel".into(),
            title: "Aandeel".into(),
            unit: "%".into(),
            years: (2017, 2020),
            series: vec![Series {
                label: "Aandeel".into(),
                points: vec![(2017, 56.0), (2020, 81.0)],
            }],
            events: Vec::new(),
        };
        let desc = line_chart(&chart, Lang::Nl).desc;
        assert!(
            desc.contains("van 56% in 2017 naar 81% in 2020 (+25 procentpunten)"),
            "{desc}"
        );
        let fr = line_chart(&chart, Lang::Fr).desc;
        assert!(fr.contains("(+25 points de pourcentage)"), "{fr}");
    }
}
