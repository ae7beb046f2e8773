//! plotters' SVG output made into the groups of one `<svg>`, and how a chart looks: colours,
//! series styles, text.

use plotters::coord::Shift;
use plotters::prelude::{
    Circle, Color, DrawingArea, DrawingAreaErrorKind, EmptyElement, FontStyle, IntoDrawingArea,
    IntoFont, PathElement, Polygon, RGBColor, Rectangle, SVGBackend, ShapeStyle, Text, TextStyle,
    TriangleMarker,
};
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::layout::{FONT_FAMILY, FONT_SIZE, ROW, WIDTH};

/// Text and lines keep WCAG AA contrast on white (text ≥ 4.5:1) in the standalone file.
pub(super) const TEXT: RGBColor = RGBColor(0x1a, 0x1a, 0x1a);
pub(super) const AXIS_TEXT: RGBColor = RGBColor(0x40, 0x40, 0x40);
pub(super) const AXIS: RGBColor = RGBColor(0x59, 0x59, 0x59);
pub(super) const GRID: RGBColor = RGBColor(0xd9, 0xd9, 0xd9);
pub(super) const BAND: RGBColor = RGBColor(0x5a, 0x5a, 0x5a);
pub(super) const BAND_OPACITY: f64 = 0.15;

/// How a series looks: told apart by marker shape and dash pattern, not by colour alone.
pub(super) struct SeriesStyle {
    pub(super) colour: RGBColor,
    /// The `stroke-dasharray`; `None` is a solid line. Round caps add half the 3-unit stroke
    /// width at each end of a dash, hence the short dashes and long gaps.
    pub(super) dash: Option<&'static str>,
    pub(super) marker: Marker,
}

#[derive(Clone, Copy)]
pub(super) enum Marker {
    Circle,
    Square,
    Triangle,
    Diamond,
}

pub(super) const STYLES: [SeriesStyle; 4] = [
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

pub(super) fn series_style(index: usize) -> &'static SeriesStyle {
    &STYLES[index % STYLES.len()]
}

pub(super) fn draw_marker(root: &Area, style: &SeriesStyle, at: (i32, i32)) -> Drawn {
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
pub(super) fn draw_legend_entry(
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

pub(super) type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
pub(super) type Drawn = Result<(), DrawingAreaErrorKind<std::io::Error>>;

/// Draws one layer with plotters into a buffer of its own and returns its elements.
pub(super) fn layer<F>(height: u32, draw: F) -> String
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
/// font-size: they come from the root `<svg>` (or the page's CSS). It reads tags, not
/// lines, so it does not depend on how plotters lays out its output: plotters escapes `<`
/// and `>` in text and attribute values, so a `<` always starts a tag and a `>` ends one.
pub(super) fn strip_layer(doc: &str) -> String {
    let start = doc
        .find("<svg")
        .and_then(|at| doc[at..].find('>').map(|end| at + end + 1))
        .unwrap_or(0);
    let end = doc
        .rfind("</svg>")
        .filter(|&e| e >= start)
        .unwrap_or(doc.len());
    let mut rest = doc[start..end].trim_start_matches('\n');
    let mut out = String::with_capacity(rest.len());
    while let Some(at) = rest.find("<text ") {
        out.push_str(&rest[..at]);
        let tag_end = rest[at..].find('>').map_or(rest.len(), |e| at + e + 1);
        let tag = remove_attribute(&rest[at..tag_end], "font-family");
        out.push_str(&remove_attribute(&tag, "font-size"));
        rest = &rest[tag_end..];
    }
    out.push_str(rest);
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// `tag` without its attribute `name` (and the space before it).
pub(super) fn remove_attribute(tag: &str, name: &str) -> String {
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
pub(super) fn group(svg: &mut String, class: &str, series: Option<usize>, body: &str) {
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
pub(super) fn open_svg(id: &str, class: &str, height: u32, title: &str, desc: &str) -> String {
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

pub(super) fn text_style(colour: &RGBColor, h: HPos, v: VPos, bold: bool) -> TextStyle<'static> {
    let font = ("sans-serif", FONT_SIZE).into_font();
    let font = if bold {
        font.style(FontStyle::Bold)
    } else {
        font
    };
    font.color(colour).pos(Pos::new(h, v))
}

/// Text as XML 1.0 allows it: line breaks and tabs become spaces, other control characters
/// become U+FFFD, which no escape could make legal.
pub(super) fn clean(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => ' ',
            c if c < ' ' || c == '\u{fffe}' || c == '\u{ffff}' => '\u{fffd}',
            c => c,
        })
        .collect()
}

/// Text for an attribute value or element content: XML 1.0 text, escaped.
pub(super) fn escape(text: &str) -> String {
    crate::escape::html(&clean(text))
}
