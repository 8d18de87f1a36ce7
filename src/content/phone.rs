//! Japanese telephone numbers: what a plausible one looks like, and its
//! `tel:` form. A wrong digit in the contact chart is found at build time,
//! not by a nurse dialling it during an outage.

use crate::diag::Msg;

/// A number as written, and its digits for dialling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone {
    /// As the author wrote it (shown to readers): `03-5320-4432`.
    pub written: String,
    /// What a phone dials: `0353204432`, `#9110`, `+81353204432`.
    pub dial: String,
}

impl Phone {
    /// The `tel:` URI (`#` must be percent-encoded in a URI).
    pub fn href(&self) -> String {
        format!("tel:{}", self.dial.replace('#', "%23"))
    }
}

/// Reads a number written the usual ways (`03-5320-4432`, `０３－５３２０－４４３２`,
/// `(03) 5320 4432`, `+81-3-5320-4432`, `110`, `#9110`) and says what is
/// wrong with an implausible one.
pub fn parse(written: &str) -> Result<Phone, Msg> {
    let mut dial = String::new();
    for c in written.trim().chars() {
        let c = match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '＃' => '#',
            '＋' => '+',
            c => c,
        };
        match c {
            '0'..='9' => dial.push(c),
            '#' | '+' if dial.is_empty() => dial.push(c),
            // Separators people type between groups of digits.
            '-' | '－' | '‐' | '−' | 'ー' | '―' | ' ' | '\u{3000}' | '(' | ')' | '（' | '）'
            | '.' => {}
            _ => {
                return Err(Msg::new(
                    format!("「{written}」には電話番号に使えない文字「{c}」があります"),
                    format!("「{written}」 has 「{c}」, which a phone number cannot have"),
                ));
            }
        }
    }
    let ok = |dial: String| {
        Ok(Phone {
            written: written.trim().to_string(),
            dial,
        })
    };
    let digits = dial.trim_start_matches(['#', '+']);
    if let Some(rest) = dial.strip_prefix('#') {
        // Short codes such as #9110 (警察相談専用電話) and #7119.
        return if rest.len() == 4 {
            ok(dial)
        } else {
            Err(Msg::new(
                format!("「{written}」は # で始まる4桁の短縮番号ではありません"),
                format!("「{written}」 is not a short number of # and 4 digits"),
            ))
        };
    }
    if let Some(rest) = dial.strip_prefix("+81") {
        let national = format!("0{}", rest.trim_start_matches('0'));
        return national_length(&national)
            .map(|_| Phone {
                written: written.trim().to_string(),
                dial: format!("+81{}", &national[1..]),
            })
            .map_err(|why| about(written, why));
    }
    if let Some(rest) = dial.strip_prefix('+') {
        // Another country's number (a vendor's support abroad): E.164
        // allows at most 15 digits, and no country's numbers are shorter
        // than 7 with the country code.
        return if (7..=15).contains(&rest.len()) {
            ok(dial)
        } else {
            Err(Msg::new(
                format!("「{written}」は + のあとに国番号から7〜15桁の数字が必要です"),
                format!("「{written}」 needs 7 to 15 digits after the +, country code first"),
            ))
        };
    }
    if !digits.starts_with('0') {
        // 110, 119, 118, 171, 189: three-digit special numbers.
        return if digits.len() == 3 && digits.starts_with('1') {
            ok(dial)
        } else {
            Err(Msg::new(
                format!(
                    "「{written}」は市外局番（0で始まる）からの番号でも、110 などの3桁の番号でもありません"
                ),
                format!(
                    "「{written}」 is neither a number with its area code (starting with 0) nor a 3-digit number such as 110"
                ),
            ))
        };
    }
    national_length(&dial)
        .map(|_| ())
        .map_err(|why| about(written, why))?;
    ok(dial)
}

/// What is wrong with a number, after the number as written.
fn about(written: &str, why: Msg) -> Msg {
    Msg::new(
        format!("「{written}」: {}", why.ja),
        format!("「{written}」: {}", why.en),
    )
}

/// Checks the length of a number starting with 0 against its prefix.
fn national_length(d: &str) -> Result<(), Msg> {
    let n = d.len();
    // Mobile, IP phone, M2M and 0800 are 11 digits; 0120, 0570 and
    // fixed lines are 10.
    let eleven = ["020", "050", "060", "070", "080", "090", "0800"];
    let expected = if eleven.iter().any(|p| d.starts_with(p)) {
        11
    } else {
        10
    };
    if d.starts_with("00") {
        return Err(Msg::new(
            "00 で始まる番号は国際電話の識別番号です",
            "a number starting with 00 is an international call prefix; write +",
        ));
    }
    if n != expected {
        let prefix = &d[..d.len().min(3)];
        return Err(Msg::new(
            format!("{prefix}で始まる番号は{expected}桁のはずですが、{n}桁あります"),
            format!("a number starting with {prefix} has {expected} digits, not {n}"),
        ));
    }
    Ok(())
}

/// An internal extension (内線): digits only, 2 to 6 of them.
pub fn parse_extension(written: &str) -> Result<String, Msg> {
    let digits: String = written
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            c => c,
        })
        .filter(|c| *c != '-')
        .collect();
    if (2..=6).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit()) {
        Ok(digits)
    } else {
        Err(Msg::new(
            format!("内線「{written}」は2〜6桁の数字ではありません"),
            format!("the extension 「{written}」 is not 2 to 6 digits"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plausible_numbers() {
        for (w, dial) in [
            ("03-5320-4432", "0353204432"),
            ("０３－５３２０－４４３２", "0353204432"),
            ("(03) 5320 4432", "0353204432"),
            ("090-1234-5678", "09012345678"),
            ("0120-123-456", "0120123456"),
            ("0800-123-4567", "08001234567"),
            ("0570-000-123", "0570000123"),
            ("110", "110"),
            ("#9110", "#9110"),
            ("+81-3-5320-4432", "+81353204432"),
            ("+81 (0)3 5320 4432", "+81353204432"),
            ("+1-408-555-0100", "+14085550100"),
        ] {
            assert_eq!(parse(w).map(|p| p.dial), Ok(dial.to_string()), "{w}");
        }
        assert_eq!(parse("#9110").unwrap().href(), "tel:%239110");
    }

    #[test]
    fn implausible_numbers() {
        for w in [
            "03-5320-443",
            "090-1234-567",
            "03-5320-44321",
            "5320-4432",
            "12345",
            "#91",
            "00-1234-5678",
            "03-5320-4432 内線12",
            "+81-90-1234-567",
            "+",
            "+-",
            "+()",
            "+1",
            "+1234567890123456",
        ] {
            assert!(parse(w).is_err(), "{w} should be refused");
        }
    }

    #[test]
    fn extensions() {
        assert_eq!(parse_extension("２１００").as_deref(), Ok("2100"));
        assert!(parse_extension("1").is_err());
        assert!(parse_extension("21a0").is_err());
    }
}
