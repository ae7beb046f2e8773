//! Every CSV file the site offers (the open data, each metric's, each chart's) is made
//! here, one way: each cell says whether it is text or a number, and every text cell
//! passes [`text_cell`], so a label, unit, note or source can never run as a formula in
//! the spreadsheet of someone who opens the file.

use std::borrow::Cow;

/// One cell of a row (a field, in the csv crate's words).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Field<'a> {
    /// Text from the content or a column name: neutralised when a spreadsheet would run it.
    Text(&'a str),
    /// A value or a percentage; empty when there is none.
    Number(Option<f64>),
    /// A year; empty when there is none.
    Year(Option<i32>),
}

/// A CSV file built in memory.
pub(crate) struct CsvFile(csv::Writer<Vec<u8>>);

impl CsvFile {
    pub(crate) fn new() -> CsvFile {
        CsvFile(csv::Writer::from_writer(Vec::new()))
    }

    pub(crate) fn row<'a>(&mut self, fields: impl IntoIterator<Item = Field<'a>>) {
        let fields: Vec<Cow<str>> = fields
            .into_iter()
            .map(|field| match field {
                Field::Text(text) => text_cell(text),
                Field::Number(value) => value.map_or(Cow::Borrowed(""), |v| number_cell(v).into()),
                Field::Year(year) => year.map_or(Cow::Borrowed(""), |y| y.to_string().into()),
            })
            .collect();
        self.0
            .write_record(fields.iter().map(|f| f.as_bytes()))
            .expect("writing CSV to memory cannot fail");
    }

    pub(crate) fn into_bytes(self) -> Vec<u8> {
        self.0
            .into_inner()
            .expect("flushing CSV to memory cannot fail")
    }
}

/// A text cell as the OWASP "CSV injection" advice has it: a text starting with `=`,
/// `+`, `-`, `@`, a tab or a carriage return is read as a formula by Excel, LibreOffice
/// and Google Sheets (`=HYPERLINK(…)`, `+cmd|' /C calc'!A0`), so it gets a single quote
/// in front, which those show as text. The csv crate then quotes the cell as needed (a
/// `"` inside is doubled). Numbers never pass here: `-5` in a number column stays `-5`.
pub(crate) fn text_cell(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// A number as a spreadsheet reads it: digits and a point, no exponent, no thousands
/// separator; a whole number without `.0`; zero as `0`, never `-0`.
pub(crate) fn number_cell(value: f64) -> String {
    if value == 0.0 {
        "0".to_string()
    } else {
        // Rust writes the shortest digits that read back the same, without an exponent.
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_text_is_kept() {
        for (text, cell) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("Weglopers", "Weglopers"),
            ("a = b", "a = b"),
            ("", ""),
            ("'al geciteerd", "'al geciteerd"),
        ] {
            assert_eq!(text_cell(text), cell, "{text:?}");
        }
    }

    #[test]
    fn numbers_are_plain() {
        assert_eq!(number_cell(-0.0), "0");
        assert_eq!(number_cell(0.0), "0");
        assert_eq!(number_cell(-5.0), "-5");
        assert_eq!(number_cell(2205.0), "2205");
        assert_eq!(number_cell(12.5), "12.5");
        assert_eq!(number_cell(0.0000001), "0.0000001");
        assert_eq!(number_cell(9_007_199_254_740_991.0), "9007199254740991");
    }

    #[test]
    fn a_file_reads_back_as_written() {
        let mut file = CsvFile::new();
        file.row([
            Field::Text("year"),
            Field::Text("label"),
            Field::Text("value"),
        ]);
        file.row([
            Field::Year(Some(2020)),
            Field::Text("=1+1, \"x\"\nnext"),
            Field::Number(Some(-5.0)),
        ]);
        file.row([Field::Year(None), Field::Text("-"), Field::Number(None)]);
        let bytes = file.into_bytes();
        let mut reader = csv::Reader::from_reader(bytes.as_slice());
        let rows: Vec<Vec<String>> = reader
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect();
        assert_eq!(
            rows,
            [vec!["2020", "'=1+1, \"x\"\nnext", "-5"], vec!["", "'-", ""]]
        );
    }
}
