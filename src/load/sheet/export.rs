//! `jaarverslag figures export FILE.xlsx`: a site's figures (from figures.yaml or a
//! sheet) written in the layout [`super::rows`] reads, so a team moves to the spreadsheet
//! in one step and the site builds the same pages from it. Numbers are number cells,
//! texts string cells (never formulas); a column is written only when a figure uses it.

use crate::format::Lang;
use crate::model::{Content, Figure};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};
use std::collections::BTreeSet;

/// What an export cannot keep in the layout (yet): the figures with other sources.
#[derive(Debug)]
pub struct NotExported(pub Vec<String>);

/// The figures of every year as an xlsx workbook, sheet `figures`, one row per year
/// and metric in the order of each year's figures.
pub fn figures_xlsx(content: &Content) -> Result<Vec<u8>, String> {
    let with_other: Vec<String> = content
        .years
        .iter()
        .flat_map(|y| {
            y.figures
                .iter()
                .filter(|f| !f.other_sources.is_empty())
                .map(move |f| format!("`{}` for {}", f.metric, y.year))
        })
        .collect();
    if !with_other.is_empty() {
        return Err(format!(
            "these figures have other_sources, which a figures spreadsheet does not hold \
             yet: {}; keep them in figures.yaml",
            with_other.join(", ")
        ));
    }
    write(content).map_err(|e| format!("the workbook could not be written: {e}"))
}

/// The columns, in order, that at least one figure uses.
fn columns(content: &Content) -> Vec<String> {
    let figures: Vec<&Figure> = content.years.iter().flat_map(|y| &y.figures).collect();
    let langs: BTreeSet<Lang> = figures
        .iter()
        .flat_map(|f| f.translations.keys().copied())
        .collect();
    let any = |test: &dyn Fn(&Figure) -> bool| figures.iter().any(|f| test(f));
    let mut columns: Vec<String> = ["year", "metric", "value", "source"]
        .map(String::from)
        .to_vec();
    if any(&|f| f.status.is_some()) {
        columns.push("status".into());
    }
    if any(&|f| f.note.is_some()) {
        columns.push("note".into());
    }
    for lang in &langs {
        if any(&|f| f.translations.get(lang).is_some_and(|t| t.note.is_some())) {
            columns.push(format!("note:{}", lang.code()));
        }
    }
    if any(&|f| f.break_note.is_some()) {
        columns.push("break".into());
    }
    for lang in &langs {
        if any(&|f| {
            f.translations
                .get(lang)
                .is_some_and(|t| t.break_note.is_some())
        }) {
            columns.push(format!("break:{}", lang.code()));
        }
    }
    if any(&|f| f.stated_change.is_some()) {
        columns.extend(["stated_change".into(), "stated_since".into()]);
    }
    if any(&|f| f.comparable_with.is_some()) {
        columns.push("comparable_with".into());
    }
    if any(&|f| f.replaces.is_some()) {
        columns.extend([
            "replaces".into(),
            "replaces_source".into(),
            "replaces_date".into(),
        ]);
    }
    columns
}

/// A cell of the layout.
enum Out<'a> {
    Number(f64),
    Text(&'a str),
    Text2(String),
    None,
}

fn cell<'f>(column: &str, year: i32, f: &'f Figure) -> Out<'f> {
    let text = |t: Option<&'f String>| t.map_or(Out::None, |t| Out::Text(t));
    let (name, lang) = match column.split_once(':') {
        Some((name, code)) => (name, Lang::from_code(code)),
        None => (column, None),
    };
    let translated = lang.and_then(|l| f.translations.get(&l));
    match name {
        "year" => Out::Number(f64::from(year)),
        "metric" => Out::Text(&f.metric),
        "value" => f.value.map_or(Out::None, Out::Number),
        "source" => text(f.source.as_ref()),
        "status" => f.status.map_or(Out::None, |s| Out::Text(s.word())),
        "note" if lang.is_some() => text(translated.and_then(|t| t.note.as_ref())),
        "note" => text(f.note.as_ref()),
        "break" if lang.is_some() => text(translated.and_then(|t| t.break_note.as_ref())),
        "break" => text(f.break_note.as_ref()),
        "stated_change" => f
            .stated_change
            .map_or(Out::None, |s| Out::Number(s.percent)),
        "stated_since" => f
            .stated_change
            .map_or(Out::None, |s| Out::Number(f64::from(s.since))),
        "comparable_with" => f
            .comparable_with
            .map_or(Out::None, |y| Out::Number(f64::from(y))),
        "replaces" => f
            .replaces
            .as_ref()
            .map_or(Out::None, |r| Out::Number(r.value)),
        "replaces_source" => f
            .replaces
            .as_ref()
            .map_or(Out::None, |r| Out::Text(&r.source)),
        "replaces_date" => f
            .replaces
            .as_ref()
            .and_then(|r| r.date)
            .map_or(Out::None, |d| Out::Text2(d.to_string())),
        _ => Out::None,
    }
}

fn write(content: &Content) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    // A fixed creation date, so that the same figures give the same bytes.
    let properties =
        DocProperties::new().set_creation_datetime(&ExcelDateTime::from_ymd(2000, 1, 1)?);
    book.set_properties(&properties);
    let sheet = book.add_worksheet();
    sheet.set_name("figures")?;
    let bold = Format::new().set_bold();
    let columns = columns(content);
    for (c, name) in columns.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, name, &bold)?;
    }
    let mut row = 1u32;
    for year in &content.years {
        for f in &year.figures {
            for (c, name) in columns.iter().enumerate() {
                let c = c as u16;
                match cell(name, year.year, f) {
                    Out::Number(n) => {
                        sheet.write_number(row, c, n)?;
                    }
                    Out::Text(t) => {
                        sheet.write_string(row, c, t)?;
                    }
                    Out::Text2(t) => {
                        sheet.write_string(row, c, t)?;
                    }
                    Out::None => {}
                }
            }
            row += 1;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    book.save_to_buffer()
}
