//! Where every number comes from (issue #17): a break in a series stops every change across
//! it, another source's figure is shown and checked, a revision shows the value it
//! replaces, and a publication's original is one click from every figure that cites it.

use crate::site_test::{assert_fails_in, TestSite};

const GROOMING_2020: &str = "grooming: {value: 129, source: persbericht-2020}";

/// The bilingual fixture where grooming counts differently from 2020 on.
fn grooming_breaks_in_2020() -> TestSite {
    TestSite::new("bilingual").with_replaced(
        "content/years/2020/figures.yaml",
        GROOMING_2020,
        "grooming:\n  value: 129\n  source: persbericht-2020\n  break: Telt vanaf 2020 behandelde meldingen, geen nieuwe dossiers.\n  translations:\n    fr: {break: \"Compte à partir de 2020 les signalements traités, pas les nouveaux dossiers.\"}",
    )
}

#[test]
fn a_break_stops_a_change_everywhere() {
    let site = grooming_breaks_in_2020();
    site.build_ok();
    // Without the break the 2020 report said +200% against 2017; the shortcode now says
    // why there is no change, in each language.
    let nl = site.page("2020/index.html");
    assert_contains!(
        nl,
        r#"data-metric="grooming" data-year="2020">niet vergelijkbaar met 2017: Telt vanaf 2020 behandelde meldingen, geen nieuwe dossiers</span>"#
    );
    assert_lacks!(nl, "+200%");
    let fr = site.page("fr/2020/index.html");
    assert_contains!(
        fr,
        "<p class=\"change not-comparable\">pas comparable aux années précédentes : Compte à partir de 2020 les signalements traités, pas les nouveaux dossiers</p>"
    );
    assert_lacks!(fr, "Telt vanaf");
    // The metric's page: the table row, and the chart's description and table.
    let metric = site.page("cijfers/grooming/index.html");
    // (2019 has no grooming value: the break is against the earlier years, not 2019.)
    assert_contains!(
        metric,
        "niet vergelijkbaar met eerdere jaren: Telt vanaf 2020"
    );
    assert_lacks!(metric, "+200");
    let svg = site.read("public/grafieken/grooming.svg");
    assert_contains!(
        svg,
        "Breuk in de reeks in 2020: Telt vanaf 2020 behandelde meldingen, geen nieuwe dossiers."
    );
    assert_contains!(svg, "<g class=\"break\"");
    let desc = &svg[svg.find("<desc").unwrap()..svg.find("</desc>").unwrap()];
    assert_lacks!(desc, "%");
    assert_contains!(
        metric,
        "129 (Breuk in de reeks: Telt vanaf 2020 behandelde meldingen, geen nieuwe dossiers)"
    );
    // The list of figures says why there is no change.
    assert_contains!(
        site.page("cijfers/index.html"),
        "niet vergelijkbaar met eerdere jaren: Telt vanaf 2020 behandelde meldingen, geen nieuwe dossiers</td>"
    );
    // The home page's card (grooming is a headline figure): no change across it either.
    let home = site.page("index.html");
    assert_contains!(home, "niet vergelijkbaar met eerdere jaren");
    // The open data and the chart's CSV carry the flag and the text.
    assert_contains!(
        site.read("public/data/figures.csv"),
        ",b,\"Telt vanaf 2020 behandelde meldingen, geen nieuwe dossiers.\","
    );
    assert_contains!(
        site.read("public/grafieken/grooming.csv"),
        "2020,grooming,Grooming,dossiers,129,Persbericht over 2020,,b,\"Telt vanaf 2020"
    );
}

#[test]
fn the_prose_check_refuses_a_change_across_a_break() {
    // A rise word with the shortcode that now says "not comparable".
    let site = grooming_breaks_in_2020().with_replaced(
        "content/years/2020/report.md",
        "Grooming: {{ change(id=\"grooming\", since=2017) }}.",
        "Grooming steeg: {{ change(id=\"grooming\", since=2017) }}.",
    );
    site.check()
        .expect_failure()
        .stderr_contains("content/years/2020/report.md:")
        .stderr_contains("but `grooming` counts differently from 2020 on");
    // A typed percentage across it.
    let site = grooming_breaks_in_2020().with_replaced(
        "content/years/2020/report.md",
        "Grooming: {{ change(id=\"grooming\", since=2017) }}.",
        "Grooming steeg met 200% tegenover 2017.",
    );
    site.check()
        .expect_failure()
        .stderr_contains("no change: `grooming` counts differently from 2020 on");
}

#[test]
fn a_break_without_its_translation_is_an_error() {
    assert_fails_in(
        "bilingual",
        |site| {
            site.replace(
                "content/years/2020/figures.yaml",
                GROOMING_2020,
                "grooming: {value: 129, source: persbericht-2020, break: telt anders}",
            )
        },
        &[
            "content/years/2020/figures.yaml:",
            "`grooming`: the break has no `fr` translation",
        ],
    );
}

/// 2019's weglopers with another source's figure and the value it revised.
fn weglopers_2019_with_provenance() -> TestSite {
    TestSite::new("bilingual").with_replaced(
        "content/years/2019/figures.yaml",
        "weglopers: {value: 1400, source: persbericht-2020}",
        "weglopers:\n  value: 1400\n  source: persbericht-2020\n  replaces: {value: 1380, source: cijfers-2017, date: 2020-02}\n  other_sources:\n    - value: 1450\n      source: Jaarverslag 2019\n      date: 2020-06\n      url: https://www.example.org/jaarverslag-2019.pdf\n      note: Telt ook de dossiers van december.\n      translations: {fr: {note: Compte aussi les dossiers de décembre.}}",
    )
}

#[test]
fn another_source_is_shown_and_checked() {
    let site = weglopers_2019_with_provenance();
    site.build_ok();
    let nl = site.page("cijfers/weglopers/index.html");
    assert_contains!(
        nl,
        r#"1.450 volgens <span>Jaarverslag 2019</span> (<a class="original" href="https://www.example.org/jaarverslag-2019.pdf" rel="external">origineel</a>), juni 2020 — <span>Telt ook de dossiers van december.</span>"#
    );
    let fr = site.page("fr/chiffres/weglopers/index.html");
    assert_contains!(fr, "1 450 selon");
    assert_contains!(fr, "Compte aussi les dossiers de décembre.");
    assert_lacks!(fr, "Telt ook");
    // The open data: the value stays the published one, the other source beside it.
    let csv = site.read("public/data/figures.csv");
    assert_contains!(
        csv,
        "1450 (Jaarverslag 2019, 2020-06, https://www.example.org/jaarverslag-2019.pdf)"
    );
    assert_contains!(
        csv,
        "\n2019,weglopers,Weglopers,verdwijningen,nieuwe dossiers,1400,"
    );
    let json: serde_json::Value =
        serde_json::from_str(&site.read("public/data/figures.json")).unwrap();
    let row = json
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["year"] == 2019 && r["metric"] == "weglopers")
        .unwrap();
    assert_eq!(row["other_sources"][0]["value"], 1450);
    assert_eq!(row["other_sources"][0]["source"], "Jaarverslag 2019");

    // A sentence that quotes it is accepted when it names the source, refused when not.
    let quoted = |sentence: &str| {
        site.replace(
            "content/years/2020/report.md",
            "## Verdwijningen\n\nIn 2020",
            &format!("## Verdwijningen\n\n{sentence}\n\nIn 2020"),
        );
        let run = site.check();
        site.replace(
            "content/years/2020/report.md",
            &format!("## Verdwijningen\n\n{sentence}\n\nIn 2020"),
            "## Verdwijningen\n\nIn 2020",
        );
        run
    };
    // (The French report says the same, as a translation must.)
    site.replace(
        "content/years/2020/report.fr.md",
        "---\n## ",
        "---\nSelon Jaarverslag 2019, les fugues ont donné 1 450 nouveaux dossiers en 2019.\n\n## ",
    );
    quoted("Volgens Jaarverslag 2019 waren er bij de weglopers 1.450 nieuwe dossiers in 2019.")
        .expect_success();
    quoted("Bij de weglopers waren er 1.450 nieuwe dossiers in 2019.")
        .expect_failure()
        .stderr_contains("the text says 1.450, but the data give 1400 for weglopers in 2019 or 1050 for weglopers in 2020 (1450 is the figure of `Jaarverslag 2019`: name that source in the sentence)");
    // Or through the shortcode, which names the source.
    site.replace(
        "content/years/2020/report.md",
        "## Verdwijningen\n\nIn 2020",
        "## Verdwijningen\n\nEen ander jaarverslag gaf {{ figure(id=\"weglopers\", year=2019, source=\"Jaarverslag 2019\") }}.\n\nIn 2020",
    );
    site.build_ok();
    assert_contains!(
        site.page("2020/index.html"),
        r#"Een ander jaarverslag gaf <data class="figure" value="1450" data-metric="weglopers" data-year="2019">1.450</data>."#
    );
    site.replace(
        "content/years/2020/report.md",
        "source=\"Jaarverslag 2019\"",
        "source=\"Jaarverslag 2018\"",
    );
    site.build_in_process()
        .expect_failure()
        .stderr_contains("`weglopers` has no value for 2019 from the source `Jaarverslag 2018`")
        .stderr_contains("the sources of 2019 are: Jaarverslag 2019, persbericht-2020");
}

#[test]
fn a_revision_shows_the_value_it_replaces() {
    let site = weglopers_2019_with_provenance();
    site.build_ok();
    let nl = site.page("cijfers/weglopers/index.html");
    assert_contains!(
        nl,
        r#"herzien; eerder 1.380 (<a href="/rapport/publicaties/cijfers-2017/">Cijfers 2017</a>, februari 2020)"#
    );
    let fr = site.page("fr/chiffres/weglopers/index.html");
    assert_contains!(fr, "révisé ; auparavant 1 380");
    let csv = site.read("public/data/figures.csv");
    assert_contains!(csv, ",r,,1380,Cijfers 2017,2020-02,");
}

#[test]
fn a_publication_s_original_is_one_click_from_every_figure_that_cites_it() {
    let url = "https://www.example.org/pers/2021-05-18.pdf";
    let site = TestSite::new("bilingual").with_replaced(
        "content/publications/persbericht-2020.md",
        "origin: Persbericht, 18 mei 2021",
        &format!("origin: Persbericht, 18 mei 2021\nurl: {url}"),
    );
    site.build_ok();
    let link = format!(r#"(<a class="original" href="{url}" rel="external">origineel</a>)"#);
    // The publication's own page, a year's card, the metric's table and the home page.
    assert_contains!(
        site.page("publicaties/persbericht-2020/index.html"),
        &format!(r#"<a class="original" href="{url}" rel="external">Het origineel lezen</a>"#)
    );
    assert_contains!(site.page("2020/index.html"), &link);
    let metric = site.page("cijfers/weglopers/index.html");
    assert_contains!(metric, &link);
    // The chart's source line too, each source once in the order of the years.
    assert_contains!(
        metric,
        &format!(
            r#"<p class="source">Bron: <span>Jaarverslag 2016</span>; <a href="/rapport/publicaties/persbericht-2020/">Persbericht over 2020</a> {link}</p>"#
        )
    );
    assert_contains!(
        site.page("fr/chiffres/weglopers/index.html"),
        &format!(r#"(<a class="original" href="{url}" rel="external">original</a>)"#)
    );
    // The open data: title, date and the original's address.
    assert_contains!(
        site.read("public/data/figures.csv"),
        &format!(",Persbericht over 2020,Tijdens de lockdowns liepen minder jongeren weg.,2021-05-18,{url},")
    );
}

#[test]
fn an_original_that_is_not_a_web_address_is_refused_at_its_line() {
    assert_fails_in(
        "bilingual",
        |site| {
            site.replace(
                "content/publications/persbericht-2020.md",
                "origin: Persbericht, 18 mei 2021",
                "origin: Persbericht, 18 mei 2021\nurl: www.example.org/pers.pdf",
            )
        },
        &[
            "content/publications/persbericht-2020.md:9",
            "`www.example.org/pers.pdf` is not a web address",
        ],
    );
}

#[test]
fn unknown_keys_of_the_new_parts_are_refused_with_their_place() {
    assert_fails_in(
        "bilingual",
        |site| {
            site.replace(
                "content/years/2019/figures.yaml",
                "weglopers: {value: 1400, source: persbericht-2020}",
                "weglopers:\n  value: 1400\n  other_sources:\n    - {value: 1450, sourse: x}\n  status: geschat",
            )
        },
        &[
            "content/years/2019/figures.yaml:4:21: `weglopers`: another source has an unknown key `sourse`",
            "content/years/2019/figures.yaml:5:11: `weglopers`: the status `geschat` is not known",
            "hint: write `status: estimated`",
        ],
    );
}

#[test]
fn an_estimated_or_provisional_value_says_so() {
    let site = TestSite::new("bilingual").with_replaced(
        "content/years/2020/figures.yaml",
        GROOMING_2020,
        "grooming: {value: 129, source: persbericht-2020, status: provisional}",
    );
    site.build_ok();
    assert_contains!(
        site.page("2020/index.html"),
        r#"<p class="status">voorlopig</p>"#
    );
    assert_contains!(
        site.page("fr/chiffres/grooming/index.html"),
        r#"<span class="status">provisoire</span>"#
    );
    assert_contains!(
        site.read("public/data/figures.csv"),
        "2021-05-18,,https://example.org/rapport/publicaties/persbericht-2020/,p,,"
    );
    site.replace(
        "content/years/2020/figures.yaml",
        "status: provisional",
        "status: estimated",
    );
    site.build_ok();
    assert_contains!(
        site.page("2020/index.html"),
        r#"<p class="status">geschat</p>"#
    );
}

#[test]
fn another_source_s_note_needs_its_translation_and_a_revision_another_value() {
    assert_fails_in(
        "bilingual",
        |site| {
            site.replace(
                "content/years/2019/figures.yaml",
                "weglopers: {value: 1400, source: persbericht-2020}",
                "weglopers:\n  value: 1400\n  replaces: {value: 1400, source: persbertcht-2020}\n  other_sources:\n    - {value: 1450, source: Jaarverslag 2019, note: andere telling, url: \"javascript:alert(1)\"}",
            )
        },
        &[
            "content/years/2019/figures.yaml:3:35: source `persbertcht-2020` is not a publication",
            "content/years/2019/figures.yaml:3:21: `weglopers`: the value it replaces is the value itself",
            "content/years/2019/figures.yaml:5: `weglopers`: another source's url: `javascript:alert(1)` is not a web address",
            "content/years/2019/figures.yaml:5: `weglopers`: the note of another source has no `fr` translation",
        ],
    );
}
