//! The body written out as regulation source: one paragraph per line,
//! blank lines where the parser needs them to keep paragraphs apart, and
//! tables as Markdown tables.

use super::Piece;
use crate::content::structure::{LineKind, Style, classify};

/// The body as source text, and for each of its lines the piece it came
/// from (None for the blank lines between).
pub fn compose(body: &[Piece], style: Style) -> (String, Vec<Option<usize>>) {
    let mut out = String::new();
    let mut map = Vec::new();
    let mut after_caption = false;
    let mut after_table = false;
    for (i, p) in body.iter().enumerate() {
        if let Some(table) = &p.table {
            if i > 0 {
                out.push('\n');
                map.push(None);
            }
            for line in markdown_table(table) {
                out.push_str(&line);
                out.push('\n');
                map.push(Some(i));
            }
            after_table = true;
            after_caption = false;
            continue;
        }
        if p.verbatim {
            if i > 0 {
                out.push('\n');
                map.push(None);
            }
            for line in p.text.lines() {
                out.push_str(line);
                out.push('\n');
                map.push(Some(i));
            }
            after_table = true;
            after_caption = false;
            continue;
        }
        let kind = classify(&p.text, style);
        let tight = p.text.starts_with(super::BULLETS)
            || (style == Style::Articles
                && ((after_caption && matches!(kind, LineKind::Article { .. }))
                    || (p.structural
                        && matches!(
                            kind,
                            LineKind::ParagraphCandidate { .. } | LineKind::ItemCandidate { .. }
                        ))));
        if i > 0 && (!tight || after_table) {
            out.push('\n');
            map.push(None);
        }
        out.push_str(&p.text);
        out.push('\n');
        map.push(Some(i));
        after_caption = p.structural && matches!(kind, LineKind::CaptionCandidate(_));
        after_table = false;
    }
    (out, map)
}

fn markdown_table(rows: &[Vec<String>]) -> Vec<String> {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0).max(1);
    let cell = |s: &str| s.replace('|', "\\|").replace('\n', "<br>");
    let mut out = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let cells: Vec<String> = (0..width)
            .map(|j| row.get(j).map(|c| cell(c)).unwrap_or_default())
            .collect();
        out.push(format!("| {} |", cells.join(" | ")));
        if i == 0 {
            out.push(format!("|{}", " --- |".repeat(width)));
        }
    }
    out
}
