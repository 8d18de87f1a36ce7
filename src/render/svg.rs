//! Shared by the build-time SVG charts: number formatting, text width estimation for Japanese, wrapping, ids

/// Width of one character in em, estimated without a font engine: the
/// Japanese fonts the theme names draw kana and kanji 1em wide; their Latin
/// letters are proportional, so these are generous averages that keep the
/// estimate on the safe side.
fn char_em(c: char) -> f64 {
    match c {
        ' ' => 0.3,
        '0'..='9' => 0.6,
        'A'..='Z' => 0.7,
        'a'..='z' => 0.56,
        '!'..='~' => 0.5,
        '\u{ff61}'..='\u{ff9f}' => 0.5,
        c if (c as u32) < 0x1100 => 0.6,
        _ => 1.0,
    }
}

/// Estimated width in px; bold Latin letters are a little wider, bold kanji are not.
pub(crate) fn text_width(s: &str, px: f64, bold: bool) -> f64 {
    s.chars()
        .map(|c| {
            let em = char_em(c);
            if bold && em < 1.0 { em * 1.08 } else { em }
        })
        .sum::<f64>()
        * px
}

/// Wraps at character boundaries so no line is wider than `max`. Prefers
/// breaking after 「・」「、」 or before 「（」, then after an office suffix
/// (局, 課, 部…), when that still fills most of the line; never starts a line
/// with closing punctuation; keeps Latin words and numbers whole when it can.
pub(crate) fn wrap(text: &str, px: f64, bold: bool, max: f64) -> Vec<String> {
    let chars: Vec<char> = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .collect();
    let w = |a: usize, b: usize| text_width(&chars[a..b].iter().collect::<String>(), px, bold);
    let mut lines = Vec::new();
    let mut start = 0;
    while start < chars.len() {
        let mut end = start + 1;
        while end < chars.len() && w(start, end + 1) <= max {
            end += 1;
        }
        let cut = if end == chars.len() {
            end
        } else {
            let close = |p: usize| w(start, p) >= 0.55 * max;
            let strong = (start + 1..=end)
                .rev()
                .find(|&p| close(p) && strong_break(&chars, p));
            let weak = || {
                (start + 1..=end)
                    .rev()
                    .find(|&p| close(p) && weak_break(&chars, p))
            };
            let word = || {
                (start + 1..=end)
                    .rev()
                    .find(|&p| w(start, p) >= 0.3 * max && !inside_word(&chars, p))
            };
            strong.or_else(weak).or_else(word).unwrap_or_else(|| {
                let mut p = end;
                while p > start + 1 && no_line_start(chars[p]) {
                    p -= 1;
                }
                p
            })
        };
        lines.push(
            chars[start..cut]
                .iter()
                .collect::<String>()
                .trim_end()
                .to_string(),
        );
        start = cut;
        while start < chars.len() && chars[start] == ' ' {
            start += 1;
        }
    }
    lines
}

/// A break before `chars[p]` at punctuation made for it.
fn strong_break(chars: &[char], p: usize) -> bool {
    matches!(
        chars[p - 1],
        '・' | '、' | '，' | '）' | ')' | ' ' | '／' | '/'
    ) || matches!(chars[p], '（' | '(')
}

/// A break after the name of an office, as in 東京都保健医療局｜医療政策部,
/// but not inside 部門, 課長 or 委員会.
fn weak_break(chars: &[char], p: usize) -> bool {
    matches!(chars[p - 1], '局' | '省' | '庁' | '課' | '室' | '部' | '所')
        && !matches!(chars[p], '門' | '長' | '会' | '員' | '内' | '外' | '署')
        && !no_line_start(chars[p])
}

fn inside_word(chars: &[char], p: usize) -> bool {
    let latin = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '@' | '_');
    (latin(chars[p - 1]) && latin(chars[p])) || no_line_start(chars[p])
}

/// 行頭禁則: characters a line must not start with.
fn no_line_start(c: char) -> bool {
    "、。，．）」』】・ー々ぁぃぅぇぉっゃゅょァィゥェォッャュョ),.:;".contains(c)
}

/// Formats a coordinate with at most one decimal, so output is stable and short.
pub(crate) fn num(v: f64) -> String {
    if !v.is_finite() {
        return "0".to_string();
    }
    // Adding 0.0 turns a rounded -0.0 into 0.0.
    let s = format!("{:.1}", (v * 10.0).round() / 10.0 + 0.0);
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

/// FNV-1a over the given parts, as 8 hex digits: a stable suffix that keeps
/// ids unique between the charts on one page while builds stay byte-identical.
pub(crate) fn fingerprint<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        // A separator byte that UTF-8 never contains, so ("ab", "c") ≠ ("a", "bc").
        for &b in part.as_bytes().iter().chain(&[0xff]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{:08x}", h & 0xffff_ffff)
}

/// The SVG for "nothing to draw".
pub(crate) fn no_data(class: &str, role: &str, label: &str) -> String {
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" class="{class}" role="{role}" aria-label="{label}" viewBox="0 0 240 48" width="240" height="48">
<title>{label}</title>
<rect x="0.5" y="0.5" width="239" height="47" fill="none" stroke="#999"/>
<text x="120" y="29" font-size="14" text-anchor="middle" fill="#555">データなし</text>
</svg>
"##
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_to_one_decimal() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.34), "12.3");
        assert_eq!(num(-0.01), "0");
        assert_eq!(num(f64::NAN), "0");
    }

    #[test]
    fn wrap_prefers_punctuation_and_keeps_words() {
        // The flow chart's title size and box width less its padding, where
        // these office names are drawn.
        let w = |t: &str| wrap(t, 14.0, true, 170.0);
        assert_eq!(
            w("情報セキュリティ委員会・事務局"),
            ["情報セキュリティ委員会・", "事務局"]
        );
        assert_eq!(
            w("医療安全管理室（情報担当）"),
            ["医療安全管理室", "（情報担当）"]
        );
        assert_eq!(w("情報システム部門"), ["情報システム部門"]);
        let lines = wrap("夜間・休日 090-1234-5678 090-1234-5678", 12.0, false, 120.0);
        assert!(
            lines
                .iter()
                .all(|l| !l.starts_with('-') && !l.ends_with('-')),
            "{lines:?}"
        );
        assert!(lines.iter().all(|l| text_width(l, 12.0, false) <= 120.0));
    }
}
