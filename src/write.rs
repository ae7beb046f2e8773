//! Stage 5: the one writer. Every file a build makes goes through a [`Writer`] as soon
//! as it is made: into memory (serve), onto disk (build), where the output folder is
//! always a whole site, the old one or the new one, or nowhere but the link index (check).
//! A disk writer only ever replaces a folder that it made itself (see [`guard`]).

mod guard;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::{bad_path, LinkIndex, Output, MARK};
use anyhow::{Context as _, Result};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};

pub use guard::{Refused, MARK_TEXT};

/// Where a build's files go: into memory (serve, check, tests) or onto disk (build). The
/// render threads hand every file to it as soon as it is made, so a build never holds
/// the whole site; and it notes each page's links and ids for the link check on the way.
pub struct Writer {
    target: Target,
    index: Mutex<LinkIndex>,
    bytes: AtomicUsize,
    /// Files refused: a second one at a path, or a path outside the output folder.
    problems: Mutex<Diagnostics>,
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
    /// What the side folder held before this build: path → is a folder (its mark aside).
    existing: HashMap<PathBuf, bool>,
    written: AtomicUsize,
    unchanged: AtomicUsize,
    /// Folders this build made (or is making).
    made: Mutex<HashSet<PathBuf>>,
    /// Files this build wrote or began to write, in folders that were there before.
    touched: Mutex<Vec<PathBuf>>,
    /// The first write that failed: the build goes on, but nothing is swapped in.
    failed: Mutex<Option<anyhow::Error>>,
    /// Whether this build made the side folder: if it fails, it takes it away again.
    made_side: bool,
    /// Committed or abandoned: nothing is left to undo.
    done: bool,
}

impl Drop for Disk {
    fn drop(&mut self) {
        self.abandon();
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
    ///
    /// It only ever replaces a folder that it made itself, which it marks with a
    /// [`MARK`] file (the side folder too: the two trade places). An output folder or side
    /// folder that holds anything without the mark, is a symbolic link, or is, holds or
    /// lies inside the site's folder `root` or its content/, templates/ or static/, is
    /// refused with a [`Refused`] error before anything is touched. An empty folder is
    /// taken over.
    pub fn disk(dir: &Path, root: &Path) -> Result<Writer> {
        let guard::Place {
            dir,
            parent,
            name,
            side,
        } = guard::place(dir, root)?;
        std::fs::create_dir_all(&parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
        guard::remove_leftovers(&parent, &name)?;
        let mut existing = HashMap::new();
        let made_side = !side.is_dir();
        if !made_side {
            for entry in walkdir::WalkDir::new(&side).min_depth(1) {
                let entry = entry.with_context(|| format!("cannot read {}", side.display()))?;
                existing.insert(entry.path().to_path_buf(), entry.file_type().is_dir());
            }
            existing.remove(&side.join(MARK));
        } else {
            std::fs::create_dir_all(&side)
                .with_context(|| format!("cannot create {}", side.display()))?;
        }
        let mut disk = Disk {
            dir,
            parent,
            name,
            side,
            existing,
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
            made: Mutex::default(),
            touched: Mutex::default(),
            failed: Mutex::new(None),
            made_side,
            done: false,
        };
        // Marked before anything else is written, so that a killed build leaves a side
        // folder that the next build may use.
        let mark = disk.side.join(MARK);
        if !same_content(&mark, MARK_TEXT.as_bytes()) {
            if let Err(e) = std::fs::write(&mark, MARK_TEXT) {
                lock(&disk.touched).push(mark.clone());
                disk.abandon();
                return Err(write_failed(&e, &mark, &disk.dir).into());
            }
        }
        Ok(Writer::with(Target::Disk(Box::new(disk))))
    }

    /// Checks, touching nothing, that [`Writer::disk`] may write into `dir` for the site
    /// at `root` (see there): a build asks before it reads the site.
    pub fn check_disk(dir: &Path, root: &Path) -> Result<(), Refused> {
        guard::place(dir, root).map(|_| ())
    }

    fn with(target: Target) -> Writer {
        Writer {
            target,
            index: Mutex::default(),
            bytes: AtomicUsize::new(0),
            problems: Mutex::default(),
        }
    }

    /// Adds a file. Called from any thread. A second file at one path (or a path that
    /// leaves the output folder) is not written but noted in [`Writer::problems`], and
    /// fails the build; a disk error is kept for [`Writer::commit`].
    pub fn add(&self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.put(path.into(), bytes.into(), false);
    }

    /// Adds a file that more than one page may make, such as a chart that a theme page
    /// and a shortcode both show: the first one made is kept.
    pub fn add_shared(&self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.put(path.into(), bytes.into(), true);
    }

    fn put(&self, path: String, bytes: Vec<u8>, shared: bool) {
        if let Some(problem) = bad_path(&path) {
            self.refuse(&path, problem);
            return;
        }
        // Scanned here, outside the lock, on whichever thread made the page.
        let links = LinkIndex::scan_file(&path, &bytes);
        let new = lock(&self.index).insert(path.clone(), links);
        if !new {
            // A shared file is the same whoever makes it: the first one made is kept.
            if !shared {
                self.refuse(
                    &path,
                    "two files were made at this path; the second was not written",
                );
            }
            return;
        }
        self.bytes.fetch_add(bytes.len(), Ordering::Relaxed);
        match &self.target {
            Target::Memory(files) => {
                if let Err(e) = lock(files).add(path.clone(), bytes) {
                    self.refuse(&path, &e.to_string());
                }
            }
            Target::LinksOnly => {}
            Target::Disk(disk) => disk.put(&path, &bytes),
        }
    }

    /// Notes a file that was not written: the build fails with it.
    fn refuse(&self, path: &str, problem: &str) {
        lock(&self.problems).push(
            Diagnostic::new(format!("output file {path}"), problem).hint(
                "two pages or files of the site have the same address, or an address that \
                 leaves the site: give one of them another slug or file name. If none does, \
                 this is a bug in jaarverslag: please report it with this message",
            ),
        );
    }

    /// The files this writer refused (a second file at one path, or a path that leaves
    /// the output folder): the build must fail with them.
    pub fn problems(&self) -> Diagnostics {
        lock(&self.problems).clone()
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
    ///
    /// A write that failed (a full disk), or a file refused, fails the commit: what this
    /// build wrote is removed again, so that a full disk is not left full, and the output
    /// folder stays as it was.
    pub fn commit(self) -> Result<WriteStats> {
        let index = self.index.into_inner().unwrap_or_else(|e| e.into_inner());
        let problems = self
            .problems
            .into_inner()
            .unwrap_or_else(|e| e.into_inner());
        let Target::Disk(mut disk) = self.target else {
            return match problems.into_result(()) {
                Ok(()) => Ok(WriteStats::default()),
                Err(problems) => Err(problems.into()),
            };
        };
        let failed = lock(&disk.failed).take();
        if let Some(error) = failed {
            disk.abandon();
            return Err(error);
        }
        if let Err(problems) = problems.into_result(()) {
            disk.abandon();
            return Err(problems.into());
        }
        // The output folder may have changed while the site was built: it is looked at
        // again just before it is swapped away.
        if let Err(refused) = guard::still_ours(&disk.dir) {
            disk.abandon();
            return Err(refused.into());
        }
        let removed = remove_stale(&disk.side, &disk.existing, &index)?;
        swap_into_place(&disk.side, &disk.dir, &disk.parent, &disk.name)?;
        disk.done = true;
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

    /// Undoes a build that is not committed: takes away the side folder if this build
    /// made it, else every file and folder this build wrote into it (what is left is
    /// part of the previous site, which the next build compares with as usual). A build
    /// that failed on a full disk so leaves the disk as full as it found it.
    fn abandon(&mut self) {
        if std::mem::replace(&mut self.done, true) {
            return;
        }
        if self.made_side {
            let _ = std::fs::remove_dir_all(&self.side);
            return;
        }
        // The topmost new folder of each folder made: all below it is this build's.
        let made = std::mem::take(&mut *lock(&self.made));
        let mut tops: Vec<&Path> = made
            .iter()
            .filter_map(|folder| {
                folder
                    .ancestors()
                    .take_while(|a| *a != self.side && self.existing.get(*a) != Some(&true))
                    .last()
            })
            .collect();
        tops.sort();
        tops.dedup();
        for top in tops {
            let _ = std::fs::remove_dir_all(top);
        }
        for file in std::mem::take(&mut *lock(&self.touched)) {
            let _ = std::fs::remove_file(file);
        }
    }

    /// Writes one file unless the side folder has it already; true when written.
    fn write(&self, path: &str, bytes: &[u8]) -> Result<bool> {
        let target = self.side.join(path);
        match self.existing.get(&target) {
            Some(false) if same_content(&target, bytes) => return Ok(false),
            Some(true) => remove_dir_all(&target)?,
            _ => {}
        }
        if target
            .parent()
            .is_some_and(|f| f == self.side || self.existing.get(f) == Some(&true))
        {
            // In a folder that was there before: a failed build removes this file again.
            // (In a new folder, the whole folder goes.)
            lock(&self.touched).push(target.clone());
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
            return Err(write_failed(&error, &target, &self.dir).into());
        };
        self.make_folder(folder)?;
        std::fs::write(&target, bytes).map_err(|e| write_failed(&e, &target, &self.dir))?;
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
        std::fs::create_dir_all(folder).map_err(|e| write_failed(&e, folder, &self.dir).into())
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

/// A write that failed: the message says why in plain words when the disk is full.
fn write_failed(error: &std::io::Error, path: &Path, dir: &Path) -> Refused {
    use std::io::ErrorKind;
    let full = matches!(
        error.kind(),
        ErrorKind::StorageFull | ErrorKind::FileTooLarge | ErrorKind::QuotaExceeded
    );
    if full {
        Refused::new(
            format!(
                "cannot write {}: there is no room for it ({error})",
                path.display()
            ),
            format!(
                "make room on the disk (or build elsewhere with --output-dir) and build again; \
                 what this build had written was removed, and {} is as it was",
                dir.display()
            ),
        )
    } else {
        Refused::new(
            format!("cannot write {}: {error}", path.display()),
            format!(
                "check that you may write in {}; what this build had written was removed, and \
                 {} is as it was",
                path.parent().unwrap_or(path).display(),
                dir.display()
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// A disk writer for `dir`, for a site in the folder that holds it.
    fn disk(dir: &Path) -> Result<Writer> {
        Writer::disk(dir, dir.parent().unwrap())
    }

    /// Writes a whole [`Output`] into `dir`, as a build does file by file.
    fn write_site(output: &Output, dir: &Path) -> Result<WriteStats> {
        let writer = disk(dir)?;
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
        first.add("index.html", "one").unwrap();
        first.add("old/only.html", "gone later").unwrap();
        write_site(&first, &dir).unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.join("index.html")).unwrap(),
            "one"
        );

        let mut second = Output::default();
        second.add("index.html", "two").unwrap();
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
        out.add("a/index.html", "a").unwrap();
        out.add("b/index.html", "b").unwrap();
        out.add("c.css", "c").unwrap();
        assert_eq!(write_site(&out, &dir).unwrap().written, 3);
        // The side folder is empty the second time: everything is written again.
        assert_eq!(write_site(&out, &dir).unwrap().written, 3);
        // The third time, the side folder holds the same site: nothing is written.
        let stats = write_site(&out, &dir).unwrap();
        assert_eq!((stats.written, stats.unchanged, stats.removed), (0, 3, 0));
        let mut changed = Output::default();
        changed.add("a/index.html", "A").unwrap();
        changed.add("c.css", "c").unwrap();
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
        one.add("x/index.html", "folder").unwrap();
        let mut two = Output::default();
        two.add("x", "file").unwrap();
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
        // Only a marked one (since #14: an unmarked folder with such a name is left alone;
        // guard's tests show that).
        let tmp = tempfile::tempdir().unwrap();
        let leftover = tmp.path().join(".public.old-99999");
        std::fs::create_dir_all(leftover.join("a")).unwrap();
        std::fs::write(leftover.join(MARK), MARK_TEXT).unwrap();
        let mut out = Output::default();
        out.add("index.html", "x").unwrap();
        write_site(&out, &tmp.path().join("public")).unwrap();
        assert!(!leftover.exists());
    }

    #[test]
    fn a_build_that_is_not_committed_leaves_the_output_as_it_was() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("public");
        let mut first = Output::default();
        first.add("index.html", "good").unwrap();
        write_site(&first, &dir).unwrap();
        // Half a build, then a failure: the writer is dropped without a commit.
        let writer = disk(&dir).unwrap();
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
        // A kept side folder stays (the next build reuses it), less what the failed build
        // wrote into it (since #14: a build that failed on a full disk must not leave it
        // full).
        write_site(&first, &dir).unwrap();
        let writer = disk(&dir).unwrap();
        writer.add("index.html", "half");
        drop(writer);
        assert_eq!(
            std::fs::read_to_string(dir.join("index.html")).unwrap(),
            "good"
        );
        let side = tmp.path().join(".public.jaarverslag");
        assert!(side.is_dir() && guard::is_marked(&side));
        assert!(!side.join("index.html").exists());
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
                other.add("s3", "a file where a folder will be").unwrap();
                write_site(&other, &dir).unwrap();
                write_site(&other, &dir).unwrap();
            }
            let writer = disk(&dir).unwrap();
            paths
                .par_iter()
                .for_each(|p| writer.add(p.clone(), format!("<a href=\"/{p}\">{round}</a>")));
            assert_eq!(writer.len(), 400);
            writer.commit().unwrap();
            let files = walkdir::WalkDir::new(&dir)
                .into_iter()
                .map(|e| e.unwrap())
                .filter(|e| e.file_type().is_file() && e.file_name() != MARK)
                .count();
            assert_eq!(files, 400, "round {round}");
            assert!(guard::is_marked(&dir), "round {round}");
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

    /// Every file under `dir` with its bytes.
    fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
            .collect()
    }

    #[test]
    fn the_output_and_the_side_folder_carry_the_mark() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("public");
        let side = tmp.path().join(".public.jaarverslag");
        let mut out = Output::default();
        out.add("index.html", "x").unwrap();
        let stats = write_site(&out, &dir).unwrap();
        // The mark is not one of the site's files: not counted, not in the link index.
        assert_eq!(stats.written, 1);
        assert_eq!(std::fs::read_to_string(dir.join(MARK)).unwrap(), MARK_TEXT);
        write_site(&out, &dir).unwrap();
        assert!(guard::is_marked(&dir) && guard::is_marked(&side));
        // The side folder's mark survives the removal of what the build did not make.
        let stats = write_site(&out, &dir).unwrap();
        assert_eq!((stats.written, stats.unchanged, stats.removed), (0, 1, 0));
        assert!(guard::is_marked(&dir) && guard::is_marked(&side));
        // A build may not make a file of that name.
        let writer = disk(&dir).unwrap();
        writer.add(MARK, "mine");
        assert!(writer.commit().is_err());
        assert_eq!(std::fs::read_to_string(dir.join(MARK)).unwrap(), MARK_TEXT);
    }

    #[test]
    fn an_empty_folder_is_taken_over_and_a_full_one_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("public");
        std::fs::create_dir(&dir).unwrap();
        let mut out = Output::default();
        out.add("index.html", "x").unwrap();
        write_site(&out, &dir).unwrap();
        assert!(guard::is_marked(&dir));
        // The empty folder it replaced is now the side folder; the next build uses it.
        write_site(&out, &dir).unwrap();
        assert!(guard::is_marked(&tmp.path().join(".public.jaarverslag")));

        let docs = tmp.path().join("docs");
        std::fs::create_dir(&docs).unwrap();
        std::fs::write(docs.join("notes.txt"), "mine").unwrap();
        let error = disk(&docs).err().unwrap();
        let refused = error.downcast_ref::<Refused>().unwrap();
        assert!(refused
            .message
            .contains("holds files that jaarverslag did not make"));
        // Nothing was made beside it.
        assert!(!tmp.path().join(".docs.jaarverslag").exists());
        assert_eq!(std::fs::read(docs.join("notes.txt")).unwrap(), b"mine");
    }

    #[test]
    fn files_put_in_the_output_during_the_build_stop_the_swap() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("public");
        std::fs::create_dir(&dir).unwrap();
        let writer = disk(&dir).unwrap();
        writer.add("index.html", "x");
        // The user fills the (empty, so accepted) folder while the site is built.
        std::fs::write(dir.join("notes.txt"), "mine").unwrap();
        let error = writer.commit().unwrap_err();
        assert!(
            error.to_string().contains("did not make (notes.txt)"),
            "{error}"
        );
        assert_eq!(std::fs::read(dir.join("notes.txt")).unwrap(), b"mine");
        assert!(!tmp.path().join(".public.jaarverslag").exists());
    }

    #[test]
    fn a_second_file_at_one_path_fails_the_build_in_every_build() {
        for writer in [Writer::memory(), Writer::links_only()] {
            writer.add("a/index.html", "first");
            writer.add("a/index.html", "second");
            let problems = writer.problems();
            assert_eq!(problems.len(), 1);
            let shown = problems.to_string();
            assert!(shown.contains("output file a/index.html: two files were made at this path"));
            assert!(shown.contains("hint: "), "{shown}");
        }
        let writer = Writer::memory();
        writer.add("a/index.html", "first");
        writer.add("a/index.html", "second");
        assert_eq!(
            writer.into_output().get("a/index.html"),
            Some(&b"first"[..])
        );
        // A shared file keeps the first one made, and is no problem.
        let writer = Writer::memory();
        writer.add_shared("chart.svg", "first");
        writer.add_shared("chart.svg", "second");
        assert!(writer.problems().is_empty());
        assert_eq!(writer.into_output().get("chart.svg"), Some(&b"first"[..]));
        // On disk, the commit fails and the output stays as it was.
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("public");
        let mut out = Output::default();
        out.add("a/index.html", "good").unwrap();
        write_site(&out, &dir).unwrap();
        let writer = disk(&dir).unwrap();
        writer.add("a/index.html", "first");
        writer.add("a/index.html", "second");
        let error = writer.commit().unwrap_err();
        assert!(error.to_string().contains("1 error"), "{error:#}");
        assert_eq!(std::fs::read(dir.join("a/index.html")).unwrap(), b"good");
        assert!(!tmp.path().join(".public.jaarverslag").exists());
    }

    #[test]
    fn a_path_that_leaves_the_output_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("public");
        for path in [
            "../escape.html",
            "/etc/x",
            "a/../../x",
            "",
            "a//b",
            "a\\..\\x",
        ] {
            let writer = disk(&dir).unwrap();
            writer.add(path, "x");
            assert_eq!(writer.problems().len(), 1, "{path:?}");
            assert!(writer.commit().is_err(), "{path:?}");
            let mut out = Output::default();
            assert!(out.add(path, "x").is_err(), "{path:?}");
        }
        assert!(!tmp.path().join("escape.html").exists());
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0);
        let mut out = Output::default();
        out.add("a", "first").unwrap();
        let error = out.add("a", "second").unwrap_err();
        assert_eq!(error.to_string(), "two files at a: the second was not kept");
        assert_eq!(out.get("a"), Some(&b"first"[..]));
    }

    #[test]
    fn a_failed_build_takes_back_what_it_wrote_into_a_kept_side_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("public");
        let side = tmp.path().join(".public.jaarverslag");
        let mut old = Output::default();
        for path in ["index.html", "a/index.html", "b/index.html", "x"] {
            old.add(path, format!("old {path}")).unwrap();
        }
        write_site(&old, &dir).unwrap();
        write_site(&old, &dir).unwrap();
        let side_before = files(&side);
        let output_before = files(&dir);
        let writer = disk(&dir).unwrap();
        writer.add("index.html", "old index.html"); // unchanged: kept
        writer.add("a/index.html", "changed"); // in a folder that was there
        writer.add("new/deep/index.html", "new"); // in folders that were not
        writer.add("x/index.html", "a folder where a file was");
        drop(writer);
        assert_eq!(files(&dir), output_before);
        let side_after = files(&side);
        // What is left is part of the previous site, byte for byte: the unchanged file,
        // the ones this build did not touch, and the mark.
        for (path, bytes) in &side_after {
            assert_eq!(side_before.get(path), Some(bytes), "{}", path.display());
        }
        let left: Vec<String> = side_after
            .keys()
            .map(|p| p.strip_prefix(&side).unwrap().display().to_string())
            .collect();
        assert_eq!(left, [MARK, "b/index.html", "index.html"]);
        assert!(!side.join("new").exists() && !side.join("x").exists());
        // The next build is whole.
        write_site(&old, &dir).unwrap();
        assert_eq!(files(&dir), output_before);
    }
}
