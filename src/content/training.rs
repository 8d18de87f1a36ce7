//! Training records (教育・訓練), `content/training.yaml`: the kinds of
//! training with how often each is due, and the sessions held with their
//! attendance, results and follow-up actions.

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

use super::fields::{self, At, Ref};
use crate::diag::Diagnostic;
use crate::source::SourceFile;
use crate::yaml::Spanned;

pub const FILE: &str = "content/training.yaml";

#[derive(Debug, Clone)]
pub struct TrainingKind {
    pub id: String,
    pub at: At,
    pub name: String,
    /// Days between sessions; `None` means the handbook's `training_days`.
    pub interval_days: Option<u32>,
    /// 周知: its sessions tell staff of a revision of a regulation, so they
    /// are due after each revision (W026), not at an interval.
    pub notice: bool,
}

#[derive(Debug, Clone)]
pub struct FollowUp {
    pub action: String,
    pub owner: Option<Ref>,
    pub due: Option<(NaiveDate, At)>,
    pub done: Option<NaiveDate>,
    /// `done` was written but could not be read (already an error): when
    /// it was done is not known, so it is not reported as overdue too.
    pub done_unreadable: bool,
}

impl FollowUp {
    /// Done on or before `as_of`.
    pub fn done_by(&self, as_of: NaiveDate) -> Option<NaiveDate> {
        self.done.filter(|d| *d <= as_of)
    }

    /// Past its due date on `as_of` and not done by then (the W014 rule).
    pub fn is_overdue(&self, as_of: NaiveDate) -> bool {
        !self.done_unreadable
            && self.done_by(as_of).is_none()
            && self.due.is_some_and(|(d, _)| d < as_of)
    }
}

#[derive(Debug, Clone)]
pub struct Session {
    pub date: NaiveDate,
    pub at: At,
    pub kind: Ref,
    pub title: String,
    pub audience: Option<String>,
    /// 対象者数 and 受講者数.
    pub target: Option<u32>,
    pub attended: Option<u32>,
    pub attended_at: At,
    pub results: Option<String>,
    pub follow_up: Vec<FollowUp>,
    /// For a 周知: the regulation and the revision (its 改定履歴 date) staff
    /// were told of.
    pub regulation: Option<Ref>,
    pub revision: Option<(NaiveDate, At)>,
    /// `revision` was written but could not be read (already an error):
    /// not also "no revision", nor a missing 周知.
    pub revision_unreadable: bool,
}

impl Session {
    /// Whether this session is a 周知 of `revision` of regulation `id`.
    pub fn tells_of(&self, id: &str, revision: NaiveDate) -> bool {
        self.regulation.as_ref().is_some_and(|r| r.id == id)
            && self.revision.is_some_and(|(d, _)| d == revision)
    }

    /// Attendance in percent, when both numbers are known.
    pub fn rate(&self) -> Option<f64> {
        match (self.attended, self.target) {
            (Some(a), Some(t)) if t > 0 => Some(f64::from(a) * 100.0 / f64::from(t)),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Training {
    pub file: String,
    /// False when the file could not be parsed: references into it are
    /// then not checked, so one broken file is one error.
    pub complete: bool,
    pub kinds: Vec<TrainingKind>,
    /// In date order.
    pub sessions: Vec<Session>,
    /// Sessions whose date could not be read (already an error): their
    /// other fields are checked, but they count for nothing, and no rule
    /// they might have met is reported (one bad date, one diagnostic).
    /// Their `date` is `NaiveDate::MIN`. (A session whose date is still
    /// the blank mark is not one: it has not been held yet.)
    pub undated: Vec<Session>,
    /// The sessions (places in `sessions`) that name each regulation, by
    /// its id: every regulation page and 周知 sheet asks for its own.
    told: std::collections::HashMap<String, Vec<usize>>,
}

/// Who was told of one revision: the 周知 sessions held by a date.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Coverage {
    pub sessions: usize,
    pub target: u32,
    pub attended: u32,
    pub last: Option<NaiveDate>,
}

impl Coverage {
    /// Attendance in percent, when targets were recorded.
    pub fn rate(&self) -> Option<f64> {
        (self.target > 0).then(|| f64::from(self.attended) * 100.0 / f64::from(self.target))
    }
}

impl Training {
    /// The 周知 of `revision` of regulation `id` held on or before `as_of`.
    pub fn coverage(&self, id: &str, revision: NaiveDate, as_of: NaiveDate) -> Coverage {
        let mut c = Coverage::default();
        for s in self
            .naming(id)
            .filter(|s| s.date <= as_of && s.tells_of(id, revision))
        {
            c.sessions += 1;
            if let (Some(a), Some(t)) = (s.attended, s.target) {
                c.attended += a;
                c.target += t;
            }
            c.last = c.last.max(Some(s.date));
        }
        c
    }

    /// The dated sessions that name regulation `id`, in date order.
    pub fn naming(&self, id: &str) -> impl Iterator<Item = &Session> {
        let told = self.told.get(id).map_or(&[][..], Vec::as_slice);
        told.iter().map(|&i| &self.sessions[i])
    }

    /// Whether a session of `kind` has no date that could be read: when it
    /// was last held is then not known.
    pub fn has_undated(&self, kind: &str) -> bool {
        self.undated.iter().any(|s| s.kind.id == kind)
    }

    /// Whether a 周知 of regulation `id` is recorded without a date or a
    /// revision that could be read: whether staff were told is then not
    /// known.
    pub fn notice_uncertain(&self, id: &str) -> bool {
        self.sessions
            .iter()
            .filter(|s| s.revision_unreadable)
            .chain(&self.undated)
            .any(|s| s.regulation.as_ref().is_some_and(|r| r.id == id))
    }

    /// Every session, dated or not: for the checks of references.
    pub fn all_sessions(&self) -> impl Iterator<Item = &Session> {
        self.sessions.iter().chain(&self.undated)
    }

    /// The last session of a kind held on or before `as_of`.
    pub fn last_held(&self, kind: &str, as_of: NaiveDate) -> Option<NaiveDate> {
        self.sessions
            .iter()
            .filter(|s| s.kind.id == kind && s.date <= as_of)
            .map(|s| s.date)
            .max()
    }
}

/// The Japanese fiscal year (年度, April to March) a date falls in.
pub fn fiscal_year(d: NaiveDate) -> i32 {
    if d.month() >= 4 {
        d.year()
    } else {
        d.year() - 1
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Source {
    kinds: Vec<KindSource>,
    #[serde(default)]
    sessions: Vec<SessionSource>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KindSource {
    id: Spanned<String>,
    name: String,
    #[serde(default)]
    interval_days: Option<Spanned<String>>,
    #[serde(default)]
    notice: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SessionSource {
    date: Spanned<String>,
    kind: Spanned<String>,
    title: String,
    #[serde(default)]
    audience: Option<String>,
    #[serde(default)]
    target: Option<Spanned<String>>,
    #[serde(default)]
    attended: Option<Spanned<String>>,
    #[serde(default)]
    results: Option<String>,
    #[serde(default)]
    follow_up: Vec<FollowUpSource>,
    #[serde(default)]
    regulation: Option<Spanned<String>>,
    #[serde(default)]
    revision: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FollowUpSource {
    action: String,
    #[serde(default)]
    owner: Option<Spanned<String>>,
    #[serde(default)]
    due: Option<Spanned<String>>,
    #[serde(default)]
    done: Option<Spanned<String>>,
}

/// The training records, in messages.
const WHAT: crate::yaml::What = ("教育・訓練の記録", "the training records");

pub const EXAMPLE: &str = "kinds:\n  - id: education\n    name: 情報セキュリティ教育\nsessions:\n  - date: 2026-06-12\n    kind: education\n    title: 全職員研修\n    target: 420\n    attended: 388";

pub fn load(file: &SourceFile, diags: &mut Vec<Diagnostic>) -> Training {
    let mut out = Training {
        file: file.rel.clone(),
        ..Training::default()
    };
    let Some(src) = fields::read_yaml::<Source>(file, WHAT, EXAMPLE, diags) else {
        return out;
    };
    out.complete = true;
    out.kinds = src
        .kinds
        .iter()
        .map(|k| {
            let id = Ref::new(&k.id);
            let days: Option<u64> =
                fields::whole(file, &k.interval_days, "interval_days", WHAT, diags);
            let days = days.map(|d| u32::try_from(d).unwrap_or(u32::MAX));
            let interval_days = days.zip(k.interval_days.as_ref()).and_then(|(days, d)| {
                let Some(problem) = crate::content::date::interval_problem(days) else {
                    return Some(days);
                };
                let (line, column) = crate::yaml::position(d, 1);
                diags.push(
                    file.error_at(
                        "E014",
                        line,
                        column,
                        format!("interval_days: {}", problem.ja),
                    )
                    .en(format!(
                        "interval_days = {days} is out of range (1 to 36500)"
                    ))
                    .help("間隔を1日から36500日の間で書いてください（例: 365）")
                    .help_en("write the interval in days, between 1 and 36500 (e.g. 365)"),
                );
                None
            });
            TrainingKind {
                id: id.id,
                at: id.at,
                name: k.name.clone(),
                interval_days,
                notice: fields::flag(file, &k.notice, "notice", WHAT, diags).unwrap_or(false),
            }
        })
        .collect();
    for s in &src.sessions {
        let dated = fields::date(file, &s.date, diags);
        let at = dated.map_or_else(|| crate::yaml::position(&s.date, 1), |(_, at)| at);
        let follow_up = s
            .follow_up
            .iter()
            .map(|f| {
                let done = fields::opt_date(file, &f.done, diags).map(|d| d.0);
                FollowUp {
                    action: f.action.clone(),
                    owner: f.owner.as_ref().map(Ref::new),
                    due: fields::opt_date(file, &f.due, diags),
                    done,
                    done_unreadable: fields::unreadable_date(&f.done),
                }
            })
            .collect();
        let revision = fields::opt_date(file, &s.revision, diags);
        let session = Session {
            date: dated.map_or(NaiveDate::MIN, |(d, _)| d),
            at,
            kind: Ref::new(&s.kind),
            title: s.title.clone(),
            audience: s.audience.clone(),
            target: fields::whole(file, &s.target, "target", WHAT, diags),
            attended: fields::whole(file, &s.attended, "attended", WHAT, diags),
            attended_at: s
                .attended
                .as_ref()
                .map_or(at, |a| crate::yaml::position(a, 1)),
            results: s.results.clone(),
            follow_up,
            regulation: s.regulation.as_ref().map(Ref::new),
            revision,
            revision_unreadable: fields::unreadable_date(&s.revision),
        };
        if dated.is_some() {
            out.sessions.push(session);
        } else if fields::unreadable_date(&Some(s.date.clone())) {
            out.undated.push(session);
        }
    }
    out.sessions.sort_by_key(|s| s.date);
    for (i, s) in out.sessions.iter().enumerate() {
        if let Some(r) = &s.regulation {
            out.told.entry(r.id.clone()).or_default().push(i);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coverage_counts_the_notices_of_one_revision_held_by_a_date() {
        let text = "kinds:\n  - id: notice\n    name: 周知\n    notice: true\nsessions:\n  - date: 2025-04-20\n    kind: notice\n    title: a\n    regulation: r\n    revision: 2025-04-01\n    target: 100\n    attended: 90\n  - date: 2025-05-20\n    kind: notice\n    title: b\n    regulation: r\n    revision: 2025-04-01\n    target: 10\n    attended: 10\n  - date: 2025-05-21\n    kind: notice\n    title: other revision\n    regulation: r\n    revision: 2024-04-01\n";
        let file = SourceFile::new(FILE.into(), FILE.into(), text.into());
        let mut diags = Vec::new();
        let t = load(&file, &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        assert!(t.kinds[0].notice);
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let c = t.coverage("r", d(2025, 4, 1), d(2025, 12, 31));
        assert_eq!((c.sessions, c.attended, c.target), (2, 100, 110));
        assert_eq!(c.last, Some(d(2025, 5, 20)));
        assert!((c.rate().unwrap() - 90.909).abs() < 0.01);
        // A session after the as-of date had not happened yet.
        assert_eq!(t.coverage("r", d(2025, 4, 1), d(2025, 5, 1)).sessions, 1);
        assert_eq!(t.coverage("x", d(2025, 4, 1), d(2025, 12, 31)).sessions, 0);
    }
}
