//! Versions of a regulation and what changed between them: a page per
//! earlier or coming version (旧版, 施行予定), a 新旧対照表 per revision, the
//! 改定履歴 linking them, and the 改定一覧 across the handbook.

use serde::Serialize;

use super::{Crumb, RegulationView, Renderer, RevisionView, compare};
use crate::compare::compare as compare_bodies;
use crate::content::date::{seireki, wareki};
use crate::content::regulation::{Regulation, Standing};
use crate::routes::Route;

/// A version that takes effect after the as-of date.
#[derive(Serialize)]
pub struct PendingView {
    pub effective: String,
    pub effective_iso: String,
    pub href: String,
    pub compare_href: Option<String>,
}

/// 令和7年4月1日施行版.
pub fn version_name(version: &Regulation) -> String {
    format!("{}施行版", wareki(version.since))
}

fn standing_label(s: Standing) -> &'static str {
    match s {
        Standing::Superseded { .. } => "旧版",
        Standing::InForce => "現行",
        Standing::Pending => "施行予定",
    }
}

#[derive(Serialize)]
struct SideView {
    name: String,
    effective_iso: String,
    href: String,
    standing: &'static str,
}

#[derive(Serialize)]
struct CompareView {
    title: String,
    number: Option<String>,
    note: Option<String>,
    old: SideView,
    new: SideView,
    table: String,
    rows: usize,
}

#[derive(Serialize)]
struct ChangeView {
    iso: String,
    wareki: String,
    title: String,
    href: String,
    note: String,
    compare_href: Option<String>,
    standing: Option<&'static str>,
}

impl Renderer<'_> {
    /// The 改定履歴 as shown on a page of `shown`: the newest version's
    /// list, each entry linked to the version that took effect that day.
    pub(super) fn history(
        &self,
        reg: &Regulation,
        shown: &Regulation,
        root: &str,
    ) -> Vec<RevisionView> {
        let versions = reg.all_versions();
        // 周知 is shown for the revision in force and for any other with a
        // record: an old revision nobody recorded is history, not a gap.
        let current = reg
            .newest()
            .history
            .iter()
            .map(|h| h.date)
            .filter(|d| *d != chrono::NaiveDate::MIN && *d <= self.as_of)
            .max();
        let noticed = |date: chrono::NaiveDate| {
            let t = self.hb.training.as_ref()?;
            let c = t.coverage(&reg.id, date, self.as_of);
            (Some(date) == current || c.sessions > 0).then(|| super::evidence::coverage_text(&c))
        };
        let mut entries: Vec<RevisionView> = reg
            .newest()
            .history
            .iter()
            .map(|h| {
                let version = versions.iter().find(|v| v.since == h.date);
                RevisionView {
                    iso: crate::content::date::iso(h.date),
                    wareki: wareki(h.date),
                    seireki: seireki(h.date),
                    note: h.note.clone(),
                    href: version.map(|v| Route::version(reg, v).href(root)),
                    compare_href: version
                        .filter(|v| reg.predecessor(v).is_some())
                        .map(|v| Route::compare(reg, v).href(root)),
                    standing: version.map(|v| standing_label(reg.standing(v, self.as_of))),
                    this: version.is_some_and(|v| std::ptr::eq(*v, shown)),
                    notice_href: (h.date != chrono::NaiveDate::MIN)
                        .then(|| Route::notice(reg, h.date).href(root)),
                    notice: (h.date != chrono::NaiveDate::MIN && h.date <= self.as_of)
                        .then(|| noticed(h.date))
                        .flatten(),
                }
            })
            .collect();
        // A kept version the 改定履歴 does not list still gets its line.
        for v in &versions {
            if !reg.newest().history.iter().any(|h| h.date == v.since) {
                entries.push(RevisionView {
                    iso: crate::content::date::iso(v.since),
                    wareki: wareki(v.since),
                    seireki: seireki(v.since),
                    note: "（改定履歴に記載なし）".into(),
                    href: Some(Route::version(reg, v).href(root)),
                    compare_href: reg
                        .predecessor(v)
                        .map(|_| Route::compare(reg, v).href(root)),
                    standing: Some(standing_label(reg.standing(v, self.as_of))),
                    this: std::ptr::eq(*v, shown),
                    notice_href: None,
                    notice: None,
                });
            }
        }
        entries.sort_by(|a, b| a.iso.cmp(&b.iso));
        entries
    }

    pub(super) fn pending(
        &self,
        reg: &Regulation,
        shown: &Regulation,
        root: &str,
    ) -> Vec<PendingView> {
        reg.all_versions()
            .into_iter()
            .filter(|v| {
                reg.standing(v, self.as_of) == Standing::Pending && !std::ptr::eq(*v, shown)
            })
            .map(|v| PendingView {
                effective: wareki(v.since),
                effective_iso: crate::content::date::iso(v.since),
                href: Route::version(reg, v).href(root),
                compare_href: reg
                    .predecessor(v)
                    .map(|_| Route::compare(reg, v).href(root)),
            })
            .collect()
    }

    /// Marks a version's page: 旧版 with its period, or 施行予定.
    pub(super) fn place_version(
        &self,
        view: &mut RegulationView,
        reg: &Regulation,
        version: &Regulation,
        root: &str,
    ) {
        view.history = self.history(reg, version, root);
        view.pending = self.pending(reg, version, root);
        view.compare_href = reg
            .predecessor(version)
            .map(|_| Route::compare(reg, version).href(root));
        let current = std::ptr::eq(reg, version);
        if !current {
            view.current_href = Some(Route::version(reg, reg).href(root));
        }
        match reg.standing(version, self.as_of) {
            Standing::Superseded { until } => {
                view.standing = "superseded";
                let last = until.pred_opt().unwrap_or(until);
                view.standing_note = Some(format!(
                    "旧版です。{}から{}まで施行されていました。",
                    wareki(version.since),
                    wareki(last)
                ));
            }
            Standing::Pending => {
                view.standing = "pending";
                view.standing_note = Some(format!(
                    "施行予定です。{}から施行されます。",
                    wareki(version.since)
                ));
            }
            Standing::InForce => {}
        }
    }

    fn side(&self, reg: &Regulation, v: &Regulation) -> SideView {
        SideView {
            name: version_name(v),
            effective_iso: crate::content::date::iso(v.since),
            href: Route::version(reg, v).href("../"),
            standing: standing_label(reg.standing(v, self.as_of)),
        }
    }

    pub(super) fn comparison(
        &self,
        reg: &Regulation,
        old: &Regulation,
        new: &Regulation,
    ) -> Result<Vec<u8>, String> {
        let route = Route::compare(reg, new);
        let c = compare_bodies(&old.body, &new.body);
        // The table and both versions' pages sit in one folder: link by
        // file name.
        let page = |v: &Regulation| Route::version(reg, v).file_name();
        let (old_page, new_page) = (page(old), page(new));
        let table = compare::table(
            &c,
            &self.hb.config.comparison,
            Some(&compare::Pages {
                old: &old_page,
                new: &new_page,
            }),
        );
        let title = format!("新旧対照表（{}）", version_name(new));
        let mut ctx = self.simple(
            &route,
            &title,
            vec![
                Crumb {
                    title: "規程一覧".into(),
                    href: Some(Route::Regulations.href("../")),
                },
                Crumb {
                    title: reg.title.clone(),
                    href: Some(Route::version(reg, reg).href("../")),
                },
            ],
        )?;
        let note = reg
            .newest()
            .history
            .iter()
            .find(|h| h.date == new.since)
            .map(|h| h.note.clone());
        let view = CompareView {
            title: new.title.clone(),
            number: new.number.clone(),
            note,
            old: self.side(reg, old),
            new: self.side(reg, new),
            table,
            rows: c.rows().count(),
        };
        ctx.insert("compare", &view);
        self.finish("compare.html", &ctx)
    }

    /// 改定一覧: every revision across the handbook, newest first.
    pub(super) fn changes(&self) -> Result<Vec<u8>, String> {
        let mut list: Vec<ChangeView> = Vec::new();
        for reg in &self.hb.regulations {
            for h in self.history(reg, reg, "") {
                list.push(ChangeView {
                    wareki: h.wareki,
                    title: reg.title.clone(),
                    href: h.href.unwrap_or_else(|| Route::version(reg, reg).path()),
                    note: h.note,
                    compare_href: h.compare_href,
                    standing: h.standing,
                    iso: h.iso,
                });
            }
        }
        list.sort_by(|a, b| b.iso.cmp(&a.iso).then_with(|| a.title.cmp(&b.title)));
        let mut ctx = self.simple(&Route::Changes, "改定一覧", Vec::new())?;
        ctx.insert("changes", &list);
        self.finish("changes.html", &ctx)
    }
}
