//! The search tokenizer. The same rules are implemented in
//! `theme/search.js`; `tests/search/tokenize.json` holds the cases both
//! must agree on.
//!
//! 1. Normalise: NFKC (full-width ＡＢＣ１２３ and half-width ｶﾀｶﾅ become
//!    ABC123 and カタカナ), then ASCII A–Z to a–z. Nothing else changes
//!    case, so lengths match between the two implementations.
//! 2. Split into runs: a CJK run (kanji, hiragana, katakana, 々〆〇ー), a
//!    word run (any other letter or digit: Unicode Alphabetic or Number),
//!    or a separator.
//! 3. A CJK run gives its character bigrams (one character alone gives
//!    itself); a word run gives the word.
//!
//! A document matches a query when every token of the query occurs in the
//! document's normalised text (so a word matches as a prefix or inside a
//! longer word too, as staff type partial words).

use unicode_normalization::UnicodeNormalization;

/// NFKC, then ASCII letters lower-cased.
pub fn normalize(s: &str) -> String {
    s.nfkc().map(|c| c.to_ascii_lowercase()).collect()
}

/// Whether `c` belongs to a CJK run.
pub fn is_cjk(c: char) -> bool {
    // ・ and ゠ are punctuation inside the katakana block.
    if c == '・' || c == '゠' {
        return false;
    }
    matches!(c as u32,
        0x3005..=0x3007        // 々 〆 〇
        | 0x3040..=0x309F      // hiragana
        | 0x30A0..=0x30FF      // katakana, ー
        | 0x31F0..=0x31FF      // katakana phonetic extensions
        | 0x3400..=0x4DBF      // CJK extension A
        | 0x4E00..=0x9FFF      // CJK unified ideographs
        | 0xF900..=0xFAFF      // compatibility ideographs
        | 0x20000..=0x3FFFF) // extensions B and later
}

fn is_word(c: char) -> bool {
    !is_cjk(c) && (c.is_alphabetic() || c.is_numeric())
}

/// The tokens of already-normalised text, in order, repeats kept.
pub fn tokens(normalized: &str) -> Vec<String> {
    let chars: Vec<char> = normalized.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let (run, pair): (fn(char) -> bool, bool) = if is_cjk(c) {
            (is_cjk, true)
        } else if is_word(c) {
            (is_word, false)
        } else {
            i += 1;
            continue;
        };
        let start = i;
        while i < chars.len() && run(chars[i]) {
            i += 1;
        }
        let run = &chars[start..i];
        if pair && run.len() > 1 {
            out.extend(run.windows(2).map(|w| w.iter().collect::<String>()));
        } else {
            out.push(run.iter().collect());
        }
    }
    out
}

/// The distinct tokens of a query, first occurrence first. A query with
/// no token (only punctuation) is looked up as it is, trimmed.
pub fn query_tokens(query: &str) -> Vec<String> {
    let q = normalize(query);
    let mut seen = Vec::new();
    for t in tokens(&q) {
        if !seen.contains(&t) {
            seen.push(t);
        }
    }
    if seen.is_empty() && !q.trim().is_empty() {
        seen.push(q.trim().to_string());
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_fold_and_ascii_lowers() {
        assert_eq!(normalize("ＰＣ１２３ｶﾞｲﾄﾞ"), "pc123ガイド");
        assert_eq!(normalize("第１５条"), "第15条");
    }

    #[test]
    fn cjk_runs_give_bigrams_and_words_stay_whole() {
        assert_eq!(tokens("個人情報"), ["個人", "人情", "情報"]);
        assert_eq!(tokens("第15条"), ["第", "15", "条"]);
        assert_eq!(tokens("usb メモリ"), ["usb", "メモ", "モリ"]);
        assert_eq!(tokens("、。"), Vec::<String>::new());
    }

    #[test]
    fn queries_dedupe_and_fall_back_to_the_text() {
        assert_eq!(query_tokens("情報 情報"), ["情報"]);
        assert_eq!(query_tokens(" 、。 "), ["、。"]);
        assert!(query_tokens("  ").is_empty());
    }
}
