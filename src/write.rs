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

/// Writes the site into `dir` so that a reader of `dir` never sees half a site: the files
/// go into a fresh folder beside it, which then takes `dir`'s place. A failed or killed
/// build leaves only that side folder behind, which the next build removes.
pub fn write_site(output: &Output, dir: &Path) -> Result<()> {
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

    let staging = parent.join(format!(".{name}.new-{}", std::process::id()));
    for (path, bytes) in output.files() {
        let target = staging.join(path);
        if let Some(folder) = target.parent() {
            std::fs::create_dir_all(folder)
                .with_context(|| format!("cannot create {}", folder.display()))?;
        }
        std::fs::write(&target, bytes)
            .with_context(|| format!("cannot write {}", target.display()))?;
    }
    swap_into_place(&staging, &dir, parent, name)
}

/// Removes the side folders of earlier builds that were killed before they finished.
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

fn swap_into_place(staging: &Path, dir: &Path, parent: &Path, name: &str) -> Result<()> {
    if !dir.exists() {
        return std::fs::rename(staging, dir)
            .with_context(|| format!("cannot move {} to {}", staging.display(), dir.display()));
    }
    #[cfg(target_os = "linux")]
    {
        // One atomic step: the old and the new folder trade places.
        if exchange(staging, dir).is_ok() {
            return std::fs::remove_dir_all(staging)
                .with_context(|| format!("cannot remove the old site {}", staging.display()));
        }
    }
    // Elsewhere, two renames: for a moment `dir` does not exist, but it never holds half a
    // site.
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    std::fs::rename(dir, &old).with_context(|| format!("cannot move {} aside", dir.display()))?;
    std::fs::rename(staging, dir)
        .with_context(|| format!("cannot move {} to {}", staging.display(), dir.display()))?;
    std::fs::remove_dir_all(&old)
        .with_context(|| format!("cannot remove the old site {}", old.display()))
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
        // No side folders are left behind.
        let names: Vec<String> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, vec!["public".to_string()]);
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
