//! One build per output folder at a time.
//!
//! Two builds into one output folder both wrote into the one side folder, and 18 of 40
//! rounds of two builds at once left a site that was neither version (545 files of one
//! build, 45 search files of the other, 43 stale ones; issue 26). So a disk writer holds
//! a lock beside the output folder, `.<name>.jaarverslag.lock`, from before it looks at
//! the side folder until it is committed or dropped.
//!
//! The lock is the operating system's (`flock`, through [`std::fs::File::try_lock`]): it
//! goes with the process, so a build that was killed holds nothing. The file holds the
//! process id of the build that holds it, for the message of a build that is refused,
//! and is removed when the build ends; one that is still there, but not held, is the
//! lock of a build that was killed, taken over with a note. A lock is taken, then checked
//! to be the file that is at the path (another build may have removed it in between), and
//! the file is never opened through a symbolic link.

use super::guard::Refused;
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read as _, Seek as _, Write as _};
use std::path::{Path, PathBuf};

/// A held lock; dropping it removes the file and lets go.
#[derive(Debug)]
pub(crate) struct BuildLock {
    file: File,
    path: PathBuf,
}

impl Drop for BuildLock {
    fn drop(&mut self) {
        // Removed while still held: a build that opened it meanwhile finds, after it got
        // the lock, that the file is no longer at the path, and tries again.
        let _ = std::fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

/// The lock's path for the output folder `name` in `parent`.
pub(crate) fn path(parent: &Path, name: &str) -> PathBuf {
    parent.join(format!(".{name}.jaarverslag.lock"))
}

/// Takes the lock of the output folder `dir`: the lock and, when it took over the lock of
/// a build that was killed, a note saying so.
pub(crate) fn take(
    parent: &Path,
    name: &str,
    dir: &Path,
) -> Result<(BuildLock, Option<String>), Refused> {
    let path = path(parent, name);
    // Three tries: each failed one means another build ended in between.
    for _ in 0..3 {
        let mut file = open(&path)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                // The other build writes its id just after it took the lock: a moment.
                let mut holder = read_pid(&mut file);
                for _ in 0..10 {
                    if holder.is_some() {
                        break;
                    }
                    std::thread::sleep(std::time::Duration::from_millis(20));
                    holder = read_pid(&mut file);
                }
                return Err(busy(dir, holder.as_deref()));
            }
            Err(TryLockError::Error(e)) => return Err(cannot_lock(&path, &e)),
        }
        if !same_file(&file, &path) {
            continue;
        }
        let stale = read_pid(&mut file);
        let note = stale.map(|pid| {
            format!(
                "a build into {} (process {pid}) ended without finishing; its lock {} was \
                 taken over",
                crate::diagnostics::shown_path(dir),
                crate::diagnostics::shown_path(&path)
            )
        });
        let mine = format!("{}\n", std::process::id());
        file.set_len(0)
            .and_then(|()| file.rewind())
            .and_then(|()| file.write_all(mine.as_bytes()))
            .map_err(|e| cannot_lock(&path, &e))?;
        return Ok((BuildLock { file, path }, note));
    }
    Err(busy(dir, None))
}

fn open(path: &Path) -> Result<File, Refused> {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true);
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        // A link planted at the lock's name is not followed (and its target not emptied).
        options.custom_flags(libc::O_NOFOLLOW);
    }
    #[cfg(not(target_os = "linux"))]
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(cannot_lock(
            path,
            &std::io::Error::other("it is a symbolic link"),
        ));
    }
    options.open(path).map_err(|e| cannot_lock(path, &e))
}

/// Whether `file` is still the file at `path`.
fn same_file(file: &File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        match (file.metadata(), std::fs::symlink_metadata(path)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = file;
        path.is_file()
    }
}

/// The process id the lock file names, if it names one.
fn read_pid(file: &mut File) -> Option<String> {
    let mut text = String::new();
    file.rewind().ok()?;
    file.take(64).read_to_string(&mut text).ok()?;
    let pid = text.trim();
    (!pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit())).then(|| pid.to_string())
}

fn busy(dir: &Path, holder: Option<&str>) -> Refused {
    let who = holder.map_or("another process".to_string(), |pid| {
        format!("process {pid}")
    });
    Refused::new(
        format!(
            "another build is writing into {} right now ({who}); two builds at once would \
             leave a site that is neither version",
            crate::diagnostics::shown_path(dir)
        ),
        match holder {
            Some(pid) => format!(
                "wait until that build has finished and build again, or stop it first (kill \
                 {pid}); to build both at once, give one of them another --output-dir"
            ),
            None => "wait until that build has finished and build again; to build both at \
                     once, give one of them another --output-dir"
                .to_string(),
        },
    )
}

fn cannot_lock(path: &Path, error: &std::io::Error) -> Refused {
    Refused::new(
        format!(
            "cannot lock {}: {error}",
            crate::diagnostics::shown_path(path)
        ),
        format!(
            "check that you may write in {}, and that nothing else is at that name",
            path.parent().unwrap_or(path).display()
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_build_is_refused_and_names_the_first() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("public");
        let (held, note) = take(tmp.path(), "public", &dir).unwrap();
        assert_eq!(note, None);
        let refused = take(tmp.path(), "public", &dir).unwrap_err();
        let me = std::process::id().to_string();
        assert!(
            refused.message.contains("another build is writing into"),
            "{refused}"
        );
        assert!(
            refused.message.contains(&format!("(process {me})")),
            "{refused}"
        );
        assert!(refused.hint.contains(&format!("kill {me}")), "{refused}");
        // Another output folder beside it has its own lock.
        assert!(take(tmp.path(), "other", &tmp.path().join("other")).is_ok());
        drop(held);
        // Let go, and nothing is left beside the output.
        assert!(!path(tmp.path(), "public").exists());
        let (_again, note) = take(tmp.path(), "public", &dir).unwrap();
        assert_eq!(note, None);
    }

    #[test]
    fn the_lock_of_a_killed_build_is_taken_over_with_a_note() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("public");
        // What a killed build leaves: the file with its id, held by no one.
        std::fs::write(path(tmp.path(), "public"), "4242\n").unwrap();
        let (_held, note) = take(tmp.path(), "public", &dir).unwrap();
        let note = note.unwrap();
        assert!(
            note.contains("(process 4242) ended without finishing"),
            "{note}"
        );
        let text = std::fs::read_to_string(path(tmp.path(), "public")).unwrap();
        assert_eq!(text, format!("{}\n", std::process::id()));
    }

    #[cfg(unix)]
    #[test]
    fn a_link_at_the_locks_name_is_not_followed() {
        let tmp = tempfile::tempdir().unwrap();
        let notes = tmp.path().join("notes.txt");
        std::fs::write(&notes, "mine").unwrap();
        std::os::unix::fs::symlink(&notes, path(tmp.path(), "public")).unwrap();
        let refused = take(tmp.path(), "public", &tmp.path().join("public")).unwrap_err();
        assert!(refused.message.starts_with("cannot lock"), "{refused}");
        assert_eq!(std::fs::read_to_string(&notes).unwrap(), "mine");
    }
}
