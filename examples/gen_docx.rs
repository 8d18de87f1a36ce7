//! Writes the .docx corpus of the import tests (`tests/common/docx.rs`) to
//! a folder, to open in Word or LibreOffice and see that they are real
//! Word documents: `cargo run --example gen_docx [DIR]` (default
//! `target/docx-corpus`). `scripts/docx-libreoffice.sh` converts them to PDF.

#[path = "../tests/common/docx.rs"]
mod docx;

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "target/docx-corpus".into());
    let dir = std::path::Path::new(&dir);
    std::fs::create_dir_all(dir).expect("create the folder");
    for (name, bytes) in [
        ("articles.docx", docx::articles_docx()),
        ("sections.docx", docx::sections_docx()),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, bytes).expect("write a .docx");
        println!("{}", path.display());
    }
}
