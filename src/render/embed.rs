//! A chart's page for other sites (`grafieken/<name>.html`): the chart, its sources, its
//! table and a link back to its own place, for an `<iframe>` on someone else's page. It
//! has no script, sets no cookie and loads nothing but the site's own stylesheet; it asks
//! not to be indexed and is not in the sitemap (its chart is, on its page).

use super::context::Renderer;
use super::views::{ChartView, EmbedView};
use tera::Context;

/// The widths a frame is drawn at: a narrow phone's (320 px) and the frame's own (640 px).
/// Between them its content is no taller than at one of the two.
const WIDTHS: [f64; 2] = [320.0, 640.0];

/// The height of the frame that shows a chart on another site. A frame cannot size itself
/// to what it shows without a script, so its height is fixed: that of its content where
/// the content is tallest, at 640 px (the chart at its largest) or at 320 px (the chart
/// small, its words on more lines). The sizes are those of style.css's `.ingesloten`
/// rules; the words' widths are an average letter's (0.55 em bold, 0.5 em plain), a little
/// over what Chromium draws. check.mjs loads every chart's page at 320, 375 and 640 px in
/// a frame of this height and fails if anything is cut off.
pub(super) fn frame_height(chart_height: u32, title: &str, source: &str, back: &str) -> u32 {
    let lines = |text: &str, letter: f64, width: f64| -> f64 {
        let per_line = (width / letter).floor().max(1.0) as usize;
        text.chars().count().div_ceil(per_line).max(1) as f64
    };
    let tallest = WIDTHS
        .iter()
        .map(|frame| {
            // `.ingesloten main`: 0.75 rem on each side.
            let width = frame - 24.0;
            let chart = f64::from(chart_height) * width / 480.0;
            // h1: 1.1 rem bold, line height 1.3; the source and the link back: 0.85 rem,
            // line height 1.55.
            let title = lines(title, 17.6 * 0.55, width) * 22.9;
            let source = if source.is_empty() {
                0.0
            } else {
                lines(source, 13.6 * 0.5, width) * 21.1 + 12.8
            };
            let back = lines(back, 13.6 * 0.5, width) * 21.1 + 12.8;
            // main's padding, the h1's margin, the table's switch with its margin.
            let rest = 16.0 + 6.4 + 6.4 + 8.0 + 24.8;
            chart + title + source + back + rest
        })
        .fold(0.0, f64::max);
    // A few pixels to spare for a font a little wider than the average.
    (tallest + 16.0).ceil() as u32
}

/// The page of a chart for other sites, and the `<iframe>` code that shows it there.
pub(super) fn embed_view(
    path: String,
    url: String,
    full_url: &str,
    title: &str,
    height: u32,
) -> EmbedView {
    let code = format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"640\" height=\"{height}\" \
         style=\"width:100%;max-width:640px;border:0\" loading=\"lazy\"></iframe>",
        crate::escape::html(full_url),
        crate::escape::html(title),
    );
    EmbedView { url, code, path }
}

impl Renderer<'_> {
    /// Writes the page of `chart` for other sites, if it has one. Made by the chart's own
    /// page (its metric's or theme's), once.
    pub(super) fn render_embed(&self, chart: &ChartView) -> Result<(), tera::Error> {
        let Some(embed) = &chart.embed else {
            return Ok(());
        };
        let mut ctx = Context::new();
        ctx.insert("chart", chart);
        let html = self.tera.render("embed.html", &ctx)?;
        self.out.add(embed.path.clone(), html.into_bytes());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_frame_holds_the_chart_at_its_widest_and_grows_with_its_words() {
        let short = frame_height(292, "Grooming", "Bron: X", "Meer op Y");
        // The chart alone is 292 × 616 / 480 = 375 px high at 640 px.
        assert!(short >= 375 + 100, "{short}");
        // Sources that take lines on a phone make the frame taller.
        // 20 × 41 letters: 20 lines at 320 px (43 letters a line), 420 px of them.
        let sources = "Bronnen: Jaarverslag 2019 (12 mei 2020); ".repeat(20);
        let long = frame_height(292, "Grooming", &sources, "Meer op Y");
        assert!(long > short + 200, "{long} vs {short}");
        // No source line, no room for one.
        assert!(frame_height(292, "Grooming", "", "Meer op Y") < short);
    }

    #[test]
    fn the_code_is_an_iframe_with_its_title_escaped() {
        let view = embed_view(
            "grafieken/a.html".into(),
            "/r/grafieken/a.html".into(),
            "https://example.org/r/grafieken/a.html",
            "\"Sexting\" & <co>",
            500,
        );
        assert_eq!(
            view.code,
            "<iframe src=\"https://example.org/r/grafieken/a.html\" \
             title=\"&quot;Sexting&quot; &amp; &lt;co&gt;\" width=\"640\" height=\"500\" \
             style=\"width:100%;max-width:640px;border:0\" loading=\"lazy\"></iframe>"
        );
    }
}
