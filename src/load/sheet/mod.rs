//! Figures kept in one spreadsheet, `content/figures.xlsx`, `.ods` or `.csv`, instead of
//! the years' figures.yaml files (README, "Figures in a spreadsheet"). The sheet's rows
//! become the same [`Figure`]s figures.yaml gives, so every later check applies
//! unchanged; a problem is told at its cell (`content/figures.xlsx, sheet Cijfers, cell
//! C14`).
//!
//! - [`grid`]: a sheet as rows of cells, whatever program wrote it; a CSV's reader.
//! - [`xlsx`], [`ods`]: a workbook into grids (calamine, and the sheet's XML for what
//!   calamine does not tell: hidden rows, an ods cell's percentage type and spans).
//! - [`rows`]: the figures of a grid, every problem with its cell.

pub mod export;
pub mod grid;
mod ods;
pub mod rows;
mod xlsx;

use crate::diagnostics::{relative, Diagnostic, Diagnostics};
use crate::model::{Figure, Metric, YearContent};
use rows::{Rules, SheetFigure, SheetReader};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The names a figures spreadsheet may have in `content/`.
pub const SHEET_NAMES: [&str; 3] = ["figures.xlsx", "figures.ods", "figures.csv"];

/// The largest spreadsheet read (a figures sheet of 10,000 rows is some 300 kB).
const MOST_BYTES: u64 = 20 * 1024 * 1024;

/// The figures of a site's spreadsheet, and what it says about them.
#[derive(Debug, Default)]
pub struct SheetFigures {
    /// Relative to the site's root.
    pub path: PathBuf,
    pub figures: Vec<SheetFigure>,
    /// What is read but said: hidden rows.
    pub notices: Diagnostics,
}

/// Reads the site's figures spreadsheet, if it has one: `Ok(None)` without one; every
/// problem of the sheet otherwise, at its cell.
pub fn read_site_sheet(
    root: &Path,
    content_dir: &Path,
    metrics: &[Metric],
) -> Result<Option<SheetFigures>, Diagnostics> {
    let found: Vec<PathBuf> = SHEET_NAMES
        .iter()
        .map(|name| content_dir.join(name))
        .filter(|p| p.is_file())
        .collect();
    let Some(path) = found.first() else {
        return Ok(None);
    };
    let rel = relative(root, path);
    if found.len() > 1 {
        let names: Vec<String> = found
            .iter()
            .map(|p| relative(root, p).display().to_string())
            .collect();
        return Err(Diagnostic::new(
            &rel,
            format!(
                "the figures are in {} spreadsheets: {}",
                found.len(),
                names.join(" and ")
            ),
        )
        .hint("keep the figures in one spreadsheet: delete or move the others out of content/")
        .into());
    }
    let bytes = read_bytes(path, &rel)?;
    let decimals: HashMap<&str, u8> = metrics
        .iter()
        .map(|m| (m.id.as_str(), m.decimals))
        .collect();
    let shares: Vec<&str> = metrics
        .iter()
        .filter(|m| crate::format::is_share_unit(&m.unit))
        .map(|m| m.id.as_str())
        .collect();
    let rules = Rules {
        decimals: (!metrics.is_empty()).then_some(&decimals),
        shares: &shares,
    };
    read_sheet(&rel, &bytes, &rules).map(Some)
}

fn read_bytes(path: &Path, rel: &Path) -> Result<Vec<u8>, Diagnostics> {
    let unreadable = |e: std::io::Error| {
        Diagnostic::new(rel, format!("the spreadsheet could not be read: {e}"))
            .hint("check that the file is there and readable, and closed in other programs")
    };
    let size = std::fs::metadata(path).map_err(unreadable)?.len();
    if size > MOST_BYTES {
        return Err(Diagnostic::new(
            rel,
            format!(
                "the spreadsheet is {} MB, more than the 20 MB a figures sheet is read up to",
                size / 1024 / 1024
            ),
        )
        .hint("keep only the figures in it: one row per year and metric")
        .into());
    }
    std::fs::read(path).map_err(|e| unreadable(e).into())
}

/// The figures in a spreadsheet's bytes; `rel` names it (its extension says its kind).
pub fn read_sheet(rel: &Path, bytes: &[u8], rules: &Rules) -> Result<SheetFigures, Diagnostics> {
    let kind = rel
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let grids = match kind.as_str() {
        "xlsx" => xlsx::read(bytes),
        "ods" => ods::read(bytes),
        _ => grid::read_csv(bytes).map(|g| vec![g]),
    };
    let grids = grids.map_err(|e| {
        Diagnostics::from(
            Diagnostic::new(rel, format!("the spreadsheet could not be read: {e}")).hint(
                "open it in Excel or LibreOffice and save it again as .xlsx, .ods or CSV UTF-8",
            ),
        )
    })?;
    let Some(first) = grids.first() else {
        return Ok(SheetFigures {
            path: rel.to_path_buf(),
            ..SheetFigures::default()
        });
    };
    let mut reader = SheetReader::new(rel.to_path_buf(), rules, kind == "csv");
    let figures = reader.figures(first);
    let notices = std::mem::take(&mut reader.notices);
    reader.problems.into_result(SheetFigures {
        path: rel.to_path_buf(),
        figures,
        notices,
    })
}

/// Puts the sheet's figures into the years: each into its year (a year the sheet has
/// and years/ has not is a year without a report). A year whose figures.yaml holds
/// figures too is an error naming both places, at each metric both give.
pub fn merge(sheet: SheetFigures, years: &mut Vec<YearContent>, problems: &mut Diagnostics) {
    let mut by_year: HashMap<i32, Vec<Figure>> = HashMap::new();
    for f in sheet.figures {
        by_year.entry(f.year).or_default().push(f.figure);
    }
    let mut added: Vec<i32> = by_year.keys().copied().collect();
    added.sort_unstable();
    for year in added {
        let figures = by_year.remove(&year).unwrap_or_default();
        match years.iter_mut().find(|y| y.year == year) {
            Some(y) if !y.figures.is_empty() || !y.figures_text.trim().is_empty() => {
                let both: Vec<&Figure> = figures
                    .iter()
                    .filter(|f| y.figures.iter().any(|g| g.metric == f.metric))
                    .collect();
                for f in &both {
                    let line = y
                        .figures
                        .iter()
                        .find(|g| g.metric == f.metric)
                        .map_or(1, |g| g.line);
                    problems.push(
                        Diagnostic::new(&sheet.path, format!(
                            "`{}` for {year} is both here and in {}:{line}",
                            f.metric,
                            y.figures_path.display()
                        ))
                        .at_line(Some(f.line))
                        .hint("keep each figure in one place: the spreadsheet or figures.yaml, not both"),
                    );
                }
                if both.is_empty() {
                    problems.push(
                        Diagnostic::new(
                            &y.figures_path,
                            format!(
                                "{year} has figures here and in {} (row {})",
                                sheet.path.display(),
                                figures[0].line
                            ),
                        )
                        .hint(format!(
                            "keep a year's figures in one place: move them into {} and delete \
                             this figures.yaml, or the other way round",
                            sheet.path.display()
                        )),
                    );
                }
            }
            Some(y) => {
                y.figures = figures;
                y.figures_path = sheet.path.clone();
            }
            None => years.push(YearContent {
                year,
                report: None,
                figures,
                figures_path: sheet.path.clone(),
                figures_text: String::new(),
            }),
        }
    }
    years.sort_by_key(|y| y.year);
}
