//! Which folder a build may replace: only one that jaarverslag made itself.
//!
//! A build swaps its output folder with the side folder beside it, and the next build
//! empties that side folder. Pointed at a folder of the user's own (`--output-dir docs`,
//! the site's folder, `content/`, a link to somewhere else), that would move the user's
//! files away and then delete them. So the writer puts a [`MARK`] file in every folder it
//! makes, and it replaces, empties or deletes only a folder that is empty or carries the
//! mark; it never writes through a symbolic link, and never into or around the site's
//! own folders. Every check is made before anything is touched.

use std::fmt;
use std::path::{Component, Path, PathBuf};

pub use crate::output::MARK;

/// What the mark holds: one line that says what made the folder. Only a file that starts
/// with [`MARK_START`] counts.
pub const MARK_TEXT: &str = "Made by jaarverslag: every build replaces this folder whole, so keep nothing of your own in it.\n";
const MARK_START: &str = "Made by jaarverslag";

/// The folders the site is made from: the output may be none of them, be inside none and
/// hold none.
const SOURCES: [&str; 3] = ["content", "templates", "static"];

/// Why a build wrote nothing (and touched nothing) in the output folder, and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub message: String,
    pub hint: String,
}

impl Refused {
    pub(crate) fn new(message: impl Into<String>, hint: impl Into<String>) -> Refused {
        Refused {
            message: message.into(),
            hint: hint.into(),
        }
    }
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Paths in it are the user's: printed with control characters escaped.
        use crate::diagnostics::shown_text;
        write!(
            f,
            "{}\n    hint: {}",
            shown_text(&self.message),
            shown_text(&self.hint)
        )
    }
}

impl std::error::Error for Refused {}

/// Where a build writes: the output folder and the side folder beside it, both with
/// every link and `..` resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Place {
    pub dir: PathBuf,
    pub parent: PathBuf,
    pub name: String,
    pub side: PathBuf,
}

/// Checks that a build may write into `dir` for the site at `root`, touching nothing.
pub(crate) fn place(dir: &Path, root: &Path) -> Result<Place, Refused> {
    let dir = resolve(dir)?;
    let (Some(parent), Some(name)) = (dir.parent(), dir.file_name()) else {
        return Err(Refused::new(
            format!(
                "the output folder {} is the top of the disk",
                crate::diagnostics::shown_path(&dir)
            ),
            "choose a folder of its own as --output-dir, such as public",
        ));
    };
    let Some(name) = name.to_str() else {
        return Err(Refused::new(
            format!(
                "the output folder's name {} is not plain text",
                crate::diagnostics::shown_path(&dir)
            ),
            "choose another --output-dir, with letters, digits and - in its name",
        ));
    };
    let place = Place {
        parent: parent.to_path_buf(),
        side: parent.join(format!(".{name}.jaarverslag")),
        name: name.to_string(),
        dir,
    };
    // The site's folders with every link followed, to the end: what they point to is
    // what must be kept safe.
    let root = root.canonicalize().or_else(|_| resolve(root))?;
    let sources: Vec<PathBuf> = SOURCES
        .iter()
        .map(|s| root.join(s).canonicalize().unwrap_or_else(|_| root.join(s)))
        .collect();
    for folder in [&place.dir, &place.side] {
        if let Some(clash) = clash(folder, &root, &sources) {
            return Err(Refused::new(
                format!("the output folder {}", clash),
                "a build replaces its output folder whole and would take the site's own files \
                 with it: choose a folder of its own as --output-dir, such as public (the default)",
            ));
        }
    }
    ours(
        &place.dir,
        "",
        "move them away, or choose another --output-dir: jaarverslag only replaces a folder \
         that is empty or that it made itself (one with a .jaarverslag file in it). A folder \
         built by a jaarverslag older than this one has no such file either: if that is what \
         it is, delete it and build again",
    )?;
    ours(
        &place.side,
        &format!(
            " (the folder in which the build of {} is made)",
            crate::diagnostics::shown_path(&place.dir)
        ),
        "move them away; jaarverslag uses this folder beside the output folder for its own \
         files. A folder left by a jaarverslag older than this one has no .jaarverslag file \
         either: if that is what it is, delete it and build again",
    )?;
    Ok(place)
}

/// Checks, just before the swap, that the output folder is still one that a build may
/// replace: absent, empty or marked, and not a link.
pub(crate) fn still_ours(dir: &Path) -> Result<(), Refused> {
    ours(
        dir,
        "",
        "move them away, or choose another --output-dir: jaarverslag only replaces a folder \
         that is empty or that it made itself. Files were put in it during the build; the \
         build was not swapped in",
    )
}

/// Why `folder` may not be written, when it is, holds or lies inside the site's folders.
fn clash(folder: &Path, root: &Path, sources: &[PathBuf]) -> Option<String> {
    let shown = crate::diagnostics::shown_path(folder);
    if folder == root {
        return Some(format!("{shown} is the site's own folder"));
    }
    if root.starts_with(folder) {
        return Some(format!(
            "{shown} holds the site's folder {}",
            crate::diagnostics::shown_path(root)
        ));
    }
    for source in sources {
        let what = crate::diagnostics::shown_path(source);
        if folder == source {
            return Some(format!("{shown} is the site's folder {what}"));
        }
        if folder.starts_with(source) {
            return Some(format!("{shown} lies inside the site's folder {what}"));
        }
        if source.starts_with(folder) {
            return Some(format!("{shown} holds the site's folder {what}"));
        }
    }
    None
}

/// Refuses a folder that is a link or a file, or holds files without the mark.
fn ours(folder: &Path, role: &str, hint: &str) -> Result<(), Refused> {
    let shown = crate::diagnostics::shown_path(folder);
    let meta = match std::fs::symlink_metadata(folder) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(cannot_read(folder, &e)),
    };
    if meta.file_type().is_symlink() {
        let target = std::fs::read_link(folder)
            .map(|t| format!(" (to {})", crate::diagnostics::shown_path(&t)))
            .unwrap_or_default();
        return Err(Refused::new(
            format!("{shown}{role} is a symbolic link{target}; jaarverslag does not write through links"),
            "remove the link, or give the folder itself as --output-dir (the same rules then \
             apply to it: it must be empty or made by jaarverslag)",
        ));
    }
    if !meta.is_dir() {
        return Err(Refused::new(
            format!("{shown}{role} exists and is not a folder"),
            "move it away, or choose another --output-dir",
        ));
    }
    if is_marked(folder) {
        return Ok(());
    }
    let entries = std::fs::read_dir(folder).map_err(|e| cannot_read(folder, &e))?;
    let mut names: Vec<String> = entries
        .take(4)
        .map(|e| {
            e.map(|e| e.file_name().to_string_lossy().into_owned())
                .map_err(|e| cannot_read(folder, &e))
        })
        .collect::<Result<_, _>>()?;
    if names.is_empty() {
        return Ok(());
    }
    names.sort();
    if names.len() == 4 {
        names[3] = "...".to_string();
    }
    Err(Refused::new(
        format!(
            "{shown}{role} holds files that jaarverslag did not make ({})",
            names.join(", ")
        ),
        hint,
    ))
}

fn cannot_read(folder: &Path, error: &std::io::Error) -> Refused {
    Refused::new(
        format!(
            "cannot read {}: {error}",
            crate::diagnostics::shown_path(folder)
        ),
        "check that the folder exists and that you may read it, or choose another --output-dir",
    )
}

/// Whether `folder` holds the mark: a plain file (not a link) that starts as jaarverslag
/// writes it.
pub(crate) fn is_marked(folder: &Path) -> bool {
    let mark = folder.join(MARK);
    match std::fs::symlink_metadata(&mark) {
        Ok(meta) if meta.is_file() && meta.len() < 4096 => {
            std::fs::read(&mark).is_ok_and(|text| text.starts_with(MARK_START.as_bytes()))
        }
        _ => false,
    }
}

/// The absolute path, with every link and `..` resolved except a link in the last part
/// (which must be seen as a link, not followed). A part that does not exist yet is taken
/// as written; a `..` after it goes back one part, as creating the folders would.
fn resolve(path: &Path) -> Result<PathBuf, Refused> {
    let path = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map_err(|e| {
                Refused::new(
                    format!("cannot read the current folder: {e}"),
                    "run jaarverslag from a folder that exists, or give --root as a full path",
                )
            })?
            .join(path)
    };
    let parts: Vec<Component> = path.components().collect();
    let mut real = PathBuf::new();
    for (i, part) in parts.iter().enumerate() {
        match part {
            Component::Prefix(_) | Component::RootDir => real.push(part.as_os_str()),
            Component::CurDir => {}
            Component::ParentDir => {
                real.pop();
            }
            Component::Normal(name) => {
                real.push(name);
                if i + 1 < parts.len() {
                    if let Ok(canonical) = real.canonicalize() {
                        real = canonical;
                    }
                }
            }
        }
    }
    Ok(real)
}

/// Removes the folders that a killed build left beside the output (`.public.old-<pid>`
/// from the two-rename swap, `.public.new-<pid>` from older versions), but only those
/// that carry the mark: anything else with such a name is left alone.
pub(crate) fn remove_leftovers(parent: &Path, name: &str) -> anyhow::Result<()> {
    use anyhow::Context as _;
    let prefixes = [format!(".{name}.new-"), format!(".{name}.old-")];
    let entries = std::fs::read_dir(parent)
        .with_context(|| format!("cannot read {}", crate::diagnostics::shown_path(parent)))?;
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let file_name = file_name.to_string_lossy();
        let path = entry.path();
        if prefixes.iter().any(|p| file_name.starts_with(p.as_str()))
            && entry.file_type().is_ok_and(|t| t.is_dir())
            && is_marked(&path)
        {
            std::fs::remove_dir_all(&path).with_context(|| {
                format!("cannot remove {}", crate::diagnostics::shown_path(&path))
            })?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A site folder with its three source folders, each holding a file.
    fn site() -> tempfile::TempDir {
        let tmp = tempfile::tempdir().unwrap();
        for s in SOURCES {
            std::fs::create_dir_all(tmp.path().join("site").join(s)).unwrap();
            std::fs::write(tmp.path().join("site").join(s).join("x"), "mine").unwrap();
        }
        tmp
    }

    fn refused(dir: &Path, root: &Path) -> String {
        place(dir, root).unwrap_err().message
    }

    #[test]
    fn a_new_or_empty_or_marked_folder_is_fine() {
        let tmp = site();
        let root = tmp.path().join("site");
        let real_root = root.canonicalize().unwrap();
        let place = place(&root.join("public"), &root).unwrap();
        assert_eq!(place.dir, real_root.join("public"));
        assert_eq!(place.side, real_root.join(".public.jaarverslag"));
        assert_eq!(place.name, "public");
        // Folders that do not exist yet, and a `..` through one of them.
        assert!(super::place(&root.join("a/b/public"), &root).is_ok());
        let through = super::place(&root.join("a/../out"), &root).unwrap();
        assert_eq!(through.dir, real_root.join("out"));
        std::fs::create_dir(root.join("empty")).unwrap();
        assert!(super::place(&root.join("empty"), &root).is_ok());
        std::fs::create_dir(root.join("made")).unwrap();
        std::fs::write(root.join("made/index.html"), "x").unwrap();
        std::fs::write(root.join("made").join(MARK), MARK_TEXT).unwrap();
        assert!(super::place(&root.join("made"), &root).is_ok());
    }

    #[test]
    fn a_folder_with_files_and_no_mark_is_refused() {
        let tmp = site();
        let root = tmp.path().join("site");
        std::fs::create_dir(root.join("docs")).unwrap();
        std::fs::write(root.join("docs/notes.txt"), "mine").unwrap();
        let message = refused(&root.join("docs"), &root);
        assert!(
            message.ends_with("docs holds files that jaarverslag did not make (notes.txt)"),
            "{message}"
        );
        // A mark that is a link, or that says something else, is no mark.
        std::os::unix::fs::symlink(root.join("elsewhere"), root.join("docs").join(MARK)).unwrap();
        assert!(place(&root.join("docs"), &root).is_err());
        std::fs::remove_file(root.join("docs").join(MARK)).unwrap();
        std::fs::write(root.join("docs").join(MARK), "my own notes").unwrap();
        assert!(place(&root.join("docs"), &root).is_err());
        // The side folder is held to the same rule.
        std::fs::create_dir(root.join(".public.jaarverslag")).unwrap();
        std::fs::write(root.join(".public.jaarverslag/notes.txt"), "mine").unwrap();
        let message = refused(&root.join("public"), &root);
        assert!(message.contains(".public.jaarverslag (the folder in which the build of"));
        assert!(message.contains("holds files that jaarverslag did not make (notes.txt)"));
    }

    #[test]
    fn the_site_and_its_folders_are_refused_however_they_are_spelled() {
        let tmp = site();
        let root = tmp.path().join("site");
        let name = |p: &str| refused(&root.join(p), &root);
        assert!(
            name(".").ends_with("is the site's own folder"),
            "{}",
            name(".")
        );
        assert!(name("../site").ends_with("is the site's own folder"));
        assert!(refused(&root.canonicalize().unwrap(), &root).ends_with("is the site's own folder"));
        assert!(name("..").contains("holds the site's folder"));
        assert!(name("/").contains("is the top of the disk"));
        for s in SOURCES {
            assert!(name(s).contains("is the site's folder"), "{s}");
            assert!(name(&format!("{s}/out")).contains("lies inside the site's folder"));
            assert!(name(&format!("{s}/new/deeper")).contains("lies inside"));
            assert!(name(&format!("public/../{s}")).contains("is the site's folder"));
        }
        // Through a link to the site's folder, in the middle of the path.
        std::os::unix::fs::symlink(&root, tmp.path().join("link")).unwrap();
        assert!(refused(&tmp.path().join("link/content"), &root).contains("is the site's folder"));
        // The site given through a link is the same site.
        assert!(refused(&root.join("content"), &tmp.path().join("link")).contains("is the site's"));
        // A source folder that is a link: what it points to is protected.
        let shared = tmp.path().join("shared-templates");
        std::fs::create_dir(&shared).unwrap();
        std::fs::remove_dir_all(root.join("templates")).unwrap();
        std::os::unix::fs::symlink(&shared, root.join("templates")).unwrap();
        assert!(refused(&shared, &root).contains("is the site's folder"));
    }

    #[test]
    fn a_symbolic_link_is_refused_not_followed() {
        let tmp = site();
        let root = tmp.path().join("site");
        let target = tmp.path().join("target");
        std::fs::create_dir(&target).unwrap();
        std::os::unix::fs::symlink(&target, root.join("public")).unwrap();
        let message = refused(&root.join("public"), &root);
        assert!(message.contains("is a symbolic link (to "), "{message}");
        // Even to an empty folder, and a link that leads nowhere.
        std::os::unix::fs::symlink(tmp.path().join("nowhere"), root.join("out")).unwrap();
        assert!(refused(&root.join("out"), &root).contains("is a symbolic link"));
    }

    #[test]
    fn only_marked_leftovers_are_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let ours = tmp.path().join(".public.old-123");
        std::fs::create_dir_all(ours.join("a")).unwrap();
        std::fs::write(ours.join(MARK), MARK_TEXT).unwrap();
        let theirs = tmp.path().join(".public.new-456");
        std::fs::create_dir(&theirs).unwrap();
        std::fs::write(theirs.join("notes.txt"), "mine").unwrap();
        let file = tmp.path().join(".public.old-789");
        std::fs::write(&file, "a file").unwrap();
        remove_leftovers(tmp.path(), "public").unwrap();
        assert!(!ours.exists());
        assert_eq!(std::fs::read(theirs.join("notes.txt")).unwrap(), b"mine");
        assert_eq!(std::fs::read(&file).unwrap(), b"a file");
    }
}
