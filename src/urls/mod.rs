//! Addresses: where the site lives ([`BaseUrl`]), which pages it has ([`PageKey`], and the
//! [`Registry`] of which exist in which language), the path of each page and file in each
//! language, and the check that no two sources make the same file ([`collisions`]).
//!
//! This is the one home of the URL scheme: the renderer, the link check and the collision
//! check all take their paths from here.

mod collisions;
mod links;
mod registry;

use crate::i18n::Locale;

/// The search index's folder, under the site's root: `pagefind/` (Pagefind's name).
pub const SEARCH_FOLDER: &str = "pagefind/";

pub use collisions::check;
pub use links::{map_link, page_of_link};
pub use registry::Registry;

/// Where the site lives: `https://example.org/jaarverslag/` has the path `/jaarverslag/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    /// With a trailing slash; may be just a path (`/`) for a site without a host.
    pub absolute: String,
    /// The path part, starting and ending with `/`.
    pub path: String,
}

impl BaseUrl {
    pub fn parse(url: &str) -> Result<BaseUrl, String> {
        let url = url.trim();
        let rest = if let Some(r) = url.strip_prefix("https://") {
            r
        } else if let Some(r) = url.strip_prefix("http://") {
            r
        } else if url.starts_with('/') {
            let path = format!("{}/", url.trim_end_matches('/'));
            return Ok(BaseUrl {
                absolute: path.clone(),
                path,
            });
        } else {
            return Err(format!(
                "base_url `{url}` must start with https://, http:// or /"
            ));
        };
        let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        if host.is_empty()
            || host
                .chars()
                .any(|c| c.is_whitespace() || matches!(c, '"' | '<' | '>' | '\\' | '?' | '#'))
            || path.contains(['?', '#', '"', '<', '>', ' '])
        {
            return Err(format!("base_url `{url}` is not a valid URL"));
        }
        let path = format!("{}/", path.trim_end_matches('/'));
        let path = if path.starts_with('/') {
            path
        } else {
            format!("/{path}")
        };
        let scheme = &url[..url.len() - rest.len()];
        Ok(BaseUrl {
            absolute: format!("{scheme}{host}{path}"),
            path,
        })
    }

    /// The link for a site path such as `cijfers/` (no leading slash).
    pub fn link(&self, site_path: &str) -> String {
        format!("{}{}", self.path, site_path)
    }

    /// The full URL, for canonical links, feeds and the sitemap.
    pub fn full(&self, site_path: &str) -> String {
        format!("{}{}", self.absolute, site_path)
    }
}

/// A page of the site, whatever its language.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PageKey {
    Home,
    Year(i32),
    Metrics,
    Metric(String),
    Themes,
    Theme(String),
    Publications,
    Publication(String),
    Page(String),
    NotFound,
}

impl Locale {
    /// The site path of a page in this language (no leading slash; folders end in `/`).
    pub fn path(&self, key: &PageKey) -> String {
        let p = &self.prefix;
        let w = &self.words;
        match key {
            PageKey::Home => p.clone(),
            PageKey::Year(y) => format!("{p}{y}/"),
            PageKey::Metrics => format!("{p}{}/", w.metrics),
            PageKey::Metric(id) => format!("{p}{}/{id}/", w.metrics),
            PageKey::Themes => format!("{p}{}/", w.themes),
            PageKey::Theme(id) => format!("{p}{}/{id}/", w.themes),
            PageKey::Publications => format!("{p}{}/", w.publications),
            PageKey::Publication(slug) => format!("{p}{}/{slug}/", w.publications),
            PageKey::Page(slug) => format!("{p}{slug}/"),
            PageKey::NotFound => format!("{p}404.html"),
        }
    }

    /// The output file of a page.
    pub fn file(&self, key: &PageKey) -> String {
        let path = self.path(key);
        if path.is_empty() || path.ends_with('/') {
            format!("{path}index.html")
        } else {
            path
        }
    }

    /// A page's share image: `share.png` in its folder (`share.png` for the home page).
    pub fn share_path(&self, key: &PageKey) -> String {
        let path = self.path(key);
        let folder = path.rsplit_once('/').map_or("", |(folder, _)| folder);
        if folder.is_empty() {
            "share.png".to_string()
        } else {
            format!("{folder}/share.png")
        }
    }

    /// Where this language's standalone charts go: `grafieken/<name>.<ext>`; the page to
    /// embed a chart elsewhere is `grafieken/<name>.html`.
    pub fn chart_path(&self, name: &str, ext: &str) -> String {
        format!("{}{}/{name}.{ext}", self.prefix, self.words.charts)
    }

    /// This language's Atom feed: `atom.xml`, `fr/atom.xml`.
    pub fn feed_path(&self) -> String {
        format!("{}atom.xml", self.prefix)
    }
}

/// A theme's comparison chart, the `index`th (from 0) of its `compare` list:
/// `<word>-<theme>-<index + 1>`, with the language's word (`url_theme_chart`: `thema`).
pub fn theme_chart_name(word: &str, theme: &str, index: usize) -> String {
    format!("{word}-{theme}-{}", index + 1)
}

/// The fragment of a chart on its page, the target of its permalink: the chart's id and
/// the language's word for a figure (`id_chart`): `loans-figure`, and in Dutch
/// `weglopers-figuur`, as it was before the word came from the language file, so that
/// links made to the Dutch pages since still land.
pub fn chart_anchor(id: &str, word: &str) -> String {
    format!("{id}-{word}")
}

/// A year page's bar chart of a theme's `index`th (from 0) comparison group:
/// `<word>-<year>-<theme>-<index + 1>`, with the language's word (`url_year_chart`: `jaar`).
pub fn year_chart_name(word: &str, year: i32, theme: &str, index: usize) -> String {
    format!("{word}-{year}-{theme}-{}", index + 1)
}

/// A metric's own CSV, beside its page in the default language, whose URL word for the
/// metrics (`cijfers`) is `metrics_word`: `cijfers/<id>/<id>.csv`.
pub(crate) fn metric_csv_path(metrics_word: &str, id: &str) -> String {
    format!("{metrics_word}/{id}/{id}.csv")
}

/// `style.css` → `style.1a2b3c4d.css`: a new name whenever the content changes, so hosts
/// may cache assets for a year. Other files keep their name.
pub fn hashed_name(name: &str, bytes: &[u8]) -> String {
    match name.rsplit_once('.') {
        Some((stem, ext)) if ext == "css" || ext == "js" => {
            format!("{stem}.{:08x}.{ext}", crate::hash::Fnv1a::of(bytes) as u32)
        }
        _ => name.to_string(),
    }
}

/// `text` with every `%XX` escape made its byte: `None` when an escape is not `%` and two
/// hex digits (`%+1` and `%4` are not escapes), or the bytes are not UTF-8. The link check
/// and the preview server decode with this one rule.
pub fn percent_decode(text: &str) -> Option<String> {
    if !text.contains('%') {
        return Some(text.to_string());
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let digit = |at: usize| char::from(*bytes.get(at)?).to_digit(16);
            let (high, low) = (digit(i + 1)?, digit(i + 2)?);
            out.push((high * 16 + low) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::Lang;

    #[test]
    fn percent_decoding_is_strict() {
        assert_eq!(percent_decode("/a%20b/%C3%A9").as_deref(), Some("/a b/é"));
        assert_eq!(percent_decode("/plain").as_deref(), Some("/plain"));
        for bad in ["%", "%4", "%+1", "%-1", "%zz", "%ff", "a%c3"] {
            assert_eq!(percent_decode(bad), None, "{bad}");
        }
    }

    #[test]
    fn base_urls() {
        let b = BaseUrl::parse("https://example.org/jaarverslag").unwrap();
        assert_eq!(b.absolute, "https://example.org/jaarverslag/");
        assert_eq!(b.path, "/jaarverslag/");
        assert_eq!(b.link("cijfers/"), "/jaarverslag/cijfers/");
        assert_eq!(b.full("2020/"), "https://example.org/jaarverslag/2020/");
        let root = BaseUrl::parse("http://localhost:1111/").unwrap();
        assert_eq!(root.path, "/");
        assert_eq!(root.absolute, "http://localhost:1111/");
        assert_eq!(BaseUrl::parse("/").unwrap().path, "/");
        assert!(BaseUrl::parse("example.org").is_err());
        assert!(BaseUrl::parse("https://exa mple.org/").is_err());
        assert!(BaseUrl::parse("https://\"/").is_err());
    }

    #[test]
    fn hashed_asset_names() {
        assert_eq!(hashed_name("favicon.svg", b"x"), "favicon.svg");
        let a = hashed_name("style.css", b"a{}");
        assert!(
            a.starts_with("style.") && a.ends_with(".css") && a.len() == "style..css".len() + 8
        );
        assert_ne!(a, hashed_name("style.css", b"b{}"));
    }

    #[test]
    fn every_page_has_one_path_in_each_language() {
        let root =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bilingual");
        let content = crate::load::load_content(&root).unwrap();
        let theme = crate::theme::Theme::load(&root).unwrap();
        let lang = |code: &str| Lang::from_code(code).unwrap();
        let nl = Locale::paths_only(&content.config, &theme, lang("nl"), true);
        let fr = Locale::paths_only(&content.config, &theme, lang("fr"), false);
        let keys = [
            PageKey::Home,
            PageKey::Year(2020),
            PageKey::Metrics,
            PageKey::Metric("weglopers".into()),
            PageKey::Themes,
            PageKey::Theme("online".into()),
            PageKey::Publications,
            PageKey::Publication("cijfers-2017".into()),
            PageKey::Page("over".into()),
            PageKey::NotFound,
        ];
        let paths = |l: &Locale| keys.iter().map(|k| l.path(k)).collect::<Vec<_>>();
        assert_eq!(
            paths(&nl),
            [
                "",
                "2020/",
                "cijfers/",
                "cijfers/weglopers/",
                "themas/",
                "themas/online/",
                "publicaties/",
                "publicaties/cijfers-2017/",
                "over/",
                "404.html",
            ]
        );
        assert_eq!(
            paths(&fr),
            [
                "fr/",
                "fr/2020/",
                "fr/chiffres/",
                "fr/chiffres/weglopers/",
                "fr/themes/",
                "fr/themes/online/",
                "fr/publications/",
                "fr/publications/cijfers-2017/",
                "fr/over/",
                "fr/404.html",
            ]
        );
        assert_eq!(nl.file(&PageKey::Home), "index.html");
        assert_eq!(fr.file(&PageKey::Metrics), "fr/chiffres/index.html");
        assert_eq!(fr.file(&PageKey::NotFound), "fr/404.html");
        assert_eq!(
            fr.chart_path("weglopers", "svg"),
            "fr/graphiques/weglopers.svg"
        );
        assert_eq!(nl.feed_path(), "atom.xml");
        assert_eq!(fr.feed_path(), "fr/atom.xml");
        assert_eq!(
            metric_csv_path("cijfers", "weglopers"),
            "cijfers/weglopers/weglopers.csv"
        );
    }
}
