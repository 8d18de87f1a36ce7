//! The severity matrix (深刻度), `content/severity.yaml`: levels with their
//! criteria, the destinations that must or may be told at each level
//! (references into the contact chart), and the deadlines the law sets.

use serde::Deserialize;

use super::fields::{self, At, Ref};
use crate::diag::Diagnostic;
use crate::source::SourceFile;
use crate::yaml::{self, Spanned};

pub const FILE: &str = "content/severity.yaml";

#[derive(Debug, Clone)]
pub struct Level {
    pub id: String,
    pub at: At,
    /// 大 / 中 / 小.
    pub name: String,
    pub criteria: Vec<String>,
    /// 報告先: must be told.
    pub mandatory: Vec<Ref>,
    /// 任意報告先: may be told.
    pub optional: Vec<Ref>,
}

/// A report the law requires by a deadline (the 個人情報保護委員会's 速報
/// and 確報 for a personal-data leak).
#[derive(Debug, Clone)]
pub struct Deadline {
    pub to: Ref,
    /// 速報 / 確報.
    pub report: String,
    /// As the law says it: 「速やかに（概ね3〜5日以内）」「30日以内」.
    pub within: String,
    pub when: Option<String>,
    pub basis: Option<String>,
    /// The levels it applies to; empty means every level.
    pub levels: Vec<Ref>,
}

#[derive(Debug, Clone, Default)]
pub struct Severity {
    pub file: String,
    /// False when the file could not be parsed: references into it are
    /// then not checked, so one broken file is one error.
    pub complete: bool,
    pub title: Option<String>,
    pub intro: Option<String>,
    /// A link to the rule the matrix comes from (`reg:ID#…`).
    pub source: Option<(String, At)>,
    pub levels: Vec<Level>,
    pub deadlines: Vec<Deadline>,
    /// Who makes these reports, in words (情報システム部門・委員会): the
    /// emergency page says they are theirs, not the finder's.
    pub reported_by: Option<String>,
}

impl Severity {
    /// Every destination in the order first named: mandatory before
    /// optional, then those only named by a deadline.
    pub fn destinations(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        let named = self
            .levels
            .iter()
            .flat_map(|l| l.mandatory.iter())
            .chain(self.levels.iter().flat_map(|l| l.optional.iter()))
            .chain(self.deadlines.iter().map(|d| &d.to));
        for r in named {
            if !out.contains(&r.id.as_str()) {
                out.push(&r.id);
            }
        }
        out
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Source {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    intro: Option<String>,
    #[serde(default)]
    source: Option<Spanned<String>>,
    levels: Vec<LevelSource>,
    #[serde(default)]
    deadlines: Vec<DeadlineSource>,
    #[serde(default)]
    reported_by: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LevelSource {
    id: Spanned<String>,
    name: String,
    #[serde(default)]
    criteria: Vec<String>,
    #[serde(default)]
    mandatory: Vec<Spanned<String>>,
    #[serde(default)]
    optional: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DeadlineSource {
    to: Spanned<String>,
    report: String,
    within: String,
    #[serde(default)]
    when: Option<String>,
    #[serde(default)]
    basis: Option<String>,
    #[serde(default)]
    levels: Vec<Spanned<String>>,
}

pub const EXAMPLE: &str = "levels:\n  - id: high\n    name: 大\n    criteria:\n      - 事業の継続に大きな影響がある場合\n    mandatory: [it-dept, committee]\n    optional: [ipa]";

pub fn load(file: &SourceFile, diags: &mut Vec<Diagnostic>) -> Severity {
    let mut out = Severity {
        file: file.rel.clone(),
        ..Severity::default()
    };
    let Some(src) =
        fields::read_yaml::<Source>(file, ("深刻度の表", "the severity matrix"), EXAMPLE, diags)
    else {
        return out;
    };
    out.complete = true;
    out.title = src.title;
    out.intro = src.intro;
    out.reported_by = src.reported_by;
    out.source = src
        .source
        .as_ref()
        .map(|s| (s.value.clone(), yaml::position(s, 1)));
    out.levels = src
        .levels
        .iter()
        .map(|l| {
            let id = Ref::new(&l.id);
            Level {
                id: id.id,
                at: id.at,
                name: l.name.clone(),
                criteria: l.criteria.clone(),
                mandatory: l.mandatory.iter().map(Ref::new).collect(),
                optional: l.optional.iter().map(Ref::new).collect(),
            }
        })
        .collect();
    out.deadlines = src
        .deadlines
        .iter()
        .map(|d| Deadline {
            to: Ref::new(&d.to),
            report: d.report.clone(),
            within: d.within.clone(),
            when: d.when.clone(),
            basis: d.basis.clone(),
            levels: d.levels.iter().map(Ref::new).collect(),
        })
        .collect();
    out
}
