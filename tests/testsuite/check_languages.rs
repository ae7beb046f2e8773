//! `check --strict` on every fixture, in every language it has. No test ran `check` on an
//! English or a German site before, which is how the prose check's reading of `231,800`
//! as 231.8 went unseen.
//!
//! Each report gets two sentences that name a metric and give its number the way that
//! language's pages write it (`1,145,000`, `1.145.000`, `1 145 000` with narrow no-break
//! spaces): one with the figure of the data, which must pass, and one with a wrong figure,
//! which must be the error at its line. Apart from those, the Dutch fixtures' deliberate
//! gaps (years without a report, a metric without a value) are the only findings, as
//! warnings that --strict counts as errors; the English, French, German and trilingual
//! fixtures have none (issue 24: they pass `check --strict`). The whole stderr is a
//! snapshot too.

use crate::site_test::*;

/// A sentence added to a report: its file, the right one and the wrong one.
type Addition = (&'static str, &'static str, &'static str);

/// Adds `additions` to a copy of `fixture`, runs `check --strict` and checks that it
/// reports exactly each wrong sentence and the fixture's `gaps` warnings.
#[track_caller]
fn assert_check_reads_numbers(fixture: &str, gaps: usize, additions: &[Addition]) {
    let site = TestSite::new(fixture);
    let mut right_places = Vec::new();
    let mut wrong_places = Vec::new();
    for (file, right, wrong) in additions {
        let text = format!("{}\n{right}\n\n{wrong}\n", site.read(file));
        site.write(file, &text);
        let line_of = |sentence: &str| {
            let at = text.rfind(sentence).unwrap();
            text[..at].lines().count() + 1
        };
        right_places.push(format!("{file}:{}:", line_of(right)));
        wrong_places.push(format!("{file}:{}:", line_of(wrong)));
    }
    let run = site.run(&["check", "--strict"]);
    run.expect_failure();
    let findings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("error: ") || l.starts_with("  content/"))
        .collect();
    let mut problems = Vec::new();
    for place in &right_places {
        for line in findings.iter().filter(|l| l.contains(place.as_str())) {
            problems.push(format!("a right number is reported: {line}"));
        }
    }
    for place in &wrong_places {
        if !findings
            .iter()
            .any(|l| l.contains(place.as_str()) && l.contains("the text says"))
        {
            problems.push(format!("the wrong number at {place} is not reported"));
        }
    }
    if findings.len() != gaps + additions.len() {
        problems.push(format!(
            "{} findings, not {gaps} gaps and {} wrong numbers",
            findings.len(),
            additions.len()
        ));
    }
    assert!(
        problems.is_empty(),
        "{fixture}:\n{}\n\nstderr:\n{}",
        problems.join("\n"),
        run.stderr
    );
    crate::snap::assert_snapshot("check", None, &site.normalise(&run.stderr));
}

#[test]
fn basic_dutch() {
    assert_check_reads_numbers(
        "basic",
        3,
        &[(
            "content/years/2020/report.md",
            "Weglopers in 2020: 1.050 nieuwe dossiers.",
            "Weglopers in 2020: 1.150 nieuwe dossiers.",
        )],
    );
}

#[test]
fn bilingual_dutch_and_french() {
    assert_check_reads_numbers(
        "bilingual",
        3,
        &[
            (
                "content/years/2020/report.md",
                "Weglopers in 2020: 1.050 nieuwe dossiers.",
                "Weglopers in 2020: 1.150 nieuwe dossiers.",
            ),
            (
                "content/years/2020/report.fr.md",
                "Fugues en 2020 : 1\u{202F}050 nouveaux dossiers.",
                "Fugues en 2020 : 1\u{202F}150 nouveaux dossiers.",
            ),
        ],
    );
}

#[test]
fn english() {
    assert_check_reads_numbers(
        "english",
        0,
        &[(
            "content/years/2021/report.md",
            "Loans in 2021: 1,145,000 items.",
            "Loans in 2021: 1,245,000 items.",
        )],
    );
}

#[test]
fn french() {
    assert_check_reads_numbers(
        "french",
        0,
        &[(
            "content/years/2021/report.md",
            "Colis distribués en 2021 : 1\u{202F}145\u{202F}000 colis.",
            "Colis distribués en 2021 : 1\u{202F}245\u{202F}000 colis.",
        )],
    );
}

#[test]
fn german() {
    assert_check_reads_numbers(
        "german",
        0,
        &[(
            "content/years/2021/report.md",
            "Ausleihen 2021: 1.145.000 Medien.",
            "Ausleihen 2021: 1.245.000 Medien.",
        )],
    );
}

#[test]
fn trilingual() {
    assert_check_reads_numbers(
        "trilingual",
        0,
        &[
            (
                "content/years/2021/report.md",
                "Uitleningen in 2021: 1.145.000 stuks.",
                "Uitleningen in 2021: 1.245.000 stuks.",
            ),
            (
                "content/years/2021/report.fr.md",
                "Prêts en 2021 : 1\u{202F}145\u{202F}000 documents.",
                "Prêts en 2021 : 1\u{202F}245\u{202F}000 documents.",
            ),
            (
                "content/years/2021/report.en.md",
                "Loans in 2021: 1,145,000 items.",
                "Loans in 2021: 1,245,000 items.",
            ),
        ],
    );
}

/// Issue 24: the English, French, German and trilingual fixtures, with correctly written
/// numbers in their prose, pass `check --strict` as they are.
#[test]
fn the_fixtures_in_other_languages_pass_strict() {
    for fixture in ["english", "french", "german", "trilingual"] {
        TestSite::new(fixture)
            .run(&["check", "--strict"])
            .expect_success()
            .stdout_contains("no errors, 0 warnings");
    }
}
