//! `jaarverslag new <YYYY>`: a new year folder with a report to write and the catalogue's
//! metrics listed, as comments, in figures.yaml. Every blank is marked so that the year
//! cannot publish before it is written (crate::validate's placeholder rule).

use crate::load::load_content;
use crate::model::parse_year;
use crate::validate::{FIGURES_HEADER, FIGURE_LINE, PLACEHOLDER};
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
        "{FIGURES_HEADER} {number}, per metric id, geschreven door `jaarverslag new {number}`.\n\
         # Haal het # weg voor elk cijfer dat de bronnen geven en vul de waarde en de bron in\n\
         # (de slug van een publicatie, of tekst). Laat weg wat niet bekend is: een ontbrekend\n\
         # cijfer wordt getoond als \"geen cijfer\", nooit als nul. Zolang hier geen enkel\n\
         # cijfer staat, weigeren build en check het jaar; heeft {number} geen cijfers, wis dan\n\
         # dit bestand.\n#\n"
    );
    for m in &metrics {
        writeln!(
            figures,
            "# {}: {FIGURE_LINE}   # {} ({})",
            m.id, m.label, m.unit
        )
        .expect("writing to a String cannot fail");
    }
    // Every blank holds the marker, which validate refuses to publish; the date too (it is
    // not a date, so loading names it), so that no invented day is ever published.
    let report = format!(
        "---\n\
         # Geschreven door `jaarverslag new {number}`. Vervang elke «{PLACEHOLDER}: …» door je\n\
         # eigen tekst: zolang er één staat, weigeren build en check het jaar.\n\
         title: \"«{PLACEHOLDER}: de titel, bv. Jaarverslag {number}»\"\n\
         date: \"«{PLACEHOLDER}: de dag waarop het verslag verschijnt, als JJJJ-MM-DD»\"\n\
         summary: \"«{PLACEHOLDER}: één of twee zinnen over {number}, voor de lijsten en de feed»\"\n\
         sources: []   # de slugs van de publicaties waarop het verslag steunt\n\
         ---\n\n\
         ## Inleiding\n\n\
         «{PLACEHOLDER}: schrijf hier het verhaal van {number}. Typ geen getallen: haal ze uit\n\
         figures.yaml met de shortcodes figure en change (zie de README).»\n"
    );
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let written = vec![dir.join("report.md"), dir.join("figures.yaml")];
    std::fs::write(&written[0], report)
        .with_context(|| format!("cannot write {}", written[0].display()))?;
    std::fs::write(&written[1], figures)
        .with_context(|| format!("cannot write {}", written[1].display()))?;
    Ok(written)
}
