//! Bad and hostile input: every case fails with exit code 1, a message naming the file
//! (and the line where there is one) and what to do, and leaves the previous output as it
//! was; legitimate oddities (BOM, CRLF, an empty figures file) build. Never a panic.
//! More broken sites are in tests/build.rs.

mod common;

use common::*;

/// A page front matter with everything a publication needs.
const PUBLICATION: &str = "---\ntitle: T\ndate: 2021-05-18\nkind: persbericht\n---\nTekst.\n";

fn write(path: &'static str, text: impl AsRef<[u8]> + 'static) -> impl FnOnce(&TestSite) {
    move |s: &TestSite| s.write(path, text)
}

// -- malformed YAML in every kind of file --------------------------------------------------

#[test]
fn malformed_metrics_yaml() {
    assert_fails(
        write(
            "content/metrics.yaml",
            "- id: weglopers\n  label: [Weglopers\n",
        ),
        &["content/metrics.yaml:2:10", "label"],
    );
}

#[test]
fn malformed_figures_yaml() {
    assert_fails(
        write("content/years/2017/figures.yaml", "grooming: {value: 43\n"),
        &["content/years/2017/figures.yaml:2:"],
    );
}

#[test]
fn malformed_report_front_matter() {
    assert_fails(
        write(
            "content/years/2017/report.md",
            "---\ntitle: [Jaarverslag\ndate: 2018\n---\nTekst\n",
        ),
        &["content/years/2017/report.md:2:8", "title"],
    );
}

#[test]
fn malformed_publication_front_matter() {
    assert_fails(
        write(
            "content/publications/kapot.md",
            "---\ntitle: \"T\ndate: 2021\n---\n",
        ),
        &["content/publications/kapot.md:"],
    );
}

#[test]
fn malformed_page_front_matter() {
    assert_fails(
        write(
            "content/pages/kapot.md",
            "---\ntitle: T\n  order: : 1\n---\n",
        ),
        &["content/pages/kapot.md:3:"],
    );
}

// -- wrong types and impossible values -------------------------------------------------------

#[test]
fn themes_that_are_not_a_list() {
    assert_fails(
        |s| {
            s.replace(
                "content/site.yaml",
                "themes:\n",
                "themes: geen lijst\nthemas:\n",
            )
        },
        &["content/site.yaml:"],
    );
}

#[test]
fn a_value_that_is_text() {
    assert_fails(
        write("content/years/2017/figures.yaml", "grooming: veel\n"),
        &["content/years/2017/figures.yaml:1:11", "expected a number"],
    );
}

#[test]
fn a_stated_change_that_is_text() {
    assert_fails(
        write(
            "content/years/2017/figures.yaml",
            "grooming:\n  value: 43\n  stated_change: {percent: veel, since: 2016}\n",
        ),
        &["content/years/2017/figures.yaml:3:", "percent"],
    );
}

#[test]
fn an_enormous_number() {
    assert_fails(
        write("content/years/2017/figures.yaml", "grooming: 1e300\n"),
        &["content/years/2017/figures.yaml:1", "implausibly large"],
    );
}

#[test]
fn a_number_beyond_u64() {
    assert_fails(
        write(
            "content/years/2017/figures.yaml",
            "grooming: 99999999999999999999999\n",
        ),
        &["content/years/2017/figures.yaml:1", "implausibly large"],
    );
}

#[test]
fn not_a_number() {
    assert_fails(
        write("content/years/2017/figures.yaml", "grooming: .nan\n"),
        &[
            "content/years/2017/figures.yaml:1",
            "`grooming` is not a number",
        ],
    );
}

#[test]
fn infinity() {
    assert_fails(
        write("content/years/2017/figures.yaml", "grooming: .inf\n"),
        &[
            "content/years/2017/figures.yaml:1",
            "`grooming` is not a number",
        ],
    );
}

#[test]
fn minus_infinity() {
    assert_fails(
        write("content/years/2017/figures.yaml", "grooming: -.inf\n"),
        &[
            "content/years/2017/figures.yaml:1",
            "`grooming` is not a number",
        ],
    );
}

#[test]
fn a_negative_decimal() {
    assert_fails(
        write("content/years/2017/figures.yaml", "grooming: -0.5\n"),
        &["content/years/2017/figures.yaml:1", "negative"],
    );
}

#[test]
fn a_figure_without_value_or_stated_change() {
    assert_fails(
        write(
            "content/years/2017/figures.yaml",
            "grooming:\n  source: cijfers-2017\n",
        ),
        &[
            "content/years/2017/figures.yaml:1",
            "`grooming` has no value",
        ],
    );
}

#[test]
fn a_stated_change_since_a_later_year() {
    assert_fails(
        write(
            "content/years/2017/figures.yaml",
            "grooming:\n  value: 43\n  stated_change: {percent: 5, since: 2018}\n",
        ),
        &["content/years/2017/figures.yaml:1", "not before 2017"],
    );
}

#[test]
fn an_invalid_date() {
    assert_fails(
        |s| {
            s.replace(
                "content/years/2017/report.md",
                "date: 2018-05-10",
                "date: 2018-13-10",
            )
        },
        &[
            "content/years/2017/report.md:3:",
            "`2018-13-10` is not a date",
        ],
    );
}

#[test]
fn an_unknown_publication_kind() {
    assert_fails(
        write(
            "content/publications/blog.md",
            "---\ntitle: T\ndate: 2021\nkind: blog\n---\n",
        ),
        &["content/publications/blog.md:4:", "unknown variant `blog`"],
    );
}

#[test]
fn an_event_that_ends_before_it_starts() {
    assert_fails(
        |s| {
            s.replace(
                "content/site.yaml",
                "    from: 2020\n",
                "    from: 2020\n    to: 2019\n",
            )
        },
        &[
            "content/site.yaml",
            "event `Lockdowns` ends before it starts",
        ],
    );
}

#[test]
fn a_metric_with_an_unknown_theme() {
    assert_fails(
        |s| {
            s.replace(
                "content/metrics.yaml",
                "theme: verdwijningen\n  unit: dossiers",
                "theme: verdwijning\n  unit: dossiers",
            )
        },
        &["content/metrics.yaml:8", "unknown theme `verdwijning`"],
    );
}

// -- empty files -------------------------------------------------------------------------

#[test]
fn an_empty_site_yaml() {
    assert_fails(
        write("content/site.yaml", ""),
        &["content/site.yaml", "missing field `title`"],
    );
}

#[test]
fn an_empty_metrics_yaml() {
    assert_fails(
        write("content/metrics.yaml", ""),
        &["content/metrics.yaml: the catalogue is empty"],
    );
}

#[test]
fn an_empty_report() {
    assert_fails(
        write("content/years/2017/report.md", ""),
        &[
            "content/years/2017/report.md:1",
            "does not start with front matter",
        ],
    );
}

#[test]
fn an_empty_publication() {
    assert_fails(
        write("content/publications/leeg.md", ""),
        &[
            "content/publications/leeg.md:1",
            "does not start with front matter",
        ],
    );
}

#[test]
fn an_empty_figures_file_is_a_year_without_figures() {
    let site = TestSite::new("basic");
    site.write("content/years/2017/figures.yaml", "");
    site.replace(
        "content/years/2017/report.md",
        "Er waren {{ figure(id=\"grooming\") }} groomingdossiers ({{ change(id=\"grooming\") }}).",
        "Geen cijfers.",
    );
    site.replace("content/years/2017/report.md", "Jongeren zelf: {{ figure(id=\"aandeel-jongeren\") }} ({{ change(id=\"aandeel-jongeren\") }}).\nSinds 2016: {{ change(id=\"grooming\", since=2016) }}.", "");
    site.build_ok();
    assert!(site
        .page("2017/index.html")
        .contains("Voor dit jaar zijn nog geen cijfers opgenomen."));
}

// -- encodings ---------------------------------------------------------------------------

#[test]
fn bom_and_crlf_in_yaml_build() {
    let site = TestSite::new("basic");
    for file in [
        "content/site.yaml",
        "content/metrics.yaml",
        "content/years/2020/figures.yaml",
    ] {
        let text = site.read(file).replace('\n', "\r\n");
        site.write(file, format!("\u{feff}{text}"));
    }
    site.build_ok();
    assert!(site.page("2020/index.html").contains("1.050"));
}

#[test]
fn non_utf8_in_figures() {
    assert_fails(
        write(
            "content/years/2017/figures.yaml",
            b"grooming: 43\nsexting: 135 # caf\xe9\n".as_slice(),
        ),
        &["content/years/2017/figures.yaml:2:19", "not valid UTF-8"],
    );
}

#[test]
fn non_utf8_in_a_template() {
    assert_fails(
        write(
            "templates/page.html",
            b"{% extends \"base.html\" %}\xff".as_slice(),
        ),
        &["templates/page.html:1:26", "not valid UTF-8"],
    );
}

// -- YAML attacks ------------------------------------------------------------------------

#[test]
fn deeply_nested_yaml() {
    let deep = format!("title: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    let started = std::time::Instant::now();
    assert_fails(
        write("content/site.yaml", deep),
        &["content/site.yaml:1:40", "nested too deeply"],
    );
    assert!(started.elapsed().as_secs() < 20);
}

#[test]
fn an_alias_bomb() {
    // The "billion laughs": each level repeats the previous nine times.
    let mut yaml = String::from("- id: a0\n  label: A\n  theme: online\n  unit: d\n  description: x\n  keywords: &l0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for i in 1..10 {
        let prev = format!("*l{}", i - 1);
        yaml.push_str(&format!(
            "- id: a{i}\n  label: A\n  theme: online\n  unit: d\n  description: x\n  keywords: &l{i} [{}]\n",
            vec![prev; 9].join(",")
        ));
    }
    let started = std::time::Instant::now();
    assert_fails(
        write("content/metrics.yaml", yaml),
        &["content/metrics.yaml:"],
    );
    assert!(started.elapsed().as_secs() < 20, "the bomb was expanded");
}

#[test]
fn duplicate_keys_in_site_yaml() {
    assert_fails(
        |s| {
            s.replace(
                "content/site.yaml",
                "language: nl\n",
                "language: nl\ntitle: Nog een titel\n",
            )
        },
        &["content/site.yaml", "duplicate field `title`"],
    );
}

#[test]
fn duplicate_keys_in_front_matter() {
    assert_fails(
        |s| {
            s.replace(
                "content/years/2017/report.md",
                "date: 2018-05-10\n",
                "date: 2018-05-10\ndate: 2018-06-01\n",
            )
        },
        &["content/years/2017/report.md", "duplicate field `date`"],
    );
}

// -- sizes, links and names ----------------------------------------------------------------

#[test]
fn a_ten_megabyte_markdown_file() {
    let mut text = String::from(PUBLICATION);
    let paragraph = "Een lange tekst over de cijfers van Child Focus. ".repeat(40) + "\n\n";
    while text.len() < 10 * 1024 * 1024 {
        text.push_str(&paragraph);
    }
    assert_fails(
        write("content/publications/groot.md", text),
        &["content/publications/groot.md: the file is 10.0 MB; content files may be at most 4 MB"],
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_loop() {
    assert_fails(
        |s| {
            std::os::unix::fs::symlink(s.path("content/pages"), s.path("content/pages/lus"))
                .unwrap()
        },
        &["content/pages/lus: symbolic links are not followed"],
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_out_of_the_root() {
    assert_fails(
        |s| {
            std::os::unix::fs::symlink("/etc/passwd", s.path("content/pages/wachtwoorden.md"))
                .unwrap()
        },
        &["content/pages/wachtwoorden.md: symbolic links are not followed"],
    );
}

#[cfg(unix)]
#[test]
fn a_symlinked_template() {
    assert_fails(
        |s| {
            std::fs::create_dir_all(s.path("templates")).unwrap();
            std::os::unix::fs::symlink("/etc/hostname", s.path("templates/page.html")).unwrap()
        },
        &["templates/page.html: symbolic links are not followed"],
    );
}

#[test]
fn a_metric_id_with_dot_dot() {
    assert_fails(
        |s| s.replace("content/metrics.yaml", "- id: leeg", "- id: ../leeg"),
        &[
            "content/metrics.yaml:29",
            "metric id `../leeg` is not a valid id",
        ],
    );
}

#[test]
fn a_theme_id_with_a_slash() {
    assert_fails(
        |s| s.replace("content/site.yaml", "  - id: online\n", "  - id: on/line\n"),
        &["content/site.yaml", "theme id `on/line` is not a valid id"],
    );
}

#[test]
fn a_metric_id_with_spaces() {
    assert_fails(
        |s| s.replace("content/metrics.yaml", "- id: leeg", "- id: nog leeg"),
        &[
            "content/metrics.yaml:29",
            "metric id `nog leeg` is not a valid id",
        ],
    );
}

#[test]
fn a_publication_slug_with_spaces() {
    assert_fails(
        write("content/publications/mijn bericht.md", PUBLICATION),
        &[
            "content/publications/mijn bericht.md",
            "`mijn bericht` is not a valid slug",
        ],
    );
}

#[test]
fn a_page_slug_taken_by_the_site() {
    assert_fails(
        write("content/pages/cijfers.md", "---\ntitle: Cijfers\n---\n"),
        &["content/pages/cijfers.md", "taken by the site itself"],
    );
}

#[test]
fn year_folder_0000() {
    assert_fails(
        write("content/years/0000/figures.yaml", "grooming: 1\n"),
        &["content/years/0000", "`0000` is not a year"],
    );
}

#[test]
fn year_folder_99999() {
    assert_fails(
        write("content/years/99999/figures.yaml", "grooming: 1\n"),
        &["content/years/99999", "`99999` is not a year"],
    );
}

#[test]
fn a_stray_file_in_a_year() {
    assert_fails(
        write("content/years/2017/notities.txt", "x"),
        &[
            "content/years/2017/notities.txt",
            "unexpected file in a year folder",
        ],
    );
}

// -- templates ---------------------------------------------------------------------------

#[test]
fn a_template_with_a_missing_filter() {
    assert_fails(
        write("templates/page.html", "{% extends \"base.html\" %}\n{% block content %}\n{{ page.title | bestaatniet }}\n{% endblock content %}"),
        &["templates/page.html:3:"],
    );
}

#[test]
fn a_template_that_includes_a_missing_one() {
    assert_fails(
        write("templates/page.html", "{% extends \"base.html\" %}\n{% block content %}\n{% include \"partials/weg.html\" %}\n{% endblock content %}"),
        &["partials/weg.html"],
    );
}

#[test]
fn a_template_that_extends_a_missing_one() {
    assert_fails(
        write(
            "templates/page.html",
            "{% extends \"weg.html\" %}\n{% block content %}{% endblock content %}",
        ),
        &["templates/page.html", "weg.html"],
    );
}

#[test]
fn a_shortcode_that_is_not_closed() {
    assert_fails(
        |s| {
            s.replace(
                "content/pages/over.md",
                "Een organisatie",
                "{{ figure(id=\"grooming\", year=2017)\n\nEen organisatie",
            )
        },
        &["content/pages/over.md:8:1", "not closed"],
    );
}

#[test]
fn a_shortcode_with_an_unknown_argument() {
    assert_fails(
        |s| {
            s.replace(
                "content/pages/over.md",
                "Een organisatie",
                "{{ figure(id=\"grooming\", jaar=2017) }}\n\nEen organisatie",
            )
        },
        &[
            "content/pages/over.md:8:1",
            "`figure` has no argument `jaar`",
        ],
    );
}

// -- Markdown: links, nesting, placeholders --------------------------------------------------

/// The over page with `body` instead of its text (the body starts on line 6).
fn over_page(body: &str) -> impl FnOnce(&TestSite) {
    let text = format!("---\ntitle: Over ons\nsummary: Wie we zijn.\norder: 1\n---\n{body}");
    move |s: &TestSite| s.write("content/pages/over.md", text)
}

#[test]
fn links_with_a_scheme_that_is_not_allowed_are_refused_where_they_stand() {
    assert_fails(
        over_page(
            "Zie [a](data:text/html,x) en [b](vbscript:msgbox).\n\
             ![c](file:///etc/passwd) <JaVaScRiPt:alert(1)> [d][e]\n\
             [f](java&#9;script:alert(1))\n\n\
             [e]: < javascript:alert(1)>\n",
        ),
        &[
            "content/pages/over.md:6:9: the link `data:text/html,x` starts with `data:`",
            "content/pages/over.md:6:34: the link `vbscript:msgbox` starts with `vbscript:`",
            "content/pages/over.md:7:6: the link `file:///etc/passwd` starts with `file:`",
            "content/pages/over.md:7:27: the link `JaVaScRiPt:alert(1)` starts with `javascript:`",
            "content/pages/over.md:8:1: the link `java\\tscript:alert(1)` starts with `javascript:`",
            "content/pages/over.md:10:7: the link ` javascript:alert(1)` starts with `javascript:`",
            "hint: a link may start with https://, http://, mailto: or tel:",
        ],
    );
}

#[test]
fn links_with_allowed_schemes_build() {
    let site = TestSite::new("basic");
    over_page(
        "[a](https://childfocus.be/) [b](HTTP://example.org/) [c](mailto:info@example.org) \
         [d](tel:116000) [e](/cijfers/) [f](#wie) <https://example.org/x> [g][h]\n\n\
         ## Wie\n\n[h]: https://example.org/h\n",
    )(&site);
    site.build_ok();
    let page = site.page("over/index.html");
    for href in [
        "https://childfocus.be/",
        "HTTP://example.org/",
        "mailto:info@example.org",
        "tel:116000",
        "/rapport/cijfers/",
        "#wie",
        "https://example.org/x",
        "https://example.org/h",
    ] {
        assert!(page.contains(&format!("href=\"{href}\"")), "{href}: {page}");
    }
}

/// On main: 21 errors here (102 on the real site), one per page, each blamed on another
/// file, and none on site.yaml.
#[test]
fn a_script_url_in_site_yaml_is_one_error_at_site_yaml() {
    for (from, to, place) in [
        (
            "  url: https://example.org/",
            "  url: javascript:alert(1)",
            "content/site.yaml:7:8: `organisation.url`: the link `javascript:alert(1)`",
        ),
        (
            "base_url: https://example.org/rapport/",
            "base_url: \" JavaScript:alert(1)\"",
            "content/site.yaml:3:11: `base_url`: the link ` JavaScript:alert(1)`",
        ),
    ] {
        let site = TestSite::new("basic");
        site.replace("content/site.yaml", from, to);
        let out = site.build();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(stderr.starts_with("1 error in the content:\n"), "{stderr}");
        assert!(stderr.contains(place), "{place} in:\n{stderr}");
        assert!(stderr.contains("hint: "), "{stderr}");
        // `check` reads the site the same way.
        let out = site.run(&["check"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains(place), "{place} in:\n{stderr}");
    }
}

/// On main: 3.9 MB of `>` took 18 s and 1.3 GB of memory, and made a 113 MB page.
#[test]
fn quotes_nested_too_deeply_are_refused() {
    let body = format!("Tekst.\n\n{}\n", ">".repeat(3_900_000));
    assert_fails(
        over_page(&body),
        &[
            "content/pages/over.md:8:101: lists and quotes are nested more than 100 levels deep here",
        ],
    );
}

#[test]
fn lists_nested_too_deeply_are_refused() {
    // On one line, and by indentation (each line two columns deeper).
    let mut by_indent = String::new();
    for level in 0..1000 {
        by_indent.push_str(&format!("{}- x\n", "  ".repeat(level)));
    }
    for (body, place) in [
        (format!("{}x\n", "- ".repeat(1_000_000)), "over.md:6:201:"),
        (format!("{}x\n", "1. ".repeat(1_000_000)), "over.md:6:301:"),
        (by_indent, "over.md:106:201:"),
    ] {
        assert_fails(over_page(&body), &[place, "nested more than 100 levels"]);
    }
}

/// On main the placeholders were two private-use characters around a number, put back
/// into the finished HTML: typed in the text, they crashed the build (exit 101).
#[test]
fn placeholder_characters_next_to_a_shortcode_do_not_crash() {
    let site = TestSite::new("basic");
    over_page(
        "A \u{E000}99\u{E001} B {{ figure(id=\"grooming\", year=2017) }} &#xE000;0&#xE001;\n",
    )(&site);
    for command in ["build", "check"] {
        let out = site.run(&[command]);
        assert!(
            out.status.success(),
            "{command}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let page = site.page("over/index.html");
    assert!(
        page.contains("<p>A \u{E000}99\u{E001} B <data class=\"figuur\""),
        "{page}"
    );
    assert!(page.contains("</data> \u{E000}0\u{E001}</p>"), "{page}");
}
