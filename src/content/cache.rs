//! What the preview keeps from one load of the handbook to the next.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use super::{Handbook, Regulation, SourceFile};
use crate::diag::Diagnostic;
use crate::parallel::lock;
use crate::source;

/// What the preview keeps from one load to the next, so a save reads and
/// parses again only the files that changed:
/// - every file read, by its path, with its [`Stamp`]: a file whose stamp
///   is the same is not read again ([`Reader::file`]);
/// - what the loaders made of each data file, form, procedure and page,
///   used again while the file is the very one read ([`Reader::model`]);
/// - each regulation file's parse and its diagnostics, by the file's text,
///   its path and its id (a parse is a function of these alone), with
///   its body resolved once the resolve stage has run.
#[derive(Default)]
pub struct Cache {
    regulations: std::sync::Mutex<std::collections::HashMap<String, Parsed>>,
    /// Every file read, by its path, with its stamp then.
    files: Mutex<HashMap<PathBuf, (Stamp, Arc<SourceFile>)>>,
    /// What the loaders of data files, forms, procedures and pages made,
    /// by the file's path.
    models: Mutex<HashMap<String, Made>>,
}

/// One regulation file as parsed: (id, the file read, regulation,
/// diagnostics).
type Parsed = Arc<(String, Arc<SourceFile>, Regulation, Vec<Diagnostic>)>;

impl Cache {
    fn regulations(&self) -> MutexGuard<'_, HashMap<String, Parsed>> {
        lock(&self.regulations)
    }

    /// The regulation parsed from `file` as `id` before, if its text is
    /// the same: the very read the reader kept (most files, on a save of
    /// one), else compared (a file read again, written with what it held).
    pub(super) fn regulation(
        &self,
        file: &Arc<SourceFile>,
        id: &str,
    ) -> Option<(Regulation, Vec<Diagnostic>)> {
        let hit = self.regulations().get(&file.rel).cloned()?;
        let (was_id, was, reg, diags) = &*hit;
        let same = Arc::ptr_eq(was, file) || was.text == file.text;
        (was_id == id && same).then(|| (reg.clone(), diags.clone()))
    }

    pub(super) fn keep(
        &self,
        file: &Arc<SourceFile>,
        id: &str,
        reg: &Regulation,
        diags: &[Diagnostic],
    ) {
        let parsed = (
            id.to_string(),
            Arc::clone(file),
            reg.clone(),
            diags.to_vec(),
        );
        self.regulations()
            .insert(file.rel.clone(), std::sync::Arc::new(parsed));
    }

    /// Keeps the resolved bodies of `hb`'s regulations (the resolve stage
    /// has run) for the files parsed afresh, so the next load gives them
    /// back resolved and the resolve stage skips them.
    pub fn keep_resolved(&self, hb: &Handbook) {
        let mut map = self.regulations();
        for reg in &hb.regulations {
            for v in reg.all_versions() {
                let Some(entry) = map.get_mut(&v.file) else {
                    continue;
                };
                if entry.2.body.resolved || !v.body.resolved {
                    continue;
                }
                // The map holds the only reference between loads; should
                // another remain, the entry is copied.
                std::sync::Arc::make_mut(entry).2.body = v.body.clone();
            }
        }
    }

    /// Forgets the files that are not among `rels` (deleted, renamed).
    pub(super) fn only(&self, rels: &std::collections::HashSet<&str>) {
        self.regulations()
            .retain(|rel, _| rels.contains(rel.as_str()));
    }
}

/// What tells the preview that a file has not changed since it was read:
/// its size, modification and change times, and which file it is. The
/// change time cannot be set back by a tool that keeps modification times
/// (`cp -p`, `rsync -t`), and a replaced file is another inode.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) struct Stamp {
    len: u64,
    modified: (i64, i64),
    changed: (i64, i64),
    file: (u64, u64),
}

impl Stamp {
    #[cfg(unix)]
    fn of(path: &Path) -> Option<Stamp> {
        use std::os::unix::fs::MetadataExt;
        let m = std::fs::metadata(path).ok()?;
        Some(Stamp {
            len: m.len(),
            modified: (m.mtime(), m.mtime_nsec()),
            changed: (m.ctime(), m.ctime_nsec()),
            file: (m.dev(), m.ino()),
        })
    }

    /// Elsewhere every file is read on every load.
    #[cfg(not(unix))]
    fn of(_: &Path) -> Option<Stamp> {
        None
    }

    /// Whether a file with this stamp, seen at `now` (seconds since the
    /// epoch), can be trusted to show the next change in its stamp: not if
    /// it changed within the last two seconds, as a file system with coarse
    /// times could give a second save in the same tick the same stamp.
    fn settled(&self, now: i64) -> bool {
        now - self.modified.0.max(self.changed.0) >= 2
    }
}

/// Reads the files of one load of the handbook at `root`: through the
/// preview's [`Cache`] when there is one, so a file whose [`Stamp`] did not
/// change is not read again, and what was made of it is made once.
pub(super) struct Reader<'a> {
    pub root: &'a Path,
    cache: Option<&'a Cache>,
    /// The containment rule, with the real folders this load has seen.
    confine: source::Confine<'a>,
    now: i64,
    /// The files read by this load: the cache forgets the others.
    seen: Mutex<std::collections::HashSet<PathBuf>>,
}

impl<'a> Reader<'a> {
    pub fn new(root: &'a Path, cache: Option<&'a Cache>) -> Reader<'a> {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        Reader {
            root,
            cache,
            confine: source::Confine::new(root),
            now,
            seen: Mutex::default(),
        }
    }

    /// Ends the load: the cache forgets the files it did not read
    /// (deleted, renamed), and what was made of them.
    pub fn done(self) {
        let Some(cache) = self.cache else { return };
        let seen = self.seen.into_inner().unwrap_or_else(|p| p.into_inner());
        lock(&cache.files).retain(|path, _| seen.contains(path));
        lock(&cache.models).retain(|_, made| seen.contains(&made.file.path));
    }

    /// The source file at `path` (see [`source::read`]).
    pub fn file(&self, path: &Path) -> Result<Arc<SourceFile>, Diagnostic> {
        let Some(cache) = self.cache else {
            return self.confine.read(path).map(Arc::new);
        };
        lock(&self.seen).insert(path.to_path_buf());
        let stamp = Stamp::of(path);
        let kept = stamp.and_then(|stamp| {
            let files = lock(&cache.files);
            let (was, file) = files.get(path)?;
            (*was == stamp).then(|| Arc::clone(file))
        });
        if let Some(file) = kept {
            // The same file, but perhaps now reached through a link that
            // leads out of the handbook (its folder moved out and linked
            // back): refused as a fresh read would be.
            self.confine.check(path, &file.rel)?;
            return Ok(file);
        }
        // Stamped before reading: a change while reading gives a newer
        // stamp, and the file is read again next time.
        let file = Arc::new(self.confine.read(path)?);
        if let Some(stamp) = stamp.filter(|s| s.settled(self.now)) {
            lock(&cache.files).insert(path.to_path_buf(), (stamp, Arc::clone(&file)));
        }
        Ok(file)
    }

    /// What `load` makes of `file`, with its diagnostics added to `diags`:
    /// the kept result when `file` is the very one it was made from (the
    /// same read, so the same text) and `key` (an id) is the same.
    pub fn model<T: Clone + Send + Sync + 'static>(
        &self,
        file: &Arc<SourceFile>,
        key: &str,
        diags: &mut Vec<Diagnostic>,
        load: impl FnOnce(&SourceFile, &mut Vec<Diagnostic>) -> T,
    ) -> T {
        let Some(cache) = self.cache else {
            return load(file, diags);
        };
        if let Some(kept) = lock(&cache.models).get(&file.rel)
            && Arc::ptr_eq(&kept.file, file)
            && kept.key == key
            && let Some(model) = kept.model.downcast_ref::<T>()
        {
            diags.extend(kept.diags.iter().cloned());
            return model.clone();
        }
        let mut found = Vec::new();
        let model = load(file, &mut found);
        lock(&cache.models).insert(
            file.rel.clone(),
            Made {
                file: Arc::clone(file),
                key: key.to_string(),
                model: Arc::new(model.clone()),
                diags: found.clone(),
            },
        );
        diags.extend(found);
        model
    }
}

/// What a loader made of one file, kept by [`Reader::model`].
pub(super) struct Made {
    file: Arc<SourceFile>,
    key: String,
    model: Arc<dyn std::any::Any + Send + Sync>,
    diags: Vec<Diagnostic>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A scratch folder with one file, removed at the end.
    struct Scratch(PathBuf);

    impl Scratch {
        fn new(label: &str, text: &str) -> Scratch {
            let dir = crate::fresh_test_dir(&format!("cache-{label}"));
            std::fs::write(dir.join("a.yaml"), text).unwrap();
            Scratch(dir)
        }

        fn file(&self) -> PathBuf {
            self.0.join("a.yaml")
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    /// A reader as if it ran `later` seconds after the file was written.
    fn reader<'a>(root: &'a Path, cache: &'a Cache, later: i64) -> Reader<'a> {
        let mut r = Reader::new(root, Some(cache));
        r.now += later;
        r
    }

    #[test]
    fn a_settled_file_is_read_once_and_a_changed_one_again() {
        let dir = Scratch::new("settled", "甲\n");
        let cache = Cache::default();
        let first = reader(&dir.0, &cache, 10).file(&dir.file()).unwrap();
        let again = reader(&dir.0, &cache, 10).file(&dir.file()).unwrap();
        assert!(
            Arc::ptr_eq(&first, &again),
            "an unchanged file was read again"
        );
        // The same length, other text: the stamp's times tell.
        std::fs::write(dir.file(), "乙\n").unwrap();
        let changed = reader(&dir.0, &cache, 10).file(&dir.file()).unwrap();
        assert_eq!(changed.text, "乙\n");
    }

    #[test]
    fn a_file_changed_just_now_is_not_trusted_to_show_the_next_change() {
        let dir = Scratch::new("racy", "甲\n");
        let cache = Cache::default();
        let first = reader(&dir.0, &cache, 0).file(&dir.file()).unwrap();
        let again = reader(&dir.0, &cache, 0).file(&dir.file()).unwrap();
        assert!(!Arc::ptr_eq(&first, &again));
        assert_eq!(again.text, "甲\n");
    }

    #[test]
    fn a_model_is_made_again_only_for_another_read_or_key() {
        let dir = Scratch::new("model", "甲\n");
        let cache = Cache::default();
        let made = std::sync::atomic::AtomicUsize::new(0);
        let load = |f: &SourceFile, d: &mut Vec<Diagnostic>| {
            made.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            d.push(Diagnostic::warning("W999", &f.rel, "注意"));
            f.text.clone()
        };
        let read = reader(&dir.0, &cache, 10);
        let file = read.file(&dir.file()).unwrap();
        let mut diags = Vec::new();
        assert_eq!(read.model(&file, "a", &mut diags, load), "甲\n");
        assert_eq!(read.model(&file, "a", &mut diags, load), "甲\n");
        // Kept with its diagnostics.
        assert_eq!(diags.len(), 2);
        assert_eq!(made.load(std::sync::atomic::Ordering::SeqCst), 1);
        read.model(&file, "b", &mut diags, load);
        assert_eq!(made.load(std::sync::atomic::Ordering::SeqCst), 2);
        std::fs::write(dir.file(), "乙\n").unwrap();
        let file = read.file(&dir.file()).unwrap();
        assert_eq!(read.model(&file, "b", &mut diags, load), "乙\n");
        assert_eq!(made.load(std::sync::atomic::Ordering::SeqCst), 3);
    }

    #[cfg(unix)]
    #[test]
    fn a_kept_file_now_reached_through_a_link_out_of_the_handbook_is_refused() {
        let outside = Scratch::new("outside", "");
        let dir = Scratch::new("linked", "");
        let folder = dir.0.join("content");
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("b.md"), "甲\n").unwrap();
        let cache = Cache::default();
        assert!(
            reader(&dir.0, &cache, 10)
                .file(&folder.join("b.md"))
                .is_ok()
        );
        // The folder moved out and linked back: the file itself (its
        // inode, its times) is unchanged.
        std::fs::rename(&folder, outside.0.join("content")).unwrap();
        std::os::unix::fs::symlink(outside.0.join("content"), &folder).unwrap();
        let err = reader(&dir.0, &cache, 10)
            .file(&folder.join("b.md"))
            .unwrap_err();
        assert_eq!(err.code, "E007");
    }

    #[test]
    fn what_a_load_did_not_read_is_forgotten() {
        let dir = Scratch::new("forget", "甲\n");
        let cache = Cache::default();
        let read = reader(&dir.0, &cache, 10);
        let file = read.file(&dir.file()).unwrap();
        read.model(&file, "", &mut Vec::new(), |f, _| f.text.clone());
        read.done();
        assert_eq!(lock(&cache.files).len(), 1);
        assert_eq!(lock(&cache.models).len(), 1);
        reader(&dir.0, &cache, 10).done();
        assert!(lock(&cache.files).is_empty());
        assert!(lock(&cache.models).is_empty());
    }
}
