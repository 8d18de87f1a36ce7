//! The print binder `print.html`: the whole handbook as one document in the
//! order it is needed when the systems are down.
//!
//! The binder is made from the pages already rendered, so a handbook's own
//! templates show in it too. Each page's `<main>` becomes a part; its ids
//! are prefixed with the part's anchor so they stay unique, and links are
//! rewritten: to another part of the binder they become `#anchor` links,
//! to anything else a path from the output root, where `print.html` sits.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::content::Handbook;

/// One page of the handbook inside the binder.
#[derive(Debug, Serialize)]
pub struct Part {
    /// The rendered page it comes from, from the output root.
    #[serde(skip)]
    pub source: String,
    pub anchor: String,
    pub title: String,
    /// The classes of the page's `<main>`, so its styles still apply.
    pub class: String,
    pub html: String,
}

/// A chapter: a running-header name and its parts, each on a new page.
#[derive(Debug, Serialize)]
pub struct Chapter {
    pub number: usize,
    pub anchor: String,
    pub title: &'static str,
    pub parts: Vec<Part>,
}

/// What makes a print document other than the binder (the inspector's
/// bundle): its title and the line that says what it is for.
#[derive(Debug, Serialize)]
pub struct Bundle {
    pub title: &'static str,
    pub lead: &'static str,
}

/// The binder's chapters in the route map's binder order, numbered, with
/// their parts' anchors. The parts' `html` is filled in by [`fill_from`].
pub fn chapters(hb: &Handbook) -> Vec<Chapter> {
    chapters_from(crate::routes::binder(hb))
}

/// Chapters of a print document made of `list` (the binder's, or the
/// inspector's bundle), numbered, with their parts' anchors.
pub fn chapters_from(list: Vec<crate::routes::Chapter>) -> Vec<Chapter> {
    list.into_iter()
        .enumerate()
        .map(|(i, chapter)| {
            let number = i + 1;
            // A chapter of one page is named by the chapter; the TOC lists
            // the parts of the others.
            let several = chapter.parts.len() > 1;
            let parts = chapter
                .parts
                .into_iter()
                .enumerate()
                .map(|(j, (route, title))| Part {
                    source: route.path(),
                    anchor: if several {
                        format!("ch{number}-{}", j + 1)
                    } else {
                        format!("ch{number}")
                    },
                    title,
                    class: String::new(),
                    html: String::new(),
                })
                .collect();
            Chapter {
                number,
                anchor: format!("ch{number}"),
                title: chapter.title,
                parts,
            }
        })
        .collect()
}

/// Fills each part with what [`Layout::part`] made of its page (`(class,
/// html)`, or why it could not, by the page's path).
pub fn fill_from(
    chapters: &mut [Chapter],
    mut made: HashMap<String, Result<(String, String), String>>,
) -> Result<(), String> {
    // In chapter order, so the first problem reported is the first part's.
    for part in chapters.iter_mut().flat_map(|c| c.parts.iter_mut()) {
        let (class, html) = made
            .remove(&part.source)
            .ok_or_else(|| format!("print.html: {} was not rendered", part.source))??;
        part.class = class;
        part.html = html;
    }
    Ok(())
}

/// What stands in for part `n` of a print document while its template is
/// rendered (see [`splice`]).
pub fn part_mark(n: usize) -> String {
    format!("<!--handbook-part-{n}-->")
}

/// The rendered `frame` cut at each part's mark, with the parts between
/// the pieces: the document, in the order it is written. When the frame
/// does not hold every mark once and in order, the parts come back.
pub fn splice(frame: &[u8], parts: Vec<String>) -> Result<Vec<Vec<u8>>, Vec<String>> {
    let Ok(text) = simdutf8::basic::from_utf8(frame) else {
        return Err(parts);
    };
    // Each mark once: none repeated or left over between the others.
    if text.matches("<!--handbook-part-").count() != parts.len() {
        return Err(parts);
    }
    let mut cuts = Vec::with_capacity(parts.len());
    let mut from = 0;
    for n in 0..parts.len() {
        let mark = part_mark(n);
        match text[from..].find(&mark) {
            Some(i) => {
                cuts.push((from + i, from + i + mark.len()));
                from += i + mark.len();
            }
            None => return Err(parts),
        }
    }
    let mut pieces = Vec::with_capacity(2 * parts.len() + 1);
    let mut copied = 0;
    for ((start, end), part) in cuts.into_iter().zip(parts) {
        pieces.push(frame[copied..start].to_vec());
        pieces.push(part.into_bytes());
        copied = end;
    }
    pieces.push(frame[copied..].to_vec());
    Ok(pieces)
}

/// Where the pages of a print document go: each page's part anchor, and
/// the set of them (links between parts become links within the
/// document). Each page's part is made on its own, so the build makes them
/// while the pages are still at hand, on all cores.
pub struct Layout {
    targets: HashMap<String, String>,
    parts: HashSet<String>,
}

impl Layout {
    pub fn of(chapters: &[Chapter]) -> Layout {
        let targets: HashMap<String, String> = chapters
            .iter()
            .flat_map(|c| c.parts.iter())
            .map(|p| (p.source.clone(), p.anchor.clone()))
            .collect();
        let parts = targets.values().cloned().collect();
        Layout { targets, parts }
    }

    /// Whether the page at `source` is in this document.
    pub fn has(&self, source: &str) -> bool {
        self.targets.contains_key(source)
    }

    /// The part (`(class, html)`) the rendered page at `source` makes, or
    /// `None` when the page is not in this document.
    pub fn part(&self, source: &str, page: &str) -> Result<Option<(String, String)>, String> {
        let Some(anchor) = self.targets.get(source) else {
            return Ok(None);
        };
        let (class, inner) = super::main_of(page).ok_or_else(|| {
            crate::diag::tr(
                format!(
                    "print.html: {source} に <main> 要素がありません。印刷用の冊子に入れるため、\
                     ページのテンプレートは本文を <main> の中に置いてください"
                ),
                format!(
                    "print.html: {source} has no <main> element; a page template must keep \
                     its content in <main> for the print binder"
                ),
            )
        })?;
        let html = transplant(inner, source, anchor, &self.targets);
        let html = fit_part(&html, anchor, &self.parts);
        Ok(Some((class.to_string(), html)))
    }
}

/// Where `handbook pdf` writes a page number: an empty span after each
/// link to another part of the binder (and in the contents), which it
/// fills with the page the link's target landed on (`→ p.12`). Empty, as
/// in `print.html` opened in a browser, it shows nothing.
pub fn page_ref(target: &str, class: &str) -> String {
    format!("<span class=\"pageref {class}\" data-ref=\"{target}\"></span>")
}

/// The part anchor a binder link points into: `ch3` for `#ch3` and
/// `#ch3_c-it-dept`.
fn part_of(fragment: &str) -> &str {
    fragment.split('_').next().unwrap_or(fragment)
}

/// One page's transplanted HTML (part `own`) made ready for the binder,
/// in one pass over its tags:
/// - a [`page_ref`] after every link that leads to another part: on paper,
///   a cross-reference is only as good as the page number printed beside
///   it. Links inside SVG drawings (the contact chart's boxes) stay as they
///   are.
/// - headings one level down (`h1` → `h2` … `h5` → `h6`): in the binder
///   the handbook's title is the one `h1`, and each page a section under it.
fn fit_part(html: &str, own: &str, parts: &HashSet<String>) -> String {
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut copied = 0;
    let mut in_svg = 0usize;
    // Where the `</a>` of a link to mark is, and its target: one pass over
    // the tags, so a page of thousands of links costs no more than reading it.
    let mut pending: Option<&str> = None;
    for i in memchr::memchr_iter(b'<', bytes) {
        let tail = &html[i..];
        if tail.starts_with("<svg") {
            in_svg += 1;
        } else if tail.starts_with("</svg>") {
            in_svg = in_svg.saturating_sub(1);
        } else if tail.starts_with("</a>") {
            if let Some(t) = pending.take() {
                out.push_str(&html[copied..i + 4]);
                out.push_str(&page_ref(t, "see-page"));
                copied = i + 4;
            }
        } else if tail.starts_with("<a ") && in_svg == 0 {
            let tag = &tail[..crate::html::find_byte(tail, b'>').unwrap_or(tail.len())];
            pending =
                fragment_href(tag).filter(|t| part_of(t) != own && parts.contains(part_of(t)));
        } else {
            let at = if tail.as_bytes().get(1) == Some(&b'/') {
                i + 2
            } else {
                i + 1
            };
            if let [b'h', level @ b'1'..=b'5', b'>' | b' ', ..] = bytes[at..] {
                out.push_str(&html[copied..=at]);
                out.push(char::from(level + 1));
                copied = at + 2;
            }
        }
    }
    out.push_str(&html[copied..]);
    out
}

/// The fragment a tag's ` href="#…"` points to, found byte by byte: a tag
/// is a few dozen bytes, too short for a substring searcher to pay for
/// setting itself up, and this is asked of every link of every page.
fn fragment_href(tag: &str) -> Option<&str> {
    const NEEDLE: &[u8] = b" href=\"#";
    let bytes = tag.as_bytes();
    let at = (0..bytes.len().saturating_sub(NEEDLE.len() - 1))
        .find(|&i| bytes[i] == b' ' && bytes[i..].starts_with(NEEDLE))?;
    let value = &tag[at + NEEDLE.len()..];
    let len = value.bytes().position(|b| b == b'"').unwrap_or(value.len());
    Some(&value[..len])
}

/// Attributes whose value is an id or a list of ids.
const ID_ATTRS: [&str; 8] = [
    "id",
    "for",
    "form",
    "list",
    "headers",
    "aria-labelledby",
    "aria-describedby",
    "aria-controls",
];

/// Rewrites the ids and links of one page's HTML for its place in the
/// binder. Works on the generator's own output, where every attribute
/// value is double-quoted and text never holds a bare `"`.
fn transplant(html: &str, source: &str, anchor: &str, targets: &HashMap<String, String>) -> String {
    let dir = source.rsplit_once('/').map_or("", |(d, _)| d);
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    // Quotes come in pairs, each value's opening one after `=`: one pass
    // over the quotes, the text between values copied as it is.
    let mut copied = 0;
    // The opening quote of the value being read, and where its attribute's
    // name starts and what it is.
    let mut open: Option<(usize, usize, &str)> = None;
    for quote in memchr::memchr_iter(b'"', bytes) {
        if let Some((at, name_start, name)) = open.take() {
            let value = &html[at + 1..quote];
            if name == "aria-labelledby" && names_a_section(bytes, name_start) {
                // Left out, with its space: see names_a_section.
                out.push_str(&html[copied..name_start - 1]);
                copied = quote + 1;
                continue;
            }
            out.push_str(&html[copied..=at]);
            copied = quote;
            if is_id_attr(name) {
                for (i, id) in value.split(' ').enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    if !id.is_empty() {
                        out.push_str(anchor);
                        out.push('_');
                        out.push_str(id);
                    }
                }
            } else if matches!(name, "href" | "xlink:href" | "src") {
                link_into(&mut out, value, dir, anchor, targets);
            } else if value.as_bytes().contains(&b'(') && value.contains("url(#") {
                out.push_str(&value.replace("url(#", &format!("url(#{anchor}_")));
            } else {
                out.push_str(value);
            }
            continue;
        }
        if quote == 0 || bytes[quote - 1] != b'=' {
            continue;
        }
        let eq = quote - 1;
        // Read back over bytes, which stops inside a character other than
        // ASCII as well (text of a handbook's own template: `値="…"`), and
        // at the quote that closed the value before.
        let name_start = bytes[..eq]
            .iter()
            .rposition(|&b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b':' | b'_')))
            .map_or(0, |i| i + 1);
        open = Some((quote, name_start, &html[name_start..eq]));
    }
    // A value with no closing quote is copied as it is.
    out.push_str(&html[copied..]);
    out
}

/// Whether the attribute whose name starts at `name_start` (after a
/// space) is in a `<section>` tag. A page's sections named by their
/// headings are landmarks (手順, 停止中の運用 on every procedure's page),
/// and in a print document holding many pages the same names would come
/// back part after part; there each part is the landmark, named by its
/// title, and the sections inside keep their headings but not a name.
fn names_a_section(bytes: &[u8], name_start: usize) -> bool {
    name_start > 0
        && bytes[name_start - 1] == b' '
        && memchr::memrchr(b'<', &bytes[..name_start]).is_some_and(|lt| {
            bytes[lt..].starts_with(b"<section ") && !bytes[lt..name_start].contains(&b'>')
        })
}

/// Whether attribute `name` holds an id or a list of ids ([`ID_ATTRS`]).
fn is_id_attr(name: &str) -> bool {
    ID_ATTRS.contains(&name)
}

/// [`link`] written to `out`: a link within the page (most of a
/// regulation's) without a String of its own.
fn link_into(
    out: &mut String,
    href: &str,
    dir: &str,
    anchor: &str,
    targets: &HashMap<String, String>,
) {
    match href.strip_prefix('#') {
        Some(fragment) => {
            out.push('#');
            out.push_str(anchor);
            out.push('_');
            out.push_str(fragment);
        }
        None => out.push_str(&link(href, dir, anchor, targets)),
    }
}

/// A link from a page in `dir` as seen from the binder.
fn link(href: &str, dir: &str, anchor: &str, targets: &HashMap<String, String>) -> String {
    if let Some(fragment) = href.strip_prefix('#') {
        return format!("#{anchor}_{fragment}");
    }
    let head = href.split(['/', '#', '?']).next().unwrap_or("");
    if head.contains(':') || href.starts_with('/') {
        return href.to_string();
    }
    let (path, fragment) = match href.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (href, None),
    };
    let Some(path) = join(dir, path) else {
        return href.to_string();
    };
    match (targets.get(&path), fragment) {
        (Some(a), Some(f)) => format!("#{a}_{f}"),
        (Some(a), None) => format!("#{a}"),
        (None, Some(f)) => format!("{path}#{f}"),
        (None, None) => path,
    }
}

/// `dir` joined with a relative `path`, `..` resolved; `None` when it
/// leaves the output root.
fn join(dir: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// A CSS string literal holding `s`, safe inside a `<style>` element.
pub fn css_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '<' => out.push_str("\\3c "),
            '>' => out.push_str("\\3e "),
            '&' => out.push_str("\\26 "),
            c if c.is_control() => out.push_str(&format!("\\{:x} ", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The binder's page rules: running header and footer on every page, the
/// chapter's name on its pages, a landscape sheet for the contact chart
/// and the forms' own margins. Written into `print.html` because they
/// carry the handbook's own title and edition.
pub fn page_css(chapters: &[Chapter], title: &str, footer: &str) -> String {
    let mut css = String::new();
    css.push_str(&format!(
        "@page {{ size: A4; margin: 16mm 15mm 16mm;\n  \
         @top-right {{ content: {title}; font-size: 7.5pt; color: #333; }}\n  \
         @bottom-left {{ content: {footer}; font-size: 7.5pt; color: #333; }}\n  \
         @bottom-center {{ content: counter(page) \" / \" counter(pages); font-size: 9pt; }}\n  \
         @bottom-right {{ content: \"印刷物は管理外文書　最新版はイントラネットで確認\"; font-size: 7.5pt; color: #333; }}\n}}\n\
         @page binder-cover {{ @top-right {{ content: none; }} @top-left {{ content: none; }} \
         @bottom-left {{ content: none; }} @bottom-center {{ content: none; }} @bottom-right {{ content: none; }} }}\n",
        title = css_string(title),
        footer = css_string(footer),
    ));
    for c in chapters {
        let head = css_string(&format!("第{}章　{}", c.number, c.title));
        let name = &c.anchor;
        // The contact chart is a landscape sheet to pin on a wall; the
        // forms keep the margins they were laid out for.
        let (sheet, small) = if c.parts.iter().any(|p| p.class.contains("contacts-page")) {
            ("size: A4 landscape; margin: 12mm 10mm 12mm;", false)
        } else if c.parts.iter().all(|p| p.class.contains("form-page")) {
            ("margin: 10mm 12mm 10mm;", true)
        } else {
            ("", false)
        };
        let boxes = if small {
            " @top-right { font-size: 6.5pt; } @bottom-left { font-size: 6.5pt; } \
             @bottom-center { font-size: 7pt; } @bottom-right { font-size: 6.5pt; }"
        } else {
            ""
        };
        let head_size = if small { "7pt" } else { "9pt" };
        css.push_str(&format!(
            "@page {name} {{ {sheet} @top-left {{ content: {head}; font-size: {head_size}; \
             font-weight: bold; }}{boxes} }}\n\
             @media print {{ .binder-chapter.{name} {{ page: {name}; }} }}\n"
        ));
    }
    css
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splice_puts_each_part_in_its_place_or_gives_them_back() {
        let parts = || vec!["<p>一</p>".to_string(), "<p>二</p>".to_string()];
        let frame = format!("<main>{}<hr>{}</main>", part_mark(0), part_mark(1));
        let pieces = splice(frame.as_bytes(), parts()).expect("every mark once, in order");
        assert_eq!(
            pieces.concat(),
            "<main><p>一</p><hr><p>二</p></main>".as_bytes()
        );
        // A template that leaves a part out, shows one twice or swaps them:
        // the parts come back, to be rendered whole.
        for frame in [
            format!("<main>{}</main>", part_mark(0)),
            format!("{}{}{}", part_mark(0), part_mark(1), part_mark(1)),
            format!("{}{}{}", part_mark(0), part_mark(0), part_mark(1)),
            format!("{}{}", part_mark(1), part_mark(0)),
        ] {
            assert_eq!(splice(frame.as_bytes(), parts()), Err(parts()), "{frame}");
        }
    }

    fn targets() -> HashMap<String, String> {
        [("contacts.html", "ch2"), ("regulations/a.html", "ch5-1")]
            .into_iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn ids_and_references_to_them_are_prefixed() {
        let html = r##"<div id="x" aria-labelledby="x-h a"><h2 id="x-h">T</h2><label for="f">L</label><input id="f"><path marker-end="url(#arrow)"/><a href="#x">x</a></div>"##;
        let out = transplant(html, "contacts.html", "ch2", &targets());
        assert_eq!(
            out,
            r##"<div id="ch2_x" aria-labelledby="ch2_x-h ch2_a"><h2 id="ch2_x-h">T</h2><label for="ch2_f">L</label><input id="ch2_f"><path marker-end="url(#ch2_arrow)"/><a href="#ch2_x">x</a></div>"##
        );
    }

    /// A section named by its heading is a landmark; in a print document
    /// the part is, and the sections inside keep their headings and ids
    /// but not the name that every procedure's 手順 would repeat.
    #[test]
    fn sections_in_a_part_are_not_named_again() {
        let html = r##"<section class="s" aria-labelledby="steps-h" id="steps"><h2 id="steps-h">手順</h2></section><table aria-labelledby="steps-h"></table>"##;
        assert_eq!(
            transplant(html, "procedures/a.html", "ch4-2", &targets()),
            r##"<section class="s" id="ch4-2_steps"><h2 id="ch4-2_steps-h">手順</h2></section><table aria-labelledby="ch4-2_steps-h"></table>"##
        );
    }

    #[test]
    fn links_into_the_binder_become_fragments_and_the_rest_root_paths() {
        let t = targets();
        let from = |href: &str| link(href, "procedures", "ch4-2", &t);
        assert_eq!(from("../contacts.html#c-it"), "#ch2_c-it");
        assert_eq!(from("../contacts.html"), "#ch2");
        assert_eq!(from("../regulations/a.html#a5"), "#ch5-1_a5");
        assert_eq!(from("../index.html"), "index.html");
        assert_eq!(from("../pages/x.html#s"), "pages/x.html#s");
        assert_eq!(from("tel:0312345678"), "tel:0312345678");
        assert_eq!(from("https://example.jp/a"), "https://example.jp/a");
        assert_eq!(from("../../outside.html"), "../../outside.html");
        assert_eq!(link("theme/a.png", "", "ch1", &t), "theme/a.png");
    }

    #[test]
    fn text_that_looks_like_an_attribute_is_left_alone() {
        // Text from sources is escaped, so `="` only starts attribute values.
        let html = r#"<p title="a &quot;b&quot;">id=&quot;x&quot; url(#y)</p>"#;
        assert_eq!(transplant(html, "a.html", "ch1", &targets()), html);
        // A handbook's own template may write `="` right after a Japanese
        // character: no attribute, and no panic reading back into it.
        let html = r##"<p>値="x"</p><a href="#z">z</a>"##;
        assert_eq!(
            transplant(html, "a.html", "ch1", &targets()),
            r##"<p>値="x"</p><a href="#ch1_z">z</a>"##
        );
    }

    #[test]
    fn links_to_other_parts_get_a_page_number_place_and_the_rest_do_not() {
        let parts: HashSet<String> = ["ch1", "ch2", "ch5-1"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let html = r##"<p><a href="#ch2_c-it">IT</a> <a href="#ch1_x">same</a> <a class="tel" href="tel:110">110</a> <a href="#ch5-1">規程</a> <a href="index.html">home</a></p><svg><a href="#ch2_c-x"><text>box</text></a></svg>"##;
        let out = fit_part(html, "ch1", &parts);
        assert_eq!(
            out,
            r##"<p><a href="#ch2_c-it">IT</a><span class="pageref see-page" data-ref="ch2_c-it"></span> <a href="#ch1_x">same</a> <a class="tel" href="tel:110">110</a> <a href="#ch5-1">規程</a><span class="pageref see-page" data-ref="ch5-1"></span> <a href="index.html">home</a></p><svg><a href="#ch2_c-x"><text>box</text></a></svg>"##
        );
    }

    #[test]
    fn headings_go_one_level_down_once() {
        assert_eq!(
            fit_part(
                "<h1 class=\"t\">A</h1><h2>B</h2><h5>C</h5><h6>D</h6><hr><svg><h3>E</h3></svg><h1",
                "ch1",
                &HashSet::new()
            ),
            "<h2 class=\"t\">A</h2><h3>B</h3><h6>C</h6><h6>D</h6><hr><svg><h4>E</h4></svg><h1"
        );
    }

    #[test]
    fn css_strings_cannot_close_the_string_or_the_style_element() {
        assert_eq!(css_string(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(css_string("</style>"), "\"\\3c /style\\3e \"");
        assert_eq!(css_string("a\nb"), "\"a\\a b\"");
    }
}
