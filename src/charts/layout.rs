//! Where everything of a line chart goes, in viewBox units, and its layers drawn there.

use plotters::coord::types::RangedCoordf64;
use plotters::prelude::{
    Cartesian2d, Color, CoordTranslate, PathElement, Ranged, Rectangle, ShapeStyle, Text,
};
use plotters::style::text_anchor::{HPos, VPos};

use super::svg::{
    clean, draw_marker, escape, layer, series_style, text_style, AXIS, AXIS_TEXT, BAND,
    BAND_OPACITY, GRID, TEXT,
};
use super::LineChart;
use crate::format::Format;

/// viewBox width; the height follows from the content.
pub(super) const WIDTH: u32 = 480;
/// Text size in viewBox units, set once on the root `<svg>`.
pub(super) const FONT_SIZE: f64 = 17.0;
pub(super) const FONT_FAMILY: &str = "system-ui, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";
pub(super) const PAD: i32 = 6;
pub(super) const ROW: i32 = 24;
pub(super) const PLOT_HEIGHT: i32 = 190;
pub(super) const BAR_HEIGHT: i32 = 22;

/// Where everything of a line chart goes, in viewBox units.
pub(super) struct LineLayout {
    pub(super) height: u32,
    pub(super) years: (i32, i32),
    pub(super) plot: Cartesian2d<RangedCoordf64, RangedCoordf64>,
    pub(super) left: i32,
    pub(super) right: i32,
    pub(super) bottom: i32,
    pub(super) y_ticks: Vec<f64>,
    /// Every year gets a tick; only every `year_step`-th a label, counted back from the last
    /// year, when labels would otherwise touch.
    pub(super) year_step: i32,
    pub(super) unit_y: i32,
    /// The top left corner and the label lines of each series' legend entry; empty for one
    /// series.
    pub(super) legend: Vec<((i32, i32), Vec<String>)>,
    pub(super) events: Vec<EventPlace>,
}

/// An event's band spans `band` horizontally and reaches from the plot's bottom up to the top
/// of its label's row.
pub(super) struct EventPlace {
    pub(super) band: (i32, i32),
    pub(super) label_x: i32,
    pub(super) row_y: i32,
}

impl LineLayout {
    pub(super) fn new(
        chart: &LineChart,
        series: &[Vec<(i32, f64)>],
        events: &[(&str, i32, i32)],
        years: (i32, i32),
        format: &Format,
    ) -> LineLayout {
        let width = WIDTH as i32;
        let y_ticks = nice_ticks(series.iter().flatten().map(|&(_, v)| v).fold(0.0, f64::max));
        let label_width = y_ticks
            .iter()
            .map(|t| text_width(&format.number(*t)))
            .fold(0.0, f64::max);
        let left = PAD + label_width.ceil() as i32 + 8;

        // The value label right of the last year's point must fit inside the viewBox: solve
        // x(last year) + 9 + label width <= width - PAD for the plot's right edge.
        let n = f64::from(years.1 - years.0 + 1);
        let value_width = series
            .iter()
            .filter_map(|p| p.last())
            .map(|&(_, v)| bold_width(&format.number(v)))
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

    pub(super) fn axis_layer(&self, unit: &str, format: &Format) -> String {
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
                    format.number(tick),
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

    pub(super) fn event_layer(&self, label: &str, place: &EventPlace) -> String {
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

    /// Where the line of a break before `year` is drawn: half-way from the year before.
    pub(super) fn break_x(&self, year: i32) -> i32 {
        self.at(f64::from(year) - 0.5, 0.0).0
    }

    /// A break in a series before `year`: a dashed line across the plot, half-way from the
    /// year before, with a short word beside its top, in the `row`th row (from 0) where the
    /// word of a break just before would touch it.
    pub(super) fn break_layer(&self, year: i32, mark: &str, row: usize) -> String {
        let top_value = self.y_ticks.last().copied().unwrap_or(1.0);
        let (x, top) = self.at(f64::from(year) - 0.5, top_value);
        let label_y = top + 2 + 20 * row as i32;
        layer(self.height, |root| {
            let style = ShapeStyle::from(&AXIS).stroke_width(2);
            let mut y = top;
            while y < self.bottom {
                let end = (y + 6).min(self.bottom);
                root.draw(&PathElement::new(vec![(x, y), (x, end)], style))?;
                y += 10;
            }
            // Inside the plot, beside the line: above the plot are the events' labels.
            root.draw(&Text::new(
                clean(mark),
                (x + 4, label_y),
                text_style(&AXIS_TEXT, HPos::Left, VPos::Top, false),
            ))
        })
    }

    /// The vertical position of each series' value label: beside its last point, pushed apart
    /// where labels of several series would overlap, and kept within the plot.
    pub(super) fn value_label_positions(
        &self,
        series: &[Vec<(i32, f64)>],
    ) -> Vec<Option<(i32, i32)>> {
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
    pub(super) fn series_layer(
        &self,
        index: usize,
        points: &[(i32, f64)],
        breaks: &[i32],
        value_label: Option<(i32, i32)>,
        format: &Format,
    ) -> String {
        let style = series_style(index);
        layer(self.height, |root| {
            let line = ShapeStyle::from(&style.colour).stroke_width(3);
            // A line joins consecutive years only, and never across a break.
            for run in points.chunk_by(|a, b| b.0 == a.0 + 1 && !breaks.contains(&b.0)) {
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
                    format.number(value),
                    (x + 9, y),
                    text_style(&style.colour, HPos::Left, VPos::Center, true),
                ))?;
            }
            Ok(())
        })
    }

    /// Over every point, an unseen circle (no fill, but it takes the pointer) whose `<title>` is its series, year and value:
    /// a pointer that rests on a point shows them, with no script. (Keyboard and screen
    /// reader users have the same numbers in the table under the chart.)
    pub(super) fn point_titles(
        &self,
        label: &str,
        points: &[(i32, f64)],
        format: &crate::format::Format,
        colon: &str,
    ) -> String {
        let mut out = String::new();
        for &(year, value) in points {
            let (x, y) = self.at(f64::from(year), value);
            out.push_str(&format!(
                "<circle class=\"point\" cx=\"{x}\" cy=\"{y}\" r=\"10\" fill=\"none\" \
                 pointer-events=\"all\"><title>{}, {year}{colon} {}</title></circle>\n",
                escape(label),
                format.number(value),
            ));
        }
        out
    }
}

/// The series' points inside the year range, sorted by year, one per year, finite values only.
pub(super) fn points_in_range(points: &[(i32, f64)], years: (i32, i32)) -> Vec<(i32, f64)> {
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
pub(super) fn nice_ticks(max: f64) -> Vec<f64> {
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

/// Estimated width of text in viewBox units: there are no font metrics at build time, so this
/// errs on the wide side (0.6 em a character fits most sans-serif fonts).
pub(super) fn text_width(text: &str) -> f64 {
    text.chars().count() as f64 * FONT_SIZE * 0.6
}

pub(super) fn bold_width(text: &str) -> f64 {
    text_width(text) * 1.1
}

/// Breaks text into lines no wider than `width`, at spaces; a word wider than a line is cut
/// into pieces that fit.
///
/// Widths are counted in characters as it goes (the same sums as [`text_width`], so lines
/// break where they did): measuring the line afresh for every word, and leaving an
/// over-long word whole, made a share image of a 300,000-character title take 75 s to
/// wrap and draw (issue 26, case 11).
pub(super) fn wrap(text: &str, width: f64) -> Vec<String> {
    let width_of = |chars: usize| chars as f64 * FONT_SIZE * 0.6;
    // The most characters a line holds (at least one, so that every piece makes progress).
    let fits = |chars: usize| width_of(chars) <= width;
    let mut most = (width / width_of(1)).floor().max(1.0) as usize;
    while most > 1 && !fits(most) {
        most -= 1;
    }
    while fits(most + 1) {
        most += 1;
    }
    let mut lines: Vec<String> = Vec::new();
    // Characters in the last line.
    let mut last = 0usize;
    for word in text.split_whitespace() {
        let chars = word.chars().count();
        match lines.last_mut() {
            Some(line) if width_of(last) + width_of(chars) + width_of(1) <= width => {
                line.push(' ');
                line.push_str(word);
                last += chars + 1;
            }
            _ if chars <= most => {
                lines.push(word.to_string());
                last = chars;
            }
            _ => {
                let letters: Vec<char> = word.chars().collect();
                for piece in letters.chunks(most) {
                    lines.push(piece.iter().collect());
                    last = piece.len();
                }
            }
        }
    }
    lines
}
