//! Lines two versions' parts up: articles within a scope, 項 and 号 within
//! an article. A part is known by its label (第五条, ２, 一) and its content
//! (its text without the label). Parts with the same content are paired
//! first, the same label preferred, so an article moved from 第五条 to 第六条
//! unchanged is one pair (条ずれ), not a deletion and an addition. Between
//! those, the rest pair by label, or by similar text when moved and edited.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

/// One part as the aligner sees it.
pub struct Part<'a> {
    pub label: &'a str,
    pub content: &'a str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pair {
    /// Old and new index, same content (the labels may differ).
    Same(usize, usize),
    /// Old and new index, different content.
    Changed(usize, usize),
    Deleted(usize),
    Added(usize),
}

/// Past this many cells, a stretch is paired by label only.
const MAX_CELLS: usize = 1_000_000;

/// How alike two moved texts must be to count as one part edited. A kept
/// label adds the same again, so a part rewritten in place stays one part.
const MOVED_SIMILARITY: f64 = 0.5;

fn hash(s: &str) -> u64 {
    let mut h = DefaultHasher::new();
    s.hash(&mut h);
    h.finish()
}

/// Pairs `old` with `new`, in document order: the pairs and the parts left
/// over, deletions before additions where both fall in one place.
pub fn align(old: &[Part], new: &[Part]) -> Vec<Pair> {
    let oh: Vec<u64> = old.iter().map(|p| hash(p.content)).collect();
    let nh: Vec<u64> = new.iter().map(|p| hash(p.content)).collect();
    let anchors = same_content(old, new, &oh, &nh);
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    for (ai, aj) in anchors.into_iter().chain([(old.len(), new.len())]) {
        gap(old, new, i..ai, j..aj, &mut out);
        if ai < old.len() && aj < new.len() {
            out.push(Pair::Same(ai, aj));
        }
        (i, j) = (ai + 1, aj + 1);
    }
    out
}

/// The pairs with equal content, as many as can be in order, counting a
/// pair that also keeps its label twice.
fn same_content(old: &[Part], new: &[Part], oh: &[u64], nh: &[u64]) -> Vec<(usize, usize)> {
    let (n, m) = (old.len(), new.len());
    let prefix = (0..n.min(m))
        .take_while(|&k| oh[k] == nh[k] && old[k].content == new[k].content)
        .count();
    let mut out: Vec<(usize, usize)> = (0..prefix).map(|k| (k, k)).collect();
    let (a, b) = (prefix, prefix);
    let (rn, rm) = (n - a, m - b);
    if rn == 0 || rm == 0 {
        return out;
    }
    if (rn + 1) * (rm + 1) > MAX_CELLS {
        // Too many to weigh: pair equal contents greedily in order.
        let mut by_content: HashMap<u64, Vec<usize>> = HashMap::new();
        for j in (b..m).rev() {
            by_content.entry(nh[j]).or_default().push(j);
        }
        let mut last = b;
        for i in a..n {
            if let Some(list) = by_content.get_mut(&oh[i]) {
                while list.last().is_some_and(|&j| j < last) {
                    list.pop();
                }
                if let Some(j) = list.pop()
                    && old[i].content == new[j].content
                {
                    out.push((i, j));
                    last = j + 1;
                }
            }
        }
        return out;
    }
    let w = rm + 1;
    let mut score = vec![0u32; (rn + 1) * w];
    let weight = |i: usize, j: usize| -> u32 {
        if oh[i] != nh[j] || old[i].content != new[j].content {
            0
        } else if old[i].label == new[j].label {
            2
        } else {
            1
        }
    };
    for i in (0..rn).rev() {
        for j in (0..rm).rev() {
            let wgt = weight(a + i, b + j);
            let take = if wgt > 0 {
                score[(i + 1) * w + j + 1] + wgt
            } else {
                0
            };
            score[i * w + j] = take.max(score[(i + 1) * w + j]).max(score[i * w + j + 1]);
        }
    }
    let (mut i, mut j) = (0, 0);
    while i < rn && j < rm {
        let wgt = weight(a + i, b + j);
        if wgt > 0 && score[i * w + j] == score[(i + 1) * w + j + 1] + wgt {
            out.push((a + i, b + j));
            i += 1;
            j += 1;
        } else if score[(i + 1) * w + j] >= score[i * w + j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

/// Dice coefficient over character bigrams.
fn similarity(a: &str, b: &str) -> f64 {
    let grams = |s: &str| {
        let cs: Vec<char> = s.chars().collect();
        let mut m: HashMap<(char, char), u32> = HashMap::new();
        for w in cs.windows(2) {
            *m.entry((w[0], w[1])).or_default() += 1;
        }
        (m, cs.len().saturating_sub(1))
    };
    let (ga, na) = grams(a);
    let (gb, nb) = grams(b);
    if na + nb == 0 {
        return if a == b { 1.0 } else { 0.0 };
    }
    let common: u32 = ga
        .iter()
        .map(|(k, v)| (*v).min(gb.get(k).copied().unwrap_or(0)))
        .sum();
    2.0 * f64::from(common) / (na + nb) as f64
}

/// Pairs a stretch between two same-content pairs: by label, or by similar
/// text, keeping order; the best total wins.
fn gap(
    old: &[Part],
    new: &[Part],
    is: std::ops::Range<usize>,
    js: std::ops::Range<usize>,
    out: &mut Vec<Pair>,
) {
    let (n, m) = (is.len(), js.len());
    if n == 0 || m == 0 {
        out.extend(is.map(Pair::Deleted));
        out.extend(js.map(Pair::Added));
        return;
    }
    let score = |i: usize, j: usize| -> f64 {
        let (o, nw) = (&old[is.start + i], &new[js.start + j]);
        let same_label = o.label == nw.label;
        if n * m > MAX_CELLS / 10 {
            return if same_label { MOVED_SIMILARITY } else { 0.0 };
        }
        let sim = similarity(o.content, nw.content);
        if same_label {
            MOVED_SIMILARITY + sim
        } else if sim >= MOVED_SIMILARITY {
            sim
        } else {
            0.0
        }
    };
    let w = m + 1;
    let mut best = vec![0f64; (n + 1) * w];
    let mut cell = vec![0f64; n * m];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let s = score(i, j);
            cell[i * m + j] = s;
            let take = if s > 0.0 {
                best[(i + 1) * w + j + 1] + s
            } else {
                0.0
            };
            best[i * w + j] = take.max(best[(i + 1) * w + j]).max(best[i * w + j + 1]);
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut pending_old = Vec::new();
    let mut pending_new = Vec::new();
    let flush = |out: &mut Vec<Pair>, po: &mut Vec<usize>, pn: &mut Vec<usize>| {
        out.extend(po.drain(..).map(Pair::Deleted));
        out.extend(pn.drain(..).map(Pair::Added));
    };
    while i < n && j < m {
        let s = cell[i * m + j];
        if s > 0.0 && best[i * w + j] == best[(i + 1) * w + j + 1] + s {
            flush(out, &mut pending_old, &mut pending_new);
            out.push(Pair::Changed(is.start + i, js.start + j));
            i += 1;
            j += 1;
        } else if best[(i + 1) * w + j] >= best[i * w + j + 1] {
            pending_old.push(is.start + i);
            i += 1;
        } else {
            pending_new.push(js.start + j);
            j += 1;
        }
    }
    pending_old.extend((i..n).map(|k| is.start + k));
    pending_new.extend((j..m).map(|k| js.start + k));
    flush(out, &mut pending_old, &mut pending_new);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts<'a>(list: &'a [(&'a str, &'a str)]) -> Vec<Part<'a>> {
        list.iter()
            .map(|(label, content)| Part { label, content })
            .collect()
    }

    #[test]
    fn an_inserted_article_shifts_the_rest_as_moves() {
        let old = parts(&[("1", "目的"), ("2", "定義"), ("3", "責任者"), ("4", "罰則")]);
        let new = parts(&[
            ("1", "目的"),
            ("2", "定義"),
            ("3", "基本方針"),
            ("4", "責任者"),
            ("5", "罰則"),
        ]);
        assert_eq!(
            align(&old, &new),
            vec![
                Pair::Same(0, 0),
                Pair::Same(1, 1),
                Pair::Added(2),
                Pair::Same(2, 3),
                Pair::Same(3, 4)
            ]
        );
    }

    #[test]
    fn same_label_wins_among_equal_contents() {
        let old = parts(&[("10", "削除"), ("11", "本文")]);
        let new = parts(&[("10", "削除"), ("11", "削除"), ("12", "本文")]);
        assert_eq!(
            align(&old, &new),
            vec![Pair::Same(0, 0), Pair::Added(1), Pair::Same(1, 2)]
        );
    }

    #[test]
    fn edited_parts_pair_by_label_or_by_likeness() {
        let old = parts(&[("1", "職員は報告する。"), ("2", "委託先は記録を保存する。")]);
        let new = parts(&[
            ("1", "職員は直ちに報告する。"),
            ("2", "新しい規定を置く。"),
            ("3", "委託先は記録を五年間保存する。"),
        ]);
        assert_eq!(
            align(&old, &new),
            vec![Pair::Changed(0, 0), Pair::Added(1), Pair::Changed(1, 2)]
        );
    }

    #[test]
    fn unrelated_parts_with_other_labels_are_deleted_and_added() {
        let old = parts(&[("1", "甲乙丙丁")]);
        let new = parts(&[("2", "戊己庚辛")]);
        assert_eq!(align(&old, &new), vec![Pair::Deleted(0), Pair::Added(0)]);
    }
}
