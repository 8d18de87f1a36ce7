//! The form parser: raw bytes through the loader's decoding, then
//! `form::load`.
#![no_main]

use handbook::content::form;
use handbook::source::{SourceFile, decode};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = decode(data, "a.yaml") else {
        return;
    };
    let file = SourceFile::new("a.yaml".into(), "content/forms/a.yaml".into(), text);
    let mut diags = Vec::new();
    let _form = form::load(&file, "a", &mut diags);
    for d in &diags {
        let _ = file.line_text(d.line);
    }
});
