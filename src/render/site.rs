//! The site as a list of jobs: which jobs a handbook has, which files each
//! writes, running them on all cores, and the files made of all the others
//! (binder, search index) after them.

use super::{BuildInfo, Files, Renderer, SiteView, assets, templates};
use crate::content::Handbook;
use crate::content::date::wareki;

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
