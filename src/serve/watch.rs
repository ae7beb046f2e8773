//! Watches the site's sources (`content/`, `templates/`, `static/`) and rebuilds when they
//! change.
//!
//! notify-debouncer-full merges the events of one file over a short window (a save is
//! often a create, a write and a rename). It does not wait for a burst to end, though: it
//! hands over each event once it is old enough. So the rebuild thread waits until no
//! change has come for [`SETTLE`] before it builds; an editor's swap files or twenty quick
//! saves then make one rebuild. Both windows are short, because a reload should follow a
//! save in well under 100 ms; changes made during a build make one more build after it,
//! and saves that keep coming are gathered into one (see [`BURST_GAP`]).

use super::state::{self, Rebuilt, Shared};
use anyhow::{Context as _, Result};
use notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{
    new_debouncer, DebounceEventResult, DebouncedEvent, Debouncer, RecommendedCache,
};
use std::ffi::OsStr;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The folders under the site's root whose changes change the site.
const SOURCE_DIRS: [&str; 3] = ["content", "templates", "static"];

/// How long notify-debouncer-full holds a file's events, and how often it looks. Kept
/// short: the real waiting is SETTLE's.
const DEBOUNCE: Duration = Duration::from_millis(5);
const TICK: Duration = Duration::from_millis(5);

/// A burst of changes is over after this long without one. Long enough that twenty saves
/// in a second make one rebuild (tested with one every 40 ms); short enough that a single
/// save reloads the page in under 100 ms (median 91 ms on the real site, release).
const SETTLE: Duration = Duration::from_millis(55);

/// A change that comes this soon after a rebuild means the saves go on (twenty in a
/// second, say); the rest of such a burst is gathered over a longer quiet time, so it
/// makes one more rebuild instead of one per save. The first save still reloads at once.
const BURST_GAP: Duration = Duration::from_millis(100);
const BURST_SETTLE: Duration = Duration::from_millis(150);

/// How long a failed build waits for another change before it is shown (see [`run`]). It
/// must outlast the time from a write to its change reaching the rebuild thread: measured
/// on 2 busy cores (load 7-8; 150 writes 30 ms apart, three runs), p50 13-16 ms, p99
/// 51-56 ms, max 61-82 ms. Twice SETTLE covers that; a bad save's errors show that much
/// later, which nobody notices.
const GRACE: Duration = Duration::from_millis(110);

/// How often idle live-reload streams are checked, so closed pages are let go.
const HEARTBEAT: Duration = Duration::from_secs(15);

enum Message {
    Changed(Vec<PathBuf>),
    Stop,
}

/// The running watcher; [`Watcher::stop`] ends it.
pub struct Watcher {
    messages: Sender<Message>,
    thread: JoinHandle<()>,
}

/// How long [`Watcher::stop`] waits for the rebuild thread.
const STOP_WAIT: Duration = Duration::from_millis(500);

impl Watcher {
    /// Stops watching. The rebuild thread is waited for [`STOP_WAIT`] at most, not joined:
    /// it may be waiting on a build that does not end (Ctrl-C was ignored until the process
    /// was killed; issue 26, case 8). Left behind, it ends with the process.
    pub fn stop(self) {
        // The thread may already have ended; either way it ends now.
        let _ = self.messages.send(Message::Stop);
        let deadline = Instant::now() + STOP_WAIT;
        while !self.thread.is_finished() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
        if self.thread.is_finished() {
            let _ = self.thread.join();
        }
    }
}

/// Starts watching the sources under `root` (canonical) and rebuilding into `shared`.
pub fn start(root: &Path, shared: Arc<Shared>, budget: Duration) -> Result<Watcher> {
    let (messages, received) = mpsc::channel();
    let handler = {
        let root = root.to_path_buf();
        let messages = messages.clone();
        move |result: DebounceEventResult| match result {
            Ok(events) => {
                let changed = changed_sources(&root, &events);
                if !changed.is_empty() {
                    // Fails only when the watcher is stopping.
                    let _ = messages.send(Message::Changed(changed));
                }
            }
            Err(errors) => errors.iter().for_each(|e| eprintln!("watching: {e}")),
        }
    };
    let debouncer = new_debouncer(DEBOUNCE, Some(TICK), handler)
        .context("cannot start watching the site's files")?;
    let mut sources = Sources {
        root: root.to_path_buf(),
        debouncer,
        watched: Vec::new(),
    };
    sources.start()?;
    let thread = std::thread::Builder::new()
        .name("serve-rebuild".into())
        .spawn(move || {
            let mut served = Served {
                sources,
                shared: &shared,
                budget,
            };
            run(&received, &mut served);
            served.sources.debouncer.stop();
        })
        .context("cannot start the rebuild thread")?;
    Ok(Watcher { messages, thread })
}

/// The rebuild thread: one rebuild per burst of changes, until told to stop.
///
/// A failed build is not shown at once. A save that empties a file and then writes it
/// (`std::fs::write`, and many editors) can be read by a build in between; that build fails
/// on a file that is fine a moment later. So a failed build waits [`GRACE`]: if a source
/// changed during the build or in that time, its errors may be of a half-written file, and
/// it is dropped unseen; the changes are gathered as a burst and built again. A failure
/// with no change after it is shown, GRACE later than a success would be. A good build is
/// shown at once, even if sources changed during it (one more build follows).
fn run<S: Rebuilds>(messages: &Receiver<Message>, site: &mut S) {
    let mut last_rebuild: Option<Instant> = None;
    loop {
        let mut changed = match messages.recv_timeout(HEARTBEAT) {
            Ok(Message::Changed(changed)) => changed,
            Err(RecvTimeoutError::Timeout) => {
                site.idle();
                continue;
            }
            Ok(Message::Stop) | Err(RecvTimeoutError::Disconnected) => return,
        };
        let in_burst = last_rebuild.is_some_and(|end| end.elapsed() < BURST_GAP);
        let mut quiet = if in_burst { BURST_SETTLE } else { SETTLE };
        loop {
            if !settle(messages, &mut changed, quiet) {
                return;
            }
            let built = site.build(&changed);
            if !S::failed(&built) {
                site.publish(built);
                break;
            }
            match messages.recv_timeout(GRACE) {
                Ok(Message::Changed(more)) => {
                    // Stale, and perhaps wrong: the saves go on.
                    drop(built);
                    changed.extend(more);
                    quiet = BURST_SETTLE;
                }
                Err(RecvTimeoutError::Timeout) => {
                    site.publish(built);
                    break;
                }
                Ok(Message::Stop) | Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        last_rebuild = Some(Instant::now());
    }
}

/// What the rebuild thread does with the site: [`Served`] for real, a script in the tests.
trait Rebuilds {
    type Built;
    /// Builds the site from its sources as they are now; `changed` names what changed.
    fn build(&mut self, changed: &[PathBuf]) -> Self::Built;
    fn failed(built: &Self::Built) -> bool;
    /// Shows the build on the pages and in the terminal.
    fn publish(&mut self, built: Self::Built);
    /// Called after [`HEARTBEAT`] without a change.
    fn idle(&mut self);
}

/// The served site and its watched folders.
struct Served<'a> {
    sources: Sources,
    shared: &'a Arc<Shared>,
    /// How long one build may take.
    budget: Duration,
}

impl Rebuilds for Served<'_> {
    type Built = Rebuilt;

    fn build(&mut self, changed: &[PathBuf]) -> Rebuilt {
        self.sources.refresh();
        state::build_within(self.shared, changed, self.budget)
    }

    fn failed(built: &Rebuilt) -> bool {
        built.failed()
    }

    fn publish(&mut self, built: Rebuilt) {
        built.publish(self.shared);
    }

    fn idle(&mut self) {
        self.shared.clients.ping();
    }
}

/// Collects changes until none has come for `quiet`. `false` when asked to stop.
fn settle(messages: &Receiver<Message>, changed: &mut Vec<PathBuf>, quiet: Duration) -> bool {
    loop {
        match messages.recv_timeout(quiet) {
            Ok(Message::Changed(more)) => changed.extend(more),
            Err(RecvTimeoutError::Timeout) => {
                changed.sort();
                changed.dedup();
                return true;
            }
            Ok(Message::Stop) | Err(RecvTimeoutError::Disconnected) => return false,
        }
    }
}

/// The watched folders. The root itself is watched (not recursively) so that a source
/// folder created or replaced later is watched too.
struct Sources {
    root: PathBuf,
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    watched: Vec<PathBuf>,
}

impl Sources {
    fn start(&mut self) -> Result<()> {
        self.debouncer
            .watch(&self.root, RecursiveMode::NonRecursive)
            .with_context(|| {
                format!(
                    "cannot watch {}",
                    crate::diagnostics::shown_path(&self.root)
                )
            })?;
        for dir in self.missing() {
            self.debouncer
                .watch(&dir, RecursiveMode::Recursive)
                .with_context(|| {
                    format!("cannot watch {}", crate::diagnostics::shown_path(&dir))
                })?;
            self.watched.push(dir);
        }
        Ok(())
    }

    /// Watches source folders that appeared, forgets those that went away.
    fn refresh(&mut self) {
        self.watched.retain(|dir| dir.is_dir());
        for dir in self.missing() {
            match self.debouncer.watch(&dir, RecursiveMode::Recursive) {
                Ok(()) => self.watched.push(dir),
                Err(e) => eprintln!("cannot watch {}: {e}", crate::diagnostics::shown_path(&dir)),
            }
        }
    }

    /// Source folders that exist and are not watched yet.
    fn missing(&self) -> Vec<PathBuf> {
        SOURCE_DIRS
            .iter()
            .map(|name| self.root.join(name))
            .filter(|dir| dir.is_dir() && !self.watched.contains(dir))
            .collect()
    }
}

/// The source files that `events` changed. Reads are not changes: the build itself reads
/// every source, and counting those would rebuild forever.
fn changed_sources(root: &Path, events: &[DebouncedEvent]) -> Vec<PathBuf> {
    let mut changed = Vec::new();
    for event in events {
        if event.need_rescan() {
            // Events were lost: anything may have changed.
            changed.push(root.to_path_buf());
        } else if !matches!(event.kind, EventKind::Access(_)) {
            let sources = event.paths.iter().filter(|p| is_source(root, p));
            changed.extend(sources.cloned());
        }
    }
    changed
}

/// A path in one of the source folders (or the folder itself) that the build reads: not
/// an editor's side file, nor in a hidden folder. The build skips those
/// ([`crate::walk::is_skipped`]), so they must not trigger it.
fn is_source(root: &Path, path: &Path) -> bool {
    let Ok(relative) = path.strip_prefix(root) else {
        return false;
    };
    let in_sources = match relative.components().next() {
        Some(Component::Normal(top)) => SOURCE_DIRS.iter().any(|dir| top == OsStr::new(dir)),
        _ => false,
    };
    in_sources && !crate::walk::is_skipped_path(relative)
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{AccessKind, CreateKind, DataChange, ModifyKind};
    use notify::Event;

    fn event(kind: EventKind, path: &str) -> DebouncedEvent {
        DebouncedEvent::new(
            Event::new(kind).add_path(PathBuf::from(path)),
            Instant::now(),
        )
    }

    #[test]
    fn only_changes_to_sources_count() {
        let root = Path::new("/site");
        let write = EventKind::Modify(ModifyKind::Data(DataChange::Any));
        let events = [
            event(write, "/site/content/years/2020/report.md"),
            event(write, "/site/templates/base.html"),
            event(EventKind::Create(CreateKind::File), "/site/static/logo.svg"),
            event(
                EventKind::Access(AccessKind::Any),
                "/site/content/site.yaml",
            ),
            event(write, "/site/public/index.html"),
            event(write, "/site/README.md"),
            event(write, "/site/content/years/2020/.report.md.swp"),
            event(write, "/site/content/years/2020/report.md~"),
            event(write, "/site/content/years/2020/4913"),
            event(write, "/site/content/pages/#over.md#"),
            event(write, "/site/content/pages/over.md.swo"),
            event(write, "/site/templates/base.html___jb_tmp___"),
            event(write, "/site/static/Thumbs.db"),
            event(write, "/site/static/.git/index"),
            event(write, "/elders/content/site.yaml"),
        ];
        let changed = changed_sources(root, &events);
        assert_eq!(
            changed,
            [
                "/site/content/years/2020/report.md",
                "/site/templates/base.html",
                "/site/static/logo.svg"
            ]
            .map(PathBuf::from)
        );
    }

    #[test]
    fn a_source_folder_itself_counts() {
        assert!(is_source(Path::new("/s"), Path::new("/s/static")));
        assert!(!is_source(Path::new("/s"), Path::new("/s/staticx")));
        assert!(!is_source(Path::new("/s"), Path::new("/s")));
    }

    /// A rebuild thread's script: for each build, whether it fails and which files change
    /// while it runs. It stops the thread once the last build is published.
    struct Script {
        builds: std::collections::VecDeque<(bool, Vec<&'static str>)>,
        messages: Sender<Message>,
        built: Vec<Vec<PathBuf>>,
        /// Which builds were shown (counted from 1), and whether they had failed.
        published: Vec<(usize, bool)>,
    }

    impl Rebuilds for Script {
        type Built = (usize, bool);

        fn build(&mut self, changed: &[PathBuf]) -> (usize, bool) {
            self.built.push(changed.to_vec());
            let Some((fails, during)) = self.builds.pop_front() else {
                panic!("an unplanned build of {changed:?}; built {:?}", self.built)
            };
            for path in during {
                self.messages
                    .send(Message::Changed(vec![PathBuf::from(path)]))
                    .unwrap();
            }
            (self.built.len(), fails)
        }

        fn failed(built: &(usize, bool)) -> bool {
            built.1
        }

        fn publish(&mut self, built: (usize, bool)) {
            self.published.push(built);
            if self.builds.is_empty() {
                self.messages.send(Message::Stop).unwrap();
            }
        }

        fn idle(&mut self) {
            panic!("the thread waited for changes that were never coming");
        }
    }

    const REPORT: &str = "/site/content/years/2020/report.md";
    const FIGURES: &str = "/site/content/years/2020/figures.yaml";

    /// Runs the rebuild thread's loop on `first`, the changes that start it, and `builds`.
    /// Returns what each build was given and which builds were shown.
    fn play(
        first: &[&str],
        builds: Vec<(bool, Vec<&'static str>)>,
    ) -> (Vec<Vec<PathBuf>>, Vec<(usize, bool)>) {
        let (messages, received) = mpsc::channel();
        let first = first.iter().map(PathBuf::from).collect();
        messages.send(Message::Changed(first)).unwrap();
        let mut script = Script {
            builds: builds.into(),
            messages,
            built: Vec::new(),
            published: Vec::new(),
        };
        run(&received, &mut script);
        assert!(script.builds.is_empty(), "planned builds did not run");
        (script.built, script.published)
    }

    fn paths(list: &[&str]) -> Vec<PathBuf> {
        list.iter().map(PathBuf::from).collect()
    }

    #[test]
    fn a_failed_build_during_a_save_is_dropped_and_built_again() {
        // The build read the report while it was being written; the write's change came
        // during the build. Its errors are never shown; the next build has both changes.
        let (built, published) = play(&[FIGURES], vec![(true, vec![REPORT]), (false, vec![])]);
        assert_eq!(built, [paths(&[FIGURES]), paths(&[FIGURES, REPORT])]);
        assert_eq!(published, [(2, false)]);
    }

    #[test]
    fn failures_while_the_saves_go_on_are_dropped_until_the_last() {
        let (built, published) = play(
            &[REPORT],
            vec![
                (true, vec![REPORT]),
                (true, vec![REPORT, FIGURES]),
                (true, vec![]),
            ],
        );
        assert_eq!(
            built,
            [
                paths(&[REPORT]),
                paths(&[REPORT]),
                paths(&[FIGURES, REPORT])
            ]
        );
        // The last failure had no change after it: a bad save, shown.
        assert_eq!(published, [(3, true)]);
    }

    #[test]
    fn a_failure_with_no_change_after_it_is_shown() {
        let (built, published) = play(&[REPORT], vec![(true, vec![])]);
        assert_eq!(built, [paths(&[REPORT])]);
        assert_eq!(published, [(1, true)]);
    }

    #[test]
    fn a_good_build_is_shown_even_if_sources_changed_during_it() {
        let (built, published) = play(&[REPORT], vec![(false, vec![FIGURES]), (false, vec![])]);
        assert_eq!(built, [paths(&[REPORT]), paths(&[FIGURES])]);
        assert_eq!(published, [(1, false), (2, false)]);
    }

    #[test]
    fn changes_that_come_together_make_one_build() {
        let (messages, received) = mpsc::channel();
        for path in [REPORT, FIGURES, REPORT] {
            messages
                .send(Message::Changed(vec![PathBuf::from(path)]))
                .unwrap();
        }
        let mut script = Script {
            builds: vec![(false, vec![])].into(),
            messages,
            built: Vec::new(),
            published: Vec::new(),
        };
        run(&received, &mut script);
        assert_eq!(script.built, [paths(&[FIGURES, REPORT])]);
        assert_eq!(script.published, [(1, false)]);
    }
}
