//! What the fuzz targets share: raw bytes → a source file through the
//! loader's decoding, an empty handbook to put one loaded source into, and
//! the invariants every output must keep (issue 20): no control character
//! on the terminal or in HTML, no harmless tag left open on a page that
//! `check` accepted, no heading id twice.
#![allow(dead_code)]

use std::path::PathBuf;

use handbook::config::Config;
use handbook::content::Handbook;
use handbook::diag::Diagnostic;
use handbook::source::{SourceFile, decode_owned};

/// The day freshness is judged on when the input does not say.
pub fn default_as_of() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("a real date")
}

/// `data` as the loader would read the file `rel`; `None` when it is not
/// UTF-8 (the loader reports E002 and reads no further).
pub fn source(data: &[u8], rel: &str) -> Option<SourceFile> {
    let text = decode_owned(data.to_vec(), rel).ok()?;
    Some(SourceFile::new(rel.into(), rel.into(), text))
}

/// A handbook with nothing in it yet.
pub fn handbook(config: Config) -> Handbook {
    Handbook::empty(PathBuf::from("."), config)
}

/// A control character HTML forbids (tab, line feed and carriage return
/// are allowed).
pub fn html_forbidden(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

pub fn assert_html_safe(what: &str, html: &str) {
    if let Some(c) = html.chars().find(|&c| html_forbidden(c)) {
        panic!("{what}: control character U+{:04X} in HTML", c as u32);
    }
}

/// Every diagnostic, as the terminal shows it, carries no control
/// character but the line ends and tabs, and points at a real place.
pub fn assert_terminal_safe(diags: &[Diagnostic]) {
    for d in diags {
        assert!(d.line >= 1 && d.column >= 1, "{d:?}");
        let shown = d.render();
        if let Some(c) = shown
            .chars()
            .find(|&c| c.is_control() && !matches!(c, '\t' | '\n'))
        {
            panic!(
                "diagnostic {} shows control character U+{:04X}",
                d.code, c as u32
            );
        }
        let _ = d.to_json();
    }
}

/// Tags a source may write without `trusted_html` and that must be closed
/// (`handbook::content::markdown`'s harmless tags, less `br` and `wbr`).
const CLOSED_TAGS: [&str; 10] = [
    "sup", "sub", "ruby", "rt", "rp", "kbd", "mark", "small", "u", "s",
];

/// The harmless tags in a piece of rendered HTML, in order, as (name,
/// closing). Pages escape every `<` of text, so each `<` is a tag.
fn harmless_tags(html: &str) -> Vec<(String, bool)> {
    let mut tags = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let closing = rest.starts_with('/');
        let name: String = rest
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if CLOSED_TAGS.contains(&name.as_str()) {
            tags.push((name, closing));
        }
    }
    tags
}

/// Every harmless tag opened in `html` is closed in it, in order: what a
/// page needs so that no markup runs on into the footer or, in the
/// binder, into the next chapter. Holds for pages `check` accepted.
pub fn assert_balanced(what: &str, html: &str) {
    let mut open: Vec<String> = Vec::new();
    for (name, closing) in harmless_tags(html) {
        if !closing {
            open.push(name);
        } else if open.last() == Some(&name) {
            open.pop();
        } else {
            panic!("{what}: </{name}> closes nothing (open: {open:?}) in\n{html}");
        }
    }
    assert!(open.is_empty(), "{what}: {open:?} left open in\n{html}");
}

/// The values of the `id` attributes in `html`.
pub fn ids(html: &str) -> Vec<&str> {
    html.match_indices(" id=\"")
        .filter_map(|(i, m)| {
            let rest = &html[i + m.len()..];
            rest.find('"').map(|j| &rest[..j])
        })
        .collect()
}

/// Whether `diags` holds an error with one of `codes`.
pub fn has_error(diags: &[Diagnostic], codes: &[&str]) -> bool {
    diags
        .iter()
        .any(|d| d.is_error() && codes.contains(&d.code))
}

/// Elements a chart's SVG is made of: text from the sources never adds one.
const SVG_ELEMENTS: [&str; 12] = [
    "svg", "title", "defs", "marker", "path", "style", "g", "a", "rect", "text", "tspan", "desc",
];

/// An SVG chart: no control character, and no element but its own.
pub fn assert_svg(what: &str, svg: &str) {
    assert_html_safe(what, svg);
    let mut rest = svg;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let name: String = rest
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        assert!(
            SVG_ELEMENTS.contains(&name.as_str()),
            "{what}: element <{name}> in\n{svg}"
        );
    }
}
