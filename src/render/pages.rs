//! The page builders: one method per kind of page, each filling a template
//! context from view structs.

use tera::Context;

use super::{
    Crumb, Link, MenuLink, Pager, RegulationView, Renderer, binder, contacts, form, markdown,
    outline, qr, records, regulation, revisions,
};
use crate::content::date::{seireki, wareki};
use crate::content::structure::Style;
use crate::routes::{self, Route};
use markdown::TocEntry;

impl Renderer<'_> {
    /// The pages made from the handbook's data, in the order they matter
    /// during an incident.
    pub(super) fn operations(&self, root: &str, current: Option<&Route>) -> Vec<Link> {
        routes::operations(self.hb)
            .into_iter()
            .map(|(route, title)| self.link(route, title.into(), root, current))
            .collect()
    }

    fn link(&self, route: Route, title: String, root: &str, current: Option<&Route>) -> Link {
        Link {
            title,
            href: route.href(root),
            current: current == Some(&route),
        }
    }

    pub(super) fn nav(&self, root: &str, current: &Route) -> Vec<Link> {
        let current = Some(current);
        let mut nav = vec![self.link(Route::Index, "ホーム".into(), root, current)];
        nav.extend(self.operations(root, current));
        nav.push(self.link(Route::Regulations, "規程一覧".into(), root, current));
        for p in &self.hb.pages {
            nav.push(self.link(Route::Page(p.id.clone()), p.title.clone(), root, current));
        }
        nav
    }

    /// The site menu as seen from the page at `route`.
    /// The menu of the page at `route`, as the templates see it: the
    /// values kept for its root (`menu_values`), with the links it marks
    /// (itself, the page it belongs under) made anew.
    fn menu(&self, route: &Route) -> tera::Value {
        let root = route.root();
        let parent = routes::menu_parent(route);
        let made;
        let kept = match self.menu_values.iter().find(|(r, _)| *r == root) {
            Some((_, kept)) => kept,
            None => {
                made = Renderer::menu_values(&self.menu, root);
                &made
            }
        };
        let marked = |r: &Route| r == route || *r == parent;
        let groups: Vec<tera::Value> = self
            .menu
            .iter()
            .zip(kept)
            .map(|(g, kept)| {
                if !g.items.iter().any(|(r, _, _)| marked(r)) {
                    return kept.group.clone();
                }
                let links = g
                    .items
                    .iter()
                    .zip(&kept.links)
                    .map(|(item, value)| {
                        if marked(&item.0) {
                            menu_link(item, root, Some((route, &parent)))
                        } else {
                            value.clone()
                        }
                    })
                    .collect();
                menu_group(g.title, links)
            })
            .collect();
        tera::Value::from(groups)
    }

    /// The menu's groups for pages at `root`, nothing marked.
    pub(super) fn menu_values(menu: &[routes::MenuGroup], root: &str) -> Vec<super::MenuValues> {
        menu.iter()
            .map(|g| {
                let links: Vec<tera::Value> = g
                    .items
                    .iter()
                    .map(|item| menu_link(item, root, None))
                    .collect();
                super::MenuValues {
                    group: menu_group(g.title, links.clone()),
                    links,
                }
            })
            .collect()
    }

    /// The pages before and after `route` in reading order; none for a
    /// page outside it.
    fn pager(&self, route: &Route) -> Option<Pager> {
        let at = *self.order_at.get(route)?;
        let root = route.root();
        let link = |(r, t): &(Route, String)| Link {
            title: t.clone(),
            href: r.href(root),
            current: false,
        };
        Some(Pager {
            prev: at.checked_sub(1).and_then(|i| self.order.get(i)).map(link),
            next: self.order.get(at + 1).map(link),
        })
    }

    /// The context every template gets, for the page at `route`.
    pub(super) fn context(
        &self,
        route: &Route,
        title: &str,
        crumbs: Vec<Crumb>,
    ) -> Result<Context, String> {
        let root = route.root();
        let mut ctx = Context::new();
        ctx.insert_value("site", self.site_value.clone());
        ctx.insert("root", root);
        ctx.insert_value("menu_html", self.menu_html(route)?);
        // The built-in templates have the menu as `menu_html`; a handbook's
        // own templates may still want its links.
        if !self.hb.theme.templates.is_empty() {
            ctx.insert("nav", &self.nav(root, route));
            ctx.insert_value("menu", self.menu(route));
        }
        ctx.insert("pager", &self.pager(route));
        ctx.insert("page_title", title);
        ctx.insert("breadcrumbs", &crumbs);
        ctx.insert("toc", &Vec::<TocEntry>::new());
        ctx.insert("toc_title", "目次");
        Ok(ctx)
    }

    /// The menu's HTML for the page at `route`: `menu.html` rendered once
    /// for each root and set of marked links.
    fn menu_html(&self, route: &Route) -> Result<tera::Value, String> {
        let root = route.root();
        let parent = &routes::menu_parent(route);
        let marked = self
            .menu
            .iter()
            .enumerate()
            .flat_map(|(g, group)| {
                group
                    .items
                    .iter()
                    .enumerate()
                    .filter_map(move |(i, (r, _, _))| {
                        (r == route || r == parent).then_some((g, i, r == route))
                    })
            })
            .collect();
        let key = (root, marked);
        if let Some(html) = crate::parallel::lock(&self.menu_html).get(&key) {
            return Ok(html.clone());
        }
        let mut ctx = Context::new();
        ctx.insert_value("site", self.site_value.clone());
        ctx.insert("root", root);
        ctx.insert_value("menu", self.menu(route));
        let html = self
            .tera
            .render("menu.html", &ctx)
            .map_err(|e| template_error("menu.html", e))?;
        let html = tera::Value::safe_string(&html);
        Ok(crate::parallel::lock(&self.menu_html)
            .entry(key)
            .or_insert(html)
            .clone())
    }

    pub(super) fn home(&self, root: &str) -> Crumb {
        Crumb {
            title: "ホーム".into(),
            href: Some(Route::Index.href(root)),
        }
    }

    /// What rendering Markdown needs on a page whose root is `root`.
    pub(super) fn scope<'r>(&'r self, root: &'r str) -> markdown::Scope<'r> {
        markdown::Scope {
            hb: self.hb,
            links: self.links,
            root,
        }
    }

    pub(super) fn finish(&self, template: &str, ctx: &Context) -> Result<Vec<u8>, String> {
        // Rendered as bytes: everything a template writes is text, so the
        // page is UTF-8 without checking it again (2% of a build).
        let mut page = Vec::with_capacity(32 << 10);
        self.tera
            .render_to(template, ctx, &mut page)
            .map(|()| crate::html::strip_control_bytes(page))
            .map_err(|e| template_error(template, e))
    }

    /// A long page with a このページの内容 list made of its own headings
    /// (`outline`): the page is rendered once to find them, and again with
    /// the list when it has enough to be worth one. The headings come
    /// from the template, so a handbook's own template gets its own list.
    pub(super) fn finish_with_outline(
        &self,
        template: &str,
        ctx: &mut Context,
    ) -> Result<Vec<u8>, String> {
        let page = self.finish(template, ctx)?;
        let entries = simdutf8::basic::from_utf8(&page)
            .ok()
            .and_then(crate::html::main_of)
            .map(|(_, main)| outline::headings(main))
            .unwrap_or_default();
        if entries.len() < outline::MIN_ENTRIES {
            return Ok(page);
        }
        ctx.insert("toc", &entries);
        ctx.insert("toc_title", "このページの内容");
        self.finish(template, ctx)
    }

    pub(super) fn summary(
        &self,
        reg: &crate::content::regulation::Regulation,
        root: &str,
    ) -> RegulationView {
        RegulationView {
            title: reg.title.clone(),
            href: Route::Regulation(reg.id.clone()).href(root),
            number: reg.number.clone(),
            owner: reg.owner.clone(),
            effective: wareki(reg.effective),
            effective_seireki: seireki(reg.effective),
            effective_iso: crate::content::date::iso(reg.effective),
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
            pending: self.pending(reg, reg, root),
        }
    }

    pub(super) fn index(&self) -> Result<Vec<u8>, String> {
        let mut ctx = self.context(
            &Route::Index,
            "ホーム",
            vec![Crumb {
                title: "ホーム".into(),
                href: None,
            }],
        )?;
        let intro = self
            .hb
            .front
            .as_ref()
            .map(|p| markdown::page(&p.markdown, self.scope("")).0);
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
            .map(|p| self.link(Route::Page(p.id.clone()), p.title.clone(), "", None))
            .collect();
        ctx.insert("pages", &pages);
        ctx.insert("operations", &self.operations("", None));
        ctx.insert(
            "inspection",
            &self.link(Route::Inspection, "立入検査用資料一覧".into(), "", None),
        );
        self.finish("index.html", &ctx)
    }

    pub(super) fn regulation_list(&self) -> Result<Vec<u8>, String> {
        let route = Route::Regulations;
        let root = route.root();
        let mut ctx = self.context(
            &route,
            "規程一覧",
            vec![
                self.home(root),
                Crumb {
                    title: "規程一覧".into(),
                    href: None,
                },
            ],
        )?;
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
    pub(super) fn regulation(
        &self,
        reg: &crate::content::regulation::Regulation,
        version: &crate::content::regulation::Regulation,
    ) -> Result<Vec<u8>, String> {
        let route = Route::version(reg, version);
        let root = route.root();
        let mut crumbs = vec![
            self.home(root),
            Crumb {
                title: "規程一覧".into(),
                href: Some(Route::Regulations.href(root)),
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
                href: Some(Route::version(reg, reg).href(root)),
            });
            crumbs.push(Crumb {
                title: revisions::version_name(version),
                href: None,
            });
        }
        let mut ctx = self.context(&route, &version.title, crumbs)?;
        let rendered = regulation::render(version, self.scope(root));
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
    pub(super) fn simple(
        &self,
        route: &Route,
        title: &str,
        parents: Vec<Crumb>,
    ) -> Result<Context, String> {
        let root = route.root();
        let mut crumbs = vec![self.home(root)];
        crumbs.extend(parents);
        crumbs.push(Crumb {
            title: title.to_string(),
            href: None,
        });
        self.context(route, title, crumbs)
    }

    pub(super) fn incident(&self) -> Result<Vec<u8>, String> {
        let view = contacts::incident_view(self.scope(""), self.as_of);
        let mut ctx = self.simple(&Route::Incident, &view.title.clone(), Vec::new())?;
        ctx.insert("incident", &view);
        ctx.insert("has_clock", &view.has_clock());
        let severity = self
            .hb
            .severity
            .as_ref()
            .map(|s| contacts::severity_view(self.scope(""), s, self.as_of));
        ctx.insert("severity", &severity);
        ctx.insert("operations", &self.operations("", Some(&Route::Incident)));
        ctx.insert("forms", &self.form_links(""));
        ctx.insert("prints", &self.prints(""));
        self.finish("incident.html", &ctx)
    }

    /// What to print and put up before an incident: the poster, the role
    /// cards and the pocket cards, when the handbook has them.
    pub(super) fn prints(&self, root: &str) -> Vec<Link> {
        [
            (Route::Poster, "ポスター（A4 1枚、端末のそばに掲示）"),
            (Route::Cards, "役割別アクションカード"),
            (Route::Wallet, "携帯カード（A4 に10枚、切り取り式）"),
        ]
        .into_iter()
        .filter(|(r, _)| routes::exists(self.hb, r))
        .map(|(r, t)| self.link(r, t.into(), root, None))
        .collect()
    }

    pub(super) fn contacts(
        &self,
        chart: &crate::content::contacts::ContactChart,
    ) -> Result<Vec<u8>, String> {
        let view = contacts::chart_view(self.hb, chart, self.as_of);
        let mut ctx = self.simple(&Route::Contacts, &view.title.clone(), Vec::new())?;
        ctx.insert("chart", &view);
        self.finish_with_outline("contacts.html", &mut ctx)
    }

    pub(super) fn severity(
        &self,
        sev: &crate::content::severity::Severity,
    ) -> Result<Vec<u8>, String> {
        let view = contacts::severity_view(self.scope(""), sev, self.as_of);
        let mut ctx = self.simple(&Route::Severity, &view.title.clone(), Vec::new())?;
        ctx.insert("severity", &view);
        self.finish_with_outline("severity.html", &mut ctx)
    }

    pub(super) fn procedures(&self) -> Result<Vec<u8>, String> {
        let mut ctx = self.simple(&Route::Procedures, "バックアップ・復旧手順", Vec::new())?;
        let list: Vec<records::ProcedureView> = self
            .hb
            .procedures
            .iter()
            .map(|p| records::procedure_view(self.hb, p, "../", self.as_of))
            .collect();
        ctx.insert("procedures", &list);
        self.finish("procedures.html", &ctx)
    }

    pub(super) fn procedure(
        &self,
        p: &crate::content::procedure::Procedure,
    ) -> Result<Vec<u8>, String> {
        let route = Route::Procedure(p.id.clone());
        let root = route.root();
        let mut ctx = self.simple(
            &route,
            &format!("{} 復旧手順", p.system),
            vec![Crumb {
                title: "バックアップ・復旧手順".into(),
                href: Some(Route::Procedures.href(root)),
            }],
        )?;
        ctx.insert(
            "procedure",
            &records::procedure_view(self.hb, p, root, self.as_of),
        );
        self.finish_with_outline("procedure.html", &mut ctx)
    }

    pub(super) fn training(
        &self,
        t: &crate::content::training::Training,
    ) -> Result<Vec<u8>, String> {
        let mut ctx = self.simple(&Route::Training, "教育・訓練の記録", Vec::new())?;
        ctx.insert("training", &records::training_view(self.hb, t, self.as_of));
        self.finish_with_outline("training.html", &mut ctx)
    }

    pub(super) fn form_links(&self, root: &str) -> Vec<Link> {
        self.hb
            .forms
            .iter()
            .map(|f| self.link(Route::Form(f.id.clone()), f.title.clone(), root, None))
            .collect()
    }

    pub(super) fn forms(&self) -> Result<Vec<u8>, String> {
        let mut ctx = self.simple(&Route::Forms, "様式", Vec::new())?;
        ctx.insert("forms", &self.form_links("../"));
        self.finish("forms.html", &ctx)
    }

    pub(super) fn form(&self, f: &crate::content::form::Form) -> Result<Vec<u8>, String> {
        let route = Route::Form(f.id.clone());
        let root = route.root();
        let mut ctx = self.simple(
            &route,
            &f.title,
            vec![Crumb {
                title: "様式".into(),
                href: Some(Route::Forms.href(root)),
            }],
        )?;
        ctx.insert("form_html", &form::render(f));
        ctx.insert("form_id", &f.id);
        ctx.insert("form_pages", &f.pages);
        ctx.insert("purpose", &f.purpose);
        self.finish("form.html", &ctx)
    }

    /// The whole handbook as one print document, made from the parts the
    /// pages' jobs made (`made`, by page path).
    pub(super) fn binder(
        &self,
        made: std::collections::HashMap<String, Result<(String, String), String>>,
        spilled: Option<&dyn super::Sink>,
    ) -> Result<Vec<super::Chunk>, String> {
        let mut chapters = binder::chapters(self.hb);
        binder::fill_from(&mut chapters, made)?;
        self.print_document(chapters, None, spilled)
    }

    /// A print document (`print.html` template) of filled `chapters`; a
    /// `bundle` other than the binder gets its own title. In pieces, one
    /// after another: the built-in template is rendered with a mark in
    /// place of each part, and the parts (most of the document: the whole
    /// handbook) go between the pieces of that frame, never copied into
    /// the template's context or one buffer. With `spilled`, each part's
    /// HTML was put aside there by its page's job, and the part holds the
    /// name it goes by: the document names it in its place.
    pub(super) fn print_document(
        &self,
        mut chapters: Vec<binder::Chapter>,
        bundle: Option<binder::Bundle>,
        spilled: Option<&dyn super::Sink>,
    ) -> Result<Vec<super::Chunk>, String> {
        use super::Chunk;
        // A handbook's own print.html may look at a part's HTML (filter it,
        // test it): it gets the parts themselves, rendered whole.
        if self.hb.theme.templates.contains_key("print.html") {
            unspill(&mut chapters, spilled)?;
            return Ok(vec![Chunk::Bytes(self.print_frame(&chapters, &bundle)?)]);
        }
        let mut parts = Vec::new();
        for part in chapters.iter_mut().flat_map(|c| c.parts.iter_mut()) {
            let mark = binder::part_mark(parts.len());
            parts.push(std::mem::replace(&mut part.html, mark));
        }
        let frame = self.print_frame(&chapters, &bundle)?;
        match binder::splice(&frame, parts) {
            // The frame's pieces and the parts, one after the other.
            Ok(pieces) => Ok(pieces
                .into_iter()
                .enumerate()
                .map(|(i, piece)| match spilled {
                    Some(_) if i % 2 == 1 => {
                        Chunk::Spilled(String::from_utf8_lossy(&piece).into_owned())
                    }
                    _ => Chunk::Bytes(piece),
                })
                .collect()),
            // Should the frame not show each part once, in order: rendered
            // whole.
            Err(parts) => {
                let mut marks = parts.into_iter();
                for part in chapters.iter_mut().flat_map(|c| c.parts.iter_mut()) {
                    part.html = marks.next().unwrap_or_default();
                }
                unspill(&mut chapters, spilled)?;
                Ok(vec![Chunk::Bytes(self.print_frame(&chapters, &bundle)?)])
            }
        }
    }

    fn print_frame(
        &self,
        chapters: &[binder::Chapter],
        bundle: &Option<binder::Bundle>,
    ) -> Result<Vec<u8>, String> {
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
        ctx.insert("bundle", bundle);
        let running = bundle.as_ref().map_or(site.title, |b| b.title);
        ctx.insert("page_css", &binder::page_css(chapters, running, &footer));
        let base_url = self.hb.config.base_url.as_deref();
        ctx.insert("base_url", &base_url);
        ctx.insert(
            "qr",
            &base_url.and_then(|u| qr::svg(u, &format!("最新版へのQRコード：{u}"))),
        );
        self.finish("print.html", &ctx)
    }

    pub(super) fn page_of(&self, page: &crate::content::page::Page) -> Result<Vec<u8>, String> {
        let route = Route::Page(page.id.clone());
        let root = route.root();
        let mut ctx = self.context(
            &route,
            &page.title,
            vec![
                self.home(root),
                Crumb {
                    title: page.title.clone(),
                    href: None,
                },
            ],
        )?;
        let (body, toc) = markdown::page(&page.markdown, self.scope(root));
        ctx.insert("body", &body);
        ctx.insert("toc", &toc);
        self.finish("page.html", &ctx)
    }

    pub(super) fn bcp(&self, bcp: &crate::content::bcp::Bcp) -> Result<Vec<u8>, String> {
        let view = super::bcp::bcp_view(self.scope(""), bcp, self.as_of);
        let mut ctx = self.simple(&Route::Bcp, &view.title.clone(), Vec::new())?;
        ctx.insert("bcp", &view);
        self.finish_with_outline("bcp.html", &mut ctx)
    }

    pub(super) fn cards(&self) -> Result<Vec<u8>, String> {
        let mut ctx = self.simple(&Route::Cards, "役割別アクションカード", Vec::new())?;
        ctx.insert("cards", &super::bcp::cards_view(self.scope(""), self.as_of));
        self.finish("cards.html", &ctx)
    }

    pub(super) fn poster(&self) -> Result<Vec<u8>, String> {
        let view = super::downtime::poster_view(self.scope(""), self.as_of);
        let mut ctx = self.simple(&Route::Poster, "緊急時対応ポスター", Vec::new())?;
        ctx.insert("poster", &view);
        self.finish("poster.html", &ctx)
    }

    pub(super) fn wallet(&self) -> Result<Vec<u8>, String> {
        let mut ctx = self.simple(&Route::Wallet, "携帯カード", Vec::new())?;
        ctx.insert(
            "wallet",
            &super::downtime::wallet_view(self.scope(""), self.as_of),
        );
        ctx.insert("wallet_marks", &super::downtime::cut_marks());
        self.finish("wallet.html", &ctx)
    }

    pub(super) fn distribution(
        &self,
        d: &crate::content::distribution::Distribution,
    ) -> Result<Vec<u8>, String> {
        let view = super::downtime::distribution_view(self.hb, d, self.as_of);
        let mut ctx = self.simple(&Route::Distribution, &view.title.clone(), Vec::new())?;
        ctx.insert("distribution", &view);
        self.finish("distribution.html", &ctx)
    }
}

/// The parts' HTML back in memory, where it was put aside (`spilled`).
fn unspill(
    chapters: &mut [binder::Chapter],
    spilled: Option<&dyn super::Sink>,
) -> Result<(), String> {
    let Some(sink) = spilled else { return Ok(()) };
    for part in chapters.iter_mut().flat_map(|c| c.parts.iter_mut()) {
        let bytes = sink.unspill(&part.html)?;
        part.html = String::from_utf8(bytes).map_err(|e| format!("{}: {e}", part.source))?;
    }
    Ok(())
}

/// A link of the menu as a template value, on a page at `root`; `at`,
/// the page showing it and the page that one belongs under, marks it.
fn menu_link(
    (r, title, depth): &(Route, String, u8),
    root: &str,
    at: Option<(&Route, &Route)>,
) -> tera::Value {
    let (current, ancestor) = at.map_or((false, false), |(route, parent)| {
        (r == route, r != route && r == parent)
    });
    tera::Value::from_serializable(&MenuLink {
        title: title.clone(),
        href: r.href(root),
        current,
        ancestor,
        depth: *depth,
    })
}

/// A template that could not be rendered, in words.
fn template_error(template: &str, e: tera::Error) -> String {
    crate::diag::tr(
        format!("テンプレート {template}: {e}"),
        format!("template {template}: {e}"),
    )
}

/// One group of the menu as a template value: its title and its links.
fn menu_group(title: Option<&'static str>, links: Vec<tera::Value>) -> tera::Value {
    let mut group = std::collections::BTreeMap::new();
    group.insert("title", tera::Value::from_serializable(&title));
    group.insert("items", tera::Value::from(links));
    tera::Value::from(group)
}
