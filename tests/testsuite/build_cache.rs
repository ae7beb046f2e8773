//! The build cache (issue 29): a build into an empty output folder takes from it what
//! earlier builds made (PNGs, the search index) and makes the same bytes as a build
//! without it; an entry that is damaged or another's is never used.

use crate::run::Run;
use crate::site_test::*;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Builds `site` into `output` (relative to its root) with `extra` arguments; returns
/// the build's cache line ("cache: N taken, N stored, N dropped"), if it printed one.
fn build_into(site: &TestSite, output: &str, extra: &[&str]) -> Option<String> {
    let run = Run::of(
        Command::new(BIN)
            .arg("build")
            .arg("--root")
            .arg(site.root())
            .args(["--output-dir", output])
            .args(extra)
            .env("JAARVERSLAG_TIMINGS", "1")
            .env_remove(jaarverslag::cache::ENV),
    );
    run.expect_success();
    run.stderr
        .lines()
        .find(|l| l.starts_with("cache: "))
        .map(str::to_string)
}

/// The entries of one kind in the cache.
fn entries(cache: &Path, kind: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(cache.join(kind))
        .map(|d| d.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    found.sort();
    found
}

#[test]
fn a_warm_cache_into_an_empty_folder_makes_what_no_cache_makes() {
    let site = TestSite::new("bilingual");
    let cache = site.path(".jaarverslag-cache");
    // Without a cache: nothing is kept.
    assert_eq!(build_into(&site, "without", &["--no-cache"]), None);
    assert!(!cache.exists());
    let without = snapshot(&site.path("without"));
    // The first build with one fills it: every PNG and the search index.
    let first = build_into(&site, "first", &[]).unwrap();
    let pngs = entries(&cache, "png");
    assert!(pngs.len() > 10, "{first}: {pngs:?}");
    assert_eq!(entries(&cache, "search").len(), 1, "{first}");
    assert_eq!(
        first,
        format!("cache: 0 taken, {} stored, 0 dropped", pngs.len() + 1)
    );
    same_files(
        &without,
        &snapshot(&site.path("first")),
        "first/, a cold cache",
    );
    // Into an empty folder, a warm cache draws nothing and makes the same bytes.
    let warm = build_into(&site, "warm", &[]).unwrap();
    assert_eq!(
        warm,
        format!("cache: {} taken, 0 stored, 0 dropped", pngs.len() + 1)
    );
    same_files(
        &without,
        &snapshot(&site.path("warm")),
        "warm/, a warm cache",
    );
}

#[test]
fn a_damaged_or_foreign_cache_entry_is_not_used() {
    let site = TestSite::new("basic");
    let cache = site.path("elsewhere/cache");
    let with_cache = ["--cache-dir", "elsewhere/cache"];
    build_into(&site, "without", &["--no-cache"]);
    let without = snapshot(&site.path("without"));
    build_into(&site, "first", &with_cache).unwrap();
    let pngs = entries(&cache, "png");
    assert!(pngs.len() > 3, "{pngs:?}");
    // One entry cut short, one with a byte changed in its image, one another PNG's
    // entry under its name, and the search index another site's.
    let bytes = std::fs::read(&pngs[0]).unwrap();
    std::fs::write(&pngs[0], &bytes[..bytes.len() / 2]).unwrap();
    let mut bytes = std::fs::read(&pngs[1]).unwrap();
    let middle = bytes.len() - 20;
    bytes[middle] ^= 0x55;
    std::fs::write(&pngs[1], bytes).unwrap();
    std::fs::copy(&pngs[3], &pngs[2]).unwrap();
    let search = entries(&cache, "search");
    let other = TestSite::new("english");
    build_into(&other, "first", &["--cache-dir", "cache"]).unwrap();
    std::fs::copy(&entries(&other.path("cache"), "search")[0], &search[0]).unwrap();

    let again = build_into(&site, "again", &with_cache).unwrap();
    // The four were made again (and stored anew); the others were taken.
    assert_eq!(
        again,
        format!("cache: {} taken, 4 stored, 0 dropped", pngs.len() - 3)
    );
    same_files(&without, &snapshot(&site.path("again")), "again/");
    // Now whole again: the next build takes them all.
    let next = build_into(&site, "next", &with_cache).unwrap();
    assert_eq!(
        next,
        format!("cache: {} taken, 0 stored, 0 dropped", pngs.len() + 1)
    );
}

#[test]
fn a_folder_that_is_not_a_cache_is_left_alone() {
    let site = TestSite::new("basic");
    site.write("notes/todo.txt", "mine");
    let run = site.run(&["build", "--cache-dir", "notes"]);
    run.expect_success()
        .stderr_contains("notes holds files but is not a build cache");
    assert_eq!(site.read("notes/todo.txt"), "mine");
    assert_eq!(std::fs::read_dir(site.path("notes")).unwrap().count(), 1);
    // Nor is a cache ever put into the output folder or the site's own folders.
    site.run(&["build", "--cache-dir", "public/cache"])
        .expect_success()
        .stderr_contains("cannot be in");
    site.run(&["build", "--cache-dir", "content/.cache"])
        .expect_success()
        .stderr_contains("cannot be in");
    assert!(!site.path("content/.cache").exists());
}
