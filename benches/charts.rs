//! Chart rendering throughput: `cargo bench --bench charts`.
//!
//! A plain timing loop (no harness): warm up, then time a fixed number of renders per case
//! and print charts per second and microseconds per chart.

use std::hint::black_box;
use std::time::{Duration, Instant};

use jaarverslag::charts::{
    bar_chart, line_chart, BarChart, Chart, Event, LineChart, Series, Words,
};
use jaarverslag::format::{Format, Lang};

const WARM_UP: Duration = Duration::from_millis(300);
const RENDERS: u32 = 5_000;

fn series(label: &str, base: f64, slope: f64) -> Series {
    Series {
        label: label.to_string(),
        points: (2014..=2023)
            .map(|y| (y, base + slope * f64::from(y - 2014)))
            .collect(),
        breaks: Vec::new(),
        other_publishers: false,
    }
}

/// The words of descriptions from the theme's Dutch language file, as a build reads them.
fn dutch_words() -> Words {
    let strings: std::collections::BTreeMap<String, String> =
        jaarverslag::load::yaml::from_str(include_str!("../templates/i18n/nl.yaml"))
            .expect("the theme's nl.yaml");
    Words::from_lookup(|key| strings[key].clone())
}

fn time(name: &str, render: impl Fn() -> Chart) {
    let start = Instant::now();
    while start.elapsed() < WARM_UP {
        black_box(render());
    }
    let start = Instant::now();
    for _ in 0..RENDERS {
        black_box(render());
    }
    let per_chart = start.elapsed().as_secs_f64() / f64::from(RENDERS);
    println!(
        "{name:<40} {:>9.0} charts/s {:>8.1} µs/chart",
        1.0 / per_chart,
        per_chart * 1e6
    );
}

fn main() {
    let words = dutch_words();
    let dutch = Lang::from_code("nl").expect("a language code");
    let format = Format::new(dutch, "{number}%", "").expect("Dutch formats");
    let single = LineChart {
        id: "weglopers".to_string(),
        title: "Weglopers".to_string(),
        unit: "nieuwe dossiers".to_string(),
        years: (2014, 2023),
        series: vec![series("Weglopers", 700.0, 23.0)],
        events: Vec::new(),
    };
    let theme = LineChart {
        id: "online".to_string(),
        title: "Online seksuele uitbuiting".to_string(),
        unit: "nieuwe dossiers".to_string(),
        years: (2014, 2023),
        series: vec![
            series("Grooming", 40.0, 25.0),
            series("Sexting", 120.0, 6.0),
            series("Sextortion", 20.0, 31.0),
        ],
        events: vec![Event {
            label: "COVID-19-lockdowns".to_string(),
            from: 2020,
            to: 2021,
        }],
    };
    let bars = BarChart {
        id: "soorten".to_string(),
        title: "Verdwijningsdossiers per soort".to_string(),
        unit: "nieuwe dossiers".to_string(),
        year: 2023,
        bars: vec![
            ("Weglopers".to_string(), 867.0),
            (
                "Internationale kinderontvoeringen door een ouder".to_string(),
                301.0,
            ),
            (
                "Vermiste niet-begeleide minderjarige vreemdelingen".to_string(),
                55.0,
            ),
            ("Ontvoeringen door derden".to_string(), 12.0),
            ("Andere verdwijningen".to_string(), 40.0),
        ],
    };
    time("line chart, 1 series x 10 years", || {
        line_chart(black_box(&single), &format, &words)
    });
    time("theme chart, 3 series x 10 years, 1 event", || {
        line_chart(black_box(&theme), &format, &words)
    });
    time("bar chart, 5 bars", || {
        bar_chart(black_box(&bars), &format, &words)
    });
}
