//! How figures are typed in figures.yaml: a count is plain digits, a metric with decimals
//! declares how many, and every problem of every file is reported in one run, each at its
//! line and column, in words (issue #16). The literal text is what is checked: `2.000`
//! was read as 2 and published as "2".

use crate::site_test::*;

const FIGURES: &str = "content/years/2017/figures.yaml";

/// The basic fixture with `grooming`'s value in 2017 (43, a count) written as `typed`.
fn grooming(typed: &'static str) -> impl FnOnce(&TestSite) {
    move |s: &TestSite| {
        s.replace(
            FIGURES,
            "grooming: {value: 43,",
            &format!("grooming: {{value: {typed},"),
        )
    }
}

#[test]
fn a_count_with_a_point_as_thousands_separator_is_refused() {
    // Issue #16, case 1: this was published as "2".
    assert_fails(
        grooming("2.000"),
        &[
            "content/years/2017/figures.yaml:1:19: `grooming` is a count, written 2.000: the point looks like a thousands separator",
            "hint: write 2000, without a thousands separator",
        ],
    );
}

#[test]
fn a_count_written_1_586_is_refused_without_a_hint_about_decimals() {
    let site = TestSite::new("basic");
    grooming("1.586")(&site);
    let out = site.check();
    out.expect_failure();
    out.stderr_contains(
        "content/years/2017/figures.yaml:1:19: `grooming` is a count, written 1.586",
    );
    out.stderr_contains("hint: write 1586, without a thousands separator");
    // The old hint ("or set `decimals` on the metric") led to 1.794 published as "1,79".
    out.stderr_lacks("decimals");
}

#[test]
fn a_comma_in_braces_is_one_error_not_an_unknown_key() {
    let site = TestSite::new("basic");
    grooming("1,586")(&site);
    let out = site.check();
    out.expect_failure();
    out.stderr_contains("content/years/2017/figures.yaml:1:19: `grooming` is a count, written 1,586: the comma looks like a thousands separator");
    out.stderr_contains("hint: write 1586, without a thousands separator");
    out.stderr_lacks("586`");
    out.stderr_contains("1 error");
}

#[test]
fn a_space_or_quotes_are_refused_in_words() {
    assert_fails(
        grooming("2 000"),
        &[
            "content/years/2017/figures.yaml:1:19: `grooming` is a count, written 2 000: the space looks like a thousands separator",
            "hint: write 2000, without a thousands separator",
        ],
    );
    assert_fails(
        grooming("\"1.586\""),
        &[
            "content/years/2017/figures.yaml:1:19: `grooming` is a count, written 1.586",
            "hint: write 1586, without a thousands separator and without quotes",
        ],
    );
    assert_fails(
        grooming("\"43\""),
        &[
            "content/years/2017/figures.yaml:1:19: `grooming`: \"43\" is in quotes, so it is read as text, not as a number",
            "hint: remove the quotes: write 43",
        ],
    );
}

#[test]
fn text_for_a_number_says_so_without_jargon() {
    let site = TestSite::new("basic");
    grooming("veel")(&site);
    let out = site.check();
    out.expect_failure();
    out.stderr_contains("content/years/2017/figures.yaml:1:19: `grooming`: `veel` is not a number written as digits");
    out.stderr_contains("hint: write the figure as digits, e.g. 2205");
    out.stderr_lacks("f64");
    out.stderr_lacks("invalid type");
}

#[test]
fn every_problem_of_every_figures_file_at_once() {
    let site = TestSite::new("basic");
    site.write(
        FIGURES,
        "grooming: 2.000\n\
         sexting:\n  value: \"135\"\n  sourse: cijfers-2017\n\
         sextortion: {value: 1,586, source: cijfers-2017}\n\
         aandeel-jongeren:\n  value: 22\n  stated_change: {percent: 12%, since: 2016}\n",
    );
    site.replace(
        "content/years/2016/figures.yaml",
        "aandeel-jongeren: {value: 13,",
        "aandeel-jongeren: {value: 1 300,",
    );
    let out = site.check();
    out.expect_failure();
    for expected in [
        "content/years/2017/figures.yaml:1:11: `grooming` is a count, written 2.000",
        "content/years/2017/figures.yaml:3:10: `sexting`: \"135\" is in quotes",
        "content/years/2017/figures.yaml:4:3: `sexting` has an unknown key `sourse`",
        "content/years/2017/figures.yaml:5:21: `sextortion` is a count, written 1,586",
        "content/years/2017/figures.yaml:8:28: `aandeel-jongeren`: the stated change `12%` is not a number written as digits",
        "hint: write the percentage without %: 12",
        "content/years/2016/figures.yaml:5:27: `aandeel-jongeren` is a count, written 1 300",
        "6 errors",
    ] {
        out.stderr_contains(expected);
    }
}

#[test]
fn plain_digits_and_declared_decimals_pass() {
    let site = TestSite::new("basic")
        .with_replaced(FIGURES, "grooming: {value: 43,", "grooming: {value: 2000,")
        .with_replaced(FIGURES, "sexting: {value: 135,", "sexting: {value: 1586,")
        .with_replaced(
            "content/metrics.yaml",
            "  unit: \"%\"\n",
            "  unit: \"%\"\n  decimals: 1\n",
        )
        .with_replaced(
            FIGURES,
            "aandeel-jongeren: {value: 22,",
            "aandeel-jongeren: {value: 12.5,",
        );
    site.build_ok();
    let page = site.page("cijfers/aandeel-jongeren/index.html");
    assert_contains!(page, "12,5");
    let page = site.page("cijfers/grooming/index.html");
    assert_contains!(page, "2.000");
}

#[test]
fn a_metric_takes_no_more_decimals_than_it_declares() {
    let with_decimals = |typed: &'static str| {
        move |s: &TestSite| {
            s.replace(
                "content/metrics.yaml",
                "  unit: \"%\"\n",
                "  unit: \"%\"\n  decimals: 1\n",
            );
            s.replace(
                FIGURES,
                "aandeel-jongeren: {value: 22,",
                &format!("aandeel-jongeren: {{value: {typed},"),
            );
        }
    };
    assert_fails(
        with_decimals("12.55"),
        &[
            "content/years/2017/figures.yaml:4:27: `aandeel-jongeren` is written 12.55, with 2 decimals, but the metric declares 1 decimal",
        ],
    );
    // Three digits after the point, where one is declared: a thousands separator, and
    // the hint does not suggest reading it as a decimal point.
    assert_fails(
        with_decimals("1.500"),
        &[
            "`aandeel-jongeren` is written 1.500, but the metric declares 1 decimal: the point looks like a thousands separator",
            "hint: write 1500, without a thousands separator",
        ],
    );
    // A count takes no decimal point at all.
    assert_fails(
        grooming("43.5"),
        &["`grooming` is a count, written 43.5: a count has no decimal point"],
    );
}
