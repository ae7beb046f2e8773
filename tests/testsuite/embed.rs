//! A chart taken elsewhere: its permalink, its page for other sites (`grafieken/<name>.html`)
//! and the `<iframe>` code that shows it there.

use crate::site_test::{assert_fails, built};

/// Every `src="…"` and `href="…"` of a page.
fn addresses(html: &str) -> Vec<&str> {
    let mut found = Vec::new();
    for attribute in [" src=\"", " href=\""] {
        let mut rest = html;
        while let Some(at) = rest.find(attribute) {
            let start = at + attribute.len();
            let len = rest[start..].find('"').unwrap();
            found.push(&rest[start..start + len]);
            rest = &rest[start + len..];
        }
    }
    found
}

#[test]
fn every_chart_file_has_a_page_for_other_sites_that_loads_nothing_from_elsewhere() {
    let site = built("basic");
    let mut pages = 0;
    for entry in std::fs::read_dir(site.path("public/grafieken")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "svg") {
            continue;
        }
        let html = std::fs::read_to_string(path.with_extension("html"))
            .unwrap_or_else(|e| panic!("{}: no page for other sites: {e}", path.display()));
        pages += 1;
        assert_contains!(html, "<html lang=\"nl\">");
        assert_contains!(html, "<meta name=\"robots\" content=\"noindex\">");
        // Its links open outside the frame.
        assert_contains!(html, "<base target=\"_blank\">");
        assert_lacks!(html, "<script");
        assert_contains!(html, "<svg");
        // It loads only the site's own stylesheet; its links go to this site, or to a
        // source's original (none in this fixture).
        for address in addresses(&html) {
            assert!(
                address.starts_with("/rapport/")
                    || address.starts_with("https://example.org/rapport/"),
                "{}: {address}",
                path.display()
            );
        }
    }
    // The metric's chart, the theme's and the 2020 bar chart of the theme's group.
    assert!(pages >= 3, "{pages} pages for other sites");

    let embed = site.read("public/grafieken/weglopers.html");
    assert_contains!(
        embed,
        "<link rel=\"canonical\" href=\"https://example.org/rapport/cijfers/weglopers/#chart-weglopers-figuur\">"
    );
    assert_contains!(embed, "<h1>Weglopers: verloop per jaar</h1>");
    assert_contains!(embed, "<p class=\"source\">Bron: ");
    assert_contains!(embed, "Persbericht over 2020");
    // The table of the values, a gap said as such.
    assert_contains!(embed, "<th scope=\"row\">2018</th><td>geen cijfer</td>");
    assert_contains!(
        embed,
        "<p class=\"back\"><a href=\"https://example.org/rapport/cijfers/weglopers/#chart-weglopers-figuur\">Meer cijfers en uitleg op Testrapport</a></p>"
    );
    // Not in the sitemap: its chart is, on its page.
    assert_lacks!(site.read("public/sitemap.xml"), "grafieken/");
}

#[test]
fn a_chart_shows_its_permalink_and_its_embed_code_as_text() {
    let site = built("basic");
    let page = site.read("public/cijfers/weglopers/index.html");
    assert_contains!(
        page,
        "<figure class=\"chart-figure\" id=\"chart-weglopers-figuur\">"
    );
    assert_contains!(
        page,
        "<a class=\"permalink\" href=\"https://example.org/rapport/cijfers/weglopers/#chart-weglopers-figuur\" aria-label=\"Link naar deze grafiek: Weglopers: verloop per jaar\">Link naar deze grafiek</a>"
    );
    // The code is text (escaped once), to select; the button is hidden until copy.js
    // shows it.
    assert_contains!(
        page,
        "<code id=\"chart-weglopers-figuur-code\">&lt;iframe src=&quot;https://example.org/rapport/grafieken/weglopers.html&quot; title=&quot;Weglopers: verloop per jaar&quot; width=&quot;640&quot; height=&quot;"
    );
    assert_contains!(
        page,
        "<button type=\"button\" hidden data-copy=\"chart-weglopers-figuur-code\""
    );
    assert_contains!(page, "/rapport/copy.");
    assert_contains!(
        page,
        "<a href=\"/rapport/grafieken/weglopers.html\" aria-label=\"Bekijk de ingesloten grafiek: Weglopers: verloop per jaar\">"
    );
    // The same chart on the home page links to its own place, the metric's page.
    let home = site.read("public/index.html");
    assert_contains!(
        home,
        "href=\"https://example.org/rapport/cijfers/weglopers/#chart-weglopers-figuur\""
    );
    // A theme's chart has its own place on the theme's page.
    let theme = site.read("public/themas/online/index.html");
    assert_contains!(
        theme,
        "<a class=\"permalink\" href=\"https://example.org/rapport/themas/online/#thema-online-1-figuur\""
    );
    assert_contains!(
        site.read("public/grafieken/thema-online-1.html"),
        "<link rel=\"canonical\" href=\"https://example.org/rapport/themas/online/#thema-online-1-figuur\">"
    );
}

#[test]
fn a_year_pages_bar_chart_is_a_file_with_its_page_for_other_sites() {
    let site = built("basic");
    let page = site.read("public/2020/index.html");
    assert_contains!(
        page,
        "<figure class=\"chart-figure\" id=\"jaar-2020-online-1-figuur\">"
    );
    assert_contains!(
        page,
        "<a class=\"permalink\" href=\"https://example.org/rapport/2020/#jaar-2020-online-1-figuur\""
    );
    assert_contains!(page, "href=\"/rapport/grafieken/jaar-2020-online-1.svg\"");
    let svg = site.read("public/grafieken/jaar-2020-online-1.svg");
    assert_contains!(svg, "Online dossiers per soort in 2020</text>");
    assert_contains!(svg, "Testrapport · https://example.org/rapport/");
    assert!(site
        .path("public/grafieken/jaar-2020-online-1.png")
        .is_file());
    // One row per metric drawn (those with a 2020 value: sextortion has none), with its
    // source.
    let csv = site.read("public/grafieken/jaar-2020-online-1.csv");
    assert_contains!(
        csv,
        "2020,grooming,Grooming,dossiers,129,Persbericht over 2020"
    );
    assert_contains!(
        csv,
        "2020,sexting,Sexting,dossiers,200,Persbericht over 2020"
    );
    assert_eq!(csv.lines().count(), 3, "{csv}");
    assert_contains!(
        site.read("public/grafieken/jaar-2020-online-1.html"),
        "<link rel=\"canonical\" href=\"https://example.org/rapport/2020/#jaar-2020-online-1-figuur\">"
    );
}

#[test]
fn the_page_for_other_sites_speaks_its_language() {
    let site = built("bilingual");
    let fr = site.read("public/fr/graphiques/weglopers.html");
    assert_contains!(fr, "<html lang=\"fr\">");
    assert_contains!(fr, "Plus de chiffres et d’explications sur");
    assert_contains!(
        fr,
        "href=\"https://example.org/rapport/fr/chiffres/weglopers/#chart-weglopers-figure\""
    );
    let page = site.read("public/fr/chiffres/weglopers/index.html");
    assert_contains!(page, "Intégrer le graphique");
    assert_contains!(
        page,
        "&lt;iframe src=&quot;https://example.org/rapport/fr/graphiques/weglopers.html&quot;"
    );
    // The year chart's file name takes the language's word.
    let names: Vec<String> = std::fs::read_dir(site.path("public/fr/graphiques"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("annee-") && n.ends_with(".html")),
        "{names:?}"
    );
    assert!(!names.iter().any(|n| n.starts_with("jaar-")), "{names:?}");
}

#[test]
fn a_metric_id_that_is_the_name_of_a_year_chart() {
    assert_fails(
        |s| {
            let metrics = s.read("content/metrics.yaml");
            s.write(
                "content/metrics.yaml",
                format!("{metrics}- id: jaar-2020-online-1\n  label: Botsing\n  theme: online\n  unit: dossiers\n  description: Botst.\n"),
            );
        },
        &[
            "content/metrics.yaml:39: /grafieken/jaar-2020-online-1.csv is the address of the nl chart of metric `jaar-2020-online-1` and also of the nl chart 1 of theme `online` on the 2020 page (content/site.yaml)",
        ],
    );
}
