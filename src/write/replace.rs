//! Writing one file of the side folder: always as a new file, renamed into place.
//!
//! `fs::write` opens the path that is there and truncates it. In the side folder that
//! path may be a symbolic link (one put into the output, which the next build's swap
//! brings here), and the write went through it: `ln -s ~/notes.txt public/robots.txt`
//! and two builds later notes.txt held robots.txt. Or it may be a hard link (`cp -al
//! public backup`, a deploy that links into a web root), and the copy changed with it
//! (issue 26, cases 1 and 2). A file written under a new name in the same folder and
//! renamed over the path replaces whatever the path was, link or file, and leaves what a
//! link led to, or shared, as it was.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// What a file of the output is made of: bytes the build made, or a file of the site
/// (a static file) copied as it is, a piece at a time, never read whole (a 1 GiB file in
/// static/ cost 2 GB of memory when it was read; issue 26, case 13).
#[derive(Debug, Clone, Copy)]
pub(super) enum Source<'a> {
    Bytes(&'a [u8]),
    File(&'a Path),
}

/// Writes `source` to `target` as a new file renamed into place. `counter` makes each
/// temporary name unique within the build; the process id, across builds (a killed build
/// leaves its temporary file, which the next one removes as a file it did not make).
pub(super) fn write_new(
    target: &Path,
    source: Source<'_>,
    counter: &AtomicUsize,
) -> std::io::Result<()> {
    let temporary = temporary_name(target, counter.fetch_add(1, Ordering::Relaxed));
    let written = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temporary)?;
        match source {
            Source::Bytes(bytes) => file.write_all(bytes)?,
            // Between two files, std's copy lets the kernel copy (copy_file_range).
            Source::File(from) => {
                std::io::copy(&mut std::fs::File::open(from)?, &mut file)?;
            }
        }
        std::fs::rename(&temporary, target)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written
}

/// Whether the file at `path` is a regular file holding exactly what `source` holds (a
/// file source is compared a piece at a time).
pub(super) fn same_content(path: &Path, source: Source<'_>) -> bool {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return false;
    };
    match source {
        Source::Bytes(bytes) => {
            meta.is_file()
                && meta.len() == bytes.len() as u64
                && std::fs::read(path).is_ok_and(|old| old == bytes)
        }
        Source::File(from) => {
            meta.is_file()
                && std::fs::metadata(from).is_ok_and(|m| m.len() == meta.len())
                && same_files(path, from).unwrap_or(false)
        }
    }
}

/// Whether two files of the same length hold the same bytes, read 64 KiB at a time.
fn same_files(a: &Path, b: &Path) -> std::io::Result<bool> {
    use std::io::Read as _;
    let (mut a, mut b) = (std::fs::File::open(a)?, std::fs::File::open(b)?);
    let (mut x, mut y) = (vec![0u8; 1 << 16], vec![0u8; 1 << 16]);
    loop {
        let n = a.read(&mut x)?;
        if n == 0 {
            // b may not be longer: the lengths were equal.
            return Ok(b.read(&mut y[..1])? == 0);
        }
        b.read_exact(&mut y[..n])?;
        if x[..n] != y[..n] {
            return Ok(false);
        }
    }
}

/// Makes `target` another name of the file `from` (a hard link), under a new name
/// renamed into place as [`write_new`] does; nothing is written into either.
pub(super) fn link_new(from: &Path, target: &Path, counter: &AtomicUsize) -> std::io::Result<()> {
    let temporary = temporary_name(target, counter.fetch_add(1, Ordering::Relaxed));
    let linked =
        std::fs::hard_link(from, &temporary).and_then(|()| std::fs::rename(&temporary, target));
    if linked.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    linked
}

/// `.index.html.<pid>-<n>.new` beside `target`: hidden, so never taken for a page.
fn temporary_name(target: &Path, n: usize) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // A long file name plus the suffix may pass the 255-byte limit of a name.
    let name: String = name.chars().take(120).collect();
    target.with_file_name(format!(".{name}.{}-{n}.new", std::process::id()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_link_is_replaced_not_written_through() {
        let tmp = tempfile::tempdir().unwrap();
        let notes = tmp.path().join("notes.txt");
        std::fs::write(&notes, "mine").unwrap();
        let target = tmp.path().join("robots.txt");
        std::os::unix::fs::symlink(&notes, &target).unwrap();
        write_new(
            &target,
            Source::Bytes(b"User-agent: *"),
            &AtomicUsize::new(0),
        )
        .unwrap();
        assert_eq!(std::fs::read_to_string(&notes).unwrap(), "mine");
        assert!(std::fs::symlink_metadata(&target).unwrap().is_file());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "User-agent: *");
    }

    #[test]
    fn a_hard_linked_copy_is_left_as_it_was() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("index.html");
        std::fs::write(&target, "old").unwrap();
        let backup = tmp.path().join("backup.html");
        std::fs::hard_link(&target, &backup).unwrap();
        write_new(&target, Source::Bytes(b"new"), &AtomicUsize::new(0)).unwrap();
        assert_eq!(std::fs::read_to_string(&backup).unwrap(), "old");
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        // No temporary file is left.
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 2);
    }

    #[test]
    fn a_linked_file_replaces_the_path_and_changes_neither_file() {
        let tmp = tempfile::tempdir().unwrap();
        let from = tmp.path().join("old.html");
        std::fs::write(&from, "same").unwrap();
        let target = tmp.path().join("index.html");
        std::fs::write(&target, "stale").unwrap();
        let backup = tmp.path().join("backup.html");
        std::fs::hard_link(&target, &backup).unwrap();
        link_new(&from, &target, &AtomicUsize::new(0)).unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "same");
        assert_eq!(std::fs::read_to_string(&from).unwrap(), "same");
        // The copy linked to what was at the path keeps its bytes.
        assert_eq!(std::fs::read_to_string(&backup).unwrap(), "stale");
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 3);
    }

    #[test]
    fn a_file_is_copied_and_compared_a_piece_at_a_time() {
        let tmp = tempfile::tempdir().unwrap();
        let from = tmp.path().join("big.bin");
        // More than one piece, and not a whole number of them.
        let bytes: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&from, &bytes).unwrap();
        let target = tmp.path().join("copy.bin");
        write_new(&target, Source::File(&from), &AtomicUsize::new(0)).unwrap();
        assert!(std::fs::read(&target).unwrap() == bytes);
        assert!(same_content(&target, Source::File(&from)));
        assert!(same_content(&target, Source::Bytes(&bytes)));
        // One byte differs at the end; or the length.
        let mut other = bytes.clone();
        *other.last_mut().unwrap() ^= 1;
        std::fs::write(&target, &other).unwrap();
        assert!(!same_content(&target, Source::File(&from)));
        std::fs::write(&target, &bytes[..100]).unwrap();
        assert!(!same_content(&target, Source::File(&from)));
        assert!(!same_content(&tmp.path().join("none"), Source::File(&from)));
    }

    #[test]
    fn a_failed_write_leaves_no_temporary_file() {
        let tmp = tempfile::tempdir().unwrap();
        // The target is a folder with something in it: the rename fails.
        let target = tmp.path().join("a");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("x"), "x").unwrap();
        assert!(write_new(&target, Source::Bytes(b"new"), &AtomicUsize::new(0)).is_err());
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
        // A missing folder is a NotFound, as fs::write's was (the writer makes it then).
        let error = write_new(
            &tmp.path().join("b/c.html"),
            Source::Bytes(b"x"),
            &AtomicUsize::new(0),
        );
        assert_eq!(error.unwrap_err().kind(), std::io::ErrorKind::NotFound);
    }
}
