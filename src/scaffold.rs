//! `jaarverslag new <YYYY>`: a new year folder with a report to write and the catalogue's
//! metrics listed, as comments, in figures.yaml.

use crate::load::load_content;
use crate::model::parse_year;
use anyhow::{bail, Context as _, Result};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Creates `content/years/<year>/` and returns the files written. Refuses to overwrite.
pub fn new_year(root: &Path, year: &str) -> Result<Vec<PathBuf>> {
    let Some(number) = parse_year(year) else {
        bail!("`{year}` is not a year: give four digits, e.g. jaarverslag new 2024");
    };
    let dir = root.join("content").join("years").join(year);
    if dir.exists() {
        bail!(
            "{} already exists: jaarverslag new does not overwrite a year",
            dir.display()
        );
    }
    // The catalogue, if the site loads; a new year can be scaffolded on a broken site too.
    let metrics = load_content(root).map(|c| c.metrics).unwrap_or_default();

    let mut figures = format!(
        "# Figures for {number}, keyed by metric id. Uncomment a line and fill in the value\n\
         # and its source (a publication slug or text). Leave out what is not known: a\n\
         # missing value is shown as a gap, never as zero.\n#\n"
    );
    for m in &metrics {
        writeln!(
            figures,
            "# {}: {{value: , source: \"\"}}   # {} ({})",
            m.id, m.label, m.unit
        )
        .expect("writing to a String cannot fail");
    }
    let report = format!(
        "---\ntitle: Jaarverslag {number}\ndate: {}-05-01\nsummary: \"\"\nsources: []\n---\n\n\
         ## Inleiding\n\nSchrijf hier het verhaal van {number}. Typ geen getallen: haal ze uit\n\
         figures.yaml met de shortcodes figure en change (zie de README).\n",
        number + 1
    );
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let written = vec![dir.join("report.md"), dir.join("figures.yaml")];
    std::fs::write(&written[0], report)
        .with_context(|| format!("cannot write {}", written[0].display()))?;
    std::fs::write(&written[1], figures)
        .with_context(|| format!("cannot write {}", written[1].display()))?;
    Ok(written)
}
