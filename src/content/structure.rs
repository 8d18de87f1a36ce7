//! Recognising the printed structure of a Japanese regulation, line by line:
//! 章/節 headings, （見出し） captions, 第N条 articles (with の branches),
//! 項 and 号 markers, 附則 headings, and the section style (`1. 目的`).
//! This module only classifies lines; `regulation.rs` assembles them.

use super::numerals::{
    circled_value, digit_value, is_kanji_numeral_char, is_large_unit, parse_number,
};

/// 第十二条の二 → main 12, branches [2]. Ordered as articles are ordered.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ArticleNumber {
    pub main: u32,
    pub branches: Vec<u32>,
}

impl ArticleNumber {
    pub fn new(main: u32, branches: &[u32]) -> Self {
        ArticleNumber {
            main,
            branches: branches.to_vec(),
        }
    }

    /// The stable anchor: `art-12-2` for 第12条の2.
    pub fn anchor(&self) -> String {
        let mut s = String::with_capacity(12);
        let _ = self.write_anchor(&mut s);
        s
    }

    /// [`ArticleNumber::anchor`] written at the end of `out`.
    pub fn write_anchor(&self, out: &mut impl std::fmt::Write) -> std::fmt::Result {
        write!(out, "art-{}", self.main)?;
        for b in &self.branches {
            write!(out, "-{b}")?;
        }
        Ok(())
    }

    /// The canonical label: 第12条の2.
    pub fn label(&self) -> String {
        let mut s = format!("第{}条", self.main);
        for b in &self.branches {
            s.push_str(&format!("の{b}"));
        }
        s
    }
}

/// The kinds of 号 marker. Nesting follows the order in which kinds appear,
/// as in printed regulations (一 → イ → （１）), so any order works.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MarkerKind {
    /// 一　二　三
    Kanji,
    /// ① ② ③
    Circled,
    /// (1) （１）
    Paren,
    /// イ ロ ハ
    Iroha,
    /// ア イ ウ
    Aiueo,
}

const IROHA: &str = "イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメミシヱヒモセス";
const AIUEO: &str =
    "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワ";

/// What one line of a regulation body is, by its form alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineKind<'a> {
    Blank,
    /// `目次`: the printed table of contents follows; we make our own.
    TocStart,
    /// 編 = 0 (only the largest codes have them), 章 = 1, 節 = 2, 款 = 3, 目 = 4.
    Heading {
        level: u8,
        label: &'a str,
        title: &'a str,
    },
    /// （見出し） — a caption only if an article follows.
    CaptionCandidate(&'a str),
    Article {
        number: ArticleNumber,
        label: &'a str,
        text: &'a str,
    },
    /// 附則, with whatever follows it on the line (（平成…号）　抄).
    Supplementary(&'a str),
    /// Deleted articles printed as one line: `第五十五条から第六十三条まで　削除`
    /// (`through`: the numbers are the two ends, and every article between
    /// is deleted too, see [`between`]), `第百二十九条及び第百三十条　削除`
    /// (each number listed).
    DeletedRange {
        numbers: Vec<ArticleNumber>,
        through: bool,
        label: &'a str,
        text: &'a str,
    },
    /// An appendix heading: 別表第一（第三十三条関係）, 様式第１号, 別記
    /// (e-Gov's export writes `# ` before it). Label and the rest.
    Appendix {
        label: &'a str,
        title: &'a str,
    },
    /// The first cell of a table row in e-Gov's export: `* - 本文`
    /// (`* * 見出し` for a heading cell). Its later cells are indented
    /// `- ` lines, which only the assembler can tell from text.
    TableRow {
        header: bool,
        text: &'a str,
    },
    /// `２　…` / `２．…`: a 項 number, if the sequence allows.
    ParagraphCandidate {
        number: u32,
        label: &'a str,
        text: &'a str,
    },
    /// `1. 目的` or `## 目的`: a section heading in the section style.
    SectionCandidate {
        number: Option<u32>,
        label: &'a str,
        title: &'a str,
    },
    /// A 号 marker, if the sequence allows. `branches`: 三の二 → [2].
    ItemCandidate {
        kind: MarkerKind,
        number: u32,
        branches: Vec<u32>,
        marker: &'a str,
        text: &'a str,
    },
    /// Several 号 printed as one: `一から三まで　略`, `二及び三　削除` (excerpts
    /// and deleted items). `last` is the number of the last one.
    ItemRange {
        number: u32,
        branches: Vec<u32>,
        last: (u32, Vec<u32>),
        marker: &'a str,
        text: &'a str,
    },
    Text(&'a str),
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\u{3000}' || c == '\t'
}

/// Strips the leading spaces (ASCII and full-width) printed as indentation.
pub fn trim_indent(line: &str) -> &str {
    line.trim_start_matches(is_space).trim_end()
}

/// Splits `s` after a run of characters satisfying `f`.
pub(crate) fn take_while(s: &str, f: impl Fn(char) -> bool) -> (&str, &str) {
    let end = s
        .char_indices()
        .find(|&(_, c)| !f(c))
        .map_or(s.len(), |(i, _)| i);
    s.split_at(end)
}

fn is_numeral_char(c: char) -> bool {
    digit_value(c).is_some() || is_kanji_numeral_char(c) || is_large_unit(c)
}

/// The run of numeral characters an article number is written with
/// (digits, kanji numerals, 万 億 兆) at the start of `s`, and the rest.
pub fn numeral_run(s: &str) -> (&str, &str) {
    take_while(s, is_numeral_char)
}

/// After a label: a separating space and the rest, or nothing at all.
fn after_separator(rest: &str) -> Option<&str> {
    if rest.is_empty() {
        return Some(rest);
    }
    let first = rest.chars().next()?;
    is_space(first).then(|| rest.trim_start_matches(is_space))
}

/// `第十二条の二…` → (number, length in bytes of the label). Also used to find
/// mentions inside text.
pub fn parse_article_label(s: &str) -> Option<(ArticleNumber, usize)> {
    let rest = s.strip_prefix('第')?;
    let (digits, rest) = take_while(rest, is_numeral_char);
    let main = parse_number(digits)?;
    let mut rest = rest.strip_prefix('条')?;
    let mut branches = Vec::new();
    while let Some(after) = rest.strip_prefix('の') {
        let (digits, r) = take_while(after, is_numeral_char);
        match parse_number(digits) {
            Some(n) if !digits.is_empty() => {
                branches.push(n);
                rest = r;
            }
            _ => break,
        }
    }
    Some((ArticleNumber { main, branches }, s.len() - rest.len()))
}

fn heading(s: &str) -> Option<LineKind<'_>> {
    let rest = s.strip_prefix('第')?;
    let (digits, rest) = take_while(rest, is_numeral_char);
    parse_number(digits)?;
    let unit = rest.chars().next()?;
    let level = match unit {
        '編' => 0,
        '章' => 1,
        '節' => 2,
        '款' => 3,
        '目' => 4,
        _ => return None,
    };
    let mut rest = &rest[unit.len_utf8()..];
    // 第二章の二
    if let Some(after) = rest.strip_prefix('の') {
        let (digits, r) = take_while(after, is_numeral_char);
        parse_number(digits)?;
        rest = r;
    }
    let title = after_separator(rest)?;
    if title.contains('。') || title.chars().count() > 60 {
        return None;
    }
    let label = &s[..s.len() - rest.len()];
    Some(LineKind::Heading {
        level,
        label,
        title,
    })
}

/// `附則`, `附　則（令和３年改正）`, `［附則］`; also `付則`, the spelling
/// many hospital rules use.
fn supplementary(s: &str) -> Option<&str> {
    for open in [
        "［附則］",
        "[附則]",
        "【附則】",
        "〔附則〕",
        "［付則］",
        "[付則]",
        "【付則】",
        "〔付則〕",
    ] {
        if let Some(rest) = s.strip_prefix(open) {
            return Some(rest.trim_start_matches(is_space));
        }
    }
    let rest = s.strip_prefix('附').or_else(|| s.strip_prefix('付'))?;
    let rest = rest.trim_start_matches(is_space).strip_prefix('則')?;
    let rest_trimmed = rest.trim_start_matches(is_space);
    // 附則第三条の規定… is a mention, not a heading.
    if rest_trimmed.is_empty()
        || rest_trimmed.starts_with('（')
        || rest_trimmed.starts_with('(')
        || rest_trimmed.starts_with('抄')
    {
        return Some(rest_trimmed);
    }
    None
}

fn caption(s: &str) -> Option<&str> {
    let inner = s
        .strip_prefix('（')
        .and_then(|r| r.strip_suffix('）'))
        .or_else(|| s.strip_prefix('(').and_then(|r| r.strip_suffix(')')))?;
    if inner.is_empty() || inner.contains('。') || inner.chars().count() > 80 {
        return None;
    }
    Some(inner)
}

fn paragraph(s: &str) -> Option<LineKind<'_>> {
    let (digits, rest) = take_while(s, |c| digit_value(c).is_some());
    let number = super::numerals::parse_digits(digits)?;
    let sep = rest.chars().next()?;
    if !(is_space(sep) || sep == '．' || sep == '.') {
        return None;
    }
    let text = rest[sep.len_utf8()..].trim_start_matches(is_space);
    if text.is_empty() {
        return None;
    }
    Some(LineKind::ParagraphCandidate {
        number,
        label: digits,
        text,
    })
}

fn section(s: &str) -> Option<LineKind<'_>> {
    let (hashes, rest) = take_while(s, |c| c == '#');
    let markdown = !hashes.is_empty();
    if markdown && hashes.len() > 3 {
        return None;
    }
    let rest = rest.trim_start_matches(is_space);
    let (digits, after) = take_while(rest, |c| digit_value(c).is_some());
    let number = super::numerals::parse_digits(digits);
    let (label, title) = match number {
        Some(_) => {
            let sep = after.chars().next()?;
            if !(sep == '.' || sep == '．') {
                return None;
            }
            // 2.1: a sub-section's number, not section 2 titled 「1 …」.
            if after[sep.len_utf8()..]
                .chars()
                .next()
                .is_some_and(|c| digit_value(c).is_some())
            {
                return None;
            }
            let label_len = rest.len() - after.len() + sep.len_utf8();
            (
                &rest[..label_len],
                after[sep.len_utf8()..].trim_start_matches(is_space),
            )
        }
        None if markdown => ("", rest),
        None => return None,
    };
    if title.is_empty() || title.contains('。') || title.chars().count() > 40 {
        return None;
    }
    Some(LineKind::SectionCandidate {
        number,
        label,
        title,
    })
}

fn item(s: &str) -> Option<LineKind<'_>> {
    let first = s.chars().next()?;
    // ① with or without a following space.
    if let Some(n) = circled_value(first) {
        let marker = &s[..first.len_utf8()];
        let text = s[first.len_utf8()..].trim_start_matches(is_space);
        return Some(LineKind::ItemCandidate {
            kind: MarkerKind::Circled,
            number: n,
            branches: Vec::new(),
            marker,
            text,
        });
    }
    // (1) / （１）
    if first == '(' || first == '（' {
        let inner_start = first.len_utf8();
        let (digits, rest) = take_while(&s[inner_start..], |c| digit_value(c).is_some());
        let n = super::numerals::parse_digits(digits)?;
        let close = rest.chars().next()?;
        if close != ')' && close != '）' {
            return None;
        }
        let marker_len = inner_start + digits.len() + close.len_utf8();
        let text = s[marker_len..].trim_start_matches(is_space);
        return Some(LineKind::ItemCandidate {
            kind: MarkerKind::Paren,
            number: n,
            branches: Vec::new(),
            marker: &s[..marker_len],
            text,
        });
    }
    // 一　/ 三の二　/ イ　/ イの二　/ ア　: the marker must be followed by a space.
    let (kanji, rest) = take_while(s, is_kanji_numeral_char);
    if !kanji.is_empty() {
        let n = super::numerals::parse_kanji(kanji)?;
        let (branches, rest) = item_branches(rest);
        if let Some(range) = item_range(s, n, &branches, rest) {
            return Some(range);
        }
        let text = after_separator(rest).filter(|t| !t.is_empty() && !rest.is_empty())?;
        return Some(LineKind::ItemCandidate {
            kind: MarkerKind::Kanji,
            number: n,
            branches,
            marker: &s[..s.len() - rest.len()],
            text,
        });
    }
    let (branches, rest) = item_branches(&s[first.len_utf8()..]);
    let text = after_separator(rest).filter(|t| !t.is_empty() && !rest.is_empty())?;
    let marker = &s[..s.len() - rest.len()];
    // イ is first in iroha and second in aiueo; the sequence check in the
    // assembler picks whichever continues the current list.
    if let Some(i) = IROHA.chars().position(|c| c == first) {
        return Some(LineKind::ItemCandidate {
            kind: MarkerKind::Iroha,
            number: i as u32 + 1,
            branches,
            marker,
            text,
        });
    }
    if let Some(i) = AIUEO.chars().position(|c| c == first) {
        return Some(LineKind::ItemCandidate {
            kind: MarkerKind::Aiueo,
            number: i as u32 + 1,
            branches,
            marker,
            text,
        });
    }
    None
}

/// `一から三まで　略`, `二及び三　削除`, `一から五の三まで　略`: `rest` is what
/// follows the first number (and its branches) in `s`.
fn item_range<'a>(
    s: &'a str,
    number: u32,
    branches: &[u32],
    rest: &'a str,
) -> Option<LineKind<'a>> {
    let (after, through) = match rest.strip_prefix("から") {
        Some(a) => (a, true),
        None => (rest.strip_prefix("及び")?, false),
    };
    let (kanji, r) = take_while(after, is_kanji_numeral_char);
    let last = super::numerals::parse_kanji(kanji)?;
    let (last_branches, r) = item_branches(r);
    let r = if through {
        r.strip_prefix("まで")?
    } else {
        r
    };
    let text = after_separator(r).filter(|t| !t.is_empty() && !r.is_empty())?;
    if (last, last_branches.as_slice()) <= (number, branches) || !matches!(text, "略" | "削除") {
        return None;
    }
    Some(LineKind::ItemRange {
        number,
        branches: branches.to_vec(),
        last: (last, last_branches),
        marker: &s[..s.len() - r.len()],
        text,
    })
}

/// The branch numbers after an item marker: `の二の三` → [2, 3], and the rest.
fn item_branches(s: &str) -> (Vec<u32>, &str) {
    let mut branches = Vec::new();
    let mut rest = s;
    while let Some(after) = rest.strip_prefix('の') {
        let (digits, r) = take_while(after, is_kanji_numeral_char);
        match super::numerals::parse_kanji(digits) {
            Some(n) => {
                branches.push(n);
                rest = r;
            }
            None => break,
        }
    }
    (branches, rest)
}

/// `第五十五条から第六十三条まで　削除`, `第３条～第５条　削除`,
/// `第百二十九条及び第百三十条　削除`, `第三条、第五条及び第七条　削除`:
/// several deleted articles on one line.
/// A range over more than [`MAX_RANGE`] articles keeps its two ends only.
fn deleted_range(s: &str) -> Option<LineKind<'_>> {
    let (first, len) = parse_article_label(s)?;
    let mut rest = &s[len..];
    let mut numbers = vec![first];
    // から…まで as the law writes it; ～, ないし, 乃至 and dashes as
    // hospital rules do.
    let connector = ["から", "～", "〜", "ないし", "乃至", "―", "－"]
        .into_iter()
        .find(|c| rest.starts_with(c));
    let through = connector.is_some();
    if let Some(after) = connector.map(|c| &rest[c.len()..]) {
        let (last, len) = parse_article_label(after)?;
        rest = &after[len..];
        rest = rest.strip_prefix("まで").unwrap_or(rest);
        if last <= numbers[0] {
            return None;
        }
        numbers.push(last);
    } else {
        loop {
            let after = rest
                .strip_prefix('、')
                .or_else(|| rest.strip_prefix("及び"));
            let Some(after) = after else { break };
            let (next, len) = parse_article_label(after)?;
            numbers.push(next);
            rest = &after[len..];
        }
        if numbers.len() < 2 {
            return None;
        }
    }
    let text = after_separator(rest).filter(|t| !t.is_empty())?;
    (text == "削除").then(|| LineKind::DeletedRange {
        numbers,
        through,
        label: &s[..s.len() - rest.len()],
        text,
    })
}

/// The articles strictly between the two ends of a deleted range, when
/// they can be counted: 第五十五条…第六十三条 (56 to 62), 第三十二条の二…
/// 第三十二条の五 (の三, の四). `None` when they cannot (第十条の二から第十一条
/// まで) or would be more than [`MAX_RANGE`].
pub fn between(from: &ArticleNumber, to: &ArticleNumber) -> Option<Vec<ArticleNumber>> {
    if from.branches.is_empty() && to.branches.is_empty() {
        (from.main < to.main && to.main - from.main <= MAX_RANGE).then(|| {
            (from.main + 1..to.main)
                .map(|m| ArticleNumber::new(m, &[]))
                .collect()
        })
    } else if from.main == to.main
        && from.branches.len() == 1
        && to.branches.len() == 1
        && from.branches[0] < to.branches[0]
        && to.branches[0] - from.branches[0] <= MAX_RANGE
    {
        Some(
            (from.branches[0] + 1..to.branches[0])
                .map(|b| ArticleNumber::new(from.main, &[b]))
                .collect(),
        )
    } else {
        None
    }
}

/// The most articles one deleted range stands for: more is a typo (or a
/// crafted file) and would make that many articles.
pub const MAX_RANGE: u32 = 1000;

/// The words an appendix heading starts with.
const APPENDIX_WORDS: [&str; 4] = ["別表", "別記", "別紙", "様式"];

/// `別表第一（第三十三条関係）`, `別表第二　身体障害等級…（第七十七条関係）`,
/// `別記様式第一号`, `様式第１号（第５条関係）`, `別紙1`, alone on a line (a
/// sentence such as 別表第一に掲げる事業 is not one).
fn appendix(s: &str) -> Option<LineKind<'_>> {
    let s = s.strip_prefix("# ").unwrap_or(s);
    let mut rest = s;
    let mut words = 0;
    while let Some(after) = APPENDIX_WORDS.iter().find_map(|w| rest.strip_prefix(w)) {
        words += 1;
        // 第一, 第１号, １, 一の二
        let numbered = after.strip_prefix('第').unwrap_or(after);
        let (digits, r) = take_while(numbered, is_numeral_char);
        rest = if digits.is_empty() {
            after
        } else {
            let r = r.strip_prefix('号').unwrap_or(r);
            item_branches(r).1
        };
    }
    if words == 0 || s.contains('。') || s.chars().count() > 100 {
        return None;
    }
    let label = &s[..s.len() - rest.len()];
    let title = rest.trim_start_matches(is_space);
    // After the label: nothing, a title after a space, or a note in
    // brackets and nothing but a title after it.
    let spaced = title.len() < rest.len();
    if !(title.is_empty() || spaced || title.starts_with(['（', '('])) {
        return None;
    }
    if !spaced && let Some(inner) = title.strip_prefix(['（', '(']) {
        let close = inner.find(['）', ')'])?;
        let tail = &inner[close..];
        let tail = tail
            .strip_prefix('）')
            .or_else(|| tail.strip_prefix(')'))
            .unwrap_or(tail);
        if !tail.is_empty() && !tail.starts_with(is_space) {
            return None;
        }
    }
    Some(LineKind::Appendix { label, title })
}

/// `* - 本文` / `* * 見出し`: the first cell of a table row (e-Gov export).
fn table_row(s: &str) -> Option<LineKind<'_>> {
    let rest = s.strip_prefix("* ")?;
    if let Some(text) = rest.strip_prefix("- ") {
        return Some(LineKind::TableRow {
            header: false,
            text,
        });
    }
    if rest == "-" || rest == "*" {
        return Some(LineKind::TableRow {
            header: rest == "*",
            text: "",
        });
    }
    rest.strip_prefix("* ")
        .map(|text| LineKind::TableRow { header: true, text })
}

/// The title of a pasted law's table of contents: 目次, 目　次, or the law's
/// name with 目次 (労働基準法目次).
fn toc_title(s: &str) -> bool {
    let Some(name) = s.strip_suffix("目次").or_else(|| s.strip_suffix("目　次")) else {
        return false;
    };
    name.chars().count() <= 40
        && !name.starts_with('第')
        && !name.contains(|c: char| is_space(c) || "。、（）()".contains(c))
}

/// The other reading of an ambiguous katakana marker (イ is 1 in iroha, 2 in
/// aiueo; ウ is 3 in aiueo, 23 in iroha).
pub fn alternative_katakana(marker: &str) -> Option<(MarkerKind, u32)> {
    let c = marker.chars().next()?;
    AIUEO
        .chars()
        .position(|x| x == c)
        .map(|i| (MarkerKind::Aiueo, i as u32 + 1))
}

/// The open levels of 号 markers while a paragraph is read: per level,
/// its kind and the number (with branches) of its last item. Shared by the
/// parser and the importer's replay of it.
#[derive(Debug, Clone, Default)]
pub struct ItemLevels(Vec<(MarkerKind, u32, Vec<u32>)>);

impl ItemLevels {
    pub fn clear(&mut self) {
        self.0.clear();
    }

    /// The item just placed stands for every number up to `last`
    /// (一から三まで): the next one follows `last`.
    pub fn reach(&mut self, last: (u32, Vec<u32>)) {
        if let Some(level) = self.0.last_mut() {
            level.1 = last.0;
            level.2 = last.1;
        }
    }

    /// The open levels, outermost first: kind and last number.
    pub fn levels(&self) -> impl Iterator<Item = (MarkerKind, u32)> + '_ {
        self.0.iter().map(|(k, n, _)| (*k, *n))
    }

    /// Whether `kind` number `number` (no branches) is the next item of an
    /// open level.
    pub fn continues(&self, kind: MarkerKind, number: u32) -> bool {
        self.sibling(kind, number, &[], false).is_some()
    }

    /// `gaps`: items may have been left out (an excerpted 附則: 一及び二　略).
    fn sibling(
        &self,
        kind: MarkerKind,
        number: u32,
        branches: &[u32],
        gaps: bool,
    ) -> Option<usize> {
        let level = self.0.iter().position(|(k, _, _)| *k == kind)?;
        let (_, last, last_branches) = &self.0[level];
        let next = if branches.is_empty() {
            last.checked_add(1) == Some(number) || (gaps && number > *last)
        } else {
            // 三の二 after 三 or 三の一…; branch numbers only go up.
            *last == number && last_branches.as_slice() < branches
        };
        next.then_some(level)
    }

    /// Where a marker fits: the next item of an open level (preferred, in
    /// any of its readings: ア イ ウ makes イ the second of アイウ, not the
    /// first of イロハ), or the first item of a new, deeper level. Returns
    /// the level and the reading taken, and opens it. With `gaps` (an
    /// excerpted 附則), a list may skip numbers and start past 1.
    pub fn place(
        &mut self,
        kind: MarkerKind,
        number: u32,
        branches: &[u32],
        marker: &str,
        gaps: bool,
    ) -> Option<(usize, MarkerKind, u32)> {
        let mut readings = vec![(kind, number)];
        if kind == MarkerKind::Iroha {
            readings.extend(alternative_katakana(marker));
        }
        let fresh = |levels: &Self, k: MarkerKind, n: u32, gaps: bool| {
            let open = levels.0.iter().any(|(x, _, _)| *x == k);
            (!open && (n == 1 || gaps) && branches.is_empty()).then_some((levels.0.len(), k, n))
        };
        let exact = |gaps: bool| {
            readings
                .iter()
                .find_map(|&(k, n)| self.sibling(k, n, branches, gaps).map(|d| (d, k, n)))
                .or_else(|| readings.iter().find_map(|&(k, n)| fresh(self, k, n, gaps)))
        };
        let placed = exact(false).or_else(|| if gaps { exact(true) } else { None })?;
        self.0.truncate(placed.0);
        self.0.push((placed.1, placed.2, branches.to_vec()));
        Some(placed)
    }
}

/// How a body is laid out: 条文 (articles) or numbered sections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Articles,
    Sections,
}

/// Classifies one line (indentation is irrelevant). `２．本文` is a 項 in the
/// article style and a section heading in the section style.
pub fn classify(raw: &str, style: Style) -> LineKind<'_> {
    let s = trim_indent(raw);
    if s.is_empty() {
        return LineKind::Blank;
    }
    if toc_title(s) {
        return LineKind::TocStart;
    }
    if let Some(h) = heading(s) {
        return h;
    }
    if let Some(rest) = supplementary(s) {
        return LineKind::Supplementary(rest);
    }
    if let Some(range) = deleted_range(s) {
        return range;
    }
    if let Some(a) = appendix(s) {
        return a;
    }
    if let Some(row) = table_row(s) {
        return row;
    }
    if let Some((number, len)) = parse_article_label(s)
        && let Some(text) = after_separator(&s[len..])
    {
        return LineKind::Article {
            number,
            label: &s[..len],
            text,
        };
    }
    if let Some(c) = caption(s) {
        return LineKind::CaptionCandidate(c);
    }
    let block = match style {
        Style::Articles => paragraph(s),
        Style::Sections => section(s),
    };
    if let Some(b) = block {
        return b;
    }
    if let Some(i) = item(s) {
        return i;
    }
    LineKind::Text(s)
}

/// A sub-section's heading in a regulation of numbered sections: `2.1
/// 対象システム`, `3.2.1　手順` — numbers joined by dots, then a short title
/// that is not a sentence. Shown as a line of its own; the 号 under it
/// count from (1) again.
pub fn subsection_heading(text: &str) -> bool {
    let text = text.trim_start_matches(is_space);
    let (first, rest) = take_while(text, |c| digit_value(c).is_some());
    if first.is_empty() {
        return false;
    }
    let mut rest = rest;
    let mut levels = 1;
    while let Some(after) = rest.strip_prefix(['.', '．']) {
        let (digits, more) = take_while(after, |c| digit_value(c).is_some());
        if digits.is_empty() {
            break;
        }
        levels += 1;
        rest = more;
    }
    let title = rest.trim_start_matches(is_space);
    levels >= 2
        && rest.starts_with(is_space)
        && !title.is_empty()
        && !title.contains('。')
        && title.chars().count() <= 40
}

/// `text` without the mark e-Gov 法令検索's text export puts before some
/// lines: `:enact-statement:` (the 制定文), `:anonym-paragraph:` (a 附則
/// paragraph without a number), any `:lowercase-word:`.
pub fn without_egov_mark(text: &str) -> &str {
    text.strip_prefix(':')
        .and_then(|rest| {
            let (mark, text) = rest.split_once(':')?;
            (!mark.is_empty() && mark.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
                .then_some(text)
        })
        .unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn art(main: u32, branches: &[u32]) -> ArticleNumber {
        ArticleNumber {
            main,
            branches: branches.to_vec(),
        }
    }

    #[test]
    fn articles_in_every_numeral_form() {
        for (line, n) in [
            ("第１５条　本文", art(15, &[])),
            ("第15条 本文", art(15, &[])),
            ("第十五条　本文", art(15, &[])),
            ("第十二条の二　本文", art(12, &[2])),
            ("第12条の2の3　本文", art(12, &[2, 3])),
            ("第五条　削除", art(5, &[])),
        ] {
            match classify(line, Style::Articles) {
                LineKind::Article { number, .. } => assert_eq!(number, n, "{line}"),
                other => panic!("{line}: {other:?}"),
            }
        }
        assert_eq!(art(12, &[2]).anchor(), "art-12-2");
        assert_eq!(art(12, &[2]).label(), "第12条の2");
    }

    #[test]
    fn mentions_are_not_articles() {
        for line in [
            "第四条の規定により",
            "第十二条の二の規定は",
            "第二条第一項に規定する",
            "附則第三条の規定",
        ] {
            assert!(
                !matches!(
                    classify(line, Style::Articles),
                    LineKind::Article { .. } | LineKind::Supplementary(_)
                ),
                "{line}: {:?}",
                classify(line, Style::Articles)
            );
        }
    }

    #[test]
    fn fusoku_is_a_supplement_as_fusoku_is() {
        for line in ["付則", "付　則（令和３年４月１日改正）", "【付則】"] {
            assert!(
                matches!(classify(line, Style::Articles), LineKind::Supplementary(_)),
                "{line}"
            );
        }
        // A mention, not a heading.
        assert!(!matches!(
            classify("付則第三条の規定により", Style::Articles),
            LineKind::Supplementary(_)
        ));
    }

    #[test]
    fn headings_captions_and_supplementary() {
        assert!(matches!(
            classify("      第一章　総則", Style::Articles),
            LineKind::Heading {
                level: 1,
                title: "総則",
                ..
            }
        ));
        assert!(matches!(
            classify("第２節　体制", Style::Articles),
            LineKind::Heading { level: 2, .. }
        ));
        assert!(matches!(
            classify("第一編　総則", Style::Articles),
            LineKind::Heading { level: 0, .. }
        ));
        assert!(matches!(
            classify("第二章の二　雑則", Style::Articles),
            LineKind::Heading {
                level: 1,
                label: "第二章の二",
                ..
            }
        ));
        assert_eq!(
            classify("  （目的）", Style::Articles),
            LineKind::CaptionCandidate("目的")
        );
        assert_eq!(
            classify("(目的)", Style::Articles),
            LineKind::CaptionCandidate("目的")
        );
        assert_eq!(
            classify("附　則", Style::Articles),
            LineKind::Supplementary("")
        );
        assert_eq!(
            classify("［附則］", Style::Articles),
            LineKind::Supplementary("")
        );
        assert_eq!(
            classify("附　則　（平成六年法律第百十六号）　抄", Style::Articles),
            LineKind::Supplementary("（平成六年法律第百十六号）　抄")
        );
        assert_eq!(classify("目次", Style::Articles), LineKind::TocStart);
    }

    #[test]
    fn paragraphs_and_items() {
        assert!(matches!(
            classify("２．管理部門は", Style::Articles),
            LineKind::ParagraphCandidate { number: 2, .. }
        ));
        assert!(matches!(
            classify("２　前項の", Style::Articles),
            LineKind::ParagraphCandidate { number: 2, .. }
        ));
        assert!(matches!(
            classify("  一　他人の", Style::Articles),
            LineKind::ItemCandidate {
                kind: MarkerKind::Kanji,
                number: 1,
                ..
            }
        ));
        assert!(matches!(
            classify("十二　その", Style::Articles),
            LineKind::ItemCandidate {
                kind: MarkerKind::Kanji,
                number: 12,
                ..
            }
        ));
        assert!(matches!(
            classify("① ウイルス", Style::Articles),
            LineKind::ItemCandidate {
                kind: MarkerKind::Circled,
                number: 1,
                ..
            }
        ));
        assert!(matches!(
            classify("(3) 情報", Style::Articles),
            LineKind::ItemCandidate {
                kind: MarkerKind::Paren,
                number: 3,
                ..
            }
        ));
        assert!(matches!(
            classify("（１）　情報", Style::Articles),
            LineKind::ItemCandidate {
                kind: MarkerKind::Paren,
                number: 1,
                ..
            }
        ));
        assert!(matches!(
            classify("    イ　第二条", Style::Articles),
            LineKind::ItemCandidate {
                kind: MarkerKind::Iroha,
                number: 1,
                ..
            }
        ));
        // Words that merely start with a numeral kanji are text.
        assert!(matches!(
            classify("一部改定", Style::Articles),
            LineKind::Text(_)
        ));
        assert!(matches!(
            classify("アカウント等", Style::Articles),
            LineKind::Text(_)
        ));
    }

    #[test]
    fn section_style() {
        assert!(matches!(
            classify("1. 目的", Style::Sections),
            LineKind::SectionCandidate {
                number: Some(1),
                title: "目的",
                ..
            }
        ));
        assert!(matches!(
            classify("## 4. セキュリティ事故への対処", Style::Sections),
            LineKind::SectionCandidate {
                number: Some(4),
                ..
            }
        ));
        assert!(matches!(
            classify("## 用語", Style::Sections),
            LineKind::SectionCandidate { number: None, .. }
        ));
    }

    #[test]
    fn tables_of_contents_appendices_ranges_and_rows() {
        for toc in ["目次", "目　次", "労働基準法目次"] {
            assert_eq!(classify(toc, Style::Articles), LineKind::TocStart, "{toc}");
        }
        assert_ne!(
            classify("目次は別に定める。", Style::Articles),
            LineKind::TocStart
        );
        for (line, label, title) in [
            (
                "# 別表第一（第三十三条関係）",
                "別表第一",
                "（第三十三条関係）",
            ),
            (
                "別表第二　身体障害等級表（第七十七条関係）",
                "別表第二",
                "身体障害等級表（第七十七条関係）",
            ),
            ("別表", "別表", ""),
            (
                "別記様式第一号（第十条関係）",
                "別記様式第一号",
                "（第十条関係）",
            ),
            ("様式第１号", "様式第１号", ""),
        ] {
            assert_eq!(
                classify(line, Style::Articles),
                LineKind::Appendix { label, title },
                "{line}"
            );
        }
        for text in [
            "別表第一に掲げる事業",
            "様式は別に定める。",
            "別表（第一条関係）に掲げる",
            "別紙のとおり",
        ] {
            assert!(
                !matches!(classify(text, Style::Articles), LineKind::Appendix { .. }),
                "{text}"
            );
        }
        match classify("第五十五条から第五十七条まで　削除", Style::Articles) {
            LineKind::DeletedRange {
                numbers,
                through,
                label,
                ..
            } => {
                assert_eq!(label, "第五十五条から第五十七条まで");
                assert!(through);
                assert_eq!(numbers, [art(55, &[]), art(57, &[])]);
                assert_eq!(between(&numbers[0], &numbers[1]), Some(vec![art(56, &[])]));
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            classify("第百二十九条及び第百三十条　削除", Style::Articles),
            LineKind::DeletedRange { .. }
        ));
        assert!(matches!(
            classify("  * - [BorderTop=\"none\"]第一級", Style::Articles),
            LineKind::TableRow { header: false, .. }
        ));
        assert!(matches!(
            classify("* * 等級", Style::Articles),
            LineKind::TableRow {
                header: true,
                text: "等級"
            }
        ));
    }

    #[test]
    fn item_markers_with_branches() {
        match classify("  十一の二　配電事業", Style::Articles) {
            LineKind::ItemCandidate {
                kind,
                number,
                branches,
                marker,
                text,
            } => {
                assert_eq!(
                    (kind, number, marker, text),
                    (MarkerKind::Kanji, 11, "十一の二", "配電事業")
                );
                assert_eq!(branches, [2]);
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            classify("イの二　細分", Style::Articles),
            LineKind::ItemCandidate {
                kind: MarkerKind::Iroha,
                number: 1,
                ..
            }
        ));
        match classify("  一から五の三まで　略", Style::Articles) {
            LineKind::ItemRange {
                number,
                last,
                marker,
                ..
            } => assert_eq!(
                (number, last, marker),
                (1, (5, vec![3]), "一から五の三まで")
            ),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            classify("二及び三　削除", Style::Articles),
            LineKind::ItemRange { number: 2, .. }
        ));
        assert!(matches!(
            classify("一から三までの規定", Style::Articles),
            LineKind::Text(_)
        ));
        // 一の位 is a word, not a marker.
        assert!(matches!(
            classify("一の位を四捨五入する", Style::Articles),
            LineKind::Text(_)
        ));
    }
}
