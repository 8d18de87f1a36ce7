//! The credential rule (E033): the regulations require ID/password ledgers
//! (seed 001 第4条), and a ledger pasted into the handbook would publish
//! every password on a USB stick. Anything that looks like one is refused:
//! a YAML field or a `key: value` line named password/パスワード/PW, or a
//! Markdown table column so named, with a value.
//!
//! The scan reads the source text line by line, so it finds a credential
//! wherever it is written, in a field the schema knows or not.

use crate::diag::Diagnostic;
use crate::source::SourceFile;

/// Names that mean a secret, compared after NFKC and lower-casing. A name
/// counts when it is one of these or ends in one (`vpn_password`,
/// `adminPassword`, `管理者パスワード`, `VPNのPW`), not when it only starts
/// with one (`パスワードの長さ`, `password_policy` are about passwords).
const SECRET_WORDS: [&str; 8] = [
    "password",
    "passwd",
    "passphrase",
    "passcode",
    "パスワード",
    "暗証番号",
    "パスコード",
    "パスフレーズ",
];

/// Short names that count only standing alone or as the last word
/// (`PW`, `admin-pw`, `PIN`, `ID/パス`).
const SECRET_SHORT: [&str; 4] = ["pw", "pwd", "pin", "パス"];

/// Values that say where a secret is kept instead of giving it.
const POINTERS: [&str; 12] = [
    "台帳",
    "で管理",
    "にて管理",
    "保管",
    "別途",
    "金庫",
    "非公開",
    "記載しない",
    "記入しない",
    "参照",
    "担当者に確認",
    "問い合わせ",
];

/// Every credential-looking value in `file`.
pub fn scan(file: &SourceFile, diags: &mut Vec<Diagnostic>) {
    let yaml = file.rel.ends_with(".yaml") || file.rel.ends_with(".yml");
    let mut table: Option<Vec<bool>> = None;
    for (i, line) in file.text.lines().enumerate() {
        let number = i + 1;
        if !yaml && line.trim_start().starts_with('|') {
            table = table_row(file, number, line, table, diags);
            continue;
        }
        table = None;
        // A heading names a subject (`## パスワード：設定の手順`).
        if !yaml && line.trim_start().starts_with('#') {
            continue;
        }
        if let Some((column, name)) = field(line, yaml) {
            diags.push(found(file, number, column, &name));
        }
    }
}

/// A `key: value` line (YAML mapping entry, or a Markdown line or list item
/// written that way) whose key names a secret and whose value is one: the
/// 1-based column of the key and the key.
fn field(line: &str, yaml: bool) -> Option<(usize, String)> {
    let trimmed = line.trim_start();
    let mut rest = trimmed;
    // List markers: YAML `- `, Markdown `- `, `* `, `+ `.
    while let Some(r) = rest
        .strip_prefix("- ")
        .or_else(|| (!yaml).then(|| rest.strip_prefix("* ").or_else(|| rest.strip_prefix("+ ")))?)
    {
        rest = r.trim_start();
    }
    let (key, value) = split_key(rest)?;
    let key_clean = key.trim().trim_matches(['"', '\'', '*', '`']).trim();
    if !names_secret(key_clean) {
        return None;
    }
    let value = value.split(" #").next().unwrap_or("").trim();
    if !is_value(value) {
        return None;
    }
    let column = line[..line.len() - rest.len()].chars().count() + 1;
    Some((column, key_clean.to_string()))
}

/// `key: value`, `key：value` or `key=value`; `None` without a separator.
fn split_key(s: &str) -> Option<(&str, &str)> {
    let at = s.find([':', '：', '='])?;
    let key = &s[..at];
    if key.is_empty() || key.chars().count() > 40 {
        return None;
    }
    let sep = s[at..].chars().next()?;
    let value = &s[at + sep.len_utf8()..];
    // `https://…` and `12:30` are not fields.
    if sep == ':' && !(value.is_empty() || value.starts_with([' ', '\t'])) {
        return None;
    }
    Some((key, value))
}

/// Whether a field or column name means a secret.
pub fn names_secret(name: &str) -> bool {
    use unicode_normalization::UnicodeNormalization;
    let name: String = name.nfkc().collect::<String>().to_lowercase();
    let name = name.trim();
    if SECRET_WORDS.iter().any(|w| name.ends_with(w)) {
        return true;
    }
    // The last word: split at anything that is not a letter or digit.
    let last = name
        .rsplit(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .unwrap_or("");
    if SECRET_SHORT.contains(&last) {
        return true;
    }
    // `VPNのPW`, `管理者PW`: a short ASCII word right after Japanese text.
    let ascii_tail: String = last
        .chars()
        .rev()
        .take_while(char::is_ascii_alphanumeric)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    ascii_tail.len() < last.len() && SECRET_SHORT.contains(&ascii_tail.as_str())
}

/// Whether a written value gives something away: not empty, not a mask
/// (`********`, `-`), not a YAML null, not a note of where it is kept.
fn is_value(value: &str) -> bool {
    let v = value.trim().trim_matches(['"', '\'', '`']).trim();
    if v.is_empty() || matches!(v, "~" | "null" | "|" | ">" | "[]" | "{}") {
        return false;
    }
    if v.chars().all(|c| {
        matches!(
            c,
            '*' | '●' | '・' | '-' | '―' | 'ー' | '—' | 'x' | 'X' | '×' | '…' | '.' | '＊'
        )
    }) {
        return false;
    }
    !POINTERS.iter().any(|p| v.contains(p))
}

/// One line of a Markdown table. `columns` is which columns of the table
/// name a secret, once its header has been read.
fn table_row(
    file: &SourceFile,
    number: usize,
    line: &str,
    columns: Option<Vec<bool>>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<bool>> {
    let cells = cells(line);
    let Some(columns) = columns else {
        // The header row.
        return Some(cells.iter().map(|(_, c)| names_secret(c)).collect());
    };
    let delimiter = cells
        .iter()
        .all(|(_, c)| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')));
    if !delimiter {
        for ((column, cell), secret) in cells.iter().zip(&columns) {
            if *secret && is_value(cell) {
                diags.push(found(file, number, *column, "table column"));
            }
        }
    }
    Some(columns)
}

/// The cells of a table row: 1-based column where each starts, and its
/// trimmed text. `\|` does not split.
fn cells(line: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut chars = line.chars().enumerate().peekable();
    // Up to and past the leading `|`.
    for (_, c) in chars.by_ref() {
        if c == '|' {
            break;
        }
    }
    let mut start = None;
    let mut text = String::new();
    let mut escaped = false;
    for (i, c) in chars {
        if c == '|' && !escaped {
            out.push((start.unwrap_or(i) + 1, text.trim().to_string()));
            text.clear();
            start = None;
            continue;
        }
        escaped = c == '\\';
        if start.is_none() && !c.is_whitespace() {
            start = Some(i);
        }
        text.push(c);
    }
    if !text.trim().is_empty() {
        out.push((start.unwrap_or(0) + 1, text.trim().to_string()));
    }
    out
}

fn found(file: &SourceFile, line: usize, column: usize, name: &str) -> Diagnostic {
    let what = if name == "table column" {
        "a password column of a table has a value".to_string()
    } else {
        format!("`{name}` looks like a credential and has a value")
    };
    Diagnostic::error(
        "E033",
        &file.rel,
        format!("{what}: the handbook is never the place for passwords"),
    )
    .at(line, column)
    .snippet(file.line_text(line).to_string())
    .help(
        "remove the value: passwords belong in the ID/password ledger kept as the \
             regulation says, never in a page everyone can copy. Write where the ledger \
             is kept instead (e.g. `パスワード: 台帳で管理`)",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn scan_text(rel: &str, text: &str) -> Vec<(usize, usize)> {
        let file = SourceFile::new(PathBuf::from(rel), rel.into(), text.into());
        let mut diags = Vec::new();
        scan(&file, &mut diags);
        diags.iter().map(|d| (d.line, d.column)).collect()
    }

    #[test]
    fn secret_names() {
        for yes in [
            "password",
            "Password",
            "PW",
            "ＰＷ",
            "vpn_password",
            "admin-pw",
            "パスワード",
            "管理者パスワード",
            "初期暗証番号",
            "VPNのPW",
        ] {
            assert!(names_secret(yes), "{yes}");
        }
        for no in ["pwr", "power", "passage", "owner", "phone", "説明", "spw2"] {
            assert!(!names_secret(no), "{no}");
        }
    }

    #[test]
    fn yaml_fields_with_a_value_are_found_wherever_they_are() {
        let yaml = "contacts:\n  - id: vendor\n    name: 保守業者\n    password: hunter2\n    pw: '********'\n    note: パスワード：台帳で管理\n    url: https://example.jp\n";
        assert_eq!(scan_text("content/contacts.yaml", yaml), vec![(4, 5)]);
        assert_eq!(
            scan_text("content/x.yaml", "- パスワード: abc\n"),
            vec![(1, 3)]
        );
        assert_eq!(
            scan_text("content/x.yaml", "password:\npassword: ~\n"),
            vec![]
        );
    }

    #[test]
    fn markdown_tables_and_field_lines() {
        let prose = "## パスワード：設定の手順\n- パスワードの長さ：12文字以上\n- パスワードの有効期限：90日\nパスワードを忘れたときの連絡先：情報システム課\n| パスワード要件 | 値 |\n|---|---|\n| 長さ | 12文字以上 |\n- PW：管理者用 Abc123\n";
        assert_eq!(scan_text("content/pages/p.md", prose), vec![(8, 3)]);
        let md = "---\ntitle: t\n---\n| システム | ID | パスワード |\n|---|---|---|\n| 電子カルテ | admin | Abc123! |\n| PACS | ope | ＊＊＊ |\n\n- PW: secret1\n- パスワードは８文字以上とする。\n時刻 12:30 に\n";
        assert_eq!(scan_text("content/pages/a.md", md), vec![(6, 19), (9, 3)]);
    }
}
