//! What an import found, counted from the regulation parser's own reading
//! of the imported text (so the report says what `build` will show), and
//! the report printed for the person importing, in Japanese.

use std::collections::HashSet;
use std::fmt::Write as _;

use super::{Note, NoteKind, Origin, Piece, Report};
use crate::content::date::wareki;
use crate::content::regulation::{self, ArticleKind, Block, articles_of};
use crate::content::structure::{LineKind, Style, classify};
use crate::source::SourceFile;

/// The structure of the imported regulation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counts {
    pub style: Style,
    /// 章.
    pub chapters: usize,
    /// 節, 款, 目.
    pub subheadings: usize,
    /// 条 of the main provisions.
    pub articles: usize,
    /// 条 with a （見出し）.
    pub captions: usize,
    /// 項 of the main provisions' articles (the first, unnumbered one too).
    pub paragraphs: usize,
    /// 項 printed with a number (２, ３ …).
    pub numbered_paragraphs: usize,
    /// 号 and deeper levels, in the main provisions.
    pub items: usize,
    /// Numbered sections (section style).
    pub sections: usize,
    /// 附則 blocks.
    pub supplements: usize,
    /// Lines before the first article or section.
    pub preamble: usize,
}

/// Counts the imported text as the parser reads it, and notes every
/// piece read as structure here that the parser did not place.
pub fn count(
    source_text: &str,
    id: &str,
    rel: &str,
    body_first_line: usize,
    line_map: &[Option<usize>],
    body: &[Piece],
) -> (Counts, Vec<Note>) {
    let file = SourceFile::new(rel.into(), rel.into(), source_text.to_string());
    let mut diags = Vec::new();
    let reg = regulation::load(&file, id, &mut diags);
    let b = &reg.body;
    let mut c = Counts {
        style: b.style,
        chapters: 0,
        subheadings: 0,
        articles: 0,
        captions: 0,
        paragraphs: 0,
        numbered_paragraphs: 0,
        items: 0,
        sections: 0,
        supplements: b.supplements.len(),
        preamble: b.preamble.len(),
    };
    let mut placed: HashSet<usize> = HashSet::new();
    for s in &b.supplements {
        placed.insert(s.line);
    }
    for a in b.all_appendices() {
        placed.insert(a.line);
    }
    for (blocks, supplementary) in b.scopes() {
        for block in blocks {
            match block {
                Block::Heading { level, line, .. } => {
                    placed.insert(*line);
                    if !supplementary {
                        if *level == 1 {
                            c.chapters += 1;
                        } else {
                            c.subheadings += 1;
                        }
                    }
                }
                Block::Article(a) => {
                    placed.insert(a.line);
                    for p in &a.paragraphs {
                        if p.label.is_some()
                            && let Some(first) = p.lines.first().map(|l| l.start)
                        {
                            placed.insert(first.0);
                        }
                        for i in &p.items {
                            if let Some(first) = i.lines.first().map(|l| l.start) {
                                placed.insert(first.0);
                            }
                        }
                    }
                }
            }
        }
    }
    for a in articles_of(&b.blocks) {
        match a.kind {
            ArticleKind::Article(_) => {
                c.articles += 1;
                c.captions += usize::from(a.caption.is_some());
                c.paragraphs += a.paragraphs.len();
                c.numbered_paragraphs += a.paragraphs.iter().filter(|p| p.label.is_some()).count();
            }
            ArticleKind::Section(_) => c.sections += 1,
            ArticleKind::Unnumbered => {}
        }
        c.items += a.paragraphs.iter().map(|p| p.items.len()).sum::<usize>();
    }
    let mut notes = Vec::new();
    for (k, piece) in body.iter().enumerate() {
        let is_caption = matches!(
            classify(&piece.text, b.style),
            LineKind::CaptionCandidate(_)
        );
        if !piece.structural || piece.table.is_some() || is_caption {
            continue;
        }
        let Some(idx) = line_map.iter().position(|m| *m == Some(k)) else {
            continue;
        };
        if !placed.contains(&(body_first_line + idx)) {
            notes.push(Note::new(
                NoteKind::Check,
                Some(piece.at),
                format!(
                    "「{}」を条・項・号として読めず、本文の行になりました。番号と前後の行を確かめてください",
                    piece.text.chars().take(20).collect::<String>()
                ),
            ));
        }
    }
    (c, notes)
}

fn origin_sort_key(o: Option<Origin>) -> (usize, usize) {
    match o {
        None => (0, 0),
        Some(Origin::Line(n)) => (1, n),
        Some(Origin::Paragraph(n)) => (1, n),
    }
}

fn structure_line(c: &Counts) -> String {
    match c.style {
        Style::Articles => {
            let mut s = format!("条文の形式 — 章 {}", c.chapters);
            if c.subheadings > 0 {
                let _ = write!(s, "、節 {}", c.subheadings);
            }
            let _ = write!(
                s,
                "、条 {}（見出し付き {}）、項 {}（うち番号付き {}）、号 {}",
                c.articles, c.captions, c.paragraphs, c.numbered_paragraphs, c.items
            );
            s
        }
        Style::Sections => format!(
            "番号付きの節の形式（1. 目的 …） — 節 {}、号 {}",
            c.sections, c.items
        ),
    }
}

pub fn render(r: &Report) -> String {
    let mut out = String::new();
    let state = if r.written {
        "書き込みました"
    } else {
        "確認のみ。何も書き込んでいません"
    };
    let _ = writeln!(out, "{} → {}（{state}）", r.source.display(), r.target);
    let _ = writeln!(out, "  読み込み  {}", r.input);
    let _ = writeln!(out, "  題名      {}", r.front.title);
    let _ = writeln!(
        out,
        "  規程番号  {}",
        r.front.number.as_deref().unwrap_or("（なし）")
    );
    if let Some(o) = &r.front.owner {
        let _ = writeln!(out, "  所管      {o}");
    }
    let _ = writeln!(
        out,
        "  施行日    {}（{}）{} — {}",
        wareki(r.front.effective),
        r.front.effective.format("%Y-%m-%d"),
        if r.front.effective_placeholder.is_some() {
            " ※仮の日付"
        } else {
            ""
        },
        r.effective_from
    );
    let _ = writeln!(out, "  構成      {}", structure_line(&r.counts));
    if r.counts.preamble > 0 {
        let _ = writeln!(out, "  前文      {}段落", r.counts.preamble);
    }
    let _ = writeln!(out, "  附則      {}", r.counts.supplements);
    let h = &r.front.history;
    match (h.first(), h.last()) {
        (Some(first), Some(last)) => {
            let _ = writeln!(
                out,
                "  改定履歴  {}件（{}〜{}）",
                h.len(),
                wareki(first.date),
                wareki(last.date)
            );
        }
        _ => {
            let _ = writeln!(out, "  改定履歴  なし");
        }
    }
    for (kind, heading) in [
        (NoteKind::Check, "確認してください"),
        (NoteKind::LeftOut, "規程の本文に入れなかったもの"),
        (NoteKind::Changed, "取り込むときに直したこと"),
        (NoteKind::Dropped, "取り除いた Word の情報"),
    ] {
        let mut notes: Vec<&Note> = r.notes.iter().filter(|n| n.kind == kind).collect();
        if notes.is_empty() {
            continue;
        }
        notes.sort_by_key(|n| origin_sort_key(n.at));
        let _ = writeln!(out, "  {heading}（{}件）:", notes.len());
        for n in notes {
            let at = match (n.at, n.to) {
                (Some(a), Some(b)) => format!("{a}〜{b}: "),
                (Some(a), None) => format!("{a}: "),
                _ => String::new(),
            };
            let _ = writeln!(out, "    - {at}{}", n.text);
        }
    }
    if !r.diagnostics.is_empty() {
        let errors = r.diagnostics.iter().filter(|d| d.is_error()).count();
        let _ = writeln!(
            out,
            "  handbook check の結果（エラー {errors}件、警告 {}件）。{} を直してください:",
            r.diagnostics.len() - errors,
            r.target
        );
        for d in &r.diagnostics {
            for line in d.render().lines() {
                let _ = writeln!(out, "    {line}");
            }
        }
    }
    out
}
