//! The regulation parser: raw bytes through the loader's decoding, then
//! `regulation::load` (front matter, YAML, dates) and `parse_body` over the
//! whole text (so the body parser sees every input, not just those with
//! valid front matter); then, as a build would, the resolve stage (every
//! mention), the check's rules over a handbook of that regulation alone and
//! the regulation's page.
//!
//! Invariants (issue 20): diagnostics show no control character on the
//! terminal, the page none in its HTML; a regulation `check` accepts
//! leaves no harmless tag open on its page.
#![no_main]

mod common;

use handbook::config::Config;
use handbook::content::regulation;
use handbook::html::strip_controls;
use handbook::render::markdown::Scope;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(file) = common::source(data, "content/regulations/a.md") else {
        return;
    };
    let mut diags = Vec::new();
    let reg = regulation::load(&file, "a", &mut diags);
    for d in &diags {
        let _ = file.line_text(d.line);
    }
    common::assert_terminal_safe(&diags);
    for (blocks, _) in reg.body.scopes() {
        for a in regulation::articles_of(blocks) {
            for p in &a.paragraphs {
                for l in &p.lines {
                    let _ = l.mentions();
                    let _ = l.position(l.text.len());
                }
            }
        }
    }
    let (_body, _) = regulation::parse_body(&file, &file.text, 1);

    let mut hb = common::handbook(Config::placeholder());
    hb.regulations.push(reg);
    hb.sources.push(file.into());
    let links = handbook::resolve::run(&mut hb);
    let diags = handbook::check::run(&hb, &links, common::default_as_of());
    common::assert_terminal_safe(&diags);
    let scope = Scope {
        hb: &hb,
        links: &links,
        root: "../",
    };
    for r in &hb.regulations {
        for v in r.all_versions() {
            let page = handbook::render::regulation::render(v, scope);
            let html = strip_controls(page.html);
            common::assert_html_safe("regulation", &html);
            if !common::has_error(&diags, &["E032", "E034"]) {
                common::assert_balanced("regulation", &html);
            }
        }
    }
});
