use super::*;
use crate::site::{BuildOptions, Site};
use crate::write::Writer;

fn options(dir: &Path, language: &str) -> InitOptions {
    InitOptions {
        dir: dir.to_path_buf(),
        language: language.into(),
        title: None,
        organisation: Some("Hospital \"San Juan\" 12 de Octubre".into()),
        year: Some(2024),
    }
}

/// `check --strict` in process: the site loads with no warning and builds (pages, link
/// check) with no error.
fn assert_passes_strict(root: &Path) {
    let (site, warnings) = Site::load_with_warnings(root);
    assert!(warnings.is_empty(), "warnings:\n{warnings}");
    let site = site.unwrap_or_else(|problems| panic!("does not load:\n{problems}"));
    if let Err(problems) = site.build_into(&BuildOptions::default(), &Writer::links_only()) {
        panic!("does not build:\n{problems}");
    }
}

#[test]
fn a_new_site_builds_and_passes_strict_in_every_shipped_language_and_in_spanish() {
    for language in ["nl", "fr", "en", "de", "es", "en-GB"] {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("report");
        let written = init(&options(&dir, language)).unwrap();
        assert!(
            written.contains(&PathBuf::from(".github/workflows/deploy.yml")),
            "{written:?}"
        );
        let site = std::fs::read_to_string(dir.join("content/site.yaml")).unwrap();
        assert!(
            site.contains(&format!("\nlanguage: {language}\n")),
            "{site}"
        );
        assert_passes_strict(&dir);
        // A language the theme ships needs no file; another gets its fallback's, whole.
        let own = dir.join(format!("templates/i18n/{language}.yaml"));
        assert_eq!(
            own.exists(),
            !["nl", "fr", "en", "de"].contains(&language),
            "{language}"
        );
    }
}

#[test]
fn the_example_is_in_the_site_s_language() {
    let tmp = tempfile::tempdir().unwrap();
    init(&options(tmp.path(), "fr")).unwrap();
    let metrics = std::fs::read_to_string(tmp.path().join("content/metrics.yaml")).unwrap();
    assert!(metrics.contains("label: \"Personnes aidées\""), "{metrics}");
    let site = std::fs::read_to_string(tmp.path().join("content/site.yaml")).unwrap();
    // The organisation's name in quotes, read back as itself.
    assert!(
        site.contains("title: \"Hospital \\\"San Juan\\\" 12 de Octubre en chiffres\""),
        "{site}"
    );
    assert!(tmp.path().join("content/pages/a-propos.md").exists());
    let deploy = std::fs::read_to_string(tmp.path().join(".github/workflows/deploy.yml")).unwrap();
    assert!(
        deploy.contains(&format!(
            "JAARVERSLAG_VERSION: \"v{}\"",
            env!("CARGO_PKG_VERSION")
        )),
        "{deploy}"
    );
    assert!(
        !deploy.contains("cargo"),
        "it installs the released program"
    );
}

#[test]
fn a_folder_that_holds_anything_is_refused_and_left_alone() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("notes.txt"), "mine").unwrap();
    let error = init(&options(tmp.path(), "en")).unwrap_err().to_string();
    assert!(error.contains("is not empty"), "{error}");
    let left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
    assert_eq!(left.len(), 1);
}

#[test]
fn a_code_in_another_case_is_named_with_the_code_meant() {
    let tmp = tempfile::tempdir().unwrap();
    let error = init(&options(tmp.path(), "en-gb")).unwrap_err().to_string();
    assert!(error.contains("write `en-GB`"), "{error}");
    let error = init(&options(tmp.path(), "spanish"))
        .unwrap_err()
        .to_string();
    assert!(error.contains("is not a language code"), "{error}");
    assert!(std::fs::read_dir(tmp.path()).unwrap().next().is_none());
}

#[test]
fn days_are_dates() {
    assert_eq!(civil_from_days(0), (1970, 1, 1));
    assert_eq!(civil_from_days(19_723), (2024, 1, 1));
    assert_eq!(civil_from_days(19_782), (2024, 2, 29));
    assert_eq!(civil_from_days(20_795), (2026, 12, 8));
}
