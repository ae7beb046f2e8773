//! A page's share image (Open Graph, 1200 × 630): the site's name, the page's title and,
//! where the page has one, its headline figure or its chart, and the site's address.
//! Each text is drawn as given: the words come from the page and its language file.

use super::layout::FONT_FAMILY;
use super::standalone::{width_at, wrap_at};
use super::svg::escape;

pub const SHARE_WIDTH: u32 = 1200;
pub const SHARE_HEIGHT: u32 = 630;

/// What a share image shows.
#[derive(Debug, Clone, Default)]
pub struct ShareCard {
    pub site: String,
    pub title: String,
    pub address: String,
    pub headline: ShareHeadline,
}

#[derive(Debug, Clone, Default)]
pub enum ShareHeadline {
    #[default]
    None,
    /// A number in large type, and what it counts (`Weglopers in 2023`).
    Figure { value: String, caption: String },
    /// A chart's `<svg>` as the page shows it (its viewBox gives its shape).
    Chart { svg: String },
}

const LEFT: i32 = 64;
const ACCENT: &str = "#1f4e79";

/// The share image as an SVG document of 1200 × 630.
pub fn share_card(card: &ShareCard) -> String {
    let (w, h) = (SHARE_WIDTH, SHARE_HEIGHT);
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" \
         height=\"{h}\" font-family=\"{FONT_FAMILY}\">\n<title>{}</title>\n\
         <rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n\
         <rect width=\"{w}\" height=\"14\" fill=\"{ACCENT}\"/>\n",
        escape(&card.title)
    );
    // The site's name above the title, unless it is the title (the home page): once.
    let home = card.site == card.title;
    if !home {
        text(&mut svg, LEFT, 84, 30.0, "#404040", false, &card.site);
    }
    // With a chart, the title keeps the left side and the chart takes the right.
    let chart = match &card.headline {
        ShareHeadline::Chart { svg } => Some(svg),
        _ => None,
    };
    let title_width = if chart.is_some() { 500.0 } else { 1072.0 };
    let (size, row) = if chart.is_some() {
        (46.0, 56)
    } else {
        (56.0, 66)
    };
    let mut lines = wrap_at(&card.title, title_width, size);
    let max_lines = if matches!(card.headline, ShareHeadline::Figure { .. }) {
        2
    } else {
        5
    };
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            last.push('…');
        }
    }
    let mut y = if home { 110 } else { 170 };
    for line in &lines {
        text(&mut svg, LEFT, y, size, "#1a1a1a", true, line);
        y += row;
    }
    match &card.headline {
        ShareHeadline::Figure { value, caption } => {
            // The number as large as fits one line.
            let size = (1072.0 / width_at(value, 1.0) * 0.9).clamp(40.0, 120.0);
            y += (size * 0.9) as i32;
            text(&mut svg, LEFT, y, size, ACCENT, true, value);
            y += 52;
            for line in wrap_at(caption, 1072.0, 34.0).iter().take(2) {
                text(&mut svg, LEFT, y, 34.0, "#1a1a1a", false, line);
                y += 42;
            }
        }
        ShareHeadline::Chart { svg: chart } => {
            svg.push_str("<rect x=\"600\" y=\"110\" width=\"560\" height=\"440\" rx=\"8\" fill=\"#fff\" stroke=\"#d9d9d9\"/>\n");
            svg.push_str(&chart.replacen(
                " width=\"100%\"",
                " x=\"612\" y=\"122\" width=\"536\" height=\"416\"",
                1,
            ));
        }
        ShareHeadline::None => {}
    }
    svg.push_str(&format!(
        "<rect x=\"0\" y=\"{}\" width=\"{w}\" height=\"1\" fill=\"#d9d9d9\"/>\n",
        h - 72
    ));
    text(
        &mut svg,
        LEFT,
        h as i32 - 28,
        26.0,
        "#595959",
        false,
        &card.address,
    );
    svg.push_str("</svg>\n");
    svg
}

fn text(svg: &mut String, x: i32, y: i32, size: f64, fill: &str, bold: bool, line: &str) {
    let weight = if bold { " font-weight=\"bold\"" } else { "" };
    svg.push_str(&format!(
        "<text x=\"{x}\" y=\"{y}\" font-size=\"{size:.0}\" fill=\"{fill}\"{weight}>{}</text>\n",
        escape(line)
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(site: &str, title: &str) -> ShareCard {
        ShareCard {
            site: site.into(),
            title: title.into(),
            address: "example.org/r".into(),
            headline: ShareHeadline::Figure {
                value: "1.062".into(),
                caption: "Verdwijningen in 2020".into(),
            },
        }
    }

    /// The drawn lines (not the `<title>`) that read `text`.
    fn drawn(svg: &str, text: &str) -> usize {
        svg.matches(&format!(">{text}</text>")).count()
    }

    #[test]
    fn the_site_is_named_once_on_its_home_page_card() {
        let page = share_card(&card("Child Focus in cijfers", "Weglopers"));
        assert_eq!(drawn(&page, "Child Focus in cijfers"), 1);
        assert_eq!(drawn(&page, "Weglopers"), 1);
        let home = share_card(&card("Child Focus in cijfers", "Child Focus in cijfers"));
        assert_eq!(drawn(&home, "Child Focus in cijfers"), 1, "{home}");
        assert_eq!(drawn(&home, "1.062"), 1);
        roxmltree::Document::parse(&home).unwrap();
    }
}
