//! The integration tests: fixture sites (tests/fixtures/) copied into temporary folders
//! (or built once, for the tests that only read them), the real binary run on them, and
//! content errors checked in-process. One test crate with a module per subject, so that
//! cargo links one test binary instead of one per file. tests/README.md says how to add a
//! test.

#[macro_use]
mod assert;
mod run;
mod site_test;
mod snap;

mod bilingual;
mod build;
mod build_cache;
mod changes;
mod check;
mod check_languages;
mod embed;
mod errors_end_to_end;
mod escaping;
mod every_error;
mod figures;
mod languages;
mod layers;
mod numbers;
mod numbers_data;
mod output;
mod output_safety;
mod pages;
mod placeholders;
mod provenance;
mod robustness;
mod safety_round2;
mod search;
mod series_ends;
mod serve;
mod share;
mod sheets;
