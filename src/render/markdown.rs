//! Markdown → HTML for free pages and for the text of regulations: links
//! rewritten to relative `.html` paths, raw HTML limited to a few harmless
//! tags (unless the handbook trusts its sources), headings given ids for
//! the table of contents.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Parser, Tag, TagEnd};

use super::escape;
use crate::content::Handbook;
use crate::content::markdown::{RawHtml, options};
use crate::resolve::links::{self, Resolved};

/// One entry of a page's table of contents.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub label: String,
    pub title: String,
    pub anchor: String,
}

/// The href for a link written in a source, relative to a page `root`
/// (`""` or `"../"`). Broken links were reported by `check`; here they
/// degrade to `#`.
pub fn href(dest: &str, hb: &Handbook, root: &str) -> String {
    match links::resolve(dest, hb) {
        Ok(Resolved::Internal { path, fragment }) => match fragment {
            Some(f) => format!("{root}{path}#{f}"),
            None => format!("{root}{path}"),
        },
        Ok(Resolved::External(url)) => url,
        Err(_) => "#".to_string(),
    }
}

/// What a link to a contact or procedure adds: the text when the author
/// left it empty (`[](contact:it-dept)`), and for a contact its number after
/// the link, so a reader can call without opening the chart.
fn link_extras(dest: &str, hb: &Handbook) -> (Option<String>, String) {
    if let Some(id) = dest.strip_prefix("contact:")
        && let Some(c) = hb.contact(id.split('#').next().unwrap_or(id))
    {
        // Staff inside the hospital dial an internal contact's extension.
        let internal = c.kind == crate::content::contacts::Kind::Internal;
        let suffix = match (c.main_phone(), c.main_extension()) {
            (_, Some(x)) if internal => format!("（内線 {}）", escape(x)),
            (Some(p), _) => format!(
                "（<a class=\"tel\" href=\"{}\">{}</a>）",
                escape(&p.href()),
                escape(&p.written)
            ),
            (None, Some(x)) => format!("（内線 {}）", escape(x)),
            (None, None) => String::new(),
        };
        return (Some(c.name.clone()), suffix);
    }
    if let Some(id) = dest.strip_prefix("procedure:")
        && let Some(p) = hb.procedure(id.split('#').next().unwrap_or(id))
    {
        return (Some(format!("{} 復旧手順", p.system)), String::new());
    }
    (None, String::new())
}

/// A whole Markdown page → (HTML, table of contents from h2/h3).
pub fn page(markdown: &str, hb: &Handbook, root: &str) -> (String, Vec<TocEntry>) {
    let mut events: Vec<Event> = Vec::new();
    let mut toc = Vec::new();
    let mut heading: Option<(usize, HeadingLevel, Option<String>)> = None;
    let mut heading_text = String::new();
    let mut count = 0;
    // For the innermost open link: its default text, number suffix, and
    // whether any text was written inside it.
    let mut link: Option<(Option<String>, String, bool)> = None;
    let trusted = hb.config.trusted_html;
    let mut raw = RawHtml::new(trusted);
    for event in Parser::new_ext(markdown, options()).map(|e| raw.defuse(e)) {
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                // The page title is the only h1.
                let level = if level == HeadingLevel::H1 {
                    HeadingLevel::H2
                } else {
                    level
                };
                heading = Some((events.len(), level, id.map(|s| s.to_string())));
                heading_text.clear();
                events.push(Event::Start(Tag::Heading {
                    level,
                    id: None,
                    classes,
                    // `{onclick=…}` would put script on the page (E032).
                    attrs: if trusted { attrs } else { Vec::new() },
                }));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((at, level, id)) = heading.take() {
                    count += 1;
                    let anchor = id.unwrap_or_else(|| format!("s{count}"));
                    if let Event::Start(Tag::Heading { id, .. }) = &mut events[at] {
                        *id = Some(CowStr::from(anchor.clone()));
                    }
                    if level <= HeadingLevel::H3 {
                        toc.push(TocEntry {
                            level: level as u8 - 1,
                            label: String::new(),
                            title: heading_text.clone(),
                            anchor,
                        });
                    }
                    events.push(Event::End(TagEnd::Heading(level)));
                }
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let (text, suffix) = link_extras(&dest_url, hb);
                link = Some((text, suffix, false));
                let dest = href(&dest_url, hb, root);
                events.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url: dest.into(),
                    title,
                    id,
                }));
            }
            Event::End(TagEnd::Link) => match link.take() {
                Some((text, suffix, written)) => {
                    if let (false, Some(text)) = (written, text) {
                        events.push(Event::Text(text.into()));
                    }
                    events.push(Event::End(TagEnd::Link));
                    if !suffix.is_empty() {
                        events.push(Event::InlineHtml(suffix.into()));
                    }
                }
                None => events.push(Event::End(TagEnd::Link)),
            },
            Event::Text(t) => {
                if heading.is_some() {
                    heading_text.push_str(&t);
                }
                if let Some(l) = &mut link {
                    l.2 = true;
                }
                events.push(Event::Text(t));
            }
            e => events.push(e),
        }
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    (html, toc)
}

/// One line of regulation text: inline Markdown only, with `linkify`
/// turning article mentions in plain text into links.
pub fn inline(text: &str, hb: &Handbook, root: &str, linkify: &dyn Fn(&str) -> String) -> String {
    let mut out = String::new();
    let mut in_link = 0;
    let mut link: Option<(Option<String>, String, bool)> = None;
    let mut raw = RawHtml::new(hb.config.trusted_html);
    for event in Parser::new_ext(text, options()).map(|e| raw.defuse(e)) {
        if let (Event::Text(_) | Event::Code(_), Some(l)) = (&event, &mut link) {
            l.2 = true;
        }
        match event {
            Event::Text(t) if in_link == 0 => out.push_str(&linkify(&t)),
            Event::Text(t) | Event::Code(t) if in_link > 0 => out.push_str(&escape(&t)),
            Event::Code(t) => {
                out.push_str("<code>");
                out.push_str(&escape(&t));
                out.push_str("</code>");
            }
            Event::Start(Tag::Emphasis) => out.push_str("<em>"),
            Event::End(TagEnd::Emphasis) => out.push_str("</em>"),
            Event::Start(Tag::Strong) => out.push_str("<strong>"),
            Event::End(TagEnd::Strong) => out.push_str("</strong>"),
            Event::Start(Tag::Link { dest_url, .. }) => {
                in_link += 1;
                let (text, suffix) = link_extras(&dest_url, hb);
                link = Some((text, suffix, false));
                out.push_str(&format!(
                    "<a href=\"{}\">",
                    escape(&href(&dest_url, hb, root))
                ));
            }
            Event::End(TagEnd::Link) => {
                in_link -= 1;
                let (text, suffix, written) = link.take().unwrap_or_default();
                if let (false, Some(text)) = (written, text) {
                    out.push_str(&escape(&text));
                }
                out.push_str("</a>");
                out.push_str(&suffix);
            }
            Event::SoftBreak | Event::HardBreak => out.push_str("<br>"),
            Event::InlineHtml(t) => out.push_str(&t),
            // Block structure has no place inside one line of a regulation.
            _ => {}
        }
    }
    out
}
