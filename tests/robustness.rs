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

// -- two sources for one address ---------------------------------------------------------
// Each names both sources, the place of each, and what to change (see src/urls.rs).

const PAGE: &str = "---\ntitle: Pagina\n---\nTekst.\n";

#[test]
fn page_slugs_that_are_section_words() {
    assert_fails(
        |s| {
            for slug in ["cijfers", "themas", "publicaties"] {
                s.write(&format!("content/pages/{slug}.md"), PAGE);
            }
        },
        &[
            "content/pages/cijfers.md: /cijfers/ is the address of this page and also of the Dutch list of figures at the URL word `cijfers` (built in)",
            "content/pages/themas.md: /themas/ is the address of this page and also of the Dutch list of themes at the URL word `themas` (built in)",
            "content/pages/publicaties.md: /publicaties/ is the address of this page and also of the Dutch list of publications at the URL word `publicaties` (built in)",
            "hint: rename content/pages/cijfers.md\n",
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
            "content/pages/grafieken.md: /grafieken/ is the address of this page, in the folder /grafieken/, which the site fills with the Dutch charts at the URL word `grafieken`",
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
            "content/pages/2020.md: /2020/ is the address of this page and also of the Dutch report of 2020 (content/years/2020/report.md)",
            "content/pages/2019.md: /2019/ is the address of this page and also of the Dutch page of 2019 (content/years/2019/figures.yaml)",
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
            "content/metrics.yaml:39: /grafieken/thema-online-1.csv is the address of the Dutch chart of metric `thema-online-1` and also of the Dutch chart 1 of theme `online` (content/site.yaml)",
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
            "static/atom.xml: /atom.xml is the address of this static file and also of the Dutch news feed (templates/atom.xml of the built-in theme)",
            "static/404.html: /404.html is the address of this static file and also of the Dutch page for unknown addresses (templates/404.html of the built-in theme)",
            "static/index.html: / is the address of this static file and also of the Dutch home page (built in)",
            "static/data/figures.csv: /data/figures.csv is the address of this static file and also of the open data (built in)",
            "static/data/extra.csv: /data/extra.csv is the address of this static file, in the folder /data/, which the site fills with the open data (built in)",
            "static/grafieken/eigen.svg: /grafieken/eigen.svg is the address of this static file, in the folder /grafieken/, which the site fills with the Dutch charts",
            "static/2017/index.html: /2017/ is the address of this static file and also of the Dutch report of 2017 (content/years/2017/report.md)",
            "static/cijfers/grooming/grooming.csv: /cijfers/grooming/grooming.csv is the address of this static file and also of the open data of metric `grooming` (content/metrics.yaml:",
            "static/cijfers/grooming/index.html: /cijfers/grooming/ is the address of this static file and also of the Dutch page of metric `grooming` (content/metrics.yaml:",
            "static/themas/online/index.html: /themas/online/ is the address of this static file and also of the Dutch page of theme `online` (content/site.yaml)",
            "static/publicaties/persbericht-2020/index.html: /publicaties/persbericht-2020/ is the address of this static file and also of the Dutch publication (content/publications/persbericht-2020.md)",
            "hint: move or rename static/publicaties/persbericht-2020/index.html, or rename content/publications/persbericht-2020.md\n",
            "static/over: /over is the address of this static file, a file, but the Dutch page (content/pages/over.md) needs a folder there for /over/",
            "hint: move or rename static/robots.txt\n",
            "hint: move or rename static/over, or rename content/pages/over.md\n",
        ],
    );
}
