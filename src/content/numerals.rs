//! Numerals as they appear in Japanese regulations: ASCII, full-width and
//! kanji (一, 十五, 百二十三, 二〇), plus the circled and parenthesised forms
//! used for 号.

/// Value of a run of ASCII or full-width digits.
pub fn parse_digits(s: &str) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    let mut n: u32 = 0;
    for c in s.chars() {
        let d = digit_value(c)?;
        n = n.checked_mul(10)?.checked_add(d)?;
    }
    Some(n)
}

/// Value of one ASCII or full-width digit.
pub fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

fn kanji_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' => 0,
        '一' | '壱' => 1,
        '二' | '弐' => 2,
        '三' | '参' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// Whether `c` can be part of a kanji numeral.
pub fn is_kanji_numeral_char(c: char) -> bool {
    kanji_digit(c).is_some() || matches!(c, '十' | '百' | '千' | '拾')
}

/// Value of a kanji numeral: positional (十五, 百二十三, 千九百) or, as in some
/// law numbers, digit by digit (二〇一九).
pub fn parse_kanji(s: &str) -> Option<u32> {
    if s.is_empty() || !s.chars().all(is_kanji_numeral_char) {
        return None;
    }
    if !s.chars().any(|c| matches!(c, '十' | '百' | '千' | '拾')) {
        // Digit by digit: 二〇 = 20.
        let mut n: u32 = 0;
        for c in s.chars() {
            n = n.checked_mul(10)?.checked_add(kanji_digit(c)?)?;
        }
        return Some(n);
    }
    let mut total: u32 = 0;
    let mut pending: Option<u32> = None;
    let mut last_unit = u32::MAX;
    for c in s.chars() {
        let unit = match c {
            '十' | '拾' => 10,
            '百' => 100,
            '千' => 1000,
            _ => {
                if pending.is_some() {
                    return None; // two digits in a row inside a positional numeral
                }
                pending = Some(kanji_digit(c)?);
                continue;
            }
        };
        if unit >= last_unit {
            return None; // 十百 or 十十: not a numeral
        }
        last_unit = unit;
        total += pending.take().unwrap_or(1) * unit;
    }
    Some(total + pending.unwrap_or(0))
}

/// Value of any supported numeral: ASCII, full-width or kanji.
pub fn parse_number(s: &str) -> Option<u32> {
    parse_digits(s).or_else(|| parse_kanji(s))
}

/// Value of a circled number ① … ⑳ (and ㉑ … ㊿).
pub fn circled_value(c: char) -> Option<u32> {
    match c {
        '①'..='⑳' => Some(c as u32 - '①' as u32 + 1),
        '㉑'..='㉟' => Some(c as u32 - '㉑' as u32 + 21),
        '㊱'..='㊿' => Some(c as u32 - '㊱' as u32 + 36),
        _ => None,
    }
}

/// Kanji numeral for `n`, as used in article numbers (1 → 一, 15 → 十五).
pub fn to_kanji(n: u32) -> String {
    const DIGITS: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    if n == 0 {
        return DIGITS[0].to_string();
    }
    // 億 and 万 group the digits by four; within a group, 千百十.
    for (group, name) in [(100_000_000, "億"), (10_000, "万")] {
        if n >= group {
            let rest = n % group;
            let rest = if rest == 0 {
                String::new()
            } else {
                to_kanji(rest)
            };
            return format!("{}{name}{rest}", to_kanji(n / group));
        }
    }
    let mut out = String::new();
    let mut rest = n;
    for (unit, name) in [(1000, "千"), (100, "百"), (10, "十")] {
        let d = rest / unit;
        rest %= unit;
        if d > 0 {
            if d > 1 {
                out.push_str(DIGITS[d as usize]);
            }
            out.push_str(name);
        }
    }
    if rest > 0 {
        out.push_str(DIGITS[rest as usize]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_ascii_and_full_width() {
        assert_eq!(parse_digits("15"), Some(15));
        assert_eq!(parse_digits("１５"), Some(15));
        assert_eq!(parse_digits("1５"), Some(15));
        assert_eq!(parse_digits(""), None);
        assert_eq!(parse_digits("1a"), None);
        assert_eq!(parse_digits("99999999999"), None);
    }

    #[test]
    fn kanji_positional() {
        for (s, n) in [
            ("一", 1),
            ("十", 10),
            ("十五", 15),
            ("二十", 20),
            ("二十一", 21),
            ("百", 100),
            ("百二十三", 123),
            ("三百五", 305),
            ("千九百八十九", 1989),
            ("二〇", 20),
            ("二〇一九", 2019),
        ] {
            assert_eq!(parse_kanji(s), Some(n), "{s}");
        }
        for bad in ["", "十十", "十百", "一二十", "a", "元"] {
            assert_eq!(parse_kanji(bad), None, "{bad}");
        }
    }

    #[test]
    fn kanji_round_trip() {
        for n in 1..=1200 {
            assert_eq!(parse_kanji(&to_kanji(n)), Some(n), "{n}");
        }
        assert_eq!(to_kanji(15), "十五");
        assert_eq!(to_kanji(110), "百十");
        assert_eq!(to_kanji(10_000), "一万");
        assert_eq!(to_kanji(120_305), "十二万三百五");
        assert_eq!(to_kanji(u32::MAX), "四十二億九千四百九十六万七千二百九十五");
    }

    #[test]
    fn circled() {
        assert_eq!(circled_value('①'), Some(1));
        assert_eq!(circled_value('⑳'), Some(20));
        assert_eq!(circled_value('㉑'), Some(21));
        assert_eq!(circled_value('㊿'), Some(50));
        assert_eq!(circled_value('1'), None);
    }
}
