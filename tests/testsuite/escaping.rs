//! Hostile text in every place an author can write comes out as text, never as markup: in
//! the HTML pages, the SVG charts, the Atom feed and the sitemap. The XML files are parsed
//! to prove it.

use crate::site_test::*;

const HOSTILE: &str = r#"<script>alert(1)</script> " onmouseover="alert(2)" ]]> & </svg>"#;

/// The fixture with HOSTILE in the site title, a theme label, a metric label, a note, a
/// free-text source, a publication's title and body, and a page.
fn hostile_site() -> TestSite {
    let site = TestSite::new("basic");
    let yaml = format!("'{HOSTILE}'");
    // Its numbers are no figures (deny by default would refuse them).
    site.write(
        "content/site.yaml",
        format!(
            "{}not_figures:\n  \"alert(1)\": a script\n  \"alert(2)\": a script\n  \"alert(3)\": a script\n",
            site.read("content/site.yaml")
        ),
    );
    site.replace(
        "content/site.yaml",
        "title: Testrapport",
        &format!("title: {yaml}"),
    );
    site.replace(
        "content/site.yaml",
        "label: Online veiligheid",
        &format!("label: {yaml}"),
    );
    site.replace(
        "content/metrics.yaml",
        "label: Grooming",
        &format!("label: {yaml}"),
    );
    site.replace(
        "content/years/2020/figures.yaml",
        "note: Tijdens de lockdowns liepen minder jongeren weg.",
        &format!("note: {yaml}"),
    );
    site.replace(
        "content/years/2016/figures.yaml",
        "source: Jaarverslag 2016",
        &format!("source: {yaml}"),
    );
    site.replace(
        "content/publications/cijfers-2017.md",
        "title: Cijfers 2017",
        &format!("title: {yaml}"),
    );
    site.replace(
        "content/publications/cijfers-2017.md",
        "Sexting in 2016",
        &format!("{HOSTILE}\n\n<img src=x onerror=alert(3)>\n\nSexting in 2016"),
    );
    site.build_ok();
    site
}

#[test]
fn html_pages_show_hostile_text_as_text() {
    let site = hostile_site();
    let escaped = "&lt;script&gt;alert(1)&lt;/script&gt;";
    let mut pages = 0;
    for (path, bytes) in snapshot(&site.path("public")) {
        let name = path.to_string_lossy();
        // CSV and JSON carry the text as data, which is right; markup must escape it.
        if ![".html", ".xml", ".svg"].iter().any(|e| name.ends_with(e)) {
            continue;
        }
        let text = String::from_utf8_lossy(&bytes);
        // The theme's own scripts (each its own file, hashed): the copy button's on
        // every page, search's on the home pages. No other script element.
        let text = without_site_scripts(&text);
        assert_lacks!(text, "<script", "{name} has a script element");
        // A raw quote inside a tag would end the attribute and start a handler; in text
        // content it is harmless.
        for (i, _) in text.match_indices("\" onmouseover=") {
            let open = text[..i].rfind('<');
            let close = text[..i].rfind('>');
            assert!(
                open <= close,
                "{name} has an event handler: {}",
                &text[i.saturating_sub(100)..i + 30]
            );
        }
        assert_lacks!(text, "<img src=x", "{name} passes raw HTML through");
        if name.ends_with(".html") {
            pages += 1;
        }
    }
    assert!(pages > 10);
    // And the text is there, escaped, where the author put it.
    assert_contains!(
        site.read("public/index.html"),
        format!("<a class=\"site-title\" href=\"/rapport/\">{escaped}")
    );
    let metric = site.read("public/cijfers/grooming/index.html");
    assert_contains!(
        metric,
        format!(
            "<h1>{escaped} &quot; onmouseover=&quot;alert(2)&quot; ]]&gt; &amp; &lt;/svg&gt;</h1>"
        )
    );
    let year = site.read("public/2020/index.html");
    assert_contains!(year, format!("<p class=\"note\">{escaped}"));
    let publication = site.read("public/publicaties/cijfers-2017/index.html");
    assert_contains!(publication, "&lt;img src=x onerror=alert(3)&gt;");
}

#[test]
fn svg_charts_stay_well_formed() {
    let site = hostile_site();
    let mut charts = 0;
    for (path, bytes) in snapshot(&site.path("public/grafieken")) {
        if path.extension().and_then(|e| e.to_str()) != Some("svg") {
            continue;
        }
        charts += 1;
        let text = String::from_utf8(bytes).unwrap();
        let doc =
            roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(doc.descendants().all(|n| n.tag_name().name() != "script"));
    }
    assert!(charts >= 4);
    // The grooming chart carries the hostile label in its title, as text.
    let text = site.read("public/grafieken/grooming.svg");
    let doc = roxmltree::Document::parse(&text).unwrap();
    let title = doc.descendants().find(|n| n.has_tag_name("title")).unwrap();
    assert_contains!(title.text().unwrap(), HOSTILE, "{:?}", title.text());
    // The theme chart has it in its legend.
    let theme = site.read("public/grafieken/thema-online-1.svg");
    let doc = roxmltree::Document::parse(&theme).unwrap();
    assert!(doc
        .descendants()
        .any(|n| n.is_text() && n.text().unwrap().contains("<script>")));
}

#[test]
fn feed_and_sitemap_stay_well_formed() {
    let site = hostile_site();
    let atom = site.read("public/atom.xml");
    let doc = roxmltree::Document::parse(&atom).unwrap();
    let feed_title = doc
        .root_element()
        .children()
        .find(|n| n.has_tag_name("title"))
        .unwrap();
    assert_eq!(feed_title.text(), Some(HOSTILE));
    let titles: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .filter_map(|e| {
            e.children()
                .find(|n| n.has_tag_name("title"))
                .and_then(|t| t.text())
        })
        .collect();
    assert!(titles.contains(&HOSTILE), "{titles:?}");
    let sitemap = site.read("public/sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    assert!(doc.descendants().filter(|n| n.has_tag_name("loc")).count() > 10);
}

/// On main the placeholders' characters in a link title were replaced too, and the tool's
/// own `<data>` markup landed inside `title="…"`.
#[test]
fn placeholder_characters_in_a_link_title_stay_text() {
    let site = TestSite::new("basic");
    site.write(
        "content/pages/over.md",
        "---\ntitle: Over ons\nsummary: Wie we zijn.\norder: 1\n---\n\
         {{ figure(id=\"grooming\", year=2017) }} [x](https://example.org/ \"t \u{E000}0\u{E001}\")\n",
    );
    site.build_ok();
    let page = site.page("over/index.html");
    assert_contains!(
        page,
        "<a href=\"https://example.org/\" title=\"t \u{E000}0\u{E001}\">x</a>"
    );
    assert_eq!(page.matches("<data").count(), 1, "{page}");
    // The figure is where the shortcode was.
    assert_contains!(page, "<p><data class=\"figure\"");
}

/// `text` without the theme's own scripts: `<script src=".../copy.<8 hex digits>.js"
/// defer></script>` (every page: the copy button of a chart's embed code) and the same of
/// `search` (the home pages). Any other script is left for the caller to find.
fn without_site_scripts(text: &str) -> String {
    let mut text = text.to_string();
    let mut from = 0;
    while let Some(found) = text[from..].find("<script src=\"") {
        let at = from + found;
        let Some(len) = text[at..].find("</script>") else {
            break;
        };
        let tag = &text[at..at + len + "</script>".len()];
        let src = &tag["<script src=\"".len()
            ..tag
                .find("\" defer></script>")
                .unwrap_or(0)
                .max("<script src=\"".len())];
        let file = src.rsplit('/').next().unwrap_or("");
        let hash = ["search.", "copy."]
            .iter()
            .find_map(|name| file.strip_prefix(name))
            .and_then(|f| f.strip_suffix(".js"));
        let is_site_script = tag.ends_with("\" defer></script>")
            && !src.contains(['"', '<', '>'])
            && hash.is_some_and(|h| h.len() == 8 && h.bytes().all(|b| b.is_ascii_hexdigit()));
        if !is_site_script {
            break;
        }
        let tag_len = tag.len();
        text.replace_range(at..at + tag_len, "");
        from = at;
    }
    text
}
