//! A regulation's body → HTML and its table of contents. Articles keep their
//! printed form (caption line, 第N条 inline, 項 numbers, 号 markers) with an
//! anchor on each article, paragraph and top-level item.

use std::fmt::Write as _;

use super::escape;
use super::markdown::{TocEntry, inline};
use crate::content::Handbook;
use crate::content::crossref;
use crate::content::regulation::{
    Article, ArticleKind, Block, Item, Regulation, TextLine, articles_of,
};
use crate::resolve::mentions::{self, Context};

pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
}

struct Writer<'a> {
    hb: &'a Handbook,
    root: &'a str,
    html: String,
    toc: Vec<TocEntry>,
    /// Numbered articles of the main provisions, for resolving mentions.
    numbered: &'a [&'a Article],
}

pub fn render(r: &Regulation, hb: &Handbook, root: &str) -> Rendered {
    let numbered: Vec<&Article> = r.body.articles().filter(|a| a.number().is_some()).collect();
    let mut w = Writer {
        hb,
        root,
        html: String::new(),
        toc: Vec::new(),
        numbered: &numbered,
    };
    if !r.body.preamble.is_empty() {
        w.html.push_str("<div class=\"preamble\">");
        for line in &r.body.preamble {
            let _ = write!(w.html, "<p>{}</p>", w.text(line, None));
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
        w.html.push_str("</section>\n");
    }
    Rendered {
        html: w.html,
        toc: w.toc,
    }
}

impl<'a> Writer<'a> {
    /// Text with inline Markdown; in the main provisions, mentions of this
    /// regulation's articles become links.
    fn text(&self, line: &TextLine, ctx: Option<&Context>) -> String {
        let linkify = |t: &str| -> String {
            let Some(ctx) = ctx else {
                return escape(t);
            };
            let mut out = String::new();
            let mut last = 0;
            for m in crossref::find(t) {
                if let Ok(anchor) = mentions::resolve(&m.target, ctx) {
                    out.push_str(&escape(&t[last..m.range.start]));
                    let _ = write!(
                        out,
                        "<a class=\"xref\" href=\"#{anchor}\">{}</a>",
                        escape(&t[m.range.clone()])
                    );
                    last = m.range.end;
                }
            }
            out.push_str(&escape(&t[last..]));
            out
        };
        if line.quoted.is_empty() {
            return inline(&line.text, self.hb, self.root, &linkify);
        }
        // Quoted wording (読替え table cells) is shown, never linked.
        let mut out = String::new();
        let mut at = 0;
        for q in &line.quoted {
            out.push_str(&inline(
                &line.text[at..q.start],
                self.hb,
                self.root,
                &linkify,
            ));
            out.push_str(&escape(&line.text[q.clone()]));
            at = q.end;
        }
        out.push_str(&inline(&line.text[at..], self.hb, self.root, &linkify));
        out
    }

    fn blocks(&mut self, blocks: &'a [Block]) {
        let local: Vec<&Article> = articles_of(blocks)
            .filter(|a| a.number().is_some())
            .collect();
        for block in blocks {
            match block {
                Block::Heading {
                    level,
                    label,
                    title,
                    anchor,
                    ..
                } => {
                    let h = (*level + 1).min(4);
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
                Block::Article(a) => self.article(a, &local),
            }
        }
    }

    fn article(&mut self, a: &'a Article, local: &[&'a Article]) {
        let index = local.iter().position(|x| std::ptr::eq(*x, a));
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
                let _ = writeln!(self.html, "<article class=\"article\" id=\"{}\">", a.anchor);
                if let Some(c) = &a.caption {
                    let _ = writeln!(self.html, "<p class=\"caption\">（{}）</p>", escape(c));
                }
            }
            ArticleKind::Unnumbered => {
                let _ = writeln!(self.html, "<div class=\"text-block\" id=\"{}\">", a.anchor);
            }
        }
        for (pi, p) in a.paragraphs.iter().enumerate() {
            // Mentions are linked in the 条文 style only; a section-style
            // body has no 第N条 of its own.
            let ctx = (!self.numbered.is_empty()).then_some(Context {
                articles: self.numbered,
                local,
                current: index,
                paragraph: p.number,
            });
            let _ = write!(self.html, "<div class=\"paragraph\" id=\"{}\">", p.anchor);
            for (li, line) in p.lines.iter().enumerate() {
                self.html.push_str("<p>");
                if li == 0 {
                    if pi == 0 && matches!(a.kind, ArticleKind::Article(_)) {
                        let _ = write!(
                            self.html,
                            "<a class=\"num article-num\" href=\"#{}\">{}</a>　",
                            a.anchor,
                            escape(&a.label)
                        );
                    } else if let Some(label) = &p.label {
                        let _ = write!(self.html, "<span class=\"num\">{}</span>　", escape(label));
                    }
                }
                let text = self.text(line, ctx.as_ref());
                self.html.push_str(&text);
                self.html.push_str("</p>");
            }
            if p.lines.is_empty() && pi == 0 && matches!(a.kind, ArticleKind::Article(_)) {
                let _ = write!(
                    self.html,
                    "<p><a class=\"num article-num\" href=\"#{}\">{}</a></p>",
                    a.anchor,
                    escape(&a.label)
                );
            }
            self.items(&p.items, ctx.as_ref());
            self.html.push_str("</div>\n");
        }
        self.html.push_str(match a.kind {
            ArticleKind::Section(_) => "</section>\n",
            ArticleKind::Article(_) => "</article>\n",
            ArticleKind::Unnumbered => "</div>\n",
        });
    }

    /// Flat items with depths → nested lists.
    fn items(&mut self, items: &[Item], ctx: Option<&Context>) {
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
                    let _ = write!(self.html, "<li id=\"{id}\">");
                }
                None => self.html.push_str("<li>"),
            }
            let _ = write!(
                self.html,
                "<span class=\"marker\">{}</span><div class=\"item-text\">",
                escape(&item.marker)
            );
            let parts: Vec<String> = item.lines.iter().map(|l| self.text(l, ctx)).collect();
            self.html.push_str(&parts.join("<br>"));
            self.html.push_str("</div>");
        }
        for _ in open {
            self.html.push_str("</li></ol>");
        }
    }
}
