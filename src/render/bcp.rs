//! Views of the business-continuity plan: the BCP page (体制, 目標復旧時間
//! per system against the procedures' RTO, 代替手段, the five phases) and
//! the role cards made from it — one card per role, its actions in the
//! order of time, whom it calls by day and by night, the forms it fills.

use chrono::NaiveDate;
use serde::Serialize;

use super::Link;
use super::contacts::{CallView, ContactView, calls_of, view_of};
use super::markdown::Scope;
use crate::content::Handbook;
use crate::content::bcp::{Action, Bcp, Phase};
use crate::content::date::wareki;
use crate::content::fields::{format_minutes, minutes_or_blank};
use crate::routes::Route;

#[derive(Serialize)]
struct MemberView {
    role: String,
    contact: Option<ContactView>,
    calls: Vec<CallView>,
    duties: Vec<String>,
}

#[derive(Serialize)]
struct ProcedureRef {
    href: String,
    system: String,
    rto: Option<String>,
    rpo: Option<String>,
    last_drill: Option<String>,
    measured: Option<String>,
}

#[derive(Serialize)]
struct SystemView {
    id: String,
    priority: usize,
    name: String,
    rto: Option<String>,
    rpo: Option<String>,
    procedure: Option<ProcedureRef>,
    /// "ok" when the procedure's RTO meets the plan's, "short" when it
    /// cannot (the W030 rule), "" when either is missing.
    meets: &'static str,
    alternative: Vec<String>,
    calls: Vec<CallView>,
}

#[derive(Serialize)]
struct ActionView {
    text: String,
    detail: Option<String>,
    who: Vec<Link>,
    within: Option<String>,
    call: Vec<CallView>,
    form: Option<Link>,
    systems: Vec<String>,
    link: Option<String>,
}

#[derive(Serialize)]
struct PhaseView {
    key: &'static str,
    title: &'static str,
    actions: Vec<ActionView>,
    /// In 初動対応: the emergency page holds the finder's own steps.
    incident: Option<Link>,
}

#[derive(Serialize)]
struct RevisionView {
    date: String,
    iso: String,
    note: String,
}

#[derive(Serialize)]
pub struct BcpView {
    pub title: String,
    basis: Option<Link>,
    policy: Option<String>,
    scope: Option<String>,
    revised: Option<String>,
    history: Vec<RevisionView>,
    team: Vec<MemberView>,
    systems: Vec<SystemView>,
    phases: Vec<PhaseView>,
    cards: Option<String>,
}

pub fn title(bcp: &Bcp) -> String {
    bcp.title
        .clone()
        .unwrap_or_else(|| "事業継続計画（BCP）".into())
}

fn form_link(hb: &Handbook, id: &str, root: &str) -> Option<Link> {
    let id = id.strip_prefix("form:").unwrap_or(id);
    let id = id.split('#').next().unwrap_or(id);
    hb.form(id).map(|f| Link {
        title: f.title.clone(),
        href: Route::Form(f.id.clone()).href(root),
        current: false,
    })
}

fn procedure_of<'a>(
    hb: &'a Handbook,
    s: &crate::content::bcp::System,
) -> Option<&'a crate::content::procedure::Procedure> {
    let (id, _) = s.procedure.as_ref()?;
    let id = id.strip_prefix("procedure:").unwrap_or(id);
    hb.procedure(id.split('#').next().unwrap_or(id))
}

/// The name of a system of the plan: its own, or its procedure's.
pub fn system_name(hb: &Handbook, s: &crate::content::bcp::System) -> String {
    s.name
        .clone()
        .or_else(|| procedure_of(hb, s).map(|p| p.system.clone()))
        .unwrap_or_else(|| s.id.clone())
}

/// Where a role is described: its card when it has one, else its entry
/// on the contact chart.
fn role_href(roles: &[String], id: &str, root: &str) -> String {
    if roles.iter().any(|r| r == id) {
        format!("{}#role-{id}", Route::Cards.href(root))
    } else {
        format!(
            "{}#{}",
            Route::Contacts.href(root),
            crate::routes::contact_anchor(id)
        )
    }
}

fn action_view(
    scope: &Scope,
    bcp: &Bcp,
    roles: &[String],
    a: &Action,
    as_of: NaiveDate,
) -> ActionView {
    let (hb, root) = (scope.hb, scope.root);
    ActionView {
        text: a.text.clone(),
        detail: a.detail.clone(),
        who: a
            .who
            .iter()
            .filter_map(|r| hb.contact(&r.id))
            .map(|c| Link {
                title: c.name.clone(),
                href: role_href(roles, &c.id, root),
                current: false,
            })
            .collect(),
        within: a.within.map(|m| format!("{}以内", format_minutes(m))),
        call: calls_of(hb, a.call.iter().map(|r| r.id.as_str()), root, as_of),
        form: a.form.as_ref().and_then(|(id, _)| form_link(hb, id, root)),
        systems: a
            .systems
            .iter()
            .filter_map(|r| bcp.system(&r.id))
            .map(|s| system_name(hb, s))
            .collect(),
        link: a.link.as_ref().map(|(l, _)| scope.href(l)),
    }
}

pub fn bcp_view(scope: Scope, bcp: &Bcp, as_of: NaiveDate) -> BcpView {
    let (hb, root) = (scope.hb, scope.root);
    let systems = bcp
        .systems
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let p = procedure_of(hb, s);
            let rto = s.rto.map(|(m, _)| m);
            let meets = match (rto, p.and_then(|p| p.rto)) {
                (Some(plan), Some(own)) if own > plan => "short",
                (Some(_), Some(_)) => "ok",
                _ => "",
            };
            let mut alternative = s.alternative.clone();
            if let Some(p) = p {
                alternative.extend(p.downtime.iter().cloned());
            }
            let mut ids: Vec<&str> = s.contacts.iter().map(|r| r.id.as_str()).collect();
            if let Some(p) = p {
                for r in &p.contacts {
                    if !ids.contains(&r.id.as_str()) {
                        ids.push(&r.id);
                    }
                }
            }
            SystemView {
                id: s.id.clone(),
                priority: i + 1,
                name: system_name(hb, s),
                // The plan's own target, else its procedure's; 未記入 while
                // the one that applies is still the blank mark.
                rto: match (rto, s.rto_blank, p) {
                    (None, false, Some(p)) => minutes_or_blank(p.rto, p.rto_blank),
                    _ => minutes_or_blank(rto, s.rto_blank),
                },
                rpo: match (s.rpo, s.rpo_blank, p) {
                    (None, false, Some(p)) => minutes_or_blank(p.rpo, p.rpo_blank),
                    _ => minutes_or_blank(s.rpo, s.rpo_blank),
                },
                procedure: p.map(|p| {
                    let last = p.last_drill(as_of);
                    ProcedureRef {
                        href: Route::Procedure(p.id.clone()).href(root),
                        system: p.system.clone(),
                        rto: minutes_or_blank(p.rto, p.rto_blank),
                        rpo: minutes_or_blank(p.rpo, p.rpo_blank),
                        last_drill: last.map(|d| wareki(d.date)),
                        measured: last.and_then(|d| d.measured).map(format_minutes),
                    }
                }),
                meets,
                alternative,
                calls: calls_of(hb, ids.into_iter(), root, as_of),
            }
        })
        .collect();
    let roles = roles(hb);
    let incident_who = hb
        .incident
        .as_ref()
        .and_then(|i| i.who.as_ref())
        .and_then(|r| hb.contact(&r.id));
    let phases = bcp
        .phases
        .iter()
        .map(|(phase, actions)| PhaseView {
            key: phase.key(),
            title: phase.title(),
            actions: actions
                .iter()
                .map(|a| action_view(&scope, bcp, &roles, a, as_of))
                .collect(),
            incident: (*phase == Phase::Respond)
                .then_some(incident_who)
                .flatten()
                .map(|c| Link {
                    title: c.name.clone(),
                    href: Route::Incident.href(root),
                    current: false,
                }),
        })
        .collect();
    BcpView {
        title: title(bcp),
        basis: bcp.basis.as_ref().map(|(l, _)| Link {
            title: basis_title(hb, l),
            href: scope.href(l),
            current: false,
        }),
        policy: bcp.policy.clone(),
        scope: bcp.scope.clone(),
        revised: bcp.revised(as_of).map(|(d, _)| wareki(d)),
        history: bcp
            .history
            .iter()
            .map(|h| RevisionView {
                date: wareki(h.date),
                iso: crate::content::date::iso(h.date),
                note: h.note.clone(),
            })
            .collect(),
        team: bcp
            .team
            .iter()
            .map(|m| MemberView {
                role: m.role.clone(),
                contact: view_of(hb, &m.contact.id, root, as_of),
                calls: calls_of(hb, std::iter::once(m.contact.id.as_str()), root, as_of),
                duties: m.duties.clone(),
            })
            .collect(),
        systems,
        phases,
        cards: crate::routes::exists(hb, &Route::Cards).then(|| Route::Cards.href(root)),
    }
}

/// How the basis link reads: the regulation's title and the article.
fn basis_title(hb: &Handbook, link: &str) -> String {
    let Some(rest) = link.strip_prefix("reg:") else {
        return "根拠".into();
    };
    let (id, fragment) = rest.split_once('#').unwrap_or((rest, ""));
    match hb.regulation(id) {
        Some(r) if fragment.is_empty() => r.title.clone(),
        Some(r) => format!("{} {}", r.title, fragment),
        None => rest.to_string(),
    }
}

// ---------------------------------------------------------------------------
// Role cards

#[derive(Serialize)]
struct RowView {
    text: String,
    detail: Option<String>,
    /// How soon, when the heading does not say it (復旧・事後対応).
    within: Option<String>,
    calls: Vec<CallView>,
    form: Option<Link>,
}

#[derive(Serialize)]
struct BucketView {
    label: String,
    rows: Vec<RowView>,
}

#[derive(Serialize)]
struct FlowCall {
    call: CallView,
    when: Option<String>,
}

#[derive(Serialize)]
struct RoleView {
    id: String,
    name: String,
    role: Option<String>,
    duties: Vec<String>,
    buckets: Vec<BucketView>,
    calls: Vec<FlowCall>,
    forms: Vec<Link>,
}

#[derive(Serialize)]
pub struct CardsView {
    roles: Vec<RoleView>,
}

/// Where an action goes on a card: the rank of its heading, the minutes
/// that order it, and the heading. Timed first actions by their time,
/// then untimed first actions, then recovery, then the aftermath.
fn bucket(phase: Phase, within: Option<u32>) -> (u8, u32, String) {
    match (phase, within) {
        (Phase::Recover, _) => (2, 0, "復旧まで".into()),
        (Phase::After, _) => (3, 0, "復旧後（事後対応）".into()),
        (_, Some(m)) if m <= 15 => (0, m, format!("最初の{}", format_minutes(m))),
        (_, Some(1440)) => (0, 1440, "その日のうちに（24時間以内）".into()),
        (_, Some(m)) => (0, m, format!("{}以内", format_minutes(m))),
        (_, None) => (1, 0, "初動対応の間に".into()),
    }
}

/// The roles that have cards: the finder of the emergency page first,
/// then in the order the escalation flow names them, then any other
/// role the plan gives an action to. The plan's 平時の備え is for ordinary
/// days and not on the cards.
pub fn roles(hb: &Handbook) -> Vec<String> {
    let mut acting: Vec<&str> = Vec::new();
    if let Some(inc) = &hb.incident
        && let Some(r) = &inc.who
        && !inc.steps.is_empty()
    {
        acting.push(&r.id);
    }
    if let Some(bcp) = &hb.bcp {
        for (phase, a) in bcp.actions() {
            if phase != Phase::Prepare {
                acting.extend(a.who.iter().map(|r| r.id.as_str()));
            }
        }
    }
    acting.retain(|id| hb.contact(id).is_some());
    let mut order: Vec<&str> = Vec::new();
    let finder = hb
        .incident
        .as_ref()
        .and_then(|i| i.who.as_ref())
        .map(|r| r.id.as_str());
    let flow = hb.contacts.iter().flat_map(|c| &c.flow).flat_map(|f| {
        std::iter::once(f.from.id.as_str()).chain(f.to.iter().map(|r| r.id.as_str()))
    });
    for id in finder.into_iter().chain(flow).chain(acting.iter().copied()) {
        if acting.contains(&id) && !order.contains(&id) {
            order.push(id);
        }
    }
    order.into_iter().map(str::to_string).collect()
}

pub fn cards_view(scope: Scope, as_of: NaiveDate) -> CardsView {
    let (hb, root) = (scope.hb, scope.root);
    let roles = roles(hb)
        .iter()
        .filter_map(|id| hb.contact(id))
        .map(|c| {
            let mut rows: Vec<((u8, u32, String), RowView)> = Vec::new();
            let mut call_ids: Vec<&str> = Vec::new();
            let mut forms: Vec<Link> = Vec::new();
            if let Some(inc) = &hb.incident
                && inc.who.as_ref().is_some_and(|r| r.id == c.id)
            {
                // The emergency page's steps are this role's first minutes.
                for s in &inc.steps {
                    call_ids.extend(s.call.iter().map(|r| r.id.as_str()));
                    rows.push((
                        bucket(Phase::Respond, Some(15)),
                        RowView {
                            text: s.text.clone(),
                            detail: s.detail.clone(),
                            within: None,
                            calls: calls_of(hb, s.call.iter().map(|r| r.id.as_str()), root, as_of),
                            form: None,
                        },
                    ));
                }
            }
            if let Some(bcp) = &hb.bcp {
                for (phase, a) in bcp.actions() {
                    if phase == Phase::Prepare || !a.who.iter().any(|r| r.id == c.id) {
                        continue;
                    }
                    call_ids.extend(a.call.iter().map(|r| r.id.as_str()));
                    let form = a.form.as_ref().and_then(|(id, _)| form_link(hb, id, root));
                    if let Some(f) = &form
                        && !forms.iter().any(|x| x.href == f.href)
                    {
                        forms.push(Link {
                            title: f.title.clone(),
                            href: f.href.clone(),
                            current: false,
                        });
                    }
                    let key = bucket(phase, a.within);
                    let within = (key.0 >= 2)
                        .then(|| a.within.map(|m| format!("{}以内", format_minutes(m))))
                        .flatten();
                    rows.push((
                        key,
                        RowView {
                            text: a.text.clone(),
                            detail: a.detail.clone(),
                            within,
                            calls: calls_of(hb, a.call.iter().map(|r| r.id.as_str()), root, as_of),
                            form,
                        },
                    ));
                }
            }
            // Stable: actions keep the plan's order within a heading.
            rows.sort_by_key(|((rank, minutes, _), _)| (*rank, *minutes));
            let mut buckets: Vec<BucketView> = Vec::new();
            for ((_, _, label), row) in rows {
                match buckets.last_mut() {
                    Some(b) if b.label == label => b.rows.push(row),
                    _ => buckets.push(BucketView {
                        label,
                        rows: vec![row],
                    }),
                }
            }
            // Whom this role calls: the escalation flow first (with when),
            // then whoever its actions name.
            let mut calls: Vec<FlowCall> = Vec::new();
            let mut seen: Vec<&str> = Vec::new();
            for f in hb.contacts.iter().flat_map(|ch| &ch.flow) {
                if f.from.id != c.id {
                    continue;
                }
                for t in &f.to {
                    if seen.contains(&t.id.as_str()) {
                        continue;
                    }
                    seen.push(&t.id);
                    if let Some(call) =
                        calls_of(hb, std::iter::once(t.id.as_str()), root, as_of).pop()
                    {
                        calls.push(FlowCall {
                            call,
                            when: f.when.clone(),
                        });
                    }
                }
            }
            for id in call_ids {
                if seen.contains(&id) || id == c.id {
                    continue;
                }
                seen.push(id);
                if let Some(call) = calls_of(hb, std::iter::once(id), root, as_of).pop() {
                    calls.push(FlowCall { call, when: None });
                }
            }
            let duties = hb
                .bcp
                .iter()
                .flat_map(|b| &b.team)
                .filter(|m| m.contact.id == c.id)
                .map(|m| {
                    if m.duties.is_empty() {
                        m.role.clone()
                    } else {
                        format!("{}：{}", m.role, m.duties.join("、"))
                    }
                })
                .collect();
            RoleView {
                id: c.id.clone(),
                name: c.name.clone(),
                role: c.role.clone(),
                duties,
                buckets,
                calls,
                forms,
            }
        })
        .collect();
    CardsView { roles }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_go_under_headings_in_the_order_of_time() {
        let mut keys = [
            bucket(Phase::After, Some(43200)),
            bucket(Phase::Respond, Some(1440)),
            bucket(Phase::Recover, None),
            bucket(Phase::Respond, None),
            bucket(Phase::Detect, Some(15)),
            bucket(Phase::Respond, Some(60)),
            bucket(Phase::Respond, Some(4320)),
        ];
        keys.sort_by_key(|(r, m, _)| (*r, *m));
        let labels: Vec<&str> = keys.iter().map(|k| k.2.as_str()).collect();
        assert_eq!(
            labels,
            [
                "最初の15分",
                "1時間以内",
                "その日のうちに（24時間以内）",
                "3日以内",
                "初動対応の間に",
                "復旧まで",
                "復旧後（事後対応）"
            ]
        );
    }
}
