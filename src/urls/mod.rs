//! Addresses: where the site lives ([`BaseUrl`]), which pages it has ([`PageKey`], and the
//! [`Registry`] of which exist in which language), the path of each page and file in each
//! language, and the check that no two sources make the same file ([`collisions`]).
//!
//! This is the one home of the URL scheme: the renderer, the link check and the collision
//! check all take their paths from here.

mod collisions;
mod registry;

use crate::i18n::Locale;

pub use collisions::check;
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
            PageKey::Metrics => format!("{p}{}/", w.cijfers),
            PageKey::Metric(id) => format!("{p}{}/{id}/", w.cijfers),
            PageKey::Themes => format!("{p}{}/", w.themas),
            PageKey::Theme(id) => format!("{p}{}/{id}/", w.themas),
            PageKey::Publications => format!("{p}{}/", w.publicaties),
            PageKey::Publication(slug) => format!("{p}{}/{slug}/", w.publicaties),
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

    /// Where this language's standalone charts go: `grafieken/<name>.<ext>`.
    pub fn chart_path(&self, name: &str, ext: &str) -> String {
        format!("{}{}/{name}.{ext}", self.prefix, self.words.grafieken)
    }

    /// This language's Atom feed: `atom.xml`, `fr/atom.xml`.
    pub fn feed_path(&self) -> String {
        format!("{}atom.xml", self.prefix)
    }
}

/// A theme's comparison chart, the `index`th (from 0) of its `compare` list:
/// `thema-<theme>-<index + 1>`.
pub fn theme_chart_name(theme: &str, index: usize) -> String {
    format!("thema-{theme}-{}", index + 1)
}

/// A metric's own CSV, beside its page in the default language.
pub(crate) fn metric_csv_path(id: &str) -> String {
    format!("cijfers/{id}/{id}.csv")
}

/// `style.css` → `style.1a2b3c4d.css`: a new name whenever the content changes, so hosts
/// may cache assets for a year. Other files keep their name.
pub fn hashed_name(name: &str, bytes: &[u8]) -> String {
    match name.rsplit_once('.') {
        Some((stem, ext)) if ext == "css" || ext == "js" => {
            format!("{stem}.{:08x}.{ext}", fnv1a(bytes) as u32)
        }
        _ => name.to_string(),
    }
}

/// FNV-1a: tiny, stable across platforms and releases (std's hasher is neither).
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}
