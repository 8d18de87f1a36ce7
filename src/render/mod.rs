//! Rendering: view structs that templates see, the template set (built-ins
//! compiled in, overridden file by file by the handbook's own `templates/`),
//! and the pages. Produces `(path, bytes)`; never touches the disk.

pub mod barchart;
pub mod bcp;
pub mod binder;
pub mod compare;
pub mod contacts;
pub mod downtime;
pub mod evidence;
pub mod flowchart;
pub mod form;
pub mod markdown;
pub mod qr;
pub mod records;
pub mod regulation;
pub mod revisions;
pub mod svg;

mod outline;
mod pages;
mod site;
mod theme;

use serde::Serialize;
use tera::Tera;

pub use crate::html::{escape, main_of};

use crate::content::Handbook;

pub use site::{Chunk, Out, Pages, Piece, Sink, Site, render};
pub use theme::{ASSETS, assets, rendering_problem, templates, templates_of};

/// Rendered output: `(path from the output root, bytes)`.
pub type Files = Vec<(String, Vec<u8>)>;

pub use crate::build_info::BuildInfo;

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

/// A link of the site menu.
#[derive(Serialize)]
struct MenuLink {
    title: String,
    href: String,
    /// This page.
    current: bool,
    /// The page this one belongs under (a regulation, for its other
    /// versions).
    ancestor: bool,
    depth: u8,
}

/// One group of the menu as template values, nothing marked: the group,
/// and each of its links.
struct MenuValues {
    group: tera::Value,
    links: Vec<tera::Value>,
}

/// The previous and next pages in reading order.
#[derive(Serialize)]
struct Pager {
    prev: Option<Link>,
    next: Option<Link>,
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
    /// Its 周知確認書, and who was told of it (when there are training
    /// records).
    notice_href: Option<String>,
    notice: Option<String>,
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

/// Which menu a page shows: its root, and the links it marks, each by its
/// group and place, and whether it is the page itself (else the page it
/// belongs under).
type MenuKey = (&'static str, Vec<(usize, usize, bool)>);

struct Renderer<'a> {
    hb: &'a Handbook,
    links: &'a crate::resolve::Links,
    tera: std::sync::Arc<Tera>,
    site: SiteView<'a>,
    /// `site` as the templates see it: the same for every page, so made
    /// once (a page's context shares it).
    site_value: tera::Value,
    as_of: chrono::NaiveDate,
    /// The site menu and the reading order, worked out once for every page.
    menu: Vec<crate::routes::MenuGroup>,
    /// The menu as the templates see it, for pages at each root: made once,
    /// so a page makes only the one or two links it marks.
    menu_values: Vec<(&'static str, Vec<MenuValues>)>,
    /// The menu's HTML (`menu.html`), for each root and the links a page
    /// marks: most pages share one, so it is rendered once for them all.
    menu_html: std::sync::Mutex<std::collections::HashMap<MenuKey, tera::Value>>,
    order: Vec<(crate::routes::Route, String)>,
    /// Where each route is in `order`.
    order_at: std::collections::HashMap<crate::routes::Route, usize>,
}
