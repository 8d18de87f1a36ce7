//! Mentions of articles inside a regulation's own text: 第N条, 第N条第M項,
//! 前条, 次条, 前項, 次項, 第M項. A mention preceded by another law's name
//! (商標法第二条, 同法第三条, 附則第四条, 法律（…号）第四条) is not ours.

use std::collections::HashMap;
use std::ops::Range;

use super::numerals::{digit_value, is_kanji_numeral_char, parse_number};
use super::structure::{ArticleNumber, parse_article_label};

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
    /// 第M項 of the same article.
    Paragraph(u32),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub range: Range<usize>,
    pub target: Target,
}

/// Characters that end a law's name or an outside reference right before 第.
/// `opens` is [`matching_opens`] of the text `before` is the start of.
fn belongs_to_other_law(before: &str, opens: &HashMap<usize, usize>) -> bool {
    let mut before = before;
    // A loop, not recursion: a line of 200,000 （） would overflow the stack.
    loop {
        let Some(last) = before.chars().next_back() else {
            return false;
        };
        if matches!(
            last,
            '法' | '律' | '令' | '則' | '約' | '程' | '定' | '同' | '条' | '項' | '号'
        ) {
            return true;
        }
        if last != '）' && last != ')' {
            return false;
        }
        // 商標法（昭和三十四年法律第百二十七号）第四条: look before the parenthesis.
        match opens.get(&(before.len() - last.len_utf8())) {
            Some(&open) => before = &before[..open],
            None => return false,
        }
    }
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
    let digits: String = rest.chars().take_while(|c| is_numeral(*c)).collect();
    let n = parse_number(&digits)?;
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
            .or_else(|| skip_item_number(rest))
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

/// `第三号`: an item number between two paragraph mentions.
fn skip_item_number(s: &str) -> Option<&str> {
    let rest = s.strip_prefix('第')?;
    let digits: String = rest.chars().take_while(|c| is_numeral(*c)).collect();
    parse_number(&digits)?;
    rest[digits.len()..].strip_prefix('号')
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
        }
    }

    /// The same article, paragraph `n`: how a bare 第M項 continues a list.
    fn with_paragraph(self, n: u32) -> Target {
        match self {
            Target::Article { number, .. } => Target::Article {
                number,
                paragraph: Some(n),
            },
            Target::RelativeArticle { offset, .. } => Target::RelativeArticle {
                offset,
                paragraph: Some(n),
            },
            Target::RelativeParagraph(_) | Target::Paragraph(_) => Target::Paragraph(n),
        }
    }
}

/// A 第… mention at the start of `s`: 第N条(第M項), or a bare 第M項 (which
/// continues `list` when it names an article). Returns what it names and
/// its length.
fn numbered_mention(s: &str, list: Option<Target>) -> Option<(Target, usize)> {
    if let Some((number, len)) = parse_article_label(s) {
        let (paragraph, extra) =
            paragraph_suffix(&s[len..]).map_or((None, 0), |(n, l)| (Some(n), l));
        return Some((Target::Article { number, paragraph }, len + extra));
    }
    let (n, len) = paragraph_suffix(s)?;
    let target = match list {
        Some(t) if t.takes_paragraphs() => t.with_paragraph(n),
        _ => Target::Paragraph(n),
    };
    Some((target, len))
}

/// Every mention in `text`, in order.
pub fn find(text: &str) -> Vec<Mention> {
    let mut out = Vec::new();
    // Per parenthesis depth, the end of the last 第… mention and what it
    // named (`None` for one that is not ours, such as 同条第二項 or
    // 商標法第二条): a list goes on across connectives, and a mention inside
    // （…） does not break the list it interrupts.
    let mut lists: Vec<Option<(usize, Option<Target>)>> = vec![None];
    let opens = matching_opens(text);
    let mut quoted = 0usize;
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let before = &text[..i];
        let mut step = rest.chars().next().map_or(1, char::len_utf8);
        match rest.chars().next() {
            Some('（') => lists.push(None),
            Some('）') if lists.len() > 1 => {
                lists.pop();
            }
            // Text in 「」 is quoted, not said: 「第二項」とあるのは「次条第二項」と.
            Some('「') => quoted += 1,
            Some('」') => quoted = quoted.saturating_sub(1),
            _ => {}
        }
        if quoted > 0 {
            i += step;
            continue;
        }
        let depth = lists.len() - 1;
        let list = &mut lists[depth];
        if rest.starts_with('第') {
            // Some(None): the list so far is another law's (刑事訴訟法第百五十七条
            // 第一項及び第二項、第百五十八条…), so this mention is too. Only
            // looked at before a 第: at every character, a long run of 、
            // took quadratic time.
            let continues = list
                .as_ref()
                .filter(|(end, _)| only_connectives(&text[*end..i]))
                .map(|(_, t)| t.clone());
            let bare_paragraph = parse_article_label(rest).is_none();
            let within = if bare_paragraph {
                continues.clone().flatten()
            } else {
                None
            };
            if let Some((target, len)) = numbered_mention(rest, within) {
                let others = match continues {
                    Some(None) => true,
                    // A bare 第M項 continuing our list stays ours after 第三号.
                    Some(Some(_)) if bare_paragraph => false,
                    _ => belongs_to_other_law(before, &opens),
                };
                if others {
                    *list = Some((i + len, None));
                } else {
                    out.push(Mention {
                        range: i..i + len,
                        target: target.clone(),
                    });
                    *list = Some((i + len, Some(target)));
                }
                step = len;
            }
        } else if let Some(offset) = relative(rest, "条")
            && !belongs_to_other_law(before, &opens)
        {
            let len = "前条".len();
            let (paragraph, extra) =
                paragraph_suffix(&rest[len..]).map_or((None, 0), |(n, l)| (Some(n), l));
            let target = Target::RelativeArticle { offset, paragraph };
            out.push(Mention {
                range: i..i + len + extra,
                target: target.clone(),
            });
            *list = Some((i + len + extra, Some(target)));
            step = len + extra;
        } else if let Some(offset) = relative(rest, "項")
            && !belongs_to_other_law(before, &opens)
        {
            out.push(Mention {
                range: i..i + "前項".len(),
                target: Target::RelativeParagraph(offset),
            });
            step = "前項".len();
        }
        i += step;
    }
    out
}

fn relative(s: &str, unit: &str) -> Option<i32> {
    let step = |prefix: char| s.strip_prefix(prefix).is_some_and(|r| r.starts_with(unit));
    if step('前') {
        Some(-1)
    } else if step('次') {
        Some(1)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets(text: &str) -> Vec<(String, Target)> {
        find(text)
            .into_iter()
            .map(|m| (text[m.range].to_string(), m.target))
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
    fn own_articles_are_found() {
        assert_eq!(
            targets("第１５条及び第十二条の二第三項の規定"),
            vec![
                ("第１５条".into(), art(15, None)),
                (
                    "第十二条の二第三項".into(),
                    Target::Article {
                        number: ArticleNumber {
                            main: 12,
                            branches: vec![2]
                        },
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
    fn other_laws_are_not_ours() {
        assert!(find("商標法第二条第一項に規定する").is_empty());
        assert!(find("同法第三条").is_empty());
        assert!(find("附則第四条第一号").is_empty());
        assert!(find("商標法（昭和三十四年法律第百二十七号）第四条第一項").is_empty());
        assert!(find("施行令第五条").is_empty());
        // A bare 第M項 continues the article before it, ours or not.
        assert!(find("同条第三項及び第四項").is_empty());
        assert!(find("「第二項」とあるのは「次条第二項」と").is_empty());
        assert!(find("法律（昭和三十二年法律第百六十六号。以下「原子炉等規制法」という。）第四十三条の四第一項").is_empty());
        assert!(find("刑事訴訟法第百五十七条第一項及び第二項、第百五十八条第二項").is_empty());
        let t = targets("第二十一条第一項第三号（同条第一項に限る。）又は第四項");
        assert_eq!(t.last().unwrap(), &("第四項".into(), art(21, Some(4))));
        // 第十九条第一項第七号: one mention, the 号 is not linked separately.
        assert_eq!(find("第十九条第一項第七号").len(), 1);
    }
}
