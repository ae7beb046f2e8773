//! The templates and static files a site is rendered with: the default theme compiled
//! into the binary, with the site's own `templates/` and `static/` files laid over it by
//! relative path.

use crate::diagnostics::{relative, Diagnostic, Diagnostics};
use crate::walk::is_skipped;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// A template's text and where it came from, for error messages.
#[derive(Debug, Clone)]
pub struct Template {
    pub text: String,
    /// `templates/x.html` in the site, or `(built-in theme) templates/x.html`.
    pub origin: PathBuf,
}

/// A static file: its bytes, or where it is in the site's static/ folder when it is large
/// and the build need not read it (not a page, a stylesheet or a script, whose bytes are
/// scanned for links or hashed into their name): it is then copied into the output a
/// piece at a time. A 1 GiB file in static/ cost 2 GB of memory when it was read whole
/// (issue 26, case 13).
#[derive(Debug, Clone)]
pub enum StaticFile {
    Bytes(Vec<u8>),
    Path(PathBuf),
}

/// Files from this size on are copied, not read (when they may be).
pub const COPIED_FROM: u64 = 1 << 20;

impl StaticFile {
    /// The bytes, for a file that is held; empty for one that is copied (whose name is
    /// never hashed: see [`StaticFile`]).
    pub fn bytes(&self) -> &[u8] {
        match self {
            StaticFile::Bytes(bytes) => bytes,
            StaticFile::Path(_) => &[],
        }
    }

    /// The file at `path` (named `name` in static/), read only when it is small or read
    /// for its links or its name.
    fn load(name: &str, path: &Path) -> std::io::Result<StaticFile> {
        let read = [".html", ".css", ".js"].iter().any(|e| name.ends_with(e));
        if !read && std::fs::metadata(path)?.len() >= COPIED_FROM {
            return Ok(StaticFile::Path(path.to_path_buf()));
        }
        std::fs::read(path).map(StaticFile::Bytes)
    }
}

#[derive(Debug, Clone, Default)]
pub struct Theme {
    pub templates: BTreeMap<String, Template>,
    pub statics: BTreeMap<String, StaticFile>,
    /// Where each static file came from, for error messages: `static/x` in the site, or
    /// `(built-in theme) static/x`.
    pub static_origins: BTreeMap<String, PathBuf>,
    /// The theme's language files that a site's file of the same name is laid over key by
    /// key (i18n.rs); the site's file is in `templates`.
    pub built_in_strings: BTreeMap<String, Template>,
}

impl Theme {
    pub fn load(root: &Path) -> Result<Theme, Diagnostics> {
        let mut problems = Diagnostics::default();
        let mut theme = Theme::default();
        for (name, bytes) in embedded::TEMPLATES {
            let text = String::from_utf8_lossy(bytes).into_owned();
            let origin = PathBuf::from(format!("(built-in theme) templates/{name}"));
            theme
                .templates
                .insert(name.to_string(), Template { text, origin });
        }
        for (name, bytes) in embedded::STATIC {
            theme
                .statics
                .insert(name.to_string(), StaticFile::Bytes(bytes.to_vec()));
            let origin = PathBuf::from(format!("(built-in theme) static/{name}"));
            theme.static_origins.insert(name.to_string(), origin);
        }
        for (name, path) in site_files(root, "templates", &mut problems) {
            match crate::load::read_text(root, &path) {
                Ok(text) => {
                    let origin = relative(root, &path);
                    if let Some(built_in) = theme.templates.remove(&name) {
                        if name.starts_with("i18n/") {
                            theme.built_in_strings.insert(name.clone(), built_in);
                        }
                    }
                    theme.templates.insert(name, Template { text, origin });
                }
                Err(d) => problems.push(d),
            }
        }
        for (name, path) in site_files(root, "static", &mut problems) {
            match StaticFile::load(&name, &path) {
                Ok(bytes) => {
                    theme
                        .static_origins
                        .insert(name.clone(), relative(root, &path));
                    theme.statics.insert(name, bytes);
                }
                Err(e) => problems.push(Diagnostic::new(
                    relative(root, &path),
                    format!("cannot read: {e}"),
                )),
            }
        }
        problems.into_result(theme)
    }
}

/// The files under `<root>/<folder>/`, by `/`-separated relative name, without editors'
/// side files and hidden files, nor anything in a hidden folder ([`crate::walk`]).
/// Symlinks are reported, not followed, so nothing outside the site is read.
fn site_files(root: &Path, folder: &str, problems: &mut Diagnostics) -> Vec<(String, PathBuf)> {
    let base = root.join(folder);
    if !base.is_dir() {
        return Vec::new();
    }
    let mut files = Vec::new();
    let walk = walkdir::WalkDir::new(&base)
        .sort_by_file_name()
        .into_iter()
        // Pruned, not just passed over: a hidden folder's files are skipped too. Before
        // the symlink check: Emacs' lock `.#x.html` is a dangling link.
        .filter_entry(|e| e.depth() == 0 || !is_skipped(&e.file_name().to_string_lossy()));
    for entry in walk {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e.path().unwrap_or(&base).to_path_buf();
                problems.push(Diagnostic::new(
                    relative(root, &path),
                    format!("cannot read: {e}"),
                ));
                continue;
            }
        };
        if entry.path_is_symlink() {
            problems.push(
                Diagnostic::new(
                    relative(root, entry.path()),
                    "symbolic links are not followed",
                )
                .hint("copy the file into the site instead"),
            );
            continue;
        }
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(&base)
                .unwrap_or(entry.path())
                .to_string_lossy()
                .replace('\\', "/");
            files.push((rel, entry.path().to_path_buf()));
        }
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    /// build.rs embeds the default theme with the same rule (it includes src/walk.rs):
    /// nothing an editor or the system left in templates/ or static/ is compiled in.
    #[test]
    fn the_built_in_theme_has_no_side_files() {
        let names = embedded::TEMPLATES
            .iter()
            .chain(embedded::STATIC)
            .map(|(n, _)| *n);
        for name in names {
            assert!(!crate::walk::is_skipped_path(Path::new(name)), "{name}");
        }
        assert!(embedded::TEMPLATES.iter().any(|(n, _)| *n == "base.html"));
        assert!(embedded::STATIC.iter().any(|(n, _)| *n == "style.css"));
    }

    /// Issue 26, case 13: a large static file is not read, only copied; what the build
    /// reads (a stylesheet, a page) and small files are held.
    #[test]
    fn a_large_static_file_is_copied_not_read() {
        let tmp = tempfile::tempdir().unwrap();
        let big = vec![7u8; COPIED_FROM as usize + 1];
        std::fs::create_dir_all(tmp.path().join("static/docs")).unwrap();
        std::fs::write(tmp.path().join("static/docs/report.pdf"), &big).unwrap();
        std::fs::write(tmp.path().join("static/extra.css"), &big).unwrap();
        std::fs::write(tmp.path().join("static/small.txt"), b"hi").unwrap();
        let theme = Theme::load(tmp.path()).unwrap();
        assert!(matches!(
            &theme.statics["docs/report.pdf"],
            StaticFile::Path(p) if p.ends_with("static/docs/report.pdf")
        ));
        assert!(theme.statics["docs/report.pdf"].bytes().is_empty());
        assert_eq!(theme.statics["extra.css"].bytes().len(), big.len());
        assert_eq!(theme.statics["small.txt"].bytes(), b"hi");
    }
}
