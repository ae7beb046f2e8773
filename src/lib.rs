//! jaarverslag: a static-site generator for multi-year annual reports.
//!
//! The pipeline, one module per stage: [`load`] reads `content/` into the typed [`model`],
//! [`validate`] cross-checks them, [`derive`] computes series and changes, [`render`] turns
//! Markdown ([`markdown`]) and Tera templates ([`theme`]) into pages, with [`charts`] for
//! the SVG charts, and [`write`] puts the files on disk atomically. [`site::Site`] ties
//! the stages together; [`check`] verifies links and prose on top, [`serve`] previews,
//! and [`scaffold`] makes a new year. [`walk`] decides which files under the site's
//! folders are its own (not an editor's side files); [`urls`] checks that no two sources
//! make one file of the site.

pub mod charts;
pub mod check;
pub mod derive;
pub mod diagnostics;
pub mod escape;
pub mod format;
pub mod i18n;
pub mod link_policy;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod site;
pub mod theme;
pub mod urls;
pub mod validate;
pub mod walk;
pub mod write;
