//! `data/figures.xlsx`: the open data's rows (those of data/figures.csv) as a workbook,
//! for readers who work in a spreadsheet: values and years are number cells, every text
//! is a string cell and passes [`text_cell`] as the CSV's do, so a cell reads the same
//! in both files and none can run as a formula.

use super::csv_file::{text_cell, Field};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};

/// A workbook of one sheet built row by row, in memory.
pub(crate) struct XlsxFile {
    rows: Vec<Vec<XlsxCell>>,
}

enum XlsxCell {
    Text(String),
    Number(f64),
    Empty,
}

impl XlsxFile {
    pub(crate) fn new() -> XlsxFile {
        XlsxFile { rows: Vec::new() }
    }

    pub(crate) fn row<'a>(&mut self, fields: impl IntoIterator<Item = Field<'a>>) {
        let cells = fields
            .into_iter()
            .map(|field| match field {
                Field::Text("") => XlsxCell::Empty,
                Field::Text(text) => XlsxCell::Text(text_cell(text).into_owned()),
                Field::Number(value) => value.map_or(XlsxCell::Empty, XlsxCell::Number),
                Field::Year(year) => year.map_or(XlsxCell::Empty, |y| XlsxCell::Number(y.into())),
            })
            .collect();
        self.rows.push(cells);
    }

    /// The workbook's bytes: sheet `figures`, the first row bold and frozen. The same
    /// rows give the same bytes (the creation date is fixed).
    pub(crate) fn into_bytes(self) -> Result<Vec<u8>, XlsxError> {
        let mut book = Workbook::new();
        let created = ExcelDateTime::from_ymd(2000, 1, 1)?;
        book.set_properties(&DocProperties::new().set_creation_datetime(&created));
        let sheet = book.add_worksheet();
        sheet.set_name("figures")?;
        let bold = Format::new().set_bold();
        for (r, cells) in self.rows.iter().enumerate() {
            let r = u32::try_from(r).unwrap_or(u32::MAX);
            for (c, cell) in cells.iter().enumerate() {
                let c = u16::try_from(c).unwrap_or(u16::MAX);
                match cell {
                    XlsxCell::Text(t) if r == 0 => {
                        sheet.write_string_with_format(r, c, t, &bold)?
                    }
                    XlsxCell::Text(t) => sheet.write_string(r, c, t)?,
                    XlsxCell::Number(n) => sheet.write_number(r, c, *n)?,
                    XlsxCell::Empty => sheet,
                };
            }
        }
        sheet.set_freeze_panes(1, 0)?;
        book.save_to_buffer()
    }
}
