//! Watching the sources for the preview: `handbook.yaml` and the
//! `content`, `templates` and `theme` folders, through the system's file
//! notifications (`notify`: inotify on Linux), so an idle preview uses no
//! CPU. A burst of events (an editor writes a temporary file, renames it,
//! touches the folder) is waited out and becomes one rebuild; a burst
//! whose last event finishes a file (closed after writing, renamed into
//! place) is over sooner than one that may still be writing. Where the
//! system cannot watch (out of inotify watches, a network drive), the
//! sources are polled instead, and the preview says so when it starts.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Duration;

use notify::{Event, EventKind, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};

/// How long the sources must be quiet before a rebuild, after an event
/// that may be followed by more writes to the same file…
const DEBOUNCE: Duration = Duration::from_millis(30);
/// …and after one that finishes a file: closed after writing, or renamed
/// into place. What an editor does next (touch the folder, remove its
/// backup) follows at once.
const SETTLE: Duration = Duration::from_millis(5);
/// How often the sources are looked at where they cannot be watched.
const POLL: Duration = Duration::from_millis(500);
/// The folders of a handbook that hold its sources.
const FOLDERS: [&str; 3] = ["content", "templates", "theme"];

/// A running watch of a handbook's sources.
pub struct Sources {
    root: PathBuf,
    /// Kept alive: dropping a watcher stops it.
    _watcher: Box<dyn Watcher + Send>,
    events: Receiver<notify::Result<Event>>,
}

impl Sources {
    /// Starts watching the sources of the handbook at `root`.
    pub fn watch(root: &Path) -> Result<Sources, String> {
        let (tx, events) = channel();
        let notified = {
            let tx = tx.clone();
            RecommendedWatcher::new(move |e| drop(tx.send(e)), notify::Config::default())
                .and_then(|mut w| add(&mut w, root).map(|()| w))
        };
        let watcher: Box<dyn Watcher + Send> = match notified {
            Ok(w) => Box::new(w),
            Err(e) => {
                let secs = POLL.as_secs_f64();
                eprintln!(
                    "{}",
                    crate::diag::tr(
                        format!(
                            "ファイルの変更通知が使えないため、{secs} 秒ごとに原稿を確認します（{e}）"
                        ),
                        format!(
                            "file change notifications are not available, so the sources are checked every {secs} s ({e})"
                        ),
                    )
                );
                let config = notify::Config::default().with_poll_interval(POLL);
                let cannot = |e: notify::Error| {
                    let shown = root.display();
                    crate::diag::tr(
                        format!("{shown} の変更を見張れません（{e}）"),
                        format!("cannot watch {shown}: {e}"),
                    )
                };
                let mut w = PollWatcher::new(move |e| drop(tx.send(e)), config).map_err(cannot)?;
                add(&mut w, root).map_err(cannot)?;
                Box::new(w)
            }
        };
        Ok(Sources {
            root: root.to_path_buf(),
            _watcher: watcher,
            events,
        })
    }

    /// Waits for a change to the sources and returns one file that changed,
    /// once the burst of events it came with is over. `None` when the
    /// watch has ended.
    pub fn next_change(&mut self) -> Option<PathBuf> {
        let mut changed = None;
        let mut quiet = DEBOUNCE;
        loop {
            let event = match changed {
                // Wait as long as it takes for the first relevant event…
                None => self.events.recv().ok()?,
                // …then until the sources are quiet.
                Some(_) => match self.events.recv_timeout(quiet) {
                    Ok(e) => e,
                    Err(RecvTimeoutError::Timeout) => return changed,
                    Err(RecvTimeoutError::Disconnected) => return changed,
                },
            };
            let Ok(event) = event else { continue };
            let finished = self.finishes(&event);
            if matches!(event.kind, EventKind::Access(_)) && !finished {
                continue;
            }
            if let Some(path) = event.paths.iter().find(|p| self.is_source(p)) {
                quiet = if finished { SETTLE } else { DEBOUNCE };
                // A folder made after the start (a new `templates/`) is
                // watched from now on.
                if path.is_dir() && path.parent() == Some(self.root.as_path()) {
                    let _ = self._watcher.watch(path, RecursiveMode::Recursive);
                }
                changed.get_or_insert_with(|| path.clone());
            }
        }
    }

    /// Whether `event` finishes a source: it was closed after writing, or
    /// renamed into place, and its name is one a handbook's source has
    /// (`a.md`, not an editor's `a.md___jb_tmp___`, `a.md.tmp` or `4913`,
    /// written before it is renamed to `a.md`). Anything else may be
    /// followed by more writes.
    fn finishes(&self, event: &Event) -> bool {
        use notify::event::{AccessKind, AccessMode, ModifyKind, RenameMode};
        let done = match event.kind {
            EventKind::Access(AccessKind::Close(AccessMode::Write))
            | EventKind::Modify(ModifyKind::Name(RenameMode::To)) => event.paths.first(),
            // From, then to: a file renamed away (a.md to a.md~) is not done.
            EventKind::Modify(ModifyKind::Name(RenameMode::Both)) => event.paths.get(1),
            _ => None,
        };
        done.is_some_and(|p| self.is_source(p) && source_name(p))
    }

    /// Whether `path` is one of the handbook's sources: not the output
    /// folder, not an editor's swap or backup file.
    fn is_source(&self, path: &Path) -> bool {
        let Ok(rel) = path.strip_prefix(&self.root) else {
            return false;
        };
        let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
        let Some(first) = parts.next() else {
            return false;
        };
        let top = first == crate::config::FILE_NAME || FOLDERS.contains(&first.as_ref());
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        top && !name.starts_with('.') && !name.ends_with('~')
    }
}

/// Whether a file's name ends as a handbook's sources do: the content's
/// Markdown and YAML, and what the preview serves as a file of its own
/// kind (templates, the theme's styles, scripts, pictures and fonts).
fn source_name(path: &Path) -> bool {
    let Some(ext) = path.extension().and_then(|e| e.to_str()) else {
        return false;
    };
    let ext = ext.to_ascii_lowercase();
    matches!(ext.as_str(), "md" | "yaml" | "yml")
        || super::content_type(&format!("x.{ext}")) != super::OTHER_TYPE
}

/// Watches the root itself (for `handbook.yaml` and folders made later)
/// and each source folder that exists, recursively.
fn add(watcher: &mut dyn Watcher, root: &Path) -> notify::Result<()> {
    watcher.watch(root, RecursiveMode::NonRecursive)?;
    for folder in FOLDERS {
        let dir = root.join(folder);
        if dir.is_dir() {
            watcher.watch(&dir, RecursiveMode::Recursive)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_source_is_reported_once_and_other_files_are_not() {
        let root = crate::fresh_test_dir("watch");
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::create_dir_all(root.join("public")).unwrap();
        std::fs::write(root.join("handbook.yaml"), "title: x\n").unwrap();
        let mut sources = Sources::watch(&root).unwrap();
        // The output folder and swap files are not sources.
        std::fs::write(root.join("public/index.html"), "x").unwrap();
        std::fs::write(root.join("content/.a.md.swp"), "x").unwrap();
        std::fs::write(root.join("content/a.md"), "one").unwrap();
        std::fs::write(root.join("content/a.md"), "two").unwrap();
        let changed = std::thread::spawn(move || {
            let first = sources.next_change();
            (first, sources)
        })
        .join()
        .unwrap();
        assert_eq!(changed.0, Some(root.join("content/a.md")));
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn only_a_source_closed_after_writing_or_renamed_into_place_is_finished() {
        use notify::event::{
            AccessKind, AccessMode, CreateKind, DataChange, ModifyKind, RenameMode,
        };
        let root = crate::fresh_test_dir("finish");
        std::fs::create_dir_all(root.join("content")).unwrap();
        let sources = Sources::watch(&root).unwrap();
        let at = |name: &str| root.join("content").join(name);
        let event = |kind: EventKind, names: &[&str]| {
            let mut e = Event::new(kind);
            for n in names {
                e = e.add_path(at(n));
            }
            e
        };
        let closed = EventKind::Access(AccessKind::Close(AccessMode::Write));
        let renamed = |mode| EventKind::Modify(ModifyKind::Name(mode));
        for (e, finished) in [
            (event(closed, &["a.md"]), true),
            (event(closed, &["style.CSS"]), true),
            (event(renamed(RenameMode::To), &["a.md"]), true),
            (
                event(renamed(RenameMode::Both), &["a.md.tmp", "a.md"]),
                true,
            ),
            // Editors' temporary files, written before they are renamed.
            (event(closed, &["a.md___jb_tmp___"]), false),
            (event(closed, &["a.md.tmp"]), false),
            (event(closed, &["4913"]), false),
            (event(closed, &[".a.md.swp"]), false),
            // Renamed away, to make room for the new a.md.
            (event(renamed(RenameMode::Both), &["a.md", "a.md~"]), false),
            (event(renamed(RenameMode::From), &["a.md"]), false),
            // Still being written, or only read.
            (
                event(
                    EventKind::Modify(ModifyKind::Data(DataChange::Any)),
                    &["a.md"],
                ),
                false,
            ),
            (event(EventKind::Create(CreateKind::File), &["a.md"]), false),
            (
                event(
                    EventKind::Access(AccessKind::Close(AccessMode::Read)),
                    &["a.md"],
                ),
                false,
            ),
        ] {
            assert_eq!(sources.finishes(&e), finished, "{e:?}");
        }
        drop(sources);
        std::fs::remove_dir_all(&root).unwrap();
    }
}
