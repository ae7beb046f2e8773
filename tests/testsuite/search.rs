//! Search: `build` makes a static index per language with that language's stemming, the
//! home page has a labelled search form that says it needs JavaScript, and a build over
//! an unchanged output takes the previous index as it is.

use crate::site_test::*;

/// The words (as the index stores them: CBOR text) in a language's index chunks.
#[cfg(feature = "search")]
fn index_holds(site: &TestSite, lang: &str, word: &str) -> bool {
    use std::io::Read as _;
    let mut cbor = vec![0x60 + word.len() as u8];
    cbor.extend_from_slice(word.as_bytes());
    let dir = site.path("public/pagefind/index");
    std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.starts_with(&format!("{lang}_")) && name.ends_with(".pf_index")
        })
        .any(|p| {
            let mut text = Vec::new();
            flate2::read::GzDecoder::new(std::fs::File::open(&p).unwrap())
                .read_to_end(&mut text)
                .unwrap();
            assert!(text.starts_with(b"pagefind_dcd"), "{}", p.display());
            text.windows(cbor.len()).any(|w| w == cbor.as_slice())
        })
}

#[cfg(feature = "search")]
#[test]
fn build_makes_an_index_per_language_with_its_stemming() {
    let site = TestSite::new("bilingual");
    site.build_whole_ok();
    let entry = site.read("public/pagefind/pagefind-entry.json");
    let entry: serde_json::Value = serde_json::from_str(&entry).unwrap();
    let languages = entry["languages"].as_object().unwrap();
    assert_eq!(
        languages.keys().collect::<Vec<_>>(),
        ["fr", "nl"],
        "{entry}"
    );
    for lang in ["nl", "fr"] {
        assert!(
            languages[lang]["page_count"].as_u64().unwrap() > 5,
            "{entry}"
        );
        // The language's own WebAssembly (its stemmer) is published beside the script.
        assert!(site
            .path(&format!("public/pagefind/wasm.{lang}.pagefind"))
            .is_file());
    }
    assert!(site.path("public/pagefind/pagefind.js").is_file());
    // Pagefind's own interfaces are not published: the theme has its own.
    assert!(!site.path("public/pagefind/pagefind-ui.js").exists());
    // "weglopers" is kept as its Dutch stem, "fugues" as its French one, each in its own
    // language's index only.
    assert!(index_holds(&site, "nl", "wegloper"));
    assert!(!index_holds(&site, "fr", "wegloper"));
    assert!(index_holds(&site, "fr", "fugu"));
    assert!(!index_holds(&site, "nl", "fugu"));
    // The 404 page has no searchable part: every indexed page is one of the site's pages.
    let pages: u64 = ["nl", "fr"]
        .iter()
        .map(|l| languages[*l]["page_count"].as_u64().unwrap())
        .sum();
    let html = walkdir::WalkDir::new(site.path("public"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            let p = e.path().to_string_lossy();
            p.ends_with("index.html") && !p.contains("/pagefind/")
        })
        .count() as u64;
    assert_eq!(
        pages, html,
        "one indexed page per page (the 404 page aside)"
    );
}

#[cfg(feature = "search")]
#[test]
fn an_unchanged_site_keeps_its_index_and_a_changed_one_gets_a_new_one() {
    let site = TestSite::new("bilingual");
    site.build_whole_ok();
    let before = snapshot(&site.path("public/pagefind"));
    site.build_whole_ok();
    assert!(before == snapshot(&site.path("public/pagefind")));
    // Taken as it is, not made again: a byte added to the previous index stays.
    let script = site.path("public/pagefind/pagefind.js");
    let mut marked = std::fs::read(&script).unwrap();
    marked.extend_from_slice(b"\n// kept\n");
    std::fs::write(&script, &marked).unwrap();
    site.build_whole_ok();
    assert!(std::fs::read(&script).unwrap() == marked);
    // New words in a report: the index follows.
    site.replace(
        "content/years/2020/report.fr.md",
        "\n---\n",
        "\n---\nLes zèbres galopaient.\n",
    );
    site.build_whole_ok();
    assert!(index_holds(&site, "fr", "galop"));
    assert!(before != snapshot(&site.path("public/pagefind")));
}

#[test]
fn the_home_page_has_a_labelled_search_that_says_it_needs_javascript() {
    let site = built("bilingual");
    for (home, id, label, needs) in [
        (
            "index.html",
            "zoeken",
            "Zoek in de cijfers",
            "Zoeken werkt met JavaScript",
        ),
        (
            "fr/index.html",
            "recherche",
            "Rechercher dans les chiffres",
            "La recherche utilise JavaScript",
        ),
    ] {
        let page = site.page(home);
        assert_contains!(page, "<form role=\"search\"");
        assert_contains!(page, &format!("<h2 id=\"{id}\">"));
        assert_contains!(page, &format!("<label for=\"{id}-q\">{label}"));
        assert_contains!(
            page,
            &format!("<input id=\"{id}-q\" name=\"q\" type=\"search\"")
        );
        assert_contains!(page, &format!("<noscript><p class=\"meta\">{needs}"));
        assert_contains!(page, "role=\"status\" aria-live=\"polite\"");
        assert_contains!(page, "<ol class=\"search-results\"");
        // The index is the site's own, under its base path.
        assert_contains!(page, "data-bundle=\"/rapport/pagefind/\"");
        let html = site.read(&format!("public/{home}"));
        assert_contains!(html, "<script src=\"/rapport/search.");
    }
    // Only the home pages have search's script; every page has the copy button's.
    let year = site.read("public/2020/index.html");
    assert_lacks!(year, "/rapport/search.");
    assert_eq!(year.matches("<script").count(), 1, "{year}");
    assert_contains!(year, "<script src=\"/rapport/copy.");
}
