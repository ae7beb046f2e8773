//! A chart as a file of its own: what the page says around the chart (its title) and
//! what a reader who takes it away needs to cite it (its sources, the site's name and
//! address) are drawn into the SVG, as Our World in Data's charts do. The chart in the
//! page stays as it is: there its caption and sources are HTML.

use super::layout::{text_width, FONT_FAMILY, FONT_SIZE, PAD, WIDTH};
use super::svg::{clean, escape};
use super::Chart;

/// What is drawn around a chart in its own file. Each text is shown as given.
#[derive(Debug, Clone, Default)]
pub struct Attribution {
    pub title: String,
    /// "Bron: …", in the page's language; empty draws no source line.
    pub source: String,
    /// The site's name and address.
    pub credit: String,
}

/// A standalone SVG file is drawn twice the size of its viewBox: 960 px wide, which a
/// slide or a document can use as it is.
pub const FILE_SCALE: u32 = 2;

const TITLE_SIZE: f64 = 21.0;
const TITLE_ROW: i32 = 27;
const NOTE_SIZE: f64 = 13.0;
const NOTE_ROW: i32 = 17;
/// The most lines the site's name and address take under a chart.
const CREDIT_LINES: usize = 2;

/// The chart `chart` with its title above it and its sources and the site below, as an
/// SVG document of its own (white, with a fixed size).
pub fn standalone(chart: &Chart, attribution: &Attribution) -> String {
    let usable = f64::from(WIDTH as i32 - 2 * PAD);
    let title = wrap_at(&attribution.title, usable, TITLE_SIZE);
    let mut notes = wrap_at(&attribution.source, usable, NOTE_SIZE);
    // The site's name and address: two lines at most. A `--base-url` of 30,000 characters
    // made some 400 lines under every chart, drawn into every PNG (issue 26, case 11).
    let mut credit = wrap_at(&attribution.credit, usable, NOTE_SIZE);
    if credit.len() > CREDIT_LINES {
        credit.truncate(CREDIT_LINES);
        if let Some(last) = credit.last_mut() {
            last.push('…');
        }
    }
    notes.extend(credit);

    let chart_top = PAD + TITLE_ROW * title.len() as i32 + 6;
    let notes_top = chart_top + chart.height as i32 + 8;
    let height = notes_top + NOTE_ROW * notes.len() as i32 + PAD;
    let (w, h) = (WIDTH * FILE_SCALE, height as u32 * FILE_SCALE);
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" \
         width=\"{w}\" height=\"{h}\" font-family=\"{FONT_FAMILY}\" font-size=\"{FONT_SIZE}\">\n\
         <title>{}</title>\n<rect class=\"paper\" width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n",
        escape(&attribution.title),
    );
    for (n, line) in title.iter().enumerate() {
        let y = PAD + TITLE_ROW * n as i32 + 21;
        svg.push_str(&format!(
            "<text x=\"{PAD}\" y=\"{y}\" font-size=\"{TITLE_SIZE}\" font-weight=\"bold\" \
             class=\"fill-text\" fill=\"#1a1a1a\">{}</text>\n",
            escape(line)
        ));
    }
    svg.push_str(&nested(&chart.svg, chart_top, chart.height));
    svg.push_str(&format!(
        "<path class=\"stroke-grid\" d=\"M{PAD} {} H{}\" stroke=\"#d9d9d9\"/>\n",
        notes_top - 3,
        WIDTH as i32 - PAD
    ));
    for (n, line) in notes.iter().enumerate() {
        let y = notes_top + NOTE_ROW * n as i32 + 13;
        svg.push_str(&format!(
            "<text x=\"{PAD}\" y=\"{y}\" font-size=\"{NOTE_SIZE}\" class=\"fill-axis-text\" fill=\"#404040\">{}</text>\n",
            escape(line)
        ));
    }
    svg.push_str("</svg>\n");
    svg
}

/// The chart's own `<svg>` placed at `top`, at its size instead of its container's width.
fn nested(svg: &str, top: i32, height: u32) -> String {
    svg.replacen(
        " width=\"100%\"",
        &format!(" x=\"0\" y=\"{top}\" width=\"{WIDTH}\" height=\"{height}\""),
        1,
    )
}

/// Lines of text at `size` no wider than `width` (estimated, as everywhere in the charts).
pub(super) fn wrap_at(text: &str, width: f64, size: f64) -> Vec<String> {
    let text = clean(text);
    super::layout::wrap(&text, width * FONT_SIZE / size)
        .into_iter()
        .filter(|l| !l.is_empty())
        .collect()
}

/// The estimated width of `text` at `size`.
pub(super) fn width_at(text: &str, size: f64) -> f64 {
    text_width(text) * size / FONT_SIZE
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 26, case 11: a site address of 30,000 characters takes two lines under the
    /// chart, not some 400, and the file stays small.
    #[test]
    fn a_long_address_takes_two_lines_at_most() {
        let chart = Chart {
            svg: "<svg viewBox=\"0 0 480 200\" width=\"100%\"></svg>".into(),
            desc: String::new(),
            height: 200,
        };
        let attribution = Attribution {
            title: "Weglopers".into(),
            source: "Bron: Child Focus".into(),
            credit: format!("Child Focus · https://example.org/{}/", "a".repeat(30_000)),
        };
        let svg = standalone(&chart, &attribution);
        let notes = svg.matches("class=\"fill-axis-text\"").count();
        assert_eq!(notes, 1 + CREDIT_LINES, "{}", &svg[..svg.len().min(2000)]);
        assert!(svg.contains('…'));
        assert!(svg.len() < 4_000, "{}", svg.len());
        // A short credit is drawn whole, as before.
        let short = Attribution {
            credit: "Child Focus · https://example.org/".into(),
            ..attribution
        };
        let svg = standalone(&chart, &short);
        assert!(svg.contains("Child Focus · https://example.org/</text>"));
        assert!(!svg.contains('…'));
    }
}
