//! Issue 24: every number a reader sees comes from the data or says why it does not. The
//! cases a new user published with `check --strict` clean, each made on a copy of the
//! real site (content/ and templates/ of this repository) and loaded in-process: the
//! numbers are checked as the site loads, so `build` and `check` refuse the same.

use jaarverslag::site::Site;
use std::path::{Path, PathBuf};

/// A copy of this repository's site in a temporary folder.
struct RealSite {
    dir: tempfile::TempDir,
}

impl RealSite {
    fn new() -> RealSite {
        let dir = tempfile::tempdir().unwrap();
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        for sub in ["content", "templates", "static"] {
            let from = root.join(sub);
            if !from.exists() {
                continue;
            }
            for entry in walkdir::WalkDir::new(&from) {
                let entry = entry.unwrap();
                let to = dir
                    .path()
                    .join(sub)
                    .join(entry.path().strip_prefix(&from).unwrap());
                if entry.file_type().is_dir() {
                    std::fs::create_dir_all(&to).unwrap();
                } else {
                    std::fs::copy(entry.path(), &to).unwrap();
                }
            }
        }
        RealSite { dir }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    #[track_caller]
    fn replace(self, rel: &str, from: &str, to: &str) -> RealSite {
        let text = std::fs::read_to_string(self.path(rel)).unwrap();
        assert!(text.contains(from), "{rel} has no {from:?}");
        std::fs::write(self.path(rel), text.replacen(from, to, 1)).unwrap();
        self
    }

    /// The site's errors, each as printed.
    fn errors(&self) -> Vec<String> {
        match Site::load(self.dir.path()) {
            Ok(_) => Vec::new(),
            Err(problems) => problems.iter().map(|p| p.to_string()).collect(),
        }
    }
}

/// The errors the edited site gives, one for each list of parts, in order.
#[track_caller]
fn errors_are(site: RealSite, expected: &[&[&str]]) {
    let errors = site.errors();
    assert_eq!(errors.len(), expected.len(), "{errors:#?}");
    for (error, parts) in errors.iter().zip(expected) {
        for part in *parts {
            assert!(error.contains(part), "{error}\nshould contain: {part}");
        }
    }
}

#[track_caller]
fn one_error(site: RealSite, expected: &[&str]) {
    errors_are(site, &[expected]);
}

/// The translation's error when only the original was edited: a translation states the
/// same figures as its original.
fn lacks(file: &'static str, what: &'static str) -> [&'static str; 2] {
    [file, what]
}

#[track_caller]
fn no_error(site: RealSite) {
    assert_eq!(site.errors(), Vec::<String>::new());
}

const R2021: &str = "content/years/2021/report.md";
const R2021_FR: &str = "content/years/2021/report.fr.md";
const R2020: &str = "content/years/2020/report.md";
const R2020_FR: &str = "content/years/2020/report.fr.md";
const MAX: &str = "In 2021 startte \"Max, de vertrouwenspersoon\"";

#[test]
fn the_real_site_accounts_for_every_number() {
    no_error(RealSite::new());
}

/// Case 1: last year's number in this year's text (2020 had 66, 2021 has 57).
#[test]
fn case_1_last_years_number_in_this_years_text() {
    errors_are(
        RealSite::new().replace(
            R2021,
            MAX,
            &format!("In 2021 opende Child Focus 66 nieuwe dossiers over minderjarigen in de prostitutie. {MAX}"),
        ),
        &[
            &[
                "content/years/2021/report.md:65:28",
                "the text says 66, but the data give 57 for prostitutie-minderjarigen in 2021",
                "write {{ figure(id=\"prostitutie-minderjarigen\") }}",
            ],
            &lacks(R2021_FR, "it lacks 66 that report.md states"),
        ],
    );
    // Named with its year, it is right.
    no_error(
        RealSite::new()
            .replace(
                R2021,
                MAX,
                &format!("Over minderjarigen in de prostitutie: in 2020 waren het er 66. {MAX}"),
            )
            .replace(
                R2021_FR,
                "## Fugues",
                "Mineurs dans la prostitution : il y en avait 66 en 2020.\n\n## Fugues",
            ),
    );
}

/// Case 2: a fall (1.261 → 1.062, −16%) published as a rise, in Dutch and in French.
#[test]
fn case_2_a_fall_published_as_a_rise() {
    let anchor = "## ";
    errors_are(
        RealSite::new()
            .replace(
                R2020,
                anchor,
                "Er waren 16 procent meer verdwijningen van minderjarigen dan in 2019.\n\n## ",
            )
            .replace(
                R2020_FR,
                anchor,
                "Il y a eu 16 % de disparitions de mineurs de plus qu'en 2019.\n\n## ",
            ),
        &[
            &[
                "content/years/2020/report.md:",
                "the text says 16 procent with “meer”, but the data give -16% for verdwijningen (2019 → 2020)",
                "{{ change(id=\"verdwijningen\") }}",
            ],
            &["content/years/2020/report.fr.md:", "the text says 16 % with “de plus”"],
        ],
    );
    no_error(
        RealSite::new()
            .replace(
                R2020,
                anchor,
                "Er waren 16 procent minder verdwijningen van minderjarigen dan in 2019.\n\n## ",
            )
            .replace(
                R2020_FR,
                anchor,
                "Il y a eu 16 % de disparitions de mineurs de moins qu'en 2019.\n\n## ",
            ),
    );
}

/// Case 3: numbers outside the body: a summary, a figure's note, a Markdown table.
#[test]
fn case_3_numbers_outside_the_body_are_read() {
    errors_are(
        RealSite::new().replace(
            R2021,
            "summary: >-\n  Meer weglopers dan in 2020,",
            "summary: >-\n  Meer weglopers dan in 2020 (876 nieuwe dossiers over weglopers),",
        ),
        &[
            &[
                "content/years/2021/report.md:4:",
                "the text says 876, but the data give 867 for weglopers in 2021",
            ],
            &lacks(R2021_FR, "it lacks 876"),
        ],
    );
    one_error(
        RealSite::new().replace(
            "content/years/2021/figures.yaml",
            "Deel van de 370 dossiers",
            "Deel van de 307 dossiers",
        ),
        &["content/years/2021/figures.yaml:", "the text says 307"],
    );
    errors_are(
        RealSite::new().replace(
            R2021,
            MAX,
            &format!("| Jaar | Weglopers |\n| --- | --- |\n| 2021 | 876 |\n\n{MAX}"),
        ),
        &[&["the text says 876"], &lacks(R2021_FR, "it lacks 876")],
    );
}

/// Case 4: a number beside the metric's name without its unit word, and one whose metric
/// is named only in a compound.
#[test]
fn case_4_a_number_without_its_unit_word() {
    errors_are(
        RealSite::new().replace(
            R2020,
            "## ",
            "In 2020 behandelde Child Focus 1.620 verdwijningsdossiers, 6 procent minder dan in 2019.\n\n## ",
        ),
        &[
            &["the text says 1.620, but no figure accounts for it"],
            &["the text says 6 procent, but no figure accounts for it"],
            &lacks(R2020_FR, "it lacks 1620, 6%"),
        ],
    );
    errors_are(
        RealSite::new().replace(
            R2021,
            MAX,
            &format!("Het aantal internationale kinderontvoeringen bedroeg 730. {MAX}"),
        ),
        &[
            &["the text says 730, but the data give 370 for internationale-kinderontvoeringen in 2021"],
            &lacks(R2021_FR, "it lacks 730"),
        ],
    );
}

/// Case 7: a translation that states other figures than its original.
#[test]
fn case_7_a_translation_states_the_figures_of_its_original() {
    one_error(
        RealSite::new().replace(
            R2021_FR,
            "## Fugues",
            "Child Focus a ouvert 57 nouveaux dossiers de mineurs dans la prostitution en 2021.\n\n## Fugues",
        ),
        &[
            "content/years/2021/report.fr.md:",
            "this translation does not state the same figures as content/years/2021/report.md: it states 57 where report.md does not",
        ],
    );
}

/// Honest sentences pass: a sum, a difference, a bound, another organisation's count
/// declared with why.
#[test]
fn honest_sentences_pass() {
    // 1.261 + 1.062 = 2.323; 1.261 − 1.062 = 199.
    no_error(
        RealSite::new()
            .replace(
                R2020,
                "## ",
                "De verdwijningen van minderjarigen in 2019 en 2020 samen: 2.323 dossiers, 199 minder in 2020 dan in 2019.\n\n## ",
            )
            .replace(
                R2020_FR,
                "## ",
                "Disparitions de mineurs en 2019 et 2020 ensemble : 2 323 dossiers, 199 de moins en 2020 qu'en 2019.\n\n## ",
            ),
    );
    no_error(
        RealSite::new()
            .replace(
                R2021,
                MAX,
                &format!("Child Focus opende meer dan 850 dossiers over weglopers. {MAX}"),
            )
            .replace(
                R2021_FR,
                "## Fugues",
                "Child Focus a ouvert plus de 850 dossiers de fugue.\n\n## Fugues",
            ),
    );
    no_error(
        RealSite::new()
            .replace(
                R2021,
                MAX,
                &format!("De federale politie registreerde 1.200 verdwijningen. {MAX}"),
            )
            .replace(
                R2021,
                "sources: [persbericht-jaarverslag-2021]",
                "sources: [persbericht-jaarverslag-2021]\nnot_figures:\n  \"1.200 verdwijningen\": een telling van de federale politie, niet van Child Focus",
            )
            .replace(
                R2021_FR,
                "## Fugues",
                "La police fédérale a enregistré 1 200 disparitions.\n\n## Fugues",
            )
            .replace(
                R2021_FR,
                "title: Bilan 2021",
                "title: Bilan 2021\nnot_figures:\n  \"1 200 disparitions\": un comptage de la police fédérale, pas de Child Focus",
            ),
    );
}
