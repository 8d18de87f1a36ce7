//! JSON the handbook writes (`check --format json`, `search --json`, the
//! search index `search-index.js`), through serde_json with one change:
//! `<`, U+2028 and U+2029 are escaped too, so the text is safe inside a
//! `<script>` element (no `</script>` can end it) and is valid JavaScript
//! source as well as JSON.

use std::io;

use serde::Serialize;
use serde_json::ser::{CharEscape, CompactFormatter, Formatter};

/// serde_json's compact output, escaping what a script element needs.
struct ScriptSafe;

impl Formatter for ScriptSafe {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            let escape = match c {
                '<' => "\\u003c",
                '\u{2028}' => "\\u2028",
                '\u{2029}' => "\\u2029",
                _ => continue,
            };
            writer.write_all(&fragment.as_bytes()[start..i])?;
            writer.write_all(escape.as_bytes())?;
            start = i + c.len_utf8();
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }

    fn write_char_escape<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        escape: CharEscape,
    ) -> io::Result<()> {
        CompactFormatter.write_char_escape(writer, escape)
    }
}

/// `value` as compact JSON, safe inside a `<script>` element.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> String {
    let mut out = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut out, ScriptSafe);
    // Serializing our own plain structs, strings and numbers to memory
    // cannot fail; a failure would be a bug, shown rather than hidden.
    if let Err(e) = value.serialize(&mut ser) {
        return format!("{{\"error\":{}}}", serde_json::Value::String(e.to_string()));
    }
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_cannot_end_a_script_element_or_a_javascript_line() {
        let s = to_string("a</script>\u{2028}\"\\\n\u{1}");
        assert_eq!(s, r#""a\u003c/script>\u2028\"\\\n\u0001""#);
        let back: String = serde_json::from_str(&s).unwrap();
        assert_eq!(back, "a</script>\u{2028}\"\\\n\u{1}");
    }
}
