//! Markdown → HTML for free pages and for the text of regulations: links
//! rewritten to relative `.html` paths, raw HTML limited to a few harmless
//! tags (unless the handbook trusts its sources), headings given ids for
//! the table of contents.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Parser, Tag, TagEnd};

use super::escape;
use crate::content::Handbook;
use crate::content::markdown::{RawHtml, options};
use crate::content::regulation::Ref;
use crate::resolve::Links;
use crate::resolve::links::Resolved;
use crate::routes::Route;

/// One entry of a page's table of contents.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub label: String,
    pub title: String,
    pub anchor: String,
}

/// What rendering the Markdown of a source needs: the handbook (for the
/// names links show), what its links resolved to, and how the page being
/// made reaches the output root (`""` or `"../"`).
#[derive(Clone, Copy)]
pub struct Scope<'a> {
    pub hb: &'a Handbook,
    pub links: &'a Links,
    pub root: &'a str,
}

impl<'a> Scope<'a> {
    /// The same, for a page with another root.
    pub fn at(self, root: &'a str) -> Scope<'a> {
        Scope { root, ..self }
    }

    fn resolved(&self, dest: &str) -> Option<&'a Resolved> {
        self.links.get(dest).and_then(|r| r.as_ref().ok())
    }

    /// The href for a link written in a source. A link that points nowhere
    /// was reported by `check`, which stops the build, so `#` is never
    /// published.
    pub fn href(&self, dest: &str) -> String {
        self.resolved(dest)
            .map_or_else(|| "#".to_string(), |r| r.href(self.root))
    }

    /// What a link to a contact or procedure adds: the text when the author
    /// left it empty (`[](contact:it-dept)`), and for a contact its number
    /// after the link, so a reader can call without opening the chart.
    fn link_extras(&self, dest: &str) -> (Option<String>, String) {
        match self.resolved(dest) {
            Some(Resolved::Contact(id)) => match self.hb.contact(id) {
                Some(c) => {
                    // Staff inside the hospital dial an internal contact's
                    // extension.
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
                    (Some(c.name.clone()), suffix)
                }
                None => (None, String::new()),
            },
            Some(Resolved::Page {
                route: Route::Procedure(id),
                ..
            }) => match self.hb.procedure(id) {
                Some(p) => (Some(format!("{} 復旧手順", p.system)), String::new()),
                None => (None, String::new()),
            },
            _ => (None, String::new()),
        }
    }
}

/// A whole Markdown page → (HTML, table of contents from h2/h3).
pub fn page(markdown: &str, scope: Scope) -> (String, Vec<TocEntry>) {
    let hb = scope.hb;
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
                let (text, suffix) = scope.link_extras(&dest_url);
                link = Some((text, suffix, false));
                let dest = scope.href(&dest_url);
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
            // A table scrolls sideways in its own box on a narrow screen,
            // rather than making the whole page wider than it.
            Event::Start(Tag::Table(align)) => {
                events.push(Event::Html("<div class=\"table-scroll\">".into()));
                events.push(Event::Start(Tag::Table(align)));
            }
            Event::End(TagEnd::Table) => {
                events.push(Event::End(TagEnd::Table));
                events.push(Event::Html("</div>\n".into()));
            }
            e => events.push(e),
        }
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    (html, toc)
}

/// A piece of a line of regulation text (`text`, which starts at byte
/// `base` of the line): inline Markdown only, with the mentions among
/// `refs` (byte ranges of the whole line) that resolved turned into links,
/// written at the end of `out`.
pub fn inline_into(out: &mut String, text: &str, base: usize, refs: &[Ref], scope: Scope) {
    if plain(text) {
        // What the parser would give for it: one text event, the whole
        // line. Most lines of a regulation are such, and the parser
        // costs far more than the line.
        let here = refs
            .iter()
            .filter(|r| r.range.start >= base && r.range.end <= base + text.len());
        return linkify_into(out, text, text, base, here);
    }
    out.push_str(&parsed(text, base, refs, scope));
}

/// [`inline_into`] of a line that is not plain text: through the parser.
fn parsed(text: &str, base: usize, refs: &[Ref], scope: Scope) -> String {
    let mut out = String::new();
    let mut in_link = 0;
    let mut link: Option<(Option<String>, String, bool)> = None;
    let mut raw = RawHtml::new(scope.hb.config.trusted_html);
    let events = Parser::new_ext(text, options())
        .into_offset_iter()
        .map(|(e, range)| (raw.defuse(e), range));
    for (event, range) in events {
        if let (Event::Text(_) | Event::Code(_), Some(l)) = (&event, &mut link) {
            l.2 = true;
        }
        match event {
            Event::Text(t) if in_link == 0 => {
                let start = base + range.start;
                let here: Vec<&Ref> = refs
                    .iter()
                    .filter(|r| r.range.start >= start && r.range.end <= base + range.end)
                    .collect();
                let source = &text[range.clone()];
                out.push_str(&linkify(&t, source, start, &here));
            }
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
                let (text, suffix) = scope.link_extras(&dest_url);
                link = Some((text, suffix, false));
                out.push_str(&format!("<a href=\"{}\">", escape(&scope.href(&dest_url))));
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

/// Whether Markdown would read `text` as nothing but itself: no character
/// that can start inline syntax (emphasis, links, code, HTML, entities,
/// escapes, strikethrough, tables), nothing a line can open a block with
/// (`#`, `-`, `+`, `>`, `1.`), and no white space at either end (which a
/// paragraph drops).
fn plain(text: &str) -> bool {
    let edges_clean = !text.starts_with([' ', '\t']) && !text.ends_with([' ', '\t']);
    // `1.` or `1)` opens an ordered list; `1日に` does not.
    let no_list_number = !text
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .starts_with(['.', ')'])
        || !text.starts_with(|c: char| c.is_ascii_digit());
    edges_clean
        && no_list_number
        // Every character looked for is ASCII, and no byte of a longer
        // character is: the bytes are read, not the characters.
        && !text.bytes().any(|b| {
            matches!(
                b,
                b'\\'
                    | b'`'
                    | b'*'
                    | b'_'
                    | b'['
                    | b']'
                    | b'<'
                    | b'>'
                    | b'&'
                    | b'!'
                    | b'~'
                    | b'|'
                    | b'#'
                    | b'+'
                    | b'-'
                    | b'='
                    | b':'
                    | b'\n'
                    | b'\r'
            )
        })
}

/// Plain text `shown` (from `source`, which starts at byte `start` of its
/// line) escaped, with each resolved mention in `refs` made a link to its
/// anchor. Where Markdown changed the text (an escape, an entity), each
/// mention is looked for in order instead of taken by offset.
fn linkify(shown: &str, source: &str, start: usize, refs: &[&Ref]) -> String {
    let mut out = String::with_capacity(shown.len() + 48 * refs.len());
    linkify_into(&mut out, shown, source, start, refs.iter().copied());
    out
}

/// [`linkify`], written at the end of `out`.
fn linkify_into<'r>(
    out: &mut String,
    shown: &str,
    source: &str,
    start: usize,
    refs: impl IntoIterator<Item = &'r Ref>,
) {
    let mut last = 0;
    for r in refs {
        let Some(anchor) = r.outcome.anchor() else {
            continue;
        };
        let mention = &source[r.range.start - start..r.range.end - start];
        let at = if shown == source {
            Some(r.range.start - start)
        } else {
            shown[last..].find(mention).map(|i| last + i)
        };
        let Some(at) = at.filter(|&at| at >= last) else {
            continue;
        };
        crate::html::escape_into(out, &shown[last..at]);
        out.push_str("<a class=\"xref\" href=\"#");
        out.push_str(anchor);
        out.push_str("\">");
        crate::html::escape_into(out, mention);
        out.push_str("</a>");
        last = at + mention.len();
    }
    crate::html::escape_into(out, &shown[last..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast path of `inline` is right only if the parser gives such a
    /// line back as one text event, whole: checked on the kinds of lines
    /// regulations are made of, and on lines the check must turn away.
    #[test]
    fn plain_lines_are_one_text_event_to_the_parser() {
        let samples = [
            "この規程は、当院の情報資産を守るために必要な事項を定める。",
            "第１条第２項（前条の規定による場合を除く。）",
            "職員は、ＰＣ（パソコン）を持ち出すときは、所属長の許可を得る。",
            "USB メモリ等の外部記録媒体は、許可なく接続しない。",
            "「個人情報」とは、生存する個人に関する情報をいう。",
            "1日に1回、3時間ごとに確認する（午前9時から午後5時まで）。",
            "Windows 11 / macOS 14 で確認した。",
            "全角　空白の入った　文",
            "a, b; c? d. e/f (g) \"h\" 'i' @j $k %l ^m {n}",
        ];
        for text in samples {
            assert!(plain(text), "{text}");
            let events: Vec<(Event, std::ops::Range<usize>)> = Parser::new_ext(text, options())
                .into_offset_iter()
                .collect();
            let texts: Vec<_> = events
                .iter()
                .filter(|(e, _)| {
                    !matches!(
                        e,
                        Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph)
                    )
                })
                .collect();
            assert_eq!(texts.len(), 1, "{text}: {events:?}");
            assert_eq!(texts[0].0, Event::Text(text.into()), "{text}");
            assert_eq!(texts[0].1, 0..text.len(), "{text}");
        }
        for text in [
            "- 項目",
            "1. 番号",
            "12) 番号",
            "# 見出し",
            "> 引用",
            " 先頭の空白",
            "末尾の空白 ",
            "**強調**",
            "[リンク](x)",
            "<sup>2</sup>",
            "&amp;",
            "a\\b",
            "`コード`",
            "~~取消~~",
            "| 表 |",
        ] {
            assert!(!plain(text), "{text}");
        }
    }
    use crate::content::regulation::Outcome;

    fn r(range: std::ops::Range<usize>, anchor: &str) -> Ref {
        Ref {
            range,
            outcome: Outcome::Linked(anchor.to_string()),
        }
    }

    #[test]
    fn mentions_are_linked_where_the_resolve_stage_found_them() {
        let source = "前条及び第２条";
        let refs = [r(0..6, "art-1"), r(12..21, "art-2")];
        let refs: Vec<&Ref> = refs.iter().collect();
        assert_eq!(
            linkify(source, source, 0, &refs),
            "<a class=\"xref\" href=\"#art-1\">前条</a>及び<a class=\"xref\" href=\"#art-2\">第２条</a>"
        );
        // Markdown turned `&amp;` into `&`: the mention is looked for instead.
        let source = "A&amp;B 第２条";
        let refs = [r(8..17, "art-2")];
        let refs: Vec<&Ref> = refs.iter().collect();
        assert_eq!(
            linkify("A&B 第２条", source, 0, &refs),
            "A&amp;B <a class=\"xref\" href=\"#art-2\">第２条</a>"
        );
        // One that points nowhere is shown as text (check reported it).
        let broken = [Ref {
            range: 0..9,
            outcome: Outcome::Broken(crate::content::regulation::Why::new("none", "none")),
        }];
        let broken: Vec<&Ref> = broken.iter().collect();
        assert_eq!(linkify("第９条", "第９条", 0, &broken), "第９条");
    }
}
