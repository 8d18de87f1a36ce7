//! Views of the records the 情報システム部門 keeps: backup-recovery
//! procedures with their drills, and the training ledger with its yearly
//! summary, chart and due dates.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::barchart;
use super::contacts::{ContactView, view_of, views_of};
use crate::content::Handbook;
use crate::content::date::{days_after, iso, nendo, wareki};
use crate::content::fields::format_minutes;
use crate::content::procedure::Procedure;
use crate::content::training::{Training, fiscal_year};
use crate::routes::Route;

#[derive(Serialize)]
struct BackupView {
    what: String,
    method: Option<String>,
    frequency: Option<String>,
    media: Option<String>,
    generations: Option<u32>,
    offsite: Option<String>,
    offline: bool,
}

#[derive(Serialize)]
struct StepView {
    text: String,
    who: Option<ContactView>,
}

#[derive(Serialize)]
struct DrillView {
    date: String,
    iso: String,
    scenario: String,
    measured: Option<String>,
    /// "ok", "over" (longer than the RTO) or "" when either is unknown.
    against_rto: &'static str,
    result: Option<String>,
    /// After the as-of date: planned, not held.
    planned: bool,
}

#[derive(Serialize)]
pub struct ProcedureView {
    id: String,
    href: String,
    system: String,
    summary: Option<String>,
    owner: Option<ContactView>,
    contacts: Vec<ContactView>,
    backups: Vec<BackupView>,
    rto: Option<String>,
    rpo: Option<String>,
    steps: Vec<StepView>,
    downtime: Vec<String>,
    drills: Vec<DrillView>,
    last_drill: Option<String>,
    next_drill: Option<String>,
    /// The drill interval has passed (the W011 rule) as of the build's date.
    drill_overdue: bool,
    offline_copy: bool,
}

pub fn procedure_view(hb: &Handbook, p: &Procedure, root: &str, as_of: NaiveDate) -> ProcedureView {
    let days = hb.config.review.backup_drill_days;
    let last = p.last_drill(as_of);
    let one = |id: &str| view_of(hb, id, root, as_of);
    let mut drills: Vec<&crate::content::procedure::Drill> = p.drills.iter().collect();
    drills.sort_by_key(|d| std::cmp::Reverse(d.date));
    ProcedureView {
        id: p.id.clone(),
        href: Route::Procedure(p.id.clone()).href(root),
        system: p.system.clone(),
        summary: p.summary.clone(),
        owner: p.owner.as_ref().and_then(|r| one(&r.id)),
        contacts: views_of(hb, p.contacts.iter().map(|r| r.id.as_str()), root, as_of),
        backups: p
            .backups
            .iter()
            .map(|b| BackupView {
                what: b.what.clone(),
                method: b.method.clone(),
                frequency: b.frequency.clone(),
                media: b.media.clone(),
                generations: b.generations,
                offsite: b.offsite.clone(),
                offline: b.offline,
            })
            .collect(),
        rto: crate::content::fields::minutes_or_blank(p.rto, p.rto_blank),
        rpo: crate::content::fields::minutes_or_blank(p.rpo, p.rpo_blank),
        steps: p
            .steps
            .iter()
            .map(|s| StepView {
                text: s.text.clone(),
                who: s.who.as_ref().and_then(|r| one(&r.id)),
            })
            .collect(),
        downtime: p.downtime.clone(),
        drills: drills
            .iter()
            .map(|d| DrillView {
                date: wareki(d.date),
                iso: iso(d.date),
                scenario: d.scenario.clone(),
                measured: d.measured.map(format_minutes),
                against_rto: match (d.measured, p.rto) {
                    (Some(m), Some(r)) if m > r => "over",
                    (Some(_), Some(_)) => "ok",
                    _ => "",
                },
                result: d.result.clone(),
                planned: d.date > as_of,
            })
            .collect(),
        last_drill: last.map(|d| wareki(d.date)),
        next_drill: last.and_then(|d| days_after(d.date, days)).map(wareki),
        drill_overdue: p.drill_overdue(as_of, days),
        offline_copy: p.backups.iter().any(|b| b.offline),
    }
}

#[derive(Serialize)]
struct FollowUpView {
    action: String,
    owner: Option<ContactView>,
    due: Option<String>,
    done: Option<String>,
    overdue: bool,
}

#[derive(Serialize)]
struct SessionView {
    date: String,
    iso: String,
    kind: String,
    title: String,
    audience: Option<String>,
    target: Option<u32>,
    attended: Option<u32>,
    rate: Option<String>,
    results: Option<String>,
    follow_up: Vec<FollowUpView>,
    planned: bool,
}

#[derive(Serialize)]
struct DueView {
    /// The row's anchor, which `training:ID` links to.
    anchor: String,
    /// A 周知 kind: due after each revision, not at an interval.
    notice: bool,
    kind: String,
    interval: String,
    last: Option<String>,
    next: Option<String>,
    overdue: bool,
}

#[derive(Serialize)]
struct YearCell {
    sessions: usize,
    target: u32,
    attended: u32,
    rate: Option<String>,
}

#[derive(Serialize)]
struct YearRow {
    /// 令和7年度, as every other date of the handbook is written.
    label: String,
    /// 2025年度: the year the 年度 starts, for the reader who counts in
    /// 西暦 (and to sort and compare across an era's change).
    seireki: String,
    cells: Vec<YearCell>,
}

#[derive(Serialize)]
pub struct TrainingView {
    kinds: Vec<String>,
    due: Vec<DueView>,
    years: Vec<YearRow>,
    chart: String,
    /// Newest first.
    sessions: Vec<SessionView>,
    open_follow_ups: usize,
    /// 周知 of each revision (the current and pending ones, and any other
    /// with a record).
    notices: Vec<NoticeRow>,
}

#[derive(Serialize)]
struct NoticeRow {
    regulation: String,
    href: String,
    revision: String,
    revision_iso: String,
    note: String,
    /// 施行予定, 現行 or 旧版.
    standing: &'static str,
    coverage: String,
    /// The next 周知 planned (a session after the as-of date).
    planned: Option<String>,
    /// In force longer than review.notice_days with no record (W026).
    overdue: bool,
    sheet_href: String,
}

fn percent(attended: u32, target: u32) -> Option<f64> {
    (target > 0).then(|| f64::from(attended) * 100.0 / f64::from(target))
}

/// Who was told of which revision: for each regulation, the revision in
/// force, those to come, and any earlier one with a record.
fn notice_rows(hb: &Handbook, t: &Training, as_of: NaiveDate) -> Vec<NoticeRow> {
    let mut rows = Vec::new();
    for reg in &hb.regulations {
        let newest = reg.newest();
        let current = newest
            .history
            .iter()
            .filter(|h| h.date != NaiveDate::MIN && h.date <= as_of)
            .map(|h| h.date)
            .max();
        for h in newest.history.iter().filter(|h| h.date != NaiveDate::MIN) {
            let c = t.coverage(&reg.id, h.date, as_of);
            let standing = if h.date > as_of {
                "施行予定"
            } else if Some(h.date) == current {
                "現行"
            } else {
                "旧版"
            };
            if standing == "旧版" && c.sessions == 0 {
                continue;
            }
            rows.push(NoticeRow {
                regulation: reg.title.clone(),
                href: Route::Regulation(reg.id.clone()).href(""),
                revision: wareki(h.date),
                revision_iso: iso(h.date),
                note: h.note.clone(),
                standing,
                coverage: super::evidence::coverage_text(&c),
                planned: t
                    .naming(&reg.id)
                    .filter(|s| s.date > as_of && s.tells_of(&reg.id, h.date))
                    .map(|s| wareki(s.date))
                    .next(),
                overdue: standing == "現行"
                    && c.sessions == 0
                    && (as_of - h.date).num_days() > i64::from(hb.config.review.notice_days),
                sheet_href: Route::notice(reg, h.date).href(""),
            });
        }
    }
    rows
}

pub fn training_view(hb: &Handbook, t: &Training, as_of: NaiveDate) -> TrainingView {
    let root = "";
    let kind_name = |id: &str| {
        t.kinds
            .iter()
            .find(|k| k.id == id)
            .map_or_else(|| id.to_string(), |k| k.name.clone())
    };
    let due = t
        .kinds
        .iter()
        .map(|k| {
            let days = k.interval_days.unwrap_or(hb.config.review.training_days);
            let last = t.last_held(&k.id, as_of);
            let next = last.and_then(|d| days_after(d, days));
            DueView {
                anchor: crate::routes::training_anchor(&k.id),
                notice: k.notice,
                kind: k.name.clone(),
                interval: format!("{days}日ごと"),
                last: last.map(wareki),
                next: next.map(wareki),
                overdue: !k.notice && next.is_none_or(|n| n < as_of),
            }
        })
        .collect();
    // Held sessions by 年度 and kind: (count, target, attended). The 周知
    // of revisions have their own table, by revision.
    let yearly: Vec<&crate::content::training::TrainingKind> =
        t.kinds.iter().filter(|k| !k.notice).collect();
    let mut by_year: BTreeMap<i32, Vec<(usize, u32, u32)>> = BTreeMap::new();
    for s in t.sessions.iter().filter(|s| s.date <= as_of) {
        let Some(k) = yearly.iter().position(|k| k.id == s.kind.id) else {
            continue;
        };
        let row = by_year
            .entry(fiscal_year(s.date))
            .or_insert_with(|| vec![(0, 0, 0); yearly.len()]);
        row[k].0 += 1;
        if let (Some(a), Some(tg)) = (s.attended, s.target) {
            row[k].1 += tg;
            row[k].2 += a;
        }
    }
    let years: Vec<YearRow> = by_year
        .iter()
        .map(|(y, cells)| YearRow {
            label: nendo(*y),
            seireki: format!("{y}年度"),
            cells: cells
                .iter()
                .map(|&(n, tg, a)| YearCell {
                    sessions: n,
                    target: tg,
                    attended: a,
                    rate: percent(a, tg).map(|r| format!("{r:.1}%")),
                })
                .collect(),
        })
        .collect();
    let series: Vec<barchart::Series> = yearly
        .iter()
        .map(|k| barchart::Series {
            name: k.name.clone(),
        })
        .collect();
    let groups: Vec<barchart::Group> = by_year
        .iter()
        .map(|(y, cells)| barchart::Group {
            label: nendo(*y),
            values: cells.iter().map(|&(_, tg, a)| percent(a, tg)).collect(),
        })
        .collect();
    let chart = barchart::render(&series, &groups, "年度別の受講率");

    let mut open = 0;
    let mut sessions: Vec<SessionView> = t
        .sessions
        .iter()
        .map(|s| SessionView {
            date: wareki(s.date),
            iso: iso(s.date),
            kind: kind_name(&s.kind.id),
            title: s.title.clone(),
            audience: s.audience.clone(),
            target: s.target,
            attended: s.attended,
            rate: s.rate().map(|r| format!("{r:.1}%")),
            results: s.results.clone(),
            follow_up: s
                .follow_up
                .iter()
                .map(|f| {
                    let done = f.done_by(as_of);
                    if done.is_none() {
                        open += 1;
                    }
                    FollowUpView {
                        action: f.action.clone(),
                        owner: f
                            .owner
                            .as_ref()
                            .and_then(|r| view_of(hb, &r.id, root, as_of)),
                        due: f.due.map(|(d, _)| wareki(d)),
                        done: done.map(wareki),
                        overdue: f.is_overdue(as_of),
                    }
                })
                .collect(),
            planned: s.date > as_of,
        })
        .collect();
    sessions.reverse();
    let notices = notice_rows(hb, t, as_of);
    TrainingView {
        notices,
        kinds: yearly.iter().map(|k| k.name.clone()).collect(),
        due,
        years,
        chart,
        sessions,
        open_follow_ups: open,
    }
}
