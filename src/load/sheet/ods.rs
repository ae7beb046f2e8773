//! An OpenDocument spreadsheet (`.ods`) into [`Grid`]s. calamine reads the values and
//! formulas; it reads a percentage cell as its number (0.845 for 84,5 %) and says
//! nothing of merged cells or hidden rows, so [`marks`] reads those from `content.xml`:
//! `office:value-type="percentage"`, `table:number-columns-spanned` and
//! `table:number-rows-spanned`, and `table:visibility` of a row, counting repeated rows
//! and cells as LibreOffice writes them.

use super::grid::{range_name, Grid, Value};
use calamine::{Data, Ods, Reader};
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;
use std::io::{Cursor, Read};

/// What calamine does not tell about one sheet.
#[derive(Default)]
struct Marks {
    percent: Vec<(usize, usize)>,
    merged: Vec<((usize, usize), (usize, usize))>,
    /// 1-based first row and count.
    hidden: Vec<(usize, usize)>,
}

/// Every sheet of the workbook, in the workbook's order.
pub fn read(bytes: &[u8]) -> Result<Vec<Grid>, String> {
    let mut book: Ods<_> = Ods::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let mut marks = marks(bytes).unwrap_or_default();
    let mut grids = Vec::new();
    for name in book.sheet_names() {
        let values = book.worksheet_range(&name).map_err(|e| e.to_string())?;
        let formulas = book.worksheet_formula(&name).map_err(|e| e.to_string())?;
        let mut grid = Grid {
            name: name.clone(),
            rows: Vec::new(),
        };
        let origin = |start: Option<(u32, u32)>| start.unwrap_or((0, 0));
        let (value_origin, formula_origin) = (origin(values.start()), origin(formulas.start()));
        for (r, c, data) in values.used_cells() {
            let at = (value_origin.0 as usize + r, value_origin.1 as usize + c);
            if at.1 >= 1000 {
                return Err(format!(
                    "sheet {name} has cells beyond column {}: a figures sheet needs a few \
                     columns; delete what stands that far to the right",
                    crate::diagnostics::column_letters(1000)
                ));
            }
            grid.cell_mut(at.0, at.1).value = value(data);
        }
        for (r, c, formula) in formulas.used_cells() {
            if !formula.trim().is_empty() {
                let at = (formula_origin.0 as usize + r, formula_origin.1 as usize + c);
                if at.1 < 1000 {
                    grid.cell_mut(at.0, at.1).formula = true;
                }
            }
        }
        let sheet = marks.remove(&name).unwrap_or_default();
        for (r, c) in sheet.percent {
            grid.cell_mut(r, c).percent = true;
        }
        for (start, end) in sheet.merged {
            let range = range_name(start, end);
            for r in start.0..=end.0.min(start.0 + 1000) {
                for c in start.1..=end.1.min(start.1 + 50) {
                    grid.cell_mut(r, c).merged = Some(range.clone());
                }
            }
        }
        for (first, count) in sheet.hidden {
            for row in grid.rows.iter_mut() {
                if row.number >= first && row.number < first + count {
                    row.hidden = true;
                }
            }
        }
        grids.push(grid);
    }
    Ok(grids)
}

fn value(data: &Data) -> Value {
    match data {
        Data::Empty => Value::Empty,
        Data::Int(i) => Value::Number(*i as f64),
        Data::Float(f) => Value::Number(*f),
        Data::String(s) => Value::Text(s.clone()),
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(d) => Value::Date(d.as_f64().to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Value::Date(s.clone()),
        Data::Error(e) => Value::Error(e.to_string()),
    }
}

/// The value of attribute `key` of `e` (the values read here are names and numbers:
/// their entities need no decoding beyond XML's own).
fn attribute(e: &BytesStart, key: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

fn count(e: &BytesStart, key: &str) -> usize {
    attribute(e, key)
        .and_then(|v| v.parse().ok())
        .unwrap_or(1)
        .max(1)
}

/// The percentage cells, merged ranges and hidden rows of each sheet, from
/// `content.xml`. `None` when it cannot be read (calamine has said why).
fn marks(bytes: &[u8]) -> Option<HashMap<String, Marks>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut xml = String::new();
    zip.by_name("content.xml")
        .ok()?
        .read_to_string(&mut xml)
        .ok()?;
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut sheets: HashMap<String, Marks> = HashMap::new();
    let (mut sheet, mut row, mut column, mut row_repeats) = (String::new(), 0usize, 0usize, 1);
    loop {
        let (e, empty) = match reader.read_event() {
            Ok(Event::Start(e)) => (e, false),
            Ok(Event::Empty(e)) => (e, true),
            Ok(Event::End(e)) if e.name().as_ref() == "table:table-row" => {
                row = row.saturating_add(row_repeats);
                continue;
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => continue,
        };
        match e.name().as_ref() {
            "table:table" => {
                sheet = attribute(&e, "table:name").unwrap_or_default();
                row = 0;
            }
            "table:table-row" => {
                row_repeats = count(&e, "table:number-rows-repeated");
                column = 0;
                let visibility = attribute(&e, "table:visibility");
                if matches!(visibility.as_deref(), Some("collapse" | "filter")) {
                    let marks = sheets.entry(sheet.clone()).or_default();
                    marks.hidden.push((row + 1, row_repeats));
                }
                if empty {
                    row = row.saturating_add(row_repeats);
                }
            }
            "table:table-cell" | "table:covered-table-cell" => {
                let repeats = count(&e, "table:number-columns-repeated");
                let marks = sheets.entry(sheet.clone()).or_default();
                let percent = attribute(&e, "office:value-type").as_deref() == Some("percentage");
                if percent {
                    for c in column..column + repeats.min(1000) {
                        marks.percent.push((row, c));
                    }
                }
                let (columns, rows) = (
                    count(&e, "table:number-columns-spanned"),
                    count(&e, "table:number-rows-spanned"),
                );
                if columns > 1 || rows > 1 {
                    let end = (row + rows - 1, column + columns - 1);
                    marks.merged.push(((row, column), end));
                }
                column = column.saturating_add(repeats);
            }
            _ => {}
        }
    }
    Some(sheets)
}
