//! The inline diff of a 新旧対照表: which characters of the old and the new
//! text are underlined (傍線). Japanese has no spaces, so it works on
//! characters, with a number (十九, ２４) as one unit so that 第十九条 →
//! 第二十条 underlines 十九/二十 and not a stray 二 and 九. Scattered one- or
//! two-character agreements inside a rewritten phrase (の, を) are absorbed
//! into the change, so the underline reads as phrases.

use crate::content::numerals::{digit_value, is_kanji_numeral_char};

/// A run of text, underlined or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub text: String,
    pub changed: bool,
}

/// Both sides, each as spans that join to its whole text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct InlineDiff {
    pub old: Vec<Span>,
    pub new: Vec<Span>,
}

/// The most cells the table of the middle part may have; past it, the
/// differing middle is underlined whole (a text rewritten from end to end).
const MAX_CELLS: usize = 4_000_000;

/// The longest agreement absorbed into the changes around it.
const MAX_ABSORBED: usize = 3;

fn is_number_char(c: char) -> bool {
    digit_value(c).is_some() || is_kanji_numeral_char(c)
}

/// Units: a number is one, every other character is one.
fn units(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        if is_number_char(c) {
            start.get_or_insert(i);
            continue;
        }
        if let Some(st) = start.take() {
            out.push(&s[st..i]);
        }
        out.push(&s[i..i + c.len_utf8()]);
    }
    if let Some(st) = start {
        out.push(&s[st..]);
    }
    out
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Same(String),
    Change { old: String, new: String },
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// Longest common subsequence of two unit lists, as pieces.
fn pieces(old: &[&str], new: &[&str]) -> Vec<Piece> {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let (a, b) = (
        &old[prefix..old.len() - suffix],
        &new[prefix..new.len() - suffix],
    );
    let mut out = Vec::new();
    let push_same = |out: &mut Vec<Piece>, s: &str| match out.last_mut() {
        Some(Piece::Same(t)) => t.push_str(s),
        _ => out.push(Piece::Same(s.to_string())),
    };
    for u in &old[..prefix] {
        push_same(&mut out, u);
    }
    let mut middle: Vec<(bool, Option<&str>, Option<&str>)> = Vec::new();
    let (n, m) = (a.len(), b.len());
    if n > 0 && m > 0 && (n + 1) * (m + 1) <= MAX_CELLS {
        // lcs[i][j]: the common length of a[i..] and b[j..].
        let w = m + 1;
        let mut lcs = vec![0u32; (n + 1) * w];
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                lcs[i * w + j] = if a[i] == b[j] {
                    lcs[(i + 1) * w + j + 1] + 1
                } else {
                    lcs[(i + 1) * w + j].max(lcs[i * w + j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < n && j < m {
            if a[i] == b[j] {
                middle.push((true, Some(a[i]), None));
                i += 1;
                j += 1;
            } else if lcs[(i + 1) * w + j] >= lcs[i * w + j + 1] {
                middle.push((false, Some(a[i]), None));
                i += 1;
            } else {
                middle.push((false, None, Some(b[j])));
                j += 1;
            }
        }
        middle.extend(a[i..].iter().map(|u| (false, Some(*u), None)));
        middle.extend(b[j..].iter().map(|u| (false, None, Some(*u))));
    } else {
        middle.extend(a.iter().map(|u| (false, Some(*u), None)));
        middle.extend(b.iter().map(|u| (false, None, Some(*u))));
    }
    for (same, o, nw) in middle {
        if same {
            push_same(&mut out, o.unwrap_or_default());
            continue;
        }
        if !matches!(out.last(), Some(Piece::Change { .. })) {
            out.push(Piece::Change {
                old: String::new(),
                new: String::new(),
            });
        }
        if let Some(Piece::Change { old, new }) = out.last_mut() {
            old.push_str(o.unwrap_or_default());
            new.push_str(nw.unwrap_or_default());
        }
    }
    for u in &old[old.len() - suffix..] {
        push_same(&mut out, u);
    }
    out
}

/// Absorbs a short agreement between two changes into them when it is no
/// longer than either change: 甲の乙 → 丙の丁 underlines 甲の乙 / 丙の丁.
fn absorb(mut ps: Vec<Piece>) -> Vec<Piece> {
    let size = |p: &Piece| match p {
        Piece::Change { old, new } => chars(old).max(chars(new)),
        Piece::Same(_) => 0,
    };
    loop {
        let found = (1..ps.len().saturating_sub(1)).find(|&k| match &ps[k] {
            Piece::Same(s) => {
                let len = chars(s);
                len <= MAX_ABSORBED
                    && matches!(ps[k - 1], Piece::Change { .. })
                    && matches!(ps[k + 1], Piece::Change { .. })
                    && len <= size(&ps[k - 1])
                    && len <= size(&ps[k + 1])
            }
            Piece::Change { .. } => false,
        });
        let Some(k) = found else {
            return ps;
        };
        let right = ps.remove(k + 1);
        let Piece::Same(same) = ps.remove(k) else {
            return ps;
        };
        if let (
            Piece::Change { old, new },
            Piece::Change {
                old: old2,
                new: new2,
            },
        ) = (&mut ps[k - 1], right)
        {
            old.push_str(&same);
            old.push_str(&old2);
            new.push_str(&same);
            new.push_str(&new2);
        }
    }
}

fn push(spans: &mut Vec<Span>, text: &str, changed: bool) {
    if text.is_empty() {
        return;
    }
    match spans.last_mut() {
        Some(last) if last.changed == changed => last.text.push_str(text),
        _ => spans.push(Span {
            text: text.to_string(),
            changed,
        }),
    }
}

/// Which parts of `old` and `new` differ.
pub fn diff(old: &str, new: &str) -> InlineDiff {
    let ps = absorb(pieces(&units(old), &units(new)));
    let mut out = InlineDiff::default();
    for p in ps {
        match p {
            Piece::Same(s) => {
                push(&mut out.old, &s, false);
                push(&mut out.new, &s, false);
            }
            Piece::Change { old, new } => {
                push(&mut out.old, &old, true);
                push(&mut out.new, &new, true);
            }
        }
    }
    out
}

/// The whole text, underlined: an added or deleted line.
pub fn whole(text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    push(&mut spans, text, true);
    spans
}

/// The whole text, not underlined.
pub fn plain(text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    push(&mut spans, text, false);
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(spans: &[Span]) -> String {
        spans
            .iter()
            .map(|s| {
                if s.changed {
                    format!("[{}]", s.text)
                } else {
                    s.text.clone()
                }
            })
            .collect()
    }

    fn check(old: &str, new: &str) -> (String, String) {
        let d = diff(old, new);
        let join = |v: &[Span]| v.iter().map(|s| s.text.as_str()).collect::<String>();
        assert_eq!(join(&d.old), old);
        assert_eq!(join(&d.new), new);
        // What is not underlined is the same on both sides.
        let kept = |v: &[Span]| {
            v.iter()
                .filter(|s| !s.changed)
                .map(|s| s.text.as_str())
                .collect::<String>()
        };
        assert_eq!(kept(&d.old), kept(&d.new));
        (marked(&d.old), marked(&d.new))
    }

    #[test]
    fn a_changed_word_is_underlined_on_both_sides() {
        assert_eq!(
            check("速やかに報告する。", "直ちに報告する。"),
            ("[速やか]に報告する。".into(), "[直ち]に報告する。".into())
        );
    }

    #[test]
    fn numbers_change_as_a_whole() {
        assert_eq!(
            check("第十九条第一項第七号", "第二十条第一項第八号"),
            (
                "第[十九]条第一項第[七]号".into(),
                "第[二十]条第一項第[八]号".into()
            )
        );
        assert_eq!(
            check("７２時間以内", "２４時間以内"),
            ("[７２]時間以内".into(), "[２４]時間以内".into())
        );
    }

    #[test]
    fn insertions_and_deletions_underline_one_side() {
        assert_eq!(
            check("職員は報告する。", "職員及び委託先は報告する。"),
            (
                "職員は報告する。".into(),
                "職員[及び委託先]は報告する。".into()
            )
        );
        assert_eq!(
            check("情報システム部門が中心になって", "情報システム部門が"),
            (
                "情報システム部門が[中心になって]".into(),
                "情報システム部門が".into()
            )
        );
    }

    #[test]
    fn a_short_agreement_inside_a_rewrite_is_absorbed() {
        let (old, new) = check("甲社の乙課", "丙社の丁課");
        assert_eq!(
            (old.as_str(), new.as_str()),
            ("[甲]社の[乙]課", "[丙]社の[丁]課")
        );
        // One character between two one-character changes goes with them.
        let (old, new) = check("甲の乙の丙", "丁の戊の丙");
        assert_eq!(
            (old.as_str(), new.as_str()),
            ("[甲の乙]の丙", "[丁の戊]の丙")
        );
    }

    #[test]
    fn identical_and_empty_texts() {
        assert_eq!(check("同じ", "同じ"), ("同じ".into(), "同じ".into()));
        assert_eq!(check("", "新しい"), ("".into(), "[新しい]".into()));
        assert_eq!(check("古い", ""), ("[古い]".into(), "".into()));
    }
}
