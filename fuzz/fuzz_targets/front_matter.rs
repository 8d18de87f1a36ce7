//! Front matter: raw bytes through the loader's decoding, then `split`.
#![no_main]

use handbook::content::frontmatter;
use handbook::source::{SourceFile, decode};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = decode(data, "a.md") else {
        return;
    };
    let file = SourceFile::new("a.md".into(), "a.md".into(), text);
    if let Ok(split) = frontmatter::split(&file, "") {
        // The pieces are slices of the text, in order, with sane lines.
        assert!(split.yaml.len() + split.body.len() <= file.text.len());
        assert!(split.body_first_line >= split.yaml_first_line);
    }
});
