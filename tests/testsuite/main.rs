//! The integration tests: fixture sites (tests/fixtures/) copied into temporary folders,
//! and the real binary run on them. One test crate with a module per subject, so that
//! cargo links one test binary instead of one per file.

#[macro_use]
mod assert;
mod run;
mod site_test;

mod bilingual;
mod build;
mod changes;
mod check;
mod embed;
mod escaping;
mod every_error;
mod figures;
mod languages;
mod numbers;
mod numbers_data;
mod output;
mod output_safety;
mod placeholders;
mod provenance;
mod robustness;
mod search;
mod series_ends;
mod serve;
mod share;
