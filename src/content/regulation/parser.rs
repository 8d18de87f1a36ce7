//! The regulation parser: the printed layout of a body (章・節 headings,
//! `（見出し）`, 第N条, 項 numbers, 号 markers, 附則, or numbered sections)
//! assembled into the model, with anchors and duplicate-number checks.

use super::{Article, ArticleKind, Block, Body, Item, Paragraph, Supplement, TextLine};
use crate::content::structure::{
    ArticleNumber, LineKind, MarkerKind, Style, alternative_katakana, classify, trim_indent,
};
use crate::diag::Diagnostic;
use crate::source::SourceFile;

/// 1-based character column of `part`, a slice of `line`, within `line`.
fn column_of(line: &str, part: &str) -> usize {
    let offset = (part.as_ptr() as usize)
        .checked_sub(line.as_ptr() as usize)
        .filter(|&o| o <= line.len() && line.is_char_boundary(o))
        .unwrap_or(line.len());
    line[..offset].chars().count() + 1
}

/// Reads a body. `first_line` is the file line of the body's first line.
pub fn parse_body(file: &SourceFile, body: &str, first_line: usize) -> (Body, Vec<Diagnostic>) {
    let raw: Vec<&str> = body.lines().collect();
    let style = if raw
        .iter()
        .any(|l| matches!(classify(l, Style::Articles), LineKind::Article { .. }))
    {
        Style::Articles
    } else {
        Style::Sections
    };
    let kinds: Vec<LineKind> = raw.iter().map(|l| classify(l, style)).collect();
    // Whether the next non-blank line after each line is an article, from
    // the end in one pass (looking ahead from every line was quadratic in a
    // run of blank lines).
    let mut next_is_article = vec![false; kinds.len()];
    let mut article_ahead = false;
    for (i, kind) in kinds.iter().enumerate().rev() {
        next_is_article[i] = article_ahead;
        if *kind != LineKind::Blank {
            article_ahead = matches!(kind, LineKind::Article { .. });
        }
    }
    let mut b = Builder::new(style);
    for (i, kind) in kinds.iter().enumerate() {
        let line = first_line + i;
        let column = column_of(raw[i], trim_indent(raw[i]));
        b.line(file, kind.clone(), line, column, next_is_article[i], raw[i]);
    }
    b.finish()
}

struct Builder {
    style: Style,
    preamble: Vec<TextLine>,
    blocks: Vec<Block>,
    supplements: Vec<Supplement>,
    pending_caption: Option<String>,
    items: Vec<(MarkerKind, u32)>,
    after_blank: bool,
    in_toc: bool,
    last_section: u32,
    /// The line each article number of the current scope (the main
    /// provisions or the latest 附則) first appears on.
    first_lines: std::collections::HashMap<ArticleNumber, usize>,
    diags: Vec<Diagnostic>,
}

const BULLETS: [char; 8] = ['●', '○', '・', '※', '■', '◆', '◎', '□'];

impl Builder {
    fn new(style: Style) -> Self {
        Builder {
            style,
            preamble: Vec::new(),
            blocks: Vec::new(),
            supplements: Vec::new(),
            pending_caption: None,
            items: Vec::new(),
            after_blank: false,
            in_toc: false,
            last_section: 0,
            first_lines: std::collections::HashMap::new(),
            diags: Vec::new(),
        }
    }

    fn scope(&mut self) -> &mut Vec<Block> {
        match self.supplements.last_mut() {
            Some(s) => &mut s.blocks,
            None => &mut self.blocks,
        }
    }

    fn current_article(&mut self) -> Option<&mut Article> {
        match self.scope().last_mut() {
            Some(Block::Article(a)) => Some(a),
            _ => None,
        }
    }

    fn push_article(&mut self, kind: ArticleKind, label: &str, line: usize) -> &mut Article {
        self.items.clear();
        let caption = self.pending_caption.take();
        let article = Article {
            kind,
            label: label.to_string(),
            title: None,
            caption,
            anchor: String::new(),
            line,
            paragraphs: vec![Paragraph {
                number: 1,
                label: None,
                anchor: String::new(),
                lines: Vec::new(),
                items: Vec::new(),
            }],
        };
        self.scope().push(Block::Article(article));
        match self.scope().last_mut() {
            Some(Block::Article(a)) => a,
            _ => unreachable!("an article was just pushed"),
        }
    }

    /// The article that free text and items attach to, made on demand.
    fn article_for_text(&mut self, line: usize) -> &mut Article {
        if self.current_article().is_none() {
            self.push_article(ArticleKind::Unnumbered, "", line);
        }
        match self.scope().last_mut() {
            Some(Block::Article(a)) => a,
            _ => unreachable!("ensured above"),
        }
    }

    fn line(
        &mut self,
        file: &SourceFile,
        kind: LineKind,
        line: usize,
        column: usize,
        next_is_article: bool,
        raw: &str,
    ) {
        if self.in_toc {
            if kind == LineKind::Blank {
                self.in_toc = false;
                self.after_blank = true;
            }
            return;
        }
        match kind {
            LineKind::Blank => {
                self.after_blank = true;
                return;
            }
            LineKind::TocStart if self.blocks.is_empty() => self.in_toc = true,
            LineKind::Heading {
                level,
                label,
                title,
            } => {
                self.items.clear();
                self.scope().push(Block::Heading {
                    level,
                    label: label.to_string(),
                    title: title.to_string(),
                    anchor: String::new(),
                    line,
                });
            }
            LineKind::Supplementary(note) => {
                self.items.clear();
                self.pending_caption = None;
                self.first_lines.clear();
                self.supplements.push(Supplement {
                    note: note.to_string(),
                    anchor: String::new(),
                    line,
                    blocks: Vec::new(),
                });
            }
            LineKind::CaptionCandidate(c) if next_is_article => {
                self.pending_caption = Some(c.to_string());
            }
            LineKind::Article {
                number,
                label,
                text,
            } => {
                // A map, not a search of the scope: that was quadratic in
                // the number of articles.
                let first = *self.first_lines.entry(number.clone()).or_insert(line);
                if first != line {
                    self.diags.push(
                        file.error_at(
                            "E021",
                            line,
                            column,
                            format!(
                                "{} appears twice in this regulation (first on line {first})",
                                number.label()
                            ),
                        )
                        .help("renumber one of them; every article needs its own number"),
                    );
                }
                let text_col = column_of(raw, text);
                let a = self.push_article(ArticleKind::Article(number), label, line);
                if !text.is_empty() {
                    a.paragraphs[0]
                        .lines
                        .push(TextLine::new(text, line, text_col));
                }
            }
            LineKind::ParagraphCandidate {
                number,
                label,
                text,
            } => {
                let accepted = match self.current_article() {
                    Some(a) => {
                        let last = a.paragraphs.last().map_or(0, |p| p.number);
                        let fresh = a.paragraphs.len() == 1 && a.paragraphs[0].lines.is_empty();
                        (number == last + 1) || (fresh && number == 1)
                    }
                    None => number == 1,
                };
                if !accepted {
                    return self.text(raw.trim(), line, column);
                }
                self.items.clear();
                let text_col = column_of(raw, text);
                let a = self.article_for_text(line);
                let p = Paragraph {
                    number,
                    label: Some(label.to_string()),
                    anchor: String::new(),
                    lines: vec![TextLine::new(text, line, text_col)],
                    items: Vec::new(),
                };
                if number == 1 {
                    a.paragraphs[0] = p;
                } else {
                    a.paragraphs.push(p);
                }
            }
            LineKind::SectionCandidate {
                number,
                label,
                title,
            } => {
                // The first number may be anything (4294967295. too): the
                // next one is counted without overflowing.
                let accepted = match number {
                    Some(n) => {
                        self.last_section == 0 || self.last_section.checked_add(1) == Some(n)
                    }
                    None => true,
                };
                if !accepted || !self.supplements.is_empty() {
                    return self.text(raw.trim(), line, column);
                }
                self.last_section = number.unwrap_or(self.last_section.saturating_add(1));
                let a = self.push_article(ArticleKind::Section(number), label, line);
                a.title = Some(title.to_string());
            }
            LineKind::ItemCandidate {
                kind,
                number,
                marker,
                text,
            } => {
                let mut readings = vec![(kind, number)];
                if kind == MarkerKind::Iroha {
                    readings.extend(alternative_katakana(marker));
                }
                // A reading that continues the current list wins over one
                // that opens a new level (ア イ ウ: イ is the second of
                // アイウ here, not the first of イロハ).
                let placed = readings
                    .iter()
                    .find_map(|&(k, n)| self.place_item(k, n, true))
                    .or_else(|| {
                        readings
                            .iter()
                            .find_map(|&(k, n)| self.place_item(k, n, false))
                    });
                let Some((depth, kind, number)) = placed else {
                    return self.text(raw.trim(), line, column);
                };
                self.items.truncate(depth);
                self.items.push((kind, number));
                let text_col = column_of(raw, text);
                let a = self.article_for_text(line);
                if let Some(p) = a.paragraphs.last_mut() {
                    p.items.push(Item {
                        depth,
                        marker: marker.to_string(),
                        number,
                        anchor: None,
                        lines: vec![TextLine::new(text, line, text_col)],
                    });
                }
            }
            LineKind::TocStart | LineKind::CaptionCandidate(_) | LineKind::Text(_) => {
                return self.text(raw.trim(), line, column);
            }
        }
        self.after_blank = false;
    }

    /// Where an item marker fits the current list: a next sibling at some
    /// level, or the first item of a new, deeper level.
    fn place_item(
        &self,
        kind: MarkerKind,
        number: u32,
        sibling: bool,
    ) -> Option<(usize, MarkerKind, u32)> {
        match self.items.iter().position(|(k, _)| *k == kind) {
            Some(level) if sibling => {
                (self.items[level].1 + 1 == number).then_some((level, kind, number))
            }
            None if !sibling => (number == 1).then_some((self.items.len(), kind, number)),
            _ => None,
        }
    }

    fn text(&mut self, text: &str, line: usize, column: usize) {
        let text = text.strip_prefix(":enact-statement:").unwrap_or(text);
        let new_line = self.after_blank || text.starts_with(BULLETS);
        self.after_blank = false;
        let outside = self.current_article().is_none()
            && self.supplements.is_empty()
            && self.blocks.is_empty();
        if outside {
            match self.preamble.last_mut() {
                Some(last) if !new_line => last.join(text, line, column),
                _ => self.preamble.push(TextLine::new(text, line, column)),
            }
            return;
        }
        let a = self.article_for_text(line);
        let Some(p) = a.paragraphs.last_mut() else {
            return;
        };
        let lines = match p.items.last_mut() {
            Some(item) => &mut item.lines,
            None => &mut p.lines,
        };
        match lines.last_mut() {
            Some(last) if !new_line => last.join(text, line, column),
            _ => lines.push(TextLine::new(text, line, column)),
        }
        // An indented `- ` line is a later cell of a 読替え table row.
        if column > 1
            && text.starts_with("- ")
            && let Some(last) = lines.last_mut()
        {
            let start = last.origins.last().map_or(0, |o| o.0);
            last.quoted.push(start..last.text.len());
        }
    }

    fn finish(mut self) -> (Body, Vec<Diagnostic>) {
        assign_anchors(&mut self.blocks, "");
        for (i, s) in self.supplements.iter_mut().enumerate() {
            s.anchor = format!("suppl-{}", i + 1);
            let prefix = format!("{}-", s.anchor);
            assign_anchors(&mut s.blocks, &prefix);
        }
        let body = Body {
            style: self.style,
            preamble: self.preamble,
            blocks: self.blocks,
            supplements: self.supplements,
        };
        (body, self.diags)
    }
}

fn heading_numbers(label: &str) -> String {
    // 第二章の二 → 2-2
    label
        .trim_start_matches('第')
        .split(['章', '節', '款', '目', 'の'])
        .filter_map(crate::content::numerals::parse_number)
        .map(|n| n.to_string())
        .collect::<Vec<_>>()
        .join("-")
}

fn assign_anchors(blocks: &mut [Block], prefix: &str) {
    let mut seen = std::collections::HashSet::new();
    // Per base, the suffix to try next: every smaller one is taken, so
    // 50,000 headings of the same name do not each count up from -2.
    let mut next = std::collections::HashMap::new();
    let mut unique = |base: String| {
        let mut anchor = base.clone();
        let n = next.entry(base.clone()).or_insert(2u32);
        while !seen.insert(anchor.clone()) {
            anchor = format!("{base}-{n}");
            *n += 1;
        }
        anchor
    };
    let mut path: Vec<String> = Vec::new();
    let mut text_blocks = 0;
    for block in blocks.iter_mut() {
        match block {
            Block::Heading {
                level,
                label,
                anchor,
                ..
            } => {
                let kind = ["chap", "sec", "subsec", "div"][(*level as usize - 1).min(3)];
                path.truncate(*level as usize - 1);
                path.push(format!("{kind}-{}", heading_numbers(label)));
                *anchor = unique(format!("{prefix}{}", path.join("-")));
            }
            Block::Article(a) => {
                let base = match &a.kind {
                    ArticleKind::Article(n) => n.anchor(),
                    ArticleKind::Section(Some(n)) => format!("sec-{n}"),
                    ArticleKind::Section(None) | ArticleKind::Unnumbered => {
                        text_blocks += 1;
                        format!("text-{text_blocks}")
                    }
                };
                a.anchor = unique(format!("{prefix}{base}"));
                let section = matches!(a.kind, ArticleKind::Section(_));
                for p in &mut a.paragraphs {
                    p.anchor = format!("{}-p{}", a.anchor, p.number);
                    for item in p.items.iter_mut().filter(|i| i.depth == 0) {
                        item.anchor = Some(if section {
                            format!("{}-{}", a.anchor, item.number)
                        } else {
                            format!("{}-i{}", p.anchor, item.number)
                        });
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::regulation::articles_of;

    fn parse(body: &str) -> (Body, Vec<Diagnostic>) {
        let file = SourceFile::new("r.md".into(), "r.md".into(), body.into());
        parse_body(&file, body, 1)
    }

    fn articles(body: &Body) -> Vec<&Article> {
        body.articles().collect()
    }

    const PRINTED: &str = "第１章　総則\n\n（目的）\n第１条　この規程は、情報\nを守る。\n２．前項の規定は、\n一　職員\n二　委託先\n  イ　保守業者\n  ロ　清掃業者\n三　来訪者\n\n第２章　体制\n第１節　責任者\n（責任者）\n第十二条の二　責任者を置く。\n\n附　則\n（施行期日）\n第一条　この規程は、令和７年４月１日から施行する。\n附　則　（令和８年規程第３号）　抄\n１　この規程は、公布の日から施行する。\n２　経過措置は別に定める。\n";

    #[test]
    fn printed_structure_is_recognised() {
        let (body, diags) = parse(PRINTED);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(body.style, Style::Articles);
        let arts = articles(&body);
        assert_eq!(arts.len(), 2);
        let a1 = arts[0];
        assert_eq!(a1.anchor, "art-1");
        assert_eq!(a1.caption.as_deref(), Some("目的"));
        // The hard-wrapped line is joined without a space.
        assert_eq!(a1.paragraphs[0].lines[0].text, "この規程は、情報を守る。");
        assert_eq!(a1.paragraphs.len(), 2);
        let p2 = &a1.paragraphs[1];
        assert_eq!(p2.anchor, "art-1-p2");
        let items: Vec<(usize, &str)> = p2
            .items
            .iter()
            .map(|i| (i.depth, i.marker.as_str()))
            .collect();
        assert_eq!(
            items,
            vec![(0, "一"), (0, "二"), (1, "イ"), (1, "ロ"), (0, "三")]
        );
        assert_eq!(arts[1].anchor, "art-12-2");
        assert_eq!(arts[1].caption.as_deref(), Some("責任者"));
        let headings: Vec<String> = body
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading { anchor, .. } => Some(anchor.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(headings, vec!["chap-1", "chap-2", "chap-2-sec-1"]);
    }

    #[test]
    fn supplementary_provisions_are_kept_apart() {
        let (body, _) = parse(PRINTED);
        assert_eq!(body.supplements.len(), 2);
        let s1: Vec<&Article> = articles_of(&body.supplements[0].blocks).collect();
        assert_eq!(s1.len(), 1);
        assert_eq!(s1[0].anchor, "suppl-1-art-1");
        assert_eq!(s1[0].caption.as_deref(), Some("施行期日"));
        assert_eq!(body.supplements[1].note, "（令和８年規程第３号）　抄");
        let s2: Vec<&Article> = articles_of(&body.supplements[1].blocks).collect();
        assert_eq!(s2.len(), 1);
        assert_eq!(s2[0].paragraphs.len(), 2, "{:?}", s2[0].paragraphs);
        // 附則 articles never count as the main provisions' 第1条.
        assert_eq!(articles(&body).len(), 2);
    }

    #[test]
    fn out_of_sequence_markers_are_text() {
        // "３　" after 第1条 with no ２ is not a 項; "五　" with no 一 is not a 号.
        let (body, _) = parse("第１条　本文\n３　続き\n五　続き\n");
        let a = articles(&body)[0];
        assert_eq!(a.paragraphs.len(), 1);
        assert!(a.paragraphs[0].items.is_empty());
        assert_eq!(a.paragraphs[0].lines[0].text, "本文３　続き五　続き");
    }

    #[test]
    fn duplicate_article_numbers_are_reported() {
        let (_, diags) = parse("第１条　一\n第1条　二\n");
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, "E021");
        assert_eq!((diags[0].line, diags[0].column), (2, 1));
    }

    #[test]
    fn section_style_with_nested_items_and_bullets() {
        let body = "1. 目的\n本文。\n\n下記をいう。\n① 甲\n② 乙\n2. 対処\n(1) 報告する。\nア　大\n●報告先：甲\nイ　中\nウ　小\n(2) 記録する。\n";
        let (body, _) = parse(body);
        assert_eq!(body.style, Style::Sections);
        let arts = articles(&body);
        assert_eq!(arts.len(), 2);
        assert_eq!(arts[0].title.as_deref(), Some("目的"));
        assert_eq!(arts[0].paragraphs[0].lines.len(), 2);
        let items: Vec<(usize, &str)> = arts[1].paragraphs[0]
            .items
            .iter()
            .map(|i| (i.depth, i.marker.as_str()))
            .collect();
        assert_eq!(
            items,
            vec![(0, "(1)"), (1, "ア"), (1, "イ"), (1, "ウ"), (0, "(2)")]
        );
        assert_eq!(
            arts[1].paragraphs[0].items[1].lines.len(),
            2,
            "● starts a new line"
        );
        assert_eq!(
            arts[1].paragraphs[0].items[0].anchor.as_deref(),
            Some("sec-2-1")
        );
    }

    #[test]
    fn a_huge_section_number_does_not_overflow() {
        // The first section number may be u32::MAX; the next section
        // (numbered or a `## ` heading) used to add 1 to it and panic.
        let (body, _) = parse("4294967295. 甲\n## 乙\n4294967295. 丙\n1. 丁\n");
        let titles: Vec<_> = articles(&body)
            .iter()
            .map(|a| a.title.as_deref().unwrap_or(""))
            .collect();
        assert_eq!(titles, ["甲", "乙"]);
    }

    #[test]
    fn many_blank_lines_take_linear_time() {
        // Every line used to look ahead through all the blank lines after it.
        let body = format!(
            "第１条　甲\n{}（見出し）\n\n第２条　乙\n",
            "\n".repeat(200_000)
        );
        let start = std::time::Instant::now();
        let (body, _) = parse(&body);
        assert!(start.elapsed().as_secs() < 5, "{:?}", start.elapsed());
        let arts = articles(&body);
        assert_eq!(arts.len(), 2);
        assert_eq!(arts[1].caption.as_deref(), Some("見出し"));
    }

    #[test]
    fn many_headings_of_one_name_get_anchors_in_linear_time() {
        let (body, _) = parse(&"第一章　総則\n".repeat(50_000));
        let anchors: Vec<&str> = body
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading { anchor, .. } => Some(anchor.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(anchors.len(), 50_000);
        assert_eq!(anchors[..3], ["chap-1", "chap-1-2", "chap-1-3"]);
        assert_eq!(anchors[49_999], "chap-1-50000");
    }

    #[test]
    fn many_duplicate_articles_are_reported_in_linear_time() {
        let body = format!("{}附則\n第1条　x\n", "第1条　x\n".repeat(50_000));
        let start = std::time::Instant::now();
        let (body, diags) = parse(&body);
        assert!(start.elapsed().as_secs() < 10, "{:?}", start.elapsed());
        assert_eq!(articles(&body).len(), 50_000);
        // Each repeat is reported against line 1; the 附則's 第1条 is its own.
        assert_eq!(diags.len(), 49_999);
        assert!(diags.iter().all(|d| d.message.contains("first on line 1")));
    }

    #[test]
    fn positions_point_into_joined_lines() {
        let (body, _) = parse("第１条　あいう\nえお第２条\n");
        let line = &articles(&body)[0].paragraphs[0].lines[0];
        let offset = line.text.find("第２条").unwrap();
        assert_eq!(line.position(offset), (2, 3));
    }
}
