//! Files the user put into the output folder: named before anything is removed.
//!
//! A build swaps the output folder with the side folder, and the build after that empties
//! the side folder of what it does not make. So `public/CNAME` (GitHub Pages' custom
//! domain), put there by hand, was deleted two builds later without a word (issue 26,
//! case 4). Each build now writes the list of the files it made into its output,
//! [`FILE_LIST`] (one more file, which travels with the folder through every swap);
//! before a build touches anything, and again just before its swap, every file of the
//! output folder that is not on that list, and every symbolic link in it, is named with
//! what to do, and the build stops. Without a list (a folder made by an older
//! jaarverslag) only links can be told; the next build writes one.

use super::guard::Refused;
use crate::diagnostics::shown_path;
use crate::output::{FILE_LIST, MARK};
use std::collections::HashSet;
use std::path::Path;

/// How many foreign files a message names.
const NAMED: usize = 8;

/// The text of [`FILE_LIST`] for these paths.
pub(super) fn list_text<'a>(paths: impl Iterator<Item = &'a str>) -> String {
    let mut paths: Vec<&str> = paths.collect();
    paths.sort_unstable();
    let mut text = String::new();
    for path in paths {
        text.push_str(path);
        text.push('\n');
    }
    text
}

/// Refuses the output folder `dir` when it holds a symbolic link, or a file that the build
/// that made it did not make (by its [`FILE_LIST`]).
pub(crate) fn check(dir: &Path) -> Result<(), Refused> {
    if !std::fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir()) {
        return Ok(());
    }
    let list = dir.join(FILE_LIST);
    let text = match std::fs::symlink_metadata(&list) {
        Ok(meta) if meta.is_file() => std::fs::read_to_string(&list).ok(),
        _ => None,
    };
    let made: Option<HashSet<&str>> = text.as_deref().map(|t| t.lines().collect());
    let mut foreign = Vec::new();
    // The first plain file, for the hint's example; whether any is a link.
    let mut example: Option<String> = None;
    let mut links = false;
    for entry in walkdir::WalkDir::new(dir).min_depth(1).sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        let Ok(rel) = entry.path().strip_prefix(dir) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        if rel == MARK || rel == FILE_LIST {
            continue;
        }
        if entry.path_is_symlink() {
            links = true;
            foreign.push(format!("{} (a symbolic link)", shown_path(Path::new(&rel))));
        } else if entry.file_type().is_file()
            && made
                .as_ref()
                .is_some_and(|made| !made.contains(rel.as_str()))
        {
            let shown = shown_path(Path::new(&rel));
            example.get_or_insert_with(|| shown.clone());
            foreign.push(shown);
        }
    }
    if foreign.is_empty() {
        return Ok(());
    }
    let count = foreign.len();
    if count > NAMED {
        foreign.truncate(NAMED);
        foreign.push(format!("and {} more", count - NAMED));
    }
    let shown = shown_path(dir);
    Err(Refused::new(
        format!(
            "{shown} holds {} that jaarverslag did not make: {}; a build would remove {}",
            if count == 1 { "a file" } else { "files" },
            foreign.join(", "),
            if count == 1 { "it" } else { "them" },
        ),
        hint(&shown, example.as_deref(), links),
    ))
}

fn hint(dir: &str, example: Option<&str>, links: bool) -> String {
    let mut hint = String::new();
    if let Some(example) = example {
        hint.push_str(&format!(
            "to publish a file with the site, put it in static/ (static/{example} for \
             {dir}/{example}): every build copies it into the output. Otherwise move it out \
             of {dir}. "
        ));
    }
    if links {
        hint.push_str(
            "A build never writes through a symbolic link: remove the link from the output \
             folder (to publish the file it points to, copy that file into static/). ",
        );
    }
    hint.push_str("Nothing was removed");
    hint
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_files_off_the_list_are_named() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = &tmp.path().join("public");
        std::fs::create_dir_all(dir.join("2021")).unwrap();
        std::fs::write(dir.join("2021/index.html"), "x").unwrap();
        std::fs::write(dir.join(MARK), "Made by jaarverslag").unwrap();
        // Without a list (an older jaarverslag's folder) nothing can be told.
        std::fs::write(dir.join("CNAME"), "jaarverslag.example.org").unwrap();
        assert!(check(dir).is_ok());
        let list = list_text(["2021/index.html"].into_iter());
        std::fs::write(dir.join(FILE_LIST), list).unwrap();
        let refused = check(dir).unwrap_err();
        assert!(
            refused.message.ends_with(
                "holds a file that jaarverslag did not make: CNAME; a build would remove it"
            ),
            "{refused}"
        );
        assert!(
            refused.hint.contains("put it in static/ (static/CNAME for"),
            "{refused}"
        );
        std::fs::remove_file(dir.join("CNAME")).unwrap();
        assert!(check(dir).is_ok());
    }

    #[cfg(unix)]
    #[test]
    fn a_link_is_named_even_at_a_listed_path() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("public");
        std::fs::create_dir(&dir).unwrap();
        std::fs::write(tmp.path().join("notes.txt"), "mine").unwrap();
        std::os::unix::fs::symlink(tmp.path().join("notes.txt"), dir.join("robots.txt")).unwrap();
        // Even without a list.
        let refused = check(&dir).unwrap_err();
        assert!(
            refused.message.contains("robots.txt (a symbolic link)"),
            "{refused}"
        );
        assert!(refused
            .hint
            .starts_with("A build never writes through a symbolic link"));
    }

    #[test]
    fn many_files_are_counted_and_odd_names_escaped() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = &tmp.path().join("public");
        std::fs::create_dir(dir).unwrap();
        std::fs::write(dir.join(FILE_LIST), "").unwrap();
        for i in 0..10 {
            std::fs::write(dir.join(format!("f{i}")), "x").unwrap();
        }
        std::fs::write(dir.join("a\u{1b}]0;pwned\u{7}b"), "x").unwrap();
        let refused = check(dir).unwrap_err();
        assert!(refused.message.contains("and 3 more"), "{refused}");
        assert!(
            refused.message.contains("a\\u{1b}]0;pwned\\u{7}b"),
            "{refused}"
        );
        assert!(!refused.to_string().contains('\u{1b}'));
    }
}
