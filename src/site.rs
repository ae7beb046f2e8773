//! A [`Site`] is loaded once (load, validate, derive) and can then be built any number of
//! times, to disk or into memory.

use crate::check::links::check_links;
use crate::derive::Dataset;
use crate::diagnostics::Diagnostics;
use crate::load::{load_content, Content};
use crate::render::{render_site, BaseUrl, Stats};
use crate::theme::Theme;
use crate::write::{Output, Writer};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct Site {
    pub root: PathBuf,
    pub content: Content,
    pub data: Dataset,
    pub theme: Theme,
}

/// How to build: everything that is not content.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Overrides `base_url` from site.yaml.
    pub base_url: Option<String>,
}

/// A built site, in memory.
#[derive(Debug, Clone)]
pub struct Built {
    pub output: Output,
    pub stats: Stats,
    pub base: BaseUrl,
}

impl Site {
    /// Reads and checks `<root>/content/` and the theme. Every problem found is returned.
    pub fn load(root: &Path) -> Result<Site, Diagnostics> {
        let content = load_content(root);
        let theme = Theme::load(root);
        let (content, theme) = match (content, theme) {
            (Ok(c), Ok(t)) => (c, t),
            (c, t) => {
                let mut all = Diagnostics::default();
                if let Err(e) = c {
                    all.extend(e);
                }
                if let Err(e) = t {
                    all.extend(e);
                }
                return Err(all.into_result(()).unwrap_err());
            }
        };
        crate::validate::validate(&content)?;
        let data = Dataset::new(&content);
        Ok(Site {
            root: root.to_path_buf(),
            content,
            data,
            theme,
        })
    }

    /// Renders every page, chart and data file into memory, and checks that every
    /// internal link resolves: a broken link fails the build.
    pub fn build(&self, options: &BuildOptions) -> Result<Built, Diagnostics> {
        let out = Writer::memory();
        let (stats, base) = self.build_into(options, &out)?;
        Ok(Built {
            output: out.into_output(),
            stats,
            base,
        })
    }

    /// Renders every page, chart and data file into `out`, and checks that every internal
    /// link resolves: a broken link fails the build. For a disk writer, the caller
    /// commits the output only when this succeeds.
    pub fn build_into(
        &self,
        options: &BuildOptions,
        out: &Writer,
    ) -> Result<(Stats, BaseUrl), Diagnostics> {
        let rendered = render_site(self, options, out)?;
        let sources = crate::render::page_sources(self, &rendered.locales);
        let links = check_links(&out.index(), &rendered.base, &sources, &self.theme);
        links.into_result((rendered.stats, rendered.base))
    }
}
