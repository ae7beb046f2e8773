//! Builds fixture sites into temporary folders with the real binary and checks the output
//! page by page; and breaks them in many ways, each of which must fail with exit code 1, a
//! message naming the file and line, and the previous output left as it was.

use crate::site_test::*;
use std::process::Command;

// ---------------------------------------------------------------------------------------
// A good site

#[test]
fn builds_the_basic_site_with_a_summary_line() {
    let site = TestSite::new("basic");
    let stdout = site.build_whole_ok();
    assert!(stdout.starts_with("Built 21 pages, "), "{stdout}");
    assert_contains!(stdout, " charts, ");
    assert_contains!(stdout, " ms into ");
    for page in [
        "index.html",
        "2016/index.html",
        "2017/index.html",
        "2019/index.html",
        "2020/index.html",
        "cijfers/index.html",
        "cijfers/weglopers/index.html",
        "themas/index.html",
        "themas/online/index.html",
        "publicaties/index.html",
        "publicaties/persbericht-2020/index.html",
        "over/index.html",
        "404.html",
        "sitemap.xml",
        "atom.xml",
        "robots.txt",
        "data/figures.csv",
        "data/figures.json",
        "grafieken/weglopers.svg",
        "grafieken/thema-online-1.svg",
    ] {
        assert!(site.path("public").join(page).is_file(), "missing {page}");
    }
}

#[test]
fn year_page_shows_values_changes_and_sources() {
    let site = built("basic");
    let page = site.page("2020/index.html");
    // Narrative: values and changes come from the data.
    assert_contains!(
        page,
        r#"<data class="figure" value="1050" data-metric="weglopers" data-year="2020">1.050</data>"#
    );
    assert_contains!(
        page,
        ">\u{2212}25%</span>",
        "consecutive years: no year named"
    );
    assert_contains!(page, ">1.400</data> in 2019");
    // Grooming has no 2018 or 2019 value: the report asks for since=2017, and the change
    // says what it compares with.
    assert_contains!(page, "Grooming: <span class=\"change\" data-metric=\"grooming\" data-year=\"2020\">+200% t.o.v. 2017</span>");
    // The figure grid.
    assert_contains!(
        page,
        r#"<p class="figure-value">1.050 <span class="unit">nieuwe dossiers</span></p>"#
    );
    assert_contains!(
        page,
        r#"<p class="change down">−25% <span>t.o.v. 2019</span></p>"#
    );
    // The figure grid compares with the previous calendar year only: grooming has no 2019
    // value and no stated change since 2019, so its card shows no change (it showed
    // "+200% t.o.v. 2017" until a change across a gap had to be asked for: issue #16).
    assert_lacks!(page, "<span>t.o.v. 2017</span>");
    assert_contains!(
        page,
        r#"Bron: <a href="/rapport/publicaties/persbericht-2020/">Persbericht over 2020</a>"#
    );
    assert_contains!(page, "Tijdens de lockdowns liepen minder jongeren weg.");
    // A value the source did not give, with a change it did: shown as stated, no number.
    assert_contains!(page, "Geen cijfer <span class=\"unit\">voor 2020</span>");
    assert_contains!(page, "−30% t.o.v. 2018 (volgens de bron)");
    // Headings get unique ids; footnotes are prefixed.
    assert_contains!(page, r#"<h2 id="verdwijningen">"#);
    assert_contains!(page, r#"<h2 id="verdwijningen-1">"#);
    assert_contains!(page, r##"href="#voetnoot-1""##);
    // Previous and next year.
    assert_contains!(page, r#"<a rel="prev" href="/rapport/2019/">← 2019</a>"#);
    assert_lacks!(page, "rel=\"next\"");
}

#[test]
fn shares_are_percentages_and_change_in_points() {
    let site = built("basic");
    let page = site.page("2017/index.html");
    assert_contains!(page, ">22%</data> (<span class=\"change\" data-metric=\"aandeel-jongeren\" data-year=\"2017\">+9 procentpunten</span>)");
    assert_contains!(page, r#"<p class="figure-value">22% </p>"#);
    // change(since=...) compares with the year asked for.
    assert_contains!(
        page,
        r#"Sinds 2016: <span class="change" data-metric="grooming" data-year="2017">−10%</span>."#
    );
}

#[test]
fn metric_page_lists_every_year_and_says_when_one_is_missing() {
    let site = built("basic");
    let page = site.page("cijfers/weglopers/index.html");
    let row = |year: i32| {
        let start = page
            .find(&format!(
                "<th scope=\"row\"><a href=\"/rapport/{year}/\">{year}</a></th>"
            ))
            .or_else(|| page.find(&format!("<th scope=\"row\">{year}</th>")))
            .unwrap_or_else(|| panic!("no row for {year}"));
        let end = page[start..].find("</tr>").unwrap();
        page[start..start + end].to_string()
    };
    assert_contains!(row(2016), "<td class=\"number\">1.000</td>");
    // 2017 and 2018 have no value: they say so, and are never a zero.
    assert_contains!(row(2017), "geen cijfer");
    assert_contains!(row(2018), "geen cijfer");
    assert_lacks!(row(2018), ">0<");
    // 2018 has no value: no change for 2019 (not "+40% t.o.v. 2016", which would move if
    // 2017 got a value).
    assert_lacks!(row(2019), "t.o.v.");
    assert_contains!(row(2020), "−25% t.o.v. 2019");
    assert_contains!(row(2020), "Persbericht over 2020");
    assert_contains!(
        page,
        "Een dossier per <strong>melding</strong>, niet per kind."
    );
    // The chart and its table.
    assert_contains!(page, "<svg");
    assert_contains!(page, "Toon de cijfers als tabel");
    // The metric without values says so.
    let empty = site.page("cijfers/leeg/index.html");
    assert_contains!(empty, "Voor dit cijfer zijn nog geen waarden opgenomen.");
    assert_lacks!(empty, "<svg");
}

#[test]
fn home_shows_the_latest_headline_figures() {
    let site = built("basic");
    let page = site.page("index.html");
    assert_contains!(page, "1.050 <span class=\"unit\">nieuwe dossiers</span>");
    assert_contains!(page, "129 <span class=\"unit\">dossiers</span>");
    assert_contains!(page, "href=\"/rapport/2020/\">Alles over 2020</a>");
    for theme in ["verdwijningen", "online"] {
        assert_contains!(page, format!("href=\"/rapport/themas/{theme}/\""));
    }
    for year in [2016, 2017, 2019, 2020] {
        assert_contains!(page, format!("href=\"/rapport/{year}/\""), "{year}");
    }
}

#[test]
fn every_internal_link_is_under_the_base_path() {
    let site = built("basic");
    for (path, bytes) in snapshot(&site.path("public")) {
        if path.extension().and_then(|e| e.to_str()) != Some("html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        for part in html
            .split("href=\"")
            .skip(1)
            .chain(html.split("src=\"").skip(1))
        {
            let url = &part[..part.find('"').unwrap()];
            if url.starts_with('/') {
                assert!(url.starts_with("/rapport/"), "{}: {url}", path.display());
            }
        }
    }
    // The publication's root-relative Markdown link too.
    assert_contains!(
        site.page("publicaties/persbericht-2020/index.html"),
        "href=\"/rapport/cijfers/weglopers/\""
    );
}

#[test]
fn base_url_flag_overrides_site_yaml() {
    let site = TestSite::new("basic");
    site.run(&["build", "--base-url", "https://other.example/sub/"])
        .expect_success();
    assert_contains!(site.read("public/index.html"), "href=\"/sub/cijfers/\"");
    assert_contains!(
        site.read("public/sitemap.xml"),
        "<loc>https://other.example/sub/2020/</loc>"
    );
}

#[test]
fn open_data_has_one_row_per_year_and_metric() {
    let site = built("basic");
    let csv = site.read("public/data/figures.csv");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "year,metric,label,theme,unit,value,stated_change_percent,stated_change_since,source,note,source_date,source_url,source_page,status,break,replaces_value,replaces_source,replaces_date,other_sources"
    );
    assert_eq!(lines.len(), 1 + 5 + 4 + 2 + 4);
    // A source is cited by its title, date and page, never by its slug.
    assert!(lines.contains(&"2020,ontvoeringen,Internationale ontvoeringen,verdwijningen,dossiers,,-30,2018,Persbericht over 2020,,2021-05-18,,https://example.org/rapport/publicaties/persbericht-2020/,,,,,,"), "{csv}");
    assert!(!csv.contains(",persbericht-2020,"), "{csv}");
    let json: serde_json::Value =
        serde_json::from_str(&site.read("public/data/figures.json")).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 15);
}

#[test]
fn two_builds_are_byte_identical() {
    // The shared build and one of a copy of its own.
    let a = built("basic");
    let b = TestSite::new("basic");
    b.build_whole_ok();
    same_files(
        &snapshot(&a.path("public")),
        &snapshot(&b.path("public")),
        "two builds",
    );
}

#[test]
fn a_site_template_overrides_the_built_in_one() {
    let site = TestSite::new("basic");
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}<p class=\"eigen\">Eigen sjabloon: {{ page.title }}</p>{% endblock content %}",
    );
    site.build_ok();
    assert_contains!(
        site.page("over/index.html"),
        "<p class=\"eigen\">Eigen sjabloon: Over ons</p>"
    );
    // Other pages still use the built-in templates.
    assert_contains!(site.page("2020/index.html"), "De cijfers van 2020");
}

#[test]
fn a_site_static_file_overrides_the_built_in_one() {
    let site = TestSite::new("basic");
    site.write("static/style.css", "body { color: black; }");
    site.build_ok();
    let css: Vec<_> = snapshot(&site.path("public"))
        .into_iter()
        .filter(|(p, _)| p.to_string_lossy().starts_with("style."))
        .collect();
    assert_eq!(css.len(), 1);
    assert_eq!(css[0].1, b"body { color: black; }");
    let name = css[0].0.to_string_lossy().into_owned();
    assert_contains!(
        site.read("public/index.html"),
        format!("href=\"/rapport/{name}\"")
    );
}

/// What editors and operating systems leave beside the files being edited (the rule is in
/// src/walk.rs; the README lists it).
const SIDE_FILES: [&str; 13] = [
    ".DS_Store",
    "Thumbs.db",
    "#over.md#",
    ".#over.md",
    "over.md~",
    ".over.md.swp",
    "over.md.swp",
    "over.md.swo",
    "over.md.swx",
    "4913",
    "over.md___jb_tmp___",
    "over.md___jb_old___",
    ".hidden",
];

#[test]
fn side_files_of_editors_and_systems_are_neither_read_nor_published() {
    let clean = TestSite::new("basic");
    let site = TestSite::new("basic");
    for s in [&clean, &site] {
        s.write(
            "static/img/logo.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        );
        s.write("templates/page.html", "{% extends \"base.html\" %}");
    }
    // Read as a template, as YAML, as front matter or as a folder of years, this fails.
    let garbage = "{{ broken [\n---\n: :\n";
    for dir in [
        "content",
        "content/years",
        "content/years/2020",
        "content/publications",
        "content/pages",
        "templates",
        "static",
        "static/img",
    ] {
        for name in SIDE_FILES {
            site.write(&format!("{dir}/{name}"), garbage);
        }
    }
    // A hidden folder is skipped with everything in it.
    site.write("static/.git/config", "[core]\n");
    site.write("templates/.cache/base.html", garbage);
    site.write("content/pages/.drafts/nieuw.md", garbage);
    site.write("content/.git/HEAD", "ref: refs/heads/main\n");
    // Emacs' lock file is a symbolic link to nowhere.
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        "redacteur@laptop.4242:1700000000",
        site.path("content/years/2020/.#report.md"),
    )
    .unwrap();

    clean.build_whole_ok();
    site.build_whole_ok();
    let published = snapshot(&site.path("public"));
    assert!(published.contains_key(std::path::Path::new("img/logo.svg")));
    assert!(!published.contains_key(std::path::Path::new(".DS_Store")));
    assert!(!published.contains_key(std::path::Path::new(".git/config")));
    // The same site, file for file and byte for byte, as without the side files.
    same_files(
        &snapshot(&clean.path("public")),
        &published,
        "with side files",
    );
}

#[test]
fn well_known_is_published() {
    let site = TestSite::new("basic")
        .with_file(
            "static/.well-known/security.txt",
            "Contact: mailto:a@example.org\n",
        )
        .with_file("static/.well-known/.security.txt.swp", "side file");
    site.build_ok();
    assert_same_text!(
        site.read("public/.well-known/security.txt"),
        "Contact: mailto:a@example.org\n"
    );
    assert!(!site.path("public/.well-known/.security.txt.swp").exists());
}

#[test]
fn bom_and_crlf_simply_work() {
    let site = TestSite::new("basic");
    let report = site
        .read("content/years/2017/report.md")
        .replace('\n', "\r\n");
    site.write("content/years/2017/report.md", format!("\u{feff}{report}"));
    let figures = site
        .read("content/years/2017/figures.yaml")
        .replace('\n', "\r\n");
    site.write(
        "content/years/2017/figures.yaml",
        format!("\u{feff}{figures}"),
    );
    site.build_ok();
    assert_contains!(site.page("2017/index.html"), ">43</data> groomingdossiers");
}

// ---------------------------------------------------------------------------------------
// The command line

#[test]
fn new_scaffolds_a_year_and_refuses_to_overwrite() {
    let site = TestSite::new("basic");
    site.run(&["new", "2021"]).expect_success();
    let figures = site.read("content/years/2021/figures.yaml");
    assert_contains!(
        figures,
        "# weglopers: {value: , source: \"\"}   # Weglopers (nieuwe dossiers)"
    );
    assert_contains!(
        site.read("content/years/2021/report.md"),
        "title: \"«IN TE VULLEN: de titel, bv. Jaarverslag 2021»\"\n"
    );
    // The scaffold does not publish as it is (tests/testsuite/placeholders.rs).
    site.build().expect_failure();

    site.run(&["new", "2021"])
        .expect_failure()
        .stderr_contains("already exists");
    site.run(&["new", "21"])
        .expect_failure()
        .stderr_contains("`21` is not a year");
}

#[test]
fn misuse_exits_with_2() {
    let out = Command::new(BIN).arg("bouw").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = Command::new(BIN)
        .args(["build", "--nope"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

// ---------------------------------------------------------------------------------------
// Broken sites: each fails with exit code 1, names the file (and line), and leaves the
// previous output as it was.

#[test]
fn fails_on_bad_yaml() {
    // Through the binary: "Nothing was written" is the command's.
    crate::errors_end_to_end::assert_fails_end_to_end("basic", |s| {
        s.replace(
            "content/site.yaml",
            "title: Testrapport",
            "title: [Testrapport",
        )
    })
    .stderr_contains("content/site.yaml:1:")
    .stderr_contains("Nothing was written");
}

#[test]
fn fails_on_a_wrong_type() {
    assert_fails(
        |s| {
            s.replace(
                "content/metrics.yaml",
                "headline: true",
                "headline: misschien",
            )
        },
        &[
            "content/metrics.yaml:7:13",
            "headline",
            "the text \"misschien\", where true or false belongs",
        ],
    );
}

#[test]
fn fails_on_an_unknown_field() {
    assert_fails(
        |s| s.replace("content/years/2020/figures.yaml", "  note:", "  noot:"),
        &[
            "content/years/2020/figures.yaml:4:3",
            "`weglopers` has an unknown key `noot`",
        ],
    );
}

#[test]
fn fails_on_an_unknown_metric_id() {
    assert_fails(
        |s| {
            s.write(
                "content/years/2019/figures.yaml",
                "weglopers: {value: 1400, source: persbericht-2020}\nweglopres: 3\n",
            )
        },
        &[
            "content/years/2019/figures.yaml:2",
            "unknown metric `weglopres`",
            "did you mean `weglopers`?",
        ],
    );
}

#[test]
fn fails_on_a_duplicate_metric_id() {
    assert_fails(
        |s| s.replace("content/metrics.yaml", "- id: sexting", "- id: grooming"),
        &[
            "content/metrics.yaml:19",
            "metric `grooming` is defined twice",
        ],
    );
}

#[test]
fn fails_on_a_duplicate_figure() {
    assert_fails(
        |s| {
            s.write(
                "content/years/2019/figures.yaml",
                "weglopers: 1400\nontvoeringen: 200\nweglopers: 1500\n",
            )
        },
        &[
            "content/years/2019/figures.yaml:3",
            "`weglopers` appears twice",
        ],
    );
}

#[test]
fn fails_on_a_folder_that_is_not_a_year() {
    assert_fails(
        |s| s.write("content/years/2020a/figures.yaml", "weglopers: 1\n"),
        &["content/years/2020a", "`2020a` is not a year"],
    );
}

#[test]
fn fails_on_an_unknown_shortcode_id() {
    assert_fails(
        |s| {
            s.replace(
                "content/years/2017/report.md",
                "figure(id=\"grooming\")",
                "figure(id=\"groming\")",
            )
        },
        &[
            "content/years/2017/report.md:9:10",
            "unknown metric `groming`",
            "did you mean `grooming`?",
        ],
    );
}

#[test]
fn fails_on_a_shortcode_year_without_value() {
    assert_fails(
        |s| s.replace("content/years/2020/report.md", "year=2019", "year=2018"),
        &[
            "content/years/2020/report.md:10:11",
            "`weglopers` has no value for 2018",
            "years with a value: 2016, 2019, 2020",
        ],
    );
}

#[test]
fn fails_on_a_template_syntax_error() {
    assert_fails(
        |s| {
            s.write("templates/page.html", "{% extends \"base.html\" %}\n{% block content %}\n{% if %}\n{% endblock content %}")
        },
        &["templates/page.html:3:"],
    );
}

#[test]
fn fails_on_a_template_with_an_unknown_variable() {
    assert_fails(
        |s| {
            s.write("templates/page.html", "{% extends \"base.html\" %}\n{% block content %}\n{{ pagina.titel }}\n{% endblock content %}")
        },
        &["templates/page.html:3:"],
    );
}

#[test]
fn fails_without_site_yaml() {
    assert_fails(
        |s| std::fs::remove_file(s.path("content/site.yaml")).unwrap(),
        &["content/site.yaml: file not found"],
    );
}

#[test]
fn fails_on_a_file_that_is_not_utf8() {
    assert_fails(
        |s| {
            s.write(
                "content/pages/over.md",
                b"---\ntitle: Over\n---\nCaf\xe9\n".as_slice(),
            )
        },
        &["content/pages/over.md:4:4", "not valid UTF-8"],
    );
}

#[test]
fn fails_on_a_negative_value() {
    assert_fails(
        |s| s.replace("content/years/2017/figures.yaml", "value: 43", "value: -43"),
        &[
            "content/years/2017/figures.yaml:1",
            "`grooming` is negative",
        ],
    );
}

#[test]
fn fails_on_a_dutch_thousands_separator() {
    assert_fails(
        |s| {
            s.replace(
                "content/years/2019/figures.yaml",
                "value: 1400",
                "value: 1.400",
            )
        },
        &[
            "content/years/2019/figures.yaml:1",
            "write 1400, without a thousands separator",
        ],
    );
}

#[test]
fn fails_when_the_data_contradict_a_stated_change() {
    assert_fails(
        |s| {
            s.replace(
                "content/years/2020/figures.yaml",
                "percent: -25",
                "percent: -40",
            )
        },
        &[
            "content/years/2020/figures.yaml:1",
            "the source states -40% since 2019, but the data give -25.0%",
        ],
    );
}

#[test]
fn fails_on_an_unknown_source_slug() {
    assert_fails(
        |s| {
            s.replace(
                "content/years/2017/figures.yaml",
                "source: cijfers-2017}",
                "source: cijfers-2071}",
            )
        },
        &[
            "content/years/2017/figures.yaml:1",
            "source `cijfers-2071` is not a publication",
        ],
    );
}

#[test]
fn fails_on_front_matter_without_its_end() {
    assert_fails(
        |s| s.write("content/pages/over.md", "---\ntitle: Over\nHallo\n"),
        &["content/pages/over.md:1", "front matter is not closed"],
    );
}

#[test]
fn lists_every_error_at_once() {
    assert_fails(
        |s| {
            s.replace("content/years/2017/figures.yaml", "value: 43", "value: -43");
            s.write("content/years/2019/figures.yaml", "weglopres: 3\n");
        },
        &[
            "3 errors in the content",
            "`grooming` is negative",
            "unknown metric `weglopres`",
            // Rendering runs too since the numbers issue ("every error at once"): the
            // report's shortcode needs the value that the typo took away.
            "content/years/2020/report.md:10:11: `weglopers` has no value for 2019",
        ],
    );
}

#[test]
fn every_metric_and_chart_offers_its_data_as_csv() {
    let site = built("basic");
    assert_same_text!(
        site.read("public/cijfers/weglopers/weglopers.csv"),
        "year,metric,label,theme,unit,value,stated_change_percent,stated_change_since,source,note,source_date,source_url,source_page,status,break,replaces_value,replaces_source,replaces_date,other_sources\n\
         2016,weglopers,Weglopers,verdwijningen,nieuwe dossiers,1000,,,Jaarverslag 2016,,,,,,,,,,\n\
         2019,weglopers,Weglopers,verdwijningen,nieuwe dossiers,1400,,,Persbericht over 2020,,2021-05-18,,https://example.org/rapport/publicaties/persbericht-2020/,,,,,,\n\
         2020,weglopers,Weglopers,verdwijningen,nieuwe dossiers,1050,-25,2019,Persbericht over 2020,Tijdens de lockdowns liepen minder jongeren weg.,2021-05-18,,https://example.org/rapport/publicaties/persbericht-2020/,,,,,,\n"
    );
    // No values: the header alone.
    assert_eq!(site.read("public/cijfers/leeg/leeg.csv").lines().count(), 1);
    // A chart's data, one row per year and metric with its unit and source: missing
    // years are empty cells, never zero.
    let chart_csv = site.read("public/grafieken/thema-online-1.csv");
    let mut chart_lines = chart_csv.lines();
    assert_eq!(
        chart_lines.next(),
        Some("year,metric,label,unit,value,source,source_url,status,break")
    );
    let rows: Vec<&str> = chart_lines.collect();
    assert_eq!(rows.len(), 5 * 3, "{chart_csv}");
    assert_eq!(
        rows[0],
        "2016,grooming,Grooming,dossiers,48,Cijfers 2017,,,"
    );
    assert_eq!(rows[7], "2018,sexting,Sexting,dossiers,,,,,");
    assert_eq!(
        rows[13],
        "2020,sexting,Sexting,dossiers,200,Persbericht over 2020,,,"
    );
    assert_eq!(rows[14], "2020,sextortion,Sextortion,dossiers,,,,,");
}

#[test]
fn every_metric_with_two_values_has_its_chart() {
    let site = built("basic");
    for (id, values) in [
        ("weglopers", 3),
        ("grooming", 3),
        ("sexting", 3),
        ("sextortion", 2),
        ("aandeel-jongeren", 2),
        ("ontvoeringen", 1),
        ("leeg", 0),
    ] {
        let page = site.read(&format!("public/cijfers/{id}/index.html"));
        let has_chart =
            page.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart chart-line\"");
        assert_eq!(has_chart, values >= 2, "{id}");
        assert_eq!(
            site.path(&format!("public/grafieken/{id}.svg")).exists(),
            values >= 2,
            "{id}"
        );
        if values >= 2 {
            // The chart is named by its title and described in words, from the data.
            assert_contains!(
                page,
                format!("aria-labelledby=\"chart-{id}-title chart-{id}-desc\"")
            );
        }
    }
    // A chart in prose (the 2020 report's shortcode) carries its own ids and its table.
    let report = site.read("public/2020/index.html");
    assert_contains!(
        report,
        "aria-labelledby=\"sc1-weglopers-title sc1-weglopers-desc\""
    );
    assert_contains!(report, "<desc id=\"sc1-weglopers-desc\">Weglopers, nieuwe dossiers: van 1.000 in 2016 naar 1.050 in 2020. Hoogste waarde: 1.400 in 2019. Geen cijfers voor 2017 en 2018. Aangeduide periode: Lockdowns, 2020.</desc>");
}
