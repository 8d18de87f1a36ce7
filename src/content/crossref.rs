//! Mentions of articles inside a regulation's own text — 第N条, 第N条第M項,
//! 前条, 次条, 前項, 次項, 前各項, 第M項, 前号, 次号, 前各号, 同条, 同項,
//! 同号 — and how sure we are that each names this regulation's article.
//!
//! - Right after another law's name (商標法第二条, 同法第三条, 附則第四条,
//!   法律（…号）第四条), or in a list that began so (商標法第二条及び第五条),
//!   a mention is that law's: not ours, no [`Mention`] at all.
//! - When another law is named earlier in the same sentence (…法, …法律,
//!   …法第N条, a law number （…法律第…号）, 同法, 新法, 旧法, 改正前の,
//!   改正後の), a 第N条 or 第M項 may be that law's: [`Doubt::OtherLaw`].
//!   Parentheses count at their own depth: a law named inside （…） does not
//!   put the sentence around it in doubt. 前条, 前項 and the like always
//!   speak of this text's own neighbours.
//! - `第N条（第M項を除く。）`: a 第M項 that opens the parenthesis right after
//!   an article is that article's; a later bare 第M項 in it may be either
//!   ([`Doubt::Parenthesis`]).
//! - 同条, 同項, 同号 take the article (項, 号) last mentioned at their depth
//!   or an enclosing one; when a mention inside a parenthesis came between,
//!   or none came before, which one is meant is not certain
//!   ([`Doubt::Antecedent`]).
//! - Text in 「」 is quoted, not said: nothing in it is a mention.

use std::collections::HashMap;
use std::ops::Range;

use super::numerals::{Numeral, digit_value, is_kanji_numeral_char, parse_number, parse_numeral};
use super::structure::{ArticleNumber, numeral_run, take_while};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Article {
        number: ArticleNumber,
        paragraph: Option<u32>,
    },
    /// 前条 / 次条, optionally with 第M項.
    RelativeArticle { offset: i32, paragraph: Option<u32> },
    /// 前項 / 次項.
    RelativeParagraph(i32),
    /// 前各項: every 項 before this one.
    PrecedingParagraphs,
    /// 第M項 of the same article.
    Paragraph(u32),
    /// 前号 / 次号.
    RelativeItem(i32),
    /// 前各号: every 号 before this one.
    PrecedingItems,
    /// 同号: 号 `item` of the 項 `of` names.
    Item { of: Box<Target>, item: u32 },
    /// 同条, 同項, 同号 with no mention before it to stand for.
    Same,
    /// 同号 after a bare 第K号: 号 K of the 項 the text stands in.
    OwnItem(u32),
    /// 第4294967296条: a number too large to be an article's.
    TooLarge,
}

/// Why a mention may not be this regulation's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Doubt {
    /// Another law is named earlier in the sentence.
    OtherLaw,
    /// A bare 第M項 inside the parenthesis after another article's mention.
    Parenthesis,
    /// 同条, 同項, 同号 whose antecedent is not clear.
    Antecedent,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub range: Range<usize>,
    pub target: Target,
    /// `None`: certainly this regulation's.
    pub doubt: Option<Doubt>,
}

/// Characters that end a law's name or an outside reference right before 第.
/// `before` is the start of `text`; `opens` holds [`matching_opens`] of
/// `text` once made.
/// Returns whether what stands there is a law (not 附則 or 同条).
fn directly_after_other(
    before: &str,
    text: &str,
    opens: &std::cell::OnceCell<HashMap<usize, usize>>,
) -> Option<bool> {
    let mut before = before;
    // A loop, not recursion: a line of 200,000 （） would overflow the stack.
    loop {
        // この規程第五条, 本法第二条: this regulation, named (基本法 is not 本法).
        if names_itself(before) {
            return None;
        }
        if before.ends_with("附則") {
            return Some(false);
        }
        // ○○要綱第五条, ○○ガイドライン第三条: another document's.
        if DOCUMENTS.iter().any(|d| before.ends_with(d)) {
            return Some(true);
        }
        let last = before.chars().next_back()?;
        match last {
            '法' | '律' | '令' | '則' | '約' | '程' | '定' => return Some(true),
            '同' | '条' | '項' | '号' => return Some(false),
            '）' | ')' => {}
            _ => return None,
        }
        // 商標法（昭和三十四年法律第百二十七号）第四条: look before the
        // parenthesis; a law number in it says it all (皇室典範（昭和二十二年
        // 法律第三号）第二十六条).
        let close = before.len() - last.len_utf8();
        // Made on the first mention right after a parenthesis (few lines
        // have one).
        let open = *opens.get_or_init(|| matching_opens(text)).get(&close)?;
        if cites_an_act(&before[open..close]) {
            return Some(true);
        }
        before = &before[..open];
    }
}

/// The acts a number is given to: 法律第五十七号, 政令第三百号.
const ACTS: [&str; 8] = [
    "法律", "政令", "省令", "府令", "勅令", "条例", "規則", "規程",
];

/// Whether `s` holds an act's number (平成十五年法律第五十七号).
fn cites_an_act(s: &str) -> bool {
    ACTS.iter().any(|a| {
        s.match_indices(a).any(|(i, _)| {
            let rest = &s[i + a.len()..];
            rest.strip_prefix('第').is_some_and(|r| {
                let digits = r.trim_start_matches(is_numeral);
                digits.len() < r.len() && digits.starts_with('号')
            })
        })
    })
}

/// Kinds of documents whose articles a regulation mentions: right before
/// 第N条 each names another document (or, after この, 本, 当, itself).
const DOCUMENTS: [&str; 17] = [
    "法律",
    "法",
    "規程",
    "規則",
    "条例",
    "要綱",
    "要領",
    "細則",
    "内規",
    "基準",
    "指針",
    "ガイドライン",
    "規約",
    "定款",
    "協約",
    "告示",
    "通知",
];

/// How a regulation names itself before one of its own articles: この規程,
/// 本規程, 当規程, この法律, 本法… (基本法 is not 本法: 本 must start the word).
fn names_itself(before: &str) -> bool {
    DOCUMENTS.iter().any(|d| {
        before.strip_suffix(d).is_some_and(|b| {
            b.ends_with("この")
                || ["本", "当"].iter().any(|p| {
                    b.strip_suffix(p)
                        .is_some_and(|b| !b.chars().next_back().is_some_and(is_cjk))
                })
        })
    })
}

/// For each closing parenthesis (full-width or ASCII) of `text` that has an
/// opening one, the byte offset of that opening one. Found once per text:
/// searching back from every mention was quadratic when a line has many
/// unmatched `）`.
fn matching_opens(text: &str) -> HashMap<usize, usize> {
    let mut open = Vec::new();
    let mut out = HashMap::new();
    for (i, c) in text.char_indices() {
        match c {
            '（' | '(' => open.push(i),
            '）' | ')' => {
                if let Some(o) = open.pop() {
                    out.insert(i, o);
                }
            }
            _ => {}
        }
    }
    out
}

fn is_numeral(c: char) -> bool {
    digit_value(c).is_some() || is_kanji_numeral_char(c)
}

/// `第M項` at the start of `s`: (M, length).
fn paragraph_suffix(s: &str) -> Option<(u32, usize)> {
    let rest = s.strip_prefix('第')?;
    let (digits, _) = take_while(rest, is_numeral);
    let n = parse_number(digits)?;
    let after = rest[digits.len()..].strip_prefix('項')?;
    Some((n, s.len() - after.len()))
}

/// Whether only connectives stand between two mentions, so that a bare
/// 第M項 continues the article named before it: 第四十一条第二項、第三項又は
/// 第五項; 第三十五条第三項から第十項まで.
const CONNECTIVES: [&str; 15] = [
    "各号列記以外の部分",
    "各号",
    "前段",
    "後段",
    "本文",
    "ただし書",
    "及び",
    "又は",
    "若しくは",
    "並びに",
    "から",
    "まで",
    "、",
    "・",
    "，",
];

fn only_connectives(between: &str) -> bool {
    let mut rest = between;
    while !rest.is_empty() {
        let next = CONNECTIVES
            .iter()
            .find_map(|c| rest.strip_prefix(c))
            .or_else(|| skip_parenthetical(rest))
            .or_else(|| skip_item_number(rest).map(|(_, r)| r))
            .or_else(|| skip_subitem_marker(rest));
        match next {
            Some(r) => rest = r,
            None => return false,
        }
    }
    true
}

/// `（…）` with nested parentheses, as in 第三号（同条第一項に係る部分に限る。）.
fn skip_parenthetical(s: &str) -> Option<&str> {
    if !s.starts_with('（') {
        return None;
    }
    let mut depth = 0;
    for (i, c) in s.char_indices() {
        match c {
            '（' => depth += 1,
            '）' => {
                depth -= 1;
                if depth == 0 {
                    return Some(&s[i + c.len_utf8()..]);
                }
            }
            _ => {}
        }
    }
    None
}

/// `第三号`: an item number (its value) and the rest.
fn skip_item_number(s: &str) -> Option<(u32, &str)> {
    let rest = s.strip_prefix('第')?;
    let (digits, _) = take_while(rest, is_numeral);
    let n = parse_number(digits)?;
    rest[digits.len()..].strip_prefix('号').map(|r| (n, r))
}

/// `イ`, `ロ`…: a sub-item marker in a list such as 第四項第一号イ、ロ若しくはホ.
fn skip_subitem_marker(s: &str) -> Option<&str> {
    const IROHA: &str = "イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメミシヱヒモセス";
    let c = s.chars().next()?;
    IROHA.contains(c).then(|| &s[c.len_utf8()..])
}

impl Target {
    /// Whether a bare 第M項 after this mention continues it: only after a
    /// mention that names a paragraph (第四十一条第二項、第三項). After a
    /// whole article (第九十四条並びに第二項) 第二項 is this article's own.
    fn takes_paragraphs(&self) -> bool {
        match self {
            Target::Article { paragraph, .. } | Target::RelativeArticle { paragraph, .. } => {
                paragraph.is_some()
            }
            Target::RelativeParagraph(_) | Target::Paragraph(_) => true,
            _ => false,
        }
    }

    /// Whether it names an article other than the one the text stands in
    /// (so that a 第M項 in the parenthesis after it may be that one's).
    fn names_an_article(&self) -> bool {
        matches!(
            self,
            Target::Article { .. } | Target::RelativeArticle { .. }
        )
    }

    /// The same article, paragraph `n`: how a bare 第M項 continues a list,
    /// and what 同条第M項 means. `None` when the article is unclear.
    fn with_paragraph(&self, n: u32) -> Option<Target> {
        Some(match self {
            Target::Article { number, .. } => Target::Article {
                number: number.clone(),
                paragraph: Some(n),
            },
            Target::RelativeArticle { offset, .. } => Target::RelativeArticle {
                offset: *offset,
                paragraph: Some(n),
            },
            Target::RelativeParagraph(_) | Target::Paragraph(_) => Target::Paragraph(n),
            _ => return None,
        })
    }

    /// What 同条 means after this mention.
    fn article(&self) -> Option<Target> {
        match self {
            Target::Article { number, .. } => Some(Target::Article {
                number: number.clone(),
                paragraph: None,
            }),
            Target::RelativeArticle { offset, .. } => Some(Target::RelativeArticle {
                offset: *offset,
                paragraph: None,
            }),
            _ => None,
        }
    }

    /// What 同項 means after this mention.
    fn paragraph(&self) -> Option<Target> {
        match self {
            Target::Article {
                paragraph: Some(_), ..
            }
            | Target::RelativeArticle {
                paragraph: Some(_), ..
            }
            | Target::RelativeParagraph(_)
            | Target::Paragraph(_) => Some(self.clone()),
            _ => None,
        }
    }
}

/// What a mention (or the list it heads) turned out to be.
#[derive(Debug, Clone, PartialEq)]
enum Head {
    Ours {
        target: Target,
        doubt: Option<Doubt>,
        /// 第K号 written right after it (第十九条第一項第七号): for 同号.
        item: Option<u32>,
    },
    /// Another law's (商標法第二条), or 附則第四条, 同条 of another law.
    Foreign,
}

/// One parenthesis depth of the text being read (depth 0: outside any).
#[derive(Default)]
struct Level {
    /// The end of the last mention and what it was: a list goes on across
    /// connectives.
    list: Option<(usize, Head)>,
    /// The last mention at this depth that named an article, a 項 and a
    /// 号 ([`Unit`]): what 同条, 同項 and 同号 stand for.
    last: [Option<Head>; 3],
    /// Another law is named at this depth in the current sentence.
    law: bool,
    /// …or at an enclosing depth.
    inherited: bool,
    /// The parenthesis opened right after a mention of another article:
    /// that mention.
    after: Option<Target>,
    /// The last characters said at this depth (nested parentheses left
    /// out), where a law's name is looked for.
    tail: Tail,
}

/// The last characters said at a depth, as UTF-8: from 120 to 240 bytes of
/// them once that many were said. In a buffer of its own, as every
/// character of a regulation's text is said.
struct Tail {
    bytes: [u8; 256],
    len: usize,
}

impl Default for Tail {
    fn default() -> Tail {
        Tail {
            bytes: [0; 256],
            len: 0,
        }
    }
}

impl Tail {
    fn push(&mut self, c: char) {
        // At most 240 bytes are kept, so a character always fits.
        self.len += c.encode_utf8(&mut self.bytes[self.len..]).len();
        if self.len > 240 {
            self.cut();
        }
    }

    /// [`Tail::push`] of each character of `s` in turn, copied in runs:
    /// the same bytes are kept, cut where one character at a time would
    /// have cut them.
    fn push_str(&mut self, s: &str) {
        let mut rest = s.as_bytes();
        while !rest.is_empty() {
            // At most 240 bytes stay without a cut.
            let room = 240 - self.len;
            if rest.len() <= room {
                self.bytes[self.len..self.len + rest.len()].copy_from_slice(rest);
                self.len += rest.len();
                return;
            }
            // The character that holds byte `room` takes the text past 240
            // bytes: pushed alone, it would be followed by a cut.
            let mut end = room + 1;
            while end < rest.len() && rest[end] & 0xC0 == 0x80 {
                end += 1;
            }
            self.bytes[self.len..self.len + end].copy_from_slice(&rest[..end]);
            self.len += end;
            self.cut();
            rest = &rest[end..];
        }
    }

    fn cut(&mut self) {
        // The last 120 bytes or a little less, from where a character
        // starts (not a continuation byte).
        let mut cut = self.len - 120;
        while cut < self.len && self.bytes[cut] & 0xC0 == 0x80 {
            cut += 1;
        }
        self.bytes.copy_within(cut..self.len, 0);
        self.len -= cut;
    }

    fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
}

impl Level {
    fn say(&mut self, c: char) {
        self.tail.push(c);
        if names_a_law(self.tail.as_bytes(), c) {
            self.law = true;
        }
    }

    fn doubted(&self) -> bool {
        self.law || self.inherited
    }
}

/// The characters that may end what [`names_a_law`] finds: the endings it
/// looks for, and the particles after a law's name. Other characters are
/// only kept in the tail.
const LAW_ENDINGS: [char; 20] = [
    '法', '令', '則', '程', '約', '号', 'の', 'に', 'を', 'は', 'が', 'と', 'で', '、', '及', '又',
    '並', '若', '（', '施',
];

/// What every mention starts with (the arm of [`find`]'s match that reads
/// one).
const MENTION_START_CHARS: [char; 4] = ['同', '前', '次', '第'];

/// What [`find`] does anything with but keep in the tail of its depth:
/// 「」, parentheses, 。, what starts a mention, what may end a law's name.
static NOT_PLAIN: CharSet = CharSet::of(&['「', '」', '（', '）', '。'])
    .with(&MENTION_START_CHARS)
    .with(&LAW_ENDINGS);

static MENTION_STARTS: CharSet = CharSet::of(&MENTION_START_CHARS);

/// A set of characters of three bytes in UTF-8 (U+0800 to U+FFFF, where
/// every character [`find`] looks for is), one bit each: [`find`] reads
/// every character of a regulation, and most need only this one look.
struct CharSet([u64; 1024]);

impl CharSet {
    const fn of(chars: &[char]) -> CharSet {
        CharSet([0; 1024]).with(chars)
    }

    const fn with(mut self, chars: &[char]) -> CharSet {
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i] as usize;
            assert!(c >= 0x800 && c < 0x1_0000, "three bytes in UTF-8");
            self.0[c >> 6] |= 1 << (c & 63);
            i += 1;
        }
        self
    }

    #[cfg(test)]
    fn contains(&self, c: char) -> bool {
        let c = c as usize;
        (0x800..0x1_0000).contains(&c) && self.0[c >> 6] >> (c & 63) & 1 == 1
    }

    /// Where the first character of the set stands in `text` from byte
    /// `from` (where a character starts), or the text's length: read over
    /// bytes, not decoded characters.
    fn find_in(&self, text: &str, from: usize) -> usize {
        let bytes = text.as_bytes();
        let mut i = from;
        while let Some(&lead) = bytes.get(i) {
            match lead {
                0..0x80 => i += 1,
                0xE0..0xF0 => {
                    let Some(&[b1, b2]) = bytes.get(i + 1..i + 3) else {
                        break;
                    };
                    let c = (usize::from(lead & 0x0F) << 12)
                        | (usize::from(b1 & 0x3F) << 6)
                        | usize::from(b2 & 0x3F);
                    if self.0[c >> 6] >> (c & 63) & 1 == 1 {
                        return i;
                    }
                    i += 3;
                }
                0xF0.. => i += 4,
                _ => i += 2,
            }
        }
        text.len()
    }
}

/// Whether the text said so far (`tail`, UTF-8 that ends with `last`)
/// ends with another law's name or number. Called at every character, so
/// the last one decides which endings are looked for.
fn names_a_law(tail: &[u8], last: char) -> bool {
    let marks: &[&str] = match last {
        '法' => &["同法", "新法", "旧法"],
        '令' => &["同令"],
        '則' => &["同規則"],
        '程' => &["同規程"],
        '約' => &["同条約"],
        'の' => &["改正前の", "改正後の"],
        '号' => return std::str::from_utf8(tail).is_ok_and(names_an_act_number),
        _ => &[],
    };
    if marks.iter().any(|m| tail.ends_with(m.as_bytes())) {
        return true;
    }
    // …法の, …法律に: a law's name before a particle.
    if !matches!(
        last,
        'の' | 'に'
            | 'を'
            | 'は'
            | 'が'
            | 'と'
            | 'で'
            | '、'
            | '及'
            | '又'
            | '並'
            | '若'
            | '（'
            | '施'
    ) {
        return false;
    }
    let before = &tail[..tail.len() - last.len_utf8()];
    if let Some(name) = before.strip_suffix("法律".as_bytes()) {
        return !(name.is_empty()
            || name.ends_with("この".as_bytes())
            || name.ends_with("別に".as_bytes()));
    }
    if let Some(name) = before.strip_suffix("法".as_bytes()) {
        // 方法, 手法, 違法, 本法 (this law)…: words, not a law's name.
        const NOT_LAWS: &str = "方手用製工技文作寸話論療算加減乗除違不適合司立本便説";
        // What is_cjk takes is three bytes long: when the last character
        // is shorter, these three bytes are not its whole text, and it is
        // not one.
        return name
            .len()
            .checked_sub(3)
            .and_then(|at| std::str::from_utf8(&name[at..]).ok())
            .and_then(|s| s.chars().next_back())
            .is_some_and(|c| is_cjk(c) && !NOT_LAWS.contains(c));
    }
    false
}

/// Whether `tail`, ending with 号, ends with an act's number:
/// （平成十五年法律第五十七号）, 政令第三百号.
fn names_an_act_number(tail: &str) -> bool {
    let Some(before) = tail.strip_suffix('号') else {
        return false;
    };
    let trimmed = before.trim_end_matches(|c: char| is_numeral(c));
    if trimmed.len() < before.len()
        && let Some(kind) = trimmed.strip_suffix('第')
    {
        return ACTS.iter().any(|a| kind.ends_with(a))
            && !kind.ends_with("この規程")
            && !kind.ends_with("本規程");
    }
    false
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{30A0}'..='\u{30FF}' | '々')
}

/// A token at the start of `s`: a mention, or a bare 第K号.
enum Token {
    Mention(Target, usize),
    /// 同条 (with its 第M項), 同項, 同号: resolved from what came before.
    Same(char, Option<u32>, usize),
    ItemNumber(u32, usize),
}

fn token(s: &str) -> Option<Token> {
    if let Some(rest) = s.strip_prefix('同') {
        let unit = rest.chars().next()?;
        // 同条約 is a treaty, not 同条.
        if matches!(unit, '条' | '項' | '号') && !rest[unit.len_utf8()..].starts_with('約') {
            let len = '同'.len_utf8() + unit.len_utf8();
            if unit == '条'
                && let Some((n, l)) = paragraph_suffix(&s[len..])
            {
                return Some(Token::Same(unit, Some(n), len + l));
            }
            return Some(Token::Same(unit, None, len));
        }
        return None;
    }
    // One list, made once (not for every call: most calls match none).
    static WORDS: [(&str, Target); 6] = [
        ("前各項", Target::PrecedingParagraphs),
        ("前各号", Target::PrecedingItems),
        ("前号", Target::RelativeItem(-1)),
        ("次号", Target::RelativeItem(1)),
        ("前項", Target::RelativeParagraph(-1)),
        ("次項", Target::RelativeParagraph(1)),
    ];
    if let Some((word, target)) = WORDS.iter().find(|(w, _)| s.starts_with(w)) {
        return Some(Token::Mention(target.clone(), word.len()));
    }
    for (word, offset) in [("前条", -1), ("次条", 1)] {
        if s.starts_with(word) {
            let len = word.len();
            let (paragraph, extra) =
                paragraph_suffix(&s[len..]).map_or((None, 0), |(n, l)| (Some(n), l));
            return Some(Token::Mention(
                Target::RelativeArticle { offset, paragraph },
                len + extra,
            ));
        }
    }
    let rest = s.strip_prefix('第')?;
    let (digits, after) = numeral_run(rest);
    let numeral = parse_numeral(digits)?;
    let head = '第'.len_utf8() + digits.len();
    let unit = after.chars().next()?;
    match (unit, numeral) {
        ('条' | '項', Numeral::TooLarge) => {
            Some(Token::Mention(Target::TooLarge, head + unit.len_utf8()))
        }
        ('条', Numeral::Value(main)) => {
            let mut len = head + '条'.len_utf8();
            let mut branches = Vec::new();
            while let Some(after) = s[len..].strip_prefix('の') {
                let (digits, _) = numeral_run(after);
                match parse_number(digits) {
                    Some(n) if !digits.is_empty() => {
                        branches.push(n);
                        len += 'の'.len_utf8() + digits.len();
                    }
                    _ => break,
                }
            }
            let (paragraph, extra) =
                paragraph_suffix(&s[len..]).map_or((None, 0), |(n, l)| (Some(n), l));
            Some(Token::Mention(
                Target::Article {
                    number: ArticleNumber { main, branches },
                    paragraph,
                },
                len + extra,
            ))
        }
        ('項', Numeral::Value(n)) => {
            Some(Token::Mention(Target::Paragraph(n), head + '項'.len_utf8()))
        }
        ('号', Numeral::Value(n)) => Some(Token::ItemNumber(n, head + '号'.len_utf8())),
        _ => None,
    }
}

/// What 同条, 同項 and 同号 stand for: the last mention that named an
/// article, a 項, a 号. In 前条第二項から第四項までの規定は、前項の代理人に
/// ついて準用する。この場合において、同条第二項… 同条 is 前条, not 前項.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Article = 0,
    Paragraph = 1,
    Item = 2,
}

impl Head {
    fn names(&self, unit: Unit) -> bool {
        match self {
            Head::Foreign => true,
            Head::Ours { target, item, .. } => match unit {
                Unit::Article => target.article().is_some(),
                Unit::Paragraph => target.paragraph().is_some(),
                Unit::Item => {
                    item.is_some() || matches!(target, Target::OwnItem(_) | Target::RelativeItem(_))
                }
            },
        }
    }
}

/// The deepest parenthesis kept apart.
const MAX_DEPTH: usize = 64;

/// Reads one text, keeping per parenthesis depth what was said.
struct Reader<'a> {
    text: &'a str,
    /// [`matching_opens`] of `text`, made when first asked for.
    opens: std::cell::OnceCell<HashMap<usize, usize>>,
    levels: Vec<Level>,
    /// Per [`Unit`], the last mention anywhere that named one, and the
    /// depth it stood at.
    recent: [Option<(usize, Head)>; 3],
    /// Parentheses open past [`MAX_DEPTH`].
    too_deep: usize,
    out: Vec<Mention>,
}

impl<'a> Reader<'a> {
    fn depth(&self) -> usize {
        self.levels.len() - 1
    }

    fn level(&mut self) -> &mut Level {
        let d = self.depth();
        &mut self.levels[d]
    }

    fn open(&mut self, i: usize) {
        // Past this depth (only a crafted text goes so deep) parentheses
        // are read as one: every level held costs memory.
        if self.levels.len() >= MAX_DEPTH {
            self.too_deep += 1;
            return;
        }
        let outer = self.level();
        outer.say('（');
        let inherited = outer.law || outer.inherited;
        // Right after a mention: 第二条（第二項を除く。）.
        let after = match &outer.list {
            Some((end, Head::Ours { target, .. })) if *end == i => Some(target.clone()),
            _ => None,
        };
        // The list goes on inside: the 第二項 there is 第二条's (and after
        // 商標法第二条, another law's).
        let list = match &outer.list {
            Some((end, head)) if *end == i => Some((i + '（'.len_utf8(), head.clone())),
            _ => None,
        };
        self.levels.push(Level {
            list,
            inherited,
            after: after.filter(Target::names_an_article),
            ..Level::default()
        });
    }

    fn close(&mut self) {
        if self.too_deep > 0 {
            self.too_deep -= 1;
            return;
        }
        self.levels.pop();
        self.level().say('）');
    }

    fn end_sentence(&mut self) {
        let level = self.level();
        level.law = false;
        level.tail.len = 0;
        level.list = None;
    }

    /// The last mention naming `unit` at this depth or an enclosing one.
    fn enclosing(&self, unit: Unit) -> Option<&Head> {
        self.levels
            .iter()
            .rev()
            .find_map(|l| l.last[unit as usize].as_ref())
    }

    /// Remembers `head` as what names each unit it names.
    fn remember(&mut self, head: &Head) {
        let d = self.depth();
        for unit in [Unit::Article, Unit::Paragraph, Unit::Item] {
            if head.names(unit) {
                self.level().last[unit as usize] = Some(head.clone());
                self.recent[unit as usize] = Some((d, head.clone()));
            }
        }
    }

    fn record(&mut self, start: usize, len: usize, head: Head) {
        if let Head::Ours { target, doubt, .. } = &head {
            self.out.push(Mention {
                range: start..start + len,
                target: target.clone(),
                doubt: *doubt,
            });
        }
        self.level().list = Some((start + len, head.clone()));
        self.remember(&head);
    }

    fn mention(&mut self, i: usize, target: Target, len: usize) {
        let before = &self.text[..i];
        let relative = !matches!(
            target,
            Target::Article { .. } | Target::Paragraph(_) | Target::TooLarge
        );
        let bare_paragraph = matches!(target, Target::Paragraph(_));
        let level = &self.levels[self.depth()];
        let continues = level
            .list
            .as_ref()
            .filter(|(end, _)| only_connectives(&self.text[*end..i]))
            .map(|(_, h)| h.clone());
        let head = match (
            &continues,
            directly_after_other(before, self.text, &self.opens),
        ) {
            // 刑事訴訟法第百五十七条第一項及び第二項、第百五十八条: the list
            // so far is another law's, so this mention is too.
            (Some(Head::Foreign), _) if !relative => Head::Foreign,
            // A bare 第M項 continuing our list stays ours after 第三号.
            (Some(Head::Ours { .. }), _) if bare_paragraph => {
                self.continued(level, continues.clone(), target)
            }
            (_, Some(law)) if !relative => {
                if law {
                    self.level().law = true;
                }
                Head::Foreign
            }
            _ if bare_paragraph => self.continued(level, continues.clone(), target),
            _ => Head::Ours {
                target,
                doubt: (!relative && level.doubted()).then_some(Doubt::OtherLaw),
                item: None,
            },
        };
        self.record(i, len, head);
    }

    /// A bare 第M項: the article of the list it continues (when that one
    /// names a 項), else this article's.
    fn continued(&self, level: &Level, continues: Option<Head>, target: Target) -> Head {
        let Target::Paragraph(n) = target else {
            return Head::Foreign;
        };
        let law = level.doubted().then_some(Doubt::OtherLaw);
        match continues {
            // 同条第二項及び第四項 when 同条 is unclear: so is 第四項.
            Some(Head::Ours {
                target: Target::Same,
                ..
            }) => Head::Ours {
                target: Target::Same,
                doubt: Some(Doubt::Antecedent),
                item: None,
            },
            Some(Head::Ours {
                target: t, doubt, ..
            }) if t.takes_paragraphs() || level.after.as_ref() == Some(&t) => Head::Ours {
                target: t.with_paragraph(n).unwrap_or(Target::Paragraph(n)),
                doubt: doubt.or(law),
                item: None,
            },
            // Inside the parenthesis after 第二十七条, not first: its 項 or
            // this article's.
            _ if level.after.is_some() => Head::Ours {
                target: Target::Paragraph(n),
                doubt: Some(Doubt::Parenthesis),
                item: None,
            },
            _ => Head::Ours {
                target: Target::Paragraph(n),
                doubt: law,
                item: None,
            },
        }
    }

    /// 同条 (第M項), 同項, 同号: the last mention that named one. When that
    /// one stood in a parenthesis now closed and another stands at this
    /// depth (第五条（第三条において準用する場合を含む。）の規定により、同条…),
    /// which is meant is not certain.
    fn same(&mut self, i: usize, unit: char, paragraph: Option<u32>, len: usize) {
        let u = match unit {
            '条' => Unit::Article,
            '項' => Unit::Paragraph,
            _ => Unit::Item,
        };
        let here = self.depth();
        let recent = self.recent[u as usize].clone();
        // Two mentions of one article (前条第二項（同条第七項…）, 同条第四項)
        // leave 同条 clear.
        let same = |a: &Head, b: &Head| match (a, b, u) {
            (Head::Ours { target: x, .. }, Head::Ours { target: y, .. }, Unit::Article) => {
                x.article() == y.article()
            }
            (Head::Ours { target: x, .. }, Head::Ours { target: y, .. }, Unit::Paragraph) => {
                x.paragraph() == y.paragraph()
            }
            _ => a == b,
        };
        let unclear = match (&recent, self.enclosing(u)) {
            (Some((d, r)), Some(e)) => *d > here && !same(r, e),
            _ => false,
        };
        let unknown = Head::Ours {
            target: Target::Same,
            doubt: Some(Doubt::Antecedent),
            item: None,
        };
        let head = match recent {
            None => unknown,
            Some((_, Head::Foreign)) => Head::Foreign,
            Some((
                _,
                Head::Ours {
                    target,
                    doubt,
                    item,
                },
            )) => {
                let meant = match (u, paragraph) {
                    (Unit::Article, Some(n)) => target.article().and_then(|t| t.with_paragraph(n)),
                    (Unit::Article, None) => target.article(),
                    (Unit::Paragraph, _) => target.paragraph(),
                    (Unit::Item, _) => match (&target, item) {
                        (Target::OwnItem(_) | Target::RelativeItem(_), _) => Some(target.clone()),
                        (_, Some(k)) => target
                            .paragraph()
                            .or_else(|| target.article().and_then(|t| t.with_paragraph(1)))
                            .map(|of| Target::Item {
                                of: Box::new(of),
                                item: k,
                            }),
                        _ => None,
                    },
                };
                match meant {
                    Some(t) => Head::Ours {
                        target: t,
                        doubt: if unclear {
                            Some(Doubt::Antecedent)
                        } else {
                            doubt
                        },
                        item: None,
                    },
                    None => unknown,
                }
            }
        };
        self.record(i, len, head);
    }

    /// 第K号: right after a mention naming a 項 (第十九条第一項第七号) it
    /// completes it; alone, it is a 号 of the 項 the text stands in. Not a
    /// mention itself, but what a later 同号 stands for.
    fn item_number(&mut self, i: usize, n: u32, len: usize) {
        let text = self.text;
        let level = self.level();
        // 第二条第一項第一号、第二号及び第二十二号: each completes 第二条第一項.
        let joined = |end: usize| end == i || only_connectives(&text[end..i]);
        let head = match &mut level.list {
            // 前条第三号: 号 3 of 前条 (of its first 項).
            Some((end, head @ Head::Ours { .. }))
                if joined(*end) && (head.names(Unit::Paragraph) || head.names(Unit::Article)) =>
            {
                *end = i + len;
                if let Head::Ours { item, .. } = head {
                    *item = Some(n);
                }
                head.clone()
            }
            Some((end, Head::Foreign)) if joined(*end) => {
                *end = i + len;
                return;
            }
            _ => Head::Ours {
                target: Target::OwnItem(n),
                doubt: None,
                item: None,
            },
        };
        let d = self.depth();
        self.level().last[Unit::Item as usize] = Some(head.clone());
        self.recent[Unit::Item as usize] = Some((d, head));
    }
}

/// Every mention in `text` that may be this regulation's, in order.
pub fn find(text: &str) -> Vec<Mention> {
    // Every mention starts with one of these (see the loop below); most
    // lines of a regulation hold none, and reading them costs a quarter of
    // a check.
    if MENTION_STARTS.find_in(text, 0) == text.len() {
        return Vec::new();
    }
    let mut r = Reader {
        text,
        opens: std::cell::OnceCell::new(),
        // Room for three parentheses inside each other without a copy.
        levels: Vec::with_capacity(4),
        recent: [None, None, None],
        too_deep: 0,
        out: Vec::new(),
    };
    r.levels.push(Level::default());
    let mut quoted = 0usize;
    let mut i = 0;
    while i < text.len() {
        // A run of characters that are only said: kept in one copy.
        let run = NOT_PLAIN.find_in(text, i);
        if run > i {
            if quoted == 0 {
                r.level().tail.push_str(&text[i..run]);
            }
            i = run;
            continue;
        }
        let rest = &text[i..];
        let Some(c) = rest.chars().next() else { break };
        let mut step = c.len_utf8();
        match c {
            // Text in 「」 is quoted, not said: 「第二項」とあるのは「次条第二項」と.
            '「' => quoted += 1,
            '」' => quoted = quoted.saturating_sub(1),
            _ if quoted > 0 => {}
            '（' => r.open(i),
            '）' if r.levels.len() > 1 => r.close(),
            '。' => r.end_sentence(),
            // Every mention starts with one of these: most characters are
            // not looked at further.
            '同' | '前' | '次' | '第' => match token(rest) {
                Some(Token::Mention(target, len)) => {
                    r.mention(i, target, len);
                    step = len;
                }
                Some(Token::Same(unit, paragraph, len)) => {
                    r.same(i, unit, paragraph, len);
                    step = len;
                }
                Some(Token::ItemNumber(n, len)) => {
                    r.item_number(i, n, len);
                    step = len;
                }
                None => {}
            },
            _ => {}
        }
        if quoted == 0 && !matches!(c, '（' | '）' | '。') {
            if step == c.len_utf8() {
                r.level().say(c);
            } else {
                for ch in text[i..i + step].chars() {
                    r.level().say(ch);
                }
            }
        }
        i += step;
    }
    r.out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pushing a text in one piece keeps the same bytes as pushing it one
    /// character at a time, from any length already kept.
    #[test]
    fn tail_push_str_is_push_of_each_character() {
        let alphabet = ['a', 'é', '第', '𠮷', '　', '法'];
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..3000 {
            let before: String = (0..next() % 120)
                .map(|_| alphabet[(next() % 6) as usize])
                .collect();
            let text: String = (0..next() % 400)
                .map(|_| alphabet[(next() % 6) as usize])
                .collect();
            let mut one = Tail::default();
            let mut each = Tail::default();
            for c in before.chars() {
                one.push(c);
                each.push(c);
            }
            one.push_str(&text);
            for c in text.chars() {
                each.push(c);
            }
            assert_eq!(one.as_bytes(), each.as_bytes(), "{before:?} + {text:?}");
        }
    }

    /// Reading over bytes finds what reading characters finds, from any
    /// character of a text of one- to four-byte characters.
    #[test]
    fn a_char_set_finds_what_reading_characters_finds() {
        let alphabet = [
            'a', '\u{7f}', 'é', '\u{7ff}', '\u{800}', '第', '前', 'の', '（', '\u{ffff}', '𠮷',
            '亜',
        ];
        let mut seed = 0x0123_4567_89AB_CDEFu64;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let text: String = (0..seed % 12)
                .map(|k| alphabet[((seed >> (4 * k)) % alphabet.len() as u64) as usize])
                .collect();
            for set in [&NOT_PLAIN, &MENTION_STARTS] {
                for (from, _) in text.char_indices().chain([(text.len(), ' ')]) {
                    let by_chars = text[from..]
                        .char_indices()
                        .find(|&(_, c)| set.contains(c))
                        .map_or(text.len(), |(at, _)| from + at);
                    assert_eq!(set.find_in(&text, from), by_chars, "{text:?} from {from}");
                }
            }
        }
        assert!(NOT_PLAIN.contains('の') && !NOT_PLAIN.contains('亜') && !NOT_PLAIN.contains('a'));
    }

    /// A character `find` takes as plain never ends a law's name, whatever
    /// was said before it.
    #[test]
    fn plain_characters_never_name_a_law() {
        let tails = [
            "",
            "同",
            "同規",
            "同条",
            "改正前",
            "この法律",
            "個人情報保護法律",
            "平成十五年法律第五十七",
            "商標法",
        ];
        for c in (0..0x3_0000u32)
            .filter_map(char::from_u32)
            .filter(|&c| !NOT_PLAIN.contains(c))
        {
            for t in tails {
                let said = format!("{t}{c}");
                assert!(!names_a_law(said.as_bytes(), c), "{said}");
            }
        }
    }

    fn targets(text: &str) -> Vec<(String, Target)> {
        find(text)
            .into_iter()
            .map(|m| (text[m.range].to_string(), m.target))
            .collect()
    }

    /// Each mention's text and its doubt.
    fn doubts(text: &str) -> Vec<(String, Option<Doubt>)> {
        find(text)
            .into_iter()
            .map(|m| (text[m.range].to_string(), m.doubt))
            .collect()
    }

    fn art(main: u32, paragraph: Option<u32>) -> Target {
        Target::Article {
            number: ArticleNumber {
                main,
                branches: vec![],
            },
            paragraph,
        }
    }

    #[test]
    fn many_parentheses_before_a_mention_do_not_overflow_the_stack() {
        // Each （） before 第二条 was one more level of recursion.
        let text = format!("{}第二条", "（）".repeat(200_000));
        assert_eq!(targets(&text), vec![("第二条".into(), art(2, None))]);
        let text = format!("商標法{}第二条", "（）".repeat(200_000));
        assert!(targets(&text).is_empty());
    }

    #[test]
    fn deeply_nested_parentheses_take_bounded_memory() {
        let text = format!(
            "{}第二条{}第三条",
            "（".repeat(200_000),
            "）".repeat(200_000)
        );
        let start = std::time::Instant::now();
        assert_eq!(targets(&text).len(), 2);
        assert!(start.elapsed().as_secs() < 5, "{:?}", start.elapsed());
    }

    #[test]
    fn a_long_run_of_connectives_takes_linear_time() {
        // The run since the last mention was rescanned at every character.
        let text = format!("第一条第二項{}第三項", "、".repeat(100_000));
        let start = std::time::Instant::now();
        assert_eq!(targets(&text).len(), 2);
        assert!(start.elapsed().as_secs() < 5, "{:?}", start.elapsed());
    }

    #[test]
    fn many_unmatched_parentheses_take_linear_time() {
        // Each mention searched back through every ） before it.
        let text = format!("第一条{}", "）第二条".repeat(50_000));
        let start = std::time::Instant::now();
        assert_eq!(targets(&text).len(), 50_001);
        assert!(start.elapsed().as_secs() < 10, "{:?}", start.elapsed());
    }

    #[test]
    fn many_mentions_after_a_law_in_one_sentence_take_linear_time() {
        // Whether a law is named is kept as the text is read, not looked
        // for again before every mention.
        let text = format!("商標法の規定により、{}", "第一条、".repeat(50_000));
        let start = std::time::Instant::now();
        let found = find(&text);
        assert_eq!(found.len(), 50_000);
        assert!(found.iter().all(|m| m.doubt == Some(Doubt::OtherLaw)));
        assert!(start.elapsed().as_secs() < 10, "{:?}", start.elapsed());
    }

    #[test]
    fn own_articles_are_found() {
        assert_eq!(
            targets("第１５条及び第十二条の二第三項の規定"),
            vec![
                ("第１５条".into(), art(15, None)),
                (
                    "第十二条の二第三項".into(),
                    Target::Article {
                        number: ArticleNumber::new(12, &[2]),
                        paragraph: Some(3)
                    }
                ),
            ]
        );
        assert_eq!(
            targets("前条第二項及び前項"),
            vec![
                (
                    "前条第二項".into(),
                    Target::RelativeArticle {
                        offset: -1,
                        paragraph: Some(2)
                    }
                ),
                ("前項".into(), Target::RelativeParagraph(-1)),
            ]
        );
        assert_eq!(
            targets("第八項において"),
            vec![("第八項".into(), Target::Paragraph(8))]
        );
        assert!(doubts("第１５条及び前項").iter().all(|(_, d)| d.is_none()));
    }

    #[test]
    fn relative_forms() {
        assert_eq!(
            targets("前各項の規定は、前号及び前各号に掲げるもの並びに次号"),
            vec![
                ("前各項".into(), Target::PrecedingParagraphs),
                ("前号".into(), Target::RelativeItem(-1)),
                ("前各号".into(), Target::PrecedingItems),
                ("次号".into(), Target::RelativeItem(1)),
            ]
        );
    }

    #[test]
    fn numbers_with_large_units_and_numbers_too_large() {
        assert_eq!(
            targets("第十万条及び第4294967296条"),
            vec![
                ("第十万条".into(), art(100_000, None)),
                ("第4294967296条".into(), Target::TooLarge),
            ]
        );
        assert_eq!(
            targets("第一兆項"),
            vec![("第一兆項".into(), Target::TooLarge)]
        );
        // Another law's is still another law's, however large.
        assert!(targets("商標法第4294967296条").is_empty());
    }

    #[test]
    fn a_bare_paragraph_continues_only_a_paragraph_mention() {
        // From 電気通信事業法: 第三十三条第一項、第三項、第四項第一号イ、ロ若しくはホ
        // 若しくは第二号、第五項 are all 第三十三条's.
        let found =
            targets("第三十三条第一項、第三項、第四項第一号イ、ロ若しくはホ若しくは第二号、第五項");
        assert_eq!(found.last(), Some(&("第五項".into(), art(33, Some(5)))));
        // 第九十四条並びに第二項及び第三項: the article itself, then this article's.
        let found = targets("第九十四条並びに第二項及び第三項の規定");
        assert_eq!(
            found,
            vec![
                ("第九十四条".into(), art(94, None)),
                ("第二項".into(), Target::Paragraph(2)),
                ("第三項".into(), Target::Paragraph(3)),
            ]
        );
    }

    #[test]
    fn a_paragraph_in_the_parenthesis_after_an_article_is_that_articles() {
        // 第二十三条（第四項を除く。）: 第四項 is 第二十三条's.
        assert_eq!(
            targets("第二十三条（第四項を除く。）の規定"),
            vec![
                ("第二十三条".into(), art(23, None)),
                ("第四項".into(), art(23, Some(4))),
            ]
        );
        // And the list goes on: 第一項、第三項及び第四項 are all 第二十一条's.
        let found = targets(
            "第二十一条（第一項、第三項及び第四項の規定を第四十一条第四項の規定により読み替えて適用する場合を含む。）",
        );
        assert_eq!(
            found[..4],
            [
                ("第二十一条".into(), art(21, None)),
                ("第一項".into(), art(21, Some(1))),
                ("第三項".into(), art(21, Some(3))),
                ("第四項".into(), art(21, Some(4))),
            ]
        );
        // A later bare 第M項 in it may be either article's.
        let d = doubts("第二十七条（第四項を除き、第五項及び第六項の規定を準用する場合を含む。）");
        assert_eq!(
            d,
            vec![
                ("第二十七条".into(), None),
                ("第四項".into(), None),
                ("第五項".into(), Some(Doubt::Parenthesis)),
                ("第六項".into(), Some(Doubt::Parenthesis)),
            ]
        );
        // After another law's article, another law's 項.
        assert!(targets("商標法第二条（第三項を除く。）").is_empty());
    }

    #[test]
    fn other_laws_are_not_ours() {
        assert!(find("商標法第二条第一項に規定する").is_empty());
        assert!(find("同法第三条").is_empty());
        assert!(find("附則第四条第一号").is_empty());
        assert!(find("商標法（昭和三十四年法律第百二十七号）第四条第一項").is_empty());
        assert!(find("施行令第五条").is_empty());
        // A law number in the parenthesis says it, whatever the name.
        assert!(find("皇室典範（昭和二十二年法律第三号）第二十六条").is_empty());
        // 基本法 is a law's name, not 本法 (this law).
        assert!(find("エネルギー政策基本法（平成十四年法律第七十一号）第十二条第一項").is_empty());
        assert!(find("「第二項」とあるのは「次条第二項」と").is_empty());
        assert!(find("法律（昭和三十二年法律第百六十六号。以下「原子炉等規制法」という。）第四十三条の四第一項").is_empty());
        assert!(find("刑事訴訟法第百五十七条第一項及び第二項、第百五十八条第二項").is_empty());
        // 同条 after another law's article is that law's too.
        assert!(find("商標法第二条及び同条第三項").is_empty());
        // Other kinds of document too.
        for text in [
            "情報セキュリティ基本方針に基づく○○要綱第５条",
            "安全管理ガイドライン第３条",
            "東京都個人情報保護条例第５条",
            "就業規則第１０条",
        ] {
            assert!(find(text).is_empty(), "{text}");
        }
        // This regulation, named, is ours.
        for text in [
            "この規程第５条",
            "本規程第５条",
            "本法第五条",
            "当要綱第５条",
        ] {
            assert_eq!(targets(text).len(), 1, "{text}");
        }
    }

    #[test]
    fn another_law_earlier_in_the_sentence_puts_a_mention_in_doubt() {
        for text in [
            "個人情報保護法の規定により読み替えて適用する第八十九条第三項",
            "番号利用法第三十条第一項の規定により読み替えて適用する第八十九条第三項",
            "健康保険法（大正十一年法律第七十号）に規定する者は、第五条の届出をする",
            "同法の規定にかかわらず、第五条による",
            "改正前の第五条",
            "旧法の規定による第五条",
        ] {
            let d = doubts(text);
            assert_eq!(
                d.last().map(|(_, d)| *d),
                Some(Some(Doubt::OtherLaw)),
                "{text}: {d:?}"
            );
        }
        // Not after words that merely end in 法, nor after this law named.
        for text in [
            "方法により第五条の届出をする",
            "この法律の規定により第五条の届出をする",
            "法律の定めるところにより第五条の届出をする",
            "政令で定める者は、第五条の届出をする",
            "就業規則に定める第五条の手続",
        ] {
            assert_eq!(doubts(text), vec![("第五条".into(), None)], "{text}");
        }
        // Only in the same sentence, and only at the same depth: a law
        // named inside a parenthesis leaves the sentence around it alone.
        assert_eq!(
            doubts(
                "商標法の規定による。第五条の規定は、第二条（商標法第三条において準用する場合を含む。）及び第六条に準用する。"
            ),
            vec![
                ("第五条".into(), None),
                ("第二条".into(), None),
                ("第六条".into(), None),
            ]
        );
        // 前条 and 前項 are always this text's neighbours.
        assert_eq!(
            doubts("商標法の規定により、前条及び前項"),
            vec![("前条".into(), None), ("前項".into(), None)]
        );
    }

    #[test]
    fn same_article_paragraph_and_item() {
        // 同条 is the article last named (前条, not 前項).
        let t = targets(
            "前条第二項から第四項までの規定は、前項の代理人について準用する。この場合において、同条第二項及び第四項中",
        );
        let rel = |p| Target::RelativeArticle {
            offset: -1,
            paragraph: Some(p),
        };
        assert_eq!(t[3], ("同条第二項".into(), rel(2)));
        assert_eq!(t[4], ("第四項".into(), rel(4)));
        // 同項 is the 項 last named, past a 同条 that names none.
        let t = targets("前条第一項の定めをしたときは、同条の規定にかかわらず、同項の時間");
        assert_eq!(t.last(), Some(&("同項".into(), rel(1))));
        // 同号: the 号 last named.
        let t =
            targets("第二条第一項第一号、第二号及び第三号に掲げる行為（同号に掲げるものに限る。）");
        assert_eq!(
            t.last(),
            Some(&(
                "同号".into(),
                Target::Item {
                    of: Box::new(art(2, Some(1))),
                    item: 3
                }
            ))
        );
        let t = targets("前号に掲げる者及び同号の者");
        assert_eq!(t.last(), Some(&("同号".into(), Target::RelativeItem(-1))));
        // Nothing before it: not clear.
        assert_eq!(
            doubts("同条第三項及び第四項"),
            vec![
                ("同条第三項".into(), Some(Doubt::Antecedent)),
                ("第四項".into(), Some(Doubt::Antecedent)),
            ]
        );
        // Another article named in a parenthesis in between: not clear.
        let d = doubts("第五条（第三条において準用する場合を含む。）の規定により、同条の届出");
        assert_eq!(d.last(), Some(&("同条".into(), Some(Doubt::Antecedent))));
        // The same article named in it: clear.
        let d = doubts("前条第二項（同条第七項において準用する場合を含む。）の規定、同条第四項");
        assert!(d.iter().all(|(_, d)| d.is_none()), "{d:?}");
        // 同条約 is a treaty.
        assert!(targets("第五条及び同条約第三条").len() == 1);
    }

    #[test]
    fn one_mention_for_an_article_with_its_paragraph_and_item() {
        // 第十九条第一項第七号: one mention, the 号 is not linked separately.
        assert_eq!(find("第十九条第一項第七号").len(), 1);
        let t = targets("第二十一条第一項第三号（同条第一項に限る。）又は第四項");
        assert_eq!(t.last().unwrap(), &("第四項".into(), art(21, Some(4))));
    }
}
