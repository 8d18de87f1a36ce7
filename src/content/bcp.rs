//! The business-continuity plan (事業継続計画, BCP) of the 医療情報システム
//! 部門, `content/bcp.yaml`: its basis and policy, the team (体制, contacts by
//! id), the target recovery time of each system (linked to the procedures'
//! RTO/RPO) with its paper fallback, and the actions of the five phases
//! the MHLW guidance orders a plan by: 平時の備え → 検知 → 初動対応 → 復旧 →
//! 事後対応. Each action says who does it and how soon, which is what the
//! role cards are made of.

use chrono::NaiveDate;
use serde::Deserialize;

use super::fields::{self, At, OneOrMany, Ref};
use crate::diag::Diagnostic;
use crate::source::SourceFile;
use crate::yaml::{self, Spanned};

pub const FILE: &str = "content/bcp.yaml";

/// The five phases, in the order the plan is read and carried out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Phase {
    Prepare,
    Detect,
    Respond,
    Recover,
    After,
}

impl Phase {
    pub const ALL: [Phase; 5] = [
        Phase::Prepare,
        Phase::Detect,
        Phase::Respond,
        Phase::Recover,
        Phase::After,
    ];

    /// The key in `phases:` and the anchor on the page.
    pub fn key(self) -> &'static str {
        match self {
            Phase::Prepare => "prepare",
            Phase::Detect => "detect",
            Phase::Respond => "respond",
            Phase::Recover => "recover",
            Phase::After => "after",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Phase::Prepare => "平時の備え",
            Phase::Detect => "検知",
            Phase::Respond => "初動対応",
            Phase::Recover => "復旧",
            Phase::After => "事後対応",
        }
    }
}

/// One thing to do in a phase.
#[derive(Debug, Clone)]
pub struct Action {
    pub text: String,
    pub detail: Option<String>,
    /// Whose job it is (contacts); an action with two roles (部門責任者,
    /// 夜間・休日は当直管理者) is on both their cards.
    pub who: Vec<Ref>,
    /// How soon after the incident is noticed, in minutes.
    pub within: Option<u32>,
    /// Whom to call while doing it.
    pub call: Vec<Ref>,
    /// The form (様式) it fills in, by id.
    pub form: Option<(String, At)>,
    /// Systems of the plan it concerns.
    pub systems: Vec<Ref>,
    /// The full rule or procedure (`reg:`, `page:`, `procedure:` …).
    pub link: Option<(String, At)>,
}

/// A role of the team (体制) and who fills it.
#[derive(Debug, Clone)]
pub struct Member {
    /// The role in the plan: 統括責任者, 復旧責任者 ….
    pub role: String,
    pub contact: Ref,
    pub duties: Vec<String>,
}

/// A system the plan recovers, in order of priority.
#[derive(Debug, Clone)]
pub struct System {
    pub id: String,
    pub at: At,
    /// Shown name; the procedure's system name when left out.
    pub name: Option<String>,
    /// The procedure (`content/procedures/ID.yaml`) that recovers it.
    pub procedure: Option<(String, At)>,
    /// The plan's 目標復旧時間, in minutes, and where it is written.
    pub rto: Option<(u32, At)>,
    /// The plan's 目標復旧時点, in minutes.
    pub rpo: Option<u32>,
    /// `rto` / `rpo` still written as 未記入.
    pub rto_blank: bool,
    pub rpo_blank: bool,
    /// Whom to call for it (a vendor) besides the procedure's contacts.
    pub contacts: Vec<Ref>,
    /// 代替手段・紙運用 while it is down, besides the procedure's own.
    pub alternative: Vec<String>,
}

/// One line of the plan's 改定履歴.
#[derive(Debug, Clone)]
pub struct Revision {
    pub date: NaiveDate,
    pub at: At,
    pub note: String,
}

#[derive(Debug, Clone, Default)]
pub struct Bcp {
    pub file: String,
    /// False when the file could not be parsed: references into it are
    /// then not checked, so one broken file is one error.
    pub complete: bool,
    pub title: Option<String>,
    /// The rule that requires the plan (`reg:ID#第17条`).
    pub basis: Option<(String, At)>,
    /// 基本方針.
    pub policy: Option<String>,
    /// 対象範囲.
    pub scope: Option<String>,
    pub history: Vec<Revision>,
    pub team: Vec<Member>,
    pub systems: Vec<System>,
    /// Every phase, in order, with its actions (possibly none).
    pub phases: Vec<(Phase, Vec<Action>)>,
}

impl Bcp {
    pub fn system(&self, id: &str) -> Option<&System> {
        self.systems.iter().find(|s| s.id == id)
    }

    /// Every action with its phase, in plan order.
    pub fn actions(&self) -> impl Iterator<Item = (Phase, &Action)> {
        self.phases
            .iter()
            .flat_map(|(p, actions)| actions.iter().map(move |a| (*p, a)))
    }

    /// The day the plan in force on `as_of` was last revised.
    pub fn revised(&self, as_of: NaiveDate) -> Option<(NaiveDate, At)> {
        self.history
            .iter()
            .filter(|r| r.date <= as_of)
            .max_by_key(|r| r.date)
            .map(|r| (r.date, r.at))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Source {
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    basis: Option<Spanned<String>>,
    #[serde(default)]
    policy: Option<String>,
    #[serde(default)]
    scope: Option<String>,
    #[serde(default)]
    history: Vec<RevisionSource>,
    #[serde(default)]
    team: Vec<MemberSource>,
    #[serde(default)]
    systems: Vec<SystemSource>,
    #[serde(default)]
    phases: PhasesSource,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RevisionSource {
    date: Spanned<String>,
    note: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MemberSource {
    role: String,
    contact: Spanned<String>,
    #[serde(default)]
    duties: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SystemSource {
    id: Spanned<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    procedure: Option<Spanned<String>>,
    #[serde(default)]
    rto: Option<Spanned<String>>,
    #[serde(default)]
    rpo: Option<Spanned<String>>,
    #[serde(default)]
    contacts: Vec<Spanned<String>>,
    #[serde(default)]
    alternative: Vec<String>,
}

/// The phases by their fixed names, so a misspelt phase is E010 with the
/// nearest name.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct PhasesSource {
    #[serde(default)]
    prepare: Vec<ActionSource>,
    #[serde(default)]
    detect: Vec<ActionSource>,
    #[serde(default)]
    respond: Vec<ActionSource>,
    #[serde(default)]
    recover: Vec<ActionSource>,
    #[serde(default)]
    after: Vec<ActionSource>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ActionSource {
    text: String,
    #[serde(default)]
    detail: Option<String>,
    #[serde(default)]
    who: Option<Spanned<OneOrMany>>,
    #[serde(default)]
    within: Option<Spanned<String>>,
    #[serde(default)]
    call: Option<Spanned<OneOrMany>>,
    #[serde(default)]
    form: Option<Spanned<String>>,
    #[serde(default)]
    systems: Vec<Spanned<String>>,
    #[serde(default)]
    link: Option<Spanned<String>>,
}

pub const EXAMPLE: &str = "title: 医療情報システム部門の事業継続計画（BCP）\nsystems:\n  - id: emr\n    procedure: emr\n    rto: 4時間\nphases:\n  respond:\n    - text: 影響範囲を確認し、感染の疑いがある端末を切り離す\n      who: it-dept\n      within: 1時間";

fn spanned_link(s: &Option<Spanned<String>>) -> Option<(String, At)> {
    s.as_ref()
        .map(|l| (l.value.trim().to_string(), yaml::position(l, 1)))
}

pub fn load(file: &SourceFile, diags: &mut Vec<Diagnostic>) -> Bcp {
    let mut out = Bcp {
        file: file.rel.clone(),
        ..Bcp::default()
    };
    let Some(src) = fields::read_yaml::<Source>(file, ("BCP", "the BCP"), EXAMPLE, diags) else {
        return out;
    };
    out.complete = true;
    out.title = src.title;
    out.basis = spanned_link(&src.basis);
    out.policy = src.policy;
    out.scope = src.scope;
    out.history = src
        .history
        .iter()
        .filter_map(|h| {
            let (date, at) = fields::date(file, &h.date, diags)?;
            Some(Revision {
                date,
                at,
                note: h.note.clone(),
            })
        })
        .collect();
    out.team = src
        .team
        .iter()
        .map(|m| Member {
            role: m.role.clone(),
            contact: Ref::new(&m.contact),
            duties: m.duties.clone(),
        })
        .collect();
    out.systems = src
        .systems
        .iter()
        .map(|s| {
            let id = Ref::new(&s.id);
            System {
                id: id.id,
                at: id.at,
                name: s.name.clone(),
                procedure: spanned_link(&s.procedure),
                rto: fields::duration(file, &s.rto, diags)
                    .zip(s.rto.as_ref().map(|r| yaml::position(r, 1))),
                rpo: fields::duration(file, &s.rpo, diags),
                rto_blank: fields::blank(&s.rto),
                rpo_blank: fields::blank(&s.rpo),
                contacts: s.contacts.iter().map(Ref::new).collect(),
                alternative: s.alternative.clone(),
            }
        })
        .collect();
    let action = |a: &ActionSource, diags: &mut Vec<Diagnostic>| Action {
        text: a.text.clone(),
        detail: a.detail.clone(),
        who: a.who.as_ref().map(fields::refs).unwrap_or_default(),
        within: fields::duration(file, &a.within, diags),
        call: a.call.as_ref().map(fields::refs).unwrap_or_default(),
        form: spanned_link(&a.form),
        systems: a.systems.iter().map(Ref::new).collect(),
        link: spanned_link(&a.link),
    };
    let p = &src.phases;
    for (phase, list) in Phase::ALL
        .into_iter()
        .zip([&p.prepare, &p.detect, &p.respond, &p.recover, &p.after])
    {
        let actions = list.iter().map(|a| action(a, diags)).collect();
        out.phases.push((phase, actions));
    }
    out
}
