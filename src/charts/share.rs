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
        let site = one_line(&card.site, 1072.0, 30.0);
        text(&mut svg, LEFT, 84, 30.0, "#404040", false, &site);
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
    let address = one_line(&card.address, 1072.0, 26.0);
    text(
        &mut svg,
        LEFT,
        h as i32 - 28,
        26.0,
        "#595959",
        false,
        &address,
    );
    svg.push_str("</svg>\n");
    svg
}

/// `text` as one line no wider than `width` at `size`: cut, with `…`, when it is wider.
/// A `--base-url` of 30,000 characters was drawn whole, off the image, in 94 s (issue 26,
/// case 11).
fn one_line(text: &str, width: f64, size: f64) -> String {
    if width_at(text, size) <= width {
        return text.to_string();
    }
    let mut kept = String::new();
    let mut chars = 0;
    for c in text.chars() {
        chars += 1;
        if width_at("x", size) * (chars + 1) as f64 > width {
            break;
        }
        kept.push(c);
    }
    kept.push('…');
    kept
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

    /// Issue 26, case 11: a long unbroken title or address costs no more than a short
    /// one, and is cut to fit.
    #[test]
    fn a_long_word_is_cut_and_costs_little() {
        let long = "x".repeat(300_000);
        let started = std::time::Instant::now();
        let lines = wrap_at(&long, 1072.0, 56.0);
        assert!(lines.len() > 1);
        let widest = lines.iter().map(|l| width_at(l, 56.0)).fold(0.0, f64::max);
        assert!(widest <= 1072.0, "{widest}");
        assert_eq!(lines.concat(), long);
        let mut card = card("Site", &long);
        card.address = format!("https://example.org/{}/", "a".repeat(30_000));
        let svg = share_card(&card);
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
        assert!(svg.len() < 400_000, "{}", svg.len());
        let address_line = svg.lines().rev().nth(1).unwrap();
        assert!(
            address_line.contains("https://example.org/aaa"),
            "{address_line}"
        );
        assert!(
            address_line.contains('…') && address_line.len() < 300,
            "{address_line}"
        );
        // A title of words is wrapped at its spaces, each line as full as it can be.
        let title = "Verdwenen kinderen in België van 2017 tot 2023, per soort verdwijning";
        let lines = wrap_at(title, 500.0, 46.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.join(" "), title);
        for pair in lines.windows(2) {
            assert!(width_at(&pair[0], 46.0) <= 500.0);
            let next = pair[1].split(' ').next().unwrap();
            assert!(
                width_at(&format!("{} {next}", pair[0]), 46.0) > 500.0,
                "{pair:?}"
            );
        }
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
