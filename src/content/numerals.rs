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

/// Value of any supported numeral: ASCII, full-width or kanji (with 万 and
/// 億 groups: 十万).
pub fn parse_number(s: &str) -> Option<u32> {
    match parse_numeral(s)? {
        Numeral::Value(n) => Some(n),
        Numeral::TooLarge => None,
    }
}

/// Whether `c` is one of the large units that group a kanji numeral by
/// four digits (十万, 一億二千万). Only article numbers are read with them:
/// an item marker such as 万一 is a word, not a numeral.
pub fn is_large_unit(c: char) -> bool {
    matches!(c, '万' | '億' | '兆')
}

/// A numeral of an article number as written in a mention: its value, or
/// that it is a well-formed numeral too large to number an article
/// (第4294967296条, 第一兆条). `None` when `s` is not a numeral at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Numeral {
    Value(u32),
    TooLarge,
}

/// Reads ASCII or full-width digits, or a kanji numeral with 万/億/兆
/// groups, without overflowing on any length.
pub fn parse_numeral(s: &str) -> Option<Numeral> {
    let value = if s.chars().all(|c| digit_value(c).is_some()) {
        if s.is_empty() {
            return None;
        }
        let mut n: u64 = 0;
        for c in s.chars() {
            n = n
                .saturating_mul(10)
                .saturating_add(u64::from(digit_value(c)?));
        }
        n
    } else {
        parse_grouped_kanji(s)?
    };
    Some(match u32::try_from(value) {
        Ok(n) => Numeral::Value(n),
        Err(_) => Numeral::TooLarge,
    })
}

/// 十二万三百五 → 120305: groups of up to 9999 (read by [`parse_kanji`])
/// before 兆, 億 and 万, in that order. Saturates instead of overflowing.
fn parse_grouped_kanji(s: &str) -> Option<u64> {
    if !s.chars().any(is_large_unit) {
        return parse_kanji(s).map(u64::from);
    }
    let mut total: u64 = 0;
    let mut rest = s;
    let mut last_unit = u64::MAX;
    for (unit, value) in [
        ('兆', 1_000_000_000_000u64),
        ('億', 100_000_000),
        ('万', 10_000),
    ] {
        if let Some(i) = rest.find(unit) {
            let group = parse_kanji(&rest[..i])?;
            if group == 0 || group > 9999 || value >= last_unit {
                return None;
            }
            last_unit = value;
            total = total.saturating_add(u64::from(group).saturating_mul(value));
            rest = &rest[i + unit.len_utf8()..];
        }
    }
    if rest.chars().any(is_large_unit) {
        return None;
    }
    if !rest.is_empty() {
        let tail = parse_kanji(rest)?;
        if tail > 9999 {
            return None;
        }
        total = total.saturating_add(u64::from(tail));
    }
    Some(total)
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
    fn large_units_and_numbers_too_large_for_an_article() {
        assert_eq!(parse_number("十万"), Some(100_000));
        assert_eq!(parse_number("十二万三百五"), Some(120_305));
        assert_eq!(parse_number("一億二千万"), Some(120_000_000));
        assert_eq!(
            parse_number("四十二億九千四百九十六万七千二百九十五"),
            Some(u32::MAX)
        );
        for big in [
            "4294967296",
            "99999999999999999999999999999999",
            "四十二億九千四百九十六万七千二百九十六",
            "一兆",
        ] {
            assert_eq!(parse_numeral(big), Some(Numeral::TooLarge), "{big}");
            assert_eq!(parse_number(big), None, "{big}");
        }
        for bad in ["万", "万一", "十万十万", "万億", "一万億", "億万"] {
            assert_eq!(parse_numeral(bad), None, "{bad}");
        }
        for n in [10_000, 100_000, 120_305, 99_999_999, 100_000_001, u32::MAX] {
            assert_eq!(parse_number(&to_kanji(n)), Some(n), "{n}");
        }
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
