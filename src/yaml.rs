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
    let (code, message, help) = classify(&message, what);
    file.error_at(code, line, column, message).help(help)
}

/// serde-saphyr appends " at line L, column C"; we show the position ourselves.
fn strip_location_suffix(raw: &str) -> String {
    let first = raw.lines().next().unwrap_or(raw).trim();
    match first.rfind(" at line ") {
        Some(i) => first[..i].to_string(),
        None => first.to_string(),
    }
}

/// Sorts a serde message into our codes, with a help line a non-programmer
/// can act on.
fn classify(message: &str, what: &str) -> (&'static str, String, String) {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let field = rest.split('`').next().unwrap_or("");
        // serde-saphyr says "expected one of a, b" (serde itself backticks them).
        let expected: Vec<&str> = rest
            .split("expected ")
            .nth(1)
            .map(|e| {
                e.trim_start_matches("one of ")
                    .split([',', ' '])
                    .map(|w| w.trim_matches('`'))
                    .filter(|w| !w.is_empty() && *w != "or")
                    .collect()
            })
            .unwrap_or_default();
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
    if message.starts_with("invalid type") || message.starts_with("invalid value") {
        return (
            "E012",
            format!("{message} in {what}"),
            "check the value's form against the README's source format".to_string(),
        );
    }
    (
        "E003",
        format!("YAML syntax error in {what}: {message}"),
        "check indentation (spaces, not tabs), the `key: value` colon, and quote values \
         that start with a special character such as `*`, `&`, `@` or `:`"
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
        let f = file("title: [x\n");
        let d = parse::<Doc>(&f, &f.text, 1, "x").unwrap_err();
        assert_eq!(d.code, "E003", "{d:?}");
        let f = file("title: x\n");
        let d = parse::<Doc>(&f, &f.text, 1, "x").unwrap_err();
        assert_eq!(d.code, "E011", "{d:?}");
        assert!(d.message.contains("effective"));
    }
}
