//! Backup-recovery procedures, one file per system in
//! `content/procedures/ID.yaml`: what is backed up and how, RTO/RPO, the
//! recovery checklist, the paper operation while the system is down, and the
//! restore-drill history.

use chrono::NaiveDate;
use serde::Deserialize;

use super::fields::{self, At, Ref};
use crate::diag::Diagnostic;
use crate::source::SourceFile;
use crate::yaml::Spanned;

/// One thing that is backed up.
#[derive(Debug, Clone)]
pub struct Backup {
    pub what: String,
    pub method: Option<String>,
    pub frequency: Option<String>,
    pub media: Option<String>,
    pub generations: Option<u32>,
    /// Where a copy is kept off-site (遠隔地保管).
    pub offsite: Option<String>,
    /// Whether a copy is offline (cut off from the network), the copy a
    /// ransomware attack cannot reach.
    pub offline: bool,
}

/// A recovery step; `who` does it.
#[derive(Debug, Clone)]
pub struct Step {
    pub text: String,
    pub who: Option<Ref>,
}

/// A restore drill (復旧訓練) and how long the recovery took.
#[derive(Debug, Clone)]
pub struct Drill {
    pub date: NaiveDate,
    pub at: At,
    pub scenario: String,
    /// Measured recovery time in minutes.
    pub measured: Option<u32>,
    pub result: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Procedure {
    pub id: String,
    pub file: String,
    pub system: String,
    pub order: i64,
    pub summary: Option<String>,
    pub owner: Option<Ref>,
    pub contacts: Vec<Ref>,
    pub backups: Vec<Backup>,
    /// 目標復旧時間 and 目標復旧時点, in minutes.
    pub rto: Option<u32>,
    pub rpo: Option<u32>,
    /// `rto` / `rpo` still written as 未記入: shown so on the pages.
    pub rto_blank: bool,
    pub rpo_blank: bool,
    pub steps: Vec<Step>,
    /// 紙運用: how work goes on while the system is down.
    pub downtime: Vec<String>,
    /// Oldest first, as written.
    pub drills: Vec<Drill>,
    /// A drill's date was written but could not be read (already E013):
    /// whether a drill is overdue is then not judged (W011).
    pub drill_unreadable: bool,
    /// When the procedure was last changed (a printed copy older than
    /// this is out of date).
    pub updated: Option<(NaiveDate, At)>,
}

impl Procedure {
    pub fn stub(id: &str, file: &str) -> Procedure {
        Procedure {
            id: id.to_string(),
            file: file.to_string(),
            system: id.to_string(),
            order: 0,
            summary: None,
            owner: None,
            contacts: Vec::new(),
            backups: Vec::new(),
            rto: None,
            rpo: None,
            rto_blank: false,
            rpo_blank: false,
            steps: Vec::new(),
            downtime: Vec::new(),
            drills: Vec::new(),
            drill_unreadable: false,
            updated: None,
        }
    }

    /// No drill within `days` before `as_of` (the W011 rule).
    pub fn drill_overdue(&self, as_of: NaiveDate, days: u32) -> bool {
        self.last_drill(as_of)
            .is_none_or(|d| (as_of - d.date).num_days() > i64::from(days))
    }

    /// The latest drill on or before `as_of`: later ones had not happened
    /// yet on that day.
    pub fn last_drill(&self, as_of: NaiveDate) -> Option<&Drill> {
        self.drills
            .iter()
            .filter(|d| d.date <= as_of)
            .max_by_key(|d| d.date)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Source {
    system: String,
    #[serde(default)]
    order: Option<Spanned<String>>,
    #[serde(default)]
    summary: Option<String>,
    #[serde(default)]
    owner: Option<Spanned<String>>,
    #[serde(default)]
    contacts: Vec<Spanned<String>>,
    #[serde(default)]
    backups: Vec<BackupSource>,
    #[serde(default)]
    rto: Option<Spanned<String>>,
    #[serde(default)]
    rpo: Option<Spanned<String>>,
    #[serde(default)]
    steps: Vec<StepSource>,
    #[serde(default)]
    downtime: Vec<String>,
    #[serde(default)]
    drills: Vec<DrillSource>,
    #[serde(default)]
    updated: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BackupSource {
    what: String,
    #[serde(default)]
    method: Option<String>,
    #[serde(default)]
    frequency: Option<String>,
    #[serde(default)]
    media: Option<String>,
    #[serde(default)]
    generations: Option<Spanned<String>>,
    #[serde(default)]
    offsite: Option<String>,
    #[serde(default)]
    offline: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StepSource {
    text: String,
    #[serde(default)]
    who: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DrillSource {
    date: Spanned<String>,
    scenario: String,
    #[serde(default)]
    measured: Option<Spanned<String>>,
    #[serde(default)]
    result: Option<String>,
}

/// A procedure, in messages.
const WHAT: crate::yaml::What = ("復旧手順", "the procedure");

pub const EXAMPLE: &str = "system: 電子カルテシステム\nowner: it-dept\nrto: 4時間\nrpo: 1時間\nsteps:\n  - text: 障害の範囲を確認する\n    who: it-dept\ndrills:\n  - date: 2026-09-10\n    scenario: データベースの全体リストア\n    measured: 3時間20分";

pub fn load(file: &SourceFile, id: &str, diags: &mut Vec<Diagnostic>) -> Procedure {
    let mut p = Procedure::stub(id, &file.rel);
    let Some(src) = fields::read_yaml::<Source>(file, WHAT, EXAMPLE, diags) else {
        return p;
    };
    p.system = src.system;
    p.order = fields::whole(file, &src.order, "order", WHAT, diags).unwrap_or(0);
    p.summary = src.summary;
    p.owner = src.owner.as_ref().map(Ref::new);
    p.contacts = src.contacts.iter().map(Ref::new).collect();
    p.backups = src
        .backups
        .into_iter()
        .map(|b| Backup {
            what: b.what,
            method: b.method,
            frequency: b.frequency,
            media: b.media,
            generations: fields::whole(file, &b.generations, "generations", WHAT, diags),
            offsite: b.offsite,
            offline: fields::flag(file, &b.offline, "offline", WHAT, diags).unwrap_or(false),
        })
        .collect();
    p.rto = fields::duration(file, &src.rto, diags);
    p.rpo = fields::duration(file, &src.rpo, diags);
    p.rto_blank = fields::blank(&src.rto);
    p.rpo_blank = fields::blank(&src.rpo);
    p.steps = src
        .steps
        .iter()
        .map(|s| Step {
            text: s.text.clone(),
            who: s.who.as_ref().map(Ref::new),
        })
        .collect();
    p.downtime = src.downtime;
    p.updated = fields::opt_date(file, &src.updated, diags);
    // A drill whose date cannot be read is an error already; its other
    // values are still checked, and no W011 is judged without its date.
    p.drill_unreadable = src
        .drills
        .iter()
        .any(|d| fields::unreadable_date(&Some(d.date.clone())));
    p.drills = src
        .drills
        .iter()
        .filter_map(|d| {
            let dated = fields::date(file, &d.date, diags);
            let measured = fields::duration(file, &d.measured, diags);
            let (date, at) = dated?;
            Some(Drill {
                date,
                at,
                scenario: d.scenario.clone(),
                measured,
                result: d.result.clone(),
            })
        })
        .collect();
    p
}
