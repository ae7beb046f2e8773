//! Figures kept in one spreadsheet, content/figures.xlsx, .ods or .csv (issue 28): the
//! same pages as figures.yaml gives, every mistake told at its cell, and `figures
//! export` there and back.
//!
//! tests/fixtures/sheets/ holds the basic fixture's figures in the three kinds of file
//! (see tests/fixtures/README.md for how they were made); a test puts one in a copy of
//! the basic fixture in place of its figures.yaml files. The mistakes are made in
//! workbooks written here with rust_xlsxwriter, from the CSV fixture's rows.

use crate::site_test::{built, snapshot, TestSite};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet};
use std::path::Path;

/// A copy of the basic fixture whose figures are in `content/<name>` (bytes), its
/// figures.yaml files gone (and the year folders that held nothing else, as git leaves
/// them).
fn with_sheet(name: &str, bytes: &[u8]) -> TestSite {
    let site = TestSite::new("basic");
    let years = site.path("content/years");
    for entry in std::fs::read_dir(&years).unwrap() {
        let dir = entry.unwrap().path();
        std::fs::remove_file(dir.join("figures.yaml")).unwrap();
        if std::fs::read_dir(&dir).unwrap().next().is_none() {
            std::fs::remove_dir(&dir).unwrap();
        }
    }
    site.write(&format!("content/{name}"), bytes);
    site
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/sheets")
            .join(name),
    )
    .unwrap()
}

#[track_caller]
fn builds_the_same_pages(name: &str) {
    let yaml = built("basic");
    let sheet = with_sheet(name, &fixture(name));
    sheet.build_whole_ok();
    crate::assert::same_files(
        &snapshot(&yaml.path("public")),
        &snapshot(&sheet.path("public")),
        &format!("the basic fixture built from {name} instead of figures.yaml"),
    );
}

#[test]
fn figures_in_xlsx_build_the_same_pages() {
    builds_the_same_pages("figures.xlsx");
}

#[test]
fn figures_in_ods_build_the_same_pages() {
    builds_the_same_pages("figures.ods");
}

#[test]
fn figures_in_csv_build_the_same_pages() {
    builds_the_same_pages("figures.csv");
}

/// `figures export` of the real site, then the real site built from that workbook
/// instead of its figures.yaml files: the same pages, byte for byte.
#[test]
fn the_real_site_exported_and_built_from_the_sheet_is_the_same() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    for sub in ["content", "templates", "static"] {
        crate::site_test::copy_dir(&root.join(sub), &dir.path().join(sub));
    }
    let run = |args: &[&str]| {
        let out = std::process::Command::new(crate::site_test::BIN)
            .args(args)
            .arg("--root")
            .arg(dir.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    run(&["build", "--output-dir", "from-yaml"]);
    let exported = dir.path().join("exported.xlsx");
    let said = run(&["figures", "export", exported.to_str().unwrap()]);
    assert!(said.starts_with("wrote "), "{said}");
    // Exporting again would overwrite the team's workbook: refused.
    let again = std::process::Command::new(crate::site_test::BIN)
        .args(["figures", "export", exported.to_str().unwrap(), "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(1));
    std::fs::rename(&exported, dir.path().join("content/figures.xlsx")).unwrap();
    for entry in std::fs::read_dir(dir.path().join("content/years")).unwrap() {
        let yaml = entry.unwrap().path().join("figures.yaml");
        std::fs::remove_file(yaml).unwrap();
    }
    run(&["build", "--output-dir", "from-sheet"]);
    crate::assert::same_files(
        &snapshot(&dir.path().join("from-yaml")),
        &snapshot(&dir.path().join("from-sheet")),
        "the real site built from its exported figures.xlsx",
    );
}

/// One cell of a test workbook.
enum Put {
    Number(f64),
    Text(&'static str),
}

/// A workbook with the basic fixture's figures (read from the CSV fixture: numbers as
/// number cells), changed by `change` before it is saved.
fn workbook(change: impl FnOnce(&mut Worksheet)) -> Vec<u8> {
    let csv = fixture("figures.csv");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv.as_slice());
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Cijfers").unwrap();
    for (r, record) in reader.records().enumerate() {
        for (c, field) in record.unwrap().iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match field.parse::<f64>() {
                Ok(n) if r > 0 => sheet.write_number(r, c, n).map(|_| ()),
                _ if field.is_empty() => Ok(()),
                _ => sheet.write_string(r, c, field).map(|_| ()),
            }
            .unwrap();
        }
    }
    change(sheet);
    book.save_to_buffer().unwrap()
}

fn put(sheet: &mut Worksheet, cell: (u32, u16), what: Put) {
    match what {
        Put::Number(n) => sheet.write_number(cell.0, cell.1, n).map(|_| ()),
        Put::Text(t) => sheet.write_string(cell.0, cell.1, t).map(|_| ()),
    }
    .unwrap();
}

/// The whole list of problems of the basic fixture with `bytes` as its figures.xlsx, as
/// `build` prints it (the test's snapshot), which must hold each of `expected`.
#[track_caller]
fn fails_with(name: &str, bytes: Vec<u8>, expected: &[&str]) {
    let site = with_sheet(name, &bytes);
    let problems = site.problems();
    assert!(!problems.is_empty(), "the broken sheet builds");
    let text = problems.to_string();
    for part in expected {
        assert_contains!(text, part, "the problems found");
    }
    crate::site_test::assert_every_problem_has_a_hint(&problems);
    crate::snap::assert_snapshot("errors", None, &site.normalise(&text));
}

#[test]
fn sheet_a_number_typed_as_text() {
    // Row 7 is weglopers 2017... the CSV fixture's row 6 (2017 grooming, 43): C7.
    let book = workbook(|s| put(s, (6, 2), Put::Text("1.794")));
    fails_with(
        "figures.xlsx",
        book,
        &[
            "content/figures.xlsx, sheet Cijfers, cell C7: `grooming`: `1.794` is text, not a number",
            "type 1794 as a number",
        ],
    );
}

#[test]
fn sheet_every_mistake_in_one_run() {
    let book = workbook(|s| {
        // A formula whose result was never computed (no <v> in the file).
        s.write_formula(1, 2, "=40+8").unwrap();
        s.set_formula_result(1, 2, "");
        // A date where a number belongs.
        let date = Format::new().set_num_format("yyyy-mm-dd");
        let day = ExcelDateTime::from_ymd(2016, 1, 28).unwrap();
        s.write_datetime_with_format(2, 2, &day, &date).unwrap();
        // A percentage format on a count.
        let percent = Format::new().set_num_format("0.0%");
        s.write_number_with_format(3, 2, 0.41, &percent).unwrap();
        // Merged cells.
        s.merge_range(7, 2, 8, 2, "", &Format::new()).unwrap();
        // A second row for 2020 grooming, and an unknown column.
        put(s, (15, 0), Put::Number(2020.0));
        put(s, (15, 1), Put::Text("grooming"));
        put(s, (15, 2), Put::Number(130.0));
        put(s, (0, 8), Put::Text("opmerking"));
        // A decimal in a count, and a stated change without its year.
        put(s, (10, 2), Put::Number(200.5));
        put(s, (12, 5), Put::Number(-30.0));
        s.write_blank(12, 6, &Format::new()).unwrap();
    });
    fails_with(
        "figures.xlsx",
        book,
        &[
            "cell C2: this cell holds a formula whose result is not in the file",
            "cell C3: `sexting`: this cell holds a date (2016-01-28), not a number",
            "cell C4: `sextortion` is not a share, but this cell is formatted as a percentage",
            "cell C8: this cell is merged (C8:C9)",
            "cell C9: this cell is merged (C8:C9)",
            "cell B16: `grooming` has a second row for 2020 (the first is cell B15)",
            "cell I1: `opmerking` is not a column of a figures sheet",
            "cell C11: `weglopers` is a count, written 200.5: a count has no decimal point",
            "cell F13: `weglopers`: the stated change has no stated_since",
        ],
    );
}

#[test]
fn sheet_a_share_formatted_as_a_percentage_is_its_percent() {
    // 2016 aandeel-jongeren is 13 in figures.yaml: typed as 13 % it is stored as 0.13.
    let percent = Format::new().set_num_format("0%");
    let book = workbook(|s| {
        s.write_number_with_format(5, 2, 0.13, &percent).unwrap();
    });
    let site = with_sheet("figures.xlsx", &book);
    assert!(site.problems().is_empty(), "{}", site.problems());
    let yaml = built("basic");
    site.build_ok();
    assert_eq!(
        std::fs::read(site.path("public/data/figures.csv")).unwrap(),
        std::fs::read(yaml.path("public/data/figures.csv")).unwrap()
    );
}

#[test]
fn sheet_a_hidden_row_is_read_and_said() {
    let book = workbook(|s| {
        s.set_row_hidden(4).unwrap();
    });
    let site = with_sheet("figures.xlsx", &book);
    assert!(site.problems().is_empty(), "{}", site.problems());
    let warnings = site.warnings().to_string();
    assert_contains!(
        warnings,
        "content/figures.xlsx, sheet Cijfers, cell B5: row 5 is hidden, and its value of `weglopers` for 2016 is read and published"
    );
}

#[test]
fn sheet_empty_rows_and_own_columns_are_skipped() {
    let csv = String::from_utf8(fixture("figures.csv")).unwrap();
    let mut lines: Vec<String> = csv.lines().map(|l| format!("{l},")).collect();
    lines[0].push_str("#ons commentaar");
    lines.insert(3, ",,,,,,,".to_string());
    lines.insert(7, ",,,,,,,alleen onze kolom".to_string());
    let with_gaps = lines.join("\n") + "\n";
    let site = with_sheet("figures.csv", with_gaps.as_bytes());
    assert!(site.problems().is_empty(), "{}", site.problems());
}

#[test]
fn sheet_csv_is_read_as_typed() {
    let csv = String::from_utf8(fixture("figures.csv")).unwrap();
    let broken = csv
        .replacen("2016,\"grooming\",48", "2016,\"grooming\",1.794", 1)
        .replacen("2017,\"sexting\",135", "2017,\"sexting\",\"1,350\"", 1);
    fails_with(
        "figures.csv",
        broken.into_bytes(),
        &[
            "content/figures.csv, cell C2: `grooming` is a count, written 1.794: the point looks like a thousands separator",
            "write 1794, without a thousands separator",
            "content/figures.csv, cell C8: `sexting` is a count, written 1,350",
        ],
    );
}

#[test]
fn sheet_and_figures_yaml_for_one_figure() {
    let site = with_sheet("figures.xlsx", &fixture("figures.xlsx"));
    site.write(
        "content/years/2017/figures.yaml",
        "grooming: {value: 43, source: cijfers-2017}\n",
    );
    let problems = site.problems().to_string();
    assert_contains!(
        problems,
        "content/figures.xlsx, row 7: `grooming` for 2017 is both here and in content/years/2017/figures.yaml:1"
    );
}

#[test]
fn sheet_two_spreadsheets() {
    let site = with_sheet("figures.xlsx", &fixture("figures.xlsx"));
    site.write("content/figures.csv", fixture("figures.csv"));
    let problems = site.problems().to_string();
    assert_contains!(
        problems,
        "the figures are in 2 spreadsheets: content/figures.xlsx and content/figures.csv"
    );
}

#[test]
fn sheet_lock_files_are_skipped() {
    let site = with_sheet("figures.xlsx", &fixture("figures.xlsx"));
    site.write("content/~$figures.xlsx", b"locked by someone");
    site.write("content/.~lock.figures.ods#", b"locked by someone");
    assert!(site.problems().is_empty(), "{}", site.problems());
}

#[test]
fn the_open_data_has_a_workbook_with_numbers_as_numbers() {
    let site = built("basic");
    let bytes = std::fs::read(site.path("public/data/figures.xlsx")).unwrap();
    use calamine::{Data, Reader, Xlsx};
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range("figures").unwrap();
    let csv = site.read("public/data/figures.csv");
    let header: Vec<String> = range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|d| d.to_string())
        .collect();
    assert_eq!(header.join(","), csv.lines().next().unwrap());
    let value = header.iter().position(|h| h == "value").unwrap();
    let numbers = range
        .rows()
        .skip(1)
        .filter(|r| matches!(r[value], Data::Float(_)))
        .count();
    assert_eq!(
        numbers,
        csv.lines().count() - 2,
        "every value but one (a stated change alone) is a number cell"
    );
}
