//! Word documents (`.docx`) read directly: the paragraphs of
//! `word/document.xml` as Word shows them, with its automatic numbering
//! written out, tables kept as cells, ruby kept as `<ruby>`, and the
//! debris a reader never sees (bookmarks, comments, field codes, footnote
//! marks, hidden text, deleted text of tracked changes) left behind —
//! counted, so the report can say what was dropped.

use std::collections::HashMap;

use super::numbering::{Numbering, Suffix};
use super::xml::{self, Element};
use super::zip::{Archive, ZipError};
use super::{Note, NoteKind, Origin, Piece, escape_tags};
use crate::content::structure::{LineKind, Style, classify};

#[derive(Debug)]
pub struct Doc {
    pub pieces: Vec<Piece>,
    pub notes: Vec<Note>,
    /// The title in the document's properties (`docProps/core.xml`).
    pub title: Option<String>,
}

#[derive(Debug, Default)]
struct StyleDef {
    name: String,
    based_on: Option<String>,
    num_id: Option<String>,
    ilvl: Option<u32>,
    vanish: Option<bool>,
}

#[derive(Debug, Default)]
struct Styles {
    map: HashMap<String, StyleDef>,
}

impl Styles {
    fn parse(root: &Element) -> (Styles, HashMap<String, String>) {
        let mut styles = Styles::default();
        let mut numbering_styles = HashMap::new();
        for s in root.children.iter().filter(|c| c.name == "style") {
            let Some(id) = s.attr("styleId") else {
                continue;
            };
            let ppr = s.child("pPr");
            let num = ppr.and_then(|p| p.child("numPr"));
            let def = StyleDef {
                name: s
                    .child("name")
                    .and_then(|n| n.attr("val"))
                    .unwrap_or(id)
                    .to_string(),
                based_on: s
                    .child("basedOn")
                    .and_then(|b| b.attr("val"))
                    .map(str::to_string),
                num_id: num
                    .and_then(|n| n.child("numId"))
                    .and_then(|n| n.attr("val"))
                    .map(str::to_string),
                ilvl: num
                    .and_then(|n| n.child("ilvl"))
                    .and_then(|n| n.attr("val"))
                    .and_then(|v| v.parse().ok()),
                vanish: s.child("rPr").and_then(|r| r.child("vanish")).map(xml::on),
            };
            if s.attr("type") == Some("numbering")
                && let Some(n) = &def.num_id
            {
                numbering_styles.insert(id.to_string(), n.clone());
            }
            styles.map.insert(id.to_string(), def);
        }
        (styles, numbering_styles)
    }

    /// The style and those it is based on, nearest first (cycles cut).
    fn chain(&self, id: &str) -> Vec<&StyleDef> {
        let mut out = Vec::new();
        let mut next = Some(id);
        while let Some(id) = next {
            let Some(s) = self.map.get(id) else { break };
            if out.len() >= 16 {
                break;
            }
            out.push(s);
            next = s.based_on.as_deref();
        }
        out
    }

    fn numbering(&self, id: &str) -> Option<(String, Option<u32>)> {
        let chain = self.chain(id);
        let num = chain.iter().find_map(|s| s.num_id.clone())?;
        let ilvl = chain.iter().find_map(|s| s.ilvl);
        Some((num, ilvl))
    }

    fn vanish(&self, id: &str) -> Option<bool> {
        self.chain(id).iter().find_map(|s| s.vanish)
    }

    fn name<'a>(&'a self, id: &'a str) -> &'a str {
        self.map.get(id).map_or(id, |s| s.name.as_str())
    }
}

#[derive(Debug, Default)]
struct Stats {
    bookmarks: usize,
    comments: usize,
    fields: usize,
    footnotes: usize,
    hidden: usize,
    insertions: usize,
    deletions: usize,
    format_changes: usize,
    images: usize,
    text_boxes: usize,
    toc: usize,
    ruby: usize,
    math: usize,
}

struct Walker<'a> {
    styles: &'a Styles,
    numbering: Numbering,
    /// Open fields, innermost last: false while in the instruction (which
    /// is dropped), true in the result (which is what Word shows).
    fields: Vec<bool>,
    /// Text of paragraphs whose mark was deleted: accepting the deletion
    /// joins them to the next paragraph.
    carry: String,
    paragraph: usize,
    pieces: Vec<Piece>,
    stats: Stats,
}

fn zip_message(e: ZipError) -> String {
    match e {
        ZipError::NotZip => "ZIP 形式ではありません（.docx は ZIP 形式のファイルです）".into(),
        ZipError::Encrypted => "中身が暗号化されています".into(),
        ZipError::Corrupt(m) => m,
    }
}

fn part(archive: &Archive, name: &str) -> Result<Option<Element>, String> {
    let Some(bytes) = archive.read(name).map_err(zip_message)? else {
        return Ok(None);
    };
    let text = String::from_utf8(bytes)
        .map_err(|_| format!("「{name}」が UTF-8 の XML ではありません"))?;
    xml::parse(text.trim_start_matches('\u{feff}'))
        .map(Some)
        .map_err(|e| format!("「{name}」: {e}"))
}

/// Relationship targets of a part, by the last segment of their type
/// (`officeDocument`, `styles`, `numbering`), resolved against `dir`.
fn relationships(archive: &Archive, rels: &str, dir: &str) -> HashMap<String, String> {
    let mut out = HashMap::new();
    let Ok(Some(root)) = part(archive, rels) else {
        return out;
    };
    for r in root.children.iter().filter(|c| c.name == "Relationship") {
        let (Some(kind), Some(target)) = (r.attr("Type"), r.attr("Target")) else {
            continue;
        };
        let kind = kind.rsplit('/').next().unwrap_or(kind).to_string();
        let path = match target.strip_prefix('/') {
            Some(abs) => abs.to_string(),
            None if dir.is_empty() => target.to_string(),
            None => format!("{dir}/{target}"),
        };
        out.entry(kind).or_insert(path);
    }
    out
}

pub fn read(bytes: &[u8]) -> Result<Doc, String> {
    let archive = Archive::open(bytes).map_err(zip_message)?;
    let main = relationships(&archive, "_rels/.rels", "")
        .remove("officeDocument")
        .filter(|p| archive.has(p))
        .unwrap_or_else(|| "word/document.xml".into());
    let (dir, file) = main.rsplit_once('/').unwrap_or(("", main.as_str()));
    let rels = relationships(&archive, &format!("{dir}/_rels/{file}.rels"), dir);
    let document = part(&archive, &main)?.ok_or("本文（word/document.xml）がありません")?;
    let (styles, numbering_styles) = match part(
        &archive,
        rels.get("styles").map_or("word/styles.xml", String::as_str),
    )? {
        Some(root) => Styles::parse(&root),
        None => (Styles::default(), HashMap::new()),
    };
    let numbering = match part(
        &archive,
        rels.get("numbering")
            .map_or("word/numbering.xml", String::as_str),
    )? {
        Some(root) => Numbering::parse(&root, numbering_styles),
        None => Numbering::default(),
    };
    let title = part(&archive, "docProps/core.xml")
        .ok()
        .flatten()
        .and_then(|c| c.find("title").map(Element::all_text))
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty());
    let body = document.child("body").ok_or("本文（w:body）がありません")?;
    let mut w = Walker {
        styles: &styles,
        numbering,
        fields: Vec::new(),
        carry: String::new(),
        paragraph: 0,
        pieces: Vec::new(),
        stats: Stats::default(),
    };
    w.blocks(body);
    let notes = notes(&w.stats);
    Ok(Doc {
        pieces: w.pieces,
        notes,
        title,
    })
}

fn notes(s: &Stats) -> Vec<Note> {
    let mut out = Vec::new();
    if s.insertions + s.deletions + s.format_changes > 0 {
        out.push(Note::new(
            NoteKind::Check,
            None,
            format!(
                "この文書には承諾されていない変更履歴がありました（挿入 {}・削除 {}・書式の変更 {}）。すべて承諾した状態で取り込みました（挿入は残し、削除は取り除いています）。Word の［校閲］で変更履歴を確かめてください",
                s.insertions, s.deletions, s.format_changes
            ),
        ));
    }
    let mut add = |kind, n: usize, text: String| {
        if n > 0 {
            out.push(Note::new(kind, None, text));
        }
    };
    add(
        NoteKind::Check,
        s.footnotes,
        format!(
            "脚注・文末脚注の番号 {} 個を取り除きました。脚注の文は取り込んでいないので、必要なら本文に書き足してください",
            s.footnotes
        ),
    );
    add(
        NoteKind::Check,
        s.images,
        format!(
            "図・画像・図形 {} 個は取り込んでいません{}",
            s.images,
            if s.text_boxes > 0 {
                format!(
                    "（うち {} 個はテキストボックスで、その中の文字も取り込んでいません）",
                    s.text_boxes
                )
            } else {
                String::new()
            }
        ),
    );
    add(
        NoteKind::Dropped,
        s.bookmarks,
        format!("しおり（ブックマーク）{} 個を取り除きました", s.bookmarks),
    );
    add(
        NoteKind::Dropped,
        s.comments,
        format!(
            "コメント {} 件を取り除きました（コメントの文は取り込みません）",
            s.comments
        ),
    );
    add(
        NoteKind::Dropped,
        s.fields,
        format!(
            "フィールド {} 個は表示される結果だけを残し、フィールドコードを取り除きました",
            s.fields
        ),
    );
    add(
        NoteKind::Dropped,
        s.hidden,
        format!("隠し文字 {} か所を取り除きました", s.hidden),
    );
    add(
        NoteKind::Dropped,
        s.toc,
        format!(
            "目次 {} 行を取り除きました。目次はハンドブックが作ります",
            s.toc
        ),
    );
    add(
        NoteKind::Changed,
        s.ruby,
        format!("ルビ（ふりがな）{} か所を <ruby> で残しました", s.ruby),
    );
    add(
        NoteKind::Changed,
        s.math,
        format!("数式 {} 個は文字だけを取り込みました", s.math),
    );
    out
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\u{3000}' || c == '\t' || c == '\u{a0}'
}

impl Walker<'_> {
    fn in_instruction(&self) -> bool {
        self.fields.iter().any(|in_result| !in_result)
    }

    fn blocks(&mut self, el: &Element) {
        for c in &el.children {
            match c.name.as_str() {
                "p" => self.body_paragraph(c),
                "tbl" => self.table(c),
                "sdt" => {
                    if let Some(content) = c.child("sdtContent") {
                        self.blocks(content);
                    }
                }
                "customXml" | "ins" | "moveTo" => self.blocks(c),
                "AlternateContent" => {
                    if let Some(choice) = c.child("Choice") {
                        self.blocks(choice);
                    }
                }
                "del" | "moveFrom" => self.stats.deletions += 1,
                "bookmarkStart" => self.stats.bookmarks += 1,
                _ => {}
            }
        }
    }

    fn body_paragraph(&mut self, p: &Element) {
        let Some(text) = self.paragraph(p) else {
            return;
        };
        let at = Origin::Paragraph(self.paragraph);
        // A line break inside a paragraph continues it, unless what follows
        // is structure of its own (a 項 typed after Shift+Enter).
        let mut piece: Option<Piece> = None;
        for line in text.split('\n') {
            let line = line.trim_matches(is_space);
            if line.is_empty() {
                continue;
            }
            let own = classify(line, Style::Articles) != LineKind::Text(line)
                || classify(line, Style::Sections) != LineKind::Text(line)
                || line.starts_with(super::BULLETS)
                || super::split_inline_caption(line).is_some();
            match piece.as_mut() {
                Some(p) if !own => p.text.push_str(line),
                _ => {
                    if let Some(done) = piece.take() {
                        self.pieces.push(done);
                    }
                    piece = Some(Piece::new(line.to_string(), at));
                }
            }
        }
        if let Some(done) = piece {
            self.pieces.push(done);
        }
    }

    /// The text of one paragraph as Word shows it, numbering first; None
    /// when nothing of it is shown (hidden, empty, or joined to the next).
    fn paragraph(&mut self, p: &Element) -> Option<String> {
        self.paragraph += 1;
        let ppr = p.child("pPr");
        let style = ppr
            .and_then(|x| x.child("pStyle"))
            .and_then(|s| s.attr("val"));
        let style_vanish = style.and_then(|s| self.styles.vanish(s)).unwrap_or(false);
        if ppr.is_some_and(|x| x.child("pPrChange").is_some()) {
            self.stats.format_changes += 1;
        }
        let mark = ppr.and_then(|x| x.child("rPr"));
        if mark.is_some_and(|m| m.child("ins").is_some()) {
            self.stats.insertions += 1;
        }
        let mark_deleted = mark.is_some_and(|m| m.child("del").is_some());
        let mark_hidden = mark
            .and_then(|m| m.child("vanish"))
            .map_or(style_vanish, xml::on);
        let toc =
            style.is_some_and(|s| self.styles.name(s).to_ascii_lowercase().starts_with("toc"));
        let mut text = String::new();
        self.inline(p, style_vanish, &mut text);
        if mark_deleted {
            self.stats.deletions += 1;
            self.carry.push_str(&text);
            return None;
        }
        let text = format!("{}{text}", std::mem::take(&mut self.carry));
        if toc {
            self.stats.toc += 1;
            return None;
        }
        if mark_hidden && text.trim_matches(is_space).is_empty() {
            return None;
        }
        let direct = ppr.and_then(|x| x.child("numPr"));
        let direct_num = direct
            .and_then(|n| n.child("numId"))
            .and_then(|n| n.attr("val"));
        let direct_lvl = direct
            .and_then(|n| n.child("ilvl"))
            .and_then(|n| n.attr("val"))
            .and_then(|v| v.parse::<u32>().ok());
        let num = match direct_num {
            Some("0") => None,
            Some(id) => Some((id.to_string(), direct_lvl)),
            None => style
                .and_then(|s| self.styles.numbering(s))
                .map(|(id, lvl)| (id, direct_lvl.or(lvl))),
        };
        let label = num.and_then(|(id, lvl)| {
            let lvl = lvl
                .or_else(|| style.and_then(|s| self.numbering.level_for_style(&id, s)))
                .unwrap_or(0);
            self.numbering.next(&id, lvl)
        });
        let text = text.replace('\t', "\u{3000}");
        let body = text.trim_matches(is_space);
        let full = match label {
            Some((label, suffix)) => {
                // The number and the text need a space for the parser to
                // see 第１条 or 一 as a label; Word draws a tab there.
                let joined = suffix == Suffix::Nothing
                    && label.ends_with([')', '）', '.', '．', '、', ']', '］', '」']);
                if joined || body.is_empty() {
                    format!("{label}{body}")
                } else if label.ends_with(|c: char| c.is_ascii()) {
                    // 1. 目的, (1) 報告: half-width labels, half-width space.
                    format!("{label} {body}")
                } else {
                    format!("{label}\u{3000}{body}")
                }
            }
            None => body.to_string(),
        };
        if full.trim_matches(is_space).is_empty() {
            return None;
        }
        Some(escape_tags(&full))
    }

    fn inline(&mut self, el: &Element, para_vanish: bool, out: &mut String) {
        for c in &el.children {
            match c.name.as_str() {
                "r" => self.run(c, para_vanish, out),
                "ins" | "moveTo" => {
                    self.stats.insertions += 1;
                    self.inline(c, para_vanish, out);
                }
                "del" | "moveFrom" => self.stats.deletions += 1,
                "fldSimple" => {
                    self.stats.fields += 1;
                    self.inline(c, para_vanish, out);
                }
                "hyperlink" | "smartTag" | "customXml" | "dir" | "bdo" => {
                    self.inline(c, para_vanish, out)
                }
                "sdt" => {
                    if let Some(content) = c.child("sdtContent") {
                        self.inline(content, para_vanish, out);
                    }
                }
                "AlternateContent" => {
                    if let Some(choice) = c.child("Choice") {
                        self.inline(choice, para_vanish, out);
                    }
                }
                "ruby" => self.ruby(c, para_vanish, out),
                "bookmarkStart" => self.stats.bookmarks += 1,
                "oMath" | "oMathPara" => {
                    self.stats.math += 1;
                    let mut stack = vec![c];
                    let mut math = Vec::new();
                    while let Some(e) = stack.pop() {
                        if e.name == "t" {
                            math.push(e.all_text());
                        }
                        stack.extend(e.children.iter().rev());
                    }
                    out.push_str(&math.concat());
                }
                _ => {}
            }
        }
    }

    fn ruby(&mut self, el: &Element, para_vanish: bool, out: &mut String) {
        let mut base = String::new();
        let mut reading = String::new();
        if let Some(b) = el.child("rubyBase") {
            self.inline(b, para_vanish, &mut base);
        }
        if let Some(rt) = el.child("rt") {
            self.inline(rt, para_vanish, &mut reading);
        }
        if reading.trim().is_empty() || base.trim().is_empty() {
            out.push_str(&base);
        } else {
            self.stats.ruby += 1;
            out.push_str(&format!("<ruby>{base}<rt>{reading}</rt></ruby>"));
        }
    }

    fn run(&mut self, r: &Element, para_vanish: bool, out: &mut String) {
        let rpr = r.child("rPr");
        if rpr.is_some_and(|x| x.child("rPrChange").is_some()) {
            self.stats.format_changes += 1;
        }
        let direct = rpr.and_then(|x| x.child("vanish")).map(xml::on);
        let by_style = rpr
            .and_then(|x| x.child("rStyle"))
            .and_then(|s| s.attr("val"))
            .and_then(|id| self.styles.vanish(id));
        let hidden = direct.or(by_style).unwrap_or(para_vanish);
        let mut hidden_counted = false;
        for c in &r.children {
            let shown = !hidden && !self.in_instruction();
            match c.name.as_str() {
                "t" => {
                    let t = c.all_text();
                    if hidden && !t.is_empty() && !hidden_counted {
                        self.stats.hidden += 1;
                        hidden_counted = true;
                    }
                    if shown {
                        out.push_str(&t);
                    }
                }
                "tab" | "ptab" if shown => out.push('\t'),
                // Page and column breaks are layout, not text.
                "br" if shown && !matches!(c.attr("type"), Some("page" | "column")) => {
                    out.push('\n')
                }
                "cr" if shown => out.push('\n'),
                "noBreakHyphen" if shown => out.push('-'),
                "fldChar" => match c.attr("fldCharType") {
                    Some("begin") => {
                        self.stats.fields += 1;
                        self.fields.push(false);
                    }
                    Some("separate") => {
                        if let Some(last) = self.fields.last_mut() {
                            *last = true;
                        }
                    }
                    Some("end") => {
                        self.fields.pop();
                    }
                    _ => {}
                },
                // Word puts ruby inside a run (w:r/w:ruby).
                "ruby" if !hidden => self.ruby(c, para_vanish, out),
                "footnoteReference" | "endnoteReference" => self.stats.footnotes += 1,
                "commentReference" => self.stats.comments += 1,
                "drawing" | "pict" | "object" | "AlternateContent" => {
                    self.stats.images += 1;
                    if c.find("txbxContent").is_some() {
                        self.stats.text_boxes += 1;
                    }
                }
                _ => {}
            }
        }
    }

    fn table(&mut self, tbl: &Element) {
        let at = Origin::Paragraph(self.paragraph + 1);
        let mut rows: Vec<Vec<String>> = Vec::new();
        for tr in descendants_named(tbl, "tr", &["tbl"]) {
            if tr.child("trPr").is_some_and(|p| p.child("del").is_some()) {
                self.stats.deletions += 1;
                continue;
            }
            let mut row = Vec::new();
            for tc in descendants_named(tr, "tc", &["tbl"]) {
                let tcpr = tc.child("tcPr");
                let span = tcpr
                    .and_then(|p| p.child("gridSpan"))
                    .and_then(|g| g.attr("val"))
                    .and_then(|v| v.parse::<usize>().ok())
                    .unwrap_or(1)
                    .clamp(1, 64);
                let continued = tcpr
                    .and_then(|p| p.child("vMerge"))
                    .is_some_and(|v| v.attr("val") != Some("restart"));
                let text = if continued {
                    String::new()
                } else {
                    self.cell(tc)
                };
                row.push(text);
                row.extend(std::iter::repeat_n(String::new(), span - 1));
            }
            rows.push(row);
        }
        if rows.iter().all(|r| r.iter().all(|c| c.is_empty())) {
            return;
        }
        let mut piece = Piece::new(String::new(), at);
        piece.table = Some(rows);
        self.pieces.push(piece);
    }

    /// A cell's paragraphs, one per line (a table inside it, row by row).
    fn cell(&mut self, tc: &Element) -> String {
        let mut lines = Vec::new();
        for c in &tc.children {
            match c.name.as_str() {
                "p" => {
                    if let Some(t) = self.paragraph(c) {
                        lines.push(t.replace('\n', " ").trim_matches(is_space).to_string());
                    }
                }
                "tbl" => {
                    for tr in descendants_named(c, "tr", &["tbl"]) {
                        let cells: Vec<String> = descendants_named(tr, "tc", &["tbl"])
                            .into_iter()
                            .map(|tc| self.cell(tc).replace('\n', " "))
                            .collect();
                        lines.push(cells.join("\u{3000}"));
                    }
                }
                "sdt" => {
                    if let Some(content) = c.child("sdtContent") {
                        lines.push(self.cell(content));
                    }
                }
                _ => {}
            }
        }
        lines.retain(|l| !l.is_empty());
        lines.join("\n")
    }
}

/// Elements named `name` below `el` (through content controls and custom
/// XML wrappers), not descending into `stop` elements (nested tables).
fn descendants_named<'a>(el: &'a Element, name: &str, stop: &[&str]) -> Vec<&'a Element> {
    let mut out = Vec::new();
    let mut stack: Vec<&Element> = el.children.iter().rev().collect();
    while let Some(e) = stack.pop() {
        if e.name == name {
            out.push(e);
        } else if !stop.contains(&e.name.as_str()) {
            stack.extend(e.children.iter().rev());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#;

    fn doc(body: &str, numbering: &str, styles: &str) -> Doc {
        let document = format!("<w:document {NS}><w:body>{body}</w:body></w:document>");
        let numbering = format!("<w:numbering {NS}>{numbering}</w:numbering>");
        let styles = format!("<w:styles {NS}>{styles}</w:styles>");
        let zip = super::super::zip::stored(&[
            ("word/document.xml", document.as_bytes()),
            ("word/numbering.xml", numbering.as_bytes()),
            ("word/styles.xml", styles.as_bytes()),
        ]);
        read(&zip).unwrap()
    }

    fn texts(d: &Doc) -> Vec<String> {
        d.pieces
            .iter()
            .map(|p| match &p.table {
                Some(rows) => format!("{rows:?}"),
                None => p.text.clone(),
            })
            .collect()
    }

    fn r(t: &str) -> String {
        format!(r#"<w:r><w:t xml:space="preserve">{t}</w:t></w:r>"#)
    }

    #[test]
    fn fields_nest_and_only_results_show() {
        let d = doc(
            &format!(
                r#"<w:p>{}<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>IF </w:instrText></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>{}<w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:instrText> = 1 "x"</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>{}<w:r><w:fldChar w:fldCharType="end"/></w:r>{}</w:p>"#,
                r("前"),
                r("1"),
                r("結果"),
                r("後")
            ),
            "",
            "",
        );
        assert_eq!(texts(&d), ["前結果後"]);
    }

    #[test]
    fn a_deleted_paragraph_mark_joins_the_next_paragraph() {
        let d = doc(
            &format!(
                r#"<w:p><w:pPr><w:rPr><w:del w:id="1" w:author="a" w:date="2025-01-01T00:00:00Z"/></w:rPr></w:pPr>{}</w:p><w:p>{}</w:p><w:p><w:pPr><w:rPr><w:vanish/></w:rPr></w:pPr><w:r><w:rPr><w:vanish/></w:rPr><w:t>隠れた段落</w:t></w:r></w:p>"#,
                r("第１条　前半"),
                r("と後半。")
            ),
            "",
            "",
        );
        assert_eq!(texts(&d), ["第１条　前半と後半。"]);
        assert!(d.notes.iter().any(|n| n.text.contains("削除 1")));
        assert!(d.notes.iter().any(|n| n.text.contains("隠し文字 1")));
    }

    #[test]
    fn numbering_through_a_style_tied_to_a_level() {
        // The 項 style is tied to level 1 by lvl/pStyle; the style itself
        // names only the list.
        let numbering = r#"<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimalFullWidth"/><w:lvlText w:val="第%1条"/><w:pStyle w:val="Jou"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="2"/><w:numFmt w:val="decimalFullWidth"/><w:lvlText w:val="%2"/><w:pStyle w:val="Kou"/></w:lvl></w:abstractNum><w:num w:numId="3"><w:abstractNumId w:val="0"/></w:num>"#;
        let styles = r#"<w:style w:type="paragraph" w:styleId="Jou"><w:name w:val="条"/><w:pPr><w:numPr><w:numId w:val="3"/></w:numPr></w:pPr></w:style><w:style w:type="paragraph" w:styleId="Kou"><w:name w:val="項"/><w:basedOn w:val="Jou"/></w:style><w:style w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/></w:style>"#;
        let body = format!(
            r#"<w:p><w:pPr><w:pStyle w:val="TOC1"/></w:pPr>{}</w:p><w:p><w:pPr><w:pStyle w:val="Jou"/></w:pPr>{}</w:p><w:p><w:pPr><w:pStyle w:val="Kou"/></w:pPr>{}</w:p><w:p><w:pPr><w:pStyle w:val="Jou"/><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr>{}</w:p>"#,
            r("第１条　目的……1"),
            r("目的を定める。"),
            r("前項による。"),
            r("番号を外した段落")
        );
        let d = doc(&body, numbering, styles);
        assert_eq!(
            texts(&d),
            [
                "第１条　目的を定める。",
                "２　前項による。",
                "番号を外した段落"
            ]
        );
        assert!(d.notes.iter().any(|n| n.text.contains("目次 1 行")));
    }

    #[test]
    fn merged_cells_and_line_breaks() {
        let body = format!(
            r#"<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p>{}</w:p></w:tc></w:tr><w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p>{}</w:p><w:p>{}</w:p></w:tc><w:tc><w:p>{}</w:p></w:tc></w:tr><w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p>{}</w:p></w:tc></w:tr></w:tbl><w:p>{}<w:r><w:br/></w:r>{}<w:r><w:br/></w:r>{}</w:p>"#,
            r("見出し"),
            r("甲"),
            r("乙"),
            r("a|b"),
            r("c"),
            r("第２条　本文が"),
            r("続く。"),
            r("２　次の項。")
        );
        let d = doc(&body, "", "");
        let rows = d.pieces[0].table.clone().unwrap();
        assert_eq!(
            rows,
            [
                vec!["見出し".to_string(), String::new()],
                vec!["甲\n乙".into(), "a|b".into()],
                vec![String::new(), "c".into()],
            ]
        );
        assert_eq!(d.pieces[1].text, "第２条　本文が続く。");
        assert_eq!(d.pieces[2].text, "２　次の項。");
        assert_eq!(d.pieces[2].at, Origin::Paragraph(6));
    }

    #[test]
    fn text_that_looks_like_markup_is_escaped() {
        let d = doc(
            &format!("<w:p>{}</w:p>", r("&lt;script&gt;と&lt;ruby&gt;")),
            "",
            "",
        );
        assert_eq!(texts(&d), ["&lt;script>と<ruby>"]);
    }

    #[test]
    fn broken_parts_are_errors() {
        let zip = super::super::zip::stored(&[("word/document.xml", b"<w:document><w:body>")]);
        assert!(read(&zip).unwrap_err().contains("word/document.xml"));
        let zip = super::super::zip::stored(&[("other.xml", b"<a/>")]);
        assert!(read(&zip).unwrap_err().contains("本文"));
    }
}
