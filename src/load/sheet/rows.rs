//! The figures sheet's rows into [`Figure`]s, the same values figures.yaml gives, every
//! problem collected with its cell. The first non-empty row names the columns (any
//! order, any case); each row after it is one value of one metric in one year.

use super::grid::{Cell, Grid, Row, Value};
use crate::diagnostics::{column_letters, Diagnostic, Diagnostics};
use crate::format::{Date, Lang};
use crate::load::figure_numbers::{self, Refusal, Typed};
use crate::model::{Figure, FigureStatus, FigureText, Revision, StatedChange};
use std::collections::HashMap;
use std::path::PathBuf;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Year,
    Metric,
    Value,
    Source,
    Note(Option<Lang>),
    Status,
    Break(Option<Lang>),
    StatedChange,
    StatedSince,
    ComparableWith,
    Replaces,
    ReplacesSource,
    ReplacesDate,
}

/// The columns a figures sheet may have, for the hint that lists them.
pub const KNOWN_COLUMNS: &str = "year, metric, value, source, note, note:<language> (e.g. \
     note:fr), status, break, break:<language>, stated_change, stated_since, \
     comparable_with, replaces, replaces_source, replaces_date, and any column whose name \
     starts with # (your own, not read)";

fn column_of(name: &str) -> Option<Column> {
    let name = name.trim().to_lowercase();
    let with_lang = |prefix: &str| -> Option<Option<Lang>> {
        let code = name.strip_prefix(prefix)?.strip_prefix(':')?;
        Some(Some(Lang::from_code(code.trim())?))
    };
    Some(match name.as_str() {
        "year" => Column::Year,
        "metric" => Column::Metric,
        "value" => Column::Value,
        "source" => Column::Source,
        "note" => Column::Note(None),
        "status" => Column::Status,
        "break" => Column::Break(None),
        "stated_change" => Column::StatedChange,
        "stated_since" => Column::StatedSince,
        "comparable_with" => Column::ComparableWith,
        "replaces" => Column::Replaces,
        "replaces_source" => Column::ReplacesSource,
        "replaces_date" => Column::ReplacesDate,
        _ => {
            if let Some(lang) = with_lang("note") {
                Column::Note(lang)
            } else {
                Column::Break(with_lang("break")?)
            }
        }
    })
}

/// How the cells of a file are to be read.
pub struct Rules<'a> {
    /// The decimals each metric declares (`None` when metrics.yaml could not be read).
    pub decimals: Option<&'a HashMap<&'a str, u8>>,
    /// The metrics whose unit is a share (`%`): a percentage cell is read as its percent.
    pub shares: &'a [&'a str],
}

/// A figure of the sheet, with its year and row.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetFigure {
    pub year: i32,
    pub figure: Figure,
}

/// Reads the figures of `grid`. `typed` is true for a CSV, whose cells are text as typed
/// (read by the rules of figures.yaml), false for a workbook, whose number cells are
/// numbers and whose text cells in a number's place are a mistake.
pub struct SheetReader<'r> {
    pub file: PathBuf,
    pub rules: &'r Rules<'r>,
    pub typed: bool,
    pub problems: Diagnostics,
    /// What is read but should be said: a hidden row.
    pub notices: Diagnostics,
    sheet: String,
}

impl<'r> SheetReader<'r> {
    pub fn new(file: PathBuf, rules: &'r Rules<'r>, typed: bool) -> Self {
        SheetReader {
            file,
            rules,
            typed,
            problems: Diagnostics::default(),
            notices: Diagnostics::default(),
            sheet: String::new(),
        }
    }

    fn at(&self, row: usize, column: usize, message: String) -> Diagnostic {
        Diagnostic::new(&self.file, message).at_cell(&self.sheet, row, column + 1)
    }

    fn problem(&mut self, row: usize, column: usize, message: String, hint: impl Into<String>) {
        let d = self.at(row, column, message).hint(hint);
        self.problems.push(d);
    }

    pub fn figures(&mut self, grid: &Grid) -> Vec<SheetFigure> {
        self.sheet = grid.name.clone();
        let mut rows = grid.rows.iter().filter(|r| !r.is_blank());
        let Some(header) = rows.next() else {
            return Vec::new();
        };
        let Some(columns) = self.header(header) else {
            return Vec::new();
        };
        let mut figures: Vec<SheetFigure> = Vec::new();
        let mut seen: HashMap<(i32, String), usize> = HashMap::new();
        for row in rows {
            if !columns
                .iter()
                .any(|(c, _)| row.cell(*c).is_some_and(|x| !x.is_blank()))
            {
                continue; // only the team's own columns: not a figure
            }
            let Some(figure) = self.row(row, &columns) else {
                continue;
            };
            let metric_column = columns
                .iter()
                .find(|(_, k)| *k == Column::Metric)
                .map_or(1, |c| c.0);
            let key = (figure.year, figure.figure.metric.clone());
            if let Some(first) = seen.get(&key) {
                let first_cell = format!("{}{first}", column_letters(metric_column + 1));
                self.problem(
                    row.number,
                    metric_column,
                    format!(
                        "`{}` has a second row for {} (the first is cell {first_cell})",
                        key.1, key.0
                    ),
                    "keep one row per year and metric: delete the other row, or merge the two",
                );
                continue;
            }
            seen.insert(key, row.number);
            if row.hidden {
                let d = self
                    .at(
                        row.number,
                        metric_column,
                        format!(
                            "row {} is hidden, and its value of `{}` for {} is read and published",
                            row.number, figure.figure.metric, figure.year
                        ),
                    )
                    .hint("show the row (or delete it, if the value is not to be published)");
                self.notices.push(d);
            }
            figures.push(figure);
        }
        figures
    }

    /// The columns named in the first row, each with its 0-based index; `None` when a
    /// column the figures need is missing (said at the header).
    fn header(&mut self, header: &Row) -> Option<Vec<(usize, Column)>> {
        let mut columns: Vec<(usize, Column)> = Vec::new();
        for (index, cell) in header.cells.iter().enumerate() {
            if let Some(range) = &cell.merged {
                self.problem(
                    header.number,
                    index,
                    format!("the column names are in merged cells ({range})"),
                    "unmerge the cells: each column has its own name in the first row",
                );
                return None;
            }
            let name = match &cell.value {
                Value::Text(t) => t.trim().to_string(),
                Value::Empty => continue,
                other => display(other),
            };
            if name.is_empty() || name.starts_with('#') {
                continue;
            }
            match column_of(&name) {
                Some(column) => {
                    if let Some((other, _)) = columns.iter().find(|(_, c)| *c == column) {
                        let first = format!("{}{}", column_letters(other + 1), header.number);
                        self.problem(
                            header.number,
                            index,
                            format!("the column `{name}` is named twice (also in cell {first})"),
                            "give each column one name; rename or delete the other",
                        );
                    } else {
                        columns.push((index, column));
                    }
                }
                None => self.problem(
                    header.number,
                    index,
                    format!("`{name}` is not a column of a figures sheet"),
                    format!("the first row names the columns: {KNOWN_COLUMNS}"),
                ),
            }
        }
        let mut complete = true;
        for (needed, name) in [
            (Column::Year, "year"),
            (Column::Metric, "metric"),
            (Column::Value, "value"),
        ] {
            if !columns.iter().any(|(_, c)| *c == needed) {
                complete = false;
                let end = header.cells.len();
                self.problem(
                    header.number,
                    end,
                    format!("the sheet has no column `{name}`"),
                    format!(
                        "name the columns in the first row: year, metric and value at least \
                         ({KNOWN_COLUMNS})"
                    ),
                );
            }
        }
        complete.then_some(columns)
    }

    /// One row's figure; `None` (with its problems said) when it cannot be read.
    fn row(&mut self, row: &Row, columns: &[(usize, Column)]) -> Option<SheetFigure> {
        let empty = Cell::new(Value::Empty);
        let mut broken = false;
        for (index, _) in columns {
            if let Some(range) = row.cell(*index).and_then(|c| c.merged.clone()) {
                broken = true;
                self.problem(
                    row.number,
                    *index,
                    format!("this cell is merged ({range})"),
                    "unmerge it: each value, year and metric needs its own cell, on every row",
                );
            }
        }
        if broken {
            return None;
        }
        let cell = |kind: Column| {
            columns
                .iter()
                .find(|(_, c)| *c == kind)
                .map(|(i, _)| (*i, row.cell(*i).unwrap_or(&empty)))
        };
        let (metric_index, metric_cell) = cell(Column::Metric)?;
        let metric = match self.text(row.number, metric_index, metric_cell, "metric") {
            Ok(Some(m)) => m.trim().to_string(),
            Ok(None) => {
                self.problem(
                    row.number,
                    metric_index,
                    "this row has no metric".to_string(),
                    "write the metric's id (as in metrics.yaml), or delete the row",
                );
                return None;
            }
            Err(()) => return None,
        };
        let (year_index, year_cell) = cell(Column::Year)?;
        let year = match self.year(row.number, year_index, year_cell, &metric, "year") {
            Ok(Some(year)) => Some(year),
            Ok(None) => {
                self.problem(
                    row.number,
                    year_index,
                    format!("`{metric}`: this row has no year"),
                    "write the year the value is about, e.g. 2021",
                );
                None
            }
            Err(()) => None,
        };
        let mut figure = Figure {
            metric: metric.clone(),
            line: row.number,
            ..Figure::default()
        };
        let (mut percent, mut since) = (None, None);
        let (mut replaces, mut replaces_source, mut replaces_date) = (None, None, None);
        for (index, kind) in columns {
            let index = *index;
            let cell = row.cell(index).unwrap_or(&empty);
            let n = row.number;
            let ok = match kind {
                Column::Year | Column::Metric => Ok(()),
                Column::Value => self
                    .value(n, index, cell, &metric)
                    .map(|v| figure.value = v),
                Column::Source => self
                    .text(n, index, cell, "source")
                    .map(|t| figure.source = t.map(|s| s.trim().to_string())),
                Column::Note(None) => self.text(n, index, cell, "note").map(|t| figure.note = t),
                Column::Break(None) => self
                    .text(n, index, cell, "break")
                    .map(|t| figure.break_note = t),
                Column::Note(Some(lang)) => self.text(n, index, cell, "note").map(|t| {
                    if let Some(t) = t {
                        figure.translations.entry(*lang).or_default().note = Some(t);
                    }
                }),
                Column::Break(Some(lang)) => self.text(n, index, cell, "break").map(|t| {
                    if let Some(t) = t {
                        let text: &mut FigureText = figure.translations.entry(*lang).or_default();
                        text.break_note = Some(t);
                    }
                }),
                Column::Status => self
                    .status(n, index, cell, &metric)
                    .map(|s| figure.status = s),
                Column::StatedChange => self.percent(n, index, cell, &metric).map(|p| percent = p),
                Column::StatedSince => self
                    .year(n, index, cell, &metric, "stated_since")
                    .map(|y| since = y.map(|y| (y, index))),
                Column::ComparableWith => self
                    .year(n, index, cell, &metric, "comparable_with")
                    .map(|y| figure.comparable_with = y),
                Column::Replaces => self
                    .value(n, index, cell, &metric)
                    .map(|v| replaces = v.map(|v| (v, index))),
                Column::ReplacesSource => self
                    .text(n, index, cell, "replaces_source")
                    .map(|t| replaces_source = t.map(|s| s.trim().to_string())),
                Column::ReplacesDate => self
                    .date(n, index, cell, &metric)
                    .map(|d| replaces_date = d),
            };
            broken |= ok.is_err();
        }
        match (percent, since) {
            (Some((percent, _)), Some((since, since_column))) => {
                if let Err(wrong) = figure_numbers::since_in_range(&metric, since, year) {
                    self.refused(row.number, since_column, wrong);
                }
                figure.stated_change = Some(StatedChange {
                    percent: if percent == 0.0 { 0.0 } else { percent },
                    since,
                    exact: false,
                });
            }
            (Some((_, index)), None) => {
                broken = true;
                self.problem(
                    row.number,
                    index,
                    format!("`{metric}`: the stated change has no stated_since"),
                    "write the year the source compares with in the column stated_since, e.g. 2020",
                );
            }
            (None, Some((_, index))) => {
                broken = true;
                self.problem(
                    row.number,
                    index,
                    format!("`{metric}`: stated_since has no stated_change"),
                    "write the percentage the source states in the column stated_change, e.g. 21",
                );
            }
            (None, None) => {}
        }
        match (replaces, replaces_source) {
            (Some((value, _)), Some(source)) => {
                figure.replaces = Some(Revision {
                    value,
                    source,
                    date: replaces_date,
                })
            }
            (Some((_, index)), None) => {
                broken = true;
                self.problem(
                    row.number,
                    index,
                    format!("`{metric}`: the value it replaces has no replaces_source"),
                    "write where the earlier value was published in the column replaces_source",
                );
            }
            _ => {}
        }
        let (value_index, _) = cell(Column::Value)?;
        if !broken && figure.value.is_none() && figure.stated_change.is_none() {
            broken = true;
            self.problem(
                row.number,
                value_index,
                format!("`{metric}` has no value on this row"),
                "fill in the value, or delete the row: a year without a value is a gap, and \
                 needs no row",
            );
        }
        if broken {
            return None;
        }
        Some(SheetFigure {
            year: year?,
            figure,
        })
    }

    /// A text cell's text (`None` when empty); a number is taken as its digits.
    fn text(
        &mut self,
        row: usize,
        column: usize,
        cell: &Cell,
        what: &str,
    ) -> Result<Option<String>, ()> {
        self.no_formula_without_value(row, column, cell)?;
        match &cell.value {
            Value::Empty => Ok(None),
            Value::Text(t) if t.trim().is_empty() => Ok(None),
            Value::Text(t) => Ok(Some(t.clone())),
            Value::Number(n) => Ok(Some(shortest(*n))),
            other => {
                self.problem(
                    row,
                    column,
                    format!("the {what} is {}, not text", describe(other)),
                    format!("type the {what} as text"),
                );
                Err(())
            }
        }
    }

    fn no_formula_without_value(
        &mut self,
        row: usize,
        column: usize,
        cell: &Cell,
    ) -> Result<(), ()> {
        let no_value = match &cell.value {
            Value::Empty => true,
            Value::Text(t) => t.is_empty(),
            _ => false,
        };
        if cell.formula && no_value {
            self.problem(
                row,
                column,
                "this cell holds a formula whose result is not in the file".to_string(),
                "open the file in Excel or LibreOffice and save it again, so the result is \
                 stored, or type the value itself; if the cell is meant to be empty, delete \
                 the formula",
            );
            return Err(());
        }
        Ok(())
    }

    /// A value: a number cell (a text cell in a workbook is refused; a CSV's text is read
    /// as typed, by the rules of figures.yaml).
    fn value(
        &mut self,
        row: usize,
        column: usize,
        cell: &Cell,
        metric: &str,
    ) -> Result<Option<f64>, ()> {
        self.no_formula_without_value(row, column, cell)?;
        let decimals = self.rules.decimals.map(|d| d.get(metric).copied());
        // A metric not in the catalogue: only how the value is written is checked.
        let decimals = decimals.unwrap_or(None);
        let checked = |this: &mut Self, text: &str| -> Result<Option<f64>, ()> {
            let typed = Typed {
                text,
                quoted: false,
            };
            let value = figure_numbers::read_value(metric, typed, decimals)
                .map_err(|r| this.refused(row, column, r))?;
            // A number out of range (a negative count) is said, and kept, as in
            // figures.yaml.
            if let Err(wrong) = figure_numbers::value_in_range(metric, text, value) {
                this.refused(row, column, wrong);
            }
            Ok(Some(value))
        };
        match &cell.value {
            Value::Empty => Ok(None),
            Value::Text(t) if t.trim().is_empty() => Ok(None),
            Value::Text(t) if self.typed => checked(self, t.trim()),
            Value::Text(t) => {
                let text = t.trim();
                let digits = figure_numbers::without_thousands(text);
                let hint = match digits {
                    Some(digits) => format!("type {digits} as a number (a number cell, without quotes, apostrophe or thousands separator)"),
                    None => "type the value as a number in a number cell, e.g. 2205".to_string(),
                };
                self.problem(
                    row,
                    column,
                    format!("`{metric}`: `{text}` is text, not a number"),
                    hint,
                );
                Err(())
            }
            Value::Number(n) if cell.percent => {
                if !self.rules.shares.contains(&metric) {
                    self.problem(
                        row,
                        column,
                        format!(
                            "`{metric}` is not a share, but this cell is formatted as a percentage \
                             (it shows {} %)",
                            shortest(round(n * 100.0))
                        ),
                        "format the cell as a number (not a percentage) and type the value the \
                         source gives",
                    );
                    return Err(());
                }
                // 84,5 % is stored as 0.845: the share is 84.5.
                checked(self, &shortest(round(n * 100.0)))
            }
            Value::Number(n) => checked(self, &shortest(*n)),
            other => {
                let hint = match other {
                    Value::Date(_) => "the program turned what was typed into a date: format the \
                                       cell as a number and type the value again"
                        .to_string(),
                    _ => "type the value as a number, e.g. 2205".to_string(),
                };
                self.problem(
                    row,
                    column,
                    format!(
                        "`{metric}`: this cell holds {}, not a number",
                        describe(other)
                    ),
                    hint,
                );
                Err(())
            }
        }
    }

    fn refused(&mut self, row: usize, column: usize, refusal: Refusal) {
        self.problem(row, column, refusal.message, refusal.hint);
    }

    /// A year (`year`, `stated_since`, `comparable_with`): four digits.
    fn year(
        &mut self,
        row: usize,
        column: usize,
        cell: &Cell,
        metric: &str,
        what: &str,
    ) -> Result<Option<i32>, ()> {
        self.no_formula_without_value(row, column, cell)?;
        let text = match &cell.value {
            Value::Empty => return Ok(None),
            Value::Text(t) if t.trim().is_empty() => return Ok(None),
            Value::Text(t) => t.trim().to_string(),
            Value::Number(n) => shortest(*n),
            other => {
                self.problem(
                    row,
                    column,
                    format!("`{metric}`: the {what} is {}, not a year", describe(other)),
                    "type the year as four digits in a number cell, e.g. 2021",
                );
                return Err(());
            }
        };
        let who = if metric.is_empty() { what } else { metric };
        figure_numbers::read_year(
            who,
            Typed {
                text: &text,
                quoted: false,
            },
        )
        .map(Some)
        .map_err(|r| self.refused(row, column, r))
    }

    /// A stated change's percentage, as the source states it (a percentage cell's
    /// percent: 21 % is 21).
    fn percent(
        &mut self,
        row: usize,
        column: usize,
        cell: &Cell,
        metric: &str,
    ) -> Result<Option<(f64, usize)>, ()> {
        self.no_formula_without_value(row, column, cell)?;
        let text = match &cell.value {
            Value::Empty => return Ok(None),
            Value::Text(t) if t.trim().is_empty() => return Ok(None),
            Value::Text(t) => t.trim().trim_end_matches('%').trim().to_string(),
            Value::Number(n) if cell.percent => shortest(round(n * 100.0)),
            Value::Number(n) => shortest(*n),
            other => {
                self.problem(
                    row,
                    column,
                    format!(
                        "`{metric}`: the stated change is {}, not a number",
                        describe(other)
                    ),
                    "type the percentage the source states as a number, e.g. 21 or -16",
                );
                return Err(());
            }
        };
        figure_numbers::read_percent(
            metric,
            Typed {
                text: &text,
                quoted: false,
            },
        )
        .map_err(|r| self.refused(row, column, r))
        .map(|p| {
            if let Err(wrong) = figure_numbers::percent_in_range(metric, &text, p) {
                self.refused(row, column, wrong);
            }
            Some((p, column))
        })
    }

    fn status(
        &mut self,
        row: usize,
        column: usize,
        cell: &Cell,
        metric: &str,
    ) -> Result<Option<FigureStatus>, ()> {
        let Some(text) = self.text(row, column, cell, "status")? else {
            return Ok(None);
        };
        match FigureStatus::from_word(&text.trim().to_lowercase()) {
            Some(status) => Ok(Some(status)),
            None => {
                self.problem(
                    row,
                    column,
                    format!("`{metric}`: the status `{}` is not known", text.trim()),
                    "write estimated or provisional, or leave the cell empty for a final value",
                );
                Err(())
            }
        }
    }

    fn date(
        &mut self,
        row: usize,
        column: usize,
        cell: &Cell,
        metric: &str,
    ) -> Result<Option<Date>, ()> {
        self.no_formula_without_value(row, column, cell)?;
        let text = match &cell.value {
            Value::Empty => return Ok(None),
            Value::Text(t) if t.trim().is_empty() => return Ok(None),
            Value::Text(t) => t.trim().to_string(),
            Value::Number(n) => shortest(*n),
            // An ISO date (`2020-05-03` or `2020-05-03T00:00:00`): its day.
            Value::Date(d) => d.split('T').next().unwrap_or("").to_string(),
            other => describe(other),
        };
        Date::parse(&text).map(Some).map_err(|message| {
            self.problem(
                row,
                column,
                format!("`{metric}`: the date of the value it replaces: {message}"),
                "type the date as text: YYYY-MM-DD, YYYY-MM or YYYY",
            )
        })
    }
}

/// A number as the fewest digits that give it back (`1794`, `84.5`).
pub fn shortest(n: f64) -> String {
    if n == n.trunc() && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// A percentage's number times a hundred has binary noise (0.845 × 100 =
/// 84.49999999999999): it is rounded to ten decimals, more than any figure has.
fn round(n: f64) -> f64 {
    (n * 1e10).round() / 1e10
}

fn describe(value: &Value) -> String {
    match value {
        Value::Empty => "empty".to_string(),
        Value::Number(n) => format!("the number {}", shortest(*n)),
        Value::Text(t) => format!("the text `{t}`"),
        Value::Bool(b) => (if *b { "TRUE" } else { "FALSE" }).to_string(),
        Value::Date(d) => format!("a date ({d})"),
        Value::Error(e) => format!("an error value ({e})"),
    }
}

fn display(value: &Value) -> String {
    match value {
        Value::Text(t) => t.clone(),
        Value::Number(n) => shortest(*n),
        other => describe(other),
    }
}
