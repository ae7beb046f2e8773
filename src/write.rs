//! Stage 5: the one writer. Every file a build makes goes through a [`Writer`] as soon
//! as it is made: into memory (serve), onto disk (build), where the output folder is
//! always a whole site, the old one or the new one, or nowhere but the link index (check).

use crate::check::links::LinkIndex;
use anyhow::{bail, Context as _, Result};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

/// Every file of a built site, by its path relative to the output root (`/`-separated).
/// The bytes are shared, so a copy of a large site (`serve` makes one for each edit) costs
/// only its paths.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Output {
    files: BTreeMap<String, Arc<[u8]>>,
}

impl Output {
    /// Adds a file; two files at one path is a bug in the build, not in the content.
    pub fn add(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        let path = path.into();
        debug_assert!(!path.starts_with('/') && !path.contains(".."), "{path}");
        let previous = self.files.insert(path.clone(), bytes.into().into());
        debug_assert!(previous.is_none(), "two outputs at {path}");
    }

    /// Moves every file of `other` into this output, replacing those at the same path.
    pub fn replace_from(&mut self, other: Output) {
        self.files.extend(other.files);
    }

    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(|b| &**b)
    }

    pub fn contains(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }

    pub fn files(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files.iter().map(|(p, b)| (p.as_str(), &**b))
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn total_bytes(&self) -> usize {
        self.files.values().map(|b| b.len()).sum()
    }
}

/// Where a build's files go: into memory (serve, check, tests) or onto disk (build). The
/// render threads hand every file to it as soon as it is made, so a build never holds
/// the whole site; and it notes each page's links and ids for the link check on the way.
pub struct Writer {
    target: Target,
    index: Mutex<LinkIndex>,
    bytes: AtomicUsize,
}

enum Target {
    Memory(Mutex<Output>),
    /// Only the paths and links are kept (`check`).
    LinksOnly,
    Disk(Box<Disk>),
}

/// A site being written into the side folder beside the output folder.
struct Disk {
    dir: PathBuf,
    parent: PathBuf,
    name: String,
    side: PathBuf,
    /// What the side folder held before this build: path → is a folder.
    existing: HashMap<PathBuf, bool>,
    written: AtomicUsize,
    unchanged: AtomicUsize,
    /// Folders this build made (or is making).
    made: Mutex<HashSet<PathBuf>>,
    /// The first write that failed: the build goes on, but nothing is swapped in.
    failed: Mutex<Option<anyhow::Error>>,
    /// Whether this build made the side folder: if it fails, it takes it away again.
    made_side: bool,
    committed: bool,
}

impl Drop for Disk {
    fn drop(&mut self) {
        if self.made_side && !self.committed {
            let _ = std::fs::remove_dir_all(&self.side);
        }
    }
}

/// What a write did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteStats {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

impl Writer {
    /// A writer that keeps every file in memory.
    pub fn memory() -> Writer {
        Writer::with(Target::Memory(Mutex::default()))
    }

    /// A writer that keeps no file, only what the link check needs.
    pub fn links_only() -> Writer {
        Writer::with(Target::LinksOnly)
    }

    /// A writer for the output folder `dir`, so that a reader of `dir` never sees half a
    /// site.
    ///
    /// The files go into a side folder beside `dir` (`.public.jaarverslag`), which
    /// [`Writer::commit`] then swaps with `dir` in one atomic step. The side folder is
    /// kept: after the swap it holds the previous site, which the next build brings up
    /// to date by writing only the files that changed and removing those that went.
    /// Deleting and re-creating thousands of files is what makes other generators slow
    /// to replace their output; this does neither, and a failed or killed build only
    /// ever touches the side folder.
    pub fn disk(dir: &Path) -> Result<Writer> {
        let dir = absolute(dir)?;
        let parent = dir
            .parent()
            .with_context(|| format!("the output folder {} has no parent", dir.display()))?
            .to_path_buf();
        let name = dir
            .file_name()
            .and_then(|n| n.to_str())
            .with_context(|| format!("the output folder {} has no name", dir.display()))?
            .to_string();
        std::fs::create_dir_all(&parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
        if dir.exists() && !dir.is_dir() {
            bail!(
                "the output path {} exists and is not a folder: remove it or choose another --output-dir",
                dir.display()
            );
        }
        remove_leftovers(&parent, &name)?;
        let side = parent.join(format!(".{name}.jaarverslag"));
        let mut existing = HashMap::new();
        let made_side = !side.is_dir();
        if !made_side {
            for entry in walkdir::WalkDir::new(&side).min_depth(1) {
                let entry = entry.with_context(|| format!("cannot read {}", side.display()))?;
                existing.insert(entry.path().to_path_buf(), entry.file_type().is_dir());
            }
        } else {
            std::fs::create_dir_all(&side)
                .with_context(|| format!("cannot create {}", side.display()))?;
        }
        Ok(Writer::with(Target::Disk(Box::new(Disk {
            dir,
            parent,
            name,
            side,
            existing,
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
            made: Mutex::default(),
            failed: Mutex::new(None),
            made_side,
            committed: false,
        }))))
    }

    fn with(target: Target) -> Writer {
        Writer {
            target,
            index: Mutex::default(),
            bytes: AtomicUsize::new(0),
        }
    }

    /// Adds a file; two files at one path is a bug in the build, not in the content.
    /// Called from any thread. A disk error is kept for [`Writer::commit`].
    pub fn add(&self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.put(path.into(), bytes.into(), false);
    }

    /// Adds a file that more than one page may make, such as a chart that a theme page
    /// and a shortcode both show: the first one made is kept.
    pub fn add_shared(&self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.put(path.into(), bytes.into(), true);
    }

    fn put(&self, path: String, bytes: Vec<u8>, shared: bool) {
        debug_assert!(!path.starts_with('/') && !path.contains(".."), "{path}");
        // Scanned here, outside the lock, on whichever thread made the page.
        let links = LinkIndex::scan_file(&path, &bytes);
        let new = lock(&self.index).insert(path.clone(), links);
        if !new {
            debug_assert!(shared, "two outputs at {path}");
            return;
        }
        self.bytes.fetch_add(bytes.len(), Ordering::Relaxed);
        match &self.target {
            Target::Memory(files) => lock(files).add(path, bytes),
            Target::LinksOnly => {}
            Target::Disk(disk) => disk.put(&path, &bytes),
        }
    }

    /// The files added so far, and each page's links and ids.
    pub fn index(&self) -> MutexGuard<'_, LinkIndex> {
        lock(&self.index)
    }

    pub fn len(&self) -> usize {
        lock(&self.index).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn total_bytes(&self) -> usize {
        self.bytes.load(Ordering::Relaxed)
    }

    /// The files of a memory writer (the others have none to give).
    pub fn into_output(self) -> Output {
        self.into_parts().0
    }

    /// The files of a memory writer, and every page's links and ids.
    pub fn into_parts(self) -> (Output, LinkIndex) {
        let index = self.index.into_inner().unwrap_or_else(|e| e.into_inner());
        let output = match self.target {
            Target::Memory(files) => files.into_inner().unwrap_or_else(|e| e.into_inner()),
            Target::LinksOnly | Target::Disk(_) => Output::default(),
        };
        (output, index)
    }

    /// Finishes a disk write: removes from the side folder what this build did not
    /// make, and swaps it into the output folder's place. Call it only for a build that
    /// succeeded; otherwise drop the writer, and the output folder stays as it was.
    pub fn commit(self) -> Result<WriteStats> {
        let index = self.index.into_inner().unwrap_or_else(|e| e.into_inner());
        let Target::Disk(mut disk) = self.target else {
            return Ok(WriteStats::default());
        };
        if let Some(error) = lock(&disk.failed).take() {
            return Err(error);
        }
        let removed = remove_stale(&disk.side, &disk.existing, &index)?;
        swap_into_place(&disk.side, &disk.dir, &disk.parent, &disk.name)?;
        disk.committed = true;
        Ok(WriteStats {
            written: disk.written.load(Ordering::Relaxed),
            unchanged: disk.unchanged.load(Ordering::Relaxed),
            removed,
        })
    }
}

impl Disk {
    fn put(&self, path: &str, bytes: &[u8]) {
        if lock(&self.failed).is_some() {
            return;
        }
        match self.write(path, bytes) {
            Ok(true) => self.written.fetch_add(1, Ordering::Relaxed),
            Ok(false) => self.unchanged.fetch_add(1, Ordering::Relaxed),
            Err(e) => {
                lock(&self.failed).get_or_insert(e);
                0
            }
        };
    }

    /// Writes one file unless the side folder has it already; true when written.
    fn write(&self, path: &str, bytes: &[u8]) -> Result<bool> {
        let target = self.side.join(path);
        match self.existing.get(&target) {
            Some(false) if same_content(&target, bytes) => return Ok(false),
            Some(true) => remove_dir_all(&target)?,
            _ => {}
        }
        let folder = target.parent().filter(|f| *f != self.side);
        // A folder the side folder did not have is made by the first file that needs it,
        // before writing: a failed open per new folder is a path walk saved.
        if let Some(folder) = folder {
            if self.existing.get(folder) != Some(&true)
                && lock(&self.made).insert(folder.to_path_buf())
            {
                self.make_folder(folder)?;
            }
        }
        let first = std::fs::write(&target, bytes);
        let Err(error) = first else { return Ok(true) };
        // Another thread is still making the folder, or a file stands where a folder must
        // now be (a page became a section).
        let missing_folder = matches!(
            error.kind(),
            std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
        );
        let Some(folder) = folder.filter(|_| missing_folder) else {
            return Err(error).with_context(|| format!("cannot write {}", target.display()));
        };
        self.make_folder(folder)?;
        std::fs::write(&target, bytes)
            .with_context(|| format!("cannot write {}", target.display()))?;
        Ok(true)
    }

    /// Makes `folder` and the folders above it, removing files that stand in their way.
    /// Threads may race to make the same folder: create_dir_all does not mind.
    fn make_folder(&self, folder: &Path) -> Result<()> {
        for ancestor in folder.ancestors().take_while(|a| *a != self.side) {
            if self.existing.get(ancestor) == Some(&false) {
                remove_file_for_folder(ancestor)?;
            }
        }
        std::fs::create_dir_all(folder)
            .with_context(|| format!("cannot create {}", folder.display()))
    }
}

/// Removes what the side folder held before and this build did not make; returns how
/// many files and folders went.
fn remove_stale(
    side: &Path,
    existing: &HashMap<PathBuf, bool>,
    index: &LinkIndex,
) -> Result<usize> {
    let mut keep: HashSet<PathBuf> = HashSet::new();
    for path in index.paths() {
        let target = side.join(path);
        // Every folder on the way is kept too.
        let mut folder = target.parent();
        while let Some(f) = folder.filter(|f| *f != side) {
            if !keep.insert(f.to_path_buf()) {
                break;
            }
            folder = f.parent();
        }
        keep.insert(target);
    }
    let mut stale: Vec<(&PathBuf, bool)> = existing
        .iter()
        .filter(|(path, _)| !keep.contains(*path))
        .map(|(path, is_dir)| (path, *is_dir))
        .collect();
    // Deepest first, so folders are empty when their turn comes.
    stale.sort_by(|a, b| b.0.cmp(a.0));
    let mut removed = 0;
    for (path, is_dir) in stale {
        let result = if is_dir {
            std::fs::remove_dir_all(path)
        } else {
            std::fs::remove_file(path)
        };
        match result {
            Ok(()) => removed += 1,
            // Already gone with its folder, or its folder is now a file.
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
                ) => {}
            Err(e) => return Err(e).with_context(|| format!("cannot remove {}", path.display())),
        }
    }
    Ok(removed)
}

fn remove_dir_all(path: &Path) -> Result<()> {
    match std::fs::remove_dir_all(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(e).with_context(|| format!("cannot remove {}", path.display()))
        }
        _ => Ok(()),
    }
}

/// Removes the file where a folder must be; another thread may have done it already,
/// and made the folder too.
fn remove_file_for_folder(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound && !path.is_dir() => {
            Err(e).with_context(|| format!("cannot remove {}", path.display()))
        }
        _ => Ok(()),
    }
}

/// A poisoned lock only means another thread panicked; its data is still whole.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// Whether the file at `path` is a regular file holding exactly `bytes`.
fn same_content(path: &Path, bytes: &[u8]) -> bool {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_file() && meta.len() == bytes.len() as u64 => {
            std::fs::read(path).is_ok_and(|old| old == bytes)
        }
        _ => false,
    }
}

/// Removes the side folders that older versions of this writer left behind.
fn remove_leftovers(parent: &Path, name: &str) -> Result<()> {
    let prefixes = [format!(".{name}.new-"), format!(".{name}.old-")];
    let entries =
        std::fs::read_dir(parent).with_context(|| format!("cannot read {}", parent.display()))?;
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let file_name = file_name.to_string_lossy();
        if prefixes.iter().any(|p| file_name.starts_with(p.as_str())) {
            std::fs::remove_dir_all(entry.path())
                .with_context(|| format!("cannot remove {}", entry.path().display()))?;
        }
    }
    Ok(())
}

/// Puts `side` in `dir`'s place; afterwards `side` holds the previous site (or nothing).
fn swap_into_place(side: &Path, dir: &Path, parent: &Path, name: &str) -> Result<()> {
    if !dir.exists() {
        return std::fs::rename(side, dir)
            .with_context(|| format!("cannot move {} to {}", side.display(), dir.display()));
    }
    #[cfg(target_os = "linux")]
    {
        // One atomic step: the old and the new folder trade places.
        if exchange(side, dir).is_ok() {
            return Ok(());
        }
    }
    // Elsewhere, two renames: for a moment `dir` does not exist, but it never holds half a
    // site.
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    std::fs::rename(dir, &old).with_context(|| format!("cannot move {} aside", dir.display()))?;
    std::fs::rename(side, dir)
        .with_context(|| format!("cannot move {} to {}", side.display(), dir.display()))?;
    std::fs::rename(&old, side)
        .with_context(|| format!("cannot keep the previous site in {}", side.display()))
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both are valid NUL-terminated paths that outlive the call.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

fn absolute(path: &Path) -> Result<PathBuf> {
    if path.is_absolute() {
        Ok(path.to_path_buf())
    } else {
        Ok(std::env::current_dir()
            .context("cannot read the current folder")?
            .join(path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes a whole [`Output`] into `dir`, as a build does file by file.
    fn write_site(output: &Output, dir: &Path) -> Result<WriteStats> {
        let writer = Writer::disk(dir)?;
        for (path, bytes) in output.files() {
            writer.add(path, bytes);
        }
        writer.commit()
    }

    #[test]
    fn replaces_the_old_site_whole() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("public");
        let mut first = Output::default();
        first.add("index.html", "one");
        first.add("old/only.html", "gone later");
        write_site(&first, &dir).unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.join("index.html")).unwrap(),
            "one"
        );

        let mut second = Output::default();
        second.add("index.html", "two");
        write_site(&second, &dir).unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.join("index.html")).unwrap(),
            "two"
        );
        assert!(!dir.join("old/only.html").exists());
        // One side folder is kept, holding the previous site for the next build.
        let mut names: Vec<String> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(
            names,
            vec![".public.jaarverslag".to_string(), "public".to_string()]
        );
        assert_eq!(
            std::fs::read_to_string(tmp.path().join(".public.jaarverslag/index.html")).unwrap(),
            "one"
        );
    }

    #[test]
    fn only_changed_files_are_written() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("public");
        let mut out = Output::default();
        out.add("a/index.html", "a");
        out.add("b/index.html", "b");
        out.add("c.css", "c");
        assert_eq!(write_site(&out, &dir).unwrap().written, 3);
        // The side folder is empty the second time: everything is written again.
        assert_eq!(write_site(&out, &dir).unwrap().written, 3);
        // The third time, the side folder holds the same site: nothing is written.
        let stats = write_site(&out, &dir).unwrap();
        assert_eq!((stats.written, stats.unchanged, stats.removed), (0, 3, 0));
        let mut changed = Output::default();
        changed.add("a/index.html", "A");
        changed.add("c.css", "c");
        write_site(&changed, &dir).unwrap();
        let stats = write_site(&changed, &dir).unwrap();
        // b/ and its file went; a changed; c stayed.
        assert_eq!((stats.written, stats.unchanged, stats.removed), (1, 1, 2));
        assert_eq!(
            std::fs::read_to_string(dir.join("a/index.html")).unwrap(),
            "A"
        );
        assert!(!dir.join("b").exists());
    }

    #[test]
    fn a_file_where_a_folder_was_and_back() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("public");
        let mut one = Output::default();
        one.add("x/index.html", "folder");
        let mut two = Output::default();
        two.add("x", "file");
        // Every order of the two, including a folder needed where the side folder holds
        // a file.
        for out in [&one, &two, &two, &one, &one, &two] {
            write_site(out, &dir).unwrap();
        }
        assert_eq!(std::fs::read_to_string(dir.join("x")).unwrap(), "file");
        write_site(&one, &dir).unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.join("x/index.html")).unwrap(),
            "folder"
        );
    }

    #[test]
    fn leftovers_of_a_killed_build_are_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let leftover = tmp.path().join(".public.new-99999");
        std::fs::create_dir_all(leftover.join("a")).unwrap();
        let mut out = Output::default();
        out.add("index.html", "x");
        write_site(&out, &tmp.path().join("public")).unwrap();
        assert!(!leftover.exists());
    }

    #[test]
    fn a_build_that_is_not_committed_leaves_the_output_as_it_was() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("public");
        let mut first = Output::default();
        first.add("index.html", "good");
        write_site(&first, &dir).unwrap();
        // Half a build, then a failure: the writer is dropped without a commit.
        let writer = Writer::disk(&dir).unwrap();
        writer.add("index.html", "half");
        writer.add("new/index.html", "half");
        drop(writer);
        assert_eq!(
            std::fs::read_to_string(dir.join("index.html")).unwrap(),
            "good"
        );
        assert!(!dir.join("new").exists());
        // The side folder it made is gone again.
        assert!(!tmp.path().join(".public.jaarverslag").exists());
        // A kept side folder stays (the next build reuses it), whatever it holds.
        write_site(&first, &dir).unwrap();
        let writer = Writer::disk(&dir).unwrap();
        writer.add("index.html", "half");
        drop(writer);
        assert_eq!(
            std::fs::read_to_string(dir.join("index.html")).unwrap(),
            "good"
        );
        assert!(tmp.path().join(".public.jaarverslag").is_dir());
        // And the next build is whole.
        let stats = write_site(&first, &dir).unwrap();
        assert_eq!((stats.written, stats.unchanged), (1, 0));
        assert_eq!(
            std::fs::read_to_string(dir.join("index.html")).unwrap(),
            "good"
        );
    }

    #[test]
    fn files_from_many_threads_make_one_whole_site() {
        use rayon::prelude::*;
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("public");
        let paths: Vec<String> = (0..400)
            .map(|i| format!("s{}/p{}/index.html", i % 7, i))
            .collect();
        // Twice into fresh folders, and twice over a side folder where `s3` was a file.
        for round in 0..4 {
            if round == 2 {
                let mut other = Output::default();
                other.add("s3", "a file where a folder will be");
                write_site(&other, &dir).unwrap();
                write_site(&other, &dir).unwrap();
            }
            let writer = Writer::disk(&dir).unwrap();
            paths
                .par_iter()
                .for_each(|p| writer.add(p.clone(), format!("<a href=\"/{p}\">{round}</a>")));
            assert_eq!(writer.len(), 400);
            writer.commit().unwrap();
            let files = walkdir::WalkDir::new(&dir)
                .into_iter()
                .filter(|e| e.as_ref().unwrap().file_type().is_file())
                .count();
            assert_eq!(files, 400, "round {round}");
            assert!(std::fs::read_to_string(dir.join("s3/p3/index.html"))
                .unwrap()
                .contains(&format!(">{round}<")));
        }
    }

    #[test]
    fn the_writer_notes_each_pages_links_for_the_link_check() {
        let writer = Writer::memory();
        writer.add("a/index.html", "<a href=\"/b/\">b</a><h2 id=\"x\">x</h2>");
        writer.add("style.css", "a { }");
        let index = writer.index();
        assert!(index.contains("a/index.html") && index.contains("style.css"));
        assert!(!index.contains("b/index.html"));
        drop(index);
        assert_eq!(writer.total_bytes(), 41);
        assert_eq!(writer.into_output().len(), 2);
    }
}
