//! Rendering: view structs that templates see, the template set (built-ins
//! compiled in, overridden file by file by the handbook's own `templates/`),
//! and the pages. Produces `(path, bytes)`; never touches the disk.

pub mod barchart;
pub mod binder;
pub mod compare;
pub mod contacts;
pub mod flowchart;
pub mod form;
pub mod markdown;
pub mod qr;
pub mod records;
pub mod regulation;
pub mod revisions;
pub mod svg;

use serde::Serialize;
use tera::{Context, Tera};

pub use crate::html::{escape, main_of};

use crate::content::Handbook;
use crate::content::date::{seireki, wareki};
use crate::content::structure::Style;
use markdown::TocEntry;

/// Built-in templates, compiled into the binary.
const TEMPLATES: [(&str, &str); 19] = [
    ("base.html", include_str!("../../templates/base.html")),
    ("toc.html", include_str!("../../templates/toc.html")),
    ("index.html", include_str!("../../templates/index.html")),
    (
        "regulations.html",
        include_str!("../../templates/regulations.html"),
    ),
    (
        "regulation.html",
        include_str!("../../templates/regulation.html"),
    ),
    ("page.html", include_str!("../../templates/page.html")),
    ("contact.html", include_str!("../../templates/contact.html")),
    (
        "incident.html",
        include_str!("../../templates/incident.html"),
    ),
    (
        "contacts.html",
        include_str!("../../templates/contacts.html"),
    ),
    (
        "severity.html",
        include_str!("../../templates/severity.html"),
    ),
    (
        "procedures.html",
        include_str!("../../templates/procedures.html"),
    ),
    (
        "procedure.html",
        include_str!("../../templates/procedure.html"),
    ),
    (
        "training.html",
        include_str!("../../templates/training.html"),
    ),
    ("forms.html", include_str!("../../templates/forms.html")),
    ("form.html", include_str!("../../templates/form.html")),
    ("print.html", include_str!("../../templates/print.html")),
    ("search.html", include_str!("../../templates/search.html")),
    ("compare.html", include_str!("../../templates/compare.html")),
    ("changes.html", include_str!("../../templates/changes.html")),
];

/// Built-in theme assets, compiled into the binary.
pub const ASSETS: [(&str, &[u8]); 2] = [
    ("style.css", include_bytes!("../../theme/style.css")),
    ("search.js", include_bytes!("../../theme/search.js")),
];

/// Rendered output: `(path from the output root, bytes)`.
pub type Files = Vec<(String, Vec<u8>)>;

/// What every page knows about the build.
#[derive(Debug, Clone)]
pub struct BuildInfo {
    pub date: chrono::NaiveDate,
    /// The date freshness is shown for (`--as-of`, default `date`).
    pub as_of: chrono::NaiveDate,
    pub commit: Option<String>,
}

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    organization: &'a str,
    edition: &'a str,
    language: &'a str,
    build_date: String,
    build_date_iso: String,
    commit: Option<String>,
    /// Whether there is an incident front door to link from every page.
    emergency: bool,
}

#[derive(Serialize)]
struct Link {
    title: String,
    href: String,
    current: bool,
}

#[derive(Serialize)]
struct Crumb {
    title: String,
    href: Option<String>,
}

#[derive(Serialize)]
struct RevisionView {
    iso: String,
    wareki: String,
    seireki: String,
    note: String,
    /// The version that took effect that day, when it is kept.
    href: Option<String>,
    /// Its 新旧対照表 against the version before.
    compare_href: Option<String>,
    /// 旧版 / 現行 / 施行予定, for a kept version.
    standing: Option<&'static str>,
    /// The version this page shows.
    this: bool,
}

#[derive(Serialize)]
struct RegulationView {
    title: String,
    href: String,
    number: Option<String>,
    owner: Option<String>,
    effective: String,
    effective_seireki: String,
    effective_iso: String,
    last_revised: Option<String>,
    style: &'static str,
    body: String,
    history: Vec<RevisionView>,
    /// current, superseded or pending: which version this page shows.
    standing: &'static str,
    /// 旧版 or 施行予定, with the period: shown at the top of the page.
    standing_note: Option<String>,
    /// The version in force, from a page of another version.
    current_href: Option<String>,
    /// This version's 新旧対照表 against the one before.
    compare_href: Option<String>,
    /// Versions that take effect after the as-of date.
    pending: Vec<revisions::PendingView>,
}

/// A template set: the handbook's own templates first, then the built-ins.
pub fn templates(hb: &Handbook) -> Result<Tera, String> {
    let mut tera = Tera::default();
    let own = hb.root.join("templates");
    for (name, builtin) in TEMPLATES {
        let path = own.join(name);
        let (source, origin) = if path.is_file() {
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            (text, path.display().to_string())
        } else {
            (builtin.to_string(), format!("built-in template {name}"))
        };
        tera.add_raw_template(name, &source)
            .map_err(|e| format!("{origin}: {e}"))?;
    }
    Ok(tera)
}

/// Theme files: the built-ins, each replaced by a file of the same name in
/// the handbook's `theme/`, plus any extra files there. Sorted by name.
pub fn assets(hb: &Handbook) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut out: std::collections::BTreeMap<String, Vec<u8>> = ASSETS
        .iter()
        .map(|(n, b)| (n.to_string(), b.to_vec()))
        .collect();
    let own = hb.root.join("theme");
    if own.is_dir() {
        for entry in walkdir::WalkDir::new(&own).sort_by_file_name() {
            let entry = entry.map_err(|e| format!("{}: {e}", own.display()))?;
            if entry.file_type().is_file() {
                let rel = crate::source::relative(&own, entry.path());
                let bytes = std::fs::read(entry.path())
                    .map_err(|e| format!("{}: {e}", entry.path().display()))?;
                out.insert(rel, bytes);
            }
        }
    }
    Ok(out.into_iter().collect())
}

struct Renderer<'a> {
    hb: &'a Handbook,
    tera: Tera,
    site: SiteView<'a>,
    as_of: chrono::NaiveDate,
}

/// One page, or one regulation's set of pages, to render: the pipeline's
/// unit of work. Every job reads only the handbook, so jobs run in any
/// order and in parallel; their output is put back in job order.
#[derive(Debug, Clone, Copy)]
pub enum Job<'a> {
    Index,
    Incident,
    Contacts,
    Severity,
    ProcedureList,
    Procedure(&'a crate::content::procedure::Procedure),
    Training,
    FormList,
    Form(&'a crate::content::form::Form),
    RegulationList,
    /// The version in force, every other version, and their 新旧対照表.
    Regulation(&'a crate::content::regulation::Regulation),
    Changes,
    Page(&'a crate::content::page::Page),
}

/// The jobs of a handbook, in the order their files are listed.
pub fn jobs(hb: &Handbook) -> Vec<Job<'_>> {
    let mut jobs = vec![Job::Index];
    if hb.incident.is_some() || hb.severity.is_some() {
        jobs.push(Job::Incident);
    }
    if hb.contacts.is_some() {
        jobs.push(Job::Contacts);
    }
    if hb.severity.is_some() {
        jobs.push(Job::Severity);
    }
    if !hb.procedures.is_empty() {
        jobs.push(Job::ProcedureList);
        jobs.extend(hb.procedures.iter().map(Job::Procedure));
    }
    if hb.training.is_some() {
        jobs.push(Job::Training);
    }
    if !hb.forms.is_empty() {
        jobs.push(Job::FormList);
        jobs.extend(hb.forms.iter().map(Job::Form));
    }
    jobs.push(Job::RegulationList);
    jobs.extend(hb.regulations.iter().map(Job::Regulation));
    jobs.push(Job::Changes);
    jobs.extend(hb.pages.iter().map(Job::Page));
    jobs
}

/// The pages made of all the others: the print binder and the search
/// index (plus its page), rendered after every job.
pub const WHOLE_SITE: [&str; 3] = ["print.html", "search-index.js", "search.html"];

/// Renders every page of the handbook: `(path from the output root, bytes)`.
pub fn render(hb: &Handbook, build: &BuildInfo) -> Result<Vec<(String, Vec<u8>)>, String> {
    Site::new(hb, build)?.render_all()
}

/// A handbook rendered one job at a time, for a preview that only needs
/// the page being looked at.
pub struct Site<'a> {
    renderer: Renderer<'a>,
    jobs: Vec<Job<'a>>,
}

impl<'a> Site<'a> {
    pub fn new(hb: &'a Handbook, build: &BuildInfo) -> Result<Site<'a>, String> {
        Ok(Site {
            renderer: Renderer::new(hb, build)?,
            jobs: jobs(hb),
        })
    }

    /// The files of the job that writes `path`, when a job does; `None` for
    /// the whole-site files and the theme.
    pub fn render_path(&self, path: &str) -> Option<Result<Files, String>> {
        let job = self.jobs.iter().find(|j| self.renderer.writes(j, path))?;
        Some(self.renderer.run(job))
    }

    /// Every file of the handbook.
    pub fn render_all(&self) -> Result<Files, String> {
        let mut files = parallel(&self.jobs, |job| self.renderer.run(job))?
            .into_iter()
            .flatten()
            .collect::<Files>();
        self.renderer.whole_site(&mut files)?;
        Ok(files)
    }
}

/// How many threads render: the machine's cores, at most 8.
fn workers() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
}

/// `f` applied to every item on a few threads; the results in item order
/// (the output does not depend on the number of threads), or the error of
/// the first item that failed.
pub fn parallel<T: Sync, R: Send>(
    items: &[T],
    f: impl Fn(&T) -> Result<R, String> + Sync,
) -> Result<Vec<R>, String> {
    let threads = workers().min(items.len());
    if threads <= 1 {
        return items.iter().map(&f).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut done: Vec<(usize, Result<R, String>)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(item) = items.get(i) else {
                            break;
                        };
                        mine.push((i, f(item)));
                    }
                    mine
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| match w.join() {
                Ok(mine) => mine,
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    });
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

impl<'a> Renderer<'a> {
    fn new(hb: &'a Handbook, build: &BuildInfo) -> Result<Renderer<'a>, String> {
        Ok(Renderer {
            hb,
            tera: templates(hb)?,
            site: SiteView {
                title: &hb.config.title,
                organization: &hb.config.organization,
                edition: &hb.config.edition,
                language: &hb.config.language,
                build_date: wareki(build.date),
                build_date_iso: build.date.format("%Y-%m-%d").to_string(),
                commit: build.commit.clone(),
                emergency: hb.incident.is_some() || hb.severity.is_some(),
            },
            as_of: build.as_of,
        })
    }

    /// Whether `job` writes the file at `path`.
    fn writes(&self, job: &Job, path: &str) -> bool {
        let fixed = match job {
            Job::Index => "index.html",
            Job::Incident => "incident.html",
            Job::Contacts => "contacts.html",
            Job::Severity => "severity.html",
            Job::ProcedureList => "procedures/index.html",
            Job::Training => "training.html",
            Job::FormList => "forms/index.html",
            Job::RegulationList => "regulations/index.html",
            Job::Changes => "changes.html",
            Job::Procedure(p) => return path == format!("procedures/{}.html", p.id),
            Job::Form(f) => return path == format!("forms/{}.html", f.id),
            Job::Page(p) => return path == format!("pages/{}.html", p.id),
            Job::Regulation(reg) => {
                return path
                    .strip_prefix("regulations/")
                    .and_then(|p| p.strip_suffix(".html"))
                    .is_some_and(|stem| {
                        stem == reg.id
                            || stem
                                .strip_prefix(reg.id.as_str())
                                .is_some_and(|s| s.starts_with('.'))
                    });
            }
        };
        path == fixed
    }

    /// The files of one job.
    fn run(&self, job: &Job) -> Result<Files, String> {
        let one = |path: String, page: Result<Vec<u8>, String>| page.map(|b| vec![(path, b)]);
        match *job {
            Job::Index => one("index.html".into(), self.index()),
            Job::Incident => one("incident.html".into(), self.incident()),
            Job::Contacts => match &self.hb.contacts {
                Some(chart) => one("contacts.html".into(), self.contacts(chart)),
                None => Ok(Vec::new()),
            },
            Job::Severity => match &self.hb.severity {
                Some(sev) => one("severity.html".into(), self.severity(sev)),
                None => Ok(Vec::new()),
            },
            Job::ProcedureList => one("procedures/index.html".into(), self.procedures()),
            Job::Procedure(p) => one(format!("procedures/{}.html", p.id), self.procedure(p)),
            Job::Training => match &self.hb.training {
                Some(t) => one("training.html".into(), self.training(t)),
                None => Ok(Vec::new()),
            },
            Job::FormList => one("forms/index.html".into(), self.forms()),
            Job::Form(f) => one(format!("forms/{}.html", f.id), self.form(f)),
            Job::RegulationList => one("regulations/index.html".into(), self.regulation_list()),
            Job::Regulation(reg) => {
                let mut files = Vec::new();
                self.regulation_pages(reg, &mut files)?;
                Ok(files)
            }
            Job::Changes => one("changes.html".into(), self.changes()),
            Job::Page(p) => one(format!("pages/{}.html", p.id), self.page(p)),
        }
    }

    /// Appends the binder, the search index and page, and the theme to the
    /// pages of every job. The binder and the index are made side by side.
    fn whole_site(&self, files: &mut Files) -> Result<(), String> {
        let (binder, index) = std::thread::scope(|scope| {
            let index = scope.spawn(|| crate::search::Index::from_pages(files).to_js());
            let binder = self.binder(files);
            let index = match index.join() {
                Ok(js) => js,
                Err(panic) => std::panic::resume_unwind(panic),
            };
            (binder, index)
        });
        files.push(("print.html".to_string(), binder?));
        files.push(("search-index.js".to_string(), index.into_bytes()));
        let search = self.finish(
            "search.html",
            &self.simple("search.html", "検索", Vec::new()),
        )?;
        files.push(("search.html".to_string(), search));
        for (name, bytes) in assets(self.hb)? {
            files.push((format!("theme/{name}"), bytes));
        }
        Ok(())
    }
}

impl Renderer<'_> {
    /// The pages made from the handbook's data, in the order they matter
    /// during an incident.
    fn operations(&self, root: &str, current: &str) -> Vec<Link> {
        let hb = self.hb;
        let pages = [
            ("contacts", "連絡体制図"),
            ("severity", "深刻度と報告先"),
            ("procedures", "復旧手順"),
            ("training", "教育・訓練"),
            ("forms", "様式"),
        ];
        pages
            .iter()
            .filter_map(|(id, title)| {
                let path = crate::content::links::builtin_page(hb, id)?;
                Some(Link {
                    title: (*title).into(),
                    href: format!("{root}{path}"),
                    current: current == path,
                })
            })
            .collect()
    }

    fn nav(&self, root: &str, current: &str) -> Vec<Link> {
        let mut nav = vec![Link {
            title: "ホーム".into(),
            href: format!("{root}index.html"),
            current: current == "index.html",
        }];
        nav.extend(self.operations(root, current));
        nav.push(Link {
            title: "規程一覧".into(),
            href: format!("{root}regulations/index.html"),
            current: current == "regulations/index.html",
        });
        for p in &self.hb.pages {
            let path = format!("pages/{}.html", p.id);
            nav.push(Link {
                title: p.title.clone(),
                current: current == path,
                href: format!("{root}{path}"),
            });
        }
        nav
    }

    fn context(&self, root: &str, path: &str, title: &str, crumbs: Vec<Crumb>) -> Context {
        let mut ctx = Context::new();
        ctx.insert("site", &self.site);
        ctx.insert("root", root);
        ctx.insert("nav", &self.nav(root, path));
        ctx.insert("page_title", title);
        ctx.insert("breadcrumbs", &crumbs);
        ctx.insert("toc", &Vec::<TocEntry>::new());
        ctx
    }

    fn home(&self, root: &str) -> Crumb {
        Crumb {
            title: "ホーム".into(),
            href: Some(format!("{root}index.html")),
        }
    }

    fn finish(&self, template: &str, ctx: &Context) -> Result<Vec<u8>, String> {
        self.tera
            .render(template, ctx)
            .map(String::into_bytes)
            .map_err(|e| format!("template {template}: {e}"))
    }

    fn summary(&self, reg: &crate::content::regulation::Regulation, root: &str) -> RegulationView {
        RegulationView {
            title: reg.title.clone(),
            href: format!("{root}regulations/{}.html", reg.id),
            number: reg.number.clone(),
            owner: reg.owner.clone(),
            effective: wareki(reg.effective),
            effective_seireki: seireki(reg.effective),
            effective_iso: reg.effective.format("%Y-%m-%d").to_string(),
            last_revised: reg
                .history
                .iter()
                .map(|h| h.date)
                .max()
                .filter(|d| *d != reg.effective)
                .map(wareki),
            style: match reg.body.style {
                Style::Articles => "articles",
                Style::Sections => "sections",
            },
            body: String::new(),
            history: self.history(reg, reg, root),
            standing: "current",
            standing_note: None,
            current_href: None,
            compare_href: None,
            pending: self.pending(reg, root),
        }
    }

    fn index(&self) -> Result<Vec<u8>, String> {
        let mut ctx = self.context(
            "",
            "index.html",
            "ホーム",
            vec![Crumb {
                title: "ホーム".into(),
                href: None,
            }],
        );
        let intro = self
            .hb
            .front
            .as_ref()
            .map(|p| markdown::page(&p.markdown, self.hb, "").0);
        ctx.insert("intro", &intro);
        let regs: Vec<RegulationView> = self
            .hb
            .regulations
            .iter()
            .map(|r| self.summary(r, ""))
            .collect();
        ctx.insert("regulations", &regs);
        let pages: Vec<Link> = self
            .hb
            .pages
            .iter()
            .map(|p| Link {
                title: p.title.clone(),
                href: format!("pages/{}.html", p.id),
                current: false,
            })
            .collect();
        ctx.insert("pages", &pages);
        ctx.insert("operations", &self.operations("", ""));
        self.finish("index.html", &ctx)
    }

    fn regulation_list(&self) -> Result<Vec<u8>, String> {
        let root = "../";
        let mut ctx = self.context(
            root,
            "regulations/index.html",
            "規程一覧",
            vec![
                self.home(root),
                Crumb {
                    title: "規程一覧".into(),
                    href: None,
                },
            ],
        );
        let regs: Vec<RegulationView> = self
            .hb
            .regulations
            .iter()
            .map(|r| self.summary(r, root))
            .collect();
        ctx.insert("regulations", &regs);
        self.finish("regulations.html", &ctx)
    }

    /// The page of one version of `reg` (`reg` itself: the one in force).
    fn regulation(
        &self,
        reg: &crate::content::regulation::Regulation,
        version: &crate::content::regulation::Regulation,
    ) -> Result<Vec<u8>, String> {
        let root = "../";
        let path = revisions::version_path(reg, version);
        let mut crumbs = vec![
            self.home(root),
            Crumb {
                title: "規程一覧".into(),
                href: Some(format!("{root}regulations/index.html")),
            },
        ];
        let is_current = std::ptr::eq(reg, version);
        if is_current {
            crumbs.push(Crumb {
                title: reg.title.clone(),
                href: None,
            });
        } else {
            crumbs.push(Crumb {
                title: reg.title.clone(),
                href: Some(format!("{root}{}", revisions::version_path(reg, reg))),
            });
            crumbs.push(Crumb {
                title: revisions::version_name(version),
                href: None,
            });
        }
        let mut ctx = self.context(root, &path, &version.title, crumbs);
        let rendered = regulation::render(version, self.hb, root);
        let mut view = self.summary(version, root);
        view.body = rendered.html;
        self.place_version(&mut view, reg, version, root);
        let mut toc = rendered.toc;
        toc.push(TocEntry {
            level: 1,
            label: String::new(),
            title: "改定履歴".into(),
            anchor: "history".into(),
        });
        ctx.insert("toc", &toc);
        ctx.insert("regulation", &view);
        self.finish("regulation.html", &ctx)
    }

    /// A page at the top level or one folder down, with its breadcrumb.
    fn simple(&self, path: &str, title: &str, parents: Vec<Crumb>) -> Context {
        let root = if path.contains('/') { "../" } else { "" };
        let mut crumbs = vec![self.home(root)];
        crumbs.extend(parents);
        crumbs.push(Crumb {
            title: title.to_string(),
            href: None,
        });
        self.context(root, path, title, crumbs)
    }

    fn incident(&self) -> Result<Vec<u8>, String> {
        let view = contacts::incident_view(self.hb, self.as_of);
        let mut ctx = self.simple("incident.html", &view.title.clone(), Vec::new());
        ctx.insert("incident", &view);
        let severity = self
            .hb
            .severity
            .as_ref()
            .map(|s| contacts::severity_view(self.hb, s, "", self.as_of));
        ctx.insert("severity", &severity);
        ctx.insert("operations", &self.operations("", "incident.html"));
        ctx.insert("forms", &self.form_links(""));
        self.finish("incident.html", &ctx)
    }

    fn contacts(&self, chart: &crate::content::contacts::ContactChart) -> Result<Vec<u8>, String> {
        let view = contacts::chart_view(self.hb, chart, self.as_of);
        let mut ctx = self.simple("contacts.html", &view.title.clone(), Vec::new());
        ctx.insert("chart", &view);
        self.finish("contacts.html", &ctx)
    }

    fn severity(&self, sev: &crate::content::severity::Severity) -> Result<Vec<u8>, String> {
        let view = contacts::severity_view(self.hb, sev, "", self.as_of);
        let mut ctx = self.simple("severity.html", &view.title.clone(), Vec::new());
        ctx.insert("severity", &view);
        self.finish("severity.html", &ctx)
    }

    fn procedures(&self) -> Result<Vec<u8>, String> {
        let mut ctx = self.simple(
            "procedures/index.html",
            "バックアップ・復旧手順",
            Vec::new(),
        );
        let list: Vec<records::ProcedureView> = self
            .hb
            .procedures
            .iter()
            .map(|p| records::procedure_view(self.hb, p, "../", self.as_of))
            .collect();
        ctx.insert("procedures", &list);
        self.finish("procedures.html", &ctx)
    }

    fn procedure(&self, p: &crate::content::procedure::Procedure) -> Result<Vec<u8>, String> {
        let root = "../";
        let mut ctx = self.simple(
            &format!("procedures/{}.html", p.id),
            &format!("{} 復旧手順", p.system),
            vec![Crumb {
                title: "バックアップ・復旧手順".into(),
                href: Some(format!("{root}procedures/index.html")),
            }],
        );
        ctx.insert(
            "procedure",
            &records::procedure_view(self.hb, p, root, self.as_of),
        );
        self.finish("procedure.html", &ctx)
    }

    fn training(&self, t: &crate::content::training::Training) -> Result<Vec<u8>, String> {
        let mut ctx = self.simple("training.html", "教育・訓練の記録", Vec::new());
        ctx.insert("training", &records::training_view(self.hb, t, self.as_of));
        self.finish("training.html", &ctx)
    }

    fn form_links(&self, root: &str) -> Vec<Link> {
        self.hb
            .forms
            .iter()
            .map(|f| Link {
                title: f.title.clone(),
                href: format!("{root}forms/{}.html", f.id),
                current: false,
            })
            .collect()
    }

    fn forms(&self) -> Result<Vec<u8>, String> {
        let mut ctx = self.simple("forms/index.html", "様式", Vec::new());
        ctx.insert("forms", &self.form_links("../"));
        self.finish("forms.html", &ctx)
    }

    fn form(&self, f: &crate::content::form::Form) -> Result<Vec<u8>, String> {
        let root = "../";
        let mut ctx = self.simple(
            &format!("forms/{}.html", f.id),
            &f.title,
            vec![Crumb {
                title: "様式".into(),
                href: Some(format!("{root}forms/index.html")),
            }],
        );
        ctx.insert("form_html", &form::render(f));
        ctx.insert("form_id", &f.id);
        ctx.insert("form_pages", &f.pages);
        ctx.insert("purpose", &f.purpose);
        self.finish("form.html", &ctx)
    }

    /// The whole handbook as one print document, made from `pages`.
    fn binder(&self, pages: &[(String, Vec<u8>)]) -> Result<Vec<u8>, String> {
        let mut chapters = binder::chapters(self.hb);
        binder::fill(&mut chapters, pages)?;
        let site = &self.site;
        let mut footer = format!(
            "{}　{}　作成日 {}",
            site.organization, site.edition, site.build_date
        );
        if let Some(c) = &site.commit {
            footer.push_str(&format!("　版 {c}"));
        }
        let mut ctx = Context::new();
        ctx.insert("site", site);
        ctx.insert("chapters", &chapters);
        ctx.insert(
            "page_css",
            &binder::page_css(&chapters, site.title, &footer),
        );
        let base_url = self.hb.config.base_url.as_deref();
        ctx.insert("base_url", &base_url);
        ctx.insert(
            "qr",
            &base_url.and_then(|u| qr::svg(u, &format!("最新版へのQRコード：{u}"))),
        );
        self.finish("print.html", &ctx)
    }

    fn page(&self, page: &crate::content::page::Page) -> Result<Vec<u8>, String> {
        let root = "../";
        let path = format!("pages/{}.html", page.id);
        let mut ctx = self.context(
            root,
            &path,
            &page.title,
            vec![
                self.home(root),
                Crumb {
                    title: page.title.clone(),
                    href: None,
                },
            ],
        );
        let (body, toc) = markdown::page(&page.markdown, self.hb, root);
        ctx.insert("body", &body);
        ctx.insert("toc", &toc);
        self.finish("page.html", &ctx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parallel_keeps_item_order_and_reports_the_first_failure() {
        let items: Vec<u32> = (0..200).collect();
        // Uneven work, so threads finish out of order.
        let squares = parallel(&items, |&i| {
            if i % 7 == 0 {
                std::thread::sleep(std::time::Duration::from_micros(200));
            }
            Ok(i * i)
        })
        .unwrap();
        assert_eq!(squares, items.iter().map(|i| i * i).collect::<Vec<_>>());
        let failed = parallel(&items, |&i| {
            if i == 150 || i == 30 {
                Err(format!("item {i}"))
            } else {
                Ok(i)
            }
        });
        assert_eq!(failed, Err("item 30".to_string()));
    }
}
