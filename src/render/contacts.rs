//! Views of the contact chart, the severity matrix and the incident front
//! door: the three pages a member of staff opens during an incident.

use std::collections::HashMap;

use serde::Serialize;

use super::flowchart;
use super::markdown::Scope;
use crate::content::Handbook;
use crate::content::contacts::{Contact, ContactChart, Kind};
use crate::content::date::wareki;
use crate::content::phone::Phone;
use crate::content::severity::Severity;
use crate::routes::Route;

#[derive(Serialize, Clone)]
pub struct PhoneView {
    pub written: String,
    pub href: String,
}

impl PhoneView {
    pub fn new(p: &Phone) -> Self {
        PhoneView {
            written: p.written.clone(),
            href: p.href(),
        }
    }
}

#[derive(Serialize, Clone)]
pub struct PersonView {
    name: String,
    title: Option<String>,
    /// 責任者 for the first, 代行者 for the rest.
    duty: &'static str,
    phone: Option<PhoneView>,
    extension: Option<String>,
    mobile: Option<PhoneView>,
    email: Option<String>,
}

/// A contact as every page shows it.
#[derive(Serialize, Clone)]
pub struct ContactView {
    pub id: String,
    pub name: String,
    /// Link to its entry on the contact chart page.
    pub href: String,
    kind: &'static str,
    kind_label: &'static str,
    organization: Option<String>,
    role: Option<String>,
    /// The number to call first: the main line or the first person's.
    pub phone: Option<PhoneView>,
    pub extension: Option<String>,
    after_hours: Option<PhoneView>,
    hours: Option<String>,
    email: Option<String>,
    url: Option<String>,
    pub note: Option<String>,
    people: Vec<PersonView>,
    verified: Option<String>,
    verified_iso: Option<String>,
    /// Not verified within the review interval as of the build's date.
    stale: bool,
    has_numbers: bool,
}

pub fn contact_view(c: &Contact, root: &str, stale: bool) -> ContactView {
    ContactView {
        id: c.id.clone(),
        name: c.name.clone(),
        href: format!(
            "{}#{}",
            Route::Contacts.href(root),
            crate::routes::contact_anchor(&c.id)
        ),
        kind: c.kind.as_str(),
        kind_label: c.kind.label(),
        organization: c.organization.clone(),
        role: c.role.clone(),
        phone: c.main_phone().map(PhoneView::new),
        extension: c.main_extension().map(str::to_string),
        after_hours: c.after_hours.as_ref().map(PhoneView::new),
        hours: c.hours.clone(),
        email: c.email.clone(),
        url: c.url.as_ref().map(|(u, _)| u.clone()),
        note: c.note.clone(),
        people: c
            .people
            .iter()
            .enumerate()
            .map(|(i, p)| PersonView {
                name: p.name.clone(),
                title: p.title.clone(),
                duty: if i == 0 { "責任者" } else { "代行者" },
                phone: p.phone.as_ref().map(PhoneView::new),
                extension: p.extension.clone(),
                mobile: p.mobile.as_ref().map(PhoneView::new),
                email: p.email.clone(),
            })
            .collect(),
        verified: c.verified.map(|(d, _)| wareki(d)),
        verified_iso: c.verified.map(|(d, _)| d.format("%Y-%m-%d").to_string()),
        stale,
        has_numbers: c.has_numbers(),
    }
}

/// Shown as 要確認: the W010 rule.
fn is_stale(hb: &Handbook, c: &Contact, as_of: chrono::NaiveDate) -> bool {
    c.needs_check(as_of, hb.config.review.contact_check_days)
}

/// The view of one contact by id, if it exists.
pub fn view_of(
    hb: &Handbook,
    id: &str,
    root: &str,
    as_of: chrono::NaiveDate,
) -> Option<ContactView> {
    hb.contact(id)
        .map(|c| contact_view(c, root, is_stale(hb, c, as_of)))
}

/// Views of the contacts named by `ids`, in that order (unknown ids were
/// reported by `check` and are skipped).
pub fn views_of<'a>(
    hb: &Handbook,
    ids: impl Iterator<Item = &'a str>,
    root: &str,
    as_of: chrono::NaiveDate,
) -> Vec<ContactView> {
    ids.filter_map(|id| hb.contact(id))
        .map(|c| contact_view(c, root, is_stale(hb, c, as_of)))
        .collect()
}

/// A contact as the flow list names it: the list links to the full entry
/// on the same page, so it carries only what it prints (the template
/// context of a chart of thousands held each contact's full view twice).
#[derive(Serialize)]
pub struct FlowContact {
    id: String,
    name: String,
    phone: Option<PhoneView>,
    extension: Option<String>,
}

impl FlowContact {
    fn new(c: &Contact) -> Self {
        FlowContact {
            id: c.id.clone(),
            name: c.name.clone(),
            phone: c.main_phone().map(PhoneView::new),
            extension: c.main_extension().map(str::to_string),
        }
    }
}

#[derive(Serialize)]
pub struct FlowView {
    from: FlowContact,
    to: Vec<FlowContact>,
    when: Option<String>,
}

#[derive(Serialize)]
pub struct KindGroup {
    label: &'static str,
    kind: &'static str,
    contacts: Vec<ContactView>,
}

#[derive(Serialize)]
pub struct ChartView {
    pub title: String,
    svg: String,
    flow: Vec<FlowView>,
    groups: Vec<KindGroup>,
    stale_count: usize,
}

/// The 連絡体制図: the diagram of the flow, the flow as a list, and the
/// phone list grouped by kind.
pub fn chart_view(hb: &Handbook, chart: &ContactChart, as_of: chrono::NaiveDate) -> ChartView {
    let root = "";
    // Contacts by id through a map: ContactChart::get searches the list, so
    // a lookup per mention cost contacts × flow entries on a large chart.
    // The first of two contacts with one id wins, as there.
    let mut by_id: HashMap<&str, &Contact> = HashMap::with_capacity(chart.contacts.len());
    for c in &chart.contacts {
        by_id.entry(c.id.as_str()).or_insert(c);
    }
    let get = |id: &str| by_id.get(id).copied();
    // Only contacts on the flow are drawn; the rest are on the phone list.
    let mut on_flow: Vec<&Contact> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for f in &chart.flow {
        for id in std::iter::once(&f.from).chain(&f.to).map(|r| r.id.as_str()) {
            if let Some(c) = get(id)
                && !index.contains_key(id)
            {
                index.insert(id, on_flow.len());
                on_flow.push(c);
            }
        }
    }
    let nodes: Vec<flowchart::Node> = on_flow
        .iter()
        .map(|c| {
            let mut lines = Vec::new();
            if let Some(x) = c.main_extension() {
                lines.push(format!("内線 {x}"));
            }
            if let Some(p) = c.main_phone() {
                lines.push(format!("☎ {}", p.written));
            }
            if let Some(p) = &c.after_hours {
                lines.push(format!("夜間 {}", p.written));
            }
            flowchart::Node {
                title: c.name.clone(),
                lines,
                href: Some(format!("#c-{}", c.id)),
                kind: c.kind.as_str(),
            }
        })
        .collect();
    let index = |id: &str| index.get(id).copied();
    let edges: Vec<flowchart::Edge> = chart
        .flow
        .iter()
        .flat_map(|f| f.to.iter().map(move |t| (&f.from, t)))
        .filter_map(|(a, b)| {
            Some(flowchart::Edge {
                from: index(&a.id)?,
                to: index(&b.id)?,
            })
        })
        .collect();
    let title = chart.title.clone().unwrap_or_else(|| "連絡体制図".into());
    let svg = flowchart::render(&nodes, &edges, &format!("{title}：連絡の流れ"));
    let view = |c: &Contact| contact_view(c, root, is_stale(hb, c, as_of));
    let flow = chart
        .flow
        .iter()
        .filter_map(|f| {
            Some(FlowView {
                from: FlowContact::new(get(&f.from.id)?),
                to: f
                    .to
                    .iter()
                    .filter_map(|t| get(&t.id))
                    .map(FlowContact::new)
                    .collect(),
                when: f.when.clone(),
            })
        })
        .collect();
    let groups = [Kind::Internal, Kind::Vendor, Kind::Authority, Kind::Other]
        .into_iter()
        .map(|k| KindGroup {
            label: k.label(),
            kind: k.as_str(),
            contacts: chart
                .contacts
                .iter()
                .filter(|c| c.kind == k)
                .map(view)
                .collect(),
        })
        .filter(|g| !g.contacts.is_empty())
        .collect();
    ChartView {
        title,
        svg,
        flow,
        groups,
        stale_count: chart
            .contacts
            .iter()
            .filter(|c| is_stale(hb, c, as_of))
            .count(),
    }
}

#[derive(Serialize)]
pub struct LevelView {
    id: String,
    name: String,
    criteria: Vec<String>,
    mandatory: Vec<ContactView>,
    optional: Vec<ContactView>,
    deadlines: Vec<DeadlineView>,
}

#[derive(Serialize, Clone)]
pub struct DeadlineView {
    to: Option<ContactView>,
    report: String,
    within: String,
    when: Option<String>,
    basis: Option<String>,
    levels: Vec<String>,
}

/// One row of the matrix: a destination and its mark at each level.
#[derive(Serialize)]
pub struct MatrixRow {
    contact: ContactView,
    /// Per level: "mandatory", "optional", "legal" (a report the law requires
    /// when its condition is met) or "".
    marks: Vec<&'static str>,
    deadlines: Vec<String>,
}

#[derive(Serialize)]
pub struct SeverityView {
    pub title: String,
    intro: Option<String>,
    /// The link to the rule and its title.
    source: Option<(String, String)>,
    levels: Vec<LevelView>,
    rows: Vec<MatrixRow>,
    deadlines: Vec<DeadlineView>,
}

pub fn severity_view(scope: Scope, sev: &Severity, as_of: chrono::NaiveDate) -> SeverityView {
    let (hb, root) = (scope.hb, scope.root);
    let deadline = |d: &crate::content::severity::Deadline| DeadlineView {
        to: view_of(hb, &d.to.id, root, as_of),
        report: d.report.clone(),
        within: d.within.clone(),
        when: d.when.clone(),
        basis: d.basis.clone(),
        levels: d
            .levels
            .iter()
            .filter_map(|l| sev.levels.iter().find(|x| x.id == l.id))
            .map(|l| l.name.clone())
            .collect(),
    };
    let applies = |d: &crate::content::severity::Deadline, level: &str| {
        d.levels.is_empty() || d.levels.iter().any(|l| l.id == level)
    };
    let levels = sev
        .levels
        .iter()
        .map(|l| LevelView {
            id: l.id.clone(),
            name: l.name.clone(),
            criteria: l.criteria.clone(),
            mandatory: views_of(hb, l.mandatory.iter().map(|r| r.id.as_str()), root, as_of),
            optional: views_of(hb, l.optional.iter().map(|r| r.id.as_str()), root, as_of),
            deadlines: sev
                .deadlines
                .iter()
                .filter(|d| applies(d, &l.id))
                .map(deadline)
                .collect(),
        })
        .collect();
    let rows = sev
        .destinations()
        .into_iter()
        .filter_map(|id| {
            let c = hb.contact(id)?;
            Some(MatrixRow {
                contact: contact_view(c, root, is_stale(hb, c, as_of)),
                marks: sev
                    .levels
                    .iter()
                    .map(|l| {
                        if l.mandatory.iter().any(|r| r.id == id) {
                            "mandatory"
                        } else if sev
                            .deadlines
                            .iter()
                            .any(|d| d.to.id == id && applies(d, &l.id))
                        {
                            "legal"
                        } else if l.optional.iter().any(|r| r.id == id) {
                            "optional"
                        } else {
                            ""
                        }
                    })
                    .collect(),
                deadlines: sev
                    .deadlines
                    .iter()
                    .filter(|d| d.to.id == id)
                    .map(|d| format!("{}：{}", d.report, d.within))
                    .collect(),
            })
        })
        .collect();
    SeverityView {
        title: sev.title.clone().unwrap_or_else(|| "深刻度と報告先".into()),
        intro: sev.intro.clone(),
        source: sev.source.as_ref().map(|(link, _)| {
            let title = link
                .strip_prefix("reg:")
                .and_then(|r| hb.regulation(r.split('#').next().unwrap_or(r)))
                .map_or_else(|| "規程の該当箇所".to_string(), |r| r.title.clone());
            (scope.href(link), title)
        }),
        levels,
        rows,
        deadlines: sev.deadlines.iter().map(deadline).collect(),
    }
}

#[derive(Serialize)]
pub struct StepView {
    text: String,
    detail: Option<String>,
    call: Vec<ContactView>,
    link: Option<String>,
}

#[derive(Serialize)]
pub struct IncidentView {
    pub title: String,
    lead: Option<String>,
    steps: Vec<StepView>,
    dont: Vec<String>,
}

pub fn incident_view(scope: Scope, as_of: chrono::NaiveDate) -> IncidentView {
    let (hb, root) = (scope.hb, scope.root);
    match &hb.incident {
        Some(inc) => IncidentView {
            title: inc.title.clone().unwrap_or_else(|| "緊急時対応".into()),
            lead: inc.lead.clone(),
            steps: inc
                .steps
                .iter()
                .map(|s| StepView {
                    text: s.text.clone(),
                    detail: s.detail.clone(),
                    call: views_of(hb, s.call.iter().map(|r| r.id.as_str()), root, as_of),
                    link: s.link.as_ref().map(|(l, _)| scope.href(l)),
                })
                .collect(),
            dont: inc.dont.clone(),
        },
        None => IncidentView {
            title: "緊急時対応".into(),
            lead: None,
            steps: Vec::new(),
            dont: Vec::new(),
        },
    }
}
