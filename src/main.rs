//! The `jaarverslag` command line.

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use jaarverslag::site::{self, BuildOptions, NotPublished};
use jaarverslag::write::{Refused, Writer};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

// A build allocates many small strings on every thread; glibc's malloc spent a fifth of
// the time of a 2,000-page build in its own locks and bookkeeping.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Builds a multi-year annual report as a static website: Markdown and YAML figures in,
/// accessible pages with SVG trend charts out.
#[derive(Debug, Parser)]
#[command(name = "jaarverslag", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the site into the output folder (public/ by default).
    Build(BuildArgs),
    /// Build the site in memory (writing nothing) and report broken links, numbers in
    /// the prose that disagree with the data, and gaps in the content.
    Check {
        /// The site's folder (the one that holds content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Fail on warnings too: every warning counts as an error (exit code 1).
        #[arg(long)]
        strict: bool,
    },
    /// Preview the site in a browser, rebuilding and reloading on every change.
    Serve {
        /// The site's folder (the one that holds content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The address to listen on; another interface only when asked.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// The port; by default 1111, or a free one if 1111 is taken.
        #[arg(long)]
        port: Option<u16>,
        /// Seconds a rebuild may take before it is given up with an error on the pages
        /// (a template that loops without end would otherwise stop every later rebuild).
        #[arg(long, default_value_t = 60.0)]
        rebuild_timeout: f64,
    },
    /// Build the site in memory and print, page by page, every sentence, figure, change
    /// and chart description that differs from OLD, an earlier output folder (e.g. the
    /// published site), and the pages added and removed. It reports and does not judge:
    /// exit code 0 whatever differs.
    Diff {
        /// The earlier output folder to compare with.
        old: PathBuf,
        /// The site's folder (the one that holds content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The base URL OLD was built with, when not site.yaml's (`build --base-url`).
        #[arg(long)]
        base_url: Option<String>,
    },
    /// The site's figures: `figures export FILE.xlsx`.
    Figures {
        #[command(subcommand)]
        action: FiguresCommand,
    },
    /// Make a new site in DIR (a new or empty folder), in your language: an example
    /// metric, year and about page that build and pass `check --strict` as they are, and
    /// a GitHub Pages workflow that publishes it.
    Init {
        /// The folder to make the site in; it must not hold anything yet.
        dir: PathBuf,
        /// The site's language: nl, fr, en, de, or any other code (es, en-GB, pt-BR),
        /// which gets its own language file to translate.
        #[arg(long)]
        language: String,
        /// The site's title (by default "<organisation> in figures", in the language).
        #[arg(long)]
        title: Option<String>,
        /// The organisation's name (by default the folder's name).
        #[arg(long)]
        organisation: Option<String>,
    },
    /// Create a new year: content/years/<YEAR>/ with report.md and figures.yaml.
    New {
        /// The year, four digits.
        year: String,
        /// The site's folder (the one that holds content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
enum FiguresCommand {
    /// Write every figure of the site (from figures.yaml or a spreadsheet) into FILE, an
    /// .xlsx workbook in the layout content/figures.xlsx is read in (README, "Figures in
    /// a spreadsheet"). FILE must not exist yet.
    Export {
        /// The workbook to write, e.g. figures.xlsx.
        file: PathBuf,
        /// The site's folder (the one that holds content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

#[derive(Debug, clap::Args)]
struct BuildArgs {
    /// The site's folder (the one that holds content/).
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Where to write the site; relative to --root. The previous output stays untouched
    /// until the new one is complete. It must not exist yet, be empty, or be a folder
    /// jaarverslag made (it holds a .jaarverslag file): anything else is refused.
    #[arg(long, default_value = "public")]
    output_dir: PathBuf,
    /// Overrides base_url from site.yaml, e.g. https://example.org/jaarverslag/
    #[arg(long)]
    base_url: Option<String>,
    /// Where to keep what is expensive to make (PNGs, the search index) between builds;
    /// relative to --root. Default: $JAARVERSLAG_CACHE_DIR, else .jaarverslag-cache
    /// beside content/. Safe to delete.
    #[arg(long)]
    cache_dir: Option<PathBuf>,
    /// Build without the cache: make everything anew, and keep nothing.
    #[arg(long, conflicts_with = "cache_dir")]
    no_cache: bool,
}

/// A failure whose message was already printed in full (the content errors).
#[derive(Debug)]
struct Reported;

impl std::fmt::Display for Reported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the build failed")
    }
}

impl std::error::Error for Reported {}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            if error.downcast_ref::<Reported>().is_none() {
                eprintln!(
                    "error: {}",
                    jaarverslag::diagnostics::shown_lines(&format!("{error:#}"))
                );
            }
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Build(args) => build(args),
        Command::Check { root, strict } => check(&root, strict),
        Command::Serve {
            root,
            bind,
            port,
            rebuild_timeout,
        } => jaarverslag::serve::serve(&jaarverslag::serve::ServeOptions {
            root,
            bind,
            port,
            header_timeout: header_timeout()?,
            rebuild_timeout: std::time::Duration::try_from_secs_f64(rebuild_timeout)
                .ok()
                .filter(|t| !t.is_zero())
                .ok_or_else(|| {
                    anyhow::anyhow!("--rebuild-timeout is a number of seconds above 0")
                })?,
        }),
        Command::Diff {
            old,
            root,
            base_url,
        } => match jaarverslag::diff::diff(&root, &old, base_url.as_deref()) {
            Ok(report) => {
                print!("{report}");
                Ok(())
            }
            Err(jaarverslag::diff::Failure::Content(problems)) => {
                eprint!("{problems}");
                Err(Reported.into())
            }
            Err(jaarverslag::diff::Failure::Old(error)) => Err(error),
        },
        Command::Figures {
            action: FiguresCommand::Export { file, root },
        } => export_figures(&root, &file),
        Command::Init {
            dir,
            language,
            title,
            organisation,
        } => {
            let options = jaarverslag::init::InitOptions {
                dir: dir.clone(),
                language,
                title,
                organisation,
                year: None,
            };
            for path in jaarverslag::init::init(&options)? {
                println!(
                    "created {}",
                    jaarverslag::diagnostics::shown_path(&dir.join(path))
                );
            }
            println!(
                "Next: cd {} && jaarverslag serve (README.md says how to publish)",
                jaarverslag::diagnostics::shown_path(&dir)
            );
            Ok(())
        }
        Command::New { year, root } => {
            for path in jaarverslag::scaffold::new_year(&root, &year)? {
                println!("created {}", jaarverslag::diagnostics::shown_path(&path));
            }
            Ok(())
        }
    }
}

/// `figures export FILE`: the site's figures as a workbook; an existing FILE is never
/// replaced (it may be the team's own spreadsheet).
fn export_figures(root: &Path, file: &Path) -> Result<()> {
    if file.exists() {
        anyhow::bail!(
            "{} exists already: give another file name, or move that file away first",
            file.display()
        );
    }
    let content = match jaarverslag::load::load_content(root) {
        Ok(content) => content,
        Err(problems) => {
            eprint!("{problems}");
            return Err(Reported.into());
        }
    };
    let bytes = jaarverslag::load::sheet::export::figures_xlsx(&content)
        .map_err(|message| anyhow::anyhow!(message))?;
    let count: usize = content.years.iter().map(|y| y.figures.len()).sum();
    std::fs::write(file, bytes).with_context(|| format!("writing {}", file.display()))?;
    println!("wrote {count} figures to {}", file.display());
    Ok(())
}

/// How long `serve` waits for a request's head: `JAARVERSLAG_HEADER_TIMEOUT_MS` when it is
/// set (the tests set a short one, so that none waits seconds for it), else 5 s. Read here
/// only: the library is told through its options.
fn header_timeout() -> Result<std::time::Duration> {
    const NAME: &str = "JAARVERSLAG_HEADER_TIMEOUT_MS";
    match std::env::var(NAME) {
        Err(_) => Ok(jaarverslag::serve::HEADER_TIMEOUT),
        Ok(ms) => ms
            .trim()
            .parse::<u64>()
            .ok()
            .filter(|&ms| ms > 0)
            .map(std::time::Duration::from_millis)
            .ok_or_else(|| {
                anyhow::anyhow!(
                    "{NAME} is `{ms}`: it must be a whole number of milliseconds above 0 \
                     (or unset, for 5 seconds)"
                )
            }),
    }
}

fn build(args: BuildArgs) -> Result<()> {
    let started = Instant::now();
    let output_dir = args.root.join(&args.output_dir);
    let timings = std::env::var_os("JAARVERSLAG_TIMINGS").is_some();
    // Whether the output folder may be replaced at all is said first, before any content
    // error, and before anything is touched.
    if let Err(refused) = Writer::check_disk(&output_dir, &args.root) {
        return not_published(refused.into(), &output_dir);
    }
    if let Some(url) = &args.base_url {
        let refused = match jaarverslag::link_policy::check(url) {
            Err(refused) => Some((refused.message(url), refused.hint().to_string())),
            Ok(()) => jaarverslag::link_policy::check_base_url(url).err(),
        };
        if let Some((message, hint)) = refused {
            let message = jaarverslag::diagnostics::shown_text(&message);
            eprintln!("error: --base-url: {message}\n    hint: {hint}");
            eprintln!(
                "Nothing was written: {} is as it was.",
                jaarverslag::diagnostics::shown_path(&output_dir)
            );
            return Err(Reported.into());
        }
    }
    let options = BuildOptions {
        base_url: args.base_url.clone(),
        search: true,
        skip_pngs: false,
        cache_dir: cache_dir(&args),
    };
    let publishing = site::publish(&args.root, &output_dir, &options);
    // Warnings print on build too, before any error: everything at once.
    for w in publishing.warnings.iter() {
        eprintln!("warning: {w}");
    }
    for note in &publishing.notes {
        eprintln!("note: {note}");
    }
    let published = match publishing.outcome {
        Ok(published) => published,
        Err(NotPublished::Content(problems)) => return nothing_written(&problems, &output_dir),
        Err(NotPublished::Output(error)) => return not_published(error, &output_dir),
    };
    if timings {
        eprintln!("load+validate: {} ms", published.loaded.as_millis());
        eprintln!(
            "render+links: {} ms (cumulative)",
            published.rendered.as_millis()
        );
        eprintln!(
            "write: {} ms (cumulative); {} written, {} unchanged ({} linked from the previous \
             output), {} removed",
            started.elapsed().as_millis(),
            published.written.written,
            published.written.unchanged,
            published.written.linked,
            published.written.removed
        );
        if let Some(cache) = published.written.cache {
            eprintln!(
                "cache: {} taken, {} stored, {} dropped",
                cache.hits, cache.stored, cache.dropped
            );
        }
    }
    println!(
        "Built {} pages, {} charts, {} files ({}) in {} ms into {}",
        published.stats.pages,
        published.stats.charts,
        published.files,
        human_bytes(published.bytes),
        started.elapsed().as_millis(),
        jaarverslag::diagnostics::shown_path(&output_dir)
    );
    // The OS takes the memory back at once (see `Published::site`).
    std::mem::forget(published.site);
    Ok(())
}

/// The build cache's folder: `--cache-dir`, else `JAARVERSLAG_CACHE_DIR`, else
/// `.jaarverslag-cache` beside content/; none with `--no-cache`.
fn cache_dir(args: &BuildArgs) -> Option<PathBuf> {
    if args.no_cache {
        return None;
    }
    let dir = args
        .cache_dir
        .clone()
        .or_else(|| std::env::var_os(jaarverslag::cache::ENV).map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from(jaarverslag::cache::DEFAULT_DIR));
    Some(args.root.join(dir))
}

fn nothing_written(
    problems: &jaarverslag::diagnostics::Diagnostics,
    output_dir: &std::path::Path,
) -> Result<()> {
    eprint!("{problems}");
    eprintln!(
        "Nothing was written: {} is as it was.",
        jaarverslag::diagnostics::shown_path(output_dir)
    );
    Err(Reported.into())
}

/// A build that stopped before its swap: why, and that the output folder is as it was.
/// (An error in the swap itself is passed on as it is.)
fn not_published(error: anyhow::Error, output_dir: &std::path::Path) -> Result<()> {
    if let Some(refused) = error.downcast_ref::<Refused>() {
        eprintln!(
            "error: {}",
            jaarverslag::diagnostics::shown_lines(&refused.to_string())
        );
    } else if let Some(problems) = error.downcast_ref::<jaarverslag::diagnostics::Diagnostics>() {
        eprint!("{problems}");
    } else {
        return Err(error);
    }
    eprintln!(
        "Nothing was published: {} is as it was.",
        jaarverslag::diagnostics::shown_path(output_dir)
    );
    Err(Reported.into())
}

fn check(root: &std::path::Path, strict: bool) -> Result<()> {
    let started = Instant::now();
    // The numbers, the prose and the content are checked as the site loads (build does
    // the same); the warnings come with them, shown first, whether or not it loads.
    let (built, warnings) = site::check(root);
    let label = if strict { "error" } else { "warning" };
    for w in warnings.iter() {
        eprintln!("{label}: {w}");
    }
    let (stats, files) = match built {
        Ok(built) => built,
        Err(problems) => {
            eprint!("{problems}");
            return Err(Reported.into());
        }
    };
    let report = jaarverslag::check::Report {
        errors: Default::default(),
        warnings,
    };
    if strict && !report.warnings.is_empty() {
        let n = report.warnings.len();
        eprintln!(
            "{n} warning{} counted as error{} (--strict): fix {}, or run `check` without --strict to see {} as warnings only",
            if n == 1 { "" } else { "s" },
            if n == 1 { "" } else { "s" },
            if n == 1 { "it" } else { "them" },
            if n == 1 { "it" } else { "them" },
        );
        return Err(Reported.into());
    }
    println!(
        "Checked {} pages and {} files: no errors, {} warning{} ({} ms)",
        stats.pages,
        files,
        report.warnings.len(),
        if report.warnings.len() == 1 { "" } else { "s" },
        started.elapsed().as_millis()
    );
    Ok(())
}

fn human_bytes(n: usize) -> String {
    if n >= 1_000_000 {
        format!("{:.1} MB", n as f64 / 1_000_000.0)
    } else {
        format!("{:.1} kB", n as f64 / 1_000.0)
    }
}
