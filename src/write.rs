//! Stage 5: the one writer. A build produces an [`Output`] in memory; [`write_site`] puts
//! it on disk so that the output folder is always a whole site, the old one or the new one.

use anyhow::{bail, Context as _, Result};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Every file of a built site, by its path relative to the output root (`/`-separated).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Output {
    files: BTreeMap<String, Vec<u8>>,
}

impl Output {
    /// Adds a file; two files at one path is a bug in the build, not in the content.
    pub fn add(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        let path = path.into();
        debug_assert!(!path.starts_with('/') && !path.contains(".."), "{path}");
        let previous = self.files.insert(path.clone(), bytes.into());
        debug_assert!(previous.is_none(), "two outputs at {path}");
    }

    /// Moves every file of `other` into this output.
    pub fn extend(&mut self, other: Output) {
        for (path, bytes) in other.files {
            self.add(path, bytes);
        }
    }

    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(Vec::as_slice)
    }

    pub fn contains(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }

    pub fn files(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files.iter().map(|(p, b)| (p.as_str(), b.as_slice()))
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn total_bytes(&self) -> usize {
        self.files.values().map(Vec::len).sum()
    }
}

/// Writes the site into `dir` so that a reader of `dir` never sees half a site.
///
/// The files go into a side folder beside `dir` (`.public.jaarverslag`), which then trades
/// places with `dir` in one atomic step. The side folder is kept: after the swap it holds
/// the previous site, which the next build brings up to date by writing only the files
/// that changed and removing those that went. Deleting and re-creating thousands of files
/// is what makes other generators slow to replace their output; this does neither, and a
/// failed or killed build only ever touches the side folder.
pub fn write_site(output: &Output, dir: &Path) -> Result<WriteStats> {
    let dir = absolute(dir)?;
    let parent = dir
        .parent()
        .with_context(|| format!("the output folder {} has no parent", dir.display()))?;
    let name = dir
        .file_name()
        .and_then(|n| n.to_str())
        .with_context(|| format!("the output folder {} has no name", dir.display()))?;
    std::fs::create_dir_all(parent)
        .with_context(|| format!("cannot create {}", parent.display()))?;
    if dir.exists() && !dir.is_dir() {
        bail!(
            "the output path {} exists and is not a folder: remove it or choose another --output-dir",
            dir.display()
        );
    }
    remove_leftovers(parent, name)?;
    let side = parent.join(format!(".{name}.jaarverslag"));
    let stats = sync(output, &side)?;
    swap_into_place(&side, &dir, parent, name)?;
    Ok(stats)
}

/// What a write did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteStats {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

/// Makes `dir` hold exactly the output: writes new and changed files, leaves identical
/// ones alone, removes the rest.
fn sync(output: &Output, dir: &Path) -> Result<WriteStats> {
    let mut stats = WriteStats::default();
    let mut existing: BTreeMap<PathBuf, bool> = BTreeMap::new(); // path → is a folder
    if dir.is_dir() {
        for entry in walkdir::WalkDir::new(dir).min_depth(1) {
            let entry = entry.with_context(|| format!("cannot read {}", dir.display()))?;
            let is_dir = entry.file_type().is_dir();
            existing.insert(entry.path().to_path_buf(), is_dir);
        }
    } else {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let mut keep: std::collections::HashSet<PathBuf> = std::collections::HashSet::new();
    let mut created: std::collections::HashSet<PathBuf> = std::collections::HashSet::new();
    for (path, bytes) in output.files() {
        let target = dir.join(path);
        // Every folder on the way is kept too.
        let mut folder = target.parent();
        while let Some(f) = folder.filter(|f| *f != dir) {
            if !keep.insert(f.to_path_buf()) {
                break;
            }
            folder = f.parent();
        }
        keep.insert(target.clone());
        match existing.get(&target) {
            Some(false) if same_content(&target, bytes) => {
                stats.unchanged += 1;
                continue;
            }
            Some(true) => std::fs::remove_dir_all(&target)
                .with_context(|| format!("cannot remove {}", target.display()))?,
            _ => {}
        }
        if let Some(folder) = target.parent() {
            // One mkdir per new folder, not one walk up the path per file.
            if !existing.get(folder).copied().unwrap_or(false)
                && created.insert(folder.to_path_buf())
            {
                // A file where a folder must now be (a page became a section).
                for ancestor in folder.ancestors().take_while(|a| *a != dir) {
                    if existing.get(ancestor) == Some(&false) {
                        std::fs::remove_file(ancestor)
                            .with_context(|| format!("cannot remove {}", ancestor.display()))?;
                    }
                }
                std::fs::create_dir_all(folder)
                    .with_context(|| format!("cannot create {}", folder.display()))?;
            }
        }
        std::fs::write(&target, bytes)
            .with_context(|| format!("cannot write {}", target.display()))?;
        stats.written += 1;
    }
    // Deepest first, so folders are empty when their turn comes.
    for (path, is_dir) in existing.iter().rev() {
        if keep.contains(path) {
            continue;
        }
        let result = if *is_dir {
            std::fs::remove_dir_all(path)
        } else {
            std::fs::remove_file(path)
        };
        match result {
            Ok(()) => stats.removed += 1,
            // Already gone with its folder, or its folder is now a file.
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
                ) => {}
            Err(e) => return Err(e).with_context(|| format!("cannot remove {}", path.display())),
        }
    }
    Ok(stats)
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
}
