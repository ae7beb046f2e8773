//! The link index: the path of every file of a built site, and the links and ids of every
//! page, kept compact (each distinct link once) because every page of a large site links to
//! the same navigation.

use super::html::scan;
use super::Output;
use std::collections::{HashMap, HashSet};

/// What the link check needs of a built site: the path of every file, and the links and
/// ids of every page. The writer fills it as the pages arrive, on the render threads, so
/// the check needs neither a second pass over the pages nor the pages themselves.
#[derive(Debug, Default, Clone)]
pub struct LinkIndex {
    files: HashSet<String>,
    pages: HashMap<String, IndexedPage>,
    /// Each distinct link once: every page links to the same navigation, so a large
    /// site's pages hold a few numbers each instead of copies of the same URLs.
    links: Vec<Box<str>>,
    link_numbers: HashMap<Box<str>, u32>,
}

#[derive(Debug, Default, Clone)]
struct IndexedPage {
    links: Vec<u32>,
    ids: HashSet<Box<str>>,
}

/// One page's links (each once, in the order of first appearance) and ids.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct PageLinks {
    links: Vec<String>,
    ids: Vec<String>,
}

impl PageLinks {
    pub fn scan(html: &[u8]) -> PageLinks {
        // The pages are ours and UTF-8; the lossy path is only for a static file that
        // is not.
        let scanned = match std::str::from_utf8(html) {
            Ok(text) => scan(text),
            Err(_) => scan(&String::from_utf8_lossy(html)),
        };
        let mut seen = HashSet::new();
        let links = scanned
            .links
            .into_iter()
            .map(|(link, _)| link)
            .filter(|link| seen.insert(link.clone()))
            .collect();
        PageLinks {
            links,
            ids: scanned.ids,
        }
    }
}

impl LinkIndex {
    /// Records a file, with its links and ids when it is a page. Returns false when the
    /// path was there already.
    pub fn insert(&mut self, path: String, page: Option<PageLinks>) -> bool {
        if let Some(page) = page {
            let links = page
                .links
                .into_iter()
                .map(|link| self.number(link))
                .collect();
            let ids = page.ids.into_iter().map(String::into_boxed_str).collect();
            self.pages.insert(path.clone(), IndexedPage { links, ids });
        }
        self.files.insert(path)
    }

    fn number(&mut self, link: String) -> u32 {
        if let Some(n) = self.link_numbers.get(link.as_str()) {
            return *n;
        }
        let n = u32::try_from(self.links.len()).expect("fewer than 4 billion distinct links");
        let link = link.into_boxed_str();
        self.links.push(link.clone());
        self.link_numbers.insert(link, n);
        n
    }

    /// Takes in the files of `other`, replacing the links and ids of pages made again.
    pub fn merge(&mut self, other: LinkIndex) {
        for path in other.files {
            let page = other.pages.get(&path).map(|p| PageLinks {
                links: p
                    .links
                    .iter()
                    .map(|n| other.links[*n as usize].to_string())
                    .collect(),
                ids: p.ids.iter().map(|id| id.to_string()).collect(),
            });
            self.insert(path, page);
        }
    }

    /// What [`LinkIndex::insert`] wants for a file: its links when it is a page.
    pub fn scan_file(path: &str, bytes: &[u8]) -> Option<PageLinks> {
        path.ends_with(".html").then(|| PageLinks::scan(bytes))
    }

    pub fn from_output(output: &Output) -> LinkIndex {
        let mut index = LinkIndex::default();
        for (path, bytes) in output.files() {
            index.insert(path.to_string(), LinkIndex::scan_file(path, bytes));
        }
        index
    }

    pub fn contains(&self, path: &str) -> bool {
        self.files.contains(path)
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Every page's path, in no particular order.
    pub fn page_paths(&self) -> impl Iterator<Item = &String> {
        self.pages.keys()
    }

    /// Each distinct link of the site once; a page refers to them by number.
    pub fn distinct_links(&self) -> &[Box<str>] {
        &self.links
    }

    /// The link numbered `n` (see [`LinkIndex::link_numbers_of`]).
    pub fn link(&self, n: u32) -> &str {
        &self.links[n as usize]
    }

    /// The numbers of a page's links, each once; none for a file that is not a page.
    pub fn link_numbers_of(&self, page: &str) -> &[u32] {
        self.pages.get(page).map_or(&[], |p| &p.links)
    }

    /// Whether the page at `page` has an element with this id.
    pub fn has_id(&self, page: &str, id: &str) -> bool {
        self.pages.get(page).is_some_and(|p| p.ids.contains(id))
    }

    /// Every file's path, in no particular order.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.iter().map(String::as_str)
    }
}
