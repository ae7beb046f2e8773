//! jaarverslag: a static-site generator for multi-year annual reports.
//!
//! The pipeline, one module per stage: [`load`] reads `content/` into a [`site::Site`],
//! [`validate`] cross-checks it, [`derive`] computes series and changes, [`render`] turns
//! Markdown and Tera templates into pages (with [`charts`] for the SVG charts), and
//! [`write`] puts the files on disk atomically, or keeps them in memory.

pub mod charts;
pub mod format;
