//! Markdown pages: raw bytes through the loader's decoding, then the check's
//! markup rules (`check::run` over a handbook of one page: raw HTML E032,
//! unbalanced harmless tags E034, heading ids E035, control characters
//! W005) and the page renderer, and the text sanitisers on the same text
//! (`html::escape`, `html::strip_controls`, `diag::terminal_safe`,
//! `markdown::decode_entities`, `harmless_markup`, `RawHtml`).
//!
//! Invariants (issue 20): no control character in HTML but tab and line
//! ends, none on the terminal but tab; a page `check` accepts leaves no
//! harmless tag open and gives no element an id twice.
#![no_main]

mod common;

use handbook::config::Config;
use handbook::content::markdown::{RESERVED_IDS, RawHtml, decode_entities, harmless_markup};
use handbook::content::page::Page;
use handbook::diag::terminal_safe;
use handbook::html::{escape, strip_controls};
use handbook::render::markdown::{Scope, page};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(file) = common::source(data, "content/pages/a.md") else {
        return;
    };
    let text = file.text.clone();
    sanitisers(&text);
    for line in text.lines() {
        tags_of(line);
    }

    let mut hb = common::handbook(Config::placeholder());
    hb.pages.push(Page {
        id: "a".into(),
        file: file.rel.clone(),
        title: "a".into(),
        order: 0,
        markdown: text.clone(),
        body_first_line: 1,
    });
    hb.sources.push(file.into());
    let links = handbook::resolve::run(&mut hb);
    let diags = handbook::check::run(&hb, &links, common::default_as_of());
    common::assert_terminal_safe(&diags);

    let scope = Scope {
        hb: &hb,
        links: &links,
        root: "",
    };
    let (html, toc) = page(&text, scope);
    let html = strip_controls(html);
    common::assert_html_safe("page", &html);
    if !common::has_error(&diags, &["E032", "E034"]) {
        common::assert_balanced("page", &html);
    }
    if !common::has_error(&diags, &["E035"]) {
        let ids = common::ids(&html);
        for (i, id) in ids.iter().enumerate() {
            assert!(!RESERVED_IDS.contains(id), "reserved id {id} on the page");
            assert!(!ids[..i].contains(id), "id {id} twice on the page");
        }
    }
    for entry in &toc {
        let _ = escape(&entry.title);
    }
});

/// The sanitisers, each on the whole text.
fn sanitisers(text: &str) {
    let shown = terminal_safe(text);
    // One character for one, so a caret under a snippet still lines up.
    assert_eq!(shown.chars().count(), text.chars().count());
    if let Some(c) = shown.chars().find(|&c| c.is_control() && c != '\t') {
        panic!("terminal_safe kept U+{:04X}", c as u32);
    }
    common::assert_html_safe("escape", &escape(text));
    common::assert_html_safe("strip_controls", &strip_controls(text.to_string()));
    // Character references never bring in a control character the text
    // did not have (`&#27;` stays as written).
    let decoded = decode_entities(text);
    let forbidden = |s: &str| {
        s.chars()
            .filter(|&c| c.is_control() && !matches!(c, '\t' | '\n'))
            .count()
    };
    assert_eq!(forbidden(&decoded), forbidden(text), "decode_entities");
}

/// `harmless_markup` and `RawHtml` on one line: offsets point at the `<`
/// of each tag, in order.
fn tags_of(line: &str) {
    if let Some(tags) = harmless_markup(line) {
        let mut last = None;
        for t in &tags {
            assert!(line.is_char_boundary(t.offset), "offset {}", t.offset);
            assert!(line[t.offset..].starts_with('<'), "offset {}", t.offset);
            assert!(last < Some(t.offset), "offsets out of order");
            last = Some(t.offset);
        }
    }
    let mut judge = RawHtml::new(false);
    let _ = judge.judge(line);
    let _ = judge.judge(line.trim());
}
