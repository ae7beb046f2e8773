//! Search in each language: a static index, in chunks, that the reader's browser queries
//! (no server). Made by Pagefind's Rust API at `build` only (the `search` cargo feature,
//! on by default); `serve` and `check` make none.
//!
//! Pagefind splits the index by word prefix and each page's excerpt into its own file, so
//! a query loads a few small files whatever the site's size. It indexes each language on
//! its own, from the page's `<html lang>`, with that language's stemming (Dutch, French
//! and some 30 others; a language it has no stemmer for is indexed word by word), and
//! the search script picks the index of the page's language.
//!
//! Only pages whose template marks the searchable region with `data-pagefind-body` are
//! indexed (the built-in theme marks `<main>` in base.html; the 404 page has no mark).
//!
//! The index is made again only when the text it is made from changed: the output
//! folder keeps a hash of that text (`pagefind/source.txt`), and a build whose pages
//! read the same takes the previous index files as they are. Measured on the real site
//! (106 pages, release build): into an empty folder 308 ms, against 99 ms without search;
//! over the previous output, the index kept, 76 ms against 53 ms.

use crate::cache::Cache;
use crate::render::Sink;
use crate::urls::BaseUrl;
use std::sync::Mutex;

/// The folder of the index, under the site's root (its address is the URL scheme's).
pub use crate::urls::SEARCH_FOLDER as FOLDER;
/// The hash of the text the index was made from, and its files, one a line.
const SOURCE: &str = "pagefind/source.txt";
/// The mark on the element whose text is searched.
const MARK: &str = "data-pagefind-body";
/// The build cache's kind for a whole index, keyed by [`source_hash`].
const CACHED: &str = "search";

/// A [`Sink`] that hands every file on and keeps what search reads of each page.
pub struct Collector<'a> {
    out: &'a dyn Sink,
    pages: Mutex<Vec<(String, String)>>,
}

impl<'a> Collector<'a> {
    pub fn new(out: &'a dyn Sink) -> Collector<'a> {
        Collector {
            out,
            pages: Mutex::default(),
        }
    }

    /// The searchable pages: site path and the part of the page search reads, sorted.
    pub fn into_pages(self) -> Vec<(String, String)> {
        let mut pages = self.pages.into_inner().unwrap_or_else(|e| e.into_inner());
        pages.sort();
        pages
    }

    fn keep(&self, path: &str, bytes: &[u8]) {
        if !path.ends_with(".html") {
            return;
        }
        let Ok(html) = std::str::from_utf8(bytes) else {
            return;
        };
        if let Some(part) = searchable_part(html) {
            self.pages
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push((path.to_string(), part));
        }
    }
}

impl Sink for Collector<'_> {
    fn add(&self, path: String, bytes: Vec<u8>) {
        self.keep(&path, &bytes);
        self.out.add(path, bytes);
    }

    fn add_shared(&self, path: String, bytes: Vec<u8>) {
        self.keep(&path, &bytes);
        self.out.add_shared(path, bytes);
    }

    fn add_png(&self, path: String, svg: String, scale: u32) {
        // An image: nothing to search.
        self.out.add_png(path, svg, scale);
    }

    fn add_copy(&self, path: String, from: &std::path::Path) {
        // A static file: searched only if it is a page, which the writer reads anyway.
        if path.ends_with(".html") {
            if let Ok(bytes) = std::fs::read(from) {
                self.add(path, bytes);
                return;
            }
        }
        self.out.add_copy(path, from);
    }
}

/// What search reads of a page: its `<html>` tag (the language), its `<title>` and the
/// marked `<main>`; the head and the header and footer on every page are not kept, so a
/// build of 10,000 pages holds a fraction of their bytes. A page without the mark is
/// not searched: `None`. A theme that marks another element than `<main>` has its
/// whole page kept.
fn searchable_part(html: &str) -> Option<String> {
    let mark = html.find(MARK)?;
    let start = html[..mark].rfind('<')?;
    if !html[start..].starts_with("<main") {
        return Some(html.to_string());
    }
    let end = html.rfind("</main>").filter(|&e| e > start)? + "</main>".len();
    let open = html
        .find("<html")
        .and_then(|at| html[at..].find('>').map(|len| &html[at..=at + len]))
        .unwrap_or("<html>");
    let title = html
        .find("<title>")
        .and_then(|at| html[at..].find("</title>").map(|len| &html[at..at + len]))
        .map(|t| format!("{t}</title>"))
        .unwrap_or_default();
    Some(format!(
        "{open}<head>{title}</head><body>{}</body></html>",
        &html[start..end]
    ))
}

/// The hash of the pages an index is made from, of the base path its addresses start
/// with, and of the Pagefind that makes it.
fn source_hash(pages: &[(String, String)], base: &BaseUrl) -> String {
    // The project's one stable hash (hash.rs): the same text gives the same key on every
    // platform and with every Rust, so a cache made on one CI runner serves the next.
    let mut hash = crate::hash::Fnv1a::default();
    hash.write_part(ENGINE.as_bytes());
    hash.write_part(base.path.as_bytes());
    for (path, text) in pages {
        hash.write_part(path.as_bytes());
        hash.write_part(text.as_bytes());
    }
    format!("{:016x}", hash.finish())
}

/// The index files for `pages` (site path → bytes), under [`FOLDER`]: taken from the
/// previous build (`previous` reads a file of the output folder as it is) when they were
/// made from the same text, else from the build cache, else made anew (and kept in the
/// cache). No searchable page: no index.
pub fn index_files(
    pages: &[(String, String)],
    base: &BaseUrl,
    previous: &dyn Fn(&str) -> Option<Vec<u8>>,
    cache: Option<&Cache>,
) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    if pages.is_empty() || ENGINE.is_empty() {
        return Ok(Vec::new());
    }
    let hash = source_hash(pages, base);
    if let Some(files) = reuse(&hash, previous) {
        if let Some(cache) = cache {
            cache.keep(CACHED, &hash, || Some(bundle(&files)));
        }
        return Ok(files);
    }
    let cached = cache.and_then(|c| c.get(CACHED, &hash));
    if let Some(files) = cached.and_then(|b| unbundle(&b, &hash)) {
        return Ok(files);
    }
    let files = made(pages, base, &hash)?;
    if let Some(cache) = cache {
        cache.put(CACHED, &hash, &bundle(&files));
    }
    Ok(files)
}

/// The index made anew, with its [`SOURCE`] file.
fn made(
    pages: &[(String, String)],
    base: &BaseUrl,
    hash: &str,
) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let mut files = make(pages, base)?;
    files.sort();
    let mut source = format!("{hash}\n");
    for (path, _) in &files {
        source.push_str(path);
        source.push('\n');
    }
    files.push((SOURCE.to_string(), source.into_bytes()));
    Ok(files)
}

/// An index's files in one cache entry: each file's path, its length, its bytes.
fn bundle(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = Vec::with_capacity(files.iter().map(|(p, b)| p.len() + b.len() + 24).sum());
    for (path, bytes) in files {
        out.extend_from_slice(format!("{path}\n{}\n", bytes.len()).as_bytes());
        out.extend_from_slice(bytes);
    }
    out
}

/// The files of a [`bundle`], if it is whole, holds only files of the index folder, and
/// its [`SOURCE`] names `hash`.
fn unbundle(mut bytes: &[u8], hash: &str) -> Option<Vec<(String, Vec<u8>)>> {
    let mut files = Vec::new();
    while !bytes.is_empty() {
        let mut line = || {
            let end = bytes.iter().position(|&b| b == b'\n')?;
            let text = std::str::from_utf8(&bytes[..end]).ok()?.to_string();
            bytes = &bytes[end + 1..];
            Some(text)
        };
        let path = line()?;
        let len: usize = line()?.parse().ok()?;
        if !path.starts_with(FOLDER) || path.contains("..") || len > bytes.len() {
            return None;
        }
        files.push((path, bytes[..len].to_vec()));
        bytes = &bytes[len..];
    }
    let (_, source) = files.iter().find(|(path, _)| path == SOURCE)?;
    (source.split(|&b| b == b'\n').next()? == hash.as_bytes()).then_some(files)
}

/// The previous build's index, if it was made from text with this hash and every one of
/// its files is there.
fn reuse(hash: &str, previous: &dyn Fn(&str) -> Option<Vec<u8>>) -> Option<Vec<(String, Vec<u8>)>> {
    let source = previous(SOURCE)?;
    let text = String::from_utf8(source.clone()).ok()?;
    let mut lines = text.lines();
    if lines.next()? != hash {
        return None;
    }
    let mut files = Vec::new();
    for path in lines {
        // Only files of the index folder: the list is ours, but it is read from disk.
        if !path.starts_with(FOLDER) || path.contains("..") {
            return None;
        }
        files.push((path.to_string(), previous(path)?));
    }
    files.push((SOURCE.to_string(), source));
    Some(files)
}

/// What makes the index: its name and version go into the hash. Empty without the
/// `search` feature.
#[cfg(feature = "search")]
const ENGINE: &str = concat!("pagefind ", "1.6");
#[cfg(not(feature = "search"))]
const ENGINE: &str = "";

#[cfg(not(feature = "search"))]
fn make(_: &[(String, String)], _: &BaseUrl) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    Ok(Vec::new())
}

/// Pagefind's files that the site's search uses: its script, worker, entry file, the
/// per-language WebAssembly, index chunks, filters and page fragments. Its own search
/// interfaces (`pagefind-ui.js` and the like) are left out: the theme has its own, with
/// the site's words.
#[cfg(feature = "search")]
fn wanted(name: &str) -> bool {
    matches!(
        name,
        "pagefind.js" | "pagefind-worker.js" | "pagefind-entry.json"
    ) || (name.starts_with("wasm.") && name.ends_with(".pagefind"))
        || ["index/", "fragment/", "filter/", "meta/"]
            .iter()
            .any(|dir| name.starts_with(dir))
        || name.ends_with(".pf_meta")
}

#[cfg(feature = "search")]
fn make(pages: &[(String, String)], base: &BaseUrl) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    use anyhow::Context as _;
    use pagefind::api::PagefindIndex;
    use pagefind::options::PagefindServiceConfig;

    // Pagefind's API is async; one thread runs it (its blocking parts go to tokio's
    // blocking pool).
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the search indexer")?;
    runtime.block_on(async {
        let config = PagefindServiceConfig::builder().build();
        let mut index = PagefindIndex::new(Some(config))
            .map_err(|e| anyhow::anyhow!("the search indexer refused its options: {e}"))?;
        for (path, html) in pages {
            let url = base.link(path.strip_suffix("index.html").unwrap_or(path));
            index
                .add_html_file(None, Some(url), html.clone())
                .await
                .map_err(|e| anyhow::anyhow!("cannot index {path} for search: {e}"))?;
        }
        let files = index
            .get_files()
            .await
            .map_err(|e| anyhow::anyhow!("cannot make the search index: {e}"))?;
        Ok(files
            .into_iter()
            .filter_map(|f| {
                let name = f.filename.to_string_lossy().replace('\\', "/");
                wanted(&name).then(|| (format!("{FOLDER}{name}"), f.contents))
            })
            .collect())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\
        <title>Fugues · Site</title><link rel=\"stylesheet\" href=\"/s.css\"></head><body>\
        <header>Menu</header><main id=\"inhoud\" data-pagefind-body>\n<h1>Fugues</h1><p>Texte.</p>\
        </main><footer>Pied</footer></body></html>";

    #[test]
    fn search_reads_the_language_the_title_and_the_main_part() {
        let part = searchable_part(PAGE).unwrap();
        assert_eq!(
            part,
            "<html lang=\"fr\"><head><title>Fugues · Site</title></head><body>\
             <main id=\"inhoud\" data-pagefind-body>\n<h1>Fugues</h1><p>Texte.</p></main>\
             </body></html>"
        );
        // No mark: not searched. A mark on another element: the whole page.
        assert_eq!(searchable_part(&PAGE.replace(MARK, "")), None);
        let other = PAGE
            .replace(" data-pagefind-body", "")
            .replace("<h1>", "<h1 data-pagefind-body>");
        assert_eq!(searchable_part(&other).as_deref(), Some(other.as_str()));
    }

    #[test]
    fn a_bundle_of_index_files_is_read_back_only_whole_and_for_its_hash() {
        let files = vec![
            ("pagefind/pagefind.js".to_string(), b"script\n".to_vec()),
            (SOURCE.to_string(), b"00aa\npagefind/pagefind.js\n".to_vec()),
        ];
        let bytes = bundle(&files);
        assert_eq!(unbundle(&bytes, "00aa"), Some(files.clone()));
        assert_eq!(unbundle(&bytes, "00ab"), None);
        assert_eq!(unbundle(&bytes[..bytes.len() - 1], "00aa"), None);
        let outside = bundle(&[("index.html".to_string(), b"x".to_vec())]);
        assert_eq!(unbundle(&outside, "00aa"), None);
    }

    #[test]
    fn an_index_made_from_the_same_text_is_taken_from_the_previous_build() {
        let pages = vec![("fr/index.html".to_string(), searchable_part(PAGE).unwrap())];
        let base = BaseUrl::parse("/").unwrap();
        let hash = source_hash(&pages, &base);
        let previous = |path: &str| -> Option<Vec<u8>> {
            match path {
                "pagefind/source.txt" => {
                    Some(format!("{hash}\npagefind/pagefind.js\n").into_bytes())
                }
                "pagefind/pagefind.js" => Some(b"old".to_vec()),
                _ => None,
            }
        };
        let reused = reuse(&hash, &previous).unwrap();
        assert_eq!(
            reused[0],
            ("pagefind/pagefind.js".to_string(), b"old".to_vec())
        );
        assert_eq!(reused[1].0, SOURCE);
        // Other text, or a file gone, or a path outside the index: made anew.
        assert!(reuse("0000000000000000", &previous).is_none());
        let gone =
            |path: &str| (path == SOURCE).then(|| format!("{hash}\npagefind/x.js\n").into_bytes());
        assert!(reuse(&hash, &gone).is_none());
        let outside =
            |path: &str| (path == SOURCE).then(|| format!("{hash}\nindex.html\n").into_bytes());
        assert!(reuse(&hash, &outside).is_none());
        // The hash follows the text.
        let mut changed = pages.clone();
        changed[0].1.push(' ');
        assert_ne!(source_hash(&changed, &base), hash);
        // So does the base path the results' addresses start with.
        let other = BaseUrl::parse("/rapport/").unwrap();
        assert_ne!(source_hash(&pages, &other), hash);
    }
}
