//! The regulation parser: raw bytes through the loader's decoding, then
//! `regulation::load` (front matter, YAML, dates) and `parse_body` over the
//! whole text (so the body parser sees every input, not just those with
//! valid front matter).
#![no_main]

use handbook::content::regulation;
use handbook::source::{SourceFile, decode};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = decode(data, "a.md") else {
        return;
    };
    let file = SourceFile::new("a.md".into(), "a.md".into(), text);
    let mut diags = Vec::new();
    let reg = regulation::load(&file, "a", &mut diags);
    for d in &diags {
        let _ = file.line_text(d.line);
    }
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
});
