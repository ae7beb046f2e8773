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
    let run = site.build();
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
    let run = site.build();
    run.expect_failure()
        .stderr_contains("content/site.yaml:3:1: unknown key `baseurl`")
        .stderr_contains("unknown key `whatever`")
        .stderr_contains("the key `base_url` is missing")
        .stderr_contains(
            "content/publications/twee-fouten.md:2:8: title: a list, where text belongs",
        )
        .stderr_contains("content/publications/twee-fouten.md:5:1: unknown key `soort`");
}
