//! The resolve stage, between the model and the checks: what every link
//! and every mention of an article in the sources points to, worked out
//! once. Mentions are stored on their text lines (`TextLine::refs`); links
//! in [`Links`], by destination and with every place one is written. Check
//! reports what did not resolve; render links what did, and never resolves
//! anything again.

pub mod links;
pub mod mentions;

use std::collections::HashMap;

use pulldown_cmark::{Event, Parser, Tag};

use crate::content::markdown::options;
use crate::content::regulation::{Block, Body, Regulation, TextLine};
use crate::content::{Handbook, synonyms};
use links::Resolved;

/// Why a link points nowhere: a message and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    pub message: crate::diag::Msg,
    pub help: crate::diag::Msg,
}

/// One place a link is written.
#[derive(Debug, Clone)]
pub struct LinkUse {
    pub file: String,
    pub line: usize,
    pub column: usize,
    /// The destination as written (as Markdown gives it, for a link in
    /// Markdown).
    pub dest: String,
}

/// Every link of the handbook: what each destination resolves to, and
/// where each is written.
#[derive(Debug, Default)]
pub struct Links {
    outcomes: HashMap<String, Result<Resolved, Broken>>,
    pub uses: Vec<LinkUse>,
}

impl Links {
    /// What `dest` resolved to; `None` for a destination no source wrote.
    pub fn get(&self, dest: &str) -> Option<&Result<Resolved, Broken>> {
        self.outcomes.get(dest)
    }

    /// Resolves `dest` without recording a place it is written: for the
    /// built-in search shortcuts, which name pages a handbook may not have
    /// (the search leaves those out; nothing is reported).
    fn resolve(&mut self, hb: &Handbook, dest: &str) {
        if !self.outcomes.contains_key(dest) {
            let outcome =
                links::resolve(dest, hb).map_err(|(message, help)| Broken { message, help });
            self.outcomes.insert(dest.to_string(), outcome);
        }
    }

    /// The places a link is written that points nowhere, with why.
    pub fn broken(&self) -> impl Iterator<Item = (&LinkUse, &Broken)> {
        self.uses
            .iter()
            .filter_map(|u| match self.outcomes.get(&u.dest) {
                Some(Err(b)) => Some((u, b)),
                _ => None,
            })
    }

    fn add(&mut self, hb: &Handbook, file: &str, (line, column): (usize, usize), dest: &str) {
        self.resolve(hb, dest);
        self.uses.push(LinkUse {
            file: file.to_string(),
            line,
            column,
            dest: dest.to_string(),
        });
    }
}

/// Resolves every mention (stored on the text lines of every version of
/// every regulation) and every link of the handbook.
pub fn run(hb: &mut Handbook) -> Links {
    // Each regulation's mentions point only within it: on all cores.
    crate::parallel::for_each_mut(&mut hb.regulations, |reg| {
        mentions::resolve_shared(&mut reg.body);
        for v in &mut reg.versions {
            mentions::resolve_shared(&mut v.body);
        }
    });
    let hb = &*hb;
    let mut links = Links::default();
    for r in &hb.regulations {
        for v in r.all_versions() {
            for (dest, at) in &v.body.links {
                links.add(hb, &v.file, *at, dest);
            }
        }
    }
    for p in hb.pages.iter().chain(hb.front.iter()) {
        let lines = MarkdownLines::new(&p.markdown, p.body_first_line);
        for (dest, offset) in markdown_links(&p.markdown) {
            let (line, column, _) = lines.position(offset);
            links.add(hb, &p.file, (line, column), &dest);
        }
    }
    if let Some(sev) = &hb.severity
        && let Some((dest, at)) = &sev.source
    {
        links.add(hb, &sev.file, *at, dest);
    }
    if let Some(inc) = &hb.incident {
        for s in &inc.steps {
            if let Some((dest, at)) = &s.link {
                links.add(hb, &inc.file, *at, dest);
            }
        }
    }
    if let Some(c) = &hb.checklist {
        for e in &c.entries {
            for (dest, at) in &e.evidence {
                links.add(hb, &c.file, *at, dest);
            }
        }
    }
    if let Some(bcp) = &hb.bcp {
        add_bcp(hb, bcp, &mut links);
    }
    if let Some(s) = &hb.synonyms {
        for sc in &s.shortcuts {
            links.add(hb, &s.file, sc.link.1, &sc.link.0);
        }
    }
    if synonyms::uses_builtin(hb.synonyms.as_ref()) {
        for sc in &synonyms::builtin().shortcuts {
            links.resolve(hb, &sc.link.0);
        }
    }
    links
}

/// The BCP's links, and its references to procedures and forms by id,
/// which resolve as the `procedure:ID` and `form:ID` links they stand for.
fn add_bcp(hb: &Handbook, bcp: &crate::content::bcp::Bcp, links: &mut Links) {
    let file = bcp.file.as_str();
    if let Some((dest, at)) = &bcp.basis {
        links.add(hb, file, *at, dest);
    }
    for s in &bcp.systems {
        if let Some((id, at)) = &s.procedure {
            links.add(hb, file, *at, &bcp_ref("procedure", id));
        }
    }
    for (_, a) in bcp.actions() {
        if let Some((dest, at)) = &a.link {
            links.add(hb, file, *at, dest);
        }
        if let Some((id, at)) = &a.form {
            links.add(hb, file, *at, &bcp_ref("form", id));
        }
    }
}

/// The link a bare id in the BCP stands for; one written as a link
/// (`procedure:emr`) is taken as it is.
pub fn bcp_ref(scheme: &str, id: &str) -> String {
    if id.starts_with(&format!("{scheme}:")) {
        id.to_string()
    } else {
        format!("{scheme}:{id}")
    }
}

/// Every text line of a regulation: its preamble, then the articles of the
/// main provisions, of each 附則 and of every appendix (tables included).
pub fn text_lines(r: &Regulation) -> impl Iterator<Item = &TextLine> {
    body_lines(&r.body)
}

/// [`text_lines`] of one body.
fn body_lines(body: &Body) -> impl Iterator<Item = &TextLine> {
    body.preamble.iter().chain(
        body.all_blocks()
            .filter_map(|b| match b {
                Block::Article(a) => Some(a),
                Block::Heading { .. } => None,
            })
            .flat_map(|a| a.paragraphs.iter().flat_map(mentions::paragraph_lines)),
    )
}

/// Every Markdown link of `body`'s text lines, where it is written.
pub(crate) fn body_links(body: &Body) -> Vec<(String, (usize, usize))> {
    body_lines(body)
        .flat_map(|line| {
            markdown_links(&line.text)
                .into_iter()
                .map(move |(dest, offset)| (dest, line.position(offset)))
        })
        .collect()
}

/// The destination and byte offset of every link in a Markdown text, as
/// the renderer's parser reads them.
fn markdown_links(markdown: &str) -> Vec<(String, usize)> {
    // Every link, inline, reference or autolink, has a `[` or a `<`; most
    // lines of a regulation have neither, and the parser costs far more
    // than this look.
    if memchr::memchr2(b'[', b'<', markdown.as_bytes()).is_none() {
        return Vec::new();
    }
    Parser::new_ext(markdown, options())
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link { dest_url, .. }) => Some((dest_url.to_string(), range.start)),
            _ => None,
        })
        .collect()
}

/// Positions in a Markdown body that starts on file line `first_line`,
/// from an index of its lines made once. Reading the body from its top for
/// each position was quadratic: a 64 KB page of 16,000 refused tags took
/// 2 s to report, and a page as long as a source may be, hours.
pub struct MarkdownLines<'a> {
    markdown: &'a str,
    first_line: usize,
    /// Byte offset where each line starts.
    starts: Vec<usize>,
}

impl<'a> MarkdownLines<'a> {
    pub fn new(markdown: &'a str, first_line: usize) -> Self {
        let starts = std::iter::once(0)
            .chain(markdown.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        MarkdownLines {
            markdown,
            first_line,
            starts,
        }
    }

    /// File line and character column of byte `offset`, and the text of
    /// that line (without its line end).
    pub fn position(&self, offset: usize) -> (usize, usize, &'a str) {
        let offset = offset.min(self.markdown.len());
        let i = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[i];
        let end = self
            .starts
            .get(i + 1)
            .map_or(self.markdown.len(), |&e| e - 1);
        let column = self
            .markdown
            .get(start..offset)
            .map_or(0, |s| s.chars().count());
        let text = self.markdown.get(start..end).unwrap_or("");
        (self.first_line + i, column + 1, text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_positions_come_from_the_line_index() {
        let md = "一行目\n<x>二行目 <y>\n\n末尾";
        let lines = MarkdownLines::new(md, 4);
        assert_eq!(lines.position(0), (4, 1, "一行目"));
        assert_eq!(
            lines.position(md.find("<x>").unwrap()),
            (5, 1, "<x>二行目 <y>")
        );
        assert_eq!(
            lines.position(md.find("<y>").unwrap()),
            (5, 8, "<x>二行目 <y>")
        );
        assert_eq!(lines.position(md.find("\n\n").unwrap() + 1), (6, 1, ""));
        assert_eq!(lines.position(md.len()), (7, 3, "末尾"));
        assert_eq!(lines.position(md.len() + 10), (7, 3, "末尾"));
    }
}
