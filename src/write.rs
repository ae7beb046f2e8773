//! Stage 5: the one writer. Every file a build makes goes through a [`Writer`] as soon
//! as it is made: into memory (serve), onto disk (build), where the output folder is
//! always a whole site, the old one or the new one, or nowhere but the link index (check).
//! A disk writer only ever replaces a folder that it made itself (see [`guard`]).

mod foreign;
mod guard;
mod lock;
mod replace;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::{bad_path, LinkIndex, Output, FILE_LIST, MARK};
use crate::raster::{self, Rasterizer};
use anyhow::{Context as _, Result};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, OnceLock};

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
    /// Made when the first PNG is to be drawn: a build that draws none loads no font.
    raster: OnceLock<Rasterizer>,
    /// PNG files drawn (not kept from the previous site).
    drawn: AtomicUsize,
    /// What the user should know that is no error (a stale lock taken over).
    notes: Vec<String>,
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
    /// Numbers the temporary files of this build ([`replace::write_new`]).
    temporaries: AtomicUsize,
    /// One build per output folder at a time; let go when the writer is dropped.
    _lock: lock::BuildLock,
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
        std::fs::create_dir_all(&parent).with_context(|| {
            format!("cannot create {}", crate::diagnostics::shown_path(&parent))
        })?;
        // Before the side folder is looked at: another build may be writing into it.
        let (build_lock, note) = lock::take(&parent, &name, &dir)?;
        // Looked at again now that no other build can change it; and the user's own files
        // in it are looked for only now: a build that is swapping its site into place
        // meanwhile would make its new files look like the user's.
        guard::place(&dir, root)?;
        foreign::check(&dir)?;
        guard::remove_leftovers(&parent, &name)?;
        let mut existing = HashMap::new();
        let made_side = !side.is_dir();
        if !made_side {
            for entry in walkdir::WalkDir::new(&side).min_depth(1) {
                let entry = entry.with_context(|| {
                    format!("cannot read {}", crate::diagnostics::shown_path(&side))
                })?;
                existing.insert(entry.path().to_path_buf(), entry.file_type().is_dir());
            }
            existing.remove(&side.join(MARK));
        } else {
            std::fs::create_dir_all(&side).with_context(|| {
                format!("cannot create {}", crate::diagnostics::shown_path(&side))
            })?;
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
            temporaries: AtomicUsize::new(0),
            _lock: build_lock,
        };
        // Marked before anything else is written, so that a killed build leaves a side
        // folder that the next build may use.
        let mark = disk.side.join(MARK);
        if !same_content(&mark, MARK_TEXT.as_bytes()) {
            if let Err(e) = replace::write_new(&mark, MARK_TEXT.as_bytes(), &disk.temporaries) {
                lock(&disk.touched).push(mark.clone());
                disk.abandon();
                return Err(write_failed(&e, &mark, &disk.dir).into());
            }
        }
        let mut writer = Writer::with(Target::Disk(Box::new(disk)));
        writer.notes.extend(note);
        Ok(writer)
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
            raster: OnceLock::new(),
            drawn: AtomicUsize::new(0),
            notes: Vec::new(),
        }
    }

    /// What the user should know that is no error, such as the lock of a killed build
    /// taken over: to be printed as notes.
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// Adds a PNG file drawn from `svg` at `scale` ([`raster`]), shared as
    /// [`Writer::add_shared`]. On disk it is drawn only when the side folder or the output
    /// folder has no PNG made from this very SVG (each carries the key of its source):
    /// a build in which a chart did not change draws nothing. In memory (`serve`) it is
    /// kept undrawn, to be drawn when asked for; `check` draws nothing.
    pub fn add_png(&self, path: impl Into<String>, svg: String, scale: u32) {
        let path = path.into();
        if let Some(problem) = bad_path(&path) {
            self.refuse(&path, problem);
            return;
        }
        if !lock(&self.index).insert(path.clone(), None) {
            return;
        }
        match &self.target {
            Target::Memory(files) => {
                if let Err(e) = lock(files).add_png_source(path.clone(), &svg, scale) {
                    self.refuse(&path, &e.to_string());
                }
            }
            Target::LinksOnly => {}
            Target::Disk(disk) => {
                let key = raster::key(&svg, scale);
                let side = disk.side.join(&path);
                if disk.existing.get(&side) == Some(&false)
                    && png_key_of(&side) == Some(key.clone())
                {
                    let size = std::fs::metadata(&side).map_or(0, |m| m.len() as usize);
                    self.bytes.fetch_add(size, Ordering::Relaxed);
                    disk.unchanged.fetch_add(1, Ordering::Relaxed);
                    return;
                }
                let previous = disk.dir.join(&path);
                let bytes = if png_key_of(&previous) == Some(key) {
                    std::fs::read(&previous).ok()
                } else {
                    None
                };
                let bytes = match bytes {
                    Some(bytes) => bytes,
                    None => match self.raster.get_or_init(Rasterizer::new).png(&svg, scale) {
                        Ok(bytes) => {
                            self.drawn.fetch_add(1, Ordering::Relaxed);
                            bytes
                        }
                        Err(e) => {
                            self.refuse(&path, &format!("the PNG could not be drawn: {e:#}"));
                            return;
                        }
                    },
                };
                self.bytes.fetch_add(bytes.len(), Ordering::Relaxed);
                disk.put(&path, &bytes);
            }
        }
    }

    /// Notes a PNG file's path without drawing or writing it (a build with
    /// [`BuildOptions::skip_pngs`](crate::site::BuildOptions)): links to it resolve, and
    /// the file is not there.
    pub fn add_png_undrawn(&self, path: impl Into<String>) {
        let path = path.into();
        match bad_path(&path) {
            Some(problem) => self.refuse(&path, problem),
            None => {
                lock(&self.index).insert(path, None);
            }
        }
    }

    /// Adds the list of every file added so far, [`FILE_LIST`], for the next build to tell
    /// a file the user put into the output folder from the site's own ([`foreign`]). A
    /// disk writer's last file, added when the site is complete; the others keep no list.
    pub fn add_file_list(&self) {
        let Target::Disk(disk) = &self.target else {
            return;
        };
        let text = {
            let mut index = lock(&self.index);
            if !index.insert(FILE_LIST.to_string(), None) {
                return;
            }
            foreign::list_text(index.paths())
        };
        self.bytes.fetch_add(text.len(), Ordering::Relaxed);
        disk.put(FILE_LIST, text.as_bytes());
    }

    /// How many PNG files this build drew (and did not keep from the previous site).
    pub fn pngs_drawn(&self) -> usize {
        self.drawn.load(Ordering::Relaxed)
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

    /// A file of the output folder as the previous build left it (disk writers only;
    /// the folder is not touched before [`Writer::commit`]): for what a build may take
    /// from its previous output, such as the search index when the pages did not change.
    pub fn previous(&self, path: &str) -> Option<Vec<u8>> {
        match &self.target {
            Target::Disk(disk) if bad_path(path).is_none() => {
                // Only a plain file: never read through a link put into the output.
                let path = disk.dir.join(path);
                let plain = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file());
                plain.then(|| std::fs::read(&path).ok()).flatten()
            }
            _ => None,
        }
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
        if let Err(refused) = guard::still_ours(&disk.dir).and_then(|()| foreign::check(&disk.dir))
        {
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
        // Never through what is at the path: a link's target, or a hard-linked copy.
        let first = replace::write_new(&target, bytes, &self.temporaries);
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
        replace::write_new(&target, bytes, &self.temporaries)
            .map_err(|e| write_failed(&e, &target, &self.dir))?;
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
            Err(e) => {
                return Err(e).with_context(|| {
                    format!("cannot remove {}", crate::diagnostics::shown_path(path))
                })
            }
        }
    }
    Ok(removed)
}

fn remove_dir_all(path: &Path) -> Result<()> {
    match std::fs::remove_dir_all(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e)
            .with_context(|| format!("cannot remove {}", crate::diagnostics::shown_path(path))),
        _ => Ok(()),
    }
}

/// Removes the file where a folder must be; another thread may have done it already,
/// and made the folder too.
fn remove_file_for_folder(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound && !path.is_dir() => Err(e)
            .with_context(|| format!("cannot remove {}", crate::diagnostics::shown_path(path))),
        _ => Ok(()),
    }
}

/// A poisoned lock only means another thread panicked; its data is still whole.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// The key of the PNG at `path` ([`raster::png_key`]), reading only its start.
fn png_key_of(path: &Path) -> Option<String> {
    use std::io::Read as _;
    let mut start = Vec::with_capacity(raster::KEY_WITHIN);
    if !std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file()) {
        return None;
    }
    let file = std::fs::File::open(path).ok()?;
    file.take(raster::KEY_WITHIN as u64)
        .read_to_end(&mut start)
        .ok()?;
    raster::png_key(&start).map(str::to_string)
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
        return std::fs::rename(side, dir).with_context(|| {
            format!(
                "cannot move {} to {}",
                crate::diagnostics::shown_path(side),
                crate::diagnostics::shown_path(dir)
            )
        });
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
    std::fs::rename(dir, &old)
        .with_context(|| format!("cannot move {} aside", crate::diagnostics::shown_path(dir)))?;
    std::fs::rename(side, dir).with_context(|| {
        format!(
            "cannot move {} to {}",
            crate::diagnostics::shown_path(side),
            crate::diagnostics::shown_path(dir)
        )
    })?;
    std::fs::rename(&old, side).with_context(|| {
        format!(
            "cannot keep the previous site in {}",
            crate::diagnostics::shown_path(side)
        )
    })
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
                crate::diagnostics::shown_path(path)
            ),
            format!(
                "make room on the disk (or build elsewhere with --output-dir) and build again; \
                 what this build had written was removed, and {} is as it was",
                crate::diagnostics::shown_path(dir)
            ),
        )
    } else {
        Refused::new(
            format!(
                "cannot write {}: {error}",
                crate::diagnostics::shown_path(path)
            ),
            format!(
                "check that you may write in {}; what this build had written was removed, and \
                 {} is as it was",
                path.parent().unwrap_or(path).display(),
                crate::diagnostics::shown_path(dir)
            ),
        )
    }
}

#[cfg(test)]
mod tests;
