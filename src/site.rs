//! A [`Site`] is loaded once (load, validate, derive) and can then be built any number of
//! times, to disk or into memory.

use crate::check::links::check_links;
use crate::derive::Dataset;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::load_content_partly;
use crate::model::Content;
use crate::model::DocKind;
use crate::output::{LinkIndex, Output};
use crate::render::{render_documents, render_site, RenderInput, Sink, Stats};
use crate::theme::Theme;
use crate::urls::BaseUrl;
use crate::write::{WriteStats, Writer};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub struct Site {
    pub root: PathBuf,
    pub content: Content,
    pub data: Dataset,
    pub theme: Theme,
    /// What the checks found doubtful but not wrong: `build` prints them, `check --strict`
    /// fails on them.
    pub warnings: Diagnostics,
}

/// How to build: everything that is not content.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Overrides `base_url` from site.yaml.
    pub base_url: Option<String>,
    /// Makes the search index (`build` only: see [`crate::search`]).
    pub search: bool,
    /// Draws no PNG file (charts' and share images): their paths are known, so links to
    /// them resolve, but no file is written. For tests whose subject is not the images:
    /// drawing them is most of a fresh debug build (bilingual fixture: 1.5 s of CPU of
    /// 1.6 s). `build` always draws them.
    pub skip_pngs: bool,
}

/// A built site, in memory.
#[derive(Debug, Clone)]
pub struct Built {
    pub output: Output,
    /// Every page's links and ids, for checking them again after a partial rebuild.
    pub links: LinkIndex,
    pub stats: Stats,
    pub base: BaseUrl,
}

impl Site {
    /// Reads and checks `<root>/content/` and the theme. Every problem found is returned:
    /// each stage runs as far as the earlier ones let it (the README promises every error
    /// at once). Validation runs on the files that could be read; when everything was read
    /// but validation failed, the documents are rendered anyway, into memory, for the
    /// errors only rendering finds (a shortcode's). Measured before: a wrong stated change
    /// in figures.yaml hid three shortcode errors, and a year's scaffold needed two runs.
    pub fn load(root: &Path) -> Result<Site, Diagnostics> {
        Site::load_with_warnings(root).0
    }

    /// [`Site::load`], and the warnings found on the way, whether or not the site loaded:
    /// `build` and `check` print them with the errors, all at once.
    pub fn load_with_warnings(root: &Path) -> (Result<Site, Diagnostics>, Diagnostics) {
        let (content, mut problems) = load_content_partly(root);
        let theme = Theme::load(root).map_err(|e| problems.extend(e)).ok();
        let Some(content) = content else {
            return (Err(problems), Diagnostics::default());
        };
        let everything_read = content.unread.is_empty();
        problems.extend(
            crate::validate::validate(&content)
                .err()
                .unwrap_or_default(),
        );
        let Some(theme) = theme else {
            return (Err(problems), Diagnostics::default());
        };
        // A collision is no reason to hide the rest either.
        let collisions = crate::urls::check(&content, &theme);
        let collided = !collisions.is_empty();
        problems.extend(collisions);
        let data = Dataset::new(&content);
        // Every number in every text accounted for: `build` refuses what `check` refuses,
        // so a wrong number cannot be published by skipping `check`.
        let checked = crate::check::check_site(&content, &data, &theme);
        for found in checked.errors.iter().cloned() {
            if !problems.iter().any(|p| *p == found) {
                problems.push(found);
            }
        }
        let warnings = checked.warnings;
        let site = Site {
            root: root.to_path_buf(),
            content,
            data,
            theme,
            warnings: warnings.clone(),
        };
        if problems.is_empty() {
            return (Ok(site), warnings);
        }
        if everything_read && !collided {
            for found in site.document_problems().0 {
                if !problems.iter().any(|p| *p == found) {
                    problems.push(found);
                }
            }
        }
        crate::load::figures::name_emptied(&site.content, &mut problems);
        (Err(problems), warnings)
    }

    /// The problems found in rendering every document (shortcodes, Markdown, templates)
    /// of a site that failed validation, into memory. Rendering takes content that failed
    /// validation without a panic (see the tests in tests/testsuite/every_error.rs).
    fn document_problems(&self) -> Diagnostics {
        let out = Writer::memory();
        let mut documents: Vec<(DocKind, String)> = Vec::new();
        for year in self.content.years.iter().filter(|y| y.report.is_some()) {
            documents.push((DocKind::Report, year.year.to_string()));
        }
        for doc in &self.content.publications {
            documents.push((DocKind::Publication, doc.slug.clone()));
        }
        for doc in &self.content.pages {
            documents.push((DocKind::Page, doc.slug.clone()));
        }
        let options = BuildOptions::default();
        render_documents(self.render_input(&options), &documents, &out)
            .err()
            .unwrap_or_default()
    }

    /// Renders every page, chart and data file into memory, and checks that every
    /// internal link resolves: a broken link fails the build.
    pub fn build(&self, options: &BuildOptions) -> Result<Built, Diagnostics> {
        let out = Writer::memory();
        let (stats, base) = self.build_into(options, &out)?;
        let (output, links) = out.into_parts();
        Ok(Built {
            output,
            links,
            stats,
            base,
        })
    }

    /// After edits to the bodies of `documents` (kind and slug; see
    /// [`Content::reload_body`](crate::model::Content::reload_body)), renders again only
    /// their pages, takes their links and ids into `links` (the whole site's), and checks
    /// every internal link of the site again. Returns the pages made.
    pub fn rebuild_documents(
        &self,
        options: &BuildOptions,
        documents: &[(DocKind, String)],
        links: &mut LinkIndex,
    ) -> Result<Output, Diagnostics> {
        let out = Writer::memory();
        let rendered = render_documents(self.render_input(options), documents, &out)?;
        let refused = out.problems();
        let (output, new_links) = out.into_parts();
        links.merge(new_links);
        let sources = crate::render::page_sources(&self.content, &rendered.locales);
        let mut problems = check_links(links, &rendered.base, &sources, &self.theme);
        problems.extend(refused);
        problems.into_result(output)
    }

    /// Renders every page, chart and data file into `out`, and checks that every internal
    /// link resolves: a broken link fails the build. For a disk writer, the caller
    /// commits the output only when this succeeds.
    pub fn build_into(
        &self,
        options: &BuildOptions,
        out: &Writer,
    ) -> Result<(Stats, BaseUrl), Diagnostics> {
        self.build_into_once(options, out).map_err(|mut problems| {
            crate::load::figures::name_emptied(&self.content, &mut problems);
            problems
        })
    }

    fn build_into_once(
        &self,
        options: &BuildOptions,
        out: &Writer,
    ) -> Result<(Stats, BaseUrl), Diagnostics> {
        let undrawn = WithoutPngs(out);
        let sink: &dyn Sink = if options.skip_pngs { &undrawn } else { out };
        let rendered = if options.search {
            let collector = crate::search::Collector::new(sink);
            let rendered = render_site(self.render_input(options), &collector)?;
            let previous = |path: &str| out.previous(path);
            match crate::search::index_files(&collector.into_pages(), &rendered.base, &previous) {
                Ok(files) => files
                    .into_iter()
                    .for_each(|(path, bytes)| out.add(path, bytes)),
                Err(error) => {
                    return Err(Diagnostic::new("search index", format!("{error:#}"))
                        .hint("this is a bug in jaarverslag: please report it with this message")
                        .into())
                }
            }
            rendered
        } else {
            render_site(self.render_input(options), sink)?
        };
        let sources = crate::render::page_sources(&self.content, &rendered.locales);
        let mut problems = check_links(&out.index(), &rendered.base, &sources, &self.theme);
        // A second file at one path (the last line of defence: validate names both
        // sources) fails the build, whatever the writer.
        problems.extend(out.problems());
        if problems.is_empty() {
            // The last file: the list of them all, for the next build (write/foreign.rs).
            out.add_file_list();
        }
        problems.into_result((rendered.stats, rendered.base))
    }

    /// What the renderer is given: the site's parts, not the site.
    fn render_input<'a>(&'a self, options: &'a BuildOptions) -> RenderInput<'a> {
        RenderInput {
            content: &self.content,
            data: &self.data,
            theme: &self.theme,
            base_url: options.base_url.as_deref(),
        }
    }
}

/// Every problem `build` would report for the site at `root`, in the order it prints
/// them, found in memory: what load and validate find ([`Site::load`]) and, when they
/// pass, what rendering and the link check find. It keeps no page, draws no PNG and
/// builds no search index (a links-only [`Writer`]), so a test of a content error runs in
/// milliseconds instead of a whole build; empty when the site would build. The output
/// folder's own checks (what may be replaced) are `build`'s alone.
pub fn problems(root: &Path, options: &BuildOptions) -> Diagnostics {
    let site = match Site::load(root) {
        Ok(site) => site,
        Err(problems) => return problems,
    };
    let options = BuildOptions {
        search: false,
        ..options.clone()
    };
    match site.build_into(&options, &Writer::links_only()) {
        Ok(_) => Diagnostics::default(),
        Err(problems) => problems,
    }
}

/// A site built into its output folder: what [`publish`] did.
#[derive(Debug)]
pub struct Published {
    pub stats: Stats,
    /// Files in the site, and their bytes.
    pub files: usize,
    pub bytes: usize,
    pub written: WriteStats,
    /// When loading (with validation) and rendering (with the link check) ended.
    pub loaded: Duration,
    pub rendered: Duration,
    /// The loaded site: freeing it piece by piece only delays the exit of `build` (5k
    /// site: about 50 ms of 675), which forgets it instead.
    pub site: Site,
}

/// Why [`publish`] left the output folder as it was.
#[derive(Debug)]
pub enum NotPublished {
    /// Errors in the content (loading, rendering, the link check): nothing was written.
    Content(Diagnostics),
    /// The output folder could not be taken (see [`crate::write::Refused`]) or written.
    Output(anyhow::Error),
}

/// What [`publish`] tells besides its outcome, in the order `build` prints it.
#[derive(Debug)]
pub struct Publishing {
    /// What the checks found doubtful but not wrong, whether or not the site loaded.
    pub warnings: Diagnostics,
    /// What the user should know that is no error ([`Writer::notes`]).
    pub notes: Vec<String>,
    pub outcome: Result<Published, NotPublished>,
}

/// `jaarverslag build` after its checks of the command line: loads the site at `root`,
/// renders it into a disk writer for `output_dir` (the side folder), runs the link check
/// and, when everything passed, swaps the new site in. The output folder holds the old
/// site or the new one whatever happens.
pub fn publish(root: &Path, output_dir: &Path, options: &BuildOptions) -> Publishing {
    let started = Instant::now();
    let (site, warnings) = Site::load_with_warnings(root);
    let mut publishing = Publishing {
        warnings,
        notes: Vec::new(),
        outcome: Err(NotPublished::Content(Diagnostics::default())),
    };
    let site = match site {
        Ok(site) => site,
        Err(problems) => {
            publishing.outcome = Err(NotPublished::Content(problems));
            return publishing;
        }
    };
    let loaded = started.elapsed();
    // Files go to disk as they are made, into the side folder; the output folder is
    // swapped only when the whole build, link check included, succeeded.
    let out = match Writer::disk(output_dir, root) {
        Ok(out) => out,
        Err(error) => {
            publishing.outcome = Err(NotPublished::Output(error));
            return publishing;
        }
    };
    publishing.notes = out.notes().to_vec();
    publishing.outcome = match site.build_into(options, &out) {
        Err(problems) => Err(NotPublished::Content(problems)),
        Ok((stats, _)) => {
            let rendered = started.elapsed();
            let (files, bytes) = (out.len(), out.total_bytes());
            out.commit()
                .map(|written| Published {
                    stats,
                    files,
                    bytes,
                    written,
                    loaded,
                    rendered,
                    site,
                })
                .map_err(NotPublished::Output)
        }
    };
    publishing
}

/// `jaarverslag check`: the site loaded and built into a links-only writer (nothing
/// kept, no PNG, no search index), every link checked. The pages and files counted, or
/// every error; the warnings either way.
pub fn check(root: &Path) -> (Result<(Stats, usize), Diagnostics>, Diagnostics) {
    let (site, warnings) = Site::load_with_warnings(root);
    let out = Writer::links_only();
    let built = site.and_then(|site| site.build_into(&BuildOptions::default(), &out));
    (built.map(|(stats, _)| (stats, out.len())), warnings)
}

/// A build's files without its PNGs drawn ([`BuildOptions::skip_pngs`]).
struct WithoutPngs<'a>(&'a Writer);

impl Sink for WithoutPngs<'_> {
    fn add(&self, path: String, bytes: Vec<u8>) {
        self.0.add(path, bytes);
    }

    fn add_shared(&self, path: String, bytes: Vec<u8>) {
        self.0.add_shared(path, bytes);
    }

    fn add_png(&self, path: String, _svg: String, _scale: u32) {
        self.0.add_png_undrawn(path);
    }
}

/// The build's writer is where the renderer puts its files.
impl Sink for Writer {
    fn add(&self, path: String, bytes: Vec<u8>) {
        Writer::add(self, path, bytes);
    }

    fn add_shared(&self, path: String, bytes: Vec<u8>) {
        Writer::add_shared(self, path, bytes);
    }

    fn add_png(&self, path: String, svg: String, scale: u32) {
        Writer::add_png(self, path, svg, scale);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> tempfile::TempDir {
        crate::test_support::fixture(name, &[])
    }

    fn append(root: &Path, rel: &str, text: &str) -> PathBuf {
        let path = root.join(rel);
        let old = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, format!("{old}{text}")).unwrap();
        path
    }

    #[test]
    fn a_partial_rebuild_makes_what_a_whole_build_makes() {
        let tmp = fixture("bilingual");
        let root = tmp.path();
        let options = BuildOptions::default();
        let mut site = Site::load(root).unwrap();
        let built = site.build(&options).unwrap();
        let (mut output, mut links) = (built.output, built.links);

        // New words, a new heading (the table of contents and the ids change) and a link
        // to it from another document, in both languages and every kind of document.
        let edits = [
            (
                "content/years/2020/report.md",
                "\n## Een nieuwe kop\n\nMeer tekst.\n",
            ),
            ("content/years/2020/report.fr.md", "\n## Un nouveau titre\n"),
            (
                "content/publications/cijfers-2017.md",
                "\nZie [de nieuwe kop](/2020/#een-nieuwe-kop).\n",
            ),
            ("content/pages/over.md", "\nNog een zin.\n"),
            ("content/pages/over.fr.md", "\nEncore une phrase.\n"),
        ];
        let mut documents = Vec::new();
        for (rel, text) in edits {
            let path = append(root, rel, text);
            documents.push(site.content.reload_body(root, &path).expect(rel));
        }
        let pages = site
            .rebuild_documents(&options, &documents, &mut links)
            .unwrap();
        // The year, the publication and the page, in each language they exist in; the
        // year page makes its bar charts' pages for other sites too.
        let made: Vec<&str> = pages
            .files()
            .map(|(p, _)| p)
            .filter(|p| p.ends_with(".html"))
            .collect();
        assert_eq!(
            made,
            [
                "2020/index.html",
                "fr/2020/index.html",
                "fr/graphiques/annee-2020-online-1.html",
                "fr/over/index.html",
                "grafieken/jaar-2020-online-1.html",
                "over/index.html",
                "publicaties/cijfers-2017/index.html",
            ],
            "{made:?}"
        );
        output.replace_from(pages);

        let whole = Site::load(root).unwrap().build(&options).unwrap();
        assert_eq!(output.len(), whole.output.len());
        for (path, bytes) in whole.output.files() {
            assert!(output.get(path) == Some(bytes), "{path} differs");
        }
    }

    #[test]
    fn without_pngs_the_images_are_known_but_not_made() {
        let tmp = fixture("basic");
        let site = Site::load(tmp.path()).unwrap();
        let whole = site.build(&BuildOptions::default()).unwrap();
        let quick = site
            .build(&BuildOptions {
                skip_pngs: true,
                ..BuildOptions::default()
            })
            .unwrap();
        let pngs: Vec<&str> = whole
            .output
            .paths()
            .filter(|p| p.ends_with(".png"))
            .collect();
        assert!(pngs.len() > 10, "{pngs:?}");
        // No PNG made, every other file the same; the link check knew the PNGs' paths.
        assert!(quick.output.paths().all(|p| !p.ends_with(".png")));
        assert_eq!(quick.output.len(), whole.output.len() - pngs.len());
        for (path, bytes) in quick.output.files() {
            assert!(whole.output.get(path) == Some(bytes), "{path} differs");
        }
        for png in pngs {
            assert!(quick.links.contains(png), "{png}");
        }
    }

    #[test]
    fn a_broken_link_in_a_partial_rebuild_fails_it() {
        let tmp = fixture("basic");
        let root = tmp.path();
        let options = BuildOptions::default();
        let mut site = Site::load(root).unwrap();
        let mut links = site.build(&options).unwrap().links;
        let path = append(root, "content/years/2020/report.md", "\n[weg](/nergens/)\n");
        let document = site.content.reload_body(root, &path).unwrap();
        let problems = site
            .rebuild_documents(&options, &[document], &mut links)
            .unwrap_err();
        assert!(problems.to_string().contains("/nergens/"), "{problems}");
    }

    #[test]
    fn a_new_front_matter_needs_a_whole_build() {
        let tmp = fixture("basic");
        let root = tmp.path();
        let mut site = Site::load(root).unwrap();
        let path = root.join("content/years/2020/report.md");
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replacen("title: ", "title: Nieuw: ", 1)).unwrap();
        assert_eq!(site.content.reload_body(root, &path), None);
        // Nor is a file that is not a known document, or one that went.
        assert_eq!(
            site.content
                .reload_body(root, &root.join("content/site.yaml")),
            None
        );
        std::fs::remove_file(&path).unwrap();
        assert_eq!(site.content.reload_body(root, &path), None);
    }
}
