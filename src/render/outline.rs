//! The このページの内容 list of a long page (contacts, training, a
//! procedure, the BCP…): its `<h2>` and `<h3>` headings that have an id,
//! read from the page as rendered, so the list follows the template.

use super::markdown::TocEntry;

/// Fewer headings than this and the page is short enough to scroll.
pub const MIN_ENTRIES: usize = 3;

/// The headings with an id in `main` (a page's `<main>` HTML), in order:
/// `<h2>` at level 1, `<h3>` at level 2. Their text is the heading's text
/// with its markup taken out.
pub fn headings(main: &str) -> Vec<TocEntry> {
    let mut out = Vec::new();
    let mut rest = main;
    while let Some(lt) = rest.find("<h") {
        rest = &rest[lt..];
        let level = match rest.as_bytes().get(2) {
            Some(b'2') => 1,
            Some(b'3') => 2,
            _ => {
                rest = &rest[2..];
                continue;
            }
        };
        let Some(gt) = rest.find('>') else { break };
        let tag = &rest[..gt];
        let close = if level == 1 { "</h2>" } else { "</h3>" };
        let Some(end) = rest.find(close) else { break };
        let inner = &rest[gt + 1..end.max(gt + 1)];
        rest = &rest[end..];
        let Some(id) = id_of(tag) else { continue };
        let title = text_of(inner);
        if title.is_empty() {
            continue;
        }
        out.push(TocEntry {
            level,
            label: String::new(),
            title,
            anchor: id.to_string(),
        });
    }
    out
}

fn id_of(tag: &str) -> Option<&str> {
    // Only the element's own tag: `<h2 id="x">`, not `<h2><a id="x">`.
    let i = tag.find(" id=\"")? + 5;
    let len = tag[i..].find('"')?;
    Some(&tag[i..i + len])
}

/// The text of some HTML, tags removed, our escapes undone, spaces
/// collapsed.
fn text_of(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_with_ids_make_the_list() {
        let main = "<h1>連絡体制図</h1><section><h2 id=\"flow-heading\">連絡の流れ</h2>\
                    <h3>名前だけ</h3><h3 class=\"g\" id=\"group-internal\">院内 <span>（内線）</span></h3>\
                    <h4 id=\"x\">四</h4><h2 id=\"list\">電話帳 &amp; 番号</h2></section>";
        let got: Vec<(u8, String, String)> = headings(main)
            .into_iter()
            .map(|e| (e.level, e.anchor, e.title))
            .collect();
        assert_eq!(
            got,
            [
                (1, "flow-heading".into(), "連絡の流れ".into()),
                (2, "group-internal".into(), "院内 （内線）".into()),
                (1, "list".into(), "電話帳 & 番号".into()),
            ]
        );
    }
}
