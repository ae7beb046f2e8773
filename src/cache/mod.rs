//! The build cache: what is expensive to make and depends only on its input, kept between
//! builds by the hash of that input, so that a build into an empty output folder (a CI
//! deploy from a clean checkout) need not make it again. Hugo keeps `resources/_gen` for
//! the same reason.
//!
//! It lives in `.jaarverslag-cache/` beside content/ (a hidden folder: the build never
//! reads it as the site's own), or where `--cache-dir` or `JAARVERSLAG_CACHE_DIR` says.
//! What it keeps: each PNG (a chart's and each page's share image) by the key of its SVG
//! ([`crate::raster::key`]), and the search index by the hash of the text it is made from.
//!
//! - **Never trusted without its key.** An entry starts with a header naming its kind, its
//!   key, its length and a CRC-32 of its bytes; an entry whose header is not exactly the
//!   one asked for (a file copied from another key, another version's format) or whose
//!   bytes do not match (cut short, flipped) is ignored, as if it were not there, and
//!   made again.
//! - **Written atomically**: into a temporary file of its own, then renamed into place;
//!   a killed build leaves at most a temporary file, which the next build removes.
//! - **Bounded**: `index` lists, for each entry, the last build that used it; an entry no
//!   build used for [`KEEP_BUILDS`] builds is removed when a build finishes.
//! - **Safe to delete**, whole or in part, at any time but during a build: what is missing
//!   is made again.
//!
//! Nothing is ever written into it in place: an entry is replaced, never changed, so a
//! file the writer copied from it is the user's as much as any other.

use std::collections::{HashMap, HashSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// The folder's default name, beside content/.
pub const DEFAULT_DIR: &str = ".jaarverslag-cache";
/// The environment variable that names another folder (`--cache-dir` wins over it).
pub const ENV: &str = "JAARVERSLAG_CACHE_DIR";
/// Builds an entry may go unused before it is removed: a site's PNGs change a few at a
/// time, and a branch switched back to within ten builds finds its images still there.
pub const KEEP_BUILDS: u64 = 10;
/// The first line of every entry: the format's name and version.
const MAGIC: &str = "jaarverslag-cache 1";
/// The index of last uses.
const INDEX: &str = "index";
/// What a temporary file's name starts with.
const TEMPORARY: &str = ".tmp-";
/// The mark of a cache folder (the Cache Directory Tagging Specification: backup tools
/// skip a folder that holds it). A folder that holds anything without it is not used: a
/// cache removes its old entries, and `--cache-dir ~` must never remove a user's files.
const TAG: &str = "CACHEDIR.TAG";
const TAG_TEXT: &str = "Signature: 8a477f597d28d172789f06886806bc55\n\
    # This folder is jaarverslag's build cache: it may be deleted at any time but during \
    a build.\n";

/// A cache folder opened for one build. Reads and writes may come from any thread.
#[derive(Debug)]
pub struct Cache {
    dir: PathBuf,
    /// The number of this build (one more than the last one that finished).
    generation: u64,
    /// Entry (`kind/key`) → the last build that used it, as the index says.
    last_used: HashMap<String, u64>,
    /// Entries this build used or wrote.
    used: Mutex<HashSet<String>>,
    /// `None` when the folder was a cache already; else whether this build has made it.
    made: Mutex<Option<bool>>,
    /// The entries this build wrote: a build that fails takes them away again.
    stored_now: Mutex<Vec<PathBuf>>,
    /// The index is written: nothing to take away.
    finished: bool,
    hits: AtomicUsize,
    stored: AtomicUsize,
    temporaries: AtomicUsize,
}

/// What a build did with the cache.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CacheStats {
    /// Entries taken from it.
    pub hits: usize,
    /// Entries written to it.
    pub stored: usize,
    /// Entries removed because no build used them for [`KEEP_BUILDS`] builds.
    pub dropped: usize,
}

impl Cache {
    /// The cache in `dir`. A folder that holds files but not the mark is refused, with
    /// why: the build goes on without a cache. Nothing is created before the first entry
    /// is stored (then the folder is made and marked). An index that cannot be read is
    /// taken as empty (the entries are then dated from this build).
    pub fn open(dir: &Path) -> Result<Cache, String> {
        let tag = dir.join(TAG);
        let marked = std::fs::symlink_metadata(&tag).is_ok_and(|m| m.is_file())
            && std::fs::read(&tag).is_ok_and(|t| t.starts_with(TAG_TEXT.as_bytes()));
        if !marked {
            if std::fs::symlink_metadata(dir).is_ok_and(|m| !m.is_dir()) {
                return Err(format!(
                    "{} is not a folder, so no build cache is used",
                    dir.display()
                ));
            }
            let empty = std::fs::read_dir(dir).map_or(true, |mut d| d.next().is_none());
            if !empty {
                return Err(format!(
                    "{} holds files but is not a build cache (it has no {TAG}), so it is not \
                     used as one: give --cache-dir a new or empty folder",
                    dir.display()
                ));
            }
        }
        let (generation, last_used) = std::fs::read_to_string(dir.join(INDEX))
            .ok()
            .and_then(|text| parse_index(&text))
            .unwrap_or_default();
        Ok(Cache {
            dir: dir.to_path_buf(),
            generation: generation + 1,
            last_used,
            used: Mutex::default(),
            made: Mutex::new((!marked).then_some(false)),
            stored_now: Mutex::default(),
            hits: AtomicUsize::new(0),
            stored: AtomicUsize::new(0),
            temporaries: AtomicUsize::new(0),
            finished: false,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The bytes kept for `kind` and `key`, if an entry is there whose header names them
    /// exactly and whose bytes are whole; anything else is `None`.
    pub fn get(&self, kind: &str, key: &str) -> Option<Vec<u8>> {
        let name = entry_name(kind, key)?;
        let path = self.dir.join(&name);
        // Only a plain file: never read through a link put into the cache.
        if !std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) {
            return None;
        }
        let bytes = std::fs::read(&path).ok()?;
        let payload = unwrap_entry(&bytes, kind, key)?;
        lock(&self.used).insert(name);
        self.hits.fetch_add(1, Ordering::Relaxed);
        Some(payload.to_vec())
    }

    /// Keeps `bytes` for `kind` and `key`. A cache that cannot be written is no error:
    /// the build goes on, and the next one makes the entry again.
    pub fn put(&self, kind: &str, key: &str, bytes: &[u8]) {
        let Some(name) = entry_name(kind, key) else {
            return;
        };
        let path = self.dir.join(&name);
        let Some(folder) = path.parent() else { return };
        if !self.make() || std::fs::create_dir_all(folder).is_err() {
            return;
        }
        let temporary = folder.join(format!(
            "{TEMPORARY}{}-{}",
            std::process::id(),
            self.temporaries.fetch_add(1, Ordering::Relaxed)
        ));
        let written = std::fs::File::create_new(&temporary).and_then(|mut file| {
            file.write_all(header(kind, key, bytes).as_bytes())?;
            file.write_all(bytes)
        });
        if written.is_ok() && std::fs::rename(&temporary, &path).is_ok() {
            lock(&self.used).insert(name);
            lock(&self.stored_now).push(path);
            self.stored.fetch_add(1, Ordering::Relaxed);
        } else {
            let _ = std::fs::remove_file(&temporary);
        }
    }

    /// Notes that this build used the entry for `kind` and `key` if there is one (a PNG
    /// kept from the previous output is not read from the cache, but its entry must not
    /// age while it is in use). When there is none, `bytes` are stored: a cache deleted
    /// beside an output folder is filled again. True when it was there.
    pub fn keep(&self, kind: &str, key: &str, bytes: impl FnOnce() -> Option<Vec<u8>>) -> bool {
        let Some(name) = entry_name(kind, key) else {
            return false;
        };
        if std::fs::symlink_metadata(self.dir.join(&name)).is_ok_and(|m| m.is_file()) {
            lock(&self.used).insert(name);
            return true;
        }
        if let Some(bytes) = bytes() {
            self.put(kind, key, &bytes);
        }
        false
    }

    /// Makes the folder and its mark when this build is the first to store an entry;
    /// false when that failed.
    fn make(&self) -> bool {
        let mut made = lock(&self.made);
        match *made {
            None | Some(true) => true,
            Some(false) => {
                let ok = std::fs::create_dir_all(&self.dir)
                    .and_then(|()| std::fs::write(self.dir.join(TAG), TAG_TEXT))
                    .is_ok();
                if ok {
                    *made = Some(true);
                }
                ok
            }
        }
    }

    /// Ends this build's use: writes the index (atomically) and removes the entries no
    /// build used for [`KEEP_BUILDS`] builds, and temporary files left by killed builds.
    /// Call it only for a build that succeeded: a cache dropped unfinished takes away
    /// what its build stored (and the folder, if that build made it), so a failed build
    /// leaves the site's folder as it found it.
    pub fn finish(mut self) -> CacheStats {
        self.finished = true;
        let used = std::mem::take(&mut *lock(&self.used));
        let mut stats = CacheStats {
            hits: self.hits.load(Ordering::Relaxed),
            stored: self.stored.load(Ordering::Relaxed),
            dropped: 0,
        };
        if !self.dir.is_dir() {
            return stats;
        }
        let mut index = String::new();
        for (name, path) in entries(&self.dir) {
            let last = if used.contains(&name) {
                self.generation
            } else {
                // An entry the index does not know (its index was lost) is dated from now.
                *self.last_used.get(&name).unwrap_or(&self.generation)
            };
            let stale = self.generation.saturating_sub(last) >= KEEP_BUILDS;
            let temporary = path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(TEMPORARY));
            if stale || temporary {
                if std::fs::remove_file(&path).is_ok() && !temporary {
                    stats.dropped += 1;
                }
                continue;
            }
            index.push_str(&format!("{last} {name}\n"));
        }
        let text = format!("{MAGIC} index {}\n{index}", self.generation);
        let temporary = self
            .dir
            .join(format!("{TEMPORARY}index-{}", std::process::id()));
        if std::fs::write(&temporary, text).is_err()
            || std::fs::rename(&temporary, self.dir.join(INDEX)).is_err()
        {
            let _ = std::fs::remove_file(&temporary);
        }
        stats
    }
}

/// `kind/key`, when both are plain names: nothing read from a caller can point outside
/// the cache.
fn entry_name(kind: &str, key: &str) -> Option<String> {
    (plain(kind) && plain(key)).then(|| format!("{kind}/{key}"))
}

/// Lowercase letters, digits and `-`, at most 128 of them.
fn plain(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 128
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// An entry's header: the format, the kind and key, the length and CRC-32 of the bytes.
fn header(kind: &str, key: &str, bytes: &[u8]) -> String {
    format!(
        "{MAGIC}\n{kind} {key} {} {:08x}\n",
        bytes.len(),
        crc32fast::hash(bytes)
    )
}

/// The bytes of an entry for `kind` and `key`, if its header is that one and they are
/// whole.
fn unwrap_entry<'a>(entry: &'a [u8], kind: &str, key: &str) -> Option<&'a [u8]> {
    let rest = entry.strip_prefix(MAGIC.as_bytes())?.strip_prefix(b"\n")?;
    let end = rest.iter().position(|&b| b == b'\n')?;
    let line = std::str::from_utf8(&rest[..end]).ok()?;
    let payload = &rest[end + 1..];
    (line == header(kind, key, payload).lines().nth(1)?).then_some(payload)
}

/// The generation and the last use of each entry, from the index's text.
fn parse_index(text: &str) -> Option<(u64, HashMap<String, u64>)> {
    let mut lines = text.lines();
    let generation = lines
        .next()?
        .strip_prefix(MAGIC)?
        .strip_prefix(" index ")?
        .parse()
        .ok()?;
    let mut last_used = HashMap::new();
    for line in lines {
        let (last, name) = line.split_once(' ')?;
        last_used.insert(name.to_string(), last.parse().ok()?);
    }
    Some((generation, last_used))
}

/// Every file in the cache's kind folders whose names could be an entry's (`kind/key`),
/// and the temporary files beside them, with their paths. Anything else is left alone.
fn entries(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut found = Vec::new();
    let Ok(kinds) = std::fs::read_dir(dir) else {
        return found;
    };
    for kind in kinds.flatten() {
        let kind_name = kind.file_name().to_string_lossy().into_owned();
        if !kind.file_type().is_ok_and(|t| t.is_dir()) || !plain(&kind_name) {
            continue;
        }
        let Ok(files) = std::fs::read_dir(kind.path()) else {
            continue;
        };
        for file in files.flatten() {
            let file_name = file.file_name().to_string_lossy().into_owned();
            let ours = plain(&file_name) || file_name.starts_with(TEMPORARY);
            if ours && file.file_type().is_ok_and(|t| t.is_file()) {
                found.push((format!("{kind_name}/{file_name}"), file.path()));
            }
        }
    }
    found.sort();
    found
}

impl Drop for Cache {
    fn drop(&mut self) {
        if self.finished {
            return;
        }
        if *lock(&self.made) == Some(true) {
            let _ = std::fs::remove_dir_all(&self.dir);
            return;
        }
        for path in lock(&self.stored_now).drain(..) {
            let _ = std::fs::remove_file(path);
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests;
