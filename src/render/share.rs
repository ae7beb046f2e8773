//! Each page's share image (`og:image`): drawn from an SVG the site writes
//! ([`charts::share_card`]), with the page's title and, where the page has one, its
//! headline figure or chart; its alt text says the same in words.

use super::context::Renderer;
use crate::charts::{self, ShareCard, ShareHeadline};
use crate::model::Metric;
use crate::urls::PageKey;

/// What a page's share image shows besides its title.
pub(super) enum Headline<'a> {
    None,
    /// A metric's value in a year.
    Figure(&'a Metric, i32),
    /// A chart as the page shows it: its `<svg>` and its title.
    Chart {
        svg: String,
        title: String,
    },
}

impl<'a> Renderer<'a> {
    /// Where a page's share image is: `share.png` in the page's folder (the 404 page
    /// shares its language's home image).
    pub(super) fn share_path(&self, key: &PageKey) -> String {
        match key {
            PageKey::NotFound => self.locale.share_path(&PageKey::Home),
            key => self.locale.share_path(key),
        }
    }

    /// Writes the share image of the page `key` and returns its alt text.
    pub(super) fn share_image(&self, key: &PageKey, title: &str, headline: Headline<'a>) -> String {
        let t = &self.locale.strings;
        let site = self.locale.title.as_str();
        let (headline, alt) = match headline {
            Headline::Figure(m, year) => match self.data.value(&m.id, year) {
                Some(value) => {
                    let words = self.metric_words(m);
                    let value = self.value_text(m, value);
                    let caption = t.fill(
                        "share_figure_caption",
                        &[
                            ("label", words.label),
                            ("year", &year.to_string()),
                            ("unit", words.unit),
                        ],
                    );
                    let alt = t.fill(
                        "share_alt_figure",
                        &[("title", title), ("caption", &caption), ("value", &value)],
                    );
                    (ShareHeadline::Figure { value, caption }, alt)
                }
                None => (
                    ShareHeadline::None,
                    t.fill("share_alt", &[("title", title), ("site", site)]),
                ),
            },
            Headline::Chart { svg, title: chart } => (
                ShareHeadline::Chart { svg },
                t.fill("share_alt_chart", &[("title", title), ("chart", &chart)]),
            ),
            Headline::None => (
                ShareHeadline::None,
                t.fill("share_alt", &[("title", title), ("site", site)]),
            ),
        };
        let address = self.base.absolute.trim_end_matches('/');
        let address = address
            .strip_prefix("https://")
            .or_else(|| address.strip_prefix("http://"))
            .unwrap_or(address);
        let card = ShareCard {
            site: site.to_string(),
            title: title.to_string(),
            address: address.to_string(),
            headline,
        };
        self.out
            .add_png(self.share_path(key), charts::share_card(&card), 1);
        alt
    }

    /// The first headline metric with a value in `year` (the latest year it has one, for
    /// `None`), with that year.
    pub(super) fn headline_figure(&self, year: Option<i32>) -> Headline<'a> {
        let content = self.content;
        content
            .metrics
            .iter()
            .filter(|m| m.headline)
            .find_map(|m| {
                let year = match year {
                    Some(y) => self.data.value(&m.id, y).map(|_| y),
                    None => self.data.series(&m.id).last().map(|p| p.0),
                }?;
                Some(Headline::Figure(m, year))
            })
            .unwrap_or(Headline::None)
    }
}
