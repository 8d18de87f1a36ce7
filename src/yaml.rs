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
            return Err(file
                .error_at(
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
                .help_en("indent with spaces; YAML does not allow tabs"));
        }
    }
    serde_saphyr::from_str::<T>(yaml).map_err(|err| to_diagnostic(file, &err, first_line, what))
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
) -> Diagnostic {
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
    d.en(c.message.en).help(c.help.ja).help_en(c.help.en)
}

/// The key of a `key: value` line (also `- key: value`).
fn key_at(line: &str) -> Option<String> {
    let t = line.trim_start().trim_start_matches("- ").trim_start();
    let (key, _) = t.split_once(':')?;
    let key = key.trim();
    (!key.is_empty() && !key.contains(' ')).then(|| key.to_string())
}

/// What a Rust type name means to an author.
fn describe_expected(message: &str) -> Option<Msg> {
    let m = message.to_ascii_lowercase();
    let (ja, en) = if [
        "i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "integer", "usize",
    ]
    .iter()
    .any(|t| m.contains(&format!("invalid {t}")) || m.contains(&format!("expected {t}")))
    {
        ("整数（例: `10`）", "a whole number (e.g. `10`)")
    } else if m.contains("sequence") {
        (
            "一覧（1行に1つ、それぞれ `- ` で始める）",
            "a list: one entry per line, each starting with `- `",
        )
    } else if m.contains("mapping") || m.contains("struct") || m.contains("map") {
        (
            "`項目: 値` の行の集まり",
            "settings written as `key: value` lines",
        )
    } else if m.contains("bool") {
        ("`true` か `false`", "`true` or `false`")
    } else if m.contains("string") {
        ("文字", "text")
    } else {
        return None;
    };
    Some(Msg::new(ja, en))
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
}

fn classified(code: &'static str, message: Msg, help: Msg) -> Classified {
    Classified {
        code,
        message,
        help,
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
        let help = match nearest(field, &expected) {
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
        return classified(
            "E010",
            Msg::new(
                format!("{what_ja}に `{field}` という項目はありません"),
                format!("unknown field `{field}` in {what_en}"),
            ),
            help,
        );
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
        return classified(
            "E012",
            Msg::new(
                format!("{what_ja}の {field_ja} に `{value}` は書けません"),
                format!("{field_en} cannot be `{value}` in {what_en}"),
            ),
            one_of_help(value, &allowed),
        );
    }
    if let Some(rest) = message.strip_prefix("duplicate mapping key `") {
        let k = rest.split('`').next().unwrap_or("");
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
        return classified(
            "E012",
            Msg::new(
                format!("{what_ja}の {field_ja} が空です"),
                format!("{field_en} is empty in {what_en}"),
            ),
            Msg::new(
                "コロン（:）の後に値を書いてください。省略できる項目なら、その行を消してもかまいません",
                "write a value after the colon, or remove the line if the field is optional",
            ),
        );
    }
    let type_error = message.starts_with("invalid")
        || message.contains("expected")
        || message.contains("cannot deserialize");
    if let (true, Some(expected)) = (type_error, describe_expected(message)) {
        return classified(
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
    match known.iter().find(|(en, _)| lower.contains(en)) {
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
}
