//! Text left from `jaarverslag new`, and an empty year folder, do not publish (issue 16).

use crate::site_test::*;

const REPORT_FR: &str = "content/years/2021/report.fr.md";
const REPORT: &str = "content/years/2021/report.md";
const FIGURES: &str = "content/years/2021/figures.yaml";

/// The real binary's scaffold, untouched and then filled in, on the bilingual site.
#[test]
fn the_scaffold_of_new_does_not_publish_until_it_is_written() {
    let site = TestSite::new("bilingual");
    site.build_ok();
    let before = snapshot(&site.path("public"));
    site.run(&["new", "2021"]).expect_success();

    // Untouched: the date is not a date, so the report is named where it stands.
    for run in [site.build(), site.check()] {
        run.expect_failure()
            .stderr_contains(&format!("{REPORT}:5:8: `«IN TE VULLEN: de dag waarop"))
            .stderr_contains("is not a date");
    }
    same_files(
        &before,
        &snapshot(&site.path("public")),
        "a failed build changed the site",
    );

    // The date written: every other blank is named, all at once.
    let report = site.read(REPORT);
    let date = report.lines().find(|l| l.starts_with("date:")).unwrap();
    site.replace(REPORT, date, "date: 2022-05-10");
    for run in [site.build(), site.check()] {
        run.expect_failure()
            .stderr_contains("7 errors in the content")
            .stderr_contains(&format!(
                "{REPORT_FR}: the `title` is still the placeholder of `jaarverslag new`"
            ))
            .stderr_contains(&format!(
                "{REPORT_FR}: the `summary` is still the placeholder of `jaarverslag new`"
            ))
            .stderr_contains(&format!(
                "{REPORT_FR}:10:1: text left from `jaarverslag new`: \"«À COMPLÉTER: écrivez ici le récit de 2021."
            ))
            .stderr_contains(&format!(
                "{FIGURES}: figures.yaml is still the list that `jaarverslag new` wrote: it has no figures"
            ))
            .stderr_contains(&format!(
                "{REPORT}: the `title` is still the placeholder of `jaarverslag new`"
            ))
            .stderr_contains(&format!(
                "{REPORT}: the `summary` is still the placeholder of `jaarverslag new`"
            ))
            .stderr_contains(&format!(
                "{REPORT}:12:1: text left from `jaarverslag new`: \"«IN TE VULLEN: schrijf hier het verhaal van 2021."
            ))
            .stderr_contains("hint: write the report, or move content/years/2021/ out of content/ until you do")
            .stderr_contains("if 2021 has no figures, delete figures.yaml");
    }
    assert!(!site.path("public/2021").exists());

    // Filled in: it builds.
    let title = report.lines().find(|l| l.starts_with("title:")).unwrap();
    site.replace(REPORT, title, "title: Jaarverslag 2021");
    let summary = report.lines().find(|l| l.starts_with("summary:")).unwrap();
    site.replace(REPORT, summary, "summary: Het jaar in cijfers.");
    let body = &report[report.find("«IN TE VULLEN: schrijf").unwrap()..];
    site.replace(
        REPORT,
        body,
        "In 2021 opende Child Focus {{ figure(id=\"weglopers\") }} wegloopdossiers.\n",
    );
    site.replace(
        FIGURES,
        "# weglopers: {value: , source: \"\"}",
        "weglopers: {value: 1100, source: persbericht-2020}",
    );
    // And its French twin, which `new` wrote too (issue 24: every document in every
    // language), stating the same figure.
    let french = site.read(REPORT_FR);
    let title = french.lines().find(|l| l.starts_with("title:")).unwrap();
    site.replace(REPORT_FR, title, "title: Rapport annuel 2021");
    let summary = french.lines().find(|l| l.starts_with("summary:")).unwrap();
    site.replace(REPORT_FR, summary, "summary: L'année en chiffres.");
    let body = &french[french.find("«À COMPLÉTER: écrivez").unwrap()..];
    site.replace(
        REPORT_FR,
        body,
        "En 2021, Child Focus a ouvert {{ figure(id=\"weglopers\") }} dossiers de fugue.\n",
    );
    site.check().expect_success();
    site.build_ok();
    assert_contains!(site.page("2021/index.html"), "Jaarverslag 2021");
    assert_contains!(site.page("2021/index.html"), "1.100</data> wegloopdossiers");
}

/// A figures.yaml that the writer emptied on purpose: a year with a report and no figures
/// is allowed (the page says so), a scaffold with no figures is not.
#[test]
fn a_year_without_figures_is_allowed_when_figures_yaml_is_not_the_scaffold() {
    let site = TestSite::new("basic");
    site.write(
        "content/years/2021/report.md",
        "---\ntitle: Jaarverslag 2021\ndate: 2022-05-10\n---\nDe cijfers volgen.\n",
    );
    site.write("content/years/2021/figures.yaml", "# volgen later\n");
    site.build_ok();
    assert_contains!(site.page("2021/index.html"), "De cijfers volgen.");
}

#[test]
fn an_empty_year_folder_does_not_publish() {
    assert_fails_in(
        "bilingual",
        |site| std::fs::create_dir_all(site.path("content/years/2021")).unwrap(),
        &[
            "content/years/2021: the year folder 2021/ is empty",
            "hint: remove the empty folder content/years/2021/ until you write the year",
        ],
    );
    let site = TestSite::new("bilingual");
    site.check().expect_success();
    std::fs::create_dir_all(site.path("content/years/2021")).unwrap();
    site.check()
        .expect_failure()
        .stderr_contains("the year folder 2021/ is empty");
}

#[test]
fn a_year_folder_with_only_comments_does_not_publish() {
    assert_fails(
        |site| site.write("content/years/2021/figures.yaml", "# later\n"),
        &[
            "content/years/2021/figures.yaml: 2021/ has no report and this figures.yaml has no figures",
            "hint: write the report or the figures, or remove content/years/2021/ until you do",
        ],
    );
}

/// A scaffold written before the marker existed is recognised by its text.
#[test]
fn an_old_scaffold_is_recognised() {
    assert_fails(
        |site| {
            site.write(
                "content/years/2021/report.md",
                "---\ntitle: Jaarverslag 2021\ndate: 2022-05-01\nsummary: \"\"\nsources: []\n---\n\n\
                 ## Inleiding\n\nSchrijf hier het verhaal van 2021. Typ geen getallen: haal ze uit\n\
                 figures.yaml met de shortcodes figure en change (zie de README).\n",
            );
            site.write(
                "content/years/2021/figures.yaml",
                "# Figures for 2021, keyed by metric id. Uncomment a line and fill in the value\n\
                 # weglopers: {value: , source: \"\"}   # Weglopers (nieuwe dossiers)\n",
            );
        },
        &[
            "content/years/2021/report.md:10:1: text left from `jaarverslag new`: \"Schrijf hier het verhaal van 2021.",
            "content/years/2021/figures.yaml: figures.yaml is still the list",
        ],
    );
}
