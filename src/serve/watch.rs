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

use super::state::{rebuild, Shared};
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

impl Watcher {
    /// Stops watching, after the rebuild under way if there is one.
    pub fn stop(self) {
        // The thread may already have ended; either way it ends now.
        let _ = self.messages.send(Message::Stop);
        let _ = self.thread.join();
    }
}

/// Starts watching the sources under `root` (canonical) and rebuilding into `shared`.
pub fn start(root: &Path, shared: Arc<Shared>) -> Result<Watcher> {
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
        .spawn(move || run(received, sources, &shared))
        .context("cannot start the rebuild thread")?;
    Ok(Watcher { messages, thread })
}

/// The rebuild thread: one rebuild per burst of changes, until told to stop.
fn run(messages: Receiver<Message>, mut sources: Sources, shared: &Shared) {
    let mut last_rebuild: Option<Instant> = None;
    loop {
        match messages.recv_timeout(HEARTBEAT) {
            Ok(Message::Changed(mut changed)) => {
                let in_burst = last_rebuild.is_some_and(|end| end.elapsed() < BURST_GAP);
                let quiet = if in_burst { BURST_SETTLE } else { SETTLE };
                if !settle(&messages, &mut changed, quiet) {
                    break;
                }
                sources.refresh();
                rebuild(shared, &changed);
                last_rebuild = Some(Instant::now());
            }
            Err(RecvTimeoutError::Timeout) => shared.clients.ping(),
            Ok(Message::Stop) | Err(RecvTimeoutError::Disconnected) => break,
        }
    }
    sources.debouncer.stop();
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
            .with_context(|| format!("cannot watch {}", self.root.display()))?;
        for dir in self.missing() {
            self.debouncer
                .watch(&dir, RecursiveMode::Recursive)
                .with_context(|| format!("cannot watch {}", dir.display()))?;
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
                Err(e) => eprintln!("cannot watch {}: {e}", dir.display()),
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
}
