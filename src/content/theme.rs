//! The handbook's own look: files in `templates/` that replace built-in
//! templates of the same name, and every file in `theme/` (stylesheet,
//! scripts, images). They are read here, with the sources and through the
//! same rule (`source::Confine`: nothing from outside the handbook
//! folder, whatever a symbolic link says), so the renderer and the preview
//! never read the disk themselves.

use std::collections::BTreeMap;
use std::path::Path;

use crate::diag::Diagnostic;
use crate::source;

/// The handbook's own templates and theme files.
#[derive(Debug, Default)]
pub struct Theme {
    /// Template name (`page.html`) → its text and where it was read.
    pub templates: BTreeMap<String, (String, String)>,
    /// Path under `theme/` (`style.css`, `img/logo.png`) → its bytes.
    pub assets: BTreeMap<String, Vec<u8>>,
}

/// Reads `templates/` and `theme/` of the handbook at `root`; every file
/// that cannot be read, or lies outside the handbook, is a diagnostic.
pub fn load(root: &Path, diags: &mut Vec<Diagnostic>) -> Theme {
    let mut theme = Theme::default();
    let confine = source::Confine::new(root);
    for (rel_dir, is_templates) in [("templates", true), ("theme", false)] {
        let dir = root.join(rel_dir);
        if !dir.exists() {
            continue;
        }
        // Links are followed, so a linked file inside the handbook still
        // counts; each file read is checked to lie inside it.
        let walk = walkdir::WalkDir::new(&dir)
            .follow_links(true)
            .sort_by_file_name();
        for entry in walk {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let at = e.path().map_or_else(|| dir.clone(), Path::to_path_buf);
                    diags.push(
                        Diagnostic::error(
                            "E001",
                            &source::relative(root, &at),
                            format!("読めません（{e}）"),
                        )
                        .en(format!("cannot read: {e}"))
                        .help("ファイルの権限を確かめるか、壊れたリンク・自分を指すリンクを消してください")
                        .help_en("check the file's permissions, or remove a broken or looping link"),
                    );
                    continue;
                }
            };
            if !entry.file_type().is_file() {
                continue;
            }
            let name = source::relative(&dir, entry.path());
            let bytes = match confine.read_bytes(entry.path()) {
                Ok(b) => b,
                Err(d) => {
                    diags.push(d);
                    continue;
                }
            };
            if is_templates {
                let rel = source::relative(root, entry.path());
                match source::decode(&bytes, &rel) {
                    Ok(text) => {
                        theme.templates.insert(name, (text, rel));
                    }
                    Err(d) => diags.push(d),
                }
            } else {
                theme.assets.insert(name, bytes);
            }
        }
    }
    theme
}
