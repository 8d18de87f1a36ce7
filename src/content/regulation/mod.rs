//! A regulation (規程): the model of its front matter and its body —
//! chapters, articles, paragraphs and items. Parsing the printed layout is
//! in `parser`, reading the file in `load`, versions in `versions`.

mod load;
mod parser;
mod versions;

pub use load::{EXAMPLE_FRONT_MATTER, load};
pub use parser::parse_body;
pub use versions::Standing;

use super::structure::{ArticleNumber, Style};

/// Text joined from one or more source lines, with the position of each
/// joined piece so a mention inside it can be reported where it stands.
#[derive(Debug, Clone)]
pub struct TextLine {
    pub text: String,
    /// File line and column where the text starts.
    pub start: (usize, usize),
    /// (byte offset in `text`, file line, file column) of each source line
    /// joined after the first: none for most lines, which are one source
    /// line (and so need no allocation of their own).
    joined: Vec<(usize, usize, usize)>,
    /// The whole text quotes other wording (a cell of a 読替え table),
    /// which speaks of another law's numbering: its mentions are neither
    /// checked nor linked. A flag, not ranges: a line is quoted whole or
    /// not at all, and every line of a large handbook carries it.
    pub quoted: bool,
    /// The mentions of articles in `text` (quoted wording left out) and
    /// what each points to: filled in by the resolve stage, read by check
    /// (to report) and render (to link).
    pub refs: Vec<Ref>,
}

/// A mention of an article (第N条, 前項 …) in a text line.
#[derive(Debug, Clone)]
pub struct Ref {
    /// Byte range of the mention in the line's text.
    pub range: std::ops::Range<usize>,
    pub outcome: Outcome,
}

/// What a mention of an article turned out to be. A mention that certainly
/// names another law's article (商標法第二条, 同法第三条) is no `Ref` at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Certainly this regulation's, and found: the anchor on its page.
    Linked(String),
    /// Certainly this regulation's, and pointing nowhere (第20条 in an
    /// 18-article 規程): an error (E030; a warning, W003, in a 附則).
    Broken(Why),
    /// Perhaps not this regulation's (another law is named earlier in the
    /// sentence, 前条 in an excerpted 附則 …): shown unlinked, a warning
    /// (W004) that says why.
    Uncertain(Why),
}

impl Outcome {
    /// The anchor, for a mention that is linked.
    pub fn anchor(&self) -> Option<&str> {
        match self {
            Outcome::Linked(a) => Some(a),
            _ => None,
        }
    }
}

/// Why a mention is not linked, in Japanese and in English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Why {
    pub ja: String,
    pub en: String,
}

impl Why {
    pub fn new(ja: impl Into<String>, en: impl Into<String>) -> Why {
        Why {
            ja: ja.into(),
            en: en.into(),
        }
    }
}

impl TextLine {
    pub(super) fn new(text: &str, line: usize, column: usize) -> Self {
        TextLine {
            text: text.to_string(),
            start: (line, column),
            joined: Vec::new(),
            quoted: false,
            refs: Vec::new(),
        }
    }

    /// Gives back the room the joined lines' positions were growing into.
    pub(super) fn shrink_joined(&mut self) {
        self.joined.shrink_to_fit();
    }

    /// Hard-wrapped Japanese joins with nothing between; Latin words keep a space.
    pub(super) fn join(&mut self, text: &str, line: usize, column: usize) {
        let needs_space = self
            .text
            .chars()
            .last()
            .is_some_and(|c| c.is_ascii_alphanumeric())
            && text
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric());
        if needs_space {
            self.text.push(' ');
        }
        self.joined.push((self.text.len(), line, column));
        self.text.push_str(text);
    }

    /// The mentions of articles in the text, leaving out quoted wording.
    pub fn mentions(&self) -> Vec<super::crossref::Mention> {
        if self.quoted {
            return Vec::new();
        }
        super::crossref::find(&self.text)
    }

    /// File line and column of byte `offset` of `text`.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let (start, line, column) = self
            .joined
            .iter()
            .rev()
            .find(|(o, _, _)| *o <= offset)
            .copied()
            .unwrap_or((0, self.start.0, self.start.1));
        let chars = self
            .text
            .get(start..offset)
            .map_or(0, |s| s.chars().count());
        (line, column + chars)
    }
}

/// 号 (and nested levels), flat with a depth so the renderer can nest them.
#[derive(Debug, Clone)]
pub struct Item {
    pub depth: usize,
    pub marker: String,
    pub number: u32,
    /// Branch numbers: 三の二 → [2].
    pub branches: Vec<u32>,
    /// Several 号 printed as one (一から三まで　略): the last one's number
    /// and branches. Boxed, being rare: every item of a large handbook
    /// carries the field.
    pub until: Option<Box<(u32, Vec<u32>)>>,
    pub anchor: Option<String>,
    pub lines: Vec<TextLine>,
    pub tables: Vec<Table>,
}

/// 項. The first paragraph of an article is unnumbered in print.
#[derive(Debug, Clone)]
pub struct Paragraph {
    pub number: u32,
    pub label: Option<String>,
    /// A caption on the line before the 項 (`（経過措置）` / `２　…`, as a
    /// 附則 made of 項 has them), without its brackets.
    pub caption: Option<String>,
    pub anchor: String,
    pub lines: Vec<TextLine>,
    pub items: Vec<Item>,
    pub tables: Vec<Table>,
}

/// A table inside an article, an item or an appendix (e-Gov's export
/// prints one as `* - ` rows).
#[derive(Debug, Clone)]
pub struct Table {
    /// How many of its container's text lines stand before it.
    pub after: usize,
    pub rows: Vec<Vec<Cell>>,
    /// A 読替え table: its cells quote the wording of the provisions it
    /// reads differently (often another law's), so mentions in them are
    /// neither checked nor linked.
    pub quotes: bool,
}

#[derive(Debug, Clone)]
pub struct Cell {
    /// `* * ` in the export: a heading cell.
    pub header: bool,
    pub rowspan: u32,
    pub colspan: u32,
    /// Borders the printed table leaves out (`[BorderTop="none"]` …):
    /// top, right, bottom, left. Cells so joined read as one.
    pub open: [bool; 4],
    pub lines: Vec<TextLine>,
}

#[derive(Debug, Clone)]
pub enum ArticleKind {
    /// 第N条
    Article(ArticleNumber),
    /// `1. 目的` in the section style.
    Section(Option<u32>),
    /// Text under a heading or in a 附則 that has no article numbers.
    Unnumbered,
}

/// 条 (or a section, or an unnumbered block of text).
#[derive(Debug, Clone)]
pub struct Article {
    pub kind: ArticleKind,
    /// As printed: 第十二条の二, `1.`.
    pub label: String,
    /// Section style: the heading text. Article style: unused.
    pub title: Option<String>,
    pub caption: Option<String>,
    pub anchor: String,
    pub line: usize,
    pub paragraphs: Vec<Paragraph>,
}

impl Article {
    pub fn number(&self) -> Option<&ArticleNumber> {
        match &self.kind {
            ArticleKind::Article(n) => Some(n),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub enum Block {
    /// 編 = 0, 章 = 1, 節 = 2, 款 = 3, 目 = 4.
    Heading {
        level: u8,
        label: String,
        title: String,
        anchor: String,
        line: usize,
    },
    Article(Article),
}

/// One 附則 block (a law has one per amending act).
#[derive(Debug, Clone)]
pub struct Supplement {
    /// What followed 附則 on its line: （平成六年…号）　抄.
    pub note: String,
    pub anchor: String,
    pub line: usize,
    pub blocks: Vec<Block>,
    /// Appendices printed inside this 附則 (before the next one).
    pub appendices: Vec<Appendix>,
}

impl Supplement {
    /// Excerpted (抄): articles are left out, so 前条 may not be the one
    /// printed before.
    pub fn excerpt(&self) -> bool {
        self.note.trim_end().ends_with('抄')
    }

    /// Whether the note names an act by its number (（平成一五年…法律第六一号）,
    /// （令和６年規程第３号）): the 附則 of an amending act.
    pub fn names_an_act(&self) -> bool {
        let note = &self.note;
        note.contains('第') && note.contains('号')
    }
}

/// 別表, 別記, 様式: an appendix after the articles, with its own anchor
/// (`appx-1`; `suppl-K-appx-1` inside a 附則).
#[derive(Debug, Clone)]
pub struct Appendix {
    /// As printed: 別表第一, 様式第１号.
    pub label: String,
    /// What follows the label on its line: （第三十三条関係）, a title.
    pub title: String,
    pub anchor: String,
    pub line: usize,
    /// Its text, items and tables, as unnumbered blocks.
    pub blocks: Vec<Block>,
}

impl Appendix {
    /// The heading as printed: 別表第二　身体障害等級及び災害補償表（第七十七条関係）.
    pub fn heading(&self) -> String {
        match self.title.chars().next() {
            None => self.label.clone(),
            Some('（' | '(') => format!("{}{}", self.label, self.title),
            Some(_) => format!("{}　{}", self.label, self.title),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Body {
    pub style: Style,
    pub preamble: Vec<TextLine>,
    pub blocks: Vec<Block>,
    pub supplements: Vec<Supplement>,
    /// Appendices after the 附則 (or after the articles).
    pub appendices: Vec<Appendix>,
    /// Whether the resolve stage has filled in its mentions (`refs`): a
    /// body the preview kept from the last check has them already (and is
    /// shared with the preview's cache, hence the `Arc` in [`Regulation`]).
    pub resolved: bool,
    /// Every Markdown link of the text lines (destination, line and
    /// column), in reading order: found by the resolve stage with the
    /// mentions, so a kept body is not read for them again.
    pub links: Vec<(String, (usize, usize))>,
}

impl Body {
    /// Numbered articles of the main provisions, in order.
    pub fn articles(&self) -> impl Iterator<Item = &Article> {
        articles_of(&self.blocks)
    }

    /// The main provisions, then each 附則: `(blocks, whether in a 附則)`.
    pub fn scopes(&self) -> impl Iterator<Item = (&[Block], bool)> {
        std::iter::once((self.blocks.as_slice(), false))
            .chain(self.supplements.iter().map(|s| (s.blocks.as_slice(), true)))
    }

    /// Every appendix: those of each 附則, then the body's.
    pub fn all_appendices(&self) -> impl Iterator<Item = &Appendix> {
        self.supplements
            .iter()
            .flat_map(|s| s.appendices.iter())
            .chain(self.appendices.iter())
    }

    /// Every block of text: the main provisions, each 附則, every appendix.
    pub fn all_blocks(&self) -> impl Iterator<Item = &Block> {
        self.scopes()
            .flat_map(|(blocks, _)| blocks.iter())
            .chain(self.all_appendices().flat_map(|a| a.blocks.iter()))
    }
}

impl Paragraph {
    /// Paragraph `number` with nothing in it yet.
    pub fn empty(number: u32) -> Paragraph {
        Paragraph {
            number,
            label: None,
            caption: None,
            anchor: String::new(),
            lines: Vec::new(),
            items: Vec::new(),
            tables: Vec::new(),
        }
    }

    /// Every text line of the paragraph, in reading order: its own lines
    /// and tables, then each item's.
    pub fn text_lines(&self) -> impl Iterator<Item = &TextLine> {
        self.lines.iter().chain(table_lines(&self.tables)).chain(
            self.items
                .iter()
                .flat_map(|i| i.lines.iter().chain(table_lines(&i.tables))),
        )
    }
}

fn table_lines(tables: &[Table]) -> impl Iterator<Item = &TextLine> {
    tables
        .iter()
        .flat_map(|t| t.rows.iter().flatten().flat_map(|c| c.lines.iter()))
}

pub fn articles_of(blocks: &[Block]) -> impl Iterator<Item = &Article> {
    blocks.iter().filter_map(|b| match b {
        Block::Article(a) => Some(a),
        Block::Heading { .. } => None,
    })
}

/// One 改定履歴 entry.
#[derive(Debug, Clone)]
pub struct Revision {
    pub date: chrono::NaiveDate,
    /// The date as the author wrote it, and where.
    pub written: String,
    pub at: (usize, usize),
    pub note: String,
    /// 承認日, when recorded.
    pub approved: Option<chrono::NaiveDate>,
}

/// A regulation: what its front matter says, and its body.
#[derive(Debug, Clone)]
pub struct Regulation {
    pub id: String,
    pub file: String,
    pub title: String,
    pub number: Option<String>,
    /// File line and column of the number's value.
    pub number_at: (usize, usize),
    pub owner: Option<String>,
    pub effective: chrono::NaiveDate,
    /// File line and column of the 施行日's value.
    pub effective_at: (usize, usize),
    /// This version's 施行日: the latest 改定履歴 date, or `effective`
    /// when there is none later.
    pub since: chrono::NaiveDate,
    /// Where `since` is written.
    pub since_at: (usize, usize),
    pub order: i64,
    pub history: Vec<Revision>,
    pub body: std::sync::Arc<Body>,
    /// Every other version of this regulation, oldest first. As loaded,
    /// the earlier versions of the newest; after [`settle`], every version
    /// but the one in force.
    pub versions: Vec<Regulation>,
}

impl Regulation {
    /// What stands for a regulation whose file could not be read or whose
    /// front matter is broken: its id is known, so links to it do not fail
    /// too (the build fails on the first problem anyway).
    pub fn stub(id: &str, file: &str) -> Regulation {
        Regulation {
            id: id.to_string(),
            file: file.to_string(),
            title: id.to_string(),
            number: None,
            number_at: (1, 1),
            owner: None,
            effective: chrono::NaiveDate::MIN,
            effective_at: (1, 1),
            since: chrono::NaiveDate::MIN,
            since_at: (1, 1),
            order: 0,
            history: Vec::new(),
            versions: Vec::new(),
            body: std::sync::Arc::new(Body {
                style: Style::Sections,
                preamble: Vec::new(),
                blocks: Vec::new(),
                supplements: Vec::new(),
                appendices: Vec::new(),
                resolved: false,
                links: Vec::new(),
            }),
        }
    }
}
