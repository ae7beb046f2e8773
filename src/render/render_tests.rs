//! Rendering a tiny site, written to a temporary folder: views (numbers formatted, gaps
//! as gaps), shortcodes (their output and their errors, with their place) and charts in
//! prose through the site's own chart partial.

use super::{render_site, RenderInput, Sink};
use crate::derive::Dataset;
use crate::diagnostics::Diagnostics;
use crate::load::load_content;
use crate::theme::Theme;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;

/// Files in memory, as the writer would get them.
#[derive(Default)]
struct Files(Mutex<BTreeMap<String, Vec<u8>>>);

impl Sink for Files {
    fn add(&self, path: String, bytes: Vec<u8>) {
        let old = self.0.lock().unwrap().insert(path.clone(), bytes);
        assert!(old.is_none(), "{path} made twice");
    }

    fn add_shared(&self, path: String, bytes: Vec<u8>) {
        self.0.lock().unwrap().entry(path).or_insert(bytes);
    }

    /// Kept as the SVG it is drawn from.
    fn add_png(&self, path: String, svg: String, _scale: u32) {
        self.0
            .lock()
            .unwrap()
            .entry(path)
            .or_insert(svg.into_bytes());
    }
}

impl Files {
    fn page(&self, path: &str) -> String {
        let files = self.0.lock().unwrap();
        let bytes = files
            .get(path)
            .unwrap_or_else(|| panic!("no {path}; made: {:?}", files.keys().collect::<Vec<_>>()));
        String::from_utf8(bytes.clone()).unwrap()
    }
}

const SITE: &str = "title: Klein
description: Een kleine site.
base_url: https://example.org/klein/
language: nl
organisation:
  name: Org
themes:
  - id: hulp
    label: Hulp
    compare:
      - title: Hulp per soort
        metrics: [oproepen, bereik]
";

const METRICS: &str = "- id: oproepen
  label: Oproepen
  theme: hulp
  unit: gesprekken
  # 15250.5 below: a value with a fraction needs its decimals declared.
  decimals: 1
  description: Gesprekken met de hulplijn.
- id: bereik
  label: Bereikt
  theme: hulp
  unit: '%'
  description: Het deel van de oproepen dat beantwoord werd.
";

/// A site with values for 2018 and 2020 (none for 2019), and `report` as the report of
/// 2020; with `partial` as the site's own chart partial.
fn tiny_site(report: &str, partial: Option<&str>) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let write = |rel: &str, text: &str| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write("content/site.yaml", SITE);
    write("content/metrics.yaml", METRICS);
    write(
        "content/years/2018/figures.yaml",
        "oproepen: {value: 12000}\nbereik: {value: 56}\n",
    );
    write(
        "content/years/2020/figures.yaml",
        "oproepen: {value: 15250.5}\nbereik: {value: 81}\n",
    );
    write("content/years/2020/report.md", report);
    if let Some(partial) = partial {
        write("templates/partials/chart.html", partial);
    }
    tmp
}

const FRONT: &str = "---\ntitle: Jaarverslag 2020\ndate: 2021-05-18\nsummary: Kort.\n---\n";

fn render(root: &Path) -> Result<Files, Diagnostics> {
    let content = load_content(root)?;
    let theme = Theme::load(root)?;
    let data = Dataset::new(&content);
    let input = RenderInput {
        content: &content,
        data: &data,
        theme: &theme,
        base_url: None,
    };
    let files = Files::default();
    render_site(input, &files)?;
    Ok(files)
}

#[test]
fn a_metric_page_shows_formatted_numbers_and_a_gap_as_a_gap() {
    let tmp = tiny_site(&format!("{FRONT}Tekst.\n"), None);
    let files = render(tmp.path()).unwrap();
    let page = files.page("cijfers/oproepen/index.html");
    // Dutch thousands and decimal separators; the missing year is a row without a value,
    // in the chart's table too, never a zero.
    assert!(page.contains("15.250,5"), "{page}");
    assert!(page.contains("12.000"), "{page}");
    assert!(
        page.contains("<th scope=\"row\">2019</th><td>geen cijfer</td>"),
        "{page}"
    );
    assert!(!page.contains("<td>0</td>"), "{page}");
    // A share's change is in percentage points, not percent.
    let share = files.page("cijfers/bereik/index.html");
    assert!(share.contains("81%"), "{share}");
    assert!(share.contains("+25 procentpunten"), "{share}");
}

#[test]
fn figure_and_change_shortcodes_write_the_formatted_numbers() {
    let report = format!(
        "{FRONT}Er waren {{{{ figure(id=\"oproepen\") }}}} oproepen, \
         {{{{ change(id=\"oproepen\", since=2018) }}}}; bereik {{{{ figure(id=\"bereik\", year=2018) }}}}.\n"
    );
    let tmp = tiny_site(&report, None);
    let page = render(tmp.path()).unwrap().page("2020/index.html");
    assert!(
        page.contains("<data class=\"figure\" value=\"15250.5\" data-metric=\"oproepen\" data-year=\"2020\">15.250,5</data>"),
        "{page}"
    );
    assert!(
        page.contains("<span class=\"change\" data-metric=\"oproepen\" data-year=\"2020\">+27% t.o.v. 2018</span>"),
        "{page}"
    );
    assert!(page.contains("data-year=\"2018\">56%</data>"), "{page}");
}

#[test]
fn a_shortcode_error_names_its_line_and_column_and_what_to_do() {
    let cases = [
        (
            "{{ figure(id=\"oproepen\", year=2019) }}",
            "`oproepen` has no value for 2019",
            "years with a value: 2018, 2020",
        ),
        (
            "{{ figure(id=\"oproepn\") }}",
            "unknown metric `oproepn`",
            "oproepen",
        ),
        (
            "{{ change(id=\"oproepen\", since=2016) }}",
            "no change from 2016 to 2020",
            "stated_change",
        ),
        (
            "{{ chart(theme=\"geen\") }}",
            "unknown theme `geen`",
            "site.yaml",
        ),
        (
            "{{ figure(id=\"oproepen\", jaar=2020) }}",
            "has no argument `jaar`",
            "id, year",
        ),
    ];
    for (code, message, hint) in cases {
        // The shortcode on the body's third line, after six characters.
        let tmp = tiny_site(&format!("{FRONT}Een.\n\nTwee: {code}\n"), None);
        let problems = render(tmp.path()).err().expect(code).to_string();
        assert!(problems.contains("report.md:8:7"), "{code}: {problems}");
        assert!(problems.contains(message), "{code}: {problems}");
        assert!(problems.contains(hint), "{code}: {problems}");
    }
}

#[test]
fn a_chart_in_prose_is_the_chart_partial_with_its_ids_and_links() {
    let report =
        format!("{FRONT}{{{{ chart(id=\"oproepen\") }}}}\n\n{{{{ chart(theme=\"hulp\") }}}}\n");
    let tmp = tiny_site(&report, None);
    let files = render(tmp.path()).unwrap();
    let page = files.page("2020/index.html");
    for expected in [
        "<figure class=\"chart-figure\" id=\"sc1-oproepen-figuur\">",
        "<caption id=\"sc1-oproepen-table\">",
        "<a href=\"/klein/grafieken/oproepen.svg\" aria-label=",
        "<a href=\"/klein/grafieken/oproepen.csv\" aria-label=",
        "<figure class=\"chart-figure\" id=\"sc2-thema-hulp-1-figuur\">",
        "<a href=\"/klein/grafieken/thema-hulp-1.svg\" aria-label=",
    ] {
        assert!(page.contains(expected), "{expected}\n{page}");
    }
    // The files linked to are made.
    files.page("grafieken/oproepen.svg");
    files.page("grafieken/thema-hulp-1.csv");
}

#[test]
fn a_sites_own_chart_partial_reaches_charts_in_prose() {
    let partial = "<div class=\"eigen\" id=\"{{ chart.id }}\">{{ chart.title }} \
                   ({{ chart.table.rows | length }} rijen)</div>";
    let report = format!("{FRONT}{{{{ chart(id=\"oproepen\") }}}}\n");
    let tmp = tiny_site(&report, Some(partial));
    let files = render(tmp.path()).unwrap();
    let page = files.page("2020/index.html");
    assert!(
        page.contains(
            "<div class=\"eigen\" id=\"sc1-oproepen\">Oproepen: verloop per jaar (3 rijen)</div>"
        ),
        "{page}"
    );
    // The metric's own page uses the same partial.
    let metric = files.page("cijfers/oproepen/index.html");
    assert!(
        metric.contains("<div class=\"eigen\" id=\"chart-oproepen\">"),
        "{metric}"
    );
}

#[test]
fn a_broken_chart_partial_is_told_at_the_template() {
    let report = format!("{FRONT}{{{{ chart(id=\"oproepen\") }}}}\n");
    // It fails only for the chart in prose (the metric page's chart renders): the
    // problem comes from the shortcode's render.
    let partial = "{% if \"sc1-\" in chart.id %}{{ no_such_value }}{% endif %}ok";
    let tmp = tiny_site(&report, Some(partial));
    let problems = render(tmp.path())
        .err()
        .expect("a broken partial")
        .to_string();
    assert!(
        problems.contains("templates/partials/chart.html:1:"),
        "{problems}"
    );
    assert!(problems.contains("no_such_value"), "{problems}");
    assert!(!problems.contains("report.md"), "{problems}");
}
