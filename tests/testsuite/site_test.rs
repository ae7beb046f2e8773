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

pub use crate::assert::same_files;
use crate::run::Run;

pub const BIN: &str = env!("CARGO_BIN_EXE_jaarverslag");

/// A copy of a fixture site in a temporary folder.
pub struct TestSite {
    dir: tempfile::TempDir,
}

impl TestSite {
    pub fn new(fixture: &str) -> TestSite {
        let dir = tempfile::tempdir().unwrap();
        let from = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(fixture);
        copy_dir(&from, dir.path());
        TestSite { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
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

    /// Builds, fails unless the build succeeds, and returns what it printed.
    #[track_caller]
    pub fn build_ok(&self) -> String {
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

/// Builds the good site, breaks it with `mutate`, builds again, and checks the failure.
#[track_caller]
pub fn assert_fails(mutate: impl FnOnce(&TestSite), expected: &[&str]) {
    assert_fails_in("basic", mutate, expected);
}

/// [`assert_fails`] on another fixture.
#[track_caller]
pub fn assert_fails_in(fixture: &str, mutate: impl FnOnce(&TestSite), expected: &[&str]) {
    let site = TestSite::new(fixture);
    site.build_ok();
    let before = snapshot(&site.path("public"));
    mutate(&site);
    let out = site.build();
    out.expect_failure();
    for text in expected {
        out.stderr_contains(text);
    }
    // Every error says what to do.
    out.stderr_contains("hint: ");
    same_files(
        &before,
        &snapshot(&site.path("public")),
        "the previous output changed",
    );
    // Nothing was left beside it either.
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
