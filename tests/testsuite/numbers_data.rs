//! Issue 24, the data side: the change phrase with its direction word from the data
//! (`trend`), in every language; no change between two publishers, on the page and in
//! the errors.

use crate::site_test::TestSite;

/// A page of `fixture` whose text is `body`, built; its `<main>`.
fn page_with(fixture: &str, slug: &str, body: &str, figures: &[(&str, &str)]) -> String {
    let site = TestSite::new(fixture).with_file(
        &format!("content/pages/{slug}.md"),
        format!("---\ntitle: Trend\nsummary: De verandering in woorden.\n---\n\n{body}\n"),
    );
    for (file, text) in figures {
        site.write(file, text);
    }
    site.build_ok();
    site.page(&format!("{slug}/index.html"))
}

const EN_2021: &str = "content/years/2021/figures.yaml";
const EN_REPORT: &str = "---\ntitle: Annual report 2021\ndate: 2022-03-01\nsummary: The year.\nsources: [activity-2021]\n---\n\nThe year in figures.\n";

#[test]
fn trend_writes_the_direction_word_in_english() {
    let main = page_with(
        "english",
        "trend",
        "Loans: {{ trend(id=\"loans\", year=2021) }}. Members: {{ trend(id=\"members\", year=2021) }}.",
        &[],
    );
    // 1,100,000 → 1,145,000 is +4.09%; 2,500 → 2,400 is −4%.
    assert_contains!(
        main,
        r#"data-metric="loans" data-year="2021">a rise of 4%</span>"#
    );
    assert_contains!(
        main,
        r#"data-metric="members" data-year="2021">a fall of 4%</span>"#
    );
    // No change: the same value both years.
    let main = page_with(
        "english",
        "trend",
        "Members: {{ trend(id=\"members\", year=2021) }}.",
        &[
            (
                EN_2021,
                "loans: {value: 1145000, source: activity-2021}\nmembers: {value: 2500, source: activity-2021}\n",
            ),
            // The report's typed numbers were about the fixture's data.
            ("content/years/2021/report.md", EN_REPORT),
        ],
    );
    assert_contains!(main, r#"data-year="2021">no change</span>"#);
}

#[test]
fn trend_in_french_and_german() {
    let body = "{{ trend(id=\"colis\", year=2021) }} ; {{ trend(id=\"benevoles\", year=2021) }}";
    let main = page_with("french", "tendance", body, &[]);
    assert_contains!(main, r#"data-year="2021">une hausse de 4 %</span>"#);
    assert_contains!(main, r#"data-year="2021">une baisse de 4 %</span>"#);
    let body =
        "{{ trend(id=\"ausleihen\", year=2021) }}; {{ trend(id=\"mitglieder\", year=2021) }}";
    let main = page_with("german", "trend", body, &[]);
    assert_contains!(main, r#"data-year="2021">ein Anstieg um 4 %</span>"#);
    assert_contains!(main, r#"data-year="2021">ein Rückgang um 4 %</span>"#);
}

#[test]
fn trend_in_dutch_names_an_earlier_year_and_says_a_stated_change_in_words() {
    let main = page_with(
        "basic",
        "trend",
        "{{ trend(id=\"weglopers\", year=2020) }}; {{ trend(id=\"grooming\", year=2020, since=2017) }}.",
        &[],
    );
    // 1.400 → 1.050: −25%; grooming 43 → 129 since 2017: +200%.
    assert_contains!(main, r#"data-year="2020">een daling van 25%</span>"#);
    assert_contains!(
        main,
        r#"data-year="2020">een stijging van 200% t.o.v. 2017</span>"#
    );
    // 2019 without a value: the source's stated change, in words.
    let site = TestSite::new("basic")
        .with_replaced(
            "content/years/2019/figures.yaml",
            "weglopers: {value: 1400, source: persbericht-2020}\n",
            "",
        )
        .with_replaced(
            "content/years/2020/report.md",
            "{{ figure(id=\"weglopers\", year=2019) }} in 2019",
            "2019",
        )
        .with_file(
            "content/pages/trend.md",
            "---\ntitle: Trend\nsummary: S.\n---\n\n{{ trend(id=\"weglopers\", year=2020) }}\n",
        );
    site.build_ok();
    let main = site.page("trend/index.html");
    assert_contains!(
        main,
        r#"data-year="2020">een daling van 25% t.o.v. 2019 (volgens de bron)</span>"#
    );
}

#[test]
fn trend_writes_what_change_writes_where_no_change_can_be_given() {
    // Across a break: the same text as `change`.
    let figures = "weglopers:\n  value: 1050\n  source: persbericht-2020\n  break: telt nu behandelde dossiers\ngrooming: {value: 129, source: persbericht-2020}\n";
    let main = page_with(
        "basic",
        "trend",
        "A: {{ trend(id=\"weglopers\", year=2020) }}. B: {{ change(id=\"weglopers\", year=2020) }}.",
        &[("content/years/2020/figures.yaml", figures)],
    );
    let said = "niet vergelijkbaar met 2019: telt nu behandelde dossiers";
    assert_eq!(main.matches(said).count(), 2, "trend and change: {main}");
}

#[test]
fn no_change_between_two_publishers_and_the_page_says_why() {
    // 2016's weglopers come from "Jaarverslag 2016", written as free text: another
    // publisher than the organisation's own press release of 2019.
    let body = "{{ change(id=\"weglopers\", year=2019, since=2016) }} / {{ trend(id=\"weglopers\", year=2019, since=2016) }}";
    let main = page_with("basic", "trend", body, &[]);
    let said = "niet vergelijkbaar met 2016: de cijfers komen van verschillende bronnen (Jaarverslag 2016 en Testorganisatie)";
    assert_eq!(main.matches(said).count(), 2, "{main}");
    // Declared comparable on the later value: computed (1.000 → 1.400).
    let main = page_with(
        "basic",
        "trend",
        body,
        &[(
            "content/years/2019/figures.yaml",
            "weglopers:\n  value: 1400\n  source: persbericht-2020\n  comparable_with: 2016\nontvoeringen: {value: 200, source: persbericht-2020}\n",
        )],
    );
    assert_contains!(main, "+40% t.o.v. 2016");
    assert_contains!(main, "een stijging van 40% t.o.v. 2016");
}

#[test]
fn neighbouring_values_of_two_publishers_do_not_build() {
    // The issue's case 5: a newspaper's count beside the organisation's.
    let site = TestSite::new("basic")
        .with_replaced(
            "content/years/2019/figures.yaml",
            "ontvoeringen: {value: 200, source: persbericht-2020}",
            "ontvoeringen: {value: 155, source: De Standaard}",
        )
        .with_replaced(
            "content/years/2020/figures.yaml",
            "ontvoeringen:\n  source: persbericht-2020\n",
            "ontvoeringen:\n  value: 370\n  source: persbericht-2020\n",
        );
    for run in [site.build(), site.check()] {
        run.expect_failure()
            .stderr_contains("`ontvoeringen`: 370 for 2020 (source: persbericht-2020) and 155 for 2019 (content/years/2019/figures.yaml:")
            .stderr_contains("come from different publishers (Testorganisatie and De Standaard)")
            .stderr_contains("write `comparable_with: 2019` under `ontvoeringen` here");
    }
    assert!(!site.path("public").exists());
}

#[test]
fn diff_prints_the_changed_sentence_and_chart_description_and_nothing_when_nothing_changed() {
    let site = TestSite::new("basic");
    site.build_ok();
    let same = site.run(&["diff", site.path("public").to_str().unwrap()]);
    same.expect_success()
        .stdout_contains("Nothing differs from");
    assert_lacks!(same.stdout, "was:");
    // One value changed: 2020's weglopers 1.050 → 1.120 (and the source's change with it).
    site.replace(
        "content/years/2020/figures.yaml",
        "  value: 1050\n",
        "  value: 1120\n",
    );
    site.replace(
        "content/years/2020/figures.yaml",
        "{percent: -25, since: 2019}",
        "{percent: -20, since: 2019}",
    );
    let run = site.run(&["diff", site.path("public").to_str().unwrap()]);
    run.expect_success()
        .stdout_contains("2020/index.html:\n")
        .stdout_contains("  was: 'In 2020 liepen 1.050 jongeren weg, −25% tegenover 1.400 in 2019.'\n  now: 'In 2020 liepen 1.120 jongeren weg, −20% tegenover 1.400 in 2019.'")
        .stdout_contains("  was: chart description 'Weglopers, nieuwe dossiers: van 1.000 in 2016 naar 1.050 in 2020")
        .stdout_contains("  now: chart description 'Weglopers, nieuwe dossiers: van 1.000 in 2016 naar 1.120 in 2020")
        .stdout_contains("pages say something else than in");
    // OLD must be a folder.
    site.run(&["diff", "no-such-folder"])
        .expect_failure()
        .stderr_contains("no-such-folder is not a folder");
}

#[test]
fn a_charts_description_says_no_change_between_two_publishers() {
    // weglopers runs from 2016 ("Jaarverslag 2016", free text) to 2020 (the
    // organisation's press release): 1.000 → 1.050 is no "+5%" unless 2020 says the two
    // count the same thing (`comparable_with: 2016`).
    let desc = |site: &TestSite| {
        site.build_ok();
        let svg = site.read("public/grafieken/weglopers.svg");
        svg[svg.find("<desc").unwrap()..svg.find("</desc>").unwrap()].to_string()
    };
    let said = desc(&TestSite::new("basic"));
    assert_contains!(said, "van 1.000 in 2016 naar 1.050 in 2020.");
    assert_lacks!(said, "%");
    let declared = TestSite::new("basic").with_replaced(
        "content/years/2020/figures.yaml",
        "  value: 1050\n",
        "  value: 1050\n  comparable_with: 2016\n",
    );
    assert_contains!(
        desc(&declared),
        "van 1.000 in 2016 naar 1.050 in 2020 (+5%)."
    );
}
