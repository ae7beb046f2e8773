//! One run names every problem of every file: several in one YAML file, and those of the
//! later stages where they can still run (the numbers issue, "every error at once").

use crate::site_test::*;

#[test]
fn several_errors_in_metrics_yaml_are_named_in_one_run() {
    let site = TestSite::new("basic");
    site.replace(
        "content/metrics.yaml",
        "  label: Weglopers\n",
        "  label: [Weglopers]\n",
    );
    site.replace(
        "content/metrics.yaml",
        "  label: Grooming\n",
        "  lable: Grooming\n",
    );
    site.replace(
        "content/metrics.yaml",
        "  unit: \"%\"\n",
        "  unit: \"%\"\n  decimals: twee\n",
    );
    let run = site.build_in_process();
    run.expect_failure()
        .stderr_contains("content/metrics.yaml:2:10: label: a list, where text belongs")
        .stderr_contains("content/metrics.yaml:14:3: unknown key `lable`")
        .stderr_contains("decimals: the text \"twee\", where a whole number belongs")
        .stderr_contains("3 errors");
}

#[test]
fn several_errors_in_site_yaml_and_in_a_front_matter_are_named_in_one_run() {
    let site = TestSite::new("basic");
    site.replace("content/site.yaml", "base_url:", "baseurl:");
    site.write(
        "content/site.yaml",
        format!("{}whatever: 1\n", site.read("content/site.yaml")),
    );
    site.write(
        "content/publications/twee-fouten.md",
        "---\ntitle: [T]\ndate: 2021-05-18\nkind: persbericht\nsoort: x\n---\nTekst.\n",
    );
    let run = site.build_in_process();
    run.expect_failure()
        .stderr_contains("content/site.yaml:3:1: unknown key `baseurl`")
        .stderr_contains("unknown key `whatever`")
        .stderr_contains("the key `base_url` is missing")
        .stderr_contains(
            "content/publications/twee-fouten.md:2:8: title: a list, where text belongs",
        )
        .stderr_contains("content/publications/twee-fouten.md:5:1: unknown key `soort`");
}

/// A shortcode error in the 2020 report, which only rendering finds.
fn with_a_shortcode_error(site: &TestSite) {
    site.replace(
        "content/years/2020/report.md",
        "Grooming: {{ change(id=\"grooming\", since=2017) }}",
        "Grooming: {{ figure(id=\"groming\") }}",
    );
}

/// Each kind of error the validate stage finds, made in the basic fixture, with what it
/// says. Rendering runs after each of them (to find the shortcode error too), on content
/// that failed validation: none may make it panic.
const VALIDATION_ERRORS: &[(&str, &str, &str, &str)] = &[
    (
        "content/years/2020/figures.yaml",
        "stated_change: {percent: -25, since: 2019}",
        "stated_change: {percent: 80, since: 2019}",
        "the source states +80% since 2019",
    ),
    (
        "content/metrics.yaml",
        "  theme: online\n  unit: dossiers\n  description: Dossiers over online grooming.",
        "  theme: onlien\n  unit: dossiers\n  description: Dossiers over online grooming.",
        "unknown theme `onlien`",
    ),
    (
        "content/metrics.yaml",
        "- id: sexting\n",
        "- id: grooming\n",
        "metric `grooming` is defined twice",
    ),
    (
        "content/years/2020/figures.yaml",
        "grooming: {value: 129,",
        "grooming: {value: -129,",
        "is negative",
    ),
    (
        "content/years/2020/figures.yaml",
        "sexting: {value: 200,",
        "sexting: {value: 9000000000000000000000,",
        "implausibly large",
    ),
    (
        "content/years/2020/figures.yaml",
        "sexting: {value: 200,",
        "sextingg: {value: 200,",
        "unknown metric `sextingg`",
    ),
    (
        "content/site.yaml",
        "metrics: [grooming, sexting, sextortion]",
        "metrics: [grooming, sexting, weglopers, nergens]",
        "compares unknown metric `nergens`",
    ),
    (
        "content/site.yaml",
        "    from: 2020\n",
        "    from: 2020\n    to: 2015\n",
        "ends before it starts",
    ),
    (
        "content/site.yaml",
        "  - id: online\n",
        "  - id: verdwijningen\n",
        "theme `verdwijningen` is defined twice",
    ),
    (
        "content/years/2020/report.md",
        "sources: [persbericht-2020]",
        "sources: [persbericht-2021]",
        "source `persbericht-2021` is not a publication",
    ),
    (
        "content/pages/over.md",
        "Een organisatie & haar werk.",
        "«IN TE VULLEN: wie we zijn»",
        "text left from `jaarverslag new`",
    ),
];

#[test]
fn a_validation_error_does_not_hide_a_shortcode_error_and_rendering_does_not_panic() {
    for (file, from, to, said) in VALIDATION_ERRORS {
        let site = TestSite::new("basic");
        site.replace(file, from, to);
        with_a_shortcode_error(&site);
        let run = site.build();
        // Exit code 1, not a panic's 101.
        run.expect_code(1)
            .stderr_contains(said)
            .stderr_contains("content/years/2020/report.md:10:70: unknown metric `groming`")
            .stderr_lacks("panicked");
    }
}

#[test]
fn a_file_that_cannot_be_read_does_not_hide_the_others_problems() {
    let site = TestSite::new("basic");
    // A load error in a publication that the figures and a report cite...
    site.replace(
        "content/publications/persbericht-2020.md",
        "date: 2021-05-18",
        "date: morgen",
    );
    // ...and a validation error in another file.
    site.replace(
        "content/years/2020/figures.yaml",
        "grooming: {value: 129,",
        "grooming: {value: -129,",
    );
    let run = site.build();
    run.expect_code(1)
        .stderr_contains("content/publications/persbericht-2020.md:3:7: `morgen` is not a date")
        .stderr_contains("`grooming` is negative")
        // What depends on the unread file is not blamed on its citers.
        .stderr_lacks("is not a publication")
        .stderr_contains("2 errors");
}

#[test]
fn the_untouched_scaffold_of_a_year_shows_every_blank_in_one_run() {
    let site = TestSite::new("basic");
    site.run(&["new", "2021"]).expect_success();
    let run = site.build();
    run.expect_code(1)
        .stderr_contains("content/years/2021/report.md:5:8:")
        .stderr_contains("is not a date")
        .stderr_contains("content/years/2021/report.md:4:")
        .stderr_contains("content/years/2021/report.md:6:")
        .stderr_contains("content/years/2021/report.md:12:1: text left from `jaarverslag new`")
        .stderr_contains("figures.yaml is still the list that `jaarverslag new` wrote")
        .stderr_contains("5 errors");
}
