//! The 新旧対照表: two versions of a regulation compared article by article
//! (main provisions, then each 附則), 項 and 号 lined up inside a changed
//! article, the changed characters marked for underlining, unchanged 項
//! left out as （略）. No HTML here; `render::compare` draws the table.

pub mod align;
pub mod inline;

use crate::content::regulation::{Article, ArticleKind, Block, Body, Item, Table, TextLine};
use align::{Pair, Part};
use inline::Span;

/// What happened to an article (or a heading, or the preamble).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// 変更
    Changed,
    /// 新設
    Added,
    /// 削除
    Deleted,
    /// 条ずれ: the same text under another number.
    Renumbered,
}

impl Change {
    pub fn japanese(self) -> &'static str {
        match self {
            Change::Changed => "変更",
            Change::Added => "新設",
            Change::Deleted => "削除",
            Change::Renumbered => "条ずれ",
        }
    }
}

/// What a row is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    Article,
    Heading,
    Preamble,
}

/// One line of a row, both sides lined up. `None` on a side: nothing there
/// (the other side's 項 is new or gone).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub new: Option<Vec<Span>>,
    pub old: Option<Vec<Span>>,
    /// Unchanged 項 or 号 left out: shown as （略） on both sides.
    pub elided: bool,
    /// Nesting of a 号 (0 for a 項).
    pub depth: usize,
}

/// One article (or heading) that differs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub kind: RowKind,
    pub change: Change,
    /// As printed in each version: 第五条, `3.`, 第二章; `None` where absent.
    pub old_label: Option<String>,
    pub new_label: Option<String>,
    /// Anchors of the article in each version's page.
    pub old_anchor: Option<String>,
    pub new_anchor: Option<String>,
    pub lines: Vec<Line>,
}

impl Row {
    /// The 備考 column: 変更, 新設, 削除, or the renumbering.
    pub fn remark(&self) -> String {
        let moved = match (&self.old_label, &self.new_label) {
            (Some(o), Some(n)) if o != n => Some((o, n)),
            _ => None,
        };
        match (self.change, moved) {
            (Change::Renumbered, Some((o, n))) => format!("条ずれ（{o}→{n}）"),
            (Change::Changed, Some((o, n))) => format!("変更・条ずれ（{o}→{n}）"),
            (c, _) => c.japanese().to_string(),
        }
    }
}

/// The main provisions or one 附則.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// `None` for the main provisions; 附則 with its note otherwise.
    pub title: Option<String>,
    /// For a 附則 present on one side only: 新設 or 削除.
    pub change: Option<Change>,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    pub sections: Vec<Section>,
}

impl Comparison {
    pub fn is_empty(&self) -> bool {
        self.sections.iter().all(|s| s.rows.is_empty())
    }

    pub fn rows(&self) -> impl Iterator<Item = (&Section, &Row)> {
        self.sections
            .iter()
            .flat_map(|s| s.rows.iter().map(move |r| (s, r)))
    }
}

/// Text exported from e-Gov 法令検索 as a regulation body: the export marks
/// some lines with `:enact-statement:` (the 制定文) or `:anonym-paragraph:`
/// (a 附則 paragraph without a number); the text stays, the marks go.
pub fn egov_text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for line in raw.lines() {
        let text = crate::content::structure::without_egov_mark(line);
        out.push_str(text);
        out.push('\n');
    }
    out
}

/// Compares two versions' bodies.
pub fn compare(old: &Body, new: &Body) -> Comparison {
    let mut main = Section {
        title: None,
        change: None,
        rows: Vec::new(),
    };
    let (op, np) = (lines_text(&old.preamble), lines_text(&new.preamble));
    if op != np {
        let d = inline::diff(&op, &np);
        main.rows.push(Row {
            kind: RowKind::Preamble,
            change: if op.is_empty() {
                Change::Added
            } else if np.is_empty() {
                Change::Deleted
            } else {
                Change::Changed
            },
            old_label: None,
            new_label: None,
            old_anchor: None,
            new_anchor: None,
            lines: vec![Line {
                new: (!np.is_empty()).then_some(d.new),
                old: (!op.is_empty()).then_some(d.old),
                elided: false,
                depth: 0,
            }],
        });
    }
    main.rows.extend(scope_rows(&old.blocks, &new.blocks));
    let mut sections = vec![main];
    // 附則 are paired by what follows 附則 (the amending act), in order.
    let key = |note: &str| {
        note.trim_end_matches(|c: char| c == '抄' || c.is_whitespace())
            .trim()
            .to_string()
    };
    let keyed = |s: &[crate::content::regulation::Supplement]| -> Vec<(String, usize)> {
        let mut seen: Vec<String> = Vec::new();
        s.iter()
            .map(|x| {
                let k = key(&x.note);
                let n = seen.iter().filter(|o| **o == k).count();
                seen.push(k.clone());
                (k, n)
            })
            .collect()
    };
    let (ok, nk) = (keyed(&old.supplements), keyed(&new.supplements));
    let title = |note: &str| {
        if note.is_empty() {
            "附　則".to_string()
        } else {
            format!("附　則　{note}")
        }
    };
    for (j, s) in new.supplements.iter().enumerate() {
        match ok.iter().position(|k| *k == nk[j]) {
            Some(i) => sections.push(Section {
                title: Some(title(&s.note)),
                change: None,
                rows: scope_rows(&old.supplements[i].blocks, &s.blocks),
            }),
            None => sections.push(Section {
                title: Some(title(&s.note)),
                change: Some(Change::Added),
                rows: scope_rows(&[], &s.blocks),
            }),
        }
    }
    for (i, s) in old.supplements.iter().enumerate() {
        if !nk.contains(&ok[i]) {
            sections.push(Section {
                title: Some(title(&s.note)),
                change: Some(Change::Deleted),
                rows: scope_rows(&s.blocks, &[]),
            });
        }
    }
    sections.extend(appendix_sections(&old.appendices, &new.appendices));
    sections.retain(|s| !s.rows.is_empty());
    Comparison { sections }
}

/// 別表 and 様式, paired by their label (別表第一) in order of appearance.
fn appendix_sections(
    old: &[crate::content::regulation::Appendix],
    new: &[crate::content::regulation::Appendix],
) -> Vec<Section> {
    let nth = |all: &[crate::content::regulation::Appendix], i: usize| {
        all[..i].iter().filter(|a| a.label == all[i].label).count()
    };
    let find = |all: &[crate::content::regulation::Appendix], label: &str, n: usize| {
        all.iter()
            .enumerate()
            .filter(|(_, a)| a.label == label)
            .nth(n)
            .map(|(i, _)| i)
    };
    let mut out = Vec::new();
    for (j, a) in new.iter().enumerate() {
        let section = match find(old, &a.label, nth(new, j)) {
            Some(i) => Section {
                title: Some(a.heading()),
                change: None,
                rows: scope_rows(&old[i].blocks, &a.blocks),
            },
            None => Section {
                title: Some(a.heading()),
                change: Some(Change::Added),
                rows: scope_rows(&[], &a.blocks),
            },
        };
        out.push(section);
    }
    for (i, a) in old.iter().enumerate() {
        if find(new, &a.label, nth(old, i)).is_none() {
            out.push(Section {
                title: Some(a.heading()),
                change: Some(Change::Deleted),
                rows: scope_rows(&a.blocks, &[]),
            });
        }
    }
    out
}

/// Markdown source → the text a reader sees: link targets and emphasis
/// marks dropped.
fn plain(md: &str) -> String {
    if !md.contains(['[', '*', '_', '`', '\\', '<', '&']) {
        return md.to_string();
    }
    use pulldown_cmark::{Event, Parser};
    let mut out = String::new();
    for event in Parser::new(md) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push('\n'),
            _ => {}
        }
    }
    out
}

fn lines_text(lines: &[TextLine]) -> String {
    lines
        .iter()
        .map(|l| plain(&l.text))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A 項 or 号 (or a caption, or a section's heading) as one comparable line.
struct Unit {
    /// Known by: the paragraph's label, `2/一` for an item of 項 2.
    key: String,
    label: String,
    text: String,
    depth: usize,
    /// A caption or heading line: shown even when unchanged.
    context: bool,
    /// The article's first line: when left out, 第N条　（略）.
    first: bool,
}

impl Unit {
    fn display(&self) -> String {
        match (self.label.is_empty(), self.text.is_empty()) {
            (true, _) => self.text.clone(),
            (false, true) => self.label.clone(),
            (false, false) => format!("{}　{}", self.label, self.text),
        }
    }
}

fn units(a: &Article) -> Vec<Unit> {
    let mut out = Vec::new();
    let numbered = matches!(a.kind, ArticleKind::Article(_));
    if let Some(c) = &a.caption {
        out.push(Unit {
            key: "caption".into(),
            label: String::new(),
            text: format!("（{c}）"),
            depth: 0,
            context: true,
            first: false,
        });
    }
    if let ArticleKind::Section(_) = a.kind {
        out.push(Unit {
            key: "title".into(),
            label: a.label.clone(),
            text: a.title.clone().unwrap_or_default(),
            depth: 0,
            context: true,
            first: false,
        });
    }
    for (pi, p) in a.paragraphs.iter().enumerate() {
        let label = if pi == 0 && numbered {
            a.label.clone()
        } else {
            p.label.clone().unwrap_or_default()
        };
        let pkey = if pi == 0 {
            "1".to_string()
        } else {
            p.label.clone().unwrap_or_else(|| p.number.to_string())
        };
        if let Some(c) = &p.caption {
            out.push(Unit {
                key: format!("{pkey}/caption"),
                label: String::new(),
                text: format!("（{c}）"),
                depth: 0,
                context: true,
                first: false,
            });
        }
        out.push(Unit {
            key: pkey.clone(),
            label,
            text: lines_text(&p.lines),
            depth: 0,
            context: false,
            first: pi == 0 && numbered,
        });
        out.extend(table_units(&p.tables, &pkey, 1));
        let mut path: Vec<String> = Vec::new();
        for item in &p.items {
            path.truncate(item.depth);
            path.push(item.marker.clone());
            out.push(item_unit(item, &pkey, &path));
            let key = format!("{pkey}/{}", path.join("/"));
            out.extend(table_units(&item.tables, &key, item.depth + 2));
        }
    }
    out
}

/// Each row of a table as a line of its own: its cells' text, set apart
/// by ｜ (a changed cell is then one row of the 新旧対照表).
fn table_units(tables: &[Table], key: &str, depth: usize) -> Vec<Unit> {
    let mut out = Vec::new();
    for (ti, t) in tables.iter().enumerate() {
        for (ri, row) in t.rows.iter().enumerate() {
            let cells: Vec<String> = row
                .iter()
                .map(|c| lines_text(&c.lines).replace('\n', "　"))
                .collect();
            out.push(Unit {
                key: format!("{key}/表{}/{}", ti + 1, ri + 1),
                label: String::new(),
                text: format!("｜{}｜", cells.join("｜")),
                depth,
                context: false,
                first: false,
            });
        }
    }
    out
}

fn item_unit(item: &Item, pkey: &str, path: &[String]) -> Unit {
    Unit {
        key: format!("{pkey}/{}", path.join("/")),
        label: item.marker.clone(),
        text: lines_text(&item.lines),
        depth: item.depth + 1,
        context: false,
        first: false,
    }
}

/// An element of a scope: an article or a heading, with its units.
struct Element {
    kind: RowKind,
    label: String,
    anchor: String,
    /// Everything but the label, for finding the same text elsewhere.
    content: String,
    units: Vec<Unit>,
}

fn elements(blocks: &[Block]) -> Vec<Element> {
    blocks
        .iter()
        .map(|b| match b {
            Block::Heading {
                label,
                title,
                anchor,
                ..
            } => Element {
                kind: RowKind::Heading,
                label: label.clone(),
                anchor: anchor.clone(),
                content: format!("H\u{1}{title}"),
                units: vec![Unit {
                    key: "heading".into(),
                    label: label.clone(),
                    text: title.clone(),
                    depth: 0,
                    context: false,
                    first: true,
                }],
            },
            Block::Article(a) => {
                let units = units(a);
                let content = std::iter::once("A".to_string())
                    .chain(
                        units
                            .iter()
                            .map(|u| if u.first { u.text.clone() } else { u.display() }),
                    )
                    .collect::<Vec<_>>()
                    .join("\u{1}");
                Element {
                    kind: RowKind::Article,
                    label: a.label.clone(),
                    anchor: a.anchor.clone(),
                    content,
                    units,
                }
            }
        })
        .collect()
}

fn scope_rows(old: &[Block], new: &[Block]) -> Vec<Row> {
    let (oe, ne) = (elements(old), elements(new));
    let parts = |es: &[Element]| -> Vec<(String, String)> {
        es.iter()
            .map(|e| (e.label.clone(), e.content.clone()))
            .collect()
    };
    let (op, np) = (parts(&oe), parts(&ne));
    let (oparts, nparts) = (as_parts(&op), as_parts(&np));
    let mut rows = Vec::new();
    for pair in align::align(&oparts, &nparts) {
        let row = match pair {
            Pair::Same(i, j) if oe[i].label == ne[j].label => continue,
            Pair::Same(i, j) => {
                // The renumbered label; the text is the same, left out.
                let (o, n) = (&oe[i], &ne[j]);
                let d = inline::diff(&o.label, &n.label);
                let rest = match (o.kind, n.units.first()) {
                    (RowKind::Heading, Some(u)) => u.text.clone(),
                    _ => "（略）".to_string(),
                };
                let lines = vec![Line {
                    new: Some(with_label(&d.new, &rest)),
                    old: Some(with_label(&d.old, &rest)),
                    elided: o.kind == RowKind::Article,
                    depth: 0,
                }];
                row(o.kind, Change::Renumbered, Some(o), Some(n), lines)
            }
            Pair::Changed(i, j) => {
                let (o, n) = (&oe[i], &ne[j]);
                let lines = changed_lines(&o.units, &n.units);
                row(o.kind, Change::Changed, Some(o), Some(n), lines)
            }
            Pair::Deleted(i) => {
                let o = &oe[i];
                let lines = o
                    .units
                    .iter()
                    .map(|u| Line {
                        new: None,
                        old: Some(inline::whole(&u.display())),
                        elided: false,
                        depth: u.depth,
                    })
                    .collect();
                row(o.kind, Change::Deleted, Some(o), None, lines)
            }
            Pair::Added(j) => {
                let n = &ne[j];
                let lines = n
                    .units
                    .iter()
                    .map(|u| Line {
                        new: Some(inline::whole(&u.display())),
                        old: None,
                        elided: false,
                        depth: u.depth,
                    })
                    .collect();
                row(n.kind, Change::Added, None, Some(n), lines)
            }
        };
        rows.push(row);
    }
    rows
}

fn as_parts(v: &[(String, String)]) -> Vec<Part<'_>> {
    v.iter()
        .map(|(label, content)| Part { label, content })
        .collect()
}

/// The renumbered label's spans followed by the unchanged text.
fn with_label(label: &[Span], text: &str) -> Vec<Span> {
    let mut v = label.to_vec();
    v.push(Span {
        text: format!("　{text}"),
        changed: false,
    });
    v
}

fn row(
    kind: RowKind,
    change: Change,
    old: Option<&Element>,
    new: Option<&Element>,
    lines: Vec<Line>,
) -> Row {
    Row {
        kind,
        change,
        old_label: old.map(|e| e.label.clone()).filter(|l| !l.is_empty()),
        new_label: new.map(|e| e.label.clone()).filter(|l| !l.is_empty()),
        old_anchor: old.map(|e| e.anchor.clone()),
        new_anchor: new.map(|e| e.anchor.clone()),
        lines,
    }
}

/// A changed article's lines: changed 項 and 号 in full with the changes
/// marked, added and removed ones on their side, unchanged runs as （略）.
fn changed_lines(old: &[Unit], new: &[Unit]) -> Vec<Line> {
    // Content without the label: a 号 renumbered from 十 to 十一 is the
    // same 号, shown with its number underlined.
    let key_parts = |us: &[Unit]| -> Vec<(String, String)> {
        us.iter()
            .map(|u| (u.key.clone(), format!("{}\u{1}{}", u.depth, u.text)))
            .collect()
    };
    let (ok, nk) = (key_parts(old), key_parts(new));
    let (op, np) = (as_parts(&ok), as_parts(&nk));
    let mut lines: Vec<Line> = Vec::new();
    // The labels of the run of unchanged units being left out.
    let mut run: Vec<(&Unit, &Unit)> = Vec::new();
    let flush = |lines: &mut Vec<Line>, run: &mut Vec<(&Unit, &Unit)>| {
        if let Some(line) = elided_line(run) {
            lines.push(line);
        }
        run.clear();
    };
    for pair in align::align(&op, &np) {
        match pair {
            Pair::Same(i, j) if old[i].display() == new[j].display() => {
                if old[i].context {
                    flush(&mut lines, &mut run);
                    lines.push(Line {
                        new: Some(inline::plain(&new[j].display())),
                        old: Some(inline::plain(&old[i].display())),
                        elided: false,
                        depth: new[j].depth,
                    });
                } else {
                    // A run of 項 and a run of 号 are left out separately,
                    // and the article's own first line alone: 第五条　（略）.
                    if run
                        .last()
                        .is_some_and(|(u, _)| u.first || (u.depth == 0) != (old[i].depth == 0))
                    {
                        flush(&mut lines, &mut run);
                    }
                    run.push((&old[i], &new[j]));
                }
            }
            Pair::Same(i, j) | Pair::Changed(i, j) => {
                flush(&mut lines, &mut run);
                let d = inline::diff(&old[i].display(), &new[j].display());
                lines.push(Line {
                    new: Some(d.new),
                    old: Some(d.old),
                    elided: false,
                    depth: new[j].depth,
                });
            }
            Pair::Deleted(i) => {
                flush(&mut lines, &mut run);
                lines.push(Line {
                    new: None,
                    old: Some(inline::whole(&old[i].display())),
                    elided: false,
                    depth: old[i].depth,
                });
            }
            Pair::Added(j) => {
                flush(&mut lines, &mut run);
                lines.push(Line {
                    new: Some(inline::whole(&new[j].display())),
                    old: None,
                    elided: false,
                    depth: new[j].depth,
                });
            }
        }
    }
    flush(&mut lines, &mut run);
    lines
}

/// 第五条　（略）, ２　（略）, ２～４　（略）: a run of unchanged units.
fn elided_line(run: &[(&Unit, &Unit)]) -> Option<Line> {
    // Named by the outermost level in the run: (1)～(2), not (1)～⑤.
    let depth = run.iter().map(|(o, _)| o.depth).min()?;
    let labels: Vec<&str> = run
        .iter()
        .filter(|(o, _)| o.depth == depth)
        .map(|(o, _)| o.label.as_str())
        .collect();
    let labels: Vec<&str> = labels.into_iter().filter(|l| !l.is_empty()).collect();
    let label = match labels.as_slice() {
        [] => String::new(),
        [one] => (*one).to_string(),
        [a, .., b] => format!("{a}～{b}"),
    };
    let text = if label.is_empty() {
        "（略）".to_string()
    } else {
        format!("{label}　（略）")
    };
    Some(Line {
        new: Some(inline::plain(&text)),
        old: Some(inline::plain(&text)),
        elided: true,
        depth,
    })
}

#[cfg(test)]
mod tests;
