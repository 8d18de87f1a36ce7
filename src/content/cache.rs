//! What the preview keeps from one load of the handbook to the next.

use super::{Handbook, Regulation, SourceFile};
use crate::diag::Diagnostic;

/// What the preview keeps from one load to the next: each regulation
/// file's parse and its diagnostics, by the file's text, so a save parses
/// again only the files that changed. A parse is a function of the file's
/// text, its path and its id alone, so an entry is used only when all
/// three are what they were.
#[derive(Default)]
pub struct Cache {
    regulations: std::sync::Mutex<std::collections::HashMap<String, Parsed>>,
}

/// One regulation file as parsed: (id, text, regulation, diagnostics).
type Parsed = std::sync::Arc<(String, String, Regulation, Vec<Diagnostic>)>;

impl Cache {
    fn regulations(&self) -> std::sync::MutexGuard<'_, std::collections::HashMap<String, Parsed>> {
        match self.regulations.lock() {
            Ok(map) => map,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// The regulation parsed from `file` as `id` before, if its text is
    /// the same.
    pub(super) fn regulation(&self, file: &SourceFile, id: &str) -> Option<(Regulation, Vec<Diagnostic>)> {
        let hit = self.regulations().get(&file.rel).cloned()?;
        let (was_id, was_text, reg, diags) = &*hit;
        (was_id == id && *was_text == file.text).then(|| (reg.clone(), diags.clone()))
    }

    pub(super) fn keep(&self, file: &SourceFile, id: &str, reg: &Regulation, diags: &[Diagnostic]) {
        let parsed = (
            id.to_string(),
            file.text.clone(),
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
