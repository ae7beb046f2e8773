//! Snapshots (insta, plain text) named after the test that takes them, in
//! tests/testsuite/snapshots/: `INSTA_UPDATE=always cargo test` (or `cargo insta review`)
//! writes new ones; with CI=true a mismatch fails and nothing is written (tests/README.md).

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::Path;

/// The running test's path without the crate (`robustness::a_value_that_is_text`), from
/// the name libtest gives the test's thread.
pub fn test_name() -> String {
    let thread = std::thread::current();
    let name = thread.name().unwrap_or("main");
    assert!(
        name != "main",
        "a snapshot needs the test's name, which libtest gives the test's thread: run the \
         tests with the standard harness"
    );
    name.to_string()
}

thread_local! {
    /// How many snapshots of each name this thread (one test) took.
    static TAKEN: RefCell<HashMap<String, usize>> = RefCell::default();
}

/// Asserts that `text` is the snapshot `<test name>[-<part>]` in snapshots/`folder`/;
/// a test's second snapshot of one name is `…-2`, its third `…-3`, and so on.
#[track_caller]
pub fn assert_snapshot(folder: &str, part: Option<&str>, text: &str) {
    let mut name = test_name().replace("::", "__");
    if let Some(part) = part {
        name.push('-');
        name.push_str(&part.replace(['/', '.', ' '], "_"));
    }
    let n = TAKEN.with(|taken| {
        let mut taken = taken.borrow_mut();
        let n = taken.entry(format!("{folder}/{name}")).or_default();
        *n += 1;
        *n
    });
    if n > 1 {
        name = format!("{name}-{n}");
    }
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/testsuite/snapshots")
            .join(folder),
    );
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.bind(|| insta::assert_snapshot!(name, text));
}
