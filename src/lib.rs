//! jaarverslag: a static-site generator for multi-year annual reports.
//!
//! The pipeline, one module per stage: [`load`] reads `content/` into the typed [`model`],
//! [`validate`] and [`urls`] cross-check it, [`derive`] computes series and changes,
//! [`render`] turns Markdown ([`markdown`]) and Tera templates ([`theme`]) into pages,
//! with [`charts`] for the SVG charts, and [`write`] puts the files on disk atomically,
//! noting each page's links in the [`output`] index for [`check`]'s link check.
//! [`site::Site`] drives the stages; [`serve`] previews on top of it, and [`scaffold`]
//! makes a new year. docs/architecture.md shows the layers.

pub mod cache;
pub mod charts;
pub mod check;
pub mod derive;
pub mod diagnostics;
pub mod diff;
pub mod escape;
pub mod format;
pub mod hash;
pub mod i18n;
pub mod init;
pub mod link_policy;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod placeholder;
pub mod raster;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod site;
#[cfg(test)]
mod test_support;
pub mod theme;
pub mod urls;
pub mod validate;
pub mod walk;
pub mod write;
