//! Where each mention of an article in the law's text should link, judged
//! from the XML's structure alone (not by the handbook's resolver). The
//! rules, kept simple on purpose:
//!
//! - Tokens: `第N条(のM)*(第K項)?`, `前条`/`次条` `(第K項)?`, `前項`/`次項`,
//!   and a bare `第K項`. Text in 「」 is quoted: never linked.
//! - Another law named earlier in the same sentence (since the last 。):
//!   `同法`, `新法`, `旧法`, `改正前の`, `改正後の`, a law number
//!   `（…法律第…号）`, `…法第`, `…令第`, `…規則第`, `…規程第`, `…条約第`,
//!   `…法律`/`…法` followed by の, に, を… (not 方法, この法律, …):
//!   the mention is not this law's, so it is not linked.
//! - Directly after 附則 (附則第四条): a 附則 article, not linked; after
//!   同条/同項: not judged.
//! - Main provisions: 第N条 is article N (第K項: its 項 K), when it exists;
//!   前条/次条 step through the articles in XML order; 前項/次項 step from
//!   the paragraph the text stands in; a bare 第K項 is the current
//!   article's, unless only connectives (、及び 又は 若しくは 並びに から
//!   まで ・, 第J号, イ…, （…）) stand between it and a mention naming a
//!   項 (第四十一条第二項、第三項), or it opens the parenthesis right after
//!   an article (第二条（第二項を除く。）): then it is that article's.
//! - A 附則 with an amending act's number: 第N条 is that act's, not
//!   linked; relative mentions and a bare 第K項 stay inside the 附則
//!   (`suppl-K-art-N-pM`). The law's original 附則: 第N条 is not judged
//!   when the 附則 has articles of its own, else it is the main article.
//! - 前各項 is the article's first 項; 前号, 次号 and 前各号 step through the
//!   号 of the 項 the text stands in (its first 号 for 前各号), from the 号
//!   the text stands in or whose 細分 it is in; outside a 号 they link
//!   nowhere. 同条, 同項, 同号: not judged.
//! - Tables in articles: first column not judged; the other columns of a
//!   読替え table quote wording, never linked. 目次 and 別表: 第N条 only.

use crate::expect::{expand_num, is_deleted, item_path, num_path};
use crate::text::{is_paragraph_item, sentences};
use crate::xml::Element;

/// Why a mention is not linked when another law is named earlier in its
/// sentence but not right before it: not certain, so not linked (issue 15).
pub const SAME_SENTENCE: &str = "同じ文に他の法令の名";

#[derive(Debug, Clone, PartialEq)]
pub enum Expect {
    Link(String),
    NoLink(&'static str),
    Unjudged(&'static str),
}

#[derive(Debug, Clone)]
pub struct Mention {
    pub text: String,
    /// Up to the last full-width space, at most a few characters: the text
    /// just before the mention in its block.
    pub before: String,
    /// The same after it.
    pub after: String,
    pub expect: Expect,
    /// Where it stands, for the report: `art-12-p2`, `suppl-3-art-1-p1`.
    pub place: String,
}

/// One article in the order 前条/次条 step through.
struct Art {
    path: String,
    paragraphs: Vec<u32>,
}

#[derive(Clone, Copy, PartialEq)]
enum Part {
    Toc,
    Main,
    /// A 附則: amending (has AmendLawNum), has articles of its own.
    Suppl {
        amending: bool,
        articles: bool,
    },
    Appendix,
}

struct Where<'a> {
    part: Part,
    /// Anchor prefix: `` or `suppl-K-`.
    prefix: String,
    /// The articles of this part (main or this 附則).
    arts: &'a [Art],
    current: Option<usize>,
    paragraph: u32,
    /// The Nums of the 附則's paragraphs that stand outside articles (an
    /// excerpted 附則 leaves some out: ６ then ９).
    loose_paragraphs: Vec<u32>,
    table_column: Option<usize>,
    reading_table: bool,
    /// The paragraph's top-level 号 (`3_2` for 三の二), and which of them
    /// the text stands in (a 号 or one of its 細分), for 前号 and 前各号.
    items: Vec<String>,
    item: Option<usize>,
}

pub fn mentions(law: &Element) -> Vec<Mention> {
    let mut out = Vec::new();
    let Some(body) = law.child("LawBody") else {
        return out;
    };
    let main_arts = body
        .child("MainProvision")
        .map(articles_in)
        .unwrap_or_default();
    let mut k = 0;
    for c in body.elements() {
        match c.name.as_str() {
            "TOC" => {
                let w = Where::new(Part::Toc, String::new(), &main_arts);
                walk_plain(c, &w, &main_arts, &mut out);
            }
            "MainProvision" => {
                let w = Where::new(Part::Main, String::new(), &main_arts);
                walk_group(c, &w, &main_arts, &mut out);
            }
            "SupplProvision" => {
                k += 1;
                let arts = articles_in(c);
                let part = Part::Suppl {
                    amending: c.attr("AmendLawNum").is_some(),
                    articles: !arts.is_empty(),
                };
                let mut w = Where::new(part, format!("suppl-{k}-"), &arts);
                w.loose_paragraphs = c
                    .children_named("Paragraph")
                    .filter_map(|p| p.attr("Num").and_then(|n| n.parse().ok()))
                    .collect();
                walk_group(c, &w, &main_arts, &mut out);
            }
            name if name.starts_with("Appdx") => {
                let w = Where::new(Part::Appendix, String::new(), &main_arts);
                walk_plain(c, &w, &main_arts, &mut out);
            }
            _ => {}
        }
    }
    out
}

impl<'a> Where<'a> {
    fn new(part: Part, prefix: String, arts: &'a [Art]) -> Self {
        Where {
            part,
            prefix,
            arts,
            current: None,
            paragraph: 1,
            loose_paragraphs: Vec::new(),
            table_column: None,
            reading_table: false,
            items: Vec::new(),
            item: None,
        }
    }

    fn place(&self) -> String {
        match self.current {
            Some(i) => format!(
                "{}art-{}-p{}",
                self.prefix, self.arts[i].path, self.paragraph
            ),
            None => format!("{}p{}", self.prefix, self.paragraph),
        }
    }

    fn reborrow(&self) -> Where<'a> {
        Where {
            part: self.part,
            prefix: self.prefix.clone(),
            arts: self.arts,
            current: self.current,
            paragraph: self.paragraph,
            loose_paragraphs: self.loose_paragraphs.clone(),
            table_column: self.table_column,
            reading_table: self.reading_table,
            items: self.items.clone(),
            item: self.item,
        }
    }
}

fn articles_in(el: &Element) -> Vec<Art> {
    let mut out = Vec::new();
    for c in el.elements() {
        if c.name == "Article" {
            let paragraphs: Vec<u32> = c
                .children_named("Paragraph")
                .filter_map(|p| p.attr("Num").and_then(|n| n.parse().ok()))
                .collect();
            for n in expand_num(c.attr("Num").unwrap_or_default()) {
                out.push(Art {
                    path: num_path(&n),
                    paragraphs: if is_deleted(c) {
                        vec![1]
                    } else {
                        paragraphs.clone()
                    },
                });
            }
        } else if matches!(
            c.name.as_str(),
            "Part" | "Chapter" | "Section" | "Subsection" | "Division"
        ) {
            out.extend(articles_in(c));
        }
    }
    out
}

fn walk_group(el: &Element, w: &Where, main: &[Art], out: &mut Vec<Mention>) {
    for c in el.elements() {
        match c.name.as_str() {
            "Article" => {
                let first = expand_num(c.attr("Num").unwrap_or_default())
                    .first()
                    .map(|n| num_path(n))
                    .unwrap_or_default();
                let mut aw = w.reborrow();
                aw.current = w.arts.iter().position(|a| a.path == first);
                for p in c.children_named("Paragraph") {
                    aw.paragraph = p.attr("Num").and_then(|n| n.parse().ok()).unwrap_or(1);
                    walk_paragraph(p, &aw, main, out);
                }
            }
            "Paragraph" => {
                let mut pw = w.reborrow();
                pw.paragraph = c.attr("Num").and_then(|n| n.parse().ok()).unwrap_or(1);
                walk_paragraph(c, &pw, main, out);
            }
            "Part" | "Chapter" | "Section" | "Subsection" | "Division" => {
                walk_group(c, w, main, out)
            }
            _ => {}
        }
    }
}

fn walk_paragraph(p: &Element, w: &Where, main: &[Art], out: &mut Vec<Mention>) {
    let reading = p
        .elements()
        .filter(|c| c.name.ends_with("Sentence"))
        .any(|s| sentences(s).contains("読み替え"));
    // A paragraph's 号 are what 前号 steps through; a 号's 細分 stand in it.
    let mut here = w.reborrow();
    if p.name == "Paragraph" {
        here.items = p
            .children_named("Item")
            .map(|i| item_path(i.attr("Num").unwrap_or_default()))
            .collect();
        here.item = None;
    }
    let w = &here;
    for c in p.elements() {
        if c.name.ends_with("Sentence") {
            judge_text(&sentences(c), w, main, out);
        } else if is_paragraph_item(&c.name) {
            let mut iw = w.reborrow();
            if c.name == "Item" {
                let num = item_path(c.attr("Num").unwrap_or_default());
                iw.item = w.items.iter().position(|n| *n == num);
            }
            walk_paragraph(c, &iw, main, out);
        } else if c.name == "TableStruct" {
            let mut tw = w.reborrow();
            tw.reading_table = reading;
            walk_table(c, &tw, main, out);
        }
    }
}

fn walk_table(ts: &Element, w: &Where, main: &[Art], out: &mut Vec<Mention>) {
    for row in ts
        .elements()
        .filter(|e| e.name == "Table")
        .flat_map(|t| t.elements())
    {
        for (i, cell) in row.elements().enumerate() {
            let mut cw = w.reborrow();
            cw.table_column = Some(i);
            if cell
                .elements()
                .all(|k| k.name == "Sentence" || k.name == "Column")
                && cell.elements().any(|k| k.name == "Column")
            {
                judge_text(&sentences(cell), &cw, main, out);
            } else {
                for k in cell.elements() {
                    if k.name == "Sentence" {
                        judge_text(&k.text(), &cw, main, out);
                    } else {
                        walk_plain(k, &cw, main, out);
                    }
                }
            }
        }
    }
}

/// 目次, 別表 and anything else: every sentence-bearing element in order.
fn walk_plain(el: &Element, w: &Where, main: &[Art], out: &mut Vec<Mention>) {
    for c in el.elements() {
        if c.name == "Sentence"
            || c.name == "ArticleRange"
            || c.name == "RelatedArticleNum"
            || c.name.ends_with("Title")
        {
            judge_text(&c.text(), w, main, out);
        } else if c.name.ends_with("Sentence") {
            judge_text(&sentences(c), w, main, out);
        } else if c.name == "TableStruct" {
            walk_table(c, w, main, out);
        } else {
            walk_plain(c, w, main, out);
        }
    }
}

const NUMERALS: &str = "〇一二三四五六七八九十百千0123456789０１２３４５６７８９";

fn numeral_run(s: &str) -> usize {
    s.char_indices()
        .find(|(_, c)| !NUMERALS.contains(*c))
        .map_or(s.len(), |(i, _)| i)
}

/// 百二十三 → 123; 一〇 → 10; full-width and ASCII digits too.
pub fn parse_number(s: &str) -> Option<u32> {
    let digit = |c: char| -> Option<u32> {
        "〇一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|p| p as u32)
            .or_else(|| c.to_digit(10))
            .or_else(|| ('０'..='９').position(|d| d == c).map(|p| p as u32))
    };
    if s.is_empty() {
        return None;
    }
    if !s.contains(['十', '百', '千']) {
        return s.chars().try_fold(0u32, |n, c| Some(n * 10 + digit(c)?));
    }
    let (mut total, mut cur) = (0, 0);
    for c in s.chars() {
        let unit = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            c => {
                cur = digit(c)?;
                continue;
            }
        };
        total += if cur == 0 { 1 } else { cur } * unit;
        cur = 0;
    }
    Some(total + cur)
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    /// Article path (`12-2`) and 項.
    Article(String, Option<u32>),
    Relative(i32, Option<u32>),
    RelativeParagraph(i32),
    Paragraph(u32),
    /// 前各項.
    PrecedingParagraphs,
    /// 前号, 次号.
    RelativeItem(i32),
    /// 前各号.
    PrecedingItems,
    /// 同条 (第K項), 同項, 同号: not judged.
    Same,
}

/// `第K項` at the start of `s`: (K, bytes).
fn paragraph_at(s: &str) -> Option<(u32, usize)> {
    let r = s.strip_prefix('第')?;
    let n = numeral_run(r);
    let num = parse_number(&r[..n])?;
    r[n..]
        .starts_with('項')
        .then(|| (num, '第'.len_utf8() + n + '項'.len_utf8()))
}

fn token_at(s: &str) -> Option<(Token, usize)> {
    if let Some(r) = s.strip_prefix("同条") {
        let extra = paragraph_at(r).map_or(0, |(_, l)| l);
        return Some((Token::Same, "同条".len() + extra));
    }
    for word in ["同項", "同号"] {
        if s.starts_with(word) {
            return Some((Token::Same, word.len()));
        }
    }
    for (word, token) in [
        ("前各項", Token::PrecedingParagraphs),
        ("前各号", Token::PrecedingItems),
        ("前号", Token::RelativeItem(-1)),
        ("次号", Token::RelativeItem(1)),
    ] {
        if s.starts_with(word) {
            return Some((token, word.len()));
        }
    }
    for (word, step) in [("前条", -1), ("次条", 1)] {
        if let Some(r) = s.strip_prefix(word) {
            return Some(match paragraph_at(r) {
                Some((k, l)) => (Token::Relative(step, Some(k)), word.len() + l),
                None => (Token::Relative(step, None), word.len()),
            });
        }
    }
    for (word, step) in [("前項", -1), ("次項", 1)] {
        if s.starts_with(word) {
            return Some((Token::RelativeParagraph(step), word.len()));
        }
    }
    let r = s.strip_prefix('第')?;
    let n = numeral_run(r);
    if n == 0 {
        return None;
    }
    let main = parse_number(&r[..n])?;
    if let Some(mut r2) = r[n..].strip_prefix('条') {
        let mut path = main.to_string();
        let mut len = '第'.len_utf8() + n + '条'.len_utf8();
        while let Some(r3) = r2.strip_prefix('の') {
            let m = numeral_run(r3);
            let Some(b) = parse_number(&r3[..m]) else {
                break;
            };
            path.push_str(&format!("-{b}"));
            len += 'の'.len_utf8() + m;
            r2 = &r3[m..];
        }
        return Some(match paragraph_at(r2) {
            Some((k, l)) => (Token::Article(path, Some(k)), len + l),
            None => (Token::Article(path, None), len),
        });
    }
    paragraph_at(s).map(|(k, l)| (Token::Paragraph(k), l))
}

/// Whether another law is named in `scope` (the sentence so far).
pub fn other_law_named(scope: &str) -> bool {
    const MARKS: [&str; 5] = ["同法", "新法", "旧法", "改正前の", "改正後の"];
    if MARKS.iter().any(|m| scope.contains(m)) {
        return true;
    }
    for num in [
        "法律第",
        "政令第",
        "省令第",
        "府令第",
        "勅令第",
        "条例第",
        "規則第",
    ] {
        if let Some(i) = scope.find(num)
            && scope[i..].contains("号")
            && !scope[..i].ends_with("この")
        {
            return true;
        }
    }
    // A name right before the mention: 民事訴訟法第百二十四条.
    if ["令", "規程", "条約", "協定"]
        .iter()
        .any(|e| scope.ends_with(e))
        || (scope.ends_with("規則") && !scope.ends_with("附則"))
    {
        return true;
    }
    for head in ["法第", "令第", "規程第", "条約第"] {
        if scope.contains(head) {
            return true;
        }
    }
    if scope.match_indices("規則第").count() > scope.match_indices("附則第").count() {
        return true;
    }
    // …法の, …法律に: a law's name, unless it is a common word.
    const NOT_LAWS: &str = "方手用製工技文作寸話論療算加減乗除違不適合司立本便説";
    const AFTER: [&str; 14] = [
        "の",
        "に",
        "を",
        "は",
        "が",
        "と",
        "で",
        "、",
        "及び",
        "又は",
        "並びに",
        "若しくは",
        "（",
        "施行",
    ];
    for (i, _) in scope.match_indices('法') {
        let before = &scope[..i];
        let mut after = &scope[i + '法'.len_utf8()..];
        if let Some(a) = after.strip_prefix('律') {
            if before.ends_with("この") || before.ends_with("別に") || before.is_empty() {
                continue;
            }
            after = a;
        } else if before
            .chars()
            .next_back()
            .is_none_or(|c| NOT_LAWS.contains(c) || !is_cjk(c))
        {
            continue;
        }
        if after.is_empty() || AFTER.iter().any(|a| after.starts_with(a)) {
            return true;
        }
    }
    false
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{30A0}'..='\u{30FF}' | '々')
}

const CONNECTIVES: [&str; 12] = [
    "、",
    "・",
    "及び",
    "又は",
    "若しくは",
    "並びに",
    "から",
    "まで",
    "各号",
    "ただし書",
    "本文",
    "前段",
];

fn only_connectives(mut s: &str) -> bool {
    while !s.is_empty() {
        if let Some(c) = CONNECTIVES.iter().find_map(|c| s.strip_prefix(c)) {
            s = c;
        } else if s.starts_with('（') {
            let mut depth = 0;
            let mut end = None;
            for (i, c) in s.char_indices() {
                match c {
                    '（' => depth += 1,
                    '）' => {
                        depth -= 1;
                        if depth == 0 {
                            end = Some(i + c.len_utf8());
                            break;
                        }
                    }
                    _ => {}
                }
            }
            match end {
                Some(e) => s = &s[e..],
                None => return false,
            }
        } else if let Some(r) = s.strip_prefix('第') {
            let n = numeral_run(r);
            match r[n..].strip_prefix('号') {
                Some(r) if n > 0 => s = r,
                _ => return false,
            }
        } else if let Some(c) = s
            .chars()
            .next()
            .filter(|c| "イロハニホヘトチリヌルヲワカヨタレソツネナラム".contains(*c))
        {
            s = &s[c.len_utf8()..];
        } else {
            return false;
        }
    }
    true
}

/// What the last mention named, for a bare 第K項 after it.
#[derive(Clone)]
enum Head {
    /// An article of this part (`arts` index) or of the main provisions.
    Article {
        has_paragraph: bool,
        art: Option<usize>,
        main: bool,
    },
    /// Another law's, or not judged: what follows it is the same.
    Other(Expect),
}

fn judge_text(text: &str, w: &Where, main: &[Art], out: &mut Vec<Mention>) {
    let mut quoted = 0usize;
    let mut sentence_start = 0;
    // Per parenthesis depth, the end of the last mention and what it named:
    // a mention inside （…） does not break the list it interrupts.
    let mut lists: Vec<Option<(usize, Head)>> = vec![None];
    // Per depth, where its （ stands (for 第二条（第二項を除く。）).
    let mut opens: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let c = rest.chars().next().unwrap_or(' ');
        match c {
            '「' => quoted += 1,
            '」' => quoted = quoted.saturating_sub(1),
            '。' => sentence_start = i + c.len_utf8(),
            '（' => {
                lists.push(None);
                opens.push(i);
            }
            '）' if lists.len() > 1 => {
                lists.pop();
                opens.pop();
            }
            _ => {}
        }
        let Some((token, len)) = token_at(rest) else {
            i += c.len_utf8();
            continue;
        };
        let depth = lists.len() - 1;
        let continues = match &lists[depth] {
            Some((end, h)) if only_connectives(&text[*end..i]) => Some((false, h.clone())),
            // Right after the （ that follows a mention: 第二条（第二項….
            None if depth > 0 && opens.last().is_some_and(|o| o + '（'.len_utf8() == i) => {
                match &lists[depth - 1] {
                    Some((end, h)) if Some(end) == opens.last() => Some((true, h.clone())),
                    _ => None,
                }
            }
            _ => None,
        };
        let before_all = &text[..i];
        let scope = &text[sentence_start..i];
        let (expect, head) = judge(&token, w, main, quoted > 0, scope, before_all, continues);
        out.push(Mention {
            text: text[i..i + len].to_string(),
            before: context(before_all),
            after: context_after(&text[i + len..]),
            expect,
            place: w.place(),
        });
        lists[depth] = Some((i + len, head));
        i += len;
    }
}

/// 前各項, 前号, 次号, 前各号: counted from the 項 and 号 the text stands in.
fn judge_counted(token: &Token, w: &Where) -> Expect {
    if matches!(w.part, Part::Toc | Part::Appendix) {
        return Expect::Unjudged("目次・別表");
    }
    let Some(cur) = w.current else {
        return Expect::Unjudged("条の外");
    };
    let a = &w.arts[cur];
    let paragraph = format!("{}art-{}-p{}", w.prefix, a.path, w.paragraph);
    match token {
        Token::PrecedingParagraphs => match a.paragraphs.first() {
            Some(first) if w.paragraph > *first => {
                Expect::Link(format!("{}art-{}-p{first}", w.prefix, a.path))
            }
            _ => Expect::NoLink("前の項がない"),
        },
        _ => {
            let Some(k) = w.item else {
                return Expect::NoLink("号の外");
            };
            let at = match token {
                Token::RelativeItem(step) => usize::try_from(k as i64 + *step as i64).ok(),
                _ => (k > 0).then_some(0),
            };
            match at.and_then(|i| w.items.get(i)) {
                Some(num) => Expect::Link(format!("{paragraph}-i{num}")),
                None => Expect::NoLink("前後の号がない"),
            }
        }
    }
}

/// Whether `next` can be the article right after (or before) `from` in
/// numbering: an excerpted (抄) 附則 leaves articles out, and then 次条 is
/// not the next one printed.
fn adjacent(from: &str, to: &str, step: i32) -> bool {
    let (a, b) = if step > 0 { (from, to) } else { (to, from) };
    let main = |p: &str| p.split('-').next().and_then(|n| n.parse::<u32>().ok());
    match (main(a), main(b)) {
        (Some(x), Some(y)) => y == x || y == x + 1,
        _ => false,
    }
}

/// How many characters either side of a mention pair it with a link.
pub const CONTEXT: usize = 6;

/// The few characters before a mention, after the last full-width space.
pub fn context(before: &str) -> String {
    let tail = before.rsplit('\u{3000}').next().unwrap_or("");
    let chars: Vec<char> = tail.chars().collect();
    chars[chars.len().saturating_sub(CONTEXT)..]
        .iter()
        .collect()
}

/// The few characters after a mention, up to a full-width space.
pub fn context_after(after: &str) -> String {
    after
        .split('\u{3000}')
        .next()
        .unwrap_or("")
        .chars()
        .take(CONTEXT)
        .collect()
}

fn anchor_of(prefix: &str, art: &Art, paragraph: Option<u32>) -> Expect {
    match paragraph {
        None => Expect::Link(format!("{prefix}art-{}", art.path)),
        Some(p) if art.paragraphs.contains(&p) => {
            Expect::Link(format!("{prefix}art-{}-p{p}", art.path))
        }
        Some(_) => Expect::NoLink("その項はない"),
    }
}

fn judge(
    token: &Token,
    w: &Where,
    main: &[Art],
    quoted: bool,
    scope: &str,
    before: &str,
    continues: Option<(bool, Head)>,
) -> (Expect, Head) {
    let other = |e: Expect| (e.clone(), Head::Other(e));
    if quoted {
        return other(Expect::NoLink("「」内の引用"));
    }
    if let Some(col) = w.table_column {
        if col == 0 && w.part == Part::Main {
            return other(Expect::Unjudged("表の第1列"));
        }
        if col > 0 && w.reading_table {
            return other(Expect::NoLink("読替え表の引用"));
        }
    }
    if before.ends_with("附則") {
        return other(Expect::NoLink("附則の条"));
    }
    if before.ends_with("同条") || before.ends_with("同項") || before.ends_with("同号") {
        return other(Expect::Unjudged("同条・同項"));
    }
    // A bare 第K項 continuing a list, or opening the parenthesis after an article.
    if let Token::Paragraph(k) = token
        && let Some((paren, head)) = &continues
    {
        match head {
            Head::Other(e) => return other(e.clone()),
            Head::Article {
                has_paragraph,
                art,
                main: in_main,
                ..
            } if *paren || *has_paragraph => {
                let (arts, prefix) = if *in_main {
                    (main, "")
                } else {
                    (w.arts, w.prefix.as_str())
                };
                if let Some(a) = art.and_then(|i| arts.get(i)) {
                    let e = anchor_of(prefix, a, Some(*k));
                    // The list goes on with that article's 項:
                    // 第二十一条（第一項、第三項及び第四項…）.
                    let head = Head::Article {
                        has_paragraph: true,
                        art: *art,
                        main: *in_main,
                    };
                    return (e, head);
                }
            }
            _ => {}
        }
    }
    match token {
        Token::Same => return other(Expect::Unjudged("同条・同項")),
        // What follows is not the same: 次号ロ及び第三項 is this article's 項.
        Token::PrecedingParagraphs | Token::RelativeItem(_) | Token::PrecedingItems => {
            return (
                judge_counted(token, w),
                Head::Other(Expect::Unjudged("号の後")),
            );
        }
        _ => {}
    }
    let amending = matches!(w.part, Part::Suppl { amending: true, .. });
    if amending && matches!(token, Token::Article(..)) {
        return other(Expect::NoLink("改正法の附則"));
    }
    // 前条, 次項…: always this text's own neighbours.
    let relative = matches!(token, Token::Relative(..) | Token::RelativeParagraph(_));
    if !relative && other_law_named(scope) {
        let directly = scope.ends_with('法')
            || scope.ends_with("法律")
            || scope.ends_with('令')
            || scope.ends_with("規則")
            || scope.ends_with("号）");
        return other(Expect::NoLink(if directly {
            "他の法令の名の直後"
        } else {
            SAME_SENTENCE
        }));
    }
    let own_articles = matches!(w.part, Part::Suppl { articles: true, .. });
    match token {
        Token::Article(path, p) => {
            if own_articles {
                return other(Expect::Unjudged("元の附則の条"));
            }
            match main.iter().position(|a| &a.path == path) {
                Some(i) => {
                    let e = anchor_of("", &main[i], *p);
                    let head = Head::Article {
                        has_paragraph: p.is_some(),
                        art: Some(i),
                        main: true,
                    };
                    (e, head)
                }
                None => other(Expect::NoLink("その条はない")),
            }
        }
        Token::Relative(step, p) => {
            if matches!(w.part, Part::Toc | Part::Appendix) {
                return other(Expect::Unjudged("目次・別表"));
            }
            let Some(cur) = w.current else {
                return other(Expect::NoLink("条の外"));
            };
            let j = cur as i64 + *step as i64;
            let near = usize::try_from(j)
                .ok()
                .and_then(|j| w.arts.get(j).map(|a| (j, a)))
                .filter(|(_, a)| adjacent(&w.arts[cur].path, &a.path, *step));
            match near {
                Some((j, a)) => {
                    let e = anchor_of(&w.prefix, a, *p);
                    let in_main = w.part == Part::Main;
                    (
                        e,
                        Head::Article {
                            has_paragraph: p.is_some(),
                            art: Some(j),
                            main: in_main,
                        },
                    )
                }
                None => other(Expect::NoLink("前後の条がない")),
            }
        }
        Token::RelativeParagraph(step) => {
            let k = w.paragraph as i64 + *step as i64;
            if matches!(w.part, Part::Toc | Part::Appendix) {
                return other(Expect::Unjudged("目次・別表"));
            }
            let e = match w.current {
                Some(cur) => {
                    let a = &w.arts[cur];
                    match u32::try_from(k).ok().filter(|k| a.paragraphs.contains(k)) {
                        Some(k) => Expect::Link(format!("{}art-{}-p{k}", w.prefix, a.path)),
                        None => Expect::NoLink("前後の項がない"),
                    }
                }
                None if u32::try_from(k).is_ok_and(|k| w.loose_paragraphs.contains(&k)) => {
                    Expect::Link(format!("{}p{k}", w.prefix))
                }
                None => Expect::NoLink("前後の項がない"),
            };
            (e, Head::Other(Expect::Unjudged("前項の後")))
        }
        Token::Paragraph(k) => {
            if matches!(w.part, Part::Toc | Part::Appendix) {
                return other(Expect::Unjudged("目次・別表"));
            }
            match w.current {
                Some(cur) => {
                    let a = &w.arts[cur];
                    let e = anchor_of(&w.prefix, a, Some(*k));
                    let in_main = w.part == Part::Main;
                    (
                        e,
                        Head::Article {
                            has_paragraph: true,
                            art: Some(cur),
                            main: in_main,
                        },
                    )
                }
                None => other(Expect::Unjudged("条の外の項")),
            }
        }
        // Judged before the other-law rule, above.
        Token::Same => other(Expect::Unjudged("同条・同項")),
        Token::PrecedingParagraphs | Token::RelativeItem(_) | Token::PrecedingItems => {
            other(judge_counted(token, w))
        }
    }
}
