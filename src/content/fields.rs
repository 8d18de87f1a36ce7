//! Field types shared by the YAML data sources (contacts, severity,
//! procedures, training, incident): references by id, dates, phone numbers
//! and durations, each read with its position so a problem points at it.
//! Each reader takes the blank mark (`未記入`, see [`super::blank`]) as a
//! value not given yet: `None`, and no error (W040 names it).

use chrono::NaiveDate;
use serde::Deserialize;

use super::blank::is_blank;
use super::date::parse_date;
use super::phone::{self, Phone};
use crate::diag::{Diagnostic, Msg};
use crate::source::SourceFile;
use crate::yaml::{self, Spanned};

/// A file line and column (1-based).
pub type At = (usize, usize);

/// A reference by id to something defined elsewhere (a contact, a training
/// kind, a procedure), with where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ref {
    pub id: String,
    pub at: At,
}

impl Ref {
    pub fn new(value: &Spanned<String>) -> Ref {
        Ref {
            id: value.value.trim().to_string(),
            at: yaml::position(value, 1),
        }
    }
}

/// `to: it-dept` or `to: [it-dept, committee]`: one id or a list.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

/// The references of a `OneOrMany` field, all at the field's position
/// (serde buffers untagged values and forgets the inner positions).
pub fn refs(value: &Spanned<OneOrMany>) -> Vec<Ref> {
    let at = yaml::position(value, 1);
    let ids = match &value.value {
        OneOrMany::One(s) => vec![s.clone()],
        OneOrMany::Many(v) => v.clone(),
    };
    ids.into_iter()
        .map(|id| Ref {
            id: id.trim().to_string(),
            at,
        })
        .collect()
}

/// Reads a whole YAML data file; an empty file or a parse error is reported
/// and gives `None`, unless mending the problems left it readable
/// ([`yaml::parse_mended`]): then the mended value is given too, for its
/// values to be checked in the same run.
pub fn read_yaml<T: serde::de::DeserializeOwned>(
    file: &SourceFile,
    what: yaml::What,
    example: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<T> {
    if file.text.trim().is_empty() {
        diags.push(
            file.error_at("E004", 1, 1, format!("{}のファイルが空です", what.0))
                .en(format!("{}: the file is empty", what.1))
                .help(format!("次の例から書き始めてください:\n{example}"))
                .help_en(format!("start from this:\n{example}")),
        );
        return None;
    }
    let (value, problems) = yaml::parse_mended(file, &file.text, 1, what);
    diags.extend(problems);
    value
}

pub const DATE_HELP: &str =
    "日付は 2025-04-01 のように（年-月-日）、または 令和7年4月1日 のように和暦で書いてください";
pub const DATE_HELP_EN: &str = "write dates as YYYY-MM-DD (2025-04-01) or in 和暦 (令和7年4月1日)";

/// E013 for a date that cannot be read.
pub fn date_error(file: &SourceFile, at: At, why: super::date::DateError) -> Diagnostic {
    file.error_at("E013", at.0, at.1, "")
        .msg(why.0)
        .help(DATE_HELP)
        .help_en(DATE_HELP_EN)
}

/// A date field; a bad one is E013 and gives `None`, as does the blank
/// mark (without an error).
pub fn date(
    file: &SourceFile,
    value: &Spanned<String>,
    diags: &mut Vec<Diagnostic>,
) -> Option<(NaiveDate, At)> {
    if is_blank(&value.value) {
        return None;
    }
    let at = yaml::position(value, 1);
    match parse_date(&value.value) {
        Ok(d) => Some((d, at)),
        Err(e) => {
            diags.push(date_error(file, at, e));
            None
        }
    }
}

/// A date written but not readable (E013 already): a rule that needs the
/// date is then not judged, so one bad date is one diagnostic. The blank
/// mark is not one: it is a date not given yet.
pub fn unreadable_date(value: &Option<Spanned<String>>) -> bool {
    value
        .as_ref()
        .is_some_and(|v| !is_blank(&v.value) && parse_date(&v.value).is_err())
}

/// An optional date field.
pub fn opt_date(
    file: &SourceFile,
    value: &Option<Spanned<String>>,
    diags: &mut Vec<Diagnostic>,
) -> Option<(NaiveDate, At)> {
    value.as_ref().and_then(|v| date(file, v, diags))
}

/// A phone number field; an implausible one is E040 and gives `None`, as
/// does the blank mark (without an error).
pub fn phone(
    file: &SourceFile,
    value: &Option<Spanned<String>>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Phone> {
    let value = value.as_ref().filter(|v| !is_blank(&v.value))?;
    match phone::parse(&value.value) {
        Ok(p) => Some(p),
        Err(why) => {
            let (l, c) = yaml::position(value, 1);
            diags.push(
                file.error_at("E040", l, c, "")
                    .msg(why)
                    .help(
                        "市外局番から書いてください（03-5320-4432、090-1234-5678）。\
                         110・#9110 のような短い番号や +81… も書けます。内線は `extension` に書いてください",
                    )
                    .help_en(
                        "write a Japanese number with its area code (03-5320-4432, 090-1234-5678), \
                         a short number (110, #9110), or +81…; put 内線 in `extension`",
                    ),
            );
            None
        }
    }
}

/// An extension (内線) field; the blank mark gives `None`.
pub fn extension(
    file: &SourceFile,
    value: &Option<Spanned<String>>,
    diags: &mut Vec<Diagnostic>,
) -> Option<String> {
    let value = value.as_ref().filter(|v| !is_blank(&v.value))?;
    match phone::parse_extension(&value.value) {
        Ok(x) => Some(x),
        Err(why) => {
            let (l, c) = yaml::position(value, 1);
            diags.push(
                file.error_at("E040", l, c, "")
                    .msg(why)
                    .help("内線番号の数字だけを書いてください（例: \"2100\"）")
                    .help_en("write only the extension digits, e.g. \"2100\""),
            );
            None
        }
    }
}

/// One of a fixed set of words (`kind: vendor`). Read as text and checked
/// here rather than by serde, for whom a wrong word fails the whole file:
/// one wrong value is one E012, and the rest of the file is still read and
/// checked (a bad phone number beside `kind: vendr` is reported too).
pub fn choice<T: Copy>(
    file: &SourceFile,
    value: &Spanned<String>,
    key: &str,
    what: yaml::What,
    choices: &[(&str, T)],
    diags: &mut Vec<Diagnostic>,
) -> Option<T> {
    let written = value.value.trim();
    if let Some((_, v)) = choices.iter().find(|(name, _)| *name == written) {
        return Some(*v);
    }
    let names: Vec<&str> = choices.iter().map(|(name, _)| *name).collect();
    let help = yaml::one_of_help(written, &names);
    let (l, c) = yaml::position(value, 1);
    diags.push(
        file.error_at(
            "E012",
            l,
            c,
            format!("{}の `{key}` に `{written}` は書けません", what.0),
        )
        .en(format!("`{key}` cannot be `{written}` in {}", what.1))
        .help(help.ja)
        .help_en(help.en),
    );
    None
}

/// The E012 for a value of the wrong form, said as serde's type errors are
/// (see `yaml::classify`).
fn wrong_form(
    file: &SourceFile,
    value: &Spanned<String>,
    key: &str,
    what: yaml::What,
    form: (&str, &str),
) -> Diagnostic {
    let (l, c) = yaml::position(value, 1);
    file.error_at(
        "E012",
        l,
        c,
        format!(
            "{}の `{key}` の書き方が違います。{}で書いてください",
            what.0, form.0
        ),
    )
    .en(format!(
        "`{key}` has the wrong form in {}: it must be {}",
        what.1, form.1
    ))
    .help(format!(
        "「{}」はこの項目に書ける値ではありません。各項目の書き方は docs/FORMAT.md にあります",
        value.value.trim()
    ))
    .help_en(format!(
        "「{}」 cannot be written here; see docs/FORMAT.md for the form of each field",
        value.value.trim()
    ))
}

/// A whole number (`attended: 120`, full-width digits too), read as text
/// for the same reason as [`choice`]; the blank mark gives `None`.
pub fn whole<T: std::str::FromStr>(
    file: &SourceFile,
    value: &Option<Spanned<String>>,
    key: &str,
    what: yaml::What,
    diags: &mut Vec<Diagnostic>,
) -> Option<T> {
    let value = value.as_ref().filter(|v| !is_blank(&v.value))?;
    let ascii: String = value
        .value
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '－' => '-',
            c => c,
        })
        .collect();
    match ascii.parse() {
        Ok(n) => Some(n),
        Err(_) => {
            diags.push(wrong_form(
                file,
                value,
                key,
                what,
                ("整数（例: `10`）", "a whole number (e.g. `10`)"),
            ));
            None
        }
    }
}

/// `true` or `false`, read as text for the same reason as [`choice`].
pub fn flag(
    file: &SourceFile,
    value: &Option<Spanned<String>>,
    key: &str,
    what: yaml::What,
    diags: &mut Vec<Diagnostic>,
) -> Option<bool> {
    let value = value.as_ref().filter(|v| !is_blank(&v.value))?;
    // YAML 1.2's spellings of the two values.
    match value.value.trim() {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => {
            diags.push(wrong_form(
                file,
                value,
                key,
                what,
                ("`true` か `false`", "`true` or `false`"),
            ));
            None
        }
    }
}

/// Reads `4時間`, `30分`, `1日`, `2時間30分`, `4h`, `90min`, `1.5時間` as
/// minutes.
pub fn parse_duration(input: &str) -> Result<u32, Msg> {
    let s: String = input
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' => '.',
            c => c,
        })
        .collect();
    let bad = || {
        Msg::new(
            format!("「{input}」は時間の長さとして読めません"),
            format!("「{input}」 is not a length of time"),
        )
    };
    if s.is_empty() {
        return Err(bad());
    }
    let mut total = 0.0_f64;
    let mut rest = s.as_str();
    while !rest.is_empty() {
        let n_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        if n_len == 0 {
            return Err(bad());
        }
        let n: f64 = rest[..n_len].parse().map_err(|_| bad())?;
        rest = &rest[n_len..];
        let units: [(&str, f64); 9] = [
            ("時間", 60.0),
            ("分間", 1.0),
            ("分", 1.0),
            ("日間", 1440.0),
            ("日", 1440.0),
            ("hours", 60.0),
            ("min", 1.0),
            ("h", 60.0),
            ("d", 1440.0),
        ];
        let Some((unit, factor)) = units.iter().find(|(u, _)| rest.starts_with(u)) else {
            return Err(bad());
        };
        rest = &rest[unit.len()..];
        total += n * factor;
    }
    if !(0.0..=(366.0 * 1440.0)).contains(&total) {
        return Err(bad());
    }
    Ok(total.round() as u32)
}

/// A duration field; a bad one is E041; the blank mark gives `None`.
pub fn duration(
    file: &SourceFile,
    value: &Option<Spanned<String>>,
    diags: &mut Vec<Diagnostic>,
) -> Option<u32> {
    let value = value.as_ref().filter(|v| !is_blank(&v.value))?;
    match parse_duration(&value.value) {
        Ok(m) => Some(m),
        Err(why) => {
            let (l, c) = yaml::position(value, 1);
            diags.push(
                file.error_at("E041", l, c, "")
                    .msg(why)
                    .help("4時間、30分、2時間30分、1日 のように書いてください")
                    .help_en("write a length of time such as 4時間, 30分, 2時間30分 or 1日"),
            );
            None
        }
    }
}

/// Whether an optional field is written as the blank mark.
pub fn blank(value: &Option<Spanned<String>>) -> bool {
    value.as_ref().is_some_and(|v| is_blank(&v.value))
}

/// A length of time as the pages show it: [`format_minutes`], or 未記入
/// while the source still holds the blank mark.
pub fn minutes_or_blank(minutes: Option<u32>, blank: bool) -> Option<String> {
    match minutes {
        Some(m) => Some(format_minutes(m)),
        None => blank.then(|| super::blank::MARK.to_string()),
    }
}

/// Minutes as people say them: `4時間`, `2時間30分`, `45分`, `2日`.
pub fn format_minutes(m: u32) -> String {
    let (d, h, min) = (m / 1440, (m % 1440) / 60, m % 60);
    let mut out = String::new();
    if d > 0 && h == 0 && min == 0 {
        return format!("{d}日");
    }
    let h = h + d * 24;
    if h > 0 {
        out.push_str(&format!("{h}時間"));
    }
    if min > 0 || h == 0 {
        out.push_str(&format!("{min}分"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        for (w, m) in [
            ("4時間", 240),
            ("30分", 30),
            ("2時間30分", 150),
            ("1日", 1440),
            ("4h", 240),
            ("90min", 90),
            ("1.5時間", 90),
            ("３時間２０分", 200),
        ] {
            assert_eq!(parse_duration(w), Ok(m), "{w}");
        }
        for w in ["", "すぐ", "4", "時間", "4時間半"] {
            assert!(parse_duration(w).is_err(), "{w}");
        }
        assert_eq!(format_minutes(150), "2時間30分");
        assert_eq!(format_minutes(45), "45分");
        assert_eq!(format_minutes(2880), "2日");
        assert_eq!(format_minutes(1500), "25時間");
    }
}
