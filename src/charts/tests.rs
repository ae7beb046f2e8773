use super::layout::*;
use super::svg::strip_layer;

use crate::format::{Format, Lang};

/// A language file the theme ships.
fn strings(code: &str) -> std::collections::BTreeMap<String, String> {
    let text = match code {
        "nl" => include_str!("../../templates/i18n/nl.yaml"),
        _ => include_str!("../../templates/i18n/fr.yaml"),
    };
    crate::load::yaml::from_str(text).unwrap()
}

/// The words of descriptions, from the language file the theme ships.
fn words(code: &str) -> Words {
    let strings = strings(code);
    Words::from_lookup(|key| strings[key].clone())
}

/// How the language writes numbers, as its file says.
fn format(code: &str) -> Format {
    let strings = strings(code);
    let lang = Lang::from_code(code).unwrap();
    Format::new(
        lang,
        &strings["format_percent"],
        &strings["format_first_day"],
    )
    .unwrap()
}
use super::*;

/// An element of a parsed SVG: just enough XML to check well-formedness and look inside.
#[derive(Debug)]
struct Node {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<Node>,
    text: String,
}

impl Node {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn num(&self, name: &str) -> f64 {
        self.attr(name)
            .unwrap_or_else(|| panic!("<{}> has no {name}", self.name))
            .parse()
            .unwrap()
    }

    fn descendants(&self) -> Vec<&Node> {
        let mut out = Vec::new();
        for child in &self.children {
            out.push(child);
            out.extend(child.descendants());
        }
        out
    }

    fn find_all(&self, name: &str) -> Vec<&Node> {
        self.descendants()
            .into_iter()
            .filter(|n| n.name == name)
            .collect()
    }

    fn group(&self, class: &str) -> &Node {
        self.find_all("g")
            .into_iter()
            .find(|g| g.attr("class") == Some(class))
            .unwrap_or_else(|| panic!("no <g class=\"{class}\">"))
    }

    /// The text of the `<text>` elements below, trimmed as SVG renders it.
    fn texts(&self) -> Vec<String> {
        self.find_all("text")
            .iter()
            .map(|t| t.text.trim().to_string())
            .collect()
    }
}

/// Parses a chart with a real XML parser (roxmltree, strict about well-formedness: an
/// unescaped `<` or `&`, a control character or a mismatched tag fails the test).
fn parse(xml: &str) -> Node {
    let doc = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
    node(doc.root_element())
}

fn node(n: roxmltree::Node) -> Node {
    Node {
        name: n.tag_name().name().to_string(),
        attrs: n
            .attributes()
            .map(|a| (a.name().to_string(), a.value().to_string()))
            .collect(),
        children: n.children().filter(|c| c.is_element()).map(node).collect(),
        text: n
            .children()
            .filter(|c| c.is_text())
            .filter_map(|c| c.text())
            .collect(),
    }
}

fn series(label: &str, points: &[(i32, f64)]) -> Series {
    Series {
        label: label.to_string(),
        points: points.to_vec(),
        breaks: Vec::new(),
        other_publishers: false,
    }
}

fn single(years: (i32, i32), points: &[(i32, f64)]) -> LineChart {
    LineChart {
        id: "uitbuiting".to_string(),
        title: "Seksuele uitbuiting".to_string(),
        unit: "nieuwe dossiers".to_string(),
        years,
        series: vec![series("Seksuele uitbuiting", points)],
        events: Vec::new(),
    }
}

fn theme() -> LineChart {
    let years = 2014..=2023;
    LineChart {
        id: "online".to_string(),
        title: "Online seksuele uitbuiting".to_string(),
        unit: "nieuwe dossiers".to_string(),
        years: (2014, 2023),
        series: vec![
            series(
                "Grooming",
                &years
                    .clone()
                    .map(|y| (y, f64::from(y - 2000) * 10.0))
                    .collect::<Vec<_>>(),
            ),
            series(
                "Sexting",
                &years
                    .clone()
                    .map(|y| (y, f64::from(y - 2010) * 12.0))
                    .collect::<Vec<_>>(),
            ),
            series(
                "Sextortion",
                &years
                    .map(|y| (y, f64::from(y - 2013) * 30.0))
                    .collect::<Vec<_>>(),
            ),
        ],
        events: vec![Event {
            label: "COVID-19-lockdowns".to_string(),
            from: 2020,
            to: 2021,
        }],
    }
}

fn bars() -> BarChart {
    BarChart {
        id: "soorten".to_string(),
        title: "Verdwijningen per soort".to_string(),
        unit: "nieuwe dossiers".to_string(),
        year: 2023,
        bars: vec![
            ("Weglopers".to_string(), 867.0),
            (
                "Internationale kinderontvoeringen door een ouder of een ander familielid"
                    .to_string(),
                1301.0,
            ),
            ("Niet-begeleide minderjarigen".to_string(), 0.0),
        ],
    }
}

/// The points of a polyline.
fn points(line: &Node) -> Vec<(f64, f64)> {
    line.attr("points")
        .unwrap()
        .split_whitespace()
        .map(|p| {
            let (x, y) = p.split_once(',').unwrap();
            (x.parse().unwrap(), y.parse().unwrap())
        })
        .collect()
}

/// The centres of a series group's markers (everything drawn but lines and text).
fn markers(group: &Node) -> Vec<(f64, f64)> {
    group
        .children
        .iter()
        .filter_map(|n| match n.name.as_str() {
            "circle" => Some((n.num("cx"), n.num("cy"))),
            "rect" => Some((
                n.num("x") + n.num("width") / 2.0,
                n.num("y") + n.num("height") / 2.0,
            )),
            "polygon" => {
                let p = points(n);
                let avg = |f: fn(&(f64, f64)) -> f64| p.iter().map(f).sum::<f64>() / p.len() as f64;
                Some((avg(|p| p.0), avg(|p| p.1)))
            }
            _ => None,
        })
        .collect()
}

/// Every chart is well-formed, scales, and carries its accessible name and description.
fn check_accessible(chart: &Chart, id: &str) -> Node {
    let svg = parse(&chart.svg);
    assert_eq!(svg.name, "svg");
    assert_eq!(svg.attr("role"), Some("img"));
    assert_eq!(svg.attr("width"), Some("100%"));
    assert_eq!(svg.attr("height"), None);
    let view_box: Vec<f64> = svg
        .attr("viewBox")
        .unwrap()
        .split(' ')
        .map(|v| v.parse().unwrap())
        .collect();
    assert_eq!(view_box[..3], [0.0, 0.0, f64::from(WIDTH)]);
    assert!(view_box[3] > 100.0);
    assert_eq!(
        svg.attr("aria-labelledby"),
        Some(format!("{id}-title {id}-desc").as_str())
    );
    assert_eq!(svg.children[0].name, "title");
    assert_eq!(
        svg.children[0].attr("id"),
        Some(format!("{id}-title").as_str())
    );
    assert_eq!(svg.children[1].name, "desc");
    assert_eq!(
        svg.children[1].attr("id"),
        Some(format!("{id}-desc").as_str())
    );
    assert_eq!(svg.children[1].text, chart.desc);
    for node in svg.descendants() {
        if let Some(inner) = node.attr("id") {
            assert!(inner.starts_with(id), "id {inner} is not prefixed by {id}");
        }
    }
    svg
}

#[test]
fn line_chart_is_accessible_and_well_formed() {
    let chart = line_chart(&theme(), &format("nl"), &words("nl"));
    let svg = check_accessible(&chart, "online");
    assert_eq!(svg.children[0].text, "Online seksuele uitbuiting");
    let event = svg.group("event");
    assert_eq!(event.find_all("rect").len(), 1);
    assert_eq!(event.texts(), ["COVID-19-lockdowns"]);
    assert_eq!(
        svg.group("legend").texts(),
        ["Grooming", "Sexting", "Sextortion"]
    );
}

#[test]
fn text_stays_readable_on_a_phone() {
    // A 375 px wide phone leaves about 343 px for the chart.
    let px = FONT_SIZE * 343.0 / f64::from(WIDTH);
    assert!(px >= 10.0, "text would be {px:.1} px");
    let svg = parse(&line_chart(&theme(), &format("nl"), &words("nl")).svg);
    assert_eq!(svg.attr("font-size"), Some(FONT_SIZE.to_string().as_str()));
    assert!(svg
        .descendants()
        .iter()
        .all(|n| n.attr("font-size").is_none()));
}

#[test]
fn a_missing_year_is_a_gap_in_the_line() {
    let chart = single(
        (2016, 2020),
        &[(2016, 10.0), (2017, 20.0), (2019, 30.0), (2020, 40.0)],
    );
    let svg = parse(&line_chart(&chart, &format("nl"), &words("nl")).svg);
    let series = svg.group("series series-1");
    let lines: Vec<Vec<(f64, f64)>> = series
        .find_all("polyline")
        .iter()
        .map(|l| points(l))
        .collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(lines[0].len(), 2);
    assert_eq!(lines[1].len(), 2);
    // 2018 lies halfway between 2017 and 2019, and neither segment reaches it.
    let x2018 = (lines[0][1].0 + lines[1][0].0) / 2.0;
    assert!(lines
        .iter()
        .flatten()
        .all(|&(x, _)| (x - x2018).abs() > 10.0));
    assert_eq!(markers(series).len(), 4);
    // Never drawn as a zero: no point lies on the x axis.
    let baseline = svg
        .group("axis")
        .find_all("polyline")
        .iter()
        .map(|l| points(l)[0].1)
        .fold(0.0, f64::max);
    assert!(lines.iter().flatten().all(|&(_, y)| y < baseline - 10.0));
    // The x axis still has a tick for 2018.
    let ticks = svg
        .group("axis")
        .find_all("polyline")
        .iter()
        .filter(|l| {
            let p = points(l);
            p[0].0 == p[1].0
        })
        .count();
    assert_eq!(ticks, 5);
}

#[test]
fn a_lone_point_between_gaps_is_a_marker() {
    let chart = single(
        (2015, 2021),
        &[
            (2015, 5.0),
            (2016, 6.0),
            (2018, 7.0),
            (2020, 8.0),
            (2021, 9.0),
        ],
    );
    let svg = parse(&line_chart(&chart, &format("nl"), &words("nl")).svg);
    let series = svg.group("series series-1");
    let lines: Vec<Vec<(f64, f64)>> = series
        .find_all("polyline")
        .iter()
        .map(|l| points(l))
        .collect();
    assert_eq!(lines.len(), 2);
    let markers = markers(series);
    assert_eq!(markers.len(), 5);
    let lone = markers[2];
    assert!(lines[0][1].0 < lone.0 && lone.0 < lines[1][0].0);
    assert!(lines.iter().flatten().all(|&(x, _)| x != lone.0));
}

#[test]
fn y_axis_starts_at_zero_with_round_dutch_ticks() {
    let chart = single((2019, 2020), &[(2019, 1501.0), (2020, 2205.0)]);
    let svg = parse(&line_chart(&chart, &format("nl"), &words("nl")).svg);
    let axis = svg.group("axis");
    let mut y_labels: Vec<(f64, String)> = axis
        .find_all("text")
        .iter()
        .filter(|t| t.attr("text-anchor") == Some("end"))
        .map(|t| (t.num("y"), t.text.trim().to_string()))
        .collect();
    y_labels.sort_by(|a, b| b.0.total_cmp(&a.0));
    let labels: Vec<&str> = y_labels.iter().map(|(_, l)| l.as_str()).collect();
    assert_eq!(labels, ["0", "500", "1.000", "1.500", "2.000", "2.500"]);
    // The "0" label sits on the x axis.
    let axis_line = axis
        .find_all("polyline")
        .into_iter()
        .find(|l| l.attr("stroke") == Some("#595959"))
        .unwrap();
    assert_eq!(points(axis_line)[0].1, y_labels[0].0);
    assert!(axis.texts().contains(&"2019".to_string()));
    assert!(axis.texts().contains(&"2020".to_string()));
    assert_eq!(svg.group("series series-1").texts(), ["2.205"]);
}

#[test]
fn nice_ticks_are_round() {
    assert_eq!(
        nice_ticks(2205.0),
        [0.0, 500.0, 1000.0, 1500.0, 2000.0, 2500.0]
    );
    assert_eq!(nice_ticks(867.0), [0.0, 200.0, 400.0, 600.0, 800.0, 1000.0]);
    assert_eq!(nice_ticks(55601.0), [0.0, 20000.0, 40000.0, 60000.0]);
    assert_eq!(nice_ticks(3.0), [0.0, 1.0, 2.0, 3.0]);
    assert_eq!(nice_ticks(100.0), [0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
    assert_eq!(nice_ticks(0.0), [0.0, 1.0]);
    let labels: Vec<String> = nice_ticks(0.4)
        .iter()
        .map(|t| format("nl").number(*t))
        .collect();
    assert_eq!(labels, ["0", "0,1", "0,2", "0,3", "0,4"]);
}

#[test]
fn series_differ_without_colour() {
    let svg = parse(&line_chart(&theme(), &format("nl"), &words("nl")).svg);
    let look = |class: &str| {
        let g = svg.group(class);
        let marker = &g.children.iter().find(|n| n.name != "polyline").unwrap();
        let corners = if marker.name == "polygon" {
            points(marker).len()
        } else {
            0
        };
        (
            g.attr("stroke-dasharray").unwrap_or("none").to_string(),
            marker.name.clone(),
            corners,
        )
    };
    let looks = [
        look("series series-1"),
        look("series series-2"),
        look("series series-3"),
    ];
    for (i, a) in looks.iter().enumerate() {
        for b in &looks[i + 1..] {
            assert_ne!(a.0, b.0, "same dash pattern");
            assert_ne!((&a.1, a.2), (&b.1, b.2), "same marker");
        }
    }
    // The legend shows each line's pattern with its marker.
    let legend = svg.group("legend");
    for (i, entry) in legend.children.iter().enumerate() {
        assert_eq!(
            entry.attr("class"),
            Some(format!("series-{}", i + 1).as_str())
        );
        assert_eq!(
            entry.attr("stroke-dasharray"),
            svg.group(&format!("series series-{}", i + 1))
                .attr("stroke-dasharray")
        );
        assert_eq!(entry.find_all("polyline").len(), 1);
    }
}

#[test]
fn long_legend_labels_wrap_inside_the_chart() {
    let mut chart = theme();
    chart.series[1].label =
        "Online aantasting van de seksuele integriteit van minderjarigen".to_string();
    let svg = parse(&line_chart(&chart, &format("nl"), &words("nl")).svg);
    let legend = svg.group("legend");
    assert_eq!(legend.children[1].texts().len(), 2);
    for t in legend.find_all("text") {
        assert!(t.num("x") + text_width(t.text.trim()) <= f64::from(WIDTH));
    }
    // Entries below a wrapped one start on a new row, below its last line.
    let y = |entry: &Node| {
        entry
            .find_all("text")
            .iter()
            .map(|t| t.num("y"))
            .fold(0.0, f64::max)
    };
    assert!(y(&legend.children[2]) > y(&legend.children[1]));
}

#[test]
fn value_labels_of_close_series_do_not_overlap() {
    let mut chart = theme();
    for (i, s) in chart.series.iter_mut().enumerate() {
        s.points = vec![(2022, 100.0), (2023, 300.0 + i as f64)];
    }
    let svg = parse(&line_chart(&chart, &format("nl"), &words("nl")).svg);
    let mut ys: Vec<f64> = (1..=3)
        .map(|i| svg.group(&format!("series series-{i}")).find_all("text")[0].num("y"))
        .collect();
    ys.sort_by(f64::total_cmp);
    assert!(ys.windows(2).all(|w| w[1] - w[0] >= FONT_SIZE), "{ys:?}");
}

#[test]
fn hostile_labels_stay_escaped() {
    let hostile = "<script>alert(1)</script>\" onmouseover=\"x\" ]]> & </svg> 'q' \u{1}";
    let mut chart = theme();
    chart.id = "id\"<>".to_string();
    chart.title = hostile.to_string();
    chart.unit = hostile.to_string();
    chart.series[1].label = hostile.to_string();
    chart.events[0].label = hostile.to_string();
    let mut bar = bars();
    bar.title = hostile.to_string();
    bar.unit = hostile.to_string();
    bar.bars[0].0 = hostile.to_string();
    for svg in [
        line_chart(&chart, &format("nl"), &words("nl")).svg,
        bar_chart(&bar, &format("fr"), &words("fr")).svg,
    ] {
        let root = parse(&svg);
        assert!(root.find_all("script").is_empty());
        for raw in ["<script", "\" onmouseover", "]]>", "& ", "'q'", "\u{1}"] {
            assert!(!svg.contains(raw), "{raw:?} unescaped");
        }
        assert_eq!(svg.matches("</svg>").count(), 1);
        assert!(svg.trim_end().ends_with("</svg>"));
        let shown = root
            .descendants()
            .iter()
            .map(|n| n.text.as_str())
            .collect::<String>();
        assert!(shown
            .contains("<script>alert(1)</script>\" onmouseover=\"x\" ]]> & </svg> 'q' \u{fffd}"));
    }
}

#[test]
fn same_data_same_bytes() {
    let a = line_chart(&theme(), &format("nl"), &words("nl"));
    let _ = bar_chart(&bars(), &format("fr"), &words("fr"));
    let b = line_chart(&theme(), &format("nl"), &words("nl"));
    assert_eq!(a.svg, b.svg);
    assert_eq!(a.desc, b.desc);
    assert_eq!(
        bar_chart(&bars(), &format("nl"), &words("nl")).svg,
        bar_chart(&bars(), &format("nl"), &words("nl")).svg
    );
}

#[test]
fn dutch_description() {
    let chart = single((2018, 2020), &[(2019, 1501.0), (2020, 2205.0)]);
    assert_eq!(
        line_chart(&chart, &format("nl"), &words("nl")).desc,
        "Seksuele uitbuiting, nieuwe dossiers: van 1.501 in 2019 naar 2.205 in 2020 (+47%). Geen cijfer voor 2018."
    );
    let chart = single(
        (2010, 2023),
        &[
            (2014, 900.0),
            (2015, 1200.0),
            (2016, 3100.0),
            (2019, 900.0),
            (2020, 0.0),
            (2022, 700.0),
        ],
    );
    assert_eq!(
        line_chart(&chart, &format("nl"), &words("nl")).desc,
        "Seksuele uitbuiting, nieuwe dossiers: van 900 in 2014 naar 700 in 2022 (\u{2212}22%). \
         Hoogste waarde: 3.100 in 2016. \
         Geen cijfers voor 2010 tot en met 2013, 2017, 2018, 2021 en 2023."
    );
    // No change from zero; a single value; no values.
    let chart = single((2020, 2021), &[(2020, 0.0), (2021, 12.5)]);
    assert_eq!(
        line_chart(&chart, &format("nl"), &words("nl")).desc,
        "Seksuele uitbuiting, nieuwe dossiers: van 0 in 2020 naar 12,5 in 2021."
    );
    let chart = single((2020, 2021), &[(2021, 12.0)]);
    assert_eq!(
        line_chart(&chart, &format("nl"), &words("nl")).desc,
        "Seksuele uitbuiting, nieuwe dossiers: 12 in 2021. Geen cijfer voor 2020."
    );
    let chart = single((2020, 2021), &[]);
    assert_eq!(
        line_chart(&chart, &format("nl"), &words("nl")).desc,
        "Seksuele uitbuiting, nieuwe dossiers: geen cijfers."
    );
}

#[test]
fn theme_description_covers_every_series_and_event() {
    let mut chart = theme();
    chart.series[2].points.retain(|&(y, _)| y >= 2016);
    assert_eq!(
        line_chart(&chart, &format("nl"), &words("nl")).desc,
        "Online seksuele uitbuiting, nieuwe dossiers. \
         Grooming: van 140 in 2014 naar 230 in 2023 (+64%). \
         Sexting: van 48 in 2014 naar 156 in 2023 (+225%). \
         Sextortion: van 90 in 2016 naar 300 in 2023 (+233%). Geen cijfers voor 2014 en 2015. \
         Aangeduide periode: COVID-19-lockdowns, 2020 tot en met 2021."
    );
}

#[test]
fn french_description_and_labels() {
    let mut chart = single((2018, 2020), &[(2019, 1501.0), (2020, 2205.0)]);
    chart.series[0].label = "Exploitation sexuelle".to_string();
    chart.unit = "nouveaux dossiers".to_string();
    let rendered = line_chart(&chart, &format("fr"), &words("fr"));
    assert_eq!(
        rendered.desc,
        "Exploitation sexuelle, nouveaux dossiers\u{a0}: de 1\u{202f}501 en 2019 à 2\u{202f}205 en 2020 (+47\u{202f}%). \
         Pas de chiffre pour 2018."
    );
    let svg = check_accessible(&rendered, "uitbuiting");
    assert!(svg
        .group("axis")
        .texts()
        .contains(&"2\u{202f}500".to_string()));
    assert_eq!(svg.group("series series-1").texts(), ["2\u{202f}205"]);
}

#[test]
fn bar_chart_labels_every_bar() {
    let chart = bar_chart(&bars(), &format("nl"), &words("nl"));
    let svg = check_accessible(&chart, "soorten");
    assert_eq!(
        chart.desc,
        "Verdwijningen per soort, nieuwe dossiers, in 2023. Weglopers: 867. \
         Internationale kinderontvoeringen door een ouder of een ander familielid: 1.301. \
         Niet-begeleide minderjarigen: 0."
    );
    let bars: Vec<&Node> = svg.group("bars").children.iter().collect();
    assert_eq!(bars.len(), 3);
    let widths: Vec<f64> = bars
        .iter()
        .map(|b| b.find_all("rect").first().map_or(0.0, |r| r.num("width")))
        .collect();
    assert!(
        widths[1] > widths[0] && widths[0] > 0.0 && widths[2] == 0.0,
        "{widths:?}"
    );
    assert_eq!(bars[0].texts(), ["Weglopers", "867"]);
    // The long label wraps onto two lines above its bar, and stays inside the viewBox.
    let texts = bars[1].texts();
    assert_eq!(texts.len(), 3);
    assert_eq!(
        texts[..2].join(" "),
        "Internationale kinderontvoeringen door een ouder of een ander familielid"
    );
    assert_eq!(texts[2], "1.301");
    for t in bars[1].find_all("text") {
        let width = text_width(t.text.trim())
            * if t.attr("font-weight").is_some() {
                1.1
            } else {
                1.0
            };
        assert!(
            t.num("x") + width <= f64::from(WIDTH),
            "{} overflows",
            t.text.trim()
        );
    }
    assert_eq!(bars[2].texts(), ["Niet-begeleide minderjarigen", "0"]);
    // A title that names the year already does not get it twice.
    let mut chart = self::bars();
    chart.title = "Verdwijningen per soort in 2023".to_string();
    chart.unit = String::new();
    assert!(bar_chart(&chart, &format("fr"), &words("fr"))
        .desc
        .starts_with("Verdwijningen per soort in 2023. Weglopers\u{a0}: 867."));
}

#[test]
fn a_share_changes_in_percentage_points() {
    let chart = LineChart {
        id: "aandeel".into(),
        title: "Aandeel".into(),
        unit: "%".into(),
        years: (2017, 2020),
        series: vec![Series {
            label: "Aandeel".into(),
            points: vec![(2017, 56.0), (2020, 81.0)],
            breaks: Vec::new(),
            other_publishers: false,
        }],
        events: Vec::new(),
    };
    let desc = line_chart(&chart, &format("nl"), &words("nl")).desc;
    assert!(
        desc.contains("van 56% in 2017 naar 81% in 2020 (+25 procentpunten)"),
        "{desc}"
    );
    let fr = line_chart(&chart, &format("fr"), &words("fr")).desc;
    assert!(fr.contains("(+25 points de pourcentage)"), "{fr}");
}

#[test]
fn a_layer_is_read_by_tags_not_lines() {
    // The same elements, laid out on one line or on several, give the same elements, and
    // text loses the font attributes that the root <svg> sets.
    let one_line = "<svg width=\"480\" height=\"10\" viewBox=\"0 0 480 10\" xmlns=\"http://www.w3.org/2000/svg\"><rect x=\"0\"/><text x=\"1\" font-family=\"sans-serif\" font-size=\"17\" fill=\"#000\">a &lt;b&gt;</text></svg>";
    let stripped = strip_layer(one_line);
    assert_eq!(
        stripped,
        "<rect x=\"0\"/><text x=\"1\" fill=\"#000\">a &lt;b&gt;</text>\n"
    );
    let lines = "<svg width=\"480\" height=\"10\" viewBox=\"0 0 480 10\" xmlns=\"http://www.w3.org/2000/svg\">\n<rect x=\"0\"/>\n<text x=\"1\" font-family=\"sans-serif\" font-size=\"17\" fill=\"#000\">\na &lt;b&gt;\n</text>\n</svg>\n";
    assert_eq!(
        strip_layer(lines),
        "<rect x=\"0\"/>\n<text x=\"1\" fill=\"#000\">\na &lt;b&gt;\n</text>\n"
    );
}

/// Every colour plotters draws is one of the palette, and carries its role's class (so the
/// page's CSS and the standalone file's dark mode reach all of it).
#[test]
fn every_colour_of_a_chart_has_its_role_class() {
    let line = line_chart(&theme(), &format("nl"), &words("nl")).svg;
    let bars = bar_chart(
        &BarChart {
            id: "jaar".to_string(),
            title: "Dossiers".to_string(),
            unit: "dossiers".to_string(),
            year: 2021,
            bars: vec![
                ("Weglopers".to_string(), 867.0),
                ("Grooming".to_string(), 0.0),
            ],
        },
        &format("nl"),
        &words("nl"),
    )
    .svg;
    let mut coloured = 0;
    for svg in [&line, &bars] {
        let doc = roxmltree::Document::parse(svg).unwrap();
        for node in doc.descendants().filter(|n| n.is_element()) {
            for property in ["fill", "stroke"] {
                let Some(colour) = node.attribute(property) else {
                    continue;
                };
                if colour == "none" {
                    continue;
                }
                coloured += 1;
                let class = node.attribute("class").unwrap_or("");
                assert!(
                    class
                        .split(' ')
                        .any(|c| c.starts_with(&format!("{property}-"))),
                    "<{}> {property}={colour} has no role class: {class:?}",
                    node.tag_name().name()
                );
            }
        }
    }
    assert!(coloured > 20, "{coloured}");
}

#[test]
fn a_break_interrupts_the_line_is_marked_and_stops_the_change_in_words() {
    let mut chart = single(
        (2019, 2022),
        &[(2019, 100.0), (2020, 120.0), (2021, 60.0), (2022, 70.0)],
    );
    chart.series[0].breaks = vec![(2021, "Telt vanaf 2021 behandelde dossiers.".into())];
    let drawn = line_chart(&chart, &format("nl"), &words("nl"));
    let svg = parse(&drawn.svg);
    let lines: Vec<Vec<(f64, f64)>> = svg
        .group("series series-1")
        .find_all("polyline")
        .iter()
        .map(|l| points(l))
        .collect();
    // 2019–2020 and 2021–2022: no segment joins 2020 to 2021.
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(markers(svg.group("series series-1")).len(), 4);
    // The mark: a group of its own, with its word, between 2020 and 2021.
    let mark = svg.group("break");
    assert!(mark.descendants().iter().any(|n| n.text.contains("breuk")));
    let x_mark = points(mark.find_all("polyline")[0])[0].0;
    assert!(x_mark > lines[0][1].0 && x_mark < lines[1][0].0, "{x_mark}");
    // The description names the break and computes no change from 2019 to 2022.
    assert!(
        drawn.desc.contains("van 100 in 2019 naar 70 in 2022."),
        "{}",
        drawn.desc
    );
    assert!(!drawn.desc.contains('%'), "{}", drawn.desc);
    assert!(drawn
        .desc
        .contains("Breuk in de reeks in 2021: Telt vanaf 2021 behandelde dossiers."));
    // A break before the chart's first year changes nothing.
    chart.series[0].breaks = vec![(2019, "x".into())];
    let drawn = line_chart(&chart, &format("nl"), &words("nl"));
    assert!(drawn.desc.contains("(−30%)"), "{}", drawn.desc);
    assert!(!drawn.svg.contains("class=\"break\""));
}

#[test]
fn the_words_of_breaks_in_years_in_a_row_do_not_touch() {
    // Eleven years: one year is about 36 viewBox units, "breuk" about 55.
    let mut chart = single(
        (2013, 2023),
        &[(2015, 60.0), (2016, 128.0), (2017, 135.0), (2021, 129.0)],
    );
    chart.series[0].breaks = vec![(2016, "a".into()), (2017, "b".into()), (2021, "c".into())];
    let drawn = line_chart(&chart, &format("nl"), &words("nl"));
    let svg = parse(&drawn.svg);
    let marks: Vec<(f64, f64)> = svg
        .find_all("g")
        .into_iter()
        .filter(|g| g.attr("class") == Some("break"))
        .map(|g| {
            let text = g.find_all("text")[0];
            let number = |name: &str| text.attr(name).unwrap().parse::<f64>().unwrap();
            (number("x"), number("y"))
        })
        .collect();
    assert_eq!(marks.len(), 3, "{marks:?}");
    // 2016 and 2017: one a row below the other; 2021, far from them, on the first row.
    assert!(marks[1].1 > marks[0].1 + 15.0, "{marks:?}");
    assert_eq!(marks[2].1, marks[0].1, "{marks:?}");
}

#[test]
fn every_point_tells_its_year_and_value_on_hover() {
    let chart = single(
        (2019, 2022),
        &[(2019, 1586.0), (2020, 2205.0), (2022, 12.0)],
    );
    let svg = line_chart(&chart, &format("nl"), &words("nl")).svg;
    assert_eq!(svg.matches("<circle class=\"point\"").count(), 3, "{svg}");
    assert!(
        svg.contains("<title>Seksuele uitbuiting, 2019: 1.586</title>"),
        "{svg}"
    );
    assert!(
        svg.contains("<title>Seksuele uitbuiting, 2022: 12</title>"),
        "{svg}"
    );
    // No point for the year without a value.
    assert!(!svg.contains(", 2021:"), "{svg}");
    let fr = line_chart(&chart, &format("fr"), &words("fr")).svg;
    assert!(fr.contains("2020\u{a0}: 2\u{202f}205</title>"), "{fr}");
}
