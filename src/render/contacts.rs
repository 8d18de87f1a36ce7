//! Views of the contact chart, the severity matrix and the incident front
//! door: the three pages a member of staff opens during an incident.

use std::collections::HashMap;

use serde::Serialize;

use super::flowchart;
use super::markdown::Scope;
use crate::content::Handbook;
use crate::content::blank::MARK;
use crate::content::contacts::{CHECK_DATE, Contact, ContactChart, Kind};
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
    /// Numbers still 未記入 (電話, 内線, 携帯).
    blanks: Vec<&'static str>,
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
    /// Fields still 未記入 (電話, 内線, 夜間・休日, 番号確認日), each shown
    /// as a line reading 未記入 on the card.
    blanks: Vec<&'static str>,
    /// A number of its own or of its people is still 未記入: 番号未記入
    /// wherever it is called.
    pub blank: bool,
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
                blanks: p.blanks.clone(),
            })
            .collect(),
        verified: c.verified.map(|(d, _)| wareki(d)),
        verified_iso: c.verified.map(|(d, _)| crate::content::date::iso(d)),
        stale,
        has_numbers: c.has_numbers(),
        blanks: c.blanks.clone(),
        blank: c.blank_number(),
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
    kind: &'static str,
    phone: Option<PhoneView>,
    extension: Option<String>,
    blank: bool,
}

impl FlowContact {
    fn new(c: &Contact) -> Self {
        FlowContact {
            id: c.id.clone(),
            name: c.name.clone(),
            kind: c.kind.as_str(),
            phone: c.main_phone().map(PhoneView::new),
            extension: c.main_extension().map(str::to_string),
            blank: c.blank_number(),
        }
    }
}

#[derive(Serialize)]
pub struct FlowView {
    from: FlowContact,
    to: Vec<FlowContact>,
    when: Option<String>,
}

/// The flow drawn top to bottom for a narrow screen: each contact who
/// reports, once, with every condition (`when`) on the line to the
/// contacts it reports to then.
#[derive(Serialize)]
pub struct FlowSource {
    from: FlowContact,
    branches: Vec<FlowBranch>,
}

#[derive(Serialize)]
pub struct FlowBranch {
    when: Option<String>,
    to: Vec<FlowContact>,
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
    tree: Vec<FlowSource>,
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
            // On the chart too, so a printed chart shows its holes.
            for b in c.blanks.iter().filter(|b| **b != CHECK_DATE) {
                lines.push(format!("{b} {MARK}"));
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
        .flat_map(|f| f.to.iter().map(move |t| (f, t)))
        .filter_map(|(f, b)| {
            Some(flowchart::Edge {
                from: index(&f.from.id)?,
                to: index(&b.id)?,
                label: f.when.clone(),
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
    // Sources in the order they first report; entries of one source in
    // the order written.
    let mut tree: Vec<FlowSource> = Vec::new();
    let mut at: HashMap<&str, usize> = HashMap::new();
    for f in &chart.flow {
        let Some(from) = get(&f.from.id) else {
            continue;
        };
        let to: Vec<FlowContact> =
            f.to.iter()
                .filter_map(|t| get(&t.id))
                .map(FlowContact::new)
                .collect();
        let i = *at.entry(f.from.id.as_str()).or_insert_with(|| {
            tree.push(FlowSource {
                from: FlowContact::new(from),
                branches: Vec::new(),
            });
            tree.len() - 1
        });
        tree[i].branches.push(FlowBranch {
            when: f.when.clone(),
            to,
        });
    }
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
        tree,
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
    reported_by: Option<String>,
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
        reported_by: sev.reported_by.clone(),
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

#[derive(Serialize, Clone)]
pub struct StepView {
    pub text: String,
    pub detail: Option<String>,
    pub call: Vec<CallView>,
    pub link: Option<String>,
    /// Where the link leads, in words.
    pub link_title: Option<String>,
}

#[derive(Serialize)]
pub struct IncidentView {
    pub title: String,
    pub lead: Option<String>,
    pub steps: Vec<StepView>,
    pub dont: Vec<String>,
    /// Whose steps they are (発見した職員), for the heading.
    pub who: Option<String>,
}

impl IncidentView {
    /// Whether some number says when it applies, so the page's clock
    /// script has something to mark.
    pub fn has_clock(&self) -> bool {
        self.steps
            .iter()
            .flat_map(|s| &s.call)
            .flat_map(|c| &c.numbers)
            .any(|n| !n.when.is_empty())
    }
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
                    call: calls_of(hb, s.call.iter().map(|r| r.id.as_str()), root, as_of),
                    link: s.link.as_ref().map(|(l, _)| scope.href(l)),
                    link_title: s.link.as_ref().and_then(|(l, _)| link_title(&scope, l)),
                })
                .collect(),
            dont: inc.dont.clone(),
            who: inc
                .who
                .as_ref()
                .and_then(|r| hb.contact(&r.id))
                .map(|c| c.name.clone()),
        },
        None => IncidentView {
            title: "緊急時対応".into(),
            lead: None,
            steps: Vec::new(),
            dont: Vec::new(),
            who: None,
        },
    }
}

/// One number of a call button: which part of the day it is for.
#[derive(Serialize, Clone)]
pub struct NumberView {
    /// 日中（平日 8:30〜17:15） / 夜間・休日 / "" when there is one number.
    pub label: String,
    pub phone: Option<PhoneView>,
    pub extension: Option<String>,
    /// "day" or "night": which part of the day it is for; "" for the
    /// only number of a contact.
    pub part: &'static str,
    /// `part` again when the page can tell which applies now by the
    /// clock (the contact's hours give a weekday window); "" otherwise.
    pub when: &'static str,
    /// The weekday daytime as `from-to` minutes, for the page's script.
    pub window: String,
}

/// Whom to call, with every number that applies at some hour: the day
/// and the 夜間・休日 number side by side, each saying when it applies, so
/// a printed copy is right at night too.
#[derive(Serialize, Clone)]
pub struct CallView {
    pub id: String,
    pub name: String,
    pub href: String,
    pub numbers: Vec<NumberView>,
    pub hours: Option<String>,
    pub note: Option<String>,
    /// Not verified within the review interval (the W010 rule).
    pub stale: bool,
    /// A number is still 未記入.
    pub blank: bool,
}

fn clock_text(m: u32) -> String {
    format!("{}:{:02}", m / 60, m % 60)
}

pub fn call_view(c: &Contact, root: &str, stale: bool) -> CallView {
    use crate::content::contacts::weekday_window;
    let window = c.hours.as_deref().and_then(weekday_window);
    let daytime = window.map(|w| w.daytime());
    let span = daytime.map_or(String::new(), |(a, b)| format!("{a}-{b}"));
    let day_label = match daytime {
        Some((a, b)) => format!("日中（平日 {}〜{}）", clock_text(a), clock_text(b)),
        None => "日中".to_string(),
    };
    let timed = |when: &'static str| if daytime.is_some() { when } else { "" };
    let mut numbers = Vec::new();
    let main = c.main_phone().map(PhoneView::new);
    let ext = c.main_extension().map(str::to_string);
    if main.is_some() || ext.is_some() {
        let overnight = window.is_some_and(|w| w.overnight);
        let (label, part) = if overnight {
            ("夜間・休日".to_string(), "night")
        } else if c.after_hours.is_some() {
            (day_label, "day")
        } else {
            (String::new(), "")
        };
        let when = if part.is_empty() { "" } else { timed(part) };
        numbers.push(NumberView {
            label,
            phone: main,
            extension: ext,
            part,
            when,
            window: if when.is_empty() {
                String::new()
            } else {
                span.clone()
            },
        });
    }
    if let Some(night) = &c.after_hours {
        let when = timed("night");
        numbers.push(NumberView {
            label: "夜間・休日".into(),
            phone: Some(PhoneView::new(night)),
            extension: None,
            part: "night",
            when,
            window: if when.is_empty() { String::new() } else { span },
        });
    }
    CallView {
        id: c.id.clone(),
        name: c.name.clone(),
        href: format!(
            "{}#{}",
            Route::Contacts.href(root),
            crate::routes::contact_anchor(&c.id)
        ),
        numbers,
        hours: c.hours.clone(),
        note: c.note.clone(),
        stale,
        blank: c.blank_number(),
    }
}

/// Call views of the contacts named by `ids`, in that order.
pub fn calls_of<'a>(
    hb: &Handbook,
    ids: impl Iterator<Item = &'a str>,
    root: &str,
    as_of: chrono::NaiveDate,
) -> Vec<CallView> {
    ids.filter_map(|id| hb.contact(id))
        .map(|c| call_view(c, root, is_stale(hb, c, as_of)))
        .collect()
}

/// What a link leads to, in words, so a printed page can say where to
/// read on (詳しく：セキュリティ事故の検出と是正・予防処置規定 4. セキュリティ
/// 事故への対処) instead of showing a link that leads nowhere on paper.
pub fn link_title(scope: &Scope, dest: &str) -> Option<String> {
    use crate::resolve::links::Resolved;
    let hb = scope.hb;
    let Some(Ok(Resolved::Page { route, fragment })) = scope.links.get(dest) else {
        return None;
    };
    Some(match route {
        Route::Regulation(id) => {
            let r = hb.regulation(id)?;
            let article = fragment.as_deref().and_then(|f| {
                r.body.scopes().find_map(|(blocks, _)| {
                    crate::content::regulation::articles_of(blocks).find(|a| a.anchor == f)
                })
            });
            match article {
                Some(a) => {
                    let name = a.title.as_ref().or(a.caption.as_ref());
                    match name {
                        Some(n) if a.title.is_some() => format!("{} {} {n}", r.title, a.label),
                        Some(n) => format!("{} {}（{n}）", r.title, a.label),
                        None => format!("{} {}", r.title, a.label),
                    }
                }
                None => r.title.clone(),
            }
        }
        Route::Procedure(id) => format!("{} 復旧手順", hb.procedure(id)?.system),
        Route::Form(id) => hb.form(id)?.title.clone(),
        Route::Page(id) => hb.page(id)?.title.clone(),
        Route::Bcp => hb.bcp.as_ref().map(super::bcp::title)?,
        other => crate::routes::operations(hb)
            .into_iter()
            .find(|(r, _)| r == other)
            .map(|(_, t)| t.to_string())
            .or(match other {
                Route::Incident => Some("緊急時対応".into()),
                Route::Procedures => Some("バックアップ・復旧手順".into()),
                Route::Cards => Some("役割別アクションカード".into()),
                _ => None,
            })?,
    })
}
