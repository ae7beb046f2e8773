//! An Excel workbook (`.xlsx`) into [`Grid`]s. calamine reads the values, formulas,
//! number formats and merged ranges; it does not say which rows are hidden, so
//! [`hidden_rows`] reads that from the sheet's XML (`<row r="14" hidden="1">`).

use super::grid::{range_name, Grid, Value};
use calamine::{Data, Reader, Xlsx};
use quick_xml::events::Event;
use std::collections::{BTreeSet, HashMap};
use std::io::{Cursor, Read};

/// Every sheet of the workbook, in the workbook's order.
pub fn read(bytes: &[u8]) -> Result<Vec<Grid>, String> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let hidden = hidden_rows(bytes).unwrap_or_default();
    let mut grids = Vec::new();
    for name in book.sheet_names() {
        let values = book.worksheet_range(&name).map_err(|e| e.to_string())?;
        let formulas = book.worksheet_formula(&name).map_err(|e| e.to_string())?;
        let styles = book.worksheet_style(&name).map_err(|e| e.to_string())?;
        let merges = book
            .merge_cells_by_sheet_name(&name)
            .map_err(|e| e.to_string())?;
        let mut grid = Grid {
            name: name.clone(),
            rows: Vec::new(),
        };
        let origin = |range_start: Option<(u32, u32)>| range_start.unwrap_or((0, 0));
        let (value_origin, formula_origin) = (origin(values.start()), origin(formulas.start()));
        let mut used = 0usize;
        for (r, c, data) in values.used_cells() {
            let at = (value_origin.0 + r as u32, value_origin.1 + c as u32);
            used += 1;
            check_size(at, used)?;
            let percent = styles
                .get(at)
                .and_then(|s| s.number_format.as_ref())
                .is_some_and(|f| is_percent_format(&f.format_code));
            let cell = grid.cell_mut(at.0 as usize, at.1 as usize);
            cell.value = value(data);
            cell.percent = percent;
        }
        for (r, c, formula) in formulas.used_cells() {
            if formula.trim().is_empty() {
                continue;
            }
            let at = (formula_origin.0 + r as u32, formula_origin.1 + c as u32);
            used += 1;
            check_size(at, used)?;
            grid.cell_mut(at.0 as usize, at.1 as usize).formula = true;
        }
        for d in merges {
            let start = (d.start.0 as usize, d.start.1 as usize);
            let end = (d.end.0 as usize, d.end.1 as usize);
            let name = range_name(start, end);
            // A merge is marked on its first cells: enough to name it at the data.
            for r in start.0..=end.0.min(start.0 + 1000) {
                for c in start.1..=end.1.min(start.1 + 50) {
                    grid.cell_mut(r, c).merged = Some(name.clone());
                }
            }
        }
        for number in hidden.get(&name).into_iter().flatten() {
            grid.hide_row(*number);
        }
        grids.push(grid);
    }
    Ok(grids)
}

/// The most cells and columns a figures sheet is read with: a stray value far to the
/// right or below would otherwise make the reader fill millions of empty cells.
const MOST_CELLS: usize = 200_000;
const MOST_COLUMNS: u32 = 1_000;

fn check_size(at: (u32, u32), used: usize) -> Result<(), String> {
    if at.1 >= MOST_COLUMNS {
        return Err(format!(
            "cell {} is beyond column {}: a figures sheet needs a few columns; delete what stands \
             that far to the right",
            range_name((at.0 as usize, at.1 as usize), (0, 0))
                .split(':')
                .next()
                .unwrap_or(""),
            crate::diagnostics::column_letters(MOST_COLUMNS as usize)
        ));
    }
    if used > MOST_CELLS {
        return Err(format!(
            "the sheet has more than {MOST_CELLS} cells: keep the figures in a sheet of their own"
        ));
    }
    Ok(())
}

fn value(data: &Data) -> Value {
    match data {
        Data::Empty => Value::Empty,
        Data::Int(i) => Value::Number(*i as f64),
        Data::Float(f) => Value::Number(*f),
        Data::String(s) => Value::Text(s.clone()),
        Data::Bool(b) => Value::Bool(*b),
        Data::DateTime(d) => {
            let (y, m, day, ..) = d.to_ymd_hms_milli();
            Value::Date(format!("{y:04}-{m:02}-{day:02}"))
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => Value::Date(s.clone()),
        Data::Error(e) => Value::Error(e.to_string()),
    }
}

/// Whether a number format shows the value as a percentage: a `%` outside quotes and
/// not escaped (`0.0%`, `0,0 %`; not `0 "%"`).
pub fn is_percent_format(code: &str) -> bool {
    let mut quoted = false;
    let mut escaped = false;
    for c in code.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '%' if !quoted => return true,
            _ => {}
        }
    }
    false
}

/// Each sheet's hidden rows (1-based), by sheet name: the workbook's list of sheets
/// (`xl/workbook.xml`), where each sheet's file is (`xl/_rels/workbook.xml.rels`), and
/// the rows marked `hidden="1"` in each file. `None` when any of it cannot be read (then
/// calamine has already said what is wrong with the file).
fn hidden_rows(bytes: &[u8]) -> Option<HashMap<String, BTreeSet<usize>>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut read = |path: &str| -> Option<String> {
        let mut file = zip.by_name(path).ok()?;
        let mut text = String::new();
        // A sheet's XML is read whole; calamine has read the same file already.
        file.read_to_string(&mut text).ok()?;
        Some(text)
    };
    let workbook = read("xl/workbook.xml")?;
    let rels = read("xl/_rels/workbook.xml.rels")?;
    let targets: HashMap<String, String> = elements(&rels, "Relationship")
        .into_iter()
        .filter_map(|a| Some((a.get("Id")?.clone(), a.get("Target")?.clone())))
        .collect();
    let mut hidden = HashMap::new();
    for sheet in elements(&workbook, "sheet") {
        let (Some(name), Some(id)) = (sheet.get("name"), sheet.get("r:id")) else {
            continue;
        };
        let Some(target) = targets.get(id) else {
            continue;
        };
        let path = match target.strip_prefix('/') {
            Some(absolute) => absolute.to_string(),
            None => format!("xl/{target}"),
        };
        let Some(xml) = read(&path) else { continue };
        let rows: BTreeSet<usize> = elements(&xml, "row")
            .into_iter()
            .filter(|a| a.get("hidden").is_some_and(|h| h == "1" || h == "true"))
            .filter_map(|a| a.get("r")?.parse().ok())
            .collect();
        hidden.insert(name.clone(), rows);
    }
    Some(hidden)
}

/// The attributes of every element named `local` (without its prefix) in `xml`.
fn elements(xml: &str, local: &str) -> Vec<HashMap<String, String>> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut found = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == local => {
                let attributes = e
                    .attributes()
                    .flatten()
                    .filter_map(|a| {
                        let key = a.key.as_ref().to_string();
                        let value = a
                            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .ok()?
                            .into_owned();
                        Some((key, value))
                    })
                    .collect();
                found.push(attributes);
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_formats() {
        assert!(is_percent_format("0.0%"));
        assert!(is_percent_format("0,0 %"));
        assert!(!is_percent_format("0 \"%\""));
        assert!(!is_percent_format("0\\%x"));
        assert!(!is_percent_format("General"));
    }
}
