//! The credential rule (E033): the regulations require ID/password ledgers
//! (seed 001 第4条), and a ledger pasted into the handbook would publish
//! every password on a USB stick. The rule looks for a value shaped like a
//! secret after a word that names one, wherever it is written: a YAML key,
//! a `key: value` line, a sentence, a string inside a YAML value, a Markdown
//! table, the user part of a URL. What the value looks like decides, not the
//! line's punctuation: policy text about passwords (`パスワード: 12文字以上`)
//! passes, `初期パスワード:Abc12345` does not.
//!
//! Every line of every source, `handbook.yaml` included, is read after NFKC
//! (full-width letters and digits, `：` `＝` `（）` and half-width katakana
//! count as their plain forms), letters compared ignoring case.
//!
//! 1. **Label**: password, passwd, passphrase, passcode, pass, pwd, pw, pin,
//!    パスワード, パスフレーズ, パスコード, 暗証番号 or パス. Anything may stand
//!    before the long ones (`初期パスワード`, `vpn_password`, `VPNのPW`). The
//!    short ones (pass, pwd, pw, pin, パス) count only as a word of their own:
//!    not right after an ASCII letter or digit (`bypass`, `spw`) unless at a
//!    camelCase hump (`adminPW`), and パス not right after katakana
//!    (`コンパス`, `ファイルパス`).
//! 2. **Separator**: after the label, in this order: optional `*` `"` `'`
//!    `` ` `` (emphasis, quoted keys), optional spaces, an optional qualifier
//!    in brackets (`（初期値）`, at most 20 characters, and not one saying the
//!    field is about something else: 日, 期限, 期間, 長さ, 数, 要件, 条件, or
//!    a word of step 3's list), the same `*` `"` `'` `` ` `` and spaces again,
//!    then `:` (`：`), `=` (`＝`) or `は`, then optional spaces. `://` is not
//!    a separator. A value in 「」 or 『』 needs none (`パスワード「Abc12345」`).
//!    Anything else after the label (`パスワードの長さ：`, `password_policy:`,
//!    `パスワード変更日:`) makes the text about passwords, not one.
//! 3. **Value**: the following run of non-space characters; when that run
//!    is a short Japanese note (at most 8 characters, no ASCII letter or
//!    digit, none of the words below: `PW：管理者用 Abc123`) the run after
//!    it. Quotes, brackets and `**` around the run and `.` `,` `;` `。` `、`
//!    after it are taken off. The run is secret-shaped when all hold:
//!    - it does not start with `[` or `<` (a link to the ledger), and is not
//!      an address or a reference (`://`, `page:`, `mailto:`…, `${…}`,
//!      `{{…}}`, `$NAME`, `%NAME%`);
//!    - it starts with 4 or more printable ASCII characters: the *secret*;
//!    - the secret is not a mask (only `*` `x` `X` `-` `_` `.` `?` `#`), not
//!      a word for "no value" (none, null, n/a, tbd, true, false, yes,
//!      required…), and not a number with separators (`2025-04-01`, `12:30`,
//!      `8-16`, `100%`; bare digits such as `1234` are a PIN and count);
//!    - when Japanese is glued to the secret (`Abc12345です`,
//!      `2025年度に変更`), the secret mixes letters and digits and the run
//!      contains none of 以上, 以下, 未満, 文字, 桁, こと, とする, 変更, なし,
//!      無し, 混在, 含, 禁止, 不要, 必須, 設定, 認証, 別紙, 参照, で管理,
//!      にて管理, 台帳, 保管, 別途, 金庫, 非公開, 記載, 記入, 確認, 問い合わせ,
//!      問合せ, のとおり (policy text, or where the secret is kept). A bracket
//!      or punctuation between them ends the secret (`Abc12345（初期値）`,
//!      `Abc12345、初回に変更すること` are found).
//! 4. **Table**: in a Markdown table (lines starting with `|`), a column
//!    whose heading ends with a label, optionally followed by a qualifier
//!    (`パスワード`, `管理者PW`, `パスワード（初期値）`), has each cell judged
//!    as a value (step 3).
//! 5. **URL**: `scheme://user:secret@host`, with any secret that is not
//!    empty, a mask or a placeholder (`${…}`).
//!
//! The diagnostic points at the first character of the secret: that is what
//! has to go (`pipeline` drops the E010 of an unknown key on the same line).
//! The rule reads one line at a time (a value on the next line, a table
//! without its leading `|` are not seen) and cannot tell a secret made of
//! Japanese characters from prose: it is a safety net, not a guarantee.
//! docs/FORMAT.md (Passwords) quotes these steps; change both together.

use unicode_normalization::UnicodeNormalization;

use crate::diag::Diagnostic;
use crate::source::SourceFile;

/// Words that name a secret, lower-case; where one starts another
/// (`pass`, `password`) the longer comes first. `true`: short, a word of
/// its own only (step 1 of the module doc).
const LABELS: [(&str, bool); 13] = [
    ("passphrase", false),
    ("password", false),
    ("passcode", false),
    ("passwd", false),
    ("pass", true),
    ("pwd", true),
    ("pw", true),
    ("pin", true),
    ("パスフレーズ", false),
    ("パスワード", false),
    ("パスコード", false),
    ("暗証番号", false),
    ("パス", true),
];

/// Words that make a value policy text or a note of where the secret is
/// kept (the ledger itself stays allowed: `パスワード: 台帳で管理`).
const PROSE: [&str; 32] = [
    "以上",
    "以下",
    "未満",
    "文字",
    "桁",
    "こと",
    "とする",
    "変更",
    "なし",
    "無し",
    "混在",
    "含",
    "禁止",
    "不要",
    "必須",
    "設定",
    "認証",
    "別紙",
    "参照",
    "で管理",
    "にて管理",
    "台帳",
    "保管",
    "別途",
    "金庫",
    "非公開",
    "記載",
    "記入",
    "確認",
    "問い合わせ",
    "問合せ",
    "のとおり",
];

/// Qualifiers that make a label a field about the secret (`パスワード（変更日）`).
const ABOUT: [&str; 7] = ["日", "期限", "期間", "長さ", "数", "要件", "条件"];

/// ASCII values that say there is no value.
const NON_VALUES: [&str; 17] = [
    "none", "null", "nil", "n/a", "tbd", "todo", "unknown", "unset", "empty", "blank", "true",
    "false", "yes", "required", "optional", "masked", "redacted",
];

/// References to where a value lives, not the value.
const SCHEMES: [&str; 7] = [
    "page:",
    "reg:",
    "contact:",
    "procedure:",
    "form:",
    "mailto:",
    "tel:",
];

/// Characters a masked value is made of.
const MASK: &str = "*xX-_.?#";

/// Markdown emphasis and quotes that may wrap a label.
const DECOR: &str = "*\"'`";

/// Longest qualifier in brackets after a label, in characters.
const QUALIFIER_MAX: usize = 20;

/// Every secret-shaped value in `file`.
pub fn scan(file: &SourceFile, diags: &mut Vec<Diagnostic>) {
    let mut table: Option<Vec<Option<String>>> = None;
    let marks = marks(&file.text);
    let mut next_mark = marks.iter().peekable();
    for (i, line) in file.text.lines().enumerate() {
        let start = line.as_ptr().addr() - file.text.as_ptr().addr();
        let mut found = Vec::new();
        table = if line.trim_start().starts_with('|') {
            Some(table_row(line, table, &mut found))
        } else {
            None
        };
        // Every label and `@` starts with one of these: most lines are
        // skipped without being normalized.
        while next_mark.next_if(|&&m| m < start).is_some() {}
        if next_mark.peek().is_some_and(|&&m| m < start + line.len()) {
            let norm = Norm::new(line);
            labelled(&norm, line, &mut found);
            in_urls(&norm, &mut found);
        }
        found.sort_by_key(|f| f.column);
        found.dedup_by_key(|f| f.column);
        for f in found {
            diags.push(diagnostic(file, i + 1, f));
        }
    }
}

/// Where in `text` one of p, P, ｐ, Ｐ, パ, ﾊ, 暗, @ and ＠ starts, which
/// every label and `@` starts with, in order: found over the whole text
/// with memchr's vector search, so the lines without one (most of them)
/// are not read at all.
fn marks(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    let mut at: Vec<usize> = memchr::memchr3_iter(b'p', b'P', b'@', b).collect();
    for wide in ["ｐ", "Ｐ", "ﾊ", "＠", "パ", "暗"] {
        at.extend(memchr::memmem::find_iter(b, wide.as_bytes()));
    }
    at.sort_unstable();
    at
}

/// A secret found on a line: its 1-based column and what led to it.
struct Finding {
    column: usize,
    what: What,
}

enum What {
    /// After a label, as written (`初期パスワード（初期値）`).
    Label(String),
    /// In a table column with this heading.
    Column(String),
    /// The password part of a URL.
    Url,
}

/// A line after NFKC, with where each character came from.
struct Norm {
    chars: Vec<char>,
    /// 0-based character index in the original text of each of `chars`.
    at: Vec<usize>,
}

impl Norm {
    fn new(text: &str) -> Self {
        let mut chars: Vec<char> = Vec::with_capacity(text.len());
        let mut at = Vec::with_capacity(text.len());
        for (i, c) in text.chars().enumerate() {
            // NFKC leaves ASCII alone; most characters of a line are.
            if c.is_ascii() {
                chars.push(c);
                at.push(i);
                continue;
            }
            for n in std::iter::once(c).nfkc() {
                // Half-width ﾊﾟ is two characters, one by one NFKC makes a
                // kana and a combining mark; joined they are full-width パ.
                if matches!(n, '\u{3099}' | '\u{309A}')
                    && let Some(last) = chars.last_mut()
                    && let Some(joined) = unicode_normalization::char::compose(*last, n)
                {
                    *last = joined;
                    continue;
                }
                chars.push(n);
                at.push(i);
            }
        }
        Norm { chars, at }
    }
}

/// Secrets after a label (steps 1–3).
fn labelled(norm: &Norm, text: &str, found: &mut Vec<Finding>) {
    let c = &norm.chars;
    let mut i = 0;
    while i < c.len() {
        let Some(word) = label_at(c, i) else {
            i += 1;
            continue;
        };
        let end = i + word;
        if let Some((label_end, value)) = after_label(c, end)
            && let Some(secret) = secret_in(c, value)
        {
            let label: String = text
                .chars()
                .skip(norm.at[i])
                .take(norm.at[label_end - 1] - norm.at[i] + 1)
                .collect();
            found.push(Finding {
                column: norm.at[secret] + 1,
                what: What::Label(label),
            });
        }
        i = end;
    }
}

/// The length of the label starting at `i`, if one does (step 1).
fn label_at(c: &[char], i: usize) -> Option<usize> {
    if !matches!(c[i].to_ascii_lowercase(), 'p' | 'パ' | '暗') {
        return None;
    }
    let (word, short) = LABELS.iter().find(|(w, _)| matches_at(c, i, w))?;
    (!short || own_word(c, i)).then(|| word.chars().count())
}

fn matches_at(c: &[char], i: usize, word: &str) -> bool {
    let mut k = i;
    for w in word.chars() {
        match c.get(k) {
            Some(x) if x.to_ascii_lowercase() == w => k += 1,
            _ => return false,
        }
    }
    true
}

/// Whether a short label at `i` starts a word of its own.
fn own_word(c: &[char], i: usize) -> bool {
    let Some(&before) = i.checked_sub(1).and_then(|k| c.get(k)) else {
        return true;
    };
    if c[i].is_ascii() {
        !before.is_ascii_alphanumeric()
            || (before.is_ascii_lowercase() && c[i].is_ascii_uppercase())
    } else {
        !is_katakana(before)
    }
}

fn is_katakana(c: char) -> bool {
    matches!(c, '\u{30A1}'..='\u{30FA}' | 'ー')
}

/// After a label ending at `j`, the separator (step 2): where the label
/// with its qualifier ends, and where the value starts.
fn after_label(c: &[char], j: usize) -> Option<(usize, usize)> {
    let mut label_end = j;
    let mut k = skip_spaces(c, skip(c, j, DECOR));
    if c.get(k) == Some(&'(') {
        let close = k + c[k..]
            .iter()
            .take(QUALIFIER_MAX + 2)
            .position(|&x| x == ')')?;
        let qualifier: String = c[k + 1..close].iter().collect();
        if ABOUT.iter().chain(&PROSE).any(|w| qualifier.contains(w)) {
            return None;
        }
        label_end = close + 1;
        k = skip_spaces(c, skip(c, label_end, DECOR));
    }
    let value = match c.get(k)? {
        ':' if c.get(k + 1) == Some(&'/') && c.get(k + 2) == Some(&'/') => return None,
        ':' | '=' | 'は' => skip_spaces(c, k + 1),
        '「' | '『' => k,
        _ => return None,
    };
    Some((label_end, value))
}

fn skip(c: &[char], mut k: usize, set: &str) -> usize {
    while c.get(k).is_some_and(|x| set.contains(*x)) {
        k += 1;
    }
    k
}

fn skip_spaces(c: &[char], mut k: usize) -> usize {
    while c.get(k).is_some_and(|x| x.is_whitespace()) {
        k += 1;
    }
    k
}

/// The next run of non-space characters from `k`: start and end.
fn run(c: &[char], k: usize) -> Option<(usize, usize)> {
    let start = skip_spaces(c, k);
    let end = start
        + c[start.min(c.len())..]
            .iter()
            .take_while(|x| !x.is_whitespace())
            .count();
    (end > start).then_some((start, end))
}

/// Where the secret of the value starting at `k` is, if it is one (step 3).
fn secret_in(c: &[char], k: usize) -> Option<usize> {
    let (start, end) = run(c, k)?;
    if let Some(at) = secret_shaped(&c[start..end]) {
        return Some(start + at);
    }
    if is_note(&c[start..end]) {
        let (start, end) = run(c, end)?;
        return secret_shaped(&c[start..end]).map(|at| start + at);
    }
    None
}

fn is_prose(text: &str) -> bool {
    PROSE.iter().any(|w| text.contains(w))
}

/// A short Japanese word between the separator and the value
/// (`管理者用`, `初期値`).
fn is_note(run: &[char]) -> bool {
    let text: String = run.iter().collect();
    run.len() <= 8 && !run.iter().any(char::is_ascii_alphanumeric) && !is_prose(&text)
}

/// Where the secret starts in `run`, if the run is secret-shaped.
fn secret_shaped(run: &[char]) -> Option<usize> {
    let mut start = 0;
    let mut end = run.len();
    loop {
        if run[start..end].starts_with(&['*', '*']) {
            start += 2;
        } else if start < end && "\"'`「『(【".contains(run[start]) {
            start += 1;
        } else {
            break;
        }
    }
    while end > start && "\"'`」』)】]}*.,;。、".contains(run[end - 1]) {
        end -= 1;
    }
    let body = &run[start..end];
    if matches!(body.first(), Some('[' | '<')) {
        return None;
    }
    let ascii = body.iter().take_while(|c| c.is_ascii_graphic()).count();
    // What ends the secret: the run's end, punctuation or a bracket (NFKC
    // made `（` and `，` ASCII), or Japanese glued to it (`Abc12345です`,
    // `2025年度に`).
    let (secret, glued) = match body[..ascii].split_last() {
        Some((last, rest)) if ascii < body.len() && "([,.;:".contains(*last) => (rest, false),
        _ => (
            &body[..ascii],
            body.get(ascii).is_some_and(|c| c.is_alphabetic()),
        ),
    };
    let word: String = secret.iter().collect::<String>().to_ascii_lowercase();
    let number = secret
        .iter()
        .all(|c| c.is_ascii_digit() || "-/.:~%,+".contains(*c));
    let digits = secret.iter().all(char::is_ascii_digit);
    let refused = secret.len() < 4
        || secret.iter().all(|c| MASK.contains(*c))
        || NON_VALUES.contains(&word.as_str())
        || (number && !digits)
        || word.contains("://")
        || word.starts_with(['$', '%'])
        || word.starts_with("{{")
        || SCHEMES.iter().any(|s| word.starts_with(s))
        || (glued
            && !(secret.iter().any(char::is_ascii_alphabetic)
                && secret.iter().any(char::is_ascii_digit)
                && !is_prose(&body.iter().collect::<String>())));
    (!refused).then_some(start)
}

/// Whether a table heading names a secret (step 4).
pub fn names_secret(name: &str) -> bool {
    let norm = Norm::new(name);
    let mut c: &[char] = trim(&norm.chars);
    if c.last() == Some(&')')
        && let Some(open) = c.iter().rposition(|&x| x == '(')
    {
        let qualifier: String = c[open + 1..c.len() - 1].iter().collect();
        if ABOUT.iter().chain(&PROSE).any(|w| qualifier.contains(w)) {
            return false;
        }
        c = trim(&c[..open]);
    }
    LABELS.iter().any(|(word, short)| {
        let n = word.chars().count();
        c.len() >= n && matches_at(c, c.len() - n, word) && (!short || own_word(c, c.len() - n))
    })
}

/// `c` without spaces and emphasis around it.
fn trim(c: &[char]) -> &[char] {
    let edge = |x: &char| x.is_whitespace() || DECOR.contains(*x);
    let start = c.iter().take_while(|x| edge(x)).count();
    let end = c.len() - c[start..].iter().rev().take_while(|x| edge(x)).count();
    &c[start..end]
}

/// One line of a Markdown table. `columns` holds, once the header has been
/// read, the heading of each column that names a secret.
fn table_row(
    line: &str,
    columns: Option<Vec<Option<String>>>,
    found: &mut Vec<Finding>,
) -> Vec<Option<String>> {
    let cells = cells(line);
    let Some(columns) = columns else {
        return cells
            .into_iter()
            .map(|(_, c)| names_secret(&c).then_some(c))
            .collect();
    };
    let delimiter = cells
        .iter()
        .all(|(_, c)| !c.is_empty() && c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')));
    if delimiter {
        return columns;
    }
    for ((column, cell), heading) in cells.iter().zip(&columns) {
        let Some(heading) = heading else { continue };
        let norm = Norm::new(cell);
        if let Some(at) = secret_in(&norm.chars, 0) {
            found.push(Finding {
                column: column + norm.at[at],
                what: What::Column(heading.clone()),
            });
        }
    }
    columns
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

/// Passwords in `scheme://user:secret@host` (step 5).
fn in_urls(norm: &Norm, found: &mut Vec<Finding>) {
    let c = &norm.chars;
    let mut k = 0;
    while k + 3 <= c.len() {
        if c[k..k + 3] != [':', '/', '/'] {
            k += 1;
            continue;
        }
        let scheme = c[..k]
            .iter()
            .rev()
            .take_while(|x| x.is_ascii_alphanumeric() || "+.-".contains(**x))
            .count();
        let start = k + 3;
        k = start;
        if scheme == 0 || !c[start - 3 - scheme].is_ascii_alphabetic() {
            continue;
        }
        let authority = c[start..]
            .iter()
            .take_while(|x| x.is_ascii_graphic() && !"/?#<>\"'()[]{}|\\`".contains(**x))
            .count();
        let authority = &c[start..start + authority];
        let Some(at) = authority.iter().rposition(|&x| x == '@') else {
            continue;
        };
        let Some(colon) = authority[..at].iter().position(|&x| x == ':') else {
            continue;
        };
        let secret = &authority[colon + 1..at];
        let placeholder = secret.starts_with(&['$']) || secret.starts_with(&['{', '{']);
        if !secret.is_empty() && !secret.iter().all(|x| MASK.contains(*x)) && !placeholder {
            found.push(Finding {
                column: norm.at[start + colon + 1] + 1,
                what: What::Url,
            });
        }
    }
}

fn diagnostic(file: &SourceFile, line: usize, found: Finding) -> Diagnostic {
    const KEEP: (&str, &str) = (
        "パスワードそのものはハンドブックに書かず、保管場所を書いてください\
         （例: パスワード: 台帳で管理）",
        "do not write the password itself in the handbook; write where it is kept \
         (e.g. パスワード: 台帳で管理)",
    );
    let (message, en, help) = match found.what {
        What::Label(label) => (
            format!("パスワードらしき値が書かれています（「{label}」の値）"),
            format!("what looks like a password is written here (the value of 「{label}」)"),
            KEEP,
        ),
        What::Column(heading) => (
            format!("パスワードらしき値が書かれています（表の「{heading}」の列）"),
            format!(
                "what looks like a password is written here (the table's 「{heading}」 column)"
            ),
            KEEP,
        ),
        What::Url => (
            "パスワードらしき値が書かれています（URL の中のパスワード）".to_string(),
            "what looks like a password is written here (a password in a URL)".to_string(),
            (
                "URL からユーザー名とパスワードを除いてください\
                 （https://admin:…@192.168.0.10/ ではなく https://192.168.0.10/）。\
                 パスワードは台帳で管理します",
                "take the user name and password out of the URL \
                 (https://192.168.0.10/, not https://admin:…@192.168.0.10/); \
                 keep passwords in the register",
            ),
        ),
    };
    Diagnostic::error("E033", &file.rel, message)
        .en(en)
        .at(line, found.column)
        .snippet(file.line_text(line))
        .help(help.0)
        .help_en(help.1)
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

    /// Where the secret is in a one-line Markdown text, if found: the
    /// column of the first character of `secret`, which must occur once.
    fn column_of(line: &str, secret: &str) -> usize {
        let byte = line.find(secret).expect("the secret is in the line");
        line[..byte].chars().count() + 1
    }

    /// Found, each at the first character of the secret (the second
    /// string): in a Markdown page and as a YAML text value.
    const FOUND: [(&str, &str); 31] = [
        ("初期パスワード:Abc12345", "Abc12345"),
        ("パスワード＝Abc12345", "Abc12345"),
        ("パスワード（初期値）: Abc12345", "Abc12345"),
        ("PASS: Abc12345", "Abc12345"),
        ("| PW: Abc12345 |", "Abc12345"),
        (
            "接続先 https://admin:Abc12345@192.168.0.10/ を開く",
            "Abc12345",
        ),
        (
            "[管理画面](https://admin:Abc12345@192.168.0.10/)",
            "Abc12345",
        ),
        ("保守用 パスワード: Abc12345", "Abc12345"),
        ("パスワードは Abc12345", "Abc12345"),
        ("パスワードはAbc12345です。", "Abc12345"),
        ("初期パスワード「Abc12345」でログインする", "Abc12345"),
        ("password: hunter2", "hunter2"),
        ("remote_password: \"Rm0te!\"", "Rm0te!"),
        ("adminPW=Abc12345", "Abc12345"),
        ("VPNのPW：vpn-2024", "vpn-2024"),
        ("- VPN の PW: vpn-2024", "vpn-2024"),
        ("- PW：管理者用 Abc123", "Abc123"),
        ("暗証番号: 1234", "1234"),
        ("PIN：０４０１", "０４０１"),
        ("ＰＡＳＳＷＯＲＤ：Ａｂｃ１２３４５", "Ａｂｃ１２３４５"),
        ("ﾊﾟｽﾜｰﾄﾞ: Abc12345", "Abc12345"),
        ("**パスワード**: Abc12345", "Abc12345"),
        ("ログイン（PW: Abc12345）後に操作する", "Abc12345"),
        (
            "パスワード: Abc12345（初回ログイン時に変更すること）",
            "Abc12345",
        ),
        ("ID/パス: admin", "admin"),
        ("パスフレーズ: correct-horse", "correct-horse"),
        ("{user: ops, pwd: Abc12345}", "Abc12345"),
        ("https://example.jp/login?pw=Abc12345", "Abc12345"),
        ("パスワード: Abc12345、初回に変更すること", "Abc12345"),
        ("パスワード：Abc12345，ID：admin", "Abc12345"),
        ("パスワード: admin（初期値）", "admin"),
    ];

    /// Not found: policy text about passwords, and notes of where one is
    /// kept.
    const NOT_FOUND: [&str; 42] = [
        "- パスワード：定期的に変更すること",
        "パスワード: 12文字以上、英数字記号混在",
        "PIN: 4桁以上の数字とする",
        "パスワード: なし",
        "PW: 別紙のとおり",
        "パスワード: 台帳で管理",
        "パスワード：台帳で管理",
        "パスワード: 情報システム課の金庫に保管",
        "PW: [台帳](page:ledger)",
        "password: \"[ledger](page:ledger)\"",
        "PW: <https://vault.example.jp/>",
        "パスワード: ********",
        "pw: '********'",
        "パスワード: ＊＊＊＊",
        "パスワード: xxxx",
        "password:",
        "password: ~",
        "password: abc",
        "## パスワード：設定の手順",
        "- パスワードの長さ：12文字以上",
        "- パスワードの有効期限：90日",
        "パスワードを忘れたときの連絡先：情報システム課",
        "パスワードは１３文字以上とする。",
        "パスワードは、英数字、記号が混在した１３文字以上とする。",
        "パスワードはWindowsと同じ",
        "パスワード（変更日）: 2025-04-01",
        "password_policy: strong-and-long",
        "パスワード変更日: 2025-04-01",
        "パスワード: 8-16",
        "パスワード: 2025年度に変更",
        "PW: ASCII文字のみ",
        "パスワード: 英数字 8文字以上",
        "password: ${VPN_PASSWORD}",
        "bypass: Abc12345",
        "compass: N12345",
        "passport: AB1234567",
        "コンパス: Abc12345",
        "保存先ファイルパス: D:\\backup",
        "時刻 12:30 に",
        "https://example.jp/",
        "https://admin@192.168.0.10/",
        "https://admin:****@192.168.0.10/",
    ];

    #[test]
    fn secrets_after_a_label_in_a_table_or_in_a_url_are_found() {
        for (line, secret) in FOUND {
            let want = vec![(1, column_of(line, secret))];
            assert_eq!(scan_text("content/pages/p.md", line), want, "{line}");
            // The same text inside a YAML string value.
            let yaml = format!("note: '{}'\n", line.replace('\'', "''"));
            let want = vec![(1, column_of(&yaml, secret))];
            assert_eq!(scan_text("content/contacts.yaml", &yaml), want, "{yaml}");
        }
    }

    #[test]
    fn policy_text_and_pointers_are_not_secrets() {
        for line in NOT_FOUND {
            assert_eq!(scan_text("content/pages/p.md", line), vec![], "{line}");
            let yaml = format!("note: \"{line}\"\n");
            assert_eq!(scan_text("content/contacts.yaml", &yaml), vec![], "{yaml}");
        }
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
            "パスワード（初期値）",
            "**PW**",
            "ID/パス",
        ] {
            assert!(names_secret(yes), "{yes}");
        }
        for no in [
            "pwr",
            "power",
            "passage",
            "owner",
            "phone",
            "説明",
            "spw2",
            "パスワード要件",
            "パスワード（変更日）",
            "ファイルパス",
        ] {
            assert!(!names_secret(no), "{no}");
        }
    }

    #[test]
    fn yaml_fields_are_found_wherever_they_are() {
        let yaml = "contacts:\n  - id: vendor\n    name: 保守業者\n    password: hunter2\n    pw: '********'\n    note: パスワード：台帳で管理\n    url: https://example.jp\n";
        assert_eq!(scan_text("content/contacts.yaml", yaml), vec![(4, 15)]);
        assert_eq!(
            scan_text("content/x.yaml", "steps:\n  - 画面を開く（PW: Abc12345）\n"),
            vec![(2, 15)]
        );
    }

    #[test]
    fn markdown_tables() {
        let md = "---\ntitle: t\n---\n| システム | ID | パスワード（初期値） |\n|---|---|---|\n| 電子カルテ | admin | Abc123! |\n| PACS | ope | ＊＊＊ |\n| 部門 | user | 台帳で管理 |\n\n| パスワード要件 | 値 |\n|---|---|\n| 長さ | 12文字以上 |\n| 例 | Abcd1234 |\n";
        assert_eq!(scan_text("content/pages/a.md", md), vec![(6, 19)]);
    }

    #[test]
    fn one_finding_per_secret() {
        // The label rule and the URL rule both see `Abc12345`.
        assert_eq!(
            scan_text("content/pages/a.md", "https://pw:Abc12345@host/\n"),
            vec![(1, 12)]
        );
    }

    /// The marks are where the characters are, on every character of the
    /// planes the text is written in.
    #[test]
    fn the_marks_are_where_the_characters_are() {
        let looked_for = ['p', 'P', 'ｐ', 'Ｐ', 'パ', 'ﾊ', '暗', '@', '＠'];
        for c in (0..0x10000).filter_map(char::from_u32) {
            for line in [
                format!("{c}"),
                format!("第１条　{c}。p"),
                format!("@{c}パ{c}"),
            ] {
                let chars: Vec<usize> = line.match_indices(looked_for).map(|(i, _)| i).collect();
                assert_eq!(marks(&line), chars, "{c:?} U+{:04X}", c as u32);
            }
        }
    }

    /// A line is read when a mark is on it, whichever line it is and
    /// whatever ends the lines.
    #[test]
    fn a_secret_is_found_on_any_line() {
        for end in ["\n", "\r\n"] {
            let text = ["第１条　本文。", "パスワード: Abc12345", "", "p"].join(end);
            let text = format!("{text}{end}{text}");
            let found = scan_text("content/pages/a.md", &text);
            assert_eq!(found, vec![(2, 8), (6, 8)], "{end:?}");
        }
    }
}
