//! Rules over the operational data: ids are unique and usable, every
//! reference (to a contact, a severity level, a training kind) names
//! something that exists, the escalation flow does not go in a circle, and
//! the numbers add up.

use std::collections::BTreeMap;

use crate::content::Handbook;
use crate::content::fields::{At, Ref};
use crate::diag::{Diagnostic, Msg, nearest};

/// One id space (contacts, levels, kinds) for reference checks.
/// What an id names, in Japanese and in English (`("連絡先", "contact")`).
type What = (&'static str, &'static str);

struct Ids<'a> {
    what: What,
    defined_in: &'a str,
    ids: Vec<&'a str>,
    /// The same ids, to look one up in constant time (a chart of 20,000
    /// contacts checks as many references).
    known: std::collections::HashSet<&'a str>,
    /// False when the defining file could not be parsed: nothing is checked.
    complete: bool,
}

impl<'a> Ids<'a> {
    /// The ids `file` defines, each checked to be unique and usable.
    fn defined(
        hb: &Handbook,
        file: &'a str,
        what: What,
        items: Vec<(&'a str, At)>,
        complete: bool,
        diags: &mut Vec<Diagnostic>,
    ) -> Ids<'a> {
        unique_ids(hb, file, what, items.iter().copied(), diags);
        let ids: Vec<&str> = items.into_iter().map(|(id, _)| id).collect();
        Ids {
            what,
            defined_in: file,
            known: ids.iter().copied().collect(),
            ids,
            complete,
        }
    }

    fn check(&self, hb: &Handbook, file: &str, r: &Ref, diags: &mut Vec<Diagnostic>) {
        // `who: 未記入`: not chosen yet, which W040 says; not a wrong id.
        if !self.complete
            || self.known.contains(r.id.as_str())
            || crate::content::blank::is_blank(&r.id)
        {
            return;
        }
        let ((what_ja, what_en), defined_in) = (self.what, self.defined_in);
        let help = match nearest(&r.id, &self.ids) {
            Some(n) => Msg::new(
                format!("`{n}` のことですか？ {what_ja}は {defined_in} に書かれています"),
                format!("did you mean `{n}`? {what_en}s are defined in {defined_in}"),
            ),
            None if self.ids.is_empty() => Msg::new(
                format!("先に {defined_in} に書いてください"),
                format!("define it in {defined_in} first"),
            ),
            None => Msg::new(
                format!(
                    "{defined_in} にある id のどれかを書いてください: {}",
                    self.ids.join(", ")
                ),
                format!(
                    "use one of the ids in {defined_in}: {}",
                    self.ids.join(", ")
                ),
            ),
        };
        diags.push(
            super::located(
                hb,
                Diagnostic::error("E042", file, format!("{what_ja} `{}` はありません", r.id))
                    .en(format!("no {what_en} `{}`", r.id)),
                r.at,
            )
            .help(help.ja)
            .help_en(help.en),
        );
    }
}

fn contact_ids(hb: &Handbook) -> Ids<'_> {
    let (ids, complete): (Vec<&str>, bool) = match &hb.contacts {
        Some(c) => (
            c.contacts.iter().map(|c| c.id.as_str()).collect(),
            c.complete,
        ),
        None => (Vec::new(), true),
    };
    Ids {
        what: CONTACT,
        defined_in: crate::content::contacts::FILE,
        known: ids.iter().copied().collect(),
        ids,
        complete,
    }
}

/// Ids must be unique within their file and usable in an address.
const CONTACT: What = ("連絡先", "contact");

fn unique_ids<'a>(
    hb: &Handbook,
    file: &str,
    (what_ja, what): What,
    ids: impl Iterator<Item = (&'a str, At)>,
    diags: &mut Vec<Diagnostic>,
) {
    let mut seen: BTreeMap<&str, At> = BTreeMap::new();
    for (id, at) in ids {
        let usable = !id.is_empty()
            && !id.starts_with('-')
            && id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !usable {
            diags.push(
                super::located(
                    hb,
                    Diagnostic::error("E045", file, format!("{what_ja}の id `{id}` は使えません"))
                        .en(format!("the {what} id `{id}` cannot be used")),
                    at,
                )
                .help("半角英小文字・数字・- だけで書いてください（例: `it-dept`）。id はページのアドレスの一部になります")
                .help_en("use only a-z, 0-9 and - (e.g. `it-dept`); the id becomes part of page addresses"),
            );
        }
        if let Some(first) = seen.get(id) {
            diags.push(
                super::located(
                    hb,
                    Diagnostic::error(
                        "E043",
                        file,
                        format!(
                            "{what_ja}の id `{id}` は{}行目ですでに使われています",
                            first.0
                        ),
                    )
                    .en(format!(
                        "the {what} id `{id}` is already used on line {}",
                        first.0
                    )),
                    at,
                )
                .help("ほかと重ならない id にしてください")
                .help_en(format!("give each {what} its own id")),
            );
        } else {
            seen.insert(id, at);
        }
    }
}

pub fn run(hb: &Handbook, diags: &mut Vec<Diagnostic>) {
    let contacts = contact_ids(hb);
    if let Some(chart) = &hb.contacts {
        let file = chart.file.as_str();
        unique_ids(
            hb,
            file,
            CONTACT,
            chart.contacts.iter().map(|c| (c.id.as_str(), c.at)),
            diags,
        );
        for f in &chart.flow {
            contacts.check(hb, file, &f.from, diags);
            for t in &f.to {
                contacts.check(hb, file, t, diags);
            }
        }
        check_flow_cycle(hb, chart, diags);
        for c in &chart.contacts {
            if let Some((url, at)) = &c.url {
                let lower = url.trim().to_ascii_lowercase();
                if !(lower.starts_with("https://") || lower.starts_with("http://")) {
                    diags.push(
                        super::located(
                            hb,
                            Diagnostic::error(
                                "E031",
                                file,
                                format!(
                                    "「{}」の url `{url}` はウェブのアドレスではありません",
                                    c.name
                                ),
                            )
                            .en(format!(
                                "the url `{url}` of 「{}」 is not a web address",
                                c.name
                            )),
                            *at,
                        )
                        .help("https:// で始まるアドレスを書いてください")
                        .help_en("write an address starting with https://"),
                    );
                }
            }
        }
    }
    if let Some(sev) = &hb.severity {
        let file = sev.file.as_str();
        let levels = Ids::defined(
            hb,
            file,
            ("深刻度", "severity level"),
            sev.levels.iter().map(|l| (l.id.as_str(), l.at)).collect(),
            sev.complete,
            diags,
        );
        for l in &sev.levels {
            for r in l.mandatory.iter().chain(&l.optional) {
                contacts.check(hb, file, r, diags);
            }
            for r in &l.optional {
                if l.mandatory.iter().any(|m| m.id == r.id) {
                    diags.push(
                        super::located(
                            hb,
                            Diagnostic::error(
                                "E046",
                                file,
                                format!(
                                    "`{}` が深刻度「{}」の必須の報告先（mandatory）と任意の報告先（optional）の両方にあります",
                                    r.id, l.name
                                ),
                            )
                            .en(format!(
                                "`{}` is both a mandatory and an optional destination at 深刻度「{}」",
                                r.id, l.name
                            )),
                            r.at,
                        )
                        .help("`mandatory` と `optional` のどちらか一方にだけ書いてください")
                        .help_en("keep it in one of `mandatory` or `optional`"),
                    );
                }
            }
        }
        for d in &sev.deadlines {
            contacts.check(hb, file, &d.to, diags);
            for l in &d.levels {
                levels.check(hb, file, l, diags);
            }
        }
    }
    for p in &hb.procedures {
        let file = p.file.as_str();
        let refs = p
            .owner
            .iter()
            .chain(&p.contacts)
            .chain(p.steps.iter().filter_map(|s| s.who.as_ref()));
        for r in refs {
            contacts.check(hb, file, r, diags);
        }
    }
    if let Some(t) = &hb.training {
        let file = t.file.as_str();
        let kinds = Ids::defined(
            hb,
            file,
            ("教育・訓練の種類", "training kind"),
            t.kinds.iter().map(|k| (k.id.as_str(), k.at)).collect(),
            t.complete,
            diags,
        );
        for s in t.all_sessions() {
            kinds.check(hb, file, &s.kind, diags);
            for f in &s.follow_up {
                if let Some(o) = &f.owner {
                    contacts.check(hb, file, o, diags);
                }
            }
            if let (Some(a), Some(target)) = (s.attended, s.target)
                && a > target
            {
                diags.push(
                    super::located(
                        hb,
                        Diagnostic::error(
                            "E046",
                            file,
                            format!("参加者数 {a} が対象者数 {target} を超えています"),
                        )
                        .en(format!("{a} attended but the target was {target}")),
                        s.attended_at,
                    )
                    .help("`target` は対象者数、`attended` は参加者数です。参加者数は対象者数より多くなりません")
                    .help_en("`target` is how many were meant to attend (対象者数); `attended` cannot be larger"),
                );
            }
        }
    }
    if let Some(inc) = &hb.incident {
        let file = inc.file.as_str();
        for s in &inc.steps {
            for r in &s.call {
                contacts.check(hb, file, r, diags);
            }
        }
        if let Some(r) = &inc.who {
            contacts.check(hb, file, r, diags);
        }
    }
    if let Some(bcp) = &hb.bcp {
        check_bcp(hb, bcp, &contacts, diags);
    }
    if let Some(d) = &hb.distribution {
        let copies: Vec<(String, At)> = d
            .copies
            .iter()
            .map(|c| (c.number.to_string(), c.at))
            .collect();
        unique_ids(
            hb,
            &d.file,
            ("冊子の番号", "copy number"),
            copies.iter().map(|(n, at)| (n.as_str(), *at)),
            diags,
        );
    }
}

/// The BCP's references: every contact (team, who, call, a system's
/// contacts) and every system an action names exist; system ids are unique.
/// A target recovery time the system's procedure cannot meet is W020.
/// Procedures and forms are links, resolved and reported with the others.
fn check_bcp(
    hb: &Handbook,
    bcp: &crate::content::bcp::Bcp,
    contacts: &Ids,
    diags: &mut Vec<Diagnostic>,
) {
    let file = bcp.file.as_str();
    let systems = Ids::defined(
        hb,
        file,
        ("BCP のシステム", "BCP system"),
        bcp.systems.iter().map(|s| (s.id.as_str(), s.at)).collect(),
        bcp.complete,
        diags,
    );
    for m in &bcp.team {
        contacts.check(hb, file, &m.contact, diags);
    }
    for s in &bcp.systems {
        for r in &s.contacts {
            contacts.check(hb, file, r, diags);
        }
    }
    for (_, a) in bcp.actions() {
        for r in a.who.iter().chain(&a.call) {
            contacts.check(hb, file, r, diags);
        }
        for r in &a.systems {
            systems.check(hb, file, r, diags);
        }
    }
    for s in &bcp.systems {
        let (Some((plan, at)), Some((id, _))) = (s.rto, &s.procedure) else {
            continue;
        };
        let id = id.strip_prefix("procedure:").unwrap_or(id);
        let Some(p) = hb.procedure(id.split('#').next().unwrap_or(id)) else {
            continue;
        };
        let Some(own) = p.rto.filter(|own| *own > plan) else {
            continue;
        };
        let (plan, own) = (
            crate::content::fields::format_minutes(plan),
            crate::content::fields::format_minutes(own),
        );
        diags.push(
            super::located(
                hb,
                Diagnostic::warning(
                    "W030",
                    file,
                    format!(
                        "「{}」の目標復旧時間 {plan} は、復旧手順（{}）の RTO {own} では達成できません",
                        p.system, p.file
                    ),
                )
                .en(format!(
                    "the BCP's target recovery time for 「{}」 ({plan}) is shorter than the RTO of its procedure {} ({own})",
                    p.system, p.file
                )),
                at,
            )
            .help(format!(
                "復旧手順を見直して RTO を {plan} 以内にするか、BCP の目標復旧時間を {own} 以上にしてください"
            ))
            .help_en(format!(
                "shorten the procedure's RTO to {plan} or less, or set the plan's target to {own} or more"
            )),
        );
    }
}

/// An escalation flow that comes back to where it started cannot be drawn
/// as a chart and means nobody is the last to be told.
fn check_flow_cycle(
    hb: &Handbook,
    chart: &crate::content::contacts::ContactChart,
    diags: &mut Vec<Diagnostic>,
) {
    let mut edges: BTreeMap<&str, Vec<(&str, At)>> = BTreeMap::new();
    for f in &chart.flow {
        for t in &f.to {
            edges
                .entry(f.from.id.as_str())
                .or_default()
                .push((t.id.as_str(), t.at));
        }
    }
    // Depth-first search with colours; the first back edge found is
    // reported where it was written.
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    let mut marks: BTreeMap<&str, Mark> = BTreeMap::new();
    for f in &chart.flow {
        let start = f.from.id.as_str();
        if marks.get(start).copied().unwrap_or(Mark::New) != Mark::New {
            continue;
        }
        let mut stack: Vec<(&str, usize)> = vec![(start, 0)];
        marks.insert(start, Mark::Open);
        while let Some((node, i)) = stack.pop() {
            let next = edges.get(node).and_then(|v| v.get(i));
            let Some(&(to, at)) = next else {
                marks.insert(node, Mark::Done);
                continue;
            };
            stack.push((node, i + 1));
            match marks.get(to).copied().unwrap_or(Mark::New) {
                Mark::New => {
                    marks.insert(to, Mark::Open);
                    stack.push((to, 0));
                }
                Mark::Open => {
                    let path: Vec<&str> = stack.iter().map(|(n, _)| *n).collect();
                    let from = path.iter().position(|n| *n == to).unwrap_or(0);
                    let mut cycle: Vec<&str> = path[from..].to_vec();
                    cycle.push(to);
                    diags.push(
                        super::located(
                            hb,
                            Diagnostic::error(
                                "E044",
                                &chart.file,
                                format!("連絡の流れが輪になっています: {}", cycle.join(" → ")),
                            )
                            .en(format!(
                                "the escalation flow goes in a circle: {}",
                                cycle.join(" → ")
                            )),
                            at,
                        )
                        .help("連絡の流れは誰が誰に報告するかを表します。報告が戻っていく段を消してください")
                        .help_en(
                            "the flow says who reports to whom; remove the step that reports back",
                        ),
                    );
                    return;
                }
                Mark::Done => {}
            }
        }
    }
}
