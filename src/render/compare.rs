//! A 新旧対照表 as an HTML table: one row group per article, one table row
//! per 項/号 so both sides line up, the changed text in `<ins>` (new side)
//! and `<del>` (old side), both drawn as a 傍線 by the stylesheet.

use std::fmt::Write as _;

use super::escape;
use crate::compare::inline::Span;
use crate::compare::{Change, Comparison, Line, Row};
use crate::config::{self, ColumnOrder};

/// Where the two versions' pages are, to link each article to its text.
pub struct Pages<'a> {
    pub old: &'a str,
    pub new: &'a str,
}

fn spans(out: &mut String, spans: &[Span], tag: &str) {
    for s in spans {
        let text = escape(&s.text).replace('\n', "<br>");
        if s.changed {
            let _ = write!(out, "<{tag}>{text}</{tag}>");
        } else {
            out.push_str(&text);
        }
    }
}

/// One side of one line.
fn cell(out: &mut String, line: &Line, new_side: bool, row: &Row, first: bool) {
    let side = if new_side { &line.new } else { &line.old };
    let class = if new_side { "new" } else { "old" };
    let _ = write!(out, "<td class=\"{class}\">");
    match side {
        Some(s) => {
            let _ = write!(
                out,
                "<div class=\"l d{}{}\">",
                line.depth.min(4),
                if line.elided { " elided" } else { "" }
            );
            spans(out, s, if new_side { "ins" } else { "del" });
            out.push_str("</div>");
        }
        None if first && new_side && row.change == Change::Deleted => {
            out.push_str("<div class=\"l mark\">（削除）</div>");
        }
        None if first && !new_side && row.change == Change::Added => {
            out.push_str("<div class=\"l mark\">（新設）</div>");
        }
        None => {}
    }
    out.push_str("</td>");
}

/// The table, or a sentence saying nothing changed.
pub fn table(c: &Comparison, cfg: &config::Comparison, pages: Option<&Pages>) -> String {
    if c.is_empty() {
        return "<p class=\"no-change\">条文に変更はありません。</p>\n".to_string();
    }
    let new_first = cfg.order == ColumnOrder::NewOld;
    let (first_caption, second_caption) = if new_first {
        (&cfg.new_caption, &cfg.old_caption)
    } else {
        (&cfg.old_caption, &cfg.new_caption)
    };
    let mut out = String::new();
    let _ = write!(
        out,
        "<table class=\"shinkyu\">\n<colgroup><col class=\"side\"><col class=\"side\"><col class=\"remark\"></colgroup>\n\
         <thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">備考</th></tr></thead>\n",
        escape(first_caption),
        escape(second_caption)
    );
    for section in &c.sections {
        if let Some(title) = &section.title {
            let mark = match section.change {
                Some(Change::Added) => "（新設）",
                Some(Change::Deleted) => "（削除）",
                _ => "",
            };
            let _ = writeln!(
                out,
                "<tbody class=\"scope\"><tr><th colspan=\"3\" scope=\"rowgroup\">{}{mark}</th></tr></tbody>",
                escape(title)
            );
        }
        for row in &section.rows {
            let _ = write!(out, "<tbody class=\"entry change-{}\">", class(row.change));
            let lines = &row.lines;
            for (i, line) in lines.iter().enumerate() {
                out.push_str("<tr>");
                cell(&mut out, line, new_first, row, i == 0);
                cell(&mut out, line, !new_first, row, i == 0);
                // No rowspan: Chromium cannot split a row group with a
                // spanning cell across printed pages, so a long article
                // would leave a page blank. Later rows get an empty cell.
                if i == 0 {
                    let _ = write!(out, "<td class=\"remark\">{}", escape(&row.remark()));
                    if let Some(p) = pages {
                        remark_links(&mut out, row, p);
                    }
                    out.push_str("</td>");
                } else {
                    out.push_str("<td class=\"remark cont\"></td>");
                }
                out.push_str("</tr>");
            }
            out.push_str("</tbody>\n");
        }
    }
    out.push_str("</table>\n");
    out
}

fn remark_links(out: &mut String, row: &Row, p: &Pages) {
    if let Some(a) = row
        .new_anchor
        .as_ref()
        .filter(|_| row.change != Change::Deleted)
    {
        let _ = write!(
            out,
            "<a class=\"to-text\" href=\"{}#{}\">改正後の条文</a>",
            p.new, a
        );
    } else if let Some(a) = &row.old_anchor {
        let _ = write!(
            out,
            "<a class=\"to-text\" href=\"{}#{}\">改正前の条文</a>",
            p.old, a
        );
    }
}

fn class(c: Change) -> &'static str {
    match c {
        Change::Changed => "changed",
        Change::Added => "added",
        Change::Deleted => "deleted",
        Change::Renumbered => "renumbered",
    }
}
