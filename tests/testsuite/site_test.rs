//! Shared by the integration tests: copies of fixture sites in temporary folders, and the
//! real binary run on them (as mdBook's tests do with their `BookTest`):
//!
//! ```ignore
//! TestSite::new("basic")
//!     .with_replaced("content/years/2017/figures.yaml", "value: 43", "value: -43")
//!     .build()
//!     .expect_failure()
//!     .stderr_contains("`grooming` is negative");
//! ```

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

pub use crate::assert::same_files;
use crate::run::Run;

pub const BIN: &str = env!("CARGO_BIN_EXE_jaarverslag");

/// A copy of a fixture site in a temporary folder.
pub struct TestSite {
    dir: Folder,
}

/// Where a copy lives: a temporary folder removed with it, or (for [`built`]) a folder
/// under cargo's CARGO_TARGET_TMPDIR, made anew by the next run.
enum Folder {
    Temporary(tempfile::TempDir),
    Kept(PathBuf),
}

/// The fixtures in tests/fixtures/.
pub const FIXTURES: [&str; 6] = [
    "basic",
    "bilingual",
    "english",
    "french",
    "german",
    "trilingual",
];

/// `fixture` built once per test binary (as Zola's and mdBook's test suites do), for the
/// tests that only read its output: they must not change it, nor build it again. The
/// first test to ask builds it; the others wait for that build and share it.
pub fn built(fixture: &str) -> &'static TestSite {
    static SITES: [OnceLock<TestSite>; FIXTURES.len()] = [const { OnceLock::new() }; 6];
    let i = FIXTURES
        .iter()
        .position(|f| *f == fixture)
        .unwrap_or_else(|| panic!("no fixture {fixture} in tests/fixtures/"));
    SITES[i].get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join("built")
            .join(fixture);
        if dir.exists() {
            std::fs::remove_dir_all(&dir).unwrap();
        }
        copy_dir(&fixture_dir(fixture), &dir);
        let site = TestSite {
            dir: Folder::Kept(dir),
        };
        // The binary, whole: the tests of the images and the pages for other sites read
        // these builds.
        site.build_whole_ok();
        site
    })
}

fn fixture_dir(fixture: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(fixture)
}

impl TestSite {
    pub fn new(fixture: &str) -> TestSite {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&fixture_dir(fixture), dir.path());
        TestSite {
            dir: Folder::Temporary(dir),
        }
    }

    pub fn root(&self) -> &Path {
        match &self.dir {
            Folder::Temporary(dir) => dir.path(),
            Folder::Kept(dir) => dir,
        }
    }

    /// Every problem `build` would report, found in-process
    /// ([`jaarverslag::site::problems`]).
    pub fn problems(&self) -> jaarverslag::diagnostics::Diagnostics {
        jaarverslag::site::problems(self.root(), &jaarverslag::site::BuildOptions::default())
    }

    /// The warnings `build` and `check` print before any error, found in-process.
    pub fn warnings(&self) -> jaarverslag::diagnostics::Diagnostics {
        jaarverslag::site::Site::load_with_warnings(self.root()).1
    }

    /// `build`'s verdict in-process (see [`Run::from_problems`]), for a test whose
    /// subject is a content error: when the site fails, every problem must have a hint
    /// and the whole list is the test's snapshot in snapshots/errors/.
    #[track_caller]
    pub fn build_in_process(&self) -> Run {
        let problems = self.problems();
        if !problems.is_empty() {
            assert_every_problem_has_a_hint(&problems);
            crate::snap::assert_snapshot("errors", None, &self.normalise(&problems.to_string()));
        }
        Run::from_problems("build", &problems)
    }

    /// `text` with this copy's folder written `[site]`, for snapshots.
    pub fn normalise(&self, text: &str) -> String {
        text.replace(&self.root().display().to_string(), "[site]")
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    /// The site with `rel` written (for a chain of changes after [`TestSite::new`]).
    pub fn with_file(self, rel: &str, text: impl AsRef<[u8]>) -> TestSite {
        self.write(rel, text);
        self
    }

    /// The site with the first `from` in `rel` replaced by `to`.
    #[track_caller]
    pub fn with_replaced(self, rel: &str, from: &str, to: &str) -> TestSite {
        self.replace(rel, from, to);
        self
    }

    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    #[track_caller]
    pub fn replace(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert_contains!(text, from, "{rel}, to be replaced");
        self.write(rel, text.replacen(from, to, 1));
    }

    /// Runs the binary on the site with `args` (and `--root`).
    pub fn run(&self, args: &[impl AsRef<OsStr>]) -> Run {
        Run::of(Command::new(BIN).args(args).arg("--root").arg(self.root()))
    }

    pub fn build(&self) -> Run {
        self.run(&["build"])
    }

    pub fn check(&self) -> Run {
        self.run(&["check"])
    }

    /// Builds into public/ in-process, as `build` does ([`jaarverslag::site::publish`])
    /// but without drawing the PNG files or making the search index, and fails unless the
    /// build succeeds. For the many tests whose subject is a page, a data file or a
    /// message: a fresh build of a fixture drew its PNGs in most of its 1.6 s of CPU (debug).
    /// Where the subject is the binary, the images, the search index or the whole output
    /// folder byte for byte, use [`TestSite::build_whole_ok`].
    #[track_caller]
    pub fn build_ok(&self) {
        let options = jaarverslag::site::BuildOptions {
            skip_pngs: true,
            ..Default::default()
        };
        let publishing = jaarverslag::site::publish(self.root(), &self.path("public"), &options);
        if let Err(failure) = publishing.outcome {
            let why = match failure {
                jaarverslag::site::NotPublished::Content(problems) => problems.to_string(),
                jaarverslag::site::NotPublished::Output(error) => format!("{error:#}"),
            };
            panic!("the build (in-process) failed:\n{}", self.normalise(&why));
        }
    }

    /// Runs `build` (the binary: every PNG drawn, the search index made), fails unless
    /// it succeeds, and returns what it printed.
    #[track_caller]
    pub fn build_whole_ok(&self) -> String {
        self.build().expect_success().stdout.clone()
    }

    /// The page's `<main>`, with runs of white space folded, for readable assertions.
    pub fn page(&self, rel: &str) -> String {
        let html = self.read(&format!("public/{rel}"));
        let start = html.find("<main").expect("page has <main>");
        let end = html.find("</main>").expect("page has </main>");
        fold(&html[start..end])
    }
}

pub fn fold(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file under a folder with its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// Breaks a copy of the basic fixture with `mutate` and checks every problem a build
/// would report, in-process: see [`assert_fails_in`].
#[track_caller]
pub fn assert_fails(mutate: impl FnOnce(&TestSite), expected: &[&str]) {
    assert_fails_in("basic", mutate, expected);
}

/// Breaks a copy of `fixture` with `mutate` and checks, in-process
/// ([`jaarverslag::site::problems`], no binary run, no PNG drawn), every problem `build`
/// would report: the whole list, as `build` prints it, is the test's snapshot in
/// snapshots/errors/ (every message, its place, the count), each of `expected` is in it,
/// and every problem says what to do. What the binary does around that list (exit code
/// 1, "Nothing was written", the previous output untouched, nothing left beside it) is
/// tested end to end in errors_end_to_end.rs, which also checks that the binary prints
/// exactly this list.
#[track_caller]
pub fn assert_fails_in(fixture: &str, mutate: impl FnOnce(&TestSite), expected: &[&str]) {
    let site = TestSite::new(fixture);
    mutate(&site);
    let problems = site.problems();
    assert!(!problems.is_empty(), "the broken site builds");
    let text = problems.to_string();
    for part in expected {
        assert_contains!(text, part, "the problems found");
    }
    assert_every_problem_has_a_hint(&problems);
    crate::snap::assert_snapshot("errors", None, &site.normalise(&text));
}

/// Every error says what to do.
#[track_caller]
pub fn assert_every_problem_has_a_hint(problems: &jaarverslag::diagnostics::Diagnostics) {
    let without: Vec<String> = problems
        .iter()
        .filter(|p| p.hint.as_deref().is_none_or(|h| h.trim().is_empty()))
        .map(|p| p.to_string())
        .collect();
    assert!(
        without.is_empty(),
        "problems without a hint:\n{}",
        without.join("\n")
    );
}
