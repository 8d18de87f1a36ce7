//! HTML text helpers shared by rendering, search and the preview: escaping
//! text for HTML, and finding a rendered page's `<main>`. A leaf module, so
//! search and check need not import the renderer.

/// Escapes text for HTML content and attribute values, dropping the
/// control characters HTML forbids.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s);
    out
}

/// [`escape`], onto the end of `out`.
pub fn escape_into(out: &mut String, s: &str) {
    let may_escape = |b: u8| {
        may_start_a_control(b)
            | (b == b'&')
            | (b == b'<')
            | (b == b'>')
            | (b == b'"')
            | (b == b'\'')
    };
    let replace = |rest: &[u8]| match rest {
        [b'&', ..] => Some(("&amp;", 1)),
        [b'<', ..] => Some(("&lt;", 1)),
        [b'>', ..] => Some(("&gt;", 1)),
        [b'"', ..] => Some(("&quot;", 1)),
        [b'\'', ..] => Some(("&#39;", 1)),
        // Control characters HTML forbids are dropped (see
        // strip_controls): C0 and DEL are one byte, C1 two.
        [0x00..=0x08 | 0x0b | 0x0c | 0x0e..=0x1f | 0x7f, ..] => Some(("", 1)),
        [0xc2, 0x80..=0x9f, ..] => Some(("", 2)),
        _ => None,
    };
    let _ = replace_runs(s, may_escape, replace, |piece| {
        out.push_str(piece);
        Ok::<(), std::convert::Infallible>(())
    });
}

/// `s` given to `emit` in pieces, with what `replace` replaces replaced:
/// the HTML and JSON escapers. Runs with nothing to replace (nearly all of
/// a text) are passed over 32 bytes at a time where no byte is `suspect`
/// (with no early exit inside a chunk, the compiler turns the test into
/// vector instructions; a byte at a time was 3% of a build) and given
/// whole. At a suspect byte, which must be ASCII or start a character,
/// `replace` gets the text from there on and answers what to write
/// instead and how many bytes of a character or more that stands for, or
/// `None` to keep the byte.
pub fn replace_runs<E>(
    s: &str,
    suspect: impl Fn(u8) -> bool,
    replace: impl Fn(&[u8]) -> Option<(&'static str, usize)>,
    mut emit: impl FnMut(&str) -> Result<(), E>,
) -> Result<(), E> {
    const CHUNK: usize = 32;
    let bytes = s.as_bytes();
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        if let Some(chunk) = bytes.get(i..i + CHUNK)
            && !chunk.iter().fold(false, |any, &b| any | suspect(b))
        {
            i += CHUNK;
            continue;
        }
        let Some((with, len)) = replace(&bytes[i..]) else {
            i += 1;
            continue;
        };
        emit(&s[copied..i])?;
        emit(with)?;
        i += len;
        copied = i;
    }
    emit(&s[copied..])
}

/// A rendered page with the control characters HTML forbids removed (NUL,
/// ESC, BEL … from a source or from a YAML `"\e"` escape): the one
/// sanitiser every page passes through on its way out. Tab, line feed and
/// carriage return stay.
pub fn strip_controls(page: String) -> String {
    let forbidden = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r');
    if !has_control_bytes(page.as_bytes()) {
        return page;
    }
    page.chars().filter(|&c| !forbidden(c)).collect()
}

/// [`strip_controls`] of a page rendered as bytes: most pages have none
/// and are returned as they are.
pub fn strip_control_bytes(page: Vec<u8>) -> Vec<u8> {
    if !has_control_bytes(&page) {
        return page;
    }
    strip_controls(String::from_utf8_lossy(&page).into_owned()).into_bytes()
}

/// Whether UTF-8 `bytes` hold a control character other than tab, line
/// feed and carriage return: C0 and DEL are single bytes, C1 (U+0080 to
/// U+009F) is 0xC2 then 0x80..=0x9F. Looked at byte by byte, as every page
/// is (decoding it into characters cost 6% of a build).
pub fn has_control_bytes(bytes: &[u8]) -> bool {
    // Bytes that are, or may start, a control character: one table look-up
    // per byte, the rare 0xC2 looked at further.
    const SUSPECT: [bool; 256] = {
        let mut table = [false; 256];
        let mut b = 0;
        while b < 0x20 {
            table[b] = !matches!(b as u8, b'\t' | b'\n' | b'\r');
            b += 1;
        }
        table[0x7f] = true;
        table[0xc2] = true;
        table
    };
    // A chunk at a time, with no early exit inside it, which the compiler
    // turns into vector instructions; the rare chunk with a suspect byte
    // is looked at byte by byte.
    const CHUNK: usize = 64;
    bytes.chunks(CHUNK).enumerate().any(|(c, chunk)| {
        chunk
            .iter()
            .fold(false, |any, &b| any | may_start_a_control(b))
            && chunk.iter().enumerate().any(|(j, &b)| {
                let i = c * CHUNK + j;
                SUSPECT[usize::from(b)]
                    && (b != 0xc2 || bytes.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)))
            })
    })
}

/// Whether UTF-8 byte `b` is, or may start, a control character HTML
/// forbids: C0 but tab, line feed and carriage return; DEL; 0xC2, the lead
/// byte of C1 (and of U+00A0–U+00BF). Without branches, so a test of a
/// whole chunk of bytes becomes vector instructions.
fn may_start_a_control(b: u8) -> bool {
    (b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r') | (b == 0x7f) | (b == 0xc2)
}

/// Where the first `byte` (ASCII) of `s` is: the scans over every page's
/// HTML look for `<` and `"` millions of times in a build.
pub fn find_byte(s: &str, byte: u8) -> Option<usize> {
    debug_assert!(byte.is_ascii());
    memchr::memchr(byte, s.as_bytes())
}

/// The class attribute and the content of a page's `<main>`.
pub fn main_of(page: &str) -> Option<(&str, &str)> {
    // memchr's searchers: the page's header and menu come before `<main>`,
    // its footer after `</main>`, and this is asked of every page twice.
    let open = memchr::memmem::find(page.as_bytes(), b"<main")?;
    let tag_end = open + find_byte(&page[open..], b'>')?;
    let close = memchr::memmem::rfind(page.as_bytes(), b"</main>")?;
    if close < tag_end {
        return None;
    }
    let tag = &page[open..tag_end];
    let class = tag
        .find("class=\"")
        .and_then(|i| {
            let rest = &tag[i + 7..];
            rest.find('"').map(|j| &rest[..j])
        })
        .unwrap_or("");
    Some((class, &page[tag_end + 1..close]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_bytes_are_the_control_characters() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let text = format!("あ{c}い");
            let forbidden = c.is_control() && !matches!(c, '\t' | '\n' | '\r');
            assert_eq!(
                has_control_bytes(text.as_bytes()),
                forbidden,
                "U+{:04X}",
                c as u32
            );
        }
    }

    #[test]
    fn escape_is_the_characters_escaped_one_by_one() {
        let one_by_one = |s: &str| -> String {
            let mut out = String::new();
            for c in s.chars() {
                match c {
                    '&' => out.push_str("&amp;"),
                    '<' => out.push_str("&lt;"),
                    '>' => out.push_str("&gt;"),
                    '"' => out.push_str("&quot;"),
                    '\'' => out.push_str("&#39;"),
                    c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => {}
                    c => out.push(c),
                }
            }
            out
        };
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let text = format!("a{c}<{c}");
            assert_eq!(escape(&text), one_by_one(&text), "U+{:04X}", c as u32);
        }
        assert_eq!(escape("第1条「A&B」<x>"), "第1条「A&amp;B」&lt;x&gt;");
    }

    #[test]
    fn escape_finds_what_to_escape_across_chunks() {
        // Each character to escape or drop (a C1 one's two bytes may
        // straddle two chunks) at every place around the chunk edges.
        for at in 0..100 {
            for (c, with) in [
                ('&', "&amp;"),
                ('\'', "&#39;"),
                ('\u{1b}', ""),
                ('\u{85}', ""),
                ('§', "§"),
                ('\n', "\n"),
            ] {
                let pad = "a".repeat(at);
                let tail = "い".repeat(30);
                assert_eq!(
                    escape(&format!("{pad}{c}{tail}")),
                    format!("{pad}{with}{tail}"),
                    "{at} {c:?}"
                );
            }
        }
    }

    #[test]
    fn control_bytes_are_found_across_chunks() {
        // A control character (or a C1 one, whose two bytes may straddle
        // two chunks) at every place around the chunk edges; and none.
        for at in 0..200 {
            for (c, forbidden) in [
                ('\u{1b}', true),
                ('\u{85}', true),
                ('§', false),
                ('\n', false),
            ] {
                let text = format!("{}{c}{}", "a".repeat(at), "い".repeat(30));
                assert_eq!(has_control_bytes(text.as_bytes()), forbidden, "{at} {c:?}");
            }
        }
    }

    #[test]
    fn main_is_found_with_its_classes() {
        let page = "<body><main id=\"main\" class=\"content ops\">\n<h1>T</h1>\n</main></body>";
        assert_eq!(main_of(page), Some(("content ops", "\n<h1>T</h1>\n")));
        assert_eq!(main_of("<body></body>"), None);
    }
}
