//! What a build makes, described: every file ([`Output`], when it is kept in memory) and,
//! for the link check, every page's links and ids ([`LinkIndex`], read from the pages by
//! the [`html`] scanner as they are made). The writer fills both; the link check and
//! `serve` read them. This module depends on nothing else of the crate.

pub mod html;
mod index;

use anyhow::Result;
use std::collections::BTreeMap;
use std::sync::Arc;

pub use index::{LinkIndex, PageLinks};

/// The file that marks a folder as made by jaarverslag (in the output and in the side
/// folder, which trade places at every build).
pub const MARK: &str = ".jaarverslag";

/// The list of the files a build wrote into its output folder (one path a line), so that
/// the next build can tell a file the user put there (write/foreign.rs).
pub const FILE_LIST: &str = ".jaarverslag-files";

/// Every file of a built site, by its path relative to the output root (`/`-separated).
/// The bytes are shared, so a copy of a large site (`serve` makes one for each edit) costs
/// only its paths.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Output {
    files: BTreeMap<String, Arc<[u8]>>,
    /// PNG files not drawn yet: the SVG each is drawn from, and its scale. `serve` draws
    /// one when it is asked for, so an edit never waits for a PNG.
    pending_png: BTreeMap<String, (Arc<str>, u32)>,
}

impl Output {
    /// Adds a file. A second file at one path, or a path that would leave the output
    /// folder, is refused with an error naming the path; the first file stays.
    pub fn add(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Result<()> {
        let path = path.into();
        if let Some(problem) = bad_path(&path) {
            anyhow::bail!("{path}: {problem}");
        }
        if self.pending_png.contains_key(&path) {
            anyhow::bail!("two files at {path}: the second was not kept");
        }
        match self.files.entry(path) {
            std::collections::btree_map::Entry::Occupied(e) => {
                anyhow::bail!("two files at {}: the second was not kept", e.key())
            }
            std::collections::btree_map::Entry::Vacant(e) => {
                e.insert(bytes.into().into());
                Ok(())
            }
        }
    }

    /// Adds a PNG file to be drawn from `svg` at `scale` when it is asked for
    /// ([`Output::png_source`]); refused as [`Output::add`] refuses.
    pub fn add_png_source(&mut self, path: impl Into<String>, svg: &str, scale: u32) -> Result<()> {
        let path = path.into();
        if let Some(problem) = bad_path(&path) {
            anyhow::bail!("{path}: {problem}");
        }
        if self.files.contains_key(&path) || self.pending_png.contains_key(&path) {
            anyhow::bail!("two files at {path}: the second was not kept");
        }
        self.pending_png.insert(path, (svg.into(), scale));
        Ok(())
    }

    /// The SVG and scale of a PNG file not drawn yet.
    pub fn png_source(&self, path: &str) -> Option<(&str, u32)> {
        self.pending_png
            .get(path)
            .map(|(svg, scale)| (&**svg, *scale))
    }

    /// Moves every file of `other` into this output, replacing those at the same path.
    pub fn replace_from(&mut self, other: Output) {
        self.files.extend(other.files);
        self.pending_png.extend(other.pending_png);
    }

    /// A file's bytes; `None` for a PNG not drawn yet (see [`Output::png_source`]).
    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(|b| &**b)
    }

    pub fn contains(&self, path: &str) -> bool {
        self.files.contains_key(path) || self.pending_png.contains_key(path)
    }

    /// Every file's path, PNG files not drawn yet included, in order.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        let mut paths: Vec<&str> = (self.files.keys().chain(self.pending_png.keys()))
            .map(String::as_str)
            .collect();
        paths.sort_unstable();
        paths.into_iter()
    }

    /// Every file that has its bytes (not the PNG files still to draw).
    pub fn files(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files.iter().map(|(p, b)| (p.as_str(), &**b))
    }

    pub fn len(&self) -> usize {
        self.files.len() + self.pending_png.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn total_bytes(&self) -> usize {
        self.files.values().map(|b| b.len()).sum()
    }
}

/// Why an output path cannot be written, if it cannot: it must stay inside the output
/// folder, and the mark's name is the writer's own.
pub fn bad_path(path: &str) -> Option<&'static str> {
    let plain = !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && path.split('/').all(|part| !matches!(part, "" | "." | ".."));
    if !plain {
        Some("this path would leave the output folder; it was not written")
    } else if path == MARK || path == FILE_LIST {
        Some("this name is kept for the mark of jaarverslag's own folders; it was not written")
    } else {
        None
    }
}
