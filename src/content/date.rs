//! Calendar dates: ISO `YYYY-MM-DD` and 和暦 (`平成30年4月1日`, `令和元年5月1日`)
//! in, 和暦 and 西暦 out, with the exact era boundaries.

use chrono::{Datelike, NaiveDate};

use crate::diag::Msg;

use super::numerals::{parse_digits, parse_kanji};

/// An era and the first day it was in force (the day after the emperor's
/// death, or the day of the 改元, in the Gregorian calendar).
struct Era {
    name: &'static str,
    start: (i32, u32, u32),
}

// Ordered newest first so the first match is the era of a date.
const ERAS: [Era; 5] = [
    Era {
        name: "令和",
        start: (2019, 5, 1),
    },
    Era {
        name: "平成",
        start: (1989, 1, 8),
    },
    Era {
        name: "昭和",
        start: (1926, 12, 25),
    },
    Era {
        name: "大正",
        start: (1912, 7, 30),
    },
    Era {
        name: "明治",
        start: (1868, 10, 23),
    },
];

fn era_start(era: &Era) -> NaiveDate {
    let (y, m, d) = era.start;
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

/// The longest review interval (in days) a handbook may set: 100 years.
/// Every date computed from the sources is worked out within it, so no
/// interval, however it is written, can carry a date off the calendar.
pub const MAX_INTERVAL_DAYS: u32 = 36_500;

/// The day `days` after `date`; `None` past the end of the calendar.
pub fn days_after(date: NaiveDate, days: u32) -> Option<NaiveDate> {
    date.checked_add_days(chrono::Days::new(u64::from(days)))
}

/// Why an interval of days is refused, or `None` when it is usable.
pub fn interval_problem(days: u32) -> Option<Msg> {
    match days {
        0 => Some(Msg::new("間隔が0日です", "the interval is 0 days")),
        d if d > MAX_INTERVAL_DAYS => Some(Msg::new(
            format!("間隔が{d}日と長すぎます（上限は{MAX_INTERVAL_DAYS}日＝100年）"),
            format!(
                "the interval of {d} days is too long (at most {MAX_INTERVAL_DAYS} days, 100 years)"
            ),
        )),
        _ => None,
    }
}

/// Why a date could not be read; the text is shown to the author.
#[derive(Debug, PartialEq, Eq)]
pub struct DateError(pub Msg);

/// Reads `2025-04-01`, `2025/4/1`, `平成30年4月1日`, `令和元年5月1日`,
/// `平成 17 年 4 月 1 日` (spaces as pasted from Word), with ASCII, full-width
/// or kanji digits.
pub fn parse_date(input: &str) -> Result<NaiveDate, DateError> {
    let s: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .collect();
    if s.is_empty() {
        return Err(DateError(Msg::new("日付が空です", "the date is empty")));
    }
    if let Some(era) = ERAS.iter().find(|e| s.starts_with(e.name)) {
        return parse_wareki(era, &s[era.name.len()..], input);
    }
    if s.contains('年') {
        // 西暦 written with 年月日: 2025年4月1日.
        let (y, m, d) = split_ymd_kanji(&s).ok_or_else(|| invalid(input))?;
        return ymd(y, m, d, input);
    }
    let parts: Vec<&str> = s.split(['-', '/', '－', '／']).collect();
    if parts.len() != 3 || parts[0].chars().count() != 4 {
        return Err(invalid(input));
    }
    let y = parse_digits(parts[0]).ok_or_else(|| invalid(input))?;
    let m = parse_digits(parts[1]).ok_or_else(|| invalid(input))?;
    let d = parse_digits(parts[2]).ok_or_else(|| invalid(input))?;
    ymd(y, m, d, input)
}

fn invalid(input: &str) -> DateError {
    DateError(Msg::new(
        format!("「{input}」は日付として読めません"),
        format!("「{input}」 is not a date (expected YYYY-MM-DD, or 和暦 such as 令和7年4月1日)"),
    ))
}

/// The years a date of a handbook can fall in: from 明治 (the calendar
/// Japan dates by) to far enough ahead for any planned revision; outside
/// them a year is a slip (0000, 20250).
const YEARS: std::ops::RangeInclusive<u32> = 1868..=2999;

/// The date, if it exists and its year is one of [`YEARS`].
fn ymd(y: u32, m: u32, d: u32, input: &str) -> Result<NaiveDate, DateError> {
    if !YEARS.contains(&y) {
        return Err(DateError(Msg::new(
            format!(
                "「{input}」の年（{y}年）はありえません。{}年から{}年までの日付で書いてください",
                YEARS.start(),
                YEARS.end()
            ),
            format!(
                "the year of 「{input}」 ({y}) cannot be right; dates run from {} to {}",
                YEARS.start(),
                YEARS.end()
            ),
        )));
    }
    let date = i32::try_from(y)
        .ok()
        .and_then(|y| NaiveDate::from_ymd_opt(y, m, d));
    date.ok_or_else(|| {
        DateError(Msg::new(
            format!("「{input}」は存在しない日付です（{y}年{m}月{d}日はありません）"),
            format!("「{input}」 is not a real date ({y}年{m}月{d}日 does not exist)"),
        ))
    })
}

fn number(s: &str) -> Option<u32> {
    if s == "元" {
        return Some(1);
    }
    parse_digits(s).or_else(|| parse_kanji(s))
}

fn split_ymd_kanji(s: &str) -> Option<(u32, u32, u32)> {
    let (y, rest) = s.split_once('年')?;
    let (m, rest) = rest.split_once('月')?;
    let d = rest.strip_suffix('日')?;
    Some((number(y)?, number(m)?, number(d)?))
}

fn parse_wareki(era: &Era, rest: &str, input: &str) -> Result<NaiveDate, DateError> {
    let (y, m, d) = split_ymd_kanji(rest).ok_or_else(|| invalid(input))?;
    if y == 0 {
        return Err(invalid(input));
    }
    let start = era_start(era);
    // y >= 1 here; the era starts in a positive year.
    let year = u32::try_from(start.year())
        .ok()
        .and_then(|s| s.checked_add(y - 1))
        .ok_or_else(|| invalid(input))?;
    let date = ymd(year, m, d, input)?;
    if date < start {
        let began = start.format("%Y-%m-%d");
        return Err(DateError(Msg::new(
            format!("「{input}」は{}の始まり（{began}）より前です", era.name),
            format!("「{input}」 is before {} began ({began})", era.name),
        )));
    }
    // A date after the next era began is written in the next era's name
    // (平成31年5月1日 is 令和元年5月1日); reject it so typos surface.
    if let Some(next) = ERAS.iter().rev().find(|e| era_start(e) > start)
        && date >= era_start(next)
    {
        return Err(DateError(Msg::new(
            format!(
                "「{input}」の日には{}は終わっています（{} と書いてください）",
                era.name,
                wareki(date)
            ),
            format!(
                "{} had ended by 「{input}」 (write {})",
                era.name,
                wareki(date)
            ),
        )));
    }
    Ok(date)
}

/// 和暦 of a date: `令和7年4月1日`, `令和元年5月1日`. Before 明治 it falls back to 西暦.
pub fn wareki(date: NaiveDate) -> String {
    match ERAS.iter().find(|e| date >= era_start(e)) {
        Some(era) => {
            // Pieces pushed one after another: a page of revisions names
            // dozens of dates, and `format!` cost ten times as much.
            let mut out = String::with_capacity(32);
            out.push_str(era.name);
            match date.year() - era_start(era).year() + 1 {
                1 => out.push('元'),
                year => push_number(&mut out, year.unsigned_abs()),
            }
            out.push('年');
            push_number(&mut out, date.month());
            out.push('月');
            push_number(&mut out, date.day());
            out.push('日');
            out
        }
        None => seireki(date),
    }
}

/// A date as ISO 8601 `YYYY-MM-DD` (chrono's `%Y-%m-%d`: a year outside
/// 0–9999 gets its sign).
pub fn iso(date: NaiveDate) -> String {
    let mut out = String::with_capacity(10);
    push_iso(&mut out, date);
    out
}

/// [`iso`] written at the end of `out`.
pub fn push_iso(out: &mut String, date: NaiveDate) {
    let year = date.year();
    if !(0..=9999).contains(&year) {
        out.push_str(&date.format("%Y-%m-%d").to_string());
        return;
    }
    // Zero-padded digits: four of the year, two of the month and day.
    let digit = |n: u32| char::from(b'0' + (n % 10) as u8);
    let y = year.unsigned_abs();
    for d in [y / 1000, y / 100, y / 10, y] {
        out.push(digit(d));
    }
    for n in [date.month(), date.day()] {
        out.push('-');
        out.push(digit(n / 10));
        out.push(digit(n));
    }
}

/// `n` in decimal digits at the end of `out`.
fn push_number(out: &mut String, n: u32) {
    let mut digits = [0u8; 10];
    let mut at = digits.len();
    let mut n = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[at..].iter().map(|&b| char::from(b)));
}

/// 西暦 of a date: `2025年4月1日`.
/// 令和7年度: the 年度 (April to March) that starts in April of `year`.
pub fn nendo(year: i32) -> String {
    // Named by the era of May 1st: the 年度 from April 2019 is 令和元年度
    // (renamed from 平成31年度 at the 改元 of 2019-05-01), while the one
    // from April 1988 stayed 昭和63年度.
    let named = NaiveDate::from_ymd_opt(year, 5, 1).unwrap_or(NaiveDate::MIN);
    match wareki(named).split_once('年') {
        Some((era_year, _)) => format!("{era_year}年度"),
        None => format!("{year}年度"),
    }
}

pub fn seireki(date: NaiveDate) -> String {
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn era_boundaries_are_exact() {
        assert_eq!(wareki(d(2019, 4, 30)), "平成31年4月30日");
        assert_eq!(wareki(d(2019, 5, 1)), "令和元年5月1日");
        assert_eq!(nendo(2025), "令和7年度");
        assert_eq!(nendo(2019), "令和元年度");
        assert_eq!(nendo(1988), "昭和63年度");
        assert_eq!(wareki(d(2020, 1, 1)), "令和2年1月1日");
        assert_eq!(wareki(d(1989, 1, 7)), "昭和64年1月7日");
        assert_eq!(wareki(d(1989, 1, 8)), "平成元年1月8日");
        assert_eq!(wareki(d(1926, 12, 24)), "大正15年12月24日");
        assert_eq!(wareki(d(1926, 12, 25)), "昭和元年12月25日");
        assert_eq!(wareki(d(1912, 7, 30)), "大正元年7月30日");
        assert_eq!(wareki(d(1800, 1, 1)), "1800年1月1日");
    }

    #[test]
    fn iso_and_wareki_match_chrono_for_every_kind_of_year() {
        let mut days = vec![
            NaiveDate::MIN,
            NaiveDate::MAX,
            d(-1, 12, 31),
            d(0, 1, 1),
            d(9, 9, 9),
            d(999, 10, 31),
            d(9999, 12, 31),
            d(10000, 1, 1),
        ];
        // Every day of three centuries, eras and their first days included.
        let mut day = d(1860, 1, 1);
        while day < d(2160, 1, 1) {
            days.push(day);
            day = day.succ_opt().unwrap();
        }
        for day in days {
            assert_eq!(iso(day), day.format("%Y-%m-%d").to_string(), "{day:?}");
            let expected = match ERAS.iter().find(|e| day >= era_start(e)) {
                Some(era) => {
                    let year = day.year() - era_start(era).year() + 1;
                    let year = if year == 1 {
                        "元".to_string()
                    } else {
                        year.to_string()
                    };
                    format!("{}{}年{}月{}日", era.name, year, day.month(), day.day())
                }
                None => seireki(day),
            };
            assert_eq!(wareki(day), expected, "{day:?}");
        }
    }

    #[test]
    fn reads_iso_and_wareki() {
        assert_eq!(parse_date("2025-04-01"), Ok(d(2025, 4, 1)));
        assert_eq!(parse_date("2025/4/1"), Ok(d(2025, 4, 1)));
        assert_eq!(parse_date("２０２５－０４－０１"), Ok(d(2025, 4, 1)));
        assert_eq!(parse_date("平成30年4月1日"), Ok(d(2018, 4, 1)));
        assert_eq!(parse_date("平成 17 年 4 月 1 日"), Ok(d(2005, 4, 1)));
        assert_eq!(parse_date("令和元年5月1日"), Ok(d(2019, 5, 1)));
        assert_eq!(parse_date("令和７年４月１日"), Ok(d(2025, 4, 1)));
        assert_eq!(parse_date("平成三十年四月一日"), Ok(d(2018, 4, 1)));
        assert_eq!(parse_date("昭和64年1月7日"), Ok(d(1989, 1, 7)));
        assert_eq!(parse_date("2025年4月1日"), Ok(d(2025, 4, 1)));
    }

    #[test]
    fn rejects_impossible_dates() {
        assert!(parse_date("2025-02-30").is_err());
        assert!(parse_date("2025-13-01").is_err());
        assert!(parse_date("25-04-01").is_err());
        assert!(parse_date("平成31年5月1日").is_err()); // 令和 by then
        assert!(parse_date("令和元年4月30日").is_err()); // still 平成
        assert!(parse_date("昭和64年1月8日").is_err());
        assert!(parse_date("平成0年1月1日").is_err());
        assert!(parse_date("").is_err());
        assert!(parse_date("そのうち").is_err());
    }

    #[test]
    fn huge_years_are_errors_not_overflows() {
        // 令和2147483647年 used to overflow adding the era's first year, and
        // 4294967295年 wrapped round to the year -1.
        for s in [
            "令和2147483647年1月1日",
            "令和4294967295年1月1日",
            "4294967295年1月1日",
            "2147483648年1月1日",
        ] {
            let e = parse_date(s).unwrap_err();
            assert!(e.0.ja.contains(s) && e.0.en.contains(s), "{s}: {e:?}");
        }
    }

    #[test]
    fn round_trip_every_day_across_boundaries() {
        let mut day = d(1988, 12, 1);
        while day < d(2020, 1, 1) {
            assert_eq!(parse_date(&wareki(day)), Ok(day), "{day}");
            day = day.succ_opt().unwrap();
        }
    }
}
