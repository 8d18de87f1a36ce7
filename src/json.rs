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
        // '<' is one byte; U+2028 and U+2029 are E2 80 A8 and E2 80 A9.
        // Most text holds neither byte, so it is written in long runs.
        let bytes = fragment.as_bytes();
        let mut start = 0;
        for i in memchr::memchr2_iter(b'<', 0xE2, bytes) {
            let escape: &[u8] = match &bytes[i..] {
                [b'<', ..] => b"\\u003c",
                [0xE2, 0x80, 0xA8, ..] => b"\\u2028",
                [0xE2, 0x80, 0xA9, ..] => b"\\u2029",
                _ => continue,
            };
            writer.write_all(&bytes[start..i])?;
            writer.write_all(escape)?;
            start = i + if bytes[i] == b'<' { 1 } else { 3 };
        }
        writer.write_all(&bytes[start..])
    }

    fn write_char_escape<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        escape: CharEscape,
    ) -> io::Result<()> {
        CompactFormatter.write_char_escape(writer, escape)
    }
}

/// `value` as compact JSON, safe inside a `<script>` element, written to
/// `w` (the search index: no copy of it is made in memory).
pub fn to_writer<T: Serialize + ?Sized>(w: &mut dyn io::Write, value: &T) -> io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(w, ScriptSafe);
    value.serialize(&mut ser).map_err(io::Error::other)
}

/// The string `s` as [`to_writer`] writes it, for the search index's
/// texts (megabytes of them): through [`crate::html::replace_runs`], read
/// 32 bytes at a time, where serde_json looks up every byte.
pub fn write_str(w: &mut dyn io::Write, s: &str) -> io::Result<()> {
    // What is escaped: `"`, `\\`, control characters, `<`, and the lead
    // byte of U+2028 and U+2029 (most of the others it leads stay).
    let may_escape = |b: u8| (b < 0x20) | (b == b'"') | (b == b'\\') | (b == b'<') | (b == 0xE2);
    let replace = |rest: &[u8]| match rest {
        [b'"', ..] => Some(("\\\"", 1)),
        [b'\\', ..] => Some(("\\\\", 1)),
        [b'\n', ..] => Some(("\\n", 1)),
        [b'\r', ..] => Some(("\\r", 1)),
        [b'\t', ..] => Some(("\\t", 1)),
        [0x08, ..] => Some(("\\b", 1)),
        [0x0C, ..] => Some(("\\f", 1)),
        [b @ 0x00..0x20, ..] => Some((CONTROLS[usize::from(*b)], 1)),
        [b'<', ..] => Some(("\\u003c", 1)),
        [0xE2, 0x80, 0xA8, ..] => Some(("\\u2028", 3)),
        [0xE2, 0x80, 0xA9, ..] => Some(("\\u2029", 3)),
        _ => None,
    };
    w.write_all(b"\"")?;
    crate::html::replace_runs(s, may_escape, replace, |piece| {
        w.write_all(piece.as_bytes())
    })?;
    w.write_all(b"\"")
}

/// `\u00XX` of each C0 control character, as serde_json writes those it
/// has no short escape for.
const CONTROLS: [&str; 32] = [
    "\\u0000", "\\u0001", "\\u0002", "\\u0003", "\\u0004", "\\u0005", "\\u0006", "\\u0007",
    "\\u0008", "\\u0009", "\\u000a", "\\u000b", "\\u000c", "\\u000d", "\\u000e", "\\u000f",
    "\\u0010", "\\u0011", "\\u0012", "\\u0013", "\\u0014", "\\u0015", "\\u0016", "\\u0017",
    "\\u0018", "\\u0019", "\\u001a", "\\u001b", "\\u001c", "\\u001d", "\\u001e", "\\u001f",
];

/// `value` as compact JSON, safe inside a `<script>` element.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> String {
    let mut out = Vec::new();
    // Serializing our own plain structs, strings and numbers to memory
    // cannot fail; a failure would be a bug, shown rather than hidden.
    if let Err(e) = to_writer(&mut out, value) {
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

    /// The search index's string writer writes what serde_json writes,
    /// with every escaped byte at each place around a chunk's edges.
    #[test]
    fn write_str_writes_what_serde_json_writes() {
        // Every character below U+3100 (control characters, quotes,
        // backslashes, `<`, everything E2 leads) and the kana, each at
        // every place around a 32-byte chunk's edges.
        let mut texts: Vec<String> = vec![String::new()];
        let chars: Vec<char> = (0..0x3100).filter_map(char::from_u32).collect();
        texts.push(chars.iter().collect());
        for c in [
            '"', '\\', '\n', '\u{1}', '\u{1f}', '<', '\u{2028}', '\u{2029}', '\u{2027}', 'あ',
        ] {
            for at in 0..70 {
                let mut t: String = "a".repeat(at);
                t.push(c);
                t.push_str(&"い".repeat(at % 5));
                texts.push(t);
            }
        }
        for t in texts {
            let mut fast = Vec::new();
            write_str(&mut fast, &t).unwrap();
            let mut slow = Vec::new();
            to_writer(&mut slow, &t).unwrap();
            assert_eq!(
                String::from_utf8(fast).unwrap(),
                String::from_utf8(slow).unwrap(),
                "{t:?}"
            );
        }
    }

    /// The byte scan escapes what a scan of every character escapes:
    /// every code point with the lead byte of U+2028 and U+2029 (E2),
    /// next to `<` and to each other.
    #[test]
    fn the_byte_scan_escapes_what_a_character_scan_does() {
        fn by_char(s: &str) -> String {
            let mut out = String::new();
            for c in s.chars() {
                match c {
                    '<' => out.push_str("\\u003c"),
                    '\u{2028}' => out.push_str("\\u2028"),
                    '\u{2029}' => out.push_str("\\u2029"),
                    c => out.push(c),
                }
            }
            out
        }
        let e2: String = (0x2000..=0x2FFF).filter_map(char::from_u32).collect();
        for text in [
            e2.as_str(),
            "<\u{2028}<\u{2029}\u{2027}\u{202A}→※<",
            "第１条<br>　\u{2028}",
            "",
        ] {
            let mut out = Vec::new();
            ScriptSafe.write_string_fragment(&mut out, text).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), by_char(text));
        }
    }
}
