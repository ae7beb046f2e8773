//! What the server serves at one moment ([`Snapshot`]), and how a rebuild replaces it.
//!
//! Request threads take the current snapshot (an `Arc`, so the lock is held for a pointer
//! copy) and answer from it; a rebuild makes a whole new snapshot and swaps it in. A
//! request therefore never sees half of one build and half of another.

use super::events::Clients;
use crate::diagnostics::{relative, Diagnostic, Diagnostics};
use crate::output::LinkIndex;
use crate::output::Output;
use crate::raster::Rasterizer;
use crate::site::{BuildOptions, Site};
use crate::urls::BaseUrl;
use std::any::Any;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, RwLock, TryLockError};
use std::time::{Duration, Instant};

/// One build as the server shows it.
#[derive(Debug)]
pub struct Snapshot {
    /// The last good build; `None` until a build succeeds.
    pub output: Option<Arc<Output>>,
    /// Where the site lives on this server: `/`, or the configured base_url's path such as
    /// `/jaarverslag/`.
    pub base_path: String,
    /// The latest build's errors, when it failed.
    pub problems: Option<Diagnostics>,
    /// Counts builds, so that a page can tell whether it is out of date.
    pub generation: u64,
}

/// Everything the request threads and the watcher share.
pub struct Shared {
    /// The site's folder, canonical.
    pub root: PathBuf,
    /// `http://127.0.0.1:1111`: the pages' base URL is this plus the base path.
    pub origin: String,
    /// The open live-reload streams.
    pub clients: Clients,
    /// Draws a PNG when one is asked for (made at the first).
    pub raster: OnceLock<Rasterizer>,
    /// The PNGs drawn so far, kept.
    pub pngs: super::pngs::Pngs,
    snapshot: RwLock<Arc<Snapshot>>,
    /// What made the last good build; only the rebuild thread uses it.
    preview: Mutex<Option<Preview>>,
}

/// The last good build's site, with its links, so that an edit to the body of a report,
/// publication or page re-renders only that document's pages.
struct Preview {
    site: Site,
    options: BuildOptions,
    base_path: String,
    links: LinkIndex,
}

impl Shared {
    pub fn new(root: PathBuf, origin: String) -> Shared {
        Shared {
            root,
            origin,
            clients: Clients::default(),
            raster: OnceLock::new(),
            pngs: super::pngs::Pngs::default(),
            snapshot: RwLock::new(Arc::new(Snapshot {
                output: None,
                base_path: "/".to_string(),
                problems: None,
                generation: 0,
            })),
            preview: Mutex::new(None),
        }
    }

    pub fn snapshot(&self) -> Arc<Snapshot> {
        // A panic elsewhere while holding the lock cannot leave a half-written `Arc`
        // behind, so a poisoned lock is still good to read.
        let guard = self.snapshot.read().unwrap_or_else(|e| e.into_inner());
        Arc::clone(&guard)
    }

    pub(super) fn replace(&self, next: Snapshot) {
        let mut guard = self.snapshot.write().unwrap_or_else(|e| e.into_inner());
        *guard = Arc::new(next);
    }
}

/// What a build gives: the output and, for a partial rebuild, how many pages it made.
type Built = Result<(Output, Option<usize>), Diagnostics>;

/// Builds the site again without showing the result: [`Rebuilt::publish`] shows it, and
/// dropping it leaves the pages and the terminal as they were (the watcher drops a failed
/// build that read a file while it was being saved).
///
/// When every changed file is a document whose front matter did not change, only that
/// document's pages are made again (its words show nowhere else); anything else, or any
/// problem on that path, makes a whole build, which also reports the errors.
pub fn build(shared: &Shared, changed: &[PathBuf]) -> Rebuilt {
    build_with(shared, changed, |preview, previous| {
        let partial = match (preview.as_mut(), &previous.output) {
            (Some(p), Some(output)) if previous.problems.is_none() => {
                rebuild_documents(p, &shared.root, changed, output)
            }
            _ => None,
        };
        match partial {
            Some((output, pages)) => Ok((output, Some(pages))),
            None => {
                *preview = None;
                build_preview(&shared.root, &shared.origin).map(|(output, next)| {
                    *preview = Some(next);
                    (output, None)
                })
            }
        }
    })
}

/// [`build`] on a thread of its own, given up after `budget`: a template that loops
/// without end (two nested `range(end=100000)`) held the rebuild thread for good, so no
/// later save was picked up (issue 26, case 8). A build given up is a failed build, with
/// an error on every page; its thread, which cannot be stopped, is left to finish or to
/// end with the process (it holds the kept site, so the next builds build from scratch).
pub fn build_within(shared: &Arc<Shared>, changed: &[PathBuf], budget: Duration) -> Rebuilt {
    let (done, result) = std::sync::mpsc::channel();
    let spawned = {
        let shared = Arc::clone(shared);
        let changed = changed.to_vec();
        std::thread::Builder::new()
            .name("serve-build".into())
            .spawn(move || {
                // The receiver is gone when the build was given up: nothing to tell.
                let _ = done.send(build(&shared, &changed));
            })
    };
    if spawned.is_err() {
        return build(shared, changed);
    }
    match result.recv_timeout(budget) {
        Ok(built) => built,
        Err(_) => build_with(shared, changed, |_, _| {
            Err(too_long(shared, changed, budget))
        }),
    }
}

/// The error of a build given up after `budget`.
fn too_long(shared: &Shared, changed: &[PathBuf], budget: Duration) -> Diagnostics {
    let file = changed
        .first()
        .map(|path| relative(&shared.root, path))
        .filter(|path| !path.as_os_str().is_empty())
        .unwrap_or_else(|| PathBuf::from("content"));
    Diagnostic::new(
        file,
        format!(
            "the build took longer than {} seconds and was given up",
            budget.as_secs_f64()
        ),
    )
    .hint(
        "a template or text that makes a very great many things (a loop in a loop of \
         thousands) never ends: undo your last change. The last good site stays on screen. \
         If the site is simply that large, start serve with a longer --rebuild-timeout",
    )
    .into()
}

/// A build made and not shown yet.
#[must_use = "a build shows nothing until it is published"]
pub struct Rebuilt {
    next: Snapshot,
    /// What the terminal is told when it is published.
    news: News,
}

enum News {
    Built {
        changed: Vec<PathBuf>,
        files: usize,
        pages: Option<usize>,
        elapsed: u128,
    },
    Failed {
        had_output: bool,
        elapsed: u128,
    },
}

impl Rebuilt {
    /// The build failed: publishing it shows its errors over the last good site.
    pub fn failed(&self) -> bool {
        matches!(self.news, News::Failed { .. })
    }

    /// Swaps the build in, tells the terminal, and tells the open pages to reload.
    ///
    /// Only the rebuild thread builds and publishes, one build at a time, so the snapshot
    /// this build started from is still the current one.
    pub fn publish(self, shared: &Shared) {
        match &self.news {
            News::Built {
                changed,
                files,
                pages,
                elapsed,
            } => report_success(&shared.root, changed, *files, *pages, *elapsed),
            News::Failed {
                had_output,
                elapsed,
            } => {
                if let Some(problems) = &self.next.problems {
                    report_failure(problems, *had_output, *elapsed);
                }
            }
        }
        let generation = self.next.generation;
        shared.replace(self.next);
        shared.clients.reload(generation);
    }
}

/// One build with `build`, which gets the last good build's site (if any) and the
/// snapshot being replaced. A panic in `build` is a failed build like any other: its
/// message goes on every page and in the terminal, the last good output stays, and the
/// next save builds again (from scratch: the site kept for quick rebuilds may be half
/// updated).
fn build_with(
    shared: &Shared,
    changed: &[PathBuf],
    build: impl FnOnce(&mut Option<Preview>, &Snapshot) -> Built,
) -> Rebuilt {
    let started = Instant::now();
    let previous = shared.snapshot();
    // Held by a build that was given up (see [`build_within`]) and still runs: this build
    // goes without the kept site, and keeps none.
    let mut own = None;
    let mut held = match shared.preview.try_lock() {
        Ok(guard) => Some(guard),
        Err(TryLockError::Poisoned(e)) => Some(e.into_inner()),
        Err(TryLockError::WouldBlock) => None,
    };
    let preview: &mut Option<Preview> = match held.as_mut() {
        Some(guard) => guard,
        None => &mut own,
    };
    let result = catch_unwind(AssertUnwindSafe(|| build(&mut *preview, &previous))).unwrap_or_else(
        |panic| {
            *preview = None;
            Err(internal_error(&shared.root, changed, panic.as_ref()))
        },
    );
    let elapsed = started.elapsed().as_millis();
    let generation = previous.generation + 1;
    match result {
        Ok((output, pages)) => Rebuilt {
            news: News::Built {
                changed: changed.to_vec(),
                files: output.len(),
                pages,
                elapsed,
            },
            next: Snapshot {
                output: Some(Arc::new(output)),
                base_path: preview
                    .as_ref()
                    .map_or_else(|| previous.base_path.clone(), |p| p.base_path.clone()),
                problems: None,
                generation,
            },
        },
        Err(problems) => {
            // The old output's links use the old base path, so it stays; without any
            // output, the error page goes where the site would be.
            let base_path = match &previous.output {
                Some(_) => previous.base_path.clone(),
                None => configured_base_path(&shared.root),
            };
            Rebuilt {
                news: News::Failed {
                    had_output: previous.output.is_some(),
                    elapsed,
                },
                next: Snapshot {
                    output: previous.output.clone(),
                    base_path,
                    problems: Some(problems),
                    generation,
                },
            }
        }
    }
}

/// A build that stopped on a panic, as an error for the page and the terminal. It names
/// the file whose change set it off (the content folder for the first build).
fn internal_error(root: &Path, changed: &[PathBuf], panic: &(dyn Any + Send)) -> Diagnostics {
    let message = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".to_string());
    let file = changed
        .first()
        .map(|path| relative(root, path))
        // The watcher lost events and named the whole site.
        .filter(|path| !path.as_os_str().is_empty())
        .unwrap_or_else(|| PathBuf::from("content"));
    Diagnostic::new(
        file,
        format!("the build stopped on an internal error: {message}; please report it"),
    )
    .hint(
        "this is a fault in jaarverslag, not something you did wrong. The last good site \
         stays on screen; undo your last change to go on, and send this message to whoever \
         maintains jaarverslag",
    )
    .into()
}

/// The quick path: the site with the changed documents' new bodies, their pages made
/// again and every link checked again. Returns the new output and how many pages were
/// made, or `None` when a whole build is needed. On `None`, `preview` may be half
/// updated: the caller drops it.
fn rebuild_documents(
    preview: &mut Preview,
    root: &Path,
    changed: &[PathBuf],
    output: &Output,
) -> Option<(Output, usize)> {
    if changed.is_empty() {
        return None;
    }
    let mut documents = Vec::new();
    for path in changed {
        if path.extension().and_then(|e| e.to_str()) != Some("md") {
            return None;
        }
        documents.push(preview.site.content.reload_body(root, path)?);
    }
    let pages = preview
        .site
        .rebuild_documents(&preview.options, &documents, &mut preview.links)
        .ok()?;
    // The pages made again: each is a folder's index.html (`Locale::file`); a year page
    // also makes its bar charts' pages for other sites (`grafieken/<name>.html`), which
    // are files of its charts, not pages of the site.
    let made = pages
        .files()
        .filter(|(p, _)| *p == "index.html" || p.ends_with("/index.html"))
        .count();
    let mut next = output.clone();
    next.replace_from(pages);
    Some((next, made))
}

/// Loads and builds the site for this server: its base URL is the server's origin with
/// the configured base_url's path, so every link stays inside the preview.
fn build_preview(root: &Path, origin: &str) -> Result<(Output, Preview), Diagnostics> {
    let site = Site::load(root)?;
    let configured = BaseUrl::parse(&site.content.config.base_url).map_err(|message| {
        Diagnostic::new(site.content.config_path.clone(), message)
            .hint("e.g. https://example.org/annual-report/")
    })?;
    let options = BuildOptions {
        base_url: Some(format!("{origin}{}", configured.path)),
        // The preview makes no search index: it would cost every save about 0.3 s on
        // the real site. Its search form says that search is not available.
        search: false,
        ..BuildOptions::default()
    };
    let built = site.build(&options)?;
    Ok((
        built.output,
        Preview {
            site,
            options,
            base_path: configured.path,
            links: built.links,
        },
    ))
}

/// The base path from site.yaml, read leniently: for the error page of a site that has
/// never built, whose site.yaml may well be the broken file. `/` when it cannot be read.
fn configured_base_path(root: &Path) -> String {
    /// Only the key wanted; the others, and their mistakes, are the build's to report.
    #[derive(serde::Deserialize)]
    struct BaseUrlOnly {
        base_url: String,
    }
    let text = crate::load::read_text(root, &root.join("content/site.yaml")).unwrap_or_default();
    crate::load::yaml::parse_leniently::<BaseUrlOnly>(&text)
        .and_then(|config| BaseUrl::parse(&config.base_url).ok())
        .map_or_else(|| "/".to_string(), |base| base.path)
}

fn report_success(
    root: &Path,
    changed: &[PathBuf],
    files: usize,
    pages: Option<usize>,
    elapsed: u128,
) {
    if changed.is_empty() {
        println!("Built {files} files in {elapsed} ms.");
        return;
    }
    const SHOWN: usize = 3;
    let mut names: Vec<String> = changed
        .iter()
        .take(SHOWN)
        .map(|p| match p.strip_prefix(root) {
            // The watcher lost events and reported the whole site.
            Ok(relative) if relative.as_os_str().is_empty() => "everything".to_string(),
            _ => p.strip_prefix(root).unwrap_or(p).display().to_string(),
        })
        .collect();
    if changed.len() > SHOWN {
        names.push(format!("and {} more", changed.len() - SHOWN));
    }
    let only = match pages {
        Some(1) => " (1 page)".to_string(),
        Some(n) => format!(" ({n} pages)"),
        None => String::new(),
    };
    println!("Rebuilt in {elapsed} ms{only}: {}", names.join(", "));
}

fn report_failure(problems: &Diagnostics, has_output: bool, elapsed: u128) {
    eprint!("{problems}");
    if has_output {
        eprintln!(
            "Build failed in {elapsed} ms. Still serving the last good build; every page \
             shows these errors."
        );
    } else {
        eprintln!(
            "Build failed in {elapsed} ms. Nothing to serve yet; the pages show these errors \
             until they are fixed."
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 26, case 8: a build that runs past its budget is given up with an error, and
    /// the next build goes on while the one given up still holds the kept site.
    #[test]
    fn a_build_past_its_budget_is_given_up_and_the_next_goes_on() {
        let home = include_str!("../../templates/home.html");
        // Millions of steps: seconds in a debug build, and it does end. In the home page
        // only (one page of the basic site): in base.html every page ran them, and the
        // build given up kept a core busy for 20 s after the test.
        let slow = home.replacen(
            "{% endblock content %}",
            "{% for i in range(end=3000) %}{% for j in range(end=3000) %}{% endfor %}{% endfor %}{% endblock content %}",
            1,
        );
        let tmp = crate::test_support::fixture("basic", &[("templates/home.html", &slow)]);
        let root = tmp.path().canonicalize().unwrap();
        let shared = Arc::new(Shared::new(root.clone(), "http://127.0.0.1:1".into()));
        let template = root.join("templates/home.html");
        let started = Instant::now();
        let built = build_within(
            &shared,
            std::slice::from_ref(&template),
            Duration::from_millis(200),
        );
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{:?}",
            started.elapsed()
        );
        assert!(built.failed());
        let problems = built.next.problems.as_ref().unwrap().to_string();
        assert!(
            problems.contains(
                "templates/home.html: the build took longer than 0.2 seconds and was given up"
            ),
            "{problems}"
        );
        assert!(problems.contains("--rebuild-timeout"), "{problems}");
        built.publish(&shared);
        // Fixed: built, though the build given up may still be running.
        std::fs::write(&template, home).unwrap();
        let built = build_within(&shared, &[template], Duration::from_secs(120));
        assert!(!built.failed(), "{:?}", built.next.problems);
    }

    #[test]
    fn the_base_path_of_a_broken_site_is_read_leniently() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        assert_eq!(configured_base_path(dir.path()), "/");
        std::fs::write(
            dir.path().join("content/site.yaml"),
            "base_url: https://example.org/rapport\nthemes: [unknown: {",
        )
        .unwrap();
        // Not YAML at all: falls back to the root.
        assert_eq!(configured_base_path(dir.path()), "/");
        std::fs::write(
            dir.path().join("content/site.yaml"),
            "base_url: https://example.org/rapport\nnot_a_field: 1\n",
        )
        .unwrap();
        assert_eq!(configured_base_path(dir.path()), "/rapport/");
    }

    fn page(shared: &Shared, path: &str) -> Option<String> {
        let output = shared.snapshot().output.clone()?;
        Some(String::from_utf8(output.get(path)?.to_vec()).unwrap())
    }

    fn site(text: &str) -> Built {
        let mut output = Output::default();
        output.add("index.html", text).unwrap();
        Ok((output, None))
    }

    #[test]
    fn a_panic_in_a_build_is_a_failed_build_and_the_next_build_runs() {
        let dir = tempfile::tempdir().unwrap();
        let shared = Shared::new(dir.path().to_path_buf(), "http://127.0.0.1:1".into());
        let report = dir.path().join("content/years/2020/report.md");
        build_with(&shared, &[], |_, _| site("first")).publish(&shared);
        assert_eq!(page(&shared, "index.html").as_deref(), Some("first"));

        build_with(&shared, std::slice::from_ref(&report), |_, _| {
            let years: Vec<u32> = Vec::new();
            panic!("no year {}", years.len())
        })
        .publish(&shared);
        let snapshot = shared.snapshot();
        let problems = snapshot.problems.as_ref().expect("the panic as an error");
        let problem = problems.iter().next().unwrap();
        assert_eq!(
            problem.message,
            "the build stopped on an internal error: no year 0; please report it"
        );
        assert_eq!(problem.file, Path::new("content/years/2020/report.md"));
        assert!(problem.hint.as_deref().unwrap().contains("last good site"));
        assert_eq!(snapshot.generation, 2);
        // The last good build is still served.
        assert_eq!(page(&shared, "index.html").as_deref(), Some("first"));

        // A panic with a constant message, on the first build's path.
        build_with(&shared, &[], |_, _| panic!("stopped")).publish(&shared);
        let snapshot = shared.snapshot();
        let problem = snapshot.problems.as_ref().unwrap().iter().next().unwrap();
        assert!(problem.message.contains("internal error: stopped;"));
        assert_eq!(problem.file, Path::new("content"));

        // The next save builds again, from scratch.
        build_with(&shared, std::slice::from_ref(&report), |preview, _| {
            assert!(preview.is_none(), "the half-updated site was dropped");
            site("second")
        })
        .publish(&shared);
        assert!(shared.snapshot().problems.is_none());
        assert_eq!(shared.snapshot().generation, 4);
        assert_eq!(page(&shared, "index.html").as_deref(), Some("second"));
    }

    #[test]
    fn a_build_shows_nothing_until_it_is_published() {
        let dir = tempfile::tempdir().unwrap();
        let shared = Shared::new(dir.path().to_path_buf(), "http://127.0.0.1:1".into());
        let report = dir.path().join("content/years/2020/report.md");
        build_with(&shared, &[], |_, _| site("first")).publish(&shared);
        assert_eq!(shared.snapshot().generation, 1);

        let failed = build_with(&shared, std::slice::from_ref(&report), |_, _| {
            Err(Diagnostic::new("content/years/2020/report.md", "half saved").into())
        });
        assert!(failed.failed());
        // Not published yet: the pages still show the last good build, without errors.
        assert!(shared.snapshot().problems.is_none());
        drop(failed);
        let snapshot = shared.snapshot();
        assert!(snapshot.problems.is_none());
        assert_eq!(snapshot.generation, 1);
        assert_eq!(page(&shared, "index.html").as_deref(), Some("first"));

        let good = build_with(&shared, std::slice::from_ref(&report), |_, _| {
            site("second")
        });
        assert!(!good.failed());
        assert_eq!(page(&shared, "index.html").as_deref(), Some("first"));
        good.publish(&shared);
        assert_eq!(shared.snapshot().generation, 2);
        assert_eq!(page(&shared, "index.html").as_deref(), Some("second"));
    }
}
