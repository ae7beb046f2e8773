//! Languages, kinds and words as data: which way is better, and sites in one language or
//! three that the theme's languages build with no code of their own.

use crate::site_test::*;

/// `better:` on a metric colours a change and says it in words; without it, neither.
#[test]
fn a_change_is_good_or_bad_news_only_where_the_metric_says_which_way_is_better() {
    // weglopers falls from 1,400 (2019) to 1,050 (2020).
    let fall = "−25% <span>t.o.v. 2019</span>";
    let neutral = built("basic");
    let page = neutral.page("2020/index.html");
    assert_contains!(page, &format!("<p class=\"change down\">{fall}</p>"));
    assert_lacks!(page, "verbetering");
    for (better, class, words) in [
        ("down", "better", "(een verbetering)"),
        ("up", "worse", "(een verslechtering)"),
    ] {
        let site = TestSite::new("basic").with_replaced(
            "content/metrics.yaml",
            "  headline: true\n",
            &format!("  headline: true\n  better: {better}\n"),
        );
        site.build_ok();
        let page = site.page("2020/index.html");
        assert_contains!(
            page,
            &format!(
                "<p class=\"change down {class}\">{fall} <span class=\"verdict\">{words}</span></p>"
            )
        );
        // The tables say it too.
        assert_contains!(
            site.page("cijfers/weglopers/index.html"),
            &format!("−25% t.o.v. 2019 {words}")
        );
    }
    // The colours belong to good and bad news, not to a rise and a fall.
    let css = std::fs::read_dir(neutral.path("public"))
        .unwrap()
        .filter_map(|e| e.ok())
        .find(|e| e.file_name().to_string_lossy().starts_with("style."))
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .unwrap();
    assert_contains!(css, ".change.better { color: var(--better); }");
    assert_lacks!(css, ".change.up {");
    assert_lacks!(css, ".change.down {");
}

// -- Sites in any language, with no code of their own ------------------------------------

use std::collections::{BTreeMap, BTreeSet};

/// Every language file the theme ships, by code.
fn theme_strings() -> BTreeMap<&'static str, BTreeMap<String, String>> {
    [
        ("nl", include_str!("../../templates/i18n/nl.yaml")),
        ("fr", include_str!("../../templates/i18n/fr.yaml")),
        ("en", include_str!("../../templates/i18n/en.yaml")),
        ("de", include_str!("../../templates/i18n/de.yaml")),
    ]
    .into_iter()
    .map(|(code, text)| (code, jaarverslag::load::yaml::from_str(text).unwrap()))
    .collect()
}

/// Interface sentences of a language that no other language shares, which show on every
/// page or on many: none of another language's may appear on a site that lacks it.
const TELLING_KEYS: [&str; 9] = [
    "skip_link",
    "footer_published_by",
    "chart_show_table",
    "chart_svg_link",
    "year_toc",
    "metric_definition",
    "metrics_intro",
    "home_key_figures_intro",
    "not_found_intro",
];

/// The built site's HTML and XML files, by path under public/.
fn built_pages(site: &TestSite) -> BTreeMap<String, String> {
    let public = site.path("public");
    walkdir::WalkDir::new(&public)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            let name = e.file_name().to_string_lossy();
            name.ends_with(".html") || name.ends_with(".xml") || name.ends_with(".svg")
        })
        .map(|e| {
            let rel = e.path().strip_prefix(&public).unwrap();
            (
                rel.to_string_lossy().replace('\\', "/"),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect()
}

/// A fixture built with the real binary, checked for what every language must get right:
/// `html lang` on every page of each language, the feed's `xml:lang`, no interface
/// sentence of a language the site lacks, and its numbers and dates as the language
/// writes them (1,145,000 and the first of March 2022 are in every fixture).
fn check_site(fixture: &str, languages: &[(&str, &str, &str, &str)]) -> TestSite {
    let site = TestSite::new(fixture);
    site.build_ok();
    let pages = built_pages(&site);
    let strings = theme_strings();
    let codes: BTreeSet<&str> = languages.iter().map(|l| l.0).collect();
    for (code, prefix, number, date) in languages {
        let in_language = |path: &str| {
            if prefix.is_empty() {
                !codes.iter().any(|c| path.starts_with(&format!("{c}/")))
            } else {
                path.starts_with(prefix)
            }
        };
        let html: Vec<(&String, &String)> = pages
            .iter()
            .filter(|(p, _)| p.ends_with(".html") && in_language(p))
            .collect();
        assert!(html.len() >= 10, "{fixture} {code}: {} pages", html.len());
        for (path, text) in &html {
            assert_contains!(text, &format!("<html lang=\"{code}\">"), "{path}");
        }
        let feed = &pages[&format!("{prefix}atom.xml")];
        assert_contains!(feed, &format!("xml:lang=\"{code}\""));
        let home = &pages[&format!("{prefix}index.html")];
        assert_contains!(home, number);
        let report = &pages[&format!("{prefix}2021/index.html")];
        assert_contains!(report, date);
        // The language's own interface words are there…
        let own = &strings[code];
        assert_contains!(home, &own["skip_link"]);
        // …and no other language's.
        for (other, words) in strings.iter().filter(|(c, _)| !codes.contains(*c)) {
            for key in TELLING_KEYS {
                let said = &words[key];
                for (path, text) in &html {
                    assert!(
                        !text.contains(said.as_str()),
                        "{fixture}: {path} has `{said}` ({other}'s {key})"
                    );
                }
            }
        }
    }
    site
}

#[test]
fn a_french_only_site() {
    let site = check_site(
        "french",
        &[("fr", "", "1\u{202f}145\u{202f}000", "1er mars 2022")],
    );
    let home = site.read("public/index.html");
    // French typography, French addresses and ids, the theme's default kinds in French.
    assert_contains!(home, "<a class=\"skip-link\" href=\"#contenu\">");
    assert_contains!(home, "Données ouvertes\u{202f}: ");
    assert_contains!(site.read("public/2021/index.html"), "Source\u{202f}: ");
    assert!(site.path("public/chiffres/colis/colis.csv").is_file());
    assert!(site.path("public/graphiques/theme-aide-1.svg").is_file());
    assert_contains!(site.page("publications/index.html"), "Rapport, <time");
    // One language: no alternates, and a sitemap without hreflang.
    assert_lacks!(home, "hreflang");
    assert_lacks!(site.read("public/sitemap.xml"), "hreflang");
}

#[test]
fn an_english_only_site() {
    let site = check_site("english", &[("en", "", "1,145,000", "March 1, 2022")]);
    let home = site.read("public/index.html");
    assert_contains!(home, "<a class=\"skip-link\" href=\"#content\">");
    assert_contains!(home, "<h2 id=\"key-figures\">Key figures</h2>");
    assert!(site.path("public/figures/loans/loans.csv").is_file());
    assert!(site.path("public/charts/theme-lending-1.csv").is_file());
    assert_contains!(site.page("publications/index.html"), "Report, <time");
    // `better: up` on loans, which rose: said in English.
    assert_contains!(site.page("2021/index.html"), "(an improvement)");
    // No Dutch left in the addresses or ids.
    for (path, text) in built_pages(&site) {
        for dutch in [
            "/cijfers/",
            "/grafieken/",
            "#inhoud",
            "id=\"kerncijfers\"",
            "thema-",
        ] {
            assert!(!text.contains(dutch), "{path} has {dutch}");
        }
    }
    assert_lacks!(site.read("public/sitemap.xml"), "hreflang");
}

#[test]
fn a_german_only_site() {
    let site = check_site("german", &[("de", "", "1.145.000", "1. März 2022")]);
    assert_contains!(site.read("public/index.html"), "href=\"#inhalt\"");
    assert!(site.path("public/zahlen/ausleihen/ausleihen.csv").is_file());
    assert!(site.path("public/grafiken/thema-ausleihe-1.svg").is_file());
    // A share or change gets CLDR's German percent: a no-break space before the sign.
    assert_contains!(site.read("public/2021/index.html"), "+4\u{a0}%");
}

#[test]
fn a_trilingual_site() {
    let site = check_site(
        "trilingual",
        &[
            ("nl", "", "1.145.000", "1 maart 2022"),
            ("fr", "fr/", "1\u{202f}145\u{202f}000", "1er mars 2022"),
            ("en", "en/", "1,145,000", "March 1, 2022"),
        ],
    );
    // Each page names its twins in the two other languages, and itself.
    let home = site.read("public/index.html");
    for (lang, href) in [
        ("nl", "https://example.org/drie/"),
        ("fr", "https://example.org/drie/fr/"),
        ("en", "https://example.org/drie/en/"),
    ] {
        assert_contains!(
            home,
            &format!("<link rel=\"alternate\" hreflang=\"{lang}\" href=\"{href}\">")
        );
    }
    assert_contains!(
        site.read("public/en/figures/uitleningen/index.html"),
        "<link rel=\"alternate\" hreflang=\"fr\" href=\"https://example.org/drie/fr/chiffres/uitleningen/\">"
    );
    // The sitemap lists every page with its three languages.
    let sitemap = site.read("public/sitemap.xml");
    assert_contains!(
        sitemap,
        "<url><loc>https://example.org/drie/2021/</loc><xhtml:link rel=\"alternate\" hreflang=\"nl\" href=\"https://example.org/drie/2021/\"/><xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/drie/en/2021/\"/><xhtml:link rel=\"alternate\" hreflang=\"fr\" href=\"https://example.org/drie/fr/2021/\"/></url>"
    );
    for page in [
        "fr/2021/",
        "en/2021/",
        "en/publications/activiteiten-2021/",
        "fr/themes/uitlening/",
    ] {
        assert_contains!(
            sitemap,
            &format!("<loc>https://example.org/drie/{page}</loc>")
        );
    }
    // The metric's CSV is the default language's, once.
    assert!(site
        .path("public/cijfers/uitleningen/uitleningen.csv")
        .is_file());
    assert!(!site
        .path("public/en/figures/uitleningen/uitleningen.csv")
        .exists());
}

/// `new` writes its scaffold in the site's default language, and what it leaves blank
/// does not publish in that language either.
#[test]
fn new_writes_the_scaffold_in_the_sites_language() {
    for (fixture, title, heading) in [
        (
            "english",
            "title: \"«TO FILL IN: the title, e.g. Annual report 2022»\"",
            "## Introduction",
        ),
        (
            "french",
            "title: \"«À COMPLÉTER: le titre, p. ex. Rapport annuel 2022»\"",
            "## Introduction",
        ),
        (
            "german",
            "title: \"«AUSZUFÜLLEN: der Titel, z. B. Jahresbericht 2022»\"",
            "## Einleitung",
        ),
    ] {
        let site = TestSite::new(fixture);
        site.run(&["new", "2022"]).expect_success();
        let report = site.read("content/years/2022/report.md");
        assert_contains!(report, title);
        assert_contains!(report, heading);
        assert_lacks!(report, "IN TE VULLEN");
        assert_lacks!(site.read("content/years/2022/figures.yaml"), "Cijfers voor");
        let date = report.lines().find(|l| l.starts_with("date:")).unwrap();
        site.replace("content/years/2022/report.md", date, "date: 2023-05-01");
        site.build_in_process()
            .expect_failure()
            .stderr_contains("4 errors in the content")
            .stderr_contains("the `title` is still the placeholder of `jaarverslag new`")
            .stderr_contains("content/years/2022/report.md:12:1: text left from `jaarverslag new`");
    }
}
