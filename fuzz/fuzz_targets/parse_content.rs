//! Front matter and figures parsing: any bytes give a value or a diagnostic, never a panic.
#![no_main]

use jaarverslag::load::{parse_document, parse_figures};
use jaarverslag::model::{PublicationMeta, ReportMeta};
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let root = Path::new("/site");
    let _ = parse_figures(root, Path::new("/site/content/years/2020/figures.yaml"), text);
    let _ = parse_document::<ReportMeta>(root, Path::new("/site/content/years/2020/report.md"), text);
    let _ = parse_document::<PublicationMeta>(root, Path::new("/site/content/publications/x.md"), text);
    // Every diagnostic must be printable.
    if let Err(d) = parse_figures(root, Path::new("f.yaml"), text) {
        let _ = d.to_string();
    }
});
