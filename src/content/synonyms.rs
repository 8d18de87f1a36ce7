//! Search synonyms (`content/synonyms.yaml`, optional): groups of words that
//! mean the same (電カル and 電子カルテ), and shortcuts — words that lead to
//! one page first (ランサムウェア → 緊急時対応). The built-in defaults
//! (`src/builtin/synonyms.yaml`) are read by the same loader; how the two
//! lists combine, and what a query does with them, is the search's business
//! (`search::Index::for_handbook`). The file is checked in
//! `check/operations.rs` (E060) and its links by the resolve stage (E031).

use serde::Deserialize;

use super::fields::{self, At};
use crate::diag::Diagnostic;
use crate::source::SourceFile;
use crate::yaml::{self, Spanned};

pub const FILE: &str = "content/synonyms.yaml";

/// The built-in list, compiled into the binary.
const BUILTIN: &str = include_str!("../builtin/synonyms.yaml");
const BUILTIN_NAME: &str = "(built-in) synonyms.yaml";

/// A word as written, with where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    pub at: At,
}

/// Words that mean the same: a search for one finds the others too.
#[derive(Debug, Clone)]
pub struct Group {
    pub words: Vec<Word>,
    pub at: At,
}

/// Words that put one page (or a part of it) first in the results.
#[derive(Debug, Clone)]
pub struct Shortcut {
    pub words: Vec<Word>,
    /// A handbook link (`page:incident`, `procedure:emr`, `contact:it-dept`).
    pub link: (String, At),
}

#[derive(Debug, Clone)]
pub struct Synonyms {
    pub file: String,
    /// Whether the built-in list is used as well (`defaults:`, true unless
    /// the file says `false`).
    pub defaults: bool,
    pub groups: Vec<Group>,
    pub shortcuts: Vec<Shortcut>,
}

impl Default for Synonyms {
    fn default() -> Self {
        Synonyms {
            file: String::new(),
            defaults: true,
            groups: Vec::new(),
            shortcuts: Vec::new(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Source {
    #[serde(default)]
    defaults: Option<bool>,
    #[serde(default)]
    synonyms: Vec<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    shortcuts: Vec<ShortcutSource>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ShortcutSource {
    link: Spanned<String>,
    words: Vec<Spanned<String>>,
}

pub const EXAMPLE: &str = "synonyms:\n  - [電カル, 電子カルテ]\nshortcuts:\n  - link: page:incident\n    words: [ランサムウェア, 感染]";

fn words(list: &[Spanned<String>]) -> Vec<Word> {
    list.iter()
        .map(|w| Word {
            text: w.value.trim().to_string(),
            at: yaml::position(w, 1),
        })
        .collect()
}

pub fn load(file: &SourceFile, diags: &mut Vec<Diagnostic>) -> Synonyms {
    let mut out = Synonyms {
        file: file.rel.clone(),
        ..Synonyms::default()
    };
    let Some(src) = fields::read_yaml::<Source>(
        file,
        ("検索の同義語", "the search synonyms"),
        EXAMPLE,
        diags,
    ) else {
        return out;
    };
    out.defaults = src.defaults.unwrap_or(true);
    out.groups = src
        .synonyms
        .iter()
        .map(|g| Group {
            words: words(&g.value),
            at: yaml::position(g, 1),
        })
        .collect();
    out.shortcuts = src
        .shortcuts
        .iter()
        .map(|s| Shortcut {
            words: words(&s.words),
            link: (s.link.value.trim().to_string(), yaml::position(&s.link, 1)),
        })
        .collect();
    out
}

/// The built-in list (`src/builtin/synonyms.yaml`), read once.
pub fn builtin() -> &'static Synonyms {
    static LIST: std::sync::OnceLock<Synonyms> = std::sync::OnceLock::new();
    LIST.get_or_init(|| {
        let file = SourceFile::new(
            BUILTIN_NAME.into(),
            BUILTIN_NAME.into(),
            BUILTIN.to_string(),
        );
        // The list is tested to read cleanly (tests below).
        load(&file, &mut Vec::new())
    })
}

/// Whether the handbook uses the built-in list: yes unless its own file
/// says `defaults: false`.
pub fn uses_builtin(own: Option<&Synonyms>) -> bool {
    own.is_none_or(|s| s.defaults)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_list_reads_cleanly() {
        let file = SourceFile::new(
            BUILTIN_NAME.into(),
            BUILTIN_NAME.into(),
            BUILTIN.to_string(),
        );
        let mut diags = Vec::new();
        let b = load(&file, &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        assert!(b.defaults);
        assert!(
            b.groups
                .iter()
                .any(|g| g.words.iter().any(|w| w.text == "電カル"))
        );
        let incident = b
            .shortcuts
            .iter()
            .find(|s| s.link.0 == "page:incident")
            .expect("the emergency page is a shortcut");
        for w in ["ランサムウェア", "身代金", "暗号化", "感染"] {
            assert!(incident.words.iter().any(|x| x.text == w), "{w}");
        }
    }

    #[test]
    fn positions_point_at_each_word() {
        let text = "defaults: false\nsynonyms:\n  - [電カル, 電子カルテ]\nshortcuts:\n  - link: page:incident\n    words: [感染]\n";
        let file = SourceFile::new(FILE.into(), FILE.into(), text.to_string());
        let mut diags = Vec::new();
        let s = load(&file, &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        assert!(!s.defaults);
        assert_eq!(s.groups[0].words[1].text, "電子カルテ");
        assert_eq!(s.groups[0].words[1].at, (3, 11));
        assert_eq!(s.shortcuts[0].link, ("page:incident".into(), (5, 11)));
        assert_eq!(s.shortcuts[0].words[0].at, (6, 13));
    }
}
