//! A sheet as the figures reader sees it, whatever program wrote it: rows of cells, each
//! with what it holds and what the program knows about it that a value alone does not
//! say (a formula, a percentage format, a merge, a hidden row). The xlsx, ods and csv
//! readers fill it; `rows.rs` reads figures from it.

/// What a cell holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Empty,
    /// A number cell, as the program stored it.
    Number(f64),
    /// A text cell (every cell of a CSV is text).
    Text(String),
    Bool(bool),
    /// A date or time cell: what it shows, as ISO text or the program's serial number.
    Date(String),
    /// An error value such as `#DIV/0!`.
    Error(String),
}

/// One cell and what the program knows about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub value: Value,
    /// Whether the cell holds a formula (its computed value, when stored, is `value`).
    pub formula: bool,
    /// Whether the cell is formatted as a percentage (`84,5 %` holds 0.845).
    pub percent: bool,
    /// The merged range the cell is part of (`C14:D15`), if any.
    pub merged: Option<String>,
}

impl Cell {
    pub fn new(value: Value) -> Cell {
        Cell {
            value,
            formula: false,
            percent: false,
            merged: None,
        }
    }

    /// Whether the cell holds nothing at all: no value, no formula, no merge.
    pub fn is_blank(&self) -> bool {
        match &self.value {
            Value::Empty => !self.formula && self.merged.is_none(),
            Value::Text(t) => t.trim().is_empty() && self.merged.is_none(),
            _ => false,
        }
    }
}

/// One row of a sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// 1-based, as the program numbers it.
    pub number: usize,
    pub hidden: bool,
    /// By column, from column A.
    pub cells: Vec<Cell>,
}

impl Row {
    pub fn cell(&self, column: usize) -> Option<&Cell> {
        self.cells.get(column)
    }

    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(Cell::is_blank)
    }
}

/// One sheet: its name (empty for a CSV) and its rows, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    pub name: String,
    pub rows: Vec<Row>,
}

impl Grid {
    /// Sets a flag on the cell at 0-based `row` and `column`, making the row and cell
    /// when the reader has not (a merged cell beside the data holds no value).
    pub fn cell_mut(&mut self, row: usize, column: usize) -> &mut Cell {
        let index = match self.rows.binary_search_by_key(&(row + 1), |r| r.number) {
            Ok(i) => i,
            Err(i) => {
                self.rows.insert(
                    i,
                    Row {
                        number: row + 1,
                        hidden: false,
                        cells: Vec::new(),
                    },
                );
                i
            }
        };
        let cells = &mut self.rows[index].cells;
        if cells.len() <= column {
            cells.resize(column + 1, Cell::new(Value::Empty));
        }
        &mut cells[column]
    }

    /// Marks the 1-based row `number` hidden.
    pub fn hide_row(&mut self, number: usize) {
        if let Some(row) = self.rows.iter_mut().find(|r| r.number == number) {
            row.hidden = true;
        }
    }
}

/// A cell range's name, `C14:D15`, from 0-based corners.
pub fn range_name(start: (usize, usize), end: (usize, usize)) -> String {
    let cell =
        |(r, c): (usize, usize)| format!("{}{}", crate::diagnostics::column_letters(c + 1), r + 1);
    format!("{}:{}", cell(start), cell(end))
}

/// A CSV file's rows: every cell is text, as typed. The separator is the one of the
/// first line (a comma, or the semicolon spreadsheet programs write where the comma is
/// the decimal sign). `Err` names the line the csv crate could not read.
pub fn read_csv(bytes: &[u8]) -> Result<Grid, String> {
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)).map_err(
        |_| {
            "the file is not UTF-8 text: save it again as \"CSV UTF-8\" (comma delimited)"
                .to_string()
        },
    )?;
    let first = text.lines().next().unwrap_or("");
    let delimiter = if first.matches(';').count() > first.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| match e.position() {
            Some(p) => format!("line {} could not be read as CSV: {e}", p.line()),
            None => format!("the file could not be read as CSV: {e}"),
        })?;
        // The row as a spreadsheet program numbers it: its line in the file, counted
        // from the record's byte offset (the csv crate's own line number skipped the
        // blank lines before it, and its byte offset is where those blank lines begin).
        let number = record.position().map_or(rows.len() + 1, |p| {
            let mut offset = usize::try_from(p.byte())
                .unwrap_or(usize::MAX)
                .min(text.len());
            // The position of a record after blank lines is where they begin.
            while matches!(text.as_bytes().get(offset), Some(b'\n' | b'\r')) {
                offset += 1;
            }
            text.as_bytes()[..offset]
                .iter()
                .filter(|b| **b == b'\n')
                .count()
                + 1
        });
        let cells = record
            .iter()
            .map(|field| Cell::new(Value::Text(field.to_string())))
            .collect();
        rows.push(Row {
            number,
            hidden: false,
            cells,
        });
    }
    Ok(Grid {
        name: String::new(),
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_text_as_typed() {
        let grid = read_csv(
            b"\xEF\xBB\xBFyear,metric,value\n2020,weglopers,1.794\n\n2021,\"a, b\",12.50\n",
        )
        .unwrap();
        let texts: Vec<Vec<String>> = grid
            .rows
            .iter()
            .map(|r| {
                r.cells
                    .iter()
                    .map(|c| match &c.value {
                        Value::Text(t) => t.clone(),
                        other => format!("{other:?}"),
                    })
                    .collect()
            })
            .collect();
        assert_eq!(texts[0], ["year", "metric", "value"]);
        assert_eq!(texts[1], ["2020", "weglopers", "1.794"]);
        assert_eq!(texts[2], ["2021", "a, b", "12.50"]);
        // The empty line is skipped by the csv crate; the row keeps its own number.
        assert_eq!(grid.rows[2].number, 4);
    }

    #[test]
    fn a_semicolon_csv_is_read() {
        let grid = read_csv(b"year;metric;value\n2020;a;12,5\n").unwrap();
        assert_eq!(grid.rows[1].cells[2].value, Value::Text("12,5".into()));
    }

    #[test]
    fn cells_are_made_where_flags_land() {
        let mut grid = Grid {
            name: "x".into(),
            rows: Vec::new(),
        };
        grid.cell_mut(4, 2).merged = Some("C5:D5".into());
        assert_eq!(grid.rows[0].number, 5);
        assert_eq!(grid.rows[0].cells.len(), 3);
        assert!(!grid.rows[0].is_blank());
        assert_eq!(range_name((13, 2), (14, 3)), "C14:D15");
    }
}
