//! A two-language site: Dutch at `/`, French under `/fr/` with French URL words, every
//! page linked to its twin, French formatting in tables and charts, and a missing
//! translation key as a build error.

use crate::site_test::*;
use std::collections::BTreeMap;

const NNBSP: char = '\u{202f}';

/// `<link rel="alternate" hreflang="xx" href="...">` of a page, by language.
fn alternates(html: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for part in html.split("<link rel=\"alternate\" hreflang=\"").skip(1) {
        let lang = &part[..part.find('"').unwrap()];
        let href_at = part.find("href=\"").unwrap() + 6;
        let href = &part[href_at..href_at + part[href_at..].find('"').unwrap()];
        out.insert(lang.to_string(), href.to_string());
    }
    out
}

fn canonical(html: &str) -> String {
    let at = html.find("<link rel=\"canonical\" href=\"").unwrap() + 28;
    html[at..at + html[at..].find('"').unwrap()].to_string()
}

#[test]
fn french_pages_live_under_fr_with_french_words() {
    let site = built("bilingual");
    for page in [
        "fr/index.html",
        "fr/chiffres/index.html",
        "fr/chiffres/weglopers/index.html",
        "fr/themes/index.html",
        "fr/themes/online/index.html",
        "fr/publications/index.html",
        "fr/publications/persbericht-2020/index.html",
        "fr/2020/index.html",
        "fr/over/index.html",
        "fr/404.html",
        "fr/atom.xml",
        "fr/graphiques/weglopers.svg",
    ] {
        assert!(site.path("public").join(page).is_file(), "missing {page}");
    }
    // Untranslated documents have no French page.
    assert!(!site.path("public/fr/2017/index.html").exists());
    assert!(!site
        .path("public/fr/publications/cijfers-2017/index.html")
        .exists());
    // Every page says its language.
    for (path, bytes) in snapshot(&site.path("public")) {
        let name = path.to_string_lossy().into_owned();
        if !name.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        let lang = if name.starts_with("fr/") { "fr" } else { "nl" };
        assert_contains!(html, format!("<html lang=\"{lang}\">"), "{name}");
    }
    let feed = site.read("public/fr/atom.xml");
    assert_contains!(feed, "xml:lang=\"fr\"");
    assert_contains!(feed, "<title>Rapport annuel 2020</title>");
}

#[test]
fn every_translated_page_links_to_its_twin_and_back() {
    let site = built("bilingual");
    let pages: BTreeMap<String, String> = snapshot(&site.path("public"))
        .into_iter()
        .filter(|(p, _)| p.to_string_lossy().ends_with("index.html"))
        .map(|(p, b)| {
            (
                p.to_string_lossy().into_owned(),
                String::from_utf8(b).unwrap(),
            )
        })
        .collect();
    let by_url: BTreeMap<String, &String> =
        pages.values().map(|html| (canonical(html), html)).collect();
    let mut pairs = 0;
    for (path, html) in &pages {
        let here = canonical(html);
        let lang = if path.starts_with("fr/") { "fr" } else { "nl" };
        let other = if lang == "fr" { "nl" } else { "fr" };
        let alt = alternates(html);
        match alt.get(other) {
            Some(twin_url) => {
                pairs += 1;
                assert_eq!(alt.get(lang), Some(&here), "{path} names itself");
                let twin = by_url
                    .get(twin_url)
                    .unwrap_or_else(|| panic!("{path}: twin {twin_url} was not built"));
                assert_eq!(
                    alternates(twin).get(lang),
                    Some(&here),
                    "{twin_url} does not link back to {here}"
                );
            }
            None => {
                // No twin: the switcher goes to the other language's home and says so.
                let home = if other == "fr" {
                    "/rapport/fr/"
                } else {
                    "/rapport/"
                };
                assert_contains!(
                    html,
                    format!("<a href=\"{home}\" hreflang=\"{other}\""),
                    "{path} has no way to the other language"
                );
                let note = if other == "fr" {
                    "cette page n&#39;est pas traduite"
                } else {
                    "deze pagina is niet vertaald"
                };
                assert_contains!(html, note, "{path}");
            }
        }
    }
    assert!(pairs >= 30, "{pairs} pages with a twin");
    // The sitemap has the same pairs.
    let sitemap = site.read("public/sitemap.xml");
    assert_contains!(sitemap, "<url><loc>https://example.org/rapport/fr/chiffres/weglopers/</loc><xhtml:link rel=\"alternate\" hreflang=\"nl\" href=\"https://example.org/rapport/cijfers/weglopers/\"/><xhtml:link rel=\"alternate\" hreflang=\"fr\" href=\"https://example.org/rapport/fr/chiffres/weglopers/\"/></url>");
}

#[test]
fn french_formats_in_tables_charts_and_prose() {
    let site = built("bilingual");
    // Raw HTML: folding white space would fold the narrow no-break spaces too.
    let page = site.read("public/fr/chiffres/weglopers/index.html");
    // A table: thousands with a narrow no-break space, the change with a spaced percent.
    assert_contains!(page, format!("<td class=\"number\">1{NNBSP}050</td>"));
    assert_contains!(page, format!("−25{NNBSP}% par rapport à 2019"));
    assert_contains!(page, "<h1>Fugues</h1>");
    // The chart: a French axis label and a French description.
    let svg = site.read("public/fr/graphiques/weglopers.svg");
    // 1 500 is only on the y axis (the values are 1 000, 1 400 and 1 050).
    assert_contains!(svg, format!("1{NNBSP}500"));
    assert_contains!(svg, format!("de 1{NNBSP}000 en 2016 à 1{NNBSP}050 en 2020"));
    // Prose in the French report, with links mapped to French pages.
    let report = site.read("public/fr/2020/index.html");
    assert_contains!(report, format!(">1{NNBSP}050</data> jeunes ont fugué"));
    assert_contains!(report, format!(">−25{NNBSP}%</span>"));
    assert_contains!(report, "href=\"/rapport/fr/chiffres/weglopers/\"");
    // A French date.
    assert_contains!(report, "Date de publication\u{202f}: 18 mai 2021");
    // The Dutch pages are unchanged.
    assert_contains!(
        site.page("cijfers/weglopers/index.html"),
        "<td class=\"number\">1.050</td>"
    );
}

/// A language the theme does not ship, the default of a site, with a file that lacks a
/// key. (A site's file for a language the theme ships is laid over the theme's key by
/// key, so a key missing there is the theme's: see the next test.)
#[test]
fn a_missing_translation_key_fails_the_build() {
    assert_fails_in(
        "basic",
        |s| {
            let strings = std::fs::read_to_string(
                std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/i18n/en.yaml"),
            )
            .unwrap();
            let without: String = strings
                .lines()
                .filter(|l| !l.starts_with("nav_home:"))
                .map(|l| format!("{l}\n"))
                .collect();
            s.write("templates/i18n/es.yaml", without);
            s.replace("content/site.yaml", "language: nl", "language: es");
        },
        &[
            "templates/i18n/es.yaml",
            "missing translation key `nav_home` for `es`",
        ],
    );
}

#[test]
fn a_site_changes_one_word_of_a_language_the_theme_ships() {
    let site = TestSite::new("bilingual");
    site.write("templates/i18n/fr.yaml", "nav_home: Accueil du site\n");
    site.build_ok();
    let home = site.read("public/fr/index.html");
    assert_contains!(home, ">Accueil du site<");
    // Every other word is still the theme's.
    assert_contains!(home, ">Thèmes<");
}

#[test]
fn a_missing_metric_translation_fails_the_build() {
    assert_fails(
        |s| {
            s.replace(
                "content/metrics.yaml",
                "  translations:\n    fr: {label: \"Sexting\", unit: \"dossiers\", description: \"Dossiers de sexting.\"}\n",
                "",
            )
        },
        &[
            "content/metrics.yaml:",
            "metric `sexting` has no `fr` translation",
        ],
    );
}

#[test]
fn a_translation_without_its_original_fails_the_build() {
    assert_fails(
        |s| {
            s.write(
                "content/pages/weg.fr.md",
                "---\ntitle: Perdu\n---\nTexte.\n",
            )
        },
        &[
            "content/pages/weg.fr.md",
            "a translation without its original",
        ],
    );
}

// -- two sources for one address, in French ------------------------------------------------
// Each names both sources, the place of each, and what to change (see src/urls.rs).

const PAGE: &str = "---\ntitle: Pagina\n---\nTekst.\n";
const PAGE_FR: &str = "---\ntitle: Page\n---\nTexte.\n";

/// Before the check, the page and the French list of figures were both rendered to
/// /fr/chiffres/, and which one was published changed from build to build.
#[test]
fn a_french_page_at_the_address_of_the_french_list_of_figures() {
    assert_fails(
        |s| {
            s.write("content/pages/chiffres.md", PAGE);
            s.write("content/pages/chiffres.fr.md", PAGE_FR);
        },
        &[
            "1 error in the content",
            "content/pages/chiffres.fr.md: /fr/chiffres/ is the address of this page and also of the fr list of figures at the URL word `chiffres` (templates/i18n/fr.yaml of the built-in theme)",
            "hint: rename content/pages/chiffres.fr.md, or change the URL word `chiffres` of fr in site.yaml (under `languages: fr: words:`)",
        ],
    );
}

/// Without a French twin, the Dutch page `chiffres` is at /chiffres/: no collision.
#[test]
fn a_dutch_page_named_like_a_french_section_builds() {
    // (A page of one language says so: issue 24, every document in every language.)
    let site = TestSite::new("bilingual").with_file(
        "content/pages/chiffres.md",
        PAGE.replace("title: Pagina\n", "title: Pagina\nuntranslated: [fr]\n"),
    );
    site.build_ok();
    assert_contains!(site.page("chiffres/index.html"), "Tekst.");
    let list = site.page("fr/chiffres/index.html");
    assert_contains!(list, "/rapport/fr/chiffres/grooming/");
    assert_lacks!(list, "Tekst.");
}

#[test]
fn french_pages_at_the_addresses_of_french_sections() {
    assert_fails(
        |s| {
            for slug in ["themes", "publications", "graphiques"] {
                s.write(&format!("content/pages/{slug}.md"), PAGE);
                s.write(&format!("content/pages/{slug}.fr.md"), PAGE_FR);
            }
            s.write("content/pages/fr.md", PAGE);
        },
        &[
            "content/pages/themes.fr.md: /fr/themes/ is the address of this page and also of the fr list of themes at the URL word `themes` (templates/i18n/fr.yaml of the built-in theme)",
            "content/pages/publications.fr.md: /fr/publications/ is the address of this page and also of the fr list of publications at the URL word `publications` (templates/i18n/fr.yaml of the built-in theme)",
            "content/pages/graphiques.fr.md: /fr/graphiques/ is the address of this page, in the folder /fr/graphiques/, which the site fills with the fr charts at the URL word `graphiques` (templates/i18n/fr.yaml of the built-in theme)",
            "content/pages/fr.md: /fr/ is the address of this page and also of the fr home page (content/site.yaml)",
            "hint: rename content/pages/fr.md\n",
        ],
    );
}

#[test]
fn french_url_words_that_collide() {
    assert_fails(
        |s| {
            s.replace(
                "content/site.yaml",
                "    title: Rapport de test\n",
                "    title: Rapport de test\n    words: {metrics: chiffres, themes: chiffres, publications: publications, charts: graphiques}\n",
            )
        },
        &[
            "content/site.yaml: /fr/chiffres/ is the address of the fr list of figures at the URL word `chiffres` and also of the fr list of themes at the URL word `chiffres` (content/site.yaml)",
            "hint: change the URL word `chiffres` of fr in site.yaml (under `languages: fr: words:`)\n",
        ],
    );
}

#[test]
fn a_french_url_word_that_is_a_year() {
    assert_fails(
        |s| {
            s.replace(
                "content/site.yaml",
                "    title: Rapport de test\n",
                "    title: Rapport de test\n    words: {metrics: \"2020\", themes: themes, publications: publications, charts: graphiques}\n",
            )
        },
        &[
            "content/years/2020/report.fr.md: /fr/2020/ is the address of this report and also of the fr list of figures at the URL word `2020` (content/site.yaml)",
            "hint: change the URL word `2020` of fr in site.yaml",
        ],
    );
}

#[test]
fn a_french_url_word_that_is_not_a_word() {
    assert_fails(
        |s| {
            s.replace(
                "content/site.yaml",
                "    title: Rapport de test\n",
                "    title: Rapport de test\n    words: {metrics: chiffres, themes: themes, publications: publications, charts: ../elders}\n",
            )
        },
        &[
            "content/site.yaml: the URL word `../elders` for `charts` of `fr` is not a plain word",
            "hint: use lowercase letters",
        ],
    );
}

#[test]
fn static_files_at_french_addresses() {
    assert_fails(
        |s| {
            for name in [
                "fr/atom.xml",
                "fr/404.html",
                "fr/2020/index.html",
                "fr/graphiques/eigen.csv",
                "fr/publications/persbericht-2020/index.html",
            ] {
                s.write(&format!("static/{name}"), "x");
            }
        },
        &[
            "static/fr/atom.xml: /fr/atom.xml is the address of this static file and also of the fr news feed (templates/atom.xml of the built-in theme)",
            "static/fr/404.html: /fr/404.html is the address of this static file and also of the fr page for unknown addresses (templates/404.html of the built-in theme)",
            "static/fr/2020/index.html: /fr/2020/ is the address of this static file and also of the fr report of 2020 (content/years/2020/report.fr.md)",
            "static/fr/graphiques/eigen.csv: /fr/graphiques/eigen.csv is the address of this static file, in the folder /fr/graphiques/, which the site fills with the fr charts at the URL word `graphiques` (templates/i18n/fr.yaml of the built-in theme)",
            "static/fr/publications/persbericht-2020/index.html: /fr/publications/persbericht-2020/ is the address of this static file and also of the fr publication (content/publications/persbericht-2020.fr.md)",
            "hint: move or rename static/fr/atom.xml\n",
        ],
    );
}

/// assert_fails builds the basic fixture; these need the bilingual one.
#[track_caller]
fn assert_fails(mutate: impl FnOnce(&TestSite), expected: &[&str]) {
    assert_fails_in("bilingual", mutate, expected);
}
