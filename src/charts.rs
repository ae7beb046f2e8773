//! SVG trend charts, rendered at build time with plotters.
//! (Interface placeholder: the real renderer replaces these bodies.)

use crate::format::Lang;

/// One line: the years that have a value, in order. A year that is absent is a gap.
#[derive(Debug, Clone)]
pub struct Series {
    pub label: String,
    pub points: Vec<(i32, f64)>,
}

/// A period drawn as a labelled band (e.g. the COVID-19 lockdowns).
#[derive(Debug, Clone)]
pub struct Event {
    pub label: String,
    pub from: i32,
    pub to: i32,
}

#[derive(Debug, Clone)]
pub struct LineChart {
    /// Unique within a page; prefixes every id inside the SVG.
    pub id: String,
    pub title: String,
    pub unit: String,
    /// The x-axis range, inclusive.
    pub years: (i32, i32),
    pub series: Vec<Series>,
    pub events: Vec<Event>,
}

#[derive(Debug, Clone)]
pub struct BarChart {
    pub id: String,
    pub title: String,
    pub unit: String,
    pub year: i32,
    pub bars: Vec<(String, f64)>,
}

/// A rendered chart: the SVG element and the text description it carries.
#[derive(Debug, Clone)]
pub struct Chart {
    pub svg: String,
    pub desc: String,
}

pub fn line_chart(chart: &LineChart, lang: Lang) -> Chart {
    let _ = lang;
    Chart {
        svg: format!("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 360\" role=\"img\" aria-label=\"{}\"></svg>", chart.id),
        desc: String::new(),
    }
}

pub fn bar_chart(chart: &BarChart, lang: Lang) -> Chart {
    let _ = lang;
    Chart {
        svg: format!("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 360\" role=\"img\" aria-label=\"{}\"></svg>", chart.id),
        desc: String::new(),
    }
}
