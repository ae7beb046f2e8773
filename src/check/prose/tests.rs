//! The prose check's unit tests.

use super::*;
use crate::model::{Content, Figure, YearContent};
use std::collections::BTreeMap;

fn metric(id: &str, label: &str, unit: &str) -> Metric {
    Metric {
        id: id.into(),
        label: label.into(),
        theme: "t".into(),
        unit: unit.into(),
        description: String::new(),
        definition: String::new(),
        headline: false,
        decimals: 0,
        keywords: Vec::new(),
        translations: Default::default(),
    }
}

fn data(values: &[(i32, &str, f64)]) -> Dataset {
    let mut years: Vec<YearContent> = Vec::new();
    for (y, id, v) in values {
        let figure = Figure {
            metric: id.to_string(),
            value: Some(*v),
            line: 1,
            ..Figure::default()
        };
        match years.iter_mut().find(|c| c.year == *y) {
            Some(c) => c.figures.push(figure),
            None => years.push(YearContent {
                year: *y,
                report: None,
                figures: vec![figure],
                figures_path: "f".into(),
                figures_text: String::new(),
            }),
        }
    }
    years.sort_by_key(|y| y.year);
    let content = Content {
        root: ".".into(),
        config: crate::load::yaml::from_str(
            "title: t\nbase_url: /\norganisation: {name: o}\nthemes: []\n",
        )
        .unwrap(),
        config_path: "site.yaml".into(),
        metrics: Vec::new(),
        metrics_path: "metrics.yaml".into(),
        metrics_text: String::new(),
        metric_id_lines: Default::default(),
        years,
        publications: Vec::new(),
        pages: Vec::new(),
        translations: Default::default(),
        unread: Default::default(),
    };
    Dataset::new(&content)
}

/// The shipped words of a language (`templates/i18n/<code>.yaml`).
fn vocabulary(code: &str) -> Vocabulary {
    let text = match code {
        "nl" => include_str!("../../../templates/i18n/nl.yaml"),
        _ => include_str!("../../../templates/i18n/fr.yaml"),
    };
    let map: std::collections::BTreeMap<String, String> =
        crate::load::yaml::from_str(text).unwrap();
    Vocabulary::from_lookup(|key| map.get(key).map_or("", String::as_str))
}

fn translated(mut m: Metric, label: &str, unit: &str, keywords: &[&str]) -> Metric {
    m.translations.insert(
        crate::format::Lang::from_code("fr").unwrap(),
        crate::model::MetricText {
            label: label.into(),
            unit: unit.into(),
            description: String::new(),
            definition: String::new(),
            keywords: keywords.iter().map(|k| k.to_string()).collect(),
        },
    );
    m
}

/// Errors and warnings for `text` in language `code` (`nl`, the default, or `fr`).
fn run_in(code: &str, text: &str, year: Option<i32>) -> (Vec<String>, Vec<String>) {
    run_with(code, text, year, &BTreeMap::new())
}

fn run_with(
    code: &str,
    text: &str,
    year: Option<i32>,
    not_figures: &BTreeMap<String, String>,
) -> (Vec<String>, Vec<String>) {
    let mut weglopers = metric("weglopers", "Weglopers", "nieuwe dossiers");
    weglopers.keywords = vec!["weggelopen kinderen".into()];
    let metrics = vec![
        translated(
            metric("online", "online veiligheid", "dossiers"),
            "sécurité en ligne",
            "dossiers",
            &[],
        ),
        translated(
            metric(
                "uitbuiting",
                "Seksuele uitbuiting (totaal)",
                "nieuwe dossiers",
            ),
            "Exploitation sexuelle (total)",
            "nouveaux dossiers",
            &[],
        ),
        translated(
            metric("aandeel", "aandeel seksuele integriteit", "%"),
            "part intégrité sexuelle",
            "%",
            &[],
        ),
        translated(weglopers, "Fugues", "nouveaux dossiers", &["fugue"]),
    ];
    let d = data(&[
        (2019, "online", 267.0),
        (2020, "online", 411.0),
        (2019, "uitbuiting", 1501.0),
        (2020, "uitbuiting", 2205.0),
        (2020, "aandeel", 81.0),
        (2020, "weglopers", 1000.0),
        (2021, "weglopers", 750.0),
    ]);
    let translation = (code == "fr").then_some(crate::format::Lang::from_code("fr").unwrap());
    let lang = Language::new(&metrics, translation, vocabulary(code));
    let (mut errors, mut warnings) = (Diagnostics::default(), Diagnostics::default());
    check_prose(
        &Prose {
            file: Path::new("r.md"),
            text,
            first_line: 5,
            year,
            not_figures,
        },
        &lang,
        &d,
        &mut Findings {
            errors: &mut errors,
            warnings: &mut warnings,
        },
    );
    let strings = |d: &Diagnostics| d.iter().map(|d| d.to_string()).collect::<Vec<_>>();
    (strings(&errors), strings(&warnings))
}

fn run(text: &str, year: Option<i32>) -> Vec<String> {
    let (errors, warnings) = run_in("nl", text, year);
    assert_eq!(warnings, Vec::<String>::new(), "{text}");
    errors
}

#[test]
fn agreeing_numbers_pass() {
    for text in [
        "Het aantal dossiers over online veiligheid steeg met 54 procent, van 267 naar 411 dossiers.",
        "In 17 gevallen ging het om seksuele uitbuiting, bij jongeren tussen 14 en 17 jaar.",
        "Er waren {{ figure(id=\"uitbuiting\") }} dossiers, een stijging van 47% tegenover 1.501 in 2019.",
        "De seksuele uitbuiting nam toe (+47%).",
        "Van de dossiers ging 81 procent over het aandeel seksuele integriteit.",
        "Online veiligheid: tussen 14 en 17 jaar, 3 per dag, het nummer 116 000.",
        "De hulplijn 116 000 {{ figure(id=\"online\") }} dossiers over online veiligheid.",
        "Over online veiligheid schreef de krant in 2020 niets met cijfers.",
    ] {
        assert_eq!(run(text, Some(2020)), Vec::<String>::new(), "{text}");
    }
}

#[test]
fn a_wrong_percentage_is_caught() {
    let e = run(
        "\n\nDe dossiers over online veiligheid stegen met 45 procent.",
        Some(2020),
    );
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].starts_with("r.md:7:"), "{}", e[0]);
    assert!(
        e[0].contains("the text says 45 procent, but the data give +54% for online (2019 → 2020)"),
        "{}",
        e[0]
    );
    // A rise written as a fall.
    assert_eq!(
        run("Een daling van 47% bij seksuele uitbuiting.", Some(2020)).len(),
        1
    );
}

#[test]
fn a_wrong_count_is_caught() {
    let e = run(
        "Er kwamen 2.250 nieuwe dossiers over seksuele uitbuiting binnen.",
        Some(2020),
    );
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].contains("the text says 2.250, but the data give 2205 for uitbuiting in 2020"),
        "{}",
        e[0]
    );
    let e = run(
        "In 2019 waren er 1.510 nieuwe dossiers over seksuele uitbuiting.",
        None,
    );
    assert_eq!(e.len(), 1, "{e:?}");
}

#[test]
fn numbers_are_read_the_dutch_way() {
    let n = numbers(
        "2.205 en 55.601, 12,5%, +47 procent, −16%, 2019, t.o.v. 2020 en 116000x of 116 000.",
        &vocabulary("nl").percent,
    );
    let values: Vec<(f64, bool)> = n.iter().map(|n| (n.value, n.percent)).collect();
    assert_eq!(
        values,
        vec![
            (2205.0, false),
            (55601.0, false),
            (12.5, true),
            (47.0, true),
            (16.0, true),
            (2019.0, false),
            (2020.0, false),
            (116000.0, false)
        ]
    );
    assert_eq!(n[3].sign, Some(true));
    assert_eq!(n[4].sign, Some(false));
}

#[test]
fn sentences_split_at_ends_not_at_abbreviations() {
    let s = sentences("Een stijging t.o.v. 2019. Daarna iets.\n\nNieuw");
    assert_eq!(s.len(), 3);
}

#[test]
fn numbers_are_read_the_french_way() {
    let n = numbers(
        "2 205 et 12,5 %, une hausse de −25 %, 47 pour cent, 3 points de pourcentage.",
        &vocabulary("fr").percent,
    );
    let values: Vec<(f64, bool)> = n.iter().map(|n| (n.value, n.percent)).collect();
    assert_eq!(
        values,
        vec![
            (2205.0, false),
            (12.5, true),
            (25.0, true),
            (47.0, true),
            (3.0, false)
        ]
    );
    assert_eq!(n[2].sign, Some(false));
    // `procent` is a whole word: a percentage point is not a percentage.
    let nl = numbers("3 procentpunt en 4 procent", &vocabulary("nl").percent);
    assert_eq!(
        nl.iter().map(|n| n.percent).collect::<Vec<_>>(),
        [false, true]
    );
}

/// Issue 16, case 3: the seed's sentence with its digits swapped, naming the metric the
/// way people write it while the label is "Seksuele uitbuiting (totaal)".
#[test]
fn a_metric_is_named_without_qualifiers_and_in_other_forms() {
    let e = run(
        "In 2020 opende Child Focus 2.502 nieuwe dossiers van seksuele uitbuiting, een stijging met 74 procent ten opzichte van 2019.",
        Some(2020),
    );
    assert_eq!(e.len(), 2, "{e:?}");
    assert!(
        e[0].contains("the text says 2.502, but the data give"),
        "{}",
        e[0]
    );
    assert!(
        e[1].contains("the text says 74 procent, but the data give +47% for uitbuiting"),
        "{}",
        e[1]
    );
    // Another form of the label ("seksueel", capitals) and a keyword tie as well.
    assert_eq!(
        run("SEKSUELE UITBUITINGEN stegen met 74 procent.", Some(2020)).len(),
        1
    );
    assert_eq!(
        run("Het aantal weggelopen kinderen daalde met 40%.", Some(2021)).len(),
        1
    );
    assert_eq!(
        run("Het aantal weggelopen kinderen daalde met 25%.", Some(2021)),
        Vec::<String>::new()
    );
    // French: the translated label without its qualifier, and a keyword in the plural.
    let (e, _) = run_in(
        "fr",
        "En 2020, 2 502 nouveaux dossiers d'exploitation sexuelle, une hausse de 74 %.",
        Some(2020),
    );
    assert_eq!(e.len(), 2, "{e:?}");
    let (e, _) = run_in("fr", "Les fugues ont diminué de 25 %.", Some(2021));
    assert_eq!(e, Vec::<String>::new());
    let (e, _) = run_in("fr", "Les fugues ont diminué de 40 %.", Some(2021));
    assert_eq!(e.len(), 1, "{e:?}");
}

/// Issue 16, case 2: the text after expansion. A rise word with a change that shows a
/// fall, and the other way round, in Dutch and in French.
#[test]
fn a_change_shortcode_must_go_the_way_the_words_say() {
    let rise_nl = "Bij weglopers was er een stijging van {{ change(id=\"weglopers\") }}.";
    let e = run(rise_nl, Some(2021));
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].starts_with("r.md:5:39:"), "{}", e[0]);
    assert!(
        e[0].contains("the text speaks of a rise (“stijging”), but the change shortcode for `weglopers` shows -25% (2020 → 2021)"),
        "{}",
        e[0]
    );
    assert_eq!(
        run("Een daling van {{ change(id=\"weglopers\") }}.", Some(2021)),
        Vec::<String>::new()
    );
    let e = run(
        "Een daling van {{ change(id=\"uitbuiting\") }}.",
        Some(2020),
    );
    assert_eq!(e.len(), 1, "{e:?}");
    let (e, _) = run_in(
        "fr",
        "Une hausse de {{ change(id=\"weglopers\") }} des fugues.",
        Some(2021),
    );
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].contains("rise (“hausse”)"), "{}", e[0]);
    let (e, _) = run_in(
        "fr",
        "Une baisse de {{ change(id=\"weglopers\") }}.",
        Some(2021),
    );
    assert_eq!(e, Vec::<String>::new());
    // With both words, the sentence does not say which way: nothing is judged.
    assert_eq!(
        run(
            "Na een daling, een stijging van {{ change(id=\"weglopers\") }}.",
            Some(2021)
        ),
        Vec::<String>::new()
    );
}

/// A typed signed percentage against the sentence's word ("une hausse de −25 %") is an
/// error even where the number itself is the data's.
#[test]
fn a_typed_sign_must_go_the_way_the_words_say() {
    let (e, _) = run_in("fr", "Les fugues : une hausse de −25 %.", Some(2021));
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].contains("the text speaks of a rise (“hausse”), but writes −25 %"),
        "{}",
        e[0]
    );
    let e = run("Bij weglopers een stijging van -25%.", Some(2021));
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(
        run("Bij weglopers een daling van -25%.", Some(2021)),
        Vec::<String>::new()
    );
}

#[test]
fn a_number_listed_as_not_a_figure_is_left_alone_and_a_stale_entry_is_told() {
    let text = "Het doel is jaarlijks 9.999 nieuwe dossiers te openen.";
    let (e, w) = run_in("nl", text, Some(2020));
    assert_eq!((e.len(), w.len()), (0, 1), "{w:?}");
    assert!(
        w[0].contains("cannot check 9.999 nieuwe dossiers"),
        "{}",
        w[0]
    );
    let listed: BTreeMap<String, String> = [(
        "9.999 nieuwe dossiers".to_string(),
        "het doel, geen cijfer".to_string(),
    )]
    .into();
    let (e, w) = run_with("nl", text, Some(2020), &listed);
    assert_eq!((e, w), (Vec::<String>::new(), Vec::<String>::new()));
    // Listed, but the text no longer has it: a warning, so the list cannot hide a figure.
    let (_, w) = run_with(
        "nl",
        "Het doel is jaarlijks 9.998 nieuwe dossiers te openen.",
        Some(2020),
        &listed,
    );
    assert_eq!(w.len(), 2, "{w:?}");
    assert!(
        w.iter()
            .any(|w| w.contains("cannot check 9.998 nieuwe dossiers")),
        "{w:?}"
    );
    assert!(
        w.iter().any(|w| w.contains(
            "`not_figures` lists 9.999 nieuwe dossiers, but the text has no such number"
        )),
        "{w:?}"
    );
}

#[test]
fn untied_figures_are_warnings() {
    let (e, w) = run_in(
        "nl",
        "In 2020 opende Child Focus 9.999 nieuwe dossiers.",
        Some(2020),
    );
    assert_eq!(e, Vec::<String>::new());
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].contains("cannot check 9.999 nieuwe dossiers: name the metric or use a shortcode"),
        "{}",
        w[0]
    );
    let (_, w) = run_in("nl", "Er was een stijging met 74 procent.", Some(2020));
    assert_eq!(w.len(), 1, "{w:?}");
    let (_, w) = run_in(
        "fr",
        "Child Focus a ouvert 9 999 nouveaux dossiers, une hausse de 74 %.",
        Some(2020),
    );
    assert_eq!(w.len(), 2, "{w:?}");
    assert!(
        w[0].contains("cannot check 9 999 nouveaux dossiers"),
        "{}",
        w[0]
    );
    // Not a metric's figure: no unit follows at once, or no word of change.
    for text in [
        "Tussen 2021 en 2023 verdwenen meer dan 51.000 van deze kinderen.",
        "Er werken 40 mensen, 12 procent van hen als vrijwilliger.",
        "Het nummer 116 000 is gratis, dag en nacht.",
    ] {
        assert_eq!(
            run_in("nl", text, Some(2020)),
            (Vec::new(), Vec::new()),
            "{text}"
        );
    }
}

#[test]
fn qualifiers_are_left_out_of_a_name() {
    assert_eq!(
        lexicon::without_qualifiers("Seksuele uitbuiting (totaal)"),
        "Seksuele uitbuiting"
    );
    assert_eq!(
        lexicon::without_qualifiers("Vermiste (niet-begeleide) minderjarigen [nieuw]"),
        "Vermiste minderjarigen"
    );
}
