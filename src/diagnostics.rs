//! Content errors that name the file, line and column, and say what to do.
//!
//! The load and validate stages collect every problem they find before they stop, so an
//! author sees all of them at once instead of fixing one per build.

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem in the content, at a place in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, relative to the site root where possible.
    pub file: PathBuf,
    /// 1-based line and column, when known.
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    /// What the author can do about it.
    pub hint: Option<String>,
    /// The sheet, when the file is a spreadsheet (`Some("")` for a CSV, which has one):
    /// then `line` is the row and `column` the column, shown as a cell (`C14`).
    /// (A boxed str: a `String` made every `Result<_, Diagnostic>` too large to return.)
    pub sheet: Option<Box<str>>,
}

impl Diagnostic {
    pub fn new(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.into(),
            line: None,
            column: None,
            message: message.into(),
            hint: None,
            sheet: None,
        }
    }

    /// A cell of a spreadsheet: the sheet's name (empty for a CSV), the 1-based row and
    /// column.
    pub fn at_cell(mut self, sheet: &str, row: usize, column: usize) -> Self {
        self.sheet = Some(sheet.into());
        self.at(row, column)
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    pub fn at_line(mut self, line: Option<usize>) -> Self {
        self.line = line;
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// `file:line:column`, as editors and terminals understand it; in a spreadsheet
    /// (`.xlsx`, `.ods`, `.csv`) the cell as spreadsheet programs name it:
    /// `content/figures.xlsx, sheet Cijfers, cell C14`.
    pub fn location(&self) -> String {
        let file = shown_path(&self.file);
        let is_sheet = self.sheet.is_some()
            || self.file.extension().is_some_and(|e| {
                ["xlsx", "ods", "csv"]
                    .iter()
                    .any(|s| e.eq_ignore_ascii_case(s))
            });
        if is_sheet {
            let sheet = match self.sheet.as_deref() {
                Some(name) if !name.is_empty() => format!(", sheet {}", shown_text(name)),
                _ => String::new(),
            };
            return match (self.line, self.column) {
                (Some(l), Some(c)) => format!("{file}{sheet}, cell {}{l}", column_letters(c)),
                (Some(l), None) => format!("{file}{sheet}, row {l}"),
                _ => format!("{file}{sheet}"),
            };
        }
        match (self.line, self.column) {
            (Some(l), Some(c)) => format!("{file}:{l}:{c}"),
            (Some(l), None) => format!("{file}:{l}"),
            _ => file.to_string(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A message may quote a file name, or a word of one: escaped as the place is.
        write!(f, "{}: {}", self.location(), shown_text(&self.message))?;
        if let Some(hint) = &self.hint {
            write!(f, "\n    hint: {}", shown_text(hint))?;
        }
        Ok(())
    }
}

/// Every problem a stage found. It is an error only when it is not empty.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    /// `Ok(value)` when nothing was found, else every diagnostic in file order.
    pub fn into_result<T>(mut self, value: T) -> Result<T, Diagnostics> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            self.0.sort_by(|a, b| {
                (&a.file, &a.sheet, a.line, a.column, &a.message)
                    .cmp(&(&b.file, &b.sheet, b.line, b.column, &b.message))
            });
            self.0.dedup();
            Err(self)
        }
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        writeln!(
            f,
            "{n} {} in the content:",
            if n == 1 { "error" } else { "errors" }
        )?;
        for d in &self.0 {
            writeln!(f, "  {d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// Where a page's text came from, to point the author at the line of a bad link.
#[derive(Debug, Clone)]
pub struct PageSource<'a> {
    pub file: &'a Path,
    pub text: &'a str,
    /// The line of `text`'s first line in `file`.
    pub first_line: usize,
}

/// The path as the author knows it: relative to the site root when it is inside it.
pub fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// A path as it may be printed to a terminal: control characters and the marks that
/// turn text around are escaped (`\u{1b}`, `\n`). A file name may hold any of them;
/// printed raw, an escape sequence in one set the window's title and changed the
/// colours, and a newline split the error's line in two (issue 26, case 15).
pub fn shown_path(path: &Path) -> String {
    shown_text(&path.to_string_lossy())
}

/// `text` with control characters and bidirectional marks escaped (see [`shown_path`]).
pub fn shown_text(text: &str) -> String {
    let mut shown = String::with_capacity(text.len());
    for c in text.chars() {
        let bidi = matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
        if c.is_control() || bidi {
            shown.extend(c.escape_default());
        } else {
            shown.push(c);
        }
    }
    shown
}

/// A spreadsheet's name of a 1-based column: 1 → `A`, 27 → `AA`.
pub fn column_letters(column: usize) -> String {
    let mut n = column.max(1);
    let mut letters = Vec::new();
    while n > 0 {
        let rest = (n - 1) % 26;
        letters.push(b'A' + rest as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// A message of several lines with every control character but its line breaks
/// escaped: for an error of the system (an I/O error naming a path) printed as it is.
pub fn shown_lines(text: &str) -> String {
    text.split('\n')
        .map(shown_text)
        .collect::<Vec<_>>()
        .join("\n")
}

/// 1-based line and column of a byte offset in `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_of_offsets() {
        let text = "ab\ncdé\nf";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 3), (2, 1));
        assert_eq!(line_column(text, 5), (2, 3));
        // Inside the two bytes of `é`: rounds down to its start.
        assert_eq!(line_column(text, 6), (2, 3));
        assert_eq!(line_column(text, 100), (3, 2));
    }

    #[test]
    fn control_characters_in_a_file_name_are_escaped() {
        let d = Diagnostic::new("content/a\u{1b}]0;owned\u{7}\nb\u{202e}.md", "bad").at(1, 2);
        let shown = d.to_string();
        assert_eq!(
            shown,
            "content/a\\u{1b}]0;owned\\u{7}\\nb\\u{202e}.md:1:2: bad"
        );
        assert!(!shown.contains(['\u{1b}', '\u{7}', '\n', '\u{202e}']));
        // And where the message quotes the name.
        let d = Diagnostic::new("x", "`a\u{1b}[31m\nb` is not a valid slug").hint("h\u{7}");
        assert_eq!(
            d.to_string(),
            "x: `a\\u{1b}[31m\\nb` is not a valid slug\n    hint: h\\u{7}"
        );
        // Every other character is kept as it is.
        assert_eq!(shown_text("rapport été 2021 – 中"), "rapport été 2021 – 中");
        assert_eq!(
            shown_lines("cannot read /tmp/a\u{1b}[2J\n    hint: b\u{7}"),
            "cannot read /tmp/a\\u{1b}[2J\n    hint: b\\u{7}"
        );
    }

    #[test]
    fn a_spreadsheet_place_is_a_cell() {
        let d = Diagnostic::new("content/figures.xlsx", "bad").at_cell("Cijfers", 14, 3);
        assert_eq!(
            d.location(),
            "content/figures.xlsx, sheet Cijfers, cell C14"
        );
        let d = Diagnostic::new("content/figures.csv", "bad").at_cell("", 2, 28);
        assert_eq!(d.location(), "content/figures.csv, cell AB2");
        // A later check that knows the row only.
        let d = Diagnostic::new("content/figures.ods", "bad").at_line(Some(7));
        assert_eq!(d.location(), "content/figures.ods, row 7");
        assert_eq!(column_letters(1), "A");
        assert_eq!(column_letters(26), "Z");
        assert_eq!(column_letters(27), "AA");
        assert_eq!(column_letters(703), "AAA");
    }

    #[test]
    fn display_names_the_place_and_the_hint() {
        let d = Diagnostic::new("content/site.yaml", "missing field `title`")
            .at(3, 5)
            .hint("add a title");
        assert_eq!(
            d.to_string(),
            "content/site.yaml:3:5: missing field `title`\n    hint: add a title"
        );
    }
}
