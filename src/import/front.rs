//! What the front matter is made of: dates found inside sentences (和暦 or
//! 西暦, as Word documents write them), blank dates (`令和　　年　　月　　日`),
//! 改定履歴 rows, and the YAML written at the top of the imported file.

use chrono::NaiveDate;

use crate::content::date::parse_date;

const ERAS: [&str; 5] = ["令和", "平成", "昭和", "大正", "明治"];

fn is_date_char(c: char) -> bool {
    c.is_ascii_digit()
        || ('０'..='９').contains(&c)
        || crate::content::numerals::is_kanji_numeral_char(c)
        || matches!(
            c,
            '元' | '年' | '月' | '日' | ' ' | '\u{3000}' | '-' | '/' | '－' | '／' | '.' | '．'
        )
}

/// Abbreviated eras of tables and forms: R7.4.1, H30.4.1, 令7.4.1.
const ABBREVIATIONS: [(&str, &str); 6] = [
    ("R", "令和"),
    ("H", "平成"),
    ("S", "昭和"),
    ("令", "令和"),
    ("平", "平成"),
    ("昭", "昭和"),
];

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// The era written at `i` (full or abbreviated before a digit): its full
/// name and the length written.
fn era_at(s: &str, i: usize) -> Option<(&'static str, usize)> {
    if let Some(e) = ERAS.iter().find(|e| s[i..].starts_with(**e)) {
        return Some((e, e.len()));
    }
    let after_word = s[..i].ends_with(|c: char| c.is_ascii_alphanumeric());
    ABBREVIATIONS.iter().find_map(|(abbr, era)| {
        let rest = s[i..].strip_prefix(abbr)?;
        (rest.starts_with(is_digit) && !(abbr.is_ascii() && after_word))
            .then_some((*era, abbr.len()))
    })
}

/// Reads `7.4.1` or `7年4月1日` after an era.
fn era_date(era: &str, rest: &str) -> Option<NaiveDate> {
    let parts: Vec<&str> = rest
        .split(['.', '．', '/', '／', '-', '－'])
        .map(str::trim)
        .collect();
    let text = if parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(is_digit))
    {
        format!("{era}{}年{}月{}日", parts[0], parts[1], parts[2])
    } else {
        format!("{era}{rest}")
    };
    parse_date(&text).ok()
}

/// The first date in `s`: its byte range and value. 和暦 (`平成 17 年 4 月
/// 1 日`, `令和元年５月１日`, `R7.4.1`), 西暦 with 年月日, or `2025-04-01` /
/// `2025/4/1`.
pub fn find_date(s: &str) -> Option<(std::ops::Range<usize>, NaiveDate)> {
    let starts: Vec<usize> = s
        .char_indices()
        .filter(|&(i, c)| era_at(s, i).is_some() || (is_digit(c) && !s[..i].ends_with(is_digit)))
        .map(|(i, _)| i)
        .collect();
    for start in starts {
        let era = era_at(s, start);
        let from = start + era.map_or(0, |(_, len)| len);
        // The longest run of date characters, then the longest prefix of it
        // that reads as a date (so 平成30年4月1日一部改定 stops at 日).
        // A date is short: 40 characters covers 平成 17 年 12 月 31 日 with
        // the widest spacing, and bounds the work on a cell of digits.
        let end = s[from..]
            .char_indices()
            .take(40)
            .find(|&(_, c)| !is_date_char(c))
            .map_or_else(
                || {
                    s[from..]
                        .char_indices()
                        .nth(40)
                        .map_or(s.len(), |(i, _)| from + i)
                },
                |(i, _)| from + i,
            );
        let mut ends: Vec<usize> = s[from..end]
            .char_indices()
            .map(|(i, c)| from + i + c.len_utf8())
            .collect();
        ends.reverse();
        for e in ends {
            let last = s[..e].chars().last().unwrap_or(' ');
            if last != '日' && !is_digit(last) {
                continue;
            }
            let date = match era {
                Some((name, _)) => era_date(name, &s[from..e]),
                None => parse_date(&s[start..e]).ok(),
            };
            if let Some(d) = date {
                return Some((start..e, d));
            }
        }
    }
    None
}

/// A date left blank to be filled in (`令和　　年　　月　　日`,
/// `令和○年○月○日`): the era named, and the blank's byte range.
pub fn find_blank_date(s: &str) -> Option<(&'static str, std::ops::Range<usize>)> {
    for (i, _) in s.char_indices() {
        let Some(era) = ERAS.iter().find(|e| s[i..].starts_with(**e)) else {
            continue;
        };
        let mut rest = &s[i + era.len()..];
        let mut ok = true;
        for unit in ['年', '月', '日'] {
            let filler = rest
                .char_indices()
                .find(|&(_, c)| {
                    !matches!(c, ' ' | '\u{3000}' | '○' | '〇' | '◯' | '×' | '＿' | '_')
                })
                .map_or(rest.len(), |(j, _)| j);
            if !rest[filler..].starts_with(unit) {
                ok = false;
                break;
            }
            rest = &rest[filler + unit.len_utf8()..];
        }
        if ok {
            return Some((era, i..s.len() - rest.len()));
        }
    }
    None
}

/// The first day of an era: what a blank date of that era stands for in
/// `effective:` until someone fills it in (the earliest it can be).
pub fn era_start(era: &str) -> NaiveDate {
    let (y, m, d) = match era {
        "平成" => (1989, 1, 8),
        "昭和" => (1926, 12, 25),
        "大正" => (1912, 7, 30),
        "明治" => (1868, 10, 23),
        _ => (2019, 5, 1),
    };
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

/// One 改定履歴 entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryRow {
    pub date: NaiveDate,
    pub note: String,
}

/// What a line of a 改定履歴 block says: a row, a row whose date is blank,
/// or not a row at all.
#[derive(Debug, PartialEq, Eq)]
pub enum Row {
    Entry(HistoryRow),
    Blank,
    No,
}

fn trim_note(s: &str) -> String {
    s.trim_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '\u{3000}' | ':' | '：' | '-' | '－' | '|' | '｜' | '、' | ','
            )
    })
    .to_string()
}

/// `平成17年4月1日 作成および施行`, `制定　令和7年4月1日`, `2018-04-01 一部改定`.
/// A row is short and has one date; its note is the rest.
pub fn history_row(s: &str) -> Row {
    if s.contains('。') || s.chars().count() > 80 {
        return Row::No;
    }
    if let Some((range, date)) = find_date(s) {
        let note = format!("{}{}", &s[..range.start], &s[range.end..]);
        let note = trim_note(&note);
        let note = if note.is_empty() {
            "改定".to_string()
        } else {
            note
        };
        return Row::Entry(HistoryRow { date, note });
    }
    if find_blank_date(s).is_some() {
        return Row::Blank;
    }
    Row::No
}

/// A heading that opens a 改定履歴 block: 改定履歴, 【改訂履歴】, 制定・改廃履歴 …
pub fn is_history_heading(s: &str) -> bool {
    let inner: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .filter(|c| !"【】［］[]（）()〈〉<>■□●◆・：:".contains(*c))
        .collect();
    let inner = inner.as_str();
    matches!(
        inner,
        "改定履歴"
            | "改訂履歴"
            | "改正履歴"
            | "改廃履歴"
            | "制定改廃履歴"
            | "制定・改廃履歴"
            | "履歴"
            | "変更履歴"
            | "改定の経過"
            | "改正経過"
            | "沿革"
            | "制定改定履歴"
            | "版数履歴"
    ) || (inner.chars().count() <= 12
        && (inner.ends_with("履歴") || inner.ends_with("経過"))
        && (inner.contains('改') || inner.contains("制定")))
}

/// A YAML double-quoted string: a title with `:` or `#` stays one value.
pub fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Everything the front matter says.
#[derive(Debug, Clone)]
pub struct Front {
    pub title: String,
    pub number: Option<String>,
    pub owner: Option<String>,
    pub effective: NaiveDate,
    /// Why `effective` is only a stand-in, written beside it as a comment.
    pub effective_placeholder: Option<String>,
    pub history: Vec<HistoryRow>,
}

impl Front {
    pub fn yaml(&self) -> String {
        let mut out = String::from("---\n");
        out.push_str(&format!("title: {}\n", quoted(&self.title)));
        if let Some(n) = &self.number {
            out.push_str(&format!("number: {}\n", quoted(n)));
        }
        if let Some(o) = &self.owner {
            out.push_str(&format!("owner: {}\n", quoted(o)));
        }
        out.push_str(&format!("effective: {}", self.effective.format("%Y-%m-%d")));
        if let Some(why) = &self.effective_placeholder {
            out.push_str(&format!("  # 仮の日付です。{why}"));
        }
        out.push('\n');
        if !self.history.is_empty() {
            out.push_str("history:\n");
            for h in &self.history {
                out.push_str(&format!(
                    "  - date: {}\n    note: {}\n",
                    h.date.format("%Y-%m-%d"),
                    quoted(&h.note)
                ));
            }
        }
        out.push_str("---\n");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn dates_inside_sentences() {
        let s = "この規程は、平成 17 年 4 月 1 日より施行する。";
        let (r, date) = find_date(s).unwrap();
        assert_eq!(date, d(2005, 4, 1));
        assert_eq!(&s[r], "平成 17 年 4 月 1 日");
        assert_eq!(
            find_date("この規程は、令和７年４月１日から施行する。")
                .unwrap()
                .1,
            d(2025, 4, 1)
        );
        assert_eq!(find_date("2018/4/1 改定").unwrap().1, d(2018, 4, 1));
        assert_eq!(find_date("2018-04-01").unwrap().1, d(2018, 4, 1));
        assert_eq!(find_date("令和元年5月1日から").unwrap().1, d(2019, 5, 1));
        assert_eq!(find_date("令和　　年　　月　　日から施行する。"), None);
        assert_eq!(find_date("第３条　前条の規定"), None);
        assert_eq!(find_date("R7.4.1 制定").unwrap().1, d(2025, 4, 1));
        assert_eq!(find_date("令和7.10.1").unwrap().1, d(2025, 10, 1));
        assert_eq!(find_date("H30.4.1").unwrap().1, d(2018, 4, 1));
        assert_eq!(find_date("電話 03－5320－4432"), None);
        assert_eq!(find_date("VER7.4.1"), None);
        let digits = "1".repeat(200_000);
        let start = std::time::Instant::now();
        assert_eq!(find_date(&digits), None);
        assert!(start.elapsed().as_secs() < 2);
    }

    #[test]
    fn blank_dates() {
        let s = "この規程は、令和　　年　　月　　日から施行する。";
        let (era, r) = find_blank_date(s).unwrap();
        assert_eq!(era, "令和");
        assert_eq!(&s[r], "令和　　年　　月　　日");
        assert!(find_blank_date("令和○年○月○日").is_some());
        assert!(find_blank_date("令和7年4月1日").is_none());
        assert_eq!(era_start("令和"), d(2019, 5, 1));
    }

    #[test]
    fn history_rows() {
        assert_eq!(
            history_row("平成 17 年 4 月 1 日 作成および施行"),
            Row::Entry(HistoryRow {
                date: d(2005, 4, 1),
                note: "作成および施行".into()
            })
        );
        assert_eq!(
            history_row("制定　令和7年4月1日"),
            Row::Entry(HistoryRow {
                date: d(2025, 4, 1),
                note: "制定".into()
            })
        );
        assert_eq!(history_row("令和　年　月　日　改定"), Row::Blank);
        assert_eq!(history_row("部門責任者→情報システム部門"), Row::No);
        assert!(is_history_heading("改定履歴"));
        assert!(is_history_heading("【改訂履歴】"));
        assert!(is_history_heading("制定・改廃の経過"));
        assert!(!is_history_heading("第１条　履歴を残す"));
    }

    #[test]
    fn front_matter_is_valid_yaml_text() {
        let f = Front {
            title: "規程: \"A\" #1".into(),
            number: Some("規程第1号".into()),
            owner: None,
            effective: d(2019, 5, 1),
            effective_placeholder: Some("附則の施行日が空欄です".into()),
            history: vec![HistoryRow {
                date: d(2019, 5, 1),
                note: "制定".into(),
            }],
        };
        let y = f.yaml();
        assert!(y.contains("title: \"規程: \\\"A\\\" #1\"\n"), "{y}");
        assert!(y.contains("effective: 2019-05-01  # 仮の日付です。"), "{y}");
        assert!(
            y.contains("  - date: 2019-05-01\n    note: \"制定\"\n"),
            "{y}"
        );
    }
}
