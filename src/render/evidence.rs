//! The evidence an inspection (保健所の立入検査) asks for: the checklist
//! sheet, the vendors with what they returned, a 周知確認書 per revision,
//! and the inspector's index with the bundle to print.

use chrono::NaiveDate;
use serde::Serialize;

use super::contacts::PhoneView;
use super::{Crumb, Link, Renderer, binder};
use crate::content::Handbook;
use crate::content::checklist::{Answer, Checklist, Edition};
use crate::content::contacts::{Contact, Kind};
use crate::content::date::{iso, nendo, seireki, wareki};
use crate::content::regulation::{Regulation, Standing};
use crate::content::training::fiscal_year;
use crate::resolve::links::Resolved;
use crate::routes::{self, Route};

/// What a page of the handbook is called in lists and links.
pub fn route_title(hb: &Handbook, route: &Route) -> String {
    match route {
        Route::Index => "ホーム".into(),
        Route::Incident => "緊急時対応".into(),
        Route::Contacts => "連絡体制図".into(),
        Route::Severity => "深刻度と報告先".into(),
        Route::Procedures => "バックアップ・復旧手順".into(),
        Route::Procedure(id) => hb
            .procedure(id)
            .map_or_else(|| id.clone(), |p| format!("{} 復旧手順", p.system)),
        Route::Training => "教育・訓練の記録".into(),
        Route::Forms => "様式".into(),
        Route::Form(id) => hb.form(id).map_or_else(|| id.clone(), |f| f.title.clone()),
        Route::Regulations => "規程一覧".into(),
        Route::Regulation(id) | Route::Version(id, _) => hb
            .regulation(id)
            .map_or_else(|| id.clone(), |r| r.title.clone()),
        Route::Compare(id, _) => format!(
            "新旧対照表（{}）",
            route_title(hb, &Route::Regulation(id.clone()))
        ),
        Route::Notice(id, _) => format!(
            "周知確認書（{}）",
            route_title(hb, &Route::Regulation(id.clone()))
        ),
        Route::Changes => "改定一覧".into(),
        Route::Page(id) => hb.page(id).map_or_else(|| id.clone(), |p| p.title.clone()),
        Route::Print => "印刷用冊子".into(),
        Route::Search => "検索".into(),
        Route::Inspection => "立入検査用資料一覧".into(),
        Route::InspectionPrint => "立入検査用資料（印刷用）".into(),
        Route::Checklist => "サイバーセキュリティ対策チェックリスト".into(),
        Route::Vendors => "委託先・ベンダー".into(),
        Route::Poster => "緊急時対応ポスター".into(),
        Route::Cards => "役割別アクションカード".into(),
        Route::Wallet => "携帯カード".into(),
        Route::Bcp => hb
            .bcp
            .as_ref()
            .and_then(|b| b.title.clone())
            .unwrap_or_else(|| "事業継続計画（BCP）".into()),
        Route::Distribution => "配布管理台帳".into(),
        Route::SearchIndex | Route::Asset(_) => route.path(),
    }
}

/// One evidence link as the sheet shows it.
#[derive(Serialize)]
pub struct EvidenceView {
    label: String,
    href: Option<String>,
}

/// The label of a link written `dest` that resolved to `resolved`:
/// 医療情報システム安全管理規程 第3条, 連絡体制図：情報システム部門 …
fn evidence_label(hb: &Handbook, dest: &str, resolved: &Resolved) -> String {
    let fragment = dest.split_once('#').map(|(_, f)| f);
    match resolved {
        Resolved::Page {
            route: Route::Regulation(id),
            ..
        } => {
            let title = route_title(hb, &Route::Regulation(id.clone()));
            match fragment {
                Some(f) => format!("{title} {f}"),
                None => title,
            }
        }
        Resolved::Page {
            route: Route::Training,
            ..
        } if dest.starts_with("training:") => {
            let id = dest.trim_start_matches("training:");
            let id = id.split('#').next().unwrap_or(id);
            let name = hb
                .training
                .as_ref()
                .and_then(|t| t.kinds.iter().find(|k| k.id == id))
                .map_or(id, |k| k.name.as_str());
            format!("教育・訓練の記録（{name}）")
        }
        Resolved::Page { route, .. } => route_title(hb, route),
        Resolved::Contact(id) => {
            let name = hb.contact(id).map_or(id.as_str(), |c| c.name.as_str());
            format!("連絡体制図：{name}")
        }
        Resolved::External(url) => url.clone(),
    }
}

#[derive(Serialize)]
struct ItemView {
    anchor: String,
    number: String,
    text: String,
    scope: Option<String>,
    note: Option<String>,
    answer: Option<&'static str>,
    checked: Option<String>,
    checked_iso: Option<String>,
    /// 確認日 before the edition's 年度, or after the as-of date (W021).
    checked_stale: bool,
    target: Option<String>,
    target_iso: Option<String>,
    /// いいえ past its 目標日 (W020).
    overdue: bool,
    remark: Option<String>,
    evidence: Vec<EvidenceView>,
    verified: bool,
    unverified: Option<String>,
}

#[derive(Serialize)]
struct GroupView {
    number: u32,
    title: String,
    items: Vec<ItemView>,
}

#[derive(Serialize)]
struct SourceView {
    title: String,
    url: Option<String>,
    date: Option<String>,
    note: Option<String>,
}

#[derive(Serialize)]
struct ChecklistView {
    title: String,
    edition: String,
    sheet: String,
    fiscal_year: String,
    builtin: bool,
    answered_by: Option<String>,
    groups: Vec<GroupView>,
    sources: Vec<SourceView>,
    yes: usize,
    no: usize,
    unanswered: usize,
    overdue: usize,
    unverified: usize,
    last_checked: Option<String>,
}

#[derive(Serialize)]
struct VendorView {
    anchor: String,
    name: String,
    organization: Option<String>,
    contact_href: String,
    phone: Option<PhoneView>,
    systems: Vec<String>,
    remote: Option<bool>,
    mds: Option<String>,
    mds_iso: Option<String>,
    sheet: Option<String>,
    sheet_iso: Option<String>,
    /// ok: returned this 年度; missing: remote maintenance without one
    /// (W025); none: not returned, not required.
    sheet_status: &'static str,
    contract: Option<String>,
    procedures: Vec<Link>,
}

#[derive(Serialize)]
struct VendorsView {
    fiscal_year: String,
    vendors: Vec<VendorView>,
    missing: usize,
}

#[derive(Serialize)]
struct NoticeView {
    title: String,
    regulation_href: String,
    number: Option<String>,
    owner: Option<String>,
    revision: String,
    revision_seireki: String,
    revision_iso: String,
    approved: Option<String>,
    note: String,
    standing: &'static str,
    version_href: Option<String>,
    compare_href: Option<String>,
    /// The 新旧対照表's address on the intranet, printed on the sheet.
    compare_address: Option<String>,
    changes: Vec<String>,
    more_changes: usize,
    /// One sheet per department; "" for a sheet with a blank 部署名.
    sheets: Vec<String>,
    rows: Vec<usize>,
    coverage: Option<String>,
}

#[derive(Serialize)]
struct IndexRow {
    title: String,
    href: String,
    what: &'static str,
    updated: Option<String>,
    updated_iso: Option<String>,
    status: Option<String>,
}

#[derive(Serialize)]
struct ProcedureRow {
    title: String,
    href: String,
    rto: Option<String>,
    last_drill: Option<String>,
    last_drill_iso: Option<String>,
    overdue: bool,
}

#[derive(Serialize)]
struct RegulationRow {
    title: String,
    href: String,
    number: Option<String>,
    approved: Option<String>,
    effective: String,
    effective_iso: String,
    revision_note: Option<String>,
    notice: String,
    notice_href: Option<String>,
    pending: Option<String>,
}

#[derive(Serialize)]
struct InspectionView {
    rows: Vec<IndexRow>,
    procedures: Vec<ProcedureRow>,
    regulations: Vec<RegulationRow>,
    bundle_href: String,
}

/// 3回 358／420名（85.2%）, or 記録なし.
pub fn coverage_text(c: &crate::content::training::Coverage) -> String {
    if c.sessions == 0 {
        return "記録なし".into();
    }
    match c.rate() {
        Some(r) => format!("{}回 {}／{}名（{r:.1}%）", c.sessions, c.attended, c.target),
        None => format!("{}回", c.sessions),
    }
}

/// The 改定履歴 entry of `reg` in force on `as_of`, if any.
fn current_revision(
    reg: &Regulation,
    as_of: NaiveDate,
) -> Option<&crate::content::regulation::Revision> {
    reg.newest()
        .history
        .iter()
        .filter(|h| h.date != NaiveDate::MIN && h.date <= as_of)
        .max_by_key(|h| h.date)
}

impl Renderer<'_> {
    fn evidence(&self, dest: &str, root: &str) -> EvidenceView {
        match self.links.get(dest) {
            Some(Ok(r)) => EvidenceView {
                label: evidence_label(self.hb, dest, r),
                href: Some(r.href(root)),
            },
            _ => EvidenceView {
                label: dest.to_string(),
                href: None,
            },
        }
    }

    pub(super) fn checklist(&self, c: &Checklist) -> Result<Vec<u8>, String> {
        let route = Route::Checklist;
        let root = route.root();
        let Some(edition) = &c.edition else {
            return Err(format!("{}: the checklist names no known edition", c.file));
        };
        let fiscal_start = edition.fiscal_start();
        let (mut yes, mut no, mut unanswered, mut overdue) = (0, 0, 0, 0);
        let groups = edition
            .groups
            .iter()
            .map(|g| GroupView {
                number: g.number,
                title: g.title.clone(),
                items: g
                    .items
                    .iter()
                    .map(|i| {
                        let e = c.entry(&i.id);
                        let answer = e.and_then(|e| e.answer.map(|a| a.0));
                        match answer {
                            Some(Answer::Yes) => yes += 1,
                            Some(Answer::No) => no += 1,
                            None => unanswered += 1,
                        }
                        let late = answer == Some(Answer::No)
                            && e.and_then(|e| e.target)
                                .is_some_and(|(t, _)| t < self.as_of);
                        if late {
                            overdue += 1;
                        }
                        let checked = e.and_then(|e| e.checked).map(|c| c.0);
                        ItemView {
                            anchor: format!("item-{}", i.id),
                            number: Edition::number(g, i),
                            text: i.text.clone(),
                            scope: i.scope.clone(),
                            note: i.note.clone(),
                            answer: answer.map(Answer::japanese),
                            checked: checked.map(wareki),
                            checked_iso: checked.map(iso),
                            checked_stale: checked
                                .is_some_and(|d| d < fiscal_start || d > self.as_of),
                            target: e.and_then(|e| e.target).map(|t| wareki(t.0)),
                            target_iso: e.and_then(|e| e.target).map(|t| iso(t.0)),
                            overdue: late,
                            remark: e.and_then(|e| e.note.clone()),
                            evidence: e
                                .map(|e| {
                                    e.evidence
                                        .iter()
                                        .map(|(d, _)| self.evidence(d, root))
                                        .collect()
                                })
                                .unwrap_or_default(),
                            verified: i.verified,
                            unverified: i.unverified.clone(),
                        }
                    })
                    .collect(),
            })
            .collect();
        let view = ChecklistView {
            title: c.title.clone().unwrap_or_else(|| edition.title.clone()),
            edition: edition.name.clone(),
            sheet: edition.sheet.clone(),
            fiscal_year: nendo(edition.fiscal_year),
            builtin: edition.file.is_none(),
            answered_by: c.answered_by.clone(),
            groups,
            sources: edition
                .sources
                .iter()
                .map(|s| SourceView {
                    title: s.title.clone(),
                    url: s.url.clone(),
                    date: s.date.clone(),
                    note: s.note.clone(),
                })
                .collect(),
            yes,
            no,
            unanswered,
            overdue,
            unverified: edition.items().filter(|(_, i)| !i.verified).count(),
            last_checked: c.last_checked(self.as_of).map(wareki),
        };
        let mut ctx = self.simple(
            &route,
            "サイバーセキュリティ対策チェックリスト",
            vec![self.inspection_crumb(root)],
        )?;
        ctx.insert("checklist", &view);
        self.finish("checklist.html", &ctx)
    }

    fn inspection_crumb(&self, root: &str) -> Crumb {
        Crumb {
            title: "立入検査用資料一覧".into(),
            href: Some(Route::Inspection.href(root)),
        }
    }

    fn vendor_view(&self, c: &Contact, root: &str) -> VendorView {
        let v = &c.vendor;
        let this_year = v.sheet_this_year(self.as_of);
        VendorView {
            anchor: format!("v-{}", c.id),
            name: c.name.clone(),
            organization: c.organization.clone(),
            contact_href: format!(
                "{}#{}",
                Route::Contacts.href(root),
                routes::contact_anchor(&c.id)
            ),
            phone: c.main_phone().map(PhoneView::new),
            systems: v.systems.clone(),
            remote: v.remote_maintenance.map(|r| r.0),
            mds: v.mds_received.map(|d| wareki(d.0)),
            mds_iso: v.mds_received.map(|d| iso(d.0)),
            sheet: v.sheet_returned.map(|d| wareki(d.0)),
            sheet_iso: v.sheet_returned.map(|d| iso(d.0)),
            sheet_status: match (this_year.is_some(), v.remote()) {
                (true, _) => "ok",
                (false, true) => "missing",
                (false, false) => "none",
            },
            contract: v.contract.clone(),
            procedures: self
                .hb
                .procedures
                .iter()
                .filter(|p| {
                    p.owner.iter().chain(&p.contacts).any(|r| r.id == c.id)
                        || p.steps
                            .iter()
                            .any(|s| s.who.as_ref().is_some_and(|w| w.id == c.id))
                })
                .map(|p| Link {
                    title: format!("{} 復旧手順", p.system),
                    href: Route::Procedure(p.id.clone()).href(root),
                    current: false,
                })
                .collect(),
        }
    }

    fn vendor_list(&self) -> Vec<&Contact> {
        self.hb
            .contacts
            .iter()
            .flat_map(|c| c.contacts.iter())
            .filter(|c| c.kind == Kind::Vendor)
            .collect()
    }

    pub(super) fn vendors(&self) -> Result<Vec<u8>, String> {
        let route = Route::Vendors;
        let root = route.root();
        let vendors: Vec<VendorView> = self
            .vendor_list()
            .into_iter()
            .map(|c| self.vendor_view(c, root))
            .collect();
        let view = VendorsView {
            fiscal_year: nendo(fiscal_year(self.as_of)),
            missing: vendors
                .iter()
                .filter(|v| v.sheet_status == "missing")
                .count(),
            vendors,
        };
        let mut ctx = self.simple(
            &route,
            "委託先・ベンダー",
            vec![self.inspection_crumb(root)],
        )?;
        ctx.insert("vendors", &view);
        self.finish("vendors.html", &ctx)
    }

    /// 周知 coverage of one revision as of the build's as-of date, when the
    /// handbook keeps training records.
    pub(super) fn coverage(&self, reg: &Regulation, date: NaiveDate) -> Option<String> {
        self.hb
            .training
            .as_ref()
            .map(|t| coverage_text(&t.coverage(&reg.id, date, self.as_of)))
    }

    pub(super) fn notice(&self, reg: &Regulation, date: NaiveDate) -> Result<Vec<u8>, String> {
        let route = Route::notice(reg, date);
        let root = route.root();
        let newest = reg.newest();
        let entry = newest
            .history
            .iter()
            .find(|h| h.date == date)
            .ok_or_else(|| format!("{}: no such revision", route.path()))?;
        let versions = reg.all_versions();
        let version = versions.iter().find(|v| v.since == date).copied();
        let compare = version.filter(|v| reg.predecessor(v).is_some());
        let mut changes: Vec<String> = Vec::new();
        if let Some(new) = compare
            && let Some(old) = reg.predecessor(new)
        {
            let c = crate::compare::compare(&old.body, &new.body);
            for (_, row) in c.rows() {
                if row.kind != crate::compare::RowKind::Article {
                    continue;
                }
                let label = row.new_label.as_ref().or(row.old_label.as_ref());
                if let Some(l) = label {
                    changes.push(format!("{l}（{}）", row.remark()));
                }
            }
        }
        // A sheet lists what changed; a long list belongs in the 新旧対照表.
        const SHOWN: usize = 12;
        let more_changes = changes.len().saturating_sub(SHOWN);
        changes.truncate(SHOWN);
        let compare_route = compare.map(|v| Route::compare(reg, v));
        let sheets = if self.hb.config.departments.is_empty() {
            vec![String::new()]
        } else {
            self.hb.config.departments.clone()
        };
        let standing = match version {
            Some(v) => match reg.standing(v, self.as_of) {
                Standing::Superseded { .. } => "旧版",
                Standing::InForce => "現行",
                Standing::Pending => "施行予定",
            },
            None if date > self.as_of => "施行予定",
            None => "",
        };
        let view = NoticeView {
            title: reg.title.clone(),
            regulation_href: Route::Regulation(reg.id.clone()).href(root),
            number: newest.number.clone(),
            owner: newest.owner.clone(),
            revision: wareki(date),
            revision_seireki: seireki(date),
            revision_iso: iso(date),
            approved: entry.approved.map(wareki),
            note: entry.note.clone(),
            standing,
            version_href: version.map(|v| Route::version(reg, v).href(root)),
            compare_href: compare_route.as_ref().map(|r| r.href(root)),
            compare_address: compare_route
                .as_ref()
                .map(|r| match &self.hb.config.base_url {
                    Some(base) => format!("{}/{}", base.trim_end_matches('/'), r.path()),
                    None => r.path(),
                }),
            changes,
            more_changes,
            sheets,
            rows: (1..=18).collect(),
            coverage: self.coverage(reg, date),
        };
        let title = format!("周知確認書（{}　{}）", reg.title, wareki(date));
        let mut ctx = self.simple(
            &route,
            &title,
            vec![
                Crumb {
                    title: "規程一覧".into(),
                    href: Some(Route::Regulations.href(root)),
                },
                Crumb {
                    title: reg.title.clone(),
                    href: Some(Route::Regulation(reg.id.clone()).href(root)),
                },
            ],
        )?;
        ctx.insert("notice", &view);
        self.finish("notice.html", &ctx)
    }

    pub(super) fn inspection(&self) -> Result<Vec<u8>, String> {
        let route = Route::Inspection;
        let root = route.root();
        let hb = self.hb;
        let as_of = self.as_of;
        let mut rows = Vec::new();
        let row = |route: Route,
                   what: &'static str,
                   updated: Option<NaiveDate>,
                   status: Option<String>| {
            routes::exists(hb, &route).then(|| IndexRow {
                title: route_title(hb, &route),
                href: route.href(root),
                what,
                updated: updated.map(wareki),
                updated_iso: updated.map(iso),
                status,
            })
        };
        let contacts = hb.contacts.as_ref();
        let verified = contacts.and_then(|c| {
            c.contacts
                .iter()
                .filter_map(|c| c.verified.map(|v| v.0))
                .filter(|d| *d <= as_of)
                .max()
        });
        let stale = contacts.map_or(0, |c| {
            c.contacts
                .iter()
                .filter(|c| c.needs_check(as_of, hb.config.review.contact_check_days))
                .count()
        });
        rows.extend(row(
            Route::Contacts,
            "緊急連絡先（事業者・厚生労働省・警察等）と連絡の流れ。最終更新は番号を確認した最新の日",
            verified,
            (stale > 0).then(|| format!("要確認 {stale}件")),
        ));
        if let Some(bcp) = routes::named(hb, "bcp") {
            rows.push(IndexRow {
                title: "事業継続計画（BCP）".into(),
                href: bcp.href(root),
                what: "サイバー攻撃を想定した事業継続計画",
                updated: None,
                updated_iso: None,
                status: None,
            });
        }
        let last_drill = hb
            .procedures
            .iter()
            .filter_map(|p| p.last_drill(as_of).map(|d| d.date))
            .max();
        let overdue_drills = hb
            .procedures
            .iter()
            .filter(|p| p.drill_overdue(as_of, hb.config.review.backup_drill_days))
            .count();
        rows.extend(row(
            Route::Procedures,
            "システムごとのバックアップと復旧手順、復旧訓練の記録。最終更新は最新の復旧訓練の日",
            last_drill,
            (overdue_drills > 0).then(|| format!("訓練期限切れ {overdue_drills}件")),
        ));
        let last_session = hb.training.as_ref().and_then(|t| {
            t.sessions
                .iter()
                .map(|s| s.date)
                .filter(|d| *d <= as_of)
                .max()
        });
        rows.extend(row(
            Route::Training,
            "教育・訓練と規程改定の周知の記録。最終更新は最新の実施日",
            last_session,
            None,
        ));
        let checklist = hb.checklist.as_ref();
        let open = checklist.map_or(0, |c| {
            c.entries
                .iter()
                .filter(|e| matches!(e.answer, Some((Answer::No, _))))
                .count()
        });
        rows.extend(row(
            Route::Checklist,
            "厚生労働省のチェックリストへの回答（はい・いいえ、確認日、目標日、根拠）。最終更新は最新の確認日",
            checklist.and_then(|c| c.last_checked(as_of)),
            (open > 0).then(|| format!("いいえ {open}件")),
        ));
        let vendor_date = self
            .vendor_list()
            .iter()
            .flat_map(|c| [c.vendor.sheet_returned, c.vendor.mds_received])
            .flatten()
            .map(|d| d.0)
            .filter(|d| *d <= as_of)
            .max();
        let missing = self
            .vendor_list()
            .iter()
            .filter(|c| c.vendor.remote() && c.vendor.sheet_this_year(as_of).is_none())
            .count();
        rows.extend(row(
            Route::Vendors,
            "委託先ごとの保守の形態、MDS/SDS、事業者確認用チェックリストの返送。最終更新は最新の受領日",
            vendor_date,
            (missing > 0).then(|| format!("未返送 {missing}件")),
        ));
        let last_revision = hb
            .regulations
            .iter()
            .filter_map(|r| current_revision(r, as_of).map(|h| h.date))
            .max();
        rows.extend(row(
            Route::Changes,
            "すべての規程の改定履歴と新旧対照表。最終更新は施行中の最新の改定日",
            last_revision,
            None,
        ));
        let procedures = hb
            .procedures
            .iter()
            .map(|p| {
                let d = p.last_drill(as_of).map(|d| d.date);
                ProcedureRow {
                    title: p.system.clone(),
                    href: Route::Procedure(p.id.clone()).href(root),
                    rto: crate::content::fields::minutes_or_blank(p.rto, p.rto_blank),
                    last_drill: d.map(wareki),
                    last_drill_iso: d.map(iso),
                    overdue: p.drill_overdue(as_of, hb.config.review.backup_drill_days),
                }
            })
            .collect();
        let regulations = hb
            .regulations
            .iter()
            .map(|r| {
                let current = current_revision(r, as_of);
                let pending = r
                    .newest()
                    .history
                    .iter()
                    .filter(|h| h.date > as_of)
                    .map(|h| h.date)
                    .min();
                RegulationRow {
                    title: r.title.clone(),
                    href: Route::Regulation(r.id.clone()).href(root),
                    number: r.number.clone(),
                    approved: current.and_then(|h| h.approved).map(wareki),
                    effective: wareki(current.map_or(r.effective, |h| h.date)),
                    effective_iso: iso(current.map_or(r.effective, |h| h.date)),
                    revision_note: current.map(|h| h.note.clone()),
                    notice: current
                        .and_then(|h| self.coverage(r, h.date))
                        .unwrap_or_else(|| "—".into()),
                    notice_href: current.map(|h| Route::notice(r, h.date).href(root)),
                    pending: pending.map(|d| format!("{}施行予定の改定あり", wareki(d))),
                }
            })
            .collect();
        let view = InspectionView {
            rows,
            procedures,
            regulations,
            bundle_href: Route::InspectionPrint.href(root),
        };
        let mut ctx = self.simple(&route, "立入検査用資料一覧", Vec::new())?;
        ctx.insert("inspection", &view);
        self.finish_with_outline("inspection.html", &mut ctx)
    }

    /// `inspection-print.html`: the index and the evidence pages as one
    /// document, made from the pages' parts (`made`) as the binder is.
    pub(super) fn inspection_print(
        &self,
        made: std::collections::HashMap<String, Result<(String, String), String>>,
        spilled: Option<&dyn super::Sink>,
    ) -> Result<Vec<super::Chunk>, String> {
        let mut chapters = binder::chapters_from(routes::inspection_bundle(self.hb));
        binder::fill_from(&mut chapters, made)?;
        self.print_document(
            chapters,
            Some(binder::Bundle {
                title: "立入検査用資料",
                lead: "保健所の立入検査で求められる資料（連絡体制図、バックアップ・復旧手順と訓練、教育・訓練と周知の記録、サイバーセキュリティ対策チェックリスト、委託先、規程）をまとめて印刷するためのものです（A4）。",
            }),
            spilled,
        )
    }
}
