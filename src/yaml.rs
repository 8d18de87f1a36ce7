//! YAML through serde-saphyr, with its errors turned into our Diagnostics:
//! position shifted to the real file line (front matter starts below `---`),
//! unknown fields named with the nearest valid one, and a plain help line.

use serde::de::DeserializeOwned;

use crate::diag::{Diagnostic, Msg, nearest};
use crate::source::SourceFile;

/// Span of a YAML value as serde-saphyr reports it (1-based, within the YAML
/// text), so semantic checks can point at a value's line.
pub type Spanned<T> = serde_saphyr::Spanned<T>;

/// What a YAML text is, for messages: in Japanese and in English, e.g.
/// `("連絡体制図（content/contacts.yaml）", "the contact chart")`.
pub type What<'a> = (&'a str, &'a str);

/// Parses `yaml`, which starts at 1-based `first_line` of `file`.
pub fn parse<T: DeserializeOwned>(
    file: &SourceFile,
    yaml: &str,
    first_line: usize,
    what: What,
) -> Result<T, Diagnostic> {
    parse_near(file, yaml, first_line, what).map_err(|(d, _)| d)
}

/// [`parse`], with how the text may be mended to read on past the problem.
fn parse_near<T: DeserializeOwned>(
    file: &SourceFile,
    yaml: &str,
    first_line: usize,
    what: What,
) -> Result<T, (Diagnostic, Option<Mend>)> {
    // YAML forbids tabs in indentation, and the parser blames the line
    // before; point at the tab itself, the usual paste-from-Word mistake.
    // Read line by line only when there is a tab at all.
    let lines = match memchr::memchr(b'\t', yaml.as_bytes()) {
        Some(_) => yaml.lines(),
        None => "".lines(),
    };
    for (i, line) in lines.enumerate() {
        let mut indent = line.chars().take_while(|c| c.is_whitespace());
        if let Some(col) = indent.position(|c| c == '\t') {
            return Err((
                file.error_at(
                    "E003",
                    first_line + i,
                    col + 1,
                    format!("{}の字下げにタブが使われています", what.0),
                )
                .en(format!(
                    "YAML syntax error in {}: a tab is used for indentation",
                    what.1
                ))
                .help("字下げは半角スペースにしてください（YAML ではタブを使えません）")
                .help_en("indent with spaces; YAML does not allow tabs"),
                None,
            ));
        }
    }
    serde_saphyr::from_str::<T>(yaml).map_err(|err| to_diagnostic(file, &err, first_line, what))
}

/// How many problems after the first [`parse_all`] looks for.
const MORE_PROBLEMS: usize = 50;

/// [`parse`], and when it fails, the problems after the first too, so one
/// run lists every misspelled field and every value of the wrong form, not
/// one per run. The text is mended where the problem is and parsed again,
/// keeping the line numbers: a misspelled field is read as the valid one
/// nearest to it (`nmae` as `name`), a value of the wrong form or missing
/// is replaced by one of the right form (`1`, `""`, `[]`, the first
/// allowed word), any other field in error is blanked out (its `key:`
/// line and the lines indented under it). It stops at a
/// problem no field can be blamed for (a syntax error, a missing field,
/// which blanking may itself cause) and when a problem comes back.
pub fn parse_all<T: DeserializeOwned>(
    file: &SourceFile,
    yaml: &str,
    first_line: usize,
    what: What,
) -> Result<T, Vec<Diagnostic>> {
    match parse_mended(file, yaml, first_line, what) {
        (Some(value), found) if found.is_empty() => Ok(value),
        (_, found) => Err(found),
    }
}

/// [`parse_all`], and the value read from the mended text when the
/// mending made it readable: what the file says but for its problems, so
/// the checks of its values (dates, names, numbers) can find theirs in the
/// same run, and nothing else is judged as if the file were missing.
pub fn parse_mended<T: DeserializeOwned>(
    file: &SourceFile,
    yaml: &str,
    first_line: usize,
    what: What,
) -> (Option<T>, Vec<Diagnostic>) {
    let (first, mut near) = match parse_near::<T>(file, yaml, first_line, what) {
        Ok(value) => return (Some(value), Vec::new()),
        Err(e) => e,
    };
    let mut value = None;
    let mut found = vec![first];
    let mut text = yaml.to_string();
    for _ in 0..MORE_PROBLEMS {
        let last = found.last().expect("a problem");
        if !matches!(last.code, "E010" | "E012") {
            break;
        }
        let at = last.line.checked_sub(first_line);
        let mut blanked = false;
        let mended = match (near.take(), at) {
            (_, None) => None,
            // Renamed to the nearest valid name its mapping has not got.
            (Some(Mend::Rename(valid)), Some(i))
                if let Some(name) = {
                    let taken = sibling_keys(&text, i);
                    valid.iter().find(|v| !taken.contains(v)).cloned()
                } =>
            {
                rename_key(&text, i, &name)
            }
            (Some(Mend::Value(value)), Some(i)) => {
                if let Some(last) = found.last_mut() {
                    last.stand_in = true;
                }
                replace_value(&text, i, &value)
            }
            (_, Some(i)) => {
                blanked = true;
                blank_entry(&text, i)
            }
        };
        let Some(mended) = mended else { break };
        text = mended;
        let (mut next, mut next_near) = match parse_near::<T>(file, &text, first_line, what) {
            Ok(v) => {
                value = Some(v);
                break;
            }
            Err(e) => e,
        };
        // A list item left with nothing in it is taken out of the list.
        if let Some(i) = at.filter(|&i| blanked && next.line.checked_sub(first_line) == Some(i))
            && let Some(without) = drop_empty_item(&text, i)
        {
            text = without;
            (next, next_near) = match parse_near::<T>(file, &text, first_line, what) {
                Ok(v) => {
                    value = Some(v);
                    break;
                }
                Err(e) => e,
            };
        }
        let again = found
            .iter()
            .any(|f| (f.line, f.column, f.code) == (next.line, next.column, next.code));
        // A mapping or a list item left empty by the blanking is not the
        // file's problem.
        let emptied = match (at, next.line.checked_sub(first_line)) {
            (Some(child), Some(parent)) => {
                blanked && (parent == child || holds(&text, parent, child))
            }
            _ => false,
        };
        if next.code == "E011" || again || emptied {
            break;
        }
        found.push(next);
        near = next_near;
    }
    (value, found)
}

/// `yaml` with 0-based line `at` emptied when it is a list item's `-`
/// with nothing under it.
fn drop_empty_item(yaml: &str, at: usize) -> Option<String> {
    let mut lines: Vec<&str> = yaml.split('\n').collect();
    let line = *lines.get(at)?;
    if line.trim() != "-" {
        return None;
    }
    let under = lines[at + 1..]
        .iter()
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| indent(l) > indent(line));
    if under {
        return None;
    }
    lines[at] = "";
    Some(lines.join("\n"))
}

/// Where the key of a `key: value` line starts (after the indentation and
/// any `- `), as a byte offset; `None` when the line holds no `key:`.
fn key_start(line: &str) -> Option<usize> {
    key_at(line)?;
    let mut start = indent(line);
    while line[start..].starts_with("- ") {
        start += 2;
        start += indent(&line[start..]);
    }
    Some(start)
}

/// The keys of the mapping the `key:` on 0-based line `at` is in: the
/// lines above and below it whose key starts in the same column, up to a
/// line indented less (a list item's `- key:` line is the mapping's first).
fn sibling_keys(yaml: &str, at: usize) -> Vec<String> {
    let lines: Vec<&str> = yaml.split('\n').collect();
    let Some(column) = lines.get(at).and_then(|l| key_start(l)) else {
        return Vec::new();
    };
    let mut keys = Vec::new();
    let mut take = |l: &str| {
        let body = l.trim_start();
        if body.is_empty() || body.starts_with('#') {
            return true;
        }
        if key_start(l) == Some(column) {
            keys.extend(key_at(l));
        }
        // A line indented less ends the mapping; a list item's line that
        // starts it is read, then ends it.
        indent(l) >= column
    };
    for l in lines[..at].iter().rev() {
        if !take(l) {
            break;
        }
    }
    for l in &lines[at + 1..] {
        if indent(l) < column && !l.trim().is_empty() {
            break;
        }
        take(l);
    }
    keys
}

/// Whether the `key:` on 0-based line `parent` holds line `child`: it
/// comes before it, and every line between is blank or indented deeper
/// than the key.
fn holds(yaml: &str, parent: usize, child: usize) -> bool {
    let lines: Vec<&str> = yaml.split('\n').collect();
    let Some(column) = lines.get(parent).and_then(|l| key_start(l)) else {
        return false;
    };
    parent < child
        && lines.get(parent + 1..child).is_some_and(|between| {
            between.iter().all(|l| {
                let body = l.trim_start();
                body.is_empty() || indent(l) > column
            })
        })
}

/// How far `line` is indented, in bytes (as [`key_start`] counts).
fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// `yaml` with its `key:` line `at` (0-based) made `mend(line, where the
/// key starts)` and, with `under`, the lines indented deeper than the key
/// (its block value) left empty; every line keeps its number. `None` when
/// the line holds no `key:` or `mend` gives nothing.
fn mend_entry(
    yaml: &str,
    at: usize,
    under: bool,
    mend: impl FnOnce(&str, usize) -> Option<String>,
) -> Option<String> {
    let mut lines: Vec<String> = yaml.split('\n').map(str::to_string).collect();
    let line = lines.get(at)?;
    let start = key_start(line)?;
    lines[at] = mend(line, start)?;
    if under {
        for next in lines.iter_mut().skip(at + 1) {
            if next.trim().is_empty() {
                continue;
            }
            if indent(next) <= start {
                break;
            }
            next.clear();
        }
    }
    Some(lines.join("\n"))
}

/// `yaml` with the value of the `key:` on 0-based line `at` replaced by
/// `value`, the lines indented under it (a block value) blanked.
fn replace_value(yaml: &str, at: usize, value: &str) -> Option<String> {
    mend_entry(yaml, at, true, |line, start| {
        let colon = start + line[start..].find(':')?;
        Some(format!("{} {value}", &line[..=colon]))
    })
}

/// `yaml` with the key on 0-based line `at` renamed `to`.
fn rename_key(yaml: &str, at: usize, to: &str) -> Option<String> {
    mend_entry(yaml, at, false, |line, start| {
        let colon = start + line[start..].find(':')?;
        Some(format!("{}{to}{}", &line[..start], &line[colon..]))
    })
}

/// `yaml` with the entry whose `key:` is on 0-based line `at` blanked out:
/// that line (keeping a list item's `- `) and the lines indented deeper
/// under it, each left empty so the lines after keep their numbers. `None`
/// when the line holds no `key:`.
fn blank_entry(yaml: &str, at: usize) -> Option<String> {
    mend_entry(yaml, at, true, |line, start| {
        Some(line[..start].trim_end().to_string())
    })
}

/// Position of a spanned value in the file, given where the YAML starts.
pub fn position<T>(value: &Spanned<T>, first_line: usize) -> (usize, usize) {
    let loc = value.referenced;
    let line = loc.line() as usize;
    if line == 0 {
        return (first_line, 1);
    }
    (first_line + line - 1, loc.column() as usize)
}

fn to_diagnostic(
    file: &SourceFile,
    err: &serde_saphyr::Error,
    first_line: usize,
    what: What,
) -> (Diagnostic, Option<Mend>) {
    let (line, column) = match err.location() {
        Some(loc) if loc.line() > 0 => (
            first_line + loc.line() as usize - 1,
            (loc.column() as usize).max(1),
        ),
        _ => (first_line, 1),
    };
    let raw = err
        .without_snippet()
        .render_with_options(serde_saphyr::render_options! {
            snippets: serde_saphyr::SnippetMode::Off,
        });
    let message = strip_location_suffix(&raw);
    let key = key_at(file.line_text(line));
    let c = classify(&message, what, key.as_deref());
    let d = if c.code == "E011" {
        // A missing key is nowhere in particular: point at the start of the
        // YAML, not at whichever key the parser was looking at.
        file.error_at(c.code, first_line, 1, c.message.ja)
    } else {
        file.error_at(c.code, line, column, c.message.ja)
    };
    (
        d.en(c.message.en).help(c.help.ja).help_en(c.help.en),
        c.mend,
    )
}

/// The key of a `key: value` line (also `- key: value`).
fn key_at(line: &str) -> Option<String> {
    let t = line.trim_start().trim_start_matches("- ").trim_start();
    let (key, _) = t.split_once(':')?;
    let key = key.trim();
    (!key.is_empty() && !key.contains(' ')).then(|| key.to_string())
}

/// What a Rust type name means to an author.
fn describe_expected(message: &str) -> Option<(Msg, &'static str)> {
    let m = message.to_ascii_lowercase();
    // And a value of that form, for the mending (parse_all).
    let (ja, en, value) = if [
        "i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "integer", "usize",
    ]
    .iter()
    .any(|t| m.contains(&format!("invalid {t}")) || m.contains(&format!("expected {t}")))
    {
        ("整数（例: `10`）", "a whole number (e.g. `10`)", "1")
    } else if m.contains("sequence") {
        (
            "一覧（1行に1つ、それぞれ `- ` で始める）",
            "a list: one entry per line, each starting with `- `",
            "[]",
        )
    } else if m.contains("mapping") || m.contains("struct") || m.contains("map") {
        (
            "`項目: 値` の行の集まり",
            "settings written as `key: value` lines",
            "{}",
        )
    } else if m.contains("bool") {
        ("`true` か `false`", "`true` or `false`", "false")
    } else if m.contains("string") {
        ("文字", "text", "\"\"")
    } else {
        return None;
    };
    Some((Msg::new(ja, en), value))
}

/// serde-saphyr appends " at line L, column C"; we show the position ourselves.
fn strip_location_suffix(raw: &str) -> String {
    let first = raw.lines().next().unwrap_or(raw).trim();
    match first.rfind(" at line ") {
        Some(i) => first[..i].to_string(),
        None => first.to_string(),
    }
}

/// The names after "expected" in a serde message: serde-saphyr says
/// "expected one of a, b" (serde itself backticks them).
fn expected_names(rest: &str) -> Vec<&str> {
    rest.split("expected ")
        .nth(1)
        .map(|e| {
            e.trim_start_matches("one of ")
                .split([',', ' '])
                .map(|w| w.trim_matches('`'))
                .filter(|w| !w.is_empty() && *w != "or")
                .collect()
        })
        .unwrap_or_default()
}

/// A serde or parser message sorted into one of our codes, said in both
/// languages, with a help line a non-programmer can act on.
struct Classified {
    code: &'static str,
    message: Msg,
    help: Msg,
    /// How [`parse_all`] may mend the text to read on past the problem.
    mend: Option<Mend>,
}

/// A mending of the text where serde stopped, so [`parse_all`] can read on.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Mend {
    /// An unknown field read as the valid one nearest to it (the first of
    /// these its mapping does not have yet).
    Rename(Vec<String>),
    /// A value of the wrong form replaced by one of the right form.
    Value(String),
}

fn classified(code: &'static str, message: Msg, help: Msg) -> Classified {
    Classified {
        code,
        message,
        help,
        mend: None,
    }
}

/// Sorts a serde message into our codes. serde and the YAML parser speak
/// English; the shape of their messages ("unknown field `x`, expected one
/// of …") is read here and said again in Japanese.
fn classify(message: &str, what: What, key: Option<&str>) -> Classified {
    let (what_ja, what_en) = what;
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let field = rest.split('`').next().unwrap_or("");
        let expected = expected_names(rest);
        let near = nearest(field, &expected);
        let help = match near {
            Some(near) => Msg::new(
                format!(
                    "`{near}` のことですか？ 書ける項目: {}",
                    expected.join(", ")
                ),
                format!(
                    "did you mean `{near}`? valid fields: {}",
                    expected.join(", ")
                ),
            ),
            None => Msg::new(
                format!(
                    "この行を消してください。書ける項目: {}",
                    expected.join(", ")
                ),
                format!("remove it; valid fields: {}", expected.join(", ")),
            ),
        };
        return Classified {
            mend: Some(Mend::Rename(
                crate::diag::near(field, &expected)
                    .into_iter()
                    .map(String::from)
                    .collect(),
            )),
            ..classified(
                "E010",
                Msg::new(
                    format!("{what_ja}に `{field}` という項目はありません"),
                    format!("unknown field `{field}` in {what_en}"),
                ),
                help,
            )
        };
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or("");
        return classified(
            "E011",
            Msg::new(
                format!("{what_ja}に `{field}` がありません"),
                format!("missing field `{field}` in {what_en}"),
            ),
            Msg::new(
                format!("`{field}: …` の行を書き加えてください"),
                format!("add a line `{field}: …`"),
            ),
        );
    }
    let (field_ja, field_en) = key.map_or_else(
        || ("値".to_string(), "a value".to_string()),
        |k| (format!("`{k}`"), format!("`{k}`")),
    );
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let value = rest.split('`').next().unwrap_or("");
        let allowed = expected_names(rest);
        return Classified {
            mend: allowed.first().map(|a| Mend::Value((*a).to_string())),
            ..classified(
                "E012",
                Msg::new(
                    format!("{what_ja}の {field_ja} に `{value}` は書けません"),
                    format!("{field_en} cannot be `{value}` in {what_en}"),
                ),
                one_of_help(value, &allowed),
            )
        };
    }
    // `duplicate mapping key `k``, or, from the YAML reader itself,
    // `duplicate mapping key: k, set DuplicateKeyPolicy …`.
    if let Some(rest) = message.strip_prefix("duplicate mapping key") {
        let k = rest
            .trim_start_matches([':', ' ', '`'])
            .split(['`', ','])
            .next()
            .unwrap_or("")
            .trim();
        return classified(
            "E012",
            Msg::new(
                format!("{what_ja}で `{k}` が二度書かれています"),
                format!("`{k}` is written twice in {what_en}"),
            ),
            Msg::new("どちらか一方にまとめてください", "keep one of them"),
        );
    }
    if message.contains("null") {
        return Classified {
            mend: describe_expected(message).map(|(_, value)| Mend::Value(value.to_string())),
            ..classified(
                "E012",
                Msg::new(
                    format!("{what_ja}の {field_ja} が空です"),
                    format!("{field_en} is empty in {what_en}"),
                ),
                Msg::new(
                    "コロン（:）の後に値を書いてください。省略できる項目なら、その行を消してもかまいません",
                    "write a value after the colon, or remove the line if the field is optional",
                ),
            )
        };
    }
    let type_error = message.starts_with("invalid")
        || message.contains("expected")
        || message.contains("cannot deserialize");
    if let (true, Some((expected, value))) = (type_error, describe_expected(message)) {
        return Classified {
            mend: Some(Mend::Value(value.to_string())),
            ..classified(
                "E012",
                Msg::new(
                    format!(
                        "{what_ja}の {field_ja} の書き方が違います。{}で書いてください",
                        expected.ja
                    ),
                    format!(
                        "{field_en} has the wrong form in {what_en}: it must be {}",
                        expected.en
                    ),
                ),
                Msg::new(
                    "各項目の書き方は docs/FORMAT.md にあります",
                    "see docs/FORMAT.md for the form of each field",
                ),
            )
        };
    }
    // The parser's limits on aliases and size: a document made to expand
    // (a "billion laughs"), or one far larger than any source.
    if message.contains("budget breached") {
        return classified(
            "E003",
            Msg::new(
                format!(
                    "{what_ja}は YAML の別名（&名前 と *名前）で大きく膨らむため、読むのをやめました"
                ),
                format!(
                    "{what_en} expands through YAML aliases (&name, *name) beyond what is read: {message}"
                ),
            ),
            Msg::new(
                "別名を使わずに値をそのまま書いてください（同じ値を何度も書いてかまいません）",
                "write the values out instead of using aliases (repeating a value is fine)",
            ),
        );
    }
    classified(
        "E003",
        Msg::new(
            format!(
                "{what_ja}の YAML の書き方に誤りがあります：{}",
                syntax_ja(message)
            ),
            format!("YAML syntax error in {what_en}: {message}"),
        ),
        Msg::new(
            "字下げ（タブではなく半角スペース）と「項目: 値」のコロンを確かめてください。\
             値に「: 」や「 #」が入るとき、または値が「*」「&」「@」「[」「{」で始まるときは、\
             値を引用符（\"…\"）で囲んでください",
            "check the indentation (spaces, not tabs) and the `key: value` colon; put a value \
             in quotes (\"…\") when it contains `: ` or ` #`, or starts with `*`, `&`, `@`, `[` or `{`",
        ),
    )
}

/// "Write one of these", with the nearest when `value` looks like a
/// misspelling of one.
pub fn one_of_help(value: &str, allowed: &[&str]) -> Msg {
    match nearest(value, allowed) {
        Some(n) => Msg::new(
            format!(
                "`{n}` のことですか？ 書けるのは次のどれかです: {}",
                allowed.join(", ")
            ),
            format!("did you mean `{n}`? write one of: {}", allowed.join(", ")),
        ),
        None => Msg::new(
            format!("次のどれかを書いてください: {}", allowed.join(", ")),
            format!("write one of: {}", allowed.join(", ")),
        ),
    }
}

/// The YAML parser's complaint in Japanese: the ones an author meets, by
/// their English wording (granit-parser's and serde-saphyr's); any other
/// keeps the parser's words after a Japanese lead-in.
fn syntax_ja(message: &str) -> String {
    let known: [(&str, &str); 16] = [
        (
            "mapping values are not allowed",
            "値の中に「: 」があり、「項目: 値」の区切りと読まれました",
        ),
        ("unclosed bracket", "括弧が閉じていません"),
        ("mismatched bracket", "括弧の組み合わせが合っていません"),
        (
            "misplaced bracket",
            "閉じ括弧に対応する開き括弧がありません",
        ),
        ("unclosed quote", "引用符（\" または '）が閉じていません"),
        (
            "did not find expected key",
            "ここで「項目: 値」の行を読めません（字下げがずれていませんか）",
        ),
        (
            "did not find expected '-' indicator",
            "一覧の行（- で始まる行）の字下げがそろっていません",
        ),
        ("invalid indentation", "字下げがそろっていません"),
        (
            "unknown anchor",
            "「*」で始まる値を読めません（YAML では * が特別な意味を持ちます）",
        ),
        ("unexpected end", "ファイルが途中で終わっています"),
        ("unexpected eof", "ファイルが途中で終わっています"),
        ("unexpected character", "ここに使えない文字があります"),
        ("tab", "タブが使われています"),
        (
            "must be followed by a valid YAML whitespace",
            "「:」や「-」の後に半角スペースが必要です",
        ),
        ("did not find expected node content", "値を読めません"),
        (
            "must be quoted",
            "この値は引用符（\"…\"）で囲む必要があります",
        ),
    ];
    let lower = message.to_ascii_lowercase();
    // As whole words: "acceptable" holds no tab.
    let word_at = |en: &str| {
        lower.match_indices(en).any(|(i, _)| {
            let before = lower[..i].chars().next_back();
            let after = lower[i + en.len()..].chars().next();
            !before.is_some_and(|c| c.is_ascii_alphabetic())
                && !after.is_some_and(|c| c.is_ascii_alphabetic() && c != 's')
        })
    };
    match known.iter().find(|(en, _)| word_at(en)) {
        Some((_, ja)) => (*ja).to_string(),
        None => format!("YAML として読めません（パーサーの説明: {message}）"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        title: String,
        effective: Spanned<String>,
    }

    fn file(text: &str) -> SourceFile {
        SourceFile::new("a.md".into(), "a.md".into(), text.into())
    }

    #[test]
    fn unknown_field_is_named_with_suggestion_and_offset() {
        let f = file("---\ntitle: x\ntitel: y\neffective: 2025-04-01\n---\n");
        let yaml = "title: x\ntitel: y\neffective: 2025-04-01\n";
        let d = parse::<Doc>(&f, yaml, 2, ("前付け", "front matter")).unwrap_err();
        assert_eq!(d.code, "E010");
        assert!(d.message.contains("`titel`"), "{}", d.message);
        assert!(d.message.contains("前付けに"), "{}", d.message);
        assert_eq!(
            d.message_en.as_deref(),
            Some("unknown field `titel` in front matter")
        );
        assert!(
            d.help.as_deref().unwrap().contains("`title` のことですか"),
            "{d:?}"
        );
        assert!(
            d.help_en
                .as_deref()
                .unwrap()
                .contains("did you mean `title`"),
            "{d:?}"
        );
        assert_eq!(d.line, 3);
    }

    #[test]
    fn spans_of_valid_values_are_kept() {
        let f = file("title: x\neffective: 2025-04-01\n");
        let doc = parse::<Doc>(&f, &f.text, 1, ("x", "x")).unwrap();
        assert_eq!(position(&doc.effective, 10), (11, 12));
    }

    #[test]
    fn syntax_and_missing_field() {
        let f = file("title: \"x\neffective: 1\n");
        let d = parse::<Doc>(&f, &f.text, 1, ("x", "x")).unwrap_err();
        assert_eq!(d.code, "E003", "{d:?}");
        let f = file("title: x\n");
        let d = parse::<Doc>(&f, &f.text, 1, ("x", "x")).unwrap_err();
        assert_eq!(d.code, "E011", "{d:?}");
        assert!(d.message.contains("effective"));
    }

    /// A document made to expand through aliases (a "billion laughs") is
    /// refused at once, said in Japanese with what to do.
    #[test]
    fn an_alias_bomb_is_refused_in_plain_words() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Words {
            words: Vec<String>,
        }
        let text = format!(
            "words: [&s {}, {}]\n",
            "x".repeat(1000),
            vec!["*s"; 1000].join(", ")
        );
        let f = file(&text);
        let d = parse::<Words>(&f, &f.text, 1, ("x", "x")).unwrap_err();
        assert_eq!(d.code, "E003", "{d:?}");
        assert!(d.message.contains("別名"), "{d:?}");
        assert!(!d.message.contains("budget"), "{d:?}");
    }

    /// The mending keeps every line's number: a list item keeps its `- `,
    /// what is indented under a blanked key goes with it, and a key is
    /// renamed in place.
    #[test]
    fn mending_blanks_or_renames_one_entry_and_keeps_the_lines() {
        let yaml = "a:\n  - nmae: x\n    memo:\n      - one\n\n      - two\n    kind: k\nb: 1";
        assert_eq!(
            blank_entry(yaml, 2).as_deref(),
            Some("a:\n  - nmae: x\n\n\n\n\n    kind: k\nb: 1")
        );
        assert_eq!(
            blank_entry(yaml, 1).as_deref(),
            Some("a:\n  -\n    memo:\n      - one\n\n      - two\n    kind: k\nb: 1")
        );
        assert_eq!(
            rename_key(yaml, 1, "name").as_deref(),
            Some("a:\n  - name: x\n    memo:\n      - one\n\n      - two\n    kind: k\nb: 1")
        );
        // The other keys of the mapping, nearest first upwards.
        assert_eq!(sibling_keys(yaml, 6), ["memo", "nmae"]);
        assert_eq!(sibling_keys(yaml, 7), ["a"]);
        assert!(holds(yaml, 0, 1) && holds(yaml, 2, 3) && !holds(yaml, 1, 7));
        assert_eq!(blank_entry("- plain", 0), None);
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Person {
        name: String,
        #[serde(default)]
        age: Option<u32>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct People {
        people: Vec<Person>,
    }

    fn all_problems(text: &str) -> Vec<(usize, &'static str)> {
        let f = file(text);
        match parse_all::<People>(&f, &f.text, 1, ("x", "x")) {
            Ok(_) => Vec::new(),
            Err(ds) => ds.iter().map(|d| (d.line, d.code)).collect(),
        }
    }

    /// Every misspelled field, not only the first; a required field
    /// misspelled is read as the valid one, so nothing is made missing; a
    /// value of the wrong form is blanked and the reading goes on; an item
    /// or mapping the blanking leaves empty is not reported.
    #[test]
    fn parse_all_finds_every_problem_and_none_of_its_own_making() {
        assert_eq!(
            all_problems(
                "people:\n  - nmae: a\n  - name: b\n    age: many\n  - name: c\n    aeg: 3\n"
            ),
            [(2, "E010"), (4, "E012"), (6, "E010")]
        );
        // A required field of the wrong form or empty is given a value of
        // the right form, so it is not made missing.
        assert_eq!(
            all_problems("people:\n  - name:\n  - name: [a]\n  - name: c\n    aeg: 3\n"),
            [(2, "E012"), (3, "E012"), (5, "E010")]
        );
        // `nmae` beside `name` is left out, not made a second `name`.
        assert_eq!(
            all_problems("people:\n  - name: a\n    nmae: b\n  - name: c\n    agee: 1\n"),
            [(3, "E010"), (5, "E010")]
        );
        // The only field of a mapping blanked: its emptiness is not
        // reported; an item left empty is taken out and the reading goes on.
        assert_eq!(all_problems("people:\n  - zzz: 1\n"), [(2, "E010")]);
        assert_eq!(
            all_problems("people:\n  - zzz: 1\n  - name: b\n    aeg: 2\n"),
            [(2, "E010"), (4, "E010")]
        );
        assert!(all_problems("people:\n  - name: a\n").is_empty());
    }
}
