//! A build never loses a user's files (#14): it only replaces an output folder that it
//! made itself, and a build that fails, on a full disk too, leaves the last good site and
//! every other file as they were.

use crate::site_test::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// What a folder holds, folders and links included: a link by its target, a file by its
/// bytes.
#[derive(Debug, PartialEq, Eq)]
enum Entry {
    Folder,
    Link(PathBuf),
    File(Vec<u8>),
}

impl crate::assert::Shown for Entry {
    fn shown(&self) -> String {
        match self {
            Entry::Folder => "(a folder)\n".to_string(),
            Entry::Link(target) => format!("(a link to {})\n", target.display()),
            Entry::File(bytes) => bytes.shown(),
        }
    }
}

fn tree(dir: &Path) -> BTreeMap<PathBuf, Entry> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .map(|e| e.unwrap())
        .map(|e| {
            let entry = if e.path_is_symlink() {
                Entry::Link(std::fs::read_link(e.path()).unwrap())
            } else if e.file_type().is_dir() {
                Entry::Folder
            } else {
                Entry::File(std::fs::read(e.path()).unwrap())
            };
            (e.path().strip_prefix(dir).unwrap().to_path_buf(), entry)
        })
        .collect()
}

fn build_into(site: &TestSite, output_dir: impl AsRef<std::ffi::OsStr>) -> Output {
    Command::new(BIN)
        .arg("build")
        .arg("--output-dir")
        .arg(output_dir)
        .arg("--root")
        .arg(site.root())
        .output()
        .unwrap()
}

/// Runs the build, expects it refused with `expected` in its message, and every file
/// under `watched` (the site's folder, or the one around it) exactly as it was.
fn assert_refused(
    site: &TestSite,
    output_dir: impl AsRef<std::ffi::OsStr>,
    watched: &Path,
    expected: &str,
) {
    let before = tree(watched);
    assert!(before.len() > 10);
    let output_dir = output_dir.as_ref();
    let out = build_into(site, output_dir);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{output_dir:?}:\n{stderr}");
    assert_contains!(stderr, expected, "{output_dir:?}");
    assert_contains!(stderr, "\n    hint: ");
    assert_contains!(stderr, "Nothing was published:");
    assert_lacks!(stderr, "panicked");
    assert_lacks!(stderr, "os error");
    same_files(
        &before,
        &tree(watched),
        &format!("{output_dir:?}: files changed"),
    );
}

/// The basic site with files of the user's own in templates/ and static/ too.
fn site_with_theme() -> TestSite {
    let site = TestSite::new("basic");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    site.write(
        "templates/404.html",
        std::fs::read(repo.join("templates/404.html")).unwrap(),
    );
    site.write(
        "static/favicon.svg",
        std::fs::read(repo.join("static/favicon.svg")).unwrap(),
    );
    site
}

#[test]
fn a_folder_of_the_users_own_is_refused_every_time() {
    let site = TestSite::new("basic");
    site.write("docs/notes.txt", "my notes");
    site.write("docs/sub/plan.odt", [0u8, 1, 2, 255]);
    for _ in 0..2 {
        assert_refused(
            &site,
            "docs",
            site.root(),
            "docs holds files that jaarverslag did not make (notes.txt, sub)",
        );
    }
    assert!(!site.path(".docs.jaarverslag").exists());
    // A side folder of the user's own is refused the same way.
    site.write(".public.jaarverslag/keep.txt", "mine too");
    assert_refused(
        &site,
        "public",
        site.root(),
        ".public.jaarverslag (the folder in which the build of",
    );
}

#[test]
fn the_sites_own_folder_is_refused_however_it_is_spelled() {
    let site = site_with_theme();
    site.write("notes.txt", "my notes");
    let name = site.root().file_name().unwrap().to_str().unwrap();
    let expected = "is the site's own folder";
    assert_refused(&site, ".", site.root(), expected);
    assert_refused(&site, format!("../{name}"), site.root(), expected);
    assert_refused(&site, site.root(), site.root(), expected);
    assert_refused(&site, format!("public/../../{name}"), site.root(), expected);
    // A folder that holds the site (the temporary folder, where other tests write: only
    // the site is watched).
    assert_refused(&site, "..", site.root(), "holds the site's folder");
}

#[test]
fn the_sites_source_folders_are_refused() {
    let site = site_with_theme();
    for folder in ["content", "templates", "static"] {
        assert_refused(&site, folder, site.root(), "is the site's folder");
        assert_refused(
            &site,
            format!("{folder}/out"),
            site.root(),
            "lies inside the site's folder",
        );
        assert_refused(
            &site,
            format!("{folder}/years"),
            site.root(),
            "lies inside the site's folder",
        );
        let absolute = site.root().canonicalize().unwrap().join(folder);
        assert_refused(&site, absolute, site.root(), "is the site's folder");
    }
}

#[test]
fn an_output_that_is_a_symbolic_link_is_refused() {
    let site = TestSite::new("basic");
    site.build_whole_ok();
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::write(elsewhere.path().join("precious.txt"), "keep me").unwrap();
    let target = elsewhere.path().join("site");
    copy_dir(&site.path("public"), &target);
    std::fs::write(target.join("precious.txt"), "keep me too").unwrap();
    std::fs::rename(site.path("public"), site.path("old-public")).unwrap();
    std::os::unix::fs::symlink(&target, site.path("public")).unwrap();
    let outside = tree(elsewhere.path());
    // Even when the link leads to a folder that jaarverslag made.
    assert_refused(
        &site,
        "public",
        site.root(),
        "public is a symbolic link (to ",
    );
    same_files(&outside, &tree(elsewhere.path()), "outside the site");
    // And a link that leads to an empty folder.
    let empty = elsewhere.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    std::os::unix::fs::symlink(&empty, site.path("out")).unwrap();
    assert_refused(&site, "out", site.root(), "out is a symbolic link");
    assert_eq!(std::fs::read_dir(&empty).unwrap().count(), 0);
}

#[test]
fn an_empty_folder_is_taken_over_and_the_mark_is_no_page() {
    let site = TestSite::new("basic");
    std::fs::create_dir(site.path("public")).unwrap();
    let stdout = site.build_whole_ok();
    let counted: usize = stdout
        .split(" files (")
        .next()
        .and_then(|s| s.rsplit(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no file count in {stdout}"));
    let files = snapshot(&site.path("public"));
    // Every file counted, and the mark besides.
    assert_eq!(files.len(), counted + 1, "{stdout}");
    let mark = &files[Path::new(".jaarverslag")];
    assert!(String::from_utf8_lossy(mark).starts_with("Made by jaarverslag"));
    assert_lacks!(
        String::from_utf8_lossy(&files[Path::new("sitemap.xml")]),
        ".jaarverslag"
    );
    // The next builds take the marked folders as their own; check and the link check
    // see nothing of the mark.
    site.build_whole_ok();
    site.build_whole_ok();
    same_files(&files, &snapshot(&site.path("public")), "the next builds");
    site.check().expect_success();
}

#[test]
fn a_second_file_at_one_path_fails_the_build() {
    // A static file where the build makes one itself.
    let site = TestSite::new("basic");
    site.build_whole_ok();
    site.write("static/robots.txt", "User-agent: *\nDisallow: /\n");
    let before = tree(site.root());
    site.build()
        .expect_failure()
        .stderr_contains("robots.txt")
        .stderr_contains("hint: ")
        .stderr_lacks("panicked");
    same_files(&before, &tree(site.root()), "files changed");
}

/// Runs a build that may write no file larger than 50 kB, as on a full disk: with
/// SIGXFSZ ignored (which exec keeps), a write past the limit fails with EFBIG.
fn build_on_a_full_disk(site: &TestSite) -> Output {
    Command::new("bash")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 50; exec \"$0\" build --root \"$1\"")
        .arg(BIN)
        .arg(site.root())
        .output()
        .unwrap()
}

/// A publication whose page is far larger than 50 kB.
fn add_a_large_publication(site: &TestSite) {
    site.write(
        "content/publications/groot.md",
        format!(
            "---\ntitle: Groot\ndate: 2021-05-18\nkind: persbericht\n---\n{}\n",
            "Een lange alinea over het werk van het jaar, zonder cijfers. ".repeat(3000)
        ),
    );
}

fn assert_no_room(out: &Output) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_contains!(stderr, "there is no room for it");
    assert_contains!(stderr, "hint: make room on the disk");
    assert_contains!(stderr, "Nothing was published:");
}

#[test]
fn a_build_that_fills_the_disk_frees_what_it_wrote() {
    let site = TestSite::new("basic");
    // The previous site is in public/, the one before it in the side folder.
    site.build_whole_ok();
    site.replace("content/pages/over.md", "Wie we zijn.", "Wie wij zijn.");
    site.build_whole_ok();
    let side = site.path(".public.jaarverslag");
    let (public_before, side_before) = (tree(&site.path("public")), tree(&side));
    site.replace("content/pages/over.md", "Wie wij zijn.", "Wie zijn wij.");
    add_a_large_publication(&site);
    let out = build_on_a_full_disk(&site);
    assert_no_room(&out);
    same_files(
        &public_before,
        &tree(&site.path("public")),
        "public/ changed",
    );
    // What is left in the side folder is part of the site before, byte for byte: the
    // files this build wrote (the changed page among them) are gone again.
    let side_after = tree(&side);
    for (path, entry) in &side_after {
        assert_eq!(side_before.get(path), Some(entry), "{}", path.display());
    }
    assert!(!side_after
        .keys()
        .any(|p| p.to_string_lossy().contains("groot")));
    // Without the limit, the same build succeeds.
    site.build_whole_ok();
    assert!(site.read("public/publicaties/groot/index.html").len() > 51_200);
}

#[test]
fn a_first_build_that_fills_the_disk_leaves_nothing() {
    let site = TestSite::new("basic");
    add_a_large_publication(&site);
    let before = tree(site.root());
    let out = build_on_a_full_disk(&site);
    assert_no_room(&out);
    same_files(&before, &tree(site.root()), "files were left");
}
