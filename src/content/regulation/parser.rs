//! The regulation parser: the printed layout of a body (章・節 headings,
//! `（見出し）`, 第N条, 項 numbers, 号 markers, 附則, 別表, tables, or
//! numbered sections) assembled into the model, with anchors and
//! duplicate-number checks. Lines are classified in `structure`; here
//! each kind of line has its method on [`Builder`].

use std::collections::{HashMap, HashSet};

use super::{
    Appendix, Article, ArticleKind, Block, Body, Cell, Item, Paragraph, Supplement, Table, TextLine,
};
use crate::content::markdown::decode_entities;
use crate::content::numerals::to_kanji;
use crate::content::structure::{
    ArticleNumber, ItemLevels, LineKind, MarkerKind, Style, between, classify, trim_indent,
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

/// How far a line is indented: a half-width space 1, a full-width one 2.
fn indent_width(raw: &str) -> usize {
    raw.chars()
        .take_while(|c| matches!(c, ' ' | '\u{3000}' | '\t'))
        .map(|c| if c == ' ' { 1 } else { 2 })
        .sum()
}

/// One source line, with what the parser needs to know around it.
struct Line<'a> {
    kind: LineKind<'a>,
    raw: &'a str,
    /// File line.
    number: usize,
    /// Column of the first non-blank character.
    column: usize,
    next_is_article: bool,
    /// The next non-blank line, if any.
    next: Option<&'a str>,
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
    // What follows each line (the next non-blank one, and whether it is an
    // article), from the end in one pass: looking ahead from every line
    // was quadratic in a run of blank lines.
    let mut next_is_article = vec![false; kinds.len()];
    let mut next = vec![None; kinds.len()];
    let mut ahead: Option<usize> = None;
    for (i, kind) in kinds.iter().enumerate().rev() {
        next_is_article[i] = ahead.is_some_and(|j| matches!(kinds[j], LineKind::Article { .. }));
        next[i] = ahead;
        if *kind != LineKind::Blank {
            ahead = Some(i);
        }
    }
    let mut b = Builder::new(style);
    for (i, kind) in kinds.into_iter().enumerate() {
        let line = Line {
            kind,
            raw: raw[i],
            number: first_line + i,
            column: column_of(raw[i], trim_indent(raw[i])),
            next_is_article: next_is_article[i],
            next: next[i].map(|j| raw[j]),
        };
        b.line(file, line);
    }
    let warnings = std::mem::take(&mut b.warnings);
    let (body, mut diags) = b.finish();
    for mut d in warnings {
        d.file = file.rel.clone();
        let line = d.line;
        diags.push(d.snippet(file.line_text(line)));
    }
    (body, diags)
}

/// A table being read: where its rows start, and how it is written.
#[derive(Clone, Copy, PartialEq)]
enum OpenTable {
    /// e-Gov's export: `* - ` rows at this indentation, `- ` cells deeper.
    Rows(usize),
    /// A Markdown table: `| a | b |` lines.
    Pipes,
}

struct Builder {
    style: Style,
    preamble: Vec<TextLine>,
    blocks: Vec<Block>,
    supplements: Vec<Supplement>,
    /// Appendices as found, each with the 附則 that was open when it began
    /// (an appendix followed by another 附則 was that 附則's).
    appendices: Vec<(Option<usize>, Appendix)>,
    in_appendix: bool,
    pending_caption: Option<String>,
    /// The caption line just read, when the next line is the 項 it names.
    paragraph_caption: Option<String>,
    /// Numbers out of sequence (W006, W007), placed but without their file:
    /// [`parse_body`] gives them that and the line's text.
    warnings: Vec<Diagnostic>,
    /// The highest article number of the main provisions so far, to tell a
    /// gap or a step back in their numbers.
    last_article: Option<ArticleNumber>,
    items: ItemLevels,
    after_blank: bool,
    /// In a pasted table of contents: the headings it listed so far. The
    /// body starts where one of them comes again.
    toc: Option<Toc>,
    table: Option<OpenTable>,
    last_section: u32,
    /// The line each article number of the current scope (the main
    /// provisions or the latest 附則) first appears on.
    first_lines: HashMap<ArticleNumber, usize>,
    /// How many more articles deleted ranges may stand for in this body.
    range_budget: usize,
    diags: Vec<Diagnostic>,
}

/// The most articles the deleted ranges of one body stand for: a crafted
/// file of 第一条から第千条まで lines must not make millions of articles.
const RANGE_BUDGET: usize = 20_000;

/// The headings a pasted 目次 lists, each by its place (第二章第一節 is
/// not 第三章第一節), and the place of the last one.
#[derive(Default)]
struct Toc {
    seen: HashSet<String>,
    path: Vec<(u8, String)>,
}

const BULLETS: [char; 8] = ['●', '○', '・', '※', '■', '◆', '◎', '□'];

impl Builder {
    fn new(style: Style) -> Self {
        Builder {
            style,
            preamble: Vec::new(),
            blocks: Vec::new(),
            supplements: Vec::new(),
            appendices: Vec::new(),
            in_appendix: false,
            pending_caption: None,
            paragraph_caption: None,
            warnings: Vec::new(),
            last_article: None,
            items: ItemLevels::default(),
            after_blank: false,
            toc: None,
            table: None,
            last_section: 0,
            first_lines: HashMap::new(),
            range_budget: RANGE_BUDGET,
            diags: Vec::new(),
        }
    }

    fn scope(&mut self) -> &mut Vec<Block> {
        if self.in_appendix
            && let Some((_, a)) = self.appendices.last_mut()
        {
            return &mut a.blocks;
        }
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
            paragraphs: vec![Paragraph::empty(1)],
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

    /// Where text and tables go: the last item of the current paragraph,
    /// or the paragraph itself.
    fn container(&mut self, line: usize) -> (&mut Vec<TextLine>, &mut Vec<Table>) {
        let a = self.article_for_text(line);
        let p = a
            .paragraphs
            .last_mut()
            .expect("an article has at least one paragraph");
        match p.items.last_mut() {
            Some(item) => (&mut item.lines, &mut item.tables),
            None => (&mut p.lines, &mut p.tables),
        }
    }

    fn line(&mut self, file: &SourceFile, mut l: Line) {
        if self.table.is_some() && self.table_line(&l) {
            return;
        }
        if self.toc.is_some() && self.toc_line(&l) {
            return;
        }
        // An appendix's items are written `# 一　…` in e-Gov's export.
        if self.in_appendix
            && let LineKind::Text(t) = l.kind
            && let Some(rest) = t.strip_prefix("# ")
        {
            l.kind = classify(rest, self.style);
        }
        match l.kind.clone() {
            LineKind::Blank => {
                self.after_blank = true;
                return;
            }
            LineKind::TocStart
                if self.blocks.is_empty() && self.supplements.is_empty() && !self.in_appendix =>
            {
                self.toc = Some(Toc::default());
            }
            LineKind::Heading {
                level,
                label,
                title,
            } => {
                self.in_appendix = false;
                self.items.clear();
                self.scope().push(Block::Heading {
                    level,
                    label: label.to_string(),
                    title: decode_entities(title).into_owned(),
                    anchor: String::new(),
                    line: l.number,
                });
            }
            LineKind::Supplementary(note) => self.supplementary(note, l.number),
            LineKind::CaptionCandidate(c) if l.next_is_article => {
                self.pending_caption = Some(decode_entities(c).into_owned());
            }
            LineKind::CaptionCandidate(c) if self.captions_next_paragraph(&l) => {
                self.paragraph_caption = Some(decode_entities(c).into_owned());
            }
            LineKind::Article {
                number,
                label,
                text,
            } => {
                self.in_appendix = false;
                self.numbered(file, &l, &number);
                self.in_order(&l, &number);
                let text_col = column_of(l.raw, text);
                let a = self.push_article(ArticleKind::Article(number), label, l.number);
                if !text.is_empty() {
                    a.paragraphs[0]
                        .lines
                        .push(TextLine::new(text, l.number, text_col));
                }
            }
            LineKind::DeletedRange {
                numbers,
                through,
                label,
                text,
            } => {
                self.in_appendix = false;
                let numbers = self.expand(numbers, through);
                self.deleted_range(file, &l, numbers, label, text);
            }
            LineKind::Appendix { label, title } => self.appendix(label, title, l.number),
            LineKind::TableRow { header, text } => self.table_start(&l, header, text),
            LineKind::ParagraphCandidate {
                number,
                label,
                text,
            } => return self.paragraph(&l, number, label, text),
            LineKind::SectionCandidate {
                number,
                label,
                title,
            } => return self.section(&l, number, label, title),
            LineKind::ItemCandidate {
                kind,
                number,
                branches,
                marker,
                text,
            } => return self.item(&l, kind, number, &branches, marker, text),
            LineKind::ItemRange {
                number,
                branches,
                last,
                marker,
                text,
            } => return self.item_range(&l, number, &branches, last, marker, text),
            LineKind::TocStart | LineKind::CaptionCandidate(_) | LineKind::Text(_) => {
                return self.text_line(&l);
            }
        }
        self.after_blank = false;
    }

    /// A line inside a pasted 目次: skipped, until the body begins (a
    /// heading the 目次 listed comes again, or an article, a caption or a
    /// sentence). Returns whether the line was the 目次's.
    fn toc_line(&mut self, l: &Line) -> bool {
        let Some(toc) = &mut self.toc else {
            return false;
        };
        let entry = match &l.kind {
            LineKind::Heading { level, label, .. } => {
                toc.path.retain(|(l, _)| l < level);
                toc.path.push((*level, heading_numbers(label)));
                let key: Vec<String> = toc.path.iter().map(|(l, n)| format!("{l}:{n}")).collect();
                Some(key.join("/"))
            }
            LineKind::SectionCandidate { label, title, .. } => Some(format!("{label}{title}")),
            LineKind::Blank
            | LineKind::TocStart
            | LineKind::Supplementary(_)
            | LineKind::Appendix { .. }
            | LineKind::TableRow { .. }
            | LineKind::ParagraphCandidate { .. }
            | LineKind::ItemCandidate { .. } => return true,
            LineKind::Text(t) if !t.contains('。') => return true,
            _ => None,
        };
        if let Some(key) = entry
            && toc.seen.insert(key)
        {
            return true;
        }
        self.toc = None;
        false
    }

    /// A new 第N条 (or one of a deleted range): reported when its number
    /// came before in the same scope.
    fn numbered(&mut self, file: &SourceFile, l: &Line, number: &ArticleNumber) {
        // A map, not a search of the scope: that was quadratic in the
        // number of articles.
        let first = *self.first_lines.entry(number.clone()).or_insert(l.number);
        if first != l.number {
            self.diags.push(
                file.error_at(
                    "E021",
                    l.number,
                    l.column,
                    format!(
                        "{} がこの規程に二度あります（最初は{first}行目）",
                        number.label()
                    ),
                )
                .en(format!(
                    "{} appears twice in this regulation (first on line {first})",
                    number.label()
                ))
                .help("どちらかの番号を直してください。条ごとに別の番号が必要です")
                .help_en("renumber one of them; every article needs its own number"),
            );
        }
    }

    /// A main provision's article whose number steps back or skips (第２条,
    /// 第５条, 第４条): a warning (W007), as an article left out when
    /// pasting shows so. 附則 keep their own numbering, and are often
    /// excerpts.
    fn in_order(&mut self, l: &Line, number: &ArticleNumber) {
        if !self.supplements.is_empty() || self.in_appendix {
            return;
        }

        // A number written twice is E021 already.
        if self.first_lines.get(number).is_some_and(|&f| f != l.number) {
            return;
        }
        // The highest number so far: after a step back, the articles go on
        // from there.
        let Some(last) = self.last_article.clone() else {
            self.last_article = Some(number.clone());
            return;
        };
        if *number > last {
            self.last_article = Some(number.clone());
        }
        let (ja, en) = if *number <= last {
            (
                format!("{}が{}の後にあります", number.label(), last.label()),
                format!("{} comes after {}", number.label(), last.label()),
            )
        } else if number.branches.is_empty() && number.main > last.main.saturating_add(1) {
            let missing = ArticleNumber::new(last.main + 1, &[]);
            (
                format!(
                    "{}の次が{}です（{}がありません）",
                    last.label(),
                    number.label(),
                    missing.label()
                ),
                format!(
                    "{} follows {} ({} is missing)",
                    number.label(),
                    last.label(),
                    missing.label()
                ),
            )
        } else {
            return;
        };
        self.warnings.push(
            Diagnostic::warning("W007", "", ja)
                .en(en)
                .help("条が抜けていないか、番号が正しいかを原本と見比べてください。削除した条は「第３条　削除」のように残すと番号がそろいます")
                .help_en("check against the original whether an article is missing or misnumbered; keep a deleted article as 「第３条　削除」 so the numbers stay in sequence")
                .at(l.number, l.column),
        );
    }

    /// Every number a deleted range stands for, within what is left of
    /// [`RANGE_BUDGET`]; past it, a range keeps its two ends.
    fn expand(&mut self, numbers: Vec<ArticleNumber>, through: bool) -> Vec<ArticleNumber> {
        let [from, to] = numbers.as_slice() else {
            return numbers;
        };
        if !through {
            return numbers;
        }
        match between(from, to) {
            Some(mid) if mid.len() <= self.range_budget => {
                self.range_budget -= mid.len();
                let mut all = vec![from.clone()];
                all.extend(mid);
                all.push(to.clone());
                all
            }
            _ => numbers,
        }
    }

    /// `第五十五条から第六十三条まで　削除`: one deleted article per number,
    /// each with its own anchor, labelled in the numerals the line uses.
    fn deleted_range(
        &mut self,
        file: &SourceFile,
        l: &Line,
        numbers: Vec<ArticleNumber>,
        label: &str,
        text: &str,
    ) {
        let text_col = column_of(l.raw, text);
        // In order as a whole: its first number after the article before,
        // the article after it after its last.
        if let Some(first) = numbers.first() {
            self.in_order(l, first);
        }
        if let Some(highest) = numbers.iter().max()
            && self.supplements.is_empty()
            && !self.in_appendix
            && self.last_article.as_ref().is_none_or(|l| highest > l)
        {
            self.last_article = Some(highest.clone());
        }
        for n in numbers {
            self.numbered(file, l, &n);
            let own = label_like(label, &n);
            let a = self.push_article(ArticleKind::Article(n), &own, l.number);
            a.paragraphs[0]
                .lines
                .push(TextLine::new(text, l.number, text_col));
        }
    }

    fn supplementary(&mut self, note: &str, line: usize) {
        self.close_table();
        self.items.clear();
        self.pending_caption = None;
        self.first_lines.clear();
        self.in_appendix = false;
        // Appendices begun in the 附則 that ends here were its own.
        if let Some(k) = self.supplements.len().checked_sub(1) {
            let (own, rest): (Vec<_>, Vec<_>) = std::mem::take(&mut self.appendices)
                .into_iter()
                .partition(|(owner, _)| *owner == Some(k));
            self.appendices = rest;
            self.supplements[k]
                .appendices
                .extend(own.into_iter().map(|(_, a)| a));
        }
        self.supplements.push(Supplement {
            note: note.to_string(),
            anchor: String::new(),
            line,
            blocks: Vec::new(),
            appendices: Vec::new(),
        });
    }

    fn appendix(&mut self, label: &str, title: &str, line: usize) {
        self.close_table();
        self.items.clear();
        self.pending_caption = None;
        let owner = self.supplements.len().checked_sub(1);
        self.appendices.push((
            owner,
            Appendix {
                label: label.to_string(),
                title: decode_entities(title).into_owned(),
                anchor: String::new(),
                line,
                blocks: Vec::new(),
            },
        ));
        self.in_appendix = true;
    }

    /// In an excerpted (抄) 附則: 項 and articles left out leave gaps.
    fn excerpted(&self) -> bool {
        !self.in_appendix && self.supplements.last().is_some_and(Supplement::excerpt)
    }

    /// Whether 項 `number` can come next in the current article.
    fn next_paragraph(&mut self, number: u32) -> bool {
        let gaps = self.excerpted();
        match self.current_article() {
            Some(a) => {
                let last = a.paragraphs.last().map_or(0, |p| p.number);
                let fresh = a.paragraphs.len() == 1 && a.paragraphs[0].lines.is_empty();
                (last.checked_add(1) == Some(number))
                    || (fresh && number == 1)
                    || (gaps && number > last)
            }
            None => number == 1 || gaps,
        }
    }

    /// Whether the line after caption line `l` is a 項 that will be read
    /// as one (the next number): the caption is that 項's.
    fn captions_next_paragraph(&mut self, l: &Line) -> bool {
        match l.next.map(|n| classify(n, self.style)) {
            Some(LineKind::ParagraphCandidate { number, .. }) => self.next_paragraph(number),
            _ => false,
        }
    }

    fn paragraph(&mut self, l: &Line, number: u32, label: &str, text: &str) {
        let accepted = self.next_paragraph(number);
        if !accepted {
            // After a finished sentence it is not a wrapped line's rest: a
            // 項 left out when pasting, or a wrong number. It keeps a line
            // of its own, and is reported.
            let last = self.current_article().and_then(|a| {
                let p = a.paragraphs.last()?;
                let ended = p.items.is_empty()
                    && p.tables.is_empty()
                    && p.lines.last().is_some_and(|t| t.text.ends_with('。'));
                ended.then_some(p.number)
            });
            // A list of its own that starts at １ (構成員は次のとおり。／
            // １　院長) is not a 項 left out.
            if let Some(before) = last.filter(|_| number != 1) {
                self.warnings.push(
                    Diagnostic::warning(
                        "W006",
                        "",
                        format!(
                            "「{label}」は前の項（第{before}項）に続く番号ではないため、項にせず、第{before}項の中の行として読みました"
                        ),
                    )
                    .en(format!(
                        "「{label}」 does not follow the 項 before it (項 {before}), so it is read as a line of 項 {before}, not a 項"
                    ))
                    .help("項が抜けていないか、番号が正しいかを原本と見比べてください")
                    .help_en("check against the original whether a 項 is missing or the number is wrong")
                    .at(l.number, l.column),
                );
                self.after_blank = true;
            }
            return self.text_line(l);
        }
        self.items.clear();
        let text_col = column_of(l.raw, text);
        let caption = self.paragraph_caption.take();
        let a = self.article_for_text(l.number);
        let p = Paragraph {
            number,
            label: Some(label.to_string()),
            caption,
            anchor: String::new(),
            lines: vec![TextLine::new(text, l.number, text_col)],
            items: Vec::new(),
            tables: Vec::new(),
        };
        // The article's first 項 when nothing was written in it yet (第一条
        // alone on its line, or a 附則 that starts at 項 ３ when excerpted).
        let fresh = a.paragraphs.len() == 1 && {
            let p0 = &a.paragraphs[0];
            p0.lines.is_empty() && p0.items.is_empty() && p0.tables.is_empty()
        };
        if fresh && (number == 1 || !matches!(a.kind, ArticleKind::Article(_))) {
            a.paragraphs[0] = p;
        } else {
            a.paragraphs.push(p);
        }
        self.after_blank = false;
    }

    fn section(&mut self, l: &Line, number: Option<u32>, label: &str, title: &str) {
        // The first number may be anything (4294967295. too): the next one
        // is counted without overflowing.
        let accepted = match number {
            Some(n) => self.last_section == 0 || self.last_section.checked_add(1) == Some(n),
            None => true,
        };
        if !accepted || !self.supplements.is_empty() {
            return self.text_line(l);
        }
        self.last_section = number.unwrap_or(self.last_section.saturating_add(1));
        let a = self.push_article(ArticleKind::Section(number), label, l.number);
        a.title = Some(decode_entities(title).into_owned());
        self.after_blank = false;
    }

    /// In the 条文 style, ② after an article whose first 項 is unnumbered
    /// is its 項 2 (old laws carry no 項 numbers; 六法 print them ②, ③),
    /// unless it continues a list of ① items. In the section style ① ②
    /// are always items.
    fn circled_paragraph(&mut self, number: u32) -> bool {
        if self.style != Style::Articles
            || number < 2
            || self.items.continues(MarkerKind::Circled, number)
            || self.current_article().is_none()
        {
            return false;
        }
        self.next_paragraph(number)
    }

    fn item(
        &mut self,
        l: &Line,
        kind: MarkerKind,
        number: u32,
        branches: &[u32],
        marker: &str,
        text: &str,
    ) {
        if kind == MarkerKind::Circled && branches.is_empty() && self.circled_paragraph(number) {
            return self.paragraph(l, number, marker, text);
        }
        let gaps = self.excerpted();
        // Made before placing: making the block clears the levels.
        self.article_for_text(l.number);
        let Some((depth, _, number)) = self.items.place(kind, number, branches, marker, gaps)
        else {
            return self.text_line(l);
        };
        let text_col = column_of(l.raw, text);
        let a = self.article_for_text(l.number);
        if let Some(p) = a.paragraphs.last_mut() {
            p.items.push(Item {
                depth,
                marker: marker.to_string(),
                number,
                branches: branches.to_vec(),
                until: None,
                anchor: None,
                lines: vec![TextLine::new(text, l.number, text_col)],
                tables: Vec::new(),
            });
        }
        self.after_blank = false;
    }

    /// `一から三まで　略`: one item standing for several numbers.
    fn item_range(
        &mut self,
        l: &Line,
        number: u32,
        branches: &[u32],
        last: (u32, Vec<u32>),
        marker: &str,
        text: &str,
    ) {
        self.item(l, MarkerKind::Kanji, number, branches, marker, text);
        let placed = self
            .current_article()
            .and_then(|a| a.paragraphs.last_mut())
            .and_then(|p| p.items.last_mut())
            .filter(|i| i.lines.first().is_some_and(|t| t.start.0 == l.number));
        if let Some(item) = placed {
            item.until = Some(Box::new(last.clone()));
            self.items.reach(last);
        }
    }

    fn text_line(&mut self, l: &Line) {
        if l.raw.trim_start().starts_with('|') {
            return self.pipe_row(l);
        }
        let text = trim_indent(l.raw);
        // 2.1 対象システム: a line of its own, and the 号 under it count
        // from (1) again.
        if self.style == Style::Sections
            && crate::content::structure::subsection_heading(text)
            && self.current_article().is_some()
        {
            self.items.clear();
            self.after_blank = true;
            let Some(a) = self.current_article() else {
                return;
            };
            // A paragraph of its own, so the text and 号 after it are not
            // the last 号's.
            let started = a.paragraphs.last().is_some_and(|p| {
                !p.lines.is_empty() || !p.items.is_empty() || !p.tables.is_empty()
            });
            if started {
                let number = u32::try_from(a.paragraphs.len() + 1).unwrap_or(u32::MAX);
                a.paragraphs.push(Paragraph::empty(number));
            }
        }
        self.text(text, l.number, l.column);
    }

    fn text(&mut self, text: &str, line: usize, column: usize) {
        let text = crate::content::structure::without_egov_mark(text);
        let new_line = self.after_blank || text.starts_with(BULLETS);
        self.after_blank = false;
        let outside = self.current_article().is_none()
            && self.supplements.is_empty()
            && self.blocks.is_empty()
            && !self.in_appendix;
        if outside {
            match self.preamble.last_mut() {
                Some(last) if !new_line => last.join(text, line, column),
                _ => self.preamble.push(TextLine::new(text, line, column)),
            }
            return;
        }
        let (lines, tables) = self.container(line);
        // Text after a table starts a line of its own.
        let after_table = tables.last().is_some_and(|t| t.after == lines.len());
        match lines.last_mut() {
            Some(last) if !new_line && !after_table => last.join(text, line, column),
            _ => lines.push(TextLine::new(text, line, column)),
        }
    }

    /// `* - 第一列`: a new table, in the current paragraph or item.
    fn table_start(&mut self, l: &Line, header: bool, text: &str) {
        self.close_table();
        let (lines, tables) = self.container(l.number);
        tables.push(Table {
            after: lines.len(),
            rows: Vec::new(),
            quotes: false,
        });
        self.table = Some(OpenTable::Rows(indent_width(l.raw)));
        self.row(l, header, text);
        self.after_blank = false;
    }

    fn open_table(&mut self) -> Option<&mut Table> {
        let a = match self.scope().last_mut() {
            Some(Block::Article(a)) => a,
            _ => return None,
        };
        let p = a.paragraphs.last_mut()?;
        match p.items.last_mut() {
            Some(item) => item.tables.last_mut(),
            None => p.tables.last_mut(),
        }
    }

    fn row(&mut self, l: &Line, header: bool, text: &str) {
        if let Some(t) = self.open_table() {
            t.rows.push(Vec::new());
        }
        self.cell(l, header, text);
    }

    /// A cell: `[BorderTop="none"]…` attributes, then its text (`|` when
    /// its sentences follow on lines of their own).
    fn cell(&mut self, l: &Line, header: bool, text: &str) {
        let (mut cell, rest) = cell_attributes(text);
        cell.header = header;
        if rest != "|" && !rest.is_empty() {
            cell.lines
                .push(TextLine::new(rest, l.number, column_of(l.raw, rest)));
        }
        if let Some(row) = self.open_table().and_then(|t| t.rows.last_mut()) {
            row.push(cell);
        }
    }

    /// A line while a `* - ` table is open: a new row, a new cell, a line
    /// of the current cell, or (returning false) the end of the table.
    fn table_line(&mut self, l: &Line) -> bool {
        let Some(OpenTable::Rows(indent)) = self.table else {
            return self.pipe_line(l);
        };
        let width = indent_width(l.raw);
        let text = trim_indent(l.raw);
        if l.kind == LineKind::Blank {
            // A blank line inside a table (after an item in a cell) when
            // the table goes on after it.
            let goes_on = l
                .next
                .is_some_and(|n| indent_width(n) > indent || table_row_text(n).is_some());
            if !goes_on {
                self.close_table();
            }
            return goes_on;
        }
        if width <= indent {
            if let LineKind::TableRow { header, text } = l.kind {
                self.row(l, header, text);
                return true;
            }
            self.close_table();
            return false;
        }
        if width <= indent + 2
            && let Some((header, rest)) = cell_marker(text)
        {
            self.cell(l, header, rest);
            return true;
        }
        // A sentence of a cell of several (`- 一`), or an item in a cell.
        let content = text.strip_prefix("- ").unwrap_or(text);
        let content = content.strip_prefix("# ").unwrap_or(content);
        let line = TextLine::new(content, l.number, column_of(l.raw, content));
        if let Some(cell) = self
            .open_table()
            .and_then(|t| t.rows.last_mut())
            .and_then(|r| r.last_mut())
        {
            cell.lines.push(line);
        }
        true
    }

    /// `| a | b |`: a row of a Markdown table (the importer writes Word's
    /// tables so).
    fn pipe_row(&mut self, l: &Line) {
        let (lines, tables) = self.container(l.number);
        tables.push(Table {
            after: lines.len(),
            rows: Vec::new(),
            quotes: false,
        });
        self.table = Some(OpenTable::Pipes);
        self.pipe_line(l);
        self.after_blank = false;
    }

    fn pipe_line(&mut self, l: &Line) -> bool {
        let text = trim_indent(l.raw);
        if !text.starts_with('|') {
            self.close_table();
            return false;
        }
        let cells = pipe_cells(text);
        let Some(t) = self.open_table() else {
            return true;
        };
        // `|---|:--:|`: the rows above it are the heading.
        if cells
            .iter()
            .all(|c| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')))
            && !t.rows.is_empty()
        {
            for cell in t.rows.iter_mut().flatten() {
                cell.header = true;
            }
            return true;
        }
        let row = cells
            .into_iter()
            .map(|c| Cell {
                header: false,
                rowspan: 1,
                colspan: 1,
                open: [false; 4],
                lines: if c.is_empty() {
                    Vec::new()
                } else {
                    vec![TextLine::new(c, l.number, column_of(l.raw, c))]
                },
            })
            .collect();
        t.rows.push(row);
        true
    }

    /// Ends the open table. A table whose paragraph reads provisions
    /// differently (読み替え) quotes wording in every cell.
    fn close_table(&mut self) {
        if self.table.take().is_none() {
            return;
        }
        let Some(Block::Article(a)) = self.scope().last_mut() else {
            return;
        };
        let Some(p) = a.paragraphs.last_mut() else {
            return;
        };
        let (lines, table) = match p.items.last_mut() {
            Some(item) => (&item.lines, item.tables.last_mut()),
            None => (&p.lines, p.tables.last_mut()),
        };
        let Some(table) = table else { return };
        let says = |t: &str| t.contains("読み替え") || t.contains("読替え");
        let reads = lines[..table.after.min(lines.len())]
            .iter()
            .any(|l| says(&l.text))
            || table
                .rows
                .first()
                .is_some_and(|r| r.iter().flat_map(|c| &c.lines).any(|l| says(&l.text)));
        if reads {
            table.quotes = true;
            for line in table.rows.iter_mut().flatten().flat_map(|c| &mut c.lines) {
                line.quoted = true;
            }
        }
    }

    fn finish(mut self) -> (Body, Vec<Diagnostic>) {
        self.close_table();
        assign_anchors(&mut self.blocks, "");
        for (i, s) in self.supplements.iter_mut().enumerate() {
            s.anchor = format!("suppl-{}", i + 1);
            let prefix = format!("{}-", s.anchor);
            assign_anchors(&mut s.blocks, &prefix);
            anchor_appendices(&mut s.appendices, &prefix);
        }
        let mut appendices: Vec<Appendix> = self.appendices.into_iter().map(|(_, a)| a).collect();
        anchor_appendices(&mut appendices, "");
        let mut body = Body {
            style: self.style,
            preamble: self.preamble,
            blocks: self.blocks,
            supplements: self.supplements,
            appendices,
            resolved: false,
            links: Vec::new(),
        };
        shrink_body(&mut body);
        (body, self.diags)
    }
}

/// Gives back what the body's lists and texts grew beyond their length
/// while being built (a third of a parsed regulation's memory): the
/// handbook holds every regulation for the whole build.
fn shrink_body(body: &mut Body) {
    fn lines(lines: &mut Vec<TextLine>) {
        for l in lines.iter_mut() {
            l.text.shrink_to_fit();
            l.shrink_joined();
        }
        lines.shrink_to_fit();
    }
    fn blocks(blocks: &mut Vec<Block>) {
        for b in blocks.iter_mut() {
            if let Block::Article(a) = b {
                for p in &mut a.paragraphs {
                    lines(&mut p.lines);
                    for item in &mut p.items {
                        lines(&mut item.lines);
                    }
                    p.items.shrink_to_fit();
                }
                a.paragraphs.shrink_to_fit();
            }
        }
        blocks.shrink_to_fit();
    }
    lines(&mut body.preamble);
    blocks(&mut body.blocks);
    for s in &mut body.supplements {
        blocks(&mut s.blocks);
        for a in &mut s.appendices {
            blocks(&mut a.blocks);
        }
    }
    for a in &mut body.appendices {
        blocks(&mut a.blocks);
    }
}

fn anchor_appendices(appendices: &mut [Appendix], prefix: &str) {
    for (i, a) in appendices.iter_mut().enumerate() {
        a.anchor = format!("{prefix}appx-{}", i + 1);
        let inner = format!("{}-", a.anchor);
        assign_anchors(&mut a.blocks, &inner);
    }
}

/// The first cell of a `* - ` row, if `raw` is one.
fn table_row_text(raw: &str) -> Option<&str> {
    match classify(raw, Style::Articles) {
        LineKind::TableRow { text, .. } => Some(text),
        _ => None,
    }
}

/// `- 本文` / `* 見出し` (or the bare mark): a later cell of a row.
fn cell_marker(s: &str) -> Option<(bool, &str)> {
    match s {
        "-" => Some((false, "")),
        "*" => Some((true, "")),
        _ => s
            .strip_prefix("- ")
            .map(|r| (false, r))
            .or_else(|| s.strip_prefix("* ").map(|r| (true, r))),
    }
}

/// `[BorderTop="none"][rowspan="2"]本文` → the cell they describe, and the
/// text after them. Attributes it does not know are dropped.
fn cell_attributes(text: &str) -> (Cell, &str) {
    let mut cell = Cell {
        header: false,
        rowspan: 1,
        colspan: 1,
        open: [false; 4],
        lines: Vec::new(),
    };
    let mut rest = text;
    while let Some(inner) = rest.strip_prefix('[') {
        let Some(end) = inner.find(']') else { break };
        let Some((name, value)) = inner[..end].split_once('=') else {
            break;
        };
        let value = value.trim_matches('"');
        let span = || value.parse::<u32>().ok().filter(|n| (1..=100).contains(n));
        match name {
            "BorderTop" => cell.open[0] = value == "none",
            "BorderRight" => cell.open[1] = value == "none",
            "BorderBottom" => cell.open[2] = value == "none",
            "BorderLeft" => cell.open[3] = value == "none",
            "rowspan" => cell.rowspan = span().unwrap_or(1),
            "colspan" => cell.colspan = span().unwrap_or(1),
            _ => {}
        }
        rest = &inner[end + 1..];
    }
    (cell, rest)
}

/// The cells of `| a | b \| c |`, each trimmed (`\|` is a `|` inside a cell).
fn pipe_cells(line: &str) -> Vec<&str> {
    let inner = line.strip_prefix('|').unwrap_or(line);
    let inner = inner
        .strip_suffix('|')
        .filter(|i| !i.ends_with('\\'))
        .unwrap_or(inner);
    let mut cells = Vec::new();
    let mut start = 0;
    let mut escaped = false;
    for (i, c) in inner.char_indices() {
        match c {
            '\\' => escaped = !escaped,
            '|' if !escaped => {
                cells.push(inner[start..i].trim_matches([' ', '\u{3000}']));
                start = i + 1;
            }
            _ => escaped = false,
        }
    }
    cells.push(inner[start..].trim_matches([' ', '\u{3000}']));
    cells
}

/// `number`'s label in the numerals `written` uses: 第五十六条 for 56 when
/// the range was written 第五十五条から第六十三条まで, 第５６条 in full-width.
fn label_like(written: &str, number: &ArticleNumber) -> String {
    let kanji = written
        .chars()
        .any(crate::content::numerals::is_kanji_numeral_char);
    let full_width = written.chars().any(|c| ('０'..='９').contains(&c));
    let numeral = |n: u32| {
        if kanji {
            to_kanji(n)
        } else if full_width {
            n.to_string()
                .chars()
                .map(|d| char::from_u32(d as u32 - '0' as u32 + '０' as u32).unwrap_or(d))
                .collect()
        } else {
            n.to_string()
        }
    };
    let mut label = format!("第{}条", numeral(number.main));
    for b in &number.branches {
        label.push('の');
        label.push_str(&numeral(*b));
    }
    label
}

fn heading_numbers(label: &str) -> String {
    // 第二章の二 → 2-2
    label
        .trim_start_matches('第')
        .split(['編', '章', '節', '款', '目', 'の'])
        .filter_map(crate::content::numerals::parse_number)
        .map(|n| n.to_string())
        .collect::<Vec<_>>()
        .join("-")
}

fn assign_anchors(blocks: &mut [Block], prefix: &str) {
    use std::fmt::Write;
    let mut seen = HashSet::new();
    // Per base, the suffix to try next: every smaller one is taken, so
    // 50,000 headings of the same name do not each count up from -2.
    let mut next: HashMap<String, u32> = HashMap::new();
    let mut unique = |base: String| {
        if seen.insert(base.clone()) {
            return base;
        }
        let n = next.entry(base.clone()).or_insert(2u32);
        loop {
            let anchor = format!("{base}-{n}");
            *n += 1;
            if seen.insert(anchor.clone()) {
                return anchor;
            }
        }
    };
    let mut path: Vec<(u8, String)> = Vec::new();
    let mut text_blocks = 0;
    // Anchors are written into Strings piece by piece: a regulation has
    // an anchor for each article, 項 and 号, and `format!` for each was a
    // fiftieth of a build.
    for block in blocks.iter_mut() {
        match block {
            Block::Heading {
                level,
                label,
                anchor,
                ..
            } => {
                let kind = ["part", "chap", "sec", "subsec", "div"][usize::from(*level).min(4)];
                path.retain(|(l, _)| l < level);
                path.push((*level, format!("{kind}-{}", heading_numbers(label))));
                let joined: Vec<&str> = path.iter().map(|(_, p)| p.as_str()).collect();
                *anchor = unique(format!("{prefix}{}", joined.join("-")));
            }
            Block::Article(a) => {
                let mut base = String::with_capacity(prefix.len() + 16);
                base.push_str(prefix);
                let _ = match &a.kind {
                    ArticleKind::Article(n) => n.write_anchor(&mut base),
                    ArticleKind::Section(Some(n)) => write!(base, "sec-{n}"),
                    ArticleKind::Section(None) | ArticleKind::Unnumbered => {
                        text_blocks += 1;
                        write!(base, "text-{text_blocks}")
                    }
                };
                a.anchor = unique(base);
                let section = matches!(a.kind, ArticleKind::Section(_));
                // Two items of one number (a list restarted under a
                // caption in a section) keep the first one's anchor.
                let mut taken = HashSet::new();
                // A section's first list keeps the anchors sec-3-1, sec-3-2
                // whichever paragraph holds it.
                let mut first_list = true;
                for p in &mut a.paragraphs {
                    let mut anchor = String::with_capacity(a.anchor.len() + 4);
                    anchor.push_str(&a.anchor);
                    let _ = write!(anchor, "-p{}", p.number);
                    p.anchor = anchor;
                    for item in p.items.iter_mut().filter(|i| i.depth == 0) {
                        let mut anchor = String::with_capacity(p.anchor.len() + 8);
                        // A section's items are sec-3-1; those of a later
                        // list (under the next sub-section), sec-3-p3-i1.
                        if section && first_list {
                            anchor.push_str(&a.anchor);
                            anchor.push('-');
                        } else {
                            anchor.push_str(&p.anchor);
                            anchor.push_str("-i");
                        }
                        let _ = write!(anchor, "{}", item.number);
                        for b in &item.branches {
                            let _ = write!(anchor, "-{b}");
                        }
                        // 一から三まで: i1to3.
                        if let Some((last, branches)) = item.until.as_deref() {
                            let _ = write!(anchor, "to{last}");
                            for b in branches {
                                let _ = write!(anchor, "-{b}");
                            }
                        }
                        item.anchor = taken.insert(anchor.clone()).then_some(anchor);
                    }
                    first_list &= p.items.is_empty();
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

    /// The anchors of the main provisions' headings (章, 節 …), in order.
    fn heading_anchors(body: &Body) -> Vec<&str> {
        body.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading { anchor, .. } => Some(anchor.as_str()),
                _ => None,
            })
            .collect()
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
        let headings = heading_anchors(&body);
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

    /// A 項 number out of sequence after a finished sentence, and an
    /// article that skips or steps back: a 項 or article left out when
    /// pasting is reported (W006, W007), and the stray 項 keeps its line.
    #[test]
    fn numbers_out_of_sequence_after_a_sentence_are_reported() {
        let (body, diags) = parse(
            "第１条　本文。\n２　次の項。\n４　その次。\n第２条　甲。\n第５条　乙。\n第４条　丙。\n第６条　丁。\n附則\n第３条　附則は抄のことがある。\n",
        );
        let got: Vec<(&str, usize, &str)> = diags
            .iter()
            .map(|d| (d.code, d.line, d.message.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "W006",
                    3,
                    "「４」は前の項（第2項）に続く番号ではないため、項にせず、第2項の中の行として読みました"
                ),
                ("W007", 5, "第2条の次が第5条です（第3条がありません）"),
                ("W007", 6, "第4条が第5条の後にあります"),
            ]
        );
        let lines: Vec<&str> = articles(&body)[0].paragraphs[1]
            .lines
            .iter()
            .map(|l| l.text.as_str())
            .collect();
        assert_eq!(lines, ["次の項。", "４　その次。"]);
    }

    /// What reads as out of sequence but is not: a list of its own from
    /// １, and deleted articles written 第３条～第５条　削除 (each its own
    /// deleted article, as from から…まで).
    #[test]
    fn lists_from_one_and_ranges_with_a_tilde_are_in_sequence() {
        let (body, diags) = parse(
            "第１条　甲。\n第２条　委員会は、次の者で構成する。\n１　院長\n第３条～第５条　削除\n第６条ないし第７条　削除\n第８条　乙。\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        let labels: Vec<&str> = articles(&body).iter().map(|a| a.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "第１条",
                "第２条",
                "第３条",
                "第４条",
                "第５条",
                "第６条",
                "第７条",
                "第８条"
            ]
        );
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
        let anchors = heading_anchors(&body);
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
        assert!(diags.iter().all(|d| d.message.contains("最初は1行目")));
    }

    #[test]
    fn positions_point_into_joined_lines() {
        let (body, _) = parse("第１条　あいう\nえお第２条\n");
        let line = &articles(&body)[0].paragraphs[0].lines[0];
        let offset = line.text.find("第２条").unwrap();
        assert_eq!(line.position(offset), (2, 3));
    }

    fn item_anchors(p: &Paragraph) -> Vec<&str> {
        p.items.iter().filter_map(|i| i.anchor.as_deref()).collect()
    }

    #[test]
    fn a_pasted_table_of_contents_is_skipped_without_inventing_headings() {
        // 労働基準法's 目次 is titled with the law's name; its 附則 entry
        // must not start a 附則, nor its 第二章第一節 collide with
        // 第三章第一節, nor 第二章の二 with 第二章第二節.
        let body = "労働基準法目次\n  第一章　総則（第一条・第二条）\n  第二章　雑則\n    第一節　通則\n    第二節　特則\n  第二章の二　特例\n    第一節　通則\n  附則\n\n      第一章　総則\n\n（目的）\n第一条　目的を定める。\n\n第二条　定義\n      第二章　雑則\n        第一節　通則\n第三条　雑則\n        第二節　特則\n      第二章の二　特例\n        第一節　通則\n第四条　特例\n\n附　則\nこの法律は、公布の日から施行する。\n";
        let (body, diags) = parse(body);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(articles(&body).len(), 4);
        assert_eq!(body.supplements.len(), 1);
        let headings = heading_anchors(&body);
        assert_eq!(
            headings,
            [
                "chap-1",
                "chap-2",
                "chap-2-sec-1",
                "chap-2-sec-2",
                "chap-2-2",
                "chap-2-2-sec-1"
            ]
        );
        assert_eq!(articles(&body)[0].caption.as_deref(), Some("目的"));
    }

    #[test]
    fn parts_hold_chapters() {
        let (body, _) = parse(
            "第一編　総則\n第一章　通則\n第一条　甲\n第二編　物権\n第一章　総則\n第二条　乙\n",
        );
        let anchors = heading_anchors(&body);
        assert_eq!(
            anchors,
            ["part-1", "part-1-chap-1", "part-2", "part-2-chap-1"]
        );
    }

    #[test]
    fn items_with_branch_numbers() {
        let (body, _) = parse(
            "第二条　定義\n  一　甲\n  二　乙\n  三　丙\n  三の二　丙の二\n    イ　細分\n    イの二　細分の二\n  三の三　丙の三\n  四　丁\n  四の三　丁の三\n  四の二　丁の二\n",
        );
        let p = &articles(&body)[0].paragraphs[0];
        // 三の二 follows 三, 四 follows 三の三; a branch never goes back.
        assert_eq!(
            item_anchors(p),
            [
                "art-2-p1-i1",
                "art-2-p1-i2",
                "art-2-p1-i3",
                "art-2-p1-i3-2",
                "art-2-p1-i3-3",
                "art-2-p1-i4",
                "art-2-p1-i4-3"
            ]
        );
        assert_eq!(
            p.items.last().unwrap().lines[0].text,
            "丁の三四の二　丁の二"
        );
        let sub: Vec<(usize, &str)> = p
            .items
            .iter()
            .map(|i| (i.depth, i.marker.as_str()))
            .filter(|(d, _)| *d == 1)
            .collect();
        assert_eq!(sub, [(1, "イ"), (1, "イの二")]);
    }

    #[test]
    fn circled_numbers_are_paragraphs_after_an_article_and_items_under_one() {
        // Old laws: the first 項 unnumbered, the others printed ② ③.
        let (body, _) = parse(
            "第一条　甲\n②　乙\n  一　号\n③　丙\n第二条　次のとおり。\n①　ア\n②　イ\n２　次の項\n",
        );
        let arts = articles(&body);
        let ps: Vec<(&str, Option<&str>)> = arts[0]
            .paragraphs
            .iter()
            .map(|p| (p.anchor.as_str(), p.label.as_deref()))
            .collect();
        assert_eq!(
            ps,
            [
                ("art-1-p1", None),
                ("art-1-p2", Some("②")),
                ("art-1-p3", Some("③"))
            ]
        );
        assert_eq!(arts[0].paragraphs[1].items.len(), 1);
        // ① ② continuing a list of items are items.
        assert_eq!(arts[1].paragraphs.len(), 2);
        assert_eq!(
            item_anchors(&arts[1].paragraphs[0]),
            ["art-2-p1-i1", "art-2-p1-i2"]
        );
        // In the section style ① ② are always items.
        let (body, _) = parse("1. 目的\n本文\n② 乙\n① 甲\n② 乙\n");
        let a = articles(&body)[0];
        assert_eq!(a.paragraphs.len(), 1);
        assert_eq!(a.paragraphs[0].items.len(), 2);
    }

    #[test]
    fn deleted_ranges_make_one_deleted_article_each() {
        let (body, diags) = parse(
            "第五十四条　甲\n\n第五十五条から第五十七条まで　削除\n\n第五十八条及び第五十九条　削除\n第六十条の二から第六十条の四まで　削除\n第６１条、第６２条及び第６３条　削除\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        let arts = articles(&body);
        let got: Vec<(&str, &str, &str)> = arts
            .iter()
            .map(|a| {
                (
                    a.anchor.as_str(),
                    a.label.as_str(),
                    a.paragraphs[0]
                        .lines
                        .first()
                        .map_or("", |l| l.text.as_str()),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("art-54", "第五十四条", "甲"),
                ("art-55", "第五十五条", "削除"),
                ("art-56", "第五十六条", "削除"),
                ("art-57", "第五十七条", "削除"),
                ("art-58", "第五十八条", "削除"),
                ("art-59", "第五十九条", "削除"),
                ("art-60-2", "第六十条の二", "削除"),
                ("art-60-3", "第六十条の三", "削除"),
                ("art-60-4", "第六十条の四", "削除"),
                ("art-61", "第６１条", "削除"),
                ("art-62", "第６２条", "削除"),
                ("art-63", "第６３条", "削除"),
            ]
        );
        // A number of the range written again is a duplicate.
        let (_, diags) = parse("第一条　甲\n第一条から第三条まで　削除\n");
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, "E021");
        // A range that is not 削除 is a sentence; a huge one keeps its ends.
        let (body, _) = parse("第一条　甲\n第二条から第四条までの規定は削除する。\n");
        assert_eq!(articles(&body).len(), 1);
        let (body, _) = parse("第一条から第四十億条まで　削除\n");
        assert_eq!(articles(&body).len(), 2);
    }

    #[test]
    fn many_deleted_ranges_stand_for_a_bounded_number_of_articles() {
        let body = "第一条から第千条まで　削除\n".repeat(1_000);
        let start = std::time::Instant::now();
        let (body, _) = parse(&body);
        let n = articles(&body).len();
        assert!(n <= RANGE_BUDGET + 2 * 1_000, "{n}");
        assert!(start.elapsed().as_secs() < 20, "{:?}", start.elapsed());
    }

    /// e-Gov's export marks a 附則 paragraph without a number
    /// (`:anonym-paragraph:`) and the 制定文; the text shows, the marks not.
    #[test]
    fn egov_line_marks_are_not_text() {
        let body = ":enact-statement:旧法の全部を改正する。\n\n第一条　目的を定める。\n\n附　則\n:anonym-paragraph:この法律は、公布の日から施行する。\n";
        let (body, diags) = parse(body);
        assert!(diags.is_empty(), "{diags:?}");
        let shown = format!("{body:?}");
        assert!(
            shown.contains("\"この法律は、公布の日から施行する。\""),
            "{shown}"
        );
        assert!(shown.contains("\"旧法の全部を改正する。\""), "{shown}");
        assert!(
            !shown.contains(":anonym") && !shown.contains(":enact"),
            "{shown}"
        );
    }

    /// A 附則 made of 項, each under its caption (e-Gov prints them so): the
    /// captions are the 項's, not text of the 項 before.
    #[test]
    fn a_caption_before_a_paragraph_is_that_paragraphs() {
        let body = "第１条　端末について定める。\n\n附　則\n（施行期日）\n１　この規程は、令和７年４月１日から施行する。\n（経過措置）\n２　旧規程による承認は、なお効力を有する。\n";
        let (body, diags) = parse(body);
        assert!(diags.is_empty(), "{diags:?}");
        let a = articles_of(&body.supplements[0].blocks)
            .next()
            .expect("a block");
        let shown: Vec<(Option<&str>, String)> = a
            .paragraphs
            .iter()
            .map(|p| {
                let text: Vec<&str> = p.lines.iter().map(|l| l.text.as_str()).collect();
                (p.caption.as_deref(), text.concat())
            })
            .collect();
        assert_eq!(
            shown,
            [
                (
                    Some("施行期日"),
                    "この規程は、令和７年４月１日から施行する。".to_string()
                ),
                (
                    Some("経過措置"),
                    "旧規程による承認は、なお効力を有する。".to_string()
                ),
            ]
        );
    }

    /// A procedure numbered 1. / 1.1: the sub-section lines stand apart
    /// (not section 2 titled 「1 …」, not glued to the sentence before),
    /// and the 号 under each count from (1) again with anchors of their own.
    #[test]
    fn sub_sections_stand_apart_and_restart_their_items() {
        let body = "1. 目的\n本手順は、バックアップについて定める。\n\n2. 手順\n次のとおり取得する。\n2.1 日次\n(1) 毎日取得する。\n(2) 結果を確かめる。\n2.2 月次\n(1) テープに複製する。\n";
        let (body, diags) = parse(body);
        assert!(diags.is_empty(), "{diags:?}");
        let sections = articles(&body);
        assert_eq!(sections.len(), 2);
        let shown: Vec<(String, Vec<&str>, Vec<String>)> = sections[1]
            .paragraphs
            .iter()
            .map(|p| {
                (
                    p.anchor.clone(),
                    p.lines.iter().map(|l| l.text.as_str()).collect(),
                    p.items.iter().filter_map(|i| i.anchor.clone()).collect(),
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                ("sec-2-p1".to_string(), vec!["次のとおり取得する。"], vec![]),
                // The first list keeps sec-N-M, as before 2.1 was read as
                // a sub-section.
                (
                    "sec-2-p2".to_string(),
                    vec!["2.1 日次"],
                    vec!["sec-2-1".to_string(), "sec-2-2".to_string()]
                ),
                (
                    "sec-2-p3".to_string(),
                    vec!["2.2 月次"],
                    vec!["sec-2-p3-i1".to_string()]
                ),
            ]
        );
    }

    #[test]
    fn appendices_are_sections_of_their_own() {
        let body = "第一条　別表第一に掲げる事業に適用する。\n\n附　則\nこの法律は、公布の日から施行する。\n\n# 別表第一（第一条関係）\n\n  # 一　製造の事業\n\n  # 二　鉱業\n\n# 別表第二　補償表（第一条関係）\n\n  * * 等級\n    * 補償\n  * - 第一級\n    - 一三四〇日分\n";
        let (body, diags) = parse(body);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(articles(&body).len(), 1, "別表第一に掲げる is a sentence");
        let appx: Vec<(&str, String)> = body
            .appendices
            .iter()
            .map(|a| (a.anchor.as_str(), a.heading()))
            .collect();
        assert_eq!(
            appx,
            [
                ("appx-1", "別表第一（第一条関係）".to_string()),
                ("appx-2", "別表第二　補償表（第一条関係）".to_string())
            ]
        );
        let content = articles_of(&body.appendices[0].blocks).next().unwrap();
        assert_eq!(
            item_anchors(&content.paragraphs[0]),
            ["appx-1-text-1-p1-i1", "appx-1-text-1-p1-i2"]
        );
        let table = &articles_of(&body.appendices[1].blocks)
            .next()
            .unwrap()
            .paragraphs[0]
            .tables[0];
        assert_eq!(table.rows.len(), 2);
        assert!(table.rows[0].iter().all(|c| c.header));
        // Not inside the 附則.
        assert_eq!(articles_of(&body.supplements[0].blocks).count(), 1);
    }

    #[test]
    fn an_appendix_followed_by_another_supplement_was_the_earlier_ones() {
        let (body, _) = parse(
            "第一条　甲\n附　則\n施行する。\n様式第１号（第１条関係）\n様式の本文\n附　則（令和６年規程第３号）\n施行する。\n",
        );
        assert!(body.appendices.is_empty());
        assert_eq!(body.supplements[0].appendices.len(), 1);
        assert_eq!(body.supplements[0].appendices[0].anchor, "suppl-1-appx-1");
    }

    #[test]
    fn tables_in_articles() {
        let body = "第三十条　次の表の上欄の規定中同表の中欄の字句は、同表の下欄の字句と読み替える。\n\n  * - [BorderBottom=\"none\"]第六十九条第一項\n    - 目的以外の目的\n    - |\n      - 目的以外の目的（第九条）\n      - 又は\n  * - [BorderTop=\"none\"][rowspan=\"2\"]\n    - 提供\n    - 利用\n\n２　前項の表は例示である。\n";
        let (body, _) = parse(body);
        let a = articles(&body)[0];
        assert_eq!(a.paragraphs.len(), 2, "the table ends before ２");
        let t = &a.paragraphs[0].tables[0];
        assert_eq!(t.after, 1);
        assert!(t.quotes, "a 読替え table quotes");
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].len(), 3);
        assert!(t.rows[0][0].open[2]);
        assert_eq!(t.rows[0][0].lines[0].text, "第六十九条第一項");
        let multi: Vec<&str> = t.rows[0][2].lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(multi, ["目的以外の目的（第九条）", "又は"]);
        assert_eq!(t.rows[1][0].rowspan, 2);
        assert!(t.rows[1][0].open[0]);
        // Its cells quote: no mention is found in them.
        assert!(t.rows[0][0].lines[0].mentions().is_empty());
        // A Markdown table too (the importer writes Word's tables so).
        let (body, _) = parse(
            "第一条　次のとおり。\n| 区分 | 内容 |\n| --- | --- |\n| 甲 | 第２条 \\| 参照 |\n本文の続き\n",
        );
        let p = &articles(&body)[0].paragraphs[0];
        let t = &p.tables[0];
        assert!(!t.quotes);
        assert!(t.rows[0][0].header);
        assert_eq!(t.rows[1][1].lines[0].text, "第２条 \\| 参照");
        assert_eq!(p.lines.len(), 2, "text after a table is a line of its own");
    }

    #[test]
    fn an_excerpted_supplement_may_skip_paragraphs_and_items() {
        let (body, _) = parse(
            "第一条　甲\n附　則　抄\n１　施行する。\n４　経過措置\n  三　第三号\n  五　第五号\n",
        );
        let a = articles_of(&body.supplements[0].blocks).next().unwrap();
        let ps: Vec<u32> = a.paragraphs.iter().map(|p| p.number).collect();
        assert_eq!(ps, [1, 4]);
        assert_eq!(a.paragraphs[1].items.len(), 2);
        // Several 号 printed as one: one item, and the list goes on after it.
        let (body, _) = parse(
            "第一条　甲\n附　則　抄\n第一条　次のとおり。\n  一から三まで　略\n  四　丁\n  五及び六　削除\n  七　戊\n",
        );
        let a = articles_of(&body.supplements[0].blocks).next().unwrap();
        assert_eq!(
            item_anchors(&a.paragraphs[0]),
            [
                "suppl-1-art-1-p1-i1to3",
                "suppl-1-art-1-p1-i4",
                "suppl-1-art-1-p1-i5to6",
                "suppl-1-art-1-p1-i7"
            ]
        );
        // Not in the main provisions.
        let (body, _) = parse("第一条　甲\n４　乙\n");
        assert_eq!(articles(&body)[0].paragraphs.len(), 1);
    }
}
