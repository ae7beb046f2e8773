//! The prose check's unit tests.

use super::*;
use crate::model::{Content, Figure, YearContent};
use std::collections::{BTreeMap, BTreeSet};

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
        better: None,
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
    Dataset::new(&content_of(years))
}

fn content_of(years: Vec<YearContent>) -> Content {
    Content {
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
        load_warnings: Default::default(),
    }
}

/// A dataset of whole figures, by year.
fn dataset_of(figures: Vec<(i32, Figure)>) -> Dataset {
    let years = figures
        .into_iter()
        .map(|(year, f)| YearContent {
            year,
            report: None,
            figures: vec![f],
            figures_path: "f".into(),
            figures_text: String::new(),
        })
        .collect();
    Dataset::new(&content_of(years))
}

/// The shipped words of a language (`templates/i18n/<code>.yaml`).
fn vocabulary(code: &str) -> Vocabulary {
    let text = match code {
        "nl" => include_str!("../../../templates/i18n/nl.yaml"),
        "en" => include_str!("../../../templates/i18n/en.yaml"),
        "de" => include_str!("../../../templates/i18n/de.yaml"),
        _ => include_str!("../../../templates/i18n/fr.yaml"),
    };
    let map: std::collections::BTreeMap<String, String> =
        crate::load::yaml::from_str(text).unwrap();
    Vocabulary::from_lookup(|key| map.get(key).map_or("", String::as_str))
}

fn translated(m: Metric, label: &str, unit: &str, keywords: &[&str]) -> Metric {
    translated_in("fr", m, label, unit, keywords)
}

fn translated_in(code: &str, mut m: Metric, label: &str, unit: &str, keywords: &[&str]) -> Metric {
    m.translations.insert(
        crate::format::Lang::from_code(code).unwrap(),
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

/// Errors and warnings for `text` in language `code` (`nl`, the default, or another).
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
    let mut verdwijningen = metric(
        "verdwijningen",
        "Verdwijningen van minderjarigen",
        "nieuwe dossiers",
    );
    verdwijningen = translated(
        verdwijningen,
        "Disparitions de mineurs",
        "nouveaux dossiers",
        &[],
    );
    let mut loans = metric("loans", "Uitleningen", "stuks");
    loans = translated_in("en", loans, "Loans", "items", &["visits"]);
    loans = translated_in("de", loans, "Ausleihen", "Medien", &[]);
    let mut share = metric("share", "Aandeel digitaal", "%");
    share = translated_in("en", share, "Digital share", "%", &[]);
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
        translated(
            metric(
                "prostitutie",
                "Minderjarigen in de prostitutie",
                "nieuwe dossiers",
            ),
            "Mineurs dans la prostitution",
            "nouveaux dossiers",
            &[],
        ),
        verdwijningen,
        translated(
            metric(
                "ontvoeringen",
                "Internationale kinderontvoeringen",
                "dossiers behandeld",
            ),
            "Enlèvements parentaux internationaux",
            "dossiers traités",
            &[],
        ),
        loans,
        share,
    ];
    let d = data(&[
        (2019, "online", 267.0),
        (2020, "online", 411.0),
        (2019, "uitbuiting", 1501.0),
        (2020, "uitbuiting", 2205.0),
        (2020, "aandeel", 81.0),
        (2020, "weglopers", 1000.0),
        (2021, "weglopers", 750.0),
        (2020, "prostitutie", 66.0),
        (2021, "prostitutie", 57.0),
        (2019, "verdwijningen", 1930.0),
        (2020, "verdwijningen", 1620.0),
        (2020, "ontvoeringen", 415.0),
        (2021, "ontvoeringen", 370.0),
        (2011, "loans", 2156.0),
        (2020, "loans", 218_000.0),
        (2021, "loans", 231_800.0),
        (2021, "share", 62.5),
    ]);
    let lang_code = crate::format::Lang::from_code(code).unwrap();
    let translation = (code != "nl").then_some(lang_code);
    let format = crate::format::Format::new(
        lang_code,
        if code == "fr" {
            "{number} %"
        } else {
            "{number}%"
        },
        "",
    )
    .unwrap();
    let mut lang = Language::new(&metrics, translation, vocabulary(code), Some(format));
    lang.name = code.to_string();
    let (mut errors, mut warnings) = (Diagnostics::default(), Diagnostics::default());
    let declared = Declared::new(vec![not_figures]);
    let mut met = BTreeSet::new();
    check_prose(
        &Prose {
            file: Path::new("r.md"),
            text,
            place: Place::Body { first_line: 5 },
            year,
            declared: &declared,
            about: None,
        },
        &lang,
        &d,
        &mut Findings {
            errors: &mut errors,
            warnings: &mut warnings,
            declared_met: &mut met,
        },
    );
    stale_declarations(Path::new("r.md"), not_figures, &met, &mut warnings);
    let strings = |d: &Diagnostics| d.iter().map(|d| d.to_string()).collect::<Vec<_>>();
    (strings(&errors), strings(&warnings))
}

fn run(text: &str, year: Option<i32>) -> Vec<String> {
    let (errors, warnings) = run_in("nl", text, year);
    assert_eq!(warnings, Vec::<String>::new(), "{text}");
    errors
}

fn passes(code: &str, text: &str, year: i32) {
    assert_eq!(
        run_in(code, text, Some(year)),
        (Vec::new(), Vec::new()),
        "should pass: {text}"
    );
}

/// The one error `text` gives, which must contain `expected`.
#[track_caller]
fn fails(code: &str, text: &str, year: i32, expected: &str) -> String {
    let (e, _) = run_in(code, text, Some(year));
    assert_eq!(e.len(), 1, "one error for: {text}\n{e:#?}");
    assert!(
        e[0].contains(expected),
        "{text}\n{}\nshould contain: {expected}",
        e[0]
    );
    e[0].clone()
}

#[test]
fn agreeing_numbers_pass() {
    for text in [
        "Het aantal dossiers over online veiligheid steeg met 54 procent, van 267 in 2019 naar 411 dossiers.",
        "Er waren {{ figure(id=\"uitbuiting\") }} dossiers, een stijging van 47% tegenover 1.501 in 2019.",
        "De seksuele uitbuiting nam toe (+47%).",
        "Van de dossiers ging 81 procent over het aandeel seksuele integriteit.",
        "De hulplijn {{ figure(id=\"online\") }} dossiers over online veiligheid.",
        "Over online veiligheid schreef de krant in 2020 niets met cijfers.",
        "Op 10 mei 2021 kwam het jaarverslag uit, in 2020 in het voorjaar.",
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
    let e = fails(
        "nl",
        "Er kwamen 2.250 nieuwe dossiers over seksuele uitbuiting binnen.",
        2020,
        "the text says 2.250, but the data give 2205 for uitbuiting in 2020",
    );
    assert!(e.contains("write {{ figure(id=\"uitbuiting\") }}"), "{e}");
    let e = run(
        "In 2019 waren er 1.510 nieuwe dossiers over seksuele uitbuiting.",
        None,
    );
    assert_eq!(e.len(), 1, "{e:?}");
}

#[test]
fn sentences_split_at_ends_not_at_abbreviations() {
    let s = sentences("Een stijging t.o.v. 2019. Daarna iets.\n\nNieuw");
    assert_eq!(s.len(), 3);
}

/// Issue 24, case 1: last year's number in this year's text.
#[test]
fn last_years_number_needs_last_year_named() {
    let e = fails(
        "nl",
        "In 2021 opende Child Focus 66 nieuwe dossiers over minderjarigen in de prostitutie.",
        2021,
        "the text says 66, but the data give 57 for prostitutie in 2021",
    );
    assert!(e.contains("write {{ figure(id=\"prostitutie\") }}"), "{e}");
    passes(
        "nl",
        "Over minderjarigen in de prostitutie: 57 nieuwe dossiers, tegenover 66 in 2020.",
        2021,
    );
}

/// Issue 24, case 2: a fall published as a rise, with comparatives, in Dutch and French.
#[test]
fn a_fall_published_as_a_rise_is_caught() {
    let e = fails(
        "nl",
        "Er waren 16 procent meer verdwijningen van minderjarigen dan in 2019.",
        2020,
        "the text says 16 procent with “meer”, but the data give -16% for verdwijningen (2019 → 2020)",
    );
    assert!(e.contains("{{ change(id=\"verdwijningen\") }}"), "{e}");
    passes(
        "nl",
        "Er waren 16 procent minder verdwijningen van minderjarigen dan in 2019.",
        2020,
    );
    fails(
        "fr",
        "Il y a eu 16 % de disparitions de mineurs de plus qu'en 2019.",
        2020,
        "but the data give -16% for verdwijningen",
    );
    passes(
        "fr",
        "Il y a eu 16 % de disparitions de mineurs de moins qu'en 2019.",
        2020,
    );
    // A multiple that the change does not bear out.
    fails(
        "nl",
        "De verdwijningen van minderjarigen zijn verdubbeld: {{ change(id=\"verdwijningen\") }}.",
        2020,
        "the text says “verdubbeld”",
    );
}

/// Issue 24, case 4: a number beside the metric's name but without its unit word.
#[test]
fn a_number_beside_the_name_is_checked_without_its_unit() {
    let (e, _) = run_in(
        "nl",
        "In 2020 behandelde Child Focus 1.620 verdwijningen van minderjarigen, 6 procent minder dan in 2019.",
        Some(2020),
    );
    assert_eq!(e.len(), 1, "{e:#?}");
    assert!(e[0].contains("the text says 6 procent"), "{}", e[0]);
    fails(
        "nl",
        "Het aantal internationale kinderontvoeringen bedroeg 730.",
        2021,
        "the text says 730, but the data give 370 for ontvoeringen in 2021",
    );
    // Not named at all: no figure accounts for it.
    fails(
        "nl",
        "In 2020 behandelde Child Focus 1.620 verdwijningsdossiers.",
        2020,
        "no figure accounts for it",
    );
}

/// Honest sentences pass: a sum, a difference, a bound, a figure the previous year named.
#[test]
fn sums_differences_and_bounds_pass_when_right() {
    passes(
        "nl",
        "Weglopers en seksuele uitbuiting samen: 3.205 dossiers.",
        2020,
    );
    fails(
        "nl",
        "Weglopers en seksuele uitbuiting samen: 3.250 dossiers.",
        2020,
        "the text says 3.250",
    );
    passes("nl", "Er waren 250 weglopers minder dan in 2020.", 2021);
    passes("nl", "Er waren meer dan 700 weglopers.", 2021);
    passes("nl", "Er waren bijna 800 weglopers.", 2021);
    passes("nl", "Er waren ongeveer 740 weglopers.", 2021);
    fails(
        "nl",
        "Er waren meer dan 800 weglopers.",
        2021,
        "the text says 800",
    );
    // The ratio of two figures named: 370 of 415.
    passes(
        "nl",
        "Weglopers (750) en internationale kinderontvoeringen: de tweede is 49% van de eerste.",
        2021,
    );
}

/// Every number is accounted for: an untied number is an error that says how to declare it,
/// and a declared one passes, matched whatever spaces were typed.
#[test]
fn an_untied_number_is_an_error_and_a_declared_one_passes() {
    let text = "Het doel is jaarlijks 9.999 nieuwe dossiers te openen.";
    let e = fails(
        "nl",
        text,
        2020,
        "the text says 9.999, but no figure accounts for it",
    );
    assert!(e.contains("not_figures"), "{e}");
    let listed: BTreeMap<String, String> = [(
        "9.999 nieuwe dossiers".to_string(),
        "het doel, geen cijfer".to_string(),
    )]
    .into();
    let (e, w) = run_with("nl", text, Some(2020), &listed);
    assert_eq!((e, w), (Vec::<String>::new(), Vec::<String>::new()));
    // Listed, but the text no longer has it: a warning, so the list cannot hide a figure.
    let (e, w) = run_with(
        "nl",
        "Het doel is jaarlijks 9.998 nieuwe dossiers te openen.",
        Some(2020),
        &listed,
    );
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(
        w[0].contains("`not_figures` lists 9.999 nieuwe dossiers, but the text has no such number"),
        "{w:?}"
    );
    let helpline: BTreeMap<String, String> =
        [("116 000".to_string(), "de hulplijn".to_string())].into();
    for text in ["Bel 116000.", "Bel 116 000.", "Bel 116\u{a0}000."] {
        assert_eq!(
            run_with("nl", text, Some(2020), &helpline),
            (Vec::new(), Vec::new()),
            "{text}"
        );
    }
    // Ages, another organisation's count, a percentage: all need a declaration.
    for text in [
        "Ze waren 14 tot 17 jaar.",
        "Tussen 2021 en 2023 verdwenen meer dan 51.000 van deze kinderen.",
        "Er werken 40 mensen, 12 procent van hen als vrijwilliger.",
        "Er was een stijging met 74 procent.",
    ] {
        let (e, _) = run_in("nl", text, Some(2020));
        assert!(!e.is_empty(), "{text}");
    }
    // Years, dates, list numbers and footnotes are not figures.
    passes(
        "nl",
        "1. Op 3 mei 2021 en in 2019[^2] gebeurde niets.\n2. 1. Niets.\n\n[2]: <https://e.org/3>",
        2021,
    );
    // Markup is not text a reader sees; the text between tags is.
    passes(
        "nl",
        "Zie <img src=\"x\" width=\"300\"> en <https://e.org/4>.",
        2021,
    );
    fails("nl", "Zie <b>300</b> kinderen.", 2021, "the text says 300");
}

/// Issue 24, case 9: numbers are read as the text's language writes them.
#[test]
fn each_language_reads_its_own_numbers() {
    passes("en", "There were 231,800 visits in 2021.", 2021);
    passes("en", "The digital share was 62.5% in 2021.", 2021);
    passes("en", "Loans rose by 6.3% to 231,800 items.", 2021);
    let e = fails(
        "en",
        "There were 231.800 loans in 2021.",
        2021,
        "231.800 reads as 231.8 in en text, but the figure it matches is 231800",
    );
    assert!(e.contains("write 231,800"), "{e}");
    fails(
        "en",
        "There were 231,900 loans in 2021.",
        2021,
        "the text says 231,900",
    );
    passes(
        "de",
        "Die Ausleihen stiegen um 6,3 % auf 231.800 Medien.",
        2021,
    );
    fails(
        "de",
        "Die Ausleihen stiegen um 6,3 % auf 231,800 Medien.",
        2021,
        "231,800",
    );
    passes(
        "nl",
        "Er waren 231.800 uitleningen, 13.800 meer dan in 2020.",
        2021,
    );
    fails(
        "nl",
        "Een stijging van 3.9 procent bij de uitleningen.",
        2021,
        "write 3,9",
    );
}

/// The text after expansion: a rise word with a change that shows a fall, and the other
/// way round, in Dutch and in French.
#[test]
fn a_change_shortcode_must_go_the_way_the_words_say() {
    let rise_nl = "Bij weglopers was er een stijging van {{ change(id=\"weglopers\") }}.";
    let e = run(rise_nl, Some(2021));
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].starts_with("r.md:5:39:"), "{}", e[0]);
    assert!(
        e[0].contains("the text says “stijging”, but the change shortcode for `weglopers` shows -25% (2020 → 2021)"),
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
    assert!(e[0].contains("“hausse”"), "{}", e[0]);
    let (e, _) = run_in(
        "fr",
        "Une baisse de {{ change(id=\"weglopers\") }}.",
        Some(2021),
    );
    assert_eq!(e, Vec::<String>::new());
    // The word of the shortcode's own clause counts.
    assert_eq!(
        run(
            "Na een stijging, een daling van {{ change(id=\"weglopers\") }}.",
            Some(2021)
        ),
        Vec::<String>::new()
    );
    // A sentence that names both ways and says neither: nothing is judged.
    assert_eq!(
        run(
            "Een stijging of daling is er niet uit af te lezen: ({{ change(id=\"weglopers\") }}).",
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

/// A translation states the same figures as its original.
#[test]
fn a_translation_states_the_figures_of_its_original() {
    let metrics = vec![metric("prostitutie", "Prostitutie", "dossiers")];
    let nl = Language::new(&metrics, None, vocabulary("nl"), None);
    let fr = Language::new(
        &metrics,
        crate::format::Lang::from_code("fr"),
        vocabulary("fr"),
        None,
    );
    let texts =
        |file: &'static str, summary: &'static str, body: &'static str| translations::Texts {
            file: Path::new(file),
            title: "2021",
            summary,
            body,
        };
    let d = data(&[(2021, "prostitutie", 57.0)]);
    let compare = |a: &translations::Texts, b: &translations::Texts| {
        translations::compare(a, &nl, b, &fr, &d, Some(2021))
    };
    let original = texts(
        "r.md",
        "57 dossiers.",
        "In 2021: {{ figure(id=\"prostitutie\") }}. {{ change(id=\"prostitutie\") }}",
    );
    let same = texts(
        "r.fr.md",
        "57 dossiers.",
        "En 2021 : {{ figure(id=\"prostitutie\") }}. {{ change(id=\"prostitutie\") }}",
    );
    assert!(compare(&original, &same).is_none());
    // A figure typed in one language and written by a shortcode in the other is the same.
    let typed = texts(
        "r.fr.md",
        "{{ figure(id=\"prostitutie\") }} dossiers.",
        "En 2021 : 57. {{ change(id=\"prostitutie\") }}",
    );
    assert!(compare(&original, &typed).is_none());
    let other = texts("r.fr.md", "66 dossiers.", "En 2021.");
    let message = compare(&original, &other)
        .expect("a difference")
        .to_string();
    assert!(
        message.contains("it states 66 where r.md does not"),
        "{message}"
    );
    assert!(
        message.contains("it lacks 57, 57 that r.md states"),
        "{message}"
    );
    assert!(
        message.contains("it lacks change(id=\"prostitutie\") of r.md"),
        "{message}"
    );
}

/// Another source's figure passes where the sentence names that source in ordinary
/// words: a free-text source by its words up to the first comma.
#[test]
fn another_sources_figure_passes_where_the_sentence_names_it() {
    let metrics = vec![metric(
        "ontvoeringen",
        "Internationale kinderontvoeringen",
        "dossiers",
    )];
    let mut figure = Figure {
        metric: "ontvoeringen".into(),
        value: Some(415.0),
        line: 1,
        ..Figure::default()
    };
    figure.other_sources.push(crate::model::OtherSource {
        value: 155.0,
        source: "De Standaard, 3 mei 2021".into(),
        date: None,
        url: None,
        note: None,
        translations: Default::default(),
        line: 2,
    });
    let content_years = dataset_of(vec![(2020, figure)]);
    let lang = Language::new(&metrics, None, vocabulary("nl"), None);
    let read = |text: &str| {
        let (mut errors, mut warnings) = (Diagnostics::default(), Diagnostics::default());
        let none = BTreeMap::new();
        let declared = Declared::new(vec![&none]);
        check_prose(
            &Prose {
                file: Path::new("r.md"),
                text,
                place: Place::Body { first_line: 1 },
                year: Some(2020),
                declared: &declared,
                about: None,
            },
            &lang,
            &content_years,
            &mut Findings {
                errors: &mut errors,
                warnings: &mut warnings,
                declared_met: &mut BTreeSet::new(),
            },
        );
        errors.iter().map(|d| d.to_string()).collect::<Vec<_>>()
    };
    assert_eq!(
        read("Volgens De Standaard waren er 155 internationale kinderontvoeringen."),
        Vec::<String>::new()
    );
    let e = read("Er waren 155 internationale kinderontvoeringen.");
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].contains("155 is the figure of `De Standaard, 3 mei 2021`: name that source"),
        "{}",
        e[0]
    );
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
