//! What a reader takes away: each chart as SVG and PNG with its title, sources and the
//! site drawn in, and each page's own share image.

use crate::site_test::built;
use std::path::Path;

/// The width and height of a PNG file, read from its header.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    let word = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (word(16), word(20))
}

/// The `content` of `<meta property|name="key" content="…">` in a page.
fn meta<'h>(html: &'h str, key: &str) -> &'h str {
    let needle = format!("=\"{key}\" content=\"");
    let at = html.find(&needle).unwrap_or_else(|| panic!("no {key}"));
    let start = at + needle.len();
    &html[start..start + html[start..].find('"').unwrap()]
}

#[test]
fn every_chart_is_a_file_that_says_what_it_shows_and_where_it_comes_from() {
    let site = built("basic");
    let charts = site.path("public/grafieken");
    let mut svgs = 0;
    for entry in std::fs::read_dir(&charts).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "svg") {
            continue;
        }
        svgs += 1;
        let png = std::fs::read(path.with_extension("png")).unwrap();
        // Drawn at twice the viewBox's 480 units.
        assert_eq!(png_size(&png).0, 960, "{}", path.display());
        let svg = std::fs::read_to_string(&path).unwrap();
        assert_contains!(svg, "Testrapport · https://example.org/rapport/");
        roxmltree::Document::parse(&svg).unwrap();
    }
    assert!(svgs >= 3, "{svgs} charts");
    let weglopers = site.read("public/grafieken/weglopers.svg");
    assert_contains!(weglopers, ">Weglopers: verloop per jaar</text>");
    assert_contains!(weglopers, "nieuwe dossiers");
    // The source of every value, in the order of the years, each once: free text as
    // written, a publication by its title and date.
    assert_contains!(
        weglopers,
        "Bronnen: Jaarverslag 2016; Persbericht over 2020 ("
    );
    assert_contains!(weglopers, "2021)");
    assert_eq!(weglopers.matches("Persbericht over 2020").count(), 1);
    // In the page, the chart is as it was: its caption and sources are HTML.
    let page = site.read("public/cijfers/weglopers/index.html");
    assert_lacks!(page, "Testrapport · https://example.org/rapport/");
    // Each link to a file names its chart for a screen reader, and says what it shows.
    for (ext, link) in [
        ("svg", "Grafiek als SVG-bestand"),
        ("png", "Grafiek als PNG-afbeelding"),
        ("csv", "Cijfers als CSV"),
    ] {
        assert_contains!(
            page,
            &format!(
                "<a href=\"/rapport/grafieken/weglopers.{ext}\" aria-label=\"{link}: Weglopers: \
                 verloop per jaar\">{link}</a>"
            )
        );
    }
}

#[test]
fn every_page_shares_an_image_of_its_own() {
    let site = built("bilingual");
    let public = site.path("public");
    let mut images = std::collections::BTreeMap::new();
    for entry in walkdir::WalkDir::new(&public) {
        let entry = entry.unwrap();
        let rel = entry
            .path()
            .strip_prefix(&public)
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        if !rel.ends_with("index.html") {
            continue;
        }
        let html = std::fs::read_to_string(entry.path()).unwrap();
        let image = meta(&html, "og:image");
        let folder = rel.trim_end_matches("index.html");
        let base = meta(&html, "og:url");
        assert_eq!(image, format!("{base}share.png"), "{rel}");
        assert_eq!(meta(&html, "twitter:image"), image, "{rel}");
        assert!(!meta(&html, "og:image:alt").is_empty(), "{rel}");
        let png = std::fs::read(public.join(folder).join("share.png")).unwrap();
        assert_eq!(png_size(&png), (1200, 630), "{rel}");
        images.insert(rel, png);
    }
    assert!(images.len() > 20, "{} pages", images.len());
    assert_ne!(images["index.html"], images["fr/index.html"]);
    assert_ne!(images["index.html"], images["cijfers/weglopers/index.html"]);
    // The 404 page shares its home's image; no image is the theme's static one.
    let not_found = site.read("public/404.html");
    assert_eq!(
        meta(&not_found, "og:image"),
        "https://example.org/rapport/share.png"
    );
    assert!(!Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("static/share.png")
        .exists());
}

#[test]
fn a_share_image_says_in_words_what_it_shows() {
    let site = built("bilingual");
    let metric = site.read("public/cijfers/weglopers/index.html");
    let alt = meta(&metric, "og:image:alt");
    assert_contains!(alt, "Weglopers: grafiek");
    let home = site.read("public/fr/index.html");
    assert_contains!(meta(&home, "og:image:alt"), " en 20");
}
