//! HTML text helpers shared by rendering, search and the preview: escaping
//! text for HTML, and finding a rendered page's `<main>`. A leaf module, so
//! search and check need not import the renderer.

/// Escapes text for HTML content and attribute values, dropping the
/// control characters HTML forbids.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters HTML forbids are dropped (see strip_controls).
            c if c.is_control() && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// A rendered page with the control characters HTML forbids removed (NUL,
/// ESC, BEL … from a source or from a YAML `"\e"` escape): the one
/// sanitiser every page passes through on its way out. Tab, line feed and
/// carriage return stay.
pub fn strip_controls(page: String) -> String {
    let forbidden = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r');
    if !page.chars().any(forbidden) {
        return page;
    }
    page.chars().filter(|&c| !forbidden(c)).collect()
}

/// The class attribute and the content of a page's `<main>`.
pub fn main_of(page: &str) -> Option<(&str, &str)> {
    let open = page.find("<main")?;
    let tag_end = open + page[open..].find('>')?;
    let close = page.rfind("</main>")?;
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
    fn main_is_found_with_its_classes() {
        let page = "<body><main id=\"main\" class=\"content ops\">\n<h1>T</h1>\n</main></body>";
        assert_eq!(main_of(page), Some(("content ops", "\n<h1>T</h1>\n")));
        assert_eq!(main_of("<body></body>"), None);
    }
}
