//! Which files under `content/`, `templates/` and `static/` are the site's, and which are
//! left there by editors and operating systems: one rule for the loader, the theme, serve's
//! watcher and build.rs (which embeds the default theme and includes this file by path, so
//! it must not use anything from the crate).
//!
//! An editor writes its side files next to the file being edited, and a build that read
//! them failed (`content/pages/#over.md#`: "expected a Markdown file") or published them
//! (`static/.DS_Store`). A skipped folder is skipped with everything in it.

/// Endings of editors' side files.
const SKIPPED_ENDINGS: [&str; 6] = [
    // Backups: Emacs, vim with `backup`, gedit, nano.
    "~",
    // vim's swap files, when one is already taken (`over.md.swo`) or not hidden.
    ".swp",
    ".swo",
    ".swx",
    // JetBrains' "safe write": the new text goes into a side file first.
    "___jb_tmp___",
    "___jb_old___",
];

/// The one hidden folder a site may publish (RFC 8615).
const WELL_KNOWN: &str = ".well-known";

/// Whether a file or folder of this name is skipped by every reader of the site's sources:
///
/// - hidden names (`.DS_Store`, `.git/`, vim's `.over.md.swp`, Emacs' lock `.#over.md`),
///   except `.well-known/`, the folder a site publishes `security.txt` and the like in
///   (RFC 8615);
/// - backups ending in `~`;
/// - Emacs' autosaves, `#over.md#`;
/// - vim's swap files ending in `.swp`, `.swo`, `.swx`, and `4913`, the file vim makes to
///   test whether it may write in a folder;
/// - JetBrains' side files ending in `___jb_tmp___` and `___jb_old___`;
/// - `Thumbs.db` (Windows' thumbnails; any case);
/// - the lock files of spreadsheet and word-processor programs while a file is open:
///   Microsoft Office's `~$figures.xlsx` (LibreOffice's `.~lock.figures.ods#` is hidden).
pub fn is_skipped(name: &str) -> bool {
    (name.starts_with('.') && name != WELL_KNOWN)
        || name.starts_with("~$")
        || (name.len() > 1 && name.starts_with('#') && name.ends_with('#'))
        || SKIPPED_ENDINGS.iter().any(|end| name.ends_with(end))
        || name == "4913"
        || name.eq_ignore_ascii_case("Thumbs.db")
}

/// Whether a path (relative to the site's root, or to one of its source folders) is
/// skipped: whether any of its parts is.
pub fn is_skipped_path(relative: &std::path::Path) -> bool {
    relative
        .components()
        .any(|part| matches!(part, std::path::Component::Normal(name) if is_skipped(&name.to_string_lossy())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// Every kind of side file the rule is for, as the tools name them.
    const SIDE_FILES: [&str; 19] = [
        ".DS_Store",
        ".git",
        ".hidden.md",
        ".over.md.swp",
        ".#over.md",
        "#over.md#",
        "over.md~",
        "over.md.swo",
        "over.md.swx",
        "over.md.swp",
        "4913",
        "over.md___jb_tmp___",
        "over.md___jb_old___",
        "Thumbs.db",
        "thumbs.db",
        "~",
        "~$figures.xlsx",
        "~$gures.xlsx",
        ".~lock.figures.ods#",
    ];

    #[test]
    fn well_known_is_the_sites_own() {
        assert!(!is_skipped(".well-known"));
        assert!(!is_skipped_path(Path::new(".well-known/security.txt")));
        // Side files inside it are still side files.
        assert!(is_skipped_path(Path::new(".well-known/.security.txt.swp")));
        assert!(is_skipped(".well-known~"));
    }

    #[test]
    fn side_files_are_skipped() {
        for name in SIDE_FILES {
            assert!(is_skipped(name), "{name}");
        }
    }

    #[test]
    fn the_sites_own_files_are_not() {
        for name in [
            "over.md",
            "over.fr.md",
            "report.md",
            "figures.yaml",
            "figures.xlsx",
            "figures.ods",
            "figures.csv",
            "~figures.xlsx",
            "site.yaml",
            "2020",
            "49130",
            "style.css",
            "share.png",
            "base.html",
            "i18n",
            "#",
            "#hashtag.md",
            "swp",
            "a.swpx",
            "thumbs.dbx",
            "jb_tmp",
        ] {
            assert!(!is_skipped(name), "{name}");
        }
    }

    #[test]
    fn a_skipped_folder_skips_what_is_in_it() {
        assert!(is_skipped_path(Path::new("static/.git/config")));
        assert!(is_skipped_path(Path::new("content/pages/#over.md#")));
        assert!(is_skipped_path(Path::new(".well/x")));
        assert!(!is_skipped_path(Path::new("static/img/logo.svg")));
        assert!(!is_skipped_path(Path::new("content/pages/over.md")));
        assert!(!is_skipped_path(Path::new("")));
    }
}
