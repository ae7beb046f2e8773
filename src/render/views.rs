//! What the templates see: every number already formatted, every change computed, every
//! link resolved for the page's language.

use crate::format::Lang;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub title: String,
    pub url: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: String,
    pub lang: Lang,
    pub base: String,
    pub base_url: String,
    pub organisation: OrganisationView,
    pub nav: Vec<Link>,
    pub themes: Vec<ThemeLink>,
    pub years: Vec<YearLink>,
    pub pages: Vec<Link>,
    pub assets: BTreeMap<String, String>,
    /// The same, as full URLs (for share images in Open Graph tags).
    pub assets_full: BTreeMap<String, String>,
    pub urls: SiteUrls,
}

/// The links every page has, in the page's language.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SiteUrls {
    pub home: String,
    pub metrics: String,
    pub themes: String,
    pub publications: String,
    pub atom: String,
    pub data_csv: String,
    pub data_json: String,
    pub data_xlsx: String,
}

/// The same page in another language, or that language's home when there is no
/// translation (`translated` is false then, and `note` says so in that language).
#[derive(Debug, Clone, Serialize)]
pub struct Alternate {
    pub lang: Lang,
    pub name: String,
    pub url: String,
    pub full_url: String,
    pub translated: bool,
    pub note: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct OrganisationView {
    pub name: String,
    pub url: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ThemeLink {
    pub id: String,
    pub label: String,
    pub description: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct YearLink {
    pub year: i32,
    pub title: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceView {
    pub text: String,
    pub url: Option<String>,
    /// Set when the text is in another language than the page.
    pub lang: Option<Lang>,
    /// The address of the original document (a publication's `url:`, or another
    /// source's own), linked beside the site's page about it.
    pub original_url: Option<String>,
}

/// A text from figures.yaml in the page's language (`lang` set only if it is not).
#[derive(Debug, Clone, Serialize)]
pub struct NoteView {
    pub text: String,
    pub lang: Option<Lang>,
}

/// Another published figure for the same metric and year: "1.586 volgens …".
#[derive(Debug, Clone, Serialize)]
pub struct OtherSourceView {
    pub value_text: String,
    pub source: SourceView,
    pub date: Option<String>,
    pub note: Option<NoteView>,
}

/// The earlier published value that a value replaces: shown as "herzien".
#[derive(Debug, Clone, Serialize)]
pub struct RevisionView {
    /// `herzien; eerder 1.501`
    pub text: String,
    pub source: SourceView,
    pub date: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChangeView {
    /// `+47%`, or `+704` when the earlier value was zero.
    pub text: String,
    /// `t.o.v. 2019`
    pub compared_to: String,
    /// `+47% t.o.v. 2019`
    pub full: String,
    /// `+704`
    pub absolute: String,
    pub direction: &'static str,
    /// `better` or `worse` when the metric says which way is better (`better:`), else
    /// empty: a class for the colour, with `judgement_text` so colour is not all there is.
    pub judgement: &'static str,
    /// `(een verbetering)`: the language file's `change_better` or `change_worse`.
    pub judgement_text: String,
    pub consecutive: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct MetricLink {
    pub id: String,
    pub label: String,
    pub unit: String,
    pub url: String,
    pub theme: ThemeLink,
}

/// One value of one metric in one year, ready to show.
#[derive(Debug, Clone, Serialize)]
pub struct FigureView {
    pub metric: MetricLink,
    pub year: i32,
    pub year_url: Option<String>,
    pub value: Option<f64>,
    /// `2.205`, or None for a missing value.
    pub value_text: Option<String>,
    pub change: Option<ChangeView>,
    /// A change as the source states it, where the data cannot show it: `+21% t.o.v. 2020`.
    pub stated_change: Option<String>,
    pub source: Option<SourceView>,
    pub note: Option<String>,
    /// Set when the note is not in the page's language (a translation is missing).
    pub note_lang: Option<Lang>,
    /// Where the change would cross a break in the series: "niet vergelijkbaar met 2017:
    /// …", with what changed. Then `change` and `stated_change` are empty.
    pub not_comparable: Option<String>,
    /// What the series counts differently from this year on (`break:`).
    pub break_note: Option<NoteView>,
    /// `geschat`, `voorlopig`.
    pub status: Option<String>,
    pub other_sources: Vec<OtherSourceView>,
    pub revision: Option<RevisionView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChartView {
    pub id: String,
    pub title: String,
    pub svg: String,
    pub desc: String,
    /// The standalone SVG file.
    pub url: Option<String>,
    /// The chart's numbers as CSV.
    pub data_url: Option<String>,
    /// The standalone chart as PNG.
    pub png_url: Option<String>,
    /// Its fragment on the page (`chart-weglopers-figuur`), and its permalink: the full
    /// address of that fragment on the chart's own page (its metric's, theme's or year's).
    pub anchor: String,
    pub permalink: String,
    /// The page to show it on another site, and the code that does so.
    pub embed: Option<EmbedView>,
    pub table: TableView,
    /// The sources of the values drawn, each once, in the order of the years: the
    /// chart's source line.
    pub sources: Vec<SourceView>,
}

/// A chart's page for another site (`grafieken/<name>.html`) and the `<iframe>` that shows
/// it there, as text for the reader to copy.
#[derive(Debug, Clone, Serialize)]
pub struct EmbedView {
    pub url: String,
    pub code: String,
    /// Where its file goes.
    #[serde(skip)]
    pub path: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TableView {
    pub caption: String,
    /// The header of the first column: what the rows are (years, or metrics).
    pub row_header: String,
    pub columns: Vec<String>,
    pub rows: Vec<TableRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TableRow {
    pub label: String,
    pub cells: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MetricView {
    pub id: String,
    pub label: String,
    pub unit: String,
    pub description: String,
    pub definition_html: String,
    pub url: String,
    pub theme: ThemeLink,
    pub headline: bool,
    /// Every year from the metric's first to its last value; a missing year has no value.
    pub rows: Vec<FigureView>,
    pub latest: Option<FigureView>,
    pub chart: Option<ChartView>,
    pub years_with_value: usize,
    /// Every value of this metric with its source, as CSV.
    pub csv_url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ThemeGroup {
    pub theme: ThemeLink,
    pub figures: Vec<FigureView>,
    pub charts: Vec<ChartView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct YearView {
    pub year: i32,
    pub title: String,
    pub url: String,
    pub date: Option<String>,
    pub summary: String,
    pub body_html: String,
    pub toc: Vec<Link>,
    pub sources: Vec<SourceView>,
    pub groups: Vec<ThemeGroup>,
    pub figure_count: usize,
    pub previous: Option<YearLink>,
    pub next: Option<YearLink>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PublicationView {
    pub slug: String,
    pub title: String,
    pub url: String,
    pub date: String,
    pub date_text: String,
    pub kind: String,
    /// The kind's name for several (`Press releases`), for a theme that groups them.
    pub kind_plural: String,
    pub themes: Vec<ThemeLink>,
    pub year: Option<YearLink>,
    pub summary: String,
    pub origin: Option<String>,
    /// The address of the original document (`url:`).
    pub original_url: Option<String>,
    pub body_html: String,
}

/// A page of pages/ (about, privacy): its body made HTML.
#[derive(Debug, Clone, Serialize)]
pub struct StaticPageView {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub body_html: String,
}

/// A year on the home page.
#[derive(Debug, Clone, Serialize)]
pub struct HomeYear {
    pub year: i32,
    pub title: String,
    pub url: String,
    pub summary: String,
}

/// One entry of a language's Atom feed: a report or a publication.
#[derive(Debug, Clone, Serialize)]
pub struct FeedEntry {
    pub title: String,
    /// The full URL.
    pub url: String,
    /// RFC 3339.
    pub updated: String,
    pub summary: String,
}

/// A theme with its metrics: the groups of the list of figures, and each theme's page.
#[derive(Debug, Clone, Serialize)]
pub struct ThemeMetrics<'v> {
    pub theme: ThemeLink,
    pub metrics: Vec<&'v MetricView>,
}

/// A chart published beside the pages: its SVG file and its numbers as CSV.
#[derive(Debug, Clone)]
pub struct ChartFiles {
    pub svg_url: String,
    pub csv_url: String,
    pub png_url: String,
    pub embed: EmbedView,
}

#[derive(Debug, Clone, Serialize)]
pub struct PageView {
    pub title: String,
    pub description: String,
    /// The page's path under the base, e.g. `/jaarverslag/cijfers/`.
    pub url: String,
    pub canonical: String,
    /// The full URL of its share image (`og:image`), and what the image shows, in words.
    pub image: String,
    pub image_alt: String,
    pub lang: Lang,
    /// This page in the site's other languages.
    pub alternates: Vec<Alternate>,
}
