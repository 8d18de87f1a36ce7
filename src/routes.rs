//! The route map: every file the built handbook has, and the only place
//! that knows their paths. A route formats its path and a path parses back
//! to its route; which routes a handbook has, which are searched, what
//! `page:` names mean and the binder's order are answered here too, so the
//! renderer, link resolution, search and the preview all ask this module.
//!
//! Paths are relative to the output root, with `/`, and always name a file
//! with its extension: the handbook is opened from `file://`, where a
//! folder does not open its `index.html`.

use chrono::NaiveDate;

use crate::content::Handbook;
use crate::content::regulation::Regulation;

/// One file of the built handbook.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Route {
    /// `index.html`, the front page.
    Index,
    /// `incident.html`, 緊急時対応.
    Incident,
    /// `poster.html`, 緊急時対応 as one A4 poster to put up by every PC.
    Poster,
    /// `cards.html`, one action card per role (役割別アクションカード).
    Cards,
    /// `wallet.html`, a sheet of ten pocket cards (携帯カード) to cut out.
    Wallet,
    /// `contacts.html`, 連絡体制図.
    Contacts,
    /// `severity.html`, 深刻度と報告先.
    Severity,
    /// `bcp.html`, 事業継続計画.
    Bcp,
    /// `procedures/index.html`, every procedure.
    Procedures,
    /// `procedures/ID.html`.
    Procedure(String),
    /// `training.html`, 教育・訓練の記録.
    Training,
    /// `distribution.html`, 配布管理台帳 (the printed copies).
    Distribution,
    /// `forms/index.html`, 様式.
    Forms,
    /// `forms/ID.html`.
    Form(String),
    /// `regulations/index.html`, 規程一覧.
    Regulations,
    /// `regulations/ID.html`: the version in force.
    Regulation(String),
    /// `regulations/ID.DATE.html`: another version (旧版 or 施行予定), by
    /// the day it takes effect.
    Version(String, NaiveDate),
    /// `regulations/ID.DATE.compare.html`: the 新旧対照表 of that version
    /// against the one before.
    Compare(String, NaiveDate),
    /// `regulations/ID.DATE.notice.html`: the 周知確認書 of the revision of
    /// that date (an entry of the 改定履歴), one sheet per department.
    Notice(String, NaiveDate),
    /// `changes.html`, 改定一覧.
    Changes,
    /// `inspection.html`, 立入検査: one link to each piece of evidence.
    Inspection,
    /// `inspection-print.html`: the evidence as one document to print.
    InspectionPrint,
    /// `checklist.html`, サイバーセキュリティ対策チェックリスト.
    Checklist,
    /// `vendors.html`, 委託先・ベンダー and what they returned.
    Vendors,
    /// `pages/ID.html`, a free page.
    Page(String),
    /// `print.html`, the binder.
    Print,
    /// `search.html`.
    Search,
    /// `search-index.js`, loaded by `search.html` with a `<script>`.
    SearchIndex,
    /// `theme/NAME`: a stylesheet, script or image.
    Asset(String),
}

const DATE: &str = "%Y-%m-%d";

/// `regulations/ID.DATE` and `ending`: the path of a dated page of
/// regulation `id` (made for every version's page, link and notice).
fn dated(id: &str, date: NaiveDate, ending: &str) -> String {
    let mut path = String::with_capacity(12 + id.len() + 11 + ending.len());
    path.push_str("regulations/");
    path.push_str(id);
    path.push('.');
    crate::content::date::push_iso(&mut path, date);
    path.push_str(ending);
    path
}

impl Route {
    /// The path from the output root.
    pub fn path(&self) -> String {
        match self {
            Route::Index => "index.html".into(),
            Route::Incident => "incident.html".into(),
            Route::Poster => "poster.html".into(),
            Route::Cards => "cards.html".into(),
            Route::Wallet => "wallet.html".into(),
            Route::Bcp => "bcp.html".into(),
            Route::Distribution => "distribution.html".into(),
            Route::Contacts => "contacts.html".into(),
            Route::Severity => "severity.html".into(),
            Route::Procedures => "procedures/index.html".into(),
            Route::Procedure(id) => format!("procedures/{id}.html"),
            Route::Training => "training.html".into(),
            Route::Forms => "forms/index.html".into(),
            Route::Form(id) => format!("forms/{id}.html"),
            Route::Regulations => "regulations/index.html".into(),
            Route::Regulation(id) => format!("regulations/{id}.html"),
            Route::Version(id, date) => dated(id, *date, ".html"),
            Route::Compare(id, date) => dated(id, *date, ".compare.html"),
            Route::Notice(id, date) => dated(id, *date, ".notice.html"),
            Route::Changes => "changes.html".into(),
            Route::Inspection => "inspection.html".into(),
            Route::InspectionPrint => "inspection-print.html".into(),
            Route::Checklist => "checklist.html".into(),
            Route::Vendors => "vendors.html".into(),
            Route::Page(id) => format!("pages/{id}.html"),
            Route::Print => "print.html".into(),
            Route::Search => "search.html".into(),
            Route::SearchIndex => "search-index.js".into(),
            Route::Asset(name) => format!("theme/{name}"),
        }
    }

    /// The route a path names, when it names one (whether the handbook has
    /// it is [`exists`]'s question).
    pub fn parse(path: &str) -> Option<Route> {
        let fixed = [
            Route::Index,
            Route::Incident,
            Route::Poster,
            Route::Cards,
            Route::Wallet,
            Route::Contacts,
            Route::Severity,
            Route::Bcp,
            Route::Procedures,
            Route::Training,
            Route::Distribution,
            Route::Forms,
            Route::Regulations,
            Route::Changes,
            Route::Print,
            Route::Search,
            Route::SearchIndex,
            Route::Inspection,
            Route::InspectionPrint,
            Route::Checklist,
            Route::Vendors,
        ];
        if let Some(route) = fixed.into_iter().find(|r| r.path() == path) {
            return Some(route);
        }
        if let Some(name) = path.strip_prefix("theme/") {
            return (!name.is_empty()).then(|| Route::Asset(name.to_string()));
        }
        let (folder, file) = path.split_once('/')?;
        let stem = file.strip_suffix(".html")?;
        if stem.is_empty() || stem.contains('/') {
            return None;
        }
        match folder {
            "procedures" => Some(Route::Procedure(stem.to_string())),
            "forms" => Some(Route::Form(stem.to_string())),
            "pages" => Some(Route::Page(stem.to_string())),
            "regulations" => {
                // Ids never hold a `.` (a-z, 0-9, -), so the first `.`
                // ends the id.
                let (id, rest) = match stem.split_once('.') {
                    None => return Some(Route::Regulation(stem.to_string())),
                    Some(x) => x,
                };
                let (date, kind) = if let Some(d) = rest.strip_suffix(".compare") {
                    (d, "compare")
                } else if let Some(d) = rest.strip_suffix(".notice") {
                    (d, "notice")
                } else {
                    (rest, "")
                };
                let date = NaiveDate::parse_from_str(date, DATE).ok()?;
                let id = id.to_string();
                Some(match kind {
                    "compare" => Route::Compare(id, date),
                    "notice" => Route::Notice(id, date),
                    _ => Route::Version(id, date),
                })
            }
            _ => None,
        }
    }

    /// How a page at this route reaches the output root: `""` or `"../"`.
    pub fn root(&self) -> &'static str {
        if self.path().contains('/') { "../" } else { "" }
    }

    /// The file's name, without its folder: how a page links to another
    /// in the same folder.
    pub fn file_name(&self) -> String {
        let path = self.path();
        match path.rsplit_once('/') {
            Some((_, name)) => name.to_string(),
            None => path,
        }
    }

    /// A link to this route from a page whose root is `root`.
    pub fn href(&self, root: &str) -> String {
        format!("{root}{}", self.path())
    }

    /// Whether search finds text on this page. Pages that only list others
    /// or are made of them are left out, and so are the versions not in
    /// force and the 新旧対照表: search finds the text in force.
    pub fn searched(&self) -> bool {
        matches!(
            self,
            Route::Incident
                | Route::Contacts
                | Route::Severity
                | Route::Bcp
                | Route::Distribution
                | Route::Procedures
                | Route::Procedure(_)
                | Route::Training
                | Route::Form(_)
                | Route::Regulation(_)
                | Route::Page(_)
                | Route::Checklist
                | Route::Vendors
        )
    }

    /// Whether the page is made of all the others (so it is rendered after
    /// them).
    pub fn whole_site(&self) -> bool {
        matches!(
            self,
            Route::Print | Route::Search | Route::SearchIndex | Route::InspectionPrint
        )
    }

    /// The page of one version of `reg` (`reg` itself: the one in force).
    pub fn version(reg: &Regulation, version: &Regulation) -> Route {
        if std::ptr::eq(reg, version) {
            Route::Regulation(reg.id.clone())
        } else {
            Route::Version(reg.id.clone(), version.since)
        }
    }

    /// The 周知確認書 of the revision of `reg` that took effect on `date`.
    pub fn notice(reg: &Regulation, date: NaiveDate) -> Route {
        Route::Notice(reg.id.clone(), date)
    }

    /// The 新旧対照表 of `version` of `reg` against the version before it.
    pub fn compare(reg: &Regulation, version: &Regulation) -> Route {
        Route::Compare(reg.id.clone(), version.since)
    }
}

/// The file a folder's URL (`forms/`, or the site's root) opens: the
/// folder's index page, as on a web server.
pub fn folder_index(folder: &str) -> String {
    format!("{folder}index.html")
}

/// The anchor of a contact's entry on the contact chart.
pub fn contact_anchor(id: &str) -> String {
    format!("c-{id}")
}

/// The anchor of a training kind's row on the training record.
pub fn training_anchor(id: &str) -> String {
    format!("k-{id}")
}

/// Whether the handbook has the 緊急時対応 page: it is made from
/// `incident.yaml`, and from `severity.yaml` alone (whom to tell).
fn has_incident(hb: &Handbook) -> bool {
    hb.incident.is_some() || hb.severity.is_some()
}

/// Whether the contact chart lists a vendor (委託先・ベンダー).
fn has_vendors(hb: &Handbook) -> bool {
    hb.contacts.as_ref().is_some_and(|c| {
        c.contacts
            .iter()
            .any(|c| c.kind == crate::content::contacts::Kind::Vendor)
    })
}

/// The revisions of `reg` that get a 周知確認書: every 改定履歴 entry with
/// a readable date, oldest first.
pub fn noticed_revisions(reg: &Regulation) -> Vec<NaiveDate> {
    let mut dates: Vec<NaiveDate> = reg
        .newest()
        .history
        .iter()
        .map(|h| h.date)
        .filter(|d| *d != NaiveDate::MIN)
        .collect();
    dates.sort();
    dates.dedup();
    dates
}

/// Whether the handbook has role cards: some step or action says whose
/// it is.
fn has_roles(hb: &Handbook) -> bool {
    hb.incident.as_ref().is_some_and(|i| i.who.is_some())
        || hb
            .bcp
            .as_ref()
            .is_some_and(|b| b.actions().any(|(_, a)| !a.who.is_empty()))
}

/// Whether the handbook has the file at `route`. Assets are not judged
/// here (they are whatever the theme holds).
pub fn exists(hb: &Handbook, route: &Route) -> bool {
    match route {
        Route::Index
        | Route::Regulations
        | Route::Changes
        | Route::Print
        | Route::Search
        | Route::SearchIndex
        | Route::Inspection
        | Route::InspectionPrint => true,
        Route::Checklist => hb.checklist.is_some(),
        Route::Vendors => has_vendors(hb),
        Route::Notice(id, date) => hb
            .regulation(id)
            .is_some_and(|r| noticed_revisions(r).contains(date)),
        Route::Incident => has_incident(hb),
        Route::Poster | Route::Wallet => hb.incident.is_some(),
        Route::Cards => has_roles(hb),
        Route::Bcp => hb.bcp.is_some(),
        Route::Distribution => hb.distribution.is_some(),
        Route::Contacts => hb.contacts.is_some(),
        Route::Severity => hb.severity.is_some(),
        Route::Procedures => !hb.procedures.is_empty(),
        Route::Procedure(id) => hb.procedure(id).is_some(),
        Route::Training => hb.training.is_some(),
        Route::Forms => !hb.forms.is_empty(),
        Route::Form(id) => hb.form(id).is_some(),
        Route::Regulation(id) => hb.regulation(id).is_some(),
        Route::Version(id, date) => hb
            .regulation(id)
            .is_some_and(|r| r.versions.iter().any(|v| v.since == *date)),
        Route::Compare(id, date) => hb.regulation(id).is_some_and(|r| {
            r.all_versions()
                .into_iter()
                .any(|v| v.since == *date && r.predecessor(v).is_some())
        }),
        Route::Page(id) => hb.page(id).is_some(),
        Route::Asset(_) => false,
    }
}

/// Every page of the handbook but the whole-site ones, in the order the
/// site lists them (the binder and search read them in this order).
pub fn pages(hb: &Handbook) -> Vec<Route> {
    let mut routes: Vec<Route> = [
        Route::Index,
        Route::Incident,
        Route::Poster,
        Route::Cards,
        Route::Wallet,
        Route::Contacts,
        Route::Severity,
        Route::Bcp,
        Route::Procedures,
    ]
    .into_iter()
    .filter(|r| exists(hb, r))
    .collect();
    routes.extend(hb.procedures.iter().map(|p| Route::Procedure(p.id.clone())));
    routes.extend(
        [Route::Training, Route::Distribution, Route::Forms]
            .into_iter()
            .filter(|r| exists(hb, r)),
    );
    routes.extend(hb.forms.iter().map(|f| Route::Form(f.id.clone())));
    routes.push(Route::Regulations);
    for reg in &hb.regulations {
        for version in reg.all_versions() {
            routes.push(Route::version(reg, version));
            if reg.predecessor(version).is_some() {
                routes.push(Route::compare(reg, version));
            }
        }
        for date in noticed_revisions(reg) {
            routes.push(Route::notice(reg, date));
        }
    }
    routes.push(Route::Changes);
    routes.extend(
        [Route::Inspection, Route::Checklist, Route::Vendors]
            .into_iter()
            .filter(|r| exists(hb, r)),
    );
    routes.extend(hb.pages.iter().map(|p| Route::Page(p.id.clone())));
    routes
}

/// The page a `page:NAME` link names among those made from the handbook's
/// data (`page:contacts`, `page:incident` …), when the handbook has it.
pub fn named(hb: &Handbook, name: &str) -> Option<Route> {
    let route = match name {
        "index" | "home" => Route::Index,
        "regulations" => Route::Regulations,
        "incident" => Route::Incident,
        "contacts" => Route::Contacts,
        "severity" => Route::Severity,
        "bcp" => Route::Bcp,
        "poster" => Route::Poster,
        "cards" => Route::Cards,
        "wallet" => Route::Wallet,
        "distribution" => Route::Distribution,
        "procedures" => Route::Procedures,
        "training" => Route::Training,
        "forms" => Route::Forms,
        "print" => Route::Print,
        "search" => Route::Search,
        "changes" => Route::Changes,
        "inspection" => Route::Inspection,
        "checklist" => Route::Checklist,
        "vendors" => Route::Vendors,
        _ => return None,
    };
    exists(hb, &route).then_some(route)
}

/// The pages made from the handbook's data, in the order they matter
/// during an incident, with the names menus give them.
pub fn operations(hb: &Handbook) -> Vec<(Route, &'static str)> {
    [
        (Route::Contacts, "連絡体制図"),
        (Route::Severity, "深刻度と報告先"),
        (Route::Bcp, "BCP"),
        (Route::Procedures, "復旧手順"),
        (Route::Training, "教育・訓練"),
        (Route::Forms, "様式"),
        (Route::Distribution, "配布管理"),
    ]
    .into_iter()
    .filter(|(r, _)| exists(hb, r))
    .collect()
}

/// One group of the site menu (the sidebar on a wide screen, the drawer on
/// a phone): a heading, or none for the first links, and its pages.
pub struct MenuGroup {
    pub title: Option<&'static str>,
    /// The page, the name the menu gives it, and how far it is indented
    /// (a procedure under 復旧手順, a regulation under 規程一覧).
    pub items: Vec<(Route, String, u8)>,
}

/// The handbook's structure as the menu shows it, in the order staff need
/// the pages during an incident; pages the handbook lacks are left out, and
/// so are groups left empty. Every page but the other versions of a
/// regulation, their 新旧対照表 and 周知確認書, and the inspector's print
/// bundle is in it.
pub fn menu(hb: &Handbook) -> Vec<MenuGroup> {
    // Every page carries the menu: a handbook of hundreds of regulations
    // lists them on 規程一覧, not on every page.
    const LISTED: usize = 40;
    let listed = |n: usize| n <= LISTED;
    let has = |r: &Route| exists(hb, r);
    let item = |r: Route, t: &str, depth: u8| (r, t.to_string(), depth);
    let mut first = vec![item(Route::Index, "ホーム", 0)];
    if has(&Route::Incident) {
        first.push(item(Route::Incident, "緊急時対応", 0));
    }
    let mut ops = Vec::new();
    for (route, title) in operations(hb) {
        let children: Vec<(Route, String, u8)> = match route {
            Route::Procedures if listed(hb.procedures.len()) => hb
                .procedures
                .iter()
                .map(|p| (Route::Procedure(p.id.clone()), p.system.clone(), 1))
                .collect(),
            Route::Forms if listed(hb.forms.len()) => hb
                .forms
                .iter()
                .map(|f| (Route::Form(f.id.clone()), f.title.clone(), 1))
                .collect(),
            _ => Vec::new(),
        };
        ops.push(item(route, title, 0));
        ops.extend(children);
    }
    let mut regs = vec![item(Route::Regulations, "規程一覧", 0)];
    if listed(hb.regulations.len()) {
        regs.extend(
            hb.regulations
                .iter()
                .map(|r| (Route::Regulation(r.id.clone()), r.title.clone(), 1)),
        );
    }
    regs.push(item(Route::Changes, "改定一覧", 0));
    let inspection: Vec<_> = [
        (Route::Inspection, "立入検査用資料一覧"),
        (Route::Checklist, "チェックリスト"),
        (Route::Vendors, "委託先・ベンダー"),
    ]
    .into_iter()
    .filter(|(r, _)| has(r))
    .map(|(r, t)| item(r, t, 0))
    .collect();
    let pages: Vec<_> = hb
        .pages
        .iter()
        .take(LISTED)
        .map(|p| (Route::Page(p.id.clone()), p.title.clone(), 0))
        .collect();
    let prints: Vec<_> = [
        (Route::Poster, "緊急時対応ポスター"),
        (Route::Cards, "役割別アクションカード"),
        (Route::Wallet, "携帯カード"),
        (Route::Print, "冊子（全体を印刷）"),
    ]
    .into_iter()
    .filter(|(r, _)| has(r))
    .map(|(r, t)| item(r, t, 0))
    .collect();
    [
        (None, first),
        (Some("連絡・復旧"), ops),
        (Some("規程"), regs),
        (Some("点検・立入検査"), inspection),
        (Some("資料"), pages),
        (Some("印刷して備える"), prints),
        (None, vec![item(Route::Search, "検索", 0)]),
    ]
    .into_iter()
    .filter(|(_, items)| !items.is_empty())
    .map(|(title, items)| MenuGroup { title, items })
    .collect()
}

/// The pages in reading order, for the next and previous links at the
/// foot of each: the menu's order, without the search page and the binder
/// (which are not read one after another).
pub fn reading_order(hb: &Handbook) -> Vec<(Route, String)> {
    menu(hb)
        .into_iter()
        .flat_map(|g| g.items)
        .filter(|(r, _, _)| !matches!(r, Route::Search | Route::Print))
        .map(|(r, t, _)| (r, t))
        .collect()
}

/// The page of the menu a page belongs under: itself, or for another
/// version of a regulation, its 新旧対照表 or 周知確認書, the regulation.
pub fn menu_parent(route: &Route) -> Route {
    match route {
        Route::Version(id, _) | Route::Compare(id, _) | Route::Notice(id, _) => {
            Route::Regulation(id.clone())
        }
        Route::InspectionPrint => Route::Inspection,
        other => other.clone(),
    }
}

/// One chapter of the print binder: its name and its parts (a page and
/// the title it has there), in binder order.
pub struct Chapter {
    pub title: &'static str,
    pub parts: Vec<(Route, String)>,
}

/// The binder's chapters in the order they are needed when the systems
/// are down; chapters with no pages are left out.
pub fn binder(hb: &Handbook) -> Vec<Chapter> {
    let single = |route: Route, title: &'static str| Chapter {
        title,
        parts: if exists(hb, &route) {
            vec![(route, title.to_string())]
        } else {
            Vec::new()
        },
    };
    let mut procedures: Vec<(Route, String)> = hb
        .procedures
        .iter()
        .map(|p| {
            (
                Route::Procedure(p.id.clone()),
                format!("{} 復旧手順", p.system),
            )
        })
        .collect();
    if !procedures.is_empty() {
        procedures.insert(0, (Route::Procedures, "一覧（RTO・RPO・訓練）".into()));
    }
    let chapters = vec![
        single(Route::Incident, "緊急時対応"),
        single(Route::Cards, "役割別アクションカード"),
        single(Route::Contacts, "連絡体制図"),
        single(Route::Severity, "深刻度と報告先"),
        single(Route::Bcp, "事業継続計画（BCP）"),
        Chapter {
            title: "復旧手順",
            parts: procedures,
        },
        Chapter {
            title: "規程",
            parts: hb
                .regulations
                .iter()
                .map(|r| (Route::Regulation(r.id.clone()), r.title.clone()))
                .collect(),
        },
        Chapter {
            title: "教育・訓練",
            parts: if exists(hb, &Route::Training) {
                vec![(Route::Training, "教育・訓練の記録".into())]
            } else {
                Vec::new()
            },
        },
        Chapter {
            title: "点検・立入検査",
            parts: [
                (Route::Checklist, "サイバーセキュリティ対策チェックリスト"),
                (Route::Vendors, "委託先・ベンダー"),
            ]
            .into_iter()
            .filter(|(r, _)| exists(hb, r))
            .map(|(r, t)| (r, t.to_string()))
            .collect(),
        },
        Chapter {
            title: "資料",
            parts: hb
                .pages
                .iter()
                .map(|p| (Route::Page(p.id.clone()), p.title.clone()))
                .chain(
                    exists(hb, &Route::Distribution)
                        .then(|| (Route::Distribution, "配布管理台帳".to_string())),
                )
                .collect(),
        },
        Chapter {
            title: "様式（空欄）",
            parts: hb
                .forms
                .iter()
                .map(|f| (Route::Form(f.id.clone()), f.title.clone()))
                .collect(),
        },
    ];
    chapters
        .into_iter()
        .filter(|c| !c.parts.is_empty())
        .collect()
}

/// The inspector's bundle (`inspection-print.html`): the index, then each
/// piece of evidence the 保健所 asks for, in the order the index lists
/// them; chapters with no pages are left out.
pub fn inspection_bundle(hb: &Handbook) -> Vec<Chapter> {
    let some = |title: &'static str, parts: Vec<(Route, &str)>| Chapter {
        title,
        parts: parts
            .into_iter()
            .filter(|(r, _)| exists(hb, r))
            .map(|(r, t)| (r, t.to_string()))
            .collect(),
    };
    let mut procedures = vec![(Route::Procedures, "一覧（RTO・RPO・訓練）".to_string())];
    procedures.extend(hb.procedures.iter().map(|p| {
        (
            Route::Procedure(p.id.clone()),
            format!("{} 復旧手順", p.system),
        )
    }));
    // The regulations as the inspector asks for them: which there are,
    // with their approval and 施行 dates (the list page); their full text
    // is the binder's, and doubling it made the bundle as large as the
    // binder (36 MiB at 1,000 regulations).
    let regulations = vec![(Route::Regulations, "規程一覧".to_string())];
    let mut chapters = vec![
        some(
            "立入検査用資料一覧",
            vec![(Route::Inspection, "立入検査用資料一覧")],
        ),
        some("連絡体制図", vec![(Route::Contacts, "連絡体制図")]),
    ];
    if let Some(bcp) = named(hb, "bcp") {
        chapters.push(Chapter {
            title: "事業継続計画（BCP）",
            parts: vec![(bcp, "事業継続計画（BCP）".to_string())],
        });
    }
    chapters.extend([
        Chapter {
            title: "バックアップ・復旧手順",
            parts: if hb.procedures.is_empty() {
                Vec::new()
            } else {
                procedures
            },
        },
        some("教育・訓練", vec![(Route::Training, "教育・訓練の記録")]),
        some(
            "チェックリスト",
            vec![(Route::Checklist, "サイバーセキュリティ対策チェックリスト")],
        ),
        some(
            "委託先・ベンダー",
            vec![(Route::Vendors, "委託先・ベンダー")],
        ),
        Chapter {
            title: "規程",
            parts: regulations,
        },
    ]);
    chapters
        .into_iter()
        .filter(|c| !c.parts.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_parses_back_from_its_path() {
        let date = NaiveDate::from_ymd_opt(2016, 4, 1).unwrap();
        let all = [
            Route::Index,
            Route::Incident,
            Route::Poster,
            Route::Cards,
            Route::Wallet,
            Route::Contacts,
            Route::Severity,
            Route::Bcp,
            Route::Distribution,
            Route::Procedures,
            Route::Procedure("emr".into()),
            Route::Training,
            Route::Forms,
            Route::Form("incident-report".into()),
            Route::Regulations,
            Route::Regulation("security-incident".into()),
            Route::Version("security-incident".into(), date),
            Route::Compare("security-incident".into(), date),
            Route::Notice("security-incident".into(), date),
            Route::Changes,
            Route::Inspection,
            Route::InspectionPrint,
            Route::Checklist,
            Route::Vendors,
            Route::Page("about".into()),
            Route::Print,
            Route::Search,
            Route::SearchIndex,
            Route::Asset("style.css".into()),
            Route::Asset("img/logo.png".into()),
        ];
        for route in all {
            assert_eq!(
                Route::parse(&route.path()),
                Some(route.clone()),
                "{route:?}"
            );
        }
        assert_eq!(
            Route::Compare("a".into(), date).path(),
            "regulations/a.2016-04-01.compare.html"
        );
        assert_eq!(
            Route::Notice("a".into(), date).path(),
            "regulations/a.2016-04-01.notice.html"
        );
    }

    #[test]
    fn paths_that_are_not_routes_parse_to_nothing() {
        for path in [
            "",
            "nothing.html",
            "regulations/a.2016-13-01.html",
            "regulations/a.x.html",
            "regulations/a.2016-04-01.notice.x.html",
            "regulations/.html",
            "pages/a/b.html",
            "pages/a.htm",
            "other/a.html",
            "theme/",
        ] {
            assert_eq!(Route::parse(path), None, "{path}");
        }
    }

    #[test]
    fn roots_follow_the_folder_depth() {
        assert_eq!(Route::Index.root(), "");
        assert_eq!(Route::Procedures.root(), "../");
        assert_eq!(Route::Page("a".into()).href("../"), "../pages/a.html");
    }
}
