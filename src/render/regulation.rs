//! A regulation's body → HTML and its table of contents. Articles keep their
//! printed form (caption line, 第N条 inline, 項 numbers, 号 markers) with an
//! anchor on each article, paragraph and top-level item; tables are tables;
//! 別表 and 様式 are sections of their own after the 附則.

use std::fmt::Write as _;

use super::escape;
use super::markdown::{Scope, TocEntry, inline_into};
use crate::content::regulation::{
    Appendix, Article, ArticleKind, Block, Item, Regulation, Table, TextLine,
};
use crate::html::escape_into;

pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
}

struct Writer<'a> {
    scope: Scope<'a>,
    html: String,
    toc: Vec<TocEntry>,
}

pub fn render(r: &Regulation, scope: Scope) -> Rendered {
    let mut w = Writer {
        scope,
        html: String::new(),
        toc: Vec::new(),
    };
    if !r.body.preamble.is_empty() {
        w.html.push_str("<div class=\"preamble\">");
        for line in &r.body.preamble {
            w.html.push_str("<p>");
            w.text(line);
            w.html.push_str("</p>");
        }
        w.html.push_str("</div>\n");
    }
    w.blocks(&r.body.blocks);
    for s in &r.body.supplements {
        let title = if s.note.is_empty() {
            "附　則".to_string()
        } else {
            format!("附　則　{}", s.note)
        };
        w.toc.push(TocEntry {
            level: 1,
            label: String::new(),
            title: title.clone(),
            anchor: s.anchor.clone(),
        });
        let _ = write!(
            w.html,
            "<section class=\"supplement\" id=\"{}\">\n<h2>{}</h2>\n",
            s.anchor,
            escape(&title)
        );
        w.blocks(&s.blocks);
        for a in &s.appendices {
            w.appendix(a, 3);
        }
        w.html.push_str("</section>\n");
    }
    for a in &r.body.appendices {
        w.appendix(a, 2);
    }
    Rendered {
        html: w.html,
        toc: w.toc,
    }
}

impl<'a> Writer<'a> {
    /// Text with inline Markdown, the mentions the resolve stage found in
    /// it linked, written at the end of the page.
    fn text(&mut self, line: &TextLine) {
        let (scope, out) = (self.scope, &mut self.html);
        // Quoted wording (読替え table cells) is shown, never linked.
        if line.quoted {
            escape_into(out, &line.text);
            return;
        }
        inline_into(out, &line.text, 0, &line.refs, scope);
    }

    /// [`Writer::text`] of each of `lines`, with a line break between.
    fn broken_lines(&mut self, lines: &[TextLine]) {
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                self.html.push_str("<br>");
            }
            self.text(line);
        }
    }

    /// 別表第一（…関係）: its heading, then its text, items and tables.
    fn appendix(&mut self, a: &'a Appendix, h: u8) {
        let heading = a.heading();
        self.toc.push(TocEntry {
            level: 1,
            label: String::new(),
            title: heading.clone(),
            anchor: a.anchor.clone(),
        });
        let _ = write!(
            self.html,
            "<section class=\"appendix\" id=\"{}\">\n<h{h}>{}</h{h}>\n",
            a.anchor,
            escape(&heading)
        );
        self.blocks(&a.blocks);
        self.html.push_str("</section>\n");
    }

    /// Text lines with the tables that stand among them.
    fn lines_and_tables(&mut self, lines: &[TextLine], tables: &'a [Table], first: Option<String>) {
        let mut pending = tables.iter().peekable();
        for (li, line) in lines.iter().enumerate() {
            while let Some(t) = pending.next_if(|t| t.after <= li) {
                self.table(t);
            }
            self.html.push_str("<p>");
            if li == 0
                && let Some(f) = &first
            {
                self.html.push_str(f);
            }
            self.text(line);
            self.html.push_str("</p>");
        }
        for t in pending {
            self.table(t);
        }
    }

    fn table(&mut self, t: &Table) {
        self.html
            .push_str("<div class=\"table-scroll\"><table class=\"table law-table\"><tbody>");
        for row in &t.rows {
            self.html.push_str("<tr>");
            for cell in row {
                let tag = if cell.header { "th" } else { "td" };
                let _ = write!(self.html, "<{tag}");
                if cell.rowspan > 1 {
                    let _ = write!(self.html, " rowspan=\"{}\"", cell.rowspan);
                }
                if cell.colspan > 1 {
                    let _ = write!(self.html, " colspan=\"{}\"", cell.colspan);
                }
                let classes: Vec<&str> = ["open-t", "open-r", "open-b", "open-l"]
                    .iter()
                    .zip(cell.open)
                    .filter_map(|(c, open)| open.then_some(*c))
                    .collect();
                if !classes.is_empty() {
                    let _ = write!(self.html, " class=\"{}\"", classes.join(" "));
                }
                self.html.push('>');
                self.broken_lines(&cell.lines);
                let _ = write!(self.html, "</{tag}>");
            }
            self.html.push_str("</tr>");
        }
        self.html.push_str("</tbody></table></div>");
    }

    fn blocks(&mut self, blocks: &'a [Block]) {
        for block in blocks {
            match block {
                Block::Heading {
                    level,
                    label,
                    title,
                    anchor,
                    ..
                } => {
                    // 編 and 章 are both h2.
                    let h = (*level + 1).clamp(2, 4);
                    let _ = writeln!(
                        self.html,
                        "<h{h} class=\"division level-{level}\" id=\"{anchor}\">{}<span class=\"sep\">　</span>{}</h{h}>",
                        escape(label),
                        escape(title)
                    );
                    self.toc.push(TocEntry {
                        level: *level,
                        label: label.clone(),
                        title: title.clone(),
                        anchor: anchor.clone(),
                    });
                }
                Block::Article(a) => self.article(a),
            }
        }
    }

    fn article(&mut self, a: &'a Article) {
        match &a.kind {
            ArticleKind::Section(_) => {
                let title = a.title.clone().unwrap_or_default();
                self.toc.push(TocEntry {
                    level: 2,
                    label: a.label.clone(),
                    title: title.clone(),
                    anchor: a.anchor.clone(),
                });
                let _ = write!(
                    self.html,
                    "<section class=\"section\" id=\"{}\">\n<h2><span class=\"num\">{}</span> {}</h2>\n",
                    a.anchor,
                    escape(&a.label),
                    escape(&title)
                );
            }
            ArticleKind::Article(_) => {
                self.toc.push(TocEntry {
                    level: 3,
                    label: a.label.clone(),
                    title: a.caption.clone().unwrap_or_default(),
                    anchor: a.anchor.clone(),
                });
                // Written piece by piece, as the paragraphs and items
                // below: formatting was a twentieth of writing a page.
                self.html.push_str("<article class=\"article\" id=\"");
                self.html.push_str(&a.anchor);
                self.html.push_str("\">\n");
                if let Some(c) = &a.caption {
                    self.html.push_str("<p class=\"caption\">（");
                    escape_into(&mut self.html, c);
                    self.html.push_str("）</p>\n");
                }
            }
            ArticleKind::Unnumbered => {
                let _ = writeln!(self.html, "<div class=\"text-block\" id=\"{}\">", a.anchor);
            }
        }
        for (pi, p) in a.paragraphs.iter().enumerate() {
            if let Some(c) = &p.caption {
                self.html.push_str("<p class=\"caption\">（");
                escape_into(&mut self.html, c);
                self.html.push_str("）</p>\n");
            }
            // Mentions are linked in the 条文 style only; a section-style
            // body has no 第N条 of its own.
            self.html.push_str("<div class=\"paragraph\" id=\"");
            self.html.push_str(&p.anchor);
            self.html.push_str("\">");
            let first = if pi == 0 && matches!(a.kind, ArticleKind::Article(_)) {
                let mut num = String::from("<a class=\"num article-num\" href=\"#");
                num.push_str(&a.anchor);
                num.push_str("\">");
                escape_into(&mut num, &a.label);
                num.push_str("</a>　");
                Some(num)
            } else {
                p.label.as_ref().map(|label| {
                    let mut num = String::from("<span class=\"num\">");
                    escape_into(&mut num, label);
                    num.push_str("</span>　");
                    num
                })
            };
            self.lines_and_tables(&p.lines, &p.tables, first);
            if p.lines.is_empty() && pi == 0 && matches!(a.kind, ArticleKind::Article(_)) {
                let _ = write!(
                    self.html,
                    "<p><a class=\"num article-num\" href=\"#{}\">{}</a></p>",
                    a.anchor,
                    escape(&a.label)
                );
            }
            self.items(&p.items);
            self.html.push_str("</div>\n");
        }
        self.html.push_str(match a.kind {
            ArticleKind::Section(_) => "</section>\n",
            ArticleKind::Article(_) => "</article>\n",
            ArticleKind::Unnumbered => "</div>\n",
        });
    }

    /// Flat items with depths → nested lists.
    fn items(&mut self, items: &[Item]) {
        if items.is_empty() {
            return;
        }
        let mut open: Vec<usize> = Vec::new();
        for item in items {
            while open.last().is_some_and(|&d| d > item.depth) {
                self.html.push_str("</li></ol>");
                open.pop();
            }
            if open.last() == Some(&item.depth) {
                self.html.push_str("</li>");
            } else {
                while open.len() <= item.depth {
                    open.push(open.len());
                    self.html.push_str("<ol class=\"items\">");
                }
            }
            match &item.anchor {
                Some(id) => {
                    self.html.push_str("<li id=\"");
                    self.html.push_str(id);
                    self.html.push_str("\">");
                }
                None => self.html.push_str("<li>"),
            }
            self.html.push_str("<span class=\"marker\">");
            escape_into(&mut self.html, &item.marker);
            self.html.push_str("</span><div class=\"item-text\">");
            self.broken_lines(&item.lines);
            for t in &item.tables {
                self.table(t);
            }
            self.html.push_str("</div>");
        }
        for _ in open {
            self.html.push_str("</li></ol>");
        }
    }
}
