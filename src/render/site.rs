//! The site as work to do: every page of the route map rendered on all
//! cores, then the files made of all the others (binder, search index)
//! and the theme.

use std::collections::HashMap;

use super::{BuildInfo, Files, Renderer, SiteView, assets, binder, templates};
use crate::content::Handbook;
use crate::content::date::wareki;
use crate::parallel::parallel;
use crate::resolve::Links;
use crate::routes::{self, Route};
use crate::search::PagePart;

/// Renders every page of the handbook: `(path from the output root, bytes)`.
pub fn render(hb: &Handbook, links: &Links, build: &BuildInfo) -> Result<Files, String> {
    Site::new(hb, links, build)?.render_all()
}

/// A handbook ready to render, all at once or one page at a time (for a
/// preview that only needs the page being looked at).
pub struct Site<'a> {
    renderer: Renderer<'a>,
    /// Every page but the whole-site ones, in the route map's order. Each
    /// reads only the handbook, so pages render in any order and in
    /// parallel; their output is put back in this order.
    pages: Vec<Route>,
    /// Where the pages go in the binder and in the inspector's bundle.
    binder: binder::Layout,
    bundle: binder::Layout,
}

/// The name a page's search documents are put aside under in a build
/// (written with the page, read back as the index is written).
fn search_aside(path: &str) -> String {
    format!("search/{path}")
}

/// Where [`Site::render_pages`] puts each finished page: kept in memory,
/// or handed to a [`Sink`] as soon as it is done (from several threads),
/// so a build never holds the whole site.
pub enum Out<'w> {
    Keep,
    Write(&'w dyn Sink),
}

/// Where a build writes its files (the temporary folder of
/// `pipeline::Staging`). Used from several threads at once.
pub trait Sink: Sync {
    /// Writes the file at `path` (from the output root): its pieces, one
    /// after another.
    fn put(&self, path: &str, pieces: &[Piece]) -> Result<(), String>;
    /// Writes the file at `path` as `write` makes it, in a stream.
    fn put_with(
        &self,
        path: &str,
        write: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<(), String>;
    /// Puts `bytes` aside, out of memory, as `name`, until a
    /// [`Piece::Spilled`] names them (or [`Sink::unspill`] takes them back).
    fn spill(&self, name: &str, bytes: &[u8]) -> Result<(), String>;
    /// The bytes put aside as `name`, back in memory.
    fn unspill(&self, name: &str) -> Result<Vec<u8>, String>;
}

/// A piece of a file written by [`Sink::put`].
pub enum Piece<'a> {
    Bytes(&'a [u8]),
    /// Bytes put aside by [`Sink::spill`], under this name: written, then
    /// forgotten.
    Spilled(&'a str),
}

/// A piece of a print document as [`Renderer::print_document`] makes it.
pub enum Chunk {
    Bytes(Vec<u8>),
    /// A part put aside by the page's job (see [`Sink::spill`]).
    Spilled(String),
}

/// The pages, and what the whole-site files need of them, made by each
/// page's job while the page was at hand: its part of the search index,
/// of the binder and of the inspector's bundle.
pub struct Pages {
    /// The pages themselves, in the route map's order (none when they
    /// were written as they were done).
    pub files: Files,
    search: Vec<PagePart>,
    binder: HashMap<String, Part>,
    bundle: HashMap<String, Part>,
    /// Whether the parts' HTML was put aside (the parts hold the names it
    /// was put aside under): the print documents, most of a build's
    /// output, are then never held in memory.
    spilled: bool,
}

/// A page's part of a print document: its `<main>`'s class and HTML, or
/// why it has none.
type Part = Result<(String, String), String>;

/// What one page's job leaves besides the page.
struct Made {
    kept: Option<(String, Vec<u8>)>,
    search: Option<PagePart>,
    binder: Option<(String, Part)>,
    bundle: Option<(String, Part)>,
}

impl<'a> Site<'a> {
    pub fn new(hb: &'a Handbook, links: &'a Links, build: &BuildInfo) -> Result<Site<'a>, String> {
        Ok(Site::with_templates(
            hb,
            links,
            build,
            std::sync::Arc::new(templates(hb).map_err(|d| d.render())?),
        ))
    }

    /// A site rendered with templates parsed before (the preview keeps
    /// them for as long as the sources do not change).
    pub fn with_templates(
        hb: &'a Handbook,
        links: &'a Links,
        build: &BuildInfo,
        tera: std::sync::Arc<tera::Tera>,
    ) -> Site<'a> {
        Site {
            renderer: Renderer::new(hb, links, build, tera),
            pages: routes::pages(hb),
            binder: binder::Layout::of(&binder::chapters(hb)),
            bundle: binder::Layout::of(&binder::chapters_from(routes::inspection_bundle(hb))),
        }
    }

    /// The bytes of one page, when the handbook has it; `None` for the
    /// whole-site files and the theme, which [`Site::render_all`] makes.
    pub fn render_page(&self, route: &Route) -> Option<Result<Vec<u8>, String>> {
        self.pages
            .contains(route)
            .then(|| self.renderer.page(route))
    }

    /// Every file of the handbook.
    pub fn render_all(&self) -> Result<Files, String> {
        let mut pages = self.render_pages(Out::Keep)?;
        let mut files = std::mem::take(&mut pages.files);
        files.extend(self.render_whole_site(pages, &Out::Keep)?);
        Ok(files)
    }

    /// Every page but the whole-site ones, on all cores, each with its
    /// parts of the whole-site files.
    pub fn render_pages(&self, out: Out) -> Result<Pages, String> {
        // A handbook's own print.html gets the parts themselves.
        let spill = match out {
            Out::Write(sink) if !self.renderer.hb.theme.templates.contains_key("print.html") => {
                Some(sink)
            }
            _ => None,
        };
        let made = parallel(&self.pages, |route| {
            let path = route.path();
            let bytes = self.renderer.page(route)?;
            // Read as text only where it is searched or printed (not the
            // 周知 sheets, a fifth of the site's bytes).
            let read = route.searched() || self.binder.has(&path) || self.bundle.has(&path);
            let html = if read {
                simdutf8::compat::from_utf8(&bytes).map_err(|e| format!("{path}: {e}"))?
            } else {
                ""
            };
            let mut search = PagePart::of_html(&path, html);
            // The documents' text waits for the index out of memory too.
            if let (Some(sink), Some(part)) = (spill, &mut search) {
                part.set_aside(|json| sink.spill(&search_aside(&path), json))?;
            }
            // A page's part that cannot be made is reported by the print
            // document, in its chapter order, after every page's own error.
            let aside = |kind: &str, part: Part| -> Result<Part, String> {
                let Some(sink) = spill else { return Ok(part) };
                let Ok((class, html)) = part else {
                    return Ok(part);
                };
                let name = format!("{kind}/{path}");
                sink.spill(&name, html.as_bytes())?;
                Ok(Ok((class, name)))
            };
            let binder = match self.binder.part(&path, html).transpose() {
                Some(part) => Some(aside("binder", part)?),
                None => None,
            };
            let bundle = match self.bundle.part(&path, html).transpose() {
                Some(part) => Some(aside("bundle", part)?),
                None => None,
            };
            let kept = match out {
                Out::Keep => Some((path.clone(), bytes)),
                Out::Write(sink) => {
                    sink.put(&path, &[Piece::Bytes(&bytes)])?;
                    None
                }
            };
            Ok(Made {
                kept,
                search,
                binder: binder.map(|b| (path.clone(), b)),
                bundle: bundle.map(|b| (path, b)),
            })
        })?;
        let mut pages = Pages {
            files: Vec::new(),
            search: Vec::new(),
            binder: HashMap::new(),
            bundle: HashMap::new(),
            spilled: spill.is_some(),
        };
        for m in made {
            pages.files.extend(m.kept);
            pages.search.extend(m.search);
            pages.binder.extend(m.binder);
            pages.bundle.extend(m.bundle);
        }
        Ok(pages)
    }

    /// The files made of all the pages (binder, search index and page, the
    /// inspector's bundle) and the theme. The two print documents go to
    /// `out` (with [`Out::Keep`], among the files returned).
    pub fn render_whole_site(&self, pages: Pages, out: &Out) -> Result<Files, String> {
        self.renderer.whole_site(pages, out)
    }
}

impl<'a> Renderer<'a> {
    fn new(
        hb: &'a Handbook,
        links: &'a Links,
        build: &BuildInfo,
        tera: std::sync::Arc<tera::Tera>,
    ) -> Renderer<'a> {
        let order = routes::reading_order(hb);
        let menu = routes::menu(hb);
        let site = SiteView {
            title: &hb.config.title,
            organization: &hb.config.organization,
            edition: &hb.config.edition,
            language: &hb.config.language,
            build_date: wareki(build.date),
            build_date_iso: crate::content::date::iso(build.date),
            commit: build.commit.clone(),
            emergency: routes::exists(hb, &Route::Incident),
        };
        Renderer {
            hb,
            links,
            tera,
            site_value: tera::Value::from_serializable(&site),
            site,
            as_of: build.as_of,
            menu_values: ["", "../"]
                .into_iter()
                .map(|root| (root, Renderer::menu_values(&menu, root)))
                .collect(),
            menu,
            menu_html: Default::default(),
            // Backwards, so a route listed twice is found where it first is.
            order_at: order
                .iter()
                .enumerate()
                .rev()
                .map(|(i, (r, _))| (r.clone(), i))
                .collect(),
            order,
        }
    }

    /// One page of the route map, other than the whole-site ones.
    fn page(&self, route: &Route) -> Result<Vec<u8>, String> {
        let hb = self.hb;
        let missing = || format!("{}: the handbook has no such page", route.path());
        let regulation = |id: &str| hb.regulation(id).ok_or_else(missing);
        match route {
            Route::Index => self.index(),
            Route::Incident => self.incident(),
            Route::Poster => self.poster(),
            Route::Cards => self.cards(),
            Route::Wallet => self.wallet(),
            Route::Bcp => self.bcp(hb.bcp.as_ref().ok_or_else(missing)?),
            Route::Distribution => self.distribution(hb.distribution.as_ref().ok_or_else(missing)?),
            Route::Contacts => self.contacts(hb.contacts.as_ref().ok_or_else(missing)?),
            Route::Severity => self.severity(hb.severity.as_ref().ok_or_else(missing)?),
            Route::Procedures => self.procedures(),
            Route::Procedure(id) => self.procedure(hb.procedure(id).ok_or_else(missing)?),
            Route::Training => self.training(hb.training.as_ref().ok_or_else(missing)?),
            Route::Forms => self.forms(),
            Route::Form(id) => self.form(hb.form(id).ok_or_else(missing)?),
            Route::Regulations => self.regulation_list(),
            Route::Regulation(id) => {
                let reg = regulation(id)?;
                self.regulation(reg, reg)
            }
            Route::Version(id, date) => {
                let reg = regulation(id)?;
                let version = reg.versions.iter().find(|v| v.since == *date);
                self.regulation(reg, version.ok_or_else(missing)?)
            }
            Route::Compare(id, date) => {
                let reg = regulation(id)?;
                let new = reg.all_versions().into_iter().find(|v| v.since == *date);
                let new = new.ok_or_else(missing)?;
                let old = reg.predecessor(new).ok_or_else(missing)?;
                self.comparison(reg, old, new)
            }
            Route::Notice(id, date) => self.notice(regulation(id)?, *date),
            Route::Changes => self.changes(),
            Route::Page(id) => self.page_of(hb.page(id).ok_or_else(missing)?),
            Route::Inspection => self.inspection(),
            Route::Checklist => self.checklist(hb.checklist.as_ref().ok_or_else(missing)?),
            Route::Vendors => self.vendors(),
            Route::Print
            | Route::Search
            | Route::SearchIndex
            | Route::InspectionPrint
            | Route::Asset(_) => Err(missing()),
        }
    }

    /// The binder, the search index and page, the inspector's bundle and
    /// the theme, from the pages' parts. The index is made alongside the
    /// two print documents.
    fn whole_site(&self, pages: Pages, out: &Out) -> Result<Files, String> {
        let Pages {
            search,
            binder,
            bundle,
            spilled,
            ..
        } = pages;
        // The parts hold the names they were put aside under: only the
        // sink that took them can give them back.
        let spilled = match out {
            Out::Write(sink) if spilled => Some(*sink),
            Out::Keep if spilled => {
                return Err("internal: parts put aside in a build cannot be kept in memory".into());
            }
            _ => None,
        };
        let mut files = Vec::new();
        // A print document is written in its pieces as soon as it is made.
        let mut emit = |route: Route, chunks: Vec<Chunk>| -> Result<(), String> {
            match out {
                Out::Keep => {
                    let mut bytes = Vec::new();
                    for chunk in chunks {
                        match chunk {
                            Chunk::Bytes(b) => bytes.extend(b),
                            Chunk::Spilled(_) => unreachable!("nothing is put aside when kept"),
                        }
                    }
                    files.push((route.path(), bytes));
                }
                Out::Write(sink) => {
                    let pieces: Vec<Piece> = chunks
                        .iter()
                        .map(|c| match c {
                            Chunk::Bytes(b) => Piece::Bytes(b),
                            Chunk::Spilled(name) => Piece::Spilled(name),
                        })
                        .collect();
                    sink.put(&route.path(), &pieces)?;
                }
            }
            Ok(())
        };
        let (print, index) = std::thread::scope(|scope| {
            let index = scope.spawn(|| {
                let index =
                    crate::search::Index::from_parts(search).with_words(self.hb, self.links);
                // Written as it is made when there is somewhere to write.
                match out {
                    Out::Keep => Ok(Some(index.to_js())),
                    Out::Write(sink) => sink
                        .put_with(&Route::SearchIndex.path(), &mut |w| {
                            index.write_js_aside(w, &mut |path| {
                                sink.unspill(&search_aside(path))
                                    .map_err(std::io::Error::other)
                            })
                        })
                        .map(|()| None),
                }
            });
            let print = (|| {
                emit(Route::Print, self.binder(binder, spilled)?)?;
                emit(
                    Route::InspectionPrint,
                    self.inspection_print(bundle, spilled)?,
                )
            })();
            let index = match index.join() {
                Ok(js) => js,
                Err(panic) => std::panic::resume_unwind(panic),
            };
            (print, index)
        });
        print?;
        if let Some(js) = index? {
            files.push((Route::SearchIndex.path(), js.into_bytes()));
        }
        let search = self.finish(
            "search.html",
            &self.simple(&Route::Search, "検索", Vec::new())?,
        )?;
        files.push((Route::Search.path(), search));
        for (name, bytes) in assets(self.hb) {
            files.push((Route::Asset(name).path(), bytes));
        }
        Ok(files)
    }
}
