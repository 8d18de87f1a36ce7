//! YAML through serde-saphyr, with its errors turned into our Diagnostics:
//! position shifted to the real file line (front matter starts below `---`),
//! unknown fields named with the nearest valid one, and a plain help line.

use serde::de::DeserializeOwned;

use crate::diag::{Diagnostic, nearest};
use crate::source::SourceFile;

/// Span of a YAML value as serde-saphyr reports it (1-based, within the YAML
/// text), so semantic checks can point at a value's line.
pub type Spanned<T> = serde_saphyr::Spanned<T>;

/// Parses `yaml`, which starts at 1-based `first_line` of `file`.
pub fn parse<T: DeserializeOwned>(
    file: &SourceFile,
    yaml: &str,
    first_line: usize,
    what: &str,
) -> Result<T, Diagnostic> {
    // YAML forbids tabs in indentation, and the parser blames the line
    // before; point at the tab itself, the usual paste-from-Word mistake.
    for (i, line) in yaml.lines().enumerate() {
        let indent: String = line.chars().take_while(|c| c.is_whitespace()).collect();
        if let Some(col) = indent.chars().position(|c| c == '\t') {
            return Err(file
                .error_at(
                    "E003",
                    first_line + i,
                    col + 1,
                    format!("YAML syntax error in {what}: a tab is used for indentation"),
                )
                .help("indent with spaces; YAML does not allow tabs"));
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
    what: &str,
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
    let (code, message, help) = classify(&message, what, key.as_deref());
    if code == "E011" {
        // A missing key is nowhere in particular: point at the start of the
        // YAML, not at whichever key the parser was looking at.
        return file.error_at(code, first_line, 1, message).help(help);
    }
    file.error_at(code, line, column, message).help(help)
}

/// The key of a `key: value` line (also `- key: value`).
fn key_at(line: &str) -> Option<String> {
    let t = line.trim_start().trim_start_matches("- ").trim_start();
    let (key, _) = t.split_once(':')?;
    let key = key.trim();
    (!key.is_empty() && !key.contains(' ')).then(|| key.to_string())
}

/// What a Rust type name means to an author.
fn describe_expected(message: &str) -> Option<&'static str> {
    let m = message.to_ascii_lowercase();
    if [
        "i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "integer", "usize",
    ]
    .iter()
    .any(|t| m.contains(&format!("invalid {t}")) || m.contains(&format!("expected {t}")))
    {
        return Some("a whole number (e.g. `10`)");
    }
    if m.contains("sequence") {
        return Some("a list: one entry per line, each starting with `- `");
    }
    if m.contains("mapping") || m.contains("struct") || m.contains("map") {
        return Some("settings written as `key: value` lines");
    }
    if m.contains("bool") {
        return Some("`true` or `false`");
    }
    if m.contains("string") {
        return Some("text");
    }
    None
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

/// Sorts a serde message into our codes, with a help line a non-programmer
/// can act on.
fn classify(message: &str, what: &str, key: Option<&str>) -> (&'static str, String, String) {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let field = rest.split('`').next().unwrap_or("");
        let expected = expected_names(rest);
        let help = match nearest(field, &expected) {
            Some(near) => format!(
                "did you mean `{near}`? valid fields: {}",
                expected.join(", ")
            ),
            None => format!("remove it; valid fields: {}", expected.join(", ")),
        };
        return ("E010", format!("unknown field `{field}` in {what}"), help);
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or("");
        return (
            "E011",
            format!("missing field `{field}` in {what}"),
            format!("add a line `{field}: …`"),
        );
    }
    let field = key.map_or_else(|| "a value".to_string(), |k| format!("`{k}`"));
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let value = rest.split('`').next().unwrap_or("");
        let allowed = expected_names(rest);
        let help = match nearest(value, &allowed) {
            Some(n) => format!("did you mean `{n}`? write one of: {}", allowed.join(", ")),
            None => format!("write one of: {}", allowed.join(", ")),
        };
        return (
            "E012",
            format!("{field} cannot be `{value}` in {what}"),
            help,
        );
    }
    if message.contains("null") {
        return (
            "E012",
            format!("{field} is empty in {what}"),
            "write a value after the colon, or remove the line if the field is optional".into(),
        );
    }
    let type_error = message.starts_with("invalid")
        || message.contains("expected")
        || message.contains("cannot deserialize");
    if let (true, Some(expected)) = (type_error, describe_expected(message)) {
        return (
            "E012",
            format!("{field} has the wrong form in {what}: it must be {expected}"),
            "see docs/FORMAT.md for the form of each field".into(),
        );
    }
    (
        "E003",
        format!("YAML syntax error in {what}: {message}"),
        "check the indentation (spaces, not tabs) and the `key: value` colon; put a value \
         in quotes (\"…\") when it contains `: ` or ` #`, or starts with `*`, `&`, `@`, `[` or `{`"
            .to_string(),
    )
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
        let d = parse::<Doc>(&f, yaml, 2, "front matter").unwrap_err();
        assert_eq!(d.code, "E010");
        assert!(d.message.contains("`titel`"), "{}", d.message);
        assert!(d.help.as_deref().unwrap().contains("`title`"), "{d:?}");
        assert_eq!(d.line, 3);
    }

    #[test]
    fn spans_of_valid_values_are_kept() {
        let f = file("title: x\neffective: 2025-04-01\n");
        let doc = parse::<Doc>(&f, &f.text, 1, "x").unwrap();
        assert_eq!(position(&doc.effective, 10), (11, 12));
    }

    #[test]
    fn syntax_and_missing_field() {
        let f = file("title: \"x\neffective: 1\n");
        let d = parse::<Doc>(&f, &f.text, 1, "x").unwrap_err();
        assert_eq!(d.code, "E003", "{d:?}");
        let f = file("title: x\n");
        let d = parse::<Doc>(&f, &f.text, 1, "x").unwrap_err();
        assert_eq!(d.code, "E011", "{d:?}");
        assert!(d.message.contains("effective"));
    }
}
