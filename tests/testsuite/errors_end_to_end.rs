//! Content errors through the real binary, one of each stage (load, validate, render,
//! link check): exit code 1, stderr exactly the warnings and the list the library finds
//! in-process (which the error tests check with `assert_fails`) and "Nothing was written", a hint on every
//! error, the previous output byte for byte as it was and nothing left beside it.

use crate::run::Run;
use crate::site_test::*;

/// Builds a copy of `fixture`, breaks it with `mutate`, builds again with the binary and
/// checks what it did; returns that run.
#[track_caller]
pub fn assert_fails_end_to_end(fixture: &str, mutate: impl FnOnce(&TestSite)) -> Run {
    let site = TestSite::new(fixture);
    site.build_whole_ok();
    let before = snapshot(&site.path("public"));
    mutate(&site);
    let problems = site.problems();
    assert!(!problems.is_empty(), "the broken site builds in-process");
    assert_every_problem_has_a_hint(&problems);

    // Warnings print on build too, first (issue 24).
    let warnings: String = site
        .warnings()
        .iter()
        .map(|w| format!("warning: {w}\n"))
        .collect();
    let run = site.build();
    run.expect_failure();
    assert_same_text!(
        run.stderr,
        format!(
            "{warnings}{problems}Nothing was written: {} is as it was.\n",
            site.path("public").display()
        ),
        "the binary's stderr against the problems found in-process"
    );
    assert_eq!(run.stdout, "", "a failed build prints nothing on stdout");
    same_files(
        &before,
        &snapshot(&site.path("public")),
        "the previous output changed",
    );
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    crate::snap::assert_snapshot("errors", None, &site.normalise(&run.stderr));
    run
}

#[test]
fn a_loader_error() {
    assert_fails_end_to_end("basic", |s| {
        s.write("content/years/2017/figures.yaml", "grooming: veel\n")
    });
}

#[test]
fn validator_errors_in_two_languages() {
    assert_fails_end_to_end("bilingual", |s| {
        s.replace("content/metrics.yaml", "theme: online", "theme: onlien");
        s.replace(
            "content/years/2020/figures.yaml",
            "since: 2019",
            "since: 2018",
        );
    });
}

#[test]
fn an_error_only_rendering_finds() {
    assert_fails_end_to_end("basic", |s| {
        s.replace(
            "content/years/2020/report.md",
            "Grooming: {{ change(id=\"grooming\", since=2017) }}",
            "Grooming: {{ figure(id=\"groming\") }}",
        )
    });
}

#[test]
fn a_broken_link_the_link_check_finds() {
    assert_fails_end_to_end("basic", |s| {
        s.write(
            "content/pages/kapot.md",
            "---\ntitle: Kapot\n---\nZie [nergens](/bestaat-niet/).\n",
        )
    });
}
